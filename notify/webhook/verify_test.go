package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
	"github.com/wismo-dev/wismo/notify"
)

func signed(t *testing.T, at time.Time, secrets ...[]byte) (body []byte, header string) {
	t.Helper()
	body, err := json.Marshal(NewPayload(message(), IncludePhone))
	if err != nil {
		t.Fatal(err)
	}
	return body, hmacsig.Sign(at, body, secrets...)
}

func TestVerifyBody(t *testing.T) {
	t.Parallel()
	body, header := signed(t, now, newKey)
	_, oldHeader := signed(t, now, oldKey)
	forged := bytes.Replace(body, []byte(`"delayed"`), []byte(`"delivered"`), 1)
	for _, c := range []struct {
		name    string
		body    []byte
		header  string
		secrets [][]byte
		at      time.Time
		want    []error // nil means valid
	}{
		{name: "valid", body: body, header: header, secrets: [][]byte{newKey}, at: now},
		{name: "valid at the edge of the window", body: body, header: header, secrets: [][]byte{newKey}, at: now.Add(DefaultTolerance)},
		{name: "rotation: receiver still accepts the old secret", body: body, header: oldHeader, secrets: [][]byte{newKey, oldKey}, at: now},
		{name: "forged body", body: forged, header: header, secrets: [][]byte{newKey}, at: now, want: []error{ErrBadSignature}},
		{name: "wrong secret", body: body, header: oldHeader, secrets: [][]byte{newKey}, at: now, want: []error{ErrBadSignature}},
		{name: "replayed after the window", body: body, header: header, secrets: [][]byte{newKey}, at: now.Add(DefaultTolerance + time.Second), want: []error{ErrTooOld}},
		{name: "signed in the future", body: body, header: header, secrets: [][]byte{newKey}, at: now.Add(-10 * time.Minute), want: []error{ErrTooOld}},
		{name: "not signed", body: body, header: "", secrets: [][]byte{newKey}, at: now, want: []error{ErrNotSigned}},
		{name: "malformed header", body: body, header: "sha256=abc", secrets: [][]byte{newKey}, at: now, want: []error{ErrBadSignature}},
		{name: "no secrets configured", body: body, header: header, secrets: nil, at: now, want: []error{ErrBadSignature}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := VerifyBody(c.body, c.header, c.secrets, 0, c.at)
			if c.want == nil {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				if p.ID != "msg_0001" || p.Kind != notify.KindDelayed || p.Recipient.Phone != "+4915112345678" {
					t.Errorf("decoded payload = %+v", p)
				}
				if !p.ETA.Equal(message().ETA) || !p.CreatedAt.Equal(message().CreatedAt) {
					t.Errorf("times did not round-trip: eta %v created %v", p.ETA, p.CreatedAt)
				}
				return
			}
			if p != nil {
				t.Errorf("returned a payload with error %v", err)
			}
			for _, w := range c.want {
				if !errors.Is(err, w) {
					t.Errorf("got %v, want errors.Is %v", err, w)
				}
			}
			if msg := err.Error(); strings.Contains(msg, "hmacsig") || strings.Count(msg, "webhook") != 1 {
				t.Errorf("the error must name the public package once and no internal one: %q", msg)
			}
		})
	}
}

func TestVerifyBodyPayloadErrors(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"not json":       `hello`,
		"trailing data":  `{"version":1,"id":"m"} {}`,
		"future version": `{"version":2,"id":"m"}`,
		"no version":     `{"id":"m"}`,
		"no id":          `{"version":1}`,
		"bad milestone":  `{"version":1,"id":"m","milestone":"teleported"}`,
	} {
		header := hmacsig.Sign(now, []byte(body), newKey)
		if _, err := VerifyBody([]byte(body), header, [][]byte{newKey}, 0, now); !errors.Is(err, ErrBadPayload) {
			t.Errorf("%s: got %v, want ErrBadPayload", name, err)
		}
	}
	// Unknown fields are ignored, so version 1 can grow.
	body := `{"version":1,"id":"m","carrier":"dhl"}`
	if _, err := VerifyBody([]byte(body), hmacsig.Sign(now, []byte(body), newKey), [][]byte{newKey}, 0, now); err != nil {
		t.Errorf("unknown field rejected: %v", err)
	}
}

func TestVerifyRequest(t *testing.T) {
	t.Parallel()
	req, err := NewTestRequest(context.Background(), "http://example.com/hook", NewPayload(message(), 0), now, newKey)
	if err != nil {
		t.Fatal(err)
	}
	if req.Header.Get(IdempotencyHeader) != "msg_0001" {
		t.Errorf("test request lacks the idempotency key")
	}
	p, err := Verify(req, [][]byte{oldKey, newKey}, time.Minute, now.Add(30*time.Second))
	if err != nil || p.ID != "msg_0001" {
		t.Fatalf("Verify = %v, %v", p, err)
	}

	req, _ = NewTestRequest(context.Background(), "http://example.com/hook", NewPayload(message(), 0), now, newKey)
	if _, err := Verify(req, [][]byte{newKey}, time.Minute, now.Add(2*time.Minute)); !errors.Is(err, ErrTooOld) {
		t.Errorf("explicit tolerance ignored: %v", err)
	}

	big := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat(" ", DefaultMaxBodyBytes+1)))
	big.Header.Set(SignatureHeader, hmacsig.Sign(now, nil, newKey))
	if _, err := Verify(big, [][]byte{newKey}, 0, now); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized body: got %v, want ErrTooLarge", err)
	}
}

func newHandler(t *testing.T, handle func(context.Context, *Payload) error) http.Handler {
	t.Helper()
	h, err := NewHandler(HandlerConfig{
		Secrets:      [][]byte{newKey, oldKey},
		Handle:       handle,
		MaxBodyBytes: 4 << 10,
		Now:          func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHandler(t *testing.T) {
	t.Parallel()
	body, header := signed(t, now, newKey)
	_, stale := signed(t, now.Add(-time.Hour), newKey)
	for _, c := range []struct {
		name      string
		method    string
		body      []byte
		header    string
		handleErr error
		want      int
		handled   bool
	}{
		{name: "valid", method: "POST", body: body, header: header, want: 204, handled: true},
		{name: "host fails temporarily", method: "POST", body: body, header: header, handleErr: errors.New("db down"), want: 500, handled: true},
		{name: "host rejects for good", method: "POST", body: body, header: header, handleErr: fmt.Errorf("no such customer: %w", notify.ErrPermanent), want: 422, handled: true},
		{name: "GET", method: "GET", want: 405},
		{name: "forged", method: "POST", body: append(bytes.Clone(body), ' '), header: header, want: 401},
		{name: "replayed", method: "POST", body: body, header: stale, want: 401},
		{name: "unsigned", method: "POST", body: body, want: 401},
		{name: "oversized", method: "POST", body: bytes.Repeat([]byte("x"), 5<<10), header: header, want: 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			handled := false
			h := newHandler(t, func(_ context.Context, p *Payload) error {
				handled = true
				if p.ID != "msg_0001" {
					t.Errorf("handled payload %+v", p)
				}
				return c.handleErr
			})
			req := httptest.NewRequest(c.method, "/hook", bytes.NewReader(c.body))
			if c.header != "" {
				req.Header.Set(SignatureHeader, c.header)
			}
			rr := httptest.NewRecorder()
			h.ServeHTTP(rr, req)
			if rr.Code != c.want {
				t.Errorf("status = %d, want %d (%s)", rr.Code, c.want, rr.Body)
			}
			if handled != c.handled {
				t.Errorf("Handle called = %v, want %v", handled, c.handled)
			}
		})
	}
}

func TestNewHandlerValidates(t *testing.T) {
	t.Parallel()
	handle := func(context.Context, *Payload) error { return nil }
	for name, cfg := range map[string]HandlerConfig{
		"no secrets":   {Handle: handle},
		"no handle":    {Secrets: [][]byte{newKey}},
		"negative max": {Secrets: [][]byte{newKey}, Handle: handle, MaxBodyBytes: -1},
	} {
		if _, err := NewHandler(cfg); err == nil {
			t.Errorf("%s: NewHandler accepted it", name)
		}
	}
}

// TestEndToEnd sends through a Notifier to a NewHandler and checks that the
// handler's answers map to the sender's error classes.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		got  []*Payload
		fail error
	)
	snapshot := func() []*Payload {
		mu.Lock()
		defer mu.Unlock()
		return append([]*Payload(nil), got...)
	}
	h, err := NewHandler(HandlerConfig{
		Secrets: [][]byte{newKey},
		Handle: func(_ context.Context, p *Payload) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, p)
			return fail
		},
		Now: func() time.Time { return now.Add(2 * time.Second) },
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	n := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{newKey}, Include: IncludePhone})
	if err := n.Notify(context.Background(), message()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if g := snapshot(); len(g) != 1 || g[0].Subject != message().Subject || g[0].Recipient.Phone == "" {
		t.Fatalf("handler got %+v", g)
	}

	mu.Lock()
	fail = errors.New("bridge busy")
	mu.Unlock()
	if err := n.Notify(context.Background(), message()); err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("handler 500: got %v, want temporary", err)
	}

	wrong := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{oldKey}})
	if err := wrong.Notify(context.Background(), message()); !errors.Is(err, notify.ErrPermanent) {
		t.Errorf("secret mismatch: got %v, want permanent", err)
	}
	if g := snapshot(); len(g) != 2 {
		t.Errorf("handler ran %d times, want 2 (not for the forged request)", len(g))
	}
}

func FuzzVerifyBody(f *testing.F) {
	good := []byte(`{"version":1,"id":"m","kind":"delayed"}`)
	f.Add(good, hmacsig.Sign(now, good, newKey))
	f.Add(good, hmacsig.Sign(now, good, oldKey, newKey))
	f.Add([]byte(`{"version":2,"id":"m"}`), hmacsig.Sign(now, []byte(`{"version":2,"id":"m"}`), newKey))
	f.Add([]byte(`{}`), "t=1772442000,v1=00")
	f.Add([]byte(`x`), "t=,v1=,v1=")
	f.Add([]byte(``), "")
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		p, err := VerifyBody(body, header, [][]byte{newKey}, 0, now)
		if err != nil {
			if p != nil {
				t.Fatalf("payload returned with error %v", err)
			}
			for _, sentinel := range []error{ErrNotSigned, ErrBadSignature, ErrTooOld, ErrBadPayload} {
				if errors.Is(err, sentinel) {
					return
				}
			}
			t.Fatalf("error %v matches no sentinel", err)
		}
		// Only a genuine signature may pass, and only for a valid payload.
		h, perr := hmacsig.Parse(header)
		if perr != nil {
			t.Fatalf("accepted unparsable header %q", header)
		}
		if !strings.Contains(strings.ToLower(header), "v1="+hmacsig.MAC(newKey, h.Timestamp, body)) {
			t.Fatalf("accepted %q without the genuine MAC", header)
		}
		if p.Version != Version || p.ID == "" {
			t.Fatalf("accepted invalid payload %+v", p)
		}
	})
}

// BenchmarkVerifyBody measures the receiver's work per request: two HMACs
// (rotation) and the JSON decode.
func BenchmarkVerifyBody(b *testing.B) {
	body, _ := json.Marshal(NewPayload(message(), IncludePhone))
	header := hmacsig.Sign(now, body, oldKey)
	secrets := [][]byte{newKey, oldKey}
	for b.Loop() {
		if _, err := VerifyBody(body, header, secrets, 0, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(body)), "bytes/payload")
}
