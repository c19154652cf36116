package carrier_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
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

func ExampleVerify() {
	oldSecret, newSecret := []byte("whsec_old"), []byte("whsec_new")
	signedAt := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	payload := []byte(`{"number":"1Z999"}`)
	header := carrier.Sign(signedAt, payload, oldSecret)

	// During rotation the receiver accepts both secrets.
	secrets := [][]byte{newSecret, oldSecret}
	fmt.Println(carrier.Verify(payload, header, secrets, 5*time.Minute, signedAt.Add(time.Minute)))

	// The same request replayed an hour later is refused.
	err := carrier.Verify(payload, header, secrets, 5*time.Minute, signedAt.Add(time.Hour))
	fmt.Println(errors.Is(err, carrier.ErrTooOld), errors.Is(err, carrier.ErrBadSignature))
	// Output:
	// <nil>
	// true true
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
		if err := kit.VerifyHMACBase64(body, r.Header.Get("aftership-hmac-sha256"), secrets...); err != nil {
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
	fmt.Println("genuine:", send(body, kit.SignHMACBase64([]byte(body), []byte("previous-secret"))))
	fmt.Println("forged:", send(body, kit.SignHMACBase64([]byte(body), []byte("guess"))))
	fmt.Println("unsigned:", send(body, ""))
	fmt.Println("oversized:", send(strings.Repeat(" ", 65<<10), ""))
	// Output:
	// genuine: 204
	// forged: 401
	// unsigned: 401
	// oversized: 413
}
