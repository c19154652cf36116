package returnstest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/returns/store"
)

// Run runs every case against fresh stores from newStore. Cases for the
// optional store.CustomerEraser skip stores that do not implement it.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"CreateAndGetRoundTrip", testRoundTrip},
		{"CreateIsIdempotent", testCreateIdempotent},
		{"CreateRejectsEmptyID", testCreateEmptyID},
		{"GetUnknown", testGetUnknown},
		{"GetReturnsCopy", testGetCopy},
		{"UpdateVersions", testUpdateVersions},
		{"UpdateUnknown", testUpdateUnknown},
		{"ConcurrentUpdatesLoseNothing", testConcurrentUpdates},
		{"ListActive", testListActive},
		{"ListActivePages", testListActivePages},
		{"ListByShipment", testListByShipment},
		{"EraseCustomer", testEraseCustomer},
		{"SlowChannelSendsEachMessageOnce", testSlowChannel},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.fn(t, newStore(t))
		})
	}
}

var base = time.Date(2026, 3, 10, 17, 0, 0, 123456789, time.UTC)

// Sample returns a return with every field set, in state st.
func Sample(id string, st store.State) *store.Return {
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		ber = time.FixedZone("CET", 3600)
	}
	return &store.Return{
		ID: id, OrderID: "o-" + id, ShipmentID: "s-" + id,
		Customer: notify.Recipient{ID: "c-" + id, Name: "Ada Lovelace", Email: "ada@example.com", Phone: "+49 30 1234567",
			Locale: "de-DE", TimeZone: "Europe/Berlin"},
		Items: []store.Item{
			{SKU: "shirt", Name: "Shirt „Blau“", Category: "apparel", Quantity: 1, UnitPrice: 2990, Reason: store.ReasonTooSmall,
				Note: "zu klein", PhotoURLs: []string{"https://img.example/1.jpg", "https://img.example/2.jpg"}, Outcome: store.OutcomeRefund},
			{SKU: "mug", Quantity: 2, Reason: store.ReasonDamaged},
		},
		Method:      store.MethodPickupPoint,
		From:        carrier.Address{Name: "Ada Lovelace", Line1: "Hauptstr. 5", City: "Berlin", PostalCode: "10115", Country: "DE", Email: "ada@example.com"},
		State:       st,
		DeliveredAt: base.In(ber),
		Fee:         395, AutoApproved: true,
		Label:    store.Label{Carrier: "dhl", TrackingNumber: "RT" + id, URL: "https://labels.example/" + id, ExpiresAt: base.AddDate(0, 0, 30)},
		ParcelID: returns.ParcelID(id), Note: "merci", Currency: "EUR", Refund: 2990,
		Exchange:  store.Exchange{Carrier: "ups", TrackingNumber: "1Z" + id, ETA: base.AddDate(0, 0, 3)},
		CreatedAt: base, UpdatedAt: base.Add(time.Hour), ApprovedAt: base.Add(time.Minute),
		LabelIssuedAt: base.Add(2 * time.Minute), InTransitAt: base.Add(3 * time.Hour), ReceivedAt: base.Add(48 * time.Hour),
		InspectedAt: base.Add(50 * time.Hour),
		Notified:    []string{"msg_a", "msg_b"},
		Outbox: []store.Pending{{Message: notify.Message{ID: "msg_b", Kind: notify.KindReturnApproved, Audience: notify.Customer,
			OrderID: "o-" + id, ReturnID: id, Recipient: notify.Recipient{ID: "c-" + id, Email: "ada@example.com"}, CreatedAt: base},
			Attempts: 2, LastError: "smtp: 451"}},
		Failed: []store.Pending{{Message: notify.Message{ID: "msg_a", Kind: notify.KindReturnRequested}, Attempts: 1, LastError: "permanent: 550 mailbox ada@example.com unknown"}},
	}
}

// Normalize returns a copy of r with every time in UTC and empty slices
// nil, so that returns read back from a store compare equal to what was
// written (stores keep instants, not zones).
func Normalize(r store.Return) store.Return {
	c := r.Clone()
	for _, p := range []*time.Time{&c.DeliveredAt, &c.Label.ExpiresAt, &c.Exchange.ETA, &c.CreatedAt, &c.UpdatedAt,
		&c.ApprovedAt, &c.LabelIssuedAt, &c.InTransitAt, &c.ReceivedAt, &c.InspectedAt, &c.ClosedAt} {
		*p = utc(*p)
	}
	for i := range c.Items {
		if len(c.Items[i].PhotoURLs) == 0 {
			c.Items[i].PhotoURLs = nil
		}
	}
	for _, ps := range []*[]store.Pending{&c.Outbox, &c.Failed} {
		if len(*ps) == 0 {
			*ps = nil
		}
		for i := range *ps {
			m := &(*ps)[i].Message
			m.CreatedAt, m.ETA = utc(m.CreatedAt), utc(m.ETA)
		}
	}
	if len(c.Items) == 0 {
		c.Items = nil
	}
	if len(c.Notified) == 0 {
		c.Notified = nil
	}
	return c
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func ctx(t *testing.T) context.Context { return t.Context() }

func mustCreate(t *testing.T, s store.Store, r *store.Return) {
	t.Helper()
	created, err := s.Create(ctx(t), r)
	if err != nil || !created {
		t.Fatalf("Create(%s) = %v, %v; a new return must be created without error", r.ID, created, err)
	}
}

func equal(t *testing.T, want, got store.Return, rule string) {
	t.Helper()
	w, g := Normalize(want), Normalize(got)
	if fmt.Sprintf("%#v", w) != fmt.Sprintf("%#v", g) {
		t.Errorf("%s\nwant %#v\n got %#v", rule, w, g)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	r := Sample("r1", store.StateInspected)
	r.Version = 42 // ignored by Create
	mustCreate(t, s, r)
	got, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatalf("Get after Create: %v", err)
	}
	if got.Version != 1 {
		t.Errorf("Create must store Version 1, got %d", got.Version)
	}
	want := *r
	want.Version = 1
	equal(t, want, *got, "Get must return every field as Create stored it")
	minimal := &store.Return{ID: "r2", State: store.StateRequested}
	mustCreate(t, s, minimal)
	got, err = s.Get(ctx(t), "r2")
	if err != nil {
		t.Fatalf("Get of a minimal return: %v", err)
	}
	minimal.Version = 1
	equal(t, *minimal, *got, "a return with zero fields must round-trip as zero fields")
}

func testCreateIdempotent(t *testing.T, s store.Store) {
	mustCreate(t, s, Sample("r1", store.StateRequested))
	other := Sample("r1", store.StateApproved)
	other.OrderID = "different"
	created, err := s.Create(ctx(t), other)
	if err != nil || created {
		t.Fatalf("Create of an existing ID = %v, %v; want false, nil (idempotent by ID)", created, err)
	}
	got, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != store.StateRequested || got.OrderID != "o-r1" || got.Version != 1 {
		t.Errorf("Create of an existing ID must leave the stored return unchanged, got state %s order %s version %d", got.State, got.OrderID, got.Version)
	}
}

func testCreateEmptyID(t *testing.T, s store.Store) {
	if _, err := s.Create(ctx(t), &store.Return{}); err == nil {
		t.Error("Create of a return without ID must fail")
	}
}

func testGetUnknown(t *testing.T, s store.Store) {
	_, err := s.Get(ctx(t), "nope")
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of an unknown ID must return an error wrapping ErrNotFound, got %v", err)
	}
}

func testGetCopy(t *testing.T, s store.Store) {
	mustCreate(t, s, Sample("r1", store.StateRequested))
	a, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	a.Items[0].PhotoURLs[0] = "changed"
	a.Notified[0] = "changed"
	a.State = store.StateRefunded
	b, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if b.Items[0].PhotoURLs[0] == "changed" || b.Notified[0] == "changed" || b.State != store.StateRequested {
		t.Error("Get must return a copy: changing it must not change the stored return")
	}
}

func testUpdateVersions(t *testing.T, s store.Store) {
	mustCreate(t, s, Sample("r1", store.StateRequested))
	r, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	r.State = store.StateApproved
	r.Outbox = nil
	r.Notified = append(r.Notified, "msg_c")
	v, err := s.Update(ctx(t), r)
	if err != nil {
		t.Fatalf("Update with the current version: %v", err)
	}
	if v != 2 {
		t.Errorf("Update must return the new version 2, got %d", v)
	}
	got, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	want := *r
	want.Version = 2
	equal(t, want, *got, "Get after Update must return the updated fields with the new version")

	stale := Sample("r1", store.StateCancelled)
	stale.Version = 1
	if _, err := s.Update(ctx(t), stale); !errors.Is(err, store.ErrConflict) {
		t.Errorf("Update with a stale version must return an error wrapping ErrConflict, got %v", err)
	}
	got, err = s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != store.StateApproved || got.Version != 2 {
		t.Errorf("a conflicting Update must write nothing, got state %s version %d", got.State, got.Version)
	}
}

func testUpdateUnknown(t *testing.T, s store.Store) {
	r := Sample("ghost", store.StateApproved)
	r.Version = 1
	if _, err := s.Update(ctx(t), r); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Update of an unknown ID must return an error wrapping ErrNotFound, got %v", err)
	}
}

func testConcurrentUpdates(t *testing.T, s store.Store) {
	mustCreate(t, s, &store.Return{ID: "r1", State: store.StateRequested})
	const workers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				for {
					r, err := s.Get(ctx(t), "r1")
					if err != nil {
						errs <- err
						return
					}
					r.Notified = append(r.Notified, fmt.Sprintf("w%d-%d", w, i))
					_, err = s.Update(ctx(t), r)
					if errors.Is(err, store.ErrConflict) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent read-modify-write: %v", err)
	}
	r, err := s.Get(ctx(t), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Notified) != workers*each || r.Version != 1+workers*each {
		t.Errorf("Update must lose no write under concurrency: got %d entries, version %d; want %d, %d",
			len(r.Notified), r.Version, workers*each, 1+workers*each)
	}
}

func ids(rs []*store.Return) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func testListActive(t *testing.T, s store.Store) {
	for _, c := range []struct {
		id      string
		st      store.State
		pending bool
	}{
		{"d", store.StateInTransit, false},
		{"a", store.StateRequested, false},
		{"f", store.StateRefunded, false},
		{"c", store.StateCancelled, true},
		{"e", store.StateExpired, false},
		{"b", store.StateLabelIssued, true},
	} {
		r := Sample(c.id, c.st)
		if !c.pending {
			r.Outbox = nil
		}
		mustCreate(t, s, r)
	}
	got, err := s.ListActive(ctx(t), store.ListParams{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(ids(got), want) {
		t.Errorf("ListActive must return the returns not in a final state or with pending messages, by ID: got %v, want %v", ids(got), want)
	}
	if len(got) > 0 {
		equal(t, func() store.Return {
			r := *Sample("a", store.StateRequested)
			r.Outbox, r.Version = nil, 1
			return r
		}(), *got[0],
			"ListActive must return whole returns")
	}
	// Closing a return takes it off the list.
	r, err := s.Get(ctx(t), "d")
	if err != nil {
		t.Fatal(err)
	}
	r.State = store.StateRefunded
	if _, err := s.Update(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	got, err = s.ListActive(ctx(t), store.ListParams{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(ids(got), want) {
		t.Errorf("ListActive after closing d: got %v, want %v", ids(got), want)
	}
}

func testListActivePages(t *testing.T, s store.Store) {
	var want []string
	for i := range 7 {
		id := fmt.Sprintf("r%02d", i)
		want = append(want, id)
		mustCreate(t, s, Sample(id, store.StateApproved))
	}
	var got []string
	after := ""
	for range 10 {
		page, err := s.ListActive(ctx(t), store.ListParams{After: after, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 3 {
			t.Fatalf("ListActive must return at most Limit returns, got %d", len(page))
		}
		got = append(got, ids(page)...)
		if len(page) < 3 {
			break
		}
		after = page[len(page)-1].ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("paging ListActive with After and Limit must visit every return once, in ID order: got %v, want %v", got, want)
	}
}

func testListByShipment(t *testing.T, s store.Store) {
	for _, id := range []string{"r3", "r1", "r2"} {
		r := Sample(id, store.StateRefunded)
		r.ShipmentID = "s1"
		if id == "r2" {
			r.ShipmentID = "s2"
		}
		mustCreate(t, s, r)
	}
	got, err := s.ListByShipment(ctx(t), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"r1", "r3"}; !slices.Equal(ids(got), want) {
		t.Errorf("ListByShipment must return the shipment's returns (closed ones too), by ID: got %v, want %v", ids(got), want)
	}
	got, err = s.ListByShipment(ctx(t), "none")
	if err != nil || len(got) != 0 {
		t.Errorf("ListByShipment of a shipment without returns must return none and no error, got %v, %v", ids(got), err)
	}
}

func testEraseCustomer(t *testing.T, s store.Store) {
	e, ok := s.(store.CustomerEraser)
	if !ok {
		t.Skip("the store does not implement store.CustomerEraser")
	}
	a := Sample("a", store.StateApproved)
	b := Sample("b", store.StateRefunded)
	other := Sample("c", store.StateApproved)
	b.Customer.ID = a.Customer.ID
	for _, r := range []*store.Return{a, b, other} {
		mustCreate(t, s, r)
	}
	if _, err := e.EraseCustomer(ctx(t), ""); err == nil {
		t.Error("EraseCustomer with an empty customer id must fail")
	}
	n, err := e.EraseCustomer(ctx(t), a.Customer.ID)
	if err != nil || n != 2 {
		t.Fatalf("EraseCustomer = %d, %v; want 2 returns erased", n, err)
	}
	for _, id := range []string{"a", "b"} {
		got, err := s.Get(ctx(t), id)
		if err != nil {
			t.Fatal(err)
		}
		orig := Sample(id, got.State)
		orig.Customer.ID = a.Customer.ID
		orig.Version = got.Version
		equal(t, store.Erase(*orig), *got, "EraseCustomer must store store.Erase of each of the customer's returns")
		for _, p := range slices.Concat(got.Outbox, got.Failed) {
			if strings.Contains(p.LastError, "ada@") {
				t.Errorf("message %s keeps personal data in its last error after erasure: %q", p.Message.ID, p.LastError)
			}
		}
		if got.Version != 2 {
			t.Errorf("erasing is a write: version must grow to 2, got %d", got.Version)
		}
	}
	got, err := s.Get(ctx(t), "c")
	if err != nil {
		t.Fatal(err)
	}
	if got.Customer.Email == "" || got.Version != 1 {
		t.Error("EraseCustomer must leave other customers' returns alone")
	}
	if n, err := e.EraseCustomer(ctx(t), "nobody"); err != nil || n != 0 {
		t.Errorf("EraseCustomer of an unknown customer = %d, %v; want 0, nil", n, err)
	}
}

// testSlowChannel has two Services share s: one return has 20 messages due,
// the first Service's channel takes 20 seconds (on the clock) per message,
// longer in all than the flush's claim lasts, and the second Service syncs
// during every one of those sends. Each message must go out once: a flush
// never sends a message whose claim may have ended meanwhile.
func testSlowChannel(t *testing.T, s store.Store) {
	ctx := context.Background()
	var (
		mu   sync.Mutex
		now  = base
		sent = map[string]int{}
	)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	record := func(m notify.Message, took time.Duration) {
		mu.Lock()
		sent[m.ID]++
		now = now.Add(took)
		mu.Unlock()
	}
	other := make(chan *returns.Service, 1)
	slow := notify.NotifierFunc(func(ctx context.Context, m notify.Message) error {
		record(m, 20*time.Second)
		b := <-other
		_ = b.Sync(ctx) // the other process runs while this send is under way
		other <- b
		return nil
	})
	fast := notify.NotifierFunc(func(_ context.Context, m notify.Message) error {
		record(m, 0)
		return nil
	})
	newSvc := func(n notify.Notifier) *returns.Service {
		svc, err := returns.New(returns.Config{Store: s, Notifier: n, Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	a, b := newSvc(slow), newSvc(fast)
	other <- b
	r := Sample("slow", store.StateApproved)
	r.Outbox, r.Failed, r.Notified = nil, nil, nil
	for i := range 20 {
		r.Outbox = append(r.Outbox, store.Pending{Message: notify.Message{ID: fmt.Sprintf("m%02d", i), Kind: notify.KindReturnApproved,
			Audience: notify.Customer, Recipient: r.Customer, CreatedAt: base}, NextAttemptAt: base})
	}
	if _, err := s.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := a.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(10 * time.Minute)
		mu.Unlock()
	}
	if len(sent) != 20 {
		t.Fatalf("%d of 20 messages sent: %v", len(sent), sent)
	}
	for id, n := range sent {
		if n != 1 {
			t.Errorf("message %s sent %d times", id, n)
		}
	}
}
