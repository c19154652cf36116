package easypost

import (
	"context"
	"errors"
	"fmt"

	"github.com/wismo-dev/wismo/carrier"
)

// Subscribe creates the number's tracker (POST /trackers; EasyPost returns
// the existing tracker of the same tracking code and carrier, so a second
// Subscribe names the same one), after which EasyPost posts tracker.updated
// events to the webhook URLs of the account, which the host sets up with
// EasyPost. The Subscription's ID is the tracker id and its Update the
// tracker's details, when it has any. EasyPost's documentation states no
// end of a tracker's updates, so ExpiresAt is zero.
func (c *Carrier) Subscribe(ctx context.Context, trackingNumber string) (_ *carrier.Subscription, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	tr, err := c.tracker(ctx, number)
	if err != nil {
		return nil, fmt.Errorf("easypost: subscribe %s: %w", number, err)
	}
	s := &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber, ID: tr.ID}
	if len(tr.TrackingDetails) > 0 {
		u, err := tr.update()
		if err != nil {
			return nil, fmt.Errorf("easypost: subscribe %s: %w", number, err)
		}
		s.Update = u
	}
	return s, nil
}

// errNoStop is what Unsubscribe returns.
var errNoStop = fmt.Errorf("easypost: the API has no call to stop a tracker's updates: %w", errors.ErrUnsupported)

// Unsubscribe returns an error wrapping errors.ErrUnsupported: EasyPost's
// API cannot delete or stop a tracker, whose events keep coming until the
// parcel's journey ends. The host ignores them, or removes the webhook.
func (c *Carrier) Unsubscribe(context.Context, string) error {
	return errNoStop
}
