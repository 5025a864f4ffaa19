//! The workshop half of the service flow (domain.md §3–§4): one state machine for every
//! move of a repair order ([`flow`]), each job line's own clock and the customer's consent
//! to added work ([`jobs`]), the three-level quality check ([`qc`]), the alerts the counter
//! watches and the order of the board ([`alerts`]), delivery and settlement ([`settle`]),
//! the follow-up call ([`follow_up`]) and the figures the boards show ([`figures`]).
//!
//! Pure: the current time is always an argument; the store hands in facts, these
//! functions decide.

pub mod alerts;
pub mod figures;
pub mod flow;
pub mod follow_up;
pub mod jobs;
pub mod qc;
pub mod settle;

mod error;

pub use error::WorkError;

/// Minutes a proposed line may wait for the customer's answer before it is an alert.
pub const DEFAULT_APPROVAL_WAIT_MINUTES: i64 = 30;
/// The largest discount (in cents) an advisor may give; above it a supervisor or a manager.
pub const DEFAULT_DISCOUNT_LIMIT_CENTS: i64 = 20_000;
/// Days after delivery the follow-up call is due.
pub const DEFAULT_FOLLOW_UP_DAYS: i64 = 3;
/// Calls that may go unanswered before the follow-up is given up.
pub const DEFAULT_FOLLOW_UP_TRIES: i64 = 3;
/// Progress (%) at which the customer is told the car is nearly done (80/20 rule).
pub const TELL_CUSTOMER_AT_PCT: i64 = 80;
