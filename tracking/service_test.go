package tracking_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

// nameClassifier reads the milestone from the description's first word
// ("delivered neighbour" is delivered with detail neighbour), so these tests
// do not depend on the built-in tables.
type nameClassifier struct{}

func (nameClassifier) Classify(s milestone.Scan) milestone.Milestone {
	return nameClassifier{}.Explain(s).Milestone
}
func (nameClassifier) Explain(s milestone.Scan) milestone.Result {
	f := strings.Fields(s.Description)
	if len(f) == 0 {
		return milestone.Result{}
	}
	m, err := milestone.Parse(f[0])
	if err != nil {
		return milestone.Result{}
	}
	r := milestone.Result{Milestone: m}
	if len(f) > 1 {
		r.Detail = milestone.Detail(f[1])
	}
	return r
}

// recorder is a Notifier that records and can be told to fail.
type recorder struct {
	mu    sync.Mutex
	sent  []notify.Message
	fails int
	err   error
}

func (r *recorder) Notify(_ context.Context, m notify.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fails > 0 {
		r.fails--
		if r.err != nil {
			return r.err
		}
		return errors.New("smtp 451: mailbox ada@example.com busy, call +49 30 123456")
	}
	r.sent = append(r.sent, m)
	return nil
}

func (r *recorder) kinds() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []string
	for _, m := range r.sent {
		ks = append(ks, string(m.Audience[:1])+":"+string(m.Kind))
	}
	return fmt.Sprint(ks)
}

func (r *recorder) audience(a notify.Audience) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ks []string
	for _, m := range r.sent {
		if m.Audience == a {
			ks = append(ks, string(m.Kind))
		}
	}
	return fmt.Sprint(ks)
}

func (r *recorder) last() notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent[len(r.sent)-1]
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time        { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) set(t time.Time)       { c.mu.Lock(); c.now = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration)   { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }
func (c *clock) at(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, berlin) }

// fakeCarrier answers polls from a script and counts calls.
type fakeCarrier struct {
	mu      sync.Mutex
	id      string
	answer  func(n string) (*carrier.Update, error)
	calls   int
	batches int
}

func (f *fakeCarrier) ID() string { return f.id }
func (f *fakeCarrier) Track(_ context.Context, n string) (*carrier.Update, error) {
	f.mu.Lock()
	f.calls++
	a := f.answer
	f.mu.Unlock()
	if a == nil {
		return nil, carrier.ErrNotFound
	}
	return a(n)
}
func (f *fakeCarrier) count() int { f.mu.Lock(); defer f.mu.Unlock(); return f.calls }

type batchCarrier struct{ *fakeCarrier }

func (b batchCarrier) MaxBatch() int { return 2 }
func (b batchCarrier) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	b.mu.Lock()
	b.batches++
	b.mu.Unlock()
	var out []carrier.TrackResult
	for _, n := range ns {
		u, err := b.fakeCarrier.Track(ctx, n)
		out = append(out, carrier.TrackResult{TrackingNumber: n, Update: u, Err: err})
	}
	return out, nil
}

var berlin, _ = time.LoadLocation("Europe/Berlin")
var mon = time.Date(2026, 3, 2, 8, 0, 0, 0, berlin)
var promise = time.Date(2026, 3, 4, 23, 59, 59, 0, berlin)

type env struct {
	svc *tracking.Service
	out *recorder
	clk *clock
	ups *fakeCarrier
	log *bytes.Buffer
}

func newEnv(t *testing.T, mod func(*tracking.Config)) *env {
	t.Helper()
	e := &env{out: &recorder{}, clk: &clock{now: mon}, ups: &fakeCarrier{id: "ups"}, log: &bytes.Buffer{}}
	cfg := tracking.Config{
		Store: memstore.New(), Carriers: carrier.NewRegistry(e.ups), Notifier: e.out, Now: e.clk.Now,
		Classifier: nameClassifier{}, Logger: slog.New(slog.NewJSONHandler(syncWriter{w: e.log}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if mod != nil {
		mod(&cfg)
	}
	svc, err := tracking.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

type syncWriter struct {
	w *bytes.Buffer
}

var logMu sync.Mutex

func (s syncWriter) Write(p []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	return s.w.Write(p)
}

func (e *env) track(t *testing.T, id, number string) {
	t.Helper()
	err := e.svc.Track(context.Background(), tracking.Shipment{
		ID: id, OrderID: "o-" + id, Carrier: "ups", TrackingNumber: number,
		Recipient:  notify.Recipient{ID: "cust-1", Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+49 30 123456"},
		PromisedBy: promise, TimeZone: berlin,
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) ingest(t *testing.T, eta time.Time, scans ...milestone.Scan) {
	t.Helper()
	if err := e.svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "T1", Scans: scans, EstimatedDelivery: eta}); err != nil {
		t.Fatal(err)
	}
}

func (e *env) status(t *testing.T, id string) tracking.View {
	t.Helper()
	v, err := e.svc.Status(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func at(t time.Time, desc string) milestone.Scan {
	return milestone.Scan{Time: t, Carrier: "ups", Description: desc, Location: "Berlin"}
}

func expect(t *testing.T, what, want, got string) {
	t.Helper()
	if want != got {
		t.Fatalf("%s: want %s, got %s", what, want, got)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	if _, err := tracking.New(tracking.Config{}); err == nil || !strings.Contains(err.Error(), "Notifier") {
		t.Fatalf("a Config without Notifier must be rejected naming the field, got %v", err)
	}
	for name, cfg := range map[string]tracking.Config{
		"FeedbackAfter": {Notifier: &recorder{}, FeedbackAfter: -5 * time.Hour},
		"LeaseFor":      {Notifier: &recorder{}, LeaseFor: -time.Second},
		"Retry.Max":     {Notifier: &recorder{}, Retry: notify.RetryPolicy{Initial: time.Hour, Max: time.Minute}},
		"Dispatcher":    {Notifier: &recorder{}, Dispatcher: &notify.Dispatcher{}},
		"Poll.Pending":  {Notifier: &recorder{}, Poll: tracking.PollConfig{Pending: -time.Hour}},
		"LostAfter":     {Notifier: &recorder{}, Thresholds: tracking.Thresholds{LostAfter: -1}},
		"NightStart":    {Notifier: &recorder{}, Poll: tracking.PollConfig{NightStart: 25}},
	} {
		if _, err := tracking.New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("invalid %s must be rejected naming it, got %v", name, err)
		}
	}
	svc, err := tracking.New(tracking.Config{Notifier: &recorder{}, FeedbackAfter: -1})
	if err != nil || svc == nil {
		t.Fatalf("every field but Notifier has a default; -1 switches feedback off: %v", err)
	}
}

func TestTrackIsIdempotentAndChecksInput(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.track(t, "s1", "T1")
	err := e.svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "OTHER"})
	if !errors.Is(err, tracking.ErrDuplicateShipment) {
		t.Errorf("the same ID with another number must fail with ErrDuplicateShipment, got %v", err)
	}
	if err := e.svc.Track(ctx, tracking.Shipment{ID: "s2", Carrier: "usp", TrackingNumber: "T2"}); !errors.Is(err, tracking.ErrUnknownCarrier) {
		t.Errorf("an unregistered carrier must fail with ErrUnknownCarrier, got %v", err)
	}
	for _, sh := range []tracking.Shipment{{Carrier: "ups", TrackingNumber: "T"}, {ID: "x", TrackingNumber: "T"}, {ID: "x", Carrier: "ups"}} {
		if err := e.svc.Track(ctx, sh); !errors.Is(err, tracking.ErrInvalid) {
			t.Errorf("Track(%+v) must fail with ErrInvalid, got %v", sh, err)
		}
	}
	err = e.svc.Track(ctx, tracking.Shipment{ID: "s3", Carrier: "ups", TrackingNumber: "T3", TimeZone: time.FixedZone("X", 3600)})
	if !errors.Is(err, tracking.ErrInvalid) {
		t.Errorf("a zone that cannot be stored by name must be rejected, got %v", err)
	}
	if _, err := e.svc.Status(ctx, "nope"); !errors.Is(err, tracking.ErrUnknownShipment) {
		t.Errorf("Status of an unknown ID must wrap ErrUnknownShipment, got %v", err)
	}
	if expect := "pending"; string(e.status(t, "s1").State) != expect {
		t.Errorf("a new shipment must be pending")
	}
}

func TestIngestDedupsAndAcceptsAnyOrder(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(23, 0))
	pick, transit, noise, local := at(mon.Add(time.Hour), "picked_up"), at(mon.Add(3*time.Hour), "in_transit"),
		at(mon.Add(4*time.Hour), "noise"), at(mon.Add(12*time.Hour), "arrived_at_local_facility")
	e.ingest(t, time.Time{}, local, noise, local)
	e.ingest(t, time.Time{}, transit, pick, local)
	e.ingest(t, time.Time{}, pick)
	v := e.status(t, "s1")
	var tl []string
	for _, x := range v.Timeline {
		tl = append(tl, x.Milestone.String())
	}
	expect(t, "timeline (sorted, deduplicated, noise hidden)", "[picked_up in_transit arrived_at_local_facility]", fmt.Sprint(tl))
	expect(t, "state", "on_track", string(v.State))
	expect(t, "milestone", "arrived_at_local_facility", v.Milestone.String())
	expect(t, "customer messages", "[c:shipped]", e.out.kinds())
	if err := e.svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "NOPE"}); !errors.Is(err, tracking.ErrUnknownShipment) {
		t.Errorf("an update for no shipment must wrap ErrUnknownShipment, got %v", err)
	}
	if err := e.svc.Ingest(context.Background(), nil); !errors.Is(err, tracking.ErrInvalid) {
		t.Errorf("a nil update must wrap ErrInvalid, got %v", err)
	}
}

func TestEstimateRevisions(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	fri := time.Date(2026, 3, 6, 18, 0, 0, 0, berlin)
	e.ingest(t, fri, at(mon.Add(time.Hour), "picked_up"))
	expect(t, "after a late estimate", "delayed/carrier_eta", fmt.Sprintf("%s/%s", e.status(t, "s1").State, e.status(t, "s1").Reason))
	if m := e.out.last(); m.Kind != notify.KindDelayed || !m.ETA.Equal(fri) || m.Reason != "carrier_eta" {
		t.Fatalf("the delayed message must carry the new ETA and reason, got %+v", m)
	}
	e.ingest(t, fri.Add(-2*time.Hour))
	expect(t, "same date again", "[c:shipped c:delayed]", e.out.kinds())
	e.ingest(t, fri.AddDate(0, 0, 3))
	expect(t, "a later date", "[c:shipped c:delayed c:delayed]", e.out.kinds())
	e.ingest(t, time.Date(2026, 3, 4, 12, 0, 0, 0, berlin))
	v := e.status(t, "s1")
	expect(t, "an estimate within the promise", "on_track", string(v.State))
	if v.Late {
		t.Error("an on-track shipment must not be late")
	}
}

func TestExceptionRecoveryAndEpisodes(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(23, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	e.ingest(t, time.Time{}, at(mon.Add(2*time.Hour), "exception weather"))
	v := e.status(t, "s1")
	expect(t, "state", "exception/carrier_exception", fmt.Sprintf("%s/%s", v.State, v.Reason))
	expect(t, "detail", "weather", string(v.Detail))
	e.ingest(t, time.Time{}, at(mon.Add(3*time.Hour), "in_transit"))
	expect(t, "after progress", "on_track", string(e.status(t, "s1").State))
	e.ingest(t, time.Time{}, at(mon.Add(4*time.Hour), "exception held"))
	e.ingest(t, time.Time{}, at(mon.Add(5*time.Hour), "out_for_delivery"))
	e.ingest(t, time.Time{}, at(mon.Add(6*time.Hour), "delivery_attempted not_home"))
	e.ingest(t, time.Time{}, at(mon.Add(7*time.Hour), "out_for_delivery"))
	e.ingest(t, time.Time{}, at(mon.Add(8*time.Hour), "delivered"), at(mon.Add(9*time.Hour), "out_for_delivery"))
	expect(t, "messages", "[c:shipped c:exception c:exception c:out_for_delivery c:delivery_attempted c:out_for_delivery c:delivered]", e.out.kinds())
	seen := map[string]bool{}
	for _, m := range e.out.sent {
		if seen[m.ID] {
			t.Errorf("message id %s used twice", m.ID)
		}
		seen[m.ID] = true
	}
}

func TestFeedbackRequest(t *testing.T) {
	for _, off := range []bool{false, true} {
		e := newEnv(t, func(c *tracking.Config) {
			if off {
				c.FeedbackAfter = -1
			}
		})
		e.track(t, "s1", "T1")
		e.clk.set(e.clk.at(23, 0))
		e.ingest(t, time.Time{}, at(mon.Add(10*time.Hour), "delivered"))
		for range 4 * 24 {
			e.clk.add(time.Hour)
			if err := e.svc.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		want := "[c:delivered c:feedback_request]"
		if off {
			want = "[c:delivered]"
		}
		expect(t, fmt.Sprintf("feedback off=%v", off), want, e.out.kinds())
		if e.ups.count() != 0 {
			t.Errorf("a delivered shipment must not be polled, got %d calls", e.ups.count())
		}
	}
}

func TestNotFoundIsRetriedThenReportedNotDropped(t *testing.T) {
	e := newEnv(t, nil) // e.ups answers ErrNotFound
	e.track(t, "s1", "T1")
	var calls []int
	for h := 0; h < 4*24; h++ {
		for range 6 {
			if err := e.svc.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.clk.add(10 * time.Minute)
		}
		if h%24 == 23 {
			calls = append(calls, e.ups.count())
		}
	}
	expect(t, "merchant messages", "[not_picked_up not_found]", e.out.audience(notify.Merchant))
	if calls[3] <= calls[2] {
		t.Errorf("polling must go on after the report, calls per day (cumulative) %v", calls)
	}
	if calls[0] > 12 || calls[3]-calls[2] > 3 {
		t.Errorf("not-found retries must grow apart, calls per day (cumulative) %v", calls)
	}
}

func TestPollingAdaptsAndStops(t *testing.T) {
	e := newEnv(t, nil)
	step := 0
	e.ups.answer = func(n string) (*carrier.Update, error) {
		u := &carrier.Update{Carrier: "ups", TrackingNumber: n}
		now := e.clk.Now()
		u.Scans = append(u.Scans, at(mon.Add(time.Hour), "picked_up"))
		if now.After(mon.Add(26 * time.Hour)) {
			u.Scans = append(u.Scans, at(mon.Add(26*time.Hour), "out_for_delivery"))
		}
		if now.After(mon.Add(30 * time.Hour)) {
			u.Scans = append(u.Scans, at(mon.Add(30*time.Hour), "delivered"))
		}
		step++
		return u, nil
	}
	e.track(t, "s1", "T1")
	for e.clk.Now().Before(mon.Add(26 * time.Hour)) {
		_ = e.svc.Tick(context.Background())
		e.clk.add(10 * time.Minute)
	}
	before := e.ups.count()
	if before < 3 || before > 12 {
		t.Errorf("in transit the shipment must be polled every few hours, got %d polls in 26h", before)
	}
	for e.clk.Now().Before(mon.Add(40 * time.Hour)) {
		_ = e.svc.Tick(context.Background())
		e.clk.add(10 * time.Minute)
	}
	if got := e.ups.count() - before; got > 20 {
		t.Errorf("polled too often out for delivery: %d", got)
	}
	expect(t, "state", "delivered", string(e.status(t, "s1").State))
	n := e.ups.count()
	for range 50 {
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	if e.ups.count() != n {
		t.Errorf("a delivered shipment must never be polled again")
	}
	if !e.status(t, "s1").LastChecked.After(mon) {
		t.Errorf("LastChecked must be set by polls")
	}
}

func TestRateLimitPostponesTheCarrier(t *testing.T) {
	e := newEnv(t, nil)
	limited := true
	e.ups.answer = func(n string) (*carrier.Update, error) {
		if limited {
			return nil, &carrier.RateLimitError{Carrier: "ups", RetryAfter: time.Hour}
		}
		return &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: []milestone.Scan{at(mon, "picked_up "+n)}}, nil
	}
	for i := range 5 {
		e.track(t, fmt.Sprint("s", i), fmt.Sprint("T", i))
	}
	_ = e.svc.Tick(context.Background())
	if got := e.ups.count(); got != 1 {
		t.Fatalf("after a rate-limit answer no more calls may go to that carrier in the same Tick, got %d", got)
	}
	for range 5 {
		e.clk.add(10 * time.Minute)
		_ = e.svc.Tick(context.Background())
	}
	if got := e.ups.count(); got != 1 {
		t.Fatalf("the carrier must be left alone for RetryAfter, got %d calls", got)
	}
	limited = false
	e.clk.add(15 * time.Minute)
	_ = e.svc.Tick(context.Background())
	if got := e.ups.count(); got != 6 {
		t.Fatalf("after RetryAfter every shipment must be polled, got %d calls", got)
	}
}

func TestBatchCarrierIsPolledInBatches(t *testing.T) {
	fc := &fakeCarrier{id: "ups", answer: func(n string) (*carrier.Update, error) {
		return &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: []milestone.Scan{at(mon, "picked_up")}}, nil
	}}
	e := newEnv(t, func(c *tracking.Config) { c.Carriers = carrier.NewRegistry(batchCarrier{fc}) })
	for i := range 5 {
		e.track(t, fmt.Sprint("s", i), fmt.Sprint("T", i))
	}
	if err := e.svc.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fc.batches != 3 || fc.calls != 5 {
		t.Errorf("5 numbers with MaxBatch 2 must take 3 batches, got %d batches, %d numbers", fc.batches, fc.calls)
	}
	for i := range 5 {
		expect(t, "state", "on_track", string(e.status(t, fmt.Sprint("s", i)).State))
	}
}

func TestFailedSendsAreRetriedThenDeadLettered(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.out.fails = 1000
	e.clk.set(e.clk.at(10, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	attempts := 0
	for range 30 * 6 {
		e.clk.add(10 * time.Minute)
		before := e.out.fails
		_ = e.svc.Tick(context.Background())
		attempts += before - e.out.fails
	}
	if attempts < 20 || attempts > 40 {
		t.Errorf("a failing message must be retried with backoff capped at an hour for 24h, got %d attempts in 30h", attempts)
	}
	e.out.fails = 0
	for range 10 {
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	expect(t, "after dead-lettering", "[]", e.out.kinds())

	e2 := newEnv(t, nil)
	e2.track(t, "s1", "T1")
	e2.out.fails, e2.out.err = 1, fmt.Errorf("bad address: %w", notify.ErrPermanent)
	e2.clk.set(e2.clk.at(10, 0))
	e2.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	e2.clk.add(time.Hour)
	_ = e2.svc.Tick(context.Background())
	expect(t, "after a permanent failure", "[]", e2.out.kinds())
}

func TestEraseCustomer(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.out.fails = 1
	e.clk.set(e.clk.at(10, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	n, err := e.svc.EraseCustomer(context.Background(), "cust-1")
	if err != nil || n != 1 {
		t.Fatalf("EraseCustomer = %d, %v", n, err)
	}
	e.clk.add(time.Hour)
	_ = e.svc.Tick(context.Background())
	expect(t, "messages after erasure", "[]", e.out.kinds())
	if _, err := e.svc.EraseCustomer(context.Background(), ""); err == nil {
		t.Error("erasing an empty customer id must fail")
	}
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.out.fails = 2
	e.clk.set(e.clk.at(10, 0))
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	e.clk.add(time.Hour)
	_ = e.svc.Tick(context.Background())
	logMu.Lock()
	logs := e.log.String()
	logMu.Unlock()
	if !strings.Contains(logs, "not sent") {
		t.Fatalf("expected the failed send to be logged, got %s", logs)
	}
	for _, pii := range []string{"ada@example.com", "Ada Lovelace", "123456"} {
		if strings.Contains(logs, pii) {
			t.Errorf("logs carry personal data %q:\n%s", pii, logs)
		}
	}
}

func TestConcurrentIngestSendsOnce(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(23, 0))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scans := []milestone.Scan{at(mon.Add(time.Hour), "picked_up"), at(mon.Add(time.Duration(2+i%3)*time.Hour), "in_transit")}
			if err := e.svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "T1", Scans: scans}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	expect(t, "messages", "[c:shipped]", e.out.kinds())
	if got := len(e.status(t, "s1").Timeline); got != 4 {
		t.Errorf("every distinct scan must be stored once, got %d", got)
	}
}

func TestRunTicksUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ticks := 0
	var e *env
	e = newEnv(t, func(c *tracking.Config) {
		c.Sleep = func(ctx context.Context, d time.Duration) error {
			ticks++
			e.clk.add(d)
			if ticks == 30 {
				cancel()
			}
			return ctx.Err()
		}
		c.TickEvery = time.Hour
	})
	e.track(t, "s1", "T1")
	if err := e.svc.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run must return the context's error, got %v", err)
	}
	if e.ups.count() < 2 {
		t.Errorf("Run must poll through Tick, got %d calls", e.ups.count())
	}
}

// hookCarrier parses webhooks: header X-Sig must be "ok", the body is
// "number|description|RFC3339 time".
type hookCarrier struct{ fakeCarrier }

func (h *hookCarrier) ParseWebhook(_ context.Context, hdr http.Header, body []byte) ([]*carrier.Update, error) {
	if hdr.Get("X-Sig") != "ok" {
		return nil, carrier.ErrBadSignature
	}
	f := strings.Split(string(body), "|")
	if len(f) != 3 {
		return nil, fmt.Errorf("want 3 fields: %w", carrier.ErrMalformed)
	}
	ts, err := time.Parse(time.RFC3339, f[2])
	if err != nil {
		return nil, fmt.Errorf("bad time: %w", carrier.ErrMalformed)
	}
	return []*carrier.Update{{TrackingNumber: f[0], Scans: []milestone.Scan{{Time: ts, Description: f[1]}}}}, nil
}

func TestWebhookHandler(t *testing.T) {
	hc := &hookCarrier{fakeCarrier{id: "ups"}}
	e := newEnv(t, func(c *tracking.Config) {
		c.Carriers = carrier.NewRegistry(hc, &fakeCarrier{id: "dhl_express"})
		c.WebhookMaxBytes = 200
	})
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	good := "T1|picked_up|" + mon.Add(time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name, carrier, method, sig, body string
		want                             int
	}{
		{"unknown carrier", "nope", "POST", "ok", good, 404},
		{"carrier without webhooks", "dhl_express", "POST", "ok", good, 501},
		{"GET", "ups", "GET", "ok", "", 405},
		{"forged", "ups", "POST", "forged", good, 401},
		{"malformed", "ups", "POST", "ok", "garbage", 400},
		{"too large", "ups", "POST", "ok", strings.Repeat("x", 300), 413},
		{"unknown number", "ups", "POST", "ok", "T9|picked_up|" + mon.Format(time.RFC3339), 200},
		{"good", "ups", "POST", "ok", good, 200},
		{"repeated", "ups", "POST", "ok", good, 200},
	} {
		req := httptest.NewRequest(tc.method, "/hooks/"+tc.carrier, strings.NewReader(tc.body))
		req.Header.Set("X-Sig", tc.sig)
		rec := httptest.NewRecorder()
		e.svc.WebhookHandler(tc.carrier).ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, rec.Code, tc.want, rec.Body)
		}
	}
	expect(t, "messages", "[c:shipped]", e.out.kinds())
	// Webhook-fed now: polled only as a safety net.
	if next := e.status(t, "s1").NextCheck; next.Sub(e.clk.Now()) < 12*time.Hour {
		t.Errorf("a webhook-fed shipment must be polled rarely, next check in %s", next.Sub(e.clk.Now()))
	}
}

func TestRunWithTheRealTimerInABubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		polls := 0
		fc := &fakeCarrier{id: "ups", answer: func(n string) (*carrier.Update, error) {
			polls++
			return nil, carrier.ErrNotFound
		}}
		svc, err := tracking.New(tracking.Config{
			Carriers: carrier.NewRegistry(fc), Notifier: &recorder{}, TickEvery: time.Minute,
			Poll: tracking.PollConfig{NotFoundFirst: time.Minute, NotFoundMax: time.Minute},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Track(context.Background(), tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "T1"}); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute+30*time.Second)
		defer cancel()
		if err := svc.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Run must end with its context, got %v", err)
		}
		if polls < 5 || polls > 11 {
			t.Errorf("a Tick a minute for 10 minutes with a 1-minute retry must poll about every other minute, got %d polls", polls)
		}
	})
}

func TestHolidaysDelayTheTimeRules(t *testing.T) {
	for _, holiday := range []bool{false, true} {
		var merchant string
		e := newEnv(t, func(c *tracking.Config) {
			if holiday {
				c.Holidays = tracking.HolidayDates(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) // Tuesday
			}
		})
		e.track(t, "s1", "T1")
		e.clk.set(time.Date(2026, 3, 4, 8, 0, 0, 0, berlin)) // Wednesday: 2 business days, or 1 with the holiday
		if err := e.svc.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
		merchant = e.out.audience(notify.Merchant)
		want := "[not_picked_up]"
		if holiday {
			want = "[]"
		}
		expect(t, fmt.Sprintf("holiday=%v", holiday), want, merchant)
	}
}
