-- The shop's side of a shipment (issue 19): the fields ListShipments filters
-- and orders by, the event stream, its consumers' cursors, and what the
-- operations on dead letters need.
--
-- updated_ns and created_ns are Unix nanoseconds (0 for none), the keys of
-- list order and of range filters; email is the recipient's e-mail address
-- lower-cased (store.EmailKey). Rows written before this migration get
-- created_ns from created_at (to the microsecond), updated_ns = created_ns.
ALTER TABLE wismo_shipment ADD COLUMN updated_ns BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wismo_shipment ADD COLUMN created_ns BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wismo_shipment ADD COLUMN action_required BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE wismo_shipment ADD COLUMN not_found BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE wismo_shipment ADD COLUMN cancelled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_shipment ADD COLUMN email TEXT NOT NULL DEFAULT '';

UPDATE wismo_shipment SET
    created_ns = CASE WHEN created_at = '' THEN 0
        ELSE (EXTRACT(EPOCH FROM created_at::timestamptz) * 1000000)::BIGINT * 1000 END,
    email = lower(coalesce(recipient::jsonb ->> 'Email', ''));
UPDATE wismo_shipment SET updated_ns = created_ns;

-- ListShipments walks shipments in list order (updated_ns descending, id),
-- by itself or within a state, a carrier and state, or an order.
CREATE INDEX wismo_shipment_updated ON wismo_shipment (updated_ns DESC, id);
CREATE INDEX wismo_shipment_state_updated ON wismo_shipment (state, updated_ns DESC, id);
CREATE INDEX wismo_shipment_carrier_updated ON wismo_shipment (carrier, state, updated_ns DESC, id);
CREATE INDEX wismo_shipment_order_updated ON wismo_shipment (order_id, updated_ns DESC, id);
CREATE INDEX wismo_shipment_email ON wismo_shipment (email) WHERE email <> '';
CREATE INDEX wismo_shipment_created_ns ON wismo_shipment (created_ns);

-- The outbox keeps the message kind and the dead-letter time as columns
-- for ListOutbox. Messages dead before this migration have dead_at 0.
ALTER TABLE wismo_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE wismo_outbox ADD COLUMN dead_at BIGINT NOT NULL DEFAULT 0;
UPDATE wismo_outbox SET kind = coalesce(message::jsonb ->> 'Kind', '');
-- A shipment's messages (ListOutbox, WithdrawOutbox), its dead letters
-- (ListShipments' NeedsAttention), and the messages that are neither
-- pending nor sent, newest first (ListOutbox by status).
CREATE INDEX wismo_outbox_shipment ON wismo_outbox (shipment_id, seq);
CREATE INDEX wismo_outbox_shipment_dead ON wismo_outbox (shipment_id) WHERE status = 'dead';
CREATE INDEX wismo_outbox_settled ON wismo_outbox (status, seq) WHERE status IN ('dead', 'discarded', 'withdrawn');

-- The event stream. seq comes from wismo_counter's 'event' row, which a
-- writer locks until it commits, so events become visible in seq order.
CREATE TABLE wismo_event (
    seq         BIGINT PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL,
    shipment_id TEXT NOT NULL DEFAULT '',
    order_id    TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL DEFAULT '',
    data        BYTEA
);
CREATE TABLE wismo_counter (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO wismo_counter (name, value) VALUES ('event', 0);
-- The event consumers' positions (LoadCursor, SaveCursor).
CREATE TABLE wismo_cursor (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL
);
