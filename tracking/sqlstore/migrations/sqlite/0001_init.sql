-- wismo tracking store, SQLite. Instants used in comparisons (due_at,
-- lease_until, next_attempt_at, scan order) are Unix nanoseconds in BIGINT
-- columns, so the same queries serve both dialects and the host's clock (not
-- the database's) decides what is due. Times whose zone matters (scan times,
-- promises, estimates) are also kept as RFC 3339 text with their offset.

CREATE TABLE wismo_shipment (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL DEFAULT '',
    carrier         TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    recipient_id    TEXT NOT NULL DEFAULT '',
    recipient       TEXT NOT NULL DEFAULT '{}',
    promised_by     TEXT NOT NULL DEFAULT '',
    time_zone       TEXT NOT NULL DEFAULT '',
    service         TEXT NOT NULL DEFAULT '',
    origin          TEXT NOT NULL DEFAULT '',
    destination     TEXT NOT NULL DEFAULT '',
    metadata        TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    milestone       TEXT NOT NULL DEFAULT '',
    eta             TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1,
    due_at          BIGINT,
    memo            BLOB,
    version         BIGINT NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     BIGINT NOT NULL DEFAULT 0
);

-- Webhook and poll results find their shipment by carrier and number.
CREATE INDEX wismo_shipment_number ON wismo_shipment (carrier, tracking_number);
-- ClaimDue walks due shipments in due order; shipments that need no work
-- (due_at NULL) are not in the index at all.
CREATE INDEX wismo_shipment_due ON wismo_shipment (due_at, id) WHERE due_at IS NOT NULL;
-- EraseCustomer finds a customer's shipments.
CREATE INDEX wismo_shipment_recipient ON wismo_shipment (recipient_id) WHERE recipient_id <> '';

CREATE TABLE wismo_scan (
    shipment_id     TEXT NOT NULL REFERENCES wismo_shipment (id) ON DELETE CASCADE,
    scan_key        TEXT NOT NULL,
    time_ns         BIGINT NOT NULL,
    time_text       TEXT NOT NULL,
    local_time      INTEGER NOT NULL DEFAULT 0,
    carrier         TEXT NOT NULL DEFAULT '',
    code            TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    milestone       TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '',
    action_required INTEGER NOT NULL DEFAULT 0,
    seen_at         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (shipment_id, scan_key)
);

CREATE INDEX wismo_scan_order ON wismo_scan (shipment_id, time_ns);

CREATE TABLE wismo_outbox (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL DEFAULT 0,
    shipment_id     TEXT NOT NULL DEFAULT '',
    recipient_id    TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT NOT NULL DEFAULT '',
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     BIGINT NOT NULL DEFAULT 0
);

-- ClaimOutbox walks pending messages in attempt order, then insertion order (seq); sent and dead ones,
-- the vast majority over time, are not in the index.
CREATE INDEX wismo_outbox_pending ON wismo_outbox (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX wismo_outbox_recipient ON wismo_outbox (recipient_id) WHERE recipient_id <> '';
