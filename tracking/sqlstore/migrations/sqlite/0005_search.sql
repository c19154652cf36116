-- Search by tracking number and the not-found filter (issue 19).
--
-- number_key is the tracking number as store.NumberKey writes it (no
-- spaces, tabs, line breaks or dashes; ASCII letters in capitals: SQLite's
-- upper() changes ASCII letters only), the key ListShipments'
-- TrackingNumber filter compares. Rows written before this migration get
-- it from tracking_number here, the same way.
ALTER TABLE wismo_shipment ADD COLUMN number_key TEXT NOT NULL DEFAULT '';
UPDATE wismo_shipment SET number_key = replace(replace(replace(replace(replace(upper(tracking_number),
    ' ', ''), '-', ''), char(9), ''), char(10), ''), char(13), '');

-- A search walks one number's shipments in list order; the not-found
-- filter the few shipments the carrier has no data for.
CREATE INDEX wismo_shipment_number_key ON wismo_shipment (number_key, updated_ns DESC, id);
CREATE INDEX wismo_shipment_not_found ON wismo_shipment (updated_ns DESC, id) WHERE not_found;
