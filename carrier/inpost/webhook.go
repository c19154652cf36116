package inpost

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
)

// Headers of an InPost webhook request.
const (
	// SignatureHeader carries the standard base64 HMAC-SHA256 of the signed
	// content under the shared secret.
	SignatureHeader = "x-inpost-signature"
	// TimestampHeader carries the time the webhook was sent (ISO 8601). When
	// InPost signs it, the signed content is "<timestamp>.<body>".
	TimestampHeader = "x-inpost-timestamp"
)

// ParseWebhook verifies an InPost webhook and returns its update. The
// x-inpost-signature header must hold the base64 HMAC-SHA256, under one of
// Config.WebhookSecrets, of the raw body or, as InPost can be set up to sign,
// of "<x-inpost-timestamp>.<body>"; in that form the timestamp must lie
// within Config.WebhookTolerance of Now. A missing or wrong signature, or a
// stale signed timestamp, returns an error wrapping carrier.ErrBadSignature
// and no updates; a body over Config.MaxWebhookBytes one wrapping
// carrier.ErrBodyTooLarge. A verified body that is not a ShipX event wraps
// carrier.ErrMalformed. Events without tracking news (offers_prepared, or a
// shipment without a tracking number yet) give no updates and no error.
func (c *Carrier) ParseWebhook(_ context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if int64(len(body)) > c.cfg.MaxWebhookBytes {
		return nil, fmt.Errorf("inpost: webhook body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	if err := c.verify(header, body); err != nil {
		return nil, fmt.Errorf("inpost: webhook: %w", err)
	}
	return parseEvent(body)
}

// verify checks the signature over the body alone, then over the signed
// timestamp and the body, with its tolerance.
func (c *Carrier) verify(header http.Header, body []byte) error {
	if len(c.secrets) == 0 {
		return fmt.Errorf("%w: no webhook secret configured", carrier.ErrBadSignature)
	}
	sig := strings.TrimSpace(header.Get(SignatureHeader))
	err := kit.VerifyHMACBase64(body, sig, c.secrets...)
	if err == nil {
		return nil
	}
	ts := strings.TrimSpace(header.Get(TimestampHeader))
	if ts == "" || sig == "" {
		return err
	}
	if kit.VerifyHMACBase64(timestamped(ts, body), sig, c.secrets...) != nil {
		return err
	}
	if c.cfg.WebhookTolerance == -1 {
		return nil
	}
	tolerance := c.cfg.WebhookTolerance
	if tolerance == 0 {
		tolerance = carrier.DefaultTolerance
	}
	t, local, perr := kit.ParseCarrierTime(ts)
	if perr != nil || local {
		return fmt.Errorf("%w: %s %q is not a time with an offset", carrier.ErrBadSignature, TimestampHeader, ts)
	}
	if d := c.cfg.Now().Sub(t); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: %s %s is %s from now", carrier.ErrTooOld, TimestampHeader, ts, d.Round(time.Second))
	}
	return nil
}

func timestamped(ts string, body []byte) []byte {
	b := make([]byte, 0, len(ts)+1+len(body))
	b = append(b, ts...)
	b = append(b, '.')
	return append(b, body...)
}

// SignWebhook returns the x-inpost-signature value InPost sends for body
// under secret when it signs the body alone. Hosts use it to test their
// webhook endpoint.
func SignWebhook(body []byte, secret string) string {
	return kit.SignHMACBase64(body, []byte(secret))
}

// SignWebhookAt returns the x-inpost-signature value for body sent at t
// when InPost signs the timestamp too; send t.Format(time.RFC3339Nano) as
// x-inpost-timestamp with it.
func SignWebhookAt(t time.Time, body []byte, secret string) string {
	return kit.SignHMACBase64(timestamped(t.Format(time.RFC3339Nano), body), []byte(secret))
}
