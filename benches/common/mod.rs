//! What the scale benchmarks share: the large demo database (as `frontdesk demo --scale
//! large` builds it), built once under `target/bench-data/`, and the figures they print.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use frontdesk::clock::Zone;
use frontdesk::demo::scale::{self, Scale};
use frontdesk::store::testing;

/// The clock the large database is built at and read at (as in docs/performance.md).
pub const NOW: &str = "2026-12-03T10:30:00+08:00";

/// The demo's default seed.
pub const SEED: u64 = 1;

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

/// `target/bench-data` (or under `CARGO_TARGET_DIR`).
pub fn bench_data() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("bench-data")
}

/// The large demo shop (`demo --scale large`, seed 1, built at [`NOW`]): built once
/// (about 80 s) and kept, rebuilt when the migrations change.
pub fn large_db() -> PathBuf {
    let path = bench_data().join("scale-large.sqlite");
    let started = Instant::now();
    let orders = Scale::Large.sizes().orders;
    drop(
        testing::cached_database(
            &path,
            |s| testing::row_count(s, "repair_orders").ok() == Some(orders),
            |s| {
                eprintln!("building {} (about 80 s, once)", path.display());
                scale::fill(s, Scale::Large, SEED, now(), zone(), |_| {}).map(|_| ())
            },
        )
        .unwrap(),
    );
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    path
}

/// The work-orders board's database: 1,000,000 repair orders with their lines, of which
/// [`OPEN`] are open, 200,000 customers and 300,000 vehicles; built once (about 85 s)
/// under `target/bench-data/orders-1m.sqlite`, rebuilt when the migrations change.
pub fn orders_db() -> frontdesk::store::Store {
    let path = bench_data().join("orders-1m.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| testing::row_count(s, "repair_orders").ok() == Some(ORDERS),
        |store| {
            testing::bulk_customers(store, ORDERS_CUSTOMERS, ORDERS_VEHICLES, ORDERS_SEED)?;
            testing::bulk_repair_orders(store, ORDERS, OPEN, ORDERS_SEED)?;
            store.conn().execute_batch("ANALYZE")?;
            Ok(())
        },
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
}

/// The path [`orders_db`] keeps its database at.
pub fn orders_db_path() -> PathBuf {
    bench_data().join("orders-1m.sqlite")
}

pub const ORDERS: usize = 1_000_000;
pub const OPEN: usize = 2_000;
pub const ORDERS_CUSTOMERS: usize = 200_000;
pub const ORDERS_VEHICLES: usize = 300_000;
pub const ORDERS_SEED: u64 = 20_261_202;

/// A copy of the large database that a benchmark may write to (keys that record
/// something), so the cached one stays as built.
pub fn working_copy(name: &str) -> PathBuf {
    let from = large_db();
    let to = bench_data().join(format!("{name}.sqlite"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", to.display()));
    }
    std::fs::copy(&from, &to).unwrap();
    // On disk before anything is timed: else the first fsyncs a key makes (a commit, a
    // printout) wait for the copy's gigabyte to be written back.
    std::fs::File::open(&to).unwrap().sync_all().unwrap();
    to
}

/// The median, the 99th percentile and the maximum of `v`.
pub fn percentiles(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let p99 = v[(v.len() * 99 / 100).min(v.len() - 1)];
    (v[v.len() / 2], p99, v[v.len() - 1])
}
