package ups

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

const (
	testAlertURL       = "https://shop.example/webhooks/ups"
	testAlertSecret    = "ups-alert-credential-1"
	testOldAlertSecret = "ups-alert-credential-0"
	invalidAlertNumber = "1Z0000000000000000"
)

var testNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// alert answers a Track Alert subscription: every well-formed 1Z number is
// valid except invalidAlertNumber; a wrong locale gets the documented 400.
func (f *fakeUPS) alert(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		f.t.Errorf("subscription method = %s, want POST", r.Method)
	}
	if id := r.Header.Get("transId"); id == "" || len(id) > 32 {
		f.t.Errorf("transId = %q, want 1 to 32 characters", id)
	}
	body, _ := io.ReadAll(r.Body)
	var req alertRequest
	if err := json.Unmarshal(body, &req); err != nil {
		f.t.Errorf("subscription body: %v", err)
	}
	if req.Locale != "en_US" {
		route{Status: http.StatusBadRequest, File: "alert_error_400.json"}.Write(f.t, w)
		return
	}
	if req.CountryCode != "US" || req.Destination.URL != testAlertURL || req.Destination.Credential != testAlertSecret ||
		req.Destination.CredentialType != "Bearer" {
		f.t.Errorf("subscription request %+v", req)
	}
	var resp alertResponse
	for _, n := range req.TrackingNumberList {
		if n == invalidAlertNumber {
			resp.InvalidTrackingNumbers = append(resp.InvalidTrackingNumbers, n)
		} else {
			resp.ValidTrackingNumbers = append(resp.ValidTrackingNumbers, n)
		}
	}
	out, _ := json.Marshal(resp)
	route{Body: string(out)}.Write(f.t, w)
}

func TestSubscribe(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeUPS(t))
	ctx := context.Background()

	s, err := c.Subscribe(ctx, "1Z 5R8 939 0357567127")
	require.NoError(t, err)
	assert.Equal(t, carrier.Subscription{Carrier: ID, TrackingNumber: "1Z 5R8 939 0357567127",
		ExpiresAt: testNow.Add(14 * 24 * time.Hour)}, *s, "Track Alert subscriptions last 14 days")

	_, err = c.Subscribe(ctx, invalidAlertNumber)
	assert.ErrorIs(t, err, carrier.ErrNotFound, "listed invalid")
	assert.False(t, carrier.IsTemporary(err))

	_, err = c.Subscribe(ctx, "K1234567890")
	assert.ErrorIs(t, err, carrier.ErrNotFound, "not a 1Z number")

	err = c.Unsubscribe(ctx, "1Z5R89390357567127")
	assert.ErrorIs(t, err, errors.ErrUnsupported)

	de := newTestCarrier(t, newFakeUPS(t))
	de.cfg.Locale = "xx_XX"
	_, err = de.Subscribe(ctx, "1Z5R89390357567127")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "VSS310")
	assert.False(t, carrier.IsTemporary(err))

	f := newFakeUPS(t)
	none, err := New(Config{ClientID: testClientID, ClientSecret: testClientSecret, BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = none.Subscribe(ctx, "1Z5R89390357567127")
	assert.ErrorIs(t, err, errors.ErrUnsupported, "no AlertURL configured")
}

func TestNewChecksAlertConfig(t *testing.T) {
	t.Parallel()
	base := Config{ClientID: testClientID, ClientSecret: testClientSecret}
	for name, tc := range map[string]struct {
		url     string
		secrets []string
		weak    bool
	}{
		"url without secret": {url: testAlertURL},
		"weak secret":        {url: testAlertURL, secrets: []string{"short"}, weak: true},
		"empty old secret":   {secrets: []string{testAlertSecret, ""}, weak: true},
		"relative url":       {url: "/webhooks/ups", secrets: []string{testAlertSecret}},
	} {
		cfg := base
		cfg.AlertURL, cfg.AlertSecrets = tc.url, tc.secrets
		_, err := New(cfg)
		require.Error(t, err, name)
		assert.Equal(t, tc.weak, errors.Is(err, kit.ErrWeakSecret), name)
	}
	cfg := base
	cfg.AlertSecrets = []string{testAlertSecret}
	_, err := New(cfg)
	assert.NoError(t, err, "secrets alone: pushes of subscriptions made elsewhere")
}

func TestParseAlert(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeUPS(t))
	for _, tc := range []struct {
		file, number string
		scan         wantScan
		start, end   string
		want         milestone.Milestone
	}{
		{"alert_out_for_delivery.json", "1Z5R89390357567127",
			wantScan{"2026-03-05T09:15:19-05:00", false, "I_OT", "Out for Delivery", "Charlotte, NC, US"},
			"2026-03-05T13:00:00Z", "2026-03-05T17:00:00Z", milestone.OutForDelivery},
		{"alert_delivered.json", "1Z5R89390357567127",
			wantScan{"2026-03-05T15:50:04-05:00", false, "D_FS", "Delivered", "CHARLOTTE, NC, US"},
			"", "", milestone.Delivered},
		{"alert_manifest.json", "1Z879E930346834440",
			wantScan{"2026-03-02T23:12:30+01:00", false, "M_MP", "Shipment Ready for UPS", "DE"},
			"", "", milestone.InfoReceived},
	} {
		body := adaptertest.Fixture(t, tc.file)
		for _, secret := range []string{testAlertSecret, testOldAlertSecret} {
			ups, err := c.ParseWebhook(context.Background(), SignWebhook(secret), body)
			require.NoError(t, err, tc.file)
			require.Len(t, ups, 1)
			u := ups[0]
			assert.Equal(t, tc.number, u.TrackingNumber, tc.file)
			require.Len(t, u.Scans, 1)
			adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan(tc.scan))
			adaptertest.AssertTime(t, tc.start, u.EstimatedDeliveryStart, tc.file+" start")
			adaptertest.AssertTime(t, tc.end, u.EstimatedDelivery, tc.file+" end")
			assert.Equal(t, tc.want, milestone.Classify(u.Scans[0]), tc.file)
		}
	}
}

func TestParseAlertRejects(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeUPS(t))
	body := adaptertest.Fixture(t, "alert_delivered.json")
	for name, h := range map[string]http.Header{
		"missing":         {},
		"wrong":           SignWebhook("ups-alert-credential-9"),
		"prefix of right": SignWebhook(testAlertSecret[:len(testAlertSecret)-1]),
	} {
		ups, err := c.ParseWebhook(context.Background(), h, body)
		assert.ErrorIs(t, err, carrier.ErrBadSignature, name)
		assert.Nil(t, ups, name)
	}
	_, err := c.ParseWebhook(context.Background(), http.Header{}, body)
	assert.ErrorIs(t, err, carrier.ErrNotSigned)

	for name, b := range map[string]string{
		"not json":  `<xml/>`,
		"no number": `{"localActivityDate":"20260305","localActivityTime":"101010","activityStatus":{"type":"I","code":"OR"}}`,
		"no time":   `{"trackingNumber":"1Z5R89390357567127","activityStatus":{"type":"I","code":"OR"}}`,
		"no status": `{"trackingNumber":"1Z5R89390357567127","localActivityDate":"20260305","localActivityTime":"101010"}`,
	} {
		_, err := c.ParseWebhook(context.Background(), SignWebhook(testAlertSecret), []byte(b))
		assert.ErrorIs(t, err, carrier.ErrMalformed, name)
	}
	_, err = c.ParseWebhook(context.Background(), SignWebhook(testAlertSecret), []byte(strings.Repeat(" ", maxAlertBytes+1)))
	assert.ErrorIs(t, err, carrier.ErrBodyTooLarge)
}

func FuzzAlert(f *testing.F) {
	for _, n := range []string{"alert_out_for_delivery.json", "alert_delivered.json", "alert_manifest.json"} {
		f.Add(adaptertest.Fixture(f, n))
	}
	f.Add([]byte(`{"trackingNumber":"1Z","localActivityDate":"20261399","localActivityTime":"999999","gmtActivityDate":"20260101","gmtActivityTime":"000000","activityStatus":{"type":"X"}}`))
	f.Add([]byte(`{"trackingNumber":"1Z","localActivityDate":"20260101","localActivityTime":"000000","gmtActivityDate":"20250101","gmtActivityTime":"000000","activityStatus":{"code":"OR"},"scheduledDeliveryDate":"20260101","deliveryStartTime":"235959","deliveryEndTime":"000000"}`))
	c, err := New(Config{ClientID: "id", ClientSecret: "secret", AlertSecrets: []string{testAlertSecret}})
	if err != nil {
		f.Fatal(err)
	}
	adaptertest.FuzzWebhook(f, c, CredentialHeader,
		func([]byte) string { return testAlertSecret },
		func([]byte) string { return "not-the-credential" })
}
