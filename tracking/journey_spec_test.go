package tracking_test

// Journey scenarios: whole shipments driven only through the public API
// (tracking.New with a fake clock, Track, Ingest, Tick, Status and a
// recording notifier), each traceable to a sentence of the documented
// behaviour: the relevance policy, delay detection and the Service. Scans use
// UPS's own wording and the built-in classifier, as a host would see them;
// TestJourneyVocabulary pins what each wording means, so that a journey
// failure is about the service and not about the classifier.
//
// Each step sets the clock, acts (ingest, tick, track or nothing), and then
// checks the state, the reason and exactly the messages sent during that
// step ("c:" customer, "m:" merchant), so a journey asserts what is sent,
// how often and when.

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// The journeys' world: Berlin, March 2026 (no daylight-saving change before
// the 29th). Monday 2 March is the first day; the default promise is
// Wednesday 4 March, end of day.
var (
	jBerlin   = jZone("Europe/Berlin")
	jAuckland = jZone("Pacific/Auckland")
	jPromise  = time.Date(2026, 3, 4, 23, 59, 59, 0, jBerlin)
	jMerchant = notify.Recipient{ID: "shop", Name: "Shop ops", Email: "ops@shop.example"}
)

func jZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// mar is a time on a day of March 2026 in Berlin.
func mar(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, jBerlin) }

// UPS wordings and what the built-in classifier makes of them.
const (
	jLabel     = "Shipper created a label, UPS has not received the package yet." // info_received
	jOrderData = "Order Processed: Ready for UPS"                                 // info_received
	jPickup    = "Pickup Scan"                                                    // picked_up
	jDeparted  = "Departed from Facility"                                         // in_transit
	jArrived   = "Arrived at Facility"                                            // in_transit
	jProcessed = "Processing at UPS Facility"                                     // in_transit
	jDest      = "Destination Scan"                                               // arrived_at_local_facility
	jOFD       = "Out For Delivery Today"                                         // out_for_delivery
	jLoaded    = "Loaded on Delivery Vehicle"                                     // out_for_delivery
	jAttempt   = "The receiver was not available for delivery. We'll make a second attempt the next business day."
	jAtPoint   = "Your package is available for pickup at the UPS Access Point" // available_for_pickup
	jDelivered = "Delivered"                                                    // delivered
	jWeather   = "Severe weather conditions have delayed delivery."             // exception
	jAddress   = "The address is incorrect"                                     // exception
	jDamaged   = "The package was damaged"                                      // exception
	jReturned  = "Returned to Sender"                                           // returned_to_sender
	jWarehouse = "Warehouse Scan"                                               // noise
	jUnloaded  = "Unloaded"                                                     // noise
)

func TestJourneyVocabulary(t *testing.T) {
	for desc, want := range map[string]milestone.Milestone{
		jLabel: milestone.InfoReceived, jOrderData: milestone.InfoReceived, jPickup: milestone.PickedUp,
		jDeparted: milestone.InTransit, jArrived: milestone.InTransit, jProcessed: milestone.InTransit,
		jDest: milestone.ArrivedAtLocalFacility, jOFD: milestone.OutForDelivery, jLoaded: milestone.OutForDelivery,
		jAttempt: milestone.DeliveryAttempted, jAtPoint: milestone.AvailableForPickup, jDelivered: milestone.Delivered,
		jWeather: milestone.Exception, jAddress: milestone.Exception, jDamaged: milestone.Exception,
		jReturned: milestone.ReturnedToSender, jWarehouse: milestone.Noise, jUnloaded: milestone.Noise,
	} {
		if got := milestone.Classify(milestone.Scan{Time: mar(2, 10, 0), Carrier: "ups", Description: desc}); got != want {
			t.Errorf("the journeys assume %q is %s, the classifier says %s", desc, want, got)
		}
	}
}

// jScan is one UPS scan.
func jScan(at time.Time, desc string) milestone.Scan {
	return milestone.Scan{Time: at, Carrier: "ups", Description: desc, Location: "Berlin DE"}
}

// jQuiet is a carrier that answers every poll with "not found", as a
// carrier does before it knows a number: the journeys push with Ingest.
type jQuiet struct{}

func (jQuiet) ID() string { return "ups" }
func (jQuiet) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}

type jClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *jClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *jClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		panic(fmt.Sprintf("journey clock set back from %s to %s", c.now, t))
	}
	c.now = t
}

type jRecorder struct {
	mu   sync.Mutex
	sent []notify.Message
}

func (r *jRecorder) Notify(_ context.Context, m notify.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

func (r *jRecorder) all() []notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]notify.Message(nil), r.sent...)
}

func jKinds(ms []notify.Message) string {
	ks := []string{}
	for _, m := range ms {
		ks = append(ks, string(m.Audience)[:1]+":"+string(m.Kind))
	}
	return fmt.Sprint(ks)
}

// jEnv is one journey's service.
type jEnv struct {
	svc *tracking.Service
	clk *jClock
	out *jRecorder
	sh  tracking.Shipment
}

// jAction is what a step does after setting the clock.
type jAction func(ctx context.Context, e *jEnv) error

func ingest(eta time.Time, scans ...milestone.Scan) jAction {
	return func(ctx context.Context, e *jEnv) error {
		return e.svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: e.sh.TrackingNumber, Scans: scans, EstimatedDelivery: eta})
	}
}

func tick() jAction {
	return func(ctx context.Context, e *jEnv) error { return e.svc.Tick(ctx) }
}

func trackAgain(mod func(*tracking.Shipment)) jAction {
	return func(ctx context.Context, e *jEnv) error {
		sh := e.sh
		if mod != nil {
			mod(&sh)
		}
		return e.svc.Track(ctx, sh)
	}
}

// jNone is the expected reason "none" (the zero Reason); an empty
// jStep.reason does not check the reason.
const jNone = "-"

type jStep struct {
	// at is the clock during the step; zero keeps it.
	at time.Time
	// act is what happens; nil only looks.
	act jAction
	// wantErr, if set, is the error act must wrap.
	wantErr error
	// state and reason are the expected Status after the step; empty skips
	// the check (jNone: the empty reason).
	state, reason string
	// sent lists the messages sent during the step, as "c:kind" and
	// "m:kind" separated by spaces; empty means nothing.
	sent string
	// check looks further at the status and at the messages of the step.
	check func(t *testing.T, v tracking.View, sent []notify.Message)
}

type journey struct {
	name string
	// spec is the sentence of the documented behaviour the journey checks.
	spec string
	// registered is the clock when the shipment is tracked; zero: Monday 2
	// March 08:00 Berlin.
	registered time.Time
	// ship adjusts the shipment (default: promised by jPromise, in Berlin).
	ship func(*tracking.Shipment)
	// cfg adjusts the service's Config.
	cfg   func(*tracking.Config)
	steps []jStep
}

func noPromise(sh *tracking.Shipment) { sh.PromisedBy = time.Time{} }

func promisedBy(t time.Time) func(*tracking.Shipment) {
	return func(sh *tracking.Shipment) { sh.PromisedBy = t }
}

func runJourney(t *testing.T, j journey) {
	t.Helper()
	ctx := context.Background()
	reg := j.registered
	if reg.IsZero() {
		reg = mar(2, 8, 0)
	}
	e := &jEnv{clk: &jClock{now: reg}, out: &jRecorder{}}
	cfg := tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(jQuiet{}), Notifier: e.out, Now: e.clk.Now,
		Merchant: jMerchant,
	}
	if j.cfg != nil {
		j.cfg(&cfg)
	}
	svc, err := tracking.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.sh = tracking.Shipment{
		ID: "s1", OrderID: "o1", Carrier: "ups", TrackingNumber: "1Z999AA10123456784",
		Recipient:  notify.Recipient{ID: "cust-1", Name: "Ada", Email: "ada@example.com", Locale: "de-DE"},
		PromisedBy: jPromise, TimeZone: jBerlin,
	}
	if j.ship != nil {
		j.ship(&e.sh)
	}
	if err := svc.Track(ctx, e.sh); err != nil {
		t.Fatalf("Track: %v", err)
	}
	fail := func(i int, format string, args ...any) {
		t.Helper()
		t.Errorf("step %d at %s: %s\n\tspec: %s", i+1, e.clk.Now().Format("Mon 2 Jan 15:04:05 MST"), fmt.Sprintf(format, args...), j.spec)
	}
	for i, st := range j.steps {
		if !st.at.IsZero() {
			e.clk.set(st.at)
		}
		before := len(e.out.all())
		if st.act != nil {
			err := st.act(ctx, e)
			switch {
			case st.wantErr != nil && !errors.Is(err, st.wantErr):
				fail(i, "error %v, want one wrapping %v", err, st.wantErr)
			case st.wantErr == nil && err != nil:
				fail(i, "unexpected error: %v", err)
			}
		}
		sent := e.out.all()[before:]
		want := "[" + st.sent + "]"
		if got := jKinds(sent); got != want {
			fail(i, "sent %s, want %s", got, want)
		}
		v, err := svc.Status(ctx, e.sh.ID)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		if st.state != "" && string(v.State) != st.state {
			fail(i, "state %s (%s), want %s", v.State, v.Reason, st.state)
		}
		if wantR := st.reason; wantR != "" {
			if wantR == jNone {
				wantR = ""
			}
			if string(v.Reason) != wantR {
				fail(i, "reason %q (state %s), want %q", v.Reason, v.State, wantR)
			}
		}
		if st.check != nil {
			st.check(t, v, sent)
		}
		if t.Failed() {
			t.FailNow() // later steps build on this one
		}
	}
	// Whatever was sent is addressed and identified properly.
	ids := map[string]bool{}
	for _, m := range e.out.all() {
		if m.ID == "" || ids[m.ID] {
			t.Errorf("message %s has an empty or repeated ID %q", m.Kind, m.ID)
		}
		ids[m.ID] = true
		if m.ShipmentID != "s1" || m.OrderID != "o1" {
			t.Errorf("message %s names shipment %q order %q", m.Kind, m.ShipmentID, m.OrderID)
		}
		switch m.Audience {
		case notify.Customer:
			if m.Recipient.Email != "ada@example.com" {
				t.Errorf("customer message %s goes to %+v", m.Kind, m.Recipient)
			}
		case notify.Merchant:
			if m.Recipient != jMerchant {
				t.Errorf("merchant message %s goes to %+v, want Config.Merchant", m.Kind, m.Recipient)
			}
		default:
			t.Errorf("message %s has audience %q", m.Kind, m.Audience)
		}
		if m.Kind == notify.KindDelayed && m.Reason != "carrier_eta" && m.Reason != "promise_missed" {
			t.Errorf("a delayed message must say why, got reason %q", m.Reason)
		}
	}
}

// Checks used by several journeys.

func milestoneIs(want milestone.Milestone) func(*testing.T, tracking.View, []notify.Message) {
	return func(t *testing.T, v tracking.View, _ []notify.Message) {
		t.Helper()
		if v.Milestone != want {
			t.Errorf("Status.Milestone = %s, want %s", v.Milestone, want)
		}
	}
}

func lateIs(want bool) func(*testing.T, tracking.View, []notify.Message) {
	return func(t *testing.T, v tracking.View, _ []notify.Message) {
		t.Helper()
		if v.Late != want {
			t.Errorf("Status.Late = %v, want %v (state %s, reason %s)", v.Late, want, v.State, v.Reason)
		}
	}
}

func timelineIs(want ...string) func(*testing.T, tracking.View, []notify.Message) {
	return func(t *testing.T, v tracking.View, _ []notify.Message) {
		t.Helper()
		var got []string
		for _, e := range v.Timeline {
			got = append(got, e.Description)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Status.Timeline = %q, want %q", got, want)
		}
	}
}

// delayedWith checks the last delayed message's reason and ETA (zero: none).
func delayedWith(reason string, eta time.Time) func(*testing.T, tracking.View, []notify.Message) {
	return func(t *testing.T, _ tracking.View, sent []notify.Message) {
		t.Helper()
		for i := len(sent) - 1; i >= 0; i-- {
			if m := sent[i]; m.Kind == notify.KindDelayed {
				if m.Reason != reason || !m.ETA.Equal(eta) {
					t.Errorf("delayed message has reason %q ETA %s, want %q ETA %s", m.Reason, m.ETA, reason, eta)
				}
				return
			}
		}
		t.Errorf("no delayed message in this step")
	}
}

func all(checks ...func(*testing.T, tracking.View, []notify.Message)) func(*testing.T, tracking.View, []notify.Message) {
	return func(t *testing.T, v tracking.View, sent []notify.Message) {
		t.Helper()
		for _, c := range checks {
			c(t, v, sent)
		}
	}
}

// TestJourneyRelevance: the relevance policy, what a customer is told.
func TestJourneyRelevance(t *testing.T) {
	allDefaults := func(extra milestone.Notice, on bool) map[milestone.Notice]bool {
		m := map[milestone.Notice]bool{}
		for _, n := range []milestone.Notice{milestone.NoticeShipped, milestone.NoticeOutForDelivery,
			milestone.NoticeDeliveryAttempted, milestone.NoticeAvailableForPickup, milestone.NoticeDelivered,
			milestone.NoticeException, milestone.NoticeReturnedToSender} {
			m[n] = true
		}
		m[extra] = on
		return m
	}
	for _, j := range []journey{
		{
			name: "shipped once on the pickup scan, silence for info_received, in_transit, noise and the local depot",
			spec: "shipped is sent once, on the first scan showing the carrier has the parcel; noise, in_transit (beyond the shipped trigger), info_received and unknown never notify",
			steps: []jStep{
				{state: "pending", reason: jNone},
				{at: mar(2, 9, 0), act: ingest(time.Time{}, jScan(mar(2, 8, 30), jLabel)), state: "pending"},
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track", reason: jNone, sent: "c:shipped"},
				{at: mar(2, 15, 0), act: ingest(time.Time{}, jScan(mar(2, 14, 0), jDeparted)), state: "on_track"},
				{at: mar(2, 20, 0), act: ingest(time.Time{}, jScan(mar(2, 19, 0), jArrived), jScan(mar(2, 19, 30), jUnloaded)), state: "on_track"},
				{at: mar(3, 8, 30), act: ingest(time.Time{}, jScan(mar(3, 8, 0), jDest)), state: "on_track"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), state: "on_track", sent: "c:out_for_delivery"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered",
					check: all(lateIs(false), milestoneIs(milestone.Delivered))},
			},
		},
		{
			name: "shipped on in_transit when the pickup scan was missed; the late pickup scan tells nothing",
			spec: "shipped ... (picked_up or any later progress milestone if the pickup scan was missed); scans can arrive out of order and twice",
			steps: []jStep{
				{at: mar(2, 15, 0), act: ingest(time.Time{}, jScan(mar(2, 14, 0), jDeparted)), state: "on_track", sent: "c:shipped"},
				{at: mar(2, 16, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup), jScan(mar(2, 8, 30), jLabel)), state: "on_track",
					check: all(milestoneIs(milestone.InTransit), timelineIs(jLabel, jPickup, jDeparted))},
			},
		},
		{
			name: "shipped on arrived_at_local_facility when it is the first scan",
			spec: "shipped is sent once, on the first scan showing the carrier has the parcel (picked_up or any later progress milestone if the pickup scan was missed)",
			steps: []jStep{
				{at: mar(3, 9, 0), act: ingest(time.Time{}, jScan(mar(3, 8, 0), jDest)), state: "on_track", sent: "c:shipped"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
			},
		},
		{
			name: "info_received never tells shipped",
			spec: "info_received never sends it",
			steps: []jStep{
				{at: mar(2, 9, 0), act: ingest(time.Time{}, jScan(mar(2, 8, 30), jLabel)), state: "pending"},
				{at: mar(2, 18, 30), act: ingest(time.Time{}, jScan(mar(2, 18, 0), jOrderData)), state: "pending"},
				{at: mar(3, 12, 0), act: tick(), state: "pending", check: milestoneIs(milestone.InfoReceived)},
			},
		},
		{
			name: "out_for_delivery as the very first scan tells out_for_delivery only (reading of an ambiguity)",
			spec: "shipped ... on the first scan showing the carrier has the parcel; superseded: only the most advanced is sent",
			steps: []jStep{
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), state: "on_track", sent: "c:out_for_delivery"},
				{at: mar(3, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", sent: "c:delivered"},
			},
		},
		{
			name: "superseded: out_for_delivery and delivered in one update send only delivered",
			spec: "Superseded: when one update carries several milestones, only the most advanced is sent (out_for_delivery and delivered in one poll send only delivered)",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered), jScan(mar(3, 9, 0), jOFD), jScan(mar(3, 8, 30), jLoaded)),
					state: "delivered", reason: "on_time", sent: "c:delivered"},
			},
		},
		{
			name: "superseded: pickup, in_transit and out_for_delivery in one update send only out_for_delivery",
			spec: "Superseded: when one update carries several milestones, only the most advanced is sent",
			steps: []jStep{
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup), jScan(mar(2, 20, 0), jDeparted), jScan(mar(3, 9, 30), jOFD)),
					state: "on_track", sent: "c:out_for_delivery"},
				{at: mar(3, 11, 0), act: ingest(time.Time{}, jScan(mar(3, 10, 30), jWarehouse))},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", sent: "c:delivered"},
			},
		},
		{
			name: "never backwards: out_for_delivery and attempts after delivered send nothing",
			spec: "Never backwards: a milestone below the highest one already notified is recorded but not sent (a late out for delivery scan after delivered sends nothing)",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", sent: "c:delivered"},
				{at: mar(3, 15, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 0), jLoaded)), state: "delivered",
					check: all(milestoneIs(milestone.Delivered), timelineIs(jPickup, jLoaded, jOFD, jDelivered))},
				{at: mar(3, 16, 0), act: ingest(time.Time{}, jScan(mar(3, 15, 30), jAttempt)), state: "delivered"},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), state: "delivered"},
			},
		},
		{
			name:       "stale: a shipment registered late records the old scans and tells only the fresh one",
			spec:       "Stale: a scan older than 48 hours when it is first seen (a shipment registered late) is recorded, not sent",
			registered: mar(5, 12, 0),
			ship:       promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(5, 12, 5), act: ingest(time.Time{}, jScan(mar(2, 8, 0), jLabel), jScan(mar(2, 10, 0), jPickup), jScan(mar(3, 9, 0), jDeparted)),
					state: "on_track", check: all(timelineIs(jLabel, jPickup, jDeparted), milestoneIs(milestone.InTransit))},
				{at: mar(6, 8, 30), act: ingest(time.Time{}, jScan(mar(6, 8, 0), jOFD)), state: "on_track", sent: "c:out_for_delivery"},
				{at: mar(6, 13, 0), act: ingest(time.Time{}, jScan(mar(6, 12, 30), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered"},
			},
		},
		{
			name:       "stale boundary: a pickup scan exactly 48 hours old is still told",
			spec:       "Stale: a scan older than 48 hours when it is first seen is recorded, not sent",
			registered: mar(3, 8, 0),
			steps: []jStep{
				{at: mar(3, 9, 0), act: ingest(time.Time{}, jScan(mar(1, 9, 0), jPickup)), state: "on_track", sent: "c:shipped"},
			},
		},
		{
			name:       "stale boundary: a pickup scan 48 hours and a second old is not told",
			spec:       "Stale: a scan older than 48 hours when it is first seen is recorded, not sent",
			registered: mar(3, 8, 0),
			steps: []jStep{
				{at: mar(3, 9, 0).Add(time.Second), act: ingest(time.Time{}, jScan(mar(1, 9, 0), jPickup)), state: "on_track",
					check: timelineIs(jPickup)},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
			},
		},
		{
			name:       "stale pickup with a fresh in_transit in one update tells nothing (reading of an ambiguity)",
			spec:       "shipped is sent once, on the first scan showing the carrier has the parcel; Stale: ... is recorded, not sent",
			registered: mar(5, 12, 0),
			ship:       promisedBy(time.Date(2026, 3, 13, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(5, 12, 5), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup), jScan(mar(5, 11, 0), jDeparted)), state: "on_track"},
				{at: mar(6, 8, 30), act: ingest(time.Time{}, jScan(mar(6, 8, 0), jDest)), state: "on_track"},
			},
		},
		{
			name: "duplicates: the same scan again, in another zone, reordered; another location is another scan",
			spec: "Ingest is idempotent by scan (same time, code, description and location is the same scan); scans can arrive out of order and twice",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track", sent: "c:shipped"},
				{at: mar(2, 11, 5), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track"},
				{at: mar(2, 11, 10), act: ingest(time.Time{}, jScan(mar(2, 10, 0).UTC(), jPickup)), check: timelineIs(jPickup)},
				{at: mar(2, 15, 0), act: ingest(time.Time{}, jScan(mar(2, 14, 0), jDeparted), jScan(mar(2, 10, 0), jPickup), jScan(mar(2, 14, 0), jDeparted)),
					check: timelineIs(jPickup, jDeparted)},
				{at: mar(2, 15, 5), act: ingest(time.Time{}, milestone.Scan{Time: mar(2, 10, 0), Carrier: "ups", Description: jPickup, Location: "Hamburg DE"}),
					check: timelineIs(jPickup, jPickup, jDeparted)},
			},
		},
		{
			name: "episode: out_for_delivery again after a failed attempt",
			spec: "a new out_for_delivery after a delivery_attempted starts a new delivery episode and is sent again",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 30), jAttempt)), state: "on_track", sent: "c:delivery_attempted"},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), state: "on_track", sent: "c:out_for_delivery"},
				{at: mar(4, 12, 0), act: ingest(time.Time{}, jScan(mar(4, 11, 30), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered"},
			},
		},
		{
			name: "out_for_delivery on a second day without a failed attempt is not sent again",
			spec: "Each kind is sent at most once per shipment, with two exceptions",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), state: "on_track"},
				{at: mar(4, 12, 0), act: ingest(time.Time{}, jScan(mar(4, 11, 30), jDelivered)), state: "delivered", sent: "c:delivered"},
			},
		},
		{
			name: "out of order: the morning's out_for_delivery arriving after the failed attempt starts no episode",
			spec: "a new out_for_delivery after a delivery_attempted starts a new delivery episode; never backwards; scans can arrive out of order",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 30), jAttempt)), sent: "c:delivery_attempted"},
				{at: mar(3, 14, 5), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), state: "on_track",
					check: milestoneIs(milestone.DeliveryAttempted)},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(4, 12, 0), act: ingest(time.Time{}, jScan(mar(4, 11, 30), jDelivered)), state: "delivered", sent: "c:delivered"},
			},
		},
		{
			name: "out of order: a copy of the first failed attempt arriving in the second episode is not told again",
			spec: "a new out_for_delivery after a delivery_attempted starts a new delivery episode; never backwards; scans can arrive out of order",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD), jScan(mar(3, 13, 30), jAttempt)), sent: "c:delivery_attempted"},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(4, 9, 5), act: ingest(time.Time{}, milestone.Scan{Time: mar(3, 13, 31), Carrier: "ups", Description: jAttempt, Location: "Hamburg DE"}),
					state: "on_track", check: milestoneIs(milestone.OutForDelivery)},
				{at: mar(4, 14, 0), act: ingest(time.Time{}, jScan(mar(4, 13, 30), jAttempt)), sent: "c:delivery_attempted"},
			},
		},
		{
			name: "second failed attempt in a new delivery episode is told (reading of an ambiguity)",
			spec: "a new out_for_delivery after a delivery_attempted starts a new delivery episode",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(3, 14, 0), act: ingest(time.Time{}, jScan(mar(3, 13, 30), jAttempt)), sent: "c:delivery_attempted"},
				{at: mar(4, 9, 0), act: ingest(time.Time{}, jScan(mar(4, 8, 30), jOFD)), sent: "c:out_for_delivery"},
				{at: mar(4, 14, 0), act: ingest(time.Time{}, jScan(mar(4, 13, 30), jAttempt)), sent: "c:delivery_attempted"},
				{at: mar(5, 9, 30), act: ingest(time.Time{}, jScan(mar(5, 9, 0), jAtPoint)), state: "on_track", sent: "c:available_for_pickup"},
			},
		},
		{
			name: "exception episodes: again after progress, not after another exception or noise",
			spec: "a new exception after the parcel progressed again is a new episode; exception: the latest scan is an exception; left when a later progress scan arrives",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 30), act: ingest(time.Time{}, jScan(mar(3, 10, 0), jWeather)), state: "exception", reason: "carrier_exception", sent: "c:exception"},
				{at: mar(3, 15, 30), act: ingest(time.Time{}, jScan(mar(3, 15, 0), jAddress)), state: "exception"},
				{at: mar(3, 16, 30), act: ingest(time.Time{}, jScan(mar(3, 16, 0), jUnloaded)), state: "exception", check: milestoneIs(milestone.Exception)},
				{at: mar(4, 8, 30), act: ingest(time.Time{}, jScan(mar(4, 8, 0), jDeparted)), state: "on_track", reason: jNone},
				{at: mar(4, 12, 30), act: ingest(time.Time{}, jScan(mar(4, 12, 0), jDamaged)), state: "exception", sent: "c:exception"},
				{at: mar(5, 10, 0), act: ingest(time.Time{}, jScan(mar(5, 9, 30), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered"},
			},
		},
		{
			name: "out of order: an older progress scan arriving late neither ends the exception nor its episode",
			spec: "exception: the latest scan is an exception; left when a later progress scan arrives; a new exception after the parcel progressed again is a new episode",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 30), act: ingest(time.Time{}, jScan(mar(3, 10, 0), jWeather)), state: "exception", sent: "c:exception"},
				{at: mar(3, 11, 0), act: ingest(time.Time{}, jScan(mar(3, 8, 0), jDeparted)), state: "exception"},
				{at: mar(3, 15, 30), act: ingest(time.Time{}, jScan(mar(3, 15, 0), jAddress)), state: "exception"},
				{at: mar(4, 8, 30), act: ingest(time.Time{}, jScan(mar(4, 8, 0), jArrived)), state: "on_track"},
			},
		},
		{
			name: "out of order: an exception older than the latest progress scan is recorded, not told",
			spec: "exception: the latest scan is an exception; Messages on transitions: ... customer exception; scans can arrive out of order",
			ship: promisedBy(time.Date(2026, 3, 6, 23, 59, 59, 0, jBerlin)),
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 30), act: ingest(time.Time{}, jScan(mar(3, 10, 0), jDeparted)), state: "on_track"},
				{at: mar(3, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 20, 0), jWeather)), state: "on_track",
					check: all(milestoneIs(milestone.InTransit), timelineIs(jPickup, jWeather, jDeparted))},
				{at: mar(4, 10, 30), act: ingest(time.Time{}, jScan(mar(4, 10, 0), jDamaged)), state: "exception", sent: "c:exception"},
			},
		},
		{
			name: "returned_to_sender is told once and ends the journey",
			spec: "returned, cancelled: returned_to_sender, cancelled; default customer notifications include returned_to_sender",
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(4, 10, 30), act: ingest(time.Time{}, jScan(mar(4, 10, 0), jReturned)), state: "returned", sent: "c:returned_to_sender"},
				{at: mar(4, 12, 0), act: ingest(time.Time{}, jScan(mar(4, 11, 30), jDeparted), jScan(mar(4, 11, 40), jReturned+" - in transit")), state: "returned"},
				{at: mar(5, 12, 0), act: tick(), state: "returned"},
				{at: mar(20, 12, 0), act: tick(), state: "returned"},
			},
		},
		{
			name: "the host switches arrived_at_local_facility on",
			spec: "The host can switch kinds on or off (for example turn on arrived_at_local_facility messages)",
			cfg: func(c *tracking.Config) {
				c.Policy.Enabled = allDefaults(milestone.NoticeArrivedAtLocalFacility, true)
			},
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 8, 30), act: ingest(time.Time{}, jScan(mar(3, 8, 0), jDest)), sent: "c:arrived_at_local_facility"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
			},
		},
		{
			name: "the host switches shipped off",
			spec: "The host can switch kinds on or off",
			cfg: func(c *tracking.Config) {
				c.Policy.Enabled = allDefaults(milestone.NoticeShipped, false)
			},
			steps: []jStep{
				{at: mar(2, 11, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track"},
				{at: mar(2, 15, 0), act: ingest(time.Time{}, jScan(mar(2, 14, 0), jDeparted)), state: "on_track"},
				{at: mar(3, 10, 0), act: ingest(time.Time{}, jScan(mar(3, 9, 30), jOFD)), sent: "c:out_for_delivery"},
			},
		},
	} {
		t.Run(j.name, func(t *testing.T) { runJourney(t, j) })
	}
}

// TestJourneyBusinessDays: the time rules and the merchant messages.
func TestJourneyBusinessDays(t *testing.T) {
	auck := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, jAuckland) }
	utc := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	apr := func(d, h, m int) time.Time { return time.Date(2026, 4, d, h, m, 0, 0, jBerlin) }
	easter := tracking.HolidayDates(apr(3, 0, 0), apr(6, 0, 0)) // Good Friday, Easter Monday
	for _, j := range []journey{
		{
			name: "not_picked_up 2 business days after registration, then shipped, then the promise missed",
			spec: "at_risk reason not_picked_up: no pickup scan 2 business days after registration; merchant not_picked_up",
			steps: []jStep{
				{at: mar(2, 9, 0), act: ingest(time.Time{}, jScan(mar(2, 8, 30), jLabel)), state: "pending"},
				{at: mar(4, 7, 59), act: tick(), state: "pending"},
				{at: mar(4, 8, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
				{at: mar(4, 12, 0), act: tick(), state: "at_risk", reason: "not_picked_up"},
				{at: mar(4, 13, 30), act: ingest(time.Time{}, jScan(mar(4, 13, 0), jPickup)), state: "on_track", reason: jNone, sent: "c:shipped"},
				{at: mar(5, 0, 0), act: tick(), state: "delayed", reason: "promise_missed", sent: "c:delayed"},
				{at: mar(5, 8, 30), act: ingest(time.Time{}, jScan(mar(5, 8, 0), jDeparted)), state: "delayed", reason: "promise_missed"},
			},
		},
		{
			name:       "Friday 15:00 + 2 business days = Tuesday 15:00",
			spec:       "t + N business days steps day by day from t, counts only business days, and keeps t's clock time (Friday 15:00 + 2 = Tuesday 15:00)",
			registered: mar(6, 15, 0),
			ship:       noPromise,
			steps: []jStep{
				{at: mar(6, 15, 30), act: ingest(time.Time{}, jScan(mar(6, 15, 10), jLabel)), state: "pending"},
				{at: mar(9, 15, 0), act: tick(), state: "pending"},
				{at: mar(10, 15, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: mar(10, 15, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name:       "Saturday 10:00 + 2 business days = Tuesday 10:00",
			spec:       "t + N business days ... (Saturday 10:00 + 2 = Tuesday 10:00)",
			registered: mar(7, 10, 0),
			ship:       noPromise,
			steps: []jStep{
				{at: mar(7, 10, 5), act: ingest(time.Time{}, jScan(mar(7, 9, 50), jLabel)), state: "pending"},
				{at: mar(9, 10, 0), act: tick(), state: "pending"},
				{at: mar(10, 10, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: mar(10, 10, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name:       "holidays are not business days: Thursday before Easter 15:00 + 2 = Wednesday after 15:00",
			spec:       "Business days: ... Monday to Friday by default, minus the host's holidays",
			registered: apr(2, 15, 0),
			ship:       noPromise,
			cfg:        func(c *tracking.Config) { c.Holidays = easter },
			steps: []jStep{
				{at: apr(2, 15, 30), act: ingest(time.Time{}, jScan(apr(2, 15, 10), jLabel)), state: "pending"},
				{at: apr(7, 15, 0), act: tick(), state: "pending"},
				{at: apr(8, 15, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: apr(8, 15, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name:       "no_scans over Easter: stalled 2 business days after the last scan, holidays skipped",
			spec:       "reason no_scans: after pickup, no scan of any kind for 2 business days; minus the host's holidays",
			registered: apr(2, 9, 0),
			ship:       noPromise,
			cfg:        func(c *tracking.Config) { c.Holidays = easter },
			steps: []jStep{
				{at: apr(2, 10, 30), act: ingest(time.Time{}, jScan(apr(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: apr(7, 10, 0), act: tick(), state: "on_track"},
				{at: apr(8, 10, 0).Add(-time.Second), act: tick(), state: "on_track"},
				{at: apr(8, 10, 0), act: tick(), state: "at_risk", reason: "no_scans", sent: "m:stalled"},
			},
		},
		{
			name:       "business days in the shipment's zone: Saturday 10:00 in Auckland + 2 = Tuesday 10:00 in Auckland",
			spec:       "Business days: counted in the shipment's TimeZone",
			registered: auck(7, 10, 0), // Friday 21:00 UTC
			ship: func(sh *tracking.Shipment) {
				sh.TimeZone, sh.PromisedBy = jAuckland, time.Time{}
			},
			steps: []jStep{
				{at: auck(7, 10, 5), act: ingest(time.Time{}, jScan(auck(7, 9, 50), jLabel)), state: "pending"},
				{at: auck(10, 10, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: auck(10, 10, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name:       "holidays in the shipment's zone: Auckland Saturday 10:00 + 2 over a Monday holiday = Wednesday 10:00 there",
			spec:       "Business days: counted in the shipment's TimeZone (nil means UTC), Monday to Friday by default, minus the host's holidays",
			registered: auck(7, 10, 0),
			ship: func(sh *tracking.Shipment) {
				sh.TimeZone, sh.PromisedBy = jAuckland, time.Time{}
			},
			cfg: func(c *tracking.Config) {
				c.Holidays = func(loc *time.Location, y int, m time.Month, d int) bool {
					return loc.String() == "Pacific/Auckland" && y == 2026 && m == time.March && d == 9
				}
			},
			steps: []jStep{
				{at: auck(7, 10, 5), act: ingest(time.Time{}, jScan(auck(7, 9, 50), jLabel)), state: "pending"},
				{at: auck(10, 10, 0), act: tick(), state: "pending"},
				{at: auck(11, 10, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: auck(11, 10, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name:       "a nil TimeZone counts in UTC: Saturday 23:30 UTC + 2 = Tuesday 23:30 UTC",
			spec:       "Business days: counted in the shipment's TimeZone (nil means UTC)",
			registered: utc(7, 23, 30), // Sunday 00:30 in Berlin
			ship: func(sh *tracking.Shipment) {
				sh.TimeZone, sh.PromisedBy = nil, time.Time{}
			},
			steps: []jStep{
				{at: utc(7, 23, 35), act: ingest(time.Time{}, jScan(utc(7, 23, 31), jLabel)), state: "pending"},
				{at: utc(9, 23, 30), act: tick(), state: "pending"},
				{at: utc(10, 23, 30).Add(-time.Second), act: tick(), state: "pending"},
				{at: utc(10, 23, 30), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name: "no_scans counts from the last scan of any kind, noise included; stalled again after a later silence",
			spec: "reason no_scans: after pickup, no scan of any kind for 2 business days; merchant stalled (no_scans)",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 9, 30), act: ingest(time.Time{}, jScan(mar(3, 9, 0), jWarehouse)), state: "on_track"},
				{at: mar(4, 10, 0), act: tick(), state: "on_track"},
				{at: mar(5, 9, 0).Add(-time.Second), act: tick(), state: "on_track"},
				{at: mar(5, 9, 0), act: tick(), state: "at_risk", reason: "no_scans", sent: "m:stalled"},
				{at: mar(5, 10, 0), act: tick(), state: "at_risk", reason: "no_scans"},
				{at: mar(5, 12, 30), act: ingest(time.Time{}, jScan(mar(5, 12, 0), jDeparted)), state: "on_track", reason: jNone},
				{at: mar(9, 12, 0).Add(-time.Second), act: tick(), state: "on_track"},
				{at: mar(9, 12, 0), act: tick(), state: "at_risk", reason: "no_scans", sent: "m:stalled"},
			},
		},
		{
			name: "lost after 10 business days without any scan; a new scan brings it back",
			spec: "lost: no scan of any kind for 10 business days (not delivered); merchant lost",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(4, 10, 0), act: tick(), state: "at_risk", reason: "no_scans", sent: "m:stalled"},
				{at: mar(16, 10, 0).Add(-time.Second), act: tick(), state: "at_risk", reason: "no_scans"},
				{at: mar(16, 10, 0), act: tick(), state: "lost", sent: "m:lost"},
				{at: mar(17, 10, 0), act: tick(), state: "lost"},
				{at: mar(17, 12, 0), act: ingest(time.Time{}, jScan(mar(17, 11, 0), jDeparted)), state: "on_track", reason: jNone},
			},
		},
		{
			name: "lost without a pickup: not_picked_up first, lost 10 business days after the last scan",
			spec: "lost: no scan of any kind for 10 business days (not delivered)",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 9, 0), act: ingest(time.Time{}, jScan(mar(2, 8, 30), jLabel)), state: "pending"},
				{at: mar(4, 8, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
				{at: mar(16, 8, 30).Add(-time.Second), act: tick(), state: "at_risk"},
				{at: mar(16, 8, 30), act: tick(), state: "lost", sent: "m:lost"},
			},
		},
		{
			name: "configured thresholds: stalled after 3 and lost after 5 business days",
			spec: "All thresholds are configurable",
			ship: noPromise,
			cfg: func(c *tracking.Config) {
				c.Thresholds = tracking.Thresholds{NotPickedUpAfter: 1, StalledAfter: 3, LostAfter: 5}
			},
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(4, 10, 0), act: tick(), state: "on_track"},
				{at: mar(5, 10, 0).Add(-time.Second), act: tick(), state: "on_track"},
				{at: mar(5, 10, 0), act: tick(), state: "at_risk", reason: "no_scans", sent: "m:stalled"},
				{at: mar(9, 10, 0).Add(-time.Second), act: tick(), state: "at_risk"},
				{at: mar(9, 10, 0), act: tick(), state: "lost", sent: "m:lost"},
			},
		},
		{
			name:       "configured weekend (Friday and Saturday) and NotPickedUpAfter 1: Thursday 15:00 + 1 = Sunday 15:00",
			spec:       "Monday to Friday by default; All thresholds are configurable",
			registered: mar(5, 15, 0),
			ship:       noPromise,
			cfg: func(c *tracking.Config) {
				c.Weekend = []time.Weekday{time.Friday, time.Saturday}
				c.Thresholds.NotPickedUpAfter = 1
			},
			steps: []jStep{
				{at: mar(5, 15, 30), act: ingest(time.Time{}, jScan(mar(5, 15, 10), jLabel)), state: "pending"},
				{at: mar(7, 15, 0), act: tick(), state: "pending"},
				{at: mar(8, 15, 0).Add(-time.Second), act: tick(), state: "pending"},
				{at: mar(8, 15, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
			},
		},
		{
			name: "a shipment the carrier never finds: not_picked_up, the not_found extension, lost",
			spec: "merchant not_picked_up ... and lost (not_found is the Service's own addition, Config.Thresholds.NotFoundAfter)",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 12, 0), act: tick(), state: "pending"},
				{at: mar(4, 8, 0), act: tick(), state: "at_risk", reason: "not_picked_up", sent: "m:not_picked_up"},
				{at: mar(5, 8, 0), act: tick(), state: "at_risk", sent: "m:not_found"},
				{at: mar(16, 8, 0), act: tick(), state: "lost", sent: "m:lost"},
			},
		},
	} {
		t.Run(j.name, func(t *testing.T) { runJourney(t, j) })
	}
}

// TestJourneyDelays: delayed, priorities, delivered and feedback.
func TestJourneyDelays(t *testing.T) {
	fri := mar(6, 18, 0)
	for _, j := range []journey{
		{
			name: "carrier_eta: once per distinct later ETA date; back within the promise is on_track",
			spec: "delayed reason carrier_eta: the carrier's estimate is after PromisedBy; customer delayed (with the new ETA when known) once per distinct later ETA date; A later estimate within the promise brings a carrier_eta delay back to on_track",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(fri, jScan(mar(2, 10, 0), jPickup)), state: "delayed", reason: "carrier_eta", sent: "c:shipped c:delayed",
					check: all(delayedWith("carrier_eta", fri), lateIs(true))},
				{at: mar(2, 15, 30), act: ingest(fri, jScan(mar(2, 15, 0), jDeparted)), state: "delayed", reason: "carrier_eta"},
				{at: mar(3, 9, 30), act: ingest(fri.Add(2*time.Hour), jScan(mar(3, 9, 0), jArrived)), state: "delayed",
					check: func(t *testing.T, v tracking.View, _ []notify.Message) {
						if !v.ETA.Equal(fri.Add(2 * time.Hour)) {
							t.Errorf("Status.ETA = %s, want the latest estimate", v.ETA)
						}
					}},
				{at: mar(3, 15, 30), act: ingest(mar(9, 18, 0), jScan(mar(3, 15, 0), jProcessed)), state: "delayed", reason: "carrier_eta", sent: "c:delayed",
					check: delayedWith("carrier_eta", mar(9, 18, 0))},
				{at: mar(4, 8, 30), act: ingest(mar(4, 18, 0), jScan(mar(4, 8, 0), jDest)), state: "on_track", reason: jNone, check: lateIs(false)},
				{at: mar(4, 12, 0), act: ingest(mar(9, 18, 0)), state: "delayed", reason: "carrier_eta"},
				{at: mar(4, 13, 0), act: ingest(mar(10, 12, 0), jScan(mar(4, 12, 30), jWarehouse)), state: "delayed", sent: "c:delayed",
					check: delayedWith("carrier_eta", mar(10, 12, 0))},
			},
		},
		{
			name: "an earlier ETA date still after the promise is a distinct date: announced once (reading of an ambiguity)",
			spec: "customer delayed (with the new ETA when known) once per distinct later ETA date",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(mar(9, 18, 0), jScan(mar(2, 10, 0), jPickup)), state: "delayed", sent: "c:shipped c:delayed"},
				{at: mar(3, 10, 30), act: ingest(fri, jScan(mar(3, 10, 0), jDeparted)), state: "delayed", reason: "carrier_eta", sent: "c:delayed",
					check: delayedWith("carrier_eta", fri)},
				{at: mar(3, 12, 30), act: ingest(mar(9, 18, 0), jScan(mar(3, 12, 0), jArrived)), state: "delayed", reason: "carrier_eta"},
				{at: mar(3, 14, 30), act: ingest(fri.Add(time.Hour), jScan(mar(3, 14, 0), jProcessed)), state: "delayed", reason: "carrier_eta"},
			},
		},
		{
			name: "promise_missed: once when the clock passes PromisedBy; delayed beats at_risk; delivered late; feedback 3 days later",
			spec: "reason promise_missed: the clock passed PromisedBy and the parcel is neither delivered nor available for pickup; once for promise_missed; Priority: delayed > at_risk; delivered: the view says whether it was late; feedback_request 3 days after delivery",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track", sent: "c:shipped"},
				{at: mar(3, 20, 30), act: ingest(time.Time{}, jScan(mar(3, 20, 0), jDeparted)), state: "on_track"},
				{at: jPromise, act: tick(), state: "on_track"},
				{at: mar(5, 0, 0), act: tick(), state: "delayed", reason: "promise_missed", sent: "c:delayed",
					check: all(delayedWith("promise_missed", time.Time{}), lateIs(true))},
				{at: mar(5, 12, 0), act: tick(), state: "delayed", reason: "promise_missed"},
				{at: mar(5, 20, 0), act: tick(), state: "delayed", reason: "promise_missed"},
				{at: mar(6, 8, 30), act: ingest(time.Time{}, jScan(mar(6, 8, 0), jDest)), state: "delayed", reason: "promise_missed"},
				{at: mar(6, 12, 30), act: ingest(time.Time{}, jScan(mar(6, 12, 0), jDelivered)), state: "delivered", reason: "late", sent: "c:delivered",
					check: func(t *testing.T, v tracking.View, _ []notify.Message) {
						if !v.Late || !v.DeliveredAt.Equal(mar(6, 12, 0)) {
							t.Errorf("Status Late=%v DeliveredAt=%s, want late, delivered Friday 12:00", v.Late, v.DeliveredAt)
						}
					}},
				{at: mar(9, 12, 0).Add(-time.Second), act: tick(), state: "delivered"},
				{at: mar(9, 12, 0), act: tick(), state: "delivered", sent: "c:feedback_request"},
				{at: mar(10, 12, 0), act: tick(), state: "delivered"},
				{at: mar(20, 12, 0), act: tick(), state: "delivered"},
			},
		},
		{
			name: "carrier_eta then promise_missed: one message each, then one per later date",
			spec: "customer delayed (with the new ETA when known) once per distinct later ETA date and once for promise_missed",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(fri, jScan(mar(2, 10, 0), jPickup)), state: "delayed", reason: "carrier_eta", sent: "c:shipped c:delayed"},
				{at: mar(3, 10, 30), act: ingest(fri, jScan(mar(3, 10, 0), jDeparted)), state: "delayed"},
				{at: mar(4, 20, 0), act: ingest(fri, jScan(mar(4, 19, 30), jArrived)), state: "delayed"},
				{at: mar(5, 0, 0), act: tick(), state: "delayed", reason: "promise_missed", sent: "c:delayed",
					check: delayedWith("promise_missed", fri)},
				{at: mar(5, 10, 0), act: ingest(mar(7, 18, 0), jScan(mar(5, 9, 30), jProcessed)), state: "delayed", reason: "promise_missed", sent: "c:delayed",
					check: func(t *testing.T, _ tracking.View, sent []notify.Message) {
						if !sent[0].ETA.Equal(mar(7, 18, 0)) {
							t.Errorf("the delayed message carries ETA %s, want the new date", sent[0].ETA)
						}
					}},
				{at: mar(5, 12, 0), act: tick(), state: "delayed"},
			},
		},
		{
			name: "a zero PromisedBy is never delayed",
			spec: "A zero PromisedBy means no promise: nothing is ever delayed",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(mar(20, 18, 0), jScan(mar(2, 10, 0), jPickup)), state: "on_track", sent: "c:shipped"},
				{at: mar(3, 10, 30), act: ingest(mar(25, 18, 0), jScan(mar(3, 10, 0), jDeparted)), state: "on_track"},
				{at: mar(5, 0, 0), act: tick(), state: "on_track"},
				{at: mar(5, 10, 30), act: ingest(time.Time{}, jScan(mar(5, 10, 0), jDest)), state: "on_track"},
				{at: mar(6, 10, 30), act: ingest(time.Time{}, jScan(mar(6, 10, 0), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered",
					check: lateIs(false)},
			},
		},
		{
			name: "delivered exactly at PromisedBy is on time",
			spec: "delivered; the view says whether it was late (after PromisedBy)",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 20, 30), act: ingest(time.Time{}, jScan(mar(3, 20, 0), jDeparted))},
				{at: mar(5, 0, 10), act: ingest(time.Time{}, jScan(jPromise, jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered",
					check: lateIs(false)},
			},
		},
		{
			name: "delivered a second after PromisedBy is late, and no delayed message is sent after delivery",
			spec: "delivered; the view says whether it was late (after PromisedBy); promise_missed: ... neither delivered",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 20, 30), act: ingest(time.Time{}, jScan(mar(3, 20, 0), jDeparted))},
				{at: mar(5, 0, 10), act: ingest(time.Time{}, jScan(jPromise.Add(time.Second), jDelivered)), state: "delivered", reason: "late", sent: "c:delivered",
					check: lateIs(true)},
				{at: mar(5, 1, 0), act: tick(), state: "delivered"},
			},
		},
		{
			name: "exception beats delayed; a later progress scan leaves it for delayed promise_missed",
			spec: "Priority when several hold: exception > delayed > at_risk > on_track; exception ... left when a later progress scan arrives",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(fri, jScan(mar(2, 10, 0), jPickup)), state: "delayed", reason: "carrier_eta", sent: "c:shipped c:delayed"},
				{at: mar(3, 10, 30), act: ingest(fri, jScan(mar(3, 10, 0), jWeather)), state: "exception", reason: "carrier_exception", sent: "c:exception"},
				{at: mar(5, 0, 0), act: tick(), state: "exception", reason: "carrier_exception"},
				{at: mar(5, 9, 30), act: ingest(fri, jScan(mar(5, 9, 0), jDeparted)), state: "delayed", reason: "promise_missed", sent: "c:delayed"},
			},
		},
		{
			name: "exception beats at_risk: two silent business days in an exception tell the merchant nothing",
			spec: "Priority when several hold: exception > delayed > at_risk > on_track",
			ship: noPromise,
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 10, 30), act: ingest(time.Time{}, jScan(mar(3, 10, 0), jAddress)), state: "exception", sent: "c:exception"},
				{at: mar(5, 10, 0), act: tick(), state: "exception"},
				{at: mar(6, 10, 0), act: tick(), state: "exception"},
			},
		},
		{
			name: "feedback_request switched off",
			spec: "feedback_request goes to the customer 3 days after delivery (configurable, can be disabled)",
			cfg:  func(c *tracking.Config) { c.FeedbackAfter = -1 },
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 13, 30), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", sent: "c:delivered"},
				{at: mar(6, 13, 0), act: tick(), state: "delivered"},
				{at: mar(16, 13, 0), act: tick(), state: "delivered"},
			},
		},
		{
			name: "feedback_request after a configured delay",
			spec: "feedback_request goes to the customer 3 days after delivery (configurable, can be disabled)",
			cfg:  func(c *tracking.Config) { c.FeedbackAfter = 24 * time.Hour },
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 13, 30), act: ingest(time.Time{}, jScan(mar(3, 13, 0), jDelivered)), state: "delivered", sent: "c:delivered"},
				{at: mar(4, 13, 0).Add(-time.Second), act: tick(), state: "delivered"},
				{at: mar(4, 13, 0), act: tick(), state: "delivered", sent: "c:feedback_request"},
			},
		},
		{
			name: "available for pickup before the promise: the missed promise is no delay, and collection later is on time (reading)",
			spec: "promise_missed: the clock passed PromisedBy and the parcel is neither delivered nor available for pickup",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(4, 10, 30), act: ingest(time.Time{}, jScan(mar(4, 10, 0), jAtPoint)), state: "on_track", sent: "c:available_for_pickup",
					check: lateIs(false)},
				{at: mar(5, 0, 0), act: tick(), state: "on_track", check: lateIs(false)},
				{at: mar(5, 16, 30), act: ingest(time.Time{}, jScan(mar(5, 16, 0), jDelivered)), state: "delivered", reason: "on_time", sent: "c:delivered",
					check: lateIs(false)},
			},
		},
		{
			name: "available for pickup after the promise ends promise_missed",
			spec: "promise_missed: the clock passed PromisedBy and the parcel is neither delivered nor available for pickup",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), sent: "c:shipped"},
				{at: mar(3, 20, 30), act: ingest(time.Time{}, jScan(mar(3, 20, 0), jDeparted))},
				{at: mar(5, 0, 0), act: tick(), state: "delayed", reason: "promise_missed", sent: "c:delayed"},
				{at: mar(5, 10, 30), act: ingest(time.Time{}, jScan(mar(5, 10, 0), jAtPoint)), state: "on_track", sent: "c:available_for_pickup",
					check: lateIs(true)}, // View.Late: it reached the pickup point after the promise
				{at: mar(6, 16, 30), act: ingest(time.Time{}, jScan(mar(6, 16, 0), jDelivered)), state: "delivered", reason: "late", sent: "c:delivered",
					check: lateIs(true)},
			},
		},
	} {
		t.Run(j.name, func(t *testing.T) { runJourney(t, j) })
	}
}

// TestJourneyService: the Service's Track, Ingest and Status.
func TestJourneyService(t *testing.T) {
	for _, j := range []journey{
		{
			name: "Track is idempotent by ID: registering again changes nothing; other data is refused",
			spec: "Track is idempotent by ID; the same ID with other data is ErrDuplicateShipment",
			steps: []jStep{
				{at: mar(2, 10, 30), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track", sent: "c:shipped"},
				{at: mar(2, 11, 0), act: trackAgain(nil), state: "on_track"},
				{at: mar(2, 11, 5), act: trackAgain(func(sh *tracking.Shipment) { sh.PromisedBy = mar(2, 12, 0) }), wantErr: tracking.ErrDuplicateShipment, state: "on_track"},
				{at: mar(2, 12, 30), act: tick(), state: "on_track",
					check: func(t *testing.T, v tracking.View, _ []notify.Message) {
						if !v.PromisedBy.Equal(jPromise) {
							t.Errorf("Track again changed the promise to %s", v.PromisedBy)
						}
					}},
				{at: mar(2, 12, 35), act: trackAgain(func(sh *tracking.Shipment) { sh.TrackingNumber = "1ZOTHER" }), wantErr: tracking.ErrDuplicateShipment, state: "on_track"},
				{at: mar(2, 13, 0), act: ingest(time.Time{}, jScan(mar(2, 10, 0), jPickup)), state: "on_track"},
			},
		},
		{
			name: "Status: state, reason, milestone, ETA, late and a timeline without noise",
			spec: "svc.Status(ctx, id) // state, reason, milestone, ETA, late, relevant timeline",
			steps: []jStep{
				{state: "pending", reason: jNone, check: func(t *testing.T, v tracking.View, _ []notify.Message) {
					if v.Milestone != milestone.Unknown || !v.ETA.IsZero() || v.Late || len(v.Timeline) != 0 ||
						v.ID != "s1" || v.OrderID != "o1" || v.Carrier != "ups" || !v.PromisedBy.Equal(jPromise) {
						t.Errorf("a new shipment's status is %+v", v)
					}
				}},
				{at: mar(2, 10, 30), act: ingest(mar(4, 18, 0), jScan(mar(2, 10, 10), jUnloaded), jScan(mar(2, 10, 0), jPickup), jScan(mar(2, 8, 30), jLabel)),
					state: "on_track", sent: "c:shipped",
					check: all(milestoneIs(milestone.PickedUp), lateIs(false), timelineIs(jLabel, jPickup),
						func(t *testing.T, v tracking.View, _ []notify.Message) {
							if !v.ETA.Equal(mar(4, 18, 0)) {
								t.Errorf("Status.ETA = %s, want Wednesday 18:00", v.ETA)
							}
							if v.Timeline[1].Milestone != milestone.PickedUp || !v.Timeline[1].Time.Equal(mar(2, 10, 0)) {
								t.Errorf("timeline entry %+v, want the pickup scan", v.Timeline[1])
							}
						})},
				{at: mar(3, 10, 30), act: ingest(fri(), jScan(mar(3, 10, 0), jArrived), jScan(mar(3, 10, 5), jWarehouse)),
					state: "delayed", reason: "carrier_eta", sent: "c:delayed",
					check: all(lateIs(true), milestoneIs(milestone.InTransit), timelineIs(jLabel, jPickup, jArrived))},
				{at: mar(5, 10, 30), act: ingest(time.Time{}, jScan(mar(5, 10, 0), jDelivered)), state: "delivered", reason: "late", sent: "c:delivered",
					check: all(lateIs(true), milestoneIs(milestone.Delivered), timelineIs(jLabel, jPickup, jArrived, jDelivered),
						func(t *testing.T, v tracking.View, _ []notify.Message) {
							if !v.DeliveredAt.Equal(mar(5, 10, 0)) {
								t.Errorf("Status.DeliveredAt = %s", v.DeliveredAt)
							}
						})},
			},
		},
	} {
		t.Run(j.name, func(t *testing.T) { runJourney(t, j) })
	}
}

func fri() time.Time { return mar(6, 18, 0) }
