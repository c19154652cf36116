package fedex

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

const (
	testClientID     = "test-api-key"
	testClientSecret = "test-secret-key"
)

// whole is an answer to the whole track request, instead of composing one.
type whole = adaptertest.Reply

// fakeFedEx serves the FedEx token and Track endpoints. For each requested
// number it answers the completeTrackResults entry of that number from the
// fixture files set for it (in turn, the last one repeating), or a
// TRACKING.TRACKINGNUMBER.NOTFOUND entry.
type fakeFedEx struct {
	*adaptertest.OAuthServer
	t testing.TB

	mu       sync.Mutex
	files    map[string][]string
	whole    *whole
	requests [][]string // numbers of each track request
}

func newFakeFedEx(t testing.TB) *fakeFedEx {
	t.Helper()
	f := &fakeFedEx{t: t, files: map[string][]string{}}
	f.OAuthServer = adaptertest.NewOAuthServer(t, adaptertest.OAuthConfig{
		TokenPath:    tokenPath,
		Grant:        grant,
		Unauthorized: adaptertest.Reply{Status: http.StatusUnauthorized, File: "unauthorized.json"},
		API:          http.HandlerFunc(f.track),
	})
	return f
}

// Set answers number from each of files in turn, the last one repeating.
func (f *fakeFedEx) Set(number string, files ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[number] = files
}

func grant(r *http.Request, token string) (int, string) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost ||
		r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
		return http.StatusUnauthorized, `{"transactionId":"x","errors":[{"code":"NOT.AUTHORIZED.ERROR","message":"The given client credentials were not valid. Please modify your request and try again."}]}`
	}
	return http.StatusOK, `{"access_token":"` + token + `","token_type":"bearer","expires_in":3599,"scope":"CXS"}`
}

func (f *fakeFedEx) track(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != trackPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		f.t.Errorf("track request %s with Content-Type %q, want a JSON POST", r.Method, r.Header.Get("Content-Type"))
	}
	if r.Header.Get("X-locale") != "en_US" {
		f.t.Errorf("X-locale = %q, want en_US", r.Header.Get("X-locale"))
	}
	var req trackRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		f.t.Errorf("decode track request: %v", err)
	}
	if !req.IncludeDetailedScans {
		f.t.Error("includeDetailedScans is false; the adapter needs every scan")
	}
	if len(req.TrackingInfo) == 0 || len(req.TrackingInfo) > MaxBatch {
		f.t.Errorf("track request with %d numbers", len(req.TrackingInfo))
	}
	var numbers []string
	for _, ti := range req.TrackingInfo {
		numbers = append(numbers, ti.TrackingNumberInfo.TrackingNumber)
	}
	f.mu.Lock()
	f.requests = append(f.requests, numbers)
	wh := f.whole
	var entries []json.RawMessage
	for _, n := range numbers {
		fs := f.files[n]
		if len(fs) == 0 {
			entries = append(entries, json.RawMessage(`{"trackingNumber":"`+n+`","trackResults":[{"trackingNumberInfo":{"trackingNumber":"`+n+`"},`+
				`"error":{"code":"TRACKING.TRACKINGNUMBER.NOTFOUND","message":"Tracking number cannot be found. Please correct the tracking number and try again."}}]}`))
			continue
		}
		file := fs[0]
		if len(fs) > 1 {
			f.files[n] = fs[1:]
		}
		entries = append(entries, entryFor(f.t, file, n))
	}
	f.mu.Unlock()
	if wh != nil {
		wh.Write(f.t, w)
		return
	}
	out, _ := json.Marshal(map[string]any{
		"transactionId": "624deea6-b709-470c-8c39-4b5511281492",
		"output":        map[string]any{"completeTrackResults": entries},
	})
	adaptertest.Reply{Body: string(out)}.Write(f.t, w)
}

// entryFor returns the completeTrackResults entry for number n in a fixture.
func entryFor(t testing.TB, file, n string) json.RawMessage {
	var r struct {
		Output struct {
			CompleteTrackResults []json.RawMessage `json:"completeTrackResults"`
		} `json:"output"`
	}
	if err := json.Unmarshal(adaptertest.Fixture(t, file), &r); err != nil {
		t.Errorf("fixture %s: %v", file, err)
		return nil
	}
	for _, e := range r.Output.CompleteTrackResults {
		var head struct{ TrackingNumber string }
		_ = json.Unmarshal(e, &head)
		if head.TrackingNumber == n {
			return e
		}
	}
	t.Errorf("fixture %s has no entry for %s", file, n)
	return nil
}

func newTestCarrier(t testing.TB, f *fakeFedEx) *Carrier {
	t.Helper()
	c, err := New(Config{
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		BaseURL:      f.URL,
		HTTP:         adaptertest.HTTPConfig(f.Server),
	})
	require.NoError(t, err)
	return c
}

// wantScan is a scan as a test expects it, in table rows without field names.
type wantScan adaptertest.Scan

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, number string
		scans        []wantScan
		skipped      int
		start, end   string
		service      string
		notFound     bool
	}{
		{
			file: "delivered.json", number: "794644790138",
			scans: []wantScan{
				{"2026-11-18T14:32:10-05:00", false, "DL", "Delivered", "ATLANTA, GA, US"},
				{"2026-11-18T08:02:00-05:00", false, "OD", "On FedEx vehicle for delivery", "NORCROSS, GA, US"},
				{"2026-11-18T04:11:00-05:00", false, "AR", "At local FedEx facility", "NORCROSS, GA, US"},
				{"2026-11-17T01:20:00-06:00", false, "DP", "Departed FedEx location", "MEMPHIS, TN, US"},
				{"2026-11-16T17:05:00-06:00", false, "PU", "Picked up", "MEMPHIS, TN, US"},
				{"2026-11-16T09:41:00-06:00", false, "OC", "Shipment information sent to FedEx", "US"},
			},
			service: "FedEx Ground",
		},
		{
			file: "in_transit.json", number: "449044304137",
			scans: []wantScan{
				{"2026-11-23T03:40:00-06:00", false, "IT", "In transit", "OKLAHOMA CITY, OK, US"},
				{"2026-11-22T21:30:00-05:00", false, "DP", "Left FedEx origin facility", "NEWARK, NJ, US"},
				{"2026-11-22T16:10:00-05:00", false, "PU", "Picked up", "NEWARK, NJ, US"},
			},
			start: "2026-11-24T10:00:00-08:00", end: "2026-11-24T14:00:00-08:00",
			service: "FedEx Express Saver",
		},
		{
			file: "revised.json", number: "449044304137",
			scans: []wantScan{
				{"2026-11-23T11:05:00-06:00", false, "DY", "Delay: Weather delay", "OKLAHOMA CITY, OK, US"},
				{"2026-11-23T03:40:00-06:00", false, "IT", "In transit", "OKLAHOMA CITY, OK, US"},
				{"2026-11-22T21:30:00-05:00", false, "DP", "Left FedEx origin facility", "NEWARK, NJ, US"},
				{"2026-11-22T16:10:00-05:00", false, "PU", "Picked up", "NEWARK, NJ, US"},
			},
			end:     "2026-11-25T23:59:59-08:00",
			service: "FedEx Express Saver",
		},
		{
			file: "exception.json", number: "020207021381215",
			scans: []wantScan{
				{"2026-11-19T17:12:00-07:00", false, "DE", "Delivery exception: Customer not available or business closed", "DENVER, CO, US"},
				{"2026-11-19T07:55:00-07:00", false, "OD", "On FedEx vehicle for delivery", "DENVER, CO, US"},
				{"2026-11-19T05:20:00-07:00", false, "AR", "At local FedEx facility", "DENVER, CO, US"},
			},
			end:     "2026-11-20T23:59:59-07:00",
			service: "FedEx Home Delivery",
		},
		{
			file: "multi_piece.json", number: "568838414941",
			scans: []wantScan{
				{"2026-11-20T10:15:00+01:00", false, "DL", "Delivered", "AMSTERDAM, NL"},
				{"2026-11-20T07:30:00+01:00", false, "OD", "On FedEx vehicle for delivery", "AMSTERDAM, NL"},
			},
			service: "FedEx Priority Overnight",
		},
		{
			// The number also belongs to a shipment of 2024: the current one wins.
			file: "multi_piece.json", number: "568838414952",
			scans: []wantScan{
				{"2026-11-20T06:40:00+01:00", false, "AR", "At local FedEx facility", "AMSTERDAM, NL"},
			},
			end:     "2026-11-21T12:00:00+01:00",
			service: "FedEx Priority Overnight",
		},
		{
			// Dates with a space before the offset, as FedEx writes some
			// (issue 22): read with their zone; the one impossible date is
			// skipped and the rest of the answer still reads.
			file: "space_offset.json", number: "794612345678",
			scans: []wantScan{
				{"2024-08-13T02:47:00-05:00", false, "AR", "Arrived at FedEx location", "MEMPHIS, TN, US"},
				{"2024-08-12T15:18:10-05:00", false, "PU", "Picked up", "DALLAS, TX, US"},
			},
			skipped: 1,
			end:     "2024-08-14T23:59:59-05:00",
			service: "FedEx Ground",
		},
		{file: "multi_piece.json", number: "111111111111", notFound: true},
		{file: "not_found.json", number: "123456789012", notFound: true},
		{
			// No locations, no offsets, no service; one date FedEx never
			// writes (skipped); only a standard transit window.
			file: "minimal.json", number: "122816215025810",
			scans: []wantScan{
				{"2026-11-23T08:00:00Z", true, "PU", "Picked up", ""},
			},
			skipped: 1,
			end:     "2026-11-27T23:59:59Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.number, func(t *testing.T) {
			t.Parallel()
			results, err := parse(adaptertest.Fixture(t, tt.file))
			require.NoError(t, err)
			r, ok := results[tt.number]
			require.True(t, ok, "no result for %s", tt.number)
			assert.Equal(t, tt.skipped, r.skipped, "skipped scan events")
			if tt.notFound {
				require.ErrorIs(t, r.err, carrier.ErrNotFound)
				assert.Contains(t, r.err.Error(), "TRACKING.TRACKINGNUMBER.NOTFOUND")
				assert.Nil(t, r.update)
				return
			}
			require.NoError(t, r.err)
			u := r.update
			assert.Equal(t, ID, u.Carrier)
			assert.Equal(t, tt.service, u.Service)
			require.Len(t, u.Scans, len(tt.scans))
			for i, w := range tt.scans {
				adaptertest.AssertScan(t, i, u.Scans[i], ID, adaptertest.Scan(w))
			}
			adaptertest.AssertTime(t, tt.start, u.EstimatedDeliveryStart, "EstimatedDeliveryStart")
			adaptertest.AssertTime(t, tt.end, u.EstimatedDelivery, "EstimatedDelivery")
		})
	}
}

func TestTrack(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	f.Set("794644790138", "delivered.json")
	c := newTestCarrier(t, f)
	assert.Equal(t, "fedex", c.ID())
	assert.Equal(t, 30, c.MaxBatch())

	u, err := c.Track(context.Background(), "7946 4479 0138")
	require.NoError(t, err)
	assert.Equal(t, "7946 4479 0138", u.TrackingNumber, "the number as the caller gave it")
	require.Len(t, u.Scans, 6)
	assert.Equal(t, "DL", u.Scans[0].Code)
	_, err = c.Track(context.Background(), "794644790138")
	require.NoError(t, err)

	assert.Equal(t, 1, f.TokenCalls(), "the token is fetched once and cached")
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, [][]string{{"794644790138"}, {"794644790138"}}, f.requests)
}

func TestTrackEstimateRevision(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	f.Set("449044304137", "in_transit.json", "revised.json")
	c := newTestCarrier(t, f)
	first, err := c.Track(context.Background(), "449044304137")
	require.NoError(t, err)
	second, err := c.Track(context.Background(), "449044304137")
	require.NoError(t, err)
	assert.Equal(t, "2026-11-24T14:00:00-08:00", first.EstimatedDelivery.Format(time.RFC3339))
	assert.Equal(t, "2026-11-25T23:59:59-08:00", second.EstimatedDelivery.Format(time.RFC3339),
		"a window that ends at midnight is the end of that day")
	assert.True(t, second.EstimatedDelivery.After(first.EstimatedDelivery))
}

func TestTrackBatch(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	f.Set("568838414941", "multi_piece.json")
	f.Set("568838414952", "multi_piece.json")
	f.Set("794644790138", "delivered.json")
	c := newTestCarrier(t, f)

	numbers := []string{"568838414941", "111111111111", "5688-3841-4952", "bad/number", "794644790138", "568838414941"}
	res, err := c.TrackBatch(context.Background(), numbers)
	require.NoError(t, err)
	require.Len(t, res, len(numbers))
	for i, n := range numbers {
		assert.Equal(t, n, res[i].TrackingNumber, "result %d is for the number given", i)
	}
	require.NoError(t, res[0].Err)
	assert.Equal(t, "DL", res[0].Update.Scans[0].Code)
	assert.ErrorIs(t, res[1].Err, carrier.ErrNotFound)
	assert.Nil(t, res[1].Update)
	require.NoError(t, res[2].Err)
	assert.Equal(t, "5688-3841-4952", res[2].Update.TrackingNumber)
	assert.Equal(t, "AR", res[2].Update.Scans[0].Code)
	assert.ErrorIs(t, res[3].Err, carrier.ErrNotFound, "an impossible number is never sent")
	require.NoError(t, res[4].Err)
	require.NoError(t, res[5].Err)
	assert.True(t, res[0].Update != res[5].Update, "each result has its own Update")
	res[5].Update.Scans[0].Description = "changed by the caller"
	assert.Equal(t, "Delivered", res[0].Update.Scans[0].Description, "a number given twice gets independent scans")

	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, [][]string{{"568838414941", "111111111111", "568838414952", "794644790138"}}, f.requests,
		"one request, each number once, the impossible one left out")
}

func TestTrackBatchLimits(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	c := newTestCarrier(t, f)
	numbers := make([]string, MaxBatch+1)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("1000000000%02d", i)
	}
	_, err := c.TrackBatch(context.Background(), numbers)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most 30")

	res, err := c.TrackBatch(context.Background(), numbers[:MaxBatch])
	require.NoError(t, err)
	require.Len(t, res, MaxBatch)
	for _, r := range res {
		assert.ErrorIs(t, r.Err, carrier.ErrNotFound)
	}
	res, err = c.TrackBatch(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, res, 0)

	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Len(t, f.requests, 1, "a batch over the limit and an empty one send nothing")
}

func TestTrackOneResultUnderAnotherNumber(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	body := strings.Replace(string(adaptertest.Fixture(t, "delivered.json")), `"trackingNumber": "794644790138",`, `"trackingNumber": "9622001900000000000000794644790138",`, 1)
	f.whole = &whole{Status: 200, Body: body}
	c := newTestCarrier(t, f)
	u, err := c.Track(context.Background(), "794644790138")
	require.NoError(t, err)
	assert.Len(t, u.Scans, 6)
}

func TestTrackBatchMissingResult(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	f.whole = &whole{Status: 200, Body: `{"output":{"completeTrackResults":[]}}`}
	c := newTestCarrier(t, f)
	res, err := c.TrackBatch(context.Background(), []string{"794644790138"})
	require.NoError(t, err)
	assert.ErrorIs(t, res[0].Err, carrier.ErrMalformed)
}

func TestTrackErrors(t *testing.T) {
	t.Parallel()
	const n = "794644790138"
	tests := []struct {
		name       string
		whole      *whole
		number     string
		is         []error
		temporary  bool
		retryAfter time.Duration
		contains   string
	}{
		{name: "not found entry", number: "123456789012", is: []error{carrier.ErrNotFound}, contains: "TRACKING.TRACKINGNUMBER.NOTFOUND"},
		{name: "not found 404", whole: &whole{Status: 404, Body: `{"errors":[{"code":"TRACKING.TRACKINGNUMBER.NOTFOUND","message":"Tracking number cannot be found."}]}`}, is: []error{carrier.ErrNotFound}},
		{name: "401", whole: &whole{Status: 401, Body: `{"errors":[{"code":"NOT.AUTHORIZED.ERROR","message":"Access token expired."}]}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "403", whole: &whole{Status: 403, Body: `{"errors":[{"code":"FORBIDDEN.ERROR","message":"We could not authorize your credentials."}]}`}, is: []error{carrier.ErrUnauthorized}},
		{name: "429", whole: &whole{Status: 429, Header: http.Header{"Retry-After": {"12"}}, Body: `{"errors":[{"code":"TOO.MANY.REQUESTS","message":"We have received too many requests in a short duration."}]}`}, temporary: true, retryAfter: 12 * time.Second},
		{name: "500", whole: &whole{Status: 500, Body: `{"errors":[{"code":"INTERNAL.SERVER.ERROR","message":"We encountered an unexpected error."}]}`}, temporary: true},
		{name: "503", whole: &whole{Status: 503, Body: `{"errors":[{"code":"SERVICE.UNAVAILABLE.ERROR","message":"The service is currently unavailable."}]}`}, temporary: true},
		{name: "400", whole: &whole{Status: 400, Body: `{"errors":[{"code":"TRACKING.TRACKINGNUMBER.EMPTY","message":"Please provide tracking number."}]}`}, contains: "400"},
		{name: "malformed JSON", whole: &whole{Status: 200, Body: `{"output": {"completeTrackResults": [{`}, is: []error{carrier.ErrMalformed}, contains: "not the documented JSON"},
		{name: "wrong type", whole: &whole{Status: 200, Body: `{"output": {"completeTrackResults": {"a": 1}}}`}, is: []error{carrier.ErrMalformed}},
		{name: "no output", whole: &whole{Status: 200, Body: `{"transactionId":"x"}`}, is: []error{carrier.ErrMalformed}},
		{name: "200 with errors", whole: &whole{Status: 200, Body: `{"errors":[{"code":"SYSTEM.UNEXPECTED.ERROR","message":"The system has experienced an unexpected problem."}]}`}, contains: "SYSTEM.UNEXPECTED.ERROR"},
		{name: "no readable dates", whole: &whole{Status: 200, Body: `{"output":{"completeTrackResults":[{"trackingNumber":"` + n + `","trackResults":[{"scanEvents":[{"date":"soon","eventType":"PU"}]}]}]}}`}, is: []error{carrier.ErrMalformed}},
		{name: "bad number", number: "79464479013$", is: []error{carrier.ErrNotFound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeFedEx(t)
			f.whole = tt.whole
			c := newTestCarrier(t, f)
			number := tt.number
			if number == "" {
				number = n
			}
			u, err := c.Track(context.Background(), number)
			adaptertest.AssertTrackError(t, u, err, adaptertest.TrackError{Is: tt.is, Temporary: tt.temporary,
				RetryAfter: tt.retryAfter, Contains: tt.contains, NotContains: []string{testClientSecret}})
		})
	}
}

func TestTrackBadCredentials(t *testing.T) {
	t.Parallel()
	f := newFakeFedEx(t)
	c, err := New(Config{ClientID: testClientID, ClientSecret: "wrong", BaseURL: f.URL,
		HTTP: kit.HTTPConfig{Client: f.Client(), MaxRetries: -1}})
	require.NoError(t, err)
	_, err = c.Track(context.Background(), "794644790138")
	require.ErrorIs(t, err, carrier.ErrUnauthorized)
	assert.False(t, carrier.IsTemporary(err))
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	_, err := New(Config{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ClientID is required")
	assert.Contains(t, err.Error(), "ClientSecret is required")
	_, err = New(Config{ClientID: "a", ClientSecret: "b", BaseURL: "://apis.fedex.com"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "BaseURL")
	c, err := New(Config{ClientID: "a", ClientSecret: "b"})
	require.NoError(t, err)
	assert.Equal(t, ProductionURL, c.base)
}

func FuzzParse(f *testing.F) {
	adaptertest.AddFixtureSeeds(f)
	f.Add([]byte(`{"output":{"completeTrackResults":[{"trackingNumber":"1","trackResults":[{"scanEvents":[{"date":"2026-13-45T99:00:00+25:00"}],"estimatedDeliveryTimeWindow":{"window":{"begins":"x","ends":"2026-01-01"}}}]}]}}`))
	f.Add([]byte(`{"output":null,"errors":[{}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		results, err := parse(body)
		if err != nil {
			require.Nil(t, results)
			return
		}
		for n, r := range results {
			if r.err != nil {
				require.Nil(t, r.update, n)
				continue
			}
			require.NotNil(t, r.update, n)
			for _, s := range r.update.Scans {
				require.False(t, s.Time.IsZero(), "a scan must have a time")
			}
		}
	})
}

func TestEstimate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, result string // one trackResult as JSON
		start, end   string
	}{
		{"window with offsets", `{"estimatedDeliveryTimeWindow":{"window":{"begins":"2026-11-24T10:00:00-05:00","ends":"2026-11-24T14:00:00-05:00"}}}`,
			"2026-11-24T10:00:00-05:00", "2026-11-24T14:00:00-05:00"},
		{"window of bare dates", `{"estimatedDeliveryTimeWindow":{"window":{"begins":"2026-11-24","ends":"2026-11-24"}}}`,
			"2026-11-24T00:00:00Z", "2026-11-24T23:59:59Z"},
		{"appointment before estimate", `{"dateAndTimes":[{"type":"ESTIMATED_DELIVERY","dateTime":"2026-11-25T00:00:00-05:00"},{"type":"APPOINTMENT_DELIVERY","dateTime":"2026-11-24T17:00:00-05:00"}]}`,
			"", "2026-11-24T17:00:00-05:00"},
		{"commitment", `{"dateAndTimes":[{"type":"COMMITMENT","dateTime":"2026-11-24T10:30:00-05:00"}]}`,
			"", "2026-11-24T10:30:00-05:00"},
		{"standard transit", `{"standardTransitTimeWindow":{"window":{"ends":"2026-11-26T00:00:00-06:00"}}}`,
			"", "2026-11-26T23:59:59-06:00"},
		{"delivered by status", `{"latestStatusDetail":{"code":"DL"},"estimatedDeliveryTimeWindow":{"window":{"ends":"2026-11-24T14:00:00-05:00"}}}`, "", ""},
		{"delivered by date", `{"dateAndTimes":[{"type":"ACTUAL_DELIVERY","dateTime":"2026-11-24T11:00:00-05:00"},{"type":"ESTIMATED_DELIVERY","dateTime":"2026-11-24T00:00:00-05:00"}]}`, "", ""},
		{"start after end is dropped", `{"estimatedDeliveryTimeWindow":{"window":{"begins":"2026-11-25T10:00:00-05:00","ends":"2026-11-24T14:00:00-05:00"}}}`,
			"", "2026-11-24T14:00:00-05:00"},
		{"unreadable", `{"estimatedDeliveryTimeWindow":{"window":{"ends":"next week"}}}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var tr trackResult
			require.NoError(t, json.Unmarshal([]byte(tt.result), &tr))
			start, end := estimate(tr)
			adaptertest.AssertTime(t, tt.start, start, "start")
			adaptertest.AssertTime(t, tt.end, end, "end")
		})
	}
}
