//! The staff panel's store calls: the list, and one named transaction per change (the
//! store checks the role inside each).

use crate::app::Services;
use crate::app::fx::store_note;
use crate::i18n::{I18n, Note};
use crate::store::StoreError;
use crate::store::staff::{self, Staff};

use super::{Effect, Msg};

fn said(sv: &Services, key: &str, s: &Staff) -> Note {
    let t = I18n::new(sv.lang);
    Note::info_args(
        key,
        vec![
            ("name", s.name.clone()),
            ("code", s.code.clone()),
            ("role", t.t(s.role.label_key()).to_string()),
        ],
    )
}

fn refused(sv: &Services, e: &StoreError) -> Msg {
    match e {
        StoreError::NotAllowed(m) | StoreError::Invalid(m) => Msg::Failed(Note::error(
            "error.not_allowed",
            vec![("detail", m.clone())],
        )),
        e => Msg::Failed(store_note(e, sv.zone, sv.now)),
    }
}

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let (actor, now) = (sv.actor(), sv.now);
    let done = |sv: &Services, r: Result<Staff, StoreError>, key: &str| match r {
        Ok(s) => {
            tracing::info!(staff = %s.code, what = key, "staff changed");
            Msg::Done(said(sv, key, &s))
        }
        Err(e) => refused(sv, &e),
    };
    let msg = match e {
        Effect::Load => match sv.store.staff(false) {
            Ok(v) => Msg::Loaded(v),
            Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
        },
        Effect::Add(new) => match staff::add(&mut sv.store, actor, now, &new) {
            Ok(s) => done(sv, Ok(s), "staffadmin.added"),
            Err(StoreError::Duplicate { value, .. }) => Msg::CodeRefused(Note::error(
                "staff.error.duplicate_code",
                vec![("code", value)],
            )),
            Err(StoreError::Invalid(_)) => {
                Msg::CodeRefused(Note::error("staff.error.code", vec![]))
            }
            Err(e) => refused(sv, &e),
        },
        Effect::Role { staff: s, role } => {
            let r = staff::change_role(&mut sv.store, actor, now, s.id, s.version, role);
            done(sv, r, "staffadmin.role_changed")
        }
        Effect::Active {
            id,
            version,
            active,
        } => {
            let r = staff::change_active(&mut sv.store, actor, now, id, version, active);
            let key = if active {
                "staffadmin.activated"
            } else {
                "staffadmin.deactivated"
            };
            done(sv, r, key)
        }
        Effect::Pin { staff: s, pin } => {
            let r = staff::set_pin(&mut sv.store, actor, now, s.id, s.version, pin.as_deref());
            let key = if pin.is_some() {
                "staffadmin.pin_set"
            } else {
                "staffadmin.pin_cleared"
            };
            done(sv, r, key)
        }
    };
    vec![msg]
}
