package canadapost

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testUser     = "6e93d53968881714"
	testPassword = "0bfa9fcb9853d1f51ee57a"
)

// route is what the fake Canada Post answers for one number.
type route = adaptertest.Reply

// fakeCanadaPost serves Get Tracking Details from fixtures, per number;
// an unknown number gets HTTP 404 with the "No Pin History" message.
type fakeCanadaPost struct {
	*httptest.Server
	adaptertest.Replies
	t     testing.TB
	paths chan string // the paths asked for, when not nil
}

var xmlHeader = http.Header{"Content-Type": {mediaType}}

func newFake(t testing.TB) *fakeCanadaPost {
	t.Helper()
	f := &fakeCanadaPost{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeCanadaPost) serve(w http.ResponseWriter, r *http.Request) {
	if user, pass, ok := r.BasicAuth(); !ok || user != testUser || pass != testPassword {
		route{Status: http.StatusUnauthorized, File: "real_karrio_auth_error.xml", Header: xmlHeader}.Write(f.t, w)
		return
	}
	if r.Method != http.MethodGet {
		f.t.Errorf("method = %s, want GET", r.Method)
	}
	if got := r.Header.Get("Accept"); got != mediaType {
		f.t.Errorf("Accept = %q, want %q", got, mediaType)
	}
	if f.paths != nil {
		f.paths <- r.URL.Path
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 5 || parts[0] != "vis" || parts[1] != "track" || (parts[2] != "pin" && parts[2] != "dnc") || parts[4] != "detail" {
		http.NotFound(w, r)
		return
	}
	rt := f.Next(parts[3], route{Status: http.StatusNotFound, File: "not_found.xml"})
	if rt.Header == nil {
		rt.Header = xmlHeader
	}
	rt.Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeCanadaPost) *Carrier {
	t.Helper()
	c, err := New(Config{Username: testUser, Password: testPassword, BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
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
		end          string
		service      string
	}{
		{
			file: "delivered.xml", number: "7023210039414604",
			scans: []wantScan{
				{"2026-11-20T13:42:10-05:00", false, "1421", "Delivered to recipient's front door", "TORONTO, ON"},
				{"2026-11-20T08:05:31-05:00", false, "0174", "Item out for delivery", "TORONTO, ON"},
				{"2026-11-19T22:14:02-05:00", false, "0100", "Item processed", "MISSISSAUGA, ON"},
				{"2026-11-18T19:40:00-08:00", false, "0410", "Item departed", "RICHMOND, BC"},
				{"2026-11-18T11:02:45-08:00", false, "1301", "Item accepted at the Post Office.", "VANCOUVER, BC"},
				{"2026-11-17T16:30:00-08:00", false, "3000", "Electronic information submitted by shipper", "VANCOUVER, BC"},
			},
			service: "Expedited Parcels", // delivered: no estimate
		},
		{
			file: "in_transit.xml", number: "7023210039414611",
			scans: []wantScan{
				{"2026-11-21T21:30:12-06:00", false, "0100", "Item processed", "WINNIPEG, MB"},
				{"2026-11-21T15:10:00-06:00", false, "2300", "Item picked up by Canada Post", "WINNIPEG, MB"},
				{"2026-11-20T09:12:40-06:00", false, "3000", "Electronic information submitted by shipper", "WINNIPEG, MB"},
			},
			end: "2026-11-24T23:59:59Z", service: "Xpresspost",
		},
		{
			file: "revised.xml", number: "7023210039414611",
			scans: []wantScan{
				{"2026-11-22T07:45:00-06:00", false, "0159", "Delivery may be delayed due to extreme weather conditions", "WINNIPEG, MB"},
				{"2026-11-21T21:30:12-06:00", false, "0100", "Item processed", "WINNIPEG, MB"},
				{"2026-11-21T15:10:00-06:00", false, "2300", "Item picked up by Canada Post", "WINNIPEG, MB"},
				{"2026-11-20T09:12:40-06:00", false, "3000", "Electronic information submitted by shipper", "WINNIPEG, MB"},
			},
			end: "2026-11-26T23:59:59Z", service: "Xpresspost", // the changed-expected-date
		},
		{
			file: "exception.xml", number: "1371134583769930",
			scans: []wantScan{
				{"2026-11-27T09:05:00-04:00", false, "1419", "Item was unclaimed by recipient. Item being returned to sender.", "HALIFAX, NS"},
				{"2026-11-17T08:00:00-04:00", false, "0156", "Final Notice; Item will be returned to sender if not collected within 10 days", "HALIFAX, NS"},
				{"2026-11-12T14:20:00-04:00", false, "1435", "Notice card left indicating where and when to pick up item", "HALIFAX, NS"},
				{"2026-11-12T08:10:00-04:00", false, "0174", "Item out for delivery", "HALIFAX, NS"},
				{"2026-11-11T20:00:00-04:00", false, "0100", "Item processed", "HALIFAX, NS"},
			},
			end: "2026-11-12T23:59:59Z", service: "Regular Parcel",
		},
		{
			// No service, no estimate; a foreign zone name and an empty zone
			// keep the wall clock; an event without a time keeps its day; an
			// unreadable date is skipped.
			file: "minimal.xml", number: "LM123456789CA",
			scans: []wantScan{
				{"2026-11-23T15:49:00Z", true, "4600", "Item has arrived at the delivery office in the destination country", "02650,Israel"},
				{"2026-11-22T09:31:07Z", true, "4310", "International shipment has arrived in a foreign country", ""},
				{"2026-11-18T00:00:00Z", true, "0100", "Item processed", "MONTREAL, QC"},
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
			adaptertest.AssertTime(t, tt.end, u.EstimatedDelivery, "EstimatedDelivery")
			assert.True(t, u.EstimatedDeliveryStart.IsZero(), "Canada Post gives a day, not a window")
		})
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("7023210039414604", route{File: "delivered.xml"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "canadapost", c.ID())
	u, err := c.Track(context.Background(), "7023 2100 3941 4604")
	require.NoError(t, err)
	assert.Equal(t, "7023 2100 3941 4604", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
}

func TestTrackDeliveryNoticeCard(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.paths = make(chan string, 2)
	f.Set("168067817265091", route{File: "real_activeshipping_dnc_tracking_details_en.xml"})
	f.Set("1680678172650919", route{File: "real_activeshipping_dnc_tracking_details_en.xml"})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), "168067817265091")
	require.NoError(t, err)
	assert.Equal(t, "/vis/track/dnc/168067817265091/detail", <-f.paths, "15 digits are a delivery notice card")
	_, err = c.Track(context.Background(), "1680678172650919")
	require.NoError(t, err)
	assert.Equal(t, "/vis/track/pin/1680678172650919/detail", <-f.paths)
}

func TestTrackLanguage(t *testing.T) {
	t.Parallel()
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Accept-Language")
		route{File: "real_activeshipping_tracking_details_fr.xml", Header: xmlHeader}.Write(t, w)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Username: testUser, Password: testPassword, Language: "fr", BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	u, err := c.Track(context.Background(), "1371134583769923")
	require.NoError(t, err)
	assert.Equal(t, "fr-CA", <-got)
	assert.Equal(t, "Article livré avec succès", u.Scans[0].Description)
	assert.Equal(t, "Image de la signature enregistrée pour consultation en ligne", u.Scans[1].Description, "line breaks inside a text collapse")
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Set("7023210039414611", route{File: "in_transit.xml"}, route{File: "revised.xml"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "7023210039414611")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "7023210039414611")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T23:59:59Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-26T23:59:59Z", second.EstimatedDelivery.Format(time.RFC3339),
		"the changed expected date replaces the expected date")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "7023210039414604"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "404 no pin history", rt: route{Status: 404, File: "not_found.xml"}, is: []error{carrier.ErrNotFound}, contains: "No Pin History"},
		{name: "400 no pin history", rt: route{Status: 400, File: "real_karrio_no_pin_history.xml"}, is: []error{carrier.ErrNotFound}, contains: "004"},
		{name: "200 no pin history", rt: route{File: "real_activeshipping_tracking_details_en_error.xml"}, is: []error{carrier.ErrNotFound}},
		{name: "404 without body", rt: route{Status: 404}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{Status: 401, File: "real_karrio_auth_error.xml"}, is: []error{carrier.ErrUnauthorized}, contains: "AAA Authentication Failure"},
		{name: "403", rt: route{Status: 403, Body: `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>AA002</code><description>The username and password of the request do not match the endpoint.</description></message></messages>`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"60"}}, Body: `<messages><message><code>Server</code><description>Rejected by SLM Monitor</description></message></messages>`}, temporary: true, retryAfter: time.Minute},
		{name: "500", rt: route{Status: 500, Body: `<messages><message><code>Server</code><description>Internal error</description></message></messages>`}, temporary: true},
		{name: "503", rt: route{Status: 503}, temporary: true},
		{name: "406", rt: route{Status: 406, Body: `<messages><message><code>Server</code><description>Not acceptable</description></message></messages>`}, contains: "406"},
		{name: "200 other message", rt: route{Body: `<messages xmlns="http://www.canadapost.ca/ws/messages"><message><code>002</code><description>Invalid PIN</description></message></messages>`}, contains: "002 Invalid PIN"},
		{name: "garbage", rt: route{Body: `<tracking-detail><pin>7023`}, is: []error{carrier.ErrMalformed}, contains: "not the documented XML"},
		{name: "json", rt: route{Body: `{"pin":"7023210039414604"}`}, is: []error{carrier.ErrMalformed}},
		{name: "other root", rt: route{Body: `<tracking-summary><pin>1</pin></tracking-summary>`}, is: []error{carrier.ErrMalformed}, contains: "tracking-summary"},
		{name: "empty messages", rt: route{Body: `<messages/>`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable dates", rt: route{Body: `<tracking-detail><significant-events><occurrence><event-identifier>0100</event-identifier><event-date>today</event-date></occurrence></significant-events></tracking-detail>`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "7023/../4604", is: []error{carrier.ErrNotFound}},
		{name: "short number", number: "12345", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains,
				NotContains: []string{testPassword, base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))}})
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c, err := New(Config{Username: testUser, Password: "wrong-password", BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "7023210039414604")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong-password")
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Language: "de"})
	require.Error(t, err)
	for _, want := range []string{"Username is required", "Password is required", `Language "de"`} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = New(Config{Username: "a", Password: "b", BaseURL: "soa-gw.canadapost.ca"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{Username: "a", Password: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
	assert.Equal(t, "en", c.lang)
}

// addSeeds adds every testdata/*.xml fixture to f's seed corpus.
func addSeeds(f *testing.F) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.xml"))
	require.NoError(f, err)
	require.NotEmpty(f, names)
	for _, n := range names {
		b, err := os.ReadFile(n)
		require.NoError(f, err)
		f.Add(b)
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Add([]byte(`<tracking-detail><changed-expected-date>2026-02-30</changed-expected-date><significant-events><occurrence><event-date>2026-11-01</event-date><event-time>25:61:00</event-time><event-time-zone>+99:99</event-time-zone></occurrence></significant-events></tracking-detail>`))
	f.Add([]byte(`<messages><message><code>004</code></message></messages>`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "7023210039414604")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "canadapost: track"), "unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
			require.True(t, s.Code != "" || s.Description != "", "a scan must have a code or a description")
		}
	})
}

func TestParseLatin1(t *testing.T) {
	t.Parallel()
	body := append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>
<tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2"><significant-events><occurrence>
<event-identifier>1496</event-identifier><event-date>2026-11-20</event-date><event-time>11:59:59</event-time><event-time-zone>EST</event-time-zone>
<event-description>Article livr`), 0xE9)
	body = append(body, []byte(` avec succ`)...)
	body = append(body, 0xE8)
	body = append(body, []byte(`s</event-description><event-site>QU`)...)
	body = append(body, 0xC9)
	body = append(body, []byte(`BEC</event-site></occurrence></significant-events></tracking-detail>`)...)
	u, _, err := parse(body, "1371134583769923")
	require.NoError(t, err)
	require.Len(t, u.Scans, 1)
	assert.Equal(t, "Article livré avec succès", u.Scans[0].Description)
	assert.Equal(t, "QUÉBEC", u.Scans[0].Location)

	_, _, err = parse([]byte(`<?xml version="1.0" encoding="EBCDIC"?><tracking-detail/>`), "1371134583769923")
	require.ErrorIs(t, err, carrier.ErrMalformed)
}
