package tracking

import (
	"strconv"
	"time"

	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
)

// Thresholds are the state machine's time rules. Zero fields take the defaults.
type Thresholds struct {
	// NotPickedUpAfter is how many business days after registration a
	// shipment without a pickup scan is at risk. Defaults to 2.
	NotPickedUpAfter int
	// StalledAfter is how many business days without any scan make a picked
	// up shipment at risk. Defaults to 2.
	StalledAfter int
	// LostAfter is how many business days without any scan make a shipment
	// lost. Defaults to 10.
	LostAfter int
	// NotFoundAfter is how long a carrier may answer "not found" for a new
	// shipment before the merchant is told (notify.KindNotFound). Polling goes
	// on. Defaults to 72 hours.
	NotFoundAfter time.Duration
}

func (t Thresholds) withDefaults() Thresholds {
	if t.NotPickedUpAfter <= 0 {
		t.NotPickedUpAfter = 2
	}
	if t.StalledAfter <= 0 {
		t.StalledAfter = 2
	}
	if t.LostAfter <= 0 {
		t.LostAfter = 10
	}
	if t.NotFoundAfter <= 0 {
		t.NotFoundAfter = 72 * time.Hour
	}
	return t
}

// facts summarise a shipment's scans. Merging a scan is commutative and
// idempotent, so the facts (and the state derived from them) depend only on
// the set of scans, never on the order they arrived in.
type facts struct {
	LastScan    time.Time           `json:"ls,omitzero"` // latest scan of any kind
	PickedUp    bool                `json:"pu,omitempty"`
	Latest      milestone.Milestone `json:"lm,omitempty"` // latest scan that is neither noise nor unknown
	LatestAt    time.Time           `json:"la,omitzero"`
	LatestKey   string              `json:"lk,omitempty"` // tie-breaker for scans at the same time
	Detail      milestone.Detail    `json:"ld,omitempty"`
	Action      bool                `json:"ac,omitempty"`
	Highest     milestone.Milestone `json:"hm,omitempty"` // highest progress milestone
	HighestAt   time.Time           `json:"ha,omitzero"`  // earliest scan of Highest
	DeliveredAt time.Time           `json:"da,omitzero"`  // earliest delivered scan
	AvailableAt time.Time           `json:"aa,omitzero"`  // earliest available_for_pickup scan
	Returned    bool                `json:"rt,omitempty"`
	Cancelled   bool                `json:"cc,omitempty"`
}

// late reports whether the parcel reached the customer after promise: the
// earliest delivery, or the earliest availability at a pickup point, decides,
// whenever its scan arrives.
func (f *facts) late(promise time.Time) bool {
	reached := f.DeliveredAt
	if !f.AvailableAt.IsZero() && (reached.IsZero() || f.AvailableAt.Before(reached)) {
		reached = f.AvailableAt
	}
	return !promise.IsZero() && !reached.IsZero() && reached.After(promise)
}

// classified is a scan with its classification.
type classified struct {
	scan   milestone.Scan
	result milestone.Result
}

func (f *facts) merge(c classified) {
	t, m := c.scan.Time, c.result.Milestone
	if t.After(f.LastScan) {
		f.LastScan = t
	}
	if m != milestone.Noise && m != milestone.Unknown {
		key := c.scan.Code + "\x00" + c.scan.Description + "\x00" + c.scan.Location
		if f.LatestAt.IsZero() || t.After(f.LatestAt) ||
			(t.Equal(f.LatestAt) && (m > f.Latest || (m == f.Latest && key > f.LatestKey))) {
			f.Latest, f.LatestAt, f.LatestKey = m, t, key
			f.Detail, f.Action = c.result.Detail, c.result.ActionRequired
		}
	}
	if m.Progress() >= milestone.PickedUp.Progress() || m == milestone.Exception || m == milestone.ReturnedToSender {
		f.PickedUp = true
	}
	if m.IsProgress() && (m > f.Highest || (m == f.Highest && (f.HighestAt.IsZero() || t.Before(f.HighestAt)))) {
		f.Highest, f.HighestAt = m, t
	}
	switch m {
	case milestone.Delivered:
		if f.DeliveredAt.IsZero() || t.Before(f.DeliveredAt) {
			f.DeliveredAt = t
		}
	case milestone.AvailableForPickup:
		if f.AvailableAt.IsZero() || t.Before(f.AvailableAt) {
			f.AvailableAt = t
		}
	case milestone.ReturnedToSender:
		f.Returned = true
	case milestone.Cancelled:
		f.Cancelled = true
	}
}

// memo is the tracking package's bookkeeping for one shipment, stored in
// store.Shipment.Memo.
type memo struct {
	Facts facts          `json:"f"`
	Told  milestone.Told `json:"t"`
	// ToldETA is the ETA date (YYYY-MM-DD, shipment zone) the last delayed
	// message announced; Sent holds "delayed:eta:<date>" for every date
	// announced.
	ToldETA string `json:"te,omitempty"`
	// Sent lists the keys of the state machine's messages already written.
	Sent []string `json:"s,omitempty"`
	// ETAAsOf is how new the update was that set the current estimate (see
	// updateAsOf); an older update's estimate is ignored.
	ETAAsOf time.Time `json:"ea,omitzero"`
	// Polling.
	NextPoll    time.Time `json:"np,omitzero"`
	LastChecked time.Time `json:"lc,omitzero"`
	NotFound    int       `json:"nf,omitempty"` // consecutive not-found answers
	Failures    int       `json:"fl,omitempty"` // consecutive other failures
	Webhook     bool      `json:"wh,omitempty"` // updates arrive by webhook
	// LastPush is when a webhook last brought news (a scan or estimate).
	LastPush time.Time `json:"lp,omitzero"`
	// Overdue is when a poll postponed by a carrier's rate limit first fell
	// due; it keeps the shipment's place in line until it is polled.
	Overdue time.Time `json:"od,omitzero"`
	// ReturnID is Shipment.ReturnID: the parcel carries that return back.
	ReturnID string `json:"ri,omitempty"`
	// Offer is the ID of the message that carried the apology offer
	// (notify.Result.Offer); later messages carry none.
	Offer string `json:"of,omitempty"`
	// OldScans are the keys (scanKeyHash) of the scans stored for numbers
	// the shipment had before a correction (Update): kept, never counted.
	OldScans []string `json:"os,omitempty"`
	// Unsub are the push subscriptions of numbers the shipment had before a
	// correction, still to be ended.
	Unsub []oldSubscription `json:"us,omitempty"`
}

func (m *memo) sent(key string) bool {
	for _, k := range m.Sent {
		if k == key {
			return true
		}
	}
	return false
}

// rules are the inputs of the time rules that do not change per shipment.
type rules struct {
	cal           bizday.Calendar
	th            Thresholds
	feedbackAfter time.Duration // < 0: off
	policy        milestone.Policy
	merchant      notify.Recipient
	// predict estimates the delivery window from the shop's history; nil
	// without Config.Predict.
	predict func(PredictInput) Prediction
}

// predicted returns the history's delivery window for s.
func (r rules) predicted(s *subject) Prediction {
	f := &s.Memo.Facts
	return r.predict(PredictInput{Carrier: s.Carrier, Service: s.Service, Origin: s.Origin,
		Destination: s.Destination, Milestone: f.Highest, MilestoneAt: f.HighestAt, Zone: s.Loc, CarrierETA: s.ETA})
}

// subject is what evaluate knows about a shipment.
type subject struct {
	ID, OrderID string
	Carrier     string
	Number      string
	// Service, Origin and Destination describe the shipment for predictions.
	Service, Origin, Destination string
	Recipient                    notify.Recipient
	Registered                   time.Time
	PromisedBy                   time.Time
	Loc                          *time.Location
	ETA                          time.Time
	State                        State
	Reason                       Reason
	Memo                         memo
}

// guard is a condition over a shipment's facts at a moment. Guards are pure.
type guard func(r rules, s *subject, now time.Time) bool

// conditions name the event each guard raises, strongest first (the order
// of Events): the first guard that holds is the event.
var conditions = []struct {
	On    Event
	Guard guard
}{
	{EventReturned, func(_ rules, s *subject, _ time.Time) bool { return s.Memo.Facts.Returned }},
	{EventDelivered, func(_ rules, s *subject, _ time.Time) bool { return !s.Memo.Facts.DeliveredAt.IsZero() }},
	{EventCancelled, func(_ rules, s *subject, _ time.Time) bool { return s.Memo.Facts.Cancelled }},
	{EventSilence, func(r rules, s *subject, now time.Time) bool {
		return !now.Before(r.cal.Add(s.quietSince(), r.th.LostAfter))
	}},
	{EventException, func(_ rules, s *subject, _ time.Time) bool { return s.Memo.Facts.Latest == milestone.Exception }},
	{EventPromiseMissed, func(_ rules, s *subject, now time.Time) bool {
		return !s.PromisedBy.IsZero() && now.After(s.PromisedBy) && s.Memo.Facts.Highest < milestone.AvailableForPickup
	}},
	{EventLateEstimate, func(_ rules, s *subject, _ time.Time) bool {
		return !s.PromisedBy.IsZero() && !s.ETA.IsZero() && s.ETA.After(s.PromisedBy)
	}},
	{EventPredictedLate, func(r rules, s *subject, _ time.Time) bool {
		// Without the carrier's word, the shop's own history: a statistical
		// guess puts the shipment at risk (a merchant's concern), never
		// "delayed" (a customer's message).
		return r.predict != nil && !s.PromisedBy.IsZero() && s.ETA.IsZero() && s.Memo.Facts.PickedUp &&
			r.predicted(s).P50.After(s.PromisedBy)
	}},
	{EventStalled, func(r rules, s *subject, now time.Time) bool {
		// A parcel waiting at a pickup point waits for the customer, not the carrier.
		return s.Memo.Facts.PickedUp && s.Memo.Facts.Latest != milestone.AvailableForPickup &&
			!now.Before(r.cal.Add(s.quietSince(), r.th.StalledAfter))
	}},
	{EventNotPickedUp, func(r rules, s *subject, now time.Time) bool {
		return !s.Memo.Facts.PickedUp && !now.Before(r.cal.Add(s.Registered.In(s.Loc), r.th.NotPickedUpAfter))
	}},
	{EventProgress, func(_ rules, s *subject, _ time.Time) bool { return s.Memo.Facts.PickedUp }},
	{EventAwaitingPickup, func(rules, *subject, time.Time) bool { return true }},
}

// observe returns the event the facts say at now.
func (r rules) observe(s *subject, now time.Time) Event {
	for _, c := range conditions {
		if c.Guard(r, s, now) {
			return c.On
		}
	}
	return EventAwaitingPickup
}

// quietSince is when the shipment last showed life: its latest scan, or its
// registration if that is later. Silence is counted from there, in the
// shipment's zone.
func (s *subject) quietSince() time.Time {
	base := s.Registered
	if s.Memo.Facts.LastScan.After(base) {
		base = s.Memo.Facts.LastScan
	}
	return base.In(s.Loc)
}

// outcome is the result of evaluate: the new state and what to write with it.
type outcome struct {
	State      State
	Reason     Reason
	Event      Event
	Memo       memo
	Messages   []notify.Message
	Decisions  []milestone.Decision
	NextChange time.Time // when a time rule may change the outcome next; zero if never
}

// evaluate is the state machine: from what is known about a shipment, the
// scans that are new to it (already classified and deduplicated) and the
// clock, it returns the new state and the messages to write with it. It is
// pure: it does not modify s and never reads the clock.
func (r rules) evaluate(s subject, fresh []classified, now time.Time) outcome {
	m := s.Memo
	m.Told.Sent = cloneSent(m.Told.Sent)
	m.Sent = append([]string(nil), m.Sent...)
	for _, c := range fresh {
		m.Facts.merge(c)
	}
	s.Memo = m
	out := outcome{State: s.State, Reason: s.Reason}

	// Customer milestone messages come from the relevance policy. Nothing but
	// feedback is told after the journey ended.
	if len(fresh) > 0 {
		in := make([]milestone.Classified, len(fresh))
		for i, c := range fresh {
			in[i] = milestone.Classified{Scan: c.scan, Result: c.result}
		}
		decisions, told := r.policy.Decide(m.Told, in, now)
		m.Told = told
		out.Decisions = decisions
		for _, d := range decisions {
			if d.Reason != milestone.ReasonSent || s.State.Terminal() {
				continue
			}
			kind := notify.Kind(d.Notice)
			out.Messages = append(out.Messages, s.message(kind, notify.Customer, now,
				notify.MessageID(s.ID, string(kind), strconv.Itoa(d.Episode)), func(msg *notify.Message) {
					msg.Milestone, msg.Detail, msg.ActionRequired = d.Result.Milestone, d.Result.Detail, d.Result.ActionRequired
					if d.Result.Milestone == milestone.AvailableForPickup {
						msg.PickupLocation = d.Scan.Location
					}
				}))
		}
	}

	out.Event = r.observe(&s, now)
	if t, ok := next(s.State, out.Event); ok {
		out.State, out.Reason = t.To, t.Reason
	}
	if out.State == StateDelivered {
		out.Reason = ReasonOnTime
		if m.Facts.late(s.PromisedBy) {
			out.Reason = ReasonLate
		}
	}

	once := func(key string, kind notify.Kind, aud notify.Audience, reason Reason) {
		if m.sent(key) {
			return
		}
		m.Sent = append(m.Sent, key)
		out.Messages = append(out.Messages, s.message(kind, aud, now, notify.MessageID(s.ID, key), func(msg *notify.Message) {
			msg.Reason = string(reason)
			if aud == notify.Merchant {
				msg.Recipient = r.merchant
			}
		}))
	}
	quiet := strconv.FormatInt(s.quietSince().Unix(), 10)
	switch {
	case out.State == StateDelayed:
		// The customer hears of the missed promise once, and of every
		// distinct estimated delivery date after the promise once (the delay rules of the package doc):
		// a later date, and also an earlier one still after the promise that
		// was not announced before; a date already announced is not repeated.
		etaDate := ""
		if !s.ETA.IsZero() && s.ETA.After(s.PromisedBy) && s.ETA.After(now) {
			etaDate = s.ETA.In(s.Loc).Format(time.DateOnly)
		}
		etaKey := "delayed:eta:" + etaDate
		switch {
		case out.Reason == ReasonPromiseMissed && !m.sent("delayed:promise_missed"):
			once("delayed:promise_missed", notify.KindDelayed, notify.Customer, ReasonPromiseMissed)
			if etaDate == "" {
				out.Messages[len(out.Messages)-1].ETA = time.Time{} // a past estimate is no estimate
			} else {
				m.ToldETA = etaDate
				m.Sent = append(m.Sent, etaKey) // announced with the missed promise
			}
		case etaDate != "" && etaDate != m.ToldETA && !m.sent(etaKey):
			// ToldETA also covers memos written before dates were kept in Sent.
			m.ToldETA = etaDate
			once(etaKey, notify.KindDelayed, notify.Customer, ReasonCarrierETA)
		}
	case out.State == StateAtRisk && out.Reason == ReasonNotPickedUp:
		once("not_picked_up", notify.KindNotPickedUp, notify.Merchant, ReasonNotPickedUp)
	case out.State == StateAtRisk && out.Reason == ReasonNoScans:
		once("stalled:"+quiet, notify.KindStalled, notify.Merchant, ReasonNoScans)
	case out.State == StateLost:
		once("lost:"+quiet, notify.KindLost, notify.Merchant, ReasonSilence)
	case out.State == StateDelivered && r.feedbackAfter >= 0 && !now.Before(m.Facts.DeliveredAt.Add(r.feedbackAfter)) &&
		!now.After(m.Facts.DeliveredAt.Add(r.feedbackAfter+feedbackWindow)):
		once("feedback_request", notify.KindFeedbackRequest, notify.Customer, ReasonNone)
	}
	if !out.State.Terminal() && m.NotFound > 0 && m.Facts.LastScan.IsZero() &&
		!now.Before(s.Registered.Add(r.th.NotFoundAfter)) {
		once("not_found", notify.KindNotFound, notify.Merchant, ReasonNone)
	}
	out.Memo = m
	s.Memo = m
	out.NextChange = r.nextChange(&s, out.State, now)
	return out
}

// feedbackWindow is how long after it is due a feedback request may still
// go out; a delivery first seen later than that is not asked about.
const feedbackWindow = 7 * 24 * time.Hour

func cloneSent(in map[milestone.Notice]int) map[milestone.Notice]int {
	if in == nil {
		return nil
	}
	out := make(map[milestone.Notice]int, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// nextChange returns the earliest moment after now at which a time rule may
// change the state or cause a message; zero if none will.
func (r rules) nextChange(s *subject, st State, now time.Time) time.Time {
	var cands []time.Time
	f := &s.Memo.Facts
	if st.Terminal() {
		if st == StateDelivered && r.feedbackAfter >= 0 && !s.Memo.sent("feedback_request") {
			cands = append(cands, f.DeliveredAt.Add(r.feedbackAfter))
		}
	} else {
		base := s.quietSince()
		cands = append(cands, r.cal.Add(base, r.th.LostAfter))
		if f.PickedUp && f.Latest != milestone.AvailableForPickup {
			cands = append(cands, r.cal.Add(base, r.th.StalledAfter))
		} else {
			cands = append(cands, r.cal.Add(s.Registered.In(s.Loc), r.th.NotPickedUpAfter))
		}
		if !s.PromisedBy.IsZero() {
			cands = append(cands, s.PromisedBy.Add(time.Nanosecond))
		}
		if s.Memo.NotFound > 0 && f.LastScan.IsZero() && !s.Memo.sent("not_found") {
			cands = append(cands, s.Registered.Add(r.th.NotFoundAfter))
		}
	}
	var best time.Time
	for _, c := range cands {
		if c.After(now) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	return best
}

func (s *subject) message(kind notify.Kind, aud notify.Audience, now time.Time, id string, set func(*notify.Message)) notify.Message {
	msg := notify.Message{
		ID: id, Kind: kind, Audience: aud, ShipmentID: s.ID, OrderID: s.OrderID,
		Carrier: s.Carrier, TrackingNumber: s.Number,
		Milestone: s.Memo.Facts.Latest, Detail: s.Memo.Facts.Detail, ETA: s.ETA, CreatedAt: now,
		ReturnID: s.Memo.ReturnID,
	}
	if aud == notify.Customer {
		msg.Recipient = s.Recipient
		if msg.Recipient.TimeZone == "" && s.Loc != nil && s.Loc != time.UTC {
			// Empty means the shipment's zone: say it, for the dispatcher's
			// quiet hours and the channels.
			msg.Recipient.TimeZone = s.Loc.String()
		}
	}
	if s.Loc != nil && notify.EstimatePassed(s.ETA.In(s.Loc), now) {
		msg.ETA = time.Time{} // an estimate for a day gone by is no news
	}
	if set != nil {
		set(&msg)
	}
	return msg
}
