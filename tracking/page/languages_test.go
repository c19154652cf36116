package page

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/insights"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// pageLanguages are the page's built-in languages, English first.
var pageLanguages = []string{"en", "de", "fr", "nl", "es", "it", "pl"}

// goldenViews are the shipments the page golden files show: every state
// case, a predicted window, and a return parcel in each of its states.
func goldenViews() []struct {
	name string
	view tracking.View
} {
	var out []struct {
		name string
		view tracking.View
	}
	for _, c := range stateCases() {
		out = append(out, struct {
			name string
			view tracking.View
		}{c.name, c.view})
	}
	predicted := tracking.View{Carrier: "dhl", TrackingNumber: "JJD1", State: tracking.StateAtRisk,
		Reason: tracking.ReasonPredictedLate, Milestone: milestone.InTransit, Timeline: journey()[:2],
		Predicted: insights.Prediction{P50: at(9, 23, 59), P90: at(11, 23, 59), Source: insights.SourceHistory}}
	out = append(out, struct {
		name string
		view tracking.View
	}{"predicted_window", predicted})
	for _, c := range stateCases() {
		switch c.name {
		case "pending", "on_track", "exception_address", "lost", "delivered_on_time", "returned", "cancelled":
			v := c.view
			v.ReturnID = "R-311"
			out = append(out, struct {
				name string
				view tracking.View
			}{"return_" + c.name, v})
		}
	}
	return out
}

// pageText is what the page says in words for v in lang, one field a line.
func pageText(v tracking.View, lang string) string {
	st := build(v, Recipient{FirstName: "Anna", City: "Wien"}, lang, vienna, "DHL")
	var b strings.Builder
	line := func(k, s string) {
		if s != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, s)
		}
	}
	line("headline", st.Headline)
	line("message", st.Message)
	line("eta", st.ETAText)
	if st.Predicted != nil {
		line("predicted", st.Predicted.Text)
	}
	line("action", st.Action)
	line("last_checked", st.LastCheckedText)
	labels := make([]string, 0, len(st.Progress))
	for _, p := range st.Progress {
		if p.Current {
			labels = append(labels, "["+p.Label+"]")
		} else {
			labels = append(labels, p.Label)
		}
	}
	line("steps", strings.Join(labels, " > "))
	for _, e := range st.Timeline {
		line("scan", e.TimeText+" | "+e.Text)
	}
	return b.String()
}

// TestPageGolden writes what the page says for every state, a predicted
// window and a return parcel in every language, and compares it with
// testdata/golden/<lang>.txt. Run `go test ./tracking/page -run
// TestPageGolden -update` after changing words, and read the diff.
func TestPageGolden(t *testing.T) {
	t.Parallel()
	keys := make([]string, 0, len(dictionaries))
	for l := range dictionaries {
		keys = append(keys, l)
	}
	want := slices.Clone(pageLanguages)
	slices.Sort(want)
	slices.Sort(keys)
	require.Equal(t, want, keys, "every page language needs golden files")
	for _, lang := range pageLanguages {
		var b strings.Builder
		for _, g := range goldenViews() {
			fmt.Fprintf(&b, "== %s\n%s\n", g.name, pageText(g.view, lang))
		}
		path := filepath.Join("testdata", "golden", lang+".txt")
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -update to create %s", path)
		require.Equal(t, string(got), b.String(), "%s differs; run go test -update and review the diff", path)
	}
}

// Every page language has every phrase English has, with the same
// placeholders, so no phrase falls back to nothing or loses a date.
func TestEveryPageLanguageHasEveryPhrase(t *testing.T) {
	t.Parallel()
	placeholder := regexp.MustCompile(`\{\d\}`)
	en := dictionaries["en"].T
	for lang, d := range dictionaries {
		for k, v := range en {
			got, ok := d.T[k]
			require.True(t, ok, "%s lacks %q", lang, k)
			assert.NotEmpty(t, got, "%s: %q", lang, k)
			a, b := placeholder.FindAllString(v, -1), placeholder.FindAllString(got, -1)
			slices.Sort(a)
			slices.Sort(b)
			assert.Equal(t, a, b, "%s: %q keeps the placeholders", lang, k)
		}
		assert.Len(t, d.T, len(en), lang)
	}
}

// englishOnPage are words that would show English leaking into a page in
// another language.
var englishOnPage = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:the|your|you|we|parcel|delivery|delivered|arrives|expected|carrier|sorry|return|please|on its way|picked up)(?:[^\p{L}]|$)`)

// dutchAlsoEnglish are Dutch words spelt as English ones.
var dutchAlsoEnglish = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:we|sorry|track & trace)(?:[^\p{L}]|$)`)

// A page in French, Dutch, Spanish, Italian or Polish says everything in
// that language: headline, message, action, steps, timeline and dates
// (the carrier's own words, Entry.Description, stay as the carrier wrote
// them and are not checked).
func TestPageHasNoEnglish(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"fr", "nl", "es", "it", "pl"} {
		for _, g := range goldenViews() {
			text := pageText(g.view, lang)
			if lang == "nl" {
				text = dutchAlsoEnglish.ReplaceAllString(text, " ")
			}
			assert.NotRegexp(t, englishOnPage, text, "%s/%s", lang, g.name)
			assert.NotContains(t, text, "{0}", "%s/%s", lang, g.name)
		}
		for k, v := range dictionaries[lang].T {
			if lang == "nl" {
				v = dutchAlsoEnglish.ReplaceAllString(v, " ")
			}
			assert.NotRegexp(t, englishOnPage, v, "%s: %q", lang, k)
		}
	}
}

// The page and the messages say the same things in the same words, in
// every language: the step labels are notify's milestones, the delay reason
// and the detail are notify's phrases, and the dates notify's dates.
func TestPageSpeaksAsTheMessagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range pageLanguages {
		delayed := caseNamed(t, "delayed")
		st := build(delayed, Recipient{}, lang, vienna, "DHL")
		assert.Contains(t, st.Message, notify.ReasonText(lang, "carrier_eta"), lang)
		assert.Contains(t, st.Headline, notify.FormatDate(lang, at(6, 18, 0)), lang)
		onTime := caseNamed(t, "delivered_on_time")
		st = build(onTime, Recipient{}, lang, vienna, "DHL")
		assert.Contains(t, st.Message, notify.DetailText(lang, milestone.DetailNeighbour), lang)
		assert.Contains(t, st.Headline, notify.FormatDate(lang, at(5, 11, 20)), lang)
	}
}

func caseNamed(t *testing.T, name string) tracking.View {
	for _, c := range stateCases() {
		if c.name == name {
			return c.view
		}
	}
	t.Fatalf("no state case %q", name)
	return tracking.View{}
}

// The French page puts a no-break space before its colons, also after the
// "Expected delivery" label the template writes.
func TestFrenchPageColon(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "fr-colon"
	s.recipients.Store(v.ID, Recipient{Locale: "fr-FR", TimeZone: "Europe/Vienna"})
	s.svc.put(v)
	res := s.get(t, s.h.Link(v.ID, time.Time{}))
	require.Equal(t, http.StatusOK, res.StatusCode)
	b := body(t, res)
	assert.Contains(t, b, "Livraison prévue\u00a0: <time")
	assert.NotRegexp(t, `[^\x{00a0}]:\s*<time`, b)
}
