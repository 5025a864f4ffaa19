//! Staff members: who signs in at a counter, who is named in the audit log and in
//! version conflicts.

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, StoreError, Tx};
use crate::domain::kinds::StaffRole;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Staff {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewStaff {
    pub code: String,
    pub name: String,
    pub role: StaffRole,
}

const COLUMNS: &str = "id, code, name, role, active, version";

/// Orders by role as declared in [`StaffRole::ALL`], then by code.
const ROLE_ORDER: &str = "CASE role WHEN 'advisor' THEN 0 WHEN 'technician' THEN 1 \
     WHEN 'supervisor' THEN 2 WHEN 'manager' THEN 3 ELSE 4 END";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        role: role
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(3, Type::Text, Box::new(e)))?,
        active: r.get(4)?,
        version: r.get(5)?,
    })
}

/// Every staff member (or only the active ones), by role then code.
pub fn list(conn: &Connection, active_only: bool) -> Result<Vec<Staff>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM staff WHERE (?1 = 0 OR active = 1) ORDER BY {ROLE_ORDER}, code"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([active_only], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Staff>> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE code = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], from_row)
        .optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Staff>> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM staff")?
        .query_row([], |r| r.get(0))?)
}

/// Adds a staff member. Only the very first member of an empty database may be created
/// without a signed-in actor (`created_by` is then NULL).
pub fn create(tx: &Tx<'_>, new: &NewStaff) -> Result<i64> {
    let code = new.code.trim();
    let name = new.name.trim();
    if code.is_empty() {
        return Err(StoreError::Invalid("a staff member needs a code".into()));
    }
    if name.is_empty() {
        return Err(StoreError::Invalid("a staff member needs a name".into()));
    }
    let conn = tx.conn();
    let actor = match tx.actor() {
        Some(a) => Some(a),
        None if count(conn)? == 0 => None,
        None => tx.require_actor().map(Some)?,
    };
    let taken: Option<i64> = conn
        .prepare_cached("SELECT id FROM staff WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(StoreError::Duplicate {
            what: "staff code",
            value: code.to_string(),
        });
    }
    conn.prepare_cached(
        "INSERT INTO staff (code, name, role, active, version, created_at, created_by, updated_at, updated_by) \
         VALUES (?1, ?2, ?3, 1, 1, ?4, ?5, ?4, ?5)",
    )?
    .execute(params![code, name, new.role.as_str(), tx.now_text(), actor])?;
    let id = conn.last_insert_rowid();
    tx.audit(
        "create",
        "staff",
        Some(id),
        serde_json::json!({ "code": code, "name": name, "role": new.role.as_str() }),
    )?;
    Ok(id)
}

/// Activates or deactivates a staff member (deactivated members cannot sign in but stay
/// named on the records they touched).
pub fn set_active(tx: &Tx<'_>, id: i64, expected_version: i64, active: bool) -> Result<()> {
    tx.bump_version("staff", id, expected_version)?;
    tx.conn()
        .prepare_cached("UPDATE staff SET active = ?1 WHERE id = ?2")?
        .execute(params![active, id])?;
    tx.audit(
        if active { "activate" } else { "deactivate" },
        "staff",
        Some(id),
        serde_json::json!({ "active": active }),
    )?;
    Ok(())
}

/// Adds the first staff member of an empty database (no one is signed in yet) in one
/// transaction, and reads the new member back.
pub fn create_first(
    store: &mut crate::store::Store,
    now: chrono::DateTime<chrono::Utc>,
    new: &NewStaff,
) -> Result<Staff> {
    let id = store.write(None, now, |tx| create(tx, new))?;
    by_id(store.conn(), id)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id,
    })
}
