package carriertest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
)

// echoStatuses are the answers of the CredentialsNotEchoed case: error
// statuses, and a 200 whose body reports errors (as UPS and FedEx answer).
var echoStatuses = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusInternalServerError, http.StatusOK}

func needsEcho(f Features) string {
	if f.CredentialEcho == nil {
		return "Features.CredentialEcho is nil"
	}
	return ""
}

// credentialForms returns the ways a carrier may repeat credential s: as
// sent, URL-encoded and base64.
func credentialForms(s string) []string {
	if len(s) < 4 {
		return nil
	}
	return []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s))}
}

// pairForms returns the basic-authentication encodings of each pair of creds.
func pairForms(creds []string) []string {
	var forms []string
	for i, c := range creds {
		for _, d := range creds[i+1:] {
			forms = append(forms, base64.StdEncoding.EncodeToString([]byte(c+":"+d)))
		}
	}
	return forms
}

// echoAPI answers every request with status and a body that repeats the
// credentials in every shape the kit knows, and records what credentials the
// requests carried (bearer tokens, basic pairs, key-like headers).
type echoAPI struct {
	status int
	creds  []string

	mu   sync.Mutex
	seen []string // credentials taken from requests
}

func (e *echoAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var sent []string
	for k, vs := range r.Header {
		lk := strings.ToLower(k)
		if !strings.Contains(lk, "auth") && !strings.Contains(lk, "key") && !strings.Contains(lk, "token") && !strings.Contains(lk, "secret") {
			continue
		}
		for _, v := range vs {
			sent = append(sent, v)
			if _, cred, ok := strings.Cut(v, " "); ok {
				sent = append(sent, cred)
				if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
					user, pass, _ := strings.Cut(string(dec), ":")
					sent = append(sent, user, pass)
				}
			}
		}
	}
	e.mu.Lock()
	e.seen = append(e.seen, sent...)
	creds := append([]string(nil), e.creds...)
	e.mu.Unlock()

	var forms []string
	for _, c := range append(creds, sent...) {
		forms = append(forms, credentialForms(c)...)
	}
	forms = append(forms, pairForms(creds)...)
	plain := "invalid credentials " + strings.Join(forms, " ")
	raw, _ := json.Marshal(plain)
	esc := uEscape(plain) // the same text with every character a \u escape
	body := fmt.Sprintf(`{"title":%[1]s,"detail":%[2]s,"message":%[2]s,"status":%[3]d,`+
		`"error":{"code":"E%[3]d","message":%[2]s},"errors":[{"code":"E%[3]d","message":%[1]s}],`+
		`"meta":{"code":%[3]d,"type":"Error","message":%[2]s},"response":{"errors":[{"code":"E%[3]d","message":%[2]s}]}}`,
		raw, esc, e.status)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	_, _ = w.Write([]byte(body))
}

// uEscape returns s as a JSON string literal in which every character is a
// \u escape.
func uEscape(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r > 0xFFFF {
			b.WriteString("?")
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	b.WriteByte('"')
	return b.String()
}

func (e *echoAPI) sent() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

func testCredentialsNotEchoed(t testing.TB, _ carrier.Carrier, f Features) {
	const rule = "Track must keep the adapter's own credentials (keys, secrets, tokens, in any encoding) out of its error text, even when the carrier repeats them"
	if f.CredentialEcho == nil {
		t.Skip("Features.CredentialEcho is nil")
	}
	for _, status := range echoStatuses {
		api := &echoAPI{status: status}
		c, creds := f.CredentialEcho(t, api)
		if c == nil {
			t.Fatal("carriertest: Features.CredentialEcho returned a nil carrier")
		}
		api.mu.Lock()
		api.creds = creds
		api.mu.Unlock()
		var err error
		ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
		if !callPromptly(t, rule, func() { _, err = c.Track(ctx, f.KnownNumbers[0]) }) {
			cancel()
			return
		}
		cancel()
		if err == nil {
			if status != http.StatusOK {
				violated(t, "Track must return an error when the carrier answers "+http.StatusText(status), "HTTP %d gave no error", status)
			}
			continue
		}
		text := err.Error()
		var leaked []string
		forms := pairForms(creds)
		for _, s := range append(append([]string(nil), creds...), api.sent()...) {
			forms = append(forms, credentialForms(s)...)
		}
		for _, form := range forms {
			if strings.Contains(text, form) {
				leaked = append(leaked, form)
			}
		}
		if len(leaked) > 0 {
			violated(t, rule, "HTTP %d: the error %q contains %q", status, text, leaked)
		}
	}
}
