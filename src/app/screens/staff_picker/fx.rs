//! The staff picker's store calls: list, create the first member, sign in (with the PIN
//! when PINs are required: checked and audited by the store).

use crate::app::Services;
use crate::app::fx::store_note;
use crate::config::Config;
use crate::i18n::Note;
use crate::store::{StoreError, staff};

use super::{Effect, Msg};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    match e {
        Effect::Load => match sv.store.staff(true) {
            Ok(v) => vec![Msg::Loaded(v)],
            Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
        },
        // Without a PIN only where none is required.
        Effect::Choose(_) if sv.require_pin => vec![Msg::PinRefused(Note::error(
            "signin.error.pin_required",
            vec![],
        ))],
        Effect::Choose(s) => choose(sv, s),
        Effect::SignInPin { staff: s, pin } => {
            match staff::sign_in_with_pin(&mut sv.store, sv.now, s.id, &pin) {
                Ok(staff::SignIn::Ok(s)) => choose(sv, s),
                Ok(staff::SignIn::WrongPin) => {
                    tracing::warn!(staff = %s.code, "sign-in refused: wrong PIN");
                    vec![Msg::PinRefused(Note::error(
                        "signin.error.wrong_pin",
                        vec![],
                    ))]
                }
                Ok(staff::SignIn::NoPin) => vec![Msg::PinMissing],
                Ok(staff::SignIn::LockedOut { until }) => {
                    tracing::warn!(staff = %s.code, "sign-in refused: locked after wrong PINs");
                    vec![Msg::PinRefused(Note::error(
                        "signin.error.locked",
                        vec![
                            ("count", staff::MAX_WRONG_PINS.to_string()),
                            ("until", crate::fmt::hhmm(sv.zone, until)),
                        ],
                    ))]
                }
                Ok(staff::SignIn::Inactive) => vec![
                    Msg::Failed(Note::error(
                        "signin.error.inactive",
                        vec![("name", s.name.clone())],
                    )),
                    Msg::Loaded(sv.store.staff(true).unwrap_or_default()),
                ],
                Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
            }
        }
        Effect::ChoosePin { staff: s, pin } => {
            match staff::sign_in_choosing_pin(&mut sv.store, sv.now, s.id, &pin) {
                Ok(s) => choose(sv, s),
                Err(StoreError::NotAllowed(m)) => {
                    vec![Msg::PinRefused(Note::error(
                        "error.not_allowed",
                        vec![("detail", m)],
                    ))]
                }
                Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
            }
        }
        Effect::Create { code, name, role } => {
            match staff::create_first(&mut sv.store, sv.now, &staff::NewStaff { code, name, role })
            {
                Ok(s) => choose(sv, s),
                Err(StoreError::Duplicate { value, .. }) => vec![Msg::CodeTaken(Note::error(
                    "staff.error.duplicate_code",
                    vec![("code", value)],
                ))],
                Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
            }
        }
    }
}

/// Signs `s` in and remembers the choice for this counter.
fn choose(sv: &mut Services, s: staff::Staff) -> Vec<Msg> {
    let mut out = vec![];
    if let Err(e) = Config::remember_staff(&sv.config_path, &s.code) {
        tracing::warn!(error = %e, "could not remember the staff member");
        out.push(Msg::Failed(Note::error(
            "error.config_write",
            vec![("detail", e)],
        )));
    }
    tracing::info!(staff = %s.code, "signed in");
    sv.signed_in = Some(s.id);
    out.insert(0, Msg::Chosen(s));
    out
}
