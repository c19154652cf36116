package page

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/internal/readdeadline/trickletest"
	"github.com/wismo-dev/wismo/notify"
)

// An empty link key (an unset environment variable, an empty old key during
// rotation) or a short one fails New with ErrWeakKey.
func TestNewRejectsWeakKeys(t *testing.T) {
	t.Parallel()
	svc := &fakeService{}
	for name, keys := range map[string][][]byte{
		"empty":         {{}},
		"empty old key": {testKey, {}},
		"nil new key":   {nil, testKey},
		"short":         {[]byte(strings.Repeat("k", MinKeyBytes-1))},
	} {
		_, err := New(Config{Service: svc, Keys: keys, Branding: notify.Branding{ShopName: "X"}})
		if !errors.Is(err, ErrWeakKey) {
			t.Errorf("%s: New = %v, want an error matching ErrWeakKey", name, err)
		}
	}
}

// A GET whose body trickles in does not hold the connection: the page
// answers at once and the server does not wait for the body it never reads.
func TestTricklingBodyDoesNotHoldTheConnection(t *testing.T) {
	t.Parallel()
	s := newSetup(t, nil)
	v := stateCases()[1].view
	v.ID = "trickle"
	s.svc.put(v)
	srv := httptest.NewServer(s.h)
	t.Cleanup(srv.Close)
	link := s.h.Link(v.ID, time.Time{})
	// 2,000 bytes at 10 ms each would take 20 s.
	res, err := trickletest.Send(http.MethodGet, strings.TrimPrefix(srv.URL, "http://"), "/"+link, nil, 2000, 10*time.Millisecond, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !res.GaveUp() || res.Status != http.StatusOK {
		t.Errorf("answered %d after %d of %d body bytes, want 200 before the body is through", res.Status, res.Sent, res.Total)
	}
}
