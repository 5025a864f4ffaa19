-- frontdesk schema: the workshop half of the service flow (issue 10): dispatch, each job
-- line's clock, added work and the customer's consent, the three-level quality check,
-- ready for delivery, settlement and the follow-up call.
-- (PostgreSQL: the same columns, CHECKs and partial indexes, BIGINT and TEXT COLLATE "C".)

-- The order: when it left reception (dispatched), the progress entered by hand, the
-- 80/20 notice, the car at delivery, the settlement and the follow-up.
ALTER TABLE repair_orders ADD COLUMN dispatched_at TEXT COLLATE "C";
ALTER TABLE repair_orders ADD COLUMN progress_pct BIGINT NOT NULL DEFAULT 0
    CHECK (progress_pct BETWEEN 0 AND 100);
ALTER TABLE repair_orders ADD COLUMN told_customer_at TEXT COLLATE "C";
ALTER TABLE repair_orders ADD COLUMN told_customer_by BIGINT REFERENCES staff(id);
ALTER TABLE repair_orders ADD COLUMN washed BIGINT CHECK (washed IS NULL OR washed IN (0, 1));
ALTER TABLE repair_orders ADD COLUMN odometer_out_km BIGINT
    CHECK (odometer_out_km IS NULL OR odometer_out_km >= 0);
ALTER TABLE repair_orders ADD COLUMN ready_at TEXT COLLATE "C";
ALTER TABLE repair_orders ADD COLUMN qc_failures BIGINT NOT NULL DEFAULT 0
    CHECK (qc_failures >= 0);
ALTER TABLE repair_orders ADD COLUMN discount_cents BIGINT NOT NULL DEFAULT 0
    CHECK (discount_cents >= 0);
ALTER TABLE repair_orders ADD COLUMN discount_reason TEXT COLLATE "C";
ALTER TABLE repair_orders ADD COLUMN discount_by BIGINT REFERENCES staff(id);
ALTER TABLE repair_orders ADD COLUMN paid_cents BIGINT CHECK (paid_cents IS NULL OR paid_cents >= 0);
ALTER TABLE repair_orders ADD COLUMN paid_method TEXT COLLATE "C"
    CHECK (paid_method IS NULL OR paid_method IN ('cash', 'card', 'wechat', 'alipay', 'transfer', 'warranty'));
ALTER TABLE repair_orders ADD COLUMN old_parts_returned BIGINT
    CHECK (old_parts_returned IS NULL OR old_parts_returned IN (0, 1));
ALTER TABLE repair_orders ADD COLUMN follow_up_state TEXT COLLATE "C"
    CHECK (follow_up_state IS NULL OR follow_up_state IN ('due', 'done', 'given_up', 'problem'));
ALTER TABLE repair_orders ADD COLUMN follow_up_on TEXT COLLATE "C";          -- local 'YYYY-MM-DD'
ALTER TABLE repair_orders ADD COLUMN follow_up_tries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE repair_orders ADD COLUMN cancel_reason TEXT COLLATE "C";

-- The board reads only the open orders (a few hundred among a million): this index holds
-- just them, in promised order, with every column the board reads, so loading the board
-- fetches no order row. The call list reads only the due follow-ups.
-- (PostgreSQL reads such an index alone only in an index-only scan, i.e. for the pages
-- its visibility map marks all-visible.)
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
ALTER TABLE repair_order_lines ADD COLUMN approval TEXT COLLATE "C" NOT NULL DEFAULT 'signed'
    CHECK (approval IN ('signed', 'proposed', 'approved_signed', 'approved_phone', 'declined'));
ALTER TABLE repair_order_lines ADD COLUMN proposed_at TEXT COLLATE "C";
ALTER TABLE repair_order_lines ADD COLUMN proposed_by BIGINT REFERENCES staff(id);
ALTER TABLE repair_order_lines ADD COLUMN decided_at TEXT COLLATE "C";
ALTER TABLE repair_order_lines ADD COLUMN decided_by BIGINT REFERENCES staff(id);
ALTER TABLE repair_order_lines ADD COLUMN phone_approver TEXT COLLATE "C";   -- who approved on the phone
ALTER TABLE repair_order_lines ADD COLUMN phone_number TEXT COLLATE "C";     -- the number dialled
ALTER TABLE repair_order_lines ADD COLUMN job_state TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
    CHECK (job_state IN ('pending', 'running', 'paused', 'done'));
ALTER TABLE repair_order_lines ADD COLUMN pause_reason TEXT COLLATE "C"
    CHECK (pause_reason IS NULL OR pause_reason IN ('parts', 'approval', 'other'));
ALTER TABLE repair_order_lines ADD COLUMN worked_seconds BIGINT NOT NULL DEFAULT 0
    CHECK (worked_seconds >= 0);                                 -- closed spans
ALTER TABLE repair_order_lines ADD COLUMN running_since TEXT COLLATE "C";    -- the open span
-- A declined line offered again at a later visit: the order that took it up.
ALTER TABLE repair_order_lines ADD COLUMN taken_up_by BIGINT REFERENCES repair_orders(id);

CREATE INDEX repair_order_lines_order ON repair_order_lines(repair_order_id, position);
CREATE INDEX repair_order_lines_declined ON repair_order_lines(repair_order_id)
    WHERE approval = 'declined' AND taken_up_by IS NULL;

-- The timeline: every event names what was done (a move, a job action, a proposal or an
-- answer, a check…) and the line it concerns.
ALTER TABLE repair_order_events ADD COLUMN action TEXT COLLATE "C";
ALTER TABLE repair_order_events ADD COLUMN line_id BIGINT REFERENCES repair_order_lines(id);

-- The quality checks, in the order they were made (三级质检).
CREATE TABLE quality_checks (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    level           TEXT COLLATE "C" NOT NULL CHECK (level IN ('self_check', 'team_leader', 'final')),
    staff_id        BIGINT NOT NULL REFERENCES staff(id),
    passed          BIGINT NOT NULL CHECK (passed IN (0, 1)),
    checklist       TEXT COLLATE "C" NOT NULL DEFAULT '[]',   -- JSON [[item, ticked], …]
    reason          TEXT COLLATE "C",
    at              TEXT COLLATE "C" NOT NULL,
    recorded_by     BIGINT NOT NULL REFERENCES staff(id)
);
CREATE INDEX quality_checks_order ON quality_checks(repair_order_id, id);

-- The follow-up calls (回访).
CREATE TABLE follow_up_calls (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    repair_order_id BIGINT NOT NULL REFERENCES repair_orders(id),
    at              TEXT COLLATE "C" NOT NULL,
    staff_id        BIGINT NOT NULL REFERENCES staff(id),
    outcome         TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('reached', 'not_reached', 'problem')),
    result_score    BIGINT CHECK (result_score IS NULL OR result_score BETWEEN 1 AND 5),
    staff_score     BIGINT CHECK (staff_score IS NULL OR staff_score BETWEEN 1 AND 5),
    remark          TEXT COLLATE "C",
    appointment_id  BIGINT REFERENCES appointments(id)
);
CREATE INDEX follow_up_calls_order ON follow_up_calls(repair_order_id, at);
