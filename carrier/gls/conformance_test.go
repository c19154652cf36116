package gls

import (
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
		f := newFakeGLS(t)
		f.Set("50123456789", route{File: "delivered.json"})
		f.Set("50123456790", route{File: "in_transit.json"})
		f.Set("50123456801", route{File: "exception.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"50123456789", "5012 3456 790", "50123456801"},
		UnknownNumber: "50000000000",
		Batch:         true,
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			f := &fakeGLS{t: t}
			f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{TokenPath: tokenPath, Grant: grant, API: api})
			return newTestCarrier(t, f), []string{testClientID, testClientSecret}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan, the written ones and the recorded ones, as a person reading the GLS
// Track And Trace documentation (the ParcelDTO status list, the event codes
// and their descriptions) would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.json", "50123456789", []milestone.Milestone{
			milestone.Delivered,      // DELIVD.NORMAL The parcel has been delivered.
			milestone.OutForDelivery, // OUTDEL.NORMAL expected to be delivered during the day
			milestone.InTransit,      // INBOUD.NORMAL reached the parcel center
			milestone.InTransit,      // OUTBOD.NORMAL left the parcel center
			milestone.PickedUp,       // INTIAL.NORMAL handed over to GLS
			milestone.InfoReceived,   // INTIAL.PREADVICE data only, not handed over
		}},
		{"in_transit.json", "50123456790", []milestone.Milestone{
			milestone.InTransit, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
		{"exception.json", "50123456801", []milestone.Milestone{
			milestone.DeliveryAttempted, // status NOTDELIVERED: "Parcel was not delivered"
		}},
		{"cancelled.json", "50123456823", []milestone.Milestone{
			milestone.Cancelled,    // CANCEL.NORMAL data deleted from the GLS IT system
			milestone.InfoReceived, // INTIAL.PREADVICE
		}},
		{"minimal.json", "50123456812", []milestone.Milestone{milestone.InTransit}},
		{"openapi_200_with_errors.json", "36301917596", []milestone.Milestone{
			milestone.InfoReceived, // INTIAL.E48_DATA provided for collection: GLS does not have it yet
			milestone.InfoReceived,
		}},
		{"openapi_200_reference_2_parcels.json", "747N6K", []milestone.Milestone{
			milestone.PickedUp, milestone.InfoReceived,
		}},
		{"openapi_200_with_links.json", "42249028960", []milestone.Milestone{
			milestone.AvailableForPickup, // DELIVD.PARCELSHOP: waiting at the ParcelShop, not delivered
			milestone.PickedUp, milestone.InfoReceived, milestone.InfoReceived,
		}},
		{"recorded_delivered_ie.json", "21569979615", []milestone.Milestone{
			milestone.Delivered, milestone.OutForDelivery, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, _, err := parseOne(t, adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}
