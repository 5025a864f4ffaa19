//! `frontdesk db copy --from shop.db --to postgres://…`: a shop's SQLite database moved
//! into an empty group database with every row, in one transaction, the counts checked.
//!
//! * The source is opened read-only and read in one snapshot; it must be at this
//!   program's schema version (an older file is migrated first, by the user).
//! * The target is migrated first and must hold no row in any table: a copy never mixes
//!   into data already there.
//! * Tables go over parents first (their foreign keys), each by `COPY … FROM STDIN` in
//!   id order, every column as stored (ids included; generated columns are made by the
//!   server). The tables' own triggers are held off while they fill (what they keep —
//!   the boards' copies, the orders' sums — is copied as SQLite kept it), the foreign
//!   keys are checked row by row; the identity sequences are then set past the copied
//!   ids. The row counts of every table are compared before the commit: any difference
//!   and nothing stays.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use rusqlite::types::ValueRef;

use super::postgres::{PgError, Server};
use super::{Access, SCHEMA_VERSION, Store, StoreError};

/// One table copied: its name and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub table: String,
    pub rows: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Source(#[from] StoreError),
    #[error(transparent)]
    Target(#[from] PgError),
    /// The source file is at another schema version.
    #[error("{path} is at schema version {found}; this program copies version {known}")]
    SourceVersion {
        path: String,
        found: u32,
        known: u32,
    },
    /// The target already holds rows.
    #[error("{server} already holds data ({table}: {rows} rows)")]
    NotEmpty {
        server: String,
        table: String,
        rows: i64,
    },
    /// The counts after the copy differ (nothing was kept).
    #[error("{table}: {source_rows} rows in the file, {target_rows} in {server}")]
    Counts {
        server: String,
        table: String,
        source_rows: i64,
        target_rows: i64,
    },
}

impl From<super::db::Error> for CopyError {
    fn from(e: super::db::Error) -> Self {
        CopyError::Source(e.into())
    }
}

impl From<rusqlite::Error> for CopyError {
    fn from(e: rusqlite::Error) -> Self {
        CopyError::Source(e.into())
    }
}

fn sql(e: postgres::Error) -> PgError {
    PgError::from(e)
}

/// The tables of the SQLite schema, each after the tables its foreign keys name.
fn tables_in_order(c: &rusqlite::Connection) -> Result<Vec<String>, StoreError> {
    let mut st = c.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let names: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &names {
        let mut fk = c.prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?;
        let of: BTreeSet<String> = fk
            .query_map([t], |r| r.get(0))?
            .collect::<rusqlite::Result<BTreeSet<String>>>()?
            .into_iter()
            .filter(|p| p != t)
            .collect();
        parents.insert(t.clone(), of);
    }
    let mut done: Vec<String> = Vec::new();
    while done.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|t| !done.contains(t))
            .filter(|t| parents[*t].iter().all(|p| done.contains(p)))
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the tables' foreign keys go round in a circle: {:?}",
                names
                    .iter()
                    .filter(|t| !done.contains(t))
                    .collect::<Vec<_>>()
            )));
        }
        done.extend(ready);
    }
    Ok(done)
}

/// The stored (not generated) columns of `table`.
fn stored_columns(c: &rusqlite::Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut st =
        c.prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid")?;
    Ok(st
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A value in COPY's text format.
fn put(out: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => out.extend_from_slice(b"\\N"),
        ValueRef::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        ValueRef::Real(f) => out.extend_from_slice(format!("{f:?}").as_bytes()),
        ValueRef::Text(t) => {
            for &b in t {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
        ValueRef::Blob(b) => {
            out.extend_from_slice(b"\\\\x");
            for byte in b {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
    }
}

/// Copies the SQLite database at `from` into the empty group database at `to`; returns
/// each table with its rows, parents first. `progress` is told each table as it is done.
pub fn copy_sqlite_to_postgres(
    from: &Path,
    to: &Server,
    mut progress: impl FnMut(&Copied),
) -> Result<Vec<Copied>, CopyError> {
    let source = Store::open(from, Access::ReadOnly)?;
    let found = source.schema_version()?;
    if found != SCHEMA_VERSION {
        return Err(CopyError::SourceVersion {
            path: from.display().to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    super::postgres::migrate(to)?;
    let mut client = to.connect()?;
    let server = to.shown().to_string();
    // One snapshot of the file for the whole copy.
    source.conn().execute_batch("BEGIN DEFERRED")?;
    let lite = source.conn().sqlite("copying")?;
    let tables = tables_in_order(lite)?;
    let mut tx = client.transaction().map_err(sql)?;
    // Counters writing now wait, as for any write.
    tx.batch_execute("SELECT pg_advisory_xact_lock(7378415037781730146)")
        .map_err(sql)?;
    for t in &tables {
        let rows: i64 = tx
            .query_one(&format!("SELECT count(*) FROM \"{t}\""), &[])
            .map_err(sql)?
            .get(0);
        if rows > 0 {
            return Err(CopyError::NotEmpty {
                server,
                table: t.clone(),
                rows,
            });
        }
    }
    let mut copied = Vec::new();
    for t in &tables {
        let columns = stored_columns(lite, t)?;
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        tx.batch_execute(&format!("ALTER TABLE \"{t}\" DISABLE TRIGGER USER"))
            .map_err(sql)?;
        // By id where there is one (WITHOUT ROWID tables have none: in their key's order).
        let order = if columns.iter().any(|c| c == "id") {
            " ORDER BY id"
        } else {
            ""
        };
        let mut st = lite.prepare(&format!("SELECT {list} FROM \"{t}\"{order}"))?;
        let mut rows = st.query([])?;
        let mut writer = tx
            .copy_in(&format!("COPY \"{t}\" ({list}) FROM STDIN"))
            .map_err(sql)?;
        let mut line = Vec::with_capacity(512);
        let mut n = 0i64;
        while let Some(r) = rows.next()? {
            line.clear();
            for i in 0..columns.len() {
                if i > 0 {
                    line.push(b'\t');
                }
                put(&mut line, r.get_ref(i)?);
            }
            line.push(b'\n');
            writer
                .write_all(&line)
                .map_err(|e| PgError::Sql(format!("{t}: {e}")))?;
            n += 1;
        }
        writer.finish().map_err(sql)?;
        tx.batch_execute(&format!("ALTER TABLE \"{t}\" ENABLE TRIGGER USER"))
            .map_err(sql)?;
        let c = Copied {
            table: t.clone(),
            rows: n,
        };
        progress(&c);
        copied.push(c);
    }
    // Past the copied ids, so the next row written on the server gets a new one.
    let identities = tx
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
            &[],
        )
        .map_err(sql)?;
    for r in identities {
        let (t, c): (String, String) = (r.get(0), r.get(1));
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('\"{t}\"', '{c}'), \
                 COALESCE((SELECT max(\"{c}\") FROM \"{t}\"), 0) + 1, false)"
            ),
            &[],
        )
        .map_err(sql)?;
    }
    for c in &copied {
        let source_rows: i64 =
            lite.query_row(&format!("SELECT count(*) FROM \"{}\"", c.table), [], |r| {
                r.get(0)
            })?;
        let target_rows: i64 = tx
            .query_one(&format!("SELECT count(*) FROM \"{}\"", c.table), &[])
            .map_err(sql)?
            .get(0);
        if source_rows != target_rows || source_rows != c.rows {
            return Err(CopyError::Counts {
                server,
                table: c.table.clone(),
                source_rows,
                target_rows,
            });
        }
    }
    tx.commit().map_err(sql)?;
    source.conn().execute_batch("ROLLBACK")?;
    Ok(copied)
}
