//! The printable repair order (维修委托书): a self-contained A4 HTML document in the UI
//! language. The customer signs it at the counter and keeps it as the claim ticket at
//! pick-up (domain.md §2).
//!
//! * Every label comes from the i18n catalogs (`print.*` keys, plus the vocabulary labels
//!   and a few shared `col.*` keys); everything typed by people (the shop's settings
//!   included) is HTML-escaped.
//! * No external resources: inline CSS, a CJK-capable font stack, `@page` A4.
//! * Layout: an order of up to 8 job lines fits one page. A longer one runs on: the
//!   heading (shop, title, number) is the `<thead>` of the sheet and the job columns the
//!   `<thead>` of the job table, so browsers repeat both on every page; totals, terms and
//!   signature boxes are one block that is never split (`break-inside: avoid`), so the
//!   signature always follows the totals on the same page. `tests/print_pdf.rs` checks
//!   this in headless Chromium.
//! * Times are shown in the shop's zone; money is integer cents shown through
//!   [`Cents`]'s `Display` (`1,234.50`).
//! * [`write_repair_order`] writes a new file for every printout (`<number>.html`, then
//!   `<number>-2.html`, …) and never replaces an earlier one, in a private (0700) folder.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

use crate::clock::Zone;
use crate::domain::kinds::LineKind;
use crate::domain::money::Cents;
use crate::domain::phone::Phone;
use crate::domain::plate::Plate;
use crate::domain::text::group_thousands;
use crate::i18n::I18n;
use crate::store::Store;
use crate::store::repair_orders;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

type Order = repair_orders::Printout;

/// The repair order asked for is not in the database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no repair order numbered {0:?}")]
pub struct NoSuchOrder(pub String);

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
/// next `<number>-2.html`, then `-3`, … (see [`copy_file_name`]).
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
    let html = repair_order_html(store, number, i18n, zone)?;
    // Numbers come from the database (RO-YYYYMMDD-NNNN); refuse anything that could
    // leave the folder all the same.
    if number.is_empty()
        || number.starts_with('.')
        || number.contains(['/', '\\', '\0'])
        || number.contains("..")
    {
        bail!("repair order number {number:?} cannot be used as a file name");
    }
    // Another user may print into an exports folder that is there, not make one.
    if !exports_dir.exists() && !crate::paths::may_make(exports_dir) {
        return Err(crate::store::StoreError::Io {
            path: exports_dir.to_path_buf(),
            source: std::io::ErrorKind::PermissionDenied.into(),
        }
        .into());
    }
    crate::paths::create_private_dir(exports_dir).map_err(|source| {
        crate::store::StoreError::Io {
            path: exports_dir.to_path_buf(),
            source,
        }
    })?;
    write_new_copy(exports_dir, number, html.as_bytes())
}

/// The file name of the `n`th printout of `number`: `RO-….html` for the first,
/// `RO-…-2.html`, `RO-…-3.html`, … after it.
pub fn copy_file_name(number: &str, n: u32) -> String {
    if n <= 1 {
        format!("{number}.html")
    } else {
        format!("{number}-{n}.html")
    }
}

/// The copy number a file name stands for, when it is one of `number`'s printouts.
fn copy_number(number: &str, file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(number)?.strip_suffix(".html")?;
    if rest.is_empty() {
        return Some(1);
    }
    let digits = rest.strip_prefix('-')?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n >= 2)
}

/// More copies of one order than anyone prints; past it something is wrong.
const MAX_COPIES: u32 = 9_999;

/// A temporary file in `dir` that did not exist before (created 0600), and its path.
fn create_temp(dir: &Path, number: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static SEQ: AtomicU32 = AtomicU32::new(0);
    loop {
        let path = dir.join(format!(
            ".{number}.{}-{}.html.tmp",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&path) {
            Ok(f) => return Ok((path, f)),
            // Left behind by a crashed program with the same pid: take the next name.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Writes `bytes` as the next printout of `number` in `dir` (see [`write_repair_order`]).
fn write_new_copy(dir: &Path, number: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let (tmp, mut f) = create_temp(dir, number).map_err(|source| crate::store::StoreError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let linked = (|| -> anyhow::Result<PathBuf> {
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        // Start after the highest copy there is, so the newest printout has the highest
        // number even when an earlier one was deleted; the link itself settles any race.
        let mut n = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(|e| e.ok())
            .filter_map(|e| copy_number(number, e.file_name().to_str()?))
            .max()
            .map_or(1, |n| n.saturating_add(1));
        while n <= MAX_COPIES {
            let path = dir.join(copy_file_name(number, n));
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot write {}", path.display()));
                }
            }
        }
        bail!(
            "{} already holds {MAX_COPIES} printouts of {number}",
            dir.display()
        )
    })();
    drop(f);
    if let Err(e) = std::fs::remove_file(&tmp) {
        tracing::warn!(path = %tmp.display(), error = %e, "cannot remove the temporary printout");
    }
    let path = linked?;
    // The new name is durable once the folder is synced (best effort where folders
    // cannot be opened, e.g. Windows).
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(path)
}

const CSS: &str = r#"@page { size: A4; margin: 12mm; }
@page { @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 9.5pt; line-height: 1.3; color: #000; background: #fff; }
table.sheet { width: 100%; max-width: 186mm; margin: 0 auto; border-collapse: collapse; }
table.sheet > thead { display: table-header-group; }
table.sheet > thead > tr > td, table.sheet > tbody > tr > td { border: none; padding: 0; }
.head { display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm; border-bottom: 2px solid #000; padding-bottom: 1.5mm; margin-bottom: 2.5mm; }
.shop { font-size: 12pt; font-weight: bold; }
.shop-contact { font-size: 8.5pt; }
.title { text-align: center; white-space: nowrap; }
h1 { font-size: 16pt; margin: 0; }
.copy { font-size: 8.5pt; border: 1px solid #000; padding: 0 2mm; display: inline-block; }
.meta { text-align: right; white-space: nowrap; }
.meta .number { font-size: 12pt; font-weight: bold; font-family: "DejaVu Sans Mono", "Consolas", monospace, sans-serif; }
.comeback { font-weight: bold; border: 2px solid #000; padding: 1mm 2mm; margin: 0 0 2mm 0; }
.key { display: flex; gap: 4mm; margin-bottom: 2mm; }
.key div { flex: 1; border: 2px solid #000; padding: 1mm 3mm; }
.key .label { font-size: 9pt; margin-right: 3mm; }
.key .value { font-size: 14pt; font-weight: bold; }
h2 { font-size: 10pt; margin: 2mm 0 1mm 0; border-bottom: 1px solid #000; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #666; padding: 0.5mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; }
.facts th { width: 21%; background: #f4f4f4; }
.facts td { width: 29%; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.mark, th.mark { text-align: center; width: 8mm; }
.words { display: flex; gap: 4mm; }
.words > div { flex: 1; }
.verbatim { white-space: pre-wrap; border: 1px solid #666; padding: 1mm 2mm; margin: 0; min-height: 8mm; }
.closing { break-inside: avoid; page-break-inside: avoid; }
.sum { display: flex; gap: 4mm; align-items: flex-start; margin-top: 1.5mm; }
.sum .conditions { flex: 1; }
.sum .conditions h2 { margin-top: 0; }
.totals { width: 42%; }
.totals th { width: 55%; }
.totals tr.pay td, .totals tr.pay th { font-size: 11pt; font-weight: bold; border: 2px solid #000; }
.terms { font-size: 8pt; line-height: 1.25; margin: 0; padding-left: 4.5mm; }
.sign { display: flex; gap: 4mm; margin-top: 2.5mm; break-inside: avoid; page-break-inside: avoid; }
.sign > div { flex: 1; border: 2px solid #000; padding: 1.5mm 3mm; min-height: 20mm; }
.sign .label { font-weight: bold; }
.sign .space { height: 8mm; }
.sign .line { border-bottom: 1px solid #000; display: inline-block; min-width: 40mm; }
.none { color: #444; }
.nowrap { white-space: nowrap; }
"#;

fn local(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// Hundredths without trailing zeros: 100 → "1", 150 → "1.5", 125 → "1.25".
fn centi(q: i64) -> String {
    let sign = if q < 0 { "-" } else { "" };
    let q = q.unsigned_abs();
    let (whole, frac) = (q / 100, q % 100);
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
    }
}

/// Kilometres with thousands separators: 107965 → "107,965".
fn km(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(v.unsigned_abs()))
}

fn plate_display(plate: &str) -> String {
    Plate::parse(plate)
        .map(|p| p.display())
        .unwrap_or_else(|_| plate.to_string())
}

/// A phone number in its display form ("138 0013 8000"); any other text as typed.
fn phone_display(phone: &str) -> String {
    Phone::parse(phone)
        .map(|p| p.display())
        .unwrap_or_else(|_| phone.to_string())
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

/// Escaped text, or the escaped "none" label when it is blank.
fn or_none(i18n: &I18n, s: Option<&str>) -> String {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => escape(s),
        None => format!(
            "<span class=\"none\">{}</span>",
            escape(i18n.t("print.none"))
        ),
    }
}

fn yes_no(i18n: &I18n, b: bool) -> String {
    escape(i18n.t(if b { "print.yes" } else { "print.no" }))
}

/// One `<tr>` of a two-pair facts table; values are already HTML.
fn facts_row(out: &mut String, i18n: &I18n, a: (&str, String), b: Option<(&str, String)>) {
    let _ = write!(out, "<tr><th>{}</th><td>{}</td>", escape(i18n.t(a.0)), a.1);
    match b {
        Some((k, v)) => {
            let _ = write!(out, "<th>{}</th><td>{}</td>", escape(i18n.t(k)), v);
        }
        None => out.push_str("<th></th><td></td>"),
    }
    out.push_str("</tr>\n");
}

/// One `<tr>` of a facts table whose value spans the row; the value is already HTML.
fn wide_row(out: &mut String, i18n: &I18n, label: &str, value: String) {
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td colspan=\"3\">{value}</td></tr>",
        escape(i18n.t(label))
    );
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
    let shop = &o.shop;
    let name = match shop.name.trim() {
        "" => t("print.shop"),
        name => escape(name),
    };
    let mut contact = Vec::new();
    if !shop.address.trim().is_empty() {
        contact.push(escape(shop.address.trim()));
    }
    if !shop.phone.trim().is_empty() {
        contact.push(format!(
            "<span class=\"nowrap\">{}: {}</span>",
            t("print.shop_phone"),
            escape(&phone_display(shop.phone.trim()))
        ));
    }
    let contact = if contact.is_empty() {
        String::new()
    } else {
        format!("<div class=\"shop-contact\">{}</div>", contact.join(" · "))
    };
    let comeback_marker = if ro.is_comeback {
        format!(" <span class=\"marker\">{}</span>", t("marker.comeback"))
    } else {
        String::new()
    };
    let _ = write!(
        h,
        "<header class=\"head\">\n\
         <div class=\"shop-block\"><div class=\"shop\">{name}</div>{contact}</div>\n\
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
            escape(match l.service {
                Some(s) => i18n.t(s.label_key()),
                None => &l.description,
            }),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("维修 ok"), "维修 ok");
    }

    #[test]
    fn copies_are_numbered_from_the_plain_name() {
        let n = "RO-20261123-0001";
        assert_eq!(copy_file_name(n, 1), "RO-20261123-0001.html");
        assert_eq!(copy_file_name(n, 2), "RO-20261123-0001-2.html");
        assert_eq!(copy_file_name(n, 12), "RO-20261123-0001-12.html");
        for k in 1..=12 {
            assert_eq!(copy_number(n, &copy_file_name(n, k)), Some(k));
        }
        for other in [
            "RO-20261123-0001-1.html",
            "RO-20261123-0001-02.html",
            "RO-20261123-0001-.html",
            "RO-20261123-0001-2a.html",
            "RO-20261123-0001.html.tmp",
            ".RO-20261123-0001.1-0.html.tmp",
            "RO-20261123-00012.html",
            "RO-20261123-0002.html",
        ] {
            assert_eq!(copy_number(n, other), None, "{other}");
        }
    }

    #[test]
    fn quantities_drop_trailing_zeros() {
        assert_eq!(centi(100), "1");
        assert_eq!(centi(150), "1.5");
        assert_eq!(centi(125), "1.25");
        assert_eq!(centi(5), "0.05");
    }
}
