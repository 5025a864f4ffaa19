//! Bulk history for the scale demo (`frontdesk demo --scale`), the benchmarks and the
//! store tests: raw multi-row INSERTs (no per-row checks, no audit rows, no events per
//! order) that build a large database fast, deterministically for a seed, with a
//! progress hook for the demo's bar.

use std::collections::HashSet;

use crate::store::db::Connection;
use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Statement;

use super::appointments::day_text;
use super::{Result, Store, StoreError};

/// Rows per multi-row INSERT.
const CHUNK: usize = 500;

/// A progress hook: told of the rows just written.
type Hook = Box<dyn FnMut(usize)>;

thread_local! {
    /// Told how many rows of the main tables (customers, vehicles, appointments, repair
    /// orders, complaints) were just written; see [`with_progress`].
    static PROGRESS: std::cell::RefCell<Option<Hook>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (bulk builders on this thread) with `hook` told of every chunk of rows of
/// the main tables written, for a progress bar; the hook is removed afterwards.
pub fn with_progress<R>(hook: impl FnMut(usize) + 'static, f: impl FnOnce() -> R) -> R {
    PROGRESS.with(|p| *p.borrow_mut() = Some(Box::new(hook)));
    let out = f();
    PROGRESS.with(|p| *p.borrow_mut() = None);
    out
}

/// `rows` rows of a main table written.
pub(crate) fn advance(rows: usize) {
    PROGRESS.with(|p| {
        if let Some(hook) = p.borrow_mut().as_mut() {
            hook(rows);
        }
    });
}

/// Builds "INSERT INTO … VALUES (…), (…)" for `rows` rows of `per_row` numbered
/// parameters starting at `?first`; `tail` is appended to each row's list (shared
/// parameters such as `?1`).
fn multi_insert(head: &str, rows: usize, per_row: usize, first: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + rows * per_row * 7);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..per_row {
            if c > 0 {
                sql.push(',');
            }
            sql.push_str(&format!("?{}", first + r * per_row + c));
        }
        sql.push_str(tail);
        sql.push(')');
    }
    sql
}

fn chunk_stmt<'c>(
    conn: &'c Connection,
    head: &str,
    rows: usize,
    per_row: usize,
    tail: &str,
) -> Result<rusqlite::CachedStatement<'c>> {
    // ?1 and ?2 are the shared parameters (time, staff id); row parameters follow.
    Ok(conn
        .sqlite("bulk loading")?
        .prepare_cached(&multi_insert(head, rows, per_row, 3, tail))?)
}

fn bind_shared(st: &mut Statement<'_>, now: &str, staff: i64) -> Result<()> {
    st.raw_bind_parameter(1, now)?;
    st.raw_bind_parameter(2, staff)?;
    Ok(())
}

const STATES: &[(&str, u32)] = &[
    ("booked", 40),
    ("confirmed", 25),
    ("arrived", 10),
    ("checked_in", 15),
    ("no_show", 3),
    ("cancelled", 5),
    ("rescheduled", 2),
];
const SERVICES: &[&str] = &[
    "maintenance",
    "maintenance",
    "maintenance",
    "repair",
    "repair",
    "warranty",
    "comeback",
    "recall",
    "inspection",
    "other",
];
const CHANNELS: &[&str] = &["phone", "sms", "online", "walk_up"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
];
const CARS: &[(&str, &str)] = &[
    ("Toyota", "Camry"),
    ("Honda", "Accord"),
    ("Volkswagen", "Passat"),
    ("Nissan", "Sylphy"),
    ("Buick", "LaCrosse"),
    ("BYD", "Han"),
];

fn pick_state(rng: &mut ChaCha8Rng) -> &'static str {
    let total: u32 = STATES.iter().map(|s| s.1).sum();
    let mut x = rng.random_range(0..total);
    for (s, w) in STATES {
        if x < *w {
            return s;
        }
        x -= w;
    }
    STATES[0].0
}

/// The id the next row of `table` gets when ids are given explicitly.
fn next_id(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

/// Inserts `n` customers with ids from `first`, in chunks; `person(rng, id)` gives each
/// one's name and phone, the salutation is drawn here.
fn insert_customers(
    conn: &Connection,
    now: &str,
    staff: i64,
    first: i64,
    n: usize,
    rng: &mut ChaCha8Rng,
    mut person: impl FnMut(&mut ChaCha8Rng, i64) -> (String, String),
) -> Result<()> {
    let mut done = 0;
    while done < n {
        let rows = CHUNK.min(n - done);
        let mut st = chunk_stmt(
            conn,
            "INSERT INTO customers (id, name, salutation, phone, created_at, created_by, \
             updated_at, updated_by)",
            rows,
            4,
            ",?1,?2,?1,?2",
        )?;
        bind_shared(&mut st, now, staff)?;
        for r in 0..rows {
            let id = first + (done + r) as i64;
            let p = 3 + r * 4;
            let (name, phone) = person(rng, id);
            st.raw_bind_parameter(p, id)?;
            st.raw_bind_parameter(p + 1, name)?;
            st.raw_bind_parameter(p + 2, if rng.random_bool(0.5) { "mr" } else { "ms" })?;
            st.raw_bind_parameter(p + 3, phone)?;
        }
        st.raw_execute()?;
        done += rows;
        advance(rows);
    }
    Ok(())
}

/// Adds one advisor, a few thousand customers with one vehicle each, and `n` appointments
/// spread evenly over the `days` days from `first_day` (each day gets `n / days`, give or
/// take one), all in one transaction. Start times are local 08:30–16:45 in a UTC+8 shop.
/// Deterministic for a given `seed`; may be called on a database that already has data.
pub fn bulk_appointments(
    store: &mut Store,
    n: usize,
    first_day: NaiveDate,
    days: u32,
    seed: u64,
) -> Result<()> {
    if days == 0 {
        return Err(StoreError::Invalid(
            "bulk_appointments needs days > 0".into(),
        ));
    }
    let created = first_day
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let customers = n.clamp(1, 3000);
    // A bigger page cache for the build (the vehicle index takes random inserts).
    let cache: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    store.conn().execute_batch("PRAGMA cache_size = -262144")?;
    let out = fill(store, n, first_day, days, created, &mut rng, customers);
    store
        .conn()
        .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    out
}

fn fill(
    store: &mut Store,
    n: usize,
    first_day: NaiveDate,
    days: u32,
    created: chrono::DateTime<chrono::Utc>,
    rng: &mut ChaCha8Rng,
    customers: usize,
) -> Result<()> {
    store.write(None, created, |tx| {
        let conn = tx.conn();
        let now = tx.now_text().to_string();

        let next_staff: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM staff", [], |r| {
                r.get(0)
            })?;
        conn.execute(
            "INSERT INTO staff (id, code, name, role, active, version, created_at, updated_at) \
             VALUES (?1, ?2, ?3, 'advisor', 1, 1, ?4, ?4)",
            crate::store::db::params![
                next_staff,
                format!("BULK{next_staff}"),
                format!("批量顾问{next_staff}"),
                now
            ],
        )?;
        let staff = next_staff;

        // Customers and vehicles with explicit ids, so appointments can name them.
        let first_customer = next_id(conn, "customers")?;
        let first_vehicle = next_id(conn, "vehicles")?;
        insert_customers(
            conn,
            &now,
            staff,
            first_customer,
            customers,
            rng,
            |rng, id| {
                let name = format!(
                    "{}{}",
                    SURNAMES[rng.random_range(0..SURNAMES.len())],
                    GIVEN[rng.random_range(0..GIVEN.len())]
                );
                (name, format!("139{:08}", id % 100_000_000))
            },
        )?;
        let mut done = 0;
        while done < customers {
            let rows = CHUNK.min(customers - done);
            let mut st = chunk_stmt(
                conn,
                "INSERT INTO vehicles (id, customer_id, plate, make, model, created_at, \
                 created_by, updated_at, updated_by)",
                rows,
                5,
                ",?1,?2,?1,?2",
            )?;
            bind_shared(&mut st, &now, staff)?;
            for r in 0..rows {
                let vid = first_vehicle + (done + r) as i64;
                let p = 3 + r * 5;
                let (make, model) = CARS[rng.random_range(0..CARS.len())];
                st.raw_bind_parameter(p, vid)?;
                st.raw_bind_parameter(p + 1, first_customer + (done + r) as i64)?;
                // Unique across calls: the vehicle id is.
                st.raw_bind_parameter(p + 2, format!("粤Z{vid:06}"))?;
                st.raw_bind_parameter(p + 3, make)?;
                st.raw_bind_parameter(p + 4, model)?;
            }
            st.raw_execute()?;
            done += rows;
            advance(rows);
        }

        let day_texts: Vec<String> = (0..days)
            .map(|d| day_text(first_day + Days::new(d.into())))
            .collect();
        let mut done = 0;
        while done < n {
            let rows = CHUNK.min(n - done);
            let mut st = chunk_stmt(
                conn,
                "INSERT INTO appointments (customer_id, vehicle_id, day, starts_at, service, \
                 est_minutes, advisor_id, kind, channel, state, created_at, created_by, \
                 updated_at, updated_by)",
                rows,
                10,
                ",?1,?2,?1,?2",
            )?;
            bind_shared(&mut st, &now, staff)?;
            for r in 0..rows {
                let i = done + r;
                let p = 3 + r * 10;
                let c = rng.random_range(0..customers) as i64;
                // Day-major order keeps the day indexes append-only (fast to build).
                let day = &day_texts[(i as u128 * u128::from(days) / n as u128) as usize];
                // Local 08:30 + k × 15 min, k < 34, in UTC+8: the same date in UTC.
                let local = 8 * 60 + 30 + 15 * rng.random_range(0..34u32);
                let utc = local - 8 * 60;
                st.raw_bind_parameter(p, first_customer + c)?;
                st.raw_bind_parameter(p + 1, first_vehicle + c)?;
                st.raw_bind_parameter(p + 2, day.as_str())?;
                st.raw_bind_parameter(p + 3, format!("{day}T{:02}:{:02}:00Z", utc / 60, utc % 60))?;
                st.raw_bind_parameter(p + 4, SERVICES[rng.random_range(0..SERVICES.len())])?;
                st.raw_bind_parameter(p + 5, 30 * rng.random_range(1..=6i64))?;
                st.raw_bind_parameter(
                    p + 6,
                    if rng.random_bool(0.6) {
                        Some(staff)
                    } else {
                        None
                    },
                )?;
                st.raw_bind_parameter(
                    p + 7,
                    if rng.random_bool(0.3) {
                        "active"
                    } else {
                        "passive"
                    },
                )?;
                st.raw_bind_parameter(p + 8, CHANNELS[rng.random_range(0..CHANNELS.len())])?;
                st.raw_bind_parameter(p + 9, pick_state(rng))?;
            }
            st.raw_execute()?;
            done += rows;
            advance(rows);
        }
        Ok(())
    })
}

const MORE_SURNAMES: &[&str] = &[
    "林", "何", "高", "郭", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
    "曾", "肖", "田", "董", "欧阳", "司马",
];
const MORE_GIVEN: &[&str] = &[
    "建", "国", "华", "平", "志", "红", "文", "斌", "辉", "玲", "秀", "英", "海", "鹏", "飞", "宇",
    "婷", "雪", "晨", "浩", "俊", "峰", "琳", "新",
];
const FIRST_NAMES: &[&str] = &[
    "John", "Mary", "David", "Linda", "Michael", "Sarah", "James", "Emma", "Peter", "Anna",
    "Robert", "Lucy", "Tom", "Grace", "Kevin", "Helen",
];
const LAST_NAMES: &[&str] = &[
    "Smith", "Brown", "Wilson", "Taylor", "Miller", "Davis", "Clark", "Walker", "Green", "Wright",
    "Chan", "Wong", "Lee", "Ng",
];
/// Plate series letters: A–Z without I and O.
const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

fn bulk_name(rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.85) {
        let surname = if rng.random_bool(0.8) {
            SURNAMES[rng.random_range(0..SURNAMES.len())]
        } else {
            MORE_SURNAMES[rng.random_range(0..MORE_SURNAMES.len())]
        };
        let given = |rng: &mut ChaCha8Rng| {
            if rng.random_bool(0.5) {
                GIVEN[rng.random_range(0..GIVEN.len())]
            } else {
                MORE_GIVEN[rng.random_range(0..MORE_GIVEN.len())]
            }
        };
        let first = given(rng);
        if rng.random_bool(0.6) {
            format!("{surname}{first}{}", given(rng))
        } else {
            format!("{surname}{first}")
        }
    } else {
        format!(
            "{} {}",
            FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())],
            LAST_NAMES[rng.random_range(0..LAST_NAMES.len())]
        )
    }
}

/// A mobile number 1[3-9]xxxxxxxxx.
fn bulk_phone(rng: &mut ChaCha8Rng) -> String {
    format!(
        "1{}{:09}",
        rng.random_range(3..=9u8),
        rng.random_range(0..1_000_000_000u32)
    )
}

/// A normalised mainland plate: 粤B12345 (about a third of them 粤), sometimes with a
/// letter among the five, or a new-energy plate 京AD12345.
fn bulk_plate(rng: &mut ChaCha8Rng) -> String {
    let provinces: Vec<char> = crate::domain::plate::PROVINCES.chars().collect();
    let province = if rng.random_bool(0.35) {
        '粤'
    } else {
        provinces[rng.random_range(0..provinces.len())]
    };
    let letter =
        |rng: &mut ChaCha8Rng| PLATE_LETTERS[rng.random_range(0..PLATE_LETTERS.len())] as char;
    let series = letter(rng);
    if rng.random_bool(0.1) {
        let energy = if rng.random_bool(0.8) { 'D' } else { 'F' };
        format!(
            "{province}{series}{energy}{:05}",
            rng.random_range(0..100_000u32)
        )
    } else if rng.random_bool(0.2) {
        // One letter among the five, e.g. 粤B1K234.
        let mut tail: Vec<char> = format!("{:05}", rng.random_range(0..100_000u32))
            .chars()
            .collect();
        tail[rng.random_range(1..5)] = letter(rng);
        format!("{province}{series}{}", tail.into_iter().collect::<String>())
    } else {
        format!("{province}{series}{:05}", rng.random_range(0..100_000u32))
    }
}

/// Adds `customers` customers (Chinese and English names, mobile numbers) and `vehicles`
/// vehicles with unique normalised plates (粤B12345, 京AD12345), in one transaction with
/// multi-row INSERTs. Each of the first `min(customers, vehicles)` customers gets one
/// vehicle, the rest go to random customers. When the staff table is empty one advisor is
/// created first; otherwise the rows are written by the first staff member.
/// Deterministic for a given `seed` on an empty database; may be called on one that
/// already has data (plates already on file are avoided).
pub fn bulk_customers(
    store: &mut Store,
    customers: usize,
    vehicles: usize,
    seed: u64,
) -> Result<()> {
    if customers == 0 && vehicles > 0 {
        return Err(StoreError::Invalid(
            "bulk_customers needs customers for its vehicles".into(),
        ));
    }
    let created = NaiveDate::from_ymd_opt(2024, 1, 1)
        .expect("a valid date")
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cache: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    store.conn().execute_batch("PRAGMA cache_size = -262144")?;
    let out = store.write(None, created, |tx| {
        let conn = tx.conn();
        let now = tx.now_text().to_string();
        let staff: Option<i64> = conn.query_row("SELECT MIN(id) FROM staff", [], |r| r.get(0))?;
        let staff = match staff {
            Some(id) => id,
            None => {
                conn.execute(
                    "INSERT INTO staff (id, code, name, role, active, version, created_at, \
                     updated_at) VALUES (1, 'BULK1', '批量顾问', 'advisor', 1, 1, ?1, ?1)",
                    [&now],
                )?;
                1
            }
        };
        let first_customer = next_id(conn, "customers")?;
        let first_vehicle = next_id(conn, "vehicles")?;

        insert_customers(
            conn,
            &now,
            staff,
            first_customer,
            customers,
            &mut rng,
            |rng, _| (bulk_name(rng), bulk_phone(rng)),
        )?;

        let mut taken: HashSet<String> = HashSet::with_capacity(vehicles);
        let mut on_file = conn.prepare("SELECT plate FROM vehicles")?;
        for p in on_file.query_map([], |r| r.get::<_, String>(0))? {
            taken.insert(p?);
        }
        drop(on_file);
        let mut done = 0;
        while done < vehicles {
            let rows = CHUNK.min(vehicles - done);
            let mut st = chunk_stmt(
                conn,
                "INSERT INTO vehicles (id, customer_id, plate, make, model, year, \
                 last_odometer_km, created_at, created_by, updated_at, updated_by)",
                rows,
                7,
                ",?1,?2,?1,?2",
            )?;
            bind_shared(&mut st, &now, staff)?;
            for r in 0..rows {
                let i = done + r;
                let p = 3 + r * 7;
                let owner = if i < customers {
                    i
                } else {
                    rng.random_range(0..customers)
                };
                let plate = loop {
                    let plate = bulk_plate(&mut rng);
                    if taken.insert(plate.clone()) {
                        break plate;
                    }
                };
                let (make, model) = CARS[rng.random_range(0..CARS.len())];
                st.raw_bind_parameter(p, first_vehicle + i as i64)?;
                st.raw_bind_parameter(p + 1, first_customer + owner as i64)?;
                st.raw_bind_parameter(p + 2, plate)?;
                st.raw_bind_parameter(p + 3, make)?;
                st.raw_bind_parameter(p + 4, model)?;
                st.raw_bind_parameter(p + 5, rng.random_range(2008..=2025i64))?;
                st.raw_bind_parameter(p + 6, rng.random_range(0..250_000i64))?;
            }
            st.raw_execute()?;
            done += rows;
            advance(rows);
        }
        Ok(())
    });
    store
        .conn()
        .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    out
}

/// Inserts `rows` (each `per_row` values) into `head` ("INSERT INTO t (a, b)") with
/// multi-row statements of at most [`CHUNK`] rows.
fn insert_values(
    conn: &Connection,
    head: &str,
    per_row: usize,
    rows: &[Vec<rusqlite::types::Value>],
) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut st = conn.sqlite("bulk loading")?.prepare_cached(&multi_insert(
            head,
            chunk.len(),
            per_row,
            1,
            "",
        ))?;
        for (r, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), per_row);
            for (c, v) in row.iter().enumerate() {
                st.raw_bind_parameter(1 + r * per_row + c, v)?;
            }
        }
        st.raw_execute()?;
    }
    Ok(())
}

/// The open states of [`bulk_repair_orders`] and how often each is drawn.
const OPEN_STATES: &[(&str, u32)] = &[
    ("written", 10),
    ("dispatched", 15),
    ("in_repair", 35),
    ("waiting_parts", 10),
    ("waiting_approval", 10),
    ("quality_check", 8),
    ("wash", 5),
    ("ready", 7),
];

/// Adds `total` repair orders, `open` of them still open, with 2–4 lines each, in one
/// transaction with multi-row INSERTs (no audit rows, no events): the closed ones
/// delivered (or now and then cancelled) over the three years before 2026-11-23, the
/// open ones written that morning (Asia/Shanghai) in every open state, each consistent
/// with the workshop's model — a running job in repair, a job paused for parts or for
/// the customer (with a proposed line) while waiting, every job done from the quality
/// check on (with some levels passed), a walk-around for each. Customers and vehicles
/// are added first when there are none ([`bulk_customers`]); six technicians and a
/// supervisor are added. Deterministic for a given `seed` on an empty database: the
/// benchmark's million orders with the board's 2,000 open ones.
pub fn bulk_repair_orders(store: &mut Store, total: usize, open: usize, seed: u64) -> Result<()> {
    // 09:00 in Asia/Shanghai on 2026-11-23.
    let morning = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(1, 0, 0))
        .expect("a valid time")
        .and_utc();
    bulk_repair_orders_at(store, total, open, seed, morning)
}

/// [`bulk_repair_orders`] with the open orders written in the hour before `morning`
/// and the closed ones over the three years before it.
pub fn bulk_repair_orders_at(
    store: &mut Store,
    total: usize,
    open: usize,
    seed: u64,
    morning: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use rusqlite::types::Value as V;
    if open > total {
        return Err(StoreError::Invalid(
            "bulk_repair_orders: more open orders than orders".into(),
        ));
    }
    let vehicles: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM vehicles", [], |r| r.get(0))?;
    if vehicles == 0 {
        bulk_customers(store, 3000, 3000, seed)?;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x524f);
    let cache: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    store.conn().execute_batch("PRAGMA cache_size = -262144")?;
    let out = store.write(None, morning, |tx| {
        let conn = tx.conn();
        let now = tx.now_text().to_string();
        let cars: Vec<(i64, i64)> = {
            let mut st = conn.prepare("SELECT id, customer_id FROM vehicles ORDER BY id")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        // An advisor writes them (the first staff member when there is none).
        let advisor: i64 = conn.query_row(
            "SELECT COALESCE((SELECT MIN(id) FROM staff WHERE role = 'advisor'), \
             (SELECT MIN(id) FROM staff))",
            [],
            |r| r.get(0),
        )?;
        let first_staff = next_id(conn, "staff")?;
        let mut techs = Vec::new();
        for k in 0..7 {
            let id = first_staff + k;
            let (code, role) = if k < 6 {
                (format!("BT{id}"), "technician")
            } else {
                (format!("BS{id}"), "supervisor")
            };
            conn.execute(
                "INSERT INTO staff (id, code, name, role, active, version, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, 1, 1, ?5, ?5)",
                crate::store::db::params![
                    id,
                    code,
                    if k < 6 {
                        format!("批量技师{id}")
                    } else {
                        format!("批量主管{id}")
                    },
                    role,
                    now
                ],
            )?;
            techs.push(id);
        }
        let supervisor = techs.pop().expect("seven were added");

        let first_order = next_id(conn, "repair_orders")?;
        let first_line = next_id(conn, "repair_order_lines")?;
        let closed = total - open;
        let ts = |t: chrono::DateTime<chrono::Utc>| super::ts(t);
        let mut orders: Vec<Vec<V>> = Vec::with_capacity(CHUNK);
        let mut lines: Vec<Vec<V>> = Vec::with_capacity(CHUNK * 4);
        let mut walks: Vec<Vec<V>> = Vec::new();
        let mut checks: Vec<Vec<V>> = Vec::new();
        let mut line_id = first_line;
        let mut per_day: std::collections::HashMap<NaiveDate, u32> = Default::default();
        let text = |s: &str| V::Text(s.to_string());
        let flush = |orders: &mut Vec<Vec<V>>,
                     lines: &mut Vec<Vec<V>>,
                     walks: &mut Vec<Vec<V>>,
                     checks: &mut Vec<Vec<V>>|
         -> Result<()> {
            insert_values(
                conn,
                "INSERT INTO repair_orders (id, number, customer_id, vehicle_id, advisor_id, \
                 technician_id, bay, state, customer_description, diagnosis, odometer_km, \
                 promised_at, estimate_cents, waiting_mode, payment_method, signed_at, \
                 signed_by, delivered_at, created_at, created_by, updated_at, updated_by, \
                 dispatched_at, progress_pct, paid_cents, paid_method, follow_up_state, \
                 follow_up_on)",
                28,
                orders,
            )?;
            insert_values(
                conn,
                "INSERT INTO repair_order_lines (id, repair_order_id, position, kind, \
                 description, quantity_centi, unit_price_cents, claim, approval, proposed_at, \
                 job_state, pause_reason, worked_seconds, running_since)",
                14,
                lines,
            )?;
            insert_values(
                conn,
                "INSERT INTO walkarounds (repair_order_id, fuel_level, warning_lights, \
                 tools_present, lighter_present, valuables_removed, return_old_parts, wash, \
                 engine_bay_clean)",
                9,
                walks,
            )?;
            insert_values(
                conn,
                "INSERT INTO quality_checks (repair_order_id, level, staff_id, passed, at, \
                 recorded_by)",
                6,
                checks,
            )?;
            orders.clear();
            lines.clear();
            walks.clear();
            checks.clear();
            Ok(())
        };
        for k in 0..total {
            let id = first_order + k as i64;
            let is_open = k >= closed;
            let (vehicle, customer) = cars[rng.random_range(0..cars.len())];
            let created = if is_open {
                morning + chrono::TimeDelta::minutes(rng.random_range(-60..0))
            } else {
                // Spread evenly over the 1,095 days before today, 08:00–17:00 local.
                let day = 1 + (k as i64 * 1095 / closed.max(1) as i64);
                morning - chrono::TimeDelta::days(day)
                    + chrono::TimeDelta::minutes(rng.random_range(-60..480))
            };
            let local_day = (created + chrono::TimeDelta::hours(8)).date_naive();
            let n = per_day.entry(local_day).or_insert(0);
            *n += 1;
            let number = format!("RO-{}-{:04}", local_day.format("%Y%m%d"), n);
            let state = if is_open {
                let sum: u32 = OPEN_STATES.iter().map(|s| s.1).sum();
                let mut x = rng.random_range(0..sum);
                let mut pick = OPEN_STATES[0].0;
                for (s, w) in OPEN_STATES {
                    if x < *w {
                        pick = s;
                        break;
                    }
                    x -= w;
                }
                pick
            } else if rng.random_bool(0.04) {
                "cancelled"
            } else {
                "delivered"
            };
            let dispatched = !matches!(state, "written" | "cancelled");
            let tech = techs[rng.random_range(0..techs.len())];
            let promised = created + chrono::TimeDelta::minutes(rng.random_range(60..360));
            let delivered = (state == "delivered")
                .then(|| promised - chrono::TimeDelta::minutes(rng.random_range(-30..60)));
            let n_lines = rng.random_range(2..=4usize);
            let mut sum = 0;
            let done = !matches!(
                state,
                "written" | "dispatched" | "in_repair" | "waiting_parts" | "waiting_approval"
            );
            for pos in 1..=n_lines {
                let labour = pos == 1 || rng.random_bool(0.5);
                let (q, price) = if labour {
                    (rng.random_range(3..=30i64) * 10, 30_000)
                } else {
                    (100, rng.random_range(20..=800i64) * 100)
                };
                sum += (q * price + 50) / 100;
                let job_state = if !labour || state == "written" || state == "dispatched" {
                    "pending"
                } else if done || state == "cancelled" {
                    "done"
                } else if pos == 1 {
                    match state {
                        "in_repair" => "running",
                        _ => "paused",
                    }
                } else {
                    "pending"
                };
                let pause = match (pos, state, job_state) {
                    (1, "waiting_parts", "paused") => V::from("parts".to_string()),
                    (1, "waiting_approval", "paused") => V::from("approval".to_string()),
                    _ => V::Null,
                };
                let running = if job_state == "running" {
                    V::Text(ts(
                        morning - chrono::TimeDelta::minutes(rng.random_range(1..40))
                    ))
                } else {
                    V::Null
                };
                let worked = if job_state == "done" { q * 36 } else { 0 };
                lines.push(vec![
                    V::Integer(line_id),
                    V::Integer(id),
                    V::Integer(pos as i64),
                    text(if labour { "labour" } else { "part" }),
                    text(if labour {
                        "更换机油机滤"
                    } else {
                        "机油 5W-30 4L"
                    }),
                    V::Integer(q),
                    V::Integer(price),
                    V::Integer(i64::from(rng.random_bool(0.05))),
                    text("signed"),
                    V::Null,
                    text(job_state),
                    pause,
                    V::Integer(worked),
                    running,
                ]);
                line_id += 1;
            }
            if state == "waiting_approval" {
                lines.push(vec![
                    V::Integer(line_id),
                    V::Integer(id),
                    V::Integer(n_lines as i64 + 1),
                    text("part"),
                    text("前刹车片（追加）"),
                    V::Integer(100),
                    V::Integer(45_000),
                    V::Integer(0),
                    text("proposed"),
                    V::Text(ts(
                        morning - chrono::TimeDelta::minutes(rng.random_range(1..50))
                    )),
                    text("pending"),
                    V::Null,
                    V::Integer(0),
                    V::Null,
                ]);
                line_id += 1;
            }
            if state == "quality_check" {
                let passed = rng.random_range(0..=2usize);
                let levels = ["self_check", "team_leader"];
                for (l, level) in levels.iter().enumerate().take(passed) {
                    checks.push(vec![
                        V::Integer(id),
                        text(level),
                        V::Integer(if l == 0 { tech } else { supervisor }),
                        V::Integer(1),
                        V::Text(now.clone()),
                        V::Integer(supervisor),
                    ]);
                }
            }
            if is_open {
                walks.push(vec![
                    V::Integer(id),
                    text("1/2"),
                    text(""),
                    V::Integer(1),
                    V::Integer(1),
                    V::Integer(1),
                    V::Integer(i64::from(rng.random_bool(0.3))),
                    V::Integer(i64::from(rng.random_bool(0.7))),
                    V::Integer(0),
                ]);
            }
            let dtext =
                |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or(V::Null, |t| V::Text(ts(t)));
            orders.push(vec![
                V::Integer(id),
                V::Text(number),
                V::Integer(customer),
                V::Integer(vehicle),
                V::Integer(advisor),
                if dispatched {
                    V::Integer(tech)
                } else {
                    V::Null
                },
                if dispatched {
                    V::Text(format!("{}号工位", rng.random_range(1..=8)))
                } else {
                    V::Null
                },
                text(state),
                text("保养"),
                text(""),
                V::Integer(rng.random_range(1_000..200_000)),
                V::Text(ts(promised)),
                V::Integer((sum + 999) / 1000 * 1000),
                text("leave"),
                text("wechat"),
                V::Text(ts(created)),
                V::Integer(advisor),
                dtext(delivered),
                V::Text(ts(created)),
                V::Integer(advisor),
                V::Text(ts(delivered.unwrap_or(created))),
                V::Integer(advisor),
                if dispatched {
                    V::Text(ts(created + chrono::TimeDelta::minutes(8)))
                } else {
                    V::Null
                },
                V::Integer(0),
                if delivered.is_some() {
                    V::Integer(sum)
                } else {
                    V::Null
                },
                if delivered.is_some() {
                    text("wechat")
                } else {
                    V::Null
                },
                if delivered.is_some() {
                    text("done")
                } else {
                    V::Null
                },
                if delivered.is_some() {
                    V::Text(day_text(local_day + Days::new(3)))
                } else {
                    V::Null
                },
            ]);
            if orders.len() == CHUNK {
                flush(&mut orders, &mut lines, &mut walks, &mut checks)?;
                advance(CHUNK);
            }
        }
        let rest = orders.len();
        flush(&mut orders, &mut lines, &mut walks, &mut checks)?;
        advance(rest);
        Ok(())
    });
    store
        .conn()
        .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    out
}

/// Rows in `table` (one of the schema's tables).
pub fn row_count(store: &Store, table: &str) -> Result<usize> {
    if !table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(StoreError::Invalid(format!(
            "{table:?} is not a table name"
        )));
    }
    let n: i64 = store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}
