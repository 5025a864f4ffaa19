//! Where data, config, logs and exports live. Defaults come from the `directories`
//! crate; `--db` / `FRONTDESK_DB` and `--config` override them.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

pub const DB_FILE: &str = "frontdesk.sqlite";
pub const CONFIG_FILE: &str = "config.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub db: PathBuf,
    /// The database is the default one (no `--db` / `FRONTDESK_DB`): the console may
    /// create it on its first run. A database named on the command line is never created
    /// by accident (a mistyped path is reported), only by `db init` or `demo`.
    pub db_is_default: bool,
    pub config: PathBuf,
    /// Log files (tracing), beside the database.
    pub logs: PathBuf,
    /// Printed repair orders and other exports.
    pub exports: PathBuf,
}

/// Why a `--db` (or `FRONTDESK_DB`) value names no database this program opens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbRefused {
    /// `scheme:…` with a scheme this program does not know: never taken as a file name
    /// (a mistyped URL would otherwise become a file `postgress:` in the current folder).
    #[error("unknown database scheme {0:?}")]
    UnknownScheme(String),
    /// `postgres://…` for a command that runs on SQLite only (so far only `db migrate`
    /// and `db check` take the group database; see [`database`]).
    #[error("PostgreSQL is not supported by this command")]
    Postgres,
    /// `sqlite:` with no path after it.
    #[error("no file after sqlite:")]
    EmptyPath,
}

/// The database file a `--db` value names: a path as it is, or `sqlite:PATH`
/// (`sqlite://PATH` too, so `sqlite:///srv/fd.sqlite` is `/srv/fd.sqlite`). A value that
/// starts like a URL scheme (`letters:`, two or more, then anything; or anything with
/// `://`) is one: `sqlite` is a file, any other is refused. A drive letter (`C:\…`) is a
/// path; a file whose name has a colon is named as `./name:…` or `sqlite:name:…`.
pub fn database_file(arg: &Path) -> Result<PathBuf, DbRefused> {
    match database(arg)? {
        Database::File(path) => Ok(path),
        Database::Postgres(_) => Err(DbRefused::Postgres),
    }
}

/// What a `--db` value names: a file (as [`database_file`] reads it) or a PostgreSQL
/// database by its URL (`postgres://…`, `postgresql://…`), kept as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    File(PathBuf),
    Postgres(String),
}

pub fn database(arg: &Path) -> Result<Database, DbRefused> {
    let Some(text) = arg.to_str() else {
        // Not UTF-8: no scheme of ours; a file name.
        return Ok(Database::File(arg.to_path_buf()));
    };
    let Some((scheme, rest)) = scheme_of(text) else {
        return Ok(Database::File(arg.to_path_buf()));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                Err(DbRefused::EmptyPath)
            } else {
                Ok(Database::File(PathBuf::from(path)))
            }
        }
        "postgres" | "postgresql" => Ok(Database::Postgres(text.to_string())),
        _ => Err(DbRefused::UnknownScheme(scheme.to_string())),
    }
}

/// `scheme` and what follows `scheme:` when `text` starts with a URL scheme (RFC 3986:
/// a letter, then letters, digits, `+`, `-`, `.`), two characters or more unless `://`
/// follows (one letter and `:` is a drive).
fn scheme_of(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (well_formed && (scheme.len() >= 2 || rest.starts_with("//"))).then_some((scheme, rest))
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "frontdesk")
}

impl Paths {
    /// Resolves the paths; `db` and `config` are the command-line (or env) overrides.
    pub fn resolve(db: Option<&Path>, config: Option<&Path>) -> Result<Paths, String> {
        let dirs = project_dirs();
        let db_override = db;
        let db = match (db, &dirs) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(d)) => d.data_dir().join(DB_FILE),
            (None, None) => {
                return Err("no home folder is known for this user; pass --db PATH".into());
            }
        };
        let config = match (config, &dirs) {
            (Some(p), _) => p.to_path_buf(),
            (None, Some(d)) => d.config_dir().join(CONFIG_FILE),
            (None, None) => {
                return Err("no home folder is known for this user; pass --config PATH".into());
            }
        };
        let data_dir = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Ok(Paths {
            db_is_default: db_override.is_none(),
            logs: data_dir.join("logs"),
            exports: data_dir.join("exports"),
            db,
            config,
        })
    }
}

/// Whether this user may make the folder `dir` (`logs/`, `exports/`) beside the database:
/// only the owner of the folder it goes in does, because a folder made by anyone else
/// (0700, theirs) would lock the owner out of it. A parent that does not exist yet is
/// made along with it, by this user.
pub fn may_make(dir: &Path) -> bool {
    dir.parent()
        .is_none_or(|p| !p.exists() || crate::store::file::owned_by_me(p))
}

/// Creates `dir` (and parents) with mode 0700 on unix.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_logs_sit_beside_the_database() {
        let p = Paths::resolve(
            Some(Path::new("/tmp/x/fd.sqlite")),
            Some(Path::new("/tmp/c.toml")),
        )
        .unwrap();
        assert_eq!(p.db, PathBuf::from("/tmp/x/fd.sqlite"));
        assert_eq!(p.config, PathBuf::from("/tmp/c.toml"));
        assert_eq!(p.logs, PathBuf::from("/tmp/x/logs"));
        assert_eq!(p.exports, PathBuf::from("/tmp/x/exports"));
    }
}

#[cfg(test)]
mod scheme_tests {
    use super::*;

    fn file(s: &str) -> Result<PathBuf, DbRefused> {
        database_file(Path::new(s))
    }

    #[test]
    fn a_path_or_sqlite_colon_path_names_a_file() {
        assert_eq!(file("/srv/fd.sqlite"), Ok(PathBuf::from("/srv/fd.sqlite")));
        assert_eq!(file("shop.db"), Ok(PathBuf::from("shop.db")));
        assert_eq!(file("./a:b.db"), Ok(PathBuf::from("./a:b.db")));
        assert_eq!(
            file("C:\\fd\\shop.db"),
            Ok(PathBuf::from("C:\\fd\\shop.db"))
        );
        assert_eq!(file("sqlite:shop.db"), Ok(PathBuf::from("shop.db")));
        assert_eq!(
            file("SQLite:/srv/fd.sqlite"),
            Ok(PathBuf::from("/srv/fd.sqlite"))
        );
        assert_eq!(
            file("sqlite:///srv/fd.sqlite"),
            Ok(PathBuf::from("/srv/fd.sqlite"))
        );
        assert_eq!(file("sqlite:a:b.db"), Ok(PathBuf::from("a:b.db")));
    }

    #[test]
    fn any_other_scheme_is_refused_never_taken_as_a_file_name() {
        assert_eq!(file("sqlite:"), Err(DbRefused::EmptyPath));
        assert_eq!(file("postgres://fd@db/group"), Err(DbRefused::Postgres));
        assert_eq!(file("postgresql://fd@db/group"), Err(DbRefused::Postgres));
        assert_eq!(
            file("postgress://fd@db/group"),
            Err(DbRefused::UnknownScheme("postgress".into()))
        );
        assert_eq!(
            file("mysql:shop"),
            Err(DbRefused::UnknownScheme("mysql".into()))
        );
        assert_eq!(file("x://y"), Err(DbRefused::UnknownScheme("x".into())));
        assert_eq!(
            database(Path::new("postgres://fd@db/group")),
            Ok(Database::Postgres("postgres://fd@db/group".into()))
        );
    }
}
