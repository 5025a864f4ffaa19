//! The job catalog in the store and its files (issue 15): a price list imports whole or
//! not at all, a refused row is named by its line, a price change keeps its history and
//! never touches an order already signed, any typed piece of a code or a name finds its
//! entry, and the command line imports and exports in the user's language.

mod engine;

use chrono::{DateTime, Utc};
use frontdesk::catalog_file::{self, ReadError};
use frontdesk::domain::catalog::{CatalogError, Unit};
use frontdesk::domain::kinds::StaffRole;
use frontdesk::store::catalog::{self, Counts, ItemCode, NewPackage};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, Store, StoreError, audit, testing};

fn at(h: u32) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-23T{h:02}:00:00+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

const PARTS: &str = "\
part_number,name,name_en,unit,price,in_stock
OIL-0W20-4L,全合成机油 0W-20 4L,Full synthetic engine oil 0W-20 4 L,桶,468.00,1
OF-EA211,机油滤清器（大众 EA211）,Oil filter (VW EA211),个,45.50,1
WB-600,\"雨刮片 600mm, 无骨\",\"Wiper blade 600 mm, frameless\",条,88,0
";

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    manager: i64,
    advisor: i64,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut store = engine::open_store(&dir.path().join("shop.db"), Access::ReadWrite);
    let mut person = |by: Option<i64>, code: &str, role| {
        store
            .write(by, at(7), |tx| {
                staff::create(
                    tx,
                    &NewStaff {
                        code: code.into(),
                        name: format!("{code}号"),
                        role,
                    },
                )
            })
            .unwrap()
    };
    let manager = person(None, "M01", StaffRole::Manager);
    let advisor = person(Some(manager), "A01", StaffRole::Advisor);
    Shop {
        _dir: dir,
        store,
        manager,
        advisor,
    }
}

fn import(s: &mut Shop, who: i64, text: &str) -> frontdesk::store::Result<Counts> {
    let rows = catalog_file::read_parts(text.as_bytes()).unwrap();
    s.store.write(Some(who), at(9), |tx| {
        catalog::import_parts(tx, "parts.csv", &rows)
    })
}

#[test]
fn a_good_price_list_imports_and_again_changes_only_what_changed() {
    let mut s = shop();
    let m = s.manager;
    let before = testing::row_count(&s.store, "audit_log").unwrap();
    assert_eq!(
        import(&mut s, m, PARTS).unwrap(),
        Counts {
            added: 3,
            updated: 0,
            unchanged: 0
        }
    );
    let wiper = catalog::part_by_number(s.store.conn(), "WB-600")
        .unwrap()
        .unwrap();
    assert_eq!(wiper.name_zh, "雨刮片 600mm, 无骨");
    assert_eq!(wiper.name_en, "Wiper blade 600 mm, frameless");
    assert_eq!(
        (wiper.unit, wiper.price_cents, wiper.in_stock),
        (Unit::Strip, 8_800, false)
    );
    assert_eq!(
        testing::row_count(&s.store, "audit_log").unwrap(),
        before + 1
    );
    let entry = audit::recent(s.store.conn(), None, 1).unwrap().remove(0);
    assert_eq!(
        (entry.action.as_str(), entry.staff_id),
        ("catalog.import", Some(m))
    );
    assert!(entry.detail.contains("\"added\":3"), "{}", entry.detail);

    // The same file again: nothing changes; a new price: one part changes, its history
    // grows.
    assert_eq!(import(&mut s, m, PARTS).unwrap().unchanged, 3);
    let dearer = PARTS.replace("45.50", "49.00");
    assert_eq!(
        import(&mut s, m, &dearer).unwrap(),
        Counts {
            added: 0,
            updated: 1,
            unchanged: 2
        }
    );
    let filter = catalog::part_by_number(s.store.conn(), "OF-EA211")
        .unwrap()
        .unwrap();
    let prices: Vec<i64> = catalog::part_prices(s.store.conn(), filter.id)
        .unwrap()
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(prices, vec![4_550, 4_900]);
    assert_eq!(filter.version, 2);
}

#[test]
fn a_refused_row_is_named_by_its_line_and_nothing_is_read() {
    let bad_unit = format!("{PARTS}TY-2055516,轮胎 205/55R16,Tyre,箱,520.00,1\n");
    match catalog_file::read_parts(bad_unit.as_bytes()) {
        Err(ReadError::Row(e)) => {
            assert_eq!(e.line, 5);
            assert!(matches!(e.error, CatalogError::UnknownUnit { .. }));
        }
        other => panic!("{other:?}"),
    }
    let bad_price = PARTS.replace("45.50", "45.505");
    match catalog_file::read_parts(bad_price.as_bytes()) {
        Err(ReadError::Row(e)) => {
            assert_eq!(e.line, 3);
            assert!(matches!(e.error, CatalogError::Price(_)));
        }
        other => panic!("{other:?}"),
    }
    let twice = format!("{PARTS}of-ea211,机油滤清器,Oil filter,个,40,1\n");
    match catalog_file::read_parts(twice.as_bytes()) {
        Err(ReadError::Row(e)) => {
            assert_eq!(e.line, 5);
            assert_eq!(
                e.error,
                CatalogError::Duplicate {
                    code: "OF-EA211".into(),
                    first: 3
                }
            );
        }
        other => panic!("{other:?}"),
    }
    let no_price = "part_number,name,unit\nOF-1,机滤,个\n";
    match catalog_file::read_parts(no_price.as_bytes()) {
        Err(ReadError::Row(e)) => {
            assert_eq!(e.line, 1);
            assert_eq!(e.error, CatalogError::MissingColumn { column: "price" });
        }
        other => panic!("{other:?}"),
    }
    // Chinese headers, as a spreadsheet exported in China has them.
    let zh = "配件编号,名称,单位,单价\nOF-1,机滤,个,40\n";
    let rows = catalog_file::read_parts(zh.as_bytes()).unwrap();
    assert_eq!((rows[0].price_cents, rows[0].in_stock), (4_000, true));
}

#[test]
fn only_a_manager_or_supervisor_imports_and_a_refusal_writes_nothing() {
    let mut s = shop();
    let a = s.advisor;
    assert!(matches!(
        import(&mut s, a, PARTS),
        Err(StoreError::NotAllowed(_))
    ));
    assert_eq!(testing::row_count(&s.store, "catalog_parts").unwrap(), 0);
    // A package naming a part the catalog lacks: the packages before it are rolled back
    // with it.
    let m = s.manager;
    import(&mut s, m, PARTS).unwrap();
    let package = |code: &str, part: &str| NewPackage {
        code: code.into(),
        name_zh: "保养".into(),
        name_en: "Service".into(),
        due_km: Some(10_000),
        lines: vec![(ItemCode::Part(part.into()), 400)],
    };
    let r = s.store.write(Some(m), at(10), |tx| {
        catalog::import_packages(
            tx,
            "packages.toml",
            &[
                package("BY-10K", "OIL-0W20-4L"),
                package("BY-20K", "NO-SUCH"),
            ],
        )
    });
    assert!(matches!(
        r,
        Err(StoreError::Catalog(CatalogError::UnknownItem { .. }))
    ));
    assert_eq!(testing::row_count(&s.store, "catalog_packages").unwrap(), 0);
    assert_eq!(
        testing::row_count(&s.store, "catalog_package_lines").unwrap(),
        0
    );
}

#[test]
fn any_piece_of_a_code_or_a_name_in_either_language_finds_the_entry() {
    let mut s = shop();
    let m = s.manager;
    import(&mut s, m, PARTS).unwrap();
    let oil = catalog::part_by_number(s.store.conn(), "OIL-0W20-4L")
        .unwrap()
        .unwrap();
    let filter = catalog::part_by_number(s.store.conn(), "OF-EA211")
        .unwrap()
        .unwrap();
    let found = |q: &str| -> Vec<i64> {
        catalog::find(s.store.conn(), q, 20)
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    };
    for q in ["机油", "0W-20", "0w20", "oil-0w", "synthetic", "ＯＩＬ"] {
        assert!(found(q).contains(&oil.id), "{q}");
    }
    assert_eq!(found("滤清器"), vec![filter.id]);
    assert!(
        found("机油").contains(&filter.id),
        "机油滤清器 holds 机油 too"
    );
    assert!(found("zzz").is_empty());
    assert!(found(" ").is_empty());
    // The completion brings what a line takes from each entry.
    s.store
        .write(Some(m), at(10), |tx| {
            catalog::import_packages(
                tx,
                "packages.toml",
                &[NewPackage {
                    code: "BY-10K".into(),
                    name_zh: "1万公里常规保养".into(),
                    name_en: "10,000 km service".into(),
                    due_km: Some(10_000),
                    lines: vec![
                        (ItemCode::Part("OIL-0W20-4L".into()), 100),
                        (ItemCode::Part("OF-EA211".into()), 100),
                    ],
                }],
            )
        })
        .unwrap();
    let hits = catalog::complete(s.store.conn(), "by-10", 10, 30_000).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (
            hits[0].kind,
            hits[0].code.as_str(),
            hits[0].name_en.as_str()
        ),
        (catalog::HitKind::Package, "BY-10K", "10,000 km service")
    );
    let hits = catalog::complete(s.store.conn(), "oil filter", 10, 30_000).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        (hits[0].price_cents, hits[0].unit, hits[0].in_stock),
        (Some(4_550), Some(Unit::Piece), true)
    );
    assert!(
        catalog::complete(s.store.conn(), "", 10, 30_000)
            .unwrap()
            .is_empty()
    );
    if engine::sqlite_only("the search's query plans") {
        return;
    }
    for sql in [catalog::SQL_FIND, catalog::SQL_COMPLETE] {
        let plan = testing::query_plan(s.store.conn(), sql).unwrap();
        assert!(
            plan.iter().all(|p| !p.starts_with("SCAN") || p == "SCAN k"),
            "{plan:#?}"
        );
    }
    let plan = testing::query_plan(s.store.conn(), catalog::SQL_FIND).unwrap();
    assert!(
        plan.iter()
            .all(|p| p.starts_with("SEARCH") || p.contains("DISTINCT")),
        "{plan:#?}"
    );
}

/// `frontdesk catalog import|export` on a real database file, in both languages.
#[test]
fn the_command_line_imports_all_or_nothing_and_exports_what_it_imports() {
    if engine::sqlite_only("the command line, which this build runs on database files") {
        return;
    }
    let s = shop();
    let dir = s._dir.path().to_path_buf();
    drop(s.store);
    let db = dir.join("shop.db");
    let run = |lang: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(["--db", db.to_str().unwrap(), "--lang", lang])
            .args(args)
            .env_clear()
            .env("HOME", &dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .env("FRONTDESK_NOW", "2026-11-23T09:00:00+08:00")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    };
    let count = || {
        let store = engine::open_store(&db, Access::ReadOnly);
        testing::row_count(&store, "catalog_parts").unwrap()
    };
    // A bad fourth row: the good rows before it are not imported either.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, PARTS.replace("条,88,0", "条,八十八,0")).unwrap();
    for (lang, words) in [("en", "line 4"), ("zh-CN", "第 4 行")] {
        let out = run(
            lang,
            &[
                "--staff",
                "M01",
                "catalog",
                "import",
                "--file",
                bad.to_str().unwrap(),
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(err.contains(words) && err.contains("bad.csv"), "{err}");
        assert_eq!(count(), 0, "{err}");
    }
    let out = run(
        "zh-CN",
        &["catalog", "import", "--file", bad.to_str().unwrap()],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--staff"));

    let good = dir.join("parts.csv");
    std::fs::write(&good, PARTS).unwrap();
    let out = run(
        "zh-CN",
        &[
            "--staff",
            "M01",
            "catalog",
            "import",
            "--file",
            good.to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("新增 3 条"), "{said}");
    assert_eq!(count(), 3);

    // The export reads back as the same rows, and imports again without a change.
    let out = run("en", &["catalog", "export"]);
    assert!(out.status.success());
    let exported = catalog_file::read_parts(&out.stdout[..]).unwrap();
    let original = catalog_file::read_parts(PARTS.as_bytes()).unwrap();
    let mut sorted = original.clone();
    sorted.sort_by(|a, b| a.part_number.cmp(&b.part_number));
    assert_eq!(exported, sorted);
    let again = dir.join("again.csv");
    std::fs::write(&again, &out.stdout).unwrap();
    let out = run(
        "en",
        &[
            "--staff",
            "M01",
            "catalog",
            "import",
            "--file",
            again.to_str().unwrap(),
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0 added, 0 changed, 3 unchanged"), "{said}");
}

/// The demo shop ships a realistic catalog: common maintenance, brakes, tyres, A/C and
/// diagnostics, 300+ parts, and packages by mileage whose lines all resolve.
#[test]
fn the_demo_shop_ships_a_realistic_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = engine::open_store(&dir.path().join("demo.db"), Access::ReadWrite);
    let n = frontdesk::demo::fill(&mut store, 1, at(9), frontdesk::demo::ZONE).unwrap();
    let (parts, ops, packages) = catalog::sizes(store.conn()).unwrap();
    assert!(
        parts >= 300 && ops >= 60 && packages >= 9,
        "{parts} {ops} {packages}"
    );
    assert_eq!((n.parts, n.operations, n.packages), (parts, ops, packages));
    for (q, zh) in [
        ("机油", "机油"),
        ("刹车片", "刹车片"),
        ("205/55R16", "205/55R16"),
        ("制冷剂", "制冷剂"),
        ("r134", "R134a"),
    ] {
        let hits = catalog::complete(store.conn(), q, 20, 30_000).unwrap();
        assert!(hits.iter().any(|h| h.name_zh.contains(zh)), "{q}: {hits:?}");
    }
    let hits = catalog::complete(store.conn(), "BY-10K", 5, 30_000).unwrap();
    assert_eq!(hits[0].kind, catalog::HitKind::Package);
    assert_eq!(hits[0].code, "BY-10K");
    // The total shown before the package is taken is what its lines add up to.
    let lines = catalog::package_lines(store.conn(), hits[0].id).unwrap();
    assert!(lines.iter().any(|l| l.labour) && lines.iter().any(|l| !l.labour));
    let sum: i64 = lines
        .iter()
        .map(|l| {
            frontdesk::domain::money::line_amount(
                l.quantity_centi,
                l.unit_price_cents.unwrap_or(30_000),
            )
            .unwrap()
            .0
        })
        .sum();
    assert_eq!(hits[0].total_cents, Some(sum));
    let diagnostics = catalog::complete(store.conn(), "诊断", 20, 30_000).unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|h| h.kind == catalog::HitKind::Operation),
        "{diagnostics:?}"
    );
    let lines = testing::row_count(&store, "catalog_package_lines").unwrap();
    assert!(lines >= packages * 3, "{lines}");
}

mod settle_support;

/// Changing a part's price in the catalog (the catalog screen's transaction): audited
/// with what it was and is, a new row in its history, refused to an advisor and to a
/// stale version, and an order already signed keeps the price it took.
#[test]
fn a_price_change_keeps_its_history_and_never_touches_a_signed_order() {
    use frontdesk::domain::kinds::LineKind;
    use frontdesk::store::catalog::keep::{self, Entry};
    use frontdesk::store::repair_orders;
    let (_dir, mut store) = settle_support::demo_db();
    let part = catalog::part_by_number(store.conn(), "OF-04E115561H")
        .unwrap()
        .unwrap();
    let (ro, _) = settle_support::check_in(
        &mut store,
        0,
        &[(LineKind::Part, "机油滤清器", 100, part.price_cents, false)],
    );
    let before = repair_orders::lines(store.conn(), ro).unwrap();
    let changed = Entry::Part(catalog::NewPart {
        part_number: part.part_number.clone(),
        name_zh: part.name_zh.clone(),
        name_en: part.name_en.clone(),
        unit: part.unit,
        price_cents: part.price_cents + 1_000,
        in_stock: part.in_stock,
    });
    let later = settle_support::now() + chrono::Duration::hours(1);
    let advisor = settle_support::staff_id(&store, "A01");
    let refused = store.write(Some(advisor), later, |tx| {
        keep::save(tx, &changed, Some((part.id, part.version)))
    });
    assert!(
        matches!(refused, Err(StoreError::NotAllowed(_))),
        "{refused:?}"
    );
    let supervisor = settle_support::staff_id(&store, "S01");
    store
        .write(Some(supervisor), later, |tx| {
            keep::save(tx, &changed, Some((part.id, part.version)))
        })
        .unwrap();
    // The same change from a screen that read the old version: a conflict.
    let stale = store.write(Some(supervisor), later, |tx| {
        keep::save(tx, &changed, Some((part.id, part.version)))
    });
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    assert_eq!(repair_orders::lines(store.conn(), ro).unwrap(), before);
    let prices = keep::prices(store.conn(), catalog::HitKind::Part, part.id).unwrap();
    assert_eq!(prices.len(), 2);
    assert_eq!(prices[0].price_cents, Some(part.price_cents + 1_000));
    assert_eq!(prices[1].price_cents, Some(part.price_cents));
    let a = &audit::recent(store.conn(), Some(("catalog_parts", part.id)), 1).unwrap()[0];
    assert_eq!(
        (a.action.as_str(), a.staff_id),
        ("catalog.change", Some(supervisor))
    );
    // A new part with a code already in the catalog is refused.
    let dup = store.write(Some(supervisor), later, |tx| keep::save(tx, &changed, None));
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
}
