package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// BenchmarkIngestPostgres measures webhook updates per second that 1 and 4
// Services sharing one PostgreSQL database absorb. Each update carries one
// new scan for one of 1,000 shipments and leads to a state change and, on
// the first scan, an outbox message that is sent and acknowledged.
func BenchmarkIngestPostgres(b *testing.B) {
	if os.Getenv("WISMO_POSTGRES_URL") == "" {
		b.Skip("set WISMO_POSTGRES_URL to run the PostgreSQL benchmarks")
	}
	for _, services := range []int{1, 4} {
		b.Run(fmt.Sprintf("services=%d", services), func(b *testing.B) {
			st := openPostgres(b)
			clk := &clock{}
			clk.Set(monday.Add(3 * time.Hour))
			var sends atomic.Int64
			n := notify.NotifierFunc(func(context.Context, notify.Message) error { sends.Add(1); return nil })
			svcs := make([]*tracking.Service, services)
			for i := range svcs {
				db := st.DB()
				svcs[i] = newBenchReplica(b, db, clk, n, fmt.Sprintf("r%d", i))
			}
			const shipments = 1000
			ctx := context.Background()
			for i := 0; i < shipments; i++ {
				if err := svcs[0].Track(ctx, tracking.Shipment{ID: fmt.Sprintf("s%04d", i), Carrier: "home",
					TrackingNumber: fmt.Sprintf("N%04d", i), WebhookFed: true}); err != nil {
					b.Fatal(err)
				}
			}
			var next atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for _, svc := range svcs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						k := next.Add(1) - 1
						if k >= int64(b.N) {
							return
						}
						i := k % shipments
						u := &carrier.Update{Carrier: "home", TrackingNumber: fmt.Sprintf("N%04d", i), Scans: []milestone.Scan{{
							Time: monday.Add(time.Duration(k) * time.Second), Carrier: "home", Code: "PU",
							Description: fmt.Sprintf("Scan %d", k)}}}
						if err := svc.Ingest(ctx, u); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
		})
	}
}

// BenchmarkClaimDuePostgres measures ClaimDue of 100 shipments in a table of
// 1,000,000 (set WISMO_BENCH_SHIPMENTS to change the size).
func BenchmarkClaimDuePostgres(b *testing.B) {
	if os.Getenv("WISMO_POSTGRES_URL") == "" {
		b.Skip("set WISMO_POSTGRES_URL to run the PostgreSQL benchmarks")
	}
	size := 1_000_000
	if v := os.Getenv("WISMO_BENCH_SHIPMENTS"); v != "" {
		fmt.Sscan(v, &size)
	}
	st := openPostgres(b)
	now := monday.Add(24 * time.Hour)
	// Bulk load: shipments due at random times in the two days around now,
	// a tenth of them inactive (due_at NULL), as a live shop's table looks.
	_, err := st.DB().Exec(`INSERT INTO wismo_shipment (id, order_id, carrier, tracking_number, recipient, created_at,
		state, active, due_at, version)
		SELECT 's' || g, 'o' || g, 'ups', 'N' || g, '{}', '2026-03-02T08:00:00Z', 'on_track', g % 10 <> 0,
		       CASE WHEN g % 10 = 0 THEN NULL ELSE $1::bigint + (random() * 172800e9)::bigint END, 1
		FROM generate_series(1, $2::int) AS g`, monday.UnixNano(), size)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB().Exec(`ANALYZE wismo_shipment`); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	start := time.Now()
	claimed := 0
	for i := 0; i < b.N; i++ {
		got, err := st.ClaimDue(ctx, store.ClaimDueParams{Now: now, Owner: fmt.Sprintf("o%d", i), Max: 100, LeaseFor: time.Hour})
		if err != nil {
			b.Fatal(err)
		}
		claimed += len(got)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/claim")
	b.ReportMetric(float64(claimed)/float64(b.N), "shipments/claim")
	b.ReportMetric(float64(size), "stored")
}
