package easypost

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

// labels is a stand-in for EasyPost's shipment endpoints.
type labels struct {
	mu      sync.Mutex
	created []map[string]any
	bought  []string
	noRates bool
}

func (l *labels) serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, _, _ := r.BasicAuth(); user != "EZTK_test" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write(adaptertest.Fixture(t, "error_apikey.json"))
			return
		}
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v2/shipments":
			var req map[string]map[string]any
			require.NoError(t, json.Unmarshal(body, &req))
			l.mu.Lock()
			l.created = append(l.created, req["shipment"])
			l.mu.Unlock()
			if l.noRates {
				_, _ = w.Write(adaptertest.Fixture(t, "shipment_no_rates.json"))
				return
			}
			_, _ = w.Write(adaptertest.Fixture(t, "shipment_return_created.json"))
		case r.Method == http.MethodPost && r.URL.Path == "/v2/shipments/shp_9a1b2c3d4e5f/buy":
			var req map[string]map[string]string
			require.NoError(t, json.Unmarshal(body, &req))
			l.mu.Lock()
			l.bought = append(l.bought, req["rate"]["id"])
			l.mu.Unlock()
			_, _ = w.Write(adaptertest.Fixture(t, "shipment_return_bought.json"))
		case r.Method == http.MethodPost && r.URL.Path == "/v2/trackers":
			_, _ = w.Write(adaptertest.Fixture(t, "tracker_delivered.json"))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":{"code":"NOT_FOUND","message":"not found"}}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func returnRequest() carrier.ReturnLabelRequest {
	return carrier.ReturnLabelRequest{
		Reference:   "RMA-1001",
		From:        carrier.Address{Name: "Dr. Steve Brule", Line1: "179 N Harbor Dr", City: "Redondo Beach", State: "CA", PostalCode: "90277", Country: "US"},
		To:          carrier.Address{Name: "Larkspur Returns", Line1: "417 Montgomery Street", City: "San Francisco", State: "CA", PostalCode: "94104", Country: "US"},
		WeightGrams: 900,
	}
}

func TestCreateReturnLabel(t *testing.T) {
	l := &labels{}
	srv := l.serve(t)
	c, err := New(Config{APIKey: "EZTK_test", BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)

	label, err := c.CreateReturnLabel(context.Background(), returnRequest())
	require.NoError(t, err)
	assert.Equal(t, "easypost", label.Carrier)
	assert.Equal(t, "9400100105440281839477", label.TrackingNumber)
	assert.True(t, strings.HasSuffix(label.URL, ".png"))
	assert.Equal(t, "png", label.Format)

	require.Len(t, l.created, 1)
	sh := l.created[0]
	assert.Equal(t, true, sh["is_return"], "is_return must be set")
	// As EasyPost documents: the original shipment's addresses, which it swaps.
	assert.Equal(t, "179 N Harbor Dr", sh["to_address"].(map[string]any)["street1"], "to_address is the customer")
	assert.Equal(t, "417 Montgomery Street", sh["from_address"].(map[string]any)["street1"], "from_address is the shop")
	assert.EqualValues(t, 32, sh["parcel"].(map[string]any)["weight"], "900 g is 32 oz, rounded up")
	assert.Equal(t, []string{"rate_ground"}, l.bought, "without a service the cheapest rate is bought")

	req := returnRequest()
	req.Service = "UPS/Ground"
	_, err = c.CreateReturnLabel(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "rate_ups_ground", l.bought[1], "a named carrier/service is bought")

	req.Service = "Express"
	_, err = c.CreateReturnLabel(context.Background(), req)
	require.Error(t, err)
	assert.False(t, carrier.IsTemporary(err), "an unknown service is permanent")
	assert.Len(t, l.bought, 2, "nothing is bought when no rate matches")
}

func TestCreateReturnLabelErrors(t *testing.T) {
	l := &labels{noRates: true}
	srv := l.serve(t)
	c, err := New(Config{APIKey: "EZTK_test", BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	_, err = c.CreateReturnLabel(context.Background(), returnRequest())
	require.ErrorContains(t, err, "invalid destination zip", "the carrier's rate message is passed on")
	assert.False(t, carrier.IsTemporary(err))

	_, err = c.CreateReturnLabel(context.Background(), carrier.ReturnLabelRequest{})
	require.Error(t, err, "addresses are required")

	bad, err := New(Config{APIKey: "EZTK_wrong", BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
	require.NoError(t, err)
	_, err = bad.CreateReturnLabel(context.Background(), returnRequest())
	assert.ErrorIs(t, err, carrier.ErrUnauthorized)
}

func TestPickRate(t *testing.T) {
	s := shipment{Rates: []rate{{ID: "a", Carrier: "USPS", Service: "Priority", Rate: "8.00"}, {ID: "b", Carrier: "UPS", Service: "Ground", Rate: "x"}, {ID: "c", Carrier: "FedEx", Service: "Ground", Rate: "7.99"}}}
	r, err := pickRate(s, "")
	require.NoError(t, err)
	assert.Equal(t, "c", r.ID, "unreadable prices are skipped, the cheapest wins")
	r, err = pickRate(s, "ground")
	require.NoError(t, err)
	assert.Equal(t, "b", r.ID, "service names match case-insensitively, first match")
	_, err = pickRate(shipment{Rates: []rate{{ID: "x", Rate: "n/a"}}}, "")
	assert.ErrorIs(t, err, carrier.ErrMalformed)
}

// The adapter's return labels pass the conformance kit.
func TestReturnLabelConformance(t *testing.T) {
	srv := (&labels{}).serve(t)
	req := returnRequest()
	carriertest.Run(t, func(t *testing.T) carrier.Carrier {
		c, err := New(Config{APIKey: "EZTK_test", BaseURL: srv.URL + "/v2", HTTP: adaptertest.HTTPConfig(srv)})
		require.NoError(t, err)
		return c
	}, carriertest.Features{KnownNumbers: []string{"9400110898825022579493"}, ReturnLabels: true, ReturnLabelRequest: &req})
}
