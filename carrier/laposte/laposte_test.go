package laposte

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const testKey = "okapi-key/4f9a+1c7e=2b"

// route is what the fake Suivi API answers for one request.
type route = adaptertest.Reply

// fakeSuivi serves GET /suivi/v2/idships/{ids} from canned replies keyed
// by the ids as asked ("a,b" for a batch). A single unknown number gets
// not_found.json with a 404; a batch of single numbers set with Set is
// answered as an array with 207 when one is unknown.
type fakeSuivi struct {
	*httptest.Server
	adaptertest.Replies
	t testing.TB
}

func newFakeSuivi(t testing.TB) *fakeSuivi {
	t.Helper()
	f := &fakeSuivi{t: t}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeSuivi) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Okapi-Key") != testKey {
		route{Status: http.StatusUnauthorized, File: "recorded_debuss_401.json"}.Write(f.t, w)
		return
	}
	ids, ok := strings.CutPrefix(r.URL.Path, "/suivi/v2/idships/")
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("Accept") != "application/json" || r.URL.Query().Get("lang") == "" {
		f.t.Errorf("request %s lacks Accept or lang", r.URL)
	}
	missing := route{Status: http.StatusNotFound, Body: `{"returnCode":404,"returnMessage":"Votre numéro est inconnu.","lang":"fr_FR","scope":"open","idShip":"` + ids + `"}`}
	if !strings.Contains(ids, ",") {
		f.Next(ids, missing).Write(f.t, w)
		return
	}
	if rt := f.Next(ids, route{}); rt.Status != 0 || rt.File != "" || rt.Body != "" {
		rt.Write(f.t, w)
		return
	}
	// A batch of numbers set one by one: an array of their answers.
	var parts []string
	status := http.StatusOK
	for _, id := range strings.Split(ids, ",") {
		rt := f.Next(id, missing)
		body := rt.Body
		if rt.File != "" {
			body = string(adaptertest.Fixture(f.t, rt.File))
		}
		if rt.Status != 0 && rt.Status != http.StatusOK {
			status = http.StatusMultiStatus
		}
		parts = append(parts, body)
	}
	route{Status: status, Body: "[" + strings.Join(parts, ",") + "]"}.Write(f.t, w)
}

func newTestCarrier(t testing.TB, f *fakeSuivi) *Carrier {
	t.Helper()
	c, err := New(Config{APIKey: testKey, BaseURL: f.URL + "/suivi/v2", HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	return c
}

// wantScan is a scan as a test expects it: time, code, description, the
// milestone table it names.
type wantScan struct {
	Time, Code, Description, Carrier string
}

func assertScans(t *testing.T, u *carrier.Update, want []wantScan) {
	t.Helper()
	require.Len(t, u.Scans, len(want))
	for i, w := range want {
		s := u.Scans[i]
		assert.Equal(t, w.Time, s.Time.Format(time.RFC3339), "scan %d time", i)
		assert.Equal(t, w.Code, s.Code, "scan %d code", i)
		assert.Equal(t, w.Description, s.Description, "scan %d description", i)
		assert.Equal(t, w.Carrier, s.Carrier, "scan %d carrier (table)", i)
		assert.Empty(t, s.Location, "Suivi events carry no place")
	}
}

func parseOne(t *testing.T, file string) result {
	t.Helper()
	rs, err := parse(adaptertest.Fixture(t, file))
	require.NoError(t, err)
	require.Len(t, rs, 1)
	return rs[0]
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		scans   []wantScan
		skipped int
		end     string
		service string
	}{
		{
			// Delivered: the estimate in the answer is history.
			file: "delivered.json", service: "colissimo",
			scans: []wantScan{
				{"2026-11-18T11:02:00+01:00", "DI1", "Votre colis est livré dans votre boîte aux lettres.", "colissimo"},
				{"2026-11-18T07:48:00+01:00", "MD2", "Votre colis est en cours de livraison.", "colissimo"},
				{"2026-11-17T02:15:00+01:00", "ET1", "Votre colis est en cours d'acheminement.", "colissimo"},
				{"2026-11-16T17:40:00+01:00", "PC1", "Votre colis a été déposé dans un point postal.", "colissimo"},
				{"2026-11-16T09:05:00+01:00", "DR1", "Votre Colissimo va bientôt nous être confié ! Il est en cours de préparation chez votre expéditeur.", "colissimo"},
			},
		},
		{
			// estimDate at midnight means the whole day, in its zone.
			file: "in_transit.json", service: "chronopost", end: "2026-11-20T23:59:59+01:00",
			scans: []wantScan{
				{"2026-11-19T23:41:00+01:00", "ET1", "Colis en cours d'acheminement.", "chronopost"},
				{"2026-11-19T18:20:00+01:00", "PC1", "Colis pris en charge par Chronopost.", "chronopost"},
				{"2026-11-19T10:02:00+01:00", "DR1", "Colis en préparation chez l'expéditeur.", "chronopost"},
			},
		},
		{
			file: "revised.json", service: "chronopost", end: "2026-11-23T23:59:59+01:00",
			scans: []wantScan{
				{"2026-11-20T06:30:00+01:00", "PB1", "Votre colis a pris du retard suite à un aléa de transport.", "chronopost"},
				{"2026-11-19T23:41:00+01:00", "ET1", "Colis en cours d'acheminement.", "chronopost"},
				{"2026-11-19T18:20:00+01:00", "PC1", "Colis pris en charge par Chronopost.", "chronopost"},
				{"2026-11-19T10:02:00+01:00", "DR1", "Colis en préparation chez l'expéditeur.", "chronopost"},
			},
		},
		{
			file: "exception.json", service: "colissimo",
			scans: []wantScan{
				{"2026-11-21T09:12:00-05:00", "DO3", "Votre colis est retenu en douane.", "colissimo"},
				{"2026-11-20T16:45:00-05:00", "DO1", "Votre colis est en cours de dédouanement.", "colissimo"},
				{"2026-11-20T08:10:00-05:00", "ET3", "Votre colis est arrivé dans le pays du destinataire.", "colissimo"},
				{"2026-11-12T12:27:00+01:00", "ET2", "Votre colis est prêt à partir de son territoire d'expédition.", "colissimo"},
				{"2026-11-10T15:00:00+01:00", "PC1", "Votre colis a été déposé dans un point postal.", "colissimo"},
			},
		},
		{
			file: "attempted.json", service: "colissimo",
			scans: []wantScan{
				{"2026-11-20T14:30:00+01:00", "AG1", "Votre colis est disponible dans votre bureau de poste. Il vous attend pendant 15 jours.", "colissimo"},
				{"2026-11-19T12:05:00+01:00", "ND1", "Votre colis n'a pas pu être livré, le destinataire était absent.", "colissimo"},
				{"2026-11-19T08:02:00+01:00", "MD2", "Votre colis est en cours de livraison.", "colissimo"},
				{"2026-11-17T16:00:00+01:00", "PC1", "Votre colis a été déposé dans un point postal.", "colissimo"},
			},
		},
		{
			// A letter without product (its holder says letter: La Poste's
			// table), estimate or context; a date without offset is a wall
			// clock; an event without a date is skipped.
			file: "minimal.json", skipped: 1,
			scans: []wantScan{{"2026-11-24T10:00:00Z", "PC1", "Votre courrier a été pris en charge.", "laposte"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			r := parseOne(t, tt.file)
			require.NoError(t, r.err)
			assert.Equal(t, tt.skipped, r.skipped)
			assert.Equal(t, ID, r.update.Carrier)
			assert.Equal(t, tt.service, r.update.Service)
			assertScans(t, r.update, tt.scans)
			adaptertest.AssertTime(t, tt.end, r.update.EstimatedDelivery, "EstimatedDelivery")
			if tt.file == "minimal.json" {
				assert.True(t, r.update.Scans[0].LocalTime)
			}
		})
	}
}

func TestScanCarrier(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		product string
		holder  int
		want    string
	}{
		{"colissimo", 4, "colissimo"},
		{"Colissimo", 0, "colissimo"},
		{"chronopost", 3, "chronopost"},
		{"", 3, "chronopost"},
		{"", 4, "colissimo"},
		{"", 1, "laposte"},
		{"lettre suivie", 1, "laposte"},
		{"", 0, "laposte"},
	} {
		assert.Equal(t, tt.want, scanCarrier(tt.product, tt.holder), "%q holder %d", tt.product, tt.holder)
	}
}

// TestRecordedAnswers parses the answers others published (see
// testdata/SOURCES.md).
func TestRecordedAnswers(t *testing.T) {
	t.Parallel()
	t.Run("recorded_debuss_200.json", func(t *testing.T) {
		r := parseOne(t, "recorded_debuss_200.json")
		require.NoError(t, r.err)
		assert.Equal(t, []string{"ET1", "DR1"}, codes(r.update))
		assert.Equal(t, "colissimo", r.update.Scans[0].Carrier)
		assert.Equal(t, "2023-01-27T23:59:59+01:00", r.update.EstimatedDelivery.Format(time.RFC3339))
	})
	t.Run("recorded_karrio_delivered.json", func(t *testing.T) {
		r := parseOne(t, "recorded_karrio_delivered.json")
		require.NoError(t, r.err)
		assert.Equal(t, []string{"DI1", "MD2", "ET1", "ET3", "ET2", "ET1", "ET1", "PC1", "DR1"}, codes(r.update))
		assert.Equal(t, "2023-03-09T09:38:00+01:00", r.update.Scans[0].Time.Format(time.RFC3339))
		assert.True(t, r.update.EstimatedDelivery.IsZero(), "isFinal: no estimate")
		assert.Equal(t, []string{"EW112720413FR"}, r.ids)
	})
	for _, tt := range []struct {
		file string
		is   error
		temp bool
	}{
		{"recorded_debuss_400.json", carrier.ErrNotFound, false},
		{"recorded_karrio_error_400.json", carrier.ErrNotFound, false},
		{"recorded_debuss_401.json", carrier.ErrUnauthorized, false},
		{"recorded_debuss_404.json", carrier.ErrNotFound, false},
		{"recorded_debuss_429.json", nil, true},
		{"recorded_debuss_500.json", nil, true},
		{"recorded_debuss_503.json", nil, true},
		{"recorded_debuss_504.json", nil, true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			r := parseOne(t, tt.file)
			require.Error(t, r.err)
			assert.Nil(t, r.update)
			if tt.is != nil {
				assert.ErrorIs(t, r.err, tt.is)
			}
			assert.Equal(t, tt.temp, carrier.IsTemporary(r.err), "IsTemporary(%v)", r.err)
		})
	}
}

func codes(u *carrier.Update) []string {
	out := make([]string, len(u.Scans))
	for i, s := range u.Scans {
		out[i] = s.Code
	}
	return out
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeSuivi(t)
	f.Set("6A12345678912", route{File: "delivered.json"})
	f.Set("EW112720413FR", route{File: "recorded_karrio_delivered.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, "laposte", c.ID())
	u, err := c.Track(context.Background(), "6a 1234 5678 912")
	require.NoError(t, err)
	assert.Equal(t, "6a 1234 5678 912", u.TrackingNumber, "the number as the caller gave it")
	assert.Equal(t, ID, u.Carrier)
	require.Len(t, u.Scans, 5)

	// A one-element array, as La Poste answers too.
	u, err = c.Track(context.Background(), "EW112720413FR")
	require.NoError(t, err)
	require.Len(t, u.Scans, 9)
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeSuivi(t)
	f.Set("XS123456785FR", route{File: "in_transit.json"}, route{File: "revised.json"})
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "XS123456785FR")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "XS123456785FR")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-20T23:59:59+01:00", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-23T23:59:59+01:00", second.EstimatedDelivery.Format(time.RFC3339))
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "6A12345678912"
	tests := []struct {
		name   string
		rt     route
		number string
		want   adaptertest.TrackError
	}{
		{name: "404", rt: route{Status: 404, File: "not_found.json"}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}, Contains: "inconnu"}},
		{name: "404 recorded", rt: route{Status: 404, File: "recorded_debuss_404.json"}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "404 without JSON", rt: route{Status: 404, Body: "Not Found", Header: http.Header{"Content-Type": {"text/plain"}}}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "400 invalid number", rt: route{Status: 400, File: "recorded_karrio_error_400.json"}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}, Contains: "pas valide"}},
		{name: "400 without JSON", rt: route{Status: 400, Body: "bad"}, want: adaptertest.TrackError{Contains: "400"}},
		{name: "200 with 404 element", rt: route{Body: `[{"returnCode":404,"returnMessage":"Not Found","idShip":"` + n + `"}]`}, want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "401", rt: route{Status: 401, File: "recorded_debuss_401.json"}, want: adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
		{name: "403", rt: route{Status: 403, Body: `{"code":"FORBIDDEN","message":"Forbidden"}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrUnauthorized}}},
		{name: "429", rt: route{Status: 429, Header: http.Header{"Retry-After": {"1"}}, File: "recorded_debuss_429.json"}, want: adaptertest.TrackError{Temporary: true, RetryAfter: time.Second}},
		{name: "500", rt: route{Status: 500, File: "recorded_debuss_500.json"}, want: adaptertest.TrackError{Temporary: true}},
		{name: "503", rt: route{Status: 503, File: "recorded_debuss_503.json"}, want: adaptertest.TrackError{Temporary: true}},
		{name: "504", rt: route{Status: 504, File: "recorded_debuss_504.json"}, want: adaptertest.TrackError{Temporary: true}},
		{name: "405", rt: route{Status: 405, Body: `{"code":"METHOD_NOT_ALLOWED"}`}, want: adaptertest.TrackError{Contains: "405"}},
		{name: "garbage", rt: route{Body: `<html>maintenance</html>`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}, Contains: "not the documented JSON"}},
		{name: "wrong type", rt: route{Body: `{"returnCode":200,"shipment":{"idShip":"x","event":{"a":1}}}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "empty object", rt: route{Body: `{}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "empty array", rt: route{Body: `[]`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "no readable times", rt: route{Body: `{"returnCode":200,"shipment":{"idShip":"` + n + `","event":[{"code":"DI1","date":"hier"}]}}`}, want: adaptertest.TrackError{Is: []error{carrier.ErrMalformed}}},
		{name: "bad number", number: "6A/../12345", want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
		{name: "short number", number: "6A12", want: adaptertest.TrackError{Is: []error{carrier.ErrNotFound}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeSuivi(t)
			f.Set(n, tt.rt)
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			tt.want.NotContains = []string{testKey}
			adaptertest.AssertTrackError(t, u, err, tt.want)
		})
	}
}

func TestTrackBatch(t *testing.T) {
	t.Parallel()
	f := newFakeSuivi(t)
	f.Set("6A12345678912,6A00000000000,XS123456785FR", route{Status: http.StatusMultiStatus, File: "batch.json"})
	c := newTestCarrier(t, f)
	assert.Equal(t, 10, c.MaxBatch())
	res, err := c.TrackBatch(context.Background(), []string{"6A12345678912", "6A00000000000", "bad/one", "xs123456785fr"})
	require.NoError(t, err)
	require.Len(t, res, 4)
	require.NoError(t, res[0].Err)
	assert.Equal(t, []string{"DI1"}, codes(res[0].Update))
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound)
	assert.Nil(t, res[1].Update)
	assert.ErrorIs(t, res[2].Err, carrier.ErrNotFound, "a number La Poste cannot have is not asked for")
	require.NoError(t, res[3].Err)
	assert.Equal(t, "xs123456785fr", res[3].Update.TrackingNumber)
	assert.Equal(t, "chronopost", res[3].Update.Scans[0].Carrier)
	assert.Equal(t, "2026-11-20T23:59:59+01:00", res[3].Update.EstimatedDelivery.Format(time.RFC3339))

	_, err = c.TrackBatch(context.Background(), make([]string, 11))
	require.Error(t, err)

	// The key refused: the whole request fails.
	bad, err := New(Config{APIKey: "wrong-key", BaseURL: f.URL + "/suivi/v2", HTTP: adaptertest.HTTPConfig(f.Server)})
	require.NoError(t, err)
	_, err = bad.TrackBatch(context.Background(), []string{"6A12345678912", "XS123456785FR"})
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "wrong-key")
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Language: "french"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "APIKey is required")
	assert.Contains(t, err.Error(), "Language")
	_, err = New(Config{APIKey: "k", BaseURL: "api.laposte.fr"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{APIKey: "k", Language: "en_GB"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base.String())
	assert.Equal(t, "en_GB", c.lang)
	c, err = New(Config{APIKey: "k"})
	require.NoError(t, err)
	assert.Equal(t, "fr_FR", c.lang)
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"returnCode":"200","shipment":{"idShip":"X","holder":"3","estimDate":"2026-02-30T00:00:00+01:00","event":[{"date":"2026-13-01T00:00:00+01:00"}]}}`))
	f.Add([]byte(`[{"returnCode":207},{"code":"TOO_MANY_REQUESTS"},null]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		rs, err := parse(body)
		if err != nil {
			require.ErrorIs(t, err, carrier.ErrMalformed)
			require.Nil(t, rs)
			return
		}
		require.NotEmpty(t, rs)
		for _, r := range rs {
			require.True(t, (r.update == nil) != (r.err == nil), "a result is an update or an error")
			if r.err != nil {
				continue // any class: each element's own answer
			}
			for _, s := range r.update.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
				require.Contains(t, []string{"laposte", "colissimo", "chronopost"}, s.Carrier)
			}
		}
	})
}
