package insights_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// stores are the Stores the insights run on; PostgreSQL skips without
// WISMO_POSTGRES_URL.
var stores = []struct {
	name string
	open func(testing.TB) store.Store
}{
	{"memstore", func(testing.TB) store.Store { return memstore.New() }},
	{"sqlite", func(t testing.TB) store.Store { return openSQLite(t) }},
	{"postgres", func(t testing.TB) store.Store { return openPostgres(t) }},
}

var all = insights.Range{From: genBase.AddDate(0, 0, -7), To: genBase.AddDate(1, 0, 0)}

// expected computes the figures the report must show, from the generator's truth.
func expected(ts []truth, keep func(truth) bool) insights.Stats {
	var s insights.Stats
	var hist []int
	for _, tr := range ts {
		if !keep(tr) {
			continue
		}
		s.Shipments++
		s.Scans += tr.scans
		s.NoiseScans += tr.noise
		s.PickedUp++
		if tr.exception {
			s.Exceptions++
		}
		if tr.attempt {
			s.FailedAttempts++
		}
		if tr.stalled {
			s.Stalled++
		}
		if tr.transit >= 0 {
			s.Delivered++
			if tr.promised {
				s.Promised++
				if tr.onTime {
					s.OnTime++
				}
			}
			for len(hist) <= tr.transit {
				hist = append(hist, 0)
			}
			hist[tr.transit]++
		}
	}
	s.Transit.Histogram = hist
	s.Transit.N = s.Delivered
	return s
}

func requireCounts(t *testing.T, want, got insights.Stats) {
	t.Helper()
	require.Equal(t, want.Shipments, got.Shipments, "shipments")
	require.Equal(t, want.Delivered, got.Delivered, "delivered")
	require.Equal(t, want.Promised, got.Promised, "promised")
	require.Equal(t, want.OnTime, got.OnTime, "on time")
	require.Equal(t, want.Exceptions, got.Exceptions, "exceptions")
	require.Equal(t, want.FailedAttempts, got.FailedAttempts, "failed attempts")
	require.Equal(t, want.PickedUp, got.PickedUp, "picked up")
	require.Equal(t, want.Stalled, got.Stalled, "stalled")
	require.Equal(t, want.Scans, got.Scans, "scans")
	require.Equal(t, want.NoiseScans, got.NoiseScans, "noise scans")
	require.Equal(t, want.Transit.N, got.Transit.N, "transit samples")
	require.Equal(t, want.Transit.Histogram, got.Transit.Histogram, "transit histogram")
	require.InDelta(t, float64(want.OnTime)/float64(want.Promised), got.OnTimeRate, 1e-9)
	require.InDelta(t, float64(want.Stalled)/float64(want.PickedUp), got.StallRate, 1e-9)
	require.InDelta(t, float64(want.NoiseScans)/float64(want.Scans), got.NoiseShare, 1e-9)
}

// TestStores checks each store against the generator's truth: the same
// history gives the same figures everywhere.
func TestStores(t *testing.T) {
	ctx := context.Background()
	var ref insights.Calibration
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			s := st.open(t)
			ts := load(t, s, 150)
			src, err := insights.AsSource(s)
			require.NoError(t, err)

			rep, err := insights.Compute(ctx, src, all, insights.Options{})
			require.NoError(t, err)
			requireCounts(t, expected(ts, func(truth) bool { return true }), rep.Total)
			require.Len(t, rep.Groups, 2)
			for i, c := range []string{"dhl", "ups"} {
				require.Equal(t, insights.Key{Carrier: c}, rep.Groups[i].Key)
				requireCounts(t, expected(ts, func(tr truth) bool { return tr.carrier == c }), rep.Groups[i].Stats)
			}

			c, err := insights.Calibrate(ctx, src, all, insights.CalibrateOptions{Predictor: insights.PredictorConfig{MinSamples: 10}})
			require.NoError(t, err)
			require.Positive(t, c.N)
			if ref.N == 0 {
				ref = c
			} else {
				require.Equal(t, ref, c, "the same history gives the same calibration in every store")
			}

			seen := 0
			err = src.ReadHistory(ctx, store.HistoryQuery{BatchSize: 7}, func(h *store.History) error {
				seen++
				if seen == 10 {
					return errStop
				}
				return nil
			})
			require.ErrorIs(t, err, errStop, "ReadHistory returns fn's error")
			require.Equal(t, 10, seen)
		})
	}
}

var (
	bigOnce   sync.Once
	bigStore  *memstore.Store
	bigTruths []truth
)

// big returns a memstore with 4000 simulated shipments, loaded once.
func big(t *testing.T) (*memstore.Store, []truth) {
	bigOnce.Do(func() {
		bigStore = memstore.New()
		bigTruths = load(t, bigStore, 4000)
	})
	return bigStore, bigTruths
}

func TestComputeRecoversDistributions(t *testing.T) {
	s, ts := big(t)
	rep, err := insights.Compute(context.Background(), s, all, insights.Options{})
	require.NoError(t, err)
	requireCounts(t, expected(ts, func(truth) bool { return true }), rep.Total)
	wantQ := map[string][2]int{"dhl": {3, 5}, "ups": {2, 3}}
	for i, c := range []string{"dhl", "ups"} {
		g := rep.Groups[i]
		require.Equal(t, insights.Key{Carrier: c}, g.Key)
		requireCounts(t, expected(ts, func(tr truth) bool { return tr.carrier == c }), g.Stats)
		// The sample recovers the generating distribution.
		assert.Equal(t, wantQ[c][0], g.Transit.Median, "%s median", c)
		assert.Equal(t, wantQ[c][1], g.Transit.P90, "%s p90", c)
		for _, b := range transit[c] {
			share := float64(g.Transit.Histogram[b.days]) / float64(g.Transit.N)
			assert.InDelta(t, b.p, share, 0.04, "%s: share of %d days", c, b.days)
		}
	}
	// Sanity of the generator itself: some of every event happened.
	for _, v := range []int{rep.Total.Exceptions, rep.Total.FailedAttempts, rep.Total.Stalled, rep.Total.Promised - rep.Total.OnTime, rep.Total.Shipments - rep.Total.Delivered} {
		require.Positive(t, v)
	}
}

func TestComputeGroupsAndFilters(t *testing.T) {
	s := memstore.New()
	ts := load(t, s, 400)
	ctx := context.Background()
	rep, err := insights.Compute(ctx, s, all, insights.Options{GroupBy: []insights.Dimension{insights.DimDestination, insights.DimService}})
	require.NoError(t, err)
	require.Equal(t, []insights.Dimension{insights.DimCarrier, insights.DimService, insights.DimDestination}, rep.GroupBy)
	require.Len(t, rep.Groups, 8, "2 carriers x 2 services x 2 destinations")
	sum := 0
	for _, g := range rep.Groups {
		require.NotEmpty(t, g.Service)
		require.NotEmpty(t, g.Destination)
		require.Empty(t, g.Origin, "not grouped by origin")
		sum += g.Shipments
	}
	require.Equal(t, 400, sum)

	rep, err = insights.Compute(ctx, s, all, insights.Options{Carrier: "ups"})
	require.NoError(t, err)
	requireCounts(t, expected(ts, func(tr truth) bool { return tr.carrier == "ups" }), rep.Total)

	// The range selects by registration time: shipment i is registered on
	// business day i%60 after genBase, so the first week holds days 0-4.
	week := insights.Range{From: genBase, To: genBase.AddDate(0, 0, 7)}
	rep, err = insights.Compute(ctx, s, week, insights.Options{})
	require.NoError(t, err)
	want := 0
	for i := range 400 {
		if i%60 < 5 {
			want++
		}
	}
	require.Equal(t, want, rep.Total.Shipments)

	_, err = insights.Compute(ctx, s, insights.Range{From: genBase, To: genBase}, insights.Options{})
	require.ErrorContains(t, err, "empty range")
	_, err = insights.Compute(ctx, s, all, insights.Options{GroupBy: []insights.Dimension{"color"}})
	require.ErrorContains(t, err, `unknown dimension "color"`)
	_, err = insights.Compute(ctx, nil, all, insights.Options{})
	require.Error(t, err)
}

func TestComputeStopsWithContext(t *testing.T) {
	s := memstore.New()
	load(t, s, 50)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := insights.Compute(ctx, s, all, insights.Options{})
	require.ErrorIs(t, err, context.Canceled)
}

type noHistory struct{ store.Store }

func TestAsSource(t *testing.T) {
	_, err := insights.AsSource(noHistory{memstore.New()})
	require.ErrorIs(t, err, insights.ErrNoHistory)
	_, err = insights.AsSource(memstore.New())
	require.NoError(t, err)
}

func TestComputeCountsWeekendsAndHolidays(t *testing.T) {
	// Picked up Friday, delivered Tuesday: 2 business days; with Monday a
	// holiday, 1.
	s := memstore.New()
	ctx := context.Background()
	fri := time.Date(2026, 5, 1, 16, 0, 0, 0, berlin)
	sh := &store.Shipment{ID: "a", Carrier: "ups", TrackingNumber: "1", TimeZone: "Europe/Berlin", CreatedAt: fri}
	_, err := s.CreateShipment(ctx, sh)
	require.NoError(t, err)
	_, err = s.AppendScans(ctx, "a", []store.Scan{
		{Time: fri, Milestone: "picked_up", Code: "p"},
		{Time: fri.AddDate(0, 0, 4).Add(time.Hour), Milestone: "delivered", Code: "d"},
	})
	require.NoError(t, err)
	rep, err := insights.Compute(ctx, s, insights.Range{}, insights.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{0, 0, 1}, rep.Total.Transit.Histogram)
	monday := func(loc *time.Location, y int, m time.Month, d int) bool { return m == 5 && d == 4 }
	rep, err = insights.Compute(ctx, s, insights.Range{}, insights.Options{Calendar: insights.Calendar{Holidays: monday}})
	require.NoError(t, err)
	require.Equal(t, []int{0, 1}, rep.Total.Transit.Histogram)
	require.Equal(t, 1, rep.Total.Transit.Median)
	require.Zero(t, rep.Total.Stalled, "with Monday a holiday, Friday 16:00 to Tuesday 17:00 is 1 business day without a scan")
	rep, err = insights.Compute(ctx, s, insights.Range{}, insights.Options{})
	require.NoError(t, err)
	require.Equal(t, 1, rep.Total.Stalled, "Friday 16:00 to Tuesday 17:00 is 2 business days without a scan")
	rep, err = insights.Compute(ctx, s, insights.Range{}, insights.Options{StallAfter: 3})
	require.NoError(t, err)
	require.Zero(t, rep.Total.Stalled, "StallAfter 3")
}

func TestPredictorRecoversRemainingTime(t *testing.T) {
	s := memstore.New()
	load(t, s, 2000)
	p, err := insights.Train(context.Background(), s, all, insights.PredictorConfig{})
	require.NoError(t, err)
	at := time.Date(2026, 6, 5, 22, 0, 0, 0, berlin) // a Friday evening
	in := insights.PredictInput{Carrier: "dhl", Service: "express", Origin: "NL", Destination: "DE", Zone: berlin}

	// Arrived at the local facility: always delivered the next business day.
	in.Milestone, in.MilestoneAt = milestone.ArrivedAtLocalFacility, at
	pr := p.Predict(in)
	require.Equal(t, insights.SourceHistory, pr.Source)
	require.Positive(t, pr.Samples)
	monday := time.Date(2026, 6, 8, 23, 59, 59, 999999999, berlin)
	require.Equal(t, monday, pr.P50)
	require.Equal(t, monday, pr.P90)

	// Picked up: dhl takes 3 business days (median), 5 (p90).
	in.Milestone = milestone.PickedUp
	pr = p.Predict(in)
	require.Equal(t, insights.SourceHistory, pr.Source)
	require.Equal(t, time.Date(2026, 6, 10, 23, 59, 59, 999999999, berlin), pr.P50)
	require.Equal(t, time.Date(2026, 6, 12, 23, 59, 59, 999999999, berlin), pr.P90)

	// Out for delivery: the same day.
	in.Milestone = milestone.OutForDelivery
	pr = p.Predict(in)
	require.Equal(t, bizEnd(at), pr.P50)
	require.Equal(t, bizEnd(at), pr.P90)

	// An unknown profile falls back to the carrier level, an unknown carrier
	// to the carrier's estimate, then to the default.
	in.Milestone, in.Destination, in.Service = milestone.PickedUp, "FR", "overnight"
	require.Equal(t, insights.SourceHistory, p.Predict(in).Source)
	in.Carrier = "fedex"
	eta := time.Date(2026, 6, 9, 12, 0, 0, 0, time.UTC)
	in.CarrierETA = eta
	pr = p.Predict(in)
	require.Equal(t, insights.Prediction{P50: bizEnd(eta.In(berlin)), P90: bizEnd(eta.In(berlin)), Source: insights.SourceCarrier}, pr)
	in.CarrierETA = time.Time{}
	pr = p.Predict(in)
	require.Equal(t, insights.SourceDefault, pr.Source)
	require.Equal(t, time.Date(2026, 6, 10, 23, 59, 59, 999999999, berlin), pr.P50, "default: 3 business days after pickup")
	require.Equal(t, time.Date(2026, 6, 12, 23, 59, 59, 999999999, berlin), pr.P90, "default: 5 business days after pickup")
}

func bizEnd(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

func TestPredictorThinHistory(t *testing.T) {
	s := memstore.New()
	ts := load(t, s, 100)
	in := insights.PredictInput{Carrier: "ups", Milestone: milestone.PickedUp,
		MilestoneAt: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	p, err := insights.Train(context.Background(), s, all, insights.PredictorConfig{MinSamples: 1000,
		Default: func(milestone.Milestone) (int, int) { return 1, 2 }})
	require.NoError(t, err)
	pr := p.Predict(in)
	require.Equal(t, insights.Prediction{P50: bizEnd(in.MilestoneAt.AddDate(0, 0, 1)), P90: bizEnd(in.MilestoneAt.AddDate(0, 0, 2)), Source: insights.SourceDefault}, pr)
	p, err = insights.Train(context.Background(), s, all, insights.PredictorConfig{MinSamples: 10})
	require.NoError(t, err)
	pr = p.Predict(in)
	require.Equal(t, insights.SourceHistory, pr.Source)
	// No profile but the carrier's matches the input, so every delivered
	// ups shipment is a sample.
	require.Equal(t, expected(ts, func(tr truth) bool { return tr.carrier == "ups" }).Delivered, pr.Samples)
}

func TestCalibrate(t *testing.T) {
	s, _ := big(t)
	ctx := context.Background()
	c, err := insights.Calibrate(ctx, s, all, insights.CalibrateOptions{Predictor: insights.PredictorConfig{MinSamples: 200}})
	require.NoError(t, err)
	require.Greater(t, c.N, 600)
	require.Equal(t, c.N, c.FromHistory)
	require.Greater(t, c.Trained, 2*c.N)
	t.Logf("calibration from pickup: %+v", c)
	require.GreaterOrEqual(t, c.Coverage, 0.85)
	require.LessOrEqual(t, c.Coverage, 0.95)
	require.Less(t, c.MAEBusinessDays, 1.2)

	// From every milestone the generator records, with a custom split.
	c, err = insights.Calibrate(ctx, s, all, insights.CalibrateOptions{
		Split:      func(sh *store.Shipment) bool { return sh.ID[len(sh.ID)-1] == '7' },
		Milestones: []milestone.Milestone{milestone.PickedUp, milestone.ArrivedAtLocalFacility, milestone.OutForDelivery},
	})
	require.NoError(t, err)
	require.Greater(t, c.N, 1000)
	require.GreaterOrEqual(t, c.Coverage, 0.85)

	_, err = insights.Calibrate(ctx, s, all, insights.CalibrateOptions{Holdout: 1.5})
	require.ErrorContains(t, err, "holdout")
	_, err = insights.Calibrate(ctx, s, all, insights.CalibrateOptions{Milestones: []milestone.Milestone{milestone.Delivered}})
	require.ErrorContains(t, err, "cannot predict from delivered")
}

var errStop = errors.New("stop")

type failingSource struct{}

func (failingSource) ReadHistory(context.Context, store.HistoryQuery, func(*store.History) error) error {
	return errors.New("dial postgres://secret@db: refused")
}

func TestCurrentSwapsPredictors(t *testing.T) {
	s, _ := big(t)
	var cur insights.Current
	in := insights.PredictInput{Carrier: "ups", Milestone: milestone.PickedUp, MilestoneAt: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	require.Equal(t, insights.SourceDefault, cur.Predict(in).Source, "nothing trained yet")
	p, err := insights.Train(context.Background(), s, all, insights.PredictorConfig{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				src := cur.Predict(in).Source
				if src != insights.SourceDefault && src != insights.SourceHistory {
					t.Errorf("source %q", src)
				}
			}
		}()
	}
	cur.Store(p)
	wg.Wait()
	require.Equal(t, insights.SourceHistory, cur.Predict(in).Source)
}

// A delivery scan dated years ahead (a carrier's broken clock) counts when
// it was stored, as the tracking Service counts it: not a transit of years
// or a late delivery.
func TestScanFromTheFutureCountsWhenSeen(t *testing.T) {
	s := memstore.New()
	ctx := context.Background()
	mon := time.Date(2026, 5, 4, 9, 0, 0, 0, berlin)
	sh := &store.Shipment{ID: "a", Carrier: "ups", TrackingNumber: "1", TimeZone: "Europe/Berlin", CreatedAt: mon,
		PromisedBy: mon.AddDate(0, 0, 3)}
	_, err := s.CreateShipment(ctx, sh)
	require.NoError(t, err)
	_, err = s.AppendScans(ctx, "a", []store.Scan{
		{Time: mon, Milestone: "picked_up", Code: "p", SeenAt: mon},
		{Time: mon.AddDate(5, 0, 0), Milestone: "delivered", Code: "d", SeenAt: mon.AddDate(0, 0, 1)},
	})
	require.NoError(t, err)
	rep, err := insights.Compute(ctx, s, insights.Range{}, insights.Options{})
	require.NoError(t, err)
	require.Equal(t, []int{0, 1}, rep.Total.Transit.Histogram)
	require.Equal(t, 1, rep.Total.OnTime)
}
