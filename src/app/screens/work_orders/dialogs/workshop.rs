//! The workshop's dialogs: dispatch, pause a job, progress, propose an added line and
//! record the customer's answer to it.

use crate::app::screen::Cx;
use crate::app::widgets::form::{Field, Form};
use crate::domain::kinds::{LineKind, PauseReason, StaffRole};
use crate::domain::repair_order::{LineError, parse_line};
use crate::domain::workshop::WorkError;
use crate::domain::workshop::jobs::{self, Consent, JobAction};
use crate::fmt::{hhmm, short_time};
use crate::i18n::{DomainError, Note};
use crate::store::repair_orders::NewLine;
use crate::store::staff::Staff;
use crate::store::workshop::DetailLine;

use super::super::Work;
use super::super::detail::Loaded;
use super::{Dialog, Kind, Target, W, index_of, parse_when, staff_name};

fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| key(*x).to_string()).collect()
}

/// Who can be dispatched to: technicians first, then supervisors (who also work on cars).
pub fn workers(staff: &[Staff]) -> Vec<&Staff> {
    let mut v: Vec<&Staff> = staff
        .iter()
        .filter(|s| s.active && matches!(s.role, StaffRole::Technician | StaffRole::Supervisor))
        .collect();
    v.sort_by_key(|s| (s.role != StaffRole::Technician, s.code.clone()));
    v
}

/// Dispatch (派工): the technician (already assigned, or for a comeback the original
/// order's, proposed) and the bay.
pub fn dispatch(target: Target, l: &Loaded, staff: &[Staff]) -> Dialog {
    let people = workers(staff);
    let ids: Vec<i64> = people.iter().map(|s| s.id).collect();
    let names: Vec<String> = people.iter().map(|s| staff_name(s)).collect();
    let o = &l.detail.order;
    let original = l
        .detail
        .comeback_technician_id
        .filter(|id| ids.contains(id));
    let chosen = o.technician_id.or(original);
    let mut form = Form::new(vec![
        Field::literal_choice(
            W::Technician,
            "wo.field.technician",
            names,
            index_of(&ids, chosen),
        ),
        Field::text(W::Bay, "wo.field.bay", o.bay.as_deref().unwrap_or("")).replace_on_type(),
    ]);
    if o.technician_id.is_none() && original.is_some() {
        form.set_hint(
            W::Technician,
            Some(Note::info("wo.hint.original_technician")),
        );
    }
    form.focus_on(if chosen.is_some() {
        W::Bay
    } else {
        W::Technician
    });
    Dialog::new(Kind::Dispatch { techs: ids }, form, target)
}

pub fn read_dispatch(form: &mut Form<W>, techs: &[i64]) -> Option<Work> {
    let technician = techs.get(form.choice(W::Technician)).copied();
    if technician.is_none() {
        form.set_error(W::Technician, WorkError::TechnicianRequired.note());
    }
    let bay = form.text(W::Bay).trim().to_string();
    if bay.is_empty() {
        form.set_error(W::Bay, WorkError::BayRequired.note());
    }
    if form.has_errors() {
        return None;
    }
    Some(Work::Dispatch {
        technician_id: technician,
        bay,
    })
}

/// Pause the selected job, with the reason (parts, approval, other).
pub fn pause(target: Target, line: &DetailLine) -> Dialog {
    let form = Form::new(vec![Field::choice(
        W::Reason,
        "wo.field.pause_reason",
        keys(PauseReason::ALL, PauseReason::label_key),
        0,
    )]);
    Dialog::new(Kind::Pause { line: line.clone() }, form, target)
}

pub fn read_pause(form: &Form<W>, line: &DetailLine) -> Option<Work> {
    let reason = PauseReason::ALL[form.choice(W::Reason).min(PauseReason::ALL.len() - 1)];
    Some(Work::Job {
        line_id: line.id,
        action: JobAction::Pause(reason),
    })
}

/// Progress in percent, prefilled with the progress now.
pub fn progress(target: Target, pct: i64) -> Dialog {
    let mut form = Form::new(vec![
        Field::text(W::Pct, "wo.field.progress", &pct.to_string()).replace_on_type(),
    ]);
    form.focus_on(W::Pct);
    Dialog::new(Kind::Progress, form, target)
}

pub fn read_progress(form: &mut Form<W>) -> Option<Work> {
    match jobs::parse_progress(form.text(W::Pct)) {
        Ok(p) => Some(Work::Progress(p)),
        Err(e) => {
            form.set_error(W::Pct, e.note());
            None
        }
    }
}

/// An added line (kind, description, quantity, price, claim mark); labour is prefilled
/// with the shop's rate, a plain amount like every other one on screen ("300.00").
pub fn propose(target: Target, labour_rate_cents: i64) -> Dialog {
    let rate = crate::domain::money::Cents(labour_rate_cents).to_string();
    let mut form = Form::new(vec![
        Field::choice(
            W::LineKind,
            "checkin.field.line_kind",
            keys(LineKind::ALL, LineKind::label_key),
            0,
        ),
        Field::text(W::Desc, "checkin.field.line_desc", ""),
        Field::text(W::Qty, "checkin.field.line_qty", "1").replace_on_type(),
        Field::text(W::Price, "checkin.field.line_price", &rate).replace_on_type(),
        Field::yes_no(W::Claim, "checkin.field.line_claim", false),
    ]);
    form.focus_on(W::Desc);
    Dialog::new(Kind::Propose, form, target)
}

/// A part never takes the labour rate: switching the kind to a part clears the price
/// the labour rate prefilled, and back to labour puts the rate into an empty price.
pub fn follow_kind(form: &mut Form<W>, labour_rate_cents: i64) {
    let rate = crate::domain::money::Cents(labour_rate_cents).to_string();
    let kind = LineKind::ALL[form.choice(W::LineKind).min(LineKind::ALL.len() - 1)];
    let price = form.text(W::Price).trim().to_string();
    match kind {
        LineKind::Part if price == rate => form.set_text(W::Price, ""),
        LineKind::Labour if price.is_empty() => form.set_text(W::Price, &rate),
        _ => {}
    }
}

/// The proposed line as typed; `taken` is the catalog entry taken into the fields, if
/// any (its code and price kept on the line while the description is still the
/// entry's, so a changed price shows).
pub fn read_propose(
    form: &mut Form<W>,
    taken: Option<crate::app::widgets::catalog_offer::Taken>,
) -> Option<Work> {
    let kind = LineKind::ALL[form.choice(W::LineKind).min(LineKind::ALL.len() - 1)];
    match parse_line(
        kind,
        form.text(W::Desc),
        form.text(W::Qty),
        form.text(W::Price),
        form.yes(W::Claim),
    ) {
        Ok(l) => {
            let catalog =
                crate::app::widgets::catalog_offer::Offer::entry_for(taken, &l.description);
            Some(Work::Propose(NewLine {
                catalog_price_cents: catalog.as_ref().map(|c| c.1),
                catalog_code: catalog.map(|c| c.0),
                kind: l.kind,
                description: l.description,
                quantity_centi: l.quantity_centi,
                unit_price_cents: l.unit_price_cents,
                claim: l.claim,
                service: None,
            }))
        }
        Err(e) => {
            let field = match e {
                LineError::EmptyDescription => W::Desc,
                LineError::BadPrice { .. } | LineError::PriceNegative => W::Price,
                _ => W::Qty,
            };
            form.set_error(field, e.note());
            None
        }
    }
}

/// The answers to a proposed line, in the order of the choice.
const ANSWERS: [&str; 3] = ["wo.answer.signed", "wo.answer.phone", "wo.answer.declined"];

/// The customer's answer to a proposed line: signed on the order, by phone (who approved,
/// the number dialled, prefilled with `phone`: the order's contact during the repair,
/// else the customer's; and when, now unless changed) or declined.
pub fn answer<M>(target: Target, line: &DetailLine, phone: Option<&str>, cx: &Cx<M>) -> Dialog {
    let mut form = Form::new(vec![
        Field::choice(
            W::Answer,
            "wo.field.answer",
            ANSWERS.iter().map(|s| s.to_string()).collect(),
            0,
        ),
        Field::text(W::Approver, "wo.field.approver", ""),
        Field::text(W::Number, "wo.field.number", phone.unwrap_or("")).replace_on_type(),
        Field::text(W::At, "wo.field.at", &hhmm(cx.zone, cx.now)).replace_on_type(),
    ]);
    sync_answer(&mut form);
    Dialog::new(Kind::Answer { line: line.clone() }, form, target)
}

pub fn sync_answer(form: &mut Form<W>) {
    let phone = form.choice(W::Answer) == 1;
    for f in [W::Approver, W::Number, W::At] {
        form.set_hidden(f, !phone);
    }
}

pub fn read_answer<M>(form: &mut Form<W>, line: &DetailLine, cx: &Cx<M>) -> Option<Work> {
    let consent = match form.choice(W::Answer) {
        0 => Consent::Signed,
        2 => Consent::Declined,
        _ => {
            let Some(at) = parse_when(form.text(W::At), cx) else {
                form.set_error(W::At, Note::error("wo.error.when", vec![]));
                return None;
            };
            Consent::Phone {
                approver: form.text(W::Approver).trim().to_string(),
                number: form.text(W::Number).trim().to_string(),
                at,
            }
        }
    };
    let zone = cx.zone;
    let proposed = line.proposed_at.unwrap_or(cx.now);
    if let Err(e) = jobs::answer(line.approval, proposed, &consent, cx.now, |t| {
        short_time(zone, t)
    }) {
        let field = match e {
            WorkError::ApproverRequired => Some(W::Approver),
            WorkError::NumberRequired => Some(W::Number),
            WorkError::ApprovalInFuture | WorkError::ApprovalBeforeProposal { .. } => Some(W::At),
            _ => None,
        };
        match field {
            Some(f) => form.set_error(f, e.note()),
            None => form.set_error(W::Answer, e.note()),
        }
        return None;
    }
    Some(Work::Answer {
        line_id: line.id,
        consent,
    })
}
