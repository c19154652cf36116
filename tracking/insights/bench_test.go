package insights_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/insights"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// benchShipments is how many delivered shipments the Compute benchmarks
// load: WISMO_BENCH_SHIPMENTS (for example 1000000), 10000 by default so
// that CI stays fast.
func benchShipments(b *testing.B) int {
	b.Helper()
	n := 10000
	if v := os.Getenv("WISMO_BENCH_SHIPMENTS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err, "WISMO_BENCH_SHIPMENTS")
	}
	return n
}

func benchCompute(b *testing.B, src insights.Source, n int) {
	b.Helper()
	ctx := context.Background()
	opts := insights.Options{GroupBy: []insights.Dimension{insights.DimService, insights.DimDestination}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := insights.Compute(ctx, src, all, opts)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Total.Shipments != n {
			b.Fatalf("report has %d shipments, want %d", rep.Total.Shipments, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "shipments/s")
}

// BenchmarkComputeMemstore computes the report over the simulated history
// in memstore.
func BenchmarkComputeMemstore(b *testing.B) {
	n := benchShipments(b)
	s := memstore.New()
	ctx := context.Background()
	for i := range n {
		h, _ := makeHistory(i)
		if _, err := s.CreateShipment(ctx, h.Shipment); err != nil {
			b.Fatal(err)
		}
		if _, err := s.AppendScans(ctx, h.Shipment.ID, h.Scans); err != nil {
			b.Fatal(err)
		}
	}
	benchCompute(b, s, n)
}

// BenchmarkComputePostgres computes the report over n delivered shipments
// with 7 scans each, generated inside PostgreSQL (generate_series) so that
// loading a million takes minutes, not hours. Shipments are registered
// every 3 seconds in insertion order, as a shop's are.
func BenchmarkComputePostgres(b *testing.B) {
	n := benchShipments(b)
	s := openPostgres(b)
	loadPostgres(b, s, n)
	benchCompute(b, s, n)
}

func loadPostgres(b *testing.B, s *sqlstore.Store, n int) {
	b.Helper()
	start := time.Now()
	db := s.DB()
	_, err := db.Exec(`INSERT INTO wismo_shipment (id, carrier, tracking_number, time_zone, service, origin,
		destination, created_at, state, active, version)
		SELECT 's' || lpad(g::text, 8, '0'), CASE WHEN g % 2 = 0 THEN 'ups' ELSE 'dhl' END, 'T' || g,
			CASE WHEN g % 3 = 0 THEN 'America/New_York' ELSE 'Europe/Berlin' END,
			CASE WHEN g % 4 < 2 THEN 'express' ELSE 'standard' END, 'NL',
			CASE WHEN g % 3 = 0 THEN 'US' ELSE 'DE' END,
			to_char(timestamp '2026-03-02 08:00:00' + g * interval '3 seconds', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
			'delivered', false, 1
		FROM generate_series(1, $1) g`, n)
	require.NoError(b, err)
	_, err = db.Exec(`INSERT INTO wismo_scan (shipment_id, scan_key, time_ns, time_text, carrier, code, milestone)
		SELECT 's' || lpad(g::text, 8, '0'), k::text, (extract(epoch FROM ts) * 1000000000)::bigint,
			to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), CASE WHEN g % 2 = 0 THEN 'ups' ELSE 'dhl' END, 'c' || k,
			(ARRAY['info_received','picked_up','in_transit','arrived_at_local_facility','out_for_delivery','noise','delivered'])[k + 1]
		FROM generate_series(1, $1) g, generate_series(0, 6) k,
			LATERAL (SELECT timestamp '2026-03-02 09:00:00' + g * interval '3 seconds'
				+ k * (g % 4 + 1) * interval '10 hours' AS ts) t`, n)
	require.NoError(b, err)
	_, err = db.Exec(`ANALYZE`)
	require.NoError(b, err)
	b.Logf("loaded %d shipments in %s", n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkPredict predicts from pickup with a Predictor trained on 4000
// simulated deliveries.
func BenchmarkPredict(b *testing.B) {
	s := memstore.New()
	ctx := context.Background()
	for i := range 4000 {
		h, _ := makeHistory(i)
		_, _ = s.CreateShipment(ctx, h.Shipment)
		_, _ = s.AppendScans(ctx, h.Shipment.ID, h.Scans)
	}
	p, err := insights.Train(ctx, s, all, insights.PredictorConfig{})
	require.NoError(b, err)
	in := insights.PredictInput{Carrier: "dhl", Service: "express", Origin: "NL", Destination: "DE",
		Milestone: milestone.PickedUp, MilestoneAt: time.Date(2026, 6, 5, 15, 0, 0, 0, berlin), Zone: berlin}
	if p.Predict(in).Source != insights.SourceHistory {
		b.Fatal("want a prediction from history")
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Predict(in)
	}
}

// BenchmarkTrainerAdd measures learning from one delivered shipment.
func BenchmarkTrainerAdd(b *testing.B) {
	hs := make([]store.History, 1000)
	for i := range hs {
		hs[i], _ = makeHistory(i)
	}
	t := insights.NewTrainer(insights.PredictorConfig{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		t.Add(&hs[i%len(hs)])
		i++
	}
}
