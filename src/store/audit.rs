//! The append-only audit log: who did what, and when. Triggers in the schema refuse
//! UPDATE and DELETE on it.

use crate::store::db::{Connection, params};

use super::Result;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

pub(crate) fn append(
    conn: &Connection,
    at: &str,
    staff_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        at,
        staff_id,
        action,
        entity,
        entity_id,
        detail.to_string()
    ])?;
    Ok(())
}

/// The newest `limit` entries, optionally for one entity row.
pub fn recent(
    conn: &Connection,
    entity: Option<(&str, i64)>,
    limit: usize,
) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.at, a.staff_id, s.name, a.action, a.entity, a.entity_id, a.detail \
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id \
         WHERE (CAST(?1 AS TEXT) IS NULL OR (a.entity = ?1 AND a.entity_id = ?2)) \
         ORDER BY a.id DESC LIMIT ?3",
    )?;
    let (e, id) = match entity {
        Some((e, id)) => (Some(e), Some(id)),
        None => (None, None),
    };
    let rows = st.query_map(params![e, id, limit as i64], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            staff_id: r.get(2)?,
            staff_name: r.get(3)?,
            action: r.get(4)?,
            entity: r.get(5)?,
            entity_id: r.get(6)?,
            detail: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
