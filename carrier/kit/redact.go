package kit

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// CredentialHolder is implemented by Authenticators that hold credentials
// (APIKey, BasicAuth, *ClientCredentials). HTTPClient keeps every value
// Credentials returns, and its encoded forms (URL-encoded, JSON-escaped,
// base64), out of the bodies of non-2xx Responses and out of the texts of
// its errors, so a carrier that repeats a key in an error answer cannot
// make it show up in logs. Authenticators that do not implement it are
// still covered for what they put on a request (headers and query values).
type CredentialHolder interface {
	// Credentials returns the secret values the Authenticator holds:
	// keys, client ids and secrets, passwords, current access tokens.
	Credentials() []string
}

// Credentials returns the key.
func (a APIKey) Credentials() []string { return []string{a.Key} }

// Credentials returns the user (often an API key) and the password.
func (a BasicAuth) Credentials() []string { return []string{a.User, a.Password} }

// Credentials returns the client id (FedEx calls it the API key), the client
// secret and the current access token, if any.
func (cc *ClientCredentials) Credentials() []string {
	cc.mu.Lock()
	tok := cc.token
	cc.mu.Unlock()
	return []string{cc.ClientID, cc.ClientSecret, tok}
}

// minRedactBytes is the shortest value redacted: shorter ones would mangle
// ordinary words and leak next to nothing.
const minRedactBytes = 4

// redactedText replaces a credential in bodies and error texts.
const redactedText = "[redacted]"

// redactor replaces credentials and their encoded forms.
type redactor struct {
	variants []string // every form to replace, longest first
}

// newRedactor returns a redactor for secrets; values shorter than
// minRedactBytes are ignored. Add more with add and addRequest, then call
// finish.
func newRedactor(secrets ...string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		r.add(s)
	}
	return r
}

func (r *redactor) add(s string) {
	if len(s) < minRedactBytes {
		return
	}
	r.variants = append(r.variants, s, url.QueryEscape(s), url.PathEscape(s),
		base64.StdEncoding.EncodeToString([]byte(s)), base64.URLEncoding.EncodeToString([]byte(s)),
		base64.RawStdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)))
	var b bytes.Buffer
	// As XML and HTML write it (a SOAP fault or an error page that repeats
	// the password), with numeric or named quotes.
	if xml.EscapeText(&b, []byte(s)) == nil && b.String() != s {
		x := b.String()
		r.variants = append(r.variants, x, xmlQuotes.Replace(x))
	}
	for _, html := range []bool{true, false} {
		b.Reset()
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if enc.Encode(s) == nil {
			q := strings.TrimSuffix(b.String(), "\n")
			r.variants = append(r.variants, strings.TrimSuffix(strings.TrimPrefix(q, `"`), `"`))
		}
	}
}

// xmlQuotes writes the quotes encoding/xml escapes by number with their
// entity names.
var xmlQuotes = strings.NewReplacer("&#34;", "&quot;", "&#39;", "&apos;")

// addPair adds user and password as HTTP basic authentication encodes them,
// plainly and URL-encoded first (as ClientCredentials does).
func (r *redactor) addPair(user, password string) {
	if len(user)+len(password) < minRedactBytes {
		return
	}
	r.add(base64.StdEncoding.EncodeToString([]byte(user + ":" + password)))
	r.add(base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(user) + ":" + url.QueryEscape(password))))
}

// addRequest adds the credentials an Authenticator put on req: header and
// query values that were not there before (before holds the header and raw
// query as built), with an Authorization value also split into its scheme's
// credentials (a bearer token; a basic user and password).
func (r *redactor) addRequest(req *http.Request, beforeHeader http.Header, beforeQuery string) {
	for k, vs := range req.Header {
		for _, v := range vs {
			if slices.Contains(beforeHeader[k], v) {
				continue
			}
			r.add(v)
			if k != "Authorization" {
				continue
			}
			scheme, cred, ok := strings.Cut(v, " ")
			if !ok {
				continue
			}
			r.add(cred)
			if strings.EqualFold(scheme, "Basic") {
				if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
					user, pass, _ := strings.Cut(string(dec), ":")
					r.add(user)
					r.add(pass)
					if u, err := url.QueryUnescape(user); err == nil {
						r.add(u)
					}
					if p, err := url.QueryUnescape(pass); err == nil {
						r.add(p)
					}
				}
			}
		}
	}
	if req.URL != nil && req.URL.RawQuery != beforeQuery {
		before, _ := url.ParseQuery(beforeQuery)
		for k, vs := range req.URL.Query() {
			for _, v := range vs {
				if !slices.Contains(before[k], v) {
					r.add(v)
				}
			}
		}
	}
}

// finish sorts the variants, longest first, so a longer form is replaced
// before a shorter one inside it; it returns nil when there is nothing to
// redact (a nil redactor changes nothing).
func (r *redactor) finish() *redactor {
	if len(r.variants) == 0 {
		return nil
	}
	slices.SortFunc(r.variants, func(a, b string) int { return len(b) - len(a) })
	r.variants = slices.Compact(r.variants)
	return r
}

// string returns s with every credential form replaced.
func (r *redactor) string(s string) string {
	if r == nil {
		return s
	}
	for _, v := range r.variants {
		s = strings.ReplaceAll(s, v, redactedText)
	}
	return s
}

// body returns b with every credential form replaced; a JSON string that
// spells a credential with escapes (\u0041 for A, \/ for /) is decoded,
// redacted and encoded again. b itself is not changed.
func (r *redactor) body(b []byte) []byte {
	if r == nil || len(b) == 0 {
		return b
	}
	out := b
	for _, v := range r.variants {
		if bytes.Contains(out, []byte(v)) {
			out = bytes.ReplaceAll(out, []byte(v), []byte(redactedText))
		}
	}
	if bytes.IndexByte(out, '\\') >= 0 {
		out = r.escapedStrings(out)
	}
	return out
}

// escapedStrings redacts the double-quoted JSON string literals of b that
// hold an escape: each is decoded and, if it then holds a credential,
// replaced by the JSON encoding of its redacted text. It scans b once and
// decodes only literals with escapes, so it costs little on large bodies;
// on text that is not JSON it changes at most what reads as such a literal.
func (r *redactor) escapedStrings(b []byte) []byte {
	var out []byte // nil until the first replacement
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		j, escaped := i+1, false
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				escaped = true
				j++
			}
			j++
		}
		if j >= len(b) {
			break
		}
		if escaped {
			var s string
			if json.Unmarshal(b[i:j+1], &s) == nil {
				if red := r.string(s); red != s {
					enc, _ := json.Marshal(red)
					out = append(append(out, b[last:i]...), enc...)
					last = j + 1
				}
			}
		}
		i = j
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// redactedError is an error whose text had credentials removed; the
// original stays reachable for errors.Is and errors.As.
type redactedError struct {
	err  error
	text string
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with credentials removed from its text, or err
// itself when its text holds none.
func (r *redactor) redactErr(err error) error {
	if r == nil || err == nil {
		return err
	}
	text := err.Error()
	if red := r.string(text); red != text {
		return &redactedError{err: err, text: red}
	}
	return err
}
