package ops

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// shipmentRow is one shipment as the pages and their JSON show it; times
// are in the shop's zone.
type shipmentRow struct {
	ID             string              `json:"id"`
	URL            string              `json:"url"`
	OrderID        string              `json:"order_id,omitempty"`
	OrderURL       string              `json:"order_url,omitempty"`
	Carrier        string              `json:"carrier"`
	TrackingNumber string              `json:"tracking_number"`
	State          tracking.State      `json:"state"`
	Reason         tracking.Reason     `json:"reason,omitempty"`
	Milestone      milestone.Milestone `json:"milestone"`
	Detail         milestone.Detail    `json:"detail,omitempty"`
	ActionRequired bool                `json:"action_required"`
	NotFound       bool                `json:"not_found"`
	Late           bool                `json:"late"`
	PromisedBy     time.Time           `json:"promised_by,omitzero"`
	ETA            time.Time           `json:"eta,omitzero"`
	DeliveredAt    time.Time           `json:"delivered_at,omitzero"`
	LastChecked    time.Time           `json:"last_checked,omitzero"`
	NextCheck      time.Time           `json:"next_check,omitzero"`
	CreatedAt      time.Time           `json:"created_at,omitzero"`
	UpdatedAt      time.Time           `json:"updated_at,omitzero"`
	CancelledAt    time.Time           `json:"cancelled_at,omitzero"`
	CancelReason   string              `json:"cancel_reason,omitempty"`
	Version        int64               `json:"version"`
	Parcel         int                 `json:"parcel,omitempty"`
	Parcels        int                 `json:"parcels,omitempty"`
}

func (h *Handler) row(v tracking.View) shipmentRow {
	loc := h.cfg.Location
	in := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(loc)
	}
	r := shipmentRow{
		ID: v.ID, URL: h.link("shipments", v.ID), OrderID: v.OrderID,
		Carrier: v.Carrier, TrackingNumber: v.TrackingNumber,
		State: v.State, Reason: v.Reason, Milestone: v.Milestone, Detail: v.Detail,
		ActionRequired: v.ActionRequired, NotFound: v.NotFound, Late: v.Late,
		PromisedBy: in(v.PromisedBy), ETA: in(v.ETA), DeliveredAt: in(v.DeliveredAt),
		LastChecked: in(v.LastChecked), NextCheck: in(v.NextCheck),
	}
	r.Version, r.CancelReason, r.Parcel, r.Parcels = v.Version, redact(v.CancelReason), v.Parcel, v.Parcels
	r.CreatedAt, r.UpdatedAt, r.CancelledAt = in(v.CreatedAt), in(v.UpdatedAt), in(v.CancelledAt)
	if v.OrderID != "" {
		r.OrderURL = h.link("orders", v.OrderID)
	}
	return r
}

// filterModel is the list's filters as the request gave them.
type filterModel struct {
	States  []string `json:"state,omitempty"`
	Reasons []string `json:"reason,omitempty"`
	Carrier string   `json:"carrier,omitempty"`
	Order   string   `json:"order,omitempty"`
	All     bool     `json:"all"`
	Action  bool     `json:"action,omitempty"`
	// NotFound keeps the shipments the carrier has no data for.
	NotFound bool `json:"notfound,omitempty"`
	// Number is a tracking number (spaces, dashes and case aside).
	Number string `json:"number,omitempty"`
	Search string `json:"q,omitempty"`
}

// listModel is the list page: the shipments that need attention (or all,
// with all=1) matching the filters, newest change first.
type listModel struct {
	Filter    filterModel   `json:"filter"`
	Shipments []shipmentRow `json:"shipments"`
	// Next is the cursor of the next page ("" on the last) and NextURL
	// the page's link.
	Next    string `json:"next,omitempty"`
	NextURL string `json:"next_url,omitempty"`
	// Notice says that a search found nothing.
	Notice string `json:"notice,omitempty"`
	// StateChoices and ReasonChoices are what the filter form offers.
	StateChoices  []tracking.State  `json:"-"`
	ReasonChoices []tracking.Reason `json:"-"`
}

// reasons lists the reasons the filter offers.
var reasons = []tracking.Reason{
	tracking.ReasonNotPickedUp, tracking.ReasonNoScans, tracking.ReasonPredictedLate,
	tracking.ReasonCarrierETA, tracking.ReasonPromiseMissed, tracking.ReasonCarrierException,
	tracking.ReasonSilence, tracking.ReasonOnTime, tracking.ReasonLate,
}

// shortText reports whether a query value is usable as a filter: clean
// text of at most 128 bytes.
func shortText(s string) bool { return len(s) <= 128 && store.IsCleanText(s) }

func (h *Handler) listView(w http.ResponseWriter, rq *request) {
	t := rq.w().T
	qv := rq.r.URL.Query()
	f := filterModel{
		Carrier: strings.TrimSpace(qv.Get("carrier")), Order: strings.TrimSpace(qv.Get("order")),
		All: qv.Get("all") == "1", Action: qv.Get("action") == "1", Search: strings.TrimSpace(qv.Get("q")),
		NotFound: qv.Get("notfound") == "1", Number: strings.TrimSpace(qv.Get("number")),
	}
	q := tracking.Query{NeedsAttention: !f.All, Carrier: f.Carrier, OrderID: f.Order, TrackingNumber: f.Number,
		Limit: h.cfg.PageSize, Cursor: qv.Get("cursor")}
	yes := true
	if f.Action {
		q.ActionRequired = &yes
	}
	if f.NotFound {
		q.NotFound = &yes
	}
	for _, s := range qv["state"] {
		if s == "" {
			continue
		}
		if !slices.Contains(tracking.States(), tracking.State(s)) {
			h.fail(w, rq, http.StatusBadRequest, "bad_filter", t["badState"]+" "+quote(s))
			return
		}
		f.States = append(f.States, s)
		q.States = append(q.States, tracking.State(s))
	}
	for _, s := range qv["reason"] {
		if s == "" {
			continue
		}
		if !slices.Contains(reasons, tracking.Reason(s)) {
			h.fail(w, rq, http.StatusBadRequest, "bad_filter", t["badReason"]+" "+quote(s))
			return
		}
		f.Reasons = append(f.Reasons, s)
		q.Reasons = append(q.Reasons, tracking.Reason(s))
	}
	if !shortText(f.Carrier) || !shortText(f.Order) || !shortText(f.Search) || !shortText(f.Number) {
		h.fail(w, rq, http.StatusBadRequest, "bad_filter", t["badText"])
		return
	}
	if len(q.Cursor) > maxCursor || !store.IsCleanText(q.Cursor) || strings.ContainsAny(q.Cursor, " \t\n") {
		h.fail(w, rq, http.StatusBadRequest, "bad_cursor", t["badCursor"])
		return
	}
	m := listModel{Filter: f, StateChoices: tracking.States(), ReasonChoices: reasons, Shipments: []shipmentRow{}}
	if f.Search != "" {
		target, err := h.search(rq, f.Search)
		if err != nil {
			h.backendError(w, rq, "search", "", err)
			return
		}
		if target != "" {
			http.Redirect(w, rq.r, target, http.StatusSeeOther)
			return
		}
		m.Notice = t["nothingFound"] + " " + quote(f.Search)
		h.render(w, rq, http.StatusOK, "list", t["attention"], m)
		return
	}
	p, err := h.b.List(rq.r.Context(), q)
	if err != nil {
		h.backendError(w, rq, "list", "", err)
		return
	}
	for _, v := range p.Shipments {
		m.Shipments = append(m.Shipments, h.row(v))
	}
	if p.Next != "" {
		m.Next = p.Next
		nq := url.Values{}
		for k, vs := range qv {
			if k != "cursor" {
				nq[k] = vs
			}
		}
		nq.Set("cursor", p.Next)
		m.NextURL = h.cfg.BasePath + "?" + nq.Encode()
	}
	title := t["attention"]
	if f.All {
		title = t["allShipments"]
	}
	h.render(w, rq, http.StatusOK, "list", title, m)
}

// search finds an order or a shipment by its id, or shipments by their
// tracking number, giving the URL to show: the order's or the shipment's
// page, or the list of every shipment with that number when there are
// several; "" when there is none. Only a failure of the backend is an
// error.
func (h *Handler) search(rq *request, s string) (string, error) {
	ctx := rq.r.Context()
	o, err := h.b.OrderStatus(ctx, s)
	switch {
	case err == nil && len(o.Shipments) > 0:
		return h.link("orders", s), nil
	case err != nil && !notFound(err):
		return "", err
	}
	_, err = h.b.Status(ctx, s)
	switch {
	case err == nil:
		return h.link("shipments", s), nil
	case !notFound(err):
		return "", err
	}
	p, err := h.b.List(ctx, tracking.Query{TrackingNumber: s, Limit: 2})
	switch {
	case err != nil && !notFound(err):
		return "", err
	case err != nil || len(p.Shipments) == 0:
		return "", nil
	case len(p.Shipments) == 1:
		return h.link("shipments", p.Shipments[0].ID), nil
	}
	return h.cfg.BasePath + "?" + url.Values{"all": {"1"}, "number": {s}}.Encode(), nil
}

// notFound reports whether err says that what was asked for does not
// exist (or cannot, being no valid ID).
func notFound(err error) bool {
	return errors.Is(err, tracking.ErrUnknownShipment) || errors.Is(err, tracking.ErrInvalid)
}

// timelineRow is one scan.
type timelineRow struct {
	Time           time.Time           `json:"time"`
	Milestone      milestone.Milestone `json:"milestone"`
	Detail         milestone.Detail    `json:"detail,omitempty"`
	ActionRequired bool                `json:"action_required,omitempty"`
	Description    string              `json:"description,omitempty"`
	Location       string              `json:"location,omitempty"`
	Code           string              `json:"code,omitempty"`
}

// deadRow is one dead letter; its last error has no e-mail address.
type deadRow struct {
	ID          string      `json:"id"`
	ShipmentID  string      `json:"shipment_id"`
	ShipmentURL string      `json:"shipment_url"`
	Kind        notify.Kind `json:"kind"`
	Attempts    int         `json:"attempts"`
	LastError   string      `json:"last_error"`
	DeadAt      time.Time   `json:"dead_at"`
	ReplayURL   string      `json:"replay_url"`
	DiscardURL  string      `json:"discard_url"`
}

func (h *Handler) deadRow(d tracking.DeadLetter) deadRow {
	return deadRow{
		ID: d.ID, ShipmentID: d.ShipmentID, ShipmentURL: h.link("shipments", d.ShipmentID),
		Kind: d.Kind, Attempts: d.Attempts, LastError: redact(d.LastError),
		DeadAt:    d.DeadAt.In(h.cfg.Location),
		ReplayURL: h.link("dead", d.ID, "replay"), DiscardURL: h.link("dead", d.ID, "discard"),
	}
}

// messageRow is one message about a shipment; its last error has no
// e-mail address. At is the time its status gives: the next attempt of a
// pending message, when a sent one was sent, when a dead or discarded one
// was given up.
type messageRow struct {
	ID            string                 `json:"id"`
	Kind          notify.Kind            `json:"kind"`
	Audience      notify.Audience        `json:"audience,omitempty"`
	Status        tracking.MessageStatus `json:"status"`
	Attempts      int                    `json:"attempts"`
	NextAttemptAt time.Time              `json:"next_attempt_at,omitzero"`
	SentAt        time.Time              `json:"sent_at,omitzero"`
	DeadAt        time.Time              `json:"dead_at,omitzero"`
	LastError     string                 `json:"last_error,omitempty"`
	At            time.Time              `json:"-"`
}

func (h *Handler) messageRow(m tracking.MessageView) messageRow {
	in := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(h.cfg.Location)
	}
	r := messageRow{
		ID: m.ID, Kind: m.Kind, Audience: m.Audience, Status: m.Status, Attempts: m.Attempts,
		NextAttemptAt: in(m.NextAttemptAt), SentAt: in(m.SentAt), DeadAt: in(m.DeadAt), LastError: redact(m.LastError),
	}
	switch m.Status {
	case tracking.MessagePending:
		r.At = r.NextAttemptAt
	case tracking.MessageSent:
		r.At = r.SentAt
	case tracking.MessageDead, tracking.MessageDiscarded:
		r.At = r.DeadAt
	}
	return r
}

// shipmentModel is one shipment's page.
type shipmentModel struct {
	Shipment shipmentRow   `json:"shipment"`
	Timeline []timelineRow `json:"timeline"`
	// Messages are every message about the shipment, newest first.
	Messages []messageRow `json:"messages"`
	// DeadLetters are the shipment's messages that could not be sent.
	DeadLetters []deadRow `json:"dead_letters"`
	// Notice says what the last action did.
	Notice string `json:"notice,omitempty"`
	// Kinds are the messages an operator may resend; PromiseDate the
	// promise as the form's date.
	Kinds       []notify.Kind `json:"-"`
	PromiseDate string        `json:"-"`
	// Open is true while the shipment can still be changed or cancelled
	// (not delivered, returned or cancelled).
	Open bool `json:"open"`
}

// resendKinds are the shipment messages the resend form offers.
var resendKinds = []notify.Kind{
	notify.KindShipped, notify.KindArrivedAtLocalFacility, notify.KindOutForDelivery, notify.KindDeliveryAttempted,
	notify.KindAvailableForPickup, notify.KindDelivered, notify.KindException, notify.KindReturnedToSender,
	notify.KindDelayed, notify.KindNotPickedUp, notify.KindStalled, notify.KindLost, notify.KindNotFound,
}

// notices are the done= values of the redirects after actions.
var notices = []string{"cancelled", "resent", "promise", "replayed", "discarded"}

func (h *Handler) shipmentPage(w http.ResponseWriter, rq *request, id string) {
	ctx := rq.r.Context()
	v, err := h.b.Status(ctx, id)
	if err != nil {
		h.backendError(w, rq, "status", id, err)
		return
	}
	dl, err := h.b.DeadLetters(ctx, tracking.DeadLetterQuery{ShipmentID: v.ID, Limit: h.cfg.PageSize})
	if err != nil {
		h.backendError(w, rq, "dead letters", id, err)
		return
	}
	msgs, err := h.b.Messages(ctx, v.ID)
	if err != nil {
		h.backendError(w, rq, "messages", id, err)
		return
	}
	m := shipmentModel{Shipment: h.row(v), Timeline: []timelineRow{}, Messages: []messageRow{}, DeadLetters: []deadRow{},
		Kinds: resendKinds, Open: !v.State.Terminal()}
	for _, msg := range msgs {
		m.Messages = append(m.Messages, h.messageRow(msg))
	}
	for i := len(v.Timeline) - 1; i >= 0; i-- { // newest first
		e := v.Timeline[i]
		m.Timeline = append(m.Timeline, timelineRow{
			Time: e.Time.In(h.cfg.Location), Milestone: e.Milestone, Detail: e.Detail, ActionRequired: e.ActionRequired,
			Description: e.Description, Location: e.Location, Code: e.Code,
		})
	}
	for _, d := range dl.DeadLetters {
		m.DeadLetters = append(m.DeadLetters, h.deadRow(d))
	}
	if done := rq.r.URL.Query().Get("done"); slices.Contains(notices, done) {
		m.Notice = rq.w().T["done_"+done]
	}
	if !v.PromisedBy.IsZero() {
		m.PromiseDate = v.PromisedBy.In(h.cfg.Location).Format(time.DateOnly)
	}
	h.render(w, rq, http.StatusOK, "shipment", rq.w().T["shipment"]+" "+v.ID, m)
}

// orderModel is an order's page: its parcels together.
type orderModel struct {
	OrderID   string         `json:"order_id"`
	State     tracking.State `json:"state"`
	Delivered int            `json:"delivered"`
	Total     int            `json:"total"`
	Shipments []shipmentRow  `json:"shipments"`
}

func (h *Handler) orderPage(w http.ResponseWriter, rq *request, id string) {
	o, err := h.b.OrderStatus(rq.r.Context(), id)
	if err == nil && len(o.Shipments) == 0 {
		err = tracking.ErrUnknownShipment
	}
	if err != nil {
		h.backendError(w, rq, "order status", id, err)
		return
	}
	m := orderModel{OrderID: o.OrderID, State: o.State, Delivered: o.Delivered, Total: o.Total, Shipments: []shipmentRow{}}
	for _, v := range o.Shipments {
		m.Shipments = append(m.Shipments, h.row(v))
	}
	h.render(w, rq, http.StatusOK, "order", rq.w().T["order"]+" "+o.OrderID, m)
}

// deadModel is the dead letters' page.
type deadModel struct {
	Shipment    string      `json:"shipment,omitempty"`
	Kind        notify.Kind `json:"kind,omitempty"`
	DeadLetters []deadRow   `json:"dead_letters"`
	Next        string      `json:"next,omitempty"`
	NextURL     string      `json:"next_url,omitempty"`
	Notice      string      `json:"notice,omitempty"`
}

func (h *Handler) deadPage(w http.ResponseWriter, rq *request) {
	t := rq.w().T
	qv := rq.r.URL.Query()
	m := deadModel{Shipment: strings.TrimSpace(qv.Get("shipment")), Kind: notify.Kind(strings.TrimSpace(qv.Get("kind"))), DeadLetters: []deadRow{}}
	cursor := qv.Get("cursor")
	if !shortText(m.Shipment) || !shortText(string(m.Kind)) {
		h.fail(w, rq, http.StatusBadRequest, "bad_filter", t["badText"])
		return
	}
	if len(cursor) > maxCursor || !store.IsCleanText(cursor) || strings.ContainsAny(cursor, " \t\n") {
		h.fail(w, rq, http.StatusBadRequest, "bad_cursor", t["badCursor"])
		return
	}
	p, err := h.b.DeadLetters(rq.r.Context(), tracking.DeadLetterQuery{ShipmentID: m.Shipment, Kind: m.Kind, Limit: h.cfg.PageSize, Cursor: cursor})
	if err != nil {
		h.backendError(w, rq, "dead letters", "", err)
		return
	}
	for _, d := range p.DeadLetters {
		m.DeadLetters = append(m.DeadLetters, h.deadRow(d))
	}
	if p.Next != "" {
		m.Next = p.Next
		nq := url.Values{}
		if m.Shipment != "" {
			nq.Set("shipment", m.Shipment)
		}
		if m.Kind != "" {
			nq.Set("kind", string(m.Kind))
		}
		nq.Set("cursor", p.Next)
		m.NextURL = h.link("dead") + "?" + nq.Encode()
	}
	if done := qv.Get("done"); slices.Contains(notices, done) {
		m.Notice = t["done_"+done]
	}
	h.render(w, rq, http.StatusOK, "dead", t["deadLetters"], m)
}

// confirmModel is the page that asks before an action that cannot be
// undone; its form posts to PostURL.
type confirmModel struct {
	Action   string       `json:"action"`
	ID       string       `json:"id"`
	Kind     string       `json:"kind,omitempty"`
	Shipment *shipmentRow `json:"shipment,omitempty"`
	PostURL  string       `json:"post_url"`
	BackURL  string       `json:"back_url"`
	// Question is what the page asks.
	Question string `json:"question"`
}

func (h *Handler) confirmPage(w http.ResponseWriter, rq *request, kind, id, action string) {
	t := rq.w().T
	m := confirmModel{Action: action, ID: id, PostURL: h.link(kind, id, action), Question: t["confirm_"+action]}
	if kind == "shipments" {
		v, err := h.b.Status(rq.r.Context(), id)
		if err != nil {
			h.backendError(w, rq, "status", id, err)
			return
		}
		r := h.row(v)
		m.Shipment, m.BackURL = &r, r.URL
		if action == "resend" {
			k := notify.Kind(rq.r.URL.Query().Get("kind"))
			if !slices.Contains(resendKinds, k) {
				h.fail(w, rq, http.StatusBadRequest, "bad_kind", t["badKind"]+" "+quote(string(k)))
				return
			}
			m.Kind = string(k)
		}
	} else {
		m.BackURL = h.link("dead")
	}
	h.render(w, rq, http.StatusOK, "confirm", t["confirm"], m)
}

// quote quotes text from a request for a message, cut to 64 bytes and
// without e-mail addresses.
func quote(s string) string {
	s = store.CleanText(s)
	if len(s) > 64 {
		s = strings.ToValidUTF8(s[:64], "") + "…"
	}
	return `"` + redact(s) + `"`
}
