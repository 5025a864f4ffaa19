//! The form of one step of a complaint's handling, over its detail: what the step records
//! (to whom it was reported; the supervision order's department, instruction and due
//! time; the solution and whether it promises compensation; the customer's answer; the
//! result; the follow-up visit's outcome, with a new order when it reopens; a note), read
//! back into a [`complaints::Action`] with every refusal next to its field.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::app::action::Action as Key;
use crate::app::widgets::form::{Field, Form};
use crate::clock::Zone;
use crate::domain::complaint::stages;
use crate::domain::kinds::{ComplaintStage, VisitOutcome};
use crate::field_ids;
use crate::i18n::Note;
use crate::store::complaints::{Action, OrderSpec};

use super::intake::local_text;

field_ids! {
    pub enum StepField {
        To = "to",
        Solution = "solution",
        Compensation = "compensation",
        Accepted = "accepted",
        Result = "result",
        Outcome = "outcome",
        Department = "department",
        Instruction = "instruction",
        Due = "due",
        Note = "note",
    }
}

use StepField as S;

/// Which step the form takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Report,
    Supervise,
    Propose,
    Answer,
    Resolve,
    FollowUp,
    Note,
}

impl StepKind {
    /// The step a key of the detail stands for.
    pub fn of(a: Key) -> Option<StepKind> {
        Some(match a {
            Key::ReportComplaint => StepKind::Report,
            Key::SuperviseComplaint => StepKind::Supervise,
            Key::ProposeSolution => StepKind::Propose,
            Key::CustomerAnswer => StepKind::Answer,
            Key::ResolveComplaint => StepKind::Resolve,
            Key::FollowUpVisit => StepKind::FollowUp,
            Key::ComplaintNote => StepKind::Note,
            _ => return None,
        })
    }

    pub fn title_key(self) -> &'static str {
        match self {
            StepKind::Report => "action.report_complaint",
            StepKind::Supervise => "action.supervise_complaint",
            StepKind::Propose => "action.propose_solution",
            StepKind::Answer => "action.customer_answer",
            StepKind::Resolve => "action.resolve_complaint",
            StepKind::FollowUp => "action.follow_up_visit",
            StepKind::Note => "action.complaint_note",
        }
    }
}

/// The step promises compensation (money, free work or parts).
pub fn promises_compensation(a: &Action) -> bool {
    matches!(
        a,
        Action::Propose {
            compensation: true,
            ..
        }
    )
}

/// Whether the stage allows the step (a note: always).
pub fn allowed(kind: StepKind, stage: ComplaintStage) -> bool {
    use stages::Step as D;
    let step = match kind {
        StepKind::Report => D::Report,
        StepKind::Supervise => D::Supervise,
        StepKind::Propose => D::Propose {
            compensation: false,
        },
        StepKind::Answer => D::Answer { accepted: true },
        StepKind::Resolve => D::Resolve,
        StepKind::FollowUp => D::FollowUp(VisitOutcome::Satisfied),
        StepKind::Note => return true,
    };
    stages::next(stage, step, stages::Facts::default()).is_ok()
}

/// The step being filled, for complaint `id` read at `version`.
#[derive(Debug, Clone)]
pub struct StepForm {
    pub kind: StepKind,
    pub id: i64,
    pub version: i64,
    pub form: Form<StepField>,
}

/// A supervision order's default due time: a day after now.
pub const ORDER_HOURS: i64 = 24;

pub fn step_form(
    kind: StepKind,
    id: i64,
    version: i64,
    zone: Zone,
    now: DateTime<Utc>,
) -> StepForm {
    let due = local_text(zone, now + Duration::hours(ORDER_HOURS));
    let show = |k: &[StepKind]| !k.contains(&kind);
    let order = [StepKind::Supervise, StepKind::FollowUp];
    let fields = vec![
        Field::text(S::To, "step.field.to", "").hidden(show(&[StepKind::Report])),
        Field::text(S::Solution, "step.field.solution", "").hidden(show(&[StepKind::Propose])),
        Field::yes_no(S::Compensation, "step.field.compensation", false)
            .hidden(show(&[StepKind::Propose])),
        Field::yes_no(S::Accepted, "step.field.accepted", true).hidden(show(&[StepKind::Answer])),
        Field::text(S::Result, "step.field.result", "").hidden(show(&[StepKind::Resolve])),
        Field::choice(
            S::Outcome,
            "step.field.outcome",
            VisitOutcome::ALL
                .iter()
                .map(|o| o.label_key().to_string())
                .collect(),
            0,
        )
        .hidden(show(&[StepKind::FollowUp])),
        Field::text(S::Department, "step.field.department", "").hidden(show(&order)),
        Field::text(S::Instruction, "step.field.instruction", "").hidden(show(&order)),
        Field::text(S::Due, "step.field.due", &due)
            .replace_on_type()
            .hidden(show(&order)),
        Field::text(S::Note, "step.field.note", "").hidden(show(&[
            StepKind::Answer,
            StepKind::FollowUp,
            StepKind::Note,
        ])),
    ];
    let mut f = StepForm {
        kind,
        id,
        version,
        form: Form::new(fields),
    };
    f.outcome_changed();
    if let Some(first) = f.form.fields.iter().find(|x| !x.hidden).map(|x| x.id) {
        f.form.focus_on(first);
    }
    f
}

impl StepForm {
    fn outcome(&self) -> VisitOutcome {
        VisitOutcome::ALL[self
            .form
            .choice(S::Outcome)
            .min(VisitOutcome::ALL.len() - 1)]
    }

    /// A follow-up that reopens asks for the new order; one that closes does not.
    pub fn outcome_changed(&mut self) {
        if self.kind == StepKind::FollowUp {
            let reopens = stages::reopens(self.outcome());
            for f in [S::Department, S::Instruction, S::Due] {
                self.form.set_hidden(f, !reopens);
            }
        }
    }
}

/// A text the step needs, or its message on the field.
fn needed(f: &Form<StepField>, id: StepField, errors: &mut Vec<(StepField, Note)>) -> String {
    let v = f.text(id).trim().to_string();
    if v.is_empty() {
        errors.push((id, Note::error("step.error.empty", vec![])));
    }
    v
}

fn optional(f: &Form<StepField>, id: StepField) -> Option<String> {
    let v = f.text(id).trim();
    (!v.is_empty()).then(|| v.to_string())
}

fn order(
    f: &Form<StepField>,
    zone: Zone,
    now: DateTime<Utc>,
    errors: &mut Vec<(StepField, Note)>,
) -> OrderSpec {
    let department = needed(f, S::Department, errors);
    let instruction = needed(f, S::Instruction, errors);
    let text = f.text(S::Due).trim().to_string();
    let due_at = match NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M")
        .ok()
        .and_then(|l| zone.from_local(l))
    {
        Some(t) if t > now => t,
        Some(_) => {
            errors.push((S::Due, Note::error("step.error.due_past", vec![])));
            now
        }
        None => {
            errors.push((
                S::Due,
                Note::error("intake.error.received_at", vec![("text", text)]),
            ));
            now
        }
    };
    OrderSpec {
        department,
        instruction,
        due_at,
    }
}

/// What the form holds as the step's action; on a refusal the messages are set on their
/// fields and the first gets the focus.
pub fn read(s: &mut StepForm, zone: Zone, now: DateTime<Utc>) -> Option<Action> {
    s.form.clear_errors();
    let f = &s.form;
    let mut errors = Vec::new();
    let action = match s.kind {
        StepKind::Report => Action::Report {
            to: needed(f, S::To, &mut errors),
        },
        StepKind::Supervise => Action::Supervise(order(f, zone, now, &mut errors)),
        StepKind::Propose => Action::Propose {
            solution: needed(f, S::Solution, &mut errors),
            compensation: f.yes(S::Compensation),
        },
        StepKind::Answer => Action::Answer {
            accepted: f.yes(S::Accepted),
            note: optional(f, S::Note),
        },
        StepKind::Resolve => Action::Resolve {
            result: needed(f, S::Result, &mut errors),
        },
        StepKind::FollowUp => {
            let outcome = s.outcome();
            Action::FollowUp {
                outcome,
                note: optional(f, S::Note),
                reopen: stages::reopens(outcome).then(|| order(f, zone, now, &mut errors)),
            }
        }
        StepKind::Note => Action::Note {
            text: needed(f, S::Note, &mut errors),
        },
    };
    if let Some((first, _)) = errors.first().cloned() {
        for (id, n) in errors {
            s.form.set_error(id, n);
        }
        s.form.focus_on(first);
        return None;
    }
    Some(action)
}
