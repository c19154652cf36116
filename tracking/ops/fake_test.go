package ops

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wismo-dev/wismo/tracking"
)

// fake is a Backend over a map, keeping what the actions asked. Its List
// orders by UpdatedAt descending as the Service does; its cursors carry
// a hash of the query's filters and the offset.
type fake struct {
	mu       sync.Mutex
	views    map[string]tracking.View
	updated  map[string]time.Time
	dead     []tracking.DeadLetter
	msgs     map[string][]tracking.MessageView // by shipment ID
	err      error                             // returned by every call when set
	queries  []tracking.Query
	cancels  []string // "id|reason"
	updates  []string // "id|version|promise"
	resends  []string // "id|kind"
	replays  []string
	discards []string
}

func newFake() *fake {
	return &fake{views: map[string]tracking.View{}, updated: map[string]time.Time{}}
}

func (f *fake) put(v tracking.View, updated time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v.UpdatedAt = updated
	f.views[v.ID] = v
	f.updated[v.ID] = updated
}

var attention = []tracking.State{tracking.StateAtRisk, tracking.StateDelayed, tracking.StateException, tracking.StateLost}

func filterHash(q tracking.Query) string {
	q.Cursor, q.Limit = "", 0
	sum := sha256.Sum256([]byte(fmt.Sprintf("%+v", q)))
	return hex.EncodeToString(sum[:6])
}

func (f *fake) List(_ context.Context, q tracking.Query) (tracking.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	if f.err != nil {
		return tracking.Page{}, f.err
	}
	var ids []string
	for id, v := range f.views {
		switch {
		case q.NeedsAttention && !slices.Contains(attention, v.State) && !v.ActionRequired && !v.NotFound:
		case q.NotFound != nil && *q.NotFound != v.NotFound:
		case q.TrackingNumber != "" && numberKey(q.TrackingNumber) != numberKey(v.TrackingNumber):
		case len(q.States) > 0 && !slices.Contains(q.States, v.State):
		case len(q.Reasons) > 0 && !slices.Contains(q.Reasons, v.Reason):
		case q.ActionRequired != nil && *q.ActionRequired != v.ActionRequired:
		case q.Carrier != "" && q.Carrier != v.Carrier:
		case q.OrderID != "" && q.OrderID != v.OrderID:
		default:
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		if c := f.updated[b].Compare(f.updated[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	from := 0
	if q.Cursor != "" {
		h, n, ok := strings.Cut(q.Cursor, ".")
		i, err := strconv.Atoi(n)
		if !ok || h != filterHash(q) || err != nil || i < 0 || i > len(ids) {
			return tracking.Page{}, fmt.Errorf("fake: list: %w", tracking.ErrBadCursor)
		}
		from = i
	}
	var p tracking.Page
	to := min(from+q.Limit, len(ids))
	for _, id := range ids[from:to] {
		v := f.views[id]
		v.Timeline = nil
		p.Shipments = append(p.Shipments, v)
	}
	if to < len(ids) {
		p.Next = filterHash(q) + "." + strconv.Itoa(to)
	}
	return p, nil
}

// numberKey is the fake's tracking-number comparison: spaces, dashes and
// case aside.
func numberKey(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
}

func (f *fake) Messages(_ context.Context, id string) ([]tracking.MessageView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if _, ok := f.views[id]; !ok {
		return nil, fmt.Errorf("fake: messages %q: %w", id, tracking.ErrUnknownShipment)
	}
	return slices.Clone(f.msgs[id]), nil
}

func (f *fake) Status(_ context.Context, id string) (tracking.View, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.View{}, f.err
	}
	v, ok := f.views[id]
	if !ok {
		return tracking.View{}, fmt.Errorf("fake: status %q: %w", id, tracking.ErrUnknownShipment)
	}
	return v, nil
}

func (f *fake) OrderStatus(_ context.Context, orderID string) (tracking.OrderView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.OrderView{}, f.err
	}
	o := tracking.OrderView{OrderID: orderID}
	for _, v := range f.views {
		if v.OrderID == orderID && orderID != "" {
			o.Shipments = append(o.Shipments, v)
		}
	}
	if len(o.Shipments) == 0 {
		return tracking.OrderView{}, fmt.Errorf("fake: order %q: %w", orderID, tracking.ErrUnknownShipment)
	}
	slices.SortFunc(o.Shipments, func(a, b tracking.View) int { return strings.Compare(a.ID, b.ID) })
	o.Total, o.State = len(o.Shipments), tracking.StateDelivered
	for _, v := range o.Shipments {
		if v.State == tracking.StateDelivered {
			o.Delivered++
		} else {
			o.State = v.State
		}
	}
	return o, nil
}

func (f *fake) DeadLetters(_ context.Context, q tracking.DeadLetterQuery) (tracking.DeadLetterPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.DeadLetterPage{}, f.err
	}
	var all []tracking.DeadLetter
	for _, d := range f.dead {
		if (q.ShipmentID == "" || d.ShipmentID == q.ShipmentID) && (q.Kind == "" || d.Kind == q.Kind) {
			all = append(all, d)
		}
	}
	from := 0
	if q.Cursor != "" {
		n, ok := strings.CutPrefix(q.Cursor, "d"+q.ShipmentID+"/"+string(q.Kind)+"/")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i < 0 || i > len(all) {
			return tracking.DeadLetterPage{}, fmt.Errorf("fake: dead letters: %w", tracking.ErrBadCursor)
		}
		from = i
	}
	to := min(from+q.Limit, len(all))
	p := tracking.DeadLetterPage{DeadLetters: all[from:to]}
	if to < len(all) {
		p.Next = "d" + q.ShipmentID + "/" + string(q.Kind) + "/" + strconv.Itoa(to)
	}
	return p, nil
}

func (f *fake) findDead(id string) error {
	if f.err != nil {
		return f.err
	}
	for _, d := range f.dead {
		if d.ID == id {
			return nil
		}
	}
	return fmt.Errorf("fake: dead letter %q: %w", id, tracking.ErrUnknownMessage)
}

func (f *fake) ReplayDeadLetter(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.findDead(id); err != nil {
		return err
	}
	f.replays = append(f.replays, id)
	return nil
}

func (f *fake) DiscardDeadLetter(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.findDead(id); err != nil {
		return err
	}
	f.discards = append(f.discards, id)
	return nil
}

func (f *fake) Cancel(_ context.Context, id, reason string) (tracking.View, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.View{}, f.err
	}
	v, ok := f.views[id]
	if !ok {
		return tracking.View{}, fmt.Errorf("fake: cancel %q: %w", id, tracking.ErrUnknownShipment)
	}
	if v.State == tracking.StateDelivered {
		return tracking.View{}, fmt.Errorf("fake: cancel %q: %w", id, tracking.ErrShipmentClosed)
	}
	v.State, v.CancelReason, v.CancelledAt = tracking.StateCancelled, reason, base.Add(10*time.Hour)
	f.views[id] = v
	f.cancels = append(f.cancels, id+"|"+reason)
	return v, nil
}

func (f *fake) Update(_ context.Context, id string, c tracking.ShipmentChange) (tracking.View, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.View{}, f.err
	}
	v, ok := f.views[id]
	if !ok {
		return tracking.View{}, fmt.Errorf("fake: update %q: %w", id, tracking.ErrUnknownShipment)
	}
	if c.PromisedBy != nil {
		v.PromisedBy = *c.PromisedBy
	}
	f.views[id] = v
	p := "unchanged"
	if c.PromisedBy != nil {
		p = c.PromisedBy.Format(time.RFC3339)
	}
	f.updates = append(f.updates, id+"|"+strconv.FormatInt(c.IfVersion, 10)+"|"+p)
	return v, nil
}

func (f *fake) Resend(_ context.Context, id, kind string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if _, ok := f.views[id]; !ok {
		return fmt.Errorf("fake: resend %q: %w", id, tracking.ErrUnknownShipment)
	}
	if kind == "lost" { // never sent in the fixtures
		return fmt.Errorf("fake: resend %q: no %s message: %w", id, kind, tracking.ErrUnknownMessage)
	}
	f.resends = append(f.resends, id+"|"+kind)
	return nil
}

// calls counts the actions the fake was asked for.
func (f *fake) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.cancels) + len(f.updates) + len(f.resends) + len(f.replays) + len(f.discards)
}
