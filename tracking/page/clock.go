package page

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// serviceClock returns the clock of svc when it has one (a Now method, as
// *tracking.Service has), else time.Now: a Handler built on a Service
// expires its links on the Service's clock unless Config.Now is set.
func serviceClock(svc Service) func() time.Time {
	if c, ok := svc.(interface{ Now() time.Time }); ok {
		return c.Now
	}
	return time.Now
}

// logBadLink says at debug level why a link got the 404, which is the same
// for every reason: a link that expired on the Handler's clock is most
// often one made under another clock (a test clock the Handler was not
// given), so the record names both times.
func (h *Handler) logBadLink(ctx context.Context, err error, now time.Time) {
	if !h.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	var exp *expiredError
	switch {
	case !errors.As(err, &exp):
		h.log.DebugContext(ctx, "page: 404 for a link that is malformed or not sealed with any of Config.Keys")
	case exp.expires.IsZero():
		h.log.DebugContext(ctx, "page: 404 for a link whose expiry is out of range", "shipment", exp.id)
	default:
		h.log.DebugContext(ctx, "page: 404 for an expired link; links expire on Config.Now, else the Service's clock: is the link from another clock?",
			"shipment", exp.id, "expired", exp.expires.UTC(), "now", now.UTC())
	}
}
