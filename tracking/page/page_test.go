package page

import (
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

type stateCase struct {
	name string
	view tracking.View
	// en and de are texts the page must show in each language.
	en, de []string
	// step is the milestone of the progress step marked aria-current.
	step string
}

func stateCases() []stateCase {
	eta := at(5, 18, 0)   // Thursday
	later := at(6, 18, 0) // Friday
	promise := at(5, 20, 0)
	base := func(st tracking.State, r tracking.Reason, m milestone.Milestone, tl []tracking.TimelineEntry) tracking.View {
		return tracking.View{
			Carrier: "dhl", TrackingNumber: "JJD000390007", State: st, Reason: r, Milestone: m,
			PromisedBy: promise, Timeline: tl, LastChecked: at(4, 9, 45),
		}
	}
	pending := base(tracking.StatePending, "", milestone.InfoReceived, journey()[:1])
	pending.ETA = eta
	onTrack := base(tracking.StateOnTrack, "", milestone.InTransit, journey())
	onTrack.ETA = eta
	out := base(tracking.StateOnTrack, "", milestone.OutForDelivery,
		append(journey(), scan(at(4, 7, 0), milestone.OutForDelivery, "Out for delivery", "Wien")))
	out.ETA = at(4, 18, 0)
	pickup := base(tracking.StateOnTrack, "", milestone.AvailableForPickup,
		append(journey(), scan(at(4, 8, 0), milestone.AvailableForPickup, "Ready for collection", "Packstation 123, Wien")))
	pickup.ActionRequired = true
	atRisk := base(tracking.StateAtRisk, tracking.ReasonNoScans, milestone.InTransit, journey())
	delayed := base(tracking.StateDelayed, tracking.ReasonCarrierETA, milestone.InTransit, journey())
	delayed.ETA, delayed.Late = later, true
	address := base(tracking.StateException, tracking.ReasonCarrierException, milestone.Exception,
		append(journey(), tracking.TimelineEntry{Time: at(4, 8, 0), Milestone: milestone.Exception,
			Detail: milestone.DetailAddressProblem, ActionRequired: true, Description: "Address incomplete", Location: "Wien"}))
	address.Detail, address.ActionRequired = milestone.DetailAddressProblem, true
	customs := base(tracking.StateException, tracking.ReasonCarrierException, milestone.Exception,
		append(journey(), tracking.TimelineEntry{Time: at(4, 8, 0), Milestone: milestone.Exception,
			Detail: milestone.DetailCustomsHold, ActionRequired: true, Description: "Held by customs: duties unpaid"}))
	customs.Detail, customs.ActionRequired = milestone.DetailCustomsHold, true
	lost := base(tracking.StateLost, tracking.ReasonSilence, milestone.InTransit, journey())
	onTime := base(tracking.StateDelivered, tracking.ReasonOnTime, milestone.Delivered,
		append(journey(), scan(at(5, 11, 20), milestone.Delivered, "Delivered", "Wien")))
	onTime.DeliveredAt = at(5, 11, 20)
	onTime.Detail = milestone.DetailNeighbour
	late := base(tracking.StateDelivered, tracking.ReasonLate, milestone.Delivered,
		append(journey(), scan(at(6, 11, 20), milestone.Delivered, "Delivered", "Wien")))
	late.DeliveredAt, late.Late = at(6, 11, 20), true
	returned := base(tracking.StateReturned, "", milestone.ReturnedToSender,
		append(journey(), scan(at(6, 9, 0), milestone.ReturnedToSender, "Returned to sender", "Linz")))
	cancelled := base(tracking.StateCancelled, "", milestone.Cancelled,
		[]tracking.TimelineEntry{scan(at(2, 9, 0), milestone.InfoReceived, "Shipment information received", ""),
			scan(at(2, 12, 0), milestone.Cancelled, "Label voided", "")})

	return []stateCase{
		{"pending", pending,
			[]string{"We are preparing your order, due to arrive on Thursday, 5 March", "does not have the parcel yet"},
			[]string{"Wir bereiten Ihre Bestellung vor: Sie kommt voraussichtlich am Donnerstag, 5. März", "noch nicht das Paket"}, "info_received"},
		{"on_track", onTrack,
			[]string{"Arrives on Thursday, 5 March", "Departed hub", "Linz Hub"},
			[]string{"Ihr Paket kommt am Donnerstag, 5. März", "Unterwegs", "Departed hub"}, "in_transit"},
		{"on_track_out_for_delivery", out,
			[]string{"Out for delivery: arriving today"}, []string{"Ihr Paket ist in Zustellung und kommt heute"}, "out_for_delivery"},
		{"on_track_pickup", pickup,
			[]string{"Ready for pickup at Packstation 123, Wien", "Please collect your parcel soon"},
			[]string{"Ihr Paket liegt zur Abholung bereit: Packstation 123, Wien", "Bitte holen Sie Ihr Paket bald ab"}, "out_for_delivery"},
		{"at_risk", atRisk,
			[]string{"On its way, and we are keeping an eye on it"},
			[]string{"Ihr Paket ist unterwegs – wir behalten es im Blick"}, "in_transit"},
		{"delayed", delayed,
			[]string{"Sorry, your parcel is running late: now expected on Friday, 6 March", "the carrier has moved its delivery date back"},
			[]string{"Ihr Paket verspätet sich leider: Es kommt jetzt voraussichtlich am Freitag, 6. März", "Zustelltermin verschoben"}, "in_transit"},
		{"exception_address", address,
			[]string{"There is a problem with your delivery", "the address could not be found", "Please check your delivery address"},
			[]string{"Es gibt ein Problem mit Ihrer Lieferung", "die Adresse wurde nicht gefunden", "Bitte prüfen Sie Ihre Lieferadresse"}, "in_transit"},
		{"exception_customs", customs,
			[]string{"There is a problem with your delivery", "Please pay the duties"},
			[]string{"Es gibt ein Problem mit Ihrer Lieferung", "Bitte zahlen Sie die Abgaben"}, "in_transit"},
		{"lost", lost,
			[]string{"We have not heard from the carrier for a while"},
			[]string{"Wir haben seit einiger Zeit nichts vom Paketdienst gehört"}, "in_transit"},
		{"delivered_on_time", onTime,
			[]string{"Delivered on Thursday, 5 March", "handed to a neighbour"},
			[]string{"Zugestellt am Donnerstag, 5. März", "bei einem Nachbarn abgegeben"}, "delivered"},
		{"delivered_late", late,
			[]string{"Delivered on Friday, 6 March, later than we promised: sorry for the wait"},
			[]string{"Zugestellt am Freitag, 6. März – leider später als versprochen, bitte entschuldigen Sie"}, "delivered"},
		{"returned", returned,
			[]string{"Your parcel is on its way back to us"}, []string{"Ihr Paket ist auf dem Rückweg zu uns"}, "in_transit"},
		{"cancelled", cancelled,
			[]string{"This shipment was cancelled"}, []string{"Diese Sendung wurde storniert"}, "info_received"},
	}
}

var currentStep = regexp.MustCompile(`<li class="done" aria-current="step">.*?<span>([^<]*)</span>`)

func TestPageStates(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	covered := map[tracking.State]bool{}
	for _, c := range stateCases() {
		covered[c.view.State] = true
		for _, lang := range []struct {
			code, locale string
			want         []string
		}{{"en", "en-GB", c.en}, {"de", "de-AT", c.de}} {
			t.Run(c.name+"/"+lang.code, func(t *testing.T) {
				v := c.view
				v.ID = "ship-" + c.name + "-" + lang.code
				s.recipients.Store(v.ID, Recipient{FirstName: "Anna", City: "Wien", Locale: lang.locale, TimeZone: "Europe/Vienna"})
				s.svc.put(v)
				res := s.get(t, s.h.Link(v.ID, testNow.Add(time.Hour)))
				require.Equal(t, http.StatusOK, res.StatusCode)
				b := body(t, res)
				assert.Contains(t, b, `<html lang="`+lang.code+`">`)
				for _, w := range lang.want {
					assert.Contains(t, b, template.HTMLEscapeString(w))
				}
				m := currentStep.FindStringSubmatch(b)
				require.NotNil(t, m, "a progress step must carry aria-current")
				assert.Equal(t, dictionaries[lang.code].milestoneName(mustParse(t, c.step)), m[1])
				assert.Equal(t, 1, strings.Count(b, `aria-current="step"`))
				assert.Contains(t, b, "Wien")
				assert.NotContains(t, b, v.ID, "the page must not show the shipment ID")
			})
		}
	}
	for _, st := range tracking.States() {
		assert.True(t, covered[st], "state %s has no test case", st)
	}
}

func mustParse(t *testing.T, s string) milestone.Milestone {
	m, err := milestone.Parse(s)
	require.NoError(t, err)
	return m
}

func TestLanguageFallbackAndOverride(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view // on_track, Thursday
	for _, c := range []struct{ locale, query, want string }{
		{"de-AT", "", "Ihr Paket kommt am Donnerstag, 5. März"},
		{"de", "", "Ihr Paket kommt am Donnerstag, 5. März"},
		{"fr-FR", "", "Votre colis arrive le jeudi 5 mars"},
		{"nl-BE", "", "Wordt bezorgd op donderdag 5 maart"},
		{"es-MX", "", "Llega el jueves, 5 de marzo"},
		{"it-IT", "", "Arriva giovedì 5 marzo"},
		{"pl-PL", "", "Paczka w drodze, termin dostawy: czwartek, 5 marca"},
		{"pt-BR", "", "Arrives on Thursday, 5 March"},
		{"de-DE", "pl", "Paczka w drodze, termin dostawy: czwartek, 5 marca"},
		{"", "", "Arrives on Thursday, 5 March"},
		{"en-US", "de-CH", "Ihr Paket kommt am Donnerstag, 5. März"},
		{"de-DE", "en", "Arrives on Thursday, 5 March"},
		{"de-DE", "xx", "Arrives on Thursday, 5 March"},
	} {
		v.ID = "lang-" + c.locale + "-" + c.query
		s.recipients.Store(v.ID, Recipient{Locale: c.locale})
		s.svc.put(v)
		path := s.h.Link(v.ID, time.Time{})
		if c.query != "" {
			path += "?lang=" + c.query
		}
		assert.Contains(t, body(t, s.get(t, path)), c.want, "locale %q, ?lang=%q", c.locale, c.query)
	}
}

func TestETAInCustomerZone(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "zone"
	v.ETA = time.Date(2026, 3, 5, 23, 30, 0, 0, time.UTC) // Friday 00:30 in Vienna
	s.recipients.Store(v.ID, Recipient{Locale: "en", TimeZone: "Europe/Vienna"})
	s.svc.put(v)
	b := body(t, s.get(t, s.h.Link(v.ID, time.Time{})))
	assert.Contains(t, b, "Arrives on Friday, 6 March")
	assert.Contains(t, b, `datetime="2026-03-06T00:30:00&#43;01:00"`)
}

func TestJSON(t *testing.T) {
	t.Parallel()
	s := newSetup(t, func(c *Config) {
		c.ReturnURL = func(v tracking.View) string { return "https://alpenrad.example/returns/new" }
	})
	v := stateCases()[5].view // delayed
	v.ID, v.OrderID = "json-1", "order-4711"
	s.recipients.Store(v.ID, Recipient{FirstName: "Anna", City: "Wien", Locale: "de-AT", TimeZone: "Europe/Vienna"})
	s.svc.put(v)
	link := s.h.Link(v.ID, testNow.Add(time.Hour))

	byExt := s.get(t, link+".json")
	byAccept := s.get(t, link, "Accept", "application/json")
	require.Equal(t, http.StatusOK, byExt.StatusCode)
	assert.Equal(t, "application/json; charset=utf-8", byExt.Header.Get("Content-Type"))
	extBody, acceptBody := body(t, byExt), body(t, byAccept)
	assert.JSONEq(t, extBody, acceptBody)
	assert.Equal(t, "Accept", byExt.Header.Get("Vary"))

	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(extBody), &doc))
	for _, k := range []string{"state", "reason", "headline", "milestone", "action_required", "eta", "eta_text",
		"late", "progress", "timeline", "last_checked", "carrier", "tracking_number", "lang", "recipient", "return_url"} {
		assert.Contains(t, doc, k)
	}
	assert.Equal(t, "delayed", doc["state"])
	assert.Equal(t, "carrier_eta", doc["reason"])
	assert.Equal(t, "Ihr Paket verspätet sich leider: Es kommt jetzt voraussichtlich am Freitag, 6. März", doc["headline"])
	assert.Equal(t, "in_transit", doc["milestone"])
	assert.Equal(t, "2026-03-06T18:00:00+01:00", doc["eta"])
	assert.Equal(t, "Freitag, 6. März", doc["eta_text"])
	assert.Equal(t, true, doc["late"])
	assert.Equal(t, "2026-03-04T09:45:00+01:00", doc["last_checked"])
	assert.Equal(t, "dhl", doc["carrier"])
	assert.Equal(t, "JJD000390007", doc["tracking_number"])
	assert.Equal(t, map[string]any{"first_name": "Anna", "city": "Wien"}, doc["recipient"])

	var st Status
	require.NoError(t, json.Unmarshal([]byte(extBody), &st))
	require.Len(t, st.Progress, 5)
	assert.Equal(t, []string{"info_received", "picked_up", "in_transit", "out_for_delivery", "delivered"},
		[]string{st.Progress[0].Milestone, st.Progress[1].Milestone, st.Progress[2].Milestone, st.Progress[3].Milestone, st.Progress[4].Milestone})
	assert.True(t, st.Progress[2].Done && st.Progress[2].Current)
	assert.False(t, st.Progress[3].Done)
	require.Len(t, st.Timeline, 3)
	assert.Equal(t, "Departed hub", st.Timeline[0].Description, "newest first")
	assert.Equal(t, "Linz Hub", st.Timeline[0].Location)
	assert.Equal(t, "in_transit", st.Timeline[0].Milestone)
	assert.True(t, st.Timeline[0].Time.Equal(at(3, 6, 10)))

	// No personal data and no internal ids.
	for _, secret := range []string{"json-1", "order-4711"} {
		assert.NotContains(t, extBody, secret)
	}
	// Accept preferring HTML gets HTML.
	html := s.get(t, link, "Accept", "text/html,application/json;q=0.9")
	assert.Equal(t, "text/html; charset=utf-8", html.Header.Get("Content-Type"))
}

func TestCachingHeaders(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "cache"
	s.svc.put(v)
	link := s.h.Link(v.ID, time.Time{})
	res := s.get(t, link)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "private, max-age=60", res.Header.Get("Cache-Control"))
	assert.Equal(t, "Accept", res.Header.Get("Vary"))
	assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"))
	etag := res.Header.Get("ETag")
	require.Regexp(t, `^"[A-Za-z0-9_-]{24}"$`, etag)

	again := s.get(t, link, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, again.StatusCode)
	assert.Empty(t, body(t, again))
	assert.Equal(t, etag, again.Header.Get("ETag"))
	assert.Equal(t, http.StatusNotModified, s.get(t, link, "If-None-Match", `"x", W/`+etag).StatusCode)

	jsonRes := s.get(t, link+".json")
	assert.NotEqual(t, etag, jsonRes.Header.Get("ETag"), "JSON and HTML are different representations")
	assert.Equal(t, http.StatusOK, s.get(t, link+".json", "If-None-Match", etag).StatusCode)

	// A change of the shipment changes the ETag.
	v.Timeline = append(v.Timeline, scan(at(4, 7, 0), milestone.OutForDelivery, "Out for delivery", "Wien"))
	v.Milestone = milestone.OutForDelivery
	s.svc.put(v)
	changed := s.get(t, link, "If-None-Match", etag)
	assert.Equal(t, http.StatusOK, changed.StatusCode)
	assert.NotEqual(t, etag, changed.Header.Get("ETag"))

	custom := newSetup(t, func(c *Config) { c.CacheMaxAge = 5 * time.Minute })
	custom.svc.put(v)
	assert.Equal(t, "private, max-age=300", custom.get(t, custom.h.Link(v.ID, time.Time{})).Header.Get("Cache-Control"))
}

func TestTemplateOverride(t *testing.T) {
	t.Parallel()
	over := fstest.MapFS{
		PageTemplate: {Data: []byte(`<!doctype html><html lang="{{.Lang}}"><body><p>CUSTOM {{.Shop.ShopName}}: {{.Status.Headline}}</p></body></html>`)},
	}
	s := newSetup(t, func(c *Config) { c.Templates = over })
	v := stateCases()[1].view
	v.ID = "override"
	s.svc.put(v)
	b := body(t, s.get(t, s.h.Link(v.ID, time.Time{})))
	assert.Equal(t, `<!doctype html><html lang="en"><body><p>CUSTOM Alpenrad: Arrives on Thursday, 5 March</p></body></html>`, b)
	// The 404 page is still the built-in one.
	assert.Contains(t, body(t, s.get(t, "nope")), "Link not valid")

	_, err := New(Config{Service: s.svc, Keys: [][]byte{testKey}, Branding: notify.Branding{ShopName: "X"},
		Templates: fstest.MapFS{PageTemplate: {Data: []byte(`{{.Status.NoSuchField}}`)}}})
	require.ErrorContains(t, err, "page.html")
	_, err = New(Config{Service: s.svc, Keys: [][]byte{testKey}, Branding: notify.Branding{ShopName: "X"},
		Templates: fstest.MapFS{NotFoundTemplate: {Data: []byte(`{{if}}`)}}})
	require.ErrorContains(t, err, "notfound.html")
}

func TestHostileCarrierText(t *testing.T) {
	t.Parallel()
	s := newSetup(t, func(c *Config) {
		c.Branding.LogoURL = "javascript:alert(1)"
		c.Branding.PrimaryColor = "red;}</style><script>alert(1)</script>"
	})
	v := stateCases()[1].view
	v.ID = "xss"
	v.Timeline = append(v.Timeline, tracking.TimelineEntry{
		Time: at(3, 12, 0), Milestone: milestone.InTransit,
		Description: `<script>alert("x")</script><img src=x onerror=alert(1)>`,
		Location:    `"><iframe src="https://evil.example">`,
	})
	v.TrackingNumber = "<b>1</b>"
	s.recipients.Store(v.ID, Recipient{FirstName: "<i>Eve</i>", City: "</section>"})
	s.svc.put(v)
	b := body(t, s.get(t, s.h.Link(v.ID, time.Time{})))
	for _, bad := range []string{"<script", "<img src=x", "<iframe", "<b>1", "<i>Eve", "</section>\n</p>", "javascript:"} {
		assert.NotContains(t, b, bad)
	}
	assert.Contains(t, b, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	assert.Contains(t, b, "&lt;i&gt;Eve&lt;/i&gt;")
}

func TestSlots(t *testing.T) {
	t.Parallel()
	v := stateCases()[9].view // delivered on time
	v.ID = "slots"

	plain := newSetup(t, nil)
	plain.svc.put(v)
	b := body(t, plain.get(t, plain.h.Link(v.ID, time.Time{})))
	assert.NotContains(t, b, "Start a return")
	assert.NotContains(t, b, "You might also like")

	var gotView tracking.View
	s := newSetup(t, func(c *Config) {
		c.ReturnURL = func(v tracking.View) string { gotView = v; return "https://alpenrad.example/returns?o=1" }
		c.CrossSell = func(_ ctxT, v tracking.View) []notify.Product {
			return []notify.Product{{Name: "Bike lock", URL: "https://alpenrad.example/lock", Price: "€19.90"}}
		}
	})
	s.svc.put(v)
	b = body(t, s.get(t, s.h.Link(v.ID, time.Time{})))
	assert.Contains(t, b, `<a class="button" href="https://alpenrad.example/returns?o=1">Start a return</a>`)
	assert.Contains(t, b, "You might also like")
	assert.Contains(t, b, `<a href="https://alpenrad.example/lock">Bike lock</a><br>€19.90`)
	assert.Equal(t, "slots", gotView.ID)
}

func TestServiceErrorAndMethods(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	s.svc.err = errTest
	res := s.get(t, s.h.Link("any", time.Time{}))
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.Contains(t, body(t, res), "Temporarily unavailable")

	req := httptestRequest(http.MethodPost, "/"+s.h.Link("any", time.Time{}))
	rec := recorder()
	s.h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	svc := &fakeService{}
	b := notify.Branding{ShopName: "X"}
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Keys: [][]byte{testKey}, Branding: b}, "Service"},
		{Config{Service: svc, Branding: b}, "Keys"},
		{Config{Service: svc, Keys: [][]byte{[]byte("short")}, Branding: b}, "Keys[0]"},
		{Config{Service: svc, Keys: [][]byte{testKey}}, "ShopName"},
		{Config{Service: svc, Keys: [][]byte{testKey}, Branding: b, CacheMaxAge: -2}, "CacheMaxAge"},
		{Config{Service: svc, Keys: [][]byte{testKey}, Branding: b, FontStack: "x}</style>"}, "FontStack"},
	} {
		_, err := New(c.cfg)
		assert.ErrorContains(t, err, c.want)
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "head"
	s.svc.put(v)
	link := s.h.Link(v.ID, time.Time{})
	get := s.get(t, link)
	getBody := body(t, get)

	srv := httptest.NewServer(s.h)
	defer srv.Close()
	res, err := http.Head(srv.URL + "/" + link)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, get.Header.Get("ETag"), res.Header.Get("ETag"))
	assert.Equal(t, strconv.Itoa(len(getBody)), res.Header.Get("Content-Length"))
	b, _ := io.ReadAll(res.Body)
	assert.Empty(t, b)
}

// BenchmarkServePage renders the HTML page of a shipment with a timeline
// of 12 scans; it reports the page size.
func BenchmarkServePage(b *testing.B) {
	s := newSetup(&testing.T{}, nil)
	v := stateCases()[5].view
	v.ID = "bench"
	for i := range 9 {
		v.Timeline = append(v.Timeline, scan(at(3, 7+i, 0), milestone.InTransit, "Processed at facility", "Hub "+strconv.Itoa(i)))
	}
	s.svc.put(v)
	link := s.h.Link(v.ID, time.Time{})
	var size int
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+link, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// The page writes dates as the messages do (notify.FormatDate), in its own
// language: every dictionary is keyed by its tag, and notify has the date
// wording of every page language, so none silently falls back to English.
func TestDatesAreTheMessagesDates(t *testing.T) {
	day := time.Date(2026, 3, 5, 14, 7, 0, 0, time.UTC) // a Thursday
	want := map[string][2]string{
		"en": {"Thursday, 5 March", "Thursday, 5 March, 14:07"},
		"de": {"Donnerstag, 5. März", "Donnerstag, 5. März, 14:07"},
		"fr": {"jeudi 5 mars", "jeudi 5 mars à 14:07"},
		"nl": {"donderdag 5 maart", "donderdag 5 maart om 14:07"},
		"es": {"jueves, 5 de marzo", "jueves, 5 de marzo, 14:07"},
		"it": {"giovedì 5 marzo", "giovedì 5 marzo, ore 14:07"},
		"pl": {"czwartek, 5 marca", "czwartek, 5 marca, godz. 14:07"},
	}
	require.Len(t, dictionaries, len(want), "a new page language needs its dates in notify and here")
	for lang, d := range dictionaries {
		assert.Equal(t, lang, d.lang)
		assert.Equal(t, want[lang][0], d.formatDate(day))
		assert.Equal(t, notify.FormatDate(lang, day), d.formatDate(day))
		assert.Equal(t, want[lang][1], d.formatDateTime(day))
	}
}

func TestLangChain(t *testing.T) {
	assert.Equal(t, []string{"de-at", "de", "en"}, langChain("de_AT"))
	assert.Equal(t, []string{"en"}, langChain(""))
	assert.Equal(t, []string{"en"}, langChain(strings.Repeat("de-", 12)), "over-long tags are ignored")
	assert.Equal(t, "de", pickLang("DE-ch"))
	assert.Equal(t, "fr", pickLang("fr-FR"))
	assert.Equal(t, "nl", pickLang("nl_BE"))
	assert.Equal(t, "es", pickLang("es-MX"))
	assert.Equal(t, "it", pickLang("it-IT"))
	assert.Equal(t, "pl", pickLang("pl-PL"))
	assert.Equal(t, "en", pickLang("pt-BR"))
}

// The page says what the messages say in their words: the steps are
// notify's milestone names, details and delay reasons notify's phrases.
func TestPageSaysWhatMessagesSay(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"en": {"Label created", "Picked up by the carrier", "On its way", "Out for delivery", "Delivered"},
		"de": {"Sendungsdaten übermittelt", "Vom Paketdienst abgeholt", "Unterwegs", "In Zustellung", "Zugestellt"},
		"fr": {"Étiquette créée", "Pris en charge par le transporteur", "En cours d'acheminement", "En cours de livraison", "Livré"},
		"nl": {"Verzendlabel aangemaakt", "Opgehaald door de vervoerder", "Onderweg", "Wordt vandaag bezorgd", "Bezorgd"},
		"es": {"Etiqueta creada", "Recogido por el transportista", "En camino", "En reparto", "Entregado"},
		"it": {"Etichetta creata", "Ritirato dal corriere", "In viaggio", "In consegna", "Consegnato"},
		"pl": {"Etykieta nadawcza utworzona", "Odebrana przez przewoźnika", "W drodze", "Wydana do doręczenia", "Doręczona"},
	}
	for lang, d := range dictionaries {
		v := stateCases()[5].view // delayed, carrier_eta
		v.Detail = milestone.DetailWeather
		st := build(v, Recipient{}, lang, vienna, "DHL")
		var labels []string
		for _, p := range st.Progress {
			labels = append(labels, p.Label)
		}
		assert.Equal(t, want[lang], labels, lang)
		for i, m := range steps {
			assert.True(t, strings.EqualFold(notify.MilestoneText(lang, m), labels[i]), "%s %s", lang, m)
		}
		assert.Contains(t, st.Message, notify.ReasonText(lang, "carrier_eta"))
		v = stateCases()[6].view // exception, address problem
		assert.Contains(t, build(v, Recipient{}, lang, vienna, "DHL").Message, notify.DetailText(lang, milestone.DetailAddressProblem))
		assert.Equal(t, notify.DetailText(lang, milestone.DetailLocker), d.detail(milestone.DetailLocker))
	}
}
