package aftership

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
)

func TestSubscribe(t *testing.T) {
	t.Parallel()
	a := &api{}
	c := newTest(t, a.serve(t), "ask_test")
	ctx := context.Background()

	s, err := c.Subscribe(ctx, "61293150000079650811")
	require.NoError(t, err)
	assert.Equal(t, followedID, s.ID, "a followed number keeps its tracking")
	require.NotNil(t, s.Update, "the tracking's checkpoints come with the subscription")
	assert.Len(t, s.Update.Scans, 3)
	assert.EqualValues(t, 0, a.creates.Load())

	s, err = c.Subscribe(ctx, "9405511202575421535949")
	require.NoError(t, err)
	assert.Equal(t, "0c9b3a1e5b9f4f4f8d1f1e4f0a7d2b11", s.ID, "a new number gets a tracking")
	assert.Nil(t, s.Update, "a pending tracking has no data yet")
	assert.EqualValues(t, 1, a.creates.Load())

	_, err = c.Subscribe(ctx, "UNKNOWN")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "a number AfterShip refuses")

	require.NoError(t, c.Unsubscribe(ctx, "61293150000079650811"))
	assert.EqualValues(t, 1, a.deletes.Load())
	assert.True(t, a.isDeleted())
	require.NoError(t, c.Unsubscribe(ctx, "61293150000079650811"), "not followed any more")
	assert.EqualValues(t, 1, a.deletes.Load(), "nothing left to delete")
	require.NoError(t, c.Unsubscribe(ctx, "NEVER"), "never followed")

	s, err = c.Subscribe(ctx, "61293150000079650811")
	require.NoError(t, err)
	assert.Equal(t, followedID, s.ID)
	assert.False(t, a.isDeleted(), "created again")

	_, err = newTest(t, a.serve(t), "wrong").Subscribe(ctx, "61293150000079650811")
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.ErrorIs(t, newTest(t, a.serve(t), "wrong").Unsubscribe(ctx, "61293150000079650811"), carrier.ErrUnauthorized)
}
