package gls

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// The response shape of GET /tracking/simple/trackids/{unitnos}, as far as
// wismo reads it (Track And Trace V1, ParcelsResponseDTO).
type parcelsResponse struct {
	Parcels *[]parcel `json:"parcels"`
}

type parcel struct {
	Requested      string  `json:"requested"`
	UnitNo         string  `json:"unitno"`
	Status         string  `json:"status"`
	StatusDateTime string  `json:"statusDateTime"`
	Events         []event `json:"events"`
	ErrorCode      string  `json:"errorCode"`
	ErrorMessage   string  `json:"errorMessage"`
}

type event struct {
	Code          string `json:"code"`
	City          string `json:"city"`
	PostalCode    string `json:"postalCode"`
	Country       string `json:"country"`
	Description   string `json:"description"`
	EventDateTime string `json:"eventDateTime"`
}

// notFoundCode is the per-parcel errorCode that says GLS does not know the
// number ("E_404_01: Resource Not Found").
const notFoundCode = "E_404_01"

// parse reads a 200 answer for the numbers asked (normalized, distinct). It
// returns one result per asked number, keyed by it, and how many events it
// skipped for lack of a readable date. A number the answer does not mention
// gets an error wrapping carrier.ErrNotFound. The error is for an answer
// that is not the documented JSON (carrier.ErrMalformed).
func parse(body []byte, asked []string) (map[string]carrier.TrackResult, int, error) {
	var r parcelsResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, 0, fmt.Errorf("gls: track %s: response is not the documented JSON: %v: %w", strings.Join(asked, ","), err, carrier.ErrMalformed)
	}
	if r.Parcels == nil {
		return nil, 0, fmt.Errorf("gls: track %s: response has no parcels: %w", strings.Join(asked, ","), carrier.ErrMalformed)
	}
	// A number may match several parcels (a reference shared by two); keep
	// the one whose unit number is the number asked, else the first:
	// merging them could report one parcel's delivery for another.
	byNumber := map[string]parcel{}
	for _, p := range *r.Parcels {
		key := matchAsked(p, asked)
		if key == "" {
			continue
		}
		if prev, ok := byNumber[key]; ok && !better(p, prev, key) {
			continue
		}
		byNumber[key] = p
	}
	out := make(map[string]carrier.TrackResult, len(asked))
	skipped := 0
	for _, n := range asked {
		p, ok := byNumber[n]
		if !ok {
			out[n] = carrier.TrackResult{TrackingNumber: n, Err: carrier.Permanent(fmt.Errorf("gls: track %s: not in the answer: %w", n, carrier.ErrNotFound))}
			continue
		}
		u, s, err := update(p, n)
		skipped += s
		out[n] = carrier.TrackResult{TrackingNumber: n, Update: u, Err: err}
	}
	return out, skipped, nil
}

// better reports whether p answers number n better than prev: a parcel
// beats an error, and the parcel whose unit number is n beats another.
func better(p, prev parcel, n string) bool {
	switch {
	case p.ErrorCode != "":
		return false
	case prev.ErrorCode != "":
		return true
	}
	return strings.EqualFold(strings.TrimSpace(p.UnitNo), n) && !strings.EqualFold(strings.TrimSpace(prev.UnitNo), n)
}

// matchAsked returns the asked number p answers: its requested field, or
// else its unit number (GLS may answer a 12-digit number, check digit
// included, with the 11-digit unit number); "" when it answers none.
func matchAsked(p parcel, asked []string) string {
	for _, field := range []string{p.Requested, p.UnitNo} {
		f, ok := kit.CompactNumber(field)
		if !ok || f == "" {
			f = strings.ToUpper(strings.TrimSpace(field))
		}
		for _, n := range asked {
			if f == n {
				return n
			}
		}
	}
	if len(asked) == 1 && strings.TrimSpace(p.Requested) == "" && strings.TrimSpace(p.UnitNo) == "" {
		return asked[0] // an answer for the only number asked that does not repeat it
	}
	return ""
}

// update converts one parcel. A parcel error is ErrNotFound for E_404_01
// and a permanent error otherwise; a parcel without events gives one scan
// from its status and status time; a parcel with nothing readable is not
// found yet, or malformed when its events have no readable dates.
func update(p parcel, n string) (*carrier.Update, int, error) {
	if code := strings.TrimSpace(p.ErrorCode); code != "" {
		msg := strings.TrimSpace(code + " " + p.ErrorMessage)
		return nil, 0, kit.APIError("gls: track "+n, code == notFoundCode, []string{msg})
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	skipped := 0
	for _, e := range p.Events {
		t, local, err := parseTime(e.EventDateTime)
		if err != nil {
			skipped++
			continue
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     ID,
			Code:        strings.TrimSpace(e.Code),
			Description: strings.TrimSpace(e.Description),
			Location:    kit.JoinLocation(strings.TrimSpace(e.PostalCode+" "+e.City), e.Country),
		})
	}
	if len(p.Events) == 0 && strings.TrimSpace(p.Status) != "" {
		if t, local, err := parseTime(p.StatusDateTime); err == nil {
			u.Scans = append(u.Scans, milestone.Scan{Time: t, LocalTime: local, Carrier: ID, Code: strings.TrimSpace(p.Status)})
		}
	}
	if len(u.Scans) == 0 {
		if skipped > 0 {
			return nil, skipped, fmt.Errorf("gls: track %s: none of %d events has a readable date: %w", n, skipped, carrier.ErrMalformed)
		}
		return nil, 0, carrier.Permanent(fmt.Errorf("gls: track %s: GLS has no events for it yet: %w", n, carrier.ErrNotFound))
	}
	return u, skipped, nil
}

// parseTime reads GLS's ISO 8601 times, whose offset has no colon
// ("2024-10-07T10:46:14+0200"), and falls back to kit.ParseCarrierTime for
// the other ISO forms.
func parseTime(s string) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05.999999999-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	return kit.ParseCarrierTime(s)
}
