//! What the command line says when it cannot do what was asked: one sentence in the
//! user's language that names the file, never SQLite's raw codes (those go to the log).

use std::path::Path;

use crate::clock::NowError;
use crate::config::ConfigError;
use crate::i18n::I18n;
use crate::store::{Fault, StoreError};

/// A failure of a command, as a catalog key and its arguments (`cli.error.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Failure {
    pub fn new(key: &'static str, args: Vec<(&'static str, String)>) -> Failure {
        Failure { key, args }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let en = I18n::new(crate::i18n::Lang::En);
        f.write_str(&en.tf(self.key, &self.args))
    }
}

impl std::error::Error for Failure {}

fn path_arg(p: &Path) -> (&'static str, String) {
    ("path", p.display().to_string())
}

/// The failure a store error stands for; `db` is the database the command was about
/// (named when the error itself names no file).
pub fn store(e: &StoreError, db: &Path) -> Failure {
    let f = |key, args| Failure::new(key, args);
    match e {
        StoreError::Missing { path } => f("cli.error.missing", vec![path_arg(path)]),
        StoreError::ReadOnly { path } => f("cli.error.read_only", vec![path_arg(path)]),
        StoreError::Directory { path } => f("cli.error.directory", vec![path_arg(path)]),
        StoreError::NotSqlite { path } => f("cli.error.not_sqlite", vec![path_arg(path)]),
        StoreError::Foreign { path, .. } => f("cli.error.foreign", vec![path_arg(path)]),
        StoreError::Damaged { path, .. } => f("cli.error.damaged", vec![path_arg(path)]),
        StoreError::Uninitialised { path } => f("cli.error.uninitialised", vec![path_arg(path)]),
        StoreError::TooNew { path, found, known } => f(
            "cli.error.too_new",
            vec![
                path_arg(path),
                ("found", found.to_string()),
                ("known", known.to_string()),
            ],
        ),
        StoreError::Io { path, source } => io(source, path),
        StoreError::Db(e) => sqlite(crate::store::fault(e).unwrap_or(Fault::Other), db),
        StoreError::NotAllowed(why) | StoreError::Invalid(why) => {
            f("cli.error.refused", vec![("why", why.clone())])
        }
        other => f(
            "cli.error.store",
            vec![path_arg(db), ("detail", other.to_string())],
        ),
    }
}

/// SQLite's result codes, in words.
fn sqlite(fault: Fault, db: &Path) -> Failure {
    let key = match fault {
        Fault::Busy => "cli.error.busy",
        Fault::ReadOnly => "cli.error.read_only",
        Fault::CannotOpen => "cli.error.cannot_open",
        Fault::NoAccess => "cli.error.no_access",
        Fault::Damaged => "cli.error.damaged",
        Fault::DiskFull => "cli.error.disk_full",
        Fault::IoFailure => "cli.error.io_failure",
        Fault::Other => "cli.error.database",
    };
    Failure::new(key, vec![path_arg(db)])
}

/// An I/O error about `path`, in words.
pub fn io(e: &std::io::Error, path: &Path) -> Failure {
    use std::io::ErrorKind as K;
    let key = match e.kind() {
        K::NotFound => "cli.error.missing",
        K::PermissionDenied => "cli.error.no_access",
        K::ReadOnlyFilesystem => "cli.error.read_only",
        K::StorageFull | K::QuotaExceeded => "cli.error.disk_full",
        K::AlreadyExists => "cli.error.exists",
        K::IsADirectory => "cli.error.directory",
        K::NotADirectory => "cli.error.not_a_folder",
        _ => {
            return Failure::new(
                "cli.error.io",
                vec![path_arg(path), ("detail", e.to_string())],
            );
        }
    };
    Failure::new(key, vec![path_arg(path)])
}

/// The one sentence to show for `e`, in `i18n`'s language; `db` is the database the
/// command was about. The whole chain (with SQLite's own words) goes to the log.
pub fn describe(e: &anyhow::Error, db: &Path, i18n: &I18n) -> String {
    tracing::error!(error = ?e, "command failed");
    let failure = if let Some(f) = e.downcast_ref::<Failure>() {
        f.clone()
    } else if let Some(n) = e.downcast_ref::<crate::print::NoSuchOrder>() {
        Failure::new(
            "cli.error.no_such_order",
            vec![("number", n.0.clone()), path_arg(db)],
        )
    } else if let Some(s) = e.chain().find_map(|c| c.downcast_ref::<StoreError>()) {
        store(s, db)
    } else if let Some(c) = e.downcast_ref::<ConfigError>() {
        Failure::new(
            "cli.error.config",
            vec![
                ("path", c.file.clone()),
                ("line", c.line.to_string()),
                ("detail", c.message.clone()),
            ],
        )
    } else if let Some(n) = e.downcast_ref::<NowError>() {
        let (key, value) = match n {
            NowError::NotRfc3339 { value } => ("cli.error.now_format", value),
            NowError::OutOfRange { value } => ("cli.error.now_range", value),
        };
        Failure::new(
            key,
            vec![
                ("value", value.clone()),
                ("first", crate::clock::FIRST_YEAR.to_string()),
                ("last", crate::clock::LAST_YEAR.to_string()),
            ],
        )
    } else if let Some(f) = e.chain().find_map(crate::store::fault) {
        sqlite(f, db)
    } else {
        Failure::new("cli.error.other", vec![("detail", e.to_string())])
    };
    i18n.tf(failure.key, &failure.args)
}
