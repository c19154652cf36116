package track17

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/wismo-dev/wismo/carrier"
)

// Push events 17TRACK sends.
const (
	// EventUpdated carries a number's new tracking data.
	EventUpdated = "TRACKING_UPDATED"
	// EventStopped says 17TRACK stopped tracking a number; it carries no
	// tracking data.
	EventStopped = "TRACKING_STOPPED"
)

// push is the body of a push.
type push struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// ParseWebhook verifies a 17TRACK push and returns the update it carries.
// The sign header must be the hex SHA-256 of the raw body, a "/" and the
// account's API key (Config.APIKey, or one of Config.PreviousAPIKeys),
// compared in constant time; otherwise the error wraps
// carrier.ErrBadSignature (carrier.ErrNotSigned without the header) and no
// update is returned. A TRACKING_STOPPED push, and any other event, gives
// no updates and no error. 17TRACK repeats a push that was not answered
// with 200, with the same body, so no replay window applies: wismo's ingest
// is idempotent.
func (c *Carrier) ParseWebhook(ctx context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if int64(len(body)) > c.cfg.MaxWebhookBytes {
		return nil, fmt.Errorf("17track: push body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	if err := verify(body, header.Get(SignatureHeader), c.keys); err != nil {
		return nil, fmt.Errorf("17track: push: %w", err)
	}
	var p push
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("17track: push: %w: %v", carrier.ErrMalformed, err)
	}
	if p.Event != EventUpdated {
		return nil, nil
	}
	var it trackItem
	if err := json.Unmarshal(p.Data, &it); err != nil {
		return nil, fmt.Errorf("17track: push: %w: data: %v", carrier.ErrMalformed, err)
	}
	u, skipped, err := it.update()
	c.warnSkipped(ctx, it.Number, skipped)
	if err != nil {
		return nil, fmt.Errorf("17track: push %s: %w", it.Number, err)
	}
	return []*carrier.Update{u}, nil
}

// verify checks sign against each key.
func verify(body []byte, sign string, keys [][]byte) error {
	sign = strings.TrimSpace(sign)
	if sign == "" {
		return carrier.ErrNotSigned
	}
	got, err := hex.DecodeString(sign)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: sign is not %d hex bytes", carrier.ErrBadSignature, sha256.Size)
	}
	tried := 0
	for _, k := range keys {
		if len(k) == 0 {
			continue
		}
		tried++
		want := digest(body, k)
		if subtle.ConstantTimeCompare(got, want[:]) == 1 {
			return nil
		}
	}
	if tried == 0 {
		return fmt.Errorf("%w: no key configured", carrier.ErrBadSignature)
	}
	return fmt.Errorf("%w: no key matches", carrier.ErrBadSignature)
}

func digest(body, key []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(body)
	h.Write([]byte{'/'})
	h.Write(key)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// SignWebhook returns the sign header 17TRACK sends with body for an
// account whose API key is key. Hosts use it to test their webhook
// endpoint.
func SignWebhook(body []byte, key string) string {
	d := digest(body, []byte(key))
	return hex.EncodeToString(d[:])
}
