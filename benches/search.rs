//! The counter's search box on a big database: 200,000 customers and 300,000 vehicles,
//! one query per keystroke. Target (check-in issue): every keystroke answers in < 2 ms.
//!
//! The database is built once and kept at `target/bench-data/search-300k.sqlite`; it is
//! rebuilt when missing or when its schema differs from the current migrations.
//!
//! Run: `cargo bench --bench search`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use frontdesk::store::{Store, customers, testing};

const CUSTOMERS: usize = 200_000;
const VEHICLES: usize = 300_000;
const SEED: u64 = 20_261_125;
/// As many hits as the check-in search list asks for (`app::screens::checkin::SEARCH_LIMIT`).
const LIMIT: usize = frontdesk::app::screens::checkin::SEARCH_LIMIT;

/// Typical keystroke queries: plate with province, plate without it (also one with
/// next to no hits, which runs every statement including the name-piece scan), phone
/// tail, phone prefix, name prefix, a piece of the name (given name, English surname).
const QUERIES: &[&str] = &[
    "粤B1", "B12", "B1234", "8000", "1380013", "王", "王建", "建国", "smith",
];

/// The benchmark's database, built once under target/bench-data.
fn database() -> Store {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("search-300k.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| {
            testing::row_count(s, "customers").ok() == Some(CUSTOMERS)
                && testing::row_count(s, "vehicles").ok() == Some(VEHICLES)
        },
        |s| testing::bulk_customers(s, CUSTOMERS, VEHICLES, SEED),
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
}

fn bench(c: &mut Criterion) {
    let store = database();
    let conn = store.conn();
    for q in QUERIES {
        let hits = customers::search(conn, q, LIMIT).unwrap();
        eprintln!("{q:>8}: {} hits", hits.len());
    }
    let mut group = c.benchmark_group("search 200k customers / 300k vehicles");
    for q in QUERIES {
        group.bench_with_input(BenchmarkId::from_parameter(q), q, |b, q| {
            b.iter(|| customers::search(conn, black_box(q), LIMIT).unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
