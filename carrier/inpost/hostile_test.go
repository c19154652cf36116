package inpost

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestAnswerAboutAnotherNumber(t *testing.T) {
	t.Parallel()
	const asked = "600000000000000000000017"
	body := string(adaptertest.Fixture(t, "in_transit.json"))
	if !strings.Contains(body, `"520000011395200025754311"`) {
		t.Fatal("in_transit.json no longer names 520000011395200025754311")
	}
	f := newFakeShipX(t, testToken)
	f.Set(asked, route{Body: body})
	u, err := newTestCarrier(t, f).Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 520000011395200025754311 must not be taken for %s", asked)
	assert.Nil(t, u)

	// The same answer about the number asked, written with spaces, is read.
	f.Set(asked, route{Body: strings.Replace(body, `"520000011395200025754311"`, `"6000 0000 0000 0000 0000 0017"`, 1)})
	u, err = newTestCarrier(t, f).Track(context.Background(), asked)
	if assert.NoError(t, err) {
		assert.NotEmpty(t, u.Scans)
	}
}
