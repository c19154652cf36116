package tracking

import (
	"fmt"
	"slices"
	"strings"
)

// State is where a shipment stands in the delay state machine (see the
// package documentation). The zero value is not a state; new shipments are
// StatePending.
type State string

// The states.
const (
	// StatePending: registered, no scan beyond info_received.
	StatePending State = "pending"
	// StateOnTrack: progress seen, no risk.
	StateOnTrack State = "on_track"
	// StateAtRisk: not picked up, or no scan for a while after pickup.
	StateAtRisk State = "at_risk"
	// StateDelayed: the carrier's estimate is after the promise, or the promise passed.
	StateDelayed State = "delayed"
	// StateException: the latest scan is an exception.
	StateException State = "exception"
	// StateLost: no scan of any kind for a long time.
	StateLost State = "lost"
	// StateDelivered: delivered (terminal).
	StateDelivered State = "delivered"
	// StateReturned: returned to the sender (terminal).
	StateReturned State = "returned"
	// StateCancelled: the shipment or its label was cancelled (terminal).
	StateCancelled State = "cancelled"
)

// States returns every state, in the order of the table above.
func States() []State {
	return []State{StatePending, StateOnTrack, StateAtRisk, StateDelayed, StateException, StateLost,
		StateDelivered, StateReturned, StateCancelled}
}

// String returns the state's name.
func (s State) String() string { return string(s) }

// Terminal reports whether the journey ended: delivered, returned or cancelled.
// Terminal shipments are not polled any more.
func (s State) Terminal() bool {
	return s == StateDelivered || s == StateReturned || s == StateCancelled
}

// Reason says why a shipment is in its state.
type Reason string

// The reasons.
const (
	ReasonNone Reason = ""
	// ReasonNotPickedUp (at_risk): no pickup scan NotPickedUpAfter business days after registration.
	ReasonNotPickedUp Reason = "not_picked_up"
	// ReasonNoScans (at_risk): after pickup, no scan of any kind for StalledAfter business days.
	ReasonNoScans Reason = "no_scans"
	// ReasonPredictedLate (at_risk): the carrier gives no estimate and the
	// shop's own delivery history (Config.Predict) expects the parcel after
	// the promise.
	ReasonPredictedLate Reason = "predicted_late"
	// ReasonCarrierETA (delayed): the carrier's estimate is after PromisedBy.
	ReasonCarrierETA Reason = "carrier_eta"
	// ReasonPromiseMissed (delayed): PromisedBy passed and the parcel is neither
	// delivered nor available for pickup.
	ReasonPromiseMissed Reason = "promise_missed"
	// ReasonCarrierException (exception): the latest scan is an exception.
	ReasonCarrierException Reason = "carrier_exception"
	// ReasonSilence (lost): no scan of any kind for LostAfter business days.
	ReasonSilence Reason = "silence"
	// ReasonOnTime and ReasonLate (delivered): delivered by PromisedBy or after it.
	ReasonOnTime Reason = "on_time"
	ReasonLate   Reason = "late"
)

// String returns the reason's name.
func (r Reason) String() string { return string(r) }

// Event is what the facts of a shipment (its scans, the carrier's estimate,
// the promise and the clock) say at one moment: the strongest condition that
// holds, in the priority order of Events. The state machine moves on events.
type Event string

// The events, strongest first.
const (
	EventReturned       Event = "returned_scan"
	EventDelivered      Event = "delivered_scan"
	EventCancelled      Event = "cancelled_scan"
	EventSilence        Event = "silence"
	EventException      Event = "exception_scan"
	EventPromiseMissed  Event = "promise_missed"
	EventLateEstimate   Event = "late_estimate"
	EventPredictedLate  Event = "predicted_late"
	EventStalled        Event = "stalled"
	EventNotPickedUp    Event = "not_picked_up"
	EventProgress       Event = "progress"
	EventAwaitingPickup Event = "awaiting_pickup"
)

// Events returns every event, strongest first: when several conditions hold,
// the first one in this list is the event.
func Events() []Event {
	return []Event{EventReturned, EventDelivered, EventCancelled, EventSilence, EventException,
		EventPromiseMissed, EventLateEstimate, EventPredictedLate, EventStalled, EventNotPickedUp, EventProgress, EventAwaitingPickup}
}

// Transition is one row of the state machine: in state From, event On moves
// the shipment to state To with reason Reason.
type Transition struct {
	From   State
	On     Event
	To     State
	Reason Reason
}

var activeStates = []State{StatePending, StateOnTrack, StateAtRisk, StateDelayed, StateException, StateLost}

// fromActive expands one rule to every active (non-terminal) state.
func fromActive(on Event, to State, r Reason) []Transition {
	out := make([]Transition, 0, len(activeStates))
	for _, s := range activeStates {
		out = append(out, Transition{From: s, On: on, To: to, Reason: r})
	}
	return out
}

// transitions is the state machine. Active states react to every event the
// same way, because the state follows from the facts, whatever order they
// arrived in. Terminal states only move to a stronger terminal state: a parcel
// that was delivered can still be returned, and a cancelled label can still
// travel. Delivered's reason (on time or late) is decided by the guard-free
// helper deliveredReason.
var transitions = slices.Concat(
	fromActive(EventReturned, StateReturned, ReasonNone),
	fromActive(EventDelivered, StateDelivered, ReasonOnTime),
	fromActive(EventCancelled, StateCancelled, ReasonNone),
	fromActive(EventSilence, StateLost, ReasonSilence),
	fromActive(EventException, StateException, ReasonCarrierException),
	fromActive(EventPromiseMissed, StateDelayed, ReasonPromiseMissed),
	fromActive(EventLateEstimate, StateDelayed, ReasonCarrierETA),
	fromActive(EventPredictedLate, StateAtRisk, ReasonPredictedLate),
	fromActive(EventStalled, StateAtRisk, ReasonNoScans),
	fromActive(EventNotPickedUp, StateAtRisk, ReasonNotPickedUp),
	fromActive(EventProgress, StateOnTrack, ReasonNone),
	[]Transition{
		{From: StatePending, On: EventAwaitingPickup, To: StatePending},
		{From: StateDelivered, On: EventReturned, To: StateReturned},
		{From: StateCancelled, On: EventDelivered, To: StateDelivered, Reason: ReasonOnTime},
		{From: StateCancelled, On: EventReturned, To: StateReturned},
	},
)

// ignored lists the (state, event) pairs the machine deliberately does not
// act on, with why.
var ignored = func() map[[2]string]string {
	m := map[[2]string]string{}
	for _, s := range []State{StateOnTrack, StateAtRisk, StateDelayed, StateException, StateLost} {
		// Facts only grow: once progress was seen, "nothing beyond
		// info_received" cannot hold again.
		m[[2]string{string(s), string(EventAwaitingPickup)}] = "progress cannot be unseen"
	}
	for _, s := range []State{StateDelivered, StateReturned, StateCancelled} {
		for _, e := range Events() {
			m[[2]string{string(s), string(e)}] = "the journey ended; only a stronger terminal scan moves it"
		}
	}
	for _, t := range transitions {
		delete(m, [2]string{string(t.From), string(t.On)})
	}
	return m
}()

// Transitions returns a copy of the state machine's table.
func Transitions() []Transition { return slices.Clone(transitions) }

// next returns the row for (from, on); ok is false for an ignored pair.
func next(from State, on Event) (Transition, bool) {
	for _, t := range transitions {
		if t.From == from && t.On == on {
			return t, true
		}
	}
	return Transition{}, false
}

// Mermaid returns the state machine as a Mermaid stateDiagram, without the
// rows that keep a state where it is.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    [*] --> %s\n", StatePending)
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
		labels[e] = append(labels[e], string(t.On))
	}
	for _, e := range order {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", e.from, e.to, strings.Join(labels[e], ", "))
	}
	for _, s := range []State{StateDelivered, StateReturned, StateCancelled} {
		fmt.Fprintf(&b, "    %s --> [*]\n", s)
	}
	return b.String()
}
