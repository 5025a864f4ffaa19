//! `frontdesk catalog import|export`: the parts price list or the standard operations as
//! CSV (a spreadsheet's layout), the packages as TOML. An import is all or nothing: the
//! first refused row is named with its line number and nothing is written. Importing
//! needs `--staff CODE` of an active manager or supervisor; the store checks again.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::catalog_file::{self, ReadError};
use crate::clock::Clock;
use crate::i18n::{I18n, Lang};
use crate::paths::Paths;
use crate::store::catalog::{self, Counts};
use crate::store::{Access, Store};

use super::{Failure, error, open_existing, unknown_staff};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogWhat {
    /// The parts price list (part number, name, unit, price …).
    Parts,
    /// The standard labour operations (code, name, hours …).
    Operations,
    /// The packages (TOML; import only).
    Packages,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Add and update entries from a file; nothing is imported when a row is refused.
    Import {
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
        #[arg(long, value_enum, default_value = "parts")]
        what: CatalogWhat,
    },
    /// Write the parts or the operations to stdout in the layout `import` reads.
    Export {
        #[arg(long, value_enum, default_value = "parts")]
        what: CatalogWhat,
        /// Start with a UTF-8 byte order mark (for Excel).
        #[arg(long)]
        bom: bool,
    },
}

/// Whether the command only reads.
pub fn reads_only(c: &CatalogCommand) -> bool {
    matches!(c, CatalogCommand::Export { .. })
}

pub fn run(
    paths: &Paths,
    clock: Clock,
    lang: Lang,
    staff_code: Option<&str>,
    command: CatalogCommand,
) -> anyhow::Result<()> {
    let t = I18n::new(lang);
    match command {
        CatalogCommand::Export { what, bom } => {
            let mut store = Store::open(&paths.db, Access::ReadOnly)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let written = (|| -> anyhow::Result<()> {
                if bom {
                    out.write_all("\u{feff}".as_bytes())?;
                }
                match what {
                    CatalogWhat::Parts => {
                        let parts = store.read(catalog::parts)?;
                        // Units as a Chinese price list writes them (个, 升 …), or the
                        // stored words; either imports again.
                        let zh = lang == Lang::ZhCn;
                        catalog_file::write_parts(&parts, zh, &mut out)?;
                    }
                    CatalogWhat::Operations | CatalogWhat::Packages => {
                        let ops = store.read(catalog::operations)?;
                        catalog_file::write_operations(&ops, &mut out)?;
                    }
                }
                out.flush()?;
                Ok(())
            })();
            match written {
                // `frontdesk catalog export | head` closes the pipe early: not an error.
                Err(e) if super::is_broken_pipe(&e) => Ok(()),
                other => other,
            }
        }
        CatalogCommand::Import { file, what } => {
            let Some(code) = staff_code.map(str::trim).filter(|c| !c.is_empty()) else {
                return Err(Failure::new("cli.catalog.needs_staff", vec![]).into());
            };
            let shown = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| error::io(&e, &file))?;
            let mut store = open_existing(paths)?;
            let Some(who) = crate::store::staff::by_code(store.conn(), code)? else {
                return Err(unknown_staff(code, paths));
            };
            let name = file_name(&file);
            let counts: Counts = match what {
                CatalogWhat::Parts => {
                    let rows =
                        catalog_file::read_parts(&bytes[..]).map_err(|e| refused(&t, &shown, e))?;
                    store.write(Some(who.id), clock.now(), |tx| {
                        catalog::import_parts(tx, &name, &rows)
                    })?
                }
                CatalogWhat::Operations => {
                    let rows = catalog_file::read_operations(&bytes[..])
                        .map_err(|e| refused(&t, &shown, e))?;
                    store.write(Some(who.id), clock.now(), |tx| {
                        catalog::import_operations(tx, &name, &rows)
                    })?
                }
                CatalogWhat::Packages => {
                    let text = String::from_utf8_lossy(&bytes);
                    let rows = catalog_file::read_packages(&text).map_err(|reason| {
                        Failure::new(
                            "cli.catalog.bad_file",
                            vec![("file", shown.clone()), ("reason", reason)],
                        )
                    })?;
                    store.write(Some(who.id), clock.now(), |tx| {
                        catalog::import_packages(tx, &name, &rows)
                    })?
                }
            };
            tracing::info!(staff = %who.code, file = %shown, ?counts, "catalog imported");
            println!(
                "{}",
                t.tf(
                    "cli.catalog.imported",
                    &[
                        ("file", shown),
                        ("added", counts.added.to_string()),
                        ("updated", counts.updated.to_string()),
                        ("unchanged", counts.unchanged.to_string()),
                        ("name", who.name.clone()),
                        ("code", who.code.clone()),
                    ]
                )
            );
            Ok(())
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// A refused file, in the user's language: which line and why.
fn refused(t: &I18n, file: &str, e: ReadError) -> anyhow::Error {
    use crate::i18n::DomainError;
    let (line, reason) = match e {
        ReadError::Row(r) => (r.line, t.note(&r.error.note())),
        ReadError::Csv { line, source } => (line, source.to_string()),
    };
    if line == 0 {
        Failure::new(
            "cli.catalog.bad_file",
            vec![("file", file.to_string()), ("reason", reason)],
        )
        .into()
    } else {
        Failure::new(
            "cli.catalog.bad_row",
            vec![
                ("file", file.to_string()),
                ("line", line.to_string()),
                ("reason", reason),
            ],
        )
        .into()
    }
}
