//! Drafts: the unfinished form of a staff member (e.g. a check-in interrupted by a phone
//! call), kept as JSON so it survives a restart. One draft per staff member and kind.
//!
//! Drafts are scratch state, not business records: no `version`, no audit entries. They
//! belong to the signed-in staff member ([`Tx::require_actor`]); nobody else sees them.

use crate::store::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use super::appointments::col;
use super::{Result, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub staff_id: i64,
    /// What form this is, e.g. "checkin".
    pub kind: String,
    /// The form's values, as the form's owner serialised them (JSON).
    pub payload: String,
    pub updated_at: DateTime<Utc>,
}

/// Saves (inserts or replaces) the acting staff member's draft of `kind`; returns its id.
pub fn save(tx: &Tx<'_>, kind: &str, payload: &str) -> Result<i64> {
    let actor = tx.require_actor()?;
    Ok(tx
        .conn()
        .prepare_cached(
            "INSERT INTO drafts (staff_id, kind, payload, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4) \
             ON CONFLICT (staff_id, kind) DO UPDATE \
             SET payload = excluded.payload, updated_at = excluded.updated_at \
             RETURNING id",
        )?
        .query_row(params![actor, kind, payload, tx.now_text()], |r| r.get(0))?)
}

/// The draft of `kind` that `staff_id` left, if any.
pub fn load(conn: &Connection, staff_id: i64, kind: &str) -> Result<Option<Draft>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, staff_id, kind, payload, updated_at FROM drafts \
             WHERE staff_id = ?1 AND kind = ?2",
        )?
        .query_row(params![staff_id, kind], |r| {
            Ok(Draft {
                id: r.get(0)?,
                staff_id: r.get(1)?,
                kind: r.get(2)?,
                payload: r.get(3)?,
                updated_at: col::time(r, 4)?,
            })
        })
        .optional()?)
}

/// Drops the acting staff member's draft of `kind` (nothing happens when there is none).
pub fn discard(tx: &Tx<'_>, kind: &str) -> Result<()> {
    let actor = tx.require_actor()?;
    tx.conn()
        .prepare_cached("DELETE FROM drafts WHERE staff_id = ?1 AND kind = ?2")?
        .execute(params![actor, kind])?;
    Ok(())
}

/// Saves the acting staff member's draft of `kind`, in one transaction.
pub fn keep(
    store: &mut super::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    kind: &str,
    payload: &str,
) -> Result<()> {
    store.write(actor, now, |tx| save(tx, kind, payload).map(|_| ()))
}

/// Throws away the acting staff member's draft of `kind`, in one transaction.
pub fn drop_draft(
    store: &mut super::Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    kind: &str,
) -> Result<()> {
    store.write(actor, now, |tx| discard(tx, kind))
}
