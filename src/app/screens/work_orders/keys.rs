//! Keys of the work orders: the list and its filter.

use crate::app::keymap::Resolved;

use super::{Effect, WorkOrders};

pub fn key(w: &mut WorkOrders, r: Resolved) -> Vec<Effect> {
    w.list.handle(r);
    vec![]
}
