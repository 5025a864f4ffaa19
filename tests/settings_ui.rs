//! The settings (F5) and staff (F6) panels and the PIN at sign-in, through the console
//! in-process: keys in, screen and store out.

mod support;

use frontdesk::app::RunMode;
use frontdesk::i18n::Lang;
use frontdesk::store::{audit, settings, staff};
use support::app::App;

fn saved_labour_rate(app: &mut App) -> i64 {
    app.fx.store.read(settings::load).unwrap().labour_rate_cents
}

#[test]
fn an_advisor_sees_the_settings_read_only_with_who_may_change_them() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F5");
    let s = app.screen();
    assert!(s.contains("Shop settings"), "{s}");
    assert!(s.contains("Asia/Shanghai") && s.contains("300.00"), "{s}");
    assert!(
        s.contains("Only a supervisor or manager may change these settings."),
        "{s}"
    );
    assert!(s.contains("2027-01-02"), "the demo's holiday: {s}");
    app.press("e");
    assert!(app.model.screens.settings.edit.is_none());
    app.press("h");
    assert!(app.model.screens.settings.holiday.is_none());
    // Alt-5 reaches the same panel; F1 leaves it.
    app.press("F1 A-5");
    assert!(app.screen().contains("Shop settings"));
}

#[test]
fn a_supervisor_edits_and_saves_and_a_bad_value_is_refused_next_to_its_field() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F5 e");
    assert!(app.screen().contains("Edit the shop settings"));
    // A bad time zone and a bad Sunday: messages beside the fields, nothing saved.
    app.press("Tab Tab Tab C-u");
    app.type_text("Moon/Base");
    app.press("Tab");
    app.type_text("280");
    for _ in 0..8 {
        app.press("Tab");
    }
    app.type_text("9-8");
    app.press("C-s");
    let s = app.screen();
    assert!(
        s.lines().next().unwrap().ends_with("?/F12"),
        "tabs fit 80 columns: {s}"
    );
    let line = |needle: &str| {
        s.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_default()
            .to_string()
    };
    // Beside the field, or under it when it does not fit beside.
    let zone_at = s.lines().position(|l| l.contains("Moon/Base")).unwrap();
    assert!(
        s.lines()
            .skip(zone_at)
            .take(2)
            .any(|l| l.contains("Unknown time zone")),
        "error next to the zone: {s}"
    );
    assert!(
        line("9-8").contains("Opening must be before closing"),
        "{s}"
    );
    assert_eq!(
        saved_labour_rate(&mut app),
        30_000,
        "nothing saved half-way"
    );
    // The caret is on the first field in error; corrected one by one, Ctrl-S saves
    // everything at once.
    app.press("C-u");
    app.type_text("Asia/Shanghai");
    app.press("C-s");
    assert_eq!(saved_labour_rate(&mut app), 30_000);
    app.press("C-u");
    app.type_text("closed");
    app.press("C-s");
    assert!(
        app.model.screens.settings.edit.is_none(),
        "{}",
        app.screen()
    );
    assert_eq!(saved_labour_rate(&mut app), 28_000);
    let cal = app.fx.store.read(settings::load).unwrap();
    assert_eq!(cal.week.hours[6], None, "Sunday closed");
    assert_eq!(
        app.model.shell.settings.labour_rate_cents, 28_000,
        "the counter uses it"
    );
    let a = &audit::recent(app.store().conn(), None, 1).unwrap()[0];
    assert_eq!(a.action, "update");
    assert!(
        a.detail.contains("28000") && a.detail.contains("hours.sun"),
        "{}",
        a.detail
    );
    assert!(app.screen().contains("Shop settings saved"));
}

#[test]
fn esc_with_unsaved_input_asks_first_and_a_holiday_closes_the_day() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("M01");
    app.press("F5 e Tab Tab Tab Tab");
    app.type_text("1");
    app.press("Esc");
    assert!(
        app.model.shell.question().is_some(),
        "asks before discarding"
    );
    app.press("n");
    assert!(app.model.screens.settings.edit.is_some());
    app.press("Esc y");
    assert!(app.model.screens.settings.edit.is_none());

    // A holiday the day after tomorrow: the appointment board shows it closed.
    app.press("h");
    app.type_text("2026-11-25");
    app.press("Tab");
    app.type_text("盘点");
    app.press("C-s");
    assert!(
        app.model.screens.settings.holiday.is_none(),
        "{}",
        app.screen()
    );
    let s = app.screen();
    assert!(s.contains("2026-11-25") && s.contains("盘点"), "{s}");
    let cal = app.fx.store.read(settings::load).unwrap();
    let (_, load) = frontdesk::store::appointments::day_board(
        &mut app.fx.store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        &cal,
    )
    .unwrap();
    assert!(load.policy.closed && load.policy.bookable_minutes() == 0);
    // The same date twice is refused next to the date.
    app.press("h");
    app.type_text("2026-11-25");
    app.press("C-s");
    assert!(
        app.screen().contains("already a holiday"),
        "{}",
        app.screen()
    );
    app.press("Esc y");
}

#[test]
fn a_manager_adds_and_deactivates_staff_who_are_then_not_offered_at_sign_in() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    // An advisor sees the list read-only.
    app.press("F6");
    assert!(
        app.screen()
            .contains("Only a supervisor or manager may change staff.")
    );
    app.press("n");
    assert!(app.model.screens.staff.editing.is_none());

    app.sign_in_as("M01");
    app.press("F6 n");
    app.type_text("A 5");
    app.press("Tab");
    app.type_text("王小芳");
    app.press("C-s");
    assert!(
        app.screen().contains("Code: 1-8 letters or digits"),
        "{}",
        app.screen()
    );
    app.press("C-u");
    app.type_text("A05");
    app.press("C-s");
    let s = app.screen();
    assert!(s.contains("A05") && s.contains("王小芳"), "{s}");
    let fang = staff::by_code(app.store().conn(), "A05").unwrap().unwrap();
    assert!(fang.active);

    // Select A05 and deactivate (asked first).
    let i = app
        .model
        .screens
        .staff
        .staff
        .iter()
        .position(|s| s.code == "A05")
        .unwrap();
    app.model.screens.staff.selected = i;
    app.press("x");
    assert!(app.model.shell.question().is_some());
    app.press("y");
    assert!(
        !staff::by_code(app.store().conn(), "A05")
            .unwrap()
            .unwrap()
            .active
    );
    assert!(
        app.screen().contains("can no longer sign in"),
        "{}",
        app.screen()
    );
    // Not among the advisors offered elsewhere, nor at sign-in.
    assert!(app.model.shell.staff_list.iter().all(|s| s.code != "A05"));
    let app = app.reopen_signed_out(false);
    assert!(!app.model.screens.staff_picker.staff.is_empty());
    assert!(
        app.model
            .screens
            .staff_picker
            .staff
            .iter()
            .all(|s| s.code != "A05"),
        "a deactivated member is not offered"
    );
    assert!(!app.screen().contains("王小芳"));
}

#[test]
fn with_pins_required_a_wrong_pin_is_refused_and_audited_and_the_right_one_signs_in() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("M01");
    // The manager sets A01's PIN on the staff panel.
    app.press("F6");
    let i = app
        .model
        .screens
        .staff
        .staff
        .iter()
        .position(|s| s.code == "A01")
        .unwrap();
    app.model.screens.staff.selected = i;
    app.press("p");
    app.type_text("2468");
    app.press("Tab");
    app.type_text("2468");
    let s = app.screen();
    assert!(s.contains("****") && !s.contains("2468"), "masked: {s}");
    app.press("C-s");
    assert!(
        staff::by_code(app.store().conn(), "A01")
            .unwrap()
            .unwrap()
            .has_pin
    );

    let mut app = app.reopen_signed_out(true);
    let i = app
        .model
        .screens
        .staff_picker
        .staff
        .iter()
        .position(|s| s.code == "A01")
        .unwrap();
    app.model.screens.staff_picker.selected = i;
    app.press("Enter");
    assert!(app.screen().contains("Enter your PIN."), "{}", app.screen());
    app.type_text("1111");
    assert!(app.screen().contains("****") && !app.screen().contains("1111"));
    app.press("Enter");
    assert!(
        app.model.shell.staff.is_none(),
        "a wrong PIN does not sign in"
    );
    assert!(app.screen().contains("Wrong PIN"), "{}", app.screen());
    let a = &audit::recent(app.store().conn(), None, 1).unwrap()[0];
    assert_eq!(a.action, "sign_in_failed");
    app.type_text("2468");
    app.press("Enter");
    assert_eq!(
        app.model.shell.staff.as_ref().map(|s| s.code.as_str()),
        Some("A01")
    );
    let a = &audit::recent(app.store().conn(), None, 1).unwrap()[0];
    assert_eq!(a.action, "sign_in");

    // A member without a PIN chooses one (typed twice) rather than being locked out.
    let mut app = app.reopen_signed_out(true);
    let i = app
        .model
        .screens
        .staff_picker
        .staff
        .iter()
        .position(|s| s.code == "A02")
        .unwrap();
    app.model.screens.staff_picker.selected = i;
    app.press("Enter");
    assert!(
        app.screen().contains("You have no PIN yet"),
        "{}",
        app.screen()
    );
    app.type_text("1357");
    app.press("Tab");
    app.type_text("1358");
    app.press("Enter");
    assert!(
        app.screen().contains("The two PINs differ"),
        "{}",
        app.screen()
    );
    app.press("C-u");
    app.type_text("1357");
    app.press("Enter");
    assert_eq!(
        app.model.shell.staff.as_ref().map(|s| s.code.as_str()),
        Some("A02")
    );
    assert!(
        staff::by_code(app.store().conn(), "A02")
            .unwrap()
            .unwrap()
            .has_pin
    );
}

#[test]
fn the_panels_read_in_chinese_too() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.press("F5");
    let s = app.screen();
    assert!(
        s.contains("门店设置") && s.contains("只有车间主管或服务经理可以修改这些设置。"),
        "{s}"
    );
    app.press("F6");
    assert!(app.screen().contains("员工"), "{}", app.screen());
}
