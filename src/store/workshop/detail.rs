//! One order's whole detail, and the call list of due follow-ups.

use crate::store::db::{Connection, OptionalExtension};
use chrono::NaiveDate;

use crate::domain::workshop::jobs;
use crate::store::Result;
use crate::store::appointments::{col, day_text};
use crate::store::repair_orders;

use super::{AMOUNT, CallRow, Detail, DetailLine, FollowUpRow, QcRow, TimelineRow, customer_cents};

/// The workshop columns of one order.
struct Extra {
    customer_phone: Option<String>,
    dispatched_at: Option<chrono::DateTime<chrono::Utc>>,
    progress_pct: i64,
    told_customer_at: Option<chrono::DateTime<chrono::Utc>>,
    washed: Option<bool>,
    odometer_out_km: Option<i64>,
    ready_at: Option<chrono::DateTime<chrono::Utc>>,
    qc_failures: i64,
    discount_cents: i64,
    discount_reason: Option<String>,
    paid_cents: Option<i64>,
    paid_method: Option<crate::domain::kinds::PaymentMethod>,
    old_parts_returned: Option<bool>,
    cancel_reason: Option<String>,
    follow_up_state: Option<crate::domain::kinds::FollowUpState>,
    follow_up_on: Option<NaiveDate>,
    follow_up_tries: i64,
}

fn extra(conn: &Connection, id: i64) -> Result<Option<Extra>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.phone, ro.dispatched_at, ro.progress_pct, ro.told_customer_at, \
             ro.washed, ro.odometer_out_km, ro.ready_at, ro.qc_failures, ro.discount_cents, \
             ro.discount_reason, ro.paid_cents, ro.paid_method, ro.old_parts_returned, \
             ro.cancel_reason, ro.follow_up_state, ro.follow_up_on, ro.follow_up_tries \
             FROM repair_orders ro JOIN customers c ON c.id = ro.customer_id WHERE ro.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Extra {
                customer_phone: r.get(0)?,
                dispatched_at: col::time_opt(r, 1)?,
                progress_pct: r.get(2)?,
                told_customer_at: col::time_opt(r, 3)?,
                washed: r.get(4)?,
                odometer_out_km: r.get(5)?,
                ready_at: col::time_opt(r, 6)?,
                qc_failures: r.get(7)?,
                discount_cents: r.get(8)?,
                discount_reason: r.get(9)?,
                paid_cents: r.get(10)?,
                paid_method: col::vocab_opt(r, 11)?,
                old_parts_returned: r.get(12)?,
                cancel_reason: r.get(13)?,
                follow_up_state: col::vocab_opt(r, 14)?,
                follow_up_on: col::day_opt(r, 15)?,
                follow_up_tries: r.get(16)?,
            })
        })
        .optional()?)
}

/// Every line of the order, proposed and declined ones included, by position.
fn detail_lines(conn: &Connection, id: i64) -> Result<Vec<DetailLine>> {
    let sql = format!(
        "SELECT l.id, l.position, l.kind, l.description, l.service, l.quantity_centi, \
         l.unit_price_cents, l.claim, {AMOUNT}, l.approval, l.proposed_at, p.name, \
         l.decided_at, d.name, l.phone_approver, l.phone_number, l.job_state, \
         l.pause_reason, l.worked_seconds, l.running_since, l.catalog_price_cents, \
         l.catalog_code \
         FROM repair_order_lines l \
         LEFT JOIN staff p ON p.id = l.proposed_by \
         LEFT JOIN staff d ON d.id = l.decided_by \
         WHERE l.repair_order_id = ?1 ORDER BY l.position"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([id], |r| {
        Ok(DetailLine {
            id: r.get(0)?,
            position: r.get(1)?,
            kind: col::vocab(r, 2)?,
            description: r.get(3)?,
            service: col::vocab_opt(r, 4)?,
            quantity_centi: r.get(5)?,
            unit_price_cents: r.get(6)?,
            claim: r.get(7)?,
            amount_cents: r.get(8)?,
            approval: col::vocab(r, 9)?,
            proposed_at: col::time_opt(r, 10)?,
            proposed_by_name: r.get(11)?,
            decided_at: col::time_opt(r, 12)?,
            decided_by_name: r.get(13)?,
            phone_approver: r.get(14)?,
            phone_number: r.get(15)?,
            job_state: col::vocab(r, 16)?,
            pause: col::vocab_opt(r, 17)?,
            worked_seconds: r.get(18)?,
            running_since: col::time_opt(r, 19)?,
            catalog_price_cents: r.get(20)?,
            catalog_code: r.get(21)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The timeline, oldest first; events written before the workshop named its actions (the
/// check-in's first move) read as `state`.
fn timeline(conn: &Connection, id: i64) -> Result<Vec<TimelineRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.at, s.name, COALESCE(e.action, 'state'), e.from_state, e.to_state, \
         l.description, e.note \
         FROM repair_order_events e JOIN staff s ON s.id = e.staff_id \
         LEFT JOIN repair_order_lines l ON l.id = e.line_id \
         WHERE e.repair_order_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(TimelineRow {
            at: col::time(r, 0)?,
            staff_name: r.get(1)?,
            action: r.get(2)?,
            from_state: col::vocab_opt(r, 3)?,
            to_state: col::vocab(r, 4)?,
            line: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn checks(conn: &Connection, id: i64) -> Result<Vec<QcRow>> {
    let mut st = conn.prepare_cached(
        "SELECT q.level, q.staff_id, s.name, q.passed, q.checklist, q.reason, q.at \
         FROM quality_checks q JOIN staff s ON s.id = q.staff_id \
         WHERE q.repair_order_id = ?1 ORDER BY q.id",
    )?;
    let rows = st.query_map([id], |r| {
        let list: String = r.get(4)?;
        let checklist: Vec<(String, bool)> = serde_json::from_str(&list).map_err(|e| {
            crate::store::db::Error::from(rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })?;
        Ok(QcRow {
            level: col::vocab(r, 0)?,
            staff_id: r.get(1)?,
            staff_name: r.get(2)?,
            passed: r.get(3)?,
            checklist,
            reason: r.get(5)?,
            at: col::time(r, 6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn calls(conn: &Connection, id: i64) -> Result<Vec<CallRow>> {
    let mut st = conn.prepare_cached(
        "SELECT f.at, s.name, f.outcome, f.result_score, f.staff_score, f.remark \
         FROM follow_up_calls f JOIN staff s ON s.id = f.staff_id \
         WHERE f.repair_order_id = ?1 ORDER BY f.at, f.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(CallRow {
            at: col::time(r, 0)?,
            staff_name: r.get(1)?,
            outcome: col::vocab(r, 2)?,
            result_score: r.get(3)?,
            staff_score: r.get(4)?,
            remark: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Everything about order `id` (`None` when there is none): the check-in record and the
/// walk-around, every line with its consent and clock, the timeline with staff names, the
/// checks, the settlement and the follow-up calls. Call it inside
/// [`crate::store::Store::read`] for one snapshot.
pub fn detail(conn: &Connection, id: i64) -> Result<Option<Detail>> {
    let Some(order) = repair_orders::get(conn, id)? else {
        return Ok(None);
    };
    let Some(x) = extra(conn, id)? else {
        return Ok(None);
    };
    let lines = detail_lines(conn, id)?;
    let share = customer_cents(
        order.comeback_charged,
        &lines
            .iter()
            .map(|l| (jobs::approved(l.approval), l.claim, l.amount_cents))
            .collect::<Vec<_>>(),
    );
    let comeback_technician_id = match order.comeback_of {
        Some(orig) => repair_orders::get(conn, orig)?.and_then(|o| o.technician_id),
        None => None,
    };
    Ok(Some(Detail {
        comeback_technician_id,
        customer_phone: x.customer_phone,
        walkaround: repair_orders::walkaround(conn, id)?,
        timeline: timeline(conn, id)?,
        checks: checks(conn, id)?,
        calls: calls(conn, id)?,
        lines,
        dispatched_at: x.dispatched_at,
        progress_pct: x.progress_pct,
        told_customer_at: x.told_customer_at,
        washed: x.washed,
        odometer_out_km: x.odometer_out_km,
        ready_at: x.ready_at,
        qc_failures: x.qc_failures,
        discount_cents: x.discount_cents,
        discount_reason: x.discount_reason,
        paid_cents: x.paid_cents,
        paid_method: x.paid_method,
        old_parts_returned: x.old_parts_returned,
        cancel_reason: x.cancel_reason,
        follow_up_state: x.follow_up_state,
        follow_up_on: x.follow_up_on,
        follow_up_tries: x.follow_up_tries,
        customer_cents: share,
        order,
    }))
}

/// The follow-up statement (the partial index `repair_orders_follow_up`).
pub(crate) const SQL_DUE: &str = "SELECT ro.id, ro.number, ro.version, ro.customer_id, \
     ro.vehicle_id, c.name, c.phone, v.plate, a.name, ro.delivered_at, ro.follow_up_on, \
     ro.follow_up_tries \
     FROM repair_orders ro \
     JOIN customers c ON c.id = ro.customer_id \
     JOIN vehicles v ON v.id = ro.vehicle_id \
     JOIN staff a ON a.id = ro.advisor_id \
     WHERE ro.follow_up_state = 'due' AND ro.follow_up_on <= ?1 \
     AND ro.state = 'delivered' \
     ORDER BY ro.follow_up_on, ro.delivered_at, ro.id";

/// Delivered orders whose follow-up call is due on or before `today` (the shop's local
/// date), soonest first, with the customer's phone.
pub fn follow_ups_due(conn: &Connection, today: NaiveDate) -> Result<Vec<FollowUpRow>> {
    let mut st = conn.prepare_cached(SQL_DUE)?;
    let rows = st.query_map([day_text(today)], |r| {
        Ok(FollowUpRow {
            id: r.get(0)?,
            number: r.get(1)?,
            version: r.get(2)?,
            customer_id: r.get(3)?,
            vehicle_id: r.get(4)?,
            customer_name: r.get(5)?,
            phone: r.get(6)?,
            plate: r.get(7)?,
            advisor_name: r.get(8)?,
            delivered_at: col::time(r, 9)?,
            due_on: col::day(r, 10)?,
            tries: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
