//! The board's store call.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::store::board;

use super::{Effect, Msg};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    match e {
        Effect::Load => match board::summary(&mut sv.store, sv.now, sv.today) {
            Ok(s) => vec![Msg::Loaded(s)],
            Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
        },
    }
}
