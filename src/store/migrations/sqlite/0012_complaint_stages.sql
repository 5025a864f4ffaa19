-- Complaint handling (issue 11): the stages of the handling as the front desk records
-- them (received → reported → supervision order issued → solution proposed → accepted →
-- resolved → closed, reopened from the follow-up visit), the intake's severity and the
-- anonymous customer's contact, the supervision orders (督办令) with their own due times,
-- and the stamps every clock is computed from.
--
-- SQLite cannot change a CHECK in place: both tables are renamed, made again with the new
-- vocabulary and copied (stages and events mapped), then the old ones dropped. The events
-- are moved first so that dropping the old complaints cascades to nothing.

ALTER TABLE complaint_events RENAME TO complaint_events_0011;
ALTER TABLE complaints RENAME TO complaints_0011;

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
    contact             TEXT,                     -- an anonymous customer's phone or address
    vehicle_id          INTEGER REFERENCES vehicles(id),
    repair_order_id     INTEGER REFERENCES repair_orders(id),
    parent_id           INTEGER REFERENCES complaints(id),
    nature              TEXT NOT NULL CHECK (nature IN ('solve', 'vent', 'expectation')),
    category            TEXT NOT NULL CHECK (category IN
                            ('attitude', 'quality', 'price', 'waiting', 'parts', 'appointment', 'other')),
    severity            TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('minor', 'normal', 'serious')),
    stage               TEXT NOT NULL CHECK (stage IN
                            ('received', 'reported', 'supervised', 'proposed', 'accepted', 'resolved', 'closed')),
    escalated           INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    reported_at         TEXT,                     -- reported upward (the 1 h clock)
    reported_to         TEXT,                     -- to whom
    responsible_dept    TEXT,                     -- the current supervision order's department
    solution            TEXT,                     -- the solution last proposed
    compensation        INTEGER NOT NULL DEFAULT 0 CHECK (compensation IN (0, 1)),
    resolved_at         TEXT,                     -- the result given to the customer (the 72 h clock)
    result              TEXT,
    reopened_at         TEXT,                     -- the last reopening (the 72 h clock starts again)
    reopen_count        INTEGER NOT NULL DEFAULT 0,
    followed_up_at      TEXT,                     -- the follow-up visit after the last resolution
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id)
);

INSERT INTO complaints (id, number, received_at, received_by, channel, place, people,
    description, desired_result, customer_id, vehicle_id, repair_order_id, parent_id, nature,
    category, severity, stage, escalated, reported_at, responsible_dept, resolved_at,
    followed_up_at, version, created_at, created_by, updated_at, updated_by)
SELECT id, number, received_at, received_by, channel, place, people, description,
    desired_result, customer_id, vehicle_id, repair_order_id, parent_id, nature, category,
    CASE WHEN category IN ('quality', 'parts') THEN 'serious' ELSE 'normal' END,
    CASE stage
        WHEN 'accepted' THEN CASE WHEN reported_at IS NULL THEN 'received' ELSE 'reported' END
        WHEN 'clarifying' THEN CASE WHEN escalated = 1 THEN 'supervised'
                                    WHEN reported_at IS NULL THEN 'received' ELSE 'reported' END
        WHEN 'solution_proposed' THEN 'proposed'
        WHEN 'in_progress' THEN 'accepted'
        WHEN 'replied' THEN 'resolved'
        WHEN 'follow_up' THEN 'resolved'
        ELSE 'closed' END,
    escalated, reported_at, responsible_dept, answered_at,
    CASE WHEN stage = 'closed' THEN updated_at END,
    version, created_at, created_by, updated_at, updated_by
FROM complaints_0011;

CREATE TABLE complaint_events (
    id                  INTEGER PRIMARY KEY,
    complaint_id        INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    staff_id            INTEGER NOT NULL REFERENCES staff(id),
    kind                TEXT NOT NULL CHECK (kind IN
                            ('received', 'reported', 'supervised', 'proposed', 'answered',
                             'resolved', 'followed_up', 'reopened', 'note')),
    stage               TEXT,                     -- the stage after the event
    note                TEXT
);

INSERT INTO complaint_events (id, complaint_id, at, staff_id, kind, stage, note)
SELECT e.id, e.complaint_id, e.at, e.staff_id,
    CASE e.kind
        WHEN 'received' THEN 'received'
        WHEN 'reported' THEN 'reported'
        WHEN 'supervision_order' THEN 'supervised'
        WHEN 'reply' THEN 'resolved'
        WHEN 'follow_up' THEN 'followed_up'
        ELSE 'note' END,
    CASE e.stage
        WHEN 'accepted' THEN CASE WHEN e.kind = 'received' THEN 'received' ELSE NULL END
        WHEN 'clarifying' THEN NULL
        WHEN 'solution_proposed' THEN 'proposed'
        WHEN 'in_progress' THEN 'accepted'
        WHEN 'replied' THEN 'resolved'
        WHEN 'follow_up' THEN 'resolved'
        WHEN 'closed' THEN 'closed'
        ELSE NULL END,
    e.note
FROM complaint_events_0011 e;

DROP TABLE complaint_events_0011;
DROP TABLE complaints_0011;

CREATE INDEX complaints_stage ON complaints(stage, received_at);
CREATE INDEX complaints_customer ON complaints(customer_id, stage);
-- The open complaints, for the list with its clocks (the closed ones are most of them).
CREATE INDEX complaints_open ON complaints(received_at, id) WHERE stage <> 'closed';
-- The analysis over a date range reads the complaints received in it.
CREATE INDEX complaints_received ON complaints(received_at);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

-- 督办令: each order to the responsible department, with its own due time; `done_at`
-- when the department's solution is proposed (or the complaint resolved or reopened).
CREATE TABLE supervision_orders (
    id                  INTEGER PRIMARY KEY,
    complaint_id        INTEGER NOT NULL REFERENCES complaints(id),
    seq                 INTEGER NOT NULL,         -- 1, 2, … per complaint
    issued_at           TEXT NOT NULL,
    issued_by           INTEGER NOT NULL REFERENCES staff(id),
    department          TEXT NOT NULL,
    instruction         TEXT NOT NULL,
    due_at              TEXT NOT NULL,
    done_at             TEXT,
    UNIQUE (complaint_id, seq)
);
INSERT INTO supervision_orders (complaint_id, seq, issued_at, issued_by, department,
    instruction, due_at)
SELECT c.id, 1, e.at, e.staff_id, c.responsible_dept, c.responsible_dept,
    strftime('%Y-%m-%dT%H:%M:%SZ', e.at, '+24 hours')
FROM complaints c
JOIN complaint_events e ON e.id = (SELECT min(id) FROM complaint_events
                                   WHERE complaint_id = c.id AND kind = 'supervised')
WHERE c.escalated = 1 AND c.responsible_dept IS NOT NULL;
UPDATE supervision_orders SET done_at = issued_at
WHERE complaint_id IN (SELECT id FROM complaints WHERE stage NOT IN ('received', 'reported', 'supervised'));
