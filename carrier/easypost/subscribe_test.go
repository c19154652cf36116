package easypost

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
)

func TestSubscribe(t *testing.T) {
	t.Parallel()
	a := &api{}
	c := newTest(t, a.serve(t), "EZTK_test")
	ctx := context.Background()

	s, err := c.Subscribe(ctx, "EZ1000000001")
	require.NoError(t, err)
	assert.Equal(t, ID, s.Carrier)
	assert.NotEmpty(t, s.ID, "the tracker id")
	assert.Nil(t, s.Update, "a new tracker has no details")
	assert.True(t, s.ExpiresAt.IsZero())

	s1, err := c.Subscribe(ctx, "9400110898825022579493")
	require.NoError(t, err)
	require.NotNil(t, s1.Update)
	assert.Len(t, s1.Update.Scans, 6)
	s2, err := c.Subscribe(ctx, "9400110898825022579493")
	require.NoError(t, err)
	assert.Equal(t, s1.ID, s2.ID, "the same tracker")
	assert.EqualValues(t, 2, a.creates.Load(), "the second Subscribe retrieves the tracker by id")

	_, err = c.Subscribe(ctx, "NOPE")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "a code EasyPost rejects")

	err = c.Unsubscribe(ctx, "9400110898825022579493")
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.False(t, carrier.IsTemporary(err))

	_, err = newTest(t, a.serve(t), "wrong").Subscribe(ctx, "EZ1000000001")
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)
}
