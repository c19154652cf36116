package ups

import (
	"encoding/json"
	"net/http"
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
		f := newFakeUPS(t)
		f.Set("1Z5R89390357567127", route{File: "delivered.json"})
		f.Set("1Z879E930346834440", route{File: "in_transit.json"})
		f.Set("1Z999AA10123456784", route{File: "exception.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"1Z5R89390357567127", "1Z 879E 9303 4683 4440", "1Z999AA10123456784"},
		UnknownNumber: "1Z0000000000000000",
		Webhooks:      true,
		SignedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			return SignWebhook(testAlertSecret), adaptertest.Fixture(t, "alert_out_for_delivery.json")
		},
		ForgedWebhook: func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			return SignWebhook("ups-alert-guessed"), adaptertest.Fixture(t, "alert_out_for_delivery.json")
		},
		Subscriptions:     true,
		PushBodyNotSigned: true,
		PushedWebhook: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			return SignWebhook(testAlertSecret), alertFor(t, n)
		},
		ForgedPush: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			return SignWebhook("ups-alert-guessed"), alertFor(t, n)
		},
		SubscribeAPI: func(t testing.TB, api http.Handler) carrier.Carrier {
			f := &fakeUPS{t: t}
			f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{TokenPath: tokenPath, Grant: f.grant, API: api})
			return newTestCarrier(t, f)
		},
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			f := &fakeUPS{t: t}
			f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{TokenPath: tokenPath, Grant: f.grant, API: api})
			return newTestCarrier(t, f), []string{testClientID, testClientSecret}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a person reading the UPS documentation would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.json", "1Z5R89390357567127", []milestone.Milestone{
			milestone.Delivered,      // D_FS DELIVERED
			milestone.OutForDelivery, // I_OT Out For Delivery Today
			milestone.InTransit,      // I_AR Arrived at Facility
			milestone.InTransit,      // I_DP Departed from Facility
			milestone.PickedUp,       // I_OR Origin Scan: first physical scan
			milestone.InfoReceived,   // M_MP label created, UPS does not have it
		}},
		{"in_transit.json", "1Z879E930346834440", []milestone.Milestone{
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
		{"rescheduled.json", "1Z879E930346834440", []milestone.Milestone{
			milestone.Exception, // X_DF flight delay, delivery rescheduled
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
		{"exception.json", "1Z999AA10123456784", []milestone.Milestone{
			milestone.DeliveryAttempted, // X_48 receiver not available, second attempt
			milestone.OutForDelivery,
			milestone.InTransit,
		}},
		{"multi_piece.json", "1Z12345E0205271688", []milestone.Milestone{
			milestone.Delivered, milestone.OutForDelivery,
		}},
		{"multi_piece.json", "1Z12345E0205271697", []milestone.Milestone{
			milestone.InTransit,
		}},
		{"minimal.json", "1ZA0B1C2D3E4F5G6H7", []milestone.Milestone{
			milestone.PickedUp, // P Pickup Scan
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.number, func(t *testing.T) {
			t.Parallel()
			u, _, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}

// alertFor returns alert_out_for_delivery.json for number n.
func alertFor(t testing.TB, n string) []byte {
	t.Helper()
	var e map[string]any
	require.NoError(t, json.Unmarshal(adaptertest.Fixture(t, "alert_out_for_delivery.json"), &e))
	e["trackingNumber"] = n
	b, err := json.Marshal(e)
	require.NoError(t, err)
	return b
}
