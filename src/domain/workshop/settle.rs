//! Ready for delivery (washed, parked at a spot, odometer out) and delivery with the
//! settlement: the invoice read back line by line, a discount with its reason (above the
//! shop's limit only by a supervisor or a manager), the payment and the old parts.

use crate::domain::kinds::StaffRole;
use crate::domain::money::Cents;

use super::WorkError;

/// Checks the step to ready for delivery: the wash was done unless the customer declined
/// it at check-in; a parking spot; an odometer out not below the odometer in.
pub fn check_ready(
    wash_wanted: bool,
    washed: bool,
    spot: &str,
    odometer_in: i64,
    odometer_out: i64,
) -> Result<(), WorkError> {
    if wash_wanted && !washed {
        return Err(WorkError::WashWanted);
    }
    if spot.trim().is_empty() {
        return Err(WorkError::SpotRequired);
    }
    if odometer_out < odometer_in {
        return Err(WorkError::OdometerBelowIn { km_in: odometer_in });
    }
    Ok(())
}

/// The settlement as entered at delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettleInput {
    pub discount_cents: i64,
    pub discount_reason: String,
    pub paid: bool,
    /// The old parts were handed back (asked for at check-in).
    pub old_parts_returned: bool,
}

/// Checks a settlement of an order whose customer share (claim lines and an uncharged
/// comeback excluded) is `customer_cents`, entered by a staff member of `role`; returns
/// what the customer pays.
pub fn check_settlement(
    customer_cents: i64,
    input: &SettleInput,
    role: StaffRole,
    limit_cents: i64,
    old_parts_asked: bool,
) -> Result<i64, WorkError> {
    if input.discount_cents < 0 {
        return Err(WorkError::DiscountNegative);
    }
    if input.discount_cents > customer_cents.max(0) {
        return Err(WorkError::DiscountAboveTotal);
    }
    if input.discount_cents > 0 && input.discount_reason.trim().is_empty() {
        return Err(WorkError::DiscountReasonRequired);
    }
    if input.discount_cents > limit_cents
        && !matches!(role, StaffRole::Supervisor | StaffRole::Manager)
    {
        return Err(WorkError::DiscountNeedsSupervisor {
            limit: format!("¥{}", Cents(limit_cents)),
        });
    }
    let total = customer_cents.max(0) - input.discount_cents;
    if total > 0 && !input.paid {
        return Err(WorkError::NotPaid);
    }
    if old_parts_asked && !input.old_parts_returned {
        return Err(WorkError::OldPartsNotReturned);
    }
    Ok(total)
}

/// Checks the reason of a cancellation.
pub fn check_cancel(reason: &str) -> Result<(), WorkError> {
    if reason.trim().is_empty() {
        return Err(WorkError::CancelReasonRequired);
    }
    Ok(())
}
