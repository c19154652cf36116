package carriertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/milestone"
)

// Features declares what an adapter promises. Run checks every promise and
// skips the cases of what is not claimed.
type Features struct {
	// KnownNumbers are tracking numbers for which the carrier under test
	// returns at least one scan, with the same answer throughout the run
	// (serve fixtures or use a fake clock). Required: Run fails without one.
	KnownNumbers []string
	// UnknownNumber is a number the carrier does not know. Defaults to
	// empty, which skips the unknown-number cases.
	UnknownNumber string

	// Batch claims carrier.BatchTracker.
	Batch bool

	// Webhooks claims carrier.WebhookParser.
	Webhooks bool
	// SignedWebhook returns a correctly signed webhook request (headers and
	// body) that c accepts and that carries at least one update. Required
	// when Webhooks is set. The kit derives from it a tampered body and a
	// request without signature, which c must reject.
	SignedWebhook func(t testing.TB, c carrier.Carrier) (http.Header, []byte)
	// ForgedWebhook returns a webhook signed with a wrong secret, which c
	// must reject. Defaults to nil, which skips that case.
	ForgedWebhook func(t testing.TB, c carrier.Carrier) (http.Header, []byte)

	// ReturnLabels claims carrier.ReturnLabeler.
	ReturnLabels bool
	// ReturnLabelRequest is the request of the return-label case. Defaults
	// to a sample domestic return (SampleReturnLabelRequest).
	ReturnLabelRequest *carrier.ReturnLabelRequest

	// CredentialEcho returns a carrier configured with credentials of its
	// own (an API key, a client id and secret, a password), whose every
	// API request (after any token grant) is answered by api, together
	// with those credentials. The kit's api answers 400, 401, 403 and 500
	// (and 200, as carriers that report errors in a 200 do) with bodies
	// that repeat the credentials (as given, URL-encoded,
	// base64, \u-escaped in JSON, as basic-authentication pairs) and the
	// credentials the request carried (a bearer token, a key header); the
	// error of Track must contain none of them. Give the carrier no retries.
	// Defaults to nil, which skips that case.
	CredentialEcho func(t testing.TB, api http.Handler) (c carrier.Carrier, credentials []string)

	// Subscriptions claims carrier.Subscriber. The subscription cases
	// subscribe SubscribeNumber, unsubscribe it and UnknownNumber, and read
	// PushedWebhook.
	Subscriptions bool
	// SubscribeNumber is the number the subscription cases subscribe.
	// Defaults to KnownNumbers[0].
	SubscribeNumber string
	// PushedWebhook returns a correctly signed push request (headers and
	// body), as the carrier sends it for a subscribed number, carrying an
	// update of number. Required when Subscriptions is set. The kit derives
	// from it a tampered body and a request without signature, which c must
	// reject.
	PushedWebhook func(t testing.TB, c carrier.Carrier, number string) (http.Header, []byte)
	// ForgedPush returns a push for number that carries a wrong signature
	// or credential, which c must reject. Defaults to nil, which skips that
	// check.
	ForgedPush func(t testing.TB, c carrier.Carrier, number string) (http.Header, []byte)
	// PushBodyNotSigned says that the carrier authenticates its pushes
	// without a signature over the whole body: UPS Track Alert repeats a
	// credential in a header, USPS signs two fields of its envelope. A
	// changed byte outside what is signed cannot be told from the original,
	// so the kit leaves out the tampered-push and WebhookTamperedBody
	// checks. Unsigned pushes, ForgedWebhook and ForgedPush must still be
	// rejected.
	PushBodyNotSigned bool
	// SubscribeAPI returns a carrier configured for subscriptions (its
	// callback URL and push credential set) whose every API request (after
	// any token grant) is answered by api. Give it no retries. The kit's api
	// answers 401, 500 and 429 with Retry-After: 7, and Subscribe and
	// Unsubscribe must classify each. Defaults to nil, which skips that
	// case.
	SubscribeAPI func(t testing.TB, api http.Handler) carrier.Carrier

	// Concurrency is the number of goroutines of the concurrent case, each
	// tracking every known number three times: give the carrier under test
	// no client-side rate limit that refuses calls. Defaults to 8.
	Concurrency int
}

// SampleReturnLabelRequest returns the request Run uses when
// Features.ReturnLabelRequest is nil.
func SampleReturnLabelRequest() carrier.ReturnLabelRequest {
	return carrier.ReturnLabelRequest{
		Reference: "RMA-1001",
		From: carrier.Address{Name: "Alex Customer", Line1: "1 Test Street", City: "Chicago",
			PostalCode: "60601", State: "IL", Country: "US"},
		To: carrier.Address{Company: "Example Shop", Line1: "100 Warehouse Road", City: "Columbus",
			PostalCode: "43004", State: "OH", Country: "US"},
		WeightGrams: 800,
	}
}

// Run runs the conformance cases against carriers made by newCarrier, one
// fresh carrier per case, each case as a subtest named after the rule it
// checks. A failure states the violated rule. Cases for capabilities that
// f does not claim are skipped.
func Run(t *testing.T, newCarrier func(t *testing.T) carrier.Carrier, f Features) {
	t.Helper()
	if len(f.KnownNumbers) == 0 {
		t.Fatal("carriertest: Features.KnownNumbers is empty; the kit needs at least one number the carrier knows")
	}
	for _, k := range cases() {
		t.Run(k.name, func(t *testing.T) {
			if reason := k.skip(f); reason != "" {
				t.Skip(reason)
			}
			c := newCarrier(t)
			if c == nil {
				t.Fatal("carriertest: newCarrier returned nil")
			}
			k.run(t, c, f)
		})
	}
}

// testCase is one conformance case.
type testCase struct {
	name string
	// skip returns why the case does not apply to f, or "".
	skip func(f Features) string
	run  func(t testing.TB, c carrier.Carrier, f Features)
}

func always(Features) string { return "" }

func needsUnknown(f Features) string {
	if f.UnknownNumber == "" {
		return "Features.UnknownNumber is empty"
	}
	return ""
}

func needsBatch(f Features) string {
	if !f.Batch {
		return "Features.Batch not claimed"
	}
	return ""
}

func needsWebhooks(f Features) string {
	if !f.Webhooks {
		return "Features.Webhooks not claimed"
	}
	return ""
}

func needsSignedBody(f Features) string {
	if r := needsWebhooks(f); r != "" {
		return r
	}
	if f.PushBodyNotSigned {
		return "Features.PushBodyNotSigned: the carrier does not sign the whole body"
	}
	return ""
}

func needsForged(f Features) string {
	if r := needsWebhooks(f); r != "" {
		return r
	}
	if f.ForgedWebhook == nil {
		return "Features.ForgedWebhook is nil"
	}
	return ""
}

func needsLabels(f Features) string {
	if !f.ReturnLabels {
		return "Features.ReturnLabels not claimed"
	}
	return ""
}

func cases() []testCase {
	return []testCase{
		{"ID", always, testID},
		{"TrackKnown", always, testTrackKnown},
		{"TrackUnknown", needsUnknown, testTrackUnknown},
		{"TrackCancelledContext", always, testTrackCancelled},
		{"TrackConcurrent", always, testTrackConcurrent},
		{"TrackResultsNotShared", always, testTrackNotShared},
		{"TrackBatch", needsBatch, testTrackBatch},
		{"TrackBatchCancelledContext", needsBatch, testTrackBatchCancelled},
		{"Webhook", needsWebhooks, testWebhook},
		{"WebhookTamperedBody", needsSignedBody, testWebhookTampered},
		{"WebhookMissingSignature", needsWebhooks, testWebhookMissing},
		{"WebhookForgedSignature", needsForged, testWebhookForged},
		{"ReturnLabel", needsLabels, testReturnLabel},
		{"CredentialsNotEchoed", needsEcho, testCredentialsNotEchoed},
		{"SubscribeTwice", needsSubscriptions, testSubscribeTwice},
		{"UnsubscribeUnknown", needsSubscriptionsUnknown, testUnsubscribeUnknown},
		{"SubscribeUnsubscribe", needsSubscriptions, testSubscribeUnsubscribe},
		{"PushedWebhook", needsSubscriptions, testPushedWebhook},
		{"PushForgedOrUnsigned", needsSubscriptions, testPushForged},
		{"SubscribeCancelledContext", needsSubscriptions, testSubscribeCancelled},
		{"SubscribeErrorsClassified", needsSubscribeAPI, testSubscribeErrors},
	}
}

// violated reports that c broke rule.
func violated(t testing.TB, rule, format string, args ...any) {
	t.Helper()
	t.Errorf("%s\n\t%s", rule, fmt.Sprintf(format, args...))
}

// fatal reports that c broke rule and stops the case.
func fatal(t testing.TB, rule, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s\n\t%s", rule, fmt.Sprintf(format, args...))
}

// hangGuard bounds how long the kit waits for a call that must return
// promptly, so that a hung adapter fails with the rule rather than the test
// binary's timeout.
const hangGuard = 10 * time.Second

func testID(t testing.TB, c carrier.Carrier, _ Features) {
	const rule = `ID must be a non-empty lowercase id of letters, digits and underscores (such as "dhl_express")`
	id := c.ID()
	if !validID(id) {
		violated(t, rule, "ID() = %q", id)
	}
	if again := c.ID(); again != id {
		violated(t, "ID must not change between calls", "ID() = %q, then %q", id, again)
	}
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// sameNumber compares tracking numbers ignoring case, spaces and dashes, as
// carriers print them in groups.
func sameNumber(a, b string) bool {
	norm := func(s string) string {
		return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
	}
	return norm(a) == norm(b)
}

// checkUpdate checks an update the carrier returned for number (number ""
// skips the number check); what names the call for messages.
func checkUpdate(t testing.TB, c carrier.Carrier, u *carrier.Update, number, what string) {
	t.Helper()
	if u == nil {
		violated(t, what+" must return a non-nil Update with a nil error", "got a nil Update for %q", number)
		return
	}
	if number != "" && !sameNumber(u.TrackingNumber, number) {
		violated(t, what+" must set Update.TrackingNumber to the number asked for",
			"asked %q, Update.TrackingNumber = %q", number, u.TrackingNumber)
	}
	if number == "" && u.TrackingNumber == "" {
		violated(t, what+" must set Update.TrackingNumber", "an update has an empty TrackingNumber")
	}
	if u.Carrier != c.ID() {
		violated(t, what+" must set Update.Carrier to the carrier's ID", "ID() = %q, Update.Carrier = %q", c.ID(), u.Carrier)
	}
	for i, s := range u.Scans {
		if s.Time.IsZero() {
			violated(t, what+" must give every scan a non-zero Time", "%s scan %d: %+v", u.TrackingNumber, i, s)
		}
		if s.Carrier == "" {
			violated(t, what+" must give every scan a Carrier id", "%s scan %d: %+v", u.TrackingNumber, i, s)
		}
		if s.Code == "" && s.Description == "" {
			violated(t, what+" must give every scan a Code or a Description", "%s scan %d: %+v", u.TrackingNumber, i, s)
		}
	}
	if !u.EstimatedDeliveryStart.IsZero() && !u.EstimatedDelivery.IsZero() &&
		u.EstimatedDeliveryStart.After(u.EstimatedDelivery) {
		violated(t, what+" must not start the estimated window after its end",
			"EstimatedDeliveryStart %s > EstimatedDelivery %s", u.EstimatedDeliveryStart, u.EstimatedDelivery)
	}
}

// scanSet returns the distinct scans of u in a canonical order: scans may
// come in any order and repeat, so two answers are compared as sets.
func scanSet(u *carrier.Update) []string {
	if u == nil {
		return nil
	}
	out := make([]string, 0, len(u.Scans))
	for _, s := range u.Scans {
		out = append(out, scanKey(s))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func scanKey(s milestone.Scan) string {
	return fmt.Sprintf("%s|%s|%s|%q|%q|%t", s.Time.UTC().Format(time.RFC3339Nano), s.Carrier, s.Code,
		s.Description, s.Location, s.LocalTime)
}

func testTrackKnown(t testing.TB, c carrier.Carrier, f Features) {
	ctx := context.Background()
	for _, n := range f.KnownNumbers {
		u, err := c.Track(ctx, n)
		if err != nil {
			violated(t, "Track must succeed for a number in Features.KnownNumbers", "Track(%q): %v", n, err)
			continue
		}
		checkUpdate(t, c, u, n, "Track")
		if u != nil && len(u.Scans) == 0 {
			violated(t, "Track must return the scans of a known number (Features.KnownNumbers are numbers with at least one scan)",
				"Track(%q) returned no scans", n)
		}
	}
}

func testTrackUnknown(t testing.TB, c carrier.Carrier, f Features) {
	u, err := c.Track(context.Background(), f.UnknownNumber)
	if !errors.Is(err, carrier.ErrNotFound) {
		violated(t, "Track must return an error wrapping ErrNotFound for an unknown number",
			"Track(%q) = %v, %v", f.UnknownNumber, u, err)
	}
	if u != nil {
		violated(t, "Track must return a nil Update with an error", "Track(%q) returned %+v with %v", f.UnknownNumber, u, err)
	}
}

// callPromptly runs fn and waits for it at most hangGuard.
func callPromptly(t testing.TB, rule string, fn func()) bool {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
		return true
	case <-time.After(hangGuard):
		violated(t, rule, "the call had not returned after %s", hangGuard)
		return false
	}
}

func testTrackCancelled(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Track must return promptly with an error wrapping the context's error when its context is done, never a success"
	n := f.KnownNumbers[0]
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()
	for _, tc := range []struct {
		ctx  context.Context
		want error
	}{{cancelled, context.Canceled}, {expired, context.DeadlineExceeded}} {
		var (
			u   *carrier.Update
			err error
		)
		if !callPromptly(t, rule, func() { u, err = c.Track(tc.ctx, n) }) {
			continue
		}
		if err == nil || u != nil {
			violated(t, rule, "Track(%q) with a done context (%v) = %+v, %v", n, tc.want, u, err)
			continue
		}
		if !errors.Is(err, tc.want) {
			violated(t, rule, "Track(%q) with a done context: error %v does not wrap %v", n, err, tc.want)
		}
	}
}

func testTrackConcurrent(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Track must be safe for concurrent use and give every caller the same scans"
	ctx := context.Background()
	want := map[string][]string{}
	for _, n := range f.KnownNumbers {
		u, err := c.Track(ctx, n)
		if err != nil {
			fatal(t, "Track must succeed for a number in Features.KnownNumbers", "Track(%q): %v", n, err)
		}
		want[n] = scanSet(u)
	}
	workers := f.Concurrency
	if workers <= 0 {
		workers = 8
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
	)
	for g := range workers {
		wg.Go(func() {
			for i := range 3 * len(f.KnownNumbers) {
				n := f.KnownNumbers[(g+i)%len(f.KnownNumbers)]
				u, err := c.Track(ctx, n)
				msg := ""
				switch {
				case err != nil:
					msg = fmt.Sprintf("goroutine %d: Track(%q): %v", g, n, err)
				case !slices.Equal(scanSet(u), want[n]):
					msg = fmt.Sprintf("goroutine %d: Track(%q) returned %d distinct scans, sequential call %d",
						g, n, len(scanSet(u)), len(want[n]))
				case u != nil:
					// Callers own the result: touch it to let -race see sharing.
					for j := range u.Scans {
						u.Scans[j].Location = "touched by the caller"
					}
				}
				if msg != "" {
					mu.Lock()
					failures = append(failures, msg)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for _, m := range failures[:min(len(failures), 5)] {
		violated(t, rule, "%s", m)
	}
	if len(failures) > 5 {
		violated(t, rule, "... and %d more failures", len(failures)-5)
	}
}

func testTrackNotShared(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "Track must return an Update the caller owns: modifying or appending to its Scans must not change later results"
	ctx := context.Background()
	n := f.KnownNumbers[0]
	u1, err := c.Track(ctx, n)
	if err != nil || u1 == nil {
		fatal(t, "Track must succeed for a number in Features.KnownNumbers", "Track(%q): %v, %v", n, u1, err)
	}
	want := scanSet(u1)
	wantEst := u1.EstimatedDelivery
	// Overwrite every element up to the capacity, then append.
	full := u1.Scans[:cap(u1.Scans)]
	for i := range full {
		full[i] = milestone.Scan{Time: time.Unix(1, 0), Carrier: "mutated", Description: "mutated by the caller"}
	}
	u1.Scans = append(u1.Scans, milestone.Scan{Description: "appended by the caller"})
	u1.TrackingNumber = "mutated"
	u1.EstimatedDelivery = time.Unix(2, 0)

	u2, err := c.Track(ctx, n)
	if err != nil || u2 == nil {
		fatal(t, "Track must succeed for a number in Features.KnownNumbers", "second Track(%q): %v, %v", n, u2, err)
	}
	if got := scanSet(u2); !slices.Equal(got, want) {
		violated(t, rule, "after the caller modified the first result, Track(%q) returned\n\t%v\n\twant\n\t%v", n, got, want)
	}
	if !sameNumber(u2.TrackingNumber, n) || !u2.EstimatedDelivery.Equal(wantEst) {
		violated(t, rule, "after the caller modified the first result, Track(%q) returned number %q, estimate %s",
			n, u2.TrackingNumber, u2.EstimatedDelivery)
	}
}

func asBatch(t testing.TB, c carrier.Carrier) carrier.BatchTracker {
	t.Helper()
	b, ok := c.(carrier.BatchTracker)
	if !ok {
		fatal(t, "a carrier that claims Features.Batch must implement carrier.BatchTracker", "%T does not", c)
	}
	if b.MaxBatch() <= 0 {
		fatal(t, "MaxBatch must be positive", "MaxBatch() = %d", b.MaxBatch())
	}
	return b
}

func testTrackBatch(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "TrackBatch must agree with Track: one result per number, in the order given, with the same scans"
	b := asBatch(t, c)
	ctx := context.Background()
	numbers := slices.Clone(f.KnownNumbers)
	if f.UnknownNumber != "" {
		numbers = slices.Insert(numbers, len(numbers)/2, f.UnknownNumber)
	}
	numbers = numbers[:min(len(numbers), b.MaxBatch())]
	res, err := b.TrackBatch(ctx, numbers)
	if err != nil {
		fatal(t, "TrackBatch must succeed for known numbers (a per-number failure belongs in its result)",
			"TrackBatch(%q): %v", numbers, err)
	}
	if len(res) != len(numbers) {
		fatal(t, rule, "TrackBatch(%q) returned %d results for %d numbers", numbers, len(res), len(numbers))
	}
	for i, n := range numbers {
		r := res[i]
		if !sameNumber(r.TrackingNumber, n) {
			violated(t, rule, "result %d is for %q, want %q", i, r.TrackingNumber, n)
			continue
		}
		if n == f.UnknownNumber {
			if !errors.Is(r.Err, carrier.ErrNotFound) || r.Update != nil {
				violated(t, "TrackBatch must report an unknown number in its result, with an Err wrapping ErrNotFound and no Update",
					"result for %q: Update %v, Err %v", n, r.Update, r.Err)
			}
			continue
		}
		if r.Err != nil {
			violated(t, rule, "result for known number %q: %v", n, r.Err)
			continue
		}
		checkUpdate(t, c, r.Update, n, "TrackBatch")
		u, err := c.Track(ctx, n)
		if err != nil {
			violated(t, "Track must succeed for a number in Features.KnownNumbers", "Track(%q): %v", n, err)
			continue
		}
		if got, want := scanSet(r.Update), scanSet(u); !slices.Equal(got, want) {
			violated(t, rule, "TrackBatch gave %q %d distinct scans, Track %d:\n\tbatch %v\n\ttrack %v",
				n, len(got), len(want), got, want)
		}
		if r.Update != nil && !r.Update.EstimatedDelivery.Equal(u.EstimatedDelivery) {
			violated(t, rule, "TrackBatch estimate for %q is %s, Track's %s", n, r.Update.EstimatedDelivery, u.EstimatedDelivery)
		}
	}
}

func testTrackBatchCancelled(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "TrackBatch must return promptly without any success when its context is done"
	b := asBatch(t, c)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	numbers := f.KnownNumbers[:min(len(f.KnownNumbers), b.MaxBatch())]
	var (
		res []carrier.TrackResult
		err error
	)
	if !callPromptly(t, rule, func() { res, err = b.TrackBatch(ctx, numbers) }) {
		return
	}
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			violated(t, rule, "TrackBatch error %v does not wrap context.Canceled", err)
		}
		return
	}
	for _, r := range res {
		if r.Err == nil || r.Update != nil {
			violated(t, rule, "result for %q: Update %v, Err %v", r.TrackingNumber, r.Update, r.Err)
		}
	}
}

func asParser(t testing.TB, c carrier.Carrier, f Features) carrier.WebhookParser {
	t.Helper()
	p, ok := c.(carrier.WebhookParser)
	if !ok {
		fatal(t, "a carrier that claims Features.Webhooks must implement carrier.WebhookParser", "%T does not", c)
	}
	if f.SignedWebhook == nil {
		t.Fatal("carriertest: Features.Webhooks needs Features.SignedWebhook")
	}
	return p
}

func testWebhook(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "ParseWebhook must accept a correctly signed webhook and return its updates"
	p := asParser(t, c, f)
	h, body := f.SignedWebhook(t, c)
	ups, err := p.ParseWebhook(context.Background(), h.Clone(), bytes.Clone(body))
	if err != nil {
		fatal(t, rule, "ParseWebhook: %v", err)
	}
	if len(ups) == 0 {
		fatal(t, rule, "ParseWebhook returned no updates (Features.SignedWebhook must carry at least one)")
	}
	for _, u := range ups {
		checkUpdate(t, c, u, "", "ParseWebhook")
	}
}

// tamper changes one character of body without breaking its syntax: the
// first digit becomes another digit, else the first letter changes case,
// else a space is appended.
func tamper(body []byte) []byte {
	out := bytes.Clone(body)
	for i, b := range out {
		if b >= '0' && b <= '9' {
			out[i] = '0' + (b-'0'+1)%10
			return out
		}
	}
	for i, b := range out {
		switch {
		case b >= 'a' && b <= 'z':
			out[i] = b - 'a' + 'A'
			return out
		case b >= 'A' && b <= 'Z':
			out[i] = b - 'A' + 'a'
			return out
		}
	}
	return append(out, ' ')
}

func expectRejected(t testing.TB, rule string, p carrier.WebhookParser, h http.Header, body []byte) {
	t.Helper()
	ups, err := p.ParseWebhook(context.Background(), h, body)
	if !errors.Is(err, carrier.ErrBadSignature) {
		violated(t, rule, "ParseWebhook = %d updates, %v; want an error wrapping ErrBadSignature", len(ups), err)
	}
	if len(ups) != 0 {
		violated(t, rule, "ParseWebhook returned %d updates with its error", len(ups))
	}
}

func testWebhookTampered(t testing.TB, c carrier.Carrier, f Features) {
	p := asParser(t, c, f)
	h, body := f.SignedWebhook(t, c)
	expectRejected(t, "ParseWebhook must reject a body that does not match its signature with an error wrapping ErrBadSignature and no updates",
		p, h.Clone(), tamper(body))
}

func testWebhookMissing(t testing.TB, c carrier.Carrier, f Features) {
	p := asParser(t, c, f)
	h, body := f.SignedWebhook(t, c)
	bare := http.Header{}
	if ct := h.Get("Content-Type"); ct != "" {
		bare.Set("Content-Type", ct)
	}
	expectRejected(t, "ParseWebhook must reject a webhook without a signature with an error wrapping ErrBadSignature and no updates",
		p, bare, body)
}

func testWebhookForged(t testing.TB, c carrier.Carrier, f Features) {
	p := asParser(t, c, f)
	h, body := f.ForgedWebhook(t, c)
	expectRejected(t, "ParseWebhook must reject a webhook signed with a wrong secret with an error wrapping ErrBadSignature and no updates",
		p, h, body)
}

func testReturnLabel(t testing.TB, c carrier.Carrier, f Features) {
	const rule = "CreateReturnLabel must return a label with a tracking number and the carrier's ID"
	l, ok := c.(carrier.ReturnLabeler)
	if !ok {
		fatal(t, "a carrier that claims Features.ReturnLabels must implement carrier.ReturnLabeler", "%T does not", c)
	}
	req := SampleReturnLabelRequest()
	if f.ReturnLabelRequest != nil {
		req = *f.ReturnLabelRequest
	}
	ctx := context.Background()
	label, err := l.CreateReturnLabel(ctx, req)
	if err != nil || label == nil {
		fatal(t, rule, "CreateReturnLabel: %v, %v", label, err)
	}
	if label.TrackingNumber == "" {
		violated(t, rule, "the label has no TrackingNumber")
	}
	if label.Carrier != c.ID() {
		violated(t, rule, "label Carrier %q, ID() %q", label.Carrier, c.ID())
	}
	if label.URL == "" && len(label.Data) == 0 {
		violated(t, "CreateReturnLabel must return the label itself (Data) or where to get it (URL)", "both are empty")
	}
}
