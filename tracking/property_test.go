package tracking

import (
	"math/rand"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
)

// randomScans returns a plausible but noisy journey: mostly progress in
// order, with noise, unknowns, exceptions and now and then a terminal scan.
func randomScans(rng *rand.Rand, start time.Time) []classified {
	pool := []milestone.Milestone{
		milestone.InfoReceived, milestone.PickedUp, milestone.InTransit, milestone.InTransit, milestone.Noise,
		milestone.Unknown, milestone.ArrivedAtLocalFacility, milestone.OutForDelivery, milestone.DeliveryAttempted,
		milestone.AvailableForPickup, milestone.Exception, milestone.Delivered, milestone.ReturnedToSender, milestone.Cancelled,
	}
	n := 1 + rng.Intn(12)
	out := make([]classified, n)
	at := start
	for i := range out {
		at = at.Add(time.Duration(rng.Intn(20*60)) * time.Minute)
		var m milestone.Milestone
		if rng.Intn(3) == 0 {
			m = pool[rng.Intn(len(pool))]
		} else {
			m = pool[min(len(pool)-4, i*len(pool)/(n+4))]
		}
		out[i] = sc(at, m)
	}
	return out
}

func TestPropertyFinalStateDependsOnlyOnTheSetOfScans(t *testing.T) {
	t.Parallel()
	r := testRules()
	for seed := int64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewSource(seed))
		reg := day(2, 8, 0)
		var promise time.Time
		if rng.Intn(4) > 0 {
			promise = day(4+rng.Intn(4), 23, 59)
		}
		scans := randomScans(rng, reg)
		end := scans[len(scans)-1].scan.Time.Add(time.Duration(rng.Intn(24*14)) * time.Hour)

		var first State
		var firstReason Reason
		for order := range 4 {
			perm := rng.Perm(len(scans))
			// Split the shuffled scans into updates, some repeated (duplicates).
			var steps []step
			var batch []classified
			for i, p := range perm {
				batch = append(batch, scans[p])
				if rng.Intn(3) == 0 {
					batch = append(batch, scans[rng.Intn(len(scans))])
				}
				if rng.Intn(2) == 0 || i == len(perm)-1 {
					steps = append(steps, step{now: end, scans: dedup(batch)})
					batch = nil
				}
			}
			steps = append(steps, step{now: end})
			out, msgs := runChecked(t, r, newSubject(reg, promise), seed, steps)
			if order == 0 {
				first, firstReason = out.State, out.Reason
			} else if out.State != first || out.Reason != firstReason {
				t.Fatalf("seed %d: arrival order %d gives %s (%s), order 0 gave %s (%s)", seed, order, out.State, out.Reason, first, firstReason)
			}
			checkMessages(t, seed, msgs)
		}
	}
}

// dedup removes scans repeated within one update, as the Service does
// before evaluate; across updates repeats are possible only as new scans.
func dedup(in []classified) []classified {
	seen := map[string]bool{}
	var out []classified
	for _, c := range in {
		k := c.scan.Description
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}

// runChecked is runSteps with the store's dedup across updates and the
// check that nothing but feedback follows a terminal state.
func runChecked(t *testing.T, r rules, s subject, seed int64, steps []step) (outcome, []notify.Message) {
	t.Helper()
	stored := map[string]bool{}
	var all []notify.Message
	var out outcome
	for _, st := range steps {
		var fresh []classified
		for _, c := range st.scans {
			if !stored[c.scan.Description] {
				stored[c.scan.Description] = true
				fresh = append(fresh, c)
			}
		}
		out = r.evaluate(s, fresh, st.now)
		if s.State.Terminal() {
			for _, m := range out.Messages {
				if m.Kind != notify.KindFeedbackRequest {
					t.Fatalf("seed %d: %s sent after the terminal state %s", seed, m.Kind, s.State)
				}
			}
		}
		s.State, s.Reason, s.Memo = out.State, out.Reason, out.Memo
		all = append(all, out.Messages...)
	}
	return out, all
}

func checkMessages(t *testing.T, seed int64, msgs []notify.Message) {
	t.Helper()
	ids := map[string]bool{}
	count := map[notify.Kind]int{}
	for _, m := range msgs {
		if ids[m.ID] {
			t.Fatalf("seed %d: message id %s (%s) written twice", seed, m.ID, m.Kind)
		}
		ids[m.ID] = true
		count[m.Kind]++
	}
	for _, k := range []notify.Kind{notify.KindShipped, notify.KindFeedbackRequest, notify.KindNotPickedUp,
		notify.KindReturnedToSender, notify.KindDelivered} {
		if count[k] > 1 {
			t.Fatalf("seed %d: %s sent %d times; only episodes may repeat a kind", seed, k, count[k])
		}
	}
}
