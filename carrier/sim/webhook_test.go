package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/internal/hmacsig"
)

func TestWebhookRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship A")
	noErr(t, c.Ship("B", sim.FailedAttempt(), monday), "Ship B")
	noErr(t, c.Ship("LATER", sim.OnTime(), monday.AddDate(0, 0, 7)), "Ship LATER")
	clk.Set(monday.Add(26 * time.Hour))

	w, err := c.Webhook("A", "B", "LATER")
	noErr(t, err, "Webhook")
	check(t, w.Header.Get(sim.SignatureHeader) != "", "the webhook is signed")
	eq(t, w.Header.Get("Content-Type"), "application/json", "Content-Type")
	ups, err := c.ParseWebhook(ctx, w.Header, w.Body)
	noErr(t, err, "ParseWebhook of the sim's own webhook")
	eq(t, len(ups), 2, "one update per shipment with scans (LATER has none yet)")
	total := 0
	for _, u := range ups {
		tr, err := c.Track(ctx, u.TrackingNumber)
		noErr(t, err, "Track")
		eq(t, u, tr, "the webhook carries what Track shows for "+u.TrackingNumber)
		total += len(u.Scans)
	}
	eq(t, w.Scans, total, "Webhook.Scans counts the scans")

	_, err = c.Webhook("NOPE")
	errIs(t, err, carrier.ErrNotFound, "Webhook of an unknown number")
}

func TestNextWebhookSendsOnlyNews(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship")
	w, err := c.NextWebhook("A")
	noErr(t, err, "NextWebhook before the first scan")
	eq(t, w.Scans, 0, "nothing to send before the first scan")

	seen := 0
	tl := sim.OnTime().Timeline(monday)
	for clk.Now().Before(monday.AddDate(0, 0, 7)) {
		clk.Advance(time.Hour)
		w, err := c.NextWebhook("A")
		noErr(t, err, "NextWebhook")
		if w.Scans == 0 {
			continue
		}
		ups, err := c.ParseWebhook(ctx, w.Header, w.Body)
		noErr(t, err, "ParseWebhook")
		eq(t, len(ups), 1, "one shipment")
		for i, s := range ups[0].Scans {
			eq(t, s.Description, tl.Scans[seen+i].Step.Description, "webhooks deliver each scan once, in order")
		}
		seen += len(ups[0].Scans)
	}
	eq(t, seen, len(tl.Scans), "every scan was pushed exactly once")
}

func TestParseWebhookRejects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, clk := newSim(t, sim.Config{WebhookSecret: []byte("whsec_current"),
		PreviousWebhookSecrets: [][]byte{[]byte("whsec_old")}})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 7))
	w, err := c.Webhook("A")
	noErr(t, err, "Webhook")

	signed := func(secret string, at time.Time, body []byte) http.Header {
		h := http.Header{}
		h.Set(sim.SignatureHeader, hmacsig.Sign(at, body, []byte(secret)))
		return h
	}
	tampered := bytes.Replace(w.Body, []byte("Delivered"), []byte("Delivered!"), 1)

	for name, in := range map[string]struct {
		h    http.Header
		body []byte
	}{
		"no header":          {http.Header{}, w.Body},
		"empty signature":    {http.Header{sim.SignatureHeader: {""}}, w.Body},
		"garbage signature":  {http.Header{sim.SignatureHeader: {"hello"}}, w.Body},
		"tampered body":      {w.Header, tampered},
		"wrong secret":       {signed("whsec_attacker", clk.Now(), w.Body), w.Body},
		"replayed (too old)": {signed("whsec_current", clk.Now().Add(-time.Hour), w.Body), w.Body},
	} {
		ups, err := c.ParseWebhook(ctx, in.h, in.body)
		errIs(t, err, carrier.ErrBadSignature, name)
		check(t, ups == nil, name+": no updates with a bad signature")
	}

	ups, err := c.ParseWebhook(ctx, signed("whsec_old", clk.Now(), w.Body), w.Body)
	noErr(t, err, "a previous secret is accepted during rotation")
	eq(t, len(ups), 1, "updates with the previous secret")

	for name, body := range map[string]string{
		"not json":        `{"id":`,
		"other carrier":   `{"id":"e","carrier":"ups","shipments":[]}`,
		"no number":       `{"id":"e","carrier":"sim","shipments":[{"events":[]}]}`,
		"event sans time": `{"id":"e","carrier":"sim","shipments":[{"tracking_number":"A","events":[{"description":"Delivered"}]}]}`,
		"event sans text": `{"id":"e","carrier":"sim","shipments":[{"tracking_number":"A","events":[{"time":"2026-03-02T10:00:00Z"}]}]}`,
	} {
		ups, err := c.ParseWebhook(ctx, c.SignWebhook([]byte(body)), []byte(body))
		errIs(t, err, carrier.ErrMalformed, name)
		check(t, !errors.Is(err, carrier.ErrBadSignature), name+": a signed body is not a signature problem")
		check(t, ups == nil, name+": no updates from a malformed body")
	}
}

func TestWebhookToleranceOff(t *testing.T) {
	t.Parallel()
	c, clk := newSim(t, sim.Config{WebhookTolerance: -1})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 1))
	w, err := c.Webhook("A")
	noErr(t, err, "Webhook")
	clk.Set(monday.AddDate(1, 0, 0))
	_, err = c.ParseWebhook(context.Background(), w.Header, w.Body)
	noErr(t, err, "WebhookTolerance -1 accepts an old signature")
}

func TestWebhookRequest(t *testing.T) {
	t.Parallel()
	c, clk := newSim(t, sim.Config{})
	noErr(t, c.Ship("A", sim.OnTime(), monday), "Ship")
	clk.Set(monday.AddDate(0, 0, 1))
	got := make(chan []*carrier.Update, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ups, err := c.ParseWebhook(r.Context(), r.Header, body)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusUnauthorized)
			return
		}
		got <- ups
	}))
	defer srv.Close()
	w, err := c.NextWebhook("A")
	noErr(t, err, "NextWebhook")
	req, err := w.Request(context.Background(), srv.URL)
	noErr(t, err, "Request")
	eq(t, req.Method, http.MethodPost, "method")
	resp, err := srv.Client().Do(req)
	noErr(t, err, "POST")
	resp.Body.Close()
	eq(t, resp.StatusCode, http.StatusOK, "the receiver accepted the webhook")
	ups := <-got
	eq(t, ups[0].TrackingNumber, "A", "the receiver got the update")
}

// FuzzParseWebhook signs arbitrary bodies with the right secret, so the
// fuzzer reaches the payload decoding: a body is either rejected as
// malformed or gives well-formed updates; and the same body with a forged
// signature is never accepted.
func FuzzParseWebhook(f *testing.F) {
	clk := sim.NewClock(monday)
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		f.Fatal(err)
	}
	if err := c.Ship("A", sim.FailedAttempt(), monday); err != nil {
		f.Fatal(err)
	}
	clk.Set(monday.AddDate(0, 0, 7))
	w, err := c.Webhook("A")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(w.Body)
	f.Add([]byte(`{"id":"e","carrier":"sim","shipments":[]}`))
	f.Add([]byte(`{"id":"e","carrier":"sim","shipments":[{"tracking_number":"A","events":[{"time":"2026-03-02T10:00:00Z","code":"DL"}]}]}`))
	f.Add([]byte(`{"carrier":"sim","shipments":[{"tracking_number":"","events":null}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx := context.Background()
		forged := http.Header{}
		forged.Set(sim.SignatureHeader, hmacsig.Sign(clk.Now(), body, []byte("not the secret")))
		if ups, err := c.ParseWebhook(ctx, forged, body); !errors.Is(err, carrier.ErrBadSignature) || ups != nil {
			t.Fatalf("forged signature: %v, %d updates", err, len(ups))
		}
		ups, err := c.ParseWebhook(ctx, c.SignWebhook(body), body)
		if err != nil {
			if !errors.Is(err, carrier.ErrMalformed) || ups != nil {
				t.Fatalf("signed body rejected with %v (%d updates), want ErrMalformed and none", err, len(ups))
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("invalid JSON accepted: %q", body)
		}
		for _, u := range ups {
			if u.Carrier != "sim" || u.TrackingNumber == "" {
				t.Fatalf("update without carrier or number: %+v", u)
			}
			for _, s := range u.Scans {
				if s.Time.IsZero() || (s.Code == "" && s.Description == "") || s.Carrier != "sim" {
					t.Fatalf("ill-formed scan accepted: %+v", s)
				}
			}
		}
	})
}

// TestWeakWebhookSecretRejected: an empty "previous" secret during rotation
// (an unset environment variable) or a short secret fails New with
// kit.ErrWeakSecret, and a webhook signed with the empty key is never
// accepted.
func TestWeakWebhookSecretRejected(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]sim.Config{
		"empty previous": {WebhookSecret: []byte("whsec_current"), PreviousWebhookSecrets: [][]byte{{}}},
		"short":          {WebhookSecret: []byte("abc")},
		"short previous": {PreviousWebhookSecrets: [][]byte{[]byte("old")}},
	} {
		if _, err := sim.New(cfg); !errors.Is(err, kit.ErrWeakSecret) {
			t.Errorf("%s: New = %v, want an error matching kit.ErrWeakSecret", name, err)
		}
	}
	c, clk := newSim(t, sim.Config{WebhookSecret: []byte("whsec_current")})
	body := []byte(`{"carrier":"sim","shipments":[{"tracking_number":"SIM1","events":[{"time":"2026-03-02T09:00:00Z","code":"DL","description":"Delivered"}]}]}`)
	h := http.Header{}
	h.Set(sim.SignatureHeader, carrier.Sign(clk.Now(), body, []byte{}))
	if ups, err := c.ParseWebhook(context.Background(), h, body); !errors.Is(err, carrier.ErrBadSignature) || ups != nil {
		t.Errorf("a webhook signed with the empty key: %d updates, error %v", len(ups), err)
	}
}
