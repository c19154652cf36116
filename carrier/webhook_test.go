package carrier_test

import (
	"bytes"
	"errors"
	"github.com/stretchr/testify/require"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

var (
	whBody   = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"in_transit"}}`)
	whOld    = []byte("whsec_old")
	whNew    = []byte("whsec_new")
	whForged = []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1000000001","status":"delivered"}}`)
	t0       = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	b, err := carrier.ReadBody(r, 1024)
	require.NoError(t, err)
	require.Equal(t, whBody, b)

	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	b, err = carrier.ReadBody(r, int64(len(whBody)))
	require.NoError(t, err, "a body exactly at the limit is fine")
	require.Equal(t, whBody, b)

	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	_, err = carrier.ReadBody(r, 10)
	require.ErrorIs(t, err, carrier.ErrBodyTooLarge)
	require.Contains(t, err.Error(), "announced")

	// No Content-Length: the limit must hold while reading.
	r = httptest.NewRequest(http.MethodPost, "/hook", io.MultiReader(bytes.NewReader(whBody)))
	r.ContentLength = -1
	_, err = carrier.ReadBody(r, 10)
	require.ErrorIs(t, err, carrier.ErrBodyTooLarge)

	// A lying Content-Length does not help either.
	r = httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(whBody))
	r.ContentLength = 5
	_, err = carrier.ReadBody(r, 10)
	require.ErrorIs(t, err, carrier.ErrBodyTooLarge)

	r = httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(strings.Repeat("x", 1<<20+1)))
	_, err = carrier.ReadBody(r, 0)
	require.ErrorIs(t, err, carrier.ErrBodyTooLarge, "a limit of 0 means the default")

	r = httptest.NewRequest(http.MethodPost, "/hook", nil)
	b, err = carrier.ReadBody(r, 10)
	require.NoError(t, err)
	require.Len(t, b, 0)

	r = httptest.NewRequest(http.MethodPost, "/hook", io.NopCloser(errReader{}))
	_, err = carrier.ReadBody(r, 10)
	require.Error(t, err)
	require.False(t, errors.Is(err, carrier.ErrBodyTooLarge))
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestSignVerify(t *testing.T) {
	t.Parallel()
	const tol = 5 * time.Minute
	h := carrier.Sign(t0, whBody, whNew)
	require.True(t, strings.HasPrefix(h, "t=1772442000,v1="), h)
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
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
			require.ErrorIs(t, err, carrier.ErrBadSignature, "every rejection matches ErrBadSignature")
		})
	}
	require.ErrorIs(t, carrier.ErrNotSigned, carrier.ErrBadSignature)
	require.ErrorIs(t, carrier.ErrTooOld, carrier.ErrBadSignature)
	require.False(t, errors.Is(carrier.ErrTooOld, carrier.ErrNotSigned))
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
	emptyHex := kit.SignHMACHex(whForged, nil)
	if err := kit.VerifyHMACHex(whForged, emptyHex, whNew, []byte{}); !errors.Is(err, carrier.ErrBadSignature) {
		t.Errorf("VerifyHMACHex accepted the empty key: %v", err)
	}
	if err := kit.VerifyHMACBase64(whForged, kit.SignHMACBase64(whForged, nil), []byte{}, whOld); !errors.Is(err, carrier.ErrBadSignature) {
		t.Errorf("VerifyHMACBase64 accepted the empty key: %v", err)
	}
}

// TestVerifyToleranceConvention: 0 takes DefaultTolerance and -1 switches the
// timestamp check off, as -1 switches options off across the module.
func TestVerifyToleranceConvention(t *testing.T) {
	h := carrier.Sign(t0, whBody, whNew)
	require.NoError(t, carrier.Verify(whBody, h, [][]byte{whNew}, 0, t0.Add(carrier.DefaultTolerance-time.Second)))
	require.ErrorIs(t, carrier.Verify(whBody, h, [][]byte{whNew}, 0, t0.Add(carrier.DefaultTolerance+time.Second)), carrier.ErrTooOld)
	require.NoError(t, carrier.Verify(whBody, h, [][]byte{whNew}, -1, t0.Add(48*time.Hour)))
}
