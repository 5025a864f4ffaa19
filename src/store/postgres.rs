//! The dealer group's PostgreSQL database (issue 14): its schema, created and upgraded by
//! `frontdesk db migrate --db postgres://…` and checked by `frontdesk db check`.
//!
//! The schema is the SQLite one, migration for migration (`migrations/postgres/NNNN_*.sql`
//! beside `migrations/sqlite/NNNN_*.sql`, the same names), with the same columns holding
//! the same representation — integers as BIGINT, texts (times included, RFC 3339 in
//! UTC) as TEXT compared byte by byte (`COLLATE "C"`), flags as 0/1 — so that one SQL
//! text runs on both engines. The version is kept in a one-row table `frontdesk_schema`
//! (PostgreSQL has no `user_version`); each migration runs in one transaction with the
//! version it reaches, and a session advisory lock keeps two migrating counters apart.
//!
//! Connecting: the URL as libpq takes it (`postgres://user@host:port/db`); what it leaves
//! out comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` as libpq would, and the
//! password from the URL, else `PGPASSWORD`, else `~/.pgpass` (or `PGPASSFILE`). This
//! build speaks to the server without TLS (`sslmode=prefer` falls back to a plain
//! connection; `sslmode=require` is refused with a clear message).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::Access;
use super::db::pg::Session;
use postgres::{Client, Config, NoTls};

/// The PostgreSQL migrations, in order; the same number and names as the SQLite ones.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init",
        include_str!("migrations/postgres/0001_init.sql"),
    ),
    (
        "0002_drafts",
        include_str!("migrations/postgres/0002_drafts.sql"),
    ),
    (
        "0003_shop",
        include_str!("migrations/postgres/0003_shop.sql"),
    ),
    (
        "0004_lines_service_comeback_charge",
        include_str!("migrations/postgres/0004_lines_service_comeback_charge.sql"),
    ),
    (
        "0005_plate_serial",
        include_str!("migrations/postgres/0005_plate_serial.sql"),
    ),
    (
        "0006_application_id",
        include_str!("migrations/postgres/0006_application_id.sql"),
    ),
    (
        "0007_settings_holidays_staff_pin",
        include_str!("migrations/postgres/0007_settings_holidays_staff_pin.sql"),
    ),
    (
        "0008_workshop",
        include_str!("migrations/postgres/0008_workshop.sql"),
    ),
    (
        "0009_board_copies",
        include_str!("migrations/postgres/0009_board_copies.sql"),
    ),
    (
        "0010_catalog",
        include_str!("migrations/postgres/0010_catalog.sql"),
    ),
    (
        "0011_catalog_keeping",
        include_str!("migrations/postgres/0011_catalog_keeping.sql"),
    ),
    (
        "0012_complaint_stages",
        include_str!("migrations/postgres/0012_complaint_stages.sql"),
    ),
    (
        "0013_boards",
        include_str!("migrations/postgres/0013_boards.sql"),
    ),
    (
        "0014_damage_by_order",
        include_str!("migrations/postgres/0014_damage_by_order.sql"),
    ),
    (
        "0015_complaint_stages_by_complaint",
        include_str!("migrations/postgres/0015_complaint_stages_by_complaint.sql"),
    ),
    (
        "0016_board_sums",
        include_str!("migrations/postgres/0016_board_sums.sql"),
    ),
];

/// The schema version this program writes on PostgreSQL (the SQLite one's).
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Any session of ours asks for this advisory lock before it migrates.
const MIGRATION_LOCK: i64 = 0x6672_6f6e_7464_6573; // "frontdes"

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    /// No connection: the server, and libpq's kind of reason.
    #[error("could not connect to {server}: {why}")]
    Connect { server: String, why: String },
    /// The URL itself cannot be read.
    #[error("{0}")]
    BadUrl(String),
    #[error(
        "{server} was written by a newer frontdesk (schema version {found}; this program knows up to {known})"
    )]
    TooNew {
        server: String,
        found: u32,
        known: u32,
    },
    /// Tables that are not ours, in a database without our schema table: untouched.
    #[error("{server} holds tables that are not frontdesk's: {tables}")]
    Foreign { server: String, tables: String },
    #[error("{server} holds no frontdesk schema yet")]
    Uninitialised { server: String },
    #[error("PostgreSQL refused: {0}")]
    Sql(String),
}

impl From<postgres::Error> for PgError {
    fn from(e: postgres::Error) -> PgError {
        PgError::Sql(describe(&e))
    }
}

/// The server's own message when it sent one (with its detail), else the client's.
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            // The client's own words, then why ("error connecting to server: Connection
            // refused (os error 111)").
            let mut out = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                out.push_str(": ");
                out.push_str(&s.to_string());
                source = s.source();
            }
            out
        }
    }
}

pub type Result<T> = std::result::Result<T, PgError>;

/// A database named by a `postgres://` URL, with what the environment supplies.
#[derive(Clone)]
pub struct Server {
    config: Config,
    shown: String,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.write_str(&self.shown)
    }
}

impl Server {
    /// `url` completed from `env` (a variable's value by name) and `home` (for
    /// `~/.pgpass`) as libpq completes it.
    pub fn from_url(
        url: &str,
        env: &dyn Fn(&str) -> Option<String>,
        home: Option<&Path>,
    ) -> Result<Server> {
        // The URL parser gives a host without a port 5432; libpq takes PGPORT first.
        let url = match env("PGPORT").filter(|p| p.parse::<u16>().is_ok()) {
            Some(port) if !url_names_port(url) => with_port(url, &port),
            _ => url.to_string(),
        };
        let mut config: Config = url
            .parse()
            .map_err(|e: postgres::Error| PgError::BadUrl(format!("{url}: {e}")))?;
        if config.get_hosts().is_empty() {
            match env("PGHOST").filter(|h| !h.is_empty()) {
                Some(h) => {
                    config.host(&h);
                }
                None => {
                    config.host_path("/var/run/postgresql");
                }
            }
        }
        if config.get_ports().is_empty() {
            let port = env("PGPORT").and_then(|p| p.parse().ok()).unwrap_or(5432);
            config.port(port);
        }
        if config.get_user().is_none() {
            let user = env("PGUSER")
                .or_else(|| env("USER"))
                .unwrap_or_else(|| "postgres".into());
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            let db = env("PGDATABASE").unwrap_or_else(|| config.get_user().unwrap_or("").into());
            config.dbname(&db);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let host = host_text(&config);
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config.get_user().unwrap_or_default().to_string();
        let db = config.get_dbname().unwrap_or_default().to_string();
        if config.get_password().is_none() {
            let password = env("PGPASSWORD").or_else(|| {
                let file = env("PGPASSFILE")
                    .map(PathBuf::from)
                    .or_else(|| home.map(|h| h.join(".pgpass")))?;
                if !private_file(&file) {
                    // As libpq: a password file others may read is not used.
                    tracing::warn!(file = %file.display(), "password file readable by others: ignored");
                    return None;
                }
                let text = std::fs::read_to_string(file).ok()?;
                pgpass_lookup(&text, &host, port, &db, &user)
            });
            if let Some(p) = password {
                config.password(p);
            }
        }
        let shown = format!("postgres://{user}@{host}:{port}/{db}");
        Ok(Server { config, shown })
    }

    /// From the process's environment and home folder.
    pub fn from_env(url: &str) -> Result<Server> {
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        Server::from_url(url, &|k| std::env::var(k).ok(), home.as_deref())
    }

    /// `postgres://user@host:port/db`, without the password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn connect(&self) -> Result<Client> {
        self.config.connect(NoTls).map_err(|e| PgError::Connect {
            server: self.shown.clone(),
            why: describe(&e),
        })
    }
}

/// Whether only its owner may read or write `file` (libpq's rule for `~/.pgpass`).
fn private_file(file: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        file.is_file()
    }
}

/// Whether the URL's authority (`user:pw@host:port`) gives a port.
fn url_names_port(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    hosts.split(',').any(|h| {
        let after = match h.rfind(']') {
            Some(i) => &h[i + 1..],
            None => h,
        };
        after.contains(':')
    })
}

/// `url` with `:port` after each of its hosts (none of which names one).
fn with_port(url: &str, port: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, hosts) = match authority.rsplit_once('@') {
        Some((u, h)) => (format!("{u}@"), h),
        None => (String::new(), authority),
    };
    if hosts.is_empty() {
        return url.to_string();
    }
    let hosts: Vec<String> = hosts.split(',').map(|h| format!("{h}:{port}")).collect();
    format!("{scheme}://{user}{}{tail}", hosts.join(","))
}

fn host_text(config: &Config) -> String {
    match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    }
}

/// The password `~/.pgpass` gives for this connection: the first line whose
/// `host:port:database:user` fields match (`*` matches anything; `\:` and `\\` escape).
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    // libpq takes a socket directory as "localhost" in the file.
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let f = pgpass_fields(line);
            if f.len() != 5 {
                return None;
            }
            let ok = |pat: &str, v: &str| pat == "*" || pat == v;
            (ok(&f[0], host) && ok(&f[1], &port) && ok(&f[2], db) && ok(&f[3], user))
                .then(|| f[4].clone())
        })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.last_mut().expect("one field at least").push(n);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().expect("one field at least").push(c),
        }
    }
    out
}

/// The schema version recorded, `None` when the database has no schema table of ours.
fn recorded_version(c: &mut Client) -> Result<Option<u32>> {
    let exists: bool = c
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'frontdesk_schema')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let v: Option<i64> = c
        .query_opt("SELECT version FROM frontdesk_schema", &[])?
        .map(|r| r.get(0));
    Ok(Some(v.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32))
}

/// The tables of the current schema.
fn tables(c: &mut Client) -> Result<Vec<String>> {
    Ok(c.query(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
         ORDER BY table_name",
        &[],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Creates or upgrades the schema: `(from, to)`. An empty database gets the whole schema;
/// one of ours is brought up to date; a database holding other tables, or a schema from
/// a newer program, is refused before anything is written.
pub fn migrate(server: &Server) -> Result<(u32, u32)> {
    let mut c = server.connect()?;
    c.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let out = migrate_locked(server, &mut c);
    // The lock ends with the session anyway; released here for a pooled connection.
    let _ = c.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    out
}

fn migrate_locked(server: &Server, c: &mut Client) -> Result<(u32, u32)> {
    let from = match recorded_version(c)? {
        Some(v) => v,
        None => {
            let others = tables(c)?;
            if !others.is_empty() {
                return Err(PgError::Foreign {
                    server: server.shown.clone(),
                    tables: others.join(", "),
                });
            }
            0
        }
    };
    if from > SCHEMA_VERSION {
        return Err(PgError::TooNew {
            server: server.shown.clone(),
            found: from,
            known: SCHEMA_VERSION,
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let mut tx = c.transaction()?;
        if i == 0 {
            tx.batch_execute(
                "CREATE TABLE frontdesk_schema (version BIGINT NOT NULL); \
                 INSERT INTO frontdesk_schema (version) VALUES (0);",
            )?;
        }
        tx.batch_execute(sql)
            .map_err(|e| PgError::Sql(format!("{name}: {}", describe(&e))))?;
        let reached = (i + 1) as i64;
        tx.execute("UPDATE frontdesk_schema SET version = $1", &[&reached])?;
        tx.commit()?;
    }
    Ok((from, SCHEMA_VERSION))
}

/// A session for the store: read-write migrates first (returning the version found
/// before), read-only sets `default_transaction_read_only` and refuses a database without
/// our schema or with a newer one. Both listen for commits.
pub fn open_session(server: &Server, access: Access) -> Result<(Session, u32)> {
    let found = match access {
        Access::ReadWrite => migrate(server)?.0,
        Access::ReadOnly => 0,
    };
    let mut c = server.connect()?;
    if access == Access::ReadOnly {
        c.batch_execute("SET default_transaction_read_only = on")?;
        let version = recorded_version(&mut c)?.ok_or_else(|| PgError::Uninitialised {
            server: server.shown.clone(),
        })?;
        if version > SCHEMA_VERSION {
            return Err(PgError::TooNew {
                server: server.shown.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(PgError::Sql(format!(
                "{} is at schema version {version}; run `frontdesk db migrate` on it first",
                server.shown
            )));
        }
    }
    let session = Session::new(c);
    session.listen().map_err(|e| PgError::Sql(e.to_string()))?;
    let version = match access {
        Access::ReadWrite => found,
        Access::ReadOnly => SCHEMA_VERSION,
    };
    Ok((session, version))
}

/// What `db check` finds on PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub schema_version: u32,
    pub known_version: u32,
    /// Tables, columns, indexes and triggers the schema of this version has on SQLite
    /// and this database lacks (or columns it has beyond them).
    pub differences: Vec<String>,
}

impl Check {
    pub fn is_ok(&self) -> bool {
        self.schema_version == self.known_version && self.differences.is_empty()
    }
}

/// The schema version and whether every table, column, index and trigger of the schema
/// (as SQLite builds it from its migrations) is there.
pub fn check(server: &Server) -> Result<Check> {
    let mut c = server.connect()?;
    c.batch_execute("SET default_transaction_read_only = on")?;
    let Some(version) = recorded_version(&mut c)? else {
        return Err(PgError::Uninitialised {
            server: server.shown.clone(),
        });
    };
    let differences = if version == SCHEMA_VERSION {
        differences(&mut c)?
    } else {
        Vec::new()
    };
    Ok(Check {
        schema_version: version,
        known_version: SCHEMA_VERSION,
        differences,
    })
}

/// The names of a schema: tables with their columns, indexes, triggers.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shape {
    pub columns: BTreeMap<String, BTreeSet<String>>,
    pub indexes: BTreeSet<String>,
    pub triggers: BTreeSet<String>,
}

/// The shape the SQLite migrations build (in memory, from this program's files).
pub fn sqlite_shape() -> Result<Shape> {
    let conn = crate::store::schema_in_memory().map_err(|e| PgError::Sql(e.to_string()))?;
    crate::store::meta::shape(&conn).map_err(|e| PgError::Sql(e.to_string()))
}

/// The shape of the connected PostgreSQL database's current schema (our own version
/// table left out).
pub fn pg_shape(c: &mut Client) -> Result<Shape> {
    let mut shape = Shape::default();
    for r in c.query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name <> 'frontdesk_schema'",
        &[],
    )? {
        shape.columns.entry(r.get(0)).or_default().insert(r.get(1));
    }
    // Indexes of our own (not those PostgreSQL makes for a primary key or a UNIQUE
    // constraint: SQLite makes its own for those, named sqlite_autoindex_*).
    for r in c.query(
        "SELECT i.relname::text FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_namespace n ON n.oid = i.relnamespace \
         WHERE n.nspname = current_schema() \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
        &[],
    )? {
        shape.indexes.insert(r.get(0));
    }
    for r in c.query(
        "SELECT t.tgname::text FROM pg_trigger t \
         JOIN pg_class r ON r.oid = t.tgrelid \
         JOIN pg_namespace n ON n.oid = r.relnamespace \
         WHERE n.nspname = current_schema() AND NOT t.tgisinternal",
        &[],
    )? {
        shape.triggers.insert(r.get(0));
    }
    Ok(shape)
}

/// What the connected database's schema lacks or has beyond SQLite's, one line each.
pub fn differences(c: &mut Client) -> Result<Vec<String>> {
    let want = sqlite_shape()?;
    let have = pg_shape(c)?;
    Ok(compare(&want, &have))
}

/// `want` against `have`, one line per difference.
pub fn compare(want: &Shape, have: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    for (table, cols) in &want.columns {
        match have.columns.get(table) {
            None => out.push(format!("table {table} missing")),
            Some(h) => {
                for c in cols.difference(h) {
                    out.push(format!("column {table}.{c} missing"));
                }
                for c in h.difference(cols) {
                    out.push(format!("column {table}.{c} not in the schema"));
                }
            }
        }
    }
    for table in have.columns.keys() {
        if !want.columns.contains_key(table) {
            out.push(format!("table {table} not in the schema"));
        }
    }
    for i in want.indexes.difference(&have.indexes) {
        out.push(format!("index {i} missing"));
    }
    for i in have.indexes.difference(&want.indexes) {
        out.push(format!("index {i} not in the schema"));
    }
    for t in want.triggers.difference(&have.triggers) {
        out.push(format!("trigger {t} missing"));
    }
    for t in have.triggers.difference(&want.triggers) {
        out.push(format!("trigger {t} not in the schema"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_postgres_migrations_are_the_sqlite_ones_by_number_and_name() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
        let names = |engine: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(dir.join(engine))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".sql"))
                .collect();
            v.sort();
            v
        };
        let sqlite = names("sqlite");
        assert_eq!(names("postgres"), sqlite);
        let listed: Vec<String> = MIGRATIONS.iter().map(|(n, _)| format!("{n}.sql")).collect();
        assert_eq!(listed, sqlite, "every file listed, in order");
        assert_eq!(SCHEMA_VERSION, crate::store::SCHEMA_VERSION);
    }

    #[test]
    fn the_url_is_completed_from_the_environment_as_libpq_does() {
        let env = |k: &str| -> Option<String> {
            match k {
                "PGHOST" => Some("db.group.lan".into()),
                "PGPORT" => Some("5433".into()),
                "PGUSER" => Some("counter".into()),
                "PGPASSWORD" => Some("s3cret".into()),
                _ => None,
            }
        };
        let s = Server::from_url("postgres:///group", &env, None).unwrap();
        assert_eq!(s.shown(), "postgres://counter@db.group.lan:5433/group");
        assert_eq!(s.config.get_password(), Some(&b"s3cret"[..]));
        let s = Server::from_url("postgres://fd:pw@h1/shop", &env, None).unwrap();
        assert_eq!(
            s.shown(),
            "postgres://fd@h1:5433/shop",
            "never the password"
        );
        assert_eq!(s.config.get_password(), Some(&b"pw"[..]), "the URL's first");
        assert!(!format!("{s:?}").contains("pw"));
        let none = |_: &str| None;
        let s = Server::from_url("postgresql://fd@h1/shop", &none, None).unwrap();
        assert_eq!(s.shown(), "postgres://fd@h1:5432/shop");
        assert_eq!(s.config.get_password(), None);
        assert!(matches!(
            Server::from_url("postgres://h1:notaport/x", &none, None),
            Err(PgError::BadUrl(_))
        ));
    }

    #[test]
    fn pgpass_gives_the_first_matching_line_with_wildcards_and_escapes() {
        let text = "# group database\n\
                    other:5432:*:fd:nope\n\
                    db.lan:5432:group:fd:pa\\:ss\n\
                    *:*:*:fd:fallback\n";
        assert_eq!(
            pgpass_lookup(text, "db.lan", 5432, "group", "fd").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_lookup(text, "db.lan", 5433, "group", "fd").as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup(text, "db.lan", 5432, "group", "x"), None);
        assert_eq!(
            pgpass_lookup(
                "localhost:5432:g:fd:sock\n",
                "/var/run/postgresql",
                5432,
                "g",
                "fd"
            )
            .as_deref(),
            Some("sock"),
            "a socket is localhost in the file"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".pgpass");
        std::fs::write(&file, text).unwrap();
        let none = |_: &str| None;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let s =
                Server::from_url("postgres://fd@db.lan/group", &none, Some(dir.path())).unwrap();
            assert_eq!(
                s.config.get_password(),
                None,
                "others may read it: not used"
            );
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let s = Server::from_url("postgres://fd@db.lan/group", &none, Some(dir.path())).unwrap();
        assert_eq!(s.config.get_password(), Some(&b"pa:ss"[..]));
    }

    #[test]
    fn shapes_are_compared_both_ways() {
        let mut want = Shape::default();
        want.columns
            .insert("t".into(), ["a", "b"].map(String::from).into());
        want.indexes.insert("t_a".into());
        want.triggers.insert("t_keep".into());
        let mut have = Shape::default();
        have.columns
            .insert("t".into(), ["a", "c"].map(String::from).into());
        have.columns.insert("u".into(), BTreeSet::new());
        assert_eq!(
            compare(&want, &have),
            vec![
                "column t.b missing",
                "column t.c not in the schema",
                "table u not in the schema",
                "index t_a missing",
                "trigger t_keep missing"
            ]
        );
        assert!(compare(&want, &want).is_empty());
    }
}
