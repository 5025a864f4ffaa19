-- frontdesk schema, version 1.
-- Conventions:
--   * times are UTC RFC 3339 text 'YYYY-MM-DDTHH:MM:SSZ' (sortable as text);
--   * `day` columns are the shop's local calendar date 'YYYY-MM-DD';
--   * money is integer cents (分); labour hours and quantities are hundredths (centi);
--   * every mutable row carries `version` (optimistic concurrency) and who/when of the
--     creation and of the last change; the audit log is append-only.

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('advisor', 'technician', 'supervisor', 'manager')),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES staff(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER REFERENCES staff(id)
);

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    salutation  TEXT CHECK (salutation IN ('mr', 'ms')),
    phone       TEXT,                 -- normalised digits, e.g. 13800138000
    email       TEXT,
    note        TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES staff(id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES staff(id),
    -- last four digits of the phone, for "find by the tail of the number" (index-backed)
    phone_tail4 TEXT GENERATED ALWAYS AS (substr(phone, -4)) VIRTUAL
);
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_phone_tail4 ON customers(phone_tail4);
CREATE INDEX customers_name ON customers(name);

-- Every suffix of every customer name, ASCII-lowercased (王小明 -> 王小明, 小明, 明), kept by
-- the triggers below: "a piece of the name" (小明, 明, smith) is a prefix of one of them,
-- so the search box finds it by an index range scan instead of a LIKE '%…%' table scan.
CREATE TABLE customer_name_keys (
    key         TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (key, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_name_keys_customer ON customer_name_keys(customer_id);

CREATE TRIGGER customers_name_keys_insert AFTER INSERT ON customers
BEGIN
    INSERT OR IGNORE INTO customer_name_keys (key, customer_id)
        WITH RECURSIVE pos(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < length(NEW.name))
        SELECT lower(substr(NEW.name, i)), NEW.id FROM pos WHERE NEW.name <> '';
END;

CREATE TRIGGER customers_name_keys_update AFTER UPDATE OF name ON customers
BEGIN
    DELETE FROM customer_name_keys WHERE customer_id = OLD.id;
    INSERT OR IGNORE INTO customer_name_keys (key, customer_id)
        WITH RECURSIVE pos(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM pos WHERE i < length(NEW.name))
        SELECT lower(substr(NEW.name, i)), NEW.id FROM pos WHERE NEW.name <> '';
END;

CREATE TABLE vehicles (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    plate           TEXT NOT NULL UNIQUE,    -- normalised, e.g. 粤B12345
    plate_flagged   INTEGER NOT NULL DEFAULT 0 CHECK (plate_flagged IN (0, 1)),
    vin             TEXT,
    make            TEXT,
    model           TEXT,
    year            INTEGER,
    color           TEXT,
    last_odometer_km INTEGER CHECK (last_odometer_km >= 0),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES staff(id),
    updated_at      TEXT NOT NULL,
    updated_by      INTEGER NOT NULL REFERENCES staff(id),
    -- the plate without its leading province ideograph (粤B12345 -> B12345), so "B123"
    -- finds 粤B12345 by an index range scan
    plate_key       TEXT GENERATED ALWAYS AS
                        (CASE WHEN unicode(plate) > 127 THEN substr(plate, 2) ELSE plate END) VIRTUAL
);
CREATE INDEX vehicles_customer ON vehicles(customer_id);
CREATE INDEX vehicles_plate_key ON vehicles(plate_key);

-- Per-date capacity settings; a missing row means the configured defaults.
CREATE TABLE day_capacity (
    day                 TEXT PRIMARY KEY,
    technicians         INTEGER NOT NULL CHECK (technicians >= 0),
    minutes_per_tech    INTEGER NOT NULL CHECK (minutes_per_tech >= 0),
    productivity_pct    INTEGER NOT NULL CHECK (productivity_pct BETWEEN 0 AND 200),
    booking_rate_pct    INTEGER NOT NULL CHECK (booking_rate_pct BETWEEN 0 AND 100),
    opens_at            TEXT NOT NULL,       -- local 'HH:MM'
    closes_at           TEXT NOT NULL,
    closed              INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    note                TEXT,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
);

CREATE TABLE appointments (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id          INTEGER NOT NULL REFERENCES vehicles(id),
    day                 TEXT NOT NULL,        -- local date of starts_at
    starts_at           TEXT NOT NULL,        -- UTC
    service             TEXT NOT NULL CHECK (service IN
                            ('maintenance', 'repair', 'warranty', 'comeback', 'recall', 'inspection', 'other')),
    est_minutes         INTEGER NOT NULL CHECK (est_minutes > 0),
    advisor_id          INTEGER REFERENCES staff(id),
    kind                TEXT NOT NULL CHECK (kind IN ('active', 'passive')),
    channel             TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'online', 'walk_up')),
    parts               TEXT NOT NULL DEFAULT 'none' CHECK (parts IN ('none', 'in_stock', 'ordered')),
    parts_expected_on   TEXT,
    complaint_case      INTEGER NOT NULL DEFAULT 0 CHECK (complaint_case IN (0, 1)),
    symptoms            TEXT,
    note                TEXT,
    state               TEXT NOT NULL CHECK (state IN
                            ('booked', 'confirmed', 'arrived', 'checked_in', 'no_show', 'cancelled', 'rescheduled')),
    rescheduled_from    INTEGER REFERENCES appointments(id),
    reminded_at         TEXT,
    reminder_outcome    TEXT CHECK (reminder_outcome IN ('confirmed', 'rescheduled', 'cancelled', 'unreachable')),
    reminder_note       TEXT,
    override_reason     TEXT,                 -- set when booked past capacity
    override_by         INTEGER REFERENCES staff(id),
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX appointments_day ON appointments(day, starts_at);
CREATE INDEX appointments_vehicle ON appointments(vehicle_id, day);
-- covers the booked minutes per day (capacity check, week overview) without the rows
CREATE INDEX appointments_day_load ON appointments(day, state, est_minutes);

CREATE TABLE repair_orders (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,     -- RO-YYYYMMDD-NNNN
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id          INTEGER NOT NULL REFERENCES vehicles(id),
    appointment_id      INTEGER REFERENCES appointments(id),
    advisor_id          INTEGER NOT NULL REFERENCES staff(id),
    technician_id       INTEGER REFERENCES staff(id),
    bay                 TEXT,
    state               TEXT NOT NULL CHECK (state IN
                            ('written', 'dispatched', 'in_repair', 'waiting_parts', 'waiting_approval',
                             'quality_check', 'wash', 'ready', 'delivered', 'cancelled')),
    comeback_of         INTEGER REFERENCES repair_orders(id),
    customer_description TEXT NOT NULL DEFAULT '',
    diagnosis           TEXT NOT NULL DEFAULT '',
    odometer_km         INTEGER NOT NULL CHECK (odometer_km >= 0),
    odometer_correction TEXT,                     -- reason when below the last reading
    promised_at         TEXT NOT NULL,
    estimate_cents      INTEGER NOT NULL CHECK (estimate_cents >= 0),
    contact_during      TEXT,
    waiting_mode        TEXT NOT NULL CHECK (waiting_mode IN ('lounge', 'leave')),
    payment_method      TEXT NOT NULL CHECK (payment_method IN ('cash', 'card', 'wechat', 'alipay', 'transfer', 'warranty')),
    next_service_km     INTEGER,
    next_service_on     TEXT,
    delivery_spot       TEXT,
    signed_at           TEXT,
    signed_by           INTEGER REFERENCES staff(id),
    delivered_at        TEXT,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX repair_orders_vehicle ON repair_orders(vehicle_id, created_at);
CREATE INDEX repair_orders_state ON repair_orders(state);

-- Last number handed out per local day, for gap-free RO-YYYYMMDD-NNNN.
CREATE TABLE number_sequences (
    prefix  TEXT NOT NULL,
    day     TEXT NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, day)
);

CREATE TABLE repair_order_lines (
    id                  INTEGER PRIMARY KEY,
    repair_order_id     INTEGER NOT NULL REFERENCES repair_orders(id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('labour', 'part')),
    description         TEXT NOT NULL,
    quantity_centi      INTEGER NOT NULL CHECK (quantity_centi > 0),   -- hours or pieces ×100
    unit_price_cents    INTEGER NOT NULL CHECK (unit_price_cents >= 0), -- rate per hour or per piece
    claim               INTEGER NOT NULL DEFAULT 0 CHECK (claim IN (0, 1)), -- warranty claim: the S mark
    UNIQUE (repair_order_id, position)
);

CREATE TABLE walkarounds (
    repair_order_id     INTEGER PRIMARY KEY REFERENCES repair_orders(id) ON DELETE CASCADE,
    fuel_level          TEXT NOT NULL CHECK (fuel_level IN ('E', '1/4', '1/2', '3/4', 'F')),
    warning_lights      TEXT NOT NULL DEFAULT '',
    tools_present       INTEGER NOT NULL CHECK (tools_present IN (0, 1)),
    lighter_present     INTEGER NOT NULL CHECK (lighter_present IN (0, 1)),
    valuables_removed   INTEGER NOT NULL CHECK (valuables_removed IN (0, 1)),
    return_old_parts    INTEGER NOT NULL CHECK (return_old_parts IN (0, 1)),
    wash                INTEGER NOT NULL CHECK (wash IN (0, 1)),
    engine_bay_clean    INTEGER NOT NULL CHECK (engine_bay_clean IN (0, 1)),
    note                TEXT
);

CREATE TABLE walkaround_damage (
    id                  INTEGER PRIMARY KEY,
    repair_order_id     INTEGER NOT NULL REFERENCES walkarounds(repair_order_id) ON DELETE CASCADE,
    zone                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('scratch', 'dent', 'crack', 'other')),
    note                TEXT
);

CREATE TABLE repair_order_events (
    id                  INTEGER PRIMARY KEY,
    repair_order_id     INTEGER NOT NULL REFERENCES repair_orders(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    from_state          TEXT,
    to_state            TEXT NOT NULL,
    note                TEXT
);
CREATE INDEX repair_order_events_ro ON repair_order_events(repair_order_id, at);

CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,     -- CP-YYYYMMDD-NNNN
    received_at         TEXT NOT NULL,
    received_by         INTEGER NOT NULL REFERENCES staff(id),
    channel             TEXT NOT NULL CHECK (channel IN
                            ('counter', 'phone', 'letter', 'comment_book', 'manager_day', 'regulator', 'other_department')),
    place               TEXT,
    people              TEXT,
    description         TEXT NOT NULL,
    desired_result      TEXT,
    customer_id         INTEGER REFERENCES customers(id),
    vehicle_id          INTEGER REFERENCES vehicles(id),
    repair_order_id     INTEGER REFERENCES repair_orders(id),
    parent_id           INTEGER REFERENCES complaints(id),
    nature              TEXT NOT NULL CHECK (nature IN ('solve', 'vent', 'expectation')),
    category            TEXT NOT NULL CHECK (category IN
                            ('attitude', 'quality', 'price', 'waiting', 'parts', 'appointment', 'other')),
    stage               TEXT NOT NULL CHECK (stage IN
                            ('accepted', 'clarifying', 'solution_proposed', 'in_progress', 'replied', 'follow_up', 'closed')),
    escalated           INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    reported_at         TEXT,                     -- reported to the customer manager (1 h rule)
    answered_at         TEXT,                     -- answer given to the customer (72 h rule)
    responsible_dept    TEXT,                     -- supervision order (督办令) addressee
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX complaints_stage ON complaints(stage, received_at);
CREATE INDEX complaints_customer ON complaints(customer_id, stage);

CREATE TABLE complaint_events (
    id                  INTEGER PRIMARY KEY,
    complaint_id        INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    kind                TEXT NOT NULL CHECK (kind IN
                            ('received', 'reported', 'stage', 'supervision_order', 'reply', 'follow_up', 'note')),
    stage               TEXT,
    note                TEXT
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

-- Append-only: who did what, when.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff(id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
