package postnl

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestAnswerAboutAnotherBarcode(t *testing.T) {
	t.Parallel()
	const asked = "3SWISM0000001"
	body := string(adaptertest.Fixture(t, "in_transit.json"))
	if strings.Count(body, `"3SWISM0000002"`) != 2 {
		t.Fatal("in_transit.json no longer names 3SWISM0000002 as MainBarcode and Barcode")
	}
	f := newFakePostNL(t)
	f.Set(asked, route{Body: body})
	u, err := newTestCarrier(t, f).Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 3SWISM0000002 must not be taken for %s", asked)
	assert.Nil(t, u)

	// A collo of the shipment whose main barcode was asked is read.
	f.Set(asked, route{Body: strings.Replace(body, `"MainBarcode": "3SWISM0000002"`, `"MainBarcode": "`+asked+`"`, 1)})
	u, err = newTestCarrier(t, f).Track(context.Background(), asked)
	if assert.NoError(t, err) {
		assert.NotEmpty(t, u.Scans)
	}
}
