package ops

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/tracking"
)

func TestNewRefusesUnusableConfig(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no key", Config{}, "CSRFKey has 0 bytes"},
		{"short key", Config{CSRFKey: []byte("short")}, "CSRFKey has 5 bytes"},
		{"language", Config{CSRFKey: testKey, Language: "fr"}, `Language "fr"`},
		{"page size", Config{CSRFKey: testKey, PageSize: 501}, "PageSize 501"},
		{"negative page size", Config{CSRFKey: testKey, PageSize: -1}, "PageSize -1"},
		{"relative base", Config{CSRFKey: testKey, BasePath: "ops/"}, "does not start with /"},
		{"base with query", Config{CSRFKey: testKey, BasePath: "/ops?x=1"}, "not a plain URL path"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(newFake(), c.cfg)
			require.ErrorIs(t, err, ErrConfig)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	_, err := New(nil, Config{CSRFKey: testKey})
	require.ErrorIs(t, err, ErrConfig)
}

// ids returns the shipment IDs linked from a list page, in order.
func ids(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td><a href="/ops/shipments/([^"]+)">`).FindAllStringSubmatch(page, -1) {
		id, _ := url.PathUnescape(html.UnescapeString(m[1]))
		out = append(out, id)
	}
	return out
}

func TestListShowsWhatNeedsAttention(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	// Newest change first; on track and delivered shipments need nothing.
	assert.Equal(t, []string{"s1", "s2", "s4", "s6", weirdID}, ids(w.Body.String()))
	assert.True(t, s.f.queries[0].NeedsAttention)
	assert.Equal(t, 50, s.f.queries[0].Limit)

	// The JSON twin: the same shipments, through .json and Accept.
	var viaSuffix, viaAccept listModel
	c.getJSON("/ops/index.json", &viaSuffix)
	c.header.Set("Accept", "application/json")
	c.getJSON("/ops/", &viaAccept)
	var got []string
	for _, r := range viaSuffix.Shipments {
		got = append(got, r.ID)
	}
	assert.Equal(t, []string{"s1", "s2", "s4", "s6", weirdID}, got)
	assert.Equal(t, viaSuffix, viaAccept)
	assert.Equal(t, tracking.StateDelayed, viaSuffix.Shipments[0].State)
	assert.Equal(t, "/ops/shipments/s1", viaSuffix.Shipments[0].URL)
	assert.Equal(t, "/ops/orders/o-1", viaSuffix.Shipments[0].OrderURL)
	// Times are in the shop's zone.
	_, off := viaSuffix.Shipments[0].PromisedBy.Zone()
	assert.Equal(t, 3600, off)
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/?state=delayed&state=lost&carrier=dhl")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"s1", weirdID}, ids(w.Body.String()))
	q := s.f.queries[len(s.f.queries)-1]
	assert.Equal(t, []tracking.State{tracking.StateDelayed, tracking.StateLost}, q.States)
	assert.Equal(t, "dhl", q.Carrier)
	assert.Contains(t, w.Body.String(), `<option value="delayed" selected>`, "the form keeps the filter")

	w = c.get("/ops/?all=1&order=o-1")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"s1", "s2", "s3"}, ids(w.Body.String()), "all=1 lists shipments that need nothing too")
	assert.False(t, s.f.queries[len(s.f.queries)-1].NeedsAttention)

	w = c.get("/ops/?reason=carrier_exception")
	assert.Equal(t, []string{"s4"}, ids(w.Body.String()))
	w = c.get("/ops/?action=1&all=1")
	assert.Equal(t, []string{"s4"}, ids(w.Body.String()), "the customer must act on s4 only")
	require.NotNil(t, s.f.queries[len(s.f.queries)-1].ActionRequired)
	assert.Contains(t, w.Body.String(), `name="action" value="1" checked`)

	for _, bad := range []string{"/ops/?state=sleeping", "/ops/?reason=bored", "/ops/?carrier=" + strings.Repeat("x", 200), "/ops/?order=a%00b"} {
		n := len(s.f.queries)
		w := c.get(bad)
		assert.Equal(t, http.StatusBadRequest, w.Code, bad)
		assert.Len(t, s.f.queries, n, "%s reached the backend", bad)
	}
	w = c.get("/ops/?state=sleeping")
	assert.Contains(t, w.Body.String(), "Unknown state &#34;sleeping&#34;")
}

func TestListPagination(t *testing.T) {
	t.Parallel()
	s := newSetup(t, func(c *Config) { c.PageSize = 2 })
	c := s.client(t)
	var all []string
	next := "/ops/"
	for pages := 0; next != ""; pages++ {
		require.Less(t, pages, 10, "pagination does not end")
		w := c.get(next)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		got := ids(w.Body.String())
		assert.LessOrEqual(t, len(got), 2)
		all = append(all, got...)
		next = ""
		if m := regexp.MustCompile(`<a rel="next" href="([^"]+)">`).FindStringSubmatch(w.Body.String()); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	assert.Equal(t, []string{"s1", "s2", "s4", "s6", weirdID}, all)

	// The JSON gives the cursor and the next page's URL.
	var p listModel
	c.getJSON("/ops/index.json?state=delayed&state=at_risk&state=lost", &p)
	require.NotEmpty(t, p.Next)
	assert.Contains(t, p.NextURL, "cursor="+url.QueryEscape(p.Next))
	assert.Contains(t, p.NextURL, "state=at_risk")

	// A cursor of another query, a forged one and an unreadable one: 400
	// with a clear message, in HTML and JSON.
	for _, bad := range []string{
		"/ops/?cursor=" + url.QueryEscape(p.Next), // the filters differ
		"/ops/?cursor=forged.1",
		"/ops/?cursor=" + url.QueryEscape("a b\x01"),
		"/ops/?cursor=" + strings.Repeat("A", 2000),
	} {
		w := c.get(bad)
		assert.Equal(t, http.StatusBadRequest, w.Code, bad)
		assert.Contains(t, w.Body.String(), "This page link does not belong to this list", bad)
		var e errorModel
		c.getJSON(strings.Replace(bad, "/ops/?", "/ops/index.json?", 1), &e)
		assert.Equal(t, "bad_cursor", e.Error, bad)
	}
}

func TestSearch(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/?q=o-1")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/ops/orders/o-1", w.Header().Get("Location"))
	w = c.get("/ops/?q=" + url.QueryEscape(" s4 "))
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/ops/shipments/s4", w.Header().Get("Location"))
	w = c.get("/ops/?q=" + url.QueryEscape(weirdID))
	assert.Equal(t, "/ops/shipments/"+esc(weirdID), w.Header().Get("Location"))
	w = c.get("/ops/?q=nobody")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "No order, shipment or tracking number matches &#34;nobody&#34;")
	s.f.err = errors.New("db: connection reset")
	w = c.get("/ops/?q=o-1")
	assert.Equal(t, http.StatusInternalServerError, w.Code, "a failing backend is no empty search")
}

func TestShipmentPage(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/shipments/s1")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	body := w.Body.String()
	// The timeline newest first, dates in the shop's zone (Berlin, UTC+1).
	assert.Less(t, strings.Index(body, "Departed hub"), strings.Index(body, "Picked up"))
	assert.Contains(t, body, "1 Mar 2026, 11:00")
	assert.Contains(t, body, `<span class="state state-delayed">delayed</span> – promise missed`)
	// The messages that could not be sent: attempts and the last error,
	// without the recipient's address.
	assert.Contains(t, body, "smtp: 550 mailbox [e-mail] unavailable")
	assert.NotContains(t, body, "anna.berger")
	assert.Contains(t, body, `href="/ops/dead/m1/replay"`)
	assert.NotContains(t, body, "/ops/dead/m2/", "another shipment's dead letter")
	assert.NotContains(t, body, "sms: 400 bad number", "another shipment's dead letter")
	// The actions.
	assert.Contains(t, body, `action="/ops/shipments/s1/promise"`)
	assert.Contains(t, body, `value="2026-03-01"`, "the promise as the form's date, in the shop's zone")
	assert.Contains(t, body, `href="/ops/shipments/s1/cancel"`)

	var m shipmentModel
	c.getJSON("/ops/shipments/s1.json", &m)
	assert.Equal(t, "s1", m.Shipment.ID)
	require.Len(t, m.Timeline, 2)
	assert.Equal(t, "Departed hub", m.Timeline[0].Description)
	require.Len(t, m.DeadLetters, 2)
	assert.Equal(t, 8, m.DeadLetters[0].Attempts)
	assert.Equal(t, "smtp: 550 mailbox [e-mail] unavailable", m.DeadLetters[0].LastError)
}

func TestUnknownIDsAre404(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	for _, p := range []string{"/ops/shipments/nope", "/ops/orders/nope", "/ops/shipments/nope/cancel", "/ops/nothing",
		"/ops/shipments/s1/explode", "/ops/shipments/%25zz", "/ops/shipments/a%00b", "/ops/dead/m1/eat"} {
		w := c.get(p)
		assert.Equal(t, http.StatusNotFound, w.Code, p)
		assert.Contains(t, w.Body.String(), "There is no such page", p)
		var e errorModel
		c.header.Set("Accept", "application/json")
		c.getJSON(p, &e)
		c.header.Del("Accept")
		assert.Equal(t, "not_found", e.Error, p)
	}
	assert.Empty(t, s.log.String(), "a 404 is no failure to log")
}

func TestIDsAreEscaped(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/")
	assert.NotContains(t, w.Body.String(), "<b>")
	assert.NotContains(t, w.Body.String(), "<i>T</i>")
	assert.Contains(t, w.Body.String(), `href="/ops/shipments/x%3Cb%3E%22&amp;%2Fy%3Fz"`)
	w = c.get("/ops/shipments/" + esc(weirdID))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "x&lt;b&gt;&#34;&amp;/y?z")
	assert.NotContains(t, w.Body.String(), "<b>")
}

func TestOrderPage(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/orders/o-1")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "0 of 3 parcels delivered")
	assert.Equal(t, []string{"s1", "s2", "s3"}, ids(w.Body.String()))
	var m orderModel
	c.getJSON("/ops/orders/o-2.json", &m)
	assert.Equal(t, orderModel{OrderID: "o-2", State: tracking.StateDelivered, Delivered: 1, Total: 1, Shipments: m.Shipments}, m)
	require.Len(t, m.Shipments, 1)
	assert.Equal(t, "s5", m.Shipments[0].ID)
}

func TestDeadLettersPage(t *testing.T) {
	t.Parallel()
	s := newSetup(t, func(c *Config) { c.PageSize = 2 })
	c := s.client(t)
	w := c.get("/ops/dead")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "m1")
	assert.Contains(t, body, "m2")
	assert.NotContains(t, body, "anna.berger")
	var m deadModel
	c.getJSON("/ops/dead.json", &m)
	require.Len(t, m.DeadLetters, 2)
	require.NotEmpty(t, m.NextURL)
	var m2 deadModel
	c.getJSON(strings.Replace(m.NextURL, "/ops/dead?", "/ops/dead.json?", 1), &m2)
	require.Len(t, m2.DeadLetters, 1)
	assert.Equal(t, "m3", m2.DeadLetters[0].ID)
	assert.Empty(t, m2.Next)

	var m3 deadModel
	c.getJSON("/ops/dead.json?kind=exception", &m3)
	require.Len(t, m3.DeadLetters, 1)
	assert.Equal(t, "m2", m3.DeadLetters[0].ID)

	w = c.get("/ops/dead?cursor=d/x/1")
	assert.Equal(t, http.StatusBadRequest, w.Code)
}

func TestCancelWithConfirmation(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/shipments/s2/cancel")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "This cannot be undone")
	assert.Contains(t, w.Body.String(), `action="/ops/shipments/s2/cancel"`)
	assert.Zero(t, s.f.calls(), "a confirm page does nothing")
	tok := c.token("/ops/shipments/s2/cancel")

	// No reason: refused, nothing done.
	w = c.do(http.MethodPost, "/ops/shipments/s2/cancel", url.Values{"csrf": {tok}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Zero(t, s.f.calls())

	w = c.do(http.MethodPost, "/ops/shipments/s2/cancel", url.Values{"csrf": {tok}, "reason": {"order cancelled by customer"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/ops/shipments/s2?done=cancelled", w.Header().Get("Location"))
	assert.Equal(t, []string{"s2|order cancelled by customer"}, s.f.cancels)
	w = c.get(w.Header().Get("Location"))
	assert.Contains(t, w.Body.String(), "The shipment is cancelled.")
	assert.NotContains(t, w.Body.String(), "/cancel\"", "a cancelled shipment offers no actions")

	// A delivered shipment cannot be cancelled: 409 with why.
	w = c.do(http.MethodPost, "/ops/shipments/s5/cancel", url.Values{"csrf": {tok}, "reason": {"late"}})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "cancelled or finished")
	body := c.get("/ops/shipments/s5").Body.String()
	assert.NotContains(t, body, `href="/ops/shipments/s5/cancel"`, "a delivered shipment offers no cancel")
	assert.NotContains(t, body, `action="/ops/shipments/s5/promise"`)
	assert.Contains(t, body, `action="/ops/shipments/s5/resend"`, "its messages can be sent again")
	w = c.do(http.MethodPost, "/ops/shipments/nope/cancel", url.Values{"csrf": {tok}, "reason": {"x"}})
	assert.Equal(t, http.StatusNotFound, w.Code)
}

func TestResend(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.get("/ops/shipments/s1/resend?kind=delayed")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="kind" value="delayed"`)
	assert.Equal(t, http.StatusBadRequest, c.get("/ops/shipments/s1/resend?kind=spam").Code)
	tok := c.token("/ops/shipments/s1/resend?kind=delayed")
	w = c.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {tok}, "kind": {"return_label"}})
	assert.Equal(t, http.StatusBadRequest, w.Code, "not a shipment message")
	w = c.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {tok}, "kind": {"delayed"}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/ops/shipments/s1?done=resent", w.Header().Get("Location"))
	assert.Equal(t, []string{"s1|delayed"}, s.f.resends)
	w = c.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {tok}, "kind": {"lost"}})
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Contains(t, w.Body.String(), "No message of this kind was sent")
}

func TestCorrectPromise(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	tok := c.token("/ops/shipments/s1")
	w := c.do(http.MethodPost, "/ops/shipments/s1/promise", url.Values{"csrf": {tok}, "version": {"7"}, "promise": {"2026-03-06"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/ops/shipments/s1?done=promise", w.Header().Get("Location"))
	// The end of 6 March in Berlin.
	assert.Equal(t, []string{"s1|7|2026-03-06T23:59:59+01:00"}, s.f.updates)
	w = c.do(http.MethodPost, "/ops/shipments/s1/promise", url.Values{"csrf": {tok}, "promise": {""}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "s1|0|0001-01-01T00:00:00Z", s.f.updates[1], "an empty date removes the promise")

	for _, bad := range []url.Values{
		{"promise": {"6.3.2026"}}, {"promise": {"1900-01-01"}}, {"promise": {"2026-03-06"}, "version": {"-1"}},
		{"promise": {"2026-03-06"}, "version": {"seven"}},
	} {
		bad.Set("csrf", tok)
		w := c.do(http.MethodPost, "/ops/shipments/s1/promise", bad)
		assert.Equal(t, http.StatusBadRequest, w.Code, bad)
	}
	assert.Len(t, s.f.updates, 2, "a bad form reaches no backend")

	s.f.err = fmt.Errorf("update: %w", tracking.ErrVersionConflict)
	w = c.do(http.MethodPost, "/ops/shipments/s1/promise", url.Values{"csrf": {tok}, "version": {"6"}, "promise": {"2026-03-06"}})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "changed since you opened it")
	s.f.err = fmt.Errorf("update: promise before registration: %w", tracking.ErrInvalid)
	w = c.do(http.MethodPost, "/ops/shipments/s1/promise", url.Values{"csrf": {tok}, "promise": {"2026-03-06"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "promise before registration")
}

func TestReplayAndDiscard(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	for _, a := range []string{"replay", "discard"} {
		w := c.get("/ops/dead/m1/" + a)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Contains(t, w.Body.String(), `action="/ops/dead/m1/`+a+`"`)
	}
	tok := c.token("/ops/dead/m1/replay")
	w := c.do(http.MethodPost, "/ops/dead/m1/replay", url.Values{"csrf": {tok}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/ops/dead?done=replayed", w.Header().Get("Location"))
	w = c.do(http.MethodPost, "/ops/dead/m2/discard", url.Values{"csrf": {tok}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/ops/dead?done=discarded", w.Header().Get("Location"))
	assert.Contains(t, c.get("/ops/dead?done=discarded").Body.String(), "The message is discarded.")
	w = c.do(http.MethodPost, "/ops/dead/zzz/discard", url.Values{"csrf": {tok}})
	assert.Equal(t, http.StatusNotFound, w.Code)
	assert.Equal(t, []string{"m1"}, s.f.replays)
	assert.Equal(t, []string{"m2"}, s.f.discards)
}

func TestCSRFRefusals(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	tok := c.token("/ops/shipments/s1")
	other := s.client(t)
	otherTok := other.token("/ops/shipments/s1")
	require.NotEqual(t, tok, otherTok, "tokens are per session")

	form := func(tok string) url.Values { return url.Values{"csrf": {tok}, "reason": {"x"}} }
	cases := []struct {
		name   string
		c      *client
		form   url.Values
		header map[string]string
	}{
		{"no token", c, url.Values{"reason": {"x"}}, nil},
		{"wrong token", c, form("AAAA"), nil},
		{"another session's token", c, form(otherTok), nil},
		{"no session cookie", s.client(t), form(tok), nil},
		{"cross-site fetch", c, form(tok), map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin", c, form(tok), map[string]string{"Origin": "https://evil.example"}},
		{"null origin", c, form(tok), map[string]string{"Origin": "null"}},
	}
	for _, k := range cases {
		for h, v := range k.header {
			k.c.header.Set(h, v)
		}
		w := k.c.do(http.MethodPost, "/ops/shipments/s1/cancel", k.form)
		for h := range k.header {
			k.c.header.Del(h)
		}
		assert.Equal(t, http.StatusForbidden, w.Code, k.name)
		assert.Contains(t, w.Body.String(), "not from this session", k.name)
	}
	assert.Zero(t, s.f.calls(), "a refused action reaches no backend")
	assert.Contains(t, s.log.String(), "ops: action refused")

	// The token works, with a same-origin Origin header too.
	c.header.Set("Origin", "http://example.com")
	w := c.do(http.MethodPost, "/ops/shipments/s1/cancel", form(tok))
	assert.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
}

func TestSessionFromTheHost(t *testing.T) {
	t.Parallel()
	s := newSetup(t, func(c *Config) {
		c.Session = func(r *http.Request) string { return r.Header.Get("X-Session") }
	})
	alice, bob, anon := s.client(t), s.client(t), s.client(t)
	alice.header.Set("X-Session", "alice-session")
	bob.header.Set("X-Session", "bob-session")
	tok := alice.token("/ops/shipments/s1")
	assert.Nil(t, alice.cookie, "no cookie of the handler's own when the host gives the session")
	assert.NotEqual(t, tok, bob.token("/ops/shipments/s1"))

	w := bob.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {tok}, "kind": {"delayed"}})
	assert.Equal(t, http.StatusForbidden, w.Code)
	// Without a session pages can be read, but nothing can be done.
	w = anon.get("/ops/shipments/s1")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `name="csrf" value=""`)
	w = anon.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {""}, "kind": {"delayed"}})
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Zero(t, s.f.calls())
	w = alice.do(http.MethodPost, "/ops/shipments/s1/resend", url.Values{"csrf": {tok}, "kind": {"delayed"}})
	assert.Equal(t, http.StatusSeeOther, w.Code)
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	c.get("/ops/")
	require.NotNil(t, c.cookie)
	assert.Equal(t, http.SameSiteStrictMode, c.cookie.SameSite)
	assert.True(t, c.cookie.HttpOnly)
	assert.Equal(t, "/ops/", c.cookie.Path)
	first := c.cookie.Value
	c.get("/ops/dead")
	assert.Equal(t, first, c.cookie.Value, "the session is kept")
	// A POST without a cookie gets none (and is refused).
	n := s.client(t)
	n.do(http.MethodPost, "/ops/shipments/s1/cancel", url.Values{"reason": {"x"}})
	assert.Nil(t, n.cookie)
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	for _, p := range []string{"/ops/", "/ops/shipments/s1", "/ops/shipments/nope", "/ops/dead.json"} {
		w := c.get(p)
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		assert.Contains(t, csp, "default-src 'none'", p)
		assert.Contains(t, csp, "frame-ancestors 'none'", p)
		assert.Contains(t, csp, "form-action 'self'", p)
		assert.NotContains(t, csp, "unsafe-inline", p)
		assert.NotContains(t, csp, "script-src", p)
		assert.Equal(t, "DENY", h.Get("X-Frame-Options"), p)
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), p)
		assert.Equal(t, "no-store", h.Get("Cache-Control"), p)
	}
	// The CSP allows the page's one style by its hash, and the page has no
	// script.
	body := c.get("/ops/").Body.String()
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(body)
	require.NotNil(t, style)
	sum := sha256.Sum256([]byte(style[1]))
	assert.Contains(t, c.get("/ops/").Header().Get("Content-Security-Policy"), "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	assert.NotContains(t, body, "<script")
	assert.NotContains(t, body, " style=")
	assert.NotContains(t, body, " on")
}

func TestMethods(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	w := c.do(http.MethodPut, "/ops/shipments/s1", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "GET, HEAD, POST", w.Header().Get("Allow"))
	w = c.do(http.MethodHead, "/ops/shipments/s1", nil)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Empty(t, w.Body.String())
	tok := c.token("/ops/shipments/s1")
	for _, p := range []string{"/ops/shipments/s1", "/ops/", "/ops/shipments/s1/cancel.json", "/ops/dead/m1/resend"} {
		w := c.do(http.MethodPost, p, url.Values{"csrf": {tok}, "reason": {"x"}})
		assert.Equal(t, http.StatusNotFound, w.Code, p)
	}
	assert.Zero(t, s.f.calls())
}

func TestLanguagesAndZone(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	c.header.Set("Accept-Language", "de-AT,de;q=0.9,en;q=0.5")
	w := c.get("/ops/shipments/s1")
	body := w.Body.String()
	assert.Contains(t, body, `<html lang="de">`)
	assert.Contains(t, body, "Verlauf")
	assert.Contains(t, body, "verspätet")
	assert.Contains(t, body, "1. März 2026, 11:00", "the scan of 10:00 UTC in Berlin")
	assert.Contains(t, body, "Zusage korrigieren")
	c.header.Set("Accept-Language", "fr-FR, en;q=0.4")
	assert.Contains(t, c.get("/ops/shipments/s1").Body.String(), `<html lang="en">`)
	c.header.Set("Accept-Language", "%%%")
	assert.Contains(t, c.get("/ops/shipments/s1").Body.String(), `<html lang="en">`)

	g := newSetup(t, func(c *Config) { c.Language = "de"; c.Location = time.UTC })
	gc := g.client(t)
	gc.header.Set("Accept-Language", "en")
	body = gc.get("/ops/shipments/s1").Body.String()
	assert.Contains(t, body, `<html lang="de">`, "Config.Language wins")
	assert.Contains(t, body, "1. März 2026, 10:00", "in UTC")
	assert.Contains(t, gc.get("/ops/shipments/nope").Body.String(), "gibt es nicht")
}

func TestBackendFailureLogsNoAddress(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	c := s.client(t)
	s.f.err = errors.New("db: row for anna.berger@example.com: connection reset")
	w := c.get("/ops/shipments/s1")
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assert.NotContains(t, w.Body.String(), "anna.berger")
	assert.NotContains(t, w.Body.String(), "connection reset", "internals stay in the log")
	log := s.log.String()
	assert.Contains(t, log, "connection reset")
	assert.NotContains(t, log, "anna.berger")
	assert.NotContains(t, log, string(testKey))
}
