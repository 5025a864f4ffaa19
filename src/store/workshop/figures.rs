//! The facts behind the workshop's figures (domain::workshop::figures): the orders
//! delivered in a span of time, each with its promise, delivery, signature, dispatch,
//! failed checks, whether the car came back within the comeback window and the
//! satisfaction of its follow-up call. The figures themselves are computed in domain/.

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::Connection;

use crate::domain::workshop::figures::Delivered;
use crate::store::appointments::col;
use crate::store::{Result, ts};

/// Orders delivered in `[from, to)`, served by the partial index of delivered orders;
/// the comeback check and the call read by their own indexes (no scan).
const SQL_DELIVERED: &str = "SELECT ro.id, ro.promised_at, ro.delivered_at, \
     COALESCE(ro.signed_at, ro.created_at), ro.dispatched_at, ro.qc_failures, \
     (SELECT min(b.created_at) FROM repair_orders b \
      WHERE b.comeback_of = ro.id AND b.comeback_of IS NOT NULL), \
     (SELECT f.result_score FROM follow_up_calls f \
      WHERE f.repair_order_id = ro.id AND f.outcome = 'reached' ORDER BY f.at DESC LIMIT 1), \
     (SELECT f.staff_score FROM follow_up_calls f \
      WHERE f.repair_order_id = ro.id AND f.outcome = 'reached' ORDER BY f.at DESC LIMIT 1) \
     FROM repair_orders ro INDEXED BY repair_orders_delivered \
     WHERE ro.state = 'delivered' AND ro.delivered_at >= ?1 AND ro.delivered_at < ?2 \
     ORDER BY ro.delivered_at";

/// The delivered orders of `[from, to)` as the figures see them; a car counts as come
/// back when a comeback order of it was written within `comeback_days` of the delivery.
/// Each with the order's id.
pub fn delivered(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    comeback_days: i64,
) -> Result<Vec<(i64, Delivered)>> {
    let window = TimeDelta::days(comeback_days.max(0));
    let mut st = conn.prepare_cached(SQL_DELIVERED)?;
    let rows = st.query_map([ts(from), ts(to)], |r| {
        let delivered_at = col::time(r, 2)?;
        let back: Option<DateTime<Utc>> = col::time_opt(r, 6)?;
        let result: Option<i64> = r.get(7)?;
        let staff: Option<i64> = r.get(8)?;
        let failures: i64 = r.get(5)?;
        let d = Delivered {
            promised_at: col::time(r, 1)?,
            delivered_at,
            signed_at: col::time(r, 3)?,
            dispatched_at: col::time_opt(r, 4)?,
            qc_failures: u32::try_from(failures).unwrap_or(0),
            came_back: back.is_some_and(|b| b >= delivered_at && b - delivered_at <= window),
            satisfaction: result.zip(staff),
        };
        Ok((r.get::<_, i64>(0)?, d))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The statement of [`delivered`] (two parameters: from, to), for a plan check.
pub fn delivered_sql() -> &'static str {
    SQL_DELIVERED
}
