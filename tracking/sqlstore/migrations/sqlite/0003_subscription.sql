-- A shipment's push subscription with its carrier (store.Subscription):
-- its state, the carrier's id for it, when it was accepted and when it
-- expires (RFC 3339 text, '' for none), when the next subscribe,
-- resubscribe or unsubscribe call is due (Unix nanoseconds, 0 for none),
-- and the consecutive failures with the last error.
ALTER TABLE wismo_shipment ADD COLUMN sub_state TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN sub_id TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN sub_since TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN sub_expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN sub_next_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wismo_shipment ADD COLUMN sub_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wismo_shipment ADD COLUMN sub_error TEXT NOT NULL DEFAULT '';
