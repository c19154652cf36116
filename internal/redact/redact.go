// Package redact removes what looks like an e-mail address or a phone
// number from a text, such as a channel's error that quotes the address it
// rejected, before the text is logged or stored. tracking, returns and
// notify share it, so their logs and stored errors keep the same rule.
package redact

import "regexp"

var (
	emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)
	phoneLike = regexp.MustCompile(`\+?[0-9][0-9 ()./-]{5,}[0-9]`)
)

// Text returns s with what looks like an e-mail address replaced by
// "[email]" and what looks like a phone number by "[phone]".
func Text(s string) string {
	s = emailLike.ReplaceAllString(s, "[email]")
	return phoneLike.ReplaceAllString(s, "[phone]")
}
