//! A big shop's complaint archive for benchmarks and scale tests: `n` complaints received
//! over five years before 2026-11-23, all closed but `open`, which are spread over every
//! open stage (the newest ones), each with the events its stage implies and, when
//! escalated, its supervision order. Written in one transaction with raw statements,
//! deterministic for a seed. Needs customers (see [`super::bulk::bulk_customers`]).

use crate::store::db::params;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Result, Store, StoreError, ts};

const STAGES: [&str; 6] = [
    "received",
    "reported",
    "supervised",
    "proposed",
    "accepted",
    "resolved",
];
const CHANNELS: [&str; 7] = [
    "counter",
    "phone",
    "letter",
    "comment_book",
    "manager_day",
    "regulator",
    "other_department",
];
const CATEGORIES: [&str; 7] = [
    "attitude",
    "quality",
    "price",
    "waiting",
    "parts",
    "appointment",
    "other",
];
const NATURES: [&str; 3] = ["solve", "vent", "expectation"];

pub fn bulk_complaints(store: &mut Store, n: usize, open: usize, seed: u64) -> Result<()> {
    let end: DateTime<Utc> = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(1, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| StoreError::Invalid("bad bench date".into()))?;
    bulk_complaints_at(store, n, open, seed, end)
}

/// [`bulk_complaints`] received over the five years before `end`.
pub fn bulk_complaints_at(
    store: &mut Store,
    n: usize,
    open: usize,
    seed: u64,
    end: DateTime<Utc>,
) -> Result<()> {
    if open > n {
        return Err(StoreError::Invalid(
            "more open complaints than complaints".into(),
        ));
    }
    let span_minutes = 5 * 365 * 24 * 60;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    store.write(None, end, |tx| {
        let conn = tx.conn();
        let staff: i64 = conn.query_row("SELECT MIN(id) FROM staff", [], |r| r.get(0))?;
        let customers: i64 = conn.query_row("SELECT MAX(id) FROM customers", [], |r| r.get(0))?;
        let mut cp = conn.prepare(
            "INSERT INTO complaints (id, number, received_at, received_by, channel, description, \
             customer_id, nature, category, severity, stage, escalated, reported_at, \
             reported_to, responsible_dept, resolved_at, followed_up_at, version, created_at, \
             created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
             'normal', ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?3, ?4, ?17, ?4)",
        )?;
        let mut ev = conn.prepare(
            "INSERT INTO complaint_events (complaint_id, at, staff_id, kind, stage, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut so = conn.prepare(
            "INSERT INTO supervision_orders (complaint_id, seq, issued_at, issued_by, \
             department, instruction, due_at, done_at) VALUES (?1, 1, ?2, ?3, '车间', \
             '查明原因', ?4, ?5)",
        )?;
        let mut per_day: std::collections::HashMap<NaiveDate, u32> = Default::default();
        for i in 0..n {
            if i > 0 && i % 500 == 0 {
                crate::store::bulk::advance(500);
            }
            let id = i as i64 + 1;
            // Received in time order; the open ones are the newest.
            let received = end - Duration::minutes(span_minutes * (n - i) as i64 / n as i64)
                + Duration::minutes(rng.random_range(0..30));
            let day = received.date_naive();
            let k = per_day.entry(day).or_insert(0);
            *k += 1;
            let number = format!("CP-{}-{:04}", day.format("%Y%m%d"), *k);
            let is_open = i >= n - open;
            let stage = if is_open {
                STAGES[(i - (n - open)) % STAGES.len()]
            } else {
                "closed"
            };
            let escalated = stage != "received" && stage != "reported" && rng.random_bool(0.5)
                || stage == "supervised";
            let at = |m: i64| received + Duration::minutes(m);
            let reported = (stage != "received").then(|| at(rng.random_range(10..90)));
            let resolved =
                matches!(stage, "resolved" | "closed").then(|| at(rng.random_range(600..4000)));
            let followed = (stage == "closed").then(|| at(rng.random_range(5000..8000)));
            let updated = followed.or(resolved).or(reported).unwrap_or(received);
            cp.execute(params![
                id,
                number,
                ts(received),
                staff,
                CHANNELS[rng.random_range(0..CHANNELS.len())],
                "等待时间过长 / Waited too long",
                rng.random_range(1..=customers.max(1)),
                NATURES[rng.random_range(0..NATURES.len())],
                CATEGORIES[rng.random_range(0..CATEGORIES.len())],
                stage,
                escalated,
                reported.map(ts),
                reported.map(|_| "客户经理"),
                escalated.then_some("车间"),
                resolved.map(ts),
                followed.map(ts),
                ts(updated),
            ])?;
            ev.execute(params![
                id,
                ts(received),
                staff,
                "received",
                "received",
                None::<String>
            ])?;
            if let Some(r) = reported {
                ev.execute(params![
                    id,
                    ts(r),
                    staff,
                    "reported",
                    "reported",
                    "客户经理"
                ])?;
            }
            if escalated {
                let issued = reported.unwrap_or(received) + Duration::minutes(20);
                let done = (stage != "supervised").then(|| issued + Duration::hours(20));
                so.execute(params![
                    id,
                    ts(issued),
                    staff,
                    ts(issued + Duration::hours(24)),
                    done.map(ts)
                ])?;
                ev.execute(params![
                    id,
                    ts(issued),
                    staff,
                    "supervised",
                    "supervised",
                    "车间: 查明原因"
                ])?;
            }
            if matches!(stage, "proposed" | "accepted" | "resolved" | "closed") {
                let p = reported.unwrap_or(received) + Duration::hours(22);
                ev.execute(params![
                    id,
                    ts(p),
                    staff,
                    "proposed",
                    "proposed",
                    "免费复查"
                ])?;
                if stage != "proposed" {
                    ev.execute(params![
                        id,
                        ts(p + Duration::hours(2)),
                        staff,
                        "answered",
                        "accepted",
                        None::<String>
                    ])?;
                }
            }
            if let Some(r) = resolved {
                ev.execute(params![id, ts(r), staff, "resolved", "resolved", "已处理"])?;
            }
            if let Some(f) = followed {
                ev.execute(params![
                    id,
                    ts(f),
                    staff,
                    "followed_up",
                    "closed",
                    "satisfied"
                ])?;
            }
        }
        if n > 0 {
            crate::store::bulk::advance(n - (n - 1) / 500 * 500);
        }
        Ok(())
    })
}
