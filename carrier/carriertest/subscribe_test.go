package carriertest

// These tests prove that the subscription cases can fail: each runs against
// a small push carrier that breaks one rule.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
)

var pushSecret = []byte("push-secret-1")

// pusher is a carrier that pushes: it keeps its subscriptions in a map and
// signs pushes with carrier.Sign. mode names the rule it breaks, if any.
type pusher struct {
	mode string
	api  string // when set, Subscribe and Unsubscribe call this URL

	mu   sync.Mutex
	subs map[string]string // number -> subscription id
	next int
}

func (p *pusher) ID() string { return "fake_push" }

func (p *pusher) Track(ctx context.Context, n string) (*carrier.Update, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(n, "P") {
		return nil, fmt.Errorf("fake_push: %s: %w", n, carrier.ErrNotFound)
	}
	return p.update(n), nil
}

func (p *pusher) update(n string) *carrier.Update {
	return &carrier.Update{Carrier: p.ID(), TrackingNumber: n, Scans: []milestone.Scan{
		{Time: created, Carrier: p.ID(), Code: "DL", Description: "Delivered"},
	}}
}

func (p *pusher) ParseWebhook(_ context.Context, h http.Header, body []byte) ([]*carrier.Update, error) {
	switch p.mode {
	case "push-no-verify":
	case "credential-only":
		if h.Get(carrier.SignatureHeader) != string(pushSecret) {
			return nil, fmt.Errorf("wrong credential: %w", carrier.ErrBadSignature)
		}
	case "push-accepts-any-credential":
		if h.Get(carrier.SignatureHeader) == "" {
			return nil, carrier.ErrNotSigned
		}
	default:
		if err := carrier.Verify(body, h.Get(carrier.SignatureHeader), [][]byte{pushSecret}, -1, created); err != nil {
			return nil, err
		}
	}
	var w struct{ Number string }
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", carrier.ErrMalformed, err)
	}
	if p.mode == "push-other-number" {
		w.Number += "X"
	}
	return []*carrier.Update{p.update(w.Number)}, nil
}

// call asks the fake API, when there is one, and classifies its answer.
func (p *pusher) call(ctx context.Context) error {
	if p.api == "" {
		return ctx.Err()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.api, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return carrier.Temporary(err)
	}
	resp.Body.Close()
	if p.mode == "unclassified" && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized:
		return carrier.ErrUnauthorized
	case code == http.StatusTooManyRequests:
		ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return &carrier.RateLimitError{Carrier: p.ID(), RetryAfter: time.Duration(ra) * time.Second}
	case code >= 500:
		return carrier.Temporary(fmt.Errorf("HTTP %d", code))
	}
	return nil
}

func (p *pusher) Subscribe(ctx context.Context, n string) (*carrier.Subscription, error) {
	if p.mode == "ignores-context" {
		ctx = context.Background()
	}
	if err := p.call(ctx); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	id, ok := p.subs[n]
	if !ok || p.mode == "new-id-each-time" {
		p.next++
		id = fmt.Sprint("sub_", p.next)
		if p.subs == nil {
			p.subs = map[string]string{}
		}
		p.subs[n] = id
	}
	return &carrier.Subscription{Carrier: p.ID(), TrackingNumber: n, ID: id}, nil
}

func (p *pusher) Unsubscribe(ctx context.Context, n string) error {
	if p.mode == "unsubscribe-unsupported-temporary" {
		return carrier.Temporary(fmt.Errorf("fake_push: %w", errors.ErrUnsupported))
	}
	if err := p.call(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.subs[n]; !ok && p.mode == "unsubscribe-unknown-fails" {
		return fmt.Errorf("fake_push: %s is not subscribed: %w", n, carrier.ErrNotFound)
	}
	delete(p.subs, n)
	return nil
}

func pushFeatures(mode string) Features {
	return Features{
		KnownNumbers:  []string{"P1", "P2"},
		UnknownNumber: "UNKNOWN",
		Subscriptions: true,
		PushedWebhook: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			body := []byte(`{"Number":"` + n + `"}`)
			h := http.Header{}
			h.Set(carrier.SignatureHeader, carrier.Sign(created, body, pushSecret))
			return h, body
		},
		ForgedPush: func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
			body := []byte(`{"Number":"` + n + `"}`)
			h := http.Header{}
			h.Set(carrier.SignatureHeader, carrier.Sign(created, body, []byte("forger-secret")))
			return h, body
		},
		SubscribeAPI: func(t testing.TB, api http.Handler) carrier.Carrier {
			srv := httptest.NewServer(api)
			t.Cleanup(srv.Close)
			return &pusher{mode: mode, api: srv.URL}
		},
	}
}

func TestPusherPassesSubscriptionCases(t *testing.T) {
	t.Parallel()
	f := pushFeatures("")
	ran := 0
	for _, k := range cases() {
		if k.skip(f) != "" {
			continue
		}
		ran++
		if msgs := runCase(t, k.name, &pusher{}, f); len(msgs) > 0 {
			t.Errorf("case %s failed a conforming push carrier: %q", k.name, msgs)
		}
	}
	if ran < 7+4 { // the seven subscription cases and the Track cases
		t.Errorf("only %d cases ran", ran)
	}
}

func TestSubscriptionCasesCatchViolations(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ mode, cas, rule string }{
		{"new-id-each-time", "SubscribeTwice", "Subscribe must be idempotent"},
		{"unsubscribe-unknown-fails", "UnsubscribeUnknown", "Unsubscribe of a number that is not subscribed must succeed"},
		{"unsubscribe-unknown-fails", "SubscribeUnsubscribe", "Unsubscribe must be idempotent"},
		{"unsubscribe-unsupported-temporary", "SubscribeUnsubscribe", "must not be temporary"},
		{"push-other-number", "PushedWebhook", "ParseWebhook must accept a push for a subscribed number and return an update of that number"},
		{"push-no-verify", "PushForgedOrUnsigned", "ParseWebhook must reject a push whose body does not match its signature"},
		{"push-no-verify", "PushForgedOrUnsigned", "ParseWebhook must reject an unsigned push"},
		{"push-accepts-any-credential", "PushForgedOrUnsigned", "ParseWebhook must reject a push with a wrong signature or credential"},
		{"ignores-context", "SubscribeCancelledContext", "Subscribe and Unsubscribe must return promptly with an error wrapping the context's error"},
		{"unclassified", "SubscribeErrorsClassified", "wrapping ErrUnauthorized"},
		{"unclassified", "SubscribeErrorsClassified", "temporary error"},
		{"unclassified", "SubscribeErrorsClassified", "*carrier.RateLimitError"},
	} {
		f := pushFeatures(tc.mode)
		msgs := runCase(t, tc.cas, &pusher{mode: tc.mode}, f)
		if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, tc.rule) }) {
			t.Errorf("case %s did not catch mode %q: want a failure stating %q, got %q", tc.cas, tc.mode, tc.rule, msgs)
		}
	}
}

func TestSubscriptionClaimWithoutImplementationFails(t *testing.T) {
	t.Parallel()
	c, _ := newSim(t)
	msgs := runCase(t, "SubscribeTwice", plain{c}, pushFeatures(""))
	if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "must implement carrier.Subscriber") }) {
		t.Errorf("a plain carrier claiming Subscriptions: %q", msgs)
	}
	f := pushFeatures("")
	f.PushedWebhook = nil
	msgs = runCase(t, "PushedWebhook", &pusher{}, f)
	if len(msgs) == 0 || !strings.Contains(msgs[0], "needs Features.PushedWebhook") {
		t.Errorf("Subscriptions without PushedWebhook: %q", msgs)
	}
}

// TestPushBodyNotSigned: a carrier that authenticates pushes by a credential
// alone fails the tampered-push check unless it declares
// Features.PushBodyNotSigned, and then still has its forged pushes checked.
func TestPushBodyNotSigned(t *testing.T) {
	t.Parallel()
	f := pushFeatures("credential-only")
	f.PushedWebhook = func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
		h := http.Header{}
		h.Set(carrier.SignatureHeader, string(pushSecret))
		return h, []byte(`{"Number":"` + n + `"}`)
	}
	f.ForgedPush = func(t testing.TB, _ carrier.Carrier, n string) (http.Header, []byte) {
		h := http.Header{}
		h.Set(carrier.SignatureHeader, "a guess")
		return h, []byte(`{"Number":"` + n + `"}`)
	}
	msgs := runCase(t, "PushForgedOrUnsigned", &pusher{mode: "credential-only"}, f)
	if !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "does not match its signature") }) {
		t.Errorf("an unsigned body passed the tampered-push check: %q", msgs)
	}
	f.PushBodyNotSigned = true
	if msgs := runCase(t, "PushForgedOrUnsigned", &pusher{mode: "credential-only"}, f); len(msgs) > 0 {
		t.Errorf("with PushBodyNotSigned: %q", msgs)
	}
	f.Webhooks = true
	if reason := needsSignedBody(f); !strings.Contains(reason, "PushBodyNotSigned") {
		t.Errorf("WebhookTamperedBody for a carrier that declares PushBodyNotSigned: skip reason %q", reason)
	}
	f.PushBodyNotSigned = false
	if reason := needsSignedBody(f); reason != "" {
		t.Errorf("WebhookTamperedBody skipped for a carrier that signs its bodies: %q", reason)
	}
}
