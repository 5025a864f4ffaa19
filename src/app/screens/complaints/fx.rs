//! The complaints' store calls.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::store::complaints;

use super::{Effect, Msg};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    match e {
        Effect::Load => match complaints::list(sv.store.conn(), true) {
            Ok(rows) => vec![Msg::Loaded(rows)],
            Err(e) => vec![Msg::Failed(store_note(&e))],
        },
    }
}
