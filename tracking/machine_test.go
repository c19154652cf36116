package tracking

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/milestone"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestEveryStateEventPairIsHandledOrIgnored(t *testing.T) {
	for _, s := range States() {
		for _, e := range Events() {
			_, inTable := next(s, e)
			why, isIgnored := ignored[[2]string{string(s), string(e)}]
			if inTable == isIgnored {
				t.Errorf("(%s, %s): in table %v, ignored %v (%q); every pair must be exactly one of them", s, e, inTable, isIgnored, why)
			}
		}
	}
	seen := map[[2]string]bool{}
	for _, tr := range transitions {
		k := [2]string{string(tr.From), string(tr.On)}
		require.True(t, !seen[k], "duplicate row for %v", k)
		seen[k] = true
		require.Contains(t, States(), tr.To)
		require.Contains(t, Events(), tr.On)
	}
}

func TestActiveStatesAgreeOnEveryEvent(t *testing.T) {
	// The state follows from the facts whatever the arrival order, which
	// needs every active state to react to an event in the same way.
	for _, e := range Events() {
		var to []State
		for _, s := range activeStates {
			if tr, ok := next(s, e); ok {
				to = append(to, tr.To)
			}
		}
		slices.Sort(to)
		require.True(t, len(slices.Compact(to)) == 1, "event %s", e)
	}
}

func TestTerminalStatesOnlyMoveToStrongerTerminalStates(t *testing.T) {
	rank := map[State]int{StateCancelled: 1, StateDelivered: 2, StateReturned: 3}
	for _, tr := range transitions {
		if tr.From.Terminal() {
			require.True(t, tr.To.Terminal(), "%v leaves a terminal state", tr)
			require.True(t, rank[tr.To] > rank[tr.From], "%v", tr)
		}
	}
}

func TestMermaidGolden(t *testing.T) {
	got := Mermaid()
	path := filepath.Join("testdata", "states.mmd")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestMermaidGolden -update to create it")
	require.Equal(t, string(want), got)
	for _, s := range States() {
		require.True(t, strings.Contains(got, " "+string(s)), "state %s missing from the diagram", s)
	}
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		require.True(t, strings.Contains(string(doc), "//\t"+line), "doc.go must carry the current diagram (paste testdata/states.mmd)")
	}
}

func TestConditionsFollowTheEventOrder(t *testing.T) {
	var got []Event
	for _, c := range conditions {
		got = append(got, c.On)
	}
	require.Equal(t, Events(), got, "the guards must be listed strongest first, as Events()")
}

// eventFixture builds the facts that raise one event, and the moment.
func eventFixture(e Event) (subject, []classified, time.Time) {
	reg, promise := day(2, 8, 0), day(4, 23, 59)
	s := newSubject(reg, promise)
	pick := sc(day(2, 11, 0), milestone.PickedUp)
	switch e {
	case EventReturned:
		return s, []classified{pick, sc(day(3, 9, 0), milestone.ReturnedToSender)}, day(3, 10, 0)
	case EventDelivered:
		return s, []classified{pick, sc(day(3, 9, 0), milestone.Delivered)}, day(3, 10, 0)
	case EventCancelled:
		return s, []classified{sc(day(2, 9, 0), milestone.Cancelled)}, day(2, 10, 0)
	case EventSilence:
		return s, []classified{pick}, day(20, 12, 0)
	case EventException:
		return s, []classified{pick, sc(day(2, 12, 0), milestone.Exception)}, day(2, 13, 0)
	case EventPromiseMissed:
		return s, []classified{pick}, day(5, 1, 0)
	case EventLateEstimate:
		s.ETA = day(6, 18, 0)
		return s, []classified{pick}, day(2, 12, 0)
	case EventPredictedLate:
		s.Carrier = "slow"
		return s, []classified{pick}, day(2, 12, 0)
	case EventStalled:
		s.PromisedBy = day(30, 0, 0)
		return s, []classified{pick}, day(4, 12, 0)
	case EventNotPickedUp:
		s.PromisedBy = day(30, 0, 0)
		return s, nil, day(4, 8, 0)
	case EventProgress:
		return s, []classified{pick}, day(2, 12, 0)
	case EventAwaitingPickup:
		return s, []classified{sc(day(2, 9, 0), milestone.InfoReceived)}, day(2, 10, 0)
	}
	panic("no fixture for " + e)
}

func TestEveryTransitionRow(t *testing.T) {
	r := testRules()
	for _, from := range States() {
		for _, on := range Events() {
			s, scans, now := eventFixture(on)
			s.State = from
			out := r.evaluate(s, scans, now)
			require.Equal(t, on, out.Event, "fixture for %s", on)
			want := from
			if tr, ok := next(from, on); ok {
				want = tr.To
			}
			require.Equal(t, want, out.State, "(%s, %s)", from, on)
		}
	}
}
