package dhl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

func TestParseExpressDelivered(t *testing.T) {
	u, err := Parse("1234567890", adaptertest.Fixture(t, "express_delivered.json"))
	require.NoError(t, err)
	assert.Equal(t, "dhl", u.Carrier)
	assert.Equal(t, "EXPRESS WORLDWIDE", u.Service)
	require.Len(t, u.Scans, 7)
	first := u.Scans[0]
	assert.Equal(t, "dhl_express", first.Carrier)
	assert.Equal(t, "delivered", first.Code)
	assert.Equal(t, "Delivered - Signed for by: A LOVELACE", first.Description)
	assert.Equal(t, "BERLIN - GERMANY", first.Location)
	// DHL Express gives the local time of the place without an offset: the
	// wall clock is kept and flagged, not passed off as UTC.
	assert.True(t, first.LocalTime)
	assert.Equal(t, "2026-03-04 11:02", first.Time.Format("2006-01-02 15:04"))
	assert.True(t, u.EstimatedDelivery.IsZero())
}

func TestParseParcelDEKeepsZoneAndWindow(t *testing.T) {
	u, err := Parse("00340434161094042557", adaptertest.Fixture(t, "parcelde_transit_de.json"))
	require.NoError(t, err)
	require.Len(t, u.Scans, 4)
	s := u.Scans[1]
	assert.Equal(t, "dhl_parcel_de", s.Carrier)
	assert.False(t, s.LocalTime)
	_, off := s.Time.Zone()
	assert.Equal(t, 3600, off, "the +01:00 offset DHL gave is kept")
	assert.Equal(t, "Börnicke", s.Location)
	assert.Equal(t, "2026-03-03T13:00:00+01:00", u.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-03-03T11:00:00+01:00", u.EstimatedDeliveryStart.Format(time.RFC3339))
	assert.Equal(t, "DHL PAKET", u.Service)
}

func TestParseEstimateRevisionDateOnly(t *testing.T) {
	u, err := Parse("00340434161094042557", adaptertest.Fixture(t, "parcelde_revised.json"))
	require.NoError(t, err)
	// A date without a time means the end of that day.
	assert.Equal(t, "2026-03-04 23:59:59", u.EstimatedDelivery.Format(time.DateTime))
}

func TestParseMultiServiceMergesMatchingIDs(t *testing.T) {
	u, err := Parse("5554443332", adaptertest.Fixture(t, "multi_service.json"))
	require.NoError(t, err)
	require.Len(t, u.Scans, 2, "the unrelated freight shipment is left out")
	assert.Equal(t, "dhl_express", u.Scans[0].Carrier)
	assert.Equal(t, "dhl_ecommerce", u.Scans[1].Carrier)
	assert.Equal(t, "2026-03-06T18:00:00Z", u.EstimatedDelivery.Format(time.RFC3339))
}

func TestParseMinimalUsesStatus(t *testing.T) {
	u, err := Parse("1112223334", adaptertest.Fixture(t, "minimal.json"))
	require.NoError(t, err)
	require.Len(t, u.Scans, 1)
	assert.Equal(t, "Label created", u.Scans[0].Description)
	assert.Equal(t, "dhl", u.Scans[0].Carrier, "no service: the adapter's id")
	assert.True(t, u.Scans[0].LocalTime)
}

func TestParseErrors(t *testing.T) {
	for name, body := range map[string]string{
		"not json":         `<html>`,
		"wrong type":       `{"shipments": {"id": 1}}`,
		"bad timestamp":    `{"shipments": [{"id": "1", "events": [{"timestamp": "yesterday"}]}]}`,
		"missing time":     `{"shipments": [{"id": "1", "events": [{"statusCode": "transit"}]}]}`,
		"bad estimate":     `{"shipments": [{"id": "1", "estimatedTimeOfDelivery": "soon"}]}`,
		"bad id":           `{"shipments": [{"id": {}}]}`,
		"truncated":        `{"shipments": [`,
		"bad window start": `{"shipments": [{"id": "1", "estimatedDeliveryTimeFrame": {"estimatedFrom": "x", "estimatedThrough": "2026-03-03T13:00:00Z"}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("1", []byte(body))
			require.Error(t, err)
			assert.ErrorIs(t, err, carrier.ErrMalformed)
		})
	}
	_, err := Parse("1", []byte(`{"shipments": []}`))
	assert.ErrorIs(t, err, carrier.ErrNotFound)
}

// The classification a reader of DHL's documentation expects for every
// fixture scan.
func TestFixtureScansClassify(t *testing.T) {
	want := map[string]milestone.Milestone{
		"Delivered - Signed for by: A LOVELACE":                                                    milestone.Delivered,
		"Shipment is out with courier for delivery":                                                milestone.OutForDelivery,
		"Arrived at Delivery Facility in BERLIN - GERMANY":                                         milestone.ArrivedAtLocalFacility,
		"Processed at LEIPZIG - GERMANY":                                                           milestone.InTransit,
		"Departed Facility in MILAN - ITALY":                                                       milestone.InTransit,
		"Shipment picked up":                                                                       milestone.PickedUp,
		"Shipment information received":                                                            milestone.InfoReceived,
		"Die Sendung wurde in das Zustellfahrzeug geladen.":                                        milestone.OutForDelivery,
		"Die Sendung wurde im Start-Paketzentrum bearbeitet.":                                      milestone.InTransit,
		"Die Sendung wurde vom Absender in der Filiale eingeliefert.":                              milestone.PickedUp,
		"Die Auftragsdaten zu dieser Sendung wurden vom Absender elektronisch an DHL übermittelt.": milestone.InfoReceived,
		"Die Sendung konnte nicht zugestellt werden. Der Empfänger wurde nicht angetroffen.":       milestone.DeliveryAttempted,
		"Clearance event - Duty and tax payment required":                                          milestone.Exception,
		"Customs status updated":                                                                   milestone.InTransit,
		"Arrived at DHL eCommerce facility":                                                        milestone.InTransit,
		"Label created":                                                                            milestone.InfoReceived,
	}
	files := []struct{ name, number string }{
		{"express_delivered.json", "1234567890"},
		{"parcelde_transit_de.json", "00340434161094042557"},
		{"parcelde_revised.json", "00340434161094042557"},
		{"express_exception.json", "9876543210"},
		{"multi_service.json", "5554443332"},
		{"minimal.json", "1112223334"},
	}
	for _, f := range files {
		u, err := Parse(f.number, adaptertest.Fixture(t, f.name))
		require.NoError(t, err, f.name)
		for _, s := range u.Scans {
			w, ok := want[s.Description]
			if !ok {
				t.Errorf("%s: no expectation for %q", f.name, s.Description)
				continue
			}
			assert.Equal(t, w, milestone.Classify(s), "%s: %q (code %s)", f.name, s.Description, s.Code)
		}
	}
}

// server serves the fixtures the way DHL's API does.
func server(t *testing.T, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls != nil {
			calls.Add(1)
		}
		if r.URL.Path != "/track/shipments" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("DHL-API-Key") != "key" {
			w.Header().Set("Content-Type", "application/problem+json")
			adaptertest.Reply{Status: http.StatusUnauthorized, File: "unauthorized.json"}.Write(t, w)
			return
		}
		files := map[string]string{
			"1234567890":           "express_delivered.json",
			"00340434161094042557": "parcelde_transit_de.json",
			"9876543210":           "express_exception.json",
		}
		switch n := r.URL.Query().Get("trackingNumber"); {
		case files[n] != "":
			adaptertest.Reply{File: files[n]}.Write(t, w)
		case n == "4294967295":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case n == "5000000000":
			w.WriteHeader(http.StatusBadGateway)
		case n == "4000000000":
			adaptertest.Reply{Status: http.StatusBadRequest, Body: `{"status":400,"title":"Bad request","detail":"Invalid trackingNumber"}`}.Write(t, w)
		default:
			w.Header().Set("Content-Type", "application/problem+json")
			adaptertest.Reply{Status: http.StatusNotFound, File: "not_found.json"}.Write(t, w)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTest(t *testing.T, srv *httptest.Server, key string) *Carrier {
	t.Helper()
	noJitter := -1.0 // switches jitter off
	c, err := New(Config{APIKey: key, BaseURL: srv.URL, Language: "de", HTTP: kit.HTTPConfig{
		MaxRetries: 1,
		Jitter:     noJitter,
		Sleep:      func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}})
	require.NoError(t, err)
	return c
}

func TestTrackOverHTTP(t *testing.T) {
	srv := server(t, nil)
	c := newTest(t, srv, "key")
	u, err := c.Track(context.Background(), " 1234567890 ")
	require.NoError(t, err)
	assert.Equal(t, "1234567890", u.TrackingNumber)
	assert.Len(t, u.Scans, 7)
}

func TestErrorMapping(t *testing.T) {
	srv := server(t, nil)
	ctx := context.Background()
	c := newTest(t, srv, "key")

	_, err := c.Track(ctx, "0000000000")
	assert.ErrorIs(t, err, carrier.ErrNotFound)
	assert.Contains(t, err.Error(), "No shipment with given tracking number found")

	_, err = c.Track(ctx, "4294967295")
	var rl *carrier.RateLimitError
	require.ErrorAs(t, err, &rl)
	assert.Equal(t, 7*time.Second, rl.RetryAfter)
	assert.True(t, carrier.IsTemporary(err))

	_, err = c.Track(ctx, "5000000000")
	assert.True(t, carrier.IsTemporary(err), "5xx is temporary: %v", err)

	_, err = c.Track(ctx, "4000000000")
	require.Error(t, err)
	assert.False(t, carrier.IsTemporary(err), "400 is permanent: %v", err)

	_, err = newTest(t, srv, "wrong").Track(ctx, "1234567890")
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)

	_, err = c.Track(ctx, "  ")
	assert.ErrorIs(t, err, carrier.ErrNotFound)
}

func TestNewValidates(t *testing.T) {
	_, err := New(Config{})
	assert.ErrorContains(t, err, "APIKey")
	_, err = New(Config{APIKey: "k", BaseURL: "::"})
	assert.ErrorContains(t, err, "BaseURL")
}

func TestLanguageAndServiceAreSent(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		adaptertest.Reply{File: "minimal.json"}.Write(t, w)
	}))
	defer srv.Close()
	c, err := New(Config{APIKey: "k", BaseURL: srv.URL, Language: "de", Service: "parcel-de", RequesterCountryCode: "DE"})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "1112223334")
	require.NoError(t, err)
	for _, p := range []string{"language=de", "service=parcel-de", "requesterCountryCode=DE", "trackingNumber=1112223334"} {
		assert.True(t, strings.Contains(got, p), "query %q lacks %s", got, p)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"express_delivered.json", "parcelde_transit_de.json", "multi_service.json", "minimal.json", "not_found.json"} {
		f.Add(adaptertest.Fixture(f, name))
	}
	f.Add([]byte(`{"shipments":[{"id":1,"events":[{"timestamp":"2026-03-02T10:00"}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := Parse("1", body)
		if err != nil {
			if !errors.Is(err, carrier.ErrMalformed) && !errors.Is(err, carrier.ErrNotFound) {
				t.Fatalf("error %v is neither ErrMalformed nor ErrNotFound", err)
			}
			return
		}
		for _, s := range u.Scans {
			if s.Time.IsZero() || s.Carrier == "" {
				t.Fatalf("scan without time or carrier: %+v", s)
			}
		}
	})
}
