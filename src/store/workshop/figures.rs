//! The facts behind the workshop's figures (domain::workshop::figures): the orders
//! delivered in a span of time, each with its promise, delivery, signature, dispatch,
//! failed checks, whether the car came back within the comeback window and the
//! satisfaction of its follow-up call. The figures themselves are computed in domain/.

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::Connection;

use crate::domain::workshop::figures::Delivered;
use crate::store::appointments::col;
use crate::store::{Result, ts};

/// Orders delivered in `[from, to)`, served by the partial index of delivered orders
/// (covering: no order row is fetched). A comeback of one of them, and its last reached
/// follow-up call, come after its delivery, so after `from`: the comebacks written since
/// `from` and the reached calls made since `from` are read once each by their own
/// partial indexes (migration 0013) and joined, not searched for order by order.
const SQL_DELIVERED: &str = "WITH back AS (\
       SELECT comeback_of AS of, min(created_at) AS at \
       FROM repair_orders INDEXED BY repair_orders_comeback_at \
       WHERE comeback_of IS NOT NULL AND created_at >= ?1 GROUP BY comeback_of), \
     called AS (\
       SELECT repair_order_id AS of, result_score, staff_score, max(at) AS at \
       FROM follow_up_calls INDEXED BY follow_up_calls_reached \
       WHERE outcome = 'reached' AND at >= ?1 GROUP BY repair_order_id) \
     SELECT ro.id, ro.promised_at, ro.delivered_at, \
     COALESCE(ro.signed_at, ro.created_at), ro.dispatched_at, ro.qc_failures, \
     back.at, called.result_score, called.staff_score \
     FROM repair_orders ro INDEXED BY repair_orders_delivered \
     LEFT JOIN back ON back.of = ro.id \
     LEFT JOIN called ON called.of = ro.id \
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
