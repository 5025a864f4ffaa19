//! The one state machine of a repair order (domain.md §3): written → dispatched → in
//! repair ⇄ (waiting for parts | waiting for approval) → quality check → wash → ready for
//! delivery → delivered; cancelled from any open state. Every move the store makes goes
//! through [`next`].

use crate::domain::kinds::RepairOrderState as S;

use super::WorkError;

/// What the counter or the workshop does to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Technician and bay assigned (派工): written → dispatched; on a dispatched order or
    /// one in repair it reassigns without moving.
    Dispatch,
    /// A job was started, paused, resumed or finished, or a line proposed or answered: the
    /// order takes the state its jobs give it ([`super::jobs::work_state`]).
    Work(S),
    /// Every job done: to the quality check.
    SubmitQc,
    /// A check failed: back to repair.
    QcFail,
    /// The final inspection passed: to the wash.
    QcPass,
    /// Washed (or the wash was declined at check-in) and parked: ready for delivery.
    Ready,
    /// Settled and handed over.
    Deliver,
    /// Cancelled, with a reason.
    Cancel,
}

impl Step {
    /// The catalog key of the step's name is `step.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Step::Dispatch => "dispatch",
            Step::Work(_) => "work",
            Step::SubmitQc => "submit_qc",
            Step::QcFail => "qc_fail",
            Step::QcPass => "qc_pass",
            Step::Ready => "ready",
            Step::Deliver => "deliver",
            Step::Cancel => "cancel",
        }
    }

    /// Every step, for tables of moves (each `Work` target once).
    pub const ALL: [Step; 12] = [
        Step::Dispatch,
        Step::Work(S::Dispatched),
        Step::Work(S::InRepair),
        Step::Work(S::WaitingParts),
        Step::Work(S::WaitingApproval),
        Step::SubmitQc,
        Step::QcFail,
        Step::QcPass,
        Step::Ready,
        Step::Deliver,
        Step::Cancel,
        // A work step may never lead outside the workshop states.
        Step::Work(S::Ready),
    ];
}

/// The states in which the workshop works on the car (jobs may start and stop).
pub fn in_workshop(s: S) -> bool {
    matches!(
        s,
        S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval
    )
}

/// The state after `step` from `from`, or why the move is refused. A step that keeps the
/// state (a reassignment, a job action that changes nothing) returns `from`.
pub fn next(from: S, step: Step) -> Result<S, WorkError> {
    let refused = || WorkError::Move {
        from,
        step: step.name(),
    };
    let to = match (from, step) {
        (S::Written, Step::Dispatch) => S::Dispatched,
        (f, Step::Dispatch) if in_workshop(f) => f,
        (f, Step::Work(to)) if in_workshop(f) && in_workshop(to) => to,
        (S::Dispatched | S::InRepair, Step::SubmitQc) => S::QualityCheck,
        (S::QualityCheck, Step::QcFail) => S::InRepair,
        (S::QualityCheck, Step::QcPass) => S::Wash,
        (S::Wash, Step::Ready) => S::Ready,
        (S::Ready, Step::Deliver) => S::Delivered,
        (f, Step::Cancel) if f.is_open() => S::Cancelled,
        _ => return Err(refused()),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_runs_from_written_to_delivered() {
        let mut s = S::Written;
        for step in [
            Step::Dispatch,
            Step::Work(S::InRepair),
            Step::Work(S::WaitingParts),
            Step::Work(S::InRepair),
            Step::SubmitQc,
            Step::QcFail,
            Step::SubmitQc,
            Step::QcPass,
            Step::Ready,
            Step::Deliver,
        ] {
            s = next(s, step).unwrap();
        }
        assert_eq!(s, S::Delivered);
    }
}
