//! The booking form offers the catalog package for the vehicle's next service due
//! (issue 15): the mileage the last order recorded, or the next interval above the last
//! odometer reading; a new booking takes it (a maintenance of its labour hours), the
//! advisor may choose none; the check-in of that appointment starts with the package's
//! lines at the catalog's prices.

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::appointments::BookingField;
use frontdesk::domain::kinds::ServiceType;
use frontdesk::i18n::Lang;
use frontdesk::store::catalog::due::{self, DueFrom};
use frontdesk::store::{appointments, customers};
use support::app::App;

const RATE: i64 = 30_000;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A demo vehicle with no appointment today.
fn vehicle_not_expected(app: &App) -> customers::Vehicle {
    let busy: Vec<i64> = appointments::list_day(app.fx.store.conn(), today())
        .unwrap()
        .iter()
        .map(|a| a.vehicle_id)
        .collect();
    customers::all_vehicles(app.fx.store.conn())
        .unwrap()
        .into_iter()
        .find(|v| {
            !busy.contains(&v.id) && v.plate.starts_with('粤') && v.last_odometer_km.is_some()
        })
        .expect("a demo vehicle")
}

fn booking(app: &App) -> &frontdesk::app::screens::appointments::booking::BookingForm {
    app.model.screens.appointments.booking.as_ref().unwrap()
}

/// The booking form for `plate`, at today `time`.
fn open_booking(app: &mut App, plate: &str, time: &str) {
    app.press("F4 n");
    app.type_text(&plate.chars().skip(1).collect::<String>());
    app.press("Enter");
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.set_text(BookingField::Time, time);
}

#[test]
fn the_due_mileage_is_the_recorded_one_or_the_next_interval_above_the_odometer() {
    let app = App::demo(Lang::En, RunMode::Console);
    let c = app.fx.store.conn();
    let mut recorded = 0;
    let mut estimated = 0;
    for v in customers::all_vehicles(c).unwrap() {
        let Some(d) = app.fx.store.catalog_due(v.id, RATE).unwrap() else {
            continue;
        };
        let lines = app.fx.store.catalog_package(d.package_id).unwrap();
        assert_eq!(due::totals(&lines, RATE).0, d.total_cents);
        match &d.from {
            DueFrom::Order(number) => {
                let km: Option<i64> = c
                    .query_row(
                        "SELECT next_service_km FROM repair_orders WHERE number = ?1",
                        [number],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!((km.unwrap() - d.due_km).abs() <= 2_500, "{d:?} {km:?}");
                recorded += 1;
            }
            DueFrom::Odometer(last) => {
                assert_eq!(Some(*last), v.last_odometer_km);
                assert!(d.due_km > *last && d.due_km - last <= 5_000, "{d:?}");
                estimated += 1;
            }
        }
        // The package is for that mileage, or repeats into it.
        let km: i64 = c
            .query_row(
                "SELECT due_km FROM catalog_packages WHERE id = ?1",
                [d.package_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(d.due_km % km, 0, "{d:?}");
    }
    assert!(recorded > 0 && estimated > 0, "{recorded} {estimated}");
}

#[test]
fn a_booking_takes_the_due_package_and_its_check_in_starts_with_its_lines() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        let v = vehicle_not_expected(&app);
        let due = app
            .fx
            .store
            .catalog_due(v.id, RATE)
            .unwrap()
            .expect("a due package");
        open_booking(&mut app, &v.plate, "10:00");
        let b = booking(&app);
        assert!(!b.form.is_hidden(BookingField::Package));
        assert_eq!(b.form.choice(BookingField::Package), 1, "offered and taken");
        assert_eq!(
            ServiceType::ALL[b.form.choice(BookingField::Service)],
            ServiceType::Maintenance
        );
        assert_eq!(
            b.form.text(BookingField::Hours),
            frontdesk::app::screens::catalog::qty_text(due.labour_centi)
        );
        let s = app.draw(120, 40).0;
        assert!(s.contains(&due.code), "{s}");
        let km = match lang {
            Lang::En => "next service due at",
            Lang::ZhCn => "下次保养",
        };
        assert!(s.contains(km), "{s}");
        app.press("C-s");
        assert!(
            app.model.screens.appointments.booking.is_none(),
            "{}",
            app.screen()
        );
        let row = appointments::list_day(app.fx.store.conn(), today())
            .unwrap()
            .into_iter()
            .find(|a| a.vehicle_id == v.id)
            .expect("booked today");
        assert_eq!(row.package_id, Some(due.package_id));

        // At the counter: the arrival's check-in starts with the package's lines.
        app.press("F1");
        let at = app
            .model
            .screens
            .checkin
            .arrivals
            .iter()
            .position(|a| a.id == row.id)
            .expect("expected today");
        app.model.screens.checkin.arrival = at;
        app.press("Enter");
        if app.flow().comeback_candidate.is_some() {
            app.press("n");
        }
        let lines = app.fx.store.catalog_package(due.package_id).unwrap();
        let f = app.flow();
        assert_eq!(f.lines.len(), lines.len());
        for (got, l) in f.lines.iter().zip(&lines) {
            assert_eq!(got.catalog_price_cents, Some(got.unit_price_cents));
            assert_eq!(got.catalog_code.as_deref(), Some(l.code.as_str()));
            assert_eq!(
                got.description,
                frontdesk::app::widgets::catalog_offer::name(lang, &l.name_zh, &l.name_en)
            );
        }
        assert_eq!(f.totals().customer_cents, due.total_cents);
    }
}

#[test]
fn the_advisor_may_book_without_the_package() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let v = vehicle_not_expected(&app);
    open_booking(&mut app, &v.plate, "10:30");
    let b = app.model.screens.appointments.booking.as_mut().unwrap();
    b.form.focus_on(BookingField::Package);
    app.press("Down");
    assert_eq!(booking(&app).form.choice(BookingField::Package), 0);
    app.press("C-s");
    let row = appointments::list_day(app.fx.store.conn(), today())
        .unwrap()
        .into_iter()
        .find(|a| a.vehicle_id == v.id)
        .expect("booked");
    assert_eq!(row.package_id, None);
}
