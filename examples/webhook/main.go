// Command webhook runs a shop's tracking endpoints against a simulated
// carrier: the carrier's signed webhooks come in at /webhooks/sim, and the
// customers' tracking pages are served at /track/.
//
// It registers a few demo shipments (on time, late, an address problem, a
// pickup point, a failed attempt), prints their tracking page links, and
// lets the simulated carrier's clock run: every -tick, the clock moves on by
// -step and the carrier POSTs the new scans as a signed webhook. Open a link
// and reload it to watch the journey.
//
//	go run ./examples/webhook
//	go run ./examples/webhook -addr 127.0.0.1:9000 -tick 500ms -duration 2m
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/page"
)

func main() {
	var o options
	flag.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	flag.DurationVar(&o.Duration, "duration", 0, "stop after this long (0: run until interrupted)")
	flag.DurationVar(&o.Tick, "tick", time.Second, "real time between two steps of the simulated clock")
	flag.DurationVar(&o.Step, "step", 2*time.Hour, "simulated time per step")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// options are the command's flags.
type options struct {
	Addr     string
	Duration time.Duration
	Tick     time.Duration
	Step     time.Duration
	// Ready, if set, is called with the base URL and the page links once
	// the server listens.
	Ready func(base string, links []demoLink)
}

// demoLink is one printed tracking page link.
type demoLink struct {
	Shipment, Scenario, URL string
}

// demo is a demo shipment and its recipient.
type demo struct {
	id, number string
	scenario   sim.Scenario
	recipient  page.Recipient
}

// simDays is how long the simulated journey runs: long enough for every
// demo scenario to end.
const simDays = 10 * 24 * time.Hour

func run(ctx context.Context, o options, out io.Writer) error {
	if o.Tick <= 0 || o.Step <= 0 {
		return errors.New("webhook: -tick and -step must be positive")
	}
	if o.Duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Duration)
		defer cancel()
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, berlin) // a Monday
	clk := sim.NewClock(start)
	carrierSim, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		return err
	}

	var mu sync.Mutex // serialises the output
	printf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, format, args...)
	}
	svc, err := tracking.New(tracking.Config{
		Store:    memstore.New(),
		Carriers: carrier.NewRegistry(carrierSim),
		Now:      clk.Now,
		Notifier: notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
			printf("  %s  message to the %s: %s %s (shipment %s)\n",
				m.CreatedAt.In(berlin).Format("Mon 02 Jan 15:04"), m.Audience, m.Kind, m.Reason, m.ShipmentID)
			return nil
		}),
	})
	if err != nil {
		return err
	}

	demos := []demo{
		{"order-1001", sim.Number(1), sim.OnTime(), page.Recipient{FirstName: "Ada", City: "London", Locale: "en-GB", TimeZone: "Europe/London"}},
		{"order-1002", sim.Number(2), sim.LateEstimate(), page.Recipient{FirstName: "Jonas", City: "Berlin", Locale: "de-DE", TimeZone: "Europe/Berlin"}},
		{"order-1003", sim.Number(3), sim.ExceptionRecovered(), page.Recipient{FirstName: "Grace", City: "Dublin", Locale: "en-IE", TimeZone: "Europe/Dublin"}},
		{"order-1004", sim.Number(4), sim.PickupPoint(), page.Recipient{FirstName: "Anna", City: "Wien", Locale: "de-AT", TimeZone: "Europe/Vienna"}},
		{"order-1005", sim.Number(5), sim.FailedAttempt(), page.Recipient{FirstName: "Linus", City: "Helsinki", Locale: "en", TimeZone: "Europe/Helsinki"}},
	}
	byID := map[string]page.Recipient{}
	numbers := make([]string, 0, len(demos))
	for _, d := range demos {
		if err := carrierSim.Ship(d.number, d.scenario, start); err != nil {
			return err
		}
		err := svc.Track(ctx, tracking.Shipment{
			ID: d.id, OrderID: d.id, Carrier: carrierSim.ID(), TrackingNumber: d.number,
			Recipient:  notify.Recipient{ID: "customer-" + d.id, Name: d.recipient.FirstName, Locale: d.recipient.Locale, TimeZone: d.recipient.TimeZone},
			PromisedBy: d.scenario.PromisedBy(start), TimeZone: berlin, WebhookFed: true,
		})
		if err != nil {
			return err
		}
		byID[d.id] = d.recipient
		numbers = append(numbers, d.number)
	}

	key := make([]byte, 32) // a fresh key per run: links of earlier runs stop working
	if _, err := rand.Read(key); err != nil {
		return err
	}
	pages, err := page.New(page.Config{
		Service:  svc,
		Keys:     [][]byte{key},
		Now:      clk.Now,
		Branding: notify.Branding{ShopName: "Wismo Demo Shop", SupportEmail: "help@shop.example", FooterText: "A wismo example: the carrier is simulated."},
		Recipient: func(_ context.Context, v tracking.View) page.Recipient {
			return byID[v.ID]
		},
		CarrierNames: map[string]string{"sim": "Sim Express"},
		ReturnURL: func(v tracking.View) string {
			if v.State == tracking.StateDelivered {
				return "https://shop.example/returns/new"
			}
			return ""
		},
	})
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.Handle("/webhooks/sim", svc.WebhookHandler(carrierSim.ID()))
	mux.Handle("/track/", http.StripPrefix("/track/", pages))
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	srv := newServer(mux)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	links := make([]demoLink, 0, len(demos))
	printf("Tracking pages (reload to follow the journey; add .json for the JSON):\n")
	for _, d := range demos {
		l := demoLink{Shipment: d.id, Scenario: d.scenario.Name, URL: base + "/track/" + pages.Link(d.id, start.Add(90*24*time.Hour))}
		links = append(links, l)
		printf("  %-12s %-20s %s\n", d.id, d.scenario.Name, l.URL)
	}
	printf("The simulated carrier posts webhooks to %s/webhooks/sim; every %s its clock moves on by %s.\n", base, o.Tick, o.Step)
	if o.Ready != nil {
		o.Ready(base, links)
	}

	simDone := make(chan struct{})
	go func() {
		defer close(simDone)
		simulate(ctx, clk, carrierSim, svc, numbers, base+"/webhooks/sim", start.Add(simDays), o, printf)
	}()

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return err
	}
	<-simDone
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	printf("Stopped.\n")
	return nil
}

// simulate advances the clock by o.Step every o.Tick until end, POSTs each
// batch of new scans as a signed webhook and runs the service's time rules.
// newServer returns the demo's HTTP server with timeouts on every phase of
// a request, so a slow or idle client cannot hold a connection for as long
// as it likes. A production server needs the same.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
}

func simulate(ctx context.Context, clk *sim.Clock, c *sim.Carrier, svc *tracking.Service, numbers []string,
	url string, end time.Time, o options, printf func(string, ...any)) {
	client := &http.Client{Timeout: 10 * time.Second}
	t := time.NewTicker(o.Tick)
	defer t.Stop()
	for clk.Now().Before(end) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := clk.Advance(o.Step)
		wh, err := c.NextWebhook(numbers...)
		if err != nil {
			printf("  webhook: %v\n", err)
			continue
		}
		if wh.Scans > 0 {
			status, err := post(ctx, client, wh, url)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				printf("  webhook: %v\n", err)
			default:
				printf("%s  carrier webhook with %s: %s\n", now.Format("Mon 02 Jan 15:04"), count(wh.Scans, "new scan", "new scans"), status)
			}
		}
		if err := svc.Tick(ctx); err != nil && ctx.Err() == nil {
			printf("  tick: %v\n", err)
		}
	}
	if ctx.Err() == nil {
		printf("The simulated journeys are over; the pages stay up until the program stops.\n")
	}
}

func post(ctx context.Context, client *http.Client, wh sim.Webhook, url string) (string, error) {
	req, err := wh.Request(ctx, url)
	if err != nil {
		return "", err
	}
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("webhook answered %s: %s", res.Status, bytes.TrimSpace(body))
	}
	return res.Status, nil
}

// count says n things, one or many: "1 new scan", "3 new scans".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
