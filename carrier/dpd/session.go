package dpd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/wismo-dev/wismo/carrier"
)

// session holds the DPD login: the account's credentials and the current
// authToken. It is the kit.Authenticator of the adapter's HTTP client, so
// that the client keeps all three out of error texts (kit.CredentialHolder);
// the token itself travels in the SOAP header the adapter writes, not in an
// HTTP header.
type session struct {
	delisID, password string
	login             func(ctx context.Context) (string, error)

	sem chan struct{} // held by the one goroutine that logs in

	mu      sync.Mutex
	tok     string
	expires time.Time
}

// Authenticate adds nothing: DPD's token goes into the SOAP envelope.
func (s *session) Authenticate(context.Context, *http.Request) error { return nil }

// Invalidate drops the token, so that the next request logs in again. The
// HTTP client calls it after an HTTP 401.
func (s *session) Invalidate() {
	s.mu.Lock()
	s.tok = ""
	s.mu.Unlock()
}

// Credentials returns the DELIS id, the password and the current token.
func (s *session) Credentials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return []string{s.delisID, s.password, s.tok}
}

// token returns a token valid at now, logging in when there is none. One
// goroutine logs in at a time; the others wait for its token or for their
// context.
func (s *session) token(ctx context.Context, now time.Time) (string, error) {
	if tok := s.valid(now); tok != "" {
		return tok, nil
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if tok := s.valid(now); tok != "" {
		return tok, nil // another goroutine logged in meanwhile
	}
	tok, err := s.login(ctx)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	s.tok, s.expires = tok, now.Add(tokenLifetime)
	s.mu.Unlock()
	return tok, nil
}

func (s *session) valid(now time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != "" && now.Before(s.expires) {
		return s.tok
	}
	return ""
}

// invalidate drops tok if it is still the current token (a newer one, from
// a login that another request made meanwhile, stays).
func (s *session) invalidate(tok string) {
	s.mu.Lock()
	if s.tok == tok {
		s.tok = ""
	}
	s.mu.Unlock()
}

// maxFaultBytes bounds the HTTP 500 bodies withFaultTransport reads to look
// for a DPD fault.
const maxFaultBytes = 64 << 10

// withFaultTransport returns a copy of hc (or of the HTTP client kit would
// make) whose transport turns DPD's own SOAP faults into answers: SOAP 1.1
// sends every fault with HTTP 500, which kit.HTTPClient retries as a server
// failure, but a fault that carries DPD's detail (an authenticationFault,
// or the faults element of the ParcelLifeCycleService schema) is DPD's
// answer to this request and would come back the same. Such a response
// reaches the adapter as HTTP 400 with its body unchanged; a fault without
// DPD's detail stays a 500 and is retried.
func withFaultTransport(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		c.Timeout = 30 * time.Second
		c.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = faultTransport{base: base}
	return &c
}

type faultTransport struct{ base http.RoundTripper }

func (t faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusInternalServerError {
		return resp, err
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxFaultBytes+1))
	if err != nil {
		resp.Body.Close()
		return nil, carrier.Temporary(fmt.Errorf("reading a fault: %w", err))
	}
	if len(head) <= maxFaultBytes {
		if env, ok := decodeFault(head); ok && env.dpdDetail() {
			resp.StatusCode, resp.Status = http.StatusBadRequest, "400 Bad Request (DPD fault)"
		}
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	return resp, nil
}
