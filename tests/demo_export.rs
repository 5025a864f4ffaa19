//! The demo shop, the daily numbering and the exports, on temp-file databases.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::clock::Zone;
use frontdesk::demo;
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, ComplaintStage, FuelLevel, LineKind,
    PartsStatus, PaymentMethod, RepairOrderState, ServiceType, StaffRole, WaitingMode,
};
use frontdesk::export::{self, ExportFormat, ExportWhat};
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, Store, StoreError, complaints};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open(path: &Path) -> Store {
    Store::open(path, Access::ReadWrite).unwrap()
}

fn demo_db(seed: u64) -> (tempfile::TempDir, Store, demo::DemoSummary) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("demo.db"));
    let summary = demo::fill(&mut store, seed, now(), zone()).unwrap();
    (dir, store, summary)
}

fn export_bytes(
    store: &mut Store,
    what: ExportWhat,
    format: ExportFormat,
    bom: bool,
) -> (usize, Vec<u8>) {
    let mut out = Vec::new();
    let n = export::export(store, what, format, bom, zone(), &mut out).unwrap();
    (n, out)
}

const ALL_WHAT: [ExportWhat; 5] = [
    ExportWhat::Customers,
    ExportWhat::Vehicles,
    ExportWhat::Appointments,
    ExportWhat::RepairOrders,
    ExportWhat::Complaints,
];

#[test]
fn demo_covers_every_state_stage_and_day() {
    let (_dir, mut store, summary) = demo_db(1);
    println!("{summary}");
    assert_eq!(summary.staff, 12);
    assert!(summary.customers >= 80, "{summary}");
    assert!(summary.vehicles >= summary.customers, "{summary}");

    let ros = store.read(|c| repair_orders::list(c, false)).unwrap();
    assert_eq!(ros.len(), summary.repair_orders);
    for s in RepairOrderState::ALL {
        let n = ros.iter().filter(|r| r.state == *s).count();
        assert!(n >= 2, "only {n} repair orders in state {s}");
    }
    let comebacks: Vec<_> = ros.iter().filter(|r| r.is_comeback).collect();
    assert!(comebacks.len() >= 2);
    for c in comebacks {
        let prev = ros.iter().find(|r| Some(r.id) == c.comeback_of).unwrap();
        assert_eq!(prev.vehicle_id, c.vehicle_id);
        assert_eq!(prev.state, RepairOrderState::Delivered);
        let delivered = prev.delivered_at.unwrap();
        assert!(c.created_at - delivered <= Duration::days(30));
        assert!(delivered < c.created_at);
    }
    let delivered_past = ros
        .iter()
        .filter(|r| {
            r.delivered_at
                .is_some_and(|t| now() - t > Duration::days(7))
        })
        .count();
    assert!(delivered_past >= 5, "{delivered_past} delivered long ago");
    // Nothing happens after now.
    assert!(
        ros.iter()
            .all(|r| r.updated_at <= now() && r.created_at <= now())
    );
    // Lines and the walk-around exist; some claim lines, some damage.
    let mut claim = 0;
    let mut damage = 0;
    store
        .read(|c| {
            for r in &ros {
                let lines = repair_orders::lines(c, r.id)?;
                assert!(!lines.is_empty());
                claim += lines.iter().filter(|l| l.claim).count();
                damage += repair_orders::walkaround(c, r.id)?.unwrap().damage.len();
                let events = repair_orders::events(c, r.id)?;
                assert_eq!(events.first().unwrap().to_state, RepairOrderState::Written);
                assert_eq!(events.last().unwrap().to_state, r.state);
            }
            Ok(())
        })
        .unwrap();
    assert!(claim > 0 && damage > 0);

    let cps = store.read(|c| complaints::list(c, false)).unwrap();
    assert_eq!(cps.len(), summary.complaints);
    for s in ComplaintStage::ALL {
        let n = cps.iter().filter(|c| c.stage == *s).count();
        assert!(n >= 2, "only {n} complaints in stage {s}");
    }
    let open = |c: &&complaints::ComplaintRow| c.stage != ComplaintStage::Closed;
    assert!(
        cps.iter()
            .filter(open)
            .any(|c| c.reported_at.is_none() && now() - c.received_at > Duration::hours(1)),
        "an open complaint past the 1 h report deadline"
    );
    let shop = store.read(frontdesk::store::settings::load).unwrap();
    let cal = frontdesk::domain::complaint::Calendar::new(shop.zone(), &shop.week);
    assert!(
        cps.iter().filter(open).any(|c| c
            .clocks(&shop.complaints, cal, now())
            .answer
            .is_some_and(|a| a.deadline(now()).is_overdue())),
        "an escalated complaint past the 72 h answer deadline"
    );
    assert!(
        cps.iter()
            .any(|c| c.reopen_count == 1 && c.stage == ComplaintStage::Closed),
        "a complaint reopened from its follow-up visit and closed on the next"
    );
    assert!(
        cps.iter()
            .any(|c| c.escalated && c.responsible_dept.is_some())
    );
    assert!(cps.iter().any(|c| c.parent_id.is_some()));

    let mut days = BTreeMap::new();
    for d in -3..7 {
        let day = today() + Duration::days(d);
        let rows = store.read(|c| appointments::list_day(c, day)).unwrap();
        days.insert(d, rows);
    }
    for d in 0..7 {
        assert!(!days[&d].is_empty(), "no appointments on day +{d}");
    }
    let future: Vec<_> = (1..7).flat_map(|d| days[&d].iter()).collect();
    let services: BTreeSet<_> = future.iter().map(|a| a.service).collect();
    assert_eq!(services.len(), ServiceType::ALL.len(), "{services:?}");
    let past_states: BTreeSet<_> = (-3..0)
        .flat_map(|d| days[&d].iter())
        .map(|a| a.state)
        .collect();
    for s in [
        AppointmentState::Arrived,
        AppointmentState::CheckedIn,
        AppointmentState::NoShow,
        AppointmentState::Cancelled,
        AppointmentState::Rescheduled,
    ] {
        assert!(past_states.contains(&s), "no past appointment {s}");
    }
    let caps = store
        .read(|c| {
            appointments::day_capacities(
                c,
                today() - Duration::days(3),
                today() + Duration::days(6),
            )
        })
        .unwrap();
    assert_eq!(caps.len(), 10);
    assert_eq!(caps.iter().filter(|c| c.closed).count(), 1);
    assert!(
        caps.iter()
            .any(|c| c.technicians == 10 && c.minutes_per_tech == 480 && c.booking_rate_pct == 80)
    );
}

#[test]
fn repair_order_numbers_are_daily_and_gap_free() {
    let (_dir, mut store, _) = demo_db(1);
    let ros = store.read(|c| repair_orders::list(c, false)).unwrap();
    let mut by_day: HashMap<String, Vec<u32>> = HashMap::new();
    for r in &ros {
        let n = &r.number;
        assert!(
            n.len() == 16
                && n.starts_with("RO-")
                && n[3..11].bytes().all(|b| b.is_ascii_digit())
                && &n[11..12] == "-"
                && n[12..].bytes().all(|b| b.is_ascii_digit()),
            "bad number {n}"
        );
        let local = zone().to_local(r.created_at).format("%Y%m%d").to_string();
        assert_eq!(n[3..11], local, "{n} written on {local}");
        by_day
            .entry(n[3..11].to_string())
            .or_default()
            .push(n[12..].parse().unwrap());
    }
    for (day, mut ns) in by_day {
        ns.sort_unstable();
        assert_eq!(
            ns,
            (1..=ns.len() as u32).collect::<Vec<_>>(),
            "gaps on {day}"
        );
    }
    let cps = store.read(|c| complaints::list(c, false)).unwrap();
    assert!(
        cps.iter()
            .all(|c| c.number.starts_with("CP-") && c.number.len() == 16)
    );
}

#[test]
fn same_seed_same_shop_other_seed_other_shop() {
    let (_a, mut a, sa) = demo_db(7);
    let (_b, mut b, sb) = demo_db(7);
    let (_c, mut c, _) = demo_db(8);
    assert_eq!(sa, sb);
    for what in ALL_WHAT {
        for format in [ExportFormat::Csv, ExportFormat::Json] {
            let ea = export_bytes(&mut a, what, format, false);
            let eb = export_bytes(&mut b, what, format, false);
            assert!(ea == eb, "{what:?} {format:?} differs for the same seed");
        }
    }
    let differs = ALL_WHAT.iter().any(|w| {
        export_bytes(&mut a, *w, ExportFormat::Csv, false)
            != export_bytes(&mut c, *w, ExportFormat::Csv, false)
    });
    assert!(differs, "another seed gave the same shop");
    assert_ne!(
        export_bytes(&mut a, ExportWhat::Customers, ExportFormat::Csv, false),
        export_bytes(&mut c, ExportWhat::Customers, ExportFormat::Csv, false)
    );
}

#[test]
fn a_second_fill_is_refused() {
    let (_dir, mut store, _) = demo_db(1);
    let err = demo::fill(&mut store, 2, now(), zone()).unwrap_err();
    match &err {
        StoreError::Invalid(msg) => {
            assert!(msg.contains("already holds data"), "{msg}");
            assert!(msg.contains("--force"), "{msg}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn csv_export_with_bom_round_trips_chinese_names() {
    let (_dir, mut store, summary) = demo_db(1);
    let (n, bytes) = export_bytes(&mut store, ExportWhat::Customers, ExportFormat::Csv, true);
    assert_eq!(n, summary.customers);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "id",
            "name",
            "salutation",
            "phone",
            "email",
            "note",
            "version"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), summary.customers);
    let stored = store.read(customers::all_customers).unwrap();
    let names: BTreeSet<&str> = rows.iter().map(|r| r.get(1).unwrap()).collect();
    for c in &stored {
        assert!(names.contains(c.name.as_str()), "{} lost", c.name);
    }
    assert!(names.iter().any(|n| n.starts_with("欧阳")));
    assert!(names.iter().any(|n| n.is_ascii()));

    // Without the BOM the file starts with the header.
    let (_, plain) = export_bytes(&mut store, ExportWhat::Customers, ExportFormat::Csv, false);
    assert!(plain.starts_with(b"id,name,"));

    // Every entity's CSV parses with one field per header column.
    for what in ALL_WHAT {
        let (n, bytes) = export_bytes(&mut store, what, ExportFormat::Csv, false);
        let mut rdr = csv::Reader::from_reader(bytes.as_slice());
        let width = rdr.headers().unwrap().len();
        let rows: Vec<_> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), n, "{what:?}");
        assert!(rows.iter().all(|r| r.len() == width));
    }
}

#[test]
fn json_export_parses_with_the_row_count_and_local_times() {
    let (_dir, mut store, summary) = demo_db(1);
    let expect = [
        (ExportWhat::Customers, summary.customers),
        (ExportWhat::Vehicles, summary.vehicles),
        (ExportWhat::Appointments, summary.appointments),
        (ExportWhat::RepairOrders, summary.repair_orders),
        (ExportWhat::Complaints, summary.complaints),
    ];
    for (what, count) in expect {
        let (n, bytes) = export_bytes(&mut store, what, ExportFormat::Json, true);
        assert_eq!(n, count, "{what:?}");
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v.as_array().unwrap().len(), count, "{what:?}");
    }
    let (_, bytes) = export_bytes(
        &mut store,
        ExportWhat::RepairOrders,
        ExportFormat::Json,
        false,
    );
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let first = &v[0];
    assert!(first["lines"].as_array().is_some_and(|l| !l.is_empty()));
    assert!(first["promised_at"].as_str().unwrap().ends_with("+08:00"));
    assert!(first["total_cents"].is_i64());

    let (_, csv_bytes) = export_bytes(
        &mut store,
        ExportWhat::RepairOrders,
        ExportFormat::Csv,
        false,
    );
    let mut rdr = csv::Reader::from_reader(csv_bytes.as_slice());
    let lines_col = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "lines")
        .unwrap();
    let rec = rdr.records().next().unwrap().unwrap();
    let summary_text = rec.get(lines_col).unwrap();
    assert!(
        summary_text.contains(':') && summary_text.contains('x'),
        "{summary_text}"
    );
}

#[test]
fn empty_export_still_has_a_header_and_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("empty.db"));
    let (n, csv_out) = export_bytes(&mut store, ExportWhat::Complaints, ExportFormat::Csv, false);
    assert_eq!(n, 0);
    assert!(
        String::from_utf8(csv_out)
            .unwrap()
            .starts_with("id,number,received_at,")
    );
    let (_, json) = export_bytes(
        &mut store,
        ExportWhat::Appointments,
        ExportFormat::Json,
        false,
    );
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

/// A minimal shop: one advisor, one customer with one car. Returns (advisor, customer,
/// vehicle).
fn tiny_shop(store: &mut Store) -> (i64, i64, i64) {
    let at = now() - Duration::days(1);
    let advisor = store
        .write(None, at, |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: "A01".into(),
                    name: "张伟".into(),
                    role: StaffRole::Advisor,
                },
            )
        })
        .unwrap();
    let (customer, vehicle) = store
        .write(Some(advisor), at, |tx| {
            let c = customers::create_customer(
                tx,
                &NewCustomer {
                    name: "王小明".into(),
                    salutation: Some("mr".into()),
                    phone: Some("13800138000".into()),
                    email: None,
                    note: None,
                },
            )?;
            let v = customers::create_vehicle(
                tx,
                &NewVehicle {
                    customer_id: c,
                    plate: "粤B12345".into(),
                    plate_flagged: false,
                    vin: None,
                    make: Some("大众".into()),
                    model: Some("帕萨特".into()),
                    year: Some(2020),
                    color: None,
                    last_odometer_km: Some(30_000),
                },
            )?;
            Ok((c, v))
        })
        .unwrap();
    (advisor, customer, vehicle)
}

fn new_order(customer: i64, vehicle: i64, advisor: i64, km: i64) -> NewRepairOrder {
    NewRepairOrder {
        customer_id: customer,
        vehicle_id: vehicle,
        appointment_id: None,
        advisor_id: advisor,
        comeback_of: None,
        comeback_charged: None,
        customer_description: "保养".into(),
        diagnosis: String::new(),
        odometer_km: km,
        odometer_correction: None,
        promised_at: now() + Duration::hours(3),
        estimate_cents: 50_000,
        contact_during: None,
        waiting_mode: WaitingMode::Lounge,
        payment_method: PaymentMethod::WeChat,
        next_service_km: None,
        next_service_on: None,
        signed_at: Some(now()),
        lines: vec![NewLine {
            kind: LineKind::Labour,
            description: "更换机油机滤 / Oil and filter change".into(),
            quantity_centi: 100,
            unit_price_cents: 30_000,
            claim: false,
            service: None,
            catalog_price_cents: None,
            catalog_code: None,
        }],
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

#[test]
fn concurrent_writers_get_distinct_gap_free_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let (advisor, customer, vehicle) = tiny_shop(&mut open(&path));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = open(&path);
                let mut numbers = Vec::new();
                for _ in 0..50 {
                    let (_, number) = store
                        .write(Some(advisor), now(), |tx| {
                            repair_orders::insert(
                                tx,
                                &new_order(customer, vehicle, advisor, 30_100),
                                today(),
                            )
                        })
                        .unwrap();
                    numbers.push(number);
                }
                numbers
            })
        })
        .collect();
    let mut all: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    all.sort();
    let expected: Vec<String> = (1..=100).map(|n| format!("RO-20261123-{n:04}")).collect();
    assert_eq!(all, expected);
}

#[test]
fn stale_versions_conflict_and_odometer_rules_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("shop.db"));
    let (advisor, customer, vehicle) = tiny_shop(&mut store);
    let new = NewAppointment {
        customer_id: customer,
        vehicle_id: vehicle,
        day: today(),
        starts_at: now() + Duration::hours(2),
        service: ServiceType::Maintenance,
        est_minutes: 60,
        advisor_id: Some(advisor),
        kind: AppointmentKind::Passive,
        channel: AppointmentChannel::Phone,
        parts: PartsStatus::InStock,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: None,
        note: None,
        package_id: None,
    };
    let id = store
        .write(Some(advisor), now(), |tx| {
            appointments::insert(tx, &new, AppointmentState::Booked)
        })
        .unwrap();
    store
        .write(Some(advisor), now(), |tx| {
            appointments::set_state(tx, id, 1, AppointmentState::Confirmed)
        })
        .unwrap();
    let err = store
        .write(Some(advisor), now(), |tx| {
            appointments::set_state(tx, id, 1, AppointmentState::Arrived)
        })
        .unwrap_err();
    match err {
        StoreError::Conflict { by, .. } => assert_eq!(by, "张伟"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let row = store.read(|c| appointments::get(c, id)).unwrap().unwrap();
    assert_eq!((row.state, row.version), (AppointmentState::Confirmed, 2));
    assert_eq!(
        store
            .read(|c| appointments::booked_minutes(c, today()))
            .unwrap(),
        60
    );

    // An odometer below the last reading needs a correction reason.
    let err = store
        .write(Some(advisor), now(), |tx| {
            repair_orders::insert(tx, &new_order(customer, vehicle, advisor, 29_000), today())
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    let (ro, number) = store
        .write(Some(advisor), now(), |tx| {
            repair_orders::insert(tx, &new_order(customer, vehicle, advisor, 31_000), today())
        })
        .unwrap();
    assert_eq!(number, "RO-20261123-0001");
    let v = store.read(customers::all_vehicles).unwrap();
    assert_eq!(v[0].last_odometer_km, Some(31_000));
    store
        .write(Some(advisor), now(), |tx| {
            frontdesk::store::testing::force_state(tx, ro, 1, RepairOrderState::Delivered, None)
        })
        .unwrap();
    let err = store
        .write(Some(advisor), now(), |tx| {
            frontdesk::store::testing::force_state(tx, ro, 1, RepairOrderState::Cancelled, None)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    let row = store.read(|c| repair_orders::get(c, ro)).unwrap().unwrap();
    assert_eq!(row.delivered_at, Some(now()));
    assert_eq!(row.total_cents, 30_000);

    // Complaint deadlines are stamped by their events.
    let (cp, cp_number) = store
        .write(Some(advisor), now(), |tx| {
            complaints::insert(
                tx,
                &complaints::NewComplaint {
                    received_at: now() - Duration::minutes(5),
                    channel: frontdesk::domain::kinds::ComplaintChannel::Counter,
                    place: None,
                    people: None,
                    description: "等太久 / Waited too long".into(),
                    desired_result: None,
                    customer_id: Some(customer),
                    vehicle_id: Some(vehicle),
                    repair_order_id: Some(ro),
                    parent_id: None,
                    nature: frontdesk::domain::kinds::ComplaintNature::Vent,
                    category: frontdesk::domain::kinds::ComplaintCategory::Waiting,
                    severity: frontdesk::domain::kinds::ComplaintSeverity::Normal,
                    contact: None,
                    received_by: None,
                    new_customer: None,
                },
                today(),
            )
        })
        .unwrap();
    assert_eq!(cp_number, "CP-20261123-0001");
    store
        .write(Some(advisor), now(), |tx| {
            complaints::step(
                tx,
                cp,
                1,
                &complaints::Action::Report {
                    to: "客户经理 / Customer manager".into(),
                },
            )?;
            complaints::step(
                tx,
                cp,
                2,
                &complaints::Action::Supervise(complaints::OrderSpec {
                    department: "车间 / Workshop".into(),
                    instruction: "查明原因 / Find the cause".into(),
                    due_at: now() + Duration::hours(24),
                }),
            )
        })
        .unwrap();
    let row = store.read(|c| complaints::get(c, cp)).unwrap().unwrap();
    assert_eq!(row.reported_at, Some(now()));
    assert!(row.escalated);
    assert_eq!(row.responsible_dept.as_deref(), Some("车间 / Workshop"));
    assert_eq!(row.stage, ComplaintStage::Supervised);
    assert_eq!(
        row.order.as_ref().map(|o| o.due_at),
        Some(now() + Duration::hours(24))
    );
    let events = store.read(|c| complaints::events(c, cp)).unwrap();
    assert_eq!(events.len(), 3);
}

#[test]
fn demo_holds_up_at_other_times_and_zones() {
    let cases = [
        ("2026-11-23T00:30:00+08:00", "Asia/Shanghai", 3u64),
        ("2026-11-22T22:15:00+08:00", "Asia/Shanghai", 4),
        ("2026-03-08T12:00:00-05:00", "America/New_York", 5),
        ("2026-06-15T17:45:00+00:00", "UTC", 6),
    ];
    for (at, z, seed) in cases {
        let now = DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&Utc);
        let zone = Zone::parse(z).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir.path().join("demo.db"));
        let t = std::time::Instant::now();
        let summary = demo::fill(&mut store, seed, now, zone).unwrap();
        println!("{at} {z}: {summary} in {:?}", t.elapsed());
        let ros = store.read(|c| repair_orders::list(c, false)).unwrap();
        for s in RepairOrderState::ALL {
            assert!(
                ros.iter().filter(|r| r.state == *s).count() >= 2,
                "{at}: {s}"
            );
        }
        assert!(ros.iter().all(|r| r.updated_at <= now));
        let cps = store.read(|c| complaints::list(c, false)).unwrap();
        for s in ComplaintStage::ALL {
            assert!(
                cps.iter().filter(|c| c.stage == *s).count() >= 2,
                "{at}: {s}"
            );
        }
        assert!(cps.iter().all(|c| c.updated_at <= now));
        let today = zone.to_local(now).date_naive();
        for d in 0..7 {
            let day = today + Duration::days(d);
            assert!(
                !store
                    .read(|c| appointments::list_day(c, day))
                    .unwrap()
                    .is_empty(),
                "{at}: +{d}"
            );
        }
    }
}
