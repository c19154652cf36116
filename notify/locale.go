package notify

import (
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/milestone"
)

// DefaultLanguage is the language every lookup falls back to.
const DefaultLanguage = "en"

// LanguageChain returns the candidate languages for a BCP 47 tag, most
// specific first and always ending in DefaultLanguage: "de-AT" gives
// ["de-at", "de", "en"], "" gives ["en"]. Tags are lower-cased and "_" is
// accepted for "-". It is the fallback order of the renderer, of FormatDate
// and of the phrase functions, for callers that keep wording of their own
// (tracking/page).
func LanguageChain(tag string) []string { return languageChain(tag) }

// FormatDate writes the calendar day of t (in t's location) in the language
// of the BCP 47 tag lang, falling back along LanguageChain to English:
// "Thursday, 5 March" in English, "Donnerstag, 5. März" in German, "jeudi 5
// mars" in French, "donderdag 5 maart" in Dutch, "jueves, 5 de marzo" in
// Spanish, "giovedì 5 marzo" in Italian, "czwartek, 5 marca" in Polish (the
// month in the genitive). These are the dates of notification messages (the
// ETA, an offer's expiry).
func FormatDate(lang string, t time.Time) string {
	return wordsFor(languageChain(lang)).formatDate(t)
}

// MilestoneText names milestone m as messages do (TemplateData.Milestone),
// in the language of the BCP 47 tag lang with FormatDate's fallback: "out
// for delivery", "in Zustellung". It is a phrase for the middle of a
// sentence; "" for a milestone without words.
func MilestoneText(lang string, m milestone.Milestone) string {
	return wordsFor(languageChain(lang)).milestone[m]
}

// DetailText says detail d as messages do (TemplateData.Detail), in the
// language of lang with FormatDate's fallback: "handed to a neighbour",
// "bei einem Nachbarn abgegeben". "" for no detail.
func DetailText(lang string, d milestone.Detail) string {
	return wordsFor(languageChain(lang)).detail[d]
}

// ReasonText says why a parcel is late as messages do
// (TemplateData.DelayReason), for a tracking reason such as "carrier_eta"
// or "promise_missed", in the language of lang with FormatDate's fallback.
// "" for a reason without words.
func ReasonText(lang, reason string) string {
	return wordsFor(languageChain(lang)).reason[reason]
}

func languageChain(tag string) []string {
	tag = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	var out []string
	for tag != "" {
		out = append(out, tag)
		i := strings.LastIndexByte(tag, '-')
		if i < 0 {
			break
		}
		tag = tag[:i]
	}
	if len(out) == 0 || out[len(out)-1] != DefaultLanguage {
		out = append(out, DefaultLanguage)
	}
	return out
}

// words holds the phrases the renderer puts into TemplateData for one language.
type words struct {
	weekdays  [7]string
	months    [12]string
	date      func(w, d, m string) string
	milestone map[milestone.Milestone]string
	detail    map[milestone.Detail]string
	reason    map[string]string
	action    map[actionKey]string
}

type actionKey struct {
	kind   Kind
	detail milestone.Detail
}

// wordsFor returns the word table of the first language in chain that has
// one; English if none has.
func wordsFor(chain []string) *words {
	for _, l := range chain {
		if w, ok := locales[l]; ok {
			return w
		}
	}
	return locales[DefaultLanguage]
}

// formatDate writes t as a day in w's language: "Thursday, 5 March" or
// "Donnerstag, 5. März".
func (w *words) formatDate(t time.Time) string {
	return w.date(w.weekdays[t.Weekday()], strconv.Itoa(t.Day()), w.months[t.Month()-1])
}

// actionText returns what the recipient must do for kind and detail, or "".
func (w *words) actionText(k Kind, d milestone.Detail) string {
	if s, ok := w.action[actionKey{k, d}]; ok {
		return s
	}
	return w.action[actionKey{k, ""}]
}

// locales holds the built-in word tables by language; the French, Dutch,
// Spanish, Italian and Polish ones are in their own files (locale_fr.go, ...).
var locales = map[string]*words{
	"fr": frWords,
	"nl": nlWords,
	"es": esWords,
	"it": itWords,
	"pl": plWords,
	"en": {
		weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months: [12]string{"January", "February", "March", "April", "May", "June", "July",
			"August", "September", "October", "November", "December"},
		date: func(w, d, m string) string { return w + ", " + d + " " + m },
		milestone: map[milestone.Milestone]string{
			milestone.InfoReceived:           "label created",
			milestone.PickedUp:               "picked up by the carrier",
			milestone.InTransit:              "on its way",
			milestone.ArrivedAtLocalFacility: "at your local delivery depot",
			milestone.OutForDelivery:         "out for delivery",
			milestone.DeliveryAttempted:      "delivery attempted",
			milestone.AvailableForPickup:     "ready for pickup",
			milestone.Delivered:              "delivered",
			milestone.Exception:              "held up",
			milestone.ReturnedToSender:       "on its way back to us",
			milestone.Cancelled:              "cancelled",
		},
		detail: map[milestone.Detail]string{
			milestone.DetailNotHome:                   "nobody was home",
			milestone.DetailBusinessClosed:            "the business was closed",
			milestone.DetailAddressProblem:            "the address could not be found",
			milestone.DetailRefused:                   "the parcel was refused",
			milestone.DetailDamaged:                   "the parcel was damaged",
			milestone.DetailLost:                      "the parcel cannot be located",
			milestone.DetailCustomsHold:               "the parcel is being held at customs",
			milestone.DetailCustomsCleared:            "the parcel has cleared customs",
			milestone.DetailWeather:                   "bad weather",
			milestone.DetailCarrierDelay:              "a delay at the carrier",
			milestone.DetailHeld:                      "the carrier is holding the parcel",
			milestone.DetailNeighbour:                 "handed to a neighbour",
			milestone.DetailSafePlace:                 "left at a safe place",
			milestone.DetailLocker:                    "placed in a parcel locker",
			milestone.DetailSigned:                    "signed for",
			milestone.DetailMailbox:                   "put in your mailbox",
			milestone.DetailArrivedDestinationCountry: "arrived in your country",
		},
		reason: map[string]string{
			"carrier_eta":    "the carrier has moved its delivery date back",
			"promise_missed": "it did not arrive by the date we promised",
			"no_scans":       "the carrier has not reported any progress for two working days",
			"not_picked_up":  "the carrier has not picked the parcel up yet",
		},
		action: map[actionKey]string{
			{KindDeliveryAttempted, ""}:                             "Please arrange a new delivery or collect the parcel using the carrier's card or the tracking link below.",
			{KindAvailableForPickup, ""}:                            "Please collect it soon: pickup points usually keep parcels for about 7 days before sending them back. Bring an ID.",
			{KindException, milestone.DetailAddressProblem}:         "Please check your delivery address and reply to this message if anything is missing, so we can fix it with the carrier.",
			{KindException, milestone.DetailCustomsHold}:            "Customs may need a payment or a document from you. Please follow the instructions on the tracking page.",
			{KindException, ""}:                                     "Nothing for you to do right now. We are on it and will keep you posted.",
			{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Please check your delivery address and reply to this message, so we can fix it with the carrier.",
			{KindReturnLabel, ""}:                                   "Print the label, stick it on the parcel and drop it off at any branch of the carrier.",
			{KindNotPickedUp, ""}:                                   "Please check that the parcel was handed over to the carrier.",
			{KindStalled, ""}:                                       "Please ask the carrier for a status report.",
			{KindLost, ""}:                                          "Please open a claim with the carrier and arrange a replacement for the customer.",
			{KindNotFound, ""}:                                      "Please check the tracking number and the carrier for this shipment.",
		},
	},
	"de": {
		weekdays: [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		months: [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
			"August", "September", "Oktober", "November", "Dezember"},
		date: func(w, d, m string) string { return w + ", " + d + ". " + m },
		milestone: map[milestone.Milestone]string{
			milestone.InfoReceived:           "Sendungsdaten übermittelt",
			milestone.PickedUp:               "vom Paketdienst abgeholt",
			milestone.InTransit:              "unterwegs",
			milestone.ArrivedAtLocalFacility: "im Zustellzentrum in Ihrer Nähe",
			milestone.OutForDelivery:         "in Zustellung",
			milestone.DeliveryAttempted:      "Zustellversuch",
			milestone.AvailableForPickup:     "abholbereit",
			milestone.Delivered:              "zugestellt",
			milestone.Exception:              "aufgehalten",
			milestone.ReturnedToSender:       "auf dem Rückweg zu uns",
			milestone.Cancelled:              "storniert",
		},
		detail: map[milestone.Detail]string{
			milestone.DetailNotHome:                   "niemand war zu Hause",
			milestone.DetailBusinessClosed:            "das Geschäft war geschlossen",
			milestone.DetailAddressProblem:            "die Adresse wurde nicht gefunden",
			milestone.DetailRefused:                   "die Annahme wurde verweigert",
			milestone.DetailDamaged:                   "das Paket wurde beschädigt",
			milestone.DetailLost:                      "das Paket ist nicht auffindbar",
			milestone.DetailCustomsHold:               "das Paket wird vom Zoll zurückgehalten",
			milestone.DetailCustomsCleared:            "das Paket wurde verzollt",
			milestone.DetailWeather:                   "schlechtes Wetter",
			milestone.DetailCarrierDelay:              "eine Verzögerung beim Paketdienst",
			milestone.DetailHeld:                      "der Paketdienst hält das Paket zurück",
			milestone.DetailNeighbour:                 "bei einem Nachbarn abgegeben",
			milestone.DetailSafePlace:                 "an einem sicheren Ablageort abgelegt",
			milestone.DetailLocker:                    "in eine Packstation gelegt",
			milestone.DetailSigned:                    "gegen Unterschrift zugestellt",
			milestone.DetailMailbox:                   "in Ihren Briefkasten gelegt",
			milestone.DetailArrivedDestinationCountry: "in Ihrem Land angekommen",
		},
		reason: map[string]string{
			"carrier_eta":    "der Paketdienst hat den Zustelltermin verschoben",
			"promise_missed": "es ist nicht bis zum versprochenen Termin angekommen",
			"no_scans":       "der Paketdienst meldet seit zwei Werktagen keinen Fortschritt",
			"not_picked_up":  "der Paketdienst hat das Paket noch nicht abgeholt",
		},
		action: map[actionKey]string{
			{KindDeliveryAttempted, ""}:                             "Bitte vereinbaren Sie eine neue Zustellung oder holen Sie das Paket ab – mit der Benachrichtigungskarte oder über den Link zur Sendungsverfolgung unten.",
			{KindAvailableForPickup, ""}:                            "Bitte holen Sie es bald ab: Abholstellen bewahren Pakete meist etwa 7 Tage auf, bevor sie zurückgehen. Bringen Sie einen Ausweis mit.",
			{KindException, milestone.DetailAddressProblem}:         "Bitte prüfen Sie Ihre Lieferadresse und antworten Sie auf diese Nachricht, falls etwas fehlt – wir klären es mit dem Paketdienst.",
			{KindException, milestone.DetailCustomsHold}:            "Der Zoll benötigt eventuell eine Zahlung oder ein Dokument von Ihnen. Bitte folgen Sie den Hinweisen in der Sendungsverfolgung.",
			{KindException, ""}:                                     "Sie müssen gerade nichts tun. Wir kümmern uns und halten Sie auf dem Laufenden.",
			{KindDeliveryAttempted, milestone.DetailAddressProblem}: "Bitte prüfen Sie Ihre Lieferadresse und antworten Sie auf diese Nachricht – wir klären es mit dem Paketdienst.",
			{KindReturnLabel, ""}:                                   "Drucken Sie das Etikett aus, kleben Sie es auf das Paket und geben Sie es in einer beliebigen Filiale des Paketdienstes ab.",
			{KindNotPickedUp, ""}:                                   "Bitte prüfen Sie, ob das Paket dem Paketdienst übergeben wurde.",
			{KindStalled, ""}:                                       "Bitte fragen Sie beim Paketdienst nach dem Status.",
			{KindLost, ""}:                                          "Bitte stellen Sie einen Nachforschungsauftrag beim Paketdienst und veranlassen Sie Ersatz für die Kundin oder den Kunden.",
			{KindNotFound, ""}:                                      "Bitte prüfen Sie Sendungsnummer und Paketdienst dieser Sendung.",
		},
	},
}
