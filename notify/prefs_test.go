package notify

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseQuietHours(t *testing.T) {
	t.Parallel()
	q, err := ParseQuietHours("21:00-08:00")
	require.NoError(t, err)
	assert.Equal(t, QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}, q)
	assert.Equal(t, "21:00-08:00", q.String())
	q, err = ParseQuietHours("12:30-14:15")
	require.NoError(t, err)
	assert.Equal(t, "12:30-14:15", q.String())
	for _, bad := range []string{"", "21-08", "25:00-08:00", "21:60-08:00", "nine to five"} {
		_, err := ParseQuietHours(bad)
		assert.Error(t, err, bad)
	}
}

func TestQuietHoursUntil(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	night := QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	for _, tc := range []struct {
		now   time.Time
		until time.Time
		quiet bool
	}{
		{at(2, 20, 59), time.Time{}, false},
		{at(2, 21, 0), at(3, 8, 0), true},
		{at(2, 23, 30), at(3, 8, 0), true},
		{at(3, 2, 0), at(3, 8, 0), true},
		{at(3, 7, 59), at(3, 8, 0), true},
		{at(3, 8, 0), time.Time{}, false},
		{at(3, 12, 0), time.Time{}, false},
	} {
		until, quiet := night.Until(tc.now)
		assert.Equal(t, tc.quiet, quiet, "%v", tc.now)
		assert.True(t, tc.until.Equal(until), "%v: until %v, want %v", tc.now, until, tc.until)
	}
	// Same-day quiet hours.
	lunch := QuietHours{Start: 12 * time.Hour, End: 14 * time.Hour}
	until, quiet := lunch.Until(at(2, 13, 0))
	assert.True(t, quiet)
	assert.True(t, at(2, 14, 0).Equal(until))
	_, quiet = lunch.Until(at(2, 14, 0))
	assert.False(t, quiet)
	// No quiet hours.
	_, quiet = QuietHours{}.Until(at(2, 3, 0))
	assert.False(t, quiet)
	// The night the clocks go forward (29 March 2026): 08:00 local is still 08:00 local.
	until, quiet = night.Until(at(28, 22, 0))
	assert.True(t, quiet)
	assert.Equal(t, at(29, 8, 0), until)
	assert.Equal(t, 9*time.Hour, until.Sub(at(28, 22, 0)), "one hour of the night is skipped")
}

func TestMemoryPreferences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var p MemoryPreferences
	p.Default = Prefs{Channels: []string{"email"}}
	got, err := p.Lookup(ctx, Recipient{ID: "c1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"email"}, got.Channels, "unknown recipients get the default")

	p.Set("c1", Prefs{Channels: []string{"sms"}, OptOut: []Kind{KindShipped}, MarketingConsent: true})
	got, err = p.Lookup(ctx, Recipient{ID: "c1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"sms"}, got.Channels)
	assert.True(t, got.OptedOut(KindShipped))
	assert.False(t, got.OptedOut(KindDelivered))
	assert.True(t, got.MarketingConsent)

	p.Delete("c1")
	got, err = p.Lookup(ctx, Recipient{ID: "c1"})
	require.NoError(t, err)
	assert.False(t, got.MarketingConsent, "erased preferences fall back to the default")
}

func TestKinds(t *testing.T) {
	t.Parallel()
	ks := Kinds()
	assert.Len(t, ks, 22)
	seen := map[Kind]bool{}
	for _, k := range ks {
		assert.True(t, k.Valid(), k)
		assert.False(t, seen[k], "duplicate %s", k)
		seen[k] = true
	}
	assert.False(t, Kind("teleported").Valid())
	assert.Equal(t, Merchant, KindLost.Audience())
	assert.Equal(t, Customer, KindRefundIssued.Audience())
	assert.True(t, KindDelayed.OptOutable())
	assert.False(t, KindLost.OptOutable(), "merchant kinds")
	assert.False(t, KindReturnLabel.OptOutable(), "returns kinds")
	assert.False(t, Kind("teleported").OptOutable())
}

func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"21:00-08:00", "12:30-14:15", "00:00-24:00", "24:00-01:00", "9:5-7:3", "", "21:00-", "-1:00-02:00", "23:59-23:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuietHours(s)
		if err != nil {
			return
		}
		if q != NoQuietHours && (q.Start < 0 || q.Start >= 24*time.Hour || q.End < 0 || q.End > 24*time.Hour) {
			t.Fatalf("%q parsed out of range: %+v", s, q)
		}
		back, err := ParseQuietHours(q.String())
		if err != nil || back != q {
			t.Fatalf("%q: String %q does not parse back: %+v, %v", s, q.String(), back, err)
		}
		now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		for h := range 24 {
			at := now.Add(time.Duration(h)*time.Hour + 17*time.Minute)
			if until, quiet := q.Until(at); quiet && (!until.After(at) || until.Sub(at) > 24*time.Hour) {
				t.Fatalf("%q at %v: quiet until %v", s, at, until)
			}
		}
	})
}
