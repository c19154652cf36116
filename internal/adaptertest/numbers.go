package adaptertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
)

// HostileNumbers are inputs that cannot be tracking numbers and must never
// reach a carrier's API: a path, a query or fragment, an escape, NUL, 5000
// characters, full-width digits, XML, a letter strings.ToUpper would make
// ASCII.
var HostileNumbers = []string{"../../etc/passwd", "12345678?x=1", "12345678#frag", "1234%2F5678", "1234\x005678",
	strings.Repeat("1", 5000), "１２３４５６７８９０１２３４", "12345678<a>&amp;", "12345678/../x", "1234567890\u0131"}

// NumbersRefusedBeforeRequest checks that the carrier build makes (against
// the server it is given) refuses every one of HostileNumbers, through Track
// and, for a BatchTracker, TrackBatch, with an error wrapping
// carrier.ErrNotFound that is not temporary, and sends no request at all.
func NumbersRefusedBeforeRequest(t *testing.T, build func(srv *httptest.Server) carrier.Carrier) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "no request expected", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	c := build(srv)
	for _, n := range HostileNumbers {
		_, err := c.Track(context.Background(), n)
		assert.ErrorIs(t, err, carrier.ErrNotFound, "Track(%.20q)", n)
		assert.False(t, carrier.IsTemporary(err), "Track(%.20q): not worth retrying", n)
		if b, ok := c.(carrier.BatchTracker); ok {
			res, err := b.TrackBatch(context.Background(), []string{n})
			require.NoError(t, err, "TrackBatch(%.20q)", n)
			assert.ErrorIs(t, res[0].Err, carrier.ErrNotFound, "TrackBatch(%.20q)", n)
		}
	}
	assert.Zero(t, calls.Load(), "no request may be made for such a number")
}
