package carrier

import (
	"errors"
	"fmt"
	"time"
)

var (
	// ErrNotFound means the carrier does not know the tracking number. Right
	// after a label is created this is normal: the carrier has no data yet.
	ErrNotFound = errors.New("carrier: tracking number not found")
	// ErrUnauthorized means the carrier rejected the credentials.
	ErrUnauthorized = errors.New("carrier: unauthorized")
	// ErrBadSignature means a webhook's signature is missing, malformed or
	// does not match any configured secret.
	ErrBadSignature = errors.New("carrier: bad webhook signature")
	// ErrMalformed means the carrier's answer could not be parsed.
	ErrMalformed = errors.New("carrier: malformed response")
)

// sentinel is an error value that also matches a broader sentinel.
type sentinel struct {
	msg    string
	parent error
}

func (e *sentinel) Error() string { return e.msg }
func (e *sentinel) Unwrap() error { return e.parent }

// errTemporary is matched (errors.Is) by the errors Temporary marks and by
// every *RateLimitError; IsTemporary is the way to ask.
var errTemporary = errors.New("carrier: temporary failure")

// MaxRetryAfter is the longest wait a rate limit can ask for: kit.HTTPClient
// reads a larger Retry-After (a carrier's bug or a hostile answer) as
// MaxRetryAfter, so that one answer cannot stop calls to a carrier for
// years.
const MaxRetryAfter = time.Hour

// RateLimitError is returned when the carrier answered 429 or the local rate
// limiter refused to wait. RetryAfter is how long the carrier asked to wait
// (zero if it did not say). Find it with errors.As; it is temporary
// (IsTemporary).
type RateLimitError struct {
	Carrier    string
	RetryAfter time.Duration
}

// Error returns "carrier <id>: rate limited[, retry after <d>]".
func (e *RateLimitError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("carrier %s: rate limited, retry after %s", e.Carrier, e.RetryAfter)
	}
	return fmt.Sprintf("carrier %s: rate limited", e.Carrier)
}

// Is reports that a RateLimitError is temporary, for IsTemporary.
func (e *RateLimitError) Is(target error) bool { return target == errTemporary }

type temporaryError struct{ err error }

func (e *temporaryError) Error() string        { return e.err.Error() }
func (e *temporaryError) Unwrap() error        { return e.err }
func (e *temporaryError) Is(target error) bool { return target == errTemporary }

// Temporary marks err as worth retrying: IsTemporary(Temporary(err)) is
// true and the original error stays reachable through errors.Unwrap.
// Temporary(nil) is nil.
func Temporary(err error) error {
	if err == nil {
		return nil
	}
	return &temporaryError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying, even if it wraps a temporary
// error. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsTemporary reports whether err is worth retrying: it was marked with
// Temporary (timeouts, 5xx answers, connection failures) or holds a
// *RateLimitError, and was not wrapped by Permanent afterwards.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	var p *permanentError
	if errors.As(err, &p) {
		return false
	}
	return errors.Is(err, errTemporary)
}
