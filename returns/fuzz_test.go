package returns

import (
	"slices"
	"testing"
	"time"
)

// FuzzNext drives the machine with any sequence of events, outcomes and
// clock steps and checks its invariants: it never panics, the state is
// always one of States, a refused step changes nothing, a final state never
// moves, and no message id is written twice.
func FuzzNext(f *testing.F) {
	f.Add([]byte{0, 2, 3, 4, 5, 6})          // approve, label, ship, receive, inspect, settle
	f.Add([]byte{0, 2, 7, 3})                // cancel with a label, then a late scan
	f.Add([]byte{1, 0, 1, 8})                // reject, then everything refused
	f.Add([]byte{0, 2, 8, 8, 0x88, 3, 4})    // expire early, then late
	f.Add([]byte{0, 4, 4, 5, 0x15, 6, 6, 7}) // receive in store (method from the seed)
	events := Events()
	f.Fuzz(func(t *testing.T, steps []byte) {
		if len(steps) > 64 {
			steps = steps[:64]
		}
		r, ns, err := Open(sample(""), t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(steps) > 0 && steps[0]&0x10 != 0 {
			r.Method = MethodInStore
		}
		written := map[string]bool{ns[0].Message.ID: true}
		now := t0
		for i, b := range steps {
			ev := events[int(b&0x0f)%len(events)]
			now = now.Add(time.Duration(b>>4) * 24 * time.Hour)
			in := r.Clone()
			switch ev {
			case EventIssueLabel:
				withLabel(&in)
			case EventInspect:
				for j := range in.Items {
					in.Items[j].Outcome = Outcomes()[(int(b)+j+i)%len(Outcomes())]
				}
			}
			out, ns, err := Next(in, ev, now)
			if !slices.Contains(States(), out.State) {
				t.Fatalf("step %d: state %q is not a state", i, out.State)
			}
			if err != nil {
				if out.State != in.State || len(ns) > 0 {
					t.Fatalf("step %d: a refused %s changed the return or wrote messages", i, ev)
				}
				continue
			}
			if in.State.Final() && out.State != in.State {
				t.Fatalf("step %d: final state %s moved to %s", i, in.State, out.State)
			}
			for _, n := range ns {
				if written[n.Message.ID] {
					t.Fatalf("step %d: message %s (%s) written twice", i, n.Message.ID, n.Kind)
				}
				written[n.Message.ID] = true
			}
			r = out
		}
	})
}
