package sim_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
)

// delivered returns a sim whose shipment "N1" is delivered (all scans visible).
func delivered(t testing.TB, cfg sim.Config) (*sim.Carrier, *sim.Clock) {
	t.Helper()
	c, clk := newSim(t, cfg)
	noErr(t, c.Ship("N1", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 7))
	return c, clk
}

// full is the number of scans of a delivered OnTime shipment.
var full = len(sim.OnTime().Steps)

// within reports whether got is within 4 standard deviations of n*p.
func within(got, n int, p float64) bool {
	mean := float64(n) * p
	sd := math.Sqrt(float64(n) * p * (1 - p))
	return math.Abs(float64(got)-mean) <= 4*sd+1
}

func isSorted(u *carrier.Update) bool {
	return slices.IsSortedFunc(u.Scans, func(a, b milestone.Scan) int { return a.Time.Compare(b.Time) })
}

func TestFaultRates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := sim.Faults{ErrorRate: 0.10, TimeoutRate: 0.05, RateLimitRate: 0.05, RetryAfter: 3 * time.Second,
		DuplicateRate: 0.20, ReorderRate: 0.10}
	c, _ := delivered(t, sim.Config{Seed: 42, Faults: f})
	const n = 10000
	var errs, timeouts, limited, ok, dups, reordered int
	for range n {
		u, err := c.Track(ctx, "N1")
		var rl *carrier.RateLimitError
		switch {
		case errors.As(err, &rl):
			limited++
			eq(t, rl.RetryAfter, 3*time.Second, "RetryAfter of an injected 429")
			check(t, carrier.IsTemporary(err), "a 429 is temporary")
		case errors.Is(err, sim.ErrTimeout):
			timeouts++
			check(t, carrier.IsTemporary(err), "a timeout is temporary")
			errIs(t, err, context.DeadlineExceeded, "a timeout looks like an HTTP client's deadline")
			var to interface{ Timeout() bool }
			check(t, errors.As(err, &to) && to.Timeout(), "a timeout reports Timeout() like net.Error")
		case err != nil:
			errs++
			check(t, carrier.IsTemporary(err), "an injected error is temporary: "+err.Error())
		default:
			ok++
			if len(u.Scans) == full+1 {
				dups++
			}
			if !isSorted(u) {
				reordered++
			}
		}
	}
	s := c.Stats()
	eq(t, s.Calls, n, "Stats.Calls")
	eq(t, s.Faults[sim.FaultError], errs, "Stats.Faults[error] matches what callers saw")
	eq(t, s.Faults[sim.FaultTimeout], timeouts, "Stats.Faults[timeout]")
	eq(t, s.Faults[sim.FaultRateLimit], limited, "Stats.Faults[rate_limit]")
	eq(t, s.Faults[sim.FaultDuplicate], dups, "Stats.Faults[duplicate]")
	eq(t, s.Faults[sim.FaultReorder], reordered, "Stats.Faults[reorder]")
	for _, r := range []struct {
		kind string
		got  int
		of   int
		p    float64
	}{
		{"error", errs, n, 0.10}, {"timeout", timeouts, n, 0.05}, {"rate_limit", limited, n, 0.05},
		{"duplicate", dups, ok, 0.20}, {"reorder", reordered, ok, 0.10},
	} {
		check(t, within(r.got, r.of, r.p), fmt.Sprintf("%s: %d of %d, want about %.0f", r.kind, r.got, r.of, float64(r.of)*r.p))
	}
}

func TestFaultsAreDeterministicBySeed(t *testing.T) {
	t.Parallel()
	run := func(seed int64) []string {
		ctx := context.Background()
		c, _ := delivered(t, sim.Config{Seed: seed, Faults: sim.Faults{ErrorRate: 0.2, TimeoutRate: 0.1,
			RateLimitRate: 0.1, DuplicateRate: 0.3, ReorderRate: 0.3}})
		var out []string
		for range 200 {
			u, err := c.Track(ctx, "N1")
			if err != nil {
				out = append(out, err.Error())
				continue
			}
			out = append(out, fmt.Sprint(descriptions(u)))
		}
		return out
	}
	a := run(7)
	eq(t, run(7), a, "the same seed gives the same answers")
	check(t, !slices.Equal(run(8), a), "another seed gives other answers")
}

func TestScriptedFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := delivered(t, sim.Config{Faults: sim.Faults{ErrorRate: 1}})
	err := c.Script(
		sim.Fault{Kind: sim.FaultError, Err: carrier.ErrUnauthorized},
		sim.Fault{Kind: sim.FaultError},
		sim.Fault{Kind: sim.FaultTimeout},
		sim.Fault{Kind: sim.FaultRateLimit, RetryAfter: 7 * time.Second},
		sim.Fault{Kind: sim.FaultNone},
		sim.Fault{Kind: sim.FaultDuplicate},
		sim.Fault{Kind: sim.FaultReorder},
	)
	noErr(t, err, "Script")
	_, err = c.Track(ctx, "N1")
	errIs(t, err, carrier.ErrUnauthorized, "scripted 1: the given error")
	check(t, !carrier.IsTemporary(err), "ErrUnauthorized stays permanent")
	_, err = c.Track(ctx, "N1")
	check(t, carrier.IsTemporary(err), "scripted 2: a temporary 503")
	_, err = c.Track(ctx, "N1")
	errIs(t, err, sim.ErrTimeout, "scripted 3: a timeout")
	_, err = c.Track(ctx, "N1")
	var rl *carrier.RateLimitError
	check(t, errors.As(err, &rl) && rl.RetryAfter == 7*time.Second && rl.Carrier == "sim",
		fmt.Sprintf("scripted 4: a 429 with the scripted RetryAfter, got %v", err))
	u, err := c.Track(ctx, "N1")
	noErr(t, err, "scripted 5: FaultNone passes even with ErrorRate 1")
	eq(t, len(u.Scans), full, "scripted 5: no data fault")
	check(t, isSorted(u), "scripted 5: in order")
	u, err = c.Track(ctx, "N1")
	noErr(t, err, "scripted 6")
	eq(t, len(u.Scans), full+1, "scripted 6: one scan duplicated")
	u, err = c.Track(ctx, "N1")
	noErr(t, err, "scripted 7")
	check(t, !isSorted(u), "scripted 7: scans out of order")
	eq(t, len(u.Scans), full, "scripted 7: nothing lost by reordering")
	_, err = c.Track(ctx, "N1")
	check(t, carrier.IsTemporary(err), "after the script, random faults resume (ErrorRate 1)")

	s := c.Stats()
	eq(t, s.Faults, map[sim.FaultKind]int{sim.FaultError: 3, sim.FaultTimeout: 1, sim.FaultRateLimit: 1,
		sim.FaultDuplicate: 1, sim.FaultReorder: 1}, "Stats.Faults")
	c.ResetStats()
	eq(t, c.Stats().Calls, 0, "ResetStats")
}

func TestScriptRejectsUnknownKinds(t *testing.T) {
	t.Parallel()
	c, _ := delivered(t, sim.Config{})
	err := c.Script(sim.Fault{Kind: sim.FaultError}, sim.Fault{Kind: "explode"})
	check(t, err != nil && strings.Contains(err.Error(), `"explode"`), fmt.Sprintf("Script with an unknown kind: %v", err))
	_, err = c.Track(context.Background(), "N1")
	noErr(t, err, "a rejected script queues nothing")
}

func TestScriptedBlockingTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, _ := delivered(t, sim.Config{})
		noErr(t, c.Script(sim.Fault{Kind: sim.FaultTimeout, Block: true}), "Script")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		start := time.Now() // the bubble's fake clock
		_, err := c.Track(ctx, "N1")
		eq(t, time.Since(start), 30*time.Second, "a scripted blocking timeout waits for the context's deadline")
		errIs(t, err, context.DeadlineExceeded, "the deadline's error")
		errIs(t, err, sim.ErrTimeout, "a timeout")
	})
}

func TestRepeat(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := delivered(t, sim.Config{})
	noErr(t, c.Script(sim.Repeat(sim.Fault{Kind: sim.FaultError, Err: carrier.ErrUnauthorized}, 3)...), "Script")
	for i := range 3 {
		_, err := c.Track(ctx, "N1")
		errIs(t, err, carrier.ErrUnauthorized, fmt.Sprintf("repeated fault, call %d", i))
	}
	_, err := c.Track(ctx, "N1")
	noErr(t, err, "the fourth call passes")
	eq(t, len(sim.Repeat(sim.Fault{}, -1)), 0, "Repeat of a negative count")
}

func TestScriptedFaultsHitBatchAndLabels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := delivered(t, sim.Config{})
	noErr(t, c.Script(sim.Fault{Kind: sim.FaultError}, sim.Fault{Kind: sim.FaultRateLimit}, sim.Fault{Kind: sim.FaultDuplicate}), "Script")
	_, err := c.TrackBatch(ctx, []string{"N1"})
	check(t, carrier.IsTemporary(err), "a failing fault fails the whole batch")
	_, err = c.CreateReturnLabel(ctx, carrier.ReturnLabelRequest{})
	errAs[*carrier.RateLimitError](t, err, "faults apply to CreateReturnLabel")
	res, err := c.TrackBatch(ctx, []string{"N1", "N1"})
	noErr(t, err, "TrackBatch")
	eq(t, len(res[0].Update.Scans), full+1, "a scripted data fault hits every update of the batch")
	eq(t, len(res[1].Update.Scans), full+1, "a scripted data fault hits every update of the batch")
}

func TestTimeoutBlocksUntilContextEnds(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, _ := delivered(t, sim.Config{Faults: sim.Faults{TimeoutRate: 1, TimeoutBlocks: true}})
		ctx, cancel := context.WithCancel(context.Background())
		var err error
		returned := false
		go func() {
			_, err = c.Track(ctx, "N1")
			returned = true
		}()
		synctest.Wait() // the call is now blocked, or has returned
		check(t, !returned, "a blocking timeout returned before its context ended")
		cancel()
		synctest.Wait()
		check(t, returned, "a blocking timeout returns once its context ends")
		errIs(t, err, sim.ErrTimeout, "a blocking timeout")
		errIs(t, err, context.Canceled, "a blocking timeout carries the context's error")
	})
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := delivered(t, sim.Config{RateLimit: 2, Burst: 2})
	for i := range 2 {
		_, err := c.Track(ctx, "N1")
		noErr(t, err, fmt.Sprintf("call %d within the burst", i))
	}
	_, err := c.Track(ctx, "N1")
	var rl *carrier.RateLimitError
	check(t, errors.As(err, &rl), fmt.Sprintf("the third call at once gets a 429, got %v", err))
	if rl != nil {
		eq(t, rl.RetryAfter, 500*time.Millisecond, "Retry-After until the next token (2/s)")
	}
	clk.Advance(500 * time.Millisecond)
	_, err = c.Track(ctx, "N1")
	noErr(t, err, "after Retry-After the call goes through")
	_, err = c.TrackBatch(ctx, []string{"N1"})
	errAs[*carrier.RateLimitError](t, err, "batches count against the limit")
	s := c.Stats()
	eq(t, s.RateLimited, 2, "Stats.RateLimited counts violations")
	eq(t, s.Faults[sim.FaultRateLimit], 0, "violations are not injected faults")
}
