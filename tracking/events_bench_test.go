package tracking_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/dbtest"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// BenchmarkEventStream reports how many events per second Run's delivery
// (DeliverEvents) hands to Config.OnEvent, reading the stream from the
// store in batches of Config.BatchSize and saving the position after each
// batch, on memstore and on PostgreSQL (WISMO_POSTGRES_URL). The stream is
// written once by 500 shipments each picked up, in transit and out for
// delivery (state and milestone changes and the messages sent); every
// iteration delivers it from the start to a handler that does nothing.
func BenchmarkEventStream(b *testing.B) {
	b.Run("memstore", func(b *testing.B) { benchEventStream(b, memstore.New()) })
	b.Run("postgres", func(b *testing.B) {
		db := dbtest.OpenPostgres(b, dbtest.Config{})
		st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
		benchEventStream(b, st)
	})
}

// freshCursor keeps the delivery position under a name of its own, so that
// each iteration starts a new one: SaveCursor never moves one backwards.
type freshCursor struct {
	store.Store
	name string
}

func (f *freshCursor) LoadCursor(ctx context.Context, _ string) (int64, error) {
	return f.Store.LoadCursor(ctx, f.name)
}

func (f *freshCursor) SaveCursor(ctx context.Context, _ string, seq int64) error {
	return f.Store.SaveCursor(ctx, f.name, seq)
}

func benchEventStream(b *testing.B, underlying store.Store) {
	ctx := context.Background()
	st := &freshCursor{Store: underlying, name: tracking.EventCursor}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	delivered := 0
	svc, err := tracking.New(tracking.Config{
		Store: st, Carriers: carrier.NewRegistry(noPolls{}), Now: func() time.Time { return now },
		Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }),
		OnEvent:  func(context.Context, tracking.ShipmentEvent) error { delivered++; return nil },
	})
	if err != nil {
		b.Fatal(err)
	}
	const shipments = 500
	for i := range shipments {
		n := fmt.Sprintf("1Z%08d", i)
		if err := svc.Track(ctx, tracking.Shipment{ID: fmt.Sprint("s", i), OrderID: fmt.Sprint("o", i), Carrier: "ups", TrackingNumber: n,
			Recipient: notify.Recipient{ID: "c", Email: "ada@example.com"}}); err != nil {
			b.Fatal(err)
		}
		for j, text := range []string{"Picked up", "Departed facility", "Out for delivery"} {
			u := &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: []milestone.Scan{{Time: now.Add(time.Duration(j-3) * time.Hour), Description: text}}}
			if err := svc.Ingest(ctx, u); err != nil {
				b.Fatal(err)
			}
		}
	}
	all, err := svc.Events(ctx, 0, tracking.MaxEvents)
	if err != nil || len(all) < 2*shipments {
		b.Fatalf("stream of %d events: %v", len(all), err)
	}
	b.ResetTimer()
	start := time.Now()
	total := 0
	for i := range b.N {
		st.name = fmt.Sprint("bench-", i)
		delivered = 0
		if _, err := svc.DeliverEvents(ctx); err != nil {
			b.Fatal(err)
		}
		total += delivered
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "events/s")
	b.ReportMetric(float64(total)/float64(b.N), "events/op")
}
