//! This connection's own committed changes, per table (for [`super::Store::revision_of`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// The counts as the store and the hooks share them.
pub(super) type Shared = Arc<Mutex<OwnChanges>>;

/// The rows a connection changed, per table: counted by its update hook while a
/// transaction runs, kept when it commits, dropped when it rolls back. A statement that
/// fails inside a transaction that then commits leaves its count behind: a reload too
/// many, never one too few.
#[derive(Debug, Default)]
pub(super) struct OwnChanges {
    pending: HashMap<Box<str>, u64>,
    committed: HashMap<Box<str>, u64>,
}

impl OwnChanges {
    /// Counts every row change of `conn` per table. SQLite's update hook sees every
    /// insert, update and delete of a rowid table, a trigger's included, but none of a
    /// `WITHOUT ROWID` table: [`super::Store::revision_of`] is never asked about one (the
    /// tables it is asked about are checked in the store tests).
    pub(super) fn watch(conn: &Connection) -> Shared {
        let changes = Arc::new(Mutex::new(OwnChanges::default()));
        let on_row = Arc::clone(&changes);
        conn.update_hook(Some(
            move |_: rusqlite::hooks::Action, _: &str, table: &str, _: i64| {
                if let Ok(mut c) = on_row.lock() {
                    match c.pending.get_mut(table) {
                        Some(n) => *n += 1,
                        None => {
                            c.pending.insert(table.into(), 1);
                        }
                    }
                }
            },
        ));
        let on_commit = Arc::clone(&changes);
        conn.commit_hook(Some(move || {
            if let Ok(mut c) = on_commit.lock() {
                let c = &mut *c;
                for (table, n) in c.pending.drain() {
                    *c.committed.entry(table).or_default() += n;
                }
            }
            // false: the commit goes ahead.
            false
        }));
        let on_rollback = Arc::clone(&changes);
        conn.rollback_hook(Some(move || {
            if let Ok(mut c) = on_rollback.lock() {
                c.pending.clear();
            }
        }));
        changes
    }

    pub(super) fn of(&self, tables: &[&str]) -> u64 {
        tables.iter().filter_map(|t| self.committed.get(*t)).sum()
    }
}
