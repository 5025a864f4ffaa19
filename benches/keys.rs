//! Every key of every screen on the large database, as a user presses it: the key
//! through the real keymap, update and effects (the store reads and writes it causes),
//! then a 120×40 frame (TestBackend).
//!
//! * Every place an advisor or a supervisor works in — each panel (F1–F7), the work-order
//!   board's technician view and follow-up calls, an order's detail, a complaint's detail,
//!   the complaint analysis, the appointments' week and reminders, every page of the wall
//!   board and the welcome board — is reached once; from there each key bound in the
//!   sections in force there (and every global key) is pressed, from that same state each
//!   time (the console's state is restored between presses; the database keeps what a key
//!   wrote, on a working copy of the large database). p99 per place, and the slowest keys.
//! * Whether a key's cost grows with the rows held: F2 Down/PgDn with 450, 4,500 and
//!   45,000 open orders; F3 Down/PgDn with 60, 600 and 6,000 open complaints.
//!
//! The large database is `frontdesk demo --scale large` (seed 1), built once under
//! `target/bench-data/` (about 80 s) and copied for each run.
//!
//! Run: `cargo bench --bench keys`

#[path = "../tests/support/app.rs"]
#[allow(dead_code)]
mod app;
mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::action::Action;
use frontdesk::app::keymap::{Chord, KeyCodeOrd, Mode};
use frontdesk::app::{App as Console, RunMode};
use frontdesk::i18n::Lang;
use frontdesk::store::{Access, Store, bulk_complaints, staff, testing};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use app::App;

/// The key as a terminal reports it.
fn event(c: &Chord) -> KeyEvent {
    let code = match c.code {
        KeyCodeOrd::F(n) => KeyCode::F(n),
        KeyCodeOrd::Char(ch) => KeyCode::Char(ch),
        KeyCodeOrd::Enter => KeyCode::Enter,
        KeyCodeOrd::Esc => KeyCode::Esc,
        KeyCodeOrd::Tab => KeyCode::Tab,
        KeyCodeOrd::BackTab => KeyCode::BackTab,
        KeyCodeOrd::Backspace => KeyCode::Backspace,
        KeyCodeOrd::Delete => KeyCode::Delete,
        KeyCodeOrd::Up => KeyCode::Up,
        KeyCodeOrd::Down => KeyCode::Down,
        KeyCodeOrd::Left => KeyCode::Left,
        KeyCodeOrd::Right => KeyCode::Right,
        KeyCodeOrd::Home => KeyCode::Home,
        KeyCodeOrd::End => KeyCode::End,
        KeyCodeOrd::PageUp => KeyCode::PageUp,
        KeyCodeOrd::PageDown => KeyCode::PageDown,
    };
    let mut m = KeyModifiers::NONE;
    if c.ctrl {
        m |= KeyModifiers::CONTROL;
    }
    if c.alt {
        m |= KeyModifiers::ALT;
    }
    if c.shift {
        m |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(code, m)
}

fn name(c: &Chord) -> String {
    let mut s = String::new();
    if c.ctrl {
        s.push_str("C-");
    }
    if c.alt {
        s.push_str("A-");
    }
    if c.shift {
        s.push_str("S-");
    }
    match c.code {
        KeyCodeOrd::F(n) => s.push_str(&format!("F{n}")),
        KeyCodeOrd::Char(ch) => s.push(ch),
        other => s.push_str(&format!("{other:?}")),
    }
    s
}

/// Every key that means something at the console's current state: the bindings of the
/// sections in force (and the global ones), quitting left out; while a field has the
/// keyboard, a typed character and Backspace too.
fn keys_here(a: &App) -> Vec<Chord> {
    let mut modes = a.model.sections();
    if a.model.shell.mode == RunMode::Console {
        modes.push(Mode::Global);
    }
    let mut keys: Vec<Chord> = Vec::new();
    for m in modes {
        for (action, chords) in a.keymap.bindings(m) {
            if matches!(action, Action::Quit | Action::ForceQuit) {
                continue;
            }
            for c in chords {
                if !keys.contains(&c) {
                    keys.push(c);
                }
            }
        }
    }
    if a.model.typing() {
        for ev in [
            KeyEvent::new(KeyCode::Char('B'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        ] {
            let c = Chord::from_event(&ev).unwrap();
            if !keys.contains(&c) {
                keys.push(c);
            }
        }
    }
    keys
}

struct Timer {
    terminal: Terminal<TestBackend>,
    /// Key to printout saved and shown, for the keys that print (µs).
    saved: Vec<f64>,
}

impl Timer {
    fn new() -> Timer {
        Timer {
            terminal: Terminal::new(TestBackend::new(120, 40)).unwrap(),
            saved: Vec::new(),
        }
    }

    fn frame(&mut self, a: &App) {
        let ctx = frontdesk::ui::Ctx {
            i18n: &a.i18n,
            keymap: &a.keymap,
        };
        self.terminal
            .draw(|f| frontdesk::ui::render(f, &a.model, &ctx))
            .unwrap();
        black_box(self.terminal.backend().buffer().area);
    }

    /// One key through the keymap, update, effects and a frame, in µs. A printout the
    /// key made is saved by the printer's thread after the frame (as at the console);
    /// the time until it is saved and its note drawn is kept in `saved`.
    fn press(&mut self, a: &mut App, ev: &KeyEvent) -> f64 {
        let s = Instant::now();
        let msg = a.model.key_msg(&a.keymap, ev);
        frontdesk::app::dispatch(&mut a.model, &mut a.fx, msg);
        self.frame(a);
        let key = s.elapsed().as_secs_f64() * 1e6;
        if a.fx.printer.busy() {
            frontdesk::app::settle(&mut a.model, &mut a.fx);
            self.frame(a);
            self.saved.push(s.elapsed().as_secs_f64() * 1e6);
        }
        key
    }
}

/// The console (or a board) on `db` at the bench's clock, A01 signed in at the console.
fn open(db: &std::path::Path, mode: RunMode) -> App {
    let access = if mode.is_board() {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let mut store = Store::open(db, access).unwrap();
    let mut model = Console::new(
        mode,
        Lang::En,
        common::zone(),
        common::now(),
        db.display().to_string(),
    );
    if mode == RunMode::Console {
        model.shell.staff = staff::by_code(store.conn(), "A01").unwrap();
        model.shell.settings = store.shop_settings().unwrap();
    } else {
        model.shell.settings = store.read(frontdesk::store::settings::load).unwrap();
    }
    model.screens.board.welcome = mode == RunMode::Welcome;
    let dir = tempfile::tempdir().unwrap();
    App::finish(model, store, Lang::En, dir)
}

/// One press: where, which key, whether it went to the store, and its time (µs).
struct Sample {
    place: String,
    key: String,
    store: bool,
    micros: f64,
}

/// Reaches each place by its keys and presses every key there `rounds` times, each
/// time from the same state. `warm` is pressed first, once: the panels an advisor has
/// already looked at since starting (their rows are in hand).
/// Leaves the board alone until it has read every page ahead; the pauses it took.
fn read_ahead(a: &mut App) -> usize {
    let mut pauses = 0;
    while a.model.screens.board.reading_ahead() && pauses < 10 {
        a.send(frontdesk::app::Msg::Idle);
        pauses += 1;
    }
    pauses
}

fn every_key(
    a: &mut App,
    warm: &str,
    places: &[(&str, &str)],
    rounds: usize,
    all: &mut Vec<Sample>,
) {
    let mut timer = Timer::new();
    a.press(warm);
    let mut fresh = a.model.clone();
    for (place, reach) in places {
        a.model = fresh.clone();
        a.press(reach);
        a.model.shell.note = None;
        let mut here = a.model.clone();
        let keys = keys_here(a);
        if keys.is_empty() {
            eprintln!("{place:<26} no keys but quitting (a kiosk)");
            continue;
        }
        // Which keys ask the store for something here (a read or a write).
        let store: Vec<bool> = keys
            .iter()
            .map(|c| {
                let msg = here.key_msg(&a.keymap, &event(c));
                !here.clone().update(msg).is_empty()
            })
            .collect();
        // A first round not counted: what the keys write is written (a second time
        // is refused or writes the same), and the panels are looked at again after it,
        // as an advisor's screens are after their own writes.
        for c in &keys {
            a.model = here.clone();
            timer.press(a, &event(c));
        }
        a.model = fresh.clone();
        a.press(warm);
        fresh = a.model.clone();
        a.press(reach);
        a.model.shell.note = None;
        here = a.model.clone();
        let mut per_key: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let (mut moves, mut reads) = (Vec::new(), Vec::new());
        timer.saved.clear();
        for _ in 0..rounds {
            for (c, s) in keys.iter().zip(&store) {
                a.model = here.clone();
                let t = timer.press(a, &event(c));
                if *s { &mut reads } else { &mut moves }.push(t);
                per_key.entry(name(c)).or_default().push(t);
                all.push(Sample {
                    place: place.to_string(),
                    key: name(c),
                    store: *s,
                    micros: t,
                });
            }
        }
        let p99 = |v: &mut Vec<f64>| {
            if v.is_empty() {
                "      -".to_string()
            } else {
                format!("{:>7.0}", common::percentiles(v).1)
            }
        };
        let slowest = per_key
            .iter_mut()
            .map(|(k, v)| (k.clone(), common::percentiles(v).1))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap();
        eprintln!(
            "{place:<26} {:>2} keys: p99 {} µs ({} in memory) | {} µs ({} to the store) | slowest {} {:.0} µs",
            keys.len(),
            p99(&mut moves),
            store.iter().filter(|s| !**s).count(),
            p99(&mut reads),
            store.iter().filter(|s| **s).count(),
            slowest.0,
            slowest.1
        );
        if !timer.saved.is_empty() {
            let (median, p99, max) = common::percentiles(&mut timer.saved);
            eprintln!(
                "{:<26} {} printouts: key to file saved and its note drawn: median {median:.0} µs, p99 {p99:.0} µs, max {max:.0} µs",
                "",
                timer.saved.len()
            );
        }
    }
}

/// Down and PgDn on a list of `n` rows, 400 presses each from the top (µs, p99).
fn list_keys(a: &mut App, reach: &str) -> (f64, f64) {
    let mut timer = Timer::new();
    a.press(reach);
    let top = a.model.clone();
    let mut run = |code: KeyCode| {
        a.model = top.clone();
        let ev = KeyEvent::new(code, KeyModifiers::NONE);
        let mut t: Vec<f64> = (0..400).map(|_| timer.press(a, &ev)).collect();
        common::percentiles(&mut t).1
    };
    (run(KeyCode::Down), run(KeyCode::PageDown))
}

fn growth() {
    eprintln!("\nDoes a key cost more with more rows held? (p99 of 400 presses, 120×40 frame)");
    let dir = tempfile::tempdir().unwrap();
    for open in [450, 4_500, 45_000] {
        let db = dir.path().join(format!("orders-{open}.sqlite"));
        {
            let mut s = Store::open(&db, Access::ReadWrite).unwrap();
            testing::bulk_customers(&mut s, 20_000, 20_000, common::SEED).unwrap();
            testing::bulk_repair_orders(&mut s, open * 2, open, common::SEED).unwrap();
            s.conn().execute_batch("ANALYZE").unwrap();
        }
        let mut a = open_bulk(&db);
        let (down, page) = list_keys(&mut a, "F2");
        assert_eq!(a.model.screens.work_orders.board.entries.len(), open);
        eprintln!(
            "F2 with {open:>6} open orders      Down p99 {down:>6.0} µs   PgDn p99 {page:>6.0} µs"
        );
    }
    for open in [60, 600, 6_000] {
        let db = dir.path().join(format!("complaints-{open}.sqlite"));
        {
            let mut s = Store::open(&db, Access::ReadWrite).unwrap();
            testing::bulk_customers(&mut s, 20_000, 20_000, common::SEED).unwrap();
            bulk_complaints::bulk_complaints(&mut s, open * 5, open, common::SEED).unwrap();
            s.conn().execute_batch("ANALYZE").unwrap();
        }
        let mut a = open_bulk(&db);
        let (down, page) = list_keys(&mut a, "F3");
        eprintln!(
            "F3 with {open:>6} open complaints  Down p99 {down:>6.0} µs   PgDn p99 {page:>6.0} µs"
        );
    }
}

/// The console on a bulk database (its first staff member signed in), at the time the
/// bulk builders write their open rows.
fn open_bulk(db: &std::path::Path) -> App {
    let mut store = Store::open(db, Access::ReadWrite).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut model = Console::new(
        RunMode::Console,
        Lang::En,
        common::zone(),
        now,
        "bulk".into(),
    );
    model.shell.staff = Some(staff::list(store.conn(), true).unwrap().remove(0));
    model.shell.settings = store.shop_settings().unwrap();
    App::finish(model, store, Lang::En, tempfile::tempdir().unwrap())
}

fn main() {
    let rounds = 30;
    let db = common::working_copy("scale-large.keys");
    let mut all = Vec::new();

    eprintln!("\nEvery key of every screen, large database, 120×40, {rounds} presses of each");
    let mut console = open(&db, RunMode::Console);
    let places = [
        ("F1 check-in", "F1"),
        ("F2 work orders", "F2"),
        ("F2 technician view", "F2 v"),
        ("F2 follow-up calls", "F2 c"),
        ("F2 an order's detail", "F2 Enter"),
        ("F3 complaints", "F3"),
        ("F3 a complaint's detail", "F3 Enter"),
        ("F3 the month's analysis", "F3 s"),
        ("F4 the day", "F4"),
        ("F4 the week", "F4 w"),
        ("F4 reminders", "F4 m"),
        ("F5 settings", "F5"),
        ("F6 staff", "F6"),
        ("F7 catalog", "F7"),
    ];
    every_key(
        &mut console,
        "F2 F3 F4 F5 F6 F7 F1",
        &places,
        rounds,
        &mut all,
    );
    drop(console);

    // The first look at each panel after starting (its rows read for the first time).
    let mut first = open(&db, RunMode::Console);
    let start = first.model.clone();
    let mut timer = Timer::new();
    for (key, panel) in [
        ("F2", "work orders"),
        ("F3", "complaints"),
        ("F4", "appointments"),
    ] {
        let ev = app::key(key);
        let mut t: Vec<f64> = (0..rounds)
            .map(|_| {
                first.model = start.clone();
                timer.press(&mut first, &ev)
            })
            .collect();
        let (median, p99, _) = common::percentiles(&mut t);
        eprintln!("first {key} ({panel}) after starting: median {median:.0} µs, p99 {p99:.0} µs");
    }
    drop(first);

    let pages = [
        ("board: today", "1"),
        ("board: workshop", "2"),
        ("board: complaints", "3"),
        ("board: KPIs", "4"),
        ("board: week", "5"),
    ];
    // A board left alone a moment has read its other pages ahead (one per pause): its
    // keys as a supervisor presses them, every page in hand.
    let mut board = open(&db, RunMode::Board);
    let pauses = read_ahead(&mut board);
    eprintln!("board: every page read ahead in {pauses} pauses");
    every_key(&mut board, "", &pages, rounds, &mut all);
    drop(board);
    // A page key before the page was read ahead (the first look at it after starting,
    // or within a few pauses of another counter's commit): the page read, a page load
    // (target under 10 ms), not counted with the keys above.
    let mut cold = Vec::new();
    let mut board = open(&db, RunMode::Board);
    let not_ahead: Vec<(String, &str)> = pages
        .iter()
        .map(|(p, k)| (format!("{p} (no page read ahead)"), *k))
        .collect();
    let not_ahead: Vec<(&str, &str)> = not_ahead.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    every_key(&mut board, "", &not_ahead, rounds, &mut cold);
    drop(board);
    let mut by_page: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for s in cold.iter().filter(|s| s.store) {
        let page = pages
            .iter()
            .find(|(_, k)| *k == s.key)
            .map(|(p, _)| *p)
            .unwrap_or("a page turn (Left/Right/[/]/t)");
        by_page.entry(page).or_default().push(s.micros);
    }
    for (page, mut t) in by_page {
        let (median, p99, _) = common::percentiles(&mut t);
        eprintln!(
            "page load on its key, not read ahead, {page}: median {median:.0} µs, p99 {p99:.0} µs (target < 10,000 µs)"
        );
    }
    let mut welcome = open(&db, RunMode::Welcome);
    every_key(&mut welcome, "", &[("welcome board", "")], rounds, &mut all);
    drop(welcome);

    for (what, store) in [("in memory", false), ("to the store", true)] {
        let mut t: Vec<f64> = all
            .iter()
            .filter(|s| s.store == store)
            .map(|s| s.micros)
            .collect();
        let (median, p99, max) = common::percentiles(&mut t);
        eprintln!(
            "\nall {} presses {what}: median {median:.0} µs, p99 {p99:.0} µs, max {max:.0} µs (target p99 < 4,000 µs)",
            t.len()
        );
    }
    let mut by_key: BTreeMap<(String, String, bool), Vec<f64>> = BTreeMap::new();
    for s in all {
        by_key
            .entry((s.place, s.key, s.store))
            .or_default()
            .push(s.micros);
    }
    let mut over: Vec<((String, String, bool), f64)> = by_key
        .into_iter()
        .map(|(k, mut v)| (k, common::percentiles(&mut v).1))
        .filter(|(_, p99)| *p99 >= 4_000.0)
        .collect();
    over.sort_by(|a, b| b.1.total_cmp(&a.1));
    if over.is_empty() {
        eprintln!("no key has a p99 of 4 ms or more");
    }
    for ((place, key, store), p99) in over {
        let what = if store {
            "reads or writes"
        } else {
            "in memory"
        };
        eprintln!("p99 over 4 ms: {place}, {key} ({what}): {p99:.0} µs");
    }

    growth();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}
