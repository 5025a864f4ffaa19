//! Appointments in the store: the capacity check under concurrency, overrides, state
//! transitions, reminders, the week overview and the first free day. Temp-file databases
//! only.

mod engine;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use frontdesk::domain::appointment::CapacityPolicy;
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, PartsStatus, ReminderOutcome,
    ServiceType, StaffRole,
};
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, Store, StoreError, audit, testing, ts};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn policy() -> CapacityPolicy {
    CapacityPolicy::manual_default()
}

struct Shop {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    manager: i64,
    supervisor: i64,
    advisor: i64,
    car: Car,
}

/// A customer and their vehicle.
#[derive(Debug, Clone, Copy)]
struct Car {
    customer: i64,
    vehicle: i64,
}

fn staff_member(
    store: &mut Store,
    by: Option<i64>,
    code: &str,
    name: &str,
    role: StaffRole,
) -> i64 {
    store
        .write(by, at(0, 0), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: code.into(),
                    name: name.into(),
                    role,
                },
            )
        })
        .unwrap()
}

/// A fresh database with a manager, a supervisor, an advisor and one customer with a car.
fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frontdesk.db");
    let mut store = engine::open_store(&path, Access::ReadWrite);
    let manager = staff_member(&mut store, None, "M01", "王经理", StaffRole::Manager);
    let supervisor = staff_member(
        &mut store,
        Some(manager),
        "S01",
        "李主管",
        StaffRole::Supervisor,
    );
    let advisor = staff_member(&mut store, Some(manager), "A01", "张伟", StaffRole::Advisor);
    let (customer, vehicle) = car(&mut store, advisor, "陈先生", "粤B12345");
    Shop {
        _dir: dir,
        path,
        store,
        manager,
        supervisor,
        advisor,
        car: Car { customer, vehicle },
    }
}

fn car(store: &mut Store, by: i64, name: &str, plate: &str) -> (i64, i64) {
    store
        .write(Some(by), at(0, 1), |tx| {
            let c = customers::create_customer(
                tx,
                &NewCustomer {
                    name: name.into(),
                    ..NewCustomer::default()
                },
            )?;
            let v = customers::create_vehicle(
                tx,
                &NewVehicle {
                    customer_id: c,
                    plate: plate.into(),
                    ..NewVehicle::default()
                },
            )?;
            Ok((c, v))
        })
        .unwrap()
}

fn appt(car: Car, day: NaiveDate, hh: u32, minutes: i64) -> NewAppointment {
    NewAppointment {
        customer_id: car.customer,
        vehicle_id: car.vehicle,
        day,
        // A UTC+8 shop: local hh:00 is (hh - 8):00 UTC on the same date.
        starts_at: day
            .and_time(NaiveTime::from_hms_opt(hh - 8, 0, 0).unwrap())
            .and_utc(),
        service: ServiceType::Maintenance,
        est_minutes: minutes,
        advisor_id: None,
        kind: AppointmentKind::Passive,
        channel: AppointmentChannel::Phone,
        parts: PartsStatus::NotNeeded,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: None,
        note: None,
        package_id: None,
    }
}

fn book(
    store: &mut Store,
    by: i64,
    new: &NewAppointment,
    reason: Option<&str>,
) -> Result<i64, StoreError> {
    store.write(Some(by), at(1, 0), |tx| {
        appointments::book(tx, new, &policy(), reason)
    })
}

/// Books `minutes` on `day` in pieces of at most 240 minutes, each a minute after the
/// last (the same car is never booked twice in one slot).
fn fill(shop: &mut Shop, day: NaiveDate, mut minutes: i64) {
    let mut k = 0;
    while minutes > 0 {
        let m = minutes.min(240);
        let mut new = appt(shop.car, day, 9, m);
        new.starts_at += chrono::Duration::minutes(k);
        book(&mut shop.store, shop.advisor, &new, None).unwrap();
        minutes -= m;
        k += 1;
    }
}

fn booked(store: &mut Store, day: NaiveDate) -> i64 {
    store
        .read(|c| appointments::booked_minutes(c, day))
        .unwrap()
}

fn audit_of(store: &mut Store, id: i64) -> Vec<audit::AuditEntry> {
    let mut v = store
        .read(|c| audit::recent(c, Some(("appointments", id)), 100))
        .unwrap();
    v.reverse();
    v
}

fn open(path: &Path) -> Store {
    engine::open_store(path, Access::ReadWrite)
}

#[test]
fn manual_default_books_3840_minutes() {
    assert_eq!(policy().bookable_minutes(), 3840);
}

#[test]
fn two_counters_booking_the_last_hours_at_once_get_exactly_one() {
    let mut shop = shop();
    for round in 0..10u64 {
        let day = day0() + Days::new(round);
        fill(&mut shop, day, 3600);
        assert_eq!(booked(&mut shop.store, day), 3600);

        let barrier = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                let path = shop.path.clone();
                let new = appt(shop.car, day, 14, 180);
                let advisor = shop.advisor;
                std::thread::spawn(move || {
                    let mut store = open(&path);
                    barrier.wait();
                    book(&mut store, advisor, &new, None)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();

        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {results:?}");
        let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        match refused {
            StoreError::OverCapacity {
                day: d,
                booked,
                bookable,
                requested,
            } => {
                assert_eq!(
                    (*d, *booked, *bookable, *requested),
                    (day, 3780, 3840, 180),
                    "round {round}"
                );
            }
            other => panic!("round {round}: expected OverCapacity, got {other:?}"),
        }
        assert_eq!(booked(&mut shop.store, day), 3780, "round {round}");
    }
}

/// Eight counters, each on its own connection, book the last four hours of a day at
/// once, an hour each: exactly four are taken, the others are refused as over capacity,
/// and the day ends exactly full (on SQLite and on PostgreSQL alike).
#[test]
fn eight_counters_booking_the_last_hours_at_once_fill_the_day_exactly() {
    let mut shop = shop();
    for round in 0..3u64 {
        let day = day0() + Days::new(20 + round);
        fill(&mut shop, day, 3600);
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8u32)
            .map(|i| {
                let barrier = Arc::clone(&barrier);
                let path = shop.path.clone();
                // 10:00, 10:07, … (each its own slot; fill's are at 09:00 on).
                let mut new = appt(shop.car, day, 10, 60);
                new.starts_at += chrono::Duration::minutes(7 * i64::from(i));
                let advisor = shop.advisor;
                std::thread::spawn(move || {
                    let mut store = open(&path);
                    barrier.wait();
                    book(&mut store, advisor, &new, None)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            4,
            "round {round}: {results:?}"
        );
        for r in results.iter().filter_map(|r| r.as_ref().err()) {
            assert!(
                matches!(
                    r,
                    StoreError::OverCapacity {
                        bookable: 3840,
                        requested: 60,
                        ..
                    }
                ),
                "round {round}: {r:?}"
            );
        }
        assert_eq!(booked(&mut shop.store, day), 3840, "round {round}");
    }
}

#[test]
fn a_booking_that_fits_exactly_is_taken_and_one_minute_more_is_refused() {
    let mut shop = shop();
    fill(&mut shop, day0(), 3600);
    let new = appt(shop.car, day0(), 10, 240);
    book(&mut shop.store, shop.advisor, &new, None).unwrap();
    let one = appt(shop.car, day0(), 11, 1);
    let err = book(&mut shop.store, shop.advisor, &one, None).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::OverCapacity {
                booked: 3840,
                bookable: 3840,
                requested: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("3840"), "{err}");
}

#[test]
fn override_needs_a_supervisor_and_a_reason_and_is_recorded() {
    let mut shop = shop();
    fill(&mut shop, day0(), 3780);
    let new = appt(shop.car, day0(), 15, 180);

    let err = book(&mut shop.store, shop.advisor, &new, Some("VIP customer")).unwrap_err();
    match &err {
        StoreError::NotAllowed(m) => {
            assert!(m.contains("supervisor"), "{m}");
            assert!(m.contains("张伟"), "{m}");
        }
        other => panic!("expected NotAllowed, got {other:?}"),
    }
    for blank in [None, Some(""), Some("   ")] {
        let err = book(&mut shop.store, shop.supervisor, &new, blank).unwrap_err();
        assert!(
            matches!(err, StoreError::OverCapacity { booked: 3780, .. }),
            "{blank:?}: {err:?}"
        );
    }
    assert_eq!(booked(&mut shop.store, day0()), 3780);

    let id = book(
        &mut shop.store,
        shop.supervisor,
        &new,
        Some("  recall campaign, parts on site  "),
    )
    .unwrap();
    let row = shop
        .store
        .read(|c| appointments::get(c, id))
        .unwrap()
        .unwrap();
    assert_eq!(
        row.override_reason.as_deref(),
        Some("recall campaign, parts on site")
    );
    assert_eq!(row.override_by, Some(shop.supervisor));
    assert_eq!(row.state, AppointmentState::Booked);
    assert_eq!(booked(&mut shop.store, day0()), 3960);

    let log = audit_of(&mut shop.store, id);
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "override"]);
    let over = &log[1];
    assert_eq!(over.staff_id, Some(shop.supervisor));
    assert_eq!(over.at, ts(at(1, 0)));
    let detail: serde_json::Value = serde_json::from_str(&over.detail).unwrap();
    assert_eq!(detail["reason"], "recall campaign, parts on site");
    assert_eq!(detail["booked"], 3780);
    assert_eq!(detail["bookable"], 3840);
    assert_eq!(detail["requested"], 180);

    // A manager may override too.
    let more = appt(shop.car, day0(), 16, 60);
    book(&mut shop.store, shop.manager, &more, Some("fleet customer")).unwrap();
}

#[test]
fn a_closed_day_takes_no_booking_even_with_an_override() {
    let mut shop = shop();
    let closed = CapacityPolicy {
        closed: true,
        ..policy()
    };
    shop.store
        .write(Some(shop.manager), at(0, 5), |tx| {
            appointments::set_policy(tx, day0(), &closed, Some("staff training"))
        })
        .unwrap();
    let new = appt(shop.car, day0(), 9, 60);
    let err = book(&mut shop.store, shop.advisor, &new, None).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::OverCapacity {
                booked: 0,
                bookable: 0,
                requested: 60,
                ..
            }
        ),
        "{err:?}"
    );
    let err = book(&mut shop.store, shop.manager, &new, Some("urgent")).unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("closed")),
        "{err:?}"
    );
    assert_eq!(booked(&mut shop.store, day0()), 0);
}

#[test]
fn policy_round_trips_and_a_bad_policy_is_refused() {
    let mut shop = shop();
    let default = policy();
    let got = shop
        .store
        .read(|c| appointments::policy_for(c, day0(), &default))
        .unwrap();
    assert_eq!(got, default);

    let small = CapacityPolicy {
        technicians: 3,
        minutes_per_tech: 420,
        productivity_pct: 90,
        booking_rate_pct: 60,
        opens_at: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes_at: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
        closed: false,
    };
    for _ in 0..2 {
        shop.store
            .write(Some(shop.manager), at(0, 5), |tx| {
                appointments::set_policy(tx, day0(), &small, Some("two off sick"))
            })
            .unwrap();
    }
    let got = shop
        .store
        .read(|c| appointments::policy_for(c, day0(), &default))
        .unwrap();
    assert_eq!(got, small);
    let stored = shop
        .store
        .read(|c| appointments::day_capacity(c, day0()))
        .unwrap()
        .unwrap();
    assert_eq!(stored.note.as_deref(), Some("two off sick"));
    assert_eq!(stored.opens_at, "09:00");
    let version: i64 = shop
        .store
        .conn()
        .query_row("SELECT version FROM day_capacity", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);

    let bad = CapacityPolicy {
        opens_at: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        ..small
    };
    let err = shop
        .store
        .write(Some(shop.manager), at(0, 6), |tx| {
            appointments::set_policy(tx, day0(), &bad, None)
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("18:00")),
        "{err:?}"
    );
}

#[test]
fn a_refused_transition_leaves_the_row_unchanged() {
    let mut shop = shop();
    let id = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 9, 60),
        None,
    )
    .unwrap();
    shop.store
        .write(Some(shop.advisor), at(2, 0), |tx| {
            appointments::set_state(tx, id, 1, AppointmentState::Cancelled)
        })
        .unwrap();
    let before = shop
        .store
        .read(|c| appointments::get(c, id))
        .unwrap()
        .unwrap();
    let audits = audit_of(&mut shop.store, id).len();

    for to in [
        AppointmentState::Arrived,
        AppointmentState::Booked,
        AppointmentState::Cancelled,
    ] {
        let err = shop
            .store
            .write(Some(shop.advisor), at(3, 0), |tx| {
                appointments::set_state(tx, id, 2, to)
            })
            .unwrap_err();
        match &err {
            StoreError::Transition { from, to: t, .. } => {
                assert_eq!((*from, *t), ("cancelled", to.as_str()));
                assert!(err.to_string().contains("cancelled"), "{err}");
            }
            other => panic!("expected Transition, got {other:?}"),
        }
    }
    let after = shop
        .store
        .read(|c| appointments::get(c, id))
        .unwrap()
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(audit_of(&mut shop.store, id).len(), audits);

    // A stale version is reported as a conflict, not as a rule.
    let err = shop
        .store
        .write(Some(shop.advisor), at(3, 0), |tx| {
            appointments::set_state(tx, id, 1, AppointmentState::Arrived)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");

    // A reminder cannot cancel an appointment that is already checked in.
    let id2 = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 10, 60),
        None,
    )
    .unwrap();
    for (v, to) in [
        (1, AppointmentState::Arrived),
        (2, AppointmentState::CheckedIn),
    ] {
        shop.store
            .write(Some(shop.advisor), at(4, 0), |tx| {
                appointments::set_state(tx, id2, v, to)
            })
            .unwrap();
    }
    let err = shop
        .store
        .write(Some(shop.advisor), at(5, 0), |tx| {
            appointments::record_reminder(tx, id2, 3, ReminderOutcome::Cancelled, None)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition { .. }), "{err:?}");
}

#[test]
fn each_allowed_state_change_is_audited_with_who_and_when() {
    let mut shop = shop();
    let id = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 9, 60),
        None,
    )
    .unwrap();
    let steps = [
        (shop.advisor, at(2, 0), AppointmentState::Confirmed),
        (shop.supervisor, at(3, 15), AppointmentState::Arrived),
        (shop.advisor, at(3, 20), AppointmentState::CheckedIn),
    ];
    for (v, (who, when, to)) in steps.iter().enumerate() {
        shop.store
            .write(Some(*who), *when, |tx| {
                appointments::set_state(tx, id, v as i64 + 1, *to)
            })
            .unwrap();
    }
    let row = shop
        .store
        .read(|c| appointments::get(c, id))
        .unwrap()
        .unwrap();
    assert_eq!(row.state, AppointmentState::CheckedIn);
    assert_eq!(row.version, 4);
    assert_eq!(row.updated_by, shop.advisor);
    assert_eq!(row.updated_at, at(3, 20));

    let log: Vec<_> = audit_of(&mut shop.store, id)
        .into_iter()
        .filter(|e| e.action == "state")
        .collect();
    assert_eq!(log.len(), 3);
    let mut from = "booked";
    for (e, (who, when, to)) in log.iter().zip(steps) {
        assert_eq!(e.staff_id, Some(who));
        assert_eq!(e.at, ts(when));
        let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap();
        assert_eq!(
            (d["from"].as_str(), d["to"].as_str()),
            (Some(from), Some(to.as_str()))
        );
        from = to.as_str();
    }
}

#[test]
fn reminders_due_lists_unreminded_live_bookings_by_time() {
    let mut shop = shop();
    let (c2, v2) = car(&mut shop.store, shop.advisor, "周女士", "粤B54321");
    let mut ids = Vec::new();
    for hh in [15, 9, 11, 13, 10] {
        ids.push(
            book(
                &mut shop.store,
                shop.advisor,
                &appt(shop.car, day0(), hh, 30),
                None,
            )
            .unwrap(),
        );
    }
    let other = NewAppointment {
        customer_id: c2,
        vehicle_id: v2,
        ..appt(shop.car, day0(), 12, 30)
    };
    let confirmed = book(&mut shop.store, shop.advisor, &other, None).unwrap();
    // ids: 15h, 9h, 11h, 13h, 10h.
    shop.store
        .write(Some(shop.advisor), at(2, 0), |tx| {
            appointments::record_reminder(tx, ids[2], 1, ReminderOutcome::Confirmed, None)?;
            appointments::record_reminder(tx, ids[3], 1, ReminderOutcome::Unreachable, None)?;
            appointments::set_state(tx, ids[4], 1, AppointmentState::Cancelled)?;
            appointments::set_state(tx, confirmed, 1, AppointmentState::Confirmed)
        })
        .unwrap();
    // Another day's booking is not due.
    book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0() + Days::new(1), 9, 30),
        None,
    )
    .unwrap();

    let due = shop
        .store
        .read(|c| appointments::reminders_due(c, day0()))
        .unwrap();
    let got: Vec<i64> = due.iter().map(|r| r.id).collect();
    assert_eq!(got, [ids[1], confirmed, ids[0]]);
    assert!(due.iter().all(|r| r.reminded_at.is_none()));
}

#[test]
fn week_matches_the_sum_of_live_minutes_per_day() {
    if engine::sqlite_only("3,000 bookings made by the SQLite bulk builder") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("bulk.db"));
    let first = day0();
    let manager = staff_member(&mut store, None, "M01", "王经理", StaffRole::Manager);
    testing::bulk_appointments(&mut store, 3_000, first, 10, 7).unwrap();
    let busy = CapacityPolicy {
        technicians: 20,
        ..policy()
    };
    store
        .write(Some(manager), at(0, 5), |tx| {
            appointments::set_policy(tx, first + Days::new(3), &busy, None)
        })
        .unwrap();

    // From two days before the data to two days after.
    let from = first - Days::new(2);
    let week = store
        .read(|c| appointments::week(c, from, 14, &policy()))
        .unwrap();
    assert_eq!(week.len(), 14);
    let mut total_rows = 0;
    for (i, (d, load)) in week.iter().enumerate() {
        assert_eq!(*d, from + Days::new(i as u64));
        let rows = store.read(|c| appointments::list_day(c, *d)).unwrap();
        total_rows += rows.len();
        let live: i64 = rows
            .iter()
            .filter(|r| {
                !matches!(
                    r.state,
                    AppointmentState::Cancelled
                        | AppointmentState::Rescheduled
                        | AppointmentState::NoShow
                )
            })
            .map(|r| r.est_minutes)
            .sum();
        assert_eq!(load.booked_minutes, live, "{d}");
        assert_eq!(
            load.booked_minutes,
            store.read(|c| appointments::booked_minutes(c, *d)).unwrap()
        );
        let expected = if *d == first + Days::new(3) {
            busy
        } else {
            policy()
        };
        assert_eq!(load.policy, expected, "{d}");
        if (2..12).contains(&i) {
            assert_eq!(rows.len(), 300, "{d}");
            assert!(live > 0);
        } else {
            assert_eq!(live, 0);
        }
    }
    assert_eq!(total_rows, 3_000);
    assert!(
        store
            .read(|c| appointments::week(c, from, 0, &policy()))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn first_free_day_skips_a_full_day_and_a_closed_day() {
    let mut shop = shop();
    let closed = CapacityPolicy {
        closed: true,
        ..policy()
    };
    shop.store
        .write(Some(shop.manager), at(0, 5), |tx| {
            appointments::set_policy(tx, day0() + Days::new(1), &closed, None)
        })
        .unwrap();
    fill(&mut shop, day0(), 3800);
    let free = |shop: &mut Shop, from: NaiveDate, minutes: i64| {
        shop.store
            .read(|c| appointments::first_free_day(c, from, minutes, &policy()))
            .unwrap()
    };
    // 40 minutes still fit on day 0; 60 do not; day 1 is closed.
    assert_eq!(free(&mut shop, day0(), 40), Some(day0()));
    assert_eq!(free(&mut shop, day0(), 60), Some(day0() + Days::new(2)));
    // Nothing fits more than a day's bookable minutes within the horizon.
    assert_eq!(free(&mut shop, day0(), 3841), None);

    // Fill the horizon's first 29 days: the 30th is the last one looked at.
    let mut shop2 = self::shop();
    for i in 0..29 {
        fill(&mut shop2, day0() + Days::new(i), 3840);
    }
    assert_eq!(free(&mut shop2, day0(), 60), Some(day0() + Days::new(29)));
    fill(&mut shop2, day0() + Days::new(29), 3840);
    assert_eq!(free(&mut shop2, day0(), 60), None);
}

#[test]
fn same_day_for_vehicle_finds_the_existing_booking() {
    let mut shop = shop();
    let first = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 9, 60),
        None,
    )
    .unwrap();
    let cancelled = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 8, 60),
        None,
    )
    .unwrap();
    shop.store
        .write(Some(shop.advisor), at(2, 0), |tx| {
            appointments::set_state(tx, cancelled, 1, AppointmentState::Cancelled)
        })
        .unwrap();
    book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0() + Days::new(1), 9, 60),
        None,
    )
    .unwrap();
    let (c2, v2) = car(&mut shop.store, shop.advisor, "周女士", "粤B54321");
    book(
        &mut shop.store,
        shop.advisor,
        &NewAppointment {
            customer_id: c2,
            vehicle_id: v2,
            ..appt(shop.car, day0(), 9, 60)
        },
        None,
    )
    .unwrap();

    let vehicle = shop.car.vehicle;
    let same = |shop: &mut Shop, except| {
        shop.store
            .read(|c| appointments::same_day_for_vehicle(c, vehicle, day0(), except))
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(same(&mut shop, None), [first]);
    assert_eq!(same(&mut shop, Some(first)), Vec::<i64>::new());
    assert_eq!(same(&mut shop, Some(cancelled)), [first]);
}

#[test]
fn reschedule_checked_frees_the_old_slot_and_checks_the_new_day() {
    let mut shop = shop();
    fill(&mut shop, day0(), 3600);
    let id = book(
        &mut shop.store,
        shop.advisor,
        &appt(shop.car, day0(), 14, 240),
        None,
    )
    .unwrap();
    // Moving within the full day: the old minutes leave first, so it fits.
    let moved = shop
        .store
        .write(Some(shop.advisor), at(2, 0), |tx| {
            appointments::reschedule_checked(
                tx,
                id,
                1,
                &appt(shop.car, day0(), 15, 240),
                &policy(),
                None,
            )
        })
        .unwrap();
    let row = shop
        .store
        .read(|c| appointments::get(c, moved))
        .unwrap()
        .unwrap();
    assert_eq!(row.rescheduled_from, Some(id));
    assert_eq!(booked(&mut shop.store, day0()), 3840);

    // Moving onto a full day is refused and leaves the old booking alone.
    fill(&mut shop, day0() + Days::new(1), 3840);
    let err = shop
        .store
        .write(Some(shop.advisor), at(3, 0), |tx| {
            appointments::reschedule_checked(
                tx,
                moved,
                1,
                &appt(shop.car, day0() + Days::new(1), 9, 60),
                &policy(),
                None,
            )
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::OverCapacity { .. }), "{err:?}");
    let row = shop
        .store
        .read(|c| appointments::get(c, moved))
        .unwrap()
        .unwrap();
    assert_eq!((row.state, row.version), (AppointmentState::Booked, 1));
}
