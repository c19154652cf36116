package hmacsig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors returned by Verify; each is checked with errors.Is. Their texts
// name no package: callers wrap them in their own package's error, and a
// host cannot import this one.
var (
	// ErrNotSigned means the header is empty or carries no v1 signature.
	ErrNotSigned = errors.New("no signature")
	// ErrMalformed means the header could not be parsed.
	ErrMalformed = errors.New("malformed signature header")
	// ErrTooOld means the timestamp is outside the tolerance (a replay, or a
	// clock far off).
	ErrTooOld = errors.New("timestamp outside tolerance")
	// ErrMismatch means no signature matches any secret.
	ErrMismatch = errors.New("no secret matches the signature")
	// ErrNoSecret means none of the secrets given is usable (all are
	// empty). It also matches ErrMismatch.
	ErrNoSecret = fmt.Errorf("%w: no usable secret", ErrMismatch)
)

// CheckSecrets reports the first secret shorter than minBytes (an empty one
// always fails), or an empty list, as an error naming what (such as
// "Config.Secrets"). Callers wrap it with their own sentinel.
func CheckSecrets(what string, secrets [][]byte, minBytes int) error {
	if len(secrets) == 0 {
		return fmt.Errorf("%s needs at least one secret", what)
	}
	minBytes = max(minBytes, 1)
	for i, s := range secrets {
		if len(s) < minBytes {
			return fmt.Errorf("%s[%d] has %d bytes, want at least %d", what, i, len(s), minBytes)
		}
	}
	return nil
}

// MAC returns the hex HMAC-SHA256 of "<t>.<payload>" under secret.
func MAC(secret []byte, t int64, payload []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(strconv.AppendInt(nil, t, 10))
	m.Write([]byte{'.'})
	m.Write(payload)
	return hex.EncodeToString(m.Sum(nil))
}

// Sign returns the header value for payload signed at time t with each of
// secrets (one v1 entry per secret, in order). Empty secrets are skipped: a
// MAC under the empty key proves nothing.
func Sign(t time.Time, payload []byte, secrets ...[]byte) string {
	ts := t.Unix()
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(strconv.FormatInt(ts, 10))
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		b.WriteString(",v1=")
		b.WriteString(MAC(s, ts, payload))
	}
	return b.String()
}

// Header is a parsed signature header.
type Header struct {
	Timestamp  int64
	Signatures [][]byte // decoded v1 values
}

// Parse reads a header produced by Sign. Unknown keys are ignored, so a sender
// may add v0 or v2 entries later.
func Parse(header string) (Header, error) {
	var h Header
	if strings.TrimSpace(header) == "" {
		return h, ErrNotSigned
	}
	haveT := false
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Header{}, fmt.Errorf("%w: entry %q has no '='", ErrMalformed, part)
		}
		switch k {
		case "t":
			ts, err := strconv.ParseInt(v, 10, 64)
			if err != nil || ts <= 0 {
				return Header{}, fmt.Errorf("%w: bad timestamp %q", ErrMalformed, v)
			}
			h.Timestamp, haveT = ts, true
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil || len(sig) != sha256.Size {
				// An undecodable signature can never match; skip it rather than
				// fail, so one bad entry does not hide a good one.
				continue
			}
			h.Signatures = append(h.Signatures, sig)
		}
	}
	if !haveT {
		return Header{}, fmt.Errorf("%w: no timestamp", ErrMalformed)
	}
	if len(h.Signatures) == 0 {
		return Header{}, ErrNotSigned
	}
	return h, nil
}

// Verify checks header against payload. It accepts the payload when any v1
// signature matches any of secrets (compared in constant time) and the
// timestamp lies within tolerance of now, in either direction. A tolerance of
// -1 switches the timestamp check off (callers give 0 their default first).
// Empty secrets are never tried
// (anyone can compute a MAC under the empty key); when no secret is left the
// error matches ErrNoSecret.
func Verify(payload []byte, header string, secrets [][]byte, tolerance time.Duration, now time.Time) error {
	usable := 0
	for _, s := range secrets {
		if len(s) > 0 {
			usable++
		}
	}
	if usable == 0 {
		return ErrNoSecret
	}
	h, err := Parse(header)
	if err != nil {
		return err
	}
	if tolerance >= 0 {
		age := now.Sub(time.Unix(h.Timestamp, 0))
		if age > tolerance || age < -tolerance {
			return fmt.Errorf("%w: signed %s ago, tolerance %s", ErrTooOld, age.Round(time.Second), tolerance)
		}
	}
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		want, _ := hex.DecodeString(MAC(s, h.Timestamp, payload))
		for _, got := range h.Signatures {
			if hmac.Equal(got, want) {
				return nil
			}
		}
	}
	return ErrMismatch
}

// Equal compares two HMAC values given as strings in constant time. Use it for
// carriers whose webhooks carry a bare signature (hex or base64) without a
// timestamp.
func Equal(a, b []byte) bool { return hmac.Equal(a, b) }
