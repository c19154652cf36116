package laposte

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/internal/adaptertest"
)

func TestAnswerAboutAnotherNumber(t *testing.T) {
	t.Parallel()
	const asked, other = "6A11111111116", "XS123456785FR"
	f := newFakeSuivi(t)
	f.Set(asked, route{File: "delivered.json"}) // about 6A12345678912
	c := newTestCarrier(t, f)
	u, err := c.Track(context.Background(), asked)
	assert.ErrorIs(t, err, carrier.ErrMalformed, "an answer about 6A12345678912 must not be taken for %s", asked)
	assert.Nil(t, u)

	// In a batch, an element in the asked number's place that names
	// another number is not its answer either.
	f.Set(asked+","+other, route{Body: `[` + string(adaptertest.Fixture(t, "delivered.json")) + `,` + string(adaptertest.Fixture(t, "in_transit.json")) + `]`})
	res, err := c.TrackBatch(context.Background(), []string{asked, other})
	require.NoError(t, err)
	assert.ErrorIs(t, res[0].Err, carrier.ErrMalformed)
	assert.Nil(t, res[0].Update)
	require.NoError(t, res[1].Err)
	assert.Equal(t, other, res[1].Update.TrackingNumber)
}

// TestBatchSameNumberTwice: a number given twice, in two spellings, gets
// two results, each its own Update naming the number as given.
func TestBatchSameNumberTwice(t *testing.T) {
	t.Parallel()
	f := newFakeSuivi(t)
	f.Set("6A12345678912", route{File: "delivered.json"})
	f.Set("6A12345678912,6A12345678912", route{Body: `[` + string(adaptertest.Fixture(t, "delivered.json")) + `]`})
	numbers := []string{"6A12345678912", "6a 1234 5678 912"}
	res, err := newTestCarrier(t, f).TrackBatch(context.Background(), numbers)
	require.NoError(t, err)
	for i, r := range res {
		require.NoError(t, r.Err, i)
		assert.Equal(t, numbers[i], r.Update.TrackingNumber, i)
	}
	assert.NotSame(t, res[0].Update, res[1].Update, "results must not share an Update")
}
