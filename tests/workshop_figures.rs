//! The workshop's figures from what the store keeps (issue 10, "Figures the boards will
//! need"): orders delivered in a span with their promise, failed checks, comebacks and
//! follow-up satisfaction, read by index, computed by domain::workshop::figures.

mod settle_support;

use chrono::Duration;
use frontdesk::domain::kinds::{LineKind, QcLevel};
use frontdesk::domain::workshop::figures;
use frontdesk::domain::workshop::follow_up::Call;
use frontdesk::store::workshop::{self, QcEntry};
use settle_support::*;

const LABOUR: Spec = (
    LineKind::Labour,
    "更换刹车片 / Brake pads",
    100,
    30_000,
    false,
);

/// Fails the final inspection once on the order now in the quality check, then sends it
/// back through: the jobs reopened and finished, three passes.
fn fail_final_once(store: &mut frontdesk::store::Store, id: i64) {
    let items = workshop::policy(store.conn()).unwrap().qc_checklist.len();
    for (code, passed, minutes) in [("T01", true, 130), ("S01", true, 140), ("M01", false, 150)] {
        let checker = staff_id(store, code);
        act(store, code, minutes, id, |tx, v| {
            workshop::record_qc(
                tx,
                id,
                v,
                &QcEntry {
                    staff_id: checker,
                    passed,
                    ticked: vec![passed; items],
                    reason: if passed {
                        String::new()
                    } else {
                        "刹车异响".into()
                    },
                },
            )
        });
    }
}

#[test]
fn delivered_orders_give_on_time_first_time_fix_comeback_and_satisfaction() {
    let (_dir, mut store) = demo_db();
    let before = now() - Duration::days(1);
    // A: on time, fixed first time, reached on the phone with 5 / 4.
    let (a, _) = check_in(&mut store, 0, &[LABOUR]);
    to_repair(&mut store, a, None, None);
    finish_to_ready(&mut store, a);
    deliver(&mut store, a, 0, "");
    // B: a failed final inspection before it passed.
    let (b, _) = check_in(&mut store, 1, &[LABOUR]);
    to_repair(&mut store, b, None, None);
    let jobs: Vec<i64> = workshop::detail(store.conn(), b)
        .unwrap()
        .unwrap()
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Labour)
        .map(|l| l.id)
        .collect();
    for &line in &jobs {
        act(&mut store, "T01", 100, b, |tx, v| {
            workshop::job(
                tx,
                b,
                v,
                line,
                frontdesk::domain::workshop::jobs::JobAction::Finish,
            )
        });
    }
    act(&mut store, "T01", 110, b, |tx, v| {
        workshop::submit_qc(tx, b, v)
    });
    fail_final_once(&mut store, b);
    for &line in &jobs {
        act(&mut store, "T01", 155, b, |tx, v| {
            workshop::job(
                tx,
                b,
                v,
                line,
                frontdesk::domain::workshop::jobs::JobAction::Resume,
            )
        });
    }
    finish_to_ready(&mut store, b);
    deliver(&mut store, b, 0, "");
    let detail_b = workshop::detail(store.conn(), b).unwrap().unwrap();
    assert_eq!(detail_b.qc_failures, 1);
    assert!(
        detail_b
            .checks
            .iter()
            .any(|c| c.level == QcLevel::Final && !c.passed)
    );

    let reached = Call::Reached {
        result: 5,
        staff: 4,
        remark: "满意".into(),
    };
    let due = workshop::detail(store.conn(), a)
        .unwrap()
        .unwrap()
        .follow_up_on
        .expect("due after delivery");
    let call_at = due.and_hms_opt(2, 0, 0).unwrap().and_utc();
    let who = staff_id(&store, "A01");
    let v = version(&store, a);
    store
        .write(Some(who), call_at, |tx| {
            workshop::record_call(tx, a, v, &reached, None)
        })
        .unwrap();

    let after = call_at + Duration::days(1);
    let facts = workshop::delivered(store.conn(), before, after, 30).unwrap();
    let of = |id: i64| {
        facts
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, f)| *f)
            .expect("delivered in the span")
    };
    let (fa, fb) = (of(a), of(b));
    assert_eq!(fa.qc_failures, 0);
    assert_eq!(fb.qc_failures, 1);
    assert_eq!(fa.satisfaction, Some((5, 4)));
    assert_eq!(fb.satisfaction, None);
    assert!(fa.dispatched_at.is_some());
    // The demo's own deliveries of the span count too; A and B among them.
    let ours = [fa, fb];
    assert_eq!(figures::first_time_fix(&ours).pct(), Some(50));
    assert_eq!(figures::satisfaction(&ours), Some((50, 40)));
    assert_eq!(
        figures::on_time(&ours).hits,
        ours.iter()
            .filter(|f| f.delivered_at <= f.promised_at)
            .count() as u64
    );
    assert!(figures::reception_minutes(&ours).is_some());

    // C comes back for A on the day of the call, within the window: A was not fixed the
    // first time after all.
    let (c, _) = check_in(&mut store, 2, &[LABOUR]);
    store
        .conn()
        .execute(
            "UPDATE repair_orders SET comeback_of = ?1, created_at = ?3 WHERE id = ?2",
            rusqlite::params![a, c, frontdesk::store::ts(call_at)],
        )
        .unwrap();
    let facts = workshop::delivered(store.conn(), before, after, 30).unwrap();
    let fa = of_in(&facts, a);
    assert!(fa.came_back, "a comeback order within 30 days");
    assert!(!of_in(&facts, b).came_back);
    assert_eq!(figures::comeback(&[fa]).pct(), Some(100));
    assert_eq!(figures::first_time_fix(&[fa]).pct(), Some(0));
    // C was written days after A's delivery; with a window of 0 days it is no comeback.
    let none = workshop::delivered(store.conn(), before, after, 0).unwrap();
    assert!(!of_in(&none, a).came_back, "outside a window of 0 days");
}

fn of_in(facts: &[(i64, figures::Delivered)], id: i64) -> figures::Delivered {
    facts
        .iter()
        .find(|(o, _)| *o == id)
        .map(|(_, f)| *f)
        .expect("delivered in the span")
}

#[test]
fn the_figures_read_by_index() {
    let (_dir, store) = demo_db();
    let plan =
        frontdesk::store::testing::query_plan(store.conn(), workshop::delivered_sql()).unwrap();
    assert!(plan.iter().all(|s| !s.starts_with("SCAN")), "{plan:#?}");
    assert!(
        plan.iter().any(|s| s.contains("repair_orders_delivered")),
        "{plan:#?}"
    );
    assert!(
        plan.iter().any(|s| s.contains("repair_orders_comeback_at")),
        "{plan:#?}"
    );
    assert!(
        plan.iter().any(|s| s.contains("follow_up_calls_reached")),
        "{plan:#?}"
    );
}

/// A read-only board beside an older frontdesk reads a database from before migration
/// 0013 (the indexes the figures join by are not there yet): the figures and the board's
/// key figures come from the statement that searches per order.
#[test]
fn the_figures_read_a_database_from_before_the_boards_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v12.sqlite");
    frontdesk::store::testing::create_at_version(&db, 12).unwrap();
    let mut store = frontdesk::store::Store::open(&db, frontdesk::store::Access::ReadOnly).unwrap();
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_ne!(
        workshop::delivered_sql_for(store.conn()).unwrap(),
        workshop::delivered_sql()
    );
    assert!(
        workshop::delivered(store.conn(), t - chrono::Duration::days(14), t, 30)
            .unwrap()
            .is_empty()
    );
    let shop = store.read(frontdesk::store::settings::load).unwrap();
    let day = shop.zone().to_local(t).date_naive();
    let days = store
        .read(|c| frontdesk::store::board::kpi_days(c, day, &shop, t))
        .unwrap();
    assert_eq!(days.len(), frontdesk::domain::kpi::DAYS);
}
