//! The settings panel's store calls: read the settings, save them, add and remove
//! holidays (each one named transaction).

use crate::app::Services;
use crate::app::fx::store_note;
use crate::i18n::Note;
use crate::store::StoreError;
use crate::store::settings;

use super::{Effect, Msg};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let fail = |sv: &Services, e: &StoreError| store_note(e, sv.zone, sv.now);
    let (actor, now) = (sv.actor(), sv.now);
    match e {
        Effect::Load => match sv.store.shop_settings() {
            Ok(s) => {
                sv.settings = s.clone();
                if s.zone_stored() {
                    sv.zone = s.zone();
                }
                vec![Msg::Loaded(Box::new(s))]
            }
            Err(e) => vec![Msg::Failed(fail(sv, &e))],
        },
        Effect::Save(new) => match settings::save(&mut sv.store, actor, now, &new) {
            Ok(s) => {
                tracing::info!("shop settings saved");
                sv.settings = s.clone();
                sv.zone = s.zone();
                vec![Msg::Saved(Box::new(s), Note::info("settings.saved"))]
            }
            Err(StoreError::NotAllowed(m)) => vec![Msg::Refused(Note::error(
                "error.not_allowed",
                vec![("detail", m)],
            ))],
            Err(e) => vec![Msg::Refused(fail(sv, &e))],
        },
        Effect::AddHoliday { day, name } => {
            let text = day.format("%Y-%m-%d").to_string();
            match settings::add_holiday(&mut sv.store, actor, now, day, name.as_deref()) {
                Ok(_) => vec![Msg::HolidayDone(Note::info_args(
                    "settings.holiday.added",
                    vec![("day", text)],
                ))],
                Err(StoreError::Duplicate { .. }) => vec![Msg::HolidayRefused(Note::error(
                    "settings.holiday.error.taken",
                    vec![("day", text)],
                ))],
                Err(StoreError::NotAllowed(m)) => vec![Msg::HolidayRefused(Note::error(
                    "error.not_allowed",
                    vec![("detail", m)],
                ))],
                Err(e) => vec![Msg::HolidayRefused(fail(sv, &e))],
            }
        }
        Effect::RemoveHoliday { id, version, day } => {
            match settings::remove_holiday(&mut sv.store, actor, now, id, version) {
                Ok(()) => vec![Msg::HolidayDone(Note::info_args(
                    "settings.holiday.removed",
                    vec![("day", day.format("%Y-%m-%d").to_string())],
                ))],
                Err(e) => vec![Msg::Stale(fail(sv, &e))],
            }
        }
    }
}
