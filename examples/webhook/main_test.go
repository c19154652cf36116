package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is an io.Writer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

// TestRun runs the example in-process: the simulated carrier's webhooks
// drive the shipments to the end, and the printed links serve the pages.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan []demoLink, 1)
	var base string
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{Addr: "127.0.0.1:0", Tick: time.Millisecond, Step: 2 * time.Hour, Duration: 30 * time.Second,
			Ready: func(b string, links []demoLink) { base = b; ready <- links }}, out)
	}()
	var links []demoLink
	select {
	case links = <-ready:
	case err := <-done:
		t.Fatalf("run ended early: %v", err)
	}
	require.Len(t, links, 5)
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l.URL, base+"/track/"), l.URL)
		assert.NotContains(t, l.URL, l.Shipment, "the link must hide the shipment ID")
	}

	// Follow the on-time parcel's JSON until the webhooks delivered it.
	var st struct {
		State, Headline string
		Timeline        []json.RawMessage
	}
	require.Eventually(t, func() bool {
		code, body := fetch(t, links[0].URL+".json")
		require.Equal(t, http.StatusOK, code)
		require.NoError(t, json.Unmarshal([]byte(body), &st))
		return st.State == "delivered"
	}, 10*time.Second, 10*time.Millisecond, "the on-time parcel was never delivered; output:\n%s", out.String())
	assert.True(t, strings.HasPrefix(st.Headline, "Delivered on Wednesday, 4 March"), st.Headline)
	assert.NotEmpty(t, st.Timeline)

	// The late parcel's page, in German (the recipient's locale).
	require.Eventually(t, func() bool {
		_, body := fetch(t, links[1].URL)
		return strings.Contains(body, "Zugestellt am Montag, 9. März – leider später als versprochen")
	}, 10*time.Second, 10*time.Millisecond)
	code, body := fetch(t, links[1].URL)
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, `<html lang="de">`)
	assert.Contains(t, body, "Wismo Demo Shop")

	// A forged link and a forged webhook are refused.
	code, _ = fetch(t, base+"/track/AQAAAABqG9xw4Mcae4KjKV_JU10k9oBsMC892zQ3LbM86CSCPC4-tB8")
	assert.Equal(t, http.StatusNotFound, code)
	res, err := http.Post(base+"/webhooks/sim", "application/json", strings.NewReader(`{"shipments":[]}`))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after its context ended")
	}
	assert.Contains(t, out.String(), "carrier webhook with")
	assert.Contains(t, out.String(), "message to the customer: delivered")
	assert.NotContains(t, out.String(), "webhook answered")
	assert.NotRegexp(t, `\b1 new scans\b`, out.String(), "a count agrees with its noun")
}

// TestCountAgrees: printed counts say "1 new scan" and "2 new scans".
func TestCountAgrees(t *testing.T) {
	assert.Equal(t, "1 new scan", count(1, "new scan", "new scans"))
	assert.Equal(t, "2 new scans", count(2, "new scan", "new scans"))
	assert.Equal(t, "0 new scans", count(0, "new scan", "new scans"))
}

// TestRunStopsAfterDuration checks that -duration ends the program by itself.
func TestRunStopsAfterDuration(t *testing.T) {
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), options{Addr: "127.0.0.1:0", Tick: time.Hour, Step: time.Hour, Duration: 100 * time.Millisecond}, io.Discard)
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after -duration")
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	assert.Error(t, run(context.Background(), options{Addr: "127.0.0.1:0", Tick: 0, Step: time.Hour}, io.Discard))
	assert.Error(t, run(context.Background(), options{Addr: "not an address", Tick: time.Second, Step: time.Hour, Duration: time.Second}, io.Discard))
}

// The demo server bounds every phase of a request, so a client trickling
// its headers or body, or idling, cannot hold a connection.
func TestServerHasTimeouts(t *testing.T) {
	srv := newServer(http.NotFoundHandler())
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		assert.Positive(t, d, name)
	}
}
