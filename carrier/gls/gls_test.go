package gls

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testClientID     = "test-gls-app-key"
	testClientSecret = "test-gls-app-secret"
)

// route is what the fake GLS answers for one parcel number.
type route = adaptertest.Reply

// fakeGLS serves the GLS token endpoint and Track And Trace's
// /tracking/simple/trackids/{unitnos}: for a request naming several
// numbers it merges the parcels of each number's fixture into one answer,
// as GLS does; a number without a route gets GLS's E_404_01 entry. When a
// number's route is not a 200, the whole request gets that answer.
type fakeGLS struct {
	*adaptertest.OAuthServer
	adaptertest.Replies
	t testing.TB

	mu    sync.Mutex
	paths []string // the number lists of the tracking requests, in order
}

// asked returns the number lists of the tracking requests so far.
func (f *fakeGLS) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.paths...)
}

func newFakeGLS(t testing.TB) *fakeGLS {
	t.Helper()
	f := &fakeGLS{t: t}
	f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{
		TokenPath:    tokenPath,
		Grant:        grant,
		Unauthorized: route{Status: http.StatusUnauthorized, File: "openapi_401_token_expired.json"},
		API:          http.HandlerFunc(f.track),
	})
	return f
}

func grant(r *http.Request, token string) (int, string) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+testClientSecret))
	if r.Method != http.MethodPost || r.Header.Get("Authorization") != want {
		return http.StatusBadRequest, `{"errors":[{"message":"Invalid client identifier","type":"400"}]}`
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		return http.StatusBadRequest, `{"errors":[{"message":"Invalid grant type","type":"400"}]}`
	}
	return http.StatusOK, `{"token_type":"Bearer","access_token":"` + token + `","expires_in":14400}`
}

func (f *fakeGLS) track(w http.ResponseWriter, r *http.Request) {
	list, ok := strings.CutPrefix(r.URL.Path, trackPath)
	if !ok || r.Method != http.MethodGet {
		route{Status: http.StatusNotFound, Body: `{"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource.","instance":"` + r.URL.Path + `"}`}.Write(f.t, w)
		return
	}
	if got := r.Header.Get("Accept-Language"); got != "EN" {
		f.t.Errorf("Accept-Language = %q, want EN", got)
	}
	f.mu.Lock()
	f.paths = append(f.paths, list)
	f.mu.Unlock()
	var merged []json.RawMessage
	for _, n := range strings.Split(list, ",") {
		rt := f.Next(n, route{Body: `{"parcels":[{"requested":"` + n + `","errorCode":"E_404_01","errorMessage":"Resource Not Found"}]}`})
		if rt.Status != 0 && rt.Status != http.StatusOK {
			rt.Write(f.t, w)
			return
		}
		body := []byte(rt.Body)
		if rt.File != "" {
			body = adaptertest.Fixture(f.t, rt.File)
		}
		var resp struct {
			Parcels []json.RawMessage `json:"parcels"`
		}
		if err := json.Unmarshal(body, &resp); err != nil || resp.Parcels == nil {
			rt.Write(f.t, w) // not a parcels answer: send it as it is
			return
		}
		merged = append(merged, resp.Parcels...)
	}
	b, _ := json.Marshal(map[string]any{"parcels": merged})
	route{Body: string(b)}.Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeGLS) *Carrier {
	t.Helper()
	c, err := New(Config{
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		BaseURL:      f.URL,
		HTTP:         adaptertest.HTTPConfig(f.Server),
	})
	require.NoError(t, err)
	return c
}

// wantScan is a scan as a test expects it, in table rows without field names.
type wantScan adaptertest.Scan

// parseOne parses body for the single number n.
func parseOne(t testing.TB, body []byte, n string) (*carrier.Update, int, error) {
	t.Helper()
	res, skipped, err := parse(body, []string{n})
	if err != nil {
		return nil, skipped, err
	}
	r := res[n]
	return r.Update, skipped, r.Err
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		skipped      int
	}{
		{
			file: "delivered.json", number: "50123456789",
			scans: []wantScan{
				{"2026-11-19T13:42:10+01:00", false, "DELIVD.NORMAL", "The parcel has been delivered.", "60311 Frankfurt am Main, DE"},
				{"2026-11-19T07:58:03+01:00", false, "OUTDEL.NORMAL", "The parcel is expected to be delivered during the day.", "60314 Frankfurt am Main, DE"},
				{"2026-11-19T05:12:40+01:00", false, "INBOUD.NORMAL", "The parcel has reached the parcel center.", "60314 Frankfurt am Main, DE"},
				{"2026-11-18T21:30:00+01:00", false, "OUTBOD.NORMAL", "The parcel has left the parcel center.", "36286 Neuenstein, DE"},
				{"2026-11-18T16:05:27+01:00", false, "INTIAL.NORMAL", "The parcel was handed over to GLS.", "36286 Neuenstein, DE"},
				{"2026-11-17T18:20:11+01:00", false, "INTIAL.PREADVICE", "The parcel data was entered into the GLS IT system; the parcel was not yet handed over to GLS.", "DE"},
			},
		},
		{
			file: "in_transit.json", number: "50123456790",
			scans: []wantScan{
				{"2026-11-20T04:48:19+01:00", false, "INBOUD.NORMAL", "The parcel has reached the parcel center.", "82105 Bratislava, SK"},
				{"2026-11-18T22:10:00+01:00", false, "OUTBOD.NORMAL", "The parcel has left the parcel center.", "36286 Neuenstein, DE"},
				{"2026-11-18T15:40:02+01:00", false, "INTIAL.NORMAL", "The parcel was handed over to GLS.", "36286 Neuenstein, DE"},
				{"2026-11-18T09:01:55+01:00", false, "INTIAL.PREADVICE", "The parcel data was entered into the GLS IT system; the parcel was not yet handed over to GLS.", "DE"},
			},
		},
		{
			// Without events (showEvents=false, or none yet) the parcel's
			// status is its one scan.
			file: "exception.json", number: "50123456801",
			scans: []wantScan{{"2026-11-21T11:15:00+01:00", false, "NOTDELIVERED", "", ""}},
		},
		{
			file: "cancelled.json", number: "50123456823",
			scans: []wantScan{
				{"2026-11-16T10:00:05+01:00", false, "CANCEL.NORMAL", "The parcel data have been deleted from the GLS IT system.", "DE"},
				{"2026-11-15T17:44:31+01:00", false, "INTIAL.PREADVICE", "The parcel data was entered into the GLS IT system; the parcel was not yet handed over to GLS.", "DE"},
			},
		},
		{
			// No requested field, no status, no place, no description, and
			// one event whose date is unreadable (skipped, counted).
			file: "minimal.json", number: "50123456812",
			scans:   []wantScan{{"2026-11-20T09:00:00+01:00", false, "INBOUD.NORMAL", "", ""}},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parseOne(t, adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped events")
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.number, u.TrackingNumber)
			assert.True(t, u.EstimatedDelivery.IsZero(), "Track And Trace gives no estimate")
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
		})
	}
}

// TestRecordedAnswers parses every real answer in testdata (see
// testdata/SOURCES.md): GLS's own OpenAPI examples and a recorded
// production answer.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        int    // 0: the number is not found
		first        string // code of the first scan
		last         string // time of the last scan
	}{
		{"openapi_200_with_errors.json", "42249018928", 0, "", ""},
		{"openapi_200_with_errors.json", "36301917596", 2, "INTIAL.E48_DATA", "2024-10-11T15:24:51+02:00"},
		{"openapi_200_without_errors.json", "36301917596", 2, "INTIAL.E48_DATA", "2024-10-11T15:24:51+02:00"},
		// A notification card naming two parcels: the first one's events
		// only, never a merge.
		{"openapi_200_reference_2_parcels.json", "747N6K", 2, "INTIAL.NORMAL", "2024-09-17T22:27:25+02:00"},
		{"openapi_200_with_links.json", "42249028960", 4, "DELIVD.PARCELSHOP", "2025-02-10T15:08:43+01:00"},
		{"recorded_delivered_ie.json", "21569979615", 5, "DELIVD.NORMAL", "2026-07-14T16:56:07+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.number, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parseOne(t, adaptertest.Fixture(t, tt.file), tt.number)
			assert.Zero(t, skipped)
			if tt.scans == 0 {
				require.ErrorIs(t, err, carrier.ErrNotFound)
				assert.Nil(t, u)
				return
			}
			require.NoError(t, err)
			require.Len(t, u.Scans, tt.scans)
			assert.Equal(t, tt.first, u.Scans[0].Code)
			assert.Equal(t, tt.last, u.Scans[len(u.Scans)-1].Time.Format(time.RFC3339))
		})
	}
	for _, tt := range []struct {
		file   string
		status int
		is     error
	}{
		{"openapi_400_too_many.json", 400, nil},
		{"openapi_401_token_expired.json", 401, carrier.ErrUnauthorized},
		{"openapi_429_quota.json", 429, nil},
	} {
		err := kit.StatusError(ID, &kit.Response{StatusCode: tt.status, Body: adaptertest.Fixture(t, tt.file), Header: http.Header{}})
		require.Error(t, err, tt.file)
		if tt.is != nil {
			assert.ErrorIs(t, err, tt.is, tt.file)
		}
		// The answers are well-formed JSON that is not a parcels answer.
		_, _, perr := parse(adaptertest.Fixture(t, tt.file), []string{"50123456789"})
		assert.ErrorIs(t, perr, carrier.ErrMalformed, tt.file)
	}
}

func TestParseKeepsTheZone(t *testing.T) {
	t.Parallel()
	u, _, err := parseOne(t, adaptertest.Fixture(t, "delivered.json"), "50123456789")
	require.NoError(t, err)
	// 13:42:10 at +01:00 is 12:42:10 UTC.
	assert.True(t, u.Scans[0].Time.Equal(time.Date(2026, 11, 19, 12, 42, 10, 0, time.UTC)))
	_, off := u.Scans[0].Time.Zone()
	assert.Equal(t, 3600, off)
}

func TestParseTime(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2024-10-07T10:46:14+0200":     "2024-10-07T10:46:14+02:00",
		"2024-10-07T10:46:14.250+0200": "2024-10-07T10:46:14+02:00",
		"2024-10-07T10:46:14+02:00":    "2024-10-07T10:46:14+02:00",
		"2024-10-07T08:46:14Z":         "2024-10-07T08:46:14Z",
	} {
		got, local, err := parseTime(in)
		require.NoError(t, err, in)
		assert.False(t, local, in)
		assert.Equal(t, want, got.Format(time.RFC3339), in)
	}
	got, local, err := parseTime("2024-10-07T10:46:14")
	require.NoError(t, err)
	assert.True(t, local, "a wall clock without offset is local")
	assert.Equal(t, "2024-10-07T10:46:14Z", got.Format(time.RFC3339))
	for _, in := range []string{"", "07.10.2024 10:46", "2024-10-07T10:46:14+2"} {
		_, _, err := parseTime(in)
		assert.ErrorIs(t, err, carrier.ErrMalformed, in)
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeGLS(t)
	f.Set("50123456789", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "gls", c.ID())

	u, err := c.Track(context.Background(), "5012 3456-789")
	require.NoError(t, err)
	assert.Equal(t, "5012 3456-789", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.Equal(t, "DELIVD.NORMAL", u.Scans[0].Code)

	_, err = c.Track(context.Background(), "50123456789")
	require.NoError(t, err)
	assert.Equal(t, 1, f.TokenCalls(), "the token is fetched once and cached")
	assert.Equal(t, []string{"50123456789", "50123456789"}, f.asked())
}

func TestTrackBatch(t *testing.T) {
	t.Parallel()
	f := newFakeGLS(t)
	f.Set("50123456789", route{File: "delivered.json"})
	f.Set("50123456790", route{File: "in_transit.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, 10, c.MaxBatch())

	res, err := c.TrackBatch(context.Background(), []string{"50123456790", "50000000000", "12", "50123456789", "50123456790"})
	require.NoError(t, err)
	require.Len(t, res, 5)
	assert.Equal(t, []string{"50123456790,50000000000,50123456789"}, f.asked(),
		"one request, each valid number once, in the order given")

	require.NoError(t, res[0].Err)
	assert.Equal(t, "INBOUD.NORMAL", res[0].Update.Scans[0].Code)
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound, "E_404_01 is not found")
	assert.Nil(t, res[1].Update)
	assert.ErrorIs(t, res[2].Err, carrier.ErrNotFound, "too short to be a GLS number")
	require.NoError(t, res[3].Err)
	assert.Equal(t, "DELIVD.NORMAL", res[3].Update.Scans[0].Code)
	require.NoError(t, res[4].Err)
	assert.Equal(t, res[0].Update.Scans, res[4].Update.Scans, "a repeated number gets the same answer")
	res[4].Update.Scans[0].Code = "changed"
	assert.Equal(t, "INBOUD.NORMAL", res[0].Update.Scans[0].Code, "results share no scans")

	_, err = c.TrackBatch(context.Background(), make([]string, 11))
	require.Error(t, err, "more than MaxBatch numbers")
	assert.Len(t, f.asked(), 1, "an oversized batch sends nothing")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "50123456789"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "E_404_01 not found", rt: route{File: "not_found.json"}, number: "50000000000", is: []error{carrier.ErrNotFound}, contains: "E_404_01"},
		{name: "no route gives GLS's not found", number: "50999999999", is: []error{carrier.ErrNotFound}},
		{name: "404 wrong call", rt: route{Status: 404, Body: `{"type":"about:blank","title":"Not Found","status":404,"detail":"No static resource ...","instance":"/tracking/..."}`}, is: []error{carrier.ErrNotFound}},
		{name: "401 token expired", rt: route{Status: 401, File: "openapi_401_token_expired.json"}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{Status: 403, Body: `{"fault":{"faultstring":"Access denied","detail":{"errorcode":"accesscontrol.IPDeniedAccess"}}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429 quota", rt: route{Status: 429, Header: http.Header{"Retry-After": {"30"}}, File: "openapi_429_quota.json"}, temporary: true, retryAfter: 30 * time.Second},
		{name: "500", rt: route{Status: 500, Body: `{"type":"about:blank","title":"Internal Server Error","status":500}`}, temporary: true},
		{name: "502", rt: route{Status: 502, Body: `<html>bad gateway</html>`}, temporary: true},
		{name: "400 permanent", rt: route{Status: 400, File: "openapi_400_too_many.json"}, contains: "400"},
		{name: "malformed JSON", rt: route{Body: `{"parcels": [`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", rt: route{Body: `{"parcels": {"requested": 1}}`}, is: []error{carrier.ErrMalformed}},
		{name: "no parcels", rt: route{Body: `{"something":"else"}`}, is: []error{carrier.ErrMalformed}},
		{name: "html page", rt: route{Body: `<html>maintenance</html>`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable dates", rt: route{Body: `{"parcels":[{"requested":"` + n + `","events":[{"code":"INBOUD.NORMAL","eventDateTime":"today"}]}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "no events yet", rt: route{Body: `{"parcels":[{"requested":"` + n + `","unitno":"` + n + `","events":[]}]}`}, is: []error{carrier.ErrNotFound}},
		{name: "other parcel error", rt: route{Body: `{"parcels":[{"requested":"` + n + `","errorCode":"E_500_01","errorMessage":"Internal Server Error"}]}`}, contains: "E_500_01"},
		{name: "bad number", number: "5012/../../x", is: []error{carrier.ErrNotFound}},
		{name: "too short", number: "50123", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeGLS(t)
			number := tt.number
			if number == "" {
				number = n
			}
			if tt.rt.Status != 0 || tt.rt.File != "" || tt.rt.Body != "" {
				f.Set(number, tt.rt)
			}
			c := newTestCarrier(t, f)
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testClientSecret}})
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFakeGLS(t)
	c, err := New(Config{
		ClientID: testClientID, ClientSecret: "wrong", BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), MaxRetries: -1},
	})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "50123456789")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong")
}

func TestTrackRenewsRevokedToken(t *testing.T) {
	t.Parallel()
	f := newFakeGLS(t)
	f.Set("50123456789", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), "50123456789")
	require.NoError(t, err)
	f.Revoke() // the token expired early: GLS answers steps.jwt.TokenExpired
	u, err := c.Track(context.Background(), "50123456789")
	require.NoError(t, err, "a 401 must fetch a new token and retry once")
	require.Len(t, u.Scans, 6)
	assert.Equal(t, 2, f.TokenCalls())
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")

	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "api.gls-group.net"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")

	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
	assert.Equal(t, "EN", c.cfg.Language)
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"50123456789":   "50123456789",
		"5012 3456-789": "50123456789",
		"zx61qjix":      "ZX61QJIX",
		"747N6K":        "747N6K",
		"QAS_0000008":   "QAS_0000008",
		"qas_0000008":   "QAS_0000008",
	} {
		got, err := normalize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	// strings.ToUpper turns the dotless ı into I and the long ſ into S: a
	// test parcel id must not gain letters that way.
	for _, in := range []string{"", "12345", "123456789012345", "5012/3456", "QAS_00/1", "ä1234567", "qas_12345\u0131", "qa\u017f_12345", "qas_\u017f12345"} {
		_, err := normalize(in)
		assert.ErrorIs(t, err, carrier.ErrNotFound, in)
	}
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"parcels":[{"requested":"50123456789","events":[{"eventDateTime":"2026-13-40T99:00:00+9900"}]}]}`))
	f.Add([]byte(`{"parcels":[{"requested":"50123456789","status":"DELIVERED","statusDateTime":"2026-11-19T13:42:10+0100"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		asked := []string{"50123456789", "747N6K"}
		res, _, err := parse(body, asked)
		if err != nil {
			require.Nil(t, res)
			require.ErrorIs(t, err, carrier.ErrMalformed)
			return
		}
		require.Len(t, res, len(asked))
		for _, n := range asked {
			r := res[n]
			if r.Err != nil {
				require.Nil(t, r.Update)
				require.True(t, errors.Is(r.Err, carrier.ErrNotFound) || errors.Is(r.Err, carrier.ErrMalformed) ||
					strings.HasPrefix(r.Err.Error(), "gls: track "+n), "unexpected error %v", r.Err)
				continue
			}
			require.NotNil(t, r.Update)
			require.NotEmpty(t, r.Update.Scans, "an update without scans must be an error")
			for _, s := range r.Update.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
				require.Equal(t, ID, s.Carrier)
			}
		}
	})
}
