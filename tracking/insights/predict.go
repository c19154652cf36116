package insights

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/wismo-dev/wismo/internal/bizday"
	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking"
	"github.com/wismo-dev/wismo/tracking/store"
)

// Source of a prediction.
const (
	// SourceHistory: from the remaining-time distribution of comparable
	// past deliveries.
	SourceHistory = "history"
	// SourceCarrier: history is too thin; the carrier's estimate.
	SourceCarrier = "carrier"
	// SourceDefault: history is too thin and the carrier gave no estimate;
	// PredictorConfig.Default.
	SourceDefault = "default"
)

// PredictorConfig configures a Predictor. The zero value means defaults.
type PredictorConfig struct {
	// MinSamples is how many comparable past deliveries a prediction from
	// history needs. Defaults to 30.
	MinSamples int
	// Calendar counts business days. Defaults to Monday to Friday, no holidays.
	Calendar Calendar
	// Default gives the window, in business days after the milestone, when
	// neither history nor the carrier has an estimate. Defaults to
	// DefaultWindow.
	Default func(m milestone.Milestone) (p50, p90 int)
	// MaxDays caps the remaining business days learnt from one delivery.
	// Defaults to 30.
	MaxDays int
}

func (c PredictorConfig) withDefaults() PredictorConfig {
	if c.MinSamples <= 0 {
		c.MinSamples = 30
	}
	if c.Default == nil {
		c.Default = DefaultWindow
	}
	if c.MaxDays <= 0 {
		c.MaxDays = 30
	}
	return c
}

// DefaultWindow is the default of PredictorConfig.Default: 3 and 5
// business days before the parcel reaches its local facility, 1 and 2 from
// there, and 0 and 1 (the same day, or the next) once it is out for
// delivery or an attempt failed.
func DefaultWindow(m milestone.Milestone) (p50, p90 int) {
	switch {
	case m == milestone.ArrivedAtLocalFacility:
		return 1, 2
	case m.Progress() >= milestone.OutForDelivery.Progress():
		return 0, 1
	}
	return 3, 5
}

// PredictInput describes a shipment in flight: tracking's input to
// Config.Predict, which (*Current).Predict and (*Predictor).Predict answer.
type PredictInput = tracking.PredictInput

// Prediction is an estimated delivery window. P50 and P90 are the ends
// (last instant, in the input's Zone) of the business days by which half
// and nine tenths of comparable deliveries had arrived; with SourceCarrier
// both are the end of the carrier's estimated day. Source is SourceHistory,
// SourceCarrier or SourceDefault, and Samples how many past deliveries the
// window comes from (0 unless Source is SourceHistory).
type Prediction = tracking.Prediction

// predKey identifies a remaining-time distribution: a milestone and a
// shipment profile, with the attributes of coarser levels left empty.
type predKey struct {
	Key
	m milestone.Milestone
}

// levels are the profiles a prediction tries, closest first.
var levels = []func(Key) Key{
	func(k Key) Key { return k },
	func(k Key) Key { return Key{Carrier: k.Carrier, Service: k.Service, Destination: k.Destination} },
	func(k Key) Key { return Key{Carrier: k.Carrier, Service: k.Service} },
	func(k Key) Key { return Key{Carrier: k.Carrier} },
}

type window struct{ p50, p90, n int }

// Predictor predicts delivery windows from history. It is immutable and
// safe for concurrent use; retrain a new one to learn from newer history.
type Predictor struct {
	cfg  PredictorConfig
	cal  bizday.Calendar
	dist map[predKey]window
}

// Trainer builds a Predictor from histories added one at a time. It is not
// safe for concurrent use.
type Trainer struct {
	cfg   PredictorConfig
	an    *analyzer
	hists map[predKey]*hist
	f     facts
	n     int
}

// NewTrainer returns an empty Trainer.
func NewTrainer(cfg PredictorConfig) *Trainer {
	cfg = cfg.withDefaults()
	return &Trainer{cfg: cfg, an: newAnalyzer(cfg.Calendar, 2), hists: map[predKey]*hist{}}
}

// Add learns from one shipment's history: for a delivered shipment, the
// business days from the first scan of each progress milestone it reached
// to its delivery. Other shipments are ignored. It reports whether the
// history was used.
func (t *Trainer) Add(h *store.History) bool {
	t.an.analyze(h, &t.f)
	return t.learn(h.Shipment, &t.f)
}

func (t *Trainer) learn(sh *store.Shipment, f *facts) bool {
	if f.delivered.IsZero() {
		return false
	}
	k := Key{Carrier: sh.Carrier, Service: sh.Service, Origin: sh.Origin, Destination: sh.Destination}
	used := false
	for m := milestone.InfoReceived; m < milestone.Delivered; m++ {
		at := f.first[m]
		if at.IsZero() || at.After(f.delivered) {
			continue
		}
		days := businessDays(t.an.cal, at.In(f.loc), f.delivered)
		for i, lv := range levels {
			lk := lv(k)
			if i > 0 && lk == levels[i-1](k) {
				continue // the same profile as the closer level
			}
			pk := predKey{Key: lk, m: m}
			hh := t.hists[pk]
			if hh == nil {
				hh = &hist{}
				t.hists[pk] = hh
			}
			hh.add(days, t.cfg.MaxDays)
		}
		used = true
	}
	if used {
		t.n++
	}
	return used
}

// Deliveries returns how many delivered shipments the Trainer learnt from.
func (t *Trainer) Deliveries() int { return t.n }

// Predictor returns a Predictor of what was added so far. The Trainer can
// go on learning; the Predictor does not change.
func (t *Trainer) Predictor() *Predictor {
	p := &Predictor{cfg: t.cfg, cal: t.cfg.Calendar.cal(), dist: make(map[predKey]window, len(t.hists))}
	for k, h := range t.hists {
		p.dist[k] = window{p50: h.quantile(0.5), p90: h.quantile(0.9), n: h.n()}
	}
	return p
}

// Train reads the shipments registered in r from src and returns a
// Predictor of their deliveries.
func Train(ctx context.Context, src Source, r Range, cfg PredictorConfig) (*Predictor, error) {
	if src == nil {
		return nil, errors.New("insights: nil source")
	}
	t := NewTrainer(cfg)
	if err := src.ReadHistory(ctx, r.query(), func(h *store.History) error {
		t.Add(h)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("insights: train: %w", err)
	}
	return t.Predictor(), nil
}

// Predict returns the delivery window of a shipment in flight: from the
// closest profile of past deliveries (carrier, service, origin and
// destination; then without origin; then carrier and service; then
// carrier) that has at least MinSamples deliveries from in.Milestone; else
// the carrier's estimate; else the configured default. It is pure: the
// window may lie in the past for a shipment that is already overdue.
func (p *Predictor) Predict(in PredictInput) Prediction {
	loc := in.Zone
	if loc == nil {
		loc = time.UTC
	}
	k := Key{Carrier: in.Carrier, Service: in.Service, Origin: in.Origin, Destination: in.Destination}
	if p != nil && !in.MilestoneAt.IsZero() {
		for _, lv := range levels {
			if w, ok := p.dist[predKey{Key: lv(k), m: in.Milestone}]; ok && w.n >= p.cfg.MinSamples {
				d50 := p.cal.Add(in.MilestoneAt.In(loc), w.p50)
				d90 := p.cal.Add(d50, w.p90-w.p50) // one walk for both days
				return Prediction{P50: bizday.EndOfDay(d50), P90: bizday.EndOfDay(d90), Source: SourceHistory, Samples: w.n}
			}
		}
	}
	if !in.CarrierETA.IsZero() {
		end := bizday.EndOfDay(in.CarrierETA.In(loc))
		return Prediction{P50: end, P90: end, Source: SourceCarrier}
	}
	def := DefaultWindow
	var cal bizday.Calendar
	if p != nil {
		def, cal = p.cfg.Default, p.cal
	}
	p50, p90 := def(in.Milestone)
	at := in.MilestoneAt.In(loc)
	return Prediction{P50: bizday.EndOfDay(cal.Add(at, p50)), P90: bizday.EndOfDay(cal.Add(at, max(p90, p50))), Source: SourceDefault}
}

// Current holds the Predictor in use, for hosts that retrain periodically
// while other goroutines predict: Store a newly trained Predictor, and pass
// Current's Predict where a prediction function is wanted. The zero value
// predicts from the carrier's estimate or the default until a Predictor is
// stored. It is safe for concurrent use.
type Current struct {
	p atomic.Pointer[Predictor]
}

// Store makes p the Predictor in use.
func (c *Current) Store(p *Predictor) { c.p.Store(p) }

// Predict predicts with the Predictor in use.
func (c *Current) Predict(in PredictInput) Prediction { return c.p.Load().Predict(in) }
