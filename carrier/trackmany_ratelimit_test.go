package carrier_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
)

// limitedBatch answers every TrackBatch with 429 and counts the calls.
type limitedBatch struct{ calls atomic.Int32 }

func (*limitedBatch) ID() string    { return "limited" }
func (*limitedBatch) MaxBatch() int { return 2 }
func (l *limitedBatch) Track(ctx context.Context, n string) (*carrier.Update, error) {
	l.calls.Add(1)
	return nil, &carrier.RateLimitError{Carrier: "limited", RetryAfter: time.Minute}
}
func (l *limitedBatch) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	l.calls.Add(1)
	return nil, &carrier.RateLimitError{Carrier: "limited", RetryAfter: time.Minute}
}

// A carrier that answered 429 must not get the remaining chunks of the
// same TrackMany: they carry the rate-limit error without a call.
func TestTrackManyStopsAtRateLimit(t *testing.T) {
	l := &limitedBatch{}
	res := carrier.TrackMany(context.Background(), l, []string{"a", "b", "c", "d", "e"})
	require.Len(t, res, 5)
	for _, r := range res {
		var rl *carrier.RateLimitError
		require.ErrorAs(t, r.Err, &rl, r.TrackingNumber)
	}
	require.Equal(t, int32(1), l.calls.Load(), "TrackBatch calls after the carrier answered 429")
}
