package dpd

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
	testDelisID  = "sandboxdpd"
	testPassword = "test-dpd-password"
)

// route is what the fake DPD answers for one parcel number.
type route = adaptertest.Reply

// authFaultBody is DPD's answer to a refused login or token (testdata's
// recorded fault, with the code DPD gives for an invalid token).
func authFaultBody(code, msg string) string {
	return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>` +
		`<faultcode>soap:Server</faultcode><faultstring>Fault occured</faultstring><detail>` +
		`<ns:authenticationFault xmlns:ns="http://dpd.com/common/service/types/Authentication/2.0">` +
		`<errorCode>` + code + `</errorCode><errorMessage>` + msg + `</errorMessage>` +
		`</ns:authenticationFault></detail></soap:Fault></soap:Body></soap:Envelope>`
}

// fakeDPD serves DPD's LoginService and ParcelLifeCycleService over SOAP,
// from fixtures, and checks what a client must send. A login with the right
// password gets a new token; a tracking request must carry the current one,
// or gets DPD's authenticationFault with HTTP 500, as SOAP sends faults.
type fakeDPD struct {
	*httptest.Server
	adaptertest.Replies // per parcel number; an unknown one gets not_yet.xml
	t                   testing.TB
	api                 http.Handler // answers tracking requests instead, when set

	mu      sync.Mutex
	logins  int
	tracks  int
	current string
}

func newFakeDPD(t testing.TB) *fakeDPD {
	t.Helper()
	f := &fakeDPD{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// soapRequest is what the fake reads of a request envelope.
type soapRequest struct {
	Header struct {
		Auth struct {
			DelisID  string `xml:"delisId"`
			Token    string `xml:"authToken"`
			Language string `xml:"messageLanguage"`
		} `xml:"authentication"`
	} `xml:"Header"`
	Body struct {
		Login struct {
			DelisID  string `xml:"delisId"`
			Password string `xml:"password"`
			Language string `xml:"messageLanguage"`
		} `xml:"getAuth"`
		Track struct {
			Number string `xml:"parcelLabelNumber"`
		} `xml:"getTrackingData"`
	} `xml:"Body"`
}

func (f *fakeDPD) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var req soapRequest
	if r.Method != http.MethodPost || xml.Unmarshal(b, &req) != nil {
		route{Status: http.StatusBadRequest, Body: "not a SOAP request"}.Write(f.t, w)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		f.t.Errorf("Content-Type = %q, want text/xml", ct)
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case loginPath:
		f.logins++
		if r.Header.Get("SOAPAction") != loginAction {
			f.t.Errorf("login SOAPAction = %q", r.Header.Get("SOAPAction"))
		}
		if req.Body.Login.DelisID != testDelisID || req.Body.Login.Password != testPassword {
			route{Status: 500, Header: http.Header{"Content-Type": {"text/xml"}}, Body: authFaultBody("LOGIN_8", "The combination of user and password is invalid.")}.Write(f.t, w)
			return
		}
		f.current = fmt.Sprintf("token-%d-%s", f.logins, strings.Repeat("x", 20))
		route{Header: http.Header{"Content-Type": {"text/xml"}}, Body: strings.Replace(string(adaptertest.Fixture(f.t, "recorded_login.xml")),
			"GFadfGob14GWWgQcIldI6zYtuR7cyEHe2z6eWzb7BpFmcFvrzclRljlcV1OF", f.current, 1)}.Write(f.t, w)
	case trackPath:
		f.tracks++
		if r.Header.Get("SOAPAction") != trackAction {
			f.t.Errorf("track SOAPAction = %q", r.Header.Get("SOAPAction"))
		}
		if a := req.Header.Auth; a.DelisID != testDelisID || a.Token == "" || a.Token != f.current {
			route{Status: 500, Header: http.Header{"Content-Type": {"text/xml"}}, Body: authFaultBody("LOGIN_5", "The authtoken is invalid")}.Write(f.t, w)
			return
		}
		if f.api != nil {
			f.api.ServeHTTP(w, r)
			return
		}
		if req.Header.Auth.Language != "en_US" {
			f.t.Errorf("messageLanguage = %q, want en_US", req.Header.Auth.Language)
		}
		rt := f.Next(req.Body.Track.Number, route{File: "not_yet.xml"})
		if rt.Header == nil {
			rt.Header = http.Header{"Content-Type": {"text/xml"}}
		}
		rt.Write(f.t, w)
	default:
		http.NotFound(w, r)
	}
}

// revoke makes DPD forget the current token.
func (f *fakeDPD) revoke() {
	f.mu.Lock()
	f.current = "revoked"
	f.mu.Unlock()
}

func (f *fakeDPD) calls() (logins, tracks int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.logins, f.tracks
}

func newTestCarrier(t testing.TB, f *fakeDPD) *Carrier {
	t.Helper()
	c, err := New(Config{
		DelisID:  testDelisID,
		Password: testPassword,
		BaseURL:  f.URL,
		HTTP:     adaptertest.HTTPConfig(f.Server),
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
		service      string
	}{
		{
			file: "delivered.xml", number: "01505056789012", service: "DPD CLASSIC",
			scans: []wantScan{
				{"2026-11-17T17:45:00Z", true, "ACCEPTED", "DPD has received your parcel.", "Aschaffenburg (DE)"},
				{"2026-11-17T19:02:00Z", true, "AT_SENDING_DEPOT", "The parcel is at the parcel dispatch centre.", "Aschaffenburg (DE)"},
				{"2026-11-17T22:31:00Z", true, "ON_THE_ROAD", "Your parcel is on its way to the parcel delivery centre.", "Aschaffenburg (DE)"},
				{"2026-11-18T05:14:00Z", true, "AT_DELIVERY_DEPOT", "At parcel delivery centre.", "Hamburg (DE)"},
				{"2026-11-18T11:52:00Z", true, "DELIVERED", "Your parcel has been delivered successfully.", "Hamburg (DE)"},
			},
		},
		{
			// The statuses still to come (AT_DELIVERY_DEPOT, DELIVERED) are
			// listed but not reached: they are no scans.
			file: "in_transit_de.xml", number: "01505056789013", service: "DPD CLASSIC",
			scans: []wantScan{
				{"2026-11-18T16:20:00Z", true, "ACCEPTED", "DPD hat Ihr Paket erhalten.", "Aschaffenburg (DE)"},
				{"2026-11-18T18:47:00Z", true, "AT_SENDING_DEPOT", "Ihr Paket ist im DPD Paketzentrum.", "Aschaffenburg (DE)"},
				{"2026-11-18T23:05:00Z", true, "ON_THE_ROAD", "Ihr Paket ist auf dem Weg zum DPD Paketzustellzentrum.", "Aschaffenburg (DE)"},
			},
		},
		{
			file: "exception.xml", number: "05222835034925", service: "DPD HOME",
			scans: []wantScan{
				{"2026-11-16T16:02:19Z", true, "PickedUp", "DPD has received your parcel.", "Eindhoven (NL)"},
				{"2026-11-16T21:40:03Z", true, "BetweenDepots", "The parcel is at the parcel dispatch centre.", "Oirschot (NL)"},
				{"2026-11-17T05:12:44Z", true, "Depot", "At parcel delivery centre.", "Utrecht (NL)"},
				{"2026-11-17T08:03:10Z", true, "Courier", "The parcel has left the parcel delivery centre and is on its way to the consignee.", "Utrecht (NL)"},
				{"2026-11-17T13:26:38Z", true, "DeliveryFailure", "Unfortunately we have not been able to deliver your parcel.", "Utrecht (NL)"},
				{"2026-11-17T18:40:00Z", true, "Warehouse", "The parcel is being held in the DPD warehouse.", "Utrecht (NL)"},
			},
		},
		{
			// No shipmentInfo, no description (the label stands in), no
			// location; one reached status with an unreadable date
			// (skipped, counted) and a DELIVERED not reached, dated anyway.
			file: "minimal.xml", number: "01505056789014",
			scans:   []wantScan{{"2026-11-17T17:45:00Z", true, "ACCEPTED", "Parcel handed to DPD", ""}},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped statuses")
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.number, u.TrackingNumber)
			assert.Equal(t, tt.service, u.Service)
			assert.True(t, u.EstimatedDelivery.IsZero(), "the ParcelLifeCycleService gives no machine-readable estimate")
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
		})
	}
}

// TestRecordedAnswers parses every real answer in testdata (see
// testdata/SOURCES.md).
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	u, skipped, err := parse(adaptertest.Fixture(t, "recorded_be_parcelshop.xml"), "05308801410058")
	require.NoError(t, err)
	assert.Zero(t, skipped)
	assert.Equal(t, "DPD PARCELSHOP DELIVERY", u.Service)
	require.Len(t, u.Scans, 15)
	assert.Equal(t, "BetweenDepots", u.Scans[0].Code)
	assert.Equal(t, "2021-08-17T19:11:26Z", u.Scans[0].Time.Format(time.RFC3339), "8/17/2021 7:11:26 PM, a local wall clock")
	assert.Equal(t, "ReturningFromDelivery", u.Scans[14].Code)
	assert.Equal(t, "2021-08-19T17:11:26Z", u.Scans[14].Time.Format(time.RFC3339))
	assert.Equal(t, "Mechelen (BE)", u.Scans[14].Location)

	u, _, err = parse(adaptertest.Fixture(t, "recorded_be_in_transit.xml"), "05308801410058")
	require.NoError(t, err)
	assert.Equal(t, "DPD HOME", u.Service)
	require.Len(t, u.Scans, 2)
	assert.Equal(t, "2021-08-19T23:32:00Z", u.Scans[1].Time.Format(time.RFC3339))

	_, _, err = parse(adaptertest.Fixture(t, "recorded_auth_fault.xml"), "05308801410058")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.Contains(t, err.Error(), "DELICOM_ERR_AUTHENTICATION")
	assert.False(t, carrier.IsTemporary(err))

	tok, err := parseLogin(adaptertest.Fixture(t, "recorded_login.xml"))
	require.NoError(t, err)
	assert.Equal(t, "GFadfGob14GWWgQcIldI6zYtuR7cyEHe2z6eWzb7BpFmcFvrzclRljlcV1OF", tok)
	_, err = parseLogin(adaptertest.Fixture(t, "recorded_auth_fault.xml"))
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
}

func TestParseReachedShipmentInfo(t *testing.T) {
	t.Parallel()
	body := `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
		<getTrackingDataResponse xmlns="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0"><trackingresult>
		<shipmentInfo><serviceDescription><content><content>DPD CLASSIC</content></content></serviceDescription>
		 <status>SHIPMENT</status><label><content>Shipment information</content></label>
		 <description><content><content>DPD has received the data of your parcel.</content></content></description>
		 <statusHasBeenReached>true</statusHasBeenReached><isCurrentStatus>true</isCurrentStatus>
		 <date><content>11/16/2026 9:12:40 AM</content></date></shipmentInfo>
		<statusInfo><status>ACCEPTED</status><statusHasBeenReached>false</statusHasBeenReached></statusInfo>
		</trackingresult></getTrackingDataResponse></soap:Body></soap:Envelope>`
	u, _, err := parse([]byte(body), "01505056789016")
	require.NoError(t, err)
	assert.Equal(t, "DPD CLASSIC", u.Service)
	require.Len(t, u.Scans, 1, "a reached SHIPMENT status is a scan; ACCEPTED, not reached, is none")
	assert.Equal(t, "SHIPMENT", u.Scans[0].Code)
	assert.Equal(t, "2026-11-16T09:12:00Z", u.Scans[0].Time.Truncate(time.Minute).Format(time.RFC3339))
}

func TestParseNotReachedIsNotFound(t *testing.T) {
	t.Parallel()
	u, _, err := parse(adaptertest.Fixture(t, "not_yet.xml"), "01505056789015")
	require.ErrorIs(t, err, carrier.ErrNotFound, "a life cycle with no status reached is 'too early'")
	assert.Nil(t, u)
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"8/17/2021 7:11:26 PM":  "2021-08-17T19:11:26Z",
		"12/1/2021 12:05:00 AM": "2021-12-01T00:05:00Z",
		"8/17/2021 7:11 PM":     "2021-08-17T19:11:00Z",
		"17.08.2021, 19:11":     "2021-08-17T19:11:00Z",
		"17.08.2021 19:11:26":   "2021-08-17T19:11:26Z",
		"01/06/2012, 02:09":     "2012-06-01T02:09:00Z",
		" 01/06/2012,  02:09 ":  "2012-06-01T02:09:00Z",
		"2021-08-17T19:11:26":   "2021-08-17T19:11:26Z",
	} {
		got, local, err := parseDate(in)
		require.NoError(t, err, in)
		assert.True(t, local, in)
		assert.Equal(t, want, got.Format(time.RFC3339), in)
	}
	got, local, err := parseDate("2021-08-17T19:11:26+02:00")
	require.NoError(t, err)
	assert.False(t, local, "an ISO time with an offset keeps it")
	assert.Equal(t, "2021-08-17T19:11:26+02:00", got.Format(time.RFC3339))
	for _, in := range []string{"", "yesterday", "13/45/2021 7:11:26 PM", "32.01.2021, 10:00"} {
		_, _, err := parseDate(in)
		assert.ErrorIs(t, err, carrier.ErrMalformed, in)
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{File: "delivered.xml"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "dpd", c.ID())

	u, err := c.Track(context.Background(), "0150 5056 7890 12")
	require.NoError(t, err)
	assert.Equal(t, "0150 5056 7890 12", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 5)
	assert.Equal(t, "DELIVERED", u.Scans[4].Code)

	// The 15-character form with its check character and the
	// 28-character label barcode track the same parcel number.
	for _, n := range []string{"01505056789012Z", "2063300" + "01505056789012" + "101276" + "8"} {
		u, err = c.Track(context.Background(), n)
		require.NoError(t, err, n)
		assert.Len(t, u.Scans, 5, n)
	}
	logins, tracks := f.calls()
	assert.Equal(t, 1, logins, "one login, its token reused")
	assert.Equal(t, 3, tracks)
}

func TestTrackRenewsRefusedToken(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{File: "delivered.xml"})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), "01505056789012")
	require.NoError(t, err)

	f.revoke() // DPD no longer takes the token: LOGIN_5 with HTTP 500
	u, err := c.Track(context.Background(), "01505056789012")
	require.NoError(t, err, "a refused token must log in again and retry once")
	require.Len(t, u.Scans, 5)
	logins, tracks := f.calls()
	assert.Equal(t, 2, logins)
	assert.Equal(t, 3, tracks, "the fault is DPD's answer: not retried as a server failure")
}

func TestTrackTokenLifetime(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{File: "delivered.xml"})
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	hc := adaptertest.HTTPConfig(f.Server)
	c, err := New(Config{DelisID: testDelisID, Password: testPassword, BaseURL: f.URL, HTTP: hc, Now: clock})
	require.NoError(t, err)
	for _, step := range []time.Duration{0, time.Hour, 11 * time.Hour, time.Hour} {
		mu.Lock()
		now = now.Add(step)
		mu.Unlock()
		_, err := c.Track(context.Background(), "01505056789012")
		require.NoError(t, err)
	}
	logins, _ := f.calls()
	assert.Equal(t, 2, logins, "a token is used for 12 hours, then renewed")
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "01505056789012"
	xmlHeader := http.Header{"Content-Type": {"text/xml"}}
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "nothing reached yet", rt: route{File: "not_yet.xml"}, is: []error{carrier.ErrNotFound}, contains: "no reached status"},
		{name: "no route", number: "09981122330100", is: []error{carrier.ErrNotFound}},
		{name: "404", rt: route{Status: 404, Body: "Not Found"}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{Status: 401, Body: "Unauthorized"}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{Status: 403, Body: "Forbidden"}, is: []error{carrier.ErrUnauthorized}},
		{name: "auth fault twice", rt: route{Status: 500, Header: xmlHeader, File: "recorded_auth_fault.xml"}, is: []error{carrier.ErrUnauthorized}, contains: "DELICOM_ERR_AUTHENTICATION"},
		{name: "auth fault in a 200", rt: route{Header: xmlHeader, File: "recorded_auth_fault.xml"}, is: []error{carrier.ErrUnauthorized}},
		{name: "DPD faults element", rt: route{Status: 500, Header: xmlHeader, Body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Fault occured</faultstring><detail><ns:faults xmlns:ns="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0"><faultCode>COMMON_7</faultCode><message>parcelLabelNumber</message></ns:faults></detail></soap:Fault></soap:Body></soap:Envelope>`}, contains: "COMMON_7"},
		{name: "generic SOAP fault 500", rt: route{Status: 500, Header: xmlHeader, Body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internal error</faultstring></soap:Fault></soap:Body></soap:Envelope>`}, temporary: true},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"12"}}, Body: "Too Many Requests"}, temporary: true, retryAfter: 12 * time.Second},
		{name: "503", rt: route{Status: 503, Body: "<html>maintenance</html>"}, temporary: true},
		{name: "400 permanent", rt: route{Status: 400, Body: "Bad Request"}, contains: "400"},
		{name: "not XML", rt: route{Body: `{"getTrackingDataResponse":{}}`}, is: []error{carrier.ErrMalformed}, contains: "not the documented SOAP XML"},
		{name: "truncated XML", rt: route{Body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getTrackingDataResponse>`}, is: []error{carrier.ErrMalformed}},
		{name: "other envelope", rt: route{Body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><other/></soap:Body></soap:Envelope>`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable dates", rt: route{Body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getTrackingDataResponse><trackingresult><statusInfo><status>ACCEPTED</status><statusHasBeenReached>true</statusHasBeenReached><date><content>soon</content></date></statusInfo></trackingresult></getTrackingDataResponse></soap:Body></soap:Envelope>`}, is: []error{carrier.ErrMalformed}},
		{name: "letters", number: "0150505678901A", is: []error{carrier.ErrNotFound}},
		{name: "too short", number: "0150505678", is: []error{carrier.ErrNotFound}},
		{name: "markup", number: "<parcel>", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeDPD(t)
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
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testPassword, "token-"}})
		})
	}
}

func TestTrackBadPassword(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	c, err := New(Config{DelisID: testDelisID, Password: "wrong-password", BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), Limiter: rate.NewLimiter(rate.Inf, 1)}})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "01505056789012")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.Contains(t, err.Error(), "LOGIN_8")
	assert.NotContains(t, err.Error(), "wrong-password")
	logins, tracks := f.calls()
	assert.Equal(t, 1, logins, "a refused login is DPD's answer, not retried although it came with HTTP 500")
	assert.Zero(t, tracks)
}

func TestTrackRetriesServerFailure(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{Status: 503, Body: "busy"}, route{Status: 500, Body: "<html>error</html>"}, route{File: "delivered.xml"})
	var waits []time.Duration
	var mu sync.Mutex
	c, err := New(Config{DelisID: testDelisID, Password: testPassword, BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), Limiter: rate.NewLimiter(rate.Inf, 1), Jitter: -1,
			Sleep: func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return ctx.Err()
			}}})
	require.NoError(t, err)
	u, err := c.Track(context.Background(), "01505056789012")
	require.NoError(t, err, "a 503 and a 500 that is no DPD fault are retried")
	require.Len(t, u.Scans, 5)
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, waits, 2)
}

func TestConcurrentTracksLogInOnce(t *testing.T) {
	t.Parallel()
	f := newFakeDPD(t)
	f.Set("01505056789012", route{File: "delivered.xml"})
	c := newTestCarrier(t, f)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Track(context.Background(), "01505056789012")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	logins, _ := f.calls()
	assert.Equal(t, 1, logins)
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(DelisID) is required")
	assert.Contains(t, err.Error(), "(Password) is required")

	_, err = New(Config{DelisID: "a", Password: "b", MessageLanguage: "german"})
	require.ErrorContains(t, err, "MessageLanguage")

	_, err = New(Config{DelisID: "a", Password: "b", BaseURL: "public-ws.dpd.com"})
	require.ErrorContains(t, err, "BaseURL")

	c, err := New(Config{DelisID: "a", Password: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
	assert.Equal(t, "en_US", c.cfg.MessageLanguage)

	host := &http.Client{Timeout: time.Second}
	_, err = New(Config{DelisID: "a", Password: "b", HTTP: kit.HTTPConfig{Client: host}})
	require.NoError(t, err)
	assert.Nil(t, host.Transport, "the host's client is not changed")
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"01505056789012":               "01505056789012",
		"0150 5056-789012":             "01505056789012",
		"01505056789012z":              "01505056789012",
		"2063300015050567890121012768": "01505056789012",
	} {
		got, err := normalize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "0150505678901", "015050567890123456", "0150505678901A", "0150/505678901", "A0150505678901"} {
		_, err := normalize(in)
		assert.ErrorIs(t, err, carrier.ErrNotFound, in)
	}
}

func TestEnvelopesEscape(t *testing.T) {
	t.Parallel()
	var req soapRequest
	require.NoError(t, xml.Unmarshal(loginEnvelope("a<b", "p&ss</password>", "en_US"), &req))
	assert.Equal(t, "a<b", req.Body.Login.DelisID)
	assert.Equal(t, "p&ss</password>", req.Body.Login.Password)
	require.NoError(t, xml.Unmarshal(trackEnvelope("id", "t\"ok", "de_DE", "01505056789012"), &req))
	assert.Equal(t, "t\"ok", req.Header.Auth.Token)
	assert.Equal(t, "01505056789012", req.Body.Track.Number)
}

func FuzzParse(f *testing.F) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.xml"))
	require.NoError(f, err)
	require.NotEmpty(f, names)
	for _, name := range names {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`<Envelope><Body><getTrackingDataResponse><trackingresult><statusInfo><statusHasBeenReached>true</statusHasBeenReached><date><content>2/30/2021 25:00:00 PM</content></date></statusInfo></trackingresult></getTrackingDataResponse></Body></Envelope>`))
	f.Add([]byte(`<Envelope><Body><Fault><detail><faults/></detail></Fault></Body></Envelope>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "01505056789012")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				errors.Is(err, carrier.ErrUnauthorized) || strings.HasPrefix(err.Error(), "dpd: track 01505056789012: "),
				"unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		require.NotEmpty(t, u.Scans)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
			require.Equal(t, ID, s.Carrier)
		}
	})
}
