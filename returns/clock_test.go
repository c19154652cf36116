package returns_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/wismo-dev/wismo/carrier/sim"
	"github.com/wismo-dev/wismo/returns"
)

// Issue 18, item 9: a returns Service built on a tracking Service without
// a clock of its own runs on the tracking Service's clock.
func TestServiceTakesTheTrackingClock(t *testing.T) {
	e := setup(t, func(c *returns.Config, _ *sim.Config) { c.Now = nil })
	r := request("r1")
	r.DeliveredAt = start.Add(-24 * time.Hour) // in the 14-day window on the test clock, long past it on the wall clock
	r.Items[0].Reason = returns.ReasonChangedMind
	got, d, err := e.rs.Request(e.ctx, r)
	require.NoError(t, err, "the window is counted on the tracking Service's clock")
	assert.True(t, d.Eligible)
	assert.True(t, start.Equal(got.CreatedAt), "created at %s, want the test clock's %s", got.CreatedAt, start)
}
