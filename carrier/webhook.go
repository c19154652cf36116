package carrier

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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

// DefaultMaxWebhookBytes is the body limit ReadBody applies when given a
// limit of zero or less.
const DefaultMaxWebhookBytes = 1 << 20

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
	// ErrWeakSecret is matched (errors.Is) by the error of a constructor
	// given an empty webhook secret (an unset environment variable, an
	// empty "old" secret during rotation) or one shorter than
	// MinWebhookSecretBytes.
	ErrWeakSecret = errors.New("carrier: webhook secret empty or too short")
)

// MinWebhookSecretBytes is the shortest webhook secret CheckWebhookSecrets
// accepts.
const MinWebhookSecretBytes = 8

// CheckWebhookSecrets returns an error wrapping ErrWeakSecret, naming what
// (such as "easypost: Config.WebhookSecrets") and the index, for the first
// secret that is empty or shorter than MinWebhookSecretBytes; nil when all
// are usable. An empty list is not an error here: adapters decide whether
// webhooks are required. Adapters call it from New, so a secret list with
// an empty entry fails at start-up instead of weakening verification.
func CheckWebhookSecrets[S ~string | ~[]byte](what string, secrets ...S) error {
	for i, s := range secrets {
		if len(s) < MinWebhookSecretBytes {
			return fmt.Errorf("%s[%d] has %d bytes, want at least %d: %w", what, i, len(s), MinWebhookSecretBytes, ErrWeakSecret)
		}
	}
	return nil
}

// ReadBody reads a webhook request's body, at most limit bytes (zero or less
// means DefaultMaxWebhookBytes). A larger body, announced or actual, fails
// with an error wrapping ErrBodyTooLarge; the caller should answer 413. Read
// the raw body with ReadBody before any parsing: signatures cover the exact
// bytes. ReadBody sets no read deadline (it has no ResponseWriter): bound a
// body sent slowly with http.Server.ReadTimeout or
// http.NewResponseController(w).SetReadDeadline.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxWebhookBytes
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

// HMACSHA256 returns the HMAC-SHA256 of body under secret. SignHMACHex and
// SignHMACBase64 encode it as carriers send it.
func HMACSHA256(body, secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return m.Sum(nil)
}

// SignHMACHex returns the lowercase hex HMAC-SHA256 of body, the value
// VerifyHMACHex accepts. EasyPost sends it as "hmac-sha256-hex=" + this.
func SignHMACHex(body, secret []byte) string {
	return hex.EncodeToString(HMACSHA256(body, secret))
}

// SignHMACBase64 returns the standard base64 HMAC-SHA256 of body, the value
// VerifyHMACBase64 accepts (AfterShip's aftership-hmac-sha256 header).
func SignHMACBase64(body, secret []byte) string {
	return base64.StdEncoding.EncodeToString(HMACSHA256(body, secret))
}

// hexPrefixes are the scheme labels carriers put before a hex signature.
var hexPrefixes = []string{"hmac-sha256-hex=", "sha256="}

// VerifyHMACHex checks sigHex, the hex HMAC-SHA256 of the raw body, against
// each of secrets (several during key rotation), in constant time. It accepts
// upper or lower case and an optional "hmac-sha256-hex=" (EasyPost
// X-Hmac-Signature) or "sha256=" prefix. A missing signature gives an error
// matching ErrNotSigned; a malformed or non-matching one, or no secrets, an
// error matching ErrBadSignature.
func VerifyHMACHex(body []byte, sigHex string, secrets ...[]byte) error {
	s := strings.TrimSpace(sigHex)
	for _, p := range hexPrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	if s == "" {
		return ErrNotSigned
	}
	got, err := hex.DecodeString(s)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: signature is not %d hex bytes", ErrBadSignature, sha256.Size)
	}
	return verifyMAC(body, got, secrets)
}

// VerifyHMACBase64 checks sig, the base64 HMAC-SHA256 of the raw body
// (AfterShip aftership-hmac-sha256), against each of secrets in constant time.
// It accepts standard and URL-safe base64, padded or not. Errors are as for
// VerifyHMACHex.
func VerifyHMACBase64(body []byte, sig string, secrets ...[]byte) error {
	s := strings.TrimSpace(sig)
	if s == "" {
		return ErrNotSigned
	}
	got, err := decodeBase64(s)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: signature is not %d base64 bytes", ErrBadSignature, sha256.Size)
	}
	return verifyMAC(body, got, secrets)
}

func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.Strict().DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

func verifyMAC(body, got []byte, secrets [][]byte) error {
	n := 0
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		n++
		if hmac.Equal(got, HMACSHA256(body, secret)) {
			return nil
		}
	}
	if n == 0 {
		return fmt.Errorf("%w: no secret configured", ErrBadSignature)
	}
	return fmt.Errorf("%w: no secret matches", ErrBadSignature)
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
// timestamp lies within tolerance of now in either direction; a tolerance of
// zero or less skips the timestamp check (do not do that for webhooks a
// stranger can replay). Empty secrets are never tried. Every rejection
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

// SignedPayload is a webhook body with its signature, made by
// GenerateTestSignedPayload for tests.
type SignedPayload struct {
	// Payload is the body to send.
	Payload []byte
	// Timestamp is the signing time.
	Timestamp time.Time
	// Header is the value for the SignatureHeader header.
	Header string
}

// GenerateTestSignedPayload signs payload at t with each of secrets, the way a
// sender would, so a host's tests can feed its webhook endpoint genuine (or,
// by changing a byte afterwards, forged) requests. Pass the t of the test's
// clock; Verify's now should lie within the tolerance of it.
func GenerateTestSignedPayload(payload []byte, t time.Time, secrets ...[]byte) *SignedPayload {
	return &SignedPayload{
		Payload:   append([]byte(nil), payload...),
		Timestamp: t,
		Header:    Sign(t, payload, secrets...),
	}
}
