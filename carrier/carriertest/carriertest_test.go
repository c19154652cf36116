package carriertest

// These tests prove that the kit can fail: each case runs against carriers
// that break its rule, through a recorder standing in for *testing.T.

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/milestone"
)

// runCase runs the named case against c and returns its failure messages.
func runCase(t *testing.T, name string, c carrier.Carrier, f Features) []string {
	t.Helper()
	i := slices.IndexFunc(cases(), func(k testCase) bool { return k.name == name })
	if i < 0 {
		t.Fatalf("no case %q", name)
	}
	return runChecked(cases()[i], c, f)
}

var created = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// newSim returns a sim three days after shipping one parcel of each
// built-in scenario, and Features describing it.
func newSim(t testing.TB) (*sim.Carrier, Features) {
	t.Helper()
	clk := sim.NewClock(created.Add(75 * time.Hour))
	c, err := sim.New(sim.Config{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	var known []string
	for i, sc := range sim.Scenarios()[:4] {
		n := sim.Number(i)
		if err := c.Ship(n, sc, created); err != nil {
			t.Fatal(err)
		}
		known = append(known, n)
	}
	sign := func(secret []byte) func(testing.TB, carrier.Carrier) (http.Header, []byte) {
		return func(t testing.TB, _ carrier.Carrier) (http.Header, []byte) {
			w, err := c.Webhook(known...)
			if err != nil {
				t.Fatal(err)
			}
			if secret != nil {
				s, _ := sim.New(sim.Config{Now: clk.Now, WebhookSecret: secret})
				return s.SignWebhook(w.Body), w.Body
			}
			return w.Header, w.Body
		}
	}
	return c, Features{
		KnownNumbers:  known,
		UnknownNumber: "SIM_UNKNOWN",
		Batch:         true,
		Webhooks:      true,
		SignedWebhook: sign(nil),
		ForgedWebhook: sign([]byte("forger-secret")),
		ReturnLabels:  true,
	}
}

// broken wraps the sim and breaks one rule, named by mode.
type broken struct {
	*sim.Carrier
	mode string

	mu     sync.Mutex
	cached map[string]*carrier.Update
	calls  atomic.Int64
}

func (b *broken) ID() string {
	if b.mode == "id" {
		return "Sim Carrier"
	}
	return b.Carrier.ID()
}

func (b *broken) Track(ctx context.Context, n string) (*carrier.Update, error) {
	switch b.mode {
	case "ignores-context":
		ctx = context.Background()
	case "unknown-plain-error":
		u, err := b.Carrier.Track(ctx, n)
		if errors.Is(err, carrier.ErrNotFound) {
			return nil, errors.New("no such parcel")
		}
		return u, err
	case "unknown-empty-update":
		u, err := b.Carrier.Track(ctx, n)
		if errors.Is(err, carrier.ErrNotFound) {
			return &carrier.Update{Carrier: b.ID(), TrackingNumber: n}, nil
		}
		return u, err
	case "shared-result":
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		if u, ok := b.cached[n]; ok {
			return u, nil
		}
		u, err := b.Carrier.Track(ctx, n)
		if err == nil {
			if b.cached == nil {
				b.cached = map[string]*carrier.Update{}
			}
			b.cached[n] = u
		}
		return u, err
	}
	u, err := b.Carrier.Track(ctx, n)
	if err != nil {
		return u, err
	}
	switch b.mode {
	case "wrong-number":
		u.TrackingNumber = "X" + n
	case "wrong-carrier":
		u.Carrier = "other"
	case "bad-scans":
		u.Scans[0].Time = time.Time{}
		u.Scans[1].Carrier = ""
		u.Scans[2].Code, u.Scans[2].Description = "", ""
	case "no-scans":
		u.Scans = nil
	case "flaky-under-load":
		if len(u.Scans) > 1 && b.calls.Add(1)%3 == 0 {
			u.Scans = u.Scans[1:]
		}
	}
	return u, nil
}

func (b *broken) TrackBatch(ctx context.Context, ns []string) ([]carrier.TrackResult, error) {
	if b.mode == "batch-ignores-context" {
		ctx = context.Background()
	}
	res, err := b.Carrier.TrackBatch(ctx, ns)
	if err != nil {
		return res, err
	}
	switch b.mode {
	case "batch-reversed":
		slices.Reverse(res)
	case "batch-short":
		res = res[:len(res)-1]
	case "batch-drops-scan":
		for _, r := range res {
			if r.Update != nil {
				r.Update.Scans = r.Update.Scans[1:]
			}
		}
	case "batch-unknown-ok":
		for i := range res {
			if res[i].Err != nil {
				res[i].Err = nil
				res[i].Update = &carrier.Update{Carrier: b.ID(), TrackingNumber: res[i].TrackingNumber}
			}
		}
	}
	return res, nil
}

func (b *broken) ParseWebhook(ctx context.Context, h http.Header, body []byte) ([]*carrier.Update, error) {
	switch b.mode {
	case "webhook-no-verify":
		h = b.SignWebhook(body)
	case "webhook-rejects-all":
		return nil, carrier.ErrBadSignature
	case "webhook-updates-with-error":
		ups, err := b.Carrier.ParseWebhook(ctx, b.SignWebhook(body), body)
		if err == nil {
			_, err = b.Carrier.ParseWebhook(ctx, h, body)
		}
		return ups, err
	case "webhook-plain-error":
		ups, err := b.Carrier.ParseWebhook(ctx, h, body)
		if err != nil {
			return nil, errors.New("signature mismatch")
		}
		return ups, nil
	}
	return b.Carrier.ParseWebhook(ctx, h, body)
}

func (b *broken) CreateReturnLabel(ctx context.Context, req carrier.ReturnLabelRequest) (*carrier.ReturnLabel, error) {
	l, err := b.Carrier.CreateReturnLabel(ctx, req)
	if err != nil {
		return l, err
	}
	switch b.mode {
	case "label-no-number":
		l.TrackingNumber = ""
	case "label-wrong-carrier":
		l.Carrier = "ups"
	case "label-nothing":
		l.URL = ""
	}
	return l, nil
}

// plain is a carrier with no optional interface.
type plain struct{ c *sim.Carrier }

func (p plain) ID() string { return p.c.ID() }
func (p plain) Track(ctx context.Context, n string) (*carrier.Update, error) {
	return p.c.Track(ctx, n)
}

func TestSimPassesEveryCase(t *testing.T) {
	t.Parallel()
	for _, k := range cases() {
		c, f := newSim(t)
		if k.skip(f) != "" {
			continue // a capability the sim does not claim
		}
		if msgs := runCase(t, k.name, c, f); len(msgs) > 0 {
			t.Errorf("case %s failed the reference sim: %q", k.name, msgs)
		}
	}
}

func TestCasesCatchViolations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode, cas, rule string
	}{
		{"id", "ID", "ID must be a non-empty lowercase id"},
		{"wrong-number", "TrackKnown", "Track must set Update.TrackingNumber to the number asked for"},
		{"wrong-carrier", "TrackKnown", "Track must set Update.Carrier to the carrier's ID"},
		{"bad-scans", "TrackKnown", "Track must give every scan a non-zero Time"},
		{"bad-scans", "TrackKnown", "Track must give every scan a Carrier id"},
		{"bad-scans", "TrackKnown", "Track must give every scan a Code or a Description"},
		{"no-scans", "TrackKnown", "Track must return the scans of a known number"},
		{"unknown-plain-error", "TrackUnknown", "Track must return an error wrapping ErrNotFound for an unknown number"},
		{"unknown-empty-update", "TrackUnknown", "Track must return an error wrapping ErrNotFound for an unknown number"},
		{"ignores-context", "TrackCancelledContext", "Track must return promptly with an error wrapping the context's error"},
		{"shared-result", "TrackResultsNotShared", "Track must return an Update the caller owns"},
		{"batch-reversed", "TrackBatch", "TrackBatch must agree with Track"},
		{"batch-short", "TrackBatch", "TrackBatch must agree with Track"},
		{"batch-drops-scan", "TrackBatch", "TrackBatch must agree with Track"},
		{"batch-unknown-ok", "TrackBatch", "TrackBatch must report an unknown number in its result"},
		{"batch-ignores-context", "TrackBatchCancelledContext", "TrackBatch must return promptly without any success"},
		{"webhook-no-verify", "WebhookTamperedBody", "ParseWebhook must reject a body that does not match its signature"},
		{"webhook-no-verify", "WebhookMissingSignature", "ParseWebhook must reject a webhook without a signature"},
		{"webhook-no-verify", "WebhookForgedSignature", "ParseWebhook must reject a webhook signed with a wrong secret"},
		{"webhook-plain-error", "WebhookForgedSignature", "wrapping ErrBadSignature"},
		{"webhook-updates-with-error", "WebhookTamperedBody", "ParseWebhook returned 4 updates with its error"},
		{"webhook-rejects-all", "Webhook", "ParseWebhook must accept a correctly signed webhook"},
		{"label-no-number", "ReturnLabel", "CreateReturnLabel must return a label with a tracking number"},
		{"label-wrong-carrier", "ReturnLabel", "CreateReturnLabel must return a label with a tracking number and the carrier's ID"},
		{"label-nothing", "ReturnLabel", "CreateReturnLabel must return the label itself (Data) or where to get it (URL)"},
	} {
		c, f := newSim(t)
		msgs := runCase(t, tc.cas, &broken{Carrier: c, mode: tc.mode}, f)
		if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, tc.rule) }) {
			t.Errorf("case %s did not catch mode %q: want a failure stating %q, got %q", tc.cas, tc.mode, tc.rule, msgs)
		}
	}
}

func TestConcurrentCaseCatchesInconsistentAnswers(t *testing.T) {
	t.Parallel()
	c, f := newSim(t)
	f.Concurrency = 16
	msgs := runCase(t, "TrackConcurrent", &broken{Carrier: c, mode: "flaky-under-load"}, f)
	if !slices.ContainsFunc(msgs, func(m string) bool {
		return strings.Contains(m, "Track must be safe for concurrent use and give every caller the same scans")
	}) {
		t.Errorf("TrackConcurrent accepted a carrier that drops scans at random: %q", msgs)
	}
}

func TestClaimsWithoutImplementationFail(t *testing.T) {
	t.Parallel()
	for cas, rule := range map[string]string{
		"TrackBatch":  "must implement carrier.BatchTracker",
		"Webhook":     "must implement carrier.WebhookParser",
		"ReturnLabel": "must implement carrier.ReturnLabeler",
	} {
		c, f := newSim(t)
		msgs := runCase(t, cas, plain{c}, f)
		if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, rule) }) {
			t.Errorf("case %s with a plain carrier: want %q, got %q", cas, rule, msgs)
		}
	}
	c, f := newSim(t)
	f.SignedWebhook = nil
	msgs := runCase(t, "Webhook", c, f)
	if len(msgs) == 0 || !strings.Contains(msgs[0], "needs Features.SignedWebhook") {
		t.Errorf("Webhooks without SignedWebhook: got %q", msgs)
	}
}

func TestSkips(t *testing.T) {
	t.Parallel()
	f := Features{KnownNumbers: []string{"x"}}
	for _, k := range cases() {
		reason := k.skip(f)
		switch k.name {
		case "ID", "TrackKnown", "TrackCancelledContext", "TrackConcurrent", "TrackResultsNotShared":
			if reason != "" {
				t.Errorf("case %s is skipped (%s) though it is always required", k.name, reason)
			}
		default:
			if reason == "" {
				t.Errorf("case %s runs though Features claims nothing", k.name)
			}
		}
	}
}

func TestTamper(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"n":"A19"}`: `{"n":"A29"}`,
		`{"n":"abc"}`: `{"N":"abc"}`,
		`{}`:          `{} `,
	} {
		if got := string(tamper([]byte(in))); got != want {
			t.Errorf("tamper(%s) = %s, want %s", in, got, want)
		}
	}
	if !sameNumber("1Z 999-aa1", "1Z999AA1") || sameNumber("1Z9", "1Z8") {
		t.Error("sameNumber ignores case, spaces and dashes only")
	}
	s := milestone.Scan{Time: created, Description: "x"}
	if got := scanSet(&carrier.Update{Scans: []milestone.Scan{s, s}}); len(got) != 1 {
		t.Errorf("scanSet keeps duplicates: %q", got)
	}
}
