package track17

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// hostileNumbers cannot be tracking numbers: 17TRACK takes 5 to 50 letters
// and digits. Each would cost a registration (one unit of quota) if sent.
var hostileNumbers = []string{
	"../../etc/passwd", "RR123456785CN?x=1", "RR123456785CN#f", "RR%2F123456785CN",
	"RR123\x00456785CN", strings.Repeat("1", 51), "ＲＲ123456785CN", "RR<a>&amp;123",
	"RR123456785CN\u0131", "1234",
}

func TestNumbersRefusedBeforeRequest(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "no request expected", http.StatusTeapot)
	}))
	c := newTest(t, srv)
	ctx := context.Background()
	for _, n := range hostileNumbers {
		_, err := c.Track(ctx, n)
		assert.ErrorIs(t, err, carrier.ErrNotFound, "Track(%q)", n)
		res, err := c.TrackBatch(ctx, []string{n})
		require.NoError(t, err, "TrackBatch(%q)", n)
		assert.ErrorIs(t, res[0].Err, carrier.ErrNotFound, "TrackBatch(%q)", n)
		assert.False(t, carrier.IsTemporary(res[0].Err), "TrackBatch(%q): a number that cannot be one is not worth retrying", n)
		_, err = c.Subscribe(ctx, n)
		assert.ErrorIs(t, err, carrier.ErrNotFound, "Subscribe(%q)", n)
		assert.NoError(t, c.Unsubscribe(ctx, n), "Unsubscribe(%q): a number that cannot be subscribed is not subscribed", n)
	}
	assert.Zero(t, calls.Load(), "no request may be made for a number 17TRACK cannot take")
}

func TestNumberCompacted(t *testing.T) {
	t.Parallel()
	a := newAPI(t)
	c := newTest(t, serve(t, a))
	res, err := c.TrackBatch(context.Background(), []string{"rr 123-456-785 cn", numberRR})
	require.NoError(t, err)
	for i, r := range res {
		require.NoError(t, r.Err, i)
		assert.NotEmpty(t, r.Update.Scans, i)
	}
	assert.Equal(t, "rr 123-456-785 cn", res[0].Update.TrackingNumber, "the update names the number as given")
	assert.False(t, errors.Is(res[1].Err, carrier.ErrMalformed))
}

// TestBatchAnswerOddities: an answer that holds a number twice, a number
// not asked, or leaves one out. Nothing is registered that was not asked
// (a registration costs quota), and each asked number gets its own result.
func TestBatchAnswerOddities(t *testing.T) {
	t.Parallel()
	item := string(fixtureItem(t, "trackinfo_rr.json"))
	var registered []string
	var mu sync.Mutex
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var items []requestItem
		require.NoError(t, json.NewDecoder(r.Body).Decode(&items))
		switch {
		case strings.HasSuffix(r.URL.Path, "/register"):
			mu.Lock()
			for _, it := range items {
				registered = append(registered, it.Number)
			}
			mu.Unlock()
			adaptertest.Reply{Body: `{"code":0,"data":{"accepted":[],"rejected":[]}}`}.Write(t, w)
		default:
			adaptertest.Reply{Body: `{"code":0,"data":{"accepted":[` + item + `,` + item + `],"rejected":[` +
				`{"number":"ZZ999999999CN","error":{"code":-18019902,"message":"The tracking number 'ZZ999999999CN' does not register, please register first."}}]}}`}.Write(t, w)
		}
	}))
	c := newTest(t, srv)
	res, err := c.TrackBatch(context.Background(), []string{numberRR, number1Z})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	assert.Equal(t, numberRR, res[0].Update.TrackingNumber)
	assert.ErrorIs(t, res[1].Err, carrier.ErrMalformed, "a number the answer leaves out")
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, registered, "only asked numbers may be registered")
}
