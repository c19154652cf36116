package page_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/returns"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/page"
)

// pageFor serves the tracking page of svc and returns a getter for a
// shipment's page, HTML or JSON.
func pageFor(t *testing.T, svc page.Service, now func() time.Time) func(id, suffix string) string {
	t.Helper()
	h, err := page.New(page.Config{
		Service: svc, Keys: [][]byte{[]byte("journey-key-of-32-random-bytes!!")}, Now: now,
		Branding: notify.Branding{ShopName: "Alpenrad"},
	})
	require.NoError(t, err)
	srv := httptest.NewServer(http.StripPrefix("/track/", h))
	t.Cleanup(srv.Close)
	return func(id, suffix string) string {
		res, err := http.Get(srv.URL + "/track/" + h.Link(id, time.Time{}) + suffix)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return string(b)
	}
}

// TestJourneyPageTimelineInTheCustomersLanguage follows a parcel with the
// simulated carrier (whose scans are English) and reads its German page:
// every timeline entry says its milestone in German, with the carrier's
// words in small print under it, and the headline reads as German.
func TestJourneyPageTimelineInTheCustomersLanguage(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)) // a Monday
	carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
	require.NoError(t, err)
	trk, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr), Notifier: &notifytest.Recorder{}, Now: clk.Now})
	require.NoError(t, err)
	require.NoError(t, carr.Ship("SIM1", sim.OnTime(), clk.Now()))
	require.NoError(t, trk.Track(ctx, tracking.Shipment{ID: "s1", Carrier: "sim", TrackingNumber: "SIM1",
		Recipient: notify.Recipient{ID: "c1", Locale: "de-AT", TimeZone: "Europe/Vienna"}}))
	for range 30 { // into the second day: picked up, processed, departed, arrived
		clk.Advance(time.Hour)
		require.NoError(t, trk.Tick(ctx))
	}
	get := pageFor(t, trk, clk.Now)

	var st page.Status
	require.NoError(t, json.Unmarshal([]byte(get("s1", ".json")), &st))
	assert.Equal(t, "de", st.Lang)
	require.NotEmpty(t, st.Timeline)
	said := map[string]bool{}
	for _, e := range st.Timeline {
		said[e.Description] = true
		assert.NotEqual(t, e.Description, e.Text, "entry %s is not in German", e.Milestone)
		switch e.Milestone {
		case "picked_up":
			assert.Equal(t, "Vom Paketdienst abgeholt", e.Text)
		case "in_transit":
			assert.Equal(t, "Unterwegs", e.Text)
		}
	}
	assert.True(t, said["Processing at facility"] && said["Picked up"], "the carrier's words stay: %v", said)
	assert.True(t, strings.HasPrefix(st.Headline, "Ihr Paket kommt am "), st.Headline)

	html := get("s1", "")
	assert.Contains(t, html, `Unterwegs<br><small class="said">Processing at facility</small>`)
	assert.Contains(t, html, `Vom Paketdienst abgeholt<br><small class="said">Picked up</small>`)
	assert.NotContains(t, html, `</time>Picked up`, "no English scan text as the entry itself")
}

// trackLink finds the "Track your parcel" link of a rendered message.
var trackLink = regexp.MustCompile(`Track your parcel: (\S+)`)

// TestJourneyReturnMessagesLinkTheReturnParcel runs a return through the
// returns and tracking Services with the simulated carrier: the return
// label's and the in-transit message's "Track your parcel" link opens the
// return parcel's page (its tracking number, not the delivered outbound
// parcel's), and that page speaks of a return in English and German, from
// the label to the parcel's arrival at the shop.
func TestJourneyReturnMessagesLinkTheReturnParcel(t *testing.T) {
	ctx := context.Background()
	clk := sim.NewClock(time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)) // a Monday
	carr, err := sim.New(sim.Config{ID: "sim", Now: clk.Now})
	require.NoError(t, err)
	trk, err := tracking.New(tracking.Config{Carriers: carrier.NewRegistry(carr),
		Notifier: returns.WithoutParcelMessages(&notifytest.Recorder{}), Now: clk.Now})
	require.NoError(t, err)
	h, err := page.New(page.Config{Service: trk, Keys: [][]byte{[]byte("journey-key-of-32-random-bytes!!")}, Now: clk.Now,
		Branding: notify.Branding{ShopName: "Alpenrad"}})
	require.NoError(t, err)
	srv := httptest.NewServer(http.StripPrefix("/track/", h))
	t.Cleanup(srv.Close)
	renderer, err := notify.NewRenderer(notify.RendererConfig{Branding: notify.Branding{ShopName: "Alpenrad",
		TrackingURL: func(m notify.Message) string { return srv.URL + "/track/" + h.Link(m.ShipmentID, time.Time{}) }}})
	require.NoError(t, err)
	out := &notifytest.Recorder{}
	rs, err := returns.New(returns.Config{Tracking: trk, Carriers: carrier.NewRegistry(carr), Notifier: out, Renderer: renderer,
		Now: clk.Now, Policy: returns.Policy{WindowDays: 30, AutoApprove: returns.AutoApprove{Reasons: []returns.Reason{returns.ReasonTooSmall}}}})
	require.NoError(t, err)

	ada := notify.Recipient{ID: "c1", Name: "Ada", Email: "ada@example.com", TimeZone: "Europe/Berlin"}
	require.NoError(t, carr.Ship("OUT1", sim.OnTime(), clk.Now()))
	require.NoError(t, trk.Track(ctx, tracking.Shipment{ID: "s1", OrderID: "o1", Carrier: "sim", TrackingNumber: "OUT1", Recipient: ada}))
	tick := func(until func() bool) {
		t.Helper()
		for range 24 * 10 {
			clk.Advance(time.Hour)
			require.NoError(t, trk.Tick(ctx))
			require.NoError(t, rs.Sync(ctx))
			if until() {
				return
			}
		}
		t.Fatal("not reached in 10 days")
	}
	tick(func() bool { v, err := trk.Status(ctx, "s1"); return err == nil && v.State == tracking.StateDelivered })

	_, _, err = rs.Request(ctx, returns.Return{ID: "r1", OrderID: "o1", ShipmentID: "s1", Customer: ada,
		Items: []returns.Item{{SKU: "shirt", Name: "Shirt", Quantity: 1, UnitPrice: 2990, Reason: returns.ReasonTooSmall}}})
	require.NoError(t, err)
	r, err := rs.IssueLabel(ctx, "r1")
	require.NoError(t, err)

	// status follows the link of the last message of kind k.
	status := func(k notify.Kind, lang string) page.Status {
		t.Helper()
		var m notify.Message
		for _, x := range out.Messages() {
			if x.Kind == k {
				m = x
			}
		}
		require.Equal(t, k, m.Kind, "no %s message", k)
		assert.Equal(t, r.ParcelID, m.ShipmentID, "%s names the return parcel", k)
		link := trackLink.FindStringSubmatch(m.Text)
		require.NotNil(t, link, "%s has no tracking link:\n%s", k, m.Text)
		res, err := http.Get(link[1] + ".json?lang=" + lang)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode)
		var st page.Status
		require.NoError(t, json.NewDecoder(res.Body).Decode(&st))
		assert.Equal(t, r.Label.TrackingNumber, st.TrackingNumber, "the link opens the return parcel")
		assert.True(t, st.Return)
		assert.Empty(t, st.ReturnURL)
		assert.NotContains(t, st.Headline+st.Message, "order", "the return parcel's page speaks of the return")
		assert.NotContains(t, st.Headline+st.Message, "Bestellung")
		return st
	}

	st := status(notify.KindReturnLabel, "en")
	assert.Equal(t, "Your return label is ready", st.Headline)
	assert.Equal(t, "Ihr Rücksendeetikett ist bereit", status(notify.KindReturnLabel, "de").Headline)
	assert.Equal(t, []string{"Return label created", "Handed to the carrier", "On its way back to us", "Received by us"},
		[]string{st.Progress[0].Label, st.Progress[1].Label, st.Progress[2].Label, st.Progress[3].Label})

	tick(func() bool { r, err := rs.Get(ctx, "r1"); return err == nil && r.State == returns.StateInTransit })
	st = status(notify.KindReturnInTransit, "en")
	assert.Equal(t, "Your return is on its way back to us", st.Headline)
	assert.Equal(t, "Ihre Rücksendung ist auf dem Weg zu uns", status(notify.KindReturnInTransit, "de").Headline)

	tick(func() bool { r, err := rs.Get(ctx, "r1"); return err == nil && r.State == returns.StateReceived })
	st = status(notify.KindReturnInTransit, "en")
	assert.True(t, strings.HasPrefix(st.Headline, "We received your return on "), st.Headline)
	assert.Equal(t, "Received by us", st.Timeline[0].Text)
	de := status(notify.KindReturnInTransit, "de")
	assert.True(t, strings.HasPrefix(de.Headline, "Ihre Rücksendung ist am "), de.Headline)
	assert.True(t, strings.HasSuffix(de.Headline, " bei uns angekommen"), de.Headline)
}
