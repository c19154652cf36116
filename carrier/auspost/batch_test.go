package auspost

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestBatchAnswerOddities: an answer that holds a number twice, a number
// not asked, and leaves one out.
func TestBatchAnswerOddities(t *testing.T) {
	t.Parallel()
	var doc struct {
		TrackingResults []json.RawMessage `json:"tracking_results"`
	}
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "in_transit.json"), &doc)) // 33LPN5012346
	r := string(doc.TrackingResults[0])
	f := newFake(t)
	f.Set("33LPN5012346,33LPN5012347", route{Body: `{"tracking_results":[` + r + `,` + r +
		`,{"tracking_id":"33LPN5099999","trackable_items":[{"events":[{"description":"Delivered","date":"2026-11-20T10:00:00+11:00"}]}]}]}`})
	res, err := newTestCarrier(t, f).TrackBatch(context.Background(), []string{"33LPN5012346", "33LPN5012347"})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	assert.NotEmpty(t, res[0].Update.Scans)
	assert.ErrorIs(t, res[1].Err, carrier.ErrMalformed, "a number the answer leaves out")
	assert.Nil(t, res[1].Update)
}
