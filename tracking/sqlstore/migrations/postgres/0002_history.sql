-- ReadHistory (tracking/insights) walks shipments by registration time, in
-- pages keyed by (created_at, id).
CREATE INDEX wismo_shipment_created ON wismo_shipment (created_at, id);
