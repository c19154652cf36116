package notify

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
)

// translations are the built-in languages written from the English ones.
var translations = []string{"de", "fr", "nl", "es", "it", "pl"}

// variant changes one thing about a message, as the flows that send it do:
// no order id, no estimate, no carrier, an offer, store credit.
type variant struct {
	name string
	edit func(m *Message, d *TemplateData)
}

var variants = []variant{
	{"full", func(*Message, *TemplateData) {}},
	{"no order id", func(m *Message, _ *TemplateData) { m.OrderID = "" }},
	{"no estimate", func(m *Message, _ *TemplateData) { m.ETA = time.Time{} }},
	{"no carrier", func(m *Message, _ *TemplateData) { m.Carrier = "" }},
	{"no tracking number", func(m *Message, _ *TemplateData) { m.TrackingNumber = "" }},
	{"no detail", func(m *Message, _ *TemplateData) { m.Detail = "" }},
	{"no return id", func(m *Message, _ *TemplateData) { m.ReturnID = "" }},
	{"no label", func(m *Message, _ *TemplateData) { m.LabelURL = "" }},
	{"no amount", func(m *Message, _ *TemplateData) { m.RefundAmount = "" }},
	{"no note", func(m *Message, _ *TemplateData) { m.Note = "" }},
	{"no pickup location", func(m *Message, _ *TemplateData) { m.PickupLocation = "" }},
	{"no name", func(m *Message, _ *TemplateData) { m.Recipient.Name = "" }},
	{"store credit", func(m *Message, _ *TemplateData) { m.Reason = "store_credit" }},
	{"offer", func(_ *Message, d *TemplateData) {
		d.SetOffer(&Offer{Code: "K7Q10", Expires: time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC),
			Descriptions: map[string]string{"en": "D", "de": "D", "fr": "D", "nl": "D", "es": "D", "it": "D", "pl": "D"}}, nil)
	}},
}

// variantMessage is the message of kind k in lang with every field a flow
// may set, changed by v.
func variantMessage(r *Renderer, k Kind, lang string, v variant) Message {
	m := Message{
		ID: MessageID("s-7781", string(k)), Kind: k, Audience: k.Audience(),
		ShipmentID: "s-7781", OrderID: "NL-1042", Carrier: "dhl", TrackingNumber: "00340434161094042557",
		Recipient: Recipient{ID: "c-42", Name: "Ada Lovelace", Locale: lang, TimeZone: "Europe/Berlin"},
		ETA:       time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
		Milestone: milestone.InTransit, Detail: milestone.DetailNeighbour, Reason: "carrier_eta",
		ReturnID: "R-311", LabelURL: "https://shop.example/label.pdf", RefundAmount: "€49.90",
		Note: "NOTE-TEXT", PickupLocation: "Packstation 112",
	}
	d := TemplateData{}
	v.edit(&m, &d)
	data := r.Data(m)
	if d.Offer != nil {
		data.Lang = lang
		data.SetOffer(d.Offer, nil)
	}
	if err := r.Render(&m, data); err != nil {
		panic(err)
	}
	return m
}

// Every translation keeps every fact of the English message and its
// behaviour: what the English text says in a variant (the order id, the
// estimate, the tracking number, the offer's code, the label, the amount,
// the note), the translation says too, and where the English text changes
// from one variant to another (a sentence for no estimate, one for the
// offer), the translation changes as well.
func TestTranslationsKeepFactsAndBranches(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for _, k := range Kinds() {
		en := map[string]Message{}
		for _, v := range variants {
			en[v.name] = variantMessage(r, k, "en", v)
		}
		for _, lang := range translations {
			got := map[string]Message{}
			for _, v := range variants {
				m := variantMessage(r, k, lang, v)
				got[v.name] = m
				require.Contains(t, m.HTML, `<html lang="`+lang+`">`, "%s/%s", lang, k)
				e := en[v.name]
				for _, fact := range []string{"NL-1042", "s-7781", "00340434161094042557", "R-311", "https://shop.example/label.pdf",
					"€49.90", "NOTE-TEXT", "Packstation 112", "DHL", "K7Q10", "https://nordlicht.example/t/s-7781"} {
					if strings.Contains(e.Subject+e.Text, fact) {
						assert.Contains(t, m.Subject+m.Text, fact, "%s/%s (%s) leaves out a fact the English one states", lang, k, v.name)
					}
				}
				for _, day := range []time.Time{time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)} {
					if strings.Contains(e.Text, FormatDate("en", day)) {
						assert.Contains(t, m.Text, FormatDate(lang, day), "%s/%s (%s) leaves out a date", lang, k, v.name)
					}
				}
				assert.Equal(t, strings.Contains(e.Text, "Ada"), strings.Contains(m.Text, "Ada"), "%s/%s (%s): greeting by name", lang, k, v.name)
			}
			for _, v := range variants[1:] {
				for _, part := range []struct {
					name string
					get  func(Message) string
				}{{"subject", func(m Message) string { return m.Subject }}, {"text", func(m Message) string { return m.Text }}} {
					enChanged := part.get(en["full"]) != part.get(en[v.name])
					changed := part.get(got["full"]) != part.get(got[v.name])
					assert.Equal(t, enChanged, changed, "%s/%s %s: English changes for %q, the translation must too (and only then)", lang, k, part.name, v.name)
				}
			}
		}
	}
}

// englishWords are words that would show English text leaking into a
// translation.
var englishWords = wholeWords(`(?i)the|your|you|order|parcel|please|delivery|delivered|return|refund|tracking number|sorry|thank|carrier|label|shipment`)

// dutchLoanwords are English words that are Dutch words too.
var dutchLoanwords = wholeWords(`(?i)sorry|label`)

// The translations are whole: no English words, no unfilled or doubled
// spaces and no empty brackets, whatever data is missing.
func TestTranslationsHaveNoEnglishOrGaps(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	gaps := regexp.MustCompile(`  |\(\)|\( | \)| [.,;]|<no value>`)
	for _, lang := range []string{"fr", "nl", "es", "it", "pl"} {
		for _, k := range Kinds() {
			for _, v := range variants {
				m := variantMessage(r, k, lang, v)
				// The shop's own words (footer, support address) are not ours to check.
				text := strings.ReplaceAll(m.Subject+"\n"+m.Text, "https://shop.example/label.pdf", "")
				text = strings.ReplaceAll(text, "https://nordlicht.example/t/s-7781", "")
				words := text
				if lang == "nl" {
					words = dutchLoanwords.ReplaceAllString(words, " ")
				}
				assert.NotRegexp(t, englishWords, words, "%s/%s (%s): English in the translation", lang, k, v.name)
				assert.NotRegexp(t, gaps, strings.ReplaceAll(text, "\u00a0", " X"), "%s/%s (%s)", lang, k, v.name)
			}
		}
	}
}

// wholeWords matches any of the alternatives alts as a whole word; unlike \b it
// knows that "ó" and "ę" are letters.
func wholeWords(alts string) *regexp.Regexp {
	flags := ""
	if strings.HasPrefix(alts, "(?i)") {
		flags, alts = "(?i)", alts[4:]
	}
	return regexp.MustCompile(flags + `(?:^|[^\p{L}])(?:` + alts + `)(?:[^\p{L}]|$)`)
}

// Each translation speaks to the customer in one register, the one shops in
// that country use: French "vous", Dutch "je", Spanish and Italian "tú" and
// "tu", Polish "Ty" with the pronouns capitalised and no verb that needs the
// customer's gender.
func TestTranslationsKeepOneRegister(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for _, c := range []struct {
		lang          string
		must, mustNot *regexp.Regexp
	}{
		{"fr", wholeWords(`(?i)vous|votre|vos`), wholeWords(`(?i)tu|toi|ton|ta|tes|te`)},
		{"nl", wholeWords(`(?i)je|jij|jouw`), wholeWords(`(?i)u|uw`)},
		{"es", wholeWords(`(?i)tu|tú|te|ti`), wholeWords(`(?i)usted|ustedes`)},
		{"it", wholeWords(`(?i)tu|tuo|tua|ti`), wholeWords(`Lei|Suo|Sua|La ringraziamo`)},
		{"pl", wholeWords(`Twój|Twoja|Twoje|Twojej|Twojego|Twoim|Twoją|Ci|Cię|Tobą`),
			wholeWords(`twój|twoja|twoje|twojej|twojego|twoim|twoją|cię|ciebie|tobą|tobie|Pan|Pani|Państwo|Państwa|\p{L}+(?:łeś|łaś)`)},
	} {
		for _, k := range Kinds() {
			for _, v := range variants {
				m := variantMessage(r, k, c.lang, v)
				all := m.Subject + "\n" + m.Text
				assert.NotRegexp(t, c.mustNot, all, "%s/%s (%s)", c.lang, k, v.name)
				if k.Audience() == Customer {
					assert.Regexp(t, c.must, all, "%s/%s (%s)", c.lang, k, v.name)
				}
			}
		}
	}
}

// French puts a no-break space before ":", "?", "!" and inside « »; the
// others write them as English does. A subject is one line of words
// separated by plain spaces (Render joins them), so there a plain space
// does.
func TestFrenchPunctuation(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	bad := regexp.MustCompile(`[^\x{00a0}][:?!»]|«[^\x{00a0}]`)
	badSubject := regexp.MustCompile(`[^ ][:?!»]|«[^ ]`)
	url := regexp.MustCompile(`https?://\S+`)
	for _, k := range Kinds() {
		for _, v := range variants {
			m := variantMessage(r, k, "fr", v)
			text := url.ReplaceAllString(m.Text, "URL")
			text = strings.ReplaceAll(text, "€49.90", "") // the host's amount, as given
			assert.NotRegexp(t, bad, text, "fr/%s (%s)", k, v.name)
			assert.NotRegexp(t, badSubject, m.Subject, "fr/%s (%s)", k, v.name)
		}
	}
	m := variantMessage(r, KindDelayed, "en", variants[0])
	assert.NotContains(t, m.Text, "\u00a0:", "English keeps its colon")
}

// Dates are written as each language writes them, months in Polish in the
// genitive, the first of a month in French "1er" and in Italian "1º".
func TestFormatDateInEveryLanguage(t *testing.T) {
	t.Parallel()
	thu := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	first := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) // a Thursday
	for _, c := range []struct{ tag, thu, first string }{
		{"fr-FR", "jeudi 5 mars", "jeudi 1er octobre"},
		{"fr-CA", "jeudi 5 mars", "jeudi 1er octobre"},
		{"nl-BE", "donderdag 5 maart", "donderdag 1 oktober"},
		{"es-MX", "jueves, 5 de marzo", "jueves, 1 de octubre"},
		{"it-IT", "giovedì 5 marzo", "giovedì 1º ottobre"},
		{"pl-PL", "czwartek, 5 marca", "czwartek, 1 października"},
	} {
		assert.Equal(t, c.thu, FormatDate(c.tag, thu), c.tag)
		assert.Equal(t, c.first, FormatDate(c.tag, first), c.tag)
	}
	pl := wordsFor([]string{"pl"})
	for i, want := range []string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"} {
		assert.Equal(t, want, pl.months[i])
	}
	assert.Equal(t, "niedziela, 1 lutego", FormatDate("pl", time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)))
}

// Every built-in language has words for every milestone, every detail,
// every delay reason and every action English has, so no phrase falls back
// to English.
func TestEveryLanguageHasAllWords(t *testing.T) {
	t.Parallel()
	en := locales["en"]
	require.Len(t, locales, 7)
	for lang, w := range locales {
		for _, m := range milestone.All() {
			if en.milestone[m] != "" {
				assert.NotEmpty(t, w.milestone[m], "%s: milestone %s", lang, m)
			}
		}
		for d := range en.detail {
			assert.NotEmpty(t, w.detail[d], "%s: detail %s", lang, d)
		}
		for reason := range en.reason {
			assert.NotEmpty(t, w.reason[reason], "%s: reason %s", lang, reason)
		}
		for key := range en.action {
			assert.NotEmpty(t, w.action[key], "%s: action %v", lang, key)
		}
		assert.Len(t, w.detail, len(en.detail), lang)
		assert.Len(t, w.action, len(en.action), lang)
		for i := range 7 {
			assert.NotEmpty(t, w.weekdays[i], lang)
		}
		for i := range 12 {
			assert.NotEmpty(t, w.months[i], lang)
		}
	}
}

// Language selection works from the region tags shops see.
func TestRegionTagsPickTheLanguage(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t, nil)
	for tag, want := range map[string]string{
		"fr-FR": "fr", "fr-BE": "fr", "fr_CH": "fr", "nl-NL": "nl", "nl-BE": "nl", "es-ES": "es", "es-MX": "es",
		"it-IT": "it", "it-CH": "it", "pl-PL": "pl", "PL": "pl", "pt-BR": "en",
	} {
		assert.Equal(t, want, r.Data(Message{Kind: KindShipped, Recipient: Recipient{Locale: tag}}).Lang, tag)
		assert.Equal(t, FormatDate(want, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)), FormatDate(tag, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)), tag)
	}
}
