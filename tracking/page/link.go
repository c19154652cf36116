package page

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"time"
)

// Link tokens.
//
// A token is base64url (no padding) of
//
//	version (1 byte, 1) | expiry (8 bytes, Unix seconds, big-endian, 0 = never)
//	| tag (16 bytes) | ciphertext (a multiple of 16 bytes)
//
// The tag is HMAC-SHA256, truncated to 128 bits, under a MAC key derived
// from the signing key, over version, expiry and the padded shipment ID.
// The ciphertext is the padded ID (2-byte length, the ID, zeros up to a
// multiple of 16 bytes) encrypted with AES-256-CTR under an encryption key
// derived from the same signing key, with the tag as the counter block: the
// synthetic-IV construction (SIV), a deterministic authenticated
// encryption. The ID is unreadable without the key and its length shows only
// to 16 bytes; any change to a byte of the token fails the tag.

const (
	linkVersion = 1
	tagLen      = 16
	headerLen   = 1 + 8 + tagLen
	blockLen    = aes.BlockSize
	// MaxIDLen is the longest shipment ID Link accepts, in bytes.
	MaxIDLen = 512
	// maxPlain is the largest padded plaintext: length prefix and MaxIDLen, rounded up.
	maxPlain = (2 + MaxIDLen + blockLen - 1) / blockLen * blockLen
	// maxTokenLen is the longest token (base64url characters) the parser looks at.
	maxTokenLen = (headerLen + maxPlain + 2) / 3 * 4
	// dummyCipherLen is the ciphertext length used to keep the work of
	// malformed tokens equal to that of a short well-formed one.
	dummyCipherLen = 2 * blockLen
)

var errBadLink = errors.New("page: invalid link")

// linkKey holds the keys derived from one configured HMAC key.
type linkKey struct {
	mac   []byte
	block cipher.Block
}

func deriveKey(secret []byte) (linkKey, error) {
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("wismo/tracking/page/v1/" + label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("enc"))
	if err != nil {
		return linkKey{}, fmt.Errorf("page: derive link key: %w", err)
	}
	return linkKey{mac: derive("mac"), block: block}, nil
}

// tag computes the truncated HMAC over the header fields and the padded plaintext.
func (k linkKey) tag(h hash.Hash, hdr, plain []byte, out []byte) []byte {
	h.Reset()
	h.Write(hdr[:9])
	h.Write(plain)
	return h.Sum(out[:0])[:tagLen]
}

func pad(id string) []byte {
	n := (2 + len(id) + blockLen - 1) / blockLen * blockLen
	p := make([]byte, n)
	binary.BigEndian.PutUint16(p, uint16(len(id)))
	copy(p[2:], id)
	return p
}

// seal returns the token for id and expiry under key k.
func (k linkKey) seal(id string, expires time.Time) string {
	var exp uint64
	if !expires.IsZero() {
		exp = uint64(max(expires.Unix(), 1))
	}
	plain := pad(id)
	buf := make([]byte, headerLen+len(plain))
	buf[0] = linkVersion
	binary.BigEndian.PutUint64(buf[1:9], exp)
	var sum [sha256.Size]byte
	tag := k.tag(hmac.New(sha256.New, k.mac), buf, plain, sum[:])
	copy(buf[9:headerLen], tag)
	cipher.NewCTR(k.block, buf[9:headerLen]).XORKeyStream(buf[headerLen:], plain)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// open checks a token against every key and returns the shipment ID it
// carries. It does the same work for every token of a given length and
// every key, whether the token is valid or not, and tries all keys even
// after a match, so that timing tells nothing about which part was wrong.
// Malformed tokens are checked against a dummy buffer of a fixed size. The
// expiry is checked only after the tag, against now.
func openLink(keys []linkKey, token string, now time.Time) (string, error) {
	buf, wellFormed := decodeToken(token)
	if !wellFormed {
		buf = make([]byte, headerLen+dummyCipherLen)
	}
	plain := make([]byte, len(buf)-headerLen)
	tmp := make([]byte, len(plain))
	var sum [sha256.Size]byte
	found := 0
	for _, k := range keys {
		h := hmac.New(sha256.New, k.mac)
		cipher.NewCTR(k.block, buf[9:headerLen]).XORKeyStream(tmp, buf[headerLen:])
		tag := k.tag(h, buf, tmp, sum[:])
		ok := subtle.ConstantTimeCompare(tag, buf[9:headerLen])
		subtle.ConstantTimeCopy(ok&(1-found), plain, tmp)
		found |= ok
	}
	if !wellFormed || found == 0 {
		return "", errBadLink
	}
	n := int(binary.BigEndian.Uint16(plain))
	if n > len(plain)-2 || n > MaxIDLen {
		return "", errBadLink
	}
	for _, b := range plain[2+n:] {
		if b != 0 {
			return "", errBadLink
		}
	}
	if exp := binary.BigEndian.Uint64(buf[1:9]); exp != 0 && (exp > 1<<62 || !now.Before(time.Unix(int64(exp), 0))) {
		return "", errBadLink
	}
	return string(plain[2 : 2+n]), nil
}

// decodeToken decodes a token and checks its framing: version, and a
// ciphertext of whole blocks, at least one and at most maxPlain bytes.
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
	if err != nil || len(buf) < headerLen+blockLen || (len(buf)-headerLen)%blockLen != 0 || buf[0] != linkVersion {
		return nil, false
	}
	return buf, true
}
