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
