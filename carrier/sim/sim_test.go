package sim_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
)

// newSim returns a sim on a fake clock at monday.
func newSim(t testing.TB, cfg sim.Config) (*sim.Carrier, *sim.Clock) {
	t.Helper()
	clk := sim.NewClock(monday)
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	c, err := sim.New(cfg)
	noErr(t, err, "sim.New")
	return c, clk
}

func descriptions(u *carrier.Update) []string {
	out := make([]string, len(u.Scans))
	for i, s := range u.Scans {
		out[i] = s.Description
	}
	return out
}

// TestTrackFollowsEveryScenario advances the clock to each step of every
// built-in scenario and checks that exactly the scans up to then are visible,
// with the estimate as revised up to then.
func TestTrackFollowsEveryScenario(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, sc := range sim.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			c, clk := newSim(t, sim.Config{})
			noErr(t, c.Ship("N1", sc, monday), "Ship")
			tl := sc.Timeline(monday)

			clk.Set(tl.Scans[0].Time.Add(-time.Nanosecond))
			_, err := c.Track(ctx, "N1")
			errIs(t, err, carrier.ErrNotFound, "Track before the first scan")

			for i, ts := range tl.Scans {
				// Only the steps at or before this instant (equal times show together).
				want := 0
				for _, o := range tl.Scans {
					if !o.Time.After(ts.Time) {
						want++
					}
				}
				clk.Set(ts.Time)
				u, err := c.Track(ctx, "N1")
				noErr(t, err, fmt.Sprintf("Track at step %d", i))
				eq(t, len(u.Scans), want, fmt.Sprintf("scans visible at step %d (%s)", i, ts.Step.Description))
				got := u.Scans[i]
				eq(t, got, milestone.Scan{Time: ts.Time, Carrier: "sim", Code: ts.Step.Code,
					Description: ts.Step.Description, Location: ts.Step.Location}, fmt.Sprintf("scan %d", i))
				eq(t, u.Carrier, "sim", "Update.Carrier")
				eq(t, u.TrackingNumber, "N1", "Update.TrackingNumber")
				var est time.Time
				for _, e := range tl.Estimates {
					if !e.Time.After(ts.Time) {
						est = e.Delivery
					}
				}
				eq(t, u.EstimatedDelivery, est, fmt.Sprintf("estimate at step %d", i))
			}
			// Long after the end, nothing new appears.
			clk.Set(monday.AddDate(0, 3, 0))
			u, err := c.Track(ctx, "N1")
			noErr(t, err, "Track months later")
			eq(t, len(u.Scans), len(tl.Scans), "all scans, and no more, months later")
		})
	}
}

func TestTrackEstimates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("LATE", sim.LateEstimate(), monday), "Ship")
	clk.Set(monday.Add(time.Hour))
	u, err := c.Track(ctx, "LATE")
	noErr(t, err, "Track")
	eq(t, u.EstimatedDelivery, endOf(2026, 3, 4), "first estimate: Wednesday")
	clk.Set(time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)) // Tuesday 12:00, the revision
	u, err = c.Track(ctx, "LATE")
	noErr(t, err, "Track")
	eq(t, u.EstimatedDelivery, endOf(2026, 3, 9), "revised estimate: next Monday")
}

func TestTrackUnknownAndEarly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	_, err := c.Track(ctx, "NOPE")
	errIs(t, err, carrier.ErrNotFound, "unknown number")
	check(t, !carrier.IsTemporary(err), "ErrNotFound is not temporary")

	noErr(t, c.Ship("N1", sim.OnTime(), monday), "Ship")
	_, err = c.Track(ctx, "N1")
	errIs(t, err, carrier.ErrNotFound, "registered number before its first scan (label just created)")
	clk.Advance(30 * time.Minute)
	u, err := c.Track(ctx, "N1")
	noErr(t, err, "Track at the first scan")
	eq(t, descriptions(u), []string{"Shipment information received"}, "first scan")

	err = c.Ship("N1", sim.OnTime(), monday)
	check(t, err != nil, "Ship of a registered number fails")
	check(t, c.Ship("", sim.OnTime(), monday) != nil, "Ship of an empty number fails")
	check(t, c.Ship("N2", sim.Scenario{Name: "empty"}, monday) != nil, "Ship of a scenario without steps fails")
	check(t, c.Ship("N3", sim.Scenario{Name: "x", Steps: []sim.Step{{Day: 1}}}, monday) != nil,
		"Ship of a step without code or description fails")
	eq(t, c.Numbers(), []string{"N1"}, "Numbers")
	_, err = c.Timeline("NOPE")
	errIs(t, err, carrier.ErrNotFound, "Timeline of an unknown number")
}

func TestTrackResultsAreNotShared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("N1", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 7))
	u1, err := c.Track(ctx, "N1")
	noErr(t, err, "Track")
	want := slices.Clone(u1.Scans)
	for i := range u1.Scans[:cap(u1.Scans)] {
		u1.Scans[:cap(u1.Scans)][i] = milestone.Scan{Description: "mutated"}
	}
	u1.Scans = append(u1.Scans, milestone.Scan{Description: "appended"})
	u2, err := c.Track(ctx, "N1")
	noErr(t, err, "Track again")
	eq(t, u2.Scans, want, "a caller's changes to returned scans do not leak into the next call")
}

func TestTrackBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{MaxBatch: 3})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship A")
	noErr(t, c.Ship("B", sim.Stalled(), monday), "Ship B")
	noErr(t, c.Ship("LATER", sim.OnTime(), monday.AddDate(0, 0, 2)), "Ship LATER")
	clk.Set(monday.Add(26 * time.Hour))
	eq(t, c.MaxBatch(), 3, "MaxBatch")
	res, err := c.TrackBatch(ctx, []string{"B", "NOPE", "A"})
	noErr(t, err, "TrackBatch")
	eq(t, len(res), 3, "one result per number")
	for i, n := range []string{"B", "NOPE", "A"} {
		eq(t, res[i].TrackingNumber, n, fmt.Sprintf("result %d in order", i))
	}
	errIs(t, res[1].Err, carrier.ErrNotFound, "unknown number in a batch")
	check(t, res[1].Update == nil, "no update for an unknown number")
	for _, i := range []int{0, 2} {
		u, err := c.Track(ctx, res[i].TrackingNumber)
		noErr(t, err, "Track")
		eq(t, res[i].Update, u, "TrackBatch agrees with Track for "+res[i].TrackingNumber)
	}
	res, err = c.TrackBatch(ctx, []string{"LATER"})
	noErr(t, err, "TrackBatch")
	errIs(t, res[0].Err, carrier.ErrNotFound, "batch: number before its first scan")

	_, err = c.TrackBatch(ctx, []string{"A", "B", "A", "B"})
	check(t, err != nil && !carrier.IsTemporary(err), "a batch beyond MaxBatch fails permanently")

	many := carrier.TrackMany(ctx, c, []string{"A", "B", "NOPE", "A", "B"})
	eq(t, len(many), 5, "TrackMany over two chunks")
	eq(t, c.Stats().Batches, 4, "TrackMany used TrackBatch in chunks of MaxBatch (2 calls, after 2 before; the oversized batch never reached the carrier)")
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("N1", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 7))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	u, err := c.Track(ctx, "N1")
	errIs(t, err, context.Canceled, "Track with a cancelled context")
	check(t, u == nil, "no update with a cancelled context")
	_, err = c.TrackBatch(ctx, []string{"N1"})
	errIs(t, err, context.Canceled, "TrackBatch with a cancelled context")
	_, err = c.CreateReturnLabel(ctx, carrier.ReturnLabelRequest{})
	errIs(t, err, context.Canceled, "CreateReturnLabel with a cancelled context")
	eq(t, c.Stats().Calls, 0, "cancelled calls do not reach the carrier")
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{Faults: sim.Faults{ErrorRate: 0.1, DuplicateRate: 0.2, ReorderRate: 0.2}})
	for i := range 20 {
		noErr(t, c.Ship(sim.Number(i), sim.OnTime(), monday), "Ship")
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				n := sim.Number((g + i) % 20)
				if u, err := c.Track(ctx, n); err == nil {
					u.Scans = append(u.Scans[:0], milestone.Scan{})
				}
				if i%10 == 0 {
					clk.Advance(time.Hour)
					_, _ = c.TrackBatch(ctx, []string{n, "NOPE"})
					_, _ = c.NextWebhook(n)
					_ = c.Stats()
				}
			}
		})
	}
	wg.Wait()
	eq(t, c.Stats().Tracks, 400, "every Track call counted")
}

func TestConfigValidation(t *testing.T) {
	t.Parallel()
	bad := map[string]sim.Config{
		"upper-case id":      {ID: "Sim"},
		"id with space":      {ID: "my sim"},
		"error rate above 1": {Faults: sim.Faults{ErrorRate: 1.5}},
		"negative rate":      {Faults: sim.Faults{ReorderRate: -0.1}},
		"NaN rate":           {Faults: sim.Faults{DuplicateRate: math.NaN()}},
		"failing rates sum":  {Faults: sim.Faults{ErrorRate: 0.6, TimeoutRate: 0.3, RateLimitRate: 0.2}},
		"negative retry":     {Faults: sim.Faults{RetryAfter: -time.Second}},
		"negative limit":     {RateLimit: -1},
		"negative burst":     {Burst: -1},
		"negative max batch": {MaxBatch: -1},
		"negative jitter":    {Jitter: -time.Second},
		"bad tolerance":      {WebhookTolerance: -2},
		"bad return":         {ReturnScenario: &sim.Scenario{Name: "x"}},
	}
	for name, cfg := range bad {
		_, err := sim.New(cfg)
		check(t, err != nil, "sim.New accepts a config with "+name)
	}
	c, err := sim.New(sim.Config{})
	noErr(t, err, "zero Config")
	eq(t, c.ID(), "sim", "default ID")
	eq(t, c.MaxBatch(), 50, "default MaxBatch")
	c, err = sim.New(sim.Config{ID: "sim_eu2"})
	noErr(t, err, "custom ID")
	eq(t, c.ID(), "sim_eu2", "custom ID")
	check(t, c.SetFaults(sim.Faults{ErrorRate: 2}) != nil, "SetFaults validates")
}

func TestJitter(t *testing.T) {
	t.Parallel()
	tl := func(seed int64, number string) sim.Timeline {
		c, _ := newSim(t, sim.Config{Seed: seed, Jitter: 90 * time.Minute})
		noErr(t, c.Ship(number, sim.OnTime(), monday), "Ship")
		out, err := c.Timeline(number)
		noErr(t, err, "Timeline")
		return out
	}
	a := tl(1, "N1")
	eq(t, tl(1, "N1"), a, "same seed and number, same times")
	check(t, !reflectEqual(tl(2, "N1"), a), "another seed, other times")
	check(t, !reflectEqual(tl(1, "N2"), a), "another number, other times")
	exact := sim.OnTime().Timeline(monday)
	shifted := 0
	for i, s := range a.Scans {
		d := s.Time.Sub(exact.Scans[i].Time)
		if i > 0 {
			check(t, !s.Time.Before(a.Scans[i-1].Time), "jittered times never go backwards")
		}
		check(t, d >= 0 && d < 3*90*time.Minute, fmt.Sprintf("step %d shifted by %s", i, d))
		if d > 0 {
			shifted++
		}
	}
	check(t, shifted > len(a.Scans)/2, "jitter shifts most scans")

	// LateEstimate revises its estimate at the moment of the hub's
	// processing scan: the revision is published with that scan, wherever
	// jitter puts it.
	c, _ := newSim(t, sim.Config{Seed: 3, Jitter: 3 * time.Hour})
	noErr(t, c.Ship("N3", sim.LateEstimate(), monday), "Ship")
	late, err := c.Timeline("N3")
	noErr(t, err, "Timeline")
	exactLate := sim.LateEstimate().Timeline(monday)
	rev := late.Estimates[1]
	planned := exactLate.Estimates[1].Time
	k := slices.IndexFunc(exactLate.Scans, func(s sim.TimedStep) bool { return s.Time.Equal(planned) })
	check(t, k >= 0, "the revision is planned with a scan")
	eq(t, rev.Time, late.Scans[k].Time, "the revision is published with its scan")
	check(t, rev.Time.After(planned), "and moves with it")
}

func reflectEqual(a, b sim.Timeline) bool {
	return slices.EqualFunc(a.Scans, b.Scans, func(x, y sim.TimedStep) bool { return x.Time.Equal(y.Time) })
}

func TestReturnLabel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	l, err := c.CreateReturnLabel(ctx, carrier.ReturnLabelRequest{Reference: "RMA-1"})
	noErr(t, err, "CreateReturnLabel")
	eq(t, l.Carrier, "sim", "label carrier")
	eq(t, l.TrackingNumber, "SIMR000000001", "label number")
	eq(t, l.Format, "pdf", "label format")
	eq(t, l.ExpiresAt, monday.AddDate(0, 0, 30), "label expiry")
	l2, err := c.CreateReturnLabel(ctx, carrier.ReturnLabelRequest{Reference: "RMA-2"})
	noErr(t, err, "second label")
	check(t, l2.TrackingNumber != l.TrackingNumber, "labels get distinct numbers")

	_, err = c.Track(ctx, l.TrackingNumber)
	errIs(t, err, carrier.ErrNotFound, "a fresh return label is not yet trackable")
	clk.Set(time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)) // business day 3 + 6h
	u, err := c.Track(ctx, l.TrackingNumber)
	noErr(t, err, "Track the return")
	eq(t, u.Scans[len(u.Scans)-1].Description, "Delivered", "the return reaches the warehouse")
	eq(t, u.Scans[len(u.Scans)-1].Location, "Columbus, OH, US", "delivered at the shop's warehouse")
	eq(t, c.Stats().Labels, 2, "Stats.Labels")
}
