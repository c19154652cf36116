package redact

import "testing"

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"smtp 550: mailbox ada@example.com unknown":  "smtp 550: mailbox [email] unknown",
		"<ada@example.com>, call +49 30 1234567 now": "<[email]>, call [phone] now",
		"a@b@c rejected":      "[email] rejected",
		"451 try again later": "451 try again later",
		// Credentials go too: notify's, returns' and tracking's errors quote
		// the URL and the key they called.
		"Authorization: Bearer eyJhbGciOi.abc.def":                     "Authorization: [redacted]",
		`Post "https://api.example.com/send?access_token=abc123": 401`: `Post "https://api.example.com/send?[redacted]": 401`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
