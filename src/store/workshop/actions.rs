//! The workshop's actions on one order, from dispatch to delivery: each is one call inside
//! the caller's IMMEDIATE transaction ([`crate::store::Store::write`]) that checks and
//! bumps the order's version first, reads the facts, lets `domain::workshop` decide,
//! writes, and leaves an event on the timeline and a row in the audit log.

use crate::store::db::params;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::domain::kinds::{
    JobState, LineApproval, LineKind, PauseReason, QcLevel, RepairOrderState, StaffRole,
};
use crate::domain::repair_order::validate_line;
use crate::domain::workshop::flow::{self, Step};
use crate::domain::workshop::jobs::{self, Consent, JobAction};
use crate::domain::workshop::qc::{self, QcInput, QcOutcome, QcRecord};
use crate::domain::workshop::{WorkError, follow_up, settle};
use crate::store::appointments::col;
use crate::store::repair_orders::NewLine;
use crate::store::{Result, StoreError, Tx, settings, staff, ts};

use super::{
    Delivery, Line, QcEntry, customer_cents, event, facts, lines, local_text, order, set_state,
};

const ENTITY: &str = "repair_orders";

/// The line `line_id` of `lines` (the order's), or why not.
fn line_of(lines: &[Line], line_id: i64) -> Result<usize> {
    lines
        .iter()
        .position(|l| l.id == line_id)
        .ok_or(StoreError::NotFound {
            entity: "repair_order_lines",
            id: line_id,
        })
}

/// Seconds from `since` to `now` (never negative).
fn span(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    since.map_or(0, |s| (now - s).num_seconds().max(0))
}

/// Dispatch (派工): technician and bay. A written order moves to dispatched (and records
/// when it left reception, the first time); a dispatched order or one in the workshop is
/// reassigned without moving.
///
/// Refused: a move the state machine forbids; no technician, or one who is not an active
/// technician or supervisor ([`WorkError::TechnicianRequired`]); a blank bay
/// ([`WorkError::BayRequired`]).
pub fn dispatch(
    tx: &Tx<'_>,
    id: i64,
    version: i64,
    technician_id: Option<i64>,
    bay: &str,
) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let to = flow::next(o.state, Step::Dispatch)?;
    let tech = match technician_id {
        Some(t) => staff::by_id(tx.conn(), t)?,
        None => None,
    };
    let Some(tech) = tech
        .filter(|s| s.active && matches!(s.role, StaffRole::Technician | StaffRole::Supervisor))
    else {
        return Err(WorkError::TechnicianRequired.into());
    };
    let bay = bay.trim();
    if bay.is_empty() {
        return Err(WorkError::BayRequired.into());
    }
    tx.conn()
        .prepare_cached(
            "UPDATE repair_orders SET technician_id = ?1, bay = ?2, state = ?3, \
             dispatched_at = COALESCE(dispatched_at, ?4) WHERE id = ?5",
        )?
        .execute(params![tech.id, bay, to.as_str(), tx.now_text(), id])?;
    let note = format!("{} · {bay}", tech.name);
    event(tx, id, "dispatch", None, o.state, to, Some(&note))?;
    tx.audit(
        "dispatch",
        ENTITY,
        Some(id),
        json!({
            "technician_id": tech.id,
            "bay": bay,
            "from": o.state.as_str(),
            "to": to.as_str(),
            "previous_technician_id": o.technician_id,
        }),
    )
}

/// Starts, pauses (with its reason), resumes or finishes the job on line `line_id` of the
/// order; resuming a finished job reopens it for rework after a failed check. The job's
/// clock keeps the closed spans in `worked_seconds` and the open one in `running_since`.
/// The order then takes the state its jobs give it (running → in repair, paused for parts
/// → waiting for parts, …).
pub fn job(tx: &Tx<'_>, id: i64, version: i64, line_id: i64, action: JobAction) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let mut all = lines(tx.conn(), id)?;
    let i = line_of(&all, line_id)?;
    let l = &all[i];
    let new = jobs::apply(o.state, l.kind, l.approval, l.state, action)?;
    let now = tx.now();
    let (worked, running, pause) = match action {
        JobAction::Start | JobAction::Resume => (l.worked_seconds, Some(now), None),
        JobAction::Pause(r) => (l.worked_seconds + span(l.running_since, now), None, Some(r)),
        JobAction::Finish => (l.worked_seconds + span(l.running_since, now), None, None),
    };
    all[i].state = new;
    all[i].pause = pause;
    let to = flow::next(o.state, Step::Work(jobs::work_state(&facts(&all))))?;
    tx.conn()
        .prepare_cached(
            "UPDATE repair_order_lines SET job_state = ?1, pause_reason = ?2, \
             worked_seconds = ?3, running_since = ?4 WHERE id = ?5",
        )?
        .execute(params![
            new.as_str(),
            pause.map(PauseReason::as_str),
            worked,
            running.map(ts),
            line_id
        ])?;
    set_state(tx, id, to)?;
    let name = format!("job_{}", action.name());
    event(
        tx,
        id,
        &name,
        Some(line_id),
        o.state,
        to,
        pause.map(PauseReason::as_str),
    )?;
    tx.audit(
        "job",
        ENTITY,
        Some(id),
        json!({
            "line_id": line_id,
            "action": action.name(),
            "pause": pause.map(PauseReason::as_str),
            "job_state": new.as_str(),
            "worked_seconds": worked,
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )
}

/// Refuses a change to a closed (delivered or cancelled) order.
fn require_open(state: RepairOrderState, step: &'static str) -> Result<()> {
    if state.is_open() {
        Ok(())
    } else {
        Err(WorkError::Move { from: state, step }.into())
    }
}

/// The progress entered by hand, 0–100 % ([`WorkError::BadProgress`] otherwise).
pub fn set_progress(tx: &Tx<'_>, id: i64, version: i64, pct: i64) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    require_open(o.state, "work")?;
    if !(0..=100).contains(&pct) {
        return Err(WorkError::BadProgress.into());
    }
    tx.conn()
        .prepare_cached("UPDATE repair_orders SET progress_pct = ?1 WHERE id = ?2")?
        .execute(params![pct, id])?;
    event(
        tx,
        id,
        "progress",
        None,
        o.state,
        o.state,
        Some(&format!("{pct}%")),
    )?;
    tx.audit("progress", ENTITY, Some(id), json!({ "pct": pct }))
}

/// The customer was told the car is nearly done (the 80/20 task): who and when.
pub fn told_customer(tx: &Tx<'_>, id: i64, version: i64) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    require_open(o.state, "work")?;
    tx.conn()
        .prepare_cached(
            "UPDATE repair_orders SET told_customer_at = ?1, told_customer_by = ?2 WHERE id = ?3",
        )?
        .execute(params![tx.now_text(), tx.actor(), id])?;
    event(tx, id, "told", None, o.state, o.state, None)?;
    tx.audit("told_customer", ENTITY, Some(id), json!({}))
}

/// Added or changed work (追加项目): a new line, `proposed`, that cannot be worked until
/// the customer approves it; the order waits for the approval when nothing else runs.
/// Returns the line's id.
pub fn propose(tx: &Tx<'_>, id: i64, version: i64, line: &NewLine) -> Result<i64> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    validate_line(&crate::domain::repair_order::Line {
        kind: line.kind,
        description: line.description.clone(),
        quantity_centi: line.quantity_centi,
        unit_price_cents: line.unit_price_cents,
        claim: line.claim,
        service: line.service,
        catalog_price_cents: line.catalog_price_cents,
        catalog_code: line.catalog_code.clone(),
    })
    .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut all = lines(tx.conn(), id)?;
    all.push(Line {
        id: 0,
        kind: line.kind,
        claim: line.claim,
        amount_cents: 0,
        approval: LineApproval::Proposed,
        proposed_at: Some(tx.now()),
        state: JobState::Pending,
        pause: None,
        worked_seconds: 0,
        running_since: None,
    });
    let to = flow::next(o.state, Step::Work(jobs::work_state(&facts(&all))))?;
    let c = tx.conn();
    c.prepare_cached(
        "INSERT INTO repair_order_lines (repair_order_id, position, kind, description, \
         quantity_centi, unit_price_cents, claim, service, approval, proposed_at, proposed_by, \
         catalog_price_cents, catalog_code) \
         VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM repair_order_lines \
         WHERE repair_order_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, 'proposed', ?8, ?9, ?10, ?11)",
    )?
    .insert(params![
        id,
        line.kind.as_str(),
        line.description.trim(),
        line.quantity_centi,
        line.unit_price_cents,
        line.claim,
        line.service.map(|s| s.as_str()),
        tx.now_text(),
        tx.actor(),
        line.catalog_price_cents,
        line.catalog_code
    ])?;
    let line_id = c.last_insert_rowid();
    set_state(tx, id, to)?;
    event(tx, id, "propose", Some(line_id), o.state, to, None)?;
    tx.audit(
        "propose",
        ENTITY,
        Some(id),
        json!({
            "line_id": line_id,
            "kind": line.kind.as_str(),
            "description": line.description.trim(),
            "quantity_centi": line.quantity_centi,
            "unit_price_cents": line.unit_price_cents,
            "claim": line.claim,
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )?;
    Ok(line_id)
}

/// The customer's answer to proposed line `line_id`: signed on the order, by phone (who
/// approved, the number dialled and the time of the call; the caller is the acting staff
/// member), or declined (the line stays on the vehicle's declined-work list). The order
/// then takes the state its jobs give it.
pub fn answer(tx: &Tx<'_>, id: i64, version: i64, line_id: i64, consent: &Consent) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let mut all = lines(tx.conn(), id)?;
    let i = line_of(&all, line_id)?;
    let l = &all[i];
    let zone = settings::zone_of(tx.conn())?;
    let proposed_at = l.proposed_at.unwrap_or(tx.now());
    let approval = jobs::answer(l.approval, proposed_at, consent, tx.now(), |t| {
        local_text(zone, t)
    })?;
    all[i].approval = approval;
    let to = flow::next(o.state, Step::Work(jobs::work_state(&facts(&all))))?;
    let (decided_at, approver, number) = match consent {
        Consent::Phone {
            approver,
            number,
            at,
        } => {
            let typed = number.trim();
            let number = crate::domain::phone::Phone::parse(typed)
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|_| typed.to_string());
            (*at, Some(approver.trim().to_string()), Some(number))
        }
        Consent::Signed | Consent::Declined => (tx.now(), None, None),
    };
    tx.conn()
        .prepare_cached(
            "UPDATE repair_order_lines SET approval = ?1, decided_at = ?2, decided_by = ?3, \
             phone_approver = ?4, phone_number = ?5 WHERE id = ?6",
        )?
        .execute(params![
            approval.as_str(),
            ts(decided_at),
            tx.actor(),
            approver,
            number,
            line_id
        ])?;
    set_state(tx, id, to)?;
    let action = if approval == LineApproval::Declined {
        "decline"
    } else {
        "approve"
    };
    let note = approver
        .as_ref()
        .map(|a| format!("{a} · {}", number.as_deref().unwrap_or("")));
    event(tx, id, action, Some(line_id), o.state, to, note.as_deref())?;
    tx.audit(
        action,
        ENTITY,
        Some(id),
        json!({
            "line_id": line_id,
            "approval": approval.as_str(),
            "decided_at": ts(decided_at),
            "phone_approver": approver,
            "phone_number": number,
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )
}

/// Every approved job done and no line waiting for the customer: to the quality check.
pub fn submit_qc(tx: &Tx<'_>, id: i64, version: i64) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let all = lines(tx.conn(), id)?;
    jobs::work_finished(&facts(&all))?;
    let to = flow::next(o.state, Step::SubmitQc)?;
    set_state(tx, id, to)?;
    event(tx, id, "submit_qc", None, o.state, to, None)?;
    tx.audit(
        "submit_qc",
        ENTITY,
        Some(id),
        json!({ "from": o.state.as_str(), "to": to.as_str() }),
    )
}

/// The order's checks so far, in the order they were made.
fn qc_records(tx: &Tx<'_>, id: i64) -> Result<Vec<QcRecord>> {
    let mut st = tx.conn().prepare_cached(
        "SELECT level, staff_id, passed FROM quality_checks WHERE repair_order_id = ?1 \
         ORDER BY id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(QcRecord {
            level: col::vocab(r, 0)?,
            staff_id: r.get(1)?,
            passed: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the next check of the three-level quality check (三级质检) with the shop's
/// checklist: a pass waits for the next level (no move); the final pass sends the car to
/// the wash; a failure sends it back to repair (its jobs stay done until one is resumed)
/// and counts against the first-time fix.
///
/// Refused: an order not in the quality check; a tick list that does not match the
/// checklist ([`StoreError::Invalid`]); an unknown or inactive checker; what `qc::check`
/// refuses (the self-check by another than the technician, one person passing two
/// levels, a pass with an item unticked, a failure without a reason).
pub fn record_qc(tx: &Tx<'_>, id: i64, version: i64, entry: &QcEntry) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    // Both moves start only from the quality check: the guard for a pass at any level.
    flow::next(
        o.state,
        if entry.passed {
            Step::QcPass
        } else {
            Step::QcFail
        },
    )?;
    let policy = super::policy(tx.conn())?;
    if entry.ticked.len() != policy.qc_checklist.len() {
        return Err(StoreError::Invalid(format!(
            "the checklist has {} items but {} ticks were given",
            policy.qc_checklist.len(),
            entry.ticked.len()
        )));
    }
    let checker = staff::by_id(tx.conn(), entry.staff_id)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id: entry.staff_id,
    })?;
    if !checker.active {
        return Err(StoreError::Invalid(format!(
            "{} ({}) is no longer active and cannot sign a check",
            checker.name, checker.code
        )));
    }
    let records = qc_records(tx, id)?;
    let level: QcLevel = qc::next_level(&records);
    let outcome = qc::check(
        &records,
        o.technician_id,
        &QcInput {
            staff_id: entry.staff_id,
            passed: entry.passed,
            ticked: entry.ticked.clone(),
            reason: entry.reason.clone(),
        },
    )?;
    let checklist: Vec<(&String, bool)> = policy
        .qc_checklist
        .iter()
        .zip(entry.ticked.iter().copied())
        .collect();
    let reason = Some(entry.reason.trim()).filter(|r| !r.is_empty());
    tx.conn()
        .prepare_cached(
            "INSERT INTO quality_checks (repair_order_id, level, staff_id, passed, checklist, \
             reason, at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            level.as_str(),
            entry.staff_id,
            entry.passed,
            serde_json::to_string(&checklist).map_err(|e| StoreError::Invalid(e.to_string()))?,
            reason,
            tx.now_text(),
            tx.require_actor()?
        ])?;
    let (action, to, note) = match outcome {
        QcOutcome::Failed(_) => {
            let to = flow::next(o.state, Step::QcFail)?;
            tx.conn()
                .prepare_cached(
                    "UPDATE repair_orders SET qc_failures = qc_failures + 1 WHERE id = ?1",
                )?
                .execute([id])?;
            ("qc_fail", to, reason)
        }
        QcOutcome::FinalPassed => (
            "qc_pass",
            flow::next(o.state, Step::QcPass)?,
            Some(level.as_str()),
        ),
        QcOutcome::Passed(l) => ("qc_pass", o.state, Some(l.as_str())),
    };
    set_state(tx, id, to)?;
    event(tx, id, action, None, o.state, to, note)?;
    tx.audit(
        action,
        ENTITY,
        Some(id),
        json!({
            "level": level.as_str(),
            "staff_id": entry.staff_id,
            "passed": entry.passed,
            "reason": reason,
            "checklist": checklist,
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )
}

/// Washed (unless the customer declined the wash at check-in) and parked at `spot`, with
/// the odometer out: ready for delivery. The vehicle's last reading rises to it.
pub fn ready(
    tx: &Tx<'_>,
    id: i64,
    version: i64,
    washed: bool,
    spot: &str,
    odometer_out_km: i64,
) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let to = flow::next(o.state, Step::Ready)?;
    settle::check_ready(o.wash_wanted, washed, spot, o.odometer_km, odometer_out_km)?;
    let spot = spot.trim();
    let c = tx.conn();
    c.prepare_cached(
        "UPDATE repair_orders SET washed = ?1, delivery_spot = ?2, odometer_out_km = ?3, \
         ready_at = ?4, state = ?5 WHERE id = ?6",
    )?
    .execute(params![
        washed,
        spot,
        odometer_out_km,
        tx.now_text(),
        to.as_str(),
        id
    ])?;
    c.prepare_cached(
        "UPDATE vehicles SET last_odometer_km = ?1, version = version + 1, updated_at = ?2, \
         updated_by = ?3 \
         WHERE id = ?4 AND (last_odometer_km IS NULL OR last_odometer_km < ?1)",
    )?
    .execute(params![
        odometer_out_km,
        tx.now_text(),
        tx.require_actor()?,
        o.vehicle_id
    ])?;
    event(tx, id, "ready", None, o.state, to, Some(spot))?;
    tx.audit(
        "ready",
        ENTITY,
        Some(id),
        json!({
            "washed": washed,
            "spot": spot,
            "odometer_out_km": odometer_out_km,
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )
}

/// Delivery with the settlement (交车结算): the customer's share of the approved lines, a
/// discount with its reason (above the shop's limit only by a supervisor or manager), the
/// payment and the old parts; the follow-up call becomes due the shop's number of days
/// after the local delivery day.
pub fn deliver(tx: &Tx<'_>, id: i64, version: i64, delivery: &Delivery) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let to = flow::next(o.state, Step::Deliver)?;
    let all = lines(tx.conn(), id)?;
    let share = customer_cents(
        o.comeback_charged,
        &all.iter()
            .map(|l| (jobs::approved(l.approval), l.claim, l.amount_cents))
            .collect::<Vec<_>>(),
    );
    let actor = tx.require_actor()?;
    let role = staff::by_id(tx.conn(), actor)?
        .ok_or(StoreError::NotFound {
            entity: "staff",
            id: actor,
        })?
        .role;
    let policy = super::policy(tx.conn())?;
    let input = &delivery.settle;
    let total = settle::check_settlement(
        share,
        input,
        role,
        policy.discount_limit_cents,
        o.old_parts_asked,
    )?;
    let zone = settings::zone_of(tx.conn())?;
    let day = zone.to_local(tx.now()).date_naive();
    let due = follow_up::due_on(day, policy.follow_up_days);
    let reason =
        Some(input.discount_reason.trim()).filter(|r| !r.is_empty() && input.discount_cents > 0);
    tx.conn()
        .prepare_cached(
            "UPDATE repair_orders SET state = ?1, delivered_at = ?2, discount_cents = ?3, \
             discount_reason = ?4, discount_by = ?5, paid_cents = ?6, paid_method = ?7, \
             old_parts_returned = ?8, follow_up_state = 'due', follow_up_on = ?9, \
             follow_up_tries = 0 WHERE id = ?10",
        )?
        .execute(params![
            to.as_str(),
            tx.now_text(),
            input.discount_cents,
            reason,
            (input.discount_cents > 0).then_some(actor),
            total,
            delivery.method.as_str(),
            input.old_parts_returned,
            crate::store::appointments::day_text(due),
            id
        ])?;
    event(tx, id, "deliver", None, o.state, to, reason)?;
    tx.audit(
        "deliver",
        ENTITY,
        Some(id),
        json!({
            "customer_cents": share,
            "discount_cents": input.discount_cents,
            "discount_reason": reason,
            "paid_cents": total,
            "paid_method": delivery.method.as_str(),
            "old_parts_returned": input.old_parts_returned,
            "follow_up_on": crate::store::appointments::day_text(due),
            "from": o.state.as_str(),
            "to": to.as_str(),
        }),
    )
}

/// Cancels an open order with its reason. A job still running is stopped (its time kept,
/// paused for "other"), so no clock runs on a closed order.
pub fn cancel(tx: &Tx<'_>, id: i64, version: i64, reason: &str) -> Result<()> {
    tx.bump_version(ENTITY, id, version)?;
    let o = order(tx.conn(), id)?;
    let to = flow::next(o.state, Step::Cancel)?;
    settle::check_cancel(reason)?;
    let reason = reason.trim();
    let now = tx.now();
    let c = tx.conn();
    for l in lines(c, id)? {
        if l.state == JobState::Running && l.kind == LineKind::Labour {
            c.prepare_cached(
                "UPDATE repair_order_lines SET job_state = 'paused', pause_reason = 'other', \
                 worked_seconds = ?1, running_since = NULL WHERE id = ?2",
            )?
            .execute(params![l.worked_seconds + span(l.running_since, now), l.id])?;
        }
    }
    c.prepare_cached("UPDATE repair_orders SET state = ?1, cancel_reason = ?2 WHERE id = ?3")?
        .execute(params![to.as_str(), reason, id])?;
    event(tx, id, "cancel", None, o.state, to, Some(reason))?;
    tx.audit(
        "cancel",
        ENTITY,
        Some(id),
        json!({ "reason": reason, "from": o.state.as_str() }),
    )
}
