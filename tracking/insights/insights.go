package insights

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Source is where history comes from: a store that implements the optional
// store.HistoryReader (tracking/memstore and tracking/sqlstore do).
type Source = store.HistoryReader

// ErrNoHistory is returned (wrapped) by AsSource when a store cannot stream
// its history.
var ErrNoHistory = errors.New("insights: store does not implement store.HistoryReader")

// AsSource returns st as a Source, or an error wrapping ErrNoHistory when st
// does not implement store.HistoryReader.
func AsSource(st store.Store) (Source, error) {
	if hr, ok := st.(store.HistoryReader); ok {
		return hr, nil
	}
	return nil, fmt.Errorf("%w: %T", ErrNoHistory, st)
}

// Range selects the shipments registered in [From, To). A zero bound is open.
type Range struct {
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

func (r Range) query() store.HistoryQuery {
	return store.HistoryQuery{CreatedFrom: r.From, CreatedTo: r.To}
}

// Dimension is a shipment attribute reports can be grouped by.
type Dimension string

// The dimensions. Reports are always grouped by carrier; the others are
// optional.
const (
	DimCarrier     Dimension = "carrier"
	DimService     Dimension = "service"
	DimOrigin      Dimension = "origin"
	DimDestination Dimension = "destination"
)

// Dimensions returns every dimension, in grouping order.
func Dimensions() []Dimension {
	return []Dimension{DimCarrier, DimService, DimOrigin, DimDestination}
}

// Calendar is the business calendar transit times are counted in: Monday to
// Friday minus the holidays, in each shipment's own zone, as in
// tracking.Config.
type Calendar struct {
	// Weekend lists the non-working weekdays. Defaults to Saturday and Sunday.
	Weekend []time.Weekday
	// Holidays reports whether a civil date is a holiday in a zone. Defaults
	// to none.
	Holidays func(loc *time.Location, y int, m time.Month, d int) bool
}

func (c Calendar) cal() bizday.Calendar {
	return bizday.Calendar{Weekend: c.Weekend, Holiday: c.Holidays}
}

// Options configure Compute. The zero value groups by carrier with the
// default calendar.
type Options struct {
	// GroupBy lists the dimensions besides carrier to group by, such as
	// DimService and DimDestination. Defaults to carrier only.
	GroupBy []Dimension
	// Carrier, when not empty, reports on that carrier only.
	Carrier string
	// Calendar counts business days. Defaults to Monday to Friday, no holidays.
	Calendar Calendar
	// StallAfter is how many business days without any scan between pickup
	// and delivery count as a stall. Defaults to 2 (tracking's StalledAfter).
	StallAfter int
	// MaxDays is the last histogram bucket: transit times of MaxDays business
	// days or more are counted there. Defaults to 30.
	MaxDays int
}

func (o Options) withDefaults() (Options, error) {
	if o.StallAfter <= 0 {
		o.StallAfter = 2
	}
	if o.MaxDays <= 0 {
		o.MaxDays = 30
	}
	seen := map[Dimension]bool{DimCarrier: true}
	dims := []Dimension{}
	for _, d := range o.GroupBy {
		if !slices.Contains(Dimensions(), d) {
			return o, fmt.Errorf("insights: unknown dimension %q (want one of service, origin, destination)", d)
		}
		seen[d] = true
	}
	for _, d := range Dimensions() {
		if seen[d] {
			dims = append(dims, d)
		}
	}
	o.GroupBy = dims
	return o, nil
}

// Report is the result of Compute.
type Report struct {
	// Range is the registration range reported on.
	Range Range `json:"range"`
	// GroupBy lists the dimensions of the groups, carrier first.
	GroupBy []Dimension `json:"group_by"`
	// Total is over every shipment in the range.
	Total Stats `json:"total"`
	// Groups are the per-group figures, ordered by key.
	Groups []Group `json:"groups"`
}

// Group is the figures of one group of shipments. The attributes the report
// is not grouped by are empty.
type Group struct {
	Key
	Stats
}

// Key identifies a group: the shipments' carrier, service and origin and
// destination regions.
type Key struct {
	Carrier     string `json:"carrier"`
	Service     string `json:"service,omitempty"`
	Origin      string `json:"origin,omitempty"`
	Destination string `json:"destination,omitempty"`
}

func compareKeys(a, b Key) int {
	return cmp.Or(cmp.Compare(a.Carrier, b.Carrier), cmp.Compare(a.Service, b.Service),
		cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Destination, b.Destination))
}

// Stats are the figures of a set of shipments. Rates are in [0, 1] and 0
// when their denominator is 0.
type Stats struct {
	// Shipments counts the shipments; Delivered those with a delivery scan.
	Shipments int `json:"shipments"`
	Delivered int `json:"delivered"`
	// Promised counts the delivered shipments with a promise (PromisedBy),
	// OnTime those delivered by it; OnTimeRate is OnTime/Promised.
	Promised   int     `json:"promised"`
	OnTime     int     `json:"on_time"`
	OnTimeRate float64 `json:"on_time_rate"`
	// Transit is the distribution of business days from pickup (the first
	// scan at picked_up or later) to delivery, of the delivered shipments
	// with a pickup scan.
	Transit Distribution `json:"transit"`
	// Exceptions counts shipments with at least one exception scan;
	// ExceptionRate is Exceptions/Shipments.
	Exceptions    int     `json:"exceptions"`
	ExceptionRate float64 `json:"exception_rate"`
	// FailedAttempts counts shipments with at least one failed delivery
	// attempt (delivery_attempted); FailedAttemptRate is FailedAttempts/Shipments.
	FailedAttempts    int     `json:"failed_attempts"`
	FailedAttemptRate float64 `json:"failed_attempt_rate"`
	// PickedUp counts shipments with a pickup scan; Stalled those of them
	// with a gap of Options.StallAfter business days or more without any
	// scan between pickup and delivery (or their latest scan, if not
	// delivered); StallRate is Stalled/PickedUp.
	PickedUp  int     `json:"picked_up"`
	Stalled   int     `json:"stalled"`
	StallRate float64 `json:"stall_rate"`
	// Scans counts every scan, NoiseScans those classified noise;
	// NoiseShare is NoiseScans/Scans.
	Scans      int     `json:"scans"`
	NoiseScans int     `json:"noise_scans"`
	NoiseShare float64 `json:"noise_share"`
}

// Distribution is a distribution of whole business days.
type Distribution struct {
	// N is the number of samples.
	N int `json:"n"`
	// Median and P90 are nearest-rank percentiles: the smallest number of
	// days within which at least half (nine tenths) of the samples fall.
	Median int `json:"median"`
	P90    int `json:"p90"`
	// Mean is the average (with samples at or beyond MaxDays counted as MaxDays).
	Mean float64 `json:"mean"`
	// Histogram[d] counts the samples of d business days; the last bucket
	// counts the samples of len(Histogram)-1 days or more. It ends at the
	// largest bucket that is not empty.
	Histogram []int `json:"histogram"`
}

// hist is a histogram of whole days with a final overflow bucket.
type hist struct{ counts []int }

func (h *hist) add(days, maxDays int) {
	if days > maxDays {
		days = maxDays
	}
	if days < 0 {
		days = 0
	}
	if len(h.counts) <= days {
		h.counts = append(h.counts, make([]int, days+1-len(h.counts))...)
	}
	h.counts[days]++
}

func (h *hist) n() int {
	n := 0
	for _, c := range h.counts {
		n += c
	}
	return n
}

// quantile returns the nearest-rank q-quantile: the smallest d with at
// least ceil(q*n) samples at or below d. It is 0 without samples.
func (h *hist) quantile(q float64) int {
	n := h.n()
	if n == 0 {
		return 0
	}
	rank := max(int(math.Ceil(q*float64(n)-1e-9)), 1) // 1e-9: 0.9*10 is 9.000000000000002
	cum := 0
	for d, c := range h.counts {
		cum += c
		if cum >= rank {
			return d
		}
	}
	return len(h.counts) - 1
}

func (h *hist) distribution() Distribution {
	n := h.n()
	d := Distribution{N: n, Histogram: slices.Clone(h.counts)}
	if n == 0 {
		d.Histogram = []int{}
		return d
	}
	sum := 0
	for days, c := range h.counts {
		sum += days * c
	}
	d.Mean = float64(sum) / float64(n)
	d.Median, d.P90 = h.quantile(0.5), h.quantile(0.9)
	return d
}

// acc accumulates Stats.
type acc struct {
	s       Stats
	transit hist
}

func (a *acc) add(f *facts, maxDays int) {
	a.s.Shipments++
	a.s.Scans += f.scans
	a.s.NoiseScans += f.noise
	if f.exception {
		a.s.Exceptions++
	}
	if f.attempt {
		a.s.FailedAttempts++
	}
	if !f.pickedUp.IsZero() {
		a.s.PickedUp++
		if f.stalled {
			a.s.Stalled++
		}
	}
	if !f.delivered.IsZero() {
		a.s.Delivered++
		if f.promised {
			a.s.Promised++
			if f.onTime {
				a.s.OnTime++
			}
		}
		if f.transit >= 0 {
			a.transit.add(f.transit, maxDays)
		}
	}
}

func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (a *acc) stats() Stats {
	s := a.s
	s.OnTimeRate = rate(s.OnTime, s.Promised)
	s.ExceptionRate = rate(s.Exceptions, s.Shipments)
	s.FailedAttemptRate = rate(s.FailedAttempts, s.Shipments)
	s.StallRate = rate(s.Stalled, s.PickedUp)
	s.NoiseShare = rate(s.NoiseScans, s.Scans)
	s.Transit = a.transit.distribution()
	return s
}

// Compute reads the shipments registered in r from src, one batch at a
// time, and returns their figures, in total and per group. Memory grows
// with the number of groups, not of shipments.
func Compute(ctx context.Context, src Source, r Range, opts Options) (*Report, error) {
	if src == nil {
		return nil, errors.New("insights: nil source")
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.To.After(r.From) {
		return nil, fmt.Errorf("insights: empty range: to (%s) is not after from (%s)", r.To.Format(time.RFC3339), r.From.Format(time.RFC3339))
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	an := newAnalyzer(opts.Calendar, opts.StallAfter)
	var total acc
	groups := map[Key]*acc{}
	q := r.query()
	q.Carrier = opts.Carrier
	var f facts
	err = src.ReadHistory(ctx, q, func(h *store.History) error {
		an.analyze(h, &f)
		total.add(&f, opts.MaxDays)
		k := groupKey(h.Shipment, opts.GroupBy)
		g := groups[k]
		if g == nil {
			g = &acc{}
			groups[k] = g
		}
		g.add(&f, opts.MaxDays)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("insights: compute: %w", err)
	}
	rep := &Report{Range: r, GroupBy: opts.GroupBy, Total: total.stats(), Groups: make([]Group, 0, len(groups))}
	for k, g := range groups {
		rep.Groups = append(rep.Groups, Group{Key: k, Stats: g.stats()})
	}
	slices.SortFunc(rep.Groups, func(a, b Group) int { return compareKeys(a.Key, b.Key) })
	return rep, nil
}

func groupKey(sh *store.Shipment, dims []Dimension) Key {
	k := Key{Carrier: sh.Carrier}
	for _, d := range dims {
		switch d {
		case DimService:
			k.Service = sh.Service
		case DimOrigin:
			k.Origin = sh.Origin
		case DimDestination:
			k.Destination = sh.Destination
		}
	}
	return k
}

// facts are what one shipment's history says.
type facts struct {
	loc       *time.Location
	first     [milestone.Delivered + 1]time.Time // earliest scan of each progress milestone
	pickedUp  time.Time                          // earliest scan at picked_up or later
	delivered time.Time                          // earliest delivery scan
	transit   int                                // business days pickup -> delivery; -1 if unknown
	promised  bool
	onTime    bool
	exception bool
	attempt   bool
	stalled   bool
	scans     int
	noise     int
}

// analyzer turns histories into facts; it caches zones.
type analyzer struct {
	cal        bizday.Calendar
	stallAfter int
	minStall   time.Duration // no gap shorter than this can be a stall
	zones      map[string]*time.Location
}

func newAnalyzer(c Calendar, stallAfter int) *analyzer {
	return &analyzer{cal: c.cal(), stallAfter: stallAfter, minStall: time.Duration(stallAfter)*24*time.Hour - 2*time.Hour,
		zones: map[string]*time.Location{"": time.UTC}}
}

// zone returns the named zone; an unknown name counts as UTC.
func (an *analyzer) zone(name string) *time.Location {
	if loc, ok := an.zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	an.zones[name] = loc
	return loc
}

// maxScanSkew is tracking.MaxScanSkew (this package cannot import
// tracking): a scan dated more than this after it was first stored counts
// at the time it was stored.
const maxScanSkew = 24 * time.Hour

func (an *analyzer) analyze(h *store.History, f *facts) {
	*f = facts{loc: an.zone(h.Shipment.TimeZone), transit: -1, scans: len(h.Scans)}
	var prev time.Time // previous scan after pickup
	for _, sc := range h.Scans {
		if !sc.SeenAt.IsZero() && sc.Time.After(sc.SeenAt.Add(maxScanSkew)) {
			// A carrier's broken clock: the scan counts when it was seen,
			// as the tracking Service counted it, not years ahead.
			sc.Time = sc.SeenAt
		}
		m, err := milestone.Parse(sc.Milestone)
		if err != nil {
			m = milestone.Unknown
		}
		switch {
		case m == milestone.Noise:
			f.noise++
		case m == milestone.Exception:
			f.exception = true
		case m == milestone.DeliveryAttempted:
			f.attempt = true
		}
		if m.IsProgress() && f.first[m].IsZero() {
			f.first[m] = sc.Time
		}
		if f.pickedUp.IsZero() && m.Progress() >= milestone.PickedUp.Progress() {
			f.pickedUp = sc.Time
		}
		// Stalls: gaps between consecutive scans from pickup to delivery.
		if !f.pickedUp.IsZero() && f.delivered.IsZero() {
			// n business days are at least n civil days (less a daylight-saving
			// shift), so shorter gaps skip the calendar walk.
			if !prev.IsZero() && !f.stalled && sc.Time.Sub(prev) >= an.minStall &&
				!sc.Time.Before(an.cal.Add(prev.In(f.loc), an.stallAfter)) {
				f.stalled = true
			}
			prev = sc.Time
		}
		if m == milestone.Delivered && f.delivered.IsZero() {
			f.delivered = sc.Time
		}
	}
	if !f.delivered.IsZero() {
		if !h.Shipment.PromisedBy.IsZero() {
			f.promised = true
			f.onTime = !f.delivered.After(h.Shipment.PromisedBy)
		}
		if !f.pickedUp.IsZero() {
			f.transit = businessDays(an.cal, f.pickedUp.In(f.loc), f.delivered)
		}
	}
}

// businessDays returns how many business days lie after a's civil day up to
// and including b's (both in a's zone): 0 for a delivery on the day of
// pickup, 1 on the next business day, and so on. It is 0 when b is before a.
func businessDays(cal bizday.Calendar, a, b time.Time) int {
	return cal.Elapsed(startOfDay(a), startOfDay(b.In(a.Location())))
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
