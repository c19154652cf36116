package laposte

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
		f := newFakeSuivi(t)
		f.Set("6A12345678912", route{File: "delivered.json"})
		f.Set("XS123456785FR", route{File: "in_transit.json"})
		f.Set("CP123456785FR", route{File: "exception.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"6A12345678912", "XS 1234 5678 5FR", "CP123456785FR"},
		UnknownNumber: "6A00000000000",
		Batch:         true,
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			const key = "okapi+key/4f9a=1c7e&2b<x>"
			c, err := New(Config{APIKey: key, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{key}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a person reading La Poste's Suivi v2 event codes would, through
// the table the product names (colissimo, chronopost, laposte).
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []milestone.Milestone // per scan, in fixture order
	}{
		{"delivered.json", []milestone.Milestone{
			milestone.Delivered,      // DI1 distribué
			milestone.OutForDelivery, // MD2 mis en distribution
			milestone.InTransit,      // ET1 en cours de traitement
			milestone.PickedUp,       // PC1 pris en charge
			milestone.InfoReceived,   // DR1 déclaratif réceptionné: La Poste does not have it
		}},
		{"in_transit.json", []milestone.Milestone{milestone.InTransit, milestone.PickedUp, milestone.InfoReceived}},
		{"revised.json", []milestone.Milestone{
			milestone.Exception, // PB1 problème en cours
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
		{"exception.json", []milestone.Milestone{
			milestone.Exception, // DO3 retenu en douane
			milestone.InTransit, // DO1 entrée en douane
			milestone.InTransit, // ET3 in the destination country
			milestone.InTransit, // ET2 in the country of dispatch
			milestone.PickedUp,  // PC1
		}},
		{"attempted.json", []milestone.Milestone{
			milestone.AvailableForPickup, // AG1 en attente d'être retiré au guichet
			milestone.DeliveryAttempted,  // ND1 non distribuable: recipient absent
			milestone.OutForDelivery,     // MD2
			milestone.PickedUp,           // PC1
		}},
		{"minimal.json", []milestone.Milestone{milestone.PickedUp}},
		{"recorded_debuss_200.json", []milestone.Milestone{milestone.InTransit, milestone.InfoReceived}},
		{"recorded_karrio_delivered.json", []milestone.Milestone{
			// MD2 is a code the text decides (milestone/tables/laposte.tsv):
			// here it says the parcel is at the delivery site that serves the
			// address and is being prepared for delivery, not yet on its way.
			milestone.Delivered, milestone.ArrivedAtLocalFacility, milestone.InTransit, milestone.InTransit,
			milestone.InTransit, milestone.InTransit, milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			r := parseOne(t, tt.file)
			require.NoError(t, r.err)
			require.Len(t, r.update.Scans, len(tt.want))
			for i, s := range r.update.Scans {
				got := milestone.Explain(s)
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s/%s %q (rule %s)", i, s.Carrier, s.Code, s.Description, got.Rule)
				assert.NotEqual(t, "", got.Rule, "scan %d is classified by a code or a rule", i)
			}
		})
	}
}

// TestChronopostScansUseTheCodeTable checks that Chronopost's scans are
// read by their Suivi code, not only by their text.
func TestChronopostScansUseTheCodeTable(t *testing.T) {
	t.Parallel()
	r := parseOne(t, "in_transit.json")
	require.NoError(t, r.err)
	for _, s := range r.update.Scans {
		assert.Equal(t, "table:chronopost:"+s.Code, milestone.Explain(s).Rule)
	}
}
