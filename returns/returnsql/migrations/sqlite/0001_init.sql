CREATE TABLE wismo_return (
	id          TEXT PRIMARY KEY,
	order_id    TEXT NOT NULL,
	shipment_id TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	state       TEXT NOT NULL,
	active      INTEGER NOT NULL,
	data        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	version     INTEGER NOT NULL
);
CREATE INDEX wismo_return_active ON wismo_return (id) WHERE active = 1;
CREATE INDEX wismo_return_shipment ON wismo_return (shipment_id, id);
CREATE INDEX wismo_return_customer ON wismo_return (customer_id);
