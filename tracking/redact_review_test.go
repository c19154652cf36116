package tracking

import (
	"strings"
	"testing"
)

// What a channel's or carrier's error may quote must not come out of
// DeadLetters, Messages, Status or the logs: every secret below must be
// gone from redact's text, and what is not secret must stay.
// (Before: "Authorization: Bearer <token>" kept the token, as did bare
// key=, signature= and client_secret= parameters, vendor keys such as
// SendGrid's SG.… and Stripe's sk_live_…, and secrets in a webhook URL's
// path; the logs and the stored error kept every credential.)
func TestRedactSecretsRemovesCredentials(t *testing.T) {
	for _, tc := range []struct{ in, secret, keep string }{
		{"smtp: 550 ada@example.com rejected", "ada@example.com", "smtp: 550"},
		{"twilio: +49 151 23456789 unreachable", "23456789", "unreachable"},
		{`Post "https://api.example.com/send?access_token=abc123&x=1": dial tcp`, "abc123", "api.example.com"},
		{`Post "https://api.example.com/send?signature=deadbeef42": dial tcp`, "deadbeef42", "api.example.com"},
		{`Post "https://hooks.slack.com/services/T0001/B0002/aB3dE5gH7jK9mN1pQ3sT5vW7": 404`, "aB3dE5gH7jK9mN1pQ3sT5vW7", "hooks.slack.com"},
		{"Authorization: Bearer eyJhbGciOi.abc.def", "eyJhbGciOi", "Authorization"},
		{"authorization=Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "authorization"},
		{"bearer eyJhbGciOi.abc.def expired", "eyJhbGciOi", "expired"},
		{`{"api_key": "k-12345678"}`, "k-12345678", "api_key"},
		{"x-api-key: k_live_123", "k_live_123", "x-api-key"},
		{"key=s3cr3tvalue unauthorized", "s3cr3tvalue", "unauthorized"},
		{"client_secret=abc123def", "abc123def", "client_secret"},
		{"invalid key SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "SG.aaaaaaaaaaaaaaaaaaaaaa", "invalid key"},
		{"stripe: No such key sk_live_51Habcdefghijklmnop", "51Habcdefghijklmnop", "stripe"},
		{"451 try again later", "", "451 try again later"},
	} {
		got := redact(tc.in)
		if tc.secret != "" && strings.Contains(got, tc.secret) {
			t.Errorf("redact(%q) (DeadLetters, Messages, logs, stored errors) = %q: keeps %q", tc.in, got, tc.secret)
		}
		if !strings.Contains(got, tc.keep) {
			t.Errorf("redact(%q) = %q: lost %q", tc.in, got, tc.keep)
		}
	}
}
