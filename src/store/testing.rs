//! Helpers for the benchmarks and the store tests: a benchmark's database built once and
//! kept, a database at an older schema version, a statement's query plan, an order put
//! in a state directly. The bulk builders are [`super::bulk`]'s (re-exported here).

use std::path::Path;

use crate::store::db::Connection;

pub use super::bulk::{
    bulk_appointments, bulk_customers, bulk_repair_orders, bulk_repair_orders_at, row_count,
    with_progress,
};
use super::{Access, Result, Store, StoreError};

/// The schema as SQLite holds it (every CREATE statement, by name): two databases with
/// the same fingerprint were made by the same migrations.
fn schema_fingerprint(store: &Store) -> Result<String> {
    Ok(store.conn().query_row(
        "SELECT group_concat(sql, ';') FROM \
         (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL \
         AND name NOT LIKE 'sqlite_%' ORDER BY name)",
        [],
        |r| r.get(0),
    )?)
}

/// A benchmark's database, built once and kept at `path`: it is rebuilt (into a
/// `.partial` file, then renamed) when missing, when `complete` says its contents are
/// not what the benchmark needs, or when the current migrations would make a different
/// schema. Returns a read-only handle.
pub fn cached_database(
    path: &Path,
    complete: impl Fn(&Store) -> bool,
    build: impl FnOnce(&mut Store) -> Result<()>,
) -> Result<Store> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let remove = |p: &Path| {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
        }
    };
    let probe = dir.join(format!("schema-probe-{}.sqlite", std::process::id()));
    let want = schema_fingerprint(&Store::open(&probe, Access::ReadWrite)?)?;
    remove(&probe);
    let usable = match Store::open(path, Access::ReadOnly) {
        Ok(s) => schema_fingerprint(&s)? == want && complete(&s),
        Err(_) => false,
    };
    if !usable {
        let tmp = dir.join(format!(
            "{}.{}.partial",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("bench"),
            std::process::id()
        ));
        remove(&tmp);
        {
            let mut store = Store::open(&tmp, Access::ReadWrite)?;
            build(&mut store)?;
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        remove(path);
        std::fs::rename(&tmp, path).map_err(io)?;
        remove(&tmp);
    }
    Store::open(path, Access::ReadOnly)
}

/// A database file at `path` as an older frontdesk left it: only the first `version`
/// migrations applied (for tests that migrate old files).
pub fn create_at_version(path: &std::path::Path, version: u32) -> Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    for (i, sql) in super::MIGRATIONS.iter().take(version as usize).enumerate() {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", (i + 1) as u32)?;
    }
    Ok(())
}

/// The steps of `EXPLAIN QUERY PLAN` for `sql` (the detail column: `SCAN …`,
/// `SEARCH … USING INDEX …`), in order. Every parameter is bound to NULL: SQLite's
/// plans do not depend on the values.
pub fn query_plan(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let nulls = std::iter::repeat_n(rusqlite::types::Null, st.parameter_count());
    let rows = st.query_map(crate::store::db::params_from_iter(nulls), |r| {
        r.get::<_, String>(3)
    })?;
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// Test fixtures only: moves repair order `id` straight to `to` (stamping `delivered_at`
/// for `delivered`), bypassing the workshop's state machine, with its history event and
/// audit row; a stale `expected_version` is [`StoreError::Conflict`], a closed order is
/// refused. The console and the demo move orders only through `store::workshop`.
pub fn force_state(
    tx: &super::Tx<'_>,
    id: i64,
    expected_version: i64,
    to: crate::domain::kinds::RepairOrderState,
    note: Option<&str>,
) -> Result<()> {
    use crate::domain::kinds::RepairOrderState;
    tx.bump_version("repair_orders", id, expected_version)?;
    let from: RepairOrderState = tx
        .conn()
        .prepare_cached("SELECT state FROM repair_orders WHERE id = ?1")?
        .query_row([id], |r| super::appointments::col::vocab(r, 0))?;
    if !from.is_open() || from == to {
        return Err(StoreError::Invalid(format!(
            "repair order {id} is {} and cannot move to {}",
            from.as_str(),
            to.as_str()
        )));
    }
    tx.conn()
        .prepare_cached(
            "UPDATE repair_orders SET state = ?1, \
             delivered_at = CASE WHEN ?1 = 'delivered' THEN ?2 ELSE delivered_at END \
             WHERE id = ?3",
        )?
        .execute(crate::store::db::params![to.as_str(), tx.now_text(), id])?;
    super::repair_orders::insert_event(tx, id, None, None, Some(from), to, note)?;
    tx.audit(
        "state",
        "repair_orders",
        Some(id),
        serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "note": note }),
    )
}

/// Every table `f` reads through `store`, as SQLite's authorizer reports them while
/// the statements are prepared (the statement cache is emptied first, so none is missed);
/// sqlite's own tables left out. For the check that a screen's list of the tables its
/// rows come from ([`Store::revision_of`]) names them all.
pub fn tables_read<T>(
    store: &mut Store,
    f: impl FnOnce(&mut Store) -> Result<T>,
) -> Result<std::collections::BTreeSet<String>> {
    use rusqlite::hooks::{AuthAction, Authorization};
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(std::collections::BTreeSet::new()));
    let record = Arc::clone(&seen);
    store
        .conn()
        .sqlite("the authorizer")?
        .flush_prepared_statement_cache();
    store.conn().sqlite("the authorizer")?.authorizer(Some(
        move |ctx: rusqlite::hooks::AuthContext<'_>| {
            if let AuthAction::Read { table_name, .. } = ctx.action
                && !table_name.starts_with("sqlite_")
                && let Ok(mut s) = record.lock()
            {
                s.insert(table_name.to_string());
            }
            Authorization::Allow
        },
    ));
    let done = f(store);
    store
        .conn()
        .sqlite("the authorizer")?
        .authorizer(None::<fn(rusqlite::hooks::AuthContext<'_>) -> Authorization>);
    store
        .conn()
        .sqlite("the authorizer")?
        .flush_prepared_statement_cache();
    done?;
    let tables = seen.lock().map(|s| s.clone()).unwrap_or_default();
    Ok(tables)
}

/// The tables of the schema SQLite keeps `WITHOUT ROWID` (their changes are not counted
/// by [`Store::revision_of`]).
pub fn without_rowid_tables(store: &Store) -> Result<Vec<String>> {
    let mut st = store
        .conn()
        .prepare("SELECT name FROM pragma_table_list WHERE wr = 1 ORDER BY name")?;
    let names = st
        .query_map([], |r| r.get(0))?
        .collect::<crate::store::db::Result<_>>()?;
    Ok(names)
}
