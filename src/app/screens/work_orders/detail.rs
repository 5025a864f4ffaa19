//! One order's detail as the screen holds it, and what its actions read from it: the
//! selected job line, the job facts, the quality checks, the alerts and the invoice.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::domain::kinds::{JobState, LineApproval, LineKind};
use crate::domain::workshop::alerts::{self, OrderFacts};
use crate::domain::workshop::jobs::{self, JobFacts, Timed};
use crate::domain::workshop::qc::QcRecord;
use crate::store::workshop::{Detail, DetailLine, Policy};

/// A loaded detail.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub detail: Detail,
    pub policy: Policy,
}

#[derive(Debug, Clone)]
pub struct DetailState {
    pub id: i64,
    /// Known from the board before the detail is loaded.
    pub number: String,
    pub data: Option<Box<Loaded>>,
    /// The order is gone (closed by another counter and no longer readable).
    pub missing: bool,
    /// The selected job line (index into the detail's lines).
    pub line: usize,
    /// The first row of the scrolling part.
    pub scroll: usize,
    /// The largest useful scroll, as the last frame found it (`None` before the first).
    pub max_scroll: Cell<Option<usize>>,
}

impl DetailState {
    pub fn loading(id: i64, number: String) -> DetailState {
        DetailState {
            id,
            number,
            data: None,
            missing: false,
            line: 0,
            scroll: 0,
            max_scroll: Cell::new(None),
        }
    }

    /// The detail read from the store; the selection stays on the same line.
    pub fn set(&mut self, loaded: Option<Box<Loaded>>) {
        let keep = self.selected_line().map(|l| l.id);
        match loaded {
            Some(l) => {
                self.number = l.detail.order.number.clone();
                self.data = Some(l);
                self.missing = false;
            }
            None => {
                self.data = None;
                self.missing = true;
            }
        }
        let lines = self.lines();
        self.line = keep
            .and_then(|id| lines.iter().position(|l| l.id == id))
            .unwrap_or(self.line)
            .min(lines.len().saturating_sub(1));
    }

    pub fn detail(&self) -> Option<&Detail> {
        self.data.as_ref().map(|d| &d.detail)
    }

    pub fn lines(&self) -> &[DetailLine] {
        self.detail().map_or(&[], |d| &d.lines)
    }

    pub fn selected_line(&self) -> Option<&DetailLine> {
        self.lines().get(self.line)
    }

    pub fn move_line(&mut self, delta: isize) {
        let n = self.lines().len();
        if n > 0 {
            self.line = (self.line as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Scrolls the part below the job lines; never past its end once it has been drawn
    /// (the frame clamps what it shows in any case).
    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll.get().map_or(isize::MAX / 2, |m| m as isize);
        self.scroll = (self.scroll as isize).saturating_add(delta).clamp(0, max) as usize;
    }
}

/// The facts the job rules read of a line.
pub fn job_facts(l: &DetailLine) -> JobFacts {
    JobFacts {
        kind: l.kind,
        approval: l.approval,
        state: l.job_state,
        pause: l.pause,
    }
}

/// The timed jobs of an order: its approved labour lines.
pub fn timed(d: &Detail, now: DateTime<Utc>) -> Vec<Timed> {
    d.lines
        .iter()
        .filter(|l| l.kind == LineKind::Labour && jobs::approved(l.approval))
        .map(|l| Timed {
            estimate_seconds: jobs::estimate_seconds(l.quantity_centi),
            worked_seconds: jobs::worked_seconds(l.worked_seconds, l.running_since, now),
            done: l.job_state == JobState::Done,
        })
        .collect()
}

/// The alert clocks' facts of the order.
pub fn facts(d: &Detail, now: DateTime<Utc>) -> OrderFacts {
    let o = &d.order;
    OrderFacts {
        state: o.state,
        signed_at: o.signed_at.unwrap_or(o.created_at),
        promised_at: o.promised_at,
        progress_pct: jobs::progress(d.progress_pct, &timed(d, now)),
        told: d.told_customer_at.is_some(),
        proposed_since: d
            .lines
            .iter()
            .filter(|l| l.approval == LineApproval::Proposed)
            .filter_map(|l| l.proposed_at)
            .min(),
        comeback: o.is_comeback,
        appointment: o.appointment_id.is_some(),
    }
}

/// Every alert of the order now.
pub fn order_alerts(l: &Loaded, now: DateTime<Utc>) -> alerts::Alerts {
    alerts::alerts(&facts(&l.detail, now), now, l.policy.approval_wait_minutes)
}

/// The order's quality checks as the rules read them.
pub fn qc_records(d: &Detail) -> Vec<QcRecord> {
    d.checks
        .iter()
        .map(|c| QcRecord {
            level: c.level,
            staff_id: c.staff_id,
            passed: c.passed,
        })
        .collect()
}

/// Seconds worked on a line up to `now`.
pub fn worked(l: &DetailLine, now: DateTime<Utc>) -> i64 {
    jobs::worked_seconds(l.worked_seconds, l.running_since, now)
}

/// The invoice read back at delivery: the approved lines, labour and parts apart, the
/// claim lines shown but not charged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub lines: Vec<DetailLine>,
    pub labour_cents: i64,
    pub parts_cents: i64,
    pub claim_cents: i64,
    /// What the customer pays before the discount (0 for an uncharged comeback).
    pub customer_cents: i64,
    /// A comeback the shop bears itself (internal / goodwill).
    pub uncharged: bool,
}

pub fn invoice(d: &Detail) -> Invoice {
    let lines: Vec<DetailLine> = d
        .lines
        .iter()
        .filter(|l| jobs::approved(l.approval))
        .cloned()
        .collect();
    let sum = |f: &dyn Fn(&DetailLine) -> bool| -> i64 {
        lines.iter().filter(|l| f(l)).map(|l| l.amount_cents).sum()
    };
    Invoice {
        labour_cents: sum(&|l| l.kind == LineKind::Labour && !l.claim),
        parts_cents: sum(&|l| l.kind == LineKind::Part && !l.claim),
        claim_cents: sum(&|l| l.claim),
        customer_cents: d.customer_cents,
        uncharged: d.order.is_comeback && d.order.comeback_charged == Some(false),
        lines,
    }
}
