package sim_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
)

// monday is a Monday 10:00 UTC, the creation time most tests use.
var monday = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// endOf returns the end of the day of t.
func endOf(y int, m time.Month, d int) time.Time {
	return bizday.EndOfDay(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// journey returns the scenario's milestones in time order, without noise.
func journey(s sim.Scenario) []milestone.Milestone {
	var out []milestone.Milestone
	for _, ts := range s.Timeline(monday).Scans {
		if ts.Step.Milestone != milestone.Noise {
			out = append(out, ts.Step.Milestone)
		}
	}
	return out
}

func TestBuiltinScenarios(t *testing.T) {
	t.Parallel()
	const (
		ir  = milestone.InfoReceived
		pu  = milestone.PickedUp
		it  = milestone.InTransit
		al  = milestone.ArrivedAtLocalFacility
		ofd = milestone.OutForDelivery
		da  = milestone.DeliveryAttempted
		ap  = milestone.AvailableForPickup
		dl  = milestone.Delivered
		ex  = milestone.Exception
		rts = milestone.ReturnedToSender
	)
	want := map[string][]milestone.Milestone{
		"on_time":             {ir, pu, it, it, it, it, al, ofd, dl},
		"late_estimate":       {ir, pu, it, it, it, it, it, it, it, al, ofd, dl},
		"stalled":             {ir, pu, it, it, it, it, al, ofd, dl},
		"exception_recovered": {ir, pu, it, it, it, ex, it, al, ofd, dl},
		"failed_attempt":      {ir, pu, it, it, it, it, al, ofd, da, ofd, dl},
		"pickup_point":        {ir, pu, it, it, it, it, al, ap, dl},
		"returned_to_sender":  {ir, pu, it, it, it, it, al, ofd, da, ex, rts, rts},
		"lost":                {ir, pu, it, it, it, it},
		"return_to_warehouse": {ir, pu, it, it, al, ofd, dl},
	}
	all := sim.Scenarios()
	eq(t, len(all), len(want), "number of built-in scenarios")
	codes := sim.CodeTable()
	for _, s := range all {
		eq(t, journey(s), want[s.Name], "journey of "+s.Name)
		got, ok := sim.Lookup(s.Name)
		check(t, ok, "Lookup("+s.Name+") finds the scenario")
		eq(t, got, s, "Lookup("+s.Name+")")
		check(t, s.Summary != "", s.Name+" has a Summary")
		noise := 0
		for _, st := range s.Steps {
			check(t, st.Description != "", s.Name+": every step has a description")
			m, ok := codes[st.Code]
			check(t, ok, fmt.Sprintf("%s: code %q is in CodeTable", s.Name, st.Code))
			eq(t, m, st.Milestone, fmt.Sprintf("%s: CodeTable[%q]", s.Name, st.Code))
			if st.Milestone == milestone.Noise {
				noise++
			}
		}
		check(t, noise > 0, s.Name+" has noise scans")
		tl := s.Timeline(monday)
		check(t, tl.Scans[0].Time.After(monday), s.Name+": the first scan comes after creation, so the number starts unknown")
		check(t, slices.IsSortedFunc(tl.Scans, func(a, b sim.TimedStep) int { return a.Time.Compare(b.Time) }),
			s.Name+": timeline sorted")
	}
	_, ok := sim.Lookup("teleported")
	check(t, !ok, "Lookup of an unknown name fails")
}

func TestScenarioPromises(t *testing.T) {
	t.Parallel()
	last := func(s sim.Scenario) time.Time {
		tl := s.Timeline(monday)
		return tl.Scans[len(tl.Scans)-1].Time
	}
	finalEstimate := func(s sim.Scenario) time.Time {
		tl := s.Timeline(monday)
		return tl.Estimates[len(tl.Estimates)-1].Delivery
	}
	wed, thu, nextMon := endOf(2026, 3, 4), endOf(2026, 3, 5), endOf(2026, 3, 9)

	on := sim.OnTime()
	eq(t, on.PromisedBy(monday), thu, "OnTime promise: end of business day 3")
	eq(t, finalEstimate(on), wed, "OnTime estimate: end of business day 2")
	eq(t, last(on), time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC), "OnTime delivery: Wednesday 14:00")

	late := sim.LateEstimate()
	eq(t, finalEstimate(late), nextMon, "LateEstimate is revised to business day 5")
	check(t, finalEstimate(late).After(late.PromisedBy(monday)), "LateEstimate's revision breaks the promise")
	check(t, last(late).After(late.PromisedBy(monday)), "LateEstimate is delivered after the promise")

	// Stalled: the longest silence lasts at least 3 business days (more than
	// the 2 business days of the no_scans rule) and less than 10 (lost).
	st := sim.Stalled().Timeline(monday)
	gap := 0
	for i := 1; i < len(st.Scans); i++ {
		gap = max(gap, bizday.Calendar{}.Elapsed(st.Scans[i-1].Time, st.Scans[i].Time))
	}
	check(t, gap >= 3 && gap < 10, fmt.Sprintf("Stalled's longest silence is %d business days, want 3 to 9", gap))

	eq(t, sim.Lost().Final(), milestone.InTransit, "Lost ends in transit")
	eq(t, sim.OnTime().Final(), milestone.Delivered, "OnTime ends delivered")
	eq(t, sim.ReturnedToSender().Final(), milestone.ReturnedToSender, "ReturnedToSender's end")
	check(t, finalEstimate(sim.ReturnedToSender()).IsZero(), "a return to sender clears the estimate")
	check(t, sim.Scenario{}.PromisedBy(monday).IsZero(), "no PromiseDays, no promise")
}

func TestTimelineOnAFriday(t *testing.T) {
	t.Parallel()
	fri := time.Date(2026, 3, 6, 10, 0, 0, 0, time.UTC)
	tl := sim.OnTime().Timeline(fri)
	delivered := tl.Scans[len(tl.Scans)-1]
	// Business day 2 after a Friday is Tuesday: the weekend has no scans.
	eq(t, delivered.Time, time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC), "OnTime from Friday 10:00 is delivered Tuesday 14:00")
	for _, s := range tl.Scans {
		wd := s.Time.Weekday()
		check(t, wd != time.Saturday && wd != time.Sunday, "no scan on a weekend: "+s.Time.String())
	}
	eq(t, tl.Estimates[0].Delivery, endOf(2026, 3, 10), "estimate: end of Tuesday")
}

func TestScenarioClone(t *testing.T) {
	t.Parallel()
	a := sim.OnTime()
	b := a.Clone()
	b.Steps[0].Description = "changed"
	b.Estimates[0].DeliveryDay = 9
	eq(t, a.Steps[0].Description, "Shipment information received", "a clone's steps are its own")
	eq(t, a.Estimates[0].DeliveryDay, 2, "a clone's estimates are its own")
	c := sim.OnTime()
	c.Steps[0].Description = "changed"
	eq(t, sim.OnTime().Steps[0].Description, "Shipment information received", "built-ins are fresh on each call")
}

func TestMix(t *testing.T) {
	t.Parallel()
	names := func(ss []sim.Scenario) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = s.Name
		}
		return out
	}
	a := sim.Mix(2000, 7)
	eq(t, len(a), 2000, "Mix length")
	eq(t, names(sim.Mix(2000, 7)), names(a), "same seed, same picks")
	check(t, !slices.Equal(names(a), names(sim.Mix(2000, 8))), "another seed gives other picks")
	count := map[string]int{}
	for _, s := range a {
		count[s.Name]++
	}
	// OnTime has weight 70 of 100: 1400 expected, sigma about 20.5.
	check(t, count["on_time"] > 1315 && count["on_time"] < 1485, fmt.Sprintf("on_time drawn %d times of 2000, want about 1400", count["on_time"]))
	check(t, count["lost"] > 0, "lost (weight 1) drawn at least once in 2000")
	eq(t, count["return_to_warehouse"], 0, "return_to_warehouse is not in the default mix")

	for _, s := range sim.MixOf([]sim.Weighted{{Scenario: sim.Stalled(), Weight: 1}, {Scenario: sim.OnTime(), Weight: 0}}, 10, 1) {
		eq(t, s.Name, "stalled", "a zero weight is never drawn")
	}
	check(t, sim.MixOf(nil, 10, 1) == nil, "empty mix gives nil")
	check(t, sim.Mix(0, 1) == nil, "n = 0 gives nil")
	eq(t, sim.Number(42), "SIM0000000042", "Number(42)")
}
