package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// customer is one of the shop's customers.
type customer struct {
	name, email, locale string
}

var customers = []customer{
	{"Ada Lovelace", "ada@example.com", "en-GB"},
	{"Jonas Becker", "jonas@example.de", "de-DE"},
	{"Grace Hopper", "grace@example.com", "en-US"},
	{"Lena Hofer", "lena@example.at", "de-AT"},
	{"Alan Turing", "alan@example.com", "en-GB"},
	{"Mia Schulz", "mia@example.de", "de-DE"},
	{"Katherine Johnson", "katherine@example.com", "en-US"},
	{"Felix Wagner", "felix@example.ch", "de-CH"},
}

// The journeys of the first orders, one of each kind; later orders cycle.
var journeys = []func() sim.Scenario{
	sim.OnTime, sim.LateEstimate, sim.Stalled, sim.FailedAttempt,
	sim.PickupPoint, sim.ExceptionRecovered, sim.ReturnedToSender, sim.OnTime,
}

// story prints what the shop's customers and the shop itself are told.
type story struct {
	mu    sync.Mutex
	w     io.Writer
	now   func() time.Time
	count map[string]int // shipment id -> messages
	names map[string]string
}

func (s *story) Notify(_ context.Context, m notify.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count[m.ShipmentID]++
	who := "to " + s.names[m.ShipmentID]
	if m.Audience == notify.Merchant {
		who = "to the shop"
	}
	fmt.Fprintf(s.w, "\n%s  %s (%s, order %s)\n", s.now().Format("Mon 02 Jan 15:04"), who, m.Kind, m.OrderID)
	fmt.Fprintf(s.w, "  Subject: %s\n", m.Subject)
	for _, line := range strings.Split(strings.TrimSpace(m.Text), "\n") {
		fmt.Fprintf(s.w, "  │ %s\n", line)
	}
	return nil
}

// Config configures Run.
type Config struct {
	// Store keeps the shop's shipments. Defaults to memstore.New().
	Store store.Store
	// Out receives the story. Required.
	Out io.Writer
	// Orders is how many orders ship, 1 to 500. Defaults to 8.
	Orders int
	// Seed seeds the simulated carrier. Defaults to 0.
	Seed int64
	// Days is how many days are simulated. Defaults to 9.
	Days int
}

// Run simulates the shop's week and prints its story to cfg.Out.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Orders == 0 {
		cfg.Orders = 8
	}
	if cfg.Days == 0 {
		cfg.Days = 9
	}
	if cfg.Store == nil {
		cfg.Store = memstore.New()
	}
	out, progress, orders, seed, days := cfg.Out, cfg.Out, cfg.Orders, cfg.Seed, cfg.Days
	if orders < 1 || orders > 500 {
		return fmt.Errorf("orders must be between 1 and 500, got %d", orders)
	}
	if days < 1 || days > 60 {
		return fmt.Errorf("days must be between 1 and 60, got %d", days)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	// Monday 2 March 2026, 08:00 in Berlin: the shop's week starts.
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, berlin)
	clk := sim.NewClock(start)

	carrierSim, err := sim.New(sim.Config{Now: clk.Now, Seed: seed})
	if err != nil {
		return err
	}
	// The sim's event codes are its own: tell the classifier about them, as
	// a host does for a carrier wismo has no table for.
	var entries []milestone.CodeEntry
	for code, m := range sim.CodeTable() {
		entries = append(entries, milestone.CodeEntry{Code: code, Milestone: m})
	}
	classifier, err := milestone.NewClassifier(milestone.WithCodes("sim", entries...))
	if err != nil {
		return err
	}
	renderer, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{
		ShopName:     "Larkspur & Co",
		SupportEmail: "help@larkspur.example",
		TrackingURL:  func(m notify.Message) string { return "https://larkspur.example/track/" + m.ShipmentID },
	}})
	if err != nil {
		return err
	}
	st := &story{w: out, now: clk.Now, count: map[string]int{}, names: map[string]string{}}
	svc, err := tracking.New(tracking.Config{
		Store:      cfg.Store,
		Carriers:   carrier.NewRegistry(carrierSim),
		Notifier:   st,
		Renderer:   renderer,
		Classifier: classifier,
		Now:        clk.Now,
		// An apology with an offer beats silence.
		DelayOffer: notify.DelayOfferFunc(func(_ context.Context, m notify.Message) (*notify.Offer, error) {
			return &notify.Offer{Code: "SORRY10", Description: "10% off your next order"}, nil
		}),
	})
	if err != nil {
		return err
	}

	type order struct {
		id, scenario string
	}
	var placed []order
	fmt.Fprintf(out, "Larkspur & Co ships %d orders on %s. wismo follows them for %d days.\n",
		orders, start.Format("Monday 2 January 2006"), days)
	for i := 0; i < orders; i++ {
		sc := journeys[i%len(journeys)]()
		c := customers[i%len(customers)]
		created := start.Add(time.Duration(i%4) * 90 * time.Minute)
		number := sim.Number(i + 1)
		if err := carrierSim.Ship(number, sc, created); err != nil {
			return err
		}
		id := fmt.Sprintf("ship-%03d", i+1)
		st.names[id] = strings.Fields(c.name)[0]
		err := svc.Track(ctx, tracking.Shipment{
			ID: id, OrderID: fmt.Sprintf("#%d", 1001+i), Carrier: carrierSim.ID(), TrackingNumber: number,
			Recipient:  notify.Recipient{ID: fmt.Sprintf("cust-%d", i%len(customers)), Name: c.name, Email: c.email, Locale: c.locale},
			PromisedBy: sc.PromisedBy(created), TimeZone: berlin,
		})
		if err != nil {
			return err
		}
		placed = append(placed, order{id, sc.Name})
		fmt.Fprintf(out, "  order #%d for %s, %s, promised by %s (journey: %s)\n", 1001+i, c.name, number,
			sc.PromisedBy(created).Format("Mon 2 Jan"), sc.Name)
	}

	// The week runs in half-hour steps; wismo polls what is due, applies its
	// time rules and sends what is worth sending.
	// A line per simulated day on progress shows the week going by.
	end := start.AddDate(0, 0, days)
	steps := int(end.Sub(start) / (30 * time.Minute))
	day := 1
	for i := 1; i <= steps; i++ {
		clk.Advance(30 * time.Minute)
		if now := clk.Now(); now.Hour() == 0 && now.Minute() == 0 {
			day++
			fmt.Fprintf(progress, "\n──── %s: day %d of %d ────\n", now.Format("Monday 2 January"), day, days)
		}
		if err := svc.Tick(ctx); err != nil {
			return fmt.Errorf("tick at %s: %w", clk.Now().Format(time.RFC3339), err)
		}
	}

	// What the customers were spared, and where every order stands.
	scans, noise := 0, 0
	fmt.Fprintf(out, "\nWhere every order stands on %s:\n\n", clk.Now().Format("Monday 2 January"))
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "shipment\tjourney\tstate\treason\tpromise\tmessages")
	for _, o := range placed {
		v, err := svc.Status(ctx, o.id)
		if err != nil {
			return err
		}
		all, err := cfg.Store.Scans(ctx, o.id)
		if err != nil {
			return err
		}
		scans += len(all)
		for _, s := range all {
			if s.Milestone == milestone.Noise.String() {
				noise++
			}
		}
		promise := "kept"
		switch {
		case v.Late:
			promise = "missed"
		case v.State != tracking.StateDelivered:
			promise = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", o.id, o.scenario, v.State, orDash(string(v.Reason)), promise, st.count[o.id])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	calls := carrierSim.Stats().Calls
	fmt.Fprintf(out, "\n%d carrier scans seen, %d of them noise nobody was bothered with; %d carrier calls (%.1f per shipment).\n",
		scans, noise, calls, float64(calls)/float64(orders))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
