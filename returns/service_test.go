package returns_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/memstore"
	"github.com/wismo-dev/wismo/returns/store"
	"github.com/wismo-dev/wismo/tracking"
)

var start = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC) // a Monday

type env struct {
	ctx    context.Context
	clk    *sim.Clock
	sim    *sim.Carrier
	trk    *tracking.Service
	rs     *returns.Service
	out    *notifytest.Recorder // the returns Service's messages
	trkOut *notifytest.Recorder // the tracking Service's messages
	store  store.Store
}

type option func(*returns.Config, *sim.Config)

func setup(t *testing.T, opts ...option) *env {
	t.Helper()
	e := &env{ctx: context.Background(), clk: sim.NewClock(start), out: &notifytest.Recorder{}, trkOut: &notifytest.Recorder{}}
	scfg := sim.Config{Now: e.clk.Now}
	rcfg := returns.Config{
		Notifier:  e.out,
		Now:       e.clk.Now,
		Warehouse: carrier.Address{Name: "Returns dept.", Line1: "Lagerstr. 1", City: "Kassel", PostalCode: "34117", Country: "DE"},
		Policy:    returns.Policy{WindowDays: 14, AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooSmall}}},
	}
	for _, o := range opts {
		o(&rcfg, &scfg)
	}
	var err error
	e.sim, err = sim.New(scfg)
	require.NoError(t, err)
	e.trk, err = tracking.New(tracking.Config{
		Carriers: carrier.NewRegistry(e.sim),
		Notifier: returns.WithoutParcelMessages(e.trkOut),
		Now:      e.clk.Now,
	})
	require.NoError(t, err)
	if rcfg.Tracking == nil {
		rcfg.Tracking = e.trk
	}
	if rcfg.Carriers == nil {
		rcfg.Carriers = carrier.NewRegistry(e.sim)
	}
	if rcfg.Store == nil {
		rcfg.Store = memstore.New()
	}
	e.store = rcfg.Store
	e.rs, err = returns.New(rcfg)
	require.NoError(t, err)
	return e
}

// deliverOutbound ships order o1 a week ago with the sim and lets tracking
// see it delivered.
func (e *env) deliverOutbound(t *testing.T) time.Time {
	t.Helper()
	require.NoError(t, e.sim.Ship("OUT1", sim.OnTime(), start.AddDate(0, 0, -7)))
	require.NoError(t, e.trk.Track(e.ctx, tracking.Shipment{ID: "s1", OrderID: "o1", Carrier: "sim", TrackingNumber: "OUT1",
		Recipient: notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com"}}))
	require.NoError(t, e.trk.Tick(e.ctx))
	v, err := e.trk.Status(e.ctx, "s1")
	require.NoError(t, err)
	require.False(t, v.DeliveredAt.IsZero(), "the outbound parcel must be delivered")
	return v.DeliveredAt
}

func request(id string) returns.Return {
	return returns.Return{
		ID: id, OrderID: "o1", ShipmentID: "s1", Currency: "EUR",
		Customer: notify.Recipient{ID: "c1", Name: "Ada Lovelace", Email: "ada@example.com", TimeZone: "Europe/Berlin"},
		From:     carrier.Address{Name: "Ada Lovelace", Line1: "Hauptstr. 5", City: "Berlin", PostalCode: "10115", Country: "DE"},
		Items:    []returns.Item{{SKU: "shirt", Name: "Shirt", Quantity: 1, UnitPrice: 2990, Reason: returns.ReasonTooSmall}},
	}
}

// advance moves the clock by step until cond holds or limit passed, running
// the tracking Service's Tick and the returns Service's Sync each time.
func (e *env) advance(t *testing.T, step, limit time.Duration, cond func(returns.Return) bool, id string) returns.Return {
	t.Helper()
	for end := e.clk.Now().Add(limit); e.clk.Now().Before(end); e.clk.Advance(step) {
		require.NoError(t, e.trk.Tick(e.ctx))
		require.NoError(t, e.rs.Sync(e.ctx))
		r, err := e.rs.Get(e.ctx, id)
		require.NoError(t, err)
		if cond(r) {
			return r
		}
	}
	t.Fatalf("condition not reached within %s", limit)
	return returns.Return{}
}

func TestReturnParcelEndToEndWithSimCarrier(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)

	r, d, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	assert.True(t, d.Eligible)
	assert.True(t, d.AutoApprove)
	assert.Equal(t, returns.StateApproved, r.State)
	assert.True(t, r.AutoApproved)
	assert.False(t, r.DeliveredAt.IsZero(), "delivery time taken from tracking")

	r, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateLabelIssued, r.State)
	assert.Equal(t, "sim", r.Label.Carrier)
	assert.NotEmpty(t, r.Label.TrackingNumber)
	assert.Equal(t, returns.ParcelID("r1"), r.ParcelID)
	v, err := e.trk.Status(e.ctx, r.ParcelID)
	require.NoError(t, err, "the return parcel is tracked like any shipment")
	assert.Equal(t, r.Label.TrackingNumber, v.TrackingNumber)

	var states []returns.State
	r = e.advance(t, time.Hour, 10*24*time.Hour, func(r returns.Return) bool {
		if len(states) == 0 || states[len(states)-1] != r.State {
			states = append(states, r.State)
		}
		return r.State == returns.StateReceived
	}, "r1")
	assert.Equal(t, []returns.State{returns.StateLabelIssued, returns.StateInTransit, returns.StateReceived}, states)
	assert.True(t, r.InTransitAt.Before(r.ReceivedAt))

	r, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeRefund})
	require.NoError(t, err)
	assert.Equal(t, returns.StateInspected, r.State)
	r, err = e.rs.Settle(e.ctx, "r1", returns.Settlement{Refund: 2990})
	require.NoError(t, err)
	assert.Equal(t, returns.StateRefunded, r.State)
	assert.Empty(t, r.Outbox)
	all, err := e.rs.ForShipment(e.ctx, "s1")
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, r, all[0])

	assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved, notify.KindReturnLabel,
		notify.KindReturnInTransit, notify.KindReturnReceived, notify.KindRefundIssued}, e.out.Kinds())
	last, _ := e.out.Last()
	assert.Equal(t, "€29.90", last.RefundAmount)
	for _, m := range e.trkOut.Messages() {
		assert.False(t, returns.IsParcelMessage(m), "tracking message %s about the return parcel reached the customer", m.Kind)
		assert.Equal(t, "s1", m.ShipmentID)
	}

	// Nothing moves or sends after the end.
	n := len(e.out.Messages())
	e.clk.Advance(48 * time.Hour)
	require.NoError(t, e.trk.Tick(e.ctx))
	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Len(t, e.out.Messages(), n)
}

func TestRetriedStepsDoNotSendTwice(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	again, d, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err, "Request is idempotent by ID")
	assert.True(t, d.AutoApprove)
	assert.Equal(t, returns.StateApproved, again.State)
	_, err = e.rs.Approve(e.ctx, "r1")
	require.NoError(t, err, "a repeated approve is a no-op")
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	labels := e.sim.Stats().Labels
	r, err := e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, labels, e.sim.Stats().Labels, "no second label")
	assert.Equal(t, returns.StateLabelIssued, r.State)

	for range 3 {
		r, err = e.rs.MarkReceived(e.ctx, "r1")
		require.NoError(t, err)
		assert.Equal(t, returns.StateReceived, r.State)
	}
	received := r.ReceivedAt
	e.clk.Advance(time.Hour)
	r, err = e.rs.MarkReceived(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, received, r.ReceivedAt, "a retried receive changes nothing")
	// The carrier's delivery scans arriving later change nothing either.
	e.advance(t, time.Hour, 6*24*time.Hour, func(returns.Return) bool {
		v, _ := e.trk.Status(e.ctx, returns.ParcelID("r1"))
		return v.Milestone == milestone.Delivered
	}, "r1")
	count := map[notify.Kind]int{}
	ids := map[string]bool{}
	for _, m := range e.out.Messages() {
		count[m.Kind]++
		assert.False(t, ids[m.ID], "message id %s sent twice", m.ID)
		ids[m.ID] = true
		assert.Equal(t, notify.MessageID("r1", string(m.Kind)), m.ID)
	}
	assert.Equal(t, map[notify.Kind]int{notify.KindReturnRequested: 1, notify.KindReturnApproved: 1,
		notify.KindReturnLabel: 1, notify.KindReturnReceived: 1}, count)
	r, err = e.rs.Get(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateReceived, r.State)
}

func TestConcurrentReceiveSendsOnce(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := e.rs.MarkReceived(e.ctx, "r1")
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	n := 0
	for _, k := range e.out.Kinds() {
		if k == notify.KindReturnReceived {
			n++
		}
	}
	assert.Equal(t, 1, n)
}

func TestRequestOutsideWindowStoresNothing(t *testing.T) {
	e := setup(t)
	delivered := e.deliverOutbound(t)
	e.clk.Set(delivered.AddDate(0, 0, 20))
	_, d, err := e.rs.Request(e.ctx, request("r1"))
	var ie *returns.IneligibleError
	require.ErrorAs(t, err, &ie)
	assert.ErrorIs(t, err, returns.ErrNotEligible)
	assert.False(t, d.Eligible)
	require.Len(t, ie.Problems, 1)
	assert.Equal(t, returns.RuleWindow, ie.Problems[0].Rule)
	_, err = e.rs.Get(e.ctx, "r1")
	assert.ErrorIs(t, err, returns.ErrNotFound)
	assert.Empty(t, e.out.Messages())
}

func TestRequestUndeliveredAndManualDelivery(t *testing.T) {
	e := setup(t)
	_, d, err := e.rs.Request(e.ctx, request("r1"))
	require.ErrorIs(t, err, returns.ErrNotEligible, "the outbound shipment is unknown to tracking")
	assert.Equal(t, returns.RuleNotDelivered, d.Problems[0].Rule)

	r := request("r2")
	r.DeliveredAt = start.Add(-24 * time.Hour) // a host that does not track outbound parcels
	r.Items[0].Reason = returns.ReasonChangedMind
	got, d, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	assert.False(t, d.AutoApprove)
	assert.Equal(t, returns.StateRequested, got.State)
	got, err = e.rs.Reject(e.ctx, "r2", "worn items cannot be returned")
	require.NoError(t, err)
	assert.Equal(t, returns.StateRejected, got.State)
	last, _ := e.out.Last()
	assert.Equal(t, notify.KindReturnRejected, last.Kind)
	assert.Equal(t, "worn items cannot be returned", last.Note)
}

func TestInvalidRequests(t *testing.T) {
	e := setup(t)
	r := request("r1")
	r.Items = nil
	_, _, err := e.rs.Request(e.ctx, r)
	assert.ErrorIs(t, err, returns.ErrInvalid)
	_, err = e.rs.Approve(e.ctx, "nope")
	assert.ErrorIs(t, err, returns.ErrNotFound)
}

type trackOnly struct{ id string }

func (c trackOnly) ID() string { return c.id }
func (trackOnly) Track(context.Context, string) (*carrier.Update, error) {
	return nil, carrier.ErrNotFound
}

func TestIssueLabelCarrierErrors(t *testing.T) {
	e := setup(t, func(c *returns.Config, _ *sim.Config) {
		c.Carriers = carrier.NewRegistry(trackOnly{"plain"})
		c.LabelCarrier = "plain"
	})
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	r, err := e.rs.IssueLabel(e.ctx, "r1")
	assert.ErrorIs(t, err, errors.ErrUnsupported)
	assert.Equal(t, returns.StateApproved, r.State)

	e2 := setup(t, func(c *returns.Config, _ *sim.Config) { c.LabelCarrier = "ghost" })
	e2.deliverOutbound(t)
	_, _, err = e2.rs.Request(e2.ctx, request("r1"))
	require.NoError(t, err)
	_, err = e2.rs.IssueLabel(e2.ctx, "r1")
	assert.ErrorIs(t, err, returns.ErrUnknownCarrier)

	// A carrier failure leaves the return approved, ready for a retry.
	e3 := setup(t)
	e3.deliverOutbound(t)
	_, _, err = e3.rs.Request(e3.ctx, request("r1"))
	require.NoError(t, err)
	e3.sim.Script(sim.Fault{Kind: sim.FaultError})
	_, err = e3.rs.IssueLabel(e3.ctx, "r1")
	require.Error(t, err)
	r, err = e3.rs.Get(e3.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateApproved, r.State)
	r, err = e3.rs.IssueLabel(e3.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateLabelIssued, r.State)
}

func TestIssueLabelRefusedBeforeApproval(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	r := request("r1")
	r.Items[0].Reason = returns.ReasonChangedMind // not auto-approved
	_, _, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	var te *returns.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, returns.StateRequested, te.From)
	assert.Equal(t, returns.EventIssueLabel, te.Event)
	assert.Zero(t, e.sim.Stats().Labels, "no label asked for")

	r = request("r2")
	r.Method = returns.MethodInStore
	_, _, err = e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r2")
	assert.ErrorIs(t, err, returns.ErrInvalid)
	got, err := e.rs.MarkReceived(e.ctx, "r2")
	require.NoError(t, err, "an in-store return is received without a label")
	assert.Equal(t, returns.StateReceived, got.State)
}

func TestUnusedLabelExpires(t *testing.T) {
	unused := sim.Scenario{Name: "unused", Steps: []sim.Step{{Day: 0, After: 10 * time.Minute, Code: sim.CodeInfoReceived,
		Description: "Shipment information received", Milestone: milestone.InfoReceived}}}
	e := setup(t, func(_ *returns.Config, s *sim.Config) { s.ReturnScenario = &unused })
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	r, err := e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	expires := r.Label.ExpiresAt
	require.False(t, expires.IsZero())
	e.clk.Set(expires.Add(-time.Minute))
	require.NoError(t, e.trk.Tick(e.ctx))
	require.NoError(t, e.rs.Sync(e.ctx))
	r, _ = e.rs.Get(e.ctx, "r1")
	assert.Equal(t, returns.StateLabelIssued, r.State, "not expired a minute early")
	e.clk.Set(expires)
	require.NoError(t, e.rs.Sync(e.ctx))
	r, _ = e.rs.Get(e.ctx, "r1")
	assert.Equal(t, returns.StateExpired, r.State)
	assert.Equal(t, expires, r.ClosedAt)
}

func TestMovingParcelDoesNotExpire(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	r, err := e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	// Let the parcel be picked up, then jump past the label's expiry.
	e.advance(t, time.Hour, 5*24*time.Hour, func(r returns.Return) bool { return r.State == returns.StateInTransit }, "r1")
	e.clk.Set(r.Label.ExpiresAt.Add(time.Hour))
	require.NoError(t, e.rs.Sync(e.ctx))
	r, _ = e.rs.Get(e.ctx, "r1")
	assert.NotEqual(t, returns.StateExpired, r.State)
}

func TestCancel(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	n := len(e.out.Messages())
	r, err := e.rs.Cancel(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateCancelled, r.State)
	assert.Len(t, e.out.Messages(), n, "the customer asked: no message")
	// A cancelled return ignores its parcel.
	e.advance(t, 2*time.Hour, 6*24*time.Hour, func(returns.Return) bool {
		v, _ := e.trk.Status(e.ctx, returns.ParcelID("r1"))
		return v.Milestone == milestone.Delivered
	}, "r1")
	r, _ = e.rs.Get(e.ctx, "r1")
	assert.Equal(t, returns.StateCancelled, r.State)

	_, _, err = e.rs.Request(e.ctx, request("r2"))
	require.NoError(t, err)
	_, err = e.rs.MarkReceived(e.ctx, "r2")
	var te *returns.TransitionError
	require.ErrorAs(t, err, &te, "approved carrier returns are received through a label")
	_, err = e.rs.IssueLabel(e.ctx, "r2")
	require.NoError(t, err)
	e.advance(t, time.Hour, 5*24*time.Hour, func(r returns.Return) bool { return r.State == returns.StateInTransit }, "r2")
	_, err = e.rs.Cancel(e.ctx, "r2")
	require.ErrorAs(t, err, &te, "a travelling parcel cannot be cancelled")
	assert.Equal(t, returns.StateInTransit, te.From)
}

func TestInspectAndSettlePartialOutcomes(t *testing.T) {
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.LabelCarrier = "sim" })
	r := request("r1")
	r.DeliveredAt = start.Add(-time.Hour)
	r.Items = append(r.Items, returns.Item{SKU: "mug", Quantity: 1, Reason: returns.ReasonTooSmall})
	_, _, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	_, err = e.rs.MarkReceived(e.ctx, "r1")
	require.NoError(t, err)

	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"lamp": returns.OutcomeRefund})
	assert.ErrorIs(t, err, returns.ErrInvalid)
	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": "burn"})
	assert.ErrorIs(t, err, returns.ErrInvalid)
	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeExchange})
	assert.ErrorIs(t, err, returns.ErrInvalidTransition, "the mug has no outcome")
	got, err := e.rs.Get(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.OutcomeNone, got.Items[0].Outcome, "a refused step stores nothing")

	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeExchange, "mug": returns.OutcomeRejected})
	require.NoError(t, err)
	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeExchange, "mug": returns.OutcomeRejected})
	require.NoError(t, err, "a repeated inspection with the same outcomes")
	_, err = e.rs.Inspect(e.ctx, "r1", map[string]returns.Outcome{"shirt": returns.OutcomeRefund})
	assert.ErrorIs(t, err, returns.ErrConflict, "other outcomes after inspection")
	got, err = e.rs.Settle(e.ctx, "r1", returns.Settlement{Exchange: returns.Exchange{Carrier: "sim", TrackingNumber: "EX1"}, Note: "the mug was used"})
	require.NoError(t, err)
	assert.Equal(t, returns.StateExchanged, got.State)
	last, _ := e.out.Last()
	assert.Equal(t, notify.KindExchangeShipped, last.Kind)
	assert.Equal(t, "EX1", last.TrackingNumber)
	assert.Equal(t, []returns.Outcome{returns.OutcomeExchange, returns.OutcomeRejected},
		[]returns.Outcome{got.Items[0].Outcome, got.Items[1].Outcome})
}

func TestFailedSendsAreRetriedBySync(t *testing.T) {
	e := setup(t)
	e.deliverOutbound(t)
	e.out.FailNext(2, nil)
	r, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err, "a failed send does not fail the step")
	assert.Equal(t, returns.StateApproved, r.State)
	require.Len(t, r.Outbox, 2)
	assert.Equal(t, 1, r.Outbox[0].Attempts)
	assert.Contains(t, r.Outbox[0].LastError, "temporary")
	assert.Equal(t, start.Add(30*time.Second), r.Outbox[0].NextAttemptAt, "retried after RetryAfter")
	assert.Empty(t, e.out.Messages())

	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Empty(t, e.out.Messages(), "not due yet")
	e.clk.Advance(30 * time.Second)
	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved}, e.out.Kinds())
	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Len(t, e.out.Messages(), 2)
	r, _ = e.rs.Get(e.ctx, "r1")
	assert.Empty(t, r.Outbox)

	e.out.FailPermanently(errors.New("mailbox gone"))
	r, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	assert.Empty(t, r.Outbox)
	require.Len(t, r.Failed, 1, "a permanent failure is given up at once")
	assert.Equal(t, notify.KindReturnLabel, r.Failed[0].Message.Kind)
	assert.Contains(t, r.Failed[0].LastError, "mailbox gone")
}

func TestMaxAttempts(t *testing.T) {
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.Retry.MaxAttempts = 3 })
	r := request("r1")
	r.DeliveredAt = start
	e.out.FailNext(100, nil)
	_, _, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	var waits []time.Duration
	for range 5 {
		before := e.clk.Now()
		for got, _ := e.rs.Get(e.ctx, "r1"); len(got.Outbox) > 0; got, _ = e.rs.Get(e.ctx, "r1") {
			if !got.Outbox[0].NextAttemptAt.After(e.clk.Now()) {
				break
			}
			e.clk.Set(got.Outbox[0].NextAttemptAt)
		}
		waits = append(waits, e.clk.Now().Sub(before))
		require.NoError(t, e.rs.Sync(e.ctx))
	}
	assert.Equal(t, []time.Duration{30 * time.Second, time.Minute, 0, 0, 0}, waits, "backoff doubles; given up after three attempts")
	got, _ := e.rs.Get(e.ctx, "r1")
	assert.Empty(t, got.Outbox)
	require.Len(t, got.Failed, 2)
	assert.Equal(t, 3, got.Failed[0].Attempts)
	assert.Equal(t, 6, e.out.Calls(), "three attempts for each of two messages")
}

// conflictStore loses the first n updates to a phantom writer.
type conflictStore struct {
	store.Store
	mu sync.Mutex
	n  int
}

func (s *conflictStore) Update(ctx context.Context, r *returns.Return) (int64, error) {
	s.mu.Lock()
	lose := s.n > 0
	s.n--
	s.mu.Unlock()
	if lose {
		// Another writer bumps the version first.
		cur, err := s.Store.Get(ctx, r.ID)
		if err != nil {
			return 0, err
		}
		if _, err := s.Store.Update(ctx, cur); err != nil {
			return 0, err
		}
	}
	return s.Store.Update(ctx, r)
}

func TestStepsRetryOnConflict(t *testing.T) {
	cs := &conflictStore{Store: memstore.New()}
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.Store = cs })
	r := request("r1")
	r.DeliveredAt = start
	r.Items[0].Reason = returns.ReasonChangedMind
	_, _, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	cs.mu.Lock()
	cs.n = 3
	cs.mu.Unlock()
	got, err := e.rs.Approve(e.ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateApproved, got.State)
	assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved}, e.out.Kinds())

	cs.mu.Lock()
	cs.n = 100
	cs.mu.Unlock()
	_, err = e.rs.Reject(e.ctx, "r1", "x")
	require.Error(t, err)
	var te *returns.TransitionError
	require.ErrorAs(t, err, &te, "approved cannot be rejected")
	_, err = e.rs.Cancel(e.ctx, "r1")
	assert.ErrorIs(t, err, returns.ErrConflict, "gives up after repeated conflicts")
}

func TestRenderedMessagesInGerman(t *testing.T) {
	rend, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Laden"}})
	require.NoError(t, err)
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.Renderer, c.LabelCarrier = rend, "sim" })
	r := request("r1")
	r.DeliveredAt = start
	r.Customer.Locale = "de-DE"
	_, _, err = e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	msgs := e.out.Messages()
	require.Len(t, msgs, 3)
	for _, m := range msgs {
		assert.NotEmpty(t, m.Subject)
		assert.Contains(t, m.Text, "o1")
		assert.NotEmpty(t, m.HTML)
	}
	assert.Equal(t, "Ihr Rücksendeetikett für die Bestellung o1", msgs[2].Subject)
	assert.Contains(t, msgs[2].Text, msgs[2].TrackingNumber)
}

func TestSyncPages(t *testing.T) {
	e := setup(t)
	for i := range 130 {
		r := request(fmt.Sprintf("r%03d", i))
		r.DeliveredAt = start
		r.Customer.ID = fmt.Sprint(i)
		_, _, err := e.rs.Request(e.ctx, r)
		require.NoError(t, err)
	}
	e.out.Reset()
	// Put one pending message on each return, as if its send had failed.
	active, err := e.store.ListActive(e.ctx, store.ListParams{Limit: 1000})
	require.NoError(t, err)
	require.Len(t, active, 130)
	for _, r := range active {
		r.Outbox = append(r.Outbox, returns.Pending{Message: notify.Message{ID: "m-" + r.ID, Kind: notify.KindReturnApproved}})
		_, err := e.store.Update(e.ctx, r)
		require.NoError(t, err)
	}
	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Len(t, e.out.Messages(), 130, "Sync goes through every page")
}

func TestNewValidates(t *testing.T) {
	_, err := returns.New(returns.Config{})
	assert.ErrorContains(t, err, "Notifier")
	n := &notifytest.Recorder{}
	for name, cfg := range map[string]returns.Config{
		"max attempts":            {Notifier: n, Retry: notify.RetryPolicy{MaxAttempts: -2}},
		"dispatcher and notifier": {Notifier: n, Dispatcher: &notify.Dispatcher{}},
		"window":                  {Notifier: n, Policy: returns.Policy{WindowDays: -5}},
		"reason":                  {Notifier: n, Policy: returns.Policy{PhotoRequired: []returns.Reason{"ugly"}}},
		"method":                  {Notifier: n, Policy: returns.Policy{AutoApprove: returns.AutoApprove{Methods: []returns.Method{"drone"}}}},
	} {
		_, err := returns.New(cfg)
		assert.Error(t, err, name)
	}
	s, err := returns.New(returns.Config{Notifier: n})
	require.NoError(t, err)
	assert.NotNil(t, s)
}

func TestLogsCarryNoAddresses(t *testing.T) {
	var logs strings.Builder
	e := setup(t, func(c *returns.Config, _ *sim.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	e.deliverOutbound(t)
	e.out.FailNext(1, errors.New("smtp 550: mailbox ada@example.com unknown, call +49 30 1234567"))
	_, _, err := e.rs.Request(e.ctx, request("r1"))
	require.NoError(t, err)
	_, err = e.rs.IssueLabel(e.ctx, "r1")
	require.NoError(t, err)
	require.NoError(t, e.rs.Sync(e.ctx))
	_, err = e.rs.EraseCustomer(e.ctx, "c1")
	require.NoError(t, err)
	out := logs.String()
	assert.Contains(t, out, "message not sent", "the failure is logged")
	assert.Contains(t, out, "[email]")
	for _, secret := range []string{"ada@example.com", "1234567", "Lovelace", "Hauptstr"} {
		assert.NotContains(t, out, secret)
	}
}

func TestDispatcherSendsAndSchedulesRetries(t *testing.T) {
	ch := &notifytest.Recorder{}
	var e *env
	e = setup(t, func(c *returns.Config, _ *sim.Config) {
		d, err := notify.NewDispatcher(notify.DispatcherConfig{
			Channels: map[string]notify.Notifier{"email": ch}, RatePerRecipient: rate.Inf,
			Now: func() time.Time { return e.clk.Now() },
		})
		require.NoError(t, err)
		c.Notifier, c.Dispatcher = nil, d
	})
	r := request("r1")
	r.DeliveredAt = start
	ch.FailNext(1, nil)
	got, _, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err)
	require.Len(t, got.Outbox, 1, "the first message failed, the second was sent")
	assert.Equal(t, 1, got.Outbox[0].Attempts)
	assert.Equal(t, start.Add(30*time.Second), got.Outbox[0].NextAttemptAt, "the dispatcher's retry schedule")
	assert.Contains(t, got.Outbox[0].LastError, "retry")
	assert.Equal(t, []notify.Kind{notify.KindReturnApproved}, ch.Kinds())

	e.clk.Advance(30 * time.Second)
	require.NoError(t, e.rs.Sync(e.ctx))
	assert.Equal(t, []notify.Kind{notify.KindReturnApproved, notify.KindReturnRequested}, ch.Kinds())
	got, err = e.rs.Get(e.ctx, "r1")
	require.NoError(t, err)
	assert.Empty(t, got.Outbox)

	ch.FailPermanently(nil)
	_, err = e.rs.Cancel(e.ctx, "r1")
	require.NoError(t, err)
	e2 := setup(t, func(c *returns.Config, _ *sim.Config) {
		d, err := notify.NewDispatcher(notify.DispatcherConfig{Channels: map[string]notify.Notifier{"email": ch}})
		require.NoError(t, err)
		c.Notifier, c.Dispatcher = nil, d
	})
	r.ID = "r2"
	got, _, err = e2.rs.Request(e2.ctx, r)
	require.NoError(t, err)
	assert.Empty(t, got.Outbox)
	require.Len(t, got.Failed, 2, "dead letters of the dispatcher are given up")
	assert.Contains(t, got.Failed[0].LastError, "dead_letter")
}

func TestWithoutParcelMessages(t *testing.T) {
	rec := &notifytest.Recorder{}
	n := returns.WithoutParcelMessages(rec)
	ctx := context.Background()
	for _, m := range []notify.Message{
		{ID: "1", Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: returns.ParcelID("r1"), ReturnID: "r1"},
		{ID: "2", Kind: notify.KindDelivered, ShipmentID: "parcel-7", ReturnID: "r1"},
		{ID: "3", Kind: notify.KindStalled, Audience: notify.Merchant, ShipmentID: returns.ParcelID("r1"), ReturnID: "r1"},
		{ID: "4", Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: "s1"},
		{ID: "5", Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: "return:s5"},
		{ID: "6", Kind: notify.KindReturnLabel, Audience: notify.Customer, ReturnID: "r1"},
	} {
		require.NoError(t, n.Notify(ctx, m))
	}
	var ids []string
	for _, m := range rec.Messages() {
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"3", "4", "5", "6"}, ids, "customer messages about return parcels (Message.ReturnID, not the shipment id) are dropped; merchant ones and returns kinds pass")
}

func TestWithoutTracking(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(start)
	carr, err := sim.New(sim.Config{Now: clk.Now})
	require.NoError(t, err)
	out := &notifytest.Recorder{}
	rs, err := returns.New(returns.Config{Carriers: carrier.NewRegistry(carr), LabelCarrier: "sim", Notifier: out, Now: clk.Now})
	require.NoError(t, err)

	_, d, err := rs.Request(ctx, request("r1"))
	require.ErrorIs(t, err, returns.ErrNotEligible, "no tracking, no delivery time")
	assert.Equal(t, returns.RuleNotDelivered, d.Problems[0].Rule)

	r := request("r1")
	r.DeliveredAt = start.Add(-time.Hour)
	_, _, err = rs.Request(ctx, r)
	require.NoError(t, err)
	_, err = rs.Approve(ctx, "r1")
	require.NoError(t, err)
	got, err := rs.IssueLabel(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, returns.StateLabelIssued, got.State)
	clk.Set(got.Label.ExpiresAt.Add(-time.Second))
	require.NoError(t, rs.Sync(ctx))
	got, _ = rs.Get(ctx, "r1")
	assert.Equal(t, returns.StateLabelIssued, got.State)
	clk.Advance(time.Second)
	require.NoError(t, rs.Sync(ctx))
	got, _ = rs.Get(ctx, "r1")
	assert.Equal(t, returns.StateExpired, got.State, "labels expire by the clock alone")
	assert.Equal(t, []notify.Kind{notify.KindReturnRequested, notify.KindReturnApproved, notify.KindReturnLabel}, out.Kinds())
}
