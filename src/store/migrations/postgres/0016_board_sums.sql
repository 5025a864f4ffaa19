-- frontdesk schema: the work-orders board reads what each order's lines add up to from
-- the order itself (issue 10: 2,000 open orders among 1,000,000 loaded and drawn in
-- under 5 ms).
--
-- Adding up the open orders' lines at every load (a GROUP BY over the partial index of
-- their lines, four aggregates a line) was the board's dearest statement: 1.56 ms of the
-- 3.9 ms of bare SQL on the bench database (2,000 open orders, 6,156 lines). So each order
-- keeps its sums, as it keeps its customer's name (migration 0009), and triggers keep
-- them whoever writes a line, in the writer's transaction:
--   lines_cents     what the approved lines that are not claims come to (each line's
--                   amount rounded as `repair_orders::line_amount_cents` rounds it; the
--                   comeback rule, which may make it nothing to pay, is applied on read),
--   proposed_lines  the lines proposed and not yet decided by the customer,
--   proposed_since  the oldest of those proposals.
--
-- PostgreSQL: a comparison is a boolean, not 0/1, so SQLite's SUM(approval = 'proposed')
-- and `+ (approval = 'proposed')` count with `::int`; the division stays BIGINT's, which
-- truncates as SQLite's integer division does. The triggers are PL/pgSQL functions of
-- their names; the UPDATEs they make set only lines_cents, proposed_lines and
-- proposed_since, which no trigger of repair_orders listens to (their UPDATE OF lists),
-- so nothing fires back, as on SQLite (recursive_triggers off).

ALTER TABLE repair_orders ADD COLUMN lines_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE repair_orders ADD COLUMN proposed_lines BIGINT NOT NULL DEFAULT 0;
ALTER TABLE repair_orders ADD COLUMN proposed_since TEXT COLLATE "C";

UPDATE repair_orders SET
    lines_cents = s.cents, proposed_lines = s.proposed, proposed_since = s.since
FROM (SELECT l.repair_order_id AS id,
        COALESCE(SUM(CASE WHEN l.approval IN ('signed', 'approved_signed', 'approved_phone')
            AND l.claim = 0 THEN (l.quantity_centi * l.unit_price_cents + 50) / 100
            ELSE 0 END), 0) AS cents,
        COALESCE(SUM((l.approval = 'proposed')::int), 0) AS proposed,
        MIN(CASE WHEN l.approval = 'proposed' THEN l.proposed_at END) AS since
    FROM repair_order_lines l GROUP BY l.repair_order_id) AS s
WHERE s.id = repair_orders.id;

-- A new line adds to its order (a line that neither counts nor waits changes nothing).
CREATE FUNCTION repair_order_lines_sums_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET
        lines_cents = lines_cents
            + CASE WHEN NEW.approval IN ('signed', 'approved_signed', 'approved_phone')
                AND NEW.claim = 0
                THEN (NEW.quantity_centi * NEW.unit_price_cents + 50) / 100 ELSE 0 END,
        proposed_lines = proposed_lines + (NEW.approval = 'proposed')::int,
        proposed_since = CASE WHEN NEW.approval = 'proposed'
                AND (proposed_since IS NULL OR NEW.proposed_at < proposed_since)
            THEN NEW.proposed_at ELSE proposed_since END
    WHERE id = NEW.repair_order_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_order_lines_sums_insert AFTER INSERT ON repair_order_lines
    FOR EACH ROW
    WHEN (NEW.approval = 'proposed'
        OR (NEW.approval IN ('signed', 'approved_signed', 'approved_phone') AND NEW.claim = 0))
    EXECUTE FUNCTION repair_order_lines_sums_insert();

-- A changed or removed line: its order (both, should a line move) added up again from
-- its lines, found by their order index.
CREATE FUNCTION repair_order_lines_sums_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET (lines_cents, proposed_lines, proposed_since) = (
        SELECT COALESCE(SUM(CASE WHEN l.approval IN ('signed', 'approved_signed',
                'approved_phone') AND l.claim = 0
                THEN (l.quantity_centi * l.unit_price_cents + 50) / 100 ELSE 0 END), 0),
            COALESCE(SUM((l.approval = 'proposed')::int), 0),
            MIN(CASE WHEN l.approval = 'proposed' THEN l.proposed_at END)
        FROM repair_order_lines l WHERE l.repair_order_id = repair_orders.id)
    WHERE id IN (OLD.repair_order_id, NEW.repair_order_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_order_lines_sums_update
    AFTER UPDATE OF repair_order_id, quantity_centi, unit_price_cents, claim, approval,
        proposed_at ON repair_order_lines
    FOR EACH ROW EXECUTE FUNCTION repair_order_lines_sums_update();

CREATE FUNCTION repair_order_lines_sums_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET (lines_cents, proposed_lines, proposed_since) = (
        SELECT COALESCE(SUM(CASE WHEN l.approval IN ('signed', 'approved_signed',
                'approved_phone') AND l.claim = 0
                THEN (l.quantity_centi * l.unit_price_cents + 50) / 100 ELSE 0 END), 0),
            COALESCE(SUM((l.approval = 'proposed')::int), 0),
            MIN(CASE WHEN l.approval = 'proposed' THEN l.proposed_at END)
        FROM repair_order_lines l WHERE l.repair_order_id = repair_orders.id)
    WHERE id = OLD.repair_order_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_order_lines_sums_delete AFTER DELETE ON repair_order_lines
    FOR EACH ROW EXECUTE FUNCTION repair_order_lines_sums_delete();

-- The open orders' index covers the sums too, so the board still fetches no order row.
DROP INDEX repair_orders_open;
CREATE INDEX repair_orders_open ON repair_orders(promised_at, id, number, version, advisor_id,
    technician_id, bay, state, signed_at, created_at, comeback_of, appointment_id,
    progress_pct, told_customer_at, comeback_charged, customer_name, plate, wash_wanted,
    lines_cents, proposed_lines, proposed_since)
    WHERE state NOT IN ('delivered', 'cancelled');
