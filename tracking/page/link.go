package page

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Link tokens.
//
// A token is base64url (no padding) of
//
//	version (1 byte, 2) | key id (4 bytes) | nonce (12 bytes)
//	| ciphertext (a multiple of 16 bytes) | tag (16 bytes)
//
// sealed with AES-256-GCM with a random 96-bit nonce
// (cipher.NewGCMWithRandomNonce). The plaintext is the expiry (8 bytes,
// Unix seconds, big-endian, 0 = never) and the shipment ID, padded to a
// multiple of 16 bytes with a 0x80 byte and zeros (ISO/IEC 7816-4), so the
// ID's length shows only to 16 bytes. The version and key id are the
// additional data: authenticated, not encrypted. The AES key and the key id
// are derived from a configured key with HKDF-SHA256; the key id lets the
// handler pick the key (or the few keys, should ids collide) to open with.

const (
	linkVersion = 2
	kidLen      = 4
	headerLen   = 1 + kidLen
	// sealOverhead is the nonce and tag cipher.NewGCMWithRandomNonce adds.
	sealOverhead = 12 + 16
	blockLen     = aes.BlockSize
	expiryLen    = 8
	// MaxIDLen is the longest shipment ID Link accepts, in bytes.
	MaxIDLen = 512
	// maxPlain is the largest padded plaintext: expiry, MaxIDLen and the
	// 0x80 marker, rounded up.
	maxPlain = (expiryLen + MaxIDLen + 1 + blockLen - 1) / blockLen * blockLen
	// maxTokenLen is the longest token (base64url characters) the parser looks at.
	maxTokenLen = ((headerLen+sealOverhead+maxPlain)*8 + 5) / 6
)

var errBadLink = errors.New("page: invalid link")

// expiredError is openLink's error for an authentic link whose expiry is
// not after now, or too far ahead to be one Link made. It matches
// errBadLink: the page answers it with the same 404, and logs why.
type expiredError struct {
	id      string
	expires time.Time // zero when out of range
}

func (e *expiredError) Error() string {
	if e.expires.IsZero() {
		return "page: link expiry out of range"
	}
	return "page: link expired at " + e.expires.UTC().Format(time.RFC3339)
}

func (e *expiredError) Is(target error) bool { return target == errBadLink }

// linkKey is the AEAD and the key id derived from one configured key.
type linkKey struct {
	id   [kidLen]byte
	aead cipher.AEAD
}

func deriveKey(secret []byte) (linkKey, error) {
	enc, err := hkdf.Key(sha256.New, secret, nil, "wismo/tracking/page link v2 aes-256-gcm", 32)
	if err != nil {
		return linkKey{}, fmt.Errorf("page: derive link key: %w", err)
	}
	id, err := hkdf.Key(sha256.New, secret, nil, "wismo/tracking/page link v2 key id", kidLen)
	if err != nil {
		return linkKey{}, fmt.Errorf("page: derive link key id: %w", err)
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return linkKey{}, fmt.Errorf("page: link cipher: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return linkKey{}, fmt.Errorf("page: link cipher: %w", err)
	}
	k := linkKey{aead: aead}
	copy(k.id[:], id)
	return k, nil
}

// seal returns a token for id and expiry under key k; every call gives
// another token (the nonce is random).
func (k linkKey) seal(id string, expires time.Time) string {
	var exp uint64
	if !expires.IsZero() {
		exp = uint64(max(expires.Unix(), 1))
	}
	n := (expiryLen + len(id) + 1 + blockLen - 1) / blockLen * blockLen
	plain := make([]byte, n)
	binary.BigEndian.PutUint64(plain, exp)
	copy(plain[expiryLen:], id)
	plain[expiryLen+len(id)] = 0x80
	hdr := append([]byte{linkVersion}, k.id[:]...)
	return base64.RawURLEncoding.EncodeToString(k.aead.Seal(hdr, nil, plain, hdr))
}

// openLink opens a token with the keys whose id it names and returns the
// shipment ID it carries. A malformed token is refused before any key is
// used; the tag is checked by AES-GCM in constant time, and the expiry,
// against now, only after it.
func openLink(keys []linkKey, token string, now time.Time) (string, error) {
	buf, ok := decodeToken(token)
	if !ok {
		return "", errBadLink
	}
	hdr, sealed := buf[:headerLen], buf[headerLen:]
	var plain []byte
	for _, k := range keys {
		if !bytes.Equal(k.id[:], hdr[1:]) {
			continue
		}
		if p, err := k.aead.Open(nil, nil, sealed, hdr); err == nil {
			plain = p
			break
		}
	}
	if plain == nil {
		return "", errBadLink
	}
	// Unpad: the last byte that is not zero must be the 0x80 marker, in
	// the block after the expiry.
	end := len(plain) - 1
	for end >= 0 && plain[end] == 0 {
		end--
	}
	if end < expiryLen || plain[end] != 0x80 || len(plain)-end > blockLen || end-expiryLen > MaxIDLen {
		return "", errBadLink
	}
	if exp := binary.BigEndian.Uint64(plain); exp > 1<<62 {
		return "", &expiredError{id: string(plain[expiryLen:end])}
	} else if exp != 0 && !now.Before(time.Unix(int64(exp), 0)) {
		return "", &expiredError{id: string(plain[expiryLen:end]), expires: time.Unix(int64(exp), 0)}
	}
	return string(plain[expiryLen:end]), nil
}

// decodeToken decodes a token and checks its framing: the version, and a
// sealed part of a nonce, whole blocks (at least one, at most maxPlain
// bytes) and a tag.
func decodeToken(token string) ([]byte, bool) {
	if len(token) == 0 || len(token) > maxTokenLen {
		return nil, false
	}
	// The decoder skips CR and LF; a token is canonical only in the
	// base64url alphabet.
	for i := 0; i < len(token); i++ {
		c := token[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return nil, false
		}
	}
	buf, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil {
		return nil, false
	}
	body := len(buf) - headerLen - sealOverhead
	if body < blockLen || body%blockLen != 0 || buf[0] != linkVersion {
		return nil, false
	}
	return buf, true
}
