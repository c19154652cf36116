package tracking

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
)

var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// day returns a time in Berlin in March 2026 (Monday 2 March is day 2).
func day(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }

func testRules() rules {
	return rules{th: Thresholds{}.withDefaults(), feedbackAfter: 72 * time.Hour, merchant: notify.Recipient{Email: "ops@shop.example"},
		predict: slowPredictor}
}

// slowPredictor is a history in which carrier "slow" delivers 5 business
// days after a pickup and every other carrier is unknown (no window).
func slowPredictor(in PredictInput) Prediction {
	if in.Carrier != "slow" || in.MilestoneAt.IsZero() {
		return Prediction{}
	}
	return Prediction{P50: in.MilestoneAt.AddDate(0, 0, 7), P90: in.MilestoneAt.AddDate(0, 0, 9), Source: "history", Samples: 100}
}

func sc(at time.Time, m milestone.Milestone) classified {
	return classified{scan: milestone.Scan{Time: at, Carrier: "ups", Description: m.String() + at.String()}, result: milestone.Result{Milestone: m}}
}

func newSubject(registered, promise time.Time) subject {
	return subject{ID: "s1", OrderID: "o1", Registered: registered, PromisedBy: promise, Loc: berlin, State: StatePending,
		Recipient: notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com"}}
}

// run applies steps one after another, as Ingest and Tick do, and returns the
// last outcome and every message written.
type step struct {
	now   time.Time
	eta   time.Time
	scans []classified
}

func runSteps(r rules, s subject, steps ...step) (outcome, []notify.Message) {
	var all []notify.Message
	var out outcome
	for _, st := range steps {
		if !st.eta.IsZero() {
			s.ETA = st.eta
		}
		out = r.evaluate(s, st.scans, st.now)
		s.State, s.Reason, s.Memo = out.State, out.Reason, out.Memo
		all = append(all, out.Messages...)
	}
	return out, all
}

func kinds(ms []notify.Message) string {
	var ks []string
	for _, m := range ms {
		ks = append(ks, string(m.Audience[:1])+":"+string(m.Kind))
	}
	return fmt.Sprint(ks)
}

func TestTransitions(t *testing.T) {
	mon8 := day(2, 8, 0)
	promise := day(4, 23, 59)
	tests := []struct {
		name       string
		registered time.Time
		promise    time.Time
		rules      func(*rules)
		steps      []step
		state      State
		reason     Reason
		messages   string
	}{
		{name: "new shipment is pending", registered: mon8, promise: promise,
			steps: []step{{now: mon8}}, state: StatePending, messages: "[]"},
		{name: "label only is still pending", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 10, 0), scans: []classified{sc(day(2, 9, 0), milestone.InfoReceived)}}},
			state: StatePending, messages: "[]"},
		{name: "not picked up just before 2 business days", registered: mon8, promise: promise,
			steps: []step{{now: day(4, 7, 59)}}, state: StatePending, messages: "[]"},
		{name: "not picked up after 2 business days", registered: mon8, promise: day(20, 0, 0),
			steps: []step{{now: day(4, 8, 0)}}, state: StateAtRisk, reason: ReasonNotPickedUp, messages: "[m:not_picked_up]"},
		{name: "Friday 15:00 + 2 is Tuesday 15:00, not Monday", registered: day(6, 15, 0), promise: day(20, 0, 0),
			steps: []step{{now: day(9, 15, 0)}}, state: StatePending, messages: "[]"},
		{name: "Friday 15:00 + 2 reached on Tuesday 15:00", registered: day(6, 15, 0), promise: day(20, 0, 0),
			steps: []step{{now: day(10, 15, 0)}}, state: StateAtRisk, reason: ReasonNotPickedUp, messages: "[m:not_picked_up]"},
		{name: "a holiday does not count", registered: day(5, 10, 0), promise: day(20, 0, 0),
			rules: func(r *rules) {
				r.cal = bizday.Calendar{Holiday: func(_ *time.Location, y int, m time.Month, d int) bool { return m == 3 && d == 6 }}
			},
			steps: []step{{now: day(9, 10, 0)}}, state: StatePending, messages: "[]"},
		{name: "a label scan does not restart the pickup clock", registered: mon8, promise: day(20, 0, 0),
			steps: []step{{now: day(3, 10, 0), scans: []classified{sc(day(3, 9, 0), milestone.InfoReceived)}}, {now: day(4, 8, 0)}},
			state: StateAtRisk, reason: ReasonNotPickedUp, messages: "[m:not_picked_up]"},
		{name: "picked up is on track", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}},
			state: StateOnTrack, messages: "[c:shipped]"},
		{name: "no scans for 2 business days after pickup", registered: mon8, promise: day(20, 0, 0),
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(4, 11, 0)}},
			state: StateAtRisk, reason: ReasonNoScans, messages: "[c:shipped m:stalled]"},
		{name: "a new scan ends a stall", registered: mon8, promise: day(20, 0, 0),
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(4, 11, 0)},
				{now: day(4, 12, 0), scans: []classified{sc(day(4, 11, 30), milestone.InTransit)}}},
			state: StateOnTrack, messages: "[c:shipped m:stalled]"},
		{name: "lost after 10 business days of silence", registered: mon8, promise: time.Time{},
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(16, 11, 0)}},
			state: StateLost, reason: ReasonSilence, messages: "[c:shipped m:lost]"},
		{name: "lost outranks exception", registered: mon8, promise: time.Time{},
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.Exception)}}, {now: day(16, 11, 0)}},
			state: StateLost, reason: ReasonSilence, messages: "[c:exception m:lost]"},
		{name: "exception", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp), sc(day(2, 11, 30), milestone.Exception)}}},
			state: StateException, reason: ReasonCarrierException, messages: "[c:exception]"},
		{name: "noise does not leave an exception", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 30), milestone.Exception), sc(day(2, 11, 40), milestone.Noise)}}},
			state: StateException, reason: ReasonCarrierException, messages: "[c:exception]"},
		{name: "progress leaves an exception", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp), sc(day(2, 11, 30), milestone.Exception)}},
				{now: day(2, 14, 0), scans: []classified{sc(day(2, 13, 0), milestone.InTransit)}}},
			state: StateOnTrack, messages: "[c:exception]"},
		{name: "exception outranks delayed", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), eta: day(6, 18, 0), scans: []classified{sc(day(2, 11, 30), milestone.Exception)}}},
			state: StateException, reason: ReasonCarrierException, messages: "[c:exception]"},
		{name: "late estimate", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), eta: day(6, 18, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}},
			state: StateDelayed, reason: ReasonCarrierETA, messages: "[c:shipped c:delayed]"},
		{name: "delayed outranks at risk", registered: mon8, promise: day(13, 0, 0),
			steps: []step{{now: day(2, 12, 0), eta: day(16, 18, 0)}, {now: day(5, 12, 0)}},
			state: StateDelayed, reason: ReasonCarrierETA, messages: "[c:delayed]"},
		{name: "each later estimate date is told once", registered: mon8, promise: promise,
			steps: []step{
				{now: day(2, 12, 0), eta: day(6, 18, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}},
				{now: day(2, 13, 0), eta: day(6, 12, 0)}, // same date
				{now: day(2, 14, 0), eta: day(9, 12, 0)}, // later date
				{now: day(2, 15, 0), eta: day(6, 12, 0)}, // earlier again: not news
			},
			state: StateDelayed, reason: ReasonCarrierETA, messages: "[c:shipped c:delayed c:delayed]"},
		{name: "an estimate within the promise brings it back on track", registered: mon8, promise: promise,
			steps: []step{
				{now: day(2, 12, 0), eta: day(6, 18, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}},
				{now: day(2, 14, 0), eta: day(4, 18, 0)},
			},
			state: StateOnTrack, messages: "[c:shipped c:delayed]"},
		{name: "no promise is never delayed", registered: mon8,
			steps: []step{{now: day(2, 12, 0), eta: day(30, 18, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(3, 11, 0)}},
			state: StateOnTrack, messages: "[c:shipped]"},
		{name: "promise missed", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(5, 0, 30)}, {now: day(5, 1, 0)}},
			state: StateDelayed, reason: ReasonPromiseMissed, messages: "[c:shipped c:delayed]"},
		{name: "after a missed promise, each later estimate date is still told", registered: mon8, promise: promise,
			steps: []step{{now: day(2, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp)}}, {now: day(5, 0, 30)},
				{now: day(5, 9, 0), eta: day(6, 18, 0)}, {now: day(5, 10, 0), eta: day(6, 12, 0)}, {now: day(6, 10, 0), eta: day(9, 12, 0)}},
			state: StateDelayed, reason: ReasonPromiseMissed, messages: "[c:shipped c:delayed c:delayed c:delayed]"},
		{name: "available for pickup is not a missed promise", registered: mon8, promise: promise,
			steps: []step{{now: day(4, 12, 0), scans: []classified{sc(day(4, 11, 0), milestone.AvailableForPickup)}}, {now: day(5, 0, 30)}},
			state: StateOnTrack, messages: "[c:available_for_pickup]"},
		{name: "waiting at a pickup point is no stall, and collected later is not late", registered: mon8, promise: promise,
			steps: []step{{now: day(4, 12, 0), scans: []classified{sc(day(2, 11, 0), milestone.PickedUp), sc(day(4, 11, 0), milestone.AvailableForPickup)}},
				{now: day(9, 12, 0)}, {now: day(10, 12, 0), scans: []classified{sc(day(10, 11, 0), milestone.Delivered)}}},
			state: StateDelivered, reason: ReasonOnTime, messages: "[c:available_for_pickup c:delivered]"},
		{name: "delivered on time", registered: mon8, promise: promise,
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Delivered)}}},
			state: StateDelivered, reason: ReasonOnTime, messages: "[c:delivered]"},
		{name: "delivered late, then feedback after 3 days", registered: mon8, promise: promise,
			steps: []step{{now: day(5, 12, 0), scans: []classified{sc(day(5, 11, 0), milestone.Delivered)}}, {now: day(8, 10, 59)}, {now: day(8, 11, 0)}, {now: day(9, 11, 0)}},
			state: StateDelivered, reason: ReasonLate, messages: "[c:delivered c:feedback_request]"},
		{name: "feedback can be switched off", registered: mon8, promise: promise,
			rules: func(r *rules) { r.feedbackAfter = -1 },
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Delivered)}}, {now: day(20, 11, 0)}},
			state: StateDelivered, reason: ReasonOnTime, messages: "[c:delivered]"},
		{name: "no feedback request for a delivery seen much later", registered: mon8, promise: promise,
			steps: []step{{now: day(20, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Delivered)}}, {now: day(21, 12, 0)}},
			state: StateDelivered, reason: ReasonOnTime, messages: "[]"},
		{name: "nothing but feedback after delivery", registered: mon8, promise: promise,
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Delivered)}},
				{now: day(3, 13, 0), scans: []classified{sc(day(3, 12, 30), milestone.Exception)}},
				{now: day(7, 13, 0)}},
			state: StateDelivered, reason: ReasonOnTime, messages: "[c:delivered c:feedback_request]"},
		{name: "returned", registered: mon8, promise: promise,
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.ReturnedToSender)}}},
			state: StateReturned, messages: "[c:returned_to_sender]"},
		{name: "delivered then returned", registered: mon8, promise: promise,
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Delivered)}},
				{now: day(3, 14, 0), scans: []classified{sc(day(3, 13, 0), milestone.ReturnedToSender)}}},
			state: StateReturned, messages: "[c:delivered]"},
		{name: "cancelled", registered: mon8, promise: promise,
			steps: []step{{now: day(3, 12, 0), scans: []classified{sc(day(3, 11, 0), milestone.Cancelled)}}, {now: day(30, 0, 0)}},
			state: StateCancelled, messages: "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			if tt.rules != nil {
				tt.rules(&r)
			}
			out, msgs := runSteps(r, newSubject(tt.registered, tt.promise), tt.steps...)
			require.Equal(t, tt.state, out.State)
			require.Equal(t, tt.reason, out.Reason)
			require.Equal(t, tt.messages, kinds(msgs))
			ids := map[string]bool{}
			for _, m := range msgs {
				require.True(t, !ids[m.ID], "message id %s used twice", m.ID)
				ids[m.ID] = true
				require.Equal(t, "s1", m.ShipmentID)
				if m.Audience == notify.Merchant {
					require.Equal(t, "ops@shop.example", m.Recipient.Email, "merchant messages go to Config.Merchant, never to the customer")
				}
			}
		})
	}
}

func TestBusinessDaysInTheShipmentsZone(t *testing.T) {
	// Friday 23:30 UTC is Saturday 00:30 in Berlin: 2 business days later is
	// Tuesday 00:30 Berlin (Monday 23:30 UTC) there, but Tuesday 23:30 in UTC.
	reg := time.Date(2026, 3, 6, 23, 30, 0, 0, time.UTC)
	r := testRules()
	for _, tc := range []struct {
		loc   *time.Location
		at    time.Time
		state State
	}{
		{berlin, time.Date(2026, 3, 9, 23, 29, 0, 0, time.UTC), StatePending},
		{berlin, time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC), StateAtRisk},
		{time.UTC, time.Date(2026, 3, 10, 23, 29, 0, 0, time.UTC), StatePending},
		{time.UTC, time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC), StateAtRisk},
	} {
		s := newSubject(reg, time.Time{})
		s.Loc = tc.loc
		out := r.evaluate(s, nil, tc.at)
		require.Equal(t, tc.state, out.State, "zone %s at %s", tc.loc, tc.at)
	}
}

func TestNextChange(t *testing.T) {
	r := testRules()
	s := newSubject(day(2, 8, 0), day(4, 23, 59))
	out := r.evaluate(s, nil, day(2, 8, 0))
	require.Equal(t, day(4, 8, 0), out.NextChange, "the not-picked-up deadline comes first")
	s.State, s.Memo = out.State, out.Memo
	out = r.evaluate(s, []classified{sc(day(3, 9, 0), milestone.PickedUp)}, day(3, 10, 0))
	require.Equal(t, day(4, 23, 59).Add(time.Nanosecond), out.NextChange, "then the promise")
	s.State, s.Memo = out.State, out.Memo
	out = r.evaluate(s, []classified{sc(day(3, 11, 0), milestone.Delivered)}, day(3, 12, 0))
	require.Equal(t, day(6, 11, 0), out.NextChange, "then the feedback request")
	s.State, s.Memo = out.State, out.Memo
	out = r.evaluate(s, nil, day(6, 11, 0))
	require.True(t, out.NextChange.IsZero(), "then nothing")
}

func TestEvaluateDoesNotModifyItsInput(t *testing.T) {
	r := testRules()
	s := newSubject(day(2, 8, 0), day(4, 23, 59))
	out := r.evaluate(s, []classified{sc(day(2, 9, 0), milestone.PickedUp)}, day(2, 10, 0))
	s.State, s.Memo = out.State, out.Memo
	before := encodeMemo(s.Memo)
	r.evaluate(s, []classified{sc(day(3, 9, 0), milestone.OutForDelivery)}, day(3, 10, 0))
	require.Equal(t, string(before), string(encodeMemo(s.Memo)))
}

func TestPollSchedule(t *testing.T) {
	p := PollConfig{}.withDefaults()
	now := day(3, 10, 0)
	at := func(m memo, st State, eta time.Time) time.Duration {
		n := p.next(&m, st, eta, berlin, now)
		if n.IsZero() {
			return 0
		}
		return n.Sub(now)
	}
	f := func(mod func(*memo)) memo {
		var m memo
		mod(&m)
		return m
	}
	require.Equal(t, 8*time.Hour, at(memo{}, StatePending, time.Time{}), "rarely while nothing is picked up")
	picked := f(func(m *memo) { m.Facts.PickedUp, m.Facts.Latest = true, milestone.InTransit })
	require.Equal(t, 16*time.Hour, at(picked, StateOnTrack, day(9, 18, 0)), "rarely far from the ETA")
	require.Equal(t, 4*time.Hour, at(picked, StateOnTrack, day(4, 18, 0)), "more often near it")
	require.Equal(t, 90*time.Minute, at(picked, StateOnTrack, day(3, 18, 0)), "every 90 minutes on the delivery day")
	ofd := f(func(m *memo) { m.Facts.PickedUp, m.Facts.Latest = true, milestone.OutForDelivery })
	require.Equal(t, time.Hour, at(ofd, StateOnTrack, time.Time{}), "hourly while out for delivery")
	require.Equal(t, time.Duration(0), at(ofd, StateDelivered, time.Time{}), "never after a terminal state")
	hook := f(func(m *memo) { m.Webhook, m.Facts.Latest = true, milestone.OutForDelivery })
	require.Equal(t, 24*time.Hour, at(hook, StateOnTrack, time.Time{}), "webhook-fed: safety net only")
	late := day(3, 21, 40)
	if got := p.next(&ofd, StateOnTrack, time.Time{}, berlin, late); !got.Equal(day(4, 6, 0)) {
		t.Errorf("a short poll interval ending at night must move to 06:00, got %s", got)
	}
	if got := p.next(&ofd, StateOnTrack, time.Time{}, berlin, day(3, 20, 30)); !got.Equal(day(3, 21, 30)) {
		t.Errorf("before the night the interval stays, got %s", got)
	}
	stuck := f(func(m *memo) {
		m.Facts.PickedUp, m.Facts.Latest, m.Facts.LastScan = true, milestone.InTransit, day(1, 10, 0)
	})
	require.Equal(t, 8*time.Hour, at(stuck, StateAtRisk, time.Time{}), "rarely when no scan came for a day")
	var nf []time.Duration
	for i := 1; i <= 8; i++ {
		nf = append(nf, at(f(func(m *memo) { m.NotFound = i }), StatePending, time.Time{}))
	}
	require.True(t, slices.IsSorted(nf) && nf[0] == time.Hour && nf[7] == 12*time.Hour, "not found grows: %v", nf)

	// The economy profile: the same rules, longer intervals.
	e := EconomyPoll().withDefaults()
	require.NoError(t, e.validate())
	econ := func(m memo, eta time.Time) time.Duration { return e.next(&m, StateOnTrack, eta, berlin, now).Sub(now) }
	require.Equal(t, 24*time.Hour, econ(picked, day(9, 18, 0)), "economy: daily far from the ETA")
	require.Equal(t, 20*time.Hour, econ(picked, day(4, 18, 0)), "economy: 12 hours in transit, 22:00 moves to 06:00")
	require.Equal(t, 100*time.Minute, econ(picked, day(3, 18, 0)), "economy: every 100 minutes on the delivery day")
	require.Equal(t, 100*time.Minute, econ(ofd, time.Time{}), "economy: every 100 minutes out for delivery")
}
