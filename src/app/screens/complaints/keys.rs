//! Keys of the complaints: the list and its filter.

use crate::app::keymap::Resolved;

use super::{Complaints, Effect};

pub fn key(c: &mut Complaints, r: Resolved) -> Vec<Effect> {
    c.list.handle(r);
    vec![]
}
