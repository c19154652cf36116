package sim_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

// conformant returns a sim on a fake clock three days after one shipment of
// each built-in scenario was created, plus the kit's Features for it.
func conformant(tb testing.TB) (*sim.Carrier, carriertest.Features) {
	tb.Helper()
	clk := sim.NewClock(monday.Add(75 * time.Hour))
	c, err := sim.New(sim.Config{Now: clk.Now, Seed: 1, Jitter: 20 * time.Minute})
	if err != nil {
		tb.Fatal(err)
	}
	var known []string
	for i, sc := range sim.Scenarios() {
		n := sim.Number(i + 1)
		if err := c.Ship(n, sc, monday); err != nil {
			tb.Fatal(err)
		}
		known = append(known, n)
	}
	if err := c.Ship("SIM_NOT_YET", sim.OnTime(), clk.Now()); err != nil {
		tb.Fatal(err)
	}
	return c, features(known)
}

func features(known []string) carriertest.Features {
	return carriertest.Features{
		KnownNumbers:  known,
		UnknownNumber: "SIM9999999999",
		Batch:         true,
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, c carrier.Carrier) (http.Header, []byte) {
			w, err := c.(*sim.Carrier).Webhook(known...)
			if err != nil {
				t.Fatal(err)
			}
			return w.Header, w.Body
		},
		ForgedWebhook: func(t testing.TB, c carrier.Carrier) (http.Header, []byte) {
			s := c.(*sim.Carrier)
			w, err := s.Webhook(known...)
			if err != nil {
				t.Fatal(err)
			}
			h := w.Header.Clone()
			h.Set(sim.SignatureHeader, hmacsig.Sign(time.Now(), w.Body, []byte("not the sim's secret")))
			return h, w.Body
		},
		ReturnLabels: true,
	}
}

// The reference implementation passes the conformance kit first.
func TestConformance(t *testing.T) {
	t.Parallel()
	_, f := conformant(t)
	carriertest.Run(t, func(t *testing.T) carrier.Carrier {
		c, _ := conformant(t)
		return c
	}, f)
}

// A shipment registered but not yet scanned is reported as unknown, as the
// kit's UnknownNumber rule requires of it.
func TestConformanceNotYetScanned(t *testing.T) {
	t.Parallel()
	_, f := conformant(t)
	f.UnknownNumber = "SIM_NOT_YET"
	carriertest.Run(t, func(t *testing.T) carrier.Carrier {
		c, _ := conformant(t)
		return c
	}, f)
}

// go test -bench Conformance ./carrier/sim
func BenchmarkConformance(b *testing.B) {
	_, f := conformant(b)
	carriertest.Benchmark(b, func(b *testing.B) carrier.Carrier {
		c, _ := conformant(b)
		return c
	}, f)
}

// A sim that pushes passes the kit's subscription cases too.
func TestConformanceWithPush(t *testing.T) {
	t.Parallel()
	build := func(tb testing.TB) *sim.Carrier {
		tb.Helper()
		clk := sim.NewClock(monday.Add(75 * time.Hour))
		c, err := sim.New(sim.Config{Now: clk.Now, Seed: 1, Jitter: 20 * time.Minute,
			Push: sim.PushConfig{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}})
		if err != nil {
			tb.Fatal(err)
		}
		for i, sc := range sim.Scenarios() {
			if err := c.Ship(sim.Number(i+1), sc, monday); err != nil {
				tb.Fatal(err)
			}
		}
		return c
	}
	var known []string
	for i := range sim.Scenarios() {
		known = append(known, sim.Number(i+1))
	}
	f := features(known)
	f.Subscriptions = true
	f.PushedWebhook = func(t testing.TB, c carrier.Carrier, number string) (http.Header, []byte) {
		w, err := c.(*sim.Carrier).Webhook(number)
		if err != nil {
			t.Fatal(err)
		}
		return w.Header, w.Body
	}
	f.ForgedPush = func(t testing.TB, c carrier.Carrier, number string) (http.Header, []byte) {
		w, err := c.(*sim.Carrier).Webhook(number)
		if err != nil {
			t.Fatal(err)
		}
		h := w.Header.Clone()
		h.Set(sim.SignatureHeader, hmacsig.Sign(time.Now(), w.Body, []byte("not the sim's secret")))
		return h, w.Body
	}
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return build(t) }, f)
}
