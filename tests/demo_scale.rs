//! `frontdesk demo --scale`: years of history in bulk on top of the demo shop (issue 13),
//! here at a small size of its own: the counts asked for, the progress told row for row,
//! the same database for the same seed, nothing dated after now but bookings, open work in
//! every open state, a refused non-empty database, and the console's reads on it.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use frontdesk::clock::Zone;
use frontdesk::demo::scale::{self, Scale, Sizes};
use frontdesk::store::{Access, Store, testing};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-03T10:30:00+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

const SMALL: Sizes = Sizes {
    customers: 300,
    vehicles: 450,
    appointments: 2_000,
    days: 40,
    orders: 3_000,
    open_orders: 300,
    complaints: 400,
    open_complaints: 12,
};

fn build(seed: u64) -> (tempfile::TempDir, Store, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("scale.db"), Access::ReadWrite).unwrap();
    let told = Rc::new(Cell::new(0usize));
    let t = told.clone();
    let n = scale::fill_sizes(&mut store, SMALL, seed, now(), zone(), move |rows| {
        t.set(t.get() + rows)
    })
    .unwrap();
    assert_eq!(n.repair_orders, SMALL.orders);
    assert_eq!(n.complaints, SMALL.complaints);
    let told = told.get();
    (dir, store, told)
}

fn one(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the history, as text, in id order: two builds compare equal row for row.
fn dump(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for t in [
        "customers",
        "vehicles",
        "appointments",
        "repair_orders",
        "repair_order_lines",
        "complaints",
        "complaint_events",
    ] {
        let mut st = store
            .conn()
            .prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))
            .unwrap();
        let n = st.column_count().unwrap();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join("|")));
        }
    }
    out
}

#[test]
fn a_scale_demo_has_the_rows_asked_for_told_as_it_goes_and_the_same_for_the_same_seed() {
    let (_d, store, told) = build(7);
    assert_eq!(told as u64, SMALL.progress_total(), "the bar ends full");
    // The demo's own people and customers besides the bulk ones.
    assert!(testing::row_count(&store, "customers").unwrap() >= SMALL.customers);
    assert!(testing::row_count(&store, "vehicles").unwrap() >= SMALL.vehicles);
    assert_eq!(
        testing::row_count(&store, "appointments").unwrap(),
        SMALL.appointments
    );
    assert_eq!(
        one(
            &store,
            "SELECT count(*) FROM repair_orders WHERE state NOT IN ('delivered', 'cancelled')"
        ),
        SMALL.open_orders as i64
    );
    assert_eq!(
        one(
            &store,
            "SELECT count(DISTINCT state) FROM repair_orders WHERE state NOT IN ('delivered', 'cancelled')"
        ),
        8,
        "every open state the bulk history draws (written … ready)"
    );
    assert_eq!(
        one(
            &store,
            "SELECT count(*) FROM complaints WHERE stage <> 'closed'"
        ),
        SMALL.open_complaints as i64
    );
    assert!(one(&store, "SELECT count(*) FROM repair_order_lines") >= 2 * SMALL.orders as i64);
    // Nothing written after now; bookings reach two weeks ahead.
    let now = frontdesk::store::ts(now());
    for sql in [
        "SELECT count(*) FROM repair_orders WHERE created_at > ?1 OR signed_at > ?1",
        "SELECT count(*) FROM complaints WHERE received_at > ?1",
        "SELECT count(*) FROM complaint_events WHERE at > ?1",
    ] {
        let n: i64 = store.conn().query_row(sql, [&now], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{sql}");
    }
    let last: String = one_text(&store, "SELECT max(day) FROM appointments");
    assert_eq!(last, "2026-12-16", "two weeks ahead, 40 days in all");
    // The planner has the tables' sizes.
    assert!(one(&store, "SELECT count(*) FROM sqlite_stat1") > 10);

    let (_d2, again, _) = build(7);
    assert!(dump(&store) == dump(&again), "the same seed, the same rows");
    let (_d3, other, _) = build(8);
    assert!(dump(&store) != dump(&other), "another seed, other rows");
}

fn one_text(store: &Store, sql: &str) -> String {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_console_reads_a_scale_demo_and_a_second_fill_is_refused() {
    let (_d, mut store, _) = build(3);
    let board = store.work_board().unwrap();
    assert_eq!(board.len(), SMALL.open_orders);
    assert_eq!(
        store.open_complaints().unwrap().len(),
        SMALL.open_complaints
    );
    // The shop has the technicians for its bookings: today is busy, not overbooked.
    let today = zone().to_local(now()).date_naive();
    let booked = frontdesk::store::appointments::booked_minutes(store.conn(), today).unwrap();
    let capacity = store.shop_settings().unwrap().week.capacity;
    // The booking rate F4 shows: booked / available (before the share kept bookable).
    let available = frontdesk::domain::appointment::DefaultCapacity {
        booking_rate_pct: 100,
        ..capacity
    }
    .bookable_minutes();
    let pct = booked * 100 / available;
    assert!(
        (60..=80).contains(&pct),
        "{booked} of {available} min: {pct} %"
    );
    assert!(
        booked <= capacity.bookable_minutes(),
        "within the bookable hours"
    );
    let err = scale::fill(&mut store, Scale::Medium, 3, now(), zone(), |_| {}).unwrap_err();
    assert!(err.to_string().contains("already holds data"), "{err}");
}

#[test]
fn the_two_scales_are_the_issue_s_sizes() {
    let large = Scale::Large.sizes();
    assert_eq!(
        (
            large.customers,
            large.vehicles,
            large.appointments,
            large.orders,
            large.complaints
        ),
        (200_000, 300_000, 1_000_000, 1_000_000, 50_000)
    );
    let medium = Scale::Medium.sizes();
    assert_eq!(medium.orders * 10, large.orders);
    assert_eq!(medium.appointments / medium.days as usize, 200, "200 a day");
    assert_eq!(large.appointments / large.days as usize, 200, "200 a day");
}
