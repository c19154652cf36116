// Package insights learns from the shop's own delivery history: how each
// carrier performs (on-time rate, transit times, exceptions, failed
// attempts, stalls, noise) and when a parcel in flight will arrive.
//
// It reads history through store.HistoryReader, an optional interface of
// tracking stores (tracking/memstore and tracking/sqlstore implement it;
// AsSource finds it on any store.Store). Everything streams: a million
// shipments are read a batch at a time, and memory grows with the number of
// groups and profiles, not of shipments.
//
// # Business days
//
// Transit times are whole business days in each shipment's zone
// (store.Shipment.TimeZone) under a Calendar of weekend days and holidays,
// the same rules as tracking.Config: a parcel picked up on Friday and
// delivered on Tuesday took 2 business days; delivered on the day of pickup,
// 0. Pickup is the first scan at picked_up or any later progress milestone,
// delivery the first delivered scan.
//
// # Reports
//
// Compute returns a Report over the shipments registered in a Range, in
// total and per carrier (and, with Options.GroupBy, per service, origin and
// destination region): on-time rate against the promise (PromisedBy),
// the transit-time Distribution (median, p90, histogram), exception and
// failed-attempt rates, how often a parcel stalled (Options.StallAfter
// business days without any scan between pickup and delivery) and the share
// of scans that were noise. Handler serves the same report as JSON, with the
// range and grouping as validated query parameters, for the host to mount
// behind its own authentication.
//
// # Predictions
//
// A Predictor, trained on delivered shipments (Train, or a Trainer fed one
// history at a time), estimates the delivery window of a parcel in flight
// from the remaining-time distribution of comparable past deliveries after
// the same milestone: picked up, in transit, at the local facility, out for
// delivery. It uses the closest profile with enough samples (carrier,
// service, origin and destination; then coarser), falls back to the
// carrier's estimate and then to a configurable default, and tells which
// (Prediction.Source). Predict is pure and allocation-free; a Predictor is
// immutable, so a host retrains periodically and swaps it.
//
// # Calibration
//
// Calibrate holds out part of the history (by a hash of the shipment ID, or
// the host's own split), trains on the rest and reports how often the held-out
// deliveries arrived by the predicted P90 day (Coverage, about 0.9 when
// calibrated) and the mean absolute error of the P50 day in business days.
// Because days are whole, coverage is the share of deliveries up to the
// first day at or beyond the 90th percentile, so it is at least 0.9 on the
// training data and usually a few points above.
package insights
