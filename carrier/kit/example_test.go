package kit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// A small adapter built from the kit: NewAdapterClient for the client with
// its key, Do for the request, StatusError for the answers it has nothing
// more specific to say about, ParseCarrierTime and JoinLocation for the
// scans. An unknown number comes back as carrier.ErrNotFound.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "demo-key" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path != "/v1/track/KN123" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"events":[{"at":"2026-03-02T09:15:00+01:00","text":"Picked up","city":"Kiel","country":"DE"}]}`)
	}))
	defer api.Close()

	client, base, err := kit.NewAdapterClient("kurier_nord", api.URL, kit.APIKey{Header: "X-Api-Key", Key: "demo-key"}, kit.HTTPConfig{})
	if err != nil {
		panic(err)
	}
	track := func(ctx context.Context, raw string) (*carrier.Update, error) {
		number, ok := kit.CompactNumber(raw)
		if !ok {
			return nil, fmt.Errorf("kurier_nord: tracking number %q: %w", raw, carrier.ErrNotFound)
		}
		resp, err := client.Do(ctx, func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodGet, base.JoinPath("v1", "track", number).String(), nil)
		})
		if err != nil {
			return nil, err
		}
		if err := kit.StatusError("kurier_nord", resp); err != nil {
			return nil, err
		}
		var body struct {
			Events []struct{ At, Text, City, Country string }
		}
		if err := json.Unmarshal(resp.Body, &body); err != nil {
			return nil, fmt.Errorf("kurier_nord: track %s: %w", number, carrier.ErrMalformed)
		}
		u := &carrier.Update{Carrier: "kurier_nord", TrackingNumber: number}
		for _, e := range body.Events {
			at, local, err := kit.ParseCarrierTime(e.At)
			if err != nil {
				return nil, fmt.Errorf("kurier_nord: track %s: %w", number, err)
			}
			u.Scans = append(u.Scans, milestone.Scan{Time: at, LocalTime: local, Carrier: "kurier_nord",
				Description: e.Text, Location: kit.JoinLocation(e.City, e.Country)})
		}
		return u, nil
	}

	u, err := track(context.Background(), "kn-123")
	fmt.Println(u.Scans[0].Time, u.Scans[0].Location, u.Scans[0].Description, err)
	_, err = track(context.Background(), "KN999")
	fmt.Println(errors.Is(err, carrier.ErrNotFound), carrier.IsTemporary(err))
	// Output:
	// 2026-03-02 09:15:00 +0100 +0100 Kiel, DE Picked up <nil>
	// true false
}

func ExampleHTTPClient() {
	// A carrier API that is briefly overloaded, then answers.
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch attempts.Add(1) {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			fmt.Fprintf(w, `{"status":"in_transit","key":%q}`, r.Header.Get("DHL-API-Key"))
		}
	}))
	defer srv.Close()

	noJitter := -1.0 // switches jitter off
	c, err := kit.NewHTTPClient(kit.HTTPConfig{
		Carrier: "dhl_express",
		Auth:    kit.APIKey{Header: "DHL-API-Key", Key: "demo-key"},
		Jitter:  noJitter,
		Sleep: func(ctx context.Context, d time.Duration) error { // instead of really waiting
			fmt.Println("waiting", d)
			return ctx.Err()
		},
	})
	if err != nil {
		panic(err)
	}
	resp, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/track/shipments?trackingNumber=1234567890", nil)
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, string(resp.Body), "after", attempts.Load(), "attempts")
	// Output:
	// waiting 500ms
	// waiting 2s
	// 200 {"status":"in_transit","key":"demo-key"} after 3 attempts
}

func ExampleStatusError() {
	err := kit.StatusError("ups", &kit.Response{StatusCode: 404, Body: []byte(`{"code":"TW0001","message":"Tracking Information Not Found"}`)})
	fmt.Println(errors.Is(err, carrier.ErrNotFound), carrier.IsTemporary(err))
	fmt.Println(err)
	// Output:
	// true false
	// carrier ups: HTTP 404 Not Found: {"code":"TW0001","message":"Tracking Information Not Found"}
}

func ExampleVerifyHMACHex() {
	secret := []byte("easypost-webhook-secret")
	body := []byte(`{"object":"Event","description":"tracker.updated"}`)

	// What EasyPost sends, and how an endpoint checks it.
	header := "hmac-sha256-hex=" + kit.SignHMACHex(body, secret)
	fmt.Println(kit.VerifyHMACHex(body, header, secret))

	forged := []byte(`{"object":"Event","description":"tracker.deleted"}`)
	fmt.Println(kit.VerifyHMACHex(forged, header, secret))
	// Output:
	// <nil>
	// carrier: bad webhook signature: no secret matches
}

func ExampleClientCredentials() {
	// A token endpoint and an API that wants its bearer token.
	var fetches atomic.Int32
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		if r.PostFormValue("client_secret") != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"t-1","token_type":"Bearer","expires_in":3599}`)
	}))
	defer tokens.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Header.Get("Authorization"))
	}))
	defer api.Close()

	c, err := kit.NewHTTPClient(kit.HTTPConfig{
		Carrier: "fedex",
		Auth: &kit.ClientCredentials{
			TokenURL: tokens.URL + "/oauth/token", ClientID: "my-id", ClientSecret: "s3cret",
		},
	})
	if err != nil {
		panic(err)
	}
	for range 3 {
		resp, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodPost, api.URL+"/track/v1/trackingnumbers", strings.NewReader(`{}`))
		})
		if err != nil {
			panic(err)
		}
		fmt.Println(string(resp.Body))
	}
	fmt.Println("token fetches:", fetches.Load())
	// Output:
	// Bearer t-1
	// Bearer t-1
	// Bearer t-1
	// token fetches: 1
}
