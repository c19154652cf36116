package royalmail

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

const (
	testClientID     = "rm-client-id-4f9a1c7e"
	testClientSecret = "rm-client-secret+2b/x=9d"
)

// route is what the fake Royal Mail answers for one request.
type route = adaptertest.Reply

// fakeRM serves the Tracking API v2 from fixtures, keyed by mail piece id
// (events), "signature/<id>" and "summary/<ids>"; an unknown id gets
// not_found.json with a 404.
type fakeRM struct {
	*httptest.Server
	adaptertest.Replies
	t testing.TB
}

func newFakeRM(t testing.TB) *fakeRM {
	t.Helper()
	f := &fakeRM{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeRM) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-IBM-Client-Id") != testClientID || r.Header.Get("X-IBM-Client-Secret") != testClientSecret {
		route{Status: http.StatusUnauthorized, Body: `{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Client id not registered."}`}.Write(f.t, w)
		return
	}
	if r.Method != http.MethodGet || r.Header.Get("X-Accept-RMG-Terms") != "yes" || r.Header.Get("Accept") != "application/json" {
		f.t.Errorf("request %s %s lacks Royal Mail's headers: %v", r.Method, r.URL.Path, r.Header)
	}
	missing := route{Status: http.StatusNotFound, File: "not_found.json"}
	path := strings.TrimPrefix(r.URL.Path, "/mailpieces/v2/")
	switch {
	case path == "summary":
		f.Next("summary/"+r.URL.Query().Get("mailPieceId"), missing).Write(f.t, w)
	case strings.HasSuffix(path, "/events"):
		f.Next(strings.TrimSuffix(path, "/events"), missing).Write(f.t, w)
	case strings.HasSuffix(path, "/signature"):
		f.Next("signature/"+strings.TrimSuffix(path, "/signature"), missing).Write(f.t, w)
	default:
		http.NotFound(w, r)
	}
}

func newTestCarrier(t testing.TB, f *fakeRM) *Carrier {
	t.Helper()
	c, err := New(Config{ClientID: testClientID, ClientSecret: testClientSecret,
		BaseURL: f.URL + "/mailpieces/v2", HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	return c
}

// wantScan is a scan as a test expects it, in table rows without field names.
type wantScan adaptertest.Scan

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		scans      []wantScan
		skipped    int
		start, end string
		service    string
	}{
		{
			file: "delivered.json",
			scans: []wantScan{
				{"2026-11-18T12:19:25Z", false, "EVKSF", "Delivered to safe place", "Croydon DO"},
				{"2026-11-18T07:02:11Z", false, "EVGPD", "Due to be delivered today", "Croydon DO"},
				{"2026-11-18T03:40:00Z", false, "EVIMC", "Item Received", "Croydon Mail Centre"},
				{"2026-11-17T21:05:00Z", false, "EVDAV", "Item Received", "Warrington Super Hub"},
				{"2026-11-17T11:48:00Z", false, "EVPPA", "Accepted at Post Office", "Chester Post Office"},
				{"2026-11-16T17:10:00Z", false, "EVAIE", "Sender despatching item", ""},
			},
			// Delivered: the estimate window in the answer is history.
			service: "Royal Mail Tracked 48",
		},
		{
			file: "in_transit.json",
			scans: []wantScan{
				{"2026-11-19T22:14:00Z", false, "EVDAV", "Item Received", "Bristol Mail Centre"},
				{"2026-11-19T16:30:00Z", false, "EVOCO", "We've received your item and it's now being processed for delivery", "Bath Collection Point"},
				{"2026-11-19T09:12:00Z", false, "EVAIP", "Sender preparing item", ""},
			},
			start: "2026-11-20T09:00:00Z", end: "2026-11-20T13:00:00Z",
			service: "Royal Mail Tracked 24",
		},
		{
			// A date without a window: the end of that day.
			file: "revised.json",
			scans: []wantScan{
				{"2026-11-20T14:05:00Z", false, "EVNDN", "Delivery not attempted - we'll try again the next working day", "Bath DO"},
				{"2026-11-19T22:14:00Z", false, "EVDAV", "Item Received", "Bristol Mail Centre"},
				{"2026-11-19T16:30:00Z", false, "EVOCO", "We've received your item and it's now being processed for delivery", "Bath Collection Point"},
				{"2026-11-19T09:12:00Z", false, "EVAIP", "Sender preparing item", ""},
			},
			end:     "2026-11-21T23:59:59Z",
			service: "Royal Mail Tracked 24",
		},
		{
			file: "attempted.json",
			scans: []wantScan{
				{"2026-11-21T15:40:00Z", false, "EVNDA", "Available for redelivery or collection", "Leeds North DO"},
				{"2026-11-21T11:02:00Z", false, "EVKNA", "Delivery attempted - no answer", "Leeds North DO"},
				{"2026-11-21T06:58:00Z", false, "EVGPD", "Due to be delivered today", "Leeds North DO"},
			},
			service: "Royal Mail Signed For 1st Class",
		},
		{
			file: "exception.json",
			scans: []wantScan{
				{"2026-11-23T10:15:00Z", false, "EVJDP", "Held by Import Customs - taxes and / or duties to be paid", "Heathrow Worldwide DC"},
				{"2026-11-22T19:20:00Z", false, "EVJIC", "Presented to Import Customs", "Heathrow Worldwide DC"},
				{"2026-11-22T08:45:00Z", false, "EVJOE", "Arrived in the UK", "Heathrow Worldwide DC"},
			},
			service: "International Tracked",
		},
		{
			// No summary, estimate or locations; a wall clock without an
			// offset is kept and flagged; an event without a time is skipped.
			file: "minimal.json",
			scans: []wantScan{
				{"2026-11-24T10:00:00Z", true, "EVOAC", "Item Acceptance", ""},
			},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parseEvents(adaptertest.Fixture(t, tt.file), pieceOf(t, tt.file))
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

// TestRecordedAnswers parses the answers others published (see
// testdata/SOURCES.md).
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	t.Run("recorded_doc_events.json", func(t *testing.T) {
		u, skipped, err := parseEvents(adaptertest.Fixture(t, "recorded_doc_events.json"), "FQ087430672GB")
		require.NoError(t, err)
		assert.Zero(t, skipped)
		require.Len(t, u.Scans, 1)
		adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: "2016-10-20T10:04:00+01:00", Code: "EVNMI", Description: "Forwarded - Mis-sort", Location: "Stafford DO"})
		assert.Equal(t, "Special Delivery Guaranteed", u.Service)
		adaptertest.AssertTime(t, "2017-02-20T08:00:00+01:00", u.EstimatedDeliveryStart, "EstimatedDeliveryStart")
		adaptertest.AssertTime(t, "2017-02-20T11:00:00+01:00", u.EstimatedDelivery, "EstimatedDelivery")
	})
	t.Run("recorded_app_v31_events.json", func(t *testing.T) {
		u, skipped, err := parseEvents(adaptertest.Fixture(t, "recorded_app_v31_events.json"), "AA123456789US")
		require.NoError(t, err)
		assert.Zero(t, skipped)
		require.Len(t, u.Scans, 5)
		assert.Equal(t, []string{"EVKOP", "EVGPD", "EVIMC", "EVDAV", "EVAIE"}, codes(u))
		assert.True(t, u.EstimatedDelivery.IsZero(), "statusCategory Delivered: no estimate")
		assert.Equal(t, "Royal Mail Tracked 48", u.Service)
	})
	t.Run("recorded_doc_summary.json", func(t *testing.T) {
		got, err := parseSummary(adaptertest.Fixture(t, "recorded_doc_summary.json"))
		require.NoError(t, err)
		// One mail piece, found under its 2D id and its 1D barcode.
		for _, id := range []string{"090367574000000FE1E1B", "FQ087430672GB"} {
			r, ok := got[id]
			require.True(t, ok, id)
			require.NoError(t, r.err)
			require.Len(t, r.update.Scans, 1)
			assert.Equal(t, "EVNMI", r.update.Scans[0].Code)
		}
	})
}

func codes(u *carrier.Update) []string {
	out := make([]string, len(u.Scans))
	for i, s := range u.Scans {
		out[i] = s.Code
	}
	return out
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	f.Set("TT123456785GB", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "royalmail", c.ID())
	u, err := c.Track(context.Background(), "tt 1234 5678 5gb")
	require.NoError(t, err)
	assert.Equal(t, "tt 1234 5678 5gb", u.TrackingNumber, "the number as the caller gave it")
	assert.Equal(t, ID, u.Carrier)
	require.Len(t, u.Scans, 6)
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	f.Set("QA987654326GB", route{File: "in_transit.json"}, route{File: "revised.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "QA987654326GB")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "QA987654326GB")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-20T13:00:00Z", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-21T23:59:59Z", second.EstimatedDelivery.Format(time.RFC3339), "the revised date replaces the window")
	assert.True(t, second.EstimatedDeliveryStart.IsZero())
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "TT123456785GB"
	rmErr := func(code, desc string) string {
		return `{"httpCode":"400","httpMessage":"Bad Request","errors":[{"errorCode":"` + code + `","errorDescription":"` + desc + `"}]}`
	}
	tests := []struct {
		name   string
		rt     route
		number string
		want   adaptertest.TrackError
	}{
		{name: "404 E1142", rt: route{Status: 404, File: "not_found.json"}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}, Contains: "isn't recognised"}},
		{name: "400 E1142", rt: route{Status: 400, Body: rmErr("E1142", "Barcode reference isn't recognised")}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "400 E1284 no update yet", rt: route{Status: 400, Body: rmErr("E1284", "Delivery update not available")}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "404 without body", rt: route{Status: 404}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "404 with another code", rt: route{Status: 404, Body: rmErr("E0004", "Schema validation failed")}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "200 with E1142", rt: route{Body: `{"errors":[{"errorCode":"E1142","errorDescription":"Barcode reference isn't recognised"}]}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "401", rt: route{Status: 401, Body: `{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Client id not registered."}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
		{name: "403", rt: route{Status: 403, Body: rmErr("E0004", "Forbidden")}, want: adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"20"}}, Body: rmErr("E0010", "Too many requests")}, want: adaptertest.TrackError{Temporary: true, RetryAfter: 20 * time.Second}},
		{name: "400 E0010", rt: route{Status: 400, Body: rmErr("E0010", "Too many requests")}, want: adaptertest.TrackError{Temporary: true}},
		{name: "400 E1307 tracking unavailable", rt: route{Status: 400, Body: rmErr("E1307", "Tracking unavailable")}, want: adaptertest.TrackError{Temporary: true}},
		{name: "500", rt: route{Status: 500, Body: rmErr("E0009", "Internal server error")}, want: adaptertest.TrackError{Temporary: true}},
		{name: "503", rt: route{Status: 503, Body: `{}`}, want: adaptertest.TrackError{Temporary: true}},
		{name: "400 E1283 not tracked", rt: route{Status: 400, Body: rmErr("E1283", "Tracking not supported for this product")}, want: adaptertest.TrackError{Contains: "E1283"}},
		{name: "400 without code", rt: route{Status: 400, Body: `{"httpCode":"400","httpMessage":"Bad Request"}`}, want: adaptertest.TrackError{Contains: "400"}},
		{name: "garbage", rt: route{Body: `<html>gateway</html>`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}, Contains: "not the documented JSON"}},
		{name: "wrong type", rt: route{Body: `{"mailPieces":{"events":{"a":1}}}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "empty object", rt: route{Body: `{}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "no readable times", rt: route{Body: `{"mailPieces":{"mailPieceId":"` + n + `","events":[{"eventCode":"EVKSP","eventDateTime":"yesterday"}]}}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "bad number", number: "TT/../1234", want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "short number", number: "TT12", want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeRM(t)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			tt.want.NotContains = []string{testClientSecret, testClientID}
			adaptertest.AssertTrackError(t, u, err, tt.want)
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	c, err := New(Config{ClientID: testClientID, ClientSecret: "wrong-secret", BaseURL: f.URL + "/mailpieces/v2", HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "TT123456785GB")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong-secret")
}

func TestSummary(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	f.Set("summary/TT123456785GB,TT000000000GB,QA987654326GB", route{File: "summary.json"})
	c := newTestCarrier(t, f)
	res, err := c.Summary(context.Background(), []string{"TT123456785GB", "TT000000000GB", "bad/number", "qa987654326gb"})
	require.NoError(t, err)
	require.Len(t, res, 4)

	require.NoError(t, res[0].Err)
	require.Len(t, res[0].Update.Scans, 1)
	assert.Equal(t, "EVKSF", res[0].Update.Scans[0].Code)
	assert.Equal(t, "Royal Mail Tracked 48", res[0].Update.Service)

	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound, "E1142 in the item's error")
	assert.Nil(t, res[1].Update)
	assert.ErrorIs(t, res[2].Err, carrier.ErrNotFound, "a number that cannot be Royal Mail's is not asked for")

	// Answered under its 2D id; found by its 1D barcode.
	require.NoError(t, res[3].Err)
	assert.Equal(t, "qa987654326gb", res[3].Update.TrackingNumber)
	assert.Equal(t, "EVDAV", res[3].Update.Scans[0].Code)

	_, err = c.Summary(context.Background(), make([]string, MaxSummary+1))
	require.Error(t, err)
	res, err = c.Summary(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, res)
}

func TestSignature(t *testing.T) {
	t.Parallel()
	f := newFakeRM(t)
	f.Set("signature/TT111222332GB", route{File: "signature.json"})
	f.Set("signature/TT123456785GB", route{Status: 400, Body: `{"httpCode":"400","errors":[{"errorCode":"E1144","errorDescription":"Proof of delivery unavailable"}]}`})
	f.Set("signature/QA987654326GB", route{Body: `{"mailPieces":{"mailPieceId":"QA987654326GB","signature":{"recipientName":"R","signatureDateTime":"2026-11-22T10:31:00+00:00","imageFormat":"image/png","image":"iVBORw0KGgo="}}}`})
	c := newTestCarrier(t, f)

	s, err := c.Signature(context.Background(), "TT111222332GB")
	require.NoError(t, err)
	assert.Equal(t, "Recipient", s.RecipientName)
	assert.Equal(t, "2026-11-22T10:31:00Z", s.SignedAt.Format(time.RFC3339))
	assert.Equal(t, "image/svg+xml", s.ImageFormat)
	assert.Contains(t, string(s.Image), "<svg")

	s, err = c.Signature(context.Background(), "QA987654326GB")
	require.NoError(t, err)
	assert.Equal(t, []byte("\x89PNG\r\n\x1a\n"), s.Image, "a PNG is decoded from base64")

	_, err = c.Signature(context.Background(), "TT123456785GB")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "E1144: no proof of delivery")
	_, err = c.Signature(context.Background(), "TT000000000GB")
	assert.ErrorIs(t, err, carrier.ErrNotFound)
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")
	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "api.royalmail.net"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"mailPieces":{"mailPieceId":"X","estimatedDelivery":{"date":"2026-02-30","endOfEstimatedWindow":"25:00:00+99:00"},"events":[{"eventDateTime":"2026-13-01T00:00:00+01:00"}]}}`))
	f.Add([]byte(`{"mailPieces":[{"mailPieceId":"X","error":{"errorCode":"E1142"}}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parseEvents(body, "TT123456785GB")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "royalmail: "), "unexpected error %v", err)
		} else {
			require.NotNil(t, u)
			for _, s := range u.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
				require.Equal(t, ID, s.Carrier)
			}
			if !u.EstimatedDeliveryStart.IsZero() {
				require.False(t, u.EstimatedDeliveryStart.After(u.EstimatedDelivery), "a window starts before it ends")
			}
		}
		got, err := parseSummary(body)
		if err == nil {
			for _, r := range got {
				require.True(t, (r.update == nil) != (r.err == nil), "a summary result is an update or an error")
			}
		}
		_, _ = parseSignature(body, "TT123456785GB")
	})
}
