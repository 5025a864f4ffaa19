//! The open complaints with every clock, among a big shop's archive: 50,000 complaints
//! over five years (`store::bulk_complaints`), 600 of them open in every open stage, with
//! their events and supervision orders; 20,000 customers.
//!
//! Measured in one run, interleaved with the bare SQL that returns the same rows (the
//! list's two statements, each column read, nothing mapped):
//! * `open list`: `Store::open_complaints()` — the rows with their stages;
//! * `open list + clocks`: the same, then every clock of every row computed under the
//!   shop's policy and calendar and the rows sorted overdue first, as F3 holds them;
//! * the clocks alone, on rows already read.
//!
//! The database is built once and kept at `target/bench-data/complaints-50k.sqlite`.
//!
//! Run: `cargo bench --bench complaints`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use frontdesk::app::screens::complaints::entries;
use frontdesk::store::{Result, Store, bulk_complaints, complaints, testing};

const COMPLAINTS: usize = 50_000;
const OPEN: usize = 600;
const SEED: u64 = 20_261_202;

fn build(store: &mut Store) -> Result<()> {
    testing::bulk_customers(store, 20_000, 20_000, SEED)?;
    bulk_complaints::bulk_complaints(store, COMPLAINTS, OPEN, SEED)?;
    store.conn().execute_batch("ANALYZE")?;
    Ok(())
}

fn database() -> Store {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("complaints-50k.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| testing::row_count(s, "complaints").ok() == Some(COMPLAINTS),
        build,
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
}

fn bare(conn: &rusqlite::Connection) -> usize {
    let mut cells = 0;
    for sql in complaints::open_list_sql() {
        let mut st = conn.prepare_cached(&sql).unwrap();
        let n = st.column_count();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            for i in 0..n {
                black_box(r.get_ref(i).unwrap());
                cells += 1;
            }
        }
    }
    cells
}

fn percentiles(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn main() {
    let mut store = database();
    for sql in complaints::open_list_sql() {
        let plan = testing::query_plan(store.conn(), &sql).unwrap();
        eprintln!("plan: {}", plan.join(" | "));
    }
    let settings = store.shop_settings().unwrap();
    let rows = store.open_complaints().unwrap();
    assert_eq!(rows.len(), OPEN);
    let held = entries(rows, &settings, now());
    eprintln!(
        "{} open of {COMPLAINTS}; {} overdue; {} stage events",
        held.len(),
        held.iter().filter(|e| e.overdue > 0).count(),
        held.iter().map(|e| e.row.stages.len()).sum::<usize>()
    );
    let rounds = 200;
    let report = |what: &str, ours: &mut Vec<f64>, base: &mut Vec<f64>| {
        let (o, p99) = percentiles(ours);
        let (b, _) = percentiles(base);
        eprintln!(
            "{what:<28} median {o:>7.0} µs (p99 {p99:>6.0} µs); bare SQL {b:>6.0} µs; ratio {:.2}",
            o / b
        );
    };
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Instant::now();
        black_box(store.open_complaints().unwrap());
        ours.push(s.elapsed().as_secs_f64() * 1e6);
        let s = Instant::now();
        store
            .read(|c| Ok(black_box(bare(c.sqlite("bench")?))))
            .unwrap();
        base.push(s.elapsed().as_secs_f64() * 1e6);
    }
    report("open list", &mut ours, &mut base);
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Instant::now();
        let rows = store.open_complaints().unwrap();
        black_box(entries(rows, &settings, now()));
        ours.push(s.elapsed().as_secs_f64() * 1e6);
        let s = Instant::now();
        store
            .read(|c| Ok(black_box(bare(c.sqlite("bench")?))))
            .unwrap();
        base.push(s.elapsed().as_secs_f64() * 1e6);
    }
    report("open list + clocks", &mut ours, &mut base);
    // The clocks alone, on rows already read (what the list adds to its query).
    let rows = store.open_complaints().unwrap();
    let mut alone = Vec::new();
    for _ in 0..rounds {
        let r = rows.clone();
        let s = Instant::now();
        black_box(entries(r, &settings, now()));
        alone.push(s.elapsed().as_secs_f64() * 1e6);
    }
    let (m, p99) = percentiles(&mut alone);
    eprintln!("clocks of {OPEN} rows alone      median {m:>7.0} µs (p99 {p99:>6.0} µs)");
}
