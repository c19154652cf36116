package ups

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// UPS Track Alert: subscriptions of 1Z numbers whose events UPS pushes to
// the host's URL for 14 days.
const (
	alertPath = "/api/track/v1/subscription/standard/package"
	// AlertValidity is how long a Track Alert subscription lasts: UPS
	// pushes a number's events for 14 days after it is subscribed.
	AlertValidity = 14 * 24 * time.Hour
	// CredentialHeader is the header in which UPS repeats, on every push,
	// the credential the subscription gave it.
	CredentialHeader = "credential"
	// maxAlertBytes caps a push body; one event is well under a kilobyte.
	maxAlertBytes = 64 << 10
)

// alertNumber is the form of number Track Alert takes: 1Z and 16 letters or
// digits.
var alertNumber = regexp.MustCompile(`^1Z[0-9A-Z]{16}$`)

// checkAlert validates the Track Alert fields of cfg.
func checkAlert(cfg Config) error {
	if err := kit.CheckWebhookSecrets("ups: Config.AlertSecrets", cfg.AlertSecrets...); err != nil {
		return err
	}
	if cfg.AlertURL == "" {
		return nil
	}
	if len(cfg.AlertSecrets) == 0 {
		return errors.New("ups: Config.AlertURL needs Config.AlertSecrets, the credential UPS repeats on each push")
	}
	if !strings.HasPrefix(cfg.AlertURL, "https://") && !strings.HasPrefix(cfg.AlertURL, "http://") {
		return fmt.Errorf("ups: Config.AlertURL %q is not an absolute http(s) URL", cfg.AlertURL)
	}
	return nil
}

// alertRequest is the documented TrackSubsServiceRequest.
type alertRequest struct {
	Locale             string   `json:"locale"`
	CountryCode        string   `json:"countryCode"`
	TrackingNumberList []string `json:"trackingNumberList"`
	Destination        struct {
		URL            string `json:"url"`
		CredentialType string `json:"credentialType"`
		Credential     string `json:"credential"`
	} `json:"destination"`
}

// alertResponse is the documented TrackSubsServiceResponse, and the error
// answer (TrackSubsServiceErrorResponse, or a bare errors list).
type alertResponse struct {
	ValidTrackingNumbers   []string `json:"validTrackingNumbers"`
	InvalidTrackingNumbers []string `json:"invalidTrackingNumbers"`
	Response               *struct {
		Errors []apiMessage `json:"errors"`
	} `json:"response"`
	Errors []apiMessage `json:"errors"`
}

// Subscribe subscribes trackingNumber to UPS Track Alert (POST
// /api/track/v1/subscription/standard/package): for AlertValidity UPS pushes
// each of the package's events to Config.AlertURL with the credential
// Config.AlertSecrets[0] in the credential header. Subscribing again starts
// the 14 days anew, so Subscribe is idempotent and the Subscription's
// ExpiresAt is AlertValidity from now. Track Alert takes 1Z numbers only:
// another number, or one UPS lists as invalid, gives an error wrapping
// carrier.ErrNotFound. Without Config.AlertURL the error wraps
// errors.ErrUnsupported.
func (c *Carrier) Subscribe(ctx context.Context, trackingNumber string) (_ *carrier.Subscription, resultErr error) {
	defer func() { resultErr = c.client.Redact(resultErr) }()
	if c.cfg.AlertURL == "" {
		return nil, fmt.Errorf("ups: Config.AlertURL is not set, so Track Alert cannot push: %w", errors.ErrUnsupported)
	}
	n, err := normalize(trackingNumber)
	if err != nil {
		return nil, err
	}
	if !alertNumber.MatchString(n) {
		return nil, carrier.Permanent(fmt.Errorf("ups: subscribe %s: Track Alert takes 1Z numbers only: %w", n, carrier.ErrNotFound))
	}
	req := alertRequest{Locale: c.cfg.Locale, CountryCode: "US", TrackingNumberList: []string{n}}
	if _, cc, ok := strings.Cut(c.cfg.Locale, "_"); ok && len(cc) == 2 {
		req.CountryCode = cc
	}
	req.Destination.URL = c.cfg.AlertURL
	req.Destination.CredentialType = "Bearer"
	req.Destination.Credential = c.cfg.AlertSecrets[0]
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp, err := c.client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		r, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+alertPath, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", "application/json")
		r.Header.Set("transId", rand.Text())
		r.Header.Set("transactionSrc", c.cfg.TransactionSource)
		return r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("ups: subscribe %s: %w", n, err)
	}
	var ar alertResponse
	jsonErr := json.Unmarshal(resp.Body, &ar)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, alertError(n, resp, ar)
	}
	if jsonErr != nil {
		return nil, fmt.Errorf("ups: subscribe %s: %w: %v", n, carrier.ErrMalformed, jsonErr)
	}
	for _, v := range ar.ValidTrackingNumbers {
		if strings.EqualFold(strings.TrimSpace(v), n) {
			return &carrier.Subscription{Carrier: ID, TrackingNumber: trackingNumber, ExpiresAt: c.now().Add(AlertValidity)}, nil
		}
	}
	for _, v := range ar.InvalidTrackingNumbers {
		if strings.EqualFold(strings.TrimSpace(v), n) {
			return nil, carrier.Permanent(fmt.Errorf("ups: subscribe %s: Track Alert lists the number as invalid: %w", n, carrier.ErrNotFound))
		}
	}
	return nil, fmt.Errorf("ups: subscribe %s: %w: the answer lists the number neither valid nor invalid", n, carrier.ErrMalformed)
}

// alertError classifies a non-2xx answer of Track Alert: a 400 that rejects
// the numbers (VSS210, VSS215) is carrier.ErrNotFound, the other VSS codes
// permanent; 401, 403, 429 and 5xx as kit.StatusError says.
func alertError(n string, resp *kit.Response, ar alertResponse) error {
	msgs := ar.Errors
	if ar.Response != nil {
		msgs = append(msgs, ar.Response.Errors...)
	}
	if resp.StatusCode == http.StatusBadRequest && len(msgs) > 0 {
		notFound := false
		parts := make([]string, 0, len(msgs))
		for _, m := range msgs {
			code := strings.TrimSpace(m.Code)
			notFound = notFound || code == "VSS210" || code == "VSS215"
			parts = append(parts, strings.TrimSpace(code+" "+m.Message))
		}
		return kit.APIError("ups: subscribe "+n, notFound, parts)
	}
	return fmt.Errorf("ups: subscribe %s: %w", n, kit.StatusError(ID, resp))
}

// errNoUnsubscribe is what Unsubscribe returns.
var errNoUnsubscribe = fmt.Errorf("ups: Track Alert has no call to end a subscription, which ends %s after it began: %w",
	AlertValidity, errors.ErrUnsupported)

// Unsubscribe returns an error wrapping errors.ErrUnsupported: Track Alert
// cannot end a subscription, which ends on its own AlertValidity after it
// began (see Subscription.ExpiresAt).
func (c *Carrier) Unsubscribe(context.Context, string) error { return errNoUnsubscribe }

func (c *Carrier) now() time.Time {
	if c.cfg.Now != nil {
		return c.cfg.Now()
	}
	return time.Now()
}

// alertEvent is the documented TrackingEventRequest, one event of a push.
type alertEvent struct {
	TrackingNumber    string `json:"trackingNumber"`
	LocalActivityDate string `json:"localActivityDate"`
	LocalActivityTime string `json:"localActivityTime"`
	GMTActivityDate   string `json:"gmtActivityDate"`
	GMTActivityTime   string `json:"gmtActivityTime"`
	ActivityLocation  *struct {
		City          string `json:"city"`
		StateProvince string `json:"stateProvince"`
		PostalCode    string `json:"postalCode"`
		Country       string `json:"country"`
	} `json:"activityLocation"`
	ActivityStatus *struct {
		Type            string `json:"type"`
		Code            string `json:"code"`
		Description     string `json:"description"`
		DescriptionCode string `json:"descriptionCode"`
	} `json:"activityStatus"`
	ScheduledDeliveryDate string `json:"scheduledDeliveryDate"`
	ActualDeliveryDate    string `json:"actualDeliveryDate"`
	DeliveryStartTime     string `json:"deliveryStartTime"`
	DeliveryEndTime       string `json:"deliveryEndTime"`
}

// ParseWebhook authenticates and reads a UPS Track Alert push: one event of
// one package. Track Alert signs nothing; it repeats the credential of the
// subscription in the credential header, which must equal one of
// Config.AlertSecrets (compared in constant time) before the body is read.
// A push without it gives an error wrapping carrier.ErrNotSigned, a wrong
// one carrier.ErrBadSignature, and no update. The credential proves the
// sender, not the body: keep Config.AlertURL on https.
//
// The event becomes one scan: Code as for Track ([Code] of the status type
// and code, "I_OR", "D_FS"), the local date and time in the zone the GMT
// date and time reveal (LocalTime when UPS gives no GMT time), and the
// scheduled delivery date and window as the estimate until the package is
// delivered.
func (c *Carrier) ParseWebhook(_ context.Context, header http.Header, body []byte) ([]*carrier.Update, error) {
	if len(body) > maxAlertBytes {
		return nil, fmt.Errorf("ups: push body of %d bytes: %w", len(body), carrier.ErrBodyTooLarge)
	}
	if err := c.checkCredential(header.Get(CredentialHeader)); err != nil {
		return nil, fmt.Errorf("ups: push: %w", err)
	}
	var e alertEvent
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, fmt.Errorf("ups: push: %w: %v", carrier.ErrMalformed, err)
	}
	u, err := e.update()
	if err != nil {
		return nil, err
	}
	return []*carrier.Update{u}, nil
}

func (c *Carrier) checkCredential(got string) error {
	got = strings.TrimSpace(got)
	if got == "" {
		return carrier.ErrNotSigned
	}
	tried := 0
	for _, s := range c.cfg.AlertSecrets {
		if s == "" {
			continue
		}
		tried++
		if subtle.ConstantTimeCompare([]byte(got), []byte(s)) == 1 {
			return nil
		}
	}
	if tried == 0 {
		return fmt.Errorf("%w: no Config.AlertSecrets configured", carrier.ErrBadSignature)
	}
	return fmt.Errorf("%w: the credential matches no Config.AlertSecrets", carrier.ErrBadSignature)
}

// update converts one pushed event.
func (e alertEvent) update() (*carrier.Update, error) {
	n := strings.ToUpper(strings.TrimSpace(e.TrackingNumber))
	if n == "" {
		return nil, fmt.Errorf("ups: push: %w: no trackingNumber", carrier.ErrMalformed)
	}
	at, local, ok := e.time()
	if !ok {
		return nil, fmt.Errorf("ups: push %s: %w: no readable activity date and time", n, carrier.ErrMalformed)
	}
	s := milestone.Scan{Time: at, LocalTime: local, Carrier: ID}
	if st := e.ActivityStatus; st != nil {
		s.Code = Code(st.Type, st.Code)
		s.Description = strings.TrimSpace(st.Description)
	}
	if s.Code == "" && s.Description == "" {
		return nil, fmt.Errorf("ups: push %s: %w: an event without status", n, carrier.ErrMalformed)
	}
	if l := e.ActivityLocation; l != nil {
		s.Location = kit.JoinLocation(l.City, l.StateProvince, l.Country)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n, Scans: []milestone.Scan{s}}
	if strings.TrimSpace(e.ActualDeliveryDate) == "" {
		u.EstimatedDeliveryStart, u.EstimatedDelivery = e.estimate()
	}
	return u, nil
}

// time reads the local wall clock, in the fixed zone that the difference to
// the GMT date and time gives (rounded to a quarter hour); without a GMT
// time it is a local wall clock (LocalTime), without a local one the GMT
// time.
func (e alertEvent) time() (t time.Time, local, ok bool) {
	wall := func(date, clock string) (time.Time, bool) {
		y, mo, d, ok1 := ymd(date)
		h, mi, s, ok2 := hms(clock)
		if !ok1 || !ok2 {
			return time.Time{}, false
		}
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC), true
	}
	lt, lok := wall(e.LocalActivityDate, e.LocalActivityTime)
	gt, gok := wall(e.GMTActivityDate, e.GMTActivityTime)
	switch {
	case lok && gok:
		off := lt.Sub(gt).Round(15 * time.Minute)
		if off < -14*time.Hour || off > 14*time.Hour {
			return lt, true, true // the two disagree: keep the wall clock
		}
		return gt.In(time.FixedZone("", int(off/time.Second))), false, true
	case lok:
		return lt, true, true
	case gok:
		return gt, false, true
	}
	return time.Time{}, false, false
}

// estimate is the scheduled delivery date, narrowed by the delivery window
// when UPS gives one, as a local wall clock in UTC's location (as Track's
// estimates).
func (e alertEvent) estimate() (start, end time.Time) {
	y, mo, d, ok := ymd(e.ScheduledDeliveryDate)
	if !ok {
		return time.Time{}, time.Time{}
	}
	end = kit.EndOfDay(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC))
	if h, mi, s, ok := hms(e.DeliveryEndTime); ok {
		end = time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	if h, mi, s, ok := hms(e.DeliveryStartTime); ok {
		start = time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	if !start.IsZero() && start.After(end) {
		start = time.Time{}
	}
	return start, end
}

// SignWebhook returns the headers of a Track Alert push as UPS sends it to
// a subscription made with credential: the credential header and the
// User-Agent UPS documents. Hosts use it to test their webhook endpoint.
func SignWebhook(credential string) http.Header {
	h := http.Header{}
	h.Set(CredentialHeader, credential)
	h.Set("User-Agent", "UPSPubSubTrackingService")
	h.Set("Content-Type", "application/json")
	return h
}
