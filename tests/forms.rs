//! Forms as a terminal user expects them: Ctrl-U / Ctrl-W / Ctrl-A / Ctrl-E in every text
//! field, a prefilled short field replaced by typing, errors and notes shown in full at
//! 80×24, a conflict naming who changed the row and when in the shop's time, and the
//! capacity dialog saving with Enter and warning before it cuts below what is booked.

mod support;

use chrono::{Duration, NaiveDate};
use frontdesk::app::RunMode;
use frontdesk::app::screens::appointments::BookingField;
use frontdesk::app::screens::appointments::booking::CapField;
use frontdesk::app::screens::appointments::{Prompt, Step};
use frontdesk::app::screens::checkin::WalkField;
use frontdesk::domain::appointment::CapacityPolicy;
use frontdesk::domain::kinds::AppointmentState;
use frontdesk::i18n::Lang;
use frontdesk::store::{appointments, staff};
use support::app::{App, now};

fn today() -> NaiveDate {
    now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

#[test]
fn ctrl_u_ctrl_w_ctrl_a_ctrl_e_edit_any_text_field() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    // The check-in search.
    app.type_text("粤B 12345");
    app.press("C-w");
    assert_eq!(app.model.screens.checkin.lookup.query.value(), "粤B ");
    app.press("C-u");
    assert_eq!(app.model.screens.checkin.lookup.query.value(), "");
    // A booking form field: Ctrl-A to the start, type, Ctrl-E to the end, type.
    app.press("F4 n Enter");
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.focus_on(BookingField::Note);
    app.type_text("call first");
    app.press("C-a");
    app.type_text("! ");
    app.press("C-e");
    app.type_text(" please");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(b.form.text(BookingField::Note), "! call first please");
    // The list filter takes them too.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2 / text:RO-2026 C-u");
    assert_eq!(app.model.screens.work_orders.board.filter.value(), "");
}

#[test]
fn typing_into_a_prefilled_date_or_time_replaces_it() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 n Enter");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(b.step, Step::Details);
    // A new customer: the form starts on the name; go to the day, which is prefilled.
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.focus_on(BookingField::Day);
    app.type_text("11-27");
    app.press("Tab");
    app.type_text("14:30");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(b.form.text(BookingField::Day), "11-27");
    assert_eq!(b.form.text(BookingField::Time), "14:30");
}

#[test]
fn a_long_error_wraps_next_to_its_field_at_80x24() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_walkaround();
    let last = app.flow().who.last_odometer_km.unwrap();
    app.type_text(&(last - 10).to_string());
    app.press("Tab Space PageDown");
    let walk = &app.model.screens.checkin.flow.as_ref().unwrap().walk;
    assert!(walk.error(WalkField::Odo).is_some());
    // Beside the vehicle diagram the message wraps under the field, every word shown.
    let s = app.screen();
    let left: String = s
        .lines()
        .map(|l| l.chars().take(50).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let flat: String = left.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("The reading is below the last recorded one")
            && flat.contains("give a correction reason to record it."),
        "the whole message is on screen:\n{s}"
    );
}

#[test]
fn a_conflict_names_who_changed_the_row_and_when_in_shop_time_in_full() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4");
    let i = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .position(|r| r.state == AppointmentState::Booked)
        .expect("a booked appointment today");
    app.model.screens.appointments.list.selected = i;
    let row = app.model.screens.appointments.list.rows[i].clone();
    // Someone else confirms it at 09:14 shop time, after this counter loaded the board.
    let other = staff::by_code(app.fx.store.conn(), "A02").unwrap().unwrap();
    appointments::change_state(
        &mut app.fx.store,
        Some(other.id),
        now() + Duration::minutes(14),
        row.id,
        row.version,
        AppointmentState::Confirmed,
    )
    .unwrap();
    app.press("a");
    let note = app.model.shell.note.clone().expect("refused");
    let text = app.i18n.note(&note);
    assert_eq!(
        text,
        format!(
            "{} changed this at 09:14 after you opened it; reload and apply your change again",
            other.name
        )
    );
    let s = app.screen();
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("reload and apply your change again"),
        "shown in full at 80 columns:\n{s}"
    );
    // Nothing was overwritten.
    let now_row = appointments::get(app.fx.store.conn(), row.id)
        .unwrap()
        .unwrap();
    assert_eq!(now_row.state, AppointmentState::Confirmed);
}

#[test]
fn the_capacity_dialog_saves_with_enter_and_warns_before_cutting_below_the_booked_hours() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F4");
    let booked = app.model.screens.appointments.load.unwrap().booked_minutes;
    assert!(booked > 60, "the demo books today");
    // Enter on the first field saves (the hint says "Enter: save").
    app.press("e");
    assert!(matches!(
        app.model.screens.appointments.prompt,
        Some(Prompt::Capacity { .. })
    ));
    app.type_text("9");
    app.press("Enter");
    assert!(app.model.screens.appointments.prompt.is_none(), "saved");
    let p = appointments::policy_for(
        app.fx.store.conn(),
        today(),
        &CapacityPolicy::manual_default(),
    )
    .unwrap();
    assert_eq!(p.technicians, 9);
    // One technician leaves less than is booked: warned with the numbers, not saved.
    app.press("e");
    app.type_text("1");
    app.press("Enter");
    let Some(Prompt::Capacity { form, .. }) = &app.model.screens.appointments.prompt else {
        panic!("the dialog stays open");
    };
    let warning = app
        .i18n
        .note(form.error(CapField::Techs).expect("a warning"));
    assert!(
        warning.contains("6.4 h bookable") && warning.contains("booked already"),
        "{warning}"
    );
    let p = appointments::policy_for(
        app.fx.store.conn(),
        today(),
        &CapacityPolicy::manual_default(),
    )
    .unwrap();
    assert_eq!(p.technicians, 9, "not saved yet");
    // Enter again: saved as asked.
    app.press("Enter");
    assert!(app.model.screens.appointments.prompt.is_none());
    let p = appointments::policy_for(
        app.fx.store.conn(),
        today(),
        &CapacityPolicy::manual_default(),
    )
    .unwrap();
    assert_eq!(p.technicians, 1);
}

#[test]
fn long_job_and_damage_lists_scroll_with_a_more_marker_at_80x24() {
    use frontdesk::app::screens::checkin::OrderField;
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_walkaround();
    // Eight damage marks.
    for i in 0..8 {
        let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().walk;
        f.focus_on(WalkField::DNote);
        app.type_text(&format!("mark {i}"));
        app.press("C-n");
    }
    let s = app.screen();
    assert!(s.contains("more above"), "{s}");
    assert!(s.contains("mark 7"), "the newest shows:\n{s}");
    let last = app.flow().who.last_odometer_km.unwrap_or(0);
    let f = &mut app.flow_mut().walk;
    f.focus_on(WalkField::Odo);
    app.type_text(&(last + 10).to_string());
    app.press("Tab Space PageDown");
    // Ten job lines.
    for i in 0..10 {
        let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
        f.focus_on(OrderField::LDesc);
        app.type_text(&format!("job {i}"));
        app.press("C-n");
    }
    assert_eq!(
        app.model.screens.checkin.flow.as_ref().unwrap().lines.len(),
        11
    );
    let s = app.screen();
    assert!(s.contains("more above"), "{s}");
    assert!(s.contains("job 9"), "the newest shows:\n{s}");
    assert!(s.contains("Labour"), "the totals line stays:\n{s}");
}
