//! What every screen's `fx.rs` runs against: the store, the config file, the exports
//! folder, who is signed in, and the clock of the message being handled. Production and
//! the tests build it the same way ([`Services::new`]); the signed-in staff member is
//! set once at start-up and again only when someone signs in.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Zone;
use crate::i18n::{Lang, Note};
use crate::store::settings::ShopSettings;
use crate::store::{Store, StoreError};

pub struct Services {
    pub store: Store,
    /// Where the chosen staff member is remembered.
    pub config_path: PathBuf,
    /// Where printed repair orders go.
    pub exports: PathBuf,
    /// Who is signed in; every write records them.
    pub signed_in: Option<i64>,
    pub lang: Lang,
    pub zone: Zone,
    /// The shop's settings as last read (labour rate, comeback window, calendar).
    pub settings: ShopSettings,
    /// Sign-in needs the staff member's PIN (config `require_pin`).
    pub require_pin: bool,
    /// The time of the message being handled, and the shop's date then.
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// Saves printouts off the key's path (see [`super::printer`]).
    pub printer: super::printer::Printer,
}

impl Services {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        config_path: PathBuf,
        exports: PathBuf,
        signed_in: Option<i64>,
        lang: Lang,
        zone: Zone,
        settings: ShopSettings,
        now: DateTime<Utc>,
    ) -> Services {
        Services {
            store,
            config_path,
            exports,
            signed_in,
            lang,
            zone,
            settings,
            require_pin: false,
            now,
            today: zone.to_local(now).date_naive(),
            printer: super::printer::Printer::default(),
        }
    }

    /// The staff member signed in at this counter (the store refuses writes without one).
    pub fn actor(&self) -> Option<i64> {
        self.signed_in
    }
}

/// A store failure as a message for the status line; times in the shop's zone ("09:14"
/// today, "11-22 09:14" before).
pub fn store_note(e: &StoreError, zone: Zone, now: DateTime<Utc>) -> Note {
    tracing::warn!(error = %e, "store operation failed");
    match e {
        StoreError::Conflict { by, at, .. } => {
            let at = match crate::store::parse_ts(at) {
                Ok(t) if zone.to_local(t).date_naive() == zone.to_local(now).date_naive() => {
                    crate::fmt::hhmm(zone, t)
                }
                Ok(t) => crate::fmt::short_time(zone, t),
                Err(_) => at.clone(),
            };
            Note::error("error.conflict", vec![("by", by.clone()), ("at", at)])
        }
        StoreError::Work(w) => crate::i18n::DomainError::note(w),
        StoreError::Catalog(c) => crate::i18n::DomainError::note(c),
        e => Note::error("error.store", vec![("detail", e.to_string())]),
    }
}

/// Makes the printable repair order `number` in the UI language and hands it to the
/// printer, which saves it in the exports folder (earlier copies are kept) and answers
/// with `reply`; the message to show when it cannot be made.
pub fn print_order(
    sv: &mut Services,
    number: &str,
    reply: super::printer::Reply,
) -> Result<(), Note> {
    let i18n = crate::i18n::I18n::new(sv.lang);
    let doc = crate::print::repair_order_document(&mut sv.store, number, &i18n, sv.zone)
        .map_err(|e| print_failed(&e))?;
    sv.printer.submit(sv.exports.clone(), doc, reply);
    Ok(())
}

/// Why a printout could not be made or saved, for the status line.
pub fn print_failed(e: &anyhow::Error) -> Note {
    if let Some(p) = e.downcast_ref::<super::printer::SavePanicked>() {
        return Note::error("error.print_internal", vec![("page", p.page.clone())]);
    }
    Note::error("error.print", vec![("detail", format!("{e:#}"))])
}
