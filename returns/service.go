package returns

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/redact"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/store"
	"github.com/wismo-dev/wismo/tracking"
	tstore "github.com/wismo-dev/wismo/tracking/store"
	"golang.org/x/time/rate"
)

var (
	// ErrNotEligible is wrapped by the *IneligibleError Request returns for
	// a request the policy refuses.
	ErrNotEligible = errors.New("returns: not eligible")
	// ErrUnknownCarrier is returned (wrapped) by IssueLabel when the label
	// carrier is not in Config.Carriers.
	ErrUnknownCarrier = errors.New("returns: unknown carrier")
)

// IneligibleError is the error of a request the policy refuses. It wraps
// ErrNotEligible and carries the policy's problems.
type IneligibleError struct {
	ReturnID string
	Problems []Problem
}

// Error lists the broken rules.
func (e *IneligibleError) Error() string {
	rules := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		rules[i] = string(p.Rule)
		if p.SKU != "" {
			rules[i] += " (" + p.SKU + ")"
		}
	}
	return fmt.Sprintf("returns: request %s is not eligible: %s", e.ReturnID, strings.Join(rules, ", "))
}

// Unwrap returns ErrNotEligible.
func (e *IneligibleError) Unwrap() error { return ErrNotEligible }

// Tracker is what the Service needs of the tracking Service: the outbound
// shipment's delivery and carrier (Status) and the registration and status
// of return parcels. *tracking.Service implements it.
type Tracker interface {
	Track(ctx context.Context, sh tracking.Shipment) error
	Status(ctx context.Context, id string) (tracking.View, error)
}

var _ Tracker = (*tracking.Service)(nil)

// Config configures a Service. Every field but Notifier has a default.
type Config struct {
	// Store keeps the returns. Defaults to memstore.New().
	Store store.Store
	// Tracking tells when the outbound shipment was delivered and follows
	// the return parcels. Defaults to none: requests must carry
	// Return.DeliveredAt (or the policy must allow undelivered shipments),
	// return parcels are not tracked and Sync only sends messages and
	// expires labels.
	Tracking Tracker
	// Carriers are the carriers return labels come from. Defaults to an
	// empty registry.
	Carriers *carrier.Registry
	// LabelCarrier is the id of the carrier that issues return labels.
	// Defaults to the outbound shipment's carrier, as Tracking reports it.
	LabelCarrier string
	// Warehouse is where return parcels go (the labels' recipient).
	Warehouse carrier.Address
	// Notifier is the host's sender. Every message goes through a
	// notify.Dispatcher built from it, with Renderer and Retry, and without
	// a rate limit. Required unless Dispatcher is set.
	Notifier notify.Notifier
	// Dispatcher, when set, is the host's own dispatcher the messages go
	// through instead (it may be the one the tracking Service uses), with
	// the rendering, preferences, hooks, rate limits and retry policy
	// configured there: Notifier, Renderer and Retry must then be left
	// unset. Defaults to one built from Notifier.
	Dispatcher *notify.Dispatcher
	// Renderer renders the messages (subject, text, HTML). Defaults to
	// none: messages carry their data only.
	Renderer *notify.Renderer
	// Retry is the retry policy of failed sends; a message given up is
	// moved to Return.Failed. Zero fields take notify.RetryPolicy's
	// defaults.
	Retry notify.RetryPolicy
	// Policy is the eligibility policy. Defaults to the zero Policy.
	Policy Policy
	// Now is the clock. Defaults to the clock of Tracking when it has one
	// (a Now method, as *tracking.Service has), else time.Now.
	Now func() time.Time
	// Logger receives the service's logs; they carry ids, never addresses,
	// e-mails or phone numbers. Defaults to a logger that discards.
	Logger *slog.Logger
}

// Service runs returns: it checks requests against the policy, moves each
// return through the state machine, gets labels from carriers, follows the
// return parcels through tracking and sends a message at each step. It is
// safe for concurrent use; several processes may share one Store.
type Service struct {
	cfg Config
	log *slog.Logger
}

// New returns a Service. It fills the defaults of cfg and returns an error
// naming the first invalid field.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		cfg.Store = memstore.New()
	}
	if cfg.Carriers == nil {
		cfg.Carriers = carrier.NewRegistry()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
		if c, ok := cfg.Tracking.(interface{ Now() time.Time }); ok {
			cfg.Now = c.Now
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case cfg.Notifier == nil && cfg.Dispatcher == nil:
		return nil, errors.New("returns: Config.Notifier is required (or Config.Dispatcher)")
	case cfg.Dispatcher != nil && (cfg.Notifier != nil || cfg.Renderer != nil || cfg.Retry != (notify.RetryPolicy{})):
		return nil, errors.New("returns: Config.Dispatcher is set: configure Notifier, Renderer and Retry in the Dispatcher")
	case cfg.Policy.WindowDays < -1:
		return nil, fmt.Errorf("returns: Config.Policy.WindowDays is %d; use -1 for no window", cfg.Policy.WindowDays)
	}
	for _, rs := range [][]Reason{cfg.Policy.PhotoRequired, cfg.Policy.InspectionRequired, cfg.Policy.AutoApprove.Reasons} {
		for _, r := range rs {
			if !r.Valid() {
				return nil, fmt.Errorf("returns: Config.Policy names unknown reason %q", r)
			}
		}
	}
	for _, m := range cfg.Policy.AutoApprove.Methods {
		if !m.Valid() {
			return nil, fmt.Errorf("returns: Config.Policy.AutoApprove names unknown method %q", m)
		}
	}
	if cfg.Dispatcher == nil {
		d, err := notify.NewDispatcher(notify.DispatcherConfig{
			Notifier: cfg.Notifier, Renderer: cfg.Renderer, Retry: cfg.Retry,
			RatePerRecipient: rate.Inf, Now: cfg.Now, Logger: cfg.Logger,
		})
		if err != nil {
			return nil, fmt.Errorf("returns: Config: %w", err)
		}
		cfg.Dispatcher = d
	}
	s := &Service{cfg: cfg, log: cfg.Logger}
	s.holdFeedback() // no feedback request while a return is open
	return s, nil
}

// Get returns the return with id, or an error wrapping ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (Return, error) {
	r, err := s.cfg.Store.Get(ctx, id)
	if err != nil {
		return Return{}, err
	}
	return *r, nil
}

// ForShipment returns the returns of an outbound shipment, ordered by ID,
// for example to show them next to its tracking page.
func (s *Service) ForShipment(ctx context.Context, shipmentID string) ([]Return, error) {
	rs, err := s.cfg.Store.ListByShipment(ctx, shipmentID)
	if err != nil {
		return nil, fmt.Errorf("returns: returns of shipment %s: %w", shipmentID, err)
	}
	out := make([]Return, len(rs))
	for i, r := range rs {
		out[i] = *r
	}
	return out, nil
}

// Request records a return request. It checks r against the policy, with
// the delivery time from r.DeliveredAt or, when zero, from the tracking
// Service's view of r.ShipmentID. A refused request returns the decision
// and an *IneligibleError (wrapping ErrNotEligible), and stores nothing. An
// eligible one is stored as requested (return_requested), and approved at
// once when the policy says so (return_approved). Request is idempotent by
// ID: a known ID returns the stored return, and its decision as stored.
func (s *Service) Request(ctx context.Context, r Return) (Return, Decision, error) {
	if err := r.Validate(); err != nil {
		return Return{}, Decision{}, err
	}
	if old, err := s.cfg.Store.Get(ctx, r.ID); err == nil {
		return *old, Decision{Eligible: true, AutoApprove: old.AutoApproved, Fee: old.Fee}, s.flush(ctx, old.ID)
	} else if !errors.Is(err, ErrNotFound) {
		return Return{}, Decision{}, fmt.Errorf("returns: request %s: %w", r.ID, err)
	}
	now := s.cfg.Now()
	if r.DeliveredAt.IsZero() && r.ShipmentID != "" && s.cfg.Tracking != nil {
		v, err := s.cfg.Tracking.Status(ctx, r.ShipmentID)
		switch {
		case err == nil:
			r.DeliveredAt = v.DeliveredAt
		case !errors.Is(err, tracking.ErrUnknownShipment):
			return Return{}, Decision{}, fmt.Errorf("returns: request %s: outbound shipment: %w", r.ID, err)
		}
	}
	d := s.cfg.Policy.Check(r, r.DeliveredAt, now)
	if !d.Eligible {
		s.log.InfoContext(ctx, "returns: request not eligible", "return", r.ID, "order", r.OrderID, "problems", len(d.Problems))
		return Return{}, d, &IneligibleError{ReturnID: r.ID, Problems: d.Problems}
	}
	opened, notices, err := Open(r, now)
	if err != nil {
		return Return{}, d, err
	}
	opened.Fee = d.Fee
	if d.AutoApprove {
		approved, more, err := Next(opened, EventApprove, now)
		if err != nil {
			return Return{}, d, err
		}
		opened, notices = approved, append(notices, more...)
		opened.AutoApproved = true
	}
	opened.Outbox = appendNotices(opened.Outbox, notices)
	created, err := s.cfg.Store.Create(ctx, &opened)
	if err != nil {
		return Return{}, d, fmt.Errorf("returns: request %s: %w", r.ID, err)
	}
	if !created { // a concurrent request with the same ID won
		old, err := s.cfg.Store.Get(ctx, r.ID)
		if err != nil {
			return Return{}, d, fmt.Errorf("returns: request %s: %w", r.ID, err)
		}
		return *old, Decision{Eligible: true, AutoApprove: old.AutoApproved, Fee: old.Fee}, s.flush(ctx, r.ID)
	}
	s.log.InfoContext(ctx, "returns: requested", "return", r.ID, "order", r.OrderID, "state", opened.State, "auto_approved", opened.AutoApproved)
	if err := s.flush(ctx, r.ID); err != nil {
		return opened, d, err
	}
	out, err := s.Get(ctx, r.ID)
	return out, d, err
}

func appendNotices(out []Pending, ns []Notice) []Pending {
	for _, n := range ns {
		out = append(out, Pending{Message: n.Message})
	}
	return out
}

// Approve approves a requested return (return_approved).
func (s *Service) Approve(ctx context.Context, id string) (Return, error) {
	return s.step(ctx, id, EventApprove, nil)
}

// Reject refuses a requested return; note tells the customer why
// (return_rejected).
func (s *Service) Reject(ctx context.Context, id, note string) (Return, error) {
	return s.step(ctx, id, EventReject, func(r *Return) error {
		r.Note = note
		return nil
	})
}

// Cancel withdraws a return on the customer's behalf, before the parcel
// travels (requested, approved or label_issued). It sends no message: the
// customer asked for it.
func (s *Service) Cancel(ctx context.Context, id string) (Return, error) {
	return s.step(ctx, id, EventCancel, nil)
}

// MarkReceived records that the items arrived, for a return received by
// hand (in store, or a parcel whose delivery scan Sync has not seen yet)
// (return_received).
func (s *Service) MarkReceived(ctx context.Context, id string) (Return, error) {
	return s.step(ctx, id, EventReceive, nil)
}

// Inspect records the outcome of every item, by SKU. An unknown SKU or
// outcome returns an error wrapping ErrInvalid; a missing item leaves the
// return received and returns a *TransitionError. Repeating Inspect with the
// same outcomes changes nothing; other outcomes for an inspected return
// return an error wrapping ErrConflict.
func (s *Service) Inspect(ctx context.Context, id string, outcomes map[string]Outcome) (Return, error) {
	return s.step(ctx, id, EventInspect, func(r *Return) error {
		if r.State != StateReceived && !r.InspectedAt.IsZero() {
			for _, it := range r.Items {
				if o, ok := outcomes[it.SKU]; ok && o != it.Outcome {
					return fmt.Errorf("%w: return %s was inspected already, item %s is %s", ErrConflict, r.ID, it.SKU, it.Outcome)
				}
			}
		}
		for sku, o := range outcomes {
			i := slices.IndexFunc(r.Items, func(it Item) bool { return it.SKU == sku })
			if i < 0 {
				return fmt.Errorf("%w: return %s has no item %s", ErrInvalid, r.ID, sku)
			}
			if !o.Valid() {
				return fmt.Errorf("%w: item %s: unknown outcome %q", ErrInvalid, sku, o)
			}
			r.Items[i].Outcome = o
		}
		return nil
	})
}

// Settlement is what the shop did for an inspected return.
type Settlement struct {
	// Refund is the refund or store credit in minor units (cents) of the
	// return's Currency (4990 is €49.90 for "EUR"); 0 if not said. The
	// refund_issued message shows it in the customer's language.
	Refund int64
	// Exchange is the parcel with the replacement items, for exchanged items.
	Exchange Exchange
	// Note is a word to the customer, such as why an item was rejected.
	Note string
}

// Settle closes an inspected return after the shop paid, shipped or
// credited: refunded when any item is refunded, else exchanged when any is
// exchanged, else store_credit when any got credit, else rejected (every
// item rejected). It sends refund_issued for refunds and store credit (with
// Reason "store_credit" when there is no refund), exchange_shipped for
// exchanges and return_rejected when every item was rejected.
func (s *Service) Settle(ctx context.Context, id string, st Settlement) (Return, error) {
	return s.step(ctx, id, EventSettle, func(r *Return) error {
		if st.Refund < 0 {
			return fmt.Errorf("%w: Settlement.Refund %d is negative", ErrInvalid, st.Refund)
		}
		r.Refund, r.Exchange = st.Refund, st.Exchange
		if st.Note != "" {
			r.Note = st.Note
		}
		return nil
	})
}

// IssueLabel gets a return label from the label carrier (Config.LabelCarrier
// or the outbound shipment's), records it (return_label) and registers the
// return parcel with the tracking Service under ParcelID(id). A carrier that
// does not implement carrier.ReturnLabeler gives an error wrapping
// errors.ErrUnsupported. Calling it again for a return with a label creates
// no second label; it registers the parcel again if that failed before.
func (s *Service) IssueLabel(ctx context.Context, id string) (Return, error) {
	r, err := s.cfg.Store.Get(ctx, id)
	if err != nil {
		return Return{}, fmt.Errorf("returns: issue label %s: %w", id, err)
	}
	if r.Label.TrackingNumber != "" {
		if err := s.trackParcel(ctx, r); err != nil {
			return *r, err
		}
		return *r, s.flush(ctx, id)
	}
	if !r.Method.NeedsLabel() {
		return *r, fmt.Errorf("returns: issue label %s: %w: an in-store return needs no label", id, ErrInvalid)
	}
	if _, _, err := Next(*r, EventIssueLabel, s.cfg.Now()); err != nil {
		var te *TransitionError
		if errors.As(err, &te) && te.Guard == "" { // not allowed in this state at all
			return *r, err
		}
	}
	lc, err := s.labeler(ctx, r)
	if err != nil {
		return *r, err
	}
	lbl, err := lc.CreateReturnLabel(ctx, carrier.ReturnLabelRequest{Reference: r.ID, From: r.From, To: s.cfg.Warehouse})
	if err != nil {
		return *r, fmt.Errorf("returns: issue label %s: carrier %s: %w", id, lc.ID(), err)
	}
	if lbl == nil || lbl.TrackingNumber == "" {
		return *r, fmt.Errorf("returns: issue label %s: carrier %s returned a label without a tracking number", id, lc.ID())
	}
	carrierID := lbl.Carrier
	if carrierID == "" {
		carrierID = lc.ID()
	}
	expires := lbl.ExpiresAt
	if y := expires.UTC().Year(); !expires.IsZero() && (y < 1970 || y >= 2200) {
		// A carrier's broken date (year 10000 cannot even be stored as
		// JSON): the label is taken as one that does not expire.
		s.log.WarnContext(ctx, "returns: label expiry with an impossible date ignored", "return", id, "expires", expires)
		expires = time.Time{}
	}
	out, err := s.step(ctx, id, EventIssueLabel, func(r *Return) error {
		r.Label = Label{Carrier: carrierID, TrackingNumber: lbl.TrackingNumber, URL: lbl.URL, ExpiresAt: expires}
		r.ParcelID = ParcelID(r.ID)
		return nil
	})
	if err != nil {
		return out, err
	}
	return out, s.trackParcel(ctx, &out)
}

func (s *Service) labeler(ctx context.Context, r *Return) (carrier.ReturnLabeler, error) {
	id := s.cfg.LabelCarrier
	if id == "" && s.cfg.Tracking != nil && r.ShipmentID != "" {
		v, err := s.cfg.Tracking.Status(ctx, r.ShipmentID)
		if err != nil {
			return nil, fmt.Errorf("returns: issue label %s: outbound shipment: %w", r.ID, err)
		}
		id = v.Carrier
	}
	if id == "" {
		return nil, fmt.Errorf("returns: issue label %s: no label carrier: set Config.LabelCarrier or Return.ShipmentID with Config.Tracking: %w", r.ID, ErrUnknownCarrier)
	}
	c, ok := s.cfg.Carriers.Get(id)
	if !ok {
		return nil, fmt.Errorf("returns: issue label %s: carrier %q: %w", r.ID, id, ErrUnknownCarrier)
	}
	lc, ok := c.(carrier.ReturnLabeler)
	if !ok {
		return nil, fmt.Errorf("returns: issue label %s: carrier %s creates no return labels: %w", r.ID, id, errors.ErrUnsupported)
	}
	return lc, nil
}

// trackParcel registers the return parcel with the tracking Service, marked
// as the return's parcel (Shipment.ReturnID). The parcel's recipient
// carries the customer's id only: its tracking messages are not for the
// customer (see WithoutParcelMessages).
func (s *Service) trackParcel(ctx context.Context, r *Return) error {
	if s.cfg.Tracking == nil || r.ParcelID == "" {
		return nil
	}
	err := s.cfg.Tracking.Track(ctx, tracking.Shipment{
		ID: r.ParcelID, OrderID: r.OrderID, Carrier: r.Label.Carrier, TrackingNumber: r.Label.TrackingNumber,
		Recipient: notify.Recipient{ID: r.Customer.ID}, ReturnID: r.ID,
	})
	if err != nil {
		return fmt.Errorf("returns: track return parcel of %s: %w", r.ID, err)
	}
	return nil
}

// IsParcelMessage reports whether m is a tracking message about a return
// parcel: it names a return (Message.ReturnID, which the tracking Service
// sets from the parcel's Shipment.ReturnID) but is no returns kind. The
// returns Service tells the customer about the parcel itself.
func IsParcelMessage(m notify.Message) bool { return m.ReturnID != "" && !m.Kind.IsReturn() }

// WithoutParcelMessages wraps the tracking Service's notifier so that it
// drops the tracking Service's customer messages about return parcels (a
// "shipped" or "delivered" for a parcel the customer sends back would
// confuse them; the returns Service tells the customer instead) and passes
// every other message to next, merchant messages about return parcels
// (stalled, lost) included.
func WithoutParcelMessages(next notify.Notifier) notify.Notifier {
	return notify.NotifierFunc(func(ctx context.Context, m notify.Message) error {
		if IsParcelMessage(m) && m.Audience != notify.Merchant && !m.Kind.IsMerchant() {
			return nil
		}
		return next.Notify(ctx, m)
	})
}

// maxConflicts bounds the retries of a step that loses optimistic races.
const maxConflicts = 8

// sendLease is how long a flush holds the messages it is sending: no other
// flush sends them meanwhile.
const sendLease = 5 * time.Minute

// step applies ev to the stored return, after mutate changed the data the
// event needs, writes the state and its messages in one Update (retrying on
// conflicts) and sends the messages. A repeated step writes and sends
// nothing and returns the stored return.
func (s *Service) step(ctx context.Context, id string, ev Event, mutate func(*Return) error) (Return, error) {
	for range maxConflicts {
		stored, err := s.cfg.Store.Get(ctx, id)
		if err != nil {
			return Return{}, fmt.Errorf("returns: %s %s: %w", ev, id, err)
		}
		r := stored.Clone()
		if mutate != nil {
			if err := mutate(&r); err != nil {
				return *stored, fmt.Errorf("returns: %s %s: %w", ev, id, err)
			}
		}
		now := s.cfg.Now()
		next, notices, err := Next(r, ev, now)
		if err != nil {
			return *stored, err
		}
		if next.State == stored.State && len(notices) == 0 {
			return *stored, s.flush(ctx, id) // a repeat: nothing to write
		}
		next.Outbox = appendNotices(next.Outbox, notices)
		v, err := s.cfg.Store.Update(ctx, &next)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return *stored, fmt.Errorf("returns: %s %s: %w", ev, id, err)
		}
		next.Version = v
		s.log.InfoContext(ctx, "returns: step", "return", id, "event", ev, "from", stored.State, "to", next.State, "messages", len(notices))
		if err := s.flush(ctx, id); err != nil {
			return next, err
		}
		return s.Get(ctx, id)
	}
	return Return{}, fmt.Errorf("returns: %s %s: gave up after %d conflicts: %w", ev, id, maxConflicts, ErrConflict)
}

// flush sends the return's pending messages that are due through the
// Dispatcher and records its decisions. A failed send stays in the outbox,
// due again when the Dispatcher says (Config.Retry) for a later Sync, and
// does not make flush fail; a final outcome other than sent (a permanent
// failure, retries used up) moves the message to Return.Failed. Only store
// errors are returned.
//
// Before sending, flush claims the due messages: it moves their
// NextAttemptAt sendLease ahead in one versioned Update, so a concurrent
// flush (another goroutine or process) finds nothing due and sends nothing.
// A process that dies after claiming leaves the messages due again when the
// lease ends: they are sent then, with the same Message.ID.
//
// A message is sent only while the claim has sendNeed plus a margin left
// (time since the claim counted on the injected clock and on the wall
// clock, whichever passed more), and its send is bounded by what is left:
// a slow channel never sends a message another flush has claimed since.
// Messages a claim ran out for are given back and claimed again.
func (s *Service) flush(ctx context.Context, id string) error {
	for range maxConflicts {
		more, err := s.flushClaim(ctx, id)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

const (
	// sendNeed is the least claim a send must have left.
	sendNeed = 30 * time.Second
	// sendMargin is kept between the end of a send and the end of its claim.
	sendMargin = sendLease / 10
)

// flushClaim claims the due messages once, sends what the claim allows and
// records the results; more reports messages given back unsent.
func (s *Service) flushClaim(ctx context.Context, id string) (more bool, err error) {
	now := s.cfg.Now()
	wall := time.Now()
	until := now.Add(sendLease)
	var claimed []Pending
	err = s.rewrite(ctx, id, func(r *Return) bool {
		claimed = claimed[:0]
		for i, p := range r.Outbox {
			if !p.NextAttemptAt.After(now) {
				claimed = append(claimed, p)
				r.Outbox[i].NextAttemptAt = until
			}
		}
		return len(claimed) > 0
	})
	if err != nil {
		return false, fmt.Errorf("returns: claim messages of %s: %w", id, err)
	}
	results := map[string]Pending{} // the message's new bookkeeping; Attempts -1: sent
	released := map[string]time.Time{}
	for _, p := range claimed {
		if ctx.Err() != nil {
			// Not tried: due again when the claim ends.
			break
		}
		left := sendLease - max(s.cfg.Now().Sub(now), time.Since(wall)) - sendMargin
		if left < sendNeed {
			released[p.Message.ID] = p.NextAttemptAt
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, left)
		results[p.Message.ID] = s.attempt(sctx, id, p)
		cancel()
	}
	if len(results) == 0 && len(released) == 0 {
		return false, nil
	}
	err = s.rewrite(ctx, id, func(r *Return) bool {
		var keep []Pending
		for _, p := range r.Outbox {
			res, tried := results[p.Message.ID]
			switch {
			case !tried:
				if at, ok := released[p.Message.ID]; ok && p.NextAttemptAt.Equal(until) {
					p.NextAttemptAt = at // still this claim's: give it back
				}
				keep = append(keep, p)
			case res.Attempts == sentMarker:
			case res.Attempts == deadMarker:
				p.Attempts, p.LastError = p.Attempts+1, res.LastError
				r.Failed = append(r.Failed, p)
			default:
				keep = append(keep, res)
			}
		}
		r.Outbox = keep
		return true
	})
	if err != nil {
		return false, fmt.Errorf("returns: record messages of %s: %w", id, err)
	}
	return len(released) > 0 && ctx.Err() == nil, nil
}

// rewrite reads return id, lets change edit it and writes it back, reading
// again after a lost optimistic race, at most maxConflicts times. When
// change returns false nothing is written.
func (s *Service) rewrite(ctx context.Context, id string, change func(*Return) bool) error {
	for range maxConflicts {
		r, err := s.cfg.Store.Get(ctx, id)
		if err != nil {
			return err
		}
		if !change(r) {
			return nil
		}
		if _, err := s.cfg.Store.Update(ctx, r); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("gave up after %d conflicts: %w", maxConflicts, ErrConflict)
}

const (
	sentMarker = -1
	deadMarker = -2
)

// attempt hands p to the Dispatcher once and returns its new bookkeeping:
// Attempts is sentMarker when sent, deadMarker when given up.
func (s *Service) attempt(ctx context.Context, id string, p Pending) Pending {
	m := p.Message
	res := s.cfg.Dispatcher.Dispatch(ctx, m, notify.Attempt{N: p.Attempts + 1, First: m.CreatedAt})
	note := string(res.Outcome) + ": " + res.Reason
	if res.Err != nil {
		note += ": " + res.Err.Error()
	}
	switch res.Outcome {
	case notify.Sent:
		s.log.InfoContext(ctx, "returns: message sent", "return", id, "message", m.ID, "kind", m.Kind, "channel", res.Channel)
		return Pending{Attempts: sentMarker}
	case notify.Deferred:
		p.NextAttemptAt, p.LastError = res.NextAttempt, storedError(note)
		return p
	case notify.Retry:
		p.Attempts = res.Attempt
		p.NextAttemptAt, p.LastError = res.NextAttempt, storedError(note)
		s.log.WarnContext(ctx, "returns: message not sent", "return", id, "message", m.ID, "kind", m.Kind,
			"attempt", p.Attempts, "retry_at", p.NextAttemptAt, "err", redact.Text(note))
		return p
	default: // dead letter, opted out, suppressed
		s.log.WarnContext(ctx, "returns: message given up", "return", id, "message", m.ID, "kind", m.Kind, "err", redact.Text(note))
		return Pending{Attempts: deadMarker, LastError: storedError(note)}
	}
}

// Sync moves every active return along what the clock and its return
// parcel say, and sends the messages still pending. The host calls it after
// the tracking Service's Tick (or on its own schedule). For each return:
//
//   - label_issued with a carrier scan showing the parcel moving (picked up
//     or later) goes to in_transit (return_in_transit);
//   - label_issued or in_transit whose parcel was delivered goes to
//     received (return_received);
//   - label_issued whose label expired without a carrier scan goes to expired.
//
// Sync is idempotent: running it twice moves and sends nothing more. It
// returns the errors of the returns it could not handle, joined, after
// handling all others.
func (s *Service) Sync(ctx context.Context) error {
	var errs []error
	after := ""
	for {
		page, err := s.cfg.Store.ListActive(ctx, store.ListParams{After: after, Limit: 100})
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("returns: sync: %w", err))...)
		}
		for _, r := range page {
			if err := s.syncOne(ctx, r); err != nil {
				errs = append(errs, err)
			}
		}
		if len(page) < 100 || ctx.Err() != nil {
			return errors.Join(errs...)
		}
		after = page[len(page)-1].ID
	}
}

func (s *Service) syncOne(ctx context.Context, r *Return) error {
	if r.State != StateLabelIssued && r.State != StateInTransit {
		return s.flush(ctx, r.ID)
	}
	moving, delivered := false, false
	if s.cfg.Tracking != nil && r.ParcelID != "" {
		v, err := s.cfg.Tracking.Status(ctx, r.ParcelID)
		if errors.Is(err, tracking.ErrUnknownShipment) {
			return s.trackParcel(ctx, r) // registering it failed after the label was issued
		}
		if err != nil {
			return fmt.Errorf("returns: sync %s: parcel status: %w", r.ID, err)
		}
		delivered = !v.DeliveredAt.IsZero() || v.State == tracking.StateDelivered
		for _, e := range v.Timeline {
			if e.Milestone.IsProgress() && e.Milestone != milestone.InfoReceived {
				moving = true
			}
		}
	}
	var ev Event
	switch {
	case delivered:
		ev = EventReceive
	case moving && r.State == StateLabelIssued:
		ev = EventShip
	case r.State == StateLabelIssued && guardExpired.Holds(*r, s.cfg.Now()):
		ev = EventExpire
	default:
		return s.flush(ctx, r.ID)
	}
	_, err := s.step(ctx, r.ID, ev, nil)
	var te *TransitionError
	if errors.As(err, &te) { // another process moved it meanwhile
		s.log.InfoContext(ctx, "returns: sync step refused", "return", r.ID, "event", ev, "state", te.From)
		return nil
	}
	return err
}

// storedError is a channel's error text as a return keeps it: redacted,
// clean and bounded (tracking/store.CleanText), so that the stored return holds no
// address and every store can keep it.
func storedError(s string) string { return tstore.CleanText(redact.Text(s)) }
