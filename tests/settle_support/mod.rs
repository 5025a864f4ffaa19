//! Takes a demo shop's order through the workshop with the store's own transactions:
//! check-in, dispatch, every job worked, an added line approved by phone and one
//! declined, the three-level check, ready for delivery and delivery. Shared by the
//! settlement, declined-work, PDF and catalog tests.
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::clock::Zone;
use frontdesk::domain::kinds::{DamageKind, FuelLevel, LineKind, PaymentMethod, WaitingMode};
use frontdesk::domain::workshop::jobs::{Consent, JobAction};
use frontdesk::domain::workshop::settle::SettleInput;
use frontdesk::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use frontdesk::store::workshop::{self, Delivery, QcEntry};
use frontdesk::store::{Access, Store, customers, staff};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo shop (seed 1) in a temporary folder.
pub fn demo_db() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Access::ReadWrite).unwrap();
    frontdesk::demo::fill(&mut store, 1, now(), zone()).unwrap();
    (dir, store)
}

pub fn staff_id(store: &Store, code: &str) -> i64 {
    staff::by_code(store.conn(), code).unwrap().unwrap().id
}

/// The `skip`th demo car with no order open.
pub fn idle_vehicle(store: &mut Store, skip: usize) -> customers::Vehicle {
    store
        .read(|conn| {
            let busy: Vec<i64> = repair_orders::list(conn, true)?
                .iter()
                .map(|r| r.vehicle_id)
                .collect();
            let mut found = Vec::new();
            for c in customers::all_customers(conn)? {
                for v in customers::vehicles_of(conn, c.id)? {
                    if !busy.contains(&v.id) {
                        found.push(v);
                    }
                }
            }
            Ok(found.into_iter().nth(skip))
        })
        .unwrap()
        .expect("an idle demo car")
}

/// (kind, description, quantity ×100, unit price in cents, claim).
pub type Spec = (LineKind, &'static str, i64, i64, bool);

pub fn new_line(&(kind, description, quantity_centi, unit_price_cents, claim): &Spec) -> NewLine {
    NewLine {
        kind,
        description: description.into(),
        quantity_centi,
        unit_price_cents,
        claim,
        service: None,
        catalog_price_cents: None,
        catalog_code: None,
    }
}

/// The order of `vehicle` written through the check-in transaction, taking up the
/// declined lines `take_up`. Returns (id, number).
pub fn check_in_vehicle(
    store: &mut Store,
    vehicle: &customers::Vehicle,
    lines: &[Spec],
    take_up: &[i64],
) -> (i64, String) {
    let advisor = staff_id(store, "A01");
    let km = vehicle.last_odometer_km.unwrap_or(0) + 4_321;
    let order = NewRepairOrder {
        customer_id: vehicle.customer_id,
        vehicle_id: vehicle.id,
        appointment_id: None,
        advisor_id: advisor,
        comeback_of: None,
        comeback_charged: None,
        customer_description: "刹车异响，左前车窗升降卡顿".into(),
        diagnosis: "前刹车片磨损到限；车窗升降器故障（保修期内）".into(),
        odometer_km: km,
        odometer_correction: None,
        promised_at: now() + Duration::hours(6),
        estimate_cents: 100_000,
        contact_during: Some("13800138000".into()),
        waiting_mode: WaitingMode::Leave,
        payment_method: PaymentMethod::WeChat,
        next_service_km: Some(km + 10_000),
        next_service_on: Some(NaiveDate::from_ymd_opt(2027, 5, 23).unwrap()),
        signed_at: Some(now()),
        lines: lines.iter().map(new_line).collect(),
        walkaround: NewWalkaround {
            fuel_level: FuelLevel::Half,
            warning_lights: String::new(),
            tools_present: true,
            lighter_present: true,
            valuables_removed: true,
            return_old_parts: true,
            wash: true,
            engine_bay_clean: false,
            note: None,
            damage: vec![("front_bumper".into(), DamageKind::Scratch, None)],
        },
    };
    let number = repair_orders::confirm_check_in(
        store,
        Some(advisor),
        now(),
        &order,
        today(),
        None,
        None,
        take_up,
    )
    .unwrap();
    let id = repair_orders::by_number(store.conn(), &number)
        .unwrap()
        .unwrap()
        .id;
    (id, number)
}

/// An order of `lines` for the `skip`th idle demo car.
pub fn check_in(store: &mut Store, skip: usize, lines: &[Spec]) -> (i64, String) {
    let v = idle_vehicle(store, skip);
    check_in_vehicle(store, &v, lines, &[])
}

pub fn version(store: &Store, id: i64) -> i64 {
    repair_orders::get(store.conn(), id)
        .unwrap()
        .unwrap()
        .version
}

/// One action as staff member `code`, `minutes` after 09:00, against the order's
/// current version.
pub fn act<T>(
    store: &mut Store,
    code: &str,
    minutes: i64,
    id: i64,
    f: impl FnOnce(&frontdesk::store::Tx<'_>, i64) -> frontdesk::store::Result<T>,
) -> T {
    let who = staff_id(store, code);
    let v = version(store, id);
    store
        .write(Some(who), now() + Duration::minutes(minutes), |tx| f(tx, v))
        .unwrap()
}

/// Dispatches the order to T01 and starts its labour; proposes `approved` (answered by
/// phone) and `declined` (declined). Returns their line ids.
pub fn to_repair(
    store: &mut Store,
    id: i64,
    approved: Option<&Spec>,
    declined: Option<&Spec>,
) -> (Option<i64>, Option<i64>) {
    let tech = staff_id(store, "T01");
    act(store, "S01", 5, id, |tx, v| {
        workshop::dispatch(tx, id, v, Some(tech), "B3")
    });
    for line in labour(store, id) {
        act(store, "T01", 10, id, |tx, v| {
            workshop::job(tx, id, v, line, JobAction::Start)
        });
    }
    let added = approved.map(|l| {
        let line = act(store, "T01", 30, id, |tx, v| {
            workshop::propose(tx, id, v, &new_line(l))
        });
        act(store, "A01", 40, id, |tx, v| {
            workshop::answer(
                tx,
                id,
                v,
                line,
                &Consent::Phone {
                    approver: "客户本人".into(),
                    number: "13800138000".into(),
                    at: now() + Duration::minutes(38),
                },
            )
        });
        line
    });
    let refused = declined.map(|l| {
        let line = act(store, "T01", 31, id, |tx, v| {
            workshop::propose(tx, id, v, &new_line(l))
        });
        act(store, "A01", 41, id, |tx, v| {
            workshop::answer(tx, id, v, line, &Consent::Declined)
        });
        line
    });
    (added, refused)
}

/// The ids of the order's approved labour lines (its jobs).
fn labour(store: &Store, id: i64) -> Vec<i64> {
    workshop::detail(store.conn(), id)
        .unwrap()
        .unwrap()
        .lines
        .iter()
        .filter(|l| {
            l.kind == LineKind::Labour && frontdesk::domain::workshop::jobs::approved(l.approval)
        })
        .map(|l| l.id)
        .collect()
}

/// From repair to ready for delivery: every job finished, the three checks passed by
/// T01, S01 and M01, washed and parked with the odometer out 12 km above the one in.
pub fn finish_to_ready(store: &mut Store, id: i64) {
    let pending: Vec<i64> = workshop::detail(store.conn(), id)
        .unwrap()
        .unwrap()
        .lines
        .iter()
        .filter(|l| l.job_state == frontdesk::domain::kinds::JobState::Pending)
        .map(|l| l.id)
        .collect();
    for line in labour(store, id) {
        if pending.contains(&line) {
            act(store, "T01", 60, id, |tx, v| {
                workshop::job(tx, id, v, line, JobAction::Start)
            });
        }
        act(store, "T01", 120, id, |tx, v| {
            workshop::job(tx, id, v, line, JobAction::Finish)
        });
    }
    act(store, "T01", 125, id, |tx, v| {
        workshop::submit_qc(tx, id, v)
    });
    let items = workshop::policy(store.conn()).unwrap().qc_checklist.len();
    for (code, minutes) in [("T01", 130), ("S01", 140), ("M01", 150)] {
        let checker = staff_id(store, code);
        act(store, code, minutes, id, |tx, v| {
            workshop::record_qc(
                tx,
                id,
                v,
                &QcEntry {
                    staff_id: checker,
                    passed: true,
                    ticked: vec![true; items],
                    reason: String::new(),
                },
            )
        });
    }
    let km_in = repair_orders::get(store.conn(), id)
        .unwrap()
        .unwrap()
        .odometer_km;
    act(store, "A01", 170, id, |tx, v| {
        workshop::ready(tx, id, v, true, "交车区 A-07", km_in + 12)
    });
}

/// Delivers the ready order at 12:20 as the manager, with `discount` and its reason,
/// paid by WeChat, old parts handed back.
pub fn deliver(store: &mut Store, id: i64, discount: i64, reason: &str) {
    act(store, "M01", 200, id, |tx, v| {
        workshop::deliver(
            tx,
            id,
            v,
            &Delivery {
                settle: SettleInput {
                    discount_cents: discount,
                    discount_reason: reason.into(),
                    paid: true,
                    old_parts_returned: true,
                },
                method: PaymentMethod::WeChat,
            },
        )
    });
}
