//! The small dialogs of the work orders: one per action that needs input (dispatch, pause,
//! progress, an added line and the customer's answer, the quality check, ready, delivery
//! and settlement, cancel, the follow-up call). Each is a [`Form`] over one set of field
//! ids ([`W`]) with the context it was opened in ([`Kind`]), read back into a [`Work`]
//! with the errors next to their fields in the user's language. The order's `version`
//! rides along; after a conflict the dialog keeps the input and takes the reloaded version.
pub mod call;
mod checks;
mod handover;
pub(super) mod workshop;

use std::collections::{BTreeMap, HashSet};
use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::screen::Cx;
use crate::app::widgets::catalog_offer::{self, Offer};
use crate::app::widgets::form::{FieldId, Form, Value};
use crate::domain::kinds::{QcLevel, StaffRole};
use crate::domain::workshop::WorkError;
use crate::domain::workshop::qc::QcRecord;
use crate::i18n::{DomainError, Note};
use crate::store::catalog::{Hit, HitKind};
use crate::store::staff::Staff;
use crate::store::workshop::{DetailLine, FollowUpRow};

use super::Work;
use super::detail::Invoice;

pub use call::call;
pub use checks::record_qc;
pub use handover::{cancel, deliver, discount as discount_of, ready};
pub use workshop::{answer, dispatch, pause, progress, propose};

/// The most checklist items a quality check shows.
pub const MAX_TICKS: usize = 24;

const TICK_NAMES: [&str; MAX_TICKS] = [
    "tick0", "tick1", "tick2", "tick3", "tick4", "tick5", "tick6", "tick7", "tick8", "tick9",
    "tick10", "tick11", "tick12", "tick13", "tick14", "tick15", "tick16", "tick17", "tick18",
    "tick19", "tick20", "tick21", "tick22", "tick23",
];

/// Every field any of the dialogs has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum W {
    Technician,
    Bay,
    Reason,
    Pct,
    LineKind,
    Desc,
    Qty,
    Price,
    Claim,
    Answer,
    Approver,
    Number,
    At,
    Staff,
    Pass,
    /// One item of the quality-check checklist.
    Tick(u8),
    Washed,
    Spot,
    Odometer,
    Discount,
    DiscountReason,
    Method,
    Paid,
    OldParts,
    Outcome,
    ResultScore,
    StaffScore,
    Remark,
    Problem,
    /// What a problem call leads to: a comeback, a complaint, or both.
    Then,
    Day,
    Time,
    Hours,
}

impl FieldId for W {
    fn name(self) -> &'static str {
        match self {
            W::Technician => "technician",
            W::Bay => "bay",
            W::Reason => "reason",
            W::Pct => "pct",
            W::LineKind => "line_kind",
            W::Desc => "description",
            W::Qty => "quantity",
            W::Price => "price",
            W::Claim => "claim",
            W::Answer => "answer",
            W::Approver => "approver",
            W::Number => "number",
            W::At => "at",
            W::Staff => "staff",
            W::Pass => "pass",
            W::Tick(i) => TICK_NAMES[usize::from(i).min(MAX_TICKS - 1)],
            W::Washed => "washed",
            W::Spot => "spot",
            W::Odometer => "odometer",
            W::Discount => "discount",
            W::DiscountReason => "discount_reason",
            W::Method => "method",
            W::Paid => "paid",
            W::OldParts => "old_parts",
            W::Outcome => "outcome",
            W::ResultScore => "result_score",
            W::StaffScore => "staff_score",
            W::Remark => "remark",
            W::Problem => "problem",
            W::Then => "then",
            W::Day => "day",
            W::Time => "time",
            W::Hours => "hours",
        }
    }
}

/// A label that is not a fixed catalog key (a checklist item: the key of a built-in item
/// such as `qc_item.brakes`, which the form translates, or a shop's own words, shown as
/// they are). Each distinct text is kept once for the whole run.
pub fn label(s: &str) -> &'static str {
    static SEEN: LazyLock<Mutex<HashSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(HashSet::new()));
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.insert(k);
    k
}

/// The order a dialog acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    /// The version the action is sent with.
    pub version: i64,
    pub number: String,
    /// "粤B·12345 王芳", for the title.
    pub who: String,
}

/// What a dialog is for, with what it shows besides its fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Technician (ids in the order of the choice) and bay.
    Dispatch {
        techs: Vec<i64>,
    },
    /// Why the job is paused.
    Pause {
        line: DetailLine,
    },
    Progress,
    /// A line that adds cost or time, proposed to the customer.
    Propose,
    /// The customer's answer to a proposed line; the phone number is prefilled.
    Answer {
        line: DetailLine,
    },
    /// The next check of the order: its level, who may sign it (ids in the order of the
    /// choice), the earlier checks and the order's technician (the self-check is theirs).
    Qc {
        level: QcLevel,
        staff: Vec<i64>,
        records: Vec<QcRecord>,
        technician: Option<i64>,
        items: Vec<String>,
    },
    /// Washed (unless declined at check-in), parked, odometer out.
    Ready {
        wash_wanted: bool,
        odometer_in: i64,
    },
    /// The invoice read back line by line, then the settlement.
    Deliver {
        invoice: Invoice,
        old_parts_asked: bool,
        discount_limit_cents: i64,
    },
    Cancel,
    /// The follow-up call of a delivered order.
    Call {
        row: FollowUpRow,
        max_tries: i64,
    },
}

impl Kind {
    /// The catalog key of the dialog's title (`{number}`, `{who}`).
    pub fn title_key(&self) -> &'static str {
        match self {
            Kind::Dispatch { .. } => "wo.dlg.dispatch",
            Kind::Pause { .. } => "wo.dlg.pause",
            Kind::Progress => "wo.dlg.progress",
            Kind::Propose => "wo.dlg.propose",
            Kind::Answer { .. } => "wo.dlg.answer",
            Kind::Qc { .. } => "wo.dlg.qc",
            Kind::Ready { .. } => "wo.dlg.ready",
            Kind::Deliver { .. } => "wo.dlg.deliver",
            Kind::Cancel => "wo.dlg.cancel",
            Kind::Call { .. } => "wo.dlg.call",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub kind: Kind,
    pub form: Form<W>,
    pub target: Target,
    /// A message for the whole dialog (a conflict, a refusal tied to no field).
    pub note: Option<Note>,
    /// Another counter changed the order: the next reload gives the version to send.
    pub stale: bool,
    /// Proposing added work: the job catalog's operations and parts for the description
    /// typed.
    pub completion: Offer,
    /// The values the dialog opened with.
    opened: BTreeMap<String, Value>,
}

impl Dialog {
    pub fn new(kind: Kind, form: Form<W>, target: Target) -> Dialog {
        let opened = form.values();
        Dialog {
            kind,
            form,
            target,
            note: None,
            stale: false,
            completion: Offer::default(),
            opened,
        }
    }

    /// The catalog's offer is open: proposing, the description focused, something found.
    pub fn completing(&self) -> bool {
        self.kind == Kind::Propose
            && self.form.focused() == Some(W::Desc)
            && self.completion.is_open()
    }

    /// The description typed, to look up (`None` when it is empty or not proposing).
    pub fn completion_query(&self) -> Option<String> {
        if self.kind != Kind::Propose {
            return None;
        }
        catalog_offer::query(self.form.text(W::Desc))
    }

    /// The catalog's answer for `query`, kept if the description still holds it (a
    /// package fills several lines and is not offered for one added line).
    pub fn completed(&mut self, query: &str, hits: Vec<Hit>) {
        if self.completion_query().as_deref() == Some(query) {
            self.completion.set(
                hits.into_iter()
                    .filter(|h| h.kind != HitKind::Package)
                    .collect(),
            );
        }
    }

    /// Fills the line from `hit` (all still editable), labour at `rate_cents` when the
    /// operation names no rate.
    pub fn take_completion(&mut self, hit: &Hit, lang: crate::i18n::Lang, rate_cents: i64) {
        let Some(fill) = catalog_offer::fill(hit, lang, rate_cents) else {
            return;
        };
        let f = &mut self.form;
        f.set_choice(W::LineKind, catalog_offer::kind_index(fill.kind));
        f.set_text(W::Desc, &fill.description);
        f.set_text(W::Qty, &fill.quantity);
        f.set_text(W::Price, &fill.price);
        f.set_choice(W::Claim, usize::from(fill.claim));
        f.focus_on(W::Qty);
        f.dirty = true;
        self.completion.took(&fill);
    }

    /// Something was typed or chosen that differs from what the dialog opened with: a
    /// choice counts like typed text in every dialog of the screen (a quality check's
    /// ticks are as much input as a reason), and a value put back is no change.
    pub fn changed(&self) -> bool {
        self.form.dirty && self.form.values() != self.opened
    }

    /// Shows or hides the fields that depend on a choice (the phone approval's details,
    /// the failed check's reason, the call's outcome).
    pub fn sync(&mut self) {
        match &self.kind {
            Kind::Answer { .. } => workshop::sync_answer(&mut self.form),
            Kind::Qc { .. } => checks::sync(&mut self.form),
            Kind::Call { .. } => call::sync(&mut self.form),
            Kind::Deliver { .. } => handover::sync_deliver(&mut self.form),
            _ => {}
        }
    }

    /// Reads the input into the action, or puts the errors next to their fields.
    pub fn submit<M>(&mut self, cx: &Cx<M>) -> Option<Work> {
        self.form.clear_errors();
        self.note = None;
        let work = match &self.kind {
            Kind::Dispatch { techs } => workshop::read_dispatch(&mut self.form, techs),
            Kind::Pause { line } => workshop::read_pause(&self.form, line),
            Kind::Progress => workshop::read_progress(&mut self.form),
            Kind::Propose => {
                let taken = self.completion.taken.clone();
                workshop::read_propose(&mut self.form, taken)
            }
            Kind::Answer { line } => workshop::read_answer(&mut self.form, line, cx),
            Kind::Qc {
                staff,
                records,
                technician,
                items,
                ..
            } => checks::read(&mut self.form, staff, records, *technician, items.len()),
            Kind::Ready {
                wash_wanted,
                odometer_in,
            } => handover::read_ready(&mut self.form, *wash_wanted, *odometer_in),
            Kind::Deliver {
                invoice,
                old_parts_asked,
                discount_limit_cents,
            } => handover::read_deliver(
                &mut self.form,
                invoice,
                *old_parts_asked,
                *discount_limit_cents,
                cx.staff.map_or(StaffRole::Advisor, |s| s.role),
            ),
            Kind::Cancel => handover::read_cancel(&mut self.form),
            Kind::Call { row, max_tries } => {
                call::read(&mut self.form, row, *max_tries, &self.target, cx)
            }
        };
        if work.is_none() {
            self.form.focus_first_error();
        }
        work
    }

    /// A refusal of the rules from the store: next to the field it is about, or for the
    /// whole dialog.
    pub fn refused(&mut self, e: &WorkError) {
        match self.field_of(e) {
            Some(f) if !self.form.is_hidden(f) => {
                self.form.set_error(f, e.note());
                self.form.focus_on(f);
            }
            _ => self.note = Some(e.note()),
        }
    }

    /// A refusal with its own message, next to `field`.
    pub fn refused_at(&mut self, field: W, note: Note) {
        if self.form.is_hidden(field) {
            self.note = Some(note);
        } else {
            self.form.set_error(field, note);
            self.form.focus_on(field);
        }
    }

    fn field_of(&self, e: &WorkError) -> Option<W> {
        use WorkError as E;
        Some(match e {
            E::TechnicianRequired => W::Technician,
            E::BayRequired => W::Bay,
            E::BadProgress => W::Pct,
            E::ApproverRequired => W::Approver,
            E::NumberRequired => W::Number,
            E::ApprovalInFuture | E::ApprovalBeforeProposal { .. } => W::At,
            E::QcSelfCheckByTechnician | E::QcSamePerson { .. } => W::Staff,
            E::QcChecklistIncomplete => checks::first_unticked(&self.form).unwrap_or(W::Pass),
            E::QcReasonRequired => W::Reason,
            E::WashWanted => W::Washed,
            E::SpotRequired => W::Spot,
            E::OdometerBelowIn { .. } => W::Odometer,
            E::DiscountNegative | E::DiscountAboveTotal | E::DiscountNeedsSupervisor { .. } => {
                W::Discount
            }
            E::DiscountReasonRequired => W::DiscountReason,
            E::NotPaid => W::Paid,
            E::OldPartsNotReturned => W::OldParts,
            E::CancelReasonRequired => W::Reason,
            E::BadScore => W::ResultScore,
            E::ProblemRequired => W::Problem,
            _ => return None,
        })
    }
}

/// Staff as "T01 刘强" for a choice.
pub fn staff_name(s: &Staff) -> String {
    format!("{} {}", s.code, s.name)
}

/// The choice index of `id` in `ids` (0 when absent).
pub fn index_of(ids: &[i64], id: Option<i64>) -> usize {
    id.and_then(|id| ids.iter().position(|x| *x == id))
        .unwrap_or(0)
}

/// "11-23 14:05" or "14:05" typed at the counter, in the shop's zone: today unless a day
/// is given.
pub fn parse_when<M>(s: &str, cx: &Cx<M>) -> Option<DateTime<Utc>> {
    use crate::domain::appointment::{parse_day, parse_time};
    let s = crate::domain::text::normalize_input(s.trim());
    let (day, time) = match s.rsplit_once(' ') {
        Some((d, t)) => (parse_day(d.trim(), cx.today()).ok()?, t),
        None => (cx.today(), s.as_str()),
    };
    let time = parse_time(time.trim()).ok()?;
    cx.zone.from_local(day.and_time(time))
}

/// The day as typed back ("2026-11-24").
pub fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
