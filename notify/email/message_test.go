package email

import (
	"bytes"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"
)

func fields() headerFields {
	return headerFields{
		date:           time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		from:           mail.Address{Name: "Shop", Address: "shop@shop.example"},
		messageIDLocal: "msg_1",
	}
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain":                        "plain",
		"  two   spaces  ":             "two spaces",
		"line\r\nBcc: evil@example":    "line Bcc: evil@example",
		"tab\tand\x00nul\x7fdel\u0085": "tab and nul del",
		"bad \xff utf-8":               "bad \uFFFD utf-8",
		"non\u00a0breaking":            "non\u00a0breaking",
		"":                             "",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEncodeWords(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		germanSubject,
		"Müller, Ada \"the\" <admin>",
		strings.Repeat("ü", 100),
		"=?utf-8?q?not_an_encoded_word?=",
		"日本語のテキスト、とても長い件名がここに続きます。日本語のテキスト",
	} {
		enc := encodeWords(s)
		for w := range strings.SplitSeq(enc, " ") {
			if len(w) > 60 || !strings.HasPrefix(w, "=?utf-8?q?") || !strings.HasSuffix(w, "?=") {
				t.Errorf("bad encoded word %q", w)
			}
			if strings.ContainsAny(w[10:len(w)-2], "\",()<>@:;[]\\ .?") {
				t.Errorf("word %q has a character not allowed in a phrase", w)
			}
		}
		if got := decodeHeader(t, enc); got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
		// In a display name, the encoded words must parse back as one name.
		a, err := mail.ParseAddress(enc + " <a@b.example>")
		if err != nil || a.Name != s {
			t.Errorf("display name %q parsed as %v, %v", enc, a, err)
		}
	}
}

func TestMessageIDLocal(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"msg_0123abcd": "msg_0123abcd",
		"a.b-c":        "a.b-c",
	} {
		if got := messageIDLocal(in); got != want {
			t.Errorf("messageIDLocal(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"has space", "a@b", "<x>", ".lead", "trail.", "a..b", "ü", "x\r\ny"} {
		got := messageIDLocal(in)
		if got == in || got != messageIDLocal(in) || !strings.HasPrefix(got, "h") || len(got) != 33 {
			t.Errorf("messageIDLocal(%q) = %q, want a stable hash", in, got)
		}
	}
}

func TestBuildHTMLOnly(t *testing.T) {
	t.Parallel()
	m := message()
	m.Text = ""
	env, err := build(m, fields())
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, env.data)
	if len(p.parts) != 1 || p.parts["text/html"] != m.HTML {
		t.Errorf("want a single text/html part, got %v", p.parts)
	}
}

func TestBuildLongASCIISubjectFolds(t *testing.T) {
	t.Parallel()
	m := message()
	m.Subject = strings.Repeat("Your order is on its way ", 8) + strings.Repeat("x", 90)
	env, err := build(m, fields())
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := bytes.Cut(env.data, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
	p := parse(t, env.data)
	if got := decodeHeader(t, p.header.Get("Subject")); got != sanitize(m.Subject) {
		t.Errorf("subject round trip:\n got %q\nwant %q", got, sanitize(m.Subject))
	}
}

// FuzzHeaders checks that no subject or recipient name can inject a header or
// break the message, and that both survive encoding (after sanitizing).
func FuzzHeaders(f *testing.F) {
	f.Add(germanSubject, "Jürgen Müller")
	f.Add("Shipped\r\nBcc: evil@example.com", "Ada\r\n\r\nbody")
	f.Add("=?utf-8?q?=41?=", `Müller, "Ada" <x@y>`)
	f.Add(strings.Repeat("a", 200), strings.Repeat("ü", 80))
	f.Add("\xff\xfe bad utf-8", "(comment) name")
	f.Add("", "")
	f.Add(" \t ", "\\\"")
	f.Fuzz(func(t *testing.T, subject, name string) {
		m := message()
		m.Subject, m.Recipient.Name = subject, name
		env, err := build(m, fields())
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		head, _, ok := bytes.Cut(env.data, []byte("\r\n\r\n"))
		if !ok {
			t.Fatal("no header/body separator")
		}
		for _, line := range bytes.Split(head, []byte("\r\n")) {
			if bytes.ContainsAny(line, "\r\n") {
				t.Fatalf("bare CR or LF in header line %q", line)
			}
			if len(line) > 998 {
				t.Fatalf("header line of %d bytes", len(line))
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(env.data))
		if err != nil {
			t.Fatalf("message does not parse: %v\n%s", err, head)
		}
		var keys []string
		for k, v := range msg.Header {
			if len(v) != 1 {
				t.Errorf("header %s appears %d times", k, len(v))
			}
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"Auto-Submitted", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To"}
		if !slices.Equal(keys, want) {
			t.Fatalf("headers %v, want %v\n%s", keys, want, head)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || got != sanitize(subject) {
			t.Errorf("subject %q came back as %q (%v)", sanitize(subject), got, err)
		}
		to, err := mail.ParseAddress(msg.Header.Get("To"))
		if err != nil || to.Name != sanitize(name) || to.Address != m.Recipient.Email {
			t.Errorf("To %q parsed as %v (%v), want name %q", msg.Header.Get("To"), to, err, sanitize(name))
		}
	})
}
