//! Keeping the catalog from the console's catalog screen: the list of one kind of entry
//! (searched like the completion, withdrawn entries too), an entry's price history, and
//! one audited transaction per added, changed, withdrawn or restored entry, each
//! checked against the version the screen read.
//!
//! A change never touches an order: a line copied what it took when it was filled.

use crate::store::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use crate::domain::catalog::CatalogError;

use super::super::Store;
use super::{
    Change, HitKind, ItemCode, NewOperation, NewPackage, NewPart, Result, StoreError, Tx, index,
    require_editor, save_operation, save_package, save_part, table,
};

/// One row of the catalog screen's list, whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: HitKind,
    pub id: i64,
    /// The part number, or the operation's or package's code.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Parts only.
    pub unit: Option<crate::domain::catalog::Unit>,
    /// Parts: the price; operations: the rate (`None`: the shop's); packages: none.
    pub price_cents: Option<i64>,
    /// Operations: the standard hours ×100.
    pub hours_centi: Option<i64>,
    pub in_stock: bool,
    pub warranty: bool,
    /// Packages: the mileage it is the service for.
    pub due_km: Option<i64>,
    /// Packages: how many lines.
    pub lines: i64,
    pub active: bool,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

/// What one kind of entry is called in its table, its code column and its list's
/// columns in [`Item`]'s order.
fn kind_sql(kind: HitKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        HitKind::Part => (
            "part",
            "part_number",
            "t.id, t.part_number, t.name_zh, t.name_en, t.unit, t.price_cents, NULL, \
             t.in_stock, 0, NULL, 0",
        ),
        HitKind::Operation => (
            "operation",
            "code",
            "t.id, t.code, t.name_zh, t.name_en, NULL, t.rate_cents, t.hours_centi, 1, \
             t.warranty, NULL, 0",
        ),
        HitKind::Package => (
            "package",
            "code",
            "t.id, t.code, t.name_zh, t.name_en, NULL, NULL, NULL, 1, 0, t.due_km, \
             (SELECT count(*) FROM catalog_package_lines l WHERE l.package_id = t.id)",
        ),
    }
}

pub fn kind_name(kind: HitKind) -> &'static str {
    kind_sql(kind).0
}

/// The statement of the list: every entry in code order when `filtered` is false; else
/// those a search key finds (parameters: the folded query and the end of its key range)
/// and the withdrawn ones whose code or name holds the query (`?3`, through their small
/// partial index) and `?4`, the limit; unfiltered, `?1` is the limit.
pub fn list_sql(kind: HitKind, filtered: bool) -> String {
    let (k, code, cols) = kind_sql(kind);
    let t = table(k);
    let head = format!(
        "SELECT {cols}, t.active, t.version, t.updated_at, s.name FROM {t} t \
         LEFT JOIN staff s ON s.id = t.updated_by"
    );
    if filtered {
        format!(
            "WITH ids(id) AS (SELECT item_id FROM catalog_keys \
               WHERE kind = '{k}' AND key >= ?1 AND key < ?2 \
             UNION SELECT id FROM {t} WHERE active = 0 AND (replace(lower({code}), ?3, '') <> lower({code}) \
               OR replace(name_zh, ?3, '') <> name_zh \
               OR replace(lower(name_en), ?3, '') <> lower(name_en))) \
             {head} JOIN ids ON ids.id = t.id ORDER BY t.{code} LIMIT ?4"
        )
    } else {
        format!("{head} ORDER BY t.{code} LIMIT ?1")
    }
}

/// The entries of one kind the list shows for `query` (empty: from the first code on),
/// at most `limit`, in code order.
pub fn list(conn: &Connection, kind: HitKind, query: &str, limit: usize) -> Result<Vec<Item>> {
    let range = super::key_range(query);
    let needle = query.trim().to_lowercase();
    let mut st = conn.prepare_cached(&list_sql(kind, range.is_some()))?;
    let (from, to) = range.unwrap_or_default();
    let map = |r: &crate::store::db::Row<'_>| {
        let unit: Option<String> = r.get(4)?;
        Ok(Item {
            kind,
            id: r.get(0)?,
            code: r.get(1)?,
            name_zh: r.get(2)?,
            name_en: r.get(3)?,
            unit: unit.and_then(|u| u.parse().ok()),
            price_cents: r.get(5)?,
            hours_centi: r.get(6)?,
            in_stock: r.get(7)?,
            warranty: r.get(8)?,
            due_km: r.get(9)?,
            lines: r.get(10)?,
            active: r.get(11)?,
            version: r.get(12)?,
            updated_at: r.get(13)?,
            updated_by: r.get(14)?,
        })
    };
    let rows = if from.is_empty() {
        st.query_map(params![limit as i64], map)?
            .collect::<crate::store::db::Result<Vec<_>>>()?
    } else {
        st.query_map(params![from, to, needle, limit as i64], map)?
            .collect::<crate::store::db::Result<Vec<_>>>()?
    };
    Ok(rows)
}

/// One price an entry has had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// `None`: an operation at the shop's rate.
    pub price_cents: Option<i64>,
    /// When it was set (UTC, RFC 3339).
    pub since: String,
    pub by: Option<String>,
}

/// The prices of a part or an operation, newest first (a package has none of its own).
pub fn prices(conn: &Connection, kind: HitKind, id: i64) -> Result<Vec<Price>> {
    let column = match kind {
        HitKind::Part => "part_id",
        HitKind::Operation => "operation_id",
        HitKind::Package => return Ok(Vec::new()),
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT c.price_cents, c.since, s.name FROM catalog_prices c \
         LEFT JOIN staff s ON s.id = c.set_by WHERE c.{column} = ?1 \
         ORDER BY c.since DESC, c.id DESC"
    ))?;
    let rows = st.query_map([id], |r| {
        Ok(Price {
            price_cents: r.get(0)?,
            since: r.get(1)?,
            by: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// An entry as the catalog screen's form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Part(NewPart),
    Operation(NewOperation),
    Package(NewPackage),
}

impl Entry {
    pub fn kind(&self) -> HitKind {
        match self {
            Entry::Part(_) => HitKind::Part,
            Entry::Operation(_) => HitKind::Operation,
            Entry::Package(_) => HitKind::Package,
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Entry::Part(p) => &p.part_number,
            Entry::Operation(o) => &o.code,
            Entry::Package(p) => &p.code,
        }
    }

    /// What the audit log records of it.
    fn detail(&self) -> serde_json::Value {
        match self {
            Entry::Part(p) => serde_json::json!({
                "part_number": p.part_number, "name_zh": p.name_zh, "name_en": p.name_en,
                "unit": p.unit.as_str(), "price_cents": p.price_cents, "in_stock": p.in_stock,
            }),
            Entry::Operation(o) => serde_json::json!({
                "code": o.code, "name_zh": o.name_zh, "name_en": o.name_en,
                "hours_centi": o.hours_centi, "rate_cents": o.rate_cents,
                "warranty": o.warranty,
            }),
            Entry::Package(p) => serde_json::json!({
                "code": p.code, "name_zh": p.name_zh, "name_en": p.name_en,
                "due_km": p.due_km,
                "lines": p.lines.iter().map(|(item, qty)| match item {
                    ItemCode::Operation(c) => serde_json::json!({"op": c, "qty_centi": qty}),
                    ItemCode::Part(c) => serde_json::json!({"part": c, "qty_centi": qty}),
                }).collect::<Vec<_>>(),
            }),
        }
    }
}

fn id_by_code(conn: &Connection, kind: HitKind) -> impl Fn(&str) -> Result<Option<i64>> + '_ {
    let (k, code, _) = kind_sql(kind);
    let sql = format!("SELECT id FROM {} WHERE {code} = ?1", table(k));
    move |value: &str| {
        Ok(conn
            .prepare_cached(&sql)?
            .query_row([value], |r| r.get(0))
            .optional()?)
    }
}

/// The row's version must still be `version`: else who changed it, and when.
fn check_version(tx: &Tx<'_>, t: &'static str, id: i64, version: i64) -> Result<()> {
    let now: Option<i64> = tx
        .conn()
        .prepare_cached(&format!("SELECT version FROM {t} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match now {
        Some(v) if v == version => Ok(()),
        // Fails, naming who changed it and when (or that it is gone).
        _ => tx.bump_version(t, id, version),
    }
}

/// Adds `entry` (`existing` is `None`: its code must be new) or changes entry
/// `existing = (id, version)` to it (its code stays), as a manager or a supervisor, with
/// one audit row of what it was and what it is. A changed price adds to the history.
/// Returns the entry's id.
pub fn save(tx: &Tx<'_>, entry: &Entry, existing: Option<(i64, i64)>) -> Result<i64> {
    require_editor(tx)?;
    let kind = entry.kind();
    let t = table(kind_name(kind));
    let found = id_by_code(tx.conn(), kind)(entry.code())?;
    let before = match (existing, found) {
        (None, Some(_)) => {
            return Err(StoreError::Duplicate {
                what: "catalog code",
                value: entry.code().to_string(),
            });
        }
        (None, None) => None,
        (Some((id, version)), found) => {
            check_version(tx, t, id, version)?;
            if found != Some(id) {
                return Err(StoreError::Invalid(format!(
                    "the code of catalog entry {id} cannot change to {}",
                    entry.code()
                )));
            }
            Some(snapshot(tx.conn(), kind, id)?)
        }
    };
    let change = match entry {
        Entry::Part(p) => save_part(tx, p)?,
        Entry::Operation(o) => save_operation(tx, o)?,
        Entry::Package(p) => save_package(tx, p)?,
    };
    let id = id_by_code(tx.conn(), kind)(entry.code())?
        .ok_or(StoreError::NotFound { entity: t, id: 0 })?;
    if change != Change::Unchanged {
        let action = if before.is_some() {
            "catalog.change"
        } else {
            "catalog.add"
        };
        tx.audit(
            action,
            t,
            Some(id),
            serde_json::json!({ "before": before, "after": entry.detail() }),
        )?;
    }
    Ok(id)
}

/// The entry as it is now, for the audit log's "before".
fn snapshot(conn: &Connection, kind: HitKind, id: i64) -> Result<serde_json::Value> {
    let (k, _, cols) = kind_sql(kind);
    let sql = format!("SELECT {cols} FROM {} t WHERE t.id = ?1", table(k));
    let v = conn.query_row(&sql, [id], |r| {
        Ok(serde_json::json!({
            "code": r.get::<_, String>(1)?,
            "name_zh": r.get::<_, String>(2)?,
            "name_en": r.get::<_, String>(3)?,
            "unit": r.get::<_, Option<String>>(4)?,
            "price_cents": r.get::<_, Option<i64>>(5)?,
            "hours_centi": r.get::<_, Option<i64>>(6)?,
            "in_stock": r.get::<_, bool>(7)?,
            "warranty": r.get::<_, bool>(8)?,
            "due_km": r.get::<_, Option<i64>>(9)?,
        }))
    })?;
    Ok(v)
}

/// Withdraws entry `id` from the completion (`active` false) or puts it back, as a
/// manager or a supervisor, audited. A part or an operation an active package still
/// uses cannot be withdrawn: the package would fill it.
pub fn set_active(tx: &Tx<'_>, kind: HitKind, id: i64, version: i64, active: bool) -> Result<()> {
    require_editor(tx)?;
    let k = kind_name(kind);
    let t = table(k);
    let c = tx.conn();
    if !active && kind != HitKind::Package {
        let column = if kind == HitKind::Part {
            "part_id"
        } else {
            "operation_id"
        };
        let user: Option<String> = c
            .prepare_cached(&format!(
                "SELECT g.code FROM catalog_package_lines l \
                 JOIN catalog_packages g ON g.id = l.package_id \
                 WHERE l.{column} = ?1 AND g.active = 1 ORDER BY g.code LIMIT 1"
            ))?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(package) = user {
            return Err(StoreError::Catalog(CatalogError::InPackage { package }));
        }
    }
    tx.bump_version(t, id, version)?;
    c.prepare_cached(&format!("UPDATE {t} SET active = ?1 WHERE id = ?2"))?
        .execute(params![active, id])?;
    let (_, code_col, _) = kind_sql(kind);
    let (code, zh, en): (String, String, String) = c.query_row(
        &format!("SELECT {code_col}, name_zh, name_en FROM {t} WHERE id = ?1"),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    index(tx, k, id, &[&code, &zh, &en])?;
    tx.audit(
        if active {
            "catalog.restore"
        } else {
            "catalog.withdraw"
        },
        t,
        Some(id),
        serde_json::json!({ "code": code }),
    )?;
    Ok(())
}

/// A package's lines as its form writes them: each operation's code or part number with
/// the quantity in hundredths, in order.
pub fn package_items(conn: &Connection, id: i64) -> Result<Vec<(String, i64)>> {
    let mut st = conn.prepare_cached(
        "SELECT COALESCE(o.code, p.part_number), l.quantity_centi \
         FROM catalog_package_lines l \
         LEFT JOIN catalog_operations o ON o.id = l.operation_id \
         LEFT JOIN catalog_parts p ON p.id = l.part_id \
         WHERE l.package_id = ?1 ORDER BY l.position",
    )?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// A package's typed lines as the store keeps them: each code an operation's, else a
/// part number; an unknown code is refused ([`CatalogError::UnknownItem`]).
pub fn resolve(conn: &Connection, typed: &[(String, i64)]) -> Result<Vec<(ItemCode, i64)>> {
    typed
        .iter()
        .map(|(code, qty)| {
            let item = if super::operation_by_code(conn, code)?.is_some() {
                ItemCode::Operation(code.clone())
            } else if super::part_by_number(conn, code)?.is_some() {
                ItemCode::Part(code.clone())
            } else {
                return Err(StoreError::Catalog(CatalogError::UnknownItem {
                    code: code.clone(),
                }));
            };
            Ok((item, *qty))
        })
        .collect()
}

/// [`save`] as one transaction of the catalog screen, a package's typed lines
/// ([`resolve`]d) in the same transaction.
pub fn save_entry(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    entry: &Entry,
    typed_lines: &[(String, i64)],
    existing: Option<(i64, i64)>,
) -> Result<i64> {
    store.write(actor, now, |tx| {
        let mut entry = entry.clone();
        if let Entry::Package(p) = &mut entry {
            p.lines = resolve(tx.conn(), typed_lines)?;
        }
        save(tx, &entry, existing)
    })
}

/// [`set_active`] as one transaction of the catalog screen.
pub fn change_active(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    kind: HitKind,
    id: i64,
    version: i64,
    active: bool,
) -> Result<()> {
    store.write(actor, now, |tx| set_active(tx, kind, id, version, active))
}
