package insights

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestQuantileNearestRank(t *testing.T) {
	// Ten samples: 0,1,1,2,2,2,2,2,3,3 (sorted). Nearest rank: the 5th is
	// the median, the 9th the p90.
	h := hist{counts: []int{1, 2, 5, 2}}
	for _, c := range []struct {
		q    float64
		want int
	}{{0.1, 0}, {0.2, 1}, {0.3, 1}, {0.5, 2}, {0.8, 2}, {0.9, 3}, {1, 3}} {
		require.Equal(t, c.want, h.quantile(c.q), "quantile(%v)", c.q)
	}
	require.Zero(t, (&hist{}).quantile(0.5), "no samples")

	// Samples beyond MaxDays count in the last bucket, negative ones as 0.
	var g hist
	g.add(45, 30)
	g.add(-1, 30)
	d := g.distribution()
	require.Equal(t, 2, d.N)
	require.Equal(t, 1, d.Histogram[0])
	require.Equal(t, 1, d.Histogram[30])
	require.Equal(t, 30, d.P90)
}
