package ops

import (
	"fmt"
	"html/template"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

// dict is the view's wording in one language. Milestones and details are
// notify's words, as the customer reads them; states and reasons the
// view's own short names.
type dict struct {
	lang    string
	T       map[string]string
	states  map[tracking.State]string
	reasons map[tracking.Reason]string
	months  [12]string
}

var words = map[string]*dict{
	"en": {
		lang: "en",
		T: map[string]string{
			"brand": "Shipments", "attention": "Needs attention", "allShipments": "All shipments", "deadLetters": "Dead letters",
			"shipment": "Shipment", "order": "Order", "filter": "Filter", "state": "State", "reason": "Reason",
			"carrier": "Carrier", "orderID": "Order", "search": "Order, shipment ID or tracking number", "find": "Find", "actionFilter": "Customer must act",
			"any": "any", "id": "Shipment", "tracking": "Tracking number", "milestone": "Milestone", "promised": "Promised by",
			"eta": "Carrier's estimate", "updated": "Last change", "created": "Registered", "lastChecked": "Last heard from carrier",
			"nextCheck": "Next check", "delivered": "Delivered", "cancelled": "Cancelled", "cancelReason": "Cancellation reason",
			"parcel": "Parcel", "of": "of", "none": "None.", "next": "Next page", "timeline": "Timeline", "time": "Time",
			"where": "Where", "carrierSays": "Carrier's words", "action": "customer must act", "late": "late",
			"messages": "Messages that could not be sent", "kind": "Message", "attempts": "Attempts",
			"lastError": "Last error", "deadAt": "Given up", "replay": "Send again", "discard": "Discard",
			"actions": "Actions", "resend": "Resend the last message", "resendButton": "Resend…", "cancel": "Cancel this shipment",
			"cancelButton": "Cancel shipment…", "promise": "Correct the promise", "promiseHelp": "Delivery by the end of this day in the shop's time zone; empty for no promise.",
			"save": "Save promise", "confirm": "Please confirm", "yes": "Yes, do it", "back": "Back",
			"confirm_cancel":    "Cancel this shipment? wismo stops following it and sends the customer no more messages. This cannot be undone.",
			"confirm_resend":    "Send this message to the customer again? A message cannot be taken back.",
			"confirm_replay":    "Send this message again? A message cannot be taken back.",
			"confirm_discard":   "Discard this message for good? It will never be sent; it stays on record.",
			"cancelReasonLabel": "Reason (kept with the shipment)",
			"done_cancelled":    "The shipment is cancelled.", "done_resent": "The message is queued to be sent again.",
			"done_promise": "The promise is corrected.", "done_replayed": "The message is queued to be sent again.",
			"done_discarded": "The message is discarded.",
			"deliveredOf":    "delivered", "parcels": "parcels",
			"error": "Error", "notFound": "There is no such page, shipment, order or message.",
			"badCursor": "This page link does not belong to this list (or was changed). Start again from the first page.",
			"badState":  "Unknown state", "badReason": "Unknown reason", "badText": "A filter is too long or has control characters.",
			"badKind": "Unknown message kind", "badForm": "The form could not be read.", "badReason2": "Give a reason of at most 500 characters.",
			"badPromise": "The promise must be a date (YYYY-MM-DD) between 1970 and 2199, or empty.",
			"csrf":       "This action was refused: the form is not from this session (reload the page and try again).",
			"conflict":   "The shipment changed since you opened it. Reload the page and check before trying again.",
			"closed":     "The shipment is cancelled or finished and cannot be changed.",
			"invalid":    "The change was refused:", "unavailable": "Something went wrong. Please try again in a minute.",
			"nothingFound": "No order, shipment or tracking number matches",
			"notFoundTag":  "carrier has no data", "notFoundFilter": "Carrier has no data",
			"notFoundLong": "The carrier has had no data for this number since it was registered: the number may be wrong, or the parcel not handed over yet.",
			"allMessages":  "Messages", "for": "For", "at": "When",
			"msg_pending": "waiting to be sent", "msg_sent": "sent", "msg_dead": "could not be sent",
			"msg_withdrawn": "withdrawn (shipment cancelled)", "msg_discarded": "discarded",
			"aud_customer": "customer", "aud_merchant": "shop",
			"at_pending": "next attempt", "at_sent": "sent", "at_dead": "given up", "at_discarded": "given up",
			"noMessage": "No message of this kind was sent about this shipment, so there is none to send again.",
		},
		states: map[tracking.State]string{
			tracking.StatePending: "pending", tracking.StateOnTrack: "on track", tracking.StateAtRisk: "at risk",
			tracking.StateDelayed: "delayed", tracking.StateException: "exception", tracking.StateLost: "lost",
			tracking.StateDelivered: "delivered", tracking.StateReturned: "returned", tracking.StateCancelled: "cancelled",
		},
		reasons: map[tracking.Reason]string{
			tracking.ReasonNotPickedUp: "not picked up", tracking.ReasonNoScans: "no scans for days",
			tracking.ReasonPredictedLate: "expected after the promise", tracking.ReasonCarrierETA: "carrier's estimate after the promise",
			tracking.ReasonPromiseMissed: "promise missed", tracking.ReasonCarrierException: "carrier reports a problem",
			tracking.ReasonSilence: "no news for too long", tracking.ReasonOnTime: "on time", tracking.ReasonLate: "late",
		},
		months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	},
	"de": {
		lang: "de",
		T: map[string]string{
			"brand": "Sendungen", "attention": "Braucht Aufmerksamkeit", "allShipments": "Alle Sendungen", "deadLetters": "Unzustellbare Nachrichten",
			"shipment": "Sendung", "order": "Bestellung", "filter": "Filtern", "state": "Status", "reason": "Grund",
			"carrier": "Versanddienst", "orderID": "Bestellung", "search": "Bestell-, Sendungs-ID oder Sendungsnummer", "find": "Suchen", "actionFilter": "Kunde muss handeln",
			"any": "alle", "id": "Sendung", "tracking": "Sendungsnummer", "milestone": "Stand", "promised": "Zugesagt bis",
			"eta": "Schätzung des Versanddienstes", "updated": "Letzte Änderung", "created": "Angelegt", "lastChecked": "Zuletzt vom Versanddienst gehört",
			"nextCheck": "Nächste Abfrage", "delivered": "Zugestellt", "cancelled": "Storniert", "cancelReason": "Stornogrund",
			"parcel": "Paket", "of": "von", "none": "Keine.", "next": "Nächste Seite", "timeline": "Verlauf", "time": "Zeit",
			"where": "Ort", "carrierSays": "Worte des Versanddienstes", "action": "Kunde muss handeln", "late": "verspätet",
			"messages": "Nachrichten, die nicht gesendet werden konnten", "kind": "Nachricht", "attempts": "Versuche",
			"lastError": "Letzter Fehler", "deadAt": "Aufgegeben", "replay": "Erneut senden", "discard": "Verwerfen",
			"actions": "Aktionen", "resend": "Letzte Nachricht erneut senden", "resendButton": "Erneut senden…", "cancel": "Diese Sendung stornieren",
			"cancelButton": "Sendung stornieren…", "promise": "Zusage korrigieren", "promiseHelp": "Zustellung bis zum Ende dieses Tages in der Zeitzone des Shops; leer für keine Zusage.",
			"save": "Zusage speichern", "confirm": "Bitte bestätigen", "yes": "Ja, ausführen", "back": "Zurück",
			"confirm_cancel":    "Diese Sendung stornieren? wismo verfolgt sie nicht mehr und schickt dem Kunden keine Nachrichten mehr. Das lässt sich nicht rückgängig machen.",
			"confirm_resend":    "Diese Nachricht dem Kunden erneut senden? Eine Nachricht lässt sich nicht zurückholen.",
			"confirm_replay":    "Diese Nachricht erneut senden? Eine Nachricht lässt sich nicht zurückholen.",
			"confirm_discard":   "Diese Nachricht endgültig verwerfen? Sie wird nie gesendet, bleibt aber dokumentiert.",
			"cancelReasonLabel": "Grund (wird bei der Sendung gespeichert)",
			"done_cancelled":    "Die Sendung ist storniert.", "done_resent": "Die Nachricht wird erneut gesendet.",
			"done_promise": "Die Zusage ist korrigiert.", "done_replayed": "Die Nachricht wird erneut gesendet.",
			"done_discarded": "Die Nachricht ist verworfen.",
			"deliveredOf":    "zugestellt", "parcels": "Paketen",
			"error": "Fehler", "notFound": "Diese Seite, Sendung, Bestellung oder Nachricht gibt es nicht.",
			"badCursor": "Dieser Seitenlink gehört nicht zu dieser Liste (oder wurde verändert). Bitte auf der ersten Seite neu beginnen.",
			"badState":  "Unbekannter Status", "badReason": "Unbekannter Grund", "badText": "Ein Filter ist zu lang oder enthält Steuerzeichen.",
			"badKind": "Unbekannte Nachrichtenart", "badForm": "Das Formular ließ sich nicht lesen.", "badReason2": "Bitte einen Grund mit höchstens 500 Zeichen angeben.",
			"badPromise": "Die Zusage muss ein Datum (JJJJ-MM-TT) zwischen 1970 und 2199 sein, oder leer.",
			"csrf":       "Diese Aktion wurde abgelehnt: Das Formular stammt nicht aus dieser Sitzung (Seite neu laden und noch einmal versuchen).",
			"conflict":   "Die Sendung hat sich geändert, seit Sie sie geöffnet haben. Bitte neu laden und prüfen.",
			"closed":     "Die Sendung ist storniert oder abgeschlossen und lässt sich nicht mehr ändern.",
			"invalid":    "Die Änderung wurde abgelehnt:", "unavailable": "Etwas ist schiefgegangen. Bitte in einer Minute noch einmal versuchen.",
			"nothingFound": "Keine Bestellung, Sendung oder Sendungsnummer passt zu",
			"notFoundTag":  "keine Daten beim Versanddienst", "notFoundFilter": "Keine Daten beim Versanddienst",
			"notFoundLong": "Der Versanddienst hat zu dieser Nummer seit der Anlage keine Daten: Die Nummer ist vielleicht falsch, oder das Paket wurde noch nicht übergeben.",
			"allMessages":  "Nachrichten", "for": "An", "at": "Wann",
			"msg_pending": "wartet auf Versand", "msg_sent": "gesendet", "msg_dead": "nicht zustellbar",
			"msg_withdrawn": "zurückgezogen (Sendung storniert)", "msg_discarded": "verworfen",
			"aud_customer": "Kunde", "aud_merchant": "Shop",
			"at_pending": "nächster Versuch", "at_sent": "gesendet", "at_dead": "aufgegeben", "at_discarded": "aufgegeben",
			"noMessage": "Zu dieser Sendung wurde keine Nachricht dieser Art gesendet, also gibt es keine zum erneuten Senden.",
		},
		states: map[tracking.State]string{
			tracking.StatePending: "angelegt", tracking.StateOnTrack: "im Plan", tracking.StateAtRisk: "gefährdet",
			tracking.StateDelayed: "verspätet", tracking.StateException: "Problem", tracking.StateLost: "verloren",
			tracking.StateDelivered: "zugestellt", tracking.StateReturned: "zurückgesandt", tracking.StateCancelled: "storniert",
		},
		reasons: map[tracking.Reason]string{
			tracking.ReasonNotPickedUp: "nicht abgeholt", tracking.ReasonNoScans: "seit Tagen kein Scan",
			tracking.ReasonPredictedLate: "nach der Zusage erwartet", tracking.ReasonCarrierETA: "Schätzung nach der Zusage",
			tracking.ReasonPromiseMissed: "Zusage verpasst", tracking.ReasonCarrierException: "Versanddienst meldet ein Problem",
			tracking.ReasonSilence: "zu lange keine Nachricht", tracking.ReasonOnTime: "pünktlich", tracking.ReasonLate: "verspätet",
		},
		months: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
	},
}

// when writes a time in the operator's language: "5 Mar 2026, 14:05" or
// "5. März 2026, 14:05"; "–" for the zero time. The time is already in
// the shop's zone.
func (d *dict) when(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if d.lang == "de" {
		return t.Format("2.") + " " + d.months[t.Month()-1] + " " + t.Format("2006, 15:04")
	}
	return t.Format("2") + " " + d.months[t.Month()-1] + " " + t.Format("2006, 15:04")
}

var funcs = template.FuncMap{
	"when": func(d *dict, t time.Time) string { return d.when(t) },
	"iso":  func(t time.Time) string { return t.Format(time.RFC3339) },
	"state": func(d *dict, s tracking.State) string {
		if w, ok := d.states[s]; ok {
			return w
		}
		return string(s)
	},
	"reason": func(d *dict, r tracking.Reason) string {
		if w, ok := d.reasons[r]; ok {
			return w
		}
		return string(r)
	},
	"milestone": func(d *dict, m milestone.Milestone) string {
		if w := notify.MilestoneText(d.lang, m); w != "" {
			return w
		}
		return string(m)
	},
	"detail": func(d *dict, x milestone.Detail) string { return notify.DetailText(d.lang, x) },
	"has":    func(list []string, s fmt.Stringer) bool { return slices.Contains(list, s.String()) },
	// say is the word for prefix+value ("msg_" and a message status), or
	// the value itself when the dictionary has none.
	"say": func(d *dict, prefix string, v any) string {
		if w, ok := d.T[prefix+fmt.Sprint(v)]; ok {
			return w
		}
		return fmt.Sprint(v)
	},
}
