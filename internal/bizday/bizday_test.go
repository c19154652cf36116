package bizday

import (
	"fmt"
	"testing"
	"time"
)

var berlin, _ = time.LoadLocation("Europe/Berlin")

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, berlin) }

// 2026-03-06 is a Friday.
func TestAdd(t *testing.T) {
	easter := func(_ *time.Location, y int, m time.Month, d int) bool {
		return y == 2026 && m == time.April && (d == 3 || d == 6) // Good Friday, Easter Monday
	}
	for _, c := range []struct {
		name string
		cal  Calendar
		from time.Time
		n    int
		want time.Time
	}{
		{"Friday 15:00 + 2 is Tuesday 15:00", Calendar{}, at(2026, 3, 6, 15), 2, at(2026, 3, 10, 15)},
		{"Saturday 10:00 + 2 is Tuesday 10:00", Calendar{}, at(2026, 3, 7, 10), 2, at(2026, 3, 10, 10)},
		{"Sunday + 1 is Monday", Calendar{}, at(2026, 3, 8, 9), 1, at(2026, 3, 9, 9)},
		{"Monday + 2 is Wednesday", Calendar{}, at(2026, 3, 2, 8), 2, at(2026, 3, 4, 8)},
		{"zero is the same time", Calendar{}, at(2026, 3, 7, 10), 0, at(2026, 3, 7, 10)},
		{"ten business days span two weekends", Calendar{}, at(2026, 3, 2, 8), 10, at(2026, 3, 16, 8)},
		{"holidays are skipped", Calendar{Holiday: easter}, at(2026, 4, 2, 12), 2, at(2026, 4, 8, 12)},
		{"custom weekend (Friday, Saturday)", Calendar{Weekend: []time.Weekday{time.Friday, time.Saturday}}, at(2026, 3, 5, 9), 1, at(2026, 3, 8, 9)},
		{"across the DST change keeps the clock time", Calendar{}, at(2026, 3, 27, 9), 1, at(2026, 3, 30, 9)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.cal.Add(c.from, c.n); !got.Equal(c.want) {
				t.Fatalf("Add(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
			}
		})
	}
}

func TestElapsed(t *testing.T) {
	cal := Calendar{}
	fri := at(2026, 3, 6, 15)
	for _, c := range []struct {
		to   time.Time
		want int
	}{
		{fri, 0},
		{fri.Add(-time.Hour), 0},
		{at(2026, 3, 9, 14), 0}, // Monday 14:00: Monday 15:00 not reached yet
		{at(2026, 3, 9, 15), 1},
		{at(2026, 3, 10, 14), 1},
		{at(2026, 3, 10, 15), 2},
		{at(2026, 3, 20, 15), 10},
	} {
		if got := cal.Elapsed(fri, c.to); got != c.want {
			t.Errorf("Elapsed(Fri 15:00, %s) = %d, want %d", c.to, got, c.want)
		}
		// Elapsed is the inverse of Add.
		if n := cal.Elapsed(fri, c.to); n > 0 && cal.Add(fri, n).After(c.to) {
			t.Errorf("Add(from, Elapsed) = %s is after %s", cal.Add(fri, n), c.to)
		}
	}
}

func TestNoBusinessDayTerminates(t *testing.T) {
	cal := Calendar{Holiday: func(*time.Location, int, time.Month, int) bool { return true }}
	from := at(2026, 3, 2, 8)
	if got := cal.Add(from, 1); !got.After(from) {
		t.Fatalf("Add without business days returned %s", got)
	}
	if got := cal.Elapsed(from, from.AddDate(1, 0, 0)); got != 0 {
		t.Fatalf("Elapsed without business days = %d", got)
	}
}

func TestEndOfDay(t *testing.T) {
	got := EndOfDay(at(2026, 3, 4, 10))
	if got.Day() != 4 || got.Hour() != 23 || got.Minute() != 59 || !got.Add(time.Nanosecond).Equal(at(2026, 3, 5, 0)) {
		t.Fatalf("EndOfDay = %s", got)
	}
	if !SameDay(at(2026, 3, 4, 23), at(2026, 3, 4, 1), berlin) || SameDay(at(2026, 3, 4, 23), at(2026, 3, 5, 0), berlin) {
		t.Fatal("SameDay wrong")
	}
}

func ExampleCalendar_Add() {
	fri := time.Date(2026, 3, 6, 15, 0, 0, 0, time.UTC)
	fmt.Println(Calendar{}.Add(fri, 2).Format("Monday 15:04"))
	// Output: Tuesday 15:00
}
