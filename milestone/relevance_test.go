package milestone

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// c builds a classified scan h hours after t0.
func c(h float64, m Milestone) Classified {
	at := t0.Add(time.Duration(h * float64(time.Hour)))
	return Classified{Scan: Scan{Time: at, Description: m.String()}, Result: Result{Milestone: m}}
}

// told runs updates through the policy one after another, each seen at the
// time of its last scan plus one hour, and returns the notices sent and all
// decisions as "notice:reason".
func run(p Policy, updates ...[]Classified) (sent []string, all []string, told Told) {
	for _, u := range updates {
		now := t0
		for _, s := range u {
			if s.Scan.Time.After(now) {
				now = s.Scan.Time
			}
		}
		var ds []Decision
		ds, told = p.Decide(told, u, now.Add(time.Hour))
		for _, d := range ds {
			all = append(all, fmt.Sprintf("%s:%s", d.Result.Milestone, d.Reason))
			if d.Reason == ReasonSent {
				sent = append(sent, fmt.Sprintf("%s#%d", d.Notice, d.Episode))
			}
		}
	}
	return sent, all, told
}

func u(cs ...Classified) []Classified { return cs }

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		policy  Policy
		updates [][]Classified
		want    string
	}{
		{"label created never says shipped", Policy{},
			[][]Classified{u(c(1, InfoReceived))}, ""},
		{"first pickup says shipped, once", Policy{},
			[][]Classified{u(c(1, InfoReceived)), u(c(8, PickedUp)), u(c(12, InTransit)), u(c(20, PickedUp))}, "shipped#0"},
		{"missed pickup: in_transit triggers shipped", Policy{},
			[][]Classified{u(c(5, InTransit))}, "shipped#0"},
		{"out_for_delivery and delivered in one poll send only delivered", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(30, Delivered), c(25, OutForDelivery), c(24, Noise))}, "shipped#0 delivered#0"},
		{"late out_for_delivery after delivered is a regression", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(30, Delivered)), u(c(25, OutForDelivery))}, "shipped#0 delivered#0"},
		{"attempt then new out_for_delivery is a new episode", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery)), u(c(30, DeliveryAttempted)), u(c(48, OutForDelivery)), u(c(50, DeliveryAttempted)), u(c(72, OutForDelivery)), u(c(75, Delivered))},
			"shipped#0 out_for_delivery#0 delivery_attempted#0 out_for_delivery#1 delivery_attempted#1 out_for_delivery#2 delivered#2"},
		{"attempt and the next day's out_for_delivery in one poll: the new episode wins", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery)), u(c(30, DeliveryAttempted), c(48, OutForDelivery))},
			"shipped#0 out_for_delivery#0 out_for_delivery#1"},
		{"attempt, out_for_delivery again and delivered in one poll send only delivered", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery)), u(c(30, DeliveryAttempted), c(48, OutForDelivery), c(52, Delivered))},
			"shipped#0 out_for_delivery#0 delivered#1"},
		{"second out_for_delivery without an attempt is a duplicate", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery)), u(c(26, OutForDelivery))}, "shipped#0 out_for_delivery#0"},
		{"exception, progress, exception: two episodes", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(10, Exception)), u(c(11, Exception)), u(c(20, InTransit)), u(c(30, Exception))},
			"shipped#0 exception#0 exception#1"},
		{"exception resolved in the same update is superseded", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(10, Exception), c(12, InTransit))}, "shipped#0"},
		{"exception after out_for_delivery in one update wins", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery), c(26, Exception))}, "shipped#0 exception#0"},
		{"nothing after delivered", Policy{},
			[][]Classified{u(c(1, PickedUp), c(30, Delivered)), u(c(40, Exception)), u(c(50, ReturnedToSender))}, "delivered#0"},
		{"returned to sender then its delivery to the shop tells nothing more", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(40, ReturnedToSender)), u(c(90, Delivered))}, "shipped#0 returned_to_sender#0"},
		{"stale scans are recorded, not sent", Policy{},
			[][]Classified{u(c(1, PickedUp), c(10, InTransit), c(100, OutForDelivery))}, "out_for_delivery#0"},
		{"arrived_at_local_facility is off by default", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(20, ArrivedAtLocalFacility))}, "shipped#0"},
		{"the host can switch it on", Policy{Enabled: map[Notice]bool{NoticeShipped: true, NoticeArrivedAtLocalFacility: true}},
			[][]Classified{u(c(1, PickedUp)), u(c(20, ArrivedAtLocalFacility))}, "shipped#0 arrived_at_local_facility#0"},
		{"a disabled notice is not sent", Policy{Enabled: map[Notice]bool{NoticeDelivered: true}},
			[][]Classified{u(c(1, PickedUp)), u(c(30, Delivered))}, "delivered#0"},
		{"noise, unknown and cancelled are silent", Policy{},
			[][]Classified{u(c(1, Noise), c(2, Unknown), c(3, Cancelled))}, ""},
		{"pickup point then collected", Policy{},
			[][]Classified{u(c(1, PickedUp)), u(c(30, AvailableForPickup)), u(c(50, Delivered))}, "shipped#0 available_for_pickup#0 delivered#0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent, all, _ := run(tc.policy, tc.updates...)
			if got := strings.Join(sent, " "); got != tc.want {
				t.Fatalf("sent %q, want %q\ndecisions: %v", got, tc.want, all)
			}
		})
	}
}

func TestPolicyReasons(t *testing.T) {
	_, all, _ := run(Policy{},
		u(c(1, InfoReceived)),
		u(c(5, PickedUp)),
		u(c(6, PickedUp)),
		u(c(30, Delivered), c(25, OutForDelivery)),
		u(c(26, OutForDelivery)),
	)
	want := "info_received:silent picked_up:sent picked_up:silent out_for_delivery:superseded delivered:sent out_for_delivery:regression"
	if got := strings.Join(all, " "); got != want {
		t.Fatalf("reasons\n got %s\nwant %s", got, want)
	}
	_, all, _ = run(Policy{}, u(c(1, PickedUp)), u(c(24, OutForDelivery)), u(c(25, OutForDelivery)))
	if all[2] != "out_for_delivery:duplicate" {
		t.Fatalf("second out_for_delivery: %s, want duplicate", all[2])
	}
	_, all, _ = run(Policy{}, u(c(1, PickedUp)), u(c(20, InTransit)), u(c(10, Exception)), u(c(30, DeliveryAttempted)), u(c(25, OutForDelivery)))
	want = "picked_up:sent in_transit:silent exception:regression delivery_attempted:sent out_for_delivery:regression"
	if got := strings.Join(all, " "); got != want {
		t.Fatalf("late scans from before the journey moved on\n got %s\nwant %s", got, want)
	}
}

func TestDecideIsPure(t *testing.T) {
	told := Told{Sent: map[Notice]int{NoticeShipped: 1}, Shipped: true, Highest: PickedUp}
	scans := u(c(30, Delivered), c(25, OutForDelivery))
	_, next := Policy{}.Decide(told, scans, t0.Add(31*time.Hour))
	if len(told.Sent) != 1 || told.Highest != PickedUp {
		t.Fatalf("Decide modified its input Told: %+v", told)
	}
	if scans[0].Result.Milestone != Delivered {
		t.Fatal("Decide reordered its input slice")
	}
	if !next.Ended || next.Highest != Delivered {
		t.Fatalf("next = %+v", next)
	}
}

// Whatever the order and grouping of the same scans, no notice is told twice
// in one episode and nothing is told after the journey ended.
func TestPolicyProperties(t *testing.T) {
	pool := []Milestone{InfoReceived, PickedUp, InTransit, ArrivedAtLocalFacility, OutForDelivery,
		DeliveryAttempted, AvailableForPickup, Delivered, Exception, ReturnedToSender, Noise, Unknown}
	rng := rand.New(rand.NewSource(7))
	for iter := 0; iter < 2000; iter++ {
		n := 1 + rng.Intn(12)
		var scans []Classified
		for i := 0; i < n; i++ {
			scans = append(scans, c(float64(i*3+rng.Intn(3)), pool[rng.Intn(len(pool))]))
		}
		rng.Shuffle(len(scans), func(i, j int) { scans[i], scans[j] = scans[j], scans[i] })
		var told Told
		seen := map[string]bool{}
		ended := false
		now := t0.Add(48 * time.Hour)
		for len(scans) > 0 {
			k := 1 + rng.Intn(len(scans))
			ds, next := Policy{}.Decide(told, scans[:k], now)
			scans = scans[k:]
			sentHere := 0
			for _, d := range ds {
				if d.Reason != ReasonSent {
					continue
				}
				sentHere++
				key := fmt.Sprintf("%s#%d", d.Notice, d.Episode)
				if seen[key] {
					t.Fatalf("iteration %d: %s told twice", iter, key)
				}
				if ended {
					t.Fatalf("iteration %d: %s told after the journey ended", iter, key)
				}
				seen[key] = true
			}
			if sentHere > 1 {
				t.Fatalf("iteration %d: %d notices told in one update", iter, sentHere)
			}
			told = next
			ended = told.Ended
		}
	}
}

// Scans can arrive out of order: episodes and exceptions follow the scans'
// times, so a scan from before the journey moved on that arrives late tells
// nothing, and the notice of a later scan is still told. Each notice is
// listed with the hour of the scan that told it.
func TestPolicyOutOfOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		updates [][]Classified
		want    string
	}{
		{"an out_for_delivery from before the failed attempt starts no episode",
			[][]Classified{u(c(1, PickedUp)), u(c(30, DeliveryAttempted)), u(c(25, OutForDelivery)), u(c(48, OutForDelivery))},
			"shipped#0@1 delivery_attempted#0@30 out_for_delivery#1@48"},
		{"an attempt from before the current delivery episode is not told in it",
			[][]Classified{u(c(1, PickedUp)), u(c(24, OutForDelivery), c(30, DeliveryAttempted)), u(c(48, OutForDelivery)), u(c(31, DeliveryAttempted)), u(c(52, DeliveryAttempted))},
			"shipped#0@1 delivery_attempted#0@30 out_for_delivery#1@48 delivery_attempted#1@52"},
		{"a progress scan from before the exception does not end its episode",
			[][]Classified{u(c(1, PickedUp)), u(c(10, Exception)), u(c(8, InTransit)), u(c(15, Exception)), u(c(20, InTransit)), u(c(30, Exception))},
			"shipped#0@1 exception#0@10 exception#1@30"},
		{"an exception from before the latest progress scan is not told",
			[][]Classified{u(c(1, PickedUp)), u(c(20, InTransit)), u(c(10, Exception)), u(c(30, Exception))},
			"shipped#0@1 exception#0@30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var told Told
			var sent []string
			for _, up := range tc.updates {
				now := t0
				for _, s := range up {
					if s.Scan.Time.After(now) {
						now = s.Scan.Time
					}
				}
				var ds []Decision
				ds, told = Policy{}.Decide(told, up, now.Add(time.Hour))
				for _, d := range ds {
					if d.Reason == ReasonSent {
						sent = append(sent, fmt.Sprintf("%s#%d@%g", d.Notice, d.Episode, d.Scan.Time.Sub(t0).Hours()))
					}
				}
			}
			if got := strings.Join(sent, " "); got != tc.want {
				t.Fatalf("sent %q, want %q", got, tc.want)
			}
		})
	}
}
