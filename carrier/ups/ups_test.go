package ups

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
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testClientID     = "test-client-id"
	testClientSecret = "test-client-secret"
	testMerchantID   = "W22A28"
)

// route is what the fake UPS answers for one tracking number.
type route = adaptertest.Reply

// fakeUPS serves the UPS token and tracking endpoints from fixtures and
// checks what a client must send.
type fakeUPS struct {
	*adaptertest.OAuthServer
	adaptertest.Replies // per tracking number; an unknown one gets not_found_404.json
	t                   testing.TB
}

func newFakeUPS(t testing.TB) *fakeUPS {
	t.Helper()
	f := &fakeUPS{t: t}
	f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{
		TokenPath:    tokenPath,
		Grant:        f.grant,
		Unauthorized: route{Status: http.StatusUnauthorized, Body: `{"response":{"errors":[{"code":"250002","message":"Invalid Authentication Information."}]}}`},
		API:          http.HandlerFunc(f.track),
	})
	return f
}

func (f *fakeUPS) grant(r *http.Request, token string) (int, string) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testClientID+":"+testClientSecret))
	if r.Method != http.MethodPost || r.Header.Get("Authorization") != want {
		return http.StatusUnauthorized, `{"response":{"errors":[{"code":"10401","message":"ClientId is Invalid"}]}}`
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		return http.StatusBadRequest, `{"response":{"errors":[{"code":"10400","message":"Invalid grant_type"}]}}`
	}
	if got := r.Header.Get("x-merchant-id"); got != testMerchantID {
		f.t.Errorf("token request x-merchant-id = %q, want %q", got, testMerchantID)
	}
	// UPS sends expires_in as a string.
	return http.StatusOK, `{"token_type":"Bearer","issued_at":"1700000000000","client_id":"` + testClientID +
		`","access_token":"` + token + `","expires_in":"14399","status":"approved"}`
}

func (f *fakeUPS) track(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == alertPath {
		f.alert(w, r)
		return
	}
	number, ok := strings.CutPrefix(r.URL.Path, trackPath)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		f.t.Errorf("track method = %s, want GET", r.Method)
	}
	if id := r.Header.Get("transId"); id == "" || len(id) > 32 {
		f.t.Errorf("transId = %q, want 1 to 32 characters", id)
	}
	if r.Header.Get("transactionSrc") == "" {
		f.t.Error("transactionSrc header missing")
	}
	if got := r.URL.Query().Get("locale"); got != "en_US" {
		f.t.Errorf("locale = %q, want en_US", got)
	}
	f.Next(number, route{Status: http.StatusNotFound, File: "not_found_404.json"}).Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeUPS) *Carrier {
	t.Helper()
	c, err := New(Config{
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		MerchantID:   testMerchantID,
		BaseURL:      f.URL,
		HTTP:         adaptertest.HTTPConfig(f.Server),
		AlertURL:     testAlertURL,
		AlertSecrets: []string{testAlertSecret, testOldAlertSecret},
		Now:          func() time.Time { return testNow },
	})
	require.NoError(t, err)
	return c
}

// wantScan is a scan as a test expects it, in table rows without field names.
type wantScan adaptertest.Scan

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		skipped      int
		start, end   string // RFC 3339; empty means zero
		service      string
	}{
		{
			file: "delivered.json", number: "1Z5R89390357567127",
			scans: []wantScan{
				{"2026-11-18T14:32:10-05:00", false, "D_FS", "DELIVERED", "Atlanta, GA, US"},
				{"2026-11-18T08:15:00-05:00", false, "I_OT", "Out For Delivery Today", "Atlanta, GA, US"},
				{"2026-11-17T22:10:00-05:00", false, "I_AR", "Arrived at Facility", "Atlanta, GA, US"},
				{"2026-11-17T03:00:00-06:00", false, "I_DP", "Departed from Facility", "Memphis, TN, US"},
				{"2026-11-16T19:05:00-06:00", false, "I_OR", "Origin Scan", "Memphis, TN, US"},
				{"2026-11-16T10:15:00Z", true, "M_MP", "Shipper created a label, UPS has not received the package yet.", "US"},
			},
			service: "UPS Ground",
		},
		{
			file: "in_transit.json", number: "1Z879E930346834440",
			scans: []wantScan{
				{"2026-11-22T23:59:00-06:00", false, "I_DP", "Departed from Facility", "Hodgkins, IL, US"},
				{"2026-11-22T18:45:00-06:00", false, "I_OR", "Origin Scan", "Hodgkins, IL, US"},
				{"2026-11-21T09:30:00Z", true, "M_MP", "Shipper created a label, UPS has not received the package yet.", "US"},
			},
			start: "2026-11-24T12:00:00Z", end: "2026-11-24T16:00:00Z",
			service: "UPS 2nd Day Air",
		},
		{
			file: "rescheduled.json", number: "1Z879E930346834440",
			scans: []wantScan{
				{"2026-11-23T06:12:00-05:00", false, "X_DF", "A flight delay has affected the delivery of your package. / Your delivery has been rescheduled.", "Louisville, KY, US"},
				{"2026-11-22T23:59:00-06:00", false, "I_DP", "Departed from Facility", "Hodgkins, IL, US"},
				{"2026-11-22T18:45:00-06:00", false, "I_OR", "Origin Scan", "Hodgkins, IL, US"},
				{"2026-11-21T09:30:00Z", true, "M_MP", "Shipper created a label, UPS has not received the package yet.", "US"},
			},
			end:     "2026-11-25T23:59:59Z",
			service: "UPS 2nd Day Air",
		},
		{
			file: "exception.json", number: "1Z999AA10123456784",
			scans: []wantScan{
				{"2026-11-19T11:30:00+01:00", false, "X_48", "The receiver was not available for delivery. We'll make a second attempt the next business day.", "Köln, DE"},
				{"2026-11-19T07:40:00+01:00", false, "I_OT", "Out For Delivery Today", "Köln, DE"},
				{"2026-11-19T02:15:00+01:00", false, "I_AR", "Arrived at Facility", "Köln, DE"},
			},
			end:     "2026-11-20T23:59:59Z",
			service: "UPS Standard",
		},
		{
			// Two pieces: asking for the second gets its scans only, not the
			// first piece's delivery.
			file: "multi_piece.json", number: "1Z12345E0205271697",
			scans: []wantScan{
				{"2026-11-20T05:30:00-07:00", false, "I_AR", "Arrived at Facility", "Commerce City, CO, US"},
			},
			end:     "2026-11-21T23:59:59Z",
			service: "UPS Ground",
		},
		{
			file: "multi_piece.json", number: "1Z12345E0205271688",
			scans: []wantScan{
				{"2026-11-20T10:15:00-07:00", false, "D_FS", "DELIVERED", "Denver, CO, US"},
				{"2026-11-20T07:10:00-07:00", false, "I_OT", "Out For Delivery Today", "Denver, CO, US"},
			},
			service: "UPS Ground",
		},
		{
			// No location, no offset, no service, no delivery date, and one
			// activity whose date is not YYYYMMDD (skipped, counted).
			file: "minimal.json", number: "1ZA0B1C2D3E4F5G6H7",
			scans: []wantScan{
				{"2026-11-22T16:45:00Z", true, "P", "Pickup Scan", ""},
			},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.number, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped activities")
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.number, u.TrackingNumber)
			assert.Equal(t, tt.service, u.Service)
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
			adaptertest.AssertTime(t, tt.start, u.EstimatedDeliveryStart, "EstimatedDeliveryStart")
			adaptertest.AssertTime(t, tt.end, u.EstimatedDelivery, "EstimatedDelivery")
		})
	}
}

func TestScanKeepsCarrierZone(t *testing.T) {
	t.Parallel()
	u, _, err := parse(adaptertest.Fixture(t, "delivered.json"), "1Z5R89390357567127")
	require.NoError(t, err)
	// 14:32:10 at -05:00 is 19:32:10 GMT, as the activity's gmtTime says.
	assert.True(t, u.Scans[0].Time.Equal(time.Date(2026, 11, 18, 19, 32, 10, 0, time.UTC)))
	_, off := u.Scans[0].Time.Zone()
	assert.Equal(t, -5*3600, off)
	// The label scan has no offset: its wall clock is kept, not shifted.
	assert.Equal(t, time.Date(2026, 11, 16, 10, 15, 0, 0, time.UTC), u.Scans[5].Time)
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeUPS(t)
	f.Set("1Z5R89390357567127", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "ups", c.ID())

	u, err := c.Track(context.Background(), "1z 5r8 939 03 5756 7127")
	require.NoError(t, err)
	assert.Equal(t, "1z 5r8 939 03 5756 7127", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.Equal(t, "D_FS", u.Scans[0].Code)

	_, err = c.Track(context.Background(), "1Z5R89390357567127")
	require.NoError(t, err)
	assert.Equal(t, 1, f.TokenCalls(), "the token is fetched once and cached")
	assert.Equal(t, 2, f.APICalls())
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeUPS(t)
	f.Set("1Z879E930346834440", route{File: "in_transit.json"}, route{File: "rescheduled.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "1Z879E930346834440")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "1Z879E930346834440")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T16:00:00Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-25T23:59:59Z", second.EstimatedDelivery.Format(time.RFC3339),
		"the rescheduled date (RDD) replaces the scheduled one")
	assert.True(t, second.EstimatedDeliveryStart.IsZero(), "an end-of-day estimate has no window start")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "1Z5R89390357567127"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "404 not found", rt: route{Status: 404, File: "not_found_404.json"}, is: []error{carrier.ErrNotFound}, contains: "TW0001"},
		{name: "warning not found", rt: route{File: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "Tracking Information Not Found"},
		{name: "401", rt: route{Status: 401, Body: `{"response":{"errors":[{"code":"250002","message":"Invalid Authentication Information."}]}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403 blocked merchant", rt: route{Status: 403, Body: `{"response":{"errors":[{"code":"250003","message":"Blocked Merchant"}]}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"7"}}, Body: `{}`}, temporary: true, retryAfter: 7 * time.Second},
		{name: "500", rt: route{Status: 500, Body: `{"response":{"errors":[{"code":"10001","message":"Internal error"}]}}`}, temporary: true},
		{name: "503", rt: route{Status: 503, Body: `{}`}, temporary: true},
		{name: "400 permanent", rt: route{Status: 400, Body: `{"response":{"errors":[{"code":"TV0002","message":"Invalid request"}]}}`}, contains: "400"},
		{name: "malformed JSON", rt: route{Body: `{"trackResponse": {"shipment": [`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", rt: route{Body: `{"trackResponse": {"shipment": {"package": 1}}}`}, is: []error{carrier.ErrMalformed}},
		{name: "no trackResponse", rt: route{Body: `{"something":"else"}`}, is: []error{carrier.ErrMalformed}},
		{name: "html page", rt: route{Body: `<html>maintenance</html>`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable dates", rt: route{Body: `{"trackResponse":{"shipment":[{"package":[{"trackingNumber":"` + n + `","activity":[{"date":"yesterday","time":"noon"}]}]}]}}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "1Z/../../etc", is: []error{carrier.ErrNotFound}},
		{name: "too short", number: "1Z12", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeUPS(t)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testClientSecret}})
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFakeUPS(t)
	c, err := New(Config{
		ClientID: testClientID, ClientSecret: "wrong", MerchantID: testMerchantID, BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), MaxRetries: -1},
	})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "1Z5R89390357567127")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")

	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "onlinetools.ups.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")

	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
}

func TestCode(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "D_KB", Code("D", "KB"))
	assert.Equal(t, "X", Code("X", ""))
	assert.Equal(t, "OT", Code("", "OT"))
	assert.Equal(t, "", Code(" ", ""))
}

func TestHMS(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][3]int{"071356": {7, 13, 56}, "74700": {7, 47, 0}, "235959": {23, 59, 59}} {
		h, m, s, ok := hms(in)
		require.True(t, ok, in)
		assert.Equal(t, want, [3]int{h, m, s}, in)
	}
	for _, in := range []string{"", "246000", "126000", "12:00:00", "-10000", "1234567"} {
		_, _, _, ok := hms(in)
		assert.False(t, ok, in)
	}
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"trackResponse":{"shipment":[{"package":[{"activity":[{"date":"20261301","time":"250000","gmtOffset":"+99:99"}]}]}]}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "1Z5R89390357567127")
		if err == nil {
			require.NotNil(t, u)
			for _, s := range u.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
			}
		} else {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.Contains(err.Error(), "ups: track"), "unexpected error %v", err)
		}
	})
}

func TestEstimate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pkg  string // one package as JSON
		start, end string
	}{
		{"scheduled, no time", `{"deliveryDate":[{"type":"SDD","date":"20261124"}]}`, "", "2026-11-24T23:59:59Z"},
		{"estimated window", `{"deliveryDate":[{"type":"SDD","date":"20261124"}],"deliveryTime":{"type":"EDW","startTime":"090000","endTime":"130000"}}`,
			"2026-11-24T09:00:00Z", "2026-11-24T13:00:00Z"},
		{"confirmed window", `{"deliveryDate":[{"type":"SDD","date":"20261124"}],"deliveryTime":{"type":"CDW","startTime":"140000","endTime":"160000"}}`,
			"2026-11-24T14:00:00Z", "2026-11-24T16:00:00Z"},
		{"commit time", `{"deliveryDate":[{"type":"SDD","date":"20261124"}],"deliveryTime":{"type":"CMT","endTime":"103000"}}`,
			"", "2026-11-24T10:30:00Z"},
		{"end of day", `{"deliveryDate":[{"type":"SDD","date":"20261124"}],"deliveryTime":{"type":"EOD","endTime":"120000"}}`,
			"", "2026-11-24T23:59:59Z"},
		{"rescheduled wins", `{"deliveryDate":[{"type":"RDD","date":"20261126"},{"type":"SDD","date":"20261124"}]}`, "", "2026-11-26T23:59:59Z"},
		{"delivered", `{"deliveryDate":[{"type":"SDD","date":"20261124"},{"type":"DEL","date":"20261124"}]}`, "", ""},
		{"start after end is dropped", `{"deliveryDate":[{"type":"SDD","date":"20261124"}],"deliveryTime":{"type":"EDW","startTime":"180000","endTime":"130000"}}`,
			"", "2026-11-24T13:00:00Z"},
		{"unreadable date", `{"deliveryDate":[{"type":"SDD","date":"2026-11-24"}]}`, "", ""},
		{"none", `{}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p pkg
			require.NoError(t, json.Unmarshal([]byte(tt.pkg), &p))
			start, end := estimate(p)
			adaptertest.AssertTime(t, tt.start, start, "start")
			adaptertest.AssertTime(t, tt.end, end, "end")
		})
	}
}

func TestTrackRenewsRevokedToken(t *testing.T) {
	t.Parallel()
	f := newFakeUPS(t)
	f.Set("1Z5R89390357567127", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), "1Z5R89390357567127")
	require.NoError(t, err)

	f.Revoke() // UPS revokes the token before it expires
	u, err := c.Track(context.Background(), "1Z5R89390357567127")
	require.NoError(t, err, "a 401 must fetch a new token and retry once")
	require.Len(t, u.Scans, 6)

	assert.Equal(t, 2, f.TokenCalls())
	assert.Equal(t, 3, f.APICalls())
}

func TestTrackWaitsRetryAfter(t *testing.T) {
	t.Parallel()
	f := newFakeUPS(t)
	f.Set("1Z5R89390357567127",
		route{Status: 429, Header: http.Header{"Retry-After": {"7"}}, Body: `{}`},
		route{Status: 503, Body: `{}`},
		route{File: "delivered.json"})
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	noJitter := -1.0 // switches jitter off
	c, err := New(Config{
		ClientID: testClientID, ClientSecret: testClientSecret, MerchantID: testMerchantID, BaseURL: f.URL,
		HTTP: kit.HTTPConfig{
			Client:  f.Client(),
			Limiter: rate.NewLimiter(rate.Inf, 1),
			Jitter:  noJitter,
			Sleep: func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return ctx.Err()
			},
		},
	})
	require.NoError(t, err)
	u, err := c.Track(context.Background(), "1Z5R89390357567127")
	require.NoError(t, err, "a 429 and a 503 are retried")
	require.Len(t, u.Scans, 6)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, waits, 2)
	assert.True(t, waits[0] >= 7*time.Second, "the first wait honours Retry-After: %s", waits[0])
}
