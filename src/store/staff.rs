//! Staff members: who signs in at a counter, who is named in the audit log and in
//! version conflicts.

use crate::store::db::{Connection, OptionalExtension, Row, params};
use chrono::{DateTime, Utc};
use rusqlite::types::Type;

use super::{Result, Store, StoreError, Tx};
use crate::domain::kinds::StaffRole;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Staff {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
    pub version: i64,
    /// A sign-in PIN is set (its hash is never read outside this module).
    pub has_pin: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewStaff {
    pub code: String,
    pub name: String,
    pub role: StaffRole,
}

const COLUMNS: &str = "id, code, name, role, active, version, pin_hash IS NOT NULL";
/// The same for a database older than the PIN column (schema 7), which a read-only
/// handle (the board, `staff list`) may open without migrating it.
const COLUMNS_BEFORE_PINS: &str = "id, code, name, role, active, version, 0";
const PINS_SINCE: u32 = 7;

fn columns(conn: &Connection) -> Result<&'static str> {
    let v = conn.schema_version()?;
    Ok(if v >= PINS_SINCE {
        COLUMNS
    } else {
        COLUMNS_BEFORE_PINS
    })
}

/// Orders by role as declared in [`StaffRole::ALL`], then by code.
const ROLE_ORDER: &str = "CASE role WHEN 'advisor' THEN 0 WHEN 'technician' THEN 1 \
     WHEN 'supervisor' THEN 2 WHEN 'manager' THEN 3 ELSE 4 END";

fn from_row(r: &Row<'_>) -> crate::store::db::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        role: role.parse().map_err(|e| {
            crate::store::db::Error::from(rusqlite::Error::FromSqlConversionFailure(
                3,
                Type::Text,
                Box::new(e),
            ))
        })?,
        active: r.get(4)?,
        version: r.get(5)?,
        has_pin: r.get(6)?,
    })
}

/// The statement of [`list`] (one parameter: only the active ones).
pub fn list_sql(conn: &Connection) -> Result<String> {
    Ok(format!(
        "SELECT {} FROM staff WHERE (?1 = 0 OR active = 1) ORDER BY {ROLE_ORDER}, code",
        columns(conn)?
    ))
}

/// Every staff member (or only the active ones), by role then code.
pub fn list(conn: &Connection, active_only: bool) -> Result<Vec<Staff>> {
    let sql = list_sql(conn)?;
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([active_only], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Staff>> {
    let sql = format!("SELECT {} FROM staff WHERE code = ?1", columns(conn)?);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([code], from_row)
        .optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Staff>> {
    let sql = format!("SELECT {} FROM staff WHERE id = ?1", columns(conn)?);
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
    .insert(params![code, name, new.role.as_str(), tx.now_text(), actor])?;
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

// ---------------------------------------------------------------------------------------
// Staff administration (managers and supervisors) and PINs.
// ---------------------------------------------------------------------------------------

/// Longest staff code, in characters.
pub const MAX_CODE: usize = 8;
/// A PIN is 4 to 12 digits.
pub const PIN_DIGITS: (usize, usize) = (4, 12);

/// A code as stored: trimmed, upper case, 1–8 ASCII letters or digits.
pub fn clean_code(code: &str) -> Result<String> {
    let code = code.trim().to_uppercase();
    if code.is_empty()
        || code.chars().count() > MAX_CODE
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(StoreError::Invalid(format!(
            "a staff code is 1 to {MAX_CODE} letters or digits, e.g. A01 (got {code:?})"
        )));
    }
    Ok(code)
}

/// A PIN is 4 to 12 digits; `None` when it is fine.
pub fn pin_problem(pin: &str) -> Option<String> {
    let (lo, hi) = PIN_DIGITS;
    let n = pin.chars().count();
    (!(lo..=hi).contains(&n) || !pin.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("a PIN is {lo} to {hi} digits"))
}

/// Refuses anyone but an active manager or supervisor, inside the writing transaction;
/// `doing` completes "only an active manager or supervisor may …".
pub(crate) fn require_manager(tx: &Tx<'_>, doing: &str) -> Result<Staff> {
    let actor = tx.actor().ok_or_else(|| {
        StoreError::NotAllowed(format!(
            "only a signed-in manager or supervisor may {doing}"
        ))
    })?;
    let who = by_id(tx.conn(), actor)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id: actor,
    })?;
    let why = if !who.active {
        "is no longer active".to_string()
    } else if !matches!(who.role, StaffRole::Manager | StaffRole::Supervisor) {
        format!("has the role {}", who.role.as_str())
    } else {
        return Ok(who);
    };
    Err(StoreError::NotAllowed(format!(
        "only an active manager or supervisor may {doing}; {} ({}) {why}",
        who.name, who.code
    )))
}

fn get(conn: &Connection, id: i64) -> Result<Staff> {
    by_id(conn, id)?.ok_or(StoreError::NotFound {
        entity: "staff",
        id,
    })
}

/// Refuses a change that would leave no active manager or supervisor (nobody could
/// administer staff or settings any more).
fn keep_an_administrator(tx: &Tx<'_>) -> Result<()> {
    let n: i64 = tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM staff WHERE active = 1 AND role IN ('manager', 'supervisor')",
        )?
        .query_row([], |r| r.get(0))?;
    if n == 0 {
        return Err(StoreError::NotAllowed(
            "this would leave no active manager or supervisor; make someone else one first".into(),
        ));
    }
    Ok(())
}

/// Adds a staff member on behalf of `actor`, an active manager or supervisor; the very
/// first member of an empty database needs no actor. Reads the new member back.
pub fn add(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    new: &NewStaff,
) -> Result<Staff> {
    store.write(actor, now, |tx| {
        let code = clean_code(&new.code)?;
        if count(tx.conn())? > 0 {
            require_manager(tx, "add staff")?;
        }
        let id = create(
            tx,
            &NewStaff {
                code,
                name: new.name.clone(),
                role: new.role,
            },
        )?;
        get(tx.conn(), id)
    })
}

/// Gives member `id` (at `version`) another role.
pub fn change_role(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    role: StaffRole,
) -> Result<Staff> {
    store.write(actor, now, |tx| {
        require_manager(tx, "change a staff member's role")?;
        let before = get(tx.conn(), id)?;
        tx.bump_version("staff", id, version)?;
        if before.role == role {
            return get(tx.conn(), id);
        }
        tx.conn()
            .prepare_cached("UPDATE staff SET role = ?1 WHERE id = ?2")?
            .execute(params![role.as_str(), id])?;
        keep_an_administrator(tx)?;
        tx.audit(
            "role",
            "staff",
            Some(id),
            serde_json::json!({
                "code": before.code,
                "from": before.role.as_str(),
                "to": role.as_str(),
            }),
        )?;
        get(tx.conn(), id)
    })
}

/// Deactivates (they can no longer sign in but stay named on old records) or
/// reactivates member `id` (at `version`).
pub fn change_active(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    active: bool,
) -> Result<Staff> {
    store.write(actor, now, |tx| {
        require_manager(
            tx,
            if active {
                "reactivate staff"
            } else {
                "deactivate staff"
            },
        )?;
        if !active && tx.actor() == Some(id) {
            return Err(StoreError::NotAllowed(
                "you cannot deactivate yourself; ask another manager or supervisor".into(),
            ));
        }
        set_active(tx, id, version, active)?;
        if !active {
            keep_an_administrator(tx)?;
        }
        get(tx.conn(), id)
    })
}

fn hash_pin(pin: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("cannot hash the PIN: {e}")))
}

fn write_pin(tx: &Tx<'_>, id: i64, pin: Option<&str>) -> Result<()> {
    let hash = match pin {
        Some(p) => {
            if let Some(why) = pin_problem(p) {
                return Err(StoreError::Invalid(why));
            }
            Some(hash_pin(p)?)
        }
        None => None,
    };
    tx.conn()
        .prepare_cached("UPDATE staff SET pin_hash = ?1 WHERE id = ?2")?
        .execute(params![hash, id])?;
    // Never the PIN or its hash in the audit log: only that it changed.
    tx.audit(
        if pin.is_some() {
            "pin_set"
        } else {
            "pin_cleared"
        },
        "staff",
        Some(id),
        serde_json::json!({}),
    )
}

/// Sets (`Some`) or clears (`None`) member `id`'s PIN (at `version`), on behalf of a
/// manager or supervisor, or of the member themselves.
pub fn set_pin(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    id: i64,
    version: i64,
    pin: Option<&str>,
) -> Result<Staff> {
    store.write(actor, now, |tx| {
        if tx.actor() != Some(id) {
            require_manager(tx, "set another staff member's PIN")?;
        }
        tx.bump_version("staff", id, version)?;
        write_pin(tx, id, pin)?;
        get(tx.conn(), id)
    })
}

/// The answer to a sign-in with a PIN.
#[derive(Debug, Clone, PartialEq)]
pub enum SignIn {
    /// Signed in (audited `sign_in`).
    Ok(Staff),
    /// Wrong PIN (audited `sign_in_failed`).
    WrongPin,
    /// The member has no PIN yet: they must choose one ([`sign_in_choosing_pin`]).
    NoPin,
    /// Deactivated or gone: cannot sign in.
    Inactive,
    /// [`MAX_WRONG_PINS`] wrong PINs in a row: no PIN is checked before `until`
    /// (audited `sign_in_locked`).
    LockedOut { until: DateTime<Utc> },
}

/// Wrong PINs in a row after which a member's sign-in waits [`LOCK_MINUTES`].
pub const MAX_WRONG_PINS: usize = 5;
/// How long the sign-in of a member waits after [`MAX_WRONG_PINS`] wrong PINs.
pub const LOCK_MINUTES: i64 = 15;

/// When the member's sign-in is locked until, if it is: the last [`MAX_WRONG_PINS`]
/// attempts were all wrong and the latest is less than [`LOCK_MINUTES`] old (read from
/// the audit log, so every counter shares the count).
fn locked_until(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let mut st = conn.prepare_cached(
        "SELECT action, at FROM audit_log WHERE entity = 'staff' AND entity_id = ?1 \
         AND action IN ('sign_in', 'sign_in_failed', 'pin_set', 'pin_cleared') \
         ORDER BY id DESC LIMIT ?2",
    )?;
    let rows: Vec<(String, String)> = st
        .query_map(params![id, MAX_WRONG_PINS as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<crate::store::db::Result<_>>()?;
    if rows.len() < MAX_WRONG_PINS || rows.iter().any(|(a, _)| a != "sign_in_failed") {
        return Ok(None);
    }
    let until = super::parse_ts(&rows[0].1)? + chrono::Duration::minutes(LOCK_MINUTES);
    Ok((now < until).then_some(until))
}

fn stored_hash(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT pin_hash FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Checks `pin` for member `id` and records the attempt, in one transaction: a right PIN
/// is a `sign_in` by the member, a wrong one a `sign_in_failed` without an actor.
pub fn sign_in_with_pin(
    store: &mut Store,
    now: DateTime<Utc>,
    id: i64,
    pin: &str,
) -> Result<SignIn> {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let who = match by_id(store.conn(), id)? {
        Some(s) if s.active => s,
        _ => return Ok(SignIn::Inactive),
    };
    let Some(hash) = stored_hash(store.conn(), id)? else {
        return Ok(SignIn::NoPin);
    };
    if let Some(until) = locked_until(store.conn(), id, now)? {
        store.write(None, now, |tx| {
            tx.audit(
                "sign_in_locked",
                "staff",
                Some(id),
                serde_json::json!({ "code": who.code, "until": super::ts(until) }),
            )
        })?;
        return Ok(SignIn::LockedOut { until });
    }
    let right = PasswordHash::new(&hash)
        .map(|h| {
            argon2::Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false);
    let actor = right.then_some(id);
    store.write(actor, now, |tx| {
        tx.audit(
            if right { "sign_in" } else { "sign_in_failed" },
            "staff",
            Some(id),
            serde_json::json!({ "code": who.code, "pin": true }),
        )
    })?;
    Ok(if right {
        SignIn::Ok(who)
    } else {
        SignIn::WrongPin
    })
}

/// A member without a PIN chooses one at sign-in (the counter asks for one when PINs are
/// required): sets it and records the sign-in, in one transaction. Refused when a PIN is
/// set meanwhile (it must be entered then, not replaced).
pub fn sign_in_choosing_pin(
    store: &mut Store,
    now: DateTime<Utc>,
    id: i64,
    pin: &str,
) -> Result<Staff> {
    store.write(Some(id), now, |tx| {
        let who = get(tx.conn(), id)?;
        if !who.active {
            return Err(StoreError::NotAllowed(format!(
                "{} ({}) is no longer active",
                who.name, who.code
            )));
        }
        if stored_hash(tx.conn(), id)?.is_some() {
            return Err(StoreError::NotAllowed(format!(
                "{} ({}) has a PIN now; enter it",
                who.name, who.code
            )));
        }
        tx.bump_version("staff", id, who.version)?;
        write_pin(tx, id, Some(pin))?;
        tx.audit(
            "sign_in",
            "staff",
            Some(id),
            serde_json::json!({ "code": who.code, "pin": true, "pin_chosen": true }),
        )?;
        get(tx.conn(), id)
    })
}

/// Records a sign-in without a PIN (PINs not required at this counter).
pub fn record_sign_in(store: &mut Store, now: DateTime<Utc>, who: &Staff) -> Result<()> {
    store.write(Some(who.id), now, |tx| {
        tx.audit(
            "sign_in",
            "staff",
            Some(who.id),
            serde_json::json!({ "code": who.code, "pin": false }),
        )
    })
}
