package page

import (
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
)

// Status is the page's data, and the JSON document served for
// Accept: application/json or a path ending in ".json". Its field names and
// JSON keys are stable: fields may be added, none are renamed or removed.
// Times are RFC 3339 in the customer's time zone; optional fields are
// omitted when empty. It carries no personal data beyond the recipient's
// first name and city.
type Status struct {
	// Lang is the language of the text fields, such as "de".
	Lang string `json:"lang"`
	// State and Reason are the shipment's tracking.State and tracking.Reason,
	// such as "delayed" and "carrier_eta".
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
	// Headline says in plain words where the parcel stands ("Arrives
	// Thursday, 5 March"); Message adds a sentence when there is more to say.
	Headline string `json:"headline"`
	Message  string `json:"message,omitempty"`
	// Milestone and Detail are the latest milestone and its detail, by name.
	Milestone string `json:"milestone"`
	Detail    string `json:"detail,omitempty"`
	// ActionRequired is true when the customer must act; Action says what to
	// do, and PickupLocation where the parcel waits, if it does.
	ActionRequired bool   `json:"action_required"`
	Action         string `json:"action,omitempty"`
	PickupLocation string `json:"pickup_location,omitempty"`
	// ETA is the carrier's estimate and ETAText the day in words; both are
	// empty once delivered and when unknown.
	ETA     *time.Time `json:"eta,omitempty"`
	ETAText string     `json:"eta_text,omitempty"`
	// Predicted is the delivery window the shop's own history expects when
	// the carrier gives no estimate (tracking.Config.Predict): most parcels
	// like this one arrive between From and To. Empty otherwise.
	Predicted *Window `json:"predicted,omitempty"`
	// DeliveredAt is the delivery time; empty until delivered.
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	// Late is true when the parcel is delayed or was delivered late.
	Late bool `json:"late"`
	// Progress lists the journey's steps in order.
	Progress []Step `json:"progress"`
	// Timeline lists the carrier's scans worth showing, newest first.
	Timeline []Entry `json:"timeline"`
	// LastChecked is when the carrier was last heard from; empty if never.
	LastChecked     *time.Time `json:"last_checked,omitempty"`
	LastCheckedText string     `json:"last_checked_text,omitempty"`
	// Carrier is the carrier's id and CarrierName its display name.
	Carrier     string `json:"carrier"`
	CarrierName string `json:"carrier_name"`
	// TrackingNumber is the carrier's tracking number.
	TrackingNumber string `json:"tracking_number"`
	// Recipient is the recipient's first name and city, as far as known.
	Recipient *RecipientInfo `json:"recipient,omitempty"`
	// ReturnURL is the host's "start a return" link, if configured; never
	// on a return parcel's page.
	ReturnURL string `json:"return_url,omitempty"`
	// Return is true on the page of a return parcel (tracking.View.ReturnID:
	// the customer sends it back to the shop): the headline, the steps and
	// the timeline speak of the return ("Your return is on its way back to
	// us", "Received by us"), and there is no delivery estimate, delay tag or
	// "start a return" button.
	Return bool `json:"return,omitempty"`
}

// Window is a predicted delivery window.
type Window struct {
	// From and To are the ends of the days by which half and nine tenths of
	// comparable past deliveries had arrived; Text says it in words.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	Text string    `json:"text"`
	// Source is where the window comes from: "history" (past deliveries),
	// "default" (the predictor's default when history is thin).
	Source string `json:"source"`
}

// RecipientInfo is the personal data the page shows: a first name and a city.
type RecipientInfo struct {
	FirstName string `json:"first_name,omitempty"`
	City      string `json:"city,omitempty"`
}

// Step is one step of the progress bar.
type Step struct {
	// Milestone names the step: info_received, picked_up, in_transit,
	// out_for_delivery or delivered.
	Milestone string `json:"milestone"`
	// Label is the step's name in the page's language.
	Label string `json:"label"`
	// Done is true for steps reached; Current marks the furthest one.
	Done    bool `json:"done"`
	Current bool `json:"current"`
}

// Entry is one scan of the timeline.
type Entry struct {
	Time time.Time `json:"time"`
	// TimeText is Time in words of the page's language.
	TimeText  string `json:"time_text"`
	Milestone string `json:"milestone"`
	// Text says the scan's milestone (and detail) in the page's language, as
	// the messages do ("Delivered: handed to a neighbour"); the carrier's own
	// text when the milestone has no words.
	Text string `json:"text"`
	// Description is the carrier's own text, in the carrier's language; the
	// page shows it in small print under Text.
	Description string `json:"description"`
	Location    string `json:"location,omitempty"`
}

// Recipient is what the page may know of the person a shipment goes to.
type Recipient struct {
	// FirstName greets the recipient; may be empty.
	FirstName string
	// City is the destination city; may be empty.
	City string
	// Locale is a BCP 47 tag ("de-AT") choosing the language, with fallback
	// to the language alone and to English; empty means English.
	Locale string
	// TimeZone is the IANA zone the page shows times in; empty means the
	// zone of the shipment's times.
	TimeZone string
}

// steps are the milestones of the progress bar.
var steps = []milestone.Milestone{
	milestone.InfoReceived, milestone.PickedUp, milestone.InTransit, milestone.OutForDelivery, milestone.Delivered,
}

// returnSteps are the milestones of a return parcel's progress bar: it
// goes out for delivery to the shop's warehouse, which the customer need
// not follow.
var returnSteps = []milestone.Milestone{
	milestone.InfoReceived, milestone.PickedUp, milestone.InTransit, milestone.Delivered,
}

// returnStepIndex maps a progress milestone to its step of returnSteps, -1
// for others.
func returnStepIndex(m milestone.Milestone) int {
	switch i := stepIndex(m); i {
	case 3:
		return 2
	case 4:
		return 3
	default:
		return i
	}
}

// stepIndex maps a progress milestone to its step, -1 for others.
func stepIndex(m milestone.Milestone) int {
	switch m {
	case milestone.InfoReceived:
		return 0
	case milestone.PickedUp:
		return 1
	case milestone.InTransit, milestone.ArrivedAtLocalFacility:
		return 2
	case milestone.OutForDelivery, milestone.DeliveryAttempted, milestone.AvailableForPickup:
		return 3
	case milestone.Delivered:
		return 4
	}
	return -1
}

// build turns a View into the page's Status in language lang and zone loc
// (nil: the times' own zones). It is pure: every time comes from v.
func build(v tracking.View, r Recipient, lang string, loc *time.Location, carrierName string) Status {
	d := dictionaries[lang]
	in := func(t time.Time) time.Time {
		if loc != nil {
			return t.In(loc)
		}
		return t
	}
	s := Status{
		Lang: lang, State: v.State.String(), Reason: v.Reason.String(),
		Milestone: v.Milestone.String(), Detail: string(v.Detail),
		ActionRequired: v.ActionRequired, Late: v.Late,
		Carrier: v.Carrier, CarrierName: carrierName, TrackingNumber: v.TrackingNumber,
		Progress: []Step{}, Timeline: []Entry{},
	}
	ret := v.ReturnID != ""
	if ret {
		return buildReturn(s, v, r, d, in)
	}
	if r.FirstName != "" || r.City != "" {
		s.Recipient = &RecipientInfo{FirstName: r.FirstName, City: r.City}
	}
	if !v.LastChecked.IsZero() {
		t := in(v.LastChecked)
		s.LastChecked, s.LastCheckedText = &t, d.formatDateTime(t)
	}
	if !v.DeliveredAt.IsZero() && v.State == tracking.StateDelivered {
		t := in(v.DeliveredAt)
		s.DeliveredAt = &t
	}
	if !v.ETA.IsZero() && !v.State.Terminal() {
		t := in(v.ETA)
		s.ETA = &t
		s.ETAText = d.formatDate(t)
	}
	if p := v.Predicted; v.ETA.IsZero() && !v.State.Terminal() && !p.P50.IsZero() && !p.P90.IsZero() {
		from, to := in(p.P50), in(p.P90)
		w := &Window{From: from, To: to, Source: p.Source, Text: d.formatDate(from)}
		if d.formatDate(to) != w.Text {
			w.Text = d.f("window", d.formatDate(from), d.formatDate(to))
		}
		s.Predicted = w
	}

	// Progress: the furthest step any scan reached.
	reached := -1
	var pickupAt string
	for _, e := range v.Timeline {
		reached = max(reached, stepIndex(e.Milestone))
		if e.Milestone == milestone.AvailableForPickup {
			pickupAt = e.Location
		} else if stepIndex(e.Milestone) > stepIndex(milestone.AvailableForPickup) {
			pickupAt = ""
		}
	}
	reached = max(reached, stepIndex(v.Milestone))
	if v.State == tracking.StateDelivered {
		reached = len(steps) - 1
	}
	s.progressAndTimeline(v, d, in, steps, reached, d.milestoneName, false)

	detail := d.detail(v.Detail)
	switch v.State {
	case tracking.StatePending:
		s.Headline = d.T["h_pending"]
		if s.ETAText != "" {
			s.Headline = d.f("h_pending_eta", s.ETAText)
		}
		s.Message = d.T["m_pending"]
	case tracking.StateOnTrack, tracking.StateAtRisk:
		switch v.Milestone {
		case milestone.OutForDelivery:
			s.Headline = d.T["h_out"]
		case milestone.DeliveryAttempted:
			s.Headline = d.T["h_attempted"]
			if detail != "" {
				s.Message = d.f("m_attempted", detail)
			}
		case milestone.AvailableForPickup:
			s.Headline = d.milestoneName(milestone.AvailableForPickup)
			if pickupAt != "" {
				s.Headline = d.f("h_pickup_at", pickupAt)
			}
		default:
			switch {
			case v.State == tracking.StateAtRisk:
				s.Headline = d.T["h_at_risk"]
				s.Message = d.T["m_at_risk"]
			case s.ETAText != "":
				s.Headline = d.f("h_eta", s.ETAText)
			default:
				s.Headline = d.milestoneName(milestone.InTransit)
			}
		}
	case tracking.StateDelayed:
		s.Headline = d.T["h_delayed"]
		if s.ETAText != "" {
			s.Headline = d.f("h_delayed_eta", s.ETAText)
		}
		if why := d.reason(v.Reason); why != "" {
			s.Message = d.f("m_delayed", why)
		}
	case tracking.StateException:
		s.Headline = d.T["h_exception"]
		if detail != "" {
			s.Message = d.f("m_exception", detail)
		}
	case tracking.StateLost:
		s.Headline = d.T["h_lost"]
		s.Message = d.T["m_lost"]
	case tracking.StateDelivered:
		when := v.DeliveredAt
		if when.IsZero() && len(v.Timeline) > 0 {
			when = v.Timeline[len(v.Timeline)-1].Time
		}
		key := "h_delivered"
		if v.Late {
			key = "h_delivered_late"
		}
		s.Headline = d.f(key, d.formatDate(in(when)))
		if detail != "" {
			s.Message = d.f("m_detail", detail)
		}
	case tracking.StateReturned:
		s.Headline = d.T["h_returned"]
		s.Message = d.T["m_returned"]
	case tracking.StateCancelled:
		s.Headline = d.T["h_cancelled"]
		s.Message = d.T["m_cancelled"]
	default:
		s.Headline = d.milestoneName(milestone.InTransit)
	}

	if !v.State.Terminal() {
		switch {
		case v.Detail == milestone.DetailAddressProblem:
			s.Action = d.T["a_address"]
		case v.Detail == milestone.DetailCustomsHold && v.ActionRequired:
			s.Action = d.T["a_customs"]
		case v.Milestone == milestone.AvailableForPickup:
			s.Action = d.T["a_pickup"]
			s.PickupLocation = pickupAt
		case v.Milestone == milestone.DeliveryAttempted:
			s.Action = d.T["a_attempted"]
		case v.ActionRequired:
			s.Action = d.T["a_generic"]
		}
	}
	if s.Action != "" {
		s.ActionRequired = true
	}
	return s
}

// buildReturn fills s, which build started, for a return parcel: the
// customer sends it back, so the page speaks of the return and shows no

// progressAndTimeline fills the progress steps, reached up to index reached,
// and the timeline, newest first, in the page's language; a return parcel's
// entries speak of the return.
func (s *Status) progressAndTimeline(v tracking.View, d *dict, in func(time.Time) time.Time,
	steps []milestone.Milestone, reached int, label func(milestone.Milestone) string, isReturn bool) {
	for i, m := range steps {
		s.Progress = append(s.Progress, Step{
			Milestone: m.String(), Label: label(m), Done: i <= reached, Current: i == reached,
		})
	}
	for i := len(v.Timeline) - 1; i >= 0; i-- {
		e := v.Timeline[i]
		t := in(e.Time)
		s.Timeline = append(s.Timeline, Entry{
			Time: t, TimeText: d.formatDateTime(t), Milestone: e.Milestone.String(),
			Text: d.scanText(e, isReturn), Description: e.Description, Location: e.Location,
		})
	}
}

// delivery estimate, delay, pickup or "start a return".
func buildReturn(s Status, v tracking.View, r Recipient, d *dict, in func(time.Time) time.Time) Status {
	s.Return, s.Late = true, false
	if r.FirstName != "" {
		s.Recipient = &RecipientInfo{FirstName: r.FirstName}
	}
	if !v.LastChecked.IsZero() {
		t := in(v.LastChecked)
		s.LastChecked, s.LastCheckedText = &t, d.formatDateTime(t)
	}
	reached := -1
	for _, e := range v.Timeline {
		reached = max(reached, returnStepIndex(e.Milestone))
	}
	reached = max(reached, returnStepIndex(v.Milestone))
	if v.State == tracking.StateDelivered {
		reached = len(returnSteps) - 1
	}
	s.progressAndTimeline(v, d, in, returnSteps, reached, d.returnStepName, true)
	switch v.State {
	case tracking.StatePending:
		s.Headline, s.Message = d.T["r_h_pending"], d.T["r_m_pending"]
	case tracking.StateDelivered:
		when := v.DeliveredAt
		if when.IsZero() && len(v.Timeline) > 0 {
			when = v.Timeline[len(v.Timeline)-1].Time
		}
		s.Headline, s.Message = d.f("r_h_received", d.formatDate(in(when))), d.T["r_m_received"]
		if !v.DeliveredAt.IsZero() {
			t := in(v.DeliveredAt)
			s.DeliveredAt = &t
		}
	case tracking.StateException:
		s.Headline = d.T["r_h_exception"]
		if det := d.detail(v.Detail); det != "" {
			s.Message = d.f("m_exception", det)
		}
	case tracking.StateLost:
		s.Headline, s.Message = d.T["r_h_lost"], d.T["r_m_lost"]
	case tracking.StateReturned:
		s.Headline, s.Message = d.T["r_h_returned"], d.T["r_m_returned"]
	case tracking.StateCancelled:
		s.Headline = d.T["r_h_cancelled"]
	default: // on its way, at risk or delayed: it is still coming back
		s.Headline, s.Message = d.T["r_h_transit"], d.T["r_m_transit"]
	}
	if !v.State.Terminal() && v.ActionRequired {
		s.Action = d.T["a_generic"]
	}
	s.ActionRequired = s.Action != ""
	return s
}
