//! The board of open orders: three statements in all, whatever the number of orders —
//! the open orders, the lines of exactly those orders, and the checks of the orders in
//! the quality check — each served by an index (the partial index of open orders, the
//! lines by order, the checks by order), never a scan of the order or line tables.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::kinds::{LineApproval, LineKind, RepairOrderState};
use crate::domain::workshop::jobs;
use crate::domain::workshop::qc::{self, QcRecord};
use crate::store::Result;

use super::fast as col;
use super::{AMOUNT, BoardRow, JobRow, Priced, customer_cents};

/// The open orders, soonest promise first. `INDEXED BY` names the partial index of open
/// orders (only they are in it, so walking it reads no closed order; it covers every
/// column read here, so no order row is fetched): the planner, whatever statistics it
/// has, never walks the state index or the table instead.
pub(crate) const SQL_ORDERS: &str = "SELECT ro.id, ro.number, ro.version, v.plate, c.name, \
     c.phone, ro.advisor_id, ro.technician_id, ro.bay, ro.state, \
     ro.promised_at, COALESCE(ro.signed_at, ro.created_at), ro.dispatched_at, \
     ro.comeback_of IS NOT NULL, ro.appointment_id IS NOT NULL, ro.progress_pct, \
     ro.told_customer_at IS NOT NULL, COALESCE(w.wash, 0), ro.comeback_charged \
     FROM repair_orders ro INDEXED BY repair_orders_open \
     JOIN customers c ON c.id = ro.customer_id \
     JOIN vehicles v ON v.id = ro.vehicle_id \
     LEFT JOIN walkarounds w ON w.repair_order_id = ro.id \
     WHERE ro.state NOT IN ('delivered', 'cancelled') \
     ORDER BY ro.promised_at, ro.id";

/// The staff's names, once per board (a shop has tens of them): cheaper than a join per
/// order for the advisor and the technician.
pub(crate) const SQL_STAFF: &str = "SELECT id, name FROM staff";

/// The lines of every open order: the open orders from their partial index, then each
/// one's lines by the lines' order index. `CROSS JOIN` keeps the orders outside (SQLite
/// does not reorder it): without it the planner may walk every line and look its order
/// up.
pub(crate) fn sql_lines() -> String {
    format!(
        "SELECT l.repair_order_id, l.id, l.position, l.kind, l.description, l.service, \
         l.quantity_centi, l.claim, {AMOUNT}, l.approval, l.proposed_at, l.job_state, \
         l.pause_reason, l.worked_seconds, l.running_since \
         FROM repair_orders ro INDEXED BY repair_orders_open \
         CROSS JOIN repair_order_lines l ON l.repair_order_id = ro.id \
         WHERE ro.state NOT IN ('delivered', 'cancelled')"
    )
}

/// The checks of the orders in the quality check, in the order they were made.
pub(crate) const SQL_CHECKS: &str = "SELECT q.repair_order_id, q.level, q.staff_id, q.passed \
     FROM repair_orders ro CROSS JOIN quality_checks q ON q.repair_order_id = ro.id \
     WHERE ro.state = 'quality_check' ORDER BY q.repair_order_id, q.id";

/// The board's statements as [`board`] runs them (the orders, their lines, their checks,
/// the staff's names; none takes a parameter): for a plan check (`EXPLAIN QUERY PLAN`)
/// and for a benchmark's bare SQL.
pub fn board_sql() -> Vec<String> {
    vec![
        SQL_ORDERS.to_string(),
        sql_lines(),
        SQL_CHECKS.to_string(),
        SQL_STAFF.to_string(),
    ]
}

/// Every open order with what the list, the technician view and the alerts need: names
/// and phone, the customer's total of the approved lines, the proposed lines waiting (how
/// many, since when), the next check level while in the quality check, whether a wash
/// was asked for, and the approved labour jobs with their clocks. Call it inside
/// [`crate::store::Store::read`] so the three statements see one snapshot.
pub fn board(conn: &Connection) -> Result<Vec<BoardRow>> {
    let mut rows: Vec<BoardRow> = Vec::new();
    // (comeback_charged, [(approved, claim, amount)]) per row, for the total.
    let mut money: Vec<(Option<bool>, Vec<Priced>)> = Vec::new();
    {
        let names: HashMap<i64, String> = conn
            .prepare_cached(SQL_STAFF)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let mut st = conn.prepare_cached(SQL_ORDERS)?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let advisor_id: i64 = r.get(6)?;
            let technician_id: Option<i64> = r.get(7)?;
            rows.push(BoardRow {
                id: r.get(0)?,
                number: r.get(1)?,
                version: r.get(2)?,
                plate: r.get(3)?,
                customer_name: r.get(4)?,
                customer_phone: r.get(5)?,
                advisor_id,
                advisor_name: name(advisor_id),
                technician_id,
                technician_name: technician_id.map(name),
                bay: r.get(8)?,
                state: col::vocab(r, 9)?,
                promised_at: col::time(r, 10)?,
                signed_at: col::time(r, 11)?,
                dispatched_at: col::time_opt(r, 12)?,
                comeback: r.get(13)?,
                appointment: r.get(14)?,
                progress_pct: r.get(15)?,
                told_customer: r.get(16)?,
                proposed_since: None,
                proposed: 0,
                qc_next: None,
                wash_wanted: r.get(17)?,
                total_cents: 0,
                jobs: Vec::new(),
            });
            money.push((r.get(18)?, Vec::new()));
        }
    }
    if rows.is_empty() {
        return Ok(rows);
    }
    let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    {
        let mut st = conn.prepare_cached(&sql_lines())?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let Some(&i) = index.get(&r.get::<_, i64>(0)?) else {
                continue;
            };
            let approval: LineApproval = col::vocab(r, 9)?;
            let kind: LineKind = col::vocab(r, 3)?;
            let approved = jobs::approved(approval);
            money[i].1.push((approved, r.get(7)?, r.get(8)?));
            let row = &mut rows[i];
            if approval == LineApproval::Proposed {
                row.proposed += 1;
                if let Some(at) = col::time_opt(r, 10)? {
                    row.proposed_since = Some(row.proposed_since.map_or(at, |s| s.min(at)));
                }
            }
            if approved && kind == LineKind::Labour {
                row.jobs.push(JobRow {
                    line_id: r.get(1)?,
                    position: r.get(2)?,
                    description: r.get(4)?,
                    service: col::vocab_opt(r, 5)?,
                    state: col::vocab(r, 11)?,
                    pause: col::vocab_opt(r, 12)?,
                    estimate_seconds: jobs::estimate_seconds(r.get(6)?),
                    worked_seconds: r.get(13)?,
                    running_since: col::time_opt(r, 14)?,
                });
            }
        }
    }
    let mut checks: HashMap<i64, Vec<QcRecord>> = HashMap::new();
    if rows
        .iter()
        .any(|r| r.state == RepairOrderState::QualityCheck)
    {
        let mut st = conn.prepare_cached(SQL_CHECKS)?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            checks.entry(r.get(0)?).or_default().push(QcRecord {
                level: col::vocab(r, 1)?,
                staff_id: r.get(2)?,
                passed: r.get(3)?,
            });
        }
    }
    for (row, (charged, lines)) in rows.iter_mut().zip(&money) {
        row.total_cents = customer_cents(*charged, lines);
        row.jobs.sort_by_key(|j| j.position);
        if row.state == RepairOrderState::QualityCheck {
            let records = checks.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
            row.qc_next = Some(qc::next_level(records));
        }
    }
    Ok(rows)
}
