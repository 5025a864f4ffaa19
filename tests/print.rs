//! The printable repair order (维修委托书) on the demo shop: content, escaping, both
//! languages, and the file written to the exports folder.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::clock::Zone;
use frontdesk::demo;
use frontdesk::domain::kinds::{DamageKind, FuelLevel, LineKind, PaymentMethod, WaitingMode};
use frontdesk::domain::money::Cents;
use frontdesk::domain::plate::Plate;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::print::{copy_file_name, repair_order_html, write_repair_order};
use frontdesk::store::repair_orders::{
    self, NewLine, NewRepairOrder, NewWalkaround, RepairOrderRow,
};
use frontdesk::store::shop::{self, Shop};
use frontdesk::store::{Access, Store, customers, staff};

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

fn demo_db() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db"), Access::ReadWrite).unwrap();
    demo::fill(&mut store, 1, now(), zone()).unwrap();
    (dir, store)
}

/// The first demo order (by promised time) with both a claim (S) line and damage marks.
fn order_with_claim_and_damage(store: &mut Store) -> RepairOrderRow {
    store
        .read(|conn| {
            for ro in repair_orders::list(conn, false)? {
                let claim = repair_orders::lines(conn, ro.id)?.iter().any(|l| l.claim);
                let damage =
                    repair_orders::walkaround(conn, ro.id)?.is_some_and(|w| !w.damage.is_empty());
                if claim && damage {
                    return Ok(Some(ro));
                }
            }
            Ok(None)
        })
        .unwrap()
        .expect("the demo shop has an order with claim lines and damage marks")
}

#[test]
fn demo_order_prints_in_both_languages() {
    let (_dir, mut store) = demo_db();
    let ro = order_with_claim_and_damage(&mut store);
    let lines = store
        .read(|conn| repair_orders::lines(conn, ro.id))
        .unwrap();
    let to_pay: i64 = lines
        .iter()
        .filter(|l| !l.claim)
        .map(|l| l.amount_cents)
        .sum();
    assert_eq!(to_pay, ro.total_cents);
    assert!(ro.claim_cents > 0);
    let plate = Plate::parse(&ro.plate).unwrap().display();

    for (lang, name) in [
        (Lang::ZhCn, "repair_order_zh_cn"),
        (Lang::En, "repair_order_en"),
    ] {
        let i18n = I18n::new(lang);
        let html = repair_order_html(&mut store, &ro.number, &i18n, zone()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@page { size: A4; margin: 12mm; }"));
        assert!(html.contains("\"Noto Sans CJK SC\""));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
        assert!(html.contains(&format!("lang=\"{}\"", lang.code())));
        assert!(html.contains(&ro.number));
        assert!(html.contains(&plate), "plate {plate} shown");
        assert!(html.contains(&ro.customer_name));
        assert!(html.contains(&ro.advisor_name));
        assert!(
            html.contains(&format!("¥{}", Cents(to_pay))),
            "total to pay"
        );
        assert!(
            html.contains(&format!("{}", Cents(ro.claim_cents))),
            "claim total"
        );
        assert!(
            html.contains(&format!("¥{}", Cents(ro.estimate_cents))),
            "estimate"
        );
        assert!(html.contains("<td class=\"mark\">S</td>"), "claim mark");
        assert!(html.contains(i18n.t("print.signature")), "signature box");
        // The heading is the sheet's <thead> (repeated on every printed page) and holds
        // the shop and the number; totals and signatures are one unbreakable block.
        let head = &html[html.find("<thead><tr><td>").unwrap()..html.find("</thead>").unwrap()];
        for part in [
            "深圳鹏程汽车销售服务有限公司",
            "深圳市南山区沙河西路 3018 号鹏程汽车城 A 座",
            "0755-26688800",
            ro.number.as_str(),
        ] {
            assert!(head.contains(part), "{part} in the repeated heading");
        }
        assert!(html.contains(".closing { break-inside: avoid;"));
        let closing = html.find("<section class=\"closing\">").unwrap();
        let totals = html.find("<table class=\"totals\">").unwrap();
        let sign = html.find("<section class=\"sign\">").unwrap();
        assert!(
            closing < totals && totals < sign,
            "totals, then signatures, in one block"
        );
        assert!(html.contains(i18n.t("print.promised")));
        assert!(
            html.contains(
                &zone()
                    .to_local(ro.promised_at)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            )
        );
        insta::assert_snapshot!(name, html);
    }
}

/// A fresh order with hostile text everywhere people type, and lines of both kinds, paid
/// and claimed.
#[test]
fn typed_text_is_escaped_and_claims_are_not_charged() {
    let (_dir, mut store) = demo_db();
    let base = order_with_claim_and_damage(&mut store);
    let last_km = store
        .read(|conn| customers::vehicle(conn, base.vehicle_id))
        .unwrap()
        .unwrap()
        .last_odometer_km
        .unwrap_or(0);
    let hostile = r#"<script>alert("x")</script> & 'quoted' "double""#;
    let new = NewRepairOrder {
        customer_id: base.customer_id,
        vehicle_id: base.vehicle_id,
        appointment_id: None,
        advisor_id: base.advisor_id,
        comeback_of: None,
        comeback_charged: None,
        customer_description: hostile.into(),
        diagnosis: "<b>bold</b> & co".into(),
        odometer_km: last_km + 120,
        odometer_correction: None,
        promised_at: now() + Duration::hours(6),
        estimate_cents: 12_345,
        contact_during: Some("<i>call</i> 13800138000".into()),
        waiting_mode: WaitingMode::Lounge,
        payment_method: PaymentMethod::WeChat,
        next_service_km: Some(last_km + 5_120),
        next_service_on: Some(NaiveDate::from_ymd_opt(2027, 5, 23).unwrap()),
        signed_at: Some(now()),
        lines: vec![
            NewLine {
                kind: LineKind::Labour,
                description: "Oil & filter change".into(),
                quantity_centi: 100,
                unit_price_cents: 30_000,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
            NewLine {
                kind: LineKind::Part,
                description: "Filter <x> & \"seal\"".into(),
                quantity_centi: 150,
                unit_price_cents: 6_800,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
            NewLine {
                kind: LineKind::Part,
                description: "Water pump (warranty)".into(),
                quantity_centi: 100,
                unit_price_cents: 123_456,
                claim: true,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
        ],
        walkaround: NewWalkaround {
            fuel_level: FuelLevel::Half,
            warning_lights: "<ABS>".into(),
            tools_present: true,
            lighter_present: false,
            valuables_removed: true,
            return_old_parts: true,
            wash: false,
            engine_bay_clean: false,
            note: Some("note <n>".into()),
            damage: vec![(
                "<zone>".into(),
                DamageKind::Dent,
                Some("dent & \"scratch\"".into()),
            )],
        },
    };
    let (_, number) = store
        .write(Some(base.advisor_id), now(), |tx| {
            repair_orders::insert(tx, &new, today())
        })
        .unwrap();
    let html = repair_order_html(&mut store, &number, &I18n::new(Lang::En), zone()).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;double&quot;"
    ));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; co"));
    assert!(html.contains("&lt;i&gt;call&lt;/i&gt; 13800138000"));
    assert!(html.contains("Filter &lt;x&gt; &amp; &quot;seal&quot;"));
    assert!(html.contains("&lt;ABS&gt;"));
    assert!(html.contains("note &lt;n&gt;"));
    assert!(html.contains("&lt;zone&gt;"));
    assert!(html.contains("dent &amp; &quot;scratch&quot;"));
    for tag in ["<b>", "<i>", "<x>", "<ABS>", "<n>", "<zone>"] {
        assert!(!html.contains(tag), "{tag} left unescaped");
    }
    // Labour 300.00 + parts 1.5 × 68.00 = 102.00 paid; the 1,234.56 pump is claimed.
    let lines = store
        .read(|conn| {
            let id = repair_orders::list(conn, false)?
                .into_iter()
                .find(|r| r.number == number)
                .unwrap()
                .id;
            repair_orders::lines(conn, id)
        })
        .unwrap();
    let to_pay: i64 = lines
        .iter()
        .filter(|l| !l.claim)
        .map(|l| l.amount_cents)
        .sum();
    assert_eq!(to_pay, 40_200);
    assert!(html.contains(&format!("<td class=\"num\">¥{}</td>", Cents(to_pay))));
    assert!(html.contains("¥402.00"));
    assert!(
        html.contains("<td class=\"num\">1,234.56</td>"),
        "claim total"
    );
    assert!(html.contains("¥123.45"), "estimate");
    assert!(html.contains("138 0013 8000") || html.contains("13800138000"));
    assert_eq!(html.matches("<td class=\"mark\">S</td>").count(), 1);
    insta::assert_snapshot!("repair_order_typed_text_en", html);
}

#[test]
fn comeback_orders_carry_the_marker() {
    let (_dir, mut store) = demo_db();
    let ro = store
        .read(|conn| {
            Ok(repair_orders::list(conn, false)?
                .into_iter()
                .find(|r| r.is_comeback))
        })
        .unwrap()
        .expect("the demo shop has a comeback order");
    let prev = store
        .read(|conn| repair_orders::get(conn, ro.comeback_of.unwrap()))
        .unwrap()
        .unwrap();
    for lang in Lang::ALL {
        let i18n = I18n::new(lang);
        let html = repair_order_html(&mut store, &ro.number, &i18n, zone()).unwrap();
        let marker = i18n.t("marker.comeback");
        assert!(html.contains(marker), "{marker} in {}", lang.code());
        assert!(html.contains(&prev.number), "names the earlier order");
    }
    let plain = order_with_claim_and_damage(&mut store);
    if !plain.is_comeback {
        let i18n = I18n::new(Lang::En);
        let html = repair_order_html(&mut store, &plain.number, &i18n, zone()).unwrap();
        assert!(!html.contains(i18n.t("marker.comeback")));
    }
}

#[test]
fn the_heading_shows_the_shop_settings_escaped() {
    let (_dir, mut store) = demo_db();
    let ro = order_with_claim_and_damage(&mut store);
    let manager = staff::by_code(store.conn(), "M01").unwrap().unwrap();
    let i18n = I18n::new(Lang::En);
    let head = |html: &str| {
        html[html.find("<thead><tr><td>").unwrap()..html.find("</thead>").unwrap()].to_string()
    };
    shop::save_shop(
        &mut store,
        Some(manager.id),
        now(),
        &Shop {
            name: "<b>Lee & Sons</b> \"Auto\"".into(),
            address: "1 <i>Main</i> St".into(),
            phone: "0755-<1234>".into(),
        },
    )
    .unwrap();
    let html = repair_order_html(&mut store, &ro.number, &i18n, zone()).unwrap();
    let h = head(&html);
    assert!(
        h.contains("&lt;b&gt;Lee &amp; Sons&lt;/b&gt; &quot;Auto&quot;"),
        "{h}"
    );
    assert!(h.contains("1 &lt;i&gt;Main&lt;/i&gt; St"), "{h}");
    assert!(h.contains("Tel.: 0755-&lt;1234&gt;"), "{h}");
    for tag in ["<b>", "<i>", "<1234>"] {
        assert!(!html.contains(tag), "{tag} left unescaped");
    }
    // An unset shop prints the generic heading and no contact line.
    shop::save_shop(&mut store, Some(manager.id), now(), &Shop::default()).unwrap();
    let html = repair_order_html(&mut store, &ro.number, &i18n, zone()).unwrap();
    let h = head(&html);
    assert!(
        h.contains(&format!(
            "<div class=\"shop\">{}</div>",
            i18n.t("print.shop")
        )),
        "{h}"
    );
    assert!(!h.contains("shop-contact"), "{h}");
}

#[test]
fn printing_again_keeps_every_earlier_copy() {
    let (dir, mut store) = demo_db();
    let ro = order_with_claim_and_damage(&mut store);
    let manager = staff::by_code(store.conn(), "M01").unwrap().unwrap();
    let exports = dir.path().join("exports");
    let i18n = I18n::new(Lang::ZhCn);
    let mut paths = Vec::new();
    let mut contents = Vec::new();
    for phone in ["0755-11111111", "0755-22222222", "0755-33333333"] {
        // A different shop phone each time, so each copy differs from the one before.
        let shop = Shop {
            phone: phone.into(),
            ..store.read(shop::shop).unwrap()
        };
        shop::save_shop(&mut store, Some(manager.id), now(), &shop).unwrap();
        let path = write_repair_order(&mut store, &ro.number, &i18n, zone(), &exports).unwrap();
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.contains(phone));
        paths.push(path);
        contents.push(html);
    }
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            format!("{}.html", ro.number),
            format!("{}-2.html", ro.number),
            format!("{}-3.html", ro.number),
        ]
    );
    for (path, html) in paths.iter().zip(&contents) {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), html, "unchanged");
    }
    assert!(contents[0].contains("0755-11111111") && !contents[0].contains("0755-33333333"));
    let mut files: Vec<String> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, {
        let mut n = names.clone();
        n.sort();
        n
    });
    // A deleted earlier copy does not make the next print reuse its name out of order:
    // the newest copy always has the highest number.
    std::fs::remove_file(&paths[1]).unwrap();
    let fourth = write_repair_order(&mut store, &ro.number, &i18n, zone(), &exports).unwrap();
    assert_eq!(fourth, exports.join(copy_file_name(&ro.number, 4)));
    assert_eq!(std::fs::read_to_string(&paths[0]).unwrap(), contents[0]);
}

#[test]
fn counters_printing_at_once_each_get_their_own_complete_copy() {
    let (dir, mut store) = demo_db();
    let ro = order_with_claim_and_damage(&mut store);
    let expected = repair_order_html(&mut store, &ro.number, &I18n::new(Lang::En), zone()).unwrap();
    drop(store);
    let db = dir.path().join("demo.db");
    let exports = dir.path().join("exports");
    let (threads, each) = (4, 3);
    let barrier = std::sync::Barrier::new(threads);
    let mut paths: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut store = Store::open(&db, Access::ReadOnly).unwrap();
                    let i18n = I18n::new(Lang::En);
                    barrier.wait();
                    (0..each)
                        .map(|_| {
                            write_repair_order(&mut store, &ro.number, &i18n, zone(), &exports)
                                .unwrap()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    paths.sort();
    let mut wanted: Vec<_> = (1..=(threads * each) as u32)
        .map(|n| exports.join(copy_file_name(&ro.number, n)))
        .collect();
    wanted.sort();
    assert_eq!(paths, wanted, "one distinct file per print");
    for p in &paths {
        assert_eq!(
            std::fs::read_to_string(p).unwrap(),
            expected,
            "{}",
            p.display()
        );
    }
    let stray = std::fs::read_dir(&exports)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(stray, 0, "no temporary files left");
}

#[test]
fn write_repair_order_writes_a_private_file_atomically() {
    let (dir, mut store) = demo_db();
    let ro = order_with_claim_and_damage(&mut store);
    let exports = dir.path().join("nested").join("exports");
    let i18n = I18n::new(Lang::ZhCn);
    let path = write_repair_order(&mut store, &ro.number, &i18n, zone(), &exports).unwrap();
    assert_eq!(path, exports.join(format!("{}.html", ro.number)));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        repair_order_html(&mut store, &ro.number, &i18n, zone()).unwrap()
    );
    let leftovers: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Printing again writes the next copy and leaves this one alone.
    let again = write_repair_order(&mut store, &ro.number, &i18n, zone(), &exports).unwrap();
    assert_eq!(again, exports.join(format!("{}-2.html", ro.number)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&exports), 0o700);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&again), 0o600);
    }
}

#[test]
fn unknown_numbers_are_refused_by_name() {
    let (dir, mut store) = demo_db();
    let exports = dir.path().join("exports");
    let i18n = I18n::new(Lang::En);
    let err =
        write_repair_order(&mut store, "RO-20991231-0042", &i18n, zone(), &exports).unwrap_err();
    assert!(
        format!("{err:#}").contains("RO-20991231-0042"),
        "message names the number: {err:#}"
    );
    assert!(!exports.join("RO-20991231-0042.html").exists());
    let err = repair_order_html(&mut store, "../../etc/passwd", &i18n, zone()).unwrap_err();
    assert!(format!("{err:#}").contains("../../etc/passwd"));
}
