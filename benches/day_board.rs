//! The appointments day board on a big database: 1,000,000 appointments over ~13.7 years,
//! ≈200 on the benchmarked day.
//!
//! The database is built once and kept at `target/bench-data/appointments-1m.sqlite`; it is
//! rebuilt when missing or when its schema differs from the current migrations.
//!
//! Run: `cargo bench --bench day_board`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Days, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::app::keymap::Keymap;
use frontdesk::app::model::{Model, PanelId, RunMode};
use frontdesk::clock::Zone;
use frontdesk::domain::appointment::CapacityPolicy;
use frontdesk::store::appointments;
use frontdesk::store::{Access, Store, staff, testing};
use frontdesk::ui::i18n::{I18n, Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const APPOINTMENTS: usize = 1_000_000;
const DAYS: u32 = 5_000;
const SEED: u64 = 20_261_124;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
}

/// A day in the middle of the data.
fn bench_day() -> NaiveDate {
    first_day() + Days::new(2_522)
}

fn data_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data").join("appointments-1m.sqlite")
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
    let _ = std::fs::remove_file(&path);
    s
}

fn usable(path: &Path, want_schema: &str) -> bool {
    let Ok(store) = Store::open(path, Access::ReadOnly) else {
        return false;
    };
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM appointments", [], |r| r.get(0))
        .unwrap_or(0);
    n as usize == APPOINTMENTS && schema(&store) == want_schema
}

/// Opens the cached database, building it first when needed.
fn database() -> Store {
    let path = data_path();
    let dir = path.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let want = current_schema(dir);
    if !usable(&path, &want) {
        let started = Instant::now();
        let tmp = dir.join(format!("appointments-1m.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        {
            let mut store = Store::open(&tmp, Access::ReadWrite).unwrap();
            testing::bulk_appointments(&mut store, APPOINTMENTS, first_day(), DAYS, SEED).unwrap();
            store
                .conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
        }
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        std::fs::rename(&tmp, &path).unwrap();
        eprintln!(
            "built {} ({APPOINTMENTS} appointments) in {:.1?}",
            path.display(),
            started.elapsed()
        );
    }
    Store::open(&path, Access::ReadOnly).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut store = database();
    let day = bench_day();
    let policy = CapacityPolicy::manual_default();
    let rows = appointments::list_day(store.conn(), day).unwrap();
    eprintln!("{day}: {} appointments", rows.len());
    assert!((150..=250).contains(&rows.len()), "{}", rows.len());

    c.bench_function("load day with 200 of 1M appointments", |b| {
        b.iter(|| {
            store
                .read(|conn| {
                    let rows = appointments::list_day(conn, black_box(day))?;
                    let week = appointments::week(conn, day, 7, &policy)?;
                    Ok(black_box((rows, week)))
                })
                .unwrap()
        })
    });

    let zone = Zone::parse("Asia/Shanghai").unwrap();
    let now: DateTime<Utc> = day.and_hms_opt(2, 0, 0).unwrap().and_utc();
    let me = staff::list(store.conn(), true).unwrap().remove(0);
    let i18n = I18n::new(Lang::En);
    let keymap = Keymap::defaults().unwrap();
    let ctx = frontdesk::ui::Ctx {
        i18n: &i18n,
        keymap: &keymap,
    };
    let mut model = Model::new(RunMode::Console, Lang::En, zone, now, "bench".to_string());
    model.staff = Some(me);
    model.panel = PanelId::Appointments;
    model.appointments.day = day;
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    c.bench_function("load and render day board 120x40", |b| {
        b.iter(|| {
            let (rows, week) = store
                .read(|conn| {
                    Ok((
                        appointments::list_day(conn, day)?,
                        appointments::week(conn, day, 7, &policy)?,
                    ))
                })
                .unwrap();
            model.appointments.load = week.first().map(|(_, l)| *l);
            model.appointments.week = week;
            model.appointments.list.set_rows(rows);
            terminal
                .draw(|f| frontdesk::ui::render(f, &model, &ctx))
                .unwrap();
            black_box(terminal.backend().buffer().area)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
