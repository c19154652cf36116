package royalmail

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestAnswerAboutAnotherMailPiece(t *testing.T) {
	t.Parallel()
	const asked = "TT123456785GB"
	events := string(adaptertest.Fixture(t, "in_transit.json")) // about QA987654326GB
	sig := string(adaptertest.Fixture(t, "signature.json"))     // about TT111222332GB
	f := newFakeRM(t)
	f.Set(asked, route{Body: events})
	f.Set("signature/"+asked, route{Body: sig})
	c := newTestCarrier(t, f)

	u, err := c.Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "events of QA987654326GB must not be taken for %s", asked)
	assert.Nil(t, u)
	s, err := c.Signature(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "the signature (a recipient's name) of TT111222332GB must not be taken for %s", asked)
	assert.Nil(t, s)

	// The same answers naming the piece asked, by any of its ids, are read.
	f.Set(asked, route{Body: strings.ReplaceAll(events, "QA987654326GB", asked)})
	u, err = c.Track(context.Background(), asked)
	require.NoError(t, err)
	assert.NotEmpty(t, u.Scans)
	f.Set("signature/TT111222332GB", route{Body: strings.Replace(sig, `"mailPieceId": "TT111222332GB"`, `"mailPieceId": "090367574000000FE1E4E"`, 1)})
	_, err = c.Signature(context.Background(), "TT111222332GB")
	assert.NoError(t, err, "a signature answer whose oneDBarcode is the number asked")
}

// pieceOf returns the mailPieceId of an events fixture.
func pieceOf(t testing.TB, file string) string {
	t.Helper()
	var r struct {
		MailPieces struct{ MailPieceID string } `json:"mailPieces"`
	}
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, file), &r))
	require.NotEmpty(t, r.MailPieces.MailPieceID, file)
	return r.MailPieces.MailPieceID
}
