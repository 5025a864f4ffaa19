//! Bulk data for benchmarks and store tests. Not part of the program: it writes raw
//! multi-row INSERTs (no per-row checks, no audit rows) to build large databases fast.

use std::collections::HashSet;
use std::path::Path;

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, Statement};

use super::appointments::day_text;
use super::{Access, Result, Store, StoreError};

/// Rows per multi-row INSERT.
const CHUNK: usize = 500;

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
    Ok(conn.prepare_cached(&multi_insert(head, rows, per_row, 3, tail))?)
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
            rusqlite::params![
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
        }
        Ok(())
    });
    store
        .conn()
        .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    out
}

/// The schema as SQLite holds it (every CREATE statement, by name): two databases with
/// the same fingerprint were made by the same migrations.
fn schema_fingerprint(store: &Store) -> Result<String> {
    Ok(store.conn().query_row(
        "SELECT group_concat(sql, ';') FROM \
         (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)",
        [],
        |r| r.get(0),
    )?)
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

/// A benchmark's database, built once and kept at `path`: it is rebuilt (into a
/// `.partial` file, then renamed) when missing, when `complete` says its contents are
/// not what the benchmark needs, or when the current migrations would make a different
/// schema. Returns a read-only handle.
pub fn cached_database(
    path: &Path,
    complete: impl Fn(&Store) -> bool,
    build: impl FnOnce(&mut Store) -> Result<()>,
) -> Result<Store> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let remove = |p: &Path| {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
        }
    };
    let probe = dir.join(format!("schema-probe-{}.sqlite", std::process::id()));
    let want = schema_fingerprint(&Store::open(&probe, Access::ReadWrite)?)?;
    remove(&probe);
    let usable = match Store::open(path, Access::ReadOnly) {
        Ok(s) => schema_fingerprint(&s)? == want && complete(&s),
        Err(_) => false,
    };
    if !usable {
        let tmp = dir.join(format!(
            "{}.{}.partial",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("bench"),
            std::process::id()
        ));
        remove(&tmp);
        {
            let mut store = Store::open(&tmp, Access::ReadWrite)?;
            build(&mut store)?;
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        }
        remove(path);
        std::fs::rename(&tmp, path).map_err(io)?;
        remove(&tmp);
    }
    Store::open(path, Access::ReadOnly)
}

/// A database file at `path` as an older frontdesk left it: only the first `version`
/// migrations applied (for tests that migrate old files).
pub fn create_at_version(path: &std::path::Path, version: u32) -> Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    for (i, sql) in super::MIGRATIONS.iter().take(version as usize).enumerate() {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", (i + 1) as u32)?;
    }
    Ok(())
}
