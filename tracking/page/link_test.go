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
		assert.NotEqual(t, tok, keys[0].seal(id, testNow.Add(time.Minute)), "the nonce is random: no two links alike")
	}
	// A short ID makes a link of 66 characters: header, nonce, one block, tag.
	assert.Len(t, keys[0].seal("ship-1", testNow), 66)
	assert.LessOrEqual(t, len(keys[0].seal(strings.Repeat("z", MaxIDLen), testNow)), maxTokenLen)
}

// TestLinkFormat: links made earlier keep opening (the seed corpus holds
// these two), so a change of the format shows here.
func TestLinkFormat(t *testing.T) {
	t.Parallel()
	keys := mustKeys(t, testKey, testOldKey)
	for tok, want := range map[string]string{
		"AnzhSchk3ZcwldNA8g6rFv8HJBRZ5MvWLldSAgGJZwREeD8PSCukP-E5Eommk3EW3g":                                           "ship-1",
		"AqElJ1xcokqzhP1F8ds8Ia4LgDmSLp0hzB8Sx2kpM5RXbnEbiyTYl769sJC4sJNCDJ9tCbLQmTXboTynR13tdGRcw3QuiTLWNMezd9wuVPrb": "order-4711-ada@example.com",
	} {
		got, err := openLink(keys, tok, testNow)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		_, err = openLink(keys, tok, time.Date(2126, 1, 1, 0, 0, 0, 0, time.UTC))
		assert.Equal(t, want == "ship-1", err == nil, "expiry of %q", want)
	}
}

// TestLinkKeyIDCollision: two keys whose ids collide both still open their
// links, the first one that opens wins.
func TestLinkKeyIDCollision(t *testing.T) {
	t.Parallel()
	keys := mustKeys(t, testKey, testOldKey)
	keys[1].id = keys[0].id
	for _, k := range keys {
		got, err := openLink(keys, k.seal("ship-9", time.Time{}), testNow)
		require.NoError(t, err)
		assert.Equal(t, "ship-9", got)
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
	ct := headerLen + 12 // the ciphertext after the header and the nonce
	assert.NotEqual(t, raw[ct:ct+16], other[ct:ct+16])
}

// TestBadLinks checks that forged, tampered, truncated, expired and unknown
// links all get the same 404 body and headers, without a store call for
// any link that does not open.
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
	forged := forger.h.Link(v.ID, testNow.Add(time.Hour))
	// The forger's link under our key's id: the AEAD, not the id, refuses it.
	forgedRaw, _ := base64.RawURLEncoding.DecodeString(forged)
	copy(forgedRaw[1:headerLen], s.h.keys[0].id[:])
	// Our link under the id of our other key: the id is authenticated.
	otherID := append([]byte(nil), raw...)
	copy(otherID[1:headerLen], s.h.keys[1].id[:])
	v1 := append([]byte(nil), raw...)
	v1[0] = 1
	bad := map[string]string{
		"forged with another key":       forged,
		"another key under our key id":  base64.RawURLEncoding.EncodeToString(forgedRaw),
		"our link under another key id": base64.RawURLEncoding.EncodeToString(otherID),
		"version 1 (the old scheme)":    base64.RawURLEncoding.EncodeToString(v1),
		"tampered version":              flip(0),
		"tampered key id":               flip(2),
		"tampered nonce":                flip(headerLen + 3),
		"tampered ciphertext (expiry)":  flip(headerLen + 12 + 7),
		"tampered ciphertext (id)":      flip(headerLen + 12 + 9),
		"tampered tag":                  flip(len(raw) - 1),
		"truncated by a block":          base64.RawURLEncoding.EncodeToString(raw[:len(raw)-16]),
		"truncated by a char":           good[:len(good)-1],
		"extended":                      good + "AAAA",
		"empty":                         "",
		"not base64":                    "!!!!",
		"padded base64":                 good + "==",
		"path traversal":                "../" + good,
		"nested path":                   good + "/x",
		"huge":                          strings.Repeat("A", 10000),
		"id in clear":                   "real",
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
	assert.Equal(t, calls, s.svc.calls.Load(), "no store call for a link that does not open")

	// Expired: the link opens, so nothing distinguishes it but the clock.
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
		size := headerLen + sealOverhead + blockLen*(1+i%3)
		b := make([]byte, size)
		_, _ = rand.Read(b)
		if i%2 == 0 {
			b[0] = linkVersion // well-formed framing
			copy(b[1:headerLen], s.h.keys[i%4/2].id[:])
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
	f.Add(good[:2] + "\r\n" + good[2:])
	f.Fuzz(func(t *testing.T, tok string) {
		id, err := openLink(keys, tok, now)
		if err != nil {
			assert.Empty(t, id)
			return
		}
		// Whatever opens is a canonical token of a valid ID, and no token
		// one bit away from it opens.
		assert.True(t, id != "" && len(id) <= MaxIDLen, "token %q opened to %q", tok, id)
		raw, derr := base64.RawURLEncoding.Strict().DecodeString(tok)
		require.NoError(t, derr)
		require.Equal(t, tok, base64.RawURLEncoding.EncodeToString(raw))
		for i := range raw {
			b := append([]byte(nil), raw...)
			b[i] ^= 1 << (i % 8)
			_, err := openLink(keys, base64.RawURLEncoding.EncodeToString(b), now)
			assert.Error(t, err, "token %q opened with byte %d changed", tok, i)
		}
	})
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
	// A malformed token is refused before any key is used; a forged one
	// costs one AES-GCM open under the key its id names.
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
