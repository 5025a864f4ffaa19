//! The catalog screen's form: one per kind of entry, filled from the entry being
//! changed, and read back into an [`Entry`] with every refusal next to its field.
//! A package's lines are typed as `CODE×QTY, CODE×QTY` (an operation's code or a part
//! number; the quantity is how many times the standard hours, or how many units).

use crate::app::widgets::form::{Field, Form};
use crate::domain::catalog::{self as rules, CatalogError, Unit};
use crate::domain::money::{Cents, parse_centi};
use crate::field_ids;
use crate::i18n::{DomainError, Note};
use crate::store::catalog::keep::{Entry, Item};
use crate::store::catalog::{HitKind, NewOperation, NewPackage, NewPart};

field_ids! {
    /// The fields of a catalog entry (each kind shows its own).
    pub enum EntryField {
        Code = "code",
        NameZh = "name_zh",
        NameEn = "name_en",
        Unit = "unit",
        Price = "price",
        Stock = "in_stock",
        Hours = "hours",
        Rate = "rate",
        Warranty = "warranty",
        DueKm = "due_km",
        Lines = "lines",
    }
}

use EntryField as E;

/// A quantity in hundredths as typed back: `1`, `4`, `0.5`.
pub fn qty_text(centi: i64) -> String {
    if centi % 100 == 0 {
        (centi / 100).to_string()
    } else {
        format!("{}.{:02}", centi / 100, centi % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

/// A package's lines as the form writes them.
pub fn lines_text(items: &[(String, i64)]) -> String {
    items
        .iter()
        .map(|(code, q)| format!("{code}×{}", qty_text(*q)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The form for a new entry of `kind` (`item`: None) or for changing `item` (its code
/// is shown in the title, not edited). `lines` are a package's, for its form.
pub fn entry_form(kind: HitKind, item: Option<&Item>, lines: &[(String, i64)]) -> Form<EntryField> {
    let text = |f: fn(&Item) -> String| item.map(f).unwrap_or_default();
    let mut fields = vec![
        Field::text(E::Code, "catalog.field.code", "").hidden(item.is_some()),
        Field::text(
            E::NameZh,
            "catalog.field.name_zh",
            &text(|i| i.name_zh.clone()),
        ),
        Field::text(
            E::NameEn,
            "catalog.field.name_en",
            &text(|i| i.name_en.clone()),
        ),
    ];
    match kind {
        HitKind::Part => {
            let unit = item.and_then(|i| i.unit).unwrap_or(Unit::Piece);
            fields.push(Field::choice(
                E::Unit,
                "catalog.field.unit",
                Unit::ALL
                    .iter()
                    .map(|u| u.label_key().to_string())
                    .collect(),
                Unit::ALL.iter().position(|u| *u == unit).unwrap_or(0),
            ));
            fields.push(Field::text(
                E::Price,
                "catalog.field.price",
                &text(|i| {
                    i.price_cents
                        .map(|c| Cents(c).to_string())
                        .unwrap_or_default()
                }),
            ));
            fields.push(Field::yes_no(
                E::Stock,
                "catalog.field.in_stock",
                item.is_none_or(|i| i.in_stock),
            ));
        }
        HitKind::Operation => {
            fields.push(Field::text(
                E::Hours,
                "catalog.field.hours",
                &text(|i| i.hours_centi.map(qty_text).unwrap_or_default()),
            ));
            fields.push(Field::text(
                E::Rate,
                "catalog.field.rate",
                &text(|i| {
                    i.price_cents
                        .map(|c| Cents(c).to_string())
                        .unwrap_or_default()
                }),
            ));
            fields.push(Field::yes_no(
                E::Warranty,
                "catalog.field.warranty",
                item.is_some_and(|i| i.warranty),
            ));
        }
        HitKind::Package => {
            fields.push(Field::text(
                E::DueKm,
                "catalog.field.due_km",
                &text(|i| i.due_km.map(|k| k.to_string()).unwrap_or_default()),
            ));
            fields.push(Field::text(
                E::Lines,
                "catalog.field.lines",
                &lines_text(lines),
            ));
        }
    }
    let mut f = Form::new(fields);
    if item.is_some() {
        f.focus_on(E::NameZh);
    }
    f
}

/// A package line as typed: the code and the quantity in hundredths.
pub fn parse_lines(text: &str) -> Result<Vec<(String, i64)>, Note> {
    let bad = |piece: &str| Note::error("catalog.error.line", vec![("line", piece.to_string())]);
    let mut out = Vec::new();
    for piece in text.split([',', '，', ';', '；', '、', '\n']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let (code, qty) = match piece.find(['×', '*', ' ', '\u{3000}']) {
            Some(at) => {
                let (c, q) = piece.split_at(at);
                let q = q.trim_start_matches(['×', '*', ' ', '\u{3000}']);
                (c, parse_centi(q).map_err(|_| bad(piece))?)
            }
            None => (piece, 100),
        };
        let code = rules::code(code).map_err(|_| bad(piece))?;
        out.push((code, qty));
    }
    if out.is_empty() {
        return Err(Note::error("catalog.error.no_lines", vec![]));
    }
    Ok(out)
}

/// `r`'s value, or `None` with its message kept for field `id`.
fn take<T>(errors: &mut Vec<(EntryField, Note)>, id: EntryField, r: Result<T, Note>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(n) => {
            errors.push((id, n));
            None
        }
    }
}

/// What the form holds, checked: the entry (its code `code` when changing one) and a
/// package's typed lines, which the store resolves. On a refusal the message is set on
/// its field, which gets the focus.
pub fn read(
    f: &mut Form<EntryField>,
    kind: HitKind,
    code: Option<&str>,
) -> Option<(Entry, Vec<(String, i64)>)> {
    f.clear_errors();
    let err = |e: CatalogError| e.note();
    let code = match code {
        Some(c) => Ok(c.to_string()),
        None => rules::code(f.text(E::Code)).map_err(err),
    };
    let name_zh = rules::name(f.text(E::NameZh)).map_err(err);
    let name_en = f.text(E::NameEn).trim().to_string();
    let mut errors: Vec<(EntryField, Note)> = Vec::new();
    let code = take(&mut errors, E::Code, code);
    let name_zh = take(&mut errors, E::NameZh, name_zh);
    let out = match kind {
        HitKind::Part => {
            let price = take(
                &mut errors,
                E::Price,
                rules::price(f.text(E::Price)).map_err(err),
            );
            let unit = Unit::ALL[f.choice(E::Unit) % Unit::ALL.len()];
            let in_stock = f.yes(E::Stock);
            match (code, name_zh, price) {
                (Some(part_number), Some(name_zh), Some(price_cents)) => Some((
                    Entry::Part(NewPart {
                        part_number,
                        name_zh,
                        name_en,
                        unit,
                        price_cents,
                        in_stock,
                    }),
                    Vec::new(),
                )),
                _ => None,
            }
        }
        HitKind::Operation => {
            let hours = take(
                &mut errors,
                E::Hours,
                rules::hours(f.text(E::Hours)).map_err(err),
            );
            let rate_text = f.text(E::Rate).trim().to_string();
            let rate = take(
                &mut errors,
                E::Rate,
                if rate_text.is_empty() {
                    Ok(None)
                } else {
                    rules::price(&rate_text).map(Some).map_err(err)
                },
            );
            let warranty = f.yes(E::Warranty);
            match (code, name_zh, hours, rate) {
                (Some(code), Some(name_zh), Some(hours_centi), Some(rate_cents)) => Some((
                    Entry::Operation(NewOperation {
                        code,
                        name_zh,
                        name_en,
                        hours_centi,
                        rate_cents,
                        warranty,
                    }),
                    Vec::new(),
                )),
                _ => None,
            }
        }
        HitKind::Package => {
            let km_text = f.text(E::DueKm).trim().replace([',', '，'], "");
            let due_km = take(
                &mut errors,
                E::DueKm,
                if km_text.is_empty() {
                    Ok(None)
                } else {
                    match km_text.parse::<i64>() {
                        Ok(k) if k > 0 => Ok(Some(k)),
                        _ => Err(Note::error("catalog.error.km", vec![])),
                    }
                },
            );
            let lines = take(&mut errors, E::Lines, parse_lines(f.text(E::Lines)));
            match (code, name_zh, due_km, lines) {
                (Some(code), Some(name_zh), Some(due_km), Some(lines)) => Some((
                    Entry::Package(NewPackage {
                        code,
                        name_zh,
                        name_en,
                        due_km,
                        lines: Vec::new(),
                    }),
                    lines,
                )),
                _ => None,
            }
        }
    };
    for (id, n) in errors.iter().rev() {
        f.set_error(*id, n.clone());
        f.focus_on(*id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_lines_read_as_typed() {
        assert_eq!(
            parse_lines("BY-OIL×1, oil-bulk-5w30-ss ×4，OF-1 0.5; BY-CHK").unwrap(),
            vec![
                ("BY-OIL".to_string(), 100),
                ("OIL-BULK-5W30-SS".to_string(), 400),
                ("OF-1".to_string(), 50),
                ("BY-CHK".to_string(), 100),
            ]
        );
        assert_eq!(
            parse_lines("BY-OIL×x").unwrap_err().key,
            "catalog.error.line"
        );
        assert_eq!(
            parse_lines(" , ").unwrap_err().key,
            "catalog.error.no_lines"
        );
        assert_eq!(
            lines_text(&[("A".into(), 100), ("B".into(), 450)]),
            "A×1, B×4.5"
        );
    }
}
