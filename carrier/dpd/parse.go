package dpd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// envelope is a SOAP 1.1 answer of DPD's web services, as far as wismo
// reads it. Elements are matched by their local names: DPD qualifies the
// response element and leaves its children unqualified.
type envelope struct {
	XMLName xml.Name `xml:"Envelope"`
	Body    struct {
		Fault    *soapFault `xml:"Fault"`
		Tracking *struct {
			Result *trackingResult `xml:"trackingresult"`
		} `xml:"getTrackingDataResponse"`
		Auth *struct {
			Return *struct {
				AuthToken string `xml:"authToken"`
			} `xml:"return"`
		} `xml:"getAuthResponse"`
	} `xml:"Body"`
}

type soapFault struct {
	Code   string `xml:"faultcode"`
	String string `xml:"faultstring"`
	Detail struct {
		Auth *struct {
			ErrorCode    string `xml:"errorCode"`
			ErrorMessage string `xml:"errorMessage"`
		} `xml:"authenticationFault"`
		Faults *struct {
			FaultCode string `xml:"faultCode"`
			Message   string `xml:"message"`
		} `xml:"faults"`
	} `xml:"detail"`
}

// trackingResult is ParcelLifeCycleService 2.0's TrackingResult.
type trackingResult struct {
	ShipmentInfo *shipmentInfo `xml:"shipmentInfo"`
	StatusInfo   []statusInfo  `xml:"statusInfo"`
}

// shipmentInfo is the SHIPMENT status (DPD has the parcel data) with the
// shipment's details.
type shipmentInfo struct {
	statusInfo
	ServiceDescription *contentItem `xml:"serviceDescription"`
}

// statusInfo is one status of the parcel's life cycle. DPD lists the
// statuses still to come as well, with statusHasBeenReached false.
type statusInfo struct {
	Status      string      `xml:"status"`
	Label       contentLine `xml:"label"`
	Description contentItem `xml:"description"`
	Reached     string      `xml:"statusHasBeenReached"`
	Location    contentLine `xml:"location"`
	Date        contentLine `xml:"date"`
}

type contentItem struct {
	Label   contentLine   `xml:"label"`
	Content []contentLine `xml:"content"`
}

type contentLine struct {
	Content string `xml:"content"`
}

// text joins the item's lines with single spaces.
func (c contentItem) text() string {
	var parts []string
	for _, l := range c.Content {
		if s := strings.TrimSpace(l.Content); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// dpdDetail reports whether the fault carries DPD's own detail.
func (e *envelope) dpdDetail() bool {
	f := e.Body.Fault
	return f != nil && (f.Detail.Auth != nil || f.Detail.Faults != nil)
}

// decodeFault reads body as a SOAP envelope holding a fault.
func decodeFault(body []byte) (*envelope, bool) {
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Body.Fault == nil {
		return nil, false
	}
	return &env, true
}

// authFault is the error of an authenticationFault: DPD refused the
// credentials or the token. It wraps carrier.ErrUnauthorized.
type authFault struct {
	prefix, code, message string
}

func (e *authFault) Error() string {
	return strings.TrimSpace(fmt.Sprintf("%s: DPD refused the login: %s %s", e.prefix, e.code, e.message))
}

func (e *authFault) Unwrap() error { return carrier.ErrUnauthorized }

// faultError turns a SOAP fault into an error: an authenticationFault is an
// *authFault (carrier.ErrUnauthorized), DPD's faults element and any other
// fault a permanent error naming its code.
func faultError(prefix string, env *envelope) error {
	f := env.Body.Fault
	if a := f.Detail.Auth; a != nil {
		return carrier.Permanent(&authFault{prefix: prefix, code: strings.TrimSpace(a.ErrorCode), message: strings.TrimSpace(a.ErrorMessage)})
	}
	if d := f.Detail.Faults; d != nil {
		return kit.APIError(prefix, false, []string{strings.TrimSpace(d.FaultCode + " " + d.Message)})
	}
	return kit.APIError(prefix, false, []string{strings.TrimSpace(f.Code + " " + f.String)})
}

// parse reads a 2xx answer of getTrackingData for parcel number n. It
// returns the update, how many reached statuses it skipped for lack of a
// readable date, and an error wrapping carrier.ErrNotFound (no status
// reached yet), carrier.ErrUnauthorized (an authenticationFault) or
// carrier.ErrMalformed.
func parse(body []byte, n string) (*carrier.Update, int, error) {
	var env envelope
	if err := unmarshal(body, &env); err != nil {
		return nil, 0, fmt.Errorf("dpd: track %s: response is not the documented SOAP XML: %v: %w", n, err, carrier.ErrMalformed)
	}
	if env.Body.Fault != nil {
		return nil, 0, faultError("dpd: track "+n, &env)
	}
	if env.Body.Tracking == nil || env.Body.Tracking.Result == nil {
		return nil, 0, fmt.Errorf("dpd: track %s: response has no getTrackingDataResponse/trackingresult: %w", n, carrier.ErrMalformed)
	}
	r := env.Body.Tracking.Result
	u := &carrier.Update{Carrier: ID, TrackingNumber: n}
	statuses := r.StatusInfo
	if si := r.ShipmentInfo; si != nil {
		if si.ServiceDescription != nil {
			u.Service = si.ServiceDescription.text()
		}
		// A reached SHIPMENT status (the parcel data arrived) is the
		// journey's first scan.
		statuses = append([]statusInfo{si.statusInfo}, statuses...)
	}
	skipped := 0
	for _, st := range statuses {
		if !isTrue(st.Reached) {
			continue // a status still to come, listed for the progress bar
		}
		t, local, err := parseDate(st.Date.Content)
		if err != nil {
			skipped++
			continue
		}
		desc := st.Description.text()
		if desc == "" {
			desc = strings.TrimSpace(st.Label.Content)
		}
		u.Scans = append(u.Scans, milestone.Scan{
			Time:        t,
			LocalTime:   local,
			Carrier:     ID,
			Code:        strings.TrimSpace(st.Status),
			Description: desc,
			Location:    strings.TrimSpace(st.Location.Content),
		})
	}
	if len(u.Scans) == 0 {
		if skipped > 0 {
			return nil, skipped, fmt.Errorf("dpd: track %s: none of %d reached statuses has a readable date: %w", n, skipped, carrier.ErrMalformed)
		}
		return nil, 0, carrier.Permanent(fmt.Errorf("dpd: track %s: DPD has no reached status for it yet: %w", n, carrier.ErrNotFound))
	}
	return u, skipped, nil
}

// unmarshal reads body into env. A body the XML decoder refuses is read
// again without what no XML text may hold (bytes that are not UTF-8, such
// as a Latin-1 letter, become U+FFFD; control characters but tab and line
// breaks are dropped), so that one stray byte in one description does not
// cost the whole answer.
func unmarshal(body []byte, env *envelope) error {
	err := xml.Unmarshal(body, env)
	if err == nil {
		return nil
	}
	clean := bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, bytes.ToValidUTF8(body, []byte("\uFFFD")))
	if bytes.Equal(clean, body) {
		return err
	}
	*env = envelope{}
	return xml.Unmarshal(clean, env)
}

// parseLogin reads the answer of LoginService getAuth.
func parseLogin(body []byte) (string, error) {
	var env envelope
	if err := xml.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("dpd: login: response is not the documented SOAP XML: %v: %w", err, carrier.ErrMalformed)
	}
	if env.Body.Fault != nil {
		return "", faultError("dpd: login", &env)
	}
	if env.Body.Auth == nil || env.Body.Auth.Return == nil || strings.TrimSpace(env.Body.Auth.Return.AuthToken) == "" {
		return "", fmt.Errorf("dpd: login: response has no getAuthResponse/return/authToken: %w", carrier.ErrMalformed)
	}
	return strings.TrimSpace(env.Body.Auth.Return.AuthToken), nil
}

func isTrue(s string) bool {
	s = strings.TrimSpace(s)
	return s == "true" || s == "1"
}

// dateLayouts are the ways DPD writes a status date, which follow the
// request's messageLanguage: "8/17/2021 7:11:26 PM" (en_US, also in the
// Benelux answers), "17.08.2021, 19:11" (de_DE), "17/08/2021, 19:11"
// (other English locales). None carries a zone.
var dateLayouts = []string{
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"02.01.2006, 15:04",
	"02.01.2006, 15:04:05",
	"02.01.2006 15:04:05",
	"02.01.2006 15:04",
	"02/01/2006, 15:04",
	"02/01/2006, 15:04:05",
	"02-01-2006 15:04:05",
	"02-01-2006 15:04",
}

// parseDate reads a status date. DPD writes the local wall clock of the
// depot without a zone: the time comes back in UTC's location as a
// container and local is true (milestone.Scan.LocalTime). ISO 8601 is read
// too, through kit.ParseCarrierTime, and keeps an offset it has.
func parseDate(s string) (t time.Time, local bool, err error) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, nil
		}
	}
	return kit.ParseCarrierTime(s)
}

// escape returns s with XML's special characters escaped.
func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// trackEnvelope is the getTrackingData request of the documentation.
func trackEnvelope(delisID, token, lang, n string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:ns="http://dpd.com/common/service/types/Authentication/2.0"` +
		` xmlns:ns1="http://dpd.com/common/service/types/ParcelLifeCycleService/2.0">` +
		`<soapenv:Header><ns:authentication>` +
		`<delisId>` + escape(delisID) + `</delisId>` +
		`<authToken>` + escape(token) + `</authToken>` +
		`<messageLanguage>` + escape(lang) + `</messageLanguage>` +
		`</ns:authentication></soapenv:Header>` +
		`<soapenv:Body><ns1:getTrackingData><parcelLabelNumber>` + escape(n) + `</parcelLabelNumber></ns1:getTrackingData></soapenv:Body>` +
		`</soapenv:Envelope>`)
}

// loginEnvelope is the getAuth request of LoginService 2.1.
func loginEnvelope(delisID, password, lang string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:ns="http://dpd.com/common/service/types/LoginService/2.1">` +
		`<soapenv:Header/><soapenv:Body><ns:getAuth>` +
		`<delisId>` + escape(delisID) + `</delisId>` +
		`<password>` + escape(password) + `</password>` +
		`<messageLanguage>` + escape(lang) + `</messageLanguage>` +
		`</ns:getAuth></soapenv:Body></soapenv:Envelope>`)
}
