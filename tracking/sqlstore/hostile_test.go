package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// pushCarrier takes webhook bodies as JSON updates (the signature is the
// adapters' business, tested there).
type pushCarrier struct{}

func (pushCarrier) ID() string { return "push" }
func (pushCarrier) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}
func (pushCarrier) ParseWebhook(_ context.Context, _ http.Header, body []byte) ([]*carrier.Update, error) {
	var u carrier.Update
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, err
	}
	return []*carrier.Update{&u}, nil
}

// A scan carrying a NUL byte, invalid UTF-8, control characters or a
// description of 128 KiB is stored clean (store.CleanText) on every SQL
// store: the update, every later one that carries the same scan, and a
// webhook with it all succeed. (On PostgreSQL every one of them failed, the
// webhook with a 500 on every retry.)
func TestHostileScanTextDoesNotWedgeAShipment(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"Postgres": openPostgres, "SQLite": openSQLite} {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			ctx := context.Background()
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(pushCarrier{}),
				Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }), Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "push", TrackingNumber: "N1", OrderID: "o\x001",
				Metadata: map[string]string{"note\x00": "verbatim\x00"}}); err != nil {
				t.Fatal(err)
			}
			hostile := milestone.Scan{Time: now.Add(-time.Hour), Code: "X\x00", Description: "Picked up\x00 in \xff\xfeBerlin\x1b[0m\r",
				Location: "Ber\x00lin" + strings.Repeat("\xc3", 3), Carrier: "push\x00"}
			big := milestone.Scan{Time: now.Add(-30 * time.Minute), Description: strings.Repeat("ü", 1<<16)}
			u := &carrier.Update{Carrier: "push", TrackingNumber: "N1", Service: "Ground\x00", Scans: []milestone.Scan{hostile, big}}
			for range 2 {
				if err := svc.Ingest(ctx, u); err != nil {
					t.Fatalf("Ingest of a scan with hostile text: %v", err)
				}
			}
			later := *u
			later.Scans = append(later.Scans, milestone.Scan{Time: now, Description: "Delivered"})
			body, err := json.Marshal(later)
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			svc.WebhookHandler("push").ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body)))
			if rec.Code != http.StatusOK {
				t.Fatalf("a webhook carrying the hostile scan again: %d %s", rec.Code, rec.Body)
			}
			v, err := svc.Status(ctx, "s1")
			if err != nil {
				t.Fatal(err)
			}
			if v.State != tracking.StateDelivered {
				t.Errorf("the later delivery must be applied, state %s", v.State)
			}
			scans, err := st.Scans(ctx, "s1")
			if err != nil {
				t.Fatal(err)
			}
			if len(scans) != 3 {
				t.Fatalf("want 3 scans stored once each, got %d", len(scans))
			}
			for _, sc := range scans {
				for _, f := range []string{sc.Carrier, sc.Code, sc.Description, sc.Location, sc.Detail} {
					if !store.IsCleanText(f) {
						t.Errorf("scan text stored unclean: %q", f)
					}
				}
			}
			if d := scans[0].Description; d != "Picked up in \uFFFD\uFFFDBerlin[0m" {
				t.Errorf("description stored as %q", d)
			}
		})
	}
}

// An estimate in year 10000 (a broken parser) is ignored instead of failing
// the write of every later update on SQL stores (its message could not be
// encoded); a scan dated then is ignored too.
func TestImpossibleEstimateDoesNotWedgeAShipment(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"Postgres": openPostgres, "SQLite": openSQLite} {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			ctx := context.Background()
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			svc, err := tracking.New(tracking.Config{Store: st, Carriers: carrier.NewRegistry(pushCarrier{}),
				Notifier: notify.NotifierFunc(func(context.Context, notify.Message) error { return nil }), Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "push", TrackingNumber: "N1", PromisedBy: now.Add(48 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			y10k := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			for range 2 {
				err := svc.Ingest(ctx, &carrier.Update{Carrier: "push", TrackingNumber: "N1", EstimatedDelivery: y10k,
					Scans: []milestone.Scan{{Time: y10k, Description: "In transit"}, {Time: now, Description: "Picked up"}}})
				if err != nil {
					t.Fatalf("Ingest with an estimate in year 10000: %v", err)
				}
			}
			v, err := svc.Status(ctx, "s1")
			if err != nil {
				t.Fatal(err)
			}
			if !v.ETA.IsZero() || len(v.Timeline) != 1 {
				t.Errorf("want no estimate and one scan, got %s and %+v", v.ETA, v.Timeline)
			}
		})
	}
}

// The store itself cleans free text it is given directly (a host writing
// to it without the Service): a NUL is not refused by PostgreSQL.
func TestStoreCleansFreeTextItIsGiven(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"Postgres": openPostgres, "SQLite": openSQLite} {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			ctx := context.Background()
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			if _, err := st.CreateShipment(ctx, &store.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "T1", OrderID: "o\x001", CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
			sc := store.Scan{Time: now, Code: "X\x00", Description: "Picked\x00 up \xff", Location: "Berlin\r", SeenAt: now}
			for range 2 {
				if _, err := st.AppendScans(ctx, "s1", []store.Scan{sc}); err != nil {
					t.Fatalf("AppendScans with a NUL: %v", err)
				}
			}
			scans, err := st.Scans(ctx, "s1")
			if err != nil || len(scans) != 1 || scans[0].Description != "Picked up \uFFFD" {
				t.Fatalf("Scans = %+v, %v", scans, err)
			}
			sh, err := st.GetShipment(ctx, "s1")
			if err != nil || sh.OrderID != "o1" {
				t.Fatalf("GetShipment = %+v, %v", sh, err)
			}
		})
	}
}

// Reads with a key no shipment can have (a NUL, invalid UTF-8) answer "not
// found" or nothing instead of PostgreSQL's encoding error.
func TestUncleanKeysAreNotFound(t *testing.T) {
	ctx := context.Background()
	for name, st := range map[string]*sqlstore.Store{"Postgres": openPostgres(t), "SQLite": openSQLite(t)} {
		if _, err := st.GetShipment(ctx, "s\x001"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: GetShipment = %v, want ErrNotFound", name, err)
		}
		if _, err := st.Scans(ctx, "s\xff"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: Scans = %v, want ErrNotFound", name, err)
		}
		if shs, err := st.FindByTrackingNumber(ctx, "ups", "T\x00"); err != nil || len(shs) != 0 {
			t.Errorf("%s: FindByTrackingNumber = %v, %v", name, shs, err)
		}
		if n, err := st.EraseCustomer(ctx, "c\x00"); err != nil || n != 0 {
			t.Errorf("%s: EraseCustomer = %d, %v", name, n, err)
		}
	}
}
