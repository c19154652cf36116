package easypost

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

func parseTracker(t *testing.T, name string) *carrier.Update {
	t.Helper()
	var tr tracker
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, name), &tr))
	u, err := tr.update()
	require.NoError(t, err)
	return u
}

func TestParseDelivered(t *testing.T) {
	u := parseTracker(t, "tracker_delivered.json")
	assert.Equal(t, "easypost", u.Carrier)
	assert.Equal(t, "9400110898825022579493", u.TrackingNumber)
	assert.Equal(t, "USPS First-Class Package Service", u.Service)
	require.Len(t, u.Scans, 6)
	last := u.Scans[5]
	assert.Equal(t, "delivered", last.Code)
	assert.Equal(t, "Delivered, In/At Mailbox", last.Description)
	assert.Equal(t, "CHARLESTON, SC, 29407", last.Location)
	_, off := last.Time.Zone()
	assert.Equal(t, -5*3600, off, "EasyPost's local offset is kept")
	assert.Equal(t, "2026-03-04T19:20:11Z", u.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "", u.Scans[0].Location)
}

// TestDateOnlyEstimate: an estimate without a time (est_delivery_time_local
// null, est_delivery_date at midnight UTC) is the end of its day, not
// midnight UTC, which is the evening before at the destination (issue 22).
func TestDateOnlyEstimate(t *testing.T) {
	u := parseTracker(t, "tracker_date_only_estimate.json")
	assert.Equal(t, "2026-03-06T23:59:59Z", u.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, time.UTC, u.EstimatedDelivery.Location(), "a wall clock in UTC's location")
	assert.Equal(t, "USPS Priority Mail", u.Service)
	require.Len(t, u.Scans, 2)

	str := func(s string) *string { return &s }
	for name, tt := range map[string]struct {
		est, dateLocal, timeLocal *string
		want                      string
	}{
		"no carrier detail, midnight":      {est: str("2026-03-06T00:00:00Z"), want: "2026-03-06T23:59:59Z"},
		"local date differs from UTC date": {est: str("2026-03-07T00:00:00Z"), dateLocal: str("2026-03-06"), want: "2026-03-06T23:59:59Z"},
		"local time given":                 {est: str("2026-03-06T22:00:00Z"), dateLocal: str("2026-03-06"), timeLocal: str("17:00:00"), want: "2026-03-06T22:00:00Z"},
		"a time, no carrier detail":        {est: str("2026-03-06T19:20:11Z"), want: "2026-03-06T19:20:11Z"},
		"midnight with local time given":   {est: str("2026-03-06T00:00:00Z"), dateLocal: str("2026-03-05"), timeLocal: str("19:00:00"), want: "2026-03-06T00:00:00Z"},
		"unreadable local date, midnight":  {est: str("2026-03-06T00:00:00Z"), dateLocal: str("03/06/2026"), want: "2026-03-06T23:59:59Z"},
	} {
		tr := tracker{TrackingCode: "EZ1", EstDeliveryDate: tt.est}
		if tt.dateLocal != nil || tt.timeLocal != nil {
			tr.CarrierDetail = &struct {
				Service              string  `json:"service"`
				EstDeliveryDateLocal *string `json:"est_delivery_date_local"`
				EstDeliveryTimeLocal *string `json:"est_delivery_time_local"`
			}{EstDeliveryDateLocal: tt.dateLocal, EstDeliveryTimeLocal: tt.timeLocal}
		}
		u, err := tr.update()
		require.NoError(t, err, name)
		assert.Equal(t, tt.want, u.EstimatedDelivery.Format(time.RFC3339), name)
	}
}

func TestCode(t *testing.T) {
	for _, c := range [][3]string{
		{"delivered", "arrived_at_destination", "delivered"},
		{"in_transit", "arrived_at_destination", "arrived_at_destination"},
		{"failure", "attempted_delivery", "attempted_delivery"},
		{"pre_transit", "status_update", "pre_transit"},
		{"in_transit", "", "in_transit"},
		{"out_for_delivery", "out_for_delivery", "out_for_delivery"},
	} {
		assert.Equal(t, c[2], Code(c[0], c[1]), "Code(%q, %q)", c[0], c[1])
	}
}

func TestFixtureScansClassify(t *testing.T) {
	want := map[string]milestone.Milestone{
		"Pre-Shipment Info Sent to USPS":  milestone.InfoReceived,
		"Shipping Label Created":          milestone.InfoReceived,
		"Arrived at USPS Origin Facility": milestone.InTransit,
		"Departed USPS Facility":          milestone.InTransit,
		"Out for Delivery":                milestone.OutForDelivery,
		"Delivered, In/At Mailbox":        milestone.Delivered,
		"Pickup Scan":                     milestone.PickedUp,
		"Out For Delivery Today":          milestone.OutForDelivery,
		"The receiver was not available for delivery. We'll make a second attempt the next business day.": milestone.DeliveryAttempted,
	}
	for _, name := range []string{"tracker_delivered.json", "tracker_failure.json"} {
		for _, s := range parseTracker(t, name).Scans {
			w, ok := want[s.Description]
			if !ok {
				t.Errorf("no expectation for %q", s.Description)
				continue
			}
			assert.Equal(t, w, milestone.Classify(s), "%q (code %s)", s.Description, s.Code)
		}
	}
}

// api is an httptest stand-in for EasyPost's tracker endpoints.
type api struct {
	creates, gets atomic.Int32
	lastCarrier   atomic.Value
}

func (a *api) serve(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, ok := r.BasicAuth()
		if !ok || user != "EZTK_test" {
			adaptertest.Reply{Status: http.StatusUnauthorized, File: "error_apikey.json"}.Write(t, w)
			return
		}
		byCode := map[string]string{
			"9400110898825022579493": "tracker_delivered.json",
			"1Z999AA10123456784":     "tracker_failure.json",
			"EZ1000000001":           "tracker_new.json",
		}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v2/trackers":
			a.creates.Add(1)
			body, _ := io.ReadAll(r.Body)
			var raw map[string]map[string]string
			_ = json.Unmarshal(body, &raw)
			a.lastCarrier.Store(raw["tracker"]["carrier"])
			code := raw["tracker"]["tracking_code"]
			if f := byCode[code]; f != "" {
				adaptertest.Reply{File: f}.Write(t, w)
				return
			}
			adaptertest.Reply{Status: http.StatusUnprocessableEntity, File: "error_invalid.json"}.Write(t, w)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v2/trackers/"):
			a.gets.Add(1)
			switch strings.TrimPrefix(r.URL.Path, "/v2/trackers/") {
			case "trk_c8e0edb5bb284caa934a0d3db23a148z":
				adaptertest.Reply{File: "tracker_delivered.json"}.Write(t, w)
			default:
				adaptertest.Reply{Status: http.StatusNotFound, Body: `{"error":{"code":"NOT_FOUND","message":"The requested resource could not be found."}}`}.Write(t, w)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTest(t testing.TB, srv *httptest.Server, key string) *Carrier {
	t.Helper()
	c, err := New(Config{APIKey: key, BaseURL: srv.URL + "/v2", WebhookSecrets: []string{"new-secret", "old-secret"},
		CarrierFor: func(n string) string {
			if strings.HasPrefix(n, "1Z") {
				return "UPS"
			}
			return ""
		},
		HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	return c
}

func TestTrackCreatesOnceThenRetrieves(t *testing.T) {
	a := &api{}
	c := newTest(t, a.serve(t), "EZTK_test")
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		u, err := c.Track(ctx, "9400110898825022579493")
		require.NoError(t, err)
		require.Len(t, u.Scans, 6)
	}
	assert.EqualValues(t, 1, a.creates.Load(), "the tracker is created once")
	assert.EqualValues(t, 2, a.gets.Load(), "then retrieved by id")

	_, err := c.Track(ctx, "1Z999AA10123456784")
	require.NoError(t, err)
	assert.Equal(t, "UPS", a.lastCarrier.Load(), "CarrierFor names the carrier")
}

func TestTrackErrors(t *testing.T) {
	a := &api{}
	srv := a.serve(t)
	c := newTest(t, srv, "EZTK_test")
	ctx := context.Background()

	_, err := c.Track(ctx, "EZ1000000001")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "a tracker without details is not found yet")

	_, err = c.Track(ctx, "NOPE")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "an invalid code is not found")
	assert.Contains(t, err.Error(), "TRACKER.TRACKING_CODE.INVALID")

	_, err = newTest(t, srv, "EZTK_other").Track(ctx, "9400110898825022579493")
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)

	_, err = New(Config{})
	assert.ErrorContains(t, err, "APIKey")
}

func TestWebhook(t *testing.T) {
	a := &api{}
	c := newTest(t, a.serve(t), "EZTK_test")
	ctx := context.Background()
	body := adaptertest.Fixture(t, "event_tracker_updated.json")

	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, "new-secret"))
	ups, err := c.ParseWebhook(ctx, h, body)
	require.NoError(t, err)
	require.Len(t, ups, 1)
	assert.Equal(t, "1Z999AA10123456784", ups[0].TrackingNumber)
	assert.Equal(t, "available_for_pickup", ups[0].Scans[0].Code)
	assert.Equal(t, milestone.AvailableForPickup, milestone.Classify(ups[0].Scans[0]))

	h.Set(SignatureHeader, SignWebhook(body, "old-secret"))
	_, err = c.ParseWebhook(ctx, h, body)
	require.NoError(t, err, "the old secret is still accepted during rotation")

	for name, sig := range map[string]string{
		"forged":     SignWebhook(body, "guess"),
		"missing":    "",
		"bare hex":   strings.TrimPrefix(SignWebhook(body, "new-secret"), "hmac-sha256-hex="),
		"not hex":    "hmac-sha256-hex=zzzz",
		"other body": SignWebhook([]byte(`{}`), "new-secret"),
	} {
		h := http.Header{}
		if sig != "" {
			h.Set(SignatureHeader, sig)
		}
		ups, err := c.ParseWebhook(ctx, h, body)
		assert.ErrorIs(t, err, carrier.ErrBadSignature, name)
		assert.Nil(t, ups, name)
	}

	big := make([]byte, 2<<20)
	h.Set(SignatureHeader, SignWebhook(big, "new-secret"))
	_, err = c.ParseWebhook(ctx, h, big)
	assert.ErrorIs(t, err, carrier.ErrBodyTooLarge)

	other := []byte(`{"object":"Event","id":"evt_1","description":"batch.updated","result":{}}`)
	h.Set(SignatureHeader, SignWebhook(other, "new-secret"))
	ups, err = c.ParseWebhook(ctx, h, other)
	require.NoError(t, err)
	assert.Empty(t, ups, "events other than tracker updates carry no update")
}

func FuzzWebhook(f *testing.F) {
	f.Add(adaptertest.Fixture(f, "event_tracker_updated.json"))
	f.Add([]byte(`{"description":"tracker.updated","result":{"tracking_code":"1","tracking_details":[{"datetime":"x"}]}}`))
	f.Add([]byte(`{"description":"tracker.updated","result":[]}`))
	f.Add([]byte(`{"object":"Event","description":"tracker.updated","result":` + string(adaptertest.Fixture(f, "tracker_date_only_estimate.json")) + `}`))
	c, err := New(Config{APIKey: "k", WebhookSecrets: []string{"fuzz-secret"}})
	if err != nil {
		f.Fatal(err)
	}
	adaptertest.FuzzWebhook(f, c, SignatureHeader,
		func(body []byte) string { return SignWebhook(body, "fuzz-secret") },
		func(body []byte) string { return SignWebhook(body, "wrong-secret") })
}
