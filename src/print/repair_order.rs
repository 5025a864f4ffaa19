//! The printable repair order (维修委托书): the customer signs it at the counter and keeps
//! it as the claim ticket at pick-up (domain.md §2).
//!
//! * Layout: an order of up to 8 job lines fits one page. A longer one runs on: the
//!   heading (shop, title, number) is the `<thead>` of the sheet and the job columns the
//!   `<thead>` of the job table, so browsers repeat both on every page; totals, terms and
//!   signature boxes are one block that is never split (`break-inside: avoid`), so the
//!   signature always follows the totals on the same page. `tests/print_pdf.rs` checks
//!   this in headless Chromium.
//! * [`write_repair_order`] writes a new file for every printout (`<number>.html`, then
//!   `<number>-2.html`, …) and never replaces an earlier one, in a private (0700) folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::clock::Zone;
use crate::domain::kinds::LineKind;
use crate::domain::money::Cents;
use crate::i18n::I18n;
use crate::store::Store;
use crate::store::repair_orders;

use super::{
    CSS, Document, NoSuchOrder, centi, escape, facts_row, km, local, or_none, phone_display,
    plate_display, shop_block, wide_row, yes_no,
};

type Order = repair_orders::Printout;

fn load(store: &mut Store, number: &str) -> anyhow::Result<Order> {
    repair_orders::printout(store, number)?.ok_or_else(|| NoSuchOrder(number.to_string()).into())
}

/// The printable repair order `number` as a complete HTML document.
pub fn repair_order_html(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
) -> anyhow::Result<String> {
    let order = load(store, number)?;
    Ok(render(&order, i18n, zone))
}

/// Writes the printable repair order `number` to the exports folder and returns the
/// path. An earlier printout is never replaced: the first copy is `<number>.html`, the
/// next `<number>-2.html`, then `-3`, … (see [`super::copy_file_name`]).
///
/// The folder is created private (0700). The page is written to a fresh temporary file
/// (created 0600, never an existing one) and synced, then hard-linked to the copy's name:
/// a hard link fails when the name exists, so two counters printing at once cannot take
/// the same name, and a reader never sees half a page. The temporary name is removed.
pub fn write_repair_order(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
    exports_dir: &Path,
) -> anyhow::Result<PathBuf> {
    repair_order_document(store, number, i18n, zone)?.save(exports_dir)
}

/// The printable repair order `number`, made but not written: saved as `<number>.html`
/// (then `-2`, `-3`, …).
pub fn repair_order_document(
    store: &mut Store,
    number: &str,
    i18n: &I18n,
    zone: Zone,
) -> anyhow::Result<Document> {
    Ok(Document {
        stem: number.to_string(),
        html: repair_order_html(store, number, i18n, zone)?,
    })
}

/// The label of a damage zone: `zone.<name>` from the catalog when there is one, else the
/// zone as recorded (older records hold free text).
fn zone_label(i18n: &I18n, zone: &str) -> String {
    let key = format!("zone.{zone}");
    if i18n.has(&key) {
        i18n.t(&key).to_string()
    } else {
        zone.to_string()
    }
}

fn render(o: &Order, i18n: &I18n, zone: Zone) -> String {
    let ro = &o.ro;
    let t = |k: &str| escape(i18n.t(k));
    let mut h = String::with_capacity(16 * 1024);

    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} {number}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <table class=\"sheet\">\n",
        lang = i18n.lang().code(),
        title = t("print.title"),
        number = escape(&ro.number),
    );
    // The sheet is one table so that its <thead> (shop, title, number) repeats at the
    // top of every printed page of a long order.
    h.push_str("<thead><tr><td>\n");
    header(&mut h, o, i18n, zone);
    h.push_str("</td></tr></thead>\n<tbody><tr><td>\n");
    if ro.is_comeback {
        let text = match &o.comeback_number {
            Some(n) => escape(&i18n.tf("print.comeback_of", &[("number", n.clone())])),
            None => t("print.comeback"),
        };
        let _ = writeln!(
            h,
            "<p class=\"comeback\">{} {text}</p>",
            t("marker.comeback")
        );
        // A comeback for the same concern says who pays for it.
        if let Some(charged) = ro.comeback_charged {
            let _ = writeln!(
                h,
                "<p class=\"comeback\">{}</p>",
                t(if charged {
                    "print.comeback_charged"
                } else {
                    "print.comeback_not_charged"
                })
            );
        }
    }
    // What the customer agrees to first: when and how much.
    let _ = write!(
        h,
        "<section class=\"key\">\n\
         <div><span class=\"label\">{pl}</span><span class=\"value\">{pv}</span></div>\n\
         <div><span class=\"label\">{el}</span><span class=\"value\">¥{ev}</span></div>\n\
         </section>\n",
        pl = t("print.promised"),
        pv = local(zone, ro.promised_at),
        el = t("print.estimate"),
        ev = Cents(ro.estimate_cents),
    );
    customer(&mut h, o, i18n, zone);
    // The customer's words and the advisor's diagnosis, side by side.
    let _ = write!(
        h,
        "<div class=\"words\">\n<div><h2>{}</h2><p class=\"verbatim\">{}</p></div>\n\
         <div><h2>{}</h2><p class=\"verbatim\">{}</p></div>\n</div>\n",
        t("print.description"),
        escape(&ro.customer_description),
        t("print.diagnosis"),
        escape(&ro.diagnosis),
    );
    walkaround(&mut h, o, i18n);
    jobs(&mut h, o, i18n);
    closing(&mut h, o, i18n, zone);
    h.push_str("</td></tr></tbody>\n</table>\n</body>\n</html>\n");
    h
}

/// The heading repeated on every page: the shop (name, address, phone), the title, the
/// number, the date and which copy this is.
fn header(h: &mut String, o: &Order, i18n: &I18n, zone: Zone) {
    let ro = &o.ro;
    let t = |k: &str| escape(i18n.t(k));
    let shop = shop_block(i18n, &o.shop);
    let comeback_marker = if ro.is_comeback {
        format!(" <span class=\"marker\">{}</span>", t("marker.comeback"))
    } else {
        String::new()
    };
    let _ = write!(
        h,
        "<header class=\"head\">\n\
         {shop}\n\
         <div class=\"title\"><h1>{title}{comeback_marker}</h1><div class=\"copy\">{copy}</div></div>\n\
         <div class=\"meta\"><div>{number_label}: <span class=\"number\">{number}</span></div>\
         <div>{date_label}: {date}</div></div>\n</header>\n",
        title = t("print.title"),
        copy = t("print.copy"),
        number_label = t("print.number"),
        number = escape(&ro.number),
        date_label = t("print.date"),
        date = zone.to_local(ro.created_at).format("%Y-%m-%d"),
    );
}

/// Customer and vehicle.
fn customer(h: &mut String, o: &Order, i18n: &I18n, zone: Zone) {
    let ro = &o.ro;
    let phone = o
        .customer
        .as_ref()
        .and_then(|c| c.phone.as_deref())
        .map(phone_display);
    let make_model = [ro.make.as_deref(), ro.model.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let vin = o.vehicle.as_ref().and_then(|v| v.vin.as_deref());
    let mut odometer = escape(&i18n.tf("print.km", &[("km", km(ro.odometer_km))]));
    if let Some(fix) = ro
        .odometer_correction
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let _ = write!(
            odometer,
            "<br>{}",
            escape(&i18n.tf("print.odometer_correction", &[("reason", fix.to_string())]))
        );
    }
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
        ("print.created", escape(&local(zone, ro.created_at))),
        Some(("print.odometer", odometer)),
    );
    // The arrangements for the repair: contact, waiting, payment, next service.
    let next_service = {
        let mut parts = Vec::new();
        if let Some(km) = ro.next_service_km {
            parts.push(i18n.tf("print.km", &[("km", self::km(km))]));
        }
        if let Some(d) = ro.next_service_on {
            parts.push(d.format("%Y-%m-%d").to_string());
        }
        parts.join(" / ")
    };
    facts_row(
        h,
        i18n,
        (
            "print.contact",
            or_none(
                i18n,
                ro.contact_during.as_deref().map(phone_display).as_deref(),
            ),
        ),
        Some(("print.waiting", escape(i18n.t(ro.waiting_mode.label_key())))),
    );
    facts_row(
        h,
        i18n,
        (
            "print.payment",
            escape(i18n.t(ro.payment_method.label_key())),
        ),
        Some(("print.next_service", or_none(i18n, Some(&next_service)))),
    );
    h.push_str("</table>\n");
}

/// Walk-around (环车检查) and the body damage marks.
fn walkaround(h: &mut String, o: &Order, i18n: &I18n) {
    let t = |k: &str| escape(i18n.t(k));
    let _ = writeln!(h, "<h2>{}</h2>", t("print.section.walkaround"));
    let Some(w) = &o.walkaround else {
        let _ = writeln!(h, "<p class=\"none\">{}</p>", t("print.no_walkaround"));
        return;
    };
    h.push_str("<table class=\"facts\">\n");
    facts_row(
        h,
        i18n,
        ("print.fuel", t(w.fuel_level.label_key())),
        Some((
            "print.warning_lights",
            or_none(i18n, Some(&w.warning_lights)),
        )),
    );
    facts_row(
        h,
        i18n,
        ("print.tools", yes_no(i18n, w.tools_present)),
        Some(("print.lighter", yes_no(i18n, w.lighter_present))),
    );
    facts_row(
        h,
        i18n,
        ("print.valuables", yes_no(i18n, w.valuables_removed)),
        Some(("print.old_parts", yes_no(i18n, w.return_old_parts))),
    );
    facts_row(
        h,
        i18n,
        ("print.wash", yes_no(i18n, w.wash)),
        Some(("print.engine_bay", yes_no(i18n, w.engine_bay_clean))),
    );
    if w.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        wide_row(
            h,
            i18n,
            "print.walkaround_note",
            or_none(i18n, w.note.as_deref()),
        );
    }
    // The damage marks in one row: "1. zone: kind (note); 2. …".
    let marks = if w.damage.is_empty() {
        format!("<span class=\"none\">{}</span>", t("print.no_damage"))
    } else {
        w.damage
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let note = match d.note.as_deref().map(str::trim) {
                    Some(n) if !n.is_empty() => format!(" ({})", escape(n)),
                    _ => String::new(),
                };
                format!(
                    "<span class=\"mark-item\">{}. {}: {}{note}</span>",
                    i + 1,
                    escape(&zone_label(i18n, &d.zone)),
                    t(d.kind.label_key()),
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    wide_row(h, i18n, "print.section.damage", marks);
    h.push_str("</table>\n");
}

/// The job lines; their column headings repeat on every page the table reaches.
fn jobs(h: &mut String, o: &Order, i18n: &I18n) {
    let t = |k: &str| escape(i18n.t(k));
    let _ = write!(
        h,
        "<h2>{}</h2>\n<table class=\"lines\">\n<thead><tr><th class=\"num\">#</th><th>{}</th>\
         <th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"mark\" title=\"{}\">S</th></tr></thead>\n<tbody>\n",
        t("print.section.jobs"),
        t("print.col.kind"),
        t("print.col.description"),
        t("print.col.quantity"),
        t("print.col.unit_price"),
        t("print.col.amount"),
        t("print.col.claim"),
    );
    if o.lines.is_empty() {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"7\" class=\"none\">{}</td></tr>",
            t("print.no_lines")
        );
    }
    for l in &o.lines {
        let qty_key = match l.kind {
            LineKind::Labour => "print.qty.labour",
            LineKind::Part => "print.qty.part",
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"mark\">{}</td></tr>",
            l.position,
            t(l.kind.label_key()),
            // A line copied from the appointment reads in the printout's language.
            super::line_description(
                i18n,
                l.service,
                &l.description,
                l.unit_price_cents,
                (l.catalog_price_cents, l.catalog_code.as_deref())
            ),
            escape(&i18n.tf(qty_key, &[("n", centi(l.quantity_centi))])),
            Cents(l.unit_price_cents),
            Cents(l.amount_cents),
            if l.claim { "S" } else { "" },
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// Totals, terms and the signature boxes: one block that is never split across pages, so
/// the customer signs on the page that shows what they sign for.
fn closing(h: &mut String, o: &Order, i18n: &I18n, zone: Zone) {
    let ro = &o.ro;
    let t = |k: &str| escape(i18n.t(k));
    // Claim (S) lines are paid by the warranty: in the claim total, not in these.
    let (mut labour, mut parts) = (0i64, 0i64);
    for l in o.lines.iter().filter(|l| !l.claim) {
        match l.kind {
            LineKind::Labour => labour += l.amount_cents,
            LineKind::Part => parts += l.amount_cents,
        }
    }
    h.push_str("<section class=\"closing\">\n<div class=\"sum\">\n");
    let _ = write!(
        h,
        "<div class=\"conditions\"><h2>{}</h2>\n<ol class=\"terms\">\n<li>{}</li>\n<li>{}</li>\n\
         <li>{}</li>\n<li>{}</li>\n</ol></div>\n",
        t("print.section.terms"),
        t("print.terms.changes"),
        t("print.terms.claim_ticket"),
        t("print.terms.valuables"),
        t("print.terms.old_parts"),
    );
    // The stored totals are the authority; the split by kind is for reading.
    let _ = write!(
        h,
        "<table class=\"totals\">\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n\
         <tr><th>{}</th><td class=\"num\">{}</td></tr>\n\
         <tr class=\"pay\"><th>{}</th><td class=\"num\">¥{}</td></tr>\n</table>\n</div>\n",
        t("print.total.labour"),
        Cents(labour),
        t("print.total.parts"),
        Cents(parts),
        t("print.total.claim"),
        Cents(ro.claim_cents),
        t("print.total.to_pay"),
        Cents(ro.total_cents),
    );
    let _ = write!(
        h,
        "<section class=\"sign\">\n\
         <div class=\"customer-sign\"><div class=\"label\">{sig}</div><div class=\"space\"></div>\
         <div>{date}: <span class=\"line\"></span></div></div>\n\
         <div class=\"advisor-sign\"><div class=\"label\">{adv}</div><div>{name}</div>\
         <div class=\"space\"></div><div>{date}: {created}</div></div>\n\
         </section>\n</section>\n",
        sig = t("print.signature"),
        date = t("print.sign_date"),
        adv = t("role.advisor"),
        name = escape(&ro.advisor_name),
        created = zone.to_local(ro.created_at).format("%Y-%m-%d"),
    );
}
