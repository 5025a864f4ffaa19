-- frontdesk schema: keeping the catalog in the console (issue 15).
--
-- A job line filled from the catalog remembers the entry's code (a part number, an
-- operation's code) and the catalog's price at that moment, so the order names the part
-- and shows a price the advisor changed by hand ("catalog ¥…"); a typed line has none. A booking remembers the package it was made for (the vehicle's next
-- service due), which the check-in offers.
-- (PostgreSQL: the same columns and partial indexes, BIGINT and TEXT COLLATE "C".)

ALTER TABLE repair_order_lines ADD COLUMN catalog_price_cents BIGINT
    CHECK (catalog_price_cents IS NULL OR catalog_price_cents >= 0);
-- The catalog entry it was filled from: the part number or the operation's code.
ALTER TABLE repair_order_lines ADD COLUMN catalog_code TEXT COLLATE "C";
ALTER TABLE appointments ADD COLUMN package_id BIGINT REFERENCES catalog_packages(id);

-- A withdrawn entry leaves the completion (its search keys go) but stays on the catalog
-- screen, where a search also looks through these few.
CREATE INDEX catalog_parts_inactive ON catalog_parts(id) WHERE active = 0;
CREATE INDEX catalog_operations_inactive ON catalog_operations(id) WHERE active = 0;
CREATE INDEX catalog_packages_inactive ON catalog_packages(id) WHERE active = 0;
