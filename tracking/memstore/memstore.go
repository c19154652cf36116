package memstore

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Store is an in-memory store.Store. The zero value is not usable; use New.
type Store struct {
	mu        sync.Mutex
	shipments map[string]*entry
	byNumber  map[numberKey][]string
	byOrder   map[string][]string // shipment IDs by OrderID, for ListShipments of one order
	outbox    map[string]*store.OutboxMessage
	pending   map[string]*store.OutboxMessage // the outbox's pending messages
	due       map[string]*entry               // shipments with a DueAt
	queue     dueQueue                        // the due shipments by DueAt, with stale items
	seq       int64
	events    []store.Event // in Seq order
	eventIDs  map[string]bool
	cursors   map[string]int64
}

type numberKey struct{ carrier, number string }

type entry struct {
	sh    store.Shipment
	scans []store.Scan // sorted by time, then key
	gen   uint64       // bumped when DueAt may have changed: older queue items are stale
}

// New returns an empty store.
func New() *Store {
	return &Store{
		shipments: map[string]*entry{},
		byNumber:  map[numberKey][]string{},
		byOrder:   map[string][]string{},
		outbox:    map[string]*store.OutboxMessage{},
		pending:   map[string]*store.OutboxMessage{},
		due:       map[string]*entry{},
		eventIDs:  map[string]bool{},
		cursors:   map[string]int64{},
	}
}

var _ store.Store = (*Store)(nil)

func copyShipment(sh *store.Shipment) *store.Shipment {
	c := *sh
	if sh.Metadata != nil {
		c.Metadata = maps.Clone(sh.Metadata)
	}
	c.Memo = slices.Clone(sh.Memo)
	return &c
}

// CreateShipment implements store.Store.
func (s *Store) CreateShipment(ctx context.Context, sh *store.Shipment) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if sh == nil || sh.ID == "" {
		return false, errors.New("memstore: create shipment: empty ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.shipments[sh.ID]; ok {
		return false, nil
	}
	c := copyShipment(sh)
	c.Version = 1
	c.LeaseOwner, c.LeaseUntil = "", time.Time{}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	e := &entry{sh: *c}
	s.shipments[c.ID] = e
	s.index(e)
	k := numberKey{c.Carrier, c.TrackingNumber}
	ids := append(s.byNumber[k], c.ID)
	slices.Sort(ids)
	s.byNumber[k] = ids
	if c.OrderID != "" {
		s.byOrder[c.OrderID] = append(s.byOrder[c.OrderID], c.ID)
	}
	return true, nil
}

// GetShipment implements store.Store.
func (s *Store) GetShipment(ctx context.Context, id string) (*store.Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.shipments[id]
	if !ok {
		return nil, fmt.Errorf("memstore: shipment %q: %w", id, store.ErrNotFound)
	}
	return copyShipment(&e.sh), nil
}

// FindByTrackingNumber implements store.Store.
func (s *Store) FindByTrackingNumber(ctx context.Context, carrier, number string) ([]*store.Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.byNumber[numberKey{carrier, number}]
	out := make([]*store.Shipment, 0, len(ids))
	for _, id := range ids {
		out = append(out, copyShipment(&s.shipments[id].sh))
	}
	return out, nil
}

// Scans implements store.Store.
func (s *Store) Scans(ctx context.Context, id string) ([]store.Scan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.shipments[id]
	if !ok {
		return nil, fmt.Errorf("memstore: shipment %q: %w", id, store.ErrNotFound)
	}
	return slices.Clone(e.scans), nil
}

func compareScans(a, b store.Scan) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	ka, kb := a.Key(), b.Key()
	return cmp.Or(cmp.Compare(ka.Code, kb.Code), cmp.Compare(ka.Description, kb.Description), cmp.Compare(ka.Location, kb.Location))
}

// addScans inserts the scans not present yet; s.mu is held.
func (e *entry) addScans(scans []store.Scan) int {
	added := 0
	for _, sc := range scans {
		i, found := slices.BinarySearchFunc(e.scans, sc, compareScans)
		if found {
			continue
		}
		e.scans = slices.Insert(e.scans, i, sc)
		added++
	}
	return added
}

// AppendScans implements store.Store.
func (s *Store) AppendScans(ctx context.Context, id string, scans []store.Scan) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.shipments[id]
	if !ok {
		return 0, fmt.Errorf("memstore: shipment %q: %w", id, store.ErrNotFound)
	}
	n := e.addScans(scans)
	if n > 0 {
		e.sh.Version++
	}
	return n, nil
}

// UpdateShipment implements store.Store.
func (s *Store) UpdateShipment(ctx context.Context, p store.UpdateParams) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if p.Shipment == nil {
		return 0, errors.New("memstore: update shipment: nil shipment")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.shipments[p.Shipment.ID]
	if !ok {
		return 0, fmt.Errorf("memstore: shipment %q: %w", p.Shipment.ID, store.ErrNotFound)
	}
	if e.sh.Version != p.Shipment.Version {
		return 0, fmt.Errorf("memstore: shipment %q at version %d, not %d: %w", p.Shipment.ID, e.sh.Version, p.Shipment.Version, store.ErrConflict)
	}
	for _, m := range p.Outbox {
		if m.Message.ID == "" {
			return 0, errors.New("memstore: update shipment: outbox message without ID")
		}
	}
	for _, ev := range p.Events {
		if ev.ID == "" {
			return 0, errors.New("memstore: update shipment: event without ID")
		}
	}
	c := copyShipment(p.Shipment)
	c.Version = e.sh.Version + 1
	// The ID, registration time and lease are not the caller's to change
	// here; a corrected carrier or tracking number is (tracking's Update).
	c.CreatedAt = e.sh.CreatedAt
	c.LeaseOwner, c.LeaseUntil = e.sh.LeaseOwner, e.sh.LeaseUntil
	if old := (numberKey{e.sh.Carrier, e.sh.TrackingNumber}); old != (numberKey{c.Carrier, c.TrackingNumber}) {
		s.byNumber[old] = slices.DeleteFunc(s.byNumber[old], func(id string) bool { return id == c.ID })
		if len(s.byNumber[old]) == 0 {
			delete(s.byNumber, old)
		}
		k := numberKey{c.Carrier, c.TrackingNumber}
		ids := append(s.byNumber[k], c.ID)
		slices.Sort(ids)
		s.byNumber[k] = ids
	}
	if c.OrderID != e.sh.OrderID {
		if old := e.sh.OrderID; old != "" {
			s.byOrder[old] = slices.DeleteFunc(s.byOrder[old], func(id string) bool { return id == c.ID })
			if len(s.byOrder[old]) == 0 {
				delete(s.byOrder, old)
			}
		}
		if c.OrderID != "" {
			s.byOrder[c.OrderID] = append(s.byOrder[c.OrderID], c.ID)
		}
	}
	if p.ReleaseLease != "" && c.LeaseOwner == p.ReleaseLease {
		c.LeaseOwner, c.LeaseUntil = "", time.Time{}
	}
	e.sh = *c
	s.index(e)
	e.addScans(p.Scans)
	for _, m := range p.Outbox {
		if _, dup := s.outbox[m.Message.ID]; dup {
			continue
		}
		m := m
		if m.Status == "" {
			m.Status = store.OutboxPending
		}
		m.LeaseOwner, m.LeaseUntil = "", time.Time{}
		s.seq++
		m.Seq = s.seq
		s.outbox[m.Message.ID] = &m
		if m.Status == store.OutboxPending {
			s.pending[m.Message.ID] = &m
		}
	}
	for _, ev := range p.Events {
		s.appendEvent(ev)
	}
	return c.Version, nil
}

// appendEvent adds ev with the next Seq unless its ID is stored; s.mu is held.
func (s *Store) appendEvent(ev store.Event) {
	if s.eventIDs[ev.ID] {
		return
	}
	s.eventIDs[ev.ID] = true
	ev.Data = slices.Clone(ev.Data)
	ev.Seq = int64(len(s.events)) + 1
	s.events = append(s.events, ev)
}

// index keeps s.due and s.queue in step with e's DueAt; s.mu is held. The
// queue is not searched for e's old item: it becomes stale and is dropped
// when it reaches the top, or when the queue is rebuilt.
func (s *Store) index(e *entry) {
	e.gen++
	if e.sh.DueAt.IsZero() {
		delete(s.due, e.sh.ID)
	} else {
		s.due[e.sh.ID] = e
		heap.Push(&s.queue, dueItem{at: e.sh.DueAt, id: e.sh.ID, e: e, gen: e.gen})
	}
	if len(s.queue) > 2*len(s.due)+1024 {
		s.rebuildQueue()
	}
}

// rebuildQueue drops the stale items; s.mu is held.
func (s *Store) rebuildQueue() {
	s.queue = s.queue[:0]
	for _, e := range s.due {
		s.queue = append(s.queue, dueItem{at: e.sh.DueAt, id: e.sh.ID, e: e, gen: e.gen})
	}
	heap.Init(&s.queue)
}

// dueItem is a shipment in the due queue, as of its entry's generation gen.
type dueItem struct {
	at  time.Time
	id  string
	e   *entry
	gen uint64
}

func (d dueItem) stale() bool { return d.e.gen != d.gen }

// dueQueue is a min-heap of due items by time, then shipment ID.
type dueQueue []dueItem

func (q dueQueue) Len() int { return len(q) }
func (q dueQueue) Less(i, j int) bool {
	return cmp.Or(q[i].at.Compare(q[j].at), cmp.Compare(q[i].id, q[j].id)) < 0
}
func (q dueQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)   { *q = append(*q, x.(dueItem)) }
func (q *dueQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	old[len(old)-1] = dueItem{}
	*q = old[:len(old)-1]
	return it
}

func free(owner string, until, now time.Time) bool {
	return owner == "" || !until.After(now)
}

// ClaimDue implements store.Store.
func (s *Store) ClaimDue(ctx context.Context, p store.ClaimDueParams) ([]*store.Shipment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.Max <= 0 || p.Owner == "" || p.LeaseFor <= 0 {
		return nil, errors.New("memstore: claim due: Max, Owner and LeaseFor are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Take items off the queue in order until Max free ones are found;
	// leased ones (and the claimed ones: they stay due until the Service
	// updates them) go back afterwards.
	var due []*entry
	var back []dueItem
	for len(due) < p.Max && len(s.queue) > 0 {
		top := s.queue[0]
		if top.stale() {
			heap.Pop(&s.queue)
			continue
		}
		if top.at.After(p.Now) {
			break
		}
		heap.Pop(&s.queue)
		back = append(back, top)
		if free(top.e.sh.LeaseOwner, top.e.sh.LeaseUntil, p.Now) {
			due = append(due, top.e)
		}
	}
	for _, it := range back {
		heap.Push(&s.queue, it)
	}
	out := make([]*store.Shipment, len(due))
	for i, e := range due {
		e.sh.LeaseOwner, e.sh.LeaseUntil = p.Owner, p.Now.Add(p.LeaseFor)
		out[i] = copyShipment(&e.sh)
	}
	return out, nil
}

// ClaimOutbox implements store.Store.
func (s *Store) ClaimOutbox(ctx context.Context, p store.ClaimOutboxParams) ([]store.OutboxMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.Max <= 0 || p.Owner == "" || p.LeaseFor <= 0 {
		return nil, errors.New("memstore: claim outbox: Max, Owner and LeaseFor are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var due []*store.OutboxMessage
	for _, m := range s.pending {
		if !m.NextAttemptAt.After(p.Now) && free(m.LeaseOwner, m.LeaseUntil, p.Now) {
			due = append(due, m)
		}
	}
	slices.SortFunc(due, func(a, b *store.OutboxMessage) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.Seq, b.Seq))
	})
	if len(due) > p.Max {
		due = due[:p.Max]
	}
	out := make([]store.OutboxMessage, len(due))
	for i, m := range due {
		m.LeaseOwner, m.LeaseUntil = p.Owner, p.Now.Add(p.LeaseFor)
		out[i] = *m
	}
	return out, nil
}

// AckOutbox implements store.Store. A sent message keeps only its ID,
// shipment, order, kind, audience and status, so that memory stays small.
func (s *Store) AckOutbox(ctx context.Context, id string, sentAt time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.outbox[id]
	if !ok {
		return fmt.Errorf("memstore: outbox message %q: %w", id, store.ErrNotFound)
	}
	delete(s.pending, id)
	s.appendEvent(store.MessageEvent(store.EventMessageSent, m.Message, sentAt))
	*m = store.OutboxMessage{
		Message:  slimMessage(m),
		Seq:      m.Seq,
		Status:   store.OutboxSent,
		Attempts: m.Attempts,
		SentAt:   sentAt,
	}
	return nil
}

func slimMessage(m *store.OutboxMessage) (out notify.Message) {
	out.ID, out.ShipmentID, out.OrderID, out.Kind, out.Audience = m.Message.ID, m.Message.ShipmentID, m.Message.OrderID, m.Message.Kind, m.Message.Audience
	return out
}

// RetryOutbox implements store.Store.
func (s *Store) RetryOutbox(ctx context.Context, p store.RetryParams) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.outbox[p.ID]
	if !ok {
		return fmt.Errorf("memstore: outbox message %q: %w", p.ID, store.ErrNotFound)
	}
	if m.Status != store.OutboxPending || m.LeaseOwner != p.Owner || p.Owner == "" {
		return fmt.Errorf("memstore: outbox message %q is not leased to %q: %w", p.ID, p.Owner, store.ErrConflict)
	}
	if !p.Deferred {
		m.Attempts++
	}
	m.LastError = p.LastError
	m.LeaseOwner, m.LeaseUntil = "", time.Time{}
	if p.Dead {
		m.Status = store.OutboxDead
		m.DeadAt = p.At
		delete(s.pending, p.ID)
		s.appendEvent(store.MessageEvent(store.EventMessageDead, m.Message, p.At))
	} else {
		m.NextAttemptAt = p.NextAttemptAt
	}
	return nil
}

var _ store.OutboxReader = (*Store)(nil)

// OutboxMessage implements store.OutboxReader.
func (s *Store) OutboxMessage(ctx context.Context, id string) (store.OutboxMessage, error) {
	if err := ctx.Err(); err != nil {
		return store.OutboxMessage{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.outbox[id]
	if !ok {
		return store.OutboxMessage{}, fmt.Errorf("memstore: outbox message %q: %w", id, store.ErrNotFound)
	}
	return *m, nil
}

// EraseCustomer implements store.Store. The last errors of the customer's
// messages, whatever their status, are blanked too: a channel's error may
// quote the address.
func (s *Store) EraseCustomer(ctx context.Context, customerID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if customerID == "" {
		return 0, errors.New("memstore: erase customer: empty customer ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.shipments {
		r := &e.sh.Recipient
		if r.ID == customerID {
			r.Name, r.Email, r.Phone = "", "", ""
			e.sh.Version++
			n++
		}
	}
	for _, m := range s.outbox {
		r := &m.Message.Recipient
		if r.ID != customerID {
			continue
		}
		r.Name, r.Email, r.Phone = "", "", ""
		m.Message.Subject, m.Message.Text, m.Message.HTML = "", "", ""
		m.LastError = ""
		if m.Status == store.OutboxPending {
			delete(s.pending, m.Message.ID)
			m.Status = store.OutboxDead
			m.LastError = "recipient erased"
			m.LeaseOwner, m.LeaseUntil = "", time.Time{}
		}
	}
	return n, nil
}

// Len returns the number of shipments stored.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.shipments)
}
