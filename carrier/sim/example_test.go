package sim_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
)

// Advance a fake clock through the OnTime scenario and print what the
// carrier shows each morning and evening.
func Example() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	clk := sim.NewClock(created)
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		panic(err)
	}
	if err := c.Ship("SIM0000000001", sim.OnTime(), created); err != nil {
		panic(err)
	}

	_, err = c.Track(ctx, "SIM0000000001")
	fmt.Println("right after the label:", errors.Is(err, carrier.ErrNotFound))

	seen := 0
	for range 6 {
		clk.Advance(12 * time.Hour)
		u, err := c.Track(ctx, "SIM0000000001")
		if err != nil {
			panic(err)
		}
		for _, s := range u.Scans[seen:] {
			fmt.Printf("%s  %-32s %s\n", s.Time.Format("Mon 15:04"), s.Description, s.Location)
		}
		seen = len(u.Scans)
	}
	// Output:
	// right after the label: true
	// Mon 10:30  Shipment information received    Columbus, OH, US
	// Mon 15:00  Picked up                        Columbus, OH, US
	// Mon 17:00  Processing at facility           Columbus, OH, US
	// Mon 19:00  Departed facility                Columbus, OH, US
	// Tue 08:00  Arrived at facility              Louisville, KY, US
	// Tue 08:30  Unloaded at facility             Louisville, KY, US
	// Tue 10:00  Departed facility                Louisville, KY, US
	// Tue 18:00  Arrived at delivery facility     Chicago, IL, US
	// Wed 07:00  Loaded on vehicle                Chicago, IL, US
	// Wed 08:00  Out for delivery                 Chicago, IL, US
	// Wed 14:00  Delivered                        Chicago, IL, US
}

// A LateEstimate shipment: the carrier revises its estimate beyond the
// promise a day after pickup.
func ExampleScenario_Timeline() {
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	sc := sim.LateEstimate()
	fmt.Println("promised by", sc.PromisedBy(created).Format("Mon Jan 2"))
	for _, e := range sc.Timeline(created).Estimates {
		fmt.Println(e.Time.Format("Mon 15:04"), "estimate:", e.Delivery.Format("Mon Jan 2"))
	}
	// Output:
	// promised by Thu Mar 5
	// Mon 10:30 estimate: Wed Mar 4
	// Tue 12:00 estimate: Mon Mar 9
}

// Script faults for the next calls, as a flaky carrier API would answer.
func ExampleCarrier_Script() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := sim.NewClock(created.Add(24 * time.Hour))
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		panic(err)
	}
	if err := c.Ship("SIM0000000001", sim.OnTime(), created); err != nil {
		panic(err)
	}
	err = c.Script(
		sim.Fault{Kind: sim.FaultRateLimit, RetryAfter: 30 * time.Second},
		sim.Fault{Kind: sim.FaultTimeout},
	)
	if err != nil {
		panic(err)
	}
	for range 3 {
		u, err := c.Track(ctx, "SIM0000000001")
		var rl *carrier.RateLimitError
		switch {
		case errors.As(err, &rl):
			fmt.Println("429, retry after", rl.RetryAfter)
		case err != nil:
			fmt.Println("temporary:", carrier.IsTemporary(err), err)
		default:
			fmt.Println(len(u.Scans), "scans")
		}
	}
	fmt.Println(c.Stats().Faults)
	// Output:
	// 429, retry after 30s
	// temporary: true carrier sim: track "SIM0000000001": sim: request timed out
	// 7 scans
	// map[rate_limit:1 timeout:1]
}

// Build the signed webhook a carrier would push for a shipment's new scans,
// and parse it as the receiving host does.
func ExampleCarrier_NextWebhook() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := sim.NewClock(created)
	c, err := sim.New(sim.Config{Now: clk.Now, WebhookSecret: []byte("whsec_example")})
	if err != nil {
		panic(err)
	}
	if err := c.Ship("SIM0000000001", sim.PickupPoint(), created); err != nil {
		panic(err)
	}
	for _, at := range []time.Duration{6 * time.Hour, 53 * time.Hour} {
		clk.Set(created.Add(at))
		w, err := c.NextWebhook("SIM0000000001")
		if err != nil {
			panic(err)
		}
		// w.Request(ctx, url) would POST it; here the receiver parses it directly.
		ups, err := c.ParseWebhook(ctx, w.Header, w.Body)
		if err != nil {
			panic(err)
		}
		for _, s := range ups[0].Scans {
			fmt.Println(s.Time.Format("Mon 15:04"), s.Description)
		}
	}
	// Output:
	// Mon 10:30 Shipment information received
	// Mon 15:00 Picked up
	// Mon 17:00 Processing at facility
	// Mon 19:00 Departed facility
	// Tue 08:00 Arrived at facility
	// Tue 08:30 Unloaded at facility
	// Tue 10:00 Departed facility
	// Tue 18:00 Arrived at delivery facility
	// Wed 11:00 Available for pickup at Parcel Shop Main Street, Chicago, IL, US
}

// Subscribe a number and let the sim push its journey to a handler as the
// clock moves on; one webhook in five is lost (here the third scan's and
// the out-for-delivery scan's), and the next one carries what it missed.
func ExampleCarrier_Subscribe() {
	ctx := context.Background()
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	clk := sim.NewClock(created)
	var c *sim.Carrier
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		us, err := c.ParseWebhook(r.Context(), r.Header, body)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		for _, u := range us {
			last := u.Scans[len(u.Scans)-1]
			fmt.Printf("%s  pushed %d scans, newest %q\n", clk.Now().Format("Mon 15:04"), len(u.Scans), last.Description)
		}
	})
	c, err := sim.New(sim.Config{Now: clk.Now, Seed: 2, Push: sim.PushConfig{Handler: handler, LossRate: 0.2}})
	if err != nil {
		panic(err)
	}
	if err := c.Ship("SIM0000000001", sim.OnTime(), created); err != nil {
		panic(err)
	}
	sub, err := c.Subscribe(ctx, "SIM0000000001")
	if err != nil {
		panic(err)
	}
	fmt.Println("subscribed:", sub.ID)
	for range 3 * 24 * 60 {
		clk.Advance(time.Minute)
		if _, err := c.Push(ctx); err != nil {
			panic(err)
		}
	}
	st := c.Stats()
	fmt.Printf("pushed %d, lost %d\n", st.Pushes, st.PushesLost)
	// Output:
	// subscribed: sub_SIM0000000001
	// Mon 10:34  pushed 1 scans, newest "Shipment information received"
	// Mon 15:04  pushed 2 scans, newest "Picked up"
	// Mon 19:10  pushed 4 scans, newest "Departed facility"
	// Tue 08:08  pushed 5 scans, newest "Arrived at facility"
	// Tue 08:42  pushed 6 scans, newest "Unloaded at facility"
	// Tue 10:10  pushed 7 scans, newest "Departed facility"
	// Tue 18:04  pushed 8 scans, newest "Arrived at delivery facility"
	// Wed 07:05  pushed 9 scans, newest "Loaded on vehicle"
	// Wed 14:09  pushed 11 scans, newest "Delivered"
	// pushed 9, lost 2
}
