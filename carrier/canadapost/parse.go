package canadapost

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// answer is either root element the Tracking web service answers with: a
// tracking-detail (namespace http://www.canadapost.ca/ws/track-v2, or
// .../ws/track in version 1) or a messages document
// (http://www.canadapost.ca/ws/messages). Elements are matched by their
// local names, so both versions read alike; only what wismo uses is read.
type answer struct {
	XMLName xml.Name

	// tracking-detail
	PIN                  string       `xml:"pin"`
	ExpectedDeliveryDate string       `xml:"expected-delivery-date"`
	ChangedExpectedDate  string       `xml:"changed-expected-date"`
	ServiceName          string       `xml:"service-name"`
	Events               []occurrence `xml:"significant-events>occurrence"`

	// messages
	Messages []message `xml:"message"`
}

type occurrence struct {
	Identifier  string `xml:"event-identifier"`
	Date        string `xml:"event-date"`
	Time        string `xml:"event-time"`
	TimeZone    string `xml:"event-time-zone"`
	Description string `xml:"event-description"`
	Site        string `xml:"event-site"`
	Province    string `xml:"event-province"`
}

type message struct {
	Code        string `xml:"code"`
	Description string `xml:"description"`
}

// noPinHistory is the message code Canada Post answers for a number it has
// no events for: "No Pin History".
const noPinHistory = "004"

// parse reads a 2xx answer of Get Tracking Details for number n. It returns
// the update, how many events it skipped for lack of a readable date, and an
// error wrapping carrier.ErrNotFound (a messages answer with code 004) or
// carrier.ErrMalformed (also for a tracking-detail whose pin is not n,
// unless n is a delivery notice card number).
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var a answer
	if err := decode(body, &a); err != nil {
		return nil, 0, fmt.Errorf("canadapost: track %s: response is not the documented XML: %v: %w", n, err, carrier.ErrMalformed)
	}
	switch a.XMLName.Local {
	case "messages":
		if len(a.Messages) == 0 {
			return nil, 0, fmt.Errorf("canadapost: track %s: messages answer without a message: %w", n, carrier.ErrMalformed)
		}
		return nil, 0, messagesError(n, a.Messages)
	case "tracking-detail":
	default:
		return nil, 0, fmt.Errorf("canadapost: track %s: root element <%s>, want <tracking-detail>: %w", n, a.XMLName.Local, carrier.ErrMalformed)
	}
	if pin, ok := kit.CompactNumber(a.PIN); a.PIN != "" && (!ok || pin != n) && !isDNC(n) {
		// Never attribute another parcel's journey to the PIN asked. (A
		// delivery notice card's answer names the parcel's PIN.)
		return nil, 0, fmt.Errorf("canadapost: track %s: the answer is about pin %.40q: %w", n, a.PIN, carrier.ErrMalformed)
	}
	u := &carrier.Update{Carrier: ID, TrackingNumber: n, Service: clean(a.ServiceName)}
	skipped := 0
	delivered := false
	for _, ev := range a.Events {
		t, local, ok := eventTime(ev)
		if !ok {
			skipped++
			continue
		}
		s := milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     ID,
			Code:        strings.TrimSpace(ev.Identifier),
			Description: clean(ev.Description),
			Location:    kit.JoinLocation(ev.Site, ev.Province),
		}
		if s.Code == "" && s.Description == "" {
			skipped++
			continue
		}
		delivered = delivered || milestone.Classify(s) == milestone.Delivered
		u.Scans = append(u.Scans, s)
	}
	if len(u.Scans) == 0 && skipped > 0 {
		return nil, skipped, fmt.Errorf("canadapost: track %s: none of %d events has a readable date: %w", n, skipped, carrier.ErrMalformed)
	}
	if !delivered {
		u.EstimatedDelivery = estimate(a)
	}
	return u, skipped, nil
}

// isDNC reports whether the compact number n is a delivery notice card
// number (15 digits), which normalize asks for under "dnc".
func isDNC(n string) bool {
	return len(n) == 15 && strings.Trim(n, "0123456789") == ""
}

// decode reads the root element of body into a (see decodeOnce). A body
// the XML decoder refuses is read again without the control characters no
// XML text may hold (tab and line breaks stay), then, if it still fails,
// with each byte that is not UTF-8 as U+FFFD, so that one stray byte in
// one description does not cost the whole answer. Control characters are
// removed first on their own because they are the same bytes in Latin-1.
func decode(body []byte, a *answer) error {
	err := decodeOnce(body, a)
	cleaners := []func([]byte) []byte{
		func(b []byte) []byte { // byte by byte: Latin-1 letters are not UTF-8
			out := make([]byte, 0, len(b))
			for _, c := range b {
				if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
					out = append(out, c)
				}
			}
			return out
		},
		func(b []byte) []byte { return bytes.ToValidUTF8(b, []byte("\uFFFD")) },
	}
	for _, clean := range cleaners {
		if err == nil {
			return nil
		}
		if c := clean(body); !bytes.Equal(c, body) {
			body = c
			*a = answer{}
			err = decodeOnce(body, a)
		}
	}
	return err
}

// decodeOnce reads the root element of body into a. Canada Post answers in
// UTF-8; a document that declares ISO-8859-1 (Latin-1) is read too.
func decodeOnce(body []byte, a *answer) error {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimSpace(body)))
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
			b, err := io.ReadAll(input)
			if err != nil {
				return nil, err
			}
			r := make([]rune, len(b))
			for i, c := range b {
				r[i] = rune(c) // Latin-1 bytes are the first 256 code points
			}
			return strings.NewReader(string(r)), nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return d.Decode(a)
}

// estimate returns the end of the current expected delivery day: the
// changed-expected-date when Canada Post revised the date, else the
// expected-delivery-date. Both are dates without a zone; the end of the day
// is kept in UTC's location as a container, as for other carriers' local
// dates.
func estimate(a answer) time.Time {
	for _, s := range []string{a.ChangedExpectedDate, a.ExpectedDeliveryDate} {
		if d, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err == nil {
			return kit.EndOfDay(d)
		}
	}
	return time.Time{}
}

// zoneOffsets are the offsets, in seconds east of UTC, of the time zone
// abbreviations Canada Post writes in event-time-zone for Canadian and US
// events.
var zoneOffsets = map[string]int{
	"NST": -(3*3600 + 1800), "NDT": -(2*3600 + 1800),
	"AST": -4 * 3600, "ADT": -3 * 3600,
	"EST": -5 * 3600, "EDT": -4 * 3600,
	"CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600,
	"PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600,
	"HST": -10 * 3600,
	"UTC": 0, "GMT": 0, "Z": 0,
}

// eventTime reads an event's event-date (YYYY-MM-DD), event-time (HH:MM:SS,
// optional) and event-time-zone. A zone Canada Post names by a North
// American abbreviation ("EST", "PDT") or an offset ("-05:00") gives a fixed
// zone; any other zone (events abroad carry "" or a country name) keeps the
// wall clock in UTC's location with local set. An event without a time is
// kept at midnight, local.
func eventTime(ev occurrence) (t time.Time, local, ok bool) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(ev.Date))
	if err != nil {
		return time.Time{}, false, false
	}
	clock := strings.TrimSpace(ev.Time)
	if clock == "" {
		return d, true, true
	}
	var c time.Time
	for _, layout := range []string{time.TimeOnly, "15:04"} {
		if c, err = time.Parse(layout, clock); err == nil {
			break
		}
	}
	if err != nil {
		return d, true, true // the day is known; its time of day is not
	}
	loc, zoned := zone(ev.TimeZone)
	if !zoned {
		loc = time.UTC
	}
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), c.Second(), 0, loc), !zoned, true
}

func zone(s string) (*time.Location, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if off, ok := zoneOffsets[s]; ok {
		return time.FixedZone(s, off), true
	}
	return kit.ParseOffset(s)
}

// clean trims s and collapses the runs of white space (line breaks
// included) that some answers put inside texts.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// messagesError turns Canada Post's messages into an error: not found for
// code 004 "No Pin History", permanent otherwise.
func messagesError(n string, ms []message) error {
	notFound := false
	texts := make([]string, 0, len(ms))
	for _, m := range ms {
		code := strings.TrimSpace(m.Code)
		notFound = notFound || code == noPinHistory
		texts = append(texts, strings.TrimSpace(code+" "+clean(m.Description)))
	}
	return kit.APIError("canadapost: track "+n, notFound, texts)
}

// statusError maps a non-2xx answer the HTTP client did not retry. A
// messages body with code 004 is carrier.ErrNotFound whatever the status;
// 401 and 403 (such as E002 "AAA Authentication Failure") are
// carrier.ErrUnauthorized, 404 carrier.ErrNotFound, 429 a
// *carrier.RateLimitError, 5xx temporary, other statuses permanent
// (kit.StatusError), with Canada Post's messages in the text.
func statusError(n string, r *kit.Response) error {
	var a answer
	if decode(r.Body, &a) == nil && a.XMLName.Local == "messages" {
		for _, m := range a.Messages {
			if strings.TrimSpace(m.Code) == noPinHistory {
				return messagesError(n, a.Messages)
			}
		}
	}
	return fmt.Errorf("canadapost: track %s: %w", n, kit.StatusError(ID, r))
}
