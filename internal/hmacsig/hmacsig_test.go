package hmacsig

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var (
	now     = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	payload = []byte(`{"kind":"delivered"}`)
	oldKey  = []byte("whsec_old")
	newKey  = []byte("whsec_new")
)

func TestVerify(t *testing.T) {
	for _, c := range []struct {
		name    string
		header  string
		payload []byte
		secrets [][]byte
		at      time.Time
		want    error
	}{
		{"valid", Sign(now, payload, newKey), payload, [][]byte{newKey}, now, nil},
		{"valid within tolerance", Sign(now, payload, newKey), payload, [][]byte{newKey}, now.Add(4 * time.Minute), nil},
		{"receiver rotating accepts the old secret", Sign(now, payload, oldKey), payload, [][]byte{newKey, oldKey}, now, nil},
		{"sender rotating signs with both", Sign(now, payload, oldKey, newKey), payload, [][]byte{newKey}, now, nil},
		{"forged body", Sign(now, payload, newKey), []byte(`{"kind":"lost"}`), [][]byte{newKey}, now, ErrMismatch},
		{"wrong secret", Sign(now, payload, oldKey), payload, [][]byte{newKey}, now, ErrMismatch},
		{"replayed later", Sign(now, payload, newKey), payload, [][]byte{newKey}, now.Add(6 * time.Minute), ErrTooOld},
		{"from the future", Sign(now.Add(10*time.Minute), payload, newKey), payload, [][]byte{newKey}, now, ErrTooOld},
		{"empty header", "", payload, [][]byte{newKey}, now, ErrNotSigned},
		{"no v1", "t=1772442000", payload, [][]byte{newKey}, now, ErrNotSigned},
		{"no timestamp", "v1=00", payload, [][]byte{newKey}, now, ErrMalformed},
		{"garbage", "hello", payload, [][]byte{newKey}, now, ErrMalformed},
		{"timestamp swapped", strings.Replace(Sign(now, payload, newKey), "t=", "t=1", 1), payload, [][]byte{newKey}, now, ErrTooOld},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Verify(c.payload, c.header, c.secrets, 5*time.Minute, c.at)
			if c.want == nil && err != nil {
				t.Fatalf("Verify = %v, want nil", err)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func TestToleranceOff(t *testing.T) {
	h := Sign(now.Add(-48*time.Hour), payload, newKey)
	if err := Verify(payload, h, [][]byte{newKey}, -1, now); err != nil {
		t.Fatalf("tolerance -1 must skip the timestamp check: %v", err)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{}`), Sign(now, []byte(`{}`), newKey))
	f.Add([]byte(`x`), "t=1,v1=zz")
	f.Add([]byte(``), "t=,v1=")
	f.Add([]byte(`x`), ",,,=,t=-5")
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		err := Verify(body, header, [][]byte{newKey}, 5*time.Minute, now)
		if err == nil {
			// Only a genuine signature may pass: one of the v1 values must be
			// the MAC of this body under the secret.
			h, perr := Parse(header)
			if perr != nil {
				t.Fatalf("accepted an unparsable header %q", header)
			}
			want := MAC(newKey, h.Timestamp, body)
			if !strings.Contains(strings.ToLower(header), "v1="+want) {
				t.Fatalf("accepted header %q without the genuine MAC %s", header, want)
			}
		}
	})
}

func ExampleVerify() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"kind":"delivered"}`)
	header := Sign(at, body, []byte("new"), []byte("old")) // the sender rotates: signs with both
	fmt.Println(Verify(body, header, [][]byte{[]byte("old")}, 5*time.Minute, at.Add(time.Minute)))
	fmt.Println(Verify(body, header, [][]byte{[]byte("old")}, 5*time.Minute, at.Add(time.Hour)) != nil)
	// Output:
	// <nil>
	// true
}

// TestEmptySecretNeverVerifies: a secret list holding an empty secret (an
// unset environment variable) must not accept a signature made with the
// empty key, which anyone can compute.
func TestEmptySecretNeverVerifies(t *testing.T) {
	forged := fmt.Sprintf("t=%d,v1=%s", now.Unix(), MAC(nil, now.Unix(), payload))
	for name, secrets := range map[string][][]byte{
		"only empty":       {{}},
		"empty and real":   {newKey, {}},
		"nil and real":     {nil, oldKey},
		"no secret at all": nil,
	} {
		err := Verify(payload, forged, secrets, time.Minute, now)
		if !errors.Is(err, ErrMismatch) {
			t.Errorf("%s: Verify of an empty-key signature = %v, want ErrMismatch", name, err)
		}
	}
	if err := Verify(payload, forged, [][]byte{{}}, time.Minute, now); !errors.Is(err, ErrNoSecret) {
		t.Errorf("only an empty secret: %v, want ErrNoSecret", err)
	}
	if h := Sign(now, payload, []byte{}); strings.Contains(h, "v1=") {
		t.Errorf("Sign with the empty key wrote a signature: %q", h)
	}
}

func TestCheckSecrets(t *testing.T) {
	if err := CheckSecrets("S", [][]byte{newKey, oldKey}, 8); err != nil {
		t.Errorf("good secrets: %v", err)
	}
	for name, s := range map[string][][]byte{"none": nil, "empty": {newKey, {}}, "short": {[]byte("short")}} {
		if err := CheckSecrets("S", s, 8); err == nil {
			t.Errorf("%s: CheckSecrets accepted it", name)
		}
	}
	if err := CheckSecrets("S", [][]byte{{}}, 0); err == nil {
		t.Error("an empty secret passed with a minimum of 0")
	}
}
