//! Keys of the complaints: the list and its filter, and `n` the intake (Up/Down among
//! the customer's matches, Enter takes one; Ctrl-S records; Esc asks before dropping
//! what was typed).

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;

use crate::i18n::Note;
use crate::print::ComplaintDoc;

use chrono::NaiveDate;

use super::analysis;
use super::intake::{self, IntakeField};
use super::step::{self, StepField, StepKind};
use super::{Complaints, Effect, Msg};

pub fn key(c: &mut Complaints, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if c.intake.is_some() {
        return intake_key(c, cx, r);
    }
    if c.step.is_some() {
        return step_key(c, cx, r);
    }
    if c.detail.is_some() {
        return detail_key(c, cx, r);
    }
    if let Some((month, _)) = c.analysis {
        let go = |m: NaiveDate| {
            let (_, next) = analysis::month_of(m);
            match r {
                Resolved::Action(Action::PrevPeriod) => {
                    Some(analysis::month_of(m - chrono::Duration::days(1)).0)
                }
                Resolved::Action(Action::NextPeriod) => Some(next),
                _ => None,
            }
        };
        if let Some(m) = go(month) {
            c.analysis = Some((m, None));
            return vec![Effect::Analyse(m)];
        }
        if matches!(r, Resolved::Action(Action::Cancel | Action::ComplaintStats)) {
            c.analysis = None;
        }
        return vec![];
    }
    if !c.list.filtering {
        match r {
            Resolved::Action(Action::ComplaintStats) => {
                let (month, _) = analysis::month_of(cx.today());
                c.analysis = Some((month, None));
                return vec![Effect::Analyse(month)];
            }
            Resolved::Action(Action::NewComplaint) => {
                c.intake = Some(intake::new_intake(cx.zone, cx.now, cx.staff, cx.staff_list));
                cx.clear_note();
                return vec![];
            }
            Resolved::Action(Action::Confirm) => {
                return c
                    .list
                    .current()
                    .map(|e| Effect::Detail(e.row.id))
                    .into_iter()
                    .collect();
            }
            _ => {}
        }
    }
    c.list.handle(r);
    vec![]
}

/// The detail: a step key opens its form when the stage allows the step; Esc goes back.
fn detail_key(c: &mut Complaints, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(d) = c.detail.as_ref() else {
        return vec![];
    };
    let Resolved::Action(a) = r else {
        return vec![];
    };
    if a == Action::Cancel {
        // Back to the list, read again when a step was taken here or elsewhere.
        c.detail = None;
        return vec![Effect::Refresh(c.revision.filter(|_| c.list.loaded))];
    }
    let number = d.entry.row.number.clone();
    match a {
        Action::PrintComplaint => return vec![Effect::Print(number, ComplaintDoc::Feedback)],
        Action::PrintSupervision => {
            return vec![Effect::Print(number, ComplaintDoc::Supervision)];
        }
        _ => {}
    }
    let Some(kind) = StepKind::of(a) else {
        return vec![];
    };
    let row = &d.entry.row;
    if kind != StepKind::Note && !step::allowed(kind, row.stage) {
        cx.note(Note::error(
            "complaint.refused.not_now",
            vec![("stage", row.stage.label_key().to_string())],
        ));
        return vec![];
    }
    c.step = Some(step::step_form(kind, row.id, row.version, cx.zone, cx.now));
    cx.clear_note();
    vec![]
}

fn step_key(c: &mut Complaints, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(st) = c.step.as_mut() else {
        return vec![];
    };
    match st.form.handle(r) {
        FormEvent::Cancel if st.form.dirty => cx.confirm(Confirm::discard(), Msg::DropStep),
        FormEvent::Cancel => c.step = None,
        FormEvent::Changed => st.outcome_changed(),
        FormEvent::Submit => {
            let Some(action) = step::read(st, cx.zone, cx.now) else {
                if let Some(n) = st.form.fields.iter().find_map(|f| f.error.clone()) {
                    cx.note(n);
                }
                return vec![];
            };
            // Compensation is for a supervisor or a manager (the store checks it too).
            if step::promises_compensation(&action) && !cx.is_supervisor() {
                let n = Note::error("complaint.refused.compensation", vec![]);
                st.form.set_error(StepField::Compensation, n.clone());
                st.form.focus_on(StepField::Compensation);
                cx.note(n);
                return vec![];
            }
            return vec![Effect::Step {
                id: st.id,
                version: st.version,
                action: Box::new(action),
            }];
        }
        _ => {}
    }
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
