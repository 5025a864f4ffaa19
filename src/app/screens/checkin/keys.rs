//! Keys of the check-in panel: the lookup (expected arrivals and search hits), the
//! offer to resume an unfinished check-in, and the steps of the flow; and what comes
//! back from the store. Pure.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::catalog_offer::OfferKey;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::{FieldId, Form, FormEvent};
use crate::app::widgets::lookup::{Choice, LookupEvent};
use crate::app::widgets::steps::Step as _;
use crate::i18n::Note;

use super::flow::{self, Flow, NEW_CUSTOMER, OrderField, Step};
use super::{Checkin, CheckinDraft, Effect, Msg};

/// The flow as a draft, for the store.
fn save_draft(flow: &Flow) -> Effect {
    Effect::SaveDraft(serde_json::to_string(&flow.to_draft()).unwrap_or_default())
}

fn search(e: LookupEvent) -> Vec<Effect> {
    match e {
        LookupEvent::Search(Some(q)) => vec![Effect::Search(q)],
        _ => vec![],
    }
}

pub fn key(c: &mut Checkin, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if c.flow.is_some() {
        return flow_key(c, cx, r);
    }
    if c.draft_offer.is_some() {
        return match r {
            Resolved::Action(Action::Confirm) => match c.draft_offer.take() {
                Some((d, _)) => vec![Effect::ResumeDraft(d)],
                None => vec![],
            },
            Resolved::Action(Action::Cancel) => {
                c.draft_offer = None;
                vec![Effect::DiscardDraft]
            }
            _ => vec![],
        };
    }
    if c.lookup.is_blank() {
        // The arrivals list: the keys move within it.
        let d: isize = match r {
            Resolved::Action(Action::Up) => -1,
            Resolved::Action(Action::Down) => 1,
            Resolved::Action(Action::PageUp) => -10,
            Resolved::Action(Action::PageDown) => 10,
            _ => 0,
        };
        if d != 0 {
            let n = c.arrivals.len() as isize;
            if n > 0 {
                c.arrival = (c.arrival as isize + d).clamp(0, n - 1) as usize;
            }
            return vec![];
        }
    }
    match c.lookup.handle(r) {
        LookupEvent::Unhandled(Resolved::Action(Action::Cancel)) => {
            c.lookup.clear();
            vec![]
        }
        LookupEvent::Unhandled(Resolved::Action(Action::Confirm)) => start(c),
        e => search(e),
    }
}

/// Starts a check-in from the selected arrival or hit.
fn start(c: &Checkin) -> Vec<Effect> {
    if c.lookup.is_blank() {
        return match c.arrivals.get(c.arrival) {
            Some(a) => vec![Effect::Start {
                customer_id: Some(a.customer_id),
                vehicle_id: Some(a.vehicle_id),
                appointment: Some(a.id),
                walk_in: None,
            }],
            None => vec![],
        };
    }
    match c.lookup.choice() {
        Choice::Vehicle(h) => vec![Effect::Start {
            customer_id: Some(h.customer_id),
            vehicle_id: h.vehicle_id,
            appointment: None,
            walk_in: None,
        }],
        // a customer with no vehicle, or the "new customer" row: a walk-in form
        Choice::New { query, customer } => vec![Effect::Start {
            customer_id: None,
            vehicle_id: None,
            appointment: None,
            walk_in: Some(Box::new((query, customer))),
        }],
    }
}

/// Moves to the next step when the current one passes its checks.
fn next_step(c: &mut Checkin, cx: &mut Cx<Msg>) -> Vec<Effect> {
    let today = cx.today();
    let now_local = cx.now_local();
    let Some(flow) = c.flow.as_mut() else {
        return vec![];
    };
    match flow.step {
        Step::Customer => {
            if flow.comeback_candidate.is_some() && flow.comeback_confirmed.is_none() {
                cx.note(Note::error("checkin.error.comeback_answer", vec![]));
                return vec![];
            }
            if flow.asking_charge() {
                // Not answered: the default, not charged (internal / goodwill).
                flow.comeback_charged = Some(false);
            }
            if !flow::check_customer(flow) {
                return vec![];
            }
            // A plate that is not a standard one is kept only when the advisor says so.
            if let Some(p) = flow
                .new_customer
                .as_ref()
                .and_then(|f| NEW_CUSTOMER.odd_plate(f))
                && flow.kept_plate.as_ref() != Some(&p)
            {
                cx.ask(
                    crate::app::widgets::new_customer::odd_plate_question(&p),
                    Msg::KeepPlate(p),
                    Msg::FixPlate,
                );
                return vec![];
            }
        }
        Step::Walkaround => {
            if flow::check_walkaround(flow).is_none() {
                return vec![];
            }
            // Entering the order: the promise follows the labour until typed by hand.
            flow.follow_labour(now_local);
        }
        Step::Order => {
            if flow::check_order(flow, today, now_local).is_none() {
                return vec![];
            }
        }
        Step::Review => return confirm(c, cx),
        Step::Done => return vec![],
    }
    flow.step = flow.step.next();
    cx.clear_note();
    vec![save_draft(flow)]
}

/// Checks every step once more and asks the store to write the order.
fn confirm(c: &mut Checkin, cx: &mut Cx<Msg>) -> Vec<Effect> {
    let today = cx.today();
    let now_local = cx.now_local();
    let zone = cx.zone;
    let now = cx.now;
    let Some(advisor) = cx.staff.map(|s| s.id) else {
        return vec![];
    };
    let Some(flow) = c.flow.as_mut() else {
        return vec![];
    };
    if !flow::check_customer(flow) {
        flow.step = Step::Customer;
        return vec![];
    }
    let Some((km, fix, walk)) = flow::check_walkaround(flow) else {
        flow.step = Step::Walkaround;
        return vec![];
    };
    let Some((promise, next_km, next_on)) = flow::check_order(flow, today, now_local) else {
        flow.step = Step::Order;
        return vec![];
    };
    let Some(promised_at) = zone.from_local(promise) else {
        flow.order.set_error(
            OrderField::Promise,
            Note::error("booking.error.no_such_time", vec![]),
        );
        flow.step = Step::Order;
        return vec![];
    };
    let ro = flow::new_repair_order(
        flow,
        advisor,
        promised_at,
        (km, fix),
        &walk,
        (next_km, next_on),
        now,
    );
    let new_customer = if flow.who.customer_id.is_none() {
        flow.walk_in.clone()
    } else {
        None
    };
    vec![Effect::Confirm(Box::new(CheckinDraft {
        order: ro,
        day: today,
        appointment: flow.booked.as_ref().map(|b| (b.id, b.version)),
        new_customer,
        take_up: flow.taken_up.clone(),
    }))]
}

/// A key on a step's form: its event, and whether the value or the focus changed.
fn on_form<F: FieldId>(form: &mut Form<F>, r: Resolved) -> FormEvent {
    form.handle(r)
}

fn flow_key(c: &mut Checkin, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(flow) = c.flow.as_mut() else {
        return vec![];
    };
    if flow.step == Step::Done {
        return match r {
            Resolved::Action(Action::Print) => {
                vec![Effect::Print(flow.number.clone().unwrap_or_default())]
            }
            Resolved::Action(Action::Confirm | Action::Cancel) => {
                c.flow = None;
                c.lookup.clear();
                vec![Effect::LoadArrivals]
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
            Resolved::Action(Action::Yes) => {
                flow.comeback_confirmed = Some(true);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            Resolved::Action(Action::No) => {
                flow.comeback_confirmed = Some(false);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            _ => {}
        }
    }
    // A same-concern comeback: are its jobs charged? y / n (not charged by default).
    if flow.step == Step::Customer && flow.asking_charge() {
        match r {
            Resolved::Action(Action::Yes) => {
                flow.comeback_charged = Some(true);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            Resolved::Action(Action::No) => {
                flow.comeback_charged = Some(false);
                flow.dirty = true;
                return vec![save_draft(flow)];
            }
            _ => {}
        }
    }
    let now_local = cx.now_local();
    // The catalog's offer under the line description: Up / Down choose, Enter takes,
    // Esc closes it (the typed text stays).
    if flow.completing() {
        match flow.completion.key(&r) {
            OfferKey::Handled => return vec![],
            OfferKey::Take(hit) => {
                return match flow.take_completion(hit, cx.lang) {
                    Some(package) => vec![Effect::TakePackage(package.id)],
                    None => vec![save_draft(flow)],
                };
            }
            OfferKey::Pass => {}
        }
    }
    match r {
        Resolved::Action(Action::NextStep) => return next_step(c, cx),
        Resolved::Action(Action::PrevStep) => {
            flow.step = flow.step.prev();
            return vec![];
        }
        Resolved::Action(Action::Save) if flow.step == Step::Review => return confirm(c, cx),
        Resolved::Action(Action::Cancel) => {
            if flow.dirty {
                cx.confirm(Confirm::discard(), Msg::Discard);
            } else {
                c.flow = None;
            }
            return vec![];
        }
        // The offer of lines declined at earlier visits: Up / Down choose, add / remove
        // take one up into this order or leave it.
        Resolved::Action(Action::Up | Action::Down)
            if flow.step == Step::Customer
                && flow.new_customer.is_none()
                && !flow.declined.is_empty() =>
        {
            flow.move_declined(if r == Resolved::Action(Action::Up) {
                -1
            } else {
                1
            });
            return vec![];
        }
        Resolved::Action(Action::AddItem) if flow.step == Step::Customer => {
            return if flow.take_up_selected() {
                vec![save_draft(flow)]
            } else {
                vec![]
            };
        }
        Resolved::Action(Action::RemoveItem) if flow.step == Step::Customer => {
            return if flow.leave_selected() {
                vec![save_draft(flow)]
            } else {
                vec![]
            };
        }
        Resolved::Action(Action::AddItem) => {
            let step = flow.step;
            match step {
                Step::Walkaround => flow::add_damage(flow),
                Step::Order if flow::add_line(flow) => flow.follow_labour(now_local),
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
                    flow.prune_taken_up();
                    flow.follow_labour(now_local);
                }
                _ => {}
            }
            flow.dirty = true;
            return vec![save_draft(flow)];
        }
        _ => {}
    }
    let event = match flow.step {
        Step::Customer => match flow.new_customer.as_mut() {
            Some(f) => {
                // Enter on the vehicle takes the catalog's completion.
                if NEW_CUSTOMER.take_proposal(f, r) {
                    FormEvent::Changed
                } else {
                    let e = on_form(f, r);
                    if e == FormEvent::Changed {
                        NEW_CUSTOMER.propose(f);
                    }
                    e
                }
            }
            None => FormEvent::Unhandled(r),
        },
        Step::Walkaround => on_form(&mut flow.walk, r),
        Step::Order => on_form(&mut flow.order, r),
        Step::Review | Step::Done => FormEvent::Unhandled(r),
    };
    let form_dirty = match flow.step {
        Step::Customer => flow.new_customer.as_ref().is_some_and(|f| f.dirty),
        Step::Walkaround => flow.walk.dirty,
        Step::Order => flow.order.dirty,
        _ => false,
    };
    if form_dirty {
        flow.dirty = true;
    }
    if event == FormEvent::Changed {
        // Saved when the advisor pauses (see `idle`), so a field being typed survives
        // a dead terminal too.
        c.draft_pending = true;
    }
    if flow.step == Step::Order && event == FormEvent::Changed {
        match flow.order.focused() {
            // Typed by hand: the promise stays; cleared: it follows the labour again.
            Some(OrderField::Promise) => {
                flow.promise_typed = !flow.order.text(OrderField::Promise).trim().is_empty();
                flow.order.set_hint(OrderField::Promise, None);
            }
            Some(OrderField::LKind) => flow.sync_line_price(),
            // Each letter of the description asks the catalog.
            Some(OrderField::LDesc) => match flow.completion_query() {
                Some(q) => return vec![Effect::Complete(q, flow.labour_rate_cents)],
                None => flow.completion.clear(),
            },
            _ => {}
        }
    }
    match event {
        FormEvent::Submit | FormEvent::Unhandled(Resolved::Action(Action::Confirm)) => {
            next_step(c, cx)
        }
        // Keep the draft current whenever the advisor leaves a field.
        FormEvent::Moved if flow.dirty => {
            c.draft_pending = false;
            vec![save_draft(flow)]
        }
        _ => vec![],
    }
}

/// Text pasted into the focused field of the flow or the lookup.
pub fn paste(c: &mut Checkin, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
    if let Some(flow) = c.flow.as_mut() {
        match flow.step {
            Step::Customer => {
                if let Some(f) = flow.new_customer.as_mut() {
                    f.insert(text);
                    flow.dirty = true;
                }
            }
            Step::Walkaround => {
                flow.walk.insert(text);
                flow.dirty = true;
            }
            Step::Order => {
                flow.order.insert(text);
                flow.dirty = true;
            }
            Step::Review | Step::Done => {}
        }
        c.draft_pending = true;
        return vec![];
    }
    search(c.lookup.paste(text))
}

/// The advisor paused typing: save the draft if it changed since it was last saved.
pub fn idle(c: &mut Checkin) -> Vec<Effect> {
    match c.flow.as_ref() {
        Some(flow) if std::mem::take(&mut c.draft_pending) && flow.step != Step::Done => {
            vec![save_draft(flow)]
        }
        _ => vec![],
    }
}

/// What came back from the store.
pub fn update(c: &mut Checkin, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Arrivals(rows) => {
            c.arrivals = rows;
            c.arrival = c.arrival.min(c.arrivals.len().saturating_sub(1));
        }
        Msg::Hits(q, hits) => c.lookup.hits_for(&q, hits),
        Msg::Completed(q, hits) => {
            if let Some(f) = c.flow.as_mut() {
                f.completed(&q, hits);
            }
        }
        Msg::Package(lines) => {
            if let Some(f) = c.flow.as_mut() {
                f.add_package(&lines, cx.lang);
                f.follow_labour(cx.now_local());
                c.draft_pending = true;
            }
        }
        Msg::Loaded(l, walk_in) => {
            // Never two orders silently: a vehicle with an open order asks first.
            if let Some(open) = l.open_orders.first() {
                let body = Note::info_args(
                    "checkin.second.body",
                    vec![
                        ("plate", crate::fmt::plate_text(&l.who.plate)),
                        ("number", open.number.clone()),
                        ("day", crate::fmt::short_time(cx.zone, open.created_at)),
                        ("by", open.advisor_name.clone()),
                    ],
                );
                c.pending = Some((l, walk_in));
                cx.ask(
                    Confirm::new("checkin.second.title", body, "checkin.second.keys"),
                    Msg::SecondOrder(true),
                    Msg::SecondOrder(false),
                );
                return vec![];
            }
            let form = walk_in.map(|w| flow::new_customer_form(&w.0, w.1.as_ref()));
            c.flow = Some(flow::start(*l, form, cx.settings.labour_rate_cents));
            cx.clear_note();
        }
        Msg::KeepPlate(p) => {
            if let Some(f) = c.flow.as_mut() {
                f.kept_plate = Some(p);
                return next_step(c, cx);
            }
        }
        Msg::SecondOrder(opened) => {
            let Some((l, walk_in)) = c.pending.take() else {
                return vec![];
            };
            let record = Effect::RecordSecondOrder {
                vehicle_id: l.who.vehicle_id.unwrap_or_default(),
                number: l
                    .open_orders
                    .first()
                    .map(|o| o.number.clone())
                    .unwrap_or_default(),
                opened,
            };
            if opened {
                let form = walk_in.map(|w| flow::new_customer_form(&w.0, w.1.as_ref()));
                c.flow = Some(flow::start(*l, form, cx.settings.labour_rate_cents));
                cx.clear_note();
            }
            return vec![record];
        }
        Msg::DraftFound(d, at) => c.draft_offer = Some((d, at)),
        Msg::Resumed(flow) => c.flow = Some(*flow),
        Msg::CheckedIn(number) => {
            if let Some(f) = c.flow.as_mut() {
                f.number = Some(number.clone());
                f.step = Step::Done;
                f.dirty = false;
            }
            cx.note(Note::info_args("checkin.saved", vec![("number", number)]));
        }
        Msg::Printed(path) => {
            cx.note(Note::info_args("checkin.printed", vec![("path", path)]));
        }
        Msg::Refused(field, note) => {
            if let Some(f) = c.flow.as_mut() {
                f.step = Step::Customer;
                if let Some(form) = f.new_customer.as_mut() {
                    form.set_error(field, note.clone());
                    form.focus_on(field);
                }
            }
            cx.note(note);
        }
        Msg::Failed(note) | Msg::Notice(note) => cx.note(note),
        Msg::Discard => {
            if c.flow.take().is_some() {
                // Ready for the next customer.
                c.lookup.clear();
                return vec![Effect::DiscardDraft, Effect::LoadArrivals];
            }
        }
        Msg::FixPlate => {
            if let Some(form) = c.flow.as_mut().and_then(|f| f.new_customer.as_mut()) {
                form.focus_on(crate::app::screens::checkin::CustomerField::Plate);
            }
        }
    }
    vec![]
}
