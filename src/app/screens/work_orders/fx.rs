//! The work orders' store calls: the board, one order's detail, the call list, and every
//! action as one named transaction sent with the order's version.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::app::screens::appointments::booking::over_note;
use crate::i18n::Note;
use crate::store::{Store, StoreError, workshop};

use super::detail::Loaded;
use super::{Effect, Msg, Refusal, Work};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let failed = |sv: &Services, e: &StoreError| Msg::Failed(store_note(e, sv.zone, sv.now));
    match e {
        Effect::Load(have) => {
            // Read before the rows: a commit in between makes the next load read again.
            let revision = sv.store.revision_of(Store::WORK_BOARD_READS).ok();
            if have.is_some() && have == revision {
                return vec![Msg::BoardCurrent];
            }
            let read = sv
                .store
                .work_board()
                .and_then(|rows| Ok((rows, sv.store.work_policy()?)));
            match read {
                Ok((rows, policy)) => vec![Msg::Board(rows, policy, revision)],
                Err(e) => vec![failed(sv, &e)],
            }
        }
        Effect::LoadDetail(id) => match load_detail(sv, id) {
            Ok(l) => vec![Msg::Detail(id, l)],
            Err(e) => vec![failed(sv, &e)],
        },
        Effect::LoadCalls(day) => match sv.store.follow_ups_due(day) {
            Ok(rows) => vec![Msg::Calls(day, rows)],
            Err(e) => vec![failed(sv, &e)],
        },
        Effect::Apply {
            id,
            version,
            number,
            work,
        } => vec![apply(sv, id, version, number, work)],
        Effect::Complete(q, rate) => match sv.store.catalog_complete(&q, 8, rate) {
            Ok(hits) => vec![Msg::Completed(q, hits)],
            Err(e) => vec![failed(sv, &e)],
        },
        Effect::Print(number) => match crate::app::fx::print_order(sv, &number, printed) {
            Ok(()) => vec![],
            Err(n) => vec![Msg::Failed(n)],
        },
        Effect::PrintSettlement(number) => {
            let i18n = crate::i18n::I18n::new(sv.lang);
            match crate::print::settlement_document(&mut sv.store, &number, &i18n, sv.zone) {
                Ok(doc) => {
                    sv.printer.submit(sv.exports.clone(), doc, printed);
                    vec![]
                }
                Err(e) => vec![Msg::Failed(crate::app::fx::print_failed(&e))],
            }
        }
    }
}

/// The printer's answer: the saved file's path, or why it could not be written.
fn printed(r: anyhow::Result<std::path::PathBuf>) -> crate::app::Msg {
    crate::app::Msg::WorkOrders(match r {
        Ok(path) => Msg::Printed(path.display().to_string()),
        Err(e) => Msg::Failed(crate::app::fx::print_failed(&e)),
    })
}

/// The detail with the shop's policy, in one snapshot; for a comeback it names the
/// technician of the order it comes back for (proposed at dispatch).
fn load_detail(sv: &mut Services, id: i64) -> Result<Option<Box<Loaded>>, StoreError> {
    let Some((detail, policy)) = sv.store.work_detail(id)? else {
        return Ok(None);
    };
    Ok(Some(Box::new(Loaded { detail, policy })))
}

fn apply(sv: &mut Services, id: i64, version: i64, number: String, work: Box<Work>) -> Msg {
    let actor = sv.actor();
    let now = sv.now;
    let mut outcome = None;
    let done = sv.store.write(actor, now, |tx| match &*work {
        Work::Dispatch { technician_id, bay } => {
            workshop::dispatch(tx, id, version, *technician_id, bay)
        }
        Work::Job { line_id, action } => workshop::job(tx, id, version, *line_id, *action),
        Work::Progress(pct) => workshop::set_progress(tx, id, version, *pct),
        Work::Told => workshop::told_customer(tx, id, version),
        Work::Propose(line) => workshop::propose(tx, id, version, line).map(|_| ()),
        Work::Answer { line_id, consent } => workshop::answer(tx, id, version, *line_id, consent),
        Work::SubmitQc => workshop::submit_qc(tx, id, version),
        Work::RecordQc(entry) => workshop::record_qc(tx, id, version, entry),
        Work::Ready {
            washed,
            spot,
            odometer_out_km,
        } => workshop::ready(tx, id, version, *washed, spot, *odometer_out_km),
        Work::Deliver(delivery) => workshop::deliver(tx, id, version, delivery),
        Work::Cancel(reason) => workshop::cancel(tx, id, version, reason),
        Work::Call { call, comeback, .. } => {
            workshop::record_call(tx, id, version, call, comeback.as_deref()).map(|o| {
                outcome = Some(o);
            })
        }
    });
    match done {
        Ok(()) => Msg::Applied {
            id,
            number,
            work,
            outcome,
        },
        Err(e) => Msg::Refused {
            id,
            why: refusal(sv, e, &work),
        },
    }
}

/// A store refusal as the screen handles it: a rule next to its field, a conflict with
/// who and when, a full day next to the comeback's day.
fn refusal(sv: &Services, e: StoreError, work: &Work) -> Refusal {
    match e {
        StoreError::Work(w) => Refusal::Rule(w),
        e @ StoreError::Conflict { .. } => Refusal::Conflict(store_note(&e, sv.zone, sv.now)),
        StoreError::OverCapacity {
            booked,
            bookable,
            requested,
            ..
        } => Refusal::Capacity(over_note(booked, bookable, requested, false)),
        StoreError::Duplicate { what: "slot", .. } => {
            let time = match work {
                Work::Call {
                    comeback: Some(a), ..
                } => crate::fmt::hhmm(sv.zone, a.starts_at),
                _ => String::new(),
            };
            Refusal::Capacity(Note::error("booking.error.same_slot", vec![("time", time)]))
        }
        e => Refusal::Other(store_note(&e, sv.zone, sv.now)),
    }
}
