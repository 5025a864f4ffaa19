//! The store. All SQL of the program lives below this module, and runs through the
//! engine layer ([`db`]) on an SQLite file or on the group's PostgreSQL database
//! ([`Store::open_postgres`]: writers one at a time by an advisory lock, reads one
//! snapshot each, commits notified; see [`tx`] and [`db::pg`]).
//!
//! On SQLite:
//! * One connection per `Store`; WAL, `synchronous=FULL`, `foreign_keys=ON` and a busy
//!   timeout are set on every connection.
//! * Every write runs in one IMMEDIATE transaction ([`Store::write`]); the check that
//!   guards a write runs inside the same transaction.
//! * Migrations are ordered SQL files tracked in `PRAGMA user_version`, applied inside an
//!   IMMEDIATE transaction that re-reads the version, so two programs starting at once
//!   both come up. A database written by a newer program is refused.
//! * The read-only handle opens the file with `SQLITE_OPEN_READ_ONLY` and `query_only`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use db::Connection;
use rusqlite::{OpenFlags, TransactionBehavior};

#[cfg(feature = "postgres")]
pub use fault::lost_connection;
pub use fault::{Fault, fault};
use file::FileKind;
pub use tx::Tx;
use tx::{Begin, Open};

pub mod api;
pub mod appointments;
pub mod audit;
pub mod backup;
pub mod board;
pub mod bulk;
pub mod bulk_complaints;
pub mod catalog;
mod changes;
pub mod complaints;
pub mod customers;
pub mod db;
pub mod drafts;
pub mod fault;
pub mod file;
pub mod meta;
#[cfg(feature = "postgres")]
pub mod pg_copy;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod repair_orders;
pub mod settings;
pub mod shop;
pub mod staff;
#[doc(hidden)]
pub mod testing;
mod tx;
pub mod workshop;

/// Ordered migrations (`migrations/sqlite/NNNN_*.sql`, a folder per engine so another
/// engine's keep the same numbers); index + 1 is the schema version they produce.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/0001_init.sql"),
    include_str!("migrations/sqlite/0002_drafts.sql"),
    include_str!("migrations/sqlite/0003_shop.sql"),
    include_str!("migrations/sqlite/0004_lines_service_comeback_charge.sql"),
    include_str!("migrations/sqlite/0005_plate_serial.sql"),
    include_str!("migrations/sqlite/0006_application_id.sql"),
    include_str!("migrations/sqlite/0007_settings_holidays_staff_pin.sql"),
    include_str!("migrations/sqlite/0008_workshop.sql"),
    include_str!("migrations/sqlite/0009_board_copies.sql"),
    include_str!("migrations/sqlite/0010_catalog.sql"),
    include_str!("migrations/sqlite/0011_catalog_keeping.sql"),
    include_str!("migrations/sqlite/0012_complaint_stages.sql"),
    include_str!("migrations/sqlite/0013_boards.sql"),
    include_str!("migrations/sqlite/0014_damage_by_order.sql"),
    include_str!("migrations/sqlite/0015_complaint_stages_by_complaint.sql"),
    include_str!("migrations/sqlite/0016_board_sums.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A database in memory with the whole schema and nothing else: what the migrations
/// build, to compare another engine's schema with.
pub fn schema_in_memory() -> Result<rusqlite::Connection> {
    let mut conn = rusqlite::Connection::open_in_memory()?;
    let tx = conn.transaction()?;
    for sql in MIGRATIONS {
        tx.execute_batch(sql)?;
    }
    tx.commit()?;
    Ok(conn)
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer frontdesk (schema version {found}; this program knows up to {known}). Upgrade frontdesk before opening it."
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error(
        "{path} holds no frontdesk data yet (schema version 0); run `frontdesk db init` once to create it"
    )]
    Uninitialised { path: PathBuf },
    /// Nothing at the path (a read-only handle never creates the file).
    #[error("there is no database at {path}")]
    Missing { path: PathBuf },
    /// The path names a folder.
    #[error("{path} is a folder, not a database file")]
    Directory { path: PathBuf },
    /// Not an SQLite file at all.
    #[error("{path} is not a database file")]
    NotSqlite { path: PathBuf },
    /// Another program's SQLite database: left untouched.
    #[error("{path} belongs to another program ({why}); frontdesk leaves it untouched")]
    Foreign { path: PathBuf, why: file::Foreign },
    /// This user may not write the file or its folder (or the medium is read-only).
    #[error("{path} cannot be written by this user here")]
    ReadOnly { path: PathBuf },
    /// An SQLite file cut short or unreadable.
    #[error("{path} is damaged ({why})")]
    Damaged { path: PathBuf, why: String },
    #[error(
        "{entity} {id} was changed by {by} at {at} after you opened it; reload and apply your change again"
    )]
    Conflict {
        entity: &'static str,
        id: i64,
        by: String,
        at: String,
    },
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    /// A value that must be unique is taken, e.g. "staff code A01 is already in use".
    #[error("{what} {value} is already in use")]
    Duplicate { what: &'static str, value: String },
    /// A new vehicle's plate is already on file, with `customer`'s vehicle.
    #[error("plate {plate} is already on file for {customer}")]
    PlateOnFile { plate: String, customer: String },
    #[error("{0}")]
    Invalid(String),
    /// A booking that would push the day past its bookable minutes (domain.md §1). A
    /// closed day has 0 bookable minutes.
    #[error(
        "{day} is full: {booked} of {bookable} bookable minutes are taken and {requested} more were asked for"
    )]
    OverCapacity {
        day: NaiveDate,
        booked: i64,
        bookable: i64,
        requested: i64,
    },
    /// The signed-in staff member's role does not allow this change.
    #[error("{0}")]
    NotAllowed(String),
    /// A state change the domain's rules refuse, e.g. appointment cancelled → arrived.
    #[error("{entity} cannot go from {from} to {to}")]
    Transition {
        entity: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// A workshop rule refuses the action (domain.md §3–§4).
    #[error("{0}")]
    Work(#[from] crate::domain::workshop::WorkError),
    /// A catalog rule refuses the change (issue 15).
    #[error("{0}")]
    Catalog(#[from] crate::domain::catalog::CatalogError),
    #[error("database error: {0}")]
    Db(#[from] db::Error),
    /// The group database (PostgreSQL) refused or could not be reached.
    #[cfg(feature = "postgres")]
    #[error("{0}")]
    Postgres(#[from] self::postgres::PgError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Db(db::Error::Sqlite(e))
    }
}

/// `PRAGMA data_version` on SQLite; on PostgreSQL the commits notified so far.
fn data_version_of(conn: &Connection) -> Result<i64> {
    #[cfg(feature = "postgres")]
    if let Some(session) = conn.postgres() {
        return Ok(session.notified()?);
    }
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Formats a UTC instant the way every time column stores it.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses a stored time column.
pub fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Invalid(format!("bad stored time {s:?}: {e}")))
}

/// What [`Store::revision`] gives: rows read at one revision are current while the
/// store's revision stays the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    data_version: i64,
    own_changes: u64,
    reopened: i64,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    access: Access,
    /// The schema version found when the file was opened (before any migration).
    opened_version: u32,
    /// Set when the read-only handle opened the file `immutable`: what the file looked
    /// like then ([`Store::watch`]).
    immutable: Option<file::Stamp>,
    /// How often [`Store::watch`] opened an immutable file again.
    polls: i64,
    /// The rows this handle changed, per table, as its transactions committed (none on
    /// a read-only handle).
    changes: changes::Shared,
    /// The group database this handle connects to again when its connection is lost.
    #[cfg(feature = "postgres")]
    server: Option<self::postgres::Server>,
}

/// A read-only connection with `query` (`mode=ro` or `immutable=1`).
fn open_read_only(path: &Path, query: &str) -> Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open_with_flags(
        file::uri(path, query),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch("PRAGMA query_only=ON; PRAGMA foreign_keys=ON;")?;
    Ok(conn)
}

/// The read-only connection of [`Store::open`] and the query it was opened with. A
/// `mode=ro` open that cannot make its `-shm` (a full disk) reads `immutable` instead,
/// when no writer was at work (no `-wal`/`-shm` before): the empty `-wal` and the stub
/// `-shm` its attempt made are its own and are removed again.
fn open_for_reading(path: &Path) -> Result<(rusqlite::Connection, &'static str)> {
    let query = file::read_only_query(path);
    let (wal, shm) = (file::sibling(path, "-wal"), file::sibling(path, "-shm"));
    let idle = !wal.exists() && !shm.exists();
    let conn = open_read_only(path, query)?;
    if query != "mode=ro" {
        return Ok((conn, query));
    }
    let probe = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    let Err(e) = probe else {
        return Ok((conn, query));
    };
    let no_room = matches!(
        fault(&e),
        Some(Fault::DiskFull | Fault::IoFailure | Fault::CannotOpen)
    );
    if !(idle && no_room) {
        return Err(e.into());
    }
    drop(conn);
    let empty = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() == 0);
    if empty(&wal) {
        let _ = std::fs::remove_file(&wal);
        // The stub -shm of this attempt: never a writer's (none was at work).
        if std::fs::metadata(&shm).is_ok_and(|m| m.len() < 32 * 1024) {
            let _ = std::fs::remove_file(&shm);
        }
    }
    tracing::info!(path = %path.display(), "no room for the -shm file: reading immutable");
    Ok((open_read_only(path, "immutable=1")?, "immutable=1"))
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("access", &self.access)
            .finish()
    }
}

/// Creates the parent folder (0700) and the file (0600) if they do not exist yet.
fn prepare_file(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(parent).map_err(io)?;
    }
    if !path.exists() {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        o.open(path).map_err(io)?;
    }
    Ok(())
}

/// Switches the file to WAL. The switch needs an exclusive lock the first time and SQLite
/// reports SQLITE_BUSY for it without calling the busy handler (two programs starting on a
/// fresh file at once hit this), so retry here for as long as the busy timeout.
fn set_wal(conn: &rusqlite::Connection) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(())) {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            r => return Ok(r?),
        }
    }
}

impl Store {
    /// Opens (creating and migrating when read-write) the database at `path`.
    ///
    /// The file is recognised first ([`file::inspect`]): a folder, a file that is not
    /// SQLite, another program's database, a damaged file or one from a newer frontdesk is
    /// refused before a byte of it is written. Read-write creates a missing file (the
    /// caller decides whether a missing file may be created); read-only creates nothing.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let kind = file::inspect(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let p = || path.to_path_buf();
        match kind {
            FileKind::Missing if access == Access::ReadOnly => {
                return Err(StoreError::Missing { path: p() });
            }
            FileKind::Missing => {}
            FileKind::Blank if access == Access::ReadOnly => {
                return Err(StoreError::Uninitialised { path: p() });
            }
            FileKind::Blank => {}
            FileKind::Ours { version } if version > SCHEMA_VERSION => {
                return Err(StoreError::TooNew {
                    path: p(),
                    found: version,
                    known: SCHEMA_VERSION,
                });
            }
            FileKind::Ours { version: 0 } if access == Access::ReadOnly => {
                return Err(StoreError::Uninitialised { path: p() });
            }
            FileKind::Ours { .. } => {}
            FileKind::Directory => return Err(StoreError::Directory { path: p() }),
            FileKind::NotSqlite => return Err(StoreError::NotSqlite { path: p() }),
            FileKind::Damaged { why } => return Err(StoreError::Damaged { path: p(), why }),
            FileKind::Foreign { why } => return Err(StoreError::Foreign { path: p(), why }),
        }
        if access == Access::ReadWrite {
            // SQLite would quietly open a file it may not write read-only, and leave
            // `-wal`/`-shm` files of this user's beside it that the owner cannot write:
            // refuse first, touching nothing.
            let folder = file::folder_of(path);
            let blocked = if path.exists() {
                !file::file_writable(path) || !file::dir_writable(folder)
            } else {
                folder.exists() && !file::dir_writable(folder)
            };
            if blocked {
                return Err(StoreError::ReadOnly { path: p() });
            }
        }
        let (conn, query) = match access {
            Access::ReadWrite => {
                prepare_file(path)?;
                let conn = rusqlite::Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE
                        | OpenFlags::SQLITE_OPEN_CREATE
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                set_wal(&conn)?;
                conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
                (conn, "")
            }
            Access::ReadOnly => open_for_reading(path)?,
        };
        let mut store = Store {
            conn: conn.into(),
            path: path.to_path_buf(),
            access,
            opened_version: 0,
            immutable: (query == "immutable=1").then(|| file::Stamp::of(path)),
            polls: 0,
            changes: changes::Shared::default(),
            #[cfg(feature = "postgres")]
            server: None,
        };
        if access == Access::ReadWrite {
            store.changes = changes::OwnChanges::watch(store.conn.sqlite("change hooks")?);
        }
        if query == "immutable=1" {
            tracing::info!(path = %path.display(), "opened immutable: this user cannot create the -wal/-shm files beside it");
        }
        store.opened_version = store.schema_version()?;
        match access {
            Access::ReadWrite => {
                // The version read inside the migration's own transaction: when another
                // program migrated first, this one reports that it found the work done.
                store.opened_version = store.migrate()?.0;
            }
            Access::ReadOnly => {
                let v = store.opened_version;
                if v > SCHEMA_VERSION {
                    return Err(store.too_new(v));
                }
                if v == 0 {
                    return Err(StoreError::Uninitialised {
                        path: store.path.clone(),
                    });
                }
            }
        }
        Ok(store)
    }

    /// Opens the group database at `server` (PostgreSQL). Read-write brings the schema
    /// up to date first ([`postgres::migrate`]); read-only refuses a database without
    /// our schema and reads in `default_transaction_read_only` sessions.
    #[cfg(feature = "postgres")]
    pub fn open_postgres(server: &self::postgres::Server, access: Access) -> Result<Store> {
        let (session, opened_version) = self::postgres::open_session(server, access)?;
        Ok(Store {
            conn: session.into(),
            path: PathBuf::from(server.shown()),
            access,
            opened_version,
            immutable: None,
            polls: 0,
            changes: changes::Shared::default(),
            #[cfg(feature = "postgres")]
            server: Some(server.clone()),
        })
    }

    /// On PostgreSQL: when the connection is gone (the server restarted, the network
    /// dropped), connects again, listening again, and moves the revision so every screen
    /// reads everything again. Nothing of a transaction the lost connection held was kept
    /// (the server rolls it back). A no-op on SQLite and on a live connection.
    pub fn heal(&mut self) -> Result<()> {
        #[cfg(feature = "postgres")]
        if self.conn.postgres().is_some_and(|s| s.is_closed()) {
            self.reconnect()?;
        }
        Ok(())
    }

    #[cfg(feature = "postgres")]
    fn reconnect(&mut self) -> Result<()> {
        let Some(server) = &self.server else {
            return Ok(());
        };
        let before = self.conn.postgres().map_or(0, |s| s.notified_count());
        let (session, _) = self::postgres::open_session(server, self.access)?;
        // The data version goes on from where it was, one further: a board watching it
        // sees a change and reads everything again.
        session.continue_from(before + 1);
        self.conn = session.into();
        self.polls += 1;
        tracing::warn!(server = %server.shown(), "the connection to the group database was lost; connected again");
        Ok(())
    }

    /// Runs `f`; when it fails because the connection to PostgreSQL was lost before
    /// anything was sent in a transaction, connects again and runs it once more.
    fn with_connection<T>(&mut self, f: impl Fn(&Connection) -> Result<T>) -> Result<T> {
        self.heal()?;
        match f(&self.conn) {
            #[cfg(feature = "postgres")]
            Err(e) if lost_connection(&e) && self.server.is_some() => {
                self.reconnect()?;
                f(&self.conn)
            }
            r => r,
        }
    }

    /// For the event loop: a number that changes when another program has committed.
    /// A handle opened `immutable` (see [`file::read_only_query`]) cannot see commits,
    /// so it watches the file instead and opens it again when it changed (or when a
    /// `-wal` appeared, which it then reads with `mode=ro`).
    pub fn watch(&mut self) -> Result<i64> {
        let Some(stamp) = &self.immutable else {
            return self.with_connection(data_version_of);
        };
        let now = file::Stamp::of(&self.path);
        if &now != stamp {
            let query = file::read_only_query(&self.path);
            self.conn = open_read_only(&self.path, query)?.into();
            self.immutable = (query == "immutable=1").then_some(now);
            self.polls += 1;
            tracing::info!(path = %self.path.display(), query, "the file changed; opened again");
        }
        Ok(self.polls)
    }

    fn too_new(&self, found: u32) -> StoreError {
        StoreError::TooNew {
            path: self.path.clone(),
            found,
            known: SCHEMA_VERSION,
        }
    }

    /// The schema version found when the file was opened, before this handle applied any
    /// migration (read inside the migration transaction, so a concurrent migrator is seen).
    pub fn opened_version(&self) -> u32 {
        self.opened_version
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.schema_version()?)
    }

    /// Applies the missing migrations; returns (version before, version after).
    ///
    /// The version is read again inside the IMMEDIATE transaction, so when two programs
    /// start at once the second one waits, sees the work done and applies nothing.
    pub fn migrate(&mut self) -> Result<(u32, u32)> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::Invalid(
                "the read-only handle cannot migrate".into(),
            ));
        }
        let before = self.schema_version()?;
        if before > SCHEMA_VERSION {
            return Err(self.too_new(before));
        }
        if before == SCHEMA_VERSION {
            return Ok((before, before));
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .sqlite_mut("migrations")?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found: current,
                known: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as u32)?;
            tracing::info!(version = i + 1, path = %path.display(), "applied migration");
        }
        tx.commit()?;
        Ok((current, SCHEMA_VERSION))
    }

    /// Where the data stands as this handle sees it: another connection's commit
    /// (`PRAGMA data_version`), a row changed through this one (its total changes) or
    /// the file opened again by [`Store::watch`] gives a new revision, so rows read at
    /// one revision are still current while it holds. (A handle opened `immutable` sees
    /// no commit until `watch` opens the file again.)
    pub fn revision(&self) -> Result<Revision> {
        let data_version = match self.immutable {
            Some(_) => 0,
            None => self.data_version()?,
        };
        // On PostgreSQL every commit, this handle's own included, is notified: the
        // data version alone says it.
        let own_changes = match self.conn.sqlite("change counts") {
            Ok(c) => c.total_changes(),
            Err(_) => 0,
        };
        Ok(Revision {
            data_version,
            own_changes,
            reopened: self.polls,
        })
    }

    /// [`Store::revision`] for rows read from `tables` only: this handle's own commits
    /// move it only when they changed a row of one of them (another connection's commit
    /// or a reopen moves it whatever it changed). A screen that reads a few tables keeps
    /// its rows when this counter wrote elsewhere (an appointment booked does not stale
    /// the work-orders board). `tables` must name every table the rows are read from
    /// (the store tests check each list against the tables its statements read) and no
    /// `WITHOUT ROWID` table (their changes are not counted).
    pub fn revision_of(&self, tables: &[&str]) -> Result<Revision> {
        let all = self.revision()?;
        let own = self.changes.lock().map(|c| c.of(tables));
        Ok(Revision {
            // A poisoned count (a hook that panicked) cannot be trusted: every change.
            own_changes: own.unwrap_or(all.own_changes),
            ..all
        })
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        data_version_of(&self.conn)
    }

    /// Runs `f` in one IMMEDIATE transaction on behalf of `actor` at `now`; commits when
    /// `f` returns `Ok`, rolls back otherwise (also on panic: the transaction is dropped).
    pub fn write<T>(
        &mut self,
        actor: Option<i64>,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::Invalid(
                "this handle is read-only (board mode)".into(),
            ));
        }
        self.with_connection(|c| Open::begin(c, Begin::Write).map(Open::keep))?;
        let guard = Open::resume(&self.conn);
        #[cfg(feature = "postgres")]
        if self.conn.engine() == db::Engine::Postgres {
            // Delivered to every listening session when the transaction commits.
            self.conn
                .execute_batch(&format!("SELECT pg_notify('{}', '')", db::pg::CHANNEL))?;
        }
        let mut w = Tx::new(&self.conn, now, actor);
        let out = f(&mut w)?;
        guard.commit()?;
        Ok(out)
    }

    /// Runs `f` in one short read transaction, so everything it reads is one snapshot.
    pub fn read<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.with_connection(|c| Open::begin(c, Begin::Read).map(Open::keep))?;
        let guard = Open::resume(&self.conn);
        let out = f(&self.conn)?;
        guard.finish()?;
        Ok(out)
    }

    /// The raw connection, for reads that need no snapshot and for store tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check`, `PRAGMA foreign_key_check` and the schema version.
    pub fn check(&self) -> Result<CheckReport> {
        #[cfg(feature = "postgres")]
        if let Some(session) = self.conn.postgres() {
            // The server keeps its own pages and enforces every foreign key as it writes;
            // what can be wrong is the schema: its differences from SQLite's are reported.
            let integrity = self::postgres::differences(&mut session.client())?;
            return Ok(CheckReport {
                schema_version: self.schema_version()?,
                known_version: SCHEMA_VERSION,
                integrity,
                foreign_keys: Vec::new(),
            });
        }
        let mut integrity = Vec::new();
        {
            let mut st = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            for r in rows {
                let r = r?;
                if r != "ok" {
                    integrity.push(r);
                }
            }
        }
        let mut foreign_keys = Vec::new();
        {
            let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
            let rows = st.query_map([], |r| {
                Ok(format!(
                    "{} row {} -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    r.get::<_, String>(2)?
                ))
            })?;
            for r in rows {
                foreign_keys.push(r?);
            }
        }
        Ok(CheckReport {
            schema_version: self.schema_version()?,
            known_version: SCHEMA_VERSION,
            integrity,
            foreign_keys,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub schema_version: u32,
    pub known_version: u32,
    /// Problems reported by `integrity_check` (empty when "ok").
    pub integrity: Vec<String>,
    /// Rows reported by `foreign_key_check`.
    pub foreign_keys: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.schema_version == self.known_version
    }
}
