package returns

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

// Event is a step that moves a return.
type Event string

// The events.
const (
	// EventApprove: the shop (or the policy) accepts the request.
	EventApprove Event = "approve"
	// EventReject: the shop refuses the request (Return.Note says why).
	EventReject Event = "reject"
	// EventIssueLabel: the carrier issued Return.Label.
	EventIssueLabel Event = "issue_label"
	// EventShip: the carrier scanned the return parcel (picked up or later).
	EventShip Event = "ship"
	// EventReceive: the items arrived (carrier delivery or a manual receipt).
	EventReceive Event = "receive"
	// EventInspect: every item has its Outcome.
	EventInspect Event = "inspect"
	// EventSettle: the shop paid the refund, shipped the exchange or issued
	// the credit for the outcomes.
	EventSettle Event = "settle"
	// EventCancel: the customer withdraws the return.
	EventCancel Event = "cancel"
	// EventExpire: the clock passed the unused label's expiry.
	EventExpire Event = "expire"
)

// Events returns every event in journey order.
func Events() []Event {
	return []Event{EventApprove, EventReject, EventIssueLabel, EventShip, EventReceive,
		EventInspect, EventSettle, EventCancel, EventExpire}
}

// String returns the event's name.
func (e Event) String() string { return string(e) }

// Guard is a pure condition on a transition: the row applies only when it
// holds for the return at now.
type Guard struct {
	// Name describes the condition, as the Mermaid diagram shows it.
	Name string
	// Holds reports whether the condition holds.
	Holds func(r Return, now time.Time) bool
}

// Transition is one row of the state machine: in state From, event On moves
// the return to To when Guard holds (a nil Holds always holds), and writes a
// message of each kind in Notify. A row with From == To is an idempotent
// repeat: it changes nothing and writes nothing.
type Transition struct {
	From   State
	On     Event
	To     State
	Guard  Guard
	Notify []notify.Kind
}

// The guards.
var (
	guardHasLabel = Guard{"label", func(r Return, _ time.Time) bool {
		return r.Label.Carrier != "" && r.Label.TrackingNumber != ""
	}}
	guardInStore = Guard{"in store", func(r Return, _ time.Time) bool { return r.Method == MethodInStore }}
	guardAllSet  = Guard{"every item has an outcome", func(r Return, _ time.Time) bool {
		return !slices.ContainsFunc(r.Items, func(it Item) bool { return !it.Outcome.Valid() })
	}}
	guardAnyRefund   = Guard{"any refund", func(r Return, _ time.Time) bool { return anyOutcome(r, OutcomeRefund) }}
	guardAnyExchange = Guard{"no refund, any exchange", func(r Return, _ time.Time) bool {
		return !anyOutcome(r, OutcomeRefund) && anyOutcome(r, OutcomeExchange)
	}}
	guardCreditOnly = Guard{"no refund or exchange, any store credit", func(r Return, _ time.Time) bool {
		return !anyOutcome(r, OutcomeRefund) && !anyOutcome(r, OutcomeExchange) && anyOutcome(r, OutcomeStoreCredit)
	}}
	guardAllRejected = Guard{"every item rejected", func(r Return, _ time.Time) bool {
		return len(r.Items) > 0 && !slices.ContainsFunc(r.Items, func(it Item) bool { return it.Outcome != OutcomeRejected })
	}}
	guardExpired = Guard{"label expired", func(r Return, now time.Time) bool {
		return !r.Label.ExpiresAt.IsZero() && !now.Before(r.Label.ExpiresAt)
	}}
)

func repeat(s State, e Event) Transition { return Transition{From: s, On: e, To: s} }

// transitions is the state machine. Rows of the same (From, On) are tried in
// order; the first whose guard holds applies.
var transitions = []Transition{
	{From: StateRequested, On: EventApprove, To: StateApproved, Notify: []notify.Kind{notify.KindReturnApproved}},
	{From: StateRequested, On: EventReject, To: StateRejected, Notify: []notify.Kind{notify.KindReturnRejected}},
	{From: StateRequested, On: EventCancel, To: StateCancelled},
	{From: StateApproved, On: EventIssueLabel, To: StateLabelIssued, Guard: guardHasLabel, Notify: []notify.Kind{notify.KindReturnLabel}},
	{From: StateApproved, On: EventReceive, To: StateReceived, Guard: guardInStore, Notify: []notify.Kind{notify.KindReturnReceived}},
	{From: StateApproved, On: EventCancel, To: StateCancelled},
	{From: StateLabelIssued, On: EventShip, To: StateInTransit, Notify: []notify.Kind{notify.KindReturnInTransit}},
	{From: StateLabelIssued, On: EventReceive, To: StateReceived, Notify: []notify.Kind{notify.KindReturnReceived}},
	{From: StateLabelIssued, On: EventCancel, To: StateCancelled},
	{From: StateLabelIssued, On: EventExpire, To: StateExpired, Guard: guardExpired},
	{From: StateInTransit, On: EventReceive, To: StateReceived, Notify: []notify.Kind{notify.KindReturnReceived}},
	{From: StateReceived, On: EventInspect, To: StateInspected, Guard: guardAllSet},
	{From: StateInspected, On: EventSettle, To: StateRefunded, Guard: guardAnyRefund,
		Notify: []notify.Kind{notify.KindRefundIssued, notify.KindExchangeShipped}},
	{From: StateInspected, On: EventSettle, To: StateExchanged, Guard: guardAnyExchange,
		Notify: []notify.Kind{notify.KindExchangeShipped, notify.KindRefundIssued}},
	{From: StateInspected, On: EventSettle, To: StateStoreCredit, Guard: guardCreditOnly, Notify: []notify.Kind{notify.KindRefundIssued}},
	{From: StateInspected, On: EventSettle, To: StateRejected, Guard: guardAllRejected, Notify: []notify.Kind{notify.KindReturnRejected}},

	repeat(StateApproved, EventApprove),
	repeat(StateRejected, EventReject),
	repeat(StateLabelIssued, EventIssueLabel),
	repeat(StateInTransit, EventShip),
	repeat(StateReceived, EventReceive),
	repeat(StateInspected, EventInspect),
	repeat(StateCancelled, EventCancel),
	repeat(StateExpired, EventExpire),
	// A late carrier scan of a parcel that was already received, inspected
	// or settled changes nothing.
	repeat(StateReceived, EventShip),
	repeat(StateInspected, EventShip),
	repeat(StateInspected, EventReceive),
}

// refused lists the (state, event) pairs the machine refuses with a
// TransitionError, with why. Every pair is either in transitions or here;
// a test checks it.
var refused = func() map[[2]string]string {
	m := map[[2]string]string{}
	add := func(why string, states []State, events ...Event) {
		for _, s := range states {
			for _, e := range events {
				if _, dup := m[[2]string{string(s), string(e)}]; dup {
					panic(fmt.Sprintf("returns: refused pair (%s, %s) listed twice", s, e))
				}
				m[[2]string{string(s), string(e)}] = why
			}
		}
	}
	add("the shop decides before anything is shipped", []State{StateRequested},
		EventIssueLabel, EventShip, EventReceive, EventInspect, EventSettle, EventExpire)
	add("an approved return has no label that could travel or expire", []State{StateApproved},
		EventReject, EventShip, EventInspect, EventSettle, EventExpire)
	add("once the label is issued the decision stands", []State{StateLabelIssued},
		EventApprove, EventReject, EventInspect, EventSettle)
	add("the parcel is travelling: only its arrival moves it", []State{StateInTransit},
		EventApprove, EventReject, EventIssueLabel, EventInspect, EventSettle)
	add("a parcel that travels can no longer be cancelled or expire", []State{StateInTransit, StateReceived, StateInspected},
		EventCancel, EventExpire)
	add("the items are at the shop: only inspection moves it", []State{StateReceived},
		EventApprove, EventReject, EventIssueLabel, EventSettle)
	add("inspected: only settlement moves it", []State{StateInspected},
		EventApprove, EventReject, EventIssueLabel)
	add("a closed return does not move", []State{StateRefunded, StateExchanged, StateStoreCredit},
		Events()...)
	add("a closed return does not move", []State{StateRejected},
		EventApprove, EventIssueLabel, EventShip, EventReceive, EventInspect, EventSettle, EventCancel, EventExpire)
	add("a closed return does not move", []State{StateCancelled},
		EventApprove, EventReject, EventIssueLabel, EventShip, EventReceive, EventInspect, EventSettle, EventExpire)
	add("a closed return does not move", []State{StateExpired},
		EventApprove, EventReject, EventIssueLabel, EventShip, EventReceive, EventInspect, EventSettle, EventCancel)
	return m
}()

// Transitions returns a copy of the state machine's table.
func Transitions() []Transition { return slices.Clone(transitions) }

// ErrInvalidTransition is wrapped by every TransitionError: the event is not
// allowed in the return's state, or its guard does not hold.
var ErrInvalidTransition = errors.New("returns: invalid transition")

// TransitionError says which step was refused in which state.
type TransitionError struct {
	// From is the return's state, On the refused event.
	From  State
	Event Event
	// Guard names the condition that did not hold; empty when the event is
	// never allowed in From.
	Guard string
}

// Error describes the refused step.
func (e *TransitionError) Error() string {
	if e.Guard != "" {
		return fmt.Sprintf("returns: cannot %s a return in state %s: %s does not hold", e.Event, e.From, e.Guard)
	}
	return fmt.Sprintf("returns: cannot %s a return in state %s", e.Event, e.From)
}

// Unwrap returns ErrInvalidTransition.
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

// Notice is a message a transition writes: the kind and the message built
// from the return, with a stable ID (notify.MessageID(return ID, kind)),
// not rendered yet.
type Notice struct {
	Kind    notify.Kind
	Message notify.Message
}

// Open starts a return: it validates the request fields of req (ID,
// OrderID, ShipmentID, Customer, Items, Method, From, DeliveredAt) and
// returns a return made of them alone, in StateRequested, created at now,
// with the return_requested notice; the items' outcomes and every other
// field start empty. Method defaults to MethodCarrierDropoff. It is pure.
func Open(req Return, now time.Time) (Return, []Notice, error) {
	if err := req.Validate(); err != nil {
		return req, nil, err
	}
	req = req.Clone()
	r := Return{ID: req.ID, OrderID: req.OrderID, ShipmentID: req.ShipmentID, Customer: req.Customer,
		Items: req.Items, Method: req.Method, From: req.From, DeliveredAt: req.DeliveredAt, Currency: req.Currency}
	for i := range r.Items {
		r.Items[i].Outcome = OutcomeNone
	}
	if r.Method == "" {
		r.Method = MethodCarrierDropoff
	}
	r.State = StateRequested
	r.CreatedAt, r.UpdatedAt = now, now
	n := notice(&r, notify.KindReturnRequested, "", now)
	return r, []Notice{n}, nil
}

// Next applies ev to r at now and returns the new return with the notices to
// write. It is pure: the data an event needs (the label, the outcomes, the
// note) is set on r by the caller before. A repeated step (a row with
// From == To) returns r unchanged and no notices. A step the table does not
// allow, or whose guards do not hold, returns an error *TransitionError
// wrapping ErrInvalidTransition.
func Next(r Return, ev Event, now time.Time) (Return, []Notice, error) {
	var failed []string
	found := false
	for _, t := range transitions {
		if t.From != r.State || t.On != ev {
			continue
		}
		found = true
		if t.Guard.Holds != nil && !t.Guard.Holds(r, now) {
			failed = append(failed, t.Guard.Name)
			continue
		}
		if t.To == t.From {
			return r, nil, nil
		}
		r = r.Clone()
		r.State = t.To
		r.UpdatedAt = now
		stamp(&r, now)
		var out []Notice
		for _, k := range t.Notify {
			if !wants(r, k) {
				continue
			}
			n := notice(&r, k, string(ev), now)
			if n.Message.ID != "" {
				out = append(out, n)
			}
		}
		return r, out, nil
	}
	if !found {
		return r, nil, &TransitionError{From: r.State, Event: ev}
	}
	return r, nil, &TransitionError{From: r.State, Event: ev, Guard: strings.Join(failed, " or ")}
}

// wants reports whether a settlement row's kind applies: refund_issued for a
// refund or store credit, exchange_shipped for an exchange; other kinds
// always apply.
func wants(r Return, k notify.Kind) bool {
	switch k {
	case notify.KindRefundIssued:
		return anyOutcome(r, OutcomeRefund) || anyOutcome(r, OutcomeStoreCredit)
	case notify.KindExchangeShipped:
		return anyOutcome(r, OutcomeExchange)
	}
	return true
}

// stamp sets the timestamp of the state r just entered.
func stamp(r *Return, now time.Time) {
	switch r.State {
	case StateApproved:
		r.ApprovedAt = now
	case StateLabelIssued:
		r.LabelIssuedAt = now
	case StateInTransit:
		r.InTransitAt = now
	case StateReceived:
		r.ReceivedAt = now
	case StateInspected:
		r.InspectedAt = now
	}
	if r.State.Final() {
		r.ClosedAt = now
	}
}

// notice builds the message of kind k and records its ID in r.Notified. A
// kind already notified gives a Notice with an empty message ID.
func notice(r *Return, k notify.Kind, reason string, now time.Time) Notice {
	id := notify.MessageID(r.ID, string(k))
	if slices.Contains(r.Notified, id) {
		return Notice{Kind: k}
	}
	r.Notified = append(r.Notified, id)
	m := notify.Message{
		ID: id, Kind: k, Audience: notify.Customer,
		ShipmentID: r.ShipmentID, OrderID: r.OrderID, Recipient: r.Customer,
		Reason: reason, CreatedAt: now, ReturnID: r.ID,
		Carrier: r.Label.Carrier, TrackingNumber: r.Label.TrackingNumber,
	}
	switch k {
	case notify.KindReturnLabel, notify.KindReturnInTransit, notify.KindReturnReceived:
		// About the return parcel: the message names it, so that a tracking
		// link built from ShipmentID (notify.Branding.TrackingURL) opens
		// the parcel the customer sends back, not the delivered outbound one.
		if r.ParcelID != "" {
			m.ShipmentID = r.ParcelID
		}
	}
	switch k {
	case notify.KindReturnLabel:
		m.ActionRequired, m.LabelURL = true, r.Label.URL
	case notify.KindReturnRejected:
		m.Note = r.Note
	case notify.KindRefundIssued:
		if r.Refund > 0 {
			m.RefundAmount = FormatMoney(r.Refund, r.Currency, r.Customer.Locale)
		}
		if !anyOutcome(*r, OutcomeRefund) {
			m.Reason = string(OutcomeStoreCredit)
		}
		m.Note = r.Note
	case notify.KindExchangeShipped:
		m.Carrier, m.TrackingNumber, m.ETA = r.Exchange.Carrier, r.Exchange.TrackingNumber, r.Exchange.ETA
	}
	return Notice{Kind: k, Message: m}
}

// Mermaid returns the state machine as a Mermaid stateDiagram; repeats are
// left out and guards are shown in brackets.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    [*] --> %s\n", StateRequested)
	type edge struct{ from, to State }
	labels := map[edge][]string{}
	var order []edge
	for _, t := range transitions {
		if t.From == t.To {
			continue
		}
		e := edge{t.From, t.To}
		if _, ok := labels[e]; !ok {
			order = append(order, e)
		}
		l := string(t.On)
		if t.Guard.Name != "" {
			l += " [" + t.Guard.Name + "]"
		}
		labels[e] = append(labels[e], l)
	}
	for _, e := range order {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", e.from, e.to, strings.Join(labels[e], ", "))
	}
	for _, s := range States() {
		if s.Final() {
			fmt.Fprintf(&b, "    %s --> [*]\n", s)
		}
	}
	return b.String()
}
