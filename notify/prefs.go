package notify

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Prefs are one recipient's notification preferences.
type Prefs struct {
	// Channels are the channel names to try, in order, such as
	// ["email", "sms"]. Empty means the dispatcher's DefaultChannels; names
	// the dispatcher does not have are skipped.
	Channels []string
	// OptOut lists the kinds the recipient does not want. Only customer
	// tracking kinds can be opted out of (see Kind.OptOutable), and a message
	// that requires action is sent anyway.
	OptOut []Kind
	// QuietHours is when the recipient does not want to be disturbed, in
	// the recipient's time zone: every message to them waits for its end
	// and is never dropped. The zero QuietHours means the shop's window
	// (DispatcherConfig.QuietHours, which holds only messages that are not
	// urgent); NoQuietHours means none at all.
	QuietHours QuietHours
	// Language overrides Recipient.Locale when not empty, such as "de".
	Language string
	// MarketingConsent allows marketing content (recommendations, care
	// tips). Without it no message carries such content.
	MarketingConsent bool
}

// OptedOut reports whether p opts out of kind k.
func (p Prefs) OptedOut(k Kind) bool { return slices.Contains(p.OptOut, k) }

// Preferences looks up a recipient's preferences. The host implements it over
// its own customer data; MemoryPreferences is an in-memory implementation.
// A recipient without stored preferences gets the implementation's default
// and no error; an error means the lookup failed and the dispatcher retries.
type Preferences interface {
	Lookup(ctx context.Context, r Recipient) (Prefs, error)
}

// PreferencesFunc adapts a function to the Preferences interface.
type PreferencesFunc func(ctx context.Context, r Recipient) (Prefs, error)

// Lookup calls f(ctx, r).
func (f PreferencesFunc) Lookup(ctx context.Context, r Recipient) (Prefs, error) { return f(ctx, r) }

// MemoryPreferences keeps preferences in memory, keyed by Recipient.ID. The
// zero value is ready to use; it is safe for concurrent use.
type MemoryPreferences struct {
	// Default is returned for recipients without stored preferences.
	Default Prefs

	mu sync.RWMutex
	m  map[string]Prefs
}

// Set stores the preferences of the recipient with the given id.
func (p *MemoryPreferences) Set(recipientID string, prefs Prefs) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]Prefs{}
	}
	p.m[recipientID] = prefs
}

// Delete removes the recipient's preferences (for erasure requests).
func (p *MemoryPreferences) Delete(recipientID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, recipientID)
}

// Lookup returns the preferences stored for r.ID, or Default.
func (p *MemoryPreferences) Lookup(_ context.Context, r Recipient) (Prefs, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if prefs, ok := p.m[r.ID]; ok {
		return prefs, nil
	}
	return p.Default, nil
}

// QuietHours is a daily period, in the recipient's local time, during which
// messages wait. Start and End are offsets from midnight; an End before Start
// spans midnight (21:00 to 08:00). Start == End means no quiet hours.
type QuietHours struct {
	// Start is when the quiet period begins, as an offset from midnight.
	Start time.Duration
	// End is when it ends, as an offset from midnight (24h at most).
	End time.Duration
}

// DefaultQuietHours is the shop's quiet window when DispatcherConfig sets
// none: 21:00 to 08:00 in each recipient's zone.
var DefaultQuietHours = QuietHours{Start: 21 * time.Hour, End: 8 * time.Hour}

// NoQuietHours is a quiet window that never begins. As Prefs.QuietHours it
// lets every message through to that recipient at any hour; as
// DispatcherConfig.QuietHours it switches the shop's default window off.
var NoQuietHours = QuietHours{Start: -1, End: -1}

// ParseQuietHours parses "21:00-08:00". "none", and a window that ends
// when it starts ("00:00-00:00"), give NoQuietHours.
func ParseQuietHours(s string) (QuietHours, error) {
	if s == "none" {
		return NoQuietHours, nil
	}
	var sh, sm, eh, em int
	if n, err := fmt.Sscanf(s, "%d:%d-%d:%d", &sh, &sm, &eh, &em); err != nil || n != 4 ||
		sh < 0 || sh > 23 || eh < 0 || eh > 24 || sm < 0 || sm > 59 || em < 0 || em > 59 || (eh == 24 && em != 0) {
		return QuietHours{}, fmt.Errorf("notify: quiet hours %q: want HH:MM-HH:MM", s)
	}
	q := QuietHours{
		Start: time.Duration(sh)*time.Hour + time.Duration(sm)*time.Minute,
		End:   time.Duration(eh)*time.Hour + time.Duration(em)*time.Minute,
	}
	if q.IsZero() {
		return NoQuietHours, nil
	}
	return q, nil
}

// IsZero reports whether q has no quiet period (Start == End, as in the
// zero QuietHours and NoQuietHours).
func (q QuietHours) IsZero() bool { return q.Start == q.End }

// String returns q as "21:00-08:00", and NoQuietHours as "none".
func (q QuietHours) String() string {
	if q == NoQuietHours {
		return "none"
	}
	f := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return f(q.Start) + "-" + f(q.End)
}

// Until reports whether t falls in the quiet period, reading t's clock time
// in t's location, and if so returns the end of that period (in t's location,
// with daylight saving time handled by time.Date).
func (q QuietHours) Until(t time.Time) (time.Time, bool) {
	if q.IsZero() {
		return time.Time{}, false
	}
	y, mo, d := t.Date()
	at := func(day int, off time.Duration) time.Time {
		return time.Date(y, mo, d+day, int(off/time.Hour), int(off%time.Hour/time.Minute), 0, 0, t.Location())
	}
	h, m, s := t.Clock()
	clock := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second
	if q.Start < q.End { // same day, e.g. 12:00-14:00
		if clock >= q.Start && clock < q.End {
			return at(0, q.End), true
		}
		return time.Time{}, false
	}
	// Spans midnight, e.g. 21:00-08:00.
	if clock >= q.Start {
		return at(1, q.End), true
	}
	if clock < q.End {
		return at(0, q.End), true
	}
	return time.Time{}, false
}
