package tracking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/wismo-dev/wismo/milestone"
	"github.com/wismo-dev/wismo/tracking/store"
)

// EventType names what a ShipmentEvent reports.
type EventType string

// The event types.
const (
	// EventStateChanged: the shipment's State changed (ShipmentEvent.State and
	// ShipmentEvent.Reason are the new ones).
	EventStateChanged EventType = "state_changed"
	// EventMilestoneReached: the shipment's latest milestone changed
	// (ShipmentEvent.Milestone).
	EventMilestoneReached EventType = "milestone_reached"
	// EventMessageSent: a message was handed to a channel (ShipmentEvent.MessageID,
	// ShipmentEvent.MessageKind).
	EventMessageSent EventType = store.EventMessageSent
	// EventMessageDead: a message was given up (a dead letter, see
	// Service.DeadLetters).
	EventMessageDead EventType = store.EventMessageDead
	// EventShipmentUpdated: Service.Update changed the shipment
	// (ShipmentEvent.Changed names the fields, ShipmentEvent.Note the reason given).
	EventShipmentUpdated EventType = "shipment_updated"
	// EventShipmentCancelled: Service.Cancel stopped the shipment
	// (ShipmentEvent.Note is the reason given).
	EventShipmentCancelled EventType = "shipment_cancelled"
)

// ShipmentEvent is one entry of the Service's durable event stream: a change the
// host hears about (Service.Events, Config.OnEvent) to keep its own order
// database up to date without polling Status. Events are written in the
// same store transaction as the change they report.
type ShipmentEvent struct {
	// ID is unique and stable: an event delivered twice (delivery is at
	// least once) has the same ID both times.
	ID string
	// Seq is the event's place in the stream: it grows with every event.
	// Pass the last Seq read to Service.Events to read on.
	Seq int64
	// Type says what happened.
	Type EventType
	// ShipmentID and OrderID say what it happened to.
	ShipmentID, OrderID string
	// At is when it happened, on the Service's clock.
	At time.Time
	// State and Reason are the shipment's state after the change (state,
	// milestone, update and cancel events).
	State  State
	Reason Reason
	// Milestone is the shipment's latest milestone after the change.
	Milestone milestone.Milestone
	// MessageID and MessageKind name the message of a message event.
	MessageID, MessageKind string
	// Changed names the fields an update changed, such as "PromisedBy" or
	// "TrackingNumber" (EventShipmentUpdated).
	Changed []string
	// Note is the free-text reason given to Update or Cancel.
	Note string
}

// eventData is the part of a ShipmentEvent kept in store.Event.Data. The message
// fields use the names of store.MessageEventData, which the stores write.
type eventData struct {
	State       State    `json:"state,omitempty"`
	Reason      Reason   `json:"reason,omitempty"`
	Milestone   string   `json:"milestone,omitempty"`
	MessageID   string   `json:"message_id,omitempty"`
	MessageKind string   `json:"message_kind,omitempty"`
	Changed     []string `json:"changed,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// newEvent returns the store event of type typ about rec as it is about to
// be written. Its ID is the shipment ID, the version the write replaces and
// the type: a write succeeds once per version, so the ID is unique.
func newEvent(typ EventType, rec *store.Shipment, now time.Time, changed []string, note string) store.Event {
	d := eventData{State: State(rec.State), Reason: Reason(rec.Reason), Milestone: rec.Milestone, Changed: changed, Note: note}
	b, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("tracking: encode event: %v", err)) // plain data; cannot fail
	}
	return store.Event{
		ID:   rec.ID + "/" + strconv.FormatInt(rec.Version, 10) + "/" + string(typ),
		Type: string(typ), ShipmentID: rec.ID, OrderID: rec.OrderID, At: now, Data: b,
	}
}

// fromStoreEvent decodes a stored event. Data that is not the tracking
// package's JSON leaves the fields it would set empty.
func fromStoreEvent(se store.Event) ShipmentEvent {
	e := ShipmentEvent{ID: se.ID, Seq: se.Seq, Type: EventType(se.Type), ShipmentID: se.ShipmentID, OrderID: se.OrderID, At: se.At}
	var d eventData
	if len(se.Data) > 0 && json.Unmarshal(se.Data, &d) == nil {
		e.State, e.Reason, e.MessageID, e.MessageKind, e.Changed, e.Note = d.State, d.Reason, d.MessageID, d.MessageKind, d.Changed, d.Note
		if m, err := milestone.Parse(d.Milestone); err == nil {
			e.Milestone = m
		}
	}
	return e
}

// MaxEvents is the most events one Events call returns.
const MaxEvents = 1000

// Events returns up to max events whose Seq is greater than after, in Seq
// order: the durable event stream read with a cursor. Start with after 0
// and pass the last Seq read to read on; an empty result means the reader
// is up to date. max must be between 1 and MaxEvents, else the error wraps
// ErrInvalid.
func (s *Service) Events(ctx context.Context, after int64, max int) ([]ShipmentEvent, error) {
	if max < 1 || max > MaxEvents {
		return nil, fmt.Errorf("tracking: events: max %d is not between 1 and %d: %w", max, MaxEvents, ErrInvalid)
	}
	if after < 0 {
		return nil, fmt.Errorf("tracking: events: negative cursor %d: %w", after, ErrInvalid)
	}
	ses, err := s.store.ListEvents(ctx, after, max)
	if err != nil {
		return nil, fmt.Errorf("tracking: events: %w", err)
	}
	out := make([]ShipmentEvent, len(ses))
	for i, se := range ses {
		out[i] = fromStoreEvent(se)
	}
	return out, nil
}

// EventCursor is the name under which the Service stores how far
// Config.OnEvent has been given the event stream (store.Store.SaveCursor).
const EventCursor = "default"

// DeliverEvents gives Config.OnEvent every event after the stored position
// (EventCursor), in Seq order, and saves the position as it goes; it
// returns how many events it delivered once it is up to date. When OnEvent
// fails, DeliverEvents saves the position before that event and returns
// the error: the event is delivered again by the next call. A panic of
// OnEvent counts as its failure (the error says so) and does not reach the
// caller, so a handler's bug cannot end Run. Run calls it
// with a backoff; hosts that do not use Run call it themselves. Delivery is
// at least once: a crash between a delivery and the save of the position,
// or two processes delivering at once, gives an event again (with the same
// ID). Without Config.OnEvent the error wraps ErrInvalid.
func (s *Service) DeliverEvents(ctx context.Context) (int, error) {
	if s.cfg.OnEvent == nil {
		return 0, fmt.Errorf("tracking: deliver events: Config.OnEvent is not set: %w", ErrInvalid)
	}
	pos, err := s.store.LoadCursor(ctx, EventCursor)
	if err != nil {
		return 0, fmt.Errorf("tracking: deliver events: %w", err)
	}
	n := 0
	for {
		ses, err := s.store.ListEvents(ctx, pos, s.cfg.BatchSize)
		if err != nil {
			return n, fmt.Errorf("tracking: deliver events: %w", err)
		}
		start := pos
		for _, se := range ses {
			if herr := s.handle(ctx, fromStoreEvent(se)); herr != nil {
				err := fmt.Errorf("tracking: deliver event %s (seq %d): %w", se.ID, se.Seq, herr)
				if pos != start {
					if serr := s.store.SaveCursor(ctx, EventCursor, pos); serr != nil {
						err = errors.Join(err, fmt.Errorf("tracking: deliver events: save position: %w", serr))
					}
				}
				return n, err
			}
			pos = se.Seq
			n++
		}
		if pos != start {
			if err := s.store.SaveCursor(ctx, EventCursor, pos); err != nil {
				return n, fmt.Errorf("tracking: deliver events: save position: %w", err)
			}
		}
		if len(ses) < s.cfg.BatchSize || ctx.Err() != nil {
			return n, ctx.Err()
		}
	}
}

// handle gives e to Config.OnEvent; a panic of the handler is its
// failure, so that a host's bug fails one delivery (given again after a
// backoff) instead of ending the process.
func (s *Service) handle(ctx context.Context, e ShipmentEvent) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return s.cfg.OnEvent(ctx, e)
}

// runEvents delivers events until ctx ends: every Config.EventsEvery when
// up to date, and after a failure of OnEvent again after a backoff that
// starts at EventsEvery and doubles up to Config.EventRetryMax.
func (s *Service) runEvents(ctx context.Context) {
	wait := s.cfg.EventsEvery
	for ctx.Err() == nil {
		_, err := s.DeliverEvents(ctx)
		pause := s.cfg.EventsEvery
		if err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "tracking: event handler failed, retrying", "retry_in", wait, "err", redact(err.Error()))
			pause = wait
			wait = min(wait*2, s.cfg.EventRetryMax)
		} else {
			wait = s.cfg.EventsEvery
		}
		if s.cfg.Sleep(ctx, pause) != nil {
			return
		}
	}
}
