package sim

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"log/slog"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/wismo-dev/wismo/carrier"
	"github.com/wismo-dev/wismo/carrier/kit"
	"github.com/wismo-dev/wismo/milestone"
)

// DefaultID is the carrier id of a sim whose Config.ID is empty.
const DefaultID = "sim"

const defaultWebhookSecret = "sim-webhook-secret"

// DefaultWebhookSecret returns the secret a sim signs and verifies webhooks
// with when Config.WebhookSecret is empty. It is public knowledge: set your
// own secret wherever forged webhooks matter.
func DefaultWebhookSecret() []byte { return []byte(defaultWebhookSecret) }

// Config configures a simulated carrier. The zero value is a fault-free sim
// with id "sim" on the real clock.
type Config struct {
	// ID is the carrier id, lowercase letters, digits and underscores.
	// Defaults to "sim".
	ID string
	// Now is the clock: scans and estimate revisions become visible when
	// Now reaches their time. Defaults to time.Now.
	Now func() time.Time
	// Seed seeds the generator behind random faults and Jitter, so that a
	// sequence of calls behaves the same for the same seed. Defaults to 0
	// (itself a fixed seed).
	Seed int64
	// Faults are the random faults to inject. Defaults to none.
	Faults Faults
	// RateLimit is how many calls per second the sim accepts, measured on
	// Now; calls beyond it get a 429 (*carrier.RateLimitError) and are
	// counted in Stats.RateLimited. Defaults to 0, no limit.
	RateLimit rate.Limit
	// Burst is the number of calls RateLimit lets through at once. Defaults to 1.
	Burst int
	// MaxBatch is the most numbers one TrackBatch call accepts. Defaults to 50.
	MaxBatch int
	// Jitter shifts each scan later by a pseudo-random duration below
	// Jitter, derived from Seed, the tracking number and the step, so the
	// same shipment always gets the same times. An estimate revision planned
	// at the same moment as a scan is published with that scan; any other
	// revision is shifted on its own. Defaults to 0 (exact times).
	Jitter time.Duration
	// WebhookSecret signs and verifies webhooks. Defaults to
	// DefaultWebhookSecret(); a non-empty secret shorter than
	// kit.MinWebhookSecretBytes is rejected by New (kit.ErrWeakSecret).
	WebhookSecret []byte
	// PreviousWebhookSecrets are also accepted by ParseWebhook, for key
	// rotation. Defaults to none. New rejects an empty or short one with an
	// error matching kit.ErrWeakSecret.
	PreviousWebhookSecrets [][]byte
	// WebhookTolerance is how far a webhook's signature time may be from
	// Now. Defaults to 5 minutes; -1 switches the check off.
	WebhookTolerance time.Duration
	// Push configures the webhooks pushed for subscribed numbers
	// (Subscribe, Push). Defaults to none: without a Handler or URL the sim
	// does not push, and Subscribe returns errors.ErrUnsupported.
	Push PushConfig
	// ReturnScenario is the journey of the return labels the sim creates.
	// Defaults to ReturnToWarehouse().
	ReturnScenario *Scenario
	// Logger receives debug records of injected faults. Defaults to discarding.
	Logger *slog.Logger
}

func (cfg *Config) setDefaults() {
	if cfg.ID == "" {
		cfg.ID = DefaultID
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Burst == 0 {
		cfg.Burst = 1
	}
	if cfg.MaxBatch == 0 {
		cfg.MaxBatch = 50
	}
	if len(cfg.WebhookSecret) == 0 {
		cfg.WebhookSecret = DefaultWebhookSecret()
	}
	if cfg.WebhookTolerance == 0 {
		cfg.WebhookTolerance = 5 * time.Minute
	}
	if cfg.ReturnScenario == nil {
		s := ReturnToWarehouse()
		cfg.ReturnScenario = &s
	} else {
		s := cfg.ReturnScenario.Clone()
		cfg.ReturnScenario = &s
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Faults = cfg.Faults.withDefaults()
	cfg.Push.setDefaults()
}

func (cfg *Config) validate() error {
	if !validID(cfg.ID) {
		return fmt.Errorf("sim: Config.ID %q must be lowercase letters, digits and underscores", cfg.ID)
	}
	if err := cfg.Faults.validate(); err != nil {
		return err
	}
	if cfg.RateLimit < 0 {
		return fmt.Errorf("sim: Config.RateLimit is negative (%v)", cfg.RateLimit)
	}
	if cfg.Burst < 0 {
		return fmt.Errorf("sim: Config.Burst is negative (%d)", cfg.Burst)
	}
	if cfg.MaxBatch < 0 {
		return fmt.Errorf("sim: Config.MaxBatch is negative (%d)", cfg.MaxBatch)
	}
	if cfg.Jitter < 0 {
		return fmt.Errorf("sim: Config.Jitter is negative (%s)", cfg.Jitter)
	}
	if err := kit.CheckWebhookSecrets("sim: Config.WebhookSecret", cfg.WebhookSecret); err != nil {
		return err
	}
	if err := kit.CheckWebhookSecrets("sim: Config.PreviousWebhookSecrets", cfg.PreviousWebhookSecrets...); err != nil {
		return err
	}
	if cfg.WebhookTolerance < -1 {
		return fmt.Errorf("sim: Config.WebhookTolerance is %s, want -1 (off) or a positive duration", cfg.WebhookTolerance)
	}
	if err := cfg.Push.validate(); err != nil {
		return err
	}
	if err := cfg.ReturnScenario.validate(); err != nil {
		return fmt.Errorf("sim: Config.ReturnScenario: %w", err)
	}
	return nil
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Carrier is a simulated carrier. It implements carrier.Carrier,
// carrier.BatchTracker, carrier.WebhookParser, carrier.Subscriber (pushing
// only with Config.Push) and carrier.ReturnLabeler. It is safe for
// concurrent use.
type Carrier struct {
	cfg Config
	lim *rate.Limiter

	mu      sync.Mutex
	faults  Faults
	rng     *rand.Rand
	ships   map[string]*shipment
	script  []Fault
	stats   Stats
	labels  int
	events  int
	secrets [][]byte
	subs    map[string]*subscription // by number
	queue   deliveries               // webhooks to push, by due time
}

var (
	_ carrier.BatchTracker  = (*Carrier)(nil)
	_ carrier.WebhookParser = (*Carrier)(nil)
	_ carrier.ReturnLabeler = (*Carrier)(nil)
	_ carrier.Subscriber    = (*Carrier)(nil)
)

type shipment struct {
	number   string
	scenario string
	tl       Timeline
	scans    []milestone.Scan // tl.Scans as the carrier reports them
	pushed   int              // scans already sent by NextWebhook
}

// Stats counts what a sim was asked and what it injected.
type Stats struct {
	// Calls counts API calls: Track, TrackBatch, CreateReturnLabel,
	// Subscribe and Unsubscribe (not those refused for want of
	// Config.Push).
	Calls int
	// Tracks, Batches, Labels, Subscribes and Unsubscribes count the calls
	// of each method.
	Tracks, Batches, Labels, Subscribes, Unsubscribes int
	// Pushes counts the webhooks Push delivered (accepted with 2xx),
	// PushesDuplicated the second copies among them, PushesLost the
	// webhooks Config.Push.LossRate dropped, and PushesFailed the deliveries
	// the receiver refused or did not answer.
	Pushes, PushesDuplicated, PushesLost, PushesFailed int
	// Webhooks counts ParseWebhook calls.
	Webhooks int
	// Faults counts injected faults by kind (scripted and random).
	// Duplicate and reorder are counted per response they changed.
	Faults map[FaultKind]int
	// RateLimited counts calls refused by Config.RateLimit.
	RateLimited int
}

// New returns a sim configured by cfg, or an error naming the first invalid
// field.
func New(cfg Config) (*Carrier, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Carrier{
		cfg:    cfg,
		faults: cfg.Faults,
		rng:    rand.New(rand.NewPCG(uint64(cfg.Seed), faultStream)),
		ships:  map[string]*shipment{},
		subs:   map[string]*subscription{},
		stats:  Stats{Faults: map[FaultKind]int{}},
	}
	c.secrets = append([][]byte{cfg.WebhookSecret}, cfg.PreviousWebhookSecrets...)
	if cfg.RateLimit > 0 {
		c.lim = rate.NewLimiter(cfg.RateLimit, cfg.Burst)
	}
	return c, nil
}

const faultStream = 0x6661756c74 // "fault"

// ID returns the carrier id (Config.ID).
func (c *Carrier) ID() string { return c.cfg.ID }

// MaxBatch returns Config.MaxBatch.
func (c *Carrier) MaxBatch() int { return c.cfg.MaxBatch }

// Ship registers a shipment with number that follows sc from created on.
// Track reports carrier.ErrNotFound for it until its first scan's time. It
// fails for an empty or already registered number and an invalid scenario.
func (c *Carrier) Ship(number string, sc Scenario, created time.Time) error {
	if number == "" {
		return fmt.Errorf("sim: Ship with an empty tracking number")
	}
	if err := sc.validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.shipLocked(number, sc, created)
}

func (c *Carrier) shipLocked(number string, sc Scenario, created time.Time) error {
	if _, dup := c.ships[number]; dup {
		return fmt.Errorf("sim: tracking number %q is already registered", number)
	}
	var jitter func(int) time.Duration
	if c.cfg.Jitter > 0 {
		jitter = func(i int) time.Duration {
			h := fnv.New64a()
			var b [16]byte
			binary.LittleEndian.PutUint64(b[:8], uint64(c.cfg.Seed))
			binary.LittleEndian.PutUint64(b[8:], uint64(i))
			h.Write(b[:])
			h.Write([]byte(number))
			return time.Duration(h.Sum64() % uint64(c.cfg.Jitter))
		}
	}
	sh := &shipment{number: number, scenario: sc.Name, tl: sc.timeline(created, jitter)}
	sh.scans = make([]milestone.Scan, len(sh.tl.Scans))
	for i, ts := range sh.tl.Scans {
		sh.scans[i] = c.scan(ts)
	}
	c.ships[number] = sh
	return nil
}

// Numbers returns the registered tracking numbers, sorted.
func (c *Carrier) Numbers() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Sorted(maps.Keys(c.ships))
}

// Timeline returns where the shipment's scans and estimate revisions lie on
// the calendar (with Jitter applied), or an error wrapping
// carrier.ErrNotFound for an unregistered number.
func (c *Carrier) Timeline(number string) (Timeline, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sh, ok := c.ships[number]
	if !ok {
		return Timeline{}, fmt.Errorf("carrier %s: timeline %q: %w", c.cfg.ID, number, carrier.ErrNotFound)
	}
	tl := sh.tl
	tl.Scans = slices.Clone(tl.Scans)
	tl.Estimates = slices.Clone(tl.Estimates)
	return tl, nil
}

// Script queues faults for the next calls (Track, TrackBatch,
// CreateReturnLabel), one per call in order, ahead of random faults. A call
// that takes a scripted fault draws no random one. It returns an error, and
// queues nothing, when a fault has an unknown Kind.
func (c *Carrier) Script(faults ...Fault) error {
	for i, f := range faults {
		if f.Kind != FaultNone && !slices.Contains(FaultKinds(), f.Kind) {
			return fmt.Errorf("sim: Script: faults[%d] has unknown Kind %q", i, f.Kind)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.script = append(c.script, faults...)
	return nil
}

// SetFaults replaces the random faults from the next call on.
func (c *Carrier) SetFaults(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faults = f.withDefaults()
	return nil
}

// Stats returns a snapshot of the counters.
func (c *Carrier) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Faults = maps.Clone(c.stats.Faults)
	return s
}

// ResetStats sets every counter to zero.
func (c *Carrier) ResetStats() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats = Stats{Faults: map[FaultKind]int{}}
}

// decision is what happens to one call.
type decision struct {
	err      error // the call fails with this
	block    bool  // block until ctx ends before failing
	scripted bool
	data     FaultKind // scripted data fault
}

// decideLocked applies the rate limit, the script and the random failing
// faults to one call.
func (c *Carrier) decideLocked(now time.Time, op string) decision {
	if c.lim != nil && !c.lim.AllowN(now, 1) {
		c.stats.RateLimited++
		tokens := c.lim.TokensAt(now)
		wait := time.Duration((1 - tokens) / float64(c.lim.Limit()) * float64(time.Second))
		c.cfg.Logger.Debug("sim: rate limit exceeded", "carrier", c.cfg.ID, "op", op, "retry_after", wait)
		return decision{err: &carrier.RateLimitError{Carrier: c.cfg.ID, RetryAfter: wait.Round(time.Millisecond)}}
	}
	if len(c.script) > 0 {
		f := c.script[0]
		c.script = c.script[1:]
		d := decision{scripted: true}
		switch f.Kind {
		case FaultError, FaultTimeout, FaultRateLimit:
			d.err, d.block = c.failure(f)
			c.countLocked(f.Kind, op)
		case FaultDuplicate, FaultReorder:
			d.data = f.Kind
		}
		return d
	}
	u := c.rng.Float64()
	f := c.faults
	switch {
	case u < f.ErrorRate:
		c.countLocked(FaultError, op)
		err, _ := c.failure(Fault{Kind: FaultError})
		return decision{err: err}
	case u < f.ErrorRate+f.TimeoutRate:
		c.countLocked(FaultTimeout, op)
		err, block := c.failure(Fault{Kind: FaultTimeout})
		return decision{err: err, block: block}
	case u < f.ErrorRate+f.TimeoutRate+f.RateLimitRate:
		c.countLocked(FaultRateLimit, op)
		err, _ := c.failure(Fault{Kind: FaultRateLimit})
		return decision{err: err}
	}
	return decision{}
}

func (c *Carrier) failure(f Fault) (error, bool) {
	switch f.Kind {
	case FaultTimeout:
		return carrier.Temporary(&timeoutError{}), f.Block || c.faults.TimeoutBlocks
	case FaultRateLimit:
		ra := f.RetryAfter
		if ra == 0 {
			ra = c.faults.RetryAfter
		}
		return &carrier.RateLimitError{Carrier: c.cfg.ID, RetryAfter: ra}, false
	default:
		if f.Err != nil {
			return f.Err, false
		}
		return carrier.Temporary(errUnavailable), false
	}
}

func (c *Carrier) countLocked(k FaultKind, op string) {
	c.stats.Faults[k]++
	c.cfg.Logger.Debug("sim: fault injected", "carrier", c.cfg.ID, "op", op, "fault", string(k))
}

// fail returns the decided error for op, blocking first when told to.
func (c *Carrier) fail(ctx context.Context, d decision, op string) error {
	if d.block {
		<-ctx.Done()
		return fmt.Errorf("carrier %s: %s: %w", c.cfg.ID, op, carrier.Temporary(&timeoutError{cause: ctx.Err()}))
	}
	return fmt.Errorf("carrier %s: %s: %w", c.cfg.ID, op, d.err)
}

// dataFaultsLocked applies duplicate and reorder faults to u: the scripted
// one when the call took a scripted fault, else random ones.
func (c *Carrier) dataFaultsLocked(u *carrier.Update, d decision) {
	dup, reorder := false, false
	if d.scripted {
		dup, reorder = d.data == FaultDuplicate, d.data == FaultReorder
	} else {
		dup = c.rng.Float64() < c.faults.DuplicateRate
		reorder = c.rng.Float64() < c.faults.ReorderRate
	}
	if dup && len(u.Scans) > 0 {
		i := c.rng.IntN(len(u.Scans))
		u.Scans = slices.Insert(u.Scans, i+1, u.Scans[i])
		c.countLocked(FaultDuplicate, "track "+u.TrackingNumber)
	}
	if reorder && len(u.Scans) > 1 {
		c.rng.Shuffle(len(u.Scans), func(i, j int) { u.Scans[i], u.Scans[j] = u.Scans[j], u.Scans[i] })
		if slices.IsSortedFunc(u.Scans, cmpScanTime) {
			slices.Reverse(u.Scans)
		}
		if !slices.IsSortedFunc(u.Scans, cmpScanTime) {
			c.countLocked(FaultReorder, "track "+u.TrackingNumber)
		}
	}
}

func cmpScanTime(a, b milestone.Scan) int { return a.Time.Compare(b.Time) }

// updateLocked returns what the carrier shows for sh at now; false before
// the first scan.
func (c *Carrier) updateLocked(sh *shipment, now time.Time) (*carrier.Update, bool) {
	n := visible(sh.tl, now)
	if n == 0 {
		return nil, false
	}
	// A new array each time, with room for one duplicate: callers own it.
	scans := make([]milestone.Scan, n, n+1)
	copy(scans, sh.scans)
	return &carrier.Update{
		Carrier:           c.cfg.ID,
		TrackingNumber:    sh.number,
		Scans:             scans,
		EstimatedDelivery: estimateAt(sh.tl, now),
	}, true
}

// visible returns how many of tl's scans have happened at now.
func visible(tl Timeline, now time.Time) int {
	return sort.Search(len(tl.Scans), func(i int) bool { return tl.Scans[i].Time.After(now) })
}

// estimateAt returns the estimate as revised up to now.
func estimateAt(tl Timeline, now time.Time) time.Time {
	var est time.Time
	for _, e := range tl.Estimates {
		if e.Time.After(now) {
			break
		}
		est = e.Delivery
	}
	return est
}

func (c *Carrier) scan(ts TimedStep) milestone.Scan {
	return milestone.Scan{
		Time:        ts.Time,
		Carrier:     c.cfg.ID,
		Code:        ts.Step.Code,
		Description: ts.Step.Description,
		Location:    ts.Step.Location,
	}
}

func (c *Carrier) notFound(op, number string) error {
	return fmt.Errorf("carrier %s: %s %q: %w", c.cfg.ID, op, number, carrier.ErrNotFound)
}

// Track returns the scans of number whose time is at or before Now, in
// chronological order (unless a reorder fault hits), and the estimated
// delivery as revised up to Now. An unregistered number, or one whose first
// scan lies in the future, returns an error wrapping carrier.ErrNotFound.
// Each call returns new slices: callers may modify them.
func (c *Carrier) Track(ctx context.Context, number string) (*carrier.Update, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("carrier %s: track %q: %w", c.cfg.ID, number, err)
	}
	now := c.cfg.Now()
	c.mu.Lock()
	c.stats.Calls++
	c.stats.Tracks++
	d := c.decideLocked(now, "track")
	if d.err != nil {
		c.mu.Unlock()
		return nil, c.fail(ctx, d, fmt.Sprintf("track %q", number))
	}
	var u *carrier.Update
	sh, ok := c.ships[number]
	if ok {
		u, ok = c.updateLocked(sh, now)
	}
	if ok {
		c.dataFaultsLocked(u, d)
	}
	c.mu.Unlock()
	if !ok {
		return nil, c.notFound("track", number)
	}
	return u, nil
}

// TrackBatch tracks up to MaxBatch numbers in one call and returns one result
// per number, in order; an unknown number gets a result whose Err wraps
// carrier.ErrNotFound. Faults that fail a call fail the whole batch; more
// than MaxBatch numbers is a permanent error.
func (c *Carrier) TrackBatch(ctx context.Context, numbers []string) ([]carrier.TrackResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("carrier %s: track batch: %w", c.cfg.ID, err)
	}
	if len(numbers) > c.cfg.MaxBatch {
		return nil, carrier.Permanent(fmt.Errorf("carrier %s: track batch of %d numbers exceeds MaxBatch %d",
			c.cfg.ID, len(numbers), c.cfg.MaxBatch))
	}
	now := c.cfg.Now()
	c.mu.Lock()
	c.stats.Calls++
	c.stats.Batches++
	d := c.decideLocked(now, "track batch")
	if d.err != nil {
		c.mu.Unlock()
		return nil, c.fail(ctx, d, "track batch")
	}
	out := make([]carrier.TrackResult, len(numbers))
	for i, n := range numbers {
		out[i].TrackingNumber = n
		sh, ok := c.ships[n]
		var u *carrier.Update
		if ok {
			u, ok = c.updateLocked(sh, now)
		}
		if !ok {
			out[i].Err = c.notFound("track", n)
			continue
		}
		c.dataFaultsLocked(u, d)
		out[i].Update = u
	}
	c.mu.Unlock()
	return out, nil
}

// CreateReturnLabel creates a return label and registers its tracking number
// ("SIMR" and nine digits) with Config.ReturnScenario from Now on, so that
// the return parcel is trackable like any other. Failing faults apply.
func (c *Carrier) CreateReturnLabel(ctx context.Context, req carrier.ReturnLabelRequest) (*carrier.ReturnLabel, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("carrier %s: create return label: %w", c.cfg.ID, err)
	}
	now := c.cfg.Now()
	c.mu.Lock()
	c.stats.Calls++
	c.stats.Labels++
	d := c.decideLocked(now, "create return label")
	if d.err != nil {
		c.mu.Unlock()
		return nil, c.fail(ctx, d, "create return label")
	}
	var number string
	for {
		c.labels++
		number = fmt.Sprintf("SIMR%09d", c.labels)
		if _, taken := c.ships[number]; !taken {
			break
		}
	}
	err := c.shipLocked(number, *c.cfg.ReturnScenario, now)
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return &carrier.ReturnLabel{
		Carrier:        c.cfg.ID,
		TrackingNumber: number,
		URL:            "https://labels.sim.invalid/" + number + ".pdf",
		Format:         "pdf",
		ExpiresAt:      now.AddDate(0, 0, 30),
	}, nil
}
