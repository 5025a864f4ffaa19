//! Online backup (SQLite backup API): safe while consoles are running.
//!
//! The copy is written to a temporary file beside the destination, created with mode
//! 0600 before its first byte (a backup holds every customer's phone number), and only
//! given its final name when it is complete: an interrupted or failed backup leaves
//! nothing under that name and nothing anyone else may read, and a retry starts afresh.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::file::sibling;
use super::{Result, Store, StoreError};

/// Removes the temporary copy (and any journal SQLite left beside it) when dropped,
/// unless it was given its final name.
struct Temp {
    path: PathBuf,
    keep: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(&self.path, suffix));
        }
    }
}

/// Creates `path` empty and private (0600 on unix); fails when it exists.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?.sync_all()
}

/// The temporary name beside `dest`: hidden, and unique to this process.
fn temp_name(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let dir = dest.parent().unwrap_or(Path::new(""));
    dir.join(format!(".{name}.{}.partial", std::process::id()))
}

impl Store {
    /// Copies the database to `dest` page by page without blocking writers for long.
    /// Refuses to overwrite an existing file (an `Io` error of kind `AlreadyExists`).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        if dest.exists() {
            return Err(io(dest)(std::io::ErrorKind::AlreadyExists.into()));
        }
        let temp = Temp {
            path: temp_name(dest),
            keep: false,
        };
        create_private(&temp.path).map_err(io(&temp.path))?;
        {
            let mut target = Connection::open(&temp.path)?;
            {
                let b = Backup::new(self.conn().sqlite("backup")?, &mut target)?;
                b.run_to_completion(256, Duration::from_millis(5), None)?;
            }
            target.close().map_err(|(_, e)| e)?;
        }
        std::fs::File::open(&temp.path)
            .and_then(|f| f.sync_all())
            .map_err(io(&temp.path))?;
        let mut temp = temp;
        // A hard link gives the copy its name only if the name is still free (another
        // backup may have taken it meanwhile); where links are not supported, a rename
        // after a last look.
        match std::fs::hard_link(&temp.path, dest) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(io(dest)(e)),
            Err(_) if !dest.exists() => {
                std::fs::rename(&temp.path, dest).map_err(io(dest))?;
                temp.keep = true;
            }
            Err(e) => return Err(io(dest)(e)),
        }
        Ok(())
    }
}
