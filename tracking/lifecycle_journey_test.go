package tracking_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// lifeWorld is a Service on memstore with carrier/sim, on one test clock,
// for the journeys of the host's side of a shipment (issue 19).
type lifeWorld struct {
	clk     *sim.Clock
	sim     *sim.Carrier
	st      lifeStore
	svc     *tracking.Service
	out     *notifytest.Recorder
	created time.Time
}

// lifeStore is a store the journeys run on: every store reads single
// outbox messages.
type lifeStore interface {
	store.Store
	store.OutboxReader
}

// stores are the stores every lifecycle journey runs on: memstore, SQLite,
// and PostgreSQL when WISMO_POSTGRES_URL is set.
var stores = []struct {
	name string
	open func(t *testing.T) lifeStore
}{
	{"memstore", func(*testing.T) lifeStore { return memstore.New() }},
	{"sqlite", func(t *testing.T) lifeStore {
		return migratedSQL(t, dbtest.OpenSQLite(t, dbtest.Config{}), sqlstore.SQLite)
	}},
	{"postgres", func(t *testing.T) lifeStore {
		return migratedSQL(t, dbtest.OpenPostgres(t, dbtest.Config{}), sqlstore.Postgres)
	}},
}

func migratedSQL(t *testing.T, db *sql.DB, d sqlstore.Dialect) lifeStore {
	t.Helper()
	st, err := sqlstore.New(db, d, sqlstore.Config{})
	require.NoError(t, err)
	_, err = st.Migrate(context.Background())
	require.NoError(t, err)
	return st
}

// onEveryStore runs journey as a subtest on each of stores.
func onEveryStore(t *testing.T, journey func(t *testing.T, st lifeStore)) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) { journey(t, s.open(t)) })
	}
}

type lifeOptions struct {
	store   lifeStore
	push    bool
	onEvent func(context.Context, tracking.ShipmentEvent) error
	extra   []carrier.Carrier
}

func newLifeWorld(t *testing.T, o lifeOptions) *lifeWorld {
	t.Helper()
	w := &lifeWorld{created: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), out: &notifytest.Recorder{}, st: o.store}
	if w.st == nil {
		w.st = memstore.New()
	}
	w.clk = sim.NewClock(w.created)
	var handler http.Handler
	cfg := sim.Config{Now: w.clk.Now, Seed: 7}
	if o.push {
		cfg.Push = sim.PushConfig{Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { handler.ServeHTTP(rw, r) })}
	}
	var err error
	w.sim, err = sim.New(cfg)
	require.NoError(t, err)
	w.svc, err = tracking.New(tracking.Config{Store: w.st, Carriers: carrier.NewRegistry(append([]carrier.Carrier{w.sim}, o.extra...)...),
		Notifier: w.out, Now: w.clk.Now, OnEvent: o.onEvent, Sleep: func(ctx context.Context, d time.Duration) error {
			w.clk.Advance(d)
			return ctx.Err()
		}})
	require.NoError(t, err)
	handler = w.svc.WebhookHandler(sim.DefaultID)
	return w
}

// ship registers number on scenario sc with the sim and tracks it as id.
func (w *lifeWorld) ship(t *testing.T, id, order, number string, sc sim.Scenario) {
	t.Helper()
	if sc.Name != "" {
		require.NoError(t, w.sim.Ship(number, sc, w.created))
	}
	require.NoError(t, w.svc.Track(context.Background(), tracking.Shipment{ID: id, OrderID: order, Carrier: sim.DefaultID,
		TrackingNumber: number, PromisedBy: w.created.Add(96 * time.Hour),
		Recipient: notify.Recipient{ID: "c-" + id, Name: "Ada Lovelace", Email: id + "@example.com"}}))
}

// run advances the clock by d, a Tick every 10 minutes (and pushes every
// minute).
func (w *lifeWorld) run(t *testing.T, d time.Duration) {
	t.Helper()
	ctx := context.Background()
	end := w.clk.Now().Add(d)
	for i := 0; w.clk.Now().Before(end); i++ {
		if _, err := w.sim.Push(ctx); err != nil {
			t.Fatalf("push: %v", err)
		}
		if i%10 == 0 {
			_ = w.svc.Tick(ctx)
		}
		w.clk.Advance(time.Minute)
	}
}

func (w *lifeWorld) status(t *testing.T, id string) tracking.View {
	t.Helper()
	v, err := w.svc.Status(context.Background(), id)
	require.NoError(t, err)
	return v
}

func (w *lifeWorld) kinds(shipment string) []notify.Kind {
	var ks []notify.Kind
	for _, m := range w.out.Messages() {
		if m.ShipmentID == shipment {
			ks = append(ks, m.Kind)
		}
	}
	return ks
}

func (w *lifeWorld) events(t *testing.T) []tracking.ShipmentEvent {
	t.Helper()
	var all []tracking.ShipmentEvent
	var after int64
	for {
		evs, err := w.svc.Events(context.Background(), after, 7)
		require.NoError(t, err)
		if len(evs) == 0 {
			return all
		}
		all = append(all, evs...)
		after = evs[len(evs)-1].Seq
	}
}

func count[T comparable](xs []T, x T) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

func TestJourneyUpdatePromise(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyUpdatePromise(t, st) })
}

func testJourneyUpdatePromise(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.run(t, 12*time.Hour) // picked up and in transit on day 0
	v := w.status(t, "s1")
	require.Equal(t, tracking.StateOnTrack, v.State)
	before := v.Version

	// A promise already missed: delayed at once, the customer told once.
	missed := w.clk.Now().Add(-time.Hour)
	v, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{IfVersion: v.Version, PromisedBy: &missed, Reason: "promise corrected by support"})
	require.NoError(t, err)
	require.Equal(t, tracking.StateDelayed, v.State)
	require.Equal(t, tracking.ReasonPromiseMissed, v.Reason)
	require.True(t, v.PromisedBy.Equal(missed))
	require.Greater(t, v.Version, before)
	require.Equal(t, w.clk.Now(), v.UpdatedAt)
	require.Equal(t, 1, count(w.kinds("s1"), notify.KindDelayed), "kinds %v", w.kinds("s1"))

	// Another missed promise tells nothing twice.
	earlier := missed.Add(-time.Hour)
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &earlier})
	require.NoError(t, err)
	require.Equal(t, 1, count(w.kinds("s1"), notify.KindDelayed))

	// A later promise puts it back on track.
	later := w.clk.Now().Add(72 * time.Hour)
	v, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &later})
	require.NoError(t, err)
	require.Equal(t, tracking.StateOnTrack, v.State)

	// A stale version changes nothing.
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{IfVersion: before, PromisedBy: &missed})
	require.ErrorIs(t, err, tracking.ErrVersionConflict)
	require.True(t, w.status(t, "s1").PromisedBy.Equal(later))

	// Recipient and zone.
	zone := "Europe/Berlin"
	v, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{TimeZone: &zone,
		Recipient: &notify.Recipient{ID: "c-s1", Name: "Ada King", Email: "ada.king@example.com", Locale: "de-DE"}})
	require.NoError(t, err)
	require.Equal(t, "Europe/Berlin", v.TimeZone.String())
	require.Equal(t, "de-DE", v.Locale)
	sh, err := w.st.GetShipment(ctx, "s1")
	require.NoError(t, err)
	require.Equal(t, "ada.king@example.com", sh.Recipient.Email)

	// The events say what changed and why.
	var updates []tracking.ShipmentEvent
	for _, e := range w.events(t) {
		if e.Type == tracking.EventShipmentUpdated {
			updates = append(updates, e)
		}
	}
	require.Len(t, updates, 4)
	require.Equal(t, []string{"PromisedBy"}, updates[0].Changed)
	require.Equal(t, "promise corrected by support", updates[0].Note)
	require.Equal(t, tracking.StateDelayed, updates[0].State)
	require.ElementsMatch(t, []string{"Recipient", "TimeZone"}, updates[3].Changed)

	// Bad input.
	_, err = w.svc.Update(ctx, "nope", tracking.ShipmentChange{PromisedBy: &later})
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{Reason: "nothing named"})
	require.ErrorIs(t, err, tracking.ErrInvalid)
	// The same change again writes nothing.
	same := w.status(t, "s1")
	again, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &later, TimeZone: &zone})
	require.NoError(t, err)
	require.Equal(t, same.Version, again.Version)
	bad := "Mars/Olympus"
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{TimeZone: &bad})
	require.ErrorIs(t, err, tracking.ErrInvalid)
	far := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &far})
	require.ErrorIs(t, err, tracking.ErrInvalid)

	// A delivered shipment is closed.
	w.run(t, 72*time.Hour)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s1").State)
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &later})
	require.ErrorIs(t, err, tracking.ErrShipmentClosed)
}

func TestJourneyCorrectNumber(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyCorrectNumber(t, st) })
}

func testJourneyCorrectNumber(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	// The host typed the number of another parcel, which has an exception.
	w.ship(t, "s1", "o1", "SIM0000000009", sim.ExceptionRecovered())
	require.NoError(t, w.sim.Ship("SIM0000000002", sim.OnTime(), w.created.Add(24*time.Hour)))
	w.clk.Set(w.created.Add(24*time.Hour + 4*time.Hour))
	w.run(t, time.Hour)
	v := w.status(t, "s1")
	require.Equal(t, tracking.StateException, v.State)
	wrongScans := len(v.Timeline)
	require.NotZero(t, wrongScans)

	number := "SIM0000000002"
	v, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{TrackingNumber: &number, Reason: "typo"})
	require.NoError(t, err)
	require.Equal(t, number, v.TrackingNumber)
	require.Equal(t, sim.DefaultID, v.Carrier)
	require.Equal(t, tracking.StatePending, v.State, "the wrong number's exception no longer counts")
	require.Empty(t, v.Timeline, "the wrong number's scans are kept apart")
	require.Equal(t, w.clk.Now(), v.NextPoll, "polling starts over")
	kept, err := w.st.Scans(ctx, "s1")
	require.NoError(t, err)
	require.Len(t, kept, len(mustScans(t, w, "s1")), "scans kept in the store")
	require.GreaterOrEqual(t, len(kept), wrongScans)

	// The next Ticks track the new number only.
	w.run(t, 8*time.Hour)
	v = w.status(t, "s1")
	require.Equal(t, tracking.StateOnTrack, v.State)
	for _, e := range v.Timeline {
		require.NotContains(t, e.Description, "Exception", "a scan of the old number in the timeline")
	}
	require.NotEmpty(t, v.Timeline)
	// Ingest of the old number no longer reaches the shipment.
	err = w.svc.Ingest(ctx, &carrier.Update{Carrier: sim.DefaultID, TrackingNumber: "SIM0000000009"})
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
	w.run(t, 72*time.Hour)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s1").State)
}

func mustScans(t *testing.T, w *lifeWorld, id string) []store.Scan {
	t.Helper()
	sc, err := w.st.Scans(context.Background(), id)
	require.NoError(t, err)
	return sc
}

// namedSim is a sim under another carrier id, to stand for a carrier
// carrier.Detect knows.
func namedSim(t *testing.T, id string) *sim.Carrier {
	t.Helper()
	c, err := sim.New(sim.Config{ID: id})
	require.NoError(t, err)
	return c
}

func TestUpdateNumberOfAnotherCarrier(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testUpdateNumberOfAnotherCarrier(t, st) })
}

func testUpdateNumberOfAnotherCarrier(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st, extra: []carrier.Carrier{namedSim(t, "ups"), namedSim(t, "fedex")}})
	require.NoError(t, w.svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z999AA10123456784"}))
	before := w.status(t, "s1")

	// A FedEx Express number (valid check digit) given as a UPS number.
	fedex, ups := "449044304137821", "ups"
	require.Equal(t, "fedex", carrier.Detect(fedex)[0].Carrier, "test number")
	_, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{Carrier: &ups, TrackingNumber: &fedex})
	require.ErrorIs(t, err, tracking.ErrInvalid)
	require.Contains(t, err.Error(), "fedex")
	after := w.status(t, "s1")
	require.Equal(t, before.TrackingNumber, after.TrackingNumber)
	require.Equal(t, before.Version, after.Version, "nothing written")

	// Without a carrier it is detected: FedEx, which is configured.
	v, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{TrackingNumber: &fedex})
	require.NoError(t, err)
	require.Equal(t, "fedex", v.Carrier)

	// A carrier not configured.
	dhl := "dhl_express"
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{Carrier: &dhl, TrackingNumber: &fedex})
	require.ErrorIs(t, err, tracking.ErrUnknownCarrier)
}

func TestJourneyCorrectNumberMovesSubscription(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyCorrectNumberMovesSubscription(t, st) })
}

func testJourneyCorrectNumberMovesSubscription(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st, push: true})
	w.ship(t, "s1", "", "SIM0000000009", sim.OnTime())
	w.run(t, 30*time.Minute)
	require.Equal(t, tracking.SubscriptionActive, w.status(t, "s1").Subscription.State)
	require.True(t, w.sim.Subscribed("SIM0000000009"))

	require.NoError(t, w.sim.Ship("SIM0000000002", sim.OnTime(), w.created))
	number := "SIM0000000002"
	v, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{TrackingNumber: &number})
	require.NoError(t, err)
	require.Equal(t, tracking.SubscriptionPending, v.Subscription.State)
	w.run(t, 30*time.Minute)
	require.False(t, w.sim.Subscribed("SIM0000000009"), "old number unsubscribed")
	require.True(t, w.sim.Subscribed("SIM0000000002"), "new number subscribed")
	require.Equal(t, tracking.SubscriptionActive, w.status(t, "s1").Subscription.State)
}

func TestJourneyCancel(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyCancel(t, st) })
}

func testJourneyCancel(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st, push: true})
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.ship(t, "s2", "o2", "SIM0000000002", sim.OnTime())
	w.run(t, 30*time.Minute)
	require.True(t, w.sim.Subscribed("SIM0000000001"))

	// A message waits for a retry when the order is cancelled.
	w.out.FailNext(100, nil)
	w.run(t, 6*time.Hour)
	pending, err := w.st.ListOutbox(ctx, store.OutboxQuery{Status: store.OutboxPending, ShipmentID: "s1", Limit: 10})
	require.NoError(t, err)
	require.NotEmpty(t, pending)
	w.out.Reset()

	v, err := w.svc.Cancel(ctx, "s1", "order cancelled by the customer")
	require.NoError(t, err)
	require.Equal(t, tracking.StateCancelled, v.State)
	require.Equal(t, "order cancelled by the customer", v.CancelReason)
	require.Equal(t, w.clk.Now(), v.CancelledAt)
	for _, om := range pending {
		got, err := w.st.OutboxMessage(ctx, om.Message.ID)
		require.NoError(t, err)
		require.Equal(t, store.OutboxWithdrawn, got.Status)
	}

	// Idempotent.
	again, err := w.svc.Cancel(ctx, "s1", "again")
	require.NoError(t, err)
	require.Equal(t, v.CancelledAt, again.CancelledAt)
	require.Equal(t, "order cancelled by the customer", again.CancelReason)
	require.Equal(t, v.Version, again.Version)

	// No more polls or messages; the subscription ends.
	w.sim.ResetStats()
	w.run(t, 96*time.Hour)
	require.Empty(t, w.kinds("s1"), "messages after the cancel")
	require.NotEmpty(t, w.kinds("s2"), "the other shipment goes on")
	require.False(t, w.sim.Subscribed("SIM0000000001"))
	v = w.status(t, "s1")
	require.Equal(t, tracking.StateCancelled, v.State)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s2").State)

	// Closed for changes; a delivered shipment cannot be cancelled.
	later := w.clk.Now().Add(time.Hour)
	_, err = w.svc.Update(ctx, "s1", tracking.ShipmentChange{PromisedBy: &later})
	require.ErrorIs(t, err, tracking.ErrShipmentClosed)
	_, err = w.svc.Cancel(ctx, "s2", "too late")
	require.ErrorIs(t, err, tracking.ErrShipmentClosed)
	_, err = w.svc.Cancel(ctx, "nope", "")
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)

	var cancels []tracking.ShipmentEvent
	for _, e := range w.events(t) {
		if e.ShipmentID == "s1" && e.Type == tracking.EventShipmentCancelled {
			cancels = append(cancels, e)
		}
	}
	require.Len(t, cancels, 1)
	require.Equal(t, "order cancelled by the customer", cancels[0].Note)
}

func TestJourneyList(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyList(t, st) })
}

func testJourneyList(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	scenarios := []sim.Scenario{sim.OnTime(), sim.Lost(), sim.LateEstimate(), sim.ExceptionRecovered(), sim.Stalled(), sim.OnTime(), sim.PickupPoint()}
	for i, sc := range scenarios {
		w.ship(t, fmt.Sprintf("s%d", i), "o1", sim.Number(i), sc)
	}
	w.ship(t, "unknown", "o2", "SIM9999999999", sim.Scenario{}) // the carrier never knows it
	w.run(t, 36*time.Hour)
	w.clk.Advance(2 * time.Hour)

	all := map[string]tracking.View{}
	for _, id := range append([]string{"unknown"}, "s0", "s1", "s2", "s3", "s4", "s5", "s6") {
		all[id] = w.status(t, id)
	}
	// Walk every page of 3: each shipment once, in list order.
	var walked []tracking.View
	q := tracking.Query{Limit: 3}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		p, err := w.svc.List(ctx, q)
		require.NoError(t, err)
		require.LessOrEqual(t, len(p.Shipments), 3)
		walked = append(walked, p.Shipments...)
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	require.Len(t, walked, len(all))
	for i := 1; i < len(walked); i++ {
		a, b := walked[i-1], walked[i]
		require.True(t, a.UpdatedAt.After(b.UpdatedAt) || (a.UpdatedAt.Equal(b.UpdatedAt) && a.ID < b.ID), "order at %d", i)
	}
	for _, v := range walked {
		require.Nil(t, v.Timeline)
		require.Equal(t, all[v.ID].State, v.State)
	}

	// Needs attention: the states in trouble.
	p, err := w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	var attention []string
	for _, v := range p.Shipments {
		attention = append(attention, v.ID)
	}
	var want []string
	for id, v := range all {
		switch v.State {
		case tracking.StateAtRisk, tracking.StateDelayed, tracking.StateException, tracking.StateLost:
			want = append(want, id)
		}
	}
	require.NotEmpty(t, want)
	require.ElementsMatch(t, want, attention)

	// Filters.
	p, err = w.svc.List(ctx, tracking.Query{States: []tracking.State{tracking.StateException}})
	require.NoError(t, err)
	require.Len(t, p.Shipments, 1)
	require.Equal(t, "s3", p.Shipments[0].ID)
	p, err = w.svc.List(ctx, tracking.Query{OrderID: "o2"})
	require.NoError(t, err)
	require.Len(t, p.Shipments, 1)
	p, err = w.svc.List(ctx, tracking.Query{Email: "S2@EXAMPLE.COM"})
	require.NoError(t, err)
	require.Len(t, p.Shipments, 1)
	require.Equal(t, "s2", p.Shipments[0].ID)

	// Bad input: a cursor of another query, an altered one, junk, limits.
	first, err := w.svc.List(ctx, tracking.Query{Limit: 2})
	require.NoError(t, err)
	require.NotEmpty(t, first.Next)
	_, err = w.svc.List(ctx, tracking.Query{Limit: 2, OrderID: "o1", Cursor: first.Next})
	require.ErrorIs(t, err, tracking.ErrBadCursor)
	_, err = w.svc.List(ctx, tracking.Query{Limit: 2, Cursor: first.Next[:len(first.Next)-2] + "xy"})
	require.ErrorIs(t, err, tracking.ErrBadCursor)
	_, err = w.svc.List(ctx, tracking.Query{Cursor: "not a cursor"})
	require.ErrorIs(t, err, tracking.ErrBadCursor)
	_, err = w.svc.List(ctx, tracking.Query{Limit: tracking.MaxLimit + 1})
	require.ErrorIs(t, err, tracking.ErrInvalid)
	_, err = w.svc.List(ctx, tracking.Query{States: []tracking.State{"flying"}})
	require.ErrorIs(t, err, tracking.ErrInvalid)
	// Text no shipment can have (the Service stores clean text) finds none.
	for _, q := range []tracking.Query{{OrderID: "o1\x00"}, {Email: "s2@example.com\xff"}, {Carrier: "sim\x00"}, {RecipientID: "\xff"}} {
		p, err := w.svc.List(ctx, q)
		require.NoError(t, err)
		require.Empty(t, p.Shipments)
	}
	dl, err := w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{ShipmentID: "s1\x00", Kind: "\xff"})
	require.NoError(t, err)
	require.Empty(t, dl.DeadLetters)
	require.ErrorIs(t, w.svc.DiscardDeadLetter(ctx, "m\x00"), tracking.ErrUnknownMessage)
	require.ErrorIs(t, w.svc.ReplayDeadLetter(ctx, "m\xff"), tracking.ErrUnknownMessage)
	require.ErrorIs(t, w.svc.Resend(ctx, "s1", "shipped\x00"), tracking.ErrUnknownMessage)
	// The same filters in another order take the cursor.
	a, err := w.svc.List(ctx, tracking.Query{Limit: 1, States: []tracking.State{tracking.StateOnTrack, tracking.StateAtRisk}})
	require.NoError(t, err)
	if a.Next != "" {
		_, err = w.svc.List(ctx, tracking.Query{Limit: 1, States: []tracking.State{tracking.StateAtRisk, tracking.StateOnTrack}, Cursor: a.Next})
		require.NoError(t, err)
	}
}

func TestJourneyNotFoundNeedsAttention(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyNotFoundNeedsAttention(t, st) })
}

func testJourneyNotFoundNeedsAttention(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	w.ship(t, "ghost", "", "SIM9999999999", sim.Scenario{})
	w.ship(t, "real", "", "SIM0000000001", sim.OnTime())
	w.run(t, 24*time.Hour)
	p, err := w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	require.Empty(t, p.Shipments, "not found within the grace period is no trouble yet")
	w.run(t, 60*time.Hour)
	p, err = w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	require.Len(t, p.Shipments, 1)
	require.Equal(t, "ghost", p.Shipments[0].ID)
}

func TestJourneyOrderStatus(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyOrderStatus(t, st) })
}

func testJourneyOrderStatus(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	w.ship(t, "p1", "o1", "SIM0000000001", sim.OnTime())
	w.clk.Advance(time.Minute)
	w.ship(t, "p2", "o1", "SIM0000000002", sim.OnTime())
	w.clk.Advance(time.Minute)
	w.ship(t, "p3", "o1", "SIM0000000003", sim.Lost())
	w.ship(t, "solo", "o2", "SIM0000000004", sim.OnTime())
	w.run(t, 4*24*time.Hour)

	o, err := w.svc.OrderStatus(ctx, "o1")
	require.NoError(t, err)
	require.Equal(t, 2, o.Delivered)
	require.Equal(t, 3, o.Total)
	require.Equal(t, "2 of 3 parcels delivered", o.String())
	require.Equal(t, tracking.StateAtRisk, o.State, "the least advanced: p3 is stuck")
	require.Len(t, o.Shipments, 3)
	for i, v := range o.Shipments {
		require.Equal(t, fmt.Sprintf("p%d", i+1), v.ID)
		require.Equal(t, i+1, v.Parcel)
		require.Equal(t, 3, v.Parcels)
	}
	v := w.status(t, "p2")
	require.Equal(t, 2, v.Parcel)
	require.Equal(t, 3, v.Parcels)
	solo := w.status(t, "solo")
	require.Zero(t, solo.Parcels)

	// Every customer message of the order says which parcel it is about.
	for _, m := range w.out.Messages() {
		if m.OrderID == "o1" && m.Audience == notify.Customer {
			require.Equal(t, 3, m.Parcels, "message %s", m.ID)
			require.Equal(t, int(m.ShipmentID[1]-'0'), m.Parcel, "message %s", m.ID)
		}
		if m.OrderID == "o2" {
			require.Zero(t, m.Parcels)
		}
	}

	// A cancelled parcel no longer counts.
	_, err = w.svc.Cancel(ctx, "p3", "replaced")
	require.ErrorIs(t, err, nil)
	o, err = w.svc.OrderStatus(ctx, "o1")
	require.NoError(t, err)
	require.Equal(t, "2 of 2 parcels delivered", o.String())
	require.Equal(t, tracking.StateDelivered, o.State)
	require.Len(t, o.Shipments, 3)

	_, err = w.svc.OrderStatus(ctx, "no-such-order")
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
}

func TestJourneyEvents(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyEvents(t, st) })
}

func testJourneyEvents(t *testing.T, st lifeStore) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var heard []tracking.ShipmentEvent
	failures := 2
	w := newLifeWorld(t, lifeOptions{store: st, onEvent: func(_ context.Context, e tracking.ShipmentEvent) error {
		mu.Lock()
		defer mu.Unlock()
		if e.Type == tracking.EventMessageSent && failures > 0 {
			failures--
			return errors.New("order database is down")
		}
		heard = append(heard, e)
		return nil
	}})
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.run(t, 3*24*time.Hour)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s1").State)

	stream := w.events(t)
	types := map[tracking.EventType]int{}
	for i, e := range stream {
		types[e.Type]++
		require.Equal(t, "s1", e.ShipmentID)
		require.Equal(t, "o1", e.OrderID)
		if i > 0 {
			require.Greater(t, e.Seq, stream[i-1].Seq)
		}
	}
	require.Positive(t, types[tracking.EventStateChanged])
	require.Positive(t, types[tracking.EventMilestoneReached])
	require.Positive(t, types[tracking.EventMessageSent])
	last := stream[len(stream)-1]
	var delivered bool
	for _, e := range stream {
		if e.Type == tracking.EventStateChanged && e.State == tracking.StateDelivered {
			delivered = true
		}
		if e.Type == tracking.EventMessageSent {
			require.NotEmpty(t, e.MessageID)
			require.NotEmpty(t, e.MessageKind)
		}
	}
	require.True(t, delivered)

	// Run delivers every event, in order, through the handler's failures.
	done := make(chan error, 1)
	go func() { done <- w.svc.Run(ctx) }()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(heard) > 0 && heard[len(heard)-1].Seq >= last.Seq
	}, 10*time.Second, time.Millisecond)
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, len(heard), len(stream), "Run's own Ticks may add events")
	for i := range stream {
		require.Equal(t, stream[i].ID, heard[i].ID)
	}
	require.Zero(t, failures)
	mu.Unlock()
	// Whatever Run saved before it stopped, the next delivery goes on from
	// there and catches up.
	_, err := w.svc.DeliverEvents(context.Background())
	require.NoError(t, err)
	mu.Lock()
	now := w.events(t)
	pos, err := w.st.LoadCursor(context.Background(), tracking.EventCursor)
	require.NoError(t, err)
	require.Equal(t, now[len(now)-1].Seq, pos)
	require.Equal(t, now[len(now)-1].ID, heard[len(heard)-1].ID)

	// Bad input.
	_, err = w.svc.Events(context.Background(), 0, 0)
	require.ErrorIs(t, err, tracking.ErrInvalid)
	_, err = w.svc.Events(context.Background(), -1, 10)
	require.ErrorIs(t, err, tracking.ErrInvalid)
}

func TestDeliverEventsResumes(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testDeliverEventsResumes(t, st) })
}

func testDeliverEventsResumes(t *testing.T, st lifeStore) {
	ctx := context.Background()
	var heard []string
	fail := false
	w := newLifeWorld(t, lifeOptions{store: st, onEvent: func(_ context.Context, e tracking.ShipmentEvent) error {
		if fail && e.Type == tracking.EventMilestoneReached {
			return errors.New("down")
		}
		heard = append(heard, e.ID)
		return nil
	}})
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.run(t, 8*time.Hour)
	fail = true
	n, err := w.svc.DeliverEvents(ctx)
	require.Error(t, err)
	require.Contains(t, err.Error(), "down")
	require.Equal(t, len(heard), n)
	stopped := len(heard)
	fail = false
	m, err := w.svc.DeliverEvents(ctx)
	require.NoError(t, err)
	all := w.events(t)
	require.Equal(t, len(all), stopped+m)
	for i, e := range all {
		require.Equal(t, e.ID, heard[i])
	}
	m, err = w.svc.DeliverEvents(ctx)
	require.NoError(t, err)
	require.Zero(t, m, "up to date")
}

func TestJourneyDeadLetters(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyDeadLetters(t, st) })
}

func testJourneyDeadLetters(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	w.out.FailPermanently(errors.New("smtp: 550 mailbox ada@example.com unknown (token=abc123SECRET, +49 170 1234567)"))
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.ship(t, "s2", "o1", "SIM0000000002", sim.OnTime())
	w.run(t, 12*time.Hour)

	page, err := w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{ShipmentID: "s1"})
	require.NoError(t, err)
	require.NotEmpty(t, page.DeadLetters)
	for _, d := range page.DeadLetters {
		require.Equal(t, "s1", d.ShipmentID)
		require.NotContains(t, d.LastError, "ada@example.com")
		require.NotContains(t, d.LastError, "abc123SECRET")
		require.NotContains(t, d.LastError, "1234567")
		require.Contains(t, d.LastError, "550")
		require.False(t, d.DeadAt.IsZero())
		require.Equal(t, d.ID, d.Message.ID)
	}
	// Dead letters make a shipment need attention.
	att, err := w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	require.Len(t, att.Shipments, 2)

	// Pages of one, with a cursor; a cursor of another query is refused.
	var ids []string
	q := tracking.DeadLetterQuery{Limit: 1}
	for {
		p, err := w.svc.DeadLetters(ctx, q)
		require.NoError(t, err)
		for _, d := range p.DeadLetters {
			ids = append(ids, d.ID)
		}
		if p.Next == "" {
			break
		}
		_, err = w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{Limit: 1, ShipmentID: "s2", Cursor: p.Next})
		require.ErrorIs(t, err, tracking.ErrBadCursor)
		q.Cursor = p.Next
	}
	all, err := w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{})
	require.NoError(t, err)
	require.Len(t, ids, len(all.DeadLetters))
	require.Equal(t, len(ids), len(slices.Compact(slices.Sorted(slices.Values(ids)))))

	// Replay sends the message; discard keeps it out of the list.
	w.out.Reset()
	replay := page.DeadLetters[0]
	require.NoError(t, w.svc.ReplayDeadLetter(ctx, replay.ID))
	sent := w.out.Messages()
	require.Len(t, sent, 1)
	require.Equal(t, replay.ID, sent[0].ID)
	require.ErrorIs(t, w.svc.ReplayDeadLetter(ctx, replay.ID), tracking.ErrInvalid, "no longer dead")
	for _, d := range page.DeadLetters[1:] {
		require.NoError(t, w.svc.DiscardDeadLetter(ctx, d.ID))
		require.NoError(t, w.svc.DiscardDeadLetter(ctx, d.ID), "discarding twice")
	}
	left, err := w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{ShipmentID: "s1"})
	require.NoError(t, err)
	require.Empty(t, left.DeadLetters)
	att, err = w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	require.Len(t, att.Shipments, 1)
	require.Equal(t, "s2", att.Shipments[0].ID)

	require.ErrorIs(t, w.svc.ReplayDeadLetter(ctx, "nope"), tracking.ErrUnknownMessage)
	require.ErrorIs(t, w.svc.DiscardDeadLetter(ctx, "nope"), tracking.ErrUnknownMessage)
	_, err = w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{Cursor: "junk"})
	require.ErrorIs(t, err, tracking.ErrBadCursor)

	types := map[tracking.EventType]int{}
	for _, e := range w.events(t) {
		types[e.Type]++
	}
	require.Positive(t, types[tracking.EventMessageDead])
}

func TestJourneyResend(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyResend(t, st) })
}

func testJourneyResend(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	w.run(t, 12*time.Hour)
	first := w.out.Messages()
	require.NotEmpty(t, first)
	kind := first[0].Kind

	// The customer's address was wrong: correct it and send the message again.
	_, err := w.svc.Update(ctx, "s1", tracking.ShipmentChange{Recipient: &notify.Recipient{ID: "c-s1", Email: "ada.right@example.com"}})
	require.NoError(t, err)
	w.out.Reset()
	require.NoError(t, w.svc.Resend(ctx, "s1", string(kind)))
	again := w.out.Messages()
	require.Len(t, again, 1)
	require.Equal(t, kind, again[0].Kind)
	require.NotEqual(t, first[0].ID, again[0].ID)
	require.Equal(t, "ada.right@example.com", again[0].Recipient.Email)
	require.Equal(t, "s1", again[0].ShipmentID)

	require.ErrorIs(t, w.svc.Resend(ctx, "s1", "lost"), tracking.ErrUnknownMessage)
	require.ErrorIs(t, w.svc.Resend(ctx, "nope", string(kind)), tracking.ErrUnknownShipment)
	_, err = w.svc.Cancel(ctx, "s1", "")
	require.NoError(t, err)
	require.ErrorIs(t, w.svc.Resend(ctx, "s1", string(kind)), tracking.ErrShipmentClosed)
	require.True(t, strings.HasPrefix(tracking.ErrShipmentClosed.Error(), "tracking:"))
}

// TestRunBacksOffFailingEventHandler: an OnEvent that keeps failing is
// given the same event again after pauses that double from EventsEvery up
// to EventRetryMax; once it recovers the pause is EventsEvery again and
// the stream goes on in order.
func TestRunBacksOffFailingEventHandler(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var pauses []time.Duration
	var calls []string
	failFor := 8
	st := memstore.New()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc, err := tracking.New(tracking.Config{
		Store: st, Carriers: carrier.NewRegistry(noPolls{}), Notifier: &notifytest.Recorder{}, Now: func() time.Time { return now },
		TickEvery: 7 * time.Hour, EventsEvery: time.Second, EventRetryMax: 30 * time.Second,
		OnEvent: func(_ context.Context, e tracking.ShipmentEvent) error {
			mu.Lock()
			defer mu.Unlock()
			calls = append(calls, e.ID)
			if failFor > 0 {
				failFor--
				return errors.New("shop database down")
			}
			return nil
		},
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			if d != 7*time.Hour {
				pauses = append(pauses, d)
			}
			n := len(pauses)
			mu.Unlock()
			if n > 12 {
				cancel()
			}
			if d == 7*time.Hour {
				<-ctx.Done() // one Tick is enough
			}
			return ctx.Err()
		},
	})
	require.NoError(t, err)
	require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1"}))
	require.NoError(t, svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: "1Z1",
		Scans: []milestone.Scan{{Time: now.Add(-time.Hour), Description: "Picked up"}}}))
	require.ErrorIs(t, svc.Run(ctx), context.Canceled)

	mu.Lock()
	defer mu.Unlock()
	s := time.Second
	require.Equal(t, []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, 30 * s, s, s, s, s, s}, pauses[:13])
	require.GreaterOrEqual(t, len(calls), 10)
	for _, id := range calls[:9] {
		require.Equal(t, calls[0], id, "the failing event is given again, nothing after it")
	}
	require.NotEqual(t, calls[0], calls[9], "then the stream goes on")
}

// TestListCursorOfLongID: the cursor after a shipment whose ID is as long
// as store.MaxTextBytes, all of it characters JSON escapes, is taken back.
func TestListCursorOfLongID(t *testing.T) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{})
	long := strings.Repeat("<", store.MaxTextBytes)
	for _, id := range []string{long, "b"} {
		require.NoError(t, w.svc.Track(ctx, tracking.Shipment{ID: id, Carrier: sim.DefaultID, TrackingNumber: "SIM" + id[:1]}))
	}
	p, err := w.svc.List(ctx, tracking.Query{Limit: 1})
	require.NoError(t, err)
	require.Equal(t, long, p.Shipments[0].ID)
	p, err = w.svc.List(ctx, tracking.Query{Limit: 1, Cursor: p.Next})
	require.NoError(t, err)
	require.Equal(t, "b", p.Shipments[0].ID)
}

// correctingCarrier is the sim, whose first Track calls hook before
// answering: the host corrects the number while the poll is on its way.
type correctingCarrier struct {
	sim  *sim.Carrier
	once sync.Once
	hook func()
}

func (c *correctingCarrier) ID() string { return c.sim.ID() }

func (c *correctingCarrier) Track(ctx context.Context, n string) (*carrier.Update, error) {
	c.once.Do(c.hook)
	return c.sim.Track(ctx, n)
}

// TestCorrectionDuringPoll: a poll answer about the old number that
// arrives after Update corrected the number is dropped; nothing of it
// counts for the shipment, and the lease is released.
func TestCorrectionDuringPoll(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) {
		ctx := context.Background()
		clk := sim.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		s, err := sim.New(sim.Config{Now: clk.Now})
		require.NoError(t, err)
		require.NoError(t, s.Ship("SIM0000000009", sim.ExceptionRecovered(), clk.Now().Add(-48*time.Hour)))
		require.NoError(t, s.Ship("SIM0000000002", sim.OnTime(), clk.Now()))
		var svc *tracking.Service
		c := &correctingCarrier{sim: s}
		c.hook = func() {
			number := "SIM0000000002"
			_, err := svc.Update(ctx, "s1", tracking.ShipmentChange{TrackingNumber: &number})
			require.NoError(t, err)
		}
		svc, err = tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(c), Notifier: &notifytest.Recorder{}, Now: clk.Now})
		require.NoError(t, err)
		require.NoError(t, svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: sim.DefaultID, TrackingNumber: "SIM0000000009"}))
		require.NoError(t, svc.Tick(ctx))
		v, err := svc.Status(ctx, "s1")
		require.NoError(t, err)
		require.Equal(t, "SIM0000000002", v.TrackingNumber)
		require.Empty(t, v.Timeline, "the old number's scans were counted")
		require.Equal(t, tracking.StatePending, v.State)
		sh, err := st.GetShipment(ctx, "s1")
		require.NoError(t, err)
		require.Empty(t, sh.LeaseOwner, "lease released")
		// The next poll is the new number's.
		clk.Advance(6 * time.Hour)
		require.NoError(t, svc.Tick(ctx))
		v, err = svc.Status(ctx, "s1")
		require.NoError(t, err)
		require.Equal(t, tracking.StateOnTrack, v.State)
	})
}
