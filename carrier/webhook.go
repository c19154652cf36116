package carrier

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
)

// SignatureHeader is the header that carries a Sign signature when wismo
// code relays webhooks (for example carrier/sim's).
const SignatureHeader = "Wismo-Signature"

// defaultMaxWebhookBytes is the body limit ReadBody applies when given a
// limit of zero or less.
const defaultMaxWebhookBytes = 1 << 20

// DefaultTolerance is a sensible replay window for Verify.
const DefaultTolerance = 5 * time.Minute

var (
	// ErrBodyTooLarge is matched (errors.Is) by the error ReadBody returns for
	// a body over its limit.
	ErrBodyTooLarge = errors.New("carrier: webhook body too large")
	// ErrNotSigned means a webhook carries no signature at all. It also
	// matches ErrBadSignature.
	ErrNotSigned error = &sentinel{msg: "carrier: webhook not signed", parent: ErrBadSignature}
	// ErrTooOld means a signed webhook's timestamp lies outside the tolerance:
	// a replay, or a sender whose clock is far off. It also matches
	// ErrBadSignature.
	ErrTooOld error = &sentinel{msg: "carrier: webhook signature timestamp outside tolerance", parent: ErrBadSignature}
)

// ReadBody reads a webhook request's body, at most limit bytes (zero or less
// means 1 MiB). A larger body, announced or actual, fails
// with an error wrapping ErrBodyTooLarge; the caller should answer 413. Read
// the raw body with ReadBody before any parsing: signatures cover the exact
// bytes. ReadBody sets no read deadline (it has no ResponseWriter): bound a
// body sent slowly with http.Server.ReadTimeout or
// http.NewResponseController(w).SetReadDeadline.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = defaultMaxWebhookBytes
	}
	if r == nil || r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrBodyTooLarge, r.ContentLength, limit)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: over the limit of %d bytes", ErrBodyTooLarge, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("carrier: reading webhook body: %w", err)
	}
	return b, nil
}

// Sign returns a timestamped signature header value for payload,
// "t=<unix seconds>,v1=<hex>" with one v1 entry per secret, each the hex
// HMAC-SHA256 of "<t>.<payload>". Signing with the old and the new secret
// during rotation lets receivers that know either accept it. t comes from the
// caller's clock.
func Sign(t time.Time, payload []byte, secrets ...[]byte) string {
	return hmacsig.Sign(t, payload, secrets...)
}

// Verify checks a header made by Sign against payload: it accepts when any v1
// signature matches any of secrets (compared in constant time) and the
// timestamp lies within tolerance of now in either direction. A tolerance of
// 0 means DefaultTolerance; -1 switches the timestamp check off (do not do
// that for webhooks a stranger can replay), as -1 switches an option off
// throughout the module. Empty secrets are never tried. Every rejection
// matches ErrBadSignature; a missing
// signature also matches ErrNotSigned and a timestamp outside the tolerance
// ErrTooOld.
func Verify(payload []byte, header string, secrets [][]byte, tolerance time.Duration, now time.Time) error {
	usable := 0
	for _, s := range secrets {
		if len(s) > 0 {
			usable++
		}
	}
	if usable == 0 {
		return fmt.Errorf("%w: no secret configured", ErrBadSignature)
	}
	switch {
	case tolerance == 0:
		tolerance = DefaultTolerance
	case tolerance < 0:
		tolerance = -1
	}
	err := hmacsig.Verify(payload, header, secrets, tolerance, now)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, hmacsig.ErrNotSigned):
		return ErrNotSigned
	case errors.Is(err, hmacsig.ErrTooOld):
		return fmt.Errorf("%w: %s", ErrTooOld, strings.TrimPrefix(err.Error(), hmacsig.ErrTooOld.Error()+": "))
	case errors.Is(err, hmacsig.ErrMalformed):
		return fmt.Errorf("%w: malformed signature header", ErrBadSignature)
	default:
		return fmt.Errorf("%w: no secret matches", ErrBadSignature)
	}
}
