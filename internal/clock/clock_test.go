package clock

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cenkalti/backoff/v4"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestSleepWaitsForTheDuration(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := Sleep(context.Background(), 3*time.Second); err != nil {
			t.Fatalf("Sleep = %v", err)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Fatalf("slept %s, want 3s", got)
		}
	})
}

func TestSleepStopsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		start := time.Now()
		err := Sleep(ctx, time.Hour)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Sleep = %v, want context.Canceled", err)
		}
		if got := time.Since(start); got != time.Second {
			t.Fatalf("Sleep returned after %s, want 1s (when ctx ended)", got)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep(done ctx, 0) = %v, want context.Canceled", err)
	}
	if err := Sleep(context.Background(), -time.Second); err != nil {
		t.Fatalf("Sleep(-1s) = %v", err)
	}
}

func TestFake(t *testing.T) {
	f := NewFake(t0)
	if !f.Now().Equal(t0) {
		t.Fatalf("Now = %v", f.Now())
	}
	if err := f.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	f.Advance(time.Minute)
	if err := f.Sleep(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(time.Minute + 2*time.Second); !f.Now().Equal(want) {
		t.Fatalf("Now = %v, want %v", f.Now(), want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a done ctx = %v", err)
	}
	got := f.Sleeps()
	if len(got) != 2 || got[0] != 2*time.Second || got[1] != 0 {
		t.Fatalf("Sleeps = %v, want [2s 0s]", got)
	}
}

func TestBackoffFollowsTheGivenClock(t *testing.T) {
	f := NewFake(t0)
	b := backoff.NewExponentialBackOff(
		backoff.WithClockProvider(Backoff(f.Now)),
		backoff.WithMaxElapsedTime(10*time.Second),
		backoff.WithRandomizationFactor(0),
	)
	if d := b.NextBackOff(); d != backoff.DefaultInitialInterval {
		t.Fatalf("first backoff %s", d)
	}
	f.Advance(11 * time.Second)
	if d := b.NextBackOff(); d != backoff.Stop {
		t.Fatalf("after 11s of fake time NextBackOff = %s, want Stop", d)
	}
	if got := b.GetElapsedTime(); got != 11*time.Second {
		t.Fatalf("elapsed %s, want 11s", got)
	}
}
