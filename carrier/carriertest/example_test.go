package carriertest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
)

// homeCarrier is a host's own adapter with a classic bug: it reports an
// unknown number with its own error instead of carrier.ErrNotFound.
type homeCarrier struct{}

func (homeCarrier) ID() string { return "home" }

func (homeCarrier) Track(ctx context.Context, n string) (*carrier.Update, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if n != "H1" {
		return nil, errors.New("home: no such parcel")
	}
	return &carrier.Update{Carrier: "home", TrackingNumber: n, Scans: []milestone.Scan{{
		Time: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Carrier: "home", Description: "Picked up",
	}}}, nil
}

// Check runs the kit outside a test and returns the violated rules.
func ExampleCheck() {
	err := carriertest.Check(func() carrier.Carrier { return homeCarrier{} }, carriertest.Features{
		KnownNumbers:  []string{"H1"},
		UnknownNumber: "H404",
	})
	fmt.Println(err)
	// Output:
	// TrackUnknown: Track must return an error wrapping ErrNotFound for an unknown number
	// 	Track("H404") = <nil>, home: no such parcel
}

// The simulated carrier passes every case, optional capabilities included.
func ExampleCheck_sim() {
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	newSim := func() *sim.Carrier {
		clk := sim.NewClock(created.AddDate(0, 0, 7))
		c, err := sim.New(sim.Config{Now: clk.Now})
		if err != nil {
			panic(err)
		}
		for i, sc := range []sim.Scenario{sim.OnTime(), sim.FailedAttempt(), sim.Lost()} {
			if err := c.Ship(sim.Number(i), sc, created); err != nil {
				panic(err)
			}
		}
		return c
	}
	known := []string{sim.Number(0), sim.Number(1), sim.Number(2)}
	err := carriertest.Check(func() carrier.Carrier { return newSim() }, carriertest.Features{
		KnownNumbers:  known,
		UnknownNumber: "SIM404",
		Batch:         true,
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, c carrier.Carrier) (http.Header, []byte) {
			w, err := c.(*sim.Carrier).Webhook(known...)
			if err != nil {
				t.Fatal(err)
			}
			return w.Header, w.Body
		},
		ReturnLabels: true,
	})
	fmt.Println("violations:", err)
	// Output:
	// violations: <nil>
}
