package notify

import (
	"bytes"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	texttemplate "text/template"
	"text/template/parse"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderBothPaths renders m with data as Render does, once with the
// compiled set and once by executing the templates, and fails the test
// unless the set is compiled and the compiled path renders.
func renderBothPaths(t testing.TB, r *Renderer, m Message, data TemplateData) (fast, slow Message) {
	t.Helper()
	set, err := r.setFor(&m, &data)
	require.NoError(t, err)
	require.NotNil(t, set.fast, "%s/%s is not compiled", data.Lang, m.Kind)
	prepare(&data)
	fast, slow = m, m
	require.NoError(t, r.renderTemplates(set, &slow, data))
	require.True(t, r.renderFast(set.fast, &fast, data), "%s/%s: the compiled path gave up", data.Lang, m.Kind)
	return fast, slow
}

func assertSameMessage(t testing.TB, want, got Message, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, want.Subject, got.Subject, msgAndArgs...)
	assert.Equal(t, want.Text, got.Text, msgAndArgs...)
	assert.Equal(t, want.HTML, got.HTML, msgAndArgs...)
}

func TestBuiltinTemplatesAreCompiled(t *testing.T) {
	t.Parallel()
	for name, r := range map[string]*Renderer{"test": newTestRenderer(t, nil), "golden": goldenRenderer(t)} {
		esc := newEscOracle(r.brand.strings())
		for k, set := range r.sets {
			if set.fast == nil {
				_, err := compileSet(set, esc)
				t.Errorf("%s: %s/%s is not compiled: %v", name, k.lang, k.kind, err)
			}
		}
	}
}

// hostile is data that exercises every escaper: markup, quotes, entities,
// '+', NUL, line breaks, invalid UTF-8, script URLs and CSS.
const hostile = "<script>alert('x')</script> \"q\" &amp; a+b \x00 \r\n\t\xff\xfe javascript:alert(1) ;} body{x:url(y)} Grüße"

func TestCompiledPathMatchesTemplates(t *testing.T) {
	t.Parallel()
	r := goldenRenderer(t)
	for _, lang := range []string{"en", "de"} {
		for _, k := range Kinds() {
			m, d := goldenSample(r, k, lang)
			fast, slow := renderBothPaths(t, r, m, d)
			assertSameMessage(t, slow, fast, "%s/%s", lang, k)

			m.OrderID, m.ShipmentID, m.Note, m.PickupLocation, m.TrackingNumber = hostile, hostile, hostile, hostile, hostile
			m.Recipient.Name, m.TrackingURL, m.LabelURL, m.RefundAmount = hostile, hostile, "https://x.example/"+hostile, hostile
			d = r.Data(m)
			d.MarketingConsent = true
			d.CareTips = []string{hostile, ""}
			d.Recommendations = []Product{{Name: hostile, URL: hostile, ImageURL: "https://x.example/?" + hostile, Price: hostile}, {}}
			d.SetOffer(&Offer{Code: hostile, Description: hostile, Expires: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}, nil)
			fast, slow = renderBothPaths(t, r, m, d)
			assertSameMessage(t, slow, fast, "%s/%s hostile", lang, k)

			m, d = goldenSample(r, k, lang)
			d = TemplateData{Lang: lang} // nothing but what Render fills in
			fast, slow = renderBothPaths(t, r, m, d)
			assertSameMessage(t, slow, fast, "%s/%s empty", lang, k)
		}
	}
}

func TestCompiledPathWithForeignBranding(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := sampleMessage(KindDelayed, "en")
	d := r.Data(m)
	// Data may carry other branding than the renderer's: the precomputed
	// escaping of the renderer's branding must not be used for it.
	d.Shop = Branding{ShopName: "Other <Shop>", LogoURL: "javascript:alert(1)", PrimaryColor: "expression(alert(1))", AccentColor: "#abc", SupportURL: "https://other.example/help"}
	d.SetOffer(&Offer{Code: "X"}, nil)
	fast, slow := renderBothPaths(t, r, m, d)
	assertSameMessage(t, slow, fast)
	assert.Contains(t, fast.HTML, "Other &lt;Shop&gt;")
	assert.Contains(t, fast.HTML, "ZgotmplZ")
	assert.NotContains(t, fast.HTML, "javascript:")
}

func TestHostTemplatesOnBothPaths(t *testing.T) {
	t.Parallel()
	over := fstest.MapFS{
		// Compiles: only constructs the compiled path knows, in HTML
		// contexts it handles (text, quoted attributes, URLs, CSS).
		"en/shipped.tmpl": {Data: []byte(`{{define "subject"}}{{.OrderID}} {{if eq .Reason "a" "b"}}ab{{else if .Carrier}}{{.Carrier}}{{end}}{{end}}` +
			`{{define "headline"}}H{{end}}{{define "body"}}{{with .Offer}}{{.Code}}{{else}}none{{end}} {{range .CareTips}}[{{.}}]{{else}}no tips{{end}}{{end}}` +
			`{{define "html"}}<p title="{{.FirstName}}" style="color:{{.Shop.PrimaryColor}}"><a href="{{.TrackingLink}}?o={{.OrderID}}">{{template "body" .}}</a>{{.BodyHTML}}</p>{{end}}`)},
		// Does not compile: a variable, a function, a Stringer, JavaScript.
		"en/delivered.tmpl": {Data: []byte(`{{define "subject"}}{{$id := .OrderID}}{{$id}}{{end}}{{define "headline"}}H{{end}}{{define "body"}}B{{end}}`)},
		"en/delayed.tmpl":   {Data: []byte(`{{define "subject"}}{{printf "%s!" .OrderID}}{{end}}{{define "headline"}}H{{end}}{{define "body"}}B{{end}}`)},
		"en/lost.tmpl":      {Data: []byte(`{{define "subject"}}S{{end}}{{define "headline"}}H{{end}}{{define "body"}}{{.ETATime}}{{end}}`)},
		"en/stalled.tmpl":   {Data: []byte(`{{define "subject"}}S{{end}}{{define "headline"}}H{{end}}{{define "body"}}B{{end}}{{define "html"}}<script>var id = {{.OrderID}};</script>{{end}}`)},
	}
	r := newTestRenderer(t, over)
	for _, k := range []Kind{KindDelivered, KindDelayed, KindLost, KindStalled} {
		assert.Nil(t, r.sets[setKey{"en", k}].fast, "%s should use the standard path", k)
	}
	assert.NotNil(t, r.sets[setKey{"de", KindDelivered}].fast, "the other sets stay compiled")

	m := sampleMessage(KindShipped, "en")
	m.OrderID, m.Recipient.Name, m.Reason = `1"2<3>`, `"Ada" <x>`, "b"
	d := r.Data(m)
	d.SetOffer(&Offer{Code: "C<1>"}, nil)
	d.CareTips, d.MarketingConsent = []string{"a&b"}, true
	fast, slow := renderBothPaths(t, r, m, d)
	assertSameMessage(t, slow, fast)
	assert.Equal(t, `1"2<3> ab`, fast.Subject)
	assert.Equal(t, `<p title="&#34;Ada&#34;" style="color:#1f4f8a"><a href="https://nordlicht.example/t/s1?o=1%222%3c3%3e">C&lt;1&gt; [a&amp;b]</a><p>C&lt;1&gt; [a&amp;b]</p>
</p>`, fast.HTML)

	m = sampleMessage(KindStalled, "en")
	m.OrderID = `</script><script>alert(1)`
	require.NoError(t, r.Render(&m, r.Data(m)))
	assert.Equal(t, `<script>var id = "\u003c/script\u003e\u003cscript\u003ealert(1)";</script>`, m.HTML)
	m = sampleMessage(KindDelayed, "en")
	require.NoError(t, r.Render(&m, r.Data(m)))
	assert.Equal(t, "1042!", m.Subject)
}

// newTextSet parses src and returns its lookup for newCompiler.
func newTextSet(src string) (func(string) *parse.Tree, error) {
	t, err := texttemplate.New("").Parse(src)
	if err != nil {
		return nil, err
	}
	return func(name string) *parse.Tree {
		if x := t.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	}, nil
}

func TestCompiledPathGivesUpOnNilPointer(t *testing.T) {
	t.Parallel()
	tt, err := newTextSet(`{{define "x"}}{{.Offer.Code}}{{end}}`)
	require.NoError(t, err)
	f, err := newCompiler(false, nil, tt).template("x", dataType)
	require.NoError(t, err)
	var s fastState
	d := &TemplateData{Offer: &Offer{Code: "C"}}
	require.True(t, f(&s, reflect.ValueOf(d), reflect.ValueOf(d)))
	assert.Equal(t, "C", s.out.String())
	d.Offer = nil
	assert.False(t, f(&s, reflect.ValueOf(d), reflect.ValueOf(d)))
}

// FuzzCompiledPathMatchesTemplates puts arbitrary strings into every field a
// message carries and checks that the compiled path renders every built-in
// template exactly as the templates do.
func FuzzCompiledPathMatchesTemplates(f *testing.F) {
	for _, s := range []string{hostile, "https://shop.example/p?a=1&b=2", "#fff", "mailto:a@b.example", "\u2028\u00a0x\u0085", ""} {
		f.Add(s)
	}
	r, err := NewRenderer(testRendererConfig(nil))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"en", "de"} {
			for _, k := range Kinds() {
				m := sampleMessage(k, lang)
				m.OrderID, m.ShipmentID, m.Note, m.PickupLocation, m.TrackingNumber, m.ReturnID = s, s, s, s, s, s
				m.Recipient.Name, m.TrackingURL, m.LabelURL, m.RefundAmount, m.Reason, m.Carrier = s, s, s, s, s, s
				d := r.Data(m)
				d.MarketingConsent = true
				d.ETA, d.DelayReason, d.ActionText, d.Milestone, d.Detail = s, s, s, s, s
				d.CareTips = []string{s}
				d.Recommendations = []Product{{Name: s, URL: s, ImageURL: s, Price: s}}
				d.SetOffer(&Offer{Code: s, Description: s}, nil)
				fast, slow := renderBothPaths(t, r, m, d)
				if fast.Subject != slow.Subject || fast.Text != slow.Text || fast.HTML != slow.HTML {
					t.Fatalf("%s/%s: the paths differ for %q:\ncompiled: %q\n%q\ntemplates: %q\n%q", lang, k, s, fast.Subject, fast.HTML, slow.Subject, slow.HTML)
				}
			}
		}
	})
}

// FuzzHTMLEscapeMatchesTemplate checks htmlEscape against html/template's
// escaping of a string in HTML text, a quoted attribute and RCDATA.
func FuzzHTMLEscapeMatchesTemplate(f *testing.F) {
	for _, s := range []string{hostile, "a+b", "\x00", "\xc3", "\xe2\x80", "&lt;", ""} {
		f.Add(s)
	}
	tmpl := htmltemplate.Must(htmltemplate.New("").Parse(`{{.}}|<p title="{{.}}">|<title>{{.}}</title>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		require.NoError(t, tmpl.Execute(&want, s))
		var e bytes.Buffer
		htmlEscape(&e, s)
		got := e.String() + `|<p title="` + e.String() + `">|<title>` + e.String() + `</title>`
		if got != want.String() {
			t.Fatalf("htmlEscape(%q) = %q, html/template gives %q", s, got, want.String())
		}
	})
}

// The helpers work on bytes now; these are their former string versions.
func oneLineRef(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func tidyTextRef(b []byte) string {
	var out strings.Builder
	blank, started := 0, false
	for line := range strings.Lines(string(b)) {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			blank++
			continue
		}
		if started && blank > 0 {
			out.WriteByte('\n')
		}
		if started {
			out.WriteByte('\n')
		}
		out.WriteString(line)
		started, blank = true, 0
	}
	out.WriteByte('\n')
	return out.String()
}

func paragraphsRef(s string) string {
	var out strings.Builder
	var para []string
	flush := func() {
		if len(para) > 0 {
			out.WriteString("<p>" + strings.Join(para, "<br>\n") + "</p>\n")
			para = para[:0]
		}
	}
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	return out.String()
}

func FuzzTextHelpers(f *testing.F) {
	for _, s := range []string{"a\n\n\nb  \r\n c\u00a0\n", " x\u2028y\u0085z\xff ", "\n\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		assert.Equal(t, oneLineRef(s), oneLine([]byte(s)), "oneLine(%q)", s)
		assert.Equal(t, tidyTextRef([]byte(s)), tidyText([]byte(s)), "tidyText(%q)", s)
		assert.Equal(t, paragraphsRef(s), string(paragraphs([]byte(s))), "paragraphs(%q)", s)
	})
}
