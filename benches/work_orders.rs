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
use std::time::Instant;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::keymap::Keymap;
use frontdesk::app::{App, RunMode, Services, dispatch, start};
use frontdesk::clock::Zone;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::store::{Store, staff, testing, workshop};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use common::OPEN;

mod common;

/// The benchmark's database, built once under target/bench-data.
pub fn database() -> Store {
    common::orders_db()
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

/// The median and the 99th percentile of `v` (µs).
fn percentiles(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn report(what: &str, (median, p99): (f64, f64)) {
    eprintln!("{what:<46} median {median:>8.1} µs   p99 {p99:>8.1} µs");
}

/// 09:30 on the day the open orders were written (Asia/Shanghai).
fn bench_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
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
        let plan = testing::query_plan(store.conn(), &sql).unwrap();
        eprintln!("plan: {}", plan.join(" | "));
    }
    let rows = store.work_board().unwrap();
    assert_eq!(rows.len(), OPEN);
    eprintln!(
        "{} open orders, {} jobs",
        rows.len(),
        rows.iter().map(|r| r.jobs.len()).sum::<usize>()
    );
    let rounds = 200;

    // The store alone, interleaved with the bare SQL so both see the same cache.
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Instant::now();
        black_box(store.work_board().unwrap());
        ours.push(s.elapsed().as_secs_f64() * 1e6);
        let s = Instant::now();
        store
            .read(|c| Ok(black_box(bare(c.sqlite("bench")?))))
            .unwrap();
        base.push(s.elapsed().as_secs_f64() * 1e6);
    }
    let (o, _) = percentiles(&mut ours);
    let (b, _) = percentiles(&mut base);
    eprintln!(
        "board load (2,000 open of 1,000,000): {o:.0} µs; bare SQL {b:.0} µs; ratio {:.2}",
        o / b
    );

    // Where the bare time goes, statement by statement.
    for (i, sql) in workshop::board_sql().iter().enumerate() {
        let mut t = Vec::new();
        for _ in 0..100 {
            let s = Instant::now();
            store
                .read(|c| {
                    let mut st = c.sqlite("bench")?.prepare_cached(sql)?;
                    let n = st.column_count();
                    let mut q = st.query([])?;
                    while let Some(r) = q.next()? {
                        for k in 0..n {
                            black_box(r.get_ref(k)?);
                        }
                    }
                    Ok(())
                })
                .unwrap();
            t.push(s.elapsed().as_secs_f64() * 1e6);
        }
        report(&format!("  bare statement {}", i + 1), percentiles(&mut t));
    }

    // The console: the work-orders panel on this database, keys through the real keymap,
    // update, effects and a 120×40 frame.
    let zone = Zone::parse("Asia/Shanghai").unwrap();
    let now = bench_now();
    let me = staff::list(store.conn(), true).unwrap().remove(0);
    let i18n = I18n::new(Lang::En);
    let keymap = Keymap::defaults().unwrap();
    let ctx = frontdesk::ui::Ctx {
        i18n: &i18n,
        keymap: &keymap,
    };
    let settings = store.shop_settings().unwrap();
    let policy = store.work_policy().unwrap();
    let everyone = store.staff(false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut model = App::new(RunMode::Console, Lang::En, zone, now, "bench".to_string());
    model.shell.staff = Some(me.clone());
    let mut sv = Services::new(
        store,
        dir.path().join("config.toml"),
        dir.path().join("exports"),
        Some(me.id),
        Lang::En,
        zone,
        settings,
        now,
    );
    start(&mut model, &mut sv);
    let press = |model: &mut App, sv: &mut Services, code: KeyCode| {
        let msg = model.key_msg(&keymap, &KeyEvent::new(code, KeyModifiers::NONE));
        dispatch(model, sv, msg);
    };
    press(&mut model, &mut sv, KeyCode::F(2));
    assert_eq!(model.screens.work_orders.board.entries.len(), OPEN);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut frame = |model: &App| {
        terminal
            .draw(|f| frontdesk::ui::render(f, model, &ctx))
            .unwrap();
        black_box(terminal.backend().buffer().area);
    };

    // Load and render, interleaved with the bare SQL; the three parts timed on their own.
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    let mut parts: [Vec<f64>; 3] = Default::default();
    for _ in 0..rounds {
        let s = Instant::now();
        let rows = sv.store.work_board().unwrap();
        let loaded = s.elapsed();
        model.screens.work_orders.board.set_rows(
            rows,
            now,
            policy.approval_wait_minutes,
            &everyone,
        );
        let set = s.elapsed();
        frame(&model);
        let drawn = s.elapsed();
        ours.push(drawn.as_secs_f64() * 1e6);
        parts[0].push(loaded.as_secs_f64() * 1e6);
        parts[1].push((set - loaded).as_secs_f64() * 1e6);
        parts[2].push((drawn - set).as_secs_f64() * 1e6);
        let s = Instant::now();
        sv.store
            .read(|c| Ok(black_box(bare(c.sqlite("bench")?))))
            .unwrap();
        base.push(s.elapsed().as_secs_f64() * 1e6);
    }
    let (o, p99) = percentiles(&mut ours);
    let (b, _) = percentiles(&mut base);
    eprintln!(
        "board load + render 120x40: median {o:.0} µs (p99 {p99:.0} µs); bare SQL {b:.0} µs; ratio {:.2}",
        o / b
    );
    for (what, v) in ["  of which load", "  of which set_rows", "  of which frame"]
        .iter()
        .zip(parts.iter_mut())
    {
        report(what, percentiles(v));
    }

    // Key presses on the list of 2,000, each with its frame.
    let mut keys = Vec::new();
    for i in 0..1_000 {
        let code = if i % 400 < 200 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let s = Instant::now();
        press(&mut model, &mut sv, code);
        frame(&model);
        keys.push(s.elapsed().as_secs_f64() * 1e6);
    }
    report(
        "key Down/Up on 2,000 orders + frame",
        percentiles(&mut keys),
    );
    press(&mut model, &mut sv, KeyCode::Char('/'));
    let mut letters = Vec::new();
    for i in 0..400 {
        let code = if i % 2 == 0 {
            KeyCode::Char('a')
        } else {
            KeyCode::Backspace
        };
        let s = Instant::now();
        press(&mut model, &mut sv, code);
        frame(&model);
        letters.push(s.elapsed().as_secs_f64() * 1e6);
    }
    report(
        "filter letter/Backspace on 2,000 + frame",
        percentiles(&mut letters),
    );
}
