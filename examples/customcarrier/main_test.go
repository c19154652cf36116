package main

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

// The host's own adapter passes the same kit as wismo's adapters.
func TestKurierNordConformance(t *testing.T) {
	api := fakeAPI()
	defer api.Close()
	carriertest.Run(t, func(t *testing.T) carrier.Carrier {
		kn, err := NewKurierNord(api.URL, "demo")
		if err != nil {
			t.Fatal(err)
		}
		return kn
	}, carriertest.Features{KnownNumbers: []string{"KN-1001"}, UnknownNumber: "KN-0000"})
}

func TestRun(t *testing.T) {
	if err := run(); err != nil {
		t.Fatal(err)
	}
}
