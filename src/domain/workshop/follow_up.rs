//! The follow-up call (跟踪回访) after delivery: due a few days after it, satisfaction with
//! the result and with the staff (1–5 each), unanswered calls tried again the next day
//! until the shop's number of tries, and a problem that re-opens work.

use chrono::{Days, NaiveDate};

use crate::domain::kinds::FollowUpState;

use super::WorkError;

/// The day the follow-up call is due: `days` after the local delivery day.
pub fn due_on(delivered_on: NaiveDate, days: i64) -> NaiveDate {
    delivered_on
        .checked_add_days(Days::new(days.max(0) as u64))
        .unwrap_or(delivered_on)
}

/// How a call went, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Reached {
        result: i64,
        staff: i64,
        remark: String,
    },
    NotReached,
    Problem {
        text: String,
    },
}

/// Where the follow-up stands after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterCall {
    pub state: FollowUpState,
    /// Unanswered calls so far.
    pub tries: i64,
    /// The day to call again, while still due.
    pub due_on: Option<NaiveDate>,
}

/// The follow-up after `call`, made `today` on one that is `state` with `tries` unanswered
/// calls before; `max_tries` unanswered calls give it up.
pub fn after_call(
    state: FollowUpState,
    tries: i64,
    max_tries: i64,
    call: &Call,
    today: NaiveDate,
) -> Result<AfterCall, WorkError> {
    if state != FollowUpState::Due {
        return Err(WorkError::FollowUpNotDue);
    }
    Ok(match call {
        Call::Reached { result, staff, .. } => {
            if !(1..=5).contains(result) || !(1..=5).contains(staff) {
                return Err(WorkError::BadScore);
            }
            AfterCall {
                state: FollowUpState::Done,
                tries,
                due_on: None,
            }
        }
        Call::NotReached => {
            let tries = tries + 1;
            if tries >= max_tries.max(1) {
                AfterCall {
                    state: FollowUpState::GivenUp,
                    tries,
                    due_on: None,
                }
            } else {
                AfterCall {
                    state: FollowUpState::Due,
                    tries,
                    due_on: today.succ_opt(),
                }
            }
        }
        Call::Problem { text } => {
            if text.trim().is_empty() {
                return Err(WorkError::ProblemRequired);
            }
            AfterCall {
                state: FollowUpState::Problem,
                tries,
                due_on: None,
            }
        }
    })
}

/// Reads a score typed at the phone: 1–5 (full-width digits too).
pub fn parse_score(s: &str) -> Result<i64, WorkError> {
    match crate::domain::text::fold(s).trim().parse::<i64>() {
        Ok(v) if (1..=5).contains(&v) => Ok(v),
        _ => Err(WorkError::BadScore),
    }
}
