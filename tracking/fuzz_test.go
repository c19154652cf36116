package tracking_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
)

// FuzzIngest feeds arbitrary scans (any text, times, duplicates) through the
// built-in classifier: Ingest must not fail or panic, the state must be one
// of States(), the same scans in reverse order must give the same state,
// and ingesting everything again must send nothing new.
func FuzzIngest(f *testing.F) {
	f.Add([]byte{1, 5, 9}, "Picked up|Departed facility|Delivered", int64(0))
	f.Add([]byte{200, 3, 3}, "Out for delivery|Out for delivery|Zugestellt", int64(3*3600))
	f.Add([]byte{0}, "", int64(-1))
	f.Add([]byte{7, 2, 250, 9}, "Exception: address problem|In transit|Returned to sender|Label created", int64(1e9))
	f.Fuzz(func(t *testing.T, hours []byte, texts string, etaSec int64) {
		if len(hours) > 40 {
			hours = hours[:40]
		}
		words := splitBar(texts)
		var scans []milestone.Scan
		for i, h := range hours {
			text := ""
			if len(words) > 0 {
				text = words[i%len(words)]
			}
			scans = append(scans, milestone.Scan{Time: mon.Add(time.Duration(h) * time.Hour), Description: text, Code: string(rune('A' + i%3))})
		}
		var eta time.Time
		if etaSec != 0 {
			eta = mon.Add(time.Duration(etaSec%(30*86400)) * time.Second)
		}
		end := mon.Add(300 * time.Hour)
		run := func(order []milestone.Scan) (tracking.View, int, *tracking.Service, *notifytest.Recorder) {
			out := &notifytest.Recorder{}
			svc, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(noPolls{}), Notifier: out, Now: func() time.Time { return end }})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Track(context.Background(), tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "1Z1", PromisedBy: promise}); err != nil {
				t.Fatal(err)
			}
			for _, sc := range order {
				if err := svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "1Z1", Scans: []milestone.Scan{sc}, EstimatedDelivery: eta}); err != nil {
					t.Fatal(err)
				}
			}
			if err := svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "1Z1", EstimatedDelivery: eta}); err != nil {
				t.Fatal(err)
			}
			v, err := svc.Status(context.Background(), "s1")
			if err != nil {
				t.Fatal(err)
			}
			return v, len(out.Messages()), svc, out
		}
		v1, n1, svc, out := run(scans)
		if !slices.Contains(tracking.States(), v1.State) {
			t.Fatalf("state %q is not a State", v1.State)
		}
		rev := slices.Clone(scans)
		slices.Reverse(rev)
		if v2, _, _, _ := run(rev); v2.State != v1.State || v2.Reason != v1.Reason {
			t.Fatalf("order matters: %s/%s forwards, %s/%s reversed", v1.State, v1.Reason, v2.State, v2.Reason)
		}
		if err := svc.Ingest(context.Background(), &carrier.Update{Carrier: "ups", TrackingNumber: "1Z1", Scans: scans, EstimatedDelivery: eta}); err != nil {
			t.Fatal(err)
		}
		if n := len(out.Messages()); n != n1 {
			t.Fatalf("ingesting the same scans again sent %d more messages", n-n1)
		}
	})
}

func splitBar(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '|' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// FuzzListCursor feeds arbitrary cursors to List and DeadLetters: each is
// refused with ErrBadCursor, or is a cursor the Service wrote for the same
// filters; none panics, none is taken for another query's.
func FuzzListCursor(f *testing.F) {
	ctx := context.Background()
	svc, err := tracking.New(tracking.Config{Notifier: &notifytest.Recorder{}, Carriers: carrier.NewRegistry(noPolls{}), Now: func() time.Time { return mon }})
	if err != nil {
		f.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c"} {
		if err := svc.Track(ctx, tracking.Shipment{ID: id, OrderID: "o1", Carrier: "ups", TrackingNumber: "T" + id}); err != nil {
			f.Fatal(err)
		}
	}
	p, err := svc.List(ctx, tracking.Query{Limit: 1})
	if err != nil || p.Next == "" {
		f.Fatalf("first page: %v %q", err, p.Next)
	}
	f.Add(p.Next, "")
	f.Add(p.Next, "o1")
	f.Add("", "")
	f.Add("eyJ0IjoxLCJpIjoiYSIsImgiOiIwMDAwIn0", "")
	f.Add("!!!", "o2")
	f.Fuzz(func(t *testing.T, cursor, order string) {
		_, err := svc.List(ctx, tracking.Query{Limit: 1, OrderID: order, Cursor: cursor})
		switch {
		case err == nil:
			if cursor != "" && cursor == p.Next && order != "" {
				t.Fatalf("the cursor of an unfiltered list was taken for order %q", order)
			}
		case errors.Is(err, tracking.ErrBadCursor):
			if cursor == p.Next && order == "" {
				t.Fatalf("a cursor the Service wrote was refused: %v", err)
			}
		default:
			if !errors.Is(err, tracking.ErrInvalid) {
				t.Fatalf("List: %v", err)
			}
		}
		if _, err := svc.DeadLetters(ctx, tracking.DeadLetterQuery{Cursor: cursor}); err != nil && !errors.Is(err, tracking.ErrBadCursor) {
			t.Fatalf("DeadLetters: %v", err)
		}
	})
}
