//! The work orders' store calls.

use crate::app::Services;
use crate::app::fx::store_note;

use super::{Effect, Msg};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    match e {
        Effect::Load => match sv.store.repair_orders(true) {
            Ok(rows) => vec![Msg::Loaded(rows)],
            Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
        },
        Effect::Print(number) => match crate::app::fx::print_order(sv, &number) {
            Ok(path) => vec![Msg::Printed(path)],
            Err(n) => vec![Msg::Failed(n)],
        },
    }
}
