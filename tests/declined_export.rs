//! `frontdesk export --what declined-work`: every line a customer declined, with the
//! vehicle, the customer, the order it was declined on, the line and its amount, when it
//! was declined, and whether a later order took it up; CSV and JSON, library and command
//! line.

mod settle_support;

use frontdesk::domain::kinds::LineKind;
use frontdesk::export::{self, ExportFormat, ExportWhat};
use frontdesk::store::repair_orders::line_amount_cents;
use frontdesk::store::{Access, Store};
use settle_support::{
    Spec, act, check_in, check_in_vehicle, deliver, demo_db, finish_to_ready, idle_vehicle,
    to_repair, zone,
};

const LINES: &[Spec] = &[(LineKind::Labour, "更换机油机滤", 100, 30_000, false)];
const WHEELS: Spec = (LineKind::Labour, "四轮定位", 100, 38_000, false);
const WIPERS: Spec = (LineKind::Part, "雨刮片, \"一对\"", 200, 8_400, false);
const BATTERY: Spec = (LineKind::Part, "蓄电池 12V 70Ah", 100, 78_000, true);

/// What the test set up: (line id, declined on, taken up by).
struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    plate: String,
    customer: String,
    declined_on: String,
    /// The lines declined on the first car: wheels (left), wipers (taken up later).
    wheels: i64,
    wipers: i64,
    taken_up_by: String,
    /// The second car's declined battery (claim line), its order only ready.
    battery: i64,
    other_declined_on: String,
}

fn shop() -> Shop {
    let (dir, mut store) = demo_db();
    let car = idle_vehicle(&mut store, 0);
    let (id, declined_on) = check_in_vehicle(&mut store, &car, LINES, &[]);
    let (_, wheels) = to_repair(&mut store, id, None, Some(&WHEELS));
    let wipers = act(&mut store, "T01", 33, id, |tx, v| {
        frontdesk::store::workshop::propose(tx, id, v, &settle_support::new_line(&WIPERS))
    });
    act(&mut store, "A01", 43, id, |tx, v| {
        frontdesk::store::workshop::answer(
            tx,
            id,
            v,
            wipers,
            &frontdesk::domain::workshop::jobs::Consent::Declined,
        )
    });
    finish_to_ready(&mut store, id);
    deliver(&mut store, id, 0, "");
    // The next visit takes the wipers up.
    let car = frontdesk::store::customers::vehicle(store.conn(), car.id)
        .unwrap()
        .unwrap();
    let (_, taken_up_by) = check_in_vehicle(&mut store, &car, LINES, &[wipers]);
    // Another car declines a claim line; its order is only ready.
    let (other, other_declined_on) = check_in(&mut store, 0, LINES);
    let (_, battery) = to_repair(&mut store, other, None, Some(&BATTERY));
    finish_to_ready(&mut store, other);
    let customer = frontdesk::store::customers::customer(store.conn(), car.customer_id)
        .unwrap()
        .unwrap()
        .name;
    Shop {
        _dir: dir,
        store,
        plate: car.plate,
        customer,
        declined_on,
        wheels: wheels.unwrap(),
        wipers,
        taken_up_by,
        battery: battery.unwrap(),
        other_declined_on,
    }
}

fn export(store: &mut Store, format: ExportFormat) -> (usize, String) {
    let mut out = Vec::new();
    let n = export::export(
        store,
        ExportWhat::DeclinedWork,
        format,
        false,
        zone(),
        &mut out,
    )
    .unwrap();
    (n, String::from_utf8(out).unwrap())
}

const HEADER: [&str; 15] = [
    "line_id",
    "vehicle_id",
    "plate",
    "customer_name",
    "repair_order_id",
    "number",
    "kind",
    "description",
    "quantity_centi",
    "unit_price_cents",
    "amount_cents",
    "claim",
    "declined_at",
    "taken_up",
    "taken_up_by",
];

#[test]
fn csv_lists_each_declined_line_and_whether_it_was_taken_up() {
    let mut s = shop();
    let (n, csv) = export(&mut s.store, ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n);
    let row = |id: i64| {
        rows.iter()
            .find(|r| r[0] == id.to_string())
            .unwrap_or_else(|| panic!("line {id} exported:\n{csv}"))
            .clone()
    };
    let wheels = row(s.wheels);
    assert_eq!(&wheels[2], s.plate);
    assert_eq!(&wheels[3], s.customer);
    assert_eq!(&wheels[5], s.declined_on);
    assert_eq!(&wheels[6], "labour");
    assert_eq!(&wheels[7], WHEELS.1);
    assert_eq!(&wheels[8], "100");
    assert_eq!(&wheels[9], "38000");
    assert_eq!(&wheels[10], "38000");
    assert_eq!(&wheels[11], "false");
    assert_eq!(
        &wheels[12], "2026-11-23T09:41:00+08:00",
        "declined at, shop time"
    );
    assert_eq!(&wheels[13], "false");
    assert_eq!(&wheels[14], "");

    let wipers = row(s.wipers);
    assert_eq!(&wipers[7], WIPERS.1, "quotes and commas survive");
    assert_eq!(
        &wipers[10],
        line_amount_cents(WIPERS.2, WIPERS.3).to_string()
    );
    assert_eq!(&wipers[12], "2026-11-23T09:43:00+08:00");
    assert_eq!(&wipers[13], "true", "taken up at the next visit");
    assert_eq!(&wipers[14], s.taken_up_by);

    let battery = row(s.battery);
    assert_eq!(&battery[5], s.other_declined_on);
    assert_eq!(&battery[6], "part");
    assert_eq!(&battery[11], "true", "a claim line");
    assert_eq!(&battery[13], "false");
    assert_ne!(&battery[2], s.plate);
}

#[test]
fn json_has_the_same_records_with_types() {
    let mut s = shop();
    let (n, json) = export(&mut s.store, ExportFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), n);
    assert!(n >= 3);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = HEADER.to_vec();
    sorted.sort();
    let mut got = keys.clone();
    got.sort();
    assert_eq!(got, sorted);
    let wipers = rows
        .iter()
        .find(|r| r["line_id"] == s.wipers)
        .expect("the wipers");
    assert_eq!(wipers["taken_up"], true);
    assert_eq!(wipers["taken_up_by"], s.taken_up_by.as_str());
    assert_eq!(
        wipers["amount_cents"],
        line_amount_cents(WIPERS.2, WIPERS.3)
    );
    assert_eq!(wipers["claim"], false);
    let wheels = rows.iter().find(|r| r["line_id"] == s.wheels).unwrap();
    assert_eq!(wheels["taken_up"], false);
    assert!(wheels["taken_up_by"].is_null());
    assert_eq!(wheels["declined_at"], "2026-11-23T09:41:00+08:00");
    // The CSV has the same records.
    let (csv_n, _) = export(&mut s.store, ExportFormat::Csv);
    assert_eq!(csv_n, n);
}

#[test]
fn nothing_declined_is_a_header_or_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fd.db"), Access::ReadWrite).unwrap();
    let (n, csv) = export(&mut store, ExportFormat::Csv);
    assert_eq!(n, 0);
    assert_eq!(csv, format!("{}\n", HEADER.join(",")));
    let (n, json) = export(&mut store, ExportFormat::Json);
    assert_eq!(n, 0);
    assert_eq!(json, "[]\n");
}

#[test]
fn the_command_line_exports_declined_work() {
    let s = shop();
    let db = s._dir.path().join("demo.db");
    drop(s.store);
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "export",
                "--what",
                "declined-work",
                "--format",
                format,
            ])
            .env_clear()
            .env("HOME", s._dir.path())
            .env("XDG_DATA_HOME", s._dir.path().join("data"))
            .env("XDG_CONFIG_HOME", s._dir.path().join("config"))
            .env("FRONTDESK_NOW", "2026-11-23T15:00:00+08:00")
            .env("TZ", "Asia/Shanghai")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    assert!(csv.starts_with(&HEADER.join(",")), "{csv}");
    assert!(csv.contains(&s.taken_up_by) && csv.contains(WHEELS.1));
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json.as_array().unwrap().len() >= 3);
}
