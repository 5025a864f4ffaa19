-- frontdesk schema: the workshop half of the service flow (issue 10): dispatch, each job
-- line's clock, added work and the customer's consent, the three-level quality check,
-- ready for delivery, settlement and the follow-up call.

-- The order: when it left reception (dispatched), the progress entered by hand, the
-- 80/20 notice, the car at delivery, the settlement and the follow-up.
ALTER TABLE repair_orders ADD COLUMN dispatched_at TEXT;
ALTER TABLE repair_orders ADD COLUMN progress_pct INTEGER NOT NULL DEFAULT 0
    CHECK (progress_pct BETWEEN 0 AND 100);
ALTER TABLE repair_orders ADD COLUMN told_customer_at TEXT;
ALTER TABLE repair_orders ADD COLUMN told_customer_by INTEGER REFERENCES staff(id);
ALTER TABLE repair_orders ADD COLUMN washed INTEGER CHECK (washed IS NULL OR washed IN (0, 1));
ALTER TABLE repair_orders ADD COLUMN odometer_out_km INTEGER
    CHECK (odometer_out_km IS NULL OR odometer_out_km >= 0);
ALTER TABLE repair_orders ADD COLUMN ready_at TEXT;
ALTER TABLE repair_orders ADD COLUMN qc_failures INTEGER NOT NULL DEFAULT 0
    CHECK (qc_failures >= 0);
ALTER TABLE repair_orders ADD COLUMN discount_cents INTEGER NOT NULL DEFAULT 0
    CHECK (discount_cents >= 0);
ALTER TABLE repair_orders ADD COLUMN discount_reason TEXT;
ALTER TABLE repair_orders ADD COLUMN discount_by INTEGER REFERENCES staff(id);
ALTER TABLE repair_orders ADD COLUMN paid_cents INTEGER CHECK (paid_cents IS NULL OR paid_cents >= 0);
ALTER TABLE repair_orders ADD COLUMN paid_method TEXT
    CHECK (paid_method IS NULL OR paid_method IN ('cash', 'card', 'wechat', 'alipay', 'transfer', 'warranty'));
ALTER TABLE repair_orders ADD COLUMN old_parts_returned INTEGER
    CHECK (old_parts_returned IS NULL OR old_parts_returned IN (0, 1));
ALTER TABLE repair_orders ADD COLUMN follow_up_state TEXT
    CHECK (follow_up_state IS NULL OR follow_up_state IN ('due', 'done', 'given_up', 'problem'));
ALTER TABLE repair_orders ADD COLUMN follow_up_on TEXT;          -- local 'YYYY-MM-DD'
ALTER TABLE repair_orders ADD COLUMN follow_up_tries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE repair_orders ADD COLUMN cancel_reason TEXT;

-- The board reads only the open orders (a few hundred among a million): this index holds
-- just them, in promised order, with every column the board reads, so loading the board
-- fetches no order row. The call list reads only the due follow-ups.
CREATE INDEX repair_orders_open ON repair_orders(promised_at, id, number, version, customer_id,
    vehicle_id, advisor_id, technician_id, bay, state, signed_at, created_at, dispatched_at,
    comeback_of, appointment_id, progress_pct, told_customer_at, comeback_charged)
    WHERE state NOT IN ('delivered', 'cancelled');
CREATE INDEX repair_orders_follow_up ON repair_orders(follow_up_on)
    WHERE follow_up_state = 'due';
-- The figures read the orders delivered in a span, and a delivered order's comebacks.
CREATE INDEX repair_orders_delivered ON repair_orders(delivered_at)
    WHERE state = 'delivered';
CREATE INDEX repair_orders_comeback ON repair_orders(comeback_of)
    WHERE comeback_of IS NOT NULL;
CREATE INDEX repair_orders_technician_open ON repair_orders(technician_id)
    WHERE state NOT IN ('delivered', 'cancelled');

-- A job line: the customer's consent (signed with the order, or proposed later and then
-- approved on the order or by phone, or declined) and its clock.
ALTER TABLE repair_order_lines ADD COLUMN approval TEXT NOT NULL DEFAULT 'signed'
    CHECK (approval IN ('signed', 'proposed', 'approved_signed', 'approved_phone', 'declined'));
ALTER TABLE repair_order_lines ADD COLUMN proposed_at TEXT;
ALTER TABLE repair_order_lines ADD COLUMN proposed_by INTEGER REFERENCES staff(id);
ALTER TABLE repair_order_lines ADD COLUMN decided_at TEXT;
ALTER TABLE repair_order_lines ADD COLUMN decided_by INTEGER REFERENCES staff(id);
ALTER TABLE repair_order_lines ADD COLUMN phone_approver TEXT;   -- who approved on the phone
ALTER TABLE repair_order_lines ADD COLUMN phone_number TEXT;     -- the number dialled
ALTER TABLE repair_order_lines ADD COLUMN job_state TEXT NOT NULL DEFAULT 'pending'
    CHECK (job_state IN ('pending', 'running', 'paused', 'done'));
ALTER TABLE repair_order_lines ADD COLUMN pause_reason TEXT
    CHECK (pause_reason IS NULL OR pause_reason IN ('parts', 'approval', 'other'));
ALTER TABLE repair_order_lines ADD COLUMN worked_seconds INTEGER NOT NULL DEFAULT 0
    CHECK (worked_seconds >= 0);                                 -- closed spans
ALTER TABLE repair_order_lines ADD COLUMN running_since TEXT;    -- the open span
-- A declined line offered again at a later visit: the order that took it up.
ALTER TABLE repair_order_lines ADD COLUMN taken_up_by INTEGER REFERENCES repair_orders(id);

CREATE INDEX repair_order_lines_order ON repair_order_lines(repair_order_id, position);
CREATE INDEX repair_order_lines_declined ON repair_order_lines(repair_order_id)
    WHERE approval = 'declined' AND taken_up_by IS NULL;

-- The timeline: every event names what was done (a move, a job action, a proposal or an
-- answer, a check…) and the line it concerns.
ALTER TABLE repair_order_events ADD COLUMN action TEXT;
ALTER TABLE repair_order_events ADD COLUMN line_id INTEGER REFERENCES repair_order_lines(id);

-- The quality checks, in the order they were made (三级质检).
CREATE TABLE quality_checks (
    id              INTEGER PRIMARY KEY,
    repair_order_id INTEGER NOT NULL REFERENCES repair_orders(id),
    level           TEXT NOT NULL CHECK (level IN ('self_check', 'team_leader', 'final')),
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
    checklist       TEXT NOT NULL DEFAULT '[]',   -- JSON [[item, ticked], …]
    reason          TEXT,
    at              TEXT NOT NULL,
    recorded_by     INTEGER NOT NULL REFERENCES staff(id)
);
CREATE INDEX quality_checks_order ON quality_checks(repair_order_id, id);

-- The follow-up calls (回访).
CREATE TABLE follow_up_calls (
    id              INTEGER PRIMARY KEY,
    repair_order_id INTEGER NOT NULL REFERENCES repair_orders(id),
    at              TEXT NOT NULL,
    staff_id        INTEGER NOT NULL REFERENCES staff(id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('reached', 'not_reached', 'problem')),
    result_score    INTEGER CHECK (result_score IS NULL OR result_score BETWEEN 1 AND 5),
    staff_score     INTEGER CHECK (staff_score IS NULL OR staff_score BETWEEN 1 AND 5),
    remark          TEXT,
    appointment_id  INTEGER REFERENCES appointments(id)
);
CREATE INDEX follow_up_calls_order ON follow_up_calls(repair_order_id, at);
