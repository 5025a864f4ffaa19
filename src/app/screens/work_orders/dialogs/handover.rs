//! Handing the car over: ready for delivery (washed, parked, odometer out), delivery
//! with the settlement (the invoice read back, a discount with its reason, payment, old
//! parts), and cancelling an order with a reason.

use crate::app::widgets::form::{Field, Form};
use crate::domain::kinds::{PaymentMethod, StaffRole};
use crate::domain::money::Cents;
use crate::domain::odometer::parse_km;
use crate::domain::workshop::WorkError;
use crate::domain::workshop::settle::{self, SettleInput};
use crate::i18n::DomainError;
use crate::store::workshop::Delivery;

use super::super::Work;
use super::super::detail::{Invoice, Loaded, invoice};
use super::{Dialog, Kind, Target, W};

/// Ready for delivery: the wash ticked (or shown as declined at check-in), the parking
/// spot (required) and the odometer out, prefilled with the odometer in.
pub fn ready(target: Target, l: &Loaded) -> Dialog {
    let d = &l.detail;
    let wash_wanted = d.walkaround.as_ref().is_some_and(|w| w.wash);
    let km_in = d.order.odometer_km;
    let washed = if wash_wanted {
        Field::choice(
            W::Washed,
            "wo.field.washed",
            vec!["wo.ready.not_washed".into(), "wo.ready.washed".into()],
            usize::from(d.washed == Some(true)),
        )
    } else {
        Field::choice(
            W::Washed,
            "wo.field.washed",
            vec!["wo.ready.wash_declined".into()],
            0,
        )
    };
    let mut form = Form::new(vec![
        washed,
        Field::text(
            W::Spot,
            "wo.field.spot",
            d.order.delivery_spot.as_deref().unwrap_or(""),
        ),
        Field::text(
            W::Odometer,
            "wo.field.odometer_out",
            &d.odometer_out_km.unwrap_or(km_in).to_string(),
        )
        .replace_on_type(),
    ]);
    form.focus_on(if wash_wanted { W::Washed } else { W::Spot });
    Dialog::new(
        Kind::Ready {
            wash_wanted,
            odometer_in: km_in,
        },
        form,
        target,
    )
}

pub fn read_ready(form: &mut Form<W>, wash_wanted: bool, odometer_in: i64) -> Option<Work> {
    let washed = wash_wanted && form.choice(W::Washed) == 1;
    let spot = form.text(W::Spot).trim().to_string();
    let km = match parse_km(form.text(W::Odometer)) {
        Ok(km) => i64::from(km),
        Err(e) => {
            form.set_error(W::Odometer, e.note());
            return None;
        }
    };
    if let Err(e) = settle::check_ready(wash_wanted, washed, &spot, odometer_in, km) {
        let field = match e {
            WorkError::WashWanted => W::Washed,
            WorkError::SpotRequired => W::Spot,
            _ => W::Odometer,
        };
        form.set_error(field, e.note());
        return None;
    }
    Some(Work::Ready {
        washed,
        spot,
        odometer_out_km: km,
    })
}

/// Delivery and settlement: the invoice is drawn above the fields; the discount needs a
/// reason (and above the shop's limit a supervisor or manager), the payment method is
/// the one chosen at check-in unless changed, paid is ticked, the old parts returned
/// when the customer asked for them.
pub fn deliver(target: Target, l: &Loaded) -> Dialog {
    let d = &l.detail;
    let old_parts_asked = d.walkaround.as_ref().is_some_and(|w| w.return_old_parts);
    let method = PaymentMethod::ALL
        .iter()
        .position(|m| *m == d.order.payment_method)
        .unwrap_or(0);
    let mut form = Form::new(vec![
        Field::text(W::Discount, "wo.field.discount", "0").replace_on_type(),
        Field::text(W::DiscountReason, "wo.field.discount_reason", ""),
        Field::choice(
            W::Method,
            "checkin.field.payment",
            PaymentMethod::ALL
                .iter()
                .map(|m| m.label_key().to_string())
                .collect(),
            method,
        ),
        Field::yes_no(W::Paid, "wo.field.paid", false),
        Field::yes_no(W::OldParts, "wo.field.old_parts", false).hidden(!old_parts_asked),
    ]);
    sync_deliver(&mut form);
    form.focus_on(W::Discount);
    Dialog::new(
        Kind::Deliver {
            invoice: invoice(d),
            old_parts_asked,
            discount_limit_cents: l.policy.discount_limit_cents,
        },
        form,
        target,
    )
}

/// The discount as typed (blank is none); `None` when it does not read.
pub fn discount(form: &Form<W>) -> Option<i64> {
    let s = form.text(W::Discount).trim();
    if s.is_empty() {
        return Some(0);
    }
    Cents::parse_yuan(s).ok().map(|c| c.0)
}

/// The reason is asked for only with a discount.
pub fn sync_deliver(form: &mut Form<W>) {
    let none = discount(form) == Some(0);
    form.set_hidden(
        W::DiscountReason,
        none && form.text(W::DiscountReason).is_empty(),
    );
}

pub fn read_deliver(
    form: &mut Form<W>,
    inv: &Invoice,
    old_parts_asked: bool,
    limit_cents: i64,
    role: StaffRole,
) -> Option<Work> {
    let discount_cents = match form.text(W::Discount).trim() {
        "" => 0,
        s => match Cents::parse_yuan(s) {
            Ok(c) => c.0,
            Err(e) => {
                form.set_error(W::Discount, e.note());
                return None;
            }
        },
    };
    let settle = SettleInput {
        discount_cents,
        discount_reason: form.text(W::DiscountReason).trim().to_string(),
        paid: form.yes(W::Paid),
        old_parts_returned: old_parts_asked && form.yes(W::OldParts),
    };
    if let Err(e) = settle::check_settlement(
        inv.customer_cents,
        &settle,
        role,
        limit_cents,
        old_parts_asked,
    ) {
        let field = match e {
            WorkError::DiscountReasonRequired => {
                form.set_hidden(W::DiscountReason, false);
                W::DiscountReason
            }
            WorkError::NotPaid => W::Paid,
            WorkError::OldPartsNotReturned => W::OldParts,
            _ => W::Discount,
        };
        form.set_error(field, e.note());
        return None;
    }
    let method = PaymentMethod::ALL[form.choice(W::Method).min(PaymentMethod::ALL.len() - 1)];
    Some(Work::Deliver(Delivery { settle, method }))
}

/// Cancel the order, with the reason.
pub fn cancel(target: Target) -> Dialog {
    let form = Form::new(vec![Field::text(W::Reason, "wo.field.cancel_reason", "")]);
    Dialog::new(Kind::Cancel, form, target)
}

pub fn read_cancel(form: &mut Form<W>) -> Option<Work> {
    let reason = form.text(W::Reason).trim().to_string();
    if let Err(e) = settle::check_cancel(&reason) {
        form.set_error(W::Reason, e.note());
        return None;
    }
    Some(Work::Cancel(reason))
}
