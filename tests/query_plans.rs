//! Every statement the console and the boards run while an advisor goes through every
//! screen, planned as SQLite plans it on the large database (`demo --scale large`):
//! none scans a big table. The demo shop is given the large database's statistics
//! (`tests/fixtures/sqlite_stat1_large.tsv`), so the planner chooses as it would on a
//! million orders; the statements are caught as they run (`trace_v2`), so a new query on
//! a load path or a key is checked without being listed here.

mod support;

use std::collections::BTreeSet;
use std::sync::Mutex;

use frontdesk::app::RunMode;
use frontdesk::i18n::Lang;
use frontdesk::store::{Store, testing};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

use support::app::App;

/// Tables that grow with the shop's history: a plan may walk one only through a
/// partial index of its open rows (or the whole of such an index).
const BIG: &[&str] = &[
    "appointments",
    "audit_log",
    "complaint_events",
    "complaints",
    "customer_name_keys",
    "customers",
    "follow_up_calls",
    "quality_checks",
    "repair_order_events",
    "repair_order_lines",
    "repair_orders",
    "supervision_orders",
    "vehicles",
    "walkaround_damage",
    "walkarounds",
    "drafts",
];

/// Partial indexes of the open rows: hundreds of rows however long the history.
const OPEN_ONLY: &[&str] = &[
    "repair_orders_open",
    "repair_order_lines_open",
    "repair_orders_customer_open",
    "repair_orders_technician_open",
    "complaints_open",
];

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(st, sql) = e {
        // Trigger programs are reported as "-- TRIGGER name"; their statements are
        // written in the migrations and run on writes only.
        if !sql.starts_with("--") {
            let text = st.expanded_sql().unwrap_or_else(|| sql.to_string());
            SEEN.lock().unwrap().push(text);
        }
    }
}

const FIXTURE: &str = include_str!("fixtures/sqlite_stat1_large.tsv");

/// Gives the database the large database's statistics, the only ones it has.
fn large_statistics(store: &mut Store) {
    let c = store.conn();
    c.execute_batch("ANALYZE; DELETE FROM sqlite_stat1;")
        .unwrap();
    // Samples of the demo's small tables would contradict the counts below.
    let stat4: bool = c
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'sqlite_stat4'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if stat4 {
        c.execute_batch("DELETE FROM sqlite_stat4").unwrap();
    }
    let mut n = 0;
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#')) {
        let mut f = line.split('\t');
        let (t, i, s) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let idx = (!i.is_empty()).then_some(i);
        c.execute(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?1, ?2, ?3)",
            rusqlite::params![t, idx, s],
        )
        .unwrap();
        n += 1;
    }
    assert!(n > 40, "the fixture holds the large database's statistics");
}

/// The tables a statement names, with the names its plan uses for them (aliases).
fn names(sql: &str) -> Vec<(String, String)> {
    let words: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_string())
        .collect();
    let keyword = |w: &str| {
        [
            "WHERE",
            "JOIN",
            "LEFT",
            "INNER",
            "ON",
            "GROUP",
            "ORDER",
            "LIMIT",
            "UNION",
            "SELECT",
            "AS",
            "INDEXED",
            "NOT",
            "USING",
            "CROSS",
            "SET",
            "VALUES",
            "HAVING",
            "OUTER",
            "EXCEPT",
            "INTERSECT",
            "WINDOW",
        ]
        .contains(&w.to_ascii_uppercase().as_str())
    };
    let mut tables = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let up = w.to_ascii_uppercase();
        if matches!(up.as_str(), "FROM" | "JOIN" | "UPDATE" | "INTO")
            && let Some(t) = words.get(i + 1)
        {
            let mut alias = t.clone();
            let mut j = i + 2;
            if words.get(j).is_some_and(|w| w.eq_ignore_ascii_case("AS")) {
                j += 1;
            }
            if let Some(a) = words.get(j).filter(|a| !keyword(a)) {
                alias = a.clone();
            }
            tables.push((t.clone(), alias));
        }
    }
    tables
}

/// The big table a plan step scans without a partial index of open rows, if any.
fn bad_scan(step: &str, tables: &[(String, String)]) -> Option<String> {
    let rest = step.strip_prefix("SCAN ")?;
    let name = rest.split_whitespace().next()?;
    let index = rest
        .split_once(" INDEX ")
        .map(|(_, i)| i.split_whitespace().next().unwrap_or(""));
    if index.is_some_and(|i| OPEN_ONLY.contains(&i)) {
        return None;
    }
    let table = tables
        .iter()
        .find(|(_, a)| a == name)
        .map(|(t, _)| t.as_str())
        .unwrap_or(name);
    BIG.contains(&table).then(|| table.to_string())
}

/// What an advisor does on every screen: every list key, the detail and its forms
/// opened and left, a search typed; then the boards' every page.
const COUNTER: &[&str] = &[
    // Check-in: the expected arrivals, a search by plate, phone, name.
    "F1",
    "Down Up End Home",
    "text:24464",
    "C-u text:1380",
    "C-u text:王",
    "Down Enter",
    "PageDown PageDown PageUp Esc Esc",
    // Work orders: the board, its views and filters, an order's detail and its forms.
    "F2",
    "Down Down PageDown End Home",
    "v Down v",
    "/ text:待料 Esc",
    "/ text:parts Esc Esc",
    "c Down Esc",
    "Down Enter",
    "d Esc p Esc a Esc i Esc b Esc",
    "Esc",
    // Complaints: the open list, the stats, a detail.
    "F3",
    "Down End Home",
    "s Left Right Esc",
    "/ text:噪 Esc Esc",
    "Enter",
    "m Esc",
    "Esc",
    "n Esc",
    // Appointments: the day board, the next days, the week, reminders.
    "F4",
    "Down End Home",
    "Right Right Left t",
    "w Right Left w",
    "m Down Esc",
    "n Esc",
    "g Esc",
    "e Esc",
    // Settings, staff, catalog.
    "F5",
    "Down Up",
    "F6",
    "Down End Home",
    "F7",
    "Down Right Down Right Down Left Left",
    "/ text:机油 Esc Esc",
    "C-l",
];

const BOARD: &[&str] = &[
    "1", "Down", "2", "v", "v", "3", "4", "5", "[", "]", "t", "Right", "Left", "C-l",
];

/// The statements run (reads and writes that search) with their plans.
fn run(mode: RunMode, keys: &[&str]) -> Vec<(String, Vec<String>)> {
    let mut app = App::demo_with(Lang::En, mode, large_statistics);
    SEEN.lock().unwrap().clear();
    app.fx
        .store
        .conn()
        .sqlite("tracing")
        .unwrap()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    // The first frame's loads, as at start.
    app.send(frontdesk::app::Msg::Tick(support::app::now()));
    if mode == RunMode::Console {
        app.sign_in_as("A01");
    }
    for k in keys {
        app.press(k);
        app.draw(120, 40);
    }
    let conn = app.fx.store.conn();
    conn.sqlite("tracing")
        .unwrap()
        .trace_v2(TraceEventCodes::empty(), None);
    let seen: BTreeSet<String> = std::mem::take(&mut *SEEN.lock().unwrap())
        .into_iter()
        .collect();
    seen.into_iter()
        .filter(|sql| {
            let up = sql.trim_start().to_ascii_uppercase();
            ["SELECT", "WITH", "UPDATE", "DELETE"]
                .iter()
                .any(|k| up.starts_with(k))
        })
        .map(|sql| {
            let plan = testing::query_plan(conn, &sql).unwrap();
            (sql, plan)
        })
        .collect()
}

#[test]
fn no_statement_of_any_screen_scans_a_big_table_on_the_large_databases_statistics() {
    let mut planned = run(RunMode::Console, COUNTER);
    planned.extend(run(RunMode::Board, BOARD));
    planned.extend(run(RunMode::Welcome, &["C-l"]));
    let reads = planned
        .iter()
        .filter(|(s, _)| !s.trim_start().to_ascii_uppercase().starts_with("UPDATE"))
        .count();
    assert!(reads > 60, "every screen was visited: {reads} statements");
    // The screens' own reads are among them: each uses its index.
    for index in [
        "repair_orders_open",
        "repair_order_lines_open",
        "complaints_open",
        "appointments_day",
        "repair_orders_delivered",
        "customers_phone",
        "catalog_keys",
        "complaint_events_stages",
    ] {
        assert!(
            planned
                .iter()
                .any(|(_, p)| p.iter().any(|s| s.contains(index))),
            "a statement reads through {index}"
        );
    }
    let mut failures = Vec::new();
    for (sql, plan) in &planned {
        let tables = names(sql);
        for step in plan {
            if let Some(t) = bad_scan(step, &tables) {
                failures.push(format!("{t}: {step}\n  {sql}\n  {}", plan.join(" | ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} statements scan a big table:\n{}",
        failures.len(),
        planned.len(),
        failures.join("\n\n")
    );
}

/// The parser that maps a plan's names back to tables.
#[test]
fn a_plans_names_are_resolved_through_aliases_and_open_indexes_are_allowed() {
    let sql = "SELECT ro.id FROM repair_orders ro JOIN customers AS c ON c.id = ro.customer_id \
               LEFT JOIN vehicles v ON v.id = ro.vehicle_id WHERE ro.state = 'x'";
    let t = names(sql);
    assert_eq!(bad_scan("SCAN ro", &t), Some("repair_orders".into()));
    assert_eq!(bad_scan("SCAN c", &t), Some("customers".into()));
    assert_eq!(
        bad_scan("SCAN v USING INDEX vehicles_customer", &t),
        Some("vehicles".into())
    );
    assert_eq!(
        bad_scan("SCAN ro USING COVERING INDEX repair_orders_open", &t),
        None
    );
    assert_eq!(
        bad_scan("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)", &t),
        None
    );
    assert_eq!(bad_scan("SCAN staff", &names("SELECT id FROM staff")), None);
}

/// Writes the fixture from a large database: `FRONTDESK_SCALE_DB=large.db cargo test
/// --test query_plans -- --ignored` after `frontdesk --db large.db demo --scale large`.
#[test]
#[ignore = "needs a large database (FRONTDESK_SCALE_DB)"]
fn capture_the_large_databases_statistics() {
    let path = std::env::var("FRONTDESK_SCALE_DB").expect("FRONTDESK_SCALE_DB=path");
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap();
    let mut st = c
        .prepare("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")
        .unwrap();
    let mut out = String::from(
        "# sqlite_stat1 of `frontdesk demo --scale large` (seed 1): table, index, stat.\n\
         # Regenerate: FRONTDESK_SCALE_DB=large.db cargo test --test query_plans -- --ignored\n",
    );
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for r in rows {
        let (t, i, s) = r.unwrap();
        out.push_str(&format!("{t}\t{}\t{s}\n", i.unwrap_or_default()));
    }
    std::fs::write(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sqlite_stat1_large.tsv"
        ),
        out,
    )
    .unwrap();
}
