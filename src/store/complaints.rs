//! Complaints (投诉 / 客户信息反馈处理单 / 督办令): the record taken at once, its stage and
//! the event history the 1 h / 72 h deadlines are computed from.

use crate::store::db::{Connection, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::appointments::col;
use super::customers::NewCustomer;
use super::repair_orders::next_number;
use super::{Result, StoreError, Tx, staff, ts};
use crate::domain::complaint::stages::{self, Facts, Refusal, Step};
use crate::domain::complaint::{self, Calendar, Clocks, OrderTimes, Stamps};
use crate::domain::kinds::{
    ComplaintCategory, ComplaintChannel, ComplaintEventKind, ComplaintNature, ComplaintSeverity,
    ComplaintStage, StaffRole, VisitOutcome,
};

/// A complaint as recorded when it comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    pub received_at: DateTime<Utc>,
    pub channel: ComplaintChannel,
    pub place: Option<String>,
    pub people: Option<String>,
    /// What happened.
    pub description: String,
    /// What result the customer wants.
    pub desired_result: Option<String>,
    pub customer_id: Option<i64>,
    /// How to reach a customer who stays anonymous (no customer record).
    pub contact: Option<String>,
    pub vehicle_id: Option<i64>,
    pub repair_order_id: Option<i64>,
    /// The earlier complaint this one follows (a new problem found on a follow-up visit).
    pub parent_id: Option<i64>,
    pub nature: ComplaintNature,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    /// Who took it (`None`: the one recording it).
    pub received_by: Option<i64>,
    /// A caller not yet on file, registered with the complaint (when `customer_id` is
    /// `None`), in the same transaction.
    pub new_customer: Option<NewCustomer>,
}

/// The current supervision order (督办令) of a complaint, as the list needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderDue {
    pub seq: i64,
    pub department: String,
    pub issued_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// A complaint as the open list holds it: what it shows, what `/` searches and what every
/// clock is computed from. [`ComplaintRow`] is the whole record (it derefs to this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintHead {
    pub id: i64,
    pub number: String,
    pub received_at: DateTime<Utc>,
    pub channel: ComplaintChannel,
    /// What happened.
    pub description: String,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub contact: Option<String>,
    pub vehicle_id: Option<i64>,
    pub plate: Option<String>,
    pub nature: ComplaintNature,
    pub category: ComplaintCategory,
    pub severity: ComplaintSeverity,
    pub stage: ComplaintStage,
    /// A supervision order was issued: the matter is beyond the front desk.
    pub escalated: bool,
    pub reported_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub followed_up_at: Option<DateTime<Utc>>,
    pub order: Option<OrderDue>,
    /// Every stage entered, with its time, oldest first (the pauses of the clocks).
    pub stages: Vec<(DateTime<Utc>, ComplaintStage)>,
    pub version: i64,
}

/// A whole complaint record: its [`ComplaintHead`] and the rest of the feedback form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintRow {
    #[serde(flatten)]
    pub head: ComplaintHead,
    pub received_by: i64,
    pub received_by_name: String,
    pub place: Option<String>,
    pub people: Option<String>,
    /// What result the customer wants.
    pub desired_result: Option<String>,
    pub repair_order_id: Option<i64>,
    pub repair_order_number: Option<String>,
    pub parent_id: Option<i64>,
    pub reported_to: Option<String>,
    pub responsible_dept: Option<String>,
    pub solution: Option<String>,
    pub compensation: bool,
    pub result: Option<String>,
    pub reopen_count: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
}

impl std::ops::Deref for ComplaintRow {
    type Target = ComplaintHead;
    fn deref(&self) -> &ComplaintHead {
        &self.head
    }
}

impl std::ops::DerefMut for ComplaintRow {
    fn deref_mut(&mut self) -> &mut ComplaintHead {
        &mut self.head
    }
}

impl AsRef<ComplaintHead> for ComplaintRow {
    fn as_ref(&self) -> &ComplaintHead {
        &self.head
    }
}

impl AsRef<ComplaintHead> for ComplaintHead {
    fn as_ref(&self) -> &ComplaintHead {
        self
    }
}

impl AsMut<ComplaintHead> for ComplaintRow {
    fn as_mut(&mut self) -> &mut ComplaintHead {
        &mut self.head
    }
}

impl AsMut<ComplaintHead> for ComplaintHead {
    fn as_mut(&mut self) -> &mut ComplaintHead {
        self
    }
}

impl ComplaintHead {
    /// What the clocks are computed from.
    pub fn stamps(&self) -> Stamps<'_> {
        Stamps {
            received_at: self.received_at,
            reported_at: self.reported_at,
            escalated: self.escalated,
            reopened_at: self.reopened_at,
            resolved_at: self.resolved_at,
            followed_up_at: self.followed_up_at,
            order: self.order.as_ref().map(|o| OrderTimes {
                issued: o.issued_at,
                due: o.due_at,
                done: o.done_at,
            }),
            stages: &self.stages,
        }
    }

    /// Every clock at `now` under `policy` and the shop's calendar.
    pub fn clocks(
        &self,
        policy: &complaint::Policy,
        cal: Calendar<'_>,
        now: DateTime<Utc>,
    ) -> Clocks {
        complaint::clocks(&self.stamps(), policy, cal, now)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintEventRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_id: i64,
    pub staff_name: String,
    pub kind: ComplaintEventKind,
    pub stage: Option<ComplaintStage>,
    pub note: Option<String>,
}

/// A supervision order to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSpec {
    pub department: String,
    pub instruction: String,
    pub due_at: DateTime<Utc>,
}

/// A step of the handling with what it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Reported upward, to whom.
    Report { to: String },
    /// A supervision order (督办令).
    Supervise(OrderSpec),
    /// A solution proposed; `compensation`: it promises money, free work or parts.
    Propose {
        solution: String,
        compensation: bool,
    },
    /// The customer's answer to the solution.
    Answer {
        accepted: bool,
        note: Option<String>,
    },
    /// The result given to the customer.
    Resolve { result: String },
    /// The follow-up visit; a reopening outcome needs the new supervision order.
    FollowUp {
        outcome: VisitOutcome,
        note: Option<String>,
        reopen: Option<OrderSpec>,
    },
    /// A note on the timeline (any stage).
    Note { text: String },
}

/// The columns of a [`ComplaintHead`], in `head_from_row`'s order.
macro_rules! head_columns {
    () => {
        "cp.id, cp.number, cp.received_at, cp.channel, cp.description, cp.customer_id, \
         c.name, cp.contact, cp.vehicle_id, v.plate, cp.nature, cp.category, cp.severity, \
         cp.stage, cp.escalated, cp.reported_at, cp.resolved_at, cp.reopened_at, \
         cp.followed_up_at, so.seq, so.department, so.issued_at, so.due_at, so.done_at, \
         cp.version"
    };
}

/// How many columns [`head_columns`] has (the rest of a whole row follows them).
const HEAD: usize = 25;

/// The joins a head needs: the customer's name, the plate, the current supervision order.
macro_rules! head_joins {
    () => {
        " LEFT JOIN customers c ON c.id = cp.customer_id \
         LEFT JOIN vehicles v ON v.id = cp.vehicle_id \
         LEFT JOIN supervision_orders so ON so.complaint_id = cp.id AND so.seq = \
             (SELECT max(x.seq) FROM supervision_orders x WHERE x.complaint_id = cp.id)"
    };
}

/// The open list's heads (`FROM complaints cp` is where an index is named).
const HEAD_SELECT: &str = concat!(
    "SELECT ",
    head_columns!(),
    " FROM complaints cp",
    head_joins!()
);

const SELECT: &str = concat!(
    "SELECT ",
    head_columns!(),
    ", cp.received_by, s.name, cp.place, cp.people, cp.desired_result, cp.repair_order_id, \
     ro.number, cp.parent_id, cp.reported_to, cp.responsible_dept, cp.solution, \
     cp.compensation, cp.result, cp.reopen_count, cp.created_at, cp.created_by, \
     cp.updated_at, cp.updated_by FROM complaints cp",
    head_joins!(),
    " JOIN staff s ON s.id = cp.received_by \
     LEFT JOIN repair_orders ro ON ro.id = cp.repair_order_id"
);

fn head_from_row(r: &Row<'_>) -> crate::store::db::Result<ComplaintHead> {
    let order = match r.get::<_, Option<i64>>(19)? {
        None => None,
        Some(seq) => Some(OrderDue {
            seq,
            department: r.get(20)?,
            issued_at: col::time(r, 21)?,
            due_at: col::time(r, 22)?,
            done_at: col::time_opt(r, 23)?,
        }),
    };
    Ok(ComplaintHead {
        id: r.get(0)?,
        number: r.get(1)?,
        received_at: col::time(r, 2)?,
        channel: col::vocab(r, 3)?,
        description: r.get(4)?,
        customer_id: r.get(5)?,
        customer_name: r.get(6)?,
        contact: r.get(7)?,
        vehicle_id: r.get(8)?,
        plate: r.get(9)?,
        nature: col::vocab(r, 10)?,
        category: col::vocab(r, 11)?,
        severity: col::vocab(r, 12)?,
        stage: col::vocab(r, 13)?,
        escalated: r.get(14)?,
        reported_at: col::time_opt(r, 15)?,
        resolved_at: col::time_opt(r, 16)?,
        reopened_at: col::time_opt(r, 17)?,
        followed_up_at: col::time_opt(r, 18)?,
        order,
        stages: Vec::new(),
        version: r.get(24)?,
    })
}

fn from_row(r: &Row<'_>) -> crate::store::db::Result<ComplaintRow> {
    let k = |i: usize| HEAD + i;
    Ok(ComplaintRow {
        head: head_from_row(r)?,
        received_by: r.get(k(0))?,
        received_by_name: r.get(k(1))?,
        place: r.get(k(2))?,
        people: r.get(k(3))?,
        desired_result: r.get(k(4))?,
        repair_order_id: r.get(k(5))?,
        repair_order_number: r.get(k(6))?,
        parent_id: r.get(k(7))?,
        reported_to: r.get(k(8))?,
        responsible_dept: r.get(k(9))?,
        solution: r.get(k(10))?,
        compensation: r.get(k(11))?,
        result: r.get(k(12))?,
        reopen_count: r.get(k(13))?,
        created_at: col::time(r, k(14))?,
        created_by: r.get(k(15))?,
        updated_at: col::time(r, k(16))?,
        updated_by: r.get(k(17))?,
    })
}

/// Records a complaint numbered for the local `day` (CP-YYYYMMDD-NNNN), received by the
/// acting staff member, in stage `received`, with a `received` event at `received_at`.
/// Returns (id, number).
pub fn insert(tx: &Tx<'_>, c: &NewComplaint, day: NaiveDate) -> Result<(i64, String)> {
    let actor = tx.require_actor()?;
    if c.description.trim().is_empty() {
        return Err(StoreError::Invalid(
            "a complaint needs a description of what happened".into(),
        ));
    }
    if c.received_at > tx.now() {
        return Err(StoreError::Invalid(
            "a complaint cannot be received in the future".into(),
        ));
    }
    let customer_id = match (c.customer_id, &c.new_customer) {
        (None, Some(n)) => Some(super::customers::create_customer(tx, n)?),
        (id, _) => id,
    };
    if let (Some(cust), Some(veh)) = (customer_id, c.vehicle_id) {
        let owner: Option<i64> = tx
            .conn()
            .prepare_cached("SELECT customer_id FROM vehicles WHERE id = ?1")?
            .query_row([veh], |r| r.get(0))
            .optional()?;
        match owner {
            None => {
                return Err(StoreError::NotFound {
                    entity: "vehicles",
                    id: veh,
                });
            }
            Some(o) if o != cust => {
                return Err(StoreError::Invalid(format!(
                    "vehicle {veh} does not belong to customer {cust}"
                )));
            }
            Some(_) => {}
        }
    }
    let received_by = match c.received_by {
        None => actor,
        Some(id) => {
            let who = staff::by_id(tx.conn(), id)?.ok_or(StoreError::NotFound {
                entity: "staff",
                id,
            })?;
            if !who.active {
                return Err(StoreError::Invalid(format!(
                    "{} ({}) is no longer active and cannot receive a complaint",
                    who.name, who.code
                )));
            }
            id
        }
    };
    let number = next_number(tx, "CP", day)?;
    let now = tx.now_text().to_string();
    let received_at = ts(c.received_at);
    tx.conn()
        .prepare_cached(
            "INSERT INTO complaints (number, received_at, received_by, channel, place, people, \
             description, desired_result, customer_id, vehicle_id, repair_order_id, parent_id, \
             nature, category, stage, created_at, created_by, updated_at, updated_by, contact, \
             severity) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'received', \
             ?15, ?18, ?15, ?18, ?16, ?17)",
        )?
        .insert(params![
            number,
            received_at,
            received_by,
            c.channel.as_str(),
            c.place,
            c.people,
            c.description.trim(),
            c.desired_result,
            customer_id,
            c.vehicle_id,
            c.repair_order_id,
            c.parent_id,
            c.nature.as_str(),
            c.category.as_str(),
            now,
            c.contact,
            c.severity.as_str(),
            actor,
        ])?;
    let id = tx.conn().last_insert_rowid();
    insert_event(
        tx,
        id,
        &received_at,
        ComplaintEventKind::Received,
        Some(ComplaintStage::Received),
        None,
    )?;
    tx.audit(
        "create",
        "complaints",
        Some(id),
        json!({
            "number": number,
            "received_at": received_at,
            "channel": c.channel.as_str(),
            "nature": c.nature.as_str(),
            "category": c.category.as_str(),
            "severity": c.severity.as_str(),
            "customer_id": customer_id,
            "contact": c.contact,
            "repair_order_id": c.repair_order_id,
            "parent_id": c.parent_id,
        }),
    )?;
    Ok((id, number))
}

fn insert_event(
    tx: &Tx<'_>,
    id: i64,
    at: &str,
    kind: ComplaintEventKind,
    stage: Option<ComplaintStage>,
    note: Option<&str>,
) -> Result<()> {
    let actor = tx.require_actor()?;
    tx.conn()
        .prepare_cached(
            "INSERT INTO complaint_events (complaint_id, at, staff_id, kind, stage, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            at,
            actor,
            kind.as_str(),
            stage.map(|s| s.as_str()),
            note
        ])?;
    Ok(())
}

/// A text the step needs, trimmed; refused when empty.
fn needed(what: &str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(StoreError::Invalid(format!("{what} cannot be empty")));
    }
    Ok(v.to_string())
}

fn optional(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The domain's step for an action (a note is none).
fn domain_step(a: &Action) -> Option<Step> {
    Some(match a {
        Action::Report { .. } => Step::Report,
        Action::Supervise(_) => Step::Supervise,
        Action::Propose { compensation, .. } => Step::Propose {
            compensation: *compensation,
        },
        Action::Answer { accepted, .. } => Step::Answer {
            accepted: *accepted,
        },
        Action::Resolve { .. } => Step::Resolve,
        Action::FollowUp { outcome, .. } => Step::FollowUp(*outcome),
        Action::Note { .. } => return None,
    })
}

/// The step's name in the audit log and in a refusal.
fn action_name(a: &Action) -> &'static str {
    match a {
        Action::Report { .. } => "report",
        Action::Supervise(_) => "supervise",
        Action::Propose { .. } => "propose",
        Action::Answer { .. } => "answer",
        Action::Resolve { .. } => "resolve",
        Action::FollowUp { .. } => "follow_up",
        Action::Note { .. } => "note",
    }
}

/// Closes the open supervision order of complaint `id` (its department answered, or
/// another order replaces it).
fn close_order(tx: &Tx<'_>, id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE supervision_orders SET done_at = ?1 WHERE complaint_id = ?2 AND done_at IS NULL",
        )?
        .execute(params![tx.now_text(), id])?;
    Ok(())
}

/// Issues supervision order `o` on complaint `id` (the next number of its orders).
fn issue_order(tx: &Tx<'_>, id: i64, o: &OrderSpec) -> Result<i64> {
    let department = needed("the responsible department", &o.department)?;
    let instruction = needed("the supervision order's instruction", &o.instruction)?;
    if o.due_at <= tx.now() {
        return Err(StoreError::Invalid(
            "a supervision order is due after it is issued".into(),
        ));
    }
    close_order(tx, id)?;
    let conn = tx.conn();
    let seq: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(max(seq), 0) + 1 FROM supervision_orders WHERE complaint_id = ?1",
        )?
        .query_row([id], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO supervision_orders (complaint_id, seq, issued_at, issued_by, department, \
         instruction, due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        seq,
        tx.now_text(),
        tx.require_actor()?,
        department,
        instruction,
        ts(o.due_at)
    ])?;
    conn.prepare_cached(
        "UPDATE complaints SET escalated = 1, responsible_dept = ?1 WHERE id = ?2",
    )?
    .execute(params![department, id])?;
    Ok(seq)
}

/// Takes step `action` on complaint `id` (read at `expected_version`) at the
/// transaction's time, as the state machine of [`stages`] allows it: the complaint's
/// columns, its supervision orders, a timeline event and an audit row, in `tx`.
/// Returns the new stage.
///
/// * a stale version: [`StoreError::Conflict`] (who changed it and when);
/// * a step the stage does not allow: [`StoreError::Transition`];
/// * compensation promised by anyone but an active supervisor or manager:
///   [`StoreError::NotAllowed`];
/// * an empty text, a supervision order due before now, a reopening follow-up without a
///   new order: [`StoreError::Invalid`].
pub fn step(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    action: &Action,
) -> Result<ComplaintStage> {
    let actor = tx.require_actor()?;
    let (stage, escalated): (String, bool) = tx
        .conn()
        .prepare_cached("SELECT stage, escalated FROM complaints WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "complaints",
            id,
        })?;
    let stage: ComplaintStage = stage
        .parse()
        .map_err(|e: crate::domain::kinds::UnknownValue| StoreError::Invalid(e.to_string()))?;
    // A counter that read an older version hears who changed it first, whatever else
    // is wrong (a refusal below rolls the transaction back, this included).
    tx.bump_version("complaints", id, expected_version)?;
    let who = staff::by_id(tx.conn(), actor)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id: actor,
    })?;
    let facts = Facts {
        supervised: escalated,
        may_compensate: who.active
            && matches!(who.role, StaffRole::Supervisor | StaffRole::Manager),
    };
    let to = match domain_step(action) {
        None => stage,
        Some(st) => stages::next(stage, st, facts).map_err(|r| match r {
            Refusal::NotNow { stage } => StoreError::Transition {
                entity: "complaint",
                from: stage.as_str(),
                to: action_name(action),
            },
            Refusal::Compensation => StoreError::NotAllowed(format!(
                "only a supervisor or a manager may promise compensation; {} ({}) is {}",
                who.name,
                who.code,
                who.role.as_str()
            )),
        })?,
    };
    let now = tx.now_text().to_string();
    let conn = tx.conn();
    let set = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<()> {
        conn.prepare_cached(sql)?.execute(p)?;
        Ok(())
    };
    let (kind, note, detail) = match action {
        Action::Report { to } => {
            let to = needed("to whom it was reported", to)?;
            set(
                "UPDATE complaints SET reported_at = COALESCE(reported_at, ?1), reported_to = ?2 \
                 WHERE id = ?3",
                &[&now, &to, &id],
            )?;
            (
                ComplaintEventKind::Reported,
                Some(to.clone()),
                json!({ "to": to }),
            )
        }
        Action::Supervise(o) => {
            let seq = issue_order(tx, id, o)?;
            let note = format!("{}: {}", o.department.trim(), o.instruction.trim());
            (
                ComplaintEventKind::Supervised,
                Some(note),
                json!({ "seq": seq, "department": o.department.trim(),
                        "instruction": o.instruction.trim(), "due_at": ts(o.due_at) }),
            )
        }
        Action::Propose {
            solution,
            compensation,
        } => {
            let solution = needed("the solution", solution)?;
            set(
                "UPDATE complaints SET solution = ?1, compensation = ?2 WHERE id = ?3",
                &[&solution, compensation, &id],
            )?;
            close_order(tx, id)?;
            (
                ComplaintEventKind::Proposed,
                Some(solution.clone()),
                json!({ "solution": solution, "compensation": compensation }),
            )
        }
        Action::Answer { accepted, note } => {
            let note = optional(note);
            (
                ComplaintEventKind::Answered,
                note.clone(),
                json!({ "accepted": accepted, "note": note }),
            )
        }
        Action::Resolve { result } => {
            let result = needed("the result", result)?;
            set(
                "UPDATE complaints SET resolved_at = ?1, result = ?2, followed_up_at = NULL \
                 WHERE id = ?3",
                &[&now, &result, &id],
            )?;
            close_order(tx, id)?;
            (
                ComplaintEventKind::Resolved,
                Some(result.clone()),
                json!({ "result": result }),
            )
        }
        Action::FollowUp {
            outcome,
            note,
            reopen,
        } => {
            let note = optional(note);
            set(
                "UPDATE complaints SET followed_up_at = ?1 WHERE id = ?2",
                &[&now, &id],
            )?;
            if stages::reopens(*outcome) {
                let Some(o) = reopen else {
                    return Err(StoreError::Invalid(
                        "a reopened complaint needs a new supervision order".into(),
                    ));
                };
                insert_event(
                    tx,
                    id,
                    &now,
                    ComplaintEventKind::FollowedUp,
                    None,
                    Some(&follow_up_note(*outcome, note.as_deref())),
                )?;
                let seq = issue_order(tx, id, o)?;
                set(
                    "UPDATE complaints SET reopened_at = ?1, reopen_count = reopen_count + 1, \
                     resolved_at = NULL, result = NULL, solution = NULL, compensation = 0 \
                     WHERE id = ?2",
                    &[&now, &id],
                )?;
                (
                    ComplaintEventKind::Reopened,
                    Some(format!("{}: {}", o.department.trim(), o.instruction.trim())),
                    json!({ "outcome": outcome.as_str(), "note": note, "seq": seq,
                            "department": o.department.trim(), "due_at": ts(o.due_at) }),
                )
            } else {
                (
                    ComplaintEventKind::FollowedUp,
                    Some(follow_up_note(*outcome, note.as_deref())),
                    json!({ "outcome": outcome.as_str(), "note": note }),
                )
            }
        }
        Action::Note { text } => {
            let text = needed("the note", text)?;
            (
                ComplaintEventKind::Note,
                Some(text.clone()),
                json!({ "note": text }),
            )
        }
    };
    conn.prepare_cached("UPDATE complaints SET stage = ?1 WHERE id = ?2")?
        .execute(params![to.as_str(), id])?;
    let changed = (to != stage || domain_step(action).is_some()).then_some(to);
    insert_event(tx, id, &now, kind, changed, note.as_deref())?;
    let mut detail = detail;
    detail["from"] = json!(stage.as_str());
    detail["to"] = json!(to.as_str());
    tx.audit(
        &format!("complaint.{}", action_name(action)),
        "complaints",
        Some(id),
        detail,
    )?;
    Ok(to)
}

/// A follow-up event's note as stored by [`step`]: the outcome, and the note typed.
pub fn visit_note(note: &str) -> (Option<VisitOutcome>, Option<&str>) {
    let (word, rest) = match note.split_once(": ") {
        Some((w, r)) => (w, Some(r)),
        None => (note, None),
    };
    match word.parse::<VisitOutcome>() {
        Ok(o) => (Some(o), rest),
        Err(_) => (None, Some(note)),
    }
}

impl ComplaintEventRow {
    /// The note as a reader sees it: a follow-up's outcome by `label` (its catalog key
    /// turned into words), then what was typed.
    pub fn note_text(&self, label: impl Fn(&'static str) -> String) -> String {
        let Some(note) = self.note.as_deref() else {
            return String::new();
        };
        if self.kind != ComplaintEventKind::FollowedUp {
            return note.to_string();
        }
        match visit_note(note) {
            (Some(o), Some(rest)) => format!("{}: {rest}", label(o.label_key())),
            (Some(o), None) => label(o.label_key()),
            (None, _) => note.to_string(),
        }
    }
}

/// "satisfied" / "satisfied: note" (the outcome's stored word, the note as typed).
fn follow_up_note(o: VisitOutcome, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{}: {n}", o.as_str()),
        None => o.as_str().to_string(),
    }
}

/// The stages entered by the open complaints, by complaint, oldest first.
const OPEN_STAGES_SQL: &str = "SELECT e.complaint_id, e.at, e.stage \
     FROM complaints cp INDEXED BY complaints_open \
     JOIN complaint_events e ON e.complaint_id = cp.id \
     WHERE cp.stage <> 'closed' AND e.stage IS NOT NULL ORDER BY e.complaint_id, e.at, e.id";

/// The statements of the open list as [`open_heads`] runs them (no parameters): for a
/// plan check and for a benchmark's bare SQL.
pub fn open_list_sql() -> [String; 2] {
    [open_sql(), OPEN_STAGES_SQL.to_string()]
}

/// The stages entered by the complaints `rows` (by id), oldest first, filled in.
fn fill_stages<T: AsMut<ComplaintHead>>(
    conn: &Connection,
    rows: &mut [T],
    open_only: bool,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // By id, searched per event (the events come by complaint id, the rows by time).
    let mut at: Vec<(i64, usize)> = rows
        .iter_mut()
        .enumerate()
        .map(|(i, r)| (r.as_mut().id, i))
        .collect();
    at.sort_unstable();
    let sql = if open_only {
        OPEN_STAGES_SQL
    } else {
        "SELECT e.complaint_id, e.at, e.stage FROM complaint_events e \
         WHERE e.stage IS NOT NULL ORDER BY e.complaint_id, e.at, e.id"
    };
    let mut st = conn.prepare_cached(sql)?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let r = &r;
        let id: i64 = r.get(0)?;
        if let Ok(k) = at.binary_search_by_key(&id, |(x, _)| *x) {
            rows[at[k].1]
                .as_mut()
                .stages
                .push((col::time(r, 1)?, col::vocab(r, 2)?));
        }
    }
    Ok(())
}

/// The id of complaint `number` (CP-YYYYMMDD-NNNN).
pub fn id_of(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM complaints WHERE number = ?1")?
        .query_row([number], |r| r.get(0))
        .optional()?)
}

/// One complaint.
pub fn get(conn: &Connection, id: i64) -> Result<Option<ComplaintRow>> {
    let sql = format!("{SELECT} WHERE cp.id = ?1");
    let Some(mut row) = conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
    else {
        return Ok(None);
    };
    let mut st = conn.prepare_cached(
        "SELECT at, stage FROM complaint_events WHERE complaint_id = ?1 AND stage IS NOT NULL \
         ORDER BY at, id",
    )?;
    let stages = st.query_map([id], |r| Ok((col::time(r, 0)?, col::vocab(r, 1)?)))?;
    row.stages = stages.collect::<Result<_, _>>()?;
    Ok(Some(row))
}

/// The statement of the open complaints' heads (the partial index of open ones, by time
/// received), for the list and its plan.
pub fn open_sql() -> String {
    format!(
        "{} WHERE cp.stage <> 'closed' ORDER BY cp.received_at, cp.id",
        HEAD_SELECT.replacen(
            "FROM complaints cp",
            "FROM complaints cp INDEXED BY complaints_open",
            1
        )
    )
}

/// The open complaints as the list holds them, by time received, with their stages.
pub fn open_heads(conn: &Connection) -> Result<Vec<ComplaintHead>> {
    let mut st = conn.prepare_cached(&open_sql())?;
    let mut q = st.query([])?;
    // Each row built in place at the end of the list (a head is a few hundred bytes).
    let mut rows: Vec<ComplaintHead> = Vec::with_capacity(256);
    while let Some(r) = q.next()? {
        let r = &r;
        rows.push(head_from_row(r)?);
    }
    fill_stages(conn, &mut rows, true)?;
    Ok(rows)
}

/// Whole complaints by time received; `open_only` leaves out closed ones.
pub fn list(conn: &Connection, open_only: bool) -> Result<Vec<ComplaintRow>> {
    let sql = match open_only {
        true => format!("{SELECT} WHERE cp.stage <> 'closed' ORDER BY cp.received_at, cp.id"),
        false => format!("{SELECT} ORDER BY cp.received_at, cp.id"),
    };
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], from_row)?;
    let mut rows: Vec<ComplaintRow> = rows.collect::<Result<_, _>>()?;
    fill_stages(conn, &mut rows, open_only)?;
    Ok(rows)
}

/// A complaint as the month's analysis counts it: its kinds, what its clocks are worked
/// out from, the department found responsible and how often it was reopened (no name,
/// plate or text: the analysis shows none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub channel: ComplaintChannel,
    pub nature: ComplaintNature,
    pub category: ComplaintCategory,
    pub stage: ComplaintStage,
    pub escalated: bool,
    pub reported_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub followed_up_at: Option<DateTime<Utc>>,
    /// The current supervision order's times.
    pub order: Option<OrderTimes>,
    pub stages: Vec<(DateTime<Utc>, ComplaintStage)>,
    pub responsible_dept: Option<String>,
    pub reopen_count: i64,
}

impl Counted {
    /// Every clock at `now` under `policy` and the shop's calendar (as
    /// [`ComplaintHead::clocks`]).
    pub fn clocks(
        &self,
        policy: &complaint::Policy,
        cal: Calendar<'_>,
        now: DateTime<Utc>,
    ) -> Clocks {
        let stamps = Stamps {
            received_at: self.received_at,
            reported_at: self.reported_at,
            escalated: self.escalated,
            reopened_at: self.reopened_at,
            resolved_at: self.resolved_at,
            followed_up_at: self.followed_up_at,
            order: self.order,
            stages: &self.stages,
        };
        complaint::clocks(&stamps, policy, cal, now)
    }
}

/// The statements of [`counted_between`] (each takes from and to): the complaints
/// received in the span by the index of the time received, with only their current
/// supervision order joined (no customer, vehicle, staff or order looked up per row),
/// and the stages they entered.
pub fn counted_between_sql() -> [String; 2] {
    [
        "SELECT cp.id, cp.received_at, cp.channel, cp.nature, cp.category, cp.stage, \
         cp.escalated, cp.reported_at, cp.resolved_at, cp.reopened_at, cp.followed_up_at, \
         so.issued_at, so.due_at, so.done_at, cp.responsible_dept, cp.reopen_count \
         FROM complaints cp INDEXED BY complaints_received \
         LEFT JOIN supervision_orders so ON so.complaint_id = cp.id AND so.seq = \
             (SELECT max(x.seq) FROM supervision_orders x WHERE x.complaint_id = cp.id) \
         WHERE cp.received_at >= ?1 AND cp.received_at < ?2 \
         ORDER BY cp.received_at, cp.id"
            .to_string(),
        stages_between_sql(),
    ]
}

/// Each complaint's stages in the order reached, from the partial index of stages
/// (migration 0015), complaint by complaint in the order received: no table row
/// fetched, nothing sorted.
fn stages_between_sql() -> String {
    "SELECT e.complaint_id, e.at, e.stage FROM complaints cp \
     INDEXED BY complaints_received \
     JOIN complaint_events e INDEXED BY complaint_events_stages ON e.complaint_id = cp.id \
     WHERE cp.received_at >= ?1 AND cp.received_at < ?2 AND e.stage IS NOT NULL \
     ORDER BY cp.received_at, cp.id, e.at, e.id"
        .to_string()
}

/// The complaints received in `[from, to)` as the analysis counts them, by time
/// received, with their stages.
pub fn counted_between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Counted>> {
    let [sql, stages] = counted_between_sql();
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params![ts(from), ts(to)], |r| {
        let order = match col::time_opt(r, 11)? {
            None => None,
            Some(issued) => Some(OrderTimes {
                issued,
                due: col::time(r, 12)?,
                done: col::time_opt(r, 13)?,
            }),
        };
        Ok(Counted {
            id: r.get(0)?,
            received_at: col::time(r, 1)?,
            channel: col::vocab(r, 2)?,
            nature: col::vocab(r, 3)?,
            category: col::vocab(r, 4)?,
            stage: col::vocab(r, 5)?,
            escalated: r.get(6)?,
            reported_at: col::time_opt(r, 7)?,
            resolved_at: col::time_opt(r, 8)?,
            reopened_at: col::time_opt(r, 9)?,
            followed_up_at: col::time_opt(r, 10)?,
            order,
            stages: Vec::new(),
            responsible_dept: r.get(14)?,
            reopen_count: r.get(15)?,
        })
    })?;
    let mut rows: Vec<Counted> = rows.collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(rows);
    }
    // The stages come in the rows' order: a cursor that moves on with the id.
    let mut at = 0;
    let mut st = conn.prepare_cached(&stages)?;
    let mut q = st.query(params![ts(from), ts(to)])?;
    while let Some(r) = q.next()? {
        let r = &r;
        let id: i64 = r.get(0)?;
        if rows.get(at).is_none_or(|c| c.id != id) {
            match rows[at..].iter().position(|c| c.id == id) {
                Some(k) => at += k,
                None => continue,
            }
        }
        rows[at].stages.push((col::time(r, 1)?, col::vocab(r, 2)?));
    }
    Ok(rows)
}

/// Every complaint in id order, one at a time, with its stages (for exports).
pub fn all(conn: &Connection, mut f: impl FnMut(ComplaintRow) -> Result<()>) -> Result<()> {
    let sql = format!("{SELECT} ORDER BY cp.id");
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([])?;
    let mut ev = conn.prepare_cached(
        "SELECT complaint_id, at, stage FROM complaint_events WHERE stage IS NOT NULL \
         ORDER BY complaint_id, at, id",
    )?;
    let mut events = ev.query([])?;
    let mut pending: Option<(i64, DateTime<Utc>, ComplaintStage)> = None;
    while let Some(r) = rows.next()? {
        let r = &r;
        let mut row = from_row(r)?;
        loop {
            if pending.is_none() {
                match events.next()? {
                    Some(e) => pending = Some((e.get(0)?, col::time(&e, 1)?, col::vocab(&e, 2)?)),
                    None => break,
                }
            }
            match pending {
                Some((cid, at, stage)) if cid == row.id => {
                    row.stages.push((at, stage));
                    pending = None;
                }
                Some((cid, _, _)) if cid < row.id => pending = None,
                _ => break,
            }
        }
        f(row)?;
    }
    Ok(())
}

/// The supervision orders of complaint `id`, in order.
pub fn orders(conn: &Connection, id: i64) -> Result<Vec<SupervisionOrder>> {
    let mut st = conn.prepare_cached(
        "SELECT o.seq, o.issued_at, s.name, o.department, o.instruction, o.due_at, o.done_at \
         FROM supervision_orders o JOIN staff s ON s.id = o.issued_by \
         WHERE o.complaint_id = ?1 ORDER BY o.seq",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(SupervisionOrder {
            seq: r.get(0)?,
            issued_at: col::time(r, 1)?,
            issued_by_name: r.get(2)?,
            department: r.get(3)?,
            instruction: r.get(4)?,
            due_at: col::time(r, 5)?,
            done_at: col::time_opt(r, 6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One complaint with its timeline and its supervision orders.
pub type Detail = (ComplaintRow, Vec<ComplaintEventRow>, Vec<SupervisionOrder>);

/// One supervision order (督办令) as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupervisionOrder {
    pub seq: i64,
    pub issued_at: DateTime<Utc>,
    pub issued_by_name: String,
    pub department: String,
    pub instruction: String,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// The history of complaint `id`, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<ComplaintEventRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.at, e.staff_id, s.name, e.kind, e.stage, e.note \
         FROM complaint_events e JOIN staff s ON s.id = e.staff_id \
         WHERE e.complaint_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(ComplaintEventRow {
            id: r.get(0)?,
            at: col::time(r, 1)?,
            staff_id: r.get(2)?,
            staff_name: r.get(3)?,
            kind: col::vocab(r, 4)?,
            stage: col::vocab_opt(r, 5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
