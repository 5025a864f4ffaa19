//! The staff picker's store calls: list, create the first member, sign in.

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
        Effect::Choose(s) => choose(sv, s),
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
