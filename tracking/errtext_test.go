package tracking_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/tracking"
)

// Each error of Track, Ingest and Status says "tracking:" once, however
// many layers wrapped a sentinel, and still matches the sentinel.
func TestErrorsSayTrackingOnce(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	e.track(t, "s1", "T1")
	for _, c := range []struct {
		name string
		err  error
		want error
		text string
	}{
		{"Track, unknown carrier", e.svc.Track(ctx, tracking.Shipment{ID: "s2", Carrier: "usp", TrackingNumber: "T2"}), tracking.ErrUnknownCarrier, `tracking: track s2: carrier "usp": unknown carrier`},
		{"Track, empty ID", e.svc.Track(ctx, tracking.Shipment{Carrier: "ups", TrackingNumber: "T2"}), tracking.ErrInvalid, "tracking: track: empty ID: invalid input"},
		{"Track, other data", e.svc.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "ups", TrackingNumber: "T9"}), tracking.ErrDuplicateShipment, ""},
		{"Status, unknown ID", func() error { _, err := e.svc.Status(ctx, "nope"); return err }(), tracking.ErrUnknownShipment, "tracking: status nope: unknown shipment"},
		{"Ingest, unknown number", e.svc.Ingest(ctx, &carrier.Update{Carrier: "ups", TrackingNumber: "NOPE"}), tracking.ErrUnknownShipment, "tracking: ingest ups NOPE: unknown shipment"},
		{"Ingest, no number", e.svc.Ingest(ctx, &carrier.Update{Carrier: "ups"}), tracking.ErrInvalid, ""},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: got %v, want errors.Is %v", c.name, c.err, c.want)
			continue
		}
		msg := c.err.Error()
		if strings.Count(msg, "tracking:") != 1 || strings.Contains(msg, "hmacsig") {
			t.Errorf("%s: the text must say tracking: once and name no internal package: %q", c.name, msg)
		}
		if c.text != "" && msg != c.text {
			t.Errorf("%s: got %q, want %q", c.name, msg, c.text)
		}
	}
}
