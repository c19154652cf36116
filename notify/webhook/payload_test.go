package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/webhook"
)

// rendered renders m as the dispatcher does before a channel sends it.
func rendered(t *testing.T, m notify.Message) notify.Message {
	t.Helper()
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{
		ShopName:     "Hoppla Shop",
		SupportEmail: "help@hoppla.example",
		TrackingURL:  func(m notify.Message) string { return "https://hoppla.example/t/" + m.ShipmentID },
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Render(&m, r.Data(m)); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPayloadCarriesWhatABridgeNeeds: an SMS or chat bridge gets the
// structured fields of the message and a short text in the message's
// language, without the e-mail's greeting and "--" footer.
func TestPayloadCarriesWhatABridgeNeeds(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	base := func(kind notify.Kind, locale string) notify.Message {
		return notify.Message{
			ID: notify.MessageID("s1", string(kind)), Kind: kind, Audience: kind.Audience(),
			ShipmentID: "s1", OrderID: "o1",
			Recipient: notify.Recipient{ID: "c1", Name: "Ada Lovelace", Locale: locale, TimeZone: "Europe/Berlin"},
			Carrier:   "dhl", TrackingNumber: "00340434161094042557", CreatedAt: created,
		}
	}
	type want struct {
		short           string
		action          bool
		trackingURL     string
		pickup, label   string
		refund, return_ string
	}
	for _, tc := range []struct {
		name string
		m    func(notify.Message) notify.Message
		kind notify.Kind
		en   string
		de   string
		want want
	}{{
		name: "pickup", kind: notify.KindAvailableForPickup,
		m: func(m notify.Message) notify.Message {
			m.PickupLocation = "Packstation 105, Hauptstr. 1, Berlin"
			return m
		},
		en:   "Your parcel is ready for pickup: Packstation 105, Hauptstr. 1, Berlin. https://hoppla.example/t/s1",
		de:   "Ihr Paket liegt zur Abholung bereit: Packstation 105, Hauptstr. 1, Berlin. https://hoppla.example/t/s1",
		want: want{action: true, trackingURL: "https://hoppla.example/t/s1", pickup: "Packstation 105, Hauptstr. 1, Berlin"},
	}, {
		name: "out for delivery", kind: notify.KindOutForDelivery,
		m:    func(m notify.Message) notify.Message { return m },
		en:   "Your parcel arrives today. https://hoppla.example/t/s1",
		de:   "Ihr Paket kommt heute. https://hoppla.example/t/s1",
		want: want{trackingURL: "https://hoppla.example/t/s1"},
	}, {
		name: "return label", kind: notify.KindReturnLabel,
		m: func(m notify.Message) notify.Message {
			m.ReturnID, m.LabelURL = "r1", "https://labels.example/r1.pdf"
			return m
		},
		en:   "Your return label for order o1. https://labels.example/r1.pdf",
		de:   "Ihr Rücksendeetikett für die Bestellung o1. https://labels.example/r1.pdf",
		want: want{action: true, trackingURL: "https://hoppla.example/t/s1", label: "https://labels.example/r1.pdf", return_: "r1"},
	}, {
		name: "refund", kind: notify.KindRefundIssued,
		m: func(m notify.Message) notify.Message {
			m.ReturnID, m.RefundAmount = "r1", "€49.90"
			return m
		},
		en:   "Your refund of €49.90 is on its way.",
		de:   "Ihre Erstattung über €49.90 ist unterwegs.",
		want: want{refund: "€49.90", return_: "r1"},
	}} {
		for _, lang := range []string{"en", "de"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				m := rendered(t, tc.m(base(tc.kind, lang)))
				body, err := json.Marshal(webhook.NewPayload(m, 0))
				if err != nil {
					t.Fatal(err)
				}
				var p webhook.Payload
				if err := json.Unmarshal(body, &p); err != nil {
					t.Fatal(err)
				}
				short := tc.en
				if lang == "de" {
					short = tc.de
				}
				if p.ShortText != short {
					t.Errorf("short_text = %q, want %q", p.ShortText, short)
				}
				if n := utf8.RuneCountInString(p.ShortText); n > webhook.ShortMax {
					t.Errorf("short_text has %d characters, more than %d", n, webhook.ShortMax)
				}
				for _, bad := range []string{"--", "\n", "Ada", "Hoppla Shop"} {
					if strings.Contains(p.ShortText, bad) {
						t.Errorf("short_text %q contains %q (greeting or footer)", p.ShortText, bad)
					}
				}
				if !strings.Contains(p.Text, "--") {
					t.Errorf("text %q is not the e-mail text", p.Text)
				}
				got := want{short: p.ShortText, action: p.ActionRequired, trackingURL: p.TrackingURL,
					pickup: p.PickupLocation, label: p.LabelURL, refund: p.RefundAmount, return_: p.ReturnID}
				w := tc.want
				w.short = short
				if got != w {
					t.Errorf("payload fields = %+v, want %+v", got, w)
				}
				if p.Carrier != "dhl" || p.TrackingNumber != "00340434161094042557" {
					t.Errorf("carrier, tracking number = %q, %q", p.Carrier, p.TrackingNumber)
				}
			})
		}
	}
}

// TestShortTextKeepsTheLink: a subject too long for one SMS is cut at a word,
// the link kept whole; a pickup location that does not fit is left out.
func TestShortTextKeepsTheLink(t *testing.T) {
	link := "https://hoppla.example/t/" + strings.Repeat("x", 40)
	m := notify.Message{
		Kind:           notify.KindAvailableForPickup,
		Subject:        strings.Repeat("word ", 40),
		PickupLocation: strings.Repeat("Hauptstraße ", 20),
		TrackingURL:    link,
	}
	s := webhook.ShortText(m)
	if !strings.HasSuffix(s, "… "+link) || utf8.RuneCountInString(s) > webhook.ShortMax || strings.Contains(s, "Haupt") {
		t.Errorf("ShortText = %q (%d characters)", s, utf8.RuneCountInString(s))
	}
	m.Subject = "Your parcel is ready for pickup"
	if s, want := webhook.ShortText(m), "Your parcel is ready for pickup. "+link; s != want {
		t.Errorf("ShortText = %q, want %q", s, want)
	}
	if s := webhook.ShortText(notify.Message{Text: "Hello"}); s != "" {
		t.Errorf("ShortText of an unrendered message = %q, want empty", s)
	}
}
