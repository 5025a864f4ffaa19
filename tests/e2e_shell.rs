//! End to end: the real binary in a pseudo-terminal, keys in, screen text out.
//!
//! Every step waits for text (or for the screen to change); nothing sleeps.

mod support;

use std::path::Path;
use std::time::Duration;

use support::pty::{Must, NOW, TZ, Tui, demo_db};
use tempfile::TempDir;

/// First screen of a debug build: start-up, migrations, first draw. Waits end as soon
/// as the text shows; the generous limits only matter on a loaded CI machine.
const FIRST: Duration = Duration::from_secs(30);
/// Every later step.
const STEP: Duration = Duration::from_secs(15);

const ENV: &[(&str, &str)] = &[("FRONTDESK_NOW", NOW), ("TZ", TZ)];

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// The console on a fresh demo database. Keep the `TempDir` alive as long as
/// the `Tui`.
fn console(lang: &str, rows: u16, cols: u16) -> (TempDir, Tui) {
    console_with(lang, ENV, rows, cols)
}

/// [`console`] with its own environment.
fn console_with(lang: &str, env: &[(&str, &str)], rows: u16, cols: u16) -> (TempDir, Tui) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let tui = Tui::spawn(
        &[
            "--db",
            s(&db),
            "--lang",
            lang,
            "--config",
            s(&config),
            "--staff",
            "A01",
        ],
        env,
        rows,
        cols,
    );
    (dir, tui)
}

/// Press `keys` and wait until the screen has changed and shows `needle`.
/// Returns the new screen.
#[track_caller]
fn switch(tui: &mut Tui, keys: &str, needle: &str) -> String {
    let before = tui.screen_text();
    tui.press(keys);
    tui.wait_until(
        &format!("the screen to change and show {needle:?} after {keys:?}"),
        STEP,
        |screen| screen != before && screen.contains(needle),
    )
    .must();
    tui.screen_text()
}

/// Wait for a clean exit (code 0) that restored the terminal.
#[track_caller]
fn expect_clean_exit(tui: &mut Tui, after: &str) {
    let exit = tui.wait_exit(STEP).must();
    assert!(
        exit.success && exit.code == 0,
        "expected exit code 0 after {after}, got {exit:?}\n{}",
        tui.screen_text()
    );
    assert!(
        tui.left_alternate_screen(),
        "the alternate screen was not left after {after}"
    );
}

#[test]
fn console_tabs_help_and_quit_en() {
    let (_dir, mut tui) = console("en", 24, 80);
    tui.wait_for_all(
        &["Check-in", "Work orders", "Complaints", "Appointments"],
        FIRST,
    )
    .must();
    tui.wait_for("张伟", STEP).must();

    switch(&mut tui, "F2", "RO-2026");
    switch(&mut tui, "F3", "CP-2026");
    switch(&mut tui, "F4", "2026-11-23");
    switch(&mut tui, "F1", "Check-in");
    switch(&mut tui, "A-2", "RO-2026");

    let help = switch(&mut tui, "?", "Help");
    tui.wait_for_all(&["Help", "Quit"], STEP).must();
    tui.press("Esc");
    tui.wait_until("the help overlay to close", STEP, |screen| {
        screen != help && !screen.contains("Keys")
    })
    .must();

    tui.press("q");
    expect_clean_exit(&mut tui, "q");
}

#[test]
fn console_tabs_help_and_ctrl_c_zh() {
    let (_dir, mut tui) = console("zh-CN", 24, 80);
    tui.wait_for_all(&["接车", "工单", "投诉", "预约"], FIRST)
        .must();

    let help = switch(&mut tui, "F12", "帮助");
    tui.press("Esc");
    tui.wait_until("the help overlay to close", STEP, |screen| screen != help)
        .must();

    // No form has unsaved input, so Ctrl-C quits at once.
    tui.press("C-c");
    expect_clean_exit(&mut tui, "Ctrl-C");
}

#[test]
fn board_is_read_only_and_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let mut tui = Tui::spawn(&["board", "--db", s(&db), "--lang", "en"], ENV, 24, 80);
    tui.wait_for("READ-ONLY", FIRST).must();
    tui.press("q");
    expect_clean_exit(&mut tui, "q on the board");
}

#[test]
fn too_small_then_resized() {
    let (_dir, mut tui) = console("en", 20, 60);
    tui.wait_for("too small", FIRST).must();
    // Keys typed while the console is hidden do not reach its fields.
    // Each key is drawn for (a synchronized update, even when nothing on the screen
    // changes): wait for the four frames of z, z, q and F2, so the resize cannot
    // overtake a key.
    let frames = |t: &Tui| {
        let raw = t.raw_output();
        raw.windows(8).filter(|w| w == b"\x1b[?2026h").count()
    };
    let before = frames(&tui);
    tui.type_text("zzq");
    tui.press("F2");
    let deadline = std::time::Instant::now() + STEP;
    while frames(&tui) < before + 4 {
        assert!(
            std::time::Instant::now() < deadline,
            "the keys were never read"
        );
        std::thread::yield_now();
    }
    tui.resize(24, 80);
    tui.wait_for("Check-in", STEP).must();
    tui.wait_gone("too small", STEP).must();
    assert!(
        tui.screen_text().contains("Check-in: find the customer"),
        "F2 typed while too small did not switch:\n{}",
        tui.screen_text()
    );
    assert!(
        !tui.row(2).contains("zzq"),
        "typed while too small reached the field: {:?}",
        tui.row(2)
    );
    // The check-in field takes letters as text; `q` quits from a list.
    switch(&mut tui, "F2", "RO-2026");
    tui.press("q");
    expect_clean_exit(&mut tui, "q after resizing");
}

#[test]
fn first_start_asks_who_is_at_the_counter_and_remembers_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let args = ["--db", s(&db), "--lang", "en", "--config", s(&config)];
    let mut tui = Tui::spawn(&args, ENV, 24, 80);
    tui.wait_for("Who is at the counter?", FIRST).must();
    // The first advisor is 张伟 (A01); Down picks the next one.
    tui.press("Down Enter");
    tui.wait_for("A02", STEP).must();
    tui.wait_for("Check-in: find the customer", STEP).must();
    tui.press("C-c");
    expect_clean_exit(&mut tui, "Ctrl-C");
    let remembered = std::fs::read_to_string(&config).expect("config written");
    assert!(remembered.contains("staff = \"A02\""), "{remembered}");

    // Next start goes straight to the console as A02.
    let mut tui = Tui::spawn(&args, ENV, 24, 80);
    tui.wait_for("Check-in: find the customer", FIRST).must();
    tui.wait_for("A02", STEP).must();
    tui.press("C-c");
    expect_clean_exit(&mut tui, "Ctrl-C");
}

#[test]
fn typing_a_plate_searches_and_bracketed_paste_works() {
    let (_dir, mut tui) = console("zh-CN", 24, 80);
    tui.wait_for("今日预约到店", FIRST).must();
    tui.press("text:粤B");
    tui.wait_for("找到", STEP).must();
    tui.press("Esc");
    tui.wait_for("今日预约到店", STEP).must();
    tui.paste("粤b·");
    tui.wait_for("查找： 粤b·", STEP).must();
    tui.wait_for("找到", STEP).must();
    tui.press("C-c");
    expect_clean_exit(&mut tui, "Ctrl-C");
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    let env: &[(&str, &str)] = &[
        ("FRONTDESK_NOW", NOW),
        ("TZ", TZ),
        ("FRONTDESK_DEBUG_PANIC", "1"),
    ];
    let (_dir, mut tui) = console_with("en", env, 24, 80);
    tui.wait_for("Check-in", FIRST).must();
    tui.press("F2");
    let exit = tui.wait_exit(STEP).must();
    assert!(!exit.success, "a panic is a failure exit: {exit:?}");
    assert!(
        tui.left_alternate_screen(),
        "the alternate screen was left on panic"
    );
    let raw = String::from_utf8_lossy(&tui.raw_output()).to_string();
    let entered = raw.rfind("\x1b[?1049h").expect("alternate screen entered");
    let restored = entered
        + raw[entered..]
            .find("\x1b[?1049l")
            .expect("alternate screen left");
    let message = raw
        .rfind("panicking on the first key")
        .expect("the panic message is shown");
    assert!(
        message > restored,
        "the message is printed on the restored screen, not lost in the alternate one"
    );
}

#[test]
fn a_panic_while_saving_a_printout_is_one_page_not_saved_and_the_console_goes_on() {
    let env: &[(&str, &str)] = &[
        ("FRONTDESK_NOW", NOW),
        ("TZ", TZ),
        ("FRONTDESK_DEBUG_PANIC", "print"),
    ];
    let (dir, mut tui) = console_with("en", env, 24, 80);
    tui.wait_for("Check-in", FIRST).must();
    switch(&mut tui, "F2", "RO-2026");
    // The first page's saving panics: said next to the list, the terminal left as it is.
    tui.press("C-p");
    tui.wait_for("Could not print", STEP).must();
    let screen = tui.screen_text();
    assert!(
        screen.contains("internal error"),
        "the note says why:\n{screen}"
    );
    assert!(
        !tui.left_alternate_screen(),
        "a printer's panic must not restore the terminal under the running console"
    );
    let raw = String::from_utf8_lossy(&tui.raw_output()).to_string();
    assert!(
        !raw.contains("panicked at"),
        "the panic is logged, not printed over the screen"
    );
    // The next page is saved as usual.
    tui.press("C-p");
    tui.wait_for("Printed to", STEP).must();
    let exports = std::fs::read_dir(dir.path().join("exports"))
        .expect("exports folder")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".html"))
        })
        .count();
    assert_eq!(exports, 1, "one page saved, the one that panicked not");
    tui.press("q");
    expect_clean_exit(&mut tui, "q after a printer's panic");
}
