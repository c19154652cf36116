package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
)

// codes classifies the journey scans of these tests by their code, so that
// the tests depend on the store and the Service, not on the text classifier.
var codes = milestone.ClassifierFunc(func(s milestone.Scan) milestone.Milestone {
	switch s.Code {
	case "PU":
		return milestone.PickedUp
	case "OFD":
		return milestone.OutForDelivery
	case "DL":
		return milestone.Delivered
	}
	return milestone.Unknown
})

// quiet answers nothing, so every scan arrives through Ingest (webhooks).
type quiet struct{}

func (quiet) ID() string { return "home" }
func (quiet) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}

// sent counts sends by message ID; it can be made to crash its sender.
type sent struct {
	mu    sync.Mutex
	byID  map[string]int
	kinds map[string]map[notify.Kind]bool // shipment -> kinds
}

func newSent() *sent {
	return &sent{byID: map[string]int{}, kinds: map[string]map[notify.Kind]bool{}}
}

func (s *sent) record(m notify.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[m.ID]++
	if s.kinds[m.ShipmentID] == nil {
		s.kinds[m.ShipmentID] = map[notify.Kind]bool{}
	}
	s.kinds[m.ShipmentID][m.Kind] = true
}

// clock is a fake clock shared by all replicas.
type clock struct{ ns atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Set(t time.Time)         { c.ns.Store(t.UnixNano()) }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

var monday = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func journey(number string, step int) *carrier.Update {
	steps := []milestone.Scan{
		{Time: monday.Add(2 * time.Hour), Carrier: "home", Code: "PU", Description: "Picked up", Location: "Berlin"},
		{Time: monday.Add(25 * time.Hour), Carrier: "home", Code: "OFD", Description: "Out for delivery", Location: "Hamburg"},
		{Time: monday.Add(29 * time.Hour), Carrier: "home", Code: "DL", Description: "Delivered", Location: "Hamburg"},
	}
	return &carrier.Update{Carrier: "home", TrackingNumber: number, Scans: steps[:step+1]}
}

func newReplica(t *testing.T, db *sql.DB, clk *clock, n notify.Notifier, owner string) *tracking.Service {
	return newBenchReplica(t, db, clk, n, owner)
}

func newBenchReplica(t testing.TB, db *sql.DB, clk *clock, n notify.Notifier, owner string) *tracking.Service {
	t.Helper()
	st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
	require.NoError(t, err)
	svc, err := tracking.New(tracking.Config{
		Store: st, Carriers: carrier.NewRegistry(quiet{}), Notifier: n, Now: clk.Now,
		Classifier: codes, Owner: owner, LeaseFor: time.Minute, BatchSize: 25,
	})
	require.NoError(t, err)
	return svc
}

// Four Services on one database receive the same webhook updates at once
// (every update is delivered to every replica, as a load balancer with
// retries would) and Tick concurrently: every message is sent exactly once,
// no scan is lost, no update is lost.
func TestReplicasPostgres(t *testing.T) {
	first := openPostgres(t)
	db := first.DB()
	clk := &clock{}
	clk.Set(monday)
	out := newSent()
	notifier := notify.NotifierFunc(func(ctx context.Context, m notify.Message) error { out.record(m); return nil })

	const replicas, shipments = 4, 60
	svcs := make([]*tracking.Service, replicas)
	for i := range svcs {
		svcs[i] = newReplica(t, db, clk, notifier, fmt.Sprintf("replica-%d", i))
	}
	ctx := context.Background()
	for i := 0; i < shipments; i++ {
		// Track is idempotent: every replica registers the same shipments.
		for _, svc := range svcs {
			require.NoError(t, svc.Track(ctx, tracking.Shipment{
				ID: fmt.Sprintf("s%03d", i), OrderID: "o", Carrier: "home", TrackingNumber: fmt.Sprintf("N%03d", i),
				Recipient: notify.Recipient{ID: "c", Name: "Ada", Email: "ada@example.com"}, WebhookFed: true,
			}))
		}
	}
	at := []time.Duration{3 * time.Hour, 26 * time.Hour, 30 * time.Hour}
	for step := range at {
		clk.Set(monday.Add(at[step]))
		var wg sync.WaitGroup
		errs := make(chan error, replicas*(shipments+1))
		for r, svc := range svcs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				order := rand.New(rand.NewPCG(uint64(r), uint64(step))).Perm(shipments)
				for _, i := range order {
					if err := svc.Ingest(ctx, journey(fmt.Sprintf("N%03d", i), step)); err != nil {
						errs <- fmt.Errorf("replica %d ingest N%03d: %w", r, i, err)
					}
				}
				errs <- svc.Tick(ctx)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
	}
	// Feedback requests come from the clock, claimed by whichever replica
	// ticks first.
	clk.Set(monday.Add(29*time.Hour + 73*time.Hour))
	var wg sync.WaitGroup
	for _, svc := range svcs {
		wg.Add(1)
		go func() { defer wg.Done(); require.NoError(t, svc.Tick(ctx)) }()
	}
	wg.Wait()

	out.mu.Lock()
	defer out.mu.Unlock()
	for id, n := range out.byID {
		require.Equal(t, 1, n, "message %s sent %d times", id, n)
	}
	want := []notify.Kind{notify.KindShipped, notify.KindOutForDelivery, notify.KindDelivered, notify.KindFeedbackRequest}
	for i := 0; i < shipments; i++ {
		id := fmt.Sprintf("s%03d", i)
		for _, k := range want {
			require.True(t, out.kinds[id][k], "shipment %s: no %s message (lost)", id, k)
		}
		scans, err := first.Scans(ctx, id)
		require.NoError(t, err)
		require.Len(t, scans, 3, "shipment %s: scans lost or doubled", id)
		v, err := svcs[i%replicas].Status(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "delivered", fmt.Sprint(v.State), "shipment %s: an update was lost", id)
	}
	require.Len(t, out.byID, shipments*len(want))
}

// crashing is a notifier that "crashes" its process at random: it records
// the send and then cancels the process's context, so the send is never
// acknowledged, or it cancels before sending.
type crashing struct {
	out    *sent
	rng    *rand.Rand
	mu     sync.Mutex
	cancel context.CancelFunc
	// unacked counts the sends whose process crashed before acknowledging.
	unacked *sent
}

func (c *crashing) Notify(ctx context.Context, m notify.Message) error {
	if err := ctx.Err(); err != nil {
		return err // a dead process sends nothing
	}
	c.mu.Lock()
	roll := c.rng.IntN(10)
	c.mu.Unlock()
	switch {
	case roll == 0: // crash before the send
		c.cancel()
		return ctx.Err()
	case roll == 1: // crash after the send, before the acknowledgement
		c.out.record(m)
		c.unacked.record(m)
		c.cancel()
		return nil
	}
	c.out.record(m)
	return nil
}

// A Service is stopped (its context cancelled and its connections closed) at
// random points between a state change and its send; a new Service starts on
// the same database. Every message is still sent, with the same ID, and
// none is sent again after its acknowledgement.
func TestCrashRecoveryPostgres(t *testing.T) {
	first := openPostgres(t)
	dsnDB := first.DB()
	clk := &clock{}
	clk.Set(monday)
	out := newSent()
	const shipments = 40
	rng := rand.New(rand.NewPCG(42, 7))
	unacked := newSent()

	setup := newReplica(t, dsnDB, clk, notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }), "setup")
	for i := 0; i < shipments; i++ {
		require.NoError(t, setup.Track(context.Background(), tracking.Shipment{
			ID: fmt.Sprintf("s%03d", i), Carrier: "home", TrackingNumber: fmt.Sprintf("N%03d", i),
			Recipient: notify.Recipient{ID: "c", Email: "ada@example.com"}, WebhookFed: true}))
	}
	crashes := 0
	at := []time.Duration{3 * time.Hour, 26 * time.Hour, 30 * time.Hour}
	for step := range at {
		clk.Set(monday.Add(at[step]))
		for i := 0; i < shipments; {
			// A fresh process: its own pool, its own lease owner.
			db := reopen(t, first)
			ctx, cancel := context.WithCancel(context.Background())
			n := &crashing{out: out, rng: rng, cancel: cancel, unacked: unacked}
			svc := newReplica(t, db, clk, n, fmt.Sprintf("p%d-%d", step, i))
			for ; i < shipments && ctx.Err() == nil; i++ {
				err := svc.Ingest(ctx, journey(fmt.Sprintf("N%03d", i), step))
				if err != nil && !errors.Is(err, context.Canceled) {
					require.NoError(t, err)
				}
			}
			if ctx.Err() != nil {
				crashes++
			}
			cancel()
			db.Close() // connections cut
			// Leases of the crashed process run out before the next one looks.
			clk.Advance(2 * time.Minute)
		}
	}
	// A last healthy process finishes what is left (and the feedback).
	final := newReplica(t, reopen(t, first), clk, notify.NotifierFunc(func(ctx context.Context, m notify.Message) error {
		out.record(m)
		return nil
	}), "final")
	for k := 0; k < 5; k++ {
		clk.Advance(2 * time.Minute)
		require.NoError(t, final.Tick(context.Background()))
	}
	clk.Set(monday.Add(29*time.Hour + 73*time.Hour))
	require.NoError(t, final.Tick(context.Background()))

	require.Greater(t, crashes, 3, "the test must actually crash processes")
	out.mu.Lock()
	defer out.mu.Unlock()
	want := []notify.Kind{notify.KindShipped, notify.KindOutForDelivery, notify.KindDelivered, notify.KindFeedbackRequest}
	for i := 0; i < shipments; i++ {
		id := fmt.Sprintf("s%03d", i)
		for _, k := range want {
			require.True(t, out.kinds[id][k], "shipment %s: %s never sent after crashes", id, k)
		}
	}
	require.Len(t, out.byID, shipments*len(want), "messages keep their IDs across processes")
	// A message is sent again only after a send whose process crashed before
	// acknowledging it: never after its acknowledgement.
	resent := 0
	for id, n := range out.byID {
		require.LessOrEqual(t, n, 1+unacked.byID[id], "message %s sent %d times after %d unacknowledged sends", id, n, unacked.byID[id])
		resent += n - 1
	}
	t.Logf("%d processes crashed; %d messages resent with their ID after an unacknowledged send", crashes, resent)
}

// reopen opens a second pool on the same database and schema as s.
func reopen(t *testing.T, s *sqlstore.Store) *sql.DB {
	t.Helper()
	var schema string
	require.NoError(t, s.DB().QueryRow(`SELECT current_schema()`).Scan(&schema))
	u := postgresURL(t)
	db, err := sql.Open("pgx", withSearchPath(t, u, schema))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}
