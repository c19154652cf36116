// Package demo is the simulated shop week that examples/quickstart (on the
// in-memory store) and examples/postgres (on PostgreSQL) run: a handful of
// orders ship with the simulated carrier, the clock runs in half-hour steps,
// and every message wismo decides to send is printed as the customer (or the
// shop) would read it.
package demo
