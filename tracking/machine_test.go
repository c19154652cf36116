package tracking

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
