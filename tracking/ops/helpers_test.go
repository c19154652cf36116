package ops

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// base is the fixtures' clock: Monday, 2 March 2026, 10:00 UTC.
var base = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func berlin(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	return loc
}

// weirdID is a shipment ID that needs escaping in HTML and in a URL path.
const weirdID = `x<b>"&/y?z`

// seed fills a fake with shipments in every interesting state and a few
// dead letters.
func seed(f *fake) {
	put := func(v tracking.View, hours int) { f.put(v, base.Add(time.Duration(hours)*time.Hour)) }
	put(tracking.View{ID: "s1", OrderID: "o-1", Carrier: "dhl", TrackingNumber: "JJD0001", State: tracking.StateDelayed,
		Reason: tracking.ReasonPromiseMissed, Milestone: milestone.InTransit, Late: true,
		PromisedBy: time.Date(2026, 3, 1, 22, 59, 59, 0, time.UTC),
		Timeline: []tracking.TimelineEntry{
			{Time: base.Add(-48 * time.Hour), Milestone: milestone.PickedUp, Description: "Picked up", Location: "Leipzig"},
			{Time: base.Add(-24 * time.Hour), Milestone: milestone.InTransit, Description: "Departed hub", Location: "Hannover", Code: "DEP"},
		}}, 9)
	put(tracking.View{ID: "s2", OrderID: "o-1", Carrier: "dhl", TrackingNumber: "JJD0002", State: tracking.StateAtRisk,
		Reason: tracking.ReasonNotPickedUp, Milestone: milestone.InfoReceived, NotFound: true}, 8)
	put(tracking.View{ID: "s3", OrderID: "o-1", Carrier: "dpd", TrackingNumber: "0150", State: tracking.StateOnTrack,
		Milestone: milestone.InTransit}, 7)
	put(tracking.View{ID: "s4", Carrier: "ups", TrackingNumber: "1Z999", State: tracking.StateException,
		Reason: tracking.ReasonCarrierException, Milestone: milestone.Exception, ActionRequired: true}, 6)
	put(tracking.View{ID: "s5", OrderID: "o-2", Carrier: "dhl", TrackingNumber: "JJD0005", State: tracking.StateDelivered,
		Reason: tracking.ReasonOnTime, Milestone: milestone.Delivered, DeliveredAt: base.Add(-time.Hour)}, 5)
	put(tracking.View{ID: "s6", Carrier: "gls", TrackingNumber: "GLS6", State: tracking.StateLost, Reason: tracking.ReasonSilence,
		Milestone: milestone.InTransit}, 4)
	put(tracking.View{ID: weirdID, Carrier: "dhl", TrackingNumber: "<i>T</i>", State: tracking.StateDelayed,
		Reason: tracking.ReasonCarrierETA, Milestone: milestone.InTransit}, 3)
	f.dead = []tracking.DeadLetter{
		{ID: "m1", ShipmentID: "s1", Kind: "delayed", Attempts: 8,
			LastError: "smtp: 550 mailbox anna.berger@example.com unavailable", DeadAt: base.Add(-2 * time.Hour)},
		{ID: "m2", ShipmentID: "s4", Kind: "exception", Attempts: 8, LastError: "sms: 400 bad number", DeadAt: base.Add(-time.Hour)},
		{ID: "m3", ShipmentID: "s1", Kind: "shipped", Attempts: 8, LastError: "timeout", DeadAt: base.Add(-3 * time.Hour)},
	}
	f.msgs = map[string][]tracking.MessageView{
		"s1": {
			{ID: "m5", Kind: "delayed", Audience: "merchant", Status: tracking.MessagePending, Attempts: 2,
				NextAttemptAt: base.Add(30 * time.Minute), LastError: "webhook: 503 from shop-ops@example.com"},
			{ID: "m1", Kind: "delayed", Audience: "customer", Status: tracking.MessageDead, Attempts: 8,
				DeadAt: base.Add(-2 * time.Hour), LastError: "smtp: 550 mailbox anna.berger@example.com unavailable"},
			{ID: "m4", Kind: "in_transit", Audience: "customer", Status: tracking.MessageSent, SentAt: base.Add(-20 * time.Hour)},
			{ID: "m3", Kind: "shipped", Audience: "customer", Status: tracking.MessageDiscarded, Attempts: 8,
				DeadAt: base.Add(-3 * time.Hour), LastError: "timeout"},
		},
	}
}

// setup is a handler over a seeded fake, with its log.
type setup struct {
	h   *Handler
	f   *fake
	log *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSetup(t testing.TB, mod ...func(*Config)) *setup {
	t.Helper()
	s := &setup{f: newFake(), log: &syncBuffer{}}
	seed(s.f)
	cfg := Config{CSRFKey: testKey, Location: berlin(t), BasePath: "/ops/", Logger: slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, m := range mod {
		m(&cfg)
	}
	h, err := New(s.f, cfg)
	require.NoError(t, err)
	s.h = h
	return s
}

// client is one operator's browser: it keeps the session cookie.
type client struct {
	t      testing.TB
	srv    http.Handler
	cookie *http.Cookie
	header http.Header
}

func (s *setup) client(t testing.TB) *client {
	return &client{t: t, srv: http.StripPrefix("/ops", s.h), header: http.Header{}}
}

func (c *client) do(method, target string, form url.Values) *httptest.ResponseRecorder {
	c.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.header {
		r.Header[k] = v
	}
	if c.cookie != nil {
		r.AddCookie(c.cookie)
	}
	w := httptest.NewRecorder()
	c.srv.ServeHTTP(w, r)
	for _, ck := range w.Result().Cookies() {
		if ck.Name == cookieName {
			c.cookie = ck
		}
	}
	return w
}

func (c *client) get(target string) *httptest.ResponseRecorder {
	return c.do(http.MethodGet, target, nil)
}

func (c *client) getJSON(target string, into any) *httptest.ResponseRecorder {
	c.t.Helper()
	w := c.get(target)
	require.Equal(c.t, "application/json; charset=utf-8", w.Header().Get("Content-Type"), w.Body.String())
	require.NoError(c.t, json.Unmarshal(w.Body.Bytes(), into), w.Body.String())
	return w
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// token reads the CSRF token from a page's form.
func (c *client) token(target string) string {
	c.t.Helper()
	w := c.get(target)
	require.Equal(c.t, http.StatusOK, w.Code, w.Body.String())
	m := csrfField.FindStringSubmatch(w.Body.String())
	require.NotNil(c.t, m, "no CSRF field on %s", target)
	require.NotEmpty(c.t, m[1])
	return m[1]
}

// esc is a path segment as the pages link it.
func esc(id string) string { return url.PathEscape(id) }
