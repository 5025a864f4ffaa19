//! The real `frontdesk` binary on the large database, in a pseudo-terminal of 120×40
//! (portable-pty + vt100, the end-to-end tests' harness):
//!
//! * cold start to the first frame: from starting the process to the end of the read
//!   that brought the first screen with its data (console: the check-in panel with the
//!   day's arrivals, A01 signed in by the config; board: the first page with its
//!   figures); ten starts each, a new process every time (the file is in the page cache,
//!   as on a counter PC that has opened it before);
//! * resident memory (VmRSS, and the peak VmHWM, from /proc/PID/status) after visiting
//!   every screen: F1–F7, an order's detail, a complaint's detail, the technician view,
//!   the follow-up calls, the week, the reminders; the board through its five pages;
//! * idle CPU over 30 s of the console and the board left on their first screen after
//!   that visit (utime + stime from /proc/PID/stat), both measured over the same 30 s.
//!
//! The large database is `frontdesk demo --scale large` (seed 1), built once under
//! `target/bench-data/` and copied for the run (the console opens it read-write).
//!
//! Run: `cargo bench --bench startup` (Linux: it reads /proc).

mod common;
#[path = "../tests/support/pty.rs"]
#[allow(dead_code)]
mod pty;

use std::time::{Duration, Instant};

use pty::{Must, Tui};

const ROWS: u16 = 40;
const COLS: u16 = 120;
const WAIT: Duration = Duration::from_secs(30);

/// What the console's first frame shows once the day is read: the panel and its list.
const CONSOLE_FIRST: &str = "Expected today";
/// What the board's first page shows once its figures are read.
const BOARD_FIRST: &str = "Booked";

fn console(db: &str, config: &str) -> Tui {
    Tui::spawn(
        &["--db", db, "--lang", "en", "--config", config],
        &[("FRONTDESK_NOW", common::NOW), ("TZ", "Asia/Shanghai")],
        ROWS,
        COLS,
    )
}

fn board(db: &str) -> Tui {
    Tui::spawn(
        &["board", "--db", db, "--lang", "en"],
        &[("FRONTDESK_NOW", common::NOW), ("TZ", "Asia/Shanghai")],
        ROWS,
        COLS,
    )
}

/// Starts `spawn` ten times; the milliseconds to `first` on screen, sorted.
fn cold_starts(spawn: impl Fn() -> Tui, first: &str) -> Vec<f64> {
    let mut t: Vec<f64> = (0..10)
        .map(|_| {
            let mut tui = spawn();
            tui.wait_for(first, WAIT).must();
            let ms = tui.first_seen(first).unwrap().as_secs_f64() * 1e3;
            tui.kill();
            ms
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t
}

/// Presses `key` and waits until the screen shows `shows` (or, when `shows` is empty,
/// until it differs from before).
fn visit(tui: &mut Tui, key: &str, shows: &str) {
    let before = tui.screen_text();
    tui.press(key);
    if shows.is_empty() {
        tui.wait_until(&format!("a new screen after {key}"), WAIT, |s| s != before)
            .must();
    } else {
        tui.wait_for(shows, WAIT).must();
    }
}

/// `VmRSS` and `VmHWM` of `pid`, in MB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb = |field: &str| -> f64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap()
    };
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
}

/// CPU time used by `pid` so far (utime + stime), in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 of the rest.
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn report(what: &str, t: &[f64]) {
    eprintln!(
        "{what:<36} median {:>6.1} ms  min {:>6.1} ms  max {:>6.1} ms  (target < 50 ms)",
        t[t.len() / 2],
        t[0],
        t[t.len() - 1]
    );
}

fn main() {
    let db = common::working_copy("scale-large.startup");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "staff = \"A01\"\n").unwrap();
    let (db, config) = (db.to_str().unwrap(), config.to_str().unwrap());

    // One start first, so the file is in the page cache as it is at a counter.
    let mut warm = console(db, config);
    warm.wait_for(CONSOLE_FIRST, WAIT).must();
    warm.kill();

    eprintln!("\nCold start to the first frame, large database, 120×40, 10 starts each");
    report(
        "console (check-in, today's arrivals)",
        &cold_starts(|| console(db, config), CONSOLE_FIRST),
    );
    report(
        "board (page 1, today's figures)",
        &cold_starts(|| board(db), BOARD_FIRST),
    );

    eprintln!("\nResident memory after visiting every screen");
    let mut c = console(db, config);
    c.wait_for(CONSOLE_FIRST, WAIT).must();
    for (key, shows) in [
        ("F2", "Open work orders:"),
        ("Enter", "Esc back"),
        ("Esc", "Open work orders:"),
        ("v", ""),
        ("v", "Open work orders:"),
        ("c", ""),
        ("Esc", "Open work orders:"),
        ("F3", "Open complaints:"),
        ("Enter", ""),
        ("Esc", "Open complaints:"),
        ("s", ""),
        ("Esc", "Open complaints:"),
        ("F4", "bookable"),
        ("w", ""),
        ("w", "bookable"),
        ("m", ""),
        ("Esc", "bookable"),
        ("F5", "Shop settings"),
        ("F6", "may change staff"),
        ("F7", "Job catalog"),
        ("F1", CONSOLE_FIRST),
    ] {
        visit(&mut c, key, shows);
    }
    let mut b = board(db);
    b.wait_for(BOARD_FIRST, WAIT).must();
    for (key, shows) in [
        ("2", "open"),
        ("3", "overdue"),
        ("4", "Key figures"),
        ("5", "Week from"),
        ("1", BOARD_FIRST),
    ] {
        visit(&mut b, key, shows);
    }
    let (cpid, bpid) = (c.pid().unwrap(), b.pid().unwrap());
    for (what, pid) in [("console", cpid), ("board", bpid)] {
        let (rss, hwm) = memory(pid);
        eprintln!("{what:<8} VmRSS {rss:>6.1} MB   peak VmHWM {hwm:>6.1} MB   (target < 50 MB)");
    }

    eprintln!("\nIdle CPU over 30 s (the console on check-in, the board on page 1)");
    let hz = clock_ticks_per_second();
    let (c0, b0, started) = (cpu_ticks(cpid), cpu_ticks(bpid), Instant::now());
    std::thread::sleep(Duration::from_secs(30));
    let (c1, b1, secs) = (
        cpu_ticks(cpid),
        cpu_ticks(bpid),
        started.elapsed().as_secs_f64(),
    );
    for (what, ticks) in [("console", c1 - c0), ("board", b1 - b0)] {
        let pct = ticks as f64 / hz / secs * 100.0;
        eprintln!(
            "{what:<8} {ticks} ticks of 1/{hz:.0} s in {secs:.1} s: {pct:.3} % of a core   (target < 0.1 %)"
        );
    }
    // Both still answer: the idle time was not a hang.
    c.press("F2");
    c.wait_for("Open work orders:", WAIT).must();
    b.press("2");
    b.wait_for("open", WAIT).must();
    c.press("C-c");
    c.wait_exit(WAIT).must();
    b.press("q");
    b.wait_exit(WAIT).must();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{ext}"));
    }
}
