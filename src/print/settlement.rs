//! The printable settlement statement (结算单): handed to the customer at delivery with the
//! invoice read back line by line (domain.md §4). One A4 page, made like the repair order
//! (same heading, same CSS), in the UI language.
//!
//! * Only the lines the customer agreed to are on the invoice (signed with the order, or
//!   approved later on the order or by phone); proposed and declined lines are not.
//! * Claim lines (S) are listed with their amount and the S mark and excluded from what
//!   the customer pays; a comeback the shop bears shows its lines and takes them off again
//!   as internal / goodwill, so the subtotal is the order's customer share.
//! * Subtotal, discount with its reason, total, payment method, paid; old parts returned,
//!   next service, the follow-up call's day; signature boxes for customer and advisor.
//! * An order that is ready for delivery prints as a preview (marked so, nothing paid
//!   yet); a delivered one as the customer's copy. Any other order has no settlement:
//!   [`NotSettleable`].
//! * [`write_settlement`] writes `<number>-settlement.html`, then
//!   `<number>-settlement-2.html`, …, never replacing an earlier copy.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::clock::Zone;
use crate::domain::kinds::{LineKind, RepairOrderState};
use crate::domain::money::Cents;
use crate::domain::workshop::follow_up::due_on;
use crate::domain::workshop::jobs::approved;
use crate::i18n::I18n;
use crate::store::customers::{self, Vehicle};
use crate::store::shop::{self, Shop};
use crate::store::workshop::{self, Detail, DetailLine};
use crate::store::{Store, repair_orders};

use super::{
    CSS, Document, NoSuchOrder, centi, escape, facts_row, km, local, or_none, phone_display,
    plate_display, shop_block, wide_row,
};

/// The order exists but has no settlement yet (or never will): only an order that is
/// ready for delivery or delivered is settled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "repair order {number} is {state}: only an order ready for delivery or delivered has a settlement statement"
)]
pub struct NotSettleable {
    pub number: String,
    pub state: RepairOrderState,
}

/// Everything the statement shows, read in one snapshot.
#[derive(Debug, Clone)]
struct Settlement {
    detail: Detail,
    vehicle: Option<Vehicle>,
    shop: Shop,
    follow_up_days: i64,
}

/// The name of the first copy without `.html`: `<number>-settlement`.
pub fn settlement_file_stem(number: &str) -> String {
    format!("{number}-settlement")
}

fn load(store: &mut Store, number: &str) -> anyhow::Result<Settlement> {
    let found = store.read(|c| {
        let Some(ro) = repair_orders::by_number(c, number)? else {
            return Ok(None);
        };
        let Some(detail) = workshop::detail(c, ro.id)? else {
            return Ok(None);
        };
        Ok(Some(Settlement {
            vehicle: customers::vehicle(c, ro.vehicle_id)?,
            shop: shop::shop(c)?,
            follow_up_days: workshop::policy(c)?.follow_up_days,
            detail,
        }))
    })?;
    let s = found.ok_or_else(|| NoSuchOrder(number.to_string()))?;
    match s.detail.order.state {
        RepairOrderState::Ready | RepairOrderState::Delivered => Ok(s),
        state => Err(NotSettleable {
            number: number.to_string(),
            state,
        }
        .into()),
    }
}

/// The settlement statement of order `number` as a complete HTML document; refused
/// ([`NoSuchOrder`], [`NotSettleable`]) when there is no such order or it is neither
/// ready for delivery nor delivered.
pub fn settlement_html(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
) -> anyhow::Result<String> {
    let s = load(store, number)?;
    Ok(render(&s, i18n, zone))
}

/// Writes the settlement statement of `number` to the exports folder and returns the
/// path: `<number>-settlement.html`, then `-settlement-2.html`, …; an earlier copy is
/// never replaced. Private folder, temporary file and hard link as for
/// [`super::write_repair_order`].
pub fn write_settlement(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
    exports_dir: &Path,
) -> anyhow::Result<PathBuf> {
    settlement_document(store, number, i18n, zone)?.save(exports_dir)
}

/// The settlement statement of `number`, made but not written: saved as
/// `<number>-settlement.html` (then `-2`, …).
pub fn settlement_document(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
) -> anyhow::Result<Document> {
    Ok(Document {
        stem: settlement_file_stem(number),
        html: settlement_html(store, number, i18n, zone)?,
    })
}

/// The lines on the invoice: the ones the customer agreed to, by position.
fn invoice(d: &Detail) -> Vec<&DetailLine> {
    let mut v: Vec<&DetailLine> = d.lines.iter().filter(|l| approved(l.approval)).collect();
    v.sort_by_key(|l| (l.position, l.id));
    v
}

/// Labour, parts (both without claim lines) and claim sums of the invoice.
fn sums(lines: &[&DetailLine]) -> (i64, i64, i64) {
    let (mut labour, mut parts, mut claim) = (0i64, 0i64, 0i64);
    for l in lines {
        match (l.claim, l.kind) {
            (true, _) => claim += l.amount_cents,
            (false, LineKind::Labour) => labour += l.amount_cents,
            (false, LineKind::Part) => parts += l.amount_cents,
        }
    }
    (labour, parts, claim)
}

fn render(s: &Settlement, i18n: &I18n, zone: Zone) -> String {
    let d = &s.detail;
    let ro = &d.order;
    let t = |k: &str| escape(i18n.t(k));
    let delivered = ro.state == RepairOrderState::Delivered;
    let lines = invoice(d);
    let subtotal = d.customer_cents.max(0);
    let total = (subtotal - d.discount_cents).max(0);
    let mut h = String::with_capacity(16 * 1024);

    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} {number}</title>\n<style>\n{CSS}.preview {{ font-weight: bold; border: 2px dashed #000; padding: 1mm 2mm; margin: 0 0 2mm 0; }}\n\
         .claim-note {{ font-size: 8pt; margin: 0.5mm 0 0 0; }}\n\
         .totals tr.sub th, .totals tr.sub td {{ font-weight: bold; }}\n\
         .totals td.reason {{ font-size: 8pt; }}\n\
         .key div {{ white-space: nowrap; }}\n.key .value {{ font-size: 12pt; }}\n</style>\n</head>\n<body>\n\
         <table class=\"sheet\">\n",
        lang = i18n.lang().code(),
        title = t("settlement.title"),
        number = escape(&ro.number),
    );
    h.push_str("<thead><tr><td>\n");
    header(&mut h, s, i18n, zone);
    h.push_str("</td></tr></thead>\n<tbody><tr><td>\n");
    if !delivered {
        let _ = writeln!(
            h,
            "<p class=\"preview\">{}</p>",
            t("settlement.preview_note")
        );
    }
    if ro.is_comeback {
        let key = match ro.comeback_charged {
            Some(true) => "print.comeback_charged",
            _ => "print.comeback_not_charged",
        };
        let _ = writeln!(
            h,
            "<p class=\"comeback\">{} {}</p>",
            t("marker.comeback"),
            t(key)
        );
    }
    // What the customer looks for first: how much, and how it is paid.
    let paid = match d.paid_cents {
        Some(p) => format!("¥{}", Cents(p)),
        None => t("settlement.not_paid"),
    };
    let method = d.paid_method.unwrap_or(ro.payment_method);
    let _ = write!(
        h,
        "<section class=\"key\">\n\
         <div><span class=\"label\">{tl}</span><span class=\"value\">¥{tv}</span></div>\n\
         <div><span class=\"label\">{ml}</span><span class=\"value\">{mv}</span></div>\n\
         <div><span class=\"label\">{pl}</span><span class=\"value\">{paid}</span></div>\n\
         </section>\n",
        tl = t("settlement.total"),
        tv = Cents(total),
        ml = t("print.payment"),
        mv = t(method.label_key()),
        pl = t("settlement.paid"),
    );
    customer(&mut h, s, i18n, zone);
    invoice_table(&mut h, &lines, i18n);
    closing(&mut h, s, &lines, (subtotal, total, paid), i18n, zone);
    h.push_str("</td></tr></tbody>\n</table>\n</body>\n</html>\n");
    h
}

/// The heading: the shop, the title (customer copy or preview), the number and the day
/// of delivery (or of ready for delivery, for a preview).
fn header(h: &mut String, s: &Settlement, i18n: &I18n, zone: Zone) {
    let ro = &s.detail.order;
    let t = |k: &str| escape(i18n.t(k));
    let (copy, day) = match (ro.state, ro.delivered_at) {
        (RepairOrderState::Delivered, Some(at)) => (t("settlement.copy"), at),
        _ => (
            t("settlement.preview"),
            s.detail.ready_at.unwrap_or(ro.updated_at),
        ),
    };
    let _ = write!(
        h,
        "<header class=\"head\">\n{shop}\n\
         <div class=\"title\"><h1>{title}</h1><div class=\"copy\">{copy}</div></div>\n\
         <div class=\"meta\"><div>{number_label}: <span class=\"number\">{number}</span></div>\
         <div>{date_label}: {date}</div></div>\n</header>\n",
        shop = shop_block(i18n, &s.shop),
        title = t("settlement.title"),
        number_label = t("print.number"),
        number = escape(&ro.number),
        date_label = t("print.date"),
        date = zone.to_local(day).format("%Y-%m-%d"),
    );
}

/// Customer, vehicle, who worked on it, the dates and the odometer in and out.
fn customer(h: &mut String, s: &Settlement, i18n: &I18n, zone: Zone) {
    let d = &s.detail;
    let ro = &d.order;
    let make_model = [ro.make.as_deref(), ro.model.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let vin = s.vehicle.as_ref().and_then(|v| v.vin.as_deref());
    let phone = d.customer_phone.as_deref().map(phone_display);
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        or_none(i18n, t.map(|t| local(zone, t)).as_deref())
    };
    let kms = |v: Option<i64>| {
        or_none(
            i18n,
            v.map(|v| i18n.tf("print.km", &[("km", km(v))])).as_deref(),
        )
    };
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"facts\">",
        escape(i18n.t("print.section.customer"))
    );
    facts_row(
        h,
        i18n,
        ("col.customer", escape(&ro.customer_name)),
        Some(("col.plate", escape(&plate_display(&ro.plate)))),
    );
    facts_row(
        h,
        i18n,
        ("col.phone", or_none(i18n, phone.as_deref())),
        Some(("col.vehicle", or_none(i18n, Some(&make_model)))),
    );
    facts_row(
        h,
        i18n,
        ("role.advisor", escape(&ro.advisor_name)),
        Some(("print.vin", or_none(i18n, vin))),
    );
    facts_row(
        h,
        i18n,
        (
            "role.technician",
            or_none(i18n, ro.technician_name.as_deref()),
        ),
        Some((
            "settlement.delivery_spot",
            or_none(i18n, ro.delivery_spot.as_deref()),
        )),
    );
    facts_row(
        h,
        i18n,
        (
            "settlement.signed_at",
            when(ro.signed_at.or(Some(ro.created_at))),
        ),
        Some(("settlement.delivered_at", when(ro.delivered_at))),
    );
    facts_row(
        h,
        i18n,
        ("settlement.odometer_in", kms(Some(ro.odometer_km))),
        Some(("settlement.odometer_out", kms(d.odometer_out_km))),
    );
    h.push_str("</table>\n");
}

/// The invoice read back line by line.
fn invoice_table(h: &mut String, lines: &[&DetailLine], i18n: &I18n) {
    let t = |k: &str| escape(i18n.t(k));
    let _ = write!(
        h,
        "<h2>{}</h2>\n<table class=\"lines\">\n<thead><tr><th class=\"num\">#</th><th>{}</th>\
         <th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"mark\" title=\"{}\">S</th></tr></thead>\n<tbody>\n",
        t("settlement.section.invoice"),
        t("print.col.kind"),
        t("print.col.description"),
        t("print.col.quantity"),
        t("print.col.unit_price"),
        t("print.col.amount"),
        t("print.col.claim"),
    );
    if lines.is_empty() {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"7\" class=\"none\">{}</td></tr>",
            t("print.no_lines")
        );
    }
    for (i, l) in lines.iter().enumerate() {
        let qty_key = match l.kind {
            LineKind::Labour => "print.qty.labour",
            LineKind::Part => "print.qty.part",
        };
        let _ = writeln!(
            h,
            "<tr class=\"{class}\"><td class=\"num\">{n}</td><td>{kind}</td><td>{desc}</td>\
             <td class=\"num\">{qty}</td><td class=\"num\">{price}</td><td class=\"num\">{amount}</td>\
             <td class=\"mark\">{mark}</td></tr>",
            class = if l.claim { "claim" } else { "charged" },
            n = i + 1,
            kind = t(l.kind.label_key()),
            // A line copied from the appointment reads in the printout's language.
            desc = super::line_description(
                i18n,
                l.service,
                &l.description,
                l.unit_price_cents,
                (l.catalog_price_cents, l.catalog_code.as_deref())
            ),
            qty = escape(&i18n.tf(qty_key, &[("n", centi(l.quantity_centi))])),
            price = Cents(l.unit_price_cents),
            amount = Cents(l.amount_cents),
            mark = if l.claim { "S" } else { "" },
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if lines.iter().any(|l| l.claim) {
        let _ = writeln!(
            h,
            "<p class=\"claim-note\">{}</p>",
            t("settlement.claim_note")
        );
    }
}

/// Totals, what happens after delivery, and the signature boxes: one block never split
/// across pages.
fn closing(
    h: &mut String,
    s: &Settlement,
    lines: &[&DetailLine],
    (subtotal, total, paid): (i64, i64, String),
    i18n: &I18n,
    zone: Zone,
) {
    let d = &s.detail;
    let ro = &d.order;
    let t = |k: &str| escape(i18n.t(k));
    let (labour, parts, claim) = sums(lines);
    h.push_str("<section class=\"closing\">\n<div class=\"sum\">\n");

    // After delivery: old parts, next service, the follow-up call.
    let asked = d.walkaround.as_ref().is_some_and(|w| w.return_old_parts);
    let old_parts = match (asked, d.old_parts_returned) {
        (false, _) => t("settlement.old_parts_not_asked"),
        (true, Some(true)) => t("settlement.old_parts_returned"),
        (true, _) => t("settlement.old_parts_not_returned"),
    };
    let next_service = {
        let mut parts = Vec::new();
        if let Some(km) = ro.next_service_km {
            parts.push(i18n.tf("print.km", &[("km", super::km(km))]));
        }
        if let Some(day) = ro.next_service_on {
            parts.push(day.format("%Y-%m-%d").to_string());
        }
        parts.join(" / ")
    };
    let follow_up = match (d.follow_up_on, ro.delivered_at) {
        (Some(day), _) => escape(&day.format("%Y-%m-%d").to_string()),
        (None, Some(at)) => {
            let day = due_on(zone.to_local(at).date_naive(), s.follow_up_days);
            escape(&day.format("%Y-%m-%d").to_string())
        }
        (None, None) => escape(&i18n.tf(
            "settlement.follow_up_after",
            &[("days", s.follow_up_days.max(0).to_string())],
        )),
    };
    h.push_str("<div class=\"conditions\">\n");
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"facts after\">",
        t("settlement.section.after")
    );
    wide_row(h, i18n, "settlement.old_parts", old_parts);
    wide_row(
        h,
        i18n,
        "print.next_service",
        or_none(i18n, Some(&next_service)),
    );
    wide_row(h, i18n, "settlement.follow_up", follow_up);
    h.push_str("</table>\n</div>\n");

    // The stored customer share is the authority; the split by kind is for reading.
    let charged = labour + parts;
    let _ = write!(
        h,
        "<table class=\"totals\">\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n",
        t("print.total.labour"),
        Cents(labour),
        t("print.total.parts"),
        Cents(parts),
        t("print.total.claim"),
        Cents(claim),
    );
    if charged > subtotal {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td class=\"num\">-{}</td></tr>",
            t("settlement.internal"),
            Cents(charged - subtotal)
        );
    }
    let _ = writeln!(
        h,
        "<tr class=\"sub\"><th>{}</th><td class=\"num\">{}</td></tr>",
        t("settlement.subtotal"),
        Cents(subtotal)
    );
    let discount = if d.discount_cents > 0 {
        format!("-{}", Cents(d.discount_cents))
    } else {
        Cents(0).to_string()
    };
    let _ = writeln!(
        h,
        "<tr class=\"discount\"><th>{}</th><td class=\"num\">{discount}</td></tr>",
        t("settlement.discount")
    );
    if let Some(reason) = d
        .discount_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"2\" class=\"reason\">{}</td></tr>",
            escape(&i18n.tf(
                "settlement.discount_reason",
                &[("reason", reason.to_string())]
            ))
        );
    }
    let _ = write!(
        h,
        "<tr class=\"pay\"><th>{}</th><td class=\"num\">¥{}</td></tr>\n\
         <tr><th>{}</th><td class=\"num\">{paid}</td></tr>\n</table>\n</div>\n",
        t("settlement.total"),
        Cents(total),
        t("settlement.paid"),
    );

    let day = ro
        .delivered_at
        .map(|at| zone.to_local(at).format("%Y-%m-%d").to_string());
    let _ = write!(
        h,
        "<section class=\"sign\">\n\
         <div class=\"customer-sign\"><div class=\"label\">{sig}</div><div>{note}</div>\
         <div class=\"space\"></div><div>{date}: <span class=\"line\"></span></div></div>\n\
         <div class=\"advisor-sign\"><div class=\"label\">{adv}</div><div>{name}</div>\
         <div class=\"space\"></div><div>{date}: {day}</div></div>\n\
         </section>\n</section>\n",
        sig = t("print.signature"),
        note = t("settlement.customer_sign_note"),
        date = t("print.sign_date"),
        adv = t("role.advisor"),
        name = escape(&ro.advisor_name),
        day = match day {
            Some(day) => escape(&day),
            None => "<span class=\"line\"></span>".to_string(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stem_names_the_settlement() {
        assert_eq!(
            settlement_file_stem("RO-20261123-0001"),
            "RO-20261123-0001-settlement"
        );
        // The settlement's copies are never taken for the repair order's, nor the other
        // way round.
        let stem = settlement_file_stem("RO-20261123-0001");
        assert_eq!(
            super::super::copy_number("RO-20261123-0001", "RO-20261123-0001-settlement.html"),
            None
        );
        assert_eq!(
            super::super::copy_number(&stem, "RO-20261123-0001-2.html"),
            None
        );
        assert_eq!(
            super::super::copy_number(&stem, &super::super::copy_file_name(&stem, 3)),
            Some(3)
        );
    }
}
