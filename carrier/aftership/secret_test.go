package aftership

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
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
	body := adaptertest.Fixture(t, "webhook_delivered.json")
	h := http.Header{}
	h.Set(SignatureHeader, SignWebhook(body, ""))
	if ups, err := c.ParseWebhook(context.Background(), h, body); !errors.Is(err, carrier.ErrBadSignature) || ups != nil {
		t.Errorf("a webhook signed with the empty key: %d updates, error %v", len(ups), err)
	}
}
