package postnl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const testKey = "postnl-test-apikey-7c1e"

type route = adaptertest.Reply

// fakePostNL serves the Shipping Status API from fixtures.
type fakePostNL struct {
	*httptest.Server
	adaptertest.Replies // per barcode; an unknown one gets not_found.json
	t                   testing.TB
	language            string // the language requests must ask for
}

func newFakePostNL(t testing.TB) *fakePostNL {
	t.Helper()
	f := &fakePostNL{t: t, language: "NL"}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakePostNL) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("apikey") != testKey {
		route{Status: http.StatusUnauthorized, Body: `{"message":"Failed to resolve API Key variable 'request.header.apikey'","http_status_code":401}`}.Write(f.t, w)
		return
	}
	barcode, ok := strings.CutPrefix(r.URL.Path, statusPath)
	if !ok || r.Method != http.MethodGet {
		route{Status: http.StatusMethodNotAllowed, Body: `{"message":"Only GET requests allowed","http_status_code":405}`}.Write(f.t, w)
		return
	}
	if q := r.URL.Query(); q.Get("detail") != "true" || q.Get("language") != f.language {
		f.t.Errorf("query %q, want detail=true and language=%s", r.URL.RawQuery, f.language)
	}
	f.Next(barcode, route{File: "not_found.json"}).Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakePostNL) *Carrier {
	t.Helper()
	c, err := New(Config{APIKey: testKey, BaseURL: f.URL, Language: f.language, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	return c
}

type wantScan adaptertest.Scan

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		start, end   string
		service      string
	}{
		{
			file: "delivered.json", number: "3SWISM0000001", service: "Standaard zending",
			scans: []wantScan{
				{"2026-11-19T13:41:07Z", true, "I01", "Zending is bezorgd", ""},
				{"2026-11-19T09:02:55Z", true, "J05", "Bezorger is onderweg", ""},
				{"2026-11-19T05:14:20Z", true, "J01", "Zending is gesorteerd", ""},
				{"2026-11-18T22:48:31Z", true, "B01", "Zending is ontvangen door PostNL", ""},
				{"2026-11-18T15:20:04Z", true, "A01", "Pakket is nog niet door PostNL ontvangen of verwerkt", ""},
			},
			// Delivered (phase 4): no estimate, although the answer still has one.
		},
		{
			file: "in_transit.json", number: "3SWISM0000002", service: "Standaard zending",
			scans: []wantScan{
				{"2026-11-24T05:02:11Z", true, "J01", "Zending is gesorteerd", ""},
				{"2026-11-23T21:37:45Z", true, "B01", "Zending is ontvangen door PostNL", ""},
				{"2026-11-23T11:09:58Z", true, "A01", "Pakket is nog niet door PostNL ontvangen of verwerkt", ""},
			},
			start: "2026-11-24T10:30:00Z", end: "2026-11-24T12:30:00Z",
		},
		{
			file: "revised.json", number: "3SWISM0000002", service: "Standaard zending",
			scans: []wantScan{
				{"2026-11-24T11:48:30Z", true, "J14", "Sorry, bezorgmoment is bijgewerkt", ""},
				{"2026-11-24T05:02:11Z", true, "J01", "Zending is gesorteerd", ""},
				{"2026-11-23T21:37:45Z", true, "B01", "Zending is ontvangen door PostNL", ""},
				{"2026-11-23T11:09:58Z", true, "A01", "Pakket is nog niet door PostNL ontvangen of verwerkt", ""},
			},
			start: "2026-11-25T16:00:00Z", end: "2026-11-25T18:30:00Z",
		},
		{
			file: "attempted.json", number: "3SWISM0000003", service: "Standaard zending",
			scans: []wantScan{
				{"2026-11-26T16:02:40Z", true, "J02", "Pakket ligt voor je klaar op PostNL-punt", ""},
				{"2026-11-25T18:10:05Z", true, "K71", "Bezorgen lukte niet, zending gaat naar PostNL-punt", ""},
				{"2026-11-25T18:09:51Z", true, "Y42", "Zending is niet afgeleverd, geadresseerde is onbereikbaar", ""},
				{"2026-11-25T15:31:12Z", true, "J05", "Bezorger is onderweg", ""},
			},
		},
		{
			file: "exception.json", number: "CP123456785DE", service: "Pakket buitenland",
			scans: []wantScan{
				{"2026-11-27T10:20:00Z", true, "X67", "Wacht op betaling importkosten", ""},
				{"2026-11-27T06:45:13Z", true, "A76", "Zending aangekomen in Nederland", ""},
				{"2026-11-25T19:30:00Z", true, "A75", "Zending is onderweg naar Nederland", ""},
			},
		},
		{
			// CurrentStatus only (no detail), empty elements as {}, a status
			// code written as a number, no product, no expectation.
			file: "minimal.json", number: "3SWISM0000004",
			scans: []wantScan{
				{"2026-11-21T08:15:42Z", true, "7", "Zending in distributieproces", ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Zero(t, skipped)
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

// TestRecordedAnswers parses every recorded answer in testdata (see
// testdata/SOURCES.md): the number of scans, the newest scan's code and
// time, and the estimate.
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        int
		code, at     string
		start, end   string
		notFound     bool
	}{
		{file: "recorded_openapi_current.json", number: "3SDEVC288882229", scans: 1, code: "7", at: "2022-11-08T10:13:20Z", end: "2022-11-08T23:59:59Z"},
		{file: "recorded_openapi_complete.json", number: "3SDEVC288882229", scans: 4, code: "J05", at: "2022-11-08T10:13:20Z", start: "2022-11-08T14:50:00Z", end: "2022-11-08T16:50:00Z"},
		{file: "recorded_openapi_multicollo.json", number: "3SDEVC5672025", scans: 1, code: "A01", at: "2022-11-07T12:36:41Z"},
		{file: "recorded_openapi_multicollo.json", number: "3SDEVC7755088", scans: 1, code: "A01", at: "2022-11-07T12:35:44Z"},
		{file: "recorded_openapi_no_shipment.json", number: "3SDEVC000000000", notFound: true},
		{file: "recorded_firstred_completestatus.json", number: "3SDEVC123456789", scans: 3, code: "01B", at: "2018-03-07T23:20:05Z", start: "2018-03-08T11:30:00Z", end: "2018-03-08T14:00:00Z"},
		{file: "recorded_firstred_completestatus2.json", number: "3SDEVC123456789", scans: 1, code: "01B", at: "2018-03-07T23:20:05Z", start: "2018-03-08T11:30:00Z", end: "2018-03-08T14:00:00Z"},
		{file: "recorded_firstred_completestatus3.json", number: "3SABCD987516327", scans: 5, code: "01B", at: "2021-03-26T15:06:53Z"},
		{file: "recorded_firstred_currentstatus.json", number: "3SDEVC302392342", scans: 1, code: "2", at: "2018-03-07T23:20:05Z"},
		{file: "recorded_firstred_currentstatus2.json", number: "3SDEVC302392342", scans: 1, code: "2", at: "2018-03-07T23:20:05Z"},
		{file: "recorded_firstred_currentstatus3.json", number: "3SABCD987040009", scans: 1, code: "11", at: "2021-02-26T12:54:08Z"},
		{file: "recorded_firstred_nocurrentshipments.json", number: "3SDEVC000000000", notFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.number, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			if tt.notFound {
				require.ErrorIs(t, err, carrier.ErrNotFound)
				assert.Contains(t, err.Error(), "No shipment found")
				return
			}
			require.NoError(t, err)
			assert.Zero(t, skipped)
			require.Len(t, u.Scans, tt.scans)
			adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: tt.at, LocalTime: true, Code: tt.code, Description: u.Scans[0].Description})
			assert.NotEmpty(t, u.Scans[0].Description)
			adaptertest.AssertTime(t, tt.start, u.EstimatedDeliveryStart, "EstimatedDeliveryStart")
			adaptertest.AssertTime(t, tt.end, u.EstimatedDelivery, "EstimatedDelivery")
		})
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakePostNL(t)
	f.Set("3SWISM0000001", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "postnl", c.ID())
	u, err := c.Track(context.Background(), "3s-wism 0000001")
	require.NoError(t, err)
	assert.Equal(t, "3s-wism 0000001", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 5)
	assert.True(t, u.EstimatedDelivery.IsZero(), "a delivered parcel has no estimate")
}

func TestTrackLanguageAndMaxDays(t *testing.T) {
	t.Parallel()
	f := newFakePostNL(t)
	f.language = "EN"
	f.Set("3SDEVC288882229", route{File: "recorded_openapi_complete.json"})
	var maxDays string
	inner := f.Config.Handler
	f.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		maxDays = r.URL.Query().Get("maxDays")
		inner.ServeHTTP(w, r)
	})
	c, err := New(Config{APIKey: testKey, BaseURL: f.URL, Language: "en", MaxDays: 14, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	u, err := c.Track(context.Background(), "3SDEVC288882229")
	require.NoError(t, err)
	assert.Equal(t, "14", maxDays)
	assert.Equal(t, "Driver is en route", u.Scans[0].Description)
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakePostNL(t)
	f.Set("3SWISM0000002", route{File: "in_transit.json"}, route{File: "revised.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "3SWISM0000002")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "3SWISM0000002")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T12:30:00Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-25T18:30:00Z", second.EstimatedDelivery.Format(time.RFC3339), "the new expectation replaces the old one")
	assert.Equal(t, "2026-11-25T16:00:00Z", second.EstimatedDeliveryStart.Format(time.RFC3339))
}

func TestTimeWithOffset(t *testing.T) {
	t.Parallel()
	body := `{"CompleteStatus":{"Shipment":{"Barcode":"3SWISM0000006","Event":[
		{"Code":"B01","Description":"Zending is ontvangen door PostNL","TimeStamp":"2026-11-29T22:01:00+01:00"},
		{"Code":"A01","Description":"Pakket is nog niet door PostNL ontvangen of verwerkt","TimeStamp":"29-11-2026 12:00:00"}]}}}`
	u, _, err := parse([]byte(body), "3SWISM0000006")
	require.NoError(t, err)
	require.Len(t, u.Scans, 2)
	adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: "2026-11-29T22:01:00+01:00", Code: "B01", Description: "Zending is ontvangen door PostNL"})
	adaptertest.AssertScan(t, 1, u.Scans[1], ID, adaptertest.Scan{Time: "2026-11-29T12:00:00Z", LocalTime: true, Code: "A01", Description: "Pakket is nog niet door PostNL ontvangen of verwerkt"})
}

func TestEstimateFromDeliveryDate(t *testing.T) {
	t.Parallel()
	body := `{"CurrentStatus":{"Shipment":{"Barcode":"3SWISM0000005","DeliveryDate":"2026-11-30",
		"Status":{"TimeStamp":"29-11-2026 22:01:00","StatusCode":"2","StatusDescription":"Zending in ontvangst genomen","PhaseCode":"1"}}}}`
	u, _, err := parse([]byte(body), "3SWISM0000005")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-30T23:59:59Z", u.EstimatedDelivery.Format(time.RFC3339), "a planned day without a window is the end of that day")
	assert.True(t, u.EstimatedDeliveryStart.IsZero())
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "3SWISM0000001"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "no shipment found", rt: route{File: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "No shipment found"},
		{name: "no shipment found, recorded", rt: route{File: "recorded_firstred_nocurrentshipments.json"}, is: []error{carrier.ErrNotFound}},
		{name: "empty CurrentStatus", rt: route{Body: `{"CurrentStatus":{}}`}, is: []error{carrier.ErrNotFound}},
		{name: "404", rt: route{Status: 404, Body: `{"fault":{"faultstring":"Resource not found","detail":{"errorcode":"messaging.adaptors.http.flow.NotFound"}}}`}, is: []error{carrier.ErrNotFound}, contains: "Resource not found"},
		{name: "401", rt: route{Status: 401, Body: `{"message":"Failed to resolve API Key variable 'request.header.apikey'","http_status_code":401}`}, is: []error{carrier.ErrUnauthorized}, contains: "Failed to resolve API Key"},
		{name: "403", rt: route{Status: 403, Body: `{"fault":{"faultstring":"Forbidden","detail":{"errorcode":"accesscontrol.IPDeniedAccess"}}}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"60"}}, Body: `{"message":"Too many requests. Rate limit exceeded!","http_status_code":429}`}, temporary: true, retryAfter: time.Minute},
		{name: "500", rt: route{Status: 500, Body: `{"fault":{"faultstring":"Internal error","detail":{"errorcode":"Internal Server Error"}}}`}, temporary: true},
		{name: "503", rt: route{Status: 503, Body: `<html>Service Unavailable</html>`}, temporary: true},
		{name: "400", rt: route{Status: 400, Body: `{"fault":{"faultstring":"no barcode supplied in path","detail":{"errorcode":"Validation Fault"}}}`}, contains: "Validation Fault"},
		{name: "405", rt: route{Status: 405, Body: `{"message":"Only GET requests allowed","http_status_code":405}`}, contains: "405"},
		{name: "malformed JSON", rt: route{Body: `{"CompleteStatus": {"Shipment"`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "garbage", rt: route{Body: `<html>Bad gateway</html>`}, is: []error{carrier.ErrMalformed}},
		{name: "empty object", rt: route{Body: `{}`}, is: []error{carrier.ErrMalformed}},
		{name: "wrong type", rt: route{Body: `{"CompleteStatus":{"Shipment":"3SWISM0000001"}}`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable times", rt: route{Body: `{"CompleteStatus":{"Shipment":{"Barcode":"` + n + `","Event":[{"Code":"I01","Description":"Zending is bezorgd","TimeStamp":"gisteren"}]}}}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "3S/../WISM", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakePostNL(t)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testKey}})
		})
	}
}

func TestTrackWrongKey(t *testing.T) {
	t.Parallel()
	f := newFakePostNL(t)
	c, err := New(Config{APIKey: "wrong-key-123", BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "3SWISM0000001")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong-key-123")
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Language: "PL", MaxDays: -1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "APIKey is required")
	assert.Contains(t, err.Error(), `Language "PL"`)
	assert.Contains(t, err.Error(), "MaxDays")
	_, err = New(Config{APIKey: "k", BaseURL: "api.postnl.nl"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{APIKey: "k"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
	assert.Equal(t, "NL", c.cfg.Language)
}

func TestText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`"  a "`: "a", `{}`: "", `null`: "", `12`: "12", `[1]`: "", `true`: ""} {
		var got text
		require.NoError(t, got.UnmarshalJSON([]byte(in)), in)
		assert.Equal(t, want, string(got), in)
	}
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"CurrentStatus":{"Shipment":[{"Barcode":{},"Status":{"TimeStamp":"31-02-2026 25:61:00","StatusCode":99}}]},"Warnings":{"Code":2}}`))
	f.Add([]byte(`{"CompleteStatus":{"Shipment":{"Event":{"Code":"I01","TimeStamp":"2026-11-19"},"Expectation":{"ETAFrom":"x","ETATo":"2026-11-19T25:00:00"}}}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "3SWISM0000001")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound), "unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		require.NotEmpty(t, u.Scans)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
			require.True(t, s.Code != "" || s.Description != "", "a scan must have a code or a description")
		}
		if !u.EstimatedDeliveryStart.IsZero() {
			require.False(t, u.EstimatedDeliveryStart.After(u.EstimatedDelivery), "the window must not end before it starts")
		}
	})
}
