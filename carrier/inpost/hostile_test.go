package inpost

import (
	"context"
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

func TestAnswerAboutAnotherNumber(t *testing.T) {
	t.Parallel()
	const asked = "600000000000000000000017"
	body := string(adaptertest.Fixture(t, "in_transit.json"))
	if !strings.Contains(body, `"520000011395200025754311"`) {
		t.Fatal("in_transit.json no longer names 520000011395200025754311")
	}
	f := newFakeShipX(t, testToken)
	f.Set(asked, route{Body: body})
	u, err := newTestCarrier(t, f).Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 520000011395200025754311 must not be taken for %s", asked)
	assert.Nil(t, u)

	// The same answer about the number asked, written with spaces, is read.
	f.Set(asked, route{Body: strings.Replace(body, `"520000011395200025754311"`, `"6000 0000 0000 0000 0000 0017"`, 1)})
	u, err = newTestCarrier(t, f).Track(context.Background(), asked)
	if assert.NoError(t, err) {
		assert.NotEmpty(t, u.Scans)
	}
}

func TestWebhookTimestampEdges(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 19, 16, 42, 20, 0, time.UTC)
	body := adaptertest.Fixture(t, "webhook_status_changed.json")
	c, err := New(Config{WebhookSecrets: []string{testSecret}, Now: func() time.Time { return now }})
	require.NoError(t, err)
	for _, tc := range []struct {
		name, ts string
		want     error
	}{
		{"far future", now.Add(24 * time.Hour).Format(time.RFC3339), carrier.ErrTooOld},
		{"year 0001", "0001-01-01T00:00:00Z", carrier.ErrTooOld},
		{"no offset", now.Format("2006-01-02T15:04:05"), carrier.ErrBadSignature},
		{"not a time", "yesterday", carrier.ErrBadSignature},
	} {
		h := http.Header{}
		h.Set(TimestampHeader, tc.ts)
		h.Set(SignatureHeader, kit.SignHMACBase64(append([]byte(tc.ts+"."), body...), []byte(testSecret)))
		ups, err := c.ParseWebhook(context.Background(), h, body)
		assert.ErrorIs(t, err, tc.want, tc.name)
		assert.Nil(t, ups, tc.name)
	}
}

func TestWeakSecretsRefused(t *testing.T) {
	t.Parallel()
	for _, secrets := range [][]string{{""}, {"short"}, {testSecret, ""}, {"", testSecret}} {
		_, err := New(Config{WebhookSecrets: secrets})
		assert.ErrorIs(t, err, kit.ErrWeakSecret, "%q", secrets)
	}
}
