package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
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

// listBenchSchema is the schema BenchmarkListPostgres loads once and reuses
// in later runs: loading 1,000,000 shipments takes a while, reading them
// does not change them.
const listBenchSchema = "wismo_bench_list"

// openListBench returns a store on listBenchSchema holding size shipments,
// loading them when the schema holds another number. The shipments look
// like a shop's: 3% at risk, 2% delayed, 1% exception, 59% delivered, the
// rest on track; 8 carriers; orders of two parcels; 50,000 customers; one
// in 200 needs the recipient to act; each has a sent message and one in 100
// a dead letter; every UpdatedAt distinct, spread over two years.
func openListBench(b *testing.B, size int) *sqlstore.Store {
	b.Helper()
	base := postgresURL(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA IF NOT EXISTS ` + listBenchSchema); err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("pgx", withSearchPath(b, base, listBenchSchema))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	st := migrated(b, db, sqlstore.Postgres)
	var n, msgs, notFound int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM wismo_shipment), (SELECT count(*) FROM wismo_outbox),
		(SELECT count(*) FROM wismo_shipment WHERE not_found)`).Scan(&n, &msgs, &notFound); err != nil {
		b.Fatal(err)
	}
	if n == size && msgs == size+(size+99)/100 && notFound > 0 {
		return st
	}
	start := time.Now()
	if _, err := db.Exec(`TRUNCATE wismo_shipment, wismo_outbox CASCADE`); err != nil {
		b.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO wismo_shipment (id, order_id, carrier, tracking_number, number_key, recipient_id, recipient, email,
		created_at, created_ns, updated_ns, state, reason, action_required, not_found, active, version)
		SELECT 's' || lpad(g::text, 7, '0'), 'o' || (g / 2), (ARRAY['ups','dhl','fedex','usps','postnl','dpd','gls','royalmail'])[1 + g % 8],
		       'N' || g, 'N' || g, 'c' || (g % 50000), '{}', 'c' || (g % 50000) || '@example.com',
		       '', u - 259200000000000, u,
		       CASE WHEN h < 30 THEN 'at_risk' WHEN h < 50 THEN 'delayed' WHEN h < 60 THEN 'exception'
		            WHEN h < 650 THEN 'delivered' ELSE 'on_track' END,
		       CASE WHEN h < 30 THEN 'predicted_late' WHEN h < 50 THEN 'promise_missed' ELSE '' END,
		       h BETWEEN 700 AND 704, h BETWEEN 705 AND 709, h >= 650, 1
		FROM (SELECT g, (g::bigint * 2654435761) % 1000 AS h, $1::bigint + ((g::bigint * 7919) % $2::bigint) * 60000000000 AS u
		      FROM generate_series(1, $2::int) AS g) AS x`, monday.Add(-2*365*24*time.Hour).UnixNano(), size)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO wismo_outbox (id, shipment_id, message, status, next_attempt_at, kind, dead_at)
		SELECT 'd' || g, 's' || lpad(g::text, 7, '0'), '{}', 'dead', 0, 'delayed', $1::bigint
		FROM generate_series(1, $2::int, 100) AS g
		UNION ALL
		SELECT 'm' || g, 's' || lpad(g::text, 7, '0'), '{}', 'sent', 0, 'shipped', 0
		FROM generate_series(1, $2::int) AS g`, monday.UnixNano(), size)
	if err != nil {
		b.Fatal(err)
	}
	for _, table := range []string{"wismo_shipment", "wismo_outbox"} {
		if _, err := db.Exec(`VACUUM ANALYZE ` + table); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("loaded %d shipments into schema %s in %v", size, listBenchSchema, time.Since(start).Round(time.Millisecond))
	return st
}

// BenchmarkListPostgres measures ListShipments pages of 50 among 1,000,000
// shipments (set WISMO_BENCH_SHIPMENTS to change the size) and reports
// ms/page: the first page of the at-risk shipments and of those needing
// attention, a deep page reached with a cursor (of all shipments and of
// the at-risk ones), an order's parcels, a carrier's shipments in one
// state, a tracking number's shipments (as typed, lower case with a dash)
// and the first page of the shipments the carrier has no data for. Before timing, it fails if PostgreSQL's plan for a query reads
// wismo_shipment with a sequential scan.
func BenchmarkListPostgres(b *testing.B) {
	if os.Getenv("WISMO_POSTGRES_URL") == "" {
		b.Skip("set WISMO_POSTGRES_URL to run the PostgreSQL benchmarks")
	}
	size := 1_000_000
	if v := os.Getenv("WISMO_BENCH_SHIPMENTS"); v != "" {
		fmt.Sscan(v, &size)
	}
	st := openListBench(b, size)
	ctx := context.Background()
	attention := []string{"at_risk", "delayed", "exception", "lost"}
	yes := true
	deep := func(p store.ListParams, k int) store.ListParams {
		// Walk to the k-th shipment with pages of 1000, as a client would.
		p.Limit = 1000
		for seen := 0; seen < k; seen += p.Limit {
			page, err := st.ListShipments(ctx, p)
			if err != nil || len(page) == 0 {
				b.Fatalf("walking to shipment %d: %d, %v", k, len(page), err)
			}
			last := page[len(page)-1]
			p.AfterUpdatedAt, p.AfterID = last.UpdatedAt, last.ID
		}
		return p
	}
	cases := []struct {
		name string
		p    store.ListParams
	}{
		{"at_risk_page1", store.ListParams{States: []string{"at_risk"}}},
		{"needs_attention_page1", store.ListParams{NeedsAttention: true, AttentionStates: attention}},
		{"all_deep_page", deep(store.ListParams{}, size/2)},
		{"at_risk_deep_page", deep(store.ListParams{States: []string{"at_risk"}}, size/50)},
		{"by_order", store.ListParams{OrderID: fmt.Sprintf("o%d", size/3)}},
		{"by_carrier_state", store.ListParams{Carrier: "dhl", States: []string{"delayed"}}},
		{"by_tracking_number", store.ListParams{TrackingNumber: fmt.Sprintf("n-%d", size/3)}},
		{"not_found_page1", store.ListParams{NotFound: &yes}},
	}
	for _, c := range cases {
		c.p.Limit = 50
		b.Run(c.name, func(b *testing.B) {
			q, args := sqlstore.ListQuery(c.p)
			rows, err := st.DB().Query(`EXPLAIN `+sqlstore.Postgres.Rebind(q), args...)
			if err != nil {
				b.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					b.Fatal(err)
				}
				plan = append(plan, line)
			}
			rows.Close()
			if strings.Contains(strings.Join(plan, "\n"), "Seq Scan on wismo_shipment") {
				b.Fatalf("the plan reads the whole table:\n%s", strings.Join(plan, "\n"))
			}
			b.Logf("plan:\n%s", strings.Join(plan, "\n"))
			got := 0
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				page, err := st.ListShipments(ctx, c.p)
				if err != nil {
					b.Fatal(err)
				}
				got = len(page)
			}
			elapsed := time.Since(start)
			b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/page")
			b.ReportMetric(float64(got), "shipments/page")
		})
	}
}

// BenchmarkEventsPostgres measures the event stream on PostgreSQL: 1, 4 and
// 16 writers each update their own shipments with one event per update
// (UpdateParams.Events, whose Seq comes from one counter row locked until
// commit), reported as events/s written; then one reader follows the stream
// with ListEvents pages of 500, reported as events/s read.
func BenchmarkEventsPostgres(b *testing.B) {
	if os.Getenv("WISMO_POSTGRES_URL") == "" {
		b.Skip("set WISMO_POSTGRES_URL to run the PostgreSQL benchmarks")
	}
	for _, writers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			st := openPostgres(b)
			ctx := context.Background()
			const shipments = 64
			for i := range shipments {
				if _, err := st.CreateShipment(ctx, &store.Shipment{ID: fmt.Sprintf("s%02d", i), Carrier: "ups",
					TrackingNumber: fmt.Sprintf("N%02d", i), CreatedAt: monday}); err != nil {
					b.Fatal(err)
				}
			}
			var next atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := 0; ; k++ {
						n := next.Add(1) - 1
						if n >= int64(b.N) {
							return
						}
						// Writer w owns the shipments s ≡ w (mod writers): no conflicts.
						id := fmt.Sprintf("s%02d", w+writers*(k%(shipments/writers)))
						sh, err := st.GetShipment(ctx, id)
						if err != nil {
							b.Error(err)
							return
						}
						sh.UpdatedAt = monday.Add(time.Duration(n) * time.Second)
						if _, err := st.UpdateShipment(ctx, store.UpdateParams{Shipment: sh, Events: []store.Event{{
							ID: fmt.Sprintf("e%d", n), Type: "state_changed", ShipmentID: id, At: sh.UpdatedAt,
							Data: []byte(`{"state":"on_track"}`)}}}); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			written := time.Since(start)
			b.StopTimer()
			start = time.Now()
			var after int64
			read := 0
			for {
				evs, err := st.ListEvents(ctx, after, 500)
				if err != nil {
					b.Fatal(err)
				}
				if len(evs) == 0 {
					break
				}
				read += len(evs)
				after = evs[len(evs)-1].Seq
			}
			if read != b.N {
				b.Fatalf("read %d events, wrote %d", read, b.N)
			}
			b.ReportMetric(float64(b.N)/written.Seconds(), "events/s")
			b.ReportMetric(float64(read)/time.Since(start).Seconds(), "read-events/s")
		})
	}
}
