//! Every refusal of the workshop rules, with its catalog key (`error.work.*`).

use crate::domain::kinds::{JobState, QcLevel, RepairOrderState};

/// A refused move, job action, approval, quality check, settlement or follow-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkError {
    #[error("An order that is {from} cannot {step}.")]
    Move {
        from: RepairOrderState,
        step: &'static str,
    },
    #[error("Choose the technician.")]
    TechnicianRequired,
    #[error("Enter the bay.")]
    BayRequired,
    #[error("Every approved job must be finished first ({open} still open).")]
    JobsOpen { open: usize },
    #[error("A proposed line still waits for the customer's answer.")]
    ApprovalPending,
    #[error("A job that is {state} cannot {action}.")]
    Job {
        state: JobState,
        action: &'static str,
    },
    #[error("This line waits for the customer's approval and cannot be worked yet.")]
    NotApproved,
    #[error("The customer declined this line.")]
    Declined,
    #[error("Only labour lines are timed.")]
    NotALabourLine,
    #[error("Dispatch the order before work starts.")]
    NotDispatched,
    #[error("Progress is a whole number from 0 to 100.")]
    BadProgress,
    #[error("This line was already answered.")]
    AlreadyDecided,
    #[error("Enter who approved on the phone.")]
    ApproverRequired,
    #[error("Enter the number that was dialled.")]
    NumberRequired,
    #[error("The approval time cannot be in the future.")]
    ApprovalInFuture,
    #[error("The approval cannot be before the line was proposed ({proposed}).")]
    ApprovalBeforeProposal { proposed: String },
    #[error("The next check is: {expected}.")]
    QcWrongLevel { expected: QcLevel },
    #[error("The self-check is done by the order's technician.")]
    QcSelfCheckByTechnician,
    #[error(
        "The same person cannot pass two levels of one order (already passed the {level} check)."
    )]
    QcSamePerson { level: QcLevel },
    #[error("Tick every item of the checklist to pass.")]
    QcChecklistIncomplete,
    #[error("Say why the check failed.")]
    QcReasonRequired,
    #[error("Enter the parking spot.")]
    SpotRequired,
    #[error("The odometer out cannot be below the odometer in ({km_in} km).")]
    OdometerBelowIn { km_in: i64 },
    #[error("The customer asked for a wash; confirm it was done.")]
    WashWanted,
    #[error("The discount cannot be negative.")]
    DiscountNegative,
    #[error("The discount cannot exceed what the customer pays.")]
    DiscountAboveTotal,
    #[error("Say why the discount is given.")]
    DiscountReasonRequired,
    #[error("A discount above {limit} needs a supervisor or a manager.")]
    DiscountNeedsSupervisor { limit: String },
    #[error("Confirm the payment before delivery.")]
    NotPaid,
    #[error("The customer asked for the old parts; confirm they were returned.")]
    OldPartsNotReturned,
    #[error("Say why the order is cancelled.")]
    CancelReasonRequired,
    #[error("Scores are from 1 to 5.")]
    BadScore,
    #[error("Describe the problem the customer raised.")]
    ProblemRequired,
    #[error("The follow-up of this order is not due.")]
    FollowUpNotDue,
}

impl WorkError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            WorkError::Move { .. } => "error.work.move",
            WorkError::TechnicianRequired => "error.work.technician_required",
            WorkError::BayRequired => "error.work.bay_required",
            WorkError::JobsOpen { .. } => "error.work.jobs_open",
            WorkError::ApprovalPending => "error.work.approval_pending",
            WorkError::Job { .. } => "error.work.job",
            WorkError::NotApproved => "error.work.not_approved",
            WorkError::Declined => "error.work.declined",
            WorkError::NotALabourLine => "error.work.not_labour",
            WorkError::NotDispatched => "error.work.not_dispatched",
            WorkError::BadProgress => "error.work.bad_progress",
            WorkError::AlreadyDecided => "error.work.already_decided",
            WorkError::ApproverRequired => "error.work.approver_required",
            WorkError::NumberRequired => "error.work.number_required",
            WorkError::ApprovalInFuture => "error.work.approval_future",
            WorkError::ApprovalBeforeProposal { .. } => "error.work.approval_before",
            WorkError::QcWrongLevel { .. } => "error.work.qc_level",
            WorkError::QcSelfCheckByTechnician => "error.work.qc_self",
            WorkError::QcSamePerson { .. } => "error.work.qc_same_person",
            WorkError::QcChecklistIncomplete => "error.work.qc_checklist",
            WorkError::QcReasonRequired => "error.work.qc_reason",
            WorkError::SpotRequired => "error.work.spot_required",
            WorkError::OdometerBelowIn { .. } => "error.work.odometer_below",
            WorkError::WashWanted => "error.work.wash_wanted",
            WorkError::DiscountNegative => "error.work.discount_negative",
            WorkError::DiscountAboveTotal => "error.work.discount_above",
            WorkError::DiscountReasonRequired => "error.work.discount_reason",
            WorkError::DiscountNeedsSupervisor { .. } => "error.work.discount_supervisor",
            WorkError::NotPaid => "error.work.not_paid",
            WorkError::OldPartsNotReturned => "error.work.old_parts",
            WorkError::CancelReasonRequired => "error.work.cancel_reason",
            WorkError::BadScore => "error.work.bad_score",
            WorkError::ProblemRequired => "error.work.problem_required",
            WorkError::FollowUpNotDue => "error.work.follow_up_not_due",
        }
    }

    /// The named placeholders of the message. States, steps, job actions and levels are
    /// given as catalog keys (`ro_state.wash`, `step.deliver`), which a note translates.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            WorkError::Move { from, step } => vec![
                ("from", from.label_key().to_string()),
                ("step", format!("step.{step}")),
            ],
            WorkError::JobsOpen { open } => vec![("open", open.to_string())],
            WorkError::Job { state, action } => vec![
                ("state", state.label_key().to_string()),
                ("action", format!("job_action.{action}")),
            ],
            WorkError::ApprovalBeforeProposal { proposed } => {
                vec![("proposed", proposed.clone())]
            }
            WorkError::QcWrongLevel { expected } => {
                vec![("expected", expected.label_key().to_string())]
            }
            WorkError::QcSamePerson { level } => {
                vec![("level", level.label_key().to_string())]
            }
            WorkError::OdometerBelowIn { km_in } => vec![("km_in", km_in.to_string())],
            WorkError::DiscountNeedsSupervisor { limit } => vec![("limit", limit.clone())],
            _ => vec![],
        }
    }
}
