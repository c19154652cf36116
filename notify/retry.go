package notify

import (
	"fmt"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// RetryPolicy is the schedule of retries after failed sends. It is the one
// retry policy of the module: a Dispatcher applies it, and tracking's and
// returns' outboxes send through a Dispatcher, so each takes one
// RetryPolicy in its Config. After failed attempt n the next attempt comes
// Initial·Multiplier^(n-1) later, randomized by Jitter and capped at Max. A
// message that still fails MaxAge after its first attempt, or at its
// MaxAttempts-th attempt, is dead-lettered; the last retry is planned no
// later than the end of MaxAge. Failures wrapping ErrPermanent are
// dead-lettered at once. The zero RetryPolicy takes every default.
type RetryPolicy struct {
	// Initial is the delay after the first failed attempt. Defaults to 30
	// seconds.
	Initial time.Duration
	// Max caps every delay, jitter included. Defaults to 1 hour.
	Max time.Duration
	// Multiplier grows the delay after each failed attempt. Defaults to 2.
	Multiplier float64
	// Jitter randomizes each delay by up to this fraction of it (0.5: from
	// half to one and a half times the delay). Defaults to none.
	Jitter float64
	// MaxAge is how long temporary failures are retried, counted from the
	// first attempt. Defaults to 24 hours.
	MaxAge time.Duration
	// MaxAttempts, when positive, dead-letters a message whose attempt
	// number MaxAttempts failed, before MaxAge ends. Defaults to no limit.
	MaxAttempts int
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Initial == 0 {
		p.Initial = 30 * time.Second
	}
	if p.Max == 0 {
		p.Max = time.Hour
	}
	if p.Multiplier == 0 {
		p.Multiplier = 2
	}
	if p.MaxAge == 0 {
		p.MaxAge = 24 * time.Hour
	}
	return p
}

// validate checks a policy with its defaults filled; errors name the field.
func (p RetryPolicy) validate() error {
	switch {
	case p.Initial < 0:
		return fmt.Errorf("Retry.Initial must not be negative, got %s", p.Initial)
	case p.Max < p.Initial:
		return fmt.Errorf("Retry.Max (%s) must not be below Retry.Initial (%s)", p.Max, p.Initial)
	case p.MaxAge < p.Initial:
		return fmt.Errorf("Retry.MaxAge (%s) must not be below Retry.Initial (%s)", p.MaxAge, p.Initial)
	case p.Multiplier < 1:
		return fmt.Errorf("Retry.Multiplier must be at least 1, got %g", p.Multiplier)
	case p.Jitter < 0 || p.Jitter >= 1:
		return fmt.Errorf("Retry.Jitter must be at least 0 and below 1, got %g", p.Jitter)
	case p.MaxAttempts < 0:
		return fmt.Errorf("Retry.MaxAttempts must not be negative, got %d", p.MaxAttempts)
	}
	return nil
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

// Backoff returns the delay after failed attempt n (1 for the first):
// Initial times Multiplier^(n-1), randomized by Jitter, and never above
// Max; zero fields take their defaults. It uses backoff/v4's exponential
// backoff.
func (p RetryPolicy) Backoff(n int) time.Duration {
	p = p.withDefaults()
	b := &backoff.ExponentialBackOff{
		InitialInterval:     p.Initial,
		RandomizationFactor: p.Jitter,
		Multiplier:          p.Multiplier,
		MaxInterval:         p.Max,
		MaxElapsedTime:      0,
		Stop:                backoff.Stop,
		Clock:               fixedClock(time.Time{}),
	}
	b.Reset()
	// After enough steps the interval stays at MaxInterval; stepping further changes nothing.
	steps := min(max(n, 1), 64)
	var next time.Duration
	for range steps {
		next = b.NextBackOff()
	}
	return min(next, p.Max)
}
