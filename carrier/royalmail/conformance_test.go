package royalmail

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
		f := newFakeRM(t)
		f.Set("TT123456785GB", route{File: "delivered.json"})
		f.Set("QA987654326GB", route{File: "in_transit.json"})
		f.Set("RR246813576DE", route{File: "exception.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"TT123456785GB", "QA 9876 5432 6GB", "RR246813576DE"},
		UnknownNumber: "TT000000000GB",
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const id, secret = "rm-id/4f9a+1c7e=", "rm-secret&2b<x>9d"
			c, err := New(Config{ClientID: id, ClientSecret: secret, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{id, secret}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a person reading Royal Mail's tracking event codes would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.json", []milestone.Milestone{
			milestone.Delivered,      // EVKSF delivered to safe place
			milestone.OutForDelivery, // EVGPD due to be delivered today
			milestone.InTransit,      // EVIMC inward mail centre
			milestone.InTransit,      // EVDAV outward mail centre
			milestone.PickedUp,       // EVPPA accepted at a Post Office
			milestone.InfoReceived,   // EVAIE pre-advice: Royal Mail does not have it
		}},
		{"in_transit.json", []milestone.Milestone{milestone.InTransit, milestone.InTransit, milestone.InfoReceived}},
		{"revised.json", []milestone.Milestone{
			milestone.Exception, // EVNDN delivery not attempted, next working day
			milestone.InTransit, milestone.InTransit, milestone.InfoReceived,
		}},
		{"attempted.json", []milestone.Milestone{
			milestone.DeliveryAttempted, // EVNDA available for redelivery or collection (after a failed attempt)
			milestone.DeliveryAttempted, // EVKNA no answer
			milestone.OutForDelivery,    // EVGPD
		}},
		{"exception.json", []milestone.Milestone{
			milestone.Exception, // EVJDP customs: duties to pay
			milestone.InTransit, // EVJIC presented to import customs
			milestone.InTransit, // EVJOE arrival at inward office of exchange
		}},
		{"minimal.json", []milestone.Milestone{milestone.PickedUp}},              // EVOAC item acceptance
		{"recorded_doc_events.json", []milestone.Milestone{milestone.Exception}}, // EVNMI forwarded after a mis-sort
		{"recorded_app_v31_events.json", []milestone.Milestone{milestone.Delivered, milestone.OutForDelivery, milestone.InTransit, milestone.InTransit, milestone.InfoReceived}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, _, err := parseEvents(adaptertest.Fixture(t, tt.file), pieceOf(t, tt.file))
			require.NoError(t, err)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}
