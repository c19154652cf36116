package royalmail

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSummaryErrorsRedacted(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	body := `{"mailPieces":[{"mailPieceId":"TT123456785GB","error":{"errorCode":"E1999","errorDescription":"client ` +
		testClientID + ` with secret ` + testClientSecret + ` may not ask"}}]}`
	f.Set("summary/TT123456785GB", route{Body: body})
	res, err := newTestCarrier(t, f).Summary(context.Background(), []string{"TT123456785GB"})
	require.NoError(t, err)
	require.Error(t, res[0].Err)
	assert.NotContains(t, res[0].Err.Error(), testClientSecret)
	assert.NotContains(t, res[0].Err.Error(), testClientID)
}

// TestSummarySameNumberTwice: a number given twice, in two spellings, gets
// two results, each its own Update naming the number as given.
func TestSummarySameNumberTwice(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	f.Set("summary/TT123456785GB,TT123456785GB", route{File: "summary.json"})
	numbers := []string{"TT123456785GB", "tt 123 456 785 gb"}
	res, err := newTestCarrier(t, f).Summary(context.Background(), numbers)
	require.NoError(t, err)
	for i, r := range res {
		require.NoError(t, r.Err, i)
		assert.Equal(t, numbers[i], r.Update.TrackingNumber, i)
	}
	assert.NotSame(t, res[0].Update, res[1].Update, "results must not share an Update")
}
