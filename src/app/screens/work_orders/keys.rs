//! Keys of the work orders: the list and its filter; Ctrl-P prints the selected order
//! again (earlier copies are kept).

use crate::app::action::Action;
use crate::app::keymap::Resolved;

use super::{Effect, WorkOrders};

pub fn key(w: &mut WorkOrders, r: Resolved) -> Vec<Effect> {
    if r == Resolved::Action(Action::Print) {
        return match w.list.current() {
            Some(ro) => vec![Effect::Print(ro.number.clone())],
            None => vec![],
        };
    }
    w.list.handle(r);
    vec![]
}
