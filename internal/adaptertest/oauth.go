package adaptertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TokenPrefix starts every token an OAuthServer grants: the n-th grant is
// TokenPrefix + "-" + n.
const TokenPrefix = "test-access-token"

// OAuthConfig configures an OAuthServer.
type OAuthConfig struct {
	// TokenPath is the path of the token endpoint, such as "/oauth/token".
	// Required.
	TokenPath string
	// Grant answers a token request for which token would be granted: it
	// checks the request as the carrier does (method, credentials, grant
	// type) and returns the status and JSON body to answer with. Only a 200
	// grants the token. Required.
	Grant func(r *http.Request, token string) (status int, body string)
	// Unauthorized is the answer to an API request without the current
	// token. Defaults to a 401 with an empty JSON object.
	Unauthorized Reply
	// API answers every other request that carries the current token.
	// Required.
	API http.Handler
}

// OAuthServer is a fake carrier API that takes OAuth2 client-credentials
// tokens; see the package documentation. Its methods are safe for concurrent
// use.
type OAuthServer struct {
	*httptest.Server

	t   testing.TB
	cfg OAuthConfig

	mu       sync.Mutex
	grants   int    // token requests
	apiCalls int    // other requests, rejected ones included
	current  string // the token API requests must carry; empty: none
}

// NewOAuthServer starts an OAuthServer for cfg, closed when the test ends.
func NewOAuthServer(t testing.TB, cfg OAuthConfig) *OAuthServer {
	t.Helper()
	if cfg.TokenPath == "" || cfg.Grant == nil || cfg.API == nil {
		t.Fatal("adaptertest: OAuthConfig needs a TokenPath, a Grant and an API")
	}
	if cfg.Unauthorized.Status == 0 {
		cfg.Unauthorized = Reply{Status: http.StatusUnauthorized, Body: `{}`}
	}
	s := &OAuthServer{t: t, cfg: cfg}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *OAuthServer) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == s.cfg.TokenPath {
		s.mu.Lock()
		s.grants++
		token := fmt.Sprintf("%s-%d", TokenPrefix, s.grants)
		s.mu.Unlock()
		status, body := s.cfg.Grant(r, token)
		if status == http.StatusOK {
			s.mu.Lock()
			s.current = token
			s.mu.Unlock()
		}
		Reply{Status: status, Body: body}.Write(s.t, w)
		return
	}
	s.mu.Lock()
	s.apiCalls++
	current := s.current
	s.mu.Unlock()
	if got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); !ok || current == "" || got != current {
		s.cfg.Unauthorized.Write(s.t, w)
		return
	}
	s.cfg.API.ServeHTTP(w, r)
}

// TokenCalls returns the number of token requests so far, refused ones
// included.
func (s *OAuthServer) TokenCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.grants
}

// APICalls returns the number of requests other than token requests so far,
// those refused for lack of the current token included.
func (s *OAuthServer) APICalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.apiCalls
}

// Revoke withdraws the current token: API requests get the Unauthorized
// answer until the next grant.
func (s *OAuthServer) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = ""
}
