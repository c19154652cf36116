package inpost

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/internal/adaptertest"
	"github.com/wismo-dev/wismo/milestone"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	carriertest.Run(t, func(t *testing.T) carrier.Carrier {
		f := newFakeShipX(t, testToken)
		f.Set("600000000000000000000017", route{File: "delivered.json"})
		f.Set("520000011395200025754311", route{File: "in_transit.json"})
		f.Set("520000011395200025799988", route{File: "exception.json"})
		f.Set("632085946340007012341234", route{File: "recorded_xgrz_tracking_delivered.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"600000000000000000000017", "5200 0001 1395 2000 2575 4311", "520000011395200025799988", "632085946340007012341234"},
		UnknownNumber: "600000000000000000000099",
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "webhook_status_changed.json")
			return signed(body), body
		},
		ForgedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			body := adaptertest.Fixture(t, "webhook_status_changed.json")
			h := http.Header{}
			h.Set(SignatureHeader, SignWebhook(body, "not-the-shared-secret"))
			return h, body
		},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const token = "shipx+tok/4f9a=1c7e&2b<x>"
			c, err := New(Config{Token: token, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{token}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a person reading InPost's ShipX status list would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.json", "600000000000000000000017", []milestone.Milestone{
			milestone.Delivered,              // delivered: collected from the locker
			milestone.AvailableForPickup,     // ready_to_pickup: in the receiving locker
			milestone.OutForDelivery,         // out_for_delivery: handed over for delivery
			milestone.ArrivedAtLocalFacility, // adopted_at_target_branch
			milestone.InTransit,              // sent_from_sorting_center
			milestone.InTransit,              // adopted_at_sorting_center
			milestone.InTransit,              // sent_from_source_branch
			milestone.InTransit,              // adopted_at_source_branch
			milestone.PickedUp,               // dispatched_by_sender: posted in a locker
			milestone.InfoReceived,           // confirmed: prepared by the sender
		}},
		{"in_transit.json", "520000011395200025754311", []milestone.Milestone{
			milestone.InTransit, milestone.InTransit,
			milestone.PickedUp,     // taken_by_courier: collected from the sender
			milestone.InfoReceived, // confirmed
		}},
		{"revised.json", "520000011395200025754311", []milestone.Milestone{
			milestone.Exception, // delay_in_delivery: possible delay
			milestone.InTransit, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
		{"exception.json", "520000011395200025799988", []milestone.Milestone{
			milestone.ReturnedToSender,       // returned_to_sender
			milestone.Exception,              // undelivered_wrong_address
			milestone.OutForDelivery,         // out_for_delivery_to_address
			milestone.ArrivedAtLocalFacility, // adopted_at_target_branch
			milestone.PickedUp,               // taken_by_courier
			milestone.InfoReceived,           // confirmed
		}},
		{"minimal.json", "600000000000000000000024", []milestone.Milestone{
			milestone.PickedUp, milestone.InfoReceived,
		}},
		{"recorded_sylapi_tracking_dispatched.json", "612345678901234567890123", []milestone.Milestone{
			milestone.PickedUp, milestone.InfoReceived,
		}},
		{"recorded_xgrz_tracking_delivered.json", "632085946340007012341234", []milestone.Milestone{
			milestone.Delivered, milestone.AvailableForPickup, milestone.OutForDelivery,
			milestone.InTransit, milestone.InTransit, milestone.InTransit, milestone.InfoReceived,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, _, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s (rule %s)", i, s.Code, got.Rule)
			}
		})
	}
	// Webhook scans classify through the same table.
	u, err := parseEvent(adaptertest.Fixture(t, "webhook_status_changed.json"))
	require.NoError(t, err)
	assert.Equal(t, milestone.AvailableForPickup, milestone.Classify(u[0].Scans[0]))
	u, err = parseEvent(adaptertest.Fixture(t, "recorded_docs_webhook_confirmed.json"))
	require.NoError(t, err)
	assert.Equal(t, milestone.InfoReceived, milestone.Classify(u[0].Scans[0]))
}
