package dhl

import (
	"testing"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/carriertest"
)

func TestConformance(t *testing.T) {
	srv := server(t, nil)
	carriertest.Run(t, func(t *testing.T) carrier.Carrier { return newTest(t, srv, "key") }, carriertest.Features{
		KnownNumbers:  []string{"1234567890", "00340434161094042557", "9876543210"},
		UnknownNumber: "0000000000",
	})
}
