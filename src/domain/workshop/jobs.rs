//! Each job line's clock (started, paused with a reason, resumed, finished) and the
//! customer's consent to it; the state the jobs give the order, the time on each job
//! against its estimate and the order's progress.

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::kinds::{JobState, LineApproval, LineKind, PauseReason, RepairOrderState};

use super::WorkError;

/// What is done to one job line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobAction {
    Start,
    Pause(PauseReason),
    /// Resumes a paused job, or reopens a finished one for rework after a failed check.
    Resume,
    Finish,
}

impl JobAction {
    /// The catalog key of the action's name is `job_action.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            JobAction::Start => "start",
            JobAction::Pause(_) => "pause",
            JobAction::Resume => "resume",
            JobAction::Finish => "finish",
        }
    }
}

/// The customer agreed to the line (at signing, or later on the order or by phone).
pub fn approved(a: LineApproval) -> bool {
    matches!(
        a,
        LineApproval::Signed | LineApproval::ApprovedSigned | LineApproval::ApprovedPhone
    )
}

/// One line as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobFacts {
    pub kind: LineKind,
    pub approval: LineApproval,
    pub state: JobState,
    pub pause: Option<PauseReason>,
}

/// The job state after `action` on a line of `kind` with `approval`, in an order that is
/// `order` (work happens only on a dispatched order in the workshop).
pub fn apply(
    order: RepairOrderState,
    kind: LineKind,
    approval: LineApproval,
    state: JobState,
    action: JobAction,
) -> Result<JobState, WorkError> {
    if kind != LineKind::Labour {
        return Err(WorkError::NotALabourLine);
    }
    match approval {
        LineApproval::Proposed => return Err(WorkError::NotApproved),
        LineApproval::Declined => return Err(WorkError::Declined),
        _ => {}
    }
    if !super::flow::in_workshop(order) {
        return Err(if order == RepairOrderState::Written {
            WorkError::NotDispatched
        } else {
            WorkError::Move {
                from: order,
                step: "work",
            }
        });
    }
    let refused = || WorkError::Job {
        state,
        action: action.name(),
    };
    Ok(match (state, action) {
        (JobState::Pending, JobAction::Start) => JobState::Running,
        (JobState::Running, JobAction::Pause(_)) => JobState::Paused,
        (JobState::Paused | JobState::Done, JobAction::Resume) => JobState::Running,
        (JobState::Running | JobState::Paused, JobAction::Finish) => JobState::Done,
        _ => return Err(refused()),
    })
}

/// The workshop state the jobs give an order that is dispatched or in repair: a running
/// job → in repair; else a job paused for parts → waiting for parts; else a line waiting
/// for the customer (proposed, or a job paused for approval) → waiting for approval; else
/// any job started or done → in repair; else dispatched.
pub fn work_state(jobs: &[JobFacts]) -> RepairOrderState {
    let labour = |j: &&JobFacts| j.kind == LineKind::Labour && approved(j.approval);
    if jobs
        .iter()
        .filter(labour)
        .any(|j| j.state == JobState::Running)
    {
        return RepairOrderState::InRepair;
    }
    let paused_for = |r: PauseReason| {
        jobs.iter()
            .filter(labour)
            .any(|j| j.state == JobState::Paused && j.pause == Some(r))
    };
    if paused_for(PauseReason::Parts) {
        return RepairOrderState::WaitingParts;
    }
    if paused_for(PauseReason::Approval)
        || jobs.iter().any(|j| j.approval == LineApproval::Proposed)
    {
        return RepairOrderState::WaitingApproval;
    }
    if jobs
        .iter()
        .filter(labour)
        .any(|j| j.state != JobState::Pending)
    {
        return RepairOrderState::InRepair;
    }
    RepairOrderState::Dispatched
}

/// The work is finished when every approved labour line is done and no line waits for the
/// customer's answer; otherwise why not.
pub fn work_finished(jobs: &[JobFacts]) -> Result<(), WorkError> {
    if jobs.iter().any(|j| j.approval == LineApproval::Proposed) {
        return Err(WorkError::ApprovalPending);
    }
    let open = jobs
        .iter()
        .filter(|j| j.kind == LineKind::Labour && approved(j.approval))
        .filter(|j| j.state != JobState::Done)
        .count();
    if open > 0 {
        return Err(WorkError::JobsOpen { open });
    }
    Ok(())
}

/// Seconds worked on a job: the closed spans plus the running one up to `now` (a running
/// start after `now` adds nothing).
pub fn worked_seconds(
    closed_seconds: i64,
    running_since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> i64 {
    let running = running_since.map_or(0, |s| (now - s).num_seconds().max(0));
    closed_seconds.max(0).saturating_add(running)
}

/// A labour line's estimate in seconds: its hours (hundredths) × 36.
pub fn estimate_seconds(quantity_centi: i64) -> i64 {
    quantity_centi.max(0).saturating_mul(36)
}

/// Time on a job against its estimate, in percent (100 = on estimate); `None` without an
/// estimate.
pub fn against_estimate(worked_seconds: i64, estimate_seconds: i64) -> Option<i64> {
    (estimate_seconds > 0).then(|| worked_seconds.max(0).saturating_mul(100) / estimate_seconds)
}

/// One timed job for [`progress`]: its estimate and worked seconds, and whether it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub estimate_seconds: i64,
    pub worked_seconds: i64,
    pub done: bool,
}

/// The order's progress in percent: the larger of the one entered by hand and the one the
/// job clocks give (done jobs count their whole estimate, others their time worked up to
/// their estimate). Only finished work reaches 100.
pub fn progress(entered_pct: i64, jobs: &[Timed]) -> i64 {
    let total: i64 = jobs.iter().map(|j| j.estimate_seconds.max(0)).sum();
    let clocked = if total == 0 {
        0
    } else {
        let got: i64 = jobs
            .iter()
            .map(|j| {
                let e = j.estimate_seconds.max(0);
                if j.done {
                    e
                } else {
                    j.worked_seconds.clamp(0, e)
                }
            })
            .sum();
        let pct = got.saturating_mul(100) / total;
        if jobs.iter().all(|j| j.done) {
            100
        } else {
            pct.min(99)
        }
    };
    entered_pct.clamp(0, 100).max(clocked)
}

/// When the technician is free next: now plus what is left of the estimates of the jobs
/// in hand (a job over its estimate counts as nearly done: nothing left).
pub fn free_at(now: DateTime<Utc>, jobs: &[Timed]) -> DateTime<Utc> {
    let left: i64 = jobs
        .iter()
        .filter(|j| !j.done)
        .map(|j| (j.estimate_seconds - j.worked_seconds).max(0))
        .sum();
    now + TimeDelta::seconds(left)
}

/// Checks a progress figure typed by hand.
pub fn parse_progress(s: &str) -> Result<i64, WorkError> {
    let t = crate::domain::text::fold(s);
    let t = t.trim();
    let t = t.trim_end_matches('%').trim();
    match t.parse::<i64>() {
        Ok(p) if (0..=100).contains(&p) => Ok(p),
        _ => Err(WorkError::BadProgress),
    }
}

/// The customer's answer to a proposed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consent {
    /// Signed on the order at the counter.
    Signed,
    /// By phone: who at the shop called, who approved, the number dialled and when.
    Phone {
        approver: String,
        number: String,
        at: DateTime<Utc>,
    },
    Declined,
}

/// Checks an answer to a line that is `approval`, proposed at `proposed_at`; the number is
/// kept as typed when it is not a mobile or landline we can normalise. Returns the
/// approval the line takes.
pub fn answer(
    approval: LineApproval,
    proposed_at: DateTime<Utc>,
    consent: &Consent,
    now: DateTime<Utc>,
    zone_fmt: impl Fn(DateTime<Utc>) -> String,
) -> Result<LineApproval, WorkError> {
    if approval != LineApproval::Proposed {
        return Err(WorkError::AlreadyDecided);
    }
    Ok(match consent {
        Consent::Signed => LineApproval::ApprovedSigned,
        Consent::Declined => LineApproval::Declined,
        Consent::Phone {
            approver,
            number,
            at,
        } => {
            if approver.trim().is_empty() {
                return Err(WorkError::ApproverRequired);
            }
            if number.trim().is_empty() {
                return Err(WorkError::NumberRequired);
            }
            if *at > now {
                return Err(WorkError::ApprovalInFuture);
            }
            // Proposals are stored to the second; a phone time is typed to the minute.
            if *at + TimeDelta::seconds(59) < proposed_at {
                return Err(WorkError::ApprovalBeforeProposal {
                    proposed: zone_fmt(proposed_at),
                });
            }
            LineApproval::ApprovedPhone
        }
    })
}
