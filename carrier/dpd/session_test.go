package dpd

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// TestFailedLoginDoesNotWedge: a login that fails, or hangs until its
// caller gives up, leaves the session usable for the calls after it.
func TestFailedLoginDoesNotWedge(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{File: "delivered.xml"})
	var mode atomic.Int32 // 0 serve, 1 fail logins, 2 hang logins
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == loginPath {
			switch mode.Load() {
			case 1:
				http.Error(w, "maintenance", http.StatusServiceUnavailable)
				return
			case 2:
				select {
				case <-release:
				case <-r.Context().Done():
				}
				http.Error(w, "too late", http.StatusServiceUnavailable)
				return
			}
		}
		f.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := New(Config{DelisID: testDelisID, Password: testPassword, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	track := func(ctx context.Context) error {
		_, err := c.Track(ctx, "01505056789012")
		return err
	}

	mode.Store(1)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.Error(t, track(context.Background()))
		}()
	}
	wg.Wait()

	// A login that hangs: its caller gives up, the others are not held.
	mode.Store(2)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	err = track(ctx)
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	mode.Store(0)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, track(context.Background()))
		}()
	}
	wg.Wait()
	logins, _ := f.calls()
	assert.Equal(t, 1, logins, "once DPD answers, one login serves every call")
}
