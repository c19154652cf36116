package ops

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary paths, queries and forms: the view never
// fails with 5xx or panics, never writes a script into a page, and no
// action reaches the backend without the session's token.
func FuzzHandler(f *testing.F) {
	for _, s := range [][4]string{
		{"GET", "/", "state=delayed&carrier=dhl", ""},
		{"GET", "/index.json", "cursor=abc.1&all=1", ""},
		{"GET", "/shipments/s1", "done=cancelled", ""},
		{"GET", "/shipments/x%3Cb%3E%22&%2Fy%3Fz", "", ""},
		{"GET", "/shipments/s1/resend", "kind=delayed", ""},
		{"GET", "/orders/o-1.json", "", ""},
		{"GET", "/dead", "shipment=s1&cursor=d%2F%2F1", ""},
		{"GET", "/", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", ""},
		{"GET", "/", "q=jjd+0001", ""},
		{"GET", "/index.json", "all=1&number=1z-999&notfound=1", ""},
		{"GET", "/shipments/s1.json", "", ""},
		{"POST", "/shipments/s1/cancel", "", "reason=x&csrf=AAAA"},
		{"POST", "/shipments/s1/promise", "", "promise=2026-13-40&version=1"},
		{"POST", "/dead/m1/replay", "", "csrf="},
		{"DELETE", "/shipments/s1", "", ""},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	s := newSetup(f, func(c *Config) {
		c.Session = func(*http.Request) string { return "fuzz-session" }
		c.Logger = nil // a log kept over a million requests slows the fuzzer down to a halt
	})
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		if method != http.MethodGet && method != http.MethodPost && method != http.MethodHead {
			method = http.MethodPut
		}
		r := httptest.NewRequest(method, "/", strings.NewReader(body))
		r.URL = &url.URL{Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: query}
		if u, err := url.Parse("/" + strings.TrimPrefix(path, "/")); err == nil {
			r.URL.Path, r.URL.RawPath = u.Path, u.RawPath
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		s.f.mu.Lock()
		s.f.queries = s.f.queries[:0]
		s.f.mu.Unlock()
		s.h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s?%s: %d %s", method, path, query, w.Code, w.Body.String())
		}
		if strings.Contains(strings.ToLower(w.Body.String()), "<script") {
			t.Fatalf("%s %s?%s wrote a script: %s", method, path, query, w.Body.String())
		}
		if n := s.f.calls(); n != 0 {
			t.Fatalf("%s %s?%s body %q reached the backend without a token", method, path, query, body)
		}
	})
}
