//! The store's transactions: begun, committed and rolled back by the store itself on
//! either engine ([`Open`]), and the write transaction the store's functions get ([`Tx`]):
//! who writes, when, the audit log and the row-version check.

use chrono::{DateTime, Utc};

use super::db::{self, Connection, OptionalExtension, params};
use super::{Result, StoreError, audit};

/// A write transaction on PostgreSQL: the writers' lock, held until it ends.
pub(super) const PG_BEGIN_WRITE: &str = "BEGIN ISOLATION LEVEL READ COMMITTED; \
     SELECT pg_advisory_xact_lock(7378415037781730146)"; // "frontdwr"

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Begin {
    /// Writers one at a time (SQLite's IMMEDIATE), so a check and the write it guards
    /// see the same data.
    Write,
    /// One snapshot for everything read.
    Read,
}

/// An open transaction on a connection: rolled back when dropped unfinished (an error
/// returned by the work, or a panic).
pub(super) struct Open<'c> {
    conn: &'c Connection,
    done: bool,
}

impl<'c> Open<'c> {
    pub(super) fn begin(conn: &'c Connection, how: Begin) -> Result<Open<'c>> {
        let sql = match (conn.engine(), how) {
            (db::Engine::Sqlite, Begin::Write) => "BEGIN IMMEDIATE",
            (db::Engine::Sqlite, Begin::Read) => "BEGIN DEFERRED",
            // Writers take one lock first, as SQLite's IMMEDIATE does: each then reads
            // what every earlier writer committed, so a check and the write it guards
            // (capacity, numbering, row versions) hold as on SQLite.
            (db::Engine::Postgres, Begin::Write) => PG_BEGIN_WRITE,
            (db::Engine::Postgres, Begin::Read) => {
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
            }
        };
        conn.execute_batch(sql)?;
        Ok(Open { conn, done: false })
    }

    /// Leaves the transaction open for [`Open::resume`] (the borrow of the connection
    /// ends here, the transaction does not).
    pub(super) fn keep(mut self) {
        self.done = true;
    }

    /// The transaction [`Open::keep`] left open on `conn`.
    pub(super) fn resume(conn: &'c Connection) -> Open<'c> {
        Open { conn, done: false }
    }

    pub(super) fn commit(mut self) -> Result<()> {
        self.done = true;
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        Ok(())
    }

    /// Ends a read: nothing was written, so nothing is kept.
    pub(super) fn finish(mut self) -> Result<()> {
        self.done = true;
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if !self.done
            && let Err(e) = self.conn.execute_batch("ROLLBACK")
        {
            tracing::warn!(error = %e, "rolling back an unfinished transaction failed");
        }
    }
}

/// A write transaction: who writes, when, and the connection it runs on.
pub struct Tx<'c> {
    conn: &'c Connection,
    now: DateTime<Utc>,
    now_text: String,
    actor: Option<i64>,
}

impl<'c> Tx<'c> {
    pub(super) fn new(conn: &'c Connection, now: DateTime<Utc>, actor: Option<i64>) -> Tx<'c> {
        Tx {
            conn,
            now,
            now_text: super::ts(now),
            actor,
        }
    }

    pub fn conn(&self) -> &'c Connection {
        self.conn
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// `now` as stored in time columns.
    pub fn now_text(&self) -> &str {
        &self.now_text
    }

    pub fn actor(&self) -> Option<i64> {
        self.actor
    }

    /// The acting staff id; writes to staff-owned rows require one.
    pub fn require_actor(&self) -> Result<i64> {
        self.actor.ok_or_else(|| {
            StoreError::Invalid("no staff member is signed in at this counter".into())
        })
    }

    /// Appends to the audit log inside this transaction.
    pub fn audit(
        &self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: serde_json::Value,
    ) -> Result<()> {
        audit::append(
            self.conn,
            &self.now_text,
            self.actor,
            action,
            entity,
            entity_id,
            &detail,
        )
    }

    /// Optimistic concurrency: bumps `version` of row `id` in `table` from `expected`.
    /// When another writer got there first, returns [`StoreError::Conflict`] naming who
    /// changed the row and when. Call it before (or instead of) the row's own UPDATE,
    /// in the same transaction.
    pub fn bump_version(&self, table: &'static str, id: i64, expected: i64) -> Result<()> {
        let actor = self.require_actor()?;
        let sql = format!(
            "UPDATE {table} SET version = version + 1, updated_at = ?1, updated_by = ?2 \
             WHERE id = ?3 AND version = ?4"
        );
        let n =
            self.conn
                .prepare_cached(&sql)?
                .execute(params![self.now_text, actor, id, expected])?;
        if n == 1 {
            return Ok(());
        }
        let sql = format!(
            "SELECT COALESCE(s.name, '?'), t.updated_at FROM {table} t \
             LEFT JOIN staff s ON s.id = t.updated_by WHERE t.id = ?1"
        );
        let who: Option<(String, String)> = self
            .conn
            .query_row(&sql, [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match who {
            Some((by, at)) => Err(StoreError::Conflict {
                entity: table,
                id,
                by,
                at,
            }),
            None => Err(StoreError::NotFound { entity: table, id }),
        }
    }
}
