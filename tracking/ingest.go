package tracking

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// source says where an update came from.
type source int

const (
	fromClock   source = iota // no update: time rules only
	fromIngest                // Ingest by the host
	fromWebhook               // WebhookHandler
	fromPoll                  // a successful poll
)

// Ingest applies a carrier update to every shipment with its carrier and
// tracking number: it stores the scans not seen yet (the same time, code,
// description and location is the same scan; order does not matter),
// classifies them, runs the relevance policy and the state machine, writes
// the resulting messages to the outbox together with the new state, and then
// sends them (and any retry this process scheduled that is due; Tick sends
// everything else). A zero EstimatedDelivery keeps the previous estimate.
// An update for no known shipment returns an error
// wrapping ErrUnknownShipment. A failed send is not an error of Ingest: the
// message stays queued for the next Tick.
func (s *Service) Ingest(ctx context.Context, u *carrier.Update) error {
	before := s.written.Load()
	if err := s.ingest(ctx, u, fromIngest); err != nil {
		return oncePrefixed(err)
	}
	return oncePrefixed(s.flushIfDue(ctx, before))
}

// flushIfDue flushes the outbox when this process wrote messages since
// before, or a retry it scheduled is due. Messages other processes wrote
// are theirs to send, and any left over (a crash) are found by Tick, which
// always flushes: an update that changes nothing costs no outbox query.
func (s *Service) flushIfDue(ctx context.Context, before int64) error {
	now := s.cfg.Now()
	due := s.retryDue.Load()
	if s.written.Load() == before && (due == 0 || due > now.UnixNano()) {
		return nil
	}
	return s.flush(ctx, now)
}

func (s *Service) ingest(ctx context.Context, u *carrier.Update, src source) error {
	if u == nil || u.Carrier == "" || u.TrackingNumber == "" {
		// Unknown as well: no shipment has an empty number, so a webhook
		// carrying one is not refused (and redelivered) forever.
		return fmt.Errorf("tracking: ingest: update without carrier or tracking number: %w (%w)", ErrInvalid, ErrUnknownShipment)
	}
	if !store.IsCleanText(u.Carrier) || !store.IsCleanText(u.TrackingNumber) {
		// Track registers clean numbers only: no shipment has this one.
		return fmt.Errorf("tracking: ingest: carrier or tracking number is not clean text: %w (%w)", ErrInvalid, ErrUnknownShipment)
	}
	shs, err := s.store.FindByTrackingNumber(ctx, u.Carrier, u.TrackingNumber)
	if err != nil {
		return fmt.Errorf("tracking: ingest: %w", err)
	}
	if len(shs) == 0 {
		return fmt.Errorf("tracking: ingest %s %s: %w", u.Carrier, u.TrackingNumber, ErrUnknownShipment)
	}
	var errs []error
	for _, sh := range shs {
		errs = append(errs, s.apply(ctx, sh, u, src, "", nil))
	}
	return errors.Join(errs...)
}

// usableTime reports whether t is a time a carrier can mean and every store
// keep: from 1970 to 2199. Anything else (year 10000, a negative year) is a
// broken parser's, and would not survive encoding (JSON stops at year 9999,
// Unix nanoseconds at 2262).
func usableTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1970 && y < 2200
}

// MaxScanSkew is how far after the clock a scan may be dated and still
// count at its own time. A scan dated later (a carrier's broken clock, a
// wrong year) is stored with its time, but the state machine takes it as
// seen when it arrived: it neither outranks the scans that come after it
// nor postpones the stalled and lost rules, which count quiet time from the
// last scan.
const MaxScanSkew = 24 * time.Hour

// maxAttempts bounds the reload-and-retry loop on version conflicts.
const maxAttempts = 50

// apply runs one step of the state machine for a shipment: with the update u
// (nil for the clock alone), with adjust applied to the bookkeeping (poll
// results), releasing the lease of owner (if any). On a version conflict it
// reloads and tries again.
func (s *Service) apply(ctx context.Context, loaded *store.Shipment, u *carrier.Update, src source, owner string, adjust adjuster) error {
	return s.applyOp(ctx, loaded.ID, loaded, u, src, owner, adjust, nil)
}

// hostOp is a change the host asks for (Update, Cancel, Resend), applied
// as one step of the state machine.
type hostOp struct {
	// prepare checks the stored record and changes it and its bookkeeping;
	// an error stops the change and is returned as it is.
	prepare func(rec *store.Shipment, m *memo, now time.Time) error
	// restart evaluates the shipment afresh from StatePending (a corrected
	// tracking number: the old number's facts no longer count).
	restart bool
	// event, changed and note describe the change in the event stream.
	event   EventType
	changed []string
	note    string
	// outbox is written with the change.
	outbox []store.OutboxMessage
	// written is the record as written.
	written *store.Shipment
}

// applyOp is apply for a shipment known by id (loaded may be nil), with the
// host's change op (nil for none).
func (s *Service) applyOp(ctx context.Context, id string, loaded *store.Shipment, u *carrier.Update, src source, owner string, adjust adjuster, op *hostOp) error {
	var lastErr error
	var number [2]string // the carrier and number u and adjust are about
	if loaded != nil {
		number = [2]string{loaded.Carrier, loaded.TrackingNumber}
	}
	for attempt := range maxAttempts {
		// The first attempt works on the record the caller already read
		// (found or claimed); after a conflict it reloads.
		err := s.applyOnce(ctx, id, loaded, number, u, src, owner, adjust, op)
		loaded = nil
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		lastErr = err
		// Another writer won; let it finish before reloading. This is
		// contention backoff, not scheduling, so it does not use Config.Now.
		if err := sleep(ctx, time.Duration(rand.Int64N(int64(attempt+1)*int64(200*time.Microsecond)))); err != nil {
			return fmt.Errorf("tracking: shipment %s: %w", id, err)
		}
	}
	return fmt.Errorf("tracking: shipment %s: gave up after %d conflicting writes: %w", id, maxAttempts, lastErr)
}

func (s *Service) applyOnce(ctx context.Context, id string, rec *store.Shipment, number [2]string, u *carrier.Update, src source, owner string, adjust adjuster, op *hostOp) error {
	var orphan *oldSubscription // a subscription of the number corrected away, to be ended
	if rec == nil {
		var err error
		rec, err = s.store.GetShipment(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("tracking: shipment %s: %w", id, ErrUnknownShipment)
		}
		if err != nil {
			return fmt.Errorf("tracking: shipment %s: %w", id, err)
		}
		if number != ([2]string{}) && number != [2]string{rec.Carrier, rec.TrackingNumber} {
			// Update corrected the number meanwhile: the carrier's answer
			// about the old one is not this shipment's any more.
			s.log.InfoContext(ctx, "tracking: update of a corrected number dropped", "shipment", id)
			if owner == "" && op == nil {
				return nil
			}
			if adjust != nil {
				// A Subscribe call for the old number that was under way
				// when Update moved the shipment: what it subscribed is
				// ended like the old number's other subscriptions.
				probe := store.Shipment{Carrier: number[0], TrackingNumber: number[1]}
				adjust(&probe, &memo{}, s.cfg.Now())
				if SubscriptionState(probe.Subscription.State) == SubscriptionActive {
					orphan = &oldSubscription{Carrier: number[0], Number: number[1]}
				}
			}
			u, adjust, src = nil, nil, fromClock
		}
	}
	m, err := decodeMemo(rec.Memo)
	if err != nil {
		return fmt.Errorf("tracking: shipment %s: corrupt bookkeeping: %w", id, err)
	}
	if orphan != nil && !slices.ContainsFunc(m.Unsub, func(o oldSubscription) bool {
		return o.Carrier == orphan.Carrier && o.Number == orphan.Number
	}) {
		orphan.At = s.cfg.Now()
		m.Unsub = append(m.Unsub, *orphan)
	}
	now := s.cfg.Now()
	if op != nil {
		if err := op.prepare(rec, &m, now); err != nil {
			return err
		}
	}
	if !rec.CancelledAt.IsZero() {
		return s.applyCancelled(ctx, rec, m, u, src, owner, adjust, op, now)
	}
	var (
		prevMilestone = rec.Milestone
		prevAction    = rec.ActionRequired
		prevNotFound  = rec.NotFound
	)
	var (
		fresh      []classified
		newScans   []store.Scan
		oldETA     = rec.ETA
		oldWebhook = m.Webhook
		oldService = rec.Service
	)
	if u != nil {
		fresh, newScans, err = s.freshScans(ctx, rec, u, now)
		if err != nil {
			return err
		}
		if !u.EstimatedDelivery.IsZero() && !usableTime(u.EstimatedDelivery) {
			s.log.WarnContext(ctx, "tracking: estimate with an impossible time ignored", "shipment", id, "eta", u.EstimatedDelivery)
		} else if !u.EstimatedDelivery.IsZero() {
			// An estimate counts only from an update at least as new as the
			// one that set the current estimate: a redelivered webhook or a
			// lagging poll answer does not roll the estimate back.
			if asOf := updateAsOf(u, m.Facts.LastScan, now); m.ETAAsOf.IsZero() || !asOf.Before(m.ETAAsOf) {
				rec.ETA, m.ETAAsOf = u.EstimatedDelivery, asOf
			} else {
				s.log.InfoContext(ctx, "tracking: estimate of an older update ignored", "shipment", id,
					"update_as_of", asOf, "estimate_as_of", m.ETAAsOf)
			}
		}
		if rec.Service == "" {
			rec.Service = store.CleanText(u.Service)
		}
	}
	oldSub := rec.Subscription
	if adjust != nil {
		adjust(rec, &m, now)
	}
	if src == fromWebhook {
		m.Webhook = true
		if len(newScans) > 0 || !rec.ETA.Equal(oldETA) {
			m.LastPush = now
		}
	}
	if src != fromClock {
		m.LastChecked = now
	}
	subj := s.subject(rec, m)
	if op != nil && op.restart {
		subj.State, subj.Reason = StatePending, ReasonNone
	}
	out := s.rules.evaluate(subj, fresh, now)
	m = out.Memo
	if out.State.Terminal() {
		rec.Subscription = endSubscription(rec.Subscription, now)
	}
	pushed := subscribing(rec.Subscription, now)
	if src == fromIngest || src == fromWebhook || src == fromPoll || pushed != subscribing(oldSub, now) {
		if pushed {
			m.NextPoll = s.cfg.Poll.pushNext(&m, out.State, rec.ETA, subj.Loc, now)
		} else {
			m.NextPoll = s.cfg.Poll.next(&m, out.State, rec.ETA, subj.Loc, now)
		}
	}
	if out.State.Terminal() {
		m.NextPoll = time.Time{}
	}
	if _, ok := s.cfg.Carriers.Get(rec.Carrier); !ok {
		m.NextPoll = time.Time{}
	}
	prev, prevReason := State(rec.State), Reason(rec.Reason)
	changed := len(newScans) > 0 || len(out.Messages) > 0 || prev != out.State || prevReason != out.Reason ||
		!rec.ETA.Equal(oldETA) || m.Webhook != oldWebhook || rec.Service != oldService || rec.Subscription != oldSub
	if !changed && owner == "" && op == nil && src != fromPoll && src != fromClock {
		// A repeated push: nothing to write (and nothing to fight over).
		return nil
	}
	rec.State, rec.Reason = string(out.State), string(out.Reason)
	switch {
	case m.Facts.Latest != milestone.Unknown:
		rec.Milestone = m.Facts.Latest.String()
	case op != nil && op.restart:
		rec.Milestone = milestone.Unknown.String()
	}
	rec.ActionRequired = m.Facts.Action && !out.State.Terminal()
	rec.NotFound = !out.State.Terminal() && m.NotFound > 0 && m.Facts.LastScan.IsZero() &&
		!now.Before(rec.CreatedAt.Add(s.cfg.Thresholds.NotFoundAfter))
	var events []store.Event
	if prev != out.State {
		events = append(events, newEvent(EventStateChanged, rec, now, nil, ""))
	}
	if rec.Milestone != prevMilestone && rec.Milestone != milestone.Unknown.String() {
		events = append(events, newEvent(EventMilestoneReached, rec, now, nil, ""))
	}
	if op != nil && op.event != "" {
		events = append(events, newEvent(op.event, rec, now, op.changed, op.note))
	}
	if len(events) > 0 || prevReason != out.Reason || rec.ActionRequired != prevAction || rec.NotFound != prevNotFound ||
		!rec.ETA.Equal(oldETA) {
		rec.UpdatedAt = now
	}
	rec.DueAt = earliest(earliest(earliest(out.NextChange, m.NextPoll), rec.Subscription.NextAttemptAt), m.unsubscribeDue())
	rec.Active = !rec.DueAt.IsZero()
	rec.Memo = encodeMemo(m)
	outbox := make([]store.OutboxMessage, len(out.Messages))
	for i, msg := range out.Messages {
		outbox[i] = store.OutboxMessage{Message: msg, Status: store.OutboxPending, NextAttemptAt: now}
	}
	if op != nil {
		outbox = append(outbox, op.outbox...)
	}
	if len(outbox) > 0 {
		// Counted once the write is done (or failed: an extra flush is
		// harmless), so the Ingest that wrote them flushes them.
		defer s.written.Add(int64(len(outbox)))
	}
	v, err := s.store.UpdateShipment(ctx, store.UpdateParams{Shipment: rec, Scans: newScans, Outbox: outbox, Events: events, ReleaseLease: owner})
	if err != nil {
		return fmt.Errorf("tracking: shipment %s: %w", id, err)
	}
	if op != nil {
		rec.Version = v
		op.written = rec
	}
	if prev != out.State {
		s.log.InfoContext(ctx, "tracking: state changed", "shipment", id, "from", prev, "to", out.State,
			"reason", out.Reason, "event", out.Event)
	}
	for _, d := range out.Decisions {
		s.log.DebugContext(ctx, "tracking: scan decided", "shipment", id, "milestone", d.Result.Milestone,
			"notice", d.Notice, "decision", d.Reason)
	}
	return nil
}

// updateAsOf is how new an update is: carrier.Update has no time of its
// own, so the time of its newest scan (one dated beyond MaxScanSkew counts
// as now), or, for an update without scans, the newest scan already known
// (lastScan): an estimate without news is as new as what is known, and
// every as-of time stays on the carrier's clock, comparable with the next.
func updateAsOf(u *carrier.Update, lastScan, now time.Time) time.Time {
	var newest time.Time
	for _, sc := range u.Scans {
		t := sc.Time
		if t.After(now.Add(MaxScanSkew)) {
			t = now
		}
		if t.After(newest) {
			newest = t
		}
	}
	if newest.IsZero() {
		return lastScan
	}
	return newest
}

// freshScans returns the update's scans that the shipment does not have yet,
// classified, and their store records.
func (s *Service) freshScans(ctx context.Context, rec *store.Shipment, u *carrier.Update, now time.Time) ([]classified, []store.Scan, error) {
	if len(u.Scans) == 0 {
		return nil, nil, nil
	}
	have, err := s.store.Scans(ctx, rec.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("tracking: shipment %s: %w", rec.ID, err)
	}
	// have is sorted by time: look a key up among the scans of its instant.
	stored := func(k store.ScanKey) bool {
		i := sort.Search(len(have), func(i int) bool { return have[i].Time.UnixNano() >= k.Time })
		for ; i < len(have) && have[i].Time.UnixNano() == k.Time; i++ {
			if have[i].Key() == k {
				return true
			}
		}
		return false
	}
	fresh := make([]classified, 0, len(u.Scans))
	recs := make([]store.Scan, 0, len(u.Scans))
	for _, sc := range u.Scans {
		if sc.Time.IsZero() {
			s.log.WarnContext(ctx, "tracking: scan without time ignored", "shipment", rec.ID, "carrier", u.Carrier, "code", sc.Code)
			continue
		}
		if !usableTime(sc.Time) {
			s.log.WarnContext(ctx, "tracking: scan with an impossible time ignored", "shipment", rec.ID, "carrier", u.Carrier,
				"code", store.CleanText(sc.Code), "scan_time", sc.Time)
			continue
		}
		if sc.Carrier == "" {
			sc.Carrier = u.Carrier
		}
		// Scan text is stored as store.CleanText leaves it (no NUL, valid
		// UTF-8, bounded), and keyed and classified the same way, so a
		// carrier's stray byte cannot wedge a shipment in a store.
		sc.Carrier, sc.Code = store.CleanText(sc.Carrier), store.CleanText(sc.Code)
		sc.Description, sc.Location = store.CleanText(sc.Description), store.CleanText(sc.Location)
		r := store.Scan{Time: sc.Time, Carrier: sc.Carrier, Code: sc.Code, Description: sc.Description,
			Location: sc.Location, LocalTime: sc.LocalTime, SeenAt: now}
		k := r.Key()
		if stored(k) || slices.ContainsFunc(recs, func(o store.Scan) bool { return o.Key() == k }) {
			continue
		}
		res := s.expl(sc)
		if !res.Milestone.Valid() {
			res = milestone.Result{Milestone: milestone.Unknown}
		}
		res.Detail = milestone.Detail(store.CleanText(string(res.Detail))) // a host classifier's, into scans and messages
		r.Milestone, r.Detail, r.ActionRequired = res.Milestone.String(), string(res.Detail), res.ActionRequired
		if sc.Time.After(now.Add(MaxScanSkew)) {
			// A carrier's broken clock: the scan is stored as dated, but
			// counts as seen now for the state machine, so that it cannot
			// outrank every later scan or hold off the silence rules.
			s.log.WarnContext(ctx, "tracking: scan dated in the future counts as seen now", "shipment", rec.ID,
				"carrier", u.Carrier, "code", sc.Code, "scan_time", sc.Time)
			sc.Time = now
		}
		fresh = append(fresh, classified{scan: sc, result: res})
		recs = append(recs, r)
	}
	return fresh, recs, nil
}
