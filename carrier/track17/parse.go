package track17

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// 17TRACK's error codes (its documentation's "Error Codes" list) that the
// adapter tells apart.
const (
	codeIPNotAllowed        = -18010001
	codeInvalidKey          = -18010002
	codeInternal            = -18010003
	codeAccountDisabled     = -18010004
	codeUnauthorized        = -18010005
	codeAlreadyRegistered   = -18019901
	codeNotRegistered       = -18019902
	codeCarrierNotDetected  = -18019903
	codeRetrackOnlyStopped  = -18019904
	codeStopOnlyTracking    = -18019906
	codeDailyLimit          = -18019907
	codeQuotaUsedUp         = -18019908
	codeNoTrackingInfoYet   = -18019909
	codeRegisterUnsupported = -18019911
)

var (
	errNotRegistered     = errors.New("17track: number not registered")
	errAlreadyRegistered = errors.New("17track: number registered already")
)

// apiError is the error object of a rejected number or a failed request.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// err classifies e for number ("" for a whole request).
func (e apiError) err(number string) error {
	prefix := "17track"
	if number != "" {
		prefix += ": " + number
	}
	msg := fmt.Sprintf("%s: error %d", prefix, e.Code)
	if m := strings.TrimSpace(e.Message); m != "" {
		msg += " (" + m + ")"
	}
	switch e.Code {
	case codeIPNotAllowed, codeInvalidKey, codeAccountDisabled, codeUnauthorized:
		return carrier.Permanent(fmt.Errorf("%s: %w", msg, carrier.ErrUnauthorized))
	case codeInternal:
		return carrier.Temporary(errors.New(msg))
	case codeNotRegistered:
		return fmt.Errorf("%s: %w: %w", msg, errNotRegistered, carrier.ErrNotFound)
	case codeAlreadyRegistered:
		return fmt.Errorf("%s: %w", msg, errAlreadyRegistered)
	case codeNoTrackingInfoYet, codeCarrierNotDetected, codeRegisterUnsupported:
		return carrier.Permanent(fmt.Errorf("%s: %w", msg, carrier.ErrNotFound))
	case codeQuotaUsedUp:
		return carrier.Permanent(fmt.Errorf("%s: %w", msg, ErrQuotaExhausted))
	case codeDailyLimit:
		return fmt.Errorf("%s: %w", msg, &carrier.RateLimitError{Carrier: ID})
	}
	return carrier.Permanent(errors.New(msg))
}

// trackItem is an accepted number of /gettrackinfo, and the data of a push.
type trackItem struct {
	Number    string     `json:"number"`
	Carrier   int        `json:"carrier"`
	TrackInfo *trackInfo `json:"track_info"`
}

// trackInfo is the documented track_info object (the fields wismo reads).
type trackInfo struct {
	LatestStatus *struct {
		Status    string `json:"status"`
		SubStatus string `json:"sub_status"`
	} `json:"latest_status"`
	TimeMetrics *struct {
		EstimatedDeliveryDate *struct {
			From string `json:"from"`
			To   string `json:"to"`
		} `json:"estimated_delivery_date"`
	} `json:"time_metrics"`
	MiscInfo *struct {
		ServiceType string `json:"service_type"`
	} `json:"misc_info"`
	Tracking *struct {
		Providers []struct {
			ServiceType string  `json:"service_type"`
			Events      []event `json:"events"`
		} `json:"providers"`
	} `json:"tracking"`
}

// event is one of a provider's events. v2.2 gives the key stage; v2.4 adds
// the event's own sub status.
type event struct {
	TimeISO     string  `json:"time_iso"`
	TimeUTC     string  `json:"time_utc"`
	Description string  `json:"description"`
	Location    string  `json:"location"`
	Stage       string  `json:"stage"`
	SubStatus   string  `json:"sub_status"`
	Address     address `json:"address"`
}

type address struct {
	Country    string `json:"country"`
	State      string `json:"state"`
	City       string `json:"city"`
	PostalCode string `json:"postal_code"`
}

// status is the latest main and sub status, for messages.
func (ti *trackInfo) status() string {
	if ti == nil || ti.LatestStatus == nil || ti.LatestStatus.Status == "" {
		return "unknown"
	}
	if s := ti.LatestStatus.SubStatus; s != "" && s != ti.LatestStatus.Status {
		return ti.LatestStatus.Status + "/" + s
	}
	return ti.LatestStatus.Status
}

// Code is the scan code the adapter reports for an event: its sub status
// (v2.4) when it has one, else its key stage ("PickedUp", "Arrival",
// "Delivered", ...). The newest event without either gets the number's
// latest sub status (or main status), which 17TRACK derives from it.
// milestone's 17track table classifies all of them.
func Code(subStatus, stage string) string {
	if s := strings.TrimSpace(subStatus); s != "" {
		return s
	}
	return strings.TrimSpace(stage)
}

// update converts an accepted number into an Update and says how many
// events it skipped for a time it cannot read; an event without any time is
// left out too. Only when every event with a time has an unreadable one is
// the item malformed. An unreadable estimate is no estimate.
func (it trackItem) update() (*carrier.Update, int, error) {
	if strings.TrimSpace(it.Number) == "" {
		return nil, 0, fmt.Errorf("%w: an item without number", carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: it.Number}
	ti := it.TrackInfo
	if ti == nil {
		return u, 0, nil
	}
	newest, skipped := -1, 0
	var firstErr error
	if ti.Tracking != nil {
		for pi, p := range ti.Tracking.Providers {
			if u.Service == "" {
				u.Service = strings.TrimSpace(p.ServiceType)
			}
			for ei, e := range p.Events {
				at, local, ok, err := e.time()
				if err != nil {
					if firstErr == nil {
						firstErr = fmt.Errorf("providers[%d].events[%d]: %v", pi, ei, err)
					}
					skipped++
					continue
				}
				if !ok {
					continue
				}
				s := milestone.Scan{
					Time:        at,
					Carrier:     ID,
					Code:        Code(e.SubStatus, e.Stage),
					Description: strings.TrimSpace(e.Description),
					Location:    e.location(),
					LocalTime:   local,
				}
				if s.Code == "" && s.Description == "" {
					continue
				}
				u.Scans = append(u.Scans, s)
				if newest < 0 || at.After(u.Scans[newest].Time) {
					newest = len(u.Scans) - 1
				}
			}
		}
	}
	if len(u.Scans) == 0 && firstErr != nil {
		return nil, skipped, fmt.Errorf("%w: no event has a readable time: %v", carrier.ErrMalformed, firstErr)
	}
	if newest >= 0 && u.Scans[newest].Code == "" && ti.LatestStatus != nil {
		u.Scans[newest].Code = Code(ti.LatestStatus.SubStatus, ti.LatestStatus.Status)
	}
	if ti.MiscInfo != nil && strings.TrimSpace(ti.MiscInfo.ServiceType) != "" {
		u.Service = strings.TrimSpace(ti.MiscInfo.ServiceType)
	}
	if ti.TimeMetrics != nil && ti.TimeMetrics.EstimatedDeliveryDate != nil {
		if from, through, err := estimate(ti.TimeMetrics.EstimatedDeliveryDate.From, ti.TimeMetrics.EstimatedDeliveryDate.To); err == nil {
			u.EstimatedDeliveryStart, u.EstimatedDelivery = from, through
		}
	}
	return u, skipped, nil
}

// time reads an event's time: time_iso keeps the carrier's zone (a time
// without offset is a local wall clock), time_utc is the fallback, also for
// an unreadable time_iso. ok is false when the event has neither; err says
// why what it has cannot be read.
func (e event) time() (t time.Time, local, ok bool, err error) {
	if s := strings.TrimSpace(e.TimeISO); s != "" {
		if t, local, err = kit.ParseCarrierTime(s); err == nil {
			return t, local, true, nil
		}
	}
	if s := strings.TrimSpace(e.TimeUTC); s != "" {
		var uerr error
		if t, uerr = time.Parse(time.RFC3339, s); uerr == nil {
			return t, false, true, nil
		}
		err = errors.Join(err, uerr)
	}
	return time.Time{}, false, false, err
}

func (e event) location() string {
	if l := strings.TrimSpace(e.Location); l != "" {
		return l
	}
	a := e.Address
	return kit.JoinLocation(a.City, a.State, a.PostalCode, a.Country)
}

// estimate reads the estimated window. A bare date means the whole day: its
// start for from, its end for to; a window given only by from ends with
// from's day.
func estimate(from, to string) (start, end time.Time, err error) {
	read := func(s string, endOfDay bool) (time.Time, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return time.Time{}, nil
		}
		t, _, err := kit.ParseCarrierTime(s)
		if err != nil {
			return time.Time{}, err
		}
		if len(s) == len(time.DateOnly) && endOfDay {
			t = kit.EndOfDay(t)
		}
		return t, nil
	}
	if start, err = read(from, false); err != nil {
		return
	}
	if end, err = read(to, true); err != nil {
		return
	}
	if end.IsZero() && strings.TrimSpace(from) != "" {
		end, err = read(from, true)
		if len(strings.TrimSpace(from)) != len(time.DateOnly) {
			start = time.Time{} // one instant, not a window
		}
	}
	if !start.IsZero() && start.After(end) {
		start = time.Time{}
	}
	return start, end, err
}
