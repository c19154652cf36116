package gls

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParcelErrorsRedacted(t *testing.T) {
	t.Parallel()
	const n = "50123456789"
	f := newFakeGLS(t)
	f.Set(n, route{Body: `{"parcels":[{"requested":"` + n + `","errorCode":"E_403_02","errorMessage":"client ` +
		testClientID + ` (secret ` + testClientSecret + `) may not see this parcel"}]}`})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), n)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testClientSecret, "Track")
	assert.NotContains(t, err.Error(), testClientID, "Track")
	res, err := c.TrackBatch(context.Background(), []string{n})
	require.NoError(t, err)
	require.Error(t, res[0].Err)
	assert.NotContains(t, res[0].Err.Error(), testClientSecret, "TrackBatch")
	assert.NotContains(t, res[0].Err.Error(), testClientID, "TrackBatch")
}
