package laposte

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// answer is one element of a Suivi v2 answer (GET /idships/{idShip}): a
// shipment with returnCode 200, or La Poste's error for one number
// (returnCode and returnMessage), or the API gateway's error (code and
// message), as far as wismo reads it.
type answer struct {
	ReturnCode    returnCode `json:"returnCode"`
	ReturnMessage string     `json:"returnMessage"`
	IDShip        string     `json:"idShip"`
	Shipment      *shipment  `json:"shipment"`
	Code          string     `json:"code"`
	Message       string     `json:"message"`
}

type shipment struct {
	IDShip       string     `json:"idShip"`
	InputIDShip  string     `json:"inputIdShip"`
	Holder       returnCode `json:"holder"`
	Product      string     `json:"product"`
	IsFinal      bool       `json:"isFinal"`
	DeliveryDate string     `json:"deliveryDate"`
	EstimDate    string     `json:"estimDate"`
	Event        []event    `json:"event"`
}

type event struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Date  string `json:"date"`
}

// returnCode is an integer La Poste writes as a JSON number (or, in some
// answers, a string); null and "" are zero.
type returnCode int

func (c *returnCode) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*c = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*c = returnCode(n)
	return nil
}

// result is what an answer says about one number.
type result struct {
	ids     []string // the numbers the element names, upper case
	update  *carrier.Update
	skipped int
	err     error
}

// holder values of the Suivi API: who carries the item.
const (
	holderChronopost = 3
	holderColissimo  = 4
)

// parse reads a Suivi v2 answer: one element, or an array of them when
// several numbers were asked for. It fails (carrier.ErrMalformed) only
// when the body is not the documented JSON; each element's own errors go
// into its result.
func parse(body []byte) ([]result, error) {
	var answers []answer
	switch b := bytes.TrimSpace(body); {
	case len(b) > 0 && b[0] == '[':
		if err := json.Unmarshal(b, &answers); err != nil {
			return nil, fmt.Errorf("answer is not the documented JSON: %v: %w", err, carrier.ErrMalformed)
		}
	case len(b) > 0 && b[0] == '{':
		var a answer
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, fmt.Errorf("answer is not the documented JSON: %v: %w", err, carrier.ErrMalformed)
		}
		answers = []answer{a}
	default:
		return nil, fmt.Errorf("answer is not the documented JSON: %w", carrier.ErrMalformed)
	}
	if len(answers) == 0 {
		return nil, fmt.Errorf("answer is an empty list: %w", carrier.ErrMalformed)
	}
	out := make([]result, len(answers))
	for i, a := range answers {
		out[i] = read(a)
	}
	return out, nil
}

// read turns one element into a result.
func read(a answer) result {
	var r result
	for _, id := range []string{a.IDShip, shipmentID(a.Shipment, false), shipmentID(a.Shipment, true)} {
		if id = strings.ToUpper(strings.TrimSpace(id)); id != "" {
			r.ids = append(r.ids, id)
		}
	}
	code := int(a.ReturnCode)
	switch {
	case a.Shipment != nil && (code == 0 || code/100 == 2):
		r.update, r.skipped, r.err = fromShipment(a.Shipment)
	case code != 0:
		r.err = returnError(code, a.ReturnMessage)
	case a.Code != "":
		r.err = gatewayError(a.Code, a.Message)
	default:
		r.err = fmt.Errorf("element has neither a shipment nor a returnCode: %w", carrier.ErrMalformed)
	}
	return r
}

func shipmentID(s *shipment, input bool) string {
	switch {
	case s == nil:
		return ""
	case input:
		return s.InputIDShip
	}
	return s.IDShip
}

// returnError maps La Poste's returnCode for one number: 404 (unknown)
// and 400 (a number La Poste cannot read or does not know, "Votre numéro
// est inconnu") wrap carrier.ErrNotFound; 401 and 403
// carrier.ErrUnauthorized; 429 is a rate limit; 5xx temporary; anything
// else permanent.
func returnError(code int, msg string) error {
	text := strings.TrimSpace(strconv.Itoa(code) + " " + strings.TrimSpace(msg))
	switch {
	case code == 400 || code == 404:
		return carrier.Permanent(fmt.Errorf("%s: %w", text, carrier.ErrNotFound))
	case code == 401 || code == 403:
		return carrier.Permanent(fmt.Errorf("%s: %w", text, carrier.ErrUnauthorized))
	case code == 429:
		return fmt.Errorf("%s: %w", text, &carrier.RateLimitError{Carrier: ID})
	case code >= 500:
		return carrier.Temporary(fmt.Errorf("%s", text))
	}
	return carrier.Permanent(fmt.Errorf("%s", text))
}

// gatewayError maps the errors of La Poste's API gateway ({"code":
// "TOO_MANY_REQUESTS", "message": ...}).
func gatewayError(code, msg string) error {
	text := strings.TrimSpace(code + " " + strings.TrimSpace(msg))
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "TOO_MANY_REQUESTS":
		return fmt.Errorf("%s: %w", text, &carrier.RateLimitError{Carrier: ID})
	case "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT", "INTERNAL_SERVER_ERROR":
		return carrier.Temporary(fmt.Errorf("%s", text))
	case "UNAUTHORIZED", "FORBIDDEN", "INVALID_KEY":
		return carrier.Permanent(fmt.Errorf("%s: %w", text, carrier.ErrUnauthorized))
	case "RESOURCE_NOT_FOUND", "NOT_FOUND":
		return carrier.Permanent(fmt.Errorf("%s: %w", text, carrier.ErrNotFound))
	}
	return carrier.Permanent(fmt.Errorf("%s", text))
}

// fromShipment reads one shipment.
func fromShipment(s *shipment) (*carrier.Update, int, error) {
	if s.IDShip == "" && s.InputIDShip == "" && s.Event == nil {
		return nil, 0, fmt.Errorf("shipment has neither an idShip nor events: %w", carrier.ErrMalformed)
	}
	product := strings.TrimSpace(s.Product)
	u := &carrier.Update{Carrier: ID, TrackingNumber: strings.ToUpper(strings.TrimSpace(s.IDShip)), Service: product}
	sc := scanCarrier(product, int(s.Holder))
	skipped := 0
	for _, ev := range s.Event {
		t, local, err := kit.ParseCarrierTime(ev.Date)
		if err != nil {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     sc,
			Code:        strings.ToUpper(strings.TrimSpace(ev.Code)),
			Description: strings.TrimSpace(ev.Label),
		})
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("none of %d events has a readable time: %w", skipped, carrier.ErrMalformed)
	}
	if !s.IsFinal && strings.TrimSpace(s.DeliveryDate) == "" {
		u.EstimatedDelivery = estimate(s.EstimDate)
	}
	return u, skipped, nil
}

// scanCarrier names the milestone table of a shipment's scans by its
// product, or its holder when the product is missing: Colissimo and
// Chronopost have their own tables (Colissimo's is La Poste's, by alias),
// letters use La Poste's.
func scanCarrier(product string, holder int) string {
	p := strings.ToLower(product)
	switch {
	case strings.Contains(p, "chronopost"):
		return scanChronopost
	case strings.Contains(p, "colissimo"):
		return scanColissimo
	case p == "" && holder == holderChronopost:
		return scanChronopost
	case p == "" && holder == holderColissimo:
		return scanColissimo
	}
	return ID
}

// estimate reads estimDate. La Poste writes the estimated day at midnight
// with its offset ("2023-01-27T00:00:00+01:00"), which means the whole
// day: the estimate is then 23:59:59 of that day in that zone. An
// unreadable estimate is none.
func estimate(s string) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	t, _, err := kit.ParseCarrierTime(s)
	if err != nil {
		return time.Time{}
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		t = kit.EndOfDay(t)
	}
	return t
}

// pick returns the result for number n, the i-th of asked numbers: the
// element naming n, else the i-th element when the answer has one per
// number asked, unless that element is another number's journey (which
// must not be taken for n's: an error wrapping carrier.ErrMalformed), else
// a not-found error.
func pick(results []result, n string, i, asked int) result {
	for _, r := range results {
		for _, id := range r.ids {
			if id == n {
				return r
			}
		}
	}
	if len(results) == asked && i < len(results) {
		if r := results[i]; r.update != nil && len(r.ids) > 0 {
			return result{err: fmt.Errorf("the answer in its place is about %.40q: %w", r.ids[0], carrier.ErrMalformed)}
		}
		return results[i]
	}
	return result{err: carrier.Permanent(fmt.Errorf("the answer says nothing about %s: %w", n, carrier.ErrNotFound))}
}

// wholeError returns the error of an answer that is not about the
// numbers: 401 and 403 (the key), and any other non-2xx answer that is
// not La Poste's JSON (a 404 without a body is still not found). A 400 or
// 404 carrying La Poste's JSON is read number by number.
func wholeError(r *kit.Response) error {
	switch {
	case r.StatusCode >= 200 && r.StatusCode < 300:
		return nil
	case r.StatusCode == 401 || r.StatusCode == 403:
		return kit.StatusError(ID, r)
	case (r.StatusCode == 400 || r.StatusCode == 404) && len(bytes.TrimSpace(r.Body)) > 0 && json.Valid(r.Body):
		return nil
	}
	return kit.StatusError(ID, r)
}
