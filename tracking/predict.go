package tracking

import (
	"time"

	"github.com/wismo-dev/wismo/milestone"
)

// PredictInput describes a shipment in flight to Config.Predict.
type PredictInput struct {
	// Carrier, Service, Origin and Destination describe the shipment, as in
	// store.Shipment; the more of them match past deliveries, the closer the
	// comparison.
	Carrier, Service, Origin, Destination string
	// Milestone is the most advanced progress milestone the shipment reached,
	// and MilestoneAt the time of its earliest scan of it.
	Milestone   milestone.Milestone
	MilestoneAt time.Time
	// Zone is the destination's zone, where business days are counted; nil
	// means UTC.
	Zone *time.Location
	// CarrierETA is the carrier's estimate; zero if none.
	CarrierETA time.Time
}

// Prediction is an estimated delivery window, as Config.Predict answers it
// and View.Predicted reports it.
type Prediction struct {
	// P50 and P90 are the ends (last instant, in the input's Zone) of the
	// business days by which half and nine tenths of comparable deliveries
	// had arrived. When the window is the carrier's estimate both are the
	// end of the carrier's estimated day.
	P50 time.Time `json:"p50"`
	P90 time.Time `json:"p90"`
	// Source says where the window comes from, in the predictor's words
	// (tracking/insights: insights.SourceHistory, SourceCarrier or
	// SourceDefault).
	Source string `json:"source"`
	// Samples is how many past deliveries the window comes from (0 unless
	// it comes from history).
	Samples int `json:"samples"`
}
