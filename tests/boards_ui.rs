//! The supervisors' wall board and the lounge's welcome board, driven in-process on the
//! demo shop: every page of both in both languages at 80×24 and 160×48 (snapshots), the
//! page and day keys, turning on their own, nothing that changes data, and a welcome
//! board that never shows a full name, a phone number or a full plate.

mod support;

use chrono::Duration;
use frontdesk::app::screens::board::{Msg as BoardMsg, Page};
use frontdesk::app::{Msg, RunMode};
use frontdesk::domain::kinds::RepairOrderState;
use frontdesk::i18n::Lang;
use frontdesk::store::board::WelcomeRow;
use support::app::{App, now, zone};

fn board(app: &App) -> &frontdesk::app::screens::board::Board {
    &app.model.screens.board
}

#[test]
fn snapshot_every_page_of_the_wall_board() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Board);
        for (key, name) in [
            ("1", "today"),
            ("2", "workshop"),
            ("3", "complaints"),
            ("4", "kpis"),
            ("5", "week"),
        ] {
            app.press(key);
            for (w, h) in [(80, 24), (160, 48)] {
                insta::assert_snapshot!(
                    format!("wall_{name}_{}_{w}x{h}", lang.code()),
                    app.draw(w, h).0
                );
            }
        }
        // The workshop by technician.
        app.press("2 v");
        assert!(board(&app).by_technician);
        insta::assert_snapshot!(
            format!("wall_workshop_by_technician_{}_80x24", lang.code()),
            app.screen()
        );
    }
}

#[test]
fn snapshot_the_welcome_board() {
    for lang in Lang::ALL {
        let app = App::demo(lang, RunMode::Welcome);
        for (w, h) in [(80, 24), (160, 48)] {
            insta::assert_snapshot!(format!("welcome_{}_{w}x{h}", lang.code()), app.draw(w, h).0);
        }
    }
}

#[test]
fn arrows_and_numbers_turn_the_pages_and_brackets_change_the_day() {
    let mut app = App::demo(Lang::En, RunMode::Board);
    assert_eq!(board(&app).page, Page::Today);
    app.press("Right");
    assert_eq!(board(&app).page, Page::Workshop);
    assert!(app.screen().contains("open"), "{}", app.screen());
    app.press("Left Left");
    assert_eq!(board(&app).page, Page::Week, "round the end");
    app.press("3");
    assert_eq!(board(&app).page, Page::Complaints);
    // The Today page's day: ] the next, [ the one before, t back to today.
    app.press("1 ]");
    let today = zone().to_local(now()).date_naive();
    assert_eq!(board(&app).day, Some(today + Duration::days(1)));
    let s = app.screen();
    let next = (today + Duration::days(1)).format("%Y-%m-%d").to_string();
    assert!(s.contains(&next), "{s}");
    assert_eq!(
        board(&app).today.as_ref().unwrap().day,
        today + Duration::days(1)
    );
    app.press("[ [");
    assert_eq!(board(&app).day, Some(today - Duration::days(1)));
    app.press("t");
    assert_eq!(board(&app).day, None);
    assert_eq!(board(&app).today.as_ref().unwrap().day, today);
    // The help says so.
    app.press("?");
    let help = app.draw(120, 40).0;
    for words in ["Next page", "Page: KPIs", "Next day", "Previous day"] {
        assert!(help.contains(words), "{words} in the help:\n{help}");
    }
}

#[test]
fn the_pages_turn_on_their_own() {
    let mut app = App::demo(Lang::En, RunMode::Board);
    app.model.screens.board.rotate_secs = Some(15);
    assert_eq!(
        app.model.rotation().map(|(d, _)| d),
        Some(std::time::Duration::from_secs(15))
    );
    for page in [
        Page::Workshop,
        Page::Complaints,
        Page::Kpis,
        Page::Week,
        Page::Today,
    ] {
        app.send(Msg::Board(BoardMsg::Rotate));
        assert_eq!(board(&app).page, page);
    }
    // Each page's figures were read as it came up.
    assert!(board(&app).orders_loaded);
    assert!(board(&app).complaints.is_some() && board(&app).kpis.is_some());
    assert!(board(&app).week.as_ref().is_some_and(|w| w.len() == 7));
}

#[test]
fn the_wall_board_changes_nothing() {
    let mut app = App::demo(Lang::En, RunMode::Board);
    let before = app.fx.store.watch().unwrap();
    app.press("C-s Enter 2 Enter d s 3 Enter n");
    assert!(!app.model.shell.quit);
    assert!(app.fx.store.write(None, now(), |_| Ok(())).is_err());
    assert_eq!(app.fx.store.watch().unwrap(), before);
}

#[test]
fn the_welcome_board_masks_every_name_phone_and_plate() {
    for lang in Lang::ALL {
        let app = App::demo(lang, RunMode::Welcome);
        let cars = board(&app).cars.clone().expect("read");
        assert!(!cars.is_empty());
        for (w, h) in [(80, 24), (160, 48)] {
            let s = app.draw(w, h).0;
            for c in &cars {
                assert!(
                    !s.contains(&c.customer_name),
                    "{} shown:\n{s}",
                    c.customer_name
                );
                let plate = c.plate.replace('·', "");
                assert!(!s.replace('·', "").contains(&plate), "{plate} shown:\n{s}");
            }
            // No phone number (eleven digits in a row), no key hint.
            let digits = s
                .split(|ch: char| !ch.is_ascii_digit())
                .map(str::len)
                .max()
                .unwrap_or(0);
            assert!(digits < 11, "{s}");
            assert!(
                !s.contains("F12") && !s.contains("Help") && !s.contains("帮助"),
                "{s}"
            );
        }
    }
}

#[test]
fn the_welcome_board_accepts_no_key_but_quit() {
    let mut app = App::demo(Lang::En, RunMode::Welcome);
    let before = app.screen();
    app.press("? F12 Right 2 Enter C-s Esc");
    assert!(app.model.shell.overlays.is_empty(), "no help, no question");
    assert_eq!(app.screen(), before);
    app.press("q");
    assert!(app.model.shell.quit);
}

/// Forty cars: more than a screen holds, so the board pages through them on its own.
#[test]
fn the_welcome_board_pages_through_a_long_list_on_its_own() {
    let mut app = App::demo(Lang::En, RunMode::Welcome);
    let cars: Vec<WelcomeRow> = (0..40)
        .map(|i| WelcomeRow {
            customer_name: format!("Driver{i:02} Smith"),
            salutation: Some("mr".into()),
            plate: format!("粤B{:05}", 10_000 + i),
            advisor: Some("张伟".into()),
            state: RepairOrderState::InRepair,
            promised_at: now(),
            wash_wanted: false,
        })
        .collect();
    app.model.screens.board.cars = Some(cars);
    let first = app.screen();
    assert!(first.contains("1/"), "{first}");
    app.send(Msg::Board(BoardMsg::Rotate));
    let second = app.screen();
    assert!(second.contains("2/"), "{second}");
    assert_ne!(first, second);
    // Round to the first page after the last.
    let pages: usize = first
        .lines()
        .rev()
        .find_map(|l| {
            l.trim()
                .split_once('/')
                .and_then(|(_, n)| n.trim().parse().ok())
        })
        .unwrap();
    for _ in 1..pages {
        app.send(Msg::Board(BoardMsg::Rotate));
    }
    assert_eq!(app.screen(), first);
}

#[test]
fn the_greeting_line_is_the_machines_own() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Welcome);
    assert!(app.screen().contains("欢迎光临本服务中心"));
    app.model.screens.board.greeting = Some("欢迎来到广州天河店 · 今日免费洗车".into());
    assert!(
        app.screen().contains("欢迎来到广州天河店"),
        "{}",
        app.screen()
    );
}

#[test]
fn a_page_looked_at_again_is_read_again_only_after_a_commit_or_a_minute() {
    use frontdesk::store::{Access, Store};
    let mut app = App::demo(Lang::En, RunMode::Board);
    app.press("4");
    assert!(board(&app).kpis.as_ref().is_some_and(|k| !k.is_empty()));
    // A mark in memory: a read puts the real figures back.
    let mark = |app: &mut App| app.model.screens.board.kpis = Some(Vec::new());
    mark(&mut app);
    app.press("1 4");
    assert_eq!(
        board(&app).kpis.as_ref().map(Vec::len),
        Some(0),
        "same minute, nothing committed"
    );
    // The minute moves: the clock-bound figures are read again.
    app.send(Msg::Tick(now() + Duration::minutes(1)));
    assert!(
        board(&app).kpis.as_ref().is_some_and(|k| !k.is_empty()),
        "a minute on"
    );
    mark(&mut app);
    app.press("1 4");
    assert_eq!(board(&app).kpis.as_ref().map(Vec::len), Some(0));
    // A counter commits; the board's poll sees the file change.
    let rw = Store::open(app.store().path(), Access::ReadWrite).unwrap();
    support::app::touch(rw.conn());
    drop(rw);
    app.fx.store.watch().unwrap();
    app.press("1 4");
    assert!(
        board(&app).kpis.as_ref().is_some_and(|k| !k.is_empty()),
        "after a commit"
    );
}

/// Pauses until the board has read every page ahead (at most one per pause).
fn read_ahead(app: &mut App) -> usize {
    let mut pauses = 0;
    while board(app).reading_ahead() {
        assert!(pauses < 6, "five pages, one read per pause");
        app.send(Msg::Idle);
        pauses += 1;
    }
    pauses
}

#[test]
fn left_alone_the_board_reads_the_other_pages_ahead_so_turning_to_them_reads_nothing() {
    use frontdesk::store::{Access, Store};
    let mut app = App::demo(Lang::En, RunMode::Board);
    assert!(board(&app).today.is_some(), "the page shown");
    assert!(board(&app).kpis.is_none() && board(&app).week.is_none());
    // Four pages read, one a pause, then a pause that finds nothing to read.
    assert_eq!(read_ahead(&mut app), 5);
    let b = board(&app);
    assert!(b.orders_loaded && b.complaints.is_some() && b.kpis.is_some() && b.week.is_some());
    // Turning to a page read ahead reads nothing (the mark in memory stays).
    app.model.screens.board.kpis = Some(Vec::new());
    app.press("4");
    assert_eq!(board(&app).kpis.as_ref().map(Vec::len), Some(0));
    assert_eq!(
        read_ahead(&mut app),
        1,
        "all current: one look, nothing read"
    );

    // Another counter commits: the page shown is read at once, the others ahead.
    let rw = Store::open(app.store().path(), Access::ReadWrite).unwrap();
    support::app::touch(rw.conn());
    drop(rw);
    app.fx.store.watch().unwrap();
    app.send(Msg::DataChanged);
    assert!(board(&app).kpis.as_ref().is_some_and(|k| !k.is_empty()));
    app.model.screens.board.week = Some(Vec::new());
    assert_eq!(read_ahead(&mut app), 5);
    assert!(
        board(&app).week.as_ref().is_some_and(|w| w.len() == 7),
        "read again ahead after the commit"
    );
}

#[test]
fn a_minute_on_the_workshop_page_works_its_alerts_out_from_the_rows_in_hand() {
    let mut app = App::demo(Lang::En, RunMode::Board);
    app.press("2");
    read_ahead(&mut app);
    let id = board(&app).orders.entries[0].row.id;
    let plate = |app: &App| board(app).orders.by_id(id).map(|e| e.row.plate.to_string());
    app.model
        .screens
        .board
        .orders
        .entries
        .iter_mut()
        .find(|e| e.row.id == id)
        .unwrap()
        .row
        .plate = "MARK".into();
    let later = now() + Duration::minutes(1);
    app.send(Msg::Tick(later));
    assert_eq!(plate(&app).as_deref(), Some("MARK"), "nothing read");
    assert_eq!(board(&app).orders.now, later, "the clocks moved");
    // The complaint clocks are worked out to the minute when read: read again ahead.
    app.model.screens.board.complaints = Some(Vec::new());
    read_ahead(&mut app);
    assert!(
        board(&app)
            .complaints
            .as_ref()
            .is_some_and(|c| !c.is_empty())
    );
    assert_eq!(plate(&app).as_deref(), Some("MARK"));
}
