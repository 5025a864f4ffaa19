//! The board of open orders: four statements in all, whatever the number of orders —
//! the open orders, their jobs, the checks of the orders in the quality check, and the
//! staff's names — each served by an index (the partial index of open orders, the partial
//! index of their lines, the checks by order), never a scan of the order or line tables
//! nor a search per order in the customers, vehicles or walk-arounds (migration 0009);
//! what each order's lines add up to is kept on the order (migration 0016), not added
//! up at every load.

use compact_str::CompactString;
use std::collections::HashMap;

use crate::store::db::Connection;

use crate::domain::kinds::RepairOrderState;
use crate::domain::workshop::jobs;
use crate::domain::workshop::qc::{self, QcRecord};
use crate::store::Result;

use super::fast as col;
use super::{APPROVED, BoardRow, JobRow, Jobs, customer_cents};

/// The open orders, soonest promise first. `INDEXED BY` names the partial index of open
/// orders (only they are in it, so walking it reads no closed order; it covers every
/// column read here, the order's copies of its customer's name and phone, its plate and
/// its wash included, and what its lines add up to, so neither an order row nor a
/// customer, vehicle, walk-around or line is fetched): the planner, whatever statistics it has, never walks the state index or the
/// table instead.
pub(crate) const SQL_ORDERS: &str = "SELECT ro.id, ro.number, ro.version, ro.plate, \
     ro.customer_name, ro.advisor_id, ro.technician_id, ro.bay, ro.state, ro.promised_at, \
     COALESCE(ro.signed_at, ro.created_at), ro.comeback_of IS NOT NULL, \
     ro.appointment_id IS NOT NULL, ro.progress_pct, ro.told_customer_at IS NOT NULL, \
     ro.wash_wanted, ro.comeback_charged, ro.lines_cents, ro.proposed_lines, \
     ro.proposed_since \
     FROM repair_orders ro INDEXED BY repair_orders_open \
     WHERE ro.state NOT IN ('delivered', 'cancelled') \
     ORDER BY ro.promised_at, ro.id";

/// The staff's names, once per board (a shop has tens of them): cheaper than a join per
/// order for the advisor and the technician.
pub(crate) const SQL_STAFF: &str = "SELECT id, name FROM staff ORDER BY id";

/// The jobs of every open order — its approved labour lines, by position — with their
/// clocks, from the same index.
pub(crate) fn sql_jobs() -> String {
    format!(
        "SELECT l.repair_order_id, l.id, l.description, l.quantity_centi, l.job_state, \
         l.pause_reason, l.worked_seconds, l.running_since \
         FROM repair_order_lines l INDEXED BY repair_order_lines_open \
         WHERE l.order_open = 1 AND l.kind = 'labour' AND l.approval IN {APPROVED} \
         ORDER BY l.repair_order_id, l.position"
    )
}

/// The checks of the orders in the quality check, in the order they were made.
pub(crate) const SQL_CHECKS: &str = "SELECT q.repair_order_id, q.level, q.staff_id, q.passed \
     FROM repair_orders ro CROSS JOIN quality_checks q \
     WHERE q.repair_order_id = ro.id AND ro.state = 'quality_check' ORDER BY q.repair_order_id, q.id";

/// The board's statements as [`board`] runs them (the orders with their lines' sums, their
/// jobs, their checks, the staff's names; none takes a parameter): for a plan check (`EXPLAIN QUERY PLAN`)
/// and for a benchmark's bare SQL.
pub fn board_sql() -> Vec<String> {
    vec![
        SQL_ORDERS.to_string(),
        sql_jobs(),
        SQL_CHECKS.to_string(),
        SQL_STAFF.to_string(),
    ]
}

/// Every open order with what the list, the technician view and the alerts need: names,
/// the customer's total of the approved lines, the proposed lines waiting (how many,
/// since when), the next check level while in the quality check, whether a wash was
/// asked for, and the approved labour jobs with their clocks. Call it inside
/// [`crate::store::Store::read`] so the statements see one snapshot.
pub fn board(conn: &Connection) -> Result<Vec<BoardRow>> {
    let mut rows: Vec<BoardRow> = Vec::new();
    {
        // By id (the statement reads the table in rowid order), searched per row; a name
        // is short enough to be copied inline (no count to keep, nothing to free).
        let names: Vec<(i64, CompactString)> = conn
            .prepare_cached(SQL_STAFF)?
            .query_map([], |r| Ok((r.get(0)?, col::compact(r, 1)?)))?
            .collect::<crate::store::db::Result<_>>()?;
        let name = |id: i64| match names.binary_search_by_key(&id, |(i, _)| *i) {
            Ok(i) => names[i].1.clone(),
            Err(_) => CompactString::default(),
        };
        let mut st = conn.prepare_cached(SQL_ORDERS)?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let advisor_id: i64 = r.get(5)?;
            let technician_id: Option<i64> = r.get(6)?;
            rows.push(BoardRow {
                id: r.get(0)?,
                number: col::compact(r, 1)?,
                version: r.get(2)?,
                plate: col::compact(r, 3)?,
                customer_name: col::compact(r, 4)?,
                advisor_id,
                advisor_name: name(advisor_id),
                technician_id,
                technician_name: technician_id.map(name),
                bay: col::compact_opt(r, 7)?,
                state: col::vocab(r, 8)?,
                promised_at: col::time(r, 9)?,
                signed_at: col::time(r, 10)?,
                comeback: r.get(11)?,
                appointment: r.get(12)?,
                progress_pct: r.get(13)?,
                told_customer: r.get(14)?,
                proposed_since: col::time_opt(r, 19)?,
                proposed: r.get(18)?,
                qc_next: None,
                wash_wanted: r.get(15)?,
                total_cents: customer_cents(r.get(16)?, &[(true, false, r.get(17)?)]),
                jobs: Jobs::new(),
            });
        }
    }
    if rows.is_empty() {
        return Ok(rows);
    }
    let mut index = ById::new(&rows);
    {
        let mut st = conn.prepare_cached(&sql_jobs())?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let r = &r;
            let Some(i) = index.find(r.get(0)?) else {
                continue;
            };
            rows[i].jobs.push(JobRow {
                line_id: r.get(1)?,
                description: col::compact(r, 2)?,
                estimate_seconds: jobs::estimate_seconds(r.get(3)?),
                state: col::vocab(r, 4)?,
                pause: col::vocab_opt(r, 5)?,
                worked_seconds: r.get(6)?,
                running_since: col::time_opt(r, 7)?,
            });
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
            let r = &r;
            checks.entry(r.get(0)?).or_default().push(QcRecord {
                level: col::vocab(r, 1)?,
                staff_id: r.get(2)?,
                passed: r.get(3)?,
            });
        }
    }
    for row in &mut rows {
        if row.state == RepairOrderState::QualityCheck {
            let records = checks.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
            row.qc_next = Some(qc::next_level(records));
        }
    }
    Ok(rows)
}

/// The rows by order id, for the lines that come in order id order: a cursor that moves
/// forward (a binary search if an id comes back), instead of hashing every line's id.
struct ById {
    ids: Vec<(i64, usize)>,
    at: usize,
}

impl ById {
    fn new(rows: &[BoardRow]) -> ById {
        let mut ids: Vec<(i64, usize)> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        ids.sort_unstable();
        ById { ids, at: 0 }
    }

    fn find(&mut self, id: i64) -> Option<usize> {
        // Every id before the cursor is below the last one asked for.
        if self.at > 0 && self.ids[self.at - 1].0 >= id {
            self.at = self.ids.partition_point(|&(x, _)| x < id);
        }
        while self.ids.get(self.at).is_some_and(|&(x, _)| x < id) {
            self.at += 1;
        }
        match self.ids.get(self.at) {
            Some(&(x, i)) if x == id => Some(i),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;

    #[test]
    fn the_cursor_finds_ids_in_order_and_out_of_order() {
        let row = |id| BoardRow {
            id,
            number: format!("RO-20261123-{id:04}").into(),
            version: 1,
            plate: "粤B12345".into(),
            customer_name: "王小明".into(),
            advisor_id: 1,
            advisor_name: "张伟".into(),
            technician_id: None,
            technician_name: None,
            bay: None,
            state: RepairOrderState::Written,
            promised_at: DateTime::UNIX_EPOCH,
            signed_at: DateTime::UNIX_EPOCH,
            comeback: false,
            appointment: false,
            progress_pct: 0,
            told_customer: false,
            proposed_since: None,
            proposed: 0,
            qc_next: None,
            wash_wanted: false,
            total_cents: 0,
            jobs: Jobs::new(),
        };
        let rows = vec![row(30), row(10), row(20), row(40)];
        let mut by = ById::new(&rows);
        let found: Vec<Option<usize>> = [5, 10, 10, 20, 25, 30, 40, 41, 10, 40]
            .into_iter()
            .map(|id| by.find(id))
            .collect();
        assert_eq!(
            found,
            [
                None,
                Some(1),
                Some(1),
                Some(2),
                None,
                Some(0),
                Some(3),
                None,
                Some(1),
                Some(3)
            ]
        );
    }
}
