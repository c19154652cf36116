package bizday

import "time"

// Calendar counts business days. The zero value is Monday to Friday with no
// holidays.
type Calendar struct {
	// Weekend lists the non-working weekdays. Nil means Saturday and Sunday.
	Weekend []time.Weekday
	// Holiday reports whether the civil date (y, m, d) is a holiday in zone
	// loc. Nil means there are none.
	Holiday func(loc *time.Location, y int, m time.Month, d int) bool
}

// IsBusinessDay reports whether t's civil day, in t's location, is a business day.
func (c Calendar) IsBusinessDay(t time.Time) bool {
	wd := t.Weekday()
	if c.Weekend == nil {
		if wd == time.Saturday || wd == time.Sunday {
			return false
		}
	} else {
		for _, w := range c.Weekend {
			if wd == w {
				return false
			}
		}
	}
	if c.Holiday != nil {
		y, m, d := t.Date()
		if c.Holiday(t.Location(), y, m, d) {
			return false
		}
	}
	return true
}

// maxSteps bounds the day-by-day walk, so a calendar without any business day
// (a misconfiguration) cannot loop forever.
const maxSteps = 3660

// Add returns t plus n business days, in t's location: it steps one civil day
// at a time from t, counts only business days, stops at the n-th, and keeps
// t's clock time. Friday 15:00 + 2 is Tuesday 15:00; Saturday 10:00 + 2 is
// Tuesday 10:00. n <= 0 returns t. On days a daylight-saving change makes the
// clock time ambiguous or missing, the result follows time.Date.
func (c Calendar) Add(t time.Time, n int) time.Time {
	if n <= 0 {
		return t
	}
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	ns := t.Nanosecond()
	loc := t.Location()
	for i := 1; i <= maxSteps; i++ {
		day := time.Date(y, m, d+i, hh, mm, ss, ns, loc)
		if c.IsBusinessDay(day) {
			n--
			if n == 0 {
				return day
			}
		}
	}
	return time.Date(y, m, d+maxSteps, hh, mm, ss, ns, loc)
}

// Elapsed returns how many business days have completed between from and to:
// the largest n for which Add(from, n) is not after to. It is 0 when to is
// not after from. from's location is the calendar's zone.
func (c Calendar) Elapsed(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	y, m, d := from.Date()
	hh, mm, ss := from.Clock()
	ns := from.Nanosecond()
	loc := from.Location()
	n := 0
	for i := 1; i <= maxSteps; i++ {
		day := time.Date(y, m, d+i, hh, mm, ss, ns, loc)
		if day.After(to) {
			return n
		}
		if c.IsBusinessDay(day) {
			n++
		}
	}
	return n
}

// EndOfDay returns the last instant of t's civil day in t's location.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

// SameDay reports whether a and b fall on the same civil day in loc.
func SameDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}
