package notify

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
)

// sharedRenderer is built once for the tests that need no overrides:
// building a Renderer parses and checks every template.
var sharedRenderer = sync.OnceValues(func() (*Renderer, error) { return NewRenderer(testRendererConfig(nil)) })

func newTestRenderer(t testing.TB, overrides fstest.MapFS) *Renderer {
	t.Helper()
	if overrides == nil {
		r, err := sharedRenderer()
		require.NoError(t, err)
		return r
	}
	r, err := NewRenderer(testRendererConfig(overrides))
	require.NoError(t, err)
	return r
}

func testRendererConfig(overrides fstest.MapFS) RendererConfig {
	cfg := RendererConfig{Branding: Branding{
		ShopName:     "Nordlicht",
		SupportEmail: "hilfe@nordlicht.example",
		TrackingURL:  func(m Message) string { return "https://nordlicht.example/t/" + m.ShipmentID },
	}}
	if overrides != nil {
		cfg.Overrides = overrides
	}
	return cfg
}

func sampleMessage(k Kind, locale string) Message {
	return Message{
		ID: MessageID("s1", string(k)), Kind: k, Audience: k.Audience(),
		ShipmentID: "s1", OrderID: "1042", Carrier: "dhl", TrackingNumber: "00340434161094042557",
		Recipient: Recipient{ID: "c1", Name: "Ada Lovelace", Email: "ada@example.com", Locale: locale, TimeZone: "Europe/Berlin"},
		ETA:       time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC),
	}
}

func render(t *testing.T, r *Renderer, m Message) Message {
	t.Helper()
	require.NoError(t, r.Render(&m, r.Data(m)))
	return m
}

func TestRendererRequiresShopName(t *testing.T) {
	t.Parallel()
	_, err := NewRenderer(RendererConfig{})
	require.ErrorContains(t, err, "ShopName is required")
}

func TestLanguageFallback(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for _, tc := range []struct{ locale, lang, subject string }{
		{"de-AT", "de", "Ihre Bestellung 1042 ist unterwegs"},
		{"de_CH", "de", "Ihre Bestellung 1042 ist unterwegs"},
		{"DE", "de", "Ihre Bestellung 1042 ist unterwegs"},
		{"fr", "fr", "Votre commande 1042 est en route"},
		{"fr-FR", "fr", "Votre commande 1042 est en route"},
		{"nl-BE", "nl", "Je bestelling 1042 is onderweg"},
		{"es-MX", "es", "Tu pedido 1042 ya está en camino"},
		{"it-IT", "it", "Il tuo ordine 1042 è in viaggio"},
		{"pl-PL", "pl", "Twoje zamówienie 1042 jest w drodze"},
		{"sv-SE", "en", "Your order 1042 is on its way"},
		{"", "en", "Your order 1042 is on its way"},
		{"en-GB", "en", "Your order 1042 is on its way"},
	} {
		m := render(t, r, sampleMessage(KindShipped, tc.locale))
		assert.Equal(t, tc.subject, m.Subject, "locale %q", tc.locale)
		assert.Contains(t, m.HTML, `<html lang="`+tc.lang+`">`, "locale %q", tc.locale)
		assert.Equal(t, tc.lang, r.Data(sampleMessage(KindShipped, tc.locale)).Lang, "locale %q", tc.locale)
	}
}

func TestLanguageChain(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"de-at", "de", "en"}, languageChain("de-AT"))
	assert.Equal(t, []string{"zh-hant-tw", "zh-hant", "zh", "en"}, languageChain("zh-Hant-TW"))
	assert.Equal(t, []string{"en"}, languageChain(""))
	assert.Equal(t, []string{"en-us", "en"}, languageChain("en-US"))
}

func TestEveryKindHasEnglishAndGermanTemplates(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	assert.Equal(t, []string{"de", "en", "es", "fr", "it", "nl", "pl"}, r.Languages())
	for _, lang := range r.Languages() {
		for _, k := range Kinds() {
			_, ok := r.sets[setKey{lang, k}]
			assert.True(t, ok, "no %s template for %s", lang, k)
			m := render(t, r, sampleMessage(k, lang))
			assert.NotEmpty(t, m.Subject, "%s/%s", lang, k)
			assert.NotContains(t, m.Subject, "\n", "%s/%s", lang, k)
			assert.True(t, strings.HasSuffix(m.Text, "\n") && !strings.HasSuffix(m.Text, "\n\n"), "%s/%s text ends badly", lang, k)
			assert.NotContains(t, m.Text, "\n\n\n", "%s/%s", lang, k)
			assert.Contains(t, m.HTML, "</html>", "%s/%s", lang, k)
			assert.NotContains(t, m.Text+m.HTML, "<no value>", "%s/%s", lang, k)
		}
	}
}

func TestHostTemplateOverride(t *testing.T) {
	t.Parallel()
	over := fstest.MapFS{
		// Replaces the built-in English delayed message only.
		"en/delayed.tmpl": {Data: []byte(`{{define "subject"}}Running late: {{.OrderID}}{{end}}{{define "headline"}}Late{{end}}{{define "body"}}Custom body for {{.FirstName}}.{{end}}`)},
		// Adds Swedish (not built in) for one kind; the other kinds fall back to English.
		"sv/common.tmpl": {Data: []byte(`{{define "greeting"}}Hej {{.FirstName}},{{end}}{{define "signoff"}}{{.Shop.ShopName}}{{end}}{{define "carrier"}}{{.Carrier}}{{end}}` +
			`{{define "label_track"}}Spåra{{end}}{{define "label_label"}}Etikett{{end}}{{define "label_action"}}Att göra{{end}}{{define "label_pickup"}}Ombud{{end}}` +
			`{{define "label_offer"}}Erbjudande{{end}}{{define "label_code"}}Kod{{end}}{{define "label_expires"}}giltig till{{end}}{{define "label_recommend"}}Upptäck{{end}}{{define "label_care"}}Tips{{end}}{{define "footer"}}Tack.{{end}}`)},
		"sv/shipped.tmpl": {Data: []byte(`{{define "subject"}}Din beställning {{.OrderID}} är på väg{{end}}{{define "headline"}}På väg{{end}}{{define "body"}}Ditt paket är hos {{template "carrier" .}}.{{end}}`)},
		// Replaces the French phrases; the built-in French kinds use them.
		"fr/common.tmpl": {Data: []byte(`{{define "greeting"}}Salut {{.FirstName}},{{end}}{{define "signoff"}}{{.Shop.ShopName}}{{end}}{{define "carrier"}}{{.Carrier}}{{end}}` +
			`{{define "label_track"}}Suivre{{end}}{{define "label_label"}}Étiquette{{end}}{{define "label_action"}}À faire{{end}}{{define "label_pickup"}}Point relais{{end}}` +
			`{{define "label_offer"}}Offre{{end}}{{define "label_code"}}Code{{end}}{{define "label_expires"}}jusqu'au{{end}}{{define "label_recommend"}}À découvrir{{end}}{{define "label_care"}}Conseils{{end}}{{define "footer"}}Merci.{{end}}`)},
		// A kind with its own complete text.
		"de/delivered.tmpl": {Data: []byte(`{{define "subject"}}Da!{{end}}{{define "headline"}}Da{{end}}{{define "body"}}Body{{end}}{{define "text"}}Nur dieser Text für {{.FirstName}}.{{end}}`)},
	}
	r := newTestRenderer(t, over)
	assert.Equal(t, []string{"de", "en", "es", "fr", "it", "nl", "pl", "sv"}, r.Languages())

	m := render(t, r, sampleMessage(KindDelayed, "en-US"))
	assert.Equal(t, "Running late: 1042", m.Subject)
	assert.Contains(t, m.Text, "Custom body for Ada.")
	assert.Contains(t, m.HTML, "<p>Custom body for Ada.</p>")
	assert.Contains(t, m.Text, "Warm wishes, the Nordlicht team", "the built-in common phrases stay")

	m = render(t, r, sampleMessage(KindDelayed, "de"))
	assert.Contains(t, m.Subject, "verspätet sich", "German is not overridden")

	m = render(t, r, sampleMessage(KindShipped, "sv-FI"))
	assert.Equal(t, "Din beställning 1042 är på väg", m.Subject)
	assert.Contains(t, m.Text, "Hej Ada,\n\nDitt paket är hos DHL.")
	m = render(t, r, sampleMessage(KindDelivered, "sv"))
	assert.Equal(t, "Your order 1042 has arrived", m.Subject, "a kind Swedish lacks falls back to English")
	m = render(t, r, sampleMessage(KindDelivered, "fr"))
	assert.Equal(t, "Votre commande 1042 est arrivée", m.Subject, "the built-in French kind")
	assert.True(t, strings.HasPrefix(m.Text, "Salut Ada,\n"), "with the host's French phrases: %q", m.Text)

	m = render(t, r, sampleMessage(KindDelivered, "de"))
	assert.Equal(t, "Nur dieser Text für Ada.\n", m.Text)
}

// Host templates may use all of text/template and html/template: variables,
// functions, methods and every HTML context, JavaScript included.
func TestHostTemplatesUseTheWholeTemplateLanguage(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, fstest.MapFS{
		"en/delivered.tmpl": {Data: []byte(`{{define "subject"}}{{$id := .OrderID}}#{{$id}}{{end}}{{define "headline"}}H{{end}}{{define "body"}}B{{end}}`)},
		"en/delayed.tmpl":   {Data: []byte(`{{define "subject"}}{{printf "%s!" .OrderID}}{{end}}{{define "headline"}}H{{end}}{{define "body"}}{{.ETATime.Year}}{{end}}`)},
		"en/stalled.tmpl":   {Data: []byte(`{{define "subject"}}S{{end}}{{define "headline"}}H{{end}}{{define "body"}}B{{end}}{{define "html"}}<script>var id = {{.OrderID}};</script>{{end}}`)},
	})
	m := render(t, r, sampleMessage(KindDelivered, "en"))
	assert.Equal(t, "#1042", m.Subject)
	m = render(t, r, sampleMessage(KindDelayed, "en"))
	assert.Equal(t, "1042!", m.Subject)
	assert.Contains(t, m.HTML, "<p>2026</p>")
	m = sampleMessage(KindStalled, "en")
	m.OrderID = `</script><script>alert(1)`
	m = render(t, r, m)
	assert.Equal(t, `<script>var id = "\u003c/script\u003e\u003cscript\u003ealert(1)";</script>`, m.HTML)
}

func TestBrokenOverrideFailsAtConstruction(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"syntax":        `{{define "subject"}}{{.OrderID{{end}}`,
		"unknown field": `{{define "subject"}}{{.NoSuchField}}{{end}}{{define "headline"}}x{{end}}{{define "body"}}x{{end}}`,
		"no body":       `{{define "subject"}}x{{end}}`,
	} {
		_, err := NewRenderer(RendererConfig{Branding: Branding{ShopName: "S"}, Overrides: fstest.MapFS{"en/shipped.tmpl": {Data: []byte(body)}}})
		assert.Error(t, err, name)
	}
}

func TestHTMLEscapesHostileData(t *testing.T) {
	t.Parallel()
	r, err := NewRenderer(RendererConfig{Branding: Branding{
		ShopName:     `Evil <script>alert(1)</script> Shop`,
		LogoURL:      `javascript:alert(1)`,
		PrimaryColor: `red;} body{background:url(javascript:alert(1))`,
	}})
	require.NoError(t, err)
	m := sampleMessage(KindDelivered, "en")
	m.Recipient.Name = `<img src=x onerror=alert(1)>`
	m.TrackingURL = `javascript:alert(2)`
	d := r.Data(m)
	d.MarketingConsent = true
	d.Recommendations = []Product{{Name: `Mug <script>steal()</script>`, URL: "https://shop.example/mug", Price: "€9"}}
	d.CareTips = []string{`<b>wash</b> cold`}
	require.NoError(t, r.Render(&m, d))

	assert.NotContains(t, m.HTML, "<script>")
	assert.NotContains(t, m.HTML, "<img src=x")
	assert.NotContains(t, m.HTML, "javascript:")
	assert.NotContains(t, m.HTML, "<b>wash</b>")
	assert.Contains(t, m.HTML, "Evil &lt;script&gt;alert(1)&lt;/script&gt; Shop")
	assert.Contains(t, m.HTML, "Mug &lt;script&gt;steal()&lt;/script&gt;")
	assert.Contains(t, m.HTML, "ZgotmplZ", "unsafe URLs and CSS are replaced")
	// Plain text is not HTML: it carries the data as written.
	assert.Contains(t, m.Text, "Mug <script>steal()</script>")
}

func TestSubjectIsOneLine(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := sampleMessage(KindShipped, "en")
	m.OrderID = "1042\r\nBcc: victim@example.com"
	m = render(t, r, m)
	assert.Equal(t, "Your order 1042 Bcc: victim@example.com is on its way", m.Subject)
}

func TestRenderWithoutConsentDropsMarketingContent(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := sampleMessage(KindDelivered, "en")
	d := r.Data(m)
	d.Recommendations = []Product{{Name: "Cosy Socks", URL: "https://nordlicht.example/socks"}}
	d.CareTips = []string{"Wash wool cold."}

	without := m
	require.NoError(t, r.Render(&without, d)) // MarketingConsent is false
	for _, s := range []string{without.Text, without.HTML} {
		assert.NotContains(t, s, "Cosy Socks")
		assert.NotContains(t, s, "Wash wool cold.")
		assert.NotContains(t, s, "You might also like")
		assert.NotContains(t, s, "Care tips")
	}

	d.MarketingConsent = true
	with := m
	require.NoError(t, r.Render(&with, d))
	for _, s := range []string{with.Text, with.HTML} {
		assert.Contains(t, s, "Cosy Socks")
		assert.Contains(t, s, "Wash wool cold.")
	}
}

func TestDataLocalizesDatesAndWords(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := sampleMessage(KindDelayed, "de-DE")
	// 23:30 UTC on Wednesday is already Thursday in Berlin.
	m.ETA = time.Date(2026, 3, 4, 23, 30, 0, 0, time.UTC)
	m.Reason = "carrier_eta"
	d := r.Data(m)
	assert.Equal(t, "Donnerstag, 5. März", d.ETA)
	assert.Equal(t, "Europe/Berlin", d.ETATime.Location().String())
	assert.Equal(t, "der Paketdienst hat den Zustelltermin verschoben", d.DelayReason)
	assert.Equal(t, "DHL", d.Carrier)
	assert.Equal(t, "Ada", d.FirstName)
	assert.Equal(t, "https://nordlicht.example/t/s1", d.TrackingLink)

	m.Recipient.Locale, m.Recipient.TimeZone = "en", "America/New_York"
	d = r.Data(m)
	assert.Equal(t, "Wednesday, 4 March", d.ETA)

	m.Recipient.TimeZone = "" // the ETA's own zone
	assert.Equal(t, "Wednesday, 4 March", r.Data(m).ETA)

	m.Detail = milestone.DetailWeather
	assert.Equal(t, "bad weather", r.Data(m).DelayReason, "a known detail explains a delay best")

	m = sampleMessage(KindDeliveryAttempted, "de")
	m.Milestone, m.Detail = milestone.DeliveryAttempted, milestone.DetailNotHome
	d = r.Data(m)
	assert.Equal(t, "Zustellversuch", d.Milestone)
	assert.Equal(t, "niemand war zu Hause", d.Detail)
	assert.Contains(t, d.ActionText, "neue Zustellung")

	m = sampleMessage(KindException, "en")
	m.Detail, m.ActionRequired = milestone.DetailCustomsHold, true
	d = r.Data(m)
	assert.True(t, d.ActionRequired)
	assert.Contains(t, d.ActionText, "Customs")
}

func TestSetOfferFormatsExpiry(t *testing.T) {
	t.Parallel()
	d := TemplateData{Lang: "de"}
	d.SetOffer(&Offer{Code: "SORRY", Expires: time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC)}, nil)
	assert.Equal(t, "Donnerstag, 24. Dezember", d.OfferExpires)
	d.SetOffer(&Offer{Code: "SORRY"}, nil)
	assert.Empty(t, d.OfferExpires)
	d.SetOffer(nil, nil)
	assert.Nil(t, d.Offer)
}

func TestRenderUnknownKind(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := Message{Kind: "teleported"}
	require.ErrorIs(t, r.Render(&m, r.Data(m)), ErrNoTemplate)
}

func TestFormatDateAllNames(t *testing.T) {
	t.Parallel()
	de, en := wordsFor([]string{"de"}), wordsFor([]string{"en"})
	day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) // a Thursday
	assert.Equal(t, "Donnerstag, 1. Januar", de.formatDate(day))
	assert.Equal(t, "Thursday, 1 January", en.formatDate(day))
	assert.Equal(t, "Samstag, 28. Februar", de.formatDate(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, "Sonntag, 1. März", de.formatDate(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)))
	assert.Same(t, en, wordsFor([]string{"sv", "en"}))
}

func TestExportedFormatDateIsTheRenderersDate(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tag := range []string{"", "en", "en-GB", "de", "de-AT", "DE_ch", "fr"} {
		assert.Equal(t, wordsFor(languageChain(tag)).formatDate(day), FormatDate(tag, day), "tag %q", tag)
		assert.Equal(t, languageChain(tag), LanguageChain(tag), "tag %q", tag)
	}
	assert.Equal(t, "Donnerstag, 1. Januar", FormatDate("de-CH", day))
}

// The phrase functions give the words Renderer.Data puts into a message.
func TestExportedPhrasesAreTheMessagesWords(t *testing.T) {
	t.Parallel()
	r, err := NewRenderer(RendererConfig{Branding: Branding{ShopName: "Nordlicht"}})
	require.NoError(t, err)
	for _, tag := range []string{"", "en-GB", "de-AT", "fr"} {
		for _, m := range milestone.All() {
			d := r.Data(Message{Kind: KindDelayed, Milestone: m, Recipient: Recipient{Locale: tag}})
			assert.Equal(t, d.Milestone, MilestoneText(tag, m), "tag %q, %s", tag, m)
		}
		for _, det := range []milestone.Detail{milestone.DetailNotHome, milestone.DetailAddressProblem, milestone.DetailLocker, ""} {
			d := r.Data(Message{Kind: KindDelivered, Detail: det, Recipient: Recipient{Locale: tag}})
			assert.Equal(t, d.Detail, DetailText(tag, det), "tag %q, %s", tag, det)
		}
		for _, reason := range []string{"carrier_eta", "promise_missed", "no_such_reason"} {
			d := r.Data(Message{Kind: KindDelayed, Reason: reason, Recipient: Recipient{Locale: tag}})
			assert.Equal(t, d.DelayReason, ReasonText(tag, reason), "tag %q, %s", tag, reason)
		}
	}
	assert.Equal(t, "in Zustellung", MilestoneText("de-AT", milestone.OutForDelivery))
	assert.Equal(t, "the address could not be found", DetailText("en", milestone.DetailAddressProblem))
	assert.Equal(t, "der Paketdienst hat den Zustelltermin verschoben", ReasonText("de", "carrier_eta"))
}

// FuzzRenderEscapes puts arbitrary strings into every free-text field a
// message carries: the HTML must never contain a raw tag or a javascript:
// link from them, and the subject must stay one line.
func FuzzRenderEscapes(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "Ada\r\nBcc: x@example.com", `"><img src=x onerror=alert(1)>`, "javascript:alert(1)", "{{.Shop}}", "Grüße ß", ""} {
		f.Add(s)
	}
	r, err := NewRenderer(testRendererConfig(nil))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{KindDelayed, KindReturnRejected, KindAvailableForPickup, KindLost} {
			m := sampleMessage(k, "de")
			m.OrderID, m.ShipmentID, m.Note, m.PickupLocation, m.TrackingNumber = s, s, s, s, s
			m.Recipient.Name = s
			d := r.Data(m)
			d.MarketingConsent = true
			d.Recommendations = []Product{{Name: s, URL: s, ImageURL: s, Price: s}}
			d.SetOffer(&Offer{Code: s, Descriptions: map[string]string{"de": s}}, nil)
			if err := r.Render(&m, d); err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(m.Subject, "\r\n") {
				t.Fatalf("subject has a line break: %q", m.Subject)
			}
			lower := strings.ToLower(m.HTML)
			for _, bad := range []string{"<script", "<img src=x", `href="javascript:`, `src="javascript:`} {
				if strings.Contains(lower, bad) {
					t.Fatalf("%s: HTML contains %q for input %q", k, bad, s)
				}
			}
		}
	})
}

// The German templates address the customer with "Sie" throughout and write
// umlauts, not their ASCII stand-ins.
func TestGermanIsFormalAndUsesUmlauts(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	informal := regexp.MustCompile(`(?i)\b(du|dich|dir|dein\w*|euch|euer)\b`)
	ascii := regexp.MustCompile(`(?i)(fuer|rueck|gruess|moecht|naehe|koenn|hoer|aender|zurueck|Grüsse)`)
	for _, k := range Kinds() {
		m := sampleMessage(k, "de")
		m.Reason, m.Note, m.ReturnID = "carrier_eta", "", "R1"
		d := r.Data(m)
		d.SetOffer(&Offer{Code: "C", Descriptions: map[string]string{"de": "D"}}, nil)
		require.NoError(t, r.Render(&m, d))
		all := m.Subject + "\n" + m.Text
		assert.False(t, informal.MatchString(all), "%s: informal address %q", k, informal.FindString(all))
		assert.False(t, ascii.MatchString(all), "%s: ASCII umlaut %q", k, ascii.FindString(all))
		if k.Audience() == Customer {
			assert.Regexp(t, `\b(Sie|Ihr\w*)\b`, all, "%s addresses the customer as Sie", k)
		}
	}
}

func TestRefundIssuedForStoreCredit(t *testing.T) {
	r, err := NewRenderer(RendererConfig{Branding: Branding{ShopName: "Larkspur"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ locale, reason, subject, body string }{
		{"en", "", "Your refund of €25.00 is on its way", "We have refunded €25.00"},
		{"en", "store_credit", "Your store credit of €25.00 is ready", "as store credit"},
		{"de", "store_credit", "Ihr Guthaben über €25.00 ist bereit", "als Guthaben"},
		{"de", "", "Ihre Erstattung über €25.00 ist unterwegs", "erstattet"},
	} {
		m := Message{ID: "m", Kind: KindRefundIssued, Audience: Customer, OrderID: "#1", Reason: c.reason,
			RefundAmount: "€25.00", Recipient: Recipient{Name: "Ada", Locale: c.locale}}
		if err := r.Render(&m, r.Data(m)); err != nil {
			t.Fatal(err)
		}
		if m.Subject != c.subject || !strings.Contains(m.Text, c.body) {
			t.Errorf("%s/%q: subject %q, text %q", c.locale, c.reason, m.Subject, m.Text)
		}
	}
}

// oneLineRef, tidyTextRef and paragraphsRef are plain string versions of
// the byte helpers, for FuzzTextHelpers to compare them with.
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

// An estimate for a day before the day the message was made (in the
// recipient's zone) is left out of the data; one for that day is kept.
func TestDataLeavesOutPassedEstimate(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	m := sampleMessage(KindException, "en") // ETA Thursday 5 March, 11:00 in Berlin
	for _, tc := range []struct {
		created time.Time
		want    string
	}{
		{time.Time{}, "Thursday, 5 March"},
		{time.Date(2026, 3, 5, 22, 30, 0, 0, time.UTC), "Thursday, 5 March"}, // 23:30 Thursday in Berlin
		{time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC), ""},                  // 00:30 Friday in Berlin
	} {
		m.CreatedAt = tc.created
		d := r.Data(m)
		assert.Equal(t, tc.want, d.ETA, "created %s", tc.created)
		assert.Equal(t, tc.want == "", d.ETATime.IsZero(), "created %s", tc.created)
		out := render(t, r, m)
		assert.Equal(t, tc.want != "", strings.Contains(out.Text, "estimate"), "created %s:\n%s", tc.created, out.Text)
	}
}

// An offer shows only in the languages it has a text for.
func TestOfferOnlyInItsLanguages(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for lang, want := range map[string]bool{"en": true, "de": false} {
		m := sampleMessage(KindDelayed, lang)
		d := r.Data(m)
		d.SetOffer(&Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off"}}, nil)
		require.NoError(t, r.Render(&m, d))
		assert.Equal(t, want, strings.Contains(m.Text, "SORRY10"), "%s:\n%s", lang, m.Text)
		assert.Equal(t, want, strings.Contains(m.HTML, "SORRY10"), lang)
		assert.Equal(t, want, strings.Contains(m.Text, "10% off"), lang)
	}
}

// TestParcelOfSeveral checks "parcel 2 of 3" in every built-in language:
// said in the subject and the body of a customer message of an order that
// ships in several parcels, in the body only of a merchant message, and not
// at all for an order of one parcel. A host language without the phrases
// says nothing of parcels and still renders.
func TestParcelOfSeveral(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for _, lang := range goldenLanguages {
		one := render(t, r, sampleMessage(KindShipped, lang))
		m := sampleMessage(KindShipped, lang)
		m.Parcel, m.Parcels = 2, 3
		several := render(t, r, m)
		assert.True(t, strings.HasPrefix(several.Subject, one.Subject+" ("), "%s subject %q", lang, several.Subject)
		assert.True(t, strings.HasSuffix(several.Subject, "2"+map[string]string{"en": " of ", "de": " von ", "fr": " sur ",
			"nl": " van ", "es": " de ", "it": " di ", "pl": " z "}[lang]+"3)"), "%s subject %q", lang, several.Subject)
		assert.NotContains(t, one.Text, " 3 ", lang)
		assert.Contains(t, several.Text, " 3 ", lang)
		assert.Contains(t, several.HTML, " 2 ", lang)
		assert.Len(t, strings.Split(several.Text, "\n"), len(strings.Split(one.Text, "\n"))+2, "%s: one paragraph more", lang)

		st := sampleMessage(KindStalled, lang)
		st.Recipient = Recipient{ID: "merchant", Locale: lang}
		st.Parcel, st.Parcels = 2, 3
		plain := sampleMessage(KindStalled, lang)
		plain.Recipient = st.Recipient
		a, b := render(t, r, plain), render(t, r, st)
		assert.Equal(t, a.Subject, b.Subject, "%s: a merchant's subject names the shipment already", lang)
		assert.NotEqual(t, a.Text, b.Text, lang)
	}
	// An impossible place is left out.
	m := sampleMessage(KindShipped, "en")
	m.Parcel, m.Parcels = 4, 3
	assert.Equal(t, render(t, r, sampleMessage(KindShipped, "en")).Subject, render(t, r, m).Subject)

	over := fstest.MapFS{
		"sv/common.tmpl": {Data: []byte(`{{define "greeting"}}Hej,{{end}}{{define "signoff"}}{{.Shop.ShopName}}{{end}}{{define "carrier"}}{{.Carrier}}{{end}}` +
			`{{define "label_track"}}Spåra{{end}}{{define "label_label"}}Etikett{{end}}{{define "label_action"}}Att göra{{end}}{{define "label_pickup"}}Ombud{{end}}` +
			`{{define "label_offer"}}Erbjudande{{end}}{{define "label_code"}}Kod{{end}}{{define "label_expires"}}giltig till{{end}}{{define "label_recommend"}}Upptäck{{end}}{{define "label_care"}}Tips{{end}}{{define "footer"}}Tack.{{end}}`)},
		"sv/shipped.tmpl": {Data: []byte(`{{define "subject"}}Din beställning {{.OrderID}} är på väg{{end}}{{define "headline"}}På väg{{end}}{{define "body"}}Ditt paket är hos {{template "carrier" .}}.{{end}}`)},
	}
	sv := sampleMessage(KindShipped, "sv")
	sv.Parcel, sv.Parcels = 2, 3
	got := render(t, newTestRenderer(t, over), sv)
	assert.Equal(t, "Din beställning 1042 är på väg", got.Subject)
}
