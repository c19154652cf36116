package ops

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
)

// csrfLabel separates the tokens' HMAC from any other use of the key.
const csrfLabel = "wismo/ops csrf v1\x00"

// session returns the request's session key: Config.Session's, or the
// handler's own cookie, set with a new random value when the request has
// none (for GET and HEAD only: a POST without it has no token to match).
func (h *Handler) session(w http.ResponseWriter, r *http.Request) string {
	if !h.ownCookie {
		return h.cfg.Session(r)
	}
	if c, err := r.Cookie(cookieName); err == nil && validCookie(c.Value) {
		return c.Value
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	v := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: v, Path: h.cfg.BasePath,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
	})
	return v
}

// validCookie reports whether v is a value the handler sets.
func validCookie(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == 32
}

// token returns the CSRF token of a session; "" for no session.
func (h *Handler) token(session string) string {
	if session == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.cfg.CSRFKey)
	m.Write([]byte(csrfLabel))
	m.Write([]byte(session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfProblem returns why a POST is refused, or "" when it carries the
// session's token and does not come from another site.
func (h *Handler) csrfProblem(rq *request) string {
	r := rq.r
	// Browsers say where a request comes from; another site is refused
	// before the token is even looked at.
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return "cross-site request"
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if o == "null" || err != nil || u.Host != r.Host {
			return "request from another origin"
		}
	}
	if rq.session == "" {
		return "no session"
	}
	got := r.PostFormValue("csrf")
	if got == "" {
		return "no CSRF token"
	}
	if !hmac.Equal([]byte(got), []byte(h.token(rq.session))) {
		return "CSRF token of another session"
	}
	return ""
}

var emailLike = regexp.MustCompile(`[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+\.[A-Za-z]{2,}`)

// redact removes e-mail addresses from text bound for a log or a page.
func redact(s string) string {
	return emailLike.ReplaceAllString(s, "[e-mail]")
}

// errBadForm marks a form value the handler cannot read.
var errBadForm = errors.New("ops: unreadable form value")
