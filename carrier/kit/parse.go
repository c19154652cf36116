package kit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
)

// JoinLocation joins the parts of a scan location, such as city, state and
// country code, into "City, ST, CC": each part is trimmed and empty parts are
// left out, so a scan with only a country gives "US" and one with nothing
// gives "".
func JoinLocation(parts ...string) string {
	size, kept, last := 0, 0, ""
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			size += len(p)
			kept++
			last = p
		}
	}
	switch kept {
	case 0:
		return ""
	case 1:
		return last
	}
	var b strings.Builder
	b.Grow(size + len(", ")*(kept-1))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// ParseCarrierTime reads the ISO 8601 times carrier APIs send for scans and
// estimates. A time with an offset or "Z" (RFC 3339, fractional seconds
// allowed) keeps its zone and local is false. A wall clock without an offset
// ("2006-01-02T15:04:05", fractional seconds allowed, "2006-01-02T15:04" or a
// bare date "2006-01-02") is the local time of the scan's place: it is
// returned in UTC's location as a container, not converted, and local is true
// (see milestone.Scan.LocalTime). A time written with one space before its
// offset ("2024-08-12T15:18:10 -0500" or "... -05:00", as FedEx sends some
// scans) is read as if the space were not there and keeps its zone; the
// offset after a space may leave out its colon. Surrounding spaces are
// ignored. An empty or unreadable s gives an error wrapping
// carrier.ErrMalformed.
//
// Carriers that send other forms (an offset without a colon right after the
// seconds, a time without seconds but with an offset) parse those first and
// fall back to this.
func ParseCarrierTime(s string) (t time.Time, local bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, fmt.Errorf("%w: missing time", carrier.ErrMalformed)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, false, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999 Z07:00", "2006-01-02T15:04:05.999999999 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("%w: time %q is not ISO 8601", carrier.ErrMalformed, s)
}

// EndOfDay returns 23:59:59 of t's calendar day in t's location. Carriers
// that estimate a delivery day without a time mean the whole day: use
// EndOfDay(day) as Update.EstimatedDelivery.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, t.Location())
}

// ParseOffset reads an offset from UTC as carriers write it next to a local
// wall clock: "-05:00", "+0530", "-5" or "+14". It returns a fixed zone
// without a name, or false for an empty or unreadable offset (hours beyond
// 14, minutes beyond 59, no sign).
func ParseOffset(s string) (*time.Location, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return nil, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, m := s[1:], "0"
	if i := strings.IndexByte(h, ':'); i >= 0 {
		h, m = h[:i], h[i+1:]
	} else if len(h) == 4 {
		h, m = h[:2], h[2:]
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 14 || mm < 0 || mm > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(hh*3600+mm*60)), true
}

// APIError is the error for the messages a carrier put in an answer about
// prefix (typically "<carrier>: track <number>"), such as
// "TW0001 Tracking Information Not Found": they are joined with "; " after
// the prefix. The error is Permanent, since the same request gets the same
// answer; with notFound (a message says the carrier does not know the
// number) it also wraps carrier.ErrNotFound.
func APIError(prefix string, notFound bool, messages []string) error {
	text := strings.Join(messages, "; ")
	if notFound {
		return carrier.Permanent(fmt.Errorf("%s: %s: %w", prefix, text, carrier.ErrNotFound))
	}
	return carrier.Permanent(fmt.Errorf("%s: %s", prefix, text))
}

// TrackingNumber is the check every adapter makes before a number reaches
// its carrier's API: CompactNumber, then a length of min to max letters and
// digits. A number that fails it returns a permanent error, prefixed with
// the adapter's id, that wraps carrier.ErrNotFound: no carrier knows it,
// and asking again will not help.
func TrackingNumber(id, number string, min, max int) (string, error) {
	n, ok := CompactNumber(number)
	if !ok {
		return "", carrier.Permanent(fmt.Errorf("%s: tracking number %q has a character no carrier uses: %w", id, number, carrier.ErrNotFound))
	}
	if len(n) < min || len(n) > max {
		return "", carrier.Permanent(fmt.Errorf("%s: tracking number %q must have %d to %d letters or digits: %w", id, number, min, max, carrier.ErrNotFound))
	}
	return n, nil
}

// CompactNumber removes the spaces and dashes people put into tracking
// numbers and upper-cases ASCII letters: "1z 5r8-939" gives "1Z5R8939". It
// reports false when number holds any other character than ASCII letters,
// digits, spaces and dashes, which no carrier uses (and which must not reach
// a URL path). Checking the length is left to the adapter.
func CompactNumber(number string) (string, bool) {
	var b strings.Builder
	b.Grow(len(number))
	for _, r := range number {
		switch {
		case r == ' ' || r == '-':
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			return "", false
		}
	}
	return b.String(), true
}
