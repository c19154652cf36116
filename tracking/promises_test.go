package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/store"
)

// One 429 asking for a century (a carrier's bug) leaves the carrier alone
// for Poll.RateLimitedMax at most: no postponement beyond it is stored, and
// the carrier is polled again once it is over, so its shipments do not go
// "lost" for want of polls.
func TestAbsurdRetryAfterIsBounded(t *testing.T) {
	st := memstore.New()
	e := newEnv(t, func(c *tracking.Config) { c.Store = st })
	limited := true
	e.ups.answer = func(n string) (*carrier.Update, error) {
		if limited {
			limited = false
			return nil, &carrier.RateLimitError{Carrier: "ups", RetryAfter: 100 * 365 * 24 * time.Hour}
		}
		return &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: []milestone.Scan{at(e.clk.Now(), "in_transit "+n)}}, nil
	}
	for i := range 3 {
		e.track(t, fmt.Sprint("s", i), fmt.Sprint("T", i))
	}
	_ = e.svc.Tick(context.Background())
	expect(t, "calls", "1", fmt.Sprint(e.ups.count()))
	limit := e.clk.Now().Add(time.Hour)
	for i := range 3 {
		sh, err := st.GetShipment(context.Background(), fmt.Sprint("s", i))
		if err != nil {
			t.Fatal(err)
		}
		if sh.DueAt.After(limit) {
			t.Errorf("shipment s%d postponed to %s, beyond an hour", i, sh.DueAt)
		}
	}
	for range 7 {
		e.clk.add(10 * time.Minute)
		_ = e.svc.Tick(context.Background())
	}
	expect(t, "calls after the bounded pause", "4", fmt.Sprint(e.ups.count()))
	for range 21 * 24 {
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	for i := range 3 {
		if st := e.status(t, fmt.Sprint("s", i)).State; st == tracking.StateLost {
			t.Errorf("s%d is lost although its carrier answers", i)
		}
	}
}

// Config.Poll.RateLimitedMax below RateLimited is refused.
func TestRateLimitedMaxIsValidated(t *testing.T) {
	_, err := tracking.New(tracking.Config{Notifier: &recorder{}, Poll: tracking.PollConfig{RateLimited: time.Hour, RateLimitedMax: time.Minute}})
	if err == nil {
		t.Fatal("RateLimitedMax below RateLimited must be refused")
	}
}

// Text reaching the store is clean (store.CleanText): a recipient's name
// or an order id with NUL or invalid UTF-8 is cleaned (Metadata, the host's
// data, is kept verbatim); keys (IDs, carrier,
// tracking number, customer id) that are not clean text are refused as
// invalid or reported unknown, never handed to a store that may fail on
// them.
func TestHostileTextIsCleanedOrRefused(t *testing.T) {
	st := memstore.New()
	e := newEnv(t, func(c *tracking.Config) { c.Store = st })
	ctx := context.Background()
	err := e.svc.Track(ctx, tracking.Shipment{ID: "s1", OrderID: "o\x001", Carrier: "ups", TrackingNumber: "T1",
		Recipient: notify.Recipient{ID: "c1", Name: "Ada\x00 \xffL", Email: "ada@example.com\r\n"},
		Metadata:  map[string]string{"k\x00": "v\xc3"}})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := st.GetShipment(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if sh.OrderID != "o1" || sh.Recipient.Name != "Ada \uFFFDL" || sh.Recipient.Email != "ada@example.com\n" || sh.Metadata["k\x00"] != "v\xc3" {
		t.Errorf("text stored unclean: %q %q %q %v", sh.OrderID, sh.Recipient.Name, sh.Recipient.Email, sh.Metadata)
	}
	for _, bad := range []tracking.Shipment{
		{ID: "s\x002", Carrier: "ups", TrackingNumber: "T2"},
		{ID: "s2", Carrier: "ups", TrackingNumber: "T\xff2"},
		{ID: "s2", Carrier: "ups", TrackingNumber: "T2", Recipient: notify.Recipient{ID: "c\x00"}},
	} {
		if err := e.svc.Track(ctx, bad); !errors.Is(err, tracking.ErrInvalid) {
			t.Errorf("Track(%q, %q) = %v, want ErrInvalid", bad.ID, bad.TrackingNumber, err)
		}
	}
	err = e.svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: "T1\x00"})
	if !errors.Is(err, tracking.ErrUnknownShipment) {
		t.Errorf("Ingest for a tracking number with NUL = %v, want ErrUnknownShipment", err)
	}
	if _, err := e.svc.Status(ctx, "s1\x00"); !errors.Is(err, tracking.ErrUnknownShipment) {
		t.Errorf("Status with NUL = %v, want ErrUnknownShipment", err)
	}
	if n, err := e.svc.EraseCustomer(ctx, "c1\x00"); n != 0 || err != nil {
		t.Errorf("EraseCustomer with NUL = %d, %v", n, err)
	}
}

// One scan dated years ahead (a carrier's broken clock) is stored as
// dated, but counts as seen when it arrived: a later exception is reported
// (and the customer told), and three silent weeks make the shipment lost.
func TestScanFromTheFutureDoesNotRuleTheState(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(mon.Add(time.Hour))
	future := mon.AddDate(5, 0, 0)
	e.ingest(t, time.Time{}, at(mon.Add(30*time.Minute), "picked_up"), at(future, "in_transit"))
	e.clk.set(mon.Add(3 * time.Hour))
	e.ingest(t, time.Time{}, at(mon.Add(2*time.Hour), "exception weather"))
	v := e.status(t, "s1")
	expect(t, "state after the exception", "exception/carrier_exception", fmt.Sprintf("%s/%s", v.State, v.Reason))
	expect(t, "messages", "[c:shipped c:exception]", e.out.kinds())
	stored := false
	for _, te := range v.Timeline {
		stored = stored || te.Time.Equal(future)
	}
	if !stored {
		t.Errorf("the future scan must be stored with its own time, timeline %+v", v.Timeline)
	}
	for range 21 {
		e.clk.add(24 * time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	expect(t, "state after three silent weeks", "lost", string(e.status(t, "s1").State))
}

// A late redelivery of an older update (aggregators retry for hours) or a
// poll answer older than a stored webhook does not set its earlier
// estimate again: the shipment stays delayed and the estimate stays.
func TestOlderUpdateDoesNotRollTheEstimateBack(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	wed := time.Date(2026, 3, 4, 18, 0, 0, 0, berlin)
	fri := time.Date(2026, 3, 6, 18, 0, 0, 0, berlin)
	older := []milestone.Scan{at(mon.Add(time.Hour), "picked_up")}
	newer := append(older, at(mon.Add(3*time.Hour), "in_transit"))
	e.ingest(t, wed, older...)
	expect(t, "on time", "on_track", string(e.status(t, "s1").State))
	e.ingest(t, fri, newer...)
	expect(t, "late estimate", "delayed/carrier_eta", fmt.Sprintf("%s/%s", e.status(t, "s1").State, e.status(t, "s1").Reason))
	e.clk.add(2 * time.Hour)
	e.ingest(t, wed, older...) // the first webhook, delivered again
	v := e.status(t, "s1")
	expect(t, "after the redelivered older update", "delayed", string(v.State))
	if !v.ETA.Equal(fri) {
		t.Errorf("the estimate rolled back to %s", v.ETA)
	}
	// A poll answer that lags behind the webhook.
	e.ups.answer = func(n string) (*carrier.Update, error) {
		return &carrier.Update{Carrier: "ups", TrackingNumber: n, Scans: older, EstimatedDelivery: wed}, nil
	}
	for range 17 { // longer than the poll interval far from the estimate
		e.clk.add(time.Hour)
		_ = e.svc.Tick(context.Background())
	}
	if e.ups.count() == 0 {
		t.Fatal("the shipment was not polled")
	}
	v = e.status(t, "s1")
	expect(t, "after an older poll answer", "delayed", string(v.State))
	if !v.ETA.Equal(fri) {
		t.Errorf("the estimate rolled back to %s by a poll", v.ETA)
	}
	// A newer update's estimate counts, also an earlier one.
	e.ingest(t, wed, append(newer, at(e.clk.Now().Add(-time.Hour), "in_transit hub"))...)
	expect(t, "a newer update's estimate", "on_track", string(e.status(t, "s1").State))
	expect(t, "messages", "[c:shipped c:delayed]", e.out.kinds())
}

// A channel's error quoting the address is stored redacted, and erasure
// blanks the stored errors of the customer's messages whatever their status.
func TestSendErrorsAreStoredRedactedAndErased(t *testing.T) {
	st := memstore.New()
	e := newEnv(t, func(c *tracking.Config) { c.Store = st })
	e.track(t, "s1", "T1")
	e.out.fails = 1 // "smtp 451: mailbox ada@example.com busy, call +49 30 123456"
	e.ingest(t, time.Time{}, at(mon.Add(time.Hour), "picked_up"))
	var id string
	var m store.OutboxMessage
	for _, episode := range []string{"0", "1"} {
		id = notify.MessageID("s1", string(notify.KindShipped), episode)
		var err error
		if m, err = st.OutboxMessage(context.Background(), id); err == nil {
			break
		}
	}
	if m.LastError == "" || strings.Contains(m.LastError, "ada@") || strings.Contains(m.LastError, "123456") {
		t.Fatalf("stored last error %q: want it redacted", m.LastError)
	}
	e.clk.add(time.Hour)
	_ = e.svc.Tick(context.Background())
	expect(t, "sent after the retry", "[c:shipped]", e.out.kinds())
	if _, err := e.svc.EraseCustomer(context.Background(), "cust-1"); err != nil {
		t.Fatal(err)
	}
	if m, err := st.OutboxMessage(context.Background(), id); err != nil || m.LastError != "" {
		t.Errorf("after erasure the message keeps %q (%v)", m.LastError, err)
	}
}

// Times no carrier can mean (a negative year, year 10000: a broken parser)
// are ignored as scans without time are, instead of panicking while the
// bookkeeping is encoded or failing every later write on SQL stores; a
// promise in such a year is refused.
func TestImpossibleTimesAreIgnored(t *testing.T) {
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	e.clk.set(e.clk.at(12, 0))
	for _, when := range []time.Time{time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		e.ingest(t, when, at(when, "in_transit"), at(mon.Add(time.Hour), "picked_up"))
	}
	v := e.status(t, "s1")
	if len(v.Timeline) != 1 || !v.ETA.IsZero() {
		t.Errorf("want the one possible scan and no estimate, got %+v, ETA %s", v.Timeline, v.ETA)
	}
	err := e.svc.Track(context.Background(), tracking.Shipment{ID: "s2", Carrier: "ups", TrackingNumber: "T2", PromisedBy: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	if !errors.Is(err, tracking.ErrInvalid) {
		t.Errorf("a promise in year 10000 = %v, want ErrInvalid", err)
	}
}
