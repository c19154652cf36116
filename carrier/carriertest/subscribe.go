package carriertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
)

// subscribeNumber is the number the subscription cases subscribe.
func subscribeNumber(f Features) string {
	if f.SubscribeNumber != "" {
		return f.SubscribeNumber
	}
	return f.KnownNumbers[0]
}

func needsSubscriptions(f Features) string {
	if !f.Subscriptions {
		return "Features.Subscriptions not claimed"
	}
	return ""
}

func needsSubscriptionsUnknown(f Features) string {
	if r := needsSubscriptions(f); r != "" {
		return r
	}
	return needsUnknown(f)
}

func needsSubscribeAPI(f Features) string {
	if r := needsSubscriptions(f); r != "" {
		return r
	}
	if f.SubscribeAPI == nil {
		return "Features.SubscribeAPI is nil"
	}
	return ""
}

func asSubscriber(t testing.TB, c carrier.Carrier) carrier.Subscriber {
	t.Helper()
	s, ok := c.(carrier.Subscriber)
	if !ok {
		fatal(t, "a carrier that claims Features.Subscriptions must implement carrier.Subscriber", "%T does not", c)
	}
	return s
}

// pushedWebhook returns Features.PushedWebhook's request for number.
func pushedWebhook(t testing.TB, c carrier.Carrier, f Features, number string) (http.Header, []byte) {
	t.Helper()
	if f.PushedWebhook == nil {
		t.Fatal("carriertest: Features.Subscriptions needs Features.PushedWebhook")
	}
	return f.PushedWebhook(t, c, number)
}

// subscribed checks one successful Subscribe result.
func subscribed(t testing.TB, c carrier.Carrier, n string, s *carrier.Subscription, err error, what string) bool {
	t.Helper()
	const rule = "Subscribe must succeed for a number the carrier knows and return a Subscription naming the carrier and the number"
	if err != nil || s == nil {
		violated(t, rule, "%s Subscribe(%q) = %+v, %v", what, n, s, err)
		return false
	}
	if s.Carrier != c.ID() {
		violated(t, rule, "%s Subscription.Carrier = %q, ID() = %q", what, s.Carrier, c.ID())
	}
	if !sameNumber(s.TrackingNumber, n) {
		violated(t, rule, "%s Subscription.TrackingNumber = %q, subscribed %q", what, s.TrackingNumber, n)
	}
	if s.Update != nil {
		checkUpdate(t, c, s.Update, n, "Subscribe (its Subscription.Update)")
	}
	return true
}

func testSubscribeTwice(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Subscribe must be idempotent: subscribing a subscribed number again succeeds and names the same subscription"
	s := asSubscriber(t, c)
	n := subscribeNumber(f)
	ctx := context.Background()
	first, err := s.Subscribe(ctx, n)
	if !subscribed(t, c, n, first, err, "first") {
		return
	}
	second, err := s.Subscribe(ctx, n)
	if err != nil || second == nil {
		fatal(t, rule, "second Subscribe(%q) = %+v, %v", n, second, err)
	}
	subscribed(t, c, n, second, nil, "second")
	if first.ID != "" && second.ID != "" && first.ID != second.ID {
		violated(t, rule, "first Subscribe gave subscription %q, the second %q: two subscriptions for one number", first.ID, second.ID)
	}
}

func testUnsubscribeUnknown(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Unsubscribe of a number that is not subscribed must succeed (or wrap errors.ErrUnsupported where the carrier cannot stop pushes)"
	s := asSubscriber(t, c)
	if err := s.Unsubscribe(context.Background(), f.UnknownNumber); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		violated(t, rule, "Unsubscribe(%q) = %v", f.UnknownNumber, err)
	}
}

func testSubscribeUnsubscribe(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Unsubscribe must be idempotent: unsubscribing a subscribed number succeeds, and so does a second Unsubscribe (or both wrap errors.ErrUnsupported)"
	s := asSubscriber(t, c)
	n := subscribeNumber(f)
	ctx := context.Background()
	sub, err := s.Subscribe(ctx, n)
	if !subscribed(t, c, n, sub, err, "") {
		return
	}
	err1 := s.Unsubscribe(ctx, n)
	err2 := s.Unsubscribe(ctx, n)
	unsupported := errors.Is(err1, errors.ErrUnsupported)
	for i, err := range []error{err1, err2} {
		switch {
		case err == nil && !unsupported:
		case unsupported && errors.Is(err, errors.ErrUnsupported):
		default:
			violated(t, rule, "Unsubscribe(%q) call %d = %v (first call: %v)", n, i+1, err, err1)
		}
	}
	if unsupported && carrier.IsTemporary(err1) {
		violated(t, "an Unsubscribe that wraps errors.ErrUnsupported must not be temporary: retrying cannot help", "Unsubscribe(%q) = %v", n, err1)
	}
	again, err := s.Subscribe(ctx, n)
	subscribed(t, c, n, again, err, "Subscribe after Unsubscribe:")
}

func testPushedWebhook(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "ParseWebhook must accept a push for a subscribed number and return an update of that number"
	s := asSubscriber(t, c)
	n := subscribeNumber(f)
	ctx := context.Background()
	sub, err := s.Subscribe(ctx, n)
	if !subscribed(t, c, n, sub, err, "") {
		return
	}
	h, body := pushedWebhook(t, c, f, n)
	ups, err := s.ParseWebhook(ctx, h.Clone(), bytes.Clone(body))
	if err != nil {
		fatal(t, rule, "ParseWebhook of the push for %q: %v", n, err)
	}
	found := false
	for _, u := range ups {
		checkUpdate(t, c, u, "", "ParseWebhook")
		if u != nil && sameNumber(u.TrackingNumber, n) {
			found = true
		}
	}
	if !found {
		violated(t, rule, "the push for %q gave %d updates, none of that number", n, len(ups))
	}
}

func testPushForged(t testing.TB, c carrier.Carrier, f Features) {
	s := asSubscriber(t, c)
	n := subscribeNumber(f)
	h, body := pushedWebhook(t, c, f, n)
	if !f.PushBodyNotSigned {
		expectRejected(t, "ParseWebhook must reject a push whose body does not match its signature with an error wrapping ErrBadSignature and no updates",
			s, h.Clone(), tamper(body))
	}
	if f.ForgedPush != nil {
		fh, fbody := f.ForgedPush(t, c, n)
		expectRejected(t, "ParseWebhook must reject a push with a wrong signature or credential with an error wrapping ErrBadSignature and no updates",
			s, fh, fbody)
	}
	bare := http.Header{}
	if ct := h.Get("Content-Type"); ct != "" {
		bare.Set("Content-Type", ct)
	}
	expectRejected(t, "ParseWebhook must reject an unsigned push with an error wrapping ErrBadSignature and no updates",
		s, bare, bytes.Clone(body))
}

func testSubscribeCancelled(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Subscribe and Unsubscribe must return promptly with an error wrapping the context's error when their context is done, never a success"
	s := asSubscriber(t, c)
	n := subscribeNumber(f)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var (
		sub  *carrier.Subscription
		err  error
		uerr error
	)
	if !callPromptly(t, rule, func() { sub, err = s.Subscribe(ctx, n) }) {
		return
	}
	if err == nil || sub != nil || !errors.Is(err, context.Canceled) {
		violated(t, rule, "Subscribe(%q) with a cancelled context = %+v, %v", n, sub, err)
	}
	if !callPromptly(t, rule, func() { uerr = s.Unsubscribe(ctx, n) }) {
		return
	}
	if !errors.Is(uerr, context.Canceled) && !errors.Is(uerr, errors.ErrUnsupported) {
		violated(t, rule, "Unsubscribe(%q) with a cancelled context = %v", n, uerr)
	}
}

// classifyStatuses are the answers of the SubscribeErrorsClassified case and
// what the error of Subscribe must be for each.
var classifyStatuses = []struct {
	status     int
	retryAfter string
	rule       string
	check      func(err error) bool
}{
	{http.StatusUnauthorized, "",
		"Subscribe must return an error wrapping ErrUnauthorized, not temporary, when the carrier rejects the account (401)",
		func(err error) bool { return errors.Is(err, carrier.ErrUnauthorized) && !carrier.IsTemporary(err) }},
	{http.StatusInternalServerError, "",
		"Subscribe must return a temporary error (carrier.IsTemporary) when the carrier fails (500)",
		carrier.IsTemporary},
	{http.StatusTooManyRequests, "7",
		"Subscribe must return an error holding a *carrier.RateLimitError with the Retry-After when the carrier answers 429",
		func(err error) bool {
			rl, ok := errors.AsType[*carrier.RateLimitError](err)
			return ok && rl.RetryAfter == 7*time.Second && carrier.IsTemporary(err)
		}},
}

// statusAPI answers every request with one status, a JSON error body and an
// optional Retry-After.
func statusAPI(status int, retryAfter string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"error":%q,"status":%d}`, http.StatusText(status), status)
	})
}

func testSubscribeErrors(t testing.TB, _ carrier.Carrier, f Features) {
	n := subscribeNumber(f)
	for _, tc := range classifyStatuses {
		c := f.SubscribeAPI(t, statusAPI(tc.status, tc.retryAfter))
		if c == nil {
			t.Fatal("carriertest: Features.SubscribeAPI returned nil")
		}
		s := asSubscriber(t, c)
		sub, err := s.Subscribe(context.Background(), n)
		if err == nil || sub != nil || !tc.check(err) {
			violated(t, tc.rule, "HTTP %d: Subscribe(%q) = %+v, %v", tc.status, n, sub, err)
		}
		uerr := s.Unsubscribe(context.Background(), n)
		if errors.Is(uerr, errors.ErrUnsupported) {
			continue
		}
		if uerr == nil || !tc.check(uerr) {
			violated(t, "Unsubscribe's errors must be classified as Subscribe's: "+tc.rule, "HTTP %d: Unsubscribe(%q) = %v", tc.status, n, uerr)
		}
	}
}
