//! `frontdesk coaching export|import`: the response coaching beside the complaint intake,
//! as TOML (the shape of `assets/coaching.toml`). Export writes the shop's own coaching,
//! or the built-in one, to stdout or to a new file (never over an existing one); import
//! checks a file (every nature, every text in both languages) and stores it for every
//! counter of the shop. Importing needs `--staff CODE` of an active manager or supervisor.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use crate::clock::Clock;
use crate::coaching::{BUILT_IN, Coaching};
use crate::i18n::{I18n, Lang};
use crate::paths::Paths;
use crate::store::settings;
use crate::store::{Access, Store};

use super::{Failure, error, open_existing, unknown_staff};

#[derive(Debug, Subcommand)]
pub enum CoachingCommand {
    /// Write the coaching in force (the shop's own, else the built-in one).
    Export {
        /// A new file to write (stdout when left out); an existing file is never replaced.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// Check a coaching file and make it the shop's, on every counter.
    Import {
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
    },
}

pub fn reads_only(c: &CoachingCommand) -> bool {
    matches!(c, CoachingCommand::Export { .. })
}

pub fn run(
    paths: &Paths,
    clock: Clock,
    lang: Lang,
    staff_code: Option<&str>,
    command: CoachingCommand,
) -> anyhow::Result<()> {
    let t = I18n::new(lang);
    match command {
        CoachingCommand::Export { file } => {
            let store = Store::open(&paths.db, Access::ReadOnly)?;
            let text =
                settings::coaching_text(store.conn())?.unwrap_or_else(|| BUILT_IN.to_string());
            match file {
                None => {
                    let mut out = std::io::stdout().lock();
                    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                        r => Ok(r.map_err(|e| error::io(&e, &PathBuf::from("stdout")))?),
                    }
                }
                Some(path) => {
                    let mut f = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                        .map_err(|e| error::io(&e, &path))?;
                    f.write_all(text.as_bytes())
                        .map_err(|e| error::io(&e, &path))?;
                    println!("{}", path.display());
                    Ok(())
                }
            }
        }
        CoachingCommand::Import { file } => {
            let Some(code) = staff_code.map(str::trim).filter(|c| !c.is_empty()) else {
                return Err(Failure::new("cli.catalog.needs_staff", vec![]).into());
            };
            let shown = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| error::io(&e, &file))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Coaching::parse(&text).map_err(|e| {
                Failure::new(
                    "cli.coaching.bad_file",
                    vec![("file", shown.clone()), ("reason", e.to_string())],
                )
            })?;
            let mut store = open_existing(paths)?;
            let Some(who) = crate::store::staff::by_code(store.conn(), code)? else {
                return Err(unknown_staff(code, paths));
            };
            settings::save_coaching(&mut store, Some(who.id), clock.now(), &text)?;
            tracing::info!(staff = %who.code, file = %shown, "coaching imported");
            println!(
                "{}",
                t.tf(
                    "cli.coaching.imported",
                    &[
                        ("file", shown),
                        ("name", who.name.clone()),
                        ("code", who.code.clone())
                    ]
                )
            );
            Ok(())
        }
    }
}
