package clock

import (
	"context"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// Backoff adapts a Now function to backoff.Clock, so backoff's elapsed-time
// bookkeeping follows the host's clock instead of the system clock.
type Backoff func() time.Time

// Now implements backoff.Clock.
func (f Backoff) Now() time.Time { return f() }

var _ backoff.Clock = Backoff(nil)

// Sleep waits for d or until ctx is done, whichever comes first. It returns
// ctx.Err() when ctx ended first (also when ctx is already done and d > 0),
// nil otherwise. A d of zero or less returns ctx.Err() at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Fake is a manual clock for tests. Now returns the current fake time; Sleep
// records the requested duration and moves the time forward to at least the
// moment the sleep would end, without waiting. It is safe for concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// NewFake returns a Fake clock reading start.
func NewFake(start time.Time) *Fake { return &Fake{now: start} }

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the fake time forward by d.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// Sleep records d and advances the fake time by d. It returns ctx.Err() without
// advancing when ctx is already done, as a real sleep would.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	if d > 0 {
		f.now = f.now.Add(d)
	}
	return nil
}

// Sleeps returns a copy of the durations passed to Sleep, in call order.
func (f *Fake) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}
