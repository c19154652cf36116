package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// lifecycleCases check the methods of the shop's side of a shipment:
// listing, the event stream and its cursors, and the dead-letter
// operations.
var lifecycleCases = []tcase{
	{"UpdateCorrectsTrackingNumber", "UpdateShipment stores a corrected carrier and tracking number (found under the new key only, scans kept) but never a new CreatedAt.", testCorrectedNumber},
	{"LifecycleFieldsRoundTrip", "UpdatedAt, ActionRequired, NotFound, CancelledAt and CancelReason are stored by CreateShipment (a zero UpdatedAt as CreatedAt) and UpdateShipment, and come back from every read.", testLifecycleFields},
	{"ListOrderAndPages", "ListShipments orders by UpdatedAt descending, then ID, and keyset pages (after the last UpdatedAt and ID) return every shipment exactly once, ties included; Limit must be positive.", testListPages},
	{"ListFilters", "every ListParams filter alone and combined keeps exactly the shipments it names; NeedsAttention keeps attention states, ActionRequired, NotFound and shipments with a dead (not a discarded) message.", testListFilters},
	{"ListByTrackingNumber", "ListParams.TrackingNumber finds the shipments whose number has the same store.NumberKey (spaces, tabs, dashes and the case of ASCII letters aside), alone and with other filters, under the number UpdateShipment wrote last.", testListByNumber},
	{"ListStableUnderWrites", "walking pages while other writers insert shipments and update some returns no shipment twice and every shipment unchanged during the walk exactly once.", testListUnderWrites},
	{"EventsAtomicWithUpdate", "UpdateShipment writes its events with the shipment (a conflict or a bad event writes none), each once by ID, with increasing Seq, every field kept; ListEvents pages by Seq.", testEventsAtomic},
	{"EventsInSeqOrderUnderConcurrency", "with concurrent writers, a reader following ListEvents with its last Seq sees every event exactly once, in increasing Seq.", testEventsConcurrent},
	{"CursorsSaveAndLoad", "LoadCursor returns 0 for a name never saved and the greatest saved Seq otherwise, per name (SaveCursor never moves a position backwards); SaveCursor refuses an empty name.", testCursors},
	{"MessageEvents", "AckOutbox appends a message_sent event once per message, a dead RetryOutbox a message_dead event and DeadAt = At; a retry that is not dead appends none.", testMessageEvents},
	{"OutboxTransitions", "ReviveOutbox (dead to pending, attempts reset, claimable), DiscardOutbox (dead to discarded, idempotent) and WithdrawOutbox (a shipment's pending messages to withdrawn, never claimed) move only what they name, refuse other statuses with ErrInvalidTransition and unknown IDs with ErrNotFound.", testOutboxTransitions},
	{"ListOutbox", "ListOutbox filters by status, shipment, kind and dead time, newest first, and pages below the last Seq.", testListOutbox},
}

// lship returns a shipment for the list cases, updated at t0+min minutes.
func lship(id string, minute int) *store.Shipment {
	sh := ship(id)
	sh.UpdatedAt = t0.Add(time.Duration(minute) * time.Minute)
	return sh
}

func testLifecycleFields(t *testing.T, s store.Store) {
	plain := ship("p")
	got := mustCreate(t, s, plain)
	if !got.UpdatedAt.Equal(plain.CreatedAt) {
		t.Errorf("CreateShipment without UpdatedAt must store CreatedAt as UpdatedAt, got %v", got.UpdatedAt)
	}
	sh := lship("s1", 5)
	sh.ActionRequired, sh.NotFound = true, true
	got = mustCreate(t, s, sh)
	if !got.UpdatedAt.Equal(sh.UpdatedAt) || !got.ActionRequired || !got.NotFound || !got.CancelledAt.IsZero() || got.CancelReason != "" {
		t.Errorf("CreateShipment must store the lifecycle fields, got %+v", got)
	}
	got.ActionRequired, got.NotFound = false, false
	got.UpdatedAt = t0.Add(time.Hour + 123456789)
	got.CancelledAt = time.Date(2026, 3, 3, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	got.CancelReason = "order cancelled: \"customer\" asked\tagain"
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: got}); err != nil {
		t.Fatal(err)
	}
	stale := *got
	stale.CancelReason = "stale"
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &stale}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale update must conflict, got %v", err)
	}
	reads := map[string]func() (*store.Shipment, error){
		"GetShipment": func() (*store.Shipment, error) { return s.GetShipment(ctx(), "s1") },
		"FindByTrackingNumber": func() (*store.Shipment, error) {
			ss, err := s.FindByTrackingNumber(ctx(), "ups", "T-s1")
			if err != nil || len(ss) != 1 {
				return nil, fmt.Errorf("want 1 shipment, got %d, %v", len(ss), err)
			}
			return ss[0], nil
		},
		"ListShipments": func() (*store.Shipment, error) {
			ss, err := s.ListShipments(ctx(), store.ListParams{OrderID: "o-s1", Limit: 5})
			if err != nil || len(ss) != 1 {
				return nil, fmt.Errorf("want 1 shipment, got %d, %v", len(ss), err)
			}
			return ss[0], nil
		},
	}
	for name, read := range reads {
		r, err := read()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !r.UpdatedAt.Equal(got.UpdatedAt) || r.ActionRequired || r.NotFound || !r.CancelledAt.Equal(got.CancelledAt) || r.CancelReason != got.CancelReason {
			t.Errorf("%s must return the lifecycle fields UpdateShipment wrote, got UpdatedAt %v ActionRequired %v NotFound %v CancelledAt %v CancelReason %q",
				name, r.UpdatedAt, r.ActionRequired, r.NotFound, r.CancelledAt, r.CancelReason)
		}
	}
}

// walk lists every page of p with page size n and returns the IDs in order.
func walk(t *testing.T, s store.Store, p store.ListParams, n int) []string {
	t.Helper()
	p.Limit = n
	var out []string
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("the walk does not end")
		}
		page, err := s.ListShipments(ctx(), p)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > n {
			t.Fatalf("a page must hold at most Limit (%d) shipments, got %d", n, len(page))
		}
		for _, sh := range page {
			out = append(out, sh.ID)
		}
		if len(page) < n {
			return out
		}
		last := page[len(page)-1]
		p.AfterUpdatedAt, p.AfterID = last.UpdatedAt, last.ID
	}
}

func testListPages(t *testing.T, s store.Store) {
	// 23 shipments on 9 distinct times, so that many share an UpdatedAt
	// and the order within a time is by ID.
	type key struct {
		id     string
		minute int
	}
	var keys []key
	for i := range 23 {
		k := key{fmt.Sprintf("s%02d", (i*7)%23), (i * 5) % 9}
		keys = append(keys, k)
		mustCreate(t, s, lship(k.id, k.minute))
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.minute != b.minute {
			return b.minute - a.minute
		}
		return strings.Compare(a.id, b.id)
	})
	var want []string
	for _, k := range keys {
		want = append(want, k.id)
	}
	for _, n := range []int{1, 4, 23, 50} {
		if got := walk(t, s, store.ListParams{}, n); !slices.Equal(got, want) {
			t.Errorf("pages of %d must list UpdatedAt descending, then ID:\n got %v\nwant %v", n, got, want)
		}
	}
	if _, err := s.ListShipments(ctx(), store.ListParams{}); err == nil {
		t.Error("ListShipments without a positive Limit must fail")
	}
}

func testListFilters(t *testing.T, s store.Store) {
	type spec struct {
		id, state, reason, carrier, order, customer, email string
		action, notFound                                   bool
		created, updated                                   int // minutes after t0
	}
	specs := []spec{
		{"a", "at_risk", "predicted_late", "ups", "o1", "c1", "Ada@Example.com", false, false, 0, 10},
		{"b", "on_track", "", "ups", "o1", "c1", "ada@example.com", true, false, 1, 20},
		{"c", "delayed", "promise_missed", "dhl", "o2", "c2", "bob@example.com", false, false, 2, 30},
		{"d", "pending", "", "dhl", "o3", "c3", "", false, true, 3, 40},
		{"e", "on_track", "", "dhl", "o3", "c3", "", false, false, 4, 50},
		{"f", "at_risk", "carrier_eta", "dhl", "", "", "", false, false, 5, 60},
		{"g", "delivered", "", "ups", "o4", "c4", "", false, false, 6, 70},
	}
	for _, sp := range specs {
		sh := lship(sp.id, sp.updated)
		sh.State, sh.Reason, sh.Carrier, sh.OrderID = sp.state, sp.reason, sp.carrier, sp.order
		sh.Recipient.ID, sh.Recipient.Email = sp.customer, sp.email
		sh.ActionRequired, sh.NotFound = sp.action, sp.notFound
		sh.CreatedAt = t0.Add(time.Duration(sp.created) * time.Minute)
		mustCreate(t, s, sh)
	}
	// e has a dead message, g a discarded one: e needs attention, g not.
	for _, id := range []string{"e", "g"} {
		deadMessage(t, s, id, "m-"+id)
	}
	if err := s.DiscardOutbox(ctx(), "m-g"); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	for _, c := range []struct {
		name string
		p    store.ListParams
		want string // IDs in list order
	}{
		{"none", store.ListParams{}, "gfedcba"},
		{"state", store.ListParams{States: []string{"at_risk"}}, "fa"},
		{"states", store.ListParams{States: []string{"at_risk", "delayed"}}, "fca"},
		{"reason", store.ListParams{Reasons: []string{"carrier_eta", "promise_missed"}}, "fc"},
		{"carrier", store.ListParams{Carrier: "dhl"}, "fedc"},
		{"carrier+state", store.ListParams{Carrier: "dhl", States: []string{"at_risk"}}, "f"},
		{"order", store.ListParams{OrderID: "o1"}, "ba"},
		{"recipient", store.ListParams{RecipientID: "c3"}, "ed"},
		{"email any case", store.ListParams{Email: "ADA@example.COM"}, "ba"},
		{"action required", store.ListParams{ActionRequired: &yes}, "b"},
		{"no action required", store.ListParams{ActionRequired: &no, Carrier: "ups"}, "ga"},
		{"not found", store.ListParams{NotFound: &yes}, "d"},
		{"found", store.ListParams{NotFound: &no, Carrier: "dhl"}, "fec"},
		{"created range", store.ListParams{CreatedAfter: at(2), CreatedBefore: at(5)}, "edc"},
		{"updated range", store.ListParams{UpdatedAfter: at(20), UpdatedBefore: at(60)}, "edcb"},
		{"needs attention", store.ListParams{NeedsAttention: true, AttentionStates: []string{"at_risk", "delayed", "exception", "lost"}}, "fedcba"},
		{"needs attention, dhl, created from 3", store.ListParams{NeedsAttention: true, AttentionStates: []string{"at_risk"}, Carrier: "dhl", CreatedAfter: at(3)}, "fed"},
		{"combined to nothing", store.ListParams{OrderID: "o1", Carrier: "dhl"}, ""},
		{"unknown key", store.ListParams{OrderID: "o9\x00"}, ""},
	} {
		var got string
		for _, id := range walk(t, s, c.p, 2) {
			got += id
		}
		if got != c.want {
			t.Errorf("filter %s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func testListByNumber(t *testing.T, s store.Store) {
	for i, n := range []struct{ id, carrier, number string }{
		{"a", "ups", "1Z999AA10123456784"},
		{"b", "ups", "1z 999 aa1-0123-4567-84"},
		{"c", "dhl", "1Z999AA1\t0123456784"},
		{"d", "ups", "1Z999AA10123456785"},
		{"e", "dhl", "JJD-é-00"},
	} {
		sh := lship(n.id, 10*(i+1))
		sh.Carrier, sh.TrackingNumber = n.carrier, n.number
		mustCreate(t, s, sh)
	}
	search := func(p store.ListParams) string {
		var got string
		for _, id := range walk(t, s, p, 2) {
			got += id
		}
		return got
	}
	for _, c := range []struct {
		p    store.ListParams
		want string
	}{
		{store.ListParams{TrackingNumber: "1Z999AA10123456784"}, "cba"},
		{store.ListParams{TrackingNumber: " 1z999aa1 0123 4567 84\n"}, "cba"},
		{store.ListParams{TrackingNumber: "1Z999AA10123456784", Carrier: "ups"}, "ba"},
		{store.ListParams{TrackingNumber: "1Z999AA10123456785"}, "d"},
		{store.ListParams{TrackingNumber: "jjdé00"}, "e"},
		{store.ListParams{TrackingNumber: "JJDÉ00"}, ""},
		{store.ListParams{TrackingNumber: "1Z999AA1012345678"}, ""},
		{store.ListParams{TrackingNumber: "1Z999AA1%"}, ""},
		{store.ListParams{TrackingNumber: "1Z999AA10123456784\x00"}, ""},
	} {
		if got := search(c.p); got != c.want {
			t.Errorf("ListShipments(TrackingNumber %q, Carrier %q) = %q, want %q", c.p.TrackingNumber, c.p.Carrier, got, c.want)
		}
	}
	// A corrected number is searched under the new number only.
	sh, err := s.GetShipment(ctx(), "a")
	if err != nil {
		t.Fatal(err)
	}
	sh.TrackingNumber = "1Z999AA1-0123456785"
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh}); err != nil {
		t.Fatal(err)
	}
	if got := search(store.ListParams{TrackingNumber: "1Z999AA10123456784"}); got != "cb" {
		t.Errorf("after the correction of a, the old number finds %q, want \"cb\"", got)
	}
	if got := search(store.ListParams{TrackingNumber: "1Z999AA10123456785"}); got != "da" {
		t.Errorf("after the correction of a, the new number finds %q, want \"da\"", got)
	}
}

// deadMessage gives shipment id a message that is dead-lettered.
func deadMessage(t *testing.T, s store.Store, shipmentID, msgID string) {
	t.Helper()
	sh, err := s.GetShipment(ctx(), shipmentID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg(msgID, shipmentID)}}); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "dead-" + msgID, Max: 100, LeaseFor: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range claimed {
		p := store.RetryParams{ID: m.Message.ID, Owner: "dead-" + msgID, Deferred: true, NextAttemptAt: t0.Add(time.Hour)}
		if m.Message.ID == msgID {
			p.Dead, p.At, p.LastError = true, t0.Add(time.Minute), "550 no such user"
		}
		if err := s.RetryOutbox(ctx(), p); err != nil {
			t.Fatal(err)
		}
	}
}

func testListUnderWrites(t *testing.T, s store.Store) {
	const n = 60
	for i := range n {
		mustCreate(t, s, lship(fmt.Sprintf("s%03d", i), i%20))
	}
	// The writer touches every third shipment (moving it to the front) and
	// inserts new ones (at the front) while the reader walks.
	changed := map[string]bool{}
	for i := 0; i < n; i += 3 {
		changed[fmt.Sprintf("s%03d", i)] = true
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 0; ; k++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.CreateShipment(ctx(), lship(fmt.Sprintf("new%04d", k), 100+k)); err != nil {
				werr = err
				return
			}
			id := fmt.Sprintf("s%03d", (k*3)%n)
			sh, err := s.GetShipment(ctx(), id)
			if err != nil {
				werr = err
				return
			}
			sh.UpdatedAt = t0.Add(time.Duration(100+k) * time.Minute)
			if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh}); err != nil {
				werr = err
				return
			}
		}
	}()
	p := store.ListParams{Limit: 4}
	seen := map[string]int{}
	for pages := 0; pages < 1000; pages++ {
		page, err := s.ListShipments(ctx(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range page {
			seen[sh.ID]++
		}
		if len(page) < p.Limit {
			break
		}
		p.AfterUpdatedAt, p.AfterID = page[len(page)-1].UpdatedAt, page[len(page)-1].ID
		time.Sleep(time.Millisecond) // let the writer in between pages
	}
	close(stop)
	wg.Wait()
	if werr != nil {
		t.Fatal(werr)
	}
	for id, k := range seen {
		if k > 1 {
			t.Errorf("shipment %s was listed %d times in one walk", id, k)
		}
	}
	for i := range n {
		id := fmt.Sprintf("s%03d", i)
		if !changed[id] && seen[id] != 1 {
			t.Errorf("shipment %s, unchanged during the walk, was listed %d times, want once", id, seen[id])
		}
	}
}

func ev(id, shipmentID string) store.Event {
	return store.Event{ID: id, Type: "state_changed", ShipmentID: shipmentID, OrderID: "o-" + shipmentID,
		At: t0.Add(time.Minute), Data: []byte(`{"state":"at_risk"}`)}
}

func events(t *testing.T, s store.Store, after int64, max int) []store.Event {
	t.Helper()
	evs, err := s.ListEvents(ctx(), after, max)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func testEventsAtomic(t *testing.T, s store.Store) {
	if evs := events(t, s, 0, 10); len(evs) != 0 {
		t.Fatalf("a new store has no events, got %d", len(evs))
	}
	sh := mustCreate(t, s, ship("s1"))
	stale := *sh
	sh.State = "at_risk"
	v, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Events: []store.Event{ev("e1", "s1"), ev("e2", "s1")}})
	if err != nil {
		t.Fatal(err)
	}
	evs := events(t, s, 0, 10)
	if len(evs) != 2 || evs[0].ID != "e1" || evs[1].ID != "e2" || evs[0].Seq <= 0 || evs[1].Seq <= evs[0].Seq {
		t.Fatalf("the events of an update must be stored in order with increasing Seq, got %+v", evs)
	}
	want := ev("e1", "s1")
	got := evs[0]
	if got.Type != want.Type || got.ShipmentID != want.ShipmentID || got.OrderID != want.OrderID || !got.At.Equal(want.At) || string(got.Data) != string(want.Data) {
		t.Errorf("an event must come back as written, got %+v", got)
	}
	// A conflict writes no event, nor does an update with an event without ID.
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: &stale, Events: []store.Event{ev("e3", "s1")}}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a stale update must conflict, got %v", err)
	}
	sh.Version = v
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Events: []store.Event{ev("e4", "s1"), {Type: "x"}}}); err == nil {
		t.Fatal("an event without ID must be refused")
	}
	if evs := events(t, s, 0, 10); len(evs) != 2 {
		t.Errorf("a conflicting or refused update must write no event, got %d events", len(evs))
	}
	// An event ID already stored is skipped; the new one follows.
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Events: []store.Event{ev("e2", "s1"), ev("e5", "s1")}}); err != nil {
		t.Fatal(err)
	}
	evs = events(t, s, 0, 10)
	if len(evs) != 3 || evs[2].ID != "e5" || evs[2].Seq <= evs[1].Seq {
		t.Fatalf("an event ID already stored must not be added again, got %+v", evs)
	}
	if page := events(t, s, evs[0].Seq, 1); len(page) != 1 || page[0].ID != "e2" {
		t.Errorf("ListEvents(after, 1) must return the next event, got %+v", page)
	}
	if page := events(t, s, evs[2].Seq, 10); len(page) != 0 {
		t.Errorf("ListEvents after the last Seq must return none, got %+v", page)
	}
	if _, err := s.ListEvents(ctx(), 0, 0); err == nil {
		t.Error("ListEvents without a positive max must fail")
	}
}

func testEventsConcurrent(t *testing.T, s store.Store) {
	const writers, per = 4, 15
	for w := range writers {
		mustCreate(t, s, ship(fmt.Sprintf("w%d", w)))
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("w%d", w)
			for i := 0; i < per; {
				sh, err := s.GetShipment(ctx(), id)
				if err != nil {
					errs <- err
					return
				}
				_, err = s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh,
					Events: []store.Event{ev(fmt.Sprintf("%s-%02d-a", id, i), id), ev(fmt.Sprintf("%s-%02d-b", id, i), id)}})
				if errors.Is(err, store.ErrConflict) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				i++
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	var (
		cursor int64
		got    []store.Event
		last   bool
	)
	for !last {
		select {
		case <-done:
			last = true // one more read after the writers finished
		default:
		}
		for {
			page := events(t, s, cursor, 7)
			got = append(got, page...)
			if len(page) == 0 {
				break
			}
			cursor = page[len(page)-1].Seq
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, e := range got {
		if i > 0 && e.Seq <= got[i-1].Seq {
			t.Fatalf("events must come in increasing Seq, got %d after %d", e.Seq, got[i-1].Seq)
		}
		if ids[e.ID] {
			t.Fatalf("event %s was read twice", e.ID)
		}
		ids[e.ID] = true
	}
	if len(ids) != writers*per*2 {
		t.Errorf("a reader following the stream must see every event once: saw %d of %d", len(ids), writers*per*2)
	}
	// Each writer's events are in its write order.
	next := map[string]int{}
	for _, e := range got {
		w := e.ShipmentID
		if want := fmt.Sprintf("%s-%02d-%c", w, next[w]/2, "ab"[next[w]%2]); e.ID != want {
			t.Fatalf("writer %s: got event %s, want %s", w, e.ID, want)
		}
		next[w]++
	}
}

func testCursors(t *testing.T, s store.Store) {
	if seq, err := s.LoadCursor(ctx(), "default"); err != nil || seq != 0 {
		t.Fatalf("LoadCursor of a name never saved must be 0, nil, got %d, %v", seq, err)
	}
	for _, step := range []struct {
		name      string
		seq, want int64
	}{{"default", 7, 7}, {"erp", 3, 3}, {"default", 12, 12}, {"erp", 2, 3}, {"erp", 9, 9}} {
		if err := s.SaveCursor(ctx(), step.name, step.seq); err != nil {
			t.Fatal(err)
		}
		if got, err := s.LoadCursor(ctx(), step.name); err != nil || got != step.want {
			t.Errorf("LoadCursor(%q) after SaveCursor(%d) = %d, %v; want %d (a position never moves backwards: two processes delivering at once)",
				step.name, step.seq, got, err, step.want)
		}
	}
	if got, _ := s.LoadCursor(ctx(), "default"); got != 12 {
		t.Errorf("cursors are kept per name: default = %d, want 12", got)
	}
	if err := s.SaveCursor(ctx(), "", 1); err == nil {
		t.Error("SaveCursor with an empty name must fail")
	}
}

func messageEvents(t *testing.T, s store.Store) []store.Event {
	t.Helper()
	var out []store.Event
	for _, e := range events(t, s, 0, 100) {
		if e.Type == store.EventMessageSent || e.Type == store.EventMessageDead {
			out = append(out, e)
		}
	}
	return out
}

func testMessageEvents(t *testing.T, s store.Store) {
	sh := mustCreate(t, s, ship("s1"))
	m1, m2, m3 := msg("m1", "s1"), msg("m2", "s1"), msg("m3", "s1")
	m1.Message.OrderID = "o-s1"
	m2.Message.Kind = notify.KindDelayed
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{m1, m2, m3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 10, LeaseFor: time.Minute}); err != nil {
		t.Fatal(err)
	}
	sent := t0.Add(2 * time.Minute)
	for range 2 {
		if err := s.AckOutbox(ctx(), "m1", sent); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m3", Owner: "w", NextAttemptAt: t0.Add(time.Hour), LastError: "451", At: sent}); err != nil {
		t.Fatal(err)
	}
	dead := t0.Add(3 * time.Minute)
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "m2", Owner: "w", Dead: true, LastError: "550", At: dead}); err != nil {
		t.Fatal(err)
	}
	evs := messageEvents(t, s)
	if len(evs) != 2 {
		t.Fatalf("want one message_sent (however often acknowledged) and one message_dead event, got %+v", evs)
	}
	for i, w := range []store.Event{
		store.MessageEvent(store.EventMessageSent, m1.Message, sent),
		store.MessageEvent(store.EventMessageDead, m2.Message, dead),
	} {
		g := evs[i]
		if g.ID != w.ID || g.Type != w.Type || g.ShipmentID != w.ShipmentID || g.OrderID != w.OrderID || !g.At.Equal(w.At) || string(g.Data) != string(w.Data) {
			t.Errorf("message event %d: got %+v, want %+v", i, g, w)
		}
	}
	got, err := s.ListOutbox(ctx(), store.OutboxQuery{Status: store.OutboxDead, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Message.ID != "m2" || !got[0].DeadAt.Equal(dead) {
		t.Errorf("a dead message must have DeadAt = RetryParams.At, got %+v", got)
	}
}

func testOutboxTransitions(t *testing.T, s store.Store) {
	a := mustCreate(t, s, ship("a"))
	mustCreate(t, s, ship("b"))
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: a, Outbox: []store.OutboxMessage{msg("a1", "a"), msg("a2", "a"), msg("a3", "a")}}); err != nil {
		t.Fatal(err)
	}
	deadMessage(t, s, "b", "b1") // also defers a1..a3 by an hour
	// b2, another shipment's pending message, must outlive WithdrawOutbox(a).
	b, _ := s.GetShipment(ctx(), "b")
	b2 := msg("b2", "b")
	b2.NextAttemptAt = t0.Add(100 * time.Hour)
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: b, Outbox: []store.OutboxMessage{b2}}); err != nil {
		t.Fatal(err)
	}
	status := func(id string) store.OutboxStatus {
		t.Helper()
		ms, err := s.ListOutbox(ctx(), store.OutboxQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Message.ID == id {
				return m.Status
			}
		}
		t.Fatalf("message %s not listed", id)
		return ""
	}
	// Refusals first: nothing changes.
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"revive pending", s.ReviveOutbox(ctx(), "a1", t0), store.ErrInvalidTransition},
		{"discard pending", s.DiscardOutbox(ctx(), "a1"), store.ErrInvalidTransition},
		{"revive unknown", s.ReviveOutbox(ctx(), "nope", t0), store.ErrNotFound},
		{"discard unknown", s.DiscardOutbox(ctx(), "nope"), store.ErrNotFound},
		{"revive an impossible ID", s.ReviveOutbox(ctx(), "no\x00pe", t0), store.ErrNotFound},
		{"discard an impossible ID", s.DiscardOutbox(ctx(), "no\x00pe"), store.ErrNotFound},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: got %v, want an error wrapping %v", c.name, c.err, c.want)
		}
	}
	for _, id := range []string{"nope", "no\x00pe"} {
		if _, err := s.WithdrawOutbox(ctx(), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("WithdrawOutbox of unknown shipment %q must wrap ErrNotFound, got %v", id, err)
		}
	}
	// a1 is claimed and sent, a2 stays pending, a3 leased: Withdraw takes a2 and a3.
	claimed, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(time.Hour), Owner: "w", Max: 2, LeaseFor: time.Minute})
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %d, %v", len(claimed), err)
	}
	if err := s.AckOutbox(ctx(), "a1", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardOutbox(ctx(), "a1"); !errors.Is(err, store.ErrInvalidTransition) {
		t.Errorf("discarding a sent message must wrap ErrInvalidTransition, got %v", err)
	}
	if err := s.ReviveOutbox(ctx(), "a1", t0); !errors.Is(err, store.ErrInvalidTransition) {
		t.Errorf("reviving a sent message must wrap ErrInvalidTransition, got %v", err)
	}
	n, err := s.WithdrawOutbox(ctx(), "a")
	if err != nil || n != 2 {
		t.Fatalf("WithdrawOutbox must withdraw the shipment's 2 pending messages, got %d, %v", n, err)
	}
	for id, want := range map[string]store.OutboxStatus{"a1": store.OutboxSent, "a2": store.OutboxWithdrawn, "a3": store.OutboxWithdrawn, "b1": store.OutboxDead, "b2": store.OutboxPending} {
		if got := status(id); got != want {
			t.Errorf("after WithdrawOutbox(a): %s is %s, want %s", id, got, want)
		}
	}
	if n, err := s.WithdrawOutbox(ctx(), "a"); err != nil || n != 0 {
		t.Errorf("a second WithdrawOutbox must withdraw nothing, got %d, %v", n, err)
	}
	if ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0.Add(48 * time.Hour), Owner: "x", Max: 10, LeaseFor: time.Minute}); len(ms) != 0 {
		t.Errorf("withdrawn messages must never be claimed, got %d", len(ms))
	}
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: claimed[1].Message.ID, Owner: "w", NextAttemptAt: t0}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("retrying a withdrawn message must wrap ErrConflict, got %v", err)
	}
	if err := s.ReviveOutbox(ctx(), "a2", t0); !errors.Is(err, store.ErrInvalidTransition) {
		t.Errorf("reviving a withdrawn message must wrap ErrInvalidTransition, got %v", err)
	}
	// Revive the dead b1: pending, attempts 0, claimable from now.
	now := t0.Add(5 * time.Hour)
	if err := s.ReviveOutbox(ctx(), "b1", now); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: now.Add(-time.Second), Owner: "x", Max: 10, LeaseFor: time.Minute}); len(ms) != 0 {
		t.Errorf("a revived message must be due at the revival time, not before, got %d", len(ms))
	}
	ms, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: now, Owner: "x", Max: 10, LeaseFor: time.Minute})
	if err != nil || len(ms) != 1 || ms[0].Message.ID != "b1" || ms[0].Attempts != 0 || !ms[0].DeadAt.IsZero() || ms[0].Message.Recipient.Email != "ada@example.com" {
		t.Fatalf("a revived message must be claimable with Attempts 0, no DeadAt and its message intact, got %+v, %v", ms, err)
	}
	if err := s.ReviveOutbox(ctx(), "b1", now); !errors.Is(err, store.ErrInvalidTransition) {
		t.Errorf("reviving a pending (revived) message must wrap ErrInvalidTransition, got %v", err)
	}
	// Dead again, then discarded (twice: idempotent), and never revived.
	if err := s.RetryOutbox(ctx(), store.RetryParams{ID: "b1", Owner: "x", Dead: true, At: now}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.DiscardOutbox(ctx(), "b1"); err != nil {
			t.Fatalf("discarding a dead (then discarded) message must succeed, got %v", err)
		}
	}
	if got := status("b1"); got != store.OutboxDiscarded {
		t.Errorf("b1 is %s, want discarded", got)
	}
	if err := s.ReviveOutbox(ctx(), "b1", now); !errors.Is(err, store.ErrInvalidTransition) {
		t.Errorf("reviving a discarded message must wrap ErrInvalidTransition, got %v", err)
	}
}

func testListOutbox(t *testing.T, s store.Store) {
	for _, id := range []string{"a", "b"} {
		mustCreate(t, s, ship(id))
	}
	// Dead letters at minutes 1..6, alternating shipments; kinds alternate
	// every two; one pending message.
	for i := 1; i <= 6; i++ {
		shipment := "ab"[i%2 : i%2+1]
		sh, _ := s.GetShipment(ctx(), shipment)
		m := msg(fmt.Sprintf("m%d", i), shipment)
		if (i-1)/2%2 == 1 {
			m.Message.Kind = notify.KindDelayed
		}
		if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{m}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimOutbox(ctx(), store.ClaimOutboxParams{Now: t0, Owner: "w", Max: 1, LeaseFor: time.Minute}); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryOutbox(ctx(), store.RetryParams{ID: m.Message.ID, Owner: "w", Dead: true, At: t0.Add(time.Duration(i) * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	sh, _ := s.GetShipment(ctx(), "a")
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh, Outbox: []store.OutboxMessage{msg("p", "a")}}); err != nil {
		t.Fatal(err)
	}
	list := func(q store.OutboxQuery, page int) string {
		t.Helper()
		q.Limit = page
		var out []string
		for {
			ms, err := s.ListOutbox(ctx(), q)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				out = append(out, m.Message.ID)
			}
			if len(ms) < page {
				return strings.Join(out, " ")
			}
			q.BeforeSeq = ms[len(ms)-1].Seq
		}
	}
	for _, c := range []struct {
		name string
		q    store.OutboxQuery
		want string
	}{
		{"all", store.OutboxQuery{}, "p m6 m5 m4 m3 m2 m1"},
		{"dead", store.OutboxQuery{Status: store.OutboxDead}, "m6 m5 m4 m3 m2 m1"},
		{"pending", store.OutboxQuery{Status: store.OutboxPending}, "p"},
		{"dead of a", store.OutboxQuery{Status: store.OutboxDead, ShipmentID: "a"}, "m6 m4 m2"},
		{"delayed", store.OutboxQuery{Kind: notify.KindDelayed}, "m4 m3"},
		{"dead in [2, 5)", store.OutboxQuery{DeadAfter: t0.Add(2 * time.Minute), DeadBefore: t0.Add(5 * time.Minute)}, "m4 m3 m2"},
		{"dead of b from 3", store.OutboxQuery{ShipmentID: "b", DeadAfter: t0.Add(3 * time.Minute)}, "m5 m3"},
		{"withdrawn", store.OutboxQuery{Status: store.OutboxWithdrawn}, ""},
		{"unknown shipment key", store.OutboxQuery{ShipmentID: "a\x00"}, ""},
	} {
		for _, page := range []int{1, 2, 10} {
			if got := list(c.q, page); got != c.want {
				t.Errorf("ListOutbox %s, pages of %d: got %q, want %q", c.name, page, got, c.want)
			}
		}
	}
	if _, err := s.ListOutbox(ctx(), store.OutboxQuery{}); err == nil {
		t.Error("ListOutbox without a positive Limit must fail")
	}
}

func testCorrectedNumber(t *testing.T, s store.Store) {
	mustCreate(t, s, ship("s1"))
	mustCreate(t, s, ship("s2"))
	if _, err := s.AppendScans(ctx(), "s1", []store.Scan{scan(1, "old number")}); err != nil {
		t.Fatal(err)
	}
	sh, _ := s.GetShipment(ctx(), "s1")
	sh.Carrier, sh.TrackingNumber = "dhl", "T-s2" // s2's number, another carrier
	sh.CreatedAt = t0.Add(time.Hour)              // not the caller's to change
	if _, err := s.UpdateShipment(ctx(), store.UpdateParams{Shipment: sh}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetShipment(ctx(), "s1")
	if got.Carrier != "dhl" || got.TrackingNumber != "T-s2" || !got.CreatedAt.Equal(t0) {
		t.Errorf("UpdateShipment must store a corrected carrier and number and keep CreatedAt, got %s %s %v", got.Carrier, got.TrackingNumber, got.CreatedAt)
	}
	if old, err := s.FindByTrackingNumber(ctx(), "ups", "T-s1"); err != nil || len(old) != 0 {
		t.Errorf("the old carrier and number must find nothing, got %d, %v", len(old), err)
	}
	if now, err := s.FindByTrackingNumber(ctx(), "dhl", "T-s2"); err != nil || len(now) != 1 || now[0].ID != "s1" {
		t.Errorf("the corrected carrier and number must find the shipment, got %v, %v", ids(now), err)
	}
	if other, _ := s.FindByTrackingNumber(ctx(), "ups", "T-s2"); len(other) != 1 || other[0].ID != "s2" {
		t.Errorf("another carrier's shipment with that number must stay its own, got %v", ids(other))
	}
	if scans, _ := s.Scans(ctx(), "s1"); len(scans) != 1 {
		t.Errorf("the scans of the old number must stay stored, got %d", len(scans))
	}
}
