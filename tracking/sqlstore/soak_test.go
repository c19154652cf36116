package sqlstore_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// The soak's size. The default (500 shipments over 19 simulated days) takes
// about 20 to 30 seconds under -race on a busy 2-CPU machine; a long run is,
// for example:
//
//	go test ./tracking/sqlstore -run TestSoakPostgres -timeout 0 -v \
//	    -soak.shipments=100000 -soak.spread=5
var (
	soakShipments = flag.Int("soak.shipments", 500, "soak: shipments registered")
	soakSpread    = flag.Int("soak.spread", 2, "soak: days over which the shipments are registered")
	soakDays      = flag.Int("soak.days", 17, "soak: days simulated after the last registration (17 lets lost parcels be declared lost and feedback go out)")
	soakStep      = flag.Duration("soak.step", 30*time.Minute, "soak: how far the fake clock moves between Ticks")
	soakSeed      = flag.Int64("soak.seed", 1, "soak: seed of the scenario mix, the carrier's faults and the notifier's failures")
)

// The soak's hostile conditions.
const (
	soakWebhookEvery = 4   // every 4th shipment is fed by webhooks
	soakRedeliver    = 0.5 // share of webhooks delivered twice
	soakNotifyFail   = 0.2 // share of sends that fail (temporarily)
	// A 429 pauses the carrier for the rest of the Tick (the fake clock
	// stands still during a Tick) and, with this Retry-After, no longer.
	soakRetryAfter = 20 * time.Minute
	// The carrier's contract: 2 calls a second with bursts of 500 calls,
	// measured on the fake clock. The clock stands still during a Tick, so
	// the burst bounds the calls of one Tick.
	soakRate  = 2
	soakBurst = 500
)

func soakFaults() sim.Faults {
	// 30% in total. 429s are 1% of calls: each one stops the Tick's polls
	// (the fake clock stands still during a Tick), so at 5% a Tick would
	// poll about 20 batches, too few for 100,000 shipments.
	return sim.Faults{
		ErrorRate: 0.12, TimeoutRate: 0.05, RateLimitRate: 0.01, RetryAfter: soakRetryAfter,
		DuplicateRate: 0.06, ReorderRate: 0.06,
	}
}

// TestSoakPostgres drives a Service on PostgreSQL through thousands of
// simulated journeys (sim.Mix) with a carrier that fails or misbehaves on
// 30% of calls, webhooks of which half are delivered twice, and a notifier
// that fails 20% of sends. A second Service on memstore is fed the same
// scans at the same moments, without faults, duplicates or failures: what it
// sends is what the faulty one must send. At the end every expected message
// was sent exactly once, every scan the carrier showed is stored once, the
// carrier's rate limit and Retry-After were respected, and the heap did not
// grow after the working set was loaded.
func TestSoakPostgres(t *testing.T) {
	st := openSoakPostgres(t)
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, berlin) // a Monday
	clk := sim.NewClock(start)
	seed := *soakSeed
	n := *soakShipments
	require.Positive(t, n)

	var mem memSampler
	mem.sample("start")

	simC, err := sim.New(sim.Config{Now: clk.Now, Seed: seed, Faults: soakFaults(),
		RateLimit: soakRate, Burst: soakBurst, Jitter: 10 * time.Minute})
	require.NoError(t, err)
	spy := &spyCarrier{Carrier: simC, now: clk.Now}
	classifier := simClassifier(t)

	flaky := newFlakyNotifier(seed, soakNotifyFail)
	svc, err := tracking.New(tracking.Config{
		Store: st, Carriers: carrier.NewRegistry(spy), Notifier: flaky, Classifier: classifier,
		Now: clk.Now, Owner: "soak",
	})
	require.NoError(t, err)

	// The reference: the same scans at the same moments, nothing failing.
	ideal := newFlakyNotifier(seed, 0)
	ref, err := tracking.New(tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(silentCarrier{}), Notifier: ideal,
		Classifier: classifier, Now: clk.Now, Owner: "reference",
	})
	require.NoError(t, err)

	srv := httptest.NewServer(svc.WebhookHandler(sim.DefaultID))
	t.Cleanup(srv.Close)
	client := srv.Client()
	rng := rand.New(rand.NewPCG(uint64(seed), 0x736f616b))

	scenarios := sim.Mix(n, seed)
	lastSeen := make([]time.Time, n) // when the Service last got an update with scans of shipment i
	numberIndex := make(map[string]int, n)
	var webhookActive []int // webhook-fed shipments whose journey is not over
	var webhooks, redeliveries, maxCalls int

	post := func(wh sim.Webhook) {
		t.Helper()
		// The reference ingests what the webhook says, once.
		ups, err := simC.ParseWebhook(ctx, wh.Header, wh.Body)
		require.NoError(t, err)
		for _, u := range ups {
			require.NoError(t, ref.Ingest(ctx, normalize(u)))
		}
		deliveries := 1
		if rng.Float64() < soakRedeliver {
			deliveries = 2
			redeliveries++
		}
		// A redelivery races the first delivery, as when the carrier
		// timed out waiting for the first answer.
		var wg sync.WaitGroup
		errs := make(chan error, deliveries)
		for range deliveries {
			wg.Go(func() {
				req, err := wh.Request(ctx, srv.URL)
				if err != nil {
					errs <- err
					return
				}
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("webhook: status %d: %s", res.StatusCode, body)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		webhooks++
		for _, u := range ups {
			if len(u.Scans) > 0 {
				lastSeen[numberIndex[u.TrackingNumber]] = clk.Now()
			}
		}
	}
	pushWebhooks := func(full bool) {
		t.Helper()
		var numbers []string
		if full {
			for i := range n {
				numbers = append(numbers, sim.Number(i+1))
			}
		} else {
			for _, i := range webhookActive {
				numbers = append(numbers, sim.Number(i+1))
			}
		}
		for chunk := range slices.Chunk(numbers, 200) {
			var wh sim.Webhook
			var err error
			if full {
				wh, err = simC.Webhook(chunk...)
			} else {
				wh, err = simC.NextWebhook(chunk...)
			}
			require.NoError(t, err)
			if wh.Scans > 0 {
				post(wh)
			}
		}
	}
	tick := func() {
		t.Helper()
		spy.beginTick()
		require.NoError(t, svc.Tick(ctx))
		calls := spy.endTick()
		maxCalls = max(maxCalls, calls)
		// The reference learns what the carrier told the Service, then ticks.
		for _, u := range spy.drain() {
			if len(u.Scans) > 0 {
				lastSeen[numberIndex[u.TrackingNumber]] = clk.Now()
			}
			require.NoError(t, ref.Ingest(ctx, normalize(u)))
		}
		require.NoError(t, ref.Tick(ctx))
	}
	// pushAndTick is one step of the clock: the carrier pushes what is new
	// for the webhook-fed journeys still going, both Services tick, and
	// journeys whose last scan was pushed need no more pushes.
	pushAndTick := func() {
		t.Helper()
		pushWebhooks(false)
		tick()
		now := clk.Now()
		webhookActive = slices.DeleteFunc(webhookActive, func(i int) bool {
			tl, err := simC.Timeline(sim.Number(i + 1))
			return err == nil && len(tl.Scans) > 0 && !tl.Scans[len(tl.Scans)-1].Time.After(now)
		})
	}

	// PostgreSQL in this project's CI runs with autovacuum = off. The soak
	// rewrites every active shipment many times a simulated day; without
	// vacuuming, the claim query wades through millions of dead rows and a
	// long soak slows down day by day. So the soak stands in for autovacuum
	// when it is off, every two simulated hours.
	vacuum := func() {}
	var autovacuum string
	require.NoError(t, st.DB().QueryRowContext(ctx, "SHOW autovacuum").Scan(&autovacuum))
	if autovacuum == "off" {
		vacuum = func() {
			for _, table := range []string{"wismo_shipment", "wismo_outbox"} {
				_, err := st.DB().ExecContext(ctx, "VACUUM (ANALYZE) "+table)
				require.NoError(t, err)
			}
		}
	}
	vacuumEvery := max(1, int(2*time.Hour / *soakStep))

	steps := int(time.Duration(*soakSpread+*soakDays) * 24 * time.Hour / *soakStep)
	regSteps := max(1, int(time.Duration(*soakSpread)*24*time.Hour / *soakStep))
	midStep := regSteps + int(48*time.Hour / *soakStep) // two days after the last registration
	registered := 0
	began := time.Now()
	for s := 0; s < steps; s++ {
		clk.Advance(*soakStep)
		now := clk.Now()
		// Orders ship evenly over the spread.
		for want := min(n, (s+1)*n/regSteps); registered < want; registered++ {
			i := registered
			number := sim.Number(i + 1)
			numberIndex[number] = i
			sc := scenarios[i]
			require.NoError(t, simC.Ship(number, sc, now))
			sh := tracking.Shipment{
				ID: shipmentID(i), OrderID: fmt.Sprintf("#%d", 100000+i), Carrier: sim.DefaultID, TrackingNumber: number,
				Recipient:  notify.Recipient{ID: fmt.Sprintf("cust-%d", i%997), Name: "Ada", Email: "ada@example.com"},
				PromisedBy: sc.PromisedBy(now), TimeZone: berlin, WebhookFed: i%soakWebhookEvery == 0,
			}
			require.NoError(t, svc.Track(ctx, sh))
			sh.WebhookFed = true // the reference is fed by the test alone
			require.NoError(t, ref.Track(ctx, sh))
			if i%soakWebhookEvery == 0 {
				webhookActive = append(webhookActive, i)
			}
		}
		pushAndTick()
		if registered == n && mem.mid == 0 && s >= midStep {
			mem.markMid()
		}
		if s%8 == 0 {
			mem.sample("")
		}
		if s%vacuumEvery == 0 {
			vacuum()
		}
		if testing.Verbose() && now.Hour() == 0 && now.Minute() < int(soakStep.Minutes()) {
			t.Logf("soak: %s registered=%d wall=%s", now.Format("Mon 02 Jan"), registered, time.Since(began).Round(time.Second))
		}
	}
	if mem.mid == 0 {
		mem.markMid()
	}

	// Every scan the Service was shown is stored, once; nothing else is.
	scansTotal := 0
	for i := range n {
		tl, err := simC.Timeline(sim.Number(i + 1))
		require.NoError(t, err)
		want := scanKeys(tl.Scans, lastSeen[i])
		got := storedKeys(t, st, shipmentID(i))
		require.Equal(t, want, got, "shipment %s (%s): stored scans differ from what the carrier showed up to %s",
			shipmentID(i), scenarios[i].Name, lastSeen[i])
	}

	// The carrier pushes everything once more (a resync); then every
	// journey's scans are all stored. Then the outbox drains: more Ticks,
	// an hour apart, until the failed sends went through.
	pushWebhooks(true)
	for range 24 {
		clk.Advance(time.Hour)
		pushAndTick()
	}
	end := clk.Now()
	for i := range n {
		tl, err := simC.Timeline(sim.Number(i + 1))
		require.NoError(t, err)
		want := scanKeys(tl.Scans, end)
		got := storedKeys(t, st, shipmentID(i))
		require.Equal(t, want, got, "shipment %s (%s): scans lost or doubled", shipmentID(i), scenarios[i].Name)
		scansTotal += len(got)
	}

	// Messages: what the reference sent is what must have been sent, each
	// exactly once.
	expected := ideal.byID()
	sent := flaky.byID()
	var lost, extra, dups []string
	for id := range expected {
		if sent[id] == 0 {
			lost = append(lost, id)
		}
	}
	for id, c := range sent {
		if expected[id] == 0 {
			extra = append(extra, id)
		}
		if c > 1 {
			dups = append(dups, id)
		}
	}
	// Every scenario is picked up on its first day: a not_picked_up alert
	// means the Service did not see the pickup for two business days.
	falseAlarms := 0
	for _, ks := range ideal.kindsByShipment() {
		if slices.Contains(ks, notify.KindNotPickedUp) {
			falseAlarms++
		}
	}
	mem.sample("end")
	st2 := simC.Stats()
	ff := st2.Faults
	t.Logf("soak: shipments=%d scans=%d carrier_calls=%d faults{error=%d timeout=%d rate_limit=%d duplicate=%d reorder=%d} "+
		"webhooks=%d redeliveries=%d notify_failures=%d messages expected=%d sent=%d duplicates=%d lost=%d unexpected=%d "+
		"rate_limit_violations=%d calls_inside_retry_after=%d (same_tick=%d) max_calls_per_tick=%d not_picked_up_alerts=%d heap_inuse start=%s mid=%s peak=%s end=%s "+
		"simulated=%s wall=%s",
		n, scansTotal, st2.Calls, ff[sim.FaultError], ff[sim.FaultTimeout], ff[sim.FaultRateLimit], ff[sim.FaultDuplicate], ff[sim.FaultReorder],
		webhooks, redeliveries, flaky.failures(), len(expected), len(sent), len(dups), len(lost), len(extra),
		st2.RateLimited, spy.early, spy.earlySame, maxCalls, falseAlarms, mib(mem.start), mib(mem.mid), mib(mem.peak), mib(mem.end),
		end.Sub(start), time.Since(began).Round(time.Second))
	t.Logf("soak: kinds expected %v", kindCounts(ideal.all()))

	require.Empty(t, dups, "messages sent more than once")
	require.Empty(t, lost, "expected messages never sent")
	require.Empty(t, extra, "messages the fault-free reference did not send")
	gotKinds := flaky.kindsByShipment()
	for id, want := range ideal.kindsByShipment() {
		require.Equal(t, want, gotKinds[id], "shipment %s: kinds sent", id)
	}
	// The reference runs the same code, so it cannot vouch for the policy
	// itself: the scenarios can. No kind for a milestone the journey does
	// not have (never "delivered" for a parcel that was not); always
	// "shipped" or, when the first scans seen were already further on
	// (superseded), a later milestone; always the journey's final
	// milestone, or "lost" for a lost one.
	for i, sc := range scenarios {
		allowed := map[notify.Kind]bool{notify.KindShipped: true, notify.KindDelayed: true, notify.KindFeedbackRequest: true,
			notify.KindNotPickedUp: true, notify.KindStalled: true, notify.KindLost: true}
		for _, st := range sc.Steps {
			if k, ok := soakKinds[st.Milestone]; ok {
				allowed[k] = true
			}
		}
		got := gotKinds[shipmentID(i)]
		for _, k := range got {
			require.True(t, allowed[k], "shipment %s (%s) was told %q", shipmentID(i), sc.Name, k)
		}
		require.True(t, slices.ContainsFunc(got, func(k notify.Kind) bool {
			return k == notify.KindShipped || k == notify.KindOutForDelivery || k == notify.KindDeliveryAttempted ||
				k == notify.KindAvailableForPickup || k == notify.KindDelivered || k == notify.KindException
		}), "shipment %s (%s): never told it shipped: %v", shipmentID(i), sc.Name, got)
		final := sc.Steps[len(sc.Steps)-1].Milestone
		if k, ok := soakKinds[final]; ok {
			require.Contains(t, got, k, "shipment %s (%s): the journey's end was not told", shipmentID(i), sc.Name)
		} else {
			require.Contains(t, got, notify.KindLost, "shipment %s (%s): silence was not reported", shipmentID(i), sc.Name)
		}
	}
	require.Zero(t, st2.RateLimited, "calls beyond the carrier's rate limit")
	require.Zero(t, spy.early, "calls while the carrier's Retry-After was running")
	require.Positive(t, st2.Faults[sim.FaultRateLimit], "the soak must inject 429s")
	require.Positive(t, redeliveries, "the soak must redeliver webhooks")
	require.Positive(t, flaky.failures(), "the soak must fail sends")
	// The working set is loaded at mid-run; after that the heap must not
	// keep growing (a generous factor: GC timing and the final resync).
	require.LessOrEqual(t, mem.end, 2*mem.mid+32<<20, "heap in use grew from %s at mid-run to %s at the end", mib(mem.mid), mib(mem.end))
}

// openSoakPostgres is openPostgres without waiting for the disk at each
// commit (synchronous_commit=off): the soak checks what the Service does,
// not the durability of the database, and a shared CI disk would otherwise
// set its pace.
func openSoakPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	base := postgresURL(t)
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	t.Setenv("WISMO_POSTGRES_URL", u.String())
	return openPostgres(t)
}

// soakKinds are the customer messages of the milestones of the scenarios.
var soakKinds = map[milestone.Milestone]notify.Kind{
	milestone.OutForDelivery: notify.KindOutForDelivery, milestone.DeliveryAttempted: notify.KindDeliveryAttempted,
	milestone.AvailableForPickup: notify.KindAvailableForPickup, milestone.Delivered: notify.KindDelivered,
	milestone.Exception: notify.KindException, milestone.ReturnedToSender: notify.KindReturnedToSender,
}

func shipmentID(i int) string { return fmt.Sprintf("soak-%06d", i) }

// simClassifier knows the sim's event codes.
func simClassifier(t testing.TB) milestone.Classifier {
	var entries []milestone.CodeEntry
	for code, m := range sim.CodeTable() {
		entries = append(entries, milestone.CodeEntry{Code: code, Milestone: m})
	}
	c, err := milestone.NewClassifier(milestone.WithCodes(sim.DefaultID, entries...))
	require.NoError(t, err)
	return c
}

// normalize returns u as a fault-free carrier sends it: each scan once, in
// chronological order.
func normalize(u *carrier.Update) *carrier.Update {
	out := *u
	out.Scans = nil
	seen := map[store.ScanKey]bool{}
	for _, s := range u.Scans {
		k := store.Scan{Time: s.Time, Code: s.Code, Description: s.Description, Location: s.Location}.Key()
		if !seen[k] {
			seen[k] = true
			out.Scans = append(out.Scans, s)
		}
	}
	sort.SliceStable(out.Scans, func(i, j int) bool { return out.Scans[i].Time.Before(out.Scans[j].Time) })
	return &out
}

// scanKeys returns the keys of the timeline's scans at or before until.
func scanKeys(scans []sim.TimedStep, until time.Time) []store.ScanKey {
	keys := []store.ScanKey{}
	for _, s := range scans {
		if !s.Time.After(until) {
			keys = append(keys, store.Scan{Time: s.Time, Code: s.Step.Code, Description: s.Step.Description, Location: s.Step.Location}.Key())
		}
	}
	sortKeys(keys)
	return keys
}

func storedKeys(t testing.TB, st store.Store, id string) []store.ScanKey {
	t.Helper()
	scans, err := st.Scans(context.Background(), id)
	require.NoError(t, err)
	keys := []store.ScanKey{}
	for _, s := range scans {
		keys = append(keys, s.Key())
	}
	sortKeys(keys)
	return keys
}

func sortKeys(keys []store.ScanKey) {
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Time != b.Time {
			return a.Time < b.Time
		}
		return a.Code+"\x00"+a.Description+"\x00"+a.Location < b.Code+"\x00"+b.Description+"\x00"+b.Location
	})
}

// spyCarrier is the sim as the Service sees it. It records every update the
// Service receives, and checks that no call arrives while a 429's
// Retry-After runs (on the fake clock).
type spyCarrier struct {
	*sim.Carrier
	now func() time.Time

	mu         sync.Mutex
	updates    []*carrier.Update
	retryUntil time.Time
	retryFrom  time.Time
	early      int // calls made while Retry-After ran
	earlySame  int // of which in the Tick that got the 429
	calls      int // calls in the current Tick
}

func (s *spyCarrier) call() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.now().Before(s.retryUntil) {
		s.early++
		if s.now().Equal(s.retryFrom) {
			s.earlySame++
		}
	}
}

func (s *spyCarrier) observe(err error) {
	var rl *carrier.RateLimitError
	if errors.As(err, &rl) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if until := s.now().Add(rl.RetryAfter); until.After(s.retryUntil) {
			s.retryUntil, s.retryFrom = until, s.now()
		}
	}
}

func (s *spyCarrier) record(u *carrier.Update) {
	if u == nil {
		return
	}
	c := *u
	c.Scans = slices.Clone(u.Scans)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append(s.updates, &c)
}

func (s *spyCarrier) Track(ctx context.Context, number string) (*carrier.Update, error) {
	s.call()
	u, err := s.Carrier.Track(ctx, number)
	s.observe(err)
	if err == nil {
		s.record(u)
	}
	return u, err
}

func (s *spyCarrier) TrackBatch(ctx context.Context, numbers []string) ([]carrier.TrackResult, error) {
	s.call()
	res, err := s.Carrier.TrackBatch(ctx, numbers)
	s.observe(err)
	for _, r := range res {
		if r.Err == nil {
			s.record(r.Update)
		}
	}
	return res, err
}

func (s *spyCarrier) beginTick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = 0
}

func (s *spyCarrier) endTick() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

func (s *spyCarrier) drain() []*carrier.Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.updates
	s.updates = nil
	return out
}

// silentCarrier is the reference's carrier: it never has news (the test
// feeds the reference).
type silentCarrier struct{}

func (silentCarrier) ID() string { return sim.DefaultID }
func (silentCarrier) Track(_ context.Context, n string) (*carrier.Update, error) {
	return &carrier.Update{Carrier: sim.DefaultID, TrackingNumber: n}, nil
}

// flakyNotifier accepts messages but fails a share of the sends with a
// temporary error, drawn from a seeded generator. It counts accepted
// messages by ID.
type flakyNotifier struct {
	mu    sync.Mutex
	rng   *rand.Rand
	rate  float64
	fails int
	sent  map[string]int
	msgs  map[string]notify.Message
}

func newFlakyNotifier(seed int64, rate float64) *flakyNotifier {
	return &flakyNotifier{rng: rand.New(rand.NewPCG(uint64(seed), 0x6e6f74)), rate: rate,
		sent: map[string]int{}, msgs: map[string]notify.Message{}}
}

var errSoakSend = errors.New("soak: SMTP 451 try again later")

func (f *flakyNotifier) Notify(ctx context.Context, m notify.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rate > 0 && f.rng.Float64() < f.rate {
		f.fails++
		return errSoakSend
	}
	f.sent[m.ID]++
	f.msgs[m.ID] = m
	return nil
}

func (f *flakyNotifier) failures() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fails
}

func (f *flakyNotifier) byID() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.sent)
}

func (f *flakyNotifier) all() []notify.Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Collect(maps.Values(f.msgs))
}

// kindsByShipment returns each shipment's sent kinds, sorted.
func (f *flakyNotifier) kindsByShipment() map[string][]notify.Kind {
	out := map[string][]notify.Kind{}
	for _, m := range f.all() {
		out[m.ShipmentID] = append(out[m.ShipmentID], m.Kind)
	}
	for _, ks := range out {
		slices.Sort(ks)
	}
	return out
}

func kindCounts(msgs []notify.Message) string {
	c := map[notify.Kind]int{}
	for _, m := range msgs {
		c[m.Kind]++
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(c)) {
		fmt.Fprintf(&b, "%s=%d ", k, c[k])
	}
	return strings.TrimSpace(b.String())
}

// memSampler samples the heap in use.
type memSampler struct {
	start, mid, peak, end uint64
}

func (m *memSampler) read(gc bool) uint64 {
	if gc {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.peak = max(m.peak, ms.HeapInuse)
	return ms.HeapInuse
}

func (m *memSampler) sample(label string) {
	switch label {
	case "start":
		m.start = m.read(true)
	case "end":
		m.end = m.read(true)
	default:
		m.read(false)
	}
}

func (m *memSampler) markMid() { m.mid = m.read(true) }

func mib(b uint64) string { return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20)) }
