//! End to end in a pseudo-terminal (issue 15): a returning customer's 10,000 km service
//! built from the catalog's package. Beyond the search text ("BY-10K") it takes one key
//! (Enter) to add the package's labour and parts; the count is printed for the README.

mod support;

use std::path::Path;
use std::time::Duration;

use frontdesk::store::{Access, Store, catalog, repair_orders};
use support::pty::{Must, NOW, TZ, Tui, demo_db, first_arrival};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_10000_km_service_from_the_package_in_at_most_4_keys_beyond_the_search_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let (package, lines) = {
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        let hit = catalog::complete(store.conn(), "BY-10K", 1, 30_000)
            .unwrap()
            .remove(0);
        let lines = catalog::package_lines(store.conn(), hit.id).unwrap();
        (hit, lines)
    };
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
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", NOW), ("TZ", TZ)], 40, 120);
    tui.wait_for("Expected today", FIRST).must();
    // A returning customer with an appointment today, from the expected arrivals.
    let (arrival, last_km, comeback) = first_arrival(&db);
    tui.press("F1 Enter");
    tui.wait_for("1 Customer", STEP).must();
    if comeback {
        tui.press("n");
    }
    tui.press("PageDown");
    tui.wait_for("Odometer km", STEP).must();
    tui.type_text(&(last_km + 9_876).to_string());
    tui.press("Tab Space PageDown");
    tui.wait_for("Customer says", STEP).must();
    if arrival.symptoms.as_deref().unwrap_or("").is_empty() {
        tui.type_text("10,000 km service");
    }
    tui.press("Tab Tab Tab Tab Tab Tab Tab Tab Tab");
    // The search text, then the keys that count.
    tui.type_text("BY-10K");
    // The offer is on the screen (its hint and the package's kind), not only the text typed.
    tui.wait_for_all(&["Catalog: ", "Package", "10,000 km service"], STEP)
        .must();
    let mut keys = 0;
    let mut press = |tui: &mut Tui, k: &str| {
        keys += k.split(' ').count();
        tui.press(k);
    };
    press(&mut tui, "Enter");
    tui.wait_for(&lines.last().unwrap().name_en, STEP).must();
    assert!(keys <= 4, "{keys} keys beyond the search text");
    println!("keys beyond the search text for the 10,000 km package: {keys}");
    tui.press("PageDown");
    tui.wait_for("Read this back", STEP).must();
    tui.press("C-s");
    tui.wait_for("Repair order RO-20261123-", STEP).must();
    tui.press("C-c");
    assert!(tui.wait_exit(STEP).must().success);

    // The order holds every line of the package, in English, at the catalog's prices.
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let ro = repair_orders::list(store.conn(), true)
        .unwrap()
        .into_iter()
        .find(|r| r.vehicle_id == arrival.vehicle_id && r.appointment_id == Some(arrival.id))
        .expect("the new order");
    let saved = repair_orders::lines(store.conn(), ro.id).unwrap();
    let from_package: i64 = saved
        .iter()
        .filter(|s| lines.iter().any(|l| l.name_en == s.description))
        .map(|s| {
            frontdesk::domain::money::line_amount(s.quantity_centi, s.unit_price_cents)
                .unwrap()
                .0
        })
        .sum();
    assert_eq!(
        Some(from_package),
        package.total_cents,
        "the total the offer showed"
    );
    for l in &lines {
        assert!(
            saved.iter().any(|s| s.description == l.name_en
                && s.quantity_centi == l.quantity_centi
                && s.unit_price_cents == l.unit_price_cents.unwrap_or(30_000)),
            "{l:?} in {saved:?}"
        );
    }
}
