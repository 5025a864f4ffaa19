//! The defects the one-shape-per-screen reshape removed, each shown in the user's terms
//! (keys in, screen and database out): help lists the active screen's and the focused
//! widget's keys; a walk-in's plate already on file is named on the plate field; every
//! question says what yes does; `?` and `q` work on the read-back; drafts are restored
//! by field name (and old positional drafts migrated, never mis-restored).

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::checkin::{CustomerField, OrderField, Step, WalkField};
use frontdesk::app::widgets::form::FieldId;
use frontdesk::i18n::Lang;
use frontdesk::store::{customers, drafts, staff};
use support::app::{App, now};

fn help_text(app: &App) -> String {
    app.draw(120, 40).0
}

#[test]
fn help_on_the_appointment_board_lists_its_keys() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 ?");
    let s = help_text(&app);
    for want in [
        "Keys on the appointment board",
        "New appointment",
        "Mark arrived",
        "Mark no-show",
        "Cancel appointment",
        "Reschedule",
        "Week overview",
        "Reminder calls",
        "Go to date",
        "Capacity of the day",
        "Keys in lists",
    ] {
        assert!(s.contains(want), "help on F4 lacks {want:?}:\n{s}");
    }
    // The same in Chinese.
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.press("F4 ?");
    let s = help_text(&app);
    assert!(s.contains("预约看板"), "{s}");
}

#[test]
fn help_in_a_form_lists_the_form_and_item_keys() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    // The check-in's order step: job lines are added with Ctrl-N, removed with Ctrl-R.
    app.press("Enter");
    app.go_to_order(10);
    assert_eq!(
        app.model.screens.checkin.flow.as_ref().unwrap().step,
        Step::Order
    );
    app.press("F12");
    let s = help_text(&app);
    for want in [
        "Keys of the job and damage lists",
        "Ctrl-n",
        "Add the job / damage mark",
        "Ctrl-r",
        "Keys of the check-in",
        "Next step",
        "Keys while typing",
        "Next field",
        "Keys everywhere",
    ] {
        assert!(
            s.contains(want),
            "help in the order form lacks {want:?}:\n{s}"
        );
    }
    // In the booking form: the form keys.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 n Enter F12");
    let s = help_text(&app);
    assert!(
        s.contains("Keys while typing") && s.contains("Next field"),
        "{s}"
    );
}

#[test]
fn a_walk_in_whose_plate_is_on_file_is_told_whose_it_is_on_the_plate_field() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = customers::all_vehicles(app.fx.store.conn())
        .unwrap()
        .remove(0);
    let owner = customers::customer(app.fx.store.conn(), v.customer_id)
        .unwrap()
        .unwrap();
    let before = customers::all_customers(app.fx.store.conn()).unwrap().len();
    app.type_text("Nobody Yet");
    app.press("Enter");
    let flow = app
        .model
        .screens
        .checkin
        .flow
        .as_ref()
        .expect("walk-in form");
    assert!(flow.new_customer.is_some());
    app.press("Tab Tab");
    app.type_text(&v.plate);
    app.press("Tab");
    app.type_text("大众 帕萨特");
    app.press("PageDown");
    app.type_text("52000");
    app.press("Tab Space PageDown");
    app.type_text("noise");
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(OrderField::LDesc);
    app.type_text("check");
    app.press("C-n PageDown");
    assert_eq!(
        app.model.screens.checkin.flow.as_ref().unwrap().step,
        Step::Review
    );
    app.press("C-s");
    let flow = app.model.screens.checkin.flow.as_ref().unwrap();
    assert_eq!(flow.step, Step::Customer, "back where the plate is");
    let nc = flow.new_customer.as_ref().unwrap();
    let err = nc
        .error(CustomerField::Plate)
        .map(|n| app.i18n.note(n))
        .expect("an error on the plate field");
    assert_eq!(
        err,
        format!("This plate belongs to {}; use that vehicle", owner.name)
    );
    assert_eq!(nc.focused(), Some(CustomerField::Plate));
    let screen = app.screen();
    assert!(screen.contains("This plate belongs to"), "{screen}");
    assert!(!screen.contains("already in use"), "{screen}");
    assert_eq!(
        customers::all_customers(app.fx.store.conn()).unwrap().len(),
        before,
        "nothing saved"
    );
}

#[test]
fn every_question_says_what_yes_does() {
    // Cancelling an appointment.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4");
    let i = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .position(|r| {
            frontdesk::domain::appointment::transition(
                r.state,
                frontdesk::domain::kinds::AppointmentState::Cancelled,
            )
            .is_ok()
        })
        .expect("a cancellable appointment");
    app.model.screens.appointments.list.selected = i;
    app.press("x");
    let s = app.screen();
    assert!(
        s.contains("y / Enter: cancel the appointment") && s.contains("n / Esc: keep it"),
        "{s}"
    );
    assert!(!s.contains("quit"), "{s}");
    app.press("n");
    assert!(app.model.shell.overlay().is_none());
    // Discarding a booking form.
    app.press("n Enter");
    app.type_text("Li");
    app.press("Esc");
    let s = app.screen();
    assert!(s.contains("y / Enter: discard"), "{s}");
    assert!(!s.contains("quit"), "{s}");
    app.press("y");
    assert!(app.model.screens.appointments.booking.is_none());
    // Quitting with unsaved input still says quit.
    app.press("n Enter");
    app.type_text("Li");
    app.press("C-c");
    assert!(app.screen().contains("y / Enter: quit"));
    // And in Chinese.
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.press("F4 n Enter");
    app.type_text("Li");
    app.press("Esc");
    assert!(app.screen().contains("放弃"), "{}", app.screen());
}

#[test]
fn question_mark_and_q_work_on_the_read_back() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_order(10);
    if app.flow().order.text(OrderField::Desc).is_empty() {
        app.type_text("service");
    }
    app.press("PageDown");
    assert_eq!(
        app.model.screens.checkin.flow.as_ref().unwrap().step,
        Step::Review
    );
    assert!(!app.model.typing(), "nothing is typed on the read-back");
    app.press("?");
    assert!(app.screen().contains("Help - keys"));
    app.press("Esc q");
    assert!(
        app.screen()
            .contains("The unfinished check-in is kept as a draft"),
        "q asks, since the check-in is not confirmed yet; the question says the draft stays"
    );
    assert!(!app.model.shell.quit);
    app.press("y");
    assert!(app.model.shell.quit);
}

/// Walk-around values of a check-in draft, as the first version stored them (by position).
fn positional(map: &serde_json::Value, order: &[&str]) -> serde_json::Value {
    serde_json::Value::Array(order.iter().map(|k| map[*k].clone()).collect())
}

fn names<F: FieldId>(all: &[F]) -> Vec<&'static str> {
    all.iter().map(|f| f.name()).collect()
}

/// A check-in left at the walk-around with the odometer and a note typed in.
fn leave_a_draft() -> App {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_walkaround();
    app.type_text("88888");
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().walk;
    f.focus_on(WalkField::Note);
    app.type_text("scratch on the hood");
    app.press("Tab");
    app
}

#[test]
fn a_draft_is_restored_by_field_name() {
    let app = leave_a_draft().reopen("A01");
    let app = {
        let mut app = app;
        app.press("Enter");
        app
    };
    let flow = app.model.screens.checkin.flow.as_ref().expect("resumed");
    assert_eq!(flow.walk.text(WalkField::Odo), "88888");
    assert_eq!(flow.walk.text(WalkField::Note), "scratch on the hood");
    let stored = drafts::load(
        app.fx.store.conn(),
        app.model.shell.staff.as_ref().unwrap().id,
        "checkin",
    )
    .unwrap()
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stored.payload).unwrap();
    assert_eq!(v["walk"]["note"]["Text"], "scratch on the hood", "{v}");
}

#[test]
fn an_old_positional_draft_is_migrated_field_by_field() {
    let mut app = leave_a_draft();
    let a01 = staff::by_code(app.fx.store.conn(), "A01").unwrap().unwrap();
    let d = drafts::load(app.fx.store.conn(), a01.id, "checkin")
        .unwrap()
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&d.payload).unwrap();
    v["walk"] = positional(&v["walk"], &names(WalkField::ALL));
    v["order"] = positional(&v["order"], &names(OrderField::ALL));
    assert!(v["walk"].is_array());
    drafts::keep(
        &mut app.fx.store,
        Some(a01.id),
        now(),
        "checkin",
        &v.to_string(),
    )
    .unwrap();
    let mut app = app.reopen("A01");
    assert!(app.model.screens.checkin.draft_offer.is_some());
    let s = app.draw(160, 40).0;
    assert!(s.contains("brought back field by field"), "{s}");
    app.press("Enter");
    let flow = app.model.screens.checkin.flow.as_ref().expect("resumed");
    assert_eq!(flow.walk.text(WalkField::Odo), "88888");
    assert_eq!(flow.walk.text(WalkField::Note), "scratch on the hood");
}

#[test]
fn a_draft_that_cannot_be_placed_is_set_aside_with_a_message() {
    let mut app = leave_a_draft();
    let a01 = staff::by_code(app.fx.store.conn(), "A01").unwrap().unwrap();
    let d = drafts::load(app.fx.store.conn(), a01.id, "checkin")
        .unwrap()
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&d.payload).unwrap();
    // A positional list of another length: which value is which cannot be known.
    v["walk"] = serde_json::json!([{"Text": "88888"}, {"Choice": 1}]);
    drafts::keep(
        &mut app.fx.store,
        Some(a01.id),
        now(),
        "checkin",
        &v.to_string(),
    )
    .unwrap();
    let app = app.reopen("A01");
    assert!(app.model.screens.checkin.draft_offer.is_none());
    assert!(app.model.screens.checkin.flow.is_none());
    let s = app.draw(160, 40).0;
    assert!(s.contains("could not be read and was set aside"), "{s}");
    assert!(
        drafts::load(app.fx.store.conn(), a01.id, "checkin")
            .unwrap()
            .is_none()
    );
}
