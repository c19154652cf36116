package page

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLinkRoundTrip(t *testing.T) {
	t.Parallel()
	keys := mustKeys(t, testKey)
	for _, id := range []string{"a", "ship-1", strings.Repeat("x", 14), strings.Repeat("é", 100), strings.Repeat("z", MaxIDLen), "a\x00b"} {
		tok := keys[0].seal(id, testNow.Add(time.Minute))
		got, err := openLink(keys, tok, testNow)
		require.NoError(t, err)
		assert.Equal(t, id, got)
		assert.NotContains(t, tok, "/")
		assert.NotContains(t, tok, "=")
	}
}

func TestLinkHidesID(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	id := "order-4711-ada@example.com"
	tok := s.h.Link(id, testNow.Add(time.Hour))
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "4711")
	assert.NotContains(t, string(raw), "example")
	assert.NotContains(t, tok, "4711")
	// IDs of similar length give tokens of the same length.
	assert.Len(t, s.h.Link("order-4711-bob@example.com", testNow), len(tok))
	// Another ID with the same prefix shares no ciphertext prefix.
	other, _ := base64.RawURLEncoding.DecodeString(s.h.Link("order-4712-ada@example.com", testNow.Add(time.Hour)))
	assert.NotEqual(t, raw[headerLen:headerLen+8], other[headerLen:headerLen+8])
}

// TestBadLinks checks that forged, tampered, truncated, expired and unknown
// links all get the same 404 body and headers, without a store call for
// any link whose MAC fails.
func TestBadLinks(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "real"
	s.svc.put(v)
	good := s.h.Link(v.ID, testNow.Add(time.Hour))
	require.Equal(t, http.StatusOK, s.get(t, good).StatusCode)

	raw, _ := base64.RawURLEncoding.DecodeString(good)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 0x01
		return base64.RawURLEncoding.EncodeToString(b)
	}
	forger := newSetup(t, func(c *Config) { c.Keys = [][]byte{[]byte("another-shop-key-0123456789abcdef")} })
	bad := map[string]string{
		"forged with another key": forger.h.Link(v.ID, testNow.Add(time.Hour)),
		"tampered version":        flip(0),
		"tampered expiry":         flip(8),
		"tampered tag":            flip(12),
		"tampered ciphertext":     flip(len(raw) - 1),
		"truncated by a block":    base64.RawURLEncoding.EncodeToString(raw[:len(raw)-16]),
		"truncated by a char":     good[:len(good)-1],
		"extended":                good + "AAAA",
		"empty":                   "",
		"not base64":              "!!!!",
		"padded base64":           good + "==",
		"path traversal":          "../" + good,
		"nested path":             good + "/x",
		"huge":                    strings.Repeat("A", 10000),
		"id in clear":             "real",
	}
	calls := s.svc.calls.Load()
	ref := s.get(t, "garbage")
	refBody := body(t, ref)
	require.Equal(t, http.StatusNotFound, ref.StatusCode)
	assert.Equal(t, "no-store", ref.Header.Get("Cache-Control"))
	assert.Contains(t, refBody, "Link not valid")
	for name, tok := range bad {
		res := s.get(t, tok)
		assert.Equal(t, http.StatusNotFound, res.StatusCode, name)
		assert.Equal(t, refBody, body(t, res), name)
		assert.Equal(t, ref.Header, res.Header, name)
		js := s.get(t, tok+".json")
		assert.Equal(t, http.StatusNotFound, js.StatusCode, name)
		assert.Equal(t, `{"error":"not_found"}`+"\n", body(t, js), name)
	}
	assert.Equal(t, calls, s.svc.calls.Load(), "no store call for a link that fails its MAC")

	// Expired: the MAC is fine, so nothing distinguishes it but the clock.
	*s.now = testNow.Add(time.Hour)
	res := s.get(t, good)
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, refBody, body(t, res))
	*s.now = testNow.Add(time.Hour - time.Second)
	assert.Equal(t, http.StatusOK, s.get(t, good).StatusCode)
	assert.Equal(t, calls+1, s.svc.calls.Load(), "an expired link does not reach the store")

	// Valid link, but the shipment is gone (erased): the same 404.
	gone := s.get(t, s.h.Link("erased", time.Time{}))
	assert.Equal(t, http.StatusNotFound, gone.StatusCode)
	assert.Equal(t, refBody, body(t, gone))
}

func TestKeyRotation(t *testing.T) {
	t.Parallel()
	v := stateCases()[1].view
	v.ID = "rotate"
	old := newSetup(t, func(c *Config) { c.Keys = [][]byte{testOldKey} })
	oldLink := old.h.Link(v.ID, testNow.Add(time.Hour))

	// During rotation: the new key signs, both verify.
	s := newSetup(t, func(c *Config) { c.Keys = [][]byte{testKey, testOldKey} })
	s.svc.put(v)
	assert.Equal(t, http.StatusOK, s.get(t, oldLink).StatusCode, "a link signed with the old key still works")
	newLink := s.h.Link(v.ID, testNow.Add(time.Hour))
	assert.NotEqual(t, oldLink, newLink)
	assert.Equal(t, http.StatusOK, s.get(t, newLink).StatusCode)

	// After rotation: the old key is gone.
	after := newSetup(t, func(c *Config) { c.Keys = [][]byte{testKey} })
	after.svc.put(v)
	assert.Equal(t, http.StatusNotFound, after.get(t, oldLink).StatusCode)
	assert.Equal(t, http.StatusOK, after.get(t, newLink).StatusCode)
}

// TestLinkGuessing sends many random tokens of plausible shapes: every one
// gets the 404 and the store is never asked.
func TestLinkGuessing(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	for i := range 50 {
		v := stateCases()[1].view
		v.ID = "ship-" + strconv.Itoa(i)
		s.svc.put(v)
	}
	good := s.h.Link("ship-1", time.Time{})
	n := 2000
	if testing.Short() {
		n = 200
	}
	for i := range n {
		size := headerLen + blockLen*(1+i%3)
		b := make([]byte, size)
		_, _ = rand.Read(b)
		if i%2 == 0 {
			b[0] = linkVersion // well-formed framing
		}
		tok := base64.RawURLEncoding.EncodeToString(b)
		if i%7 == 0 {
			tok = good[:len(good)-4] + tok[:4] // right prefix, guessed tail
		}
		res := s.get(t, tok)
		require.Equal(t, http.StatusNotFound, res.StatusCode, tok)
	}
	assert.Zero(t, s.svc.calls.Load(), "the store must never be asked for a guessed link")
}

func FuzzParseLink(f *testing.F) {
	keys := mustKeys(f, testKey, testOldKey)
	now := testNow
	good := keys[0].seal("ship-1", now.Add(time.Hour))
	f.Add(good)
	f.Add(keys[1].seal("ship-2", time.Time{}))
	f.Add(keys[0].seal("ship-3", now.Add(-time.Hour)))
	f.Add("")
	f.Add("AAAA")
	f.Add(good[:len(good)-1])
	f.Add(good + "A")
	f.Add(strings.Repeat("_", 64))
	f.Fuzz(func(t *testing.T, tok string) {
		id, err := openLink(keys, tok, now)
		if err != nil {
			assert.Empty(t, id)
			return
		}
		// Whatever opens must be a token one of the keys made: re-sealing
		// the ID with the token's expiry under some key gives it back.
		raw, derr := base64.RawURLEncoding.Strict().DecodeString(tok)
		require.NoError(t, derr)
		exp := time.Time{}
		if e := beUint64(raw[1:9]); e != 0 {
			exp = time.Unix(int64(e), 0)
		}
		assert.True(t, keys[0].seal(id, exp) == tok || keys[1].seal(id, exp) == tok, "token %q opened to %q", tok, id)
	})
}

func beUint64(b []byte) uint64 {
	var v uint64
	for _, c := range b[:8] {
		v = v<<8 | uint64(c)
	}
	return v
}

func mustKeys(t testing.TB, secrets ...[]byte) []linkKey {
	t.Helper()
	var out []linkKey
	for _, s := range secrets {
		k, err := deriveKey(s)
		require.NoError(t, err)
		out = append(out, k)
	}
	return out
}

func BenchmarkOpenLink(b *testing.B) {
	keys := mustKeys(b, testKey, testOldKey)
	good := keys[1].seal("ship-123456", time.Time{})
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	raw[len(raw)-1] ^= 1
	forged := base64.RawURLEncoding.EncodeToString(raw)
	bad := strings.Repeat("A", len(good))
	// The three should take the same time: every key is tried for every token.
	for _, c := range []struct{ name, tok string }{{"valid_old_key", good}, {"forged", forged}, {"malformed", bad}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = openLink(keys, c.tok, testNow)
			}
		})
	}
}

func TestLinkWithoutExpiry(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "forever"
	s.svc.put(v)
	link := s.h.Link(v.ID, time.Time{})
	*s.now = testNow.AddDate(20, 0, 0)
	assert.Equal(t, http.StatusOK, s.get(t, link).StatusCode)
	assert.Panics(t, func() { s.h.Link("", time.Time{}) })
	assert.Panics(t, func() { s.h.Link(strings.Repeat("x", MaxIDLen+1), time.Time{}) })
}
