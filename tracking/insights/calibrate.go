package insights

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// CalibrateOptions configure Calibrate. The zero value holds out a fifth of
// the shipments and predicts from pickup.
type CalibrateOptions struct {
	// Holdout is the share of shipments held out of training, chosen by a
	// hash of the shipment ID (the same IDs on every run). Defaults to 0.2.
	Holdout float64
	// Split, when set, decides instead of Holdout: true holds the shipment
	// out. Defaults to the hash split.
	Split func(sh *store.Shipment) bool
	// Milestones are the milestones predicted from: each held-out delivery
	// is predicted once from the first scan of each of them it reached.
	// Defaults to picked_up only.
	Milestones []milestone.Milestone
	// Predictor configures the Predictor trained on the rest.
	Predictor PredictorConfig
}

// Calibration says how well predictions matched held-out deliveries.
type Calibration struct {
	// N is the number of predictions checked; Trained the number of
	// deliveries learnt from.
	N       int `json:"n"`
	Trained int `json:"trained"`
	// Coverage is the share of held-out deliveries on or before the P90 day.
	// A calibrated predictor covers about 0.9.
	Coverage float64 `json:"coverage"`
	// MAEBusinessDays is the mean absolute difference, in business days,
	// between the P50 day and the delivery day.
	MAEBusinessDays float64 `json:"mae_business_days"`
	// FromHistory counts the predictions that came from history (the rest
	// fell back to the default).
	FromHistory int `json:"from_history"`
}

// Calibrate trains a Predictor on the delivered shipments registered in r
// that are not held out, predicts each held-out delivery from the
// milestones in opts, and reports coverage and error. It reads src twice,
// streaming both times.
func Calibrate(ctx context.Context, src Source, r Range, opts CalibrateOptions) (Calibration, error) {
	if src == nil {
		return Calibration{}, errors.New("insights: nil source")
	}
	if opts.Split == nil {
		h := opts.Holdout
		if h == 0 {
			h = 0.2
		}
		if h <= 0 || h >= 1 || math.IsNaN(h) {
			return Calibration{}, fmt.Errorf("insights: calibrate: holdout %v is not in (0, 1)", opts.Holdout)
		}
		opts.Split = func(sh *store.Shipment) bool { return hashShare(sh.ID) < h }
	}
	if len(opts.Milestones) == 0 {
		opts.Milestones = []milestone.Milestone{milestone.PickedUp}
	}
	for _, m := range opts.Milestones {
		if m.Progress() < milestone.InfoReceived.Progress() || m >= milestone.Delivered {
			return Calibration{}, fmt.Errorf("insights: calibrate: cannot predict from %s: want a progress milestone before delivered", m)
		}
	}
	t := NewTrainer(opts.Predictor)
	q := r.query()
	if err := src.ReadHistory(ctx, q, func(h *store.History) error {
		if !opts.Split(h.Shipment) {
			t.Add(h)
		}
		return nil
	}); err != nil {
		return Calibration{}, fmt.Errorf("insights: calibrate: train: %w", err)
	}
	p := t.Predictor()
	an := newAnalyzer(opts.Predictor.Calendar, 2)
	var (
		c       = Calibration{Trained: t.Deliveries()}
		covered int
		absErr  int
		f       facts
	)
	if err := src.ReadHistory(ctx, q, func(h *store.History) error {
		if !opts.Split(h.Shipment) {
			return nil
		}
		an.analyze(h, &f)
		if f.delivered.IsZero() {
			return nil
		}
		sh := h.Shipment
		for _, m := range opts.Milestones {
			at := f.first[m]
			if at.IsZero() || at.After(f.delivered) {
				continue
			}
			pr := p.Predict(PredictInput{Carrier: sh.Carrier, Service: sh.Service, Origin: sh.Origin,
				Destination: sh.Destination, Milestone: m, MilestoneAt: at, Zone: f.loc})
			from := at.In(f.loc)
			actual := businessDays(an.cal, from, f.delivered)
			p50, p90 := businessDays(an.cal, from, pr.P50), businessDays(an.cal, from, pr.P90)
			c.N++
			if actual <= p90 {
				covered++
			}
			if pr.Source == SourceHistory {
				c.FromHistory++
			}
			absErr += abs(actual - p50)
		}
		return nil
	}); err != nil {
		return Calibration{}, fmt.Errorf("insights: calibrate: check: %w", err)
	}
	c.Coverage = rate(covered, c.N)
	c.MAEBusinessDays = rate(absErr, c.N)
	return c, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// hashShare maps an ID to [0, 1), the same on every run.
func hashShare(id string) float64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	// FNV's high bits hardly change with the last bytes of similar IDs;
	// splitmix64's finaliser spreads them.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}
