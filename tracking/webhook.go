package tracking

import (
	"errors"
	"io"
	"net/http"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/readdeadline"
)

// WebhookHandler returns the HTTP handler for a carrier's webhook. The
// carrier must be in Config.Carriers and implement carrier.WebhookParser. The
// handler answers:
//   - 404 for an unknown carrier, 501 for a carrier without webhooks,
//   - 405 for a method other than POST, 413 for a body over
//     Config.WebhookMaxBytes, 408 for a body not received within
//     Config.WebhookReadTimeout (the connection is closed),
//   - 401 when the signature is missing or wrong (carrier.ErrBadSignature),
//   - 400 for a payload the carrier cannot parse,
//   - 500 when the updates could not be stored (the carrier should retry),
//   - 200 once every update was ingested; updates for tracking numbers no
//     shipment has are acknowledged and ignored.
func (s *Service) WebhookHandler(carrierID string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.cfg.Carriers.Get(carrierID)
		if !ok {
			readdeadline.IgnoreBody(w, r)
			http.Error(w, "unknown carrier", http.StatusNotFound)
			return
		}
		p, ok := c.(carrier.WebhookParser)
		if !ok {
			readdeadline.IgnoreBody(w, r)
			http.Error(w, "carrier has no webhooks", http.StatusNotImplemented)
			return
		}
		if r.Method != http.MethodPost {
			readdeadline.IgnoreBody(w, r)
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		clearDeadline := readdeadline.Set(w, s.cfg.WebhookReadTimeout)
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.WebhookMaxBytes))
		if err != nil {
			// The deadline stays: the server must not wait for the rest.
			var tooBig *http.MaxBytesError
			switch {
			case errors.As(err, &tooBig):
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			case readdeadline.IsTimeout(err):
				s.log.WarnContext(r.Context(), "tracking: webhook body not read in time", "carrier", carrierID)
				http.Error(w, "body not received in time", http.StatusRequestTimeout)
			default:
				http.Error(w, "cannot read body", http.StatusBadRequest)
			}
			return
		}
		clearDeadline()
		ctx := r.Context()
		updates, err := p.ParseWebhook(ctx, r.Header, body)
		switch {
		case errors.Is(err, carrier.ErrBadSignature):
			s.log.WarnContext(ctx, "tracking: webhook with bad signature", "carrier", carrierID)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		case err != nil:
			s.log.WarnContext(ctx, "tracking: malformed webhook", "carrier", carrierID, "err", redact(err.Error()))
			http.Error(w, "malformed payload", http.StatusBadRequest)
			return
		}
		var failed bool
		before := s.written.Load()
		for _, u := range updates {
			if u == nil {
				continue
			}
			if u.Carrier == "" {
				u.Carrier = carrierID
			}
			err := s.ingest(ctx, u, fromWebhook)
			if errors.Is(err, ErrUnknownShipment) {
				s.log.InfoContext(ctx, "tracking: webhook for an unknown shipment ignored", "carrier", carrierID)
				continue
			}
			if err != nil {
				s.log.ErrorContext(ctx, "tracking: webhook update not stored", "carrier", carrierID, "err", redact(err.Error()))
				failed = true
			}
		}
		if err := s.flushIfDue(ctx, before); err != nil {
			s.log.ErrorContext(ctx, "tracking: flush after webhook", "carrier", carrierID, "err", redact(err.Error()))
		}
		if failed {
			http.Error(w, "update not stored", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
