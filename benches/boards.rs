//! Every page of the wall board and the welcome board on a large database: 1,000,000
//! repair orders (2,000 open, the rest delivered over three years, with their lines),
//! 1,000,000 appointments over 5,000 days (about 200 a day), 50,000 complaints (600
//! open) — `store::testing::bulk_repair_orders`, `bulk_appointments` and
//! `store::bulk_complaints`.
//!
//! Each page is loaded and drawn as the board does it — its key through the real keymap,
//! the store read, the update, and a 160×48 frame (the wall) — interleaved with the bare
//! SQL for its figures: the page's own statements with its parameters
//! (`store::board::page_sql`), every column of every row read, nothing mapped. The
//! ratio is printed, and the plan of every statement.
//!
//! The database is built once and kept at `target/bench-data/boards-1m.sqlite`.
//!
//! Run: `cargo bench --bench boards`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Days, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::keymap::Keymap;
use frontdesk::app::{App, Msg, RunMode, Services, dispatch, start};
use frontdesk::clock::Zone;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::store::board::{PageSql, page_sql};
use frontdesk::store::{Result, Store, bulk_complaints, settings, testing};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const ORDERS: usize = 1_000_000;
const OPEN: usize = 2_000;
const APPOINTMENTS: usize = 1_000_000;
const DAYS: u32 = 5_000;
const COMPLAINTS: usize = 50_000;
const SEED: u64 = 20_261_203;

/// 2026-11-23, the day the open orders were written, in the middle of the appointments.
fn bench_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn build(store: &mut Store) -> Result<()> {
    testing::bulk_repair_orders(store, ORDERS, OPEN, SEED)?;
    let first = bench_day() - Days::new(u64::from(DAYS) / 2);
    testing::bulk_appointments(store, APPOINTMENTS, first, DAYS, SEED)?;
    bulk_complaints::bulk_complaints(store, COMPLAINTS, 600, SEED)?;
    store.conn().execute_batch("ANALYZE")?;
    Ok(())
}

fn database() -> Store {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("boards-1m.sqlite");
    let started = Instant::now();
    let store = testing::cached_database(
        &path,
        |s| {
            testing::row_count(s, "repair_orders").ok() == Some(ORDERS)
                && testing::row_count(s, "appointments").ok() == Some(APPOINTMENTS)
                && testing::row_count(s, "complaints").ok() == Some(COMPLAINTS)
        },
        build,
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    store
}

/// 10:30 on the bench day (Asia/Shanghai).
fn bench_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T10:30:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

/// The page's statements with its parameters, every column of every row read.
fn bare(
    conn: &rusqlite::Connection,
    statements: &[(String, Vec<rusqlite::types::Value>)],
) -> usize {
    let mut cells = 0;
    for (sql, params) in statements {
        let mut st = conn.prepare_cached(sql).unwrap();
        let n = st.column_count();
        let mut q = st.query(rusqlite::params_from_iter(params.iter())).unwrap();
        while let Some(r) = q.next().unwrap() {
            for i in 0..n {
                black_box(r.get_ref(i).unwrap());
                cells += 1;
            }
        }
    }
    cells
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p99(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 99 / 100).min(v.len() - 1)]
}

struct Board {
    model: App,
    sv: Services,
}

fn board(store: Store, mode: RunMode) -> Board {
    let zone = Zone::parse("Asia/Shanghai").unwrap();
    let now = bench_now();
    let mut store = store;
    let shop = store.read(settings::load).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut model = App::new(mode, Lang::En, zone, now, "bench".to_string());
    model.shell.settings = shop.clone();
    model.screens.board.welcome = mode == RunMode::Welcome;
    let mut sv = Services::new(
        store,
        dir.path().join("config.toml"),
        dir.path().join("exports"),
        None,
        Lang::En,
        zone,
        shop,
        now,
    );
    start(&mut model, &mut sv);
    Board { model, sv }
}

fn main() {
    let store = database();
    let i18n = I18n::new(Lang::En);
    let keymap = Keymap::defaults().unwrap();
    let ctx = frontdesk::ui::Ctx {
        i18n: &i18n,
        keymap: &keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
    let mut b = board(store, RunMode::Board);
    let shop = b.model.shell.settings.clone();
    let day = bench_day();
    let rounds = 100;
    eprintln!(
        "{:<12} {:>14} {:>12} {:>12} {:>7}",
        "page", "load+render", "p99", "bare SQL", "ratio"
    );
    let pages = [
        ('1', PageSql::Today, "Today"),
        ('2', PageSql::Workshop, "Workshop"),
        ('3', PageSql::Complaints, "Complaints"),
        ('4', PageSql::Kpis, "KPIs"),
        ('5', PageSql::Week, "Week"),
        ('w', PageSql::Welcome, "Welcome"),
    ];
    let mut welcome: Option<Board> = None;
    for (key, page, name) in pages {
        let statements = b.sv.store.read(|c| page_sql(c, page, day, &shop)).unwrap();
        for st in &statements {
            let plan = testing::query_plan(b.sv.store.conn(), &st.0).unwrap();
            let mut t: Vec<f64> = (0..20)
                .map(|_| {
                    let s = Instant::now();
                    b.sv.store
                        .read(|c| {
                            Ok(black_box(bare(
                                c.sqlite("bench")?,
                                std::slice::from_ref(st),
                            )))
                        })
                        .unwrap();
                    s.elapsed().as_secs_f64() * 1e6
                })
                .collect();
            eprintln!(
                "  {name} statement {:>8.0} µs: {}",
                median(&mut t),
                plan.join(" | ")
            );
        }
        let (mut ours, mut base, mut frames) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let s = Instant::now();
            let (model, sv) = match page {
                PageSql::Welcome => {
                    let w = welcome.get_or_insert_with(|| {
                        let store =
                            Store::open(b.sv.store.path(), frontdesk::store::Access::ReadOnly)
                                .unwrap();
                        board(store, RunMode::Welcome)
                    });
                    // What a commit elsewhere makes it do: read the cars again.
                    dispatch(&mut w.model, &mut w.sv, Msg::DataChanged);
                    (&w.model, &mut w.sv)
                }
                _ => {
                    // The page's figures in hand not trusted: the key reads the page.
                    b.model.screens.board.forget_reads();
                    let msg = b.model.key_msg(
                        &keymap,
                        &KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE),
                    );
                    dispatch(&mut b.model, &mut b.sv, msg);
                    (&b.model, &mut b.sv)
                }
            };
            let loaded = s.elapsed();
            terminal
                .draw(|f| frontdesk::ui::render(f, model, &ctx))
                .unwrap();
            black_box(terminal.backend().buffer().area);
            ours.push(s.elapsed().as_secs_f64() * 1e6);
            frames.push((s.elapsed() - loaded).as_secs_f64() * 1e6);
            let s = Instant::now();
            sv.store
                .read(|c| Ok(black_box(bare(c.sqlite("bench")?, &statements))))
                .unwrap();
            base.push(s.elapsed().as_secs_f64() * 1e6);
        }
        let (o, b99, bs) = (median(&mut ours), p99(&mut ours), median(&mut base));
        let fr = median(&mut frames);
        eprintln!(
            "{name:<12} {:>11.0} µs {:>9.0} µs {:>9.0} µs {:>7.2}   (of which the 160x48 frame {fr:.0} µs; load {:.0} µs, {:.2}x the bare SQL)",
            o,
            b99,
            bs,
            o / bs,
            o - fr,
            (o - fr) / bs
        );
    }
}
