package insights_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// The simulated history: each carrier's pickup-to-delivery time in business
// days follows a known distribution, and the journeys carry noise,
// exceptions, failed attempts and stalls at known places.
//
// Known quantiles (nearest rank): ups median 2, p90 3 (P(<=3) = 0.93);
// dhl median 3, p90 5 (P(<=5) = 0.93). A p90 window covers 93% of them.
var transit = map[string][]struct {
	days int
	p    float64
}{
	"ups": {{1, .25}, {2, .45}, {3, .23}, {4, .07}},
	"dhl": {{2, .20}, {3, .35}, {4, .25}, {5, .13}, {6, .07}},
}

var (
	carriers = []string{"ups", "dhl"}
	berlin   = mustZone("Europe/Berlin")
	newYork  = mustZone("America/New_York")
	// genBase is a Monday; shipments are registered over the 60 business
	// days from there.
	genBase = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	cal     bizday.Calendar
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// truth is what the generator knows about one shipment.
type truth struct {
	carrier, service string
	transit          int // -1: not delivered
	onTime, promised bool
	exception        bool
	attempt          bool
	stalled          bool
	scans, noise     int
	pickedUp         bool
}

func sample(r *rand.Rand, carrier string) int {
	u := r.Float64()
	for _, b := range transit[carrier] {
		if u < b.p {
			return b.days
		}
		u -= b.p
	}
	d := transit[carrier]
	return d[len(d)-1].days
}

// makeHistory returns shipment i of the simulated history; the same i
// always gives the same shipment.
func makeHistory(i int) (store.History, truth) {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	c := carriers[i%len(carriers)]
	loc, dest := berlin, "DE"
	if i%3 == 0 {
		loc, dest = newYork, "US"
	}
	service := "standard"
	if r.IntN(2) == 0 {
		service = "express"
	}
	day0 := cal.Add(time.Date(2026, 3, 2, 10, 0, 0, 0, loc), i%60) // a business day, 10:00
	if !cal.IsBusinessDay(day0) {
		day0 = cal.Add(day0, 1)
	}
	tr := truth{carrier: c, service: service, transit: sample(r, c), pickedUp: true}
	sh := &store.Shipment{
		ID: fmt.Sprintf("s%07d", i), Carrier: c, TrackingNumber: fmt.Sprintf("T%07d", i),
		TimeZone: loc.String(), Service: service, Origin: "NL", Destination: dest,
		CreatedAt: day0.Add(-2 * time.Hour), State: "on_track", Active: true,
	}
	if r.IntN(10) < 9 {
		sh.PromisedBy = bizday.EndOfDay(cal.Add(day0, 3))
		tr.promised = true
	}
	day := func(k, hour int) time.Time {
		d := cal.Add(day0, k)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, loc)
	}
	var scans []store.Scan
	add := func(at time.Time, m milestone.Milestone, desc string) {
		scans = append(scans, store.Scan{Time: at, Carrier: c, Code: m.String(), Description: desc, Location: "X", Milestone: m.String()})
	}
	add(day0.Add(-time.Hour), milestone.InfoReceived, "Label created")
	add(day0, milestone.PickedUp, "Picked up")
	add(day(0, 20), milestone.InTransit, "Departed facility")
	T := tr.transit
	tr.stalled = T >= 3 && r.IntN(5) == 0
	if !tr.stalled {
		for k := 1; k < T; k++ {
			add(day(k, 6), milestone.InTransit, fmt.Sprintf("Arrived at hub %d", k))
		}
	}
	if r.IntN(20) == 0 {
		add(day(0, 21), milestone.Exception, "Weather delay")
		tr.exception = true
	}
	add(day(T-1, 22), milestone.ArrivedAtLocalFacility, "Arrived at delivery station")
	if r.IntN(33) == 0 { // still in flight: no more scans
		tr.transit = -1
	} else {
		add(day(T, 8), milestone.OutForDelivery, "Out for delivery")
		add(day(T, 8).Add(5*time.Minute), milestone.Noise, "Loaded on delivery vehicle")
		tr.noise++
		if c == "dhl" && r.IntN(10) == 0 {
			add(day(T, 11), milestone.DeliveryAttempted, "Recipient not home")
			tr.attempt = true
		}
		delivered := day(T, 14)
		add(delivered, milestone.Delivered, "Delivered")
		tr.onTime = tr.promised && !delivered.After(sh.PromisedBy)
	}
	tr.scans = len(scans)
	return store.History{Shipment: sh, Scans: scans}, tr
}

// load stores shipments 0..n-1 through the Store API and returns their truths.
func load(t testing.TB, st store.Store, n int) []truth {
	t.Helper()
	ctx := context.Background()
	out := make([]truth, n)
	for i := range n {
		h, tr := makeHistory(i)
		created, err := st.CreateShipment(ctx, h.Shipment)
		require.NoError(t, err)
		require.True(t, created)
		_, err = st.AppendScans(ctx, h.Shipment.ID, h.Scans)
		require.NoError(t, err)
		out[i] = tr
	}
	return out
}

// openSQLite returns a migrated store on a fresh SQLite file (as in
// tracking/sqlstore's tests).
func openSQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "wismo.db") +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(OFF)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(db, sqlstore.SQLite, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}

// postgresURL returns WISMO_POSTGRES_URL; without it the test skips, unless
// WISMO_REQUIRE_SERVICES is set, where a missing server is a failure.
func postgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("WISMO_POSTGRES_URL")
	if u == "" {
		if os.Getenv("WISMO_REQUIRE_SERVICES") != "" {
			t.Fatal("WISMO_POSTGRES_URL is not set but WISMO_REQUIRE_SERVICES is: CI must run the PostgreSQL tests")
		}
		t.Skip("set WISMO_POSTGRES_URL (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests")
	}
	return u
}

// openPostgres returns a migrated store in a schema of its own, dropped when
// the test ends.
func openPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	base := postgresURL(t)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("wismo_insights_%d", rand.Uint64()>>1)
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err, "PostgreSQL at WISMO_POSTGRES_URL must be reachable")
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	db.SetMaxOpenConns(16)
	t.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
	require.NoError(t, err)
	_, err = s.Migrate(context.Background())
	require.NoError(t, err)
	return s
}
