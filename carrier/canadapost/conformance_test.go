package canadapost

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
		f := newFake(t)
		f.Set("7023210039414604", route{File: "delivered.xml"})
		f.Set("7023210039414611", route{File: "in_transit.xml"})
		f.Set("1371134583769930", route{File: "exception.xml"})
		f.Set("168067817265091", route{File: "real_activeshipping_dnc_tracking_details_en.xml"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"7023210039414604", "7023-2100-3941-4611", "1371134583769930", "168067817265091"},
		UnknownNumber: "7023210039414699",
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			c, err := New(Config{Username: testUser, Password: testPassword, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{testUser, testPassword}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a reader of Canada Post's tracking event list (Messages and Code
// Tables, tracking scan events) would.
func TestClassifyFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		want         []milestone.Milestone // per scan, in fixture order
		// disagree lists scans (by index) where milestone.Classify answers
		// differently from want today, with its answer; the test fails
		// when the classifier changes, so the entry is removed once it
		// agrees.
		disagree map[int]milestone.Milestone
	}{
		{"delivered.xml", "7023210039414604", []milestone.Milestone{
			milestone.Delivered,      // 1421 Delivered to recipient's front door
			milestone.OutForDelivery, // 0174
			milestone.InTransit,      // 0100 Item processed
			milestone.InTransit,      // 0410 Item departed
			milestone.PickedUp,       // 1301 Item accepted at the Post Office
			milestone.InfoReceived,   // 3000 Electronic information submitted by shipper
		}, nil},
		{"in_transit.xml", "7023210039414611", []milestone.Milestone{
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived, // 0100, 2300, 3000
		}, nil},
		{"revised.xml", "7023210039414611", []milestone.Milestone{
			milestone.Exception, // 0159 Delivery may be delayed due to extreme weather conditions
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"exception.xml", "1371134583769930", []milestone.Milestone{
			milestone.ReturnedToSender,   // 1419 unclaimed, being returned to sender
			milestone.AvailableForPickup, // 0156 Final Notice; collect within 10 days
			milestone.DeliveryAttempted,  // 1435 Notice card left
			milestone.OutForDelivery,     // 0174
			milestone.InTransit,          // 0100
		}, nil},
		{"minimal.xml", "LM123456789CA", []milestone.Milestone{
			milestone.ArrivedAtLocalFacility, // 4600 arrived at the delivery office in the destination country
			milestone.InTransit,              // 4310 arrived in a foreign country
			milestone.InTransit,              // 0100
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
					t.Logf("known disagreement: scan %d %s %q is %s, a reader of Canada Post's list expects %s", i, s.Code, s.Description, got.Milestone, tt.want[i])
					continue
				}
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
			}
		})
	}
}

// TestRealRecordings parses every answer that Canada Post or other projects
// published (testdata/real_*.xml, sources in testdata/SOURCES.md): the
// number of scans, the milestone of each scan as a reader of Canada Post's
// event list expects it, the estimate, or the error.
func TestRealRecordings(t *testing.T) {
	t.Parallel()
	const (
		del = milestone.Delivered
		ofd = milestone.OutForDelivery
		it  = milestone.InTransit
		pu  = milestone.PickedUp
		ir  = milestone.InfoReceived
		ex  = milestone.Exception
		no  = milestone.Noise
	)
	tests := []struct {
		file     string
		want     []milestone.Milestone
		service  string
		estimate string
		err      error
	}{
		{file: "real_activeshipping_tracking_details_en.xml", service: "Xpresspost",
			want: []milestone.Milestone{del, no, ofd, it, ex, del, no, ofd, pu, ir}},
		{file: "real_activeshipping_tracking_details_fr.xml", service: "Xpresspost",
			want: []milestone.Milestone{del, no, ofd, it, ex, del, no, ofd, pu, ir}},
		{file: "real_activeshipping_tracking_details_en_undelivered.xml", service: "Xpresspost",
			want:     []milestone.Milestone{ofd, it, ex, no, ofd, pu, ir},
			estimate: "2011-02-11T23:59:59Z"},
		{file: "real_activeshipping_dnc_tracking_details_en.xml", service: "Xpresspost",
			want: []milestone.Milestone{del, milestone.AvailableForPickup, milestone.DeliveryAttempted, milestone.AvailableForPickup, it, pu, ir}},
		{file: "real_activeshipping_tracking_details_no_expected_delivery_date.xml", service: "Expedited Parcels",
			want: []milestone.Milestone{ir}},
		{file: "real_karrio_tracking_detail.xml", service: "Expedited Parcels",
			want: []milestone.Milestone{no, ofd, it, ex, del, no}},
		{file: "real_activeshipping_tracking_details_en_error.xml", err: carrier.ErrNotFound},
		{file: "real_karrio_no_pin_history.xml", err: carrier.ErrNotFound},
		{file: "real_karrio_auth_error.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			u, skipped, err := parse(adaptertest.Fixture(t, tt.file), pinOf(t, tt.file))
			if tt.want == nil {
				require.Error(t, err)
				if tt.err != nil {
					assert.ErrorIs(t, err, tt.err)
				} else {
					assert.NotErrorIs(t, err, carrier.ErrNotFound)
					assert.NotErrorIs(t, err, carrier.ErrMalformed)
				}
				return
			}
			require.NoError(t, err)
			assert.Zero(t, skipped)
			assert.Equal(t, tt.service, u.Service)
			adaptertest.AssertTime(t, tt.estimate, u.EstimatedDelivery, "EstimatedDelivery")
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				assert.False(t, s.LocalTime, "scan %d: EST is a known zone", i)
				assert.Equal(t, tt.want[i], milestone.Classify(s), "scan %d %s %q", i, s.Code, s.Description)
			}
		})
	}
}

// TestClassifyDeliveryCodes: the delivery identifiers 1497, 1499, 5300, 1471
// and 619 of Canada Post's code table classify as delivered, also with a
// text that says nothing of it.
func TestClassifyDeliveryCodes(t *testing.T) {
	t.Parallel()
	body := `<tracking-detail xmlns="http://www.canadapost.ca/ws/track-v2"><significant-events>
		<occurrence><event-identifier>1497</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Item successfully delivered to recipient's safe drop location</event-description></occurrence>
		<occurrence><event-identifier>1499</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Item successfully delivered to recipient's safe drop location</event-description></occurrence>
		<occurrence><event-identifier>5300</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Item successfully delivered to recipient's parcel box</event-description></occurrence>
		<occurrence><event-identifier>5300</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Scan</event-description></occurrence>
		<occurrence><event-identifier>1471</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Delivered to recipient's delivery partner</event-description></occurrence>
		<occurrence><event-identifier>0619</event-identifier><event-date>2026-11-20</event-date><event-time>13:00:00</event-time><event-time-zone>EST</event-time-zone>
		  <event-description>Item is with recipient's delivery partner</event-description></occurrence>
	</significant-events></tracking-detail>`
	u, _, err := parse([]byte(body), "7023210039414604")
	require.NoError(t, err)
	require.Len(t, u.Scans, 6)
	for i, s := range u.Scans {
		got := milestone.Explain(s)
		assert.Equal(t, milestone.Delivered, got.Milestone, "scan %d %s %q (rule %s)", i, s.Code, s.Description, got.Rule)
	}
	assert.Equal(t, "table:canadapost:5300", milestone.Explain(u.Scans[3]).Rule, "the code decides when the text says nothing")
}
