//! Declined work (the customer said no to a proposed line): remembered on the vehicle,
//! offered again at its next visit, exportable, and taken up by a later order.

use crate::store::db::{Connection, OptionalExtension, Row, params};
use serde_json::json;

use crate::domain::kinds::{LineApproval, RepairOrderState};
use crate::store::appointments::col;
use crate::store::{Result, StoreError, Tx};

use super::DeclinedRow;

const COLUMNS: &str = "SELECT l.id, ro.id, ro.number, ro.vehicle_id, v.plate, c.name, l.kind, \
     l.description, l.quantity_centi, l.unit_price_cents, l.claim, l.decided_at, tu.number";

const JOINED: &str = "JOIN vehicles v ON v.id = ro.vehicle_id \
     JOIN customers c ON c.id = ro.customer_id \
     LEFT JOIN repair_orders tu ON tu.id = l.taken_up_by";

/// Declined and not taken up again (the partial index `repair_order_lines_declined`).
const OPEN: &str = "l.approval = 'declined' AND l.taken_up_by IS NULL";

fn from_row(r: &Row<'_>) -> crate::store::db::Result<DeclinedRow> {
    Ok(DeclinedRow {
        line_id: r.get(0)?,
        repair_order_id: r.get(1)?,
        number: r.get(2)?,
        vehicle_id: r.get(3)?,
        plate: r.get(4)?,
        customer_name: r.get(5)?,
        kind: col::vocab(r, 6)?,
        description: r.get(7)?,
        quantity_centi: r.get(8)?,
        unit_price_cents: r.get(9)?,
        claim: r.get(10)?,
        declined_at: col::time_opt(r, 11)?,
        taken_up_by: r.get(12)?,
    })
}

/// The lines the customer of `vehicle_id` declined and no later order has taken up,
/// oldest first.
pub fn declined_of_vehicle(conn: &Connection, vehicle_id: i64) -> Result<Vec<DeclinedRow>> {
    // The vehicle's few orders first (`repair_orders_vehicle`), then each one's declined
    // lines: CROSS JOIN keeps that order however many declined lines the shop has
    // gathered (the partial index grows with the years; walking it would be a scan).
    let sql = format!(
        "{COLUMNS} FROM repair_orders ro CROSS JOIN repair_order_lines l {JOINED} \
         WHERE l.repair_order_id = ro.id AND ro.vehicle_id = ?1 AND {OPEN} \
         ORDER BY l.decided_at NULLS FIRST, l.id"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([vehicle_id], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every declined line, taken up by a later order since or not (`taken_up_by`), by order
/// and position, one at a time (for the export).
pub fn declined_all(conn: &Connection, mut f: impl FnMut(DeclinedRow) -> Result<()>) -> Result<()> {
    let sql = format!(
        "{COLUMNS} FROM repair_orders ro JOIN repair_order_lines l \
         ON l.repair_order_id = ro.id {JOINED} \
         WHERE l.approval = 'declined' ORDER BY ro.id, l.position"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let r = &r;
        f(from_row(r)?)?;
    }
    Ok(())
}

/// The customer takes up declined line `line_id` at a later visit: the line is copied
/// into `new_order_id` (a written order of the same vehicle, in the caller's check-in
/// transaction) as a line signed with it, and the declined one is marked as taken up by
/// that order, so it leaves the vehicle's list. Do not also put it in the new order's
/// lines. Returns nothing; the copy is the new order's last line.
///
/// Refused ([`StoreError::Invalid`]): a line that is not declined or was taken up already,
/// of another vehicle, or an order no longer written.
pub fn take_up_declined(tx: &Tx<'_>, new_order_id: i64, line_id: i64) -> Result<()> {
    tx.require_actor()?;
    let c = tx.conn();
    let line: Option<(i64, i64, String, Option<i64>)> = c
        .prepare_cached(
            "SELECT ro.vehicle_id, ro.id, l.approval, l.taken_up_by \
             FROM repair_order_lines l JOIN repair_orders ro ON ro.id = l.repair_order_id \
             WHERE l.id = ?1",
        )?
        .query_row([line_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((vehicle, from_order, approval, taken)) = line else {
        return Err(StoreError::NotFound {
            entity: "repair_order_lines",
            id: line_id,
        });
    };
    let target: Option<(i64, RepairOrderState)> = c
        .prepare_cached("SELECT vehicle_id, state FROM repair_orders WHERE id = ?1")?
        .query_row([new_order_id], |r| Ok((r.get(0)?, col::vocab(r, 1)?)))
        .optional()?;
    let Some((target_vehicle, state)) = target else {
        return Err(StoreError::NotFound {
            entity: "repair_orders",
            id: new_order_id,
        });
    };
    if approval != LineApproval::Declined.as_str() {
        return Err(StoreError::Invalid(format!(
            "line {line_id} was not declined; only declined work is offered again"
        )));
    }
    if let Some(by) = taken {
        return Err(StoreError::Invalid(format!(
            "line {line_id} was already taken up by repair order {by}"
        )));
    }
    if vehicle != target_vehicle || from_order == new_order_id {
        return Err(StoreError::Invalid(format!(
            "line {line_id} was declined on another vehicle or on this order itself"
        )));
    }
    if state != RepairOrderState::Written {
        return Err(StoreError::Invalid(format!(
            "repair order {new_order_id} is {}; declined work is taken up when the order is \
             written (later, propose it as added work)",
            state.as_str()
        )));
    }
    c.prepare_cached(
        "INSERT INTO repair_order_lines (repair_order_id, position, kind, description, \
         quantity_centi, unit_price_cents, claim, service) \
         SELECT ?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM repair_order_lines \
         WHERE repair_order_id = ?1), kind, description, quantity_centi, unit_price_cents, \
         claim, service FROM repair_order_lines WHERE id = ?2",
    )?
    .insert(params![new_order_id, line_id])?;
    let copy = c.last_insert_rowid();
    c.prepare_cached("UPDATE repair_order_lines SET taken_up_by = ?1 WHERE id = ?2")?
        .execute(params![new_order_id, line_id])?;
    tx.audit(
        "take_up_declined",
        "repair_orders",
        Some(new_order_id),
        json!({ "line_id": line_id, "from_order": from_order, "new_line_id": copy }),
    )
}
