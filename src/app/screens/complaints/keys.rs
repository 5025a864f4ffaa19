//! Keys of the complaints: the list and its filter, and `n` the intake (Up/Down among
//! the customer's matches, Enter takes one; Ctrl-S records; Esc asks before dropping
//! what was typed).

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;

use super::intake::{self, IntakeField};
use super::{Complaints, Effect, Msg};

pub fn key(c: &mut Complaints, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if c.intake.is_some() {
        return intake_key(c, cx, r);
    }
    if !c.list.filtering && r == Resolved::Action(Action::NewComplaint) {
        c.intake = Some(intake::new_intake(cx.zone, cx.now, cx.staff, cx.staff_list));
        cx.clear_note();
        return vec![];
    }
    c.list.handle(r);
    vec![]
}

fn intake_key(c: &mut Complaints, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(i) = c.intake.as_mut() else {
        return vec![];
    };
    // The customer's matches take Up/Down and Enter while they are offered.
    if i.offering() {
        match r {
            Resolved::Action(Action::Up) => {
                i.step_hit(-1);
                return vec![];
            }
            Resolved::Action(Action::Down) => {
                i.step_hit(1);
                return vec![];
            }
            Resolved::Action(Action::Confirm) => {
                return i.take_hit().map(Effect::Orders).into_iter().collect();
            }
            _ => {}
        }
    }
    let on_customer = i.form.focused() == Some(IntakeField::Customer);
    match i.form.handle(r) {
        FormEvent::Cancel if i.form.dirty => cx.confirm(Confirm::discard(), Msg::Discard),
        FormEvent::Cancel => c.intake = None,
        FormEvent::Changed if on_customer => {
            i.typed();
            return i.query().map(Effect::Search).into_iter().collect();
        }
        FormEvent::Submit => match intake::read(i, cx.zone, cx.now) {
            Some(new) => return vec![Effect::Save(Box::new(new))],
            None => {
                if let Some(n) = i.form.fields.iter().find_map(|f| f.error.clone()) {
                    cx.note(n);
                }
            }
        },
        _ => {}
    }
    vec![]
}
