//! The three-level quality check (三级质检): the technician's self-check, the team
//! leader's check and the final inspection, in that order, each by its own person. A
//! failed check sends the order back to repair and starts a new round; it counts against
//! the first-time-fix rate.

use crate::domain::kinds::QcLevel;

use super::WorkError;

/// One recorded check of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QcRecord {
    pub level: QcLevel,
    pub staff_id: i64,
    pub passed: bool,
}

/// A check being entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QcInput {
    pub staff_id: i64,
    pub passed: bool,
    /// One tick per item of the shop's checklist.
    pub ticked: Vec<bool>,
    pub reason: String,
}

/// What a recorded check does to the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QcOutcome {
    /// Passed; the order waits for the next level.
    Passed(QcLevel),
    /// The final inspection passed: the order goes on to the wash.
    FinalPassed,
    /// Failed: back to repair.
    Failed(QcLevel),
}

/// The records of the current round: those after the last failure.
fn current_round(records: &[QcRecord]) -> &[QcRecord] {
    match records.iter().rposition(|r| !r.passed) {
        Some(i) => &records[i + 1..],
        None => records,
    }
}

/// The level the next check is, given the order's checks in the order they were made.
pub fn next_level(records: &[QcRecord]) -> QcLevel {
    let passed = current_round(records).len();
    QcLevel::ALL[passed.min(QcLevel::ALL.len() - 1)]
}

/// Failed checks of the order: each counts against its first-time fix.
pub fn failures(records: &[QcRecord]) -> usize {
    records.iter().filter(|r| !r.passed).count()
}

/// Checks the next check of an order whose technician is `technician` and whose earlier
/// checks are `records`: the self-check is the technician's own; nobody passes two levels
/// of one order; a pass ticks every checklist item; a failure says why.
pub fn check(
    records: &[QcRecord],
    technician: Option<i64>,
    input: &QcInput,
) -> Result<QcOutcome, WorkError> {
    let level = next_level(records);
    if level == QcLevel::SelfCheck && technician.is_some_and(|t| t != input.staff_id) {
        return Err(WorkError::QcSelfCheckByTechnician);
    }
    if input.passed {
        if let Some(other) = records
            .iter()
            .find(|r| r.passed && r.staff_id == input.staff_id && r.level != level)
        {
            return Err(WorkError::QcSamePerson { level: other.level });
        }
        if input.ticked.iter().any(|t| !t) {
            return Err(WorkError::QcChecklistIncomplete);
        }
        Ok(if level == QcLevel::Final {
            QcOutcome::FinalPassed
        } else {
            QcOutcome::Passed(level)
        })
    } else {
        if input.reason.trim().is_empty() {
            return Err(WorkError::QcReasonRequired);
        }
        Ok(QcOutcome::Failed(level))
    }
}
