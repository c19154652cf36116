package kit

import (
	"context"
	"errors"
	"net/http"
)

// Authenticator adds credentials to a request. HTTPClient calls it once per
// attempt, after the request is built and before it is sent. An error for
// which carrier.IsTemporary is true (a token endpoint that is down) is
// retried like a failed request; any other error ends the call.
type Authenticator interface {
	Authenticate(ctx context.Context, req *http.Request) error
}

// Invalidator is implemented by Authenticators whose cached credentials can go
// stale, such as OAuth2 tokens. When a carrier answers 401, HTTPClient calls
// Invalidate and retries the request once with fresh credentials.
type Invalidator interface {
	Invalidate()
}

// APIKey sets one header to a fixed key, for example
// APIKey{Header: "DHL-API-Key", Key: k}.
type APIKey struct {
	// Header is the header name. Required.
	Header string
	// Key is the header value. Required.
	Key string
}

// Authenticate sets the header. It fails when Header or Key is empty, so a
// missing key shows up as a configuration error instead of a 401.
func (a APIKey) Authenticate(_ context.Context, req *http.Request) error {
	if a.Header == "" || a.Key == "" {
		return errors.New("carrier: APIKey needs a Header and a Key")
	}
	req.Header.Set(a.Header, a.Key)
	return nil
}

// BasicAuth sets HTTP basic authentication. EasyPost, for one, takes the API
// key as the user name and an empty password.
type BasicAuth struct {
	User, Password string
}

// Authenticate sets the Authorization header. It fails when User is empty.
func (a BasicAuth) Authenticate(_ context.Context, req *http.Request) error {
	if a.User == "" {
		return errors.New("carrier: BasicAuth needs a User")
	}
	req.SetBasicAuth(a.User, a.Password)
	return nil
}
