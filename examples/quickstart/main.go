// Command quickstart runs a simulated week of a small online shop on wismo,
// with no setup: a handful of orders ship with the simulated carrier (on
// time, late estimate, stalled, failed attempt, pickup point, exception,
// returned to sender), the clock runs in half-hour steps, and every message
// wismo decides to send is printed as the customer (or the shop) reads it,
// followed by where every order stands.
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -orders 12 -seed 7
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/wismo-dev/wismo/internal/demo"
	"github.com/wismo-dev/wismo/tracking/memstore"
)

func main() {
	orders := flag.Int("orders", 8, "number of orders to ship (1-500)")
	seed := flag.Int64("seed", 1, "seed of the simulated carrier (timings and noise)")
	days := flag.Int("days", 9, "simulated days to run (1-60)")
	flag.Parse()
	err := demo.Run(context.Background(), demo.Config{
		Store: memstore.New(), Out: os.Stdout, Orders: *orders, Seed: *seed, Days: *days,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}
