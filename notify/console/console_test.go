package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/notify"
)

func delayed() notify.Message {
	return notify.Message{
		ID:         "msg_1",
		Kind:       notify.KindDelayed,
		Audience:   notify.Customer,
		ShipmentID: "s1",
		Recipient:  notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com", Phone: "+4915112345678"},
		ETA:        time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC),
		Subject:    "Your parcel is running late",
		Text:       "Hello Ada,\r\nyour parcel now arrives on Thursday.\n",
		HTML:       "<p>Hello Ada</p>",
		CreatedAt:  time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		opts []Option
		edit func(*notify.Message)
		want string
	}{
		{
			name: "default prints header, name, subject and text only",
			want: "── customer · delayed · shipment s1 ──\nTo: Ada\nSubject: Your parcel is running late\n\nHello Ada,\nyour parcel now arrives on Thursday.\n",
		},
		{
			name: "options add created, eta and html",
			opts: []Option{WithTimestamps(), WithETA(), WithHTML()},
			want: "── customer · delayed · shipment s1 ──\nTo: Ada\nCreated: 2026-03-02T09:00:00Z\nETA: 2026-03-05T00:00:00Z\nSubject: Your parcel is running late\n\nHello Ada,\nyour parcel now arrives on Thursday.\n\n-- html --\n<p>Hello Ada</p>\n",
		},
		{
			name: "recipient id stands in for a missing name; order shown",
			edit: func(m *notify.Message) {
				m.Recipient.Name = ""
				m.OrderID = "o9"
				m.Audience = notify.Merchant
				m.Kind = notify.KindStalled
				m.Text = ""
			},
			want: "── merchant · stalled · shipment s1 · order o9 ──\nTo: recipient c1\nSubject: Your parcel is running late\n",
		},
		{
			name: "empty message still prints a well-formed block",
			edit: func(m *notify.Message) { *m = notify.Message{} },
			want: "── - · - ──\nTo: -\nSubject: \n",
		},
		{
			name: "line breaks and escapes cannot forge lines or reach the terminal",
			edit: func(m *notify.Message) {
				m.Recipient.Name = "Ada\r\nSubject: forged"
				m.Subject = "late\x1b[2J\u202e"
				m.Text = "a\x1b]0;title\x07b"
			},
			want: "── customer · delayed · shipment s1 ──\nTo: Ada  Subject: forged\nSubject: late\ufffd[2J\ufffd\n\na\ufffd]0;title\ufffdb\n",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := delayed()
			if c.edit != nil {
				c.edit(&m)
			}
			var buf bytes.Buffer
			if err := New(&buf, c.opts...).Notify(context.Background(), m); err != nil {
				t.Fatalf("Notify: %v", err)
			}
			if got := buf.String(); got != c.want {
				t.Errorf("output mismatch\n got: %q\nwant: %q", got, c.want)
			}
		})
	}
}

func TestNeverPrintsAddresses(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	n := New(&buf, WithTimestamps(), WithETA(), WithHTML())
	if err := n.Notify(context.Background(), delayed()); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"ada@example.com", "+4915112345678"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("output contains %q:\n%s", secret, buf.String())
		}
	}
}

func TestConcurrentBlocksDoNotInterleave(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	n := New(&buf)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				m := delayed()
				m.ShipmentID = fmt.Sprintf("s%d-%d", w, i)
				if err := n.Notify(context.Background(), m); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	blocks := strings.Split(buf.String(), "── customer")
	if got := len(blocks) - 1; got != workers*each {
		t.Fatalf("got %d blocks, want %d", got, workers*each)
	}
	for _, b := range blocks[1:] {
		if strings.Count(b, "\n") != 6 || !strings.HasSuffix(b, "Thursday.\n") {
			t.Fatalf("interleaved block: %q", b)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestErrors(t *testing.T) {
	t.Parallel()
	err := New(failWriter{}).Notify(context.Background(), delayed())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("write error not returned: %v", err)
	}
	if errors.Is(err, notify.ErrPermanent) {
		t.Errorf("a write error must be temporary, got %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if err := New(&buf).Notify(ctx, delayed()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: got %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote despite cancelled ctx: %q", buf.String())
	}
}

func TestNewNilWriterPanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("New(nil) did not panic")
		}
	}()
	New(nil)
}
