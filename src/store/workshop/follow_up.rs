//! The follow-up call (回访) after delivery, and the comeback it books for a problem.

use crate::store::db::params;
use serde_json::json;

use crate::domain::kinds::{FollowUpOutcome, FollowUpState, ServiceType};
use crate::domain::workshop::follow_up::{self, Call};
use crate::store::appointments::{self, NewAppointment, day_text};
use crate::store::{Result, StoreError, Tx, settings};

use super::{CallOutcome, event, order};

/// Records a follow-up call of delivered order `id`: reached (two scores and a remark),
/// not reached (tried again tomorrow, given up after the shop's number of tries) or a
/// problem, which may book `comeback` — an appointment of the same vehicle, stored as a
/// comeback — in the same transaction, through the capacity check every booking passes
/// (the shop's calendar read inside it). The call row names the appointment. A problem
/// without a booking is one the advisor records as a complaint instead (its intake is a
/// save of its own); the problem's text stays on the call either way.
///
/// Refused: a follow-up that is not due ([`crate::domain::workshop::WorkError::FollowUpNotDue`]),
/// scores outside 1–5, a problem without its text, a booking for
/// another vehicle or for a call that is no problem ([`StoreError::Invalid`]), a day that
/// is full ([`StoreError::OverCapacity`]): then nothing of the call is written.
pub fn record_call(
    tx: &Tx<'_>,
    id: i64,
    version: i64,
    call: &Call,
    comeback: Option<&NewAppointment>,
) -> Result<CallOutcome> {
    tx.bump_version("repair_orders", id, version)?;
    let o = order(tx.conn(), id)?;
    let policy = super::policy(tx.conn())?;
    let zone = settings::zone_of(tx.conn())?;
    let today = zone.to_local(tx.now()).date_naive();
    let after = follow_up::after_call(
        o.follow_up_state.unwrap_or(FollowUpState::Done),
        o.follow_up_tries,
        policy.follow_up_tries,
        call,
        today,
    )?;
    let (outcome, result, staff, remark) = match call {
        Call::Reached {
            result,
            staff,
            remark,
        } => (
            FollowUpOutcome::Reached,
            Some(*result),
            Some(*staff),
            Some(remark.trim()),
        ),
        Call::NotReached => (FollowUpOutcome::NotReached, None, None, None),
        Call::Problem { text } => (FollowUpOutcome::Problem, None, None, Some(text.trim())),
    };
    let remark = remark.filter(|r| !r.is_empty());
    let appointment_id = match (outcome, comeback) {
        (FollowUpOutcome::Problem, Some(new)) => {
            if new.vehicle_id != o.vehicle_id || new.customer_id != o.customer_id {
                return Err(StoreError::Invalid(format!(
                    "the comeback of {} is booked for its own vehicle and customer",
                    o.number
                )));
            }
            let mut new = new.clone();
            new.service = ServiceType::Comeback;
            if new.symptoms.as_deref().is_none_or(|s| s.trim().is_empty()) {
                new.symptoms = remark.map(str::to_string);
            }
            let shop = settings::load(tx.conn())?;
            Some(appointments::book(tx, &new, &shop, None)?)
        }
        (_, Some(_)) => {
            return Err(StoreError::Invalid(
                "a comeback appointment is booked only for a problem".into(),
            ));
        }
        (_, None) => None,
    };
    tx.conn()
        .prepare_cached(
            "INSERT INTO follow_up_calls (repair_order_id, at, staff_id, outcome, result_score, \
             staff_score, remark, appointment_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            tx.now_text(),
            tx.require_actor()?,
            outcome.as_str(),
            result,
            staff,
            remark,
            appointment_id
        ])?;
    tx.conn()
        .prepare_cached(
            "UPDATE repair_orders SET follow_up_state = ?1, follow_up_tries = ?2, \
             follow_up_on = COALESCE(?3, follow_up_on) WHERE id = ?4",
        )?
        .execute(params![
            after.state.as_str(),
            after.tries,
            after.due_on.map(day_text),
            id
        ])?;
    event(tx, id, "follow_up", None, o.state, o.state, remark)?;
    tx.audit(
        "follow_up",
        "repair_orders",
        Some(id),
        json!({
            "outcome": outcome.as_str(),
            "result_score": result,
            "staff_score": staff,
            "state": after.state.as_str(),
            "tries": after.tries,
            "due_on": after.due_on.map(day_text),
            "appointment_id": appointment_id,
        }),
    )?;
    Ok(CallOutcome {
        state: after.state,
        appointment_id,
    })
}
