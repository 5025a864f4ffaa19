//! Customers, their vehicles, and the counter's search box (plate, phone, name).
//!
//! Search is index-backed so it stays fast on hundreds of thousands of vehicles:
//! * plates: prefix range scans on `vehicles.plate` (unique index) and on the generated
//!   `vehicles.plate_key` (the plate without its province ideograph, indexed), so
//!   "粤B12", "B12345" and "b123" all find 粤B12345;
//! * phones: a prefix range scan on `customers.phone`, and the last four digits through
//!   the generated, indexed `customers.phone_tail4`;
//! * names: a prefix range scan on `customers.name`, then a piece of the name anywhere
//!   through `customer_name_keys` (every suffix of every name, ASCII-lowercased, kept by
//!   triggers), again a prefix range scan: "小明" and "明" find 王小明, "smith" John Smith.

use std::collections::HashSet;

use crate::store::db::{Connection, OptionalExtension, Row, params};

use super::{Result, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    /// `mr` or `ms`.
    pub salutation: Option<String>,
    /// Normalised digits, e.g. 13800138000.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewCustomer {
    pub name: String,
    pub salutation: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Vehicle {
    pub id: i64,
    pub customer_id: i64,
    /// Normalised, e.g. 粤B12345.
    pub plate: String,
    /// The plate did not parse as a regular plate and was kept as typed.
    pub plate_flagged: bool,
    pub vin: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub color: Option<String>,
    pub last_odometer_km: Option<i64>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewVehicle {
    pub customer_id: i64,
    /// The already-normalised plate.
    pub plate: String,
    pub plate_flagged: bool,
    pub vin: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub year: Option<i32>,
    pub color: Option<String>,
    pub last_odometer_km: Option<i64>,
}

/// One line of the search result: a customer and one of their vehicles (or the customer
/// alone when they have none).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    pub customer_id: i64,
    pub customer_name: String,
    pub phone: Option<String>,
    pub vehicle_id: Option<i64>,
    pub plate: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// The newest repair order's `created_at` for this vehicle.
    pub last_visit: Option<String>,
    /// Repair orders of this vehicle neither delivered nor cancelled.
    pub open_repair_orders: i64,
    /// Complaints of this customer not closed.
    pub open_complaints: i64,
}

const CUSTOMER_COLUMNS: &str = "id, name, salutation, phone, email, note, version";
const VEHICLE_COLUMNS: &str = "id, customer_id, plate, plate_flagged, vin, make, model, year, \
     color, last_odometer_km, version";

fn customer_from_row(r: &Row<'_>) -> crate::store::db::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        name: r.get(1)?,
        salutation: r.get(2)?,
        phone: r.get(3)?,
        email: r.get(4)?,
        note: r.get(5)?,
        version: r.get(6)?,
    })
}

fn vehicle_from_row(r: &Row<'_>) -> crate::store::db::Result<Vehicle> {
    Ok(Vehicle {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        plate: r.get(2)?,
        plate_flagged: r.get(3)?,
        vin: r.get(4)?,
        make: r.get(5)?,
        model: r.get(6)?,
        year: r.get(7)?,
        color: r.get(8)?,
        last_odometer_km: r.get(9)?,
        version: r.get(10)?,
    })
}

// ---------------------------------------------------------------------------------------
// Reads

pub fn customer(conn: &Connection, id: i64) -> Result<Option<Customer>> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], customer_from_row)
        .optional()?)
}

pub fn vehicle(conn: &Connection, id: i64) -> Result<Option<Vehicle>> {
    let sql = format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], vehicle_from_row)
        .optional()?)
}

/// The vehicle carrying exactly this (normalised) plate.
pub fn vehicle_by_plate(conn: &Connection, plate: &str) -> Result<Option<Vehicle>> {
    let sql = format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE plate = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([plate], vehicle_from_row)
        .optional()?)
}

pub fn vehicles_of(conn: &Connection, customer_id: i64) -> Result<Vec<Vehicle>> {
    let sql = format!("SELECT {VEHICLE_COLUMNS} FROM vehicles WHERE customer_id = ?1 ORDER BY id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([customer_id], vehicle_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every customer by id (for export).
pub fn all_customers(conn: &Connection) -> Result<Vec<Customer>> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers ORDER BY id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], customer_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every vehicle by id (for export).
pub fn all_vehicles(conn: &Connection) -> Result<Vec<Vehicle>> {
    let sql = format!("SELECT {VEHICLE_COLUMNS} FROM vehicles ORDER BY id");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([], vehicle_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// ---------------------------------------------------------------------------------------
// Writes

fn check_customer(new: &NewCustomer) -> Result<()> {
    if new.name.trim().is_empty() {
        return Err(StoreError::Invalid("a customer needs a name".into()));
    }
    if let Some(s) = &new.salutation
        && s != "mr"
        && s != "ms"
    {
        return Err(StoreError::Invalid(format!(
            "unknown salutation {s:?} (expected mr or ms)"
        )));
    }
    Ok(())
}

/// A walk-in or a new caller: the customer and their vehicle, created together.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct NewCustomerVehicle {
    pub name: String,
    pub phone: Option<String>,
    /// The already-normalised plate.
    pub plate: String,
    /// The plate does not follow the standard pattern (kept, but marked).
    pub plate_flagged: bool,
    pub make: Option<String>,
    pub model: Option<String>,
}

/// Creates the customer and the vehicle of `new` inside the caller's transaction;
/// returns (customer id, vehicle id).
pub fn create_customer_with_vehicle(tx: &Tx<'_>, new: &NewCustomerVehicle) -> Result<(i64, i64)> {
    let customer_id = create_customer(
        tx,
        &NewCustomer {
            name: new.name.clone(),
            phone: new.phone.clone(),
            ..Default::default()
        },
    )?;
    let vehicle_id = create_vehicle(
        tx,
        &NewVehicle {
            customer_id,
            plate: new.plate.clone(),
            plate_flagged: new.plate_flagged,
            make: new.make.clone(),
            model: new.model.clone(),
            ..Default::default()
        },
    )?;
    Ok((customer_id, vehicle_id))
}

pub fn create_customer(tx: &Tx<'_>, new: &NewCustomer) -> Result<i64> {
    let actor = tx.require_actor()?;
    check_customer(new)?;
    let conn = tx.conn();
    conn.prepare_cached(
        "INSERT INTO customers (name, salutation, phone, email, note, version, \
         created_at, created_by, updated_at, updated_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?6, ?7)",
    )?
    .insert(params![
        new.name.trim(),
        new.salutation,
        new.phone,
        new.email,
        new.note,
        tx.now_text(),
        actor
    ])?;
    let id = conn.last_insert_rowid();
    tx.audit(
        "create",
        "customers",
        Some(id),
        serde_json::json!({
            "name": new.name.trim(),
            "salutation": new.salutation,
            "phone": new.phone,
            "email": new.email,
            "note": new.note,
        }),
    )?;
    Ok(id)
}

/// Records `field: {from, to}` in `changed` when the values differ.
fn diff<T: serde::Serialize + PartialEq>(
    changed: &mut serde_json::Map<String, serde_json::Value>,
    field: &str,
    from: &T,
    to: &T,
) {
    if from != to {
        changed.insert(
            field.to_string(),
            serde_json::json!({ "from": from, "to": to }),
        );
    }
}

/// Saves a customer loaded at `expected_version`; refused with
/// [`StoreError::Conflict`] when someone else saved it in between.
pub fn update_customer(
    tx: &Tx<'_>,
    id: i64,
    expected_version: i64,
    new: &NewCustomer,
) -> Result<()> {
    check_customer(new)?;
    tx.bump_version("customers", id, expected_version)?;
    let conn = tx.conn();
    let old = customer(conn, id)?.ok_or(StoreError::NotFound {
        entity: "customers",
        id,
    })?;
    let name = new.name.trim().to_string();
    conn.prepare_cached(
        "UPDATE customers SET name = ?1, salutation = ?2, phone = ?3, email = ?4, note = ?5 \
         WHERE id = ?6",
    )?
    .execute(params![
        name,
        new.salutation,
        new.phone,
        new.email,
        new.note,
        id
    ])?;
    let mut changed = serde_json::Map::new();
    diff(&mut changed, "name", &old.name, &name);
    diff(&mut changed, "salutation", &old.salutation, &new.salutation);
    diff(&mut changed, "phone", &old.phone, &new.phone);
    diff(&mut changed, "email", &old.email, &new.email);
    diff(&mut changed, "note", &old.note, &new.note);
    tx.audit(
        "update",
        "customers",
        Some(id),
        serde_json::json!({ "version": expected_version + 1, "changed": changed }),
    )?;
    Ok(())
}

fn check_vehicle(conn: &Connection, new: &NewVehicle, this: Option<i64>) -> Result<()> {
    if new.plate.trim().is_empty() {
        return Err(StoreError::Invalid("a vehicle needs a plate".into()));
    }
    if let Some(km) = new.last_odometer_km
        && km < 0
    {
        return Err(StoreError::Invalid(format!(
            "odometer reading {km} km is negative"
        )));
    }
    if customer(conn, new.customer_id)?.is_none() {
        return Err(StoreError::NotFound {
            entity: "customers",
            id: new.customer_id,
        });
    }
    let holder: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT v.id, c.name FROM vehicles v JOIN customers c ON c.id = v.customer_id \
             WHERE v.plate = ?1",
        )?
        .query_row([&new.plate], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match holder {
        Some((other, customer)) if Some(other) != this => Err(StoreError::PlateOnFile {
            plate: new.plate.clone(),
            customer,
        }),
        _ => Ok(()),
    }
}

/// Adds a vehicle; a plate already on file is refused with [`StoreError::PlateOnFile`].
pub fn create_vehicle(tx: &Tx<'_>, new: &NewVehicle) -> Result<i64> {
    let actor = tx.require_actor()?;
    let conn = tx.conn();
    check_vehicle(conn, new, None)?;
    conn.prepare_cached(
        "INSERT INTO vehicles (customer_id, plate, plate_flagged, vin, make, model, year, color, \
         last_odometer_km, version, created_at, created_by, updated_at, updated_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?10, ?11)",
    )?
    .insert(params![
        new.customer_id,
        new.plate,
        new.plate_flagged,
        new.vin,
        new.make,
        new.model,
        new.year,
        new.color,
        new.last_odometer_km,
        tx.now_text(),
        actor
    ])?;
    let id = conn.last_insert_rowid();
    tx.audit(
        "create",
        "vehicles",
        Some(id),
        serde_json::json!({
            "customer_id": new.customer_id,
            "plate": new.plate,
            "plate_flagged": new.plate_flagged,
            "vin": new.vin,
            "make": new.make,
            "model": new.model,
            "year": new.year,
            "color": new.color,
            "last_odometer_km": new.last_odometer_km,
        }),
    )?;
    Ok(id)
}

/// Saves a vehicle loaded at `expected_version` (also moves it to another customer when
/// `customer_id` differs); a plate held by another vehicle is refused.
pub fn update_vehicle(tx: &Tx<'_>, id: i64, expected_version: i64, new: &NewVehicle) -> Result<()> {
    tx.bump_version("vehicles", id, expected_version)?;
    let conn = tx.conn();
    check_vehicle(conn, new, Some(id))?;
    let old = vehicle(conn, id)?.ok_or(StoreError::NotFound {
        entity: "vehicles",
        id,
    })?;
    conn.prepare_cached(
        "UPDATE vehicles SET customer_id = ?1, plate = ?2, plate_flagged = ?3, vin = ?4, \
         make = ?5, model = ?6, year = ?7, color = ?8, last_odometer_km = ?9 WHERE id = ?10",
    )?
    .execute(params![
        new.customer_id,
        new.plate,
        new.plate_flagged,
        new.vin,
        new.make,
        new.model,
        new.year,
        new.color,
        new.last_odometer_km,
        id
    ])?;
    let mut changed = serde_json::Map::new();
    diff(
        &mut changed,
        "customer_id",
        &old.customer_id,
        &new.customer_id,
    );
    diff(&mut changed, "plate", &old.plate, &new.plate);
    diff(
        &mut changed,
        "plate_flagged",
        &old.plate_flagged,
        &new.plate_flagged,
    );
    diff(&mut changed, "vin", &old.vin, &new.vin);
    diff(&mut changed, "make", &old.make, &new.make);
    diff(&mut changed, "model", &old.model, &new.model);
    diff(&mut changed, "year", &old.year, &new.year);
    diff(&mut changed, "color", &old.color, &new.color);
    diff(
        &mut changed,
        "last_odometer_km",
        &old.last_odometer_km,
        &new.last_odometer_km,
    );
    tx.audit(
        "update",
        "vehicles",
        Some(id),
        serde_json::json!({ "version": expected_version + 1, "changed": changed }),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Search

/// Query text turned into the shapes each index understands.
#[derive(Debug, Clone, PartialEq)]
struct Query {
    /// Uppercased, separators removed: compared with plates.
    plate: String,
    /// The digits of a phone number, when the query is one (or a piece of one).
    phone: Option<String>,
    /// Trimmed text as typed: compared with names.
    name: String,
}

/// Separators people type inside plates and phone numbers.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '·' | '•' | '・' | '-' | '－' | '—' | '.' | '(' | ')' | '（' | '）'
    )
}

/// Full-width ASCII (Ａ, １) as typed by CJK input methods, to ASCII.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Local, deliberately simple normalisation (the domain parsers own the real rules).
fn parse_query(raw: &str) -> Query {
    let name = raw.trim().to_string();
    let plate: String = raw
        .chars()
        .map(narrow)
        .filter(|c| !is_separator(*c))
        .flat_map(char::to_uppercase)
        .collect();
    let digits_only = plate.strip_prefix('+').unwrap_or(&plate);
    let phone =
        (!digits_only.is_empty() && digits_only.chars().all(|c| c.is_ascii_digit())).then(|| {
            match digits_only.strip_prefix("86") {
                Some(rest) if digits_only.len() == 13 => rest.to_string(),
                _ => digits_only.to_string(),
            }
        });
    Query { plate, phone, name }
}

/// The exclusive upper bound of the strings starting with `prefix` (binary collation).
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    ExactPlate,
    PlatePrefix,
    Phone,
    Name,
}

const SQL_PLATE_PREFIX: &str = "SELECT id, customer_id, plate, plate_key FROM vehicles \
     WHERE plate >= ?1 AND plate < ?2 ORDER BY plate LIMIT ?3";
const SQL_PLATE_KEY_PREFIX: &str = "SELECT id, customer_id, plate, plate_key FROM vehicles \
     WHERE plate_key >= ?1 AND plate_key < ?2 ORDER BY plate_key, plate LIMIT ?3";
const SQL_PLATE_SERIAL_PREFIX: &str = "SELECT id, customer_id, plate, plate_serial FROM vehicles \
     WHERE plate_serial >= ?1 AND plate_serial < ?2 ORDER BY plate_serial, plate LIMIT ?3";
const SQL_PHONE_TAIL: &str = "SELECT id FROM customers \
     WHERE phone_tail4 = ?1 AND substr(phone, length(phone) - length(?2) + 1) = ?2 ORDER BY phone, id LIMIT ?3";
const SQL_PHONE_PREFIX: &str =
    "SELECT id FROM customers WHERE phone >= ?1 AND phone < ?2 ORDER BY phone, id LIMIT ?3";
const SQL_NAME_PREFIX: &str =
    "SELECT id FROM customers WHERE name >= ?1 AND name < ?2 ORDER BY name, id LIMIT ?3";
const SQL_NAME_SUBSTRING: &str = "SELECT DISTINCT customer_id FROM customer_name_keys \
     WHERE key >= ?1 AND key < ?2 LIMIT ?3";
/// The keys of [`SQL_NAME_SUBSTRING`] on PostgreSQL, a batch at a time after `(?1, ?2)`
/// in the key's order ([`name_piece_customers`]).
const SQL_NAME_KEYS_PG: &str = "SELECT key, customer_id FROM customer_name_keys \
     WHERE (key, customer_id) > (?1, ?2) AND key < ?3 ORDER BY key, customer_id LIMIT ?4";

/// The first `limit` customers with a name key starting with `piece`, in the keys'
/// order: what SQLite's `DISTINCT … LIMIT` gives as it walks the key index and stops.
/// PostgreSQL has no such early stop for DISTINCT, so the keys are walked here, a batch
/// at a time, each customer taken the first time it comes.
fn name_piece_customers(conn: &Connection, piece: &str, limit: i64) -> Result<Vec<i64>> {
    if conn.engine() == crate::store::db::Engine::Sqlite {
        let mut st = conn.prepare_cached(SQL_NAME_SUBSTRING)?;
        let rows = st.query_map(params![piece, upper_bound(piece), limit], |r| r.get(0))?;
        return Ok(rows.collect::<Result<_, _>>()?);
    }
    let (hi, batch) = (upper_bound(piece), limit.max(1) * 4);
    let mut st = conn.prepare_cached(SQL_NAME_KEYS_PG)?;
    let (mut after, mut after_id) = (piece.to_string(), i64::MIN);
    let mut out: Vec<i64> = Vec::new();
    let mut seen = HashSet::new();
    loop {
        let rows: Vec<(String, i64)> = st
            .query_map(params![after, after_id, hi, batch], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let full = rows.len() as i64 == batch;
        for (key, id) in rows {
            if seen.insert(id) {
                out.push(id);
                if out.len() as i64 == limit {
                    return Ok(out);
                }
            }
            (after, after_id) = (key, id);
        }
        if !full {
            return Ok(out);
        }
    }
}
const SQL_VEHICLES_OF: &str = "SELECT id FROM vehicles WHERE customer_id = ?1 ORDER BY id";
const SQL_HIT: &str = "SELECT c.name, c.phone, v.plate, v.make, v.model, \
       (SELECT max(r.created_at) FROM repair_orders r WHERE r.vehicle_id = v.id), \
       (SELECT count(*) FROM repair_orders r WHERE r.vehicle_id = v.id \
            AND r.state NOT IN ('delivered', 'cancelled')), \
       (SELECT count(*) FROM complaints k WHERE k.customer_id = c.id AND k.stage <> 'closed') \
     FROM customers c LEFT JOIN vehicles v ON v.id = ?2 WHERE c.id = ?1";

/// Finds customers and vehicles by plate (with or without the province character),
/// by phone (prefix, or the last 4+ digits) or by a piece of the name. Ranked: exact
/// plate, plate prefix, phone, name; at most `limit` hits.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let q = parse_query(query);
    if q.name.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let lim = limit as i64;
    // (rank, customer, vehicle)
    let mut found: Vec<(Rank, i64, Option<i64>)> = Vec::new();

    // Plates.
    if !q.plate.is_empty() {
        let mut plates: Vec<(Rank, String, i64, i64)> = Vec::new(); // rank, plate, vehicle, customer
        let mut seen = HashSet::new();
        let hi = upper_bound(&q.plate);
        let mut run = |sql: &str| -> Result<()> {
            let mut st = conn.prepare_cached(sql)?;
            let mut rows = st.query(params![q.plate, hi, lim])?;
            while let Some(r) = rows.next()? {
                let r = &r;
                let (vid, cid): (i64, i64) = (r.get(0)?, r.get(1)?);
                let (plate, key): (String, String) = (r.get(2)?, r.get(3)?);
                if seen.insert(vid) {
                    let rank = if plate == q.plate || key == q.plate {
                        Rank::ExactPlate
                    } else {
                        Rank::PlatePrefix
                    };
                    plates.push((rank, plate, vid, cid));
                }
            }
            Ok(())
        };
        run(SQL_PLATE_PREFIX)?;
        // A query starting with the province character only matches whole plates.
        if q.plate.starts_with(|c: char| c.is_ascii()) {
            run(SQL_PLATE_KEY_PREFIX)?;
        }
        // The plate's serial as read off the car ("24464" for 粤A·24464), also when it
        // looks like the tail of a phone number.
        if q.plate.len() >= 3 && q.plate.chars().all(|c| c.is_ascii_alphanumeric()) {
            run(SQL_PLATE_SERIAL_PREFIX)?;
        }
        plates.sort();
        found.extend(plates.into_iter().map(|(rank, _, v, c)| (rank, c, Some(v))));
    }

    // Phones and names match customers; each brings all their vehicles.
    let mut customers: Vec<(Rank, i64)> = Vec::new();
    let ids = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Vec<i64>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(p, |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    if let Some(digits) = &q.phone {
        if digits.len() >= 4 {
            let tail4 = &digits[digits.len() - 4..];
            for id in ids(SQL_PHONE_TAIL, &[&tail4, digits, &lim])? {
                customers.push((Rank::Phone, id));
            }
        }
        for id in ids(SQL_PHONE_PREFIX, &[digits, &upper_bound(digits), &lim])? {
            customers.push((Rank::Phone, id));
        }
    } else if found.len() < limit {
        for id in ids(SQL_NAME_PREFIX, &[&q.name, &upper_bound(&q.name), &lim])? {
            customers.push((Rank::Name, id));
        }
        if customers.len() + found.len() < limit {
            // LIKE's case folding: ASCII only, as SQLite's lower() in the key.
            let piece = q.name.to_ascii_lowercase();
            for id in name_piece_customers(conn, &piece, lim)? {
                customers.push((Rank::Name, id));
            }
        }
    }
    let mut seen_customers = HashSet::new();
    for (rank, cid) in customers {
        if found.len() >= limit {
            break;
        }
        if !seen_customers.insert(cid) {
            continue;
        }
        let vehicles = ids(SQL_VEHICLES_OF, &[&cid])?;
        if vehicles.is_empty() {
            found.push((rank, cid, None));
        }
        found.extend(vehicles.into_iter().map(|v| (rank, cid, Some(v))));
    }

    // One line per (customer, vehicle), best rank first.
    let mut seen = HashSet::new();
    let mut hits = Vec::new();
    let mut st = conn.prepare_cached(SQL_HIT)?;
    for (_, cid, vid) in found {
        if hits.len() >= limit {
            break;
        }
        if !seen.insert((cid, vid)) {
            continue;
        }
        let hit = st
            .query_row(params![cid, vid], |r| {
                Ok(SearchHit {
                    customer_id: cid,
                    customer_name: r.get(0)?,
                    phone: r.get(1)?,
                    vehicle_id: vid,
                    plate: r.get(2)?,
                    make: r.get(3)?,
                    model: r.get(4)?,
                    last_visit: r.get(5)?,
                    open_repair_orders: r.get(6)?,
                    open_complaints: r.get(7)?,
                })
            })
            .optional()?;
        hits.extend(hit);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised_for_plates_and_phones() {
        let q = parse_query(" 粤b·12-3 ");
        assert_eq!(q.plate, "粤B123");
        assert_eq!(q.phone, None);
        assert_eq!(q.name, "粤b·12-3");
        let q = parse_query("138 0013 8000");
        assert_eq!(q.phone.as_deref(), Some("13800138000"));
        let q = parse_query("+86 138-0013-8000");
        assert_eq!(q.phone.as_deref(), Some("13800138000"));
        let q = parse_query("ｂ１２");
        assert_eq!(q.plate, "B12");
        assert_eq!(parse_query("8000").phone.as_deref(), Some("8000"));
    }

    /// Every search statement must use an index, so the counter stays fast on 300,000
    /// vehicles.
    #[test]
    fn search_statements_use_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::store::Store::open(&dir.path().join("fd.db"), crate::store::Access::ReadWrite)
                .unwrap();
        let conn = store.conn();
        for sql in [
            SQL_PLATE_PREFIX,
            SQL_PLATE_KEY_PREFIX,
            SQL_PLATE_SERIAL_PREFIX,
            SQL_PHONE_TAIL,
            SQL_PHONE_PREFIX,
            SQL_NAME_PREFIX,
            SQL_NAME_SUBSTRING,
            SQL_VEHICLES_OF,
            SQL_HIT,
        ] {
            let plan = crate::store::testing::query_plan(conn, sql).unwrap();
            for step in &plan {
                // `k` is complaints: small, counted per hit (its owner indexes it).
                assert!(
                    !step.starts_with("SCAN") || step.starts_with("SCAN k"),
                    "{sql}\nuses a full scan: {plan:#?}"
                );
            }
        }
    }
}
