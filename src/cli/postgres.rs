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
        DbCommand::Backup { .. } | DbCommand::Init => {
            Err(Failure::new("cli.error.db_postgres", vec![("value", url.to_string())]).into())
        }
    }
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
