//! The real `frontdesk board` in a pseudo-terminal: read-only in every way (the database
//! file and its -wal byte for byte the same after it ran through every page), and live
//! (a second process commits an appointment and moves a repair order; the board shows
//! both by itself, no key pressed).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, PartsStatus, RepairOrderState, ServiceType, StaffRole,
};
use frontdesk::store::appointments::{self, NewAppointment};
use frontdesk::store::{Access, Store, settings, staff, workshop};
use support::pty::{Must, NOW, TZ, Tui, demo_db};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);
/// What "live" means: the board polls every second, and draws at once.
const LIVE: Duration = Duration::from_millis(2000);
const ENV: &[(&str, &str)] = &[("FRONTDESK_NOW", NOW), ("TZ", TZ)];

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

/// The bytes of the database file and of its -wal (`None`: no such file).
fn files(db: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.to_path_buf(), PathBuf::from(wal)]
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).ok();
            (p, bytes)
        })
        .collect()
}

#[test]
fn the_board_leaves_the_database_and_its_wal_byte_for_byte_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // A -wal with frames in it: a write through a second handle that stays open.
    let mut rw = Store::open(&db, Access::ReadWrite).unwrap();
    book_one(&mut rw);
    let before = files(&db);
    assert!(
        before[1].1.as_ref().is_some_and(|w| !w.is_empty()),
        "a -wal to keep"
    );
    let mut tui = Tui::spawn(&["board", "--db", s(&db), "--lang", "en"], ENV, 24, 80);
    tui.wait_for("Booked", FIRST).must();
    for (key, shows) in [
        ("2", "open"),
        ("3", "overdue"),
        ("4", "Key figures"),
        ("5", "Week from"),
        ("1", "Booked"),
    ] {
        tui.press(key);
        tui.wait_for(shows, STEP).must();
    }
    // Saving, confirming, typing: nothing in its keymap changes data.
    tui.press("C-s");
    tui.press("Enter");
    tui.press("q");
    let exit = tui.wait_exit(STEP).must();
    assert!(exit.success, "{exit:?}");
    let after = files(&db);
    for ((p, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{} changed while the board ran", p.display());
    }
    drop(rw);
}

/// Books a 60-minute appointment at 16:00 today for the first customer's car.
fn book_one(store: &mut Store) {
    let (customer_id, vehicle_id): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT customer_id, id FROM vehicles ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let shop = store.read(settings::load).unwrap();
    let day = shop.zone().to_local(now()).date_naive();
    let starts_at = shop
        .zone()
        .from_local(day.and_hms_opt(16, 55, 0).unwrap())
        .unwrap();
    let new = NewAppointment {
        customer_id,
        vehicle_id,
        day,
        starts_at,
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
    let manager = staff::by_code(store.conn(), "M01").unwrap().unwrap();
    store
        .write(Some(manager.id), now(), |tx| {
            appointments::book(tx, &new, &shop, Some("e2e"))
        })
        .unwrap();
}

#[test]
fn what_another_process_commits_shows_on_the_board_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut tui = Tui::spawn(&["board", "--db", s(&db), "--lang", "en"], ENV, 24, 80);
    tui.wait_for("Booked", FIRST).must();
    let booked = |screen: &str| -> Option<u32> {
        let rest = screen.split("Booked ").nth(1)?;
        rest.split_whitespace().next()?.parse().ok()
    };
    let before = booked(&tui.screen_text()).expect("the day's bookings on the Today page");

    // A second process (this test, through the store) books an appointment today.
    let mut rw = Store::open(&db, Access::ReadWrite).unwrap();
    book_one(&mut rw);
    let t = Instant::now();
    tui.wait_until("the new appointment", LIVE, |screen| {
        booked(screen) == Some(before + 1)
    })
    .must();
    let appointment_after = t.elapsed();

    // It dispatches a written order: the Workshop page shows it moved.
    tui.press("2");
    tui.wait_for("open", STEP).must();
    let board = rw.work_board().unwrap();
    let order = board
        .iter()
        .find(|r| {
            r.state == RepairOrderState::Written && tui.screen_text().contains(r.number.as_str())
        })
        .expect("a written order on the page");
    let tech = staff::list(rw.conn(), true)
        .unwrap()
        .into_iter()
        .find(|s| s.role == StaffRole::Technician)
        .unwrap();
    let manager = staff::by_code(rw.conn(), "M01").unwrap().unwrap();
    let number = order.number.to_string();
    let row_of = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(&number))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row_of(&tui.screen_text()).contains("Written"));
    rw.write(Some(manager.id), now(), |tx| {
        workshop::dispatch(tx, order.id, order.version, Some(tech.id), "B1")
    })
    .unwrap();
    let t = Instant::now();
    tui.wait_until("the order dispatched", LIVE, |screen| {
        let row = row_of(screen);
        row.contains("Dispatched") && row.contains(&tech.name)
    })
    .must();
    let order_after = t.elapsed();
    eprintln!(
        "the board showed the appointment after {appointment_after:?}, the dispatch after {order_after:?}"
    );
    tui.press("q");
    assert!(tui.wait_exit(STEP).must().success);
}
