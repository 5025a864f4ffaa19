//! The complaint's printouts, one A4 page each, made like the repair order (same
//! heading, same CSS), in the UI language:
//!
//! * the customer feedback form (客户信息反馈处理单): what was received, from whom, by
//!   whom and how; what happened and what the customer wants; nature, category and
//!   severity; every clock with its due and met time; to whom it was reported; the
//!   supervision orders; the solution, the result and the follow-up visit; the timeline;
//!   boxes for the one who handled it, the supervisor and the customer;
//! * the supervision order (督办令) of its current order: the department, the
//!   instruction and its due time, with the complaint in short; boxes for who issued it
//!   and who in the department received it.
//!
//! [`write_complaint`] writes `<number>-feedback.html` or `<number>-supervision-<seq>.html`
//! (then `-2`, … for further copies), never replacing an earlier copy.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::clock::Zone;
use crate::domain::complaint::{Calendar, Deadline, Which};
use crate::i18n::I18n;
use crate::store::Store;
use crate::store::complaints::{self, ComplaintEventRow, ComplaintRow, SupervisionOrder};
use crate::store::settings::{self, ShopSettings};
use crate::store::shop::{self, Shop};

use super::{CSS, Document, escape, facts_row, local, or_none, shop_block, wide_row};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintDoc {
    /// 客户信息反馈处理单.
    Feedback,
    /// 督办令 (the current order).
    Supervision,
}

/// There is no complaint of that number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no complaint numbered {0:?}")]
pub struct NoSuchComplaint(pub String);

/// The complaint has no supervision order to print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("complaint {0} has no supervision order yet")]
pub struct NoSupervisionOrder(pub String);

struct Loaded {
    row: ComplaintRow,
    events: Vec<ComplaintEventRow>,
    orders: Vec<SupervisionOrder>,
    shop: Shop,
    settings: ShopSettings,
}

fn load(store: &mut Store, number: &str) -> anyhow::Result<Loaded> {
    let found = store.read(|c| {
        let Some(id) = complaints::id_of(c, number)? else {
            return Ok(None);
        };
        let Some(row) = complaints::get(c, id)? else {
            return Ok(None);
        };
        Ok(Some(Loaded {
            row,
            events: complaints::events(c, id)?,
            orders: complaints::orders(c, id)?,
            shop: shop::shop(c)?,
            settings: settings::load(c)?,
        }))
    })?;
    Ok(found.ok_or_else(|| NoSuchComplaint(number.to_string()))?)
}

/// The document `doc` of complaint `number` as a complete HTML document, its clocks as
/// they stand at `now`.
pub fn complaint_html(
    store: &mut Store,
    number: &str,
    doc: ComplaintDoc,
    i18n: &I18n,
    zone: Zone,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<String> {
    Ok(document(store, number, doc, i18n, zone, now)?.0)
}

/// The document and, for a supervision order, its number among the complaint's orders.
fn document(
    store: &mut Store,
    number: &str,
    doc: ComplaintDoc,
    i18n: &I18n,
    zone: Zone,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(String, Option<i64>)> {
    let l = load(store, number)?;
    match doc {
        ComplaintDoc::Feedback => Ok((feedback(&l, i18n, zone, now), None)),
        ComplaintDoc::Supervision => {
            let o = l
                .orders
                .last()
                .ok_or_else(|| NoSupervisionOrder(number.to_string()))?;
            Ok((supervision(&l, o, i18n, zone), Some(o.seq)))
        }
    }
}

/// The file name of the first copy without `.html`.
pub fn complaint_file_stem(number: &str, doc: ComplaintDoc, seq: Option<i64>) -> String {
    match (doc, seq) {
        (ComplaintDoc::Supervision, Some(s)) => format!("{number}-supervision-{s}"),
        (ComplaintDoc::Supervision, None) => format!("{number}-supervision"),
        (ComplaintDoc::Feedback, _) => format!("{number}-feedback"),
    }
}

/// Writes the document to the exports folder and returns its path; an earlier copy is
/// never replaced (private folder, temporary file and hard link as for the repair order).
pub fn write_complaint(
    store: &mut Store,
    number: &str,
    doc: ComplaintDoc,
    i18n: &I18n,
    zone: Zone,
    now: chrono::DateTime<chrono::Utc>,
    exports_dir: &Path,
) -> anyhow::Result<PathBuf> {
    complaint_document(store, number, doc, i18n, zone, now)?.save(exports_dir)
}

/// The complaint document, made but not written (saved under [`complaint_file_stem`]).
pub fn complaint_document(
    store: &mut Store,
    number: &str,
    doc: ComplaintDoc,
    i18n: &I18n,
    zone: Zone,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Document> {
    let (html, seq) = document(store, number, doc, i18n, zone, now)?;
    Ok(Document {
        stem: complaint_file_stem(number, doc, seq),
        html,
    })
}

fn page_start(h: &mut String, i18n: &I18n, title: &str, number: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title} {number}</title>\n<style>\n{CSS}\
         .clocks td.late {{ font-weight: bold; }}\n\
         .timeline td {{ font-size: 8pt; padding-top: 0.3mm; padding-bottom: 0.3mm; }}\n\
         .timeline td:nth-child(-n+3) {{ white-space: nowrap; }}\n\
         .instruction {{ border: 1px solid #000; padding: 3mm; margin: 2mm 0; font-size: 11pt; min-height: 25mm; }}\n\
         </style>\n</head>\n<body>\n<table class=\"sheet\">\n",
        lang = i18n.lang().code(),
        title = escape(title),
        number = escape(number),
    );
}

fn head(h: &mut String, l: &Loaded, i18n: &I18n, title: &str, zone: Zone) {
    let t = |k: &str| escape(i18n.t(k));
    let _ = write!(
        h,
        "<thead><tr><td>\n<header class=\"head\">\n{shop}\n\
         <div class=\"title\"><h1>{title}</h1></div>\n\
         <div class=\"meta\"><div>{nl}: <span class=\"number\">{number}</span></div>\
         <div>{dl}: {date}</div></div>\n</header>\n</td></tr></thead>\n<tbody><tr><td>\n",
        shop = shop_block(i18n, &l.shop),
        title = escape(title),
        nl = t("print.number"),
        number = escape(&l.row.number),
        dl = t("print.date"),
        date = zone.to_local(l.row.received_at).format("%Y-%m-%d"),
    );
}

/// Who complained, about what, received how and by whom.
fn facts(h: &mut String, l: &Loaded, i18n: &I18n, zone: Zone) {
    let r = &l.row;
    let t = |k: &str| i18n.t(k).to_string();
    h.push_str("<table class=\"facts\">\n");
    facts_row(
        h,
        i18n,
        (
            "pcomplaint.received_at",
            escape(&local(zone, r.received_at)),
        ),
        Some(("pcomplaint.received_by", escape(&r.received_by_name))),
    );
    facts_row(
        h,
        i18n,
        ("intake.field.channel", escape(&t(r.channel.label_key()))),
        Some(("intake.field.place", or_none(i18n, r.place.as_deref()))),
    );
    facts_row(
        h,
        i18n,
        (
            "intake.field.customer",
            or_none(i18n, r.customer_name.as_deref()),
        ),
        Some(("intake.field.contact", or_none(i18n, r.contact.as_deref()))),
    );
    facts_row(
        h,
        i18n,
        ("col.plate", or_none(i18n, r.plate.as_deref())),
        Some((
            "intake.field.order",
            or_none(i18n, r.repair_order_number.as_deref()),
        )),
    );
    facts_row(
        h,
        i18n,
        ("intake.field.nature", escape(&t(r.nature.label_key()))),
        Some((
            "intake.field.category",
            format!(
                "{} · {}",
                escape(&t(r.category.label_key())),
                escape(&t(r.severity.label_key()))
            ),
        )),
    );
    wide_row(
        h,
        i18n,
        "intake.field.people",
        or_none(i18n, r.people.as_deref()),
    );
    wide_row(h, i18n, "intake.field.description", escape(&r.description));
    wide_row(
        h,
        i18n,
        "intake.field.desired",
        or_none(i18n, r.desired_result.as_deref()),
    );
    h.push_str("</table>\n");
}

fn clocks(h: &mut String, l: &Loaded, i18n: &I18n, zone: Zone, now: chrono::DateTime<chrono::Utc>) {
    let t = |k: &str| escape(i18n.t(k));
    let cal = Calendar::new(l.settings.zone(), &l.settings.week);
    let c = l.row.clocks(&l.settings.complaints, cal, now);
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"lines clocks\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t("detail.clocks"),
        t("pcomplaint.clock"),
        t("pcomplaint.due"),
        t("pcomplaint.met"),
        t("pcomplaint.state"),
    );
    for w in Which::ALL {
        let Some(k) = c.get(w) else { continue };
        let state = match k.deadline(now) {
            Deadline::Met => t("sla.met"),
            Deadline::MetLate => t("sla.met_late"),
            Deadline::Due { .. } => t("pcomplaint.running"),
            Deadline::Overdue { .. } => t("pcomplaint.overdue"),
            Deadline::Paused { .. } => t("pcomplaint.paused"),
        };
        let late = matches!(
            k.deadline(now),
            Deadline::Overdue { .. } | Deadline::MetLate
        );
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td></tr>",
            t(w.label_key()),
            or_none(i18n, k.due.map(|d| local(zone, d)).as_deref()),
            or_none(i18n, k.done_at.map(|d| local(zone, d)).as_deref()),
            if late { " class=\"late\"" } else { "" },
            state
        );
    }
    h.push_str("</tbody></table>\n");
}

fn handling(h: &mut String, l: &Loaded, i18n: &I18n, zone: Zone) {
    let r = &l.row;
    let t = |k: &str| escape(i18n.t(k));
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"facts\">",
        t("pcomplaint.handling")
    );
    facts_row(
        h,
        i18n,
        ("step.field.to", or_none(i18n, r.reported_to.as_deref())),
        Some((
            "pcomplaint.reported_at",
            or_none(i18n, r.reported_at.map(|d| local(zone, d)).as_deref()),
        )),
    );
    for o in &l.orders {
        wide_row(
            h,
            i18n,
            "detail.orders",
            escape(&i18n.tf(
                "pcomplaint.order_line",
                &[
                    ("seq", o.seq.to_string()),
                    ("department", o.department.clone()),
                    ("instruction", o.instruction.clone()),
                    ("due", local(zone, o.due_at)),
                ],
            )),
        );
    }
    let solution = r.solution.as_deref().map(|s| {
        if r.compensation {
            format!("{s} ({})", i18n.t("step.field.compensation"))
        } else {
            s.to_string()
        }
    });
    wide_row(
        h,
        i18n,
        "step.field.solution",
        or_none(i18n, solution.as_deref()),
    );
    wide_row(
        h,
        i18n,
        "step.field.result",
        or_none(i18n, r.result.as_deref()),
    );
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<table class=\"lines timeline\"><tbody>",
        t("detail.timeline")
    );
    for e in &l.events {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&zone.to_local(e.at).format("%m-%d %H:%M").to_string()),
            escape(&e.staff_name),
            t(e.kind.label_key()),
            escape(&e.note_text(|k| i18n.t(k).to_string()))
        );
    }
    h.push_str("</tbody></table>\n");
}

fn signatures(h: &mut String, i18n: &I18n, boxes: &[&str]) {
    h.push_str("<section class=\"sign\">\n");
    for b in boxes {
        let _ = writeln!(
            h,
            "<div><div class=\"label\">{}</div><div class=\"space\"></div>\
             <div>{}: <span class=\"line\"></span></div></div>",
            escape(i18n.t(b)),
            escape(i18n.t("print.sign_date"))
        );
    }
    h.push_str("</section>\n");
}

fn feedback(l: &Loaded, i18n: &I18n, zone: Zone, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let title = i18n.t("pcomplaint.feedback_title").to_string();
    page_start(&mut h, i18n, &title, &l.row.number);
    head(&mut h, l, i18n, &title, zone);
    facts(&mut h, l, i18n, zone);
    clocks(&mut h, l, i18n, zone, now);
    handling(&mut h, l, i18n, zone);
    signatures(
        &mut h,
        i18n,
        &[
            "pcomplaint.sign_handler",
            "pcomplaint.sign_supervisor",
            "print.signature",
        ],
    );
    h.push_str("</td></tr></tbody>\n</table>\n</body>\n</html>\n");
    h
}

fn supervision(l: &Loaded, o: &SupervisionOrder, i18n: &I18n, zone: Zone) -> String {
    let mut h = String::with_capacity(8 * 1024);
    let title = i18n.t("pcomplaint.supervision_title").to_string();
    page_start(&mut h, i18n, &title, &l.row.number);
    head(&mut h, l, i18n, &title, zone);
    h.push_str("<table class=\"facts\">\n");
    facts_row(
        &mut h,
        i18n,
        ("step.field.department", escape(&o.department)),
        Some((
            "pcomplaint.order_no",
            format!("{}-{}", escape(&l.row.number), o.seq),
        )),
    );
    facts_row(
        &mut h,
        i18n,
        ("pcomplaint.issued_at", escape(&local(zone, o.issued_at))),
        Some(("pcomplaint.issued_by", escape(&o.issued_by_name))),
    );
    facts_row(
        &mut h,
        i18n,
        ("step.field.due", escape(&local(zone, o.due_at))),
        Some((
            "pcomplaint.met",
            or_none(i18n, o.done_at.map(|d| local(zone, d)).as_deref()),
        )),
    );
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<h2>{}</h2>\n<div class=\"instruction\">{}</div>",
        escape(i18n.t("step.field.instruction")),
        escape(&o.instruction)
    );
    let _ = writeln!(h, "<h2>{}</h2>", escape(i18n.t("pcomplaint.the_complaint")));
    facts(&mut h, l, i18n, zone);
    signatures(
        &mut h,
        i18n,
        &["pcomplaint.issued_by", "pcomplaint.sign_department"],
    );
    h.push_str("</td></tr></tbody>\n</table>\n</body>\n</html>\n");
    h
}
