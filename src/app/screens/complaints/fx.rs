//! The complaints' store calls: the open list, the intake's lookup and the customer's
//! recent orders, and recording a complaint in one transaction.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::i18n::Note;
use crate::store::{Store, StoreError};

use super::intake::HITS;
use super::{Effect, Msg};

/// How many recent orders the intake offers.
const ORDERS: usize = 5;

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let fail = |sv: &Services, e: &StoreError| Msg::Failed(store_note(e, sv.zone, sv.now));
    let msg = match e {
        Effect::Load => load(sv),
        Effect::Refresh(have) => {
            if have.is_some() && have == sv.store.revision_of(Store::OPEN_COMPLAINTS_READS).ok() {
                Msg::Current
            } else {
                load(sv)
            }
        }
        Effect::Search(q) => match sv.store.search(&q, HITS) {
            Ok(hits) => Msg::Hits(q, hits),
            Err(e) => fail(sv, &e),
        },
        Effect::Orders(vehicle) => match sv.store.vehicle_history(vehicle, ORDERS) {
            Ok(orders) => Msg::Orders(vehicle, orders),
            Err(e) => fail(sv, &e),
        },
        Effect::Save(new) => {
            let day = sv.zone.to_local(new.received_at).date_naive();
            let within = sv.settings.complaints.report.minutes;
            match sv.store.record_complaint(sv.actor(), sv.now, &new, day) {
                Ok((_, number)) => Msg::Saved(Note::info_args(
                    "intake.saved",
                    vec![("number", number), ("within", minutes_text(within))],
                )),
                Err(e) => fail(sv, &e),
            }
        }
        Effect::Detail(id) => {
            let read = sv.store.complaint_detail(id);
            match read {
                Ok(Some(d)) => Msg::Detail(Box::new(d)),
                Ok(None) => Msg::Failed(Note::error(
                    "error.store",
                    vec![("detail", format!("complaint {id} does not exist"))],
                )),
                Err(e) => fail(sv, &e),
            }
        }
        Effect::Step {
            id,
            version,
            action,
        } => match sv
            .store
            .complaint_step(sv.actor(), sv.now, id, version, &action)
        {
            Ok(stage) => Msg::Stepped(
                id,
                Note::info_args(
                    "complaint.stepped",
                    vec![("stage", stage.label_key().to_string())],
                ),
            ),
            Err(StoreError::NotAllowed(_)) => {
                Msg::StepRefused(id, Note::error("complaint.refused.compensation", vec![]))
            }
            Err(StoreError::Transition { from, .. }) => Msg::StepRefused(
                id,
                Note::error(
                    "complaint.refused.not_now",
                    vec![("stage", format!("stage.{from}"))],
                ),
            ),
            Err(e) => Msg::StepRefused(id, store_note(&e, sv.zone, sv.now)),
        },
        Effect::Coaching => match sv.store.coaching() {
            // A stored text that no longer parses (a newer program's) leaves the
            // built-in coaching in force; the log says why.
            Ok(Some(text)) => match crate::coaching::Coaching::parse(&text) {
                Ok(c) => Msg::Coaching(Box::new(c)),
                Err(e) => {
                    tracing::warn!(error = %e, "the shop's coaching does not parse; built-in used");
                    Msg::Coaching(Box::new(crate::coaching::Coaching::built_in()))
                }
            },
            Ok(None) => Msg::Coaching(Box::new(crate::coaching::Coaching::built_in())),
            Err(e) => fail(sv, &e),
        },
        Effect::Analyse(month) => {
            let (from, to) = super::analysis::month_of(month);
            let (a, b) = (
                super::analysis::start_of(sv.zone, from),
                super::analysis::start_of(sv.zone, to),
            );
            match sv.store.complaints_counted(a, b) {
                Ok(rows) => Msg::Analysed(month, rows),
                Err(e) => fail(sv, &e),
            }
        }
        Effect::Print(number, doc) => {
            let i18n = crate::i18n::I18n::new(sv.lang);
            match crate::print::complaint_document(
                &mut sv.store,
                &number,
                doc,
                &i18n,
                sv.zone,
                sv.now,
            ) {
                Ok(page) => {
                    sv.printer.submit(sv.exports.clone(), page, printed);
                    return vec![];
                }
                Err(e)
                    if e.downcast_ref::<crate::print::NoSupervisionOrder>()
                        .is_some() =>
                {
                    Msg::Printed(Note::error(
                        "cli.error.no_supervision",
                        vec![("number", number)],
                    ))
                }
                Err(e) => Msg::Printed(crate::app::fx::print_failed(&e)),
            }
        }
    };
    vec![msg]
}

/// "1h" / "90min" / "72h".
fn minutes_text(m: i64) -> String {
    if m % 60 == 0 {
        format!("{}h", m / 60)
    } else {
        format!("{m}min")
    }
}

/// The open complaints with the revision they were read at (taken first: a commit in
/// between makes the next refresh read again).
fn load(sv: &mut Services) -> Msg {
    let revision = sv.store.revision_of(Store::OPEN_COMPLAINTS_READS).ok();
    match sv.store.open_complaints() {
        Ok(rows) => Msg::Loaded(rows, revision),
        Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
    }
}

/// The printer's answer: the saved file's path, or why it could not be written.
fn printed(r: anyhow::Result<std::path::PathBuf>) -> crate::app::Msg {
    crate::app::Msg::Complaints(Msg::Printed(match r {
        Ok(path) => Note::info_args(
            "complaint.printed",
            vec![("path", path.display().to_string())],
        ),
        Err(e) => crate::app::fx::print_failed(&e),
    }))
}
