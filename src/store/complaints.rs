//! Complaints (投诉 / 客户信息反馈处理单 / 督办令): the record taken at once, its stage and
//! the event history the 1 h / 72 h deadlines are computed from.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::json;

use super::appointments::col;
use super::repair_orders::next_number;
use super::{Result, StoreError, Tx, ts};
use crate::domain::kinds::{
    ComplaintCategory, ComplaintChannel, ComplaintEventKind, ComplaintNature, ComplaintStage,
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
    pub vehicle_id: Option<i64>,
    pub repair_order_id: Option<i64>,
    /// The earlier complaint this one follows (a new problem found on a follow-up visit).
    pub parent_id: Option<i64>,
    pub nature: ComplaintNature,
    pub category: ComplaintCategory,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintRow {
    pub id: i64,
    pub number: String,
    pub received_at: DateTime<Utc>,
    pub received_by: i64,
    pub received_by_name: String,
    pub channel: ComplaintChannel,
    pub place: Option<String>,
    pub people: Option<String>,
    pub description: String,
    pub desired_result: Option<String>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub vehicle_id: Option<i64>,
    pub plate: Option<String>,
    pub repair_order_id: Option<i64>,
    pub repair_order_number: Option<String>,
    pub parent_id: Option<i64>,
    pub nature: ComplaintNature,
    pub category: ComplaintCategory,
    pub stage: ComplaintStage,
    pub escalated: bool,
    pub reported_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub responsible_dept: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
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

const SELECT: &str = "SELECT cp.id, cp.number, cp.received_at, cp.received_by, s.name, \
     cp.channel, cp.place, cp.people, cp.description, cp.desired_result, cp.customer_id, \
     c.name, cp.vehicle_id, v.plate, cp.repair_order_id, ro.number, cp.parent_id, cp.nature, \
     cp.category, cp.stage, cp.escalated, cp.reported_at, cp.answered_at, \
     cp.responsible_dept, cp.version, cp.created_at, cp.created_by, cp.updated_at, \
     cp.updated_by \
     FROM complaints cp \
     JOIN staff s ON s.id = cp.received_by \
     LEFT JOIN customers c ON c.id = cp.customer_id \
     LEFT JOIN vehicles v ON v.id = cp.vehicle_id \
     LEFT JOIN repair_orders ro ON ro.id = cp.repair_order_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id: r.get(0)?,
        number: r.get(1)?,
        received_at: col::time(r, 2)?,
        received_by: r.get(3)?,
        received_by_name: r.get(4)?,
        channel: col::vocab(r, 5)?,
        place: r.get(6)?,
        people: r.get(7)?,
        description: r.get(8)?,
        desired_result: r.get(9)?,
        customer_id: r.get(10)?,
        customer_name: r.get(11)?,
        vehicle_id: r.get(12)?,
        plate: r.get(13)?,
        repair_order_id: r.get(14)?,
        repair_order_number: r.get(15)?,
        parent_id: r.get(16)?,
        nature: col::vocab(r, 17)?,
        category: col::vocab(r, 18)?,
        stage: col::vocab(r, 19)?,
        escalated: r.get(20)?,
        reported_at: col::time_opt(r, 21)?,
        answered_at: col::time_opt(r, 22)?,
        responsible_dept: r.get(23)?,
        version: r.get(24)?,
        created_at: col::time(r, 25)?,
        created_by: r.get(26)?,
        updated_at: col::time(r, 27)?,
        updated_by: r.get(28)?,
    })
}

/// Records a complaint numbered for the local `day` (CP-YYYYMMDD-NNNN), received by the
/// acting staff member, in stage `accepted`, with a `received` event at `received_at`.
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
    if let (Some(cust), Some(veh)) = (c.customer_id, c.vehicle_id) {
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
    let number = next_number(tx, "CP", day)?;
    let now = tx.now_text().to_string();
    let received_at = ts(c.received_at);
    tx.conn()
        .prepare_cached(
            "INSERT INTO complaints (number, received_at, received_by, channel, place, people, \
             description, desired_result, customer_id, vehicle_id, repair_order_id, parent_id, \
             nature, category, stage, created_at, created_by, updated_at, updated_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'accepted', \
             ?15, ?3, ?15, ?3)",
        )?
        .execute(params![
            number,
            received_at,
            actor,
            c.channel.as_str(),
            c.place,
            c.people,
            c.description.trim(),
            c.desired_result,
            c.customer_id,
            c.vehicle_id,
            c.repair_order_id,
            c.parent_id,
            c.nature.as_str(),
            c.category.as_str(),
            now,
        ])?;
    let id = tx.conn().last_insert_rowid();
    insert_event(
        tx,
        id,
        &received_at,
        ComplaintEventKind::Received,
        Some(ComplaintStage::Accepted),
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
            "customer_id": c.customer_id,
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

/// Records an event on complaint `id` at the transaction's time and moves it to `stage`
/// when given:
/// * `reported`: stamps `reported_at` (the 1 h rule) the first time;
/// * `reply`: stamps `answered_at` (the 72 h rule) the first time;
/// * `supervision_order` (督办令): marks the complaint escalated and takes the responsible
///   department from `note` (required);
/// * `received` is refused (it is written by [`insert`]).
///
/// A stale `expected_version` gives [`StoreError::Conflict`].
pub fn advance(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    kind: ComplaintEventKind,
    stage: Option<ComplaintStage>,
    note: Option<&str>,
) -> Result<()> {
    let note = note.map(str::trim).filter(|s| !s.is_empty());
    match kind {
        ComplaintEventKind::Received => {
            return Err(StoreError::Invalid(
                "a complaint is received once, when it is recorded".into(),
            ));
        }
        ComplaintEventKind::SupervisionOrder if note.is_none() => {
            return Err(StoreError::Invalid(
                "a supervision order names the responsible department".into(),
            ));
        }
        ComplaintEventKind::Stage if stage.is_none() => {
            return Err(StoreError::Invalid(
                "a stage event needs the new stage".into(),
            ));
        }
        _ => {}
    }
    tx.bump_version("complaints", id, expected_version)?;
    let now = tx.now_text().to_string();
    let conn = tx.conn();
    if let Some(stage) = stage {
        conn.prepare_cached("UPDATE complaints SET stage = ?1 WHERE id = ?2")?
            .execute(params![stage.as_str(), id])?;
    }
    match kind {
        ComplaintEventKind::Reported => {
            conn.prepare_cached(
                "UPDATE complaints SET reported_at = COALESCE(reported_at, ?1) WHERE id = ?2",
            )?
            .execute(params![now, id])?;
        }
        ComplaintEventKind::Reply => {
            conn.prepare_cached(
                "UPDATE complaints SET answered_at = COALESCE(answered_at, ?1) WHERE id = ?2",
            )?
            .execute(params![now, id])?;
        }
        ComplaintEventKind::SupervisionOrder => {
            conn.prepare_cached(
                "UPDATE complaints SET escalated = 1, responsible_dept = ?1 WHERE id = ?2",
            )?
            .execute(params![note, id])?;
        }
        _ => {}
    }
    insert_event(tx, id, &now, kind, stage, note)?;
    tx.audit(
        kind.as_str(),
        "complaints",
        Some(id),
        json!({ "stage": stage.map(|s| s.as_str()), "note": note }),
    )
}

/// One complaint.
pub fn get(conn: &Connection, id: i64) -> Result<Option<ComplaintRow>> {
    let sql = format!("{SELECT} WHERE cp.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Complaints by time received; `open_only` leaves out closed ones.
pub fn list(conn: &Connection, open_only: bool) -> Result<Vec<ComplaintRow>> {
    let sql =
        format!("{SELECT} WHERE (?1 = 0 OR cp.stage <> 'closed') ORDER BY cp.received_at, cp.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([open_only], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every complaint in id order, one at a time (for exports).
pub fn all(conn: &Connection, mut f: impl FnMut(ComplaintRow) -> Result<()>) -> Result<()> {
    let sql = format!("{SELECT} ORDER BY cp.id");
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(from_row(r)?)?;
    }
    Ok(())
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
