package ops

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/tracking"
)

func TestSearchByTrackingNumber(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	// One shipment has the number, written as the operator types it.
	w := c.get("/ops/?q=" + url.QueryEscape("1z-999"))
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/ops/shipments/s4", w.Header().Get("Location"))
	// Several: the list of every shipment with that number.
	s.f.put(tracking.View{ID: "s9", Carrier: "dhl", TrackingNumber: "jjd 0001", State: tracking.StateDelivered}, base)
	w = c.get("/ops/?q=JJD0001")
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	loc := w.Header().Get("Location")
	assert.Equal(t, "/ops/?all=1&number=JJD0001", loc)
	var m listModel
	c.getJSON(strings.Replace(loc, "/ops/?", "/ops/index.json?", 1), &m)
	var ids []string
	for _, r := range m.Shipments {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"s1", "s9"}, ids)
	assert.Equal(t, "JJD0001", m.Filter.Number)
	body := c.get(loc).Body.String()
	assert.Contains(t, body, `<input name="number" value="JJD0001"`, "the filter form keeps the number")
	q := s.f.queries[len(s.f.queries)-1]
	assert.Equal(t, "JJD0001", q.TrackingNumber)
	assert.False(t, q.NeedsAttention)
	// An ID wins over a number; nothing found says so.
	w = c.get("/ops/?q=s4")
	assert.Equal(t, "/ops/shipments/s4", w.Header().Get("Location"))
	w = c.get("/ops/?q=" + url.QueryEscape("JJD 9999"))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "No order, shipment or tracking number matches &#34;JJD 9999&#34;")
	w = c.get("/ops/?number=" + url.QueryEscape(strings.Repeat("9", 200)))
	assert.Equal(t, http.StatusBadRequest, w.Code, "an overlong number is refused before the backend")
}

func TestNotFoundShown(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	var m listModel
	c.getJSON("/ops/index.json?notfound=1", &m)
	require.Len(t, m.Shipments, 1)
	assert.Equal(t, "s2", m.Shipments[0].ID)
	assert.True(t, m.Shipments[0].NotFound)
	assert.True(t, m.Filter.NotFound)
	q := s.f.queries[len(s.f.queries)-1]
	require.NotNil(t, q.NotFound)
	assert.True(t, *q.NotFound)

	body := c.get("/ops/").Body.String()
	row := body[strings.Index(body, `href="/ops/shipments/s2"`):]
	row = row[:strings.Index(row, "</tr>")]
	assert.Contains(t, row, "carrier has no data")
	assert.NotContains(t, body[strings.Index(body, `href="/ops/shipments/s1"`):strings.Index(body, `href="/ops/shipments/s2"`)], "carrier has no data")

	page := c.get("/ops/shipments/s2").Body.String()
	assert.Contains(t, page, "The carrier has had no data for this number since it was registered")
	assert.NotContains(t, c.get("/ops/shipments/s1").Body.String(), "The carrier has had no data")
	c.header.Set("Accept-Language", "de")
	assert.Contains(t, c.get("/ops/shipments/s2").Body.String(), "Der Versanddienst hat zu dieser Nummer seit der Anlage keine Daten")
	assert.Contains(t, c.get("/ops/").Body.String(), "keine Daten beim Versanddienst")
}

func TestShipmentMessages(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	body := c.get("/ops/shipments/s1").Body.String()
	start := strings.Index(body, `<table class="messages">`)
	require.Positive(t, start, body)
	table := body[start : start+strings.Index(body[start:], "</table>")]
	// Newest first, each with its status, attempts, time and error.
	for i, want := range []string{"m5", "m1", "m4", "m3"} {
		require.Contains(t, table, want, "message %d", i)
		if i > 0 {
			assert.Less(t, strings.Index(table, []string{"m5", "m1", "m4", "m3"}[i-1]), strings.Index(table, want))
		}
	}
	for _, want := range []string{
		"waiting to be sent", "next attempt: <time datetime=\"2026-03-02T11:30:00&#43;01:00\">2 Mar 2026, 11:30</time>",
		"could not be sent", "given up: <time", "sent: <time datetime=\"2026-03-01T15:00:00&#43;01:00\">",
		"discarded", "webhook: 503 from [e-mail]", "shop", "customer",
	} {
		assert.Contains(t, table, want)
	}
	assert.NotContains(t, table, "shop-ops@example.com")
	assert.NotContains(t, table, "anna.berger")

	var m shipmentModel
	c.getJSON("/ops/shipments/s1.json", &m)
	require.Len(t, m.Messages, 4)
	assert.Equal(t, "m5", m.Messages[0].ID)
	assert.Equal(t, tracking.MessagePending, m.Messages[0].Status)
	assert.Equal(t, 2, m.Messages[0].Attempts)
	assert.True(t, m.Messages[0].NextAttemptAt.Equal(base.Add(30*time.Minute)))
	assert.Equal(t, "webhook: 503 from [e-mail]", m.Messages[0].LastError)
	assert.Equal(t, tracking.MessageSent, m.Messages[2].Status)
	assert.Equal(t, tracking.MessageDiscarded, m.Messages[3].Status)

	c.header.Set("Accept-Language", "de")
	de := c.get("/ops/shipments/s1").Body.String()
	for _, want := range []string{"Nachrichten", "wartet auf Versand", "nächster Versuch", "nicht zustellbar", "verworfen", "gesendet", "Kunde"} {
		assert.Contains(t, de, want)
	}

	// A shipment without messages says so; a failing backend is no empty list.
	c.header.Del("Accept-Language")
	c.getJSON("/ops/shipments/s4.json", &m)
	assert.Empty(t, m.Messages)
	assert.NotNil(t, m.Messages)
	s.f.err = errors.New("db: connection reset")
	assert.Equal(t, http.StatusInternalServerError, c.get("/ops/shipments/s1").Code)
}
