//! The command line: `frontdesk` (console), `board`, `demo`, `db`, `print`, `shop`,
//! `export`, `staff`.

mod settings;
mod staff;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::app::{App, RunMode, Services};
use crate::clock::Clock;
use crate::config::Config;
use crate::export::{ExportFormat, ExportWhat};
use crate::i18n::{I18n, Lang};
use crate::paths::Paths;
use crate::store::file::{self, FileKind};
use crate::store::shop::{self, Shop};
use crate::store::{Access, Store, StoreError};

mod catalog;
mod coaching;
mod demo;
mod error;
#[cfg(feature = "postgres")]
mod postgres;
use crate::ui::Ctx;
pub use error::Failure;

#[derive(Debug, Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "Service reception console for an after-sales service center"
)]
pub struct Cli {
    /// The database: a file path or sqlite:PATH (default: the user's data folder).
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
    /// The supervisors' read-only wall board (five pages), or with --welcome the
    /// lounge's welcome board.
    Board {
        /// The lounge's welcome board: masked greetings of the cars in the shop, no keys
        /// but quit.
        #[arg(long)]
        welcome: bool,
        /// Turn the pages on their own every so often, e.g. 15s, 1m (the welcome board
        /// pages through its cars every 10s unless told otherwise).
        #[arg(long, value_parser = parse_rotate)]
        rotate: Option<u64>,
    },
    /// Fill a database with a realistic, deterministic demo shop.
    Demo {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace an earlier demo (a shop's own database is never replaced).
        #[arg(long)]
        force: bool,
        /// Years of history in bulk: `large` (200,000 customers, 1,000,000 orders and
        /// appointments, 50,000 complaints; about 1.3 GB) or `medium` (a tenth), with a
        /// progress bar on stderr.
        #[arg(long, value_enum)]
        scale: Option<crate::demo::scale::Scale>,
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
    /// The shop's job catalog: import a parts price list, the standard operations or the
    /// packages (needs --staff CODE of an active manager or supervisor), or export them.
    Catalog {
        #[command(subcommand)]
        command: catalog::CatalogCommand,
    },
    /// The response coaching beside the complaint intake: export it (the shop's own, else
    /// the built-in one) to edit, import it back (needs --staff CODE of an active manager
    /// or supervisor).
    Coaching {
        #[command(subcommand)]
        command: coaching::CoachingCommand,
    },
    /// Write customers, vehicles, appointments, repair orders, complaints or the declined
    /// work (declined-work: each line a customer declined, and whether a later order took
    /// it up) to stdout.
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
    /// The A4 HTML settlement statement (invoice line by line, total, payment, follow-up)
    /// of an order ready for delivery (a preview) or delivered.
    Settlement {
        /// RO-YYYYMMDD-NNNN
        number: String,
    },
    /// The A4 HTML customer feedback form (客户信息反馈处理单) of a complaint: what was
    /// received, every clock, the handling and the timeline.
    Complaint {
        /// CP-YYYYMMDD-NNNN
        number: String,
    },
    /// The A4 HTML supervision order (督办令) of a complaint's current order.
    Supervision {
        /// CP-YYYYMMDD-NNNN
        number: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// integrity_check, foreign_key_check and the schema version.
    Check,
    /// Online backup to a new file (safe while consoles run).
    Backup { path: PathBuf },
    /// Apply pending migrations to an existing database.
    Migrate,
    /// Create a new, empty frontdesk database at --db (or bring an existing one up to
    /// date); the only way besides `demo` to create a database at a path of your choice.
    Init,
    /// Copy a shop's SQLite database, every row, into an empty group database on
    /// PostgreSQL (made or brought up to date first); the counts are checked before it
    /// is kept.
    #[cfg(feature = "postgres")]
    Copy {
        /// The shop's database file.
        #[arg(long)]
        from: PathBuf,
        /// The group database: postgres://user@host/db (password from PGPASSWORD or
        /// ~/.pgpass).
        #[arg(long)]
        to: String,
    },
}

/// `db migrate`'s answer for the database at `place`: from which version to which, or
/// that there was nothing to do.
fn print_migrated(i18n: &I18n, place: String, from: u32, to: u32) {
    let key = if from == to {
        "cli.db.up_to_date"
    } else {
        "cli.db.migrated"
    };
    let args = [
        ("path", place),
        ("from", from.to_string()),
        ("to", to.to_string()),
    ];
    println!("{}", i18n.tf(key, &args));
}

/// One line of `db check`: the label, padded, then what was found.
fn check_line(i18n: &I18n, key: &str, value: String) {
    println!("{} {value}", crate::fmt::pad(i18n.t(key), 16));
}

/// The language: --lang, else config, else the locale.
pub fn choose_lang(cli: Option<Lang>, config: Option<Lang>) -> Lang {
    cli.or(config)
        .unwrap_or_else(|| Lang::from_locale(|v| std::env::var(v).ok()))
}

/// Runs the command line and says, in the user's language, what went wrong if anything
/// did: one sentence on stderr, the details in the log.
///
/// A panic, should one happen, is one sentence too (after the terminal is restored):
/// the backtrace goes to the log, never to the screen, and the exit code is 1.
pub fn run(cli: Cli) -> std::process::ExitCode {
    let mut lang = choose_lang(cli.lang, None);
    let mut db = cli.db.clone().unwrap_or_default();
    let i18n = I18n::new(lang);
    let internal = i18n.t("cli.error.internal").to_string();
    std::panic::set_hook(Box::new(move |info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        tracing::error!(
            panic = %info,
            backtrace = %std::backtrace::Backtrace::force_capture(),
            "panic"
        );
        eprintln!(
            "frontdesk: {}",
            internal.replace("{detail}", what.trim_end_matches('.'))
        );
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        execute(cli, &mut lang, &mut db)
    }));
    match result {
        Ok(Ok(())) => std::process::ExitCode::SUCCESS,
        Ok(Err(e)) => {
            let msg = error::describe(&e, &db, &I18n::new(lang));
            eprintln!("frontdesk: {msg}");
            std::process::ExitCode::FAILURE
        }
        Err(_) => std::process::ExitCode::FAILURE,
    }
}

/// Whether a command only reads the database (it then creates nothing: no folders, no
/// `logs/`, no database file).
fn reads_only(command: &Option<Command>) -> bool {
    match command {
        None => false,
        Some(Command::Board { .. } | Command::Print { .. } | Command::Export { .. }) => true,
        Some(Command::Db { command }) => {
            matches!(command, DbCommand::Check | DbCommand::Backup { .. })
        }
        Some(Command::Shop {
            name,
            address,
            phone,
        }) => name.is_none() && address.is_none() && phone.is_none(),
        Some(Command::Staff { command }) => matches!(command, staff::StaffCommand::List),
        Some(Command::Catalog { command }) => catalog::reads_only(command),
        Some(Command::Coaching { command }) => coaching::reads_only(command),
        Some(Command::Demo { .. }) => false,
    }
}

/// Whether a command may create a missing database: `demo`, `db init`, and the console
/// on the default location.
fn creates(command: &Option<Command>, paths: &Paths) -> bool {
    match command {
        None => paths.db_is_default,
        Some(Command::Demo { .. }) => true,
        Some(Command::Db {
            command: DbCommand::Init,
        }) => true,
        _ => false,
    }
}

/// Opens the database a command names for writing; a missing file is reported, not
/// created (only `db init`, `demo` and the console's first run on the default location
/// create one).
pub(crate) fn open_existing(paths: &Paths) -> anyhow::Result<Store> {
    if file::inspect(&paths.db).map_err(|e| error::io(&e, &paths.db))? == FileKind::Missing {
        return Err(Failure::new(
            "cli.error.missing",
            vec![("path", paths.db.display().to_string())],
        )
        .into());
    }
    Ok(Store::open(&paths.db, Access::ReadWrite)?)
}

fn execute(cli: Cli, lang: &mut Lang, db: &mut PathBuf) -> anyhow::Result<()> {
    // A shop's file into the group's PostgreSQL database: `--from` and `--to` name both.
    #[cfg(feature = "postgres")]
    if let Some(Command::Db {
        command: DbCommand::Copy { from, to },
    }) = &cli.command
    {
        let paths = Paths::resolve(None, cli.config.as_deref())
            .map_err(|m| Failure::new("cli.error.other", vec![("detail", m)]))?;
        let config = Config::load(&paths.config)?;
        *lang = choose_lang(cli.lang, config.lang);
        db.clone_from(from);
        // The log goes to this user's data folder (the copy's details, a failure's cause).
        if let Ok(Some(guard)) = crate::logging::init(&paths.logs, true) {
            std::mem::forget(guard);
        }
        return postgres::copy(from, to, &I18n::new(*lang));
    }
    // The group's PostgreSQL database: `db migrate` and `db check` take it.
    #[cfg(feature = "postgres")]
    if let (
        Some(Ok(crate::paths::Database::Postgres(url))),
        Some(Command::Db {
            command: command @ (DbCommand::Migrate | DbCommand::Check),
        }),
    ) = (cli.db.as_deref().map(crate::paths::database), &cli.command)
    {
        let paths = Paths::resolve(None, cli.config.as_deref())
            .map_err(|m| Failure::new("cli.error.other", vec![("detail", m)]))?;
        let config = Config::load(&paths.config)?;
        *lang = choose_lang(cli.lang, config.lang);
        *db = PathBuf::from(&url);
        return postgres::run(&url, command, &I18n::new(*lang));
    }
    let named = match cli.db.as_deref().map(crate::paths::database_file) {
        None => None,
        Some(Ok(file)) => Some(file),
        Some(Err(why)) => {
            let given = cli
                .db
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
                .to_string();
            return Err(match why {
                crate::paths::DbRefused::UnknownScheme(scheme) => Failure::new(
                    "cli.error.db_scheme",
                    vec![("value", given), ("scheme", scheme)],
                ),
                crate::paths::DbRefused::Postgres => {
                    Failure::new("cli.error.db_postgres", vec![("value", given)])
                }
                crate::paths::DbRefused::EmptyPath => {
                    Failure::new("cli.error.db_empty", vec![("value", given)])
                }
            }
            .into());
        }
    };
    let paths = Paths::resolve(named.as_deref(), cli.config.as_deref())
        .map_err(|m| Failure::new("cli.error.other", vec![("detail", m)]))?;
    db.clone_from(&paths.db);
    let config = Config::load(&paths.config)?;
    *lang = choose_lang(cli.lang, config.lang);
    let clock = Clock::from_env(config.zone)?;
    let i18n = I18n::new(*lang);
    // The log folder is made only beside a database this command will use: never beside
    // a file it refuses or at a path it reports as mistyped.
    let create_logs = !reads_only(&cli.command)
        && {
            let folder = file::folder_of(&paths.db);
            !folder.exists() || file::dir_writable(folder)
        }
        && match file::inspect(&paths.db) {
            Ok(FileKind::Ours { version }) => version <= crate::store::SCHEMA_VERSION,
            Ok(FileKind::Blank) => true,
            Ok(FileKind::Missing) => creates(&cli.command, &paths),
            _ => false,
        };
    let log_off = match crate::logging::init(&paths.logs, create_logs) {
        Ok(guard) => {
            // Kept for the whole run: dropping it flushes the log.
            std::mem::forget(guard);
            None
        }
        Err(no) => Some(i18n.tf(
            "cli.log_off",
            &[
                ("folder", no.folder),
                ("reason", i18n.t(no.reason).to_string()),
            ],
        )),
    };
    if let (Some(msg), Some(_)) = (&log_off, &cli.command) {
        eprintln!("{msg}");
    }
    tracing::info!(db = %paths.db.display(), "frontdesk starting");

    let lang = *lang;
    match cli.command {
        None => console(&paths, &config, clock, lang, cli.staff.as_deref(), log_off),
        Some(Command::Board { welcome, rotate }) => {
            board(&paths, &config, clock, lang, welcome, rotate)
        }
        Some(Command::Demo { seed, force, scale }) => {
            demo::demo(&paths, clock, &i18n, seed, force, scale)
        }
        Some(Command::Db { command }) => match command {
            DbCommand::Check => {
                let store = Store::open(&paths.db, Access::ReadOnly)?;
                let r = store.check()?;
                let line = |key: &str, value: String| check_line(&i18n, key, value);
                let ok_or = |problems: &[String]| {
                    if problems.is_empty() {
                        i18n.t("cli.check.ok").to_string()
                    } else {
                        problems.join("; ")
                    }
                };
                line("cli.check.database", paths.db.display().to_string());
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
                line("cli.check.integrity", ok_or(&r.integrity));
                line("cli.check.foreign_keys", ok_or(&r.foreign_keys));
                if !r.is_ok() {
                    return Err(Failure::new(
                        "cli.error.check_failed",
                        vec![("path", paths.db.display().to_string())],
                    )
                    .into());
                }
                Ok(())
            }
            DbCommand::Backup { path } => {
                let store = Store::open(&paths.db, Access::ReadOnly)?;
                store.backup_to(&path).map_err(|e| match e {
                    StoreError::Io { path, source }
                        if source.kind() == std::io::ErrorKind::AlreadyExists =>
                    {
                        Failure::new(
                            "cli.error.backup_exists",
                            vec![("path", path.display().to_string())],
                        )
                        .into()
                    }
                    e => anyhow::Error::from(e),
                })?;
                println!("{} -> {}", paths.db.display(), path.display());
                Ok(())
            }
            DbCommand::Init => {
                // Creates a missing (or empty) file; a frontdesk database is only
                // brought up to date; anything else is refused before it is touched.
                let store = Store::open(&paths.db, Access::ReadWrite)?;
                let version = store.schema_version()?.to_string();
                let key = if store.opened_version() == 0 {
                    "cli.db.init_created"
                } else {
                    "cli.db.init_exists"
                };
                println!(
                    "{}",
                    i18n.tf(
                        key,
                        &[
                            ("path", paths.db.display().to_string()),
                            ("version", version)
                        ]
                    )
                );
                Ok(())
            }
            DbCommand::Migrate => {
                // Opening read-write applies the pending migrations in one transaction.
                let store = open_existing(&paths)?;
                let (from, to) = (store.opened_version(), store.schema_version()?);
                print_migrated(&i18n, paths.db.display().to_string(), from, to);
                Ok(())
            }
            // Taken before a database file is chosen (it names its own); here only if
            // that changes.
            #[cfg(feature = "postgres")]
            DbCommand::Copy { from, to } => postgres::copy(&from, &to, &i18n),
        },
        Some(Command::Print {
            what: what @ (PrintWhat::Complaint { .. } | PrintWhat::Supervision { .. }),
        }) => {
            let (number, doc) = match what {
                PrintWhat::Supervision { number } => {
                    (number, crate::print::ComplaintDoc::Supervision)
                }
                PrintWhat::Complaint { number }
                | PrintWhat::Ro { number }
                | PrintWhat::Settlement { number } => {
                    (number, crate::print::ComplaintDoc::Feedback)
                }
            };
            let number = number.trim().to_string();
            let mut store = Store::open(&paths.db, Access::ReadOnly)?;
            let zone = settings::zone(&store, &config)?;
            let path = crate::print::write_complaint(
                &mut store,
                &number,
                doc,
                &i18n,
                zone,
                clock.now(),
                &paths.exports,
            )
            .map_err(|e| {
                if e.downcast_ref::<crate::print::NoSuchComplaint>().is_some() {
                    Failure::new("cli.error.no_complaint", vec![("number", number.clone())]).into()
                } else if e
                    .downcast_ref::<crate::print::NoSupervisionOrder>()
                    .is_some()
                {
                    Failure::new("cli.error.no_supervision", vec![("number", number.clone())])
                        .into()
                } else {
                    e
                }
            })?;
            println!("{}", path.display());
            Ok(())
        }
        Some(Command::Print { what }) => {
            let (number, settlement) = match what {
                PrintWhat::Ro { number } => (number, false),
                PrintWhat::Settlement { number } => (number, true),
                PrintWhat::Complaint { number } | PrintWhat::Supervision { number } => {
                    (number, false)
                }
            };
            if !crate::domain::repair_order::is_ro_number(number.trim()) {
                return Err(
                    Failure::new("cli.error.not_ro_number", vec![("number", number)]).into(),
                );
            }
            let number = number.trim();
            let mut store = Store::open(&paths.db, Access::ReadOnly)?;
            let zone = settings::zone(&store, &config)?;
            let path = if settlement {
                crate::print::write_settlement(&mut store, number, &i18n, zone, &paths.exports)
                    .map_err(|e| match e.downcast_ref::<crate::print::NotSettleable>() {
                        Some(n) => Failure::new(
                            "settlement.error.not_ready",
                            vec![
                                ("number", n.number.clone()),
                                ("state", i18n.t(n.state.label_key()).to_string()),
                            ],
                        )
                        .into(),
                        None => e,
                    })?
            } else {
                crate::print::write_repair_order(&mut store, number, &i18n, zone, &paths.exports)?
            };
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
        Some(Command::Catalog { command }) => {
            catalog::run(&paths, clock, lang, cli.staff.as_deref(), command)
        }
        Some(Command::Coaching { command }) => {
            coaching::run(&paths, clock, lang, cli.staff.as_deref(), command)
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
    let t = I18n::new(lang);
    let show = |s: &Shop| {
        let v = |x: &str| {
            if x.is_empty() {
                t.t("settings.not_set").to_string()
            } else {
                x.to_string()
            }
        };
        for (key, value) in [
            ("settings.field.name", &s.name),
            ("settings.field.address", &s.address),
            ("settings.field.phone", &s.phone),
        ] {
            println!("{}: {}", t.t(key), v(value));
        }
    };
    if name.is_none() && address.is_none() && phone.is_none() {
        let mut store = Store::open(&paths.db, Access::ReadOnly)?;
        let s = store.read(shop::shop)?;
        show(&s);
        return settings::print(&mut store, config, &I18n::new(lang));
    }
    let Some(code) = staff_code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(Failure::new("cli.error.shop_needs_staff", vec![]).into());
    };
    let mut store = open_existing(paths)?;
    settings::prepare(&mut store, config, clock.now())?;
    let Some(who) = crate::store::staff::by_code(store.conn(), code)? else {
        return Err(unknown_staff(code, paths));
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
    println!(
        "{}",
        t.tf(
            "cli.shop.saved_by",
            &[("name", who.name.clone()), ("code", who.code.clone())]
        )
    );
    show(&saved);
    settings::print(&mut store, config, &I18n::new(lang))
}

pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// "There is no active staff member with code … in …".
fn unknown_staff(code: &str, paths: &Paths) -> anyhow::Error {
    Failure::new(
        "cli.error.unknown_staff",
        vec![
            ("code", code.to_string()),
            ("path", paths.db.display().to_string()),
        ],
    )
    .into()
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
    log_off: Option<String>,
) -> anyhow::Result<()> {
    // A database named on the command line is opened, never created by a typing
    // mistake; the default one is created on the first run.
    let mut store = if paths.db_is_default {
        Store::open(&paths.db, Access::ReadWrite)?
    } else {
        open_existing(paths)?
    };
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
            _ if staff_code.is_some() => {
                return Err(unknown_staff(code, paths));
            }
            _ => tracing::warn!(code, "remembered staff member is gone; asking again"),
        }
    }
    if let Some(msg) = log_off {
        app.shell.note = Some(crate::i18n::Note::error(
            "cli.error.other",
            vec![("detail", msg)],
        ));
    }
    tui(app, store, paths, config, clock)
}

/// `--rotate` as seconds: "15s", "2m", or a plain number of seconds (2 s to 1 h).
fn parse_rotate(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (n, unit) = match s.strip_suffix('s') {
        Some(n) => (n, 1),
        None => match s.strip_suffix('m') {
            Some(n) => (n, 60),
            None => (s, 1),
        },
    };
    let secs = n
        .trim()
        .parse::<u64>()
        .map_err(|_| format!("{s:?} is not a time such as 15s or 1m"))?
        .saturating_mul(unit);
    if !(2..=3600).contains(&secs) {
        return Err(format!("{s:?}: between 2s and 60m"));
    }
    Ok(secs)
}

/// How often the welcome board pages through its cars unless `--rotate` says.
const WELCOME_ROTATE_SECS: u64 = 10;

fn board(
    paths: &Paths,
    config: &Config,
    clock: Clock,
    lang: Lang,
    welcome: bool,
    rotate: Option<u64>,
) -> anyhow::Result<()> {
    let mut store = Store::open(&paths.db, Access::ReadOnly)?;
    let clock = settings::in_zone(clock, settings::zone(&store, config)?);
    let mut app = App::new(
        if welcome {
            RunMode::Welcome
        } else {
            RunMode::Board
        },
        lang,
        clock.zone(),
        clock.now(),
        db_label(&paths.db),
    );
    app.shell.settings = store.read(crate::store::settings::load)?;
    let b = &mut app.screens.board;
    b.welcome = welcome;
    b.greeting = config.welcome_greeting.clone();
    b.rotate_secs = rotate.or(welcome.then_some(WELCOME_ROTATE_SECS));
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
