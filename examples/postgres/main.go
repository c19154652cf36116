// Command postgres runs the quickstart's simulated shop week on PostgreSQL:
// the same orders, messages and final states, with every shipment, scan and
// outbox message stored through tracking/sqlstore.
//
//	go run ./examples/postgres -dsn 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'
//
// The DSN defaults to $WISMO_POSTGRES_URL. The program creates a schema of
// its own (wismo_demo_<pid>), applies the migrations, runs the week and drops
// the schema again unless -keep is given.
//
// run opens the database the way a shop does (its own driver, sqlstore.New,
// Migrate); week wires the Service on it exactly as examples/quickstart does
// on the in-memory store.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the host's choice of driver; wismo imports none

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/sqlstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

func main() {
	dsn := flag.String("dsn", os.Getenv("WISMO_POSTGRES_URL"), "PostgreSQL URL (defaults to $WISMO_POSTGRES_URL)")
	orders := flag.Int("orders", 8, "number of orders to ship (1-500)")
	seed := flag.Int64("seed", 1, "seed of the simulated carrier")
	keep := flag.Bool("keep", false, "keep the demo schema for inspection")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *dsn, *orders, *seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "postgres:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, dsn string, orders int, seed int64, keep bool) error {
	if dsn == "" {
		return fmt.Errorf("no database: pass -dsn or set WISMO_POSTGRES_URL (for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	schema := fmt.Sprintf("wismo_demo_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if keep {
		fmt.Fprintf(out, "keeping schema %s\n", schema)
	} else {
		defer admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer db.Close()

	// The shop's store: sqlstore on the host's *sql.DB, migrated by an
	// explicit call (at deploy time, or at start as here).
	st, err := sqlstore.New(db, sqlstore.Postgres, sqlstore.Config{})
	if err != nil {
		return err
	}
	v, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "PostgreSQL schema %s at migration %d\n\n", schema, v)
	if err := week(ctx, out, st, orders, seed); err != nil {
		return err
	}
	var shipments, scans, sent int
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{`SELECT count(*) FROM wismo_shipment`, &shipments},
		{`SELECT count(*) FROM wismo_scan`, &scans},
		{`SELECT count(*) FROM wismo_outbox WHERE status = 'sent'`, &sent},
	} {
		if err := db.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\nIn PostgreSQL: %s, %s, %s sent through the outbox.\n",
		count(shipments, "shipment", "shipments"), count(scans, "scan", "scans"), count(sent, "message", "messages"))
	return nil
}

// The shop's customers; order i goes to customers[i%len(customers)].
var customers = []notify.Recipient{
	{Name: "Ada Lovelace", Email: "ada@example.com", Locale: "en-GB"},
	{Name: "Jonas Becker", Email: "jonas@example.de", Locale: "de-DE"},
	{Name: "Grace Hopper", Email: "grace@example.com", Locale: "en-US"},
	{Name: "Lena Hofer", Email: "lena@example.at", Locale: "de-AT"},
	{Name: "Alan Turing", Email: "alan@example.com", Locale: "en-GB"},
	{Name: "Mia Schulz", Email: "mia@example.de", Locale: "de-DE"},
	{Name: "Katherine Johnson", Email: "katherine@example.com", Locale: "en-US"},
	{Name: "Felix Wagner", Email: "felix@example.ch", Locale: "de-CH"},
}

// The simulated carrier's journeys for the first orders, one of each kind;
// later orders cycle through them.
var journeys = []func() sim.Scenario{
	sim.OnTime, sim.LateEstimate, sim.Stalled, sim.FailedAttempt,
	sim.PickupPoint, sim.ExceptionRecovered, sim.ReturnedToSender, sim.OnTime,
}

// week runs the quickstart's week on st and prints what everybody is told
// to out: the same wiring, on the host's database.
func week(ctx context.Context, out io.Writer, st store.Store, orders int, seed int64) error {
	if orders < 1 || orders > 500 {
		return fmt.Errorf("orders must be between 1 and 500, got %d", orders)
	}
	const days = 9
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	// Monday 2 March 2026, 08:00 in Berlin: the shop's week starts. A shop
	// leaves Config.Now alone; here a simulated clock lets the week go by in
	// seconds.
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, berlin)
	clk := sim.NewClock(start)

	// The carrier. A shop registers its real adapters (carrier/dhl,
	// carrier/ups, ...) with their credentials; the simulated carrier
	// answers like one, from scripted journeys.
	parcels, err := sim.New(sim.Config{Now: clk.Now, Seed: seed})
	if err != nil {
		return err
	}
	// The classifier turns carrier scans into milestones. It knows the code
	// lists of the real carriers; the sim's codes are its own, so tell the
	// classifier about them, as a host does for a carrier wismo has no
	// table for.
	var codes []milestone.CodeEntry
	for code, m := range sim.CodeTable() {
		codes = append(codes, milestone.CodeEntry{Code: code, Milestone: m})
	}
	classifier, err := milestone.NewClassifier(milestone.WithCodes(parcels.ID(), codes...))
	if err != nil {
		return err
	}
	// The messages speak in the shop's name and link to its tracking page.
	renderer, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{
		ShopName:     "Larkspur & Co",
		SupportEmail: "help@larkspur.example",
		TrackingURL:  func(m notify.Message) string { return "https://larkspur.example/track/" + m.ShipmentID },
	}})
	if err != nil {
		return err
	}
	// The notifier delivers the messages: a shop uses notify/email,
	// notify/webhook (for SMS and chat) or its own; this one prints them.
	notifier := &printer{w: out, now: clk.Now, sent: map[string]int{}, names: map[string]string{}}
	// The store is PostgreSQL, opened and migrated by run.
	svc, err := tracking.New(tracking.Config{
		Store:      st,
		Carriers:   carrier.NewRegistry(parcels),
		Classifier: classifier,
		Renderer:   renderer,
		Notifier:   notifier,
		Now:        clk.Now,
		// An apology with an offer beats silence.
		// Its text comes in each language the messages speak; a message in
		// a language without one shows no offer.
		DelayOffer: notify.DelayOfferFunc(func(context.Context, notify.Message) (*notify.Offer, error) {
			return &notify.Offer{Code: "SORRY10", Descriptions: map[string]string{
				"en": "10% off your next order",
				"de": "10 % Rabatt auf Ihre nächste Bestellung",
			}}, nil
		}),
	})
	if err != nil {
		return err
	}

	// The orders ship. The shop tells wismo about every parcel with Track,
	// with the delivery date it promised at checkout.
	fmt.Fprintf(out, "Larkspur & Co ships %s on %s. wismo follows them for %s.\n",
		count(orders, "order", "orders"), start.Format("Monday 2 January 2006"), count(days, "day", "days"))
	var shipped []tracking.Shipment
	journey := map[string]string{} // shipment id -> the sim's journey
	for i := range orders {
		sc := journeys[i%len(journeys)]()
		created := start.Add(time.Duration(i%4) * 90 * time.Minute)
		number := sim.Number(i + 1)
		// The label is created: the simulated carrier learns of the parcel
		// and the journey it will take.
		if err := parcels.Ship(number, sc, created); err != nil {
			return err
		}
		customer := customers[i%len(customers)]
		customer.ID = fmt.Sprintf("cust-%d", i%len(customers))
		sh := tracking.Shipment{
			ID: fmt.Sprintf("ship-%03d", i+1), OrderID: fmt.Sprintf("#%d", 1001+i),
			Carrier: parcels.ID(), TrackingNumber: number,
			Recipient: customer, PromisedBy: sc.PromisedBy(created), TimeZone: berlin,
		}
		if err := svc.Track(ctx, sh); err != nil {
			return err
		}
		shipped = append(shipped, sh)
		journey[sh.ID] = sc.Name
		notifier.name(sh.ID, strings.Fields(customer.Name)[0])
		fmt.Fprintf(out, "  order %s for %s, %s, promised by %s (journey: %s)\n",
			sh.OrderID, customer.Name, number, sh.PromisedBy.Format("Mon 2 Jan"), sc.Name)
	}

	// The week goes by in half-hour steps. A shop calls svc.Run(ctx), which
	// ticks on its own; every Tick polls the shipments that are due, applies
	// the time rules (stalled, late, lost) and sends what is worth sending.
	end := start.AddDate(0, 0, days)
	for day := 1; clk.Now().Before(end); {
		now := clk.Advance(30 * time.Minute)
		if now.Hour() == 0 && now.Minute() == 0 && day < days {
			day++
			fmt.Fprintf(out, "\n──── %s: day %d of %d ────\n", now.Format("Monday 2 January"), day, days)
		}
		if err := svc.Tick(ctx); err != nil {
			return fmt.Errorf("tick at %s: %w", now.Format(time.RFC3339), err)
		}
	}

	// Where every order stands, and what the customers were spared.
	fmt.Fprintf(out, "\nWhere every order stands on %s:\n\n", clk.Now().Format("Monday 2 January"))
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "shipment\tjourney\tstate\treason\tpromise\tmessages")
	scans, noise := 0, 0
	for _, sh := range shipped {
		v, err := svc.Status(ctx, sh.ID)
		if err != nil {
			return err
		}
		promise := "kept"
		switch {
		case v.Late:
			promise = "missed"
		case v.State != tracking.StateDelivered:
			promise = "-"
		}
		reason := string(v.Reason)
		if reason == "" {
			reason = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", sh.ID, journey[sh.ID], v.State, reason, promise, notifier.count(sh.ID))
		// The timeline shows the scans worth showing; the store keeps them
		// all, noise included.
		all, err := st.Scans(ctx, sh.ID)
		if err != nil {
			return err
		}
		scans += len(all)
		for _, s := range all {
			if s.Milestone == milestone.Noise.String() {
				noise++
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	calls := parcels.Stats().Calls
	fmt.Fprintf(out, "\n%s seen, %d of them noise nobody was bothered with; %s (%.1f per shipment).\n",
		count(scans, "carrier scan", "carrier scans"), noise, count(calls, "carrier call", "carrier calls"), float64(calls)/float64(orders))
	return nil
}

// printer is the shop's notifier: it prints every message as its recipient
// reads it. The Service calls Notify from its outbox, once per message.
type printer struct {
	w   io.Writer
	now func() time.Time

	mu    sync.Mutex
	sent  map[string]int    // shipment id -> messages
	names map[string]string // shipment id -> the customer's first name
}

func (p *printer) Notify(_ context.Context, m notify.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent[m.ShipmentID]++
	to := "to " + p.names[m.ShipmentID]
	if m.Audience == notify.Merchant {
		to = "to the shop"
	}
	fmt.Fprintf(p.w, "\n%s  %s (%s, order %s)\n", p.now().Format("Mon 02 Jan 15:04"), to, m.Kind, m.OrderID)
	fmt.Fprintf(p.w, "  Subject: %s\n", m.Subject)
	for _, line := range strings.Split(strings.TrimSpace(m.Text), "\n") {
		fmt.Fprintln(p.w, strings.TrimRight("  │ "+line, " "))
	}
	return nil
}

func (p *printer) name(shipment, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.names[shipment] = name
}

func (p *printer) count(shipment string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent[shipment]
}

// count says n things, one or many: "1 order", "12 orders".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
