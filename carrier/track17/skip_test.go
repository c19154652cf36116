package track17

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestUnreadableTimesLoseNothingElse: one event with an unreadable time,
// or an unreadable estimate, costs that event or that estimate, not the
// number's other events.
func TestUnreadableTimesLoseNothingElse(t *testing.T) {
	t.Parallel()
	item := string(fixtureItem(t, "trackinfo_rr.json"))
	var want trackItem
	require.NoError(t, json.Unmarshal([]byte(item), &want))
	full, _, err := want.update()
	require.NoError(t, err)

	isoOnly := strings.ReplaceAll(item, `"2026-03-06T14:40:00-06:00"`, `"2026-03-06 at teatime"`)
	require.NotEqual(t, item, isoOnly, "trackinfo_rr.json no longer has the event of 2026-03-06T14:40:00-06:00")
	badEvent := strings.ReplaceAll(isoOnly, `"2026-03-06T20:40:00Z"`, `"teatime"`)
	require.NotEqual(t, isoOnly, badEvent, "trackinfo_rr.json no longer has time_utc 2026-03-06T20:40:00Z")
	badEstimate := strings.Replace(item, `"2026-03-09T20:00:00-05:00"`, `"soon"`, 1)
	require.NotEqual(t, item, badEstimate, "trackinfo_rr.json no longer estimates 2026-03-09T20:00:00-05:00")

	for name, body := range map[string]string{"event": badEvent, "time_utc": isoOnly, "estimate": badEstimate} {
		var logs bytes.Buffer
		srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			adaptertest.Reply{Body: `{"code":0,"data":{"accepted":[` + body + `],"rejected":[]}}`}.Write(t, w)
		}))
		c, err := New(Config{APIKey: testKey, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv),
			Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		require.NoError(t, err)
		u, err := c.Track(context.Background(), numberRR)
		require.NoError(t, err, name)
		switch name {
		case "event":
			assert.Len(t, u.Scans, len(full.Scans)-1, "only the unreadable event is left out")
			assert.Equal(t, full.EstimatedDelivery, u.EstimatedDelivery)
			assert.Contains(t, logs.String(), "skipped=1", "the skipped event is logged")
		case "time_utc":
			require.Len(t, u.Scans, len(full.Scans), "an unreadable time_iso falls back to time_utc")
			assert.Equal(t, "2026-03-06T20:40:00Z", u.Scans[2].Time.UTC().Format(time.RFC3339))
		case "estimate":
			assert.Len(t, u.Scans, len(full.Scans), "every event is kept")
			assert.True(t, u.EstimatedDelivery.IsZero(), "an unreadable estimate is no estimate")
		}
	}
}
