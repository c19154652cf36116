package usps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testClientID     = "test-consumer-key"
	testClientSecret = "test-consumer-secret"
)

// route is what the fake USPS answers for one tracking number.
type route = adaptertest.Reply

// fakeUSPS serves the USPS token and tracking endpoints from fixtures.
type fakeUSPS struct {
	*adaptertest.OAuthServer
	adaptertest.Replies // per tracking number; an unknown one gets not_found.json
	t                   testing.TB
	subs                subscriptionStore // the Subscriptions API's state
}

func newFakeUSPS(t testing.TB) *fakeUSPS {
	t.Helper()
	f := &fakeUSPS{t: t}
	f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{
		TokenPath: tokenPath,
		Grant:     grant,
		Unauthorized: route{Status: http.StatusUnauthorized,
			Body: `{"apiVersion":"/tracking/v3","error":{"code":"401","message":"Unauthorized","errors":[{"status":"401","code":"401","title":"Invalid access token"}]}}`},
		API: http.HandlerFunc(f.track),
	})
	return f
}

func grant(r *http.Request, token string) (int, string) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
		r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
		return http.StatusUnauthorized, `{"error":"invalid_client","error_description":"Client authentication failed"}`
	}
	return http.StatusOK, `{"access_token":"` + token + `","token_type":"Bearer","issued_at":1763800000000,"expires_in":28799,"status":"approved","scope":"tracking","issuer":"api.usps.com","client_id":"` + testClientID + `","application_name":"wismo-test"}`
}

func (f *fakeUSPS) track(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, subscriptionsPath) {
		f.subscriptions(w, r)
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
	if got := r.URL.Query().Get("expand"); got != "DETAIL" {
		f.t.Errorf("expand = %q, want DETAIL", got)
	}
	f.Next(number, route{Status: http.StatusNotFound, File: "not_found.json"}).Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeUSPS) *Carrier {
	t.Helper()
	c, err := New(Config{
		ClientID:            testClientID,
		ClientSecret:        testClientSecret,
		BaseURL:             f.URL,
		HTTP:                adaptertest.HTTPConfig(f.Server),
		ListenerURL:         testListenerURL,
		SubscriptionSecrets: []string{testSubSecret, testOldSubSecret},
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
		start, end   string
		service      string
	}{
		{
			file: "delivered.json", number: "9400111899223197428490",
			scans: []wantScan{
				{"2026-11-18T11:01:00-05:00", false, "01", "Delivered, In/At Mailbox", "BROOKLYN, NY"},
				{"2026-11-18T06:10:00-05:00", false, "OF", "Out for Delivery", "BROOKLYN, NY"},
				{"2026-11-18T04:32:00-05:00", false, "07", "Arrived at Post Office", "BROOKLYN, NY"},
				{"2026-11-17T20:05:00-06:00", false, "10", "Processed through Facility", "CHICAGO, IL"},
				{"2026-11-17T15:22:00-06:00", false, "03", "USPS picked up item", "CHICAGO, IL"},
				{"2026-11-17T09:48:00-06:00", false, "GX", "Shipping Label Created, USPS Awaiting Item", "CHICAGO, IL"},
			},
			service: "USPS Ground Advantage",
		},
		{
			file: "in_transit.json", number: "9205590164917312751089",
			scans: []wantScan{
				// No GMTOffset: the offset comes from GMTTimestamp.
				{"2026-11-22T23:14:00-08:00", false, "10", "Arrived at USPS Regional Facility", "LOS ANGELES CA DISTRIBUTION CENTER"},
				{"2026-11-22T13:40:00-08:00", false, "03", "USPS picked up item", "PASADENA, CA"},
				// Neither: the wall clock is kept and flagged.
				{"2026-11-21T17:02:00Z", true, "GX", "Shipping Label Created, USPS Awaiting Item", "PASADENA, CA"},
			},
			end:     "2026-11-24T23:59:59Z",
			service: "Priority Mail",
		},
		{
			file: "revised.json", number: "9205590164917312751089",
			scans: []wantScan{
				{"2026-11-23T18:00:00-08:00", false, "", "Arriving Late", ""},
				{"2026-11-22T23:14:00-08:00", false, "10", "Arrived at USPS Regional Facility", "LOS ANGELES CA DISTRIBUTION CENTER"},
				{"2026-11-22T13:40:00-08:00", false, "03", "USPS picked up item", "PASADENA, CA"},
				{"2026-11-21T17:02:00Z", true, "GX", "Shipping Label Created, USPS Awaiting Item", "PASADENA, CA"},
			},
			start: "2026-11-26T10:00:00Z", end: "2026-11-26T14:00:00Z",
			service: "Priority Mail",
		},
		{
			file: "attempted.json", number: "9361289949033400000036",
			scans: []wantScan{
				{"2026-11-20T09:15:00-07:00", false, "16", "Available for Pickup", "PHOENIX, AZ"},
				{"2026-11-19T14:47:00-07:00", false, "02", "Notice Left (No Authorized Recipient Available)", "PHOENIX, AZ"},
				{"2026-11-19T07:30:00-07:00", false, "OF", "Out for Delivery", "PHOENIX, AZ"},
			},
			end:     "2026-11-20T23:59:59Z",
			service: "Priority Mail",
		},
		{
			file: "exception.json", number: "LZ123456785US",
			scans: []wantScan{
				{"2026-11-21T10:05:00+01:00", false, "04", "Refused", "PARIS, FRANCE"},
				{"2026-11-20T11:30:00+01:00", false, "53", "Receptacle Blocked", "PARIS, FRANCE"},
			},
			service: "Priority Mail International",
		},
		{
			// The estimate in the v3r2 shape (deliveryDateExpectation), and an
			// event with a date only.
			file: "v3r2_shape.json", number: "9400111899223197428506",
			scans: []wantScan{
				{"2026-11-23T04:00:00-06:00", false, "T1", "Departed USPS Regional Facility", "DALLAS TX DISTRIBUTION CENTER"},
				{"2026-11-22T00:00:00Z", true, "03", "USPS picked up item", "AUSTIN, TX"},
			},
			start: "2026-11-24T09:00:00Z", end: "2026-11-24T13:00:00Z",
			service: "USPS Ground Advantage",
		},
		{
			// No mail class, locations or estimate; one event whose time USPS
			// never writes (skipped); one with only the GMT time.
			file: "minimal.json", number: "9400100000000000000000",
			scans: []wantScan{
				{"2026-11-22T16:45:00Z", true, "", "Accepted at USPS Origin Facility", ""},
				{"2026-11-22T21:00:00-05:00", false, "10", "Processed through Facility", ""},
			},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped events")
			assert.Equal(t, ID, u.Carrier)
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

func TestEventTimeMatchesGMT(t *testing.T) {
	t.Parallel()
	u, _, err := parse(adaptertest.Fixture(t, "delivered.json"), "9400111899223197428490")
	require.NoError(t, err)
	// 11:01 at -05:00 is the GMTTimestamp 16:01Z.
	assert.True(t, u.Scans[0].Time.Equal(time.Date(2026, 11, 18, 16, 1, 0, 0, time.UTC)))
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeUSPS(t)
	f.Set("9400111899223197428490", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "usps", c.ID())

	u, err := c.Track(context.Background(), "9400 1118 9922 3197 4284 90")
	require.NoError(t, err)
	assert.Equal(t, "9400 1118 9922 3197 4284 90", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.True(t, u.EstimatedDelivery.IsZero(), "a delivered item has no estimate")
	_, err = c.Track(context.Background(), "9400111899223197428490")
	require.NoError(t, err)

	assert.Equal(t, 1, f.TokenCalls(), "the token is fetched once and cached")
	assert.Equal(t, 2, f.APICalls())
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeUSPS(t)
	f.Set("9205590164917312751089", route{File: "in_transit.json"}, route{File: "revised.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "9205590164917312751089")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "9205590164917312751089")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T23:59:59Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-26T14:00:00Z", second.EstimatedDelivery.Format(time.RFC3339),
		"the predicted delivery window replaces the expected date")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "9400111899223197428490"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "404", rt: route{Status: 404, File: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "Tracking number not found"},
		{name: "400 150001 not yet available", rt: route{Status: 400, File: "not_yet_available.json"}, is: []error{carrier.ErrNotFound}, contains: "not yet available"},
		{name: "200 with error 150001", rt: route{Body: `{"error":{"code":"400","message":"Bad Request","errors":[{"status":"400","code":"150001","title":"A status update is not yet available on your package."}]}}`}, is: []error{carrier.ErrNotFound}},
		{name: "404 without body", rt: route{Status: 404, Body: ``}, is: []error{carrier.ErrNotFound}},
		{name: "200 with error", rt: route{Body: `{"error":{"code":"404","message":"Resource not found"}}`}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{Status: 401, Body: `{"error":{"code":"401","message":"Unauthorized"}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{Status: 403, Body: `{"error":{"code":"403","message":"Forbidden","errors":[{"status":"403","title":"Insufficient scope"}]}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"30"}}, Body: `{"error":{"code":"429","message":"Too Many Requests"}}`}, temporary: true, retryAfter: 30 * time.Second},
		{name: "500", rt: route{Status: 500, Body: `{"error":{"code":"500","message":"Internal Server Error"}}`}, temporary: true},
		{name: "503", rt: route{Status: 503, Body: `{}`}, temporary: true},
		{name: "400", rt: route{Status: 400, Body: `{"error":{"code":"400","message":"Bad Request","errors":[{"status":"400","title":"Invalid tracking number"}]}}`}, contains: "400"},
		{name: "malformed JSON", rt: route{Body: `{"trackingNumber": "9400`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", rt: route{Body: `{"trackingNumber": "x", "trackingEvents": {"a": 1}}`}, is: []error{carrier.ErrMalformed}},
		{name: "empty object", rt: route{Body: `{}`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable times", rt: route{Body: `{"trackingNumber":"` + n + `","trackingEvents":[{"eventType":"Delivered","eventTimestamp":"today"}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "9400/../11", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeUSPS(t)
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
	f := newFakeUSPS(t)
	c, err := New(Config{ClientID: testClientID, ClientSecret: "wrong", BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), MaxRetries: -1}})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "9400111899223197428490")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")
	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "apis.usps.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"trackingNumber":"1","trackingEvents":[{"eventTimestamp":"2026-02-30T25:61:00","GMTTimestamp":"x","GMTOffset":"+99:99"}],"predictedDeliveryDate":"2026-11-26","predictedDeliveryWindowEndTime":"25:00"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "9400111899223197428490")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "usps: track"), "unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
		}
	})
}
