//! The group database's schema on a real PostgreSQL: `frontdesk db migrate` and `db
//! check` with `--db postgres://…` (issue 14).
//!
//! Runs against the server the `PG*` variables name — `pg_virtualenv cargo test` starts a
//! throwaway cluster and sets them (Debian's postgresql and postgresql-common; `.ci/run`
//! installs them). Each test makes a database of its own and drops it. Without a server
//! each test says why it skipped; with `CI=true` it fails instead.

use std::process::{Command, Output};

use frontdesk::store::postgres::{self, Server};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// The server's variables, or `None` (after saying why) when there is none here.
fn server_env() -> Option<Vec<(String, String)>> {
    let vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("PG"))
        .collect();
    if vars.iter().any(|(k, _)| k == "PGHOST") {
        return Some(vars);
    }
    let why = "no PostgreSQL server: PGHOST is not set (run `pg_virtualenv cargo test`, \
               from Debian's postgresql-common, to test against a throwaway cluster)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and {why}");
    }
    eprintln!("skipped: {why}");
    None
}

/// A database of its own on the server, dropped when the test ends.
struct Db {
    name: String,
    vars: Vec<(String, String)>,
}

impl Db {
    fn new(test: &str) -> Option<Db> {
        let vars = server_env()?;
        let name = format!("fd_{test}_{}", std::process::id());
        let mut admin = Server::from_env("postgres://").unwrap().connect().unwrap();
        // One statement a call: CREATE DATABASE runs outside a transaction only.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(Db { name, vars })
    }

    /// The URL as a user writes it: the server's host, port and user, no password (it
    /// comes from PGPASSWORD).
    fn url(&self) -> String {
        let var = |k: &str| {
            self.vars
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let port = var("PGPORT");
        let port = if port.is_empty() { "5432".into() } else { port };
        format!(
            "postgres://{}@{}:{port}/{}",
            var("PGUSER"),
            var("PGHOST"),
            self.name
        )
    }

    fn client(&self) -> ::postgres::Client {
        Server::from_env(&self.url()).unwrap().connect().unwrap()
    }

    /// `frontdesk --lang LANG --db URL ARGS…` with the server's variables and a home
    /// of its own.
    fn run(&self, lang: &str, url: &str, args: &[&str]) -> Output {
        let home = tempfile::tempdir().unwrap();
        Command::new(BIN)
            .args(["--lang", lang, "--db", url])
            .args(args)
            .env_clear()
            .envs(self.vars.iter().cloned())
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Ok(mut admin) = Server::from_env("postgres://").and_then(|s| s.connect()) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "expected a failure: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An empty database gets the whole schema — every table, column, index and trigger the
/// SQLite migrations make — at the same version; a second run has nothing to do; `db
/// check` says so in both languages; the password never shows.
#[test]
fn db_migrate_builds_the_sqlite_schema_on_postgres_and_db_check_agrees() {
    let Some(db) = Db::new("migrate") else { return };
    let url = db.url();
    let known = postgres::SCHEMA_VERSION.to_string();
    let out = stdout(&db.run("en", &url, &["db", "migrate"]));
    assert!(
        out.contains(&format!("schema version 0 -> {known}")),
        "{out}"
    );
    let out = stdout(&db.run("en", &url, &["db", "migrate"]));
    assert!(out.contains("nothing to migrate"), "{out}");

    let mut c = db.client();
    assert_eq!(postgres::differences(&mut c).unwrap(), Vec::<String>::new());
    let version: i64 = c
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version.to_string(), known);

    let out = stdout(&db.run("en", &url, &["db", "check"]));
    assert!(
        out.contains(&format!("{known} (this program: {known})")),
        "{out}"
    );
    assert!(out.contains("tables, indexes, triggers: ok"), "{out}");
    let out = stdout(&db.run("zh-CN", &url, &["db", "check"]));
    assert!(out.contains("表/索引/触发器： 正常"), "{out}");

    // A password in the URL is used and never printed.
    let password = db
        .vars
        .iter()
        .find(|(k, _)| k == "PGPASSWORD")
        .map(|(_, v)| v.clone());
    if let Some(pw) = password.filter(|p| !p.is_empty()) {
        let with = url.replacen('@', &format!(":{pw}@"), 1);
        let out = stdout(&db.run("en", &with, &["db", "check"]));
        assert!(!out.contains(&pw), "{out}");
    }
}

/// A database holding another program's tables is refused before anything is written;
/// a schema from a newer frontdesk is refused by migrate and reported by check; a
/// database without our schema is told how to get one.
#[test]
fn db_migrate_leaves_a_foreign_or_newer_database_untouched() {
    let Some(db) = Db::new("foreign") else { return };
    let url = db.url();
    let mut c = db.client();
    let e = stderr(&db.run("en", &url, &["db", "check"]));
    assert!(e.contains("holds no frontdesk schema yet"), "{e}");
    assert!(e.contains("frontdesk db migrate --db"), "{e}");

    c.batch_execute(
        "CREATE TABLE invoices (id BIGINT PRIMARY KEY); INSERT INTO invoices VALUES (7)",
    )
    .unwrap();
    let e = stderr(&db.run("en", &url, &["db", "migrate"]));
    assert!(
        e.contains("holds tables that are not frontdesk's (invoices)"),
        "{e}"
    );
    let e = stderr(&db.run("zh-CN", &url, &["db", "migrate"]));
    assert!(e.contains("不属于 frontdesk 的表（invoices）"), "{e}");
    let tables: i64 = c
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing was created");
    let kept: i64 = c.query_one("SELECT id FROM invoices", &[]).unwrap().get(0);
    assert_eq!(kept, 7);

    c.batch_execute("DROP TABLE invoices").unwrap();
    stdout(&db.run("en", &url, &["db", "migrate"]));
    c.batch_execute("UPDATE frontdesk_schema SET version = 99")
        .unwrap();
    let e = stderr(&db.run("en", &url, &["db", "migrate"]));
    assert!(
        e.contains("written by a newer frontdesk (schema version 99"),
        "{e}"
    );
    let o = db.run("en", &url, &["db", "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("99 (this program:"), "{out}");
    assert!(stderr(&o).contains("found problems"));
}

/// A server that is not there: a clear message naming it (never the password), no panic.
#[test]
fn an_unreachable_server_is_reported_clearly() {
    let Some(db) = Db::new("unreachable") else {
        return;
    };
    let o = db.run(
        "en",
        "postgres://fd:secret@127.0.0.1:1/none",
        &["db", "check"],
    );
    let e = stderr(&o);
    assert!(
        e.contains("Could not reach the PostgreSQL database postgres://fd@127.0.0.1:1/none"),
        "{e}"
    );
    assert!(e.contains("refused"), "why, in the system's words: {e}");
    assert!(!e.contains("secret") && !e.contains("panicked"), "{e}");
}

/// Two counters migrating one empty database at once: the advisory lock makes one wait,
/// both succeed, and the schema is built once.
#[test]
fn two_counters_migrating_at_once_both_succeed() {
    let Some(db) = Db::new("race") else { return };
    let url = db.url();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| db.run("en", &url, &["db", "migrate"]));
        let b = s.spawn(|| db.run("en", &url, &["db", "migrate"]));
        (a.join().unwrap(), b.join().unwrap())
    });
    let (a, b) = (stdout(&a), stdout(&b));
    let built = [&a, &b]
        .iter()
        .filter(|o| o.contains("schema version 0 ->"))
        .count();
    assert_eq!(built, 1, "{a}\n{b}");
    assert_eq!(
        postgres::differences(&mut db.client()).unwrap(),
        Vec::<String>::new()
    );
}

/// The triggers behave as on SQLite: the same statements on both engines — orders with
/// lines signed, proposed, declined and claimed, a customer renamed, a proposal
/// approved, a line moved and one removed, an order delivered — leave the same copies,
/// sums and open-line flags; the audit log refuses an update and a delete on both.
#[test]
fn the_triggers_leave_the_same_rows_as_on_sqlite() {
    let Some(db) = Db::new("triggers") else {
        return;
    };
    stdout(&db.run("en", &db.url(), &["db", "migrate"]));
    let mut pg = db.client();
    let lite = frontdesk::store::schema_in_memory().unwrap();
    lite.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let t0 = "2026-11-23T01:00:00Z";
    let mut statements = vec![
        format!(
            "INSERT INTO staff (id, code, name, role, created_at, updated_at) VALUES (1, 'A01', '张伟', 'advisor', '{t0}', '{t0}')"
        ),
        format!(
            "INSERT INTO customers (id, name, phone, created_at, created_by, updated_at, updated_by) VALUES (1, '王小明', '13800138000', '{t0}', 1, '{t0}', 1)"
        ),
        format!(
            "INSERT INTO vehicles (id, customer_id, plate, created_at, created_by, updated_at, updated_by) VALUES (1, 1, '粤B12345', '{t0}', 1, '{t0}', 1)"
        ),
    ];
    for (id, state) in [(1, "in_repair"), (2, "written")] {
        statements.push(format!(
            "INSERT INTO repair_orders (id, number, customer_id, vehicle_id, advisor_id, state, \
             odometer_km, promised_at, estimate_cents, waiting_mode, payment_method, created_at, \
             created_by, updated_at, updated_by) VALUES ({id}, 'RO-20261123-000{id}', 1, 1, 1, \
             '{state}', 10, '2026-11-23T0{id}:30:00Z', 0, 'lounge', 'cash', '{t0}', 1, '{t0}', 1)"
        ));
    }
    for (id, order, q, price, claim, approval, proposed) in [
        (1, 1, 150, 3333, 0, "signed", "NULL"),
        (2, 1, 100, 999, 1, "signed", "NULL"),
        (3, 1, 250, 1001, 0, "proposed", "'2026-11-23T03:00:00Z'"),
        (4, 1, 100, 500, 0, "proposed", "'2026-11-23T02:00:00Z'"),
        (5, 1, 100, 500, 0, "declined", "'2026-11-23T01:30:00Z'"),
        (6, 2, 133, 777, 0, "approved_phone", "NULL"),
    ] {
        statements.push(format!(
            "INSERT INTO repair_order_lines (id, repair_order_id, position, kind, description, \
             quantity_centi, unit_price_cents, claim, approval, proposed_at) VALUES ({id}, \
             {order}, {id}, 'labour', '工时', {q}, {price}, {claim}, '{approval}', {proposed})"
        ));
    }
    // Compared after the lines are written (the insert trigger's sums) and again after
    // the changes (the update and delete triggers' recounts).
    let changes = [
        "INSERT INTO walkarounds (repair_order_id, fuel_level, tools_present, lighter_present, \
             valuables_removed, return_old_parts, wash, engine_bay_clean) \
             VALUES (1, '1/2', 1, 0, 1, 0, 1, 0)",
        "UPDATE customers SET name = '王晓明' WHERE id = 1",
        "UPDATE repair_order_lines SET approval = 'approved_phone' WHERE id = 3",
        "UPDATE repair_order_lines SET repair_order_id = 2 WHERE id = 4",
        "DELETE FROM repair_order_lines WHERE id = 5",
        "UPDATE repair_orders SET state = 'delivered' WHERE id = 1",
        "INSERT INTO audit_log (id, at, staff_id, action, entity, entity_id) \
             VALUES (1, '2026-11-23T01:00:00Z', 1, 'create', 'customer', 1)",
    ]
    .map(String::from);
    let rows_lite = |lite: &rusqlite::Connection, sql: &str| -> Vec<String> {
        let mut st = lite.prepare(sql).unwrap();
        let n = st.column_count();
        let mut q = st.query([]).unwrap();
        let mut out = Vec::new();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                    other => format!("{other:?}"),
                })
                .collect();
            out.push(cells.join("|"));
        }
        out
    };
    let rows_pg = |pg: &mut ::postgres::Client, sql: &str| -> Vec<String> {
        pg.simple_query(sql)
            .unwrap()
            .into_iter()
            .filter_map(|m| match m {
                ::postgres::SimpleQueryMessage::Row(r) => Some(
                    (0..r.len())
                        .map(|i| r.get(i).unwrap_or("NULL").to_string())
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                _ => None,
            })
            .collect()
    };
    let compared = [
        "SELECT id, customer_name, plate, wash_wanted, lines_cents, proposed_lines, \
         proposed_since FROM repair_orders ORDER BY id",
        "SELECT id, repair_order_id, order_open FROM repair_order_lines ORDER BY id",
        "SELECT key, customer_id FROM customer_name_keys ORDER BY customer_id, key",
        "SELECT id, phone_tail4 FROM customers ORDER BY id",
        "SELECT id, plate_key, plate_serial FROM vehicles ORDER BY id",
    ];
    for (phase, batch) in [("written", &statements[..]), ("changed", &changes[..])] {
        for sql in batch {
            lite.execute_batch(sql)
                .unwrap_or_else(|e| panic!("SQLite: {sql}: {e}"));
            pg.batch_execute(sql)
                .unwrap_or_else(|e| panic!("PostgreSQL: {sql}: {e}"));
        }
        for sql in compared {
            let want = rows_lite(&lite, sql);
            assert!(!want.is_empty(), "{sql}");
            assert_eq!(rows_pg(&mut pg, sql), want, "{phase}: {sql}");
        }
    }
    assert_eq!(
        rows_lite(
            &lite,
            "SELECT lines_cents, proposed_lines FROM repair_orders WHERE id = 2"
        ),
        vec![format!("{}|1", (133 * 777 + 50) / 100)],
        "the moved proposal waits on order 2"
    );
    for sql in [
        "UPDATE audit_log SET action = 'x' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 1",
    ] {
        assert!(lite.execute_batch(sql).is_err(), "SQLite allowed {sql}");
        assert!(pg.batch_execute(sql).is_err(), "PostgreSQL allowed {sql}");
    }
}

/// The README's setup SQL, run as it stands (names made unique for the test): the
/// counters' role owns the database and migrates it; the boards' role reads every table
/// a migration made, and writes nothing — its sessions are read-only, and even a session
/// that turns that off has no right to write.
#[test]
fn the_readmes_setup_gives_a_counter_role_and_a_read_only_board_role() {
    let Some(vars) = server_env() else { return };
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let from = readme
        .find("Setting the group database up")
        .expect("the README's setup section");
    let block = &readme[from..];
    let start = block.find("```sql\n").expect("its SQL block") + "```sql\n".len();
    let end = start + block[start..].find("```").unwrap();
    let name = format!("fdr{}", std::process::id());
    let sql = block[start..end].replace("frontdesk", &name);
    let (server_part, database_part) = sql
        .split_once(&format!("\\connect {name}\n"))
        .expect("\\connect to the new database");
    let statements = |part: &str| -> Vec<String> {
        part.split(";\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    let mut admin = Server::from_env("postgres://").unwrap().connect().unwrap();
    for s in statements(server_part) {
        admin
            .batch_execute(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    let var = |k: &str| {
        vars.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (host, port) = (var("PGHOST"), var("PGPORT"));
    let port = if port.is_empty() { "5432".into() } else { port };
    let url = |role: &str| format!("postgres://{role}@{host}:{port}/{name}");
    let mut in_db = Server::from_env(&url(&var("PGUSER")))
        .unwrap()
        .connect()
        .unwrap();
    for s in statements(database_part) {
        in_db
            .batch_execute(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }

    let run = |role: &str, password: &str, args: &[&str]| {
        let home = tempfile::tempdir().unwrap();
        Command::new(BIN)
            .args(["--lang", "en", "--db", &url(role)])
            .args(args)
            .env_clear()
            .envs(vars.iter().cloned())
            .env("PGPASSWORD", password)
            .env("HOME", home.path())
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    };
    let counter = name.clone();
    let board = format!("{name}_board");
    let out = stdout(&run(&counter, "change-me", &["db", "migrate"]));
    assert!(out.contains("schema version 0 ->"), "{out}");
    let out = stdout(&run(&board, "change-me-too", &["db", "check"]));
    assert!(out.contains("tables, indexes, triggers: ok"), "{out}");

    let board_server = Server::from_url(
        &url(&board),
        &|k| match k {
            "PGPASSWORD" => Some("change-me-too".into()),
            _ => None,
        },
        None,
    )
    .unwrap();
    let mut c = board_server.connect().unwrap();
    let n: i64 = c
        .query_one("SELECT count(*) FROM repair_orders", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "the boards' role reads a table the migration made");
    let write = "INSERT INTO shop_settings (key, value, version, updated_at) \
                 VALUES ('x', 'y', 1, '2026-12-04T00:00:00Z')";
    let refused = |c: &mut ::postgres::Client, sql: &str| -> String {
        let e = c.batch_execute(sql).expect_err(sql);
        e.as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_else(|| e.to_string())
    };
    let why = refused(&mut c, write);
    assert!(why.contains("read-only transaction"), "{why}");
    // A session of its own that turns read-only off (its next transaction is not).
    c.batch_execute("SET default_transaction_read_only = off")
        .unwrap();
    let why = refused(&mut c, write);
    assert!(why.contains("permission denied"), "{why}");
    drop(c);
    drop(in_db);
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
}

/// Ends every other session on the test's database (as a server restart would).
fn cut_connections(db: &Db) {
    let mut admin = Server::from_env("postgres://").unwrap().connect().unwrap();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db.name],
        )
        .unwrap();
}

#[test]
fn a_lost_connection_is_made_again_keeps_nothing_half_done_and_moves_the_board() {
    use frontdesk::domain::kinds::StaffRole;
    use frontdesk::store::staff::{self, NewStaff};
    use frontdesk::store::{Access, Store};
    let Some(db) = Db::new("lost") else { return };
    let server = Server::from_env(&db.url()).unwrap();
    let now = chrono::Utc::now();
    let mut counter = Store::open_postgres(&server, Access::ReadWrite).unwrap();
    let mut board = Store::open_postgres(&server, Access::ReadOnly).unwrap();
    let new = |code: &str| NewStaff {
        code: code.into(),
        name: format!("顾问 {code}"),
        role: StaffRole::Advisor,
    };
    let first = counter
        .write(None, now, |tx| staff::create(tx, &new("A01")))
        .unwrap();
    let seen = board.watch().unwrap();
    let count = |s: &mut Store| s.read(|c| staff::list(c, false)).unwrap().len();
    assert_eq!(count(&mut board), 1);

    cut_connections(&db);
    // The board's next look connects again and says "read everything again".
    let after = board.watch().unwrap();
    assert_ne!(after, seen, "a reconnect moves the board's data version");
    assert_eq!(count(&mut board), 1);
    // The counter's next write connects again and is saved.
    counter
        .write(Some(first), now, |tx| staff::create(tx, &new("A02")))
        .unwrap();
    assert_eq!(count(&mut board), 2);
    assert_ne!(
        board.watch().unwrap(),
        after,
        "the commit is notified on the new session"
    );

    // A connection lost in the middle of a write: the write fails and nothing of it stays.
    let failed = counter.write(Some(first), now, |tx| {
        staff::create(tx, &new("A03"))?;
        cut_connections(&db);
        staff::create(tx, &new("A04"))
    });
    let e = failed.expect_err("the write's connection was cut");
    assert!(frontdesk::store::lost_connection(&e), "{e:?}");
    assert_eq!(
        frontdesk::store::fault(&e),
        Some(frontdesk::store::Fault::CannotOpen),
        "{e:?}"
    );
    assert_eq!(count(&mut board), 2, "A03 was not kept");
    counter
        .write(Some(first), now, |tx| staff::create(tx, &new("A03")))
        .unwrap();
    assert_eq!(count(&mut board), 3);
    drop((counter, board));
}

/// Every row of every table (generated columns too), as the engine layer reads it.
fn all_rows(store: &frontdesk::store::Store, tables: &[(String, Vec<String>)]) -> Vec<String> {
    let mut out = Vec::new();
    for (t, columns) in tables {
        let list = columns.join(", ");
        let order = if columns.iter().any(|c| c == "id") {
            "id".to_string()
        } else {
            list.clone()
        };
        let mut st = store
            .conn()
            .prepare(&format!("SELECT {list} FROM {t} ORDER BY {order}"))
            .unwrap();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let cells: Vec<String> = (0..columns.len())
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", cells.join("|")));
        }
    }
    out
}

#[test]
fn db_copy_moves_every_row_and_the_store_reads_the_same_from_both_engines() {
    use frontdesk::store::{Access, Store};
    let Some(db) = Db::new("copy") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.db");
    let file_text = file.display().to_string();
    let home = tempfile::tempdir().unwrap();
    let demo = Command::new(BIN)
        .args(["--lang", "en", "--db", &file_text, "demo"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("FRONTDESK_NOW", "2026-12-04T10:30:00+08:00")
        .output()
        .unwrap();
    stdout(&demo);
    let url = db.url();
    let out = stdout(&db.run(
        "en",
        &file_text,
        &["db", "copy", "--from", &file_text, "--to", &url],
    ));
    assert!(out.contains("repair_order_lines"), "{out}");
    assert!(
        out.contains("each table's count checked on both sides"),
        "{out}"
    );

    let server = Server::from_env(&url).unwrap();
    let mut lite = Store::open(&file, Access::ReadOnly).unwrap();
    let mut pg = Store::open_postgres(&server, Access::ReadOnly).unwrap();
    // The tables with all their columns, from SQLite's schema.
    let tables: Vec<(String, Vec<String>)> = {
        let c = lite.conn();
        let mut st = c
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .unwrap();
        let names: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
            .into_iter()
            .map(|t| {
                let mut cols = c
                    .prepare("SELECT name FROM pragma_table_xinfo(?1) ORDER BY cid")
                    .unwrap();
                let cols: Vec<String> = cols
                    .query_map([&t], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                (t, cols)
            })
            .collect()
    };
    assert!(tables.len() > 20, "{tables:?}");
    let (from_file, from_server) = (all_rows(&lite, &tables), all_rows(&pg, &tables));
    assert!(from_file.len() > 10_000, "{}", from_file.len());
    assert_eq!(from_file.len(), from_server.len());
    for (a, b) in from_file.iter().zip(&from_server) {
        assert_eq!(a, b, "the same row on both engines");
    }
    // The store's reads give the same on both engines.
    let same = |what: &str, a: String, b: String| assert_eq!(a, b, "{what}");
    same(
        "work board",
        format!("{:?}", lite.work_board().unwrap()),
        format!("{:?}", pg.work_board().unwrap()),
    );
    same(
        "every order",
        format!("{:?}", lite.repair_orders(false).unwrap()),
        format!("{:?}", pg.repair_orders(false).unwrap()),
    );
    same(
        "every complaint",
        format!("{:?}", lite.complaints(false).unwrap()),
        format!("{:?}", pg.complaints(false).unwrap()),
    );
    for q in ["王", "138", "Camry", "A"] {
        same(
            q,
            format!("{:?}", lite.search(q, 20).unwrap()),
            format!("{:?}", pg.search(q, 20).unwrap()),
        );
    }
    for q in ["oil", "刹车", "M"] {
        same(
            q,
            format!("{:?}", lite.catalog_complete(q, 10, 30_000).unwrap()),
            format!("{:?}", pg.catalog_complete(q, 10, 30_000).unwrap()),
        );
    }
    same(
        "settings",
        format!("{:?}", lite.shop_settings().unwrap()),
        format!("{:?}", pg.shop_settings().unwrap()),
    );
    drop(pg);

    // A second copy finds data there and changes nothing.
    let again = db.run(
        "zh-CN",
        &file_text,
        &["db", "copy", "--from", &file_text, "--to", &url],
    );
    assert!(!again.status.success());
    let said = stderr(&again);
    assert!(
        said.contains("已有数据") && said.contains("未复制任何内容"),
        "{said}"
    );
    let pg = Store::open_postgres(&server, Access::ReadOnly).unwrap();
    assert_eq!(all_rows(&pg, &tables), from_file);
    drop(pg);
    // The ids go on past the copied ones: a staff member made on the server is new.
    let mut rw = Store::open_postgres(&server, Access::ReadWrite).unwrap();
    let max: i64 = rw
        .conn()
        .query_row("SELECT max(id) FROM staff", [], |r| r.get(0))
        .unwrap();
    let id = rw
        .write(Some(1), chrono::Utc::now(), |tx| {
            frontdesk::store::staff::create(
                tx,
                &frontdesk::store::staff::NewStaff {
                    code: "Z99".into(),
                    name: "新同事".into(),
                    role: frontdesk::domain::kinds::StaffRole::Advisor,
                },
            )
        })
        .unwrap();
    assert_eq!(id, max + 1);
    drop(rw);
}
