package carrier_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

var (
	whBody   = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"in_transit"}}`)
	whOld    = []byte("whsec_old")
	whNew    = []byte("whsec_new")
	whForged = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"delivered"}}`)
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	b, err := carrier.ReadBody(r, 1024)
	expect.NoError(t, err)
	expect.Equal(t, whBody, b)

	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	b, err = carrier.ReadBody(r, int64(len(whBody)))
	expect.NoError(t, err, "a body exactly at the limit is fine")
	expect.Equal(t, whBody, b)

	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	_, err = carrier.ReadBody(r, 10)
	expect.ErrorIs(t, err, carrier.ErrBodyTooLarge)
	expect.Contains(t, err.Error(), "announced")

	// No Content-Length: the limit must hold while reading.
	r = httptest.NewRequest(http.MethodPost, "/hook", io.MultiReader(bytes.NewReader(whBody)))
	r.ContentLength = -1
	_, err = carrier.ReadBody(r, 10)
	expect.ErrorIs(t, err, carrier.ErrBodyTooLarge)

	// A lying Content-Length does not help either.
	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	r.ContentLength = 5
	_, err = carrier.ReadBody(r, 10)
	expect.ErrorIs(t, err, carrier.ErrBodyTooLarge)

	r = httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(strings.Repeat("x", carrier.DefaultMaxWebhookBytes+1)))
	_, err = carrier.ReadBody(r, 0)
	expect.ErrorIs(t, err, carrier.ErrBodyTooLarge, "a limit of 0 means the default")

	r = httptest.NewRequest(http.MethodPost, "/hook", nil)
	b, err = carrier.ReadBody(r, 10)
	expect.NoError(t, err)
	expect.Len(t, b, 0)

	r = httptest.NewRequest(http.MethodPost, "/hook", io.NopCloser(errReader{}))
	_, err = carrier.ReadBody(r, 10)
	expect.Error(t, err)
	expect.False(t, errors.Is(err, carrier.ErrBodyTooLarge))
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestVerifyHMACHex(t *testing.T) {
	t.Parallel()
	sig := carrier.SignHMACHex(whBody, whNew)
	for _, c := range []struct {
		name    string
		body    []byte
		sig     string
		secrets [][]byte
		want    error // nil: accepted
	}{
		{"valid", whBody, sig, [][]byte{whNew}, nil},
		{"EasyPost prefix", whBody, "hmac-sha256-hex=" + sig, [][]byte{whNew}, nil},
		{"upper case", whBody, strings.ToUpper("HMAC-SHA256-HEX=" + sig), [][]byte{whNew}, nil},
		{"sha256= prefix", whBody, "sha256=" + sig, [][]byte{whNew}, nil},
		{"rotated: old secret still accepted", whBody, carrier.SignHMACHex(whBody, whOld), [][]byte{whNew, whOld}, nil},
		{"forged body", whForged, sig, [][]byte{whNew}, carrier.ErrBadSignature},
		{"wrong secret", whBody, sig, [][]byte{whOld}, carrier.ErrBadSignature},
		{"retired secret", whBody, carrier.SignHMACHex(whBody, whOld), [][]byte{whNew}, carrier.ErrBadSignature},
		{"missing", whBody, "", [][]byte{whNew}, carrier.ErrNotSigned},
		{"prefix only", whBody, "hmac-sha256-hex=", [][]byte{whNew}, carrier.ErrNotSigned},
		{"not hex", whBody, "zz" + sig[2:], [][]byte{whNew}, carrier.ErrBadSignature},
		{"truncated", whBody, sig[:32], [][]byte{whNew}, carrier.ErrBadSignature},
		{"no secrets", whBody, sig, nil, carrier.ErrBadSignature},
		{"empty secret", whBody, carrier.SignHMACHex(whBody, nil), [][]byte{{}}, carrier.ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := carrier.VerifyHMACHex(c.body, c.sig, c.secrets...)
			if c.want == nil {
				expect.NoError(t, err)
				return
			}
			expect.ErrorIs(t, err, c.want)
			expect.ErrorIs(t, err, carrier.ErrBadSignature, "every rejection matches ErrBadSignature")
		})
	}
}

func TestVerifyHMACBase64(t *testing.T) {
	t.Parallel()
	sig := carrier.SignHMACBase64(whBody, whNew)
	raw, err := base64.StdEncoding.DecodeString(sig)
	expect.NoError(t, err)
	expect.Equal(t, carrier.SignHMACHex(whBody, whNew), hex.EncodeToString(raw), "both encodings carry the same MAC")
	for _, c := range []struct {
		name    string
		body    []byte
		sig     string
		secrets [][]byte
		want    error
	}{
		{"valid", whBody, sig, [][]byte{whNew}, nil},
		{"unpadded", whBody, strings.TrimRight(sig, "="), [][]byte{whNew}, nil},
		{"URL alphabet", whBody, base64.URLEncoding.EncodeToString(raw), [][]byte{whNew}, nil},
		{"surrounding space", whBody, " " + sig + " ", [][]byte{whNew}, nil},
		{"rotated", whBody, carrier.SignHMACBase64(whBody, whOld), [][]byte{whNew, whOld}, nil},
		{"forged body", whForged, sig, [][]byte{whNew}, carrier.ErrBadSignature},
		{"wrong secret", whBody, sig, [][]byte{whOld}, carrier.ErrBadSignature},
		{"missing", whBody, "  ", [][]byte{whNew}, carrier.ErrNotSigned},
		{"hex instead", whBody, carrier.SignHMACHex(whBody, whNew), [][]byte{whNew}, carrier.ErrBadSignature},
		{"garbage", whBody, "!!!", [][]byte{whNew}, carrier.ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := carrier.VerifyHMACBase64(c.body, c.sig, c.secrets...)
			if c.want == nil {
				expect.NoError(t, err)
				return
			}
			expect.ErrorIs(t, err, c.want)
			expect.ErrorIs(t, err, carrier.ErrBadSignature)
		})
	}
}

func TestSignVerify(t *testing.T) {
	t.Parallel()
	const tol = 5 * time.Minute
	h := carrier.Sign(t0, whBody, whNew)
	expect.True(t, strings.HasPrefix(h, "t=1772442000,v1="), h)
	for _, c := range []struct {
		name    string
		body    []byte
		header  string
		secrets [][]byte
		now     time.Time
		want    error
	}{
		{"valid", whBody, h, [][]byte{whNew}, t0, nil},
		{"valid a little later", whBody, h, [][]byte{whNew}, t0.Add(4 * time.Minute), nil},
		{"receiver rotating", whBody, carrier.Sign(t0, whBody, whOld), [][]byte{whNew, whOld}, t0, nil},
		{"sender rotating", whBody, carrier.Sign(t0, whBody, whOld, whNew), [][]byte{whNew}, t0, nil},
		{"forged body", whForged, h, [][]byte{whNew}, t0, carrier.ErrBadSignature},
		{"wrong secret", whBody, h, [][]byte{whOld}, t0, carrier.ErrBadSignature},
		{"replayed", whBody, h, [][]byte{whNew}, t0.Add(6 * time.Minute), carrier.ErrTooOld},
		{"from the future", whBody, carrier.Sign(t0.Add(time.Hour), whBody, whNew), [][]byte{whNew}, t0, carrier.ErrTooOld},
		{"timestamp swapped", whBody, strings.Replace(h, "t=1772442000", "t=1772442100", 1), [][]byte{whNew}, t0.Add(100 * time.Second), carrier.ErrBadSignature},
		{"not signed", whBody, "", [][]byte{whNew}, t0, carrier.ErrNotSigned},
		{"no v1", whBody, "t=1772442000", [][]byte{whNew}, t0, carrier.ErrNotSigned},
		{"malformed", whBody, "garbage", [][]byte{whNew}, t0, carrier.ErrBadSignature},
		{"no secrets", whBody, h, nil, t0, carrier.ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := carrier.Verify(c.body, c.header, c.secrets, tol, c.now)
			if c.want == nil {
				expect.NoError(t, err)
				return
			}
			expect.ErrorIs(t, err, c.want)
			expect.ErrorIs(t, err, carrier.ErrBadSignature, "every rejection matches ErrBadSignature")
		})
	}
	expect.ErrorIs(t, carrier.ErrNotSigned, carrier.ErrBadSignature)
	expect.ErrorIs(t, carrier.ErrTooOld, carrier.ErrBadSignature)
	expect.False(t, errors.Is(carrier.ErrTooOld, carrier.ErrNotSigned))
}

func TestGenerateTestSignedPayload(t *testing.T) {
	t.Parallel()
	p := carrier.GenerateTestSignedPayload(whBody, t0, whNew)
	expect.Equal(t, t0, p.Timestamp)
	expect.NoError(t, carrier.Verify(p.Payload, p.Header, [][]byte{whNew}, carrier.DefaultTolerance, t0.Add(time.Minute)))
	p.Payload[0] = '[' // the copy is the caller's to tamper with
	expect.Equal(t, byte('{'), whBody[0])
	expect.ErrorIs(t, carrier.Verify(p.Payload, p.Header, [][]byte{whNew}, carrier.DefaultTolerance, t0), carrier.ErrBadSignature)
}

func FuzzVerifyHMAC(f *testing.F) {
	secret := []byte("whsec_fuzz")
	f.Add(whBody, carrier.SignHMACHex(whBody, secret))
	f.Add(whBody, "hmac-sha256-hex="+carrier.SignHMACHex(whBody, secret))
	f.Add(whBody, carrier.SignHMACBase64(whBody, secret))
	f.Add([]byte(""), carrier.Sign(t0, nil, secret))
	f.Add([]byte("x"), "t=1772442000,v1=zz,v1=")
	f.Add([]byte("x"), "sha256=")
	f.Add([]byte{0xff, 0}, "====")
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		mac := carrier.HMACSHA256(body, secret)
		if err := carrier.VerifyHMACHex(body, sig, secret); err == nil {
			s := strings.ToLower(strings.TrimSpace(sig))
			s = strings.TrimPrefix(strings.TrimPrefix(s, "hmac-sha256-hex="), "sha256=")
			if s != hex.EncodeToString(mac) {
				t.Fatalf("VerifyHMACHex accepted %q, not the MAC of the body", sig)
			}
		} else if !errors.Is(err, carrier.ErrBadSignature) {
			t.Fatalf("VerifyHMACHex error %v does not match ErrBadSignature", err)
		}
		if err := carrier.VerifyHMACBase64(body, sig, secret); err == nil {
			got, derr := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(strings.TrimSpace(sig)), "="))
			if derr != nil || !bytes.Equal(got, mac) {
				t.Fatalf("VerifyHMACBase64 accepted %q, not the MAC of the body", sig)
			}
		} else if !errors.Is(err, carrier.ErrBadSignature) {
			t.Fatalf("VerifyHMACBase64 error %v does not match ErrBadSignature", err)
		}
		if err := carrier.Verify(body, sig, [][]byte{secret}, carrier.DefaultTolerance, t0); err == nil {
			h, perr := hmacsig.Parse(sig)
			if perr != nil {
				t.Fatalf("Verify accepted the unparsable header %q", sig)
			}
			if want := "v1=" + hmacsig.MAC(secret, h.Timestamp, body); !strings.Contains(strings.ToLower(sig), want) {
				t.Fatalf("Verify accepted %q without the genuine %s", sig, want)
			}
		} else if !errors.Is(err, carrier.ErrBadSignature) {
			t.Fatalf("Verify error %v does not match ErrBadSignature", err)
		}
	})
}

// TestVerifyEmptySecretForgery: a signature made with the empty key is
// rejected even when the list of secrets holds an empty one next to a real
// one (an unset "old" secret during rotation).
func TestVerifyEmptySecretForgery(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	forged := "t=1700000000,v1=" + hmacsig.MAC(nil, now.Unix(), whForged)
	for name, secrets := range map[string][][]byte{
		"empty and real": {whNew, {}},
		"only empty":     {{}},
	} {
		if err := carrier.Verify(whForged, forged, secrets, time.Minute, now); !errors.Is(err, carrier.ErrBadSignature) {
			t.Errorf("%s: Verify accepted a signature made with the empty key: %v", name, err)
		}
	}
	emptyHex := carrier.SignHMACHex(whForged, nil)
	if err := carrier.VerifyHMACHex(whForged, emptyHex, whNew, []byte{}); !errors.Is(err, carrier.ErrBadSignature) {
		t.Errorf("VerifyHMACHex accepted the empty key: %v", err)
	}
	if err := carrier.VerifyHMACBase64(whForged, carrier.SignHMACBase64(whForged, nil), []byte{}, whOld); !errors.Is(err, carrier.ErrBadSignature) {
		t.Errorf("VerifyHMACBase64 accepted the empty key: %v", err)
	}
}

func TestCheckWebhookSecrets(t *testing.T) {
	t.Parallel()
	if err := carrier.CheckWebhookSecrets("S", "whsec_new", "whsec_old"); err != nil {
		t.Errorf("good secrets: %v", err)
	}
	if err := carrier.CheckWebhookSecrets[string]("S"); err != nil {
		t.Errorf("no secrets: %v", err)
	}
	for name, s := range map[string][][]byte{"empty": {whNew, {}}, "nil": {nil}, "short": {[]byte("short")}} {
		if err := carrier.CheckWebhookSecrets("S", s...); !errors.Is(err, carrier.ErrWeakSecret) {
			t.Errorf("%s: CheckWebhookSecrets = %v, want ErrWeakSecret", name, err)
		}
	}
}
