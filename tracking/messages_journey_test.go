package tracking_test

// Journeys for "messages that are right": what the rendered customer
// messages say, through the public API (tracking.New with the built-in
// Renderer, memstore, a fake clock and notifytest.Recorder).

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// msgEnv is a Service that renders its messages with the built-in templates.
type msgEnv struct {
	svc *tracking.Service
	clk *jClock
	out *notifytest.Recorder
}

func newMsgEnv(t *testing.T, offer notify.DelayOffer) *msgEnv {
	t.Helper()
	r, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Kaffeehaus"}})
	if err != nil {
		t.Fatal(err)
	}
	e := &msgEnv{clk: &jClock{now: mar(2, 8, 0)}, out: &notifytest.Recorder{}}
	svc, err := tracking.New(tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(jQuiet{}), Notifier: e.out, Now: e.clk.Now,
		Merchant: jMerchant, Renderer: r, DelayOffer: offer,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

func (e *msgEnv) track(t *testing.T, id, order, locale string) {
	t.Helper()
	sh := tracking.Shipment{
		ID: id, OrderID: order, Carrier: "ups", TrackingNumber: "1Z" + id,
		Recipient:  notify.Recipient{ID: "c-" + id, Name: "Ada", Email: id + "@example.com", Locale: locale},
		PromisedBy: jPromise, TimeZone: jBerlin,
	}
	if err := e.svc.Track(context.Background(), sh); err != nil {
		t.Fatal(err)
	}
}

// step sets the clock to at, pushes the scans for shipment id with the
// carrier's estimate eta, and returns the messages sent meanwhile.
func (e *msgEnv) step(t *testing.T, at time.Time, id string, eta time.Time, scans ...milestone.Scan) []notify.Message {
	t.Helper()
	before := len(e.out.Messages())
	e.clk.set(at)
	if err := e.svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "1Z" + id, Scans: scans, EstimatedDelivery: eta}); err != nil {
		t.Fatal(err)
	}
	return e.out.Messages()[before:]
}

// find returns the message of kind k among ms; it fails when there is none.
func find(t *testing.T, ms []notify.Message, k notify.Kind) notify.Message {
	t.Helper()
	for _, m := range ms {
		if m.Kind == k {
			return m
		}
	}
	t.Fatalf("sent %s, want a %s", jKinds(ms), k)
	return notify.Message{}
}

// Issue 18, item 1: a message never quotes an estimate for a day before the
// day it is made on (in the recipient's zone); an estimate for today is
// still news.
func TestJourneyMessagesNoPastEstimate(t *testing.T) {
	tue := mar(3, 18, 0) // the carrier's estimate, which it never updates
	e := newMsgEnv(t, nil)
	e.track(t, "s1", "1007", "en")
	e.track(t, "s2", "1008", "en")
	e.track(t, "s3", "1009", "de-DE")
	for i, id := range []string{"s1", "s2", "s3"} {
		find(t, e.step(t, mar(2, 10, 30+i), id, tue, jScan(mar(2, 10, 0), jPickup)), notify.KindShipped)
	}
	noEstimate := func(m notify.Message, day ...string) {
		t.Helper()
		if !m.ETA.IsZero() {
			t.Errorf("%s of %s carries the passed estimate %s", m.Kind, m.CreatedAt.Format(time.DateOnly), m.ETA)
		}
		for _, s := range append(day, "estimate", "Zustellprognose") {
			if strings.Contains(m.Subject+m.Text+m.HTML, s) {
				t.Errorf("%s of %s says %q:\n%s", m.Kind, m.CreatedAt.Format(time.DateOnly), s, m.Text)
			}
		}
	}

	// Tuesday morning: the estimate is today, and the exception says so.
	m := find(t, e.step(t, mar(3, 9, 30), "s1", tue, jScan(mar(3, 9, 0), jWeather)), notify.KindException)
	if !strings.Contains(m.Text, "The current delivery estimate is Tuesday, 3 March.") || !m.ETA.Equal(tue) {
		t.Errorf("an estimate for today is news; got ETA %s and text:\n%s", m.ETA, m.Text)
	}

	// Wednesday: the estimate has passed. Exceptions, in English and German,
	// and out-for-delivery do not quote it.
	noEstimate(find(t, e.step(t, mar(4, 9, 30), "s2", tue, jScan(mar(4, 9, 0), jWeather)), notify.KindException), "3 March")
	noEstimate(find(t, e.step(t, mar(4, 9, 40), "s3", tue, jScan(mar(4, 9, 0), jWeather)), notify.KindException), "3. März")
	noEstimate(find(t, e.step(t, mar(4, 9, 50), "s1", tue, jScan(mar(4, 9, 45), jOFD)), notify.KindOutForDelivery), "3 March")

	// Thursday: the promise is missed too; the delay says what is known.
	m = find(t, e.step(t, mar(5, 10, 0), "s2", tue, jScan(mar(5, 9, 0), jDeparted)), notify.KindDelayed)
	noEstimate(m, "3 March")
	if !strings.Contains(m.Text, "We don't have a new delivery date yet") {
		t.Errorf("the delay must say there is no new date yet:\n%s", m.Text)
	}
}

// Issue 18, item 5: the apology offer speaks the message's language or is
// left out; an offer with only an English text never shows in German.
func TestJourneyMessagesOfferInTheMessagesLanguage(t *testing.T) {
	offer := notify.DelayOfferFunc(func(context.Context, notify.Message) (*notify.Offer, error) {
		return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{"en": "10% off your next order"}}, nil
	})
	e := newMsgEnv(t, offer)
	e.track(t, "s1", "1007", "en")
	e.track(t, "s2", "1008", "de-DE")
	for i, id := range []string{"s1", "s2"} {
		find(t, e.step(t, mar(2, 10, 30+i), id, time.Time{}, jScan(mar(2, 10, 0), jPickup)), notify.KindShipped)
	}
	en := find(t, e.step(t, mar(3, 9, 30), "s1", time.Time{}, jScan(mar(3, 9, 0), jWeather)), notify.KindException)
	if !strings.Contains(en.Text, "A small apology from us: 10% off your next order") || !strings.Contains(en.Text, "SORRY10") {
		t.Errorf("the English exception must carry the offer:\n%s", en.Text)
	}
	de := find(t, e.step(t, mar(3, 9, 40), "s2", time.Time{}, jScan(mar(3, 9, 0), jWeather)), notify.KindException)
	for _, s := range []string{"10% off", "SORRY10", "Als kleine Entschuldigung"} {
		if strings.Contains(de.Text+de.HTML, s) {
			t.Errorf("the German exception shows the English-only offer (%q):\n%s", s, de.Text)
		}
	}
	if !strings.Contains(de.Text, "Es tut uns leid") {
		t.Errorf("the German exception must still be sent in German:\n%s", de.Text)
	}
}

// Issue 18, item 6: without an order id the messages read naturally in
// English and German: no "order  has", no dangling "Bestellung".
func TestJourneyMessagesWithoutOrderID(t *testing.T) {
	e := newMsgEnv(t, nil)
	e.track(t, "s1", "", "en")
	e.track(t, "s2", "", "de-DE")
	var sent []notify.Message
	// An order reference without its id, or the gap it leaves.
	dangling := regexp.MustCompile(`\b(from|for|of) order\b|\(order|\b(aus der|zur|für die) Bestellung\b|\(Bestellung|  | [.,)]`)
	for _, st := range []struct {
		at   time.Time
		desc string
	}{{mar(2, 10, 0), jPickup}, {mar(3, 9, 0), jWeather}, {mar(4, 9, 0), jOFD}, {mar(4, 15, 0), jDelivered}} {
		for i, id := range []string{"s1", "s2"} {
			sent = append(sent, e.step(t, st.at.Add(time.Duration(30+i)*time.Minute), id, time.Time{}, jScan(st.at, st.desc))...)
		}
	}
	want := map[string]bool{
		"Your order is on its way":               false,
		"your parcel has run into a problem":     false,
		"Your parcel is on the delivery vehicle": false,
		"Ihre Bestellung ist unterwegs":          false,
		"Bei Ihrem Paket gibt es ein Problem":    false,
		"Ihr Paket ist im Zustellfahrzeug":       false,
		"Ihr Paket wurde zugestellt":             false,
	}
	for _, m := range sent {
		all := m.Subject + "\n" + m.Text
		if bad := dangling.FindString(all); bad != "" {
			t.Errorf("%s/%s says %q without an order id:\n%s", m.Recipient.Locale, m.Kind, bad, all)
		}
		for s := range want {
			if strings.Contains(all, s) {
				want[s] = true
			}
		}
	}
	for s, ok := range want {
		if !ok {
			t.Errorf("no message says %q; sent %s", s, jKinds(sent))
		}
	}
}
