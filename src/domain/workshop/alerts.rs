//! The alerts of an open order, in one colour language everywhere (red: a standard is
//! broken; amber: it is about to be; task: something the counter must do), and the order
//! of the board: most urgent first, then comebacks, then appointment cars, then the
//! soonest promise.

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::kinds::RepairOrderState as S;
use crate::domain::repair_order::{FINISH_BEFORE_PROMISE_MINUTES, LEAVE_RECEPTION_MINUTES};

use super::TELL_CUSTOMER_AT_PCT;

/// How loud an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Red,
    Amber,
    Task,
}

/// Something about an order the counter must see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// The car is still at reception this many minutes after the order was signed (more
    /// than 10).
    AtReception { minutes: i64 },
    /// Past the promised time, not ready: minutes late.
    Late { minutes: i64 },
    /// The work is not finished and the promise is less than 10 minutes away: minutes left.
    FinishSoon { minutes: i64 },
    /// A proposed line has waited this many minutes for the customer (longer than allowed).
    ApprovalWaiting { minutes: i64 },
    /// Progress reached 80 %: tell the customer (80/20 rule) until it is marked done.
    TellCustomer,
}

impl Alert {
    pub fn level(self) -> Level {
        match self {
            Alert::AtReception { .. } | Alert::Late { .. } => Level::Red,
            Alert::FinishSoon { .. } | Alert::ApprovalWaiting { .. } => Level::Amber,
            Alert::TellCustomer => Level::Task,
        }
    }

    /// The catalog key of the alert's short text (`alert.<name>`, with `{minutes}`).
    pub fn key(self) -> &'static str {
        match self {
            Alert::AtReception { .. } => "alert.at_reception",
            Alert::Late { .. } => "alert.late",
            Alert::FinishSoon { .. } => "alert.finish_soon",
            Alert::ApprovalWaiting { .. } => "alert.approval_waiting",
            Alert::TellCustomer => "alert.tell_customer",
        }
    }

    pub fn minutes(self) -> Option<i64> {
        match self {
            Alert::AtReception { minutes }
            | Alert::Late { minutes }
            | Alert::FinishSoon { minutes }
            | Alert::ApprovalWaiting { minutes } => Some(minutes),
            Alert::TellCustomer => None,
        }
    }
}

/// What the alerts of one order are computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderFacts {
    pub state: S,
    /// Signed by the customer (or written, when unsigned).
    pub signed_at: DateTime<Utc>,
    pub promised_at: DateTime<Utc>,
    /// The progress in percent ([`super::jobs::progress`]).
    pub progress_pct: i64,
    /// The customer was told the car is nearly done.
    pub told: bool,
    /// The oldest proposed line still waiting for the customer.
    pub proposed_since: Option<DateTime<Utc>>,
    pub comeback: bool,
    pub appointment: bool,
}

/// Whole minutes from `a` to `b`, rounded down (never negative).
fn minutes(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (b - a).num_minutes().max(0)
}

/// The work itself is not finished (the car has not reached the quality check).
pub fn work_open(s: S) -> bool {
    matches!(
        s,
        S::Written | S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval
    )
}

/// An order's alerts: at most four (at reception, late or finish soon, approval
/// waiting, tell the customer), kept inline.
pub type Alerts = smallvec::SmallVec<[Alert; 4]>;

/// Every alert of an order at `now`, loudest first. Closed orders have none.
pub fn alerts(f: &OrderFacts, now: DateTime<Utc>, approval_wait_minutes: i64) -> Alerts {
    let mut out = Alerts::new();
    if !f.state.is_open() {
        return out;
    }
    if f.state == S::Written && now - f.signed_at > TimeDelta::minutes(LEAVE_RECEPTION_MINUTES) {
        out.push(Alert::AtReception {
            minutes: minutes(f.signed_at, now),
        });
    }
    if f.state != S::Ready && now > f.promised_at {
        out.push(Alert::Late {
            minutes: minutes(f.promised_at, now),
        });
    } else if work_open(f.state)
        && now >= f.promised_at - TimeDelta::minutes(FINISH_BEFORE_PROMISE_MINUTES)
    {
        out.push(Alert::FinishSoon {
            minutes: minutes(now, f.promised_at),
        });
    }
    if let Some(since) = f.proposed_since
        && now - since > TimeDelta::minutes(approval_wait_minutes.max(0))
    {
        out.push(Alert::ApprovalWaiting {
            minutes: minutes(since, now),
        });
    }
    if f.progress_pct >= TELL_CUSTOMER_AT_PCT && !f.told && f.state != S::Ready {
        out.push(Alert::TellCustomer);
    }
    out.sort_by_key(|a| a.level());
    out
}

/// The board's sort key: loudest alert, then comebacks, then appointment cars, then the
/// soonest promise (ties by id, given by the caller).
pub fn urgency(f: &OrderFacts, alerts: &[Alert]) -> (u8, bool, bool, DateTime<Utc>) {
    let loudest = alerts.iter().map(|a| a.level()).min();
    let rank = match loudest {
        Some(Level::Red) => 0,
        Some(Level::Amber) => 1,
        Some(Level::Task) => 2,
        None => 3,
    };
    (rank, !f.comeback, !f.appointment, f.promised_at)
}
