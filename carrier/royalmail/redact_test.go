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
