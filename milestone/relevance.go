package milestone

import (
	"slices"
	"time"
)

// Reason says why a scan did or did not lead to a customer message.
type Reason string

// The reasons of the relevance policy.
const (
	// ReasonSent means the scan's notice is worth telling now.
	ReasonSent Reason = "sent"
	// ReasonDuplicate means this notice was already told in the current episode.
	ReasonDuplicate Reason = "duplicate"
	// ReasonRegression means the scan is below the highest milestone already
	// told, came after the journey ended (delivered, returned), or arrived
	// late and is older than a scan that already moved the journey on (an
	// exception from before the latest progress scan, an out_for_delivery or
	// attempt from before the current delivery episode).
	ReasonRegression Reason = "regression"
	// ReasonSuperseded means a more advanced notice in the same update won.
	ReasonSuperseded Reason = "superseded"
	// ReasonStale means the scan was older than Policy.StaleAfter when first seen.
	ReasonStale Reason = "stale"
	// ReasonDisabled means the host switched this notice off.
	ReasonDisabled Reason = "disabled"
	// ReasonSilent means the milestone never notifies: noise, in_transit after
	// the shipped notice, info_received, unknown and cancelled.
	ReasonSilent Reason = "silent"
	// ReasonOptedOut is set by callers that check the recipient's preferences.
	ReasonOptedOut Reason = "opted_out"
	// ReasonDeferred is set by callers that hold a message back (quiet hours).
	ReasonDeferred Reason = "deferred"
)

// String returns the reason's name.
func (r Reason) String() string { return string(r) }

// Notice names what a customer is told because of a scan. The names are the
// customer kinds of package notify that scans cause; the delay state machine
// adds delayed and feedback_request on its own.
type Notice string

// The notices, in the order a journey usually produces them.
const (
	NoticeNone                   Notice = ""
	NoticeShipped                Notice = "shipped"
	NoticeArrivedAtLocalFacility Notice = "arrived_at_local_facility"
	NoticeOutForDelivery         Notice = "out_for_delivery"
	NoticeDeliveryAttempted      Notice = "delivery_attempted"
	NoticeAvailableForPickup     Notice = "available_for_pickup"
	NoticeDelivered              Notice = "delivered"
	NoticeException              Notice = "exception"
	NoticeReturnedToSender       Notice = "returned_to_sender"
)

// String returns the notice's name.
func (n Notice) String() string { return string(n) }

// DefaultNotices reports whether a notice is on by default: all of them but
// arrived_at_local_facility.
func DefaultNotices(n Notice) bool {
	return n != NoticeNone && n != NoticeArrivedAtLocalFacility
}

// Told is what a shipment's customer was already told. The caller persists it
// with the shipment and passes it to the next Decide. The zero value is a
// shipment nobody has been told anything about.
type Told struct {
	// Highest is the highest progress milestone seen and not rejected as a
	// regression (within the current delivery episode); Unknown if none.
	Highest Milestone
	// Shipped is true once the shipped notice went out, or was covered by a
	// more advanced notice or a stale scan.
	Shipped bool
	// Sent maps each notice to 1 + the episode in which it was last told.
	Sent map[Notice]int
	// Episode is the delivery episode: it starts at 0 and grows when an
	// out_for_delivery follows a delivery_attempted.
	Episode int
	// ExceptionEpisode grows when the parcel progresses after an exception.
	ExceptionEpisode int
	// Attempted is true when the current delivery episode saw a failed attempt.
	Attempted bool
	// InException is true when the last relevant scan was an exception.
	InException bool
	// Ended is true once delivered or returned_to_sender was told or covered:
	// nothing but the host's own follow-ups is told after that.
	Ended bool
	// The times below make episodes follow the scans' own times, not the
	// order updates arrive in: a scan from before the scan that opened or
	// closed an episode is old news when it arrives late.

	// AttemptedAt is the time of the latest failed attempt: only an
	// out_for_delivery scan from then on starts a new delivery episode.
	AttemptedAt time.Time `json:",omitzero"`
	// EpisodeAt is the time of the out_for_delivery scan that started the
	// current delivery episode (zero for the first): an out_for_delivery or
	// delivery_attempted scan from before it is a regression.
	EpisodeAt time.Time `json:",omitzero"`
	// ExceptionAt is the time of the latest exception scan: only a progress
	// scan from then on ends the exception episode.
	ExceptionAt time.Time `json:",omitzero"`
	// ProgressAt is the time of the latest scan from picked_up on in the
	// progress order: an exception scan from before it is a regression (the
	// parcel had moved on already).
	ProgressAt time.Time `json:",omitzero"`
}

func (t Told) clone() Told {
	t.Sent = maps(t.Sent)
	return t
}

func maps(m map[Notice]int) map[Notice]int {
	out := make(map[Notice]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// sentIn reports whether n was told in episode ep.
func (t Told) sentIn(n Notice, ep int) bool {
	v, ok := t.Sent[n]
	return ok && v == ep+1
}

// Classified is a scan with its classification, the input of Policy.Decide.
type Classified struct {
	Scan   Scan
	Result Result
}

// Decision is the policy's verdict on one scan.
type Decision struct {
	Scan   Scan
	Result Result
	// Notice is what the scan would tell; NoticeNone when it is silent.
	Notice Notice
	// Reason says why it is or is not told.
	Reason Reason
	// Episode is the episode the notice belongs to: the delivery episode for
	// out_for_delivery, delivery_attempted, available_for_pickup and delivered,
	// the exception episode for exception, 0 otherwise. Together with the
	// shipment and the notice it makes a stable message id.
	Episode int
}

// Policy is the relevance policy: which scans are worth telling a customer
// about. The zero value is the default policy.
type Policy struct {
	// Enabled switches notices on or off; a notice missing from a non-nil map
	// is off. Nil means DefaultNotices.
	Enabled map[Notice]bool
	// StaleAfter is how old a scan may be when first seen and still be told.
	// Defaults to 48 hours.
	StaleAfter time.Duration
}

func (p Policy) enabled(n Notice) bool {
	if p.Enabled == nil {
		return DefaultNotices(n)
	}
	return p.Enabled[n]
}

func (p Policy) staleAfter() time.Duration {
	if p.StaleAfter > 0 {
		return p.StaleAfter
	}
	return 48 * time.Hour
}

// Decide applies the policy to scans that are new for one shipment (the
// caller removes duplicates of scans it already stored), in any order, as one
// update. It returns one Decision per scan, sorted by scan time, and what the
// customer has been told afterwards. At most one decision has ReasonSent: when
// one update carries several notices, only the most advanced is told.
// Decide is pure: it does not modify told or scans.
func (p Policy) Decide(told Told, scans []Classified, now time.Time) ([]Decision, Told) {
	t := told.clone()
	sorted := slices.Clone(scans)
	slices.SortStableFunc(sorted, func(a, b Classified) int {
		if c := a.Scan.Time.Compare(b.Scan.Time); c != 0 {
			return c
		}
		return int(a.Result.Milestone.Progress()) - int(b.Result.Milestone.Progress())
	})
	out := make([]Decision, len(sorted))
	episode := make([]int, len(sorted)) // the delivery episode after each scan
	stale := p.staleAfter()
	for i, c := range sorted {
		out[i] = p.decideOne(&t, c, now, stale)
		episode[i] = t.Episode
	}
	// Supersession: of the notices that would be told, only the most
	// advanced is. A new delivery episode (out for delivery again after a
	// failed attempt) is further on than anything of the episode before it.
	win := -1
	for i, d := range out {
		if d.Reason != ReasonSent || weight(out, i) < 0 {
			continue
		}
		if win < 0 || episode[i] > episode[win] || weight(out, i) >= weight(out, win) {
			win = i
		}
	}
	for i := range out {
		if out[i].Reason == ReasonSent && i != win {
			out[i].Reason = ReasonSuperseded
		}
	}
	return out, t
}

// weight ranks a would-be-told decision for supersession. A returned parcel
// beats everything; an exception counts only while no later progress scan in
// the same update resolved it, and then beats progress told before it.
func weight(ds []Decision, i int) int {
	switch m := ds[i].Result.Milestone; {
	case m == ReturnedToSender:
		return 100
	case m == Exception:
		for _, later := range ds[i+1:] {
			if later.Result.Milestone.Progress() >= PickedUp.Progress() {
				return -1
			}
		}
		return 50
	default:
		return m.Progress()
	}
}

func (p Policy) decideOne(t *Told, c Classified, now time.Time, stale time.Duration) Decision {
	m, at := c.Result.Milestone, c.Scan.Time
	d := Decision{Scan: c.Scan, Result: c.Result}

	// Episodes start before anything is judged, and only on scans from after
	// the one that opened the current episode: an older scan that arrives
	// late (out of order) changes nothing.
	if m.Progress() >= PickedUp.Progress() && t.InException && !at.Before(t.ExceptionAt) {
		t.InException = false
		t.ExceptionEpisode++
	}
	if m == OutForDelivery && t.Attempted && !t.Ended && !at.Before(t.AttemptedAt) {
		t.Attempted = false
		t.Episode++
		t.EpisodeAt = at
		t.Highest = PickedUp // a new delivery episode starts below out_for_delivery
	}
	if m.Progress() >= PickedUp.Progress() && at.After(t.ProgressAt) {
		t.ProgressAt = at
	}

	d.Notice = noticeFor(m, t, p)
	switch d.Notice {
	case NoticeException:
		d.Episode = t.ExceptionEpisode
	case NoticeOutForDelivery, NoticeDeliveryAttempted, NoticeAvailableForPickup, NoticeDelivered:
		d.Episode = t.Episode
	}

	switch {
	case d.Notice == NoticeNone:
		d.Reason = ReasonSilent
		if m.IsProgress() && m > t.Highest && !t.Ended {
			t.Highest = m
		}
		return d
	case t.Ended || (m.IsProgress() && m < t.Highest),
		(m == OutForDelivery || m == DeliveryAttempted) && at.Before(t.EpisodeAt),
		m == Exception && at.Before(t.ProgressAt):
		d.Reason = ReasonRegression
		return d
	case t.sentIn(d.Notice, d.Episode) || (d.Notice == NoticeShipped && t.Shipped):
		d.Reason = ReasonDuplicate
	case now.Sub(c.Scan.Time) > stale:
		d.Reason = ReasonStale
	case !p.enabled(d.Notice):
		d.Reason = ReasonDisabled
	default:
		d.Reason = ReasonSent
	}

	// Record what the customer now knows (or is deemed to know).
	if t.Sent == nil {
		t.Sent = map[Notice]int{}
	}
	t.Sent[d.Notice] = d.Episode + 1
	if m.IsProgress() {
		if m >= PickedUp {
			t.Shipped = true
		}
		if m > t.Highest {
			t.Highest = m
		}
	}
	switch m {
	case DeliveryAttempted:
		t.Attempted = true
		if at.After(t.AttemptedAt) {
			t.AttemptedAt = at
		}
	case Exception:
		t.InException = true
		if at.After(t.ExceptionAt) {
			t.ExceptionAt = at
		}
	case Delivered, ReturnedToSender:
		t.Ended = true
	}
	return d
}

// noticeFor maps a milestone to the notice it tells, given what was told.
func noticeFor(m Milestone, t *Told, p Policy) Notice {
	switch m {
	case PickedUp, InTransit:
		if !t.Shipped {
			return NoticeShipped
		}
	case ArrivedAtLocalFacility:
		if p.enabled(NoticeArrivedAtLocalFacility) {
			return NoticeArrivedAtLocalFacility
		}
		if !t.Shipped {
			return NoticeShipped
		}
	case OutForDelivery:
		return NoticeOutForDelivery
	case DeliveryAttempted:
		return NoticeDeliveryAttempted
	case AvailableForPickup:
		return NoticeAvailableForPickup
	case Delivered:
		return NoticeDelivered
	case Exception:
		return NoticeException
	case ReturnedToSender:
		return NoticeReturnedToSender
	}
	return NoticeNone
}
