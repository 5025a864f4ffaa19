//! The counter day without traps (booking and search): plate digits find the car, the
//! form starts on the board's day at its first slot, the reminder list shows whom to
//! ring, the booking rate names its band, arrived / no-show wait for their day (and a
//! supervisor may undo a no-show), a job must end by closing time and the same car is
//! never booked twice in one slot.

mod support;

use chrono::{Duration, NaiveDate};
use frontdesk::app::RunMode;
use frontdesk::app::screens::appointments::{BookingField, Prompt, Step, View};
use frontdesk::domain::kinds::{AppointmentState, ServiceType};
use frontdesk::i18n::Lang;
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::{StoreError, audit, customers};
use support::app::{App, now};

fn today() -> NaiveDate {
    now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

#[test]
fn the_digits_of_a_plate_find_the_car_as_well_as_phone_tails() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = customers::all_vehicles(app.fx.store.conn())
        .unwrap()
        .into_iter()
        .find(|v| v.plate.chars().skip(2).all(|c| c.is_ascii_digit()) && v.plate.len() > 6)
        .expect("a plate with a digits-only serial");
    let digits: String = v.plate.chars().skip(2).collect();
    app.type_text(&digits);
    let hits = &app.model.screens.checkin.lookup.hits;
    assert_eq!(
        hits.first().and_then(|h| h.plate.clone()),
        Some(v.plate.clone()),
        "{digits} finds {} first: {hits:?}",
        v.plate
    );
    // A phone's last four digits still find its owner.
    let c = customers::all_customers(app.fx.store.conn())
        .unwrap()
        .into_iter()
        .find(|c| c.phone.is_some())
        .unwrap();
    let phone = c.phone.clone().unwrap();
    app.press("C-u");
    app.type_text(&phone[phone.len() - 4..]);
    assert!(
        app.model
            .screens
            .checkin
            .lookup
            .hits
            .iter()
            .any(|h| h.customer_id == c.id),
        "phone tail"
    );
}

#[test]
fn the_booking_form_starts_on_the_boards_day_at_its_first_slot() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 Right Right n Enter");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(b.step, Step::Details);
    let day = today() + Duration::days(2);
    assert_eq!(
        b.form.text(BookingField::Day),
        day.format("%Y-%m-%d").to_string()
    );
    assert_eq!(b.form.text(BookingField::Time), "08:30", "opening time");
    // Today: the first slot from now.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 n Enter");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(
        b.form.text(BookingField::Day),
        today().format("%Y-%m-%d").to_string()
    );
    assert_eq!(b.form.text(BookingField::Time), "09:00", "now is 09:00");
    // A day gone by: today.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 Left n Enter");
    let b = app.model.screens.appointments.booking.as_ref().unwrap();
    assert_eq!(
        b.form.text(BookingField::Day),
        today().format("%Y-%m-%d").to_string()
    );
}

#[test]
fn the_reminder_list_shows_whom_to_ring_and_esc_leaves_it() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 m");
    assert_eq!(app.model.screens.appointments.view, View::Reminders);
    let first = app.model.screens.appointments.reminders.rows[0].clone();
    let phone = frontdesk::fmt::phone_text(first.customer_phone.as_deref().unwrap());
    let s = app.screen();
    assert!(s.contains("Phone") && s.contains(&phone), "{s}");
    app.press("Esc");
    assert_eq!(app.model.screens.appointments.view, View::Day);
}

#[test]
fn the_booking_rate_is_against_the_bookable_hours_with_the_band_named() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4");
    let s = app.screen();
    assert!(
        s.contains("of 64 bookable h (") && s.contains("below the 60–80% band"),
        "{s}"
    );
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.press("F4");
    let s = app.screen();
    assert!(
        s.contains("可约 64 工时") && s.contains("低于 60–80% 区间"),
        "{s}"
    );
}

#[test]
fn arrived_and_no_show_wait_for_their_day_and_a_supervisor_may_undo_a_no_show() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F4 Right");
    let rows = &app.model.screens.appointments.list.rows;
    assert!(!rows.is_empty());
    let before = rows[0].clone();
    app.press("a");
    let note = app.i18n.note(app.model.shell.note.as_ref().unwrap());
    assert!(note.contains("has not come yet"), "{note}");
    app.press("s");
    let after = appointments::get(app.fx.store.conn(), before.id)
        .unwrap()
        .unwrap();
    assert_eq!(after.state, before.state, "nothing changed");
    // Today: a no-show is marked, then undone by a supervisor with a reason.
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
        .unwrap();
    app.model.screens.appointments.list.selected = i;
    let id = app.model.screens.appointments.list.rows[i].id;
    app.press("s");
    let row = appointments::get(app.fx.store.conn(), id).unwrap().unwrap();
    assert_eq!(row.state, AppointmentState::NoShow);
    // An advisor may not undo it.
    app.model.screens.appointments.list.selected = app
        .model
        .screens
        .appointments
        .list
        .rows
        .iter()
        .position(|r| r.id == id)
        .unwrap();
    app.press("s");
    assert!(app.model.screens.appointments.prompt.is_none());
    let note = app.i18n.note(app.model.shell.note.as_ref().unwrap());
    assert!(note.contains("Only a supervisor"), "{note}");
    app.sign_in_as("S01");
    app.press("s");
    assert!(matches!(
        app.model.screens.appointments.prompt,
        Some(Prompt::UndoNoShow { .. })
    ));
    // A reason is needed.
    app.press("Enter");
    assert!(app.model.screens.appointments.prompt.is_some());
    app.type_text("customer came 20 min late, was in the lounge");
    app.press("Enter");
    let row = appointments::get(app.fx.store.conn(), id).unwrap().unwrap();
    assert_eq!(row.state, AppointmentState::Booked);
    let log = audit::recent(app.fx.store.conn(), Some(("appointments", id)), 5).unwrap();
    let undo = log
        .iter()
        .find(|e| e.action == "undo_no_show")
        .expect("audited");
    assert!(undo.detail.to_string().contains("20 min late"), "{undo:?}");
}

/// A demo vehicle with nothing booked on `day`.
fn quiet_vehicle(app: &App, day: NaiveDate) -> customers::Vehicle {
    let busy: Vec<i64> = appointments::list_day(app.fx.store.conn(), day)
        .unwrap()
        .iter()
        .map(|a| a.vehicle_id)
        .collect();
    customers::all_vehicles(app.fx.store.conn())
        .unwrap()
        .into_iter()
        .find(|v| !busy.contains(&v.id) && !v.plate_flagged)
        .unwrap()
}

#[test]
fn a_job_must_end_by_closing_time() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let day = today() + Duration::days(3);
    let v = quiet_vehicle(&app, day);
    app.press("F4 Right Right Right n");
    app.type_text(&v.plate);
    app.press("Enter");
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.focus_on(BookingField::Time);
    app.type_text("16:00");
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.focus_on(BookingField::Hours);
    app.type_text("8");
    app.press("C-s");
    let b = app
        .model
        .screens
        .appointments
        .booking
        .as_ref()
        .expect("refused");
    let e = app
        .i18n
        .note(b.form.error(BookingField::Time).expect("next to the time"));
    assert!(
        e.contains("would end at") && e.contains("after closing"),
        "{e}"
    );
    assert!(
        appointments::list_day(app.fx.store.conn(), day)
            .unwrap()
            .iter()
            .all(|a| a.vehicle_id != v.id),
        "nothing saved"
    );
}

#[test]
fn the_same_car_is_never_booked_twice_in_one_slot() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let day = today() + Duration::days(3);
    let v = quiet_vehicle(&app, day);
    for round in 0..2 {
        // After the first booking the board shows its day.
        app.press(if round == 0 {
            "F4 Right Right Right n"
        } else {
            "n"
        });
        assert_eq!(app.model.screens.appointments.day, day);
        app.type_text(&v.plate);
        app.press("Enter");
        let b = app.model.screens.appointments.booking.as_mut().unwrap();
        b.form.focus_on(BookingField::Time);
        app.type_text("10:00");
        app.press("C-s");
        let same: Vec<_> = appointments::list_day(app.fx.store.conn(), day)
            .unwrap()
            .into_iter()
            .filter(|a| a.vehicle_id == v.id)
            .collect();
        assert_eq!(same.len(), 1, "round {round}");
        if round == 1 {
            let b = app
                .model
                .screens
                .appointments
                .booking
                .as_ref()
                .expect("refused");
            let e = app
                .i18n
                .note(b.form.error(BookingField::Time).expect("next to the time"));
            assert_eq!(e, "This car is already booked at 10:00 that day");
        }
        app.press("Esc y");
    }
    // The store refuses it too (another counter that had not seen the first booking).
    let a01 = frontdesk::store::staff::by_code(app.fx.store.conn(), "A01")
        .unwrap()
        .unwrap();
    let first = appointments::list_day(app.fx.store.conn(), day)
        .unwrap()
        .into_iter()
        .find(|a| a.vehicle_id == v.id)
        .unwrap();
    let err = appointments::save_booking(
        &mut app.fx.store,
        Some(a01.id),
        now(),
        &appointments::Booking {
            new_customer: None,
            appointment: NewAppointment {
                customer_id: first.customer_id,
                vehicle_id: v.id,
                day,
                starts_at: first.starts_at,
                service: ServiceType::Repair,
                est_minutes: 60,
                advisor_id: None,
                kind: first.kind,
                channel: first.channel,
                parts: first.parts,
                parts_expected_on: None,
                complaint_case: false,
                symptoms: None,
                note: None,
                package_id: None,
            },
            override_reason: None,
            reschedule_of: None,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { what: "slot", .. }),
        "{err:?}"
    );
}
