package carrier_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wismo-dev/wismo/carrier"
)

// exampleDepot is a host's own adapter that can also track in batches.
type exampleDepot struct{ batches int }

func (*exampleDepot) ID() string { return "depot" }

func (d *exampleDepot) Track(ctx context.Context, n string) (*carrier.Update, error) {
	if !strings.HasPrefix(n, "D") {
		return nil, fmt.Errorf("depot: %s: %w", n, carrier.ErrNotFound)
	}
	return &carrier.Update{Carrier: "depot", TrackingNumber: n}, nil
}

func (*exampleDepot) MaxBatch() int { return 2 }

func (d *exampleDepot) TrackBatch(ctx context.Context, numbers []string) ([]carrier.TrackResult, error) {
	d.batches++
	out := make([]carrier.TrackResult, len(numbers))
	for i, n := range numbers {
		u, err := d.Track(ctx, n)
		out[i] = carrier.TrackResult{TrackingNumber: n, Update: u, Err: err}
	}
	return out, nil
}

func ExampleTrackMany() {
	depot := &exampleDepot{}
	reg := carrier.NewRegistry(depot)
	fmt.Println("registered:", reg.IDs())

	c, _ := reg.Get("depot")
	for _, r := range carrier.TrackMany(context.Background(), c, []string{"D1", "D2", "X3"}) {
		if r.Err != nil {
			fmt.Println(r.TrackingNumber, "not found:", errors.Is(r.Err, carrier.ErrNotFound))
			continue
		}
		fmt.Println(r.TrackingNumber, "tracked by", r.Update.Carrier)
	}
	fmt.Println("batch requests:", depot.batches)
	// Output:
	// registered: [depot]
	// D1 tracked by depot
	// D2 tracked by depot
	// X3 not found: true
	// batch requests: 2
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

	noJitter := 0.0
	c, err := carrier.NewHTTPClient(carrier.HTTPConfig{
		Carrier: "dhl_express",
		Auth:    carrier.APIKey{Header: "DHL-API-Key", Key: "demo-key"},
		Jitter:  &noJitter,
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
	err := carrier.StatusError("ups", &carrier.Response{StatusCode: 404, Body: []byte(`{"code":"TW0001","message":"Tracking Information Not Found"}`)})
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
	header := "hmac-sha256-hex=" + carrier.SignHMACHex(body, secret)
	fmt.Println(carrier.VerifyHMACHex(body, header, secret))

	forged := []byte(`{"object":"Event","description":"tracker.deleted"}`)
	fmt.Println(carrier.VerifyHMACHex(forged, header, secret))
	// Output:
	// <nil>
	// carrier: bad webhook signature: no secret matches
}

func ExampleVerify() {
	oldSecret, newSecret := []byte("whsec_old"), []byte("whsec_new")
	signedAt := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p := carrier.GenerateTestSignedPayload([]byte(`{"number":"1Z999"}`), signedAt, oldSecret)

	// During rotation the receiver accepts both secrets.
	secrets := [][]byte{newSecret, oldSecret}
	fmt.Println(carrier.Verify(p.Payload, p.Header, secrets, 5*time.Minute, signedAt.Add(time.Minute)))

	// The same request replayed an hour later is refused.
	err := carrier.Verify(p.Payload, p.Header, secrets, 5*time.Minute, signedAt.Add(time.Hour))
	fmt.Println(errors.Is(err, carrier.ErrTooOld), errors.Is(err, carrier.ErrBadSignature))
	// Output:
	// <nil>
	// true true
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

	c, err := carrier.NewHTTPClient(carrier.HTTPConfig{
		Carrier: "fedex",
		Auth: &carrier.ClientCredentials{
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

// An AfterShip-style webhook endpoint: read the raw body with a limit, verify
// the base64 HMAC before parsing anything.
func ExampleReadBody() {
	secrets := [][]byte{[]byte("current-secret"), []byte("previous-secret")}
	endpoint := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := carrier.ReadBody(r, 64<<10)
		if errors.Is(err, carrier.ErrBodyTooLarge) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := carrier.VerifyHMACBase64(body, r.Header.Get("aftership-hmac-sha256"), secrets...); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent) // parse and store the update here
	})

	send := func(body, sig string) int {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/aftership", strings.NewReader(body))
		req.Header.Set("aftership-hmac-sha256", sig)
		rec := httptest.NewRecorder()
		endpoint.ServeHTTP(rec, req)
		return rec.Code
	}
	body := `{"event":"tracking_update","msg":{"tracking_number":"1Z999"}}`
	fmt.Println("genuine:", send(body, carrier.SignHMACBase64([]byte(body), []byte("previous-secret"))))
	fmt.Println("forged:", send(body, carrier.SignHMACBase64([]byte(body), []byte("guess"))))
	fmt.Println("unsigned:", send(body, ""))
	fmt.Println("oversized:", send(strings.Repeat(" ", 65<<10), ""))
	// Output:
	// genuine: 204
	// forged: 401
	// unsigned: 401
	// oversized: 413
}
