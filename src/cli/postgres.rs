//! `db migrate` and `db check` on the group's PostgreSQL database (issue 14): the only
//! commands that take `--db postgres://…` so far; the console, the boards and the other
//! commands run on SQLite until the store speaks PostgreSQL.

use crate::i18n::I18n;
use crate::store::postgres::{self, PgError, Server};

use super::DbCommand;
use super::error::Failure;

pub(super) fn run(url: &str, command: &DbCommand, i18n: &I18n) -> anyhow::Result<()> {
    let server = Server::from_env(url).map_err(failure)?;
    match command {
        DbCommand::Migrate => {
            let (from, to) = postgres::migrate(&server).map_err(failure)?;
            super::print_migrated(i18n, server.shown().to_string(), from, to);
            Ok(())
        }
        DbCommand::Check => {
            let r = postgres::check(&server).map_err(failure)?;
            let line = |key: &str, value: String| super::check_line(i18n, key, value);
            line("cli.check.database", server.shown().to_string());
            line(
                "cli.check.schema",
                i18n.tf(
                    "cli.check.schema_value",
                    &[
                        ("found", r.schema_version.to_string()),
                        ("known", r.known_version.to_string()),
                    ],
                ),
            );
            if r.schema_version == r.known_version {
                let objects = if r.differences.is_empty() {
                    i18n.t("cli.check.ok").to_string()
                } else {
                    r.differences.join("; ")
                };
                line("cli.check.objects", objects);
            }
            if !r.is_ok() {
                return Err(Failure::new(
                    "cli.error.pg_check_failed",
                    vec![("server", server.shown().to_string())],
                )
                .into());
            }
            Ok(())
        }
        DbCommand::Backup { .. } | DbCommand::Init | DbCommand::Copy { .. } => {
            Err(Failure::new("cli.error.db_postgres", vec![("value", url.to_string())]).into())
        }
    }
}

/// `db copy --from FILE --to URL`: each table with its rows as it is done, then the
/// whole, counted on both sides.
pub(super) fn copy(from: &std::path::Path, to: &str, i18n: &I18n) -> anyhow::Result<()> {
    use crate::store::pg_copy::{CopyError, copy_sqlite_to_postgres};
    let server = Server::from_env(to).map_err(failure)?;
    let copied = copy_sqlite_to_postgres(from, &server, |c| {
        println!("  {} {:>9}", crate::fmt::pad(&c.table, 22), c.rows);
    })
    .map_err(|e| -> anyhow::Error {
        match e {
            CopyError::Source(e) => e.into(),
            CopyError::Target(e) => failure(e),
            CopyError::SourceVersion { path, found, known } => Failure::new(
                "cli.error.copy_version",
                vec![
                    ("path", path),
                    ("found", found.to_string()),
                    ("known", known.to_string()),
                ],
            )
            .into(),
            CopyError::NotEmpty {
                server,
                table,
                rows,
            } => Failure::new(
                "cli.error.copy_not_empty",
                vec![
                    ("server", server),
                    ("table", table),
                    ("rows", rows.to_string()),
                ],
            )
            .into(),
            CopyError::Counts {
                server,
                table,
                source_rows,
                target_rows,
            } => Failure::new(
                "cli.error.copy_counts",
                vec![
                    ("server", server),
                    ("table", table),
                    ("source", source_rows.to_string()),
                    ("target", target_rows.to_string()),
                ],
            )
            .into(),
        }
    })?;
    let rows: i64 = copied.iter().map(|c| c.rows).sum();
    println!(
        "{}",
        i18n.tf(
            "cli.copy.done",
            &[
                ("from", from.display().to_string()),
                ("server", server.shown().to_string()),
                ("rows", rows.to_string()),
                ("tables", copied.len().to_string()),
            ],
        )
    );
    Ok(())
}

fn failure(e: PgError) -> anyhow::Error {
    match e {
        PgError::Connect { server, why } => Failure::new(
            "cli.error.pg_connect",
            vec![("server", server), ("why", why)],
        ),
        PgError::BadUrl(why) => Failure::new("cli.error.pg_url", vec![("why", why)]),
        PgError::TooNew {
            server,
            found,
            known,
        } => Failure::new(
            "cli.error.pg_too_new",
            vec![
                ("server", server),
                ("found", found.to_string()),
                ("known", known.to_string()),
            ],
        ),
        PgError::Foreign { server, tables } => Failure::new(
            "cli.error.pg_foreign",
            vec![("server", server), ("tables", tables)],
        ),
        PgError::Uninitialised { server } => {
            Failure::new("cli.error.pg_uninitialised", vec![("server", server)])
        }
        PgError::Sql(why) => Failure::new("cli.error.pg_failed", vec![("why", why)]),
    }
    .into()
}
