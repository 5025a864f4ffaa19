//! End to end in a pseudo-terminal: book a demo customer by plate, see the booking on
//! the board, record the day-before reminder call; the next day (a new process with the
//! clock moved on) mark the car arrived. Keys are counted for the README.

mod support;

use std::path::Path;
use std::time::Duration;

use frontdesk::store::{Access, Store, appointments, customers};
use support::pty::{Must, NOW, TZ, Tui, demo_db};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);
const TOMORROW: &str = "2026-11-24T08:30:00+08:00";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A demo vehicle with nothing booked tomorrow.
fn quiet_plate(db: &Path) -> String {
    let store = Store::open(db, Access::ReadOnly).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let busy: Vec<i64> = appointments::list_day(store.conn(), day)
        .unwrap()
        .iter()
        .map(|a| a.vehicle_id)
        .collect();
    customers::all_vehicles(store.conn())
        .unwrap()
        .into_iter()
        .find(|v| !busy.contains(&v.id) && v.plate.starts_with('粤') && !v.plate_flagged)
        .unwrap()
        .plate
}

#[test]
fn book_by_plate_remind_the_day_before_then_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let plate = quiet_plate(&db);
    let shown = format!(
        "{}·{}",
        &plate[..plate.char_indices().nth(2).unwrap().0],
        &plate[plate.char_indices().nth(2).unwrap().0..]
    );
    let typed: String = plate.chars().skip(1).collect(); // without the province
    let args = [
        "--db",
        s(&db),
        "--lang",
        "en",
        "--config",
        s(&config),
        "--staff",
        "A01",
    ];

    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", NOW), ("TZ", TZ)], 24, 80);
    tui.wait_for("Check-in", FIRST).must();
    // Booking a returning customer on another day at another time, keys counted (free
    // text aside): F4, → to tomorrow, n, the plate, Enter (the hit), Tab to the time,
    // type it (it replaces the proposed one), Ctrl-S.
    let mut keys = 0;
    let mut press = |tui: &mut Tui, k: &str| {
        keys += k.split(' ').filter(|k| !k.is_empty()).count();
        tui.press(k);
    };
    press(&mut tui, "F4");
    tui.wait_for("appointments", STEP).must();
    press(&mut tui, "Right");
    tui.wait_for("2026-11-24 Tue", STEP).must();
    press(&mut tui, "n");
    tui.wait_for("New appointment", STEP).must();
    tui.type_text(&typed);
    tui.wait_for(&shown, STEP).must();
    press(&mut tui, "Enter");
    tui.wait_for("Labour h", STEP).must();
    // The form starts on the day shown on the board, at its first slot.
    tui.wait_for("2026-11-24", STEP).must();
    press(&mut tui, "Tab");
    tui.type_text("10:30");
    press(&mut tui, "C-s");
    tui.wait_for("Appointment booked for 2026-11-24", STEP)
        .must();
    assert!(keys <= 10, "{keys} keystrokes");
    println!("keystrokes to book a returning customer on another day and time: {keys}");
    tui.wait_for(&shown, STEP).must();
    tui.wait_for("10:30", STEP).must();

    // The reminder list of tomorrow has it; filter to it and record the call.
    tui.press("m");
    tui.wait_for("Call the day before: 2026-11-24", STEP).must();
    tui.press("/");
    tui.type_text(&typed);
    tui.press("Enter c");
    tui.wait_for("Reminder call", STEP).must();
    tui.type_text("confirmed by phone");
    tui.press("Enter");
    tui.wait_for("Reminder recorded: Confirmed", STEP).must();
    tui.press("C-c");
    let exit = tui.wait_exit(STEP).must();
    assert!(exit.success, "{exit:?}");

    // Next morning: the car comes in.
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", TOMORROW), ("TZ", TZ)], 24, 80);
    tui.wait_for("Check-in", FIRST).must();
    // Today's expected arrivals on the check-in panel list it.
    tui.wait_for(&shown, STEP).must();
    tui.press("F4");
    tui.wait_for("2026-11-24 Tue", STEP).must();
    tui.press("/");
    tui.type_text(&typed);
    tui.press("Enter a");
    tui.wait_for("Appointment marked: Arrived", STEP).must();
    tui.wait_for("Arrived", STEP).must();
    tui.press("q");
    let exit = tui.wait_exit(STEP).must();
    assert!(exit.success && tui.left_alternate_screen(), "{exit:?}");

    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let v = customers::vehicle_by_plate(store.conn(), &plate)
        .unwrap()
        .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let a = appointments::same_day_for_vehicle(store.conn(), v.id, day, None)
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(a.state, frontdesk::domain::kinds::AppointmentState::Arrived);
    assert_eq!(a.reminder_note.as_deref(), Some("confirmed by phone"));
}
