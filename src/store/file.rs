//! Recognising a database file before a byte of it is written.
//!
//! Every frontdesk database carries [`APPLICATION_ID`] in its header (`PRAGMA
//! application_id`, set by migration 6 at creation and on upgrade). [`inspect`] reads the
//! header and, where needed, the table list through a connection that cannot write or
//! create anything (`immutable=1`, or `mode=ro` while a `-wal` file holds newer pages), and
//! says what the file is: missing, a folder, blank, ours, another program's, not SQLite at
//! all, or damaged. [`super::Store::open`] refuses everything but "missing", "blank" and
//! "ours" before it opens the file for writing, so a file that is not ours is never
//! changed.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// `PRAGMA application_id` of every frontdesk database: "FDK1".
pub const APPLICATION_ID: i32 = 0x4644_4b31;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Tables every frontdesk database has had since schema version 1.
const OUR_TABLES: &[&str] = &[
    "staff",
    "customers",
    "vehicles",
    "repair_orders",
    "audit_log",
];

/// What a path holds, as far as frontdesk is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing at the path.
    Missing,
    /// A folder, not a file.
    Directory,
    /// A file of 0 bytes, or an SQLite database with nothing in it (no tables, schema
    /// version 0, no application id): safe to make a frontdesk database of.
    Blank,
    /// A frontdesk database at schema `version` (which may be newer than this program's).
    Ours { version: u32 },
    /// Not an SQLite file at all.
    NotSqlite,
    /// An SQLite file that is cut short or unreadable.
    Damaged { why: String },
    /// Another program's SQLite database.
    Foreign { why: Foreign },
}

/// Why an SQLite file is taken to be another program's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Foreign {
    /// Its header carries another program's application id.
    ApplicationId(i32),
    /// Schema version 0, yet it holds tables (the first few of them).
    OwnTables(Vec<String>),
    /// It has a schema version but none of frontdesk's tables.
    VersionWithoutTables(u32),
}

impl std::fmt::Display for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Foreign::ApplicationId(id) => write!(f, "application id {id:#010x}"),
            Foreign::OwnTables(t) => write!(f, "tables {}", t.join(", ")),
            Foreign::VersionWithoutTables(v) => {
                write!(f, "schema version {v} but no frontdesk tables")
            }
        }
    }
}

/// `path` with `suffix` appended to its file name (`fd.sqlite` → `fd.sqlite-wal`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether a `-wal` file with content sits beside `path` (pages newer than the file's own).
fn wal_has_pages(path: &Path) -> bool {
    std::fs::metadata(sibling(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// A `file:` URI for `path` with the given query, for `SQLITE_OPEN_URI`.
pub fn uri(path: &Path, query: &str) -> String {
    let mut out = String::from("file:");
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    out
}

/// Opens `path` so that nothing can be written or created: `immutable=1` when no `-wal`
/// holds newer pages, `mode=ro` otherwise (the `-wal` and `-shm` are there already).
fn peek(path: &Path) -> rusqlite::Result<Connection> {
    let query = if wal_has_pages(path) {
        "mode=ro"
    } else {
        "immutable=1"
    };
    Connection::open_with_flags(
        uri(path, query),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

fn damaged(why: impl Into<String>) -> FileKind {
    FileKind::Damaged { why: why.into() }
}

/// Size and modification time of a database file and of the `-wal` beside it: what a
/// writer changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    wal: Option<(u64, Option<std::time::SystemTime>)>,
}

impl Stamp {
    pub(crate) fn of(path: &Path) -> Stamp {
        let meta = std::fs::metadata(path).ok();
        Stamp {
            len: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
            wal: std::fs::metadata(sibling(path, "-wal"))
                .ok()
                .map(|m| (m.len(), m.modified().ok())),
        }
    }
}

/// How long [`inspect`] waits for a file another program is writing to hold still.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// Says what `path` holds without changing or creating anything. An I/O error (no
/// permission to read, say) is returned as such.
///
/// The look takes no lock, so it can catch a frontdesk that is creating or checkpointing
/// the file at that moment half-way. A refusal (not SQLite, damaged, another program's)
/// therefore stands only when the file did not change while it was read and no
/// rollback journal beside it says a transaction is under way (a writer whose pages spill
/// into the file before its commit can hold still for a moment, half-way); otherwise the
/// look is taken again, for up to [`SETTLE`].
pub fn inspect(path: &Path) -> std::io::Result<FileKind> {
    let deadline = std::time::Instant::now() + SETTLE;
    loop {
        let before = Stamp::of(path);
        let kind = inspect_once(path)?;
        let refusal = matches!(
            kind,
            FileKind::NotSqlite | FileKind::Damaged { .. } | FileKind::Foreign { .. }
        );
        let writing = std::fs::metadata(sibling(path, "-journal")).is_ok_and(|m| m.len() > 0);
        if !refusal
            || (Stamp::of(path) == before && !writing)
            || std::time::Instant::now() >= deadline
        {
            return Ok(kind);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn inspect_once(path: &Path) -> std::io::Result<FileKind> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(e),
    };
    if meta.is_dir() {
        return Ok(FileKind::Directory);
    }
    let len = meta.len();
    if len == 0 {
        return Ok(FileKind::Blank);
    }
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)?
        .take(100)
        .read_to_end(&mut header)?;
    if header.len() < MAGIC.len() {
        return Ok(if MAGIC.starts_with(&header) {
            damaged("cut short inside the header")
        } else {
            FileKind::NotSqlite
        });
    }
    if &header[..16] != MAGIC {
        return Ok(FileKind::NotSqlite);
    }
    if header.len() < 100 {
        return Ok(damaged(format!(
            "cut short inside the header ({len} bytes)"
        )));
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        n => return Ok(damaged(format!("impossible page size {n}"))),
    };
    if len < page_size {
        return Ok(damaged(format!(
            "only {len} bytes, less than one page of {page_size}"
        )));
    }
    if !wal_has_pages(path) {
        // The header's page count is valid when "version-valid-for" matches the change
        // counter; a file shorter than that count was cut short (a truncated copy).
        let pages = u64::from(be32(28));
        if be32(92) == be32(24) && pages > 0 && pages * page_size > len {
            return Ok(damaged(format!(
                "{len} bytes where the header promises {} ({pages} pages)",
                pages * page_size
            )));
        }
    }
    let conn = match peek(path) {
        Ok(c) => c,
        Err(e) => return Ok(damaged(e.to_string())),
    };
    let read = || -> rusqlite::Result<(i32, u32, Vec<String>)> {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )?;
        let tables = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((app, version, tables))
    };
    let (app, version, tables) = match read() {
        Ok(x) => x,
        Err(e) => return Ok(damaged(e.to_string())),
    };
    let has_ours = OUR_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    Ok(match (app, version) {
        (APPLICATION_ID, v) => FileKind::Ours { version: v },
        (0, 0) if tables.is_empty() => FileKind::Blank,
        (0, 0) => FileKind::Foreign {
            why: Foreign::OwnTables(tables.into_iter().take(3).collect()),
        },
        // Written before application ids (schema versions 1–5).
        (0, v) if has_ours => FileKind::Ours { version: v },
        (0, v) => FileKind::Foreign {
            why: Foreign::VersionWithoutTables(v),
        },
        (other, _) => FileKind::Foreign {
            why: Foreign::ApplicationId(other),
        },
    })
}

/// Whether this process may write the existing file at `path` (asks `access(2)`).
#[cfg(unix)]
pub fn file_writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
pub fn file_writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// The folder a database file sits in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Whether this process may create files in `dir` (write and search permission, and not
/// on read-only media). Asks the kernel (`access(2)`); creates nothing.
#[cfg(unix)]
pub fn dir_writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

#[cfg(not(unix))]
pub fn dir_writable(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

/// Whether the file at `path` belongs to the user this process runs as.
#[cfg(unix)]
pub fn owned_by_me(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    std::fs::metadata(path).is_ok_and(|m| m.uid() == me)
}

#[cfg(not(unix))]
pub fn owned_by_me(_path: &Path) -> bool {
    true
}

/// How a read-only handle opens `path`: `immutable` (creates nothing, takes no locks)
/// when this user may not create the `-wal`/`-shm` files itself or they would belong to
/// someone other than the database's owner, and no `-wal` holds newer pages; `mode=ro`
/// otherwise.
pub fn read_only_query(path: &Path) -> &'static str {
    let dir = folder_of(path);
    // A `-wal` with its `-shm` means a writer is (or was) at work: read through them.
    // Without the `-shm`, SQLite would create one, owned by this user.
    let live = sibling(path, "-wal").exists() && sibling(path, "-shm").exists();
    let may_create = dir_writable(dir) && owned_by_me(path);
    if live || may_create {
        "mode=ro"
    } else {
        "immutable=1"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_what_a_uri_cannot_hold() {
        assert_eq!(
            uri(Path::new("/tmp/a b/fd?#%.sqlite"), "mode=ro"),
            "file:/tmp/a%20b/fd%3F%23%25.sqlite?mode=ro"
        );
        assert_eq!(
            uri(Path::new("店/fd.sqlite"), "immutable=1"),
            "file:%E5%BA%97/fd.sqlite?immutable=1"
        );
    }

    #[test]
    fn inspect_tells_files_apart() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        assert_eq!(inspect(&p("none")).unwrap(), FileKind::Missing);
        assert_eq!(inspect(dir.path()).unwrap(), FileKind::Directory);
        std::fs::write(p("empty"), b"").unwrap();
        assert_eq!(inspect(&p("empty")).unwrap(), FileKind::Blank);
        std::fs::write(p("text"), b"hello, this is not a database at all").unwrap();
        assert_eq!(inspect(&p("text")).unwrap(), FileKind::NotSqlite);
        std::fs::write(p("short"), b"SQLite for").unwrap();
        assert!(matches!(
            inspect(&p("short")).unwrap(),
            FileKind::Damaged { .. }
        ));
        {
            let c = Connection::open(p("other")).unwrap();
            c.execute_batch("PRAGMA application_id = 42; CREATE TABLE t(x);")
                .unwrap();
        }
        assert_eq!(
            inspect(&p("other")).unwrap(),
            FileKind::Foreign {
                why: Foreign::ApplicationId(42)
            }
        );
        {
            let c = Connection::open(p("blank")).unwrap();
            c.execute_batch("PRAGMA page_size = 4096; VACUUM;").unwrap();
        }
        assert_eq!(inspect(&p("blank")).unwrap(), FileKind::Blank);
    }
}
