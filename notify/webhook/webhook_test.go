package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/internal/hmacsig"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/notify"
)

var (
	now    = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	oldKey = []byte("whsec_old_0123456789")
	newKey = []byte("whsec_new_0123456789")
	berlin = time.FixedZone("CET", 3600)
)

func message() notify.Message {
	return notify.Message{
		ID:         "msg_0001",
		Kind:       notify.KindDelayed,
		Audience:   notify.Customer,
		ShipmentID: "s1",
		OrderID:    "o1",
		Recipient: notify.Recipient{
			ID: "c1", Name: "Ada", Email: "ada@example.com", Phone: "+4915112345678",
			Locale: "de-DE", TimeZone: "Europe/Berlin",
		},
		Milestone: milestone.Exception,
		Detail:    milestone.DetailWeather,
		ETA:       time.Date(2026, 3, 5, 18, 0, 0, 0, berlin),
		Reason:    "carrier_eta",
		Subject:   "Ihre Bestellung ist unterwegs – Lieferung Donnerstag",
		Text:      "Hallo Ada",
		HTML:      "<p>Hallo Ada</p>",
		CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, berlin),
	}
}

// received is what a test receiver saw.
type received struct {
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func (r *received) last(t *testing.T) (*http.Request, []byte) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("receiver got no request")
	}
	return r.reqs[len(r.reqs)-1], r.body[len(r.body)-1]
}

func (r *received) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// receiver starts a server that records requests and answers status (and the
// given headers).
func receiver(t *testing.T, status int, header map[string]string) (*httptest.Server, *received) {
	t.Helper()
	rec := &received{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r)
		rec.body = append(rec.body, b)
		rec.mu.Unlock()
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func newNotifier(t *testing.T, cfg Config) *Notifier {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return now }
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

func TestNotifySendsSignedPayload(t *testing.T) {
	t.Parallel()
	srv, rec := receiver(t, http.StatusNoContent, nil)
	n := newNotifier(t, Config{URL: srv.URL + "/hooks/wismo", Secrets: [][]byte{newKey}, Include: IncludePhone})
	if err := n.Notify(context.Background(), message()); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	req, body := rec.last(t)
	if req.Method != http.MethodPost || req.URL.Path != "/hooks/wismo" {
		t.Errorf("got %s %s, want POST /hooks/wismo", req.Method, req.URL.Path)
	}
	if got := req.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := req.Header.Get(IdempotencyHeader); got != "msg_0001" {
		t.Errorf("Idempotency-Key = %q, want msg_0001", got)
	}
	sig := req.Header.Get(SignatureHeader)
	if want := hmacsig.Sign(now, body, newKey); sig != want {
		t.Errorf("signature = %q, want %q", sig, want)
	}
	p, err := VerifyBody(body, sig, [][]byte{newKey}, 0, now.Add(time.Minute))
	if err != nil {
		t.Fatalf("receiver could not verify: %v", err)
	}
	if p.Recipient.Phone != "+4915112345678" || p.Recipient.Email != "" || p.Recipient.Name != "" {
		t.Errorf("recipient = %+v, want only the opted-in phone among personal fields", p.Recipient)
	}
}

func TestPayloadJSON(t *testing.T) {
	t.Parallel()
	m := message()
	m.Carrier, m.TrackingNumber, m.TrackingURL = "dhl", "00340434161094042557", "https://hoppla.example/t/s1"
	b, err := json.Marshal(NewPayload(m, IncludeName|IncludeEmail|IncludePhone))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":1,"id":"msg_0001","kind":"delayed","audience":"customer","shipment_id":"s1","order_id":"o1",` +
		`"recipient":{"id":"c1","name":"Ada","email":"ada@example.com","phone":"+4915112345678","locale":"de-DE","time_zone":"Europe/Berlin"},` +
		`"milestone":"exception","detail":"weather","eta":"2026-03-05T18:00:00+01:00","reason":"carrier_eta",` +
		`"carrier":"dhl","tracking_number":"00340434161094042557","tracking_url":"https://hoppla.example/t/s1",` +
		`"short_text":"Ihre Bestellung ist unterwegs – Lieferung Donnerstag. https://hoppla.example/t/s1",` +
		`"subject":"Ihre Bestellung ist unterwegs – Lieferung Donnerstag","text":"Hallo Ada","html":"\u003cp\u003eHallo Ada\u003c/p\u003e",` +
		`"created_at":"2026-03-02T09:00:00Z"}`
	if string(b) != want {
		t.Errorf("payload\n got: %s\nwant: %s", b, want)
	}

	// Without opt-in no personal field is sent; unknown values are omitted.
	m = message()
	m.Milestone, m.ETA, m.Detail = milestone.Unknown, time.Time{}, ""
	b, err = json.Marshal(NewPayload(m, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{`"name"`, `"email"`, `"phone"`, `"milestone"`, `"eta"`, `"detail"`} {
		if strings.Contains(string(b), absent) {
			t.Errorf("payload without opt-in contains %s: %s", absent, b)
		}
	}
}

func TestNotifyRotationSignsWithEverySecret(t *testing.T) {
	t.Parallel()
	srv, rec := receiver(t, http.StatusOK, nil)
	n := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{newKey, oldKey}})
	if err := n.Notify(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	req, body := rec.last(t)
	sig := req.Header.Get(SignatureHeader)
	if got := strings.Count(sig, "v1="); got != 2 {
		t.Fatalf("signature %q has %d v1 values, want 2", sig, got)
	}
	for _, secrets := range [][][]byte{{newKey}, {oldKey}} {
		if _, err := VerifyBody(body, sig, secrets, 0, now); err != nil {
			t.Errorf("a receiver with only %s rejects: %v", secrets[0], err)
		}
	}
}

func TestNotifyStatusMapping(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		status     int
		header     map[string]string
		permanent  bool
		ok         bool
		retryAfter time.Duration
	}{
		{status: 200, ok: true},
		{status: 202, ok: true},
		{status: 204, ok: true},
		{status: 400, permanent: true},
		{status: 401, permanent: true},
		{status: 404, permanent: true},
		{status: 410, permanent: true},
		{status: 422, permanent: true},
		{status: 408},
		{status: 429, header: map[string]string{"Retry-After": "30"}, retryAfter: 30 * time.Second},
		{status: 429, header: map[string]string{"Retry-After": now.Add(2 * time.Minute).Format(http.TimeFormat)}, retryAfter: 2 * time.Minute},
		{status: 500},
		{status: 502},
		{status: 503, header: map[string]string{"Retry-After": "soon"}},
	} {
		t.Run(http.StatusText(c.status), func(t *testing.T) {
			t.Parallel()
			srv, rec := receiver(t, c.status, c.header)
			err := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{newKey}}).Notify(context.Background(), message())
			if rec.count() != 1 {
				t.Fatalf("receiver got %d requests, want exactly 1 (no retries in the sender)", rec.count())
			}
			if c.ok {
				if err != nil {
					t.Fatalf("status %d: got %v, want nil", c.status, err)
				}
				return
			}
			var se *StatusError
			if !errors.As(err, &se) || se.StatusCode != c.status {
				t.Fatalf("status %d: got %v, want a *StatusError with that code", c.status, err)
			}
			if got := errors.Is(err, notify.ErrPermanent); got != c.permanent {
				t.Errorf("status %d: permanent = %v, want %v (%v)", c.status, got, c.permanent, err)
			}
			if se.RetryAfter != c.retryAfter {
				t.Errorf("status %d: RetryAfter = %v, want %v", c.status, se.RetryAfter, c.retryAfter)
			}
		})
	}
}

func TestNotifyDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	target, rec := receiver(t, http.StatusOK, nil)
	srv, _ := receiver(t, http.StatusFound, map[string]string{"Location": target.URL})
	client := &http.Client{}
	err := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{newKey}, Client: client}).Notify(context.Background(), message())
	if !errors.Is(err, notify.ErrPermanent) {
		t.Fatalf("302: got %v, want ErrPermanent", err)
	}
	if rec.count() != 0 {
		t.Errorf("the redirect was followed")
	}
	if client.CheckRedirect != nil {
		t.Errorf("New changed the host's client")
	}
}

func TestNotifyTemporaryFailures(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	err := newNotifier(t, Config{URL: url, Secrets: [][]byte{newKey}}).Notify(context.Background(), message())
	if err == nil || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("refused connection: got %v, want a temporary error", err)
	}

	live, rec := receiver(t, http.StatusOK, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = newNotifier(t, Config{URL: live.URL, Secrets: [][]byte{newKey}}).Notify(ctx, message())
	if !errors.Is(err, context.Canceled) || errors.Is(err, notify.ErrPermanent) {
		t.Errorf("cancelled ctx: got %v, want temporary context.Canceled", err)
	}
	if rec.count() != 0 {
		t.Errorf("sent despite cancelled ctx")
	}
}

func TestNotifyPermanentInputErrors(t *testing.T) {
	t.Parallel()
	srv, rec := receiver(t, http.StatusOK, nil)
	n := newNotifier(t, Config{URL: srv.URL, Secrets: [][]byte{newKey}, MaxBodyBytes: 512})
	big := message()
	big.HTML = strings.Repeat("x", 600)
	noID := message()
	noID.ID = ""
	for name, m := range map[string]notify.Message{"oversized": big, "no id": noID} {
		if err := n.Notify(context.Background(), m); !errors.Is(err, notify.ErrPermanent) {
			t.Errorf("%s: got %v, want ErrPermanent", name, err)
		}
	}
	if rec.count() != 0 {
		t.Errorf("sent %d invalid messages", rec.count())
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]Config{
		"no url":       {Secrets: [][]byte{newKey}},
		"bad scheme":   {URL: "ftp://example.com", Secrets: [][]byte{newKey}},
		"no host":      {URL: "https:///x", Secrets: [][]byte{newKey}},
		"no secret":    {URL: "https://example.com"},
		"short secret": {URL: "https://example.com", Secrets: [][]byte{newKey, []byte("short")}},
		"negative max": {URL: "https://example.com", Secrets: [][]byte{newKey}, MaxBodyBytes: -1},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
}

// BenchmarkNotify measures encoding, signing and one POST to a local server.
func BenchmarkNotify(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	n, err := New(Config{URL: srv.URL, Secrets: [][]byte{newKey, oldKey}})
	if err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(NewPayload(message(), 0))
	for b.Loop() {
		if err := n.Notify(context.Background(), message()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(body)), "bytes/payload")
}
