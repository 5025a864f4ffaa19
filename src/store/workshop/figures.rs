//! The facts behind the workshop's figures (domain::workshop::figures): the orders
//! delivered in a span of time, each with its promise, delivery, signature, dispatch,
//! failed checks, whether the car came back within the comeback window and the
//! satisfaction of its follow-up call. The figures themselves are computed in domain/.

use crate::store::db::Connection;
use chrono::{DateTime, TimeDelta, Utc};

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

/// [`SQL_DELIVERED`] for PostgreSQL: the last reached call's scores picked by
/// `row_number()` (SQLite takes them from the row of `max(at)`, which PostgreSQL does not
/// allow), and no index hints.
const SQL_DELIVERED_PG: &str = "WITH back AS (\
       SELECT comeback_of AS of, min(created_at) AS at FROM repair_orders \
       WHERE comeback_of IS NOT NULL AND created_at >= ?1 GROUP BY comeback_of), \
     called AS (\
       SELECT of, result_score, staff_score FROM (\
         SELECT repair_order_id AS of, result_score, staff_score, \
         row_number() OVER (PARTITION BY repair_order_id ORDER BY at DESC, id DESC) AS n \
         FROM follow_up_calls WHERE outcome = 'reached' AND at >= ?1) AS r \
       WHERE n = 1) \
     SELECT ro.id, ro.promised_at, ro.delivered_at, \
     COALESCE(ro.signed_at, ro.created_at), ro.dispatched_at, ro.qc_failures, \
     back.at, called.result_score, called.staff_score \
     FROM repair_orders ro \
     LEFT JOIN back ON back.of = ro.id \
     LEFT JOIN called ON called.of = ro.id \
     WHERE ro.state = 'delivered' AND ro.delivered_at >= ?1 AND ro.delivered_at < ?2 \
     ORDER BY ro.delivered_at";

/// [`SQL_DELIVERED`] as a database before migration 0013 (read by a read-only board
/// beside an older frontdesk) can run it: the comeback and the last reached call searched
/// per order.
const SQL_DELIVERED_BEFORE_13: &str = "SELECT ro.id, ro.promised_at, ro.delivered_at, \
     COALESCE(ro.signed_at, ro.created_at), ro.dispatched_at, ro.qc_failures, \
     (SELECT min(b.created_at) FROM repair_orders b \
      WHERE b.comeback_of = ro.id AND b.comeback_of IS NOT NULL), \
     f.result_score, f.staff_score \
     FROM repair_orders ro INDEXED BY repair_orders_delivered \
     LEFT JOIN follow_up_calls f ON f.id = (SELECT c.id FROM follow_up_calls c \
      WHERE c.repair_order_id = ro.id AND c.outcome = 'reached' ORDER BY c.at DESC LIMIT 1) \
     WHERE ro.state = 'delivered' AND ro.delivered_at >= ?1 AND ro.delivered_at < ?2 \
     ORDER BY ro.delivered_at";

/// The schema version whose indexes [`SQL_DELIVERED`] names.
const JOINED_SINCE: u32 = 13;

/// The statement of [`delivered`] for the schema of `conn`.
pub fn delivered_sql_for(conn: &Connection) -> Result<&'static str> {
    if conn.engine() == crate::store::db::Engine::Postgres {
        return Ok(SQL_DELIVERED_PG);
    }
    let v = conn.schema_version()?;
    Ok(if v >= JOINED_SINCE {
        SQL_DELIVERED
    } else {
        SQL_DELIVERED_BEFORE_13
    })
}

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
    let mut st = conn.prepare_cached(delivered_sql_for(conn)?)?;
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
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}

/// The statement of [`delivered`] (two parameters: from, to), for a plan check.
pub fn delivered_sql() -> &'static str {
    SQL_DELIVERED
}
