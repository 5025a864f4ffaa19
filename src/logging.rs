//! The log file: daily files in `logs/` beside the database, never the screen.
//!
//! Logging is a help, never a reason to stop: when the folder or the file cannot be
//! created or written (another user's `logs/`, a file named `logs`, a read-only folder, a
//! full disk), the program goes on without it and says so once — [`init`] returns the
//! reason at start-up, and a write that fails later raises [`failed`] for the console to
//! show one note. Read-only commands never create the folder: they log only into one
//! that is already there.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

static FAILED: AtomicBool = AtomicBool::new(false);
static REPORTED: AtomicBool = AtomicBool::new(false);

/// True once, the first time it is asked after a log write failed.
pub fn failed() -> bool {
    FAILED.load(Ordering::Relaxed) && !REPORTED.swap(true, Ordering::Relaxed)
}

/// Passes writes on; a failing write drops the line and raises [`failed`] instead of
/// reaching the appender's worker (which would print to the terminal).
struct Quiet<W>(W);

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.write_all(buf).is_err() {
            FAILED.store(true, Ordering::Relaxed);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.0.flush().is_err() {
            FAILED.store(true, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// Why there is no log file this time: the folder, and a catalog key for the reason
/// (`cli.log_reason.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoLog {
    pub folder: String,
    pub reason: &'static str,
}

fn reason_of(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => "cli.log_reason.not_allowed",
        K::StorageFull | K::QuotaExceeded => "cli.log_reason.full",
        K::AlreadyExists | K::NotADirectory => "cli.log_reason.in_the_way",
        _ => "cli.log_reason.other",
    }
}

/// Starts logging into `logs` (creating the folder, mode 0700, when `create`); `Err`
/// says why not, and the program goes on without a log file. `Ok(None)`: a read-only
/// command found no log folder and quietly logs nowhere.
///
/// The folder is only created by the user who owns the folder it goes in: a `logs/`
/// made by another user (running the board, say) would stop the owner from logging.
pub fn init(logs: &Path, create: bool) -> Result<Option<WorkerGuard>, NoLog> {
    let create = create && crate::paths::may_make(logs);
    let no = |reason: &'static str| NoLog {
        folder: logs.display().to_string(),
        reason,
    };
    if !logs.is_dir() {
        if !create {
            return Ok(None);
        }
        if logs.exists() {
            return Err(no("cli.log_reason.in_the_way"));
        }
        crate::paths::create_private_dir(logs).map_err(|e| no(reason_of(&e)))?;
    }
    if !crate::store::file::dir_writable(logs) {
        if !create {
            return Ok(None);
        }
        return Err(no("cli.log_reason.not_allowed"));
    }
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("frontdesk")
        .filename_suffix("log")
        .build(logs)
        .map_err(|e| {
            tracing::debug!(error = %e, "no log file");
            no("cli.log_reason.other")
        })?;
    let (writer, guard) = tracing_appender::non_blocking(Quiet(appender));
    let filter = tracing_subscriber::EnvFilter::try_from_env("FRONTDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second init in the same process (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    Ok(Some(guard))
}
