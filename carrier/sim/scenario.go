package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
)

// Step is one scan of a scenario, placed relative to the shipment's creation:
// Day business days after the creation time (Monday to Friday in the creation
// time's location, keeping its clock time), then After later. After may be
// negative to put a scan earlier in the day than the creation's clock time.
type Step struct {
	// Day is the number of business days after creation.
	Day int
	// After is added to the business-day position; it may be negative.
	After time.Duration
	// Code is the sim's event code (see CodeTable).
	Code string
	// Description is the carrier's text for the event, in English.
	Description string
	// Location is where the event happened.
	Location string
	// Milestone is what the step represents, for reference in tests and
	// examples. It is not sent to the caller: classifying is milestone's job.
	Milestone milestone.Milestone
}

// Time returns when the step happens for a shipment created at created.
func (s Step) Time(created time.Time) time.Time {
	return addBusinessDays(created, s.Day).Add(s.After)
}

// addBusinessDays uses the sim's calendar: Monday to Friday, no holidays.
func addBusinessDays(t time.Time, n int) time.Time { return bizday.Calendar{}.Add(t, n) }

// Estimate is a revision of the carrier's estimated delivery, published at
// Day business days plus After from creation (as for Step). The estimate is
// the end of the day DeliveryDay business days after creation or, when
// DeliveryAfter is non-zero, exactly created plus DeliveryAfter. Clear
// withdraws the estimate instead.
type Estimate struct {
	// Day is the number of business days after creation when the revision is published.
	Day int
	// After is added to the business-day position; it may be negative.
	After time.Duration
	// DeliveryDay places the estimate at the end of that business day after creation.
	DeliveryDay int
	// DeliveryAfter, when non-zero, places the estimate at exactly created+DeliveryAfter.
	DeliveryAfter time.Duration
	// Clear withdraws the estimate (EstimatedDelivery becomes zero).
	Clear bool
}

// Time returns when the revision is published for a shipment created at created.
func (e Estimate) Time(created time.Time) time.Time {
	return addBusinessDays(created, e.Day).Add(e.After)
}

// Delivery returns the estimated delivery the revision announces for a
// shipment created at created; zero when it clears the estimate.
func (e Estimate) Delivery(created time.Time) time.Time {
	switch {
	case e.Clear:
		return time.Time{}
	case e.DeliveryAfter != 0:
		return created.Add(e.DeliveryAfter)
	default:
		return bizday.EndOfDay(addBusinessDays(created, e.DeliveryDay))
	}
}

// Scenario is a shipment's journey as plain data: the scans a carrier will
// report and the revisions of its delivery estimate, relative to the
// shipment's creation. The built-in scenarios are returned by functions
// (OnTime, Stalled, ...) so that each caller gets its own copy.
type Scenario struct {
	// Name identifies the scenario, such as "on_time".
	Name string
	// Summary says in one sentence what happens.
	Summary string
	// PromiseDays is the delivery promise, in business days after creation,
	// that the scenario is written against: a shop would promise delivery by
	// the end of that day (see PromisedBy). Zero means no promise.
	PromiseDays int
	// Steps are the scans, in any order.
	Steps []Step
	// Estimates are the revisions of the estimated delivery, in any order.
	Estimates []Estimate
}

// PromisedBy returns the end of the day PromiseDays business days after
// created, or zero when the scenario has no promise.
func (s Scenario) PromisedBy(created time.Time) time.Time {
	if s.PromiseDays <= 0 {
		return time.Time{}
	}
	return bizday.EndOfDay(addBusinessDays(created, s.PromiseDays))
}

// Clone returns a deep copy of s.
func (s Scenario) Clone() Scenario {
	s.Steps = slices.Clone(s.Steps)
	s.Estimates = slices.Clone(s.Estimates)
	return s
}

// Final returns the milestone of the scenario's last scan: Delivered for the
// scenarios that end in delivery, InTransit for Lost.
func (s Scenario) Final() milestone.Milestone {
	tl := s.Timeline(time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))
	if len(tl.Scans) == 0 {
		return milestone.Unknown
	}
	return tl.Scans[len(tl.Scans)-1].Step.Milestone
}

func (s Scenario) validate() error {
	if s.Name == "" {
		return fmt.Errorf("sim: scenario has no Name")
	}
	if len(s.Steps) == 0 {
		return fmt.Errorf("sim: scenario %q has no Steps", s.Name)
	}
	for i, st := range s.Steps {
		if st.Day < 0 {
			return fmt.Errorf("sim: scenario %q: Steps[%d].Day is negative (%d)", s.Name, i, st.Day)
		}
		if st.Description == "" && st.Code == "" {
			return fmt.Errorf("sim: scenario %q: Steps[%d] has neither Code nor Description", s.Name, i)
		}
	}
	for i, e := range s.Estimates {
		if e.Day < 0 || e.DeliveryDay < 0 {
			return fmt.Errorf("sim: scenario %q: Estimates[%d] has a negative Day or DeliveryDay", s.Name, i)
		}
	}
	return nil
}

// TimedStep is a step placed at its time.
type TimedStep struct {
	Time time.Time
	Step Step
}

// TimedEstimate is an estimate revision placed at its publication time, with
// the delivery estimate it announces (zero when it clears the estimate).
type TimedEstimate struct {
	Time     time.Time
	Delivery time.Time
	Estimate Estimate
}

// Timeline is a scenario placed on the calendar for one shipment, sorted by
// time (steps at equal times keep their scenario order).
type Timeline struct {
	Created   time.Time
	Scans     []TimedStep
	Estimates []TimedEstimate
}

// Timeline places s on the calendar for a shipment created at created. A step
// computed to happen before created is moved to created.
func (s Scenario) Timeline(created time.Time) Timeline {
	return s.timeline(created, nil)
}

// timeline places s; jitter, when non-nil, returns a non-negative shift for
// the i-th scan in time order (and, from len(s.Steps) on, for estimate
// revisions that do not coincide with a scan). Scan times never decrease
// along the sorted timeline; a revision planned at the time of a scan is
// published with that scan.
func (s Scenario) timeline(created time.Time, jitter func(i int) time.Duration) Timeline {
	tl := Timeline{Created: created}
	tl.Scans = make([]TimedStep, len(s.Steps))
	for i, st := range s.Steps {
		tl.Scans[i] = TimedStep{Time: st.Time(created), Step: st}
	}
	slices.SortStableFunc(tl.Scans, func(a, b TimedStep) int { return a.Time.Compare(b.Time) })
	planned := make([]time.Time, len(tl.Scans)) // the times before jitter
	prev := created
	for i := range tl.Scans {
		t := tl.Scans[i].Time
		planned[i] = t
		if jitter != nil {
			t = t.Add(jitter(i))
		}
		if t.Before(prev) {
			t = prev
		}
		tl.Scans[i].Time, prev = t, t
	}
	tl.Estimates = make([]TimedEstimate, len(s.Estimates))
	for i, e := range s.Estimates {
		at := e.Time(created)
		if jitter != nil {
			// A revision published with a scan moves with that scan; any
			// other revision gets a shift of its own.
			if k := slices.IndexFunc(planned, at.Equal); k >= 0 {
				at = tl.Scans[k].Time
			} else {
				at = at.Add(jitter(len(tl.Scans) + i))
			}
		}
		if at.Before(created) {
			at = created
		}
		tl.Estimates[i] = TimedEstimate{Time: at, Delivery: e.Delivery(created), Estimate: e}
	}
	slices.SortStableFunc(tl.Estimates, func(a, b TimedEstimate) int { return a.Time.Compare(b.Time) })
	return tl
}

// The sim's event codes. CodeTable maps each to its milestone.
const (
	CodeInfoReceived      = "IR"
	CodePickedUp          = "PU"
	CodeDeparted          = "DP"
	CodeArrived           = "AR"
	CodeProcessing        = "PR"
	CodeUnloaded          = "UL"
	CodeArrivedDelivery   = "AD"
	CodeLoaded            = "LV"
	CodeOutForDelivery    = "OD"
	CodeAttempted         = "DA"
	CodeAvailablePickup   = "AP"
	CodeDelivered         = "DL"
	CodeException         = "EX"
	CodeReturnedToSender  = "RS"
	CodeReturnedToShipper = "RD"
)

// CodeTable returns the milestone of every sim event code, for hosts that
// extend the classifier with a table for the sim's carrier id. It returns a
// new map on each call.
func CodeTable() map[string]milestone.Milestone {
	return map[string]milestone.Milestone{
		CodeInfoReceived:      milestone.InfoReceived,
		CodePickedUp:          milestone.PickedUp,
		CodeDeparted:          milestone.InTransit,
		CodeArrived:           milestone.InTransit,
		CodeProcessing:        milestone.InTransit,
		CodeUnloaded:          milestone.Noise,
		CodeArrivedDelivery:   milestone.ArrivedAtLocalFacility,
		CodeLoaded:            milestone.Noise,
		CodeOutForDelivery:    milestone.OutForDelivery,
		CodeAttempted:         milestone.DeliveryAttempted,
		CodeAvailablePickup:   milestone.AvailableForPickup,
		CodeDelivered:         milestone.Delivered,
		CodeException:         milestone.Exception,
		CodeReturnedToSender:  milestone.ReturnedToSender,
		CodeReturnedToShipper: milestone.ReturnedToSender,
	}
}

// Locations used by the built-in scenarios.
const (
	origin   = "Columbus, OH, US"
	hub      = "Louisville, KY, US"
	hub2     = "Indianapolis, IN, US"
	delivery = "Chicago, IL, US"
	shop     = "Parcel Shop Main Street, Chicago, IL, US"
	dropOff  = "Parcel Shop Lake Street, Chicago, IL, US"
	hour     = time.Hour
	minute   = time.Minute
)

func step(day int, after time.Duration, code, desc, loc string, m milestone.Milestone) Step {
	return Step{Day: day, After: after, Code: code, Description: desc, Location: loc, Milestone: m}
}

// firstMile are the scans of the day the parcel is handed over.
func firstMile() []Step {
	return []Step{
		step(0, 30*minute, CodeInfoReceived, "Shipment information received", origin, milestone.InfoReceived),
		step(0, 5*hour, CodePickedUp, "Picked up", origin, milestone.PickedUp),
		step(0, 7*hour, CodeProcessing, "Processing at facility", origin, milestone.InTransit),
		step(0, 9*hour, CodeDeparted, "Departed facility", origin, milestone.InTransit),
		step(1, -2*hour, CodeArrived, "Arrived at facility", hub, milestone.InTransit),
		step(1, -90*minute, CodeUnloaded, "Unloaded at facility", hub, milestone.Noise),
	}
}

// OnTime is delivered on business day 2, as first estimated, within a promise
// of 3 business days.
func OnTime() Scenario {
	return Scenario{
		Name:        "on_time",
		Summary:     "delivered on business day 2 as estimated",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(1, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(2, -3*hour, CodeLoaded, "Loaded on vehicle", delivery, milestone.Noise),
			step(2, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(2, 4*hour, CodeDelivered, "Delivered", delivery, milestone.Delivered),
		),
		Estimates: []Estimate{{After: 30 * minute, DeliveryDay: 2}},
	}
}

// LateEstimate has its estimate revised on business day 1 to day 5, beyond
// the promise of 3 business days, and is delivered on day 5.
func LateEstimate() Scenario {
	return Scenario{
		Name:        "late_estimate",
		Summary:     "estimate revised on day 1 to day 5, beyond the promise; delivered on day 5",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 2*hour, CodeProcessing, "Processing at facility", hub, milestone.InTransit),
			step(2, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(3, 0, CodeArrived, "Arrived at facility", hub2, milestone.InTransit),
			step(4, 0, CodeDeparted, "Departed facility", hub2, milestone.InTransit),
			step(4, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(5, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(5, 3*hour, CodeDelivered, "Delivered", delivery, milestone.Delivered),
		),
		Estimates: []Estimate{
			{After: 30 * minute, DeliveryDay: 2},
			{Day: 1, After: 2 * hour, DeliveryDay: 5},
		},
	}
}

// Stalled sits in a hub without any scan from business day 1 to day 5, then
// moves on and is delivered on day 6; the estimate is never revised.
func Stalled() Scenario {
	return Scenario{
		Name:        "stalled",
		Summary:     "no scan from day 1 to day 5, delivered on day 6 without a revised estimate",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(5, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(5, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(6, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(6, 3*hour, CodeDelivered, "Delivered", delivery, milestone.Delivered),
		),
		Estimates: []Estimate{{After: 30 * minute, DeliveryDay: 2}},
	}
}

// ExceptionRecovered reports an address problem on business day 1, then
// progresses again and is delivered on day 3.
func ExceptionRecovered() Scenario {
	return Scenario{
		Name:        "exception_recovered",
		Summary:     "address problem on day 1, then progress, delivered on day 3",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 3*hour, CodeException, "Exception: incorrect address", hub, milestone.Exception),
			step(2, -1*hour, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(2, 6*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(3, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(3, 4*hour, CodeDelivered, "Delivered", delivery, milestone.Delivered),
		),
		Estimates: []Estimate{
			{After: 30 * minute, DeliveryDay: 2},
			{Day: 1, After: 3 * hour, DeliveryDay: 3},
		},
	}
}

// FailedAttempt fails a delivery attempt on business day 2 (nobody home), is
// out for delivery again on day 3 and delivered then.
func FailedAttempt() Scenario {
	return Scenario{
		Name:        "failed_attempt",
		Summary:     "attempt fails on day 2, out for delivery again and delivered on day 3",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(1, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(2, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(2, 5*hour, CodeAttempted, "Delivery attempted - recipient not home", delivery, milestone.DeliveryAttempted),
			step(3, -3*hour, CodeLoaded, "Loaded on vehicle", delivery, milestone.Noise),
			step(3, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(3, 2*hour, CodeDelivered, "Delivered", delivery, milestone.Delivered),
		),
		Estimates: []Estimate{
			{After: 30 * minute, DeliveryDay: 2},
			{Day: 2, After: 5 * hour, DeliveryDay: 3},
		},
	}
}

// PickupPoint waits at a parcel shop from business day 2 and is collected by
// the recipient (delivered) on day 4.
func PickupPoint() Scenario {
	return Scenario{
		Name:        "pickup_point",
		Summary:     "available at a parcel shop on day 2, collected on day 4",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(1, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(2, 1*hour, CodeAvailablePickup, "Available for pickup at "+shop, shop, milestone.AvailableForPickup),
			step(4, 6*hour, CodeDelivered, "Delivered - collected by recipient", shop, milestone.Delivered),
		),
		Estimates: []Estimate{{After: 30 * minute, DeliveryDay: 2}},
	}
}

// ReturnedToSender fails to deliver on business day 2, reports an address
// problem on day 3 and goes back to the sender, who receives it on day 6.
func ReturnedToSender() Scenario {
	return Scenario{
		Name:        "returned_to_sender",
		Summary:     "attempt fails, address problem, returned to sender (received on day 6)",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
			step(1, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", delivery, milestone.ArrivedAtLocalFacility),
			step(2, -2*hour, CodeOutForDelivery, "Out for delivery", delivery, milestone.OutForDelivery),
			step(2, 5*hour, CodeAttempted, "Delivery attempted - recipient not home", delivery, milestone.DeliveryAttempted),
			step(3, 1*hour, CodeException, "Exception: incorrect address", delivery, milestone.Exception),
			step(4, 0, CodeReturnedToSender, "Returned to sender", delivery, milestone.ReturnedToSender),
			step(6, 2*hour, CodeReturnedToShipper, "Returned to sender - received by shipper", origin, milestone.ReturnedToSender),
		),
		Estimates: []Estimate{
			{After: 30 * minute, DeliveryDay: 2},
			{Day: 3, After: 1 * hour, Clear: true},
		},
	}
}

// Lost leaves the hub on business day 1 and is never scanned again.
func Lost() Scenario {
	return Scenario{
		Name:        "lost",
		Summary:     "last scan on day 1, never scanned again",
		PromiseDays: 3,
		Steps: append(firstMile(),
			step(1, 0, CodeDeparted, "Departed facility", hub, milestone.InTransit),
		),
		Estimates: []Estimate{{After: 30 * minute, DeliveryDay: 2}},
	}
}

// ReturnToWarehouse is a customer's return parcel: the label is created, the
// parcel is dropped off on business day 1 and delivered to the shop's
// warehouse on day 3. Return labels created by the sim follow it.
func ReturnToWarehouse() Scenario {
	return Scenario{
		Name:        "return_to_warehouse",
		Summary:     "return label created, dropped off on day 1, delivered to the warehouse on day 3",
		PromiseDays: 5,
		Steps: []Step{
			step(0, 10*minute, CodeInfoReceived, "Shipment information received", delivery, milestone.InfoReceived),
			step(1, 3*hour, CodePickedUp, "Picked up", dropOff, milestone.PickedUp),
			step(1, 7*hour, CodeDeparted, "Departed facility", delivery, milestone.InTransit),
			step(2, -2*hour, CodeArrived, "Arrived at facility", hub, milestone.InTransit),
			step(2, -1*hour, CodeUnloaded, "Unloaded at facility", hub, milestone.Noise),
			step(2, 8*hour, CodeArrivedDelivery, "Arrived at delivery facility", origin, milestone.ArrivedAtLocalFacility),
			step(3, -2*hour, CodeOutForDelivery, "Out for delivery", origin, milestone.OutForDelivery),
			step(3, 3*hour, CodeDelivered, "Delivered", origin, milestone.Delivered),
		},
		Estimates: []Estimate{{Day: 1, After: 3 * hour, DeliveryDay: 3}},
	}
}

// Scenarios returns every built-in scenario, in a fixed order: OnTime,
// LateEstimate, Stalled, ExceptionRecovered, FailedAttempt, PickupPoint,
// ReturnedToSender, Lost, ReturnToWarehouse.
func Scenarios() []Scenario {
	return []Scenario{
		OnTime(), LateEstimate(), Stalled(), ExceptionRecovered(), FailedAttempt(),
		PickupPoint(), ReturnedToSender(), Lost(), ReturnToWarehouse(),
	}
}

// Lookup returns the built-in scenario with the given name.
func Lookup(name string) (Scenario, bool) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// Weighted is a scenario with its weight in a mix.
type Weighted struct {
	Scenario Scenario
	Weight   int
}

// DefaultMix returns the weights Mix uses, roughly what a shop sees: most
// parcels on time, a few late, stalled, failed or at a pickup point, and rare
// exceptions, returns and losses.
func DefaultMix() []Weighted {
	return []Weighted{
		{OnTime(), 70},
		{LateEstimate(), 8},
		{Stalled(), 4},
		{ExceptionRecovered(), 4},
		{FailedAttempt(), 6},
		{PickupPoint(), 5},
		{ReturnedToSender(), 2},
		{Lost(), 1},
	}
}

// Mix returns n scenarios drawn from DefaultMix with the given seed; the same
// seed gives the same picks.
func Mix(n int, seed int64) []Scenario {
	return MixOf(DefaultMix(), n, seed)
}

// MixOf returns n scenarios drawn by weight from mix with the given seed.
// Entries with a weight of zero or less are never drawn; it returns nil when
// no entry has a positive weight. Each returned scenario is its own copy.
func MixOf(mix []Weighted, n int, seed int64) []Scenario {
	total := 0
	for _, w := range mix {
		total += max(w.Weight, 0)
	}
	if total == 0 || n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), mixStream))
	out := make([]Scenario, n)
	for i := range out {
		r := rng.IntN(total)
		for _, w := range mix {
			if w.Weight <= 0 {
				continue
			}
			if r < w.Weight {
				out[i] = w.Scenario.Clone()
				break
			}
			r -= w.Weight
		}
	}
	return out
}

// Number returns the i-th sim tracking number, "SIM" and ten digits; handy
// for registering many shipments.
func Number(i int) string { return fmt.Sprintf("SIM%010d", i) }

const mixStream = 0x6d6978 // "mix"
