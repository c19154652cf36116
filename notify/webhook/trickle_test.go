package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/internal/readdeadline/trickletest"
)

// TestHandlerGivesUpOnTricklingBody: a client that sends its body one byte
// at a time cannot hold the handler; it answers 408 (or hangs up) long
// before the trickle would end.
func TestHandlerGivesUpOnTricklingBody(t *testing.T) {
	t.Parallel()
	var handled atomic.Bool
	h, err := NewHandler(HandlerConfig{
		Secrets:     [][]byte{newKey},
		Handle:      func(context.Context, *Payload) error { handled.Store(true); return nil },
		ReadTimeout: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	hd := http.Header{}
	hd.Set(SignatureHeader, "t=1,v1=00")
	// 2,000 bytes at 10 ms each would take 20 s.
	res, err := trickletest.Post(strings.TrimPrefix(srv.URL, "http://"), "/hook", hd, 2000, 10*time.Millisecond, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !res.GaveUp() {
		t.Fatalf("the handler waited for the whole trickled body (%d bytes), answering %d", res.Sent, res.Status)
	}
	if res.Status != http.StatusRequestTimeout && res.Status != 0 {
		t.Errorf("status %d after %d of %d bytes, want 408 or a closed connection", res.Status, res.Sent, res.Total)
	}
	if handled.Load() {
		t.Error("Handle was called for a body that never arrived")
	}
}

// TestHandlerReadTimeoutValidated: a negative ReadTimeout is a configuration
// error.
func TestHandlerReadTimeoutValidated(t *testing.T) {
	t.Parallel()
	_, err := NewHandler(HandlerConfig{Secrets: [][]byte{newKey}, Handle: func(context.Context, *Payload) error { return nil }, ReadTimeout: -time.Second})
	if err == nil {
		t.Error("NewHandler accepted a negative ReadTimeout")
	}
}

// A 405 does not wait for a trickled body either.
func TestHandlerWrongMethodDoesNotWaitForBody(t *testing.T) {
	t.Parallel()
	h, err := NewHandler(HandlerConfig{Secrets: [][]byte{newKey}, Handle: func(context.Context, *Payload) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	res, err := trickletest.Send(http.MethodPut, strings.TrimPrefix(srv.URL, "http://"), "/hook", nil, 2000, 10*time.Millisecond, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !res.GaveUp() || res.Status != http.StatusMethodNotAllowed {
		t.Errorf("answered %d after %d of %d bytes, want 405 before the body is through", res.Status, res.Sent, res.Total)
	}
}
