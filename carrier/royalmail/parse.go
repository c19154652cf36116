package royalmail

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// The answer of GET /mailpieces/v2/{mailPieceId}/events, as far as wismo
// reads it (Royal Mail Tracking API v2).
type eventsResponse struct {
	MailPieces *mailPiece `json:"mailPieces"`
	Errors     []apiError `json:"errors"`
}

// mailPiece is one item in the events, summary and signature answers.
type mailPiece struct {
	MailPieceID       string             `json:"mailPieceId"`
	Summary           *summary           `json:"summary"`
	EstimatedDelivery *estimatedDelivery `json:"estimatedDelivery"`
	Events            []event            `json:"events"`
	Signature         *signature         `json:"signature"`
	// Error is a summary answer's error for this item.
	Error *apiError `json:"error"`
}

type summary struct {
	UniqueItemID          string `json:"uniqueItemId"`
	OneDBarcode           string `json:"oneDBarcode"`
	ProductName           string `json:"productName"`
	LastEventCode         string `json:"lastEventCode"`
	LastEventName         string `json:"lastEventName"`
	LastEventDateTime     string `json:"lastEventDateTime"`
	LastEventLocationName string `json:"lastEventLocationName"`
	StatusCategory        string `json:"statusCategory"`
}

type estimatedDelivery struct {
	Date                   string `json:"date"`
	StartOfEstimatedWindow string `json:"startOfEstimatedWindow"`
	EndOfEstimatedWindow   string `json:"endOfEstimatedWindow"`
}

type event struct {
	EventCode     string `json:"eventCode"`
	EventName     string `json:"eventName"`
	EventDateTime string `json:"eventDateTime"`
	LocationName  string `json:"locationName"`
}

type signature struct {
	UniqueItemID      string `json:"uniqueItemId"`
	OneDBarcode       string `json:"oneDBarcode"`
	RecipientName     string `json:"recipientName"`
	SignatureDateTime string `json:"signatureDateTime"`
	ImageFormat       string `json:"imageFormat"`
	Image             string `json:"image"`
}

// apiError is one entry of Royal Mail's error list: {"errorCode": "E1142",
// "errorDescription", "errorCause", "errorResolution"}.
type apiError struct {
	ErrorCode        string `json:"errorCode"`
	ErrorDescription string `json:"errorDescription"`
	ErrorCause       string `json:"errorCause"`
	ErrorResolution  string `json:"errorResolution"`
}

// errorBody is the body of a failed call: {"httpCode", "httpMessage",
// "moreInformation", "errors": [...]}.
type errorBody struct {
	HTTPMessage     string     `json:"httpMessage"`
	MoreInformation string     `json:"moreInformation"`
	Errors          []apiError `json:"errors"`
}

// Royal Mail's error codes that say it has nothing for the number (yet):
// E1142 the barcode is not recognised, E1143 it is not a valid barcode,
// E1284 and E1308 no delivery or tracking update is available yet, E1144
// and E1145 no proof of delivery for the item or its product.
var notFoundCodes = map[string]bool{"E1142": true, "E1143": true, "E1144": true, "E1145": true, "E1284": true, "E1308": true}

// Royal Mail's error codes for a failure worth retrying: E1307 tracking
// unavailable, E0009 internal server error, E0001 service unavailable.
var temporaryCodes = map[string]bool{"E1307": true, "E0009": true, "E0001": true}

// rateLimitCode is Royal Mail's "too many requests".
const rateLimitCode = "E0010"

// apiErr turns Royal Mail's error list into an error of the carrier
// package: not found, rate limited, temporary or permanent by the first
// error's code. It returns nil when no entry has a code wismo knows, so
// that the HTTP status decides.
func apiErr(what string, errs []apiError) error {
	var texts []string
	known := false
	notFound, temporary, limited := false, false, false
	for _, e := range errs {
		code := strings.ToUpper(strings.TrimSpace(e.ErrorCode))
		texts = append(texts, strings.TrimSpace(strings.Join([]string{code, strings.TrimSpace(e.ErrorDescription)}, " ")))
		switch {
		case notFoundCodes[code]:
			notFound, known = true, true
		case temporaryCodes[code]:
			temporary, known = true, true
		case code == rateLimitCode:
			limited, known = true, true
		case strings.HasPrefix(code, "E"):
			known = true
		}
	}
	if !known {
		return nil
	}
	prefix := "royalmail: " + what
	switch {
	case notFound:
		return kit.APIError(prefix, true, texts)
	case limited:
		return fmt.Errorf("%s: %s: %w", prefix, strings.Join(texts, "; "), &carrier.RateLimitError{Carrier: ID})
	case temporary:
		return carrier.Temporary(fmt.Errorf("%s: %s", prefix, strings.Join(texts, "; ")))
	}
	return kit.APIError(prefix, false, texts)
}

// statusError maps a non-2xx answer the HTTP client did not retry: Royal
// Mail's error codes first (see apiErr), then the HTTP status through
// kit.StatusError (401 and 403 unauthorized, 404 not found, other 4xx
// permanent). A 401 or 403 is unauthorized and a 404 not found whatever
// code the body names.
func statusError(what string, r *kit.Response) error {
	var b errorBody
	if json.Unmarshal(r.Body, &b) == nil {
		err := apiErr(what, b.Errors)
		switch {
		case err == nil, r.StatusCode == 401, r.StatusCode == 403:
		case r.StatusCode == 404 && !errors.Is(err, carrier.ErrNotFound):
		default:
			return err
		}
	}
	return fmt.Errorf("royalmail: %s: %w", what, kit.StatusError(ID, r))
}

// parseEvents reads a 200 answer of the events call for number n. It
// returns the update, how many events it skipped for lack of a readable
// time, and an error wrapping carrier.ErrNotFound or carrier.ErrMalformed.
func parseEvents(body []byte, n string) (*carrier.Update, int, error) {
	var r eventsResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("royalmail: track %s: answer is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	mp := r.MailPieces
	if mp == nil {
		if err := apiErr("track "+n, r.Errors); err != nil {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("royalmail: track %s: answer has no mailPieces: %w", n, carrier.ErrMalformed)
	}
	if mp.MailPieceID == "" && mp.Events == nil && mp.Summary == nil {
		return nil, 0, fmt.Errorf("royalmail: track %s: mailPieces has neither an id, a summary nor events: %w", n, carrier.ErrMalformed)
	}
	if err := samePiece(mp, n); err != nil {
		return nil, 0, fmt.Errorf("royalmail: track %s: %w", n, err)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	skipped := 0
	for _, ev := range mp.Events {
		s, ok := toScan(ev)
		if !ok {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, s)
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("royalmail: track %s: none of %d events has a readable time: %w", n, skipped, carrier.ErrMalformed)
	}
	if mp.Summary != nil {
		u.Service = strings.TrimSpace(mp.Summary.ProductName)
		if len(mp.Events) == 0 {
			// An answer without events: the summary's latest event stands in.
			if s, ok := toScan(mp.Summary.lastEvent()); ok {
				u.Scans = append(u.Scans, s)
			}
		}
	}
	if !delivered(mp.Summary) {
		u.EstimatedDeliveryStart, u.EstimatedDelivery = estimate(mp.EstimatedDelivery)
	}
	return u, skipped, nil
}

func (s *summary) lastEvent() event {
	return event{EventCode: s.LastEventCode, EventName: s.LastEventName, EventDateTime: s.LastEventDateTime, LocationName: s.LastEventLocationName}
}

// toScan turns one event into a scan; false when its time is unreadable.
func toScan(ev event) (milestone.Scan, bool) {
	t, local, err := kit.ParseCarrierTime(ev.EventDateTime)
	if err != nil {
		return milestone.Scan{}, false
	}
	return milestone.Scan{
		Time:        t,
		LocalTime:   local,
		Carrier:     ID,
		Code:        strings.ToUpper(strings.TrimSpace(ev.EventCode)),
		Description: strings.TrimSpace(ev.EventName),
		Location:    strings.TrimSpace(ev.LocationName),
	}, true
}

// delivered reports whether the summary's status category says the item
// was delivered; such an item has no estimate.
func delivered(s *summary) bool {
	return s != nil && strings.EqualFold(strings.TrimSpace(s.StatusCategory), "DELIVERED")
}

// estimate reads Royal Mail's estimated delivery: a date with an optional
// window of two times of day with an offset ("08:00:00+01:00"). Without a
// window end the estimate is the end of the date (23:59:59 in UTC's
// location as a container, since a bare date names no zone); an
// unreadable estimate is none.
func estimate(e *estimatedDelivery) (start, end time.Time) {
	if e == nil {
		return time.Time{}, time.Time{}
	}
	day := strings.TrimSpace(e.Date)
	if len(day) > len(time.DateOnly) {
		day = day[:len(time.DateOnly)] // some answers write a full timestamp
	}
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}, time.Time{}
	}
	end, ok := onDay(day, e.EndOfEstimatedWindow)
	if !ok {
		return time.Time{}, kit.EndOfDay(d)
	}
	if s, ok := onDay(day, e.StartOfEstimatedWindow); ok && !s.After(end) {
		start = s
	}
	return start, end
}

// onDay puts a time of day ("08:00:00+01:00", or without an offset) on day.
func onDay(day, clock string) (time.Time, bool) {
	clock = strings.TrimSpace(clock)
	if clock == "" {
		return time.Time{}, false
	}
	t, _, err := kit.ParseCarrierTime(day + "T" + clock)
	return t, err == nil
}

// summaryResult is what a summary answer says about one mail piece.
type summaryResult struct {
	update *carrier.Update
	err    error
}

// parseSummary reads a 200 answer of GET /summary. It returns the result
// of each mail piece under every id the answer names it by (mailPieceId,
// oneDBarcode, uniqueItemId), upper case.
func parseSummary(body []byte) (map[string]summaryResult, error) {
	var r struct {
		MailPieces []mailPiece `json:"mailPieces"`
		Errors     []apiError  `json:"errors"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("royalmail: summary: answer is not the documented JSON: %v: %w", err, carrier.ErrMalformed)
	}
	if r.MailPieces == nil {
		if err := apiErr("summary", r.Errors); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("royalmail: summary: answer has no mailPieces: %w", carrier.ErrMalformed)
	}
	out := make(map[string]summaryResult, len(r.MailPieces))
	for _, mp := range r.MailPieces {
		var res summaryResult
		id := strings.ToUpper(strings.TrimSpace(mp.MailPieceID))
		var s milestone.Scan
		ok := false
		if mp.Summary != nil {
			s, ok = toScan(mp.Summary.lastEvent())
		}
		switch {
		case ok:
			// A readable latest event wins over an error entry: Royal
			// Mail's documented example carries both.
			res.update = &carrier.Update{Carrier: ID, TrackingNumber: id,
				Service: strings.TrimSpace(mp.Summary.ProductName), Scans: []milestone.Scan{s}}
		case mp.Error != nil:
			res.err = apiErr("summary "+id, []apiError{*mp.Error})
			if res.err == nil {
				res.err = kit.APIError("royalmail: summary "+id, false, []string{mp.Error.ErrorDescription})
			}
		default:
			res.err = fmt.Errorf("royalmail: summary %s: no readable latest event: %w", id, carrier.ErrMalformed)
		}
		for _, key := range []string{mp.MailPieceID, summaryID(mp.Summary, true), summaryID(mp.Summary, false)} {
			if key = strings.ToUpper(strings.TrimSpace(key)); key != "" {
				out[key] = res
			}
		}
	}
	return out, nil
}

// samePiece returns an error wrapping carrier.ErrMalformed when mp names
// mail piece ids (mailPieceId, the uniqueItemId and oneDBarcode of its
// summary or signature) and none is n: such an answer is about another item, whose events (or
// recipient's name) must not be taken for n's.
func samePiece(mp *mailPiece, n string) error {
	named := ""
	ids := []string{mp.MailPieceID, summaryID(mp.Summary, true), summaryID(mp.Summary, false)}
	if sig := mp.Signature; sig != nil {
		ids = append(ids, sig.OneDBarcode, sig.UniqueItemID)
	}
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			continue
		}
		if c, ok := kit.CompactNumber(id); ok && c == n {
			return nil
		}
		if named == "" {
			named = id
		}
	}
	if named == "" {
		return nil
	}
	return fmt.Errorf("the answer is about mail piece %.40q: %w", named, carrier.ErrMalformed)
}

func summaryID(s *summary, oneD bool) string {
	switch {
	case s == nil:
		return ""
	case oneD:
		return s.OneDBarcode
	}
	return s.UniqueItemID
}

// parseSignature reads a 200 answer of GET /{mailPieceId}/signature.
func parseSignature(body []byte, n string) (*Signature, error) {
	var r eventsResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("royalmail: signature %s: answer is not the documented JSON: %v: %w", n, err, carrier.ErrMalformed)
	}
	if r.MailPieces == nil || r.MailPieces.Signature == nil {
		if err := apiErr("signature "+n, r.Errors); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("royalmail: signature %s: answer has no signature: %w", n, carrier.ErrMalformed)
	}
	if err := samePiece(r.MailPieces, n); err != nil {
		return nil, fmt.Errorf("royalmail: signature %s: %w", n, err)
	}
	sig := r.MailPieces.Signature
	out := &Signature{RecipientName: strings.TrimSpace(sig.RecipientName), ImageFormat: strings.TrimSpace(sig.ImageFormat)}
	if t, _, err := kit.ParseCarrierTime(sig.SignatureDateTime); err == nil {
		out.SignedAt = t
	}
	switch {
	case strings.EqualFold(out.ImageFormat, "image/png"):
		img, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sig.Image))
		if err != nil {
			return nil, fmt.Errorf("royalmail: signature %s: PNG image is not base64: %w", n, carrier.ErrMalformed)
		}
		out.Image = img
	case sig.Image != "":
		out.Image = []byte(sig.Image)
	}
	return out, nil
}
