//! The catalog's completion on a big catalog: 50,000 parts and 5,000 operations with
//! names in both languages, built from realistic families × fitments × variants.
//!
//! Measured in one run, interleaved: each keystroke of typical queries ("机油", "0W-20",
//! "oil filter", "刹车片", "BY-10K" …, each prefix as it is typed) through
//! `store::catalog::complete`, against the bare SQL that returns the same rows (the same
//! statement, each column read, nothing mapped); the ratio is printed, and the plan.
//!
//! The database is built once and kept at `target/bench-data/catalog-55k.sqlite`.
//!
//! Run: `cargo bench --bench catalog`

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use frontdesk::domain::catalog::Unit;
use frontdesk::domain::kinds::StaffRole;
use frontdesk::store::catalog::{self, NewOperation, NewPart};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Result, Store, testing};

const PARTS: usize = 50_000;
const OPERATIONS: usize = 5_000;
const LIMIT: usize = 20;
/// The shop's labour rate (for the packages' totals).
const RATE: i64 = 30_000;

/// (zh, en, unit, price in yuan) of a family of parts.
const FAMILIES: &[(&str, &str, Unit, i64)] = &[
    (
        "全合成机油 0W-20 4L",
        "Full synthetic engine oil 0W-20 4 L",
        Unit::Can,
        468,
    ),
    (
        "全合成机油 5W-30 4L",
        "Full synthetic engine oil 5W-30 4 L",
        Unit::Can,
        428,
    ),
    (
        "半合成机油 5W-40 1L",
        "Semi-synthetic engine oil 5W-40 1 L",
        Unit::Bottle,
        78,
    ),
    ("机油滤清器", "Oil filter", Unit::Piece, 45),
    ("空气滤清器", "Air filter", Unit::Piece, 88),
    (
        "空调滤清器（活性炭）",
        "Cabin filter (activated carbon)",
        Unit::Piece,
        128,
    ),
    ("汽油滤清器", "Fuel filter", Unit::Piece, 156),
    ("铱金火花塞", "Iridium spark plug", Unit::Piece, 98),
    ("前刹车片", "Front brake pads", Unit::Set, 560),
    ("后刹车片", "Rear brake pads", Unit::Set, 480),
    ("前刹车盘", "Front brake disc", Unit::Piece, 690),
    ("刹车油 DOT4 1L", "Brake fluid DOT4 1 L", Unit::Bottle, 88),
    ("防冻冷却液 -35℃ 4L", "Coolant -35 °C 4 L", Unit::Can, 168),
    ("无骨雨刮片", "Frameless wiper blade", Unit::Strip, 88),
    (
        "免维护蓄电池 60Ah",
        "Maintenance-free battery 60 Ah",
        Unit::Piece,
        780,
    ),
    ("轮胎 205/55R16", "Tyre 205/55R16", Unit::Strip, 620),
    ("轮胎 225/45R17", "Tyre 225/45R17", Unit::Strip, 860),
    ("空调冷媒 R134a", "A/C refrigerant R134a", Unit::Can, 120),
    ("发动机皮带", "Drive belt", Unit::Strip, 230),
    ("正时皮带套件", "Timing belt kit", Unit::Set, 1_280),
    ("水泵总成", "Water pump assembly", Unit::Piece, 860),
    ("节温器", "Thermostat", Unit::Piece, 260),
    ("前减震器", "Front shock absorber", Unit::Piece, 980),
    ("平衡杆连杆", "Stabiliser link", Unit::Piece, 180),
    ("轮毂轴承", "Wheel bearing", Unit::Piece, 420),
];

/// (zh, en) of the cars a part fits.
const FITMENTS: &[(&str, &str)] = &[
    ("大众 EA211", "VW EA211"),
    ("大众 EA888", "VW EA888"),
    ("丰田 卡罗拉", "Toyota Corolla"),
    ("丰田 凯美瑞", "Toyota Camry"),
    ("本田 思域", "Honda Civic"),
    ("本田 雅阁", "Honda Accord"),
    ("日产 轩逸", "Nissan Sylphy"),
    ("别克 英朗", "Buick Excelle GT"),
    ("比亚迪 秦", "BYD Qin"),
    ("吉利 帝豪", "Geely Emgrand"),
];

/// (code, zh, en, hours) of a family of operations.
const JOBS: &[(&str, &str, &str, i64)] = &[
    ("BY-OIL", "更换机油机滤", "Oil and filter change", 50),
    ("BR-PAD-F", "更换前刹车片", "Replace front brake pads", 120),
    ("BR-PAD-R", "更换后刹车片", "Replace rear brake pads", 120),
    ("AC-GAS", "空调加注冷媒", "A/C refrigerant recharge", 80),
    ("DG-OBD", "电脑故障诊断", "OBD fault diagnosis", 50),
    ("TY-ALN", "四轮定位", "Wheel alignment", 100),
    ("TY-BAL", "轮胎动平衡", "Wheel balancing", 40),
    ("CL-CHG", "更换冷却液", "Coolant change", 80),
    ("SU-SHK", "更换减震器", "Replace shock absorber", 150),
    ("DG-NOISE", "异响诊断", "Abnormal noise diagnosis", 100),
];

fn build(store: &mut Store) -> Result<()> {
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-23T08:00:00+08:00")
        .unwrap()
        .with_timezone(&Utc);
    let manager = store.write(None, now, |tx| {
        staff::create(
            tx,
            &NewStaff {
                code: "M01".into(),
                name: "孙建国".into(),
                role: StaffRole::Manager,
            },
        )
    })?;
    let parts: Vec<NewPart> = (0..PARTS)
        .map(|i| {
            let (zh, en, unit, yuan) = FAMILIES[i % FAMILIES.len()];
            let (fz, fe) = FITMENTS[(i / FAMILIES.len()) % FITMENTS.len()];
            let variant = i / (FAMILIES.len() * FITMENTS.len());
            NewPart {
                part_number: format!("P{:02}-{:06}", i % FAMILIES.len(), i),
                name_zh: format!("{zh}（{fz}）型号{variant}"),
                name_en: format!("{en} ({fe}) type {variant}"),
                unit,
                price_cents: yuan * 100 + (i as i64 % 50) * 100,
                in_stock: i % 7 != 0,
            }
        })
        .collect();
    let ops: Vec<NewOperation> = (0..OPERATIONS)
        .map(|i| {
            let (code, zh, en, hours) = JOBS[i % JOBS.len()];
            let (fz, fe) = FITMENTS[(i / JOBS.len()) % FITMENTS.len()];
            NewOperation {
                code: format!("{code}-{i:05}"),
                name_zh: format!("{zh}（{fz}）"),
                name_en: format!("{en} ({fe})"),
                hours_centi: hours + (i as i64 % 4) * 10,
                rate_cents: None,
                warranty: i % 50 == 0,
            }
        })
        .collect();
    store.write(Some(manager), now, |tx| {
        catalog::import_parts(tx, "bench-parts.csv", &parts)?;
        catalog::import_operations(tx, "bench-operations.csv", &ops)?;
        Ok(())
    })?;
    store.conn().execute_batch("ANALYZE")?;
    Ok(())
}

/// The bare SQL for the same rows: the completion's statement, every column read as
/// SQLite gives it, nothing mapped.
fn bare(conn: &rusqlite::Connection, query: &str) -> usize {
    let (from, to) = catalog::key_range(query).unwrap();
    let mut st = conn.prepare_cached(catalog::SQL_COMPLETE).unwrap();
    let n = st.column_count();
    let mut q = st
        .query(rusqlite::params![from, to, LIMIT as i64, RATE])
        .unwrap();
    let mut rows = 0;
    while let Some(r) = q.next().unwrap() {
        for i in 0..n {
            black_box(r.get_ref(i).unwrap());
        }
        rows += 1;
    }
    rows
}

/// The bare SQL of the catalog screen's list: its statement, every column read.
fn bare_list(conn: &rusqlite::Connection, kind: catalog::HitKind, query: &str) -> usize {
    let range = catalog::key_range(query);
    let mut st = conn
        .prepare_cached(&catalog::keep::list_sql(kind, range.is_some()))
        .unwrap();
    let n = st.column_count();
    let mut q = match &range {
        Some((from, to)) => st
            .query(rusqlite::params![
                from,
                to,
                query.trim().to_lowercase(),
                LIST as i64
            ])
            .unwrap(),
        None => st.query(rusqlite::params![LIST as i64]).unwrap(),
    };
    let mut rows = 0;
    while let Some(r) = q.next().unwrap() {
        for i in 0..n {
            black_box(r.get_ref(i).unwrap());
        }
        rows += 1;
    }
    rows
}

/// How many rows the catalog screen reads at once.
const LIST: usize = frontdesk::app::screens::catalog::LIMIT;

/// The catalog screen's list over the big catalog, searched as typed, against its bare
/// SQL; with the plans of its statements.
fn list_bench(store: &mut Store) {
    use catalog::HitKind;
    for kind in [HitKind::Part, HitKind::Operation, HitKind::Package] {
        for filtered in [false, true] {
            let sql = catalog::keep::list_sql(kind, filtered);
            for p in testing::query_plan(store.conn(), &sql).unwrap() {
                eprintln!("list plan ({kind:?}, filtered {filtered}): {p}");
            }
        }
    }
    let cases: Vec<(HitKind, &str)> = vec![
        (HitKind::Part, ""),
        (HitKind::Part, "机"),
        (HitKind::Part, "机油滤"),
        (HitKind::Part, "oil filter"),
        (HitKind::Part, "p07-0123"),
        (HitKind::Operation, ""),
        (HitKind::Operation, "by-oil"),
        (HitKind::Operation, "卡罗拉"),
    ];
    for (kind, q) in &cases {
        let rows = catalog::keep::list(store.conn(), *kind, q, LIST).unwrap();
        assert_eq!(
            rows.len(),
            bare_list(store.conn().sqlite("bench").unwrap(), *kind, q),
            "{kind:?} {q}"
        );
    }
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        for (kind, q) in &cases {
            let s = Instant::now();
            black_box(store.catalog_list(*kind, q, LIST).unwrap());
            ours.push(s.elapsed().as_secs_f64() * 1e6);
            let s = Instant::now();
            black_box(bare_list(store.conn().sqlite("bench").unwrap(), *kind, q));
            base.push(s.elapsed().as_secs_f64() * 1e6);
        }
    }
    let (o, op99) = percentiles(&mut ours);
    let (b, bp99) = percentiles(&mut base);
    eprintln!(
        "catalog screen list ({} searches, up to {LIST} rows): median {o:.0} µs (p99 {op99:.0} µs); \
         bare SQL {b:.0} µs (p99 {bp99:.0} µs); ratio {:.2}",
        cases.len(),
        o / b
    );
}

fn percentiles(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[(v.len() * 99 / 100).min(v.len() - 1)])
}

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target.join("bench-data").join("catalog-55k.sqlite");
    let started = Instant::now();
    let mut store = testing::cached_database(
        &path,
        |s| testing::row_count(s, "catalog_parts").ok() == Some(PARTS),
        build,
    )
    .unwrap();
    eprintln!("{} ready in {:.1?}", path.display(), started.elapsed());
    let (parts, ops, _) = catalog::sizes(store.conn()).unwrap();
    assert_eq!((parts, ops), (PARTS, OPERATIONS));
    eprintln!(
        "{} keys",
        testing::row_count(&store, "catalog_keys").unwrap()
    );
    for p in testing::query_plan(store.conn(), catalog::SQL_COMPLETE).unwrap() {
        eprintln!("plan: {p}");
    }
    // Each query as it is typed, one prefix per keystroke.
    let typed: Vec<String> = [
        "机油",
        "0W-20",
        "oil filter",
        "刹车片",
        "BY-OIL",
        "p07-0123",
        "卡罗拉",
        "r134",
    ]
    .iter()
    .flat_map(|q| {
        let chars: Vec<char> = q.chars().collect();
        (1..=chars.len())
            .map(|n| chars[..n].iter().collect::<String>())
            .filter(|p| catalog::key_range(p).is_some())
            .collect::<Vec<_>>()
    })
    .collect();
    for q in &typed {
        let hits = catalog::complete(store.conn(), q, LIMIT, RATE).unwrap();
        assert_eq!(
            hits.len(),
            store.read(|c| Ok(bare(c.sqlite("bench")?, q))).unwrap(),
            "{q}"
        );
        assert!(!hits.is_empty(), "{q} finds nothing");
    }
    let (mut ours, mut base) = (Vec::new(), Vec::new());
    for _ in 0..100 {
        for q in &typed {
            let s = Instant::now();
            black_box(
                store
                    .read(|c| catalog::complete(c, q, LIMIT, RATE))
                    .unwrap(),
            );
            ours.push(s.elapsed().as_secs_f64() * 1e6);
            let s = Instant::now();
            black_box(store.read(|c| Ok(bare(c.sqlite("bench")?, q))).unwrap());
            base.push(s.elapsed().as_secs_f64() * 1e6);
        }
    }
    let (o, op99) = percentiles(&mut ours);
    let (b, bp99) = percentiles(&mut base);
    eprintln!(
        "completion per keystroke ({} keystrokes, {PARTS} parts + {OPERATIONS} operations, {LIMIT} shown): \
         median {o:.0} µs (p99 {op99:.0} µs); bare SQL {b:.0} µs (p99 {bp99:.0} µs); ratio {:.2}",
        typed.len(),
        o / b
    );
    list_bench(&mut store);
}
