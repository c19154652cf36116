package returns

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/notify"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var t0 = time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)

// sample returns a return of two items in state st with the data every
// guard of st's rows may need (label, outcomes) left to the caller.
func sample(st State) Return {
	return Return{
		ID: "r1", OrderID: "o1", ShipmentID: "s1",
		Customer: notify.Recipient{ID: "c1", Name: "Ada Lovelace", Email: "ada@example.com", Locale: "en"},
		Items: []Item{
			{SKU: "shirt", Name: "Shirt", Quantity: 1, UnitPrice: 2990, Reason: ReasonTooSmall},
			{SKU: "mug", Name: "Mug", Quantity: 2, UnitPrice: 990, Reason: ReasonDamaged},
		},
		Method: MethodCarrierDropoff, State: st,
	}
}

func withLabel(r *Return) {
	r.Label = Label{Carrier: "sim", TrackingNumber: "RT1", URL: "https://labels.example/RT1", ExpiresAt: t0.Add(72 * time.Hour)}
}

func withOutcomes(os ...Outcome) func(*Return) {
	return func(r *Return) {
		for i := range r.Items {
			r.Items[i].Outcome = os[i]
		}
	}
}

func kinds(ns []Notice) []notify.Kind {
	out := []notify.Kind{}
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

func TestEveryStateEventPairIsInTableOrRefused(t *testing.T) {
	for _, s := range States() {
		for _, e := range Events() {
			inTable := false
			for _, tr := range transitions {
				inTable = inTable || (tr.From == s && tr.On == e)
			}
			why, isRefused := refused[[2]string{string(s), string(e)}]
			if inTable == isRefused {
				t.Errorf("(%s, %s): in table %v, refused %v (%q); every pair must be exactly one of them", s, e, inTable, isRefused, why)
			}
		}
	}
	for _, tr := range transitions {
		assert.Contains(t, States(), tr.From)
		assert.Contains(t, States(), tr.To)
		assert.Contains(t, Events(), tr.On)
		if tr.From.Final() {
			assert.Equal(t, tr.From, tr.To, "a final state only repeats: %+v", tr)
		}
	}
	assert.Len(t, refused, len(States())*len(Events())-countPairs(), "refused has no pair outside States x Events")
}

func countPairs() int {
	seen := map[[2]State]bool{}
	for _, tr := range transitions {
		seen[[2]State{tr.From, State(tr.On)}] = true
	}
	return len(seen)
}

func TestNextLegal(t *testing.T) {
	tests := []struct {
		name  string
		from  State
		ev    Event
		setup func(*Return)
		to    State
		kinds []notify.Kind
	}{
		{"approve", StateRequested, EventApprove, nil, StateApproved, []notify.Kind{notify.KindReturnApproved}},
		{"reject request", StateRequested, EventReject, func(r *Return) { r.Note = "outside the window" }, StateRejected, []notify.Kind{notify.KindReturnRejected}},
		{"cancel request", StateRequested, EventCancel, nil, StateCancelled, []notify.Kind{}},
		{"issue label", StateApproved, EventIssueLabel, withLabel, StateLabelIssued, []notify.Kind{notify.KindReturnLabel}},
		{"receive in store", StateApproved, EventReceive, func(r *Return) { r.Method = MethodInStore }, StateReceived, []notify.Kind{notify.KindReturnReceived}},
		{"cancel approved", StateApproved, EventCancel, nil, StateCancelled, []notify.Kind{}},
		{"ship", StateLabelIssued, EventShip, withLabel, StateInTransit, []notify.Kind{notify.KindReturnInTransit}},
		{"receive without transit scan", StateLabelIssued, EventReceive, withLabel, StateReceived, []notify.Kind{notify.KindReturnReceived}},
		{"cancel with label", StateLabelIssued, EventCancel, withLabel, StateCancelled, []notify.Kind{}},
		{"expire", StateLabelIssued, EventExpire, func(r *Return) { withLabel(r); r.Label.ExpiresAt = t0 }, StateExpired, []notify.Kind{}},
		{"receive", StateInTransit, EventReceive, withLabel, StateReceived, []notify.Kind{notify.KindReturnReceived}},
		{"inspect", StateReceived, EventInspect, withOutcomes(OutcomeRefund, OutcomeRejected), StateInspected, []notify.Kind{}},
		{"settle refund", StateInspected, EventSettle, withOutcomes(OutcomeRefund, OutcomeRefund), StateRefunded, []notify.Kind{notify.KindRefundIssued}},
		{"settle refund and exchange", StateInspected, EventSettle, withOutcomes(OutcomeExchange, OutcomeRefund), StateRefunded,
			[]notify.Kind{notify.KindRefundIssued, notify.KindExchangeShipped}},
		{"settle refund, one item rejected", StateInspected, EventSettle, withOutcomes(OutcomeRejected, OutcomeRefund), StateRefunded, []notify.Kind{notify.KindRefundIssued}},
		{"settle exchange", StateInspected, EventSettle, withOutcomes(OutcomeExchange, OutcomeRejected), StateExchanged, []notify.Kind{notify.KindExchangeShipped}},
		{"settle exchange and credit", StateInspected, EventSettle, withOutcomes(OutcomeExchange, OutcomeStoreCredit), StateExchanged,
			[]notify.Kind{notify.KindExchangeShipped, notify.KindRefundIssued}},
		{"settle store credit", StateInspected, EventSettle, withOutcomes(OutcomeStoreCredit, OutcomeRejected), StateStoreCredit, []notify.Kind{notify.KindRefundIssued}},
		{"settle all rejected", StateInspected, EventSettle, withOutcomes(OutcomeRejected, OutcomeRejected), StateRejected, []notify.Kind{notify.KindReturnRejected}},
	}
	covered := map[[2]State]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample(tt.from)
			if tt.setup != nil {
				tt.setup(&r)
			}
			before := r.Clone()
			got, ns, err := Next(r, tt.ev, t0)
			require.NoError(t, err)
			assert.Equal(t, tt.to, got.State)
			assert.Equal(t, tt.kinds, kinds(ns))
			assert.Equal(t, before, r, "Next must not change its argument")
			assert.Equal(t, t0, got.UpdatedAt)
			if tt.to.Final() {
				assert.Equal(t, t0, got.ClosedAt)
			}
			for _, n := range ns {
				assert.Equal(t, notify.MessageID("r1", string(n.Kind)), n.Message.ID, "stable message id")
				assert.Equal(t, n.Kind, n.Message.Kind)
				assert.Equal(t, notify.Customer, n.Message.Audience)
				assert.Equal(t, "r1", n.Message.ReturnID)
				assert.Equal(t, "o1", n.Message.OrderID)
				assert.Equal(t, "ada@example.com", n.Message.Recipient.Email)
				assert.Contains(t, got.Notified, n.Message.ID)
			}
		})
		covered[[2]State{tt.from, tt.to}] = true
	}
	for _, tr := range transitions {
		if tr.From != tr.To {
			assert.True(t, covered[[2]State{tr.From, tr.To}], "row %s --%s--> %s has no test", tr.From, tr.On, tr.To)
		}
	}
}

func TestNextStampsTheStateTime(t *testing.T) {
	r := sample(StateRequested)
	for _, step := range []struct {
		ev    Event
		setup func(*Return)
		at    func(Return) time.Time
	}{
		{EventApprove, nil, func(r Return) time.Time { return r.ApprovedAt }},
		{EventIssueLabel, withLabel, func(r Return) time.Time { return r.LabelIssuedAt }},
		{EventShip, nil, func(r Return) time.Time { return r.InTransitAt }},
		{EventReceive, nil, func(r Return) time.Time { return r.ReceivedAt }},
		{EventInspect, withOutcomes(OutcomeRefund, OutcomeStoreCredit), func(r Return) time.Time { return r.InspectedAt }},
		{EventSettle, nil, func(r Return) time.Time { return r.ClosedAt }},
	} {
		if step.setup != nil {
			step.setup(&r)
		}
		now := t0.Add(time.Duration(len(r.Notified)+1) * time.Hour)
		var err error
		r, _, err = Next(r, step.ev, now)
		require.NoError(t, err, step.ev)
		assert.Equal(t, now, step.at(r), step.ev)
	}
	assert.Equal(t, StateRefunded, r.State)
}

func TestNextRefusesIllegalPairs(t *testing.T) {
	require.NotEmpty(t, refused)
	for pair, why := range refused {
		s, e := State(pair[0]), Event(pair[1])
		r := sample(s)
		withLabel(&r)
		withOutcomes(OutcomeRefund, OutcomeRefund)(&r)
		got, ns, err := Next(r, e, t0.Add(1000*time.Hour))
		var te *TransitionError
		require.ErrorAs(t, err, &te, "(%s, %s) is refused: %s", s, e, why)
		assert.ErrorIs(t, err, ErrInvalidTransition)
		assert.Equal(t, s, te.From)
		assert.Equal(t, e, te.Event)
		assert.Empty(t, te.Guard)
		assert.Contains(t, err.Error(), string(s))
		assert.Contains(t, err.Error(), string(e))
		assert.Nil(t, ns)
		assert.Equal(t, r, got, "a refused step returns the return unchanged")
	}
}

func TestNextRefusesWhenGuardsFail(t *testing.T) {
	tests := []struct {
		name  string
		from  State
		ev    Event
		setup func(*Return)
		guard string
	}{
		{"label without tracking number", StateApproved, EventIssueLabel, nil, "label"},
		{"receive by hand needs in-store", StateApproved, EventReceive, nil, "in store"},
		{"expire before the expiry", StateLabelIssued, EventExpire, withLabel, "label expired"},
		{"expire a label without expiry", StateLabelIssued, EventExpire, func(r *Return) { withLabel(r); r.Label.ExpiresAt = time.Time{} }, "label expired"},
		{"inspect with an item missing", StateReceived, EventInspect, withOutcomes(OutcomeRefund, OutcomeNone), "every item has an outcome"},
		{"settle without outcomes", StateInspected, EventSettle, nil, "any refund"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample(tt.from)
			if tt.setup != nil {
				tt.setup(&r)
			}
			_, ns, err := Next(r, tt.ev, t0)
			var te *TransitionError
			require.ErrorAs(t, err, &te)
			assert.ErrorIs(t, err, ErrInvalidTransition)
			assert.Contains(t, te.Guard, tt.guard)
			assert.Equal(t, tt.from, te.From)
			assert.Nil(t, ns)
		})
	}
}

func TestRepeatsChangeNothing(t *testing.T) {
	n := 0
	for _, tr := range transitions {
		if tr.From != tr.To {
			continue
		}
		n++
		r := sample(tr.From)
		withLabel(&r)
		got, ns, err := Next(r, tr.On, t0)
		require.NoError(t, err, "%s %s", tr.From, tr.On)
		assert.Equal(t, r, got)
		assert.Empty(t, ns)
	}
	assert.GreaterOrEqual(t, n, 8)
}

func TestNoKindIsNotifiedTwice(t *testing.T) {
	r := sample(StateInspected)
	withOutcomes(OutcomeRefund, OutcomeRefund)(&r)
	r.Notified = []string{notify.MessageID("r1", string(notify.KindRefundIssued))}
	got, ns, err := Next(r, EventSettle, t0)
	require.NoError(t, err)
	assert.Equal(t, StateRefunded, got.State)
	assert.Empty(t, ns, "refund_issued was written before")
}

func TestNoticeContent(t *testing.T) {
	r := sample(StateRequested)
	r.Note = "worn"
	_, ns, err := Next(r, EventReject, t0)
	require.NoError(t, err)
	require.Len(t, ns, 1)
	assert.Equal(t, "worn", ns[0].Message.Note)

	r = sample(StateApproved)
	withLabel(&r)
	_, ns, err = Next(r, EventIssueLabel, t0)
	require.NoError(t, err)
	require.Len(t, ns, 1)
	m := ns[0].Message
	assert.True(t, m.ActionRequired)
	assert.Equal(t, "https://labels.example/RT1", m.LabelURL)
	assert.Equal(t, "RT1", m.TrackingNumber)
	assert.Equal(t, "sim", m.Carrier)

	r = sample(StateInspected)
	withOutcomes(OutcomeStoreCredit, OutcomeExchange)(&r)
	r.Currency, r.Refund = "EUR", 990
	r.Exchange = Exchange{Carrier: "dhl", TrackingNumber: "EX1", ETA: t0.Add(48 * time.Hour)}
	_, ns, err = Next(r, EventSettle, t0)
	require.NoError(t, err)
	require.Len(t, ns, 2)
	assert.Equal(t, "EX1", ns[0].Message.TrackingNumber)
	assert.Equal(t, "dhl", ns[0].Message.Carrier)
	assert.Equal(t, t0.Add(48*time.Hour), ns[0].Message.ETA)
	assert.Equal(t, "€9.90", ns[1].Message.RefundAmount)
	assert.Equal(t, "store_credit", ns[1].Message.Reason)
}

func TestOpen(t *testing.T) {
	r := sample("")
	r.Method = ""
	got, ns, err := Open(r, t0)
	require.NoError(t, err)
	assert.Equal(t, StateRequested, got.State)
	assert.Equal(t, MethodCarrierDropoff, got.Method)
	assert.Equal(t, t0, got.CreatedAt)
	assert.Equal(t, []notify.Kind{notify.KindReturnRequested}, kinds(ns))

	// Bookkeeping in the request is not taken over.
	r = sample(StateRefunded)
	withLabel(&r)
	withOutcomes(OutcomeRefund, OutcomeRefund)(&r)
	r.Notified = []string{notify.MessageID("r1", string(notify.KindReturnRequested))}
	r.Outbox, r.Version, r.Fee = []Pending{{}}, 7, 100
	got, ns, err = Open(r, t0)
	require.NoError(t, err)
	assert.Equal(t, StateRequested, got.State)
	assert.Zero(t, got.Label)
	assert.Equal(t, OutcomeNone, got.Items[0].Outcome)
	assert.Empty(t, got.Outbox)
	assert.Zero(t, got.Version)
	assert.Zero(t, got.Fee)
	assert.Len(t, ns, 1, "return_requested is written for the new return")
	assert.Equal(t, OutcomeRefund, r.Items[0].Outcome, "Open does not change its argument")

	for name, broken := range map[string]func(*Return){
		"no id":          func(r *Return) { r.ID = "" },
		"no order":       func(r *Return) { r.OrderID = "" },
		"no items":       func(r *Return) { r.Items = nil },
		"bad method":     func(r *Return) { r.Method = "drone" },
		"no sku":         func(r *Return) { r.Items[0].SKU = "" },
		"duplicate sku":  func(r *Return) { r.Items[1].SKU = r.Items[0].SKU },
		"zero quantity":  func(r *Return) { r.Items[0].Quantity = 0 },
		"unknown reason": func(r *Return) { r.Items[0].Reason = "meh" },
		"bad outcome":    func(r *Return) { r.Items[0].Outcome = "burn" },
	} {
		r := sample("")
		broken(&r)
		_, _, err := Open(r, t0)
		assert.ErrorIs(t, err, ErrInvalid, name)
	}
}

func TestTransitionErrorIs(t *testing.T) {
	err := error(&TransitionError{From: StateRefunded, Event: EventCancel})
	assert.True(t, errors.Is(err, ErrInvalidTransition))
	assert.Equal(t, "returns: cannot cancel a return in state refunded", err.Error())
}

func TestMermaidGolden(t *testing.T) {
	got := Mermaid()
	path := filepath.Join("testdata", "states.mmd")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestMermaidGolden -update to create it")
	assert.Equal(t, string(want), got)
	for _, s := range States() {
		assert.Contains(t, got, " "+string(s), "state %s missing from the diagram", s)
	}
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		assert.Contains(t, string(doc), "//\t"+line, "doc.go must carry the current diagram (paste testdata/states.mmd)")
	}
}
