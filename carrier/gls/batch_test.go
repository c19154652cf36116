package gls

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestBatchAnswerOddities: an answer that holds a number twice (as an
// error and as a parcel), a number not asked, and leaves one out.
func TestBatchAnswerOddities(t *testing.T) {
	t.Parallel()
	var doc struct{ Parcels []json.RawMessage }
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "in_transit.json"), &doc)) // 50123456790
	parcel := string(doc.Parcels[0])
	f := newFakeGLS(t)
	f.Set("50123456790", route{Body: `{"parcels":[{"requested":"50123456790","errorCode":"E_500_01","errorMessage":"try later"},` + parcel +
		`,{"requested":"59999999999","unitno":"59999999999","status":"DELIVERED","statusDateTime":"2026-11-20T10:00:00+0100"}]}`})
	f.Set("50123456801", route{Body: `{"parcels":[]}`})
	res, err := newTestCarrier(t, f).TrackBatch(context.Background(), []string{"50123456790", "50123456801"})
	require.NoError(t, err)
	require.NoError(t, res[0].Err, "the parcel beats the error for the same number")
	assert.NotEmpty(t, res[0].Update.Scans)
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound, "a number the answer leaves out")
	assert.Nil(t, res[1].Update)
}
