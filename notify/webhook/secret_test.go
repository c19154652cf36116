package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
)

// emptyKeyHeader signs body with the empty key, as anyone can.
func emptyKeyHeader(at time.Time, body []byte) string {
	return fmt.Sprintf("t=%d,v1=%s", at.Unix(), hmacsig.MAC(nil, at.Unix(), body))
}

// TestWeakSecretsRejected: New and NewHandler refuse a secret list with an
// empty secret (an unset environment variable, an empty "old" secret during
// rotation) or a short one, with an error matching ErrWeakSecret.
func TestWeakSecretsRejected(t *testing.T) {
	t.Parallel()
	handle := func(context.Context, *Payload) error { return nil }
	for name, secrets := range map[string][][]byte{
		"none":          nil,
		"only empty":    {{}},
		"empty old":     {newKey, {}},
		"nil new":       {nil, oldKey},
		"short":         {[]byte("short")},
		"15 bytes":      {[]byte("fifteen-bytes!!")},
		"short and new": {newKey, []byte("x")},
	} {
		if _, err := NewHandler(HandlerConfig{Secrets: secrets, Handle: handle}); !errors.Is(err, ErrWeakSecret) {
			t.Errorf("%s: NewHandler = %v, want ErrWeakSecret", name, err)
		}
		if _, err := New(Config{URL: "https://example.com/hook", Secrets: secrets}); !errors.Is(err, ErrWeakSecret) {
			t.Errorf("%s: New = %v, want ErrWeakSecret", name, err)
		}
	}
}

// TestEmptySecretNeverVerifies: VerifyBody, and a handler whose secrets
// somehow hold an empty one, reject a request signed with the empty key.
func TestEmptySecretNeverVerifies(t *testing.T) {
	t.Parallel()
	body, _ := signed(t, now, newKey)
	header := emptyKeyHeader(now, body)
	for name, secrets := range map[string][][]byte{"empty and real": {newKey, {}}, "only empty": {{}}} {
		if _, err := VerifyBody(body, header, secrets, 0, now); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: VerifyBody = %v, want ErrBadSignature", name, err)
		}
	}
	called := false
	h := &handler{cfg: HandlerConfig{
		Secrets:      [][]byte{newKey, {}}, // past validation, as a defence in depth
		Handle:       func(context.Context, *Payload) error { called = true; return nil },
		Tolerance:    DefaultTolerance,
		MaxBodyBytes: DefaultMaxBodyBytes,
		Now:          func() time.Time { return now },
	}}
	h.cfg.defaults()
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(string(body)))
	req.Header.Set(SignatureHeader, header)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || called {
		t.Errorf("handler answered %d (handled: %t) to a request signed with the empty key, want 401", rec.Code, called)
	}
}
