//! The command line: `frontdesk` (console), `board`, `demo`, `db`, `print`, `shop`,
//! `export`, `staff`.

mod settings;
mod staff;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::app::{App, RunMode, Services};
use crate::clock::Clock;
use crate::config::Config;
use crate::export::{ExportFormat, ExportWhat};
use crate::i18n::{I18n, Lang};
use crate::paths::Paths;
use crate::store::shop::{self, Shop};
use crate::store::{Access, Store};
use crate::ui::Ctx;

#[derive(Debug, Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "Service reception console for an after-sales service center"
)]
pub struct Cli {
    /// The database file (default: the user's data folder).
    #[arg(long, global = true, env = "FRONTDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// UI language: zh-CN or en (default: config, then the locale).
    #[arg(long, global = true, value_name = "zh-CN|en", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// The config file (default: the user's config folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Staff code of who is at this counter (skips the start-up choice).
    #[arg(long, global = true, env = "FRONTDESK_STAFF", value_name = "CODE")]
    pub staff: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?}: use zh-CN or en"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The supervisors' read-only board.
    Board,
    /// Fill a database with a realistic, deterministic demo shop.
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace a database that already holds data (the old file is deleted).
        #[arg(long)]
        force: bool,
    },
    /// Database maintenance.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// Print: write a printable document to the exports folder and show its path.
    Print {
        #[command(subcommand)]
        what: PrintWhat,
    },
    /// The shop's name, address and phone, printed on its repair orders: shows them, or
    /// changes the given ones (needs --staff CODE of an active manager or supervisor).
    Shop {
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        #[arg(long, value_name = "TEXT")]
        address: Option<String>,
        #[arg(long, value_name = "TEXT")]
        phone: Option<String>,
    },
    /// Staff: list, add, change role, deactivate/activate, set a PIN (needs --staff CODE
    /// of an active manager or supervisor, except for the first member).
    Staff {
        #[command(subcommand)]
        command: staff::StaffCommand,
    },
    /// Write customers, vehicles, appointments, repair orders or complaints to stdout.
    Export {
        #[arg(long, value_enum)]
        what: ExportWhat,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Start CSV with a UTF-8 byte order mark (for Excel).
        #[arg(long)]
        bom: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrintWhat {
    /// The A4 HTML repair order (customer copy with signature box).
    Ro {
        /// RO-YYYYMMDD-NNNN
        number: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// integrity_check, foreign_key_check and the schema version.
    Check,
    /// Online backup to a new file (safe while consoles run).
    Backup { path: PathBuf },
    /// Apply pending migrations.
    Migrate,
}

/// The language: --lang, else config, else the locale.
pub fn choose_lang(cli: Option<Lang>, config: Option<Lang>) -> Lang {
    cli.or(config)
        .unwrap_or_else(|| Lang::from_locale(|v| std::env::var(v).ok()))
}

/// Logs go to a file in the data folder, never to the screen.
fn init_logging(paths: &Paths) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    crate::paths::create_private_dir(&paths.logs).ok()?;
    let appender = tracing_appender::rolling::daily(&paths.logs, "frontdesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = tracing_subscriber::EnvFilter::try_from_env("FRONTDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}

fn remove_database(db: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", p.display())),
        }
    }
    Ok(())
}

pub fn execute(cli: Cli) -> anyhow::Result<()> {
    let paths =
        Paths::resolve(cli.db.as_deref(), cli.config.as_deref()).map_err(anyhow::Error::msg)?;
    let config = Config::load(&paths.config)?;
    let clock = Clock::from_env(config.zone).map_err(anyhow::Error::msg)?;
    let lang = choose_lang(cli.lang, config.lang);
    let _log = init_logging(&paths);
    tracing::info!(db = %paths.db.display(), "frontdesk starting");

    match cli.command {
        None => console(&paths, &config, clock, lang, cli.staff.as_deref()),
        Some(Command::Board) => board(&paths, &config, clock, lang),
        Some(Command::Demo { seed, force }) => {
            if force {
                remove_database(&paths.db)?;
            }
            let mut store = Store::open(&paths.db, Access::ReadWrite)?;
            let summary = crate::demo::fill(&mut store, seed, clock.now(), crate::demo::ZONE)?;
            println!("{}: {summary}", paths.db.display());
            Ok(())
        }
        Some(Command::Db { command }) => match command {
            DbCommand::Check => {
                let store = Store::open(&paths.db, Access::ReadOnly)?;
                let r = store.check()?;
                println!("database:        {}", paths.db.display());
                println!(
                    "schema version:  {} (this program: {})",
                    r.schema_version, r.known_version
                );
                println!(
                    "integrity_check: {}",
                    if r.integrity.is_empty() {
                        "ok".to_string()
                    } else {
                        r.integrity.join("; ")
                    }
                );
                println!(
                    "foreign keys:    {}",
                    if r.foreign_keys.is_empty() {
                        "ok".to_string()
                    } else {
                        r.foreign_keys.join("; ")
                    }
                );
                if !r.is_ok() {
                    bail!("the database check found problems");
                }
                Ok(())
            }
            DbCommand::Backup { path } => {
                let store = Store::open(&paths.db, Access::ReadOnly)?;
                store.backup_to(&path)?;
                println!("{} -> {}", paths.db.display(), path.display());
                Ok(())
            }
            DbCommand::Migrate => {
                // Opening read-write applies the pending migrations in one transaction.
                let store = Store::open(&paths.db, Access::ReadWrite)?;
                let (from, to) = (store.opened_version(), store.schema_version()?);
                if from == to {
                    println!(
                        "{}: schema version {to}, nothing to migrate",
                        paths.db.display()
                    );
                } else {
                    println!("{}: schema version {from} -> {to}", paths.db.display());
                }
                Ok(())
            }
        },
        Some(Command::Print {
            what: PrintWhat::Ro { number },
        }) => {
            if !crate::domain::repair_order::is_ro_number(number.trim()) {
                bail!("{number:?} is not a repair order number (RO-YYYYMMDD-NNNN)");
            }
            let mut store = Store::open(&paths.db, Access::ReadOnly)?;
            let i18n = I18n::new(lang);
            let zone = settings::zone(&store, &config)?;
            let path = crate::print::write_repair_order(
                &mut store,
                number.trim(),
                &i18n,
                zone,
                &paths.exports,
            )?;
            println!("{}", path.display());
            Ok(())
        }
        Some(Command::Shop {
            name,
            address,
            phone,
        }) => shop_settings(
            &paths,
            &config,
            clock,
            lang,
            cli.staff.as_deref(),
            [name, address, phone],
        ),
        Some(Command::Staff { command }) => {
            staff::run(&paths, &config, clock, lang, cli.staff.as_deref(), command)
        }
        Some(Command::Export { what, format, bom }) => {
            let mut store = Store::open(&paths.db, Access::ReadOnly)?;
            let zone = settings::zone(&store, &config)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let written = crate::export::export(&mut store, what, format, bom, zone, &mut out)
                .and_then(|_| out.flush().map_err(anyhow::Error::from));
            match written {
                // `frontdesk export … | head` closes the pipe early: not an error.
                Err(e) if is_broken_pipe(&e) => Ok(()),
                other => other,
            }
        }
    }
}

/// `frontdesk shop`: prints the shop settings, or saves the given ones as `staff_code`.
fn shop_settings(
    paths: &Paths,
    config: &Config,
    clock: Clock,
    lang: Lang,
    staff_code: Option<&str>,
    [name, address, phone]: [Option<String>; 3],
) -> anyhow::Result<()> {
    let show = |s: &Shop| {
        let v = |x: &str| {
            if x.is_empty() {
                "(not set)".to_string()
            } else {
                x.to_string()
            }
        };
        println!("name:    {}", v(&s.name));
        println!("address: {}", v(&s.address));
        println!("phone:   {}", v(&s.phone));
    };
    if name.is_none() && address.is_none() && phone.is_none() {
        let mut store = Store::open(&paths.db, Access::ReadOnly)?;
        let s = store.read(shop::shop)?;
        show(&s);
        return settings::print(&mut store, config, &I18n::new(lang));
    }
    let Some(code) = staff_code.map(str::trim).filter(|c| !c.is_empty()) else {
        bail!(
            "changing the shop settings needs --staff CODE (or FRONTDESK_STAFF) naming an \
             active manager or supervisor"
        );
    };
    let mut store = Store::open(&paths.db, Access::ReadWrite)?;
    settings::prepare(&mut store, config, clock.now())?;
    let Some(who) = crate::store::staff::by_code(store.conn(), code)? else {
        bail!(
            "no staff member with code {code:?} in {}",
            paths.db.display()
        );
    };
    let saved = shop::update_shop(
        &mut store,
        Some(who.id),
        clock.now(),
        name.as_deref(),
        address.as_deref(),
        phone.as_deref(),
    )?;
    tracing::info!(staff = %who.code, "shop settings saved");
    println!("saved by {} ({}):", who.name, who.code);
    show(&saved);
    settings::print(&mut store, config, &I18n::new(lang))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

fn db_label(p: &Path) -> String {
    p.display().to_string()
}

fn console(
    paths: &Paths,
    config: &Config,
    clock: Clock,
    lang: Lang,
    staff_code: Option<&str>,
) -> anyhow::Result<()> {
    let mut store = Store::open(&paths.db, Access::ReadWrite)?;
    let shop = settings::prepare(&mut store, config, clock.now())?;
    let clock = settings::in_zone(clock, settings::zone(&store, config)?);
    let mut app = App::new(
        RunMode::Console,
        lang,
        clock.zone(),
        clock.now(),
        db_label(&paths.db),
    );
    app.shell.settings = shop;
    app.shell.require_pin = config.require_pin;
    // Who is at the counter: --staff, else the one remembered for this machine.
    let remembered = config.staff.as_deref();
    if let Some(code) = staff_code.or(remembered) {
        match crate::store::staff::by_code(store.conn(), code)? {
            // With PINs required the picker asks this member's PIN first.
            Some(s) if s.active && config.require_pin => {
                app.screens.staff_picker.preselect = Some(s.code)
            }
            Some(s) if s.active => app.shell.staff = Some(s),
            _ if staff_code.is_some() => bail!(
                "no active staff member with code {code:?} in {}",
                paths.db.display()
            ),
            _ => tracing::warn!(code, "remembered staff member is gone; asking again"),
        }
    }
    tui(app, store, paths, config, clock)
}

fn board(paths: &Paths, config: &Config, clock: Clock, lang: Lang) -> anyhow::Result<()> {
    let mut store = Store::open(&paths.db, Access::ReadOnly)?;
    let clock = settings::in_zone(clock, settings::zone(&store, config)?);
    let mut app = App::new(
        RunMode::Board,
        lang,
        clock.zone(),
        clock.now(),
        db_label(&paths.db),
    );
    app.shell.settings = store.read(crate::store::settings::load)?;
    tui(app, store, paths, config, clock)
}

/// Runs the terminal UI on `app` with the catalog of its language.
fn tui(app: App, store: Store, paths: &Paths, config: &Config, clock: Clock) -> anyhow::Result<()> {
    let i18n = I18n::new(app.shell.lang);
    let ctx = Ctx {
        i18n: &i18n,
        keymap: &config.keymap,
    };
    let mut sv = Services::new(
        store,
        paths.config.clone(),
        paths.exports.clone(),
        app.shell.staff.as_ref().map(|s| s.id),
        app.shell.lang,
        app.shell.zone,
        app.shell.settings.clone(),
        app.shell.now,
    );
    sv.require_pin = app.shell.require_pin;
    crate::terminal::run(app, sv, &ctx, clock)
}
