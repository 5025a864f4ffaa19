//! Check-in in the store: one transaction writes the repair order (with its daily
//! number), checks the appointment in and drops the draft, or does none of it; drafts per
//! staff member and kind; the vehicle's history. Temp-file databases only.

mod engine;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, FuelLevel, LineKind, PartsStatus,
    PaymentMethod, RepairOrderState, ServiceType, StaffRole, WaitingMode,
};
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, Store, StoreError, audit, drafts, testing};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open(path: &Path) -> Store {
    engine::open_store(path, Access::ReadWrite)
}

struct Shop {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    advisor: i64,
    other_advisor: i64,
    /// 王小明 and his 粤B12345 (last reading 30,000 km).
    customer: i64,
    vehicle: i64,
}

fn staff_member(store: &mut Store, by: Option<i64>, code: &str, name: &str) -> i64 {
    store
        .write(by, now() - Duration::days(30), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: code.into(),
                    name: name.into(),
                    role: StaffRole::Advisor,
                },
            )
        })
        .unwrap()
}

fn car(store: &mut Store, advisor: i64, name: &str, phone: &str, plate: &str) -> (i64, i64) {
    store
        .write(Some(advisor), now() - Duration::days(30), |tx| {
            let c = customers::create_customer(
                tx,
                &NewCustomer {
                    name: name.into(),
                    salutation: Some("mr".into()),
                    phone: Some(phone.into()),
                    ..Default::default()
                },
            )?;
            let v = customers::create_vehicle(
                tx,
                &NewVehicle {
                    customer_id: c,
                    plate: plate.into(),
                    make: Some("大众".into()),
                    model: Some("帕萨特".into()),
                    last_odometer_km: Some(30_000),
                    ..Default::default()
                },
            )?;
            Ok((c, v))
        })
        .unwrap()
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut store = open(&path);
    let advisor = staff_member(&mut store, None, "A01", "张伟");
    let other_advisor = staff_member(&mut store, Some(advisor), "A02", "李娜");
    let (customer, vehicle) = car(&mut store, advisor, "王小明", "13800138000", "粤B12345");
    Shop {
        _dir: dir,
        path,
        store,
        advisor,
        other_advisor,
        customer,
        vehicle,
    }
}

fn appointment(
    store: &mut Store,
    advisor: i64,
    customer: i64,
    vehicle: i64,
    state: AppointmentState,
) -> i64 {
    let new = NewAppointment {
        customer_id: customer,
        vehicle_id: vehicle,
        day: today(),
        starts_at: now() + Duration::minutes(30),
        service: ServiceType::Maintenance,
        est_minutes: 60,
        advisor_id: Some(advisor),
        kind: AppointmentKind::Passive,
        channel: AppointmentChannel::Phone,
        parts: PartsStatus::InStock,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: Some("保养到期".into()),
        note: None,
        package_id: None,
    };
    store
        .write(Some(advisor), now() - Duration::days(1), |tx| {
            appointments::insert(tx, &new, state)
        })
        .unwrap()
}

fn order(customer: i64, vehicle: i64, advisor: i64, km: i64) -> NewRepairOrder {
    NewRepairOrder {
        customer_id: customer,
        vehicle_id: vehicle,
        appointment_id: None,
        advisor_id: advisor,
        comeback_of: None,
        comeback_charged: None,
        customer_description: "保养，刹车有异响".into(),
        diagnosis: "前刹车片磨损".into(),
        odometer_km: km,
        odometer_correction: None,
        promised_at: now() + Duration::hours(3),
        estimate_cents: 98_000,
        contact_during: Some("13800138000".into()),
        waiting_mode: WaitingMode::Lounge,
        payment_method: PaymentMethod::WeChat,
        next_service_km: Some(km + 10_000),
        next_service_on: None,
        signed_at: Some(now()),
        lines: vec![
            NewLine {
                kind: LineKind::Labour,
                description: "更换机油机滤".into(),
                quantity_centi: 100,
                unit_price_cents: 30_000,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
            NewLine {
                kind: LineKind::Part,
                description: "前刹车片".into(),
                quantity_centi: 100,
                unit_price_cents: 68_000,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
        ],
        walkaround: NewWalkaround {
            fuel_level: FuelLevel::Half,
            warning_lights: String::new(),
            tools_present: true,
            lighter_present: true,
            valuables_removed: true,
            return_old_parts: false,
            wash: true,
            engine_bay_clean: false,
            note: None,
            damage: vec![],
        },
    }
}

fn save_draft(store: &mut Store, staff: i64, kind: &str, payload: &str) -> i64 {
    store
        .write(Some(staff), now(), |tx| drafts::save(tx, kind, payload))
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn check_in_writes_the_order_checks_the_appointment_in_and_drops_the_draft() {
    let mut s = shop();
    let appt = appointment(
        &mut s.store,
        s.advisor,
        s.customer,
        s.vehicle,
        AppointmentState::Confirmed,
    );
    save_draft(&mut s.store, s.advisor, "checkin", r#"{"step":"Review"}"#);
    save_draft(
        &mut s.store,
        s.other_advisor,
        "checkin",
        r#"{"step":"Order"}"#,
    );

    let (id, number) = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 31_200),
                today(),
                Some((appt, 1)),
            )
        })
        .unwrap();
    assert_eq!(number, "RO-20261123-0001");

    let c = s.store.conn();
    let ro = repair_orders::by_number(c, &number).unwrap().unwrap();
    assert_eq!(ro.id, id);
    assert_eq!(ro.state, RepairOrderState::Written);
    assert_eq!(
        ro.appointment_id,
        Some(appt),
        "the order names its appointment"
    );
    assert_eq!((ro.plate.as_str(), ro.odometer_km), ("粤B12345", 31_200));
    assert_eq!(ro.total_cents, 98_000);
    assert!(
        repair_orders::by_number(c, "RO-20261123-0002")
            .unwrap()
            .is_none()
    );

    // confirmed → arrived → checked_in: two steps, two versions.
    let a = appointments::get(c, appt).unwrap().unwrap();
    assert_eq!(a.state, AppointmentState::CheckedIn);
    assert_eq!(a.version, 3);
    let steps: Vec<String> = audit::recent(c, Some(("appointments", appt)), 10)
        .unwrap()
        .into_iter()
        .rev()
        .filter(|e| e.action == "state")
        .map(|e| e.detail)
        .collect();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert!(steps[0].contains(r#""to":"arrived""#), "{steps:?}");
    assert!(steps[1].contains(r#""to":"checked_in""#), "{steps:?}");

    // The order: created, then checked in, both by the advisor.
    let entries = audit::recent(c, Some(("repair_orders", id)), 10).unwrap();
    let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "check_in"]);
    assert!(entries.iter().all(|e| e.staff_id == Some(s.advisor)));
    assert!(entries[0].detail.contains(&number), "{}", entries[0].detail);
    assert!(
        entries[0].detail.contains("confirmed"),
        "{}",
        entries[0].detail
    );

    // Only the advisor's own check-in draft is gone; drafts leave no audit rows.
    assert!(drafts::load(c, s.advisor, "checkin").unwrap().is_none());
    assert!(
        drafts::load(c, s.other_advisor, "checkin")
            .unwrap()
            .is_some()
    );
    assert_eq!(
        count(
            &s.store,
            "SELECT count(*) FROM audit_log WHERE entity = 'drafts'"
        ),
        0
    );

    let v = customers::vehicle(c, s.vehicle).unwrap().unwrap();
    assert_eq!(v.last_odometer_km, Some(31_200));
}

#[test]
fn check_in_of_an_arrived_appointment_or_a_walk_in() {
    let mut s = shop();
    let appt = appointment(
        &mut s.store,
        s.advisor,
        s.customer,
        s.vehicle,
        AppointmentState::Arrived,
    );
    let (_, first) = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 31_000),
                today(),
                Some((appt, 1)),
            )
        })
        .unwrap();
    let a = appointments::get(s.store.conn(), appt).unwrap().unwrap();
    assert_eq!((a.state, a.version), (AppointmentState::CheckedIn, 2));

    // A walk-in: no appointment, no draft to drop.
    let (id, second) = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 31_000),
                today(),
                None,
            )
        })
        .unwrap();
    assert_eq!(
        (first.as_str(), second.as_str()),
        ("RO-20261123-0001", "RO-20261123-0002")
    );
    let ro = repair_orders::get(s.store.conn(), id).unwrap().unwrap();
    assert_eq!(ro.appointment_id, None);

    // Checked in once is enough: the domain refuses checked_in → checked_in.
    let err = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 31_000),
                today(),
                Some((appt, 2)),
            )
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Transition { .. }), "{err}");
}

/// Everything about the check-in as it stands: orders, numbering, appointment, drafts,
/// audit, odometer.
fn snapshot(s: &Shop, appt: i64) -> (i64, i64, String, i64, Option<String>, i64, Option<i64>) {
    let c = s.store.conn();
    let a = appointments::get(c, appt).unwrap().unwrap();
    (
        count(&s.store, "SELECT count(*) FROM repair_orders"),
        count(
            &s.store,
            "SELECT COALESCE(SUM(last), 0) FROM number_sequences",
        ),
        a.state.as_str().to_string(),
        a.version,
        drafts::load(c, s.advisor, "checkin")
            .unwrap()
            .map(|d| d.payload),
        count(&s.store, "SELECT count(*) FROM audit_log"),
        customers::vehicle(c, s.vehicle)
            .unwrap()
            .unwrap()
            .last_odometer_km,
    )
}

#[test]
fn a_failed_check_in_leaves_nothing_behind() {
    let mut s = shop();
    let appt = appointment(
        &mut s.store,
        s.advisor,
        s.customer,
        s.vehicle,
        AppointmentState::Confirmed,
    );
    save_draft(&mut s.store, s.advisor, "checkin", r#"{"step":"Review"}"#);
    let before = snapshot(&s, appt);

    // The odometer below the last reading without a correction reason.
    let err = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 29_000),
                today(),
                Some((appt, 1)),
            )
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("below the last reading"), "{err}");
    assert_eq!(snapshot(&s, appt), before);

    // Someone else moved the appointment since the form was opened: the order was already
    // written inside the transaction when the stale version was found; all of it goes.
    s.store
        .write(Some(s.other_advisor), now(), |tx| {
            appointments::set_state(tx, appt, 1, AppointmentState::Arrived)
        })
        .unwrap();
    let before = snapshot(&s, appt);
    let err = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 32_000),
                today(),
                Some((appt, 1)),
            )
        })
        .unwrap_err();
    match &err {
        StoreError::Conflict { entity, id, by, .. } => {
            assert_eq!((*entity, *id, by.as_str()), ("appointments", appt, "李娜"));
        }
        other => panic!("expected a conflict, got {other}"),
    }
    assert_eq!(snapshot(&s, appt), before);
    assert_eq!(before.6, Some(30_000), "the odometer did not rise");

    // No number was used: the next order gets the first one of the day.
    let (_, number) = s
        .store
        .write(Some(s.advisor), now(), |tx| {
            repair_orders::check_in(
                tx,
                &order(s.customer, s.vehicle, s.advisor, 32_000),
                today(),
                Some((appt, 2)),
            )
        })
        .unwrap();
    assert_eq!(number, "RO-20261123-0001");
    assert!(
        drafts::load(s.store.conn(), s.advisor, "checkin")
            .unwrap()
            .is_none()
    );
}

#[test]
fn concurrent_check_ins_get_distinct_gap_free_numbers() {
    let mut s = shop();
    const EACH: usize = 30;
    // Two counters, each with its own advisor, car and 30 confirmed appointments.
    let (c2, v2) = car(
        &mut s.store,
        s.other_advisor,
        "Mary Chan",
        "13912345678",
        "京AD12345",
    );
    let counters = [
        (s.advisor, s.customer, s.vehicle),
        (s.other_advisor, c2, v2),
    ];
    let work: Vec<(i64, i64, i64, Vec<i64>)> = counters
        .iter()
        .map(|&(staff, customer, vehicle)| {
            let appts = (0..EACH)
                .map(|_| {
                    appointment(
                        &mut s.store,
                        staff,
                        customer,
                        vehicle,
                        AppointmentState::Confirmed,
                    )
                })
                .collect();
            (staff, customer, vehicle, appts)
        })
        .collect();
    let barrier = Arc::new(Barrier::new(work.len()));
    let threads: Vec<_> = work
        .into_iter()
        .map(|(staff, customer, vehicle, appts)| {
            let path = s.path.clone();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut store = open(&path);
                barrier.wait();
                appts
                    .into_iter()
                    .map(|appt| {
                        store
                            .write(Some(staff), now(), |tx| {
                                drafts::save(tx, "checkin", "{}")?;
                                repair_orders::check_in(
                                    tx,
                                    &order(customer, vehicle, staff, 30_500),
                                    today(),
                                    Some((appt, 1)),
                                )
                            })
                            .unwrap()
                            .1
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    let mut all: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    all.sort();
    let expected: Vec<String> = (1..=2 * EACH)
        .map(|n| format!("RO-20261123-{n:04}"))
        .collect();
    assert_eq!(all, expected);
    assert_eq!(
        count(
            &s.store,
            "SELECT count(*) FROM appointments WHERE state = 'checked_in'"
        ),
        2 * EACH as i64
    );
    assert_eq!(count(&s.store, "SELECT count(*) FROM drafts"), 0);
}

#[test]
fn drafts_belong_to_one_staff_member_and_kind() {
    let mut s = shop();
    let (me, you) = (s.advisor, s.other_advisor);
    let c = |s: &Shop, staff, kind| drafts::load(s.store.conn(), staff, kind).unwrap();
    assert!(c(&s, me, "checkin").is_none());

    let id = save_draft(&mut s.store, me, "checkin", r#"{"plate":"粤B1"}"#);
    let d = c(&s, me, "checkin").unwrap();
    assert_eq!(
        (
            d.id,
            d.staff_id,
            d.kind.as_str(),
            d.payload.as_str(),
            d.updated_at
        ),
        (id, me, "checkin", r#"{"plate":"粤B1"}"#, now())
    );
    // Another staff member sees none of it, and another kind is another draft.
    assert!(c(&s, you, "checkin").is_none());
    assert!(c(&s, me, "booking").is_none());

    // Saving again replaces the payload in the same row.
    let later = now() + Duration::minutes(5);
    let again = s
        .store
        .write(Some(me), later, |tx| {
            drafts::save(tx, "checkin", r#"{"plate":"粤B12345"}"#)
        })
        .unwrap();
    assert_eq!(again, id);
    let d = c(&s, me, "checkin").unwrap();
    assert_eq!(
        (d.payload.as_str(), d.updated_at),
        (r#"{"plate":"粤B12345"}"#, later)
    );
    let your = save_draft(&mut s.store, you, "checkin", "{}");
    save_draft(&mut s.store, me, "booking", "{}");
    assert_ne!(your, id);
    assert_eq!(count(&s.store, "SELECT count(*) FROM drafts"), 3);

    // Discard drops only the actor's draft of that kind; twice is harmless.
    for _ in 0..2 {
        s.store
            .write(Some(me), now(), |tx| drafts::discard(tx, "checkin"))
            .unwrap();
    }
    assert!(c(&s, me, "checkin").is_none());
    assert!(c(&s, me, "booking").is_some());
    assert!(c(&s, you, "checkin").is_some());

    // Drafts need a signed-in staff member and leave the audit log alone.
    let err = s
        .store
        .write(None, now(), |tx| drafts::save(tx, "checkin", "{}"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(
        count(
            &s.store,
            "SELECT count(*) FROM audit_log WHERE entity = 'drafts'"
        ),
        0
    );
}

#[test]
fn vehicle_history_is_newest_first_with_the_jobs() {
    let mut s = shop();
    let (c2, v2) = car(&mut s.store, s.advisor, "李四", "13700001111", "粤A54321");
    let day = |d: i64| today() - chrono::Days::new(d as u64);
    let write = |s: &mut Shop, days_ago: i64, customer, vehicle, km, jobs: &[&str]| {
        let mut o = order(customer, vehicle, s.advisor, km);
        o.customer_description = format!("visit {days_ago} days ago");
        o.lines = jobs
            .iter()
            .map(|j| NewLine {
                kind: LineKind::Labour,
                description: (*j).into(),
                quantity_centi: 50,
                unit_price_cents: 20_000,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            })
            .collect();
        s.store
            .write(Some(s.advisor), now() - Duration::days(days_ago), |tx| {
                repair_orders::insert(tx, &o, day(days_ago))
            })
            .unwrap()
    };
    let (me, mine) = (s.customer, s.vehicle);
    let (old, old_no) = write(&mut s, 200, me, mine, 31_000, &["保养", "换空调滤芯"]);
    write(&mut s, 150, c2, v2, 40_000, &["四轮定位"]);
    let (mid, _) = write(&mut s, 100, me, mine, 35_000, &[]);
    let (new, _) = write(
        &mut s,
        10,
        me,
        mine,
        39_000,
        &["更换刹车片", "刹车油", "洗车"],
    );
    // The oldest one was delivered.
    let v = repair_orders::get(s.store.conn(), old)
        .unwrap()
        .unwrap()
        .version;
    s.store
        .write(Some(s.advisor), now() - Duration::days(199), |tx| {
            frontdesk::store::testing::force_state(tx, old, v, RepairOrderState::Delivered, None)
        })
        .unwrap();

    let c = s.store.conn();
    let h = repair_orders::vehicle_history(c, s.vehicle, 10).unwrap();
    let ids: Vec<i64> = h.iter().map(|e| e.id).collect();
    assert_eq!(ids, [new, mid, old]);
    assert_eq!(h[0].jobs, ["更换刹车片", "刹车油", "洗车"]);
    assert!(h[1].jobs.is_empty());
    assert_eq!(h[2].jobs, ["保养", "换空调滤芯"]);
    assert_eq!(h[2].number, old_no);
    assert_eq!(h[2].state, RepairOrderState::Delivered);
    assert_eq!(h[2].delivered_at, Some(now() - Duration::days(199)));
    assert_eq!(h[0].delivered_at, None);
    assert_eq!(h[0].state, RepairOrderState::Written);
    assert_eq!(h[0].created_at, now() - Duration::days(10));
    assert_eq!(
        (h[0].odometer_km, h[0].customer_description.as_str()),
        (39_000, "visit 10 days ago")
    );

    // The limit keeps the newest.
    let h2 = repair_orders::vehicle_history(c, s.vehicle, 2).unwrap();
    assert_eq!(h2.iter().map(|e| e.id).collect::<Vec<_>>(), [new, mid]);
    assert_eq!(h2[0].jobs, h[0].jobs);
    assert_eq!(repair_orders::vehicle_history(c, v2, 10).unwrap().len(), 1);
    assert!(
        repair_orders::vehicle_history(c, s.vehicle, 0)
            .unwrap()
            .is_empty()
    );
    assert!(
        repair_orders::vehicle_history(c, 9_999, 10)
            .unwrap()
            .is_empty()
    );

    let by = repair_orders::by_number(c, &old_no).unwrap().unwrap();
    assert_eq!((by.id, by.vehicle_id), (old, s.vehicle));
    assert!(
        repair_orders::by_number(c, "RO-19990101-0001")
            .unwrap()
            .is_none()
    );
}

#[test]
fn bulk_customers_builds_searchable_unique_data() {
    if engine::sqlite_only("the SQLite bulk builder") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("bulk.db"));
    testing::bulk_customers(&mut store, 2_000, 3_000, 7).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM staff"), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM customers"), 2_000);
    assert_eq!(
        count(&store, "SELECT count(DISTINCT plate) FROM vehicles"),
        3_000
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM vehicles)"
        ),
        0,
        "every customer has a vehicle"
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM customers WHERE length(phone) <> 11 OR phone NOT GLOB '1[3-9]*'"
        ),
        0
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM customers WHERE name GLOB '*[A-Za-z]*'"
        ) > 0
    );
    assert!(
        count(
            &store,
            "SELECT count(*) FROM vehicles WHERE length(plate) = 8"
        ) > 0
    );
    for p in store.read(customers::all_vehicles).unwrap() {
        let plate = frontdesk::domain::plate::Plate::parse(&p.plate).unwrap();
        assert_eq!(plate.as_str(), p.plate);
        assert!(plate.conforms(), "{}", p.plate);
    }
    // Again on a database with data: more rows, still unique plates, the same staff.
    testing::bulk_customers(&mut store, 100, 100, 7).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM staff"), 1);
    assert_eq!(
        count(&store, "SELECT count(DISTINCT plate) FROM vehicles"),
        3_100
    );
    let hits = customers::search(store.conn(), "粤B", 20).unwrap();
    assert_eq!(hits.len(), 20);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn a_piece_of_a_renamed_customers_name_finds_the_new_name_only() {
    let mut s = shop();
    let names = |s: &Shop, q: &str| -> Vec<String> {
        customers::search(s.store.conn(), q, 20)
            .unwrap()
            .into_iter()
            .map(|h| h.customer_name)
            .collect()
    };
    assert_eq!(names(&s, "小明"), ["王小明"]);
    assert_eq!(names(&s, "明"), ["王小明"]);
    let (c2, _) = car(
        &mut s.store,
        s.advisor,
        "John Smith",
        "13900002222",
        "沪A11111",
    );
    assert_eq!(names(&s, "smith"), ["John Smith"]);
    assert_eq!(names(&s, "SMI"), ["John Smith"]);
    s.store
        .write(Some(s.advisor), now(), |tx| {
            customers::update_customer(
                tx,
                c2,
                1,
                &NewCustomer {
                    name: "John Brown".into(),
                    phone: Some("13900002222".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert!(names(&s, "smith").is_empty());
    assert_eq!(names(&s, "rown"), ["John Brown"]);
    assert_eq!(names(&s, "ohn b"), ["John Brown"]);
    assert!(s.store.check().unwrap().is_ok());
}
