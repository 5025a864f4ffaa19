//! The store on PostgreSQL against the same store on SQLite, same data, same run: the
//! work-orders board (2,000 open of 1,000,000 orders) and the counter's search (200,000
//! customers, 300,000 vehicles). The data is the work-orders bench's SQLite database
//! (`target/bench-data/orders-1m.sqlite`) moved into PostgreSQL by `db copy`'s code,
//! once, into the database `fd_bench_orders` (kept; copied again when its rows or schema
//! differ).
//!
//! Printed, for each: SQLite's median and p99, PostgreSQL's, the ratio PostgreSQL /
//! SQLite; for the board also the bare SQL on PostgreSQL (the same statements over one
//! raw connection, every column's bytes read, nothing mapped) and the store's ratio to
//! it; and PostgreSQL's plan of each board statement.
//!
//! Needs a server: `pg_virtualenv cargo bench --bench postgres` (a throwaway cluster on
//! a local socket). Without `PGHOST` it says so and measures nothing.

use std::hint::black_box;
use std::time::Instant;

use frontdesk::store::postgres::Server;
use frontdesk::store::{Access, Store, workshop};

mod common;

const DATABASE: &str = "fd_bench_orders";
const QUERIES: &[&str] = &[
    "粤B1", "B12", "B1234", "8000", "1380013", "王", "王建", "建国", "smith",
];
const LIMIT: usize = frontdesk::app::screens::checkin::SEARCH_LIMIT;

fn us(s: Instant) -> f64 {
    s.elapsed().as_secs_f64() * 1e6
}

/// The group database for the bench, copied from the SQLite one when it is not there
/// as it should be.
fn prepare() -> Server {
    let lite = common::orders_db();
    drop(lite);
    let admin_server = Server::from_env("postgres://").unwrap();
    let server = Server::from_env(&format!("postgres:///{DATABASE}")).unwrap();
    let ready = Store::open_postgres(&server, Access::ReadOnly)
        .ok()
        .and_then(|s| {
            s.conn()
                .query_row("SELECT count(*) FROM repair_orders", [], |r| {
                    r.get::<_, i64>(0)
                })
                .ok()
        })
        == Some(common::ORDERS as i64);
    if !ready {
        let mut admin = admin_server.connect().unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {DATABASE}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
            .unwrap();
        let started = Instant::now();
        let copied = frontdesk::store::pg_copy::copy_sqlite_to_postgres(
            &common::orders_db_path(),
            &server,
            |_| {},
        )
        .unwrap();
        let rows: i64 = copied.iter().map(|c| c.rows).sum();
        eprintln!(
            "db copy of {} rows into {DATABASE}: {:.1?}",
            rows,
            started.elapsed()
        );
        server.connect().unwrap().batch_execute("ANALYZE").unwrap();
    }
    server
}

/// The board's statements over a raw connection, every column's bytes read.
fn bare(c: &mut ::postgres::Transaction<'_>, statements: &[::postgres::Statement]) -> usize {
    let mut cells = 0;
    for st in statements {
        for row in c.query(st, &[]).unwrap() {
            for i in 0..row.len() {
                black_box(row.try_get::<_, Raw>(i).unwrap());
                cells += 1;
            }
        }
    }
    cells
}

/// A column's bytes, whatever its type.
struct Raw;

impl<'a> ::postgres::types::FromSql<'a> for Raw {
    fn from_sql(
        _: &::postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        black_box(raw);
        Ok(Raw)
    }
    fn from_sql_null(
        _: &::postgres::types::Type,
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw)
    }
    fn accepts(_: &::postgres::types::Type) -> bool {
        true
    }
}

fn line(what: &str, lite: &mut [f64], pg: &mut [f64]) -> f64 {
    let (l, lp, _) = common::percentiles(lite);
    let (p, pp, _) = common::percentiles(pg);
    eprintln!(
        "{what:<28} SQLite {l:>8.1} µs (p99 {lp:>8.1})   PostgreSQL {p:>8.1} µs (p99 {pp:>8.1})   ratio {:.2}",
        p / l
    );
    p / l
}

fn main() {
    if std::env::var_os("PGHOST").is_none() {
        eprintln!(
            "skipped: no PostgreSQL server (PGHOST is not set); run \
             `pg_virtualenv cargo bench --bench postgres`"
        );
        return;
    }
    let server = prepare();
    let mut lite = common::orders_db();
    let mut pg = Store::open_postgres(&server, Access::ReadOnly).unwrap();
    let mut raw = server.connect().unwrap();
    raw.batch_execute("SET default_transaction_read_only = on")
        .unwrap();
    let statements: Vec<::postgres::Statement> = workshop::board_sql()
        .iter()
        .map(|s| {
            raw.prepare(&frontdesk::store::db::pg::translate(s))
                .unwrap()
        })
        .collect();
    for s in workshop::board_sql() {
        let plan: Vec<String> = raw
            .query(
                &format!("EXPLAIN {}", frontdesk::store::db::pg::translate(&s)),
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0).trim().to_string())
            .collect();
        eprintln!("plan: {}", plan.join(" | "));
    }
    assert_eq!(
        format!("{:?}", lite.work_board().unwrap()),
        format!("{:?}", pg.work_board().unwrap()),
        "the same board from both engines"
    );

    let rounds = 100;
    let (mut l, mut p, mut b) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let s = Instant::now();
        black_box(lite.work_board().unwrap());
        l.push(us(s));
        let s = Instant::now();
        black_box(pg.work_board().unwrap());
        p.push(us(s));
        let s = Instant::now();
        let mut tx = raw
            .build_transaction()
            .isolation_level(::postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .unwrap();
        black_box(bare(&mut tx, &statements));
        tx.rollback().unwrap();
        b.push(us(s));
    }
    let (pm, _, _) = common::percentiles(&mut p.clone());
    let (bm, bp, _) = common::percentiles(&mut b);
    line("board load (2,000 open)", &mut l, &mut p);
    eprintln!(
        "{:<28} bare SQL on PostgreSQL {bm:>8.1} µs (p99 {bp:>8.1}); store / bare {:.2}",
        "",
        pm / bm
    );

    let mut total = (0.0, 0.0);
    for q in QUERIES {
        assert_eq!(
            format!("{:?}", lite.search(q, LIMIT).unwrap()),
            format!("{:?}", pg.search(q, LIMIT).unwrap()),
            "the same hits for {q}"
        );
        let (mut l, mut p) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let s = Instant::now();
            black_box(lite.search(q, LIMIT).unwrap());
            l.push(us(s));
            let s = Instant::now();
            black_box(pg.search(q, LIMIT).unwrap());
            p.push(us(s));
        }
        let lm = common::percentiles(&mut l.clone()).0;
        let pm = common::percentiles(&mut p.clone()).0;
        total.0 += lm;
        total.1 += pm;
        line(&format!("search {q}"), &mut l, &mut p);
    }
    eprintln!(
        "search, all {} queries: SQLite {:.0} µs, PostgreSQL {:.0} µs, ratio {:.2}",
        QUERIES.len(),
        total.0,
        total.1,
        total.1 / total.0
    );
}
