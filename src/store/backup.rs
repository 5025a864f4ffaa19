//! Online backup (SQLite backup API): safe while consoles are running.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::{Result, Store, StoreError};

impl Store {
    /// Copies the database to `dest` page by page without blocking writers for long.
    /// Refuses to overwrite an existing file.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists; choose a new file name for the backup",
                dest.display()
            )));
        }
        let mut target = Connection::open(dest)?;
        {
            let b = Backup::new(self.conn(), &mut target)?;
            b.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dest, std::fs::Permissions::from_mode(0o600)).map_err(
                |source| StoreError::Io {
                    path: dest.to_path_buf(),
                    source,
                },
            )?;
        }
        Ok(())
    }
}
