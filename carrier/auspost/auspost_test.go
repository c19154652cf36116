package auspost

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testKey      = "0f4c6b6a-7f3e-4b1c-9a57-3e2b8f0d4a11"
	testPassword = "x9Kq2LmW7vR4tY8p"
	testAccount  = "1234567890"
)

type route = adaptertest.Reply

// fakeAusPost serves Track Items. Each number asked gets the tracking result
// of its fixture (the fixture's first result, with the number as its
// tracking_id); an unknown number gets ESB-10001. A reply set with Set for
// the whole query ("a,b") is answered as is.
type fakeAusPost struct {
	*httptest.Server
	adaptertest.Replies
	t testing.TB

	mu      sync.Mutex
	queries []string
}

func newFake(t testing.TB) *fakeAusPost {
	t.Helper()
	f := &fakeAusPost{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAusPost) serve(w http.ResponseWriter, r *http.Request) {
	if user, pass, ok := r.BasicAuth(); !ok || user != testKey || pass != testPassword || r.Header.Get("Account-Number") != testAccount {
		route{Status: http.StatusUnauthorized, Body: `{"errors":[{"code":"API_001","name":"UNAUTHORISED","message":"Unauthorised"}]}`}.Write(f.t, w)
		return
	}
	if r.URL.Path != "/shipping/v1/track" || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query().Get("tracking_ids")
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	missing := route{Status: -1}
	if rt := f.Next(q, missing); rt.Status != -1 {
		rt.Write(f.t, w)
		return
	}
	var results []string
	for _, n := range strings.Split(q, ",") {
		rt := f.Next(n, route{File: "not_found.json"})
		results = append(results, firstResult(f.t, rt, n))
	}
	route{Body: `{"tracking_results":[` + strings.Join(results, ",") + `]}`}.Write(f.t, w)
}

// firstResult returns the first tracking result of rt's fixture with n as
// its tracking_id.
func firstResult(t testing.TB, rt route, n string) string {
	var doc struct {
		TrackingResults []map[string]any `json:"tracking_results"`
	}
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, rt.File), &doc), rt.File)
	require.NotEmpty(t, doc.TrackingResults, rt.File)
	r := doc.TrackingResults[0]
	r["tracking_id"] = n
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return string(b)
}

func (f *fakeAusPost) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

func newTestCarrier(t testing.TB, f *fakeAusPost) *Carrier {
	t.Helper()
	c, err := New(Config{APIKey: testKey, Password: testPassword, AccountNumber: testAccount, BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	return c
}

type wantScan adaptertest.Scan

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		skipped      int
		service      string
	}{
		{file: "delivered.json", number: "33LPN5012345", service: "Parcel Post", scans: []wantScan{
			{"2026-11-20T11:04:27+11:00", false, "", "Delivered - Left in a safe place", "KEW VIC"},
			{"2026-11-20T08:34:14+11:00", false, "", "Onboard for delivery", "OAKLEIGH SOUTH VIC"},
			{"2026-11-19T11:48:23+11:00", false, "", "Item processed at facility", "SUNSHINE WEST VIC"},
			{"2026-11-18T22:13:13+11:00", false, "", "In transit to next facility in SUNSHINE WEST VIC", ""},
			{"2026-11-17T15:06:59+08:00", false, "", "Received by Australia Post", "PERTH AIRPORT WA"},
			{"2026-11-17T09:22:43+08:00", false, "", "Shipping information received by Australia Post", ""},
		}},
		{file: "in_transit.json", number: "33LPN5012346", service: "Express Post", scans: []wantScan{
			{"2026-11-22T21:17:09+11:00", false, "", "Item processed at facility", "CHULLORA NSW"},
			{"2026-11-22T14:02:00+11:00", false, "", "Received by Australia Post", "ALEXANDRIA NSW"},
			{"2026-11-21T16:31:54+11:00", false, "", "Shipping information approved by Australia Post", ""},
		}},
		{file: "attempted.json", number: "33LPN5012347", service: "Parcel Post", scans: []wantScan{
			{"2026-11-21T13:59:55+11:00", false, "", "Awaiting collection", "PORT MELBOURNE VIC"},
			{"2026-11-21T10:46:22+11:00", false, "", "Attempted delivery - being carded to Australia Post outlet", "MELTON VIC"},
			{"2026-11-21T07:12:00+11:00", false, "", "Onboard for delivery", "MELTON VIC"},
		}},
		{file: "exception.json", number: "33LPN5012348", service: "Parcel Post", scans: []wantScan{
			{"2026-11-22T09:40:00+10:30", false, "", "Article damaged", "ADELAIDE SA"},
			{"2026-11-21T14:05:00+10:30", false, "", "Unable to be left in a safe place - Location not suitable", "ADELAIDE SA"},
			{"2026-11-21T07:55:00+10:30", false, "", "Onboard for delivery", "ADELAIDE SA"},
		}},
		{file: "startrack.json", number: "ZQD5012345", service: "Premium", scans: []wantScan{
			{"2026-11-18T14:35:07+11:00", false, "", "Item Delivered", "MEL"},
			{"2026-11-18T09:50:05+11:00", false, "", "On Board for Delivery", "MEL"},
			{"2026-11-18T14:35:07+11:00", false, "", "Item Delivered", "MEL"},
			{"2026-11-18T14:36:40+11:00", false, "", "Item Delivered", "MEL"},
		}},
		{
			// No product type; a time without an offset is a local wall
			// clock; a location is trimmed; an unreadable date is skipped.
			file: "minimal.json", number: "JD014600006107345000", skipped: 1, scans: []wantScan{
				{"2026-11-20T18:30:12Z", true, "", "Item processed at facility", ""},
				{"2026-11-20T09:15:00+11:00", false, "", "Received by Australia Post", "SYDNEY NSW"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			us, errs, skipped, err := parse(adaptertest.Fixture(t, tt.file), []string{tt.number})
			require.NoError(t, err)
			require.NoError(t, errs[tt.number])
			u := us[tt.number]
			require.NotNil(t, u)
			assert.Equal(t, tt.skipped, skipped)
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.service, u.Service)
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
			assert.True(t, u.EstimatedDelivery.IsZero(), "Track Items gives no estimate")
		})
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("33LPN5012345", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "auspost", c.ID())
	u, err := c.Track(context.Background(), "33lpn 5012-345")
	require.NoError(t, err)
	assert.Equal(t, "33lpn 5012-345", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.Equal(t, []string{"33LPN5012345"}, f.asked())
}

func TestTrackBatch(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("33LPN5012345", route{File: "delivered.json"})
	f.Set("33LPN5012346", route{File: "in_transit.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, 10, c.MaxBatch())
	res, err := c.TrackBatch(context.Background(), []string{"33LPN5012345", "33LPN5099999", "bad/number", "33LPN5012346", "33lpn5012345"})
	require.NoError(t, err)
	require.Len(t, res, 5)
	assert.Len(t, res[0].Update.Scans, 6)
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound)
	assert.ErrorIs(t, res[2].Err, carrier.ErrNotFound, "a number that cannot be one is not sent")
	assert.Len(t, res[3].Update.Scans, 3)
	require.NoError(t, res[4].Err)
	assert.Equal(t, "33lpn5012345", res[4].Update.TrackingNumber)
	res[0].Update.Scans[0].Description = "changed"
	assert.Equal(t, "Delivered - Left in a safe place", res[4].Update.Scans[0].Description, "each result owns its scans")
	assert.Equal(t, []string{"33LPN5012345,33LPN5099999,33LPN5012346"}, f.asked(), "one request, each number once")

	_, err = c.TrackBatch(context.Background(), make([]string, 11))
	require.Error(t, err)
}

// TestTrackBatchWholeRequestNotFound: error 51104 is about the whole request;
// the numbers are then asked one by one.
func TestTrackBatchWholeRequestNotFound(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("33LPN5012345,33LPN5099999", route{Status: 400, Body: `{"errors":[{"code":"51104","name":"INVALID_TRACKING_ID","message":"One or more submitted tracking ids could not be found."}]}`})
	f.Set("33LPN5012345", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	res, err := c.TrackBatch(context.Background(), []string{"33LPN5012345", "33LPN5099999"})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	assert.Len(t, res[0].Update.Scans, 6)
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound)
	assert.Equal(t, []string{"33LPN5012345,33LPN5099999", "33LPN5012345", "33LPN5099999"}, f.asked())
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "33LPN5012345"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "ESB-10001 in the result", rt: route{File: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "Invalid tracking ID"},
		{name: "ESB-10002 not trackable", rt: route{Body: `{"tracking_results":[{"tracking_id":"` + n + `","errors":[{"code":"ESB-10002","name":"Product not trackable"}]}]}`}, is: []error{carrier.ErrNotFound}},
		{name: "51104 for the request", rt: route{Status: 400, Body: `{"errors":[{"code":"51104","name":"INVALID_TRACKING_ID"}]}`}, is: []error{carrier.ErrNotFound}, contains: "51104"},
		{name: "404", rt: route{Status: 404, Body: `{}`}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{Status: 401, Body: `{"errors":[{"code":"API_001","name":"UNAUTHORISED"}]}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{Status: 403, Body: `{"errors":[{"code":"44003","name":"Forbidden"}]}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"60"}}, Body: `{"errors":[{"error_code":"API_002","error_name":"Too many requests"}]}`}, temporary: true, retryAfter: time.Minute},
		{name: "API_002 in a 200", rt: route{Body: `{"errors":[{"error_code":"API_002","error_name":"Too many requests"}]}`}, temporary: true},
		{name: "500", rt: route{Status: 500, Body: `{"errors":[{"code":"ESB-20010","name":"System Error"}]}`}, temporary: true},
		{name: "ESB-20050 in the result", rt: route{Body: `{"tracking_results":[{"tracking_id":"` + n + `","errors":[{"code":"ESB-20050","name":"System Error"}]}]}`}, temporary: true},
		{name: "503", rt: route{Status: 503}, temporary: true},
		{name: "51101", rt: route{File: "real_karrio_error_51101.json"}, contains: "51101 TOO_MANY_AP_TRACKING_IDS"},
		{name: "400", rt: route{Status: 400, Body: `{"errors":[{"code":"51100","name":"TRACKING_ID_MISSING"}]}`}, contains: "400"},
		{name: "garbage", rt: route{Body: `{"tracking_results": [`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", rt: route{Body: `{"tracking_results": {"a": 1}}`}, is: []error{carrier.ErrMalformed}},
		{name: "empty object", rt: route{Body: `{}`}, is: []error{carrier.ErrMalformed}},
		{name: "other number", rt: route{Body: `{"tracking_results":[{"tracking_id":"A1","trackable_items":[]},{"tracking_id":"B2","trackable_items":[]}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable times", rt: route{Body: `{"tracking_results":[{"tracking_id":"` + n + `","trackable_items":[{"events":[{"description":"Delivered","date":"today"}]}]}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "33LPN/../1", is: []error{carrier.ErrNotFound}},
		{name: "short number", number: "1234", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.Set(n, tt.rt)
			number := tt.number
			if number == "" {
				number = n
			}
			c := newTestCarrier(t, f)
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains,
				NotContains: []string{testPassword, base64.StdEncoding.EncodeToString([]byte(testKey + ":" + testPassword))}})
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, err := New(Config{APIKey: testKey, Password: "wrong-password", AccountNumber: testAccount, BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "33LPN5012345")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong-password")
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	for _, want := range []string{"APIKey is required", "Password is required", "AccountNumber is required"} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = New(Config{APIKey: "a", Password: "b", AccountNumber: "c", BaseURL: "digitalapi.auspost.com.au"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{APIKey: "a", Password: "b", AccountNumber: "c"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"tracking_results":[{"tracking_id":"33LPN5012345","consignment":{"events":[{"date":"2026-02-30T25:61:00+99:00","description":" "}]},"trackable_items":[{"items":[{"items":[{"events":[{}]}]}]}]}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		us, errs, _, err := parse(body, []string{"33LPN5012345"})
		if err != nil {
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "auspost: track"), "unexpected error %v", err)
			return
		}
		u, e := us["33LPN5012345"], errs["33LPN5012345"]
		require.True(t, (u == nil) != (e == nil), "one update or one error per number")
		if u != nil {
			for _, s := range u.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
				require.NotEmpty(t, s.Description, "a scan without a code must have a description")
			}
		}
	})
}

// TestBatchErrorsRedacted: a per-number error whose text repeats the
// credentials does not carry them.
func TestBatchErrorsRedacted(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("33LPN5012345,33LPN5012346", route{Body: `{"tracking_results":[` +
		`{"tracking_id":"33LPN5012345","errors":[{"code":"ESB-10001","name":"Invalid tracking ID","message":"key ` + testKey + ` password ` + testPassword + `"}]},` +
		`{"tracking_id":"33LPN5012346","errors":[{"code":"51100","name":"` + testPassword + `"}]}]}`})
	c := newTestCarrier(t, f)
	res, err := c.TrackBatch(context.Background(), []string{"33LPN5012345", "33LPN5012346"})
	require.NoError(t, err)
	for _, r := range res {
		require.Error(t, r.Err)
		assert.NotContains(t, r.Err.Error(), testPassword)
		assert.NotContains(t, r.Err.Error(), testKey)
	}
	assert.ErrorIs(t, res[0].Err, carrier.ErrNotFound, "redaction keeps the error's class")
}

// TestTrackBatchMixedIDs: error 51103 refuses Australia Post and StarTrack
// ids in one request; each is then asked alone.
func TestTrackBatchMixedIDs(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("33LPN5012345,ZQD5012345", route{Status: 400, Body: `{"errors":[{"code":"51103","name":"TRACKING_IDS_MIX_OF_AP_AND_ST","message":"The request must only contain tracking ids for either StarTrack consignment ids or a mix of AP article ids, consignment ids, or barcode ids."}]}`})
	f.Set("33LPN5012345", route{File: "delivered.json"})
	f.Set("ZQD5012345", route{File: "startrack.json"})
	c := newTestCarrier(t, f)
	res, err := c.TrackBatch(context.Background(), []string{"33LPN5012345", "ZQD5012345"})
	require.NoError(t, err)
	require.NoError(t, res[0].Err)
	require.NoError(t, res[1].Err)
	assert.Len(t, res[0].Update.Scans, 6)
	assert.Len(t, res[1].Update.Scans, 4)
	assert.Equal(t, []string{"33LPN5012345,ZQD5012345", "33LPN5012345", "ZQD5012345"}, f.asked())

	// Alone, the same refusal is a permanent error.
	f.Set("33LPN5012346", route{Status: 400, Body: `{"errors":[{"code":"51103","name":"TRACKING_IDS_MIX_OF_AP_AND_ST"}]}`})
	_, err = c.Track(context.Background(), "33LPN5012346")
	require.Error(t, err)
	assert.False(t, carrier.IsTemporary(err))
	assert.Contains(t, err.Error(), "51103")
}

func TestEventTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		local    bool
		ok       bool
	}{
		{"2021-01-21T11:04:27+11:00", "2021-01-21T11:04:27+11:00", false, true},
		{"2021-01-21T11:04:27+1100", "2021-01-21T11:04:27+11:00", false, true},
		{"2021-01-21T11:04:27.123+10:30", "2021-01-21T11:04:27+10:30", false, true},
		{"2018-06-18 18:30:12", "2018-06-18T18:30:12Z", true, true},
		{"2018-06-18T18:30:12", "2018-06-18T18:30:12Z", true, true},
		{"18/06/2018", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		got, local, ok := eventTime(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		if ok {
			assert.Equal(t, tt.want, got.Format(time.RFC3339), tt.in)
			assert.Equal(t, tt.local, local, tt.in)
		}
	}
}
