//! The shop's job catalog (issue 15): what a code, a name, a unit, a price or standard
//! hours may be, the rows of a parts price list as a spreadsheet has them, and the keys
//! that let any typed piece of a code or a name find its entry.

use super::money::{Cents, MoneyError, parse_centi};
use super::text::{fold, is_cjk_ideograph};

/// A part's unit on the price list (stored as the code, shown in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Piece,
    Set,
    Litre,
    Bottle,
    Can,
    Strip,
    Metre,
}

impl Unit {
    pub const ALL: [Unit; 7] = [
        Unit::Piece,
        Unit::Set,
        Unit::Litre,
        Unit::Bottle,
        Unit::Can,
        Unit::Strip,
        Unit::Metre,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Piece => "piece",
            Unit::Set => "set",
            Unit::Litre => "litre",
            Unit::Bottle => "bottle",
            Unit::Can => "can",
            Unit::Strip => "strip",
            Unit::Metre => "metre",
        }
    }

    /// The word a Chinese price list writes (each unit its own).
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Piece => "个",
            Unit::Set => "套",
            Unit::Litre => "升",
            Unit::Bottle => "瓶",
            Unit::Can => "桶",
            Unit::Strip => "条",
            Unit::Metre => "米",
        }
    }

    /// The catalog key of the unit's word (`unit.litre`).
    pub fn label_key(self) -> &'static str {
        match self {
            Unit::Piece => "unit.piece",
            Unit::Set => "unit.set",
            Unit::Litre => "unit.litre",
            Unit::Bottle => "unit.bottle",
            Unit::Can => "unit.can",
            Unit::Strip => "unit.strip",
            Unit::Metre => "unit.metre",
        }
    }

    /// The unit a price list writes: the stored code, the Chinese word (个, 升 …) or an
    /// English one (pcs, L …), in any case.
    pub fn parse(text: &str) -> Result<Unit, CatalogError> {
        let t = fold(text).trim().to_lowercase();
        let unit = match t.as_str() {
            "piece" | "pieces" | "pc" | "pcs" | "ea" | "each" | "个" | "件" | "只" | "支"
            | "片" | "颗" => Unit::Piece,
            "set" | "sets" | "kit" | "套" | "副" | "组" => Unit::Set,
            "litre" | "liter" | "litres" | "liters" | "l" | "升" => Unit::Litre,
            "bottle" | "bottles" | "瓶" => Unit::Bottle,
            "can" | "cans" | "drum" | "桶" | "罐" => Unit::Can,
            "strip" | "strips" | "条" | "根" => Unit::Strip,
            "metre" | "meter" | "metres" | "meters" | "m" | "米" => Unit::Metre,
            _ => {
                return Err(CatalogError::UnknownUnit {
                    unit: text.trim().to_string(),
                });
            }
        };
        Ok(unit)
    }
}

impl std::str::FromStr for Unit {
    type Err = CatalogError;
    fn from_str(s: &str) -> Result<Unit, CatalogError> {
        Unit::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or_else(|| CatalogError::UnknownUnit { unit: s.into() })
    }
}

/// Why a catalog value, or a row of a price list, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("Enter the code.")]
    CodeEmpty,
    #[error("“{ch}” cannot be part of a code (letters, digits, - . / _).")]
    CodeChar { ch: char },
    #[error("A code has at most 40 characters.")]
    CodeTooLong,
    #[error("Enter the name.")]
    NameEmpty,
    #[error(
        "“{unit}” is not a unit (个, 套, 升, 瓶, 桶, 条, 米 or pcs, set, L, bottle, can, strip, m)."
    )]
    UnknownUnit { unit: String },
    #[error("Price: {0}")]
    Price(MoneyError),
    #[error("Hours: {0}")]
    Hours(MoneyError),
    #[error("“{value}” is not yes or no (1/0, yes/no, 是/否).")]
    NotYesNo { value: String },
    #[error("The file has no column “{column}”.")]
    MissingColumn { column: &'static str },
    #[error("The file holds no rows.")]
    NoRows,
    #[error("{code} is already on line {first}.")]
    Duplicate { code: String, first: u64 },
    #[error("The package refers to {code}, which is not in the catalog.")]
    UnknownItem { code: String },
    #[error("Package {package} still uses it: take it out of the package first.")]
    InPackage { package: String },
}

impl CatalogError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            CatalogError::CodeEmpty => "error.catalog.code_empty",
            CatalogError::CodeChar { .. } => "error.catalog.code_char",
            CatalogError::CodeTooLong => "error.catalog.code_too_long",
            CatalogError::NameEmpty => "error.catalog.name_empty",
            CatalogError::UnknownUnit { .. } => "error.catalog.unknown_unit",
            CatalogError::Price(_) => "error.catalog.price",
            CatalogError::Hours(_) => "error.catalog.hours",
            CatalogError::NotYesNo { .. } => "error.catalog.not_yes_no",
            CatalogError::MissingColumn { .. } => "error.catalog.missing_column",
            CatalogError::NoRows => "error.catalog.no_rows",
            CatalogError::Duplicate { .. } => "error.catalog.duplicate",
            CatalogError::UnknownItem { .. } => "error.catalog.unknown_item",
            CatalogError::InPackage { .. } => "error.catalog.in_package",
        }
    }

    /// The named placeholders of the message; a money error is given as its own key,
    /// which a note translates.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            CatalogError::CodeChar { ch } => vec![("char", ch.to_string())],
            CatalogError::UnknownUnit { unit } => vec![("unit", unit.clone())],
            CatalogError::Price(e) | CatalogError::Hours(e) => {
                // The reason's own placeholders travel with it.
                let mut args = vec![("reason", e.i18n_key().to_string())];
                args.extend(e.i18n_args());
                args
            }
            CatalogError::NotYesNo { value } => vec![("value", value.clone())],
            CatalogError::MissingColumn { column } => vec![("column", column.to_string())],
            CatalogError::Duplicate { code, first } => {
                vec![("code", code.clone()), ("first", first.to_string())]
            }
            CatalogError::UnknownItem { code } => vec![("code", code.clone())],
            CatalogError::InPackage { package } => vec![("package", package.clone())],
            _ => vec![],
        }
    }
}

/// A part number or an operation code as stored: full-width folded, trimmed, upper case;
/// letters, digits and `- . / _` only.
pub fn code(text: &str) -> Result<String, CatalogError> {
    let c = fold(text).trim().to_uppercase();
    if c.is_empty() {
        return Err(CatalogError::CodeEmpty);
    }
    if let Some(ch) = c
        .chars()
        .find(|ch| !(ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '/' | '_')))
    {
        return Err(CatalogError::CodeChar { ch });
    }
    if c.chars().count() > 40 {
        return Err(CatalogError::CodeTooLong);
    }
    Ok(c)
}

/// A name as stored: folded and trimmed, never empty.
pub fn name(text: &str) -> Result<String, CatalogError> {
    let n = fold(text).trim().to_string();
    if n.is_empty() {
        Err(CatalogError::NameEmpty)
    } else {
        Ok(n)
    }
}

/// A price in yuan as a price list writes it (`128`, `45.5`, `¥1,680.00`), in cents.
pub fn price(text: &str) -> Result<i64, CatalogError> {
    Cents::parse_yuan(text)
        .map(|c| c.0)
        .map_err(CatalogError::Price)
}

/// Standard hours (`0.5`, `1.20`) in hundredths, more than zero.
pub fn hours(text: &str) -> Result<i64, CatalogError> {
    match parse_centi(text).map_err(CatalogError::Hours)? {
        0 => Err(CatalogError::Hours(MoneyError::NotPositive)),
        h => Ok(h),
    }
}

/// Yes or no as a spreadsheet writes it; empty is `default`.
pub fn yes_no(text: &str, default: bool) -> Result<bool, CatalogError> {
    let t = fold(text).trim().to_lowercase();
    match t.as_str() {
        "" => Ok(default),
        "1" | "y" | "yes" | "true" | "是" | "有" => Ok(true),
        "0" | "n" | "no" | "false" | "否" | "无" | "没有" => Ok(false),
        _ => Err(CatalogError::NotYesNo {
            value: text.trim().to_string(),
        }),
    }
}

/// Typed text folded for matching keys: lower case, without spaces and the separators
/// people type or leave out ("0W-20" and "0w20" alike, "BY-10K" and "by10k").
pub fn fold_key(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '-' | '_' | '.' | '/' | '(' | ')' | '（' | '）' | ','
            )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys an entry is found by: each place a word starts in its code and its names,
/// and each Chinese character (so 机油 finds 全合成机油), folded. A query matches an entry
/// when it is the start of one of its keys.
pub fn keys(texts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        let chars: Vec<char> = fold(text).chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let starts_word = i == 0
                || is_cjk_ideograph(c)
                || !chars[i - 1].is_alphanumeric()
                || is_cjk_ideograph(chars[i - 1])
                || (c.is_ascii_digit() != chars[i - 1].is_ascii_digit()
                    && chars[i - 1].is_ascii_alphabetic());
            if !c.is_alphanumeric() || !starts_word {
                continue;
            }
            let key = fold_key(&chars[i..].iter().collect::<String>());
            // A key longer than anyone types adds nothing but size.
            let key: String = key.chars().take(24).collect();
            if !key.is_empty() {
                out.push(key);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_as_a_price_list_writes_them() {
        assert_eq!(Unit::parse("个"), Ok(Unit::Piece));
        assert_eq!(Unit::parse(" L "), Ok(Unit::Litre));
        assert_eq!(Unit::parse("PCS"), Ok(Unit::Piece));
        assert_eq!(Unit::parse("套"), Ok(Unit::Set));
        assert_eq!(Unit::parse("litre"), Ok(Unit::Litre));
        assert!(matches!(
            Unit::parse("箱"),
            Err(CatalogError::UnknownUnit { .. })
        ));
        for u in Unit::ALL {
            assert_eq!(u.as_str().parse::<Unit>(), Ok(u));
            assert_eq!(Unit::parse(u.zh()), Ok(u));
            assert_eq!(Unit::parse(u.as_str()), Ok(u));
        }
    }

    #[test]
    fn codes_prices_hours_and_flags() {
        assert_eq!(code(" by-10k "), Ok("BY-10K".into()));
        assert_eq!(code("ＯＦ－０６"), Ok("OF-06".into()));
        assert_eq!(code(""), Err(CatalogError::CodeEmpty));
        assert_eq!(code("OF 06"), Err(CatalogError::CodeChar { ch: ' ' }));
        assert_eq!(code(&"A".repeat(41)), Err(CatalogError::CodeTooLong));
        assert_eq!(price("128.00"), Ok(12_800));
        assert_eq!(price("¥1,680"), Ok(168_000));
        assert!(matches!(price("12.345"), Err(CatalogError::Price(_))));
        assert!(matches!(
            price(""),
            Err(CatalogError::Price(MoneyError::Empty))
        ));
        assert_eq!(hours("0.5"), Ok(50));
        assert!(matches!(hours("0"), Err(CatalogError::Hours(_))));
        assert_eq!(yes_no("", true), Ok(true));
        assert_eq!(yes_no("否", true), Ok(false));
        assert!(yes_no("maybe", true).is_err());
        assert_eq!(name("  "), Err(CatalogError::NameEmpty));
    }

    #[test]
    fn any_typed_piece_of_a_code_or_a_name_is_the_start_of_a_key() {
        let k = keys(&[
            "OIL-0W20-4L",
            "全合成机油 0W-20 4L",
            "Full synthetic engine oil 0W-20 4 L",
        ]);
        let finds = |q: &str| {
            let q = fold_key(q);
            k.iter().any(|key| key.starts_with(&q))
        };
        for q in [
            "机油", "合成", "0W-20", "0w20", "oil", "engine", "OIL-0W", "20", "syn",
        ] {
            assert!(finds(q), "{q} in {k:?}");
        }
        assert!(!finds("ngine"), "a word is found from its start");
        let by = keys(&["BY-10K", "1万公里常规保养", "10,000 km service"]);
        assert!(by.iter().any(|key| key.starts_with("by10k")));
        assert!(by.iter().any(|key| key.starts_with("10k")));
        assert!(by.iter().any(|key| key.starts_with("保养")));
    }
}
