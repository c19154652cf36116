package usps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

const (
	testListenerURL  = "https://shop.example/webhooks/usps"
	testSubSecret    = "usps-subscription-secret-0123456" // 32 characters
	testOldSubSecret = "usps-subscription-secret-old-000"
	refusedNumber    = "9400100000000000000099"
)

// subscriptionStore is the fake Subscriptions API's state.
type subscriptionStore struct {
	mu      sync.Mutex
	byID    map[string]string // id -> tracking number
	next    int
	creates int
	deletes int
}

// subscriptions answers the fake Subscriptions API: POST creates (a 400 for
// refusedNumber), GET lists, DELETE removes (404 for an unknown id).
func (f *fakeUSPS) subscriptions(w http.ResponseWriter, r *http.Request) {
	s := &f.subs
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]string{}
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == subscriptionsPath:
		body, _ := io.ReadAll(r.Body)
		var req subscriptionRequest
		if err := json.Unmarshal(body, &req); err != nil {
			f.t.Errorf("subscription body: %v", err)
		}
		if req.SubscriptionType != "TRACKING" || req.EventType != "ALL_UPDATES" || req.ListenerURL != testListenerURL || req.Secret != testSubSecret {
			f.t.Errorf("subscription request %+v", req)
		}
		n := req.FilterProperties.TrackingNumber
		if n == refusedNumber {
			route{Status: http.StatusBadRequest, Body: `{"apiVersion":"/subscriptions/v3","error":{"code":"400","message":"Bad Request","errors":[{"status":"400","code":"020001","title":"Invalid tracking number","detail":"The tracking number is not valid."}]}}`}.Write(f.t, w)
			return
		}
		s.creates++
		s.next++
		id := fmt.Sprintf("sub-%04d", s.next)
		s.byID[id] = n
		out, _ := json.Marshal(map[string]any{"subscriptionId": id, "subscriptionType": "TRACKING", "listenerURL": req.ListenerURL,
			"eventType": "ALL_UPDATES", "filterProperties": map[string]string{"trackingNumber": n}, "status": "ACTIVE"})
		route{Status: http.StatusCreated, Body: string(out)}.Write(f.t, w)
	case r.Method == http.MethodGet && r.URL.Path == subscriptionsPath:
		var list []map[string]any
		for id, n := range s.byID {
			list = append(list, map[string]any{"subscriptionId": id, "filterProperties": map[string]string{"trackingNumber": n}})
		}
		out, _ := json.Marshal(map[string]any{"subscriptions": list})
		route{Body: string(out)}.Write(f.t, w)
	case r.Method == http.MethodDelete:
		id := strings.TrimPrefix(r.URL.Path, subscriptionsPath+"/")
		if _, ok := s.byID[id]; !ok {
			route{Status: http.StatusNotFound, Body: `{"error":{"code":"404","message":"Subscription not found"}}`}.Write(f.t, w)
			return
		}
		s.deletes++
		delete(s.byID, id)
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, r)
	}
}

func (s *subscriptionStore) count() (live, creates, deletes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID), s.creates, s.deletes
}

func TestSubscribe(t *testing.T) {
	t.Parallel()
	f := newFakeUSPS(t)
	c := newTestCarrier(t, f)
	ctx := context.Background()

	s1, err := c.Subscribe(ctx, "9400 1118 9922 3197 4284 90")
	require.NoError(t, err)
	assert.Equal(t, ID, s1.Carrier)
	assert.NotEmpty(t, s1.ID)
	assert.True(t, s1.ExpiresAt.IsZero())
	s2, err := c.Subscribe(ctx, "9400111899223197428490")
	require.NoError(t, err)
	assert.Equal(t, s1.ID, s2.ID, "one subscription")
	live, creates, _ := f.subs.count()
	assert.Equal(t, 1, live)
	assert.Equal(t, 1, creates)

	_, err = c.Subscribe(ctx, refusedNumber)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "020001")
	assert.False(t, carrier.IsTemporary(err))

	require.NoError(t, c.Unsubscribe(ctx, "9400111899223197428490"))
	live, _, deletes := f.subs.count()
	assert.Equal(t, 0, live)
	assert.Equal(t, 1, deletes)
	require.NoError(t, c.Unsubscribe(ctx, "9400111899223197428490"), "gone already")
	require.NoError(t, c.Unsubscribe(ctx, "x"), "no subscription can have such a number")

	// A subscription made by another process (a restart) is found in the list.
	other := newTestCarrier(t, f)
	_, err = other.Subscribe(ctx, "9205590164917312751089")
	require.NoError(t, err)
	require.NoError(t, c.Unsubscribe(ctx, "9205590164917312751089"))
	live, _, _ = f.subs.count()
	assert.Equal(t, 0, live)

	none, err := New(Config{ClientID: testClientID, ClientSecret: testClientSecret, BaseURL: f.URL, HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = none.Subscribe(ctx, "9400111899223197428490")
	assert.ErrorIs(t, err, errors.ErrUnsupported, "no ListenerURL")
}

func TestNewChecksSubscriptionConfig(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		url     string
		secrets []string
		weak    bool
	}{
		"url without secret": {url: testListenerURL},
		"empty secret":       {url: testListenerURL, secrets: []string{""}, weak: true},
		"short secret":       {secrets: []string{"short"}, weak: true},
		"33 characters":      {secrets: []string{testSubSecret + "x"}},
		"relative url":       {url: "/webhooks/usps", secrets: []string{testSubSecret}},
	} {
		_, err := New(Config{ClientID: "id", ClientSecret: "secret", ListenerURL: tc.url, SubscriptionSecrets: tc.secrets})
		require.Error(t, err, name)
		assert.Equal(t, tc.weak, errors.Is(err, kit.ErrWeakSecret), name)
	}
}

// signed returns the notification fixture and its X-HMAC under secret.
func signed(t testing.TB, secret string) (http.Header, []byte) {
	t.Helper()
	body := adaptertest.Fixture(t, "notification_delivered.json")
	var env struct{ Timestamp, Payload string }
	require.NoError(t, json.Unmarshal(body, &env))
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HMACHeader, SignWebhook(env.Timestamp, env.Payload, secret))
	return h, body
}

func TestNotification(t *testing.T) {
	t.Parallel()
	c := newTestCarrier(t, newFakeUSPS(t))
	ctx := context.Background()
	for _, secret := range []string{testSubSecret, testOldSubSecret} {
		h, body := signed(t, secret)
		ups, err := c.ParseWebhook(ctx, h, body)
		require.NoError(t, err)
		require.Len(t, ups, 1)
		u := ups[0]
		assert.Equal(t, "9400111899223197428490", u.TrackingNumber)
		assert.Equal(t, "USPS Ground Advantage", u.Service)
		require.Len(t, u.Scans, 2)
		adaptertest.AssertScan(t, 0, u.Scans[0], ID, adaptertest.Scan{Time: "2026-11-24T14:21:00-05:00", Code: "01",
			Description: "Delivered, In/At Mailbox", Location: "CHICAGO, IL"})
		assert.Equal(t, milestone.Delivered, milestone.Classify(u.Scans[0]))
		assert.True(t, u.EstimatedDelivery.IsZero(), "delivered: no estimate")
	}

	// The older header name.
	h, body := signed(t, testSubSecret)
	legacy := http.Header{}
	legacy.Set("hmac-header", h.Get(HMACHeader))
	_, err := c.ParseWebhook(ctx, legacy, body)
	assert.NoError(t, err)

	// What the signature covers: the timestamp and the payload.
	for name, change := range map[string]func(s string) string{
		"payload":   func(s string) string { return strings.Replace(s, `\"eventCode\":\"OF\"`, `\"eventCode\":\"01\"`, 1) },
		"timestamp": func(s string) string { return strings.Replace(s, "19:21:07Z", "19:21:08Z", 1) },
	} {
		changed := []byte(change(string(body)))
		require.NotEqual(t, body, changed, name)
		ups, err := c.ParseWebhook(ctx, h, changed)
		assert.ErrorIs(t, err, carrier.ErrBadSignature, name)
		assert.Nil(t, ups, name)
	}
	for name, hdr := range map[string]http.Header{"missing": {}, "forged": func() http.Header { h, _ := signed(t, "usps-forged-secret-0123456789abc"); return h }()} {
		ups, err := c.ParseWebhook(ctx, hdr, body)
		assert.ErrorIs(t, err, carrier.ErrBadSignature, name)
		assert.Nil(t, ups, name)
	}
	_, err = c.ParseWebhook(ctx, http.Header{}, body)
	assert.ErrorIs(t, err, carrier.ErrNotSigned)

	other := strings.Replace(string(body), `"TRACKING"`, `"SCAN_EVENT_EXTRACT"`, 1)
	ups, err := c.ParseWebhook(ctx, h, []byte(other))
	assert.NoError(t, err, "subscriptionType is not signed, but only TRACKING is read")
	assert.Empty(t, ups)
}

// FuzzNotification: a notification signed with the secret gives updates
// whose scans are sound, or an error matching ErrMalformed or ErrNotFound
// (a payload with USPS's error object); the same body signed with another
// secret never gives an update.
func FuzzNotification(f *testing.F) {
	f.Add(adaptertest.Fixture(f, "notification_delivered.json"))
	f.Add([]byte(`{"subscriptionType":"TRACKING","timestamp":"t","payload":"{\"trackingNumber\":\"1\",\"trackingEvents\":[{\"eventTimestamp\":\"x\"}]}"}`))
	f.Add([]byte(`{"subscriptionType":"TRACKING","timestamp":"t","payload":{"trackingNumber":"1"}}`))
	f.Add([]byte(`{"subscriptionType":"TRACKING","payload":"{\"error\":{\"code\":\"404\"}}"}`))
	c, err := New(Config{ClientID: "id", ClientSecret: "secret", SubscriptionSecrets: []string{testSubSecret}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var env notification
		stamp, payload := "", ""
		if json.Unmarshal(body, &env) == nil {
			stamp = env.Timestamp
			payload, _ = env.payload()
		}
		for _, secret := range []string{testSubSecret, "another-secret-0123456789abcdef!"} {
			h := http.Header{}
			h.Set(HMACHeader, SignWebhook(stamp, payload, secret))
			ups, err := c.ParseWebhook(context.Background(), h, body)
			if secret != testSubSecret {
				if err == nil || ups != nil {
					t.Fatalf("a notification signed with another secret: %d updates, %v", len(ups), err)
				}
				continue
			}
			if err != nil && !errors.Is(err, carrier.ErrMalformed) && !errors.Is(err, carrier.ErrNotFound) && !errors.Is(err, carrier.ErrBodyTooLarge) {
				t.Fatalf("unexpected error class: %v", err)
			}
			for _, u := range ups {
				for _, s := range u.Scans {
					if s.Time.IsZero() || s.Carrier != ID {
						t.Fatalf("bad scan %+v", s)
					}
				}
			}
		}
	})
}

// TestSubscriptionAnswer: of the documented answer to a new subscription the
// adapter reads the id and the number.
func TestSubscriptionAnswer(t *testing.T) {
	t.Parallel()
	var s subscription
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "subscription_created.json"), &s))
	assert.Equal(t, "5f0c3a52-8d1e-4b7a-9c61-2e4d8f10a7b3", s.SubscriptionID)
	assert.Equal(t, "9400111899223197428490", s.FilterProperties.TrackingNumber)
}
