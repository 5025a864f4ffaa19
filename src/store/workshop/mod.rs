//! The workshop half of a repair order (issue 10, domain.md §3–§4): the board of open
//! orders, one order's detail with its timeline, and every action from dispatch to the
//! follow-up call. Each action is one IMMEDIATE transaction (through [`Store::write`]):
//! the order's `version` is checked and bumped first (a stale one is
//! [`StoreError::Conflict`] naming who changed it and when), the move is decided by
//! `domain::workshop`, an event goes to the timeline and a row to the audit log.
//!
//! Money is integer cents. Only approved lines (signed with the order, or approved later
//! on the order or by phone) count in totals; proposed and declined lines do not.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::kinds::{
    FollowUpOutcome, FollowUpState, JobState, LineApproval, LineKind, PauseReason, PaymentMethod,
    QcLevel, RepairOrderState, ServiceType,
};
use crate::domain::workshop::follow_up::Call;
use crate::domain::workshop::jobs::{Consent, JobAction};
use crate::domain::workshop::settle::SettleInput;

use super::repair_orders::{NewLine, RepairOrderRow, WalkaroundRow};
use super::{Result, Store, StoreError, Tx};

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

/// One timed job (a labour line that is approved) of an open order, for the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRow {
    pub line_id: i64,
    pub position: i64,
    pub description: String,
    pub service: Option<ServiceType>,
    pub state: JobState,
    pub pause: Option<PauseReason>,
    pub estimate_seconds: i64,
    /// Closed spans only; add the running one with `domain::workshop::jobs::worked_seconds`.
    pub worked_seconds: i64,
    pub running_since: Option<DateTime<Utc>>,
}

/// One open order on the board: what the list, the technician view and the alerts need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardRow {
    pub id: i64,
    pub number: String,
    pub version: i64,
    pub plate: String,
    pub customer_name: String,
    pub customer_phone: Option<String>,
    pub advisor_id: i64,
    pub advisor_name: String,
    pub technician_id: Option<i64>,
    pub technician_name: Option<String>,
    pub bay: Option<String>,
    pub state: RepairOrderState,
    pub promised_at: DateTime<Utc>,
    /// Signed by the customer, or written when unsigned.
    pub signed_at: DateTime<Utc>,
    pub dispatched_at: Option<DateTime<Utc>>,
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
    /// Approved labour lines, by position.
    pub jobs: Vec<JobRow>,
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

pub fn policy(_conn: &rusqlite::Connection) -> Result<Policy> {
    todo!()
}
pub fn board(_conn: &rusqlite::Connection) -> Result<Vec<BoardRow>> {
    todo!()
}
pub fn detail(_conn: &rusqlite::Connection, _id: i64) -> Result<Option<Detail>> {
    todo!()
}
pub fn follow_ups_due(_conn: &rusqlite::Connection, _today: NaiveDate) -> Result<Vec<FollowUpRow>> {
    todo!()
}
pub fn declined_of_vehicle(
    _conn: &rusqlite::Connection,
    _vehicle_id: i64,
) -> Result<Vec<DeclinedRow>> {
    todo!()
}
pub fn declined_all(
    _conn: &rusqlite::Connection,
    _f: impl FnMut(DeclinedRow) -> Result<()>,
) -> Result<()> {
    todo!()
}
pub fn dispatch(
    _tx: &Tx<'_>,
    _id: i64,
    _version: i64,
    _technician_id: Option<i64>,
    _bay: &str,
) -> Result<()> {
    todo!()
}
pub fn job(_tx: &Tx<'_>, _id: i64, _version: i64, _line_id: i64, _action: JobAction) -> Result<()> {
    todo!()
}
pub fn set_progress(_tx: &Tx<'_>, _id: i64, _version: i64, _pct: i64) -> Result<()> {
    todo!()
}
pub fn told_customer(_tx: &Tx<'_>, _id: i64, _version: i64) -> Result<()> {
    todo!()
}
pub fn propose(_tx: &Tx<'_>, _id: i64, _version: i64, _line: &NewLine) -> Result<i64> {
    todo!()
}
pub fn answer(
    _tx: &Tx<'_>,
    _id: i64,
    _version: i64,
    _line_id: i64,
    _consent: &Consent,
) -> Result<()> {
    todo!()
}
pub fn submit_qc(_tx: &Tx<'_>, _id: i64, _version: i64) -> Result<()> {
    todo!()
}
pub fn record_qc(_tx: &Tx<'_>, _id: i64, _version: i64, _entry: &QcEntry) -> Result<()> {
    todo!()
}
pub fn ready(
    _tx: &Tx<'_>,
    _id: i64,
    _version: i64,
    _washed: bool,
    _spot: &str,
    _odometer_out_km: i64,
) -> Result<()> {
    todo!()
}
pub fn deliver(_tx: &Tx<'_>, _id: i64, _version: i64, _delivery: &Delivery) -> Result<()> {
    todo!()
}
pub fn cancel(_tx: &Tx<'_>, _id: i64, _version: i64, _reason: &str) -> Result<()> {
    todo!()
}
pub fn record_call(
    _tx: &Tx<'_>,
    _id: i64,
    _version: i64,
    _call: &Call,
    _comeback: Option<&super::appointments::NewAppointment>,
) -> Result<CallOutcome> {
    todo!()
}
pub fn take_up_declined(_tx: &Tx<'_>, _new_order_id: i64, _line_id: i64) -> Result<()> {
    todo!()
}
#[allow(dead_code)]
fn _unused(_s: &Store, _e: StoreError) {}
