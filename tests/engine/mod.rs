//! Which engine the store tests run on: SQLite files by default; with
//! `FRONTDESK_TEST_ENGINE=postgres` (under `pg_virtualenv`, which sets the PG* variables)
//! every database a test opens by path is a database of its own on that server, so the
//! same tests run unchanged against both engines.
#![allow(dead_code)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use frontdesk::store::{Access, Store};

/// True when the tests run against PostgreSQL.
pub fn postgres() -> bool {
    std::env::var("FRONTDESK_TEST_ENGINE").is_ok_and(|v| v == "postgres")
}

/// For a test of what only an SQLite file has (its query plans, its pragmas, the file
/// itself): true — and a line saying why — when it does not apply to this run.
pub fn sqlite_only(what: &str) -> bool {
    if postgres() {
        eprintln!("not run on PostgreSQL: this test checks {what}, which only SQLite has");
        return true;
    }
    false
}

/// The store for the database at `path`: the file itself on SQLite; on PostgreSQL a
/// database named after the path (made the first time, empty, from a template this
/// process migrated once), so opening the same path again opens the same data.
pub fn open_store(path: &Path, access: Access) -> Store {
    if !postgres() {
        return Store::open(path, access).unwrap();
    }
    let server = server(&database_for(path));
    Store::open_postgres(&server, access).unwrap()
}

/// The URL of the database a path stands for (made when it is not there yet).
pub fn url_for(path: &Path) -> String {
    let name = database_for(path);
    format!("postgres:///{name}")
}

fn server(name: &str) -> frontdesk::store::postgres::Server {
    frontdesk::store::postgres::Server::from_env(&format!("postgres:///{name}")).unwrap()
}

fn maintenance() -> postgres::Client {
    server("postgres").connect().unwrap()
}

/// A migrated, empty database this process copies for each test.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("ft_template_{}", std::process::id());
        let mut c = maintenance();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        frontdesk::store::postgres::migrate(&server(&name)).unwrap();
        name
    })
}

fn database_for(path: &Path) -> String {
    static MADE: Mutex<()> = Mutex::new(());
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    std::process::id().hash(&mut h);
    let name = format!("ft_{:016x}", h.finish());
    let template = template();
    // One copy at a time: PostgreSQL refuses to copy a template another copy is reading.
    let _one = MADE.lock().unwrap_or_else(|p| p.into_inner());
    let mut c = maintenance();
    let exists = c
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
            &[&name],
        )
        .unwrap()
        .get::<_, bool>(0);
    if !exists {
        c.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .unwrap();
    }
    name
}
