//! The shop's job catalog in the database (issue 15): standard operations, the parts
//! price list and the packages, each change by a manager or a supervisor, audited, with
//! the price history; and the completion that finds entries by any typed piece of a code
//! or a name.
//!
//! An order's line copies what it takes from the catalog, so nothing here ever touches
//! an order.

use crate::store::db::{Connection, OptionalExtension, params};

use crate::domain::catalog::{self, Unit};

use super::{Result, StoreError, Tx, staff};

pub mod due;
pub mod keep;

/// A part on the price list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub id: i64,
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Unit,
    pub price_cents: i64,
    pub in_stock: bool,
    pub version: i64,
}

/// A part as a price list gives it (already checked by `domain::catalog`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPart {
    pub part_number: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: Unit,
    pub price_cents: i64,
    pub in_stock: bool,
}

/// A standard labour operation (标准工时).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub hours_centi: i64,
    /// `None`: the shop's labour rate.
    pub rate_cents: Option<i64>,
    pub warranty: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOperation {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub hours_centi: i64,
    pub rate_cents: Option<i64>,
    pub warranty: bool,
}

/// What a package line takes: an operation or a part, by its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemCode {
    Operation(String),
    Part(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPackage {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub due_km: Option<i64>,
    /// Each line with its quantity in hundredths (hours factor or pieces).
    pub lines: Vec<(ItemCode, i64)>,
}

/// What one save did to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Updated,
    Unchanged,
}

/// How many entries an import added, changed, and left as they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Counts {
    fn count(&mut self, c: Change) {
        match c {
            Change::Added => self.added += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

fn require_editor(tx: &Tx<'_>) -> Result<()> {
    staff::require_manager(tx, "change the catalog").map(|_| ())
}

/// The table of a kind of entry.
pub(crate) fn table(kind: &str) -> &'static str {
    match kind {
        "part" => "catalog_parts",
        "operation" => "catalog_operations",
        _ => "catalog_packages",
    }
}

/// Rewrites the search keys of one entry; a withdrawn entry has none, so the completion
/// never offers it.
fn index(tx: &Tx<'_>, kind: &str, id: i64, texts: &[&str]) -> Result<()> {
    let c = tx.conn();
    c.prepare_cached("DELETE FROM catalog_keys WHERE kind = ?1 AND item_id = ?2")?
        .execute(params![kind, id])?;
    let active: bool = c
        .prepare_cached(&format!("SELECT active FROM {} WHERE id = ?1", table(kind)))?
        .query_row([id], |r| r.get(0))?;
    if !active {
        return Ok(());
    }
    let mut st = c.prepare_cached(
        "INSERT INTO catalog_keys (key, kind, item_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?;
    for key in catalog::keys(texts) {
        st.execute(params![key, kind, id])?;
    }
    Ok(())
}

fn price_history(tx: &Tx<'_>, column: &str, id: i64, price: Option<i64>) -> Result<()> {
    tx.conn()
        .prepare_cached(&format!(
            "INSERT INTO catalog_prices ({column}, price_cents, since, set_by) \
             VALUES (?1, ?2, ?3, ?4)"
        ))?
        .execute(params![id, price, tx.now_text(), tx.actor()])?;
    Ok(())
}

/// Adds a part, or brings the part with its number up to `p`; a new price is added to
/// the price history. The caller checks who may (see [`import_parts`]).
fn save_part(tx: &Tx<'_>, p: &NewPart) -> Result<Change> {
    let c = tx.conn();
    let old = part_by_number(c, &p.part_number)?;
    let change = match &old {
        None => {
            c.prepare_cached(
                "INSERT INTO catalog_parts (part_number, name_zh, name_en, unit, price_cents, \
                 in_stock, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .insert(params![
                p.part_number,
                p.name_zh,
                p.name_en,
                p.unit.as_str(),
                p.price_cents,
                p.in_stock,
                tx.now_text(),
                tx.actor()
            ])?;
            let id = c.last_insert_rowid();
            price_history(tx, "part_id", id, Some(p.price_cents))?;
            index(tx, "part", id, &[&p.part_number, &p.name_zh, &p.name_en])?;
            Change::Added
        }
        Some(o)
            if (&o.name_zh, &o.name_en, o.unit, o.price_cents, o.in_stock)
                == (&p.name_zh, &p.name_en, p.unit, p.price_cents, p.in_stock) =>
        {
            Change::Unchanged
        }
        Some(o) => {
            c.prepare_cached(
                "UPDATE catalog_parts SET name_zh = ?1, name_en = ?2, unit = ?3, \
                 price_cents = ?4, in_stock = ?5, version = version + 1, updated_at = ?6, \
                 updated_by = ?7 WHERE id = ?8",
            )?
            .execute(params![
                p.name_zh,
                p.name_en,
                p.unit.as_str(),
                p.price_cents,
                p.in_stock,
                tx.now_text(),
                tx.actor(),
                o.id
            ])?;
            if o.price_cents != p.price_cents {
                price_history(tx, "part_id", o.id, Some(p.price_cents))?;
            }
            index(tx, "part", o.id, &[&p.part_number, &p.name_zh, &p.name_en])?;
            Change::Updated
        }
    };
    Ok(change)
}

fn save_operation(tx: &Tx<'_>, o: &NewOperation) -> Result<Change> {
    let c = tx.conn();
    let old = operation_by_code(c, &o.code)?;
    let change = match &old {
        None => {
            c.prepare_cached(
                "INSERT INTO catalog_operations (code, name_zh, name_en, hours_centi, \
                 rate_cents, warranty, updated_at, updated_by) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .insert(params![
                o.code,
                o.name_zh,
                o.name_en,
                o.hours_centi,
                o.rate_cents,
                o.warranty,
                tx.now_text(),
                tx.actor()
            ])?;
            let id = c.last_insert_rowid();
            price_history(tx, "operation_id", id, o.rate_cents)?;
            index(tx, "operation", id, &[&o.code, &o.name_zh, &o.name_en])?;
            Change::Added
        }
        Some(x)
            if (
                &x.name_zh,
                &x.name_en,
                x.hours_centi,
                x.rate_cents,
                x.warranty,
            ) == (
                &o.name_zh,
                &o.name_en,
                o.hours_centi,
                o.rate_cents,
                o.warranty,
            ) =>
        {
            Change::Unchanged
        }
        Some(x) => {
            c.prepare_cached(
                "UPDATE catalog_operations SET name_zh = ?1, name_en = ?2, hours_centi = ?3, \
                 rate_cents = ?4, warranty = ?5, version = version + 1, updated_at = ?6, \
                 updated_by = ?7 WHERE id = ?8",
            )?
            .execute(params![
                o.name_zh,
                o.name_en,
                o.hours_centi,
                o.rate_cents,
                o.warranty,
                tx.now_text(),
                tx.actor(),
                x.id
            ])?;
            if x.rate_cents != o.rate_cents {
                price_history(tx, "operation_id", x.id, o.rate_cents)?;
            }
            index(tx, "operation", x.id, &[&o.code, &o.name_zh, &o.name_en])?;
            Change::Updated
        }
    };
    Ok(change)
}

/// Adds or updates every part of a price list in `tx`, as a manager or a supervisor, with
/// one audit row of what the import did (`file` names where it came from). A refused row
/// is the caller's to report before this is called: this writes all or, on an error,
/// nothing (the transaction is rolled back).
pub fn import_parts(tx: &Tx<'_>, file: &str, parts: &[NewPart]) -> Result<Counts> {
    import_all(tx, file, "catalog_parts", parts, save_part)
}

/// As [`import_parts`], for the standard operations.
pub fn import_operations(tx: &Tx<'_>, file: &str, ops: &[NewOperation]) -> Result<Counts> {
    import_all(tx, file, "catalog_operations", ops, save_operation)
}

fn import_all<T>(
    tx: &Tx<'_>,
    file: &str,
    entity: &str,
    items: &[T],
    save: impl Fn(&Tx<'_>, &T) -> Result<Change>,
) -> Result<Counts> {
    require_editor(tx)?;
    let mut counts = Counts::default();
    for item in items {
        counts.count(save(tx, item)?);
    }
    tx.audit(
        "catalog.import",
        entity,
        None,
        serde_json::json!({ "file": file, "counts": counts }),
    )?;
    Ok(counts)
}

/// Adds or replaces packages (their lines are rewritten), each line naming an operation
/// or a part already in the catalog; audited like an import.
pub fn import_packages(tx: &Tx<'_>, file: &str, packages: &[NewPackage]) -> Result<Counts> {
    import_all(tx, file, "catalog_packages", packages, save_package)
}

/// Adds a package, or brings the package with its code up to `p` (its lines rewritten).
fn save_package(tx: &Tx<'_>, p: &NewPackage) -> Result<Change> {
    let c = tx.conn();
    let old: Option<i64> = c
        .prepare_cached("SELECT id FROM catalog_packages WHERE code = ?1")?
        .query_row([&p.code], |r| r.get(0))
        .optional()?;
    let (id, change) = match old {
        Some(id) => {
            c.prepare_cached(
                "UPDATE catalog_packages SET name_zh = ?1, name_en = ?2, due_km = ?3, \
                 version = version + 1, updated_at = ?4, updated_by = ?5 WHERE id = ?6",
            )?
            .execute(params![
                p.name_zh,
                p.name_en,
                p.due_km,
                tx.now_text(),
                tx.actor(),
                id
            ])?;
            c.prepare_cached("DELETE FROM catalog_package_lines WHERE package_id = ?1")?
                .execute([id])?;
            (id, Change::Updated)
        }
        None => {
            c.prepare_cached(
                "INSERT INTO catalog_packages (code, name_zh, name_en, due_km, updated_at, \
                 updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .insert(params![
                p.code,
                p.name_zh,
                p.name_en,
                p.due_km,
                tx.now_text(),
                tx.actor()
            ])?;
            (c.last_insert_rowid(), Change::Added)
        }
    };
    for (i, (item, qty)) in p.lines.iter().enumerate() {
        let (op, part) = match item {
            ItemCode::Operation(code) => (
                Some(operation_by_code(c, code)?.ok_or_else(|| unknown(code))?.id),
                None,
            ),
            ItemCode::Part(number) => (
                None,
                Some(
                    part_by_number(c, number)?
                        .ok_or_else(|| unknown(number))?
                        .id,
                ),
            ),
        };
        c.prepare_cached(
            "INSERT INTO catalog_package_lines (package_id, position, operation_id, \
             part_id, quantity_centi) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, i as i64 + 1, op, part, qty])?;
    }
    index(tx, "package", id, &[&p.code, &p.name_zh, &p.name_en])?;
    Ok(change)
}

fn unknown(code: &str) -> StoreError {
    StoreError::Catalog(catalog::CatalogError::UnknownItem { code: code.into() })
}

const PART_COLUMNS: &str =
    "id, part_number, name_zh, name_en, unit, price_cents, in_stock, version";

fn part_row(r: &crate::store::db::Row<'_>) -> crate::store::db::Result<Part> {
    let unit: String = r.get(4)?;
    Ok(Part {
        id: r.get(0)?,
        part_number: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        unit: unit.parse().map_err(|e| {
            crate::store::db::Error::from(rusqlite::Error::FromSqlConversionFailure(
                4,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })?,
        price_cents: r.get(5)?,
        in_stock: r.get(6)?,
        version: r.get(7)?,
    })
}

const OPERATION_COLUMNS: &str =
    "id, code, name_zh, name_en, hours_centi, rate_cents, warranty, version";

fn operation_row(r: &crate::store::db::Row<'_>) -> crate::store::db::Result<Operation> {
    Ok(Operation {
        id: r.get(0)?,
        code: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        hours_centi: r.get(4)?,
        rate_cents: r.get(5)?,
        warranty: r.get(6)?,
        version: r.get(7)?,
    })
}

pub fn part_by_number(conn: &Connection, number: &str) -> Result<Option<Part>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PART_COLUMNS} FROM catalog_parts WHERE part_number = ?1"
        ))?
        .query_row([number], part_row)
        .optional()?)
}

pub fn operation_by_code(conn: &Connection, code: &str) -> Result<Option<Operation>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {OPERATION_COLUMNS} FROM catalog_operations WHERE code = ?1"
        ))?
        .query_row([code], operation_row)
        .optional()?)
}

/// Every active part, by part number (for the export).
pub fn parts(conn: &Connection) -> Result<Vec<Part>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PART_COLUMNS} FROM catalog_parts WHERE active = 1 ORDER BY part_number"
    ))?;
    let rows = st.query_map([], part_row)?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// Every active operation, by code (for the export).
pub fn operations(conn: &Connection) -> Result<Vec<Operation>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {OPERATION_COLUMNS} FROM catalog_operations WHERE active = 1 ORDER BY code"
    ))?;
    let rows = st.query_map([], operation_row)?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// A part's prices, oldest first: (price in cents, since).
pub fn part_prices(conn: &Connection, id: i64) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT price_cents, since FROM catalog_prices WHERE part_id = ?1 ORDER BY since, id",
    )?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// How many parts, operations and packages the catalog holds.
pub fn sizes(conn: &Connection) -> Result<(usize, usize, usize)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM catalog_parts), \
         (SELECT count(*) FROM catalog_operations), (SELECT count(*) FROM catalog_packages)",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
            ))
        },
    )?)
}

/// The entries a typed piece of a code or a name finds: the statement for a plan check
/// and a benchmark (parameters: the folded query, the end of its key range, the limit).
pub const SQL_FIND: &str = "SELECT DISTINCT kind, item_id FROM catalog_keys \
     WHERE key >= ?1 AND key < ?2 LIMIT ?3";

/// [`SQL_FIND`] on PostgreSQL: SQLite walks the key index and stops at the limit, so its
/// entries come in key order; PostgreSQL is told that order.
const SQL_FIND_PG: &str = "SELECT kind, item_id FROM catalog_keys \
     WHERE key >= ?1 AND key < ?2 \
     GROUP BY kind, item_id ORDER BY min(key), kind, item_id LIMIT ?3";

/// What a catalog search found, in the order found (kind, id).
pub fn find(conn: &Connection, query: &str, limit: usize) -> Result<Vec<(String, i64)>> {
    let Some((from, to)) = key_range(query) else {
        return Ok(Vec::new());
    };
    let mut st = conn.prepare_cached(match conn.engine() {
        crate::store::db::Engine::Sqlite => SQL_FIND,
        crate::store::db::Engine::Postgres => SQL_FIND_PG,
    })?;
    let rows = st.query_map(params![from, to, limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// One entry the completion offers: what a line takes from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    pub id: i64,
    /// The part number or the operation's or package's code.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Parts: the unit price; operations: the rate (`None`: the shop's).
    pub price_cents: Option<i64>,
    /// Operations: the standard hours ×100.
    pub hours_centi: Option<i64>,
    pub unit: Option<Unit>,
    pub in_stock: bool,
    pub warranty: bool,
    /// Packages: the total of its lines (labour at the shop's rate where the operation
    /// has none), as the lines it fills will add up.
    pub total_cents: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Operation,
    Part,
    Package,
}

/// What [`SQL_COMPLETE`] selects of each entry `k` (both engines' texts).
macro_rules! complete_columns {
    () => {
        "SELECT k.kind, k.item_id, \
     COALESCE(p.part_number, o.code, g.code), COALESCE(p.name_zh, o.name_zh, g.name_zh), \
     COALESCE(p.name_en, o.name_en, g.name_en), COALESCE(p.price_cents, o.rate_cents), \
     o.hours_centi, p.unit, COALESCE(p.in_stock, 1), COALESCE(o.warranty, 0), \
     CASE WHEN g.id IS NOT NULL THEN (SELECT SUM(CASE WHEN pl.part_id IS NOT NULL \
          THEN (pl.quantity_centi * pp.price_cents + 50) / 100 \
          ELSE ((pl.quantity_centi * po.hours_centi / 100) * COALESCE(po.rate_cents, ?4) + 50) \
               / 100 END) \
        FROM catalog_package_lines pl \
        LEFT JOIN catalog_parts pp ON pp.id = pl.part_id \
        LEFT JOIN catalog_operations po ON po.id = pl.operation_id \
        WHERE pl.package_id = g.id) END "
    };
}

/// How [`SQL_COMPLETE`] joins each entry `k` to its part, operation or package.
macro_rules! complete_joins {
    () => {
        "LEFT JOIN catalog_parts p ON k.kind = 'part' AND p.id = k.item_id \
     LEFT JOIN catalog_operations o ON k.kind = 'operation' AND o.id = k.item_id \
     LEFT JOIN catalog_packages g ON k.kind = 'package' AND g.id = k.item_id"
    };
}

/// The completion's statement: the first `?3` entries whose keys start with the folded
/// query `?1` (`?2` ends the key range), with what a line takes from each, and for a
/// package the total of its lines at the shop's labour rate `?4` — one statement, each
/// entry found by its primary key.
pub const SQL_COMPLETE: &str = concat!(
    complete_columns!(),
    "FROM (SELECT DISTINCT kind, item_id FROM catalog_keys \
           WHERE key >= ?1 AND key < ?2 LIMIT ?3) k ",
    complete_joins!()
);

/// [`SQL_COMPLETE`] on PostgreSQL, in the key order SQLite's index walk gives.
const SQL_COMPLETE_PG: &str = concat!(
    complete_columns!(),
    "FROM (SELECT kind, item_id, min(key) AS first_key FROM catalog_keys \
           WHERE key >= ?1 AND key < ?2 GROUP BY kind, item_id \
           ORDER BY first_key, kind, item_id LIMIT ?3) k ",
    complete_joins!(),
    " ORDER BY k.first_key, k.kind, k.item_id"
);

/// The key range of a typed query: `(from, to)`, or `None` when nothing is typed.
pub fn key_range(query: &str) -> Option<(String, String)> {
    let q = catalog::fold_key(query);
    (!q.is_empty()).then(|| {
        let end = format!("{q}\u{10FFFF}");
        (q, end)
    })
}

/// What the completion offers for `query` (a code or any piece of a name, either
/// language), at most `limit` entries, in key order (a code typed whole comes first);
/// `rate_cents` is the shop's labour rate, for the packages' totals.
pub fn complete(conn: &Connection, query: &str, limit: usize, rate_cents: i64) -> Result<Vec<Hit>> {
    let Some((from, to)) = key_range(query) else {
        return Ok(Vec::new());
    };
    let mut st = conn.prepare_cached(match conn.engine() {
        crate::store::db::Engine::Sqlite => SQL_COMPLETE,
        crate::store::db::Engine::Postgres => SQL_COMPLETE_PG,
    })?;
    let rows = st.query_map(params![from, to, limit as i64, rate_cents], |r| {
        let kind: String = r.get(0)?;
        let unit: Option<String> = r.get(7)?;
        Ok(Hit {
            kind: match kind.as_str() {
                "part" => HitKind::Part,
                "operation" => HitKind::Operation,
                _ => HitKind::Package,
            },
            id: r.get(1)?,
            code: r.get(2)?,
            name_zh: r.get(3)?,
            name_en: r.get(4)?,
            price_cents: r.get(5)?,
            hours_centi: r.get(6)?,
            unit: unit.and_then(|u| u.parse().ok()),
            in_stock: r.get(8)?,
            warranty: r.get(9)?,
            total_cents: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// One line a package fills: what the order's job line takes (the quantity already the
/// package's factor times the operation's hours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLine {
    pub labour: bool,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub quantity_centi: i64,
    /// `None`: labour at the shop's rate.
    pub unit_price_cents: Option<i64>,
    pub warranty: bool,
}

/// The lines of package `id`, in order.
pub fn package_lines(conn: &Connection, id: i64) -> Result<Vec<PackageLine>> {
    let mut st = conn.prepare_cached(
        "SELECT pl.operation_id IS NOT NULL, COALESCE(po.code, pp.part_number), \
         COALESCE(po.name_zh, pp.name_zh), COALESCE(po.name_en, pp.name_en), \
         CASE WHEN po.id IS NOT NULL THEN pl.quantity_centi * po.hours_centi / 100 \
              ELSE pl.quantity_centi END, \
         CASE WHEN po.id IS NOT NULL THEN po.rate_cents ELSE pp.price_cents END, \
         COALESCE(po.warranty, 0) \
         FROM catalog_package_lines pl \
         LEFT JOIN catalog_operations po ON po.id = pl.operation_id \
         LEFT JOIN catalog_parts pp ON pp.id = pl.part_id \
         WHERE pl.package_id = ?1 ORDER BY pl.position",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(PackageLine {
            labour: r.get(0)?,
            code: r.get(1)?,
            name_zh: r.get(2)?,
            name_en: r.get(3)?,
            quantity_centi: r.get(4)?,
            unit_price_cents: r.get(5)?,
            warranty: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}
