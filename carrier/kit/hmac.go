package kit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
)

// ErrWeakSecret is matched (errors.Is) by the error of a constructor
// given an empty webhook secret (an unset environment variable, an
// empty "old" secret during rotation) or one shorter than
// MinWebhookSecretBytes.
var ErrWeakSecret = errors.New("carrier: webhook secret empty or too short")

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

// hmacSHA256 returns the HMAC-SHA256 of body under secret. SignHMACHex and
// SignHMACBase64 encode it as carriers send it.
func hmacSHA256(body, secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return m.Sum(nil)
}

// SignHMACHex returns the lowercase hex HMAC-SHA256 of body, the value
// VerifyHMACHex accepts. EasyPost sends it as "hmac-sha256-hex=" + this.
func SignHMACHex(body, secret []byte) string {
	return hex.EncodeToString(hmacSHA256(body, secret))
}

// SignHMACBase64 returns the standard base64 HMAC-SHA256 of body, the value
// VerifyHMACBase64 accepts (AfterShip's aftership-hmac-sha256 header).
func SignHMACBase64(body, secret []byte) string {
	return base64.StdEncoding.EncodeToString(hmacSHA256(body, secret))
}

// hexPrefixes are the scheme labels carriers put before a hex signature.
var hexPrefixes = []string{"hmac-sha256-hex=", "sha256="}

// VerifyHMACHex checks sigHex, the hex HMAC-SHA256 of the raw body, against
// each of secrets (several during key rotation), in constant time. It accepts
// upper or lower case and an optional "hmac-sha256-hex=" (EasyPost
// X-Hmac-Signature) or "sha256=" prefix. A missing signature gives an error
// matching carrier.ErrNotSigned; a malformed or non-matching one, or no secrets, an
// error matching carrier.ErrBadSignature.
func VerifyHMACHex(body []byte, sigHex string, secrets ...[]byte) error {
	s := strings.TrimSpace(sigHex)
	for _, p := range hexPrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	if s == "" {
		return carrier.ErrNotSigned
	}
	got, err := hex.DecodeString(s)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: signature is not %d hex bytes", carrier.ErrBadSignature, sha256.Size)
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
		return carrier.ErrNotSigned
	}
	got, err := decodeBase64(s)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: signature is not %d base64 bytes", carrier.ErrBadSignature, sha256.Size)
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
		if hmac.Equal(got, hmacSHA256(body, secret)) {
			return nil
		}
	}
	if n == 0 {
		return fmt.Errorf("%w: no secret configured", carrier.ErrBadSignature)
	}
	return fmt.Errorf("%w: no secret matches", carrier.ErrBadSignature)
}
