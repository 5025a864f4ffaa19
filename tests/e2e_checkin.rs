//! End to end in a pseudo-terminal: check in a demo appointment and a walk-in new
//! customer. The first counts its keystrokes (free text aside) for the README: the target
//! is at most 15 for a returning customer with an appointment.

mod support;

use std::path::Path;
use std::time::Duration;

use frontdesk::store::{Access, Store, appointments};
use support::pty::{Must, NOW, TZ, Tui, demo_db, first_arrival};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Sends keys and counts them.
struct Counter<'a> {
    tui: &'a mut Tui,
    keys: usize,
}

impl Counter<'_> {
    fn keys(&mut self, keys: &str) {
        self.keys += keys.split(' ').filter(|k| !k.is_empty()).count();
        self.tui.press(keys);
    }
    /// Free text: not counted.
    fn text(&mut self, text: &str) {
        self.tui.type_text(text);
    }
}

#[test]
fn check_in_a_demo_appointment_in_at_most_15_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let (arrival, last_km, comeback) = first_arrival(&db);
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
    tui.wait_for("Expected today", FIRST).must();
    let mut c = Counter {
        tui: &mut tui,
        keys: 0,
    };
    c.keys("F1 Enter");
    c.tui.wait_for("1 Customer", STEP).must();
    if comeback {
        c.keys("n");
    }
    c.keys("PageDown");
    c.tui.wait_for("Odometer km", STEP).must();
    c.text(&(last_km + 321).to_string());
    c.keys("Tab Space PageDown");
    c.tui.wait_for("Customer says", STEP).must();
    if arrival.symptoms.as_deref().unwrap_or("").is_empty() {
        c.text("maintenance due");
    }
    c.keys("PageDown");
    c.tui.wait_for("Read this back", STEP).must();
    c.keys("C-s");
    c.tui.wait_for("Repair order RO-20261123-", STEP).must();
    c.keys("C-p");
    c.tui.wait_for("Printed to", STEP).must();
    let keys = c.keys;
    assert!(keys <= 15, "{keys} keystrokes");
    println!("keystrokes for a returning customer with an appointment: {keys}");
    tui.press("Enter");
    tui.wait_for("Expected today", STEP).must();
    tui.press("C-c");
    assert!(tui.wait_exit(STEP).must().success);

    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let a = appointments::get(store.conn(), arrival.id)
        .unwrap()
        .unwrap();
    assert_eq!(a.state.as_str(), "checked_in");
    let html: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .collect();
    assert_eq!(html.len(), 1, "one printed order in the exports folder");
}

#[test]
fn check_in_a_walk_in_new_customer() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let args = [
        "--db",
        s(&db),
        "--lang",
        "zh-CN",
        "--config",
        s(&config),
        "--staff",
        "A02",
    ];
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", NOW), ("TZ", TZ)], 24, 80);
    tui.wait_for("今日预约到店", FIRST).must();
    tui.type_text("京A9Z999");
    tui.wait_for("新客户", STEP).must();
    tui.press("Enter");
    tui.wait_for("姓名", STEP).must();
    tui.type_text("李雷");
    tui.press("Tab");
    tui.type_text("13700001111");
    // The vehicle, completed from the catalog: "卡罗" + Enter is 丰田 卡罗拉.
    tui.press("Tab Tab");
    tui.type_text("卡罗");
    tui.wait_for("丰田 卡罗拉", STEP).must();
    tui.press("Enter");
    tui.press("PageDown");
    tui.wait_for("进厂里程", STEP).must();
    tui.type_text("8000");
    tui.press("Tab Space PageDown");
    tui.wait_for("客户描述", STEP).must();
    tui.type_text("空调不凉");
    // to the job line: Tab past the order fields
    tui.press("Tab Tab Tab Tab Tab Tab Tab Tab Tab");
    tui.type_text("空调检查");
    tui.press("C-n");
    tui.wait_for("空调检查", STEP).must();
    tui.press("PageDown");
    tui.wait_for("请在客户签字前逐项复述", STEP).must();
    tui.press("C-s");
    tui.wait_for("维修委托书 RO-20261123-", STEP).must();
    tui.press("C-c");
    assert!(tui.wait_exit(STEP).must().success);
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let v = frontdesk::store::customers::vehicle_by_plate(store.conn(), "京A9Z999")
        .unwrap()
        .expect("vehicle created");
    let c = frontdesk::store::customers::customer(store.conn(), v.customer_id)
        .unwrap()
        .unwrap();
    assert_eq!(c.name, "李雷");
    assert_eq!(
        (v.make.as_deref(), v.model.as_deref()),
        (Some("丰田"), Some("卡罗拉"))
    );
}

#[test]
fn the_field_being_typed_comes_back_after_the_terminal_dies() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
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
    let env = [("FRONTDESK_NOW", NOW), ("TZ", TZ)];
    let mut tui = Tui::spawn(&args, &env, 24, 80);
    tui.wait_for("Expected today", FIRST).must();
    // The second arrival is no comeback: straight to the walk-around.
    tui.press("Down Enter");
    tui.wait_for("PgDn next step", STEP).must();
    tui.press("PageDown");
    tui.wait_for("Odometer km", STEP).must();
    // Typed, never leaving the field; the console saves the draft when typing pauses.
    tui.type_text("31415");
    tui.wait_for("31415", STEP).must();
    let staff = {
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        frontdesk::store::staff::by_code(store.conn(), "A01")
            .unwrap()
            .unwrap()
            .id
    };
    let saved = (0..150).any(|_| {
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        let hit = store
            .draft(staff, "checkin")
            .unwrap()
            .is_some_and(|d| d.payload.contains("31415"));
        if !hit {
            std::thread::sleep(Duration::from_millis(100));
        }
        hit
    });
    assert!(saved, "the draft holds the field being typed");
    // The terminal dies (SIGKILL: nothing is flushed on the way out).
    tui.kill();
    let mut tui = Tui::spawn(&args, &env, 24, 80);
    tui.wait_for("Unfinished check-in", FIRST).must();
    tui.press("Enter");
    tui.wait_for("31415", STEP).must();
    tui.press("C-c");
    tui.wait_for("kept as a draft", STEP).must();
    tui.press("y");
    assert!(tui.wait_exit(STEP).must().success);
}
