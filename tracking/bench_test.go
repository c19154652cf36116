package tracking_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

var transitTexts = []string{"Departed facility", "Arrived at facility", "Processing at facility", "Loaded on vehicle", "In transit"}

// BenchmarkIngest measures Ingest with memstore and the built-in classifier:
// one update of 10 new scans per operation, spread over many shipments.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	svc, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(noPolls{}),
		Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }),
		Now:      func() time.Time { return now },
	})
	if err != nil {
		b.Fatal(err)
	}
	shipments := b.N/3 + 1
	for i := range shipments {
		if err := svc.Track(ctx, tracking.Shipment{ID: fmt.Sprint("s", i), Carrier: "ups", TrackingNumber: fmt.Sprint("T", i)}); err != nil {
			b.Fatal(err)
		}
	}
	updates := make([]*carrier.Update, b.N)
	for i := range updates {
		n := i % shipments
		round := i / shipments
		u := &carrier.Update{Carrier: "ups", TrackingNumber: fmt.Sprint("T", n)}
		for j := range 10 {
			at := now.Add(-time.Hour).Add(time.Duration(round*10+j) * time.Minute)
			text := transitTexts[(round*10+j)%len(transitTexts)]
			if round == 0 && j == 0 {
				text = "Picked up"
			}
			u.Scans = append(u.Scans, milestone.Scan{Time: at, Description: text, Location: "Leipzig"})
		}
		updates[i] = u
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if err := svc.Ingest(ctx, updates[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*10)/time.Since(start).Seconds(), "scans/s")
}

// BenchmarkMemoryPerShipment reports the heap a tracked shipment takes in
// memstore, without scans and with 10 scans.
func BenchmarkMemoryPerShipment(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for range b.N {
		heap := func() uint64 {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return ms.HeapAlloc
		}
		st := memstore.New()
		svc, err := tracking.New(tracking.Config{
			Store: st, Carriers: carrier.NewRegistry(noPolls{}), Now: func() time.Time { return now },
			Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }),
		})
		if err != nil {
			b.Fatal(err)
		}
		base := heap()
		for i := range n {
			err := svc.Track(ctx, tracking.Shipment{
				ID: fmt.Sprintf("shipment-%06d", i), OrderID: fmt.Sprintf("order-%06d", i), Carrier: "ups",
				TrackingNumber: fmt.Sprintf("1Z999AA1%010d", i), PromisedBy: now.Add(72 * time.Hour),
				Recipient: notify.Recipient{ID: fmt.Sprint("c", i), Name: "Ada Lovelace", Email: "ada@example.com", Locale: "de-DE"},
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		tracked := heap()
		for i := range n {
			u := &carrier.Update{Carrier: "ups", TrackingNumber: fmt.Sprintf("1Z999AA1%010d", i)}
			for j := range 10 {
				text := transitTexts[j%len(transitTexts)]
				if j == 0 {
					text = "Picked up"
				}
				u.Scans = append(u.Scans, milestone.Scan{Time: now.Add(time.Duration(j) * time.Hour), Description: text, Location: "Leipzig, DE"})
			}
			if err := svc.Ingest(ctx, u); err != nil {
				b.Fatal(err)
			}
		}
		scanned := heap()
		runtime.KeepAlive(st)
		b.ReportMetric(float64(tracked-base)/n, "bytes/shipment")
		b.ReportMetric(float64(scanned-base)/n, "bytes/shipment+10scans")
	}
}

// BenchmarkPollingSimulation follows shipments of carrier/sim's default
// scenario mix for 14 days with a Tick every 10 minutes and reports carrier
// calls per shipment (tracking numbers asked for, batched or not, plus
// Subscribe and Unsubscribe calls) and the median delay from a scan, or for
// delayed messages from the carrier's revision of its estimate, to the
// customer's message. It runs these mixes:
//   - adaptive: every shipment polled on the default schedule (poll-only);
//   - economy: EconomyPoll, the same rules with longer intervals;
//   - fixed2h: a fixed poller asking every 2 hours around the clock;
//   - push: pushShare of the shipments on a carrier that pushes
//     (carrier.Subscriber: the sim's webhooks, 1 to 15 minutes after each
//     scan or estimate revision, into the Service's WebhookHandler, checked
//     every minute), polled only as the safety net; the rest as adaptive;
//   - push-lost10: push with 10% of the webhooks lost; it also reports
//     missing-msgs, the customer messages (by shipment and kind) that push
//     sent and this mix did not, and missing-final-msgs, the shipments
//     whose last customer message under push (delivered, returned, ...)
//     this mix did not send.
//
// Shipments are registered during shop hours (see shopHours) and the sim
// jitters scans and estimate revisions by up to 4 hours, so neither falls
// on a whole hour after registration. With -short it uses 1,000 shipments
// instead of 10,000.
func BenchmarkPollingSimulation(b *testing.B) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	every2h := tracking.PollConfig{Pending: 2 * time.Hour, InTransit: 2 * time.Hour, FarFromETA: 2 * time.Hour,
		DeliveryDay: 2 * time.Hour, OutForDelivery: 2 * time.Hour, Webhook: 2 * time.Hour,
		NotFoundFirst: 2 * time.Hour, NotFoundMax: 2 * time.Hour, ErrorFirst: 2 * time.Hour, ErrorMax: 2 * time.Hour, NightStart: -1}
	for _, tc := range []struct {
		name string
		poll tracking.PollConfig
		push pushMix
	}{
		{"adaptive", tracking.PollConfig{}, pushMix{}},
		{"economy", tracking.EconomyPoll(), pushMix{}},
		{"fixed2h", every2h, pushMix{}},
		{"push", tracking.PollConfig{}, pushMix{share: pushShare}},
		{"push-lost10", tracking.PollConfig{}, pushMix{share: pushShare, loss: 0.1}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				r := simulate(b, n, tc.poll, tc.push)
				b.ReportMetric(r.calls, "calls/shipment")
				b.ReportMetric(r.medians[""].Minutes(), "median-delay-min")
				for _, k := range []notify.Kind{notify.KindShipped, notify.KindOutForDelivery, notify.KindDelivered, notify.KindDelayed} {
					b.ReportMetric(r.medians[k].Minutes(), string(k)+"-median-min")
				}
				if tc.push.loss > 0 {
					ref := simulate(b, n, tc.poll, pushMix{share: tc.push.share})
					missing, final := 0, 0
					for key := range ref.told {
						if !r.told[key] {
							missing++
						}
					}
					for id, k := range ref.last {
						if !r.told[[2]string{id, k}] {
							final++
						}
					}
					b.ReportMetric(float64(missing), "missing-msgs")
					b.ReportMetric(float64(final), "missing-final-msgs")
				}
			}
		})
	}
}

// pushShare is the share of shipments whose carrier pushes in the push mixes.
const pushShare = 0.6

// pushMix says which shipments' carrier pushes (every shipment i with
// i%10 < share*10) and the share of its webhooks that is lost.
type pushMix struct {
	share, loss float64
}

// simResult is what one simulation measured.
type simResult struct {
	calls   float64
	medians map[notify.Kind]time.Duration
	told    map[[2]string]bool // customer messages sent, by shipment and kind
	last    map[string]string  // the kind of each shipment's last customer message
}

func simulate(b *testing.B, n int, poll tracking.PollConfig, mix pushMix) simResult {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	clk := sim.NewClock(start)
	sc, err := sim.New(sim.Config{Now: clk.Now, Seed: 1, Jitter: 4 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	var webhooks http.Handler
	pc, err := sim.New(sim.Config{ID: "simpush", Now: clk.Now, Seed: 1, Jitter: 4 * time.Hour,
		Push: sim.PushConfig{LossRate: mix.loss, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { webhooks.ServeHTTP(w, r) })}})
	if err != nil {
		b.Fatal(err)
	}
	c := &countingBatch{c: sc}
	p := &countingPush{Carrier: pc}
	var sent []notify.Message
	svc, err := tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(c, p), Now: clk.Now, Poll: poll, BatchSize: 500,
		Notifier: notify.NotifierFunc(func(_ context.Context, m notify.Message) error { sent = append(sent, m); return nil }),
	})
	if err != nil {
		b.Fatal(err)
	}
	webhooks = svc.WebhookHandler("simpush")
	pushed := func(i int) bool { return float64(i%10) < mix.share*10 }
	scenarios := sim.Mix(n, 7)
	timelines := map[string]sim.Timeline{}
	promised := map[string]time.Time{}
	for i, scen := range scenarios {
		created := shopHours(start, i, n)
		num := sim.Number(i)
		on := sc
		if pushed(i) {
			on = pc
		}
		if err := on.Ship(num, scen, created); err != nil {
			b.Fatal(err)
		}
		if timelines[fmt.Sprint("s", i)], err = on.Timeline(num); err != nil {
			b.Fatal(err)
		}
		promised[fmt.Sprint("s", i)] = scen.PromisedBy(created)
	}
	next := 0
	for step := 0; clk.Now().Before(start.Add(14 * 24 * time.Hour)); step++ {
		if step%10 == 0 {
			for ; next < n; next++ {
				tl := timelines[fmt.Sprint("s", next)]
				if tl.Created.After(clk.Now()) {
					break
				}
				id := sim.DefaultID
				if pushed(next) {
					id = "simpush"
				}
				err := svc.Track(ctx, tracking.Shipment{ID: fmt.Sprint("s", next), Carrier: id, TrackingNumber: sim.Number(next),
					PromisedBy: scenarios[next].PromisedBy(tl.Created)})
				if err != nil {
					b.Fatal(err)
				}
			}
			_ = svc.Tick(ctx)
		}
		if _, err := pc.Push(ctx); err != nil {
			b.Fatal(err)
		}
		clk.Advance(time.Minute)
	}
	delays := map[notify.Kind][]time.Duration{}
	told := map[[2]string]bool{}
	last := map[string]string{}
	for _, m := range sent {
		if m.Audience == notify.Customer && m.Kind != notify.KindFeedbackRequest {
			told[[2]string{m.ShipmentID, string(m.Kind)}] = true
			last[m.ShipmentID] = string(m.Kind)
		}
		if m.Kind == notify.KindDelayed && m.Reason == "carrier_eta" {
			// The delay from the carrier's revision of its estimate to the
			// customer's message.
			// The first revision that moved the estimate past the promise.
			var revised time.Time
			for _, e := range timelines[m.ShipmentID].Estimates {
				if !e.Time.After(m.CreatedAt) && e.Delivery.After(promised[m.ShipmentID]) {
					revised = e.Time
					break
				}
			}
			if !revised.IsZero() {
				delays[m.Kind] = append(delays[m.Kind], m.CreatedAt.Sub(revised))
			}
			continue
		}
		if m.Audience != notify.Customer || m.Milestone == milestone.Unknown || m.Kind == notify.KindDelayed || m.Kind == notify.KindFeedbackRequest {
			continue
		}
		for _, st := range timelines[m.ShipmentID].Scans {
			if st.Step.Milestone == m.Milestone {
				delays[m.Kind] = append(delays[m.Kind], m.CreatedAt.Sub(st.Time))
				delays[""] = append(delays[""], m.CreatedAt.Sub(st.Time))
				break
			}
		}
	}
	if len(delays[""]) == 0 {
		b.Fatal("no customer message was sent")
	}
	medians := map[notify.Kind]time.Duration{}
	for k, ds := range delays {
		slices.Sort(ds)
		medians[k] = ds[len(ds)/2]
	}
	return simResult{calls: float64(c.numbers+p.calls) / float64(n), medians: medians, told: told, last: last}
}

// shopHours spreads n registrations evenly over the shop's working hours,
// 08:00 to 16:00 on the first two days after start (a Monday): labels are
// printed and parcels handed over during the day. The sim places a journey's
// scans relative to its registration, so this also keeps pickups, deliveries
// and out-for-delivery scans in a carrier's working day, mostly.
func shopHours(start time.Time, i, n int) time.Time {
	const day, open = 24 * time.Hour, 8 * time.Hour
	const length = 16*time.Hour - open
	half := (n + 1) / 2
	d := 0
	if i >= half {
		d, i, n = 1, i-half, n-half
	}
	midnight := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, start.Location())
	return midnight.Add(time.Duration(d)*day + open + time.Duration(i)*length/time.Duration(max(n, 1)))
}

// countingBatch counts the tracking numbers asked for, one per number
// whether tracked alone or in a batch. It is a carrier that does not push.
type countingBatch struct {
	c       *sim.Carrier
	numbers int
}

func (c *countingBatch) ID() string    { return c.c.ID() }
func (c *countingBatch) MaxBatch() int { return c.c.MaxBatch() }

func (c *countingBatch) Track(ctx context.Context, n string) (*carrier.Update, error) {
	c.numbers++
	return c.c.Track(ctx, n)
}

func (c *countingBatch) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	c.numbers += len(ns)
	return c.c.TrackBatch(ctx, ns)
}

// countingPush is a sim that pushes, counting tracking numbers asked for
// and Subscribe and Unsubscribe calls.
type countingPush struct {
	*sim.Carrier
	calls int
}

func (c *countingPush) Track(ctx context.Context, n string) (*carrier.Update, error) {
	c.calls++
	return c.Carrier.Track(ctx, n)
}

func (c *countingPush) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	c.calls += len(ns)
	return c.Carrier.TrackBatch(ctx, ns)
}

func (c *countingPush) Subscribe(ctx context.Context, n string) (*carrier.Subscription, error) {
	c.calls++
	return c.Carrier.Subscribe(ctx, n)
}

func (c *countingPush) Unsubscribe(ctx context.Context, n string) error {
	c.calls++
	return c.Carrier.Unsubscribe(ctx, n)
}
