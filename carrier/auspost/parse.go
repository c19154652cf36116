package auspost

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// response is the answer of GET /shipping/v1/track, as far as wismo reads
// it: one tracking result per tracking id, or errors for the whole request.
type response struct {
	TrackingResults []result   `json:"tracking_results"`
	Errors          []apiError `json:"errors"`
}

// result is one tracking id's answer: its errors, or a summary status, the
// StarTrack consignment's events and the trackable items (articles, or
// consignments holding articles in items).
type result struct {
	TrackingID  string     `json:"tracking_id"`
	Status      string     `json:"status"`
	Errors      []apiError `json:"errors"`
	Consignment *struct {
		Events []event `json:"events"`
		Status string  `json:"status"`
	} `json:"consignment"`
	TrackableItems []item `json:"trackable_items"`
}

type item struct {
	ArticleID     string  `json:"article_id"`
	ConsignmentID string  `json:"consignment_id"`
	ProductType   string  `json:"product_type"`
	Events        []event `json:"events"`
	Status        string  `json:"status"`
	Items         []item  `json:"items"`
}

type event struct {
	Location    string `json:"location"`
	Description string `json:"description"`
	Date        string `json:"date"`
}

// apiError is an error object of the API. Australia Post writes code, name
// and message; some answers (the gateway's) write error_code, error_name
// and error_message instead.
type apiError struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Message      string `json:"message"`
	ErrorCode    string `json:"error_code"`
	ErrorName    string `json:"error_name"`
	ErrorMessage string `json:"error_message"`
}

func (e apiError) code() string {
	return strings.ToUpper(strings.TrimSpace(first(e.Code, e.ErrorCode)))
}

func (e apiError) text() string {
	return strings.TrimSpace(e.code() + " " + clean(first(e.Name, e.ErrorName)) + " " + clean(first(e.Message, e.ErrorMessage)))
}

func first(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// The documented error codes wismo tells apart.
var (
	// notFoundCodes say the id is unknown or not trackable: ESB-10001
	// "Invalid tracking ID", ESB-10002 "Product not trackable", 51104
	// "one or more submitted tracking ids could not be found".
	notFoundCodes = map[string]bool{"ESB-10001": true, "ESB-10002": true, "51104": true}
	// temporaryCodes are Australia Post's internal technical errors.
	temporaryCodes = map[string]bool{"ESB-20010": true, "ESB-20050": true}
	// rateLimitCode is the gateway's "too many requests".
	rateLimitCode = "API_002"
	// mixedCode refuses a request that mixes Australia Post and StarTrack
	// ids.
	mixedCode = "51103"
)

// errMixed is wrapped by the error of a request that mixed Australia Post
// and StarTrack ids (51103); the adapter then asks each id alone.
var errMixed = errors.New("auspost: Australia Post and StarTrack ids in one request")

// errorsErr turns error objects about what (one number, or the numbers of a
// request) into an error: a *carrier.RateLimitError for API_002, temporary
// for ESB-20010 and ESB-20050, wrapping carrier.ErrNotFound for the
// not-found codes, permanent otherwise.
func errorsErr(what string, es []apiError) error {
	texts := make([]string, 0, len(es))
	notFound, temporary, mixed := false, false, false
	for _, e := range es {
		switch c := e.code(); {
		case c == rateLimitCode:
			return fmt.Errorf("auspost: track %s: %s: %w", what, e.text(), &carrier.RateLimitError{Carrier: ID})
		case notFoundCodes[c]:
			notFound = true
		case temporaryCodes[c]:
			temporary = true
		case c == mixedCode:
			mixed = true
		}
		texts = append(texts, e.text())
	}
	if mixed && !notFound {
		return carrier.Permanent(fmt.Errorf("auspost: track %s: %s: %w", what, strings.Join(texts, "; "), errMixed))
	}
	if temporary && !notFound {
		return carrier.Temporary(fmt.Errorf("auspost: track %s: %s", what, strings.Join(texts, "; ")))
	}
	return kit.APIError("auspost: track "+what, notFound, texts)
}

// parse reads a 2xx answer of Track Items for the distinct compact numbers
// ns. It returns an update per number Australia Post answered for, an error
// per number it answered with errors (or did not answer for), how many
// events it skipped for lack of a readable time, and an error for the whole
// answer: one wrapping carrier.ErrMalformed, or the request's own errors.
func parse(body []byte, ns []string) (map[string]*carrier.Update, map[string]error, int, error) {
	what := strings.Join(ns, ",")
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, nil, 0, fmt.Errorf("auspost: track %s: response is not the documented JSON: %v: %w", what, err, carrier.ErrMalformed)
	}
	if len(r.TrackingResults) == 0 {
		if len(r.Errors) > 0 {
			return nil, nil, 0, errorsErr(what, r.Errors)
		}
		return nil, nil, 0, fmt.Errorf("auspost: track %s: response has no tracking_results: %w", what, carrier.ErrMalformed)
	}
	asked := make(map[string]bool, len(ns))
	for _, n := range ns {
		asked[n] = true
	}
	updates := map[string]*carrier.Update{}
	errs := map[string]error{}
	skipped := 0
	for _, res := range r.TrackingResults {
		key, _ := kit.CompactNumber(res.TrackingID)
		if !asked[key] && len(ns) == 1 && len(r.TrackingResults) == 1 && (strings.TrimSpace(res.TrackingID) == "" || len(res.Errors) > 0) {
			// The one answer is about the one number asked when it names
			// no number, or only says what is wrong; another number's
			// events must not be taken for it.
			key = ns[0]
		}
		if !asked[key] {
			continue
		}
		if len(res.Errors) > 0 {
			errs[key] = errorsErr(key, res.Errors)
			continue
		}
		u, s, err := update(res, key)
		skipped += s
		if err != nil {
			errs[key] = err
			continue
		}
		updates[key] = u
	}
	for _, n := range ns {
		if updates[n] == nil && errs[n] == nil {
			errs[n] = fmt.Errorf("auspost: track %s: the answer has no result for the number: %w", n, carrier.ErrMalformed)
		}
	}
	return updates, errs, skipped, nil
}

// update builds the update of one tracking result: the StarTrack
// consignment's events, then each trackable item's, and those of the items
// a consignment holds.
func update(res result, n string) (*carrier.Update, int, error) {
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	skipped := 0
	add := func(evs []event) {
		for _, ev := range evs {
			t, local, ok := eventTime(ev.Date)
			d := clean(ev.Description)
			if !ok || d == "" {
				skipped++
				continue
			}
			u.Scans = append(u.Scans, milestone.Scan{Time: t, LocalTime: local, Carrier: ID, Description: d, Location: clean(ev.Location)})
		}
	}
	if res.Consignment != nil {
		add(res.Consignment.Events)
	}
	var walk func(items []item)
	walk = func(items []item) {
		for _, it := range items {
			if u.Service == "" {
				u.Service = clean(it.ProductType)
			}
			add(it.Events)
			walk(it.Items)
		}
	}
	walk(res.TrackableItems)
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("auspost: track %s: none of %d events has a readable time and text: %w", n, skipped, carrier.ErrMalformed)
	}
	return u, skipped, nil
}

// eventTime reads an event's date: ISO 8601 with an offset as Australia
// Post documents it ("2021-01-21T11:04:27+11:00", also "+1100"), or a wall
// clock without one ("2018-06-18 18:30:12"), kept in UTC's location with
// local set.
func eventTime(s string) (time.Time, bool, bool) {
	if t, local, err := kit.ParseCarrierTime(s); err == nil {
		return t, local, true
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999-0700", strings.TrimSpace(s)); err == nil {
		return t, false, true // an offset without its colon
	}
	if t, err := time.Parse(time.DateTime, strings.TrimSpace(s)); err == nil {
		return t, true, true
	}
	return time.Time{}, false, false
}

// clean trims s and collapses the runs of white space (tabs and line breaks
// included) that some answers put inside texts.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// statusError maps a non-2xx answer the HTTP client did not retry: error
// objects with a not-found code wrap carrier.ErrNotFound and API_002 is a
// *carrier.RateLimitError whatever the status; otherwise 401 and 403 wrap
// carrier.ErrUnauthorized, 404 carrier.ErrNotFound, 429 is a
// *carrier.RateLimitError, 5xx temporary and the rest permanent
// (kit.StatusError).
func statusError(what string, r *kit.Response) error {
	var body response
	if json.Unmarshal(r.Body, &body) == nil {
		es := body.Errors
		for _, res := range body.TrackingResults {
			es = append(es, res.Errors...)
		}
		for _, e := range es {
			if c := e.code(); notFoundCodes[c] || c == rateLimitCode || c == mixedCode {
				return errorsErr(what, es)
			}
		}
	}
	return fmt.Errorf("auspost: track %s: %w", what, kit.StatusError(ID, r))
}
