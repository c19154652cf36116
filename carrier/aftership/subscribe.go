package aftership

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/wismo-dev/wismo/carrier"
)

// Subscribe makes AfterShip follow trackingNumber, so that it pushes the
// number's updates to the webhook URL of the account's notification
// settings (the API has no call to set it): a number AfterShip follows
// already keeps its tracking, otherwise one is created (POST /trackings,
// with Config.SlugFor's courier). The Subscription's ID is AfterShip's
// tracking id and its Update the tracking's checkpoints, when it has any.
// AfterShip stops following a tracking on its own (see its tracking
// "active" field) without a date the API states, so ExpiresAt is zero.
func (c *Carrier) Subscribe(ctx context.Context, trackingNumber string) (_ *carrier.Subscription, resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	t, err := c.find(ctx, number)
	if errors.Is(err, errNotFollowed) {
		t, err = c.create(ctx, number)
		if errors.Is(err, errExists) {
			t, err = c.find(ctx, number)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("aftership: subscribe %s: %w", number, err)
	}
	s := &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber, ID: t.ID}
	if len(t.Checkpoints) > 0 {
		u, err := t.update()
		if err != nil {
			return nil, fmt.Errorf("aftership: subscribe %s: %w", number, err)
		}
		s.Update = u
	}
	return s, nil
}

// Unsubscribe deletes AfterShip's tracking of trackingNumber (DELETE
// /trackings/{id}), which ends its pushes. A number AfterShip does not
// follow succeeds.
func (c *Carrier) Unsubscribe(ctx context.Context, trackingNumber string) (resultErr error) {
	defer func() { resultErr = c.http.Redact(resultErr) }()
	number, err := normalize(trackingNumber)
	if err != nil {
		return nil // no such number was ever subscribed
	}
	t, err := c.find(ctx, number)
	switch {
	case errors.Is(err, errNotFollowed) || errors.Is(err, carrier.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("aftership: unsubscribe %s: %w", number, err)
	case t.ID == "":
		return fmt.Errorf("aftership: unsubscribe %s: %w: tracking without id", number, carrier.ErrMalformed)
	}
	var deleted tracking
	err = c.call(ctx, http.MethodDelete, c.base.JoinPath("trackings", t.ID).String(), nil, &deleted)
	if err != nil && !errors.Is(err, carrier.ErrNotFound) {
		return fmt.Errorf("aftership: unsubscribe %s: %w", number, err)
	}
	return nil
}
