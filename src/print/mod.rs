//! Printable documents: the repair order (维修委托书, [`repair_order`]) the customer signs
//! at the counter and keeps as the claim ticket, and the settlement statement (结算单,
//! [`settlement`]) handed over with the car. Each is a self-contained A4 HTML document in
//! the UI language.
//!
//! * Every label comes from the i18n catalogs (`print.*` and `settlement.*` keys, plus the
//!   vocabulary labels and a few shared `col.*` keys); everything typed by people (the
//!   shop's settings included) is HTML-escaped.
//! * No external resources: inline CSS, a CJK-capable font stack, `@page` A4.
//! * Times are shown in the shop's zone; money is integer cents shown through
//!   [`Cents`](crate::domain::money::Cents)'s `Display` (`1,234.50`).
//! * Every printout is a new file (`<stem>.html`, then `<stem>-2.html`, …) that never
//!   replaces an earlier one, in a private (0700) folder (see [`write_new_copy`]).

pub mod complaint;
pub mod repair_order;
pub mod settlement;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

use crate::clock::Zone;
use crate::domain::phone::Phone;
use crate::domain::plate::Plate;
use crate::domain::text::group_thousands;
use crate::i18n::I18n;

pub use complaint::{
    ComplaintDoc, NoSuchComplaint, NoSupervisionOrder, complaint_document, complaint_html,
    write_complaint,
};
pub use repair_order::{repair_order_document, repair_order_html, write_repair_order};
pub use settlement::{
    NotSettleable, settlement_document, settlement_file_stem, settlement_html, write_settlement,
};

/// A printout made (read and rendered) but not yet written: the file stem it is saved
/// under and the page. Making it needs the store; saving it needs only the exports
/// folder, so the console hands the saving (two fsyncs) to a thread of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub stem: String,
    pub html: String,
}

impl Document {
    /// Writes the page as the next copy of its stem in `exports_dir` (made private when
    /// missing) and returns the file's path; an earlier copy is never replaced (see
    /// [`write_new_copy`]).
    pub fn save(&self, exports_dir: &Path) -> anyhow::Result<PathBuf> {
        prepare_exports(exports_dir, &self.stem)?;
        write_new_copy(exports_dir, &self.stem, self.html.as_bytes())
    }
}

/// Escapes text for HTML element content and quoted attribute values.
/// A line's description cell, escaped: an appointment's service in the printout's
/// language; a line from the job catalog with its part number or operation code, and a
/// price changed from the catalog's marked with the catalog's.
pub fn line_description(
    i18n: &crate::i18n::I18n,
    service: Option<crate::domain::kinds::ServiceType>,
    description: &str,
    price_cents: i64,
    (catalog_cents, catalog_code): (Option<i64>, Option<&str>),
) -> String {
    let mut text = escape(match service {
        Some(s) => i18n.t(s.label_key()),
        None => description,
    });
    if let Some(code) = catalog_code {
        text = format!("{text} <span class=\"catalog\">{}</span>", escape(code));
    }
    match crate::domain::repair_order::changed_from(price_cents, catalog_cents) {
        Some(c) => format!(
            "{text} <span class=\"catalog\">{}</span>",
            escape(&i18n.tf(
                "line.catalog_price",
                &[("price", crate::domain::money::Cents(c).to_string())]
            ))
        ),
        None => text,
    }
}

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

/// The repair order asked for is not in the database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no repair order numbered {0:?}")]
pub struct NoSuchOrder(pub String);

/// Makes the exports folder (private, 0700) unless it cannot be made by this user, and
/// refuses a document name that could leave it.
fn prepare_exports(exports_dir: &Path, number: &str) -> anyhow::Result<()> {
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
    Ok(())
}

/// The file name of the `n`th printout named `number` (a file stem): `RO-….html` for the
/// first, `RO-…-2.html`, `RO-…-3.html`, … after it (`RO-…-settlement.html`,
/// `RO-…-settlement-2.html`, … for a settlement statement).
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

/// Writes `bytes` as the next printout named `number` (a file stem: the order number, or
/// `<number>-settlement`) in `dir`.
///
/// The page is written to a fresh temporary file (created 0600, never an existing one)
/// and synced, then hard-linked to the copy's name: a hard link fails when the name
/// exists, so two counters printing at once cannot take the same name, and a reader
/// never sees half a page. The temporary name is removed.
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
.catalog { font-size: 8pt; white-space: nowrap; }
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

/// The shop block of a heading: its name (or the generic "service center" label when it
/// is not set), and the address and phone when they are.
fn shop_block(i18n: &I18n, shop: &crate::store::shop::Shop) -> String {
    let t = |k: &str| escape(i18n.t(k));
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
    format!("<div class=\"shop-block\"><div class=\"shop\">{name}</div>{contact}</div>")
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
