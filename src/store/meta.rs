//! What a database is for: a demo shop or a real one.
//!
//! `frontdesk demo` marks the database it fills (the `demo` key of `shop_settings`,
//! written in the same transaction as the demo's first staff member), so that a later
//! `demo --force` can tell a demo it may replace from a shop's real data, which it never
//! touches. Replacing a demo empties it in one transaction, in place: no file is deleted,
//! and a console that has the demo open simply sees the new one.

use crate::store::db::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, Tx};

/// The `shop_settings` key of the demo marker.
pub const DEMO_KEY: &str = "demo";

/// Tables whose rows are a shop's data (settings alone are not).
const DATA_TABLES: &[&str] = &[
    "staff",
    "customers",
    "vehicles",
    "appointments",
    "repair_orders",
    "complaints",
    "catalog_parts",
    "catalog_operations",
];

/// Marks the database as a demo filled with `seed` (inside the demo's first transaction).
pub fn mark_demo(tx: &Tx<'_>, seed: u64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO shop_settings (key, value, version, updated_at, updated_by) \
             VALUES (?1, ?2, 1, ?3, NULL) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = shop_settings.version + 1, \
             updated_at = excluded.updated_at",
        )?
        .execute(params![DEMO_KEY, seed.to_string(), tx.now_text()])?;
    tx.audit(
        "mark_demo",
        "shop_settings",
        None,
        serde_json::json!({ "seed": seed }),
    )
}

/// The seed of the demo this database holds; `None` for a real shop's database.
pub fn demo_seed(conn: &Connection) -> Result<Option<u64>> {
    let v: Option<String> = conn
        .prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?
        .query_row([DEMO_KEY], |r| r.get(0))
        .optional()?;
    Ok(v.map(|s| s.parse().unwrap_or(0)))
}

/// Whether any staff member, customer, vehicle, appointment, order or complaint is stored.
pub fn holds_data(conn: &Connection) -> Result<bool> {
    for t in DATA_TABLES {
        let any: bool = conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {t})"), [], |r| {
            r.get(0)
        })?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Empties a demo database in one transaction so a new demo can be filled in; refuses
/// ([`StoreError::NotAllowed`]) unless the database is marked as a demo, checked inside
/// the same transaction. The demo's audit log goes with it (its append-only triggers are
/// lifted and put back within the transaction).
pub fn empty_demo(store: &mut Store, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    store.write(None, now, |tx| {
        let conn = tx.conn();
        if demo_seed(conn)?.is_none() {
            return Err(StoreError::NotAllowed(
                "the database holds a shop's own data, not a demo".into(),
            ));
        }
        let triggers: Vec<(String, String)> = {
            let mut st = conn.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
            )?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<crate::store::db::Result<_>>()?
        };
        let tables: Vec<String> = {
            let mut st = conn.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )?;
            st.query_map([], |r| r.get(0))?
                .collect::<crate::store::db::Result<_>>()?
        };
        conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        for t in &tables {
            conn.execute_batch(&format!("DELETE FROM \"{t}\""))?;
        }
        let has_sequence: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence')",
            [],
            |r| r.get(0),
        )?;
        if has_sequence {
            conn.execute_batch("DELETE FROM sqlite_sequence")?;
        }
        for (_, sql) in &triggers {
            conn.execute_batch(sql)?;
        }
        Ok(())
    })
}

/// The names of the schema in `conn`: each table with its columns, the indexes and the
/// triggers (generated columns included; SQLite's own tables and automatic indexes left
/// out).
#[cfg(feature = "postgres")]
pub fn shape(conn: &rusqlite::Connection) -> Result<crate::store::postgres::Shape> {
    let mut shape = crate::store::postgres::Shape::default();
    let mut st = conn.prepare(
        "SELECT m.name, c.name FROM sqlite_master m, pragma_table_xinfo(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let r = &r;
        shape
            .columns
            .entry(r.get(0)?)
            .or_default()
            .insert(r.get(1)?);
    }
    let mut st = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let mut q = st.query([])?;
    while let Some(r) = q.next()? {
        let r = &r;
        let (kind, name): (String, String) = (r.get(0)?, r.get(1)?);
        if kind == "index" {
            shape.indexes.insert(name);
        } else {
            shape.triggers.insert(name);
        }
    }
    Ok(shape)
}
