package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/notify/notifytest"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/memstore"
	"github.com/wismo-dev/wismo/tracking/ops"
)

// The view runs on the Service as it is.
var _ ops.Backend = (*tracking.Service)(nil)

// opsWorld is the view over a tracking.Service on memstore with the
// simulated carrier, on one test clock.
type opsWorld struct {
	clk     *sim.Clock
	sim     *sim.Carrier
	svc     *tracking.Service
	out     *notifytest.Recorder
	h       http.Handler
	created time.Time
	token   string
}

func newOpsWorld(t *testing.T) *opsWorld {
	t.Helper()
	w := &opsWorld{created: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), out: &notifytest.Recorder{}}
	w.clk = sim.NewClock(w.created)
	var err error
	w.sim, err = sim.New(sim.Config{Now: w.clk.Now, Seed: 7})
	require.NoError(t, err)
	w.svc, err = tracking.New(tracking.Config{Store: memstore.New(), Carriers: carrier.NewRegistry(w.sim), Notifier: w.out, Now: w.clk.Now})
	require.NoError(t, err)
	loc, err := time.LoadLocation("Europe/Vienna")
	require.NoError(t, err)
	h, err := ops.New(w.svc, ops.Config{
		CSRFKey:  []byte("journey csrf key of 32 bytes or more"),
		Session:  func(*http.Request) string { return "operator-1" },
		BasePath: "/ops/", Location: loc,
	})
	require.NoError(t, err)
	w.h = http.StripPrefix("/ops", h)
	return w
}

func (w *opsWorld) ship(t *testing.T, id, order, number string, sc sim.Scenario, promise time.Duration) {
	t.Helper()
	require.NoError(t, w.sim.Ship(number, sc, w.created))
	require.NoError(t, w.svc.Track(context.Background(), tracking.Shipment{ID: id, OrderID: order, Carrier: sim.DefaultID,
		TrackingNumber: number, PromisedBy: w.created.Add(promise),
		Recipient: notify.Recipient{ID: "c-" + id, Name: "Ada Lovelace", Email: id + "@example.com"}}))
}

// run advances the clock by d with a Tick every 10 minutes.
func (w *opsWorld) run(t *testing.T, d time.Duration) {
	t.Helper()
	end := w.clk.Now().Add(d)
	for w.clk.Now().Before(end) {
		require.NoError(t, w.svc.Tick(context.Background()))
		w.clk.Advance(10 * time.Minute)
	}
}

func (w *opsWorld) do(t *testing.T, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if form != nil {
		if w.token == "" {
			// Any confirmation page carries the session's token.
			page := w.do(t, http.MethodGet, "/ops/dead/x/replay", nil).Body.String()
			m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
			require.NotNil(t, m, page)
			w.token = m[1]
		}
		form.Set("csrf", w.token)
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	return rec
}

// jsonOf gets a page's JSON twin.
func (w *opsWorld) jsonOf(t *testing.T, target string) map[string]any {
	t.Helper()
	rec := w.do(t, http.MethodGet, target, nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var m map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m))
	return m
}

func idsOf(m map[string]any, key string) []string {
	var out []string
	list, _ := m[key].([]any)
	for _, x := range list {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

// TestJourney follows an order of three parcels through the view on a
// real Service: the list shows what the Service says needs attention, a
// shipment's page its version and timeline; the operator corrects a
// promise (and a stale form is refused), cancels a parcel with a reason,
// resends a message, and replays and discards dead letters.
func TestJourney(t *testing.T) {
	ctx := context.Background()
	w := newOpsWorld(t)
	w.ship(t, "p1", "A-1", "SIM0000000001", sim.OnTime(), 96*time.Hour)
	w.ship(t, "p2", "A-1", "SIM0000000002", sim.LateEstimate(), 48*time.Hour)
	w.ship(t, "p3", "A-1", "SIM0000000003", sim.Stalled(), 96*time.Hour)
	w.run(t, 30*time.Hour)

	// The list is the Service's own list of what needs attention.
	want, err := w.svc.List(ctx, tracking.Query{NeedsAttention: true})
	require.NoError(t, err)
	require.NotEmpty(t, want.Shipments, "the late estimate needs attention")
	var wantIDs []string
	for _, v := range want.Shipments {
		wantIDs = append(wantIDs, v.ID)
	}
	list := w.jsonOf(t, "/ops/index.json")
	assert.Equal(t, wantIDs, idsOf(list, "shipments"))
	assert.Contains(t, wantIDs, "p2")
	assert.NotContains(t, wantIDs, "p1", "an on-time parcel needs nothing")
	all := w.jsonOf(t, "/ops/index.json?all=1")
	assert.ElementsMatch(t, []string{"p1", "p2", "p3"}, idsOf(all, "shipments"))
	// A cursor of another query is the Service's ErrBadCursor: 400.
	two, err := w.svc.List(ctx, tracking.Query{Limit: 1})
	require.NoError(t, err)
	require.NotEmpty(t, two.Next)
	rec := w.do(t, http.MethodGet, "/ops/index.json?state=delayed&cursor="+url.QueryEscape(two.Next), nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), "bad_cursor")

	// One shipment: the Service's view, timeline newest first.
	v, err := w.svc.Status(ctx, "p2")
	require.NoError(t, err)
	page := w.jsonOf(t, "/ops/shipments/p2.json")
	sh := page["shipment"].(map[string]any)
	assert.Equal(t, string(v.State), sh["state"])
	assert.Equal(t, float64(v.Version), sh["version"])
	assert.Equal(t, float64(2), sh["parcel"])
	assert.Equal(t, float64(3), sh["parcels"])
	timeline := page["timeline"].([]any)
	require.Len(t, timeline, len(v.Timeline))
	assert.Equal(t, v.Timeline[len(v.Timeline)-1].Description, timeline[0].(map[string]any)["description"])

	// Correct the promise: the end of 9 March in the shop's zone (Vienna).
	ver := strconv.FormatInt(v.Version, 10)
	rec = w.do(t, http.MethodPost, "/ops/shipments/p2/promise", url.Values{"version": {ver}, "promise": {"2026-03-09"}})
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	v2, err := w.svc.Status(ctx, "p2")
	require.NoError(t, err)
	assert.True(t, v2.PromisedBy.Equal(time.Date(2026, 3, 9, 22, 59, 59, 0, time.UTC)), "promise %s", v2.PromisedBy)
	assert.Greater(t, v2.Version, v.Version)
	// The same form again carries a stale version: refused, nothing changed.
	rec = w.do(t, http.MethodPost, "/ops/shipments/p2/promise", url.Values{"version": {ver}, "promise": {"2026-03-12"}})
	assert.Equal(t, http.StatusConflict, rec.Code)
	v3, err := w.svc.Status(ctx, "p2")
	require.NoError(t, err)
	assert.Equal(t, v2.PromisedBy, v3.PromisedBy)

	// The order's page.
	order := w.jsonOf(t, "/ops/orders/A-1.json")
	assert.Equal(t, float64(3), order["total"])
	assert.ElementsMatch(t, []string{"p1", "p2", "p3"}, idsOf(order, "shipments"))

	// Cancel a parcel with a reason.
	rec = w.do(t, http.MethodPost, "/ops/shipments/p3/cancel", url.Values{"reason": {"parcel replaced by p4"}})
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	c, err := w.svc.Status(ctx, "p3")
	require.NoError(t, err)
	assert.Equal(t, tracking.StateCancelled, c.State)
	assert.Equal(t, "parcel replaced by p4", c.CancelReason)
	html := w.do(t, http.MethodGet, "/ops/shipments/p3", nil).Body.String()
	assert.Contains(t, html, "parcel replaced by p4")
	assert.NotContains(t, html, `action="/ops/shipments/p3/promise"`, "a cancelled shipment offers no actions")
	rec = w.do(t, http.MethodPost, "/ops/shipments/p3/promise", url.Values{"promise": {"2026-03-09"}})
	assert.Equal(t, http.StatusConflict, rec.Code, "a cancelled shipment cannot be changed")

	// Resend the first message p1 got.
	var kind notify.Kind
	for _, m := range w.out.Messages() {
		if m.ShipmentID == "p1" {
			kind = m.Kind
			break
		}
	}
	require.NotEmpty(t, kind)
	before := w.out.Calls()
	rec = w.do(t, http.MethodPost, "/ops/shipments/p1/resend", url.Values{"kind": {string(kind)}})
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	require.NoError(t, w.svc.Tick(ctx))
	assert.Greater(t, w.out.Calls(), before)
	last, _ := w.out.Last()
	assert.Equal(t, kind, last.Kind)
	assert.Equal(t, "p1", last.ShipmentID)
	rec = w.do(t, http.MethodPost, "/ops/shipments/p1/resend", url.Values{"kind": {"lost"}})
	assert.Equal(t, http.StatusNotFound, rec.Code, "p1 was never lost")

	// Messages that cannot be sent become dead letters; replay and discard.
	w.out.FailPermanently(errors.New("smtp: 550 mailbox p4@example.com unknown"))
	w.ship(t, "p4", "A-2", "SIM0000000004", sim.OnTime(), 96*time.Hour)
	w.run(t, 12*time.Hour)
	dead := w.jsonOf(t, "/ops/dead.json?shipment=p4")
	letters := dead["dead_letters"].([]any)
	require.NotEmpty(t, letters)
	first := letters[0].(map[string]any)
	assert.NotContains(t, first["last_error"], "p4@example.com")
	assert.Contains(t, first["last_error"], "550")
	assert.Contains(t, idsOf(w.jsonOf(t, "/ops/index.json"), "shipments"), "p4", "a dead letter needs attention")
	assert.Contains(t, w.do(t, http.MethodGet, "/ops/shipments/p4", nil).Body.String(), first["id"].(string))

	w.out.Reset()
	rec = w.do(t, http.MethodPost, "/ops/dead/"+url.PathEscape(first["id"].(string))+"/replay", url.Values{})
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	require.NoError(t, w.svc.Tick(ctx))
	assert.True(t, slices.ContainsFunc(w.out.Messages(), func(m notify.Message) bool { return m.ID == first["id"] }), "the replayed message is sent")
	for _, x := range letters[1:] {
		rec = w.do(t, http.MethodPost, "/ops/dead/"+url.PathEscape(x.(map[string]any)["id"].(string))+"/discard", url.Values{})
		require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	}
	assert.Empty(t, w.jsonOf(t, "/ops/dead.json?shipment=p4")["dead_letters"])
	rec = w.do(t, http.MethodPost, "/ops/dead/nope/discard", url.Values{})
	assert.Equal(t, http.StatusNotFound, rec.Code)
	rec = w.do(t, http.MethodPost, "/ops/dead/"+url.PathEscape(first["id"].(string))+"/replay", url.Values{})
	assert.Equal(t, http.StatusBadRequest, rec.Code, "no longer a dead letter")

	// Later messages of p4 fail too; the operator discards them.
	w.out.FailPermanently(errors.New("smtp: 550 mailbox p4@example.com unknown"))
	w.run(t, 36*time.Hour)
	more := w.jsonOf(t, "/ops/dead.json?shipment=p4")["dead_letters"].([]any)
	require.NotEmpty(t, more)
	for _, x := range more {
		rec = w.do(t, http.MethodPost, "/ops/dead/"+url.PathEscape(x.(map[string]any)["id"].(string))+"/discard", url.Values{})
		require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	}
	w.out.Reset()

	// The shipment's messages, as the Service lists them: the replayed one
	// sent, the others discarded, newest first, in English and German.
	msgs, err := w.svc.Messages(ctx, "p4")
	require.NoError(t, err)
	require.Len(t, msgs, len(letters)+len(more))
	shown := w.jsonOf(t, "/ops/shipments/p4.json")["messages"].([]any)
	require.Len(t, shown, len(msgs))
	for i, m := range msgs {
		row := shown[i].(map[string]any)
		assert.Equal(t, m.ID, row["id"])
		assert.Equal(t, string(m.Status), row["status"])
		assert.NotContains(t, fmt.Sprint(row["last_error"]), "p4@example.com")
		if m.ID == first["id"] {
			assert.Equal(t, string(tracking.MessageSent), row["status"], "the replayed message was sent")
		} else {
			assert.Equal(t, string(tracking.MessageDiscarded), row["status"])
		}
	}
	html = w.do(t, http.MethodGet, "/ops/shipments/p4", nil).Body.String()
	assert.Contains(t, html, "discarded")
	assert.NotContains(t, html, "p4@example.com")
	r := httptest.NewRequest(http.MethodGet, "/ops/shipments/p4", nil)
	r.Header.Set("Accept-Language", "de-DE")
	de := httptest.NewRecorder()
	w.h.ServeHTTP(de, r)
	assert.Contains(t, de.Body.String(), "Nachrichten")
	assert.Contains(t, de.Body.String(), "verworfen")

	// The search box finds a shipment by its tracking number, as typed.
	rec = w.do(t, http.MethodGet, "/ops/?q="+url.QueryEscape("sim 0000-0000-02"), nil)
	require.Equal(t, http.StatusSeeOther, rec.Code, rec.Body.String())
	assert.Equal(t, "/ops/shipments/p2", rec.Header().Get("Location"))

	// A number the carrier never knows: not found, past the grace period.
	require.NoError(t, w.svc.Track(ctx, tracking.Shipment{ID: "p5", OrderID: "A-3", Carrier: sim.DefaultID, TrackingNumber: "SIM0000000005",
		Recipient: notify.Recipient{ID: "c-p5", Email: "p5@example.com"}}))
	assert.Empty(t, idsOf(w.jsonOf(t, "/ops/index.json?notfound=1"), "shipments"))
	w.run(t, 80*time.Hour)
	assert.Equal(t, []string{"p5"}, idsOf(w.jsonOf(t, "/ops/index.json?notfound=1"), "shipments"))
	assert.Contains(t, idsOf(w.jsonOf(t, "/ops/index.json"), "shipments"), "p5", "not found needs attention")
	p5 := w.jsonOf(t, "/ops/shipments/p5.json")["shipment"].(map[string]any)
	assert.Equal(t, true, p5["not_found"])
	assert.Contains(t, w.do(t, http.MethodGet, "/ops/shipments/p5", nil).Body.String(), "The carrier has had no data for this number")
}
