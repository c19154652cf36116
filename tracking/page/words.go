package page

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

// defaultLang is the language every lookup falls back to.
const defaultLang = "en"

// langChain returns the candidate languages for a BCP 47 tag, most specific
// first and ending in defaultLang: "de-AT" gives ["de-at", "de", "en"]. It
// is notify.LanguageChain, the messages' fallback order, with over-long tags
// (from query strings and headers) ignored.
func langChain(tag string) []string {
	if len(strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))) > 35 {
		tag = ""
	}
	return notify.LanguageChain(tag)
}

// pickLang returns the first language of tag's chain that has words.
func pickLang(tag string) string {
	for _, l := range langChain(tag) {
		if _, ok := dictionaries[l]; ok {
			return l
		}
	}
	return defaultLang
}

// dict is the page's wording in one language. What the page and the
// messages both say (milestones, details, delay reasons, dates) is notify's
// wording, in the language lang; T holds only the page's own phrases.
type dict struct {
	// lang is the language's tag, the dictionaries key; notify has words
	// in it.
	lang string
	// T holds the fixed phrases the templates use, by key.
	T map[string]string
}

// milestoneName names m as the messages do, capitalized for a step label or
// a headline: "On its way", "In Zustellung".
func (d *dict) milestoneName(m milestone.Milestone) string {
	s := notify.MilestoneText(d.lang, m)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// scanText says a timeline scan in the page's language: its milestone, and
// its detail if the messages have words for it ("Delivered: handed to a
// neighbour", "Aufgehalten: die Adresse wurde nicht gefunden"); the
// carrier's text for a milestone without words.
func (d *dict) scanText(e tracking.TimelineEntry, ret bool) string {
	name := d.milestoneName(e.Milestone)
	if ret {
		name = d.returnStepName(e.Milestone)
	}
	if name == "" {
		return e.Description
	}
	if det := d.detail(e.Detail); det != "" {
		return name + d.T["colon"] + " " + det
	}
	return name
}

// returnStepName names a milestone of a return parcel ("On its way back to
// us", "Bei uns angekommen"); milestones without a return step keep their
// name.
func (d *dict) returnStepName(m milestone.Milestone) string {
	if s, ok := d.T["r_step_"+m.String()]; ok {
		return s
	}
	return d.milestoneName(m)
}

// detail says a detail as the messages do, in a sentence fragment.
func (d *dict) detail(det milestone.Detail) string { return notify.DetailText(d.lang, det) }

// reason says why a parcel is late as the messages do; "" if they do not.
func (d *dict) reason(r tracking.Reason) string { return notify.ReasonText(d.lang, string(r)) }

// formatDate writes a day as the messages do: "Thursday, 5 March" or
// "Donnerstag, 5. März".
func (d *dict) formatDate(t time.Time) string {
	return notify.FormatDate(d.lang, t)
}

// formatDateTime writes a day and a time of day as the language joins them
// (phrase "date_time"): "Thursday, 5 March, 14:07", "jeudi 5 mars à 14:07".
func (d *dict) formatDateTime(t time.Time) string {
	return d.f("date_time", d.formatDate(t), t.Format("15:04"))
}

// f fills the placeholders {0}, {1}, ... of phrase key.
func (d *dict) f(key string, args ...string) string {
	s := d.T[key]
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", a)
	}
	return s
}

// dictionaries holds the page's words by language. French, Dutch, Spanish,
// Italian and Polish are in their own files (words_fr.go, ...).
var dictionaries = map[string]*dict{
	"fr": frDict,
	"nl": nlDict,
	"es": esDict,
	"it": itDict,
	"pl": plDict,
	"en": {
		lang: "en",
		T: map[string]string{
			"title":            "Your delivery from {0}",
			"greeting":         "Hello {0},",
			"your_parcel":      "Your parcel",
			"to_city":          "to {0}",
			"progress":         "Progress",
			"step_done":        "done",
			"step_current":     "current step",
			"step_todo":        "not yet",
			"timeline":         "History",
			"no_timeline":      "No news from the carrier yet.",
			"carrier":          "Carrier",
			"tracking_number":  "Tracking number",
			"expected":         "Expected delivery",
			"predicted":        "Expected from our past deliveries",
			"window":           "{0} to {1}",
			"last_checked":     "Last checked",
			"action":           "What you need to do",
			"help":             "Questions? We are happy to help:",
			"start_return":     "Start a return",
			"cross_sell":       "You might also like",
			"not_found_title":  "Link not valid",
			"not_found_text":   "This tracking link is not valid or has expired. Please use the link in our most recent e-mail, or contact us.",
			"error_title":      "Temporarily unavailable",
			"error_text":       "We cannot show your delivery right now. Please try again in a few minutes.",
			"h_pending":        "We are preparing your order",
			"h_pending_eta":    "We are preparing your order, due to arrive on {0}",
			"h_eta":            "Arrives on {0}",
			"h_out":            "Out for delivery: arriving today",
			"h_attempted":      "The carrier tried to deliver your parcel but missed you",
			"h_pickup_at":      "Ready for pickup at {0}",
			"h_at_risk":        "On its way, and we are keeping an eye on it",
			"h_delayed_eta":    "Sorry, your parcel is running late: now expected on {0}",
			"h_delayed":        "Sorry, your parcel is running late: we are waiting for a new date from the carrier",
			"h_exception":      "There is a problem with your delivery",
			"h_lost":           "We have not heard from the carrier for a while",
			"h_delivered":      "Delivered on {0}",
			"h_delivered_late": "Delivered on {0}, later than we promised: sorry for the wait",
			"h_returned":       "Your parcel is on its way back to us",
			"h_cancelled":      "This shipment was cancelled",
			"m_pending":        "The carrier has your shipping details but does not have the parcel yet.",
			"m_at_risk":        "The carrier has not reported progress as quickly as usual. We are checking with them.",
			"m_delayed":        "Your parcel is later than we promised: {0}.",
			"m_exception":      "The carrier reports: {0}.",
			"m_lost":           "The carrier has not reported your parcel for a while. We are looking into it and will contact you.",
			"m_returned":       "The parcel is being returned to us. We will contact you about a new delivery or a refund.",
			"m_cancelled":      "The carrier will not deliver this shipment. If you did not expect this, please contact us.",
			"m_attempted":      "The carrier tried to deliver your parcel: {0}.",
			"m_detail":         "Delivery: {0}.",
			"a_address":        "Please check your delivery address and contact us, so we can correct it with the carrier.",
			"a_customs":        "Customs needs a payment or a document from you. Please pay the duties or send the document as the carrier asks, so the parcel can be released.",
			"a_pickup":         "Please collect your parcel soon and bring an ID: pickup points usually keep parcels for about 7 days.",
			"a_attempted":      "Please arrange a new delivery with the carrier, or collect the parcel as the carrier's notice says.",
			"a_generic":        "Please contact us, so we can sort this out with the carrier.",
			"a_pickup_where":   "Pickup point: {0}",
			"delay_tag":        "Late",
			"action_tag":       "Action needed",
			"updated_at":       "Updated {0}",
			"logo_alt":         "{0} logo",
			"date_time":        "{0}, {1}",
			"colon":            ":",

			"title_return":              "Your return to {0}",
			"your_return":               "Your return parcel",
			"r_step_info_received":      "Return label created",
			"r_step_picked_up":          "Handed to the carrier",
			"r_step_in_transit":         "On its way back to us",
			"r_step_delivered":          "Received by us",
			"r_step_returned_to_sender": "On its way back to you",
			"r_h_pending":               "Your return label is ready",
			"r_m_pending":               "Please pack the items, stick the label on the parcel and hand it to the carrier.",
			"r_h_transit":               "Your return is on its way back to us",
			"r_m_transit":               "We will let you know as soon as it arrives.",
			"r_h_received":              "We received your return on {0}",
			"r_m_received":              "We are checking it now and will let you know about your refund or exchange.",
			"r_h_exception":             "There is a problem with your return parcel",
			"r_h_lost":                  "We have not heard from the carrier about your return for a while",
			"r_m_lost":                  "We are looking into it and will contact you.",
			"r_h_returned":              "The carrier is bringing your return parcel back to you",
			"r_m_returned":              "Please contact us, so we can sort this out.",
			"r_h_cancelled":             "This return parcel was cancelled",
		},
	},
	"de": {
		lang: "de",
		T: map[string]string{
			"title":            "Ihre Lieferung von {0}",
			"greeting":         "Hallo {0},",
			"your_parcel":      "Ihr Paket",
			"to_city":          "nach {0}",
			"progress":         "Fortschritt",
			"step_done":        "erledigt",
			"step_current":     "aktueller Schritt",
			"step_todo":        "noch nicht",
			"timeline":         "Verlauf",
			"no_timeline":      "Noch keine Meldung vom Paketdienst.",
			"carrier":          "Paketdienst",
			"tracking_number":  "Sendungsnummer",
			"expected":         "Voraussichtliche Zustellung",
			"predicted":        "Erwartet nach unseren bisherigen Lieferungen",
			"window":           "{0} bis {1}",
			"last_checked":     "Zuletzt geprüft",
			"action":           "Was Sie tun müssen",
			"help":             "Fragen? Wir helfen gern:",
			"start_return":     "Rücksendung starten",
			"cross_sell":       "Das könnte Ihnen auch gefallen",
			"not_found_title":  "Link ungültig",
			"not_found_text":   "Dieser Link zur Sendungsverfolgung ist ungültig oder abgelaufen. Bitte verwenden Sie den Link aus unserer neuesten E-Mail oder kontaktieren Sie uns.",
			"error_title":      "Vorübergehend nicht verfügbar",
			"error_text":       "Wir können Ihre Lieferung gerade nicht anzeigen. Bitte versuchen Sie es in ein paar Minuten erneut.",
			"h_pending":        "Wir bereiten Ihre Bestellung vor",
			"h_pending_eta":    "Wir bereiten Ihre Bestellung vor: Sie kommt voraussichtlich am {0}",
			"h_eta":            "Ihr Paket kommt am {0}",
			"h_out":            "Ihr Paket ist in Zustellung und kommt heute",
			"h_attempted":      "Der Paketdienst hat Sie leider nicht angetroffen",
			"h_pickup_at":      "Ihr Paket liegt zur Abholung bereit: {0}",
			"h_at_risk":        "Ihr Paket ist unterwegs – wir behalten es im Blick",
			"h_delayed_eta":    "Ihr Paket verspätet sich leider: Es kommt jetzt voraussichtlich am {0}",
			"h_delayed":        "Ihr Paket verspätet sich leider: Wir warten auf einen neuen Termin vom Paketdienst",
			"h_exception":      "Es gibt ein Problem mit Ihrer Lieferung",
			"h_lost":           "Wir haben seit einiger Zeit nichts vom Paketdienst gehört",
			"h_delivered":      "Zugestellt am {0}",
			"h_delivered_late": "Zugestellt am {0} – leider später als versprochen, bitte entschuldigen Sie",
			"h_returned":       "Ihr Paket ist auf dem Rückweg zu uns",
			"h_cancelled":      "Diese Sendung wurde storniert",
			"m_pending":        "Der Paketdienst hat Ihre Versanddaten, aber noch nicht das Paket.",
			"m_at_risk":        "Der Paketdienst meldet langsamer als üblich Fortschritt. Wir fragen dort nach.",
			"m_delayed":        "Ihr Paket kommt später als versprochen: {0}.",
			"m_exception":      "Der Paketdienst meldet: {0}.",
			"m_lost":           "Der Paketdienst hat Ihr Paket seit einiger Zeit nicht gemeldet. Wir kümmern uns und melden uns bei Ihnen.",
			"m_returned":       "Das Paket geht an uns zurück. Wir melden uns wegen einer neuen Zustellung oder einer Erstattung.",
			"m_cancelled":      "Der Paketdienst stellt diese Sendung nicht zu. Falls Sie das nicht erwartet haben, kontaktieren Sie uns bitte.",
			"m_attempted":      "Der Paketdienst hat versucht, Ihr Paket zuzustellen: {0}.",
			"m_detail":         "Zustellung: {0}.",
			"a_address":        "Bitte prüfen Sie Ihre Lieferadresse und kontaktieren Sie uns, damit wir sie beim Paketdienst korrigieren können.",
			"a_customs":        "Der Zoll benötigt eine Zahlung oder ein Dokument von Ihnen. Bitte zahlen Sie die Abgaben oder senden Sie das Dokument wie vom Paketdienst verlangt, damit das Paket freigegeben wird.",
			"a_pickup":         "Bitte holen Sie Ihr Paket bald ab und bringen Sie einen Ausweis mit: Abholstellen bewahren Pakete meist etwa 7 Tage auf.",
			"a_attempted":      "Bitte vereinbaren Sie mit dem Paketdienst eine neue Zustellung oder holen Sie das Paket ab, wie auf der Benachrichtigung beschrieben.",
			"a_generic":        "Bitte kontaktieren Sie uns, damit wir das mit dem Paketdienst klären können.",
			"a_pickup_where":   "Abholstelle: {0}",
			"delay_tag":        "Verspätet",
			"action_tag":       "Bitte handeln Sie",
			"updated_at":       "Aktualisiert {0}",
			"logo_alt":         "Logo von {0}",
			"date_time":        "{0}, {1}",
			"colon":            ":",

			"title_return":              "Ihre Rücksendung an {0}",
			"your_return":               "Ihre Rücksendung",
			"r_step_info_received":      "Rücksendeetikett erstellt",
			"r_step_picked_up":          "Beim Paketdienst abgegeben",
			"r_step_in_transit":         "Auf dem Weg zu uns",
			"r_step_delivered":          "Bei uns angekommen",
			"r_step_returned_to_sender": "Auf dem Rückweg zu Ihnen",
			"r_h_pending":               "Ihr Rücksendeetikett ist bereit",
			"r_m_pending":               "Bitte verpacken Sie die Artikel, kleben Sie das Etikett auf das Paket und geben Sie es beim Paketdienst ab.",
			"r_h_transit":               "Ihre Rücksendung ist auf dem Weg zu uns",
			"r_m_transit":               "Wir melden uns, sobald sie bei uns ankommt.",
			"r_h_received":              "Ihre Rücksendung ist am {0} bei uns angekommen",
			"r_m_received":              "Wir prüfen sie jetzt und melden uns wegen Ihrer Erstattung oder Ihres Umtauschs.",
			"r_h_exception":             "Es gibt ein Problem mit Ihrer Rücksendung",
			"r_h_lost":                  "Wir haben seit einiger Zeit nichts vom Paketdienst zu Ihrer Rücksendung gehört",
			"r_m_lost":                  "Wir kümmern uns darum und melden uns bei Ihnen.",
			"r_h_returned":              "Der Paketdienst bringt Ihre Rücksendung zu Ihnen zurück",
			"r_m_returned":              "Bitte kontaktieren Sie uns, damit wir das klären können.",
			"r_h_cancelled":             "Diese Rücksendung wurde storniert",
		},
	},
}
