package sim

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// FaultKind names a kind of injected fault.
type FaultKind string

// The kinds of fault the sim injects.
const (
	// FaultNone, in a scripted Fault, lets the call through with no fault,
	// not even a random one.
	FaultNone FaultKind = ""
	// FaultError fails the call with a temporary error (a simulated 503,
	// carrier.IsTemporary), or with Fault.Err when set.
	FaultError FaultKind = "error"
	// FaultTimeout fails the call with a temporary error matching
	// ErrTimeout and context.DeadlineExceeded; with
	// Faults.TimeoutBlocks it first blocks until the call's context ends.
	FaultTimeout FaultKind = "timeout"
	// FaultRateLimit answers 429: a *carrier.RateLimitError with RetryAfter.
	FaultRateLimit FaultKind = "rate_limit"
	// FaultDuplicate succeeds but repeats one scan in the response.
	FaultDuplicate FaultKind = "duplicate"
	// FaultReorder succeeds but returns the scans out of chronological order.
	FaultReorder FaultKind = "reorder"
)

// FaultKinds returns every fault kind except FaultNone.
func FaultKinds() []FaultKind {
	return []FaultKind{FaultError, FaultTimeout, FaultRateLimit, FaultDuplicate, FaultReorder}
}

// Faults are the random faults the sim injects, each by a rate between 0 and
// 1 drawn from the seeded generator, so a sequence of calls fails the same way
// for the same seed. At most one of the failing kinds (error, timeout, rate
// limit) hits a call: their rates must sum to at most 1. Duplicate and
// reorder are drawn independently on calls that succeed. The zero value
// injects nothing.
type Faults struct {
	// ErrorRate is the fraction of calls failing with a temporary error. Defaults to 0.
	ErrorRate float64
	// TimeoutRate is the fraction of calls timing out. Defaults to 0.
	TimeoutRate float64
	// TimeoutBlocks makes a timeout block until the call's context ends
	// before it returns, as a hung connection does. Defaults to false
	// (timeouts return at once).
	TimeoutBlocks bool
	// RateLimitRate is the fraction of calls answered with 429. Defaults to 0.
	RateLimitRate float64
	// RetryAfter is the Retry-After of injected 429s. Defaults to 1s.
	RetryAfter time.Duration
	// DuplicateRate is the fraction of successful answers with a repeated scan. Defaults to 0.
	DuplicateRate float64
	// ReorderRate is the fraction of successful answers with scans out of order. Defaults to 0.
	ReorderRate float64
}

func (f Faults) validate() error {
	rates := []struct {
		name string
		v    float64
	}{
		{"ErrorRate", f.ErrorRate}, {"TimeoutRate", f.TimeoutRate}, {"RateLimitRate", f.RateLimitRate},
		{"DuplicateRate", f.DuplicateRate}, {"ReorderRate", f.ReorderRate},
	}
	for _, r := range rates {
		if !(r.v >= 0 && r.v <= 1) { // also rejects NaN
			return fmt.Errorf("sim: Faults.%s is %v, want a rate between 0 and 1", r.name, r.v)
		}
	}
	if sum := f.ErrorRate + f.TimeoutRate + f.RateLimitRate; sum > 1 {
		return fmt.Errorf("sim: Faults.ErrorRate+TimeoutRate+RateLimitRate is %v, want at most 1", sum)
	}
	if f.RetryAfter < 0 {
		return fmt.Errorf("sim: Faults.RetryAfter is negative (%s)", f.RetryAfter)
	}
	return nil
}

func (f Faults) withDefaults() Faults {
	if f.RetryAfter == 0 {
		f.RetryAfter = time.Second
	}
	return f
}

// Fault is one scripted fault, consumed by one call (see Carrier.Script).
type Fault struct {
	// Kind is the fault; FaultNone lets the call through untouched.
	Kind FaultKind
	// Err, for FaultError, is the error the call returns (wrapped); nil
	// means a temporary 503. Use carrier.ErrUnauthorized or
	// carrier.ErrNotFound to script those answers.
	Err error
	// RetryAfter, for FaultRateLimit, overrides Faults.RetryAfter.
	RetryAfter time.Duration
	// Block, for FaultTimeout, blocks the call until its context ends, as
	// Faults.TimeoutBlocks does for random timeouts.
	Block bool
}

// Repeat returns n copies of f, for Script: c.Script(sim.Repeat(f, 3)...)
// makes the next three calls fail with f.
func Repeat(f Fault, n int) []Fault {
	out := make([]Fault, max(n, 0))
	for i := range out {
		out[i] = f
	}
	return out
}

// ErrTimeout is matched (errors.Is) by the sim's simulated timeouts.
var ErrTimeout = errors.New("sim: request timed out")

// errUnavailable is the cause of a simulated 503.
var errUnavailable = errors.New("sim: 503 service unavailable")

// timeoutError is a simulated timeout: it matches ErrTimeout and
// context.DeadlineExceeded (as an HTTP client's timeout does), and reports
// Timeout() like a net.Error. The sim marks it carrier.Temporary.
type timeoutError struct{ cause error }

func (e *timeoutError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%v: %v", ErrTimeout, e.cause)
	}
	return ErrTimeout.Error()
}

func (e *timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

func (e *timeoutError) Unwrap() error { return e.cause }

// Timeout reports true, like net.Error.
func (e *timeoutError) Timeout() bool { return true }
