package notify

import "context"

// Recommender suggests products to cross-sell from an order's items. It is
// marketing content: the dispatcher asks only for recipients with marketing
// consent, and a failure never blocks the message.
type Recommender interface {
	Recommend(ctx context.Context, orderID string) ([]Product, error)
}

// RecommenderFunc adapts a function to the Recommender interface.
type RecommenderFunc func(ctx context.Context, orderID string) ([]Product, error)

// Recommend calls f(ctx, orderID).
func (f RecommenderFunc) Recommend(ctx context.Context, orderID string) ([]Product, error) {
	return f(ctx, orderID)
}

// DelayOffer returns an apology offer (such as a discount code) for a delayed
// or exception message, or nil for none. A failure never blocks the message.
type DelayOffer interface {
	Offer(ctx context.Context, m Message) (*Offer, error)
}

// DelayOfferFunc adapts a function to the DelayOffer interface.
type DelayOfferFunc func(ctx context.Context, m Message) (*Offer, error)

// Offer calls f(ctx, m).
func (f DelayOfferFunc) Offer(ctx context.Context, m Message) (*Offer, error) { return f(ctx, m) }

// CareTips returns product care tips for the order of a message after
// delivery, in the language of m.Recipient.Locale. It is marketing content:
// the dispatcher asks only for recipients with marketing consent, and a
// failure never blocks the message.
type CareTips interface {
	Tips(ctx context.Context, m Message) ([]string, error)
}

// CareTipsFunc adapts a function to the CareTips interface.
type CareTipsFunc func(ctx context.Context, m Message) ([]string, error)

// Tips calls f(ctx, m).
func (f CareTipsFunc) Tips(ctx context.Context, m Message) ([]string, error) { return f(ctx, m) }
