package notify_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
)

// Render a delayed message in German for a customer in Vienna, with an
// apology offer.
func ExampleRenderer_Render() {
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{
		ShopName:     "Nordlicht",
		SupportEmail: "hilfe@nordlicht.example",
		TrackingURL:  func(m notify.Message) string { return "https://nordlicht.example/track/" + m.ShipmentID },
	}})
	if err != nil {
		panic(err)
	}
	m := notify.Message{
		ID: notify.MessageID("s1", "delayed", "1"), Kind: notify.KindDelayed, Audience: notify.Customer,
		ShipmentID: "s1", OrderID: "1042", Carrier: "dhl", Reason: "carrier_eta",
		ETA:       time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC),
		Recipient: notify.Recipient{ID: "c1", Name: "Ada Lovelace", Locale: "de-AT", TimeZone: "Europe/Vienna"},
	}
	data := r.Data(m)
	data.SetOffer(&notify.Offer{Code: "SORRY10", Descriptions: map[string]string{
		"en": "10% off your next order",
		"de": "10 % Rabatt auf Ihre nächste Bestellung",
	}}, nil)
	if err := r.Render(&m, data); err != nil {
		panic(err)
	}
	fmt.Println(m.Subject)
	fmt.Println()
	fmt.Print(m.Text)
	// Output:
	// Entschuldigung: Ihre Bestellung 1042 verspätet sich
	//
	// Hallo Ada,
	//
	// Ihr Paket aus der Bestellung 1042 braucht länger als versprochen: der Paketdienst hat den Zustelltermin verschoben. Neuer voraussichtlicher Liefertermin: Donnerstag, 5. März.
	//
	// Wir wissen, dass Sie sich darauf gefreut haben, und entschuldigen uns für die Wartezeit. Als Dankeschön für Ihre Geduld haben wir etwas für Ihre nächste Bestellung.
	//
	// Als kleine Entschuldigung: 10 % Rabatt auf Ihre nächste Bestellung
	// Ihr Code: SORRY10
	//
	// Sendung verfolgen: https://nordlicht.example/track/s1
	//
	// Herzliche Grüße, Ihr Team von Nordlicht
	//
	// --
	// Sie erhalten diese Nachricht, weil Sie bei Nordlicht bestellt haben. Fragen? Schreiben Sie uns an hilfe@nordlicht.example.
}

// Dispatch a message to a customer with quiet hours: at night it is
// deferred, in the morning it is sent; a failing channel is retried.
func ExampleDispatcher_Dispatch() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 3, 2, 22, 30, 0, 0, berlin)
	email := &notifytest.Recorder{}
	prefs := &notify.MemoryPreferences{}
	prefs.Set("c1", notify.Prefs{Channels: []string{"email"}, QuietHours: notify.QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}})
	d, err := notify.NewDispatcher(notify.DispatcherConfig{
		Channels:    map[string]notify.Notifier{"email": email},
		Preferences: prefs,
		Now:         func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	m := notify.Message{
		ID: notify.MessageID("s1", "out_for_delivery"), Kind: notify.KindOutForDelivery, Audience: notify.Customer,
		ShipmentID: "s1", OrderID: "1042",
		Recipient: notify.Recipient{ID: "c1", Email: "ada@example.com", TimeZone: "Europe/Berlin"},
		Subject:   "Your parcel arrives today", Text: "...",
	}

	res := d.Dispatch(context.Background(), m, notify.Attempt{})
	fmt.Println(res.Outcome, res.Reason, res.NextAttempt.In(berlin).Format("Mon 15:04"))

	now = res.NextAttempt
	email.FailNext(1, nil)
	res = d.Dispatch(context.Background(), m, res.Next())
	fmt.Println(res.Outcome, "attempt", res.Attempt, "next in", res.NextAttempt.Sub(now))

	now = res.NextAttempt
	res = d.Dispatch(context.Background(), m, res.Next())
	fmt.Println(res.Outcome, "attempt", res.Attempt, "via", res.Channel)
	fmt.Println(email.Kinds())
	// Output:
	// deferred quiet_hours Tue 08:00
	// retry attempt 1 next in 30s
	// sent attempt 2 via email
	// [out_for_delivery]
}

// Quiet hours are read in the recipient's local time.
func ExampleQuietHours_Until() {
	q, err := notify.ParseQuietHours("21:00-08:00")
	if err != nil {
		panic(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	until, quiet := q.Until(time.Date(2026, 3, 2, 23, 15, 0, 0, berlin))
	fmt.Println(quiet, until.Format("Mon 15:04"))
	_, quiet = q.Until(time.Date(2026, 3, 3, 9, 0, 0, 0, berlin))
	fmt.Println(quiet)
	// Output:
	// true Tue 08:00
	// false
}

// A day in the recipient's language, as messages and the tracking page
// write it; an unknown language falls back to English.
func ExampleFormatDate() {
	day := time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC)
	fmt.Println(notify.FormatDate("en", day))
	fmt.Println(notify.FormatDate("de-AT", day))
	for _, tag := range []string{"fr-FR", "nl-BE", "es-MX", "it", "pl"} {
		fmt.Println(notify.FormatDate(tag, day))
	}
	fmt.Println(notify.FormatDate("sv", day))
	vienna := time.FixedZone("CET", 3600)
	fmt.Println(notify.FormatDate("de", day.In(vienna)))
	fmt.Println(notify.LanguageChain("de_AT"))
	// Output:
	// Thursday, 5 March
	// Donnerstag, 5. März
	// jeudi 5 mars
	// donderdag 5 maart
	// jueves, 5 de marzo
	// giovedì 5 marzo
	// czwartek, 5 marca
	// Thursday, 5 March
	// Freitag, 6. März
	// [de-at de en]
}
