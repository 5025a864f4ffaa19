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
use frontdesk::store::{Access, Store, customers, testing};

const CUSTOMERS: usize = 200_000;
const VEHICLES: usize = 300_000;
const SEED: u64 = 20_261_125;
/// As many hits as the check-in search list asks for (`app::effects::SEARCH_LIMIT`).
const LIMIT: usize = frontdesk::app::effects::SEARCH_LIMIT;

/// Typical keystroke queries: plate with province, plate without it (also one with
/// next to no hits, which runs every statement including the name-piece scan), phone
/// tail, phone prefix, name prefix, a piece of the name (given name, English surname).
const QUERIES: &[&str] = &[
    "粤B1", "B12", "B1234", "8000", "1380013", "王", "王建", "建国", "smith",
];

fn data_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data").join("search-300k.sqlite")
}

fn schema(store: &Store) -> String {
    store
        .conn()
        .query_row(
            "SELECT group_concat(sql, ';') FROM \
             (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// The schema a fresh database gets from the current migrations.
fn current_schema(dir: &Path) -> String {
    let path = dir.join(format!("schema-probe-{}.sqlite", std::process::id()));
    let store = Store::open(&path, Access::ReadWrite).unwrap();
    let s = schema(&store);
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    s
}

fn usable(path: &Path, want_schema: &str) -> bool {
    let Ok(store) = Store::open(path, Access::ReadOnly) else {
        return false;
    };
    let count = |table: &str| -> usize {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_or(0) as usize
    };
    count("customers") == CUSTOMERS
        && count("vehicles") == VEHICLES
        && schema(&store) == want_schema
}

/// Opens the cached database, building it first when needed.
fn database() -> Store {
    let path = data_path();
    let dir = path.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let want = current_schema(dir);
    if !usable(&path, &want) {
        let started = Instant::now();
        let tmp = dir.join(format!("search-300k.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        {
            let mut store = Store::open(&tmp, Access::ReadWrite).unwrap();
            testing::bulk_customers(&mut store, CUSTOMERS, VEHICLES, SEED).unwrap();
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
            let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
        }
        std::fs::rename(&tmp, &path).unwrap();
        eprintln!(
            "built {} ({CUSTOMERS} customers, {VEHICLES} vehicles) in {:.1?}",
            path.display(),
            started.elapsed()
        );
    }
    Store::open(&path, Access::ReadOnly).unwrap()
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
