-- A job line copied from the appointment names its service type, so every screen and
-- printout shows it in its own language; free text stays in `description`.
-- (PostgreSQL: the same columns and CHECKs, BIGINT and TEXT COLLATE "C".)
ALTER TABLE repair_order_lines ADD COLUMN service TEXT COLLATE "C"
    CHECK (service IS NULL OR service IN
        ('maintenance', 'repair', 'warranty', 'comeback', 'recall', 'inspection', 'other'));

-- A comeback for the same concern: are its lines charged to the customer (1) or not,
-- internal / goodwill (0)? NULL for an order that is no comeback.
ALTER TABLE repair_orders ADD COLUMN comeback_charged BIGINT
    CHECK (comeback_charged IS NULL OR comeback_charged IN (0, 1));
