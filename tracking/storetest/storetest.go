package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Run runs every conformance case against stores made by newStore; each case
// gets a fresh, empty store. The cases of an optional interface the store
// does not implement (store.HistoryReader) skip.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	for _, c := range slices.Concat(cases, lifecycleCases, optionalCases) {
		t.Run(c.name, func(t *testing.T) {
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("rule: %s", c.rule)
				}
			})
			c.run(t, newStore(t))
		})
	}
}

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

type tcase struct {
	name string
	rule string // the invariant of store.Store the case checks
	run  func(t *testing.T, s store.Store)
}

var cases = []tcase{
	{"CreateIsIdempotent", "CreateShipment stores a new shipment at Version 1 and leaves an existing ID untouched (created=false, no error).", testCreateIdempotent},
	{"GetUnknownIsNotFound", "reads and writes of unknown shipments or messages return errors wrapping ErrNotFound.", testGetUnknown},
	{"FindByTrackingNumber", "FindByTrackingNumber matches carrier and number and returns every such shipment ordered by ID.", testFind},
	{"ReturnedRecordsAreCopies", "records returned by the store are copies; changing them changes nothing stored.", testCopies},
	{"AppendScansIsIdempotent", "scans are unique by time, code, description and location, returned in time order; adding scans bumps Version.", testAppendScans},
	{"UpdateDetectsVersionConflict", "UpdateShipment with a stale Version wraps ErrConflict and writes nothing: no fields, scans or messages.", testConflict},
	{"OutboxIsAtomicWithUpdate", "a successful UpdateShipment stores the fields, the scans and the outbox messages together.", testOutboxAtomic},
	{"OutboxIsIdempotentByID", "an outbox message ID is inserted at most once, even after it was sent.", testOutboxIdempotent},
	{"ClaimAckAndRetry", "ClaimOutbox leases due messages to one owner; Retry needs the lease and reschedules; Ack and Dead are final.", testClaimAck},
	{"ExpiredOutboxLeaseIsReclaimed", "a message whose lease expired can be claimed again, and the old owner lost its lease.", testOutboxLeaseExpiry},
	{"NoDoubleOutboxClaimUnderConcurrency", "concurrent ClaimOutbox calls never hand out the same message twice.", testOutboxConcurrency},
	{"NoLostUpdateUnderConcurrency", "with optimistic versions no successful update is lost under concurrent writers.", testNoLostUpdate},
	{"ClaimDueOrderAndLease", "ClaimDue returns due, unleased shipments by DueAt then ID, at most Max, leased until Now+LeaseFor.", testClaimDue},
	{"NoDoubleDueClaimUnderConcurrency", "concurrent ClaimDue calls never hand out the same shipment twice.", testDueConcurrency},
	{"UpdateReleasesLeaseOnlyForItsOwner", "UpdateShipment keeps the lease unless its owner releases it.", testReleaseLease},
	{"EraseCustomer", "EraseCustomer removes name, email and phone of the customer's shipments and messages, and only theirs.", testErase},
	{"SlowChannelSendsEachMessageOnce", "two Services sharing the store, one with a channel slower than the lease allows for a batch, send each outbox message once (ClaimOutbox, Ack and Retry keep the lease and its owner exact).", testSlowChannel},
	{"TrackAgainComparesData", "through a Service, tracking a stored shipment again with the same data is nil (a promise with nanoseconds, a named zone and odd Metadata included), and with other data fails with ErrDuplicateShipment naming the fields and keeps the stored data.", testTrackAgain},
	{"SubscriptionRoundTrips", "the push subscription (store.Subscription) is stored with the shipment: every field comes back from GetShipment, FindByTrackingNumber and ClaimDue as written by CreateShipment and by UpdateShipment (times as the same instants, to the microsecond), a conflicting update does not change it, and an update can clear it.", testSubscription},
	{"SubscriptionThroughService", "through two Services sharing the store, the subscription one replica makes is what the other reads, and the unsubscription at delivery is stored: one Subscribe and one Unsubscribe in all.", testSubscriptionThroughService},
	{"CleanTextRoundTrips", "every text store.CleanText can return (the Service writes no other) is stored and returned byte for byte, in every field: U+FFFD, tab, newline, quotes, wildcards, astral runes, MaxTextBytes long; Metadata, the host's, verbatim even with NUL.", testCleanText},
}

func ctx() context.Context { return context.Background() }

func ship(id string) *store.Shipment {
	return &store.Shipment{
		ID: id, OrderID: "o-" + id, Carrier: "ups", TrackingNumber: "T-" + id,
		Recipient:  notify.Recipient{ID: "c-" + id, Name: "Ada", Email: "ada@example.com", Phone: "+49 30 1234"},
		PromisedBy: t0.Add(72 * time.Hour), TimeZone: "Europe/Berlin", CreatedAt: t0,
		State: "pending", Active: true, Metadata: map[string]string{"k": "v"}, Memo: []byte(`{"a":1}`),
	}
}

func mustCreate(t *testing.T, s store.Store, sh *store.Shipment) *store.Shipment {
	t.Helper()
	created, err := s.CreateShipment(ctx(), sh)
	if err != nil || !created {
		t.Fatalf("CreateShipment(%q) = %v, %v; a new shipment must be created", sh.ID, created, err)
	}
	got, err := s.GetShipment(ctx(), sh.ID)
	if err != nil {
		t.Fatalf("GetShipment after create: %v", err)
	}
	return got
}

func msg(id, shipmentID string) store.OutboxMessage {
	return store.OutboxMessage{
		Message: notify.Message{ID: id, Kind: notify.KindShipped, Audience: notify.Customer, ShipmentID: shipmentID,
			Recipient: notify.Recipient{ID: "c-" + shipmentID, Name: "Ada", Email: "ada@example.com"}},
		Status: store.OutboxPending, NextAttemptAt: t0,
	}
}

func testCreateIdempotent(t *testing.T, s store.Store) {
	got := mustCreate(t, s, ship("s1"))
	if got.Version != 1 {
		t.Errorf("a new shipment must have Version 1, got %d", got.Version)
	}
	if got.OrderID != "o-s1" || got.Recipient.Email != "ada@example.com" || got.TimeZone != "Europe/Berlin" ||
		!got.PromisedBy.Equal(t0.Add(72*time.Hour)) || got.Metadata["k"] != "v" || string(got.Memo) != `{"a":1}` || !got.Active {
		t.Errorf("GetShipment must return what CreateShipment stored, got %+v", got)
	}
	other := ship("s1")
	other.OrderID = "changed"
	created, err := s.CreateShipment(ctx(), other)
	if err != nil || created {
		t.Fatalf("CreateShipment of an existing ID must report created=false and no error, got %v, %v", created, err)
	}
	got, _ = s.GetShipment(ctx(), "s1")
	if got.OrderID != "o-s1" || got.Version != 1 {
		t.Errorf("CreateShipment of an existing ID must leave it unchanged, got %+v", got)
	}
}

func testGetUnknown(t *testing.T, s store.Store) {
	if _, err := s.GetShipment(ctx(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetShipment of an unknown ID must wrap ErrNotFound, got %v", err)
	}
	if _, err := s.Scans(ctx(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Scans of an unknown shipment must wrap ErrNotFound, got %v", err)
	}
	_, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &store.Shipment{ID: "nope", Version: 1}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateShipment of an unknown shipment must wrap ErrNotFound, got %v", err)
	}
	if err := s.AckOutbox(ctx(), "nope", t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AckOutbox of an unknown message must wrap ErrNotFound, got %v", err)
	}
}

func testFind(t *testing.T, s store.Store) {
	a, b := ship("b"), ship("a")
	b.TrackingNumber = a.TrackingNumber
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	mustCreate(t, s, ship("c"))
	got, err := s.FindByTrackingNumber(ctx(), "ups", "T-b")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Errorf("FindByTrackingNumber must return every shipment with that number ordered by ID, got %d", len(got))
	}
	got, err = s.FindByTrackingNumber(ctx(), "dhl_express", "T-b")
	if err != nil || len(got) != 0 {
		t.Errorf("FindByTrackingNumber must match the carrier too and return none without error, got %d, %v", len(got), err)
	}
}

func testCopies(t *testing.T, s store.Store) {
	got := mustCreate(t, s, ship("s1"))
	got.Metadata["k"] = "changed"
	got.Memo[0] = 'X'
	got.State = "changed"
	again, _ := s.GetShipment(ctx(), "s1")
	if again.Metadata["k"] != "v" || string(again.Memo) != `{"a":1}` || again.State != "pending" {
		t.Errorf("changing a returned record must not change the store, got %+v", again)
	}
}

func scan(min int, desc string) store.Scan {
	return store.Scan{Time: t0.Add(time.Duration(min) * time.Minute), Carrier: "ups", Code: "X", Description: desc, Location: "Berlin", Milestone: "in_transit", SeenAt: t0}
}

func testAppendScans(t *testing.T, s store.Store) {
	mustCreate(t, s, ship("s1"))
	n, err := s.AppendScans(ctx(), "s1", []store.Scan{scan(30, "b"), scan(10, "a"), scan(30, "b")})
	if err != nil || n != 2 {
		t.Fatalf("AppendScans must add each new scan once (duplicates within a call too), got %d, %v", n, err)
	}
	// Same key in another zone is the same instant and the same scan.
	again := scan(10, "a")
	again.Time = again.Time.In(time.FixedZone("X", 3600))
	n, err = s.AppendScans(ctx(), "s1", []store.Scan{again, scan(20, "c")})
	if err != nil || n != 1 {
		t.Fatalf("AppendScans must skip scans stored already (same time, code, description, location), got %d, %v", n, err)
	}
	scans, err := s.Scans(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	var descs []string
	for _, sc := range scans {
		descs = append(descs, sc.Description)
	}
	if fmt.Sprint(descs) != "[a c b]" {
		t.Errorf("Scans must be ordered by time, got %v", descs)
	}
	if scans[0].Milestone != "in_transit" || scans[0].Location != "Berlin" {
		t.Errorf("Scans must keep every field, got %+v", scans[0])
	}
	sh, _ := s.GetShipment(ctx(), "s1")
	if sh.Version != 3 {
		t.Errorf("each AppendScans that adds scans must bump Version: want 3, got %d", sh.Version)
	}
	if n, _ := s.AppendScans(ctx(), "s1", []store.Scan{scan(20, "c")}); n != 0 {
		t.Errorf("a repeated scan must not be added, got %d", n)
	}
	sh, _ = s.GetShipment(ctx(), "s1")
	if sh.Version != 3 {
		t.Errorf("AppendScans that adds nothing must not bump Version, got %d", sh.Version)
	}
}

func testConflict(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	first := *sh
	first.State = "on_track"
	v, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &first})
	if err != nil || v != 2 {
		t.Fatalf("UpdateShipment at the current version must succeed and return version 2, got %d, %v", v, err)
	}
	stale := *sh
	stale.State = "delayed"
	_, err = s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &stale, Scans: []store.Scan{scan(1, "x")}, Outbox: []store.OutboxMessage{msg("m1", "s1")}})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("UpdateShipment with a stale version must wrap ErrConflict, got %v", err)
	}
	got, _ := s.GetShipment(ctx(), "s1")
	if got.State != "on_track" || got.Version != 2 {
		t.Errorf("a conflicting update must write nothing, got state %s version %d", got.State, got.Version)
	}
	scans, _ := s.Scans(ctx(), "s1")
	if len(scans) != 0 {
		t.Errorf("a conflicting update must not append its scans, got %d", len(scans))
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(time.Hour), Owner: "w", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 0 {
		t.Errorf("a conflicting update must not insert its outbox messages, got %d", len(ms))
	}
}

func testOutboxAtomic(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	sh.State, sh.Reason, sh.Milestone = "delayed", "carrier_eta", "in_transit"
	sh.ETA = t0.Add(96 * time.Hour)
	sh.DueAt = t0.Add(time.Hour)
	sh.Memo = []byte(`{"b":2}`)
	_, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Scans: []store.Scan{scan(5, "p")}, Outbox: []store.OutboxMessage{msg("m2", "s1"), msg("m1", "s1")}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetShipment(ctx(), "s1")
	if got.State != "delayed" || got.Reason != "carrier_eta" || got.Milestone != "in_transit" || !got.ETA.Equal(sh.ETA) ||
		!got.DueAt.Equal(sh.DueAt) || string(got.Memo) != `{"b":2}` {
		t.Errorf("UpdateShipment must store every field, got %+v", got)
	}
	scans, _ := s.Scans(ctx(), "s1")
	if len(scans) != 1 {
		t.Errorf("UpdateShipment must append its scans with the state, got %d", len(scans))
	}
	ms, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10, LeaseFor: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Message.ID != "m2" || ms[1].Message.ID != "m1" || ms[0].Message.Recipient.Email != "ada@example.com" {
		t.Errorf("the messages of a successful update must be in the outbox, claimable in the order written (Seq), with their fields, got %+v", ms)
	}
}

func testOutboxIdempotent(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	v, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("m1", "s1")}})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 {
		t.Fatalf("want 1 claimed message, got %d", len(ms))
	}
	if err := s.AckOutbox(ctx(), "m1", t0); err != nil {
		t.Fatal(err)
	}
	sh.Version = v
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("m1", "s1")}}); err != nil {
		t.Fatal(err)
	}
	ms, _ = s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(time.Hour), Owner: "w", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 0 {
		t.Errorf("a message ID already in the outbox (even sent) must not be inserted again, got %d claimable", len(ms))
	}
}

func testClaimAck(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	later := msg("m2", "s1")
	later.NextAttemptAt = t0.Add(time.Hour)
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("m1", "s1"), later}}); err != nil {
		t.Fatal(err)
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "a", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].Message.ID != "m1" {
		t.Fatalf("ClaimOutbox must return only messages due at Now, got %+v", ms)
	}
	if ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "b", Max: 10, LeaseFor: time.Minute}); len(ms) != 0 {
		t.Fatalf("a leased message must not be claimed by another owner before its lease ends, got %d", len(ms))
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m1", Owner: "b", NextAttemptAt: t0}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("RetryOutbox by an owner without the lease must wrap ErrConflict, got %v", err)
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m1", Owner: "a", NextAttemptAt: t0.Add(30 * time.Second), LastError: "451"}); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(10 * time.Second), Owner: "b", Max: 10, LeaseFor: time.Minute}); len(ms) != 0 {
		t.Errorf("a retried message must wait for NextAttemptAt, got %d", len(ms))
	}
	ms, _ = s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(time.Minute), Owner: "b", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].Attempts != 1 || ms[0].LastError != "451" {
		t.Fatalf("a retried message must be claimable after NextAttemptAt with Attempts and LastError recorded, got %+v", ms)
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m1", Owner: "b", NextAttemptAt: t0.Add(2 * time.Minute), Deferred: true}); err != nil {
		t.Fatal(err)
	}
	ms, _ = s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(2 * time.Minute), Owner: "b", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].Attempts != 1 {
		t.Fatalf("a deferred message must be claimable at NextAttemptAt without counting an attempt, got %+v", ms)
	}
	if err := s.AckOutbox(ctx(), "m1", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	ms, _ = s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(48 * time.Hour), Owner: "c", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].Message.ID != "m2" {
		t.Errorf("an acknowledged message must never be claimed again, got %+v", ms)
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m2", Owner: "c", Dead: true, LastError: "bad address"}); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(96 * time.Hour), Owner: "d", Max: 10, LeaseFor: time.Minute}); len(ms) != 0 {
		t.Errorf("a dead-lettered message must not be claimed again, got %d", len(ms))
	}
}

func testOutboxLeaseExpiry(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("m1", "s1")}}); err != nil {
		t.Fatal(err)
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "crashed", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 {
		t.Fatal("want one claimed message")
	}
	ms, _ = s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(2 * time.Minute), Owner: "rescuer", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].LeaseOwner != "rescuer" {
		t.Fatalf("a message whose lease expired must be claimable again (a crashed sender's work is picked up), got %+v", ms)
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m1", Owner: "crashed", NextAttemptAt: t0}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the former lease owner must not be able to retry after losing the lease, got %v", err)
	}
}

func testOutboxConcurrency(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	const n = 200
	var out []store.OutboxMessage
	for i := range n {
		out = append(out, msg(fmt.Sprintf("m%03d", i), "s1"))
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: out}); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ms, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: fmt.Sprint("w", w), Max: 7, LeaseFor: time.Hour})
				if err != nil {
					t.Error(err)
					return
				}
				if len(ms) == 0 {
					return
				}
				mu.Lock()
				for _, m := range ms {
					counts[m.Message.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(counts) != n {
		t.Errorf("every message must be claimed, got %d of %d", len(counts), n)
	}
	for id, c := range counts {
		if c != 1 {
			t.Errorf("message %s was claimed %d times by concurrent claimers; a lease must be held by one owner", id, c)
		}
	}
}

func testNoLostUpdate(t *testing.T, s store.Store) {
	mustCreate(t, s, ship("s1"))
	const workers, each = 8, 25
	var wg sync.WaitGroup
	var conflicts atomic.Int64
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; {
				sh, err := s.GetShipment(ctx(), "s1")
				if err != nil {
					t.Error(err)
					return
				}
				sh.Memo = append(sh.Memo, 'x')
				id := fmt.Sprintf("m-%d-%d", w, i)
				_, err = s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg(id, "s1")}})
				if errors.Is(err, store.ErrConflict) {
					conflicts.Add(1)
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				i++
			}
		}()
	}
	wg.Wait()
	sh, _ := s.GetShipment(ctx(), "s1")
	if got := len(sh.Memo) - len(`{"a":1}`); got != workers*each {
		t.Errorf("with optimistic versions no update may be lost: want %d appended bytes, got %d (%d conflicts)", workers*each, got, conflicts.Load())
	}
	if sh.Version != 1+workers*each {
		t.Errorf("Version must grow by one per successful update: want %d, got %d", 1+workers*each, sh.Version)
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10 * workers * each, LeaseFor: time.Minute})
	if len(ms) != workers*each {
		t.Errorf("only the successful updates' messages must be in the outbox: want %d, got %d", workers*each, len(ms))
	}
}

func testClaimDue(t *testing.T, s store.Store) {
	for i, due := range []time.Duration{30, 10, 20, -1, 10} {
		sh := ship(fmt.Sprint("s", i))
		if due >= 0 {
			sh.DueAt = t0.Add(due * time.Minute)
		}
		mustCreate(t, s, sh)
	}
	got, err := s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0.Add(20 * time.Minute), Owner: "a", Max: 2, LeaseFor: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "s1" || got[1].ID != "s4" {
		t.Fatalf("ClaimDue must return at most Max due shipments, oldest DueAt first then by ID; got %v", ids(got))
	}
	if got[0].LeaseOwner != "a" || !got[0].LeaseUntil.Equal(t0.Add(25*time.Minute)) {
		t.Errorf("ClaimDue must lease to Owner until Now+LeaseFor, got %q until %v", got[0].LeaseOwner, got[0].LeaseUntil)
	}
	got, _ = s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0.Add(20 * time.Minute), Owner: "b", Max: 10, LeaseFor: 5 * time.Minute})
	if len(got) != 1 || got[0].ID != "s2" {
		t.Fatalf("ClaimDue must skip leased shipments, not-yet-due ones and ones without DueAt; got %v", ids(got))
	}
	got, _ = s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0.Add(40 * time.Minute), Owner: "c", Max: 10, LeaseFor: 5 * time.Minute})
	if fmt.Sprint(ids(got)) != "[s1 s4 s2 s0]" {
		t.Errorf("expired leases must be claimable again, in DueAt order; got %v", ids(got))
	}
	sh, _ := s.GetShipment(ctx(), "s1")
	if sh.Version != 1 {
		t.Errorf("claiming must not change the version (an update read before the claim still applies), got %d", sh.Version)
	}
}

func ids(ss []*store.Shipment) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func testDueConcurrency(t *testing.T, s store.Store) {
	const n = 150
	for i := range n {
		sh := ship(fmt.Sprintf("s%03d", i))
		sh.DueAt = t0
		mustCreate(t, s, sh)
	}
	var (
		mu     sync.Mutex
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	for w := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0, Owner: fmt.Sprint("w", w), Max: 5, LeaseFor: time.Hour})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, sh := range got {
					counts[sh.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(counts) != n {
		t.Errorf("every due shipment must be claimed, got %d of %d", len(counts), n)
	}
	for id, c := range counts {
		if c != 1 {
			t.Errorf("shipment %s claimed %d times by concurrent claimers", id, c)
		}
	}
}

func testReleaseLease(t *testing.T, s store.Store) {
	sh := ship("s1")
	sh.DueAt = t0
	mustCreate(t, s, sh)
	got, _ := s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0, Owner: "a", Max: 1, LeaseFor: time.Hour})
	if len(got) != 1 {
		t.Fatal("want one claim")
	}
	up := got[0]
	up.LeaseOwner, up.LeaseUntil = "", time.Time{} // ignored: leases change only through ReleaseLease
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: up, ReleaseLease: "b"}); err != nil {
		t.Fatal(err)
	}
	cur, _ := s.GetShipment(ctx(), "s1")
	if cur.LeaseOwner != "a" {
		t.Fatalf("an update must keep the lease unless its owner releases it, got owner %q", cur.LeaseOwner)
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: cur, ReleaseLease: "a"}); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0, Owner: "c", Max: 1, LeaseFor: time.Hour}); len(again) != 1 {
		t.Errorf("a released shipment that is still due must be claimable at once")
	}
}

func testErase(t *testing.T, s store.Store) {
	a, b := ship("a"), ship("b")
	b.Recipient.ID = a.Recipient.ID
	mustCreate(t, s, a)
	mustCreate(t, s, b)
	other := mustCreate(t, s, ship("z"))
	sh, _ := s.GetShipment(ctx(), "a")
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("m1", "a")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: other, Outbox: []store.OutboxMessage{msg("m2", "z")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EraseCustomer(ctx(), ""); err == nil {
		t.Error("EraseCustomer with an empty customer ID must fail, not erase every shipment without an ID")
	}
	n, err := s.EraseCustomer(ctx(), "c-a")
	if err != nil || n != 2 {
		t.Fatalf("EraseCustomer must erase every shipment of the customer, got %d, %v", n, err)
	}
	for _, id := range []string{"a", "b"} {
		got, _ := s.GetShipment(ctx(), id)
		if r := got.Recipient; r.Name != "" || r.Email != "" || r.Phone != "" {
			t.Errorf("EraseCustomer must remove name, email and phone of shipment %s, got %+v", id, r)
		}
		if got.TrackingNumber == "" {
			t.Errorf("EraseCustomer must keep the non-personal data of shipment %s", id)
		}
	}
	if got, _ := s.GetShipment(ctx(), "z"); got.Recipient.Email == "" {
		t.Error("EraseCustomer must not touch other customers")
	}
	ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(time.Hour), Owner: "w", Max: 10, LeaseFor: time.Minute})
	if len(ms) != 1 || ms[0].Message.ID != "m2" || ms[0].Message.Recipient.Email == "" {
		t.Errorf("EraseCustomer must take the erased customer's pending messages out of the outbox and leave others, got %+v", ms)
	}
}

// awkward returns clean texts a store must keep as they are, and what
// CleanText makes of hostile ones (NUL, invalid UTF-8, controls, too long).
func awkward() []string {
	long := strings.Repeat("ü", store.MaxTextBytes/2-1) + "x"
	out := []string{
		"tab\there\nnewline", "\uFFFD replaced", "quote ' \" back\\slash", "100% _wild_ [x] %s", "😀 astral 𝄞", "ÅÄÖ Ħ ǅ",
		long, "-- ; DROP TABLE wismo_scan; --", "\u00a0nbsp\u2028sep\u007fdel\u0085nel",
	}
	for _, h := range []string{"nul\x00byte", "bad\xff\xfeutf8", "esc\x1b[31m\rcr", strings.Repeat("é", store.MaxTextBytes), "\xf0\x9f\x98"} {
		c := store.CleanText(h)
		if !store.IsCleanText(c) {
			panic(fmt.Sprintf("storetest: CleanText(%q) = %q is not clean", h, c))
		}
		out = append(out, c)
	}
	return out
}

// testCleanText checks the text contract: stores need not accept every Go
// string (PostgreSQL refuses NUL in text), because the tracking Service
// writes only text store.CleanText returns; but they must keep all of that.
func testCleanText(t *testing.T, s store.Store) {
	for i, txt := range awkward() {
		id := fmt.Sprintf("txt-%d", i)
		sh := ship(id)
		sh.OrderID, sh.Service, sh.Origin, sh.Destination = txt, txt, txt, txt
		sh.Recipient.Name, sh.Recipient.Email, sh.Recipient.Phone = txt, txt, txt
		sh.Metadata = map[string]string{"note": txt, txt: "key", "nul\x00": "host\x00data"} // Metadata is kept verbatim
		got := mustCreate(t, s, sh)
		if got.OrderID != txt || got.Service != txt || got.Origin != txt || got.Destination != txt ||
			got.Recipient.Name != txt || got.Recipient.Email != txt || got.Recipient.Phone != txt ||
			got.Metadata["note"] != txt || got.Metadata[txt] != "key" || got.Metadata["nul\x00"] != "host\x00data" {
			t.Errorf("text %q was not returned as stored: %+v", txt, got)
		}
		sc := store.Scan{Time: t0, Carrier: txt, Code: txt, Description: txt, Location: txt, Milestone: "in_transit", Detail: txt, SeenAt: t0}
		m := msg("m-"+id, id)
		m.Message.Text, m.Message.Recipient.Name, m.Message.OrderID = txt, txt, txt
		if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: got, Scans: []store.Scan{sc}, Outbox: []store.OutboxMessage{m}}); err != nil {
			t.Fatalf("UpdateShipment with text %q: %v", txt, err)
		}
		if n, err := s.AppendScans(ctx(), id, []store.Scan{sc}); err != nil || n != 0 {
			t.Errorf("the scan with text %q must be found stored by its key, got %d, %v", txt, n, err)
		}
		scans, err := s.Scans(ctx(), id)
		if err != nil || len(scans) != 1 {
			t.Fatalf("Scans with text %q: %v, %v", txt, scans, err)
		}
		if g := scans[0]; g.Carrier != txt || g.Code != txt || g.Description != txt || g.Location != txt || g.Detail != txt || g.Key() != sc.Key() {
			t.Errorf("scan text %q was not returned as stored: %+v", txt, g)
		}
		ms, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "o", Max: 10, LeaseFor: time.Minute})
		if err != nil || len(ms) != 1 {
			t.Fatalf("ClaimOutbox with text %q: %v, %v", txt, ms, err)
		}
		if g := ms[0].Message; g.Text != txt || g.Recipient.Name != txt || g.OrderID != txt {
			t.Errorf("message text %q was not returned as stored: %+v", txt, g)
		}
		if err := s.RetryOutbox(ctx(), store.RetryParams{ID: m.Message.ID, Owner: "o", Dead: true, LastError: txt}); err != nil {
			t.Fatalf("RetryOutbox with LastError %q: %v", txt, err)
		}
	}
}

// testEraseLastErrors checks that erasure leaves no personal data in the
// last errors of the customer's messages, whatever their status.
func testEraseLastErrors(t *testing.T, s store.Store) {
	or, ok := s.(store.OutboxReader)
	if !ok {
		t.Skip("the store does not implement the optional store.OutboxReader")
	}
	sh := mustCreate(t, s, ship("a"))
	const quoted = "550 mailbox ada@example.com over quota, call +49 30 1234"
	var ms []store.OutboxMessage
	for _, id := range []string{"sent", "dead", "pending"} {
		m := msg(id, "a")
		m.Message.Text = "Hello Ada"
		ms = append(ms, m)
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: ms}); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10, LeaseFor: time.Minute})
	if err != nil || len(claimed) != 3 {
		t.Fatalf("ClaimOutbox: %v, %v", claimed, err)
	}
	for _, p := range []store.RetryParams{
		{ID: "sent", Owner: "w", NextAttemptAt: t0, LastError: quoted},
		{ID: "dead", Owner: "w", Dead: true, LastError: quoted},
		{ID: "pending", Owner: "w", NextAttemptAt: t0.Add(time.Hour), LastError: quoted},
	} {
		if err := s.RetryOutbox(ctx(), p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10, LeaseFor: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if err := s.AckOutbox(ctx(), "sent", t0); err != nil {
		t.Fatal(err)
	}
	if m, err := or.OutboxMessage(ctx(), "dead"); err != nil || m.Status != store.OutboxDead || m.LastError != quoted {
		t.Fatalf("OutboxMessage must return a dead message with its last error, got %+v, %v", m, err)
	}
	if _, err := or.OutboxMessage(ctx(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("OutboxMessage of an unknown ID must wrap ErrNotFound, got %v", err)
	}
	if _, err := s.EraseCustomer(ctx(), sh.Recipient.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"sent", "dead", "pending"} {
		m, err := or.OutboxMessage(ctx(), id)
		if err != nil {
			t.Fatalf("OutboxMessage(%s) after erasure: %v", id, err)
		}
		if strings.Contains(m.LastError, "ada@") || strings.Contains(m.LastError, "1234") {
			t.Errorf("message %s (%s) keeps personal data in its last error after erasure: %q", id, m.Status, m.LastError)
		}
		if r := m.Message.Recipient; r.Name != "" || r.Email != "" || r.Phone != "" || m.Message.Text != "" {
			t.Errorf("message %s (%s) keeps personal data after erasure: %+v", id, m.Status, m.Message)
		}
	}
}

func testSubscription(t *testing.T, s store.Store) {
	sh := ship("s1")
	sh.DueAt = t0
	sh.Subscription = store.Subscription{State: "pending", NextAttemptAt: t0.Add(90 * time.Second), Attempts: 2,
		LastError: "carrier sim: subscribe: unavailable"}
	created := mustCreate(t, s, sh)
	same := func(where string, got, want store.Subscription) {
		t.Helper()
		ok := got.State == want.State && got.ID == want.ID && got.Attempts == want.Attempts && got.LastError == want.LastError
		for _, p := range [][2]time.Time{{got.Since, want.Since}, {got.ExpiresAt, want.ExpiresAt}, {got.NextAttemptAt, want.NextAttemptAt}} {
			ok = ok && p[0].Truncate(time.Microsecond).Equal(p[1].Truncate(time.Microsecond)) && p[0].IsZero() == p[1].IsZero()
		}
		if !ok {
			t.Errorf("%s: the subscription must come back as written:\n got  %+v\n want %+v", where, got, want)
		}
	}
	same("CreateShipment's record", created.Subscription, sh.Subscription)
	got, err := s.GetShipment(ctx(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	same("GetShipment after CreateShipment", got.Subscription, sh.Subscription)

	active := store.Subscription{State: "active", ID: "sub_123", Since: t0.Add(time.Minute + 123456789),
		ExpiresAt: t0.Add(30 * 24 * time.Hour).In(time.FixedZone("X", -5*3600)), NextAttemptAt: t0.Add(29*24*time.Hour + 987654321)}
	upd := *got
	upd.Subscription = active
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &upd}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetShipment(ctx(), "s1")
	same("GetShipment after UpdateShipment", got.Subscription, active)
	found, err := s.FindByTrackingNumber(ctx(), "ups", "T-s1")
	if err != nil || len(found) != 1 {
		t.Fatalf("FindByTrackingNumber = %d records, %v; want the shipment", len(found), err)
	}
	same("FindByTrackingNumber", found[0].Subscription, active)
	claimed, err := s.ClaimDue(ctx(), store.ClaimDueParams{Now: t0.Add(time.Hour), Owner: "w", Max: 10, LeaseFor: time.Minute})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("ClaimDue = %d records, %v; want the due shipment", len(claimed), err)
	}
	same("ClaimDue", claimed[0].Subscription, active)

	stale := *created
	stale.Subscription = store.Subscription{State: "ended"}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &stale}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("UpdateShipment with a stale version must wrap ErrConflict, got %v", err)
	}
	got, _ = s.GetShipment(ctx(), "s1")
	same("GetShipment after a conflicting update", got.Subscription, active)

	cleared := *got
	cleared.Subscription = store.Subscription{}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &cleared, ReleaseLease: "w"}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetShipment(ctx(), "s1")
	same("GetShipment after clearing", got.Subscription, store.Subscription{})
}
