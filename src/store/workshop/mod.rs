//! The workshop half of a repair order (issue 10, domain.md §3–§4): the board of open
//! orders, one order's detail with its timeline, and every action from dispatch to the
//! follow-up call. Each action is one IMMEDIATE transaction (through [`super::Store::write`]):
//! the order's `version` is checked and bumped first (a stale one is
//! [`StoreError::Conflict`] naming who changed it and when), the move is decided by
//! `domain::workshop`, an event goes to the timeline and a row to the audit log.
//!
//! Money is integer cents. Only approved lines (signed with the order, or approved later
//! on the order or by phone) count in totals; proposed and declined lines do not.

use compact_str::CompactString;

use crate::store::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::kinds::{
    FollowUpOutcome, FollowUpState, JobState, LineApproval, LineKind, PauseReason, PaymentMethod,
    QcLevel, RepairOrderState, ServiceType,
};
use crate::domain::workshop::jobs::JobFacts;
use crate::domain::workshop::settle::SettleInput;

use super::appointments::col;
use super::repair_orders::{RepairOrderRow, WalkaroundRow};
use super::{Result, StoreError, Tx};

mod actions;
mod board;
mod declined;
mod detail;
mod figures;
mod follow_up;

pub use actions::{
    answer, cancel, deliver, dispatch, job, propose, ready, record_qc, set_progress, submit_qc,
    told_customer,
};
pub use board::{board, board_sql};
pub use declined::{declined_all, declined_of_vehicle, take_up_declined};
pub use detail::{detail, follow_ups_due};
pub use figures::{delivered, delivered_sql, delivered_sql_for};
pub use follow_up::record_call;

/// The shop's workshop policy, read from the shop settings inside each action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub approval_wait_minutes: i64,
    pub discount_limit_cents: i64,
    pub follow_up_days: i64,
    pub follow_up_tries: i64,
    /// The quality-check checklist: catalog keys of the built-in items (`qc_item.brakes`)
    /// or a shop's own words.
    pub qc_checklist: Vec<String>,
}

impl Default for Policy {
    /// What a shop that never set its policy works with (the domain's defaults and the
    /// built-in checklist).
    fn default() -> Self {
        use crate::domain::workshop as w;
        Policy {
            approval_wait_minutes: w::DEFAULT_APPROVAL_WAIT_MINUTES,
            discount_limit_cents: w::DEFAULT_DISCOUNT_LIMIT_CENTS,
            follow_up_days: w::DEFAULT_FOLLOW_UP_DAYS,
            follow_up_tries: w::DEFAULT_FOLLOW_UP_TRIES,
            qc_checklist: super::settings::DEFAULT_QC_CHECKLIST
                .iter()
                .map(|k| k.to_string())
                .collect(),
        }
    }
}

/// One timed job (a labour line that is approved) of an open order, for the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub line_id: i64,
    pub description: CompactString,
    pub state: JobState,
    pub pause: Option<PauseReason>,
    pub estimate_seconds: i64,
    /// Closed spans only; add the running one with `domain::workshop::jobs::worked_seconds`.
    pub worked_seconds: i64,
    pub running_since: Option<DateTime<Utc>>,
}

/// The jobs of one order on the board: most orders have one or two, kept in the row (no
/// allocation of their own to make when the board is read, nor to free when it is read
/// again).
pub type Jobs = smallvec::SmallVec<[JobRow; 2]>;

/// One open order on the board: what the list, the technician view and the alerts need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    pub id: i64,
    pub number: CompactString,
    pub version: i64,
    pub plate: CompactString,
    pub customer_name: CompactString,
    pub advisor_id: i64,
    /// Shared by the rows of one board (one allocation per person, not per row).
    pub advisor_name: CompactString,
    pub technician_id: Option<i64>,
    pub technician_name: Option<CompactString>,
    pub bay: Option<CompactString>,
    pub state: RepairOrderState,
    pub promised_at: DateTime<Utc>,
    /// Signed by the customer, or written when unsigned.
    pub signed_at: DateTime<Utc>,
    pub comeback: bool,
    pub appointment: bool,
    /// Progress entered by hand (the board combines it with the job clocks).
    pub progress_pct: i64,
    pub told_customer: bool,
    /// The oldest proposed line still waiting for the customer.
    pub proposed_since: Option<DateTime<Utc>>,
    /// Proposed lines waiting for the customer.
    pub proposed: i64,
    /// The next quality-check level while in the quality check.
    pub qc_next: Option<QcLevel>,
    pub wash_wanted: bool,
    /// What the customer pays (approved non-claim lines; 0 for an uncharged comeback).
    pub total_cents: i64,
    /// Approved labour lines, by position (an order has one or two as a rule: inline).
    pub jobs: Jobs,
}

/// A line of one order with its consent and clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailLine {
    pub id: i64,
    pub position: i64,
    pub kind: LineKind,
    pub description: String,
    pub service: Option<ServiceType>,
    pub quantity_centi: i64,
    pub unit_price_cents: i64,
    /// The job catalog's unit price when the line was filled from it.
    pub catalog_price_cents: Option<i64>,
    /// The catalog entry it was filled from (part number or operation code).
    pub catalog_code: Option<String>,
    pub claim: bool,
    pub amount_cents: i64,
    pub approval: LineApproval,
    pub proposed_at: Option<DateTime<Utc>>,
    pub proposed_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by_name: Option<String>,
    pub phone_approver: Option<String>,
    pub phone_number: Option<String>,
    pub job_state: JobState,
    pub pause: Option<PauseReason>,
    pub worked_seconds: i64,
    pub running_since: Option<DateTime<Utc>>,
}

/// One entry of the order's timeline (every move and action, with who and when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    pub at: DateTime<Utc>,
    pub staff_name: String,
    /// `dispatch`, `job_start`, `job_pause`, `job_resume`, `job_finish`, `progress`,
    /// `told`, `propose`, `approve`, `decline`, `submit_qc`, `qc_pass`, `qc_fail`,
    /// `ready`, `deliver`, `cancel`, `follow_up`, or `state` for a bare move (check-in).
    pub action: String,
    pub from_state: Option<RepairOrderState>,
    pub to_state: RepairOrderState,
    /// The line's description when the action concerns one.
    pub line: Option<String>,
    /// What else the action recorded: `dispatch` "technician · bay"; `job_pause` the
    /// pause reason's stored name (`parts`, `approval`, `other`: label key
    /// `pause_reason.<note>`); `progress` "80%"; `approve` by phone "approver · number";
    /// `qc_pass` the level passed (`self_check`, `team_leader`, `final`: label key
    /// `qc_level.<note>`); `qc_fail` the reason; `ready` the parking spot; `deliver` the
    /// discount's reason; `cancel` its reason; `follow_up` the remark or the problem;
    /// for `state` the note given with the move.
    pub note: Option<String>,
}

/// One recorded quality check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QcRow {
    pub level: QcLevel,
    pub staff_id: i64,
    pub staff_name: String,
    pub passed: bool,
    /// (item, ticked) in checklist order.
    pub checklist: Vec<(String, bool)>,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// One follow-up call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRow {
    pub at: DateTime<Utc>,
    pub staff_name: String,
    pub outcome: FollowUpOutcome,
    pub result_score: Option<i64>,
    pub staff_score: Option<i64>,
    pub remark: Option<String>,
}

/// Everything about one order: the check-in record, the lines, the timeline, the checks,
/// the settlement and the follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub order: RepairOrderRow,
    pub customer_phone: Option<String>,
    pub walkaround: Option<WalkaroundRow>,
    pub lines: Vec<DetailLine>,
    pub timeline: Vec<TimelineRow>,
    pub checks: Vec<QcRow>,
    pub calls: Vec<CallRow>,
    pub dispatched_at: Option<DateTime<Utc>>,
    pub progress_pct: i64,
    pub told_customer_at: Option<DateTime<Utc>>,
    pub washed: Option<bool>,
    pub odometer_out_km: Option<i64>,
    pub ready_at: Option<DateTime<Utc>>,
    pub qc_failures: i64,
    pub discount_cents: i64,
    pub discount_reason: Option<String>,
    pub paid_cents: Option<i64>,
    pub paid_method: Option<PaymentMethod>,
    pub old_parts_returned: Option<bool>,
    pub cancel_reason: Option<String>,
    pub follow_up_state: Option<FollowUpState>,
    pub follow_up_on: Option<NaiveDate>,
    pub follow_up_tries: i64,
    /// Customer share of the approved lines (0 for an uncharged comeback), before discount.
    pub customer_cents: i64,
    /// For a comeback: the technician of the order it comes back for (proposed at
    /// dispatch: the original technician).
    pub comeback_technician_id: Option<i64>,
}

/// A delivered order whose follow-up call is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRow {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub customer_name: String,
    pub phone: Option<String>,
    pub plate: String,
    pub advisor_name: String,
    pub delivered_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub tries: i64,
}

/// A line the customer declined, remembered on the vehicle until a later order takes it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeclinedRow {
    pub line_id: i64,
    pub repair_order_id: i64,
    pub number: String,
    pub vehicle_id: i64,
    pub plate: String,
    pub customer_name: String,
    pub kind: LineKind,
    pub description: String,
    pub quantity_centi: i64,
    pub unit_price_cents: i64,
    pub claim: bool,
    pub declined_at: Option<DateTime<Utc>>,
    /// The number of the later order that took the line up; `None` while it is still on
    /// the vehicle's list (always `None` from [`declined_of_vehicle`]).
    pub taken_up_by: Option<String>,
}

/// A quality check as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QcEntry {
    pub staff_id: i64,
    pub passed: bool,
    /// One tick per item of the shop's checklist, in its order.
    pub ticked: Vec<bool>,
    pub reason: String,
}

/// Delivery with the settlement, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub settle: SettleInput,
    pub method: PaymentMethod,
}

/// What a follow-up call with a problem leaves to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    pub state: FollowUpState,
    /// The comeback appointment booked for a problem, in the same transaction.
    pub appointment_id: Option<i64>,
}

/// The shop's workshop policy (defaults for what it never set).
pub fn policy(conn: &Connection) -> Result<Policy> {
    super::settings::workshop_policy(conn)
}

// ---------------------------------------------------------------------------------------
// What every action reads and writes.
// ---------------------------------------------------------------------------------------

/// The approvals that count: signed with the order, or approved later (on the order or by
/// phone). Matches `domain::workshop::jobs::approved`.
pub(crate) const APPROVED: &str = "('signed', 'approved_signed', 'approved_phone')";

/// A line's amount in SQL (alias `l`), as `repair_orders::line_amount_cents`.
const AMOUNT: &str = "((l.quantity_centi * l.unit_price_cents + 50) / 100)";

/// The facts of one order an action decides on.
struct Order {
    state: RepairOrderState,
    technician_id: Option<i64>,
    vehicle_id: i64,
    customer_id: i64,
    number: String,
    odometer_km: i64,
    /// `Some(false)`: a comeback the shop bears (the customer pays nothing).
    comeback_charged: Option<bool>,
    follow_up_state: Option<FollowUpState>,
    follow_up_tries: i64,
    /// The walk-around asked for a wash / for the old parts.
    wash_wanted: bool,
    old_parts_asked: bool,
}

fn order(conn: &Connection, id: i64) -> Result<Order> {
    conn.prepare_cached(
        "SELECT ro.state, ro.technician_id, ro.vehicle_id, ro.customer_id, ro.number, \
         ro.odometer_km, ro.comeback_charged, ro.follow_up_state, ro.follow_up_tries, \
         COALESCE(w.wash, 0), COALESCE(w.return_old_parts, 0) \
         FROM repair_orders ro LEFT JOIN walkarounds w ON w.repair_order_id = ro.id \
         WHERE ro.id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Order {
            state: col::vocab(r, 0)?,
            technician_id: r.get(1)?,
            vehicle_id: r.get(2)?,
            customer_id: r.get(3)?,
            number: r.get(4)?,
            odometer_km: r.get(5)?,
            comeback_charged: r.get(6)?,
            follow_up_state: col::vocab_opt(r, 7)?,
            follow_up_tries: r.get(8)?,
            wash_wanted: r.get(9)?,
            old_parts_asked: r.get(10)?,
        })
    })
    .optional()?
    .ok_or(StoreError::NotFound {
        entity: "repair_orders",
        id,
    })
}

/// One line as an action sees it.
#[derive(Debug, Clone)]
struct Line {
    id: i64,
    kind: LineKind,
    claim: bool,
    amount_cents: i64,
    approval: LineApproval,
    proposed_at: Option<DateTime<Utc>>,
    state: JobState,
    pause: Option<PauseReason>,
    worked_seconds: i64,
    running_since: Option<DateTime<Utc>>,
}

impl Line {
    fn facts(&self) -> JobFacts {
        JobFacts {
            kind: self.kind,
            approval: self.approval,
            state: self.state,
            pause: self.pause,
        }
    }
}

fn lines(conn: &Connection, id: i64) -> Result<Vec<Line>> {
    let sql = format!(
        "SELECT l.id, l.kind, l.claim, {AMOUNT}, l.approval, l.proposed_at, l.job_state, \
         l.pause_reason, l.worked_seconds, l.running_since \
         FROM repair_order_lines l WHERE l.repair_order_id = ?1 ORDER BY l.position"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([id], |r| {
        Ok(Line {
            id: r.get(0)?,
            kind: col::vocab(r, 1)?,
            claim: r.get(2)?,
            amount_cents: r.get(3)?,
            approval: col::vocab(r, 4)?,
            proposed_at: col::time_opt(r, 5)?,
            state: col::vocab(r, 6)?,
            pause: col::vocab_opt(r, 7)?,
            worked_seconds: r.get(8)?,
            running_since: col::time_opt(r, 9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn facts(lines: &[Line]) -> Vec<JobFacts> {
    lines.iter().map(Line::facts).collect()
}

/// A line as the total sees it: (approved, claim, amount in cents).
type Priced = (bool, bool, i64);

/// What the customer pays for `lines` before any discount: the approved lines without the
/// claim mark; nothing for a comeback the shop bears.
fn customer_cents(comeback_charged: Option<bool>, lines: &[Priced]) -> i64 {
    if comeback_charged == Some(false) {
        return 0;
    }
    lines
        .iter()
        .filter(|(approved, claim, _)| *approved && !claim)
        .map(|l| l.2)
        .sum()
}

/// Appends one entry to the order's timeline.
fn event(
    tx: &Tx<'_>,
    id: i64,
    action: &str,
    line_id: Option<i64>,
    from: RepairOrderState,
    to: RepairOrderState,
    note: Option<&str>,
) -> Result<()> {
    super::repair_orders::insert_event(tx, id, Some(action), line_id, Some(from), to, note)
}

/// Writes the order's state (one the state machine returned).
fn set_state(tx: &Tx<'_>, id: i64, to: RepairOrderState) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE repair_orders SET state = ?1 WHERE id = ?2")?
        .execute(params![to.as_str(), id])?;
    Ok(())
}

/// `t` as the shop's clock shows it ("2026-11-23 10:05").
fn local_text(zone: crate::clock::Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Column readers for the board's hot loop: vocabularies parsed from the row's text
/// without a copy, and times in the stored shape (`2026-11-23T01:05:00Z`, as
/// [`super::ts`] writes them) read without the general RFC 3339 parser (any other shape
/// still goes through it).
mod fast {
    use crate::store::db::Row;
    use chrono::{DateTime, Utc};
    use compact_str::CompactString;
    use rusqlite::types::Type;
    use std::str::FromStr;

    fn bad<E: std::error::Error + Send + Sync + 'static>(
        i: usize,
        e: E,
    ) -> crate::store::db::Error {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)).into()
    }

    pub(super) fn vocab_opt<T>(r: &Row<'_>, i: usize) -> crate::store::db::Result<Option<T>>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        text(r, i)?
            .map(|s| s.parse().map_err(|e| bad(i, e)))
            .transpose()
    }

    pub(super) fn vocab<T>(r: &Row<'_>, i: usize) -> crate::store::db::Result<T>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        vocab_opt(r, i)?
            .ok_or_else(|| rusqlite::Error::InvalidColumnType(i, String::new(), Type::Null).into())
    }

    pub(super) use crate::store::appointments::col::parse_time as parse;
    use crate::store::appointments::col::text;

    pub(super) fn time_opt(
        r: &Row<'_>,
        i: usize,
    ) -> crate::store::db::Result<Option<DateTime<Utc>>> {
        text(r, i)?
            .map(|s| {
                parse(s).ok_or_else(|| {
                    bad(
                        i,
                        crate::domain::kinds::UnknownValue {
                            vocabulary: "time",
                            value: s.to_string(),
                        },
                    )
                })
            })
            .transpose()
    }

    /// A text column as a [`CompactString`] (short texts — numbers, plates, names — are
    /// kept inline, without an allocation of their own).
    pub(super) fn compact_opt(
        r: &Row<'_>,
        i: usize,
    ) -> crate::store::db::Result<Option<CompactString>> {
        Ok(text(r, i)?.map(CompactString::from))
    }

    pub(super) fn compact(r: &Row<'_>, i: usize) -> crate::store::db::Result<CompactString> {
        compact_opt(r, i)?
            .ok_or_else(|| rusqlite::Error::InvalidColumnType(i, String::new(), Type::Null).into())
    }

    pub(super) fn time(r: &Row<'_>, i: usize) -> crate::store::db::Result<DateTime<Utc>> {
        time_opt(r, i)?
            .ok_or_else(|| rusqlite::Error::InvalidColumnType(i, String::new(), Type::Null).into())
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_stored_shape_reads_as_the_rfc_3339_parser_reads_it() {
            for s in [
                "2026-11-23T01:05:00Z",
                "2024-02-29T23:59:59Z",
                "2026-11-23T09:05:00+08:00",
            ] {
                let want = chrono::DateTime::parse_from_rfc3339(s)
                    .unwrap()
                    .with_timezone(&chrono::Utc);
                assert_eq!(super::parse(s), Some(want), "{s}");
            }
            assert_eq!(super::parse("2026-13-23T01:05:00Z"), None);
            assert_eq!(super::parse("2026-11-23T01:05:0xZ"), None);
            assert_eq!(super::parse("yesterday"), None);
        }
    }
}
