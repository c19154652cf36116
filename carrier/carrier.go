package carrier

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/milestone"
)

// Carrier is the required interface of a carrier adapter: an id and a way to
// track one number. Everything else is an optional interface (see the package
// documentation).
type Carrier interface {
	// ID returns the carrier's lowercase id, such as "ups" or "dhl_express".
	ID() string
	// Track returns what the carrier knows about a tracking number. An unknown
	// number (often just too early) returns an error wrapping ErrNotFound.
	Track(ctx context.Context, trackingNumber string) (*Update, error)
}

// Update is what a carrier reports for one tracking number at one time.
type Update struct {
	// Carrier is the id of the carrier that reported the update.
	Carrier string
	// TrackingNumber is the number the update is about.
	TrackingNumber string
	// Scans are the carrier's events, in any order; duplicates are possible.
	Scans []milestone.Scan
	// EstimatedDelivery is the end of the carrier's current delivery estimate;
	// zero if the carrier gives none.
	EstimatedDelivery time.Time
	// EstimatedDeliveryStart is the start of the carrier's estimated window,
	// when it gives a window; zero otherwise.
	EstimatedDeliveryStart time.Time
	// Service is the carrier's service level (for example "UPS Ground"), when known.
	Service string
}

// BatchTracker is implemented by carriers that track several numbers in one
// request. Use TrackMany to get the batch path when there is one.
type BatchTracker interface {
	Carrier
	// MaxBatch returns the largest number of tracking numbers one call accepts.
	MaxBatch() int
	// TrackBatch tracks numbers (at most MaxBatch) and returns one result per
	// number, in the order given. A per-number failure goes into its result;
	// the error is for a failure of the whole request.
	TrackBatch(ctx context.Context, numbers []string) ([]TrackResult, error)
}

// TrackResult is the outcome of tracking one number in a batch.
type TrackResult struct {
	TrackingNumber string
	Update         *Update
	Err            error
}

// WebhookParser is implemented by carriers that push updates to a webhook.
// ParseWebhook verifies the request's signature before it reads the payload:
// a missing or forged signature returns an error wrapping ErrBadSignature and
// no updates.
type WebhookParser interface {
	Carrier
	ParseWebhook(ctx context.Context, header http.Header, body []byte) ([]*Update, error)
}

// Subscriber is implemented by carriers that push updates for a tracking
// number once it is subscribed: the carrier (or aggregator) calls the host's
// webhook, whose requests ParseWebhook verifies and reads. Where the push goes
// is the adapter's configuration (an option of its constructor, or the
// carrier's account settings); Subscribe only names the number.
//
// Both methods are idempotent: subscribing a number that is already
// subscribed succeeds and returns the existing subscription, unsubscribing a
// number that is not subscribed succeeds. A carrier that has no way to stop
// pushes returns an error wrapping errors.ErrUnsupported from Unsubscribe; its
// pushes end on their own (see Subscription.ExpiresAt). Errors are classified
// as for Track: IsTemporary tells a failure worth retrying, ErrUnauthorized a
// rejected account, ErrNotFound a number the carrier refuses to watch.
type Subscriber interface {
	WebhookParser
	// Subscribe asks the carrier to push updates of trackingNumber.
	Subscribe(ctx context.Context, trackingNumber string) (*Subscription, error)
	// Unsubscribe asks the carrier to stop pushing updates of trackingNumber.
	Unsubscribe(ctx context.Context, trackingNumber string) error
}

// Subscription is a carrier's acceptance of a subscription.
type Subscription struct {
	// Carrier is the id of the carrier that accepted the subscription.
	Carrier string
	// TrackingNumber is the subscribed number.
	TrackingNumber string
	// ID is the carrier's own id for the subscription (a tracker or tracking
	// id), when it gives one; empty otherwise. Unsubscribe does not need it.
	ID string
	// ExpiresAt is when the carrier stops pushing on its own (for example a
	// fixed number of days after subscribing); zero when it does not say.
	// Subscribe again before it to keep the pushes coming.
	ExpiresAt time.Time
	// Update is the carrier's current data for the number when its answer to
	// the subscription carries it; nil otherwise.
	Update *Update
}

// ReturnLabeler is implemented by carriers that can create return labels.
type ReturnLabeler interface {
	Carrier
	CreateReturnLabel(ctx context.Context, req ReturnLabelRequest) (*ReturnLabel, error)
}

// Address is a postal address used for labels.
type Address struct {
	Name, Company, Line1, Line2, City, PostalCode, State, Country string
	Email, Phone                                                  string
}

// ReturnLabelRequest asks a carrier for a label that brings a parcel from the
// customer (From) back to the shop (To).
type ReturnLabelRequest struct {
	// Reference is the host's id for the return, printed on the label where possible.
	Reference string
	From, To  Address
	// WeightGrams is the parcel's weight; zero lets the carrier use its default.
	WeightGrams int
	// Service is the carrier's service code; empty chooses its default return service.
	Service string
}

// ReturnLabel is a created return label.
type ReturnLabel struct {
	Carrier, TrackingNumber string
	// URL is where the label can be downloaded, when the carrier hosts it.
	URL string
	// Data is the label itself when the carrier returns it inline, in Format.
	Data []byte
	// Format is "pdf", "png", "zpl" or the carrier's own name for it.
	Format string
	// ExpiresAt is when an unused label stops being valid; zero if it does not expire.
	ExpiresAt time.Time
}

// TrackMany tracks numbers with c, using TrackBatch in chunks of MaxBatch when
// c is a BatchTracker and one Track call per number otherwise. It returns one
// result per number in the given order. Once the carrier answers with a rate
// limit (an error holding a *RateLimitError), or ctx ends, the numbers not
// asked for yet get that error without a call.
func TrackMany(ctx context.Context, c Carrier, numbers []string) []TrackResult {
	out := make([]TrackResult, 0, len(numbers))
	var stop error // set once the carrier must not be called again
	fill := func(ns []string, err error) {
		for _, n := range ns {
			out = append(out, TrackResult{TrackingNumber: n, Err: err})
		}
	}
	halt := func(err error) {
		if _, rl := errors.AsType[*RateLimitError](err); stop == nil && rl {
			stop = err
		}
	}
	if b, ok := c.(BatchTracker); ok && b.MaxBatch() > 0 {
		for chunk := range slices.Chunk(numbers, b.MaxBatch()) {
			if stop == nil {
				stop = ctx.Err()
			}
			if stop != nil {
				fill(chunk, stop)
				continue
			}
			res, err := b.TrackBatch(ctx, chunk)
			if err != nil {
				fill(chunk, err)
				halt(err)
				continue
			}
			for _, r := range res {
				halt(r.Err)
			}
			out = append(out, res...)
		}
		return out
	}
	for _, n := range numbers {
		if stop == nil {
			stop = ctx.Err()
		}
		if stop != nil {
			fill([]string{n}, stop)
			continue
		}
		u, err := c.Track(ctx, n)
		out = append(out, TrackResult{TrackingNumber: n, Update: u, Err: err})
		halt(err)
	}
	return out
}

// Registry holds the carriers a host wires in, by id. It is not global: the
// host builds one with NewRegistry. A Registry is safe for concurrent reads
// once built; Register must not race with Get.
type Registry struct {
	byID map[string]Carrier
}

// NewRegistry returns a registry holding cs. It panics like Register.
func NewRegistry(cs ...Carrier) *Registry {
	r := &Registry{byID: make(map[string]Carrier, len(cs))}
	for _, c := range cs {
		r.Register(c)
	}
	return r
}

// Register adds c. It panics if c is nil, its ID is empty, or a carrier with
// the same ID is already registered: both are wiring bugs.
func (r *Registry) Register(c Carrier) {
	if c == nil {
		panic("carrier: Register of a nil Carrier")
	}
	id := c.ID()
	if id == "" {
		panic("carrier: Register of a Carrier with an empty ID")
	}
	if _, dup := r.byID[id]; dup {
		panic(fmt.Sprintf("carrier: Register called twice for carrier %q", id))
	}
	if r.byID == nil {
		r.byID = map[string]Carrier{}
	}
	r.byID[id] = c
}

// Get returns the carrier with the given id.
func (r *Registry) Get(id string) (Carrier, bool) {
	if r == nil {
		return nil, false
	}
	c, ok := r.byID[id]
	return c, ok
}

// IDs returns the registered ids, sorted.
func (r *Registry) IDs() []string {
	if r == nil {
		return nil
	}
	ids := make([]string, 0, len(r.byID))
	for id := range r.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
