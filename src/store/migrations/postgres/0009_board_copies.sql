-- frontdesk schema: the work-orders board reads two small indexes and nothing else
-- (issue 10's target: 2,000 open orders among 1,000,000 load and draw in under 5 ms).
--
-- Joining each open order to its customer, its vehicle and its walk-around costs a
-- B-tree search in a table of hundreds of thousands of rows per order per table; reading
-- each order's lines from the line table costs one more. Measured on the bench database
-- (sqlite3, 50 runs): the joined orders 6.6 ms, the same columns from the order alone
-- 0.6 ms; the lines by order 3.6 ms, from a partial index of the open orders' lines
-- 1.8 ms.
--
-- So the order keeps the board's copy of its customer's name, its plate and whether a
-- wash was asked for, and each line says whether its order is open. Triggers
-- keep both, whoever writes: an edit of the customer or the vehicle reaches its open
-- orders (a closed order keeps the names it was closed with), and closing or reopening an
-- order flips its lines.
--
-- PostgreSQL: each trigger is a PL/pgSQL function of its name. A WHEN clause may not hold
-- a subquery here, so repair_order_lines_open_insert tests its order's state in the
-- function's body. No trigger can set itself off again: each UPDATE a trigger makes sets
-- only columns outside the UPDATE OF lists of the triggers of the table it writes
-- (customer_name, plate, wash_wanted of an order; order_open of a line), as on SQLite,
-- where recursive_triggers is off. Row triggers run at the end of the statement here (on
-- SQLite after each row); the copies they leave are the same.
-- The measurements above are SQLite's; on PostgreSQL the covering indexes serve
-- index-only scans for the pages the visibility map marks all-visible. A B-tree entry is
-- limited to about 2,700 bytes: a line whose description alone (compressed) exceeds that
-- cannot be written while repair_order_lines_open holds it, which SQLite would accept.

ALTER TABLE repair_orders ADD COLUMN customer_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE repair_orders ADD COLUMN plate TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE repair_orders ADD COLUMN wash_wanted BIGINT NOT NULL DEFAULT 0
    CHECK (wash_wanted IN (0, 1));

UPDATE repair_orders SET
    customer_name = (SELECT c.name FROM customers c WHERE c.id = repair_orders.customer_id),
    plate = (SELECT v.plate FROM vehicles v WHERE v.id = repair_orders.vehicle_id),
    wash_wanted = COALESCE(
        (SELECT w.wash FROM walkarounds w WHERE w.repair_order_id = repair_orders.id), 0);

-- 1 while the line's order is open, NULL once it is delivered or cancelled.
ALTER TABLE repair_order_lines ADD COLUMN order_open BIGINT DEFAULT 1
    CHECK (order_open IS NULL OR order_open = 1);
UPDATE repair_order_lines SET order_open = NULL
    WHERE repair_order_id IN
        (SELECT id FROM repair_orders WHERE state IN ('delivered', 'cancelled'));

-- The copies, kept by the database itself.
CREATE FUNCTION repair_orders_copies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET
        customer_name = (SELECT c.name FROM customers c WHERE c.id = NEW.customer_id),
        plate = (SELECT v.plate FROM vehicles v WHERE v.id = NEW.vehicle_id)
    WHERE id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_orders_copies_insert AFTER INSERT ON repair_orders
    FOR EACH ROW EXECUTE FUNCTION repair_orders_copies_insert();

CREATE FUNCTION repair_orders_copies_relink() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET
        customer_name = (SELECT c.name FROM customers c WHERE c.id = NEW.customer_id),
        plate = (SELECT v.plate FROM vehicles v WHERE v.id = NEW.vehicle_id)
    WHERE id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_orders_copies_relink AFTER UPDATE OF customer_id, vehicle_id ON repair_orders
    FOR EACH ROW EXECUTE FUNCTION repair_orders_copies_relink();

-- An edit reaches the open orders only, found by their own small index.
CREATE INDEX repair_orders_customer_open ON repair_orders(customer_id)
    WHERE state NOT IN ('delivered', 'cancelled');

CREATE FUNCTION customers_copies_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET customer_name = NEW.name
    WHERE customer_id = NEW.id AND state NOT IN ('delivered', 'cancelled');
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_copies_update AFTER UPDATE OF name ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_copies_update();

CREATE FUNCTION vehicles_copies_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET plate = NEW.plate
    WHERE vehicle_id = NEW.id AND state NOT IN ('delivered', 'cancelled');
    RETURN NULL;
END
$$;
CREATE TRIGGER vehicles_copies_update AFTER UPDATE OF plate ON vehicles
    FOR EACH ROW EXECUTE FUNCTION vehicles_copies_update();

CREATE FUNCTION walkarounds_copies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET wash_wanted = NEW.wash WHERE id = NEW.repair_order_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER walkarounds_copies_insert AFTER INSERT ON walkarounds
    FOR EACH ROW EXECUTE FUNCTION walkarounds_copies_insert();

CREATE FUNCTION walkarounds_copies_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_orders SET wash_wanted = NEW.wash WHERE id = NEW.repair_order_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER walkarounds_copies_update AFTER UPDATE OF wash ON walkarounds
    FOR EACH ROW EXECUTE FUNCTION walkarounds_copies_update();

CREATE FUNCTION repair_orders_lines_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE repair_order_lines
    SET order_open = CASE WHEN NEW.state IN ('delivered', 'cancelled') THEN NULL ELSE 1 END
    WHERE repair_order_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_orders_lines_open AFTER UPDATE OF state ON repair_orders
    FOR EACH ROW
    WHEN ((OLD.state IN ('delivered', 'cancelled')) <> (NEW.state IN ('delivered', 'cancelled')))
    EXECUTE FUNCTION repair_orders_lines_open();

-- SQLite's WHEN (SELECT state …) IN (…) is the IF below.
CREATE FUNCTION repair_order_lines_open_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT state FROM repair_orders WHERE id = NEW.repair_order_id)
        IN ('delivered', 'cancelled') THEN
        UPDATE repair_order_lines SET order_open = NULL WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER repair_order_lines_open_insert AFTER INSERT ON repair_order_lines
    FOR EACH ROW EXECUTE FUNCTION repair_order_lines_open_insert();

-- The open orders with every column the board reads, the copies included.
DROP INDEX repair_orders_open;
CREATE INDEX repair_orders_open ON repair_orders(promised_at, id, number, version, advisor_id,
    technician_id, bay, state, signed_at, created_at, comeback_of, appointment_id,
    progress_pct, told_customer_at, comeback_charged, customer_name, plate, wash_wanted)
    WHERE state NOT IN ('delivered', 'cancelled');
-- The open orders' lines with every column the board reads, by order and position.
CREATE INDEX repair_order_lines_open ON repair_order_lines(repair_order_id, position, id, kind,
    description, quantity_centi, unit_price_cents, claim, approval, proposed_at, job_state,
    pause_reason, worked_seconds, running_since)
    WHERE order_open = 1;
