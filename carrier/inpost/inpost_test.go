package inpost

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
	testToken  = "shipx-test-token-4f9a1c7e"
	testSecret = "inpost-webhook-secret-1"
)

type route = adaptertest.Reply

// fakeShipX serves the ShipX tracking resource from fixtures.
type fakeShipX struct {
	*httptest.Server
	adaptertest.Replies // per tracking number; an unknown one gets not_found.json
	t                   testing.TB
	token               string // the bearer token requests must carry; "" accepts none
}

func newFakeShipX(t testing.TB, token string) *fakeShipX {
	t.Helper()
	f := &fakeShipX{t: t, token: token}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeShipX) serve(w http.ResponseWriter, r *http.Request) {
	if f.token != "" && r.Header.Get("Authorization") != "Bearer "+f.token {
		route{Status: http.StatusUnauthorized, Body: `{"status":401,"error":"token_invalid","description":"Token is missing or invalid.","details":{}}`}.Write(f.t, w)
		return
	}
	number, ok := strings.CutPrefix(r.URL.Path, trackPath)
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	f.Next(number, route{Status: http.StatusNotFound, File: "not_found.json"}).Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeShipX) *Carrier {
	t.Helper()
	c, err := New(Config{
		Token:          f.token,
		BaseURL:        f.URL,
		WebhookSecrets: []string{testSecret},
		HTTP:           adaptertest.HTTPConfig(f.Server),
		Now:            func() time.Time { return time.Date(2026, 11, 19, 16, 42, 20, 0, time.UTC) },
	})
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
		{
			file: "delivered.json", number: "600000000000000000000017", service: "inpost_locker_standard",
			scans: []wantScan{
				{"2026-11-19T17:42:10+01:00", false, "delivered", "", ""},
				{"2026-11-19T09:05:33+01:00", false, "ready_to_pickup", "", ""},
				{"2026-11-19T07:12:01+01:00", false, "out_for_delivery", "", ""},
				{"2026-11-19T04:40:55+01:00", false, "adopted_at_target_branch", "", "Warszawa"},
				{"2026-11-18T23:58:12+01:00", false, "sent_from_sorting_center", "", ""},
				{"2026-11-18T21:20:47+01:00", false, "adopted_at_sorting_center", "", ""},
				{"2026-11-18T19:03:29+01:00", false, "sent_from_source_branch", "", "Kraków"},
				{"2026-11-18T16:31:08+01:00", false, "adopted_at_source_branch", "", "Kraków"},
				{"2026-11-18T11:14:44+01:00", false, "dispatched_by_sender", "", ""},
				{"2026-11-18T09:02:19+01:00", false, "confirmed", "", ""},
			},
		},
		{
			file: "in_transit.json", number: "520000011395200025754311", service: "inpost_courier_standard",
			scans: []wantScan{
				{"2026-11-23T20:11:02+01:00", false, "sent_from_source_branch", "", "Poznań"},
				{"2026-11-23T18:47:36+01:00", false, "adopted_at_source_branch", "", "Poznań"},
				{"2026-11-23T14:20:00+01:00", false, "taken_by_courier", "", ""},
				{"2026-11-23T08:55:41+01:00", false, "confirmed", "", ""},
			},
		},
		{
			file: "revised.json", number: "520000011395200025754311", service: "inpost_courier_standard",
			scans: []wantScan{
				{"2026-11-24T10:02:47+01:00", false, "delay_in_delivery", "", ""},
				{"2026-11-23T20:11:02+01:00", false, "sent_from_source_branch", "", "Poznań"},
				{"2026-11-23T18:47:36+01:00", false, "adopted_at_source_branch", "", "Poznań"},
				{"2026-11-23T14:20:00+01:00", false, "taken_by_courier", "", ""},
				{"2026-11-23T08:55:41+01:00", false, "confirmed", "", ""},
			},
		},
		{
			file: "exception.json", number: "520000011395200025799988", service: "inpost_courier_standard",
			scans: []wantScan{
				{"2026-11-26T12:30:15+01:00", false, "returned_to_sender", "", "Gdańsk"},
				{"2026-11-25T13:48:02+01:00", false, "undelivered_wrong_address", "", "Gdańsk"},
				{"2026-11-25T08:01:19+01:00", false, "out_for_delivery_to_address", "", "Gdańsk"},
				{"2026-11-25T05:10:44+01:00", false, "adopted_at_target_branch", "", "Gdańsk"},
				{"2026-11-24T15:02:37+01:00", false, "taken_by_courier", "", ""},
				{"2026-11-24T09:40:00+01:00", false, "confirmed", "", ""},
			},
		},
		{
			// No service, custom_attributes or agency; a location that is an
			// object (not read); one datetime ShipX never writes (skipped).
			file: "minimal.json", number: "600000000000000000000024",
			scans: []wantScan{
				{"2026-11-20T16:05:00+01:00", false, "collected_from_sender", "", ""},
				{"2026-11-20T10:30:00+01:00", false, "confirmed", "", ""},
			},
			skipped: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			assert.Equal(t, tt.skipped, skipped, "skipped details")
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.service, u.Service)
			assert.True(t, u.EstimatedDelivery.IsZero(), "ShipX tracking has no estimate")
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
		})
	}
}

// TestRecordedAnswers parses every recorded ShipX answer in testdata (see
// testdata/SOURCES.md).
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	u, skipped, err := parse(adaptertest.Fixture(t, "recorded_xgrz_tracking_delivered.json"), "632085946340007012341234")
	require.NoError(t, err)
	assert.Zero(t, skipped)
	assert.Equal(t, "inpost_locker_standard", u.Service)
	require.Len(t, u.Scans, 7)
	adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: "2023-12-18T11:20:06+01:00", Code: "delivered"})
	adaptertest.AssertScan(t, 6, u.Scans[6], ID, adaptertest.Scan{Time: "2023-12-17T12:58:39+01:00", Code: "confirmed"})

	u, skipped, err = parse(adaptertest.Fixture(t, "recorded_sylapi_tracking_dispatched.json"), "612345678901234567890123")
	require.NoError(t, err)
	assert.Zero(t, skipped)
	require.Len(t, u.Scans, 2)
	adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: "2015-09-17T11:28:00+02:00", Code: "dispatched_by_sender"})
	adaptertest.AssertScan(t, 1, u.Scans[1], ID, adaptertest.Scan{Time: "2015-09-17T10:28:00+02:00", Code: "confirmed"})

	_, _, err = parse(adaptertest.Fixture(t, "recorded_xgrz_tracking_not_found.json"), "612345678901234567890123")
	require.ErrorIs(t, err, carrier.ErrNotFound)
	assert.Contains(t, err.Error(), "has not been found")

	c := newTestCarrier(t, newFakeShipX(t, ""))
	webhooks := []struct {
		file, number, code string
		at                 string
	}{
		{"recorded_xgrz_webhook_status_changed.json", "602677439331630337653846", "delivered", "2020-03-20T15:08:42+01:00"},
		{"recorded_docs_webhook_confirmed.json", "602677439331630337653846", "confirmed", "2020-03-20T15:08:06+01:00"},
		{"recorded_docs_webhook_status_changed_null.json", "", "", ""},
		{"recorded_docs_webhook_offers_prepared.json", "", "", ""},
	}
	for _, w := range webhooks {
		body := adaptertest.Fixture(t, w.file)
		ups, err := c.ParseWebhook(context.Background(), signed(body), body)
		require.NoError(t, err, w.file)
		if w.number == "" {
			assert.Empty(t, ups, "%s carries no tracking news", w.file)
			continue
		}
		require.Len(t, ups, 1, w.file)
		assert.Equal(t, w.number, ups[0].TrackingNumber)
		require.Len(t, ups[0].Scans, 1)
		adaptertest.AssertScan(t, 0, ups[0].Scans[0], ID, adaptertest.Scan{Time: w.at, Code: w.code})
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeShipX(t, testToken)
	f.Set("600000000000000000000017", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "inpost", c.ID())
	u, err := c.Track(context.Background(), "6000 0000 0000 0000 0000 0017")
	require.NoError(t, err)
	assert.Equal(t, "6000 0000 0000 0000 0000 0017", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 10)
	assert.Equal(t, "delivered", u.Scans[0].Code)
}

func TestTrackWithoutToken(t *testing.T) {
	t.Parallel()
	f := newFakeShipX(t, "")
	f.Set("600000000000000000000017", route{File: "delivered.json"})
	c := newTestCarrier(t, f)
	_, err := c.Track(context.Background(), "600000000000000000000017")
	require.NoError(t, err)
}

// TestTrackEstimateRevision: ShipX has no estimate; the revision InPost
// reports is the status delay_in_delivery, which arrives as a new scan.
func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeShipX(t, testToken)
	f.Set("520000011395200025754311", route{File: "in_transit.json"}, route{File: "revised.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "520000011395200025754311")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "520000011395200025754311")
	require.NoError(t, err)
	assert.Len(t, first.Scans, 4)
	require.Len(t, second.Scans, 5)
	assert.Equal(t, "delay_in_delivery", second.Scans[0].Code)
	assert.True(t, first.EstimatedDelivery.IsZero() && second.EstimatedDelivery.IsZero())
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "600000000000000000000017"
	tests := []struct {
		name       string
		rt         route
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "404", rt: route{Status: 404, File: "not_found.json"}, is: []error{carrier.ErrNotFound}, contains: "has not been found"},
		{name: "404 recorded", rt: route{Status: 404, File: "recorded_xgrz_tracking_not_found.json"}, is: []error{carrier.ErrNotFound}},
		{name: "404 without body", rt: route{Status: 404, Body: ``}, is: []error{carrier.ErrNotFound}},
		{name: "200 with error", rt: route{Body: `{"status":404,"error":"resource_not_found","description":"not found"}`}, is: []error{carrier.ErrNotFound}},
		{name: "401", rt: route{Status: 401, Body: `{"status":401,"error":"token_invalid","description":"Token is missing or invalid."}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", rt: route{Status: 403, Body: `{"status":403,"error":"access_forbidden","description":"Access forbidden."}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"20"}}, Body: `{"status":429,"error":"too_many_requests"}`}, temporary: true, retryAfter: 20 * time.Second},
		{name: "500", rt: route{Status: 500, Body: `{"status":500,"error":"internal_error"}`}, temporary: true},
		{name: "503", rt: route{Status: 503, Body: `<html>maintenance</html>`}, temporary: true},
		{name: "400", rt: route{Status: 400, Body: `{"status":400,"error":"validation_failed","description":"invalid tracking number"}`}, contains: "400"},
		{name: "200 error other than not found", rt: route{Body: `{"status":400,"error":"validation_failed","description":"bad"}`}, contains: "validation_failed"},
		{name: "malformed JSON", rt: route{Body: `{"tracking_number": "6000`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "garbage", rt: route{Body: `<html>Bad gateway</html>`}, is: []error{carrier.ErrMalformed}},
		{name: "wrong type", rt: route{Body: `{"tracking_number":"x","tracking_details":{"a":1}}`}, is: []error{carrier.ErrMalformed}},
		{name: "empty object", rt: route{Body: `{}`}, is: []error{carrier.ErrMalformed}},
		{name: "no readable times", rt: route{Body: `{"tracking_number":"` + n + `","tracking_details":[{"status":"delivered","datetime":"today"}]}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "6000/../17", is: []error{carrier.ErrNotFound}},
		{name: "short number", number: "123", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeShipX(t, testToken)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testToken}})
		})
	}
}

func TestTrackWrongToken(t *testing.T) {
	t.Parallel()
	f := newFakeShipX(t, testToken)
	c, err := New(Config{Token: "wrong-token", BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "600000000000000000000017")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
	assert.NotContains(t, err.Error(), "wrong-token")
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{WebhookSecrets: []string{"short"}, WebhookTolerance: -5, Token: "Bearer x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WebhookSecrets")
	assert.Contains(t, err.Error(), "WebhookTolerance")
	assert.Contains(t, err.Error(), "Token")
	_, err = New(Config{BaseURL: "api-shipx-pl.easypack24.net"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
}

func signed(body []byte) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, testSecret))
	return h
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeShipX(t, ""))
	body := adaptertest.Fixture(t, "webhook_status_changed.json")
	ups, err := c.ParseWebhook(context.Background(), signed(body), body)
	require.NoError(t, err)
	require.Len(t, ups, 1)
	assert.Equal(t, "600000000000000000000017", ups[0].TrackingNumber)
	require.Len(t, ups[0].Scans, 1)
	adaptertest.AssertScan(t, 0, ups[0].Scans[0], ID, adaptertest.Scan{Time: "2026-11-19T17:42:15+01:00", Code: "ready_to_pickup"})
}

func TestWebhookSignatures(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 19, 16, 42, 20, 0, time.UTC)
	body := adaptertest.Fixture(t, "webhook_status_changed.json")
	newC := func(t *testing.T, tolerance time.Duration, secrets ...string) *Carrier {
		c, err := New(Config{WebhookSecrets: secrets, WebhookTolerance: tolerance, Now: func() time.Time { return now }})
		require.NoError(t, err)
		return c
	}
	withTS := func(ts time.Time, sig string) http.Header {
		h := http.Header{}
		h.Set(TimestampHeader, ts.Format(time.RFC3339Nano))
		h.Set(SignatureHeader, sig)
		return h
	}
	tests := []struct {
		name    string
		c       *Carrier
		header  http.Header
		body    []byte
		wantErr error
	}{
		{"body signature", newC(t, 0, testSecret), signed(body), body, nil},
		{"old secret during rotation", newC(t, 0, "the-new-secret-2", testSecret), signed(body), body, nil},
		{"timestamp signed, fresh", newC(t, 0, testSecret), withTS(now.Add(-time.Minute), SignWebhookAt(now.Add(-time.Minute), body, testSecret)), body, nil},
		{"timestamp signed, stale", newC(t, 0, testSecret), withTS(now.Add(-time.Hour), SignWebhookAt(now.Add(-time.Hour), body, testSecret)), body, carrier.ErrTooOld},
		{"timestamp signed, stale, check off", newC(t, -1, testSecret), withTS(now.Add(-time.Hour), SignWebhookAt(now.Add(-time.Hour), body, testSecret)), body, nil},
		{"timestamp changed after signing", newC(t, 0, testSecret), withTS(now, SignWebhookAt(now.Add(-time.Minute), body, testSecret)), body, carrier.ErrBadSignature},
		{"body signature with a timestamp header", newC(t, 0, testSecret), withTS(now.Add(-time.Hour), SignWebhook(body, testSecret)), body, nil},
		{"wrong secret", newC(t, 0, testSecret), func() http.Header {
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "some-other-secret"))
			return h
		}(), body, carrier.ErrBadSignature},
		{"hex instead of base64", newC(t, 0, testSecret), func() http.Header {
			h := http.Header{}
			h.Set(SignatureHeader, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
			return h
		}(), body, carrier.ErrBadSignature},
		{"missing", newC(t, 0, testSecret), http.Header{}, body, carrier.ErrNotSigned},
		{"no secret configured", newC(t, 0), signed(body), body, carrier.ErrBadSignature},
		{"too large", func() *Carrier {
			c, err := New(Config{WebhookSecrets: []string{testSecret}, MaxWebhookBytes: 10})
			require.NoError(t, err)
			return c
		}(), signed(body), body, carrier.ErrBodyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ups, err := tt.c.ParseWebhook(context.Background(), tt.header, tt.body)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Len(t, ups, 1)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, ups)
		})
	}
}

func TestWebhookMalformed(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeShipX(t, ""))
	for _, body := range []string{
		`not json`,
		`{}`,
		`{"event":"shipment_status_changed"}`,
		`{"event":"shipment_status_changed","event_ts":"yesterday","payload":{"status":"delivered","tracking_number":"600000000000000000000017"}}`,
		`{"event":"shipment_status_changed","event_ts":"2026-11-19 17:42:15 +0100","payload":{"status":"","tracking_number":"600000000000000000000017"}}`,
		`{"event":"shipment_status_changed","event_ts":"2026-11-19T17:42:15","payload":{"status":"delivered","tracking_number":"600000000000000000000017"}}`,
	} {
		ups, err := c.ParseWebhook(context.Background(), signed([]byte(body)), []byte(body))
		assert.ErrorIs(t, err, carrier.ErrMalformed, body)
		assert.Nil(t, ups)
	}
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"tracking_number":"1","tracking_details":[{"status":"","origin_status":"","datetime":"2026-02-30T25:61:00+99:00","location":{"x":1}}]}`))
	f.Add([]byte(`{"status":"delivered","error":"x"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, _, err := parse(body, "600000000000000000000017")
		if err != nil {
			require.Nil(t, u)
			require.True(t, errors.Is(err, carrier.ErrMalformed) || errors.Is(err, carrier.ErrNotFound) ||
				strings.HasPrefix(err.Error(), "inpost: track"), "unexpected error %v", err)
			return
		}
		require.NotNil(t, u)
		for _, s := range u.Scans {
			require.False(t, s.Time.IsZero(), "a scan must have a time")
			require.NotEmpty(t, s.Code, "a scan must have a code")
		}
	})
}

func FuzzWebhook(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	c, err := New(Config{WebhookSecrets: []string{testSecret}})
	require.NoError(f, err)
	adaptertest.FuzzWebhook(f, c, SignatureHeader,
		func(body []byte) string { return SignWebhook(body, testSecret) },
		func(body []byte) string { return SignWebhook(body, "a-forged-secret") })
}
