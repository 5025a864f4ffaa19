//! Keys of the check-in panel: the lookup (expected arrivals and search hits), the
//! offer to resume an unfinished check-in, and the steps of the flow. Pure.

use super::action::Action;
use super::checkin::{self, Flow, Step, w};
use super::keymap::Resolved;
use super::model::{Model, Note, Overlay};
use super::update::Effect;

/// The flow as a draft, for the store.
fn save_draft(flow: &Flow) -> Effect {
    Effect::SaveDraft(serde_json::to_string(&flow.to_draft()).unwrap_or_default())
}

fn search(model: &mut Model) -> Vec<Effect> {
    let c = &mut model.checkin;
    c.selected = 0;
    if c.query.value().trim().is_empty() {
        c.hits.clear();
        vec![]
    } else {
        vec![Effect::Search(c.query.value().to_string())]
    }
}

/// Rows the lookup offers: the hits (plus "new customer") or, with no query, the arrivals.
fn rows(model: &Model) -> usize {
    let c = &model.checkin;
    if c.query.value().trim().is_empty() {
        c.arrivals.len()
    } else {
        c.hits.len() + 1
    }
}

pub fn key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    if model.checkin.flow.is_some() {
        return flow_key(model, r);
    }
    if model.checkin.draft_offer.is_some() {
        return match r {
            Resolved::Action(Action::Confirm) => {
                let (d, _) = model.checkin.draft_offer.take().expect("checked");
                vec![Effect::ResumeDraft(d)]
            }
            Resolved::Action(Action::Cancel) => {
                model.checkin.draft_offer = None;
                vec![Effect::DiscardDraft]
            }
            Resolved::Action(Action::ForceQuit | Action::Quit) => {
                model.quit = true;
                vec![]
            }
            _ => vec![],
        };
    }
    let c = &mut model.checkin;
    match r {
        Resolved::Text(ch) => {
            c.query.insert(&ch.to_string());
            search(model)
        }
        Resolved::Edit(e) => {
            let before = c.query.value().to_string();
            c.query.edit(e);
            if c.query.value() != before {
                search(model)
            } else {
                vec![]
            }
        }
        Resolved::Action(Action::Cancel) => {
            c.query.clear();
            search(model)
        }
        Resolved::Action(Action::Confirm) => start(model),
        Resolved::Action(a) => {
            let n = rows(model) as isize;
            let c = &mut model.checkin;
            let d = match a {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -10,
                Action::PageDown => 10,
                _ => 0,
            };
            if n > 0 && d != 0 {
                c.selected = (c.selected as isize + d).clamp(0, n - 1) as usize;
            }
            vec![]
        }
        Resolved::Nothing => vec![],
    }
}

/// Starts a check-in from the selected arrival or hit.
fn start(model: &mut Model) -> Vec<Effect> {
    let c = &model.checkin;
    if c.query.value().trim().is_empty() {
        return match c.arrivals.get(c.selected) {
            Some(a) => vec![Effect::StartCheckin {
                customer_id: Some(a.customer_id),
                vehicle_id: Some(a.vehicle_id),
                appointment: Some(a.id),
                new_query: None,
            }],
            None => vec![],
        };
    }
    match c.hits.get(c.selected) {
        Some(h) if h.vehicle_id.is_some() => vec![Effect::StartCheckin {
            customer_id: Some(h.customer_id),
            vehicle_id: h.vehicle_id,
            appointment: None,
            new_query: None,
        }],
        // a customer with no vehicle, or the "new customer" row: a walk-in form
        _ => vec![Effect::StartCheckin {
            customer_id: None,
            vehicle_id: None,
            appointment: None,
            new_query: Some(c.query.value().to_string()),
        }],
    }
}

/// Moves to the next step when the current one passes its checks.
fn next_step(model: &mut Model) -> Vec<Effect> {
    let today = model.today();
    let now_local = model.zone.to_local(model.now).naive_local();
    let Some(flow) = model.checkin.flow.as_mut() else {
        return vec![];
    };
    match flow.step {
        Step::Customer => {
            if flow.comeback_candidate.is_some() && flow.comeback_confirmed.is_none() {
                model.note = Some(Note::error("checkin.error.comeback_answer", vec![]));
                return vec![];
            }
            if !checkin::check_customer(flow) {
                return vec![];
            }
        }
        Step::Walkaround => {
            if checkin::check_walkaround(flow).is_none() {
                return vec![];
            }
            // Entering the order: propose the promise once.
            if flow.order.text(w::PROMISE).is_empty()
                && let Some(p) = checkin::propose(flow, now_local)
            {
                flow.order
                    .set_text(w::PROMISE, &p.format("%m-%d %H:%M").to_string());
            }
        }
        Step::Order => {
            if checkin::check_order(flow, today, now_local).is_none() {
                return vec![];
            }
        }
        Step::Review => return confirm(model),
        Step::Done => return vec![],
    }
    flow.step = flow.step.next();
    model.note = None;
    vec![save_draft(flow)]
}

/// Checks every step once more and asks the store to write the order.
fn confirm(model: &mut Model) -> Vec<Effect> {
    let today = model.today();
    let now_local = model.zone.to_local(model.now).naive_local();
    let zone = model.zone;
    let now = model.now;
    let Some(advisor) = model.staff.as_ref().map(|s| s.id) else {
        return vec![];
    };
    let Some(flow) = model.checkin.flow.as_mut() else {
        return vec![];
    };
    if !checkin::check_customer(flow) {
        flow.step = Step::Customer;
        return vec![];
    }
    let Some((km, fix, walk)) = checkin::check_walkaround(flow) else {
        flow.step = Step::Walkaround;
        return vec![];
    };
    let Some((promise, next_km, next_on)) = checkin::check_order(flow, today, now_local) else {
        flow.step = Step::Order;
        return vec![];
    };
    let Some(promised_at) = zone.from_local(promise) else {
        flow.order.set_error(
            w::PROMISE,
            Note::error("booking.error.no_such_time", vec![]),
        );
        flow.step = Step::Order;
        return vec![];
    };
    let ro = checkin::new_repair_order(
        flow,
        advisor,
        promised_at,
        (km, fix),
        &walk,
        (next_km, next_on),
        now,
    );
    vec![Effect::ConfirmCheckin(Box::new(
        super::update::CheckinDraft {
            order: ro,
            day: today,
            appointment: flow.booked.as_ref().map(|b| (b.id, b.version)),
            new_customer: flow.who.customer_id.is_none().then(|| flow.who.clone()),
        },
    ))]
}

fn flow_key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    let Some(flow) = model.checkin.flow.as_mut() else {
        return vec![];
    };
    if flow.step == Step::Done {
        return match r {
            Resolved::Action(Action::Print) => {
                vec![Effect::Print(flow.number.clone().unwrap_or_default())]
            }
            Resolved::Action(Action::Confirm | Action::Cancel) => {
                model.checkin.flow = None;
                model.checkin.query.clear();
                model.checkin.hits.clear();
                vec![Effect::Load(super::model::PanelId::Checkin)]
            }
            _ => vec![],
        };
    }
    // The comeback question is answered with y / n.
    if flow.step == Step::Customer
        && flow.comeback_candidate.is_some()
        && flow.comeback_confirmed.is_none()
    {
        match r {
            Resolved::Text('y' | 'Y') => {
                flow.comeback_confirmed = Some(true);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            Resolved::Text('n' | 'N') => {
                flow.comeback_confirmed = Some(false);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            _ => {}
        }
    }
    match r {
        Resolved::Action(Action::PageDown) => return next_step(model),
        Resolved::Action(Action::PageUp) => {
            flow.step = flow.step.prev();
            return vec![];
        }
        Resolved::Action(Action::Save) if flow.step == Step::Review => return confirm(model),
        Resolved::Action(Action::Cancel) => {
            if flow.dirty {
                model.overlay = Some(Overlay::ConfirmDiscard);
            } else {
                model.checkin.flow = None;
            }
            return vec![];
        }
        Resolved::Action(Action::AddItem) => {
            match flow.step {
                Step::Walkaround => checkin::add_damage(flow),
                Step::Order => {
                    checkin::add_line(flow);
                }
                _ => {}
            }
            return vec![save_draft(flow)];
        }
        Resolved::Action(Action::RemoveItem) => {
            match flow.step {
                Step::Walkaround => {
                    flow.damage.pop();
                }
                Step::Order => {
                    flow.lines.pop();
                }
                _ => {}
            }
            flow.dirty = true;
            return vec![save_draft(flow)];
        }
        _ => {}
    }
    let Some(form) = flow.form_mut() else {
        return match r {
            Resolved::Action(Action::Confirm) => next_step(model),
            _ => vec![],
        };
    };
    let last = form.fields.iter().rposition(|f| !f.hidden).unwrap_or(0);
    let mut moved = false;
    match r {
        Resolved::Text(c) => form.insert(&c.to_string()),
        Resolved::Edit(e) => form.edit(e),
        Resolved::Action(Action::NextField) => {
            form.move_focus(1);
            moved = true;
        }
        Resolved::Action(Action::PrevField) => {
            form.move_focus(-1);
            moved = true;
        }
        Resolved::Action(Action::Up) => {
            if form.focused_is_text() {
                form.move_focus(-1);
                moved = true;
            } else {
                form.cycle(-1)
            }
        }
        Resolved::Action(Action::Down) => {
            if form.focused_is_text() {
                form.move_focus(1);
                moved = true;
            } else {
                form.cycle(1)
            }
        }
        Resolved::Action(Action::Confirm) if form.focus == last => return next_step(model),
        Resolved::Action(Action::Confirm) => {
            form.move_focus(1);
            moved = true;
        }
        _ => {}
    }
    if form.dirty {
        flow.dirty = true;
    }
    // Keep the draft current whenever the advisor leaves a field.
    if moved && flow.dirty {
        vec![save_draft(flow)]
    } else {
        vec![]
    }
}

/// Text pasted into the focused field of the flow or the lookup.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    if let Some(flow) = model.checkin.flow.as_mut() {
        if let Some(f) = flow.form_mut() {
            f.insert(text);
            flow.dirty = true;
        }
        return vec![];
    }
    model.checkin.query.insert(text);
    search(model)
}
