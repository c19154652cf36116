package kit_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"github.com/stretchr/testify/require"
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

var (
	whBody   = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"in_transit"}}`)
	whOld    = []byte("whsec_old")
	whNew    = []byte("whsec_new")
	whForged = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"delivered"}}`)
)

func TestVerifyHMACHex(t *testing.T) {
	t.Parallel()
	sig := kit.SignHMACHex(whBody, whNew)
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
		{"rotated: old secret still accepted", whBody, kit.SignHMACHex(whBody, whOld), [][]byte{whNew, whOld}, nil},
		{"forged body", whForged, sig, [][]byte{whNew}, carrier.ErrBadSignature},
		{"wrong secret", whBody, sig, [][]byte{whOld}, carrier.ErrBadSignature},
		{"retired secret", whBody, kit.SignHMACHex(whBody, whOld), [][]byte{whNew}, carrier.ErrBadSignature},
		{"missing", whBody, "", [][]byte{whNew}, carrier.ErrNotSigned},
		{"prefix only", whBody, "hmac-sha256-hex=", [][]byte{whNew}, carrier.ErrNotSigned},
		{"not hex", whBody, "zz" + sig[2:], [][]byte{whNew}, carrier.ErrBadSignature},
		{"truncated", whBody, sig[:32], [][]byte{whNew}, carrier.ErrBadSignature},
		{"no secrets", whBody, sig, nil, carrier.ErrBadSignature},
		{"empty secret", whBody, kit.SignHMACHex(whBody, nil), [][]byte{{}}, carrier.ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := kit.VerifyHMACHex(c.body, c.sig, c.secrets...)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, carrier.ErrBadSignature, "every rejection matches ErrBadSignature")
		})
	}
}

func TestVerifyHMACBase64(t *testing.T) {
	t.Parallel()
	sig := kit.SignHMACBase64(whBody, whNew)
	raw, err := base64.StdEncoding.DecodeString(sig)
	require.NoError(t, err)
	require.Equal(t, kit.SignHMACHex(whBody, whNew), hex.EncodeToString(raw), "both encodings carry the same MAC")
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
		{"rotated", whBody, kit.SignHMACBase64(whBody, whOld), [][]byte{whNew, whOld}, nil},
		{"forged body", whForged, sig, [][]byte{whNew}, carrier.ErrBadSignature},
		{"wrong secret", whBody, sig, [][]byte{whOld}, carrier.ErrBadSignature},
		{"missing", whBody, "  ", [][]byte{whNew}, carrier.ErrNotSigned},
		{"hex instead", whBody, kit.SignHMACHex(whBody, whNew), [][]byte{whNew}, carrier.ErrBadSignature},
		{"garbage", whBody, "!!!", [][]byte{whNew}, carrier.ErrBadSignature},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := kit.VerifyHMACBase64(c.body, c.sig, c.secrets...)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, carrier.ErrBadSignature)
		})
	}
}

func FuzzVerifyHMAC(f *testing.F) {
	secret := []byte("whsec_fuzz")
	f.Add(whBody, kit.SignHMACHex(whBody, secret))
	f.Add(whBody, "hmac-sha256-hex="+kit.SignHMACHex(whBody, secret))
	f.Add(whBody, kit.SignHMACBase64(whBody, secret))
	f.Add([]byte(""), carrier.Sign(t0, nil, secret))
	f.Add([]byte("x"), "t=1772442000,v1=zz,v1=")
	f.Add([]byte("x"), "sha256=")
	f.Add([]byte{0xff, 0}, "====")
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		mac := kit.HMACSHA256(body, secret)
		if err := kit.VerifyHMACHex(body, sig, secret); err == nil {
			s := strings.ToLower(strings.TrimSpace(sig))
			s = strings.TrimPrefix(strings.TrimPrefix(s, "hmac-sha256-hex="), "sha256=")
			if s != hex.EncodeToString(mac) {
				t.Fatalf("VerifyHMACHex accepted %q, not the MAC of the body", sig)
			}
		} else if !errors.Is(err, carrier.ErrBadSignature) {
			t.Fatalf("VerifyHMACHex error %v does not match ErrBadSignature", err)
		}
		if err := kit.VerifyHMACBase64(body, sig, secret); err == nil {
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

func TestCheckWebhookSecrets(t *testing.T) {
	t.Parallel()
	if err := kit.CheckWebhookSecrets("S", "whsec_new", "whsec_old"); err != nil {
		t.Errorf("good secrets: %v", err)
	}
	if err := kit.CheckWebhookSecrets[string]("S"); err != nil {
		t.Errorf("no secrets: %v", err)
	}
	for name, s := range map[string][][]byte{"empty": {whNew, {}}, "nil": {nil}, "short": {[]byte("short")}} {
		if err := kit.CheckWebhookSecrets("S", s...); !errors.Is(err, kit.ErrWeakSecret) {
			t.Errorf("%s: CheckWebhookSecrets = %v, want ErrWeakSecret", name, err)
		}
	}
}
