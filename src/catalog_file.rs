//! The catalog's files: a parts price list and the standard operations as CSV in the
//! column layout a spreadsheet has (a header row, one entry per row, prices in yuan), and
//! the packages as TOML. Reading checks every row and stops at the first refused one
//! with its line number, so an import writes all or nothing.

use std::io::{Read, Write};

use crate::domain::catalog::{self, CatalogError};
use crate::domain::money::Cents;
use crate::store::catalog::{ItemCode, NewOperation, NewPackage, NewPart, Operation, Part};

/// A refused file: the line (1 = the header) and why; `line` is 0 for the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct FileError {
    pub line: u64,
    pub error: CatalogError,
}

/// A CSV file that is not CSV (bad quoting, bad UTF-8): the line and what the reader said.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Row(#[from] FileError),
    #[error("line {line}: {source}")]
    Csv { line: u64, source: csv::Error },
}

/// The columns of a parts price list, each with the headers a spreadsheet may give it
/// (English or Chinese, any case).
const PART_HEADERS: [(&str, &[&str]); 6] = [
    (
        "part_number",
        &[
            "part_number",
            "part number",
            "part no",
            "配件编号",
            "零件号",
            "配件号",
        ],
    ),
    ("name", &["name", "name_zh", "名称", "配件名称", "中文名称"]),
    ("name_en", &["name_en", "english name", "英文名称"]),
    ("unit", &["unit", "单位"]),
    ("price", &["price", "unit price", "单价", "价格", "销售价"]),
    ("in_stock", &["in_stock", "in stock", "库存", "有库存"]),
];

const OPERATION_HEADERS: [(&str, &[&str]); 6] = [
    (
        "code",
        &["code", "operation", "工时编号", "项目编号", "编号"],
    ),
    ("name", &["name", "name_zh", "名称", "项目名称"]),
    ("name_en", &["name_en", "english name", "英文名称"]),
    ("hours", &["hours", "standard hours", "标准工时", "工时"]),
    ("rate", &["rate", "hourly rate", "工时单价"]),
    ("warranty", &["warranty", "索赔", "保修"]),
];

/// Which column holds each field (`None`: the file has no such column).
fn columns(
    header: &csv::StringRecord,
    wanted: &[(&'static str, &[&str])],
    required: &[&'static str],
) -> Result<Vec<Option<usize>>, FileError> {
    let found: Vec<String> = header
        .iter()
        .map(|h| {
            crate::domain::text::fold(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_lowercase()
        })
        .collect();
    let mut out = Vec::new();
    for (field, names) in wanted {
        let at = found.iter().position(|h| names.contains(&h.as_str()));
        if at.is_none() && required.contains(field) {
            return Err(FileError {
                line: 1,
                error: CatalogError::MissingColumn { column: field },
            });
        }
        out.push(at);
    }
    Ok(out)
}

/// Reads every row with `parse`, refusing a repeated key at its second line.
fn rows<T>(
    input: impl Read,
    wanted: &[(&'static str, &[&str])],
    required: &[&'static str],
    parse: impl Fn(&[&str]) -> Result<T, CatalogError>,
    key: impl Fn(&T) -> String,
) -> Result<Vec<T>, ReadError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader
        .headers()
        .map_err(|source| ReadError::Csv { line: 1, source })?
        .clone();
    let cols = columns(&header, wanted, required)?;
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|source| ReadError::Csv {
            line: source.position().map_or(0, |p| p.line()),
            source,
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let fields: Vec<&str> = cols
            .iter()
            .map(|c| c.and_then(|c| record.get(c)).unwrap_or(""))
            .collect();
        let row = parse(&fields).map_err(|error| FileError { line, error })?;
        let k = key(&row);
        if let Some(&first) = seen.get(&k) {
            return Err(FileError {
                line,
                error: CatalogError::Duplicate { code: k, first },
            }
            .into());
        }
        seen.insert(k, line);
        out.push(row);
    }
    if out.is_empty() {
        return Err(FileError {
            line: 0,
            error: CatalogError::NoRows,
        }
        .into());
    }
    Ok(out)
}

/// A parts price list: `part_number, name, unit, price` (and, if there, `name_en`,
/// `in_stock`; a part is in stock unless the file says otherwise).
pub fn read_parts(input: impl Read) -> Result<Vec<NewPart>, ReadError> {
    rows(
        input,
        &PART_HEADERS,
        &["part_number", "name", "unit", "price"],
        |f| {
            Ok(NewPart {
                part_number: catalog::code(f[0])?,
                name_zh: catalog::name(f[1])?,
                name_en: crate::domain::text::fold(f[2]).trim().to_string(),
                unit: catalog::Unit::parse(f[3])?,
                price_cents: catalog::price(f[4])?,
                in_stock: catalog::yes_no(f[5], true)?,
            })
        },
        |p| p.part_number.clone(),
    )
}

/// The standard operations: `code, name, hours` (and, if there, `name_en`, `rate` —
/// empty for the shop's labour rate — and `warranty`).
pub fn read_operations(input: impl Read) -> Result<Vec<NewOperation>, ReadError> {
    rows(
        input,
        &OPERATION_HEADERS,
        &["code", "name", "hours"],
        |f| {
            let rate = f[4].trim();
            Ok(NewOperation {
                code: catalog::code(f[0])?,
                name_zh: catalog::name(f[1])?,
                name_en: crate::domain::text::fold(f[2]).trim().to_string(),
                hours_centi: catalog::hours(f[3])?,
                rate_cents: if rate.is_empty() {
                    None
                } else {
                    Some(catalog::price(rate)?)
                },
                warranty: catalog::yes_no(f[5], false)?,
            })
        },
        |o| o.code.clone(),
    )
}

#[derive(serde::Deserialize)]
struct PackagesFile {
    package: Vec<PackageToml>,
}

#[derive(serde::Deserialize)]
struct PackageToml {
    code: String,
    name: String,
    #[serde(default)]
    name_en: String,
    km: Option<i64>,
    lines: Vec<LineToml>,
}

#[derive(serde::Deserialize)]
struct LineToml {
    op: Option<String>,
    part: Option<String>,
    qty: String,
}

/// The packages file (TOML, `[[package]]` tables with `code`, `name`, `name_en`, `km`
/// and `lines = [{ op = "…" | part = "…", qty = "1" }]`).
pub fn read_packages(text: &str) -> Result<Vec<NewPackage>, String> {
    let file: PackagesFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.package
        .into_iter()
        .map(|p| {
            let code = catalog::code(&p.code).map_err(|e| e.to_string())?;
            let lines = p
                .lines
                .into_iter()
                .map(|l| {
                    let qty = crate::domain::money::parse_centi(&l.qty)
                        .map_err(|e| format!("{code}: {e}"))?;
                    let item = match (l.op, l.part) {
                        (Some(op), None) => {
                            ItemCode::Operation(catalog::code(&op).map_err(|e| e.to_string())?)
                        }
                        (None, Some(part)) => {
                            ItemCode::Part(catalog::code(&part).map_err(|e| e.to_string())?)
                        }
                        _ => return Err(format!("{code}: a line names either op or part")),
                    };
                    Ok((item, qty))
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(NewPackage {
                name_zh: catalog::name(&p.name).map_err(|e| e.to_string())?,
                name_en: p.name_en.trim().to_string(),
                due_km: p.km,
                lines,
                code,
            })
        })
        .collect()
}

/// The parts as a price list in the layout [`read_parts`] reads (prices in yuan with two
/// decimals, no thousands separator; units as Chinese words when `zh`, else the stored
/// words), so an export imports again unchanged.
pub fn write_parts(parts: &[Part], zh: bool, out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "part_number",
        "name",
        "name_en",
        "unit",
        "price",
        "in_stock",
    ])?;
    for p in parts {
        w.write_record([
            p.part_number.as_str(),
            p.name_zh.as_str(),
            p.name_en.as_str(),
            if zh { p.unit.zh() } else { p.unit.as_str() },
            &plain_yuan(p.price_cents),
            if p.in_stock { "1" } else { "0" },
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The operations in the layout [`read_operations`] reads.
pub fn write_operations(ops: &[Operation], out: impl Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["code", "name", "name_en", "hours", "rate", "warranty"])?;
    for o in ops {
        w.write_record([
            o.code.as_str(),
            o.name_zh.as_str(),
            o.name_en.as_str(),
            &plain_yuan(o.hours_centi),
            &o.rate_cents.map(plain_yuan).unwrap_or_default(),
            if o.warranty { "1" } else { "0" },
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// `12800` → `"128.00"` (hundredths as a spreadsheet cell: no sign, no separators).
fn plain_yuan(v: i64) -> String {
    let c = Cents(v);
    c.to_string().replace(',', "")
}
