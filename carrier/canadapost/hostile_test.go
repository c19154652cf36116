package canadapost

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestAnswerAboutAnotherPIN(t *testing.T) {
	t.Parallel()
	const asked = "7023210039414611"
	f := newFake(t)
	f.Set(asked, route{File: "delivered.xml"}) // pin 7023210039414604
	c := newTestCarrier(t, f)
	u, err := c.Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 7023210039414604 must not be taken for %s", asked)
	assert.Nil(t, u)

	// A delivery notice card's answer names the parcel's PIN: it is read.
	f.Set("168067817265091", route{File: "real_activeshipping_dnc_tracking_details_en.xml"})
	u, err = c.Track(context.Background(), "168067817265091")
	require.NoError(t, err)
	assert.NotEmpty(t, u.Scans)
}

var pinRE = regexp.MustCompile(`<pin>([^<]*)</pin>`)

// pinOf returns the pin a tracking-detail fixture names.
func pinOf(t testing.TB, file string) string {
	t.Helper()
	m := pinRE.FindSubmatch(adaptertest.Fixture(t, file))
	if m == nil {
		return "1371134583769923" // a messages answer names none
	}
	return string(m[1])
}
