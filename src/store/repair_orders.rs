//! Repair orders (维修委托书): the order with its lines, the walk-around record (环车检查)
//! and the timestamped state history; and the gap-free daily numbering shared with
//! complaints.
//!
//! Money is integer cents; quantities (hours or pieces) are hundredths. A line's amount is
//! `quantity_centi × unit_price_cents / 100`, rounded half up to the cent; the order's
//! `total_cents` sums the lines without the claim mark S (warranty pays those:
//! `claim_cents`). Only approved lines count (signed with the order, or approved later):
//! a proposed line waits for the customer and a declined one was refused.

use crate::store::db::{Connection, Engine, OptionalExtension, Row, params};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::appointments::{col, day_text};
use super::{Result, StoreError, Tx, ts};
use crate::domain::kinds::{
    DamageKind, FuelLevel, LineKind, PaymentMethod, RepairOrderState, WaitingMode,
};

/// Hands out the next number of `prefix` for the local `day`: `{prefix}-{YYYYMMDD}-{NNNN}`,
/// starting at 0001 each day. The read-and-increment is one statement inside the caller's
/// IMMEDIATE transaction, so numbers are unique and, because a rolled-back transaction
/// also rolls back its increment, gap-free.
pub(crate) fn next_number(tx: &Tx<'_>, prefix: &str, day: NaiveDate) -> Result<String> {
    let n: i64 = tx
        .conn()
        .prepare_cached(
            "INSERT INTO number_sequences (prefix, day, last) VALUES (?1, ?2, 1) \
             ON CONFLICT(prefix, day) DO UPDATE SET last = number_sequences.last + 1 RETURNING last",
        )?
        .query_row(params![prefix, day_text(day)], |r| r.get(0))?;
    Ok(format!("{prefix}-{}-{n:04}", day.format("%Y%m%d")))
}

/// One line of the estimate / invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub kind: LineKind,
    pub description: String,
    /// Hours (labour) or pieces (parts) × 100.
    pub quantity_centi: i64,
    /// Rate per hour or price per piece, in cents.
    pub unit_price_cents: i64,
    /// Warranty claim line (索赔标志 S).
    pub claim: bool,
    /// The appointment's service the line was copied from.
    pub service: Option<crate::domain::kinds::ServiceType>,
    /// The job catalog's unit price when the line was filled from it.
    pub catalog_price_cents: Option<i64>,
    /// The catalog entry it was filled from (part number or operation code).
    pub catalog_code: Option<String>,
}

/// The walk-around record (环车检查 / 预检单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWalkaround {
    pub fuel_level: FuelLevel,
    pub warning_lights: String,
    pub tools_present: bool,
    pub lighter_present: bool,
    pub valuables_removed: bool,
    pub return_old_parts: bool,
    pub wash: bool,
    pub engine_bay_clean: bool,
    pub note: Option<String>,
    /// (zone, kind, note) marks on the vehicle diagram.
    pub damage: Vec<(String, DamageKind, Option<String>)>,
}

/// A repair order as written at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepairOrder {
    pub customer_id: i64,
    pub vehicle_id: i64,
    pub appointment_id: Option<i64>,
    pub advisor_id: i64,
    /// The earlier order of the same vehicle this one comes back for (返修).
    pub comeback_of: Option<i64>,
    /// A comeback's lines are charged to the customer (true) or borne by the shop,
    /// internal / goodwill (false); `None` when it is no comeback.
    pub comeback_charged: Option<bool>,
    /// 客户描述: the customer's own words.
    pub customer_description: String,
    /// 故障原因: the advisor's diagnosis.
    pub diagnosis: String,
    pub odometer_km: i64,
    /// Required when `odometer_km` is below the vehicle's last reading.
    pub odometer_correction: Option<String>,
    pub promised_at: DateTime<Utc>,
    pub estimate_cents: i64,
    pub contact_during: Option<String>,
    pub waiting_mode: WaitingMode,
    pub payment_method: PaymentMethod,
    pub next_service_km: Option<i64>,
    pub next_service_on: Option<NaiveDate>,
    /// When the customer signed; signed_by becomes the acting staff member.
    pub signed_at: Option<DateTime<Utc>>,
    pub lines: Vec<NewLine>,
    pub walkaround: NewWalkaround,
}

/// One repair order with the names the screens show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairOrderRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub vehicle_id: i64,
    pub plate: String,
    pub make: Option<String>,
    pub model: Option<String>,
    pub appointment_id: Option<i64>,
    pub advisor_id: i64,
    pub advisor_name: String,
    pub technician_id: Option<i64>,
    pub technician_name: Option<String>,
    pub bay: Option<String>,
    pub state: RepairOrderState,
    pub comeback_of: Option<i64>,
    pub is_comeback: bool,
    /// See [`NewRepairOrder::comeback_charged`].
    pub comeback_charged: Option<bool>,
    pub customer_description: String,
    pub diagnosis: String,
    pub odometer_km: i64,
    pub odometer_correction: Option<String>,
    pub promised_at: DateTime<Utc>,
    pub estimate_cents: i64,
    /// Sum of the lines without the claim mark.
    pub total_cents: i64,
    /// Sum of the claim (S) lines.
    pub claim_cents: i64,
    pub contact_during: Option<String>,
    pub waiting_mode: WaitingMode,
    pub payment_method: PaymentMethod,
    pub next_service_km: Option<i64>,
    pub next_service_on: Option<NaiveDate>,
    pub delivery_spot: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<i64>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineRow {
    pub id: i64,
    pub position: i64,
    pub kind: LineKind,
    pub description: String,
    pub quantity_centi: i64,
    pub unit_price_cents: i64,
    pub claim: bool,
    /// quantity × price, rounded half up to the cent.
    pub amount_cents: i64,
    /// The appointment's service the line was copied from.
    pub service: Option<crate::domain::kinds::ServiceType>,
    /// The job catalog's unit price when the line was filled from it (a different
    /// `unit_price_cents` is a price changed by hand).
    pub catalog_price_cents: Option<i64>,
    /// The catalog entry it was filled from (part number or operation code).
    pub catalog_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub staff_id: i64,
    pub staff_name: String,
    pub from_state: Option<RepairOrderState>,
    pub to_state: RepairOrderState,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamageRow {
    pub zone: String,
    pub kind: DamageKind,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkaroundRow {
    pub fuel_level: FuelLevel,
    pub warning_lights: String,
    pub tools_present: bool,
    pub lighter_present: bool,
    pub valuables_removed: bool,
    pub return_old_parts: bool,
    pub wash: bool,
    pub engine_bay_clean: bool,
    pub note: Option<String>,
    pub damage: Vec<DamageRow>,
}

/// A line's amount in SQL, matching [`line_amount_cents`].
const LINE_AMOUNT: &str = "((l.quantity_centi * l.unit_price_cents + 50) / 100)";

/// quantity_centi × unit_price_cents / 100, rounded half up to the cent.
pub fn line_amount_cents(quantity_centi: i64, unit_price_cents: i64) -> i64 {
    (quantity_centi * unit_price_cents + 50).div_euclid(100)
}

/// The approved lines (alias `l`): the only ones that count in totals, printouts and
/// exports (proposed lines wait for the customer, declined ones were refused).
fn approved_sql() -> String {
    format!("l.approval IN {}", super::workshop::APPROVED)
}

/// The columns [`from_row`] reads from `orders` (`repair_orders ro`, maybe with an index
/// named), with the two totals given as SQL.
fn columns_sql(total: &str, claim: &str, orders: &str) -> String {
    format!(
        "SELECT ro.id, ro.number, ro.customer_id, c.name, ro.vehicle_id, v.plate, v.make, \
         v.model, ro.appointment_id, ro.advisor_id, a.name, ro.technician_id, t.name, ro.bay, \
         ro.state, ro.comeback_of, ro.customer_description, ro.diagnosis, ro.odometer_km, \
         ro.odometer_correction, ro.promised_at, ro.estimate_cents, \
         {total}, {claim}, \
         ro.contact_during, ro.waiting_mode, ro.payment_method, ro.next_service_km, \
         ro.next_service_on, ro.delivery_spot, ro.signed_at, ro.signed_by, ro.delivered_at, \
         ro.version, ro.created_at, ro.created_by, ro.updated_at, ro.updated_by, \
         ro.comeback_charged \
         FROM {orders} \
         JOIN customers c ON c.id = ro.customer_id \
         JOIN vehicles v ON v.id = ro.vehicle_id \
         JOIN staff a ON a.id = ro.advisor_id \
         LEFT JOIN staff t ON t.id = ro.technician_id"
    )
}

/// One order at a time: its totals by two look-ups of its lines (served by the lines'
/// order index).
fn select_sql() -> String {
    let approved = approved_sql();
    columns_sql(
        &format!(
            "CASE WHEN ro.comeback_charged = 0 THEN 0 ELSE \
             (SELECT COALESCE(SUM({LINE_AMOUNT}), 0) FROM repair_order_lines l \
             WHERE l.repair_order_id = ro.id AND l.claim = 0 AND {approved}) END"
        ),
        &format!(
            "(SELECT COALESCE(SUM({LINE_AMOUNT}), 0) FROM repair_order_lines l \
             WHERE l.repair_order_id = ro.id AND l.claim = 1 AND {approved})"
        ),
        "repair_orders ro",
    )
}

/// Many orders at once: the approved lines joined and summed per order (`GROUP BY ro.id`),
/// not a sub-query per order; `open_only` reads the partial index of open orders.
fn grouped_sql(open_only: bool) -> String {
    let (orders, filter) = if open_only {
        (
            "repair_orders ro INDEXED BY repair_orders_open",
            "WHERE ro.state NOT IN ('delivered', 'cancelled')",
        )
    } else {
        ("repair_orders ro", "")
    };
    let head = columns_sql(
        &format!(
            "CASE WHEN ro.comeback_charged = 0 THEN 0 ELSE \
             COALESCE(SUM(CASE WHEN l.claim = 0 THEN {LINE_AMOUNT} END), 0) END"
        ),
        &format!("COALESCE(SUM(CASE WHEN l.claim = 1 THEN {LINE_AMOUNT} END), 0)"),
        orders,
    );
    format!(
        "{head} LEFT JOIN repair_order_lines l ON l.repair_order_id = ro.id AND {} \
         {filter} GROUP BY ro.id, c.id, v.id, a.id, t.id ORDER BY ro.promised_at, ro.id",
        approved_sql()
    )
}

fn from_row(r: &Row<'_>) -> crate::store::db::Result<RepairOrderRow> {
    let comeback_of: Option<i64> = r.get(15)?;
    Ok(RepairOrderRow {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_name: r.get(3)?,
        vehicle_id: r.get(4)?,
        plate: r.get(5)?,
        make: r.get(6)?,
        model: r.get(7)?,
        appointment_id: r.get(8)?,
        advisor_id: r.get(9)?,
        advisor_name: r.get(10)?,
        technician_id: r.get(11)?,
        technician_name: r.get(12)?,
        bay: r.get(13)?,
        state: col::vocab(r, 14)?,
        comeback_of,
        is_comeback: comeback_of.is_some(),
        comeback_charged: r.get(38)?,
        customer_description: r.get(16)?,
        diagnosis: r.get(17)?,
        odometer_km: r.get(18)?,
        odometer_correction: r.get(19)?,
        promised_at: col::time(r, 20)?,
        estimate_cents: r.get(21)?,
        total_cents: r.get(22)?,
        claim_cents: r.get(23)?,
        contact_during: r.get(24)?,
        waiting_mode: col::vocab(r, 25)?,
        payment_method: col::vocab(r, 26)?,
        next_service_km: r.get(27)?,
        next_service_on: col::day_opt(r, 28)?,
        delivery_spot: r.get(29)?,
        signed_at: col::time_opt(r, 30)?,
        signed_by: r.get(31)?,
        delivered_at: col::time_opt(r, 32)?,
        version: r.get(33)?,
        created_at: col::time(r, 34)?,
        created_by: r.get(35)?,
        updated_at: col::time(r, 36)?,
        updated_by: r.get(37)?,
    })
}

/// Writes a new repair order numbered for the local `day` (RO-YYYYMMDD-NNNN) in state
/// `written`, with its lines, walk-around and first event; raises the vehicle's last
/// odometer reading. Returns (id, number).
///
/// Refused: an odometer below the vehicle's last reading without a correction reason; a
/// comeback of an order of another vehicle; a vehicle of another customer; empty or
/// negative lines.
pub fn insert(tx: &Tx<'_>, ro: &NewRepairOrder, day: NaiveDate) -> Result<(i64, String)> {
    let actor = tx.require_actor()?;
    let conn = tx.conn();
    let vehicle: Option<(i64, Option<i64>)> = conn
        .prepare_cached("SELECT customer_id, last_odometer_km FROM vehicles WHERE id = ?1")?
        .query_row([ro.vehicle_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((owner, last_km)) = vehicle else {
        return Err(StoreError::NotFound {
            entity: "vehicles",
            id: ro.vehicle_id,
        });
    };
    if owner != ro.customer_id {
        return Err(StoreError::Invalid(format!(
            "vehicle {} does not belong to customer {}",
            ro.vehicle_id, ro.customer_id
        )));
    }
    if ro.odometer_km < 0 {
        return Err(StoreError::Invalid(
            "the odometer reading cannot be negative".into(),
        ));
    }
    let correction = ro
        .odometer_correction
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(last) = last_km
        && ro.odometer_km < last
        && correction.is_none()
    {
        return Err(StoreError::Invalid(format!(
            "odometer {} km is below the last reading {} km; give the reason for the correction",
            ro.odometer_km, last
        )));
    }
    if let Some(prev) = ro.comeback_of {
        let prev_vehicle: Option<i64> = conn
            .prepare_cached("SELECT vehicle_id FROM repair_orders WHERE id = ?1")?
            .query_row([prev], |r| r.get(0))
            .optional()?;
        match prev_vehicle {
            None => {
                return Err(StoreError::NotFound {
                    entity: "repair_orders",
                    id: prev,
                });
            }
            Some(v) if v != ro.vehicle_id => {
                return Err(StoreError::Invalid(format!(
                    "repair order {prev} is of another vehicle; a comeback is the same vehicle"
                )));
            }
            Some(_) => {}
        }
    }
    if ro.estimate_cents < 0 {
        return Err(StoreError::Invalid(
            "the estimate cannot be negative".into(),
        ));
    }
    for l in &ro.lines {
        if l.quantity_centi <= 0 || l.unit_price_cents < 0 || l.description.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "line {:?}: needs a description, a quantity above 0 and a price of at least 0",
                l.description
            )));
        }
    }

    let number = next_number(tx, "RO", day)?;
    let now = tx.now_text().to_string();
    conn.prepare_cached(
        "INSERT INTO repair_orders (number, customer_id, vehicle_id, appointment_id, \
         advisor_id, state, comeback_of, customer_description, diagnosis, odometer_km, \
         odometer_correction, promised_at, estimate_cents, contact_during, waiting_mode, \
         payment_method, next_service_km, next_service_on, signed_at, signed_by, \
         created_at, created_by, updated_at, updated_by, comeback_charged) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'written', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
         ?16, ?17, ?18, ?19, ?20, ?21, ?20, ?21, ?22)",
    )?
    .insert(params![
        number,
        ro.customer_id,
        ro.vehicle_id,
        ro.appointment_id,
        ro.advisor_id,
        ro.comeback_of,
        ro.customer_description,
        ro.diagnosis,
        ro.odometer_km,
        correction,
        ts(ro.promised_at),
        ro.estimate_cents,
        ro.contact_during,
        ro.waiting_mode.as_str(),
        ro.payment_method.as_str(),
        ro.next_service_km,
        ro.next_service_on.map(day_text),
        ro.signed_at.map(ts),
        ro.signed_at.map(|_| actor),
        now,
        actor,
        ro.comeback_of.and(ro.comeback_charged),
    ])?;
    let id = conn.last_insert_rowid();

    {
        let mut st = conn.prepare_cached(
            "INSERT INTO repair_order_lines (repair_order_id, position, kind, description, \
             quantity_centi, unit_price_cents, claim, service, catalog_price_cents, \
             catalog_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, l) in ro.lines.iter().enumerate() {
            st.execute(params![
                id,
                i as i64 + 1,
                l.kind.as_str(),
                l.description.trim(),
                l.quantity_centi,
                l.unit_price_cents,
                l.claim,
                l.service.map(|s| s.as_str()),
                l.catalog_price_cents,
                l.catalog_code
            ])?;
        }
    }
    let w = &ro.walkaround;
    conn.prepare_cached(
        "INSERT INTO walkarounds (repair_order_id, fuel_level, warning_lights, tools_present, \
         lighter_present, valuables_removed, return_old_parts, wash, engine_bay_clean, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        w.fuel_level.as_str(),
        w.warning_lights,
        w.tools_present,
        w.lighter_present,
        w.valuables_removed,
        w.return_old_parts,
        w.wash,
        w.engine_bay_clean,
        w.note
    ])?;
    {
        let mut st = conn.prepare_cached(
            "INSERT INTO walkaround_damage (repair_order_id, zone, kind, note) \
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (zone, kind, note) in &w.damage {
            st.execute(params![id, zone, kind.as_str(), note])?;
        }
    }
    insert_event(tx, id, None, None, None, RepairOrderState::Written, None)?;
    // The vehicle's reading only ever rises here; a correction below it is kept on the order.
    conn.prepare_cached(
        "UPDATE vehicles SET last_odometer_km = ?1, version = version + 1, updated_at = ?2, \
         updated_by = ?3 \
         WHERE id = ?4 AND (last_odometer_km IS NULL OR last_odometer_km < ?1)",
    )?
    .execute(params![ro.odometer_km, now, actor, ro.vehicle_id])?;
    tx.audit(
        "create",
        "repair_orders",
        Some(id),
        json!({
            "number": number,
            "vehicle_id": ro.vehicle_id,
            "appointment_id": ro.appointment_id,
            "comeback_of": ro.comeback_of,
            "comeback_charged": ro.comeback_of.and(ro.comeback_charged),
            "odometer_km": ro.odometer_km,
            "odometer_correction": correction,
            "promised_at": ts(ro.promised_at),
            "estimate_cents": ro.estimate_cents,
            "lines": ro.lines.len(),
            "damage": w.damage.len(),
        }),
    )?;
    Ok((id, number))
}

/// One entry of order `id`'s timeline, by the acting staff member at the transaction's
/// time: what was done (`action`; `None` is a bare move, shown as `state`), the line it
/// concerns, the states before and after and a note.
pub(crate) fn insert_event(
    tx: &Tx<'_>,
    id: i64,
    action: Option<&str>,
    line_id: Option<i64>,
    from: Option<RepairOrderState>,
    to: RepairOrderState,
    note: Option<&str>,
) -> Result<()> {
    let actor = tx.require_actor()?;
    tx.conn()
        .prepare_cached(
            "INSERT INTO repair_order_events (repair_order_id, at, staff_id, from_state, \
             to_state, note, action, line_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            tx.now_text(),
            actor,
            from.map(|s| s.as_str()),
            to.as_str(),
            note,
            action,
            line_id
        ])?;
    Ok(())
}

/// One order.
pub fn get(conn: &Connection, id: i64) -> Result<Option<RepairOrderRow>> {
    let sql = format!("{} WHERE ro.id = ?1", select_sql());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Orders by promised time; `open_only` leaves out delivered and cancelled ones (read
/// through the partial index of open orders).
pub fn list(conn: &Connection, open_only: bool) -> Result<Vec<RepairOrderRow>> {
    let sql = grouped_sql(open_only);
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every order in id order, one at a time (for exports).
pub fn all(conn: &Connection, mut f: impl FnMut(RepairOrderRow) -> Result<()>) -> Result<()> {
    let sql = format!("{} ORDER BY ro.id", select_sql());
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        f(from_row(r)?)?;
    }
    Ok(())
}

/// The approved lines of order `ro_id` (what the customer agreed to: printed, exported
/// and added up), by position. Proposed and declined lines are in
/// [`super::workshop::detail`].
pub fn lines(conn: &Connection, ro_id: i64) -> Result<Vec<LineRow>> {
    let sql = format!(
        "SELECT l.id, l.position, l.kind, l.description, l.quantity_centi, \
         l.unit_price_cents, l.claim, {LINE_AMOUNT}, l.service, l.catalog_price_cents, \
         l.catalog_code \
         FROM repair_order_lines l \
         WHERE l.repair_order_id = ?1 AND {} ORDER BY l.position",
        approved_sql()
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([ro_id], |r| {
        Ok(LineRow {
            id: r.get(0)?,
            position: r.get(1)?,
            kind: col::vocab(r, 2)?,
            description: r.get(3)?,
            quantity_centi: r.get(4)?,
            unit_price_cents: r.get(5)?,
            claim: r.get(6)?,
            amount_cents: r.get(7)?,
            service: col::vocab_opt(r, 8)?,
            catalog_price_cents: r.get(9)?,
            catalog_code: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The state history of order `ro_id`, oldest first.
pub fn events(conn: &Connection, ro_id: i64) -> Result<Vec<EventRow>> {
    let mut st = conn.prepare_cached(
        "SELECT e.id, e.at, e.staff_id, s.name, e.from_state, e.to_state, e.note \
         FROM repair_order_events e JOIN staff s ON s.id = e.staff_id \
         WHERE e.repair_order_id = ?1 ORDER BY e.at, e.id",
    )?;
    let rows = st.query_map([ro_id], |r| {
        Ok(EventRow {
            id: r.get(0)?,
            at: col::time(r, 1)?,
            staff_id: r.get(2)?,
            staff_name: r.get(3)?,
            from_state: col::vocab_opt(r, 4)?,
            to_state: col::vocab(r, 5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The walk-around record of order `ro_id`.
pub fn walkaround(conn: &Connection, ro_id: i64) -> Result<Option<WalkaroundRow>> {
    let w = conn
        .prepare_cached(
            "SELECT fuel_level, warning_lights, tools_present, lighter_present, \
             valuables_removed, return_old_parts, wash, engine_bay_clean, note \
             FROM walkarounds WHERE repair_order_id = ?1",
        )?
        .query_row([ro_id], |r| {
            Ok(WalkaroundRow {
                fuel_level: col::vocab(r, 0)?,
                warning_lights: r.get(1)?,
                tools_present: r.get(2)?,
                lighter_present: r.get(3)?,
                valuables_removed: r.get(4)?,
                return_old_parts: r.get(5)?,
                wash: r.get(6)?,
                engine_bay_clean: r.get(7)?,
                note: r.get(8)?,
                damage: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut w) = w else { return Ok(None) };
    let mut st = conn.prepare_cached(
        "SELECT zone, kind, note FROM walkaround_damage WHERE repair_order_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([ro_id], |r| {
        Ok(DamageRow {
            zone: r.get(0)?,
            kind: col::vocab(r, 1)?,
            note: r.get(2)?,
        })
    })?;
    w.damage = rows.collect::<Result<_, _>>()?;
    Ok(Some(w))
}

/// Every order of `vehicle_id`, newest first (history, comeback detection).
pub fn history(conn: &Connection, vehicle_id: i64) -> Result<Vec<RepairOrderRow>> {
    let sql = format!(
        "{} WHERE ro.vehicle_id = ?1 ORDER BY ro.created_at DESC, ro.id DESC",
        select_sql()
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([vehicle_id], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes the repair order of a check-in (接车) in the caller's one transaction: the
/// order with its number, lines and walk-around ([`insert`]); the appointment, when
/// there is one (`(id, expected_version)`), moved to `checked_in` (a booked or confirmed
/// one goes through `arrived` first, as the domain's transitions require); the acting
/// staff member's check-in draft discarded; and a `check_in` audit row. Returns
/// (id, number).
///
/// Any refusal (odometer, stale appointment version, a transition the domain forbids)
/// returns the error and the caller's [`super::Store::write`] rolls everything back: no
/// order, no number used, the appointment and the draft as they were.
pub fn check_in(
    tx: &Tx<'_>,
    ro: &NewRepairOrder,
    day: NaiveDate,
    appointment: Option<(i64, i64)>,
) -> Result<(i64, String)> {
    use crate::domain::kinds::AppointmentState;

    let order = match (appointment, ro.appointment_id) {
        (Some((a, _)), Some(b)) if a != b => {
            return Err(StoreError::Invalid(format!(
                "the order names appointment {b} but checks in appointment {a}"
            )));
        }
        (Some((a, _)), None) => std::borrow::Cow::Owned(NewRepairOrder {
            appointment_id: Some(a),
            ..ro.clone()
        }),
        _ => std::borrow::Cow::Borrowed(ro),
    };
    let (id, number) = insert(tx, &order, day)?;

    let mut from = None;
    if let Some((appt, expected)) = appointment {
        let row = super::appointments::get(tx.conn(), appt)?.ok_or(StoreError::NotFound {
            entity: "appointments",
            id: appt,
        })?;
        from = Some(row.state);
        let mut version = expected;
        if matches!(
            row.state,
            AppointmentState::Booked | AppointmentState::Confirmed
        ) {
            super::appointments::set_state(tx, appt, version, AppointmentState::Arrived)?;
            // The first step bumped the version; the second needs the new one.
            version = tx
                .conn()
                .prepare_cached("SELECT version FROM appointments WHERE id = ?1")?
                .query_row([appt], |r| r.get(0))?;
        }
        super::appointments::set_state(tx, appt, version, AppointmentState::CheckedIn)?;
    }

    super::drafts::discard(tx, "checkin")?;
    tx.audit(
        "check_in",
        "repair_orders",
        Some(id),
        json!({
            "number": number,
            "vehicle_id": ro.vehicle_id,
            "appointment_id": appointment.map(|(a, _)| a),
            "appointment_from": from.map(|s| s.as_str()),
        }),
    )?;
    Ok((id, number))
}

/// The order with this number (RO-YYYYMMDD-NNNN).
pub fn by_number(conn: &Connection, number: &str) -> Result<Option<RepairOrderRow>> {
    let sql = format!("{} WHERE ro.number = ?1", select_sql());
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([number], from_row)
        .optional()?)
}

/// One earlier visit of a vehicle, as the check-in screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub state: RepairOrderState,
    pub odometer_km: i64,
    /// 客户描述: the customer's own words.
    pub customer_description: String,
    /// The descriptions of the order's lines, by position.
    pub jobs: Vec<String>,
}

/// The latest `limit` orders of `vehicle_id`, newest first, with their lines' descriptions.
/// Two statements (the orders, then the lines of exactly those orders), not one per order.
pub fn vehicle_history(
    conn: &Connection,
    vehicle_id: i64,
    limit: usize,
) -> Result<Vec<HistoryEntry>> {
    let mut entries: Vec<HistoryEntry> = {
        let mut st = conn.prepare_cached(
            "SELECT id, number, created_at, delivered_at, state, odometer_km, \
             customer_description FROM repair_orders WHERE vehicle_id = ?1 \
             ORDER BY created_at DESC, id DESC LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st.query_map(params![vehicle_id, limit], |r| {
            Ok(HistoryEntry {
                id: r.get(0)?,
                number: r.get(1)?,
                created_at: col::time(r, 2)?,
                delivered_at: col::time_opt(r, 3)?,
                state: col::vocab(r, 4)?,
                odometer_km: r.get(5)?,
                customer_description: r.get(6)?,
                jobs: Vec::new(),
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    if entries.is_empty() {
        return Ok(entries);
    }
    // The ids read above, so a concurrent commit between the two statements cannot mix in
    // the lines of an order the first one did not see.
    let ids = serde_json::Value::from(entries.iter().map(|e| e.id).collect::<Vec<_>>());
    let index: std::collections::HashMap<i64, usize> =
        entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut st = conn.prepare_cached(match conn.engine() {
        Engine::Sqlite => {
            "SELECT repair_order_id, description FROM repair_order_lines \
             WHERE repair_order_id IN (SELECT value FROM json_each(?1)) \
             ORDER BY repair_order_id, position"
        }
        Engine::Postgres => {
            "SELECT repair_order_id, description FROM repair_order_lines \
             WHERE repair_order_id IN \
             (SELECT value::bigint FROM json_array_elements_text(CAST(?1 AS json))) \
             ORDER BY repair_order_id, position"
        }
    })?;
    let mut rows = st.query([ids.to_string()])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let ro_id: i64 = r.get(0)?;
        if let Some(&i) = index.get(&ro_id) {
            entries[i].jobs.push(r.get(1)?);
        }
    }
    Ok(entries)
}

// ---------------------------------------------------------------------------------------
// The reads and the transaction of the check-in, one named function each.
// ---------------------------------------------------------------------------------------

/// Everything the check-in shows before the walk-around: who, the appointment being
/// checked in, the vehicle's history and the delivered order this may be a comeback to,
/// and the workshop hours around today (for the promised time).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinContext {
    pub customer: Option<crate::store::customers::Customer>,
    pub vehicle: Option<crate::store::customers::Vehicle>,
    pub appointment: Option<crate::store::appointments::AppointmentRow>,
    /// The vehicle's orders still open (neither delivered nor cancelled).
    pub open_orders: Vec<OpenOrder>,
    pub history: Vec<HistoryEntry>,
    /// (id, number) of the delivered order within the comeback window.
    pub comeback_candidate: Option<(i64, String)>,
    pub policy: crate::domain::appointment::CapacityPolicy,
    /// Closed days in the next two weeks.
    pub closed_days: Vec<NaiveDate>,
}

/// Reads the check-in's context in one snapshot.
#[allow(clippy::too_many_arguments)]
pub fn checkin_context(
    store: &mut super::Store,
    customer_id: Option<i64>,
    vehicle_id: Option<i64>,
    appointment: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
    comeback_days: i64,
    default: &dyn crate::domain::appointment::DayDefaults,
) -> Result<CheckinContext> {
    use crate::store::{appointments, customers};
    store.read(|c| {
        let customer = match customer_id {
            Some(id) => customers::customer(c, id)?,
            None => None,
        };
        let vehicle = match vehicle_id {
            Some(id) => customers::vehicle(c, id)?,
            None => None,
        };
        let history = match &vehicle {
            Some(v) => vehicle_history(c, v.id, 10)?,
            None => vec![],
        };
        let past: Vec<_> = history
            .iter()
            .map(|h| (h.id, h.state, h.delivered_at))
            .collect();
        let comeback_candidate =
            crate::domain::repair_order::comeback_of(&past, now, comeback_days)
                .and_then(|id| history.iter().find(|h| h.id == id))
                .map(|h| (h.id, h.number.clone()));
        // A car found by search that is expected today is checked in with its
        // appointment, as if it had been chosen from the arrivals.
        let appointment = match (appointment, &vehicle) {
            (Some(id), _) => appointments::get(c, id)?,
            (None, Some(v)) => appointments::same_day_for_vehicle(c, v.id, today, None)?
                .into_iter()
                .find(|a| a.state.awaits_check_in()),
            (None, None) => None,
        };
        let open_orders = match &vehicle {
            Some(v) => open_orders_of(c, v.id)?,
            None => vec![],
        };
        let policy = appointments::policy_for(c, today, default)?;
        let closed_days = appointments::week(c, today, 14, default)?
            .into_iter()
            .filter(|(_, l)| l.policy.closed)
            .map(|(d, _)| d)
            .collect();
        Ok(CheckinContext {
            customer,
            vehicle,
            appointment,
            open_orders,
            history,
            comeback_candidate,
            policy,
            closed_days,
        })
    })
}

/// Writes the checked-in order in one IMMEDIATE transaction ([`check_in`]), creating the
/// walk-in's customer and vehicle first when `new_customer` is given, and marking each
/// line of `take_up` (declined at an earlier visit, its job line among the order's) as
/// taken up by the new order. Returns the number.
#[allow(clippy::too_many_arguments)]
pub fn confirm_check_in(
    store: &mut super::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    ro: &NewRepairOrder,
    day: NaiveDate,
    appointment: Option<(i64, i64)>,
    new_customer: Option<&crate::store::customers::NewCustomerVehicle>,
    take_up: &[i64],
) -> Result<String> {
    let (_, number) = store.write(actor, now, |tx| {
        let mut order = ro.clone();
        if let Some(n) = new_customer {
            (order.customer_id, order.vehicle_id) =
                crate::store::customers::create_customer_with_vehicle(tx, n)?;
        }
        let (id, number) = check_in(tx, &order, day, appointment)?;
        for &line in take_up {
            super::workshop::take_up_declined(tx, id, line)?;
        }
        Ok((id, number))
    })?;
    Ok(number)
}

/// Everything a printed repair order shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Printout {
    pub ro: RepairOrderRow,
    pub customer: Option<crate::store::customers::Customer>,
    pub vehicle: Option<crate::store::customers::Vehicle>,
    pub lines: Vec<LineRow>,
    pub walkaround: Option<WalkaroundRow>,
    /// The number of the order this one is a comeback of.
    pub comeback_number: Option<String>,
    /// The shop's name, address and phone for the header.
    pub shop: crate::store::shop::Shop,
}

/// The repair order numbered `number` with all it prints, read in one snapshot; `None`
/// when there is no such order.
pub fn printout(store: &mut super::Store, number: &str) -> Result<Option<Printout>> {
    use crate::store::customers;
    store.read(|conn| {
        let id: Option<i64> = conn
            .prepare_cached("SELECT id FROM repair_orders WHERE number = ?1")?
            .query_row([number], |r| r.get(0))
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let ro = get(conn, id)?.ok_or(StoreError::NotFound {
            entity: "repair_orders",
            id,
        })?;
        let comeback_number = match ro.comeback_of {
            Some(prev) => get(conn, prev)?.map(|p| p.number),
            None => None,
        };
        Ok(Some(Printout {
            customer: customers::customer(conn, ro.customer_id)?,
            vehicle: customers::vehicle(conn, ro.vehicle_id)?,
            lines: lines(conn, id)?,
            walkaround: walkaround(conn, id)?,
            comeback_number,
            shop: crate::store::shop::shop(conn)?,
            ro,
        }))
    })
}

/// An open repair order of a vehicle: what the advisor is told before opening another.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenOrder {
    pub id: i64,
    pub number: String,
    pub created_at: DateTime<Utc>,
    pub advisor_name: String,
}

const SQL_OPEN_ORDERS_OF: &str = "SELECT ro.id, ro.number, ro.created_at, s.name \
     FROM repair_orders ro JOIN staff s ON s.id = ro.advisor_id \
     WHERE ro.vehicle_id = ?1 AND ro.state NOT IN ('delivered', 'cancelled') \
     ORDER BY ro.created_at, ro.id";

/// The open orders of `vehicle_id`, oldest first.
pub fn open_orders_of(conn: &Connection, vehicle_id: i64) -> Result<Vec<OpenOrder>> {
    let mut st = conn.prepare_cached(SQL_OPEN_ORDERS_OF)?;
    let rows = st.query_map([vehicle_id], |r| {
        Ok(OpenOrder {
            id: r.get(0)?,
            number: r.get(1)?,
            created_at: col::time(r, 2)?,
            advisor_name: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the advisor's answer to "this vehicle already has an open order; open
/// another?" in the audit log, in one transaction.
pub fn record_second_order_answer(
    store: &mut super::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    vehicle_id: i64,
    existing: &str,
    opened: bool,
) -> Result<()> {
    store.write(actor, now, |tx| {
        tx.audit(
            if opened {
                "second_order_confirmed"
            } else {
                "second_order_declined"
            },
            "vehicles",
            Some(vehicle_id),
            json!({ "open_order": existing }),
        )
    })
}

#[cfg(test)]
mod tests {
    /// The check-in's "already has an open order" look-up is served by the vehicle index,
    /// whatever the number of orders.
    #[test]
    fn open_orders_of_a_vehicle_use_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::store::Store::open(&dir.path().join("fd.db"), crate::store::Access::ReadWrite)
                .unwrap();
        let plan =
            crate::store::testing::query_plan(store.conn(), super::SQL_OPEN_ORDERS_OF).unwrap();
        assert!(
            plan.iter().any(|l| l.contains("repair_orders_vehicle")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|l| l.starts_with("SCAN ro")), "{plan:?}");
    }

    /// The list of open orders walks the partial index of open orders and sums each one's
    /// lines by the lines' order index: no scan of the order table, no sub-query per row.
    #[test]
    fn the_open_list_reads_open_orders_only() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::store::Store::open(&dir.path().join("fd.db"), crate::store::Access::ReadWrite)
                .unwrap();
        let plan =
            crate::store::testing::query_plan(store.conn(), &super::grouped_sql(true)).unwrap();
        assert!(
            plan.iter()
                .all(|l| !l.starts_with("SCAN") || l == "SCAN ro USING INDEX repair_orders_open"),
            "{plan:#?}"
        );
        assert!(
            plan.iter()
                .any(|l| l.starts_with("SEARCH l USING INDEX repair_order_lines_order")),
            "{plan:#?}"
        );
    }
}
