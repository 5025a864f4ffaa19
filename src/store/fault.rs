//! What went wrong, in words a message can give: SQLite's result codes and PostgreSQL's
//! SQLSTATEs (or a lost connection) as one [`Fault`].

/// What the engine says went wrong, for a message in words (the code itself
/// goes to the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Another connection holds the lock for longer than the busy timeout.
    Busy,
    ReadOnly,
    CannotOpen,
    NoAccess,
    Damaged,
    DiskFull,
    IoFailure,
    Other,
}

/// The [`Fault`] of an SQLite or PostgreSQL error found anywhere in `e`'s chain.
pub fn fault(e: &(dyn std::error::Error + 'static)) -> Option<Fault> {
    use rusqlite::ErrorCode as C;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rusqlite::Error>() {
            return Some(match r {
                rusqlite::Error::SqliteFailure(code, _) => match code.code {
                    C::DatabaseBusy | C::DatabaseLocked => Fault::Busy,
                    C::ReadOnly => Fault::ReadOnly,
                    C::CannotOpen => Fault::CannotOpen,
                    C::PermissionDenied | C::AuthorizationForStatementDenied => Fault::NoAccess,
                    C::NotADatabase | C::DatabaseCorrupt => Fault::Damaged,
                    C::DiskFull => Fault::DiskFull,
                    C::SystemIoFailure => Fault::IoFailure,
                    _ => Fault::Other,
                },
                _ => Fault::Other,
            });
        }
        #[cfg(feature = "postgres")]
        if let Some(p) = err.downcast_ref::<::postgres::Error>() {
            return Some(pg_fault(p));
        }
        cur = err.source();
    }
    None
}

/// Whether `e` says the connection to PostgreSQL is gone.
#[cfg(feature = "postgres")]
pub fn lost_connection(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(p) = err.downcast_ref::<::postgres::Error>() {
            return p.is_closed()
                || p.code()
                    .is_some_and(|c| c.code().starts_with("08") || c.code().starts_with("57P"))
                || std::error::Error::source(p).is_some_and(|s| s.is::<std::io::Error>());
        }
        cur = err.source();
    }
    false
}

/// What PostgreSQL's SQLSTATE (or a lost connection) says went wrong.
#[cfg(feature = "postgres")]
fn pg_fault(e: &::postgres::Error) -> Fault {
    let Some(code) = e.code() else {
        // No server answer: the connection is gone or could not be made.
        return Fault::CannotOpen;
    };
    match code.code() {
        "40001" | "40P01" | "55P03" | "57014" => Fault::Busy,
        "25006" => Fault::ReadOnly,
        "42501" | "28000" | "28P01" => Fault::NoAccess,
        "53100" => Fault::DiskFull,
        "58030" => Fault::IoFailure,
        "XX001" | "XX002" => Fault::Damaged,
        c if c.starts_with("08") || c == "3D000" || c.starts_with("57P") => Fault::CannotOpen,
        _ => Fault::Other,
    }
}
