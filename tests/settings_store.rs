//! Shop settings and staff administration in the store: role checks inside the
//! transaction, audit rows with old and new values, version conflicts, the config
//! takeover (once), holidays and weekday hours in the appointment board's capacity, and
//! PINs. Temp-file databases only.

mod engine;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use frontdesk::domain::appointment::DayDefaults;
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, PartsStatus, ServiceType, StaffRole,
};
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::settings::{self, Legacy, ShopSettings};
use frontdesk::store::staff::{self, NewStaff, SignIn};
use frontdesk::store::{Access, Store, StoreError, audit};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    manager: i64,
    supervisor: i64,
    advisor: i64,
}

fn new(code: &str, name: &str, role: StaffRole) -> NewStaff {
    NewStaff {
        code: code.into(),
        name: name.into(),
        role,
    }
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.sqlite");
    let mut store = engine::open_store(&path, Access::ReadWrite);
    let manager = staff::add(
        &mut store,
        None,
        at(0, 0),
        &new("M01", "王经理", StaffRole::Manager),
    )
    .unwrap()
    .id;
    let supervisor = staff::add(
        &mut store,
        Some(manager),
        at(0, 0),
        &new("S01", "李主管", StaffRole::Supervisor),
    )
    .unwrap()
    .id;
    let advisor = staff::add(
        &mut store,
        Some(manager),
        at(0, 0),
        &new("A01", "张伟", StaffRole::Advisor),
    )
    .unwrap()
    .id;
    Shop {
        _dir: dir,
        store,
        manager,
        supervisor,
        advisor,
    }
}

fn load(store: &mut Store) -> ShopSettings {
    store.read(settings::load).unwrap()
}

fn last_audit(store: &Store) -> audit::AuditEntry {
    audit::recent(store.conn(), None, 1).unwrap().remove(0)
}

#[test]
fn nothing_stored_reads_as_the_documented_defaults() {
    let mut s = shop();
    let d = load(&mut s.store);
    assert_eq!(d.time_zone, chrono_tz::Asia::Shanghai);
    assert!(!d.zone_stored());
    assert_eq!(d.labour_rate_cents, 30_000);
    assert_eq!(d.comeback_days, 30);
    let p = d.policy_on(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
    assert!(!p.closed, "open every day by default");
    assert_eq!(p.bookable_minutes(), 64 * 60);
    assert_eq!(p.opens_at, NaiveTime::from_hms_opt(8, 30, 0).unwrap());
}

#[test]
fn only_an_active_manager_or_supervisor_changes_settings_and_every_change_is_audited() {
    let mut s = shop();
    let mut edit = load(&mut s.store);
    edit.labour_rate_cents = 28_050;
    edit.time_zone = chrono_tz::Europe::Berlin;
    let e = settings::save(&mut s.store, Some(s.advisor), at(1, 0), &edit).unwrap_err();
    assert!(
        matches!(&e, StoreError::NotAllowed(m) if m.contains("张伟 (A01)")),
        "{e}"
    );
    let e = settings::save(&mut s.store, None, at(1, 0), &edit).unwrap_err();
    assert!(matches!(e, StoreError::NotAllowed(_)), "{e}");
    assert!(!load(&mut s.store).zone_stored(), "nothing saved half-way");

    let saved = settings::save(&mut s.store, Some(s.supervisor), at(1, 0), &edit).unwrap();
    assert_eq!(saved.labour_rate_cents, 28_050);
    assert_eq!(saved.time_zone, chrono_tz::Europe::Berlin);
    let a = last_audit(&s.store);
    assert_eq!(
        (a.action.as_str(), a.entity.as_str()),
        ("update", "shop_settings")
    );
    assert_eq!(a.staff_id, Some(s.supervisor));
    let d: serde_json::Value = serde_json::from_str(&a.detail).unwrap();
    assert_eq!(d["labour_rate_cents"]["from"], serde_json::Value::Null);
    assert_eq!(d["labour_rate_cents"]["to"], "28050");
    assert_eq!(d["time_zone"]["to"], "Europe/Berlin");

    // A second change records the old value.
    let mut again = saved.clone();
    again.labour_rate_cents = 31_000;
    settings::save(&mut s.store, Some(s.manager), at(1, 5), &again).unwrap();
    let d: serde_json::Value = serde_json::from_str(&last_audit(&s.store).detail).unwrap();
    assert_eq!(d["labour_rate_cents"]["from"], "28050");
    assert_eq!(d["labour_rate_cents"]["to"], "31000");
    assert!(
        d.get("time_zone").is_none(),
        "unchanged values are not listed"
    );

    // A deactivated supervisor may no longer change anything.
    let sup = staff::by_id(s.store.conn(), s.supervisor).unwrap().unwrap();
    staff::change_active(
        &mut s.store,
        Some(s.manager),
        at(2, 0),
        sup.id,
        sup.version,
        false,
    )
    .unwrap();
    let mut late = load(&mut s.store);
    late.comeback_days = 10;
    let e = settings::save(&mut s.store, Some(s.supervisor), at(2, 1), &late).unwrap_err();
    assert!(
        matches!(&e, StoreError::NotAllowed(m) if m.contains("no longer active")),
        "{e}"
    );
}

#[test]
fn a_save_based_on_older_settings_is_a_conflict_naming_who_changed_them() {
    let mut s = shop();
    let mut a = load(&mut s.store);
    let mut b = a.clone();
    a.comeback_days = 45;
    settings::save(&mut s.store, Some(s.supervisor), at(3, 0), &a).unwrap();
    b.labour_rate_cents = 1;
    let e = settings::save(&mut s.store, Some(s.manager), at(3, 1), &b).unwrap_err();
    match e {
        StoreError::Conflict { by, entity, .. } => {
            assert_eq!(by, "李主管");
            assert_eq!(entity, "shop_settings");
        }
        e => panic!("expected a conflict, got {e}"),
    }
    let now = load(&mut s.store);
    assert_eq!(now.comeback_days, 45);
    assert_eq!(
        now.labour_rate_cents, 30_000,
        "the stale save wrote nothing"
    );
}

#[test]
fn bad_values_are_refused_whole() {
    let mut s = shop();
    let mut e = load(&mut s.store);
    e.labour_rate_cents = 29_000;
    e.week.hours[0] = Some((
        NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    ));
    assert!(matches!(
        settings::save(&mut s.store, Some(s.manager), at(1, 0), &e),
        Err(StoreError::Invalid(_))
    ));
    let mut e = load(&mut s.store);
    e.week.capacity.booking_rate_pct = 120;
    assert!(matches!(
        settings::save(&mut s.store, Some(s.manager), at(1, 0), &e),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(load(&mut s.store).labour_rate_cents, 30_000);
}

#[test]
fn config_values_are_taken_over_once_and_later_config_changes_change_nothing() {
    let mut s = shop();
    let legacy = Legacy {
        time_zone: Some(chrono_tz::Europe::Berlin),
        labour_rate_cents: Some(25_000),
        comeback_days: None,
    };
    let taken = settings::take_over(&mut s.store, None, at(4, 0), &legacy).unwrap();
    assert_eq!(taken, vec![settings::TIME_ZONE, settings::LABOUR_RATE]);
    let a = last_audit(&s.store);
    assert_eq!((a.action.as_str(), a.staff_id), ("take_over", None));
    assert!(a.detail.contains("Europe/Berlin"), "{}", a.detail);
    let d = load(&mut s.store);
    assert_eq!(d.time_zone, chrono_tz::Europe::Berlin);
    assert_eq!(d.labour_rate_cents, 25_000);
    assert_eq!(
        settings::stored_zone(s.store.conn()).unwrap(),
        Some(frontdesk::clock::Zone::Named(chrono_tz::Europe::Berlin))
    );

    // The config changes later: nothing moves, and no audit row is written.
    let audits = audit::recent(s.store.conn(), None, 1000).unwrap().len();
    let later = Legacy {
        time_zone: Some(chrono_tz::America::New_York),
        labour_rate_cents: Some(99_900),
        comeback_days: None,
    };
    assert!(
        settings::take_over(&mut s.store, None, at(5, 0), &later)
            .unwrap()
            .is_empty()
    );
    assert_eq!(load(&mut s.store).time_zone, chrono_tz::Europe::Berlin);
    assert_eq!(load(&mut s.store).labour_rate_cents, 25_000);
    assert_eq!(
        audit::recent(s.store.conn(), None, 1000).unwrap().len(),
        audits
    );
    // A value the config adds later that the database lacks is still taken over.
    let more = Legacy {
        comeback_days: Some(14),
        ..later
    };
    assert_eq!(
        settings::take_over(&mut s.store, None, at(6, 0), &more).unwrap(),
        vec![settings::COMEBACK_DAYS]
    );
    assert_eq!(load(&mut s.store).time_zone, chrono_tz::Europe::Berlin);
}

fn car(store: &mut Store, by: i64) -> (i64, i64) {
    store
        .write(Some(by), at(0, 1), |tx| {
            let c = customers::create_customer(
                tx,
                &NewCustomer {
                    name: "陈先生".into(),
                    ..NewCustomer::default()
                },
            )?;
            let v = customers::create_vehicle(
                tx,
                &NewVehicle {
                    customer_id: c,
                    plate: "粤B12345".into(),
                    ..NewVehicle::default()
                },
            )?;
            Ok((c, v))
        })
        .unwrap()
}

#[test]
fn a_holiday_is_a_closed_day_with_no_bookable_minutes_and_weekday_hours_apply() {
    let mut s = shop();
    let holiday = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(); // a Thursday
    let e =
        settings::add_holiday(&mut s.store, Some(s.advisor), at(1, 0), holiday, None).unwrap_err();
    assert!(matches!(e, StoreError::NotAllowed(_)), "{e}");
    let h = settings::add_holiday(
        &mut s.store,
        Some(s.manager),
        at(1, 0),
        holiday,
        Some("感恩节"),
    )
    .unwrap();
    assert_eq!(last_audit(&s.store).action, "holiday_add");
    assert!(matches!(
        settings::add_holiday(&mut s.store, Some(s.manager), at(1, 1), holiday, None),
        Err(StoreError::Duplicate { .. })
    ));
    // Saturdays 09:00–15:00, Sundays closed.
    let mut e = load(&mut s.store);
    e.week.hours[5] = Some((
        NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
    ));
    e.week.hours[6] = None;
    settings::save(&mut s.store, Some(s.manager), at(1, 2), &e).unwrap();
    let cal = load(&mut s.store);
    assert_eq!(
        cal.holiday(holiday).and_then(|h| h.name.as_deref()),
        Some("感恩节")
    );

    let (_, load_day) = appointments::day_board(&mut s.store, holiday, &cal).unwrap();
    assert!(load_day.policy.closed);
    assert_eq!(load_day.policy.bookable_minutes(), 0);
    let week = appointments::week(
        s.store.conn(),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        7,
        &cal,
    )
    .unwrap();
    for (d, l) in &week {
        let closed = *d == holiday || d.weekday() == Weekday::Sun;
        assert_eq!(l.policy.closed, closed, "{d}");
        if d.weekday() == Weekday::Sat {
            assert_eq!(l.policy.opens_at, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
            assert_eq!(
                l.policy.closes_at,
                NaiveTime::from_hms_opt(15, 0, 0).unwrap()
            );
        }
    }

    // Booking on the holiday is refused in the booking's own transaction.
    let (customer_id, vehicle_id) = car(&mut s.store, s.advisor);
    let booking = NewAppointment {
        customer_id,
        vehicle_id,
        day: holiday,
        starts_at: Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap(),
        service: ServiceType::Maintenance,
        est_minutes: 60,
        advisor_id: None,
        kind: AppointmentKind::Passive,
        channel: AppointmentChannel::Phone,
        parts: PartsStatus::NotNeeded,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: None,
        note: None,
        package_id: None,
    };
    let r = s.store.write(Some(s.advisor), at(1, 3), |tx| {
        appointments::book(tx, &booking, &cal, None)
    });
    assert!(r.is_err(), "booked on a holiday");
    // The counter's booking reads the calendar inside its own transaction: a holiday saved
    // at another counter after this one loaded its settings is obeyed all the same.
    let err = appointments::save_booking(
        &mut s.store,
        Some(s.advisor),
        at(1, 3),
        &appointments::Booking {
            new_customer: None,
            appointment: booking.clone(),
            override_reason: None,
            reschedule_of: None,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::OverCapacity { bookable: 0, .. }),
        "{err:?}"
    );

    // Removed, the day opens as a Thursday again.
    settings::remove_holiday(&mut s.store, Some(s.supervisor), at(1, 4), h.id, h.version).unwrap();
    assert_eq!(last_audit(&s.store).action, "holiday_remove");
    let cal = load(&mut s.store);
    assert!(!cal.policy_on(holiday).closed);
    // Removing it again (stale version) is refused, not silently done twice.
    assert!(
        settings::remove_holiday(&mut s.store, Some(s.supervisor), at(1, 5), h.id, h.version)
            .is_err()
    );
}

#[test]
fn staff_administration_checks_roles_audits_and_detects_conflicts() {
    let mut s = shop();
    let e = staff::add(
        &mut s.store,
        Some(s.advisor),
        at(1, 0),
        &new("A05", "王芳", StaffRole::Advisor),
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::NotAllowed(_)), "{e}");
    assert!(matches!(
        staff::add(
            &mut s.store,
            None,
            at(1, 0),
            &new("A05", "王芳", StaffRole::Advisor)
        ),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        staff::add(
            &mut s.store,
            Some(s.manager),
            at(1, 0),
            &new("A 5", "王芳", StaffRole::Advisor)
        ),
        Err(StoreError::Invalid(_))
    ));
    let fang = staff::add(
        &mut s.store,
        Some(s.supervisor),
        at(1, 0),
        &new("a05", "王芳", StaffRole::Advisor),
    )
    .unwrap();
    assert_eq!(fang.code, "A05");
    assert!(fang.active && !fang.has_pin);
    assert_eq!(last_audit(&s.store).action, "create");

    let promoted = staff::change_role(
        &mut s.store,
        Some(s.manager),
        at(1, 1),
        fang.id,
        fang.version,
        StaffRole::Supervisor,
    )
    .unwrap();
    assert_eq!(promoted.role, StaffRole::Supervisor);
    let a = last_audit(&s.store);
    assert_eq!(a.action, "role");
    assert!(
        a.detail.contains("\"from\":\"advisor\"") && a.detail.contains("\"to\":\"supervisor\"")
    );
    // A change based on the old version is a conflict.
    let e = staff::change_active(
        &mut s.store,
        Some(s.supervisor),
        at(1, 2),
        fang.id,
        fang.version,
        false,
    )
    .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { by, .. } if by == "王经理"),
        "{e}"
    );

    let gone = staff::change_active(
        &mut s.store,
        Some(s.supervisor),
        at(1, 3),
        fang.id,
        promoted.version,
        false,
    )
    .unwrap();
    assert!(!gone.active);
    assert_eq!(last_audit(&s.store).action, "deactivate");
    // Deactivated: not among who may sign in, still named on records.
    assert!(
        staff::list(s.store.conn(), true)
            .unwrap()
            .iter()
            .all(|x| x.id != fang.id)
    );
    assert_eq!(
        staff::by_id(s.store.conn(), fang.id).unwrap().unwrap().name,
        "王芳"
    );
    assert_eq!(
        staff::sign_in_with_pin(&mut s.store, at(1, 4), fang.id, "1234").unwrap(),
        SignIn::Inactive
    );

    // Nobody deactivates themselves, and the last administrator stays.
    let me = staff::by_id(s.store.conn(), s.manager).unwrap().unwrap();
    assert!(matches!(
        staff::change_active(
            &mut s.store,
            Some(s.manager),
            at(1, 5),
            me.id,
            me.version,
            false
        ),
        Err(StoreError::NotAllowed(_))
    ));
    let sup = staff::by_id(s.store.conn(), s.supervisor).unwrap().unwrap();
    staff::change_role(
        &mut s.store,
        Some(s.manager),
        at(1, 6),
        sup.id,
        sup.version,
        StaffRole::Advisor,
    )
    .unwrap();
    let me = staff::by_id(s.store.conn(), s.manager).unwrap().unwrap();
    let e = staff::change_role(
        &mut s.store,
        Some(s.manager),
        at(1, 7),
        me.id,
        me.version,
        StaffRole::Advisor,
    )
    .unwrap_err();
    assert!(
        matches!(&e, StoreError::NotAllowed(m) if m.contains("no active manager")),
        "{e}"
    );
    assert_eq!(
        staff::by_id(s.store.conn(), s.manager)
            .unwrap()
            .unwrap()
            .role,
        StaffRole::Manager
    );
}

#[test]
fn a_pin_is_stored_hashed_a_wrong_one_is_refused_and_both_are_audited() {
    let mut s = shop();
    let a = staff::by_id(s.store.conn(), s.advisor).unwrap().unwrap();
    // Another advisor may not set it; the manager may; the PIN must be 4–12 digits.
    assert!(matches!(
        staff::set_pin(
            &mut s.store,
            Some(s.supervisor),
            at(1, 0),
            a.id,
            a.version,
            Some("12ab")
        ),
        Err(StoreError::Invalid(_))
    ));
    let a = staff::set_pin(
        &mut s.store,
        Some(s.manager),
        at(1, 0),
        a.id,
        a.version,
        Some("2468"),
    )
    .unwrap();
    assert!(a.has_pin);
    let hash: String = s
        .store
        .conn()
        .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [a.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("2468"));
    let set = last_audit(&s.store);
    assert_eq!(set.action, "pin_set");
    assert!(!set.detail.contains("2468") && !set.detail.contains("argon"));

    assert_eq!(
        staff::sign_in_with_pin(&mut s.store, at(2, 0), a.id, "1111").unwrap(),
        SignIn::WrongPin
    );
    let failed = last_audit(&s.store);
    assert_eq!(
        (failed.action.as_str(), failed.entity_id, failed.staff_id),
        ("sign_in_failed", Some(a.id), None)
    );
    assert!(!failed.detail.contains("1111"));
    match staff::sign_in_with_pin(&mut s.store, at(2, 1), a.id, "2468").unwrap() {
        SignIn::Ok(who) => assert_eq!(who.code, "A01"),
        other => panic!("{other:?}"),
    }
    let ok = last_audit(&s.store);
    assert_eq!((ok.action.as_str(), ok.staff_id), ("sign_in", Some(a.id)));

    // Cleared, the member chooses a new one at sign-in.
    let a = staff::by_id(s.store.conn(), s.advisor).unwrap().unwrap();
    staff::set_pin(
        &mut s.store,
        Some(s.advisor),
        at(3, 0),
        a.id,
        a.version,
        None,
    )
    .unwrap();
    assert_eq!(last_audit(&s.store).action, "pin_cleared");
    assert_eq!(
        staff::sign_in_with_pin(&mut s.store, at(3, 1), a.id, "2468").unwrap(),
        SignIn::NoPin
    );
    let a = staff::sign_in_choosing_pin(&mut s.store, at(3, 2), a.id, "13579").unwrap();
    assert!(a.has_pin);
    assert!(matches!(
        staff::sign_in_choosing_pin(&mut s.store, at(3, 3), a.id, "0000"),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        staff::sign_in_with_pin(&mut s.store, at(3, 4), a.id, "13579").unwrap(),
        SignIn::Ok(_)
    ));
}

#[test]
fn five_wrong_pins_in_a_row_lock_the_sign_in_for_fifteen_minutes() {
    let mut s = shop();
    let a = staff::by_id(s.store.conn(), s.advisor).unwrap().unwrap();
    let a = staff::set_pin(
        &mut s.store,
        Some(s.manager),
        at(1, 0),
        a.id,
        a.version,
        Some("2468"),
    )
    .unwrap();
    for m in 0..staff::MAX_WRONG_PINS as u32 {
        assert_eq!(
            staff::sign_in_with_pin(&mut s.store, at(2, m), a.id, "1111").unwrap(),
            SignIn::WrongPin
        );
    }
    // Even the right PIN waits now, and the refusal is audited.
    let until = at(2, 4) + chrono::Duration::minutes(staff::LOCK_MINUTES);
    assert_eq!(
        staff::sign_in_with_pin(&mut s.store, at(2, 10), a.id, "2468").unwrap(),
        SignIn::LockedOut { until }
    );
    assert_eq!(last_audit(&s.store).action, "sign_in_locked");
    // Fifteen minutes after the last wrong PIN the right one signs in again.
    assert!(matches!(
        staff::sign_in_with_pin(&mut s.store, until, a.id, "2468").unwrap(),
        SignIn::Ok(_)
    ));
    // Four wrong ones and a right one: no lock.
    for m in 0..4 {
        staff::sign_in_with_pin(&mut s.store, at(3, m), a.id, "1111").unwrap();
    }
    assert!(matches!(
        staff::sign_in_with_pin(&mut s.store, at(3, 5), a.id, "2468").unwrap(),
        SignIn::Ok(_)
    ));
    // A new PIN set by a manager ends a lock at once.
    for m in 0..5 {
        staff::sign_in_with_pin(&mut s.store, at(4, m), a.id, "1111").unwrap();
    }
    let a = staff::by_id(s.store.conn(), a.id).unwrap().unwrap();
    staff::set_pin(
        &mut s.store,
        Some(s.manager),
        at(4, 6),
        a.id,
        a.version,
        Some("1357"),
    )
    .unwrap();
    assert!(matches!(
        staff::sign_in_with_pin(&mut s.store, at(4, 7), a.id, "1357").unwrap(),
        SignIn::Ok(_)
    ));
}
