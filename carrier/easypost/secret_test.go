package easypost

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// TestNewRejectsWeakWebhookSecret: an empty secret (an unset environment
// variable) or a short one fails New with kit.ErrWeakSecret instead of
// letting a signature made with the empty key through.
func TestNewRejectsWeakWebhookSecret(t *testing.T) {
	t.Parallel()
	for name, secrets := range map[string][]string{
		"empty":          {""},
		"empty old":      {"new-secret", ""},
		"short":          {"abc"},
		"empty and real": {"", "old-secret"},
	} {
		_, err := New(Config{APIKey: "k", WebhookSecrets: secrets})
		if !errors.Is(err, kit.ErrWeakSecret) {
			t.Errorf("%s: New = %v, want an error matching kit.ErrWeakSecret", name, err)
		}
	}
}

// TestEmptyKeySignatureRejected: even a Carrier whose secrets were changed
// after New never tries the empty key.
func TestEmptyKeySignatureRejected(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: "k", WebhookSecrets: []string{"new-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	c.cfg.WebhookSecrets = append(c.cfg.WebhookSecrets, "")
	body := []byte(`{"description":"tracker.updated","result":{"tracking_code":"EZ1","status":"delivered","tracking_details":[{"status":"delivered","message":"Delivered","datetime":"2026-03-04T08:05:01Z"}]}}`)
	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, ""))
	if ups, err := c.ParseWebhook(context.Background(), h, body); !errors.Is(err, carrier.ErrBadSignature) || ups != nil {
		t.Errorf("a webhook signed with the empty key: %d updates, error %v", len(ups), err)
	}
}

// TestWebhookSecretNFKD: EasyPost's libraries normalise the webhook secret
// with Unicode NFKD before the HMAC, so a secret with an accent (é, U+00E9)
// or a ligature (ﬁ, U+FB01) signs with its decomposed form ("e" U+0301,
// "fi"). The signature here is computed independently of the adapter.
func TestWebhookSecretNFKD(t *testing.T) {
	t.Parallel()
	const secret = "caf\u00e9-\ufb01ve-webhook-secret"
	const decomposed = "cafe\u0301-five-webhook-secret"
	body, err := os.ReadFile(filepath.Join("testdata", "event_tracker_updated.json"))
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte(decomposed))
	mac.Write(body)
	sig := "hmac-sha256-hex=" + hex.EncodeToString(mac.Sum(nil))

	for _, configured := range []string{secret, decomposed} {
		c, err := New(Config{APIKey: "k", WebhookSecrets: []string{configured}})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set(SignatureHeader, sig)
		ups, err := c.ParseWebhook(context.Background(), h, body)
		if err != nil || len(ups) != 1 {
			t.Errorf("secret %+q: %d updates, error %v; want the delivery EasyPost signed with the NFKD form", configured, len(ups), err)
		}
	}
	if got := SignWebhook(body, secret); got != sig {
		t.Errorf("SignWebhook(%+q) = %s, want %s (the NFKD form's HMAC)", secret, got, sig)
	}
	// The form as given (not normalised) is not the key.
	raw := hmac.New(sha256.New, []byte(secret))
	raw.Write(body)
	c, err := New(Config{APIKey: "k", WebhookSecrets: []string{secret}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set(SignatureHeader, "hmac-sha256-hex="+hex.EncodeToString(raw.Sum(nil)))
	if _, err := c.ParseWebhook(context.Background(), h, body); !errors.Is(err, carrier.ErrBadSignature) {
		t.Errorf("a signature under the unnormalised secret: error %v, want ErrBadSignature", err)
	}
}
