//! The appointment board driven by keys: booking by plate, capacity refusal and the
//! supervisor's override, bad input, warnings, state changes, reminders, week, go-to,
//! reschedule and per-day capacity. Snapshots in both languages at 80×24 and 120×40.

mod support;

use chrono::{Duration, NaiveDate};

use frontdesk::app::screens::appointments::booking::CapField;
use frontdesk::app::screens::appointments::{BookingField, Prompt, Step, View};
use frontdesk::app::{RunMode, ScreenId};
use frontdesk::domain::appointment::CapacityPolicy;
use frontdesk::domain::kinds::{AppointmentState, ReminderOutcome};
use frontdesk::i18n::Lang;
use frontdesk::store::{appointments, audit, customers, staff};
use support::app::{App, now};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Signs `code` in instead of A01.
fn as_staff(app: &mut App, code: &str) {
    app.sign_in_as(code);
}

/// A demo vehicle with no appointment in the coming week, and its plate.
fn quiet_vehicle(app: &App) -> customers::Vehicle {
    let busy: Vec<i64> = (0..7)
        .flat_map(|d| {
            appointments::list_day(app.fx.store.conn(), today() + Duration::days(d)).unwrap()
        })
        .map(|a| a.vehicle_id)
        .collect();
    customers::all_vehicles(app.fx.store.conn())
        .unwrap()
        .into_iter()
        .find(|v| !busy.contains(&v.id) && v.plate.starts_with('粤'))
        .expect("a quiet demo vehicle")
}

/// Sets `day`'s capacity directly in the store (as the supervisor).
fn set_capacity(app: &mut App, day: NaiveDate, p: CapacityPolicy) {
    let s01 = staff::by_code(app.fx.store.conn(), "S01").unwrap().unwrap();
    app.fx
        .store
        .write(Some(s01.id), now(), |tx| {
            appointments::set_policy(tx, day, &p, None)
        })
        .unwrap();
}

fn clear(app: &mut App, field: BookingField) {
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.set_text(field, "");
}

/// Opens the booking form on `plate` (typed without the province) and fills day/time/hours.
fn book_details(app: &mut App, plate: &str, day: &str, time: &str, hours: &str) {
    app.press("F4 n");
    let typed: String = plate.chars().skip(1).collect();
    app.type_text(&typed);
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(
        b.find.hits.first().and_then(|h| h.plate.as_deref()),
        Some(plate),
        "search by plate"
    );
    app.press("Enter");
    assert_eq!(
        app.model
            .screens
            .appointments
            .booking
            .as_ref()
            .unwrap()
            .step,
        Step::Details
    );
    for (field, value) in [
        (BookingField::Day, day),
        (BookingField::Time, time),
        (BookingField::Hours, hours),
    ] {
        clear(app, field);
        app.model
            .screens
            .appointments
            .booking
            .as_mut()
            .unwrap()
            .form
            .focus_on(field);
        app.type_text(value);
    }
}

fn field_error(app: &App, field: BookingField) -> Option<String> {
    let b = app.model.screens.appointments.booking.as_ref()?;
    b.form.error(field).map(|n| app.i18n.note(n))
}

fn count_all(app: &App) -> usize {
    let mut n = 0;
    appointments::all(app.fx.store.conn(), |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    n
}

#[test]
fn book_a_demo_customer_by_plate_and_see_it_on_the_board() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "11-25", "10:30", "1.5");
    app.press("C-s");
    assert!(
        app.model.screens.appointments.booking.is_none(),
        "form closed after saving"
    );
    assert_eq!(
        app.model.screens.appointments.day,
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    );
    let row = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .find(|r| r.vehicle_id == v.id)
        .expect("on the board");
    assert_eq!(row.state, AppointmentState::Booked);
    assert_eq!(row.est_minutes, 90);
    assert_eq!(
        frontdesk::fmt::hhmm(app.model.shell.zone, row.starts_at),
        "10:30"
    );
    let a01 = staff::by_code(app.fx.store.conn(), "A01").unwrap().unwrap();
    assert_eq!(
        row.advisor_id,
        Some(a01.id),
        "the advisor at the counter is preselected"
    );
    let log = audit::recent(app.fx.store.conn(), Some(("appointments", row.id)), 5).unwrap();
    assert_eq!(
        log.last().unwrap().staff_id,
        Some(a01.id),
        "the booking is audited under A01"
    );
    assert!(
        app.screen().contains("Appointment booked for 2026-11-25"),
        "{}",
        app.screen()
    );
}

#[test]
fn a_full_day_is_refused_with_the_numbers_and_nothing_is_saved() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    // 1 technician × 4 h × 100% × 50% = 2 bookable hours.
    let tiny = CapacityPolicy {
        technicians: 1,
        minutes_per_tech: 240,
        booking_rate_pct: 50,
        ..CapacityPolicy::manual_default()
    };
    set_capacity(&mut app, day, tiny);
    let booked = appointments::booked_minutes(app.fx.store.conn(), day).unwrap();
    let before = count_all(&app);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "2026-11-26", "09:00", "3");
    app.press("C-s");
    let e = field_error(&app, BookingField::Hours).expect("refused next to the hours");
    assert!(
        e.contains("of 2 h booked") && e.contains("needs 3 h"),
        "{e} (booked {booked} min)"
    );
    assert!(
        app.model
            .screens
            .appointments
            .booking
            .as_ref()
            .unwrap()
            .form
            .is_hidden(BookingField::Override),
        "an advisor may not override"
    );
    assert_eq!(count_all(&app), before, "nothing saved");
}

#[test]
fn a_supervisor_overrides_a_full_day_with_a_reason_that_is_recorded() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    as_staff(&mut app, "S01");
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let tiny = CapacityPolicy {
        technicians: 1,
        minutes_per_tech: 240,
        booking_rate_pct: 50,
        ..CapacityPolicy::manual_default()
    };
    set_capacity(&mut app, day, tiny);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "2026-11-26", "09:00", "3");
    app.press("C-s");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert!(
        !b.form.is_hidden(BookingField::Override),
        "the reason field appears"
    );
    assert_eq!(b.form.focused(), Some(BookingField::Override));
    assert!(
        field_error(&app, BookingField::Hours)
            .unwrap()
            .contains("请填写原因")
    );
    app.type_text("召回件已到，客户只能这天来");
    app.press("C-s");
    assert!(
        app.model.screens.appointments.booking.is_none(),
        "{:?}",
        app.model.shell.note
    );
    let row = appointments::list_day(app.fx.store.conn(), day)
        .unwrap()
        .into_iter()
        .find(|r| r.vehicle_id == v.id)
        .unwrap();
    assert_eq!(
        row.override_reason.as_deref(),
        Some("召回件已到，客户只能这天来")
    );
    assert_eq!(
        row.override_by,
        app.model.shell.staff.as_ref().map(|s| s.id)
    );
}

#[test]
fn bad_input_gets_a_message_next_to_the_field_and_saves_nothing() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    set_capacity(
        &mut app,
        sunday,
        CapacityPolicy {
            closed: true,
            ..CapacityPolicy::manual_default()
        },
    );
    let before = count_all(&app);
    let v = quiet_vehicle(&app);
    for (day, time, hours, field, needle) in [
        (
            "2026-11-22",
            "10:00",
            "1",
            BookingField::Time,
            "already passed",
        ),
        (
            "2026-11-23",
            "08:00",
            "1",
            BookingField::Time,
            "already passed",
        ),
        ("2026-11-29", "10:00", "1", BookingField::Day, "closed"),
        (
            "11-25",
            "10:00",
            "0",
            BookingField::Hours,
            "greater than zero",
        ),
        (
            "11-25",
            "10:00",
            "12",
            BookingField::Hours,
            "longer than the working day",
        ),
        ("11-25", "07:00", "1", BookingField::Time, "opening hours"),
        ("11-25", "18:00", "1", BookingField::Time, "opening hours"),
        ("11-25", "25:00", "1", BookingField::Time, "not a time"),
        ("31-31", "10:00", "1", BookingField::Day, "not a date"),
        (
            "11-25",
            "10:00",
            "abc",
            BookingField::Hours,
            "not a number of hours",
        ),
    ] {
        book_details(&mut app, &v.plate, day, time, hours);
        app.press("C-s");
        let e = field_error(&app, field)
            .unwrap_or_else(|| panic!("{day} {time} {hours}: no error on field {field:?}"));
        assert!(e.contains(needle), "{day} {time} {hours}: {e}");
        assert!(app.screen().contains(needle), "the message is on screen");
        app.model.screens.appointments.booking = None;
    }
    assert_eq!(count_all(&app), before, "nothing saved");
}

#[test]
fn a_new_customer_with_an_odd_plate_is_booked_once_the_plate_is_kept_and_flagged() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 n");
    app.type_text("Zhou Xun");
    app.press("Down Enter"); // no hits: the "new customer" row
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(b.step, Step::Details);
    assert_eq!(
        b.form.text(BookingField::Name),
        "Zhou Xun",
        "what was typed is carried over"
    );
    app.press("Tab");
    app.type_text("138-0013-8000");
    app.press("Tab");
    app.type_text("TEMP 88");
    // A vehicle needs a make and a model: refused without one.
    app.press("C-s");
    assert!(field_error(&app, BookingField::Model).is_some());
    // The focus is on the vehicle now; the catalog proposes as it is typed.
    app.type_text("帕萨");
    app.press("Enter");
    assert_eq!(
        app.model
            .screens
            .appointments
            .booking
            .as_ref()
            .unwrap()
            .form
            .text(BookingField::Model),
        "大众 帕萨特",
        "Enter takes the catalog's completion"
    );
    app.press("C-s");
    // Not a standard plate: asked first; "n" goes back to correct it.
    let s = app.screen();
    assert!(s.contains("TEMP88 is not a standard plate"), "{s}");
    app.press("n");
    assert!(app.model.screens.appointments.booking.is_some());
    app.press("C-s y");
    assert!(
        app.model.screens.appointments.booking.is_none(),
        "{:?}",
        app.model
            .screens
            .appointments
            .booking
            .as_ref()
            .map(|b| &b.form)
    );
    let v = customers::vehicle_by_plate(app.fx.store.conn(), "TEMP88")
        .unwrap()
        .expect("vehicle created");
    assert!(
        v.plate_flagged,
        "a plate that does not look like a plate is allowed but flagged"
    );
    assert_eq!(
        (v.make.as_deref(), v.model.as_deref()),
        (Some("大众"), Some("帕萨特"))
    );
    let c = customers::customer(app.fx.store.conn(), v.customer_id)
        .unwrap()
        .unwrap();
    assert_eq!(c.phone.as_deref(), Some("13800138000"));

    // A bad phone keeps everything unsaved.
    let before = customers::all_customers(app.fx.store.conn()).unwrap().len();
    app.press("n");
    app.type_text("Li Lei");
    app.press("Enter Tab");
    app.type_text("12345");
    app.press("Tab");
    app.type_text("粤B99X11");
    app.press("C-s");
    assert!(field_error(&app, BookingField::Phone).is_some());
    assert_eq!(
        customers::all_customers(app.fx.store.conn()).unwrap().len(),
        before
    );
}

#[test]
fn warnings_for_a_second_booking_of_the_same_car_and_a_wait_over_three_days() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "11-25", "09:00", "1");
    app.press("C-s");
    book_details(&mut app, &v.plate, "11-25", "14:00", "1");
    assert!(
        app.screen().contains("already booked that day at 09:00"),
        "{}",
        app.screen()
    );
    // Fill the next four days: the first day with room is 5 days away.
    for d in 0..5 {
        let p = CapacityPolicy {
            technicians: 1,
            minutes_per_tech: 60,
            booking_rate_pct: 1,
            ..CapacityPolicy::manual_default()
        };
        set_capacity(&mut app, today() + Duration::days(d), p);
    }
    app.model.screens.appointments.booking = None;
    book_details(&mut app, &v.plate, "11-25", "14:00", "1");
    assert!(app.screen().contains("5 days away"), "{}", app.screen());
}

#[test]
fn state_changes_from_the_board_follow_the_rules_and_are_audited() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "11-23", "15:00", "1");
    app.press("C-s");
    let idx = |app: &App| {
        app.model
            .screens
            .appointments
            .list
            .rows
            .iter()
            .position(|r| r.vehicle_id == v.id)
            .unwrap()
    };
    let i = idx(&app);
    app.model.screens.appointments.list.selected = i;
    app.press("c");
    assert_eq!(
        app.model.screens.appointments.list.rows[idx(&app)].state,
        AppointmentState::Confirmed
    );
    app.press("a");
    let row = app.model.screens.appointments.list.rows[idx(&app)].clone();
    assert_eq!(row.state, AppointmentState::Arrived);
    // arrived → confirmed is refused, with the states named.
    app.press("c");
    let wide = app.draw(120, 40).0;
    assert!(
        wide.contains("cannot go from Arrived to Confirmed"),
        "{wide}"
    );
    assert_eq!(
        app.model.screens.appointments.list.rows[idx(&app)].state,
        AppointmentState::Arrived
    );
    // Cancelling asks first; n keeps it.
    app.press("x");
    assert!(app.screen().contains("Cancel the appointment of"));
    app.press("n");
    assert_eq!(
        app.model.screens.appointments.list.rows[idx(&app)].state,
        AppointmentState::Arrived
    );
    app.press("x y");
    assert_eq!(
        app.model.screens.appointments.list.rows[idx(&app)].state,
        AppointmentState::Cancelled
    );
    let log = audit::recent(app.fx.store.conn(), Some(("appointments", row.id)), 10).unwrap();
    assert!(
        log.len() >= 4,
        "booked, confirmed, arrived, cancelled: {log:?}"
    );
}

#[test]
fn reminders_for_the_next_open_day_record_the_outcome() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 m");
    assert_eq!(app.model.screens.appointments.view, View::Reminders);
    let day = app
        .model
        .screens
        .appointments
        .reminder_day
        .expect("a day to remind");
    assert_eq!(day, today() + Duration::days(1));
    let due = app.model.screens.appointments.reminders.rows.len();
    assert!(due > 0, "demo has appointments to remind tomorrow");
    let first = app.model.screens.appointments.reminders.rows[0].clone();
    app.press("c");
    app.type_text("will come at 9");
    app.press("Enter");
    let row = appointments::get(app.fx.store.conn(), first.id)
        .unwrap()
        .unwrap();
    assert_eq!(row.reminder_outcome, Some(ReminderOutcome::Confirmed));
    assert_eq!(row.reminder_note.as_deref(), Some("will come at 9"));
    assert!(row.reminded_at.is_some());
    assert_eq!(
        app.model.screens.appointments.reminders.rows.len(),
        due - 1,
        "reminded ones leave the list"
    );
    app.press("u Enter");
    assert_eq!(app.model.screens.appointments.reminders.rows.len(), due - 2);
}

#[test]
fn week_overview_go_to_date_and_capacity_settings() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 w");
    assert_eq!(app.model.screens.appointments.week.len(), 7);
    assert!(app.screen().contains("Week from 2026-11-23"));
    app.press("w g");
    app.type_text("+2");
    app.press("Enter");
    assert_eq!(
        app.model.screens.appointments.day,
        today() + Duration::days(2)
    );
    // An advisor may not change capacity.
    app.press("e");
    assert!(app.screen().contains("Only a supervisor or manager"));
    as_staff(&mut app, "S01");
    app.press("e");
    let p = app
        .model
        .screens
        .appointments
        .prompt
        .as_mut()
        .expect("capacity form");
    let Prompt::Capacity { form, .. } = p else {
        panic!("capacity form");
    };
    form.set_text(CapField::Techs, "6");
    app.press("C-s");
    let policy = appointments::policy_for(
        app.fx.store.conn(),
        today() + Duration::days(2),
        &CapacityPolicy::manual_default(),
    )
    .unwrap();
    assert_eq!(policy.technicians, 6);
    assert_eq!(
        app.model
            .screens
            .appointments
            .load
            .unwrap()
            .policy
            .bookable_minutes(),
        6 * 480 * 80 / 100
    );
}

#[test]
fn reschedule_keeps_the_history() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "11-24", "11:00", "2");
    app.press("C-s");
    let old = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .find(|r| r.vehicle_id == v.id)
        .unwrap()
        .clone();
    app.model.screens.appointments.list.selected = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .position(|r| r.id == old.id)
        .unwrap();
    app.press("r");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(
        b.form.text(BookingField::Hours),
        "2",
        "prefilled from the old booking"
    );
    clear(&mut app, BookingField::Day);
    app.type_text("11-27");
    app.press("C-s");
    let old_now = appointments::get(app.fx.store.conn(), old.id)
        .unwrap()
        .unwrap();
    assert_eq!(old_now.state, AppointmentState::Rescheduled);
    let new = appointments::list_day(
        app.fx.store.conn(),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
    .into_iter()
    .find(|r| r.vehicle_id == v.id)
    .unwrap();
    assert_eq!(new.rescheduled_from, Some(old.id));
    assert_eq!(new.est_minutes, 120);
}

#[test]
fn leaving_a_booking_with_unsaved_input_asks_first() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "11-25", "10:00", "1");
    app.press("Esc");
    assert!(app.screen().contains("Discard what you typed"));
    app.press("n");
    assert!(app.model.screens.appointments.booking.is_some());
    app.press("Esc y");
    assert!(app.model.screens.appointments.booking.is_none());
    assert_eq!(app.model.shell.panel, ScreenId::Appointments);
}

fn snap(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        setup(&mut app);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), app.draw(w, h).0);
        }
    }
}

#[test]
fn snapshot_day_board() {
    snap("appt_day", |app| app.press("F4 Right"));
}

#[test]
fn snapshot_week_overview() {
    snap("appt_week", |app| app.press("F4 w"));
}

#[test]
fn snapshot_reminders() {
    snap("appt_reminders", |app| app.press("F4 m"));
}

#[test]
fn snapshot_booking_find_and_details() {
    snap("appt_find", |app| {
        app.press("F4 n");
        app.type_text("B1");
    });
    snap("appt_details", |app| {
        let v = quiet_vehicle(app);
        book_details(app, &v.plate, "11-25", "10:30", "1.5");
    });
}

#[test]
fn export_carries_overrides_reminders_and_reschedules() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    as_staff(&mut app, "S01");
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let tiny = CapacityPolicy {
        technicians: 1,
        minutes_per_tech: 240,
        booking_rate_pct: 50,
        ..CapacityPolicy::manual_default()
    };
    set_capacity(&mut app, day, tiny);
    let v = quiet_vehicle(&app);
    book_details(&mut app, &v.plate, "2026-11-26", "09:00", "3");
    app.press("C-s");
    app.type_text("parts arrive that day");
    app.press("C-s");
    let mut out = Vec::new();
    frontdesk::export::export(
        &mut app.fx.store,
        frontdesk::export::ExportWhat::Appointments,
        frontdesk::export::ExportFormat::Json,
        false,
        app.model.shell.zone,
        &mut out,
    )
    .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let mine = rows
        .iter()
        .find(|r| r["vehicle_id"] == v.id && r["day"] == "2026-11-26")
        .expect("exported");
    assert_eq!(mine["override_reason"], "parts arrive that day");
    assert!(mine["override_by"].is_number());
    for key in [
        "reminded_at",
        "reminder_outcome",
        "reminder_note",
        "rescheduled_from",
        "state",
        "starts_at",
        "est_minutes",
    ] {
        assert!(mine.get(key).is_some(), "export lacks {key}");
    }
    assert!(
        rows.iter().any(|r| r["reminder_outcome"].is_string()),
        "demo reminders are exported"
    );
    assert!(
        rows.iter().any(|r| r["rescheduled_from"].is_number()),
        "demo reschedules are exported"
    );
}
