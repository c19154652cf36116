package tracking_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

func TestJourneyShipmentMessages(t *testing.T) {
	onEveryStore(t, func(t *testing.T, st lifeStore) { testJourneyShipmentMessages(t, st) })
}

func testJourneyShipmentMessages(t *testing.T, st lifeStore) {
	ctx := context.Background()
	w := newLifeWorld(t, lifeOptions{store: st})
	messages := func(id string) []tracking.MessageView {
		t.Helper()
		ms, err := w.svc.Messages(ctx, id)
		require.NoError(t, err)
		return ms
	}
	byKind := func(ms []tracking.MessageView, k notify.Kind) tracking.MessageView {
		t.Helper()
		for _, m := range ms {
			if m.Kind == k {
				return m
			}
		}
		t.Fatalf("no %s message among %+v", k, ms)
		return tracking.MessageView{}
	}

	// The first message fails for good: dead, then discarded.
	w.out.FailPermanently(errors.New("smtp: 550 mailbox ada@example.com unknown (token=abc123SECRET)"))
	w.ship(t, "s1", "o1", "SIM0000000001", sim.OnTime())
	require.Empty(t, messages("s1"), "a shipment without messages has none (and no error)")
	w.run(t, 12*time.Hour)
	ms := messages("s1")
	require.Len(t, ms, 1)
	shipped := ms[0]
	require.Equal(t, notify.KindShipped, shipped.Kind)
	require.Equal(t, notify.Customer, shipped.Audience)
	require.Equal(t, tracking.MessageDead, shipped.Status)
	require.Equal(t, 1, shipped.Attempts)
	require.False(t, shipped.DeadAt.IsZero())
	require.True(t, shipped.SentAt.IsZero())
	require.True(t, shipped.NextAttemptAt.IsZero())
	require.Contains(t, shipped.LastError, "550")
	require.NotContains(t, shipped.LastError, "ada@example.com")
	require.NotContains(t, shipped.LastError, "abc123SECRET")
	dl, err := w.svc.DeadLetters(ctx, tracking.DeadLetterQuery{ShipmentID: "s1"})
	require.NoError(t, err)
	require.Len(t, dl.DeadLetters, 1)
	require.Equal(t, dl.DeadLetters[0].LastError, shipped.LastError, "redacted as DeadLetters redacts it")
	require.NoError(t, w.svc.DiscardDeadLetter(ctx, shipped.ID))

	// The next messages fail once each, then go out.
	w.out.Reset()
	w.out.FailNext(1, errors.New("smtp: 451 try later, call +49 170 1234567"))
	w.run(t, 48*time.Hour)
	require.Equal(t, tracking.StateDelivered, w.status(t, "s1").State)
	ms = messages("s1")
	require.GreaterOrEqual(t, len(ms), 3, "shipped, out for delivery, delivered at least: %+v", ms)
	require.Equal(t, shipped.ID, ms[len(ms)-1].ID, "newest first: the first message comes last")
	require.Equal(t, tracking.MessageDiscarded, ms[len(ms)-1].Status)
	require.False(t, ms[len(ms)-1].DeadAt.IsZero(), "a discarded message keeps its DeadAt")
	out := byKind(ms, notify.KindOutForDelivery)
	require.Equal(t, tracking.MessageSent, out.Status)
	require.Equal(t, 1, out.Attempts, "one failed attempt before it went out")
	require.False(t, out.SentAt.IsZero())
	require.True(t, out.DeadAt.IsZero())
	delivered := byKind(ms, notify.KindDelivered)
	require.Equal(t, tracking.MessageSent, delivered.Status)
	require.Zero(t, delivered.Attempts)
	require.True(t, delivered.SentAt.After(out.SentAt) || delivered.SentAt.Equal(out.SentAt))
	seen := map[string]bool{}
	for _, m := range ms {
		require.False(t, seen[m.ID], "message %s listed twice", m.ID)
		seen[m.ID] = true
		require.NotContains(t, m.LastError, "1234567")
	}

	// Messages that keep failing are pending, with their next attempt;
	// Cancel withdraws them.
	w.out.Reset()
	w.out.FailNext(1000, errors.New("smtp: 451 greylisted bob@example.com"))
	registered := w.clk.Now()
	require.NoError(t, w.sim.Ship("SIM0000000002", sim.OnTime(), registered))
	require.NoError(t, w.svc.Track(ctx, tracking.Shipment{ID: "s2", Carrier: sim.DefaultID, TrackingNumber: "SIM0000000002",
		Recipient: notify.Recipient{ID: "c-s2", Email: "bob@example.com"}}))
	w.run(t, 12*time.Hour)
	ms = messages("s2")
	require.NotEmpty(t, ms)
	for _, m := range ms {
		require.Equal(t, tracking.MessagePending, m.Status, "%+v", m)
		require.Positive(t, m.Attempts)
		require.True(t, m.NextAttemptAt.After(registered), "the next attempt is after the failed one: %v", m.NextAttemptAt)
		require.Contains(t, m.LastError, "451")
		require.NotContains(t, m.LastError, "bob@example.com")
	}
	_, err = w.svc.Cancel(ctx, "s2", "order cancelled")
	require.NoError(t, err)
	after := messages("s2")
	require.Len(t, after, len(ms))
	for i, m := range after {
		require.Equal(t, ms[i].ID, m.ID)
		require.Equal(t, tracking.MessageWithdrawn, m.Status)
		require.True(t, m.NextAttemptAt.IsZero(), "a withdrawn message has no next attempt")
	}
	require.Len(t, messages("s1"), len(seen), "another shipment's messages are not listed")

	_, err = w.svc.Messages(ctx, "nope")
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
	_, err = w.svc.Messages(ctx, "bad\x00id")
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
	_, err = w.svc.Messages(ctx, "")
	require.ErrorIs(t, err, tracking.ErrUnknownShipment)
}
