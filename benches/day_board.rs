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
use frontdesk::app::{App, RunMode, ScreenId};
use frontdesk::clock::Zone;
use frontdesk::domain::appointment::CapacityPolicy;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::store::appointments;
use frontdesk::store::{Store, staff, testing};
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

/// The benchmark's database, built once under target/bench-data.
fn database() -> Store {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("appointments-1m.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| testing::row_count(s, "appointments").ok() == Some(APPOINTMENTS),
        |s| testing::bulk_appointments(s, APPOINTMENTS, first_day(), DAYS, SEED),
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
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
    let mut model = App::new(RunMode::Console, Lang::En, zone, now, "bench".to_string());
    model.shell.staff = Some(me);
    model.shell.panel = ScreenId::Appointments;
    model.screens.appointments.day = day;
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
            model.screens.appointments.load = week.first().map(|(_, l)| *l);
            model.screens.appointments.week = week;
            model.screens.appointments.list.set_rows(rows);
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
