package adaptertest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// Fixture returns the contents of testdata/name in the package under test,
// stopping the test when it cannot be read.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err, "fixture")
	return b
}

// AddFixtureSeeds adds every testdata/*.json of the package under test to
// f's seed corpus, stopping when there is none, and every recorded answer
// in testdata/recorded/*.json.
func AddFixtureSeeds(f *testing.F) {
	f.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, names, "no testdata/*.json fixtures to seed the fuzz target")
	recorded, err := filepath.Glob(filepath.Join("testdata", "recorded", "*.json"))
	require.NoError(f, err)
	for _, n := range append(names, recorded...) {
		b, err := os.ReadFile(n)
		require.NoError(f, err, "fixture")
		f.Add(b)
	}
}

// HTTPConfig returns the kit.HTTPConfig of an adapter under test against
// srv: srv's client, no rate limit and no retries, so an error answer comes
// back at once.
func HTTPConfig(srv *httptest.Server) kit.HTTPConfig {
	return kit.HTTPConfig{
		Client:     srv.Client(),
		Limiter:    rate.NewLimiter(rate.Inf, 1),
		MaxRetries: -1,
	}
}

// Reply is one canned answer of a fake carrier API.
type Reply struct {
	// Status is the HTTP status. Defaults to 200.
	Status int
	// File names a fixture under testdata to answer with; when set, Body is
	// not used.
	File string
	// Body is the answer's body.
	Body string
	// Header holds extra response headers, such as Retry-After.
	Header http.Header
}

// Write answers with r: its headers, Content-Type application/json (unless
// Header sets one), its status and its body. A fixture that cannot be read
// fails t.
func (r Reply) Write(t testing.TB, w http.ResponseWriter) {
	t.Helper()
	body := []byte(r.Body)
	if r.File != "" {
		var err error
		if body, err = os.ReadFile(filepath.Join("testdata", r.File)); err != nil {
			t.Errorf("fixture: %v", err)
		}
	}
	for k, v := range r.Header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Replies holds canned replies per key, such as a tracking number. Its zero
// value is empty and ready to use; it is safe for concurrent use.
type Replies struct {
	mu sync.Mutex
	m  map[string][]Reply
}

// Set makes rs the replies for key, replacing earlier ones: they are served
// in turn and the last one repeats.
func (q *Replies) Set(key string, rs ...Reply) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.m == nil {
		q.m = map[string][]Reply{}
	}
	q.m[key] = rs
}

// Next returns the next reply for key, or missing when none was set.
func (q *Replies) Next(key string, missing Reply) Reply {
	q.mu.Lock()
	defer q.mu.Unlock()
	rs := q.m[key]
	switch len(rs) {
	case 0:
		return missing
	case 1:
		return rs[0]
	}
	q.m[key] = rs[1:]
	return rs[0]
}

// Scan is what a test expects of one parsed scan. Test tables declare their
// own row type with the same fields (type wantScan adaptertest.Scan) so that
// rows can be written without field names, and convert it.
type Scan struct {
	// Time is RFC 3339 with the zone the carrier gave; a LocalTime scan's
	// wall clock ends in Z.
	Time        string
	LocalTime   bool
	Code        string
	Description string
	Location    string
}

// AssertScan checks scan number i of an update against want, and that it
// names carrierID as its carrier.
func AssertScan(t testing.TB, i int, got milestone.Scan, carrierID string, want Scan) {
	t.Helper()
	assert.Equal(t, want.Time, got.Time.Format(time.RFC3339), "scan %d time", i)
	assert.Equal(t, want.LocalTime, got.LocalTime, "scan %d LocalTime", i)
	assert.Equal(t, want.Code, got.Code, "scan %d code", i)
	assert.Equal(t, want.Description, got.Description, "scan %d description", i)
	assert.Equal(t, want.Location, got.Location, "scan %d location", i)
	assert.Equal(t, carrierID, got.Carrier, "scan %d carrier", i)
}

// AssertTime checks that got is zero when want is empty, and otherwise that
// it formats as want in RFC 3339 (so its zone offset counts).
func AssertTime(t testing.TB, want string, got time.Time, what string) {
	t.Helper()
	if want == "" {
		assert.True(t, got.IsZero(), "%s = %v, want zero", what, got)
		return
	}
	assert.Equal(t, want, got.Format(time.RFC3339), what)
}

// TrackError is what a test expects of a failed Track call.
type TrackError struct {
	// Is lists sentinels the error must match (errors.Is).
	Is []error
	// Temporary is what carrier.IsTemporary must say.
	Temporary bool
	// RetryAfter, when positive, is the RetryAfter of the
	// *carrier.RateLimitError the error must hold.
	RetryAfter time.Duration
	// Contains is text the error must contain, if any.
	Contains string
	// NotContains is text the error must not contain, such as a client
	// secret.
	NotContains []string
}

// AssertTrackError checks the result of a Track call that must fail as want
// says: an error, no update, and each property of want.
func AssertTrackError(t testing.TB, u *carrier.Update, err error, want TrackError) {
	t.Helper()
	require.Error(t, err)
	assert.Nil(t, u)
	for _, target := range want.Is {
		assert.ErrorIs(t, err, target)
	}
	assert.Equal(t, want.Temporary, carrier.IsTemporary(err), "IsTemporary(%v)", err)
	if want.RetryAfter > 0 {
		var rl *carrier.RateLimitError
		require.ErrorAs(t, err, &rl)
		assert.Equal(t, want.RetryAfter, rl.RetryAfter)
	}
	if want.Contains != "" {
		assert.Contains(t, err.Error(), want.Contains)
	}
	for _, s := range want.NotContains {
		assert.NotContains(t, err.Error(), s)
	}
}

// BenchmarkParse measures parse on testdata/file: bytes per second,
// allocations, and scans/op, the number of scans parse reports for the
// fixture.
func BenchmarkParse(b *testing.B, file string, parse func(body []byte) (scans int, err error)) {
	b.Helper()
	body := Fixture(b, file)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	scans := 0
	for b.Loop() {
		n, err := parse(body)
		if err != nil {
			b.Fatal(err)
		}
		scans = n
	}
	b.ReportMetric(float64(scans), "scans/op")
}

// FuzzWebhook runs f's fuzz target against p.ParseWebhook. Each body is sent
// with header set to sign(body), a genuine signature: p must return updates
// whose scans all have a time and name p.ID() as their carrier, or an error
// matching carrier.ErrMalformed or carrier.ErrBodyTooLarge. The same body
// with forge(body), a signature under a wrong secret, must be rejected with
// an error matching carrier.ErrBadSignature and no updates (unless it was
// too large to be read at all).
func FuzzWebhook(f *testing.F, p carrier.WebhookParser, header string, sign, forge func(body []byte) string) {
	f.Helper()
	f.Fuzz(func(t *testing.T, body []byte) {
		h := http.Header{}
		h.Set(header, sign(body))
		ups, err := p.ParseWebhook(context.Background(), h, body)
		switch {
		case errors.Is(err, carrier.ErrBodyTooLarge):
			return // refused before its signature is looked at
		case err != nil && !errors.Is(err, carrier.ErrMalformed):
			t.Fatalf("unexpected error class: %v", err)
		}
		for _, u := range ups {
			for _, s := range u.Scans {
				if s.Time.IsZero() || s.Carrier != p.ID() {
					t.Fatalf("bad scan %+v", s)
				}
			}
		}
		h.Set(header, forge(body))
		ups, err = p.ParseWebhook(context.Background(), h, body)
		if !errors.Is(err, carrier.ErrBadSignature) || ups != nil {
			t.Fatalf("forged signature accepted: %d updates, error %v", len(ups), err)
		}
	})
}
