package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/tracking/store"
)

// optionalCases check the optional interfaces of store.Store. Each skips
// when the store does not implement its interface.
var optionalCases = []tcase{
	{"EraseCustomerBlanksLastErrors", "OutboxReader.OutboxMessage returns a message whatever its status; after EraseCustomer none of the customer's messages, pending, sent or dead, keeps its recipient, text or last error.", testEraseLastErrors},
	{"ReadHistoryRangeAndCarrier", "HistoryReader.ReadHistory selects shipments by the instant of CreatedAt in [CreatedFrom, CreatedTo), whatever zone offset it was stored with, by Carrier when set, and treats a zero bound as open.", testHistoryRange},
	{"ReadHistoryBatchesAndScans", "HistoryReader.ReadHistory streams the same shipments whatever the BatchSize (0 means the default), each once with its own scans in time order.", testHistoryBatches},
	{"ReadHistoryStopsAtCallbackError", "HistoryReader.ReadHistory stops at the first error its callback returns and returns that error.", testHistoryStop},
}

// historyFrom and historyTo bound the day the history cases select.
var (
	historyFrom = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	historyTo   = historyFrom.Add(24 * time.Hour)
)

// historyReader returns s as a store.HistoryReader, skipping the test when
// s does not implement it.
func historyReader(t *testing.T, s store.Store) store.HistoryReader {
	t.Helper()
	hr, ok := s.(store.HistoryReader)
	if !ok {
		t.Skip("the store does not implement the optional store.HistoryReader")
	}
	return hr
}

// seedHistory stores shipments registered around historyFrom with
// registration times in several zone offsets, each with two scans added out
// of order, and returns their registration times by ID.
func seedHistory(t *testing.T, s store.Store) map[string]time.Time {
	t.Helper()
	zone := func(h int) *time.Location { return time.FixedZone(fmt.Sprintf("%+d", h), h*3600) }
	created := map[string]time.Time{
		"a-out-before": time.Date(2026, 3, 10, 1, 0, 0, 0, zone(2)),          // 09T23:00Z
		"b-in":         time.Date(2026, 3, 9, 20, 0, 0, 0, zone(-5)),         // 10T01:00Z
		"c-in-edge":    historyFrom,                                          // included
		"d-in":         time.Date(2026, 3, 11, 0, 30, 0, 500, zone(1)),       // 10T23:30Z
		"e-out-edge":   time.Date(2026, 3, 10, 20, 0, 0, 0, zone(-4)),        // 11T00:00Z, excluded
		"f-in-east":    time.Date(2026, 3, 11, 13, 0, 0, 0, zone(14)),        // 10T23:00Z, in
		"g-out-late":   time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC),         // out
		"h-in-dhl":     time.Date(2026, 3, 10, 12, 0, 0, 123456789, zone(9)), // in, other carrier
	}
	for id, at := range created {
		c := "ups"
		if id == "h-in-dhl" {
			c = "dhl"
		}
		if _, err := s.CreateShipment(ctx(), &store.Shipment{ID: id, Carrier: c, TrackingNumber: id, CreatedAt: at, Service: "express"}); err != nil {
			t.Fatalf("CreateShipment(%q): %v", id, err)
		}
		if _, err := s.AppendScans(ctx(), id, []store.Scan{
			{Time: at.Add(2 * time.Hour), Code: "DL", Milestone: "delivered", Description: id},
			{Time: at.Add(time.Hour), Code: "PU", Milestone: "picked_up", Description: id},
		}); err != nil {
			t.Fatalf("AppendScans(%q): %v", id, err)
		}
	}
	return created
}

// readHistory returns the sorted IDs ReadHistory streams for q, checking
// each History against what seedHistory stored.
func readHistory(t *testing.T, hr store.HistoryReader, created map[string]time.Time, q store.HistoryQuery) []string {
	t.Helper()
	var got []string
	err := hr.ReadHistory(ctx(), q, func(h *store.History) error {
		id := h.Shipment.ID
		if h.Shipment.Service != "express" {
			t.Fatalf("ReadHistory must return the stored shipment: %s has Service %q, want express", id, h.Shipment.Service)
		}
		if !h.Shipment.CreatedAt.Equal(created[id]) {
			t.Fatalf("ReadHistory must return the stored CreatedAt: %s has %v, want %v", id, h.Shipment.CreatedAt, created[id])
		}
		if len(h.Scans) != 2 {
			t.Fatalf("ReadHistory must return the shipment's scans: %s has %d, want 2", id, len(h.Scans))
		}
		if h.Scans[0].Code != "PU" {
			t.Fatalf("ReadHistory must return scans in time order: %s starts with %q, want PU", id, h.Scans[0].Code)
		}
		if h.Scans[1].Description != id {
			t.Fatalf("ReadHistory must return the scans of the right shipment: %s got a scan of %q", id, h.Scans[1].Description)
		}
		got = append(got, id)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadHistory(%+v): %v", q, err)
	}
	slices.Sort(got)
	return got
}

func testHistoryRange(t *testing.T, s store.Store) {
	hr := historyReader(t, s)
	created := seedHistory(t, s)
	for _, c := range []struct {
		what string
		q    store.HistoryQuery
		want []string
	}{
		{"a day, edges and offsets", store.HistoryQuery{CreatedFrom: historyFrom, CreatedTo: historyTo},
			[]string{"b-in", "c-in-edge", "d-in", "f-in-east", "h-in-dhl"}},
		{"a day of one carrier", store.HistoryQuery{CreatedFrom: historyFrom, CreatedTo: historyTo, Carrier: "ups", BatchSize: 2},
			[]string{"b-in", "c-in-edge", "d-in", "f-in-east"}},
		{"open start", store.HistoryQuery{CreatedTo: historyFrom}, []string{"a-out-before"}},
		{"open end after everything", store.HistoryQuery{CreatedFrom: historyTo.Add(48 * time.Hour)}, nil},
	} {
		if got := readHistory(t, hr, created, c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s: ReadHistory streamed %v, want %v", c.what, got, c.want)
		}
	}
	if got := readHistory(t, hr, created, store.HistoryQuery{}); len(got) != len(created) {
		t.Errorf("an empty query must stream every shipment: got %d, want %d", len(got), len(created))
	}
}

func testHistoryBatches(t *testing.T, s store.Store) {
	hr := historyReader(t, s)
	created := seedHistory(t, s)
	want := []string{"b-in", "c-in-edge", "d-in", "f-in-east", "h-in-dhl"}
	for _, batch := range []int{0, 1, 2, 3, 100} {
		got := readHistory(t, hr, created, store.HistoryQuery{CreatedFrom: historyFrom, CreatedTo: historyTo, BatchSize: batch})
		if !slices.Equal(got, want) {
			t.Errorf("batch %d: ReadHistory streamed %v, want %v", batch, got, want)
		}
	}
}

func testHistoryStop(t *testing.T, s store.Store) {
	hr := historyReader(t, s)
	seedHistory(t, s)
	stop := errors.New("stop")
	n := 0
	err := hr.ReadHistory(ctx(), store.HistoryQuery{BatchSize: 3}, func(*store.History) error {
		n++
		if n == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("ReadHistory must return the callback's error, got %v", err)
	}
	if n != 4 {
		t.Errorf("ReadHistory must not call the callback after it failed: %d calls, want 4", n)
	}
}
