package dpd

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
		f := newFakeDPD(t)
		f.Set("01505056789012", route{File: "delivered.xml"})
		f.Set("01505056789013", route{File: "in_transit_de.xml"})
		f.Set("05222835034925", route{File: "exception.xml"})
		f.Set("05308801410058", route{File: "recorded_be_parcelshop.xml"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"01505056789012", "0150 5056 7890 13", "05222835034925", "05308801410058"},
		UnknownNumber: "09981122330100",
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			f := newFakeDPD(t)
			f.api = api
			return newTestCarrier(t, f), []string{testDelisID, testPassword}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan, the written ones and the recorded ones, as a person reading DPD's
// ParcelLifeCycleService documentation (the life-cycle statuses of DPD
// Germany, the status codes of the Benelux answers, and their texts) would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	const (
		picked    = milestone.PickedUp
		transit   = milestone.InTransit
		local     = milestone.ArrivedAtLocalFacility
		out       = milestone.OutForDelivery
		attempted = milestone.DeliveryAttempted
		pickup    = milestone.AvailableForPickup
	)
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.xml", "01505056789012", []milestone.Milestone{
			picked,              // ACCEPTED: DPD has received your parcel
			transit,             // AT_SENDING_DEPOT
			transit,             // ON_THE_ROAD
			local,               // AT_DELIVERY_DEPOT: at the parcel delivery centre
			milestone.Delivered, // DELIVERED
		}},
		{"in_transit_de.xml", "01505056789013", []milestone.Milestone{picked, transit, transit}},
		{"exception.xml", "05222835034925", []milestone.Milestone{
			picked,              // PickedUp
			transit,             // BetweenDepots: at the parcel dispatch centre
			local,               // Depot: at the parcel delivery centre
			out,                 // Courier: on its way to the consignee
			attempted,           // DeliveryFailure
			milestone.Exception, // Warehouse: held
		}},
		{"minimal.xml", "01505056789014", []milestone.Milestone{picked}},
		{"recorded_be_in_transit.xml", "05308801410058", []milestone.Milestone{transit, transit}},
		{"recorded_be_parcelshop.xml", "05308801410058", []milestone.Milestone{
			transit, transit, local, out, out, attempted, attempted,
			pickup, pickup, pickup, pickup, // ParcelShop: delivered by the driver to a pickup parcelshop
			out, out, picked,
			attempted, // ReturningFromDelivery: back at the depot after a failed attempt
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
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}
