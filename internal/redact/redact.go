// Package redact removes what looks like an e-mail address, a phone number
// or a credential from a text, such as a channel's error that quotes the
// address it rejected or the URL and key it called, before the text is
// logged or stored. tracking, returns and notify share it, so their logs
// and stored errors keep the same rule.
package redact

import (
	"regexp"
	"strings"
)

var (
	emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)
	phoneLike = regexp.MustCompile(`\+?[0-9][0-9 ()./-]{5,}[0-9]`)
)

// Text returns s with what looks like a credential removed (Credentials),
// then what looks like an e-mail address replaced by "[email]" and what
// looks like a phone number by "[phone]".
func Text(s string) string {
	s = Credentials(s)
	s = emailLike.ReplaceAllString(s, "[email]")
	return phoneLike.ReplaceAllString(s, "[phone]")
}

// secretLike matches what looks like a credential in an error text:
// key=value or "key": "value" pairs whose key names a secret (with the
// value's scheme word, as in "Authorization: Bearer <token>"), and a bare
// bearer or basic token.
var secretLike = regexp.MustCompile(`(?i)((?:api[_-]?key|apikey|access[_-]?key|client[_-]?secret|secret|token|password|passwd|authorization|auth|signature|sig|key)["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"'&,;}]+|((?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+`)

// vendorKey matches API keys whose vendors publish their shape: SendGrid's
// SG.<id>.<secret> and Stripe's secret and restricted keys.
var vendorKey = regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|\b[sr]k_(?:live|test)_[A-Za-z0-9]{8,}`)

// urlLike matches a URL, and tokenSegment a path segment long enough to be
// a secret (a webhook URL's key, such as Slack's).
var (
	urlLike      = regexp.MustCompile(`(?i)\bhttps?://[^\s"'<>]+`)
	tokenSegment = regexp.MustCompile(`^[A-Za-z0-9_-]{20,}$`)
)

// redactURL drops a URL's query and fragment and the path segments that
// may be secrets, keeping its host and the rest of its path.
func redactURL(u string) string {
	tail := ""
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u, tail = u[:i], "?[redacted]"
	}
	parts := strings.Split(u, "/")
	for i := 3; i < len(parts); i++ {
		if tokenSegment.MatchString(parts[i]) {
			parts[i] = "[redacted]"
		}
	}
	return strings.Join(parts, "/") + tail
}

// Credentials removes what looks like a credential from an error text: URL queries and secret-like path segments, secret key=value pairs,
// bearer and basic tokens and vendor API keys.
func Credentials(s string) string {
	s = urlLike.ReplaceAllStringFunc(s, redactURL)
	s = secretLike.ReplaceAllString(s, "$1$2[redacted]")
	return vendorKey.ReplaceAllString(s, "[redacted]")
}
