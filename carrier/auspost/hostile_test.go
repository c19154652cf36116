package auspost

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
)

func TestAnswerAboutAnotherNumber(t *testing.T) {
	t.Parallel()
	const asked = "33LPN5012399"
	f := newFake(t)
	f.Set(asked, route{File: "delivered.json"}) // about 33LPN5012345, as Australia Post wrote it
	c := newTestCarrier(t, f)
	u, err := c.Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 33LPN5012345 must not be taken for %s", asked)
	assert.Nil(t, u)

	// A result that names no tracking_id is the only number's.
	f.Set(asked, route{Body: `{"tracking_results":[{"status":"Delivered","trackable_items":[{"article_id":"33LPN5012399","events":[{"location":"MELBOURNE VIC","description":"Delivered","date":"2026-11-20T10:00:00+11:00"}]}]}]}`})
	u, err = c.Track(context.Background(), asked)
	require.NoError(t, err)
	assert.Len(t, u.Scans, 1)
}
