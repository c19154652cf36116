// Command customcarrier shows how a shop writes an adapter for a carrier
// wismo does not ship — here "Kurier Nord", a regional courier with a small
// JSON API — teaches the classifier its event codes, and proves the adapter
// with the conformance kit before wiring it into a tracking Service.
//
//	go run ./examples/customcarrier
//
// The courier's API is simulated in-process, so the example needs no
// network; main_test.go runs the full kit (carriertest.Run) on the adapter.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// KurierNord is the adapter: the two methods of carrier.Carrier, built on the
// shared HTTP client (rate limit, retries, size limit, API key).
type KurierNord struct {
	base *url.URL
	http *kit.HTTPClient
}

// NewKurierNord returns an adapter for the API at baseURL.
func NewKurierNord(baseURL, apiKey string) (*KurierNord, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("kurier_nord: base URL: %w", err)
	}
	c, err := kit.NewHTTPClient(kit.HTTPConfig{
		Carrier: "kurier_nord",
		Auth:    kit.APIKey{Header: "X-Api-Key", Key: apiKey},
	})
	if err != nil {
		return nil, err
	}
	return &KurierNord{base: u, http: c}, nil
}

// ID returns the carrier id wismo knows the courier by.
func (k *KurierNord) ID() string { return "kurier_nord" }

// apiParcel is the courier's documented answer to GET /v1/parcels/{number}.
type apiParcel struct {
	Number string `json:"number"`
	ETA    string `json:"eta"` // RFC 3339, optional
	Events []struct {
		At    string `json:"at"` // RFC 3339 with offset
		Code  string `json:"code"`
		Text  string `json:"text"`
		Depot string `json:"depot"`
	} `json:"events"`
}

// Track asks the courier about one parcel.
func (k *KurierNord) Track(ctx context.Context, number string) (*carrier.Update, error) {
	u := k.base.JoinPath("v1", "parcels", url.PathEscape(strings.TrimSpace(number)))
	resp, err := k.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	})
	if err != nil {
		return nil, fmt.Errorf("kurier_nord: track %s: %w", number, err)
	}
	if resp.StatusCode != http.StatusOK {
		// 404 -> ErrNotFound, 401 -> ErrUnauthorized, 5xx temporary, ...
		return nil, fmt.Errorf("kurier_nord: track %s: %w", number, kit.StatusError(k.ID(), resp))
	}
	var p apiParcel
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		return nil, fmt.Errorf("kurier_nord: track %s: %w: %v", number, carrier.ErrMalformed, err)
	}
	up := &carrier.Update{Carrier: k.ID(), TrackingNumber: p.Number}
	for _, e := range p.Events {
		at, err := time.Parse(time.RFC3339, e.At)
		if err != nil {
			return nil, fmt.Errorf("kurier_nord: track %s: %w: event time %q", number, carrier.ErrMalformed, e.At)
		}
		up.Scans = append(up.Scans, milestone.Scan{Time: at, Carrier: k.ID(), Code: e.Code, Description: e.Text, Location: e.Depot})
	}
	if p.ETA != "" {
		if up.EstimatedDelivery, err = time.Parse(time.RFC3339, p.ETA); err != nil {
			return nil, fmt.Errorf("kurier_nord: track %s: %w: eta %q", number, carrier.ErrMalformed, p.ETA)
		}
	}
	return up, nil
}

// codes is the courier's event-code list, as its documentation gives it.
var codes = []milestone.CodeEntry{
	{Code: "AV", Milestone: milestone.InfoReceived},
	{Code: "AB", Milestone: milestone.PickedUp},
	{Code: "HUB", Milestone: milestone.InTransit},
	{Code: "UMS", Milestone: milestone.Noise},
	{Code: "ZU", Milestone: milestone.OutForDelivery},
	{Code: "NA", Milestone: milestone.DeliveryAttempted, Detail: milestone.DetailNotHome},
	{Code: "OK", Milestone: milestone.Delivered},
}

// fakeAPI stands in for the courier's servers.
func fakeAPI() *httptest.Server {
	parcels := map[string]string{
		"KN-1001": `{"number":"KN-1001","eta":"2026-03-04T18:00:00+01:00","events":[
			{"at":"2026-03-02T09:10:00+01:00","code":"AV","text":"Auftrag erfasst","depot":"Hamburg"},
			{"at":"2026-03-02T17:45:00+01:00","code":"AB","text":"Abgeholt beim Versender","depot":"Hamburg"},
			{"at":"2026-03-03T02:30:00+01:00","code":"UMS","text":"Umschlag","depot":"Kiel"},
			{"at":"2026-03-03T08:05:00+01:00","code":"ZU","text":"In Zustellung","depot":"Kiel"}]}`,
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "demo" {
			http.Error(w, `{"error":"bad key"}`, http.StatusUnauthorized)
			return
		}
		body, ok := parcels[strings.TrimPrefix(r.URL.Path, "/v1/parcels/")]
		if !ok {
			http.Error(w, `{"error":"unknown parcel"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	// Timeouts on every phase of a request, as any server needs.
	srv.Config.ReadHeaderTimeout = 5 * time.Second
	srv.Config.ReadTimeout = 15 * time.Second
	srv.Config.WriteTimeout = 30 * time.Second
	srv.Config.IdleTimeout = 2 * time.Minute
	srv.Start()
	return srv
}

func run() error {
	api := fakeAPI()
	defer api.Close()
	kn, err := NewKurierNord(api.URL, "demo")
	if err != nil {
		return err
	}
	// 1. Prove the adapter with the conformance kit (tests use carriertest.Run).
	if err := carriertest.Check(func() carrier.Carrier { return kn }, carriertest.Features{
		KnownNumbers: []string{"KN-1001"}, UnknownNumber: "KN-0000",
	}); err != nil {
		return fmt.Errorf("the adapter breaks a rule: %w", err)
	}
	fmt.Println("conformance kit: every rule holds")

	// 2. Teach the classifier the courier's codes, on top of the built-in knowledge.
	k, err := milestone.NewClassifier(milestone.WithCodes("kurier_nord", codes...))
	if err != nil {
		return err
	}

	// 3. Track, as the tracking Service would (register kn in carrier.NewRegistry).
	u, err := kn.Track(context.Background(), "KN-1001")
	if err != nil {
		return err
	}
	for _, s := range u.Scans {
		r := k.Explain(s)
		fmt.Printf("%s  %-24s %-17s (%s)\n", s.Time.Format("Mon 15:04"), s.Description, r.Milestone, r.Rule)
	}
	fmt.Println("estimate:", u.EstimatedDelivery.Format("Mon 2 Jan 15:04"))

	if _, err := kn.Track(context.Background(), "KN-0000"); errors.Is(err, carrier.ErrNotFound) {
		fmt.Println("unknown parcel: carrier.ErrNotFound")
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "customcarrier:", err)
		os.Exit(1)
	}
}
