package kit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

func TestJoinLocation(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Atlanta, GA, US", kit.JoinLocation("Atlanta", "GA", "US"))
	assert.Equal(t, "Köln, DE", kit.JoinLocation(" Köln ", "", "DE"), "parts are trimmed, empty ones left out")
	assert.Equal(t, "US", kit.JoinLocation("", " ", "US"))
	assert.Equal(t, "", kit.JoinLocation("", "  "))
	assert.Equal(t, "", kit.JoinLocation())
}

func TestParseCarrierTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		want  string // RFC 3339 with nanoseconds
		local bool
	}{
		{"2026-11-24T10:00:00-05:00", "2026-11-24T10:00:00-05:00", false},
		{" 2026-11-24T10:00:00.25Z ", "2026-11-24T10:00:00.25Z", false},
		{"2026-11-24T10:00:00", "2026-11-24T10:00:00Z", true},
		{"2026-11-24T10:00:00.123", "2026-11-24T10:00:00.123Z", true},
		{"2026-11-24T10:00", "2026-11-24T10:00:00Z", true},
		{"2026-11-24", "2026-11-24T00:00:00Z", true},
		// A space before the offset, as FedEx writes some scans (issue 22).
		{"2024-08-12T15:18:10 -0500", "2024-08-12T15:18:10-05:00", false},
		{"2024-08-12T15:18:10 -05:00", "2024-08-12T15:18:10-05:00", false},
		{"2024-08-12T15:18:10.5 +0530", "2024-08-12T15:18:10.5+05:30", false},
		{"2024-08-12T15:18:10 Z", "2024-08-12T15:18:10Z", false},
	}
	for _, tt := range tests {
		got, local, err := kit.ParseCarrierTime(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got.Format(time.RFC3339Nano), tt.in)
		assert.Equal(t, tt.local, local, "%q: local", tt.in)
	}
	for _, in := range []string{"", "  ", "yesterday", "2026-11-24T10:00:00-0500", "2026-11-24T10:00+01:00",
		"2026-11-24 10:00:00", "2026-13-01", "2024-08-12T15:18:10 -05", "2024-08-12T15:18:10 0500", "2026-11-24T25:00:00", "20261124"} {
		_, _, err := kit.ParseCarrierTime(in)
		assert.ErrorIs(t, err, carrier.ErrMalformed, "%q", in)
	}
}

func TestEndOfDay(t *testing.T) {
	t.Parallel()
	est := time.FixedZone("", -5*3600)
	assert.Equal(t, "2026-11-24T23:59:59-05:00", kit.EndOfDay(time.Date(2026, 11, 24, 0, 0, 0, 0, est)).Format(time.RFC3339))
	assert.Equal(t, "2026-11-24T23:59:59Z", kit.EndOfDay(time.Date(2026, 11, 24, 17, 30, 5, 9, time.UTC)).Format(time.RFC3339Nano))
}

func TestParseOffset(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int{
		"-05:00": -5 * 3600, "+0530": 5*3600 + 30*60, "-5": -5 * 3600, "+14": 14 * 3600, " +01:00 ": 3600, "-00:00": 0,
	} {
		loc, ok := kit.ParseOffset(in)
		require.True(t, ok, "%q", in)
		_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
		assert.Equal(t, want, off, "%q", in)
	}
	for _, in := range []string{"", "-", "05:00", "+15:00", "-05:60", "+ab", "Z", "-05:0x"} {
		loc, ok := kit.ParseOffset(in)
		assert.False(t, ok, "%q", in)
		assert.Nil(t, loc, "%q", in)
	}
}

func TestAPIError(t *testing.T) {
	t.Parallel()
	err := kit.APIError("ups: track 1Z", true, []string{"TW0001 Tracking Information Not Found", "X1 other"})
	assert.EqualError(t, err, "ups: track 1Z: TW0001 Tracking Information Not Found; X1 other: "+carrier.ErrNotFound.Error())
	assert.ErrorIs(t, err, carrier.ErrNotFound)
	assert.False(t, carrier.IsTemporary(err))

	err = kit.APIError("fedex: track", false, []string{"SYSTEM.UNEXPECTED.ERROR boom"})
	assert.EqualError(t, err, "fedex: track: SYSTEM.UNEXPECTED.ERROR boom")
	assert.False(t, errors.Is(err, carrier.ErrNotFound))
	assert.False(t, carrier.IsTemporary(kit.APIError("p", false, []string{"x"})), "permanent even when wrapped later")
	assert.False(t, carrier.IsTemporary(carrier.Temporary(kit.APIError("p", false, nil))))
}

func TestNewOAuthClient(t *testing.T) {
	t.Parallel()
	_, _, err := kit.NewOAuthClient(kit.OAuthClientConfig{Carrier: "ups", BaseURL: "onlinetools.ups.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ups: invalid Config: ")
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")
	assert.Contains(t, err.Error(), `BaseURL "onlinetools.ups.com" is not an absolute http(s) URL`)

	for _, base := range []string{"", "ftp://example.com", "https://", "://x"} {
		_, _, err = kit.NewOAuthClient(kit.OAuthClientConfig{Carrier: "x", ClientID: "a", ClientSecret: "b", BaseURL: base})
		assert.ErrorContains(t, err, "BaseURL", "%q", base)
	}
	_, _, err = kit.NewOAuthClient(kit.OAuthClientConfig{ClientID: "a", ClientSecret: "b", BaseURL: "https://x"})
	assert.ErrorContains(t, err, "Carrier")

	_, _, err = kit.NewOAuthClient(kit.OAuthClientConfig{Carrier: "fedex", ClientID: "a", ClientSecret: "b",
		BaseURL: "https://x", HTTP: kit.HTTPConfig{MaxBytes: -1}})
	assert.ErrorContains(t, err, "fedex: carrier: HTTPConfig.MaxBytes is negative")

	_, base, err := kit.NewOAuthClient(kit.OAuthClientConfig{Carrier: "usps", ClientID: "a", ClientSecret: "b", BaseURL: "https://apis.usps.com//"})
	require.NoError(t, err)
	assert.Equal(t, "https://apis.usps.com", base)
}

// FuzzParseCarrierTime checks that ParseCarrierTime either reads a time or
// says the input is malformed, that a wall clock comes back in UTC's
// location, and that ParseOffset never accepts an offset beyond 14:59.
func FuzzParseCarrierTime(f *testing.F) {
	for _, s := range []string{"2026-11-24T10:00:00-05:00", "2026-11-24T10:00:00.5Z", "2026-11-24T10:00:00",
		"2026-11-24T10:00", "2026-11-24", "", "2026-02-30", "+05:30", "-0500", "+14:59",
		"2024-08-12T15:18:10 -0500", "2024-08-12T15:18:10 +05:30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, local, err := kit.ParseCarrierTime(s)
		if err != nil {
			require.ErrorIs(t, err, carrier.ErrMalformed)
			require.True(t, got.IsZero())
			return
		}
		if local {
			require.Equal(t, time.UTC, got.Location(), "a wall clock is kept in UTC's location")
		} else {
			// RFC 3339, or RFC 3339 with a space before the offset (which
			// may then leave out its colon): the same instant without it.
			joined := strings.Join(strings.Fields(s), "")
			want, err := time.Parse(time.RFC3339Nano, joined)
			if err != nil {
				want, err = time.Parse("2006-01-02T15:04:05.999999999Z0700", joined)
			}
			require.NoError(t, err, "a time with a zone is RFC 3339, perhaps with a space before the offset")
			require.True(t, want.Equal(got), "%v is %v", got, want)
		}
		if loc, ok := kit.ParseOffset(s); ok {
			_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
			require.LessOrEqual(t, max(off, -off), 14*3600+59*60, "an offset lies within 14:59 of UTC")
		}
	})
}

func TestCompactNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"1z 5r8 939 03 5756 7127": "1Z5R89390357567127",
		"7946-4479-0138":          "794644790138",
		"LZ123456785US":           "LZ123456785US",
		"":                        "",
		" - ":                     "",
	} {
		got, ok := kit.CompactNumber(in)
		require.True(t, ok, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
	for _, in := range []string{"1Z/../../etc", "79464479013$", "9400\t111", "1Zé", "a_b", "12.34"} {
		got, ok := kit.CompactNumber(in)
		assert.False(t, ok, "%q", in)
		assert.Empty(t, got, "%q", in)
	}
}

func TestNewAdapterClient(t *testing.T) {
	t.Parallel()
	auth := kit.APIKey{Header: "X-Key", Key: "k"}
	for _, base := range []string{"", "::", "api.example.com", "/v2"} {
		_, _, err := kit.NewAdapterClient("dhl", base, auth, kit.HTTPConfig{})
		assert.EqualError(t, err, fmt.Sprintf("dhl: Config.BaseURL %q is not an absolute URL", base))
	}
	_, _, err := kit.NewAdapterClient("dhl", "https://api-eu.dhl.com", auth, kit.HTTPConfig{MaxRetries: -2})
	assert.ErrorContains(t, err, "dhl: carrier: HTTPConfig.MaxRetries is -2")

	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
	}))
	defer srv.Close()
	c, base, err := kit.NewAdapterClient("dhl", srv.URL+"/v1", auth, kit.HTTPConfig{Carrier: "ignored", Client: srv.Client()})
	require.NoError(t, err)
	assert.Equal(t, "/v1", base.Path)
	_, err = c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, base.JoinPath("track").String(), nil)
	})
	require.NoError(t, err)
	assert.Equal(t, "k", got.Get("X-Key"), "the client sends auth's credentials")
}

func BenchmarkParseCarrierTime(b *testing.B) {
	inputs := []string{"2026-11-24T10:00:00-05:00", "2026-11-24T10:00:00", "2026-11-24"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := kit.ParseCarrierTime(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkJoinLocation(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if kit.JoinLocation("Atlanta", " GA", "", "US") != "Atlanta, GA, US" {
			b.Fatal("wrong location")
		}
	}
}

func TestTrackingNumber(t *testing.T) {
	t.Parallel()
	n, err := kit.TrackingNumber("ups", "1z 5r8-939", 7, 34)
	require.NoError(t, err)
	assert.Equal(t, "1Z5R8939", n)
	for _, in := range []string{"1Z5R8/939", "1Z5", strings.Repeat("1", 35), "", "1Z5R8\x00939"} {
		_, err := kit.TrackingNumber("ups", in, 7, 34)
		assert.ErrorIs(t, err, carrier.ErrNotFound, "%q", in)
		assert.False(t, carrier.IsTemporary(err), "%q", in)
		assert.ErrorContains(t, err, "ups: tracking number", "%q", in)
	}
}
