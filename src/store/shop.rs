//! The shop's own details (name, address, phone): shop-wide settings every counter shares,
//! printed in the header of the repair order. Kept in `shop_settings`, one row per key.
//!
//! Only an active manager or supervisor may change them ([`StoreError::NotAllowed`]
//! otherwise); the check runs inside the writing transaction, and every change leaves
//! an audit row with the old and the new values.

use crate::store::db::{Connection, OptionalExtension, params};
use chrono::{DateTime, Utc};

use super::{Result, Store, StoreError, Tx, staff};

/// The shop as printed on its documents. Any field may be empty (not set yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Shop {
    pub name: String,
    pub address: String,
    pub phone: String,
}

const NAME: &str = "name";
const ADDRESS: &str = "address";
const PHONE: &str = "phone";

/// Longest value accepted, in characters: a header line, not a letter.
pub const MAX_CHARS: usize = 120;

/// The schema version that created `shop_settings`.
const SINCE_VERSION: u32 = 3;

pub(crate) fn value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM shop_settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The shop's details; empty fields for what was never set.
///
/// A read-only handle (board, `print`, `export`) may have opened a file that no program
/// of this version has migrated yet: it has no `shop_settings` table and so no settings,
/// which reads as the empty shop rather than an error.
pub fn shop(conn: &Connection) -> Result<Shop> {
    let version = conn.schema_version()?;
    if version < SINCE_VERSION {
        return Ok(Shop::default());
    }
    Ok(Shop {
        name: value(conn, NAME)?.unwrap_or_default(),
        address: value(conn, ADDRESS)?.unwrap_or_default(),
        phone: value(conn, PHONE)?.unwrap_or_default(),
    })
}

/// A value as stored: trimmed; refused when it holds control characters (a line break
/// would break the printed header) or is longer than [`MAX_CHARS`].
pub(crate) fn clean(field: &str, v: &str) -> Result<String> {
    let v = v.trim();
    if v.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the shop {field} must be one line of text"
        )));
    }
    let n = v.chars().count();
    if n > MAX_CHARS {
        return Err(StoreError::Invalid(format!(
            "the shop {field} is {n} characters long; at most {MAX_CHARS} fit the printed header"
        )));
    }
    Ok(v.to_string())
}

/// Refuses anyone but an active manager or supervisor.
fn require_manager(tx: &Tx<'_>) -> Result<()> {
    staff::require_manager(tx, "change the shop settings").map(|_| ())
}

/// Stores `value` under `key` in `tx`: its version bumped, who and when recorded.
pub(super) fn upsert(tx: &Tx<'_>, key: &str, value: &str) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO shop_settings (key, value, version, updated_at, updated_by) \
             VALUES (?1, ?2, 1, ?3, ?4) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, \
             version = shop_settings.version + 1, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )?
        .execute(params![key, value, tx.now_text(), tx.actor()])?;
    Ok(())
}

/// Writes the given `(key, value)` pairs inside `tx` (each cleaned, see [`clean`]): each
/// changed key gets its new value, its version bumped and who/when; one audit row lists
/// the changes with their old and new values. Unchanged values are left alone (and an
/// update that changes nothing writes no audit row). The caller checks who may.
pub(super) fn write_values<'a>(
    tx: &Tx<'_>,
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<()> {
    let mut changes = serde_json::Map::new();
    for (key, new) in fields {
        let new = clean(key, new)?;
        let old = value(tx.conn(), key)?;
        if old.as_deref() == Some(new.as_str()) {
            continue;
        }
        upsert(tx, key, &new)?;
        changes.insert(
            key.to_string(),
            serde_json::json!({ "from": old, "to": new }),
        );
    }
    if !changes.is_empty() {
        tx.audit(
            "update",
            "shop_settings",
            None,
            serde_json::Value::Object(changes),
        )?;
    }
    Ok(())
}

/// [`write_values`] for an active manager or supervisor only.
fn write_fields(tx: &Tx<'_>, fields: &[(&'static str, &str)]) -> Result<()> {
    require_manager(tx)?;
    write_values(tx, fields.iter().copied())
}

/// Saves all of `shop` in one transaction on behalf of `actor` (an active manager or
/// supervisor), with an audit row of what changed.
pub fn save_shop(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    shop: &Shop,
) -> Result<()> {
    store.write(actor, now, |tx| {
        write_fields(
            tx,
            &[
                (NAME, &shop.name),
                (ADDRESS, &shop.address),
                (PHONE, &shop.phone),
            ],
        )
    })
}

/// Changes only the given fields, in one transaction that reads the others itself (so a
/// change made meanwhile at another counter is kept); returns the shop as saved.
pub fn update_shop(
    store: &mut Store,
    actor: Option<i64>,
    now: DateTime<Utc>,
    name: Option<&str>,
    address: Option<&str>,
    phone: Option<&str>,
) -> Result<Shop> {
    store.write(actor, now, |tx| {
        let fields: Vec<(&'static str, &str)> = [(NAME, name), (ADDRESS, address), (PHONE, phone)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        write_fields(tx, &fields)?;
        shop(tx.conn())
    })
}
