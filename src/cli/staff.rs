//! `frontdesk staff …`: list, add, change role, deactivate and reactivate staff, set or
//! clear a PIN. The acting staff member is the global `--staff CODE` (an active manager
//! or supervisor; the store checks again inside each transaction), except for the first
//! member of an empty database. Output and errors in the user's language.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::bail;
use clap::Subcommand;

use crate::clock::Clock;
use crate::domain::kinds::StaffRole;
use crate::fmt::pad;
use crate::i18n::{I18n, Lang};
use crate::paths::Paths;
use crate::store::staff::{self, NewStaff, Staff};
use crate::store::{Access, Store, StoreError};

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Every staff member: code, name, role, active, PIN set.
    List,
    /// Add a staff member.
    Add {
        /// 1–8 letters or digits, e.g. A05.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// advisor, technician, supervisor or manager.
        #[arg(long)]
        role: String,
    },
    /// Give a staff member another role.
    Role { code: String, role: String },
    /// The member can no longer sign in (they stay named on their records).
    Deactivate { code: String },
    /// The member can sign in again.
    Activate { code: String },
    /// Set the member's sign-in PIN (read from the terminal without echo, or one line of
    /// standard input), or clear it with --clear.
    Pin {
        code: String,
        #[arg(long)]
        clear: bool,
    },
}

/// Runs a staff command against the database of `paths`.
pub fn run(
    paths: &Paths,
    config: &crate::config::Config,
    clock: Clock,
    lang: Lang,
    acting: Option<&str>,
    command: StaffCommand,
) -> anyhow::Result<()> {
    let t = I18n::new(lang);
    let now = clock.now();
    if let StaffCommand::List = command {
        let store = Store::open(&paths.db, Access::ReadOnly)?;
        return list(&store, &t);
    }
    let mut store = super::open_existing(paths)?;
    super::settings::prepare(&mut store, config, now)?;
    let empty = staff::count(store.conn())? == 0;
    let actor = match command {
        StaffCommand::Add { .. } if empty => None,
        _ => Some(actor(&store, &t, acting)?),
    };
    let actor_id = actor.as_ref().map(|a| a.id);
    let msg = match command {
        StaffCommand::List => return list(&store, &t),
        StaffCommand::Add { code, name, role } => {
            let role = parse_role(&t, &role)?;
            let new = NewStaff { code, name, role };
            let s = staff::add(&mut store, actor_id, now, &new).map_err(|e| fail(&t, e))?;
            say(&t, "cli.staff.added", &s)
        }
        StaffCommand::Role { code, role } => {
            let role = parse_role(&t, &role)?;
            let s = member(&store, &t, &code)?;
            let s = staff::change_role(&mut store, actor_id, now, s.id, s.version, role)
                .map_err(|e| fail(&t, e))?;
            say(&t, "cli.staff.role_changed", &s)
        }
        StaffCommand::Deactivate { code } => {
            let s = member(&store, &t, &code)?;
            if actor_id == Some(s.id) {
                bail!(t.t("cli.staff.not_yourself").to_string());
            }
            let s = staff::change_active(&mut store, actor_id, now, s.id, s.version, false)
                .map_err(|e| fail(&t, e))?;
            say(&t, "cli.staff.deactivated", &s)
        }
        StaffCommand::Activate { code } => {
            let s = member(&store, &t, &code)?;
            let s = staff::change_active(&mut store, actor_id, now, s.id, s.version, true)
                .map_err(|e| fail(&t, e))?;
            say(&t, "cli.staff.activated", &s)
        }
        StaffCommand::Pin { code, clear } => {
            let s = member(&store, &t, &code)?;
            let pin = if clear {
                None
            } else {
                let pin = read_pin(&t, &s)?;
                if staff::pin_problem(&pin).is_some() {
                    bail!(t.t("staff.error.pin").to_string());
                }
                Some(pin)
            };
            let s = staff::set_pin(&mut store, actor_id, now, s.id, s.version, pin.as_deref())
                .map_err(|e| fail(&t, e))?;
            say(
                &t,
                if clear {
                    "cli.staff.pin_cleared"
                } else {
                    "cli.staff.pin_set"
                },
                &s,
            )
        }
    };
    tracing::info!(by = ?actor.map(|a| a.code), "{msg}");
    println!("{msg}");
    Ok(())
}

fn list(store: &Store, t: &I18n) -> anyhow::Result<()> {
    let all = staff::list(store.conn(), false)?;
    if all.is_empty() {
        println!("{}", t.t("cli.staff.none"));
        return Ok(());
    }
    let role_w = all
        .iter()
        .map(|s| unicode_width::UnicodeWidthStr::width(t.t(s.role.label_key())))
        .max()
        .unwrap_or(0)
        .max(unicode_width::UnicodeWidthStr::width(t.t("col.role")));
    println!(
        "{}  {}  {}  {}  {}",
        pad(t.t("col.code"), 8),
        pad(t.t("col.name"), 12),
        pad(t.t("col.role"), role_w),
        pad(t.t("staff.col.active"), 8),
        t.t("staff.col.pin"),
    );
    for s in &all {
        println!(
            "{}  {}  {}  {}  {}",
            pad(&s.code, 8),
            pad(&s.name, 12),
            pad(t.t(s.role.label_key()), role_w),
            pad(
                t.t(if s.active {
                    "staff.active"
                } else {
                    "staff.inactive"
                }),
                8
            ),
            t.t(if s.has_pin { "common.yes" } else { "common.no" }),
        );
    }
    Ok(())
}

fn say(t: &I18n, key: &str, s: &Staff) -> String {
    t.tf(
        key,
        &[
            ("code", s.code.clone()),
            ("name", s.name.clone()),
            ("role", t.t(s.role.label_key()).to_string()),
        ],
    )
}

/// The acting staff member: `--staff`, active, a manager or supervisor (the store checks
/// the role again inside the transaction).
fn actor(store: &Store, t: &I18n, acting: Option<&str>) -> anyhow::Result<Staff> {
    let Some(code) = acting.map(str::trim).filter(|c| !c.is_empty()) else {
        bail!(t.t("cli.staff.need_actor").to_string());
    };
    let s = member(store, t, code)?;
    if !s.active {
        bail!(t.tf(
            "cli.staff.actor_inactive",
            &[("code", s.code.clone()), ("name", s.name.clone())]
        ));
    }
    if !matches!(s.role, StaffRole::Manager | StaffRole::Supervisor) {
        bail!(t.tf(
            "cli.staff.actor_not_allowed",
            &[
                ("code", s.code.clone()),
                ("name", s.name.clone()),
                ("role", t.t(s.role.label_key()).to_string()),
            ]
        ));
    }
    Ok(s)
}

fn member(store: &Store, t: &I18n, code: &str) -> anyhow::Result<Staff> {
    let code = code.trim().to_uppercase();
    match staff::by_code(store.conn(), &code)? {
        Some(s) => Ok(s),
        None => bail!(t.tf("cli.staff.unknown", &[("code", code)])),
    }
}

fn parse_role(t: &I18n, role: &str) -> anyhow::Result<StaffRole> {
    role.trim()
        .to_lowercase()
        .parse()
        .map_err(|_| anyhow::anyhow!(t.tf("cli.staff.bad_role", &[("role", role.to_string())])))
}

/// A store refusal as one sentence in the user's language.
fn fail(t: &I18n, e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Duplicate { value, .. } => {
            anyhow::anyhow!(t.tf("staff.error.duplicate_code", &[("code", value)]))
        }
        StoreError::NotAllowed(detail) | StoreError::Invalid(detail) => {
            anyhow::anyhow!(t.tf("cli.staff.refused", &[("detail", detail)]))
        }
        e => e.into(),
    }
}

/// The PIN: typed at the terminal without echo, or one line of standard input.
fn read_pin(t: &I18n, s: &Staff) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim().to_string());
    }
    let prompt = t.tf(
        "cli.staff.pin_prompt",
        &[("code", s.code.clone()), ("name", s.name.clone())],
    );
    let first = read_hidden(&prompt)?;
    let again = read_hidden(t.t("cli.staff.pin_again"))?;
    if first != again {
        bail!(t.t("staff.error.pin_mismatch").to_string());
    }
    Ok(first)
}

fn read_hidden(prompt: &str) -> anyhow::Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut pin = String::new();
    let outcome = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(anyhow::anyhow!("cancelled"));
                }
                KeyCode::Esc => break Err(anyhow::anyhow!("cancelled")),
                KeyCode::Backspace => {
                    pin.pop();
                }
                KeyCode::Char(c) => pin.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e.into()),
        }
    };
    crossterm::terminal::disable_raw_mode()?;
    writeln!(err)?;
    outcome.map(|()| pin)
}
