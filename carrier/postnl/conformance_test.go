package postnl

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
		f := newFakePostNL(t)
		f.Set("3SWISM0000001", route{File: "delivered.json"})
		f.Set("3SWISM0000002", route{File: "in_transit.json"})
		f.Set("3SWISM0000003", route{File: "attempted.json"})
		f.Set("CP123456785DE", route{File: "exception.json"})
		f.Set("3SABCD987516327", route{File: "recorded_firstred_completestatus3.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"3SWISM0000001", "3S WISM 0000002", "3SWISM0000003", "CP 123 456 785 DE", "3SABCD987516327"},
		UnknownNumber: "3SWISM0000099",
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "postnl+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{key}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a person reading PostNL's T&T status and event code list would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
		// disagree lists scans (by index) where milestone.Classify answers
		// differently from want today, with its answer; the test fails when
		// the classifier changes, so the entry is removed once it agrees.
		disagree map[int]milestone.Milestone
	}{
		{"delivered.json", "3SWISM0000001", []milestone.Milestone{
			milestone.Delivered,      // I01 Zending is bezorgd
			milestone.OutForDelivery, // J05 Bezorger is onderweg
			milestone.InTransit,      // J01 Zending is gesorteerd
			milestone.PickedUp,       // B01 Zending is ontvangen door PostNL
			milestone.InfoReceived,   // A01 nog niet door PostNL ontvangen
		}, nil},
		{"in_transit.json", "3SWISM0000002", []milestone.Milestone{
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"revised.json", "3SWISM0000002", []milestone.Milestone{
			milestone.Exception, // J14 Sorry, bezorgmoment is bijgewerkt (status 05)
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"attempted.json", "3SWISM0000003", []milestone.Milestone{
			milestone.AvailableForPickup, // J02 ligt voor je klaar op PostNL-punt (status 12)
			milestone.DeliveryAttempted,  // K71 Bezorgen lukte niet, gaat naar PostNL-punt
			milestone.DeliveryAttempted,  // Y42 niet afgeleverd, geadresseerde onbereikbaar (status 08)
			milestone.OutForDelivery,     // J05
		}, nil},
		{"exception.json", "CP123456785DE", []milestone.Milestone{
			milestone.Exception, // X67 Wacht op betaling importkosten (customs)
			milestone.InTransit, // A76 aangekomen in Nederland
			milestone.InTransit, // A75 onderweg naar Nederland
		}, nil},
		{"minimal.json", "3SWISM0000004", []milestone.Milestone{
			milestone.InTransit, // status 7 Zending in distributieproces: the code covers the line haul to the depot too
		}, nil},
		{"recorded_openapi_current.json", "3SDEVC288882229", []milestone.Milestone{
			milestone.OutForDelivery, // status 7 in English: "Shipment out for delivery"
		}, nil},
		{"recorded_openapi_complete.json", "3SDEVC288882229", []milestone.Milestone{
			milestone.OutForDelivery, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"recorded_firstred_completestatus.json", "3SDEVC123456789", []milestone.Milestone{
			milestone.PickedUp,     // 01B Zending is bij PostNL (an old code outside the published list)
			milestone.InfoReceived, // 01A Zending wordt verwacht
			milestone.InfoReceived,
		}, nil},
		{"recorded_firstred_completestatus3.json", "3SABCD987516327", []milestone.Milestone{
			milestone.Delivered, // 01B Zending is bezorgd: the old code, read by its text
			milestone.OutForDelivery, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"recorded_firstred_currentstatus3.json", "3SABCD987040009", []milestone.Milestone{
			milestone.Delivered, // status 11 Zending afgeleverd
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, _, err := parse(adaptertest.Fixture(t, tt.file), tt.number)
			require.NoError(t, err)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				if says, ok := tt.disagree[i]; ok {
					assert.Equal(t, says, got.Milestone, "scan %d %s %q: the known disagreement changed (rule %s); want %s", i, s.Code, s.Description, got.Rule, tt.want[i])
					t.Logf("known disagreement: scan %d %s %q is %s, a reader of PostNL's code list expects %s", i, s.Code, s.Description, got.Milestone, tt.want[i])
					continue
				}
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}
