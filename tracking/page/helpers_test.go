package page

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
	"github.com/wismo-dev/wismo/tracking"
)

var (
	testKey    = []byte("0123456789abcdef0123456789abcdef-new")
	testOldKey = []byte("0123456789abcdef0123456789abcdef-old")
	// testNow is Wednesday, 4 March 2026, 10:00 in Vienna.
	vienna  = mustZone("Europe/Vienna")
	testNow = time.Date(2026, 3, 4, 10, 0, 0, 0, vienna)
)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// fakeService serves views by ID and counts calls.
type fakeService struct {
	mu    sync.Mutex
	views map[string]tracking.View
	calls atomic.Int64
	err   error
}

func (f *fakeService) Status(_ context.Context, id string) (tracking.View, error) {
	f.calls.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return tracking.View{}, f.err
	}
	v, ok := f.views[id]
	if !ok {
		return tracking.View{}, fmt.Errorf("fake: %s: %w", id, tracking.ErrUnknownShipment)
	}
	return v, nil
}

func (f *fakeService) put(v tracking.View) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.views == nil {
		f.views = map[string]tracking.View{}
	}
	f.views[v.ID] = v
}

type setup struct {
	svc *fakeService
	h   *Handler
	now *time.Time
	// recipients holds the recipient of each shipment id.
	recipients sync.Map
}

func newSetup(t *testing.T, mod func(*Config)) *setup {
	t.Helper()
	s := &setup{svc: &fakeService{}}
	now := testNow
	s.now = &now
	cfg := Config{
		Service: s.svc,
		Keys:    [][]byte{testKey, testOldKey},
		Now:     func() time.Time { return *s.now },
		Branding: notify.Branding{
			ShopName: "Alpenrad", SupportEmail: "help@alpenrad.example", LogoURL: "https://cdn.alpenrad.example/logo.png",
		},
		Recipient: func(_ context.Context, v tracking.View) Recipient {
			if r, ok := s.recipients.Load(v.ID); ok {
				return r.(Recipient)
			}
			return Recipient{}
		},
		CarrierNames: map[string]string{"dhl": "DHL"},
	}
	if mod != nil {
		mod(&cfg)
	}
	h, err := New(cfg)
	require.NoError(t, err)
	s.h = h
	return s
}

// get requests path from the handler with optional header pairs.
func (s *setup) get(t *testing.T, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/"+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return string(b)
}

func at(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, vienna) }

func scan(t time.Time, m milestone.Milestone, desc, loc string) tracking.TimelineEntry {
	return tracking.TimelineEntry{Time: t, Milestone: m, Description: desc, Location: loc}
}

// journey is the common start of the test shipments.
func journey() []tracking.TimelineEntry {
	return []tracking.TimelineEntry{
		scan(at(2, 9, 0), milestone.InfoReceived, "Shipment information received", ""),
		scan(at(2, 17, 30), milestone.PickedUp, "Picked up", "Linz"),
		scan(at(3, 6, 10), milestone.InTransit, "Departed hub", "Linz Hub"),
	}
}

type ctxT = context.Context

var errTest = errors.New("store down")

func httptestRequest(method, path string) *http.Request {
	return httptest.NewRequest(method, path, nil)
}

func recorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
