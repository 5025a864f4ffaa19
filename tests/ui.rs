//! The console shell in-process: keys in (through the real keymap and update), state
//! and screen out. Snapshots at 80×24 and 120×40 in both languages, clock frozen.

mod support;

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use frontdesk::app::screens::staff_picker::StaffField;
use frontdesk::app::{Msg, Overlay, RunMode, ScreenId};
use frontdesk::i18n::Lang;
use frontdesk::store::staff;
use support::app::{App, now};

fn snapshot_all(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        setup(&mut app);
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = app.draw(w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn snapshot_checkin_arrivals() {
    snapshot_all("checkin_arrivals", |_| {});
}

#[test]
fn snapshot_checkin_search() {
    snapshot_all("checkin_search", |app| app.press("text:粤B"));
}

#[test]
fn snapshot_work_orders() {
    snapshot_all("work_orders", |app| app.press("F2"));
}

#[test]
fn snapshot_complaints() {
    snapshot_all("complaints", |app| app.press("F3"));
}

#[test]
fn snapshot_appointments() {
    snapshot_all("appointments", |app| app.press("F4"));
}

#[test]
fn snapshot_help() {
    snapshot_all("help", |app| app.press("F2 ?"));
}

#[test]
fn snapshot_first_staff_form_and_too_small() {
    for lang in Lang::ALL {
        let mut app = App::empty(lang);
        app.press("text:a01 Tab text:王芳");
        insta::assert_snapshot!(format!("first_staff_{}_80x24", lang.code()), app.screen());
        insta::assert_snapshot!(format!("too_small_{}", lang.code()), app.draw(60, 20).0);
    }
}

#[test]
fn function_and_alt_keys_switch_every_panel() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    for (keys, panel) in [
        ("F2", ScreenId::WorkOrders),
        ("F3", ScreenId::Complaints),
        ("F4", ScreenId::Appointments),
        ("F1", ScreenId::Checkin),
        ("A-2", ScreenId::WorkOrders),
        ("A-3", ScreenId::Complaints),
        ("A-4", ScreenId::Appointments),
        ("A-1", ScreenId::Checkin),
    ] {
        app.press(keys);
        assert_eq!(app.model.shell.panel, panel, "after {keys}");
    }
    // F-keys switch panels even while the check-in field has the focus.
    app.press("text:粤B F2");
    assert_eq!(app.model.shell.panel, ScreenId::WorkOrders);
}

#[test]
fn help_lists_the_keymap_in_force() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2 ?");
    assert!(matches!(app.model.shell.overlay(), Some(Overlay::Help)));
    let s = app.screen();
    assert!(
        s.contains("Help - keys") && s.contains("F2, Alt-2 Work orders") && s.contains("F7, Alt-7"),
        "{s}"
    );
    app.press("Esc");
    assert!(app.model.shell.overlay().is_none());
    // F12 opens help while typing, where `?` is just a character.
    app.press("F1 ?");
    assert!(app.model.shell.overlay().is_none());
    assert_eq!(app.model.screens.checkin.lookup.query.value(), "?");
    app.press("F12");
    assert!(matches!(app.model.shell.overlay(), Some(Overlay::Help)));
}

#[test]
fn check_in_search_finds_a_demo_vehicle_as_you_type_and_puts_the_cursor_at_the_caret() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    let plate = app
        .model
        .screens
        .checkin
        .arrivals
        .first()
        .expect("demo has arrivals today")
        .plate
        .clone();
    // Typed without the province character, lower case, with a separator.
    let without: String = plate.chars().skip(1).collect::<String>().to_lowercase();
    let typed = format!("{}-{}", &without[..1], &without[1..]);
    app.press(&format!("text:{typed}"));
    assert!(
        app.model
            .screens
            .checkin
            .lookup
            .hits
            .iter()
            .any(|h| h.plate.as_deref() == Some(plate.as_str())),
        "{typed} did not find {plate}"
    );
    let (text, _) = app.draw(80, 24);
    // label " 查找：" is 1 + 6 columns, a space, then the typed text.
    let want_x = 1 + 6 + 1 + typed.chars().count();
    assert!(text.contains(&format!("[cursor {want_x},2]")), "{text}");
    // CJK input moves the caret two columns per character.
    app.press("Esc text:王");
    let (text, _) = app.draw(80, 24);
    assert!(
        text.contains(&format!("[cursor {},2]", 1 + 6 + 1 + 2)),
        "{text}"
    );
}

#[test]
fn paste_goes_into_the_focused_field_normalised() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.send(Msg::Paste("e\u{301}\n".into()));
    assert_eq!(app.model.screens.checkin.lookup.query.value(), "\u{e9} ");
}

#[test]
fn list_filter_narrows_work_orders() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2");
    let all = app.model.screens.work_orders.board.shown.len();
    assert!(all > 5);
    let first = app.model.screens.work_orders.board.entries[0]
        .row
        .number
        .clone();
    app.press(&format!("/ text:{first} Enter"));
    assert_eq!(app.model.screens.work_orders.board.shown.len(), 1);
    app.press("Esc");
    assert_eq!(app.model.screens.work_orders.board.shown.len(), all);
}

#[test]
fn q_quits_from_a_list_and_ctrl_c_always() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2 q");
    assert!(app.model.shell.quit);
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("text:abc C-c");
    assert!(app.model.shell.quit, "a search query is not unsaved input");
}

#[test]
fn ctrl_c_asks_first_when_a_form_has_unsaved_input() {
    let mut app = App::empty(Lang::En);
    app.press("text:A09 C-c");
    assert_eq!(
        app.model.shell.question().map(|q| q.title),
        Some("confirm.quit.title")
    );
    assert!(!app.model.shell.quit);
    assert!(app.screen().contains("Quit and discard what you typed?"));
    app.press("n");
    assert!(app.model.shell.overlay().is_none());
    assert_eq!(
        app.model.screens.staff_picker.form.text(StaffField::Code),
        "A09",
        "nothing lost"
    );
    app.press("C-c y");
    assert!(app.model.shell.quit);
}

#[test]
fn the_first_staff_member_is_validated_saved_and_remembered() {
    let mut app = App::empty(Lang::En);
    assert!(app.model.screens.staff_picker.adding_first());
    // No code: the message sits next to the field, nothing is saved.
    app.press("Tab");
    app.type_text("Li Na");
    app.press("C-s");
    assert!(
        app.model
            .screens
            .staff_picker
            .form
            .error(StaffField::Code)
            .is_some()
    );
    assert!(app.screen().contains("Code: 1-8 letters or digits"));
    assert_eq!(staff::count(app.fx.store.conn()).unwrap(), 0);
    app.press("text:a07 C-s");
    let s = app.model.shell.staff.clone().expect("signed in");
    assert_eq!((s.code.as_str(), s.name.as_str()), ("A07", "Li Na"));
    assert_eq!(staff::count(app.fx.store.conn()).unwrap(), 1);
    let cfg = frontdesk::config::Config::load(&app.config).unwrap();
    assert_eq!(cfg.staff.as_deref(), Some("A07"));
    let audit =
        frontdesk::store::audit::recent(app.fx.store.conn(), Some(("staff", s.id)), 5).unwrap();
    assert!(!audit.is_empty(), "staff creation is audited");
    assert!(
        app.screen().contains("A07 Li Na"),
        "status line shows who is at the counter"
    );
}

#[test]
fn the_board_is_read_only_and_ignores_saving() {
    let mut app = App::demo(Lang::En, RunMode::Board);
    assert!(app.screen().contains("BOARD - READ-ONLY"));
    app.press("C-s Enter F2");
    assert_eq!(app.model.shell.panel, ScreenId::Checkin);
    assert!(!app.model.shell.quit);
    assert!(app.fx.store.write(None, now(), |_| Ok(())).is_err());
}

#[test]
fn comebacks_and_overdue_deadlines_are_marked_in_colour() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2");
    let (text, buf) = app.draw(120, 40);
    let (x, y) = find(&buf, "[CB]").unwrap_or_else(|| panic!("no comeback marker:\n{text}"));
    assert_eq!(buf[(x, y)].bg, Color::Magenta);
    app.press("F3");
    let (text, buf) = app.draw(120, 40);
    let (x, y) = find(&buf, "OVER").unwrap_or_else(|| panic!("no overdue complaint:\n{text}"));
    assert_eq!(buf[(x, y)].bg, Color::Red);
}

fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let row: Vec<(u16, String)> = (0..area.width)
            .map(|x| (x, buf[(x, y)].symbol().to_string()))
            .collect();
        for start in 0..row.len() {
            let s: String = row[start..].iter().map(|(_, s)| s.as_str()).collect();
            if s.starts_with(needle) {
                return Some((row[start].0, y));
            }
        }
    }
    None
}

#[test]
fn appointments_move_by_day() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4");
    let today = app.model.screens.appointments.day;
    app.press("Right Right");
    assert_eq!(
        app.model.screens.appointments.day,
        today + chrono::Duration::days(2)
    );
    assert!(
        app.model
            .screens
            .appointments
            .list
            .rows
            .iter()
            .all(|r| r.day == today + chrono::Duration::days(2))
    );
    app.press("t");
    assert_eq!(app.model.screens.appointments.day, today);
}
