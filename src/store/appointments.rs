//! Appointments (预约) and the per-day capacity settings (预约能力).
//!
//! Capacity rules live in the domain; this module stores the settings and the bookings,
//! and offers [`booked_minutes`] so the capacity check can run inside the same IMMEDIATE
//! transaction as the insert it guards.

use std::collections::HashMap;

use crate::store::db::{Connection, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::{Result, StoreError, Tx, staff, ts};
use crate::domain::appointment::{
    CapacityCheck, CapacityPolicy, DayDefaults, DayLoad, first_day_with_room, transition,
};
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, PartsStatus, ReminderOutcome,
    ServiceType, StaffRole,
};

/// Column readers shared by the store modules of this crate.
pub(crate) mod col {
    use crate::store::db::Row;
    use chrono::{DateTime, NaiveDate, Utc};
    use rusqlite::types::{FromSqlError, Type, ValueRef};
    use std::str::FromStr;

    fn bad<E: std::error::Error + Send + Sync + 'static>(
        i: usize,
        e: E,
    ) -> crate::store::db::Error {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)).into()
    }

    /// A text column as stored, without a copy (`None` for NULL).
    pub(crate) fn text<'r>(r: &'r Row<'_>, i: usize) -> crate::store::db::Result<Option<&'r str>> {
        match r.get_ref(i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(b) => std::str::from_utf8(b).map(Some).map_err(|e| bad(i, e)),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                i,
                other.data_type(),
                Box::new(FromSqlError::InvalidType),
            )
            .into()),
        }
    }

    fn required<T>(i: usize, v: Option<T>) -> crate::store::db::Result<T> {
        v.ok_or_else(|| rusqlite::Error::InvalidColumnType(i, String::new(), Type::Null).into())
    }

    /// A vocabulary value stored by name.
    pub(crate) fn vocab<T>(r: &Row<'_>, i: usize) -> crate::store::db::Result<T>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        required(i, vocab_opt(r, i)?)
    }

    pub(crate) fn vocab_opt<T>(r: &Row<'_>, i: usize) -> crate::store::db::Result<Option<T>>
    where
        T: FromStr,
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        text(r, i)?
            .map(|s| s.parse().map_err(|e| bad(i, e)))
            .transpose()
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (the shape [`crate::store::ts`] writes) by hand; any other
    /// shape by the RFC 3339 parser.
    pub(crate) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
        let b = s.as_bytes();
        let shaped = b.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z';
        if shaped {
            let n = |a: usize, z: usize| -> Option<u32> {
                b[a..z].iter().try_fold(0u32, |acc, c| {
                    c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
                })
            };
            // Rows read together mostly share their day: the last day read is kept
            // (per thread) and its calendar check not made again.
            thread_local! {
                static LAST_DAY: std::cell::Cell<Option<([u8; 10], NaiveDate)>> =
                    const { std::cell::Cell::new(None) };
            }
            let key: [u8; 10] = b[..10].try_into().ok()?;
            let day = match LAST_DAY.get() {
                Some((k, d)) if k == key => d,
                _ => {
                    let d = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(5, 7)?, n(8, 10)?)?;
                    LAST_DAY.set(Some((key, d)));
                    d
                }
            };
            return Some(
                day.and_hms_opt(n(11, 13)?, n(14, 16)?, n(17, 19)?)?
                    .and_utc(),
            );
        }
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// A UTC time column (RFC 3339 text).
    pub(crate) fn time(r: &Row<'_>, i: usize) -> crate::store::db::Result<DateTime<Utc>> {
        required(i, time_opt(r, i)?)
    }

    pub(crate) fn time_opt(
        r: &Row<'_>,
        i: usize,
    ) -> crate::store::db::Result<Option<DateTime<Utc>>> {
        text(r, i)?
            .map(|s| {
                parse_time(s).ok_or_else(|| {
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

    /// A local calendar date column ('YYYY-MM-DD').
    pub(crate) fn day(r: &Row<'_>, i: usize) -> crate::store::db::Result<NaiveDate> {
        let s: String = r.get(i)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| bad(i, e))
    }

    pub(crate) fn day_opt(r: &Row<'_>, i: usize) -> crate::store::db::Result<Option<NaiveDate>> {
        let s: Option<String> = r.get(i)?;
        s.map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| bad(i, e)))
            .transpose()
    }
}

/// Formats a local calendar date the way `day` columns store it.
pub(crate) fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A booking as entered on the appointment form (预约登记表).
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppointment {
    pub customer_id: i64,
    pub vehicle_id: i64,
    /// The shop's local date of `starts_at`.
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub service: ServiceType,
    pub est_minutes: i64,
    /// The advisor the customer asked for, if any.
    pub advisor_id: Option<i64>,
    pub kind: AppointmentKind,
    pub channel: AppointmentChannel,
    pub parts: PartsStatus,
    pub parts_expected_on: Option<NaiveDate>,
    pub complaint_case: bool,
    pub symptoms: Option<String>,
    pub note: Option<String>,
    /// The catalog package booked (the vehicle's next service due), filled in at
    /// check-in.
    pub package_id: Option<i64>,
}

/// One appointment with the names the screens show next to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppointmentRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    /// 'mr' | 'ms', for the welcome board's "王先生".
    pub customer_salutation: Option<String>,
    /// The customer's phone (normalised digits), for the reminder call.
    pub customer_phone: Option<String>,
    pub vehicle_id: i64,
    pub plate: String,
    pub make: Option<String>,
    pub model: Option<String>,
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub service: ServiceType,
    pub est_minutes: i64,
    pub advisor_id: Option<i64>,
    pub advisor_name: Option<String>,
    pub kind: AppointmentKind,
    pub channel: AppointmentChannel,
    pub parts: PartsStatus,
    pub parts_expected_on: Option<NaiveDate>,
    pub complaint_case: bool,
    pub symptoms: Option<String>,
    pub note: Option<String>,
    pub state: AppointmentState,
    pub rescheduled_from: Option<i64>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub reminder_outcome: Option<ReminderOutcome>,
    pub reminder_note: Option<String>,
    pub override_reason: Option<String>,
    pub override_by: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
    /// The catalog package booked, if any.
    pub package_id: Option<i64>,
}

const SELECT: &str = "SELECT a.id, a.customer_id, c.name, c.salutation, a.vehicle_id, v.plate, \
     v.make, v.model, a.day, a.starts_at, a.service, a.est_minutes, a.advisor_id, s.name, \
     a.kind, a.channel, a.parts, a.parts_expected_on, a.complaint_case, a.symptoms, a.note, \
     a.state, a.rescheduled_from, a.reminded_at, a.reminder_outcome, a.reminder_note, \
     a.override_reason, a.override_by, a.version, a.created_at, a.created_by, a.updated_at, \
     a.updated_by, c.phone, a.package_id \
     FROM appointments a \
     JOIN customers c ON c.id = a.customer_id \
     JOIN vehicles v ON v.id = a.vehicle_id \
     LEFT JOIN staff s ON s.id = a.advisor_id";

fn from_row(r: &Row<'_>) -> crate::store::db::Result<AppointmentRow> {
    Ok(AppointmentRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        customer_salutation: r.get(3)?,
        customer_phone: r.get(33)?,
        vehicle_id: r.get(4)?,
        plate: r.get(5)?,
        make: r.get(6)?,
        model: r.get(7)?,
        day: col::day(r, 8)?,
        starts_at: col::time(r, 9)?,
        service: col::vocab(r, 10)?,
        est_minutes: r.get(11)?,
        advisor_id: r.get(12)?,
        advisor_name: r.get(13)?,
        kind: col::vocab(r, 14)?,
        channel: col::vocab(r, 15)?,
        parts: col::vocab(r, 16)?,
        parts_expected_on: col::day_opt(r, 17)?,
        complaint_case: r.get(18)?,
        symptoms: r.get(19)?,
        note: r.get(20)?,
        state: col::vocab(r, 21)?,
        rescheduled_from: r.get(22)?,
        reminded_at: col::time_opt(r, 23)?,
        reminder_outcome: col::vocab_opt(r, 24)?,
        reminder_note: r.get(25)?,
        override_reason: r.get(26)?,
        override_by: r.get(27)?,
        version: r.get(28)?,
        created_at: col::time(r, 29)?,
        created_by: r.get(30)?,
        updated_at: col::time(r, 31)?,
        updated_by: r.get(32)?,
        package_id: r.get(34)?,
    })
}

/// Books an appointment in `state` (usually booked or confirmed). The vehicle must
/// belong to the customer.
pub fn insert(tx: &Tx<'_>, a: &NewAppointment, state: AppointmentState) -> Result<i64> {
    insert_inner(tx, a, state, None, None)
}

/// Books past the day's bookable hours: the reason and the acting staff member are
/// recorded on the appointment (domain.md §1: "overridden knowingly").
pub fn insert_override(
    tx: &Tx<'_>,
    a: &NewAppointment,
    state: AppointmentState,
    reason: &str,
) -> Result<i64> {
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "booking past the day's capacity needs a reason".into(),
        ));
    }
    insert_inner(tx, a, state, Some(reason.trim()), None)
}

/// Moves appointment `id` to a new booking: the old one becomes `rescheduled`, the new one
/// (in state `booked`) points back to it. Returns the new id.
pub fn reschedule(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    new: &NewAppointment,
) -> Result<i64> {
    set_state(tx, id, expected_version, AppointmentState::Rescheduled)?;
    insert_inner(tx, new, AppointmentState::Booked, None, Some(id))
}

fn insert_inner(
    tx: &Tx<'_>,
    a: &NewAppointment,
    state: AppointmentState,
    override_reason: Option<&str>,
    rescheduled_from: Option<i64>,
) -> Result<i64> {
    let actor = tx.require_actor()?;
    if a.est_minutes <= 0 {
        return Err(StoreError::Invalid(
            "the estimated labour time must be more than 0 minutes".into(),
        ));
    }
    let owner: Option<i64> = tx
        .conn()
        .prepare_cached("SELECT customer_id FROM vehicles WHERE id = ?1")?
        .query_row([a.vehicle_id], |r| r.get(0))
        .optional()?;
    match owner {
        None => {
            return Err(StoreError::NotFound {
                entity: "vehicles",
                id: a.vehicle_id,
            });
        }
        Some(c) if c != a.customer_id => {
            return Err(StoreError::Invalid(format!(
                "vehicle {} does not belong to customer {}",
                a.vehicle_id, a.customer_id
            )));
        }
        Some(_) => {}
    }
    let now = tx.now_text().to_string();
    tx.conn()
        .prepare_cached(
            "INSERT INTO appointments (customer_id, vehicle_id, day, starts_at, service, \
             est_minutes, advisor_id, kind, channel, parts, parts_expected_on, complaint_case, \
             symptoms, note, state, rescheduled_from, override_reason, override_by, \
             created_at, created_by, updated_at, updated_by, package_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
             ?17, ?18, ?19, ?20, ?19, ?20, ?21)",
        )?
        .insert(params![
            a.customer_id,
            a.vehicle_id,
            day_text(a.day),
            ts(a.starts_at),
            a.service.as_str(),
            a.est_minutes,
            a.advisor_id,
            a.kind.as_str(),
            a.channel.as_str(),
            a.parts.as_str(),
            a.parts_expected_on.map(day_text),
            a.complaint_case,
            a.symptoms,
            a.note,
            state.as_str(),
            rescheduled_from,
            override_reason,
            override_reason.map(|_| actor),
            now,
            actor,
            a.package_id,
        ])?;
    let id = tx.conn().last_insert_rowid();
    tx.audit(
        "create",
        "appointments",
        Some(id),
        json!({
            "day": day_text(a.day),
            "starts_at": ts(a.starts_at),
            "vehicle_id": a.vehicle_id,
            "service": a.service.as_str(),
            "est_minutes": a.est_minutes,
            "state": state.as_str(),
            "override_reason": override_reason,
            "rescheduled_from": rescheduled_from,
        }),
    )?;
    Ok(id)
}

/// One appointment.
pub fn get(conn: &Connection, id: i64) -> Result<Option<AppointmentRow>> {
    let sql = format!("{SELECT} WHERE a.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// The appointments of one local day, by start time.
pub fn list_day(conn: &Connection, day: NaiveDate) -> Result<Vec<AppointmentRow>> {
    let sql = format!("{SELECT} WHERE a.day = ?1 ORDER BY a.starts_at, a.id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([day_text(day)], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every appointment in id order, one at a time (for exports).
pub fn all(conn: &Connection, mut f: impl FnMut(AppointmentRow) -> Result<()>) -> Result<()> {
    let sql = format!("{SELECT} ORDER BY a.id");
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        f(from_row(r)?)?;
    }
    Ok(())
}

/// Minutes booked on `day` by appointments that still take workshop time (not
/// cancelled, rescheduled or no-show).
pub fn booked_minutes(conn: &Connection, day: NaiveDate) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT COALESCE(SUM(est_minutes), 0) FROM appointments \
             WHERE day = ?1 AND state NOT IN ('cancelled', 'rescheduled', 'no_show')",
        )?
        .query_row([day_text(day)], |r| r.get(0))?)
}

/// The state and version of appointment `id`.
fn state_of(tx: &Tx<'_>, id: i64) -> Result<(AppointmentState, i64)> {
    tx.conn()
        .prepare_cached("SELECT state, version FROM appointments WHERE id = ?1")?
        .query_row([id], |r| Ok((col::vocab(r, 0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: "appointments",
            id,
        })
}

/// Refuses a state change the domain does not allow.
fn check_transition(from: AppointmentState, to: AppointmentState) -> Result<()> {
    transition(from, to).map_err(|_| StoreError::Transition {
        entity: "appointment",
        from: from.as_str(),
        to: to.as_str(),
    })
}

/// Moves appointment `id` to `to` when the domain's [`transition`] allows it
/// (otherwise [`StoreError::Transition`], the row untouched). A stale `expected_version`
/// gives [`StoreError::Conflict`]. The audit row records who and when.
pub fn set_state(tx: &Tx<'_>, id: i64, expected_version: i64, to: AppointmentState) -> Result<()> {
    let (from, version) = state_of(tx, id)?;
    // With a stale version the conflict is the news, not the rule (the row moved on).
    if version == expected_version {
        check_transition(from, to)?;
    }
    tx.bump_version("appointments", id, expected_version)?;
    tx.conn()
        .prepare_cached("UPDATE appointments SET state = ?1 WHERE id = ?2")?
        .execute(params![to.as_str(), id])?;
    tx.audit(
        "state",
        "appointments",
        Some(id),
        json!({ "from": from.as_str(), "to": to.as_str() }),
    )
}

/// Records the day-before reminder call. `confirmed` moves a booked appointment to
/// confirmed and `cancelled` cancels it; `rescheduled` and `unreachable` leave the state
/// alone (a reschedule books the new slot with [`reschedule`]).
pub fn record_reminder(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    outcome: ReminderOutcome,
    note: Option<&str>,
) -> Result<()> {
    let (state, version) = state_of(tx, id)?;
    let new_state = match outcome {
        ReminderOutcome::Confirmed if state == AppointmentState::Booked => {
            AppointmentState::Confirmed
        }
        ReminderOutcome::Cancelled => AppointmentState::Cancelled,
        _ => state,
    };
    if version == expected_version && new_state != state {
        check_transition(state, new_state)?;
    }
    tx.bump_version("appointments", id, expected_version)?;
    let new_state = new_state.as_str();
    tx.conn()
        .prepare_cached(
            "UPDATE appointments SET reminded_at = ?1, reminder_outcome = ?2, \
             reminder_note = ?3, state = ?4 WHERE id = ?5",
        )?
        .execute(params![
            tx.now_text(),
            outcome.as_str(),
            note,
            new_state,
            id
        ])?;
    tx.audit(
        "reminder",
        "appointments",
        Some(id),
        json!({ "outcome": outcome.as_str(), "note": note, "state": new_state }),
    )
}

/// Capacity settings of one local day. A day without a row uses the configured defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCapacity {
    pub day: NaiveDate,
    pub technicians: i64,
    pub minutes_per_tech: i64,
    pub productivity_pct: i64,
    pub booking_rate_pct: i64,
    /// Local opening time, "HH:MM".
    pub opens_at: String,
    pub closes_at: String,
    pub closed: bool,
    pub note: Option<String>,
}

impl DayCapacity {
    /// The manual's worked example: 10 technicians × 8 h × 100 %, booking rate 80 %,
    /// open 08:30–17:30.
    pub fn manual_default(day: NaiveDate) -> DayCapacity {
        DayCapacity {
            day,
            technicians: 10,
            minutes_per_tech: 480,
            productivity_pct: 100,
            booking_rate_pct: 80,
            opens_at: "08:30".into(),
            closes_at: "17:30".into(),
            closed: false,
            note: None,
        }
    }
}

fn valid_hhmm(s: &str) -> bool {
    chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok() && s.len() == 5
}

/// Creates or replaces the capacity settings of `c.day`.
pub fn upsert_day_capacity(tx: &Tx<'_>, c: &DayCapacity) -> Result<()> {
    let actor = tx.require_actor()?;
    if !valid_hhmm(&c.opens_at) || !valid_hhmm(&c.closes_at) {
        return Err(StoreError::Invalid(format!(
            "opening hours must be HH:MM (got {:?}–{:?})",
            c.opens_at, c.closes_at
        )));
    }
    if c.opens_at >= c.closes_at {
        return Err(StoreError::Invalid(format!(
            "the shop must open before it closes ({}–{})",
            c.opens_at, c.closes_at
        )));
    }
    if c.technicians < 0
        || c.minutes_per_tech < 0
        || !(0..=200).contains(&c.productivity_pct)
        || !(0..=100).contains(&c.booking_rate_pct)
    {
        return Err(StoreError::Invalid(
            "capacity figures out of range (technicians and minutes ≥ 0, productivity 0–200 %, booking rate 0–100 %)"
                .into(),
        ));
    }
    tx.conn()
        .prepare_cached(
            "INSERT INTO day_capacity (day, technicians, minutes_per_tech, productivity_pct, \
             booking_rate_pct, opens_at, closes_at, closed, note, created_at, created_by, \
             updated_at, updated_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11) \
             ON CONFLICT(day) DO UPDATE SET technicians = excluded.technicians, \
             minutes_per_tech = excluded.minutes_per_tech, \
             productivity_pct = excluded.productivity_pct, \
             booking_rate_pct = excluded.booking_rate_pct, opens_at = excluded.opens_at, \
             closes_at = excluded.closes_at, closed = excluded.closed, note = excluded.note, \
             version = day_capacity.version + 1, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )?
        .execute(params![
            day_text(c.day),
            c.technicians,
            c.minutes_per_tech,
            c.productivity_pct,
            c.booking_rate_pct,
            c.opens_at,
            c.closes_at,
            c.closed,
            c.note,
            tx.now_text(),
            actor,
        ])?;
    tx.audit(
        "set",
        "day_capacity",
        None,
        json!({
            "day": day_text(c.day),
            "technicians": c.technicians,
            "minutes_per_tech": c.minutes_per_tech,
            "productivity_pct": c.productivity_pct,
            "booking_rate_pct": c.booking_rate_pct,
            "opens_at": c.opens_at,
            "closes_at": c.closes_at,
            "closed": c.closed,
        }),
    )
}

const CAPACITY_SELECT: &str = "SELECT day, technicians, minutes_per_tech, productivity_pct, \
     booking_rate_pct, opens_at, closes_at, closed, note FROM day_capacity";

fn capacity_from_row(r: &Row<'_>) -> crate::store::db::Result<DayCapacity> {
    Ok(DayCapacity {
        day: col::day(r, 0)?,
        technicians: r.get(1)?,
        minutes_per_tech: r.get(2)?,
        productivity_pct: r.get(3)?,
        booking_rate_pct: r.get(4)?,
        opens_at: r.get(5)?,
        closes_at: r.get(6)?,
        closed: r.get(7)?,
        note: r.get(8)?,
    })
}

/// The stored settings of `day`, if any (`None`: use the configured defaults).
pub fn day_capacity(conn: &Connection, day: NaiveDate) -> Result<Option<DayCapacity>> {
    let sql = format!("{CAPACITY_SELECT} WHERE day = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([day_text(day)], capacity_from_row)
        .optional()?)
}

/// Stored settings for the days `from..=to`, by day.
pub fn day_capacities(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DayCapacity>> {
    let mut st = conn.prepare_cached(&week_sql()[1])?;
    let rows = st.query_map([day_text(from), day_text(to)], capacity_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// States that no longer take workshop time (SQL list for `state NOT IN (…)`).
const NOT_LIVE: &str = "('cancelled', 'rescheduled', 'no_show')";

fn hhmm(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .map_err(|e| StoreError::Invalid(format!("bad stored opening time {s:?}: {e}")))
}

fn stored_u32(what: &str, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| StoreError::Invalid(format!("bad stored {what}: {v}")))
}

impl DayCapacity {
    /// The domain's view of these settings.
    pub fn to_policy(&self) -> Result<CapacityPolicy> {
        Ok(CapacityPolicy {
            technicians: stored_u32("technicians", self.technicians)?,
            minutes_per_tech: stored_u32("minutes per technician", self.minutes_per_tech)?,
            productivity_pct: stored_u32("productivity", self.productivity_pct)?,
            booking_rate_pct: stored_u32("booking rate", self.booking_rate_pct)?,
            opens_at: hhmm(&self.opens_at)?,
            closes_at: hhmm(&self.closes_at)?,
            closed: self.closed,
        })
    }

    /// Stored settings of `day` from the domain's policy.
    pub fn from_policy(day: NaiveDate, p: &CapacityPolicy, note: Option<&str>) -> DayCapacity {
        DayCapacity {
            day,
            technicians: p.technicians.into(),
            minutes_per_tech: p.minutes_per_tech.into(),
            productivity_pct: p.productivity_pct.into(),
            booking_rate_pct: p.booking_rate_pct.into(),
            opens_at: p.opens_at.format("%H:%M").to_string(),
            closes_at: p.closes_at.format("%H:%M").to_string(),
            closed: p.closed,
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(Into::into),
        }
    }
}

/// The capacity policy of `day`: its stored settings, or `default` when it has none.
pub fn policy_for(
    conn: &Connection,
    day: NaiveDate,
    default: &dyn DayDefaults,
) -> Result<CapacityPolicy> {
    let mut p = match day_capacity(conn, day)? {
        Some(c) => c.to_policy()?,
        None => default.policy_on(day),
    };
    // A holiday closes the day, whatever its own settings say.
    p.closed |= default.holiday(day);
    Ok(p)
}

/// Stores the capacity policy of `day` (validated by the domain; a refused policy is
/// [`StoreError::Invalid`] with the domain's message). Bumps the row's version and audits.
pub fn set_policy(
    tx: &Tx<'_>,
    day: NaiveDate,
    policy: &CapacityPolicy,
    note: Option<&str>,
) -> Result<()> {
    policy
        .validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    upsert_day_capacity(tx, &DayCapacity::from_policy(day, policy, note))
}

/// Books `new` (state booked) after checking the day's capacity, in the caller's one
/// IMMEDIATE transaction, so two counters booking the last hours of a day at once cannot
/// both get them.
///
/// Past the bookable minutes the booking is refused with [`StoreError::OverCapacity`],
/// unless `override_reason` is given (non-blank) and the acting staff member is a
/// supervisor or manager ([`StoreError::NotAllowed`] otherwise): then the reason and who
/// overrode are stored on the appointment and an "override" audit row is written.
/// A closed day takes no bookings, override or not.
pub fn book(
    tx: &Tx<'_>,
    new: &NewAppointment,
    default: &dyn DayDefaults,
    override_reason: Option<&str>,
) -> Result<i64> {
    book_inner(tx, new, default, override_reason, None)
}

/// [`reschedule`] with the capacity check of [`book`]: appointment `id` becomes
/// `rescheduled` (its minutes leave its day first, so moving within the same day counts
/// only once) and `new` is booked pointing back to it, all in the caller's transaction.
pub fn reschedule_checked(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    new: &NewAppointment,
    default: &dyn DayDefaults,
    override_reason: Option<&str>,
) -> Result<i64> {
    set_state(tx, id, expected_version, AppointmentState::Rescheduled)?;
    book_inner(tx, new, default, override_reason, Some(id))
}

/// The same car twice in one slot is refused (checked in the booking's transaction, so
/// two counters cannot both book it).
fn check_slot(tx: &Tx<'_>, new: &NewAppointment, rescheduled_from: Option<i64>) -> Result<()> {
    if same_day_for_vehicle(tx.conn(), new.vehicle_id, new.day, rescheduled_from)?
        .iter()
        .any(|a| a.starts_at == new.starts_at)
    {
        return Err(StoreError::Duplicate {
            what: "slot",
            value: ts(new.starts_at),
        });
    }
    Ok(())
}

fn book_inner(
    tx: &Tx<'_>,
    new: &NewAppointment,
    default: &dyn DayDefaults,
    override_reason: Option<&str>,
    rescheduled_from: Option<i64>,
) -> Result<i64> {
    let actor = tx.require_actor()?;
    let policy = policy_for(tx.conn(), new.day, default)?;
    let booked = booked_minutes(tx.conn(), new.day)?;
    let closed = policy.closed;
    let load = DayLoad {
        booked_minutes: booked,
        policy,
    };
    let check = if closed {
        CapacityCheck::Over {
            booked,
            bookable: 0,
            requested: new.est_minutes,
        }
    } else {
        load.check(new.est_minutes)
    };
    let (booked, bookable, requested) = match check {
        CapacityCheck::Fits => {
            check_slot(tx, new, rescheduled_from)?;
            return insert_inner(tx, new, AppointmentState::Booked, None, rescheduled_from);
        }
        CapacityCheck::Over {
            booked,
            bookable,
            requested,
        } => (booked, bookable, requested),
    };
    let over = StoreError::OverCapacity {
        day: new.day,
        booked,
        bookable,
        requested,
    };
    let Some(reason) = override_reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return Err(over);
    };
    if closed {
        return Err(StoreError::Invalid(format!(
            "the shop is closed on {}; open the day in the capacity settings before booking it",
            new.day
        )));
    }
    let who = staff::by_id(tx.conn(), actor)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id: actor,
    })?;
    if !matches!(who.role, StaffRole::Supervisor | StaffRole::Manager) || !who.active {
        return Err(StoreError::NotAllowed(format!(
            "{} is full ({booked} of {bookable} bookable minutes taken); only a supervisor or \
             manager may book past capacity, and {} is {}",
            new.day,
            who.name,
            who.role.as_str()
        )));
    }
    check_slot(tx, new, rescheduled_from)?;
    let id = insert_inner(
        tx,
        new,
        AppointmentState::Booked,
        Some(reason),
        rescheduled_from,
    )?;
    tx.audit(
        "override",
        "appointments",
        Some(id),
        json!({
            "day": day_text(new.day),
            "reason": reason,
            "booked": booked,
            "bookable": bookable,
            "requested": requested,
        }),
    )?;
    Ok(id)
}

/// The live appointments (not cancelled, rescheduled or no-show) of `vehicle_id` on
/// `day`, except `except`, by time: for the "this car is already booked that day" warning.
pub fn same_day_for_vehicle(
    conn: &Connection,
    vehicle_id: i64,
    day: NaiveDate,
    except: Option<i64>,
) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{SELECT} WHERE a.vehicle_id = ?1 AND a.day = ?2 AND a.state NOT IN {NOT_LIVE} \
         AND (CAST(?3 AS BIGINT) IS NULL OR a.id <> ?3) ORDER BY a.starts_at, a.id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params![vehicle_id, day_text(day), except], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Booked minutes and policy of each of the `days` days from `from`: one grouped query
/// for the minutes, one for the stored settings.
/// The statements of [`week`] (each takes the first and the last day): the booked
/// minutes by day, and the days with capacity settings of their own.
pub fn week_sql() -> [String; 2] {
    [
        format!(
            "SELECT day, SUM(est_minutes) FROM appointments \
             WHERE day BETWEEN ?1 AND ?2 AND state NOT IN {NOT_LIVE} GROUP BY day"
        ),
        format!("{CAPACITY_SELECT} WHERE day BETWEEN ?1 AND ?2 ORDER BY day"),
    ]
}

pub fn week(
    conn: &Connection,
    from: NaiveDate,
    days: u32,
    default: &dyn DayDefaults,
) -> Result<Vec<(NaiveDate, DayLoad)>> {
    if days == 0 {
        return Ok(Vec::new());
    }
    let to = from + chrono::Days::new(u64::from(days) - 1);
    let booked: HashMap<NaiveDate, i64> = {
        let mut st = conn.prepare_cached(&week_sql()[0])?;
        let rows = st.query_map([day_text(from), day_text(to)], |r| {
            Ok((col::day(r, 0)?, r.get(1)?))
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let mut policies = HashMap::new();
    for c in day_capacities(conn, from, to)? {
        policies.insert(c.day, c.to_policy()?);
    }
    Ok(from
        .iter_days()
        .take(days as usize)
        .map(|d| {
            let mut policy = policies.remove(&d).unwrap_or_else(|| default.policy_on(d));
            policy.closed |= default.holiday(d);
            let load = DayLoad {
                booked_minutes: booked.get(&d).copied().unwrap_or(0),
                policy,
            };
            (d, load)
        })
        .collect())
}

/// Appointments on `day` still waiting for their day-before reminder call (booked or
/// confirmed, not yet reminded), by time.
pub fn reminders_due(conn: &Connection, day: NaiveDate) -> Result<Vec<AppointmentRow>> {
    let sql = format!(
        "{SELECT} WHERE a.day = ?1 AND a.state IN ('booked', 'confirmed') \
         AND a.reminded_at IS NULL ORDER BY a.starts_at, a.id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([day_text(day)], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How far ahead [`first_free_day`] looks.
pub const FREE_DAY_HORIZON: u32 = 30;

/// The first day from `from` (within [`FREE_DAY_HORIZON`] days) with room for
/// `requested` minutes; closed and full days are skipped. Loads the whole horizon with
/// [`week`] (two queries), then lets the domain choose.
pub fn first_free_day(
    conn: &Connection,
    from: NaiveDate,
    requested: i64,
    default: &dyn DayDefaults,
) -> Result<Option<NaiveDate>> {
    let loads: HashMap<NaiveDate, DayLoad> = week(conn, from, FREE_DAY_HORIZON, default)?
        .into_iter()
        .collect();
    // The domain looks at exactly FREE_DAY_HORIZON days from `from`, all loaded above.
    Ok(first_day_with_room(
        from,
        requested,
        FREE_DAY_HORIZON.into(),
        |d: NaiveDate| {
            loads.get(&d).copied().unwrap_or(DayLoad {
                booked_minutes: 0,
                policy: default.policy_on(d),
            })
        },
    ))
}

// ---------------------------------------------------------------------------------------
// The transactions and reads the appointment board asks for, one named function each.
// ---------------------------------------------------------------------------------------

/// A booking as the board saves it: for a customer and vehicle on file, or a new one
/// created in the same transaction; optionally rescheduling an earlier appointment.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    /// Created with the booking; `appointment.customer_id`/`vehicle_id` are then ignored.
    pub new_customer: Option<crate::store::customers::NewCustomerVehicle>,
    pub appointment: NewAppointment,
    pub override_reason: Option<String>,
    /// Rescheduling this appointment (id, version) instead of booking a new one.
    pub reschedule_of: Option<(i64, i64)>,
}

/// Saves `b` in one IMMEDIATE transaction: the new customer and vehicle if any, then the
/// capacity-checked booking (or reschedule). Returns the new appointment's id.
///
/// The day's capacity comes from the shop's settings read inside the same transaction,
/// so a holiday or new opening hours saved at another counter a moment ago are obeyed.
pub fn save_booking(
    store: &mut crate::store::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    b: &Booking,
) -> Result<i64> {
    store.write(actor, now, |tx| {
        let shop = crate::store::settings::load(tx.conn())?;
        let default: &dyn DayDefaults = &shop;
        let mut a = b.appointment.clone();
        if let Some(n) = &b.new_customer {
            (a.customer_id, a.vehicle_id) =
                crate::store::customers::create_customer_with_vehicle(tx, n)?;
        }
        match b.reschedule_of {
            Some((old, version)) => {
                reschedule_checked(tx, old, version, &a, default, b.override_reason.as_deref())
            }
            None => book(tx, &a, default, b.override_reason.as_deref()),
        }
    })
}

/// The appointments of `day` with its load (booked minutes and policy), in one snapshot.
pub fn day_board(
    store: &mut crate::store::Store,
    day: NaiveDate,
    default: &dyn DayDefaults,
) -> Result<(Vec<AppointmentRow>, DayLoad)> {
    store.read(|c| {
        let policy = policy_for(c, day, default)?;
        let booked = booked_minutes(c, day)?;
        Ok((
            list_day(c, day)?,
            DayLoad {
                booked_minutes: booked,
                policy,
            },
        ))
    })
}

/// What the booking form shows about a day while it is being filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct DayProbe {
    pub day: NaiveDate,
    pub minutes: i64,
    pub load: DayLoad,
    /// First day from today with room for `minutes` (None: none within the horizon).
    pub first_free: Option<NaiveDate>,
    /// Live appointments of the same vehicle on that day.
    pub same_day: Vec<AppointmentRow>,
}

/// Reads `day`'s load, the first day from `today` with room for `minutes`, and the
/// vehicle's other appointments that day, in one snapshot.
pub fn probe(
    store: &mut crate::store::Store,
    day: NaiveDate,
    today: NaiveDate,
    minutes: i64,
    vehicle_id: Option<i64>,
    default: &dyn DayDefaults,
) -> Result<DayProbe> {
    store.read(|c| {
        let policy = policy_for(c, day, default)?;
        let booked = booked_minutes(c, day)?;
        let first_free = first_free_day(c, today, minutes, default)?;
        let same_day = match vehicle_id {
            Some(v) => same_day_for_vehicle(c, v, day, None)?,
            None => vec![],
        };
        Ok(DayProbe {
            day,
            minutes,
            load: DayLoad {
                booked_minutes: booked,
                policy,
            },
            first_free,
            same_day,
        })
    })
}

/// The reminder calls to make today: the next open day after `today` (within a month)
/// and its appointments still waiting for the day-before call.
pub fn reminder_calls(
    store: &mut crate::store::Store,
    today: NaiveDate,
    default: &dyn DayDefaults,
) -> Result<(Option<NaiveDate>, Vec<AppointmentRow>)> {
    store.read(|c| {
        let days = week(c, today + chrono::Duration::days(1), 31, default)?;
        let open: HashMap<NaiveDate, bool> =
            days.iter().map(|(d, l)| (*d, !l.policy.closed)).collect();
        let day = crate::domain::appointment::reminder_day(today, |d| {
            open.get(&d).copied().unwrap_or(true)
        });
        let rows = match day {
            Some(d) => reminders_due(c, d)?,
            None => vec![],
        };
        Ok((day, rows))
    })
}

/// Moves appointment `id` (loaded at `version`) to `to`, in one transaction.
pub fn change_state(
    store: &mut crate::store::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    to: AppointmentState,
) -> Result<()> {
    store.write(actor, now, |tx| set_state(tx, id, version, to))
}

/// Records a reminder call's outcome, in one transaction.
#[allow(clippy::too_many_arguments)]
pub fn save_reminder(
    store: &mut crate::store::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    outcome: ReminderOutcome,
    note: Option<&str>,
) -> Result<()> {
    store.write(actor, now, |tx| {
        record_reminder(tx, id, version, outcome, note)
    })
}

/// Stores `day`'s capacity settings, in one transaction.
pub fn save_policy(
    store: &mut crate::store::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    day: NaiveDate,
    policy: &CapacityPolicy,
) -> Result<()> {
    store.write(actor, now, |tx| set_policy(tx, day, policy, None))
}

/// Today's expected arrivals for the check-in: booked, confirmed or arrived (marked on the
/// board, not yet checked in) appointments of `day`.
pub fn arrivals(conn: &Connection, day: NaiveDate) -> Result<Vec<AppointmentRow>> {
    Ok(list_day(conn, day)?
        .into_iter()
        .filter(|a| a.state.awaits_check_in())
        .collect())
}

/// A supervisor's correction: appointment `id` (loaded at `version`), marked no-show by
/// mistake, goes back to booked. Only a supervisor or manager may do it, with a reason;
/// the audit row keeps both. One transaction.
pub fn undo_no_show(
    store: &mut crate::store::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Invalid(
            "undoing a no-show needs a reason".into(),
        ));
    }
    store.write(actor, now, |tx| {
        let actor = tx.require_actor()?;
        let who = staff::by_id(tx.conn(), actor)?.ok_or(StoreError::NotFound {
            entity: "staff",
            id: actor,
        })?;
        if !matches!(who.role, StaffRole::Supervisor | StaffRole::Manager) || !who.active {
            return Err(StoreError::NotAllowed(format!(
                "only a supervisor or manager may undo a no-show, and {} is {}",
                who.name,
                who.role.as_str()
            )));
        }
        let (from, current) = state_of(tx, id)?;
        if current == version && from != AppointmentState::NoShow {
            return Err(StoreError::Transition {
                entity: "appointment",
                from: from.as_str(),
                to: AppointmentState::Booked.as_str(),
            });
        }
        tx.bump_version("appointments", id, version)?;
        tx.conn()
            .prepare_cached("UPDATE appointments SET state = 'booked' WHERE id = ?1")?
            .execute([id])?;
        tx.audit(
            "undo_no_show",
            "appointments",
            Some(id),
            json!({ "from": from.as_str(), "to": "booked", "reason": reason }),
        )
    })
}
