package auspost

import (
	"errors"
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
		f.Set("33LPN5012345", route{File: "delivered.json"})
		f.Set("33LPN5012346", route{File: "in_transit.json"})
		f.Set("33LPN5012347", route{File: "attempted.json"})
		f.Set("ZQD5012345", route{File: "startrack.json"})
		return newTestCarrier(t, f)
	}, carriertest.Features{
		KnownNumbers:  []string{"33LPN5012345", "33LPN 5012 346", "33LPN5012347", "ZQD5012345"},
		UnknownNumber: "33LPN5099999",
		Batch:         true,
		CredentialEcho: func(t testing.TB, api http.Handler) (carrier.Carrier, []string) {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			c, err := New(Config{APIKey: testKey, Password: testPassword, AccountNumber: testAccount, BaseURL: srv.URL, HTTP: adaptertest.HTTPConfig(srv)})
			require.NoError(t, err)
			return c, []string{testKey, testPassword}
		},
	})
}

// TestClassifyFixtures checks that milestone.Classify reads every fixture
// scan as a reader of Australia Post's tracking texts would. Track Items
// events carry no code, so the description decides.
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
		{"delivered.json", "33LPN5012345", []milestone.Milestone{
			milestone.Delivered,      // Delivered - Left in a safe place
			milestone.OutForDelivery, // Onboard for delivery
			milestone.InTransit,      // Item processed at facility
			milestone.InTransit,      // In transit to next facility
			milestone.PickedUp,       // Received by Australia Post
			milestone.InfoReceived,   // Shipping information received
		}, nil},
		{"in_transit.json", "33LPN5012346", []milestone.Milestone{
			milestone.InTransit, milestone.PickedUp, milestone.InfoReceived,
		}, nil},
		{"attempted.json", "33LPN5012347", []milestone.Milestone{
			milestone.AvailableForPickup, // Awaiting collection
			milestone.DeliveryAttempted,  // Attempted delivery - being carded to Australia Post outlet
			milestone.OutForDelivery,
		}, nil},
		{"exception.json", "33LPN5012348", []milestone.Milestone{
			milestone.Exception,         // Article damaged
			milestone.DeliveryAttempted, // Unable to be left in a safe place - Location not suitable
			milestone.OutForDelivery,
		}, nil},
		{"startrack.json", "ZQD5012345", []milestone.Milestone{
			milestone.Delivered, milestone.OutForDelivery, milestone.Delivered, milestone.Delivered,
		}, nil},
		{"minimal.json", "JD014600006107345000", []milestone.Milestone{
			milestone.InTransit, milestone.PickedUp,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			us, _, _, err := parse(adaptertest.Fixture(t, tt.file), []string{tt.number})
			require.NoError(t, err)
			u := us[tt.number]
			require.NotNil(t, u)
			require.Len(t, u.Scans, len(tt.want))
			for i, s := range u.Scans {
				got := milestone.Explain(s)
				if says, ok := tt.disagree[i]; ok {
					assert.Equal(t, says, got.Milestone, "scan %d %q: the known disagreement changed (rule %s); want %s", i, s.Description, got.Rule, tt.want[i])
					t.Logf("known disagreement: scan %d %q is %s, a reader of Australia Post's texts expects %s", i, s.Description, got.Milestone, tt.want[i])
					continue
				}
				assert.Equal(t, tt.want[i], got.Milestone, "scan %d %q (rule %s)", i, s.Description, got.Rule)
			}
		})
	}
}

// TestRealRecordings parses every answer that Australia Post or other
// projects published (testdata/real_*.json, sources in testdata/SOURCES.md):
// per tracking id, the number of scans and the milestone of each as a reader
// expects it, or the error.
func TestRealRecordings(t *testing.T) {
	t.Parallel()
	const (
		del = milestone.Delivered
		ofd = milestone.OutForDelivery
		it  = milestone.InTransit
		pu  = milestone.PickedUp
		ir  = milestone.InfoReceived
		afp = milestone.AvailableForPickup
		att = milestone.DeliveryAttempted
	)
	type want struct {
		milestones []milestone.Milestone
		service    string
		err        error // for a number answered with errors
	}
	tests := []struct {
		file    string
		numbers map[string]want
		err     error // for the whole answer
	}{
		{file: "real_karrio_tracking_response.json", numbers: map[string]want{
			"ET123456789AU":        {service: "International Express", milestones: []milestone.Milestone{it, it, it, it, it, pu, ir, ir}},
			"LX123456789US":        {service: "International", milestones: []milestone.Milestone{del, ofd, it, it, it, it, it, it, pu}},
			"00123456789000123400": {service: "International", milestones: []milestone.Milestone{del, ofd, ofd, it, it, it, it, it, ir, ir}},
		}},
		{file: "real_fbvilela_auspost.json", numbers: map[string]want{
			"AJLAJSDLJ":        {service: "Express Post Platinum", milestones: []milestone.Milestone{it, afp, it, att, del}},
			"7BJ1000634011427": {err: carrier.ErrNotFound},
			"7BJ1000634":       {err: carrier.ErrNotFound},
		}},
		{file: "real_karrio_tracking_error.json", numbers: map[string]want{"7XX1000": {err: carrier.ErrNotFound}}},
		{file: "real_karrio_error_51101.json", err: errAny},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			var ns []string
			for n := range tt.numbers {
				ns = append(ns, n)
			}
			if ns == nil {
				ns = []string{"7XX1000634011427"}
			}
			us, errs, skipped, err := parse(adaptertest.Fixture(t, tt.file), ns)
			if tt.err != nil {
				require.Error(t, err)
				assert.NotErrorIs(t, err, carrier.ErrMalformed)
				return
			}
			require.NoError(t, err)
			assert.Zero(t, skipped)
			for n, w := range tt.numbers {
				if w.err != nil {
					assert.ErrorIs(t, errs[n], w.err, n)
					continue
				}
				require.NoError(t, errs[n], n)
				u := us[n]
				require.NotNil(t, u, n)
				assert.Equal(t, w.service, u.Service, n)
				require.Len(t, u.Scans, len(w.milestones), n)
				for i, s := range u.Scans {
					assert.Equal(t, w.milestones[i], milestone.Classify(s), "%s scan %d %q", n, i, s.Description)
				}
			}
		})
	}
}

// errAny marks an answer that must fail as a whole, whatever the error.
var errAny = errors.New("any error")
