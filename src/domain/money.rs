//! Money in cents (分) and decimal quantities in hundredths (labour hours, part counts).

use serde::{Deserialize, Serialize};

use super::text::{fold, group_thousands};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Enter an amount.")]
    Empty,
    #[error("The amount cannot be negative.")]
    Negative,
    #[error("“{ch}” cannot be part of an amount.")]
    InvalidChar { ch: char },
    #[error("“{input}” is not a number.")]
    NotANumber { input: String },
    #[error(
        "Thousands separators must split the whole part into groups of three digits, e.g. 1,234,567.89."
    )]
    BadGrouping,
    #[error("Use at most two decimal places.")]
    TooManyDecimals,
    #[error("The number is too large.")]
    Overflow,
    #[error("Enter a number greater than zero.")]
    NotPositive,
}

impl MoneyError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            MoneyError::Empty => "error.money.empty",
            MoneyError::Negative => "error.money.negative",
            MoneyError::InvalidChar { .. } => "error.money.invalid_char",
            MoneyError::NotANumber { .. } => "error.money.not_a_number",
            MoneyError::BadGrouping => "error.money.bad_grouping",
            MoneyError::TooManyDecimals => "error.money.too_many_decimals",
            MoneyError::Overflow => "error.money.overflow",
            MoneyError::NotPositive => "error.money.not_positive",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            MoneyError::InvalidChar { ch } => vec![("char", ch.to_string())],
            MoneyError::NotANumber { input } => vec![("input", input.clone())],
            _ => vec![],
        }
    }
}

/// An amount of money in cents (分). Negative values exist only as results of arithmetic
/// (refunds, discounts); typed amounts are never negative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Parses an amount in yuan: `"1,234.5"`, `"¥88"`, `"￥88.00"`, `"RMB 88"`, `"88元"`.
    pub fn parse_yuan(input: &str) -> Result<Cents, MoneyError> {
        let text = fold(input);
        let mut s = text.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        for prefix in ["¥", "￥"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
            }
        }
        for code in ["CNY", "RMB"] {
            if s.len() >= 3 && s.is_char_boundary(3) && s[..3].eq_ignore_ascii_case(code) {
                s = s[3..].trim_start();
            }
        }
        if let Some(rest) = s.strip_suffix('元') {
            s = rest.trim_end();
        }
        parse_hundredths(s).map(Cents)
    }

    /// `"¥1,234.50"`.
    pub fn yuan(&self) -> String {
        if self.0 < 0 {
            format!("-¥{}", format_hundredths(self.0.unsigned_abs()))
        } else {
            format!("¥{self}")
        }
    }

    pub fn checked_add(self, other: Cents) -> Result<Cents, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Cents)
            .ok_or(MoneyError::Overflow)
    }

    pub fn checked_sub(self, other: Cents) -> Result<Cents, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Cents)
            .ok_or(MoneyError::Overflow)
    }

    /// The total of several amounts, failing on overflow.
    pub fn sum<I: IntoIterator<Item = Cents>>(items: I) -> Result<Cents, MoneyError> {
        items.into_iter().try_fold(Cents::ZERO, Cents::checked_add)
    }
}

impl std::fmt::Display for Cents {
    /// `"1,234.50"`, without a currency sign.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 < 0 {
            f.write_str("-")?;
        }
        f.write_str(&format_hundredths(self.0.unsigned_abs()))
    }
}

fn format_hundredths(v: u64) -> String {
    format!("{}.{:02}", group_thousands(v / 100), v % 100)
}

/// The amount of a line: `quantity_centi / 100 × unit_price_cents`, rounded half away from
/// zero to the cent.
pub fn line_amount(quantity_centi: i64, unit_price_cents: i64) -> Result<Cents, MoneyError> {
    let product = i128::from(quantity_centi) * i128::from(unit_price_cents);
    let quotient = product / 100;
    let remainder = product % 100;
    let rounded = if remainder.abs() >= 50 {
        quotient + product.signum()
    } else {
        quotient
    };
    i64::try_from(rounded)
        .map(Cents)
        .map_err(|_| MoneyError::Overflow)
}

/// Parses a positive decimal quantity (hours, part counts) in hundredths: `"1.5"` → 150,
/// `"2"` → 200.
pub fn parse_centi(input: &str) -> Result<i64, MoneyError> {
    let text = fold(input);
    let value = parse_hundredths(text.trim())?;
    if value == 0 {
        return Err(MoneyError::NotPositive);
    }
    Ok(value)
}

/// Parses a non-negative decimal with optional thousands separators and at most two
/// decimals into hundredths. `s` is already trimmed.
fn parse_hundredths(s: &str) -> Result<i64, MoneyError> {
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    if s.starts_with(['-', '\u{2212}']) {
        return Err(MoneyError::Negative);
    }
    if let Some(ch) = s
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == ',' || c == '.'))
    {
        return Err(MoneyError::InvalidChar { ch });
    }
    let not_a_number = || MoneyError::NotANumber {
        input: s.to_string(),
    };
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int_part.is_empty() || frac_part.is_some_and(|f| f.is_empty() || f.contains('.')) {
        return Err(not_a_number());
    }
    let frac = frac_part.unwrap_or("");
    if frac.contains(',') {
        return Err(MoneyError::BadGrouping);
    }
    if frac.len() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let whole = match super::text::parse_grouped_digits(int_part) {
        None => return Err(MoneyError::BadGrouping),
        Some(Err(())) => return Err(MoneyError::Overflow),
        Some(Ok(v)) => v,
    };
    let frac_value = frac
        .bytes()
        .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    let frac_cents = if frac.len() == 1 {
        frac_value * 10
    } else {
        frac_value
    };
    whole
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac_cents))
        .and_then(|v| i64::try_from(v).ok())
        .ok_or(MoneyError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan() {
        let cases = [
            ("0", 0),
            ("88", 8800),
            ("88.5", 8850),
            ("88.05", 8805),
            ("1,234.50", 123_450),
            ("1,234,567", 123_456_700),
            ("¥88", 8800),
            ("¥ 88", 8800),
            ("￥88.00", 8800),
            ("CNY 88", 8800),
            ("rmb88", 8800),
            ("RMB 1,000", 100_000),
            ("88元", 8800),
            ("88 元", 8800),
            ("￥88元", 8800),
            ("８８．５", 8850),
            ("  12  ", 1200),
            ("007", 700),
            ("92,233,720,368,547,758.07", i64::MAX),
        ];
        for (input, want) in cases {
            assert_eq!(Cents::parse_yuan(input), Ok(Cents(want)), "{input:?}");
        }
    }

    #[test]
    fn refuses_bad_amounts() {
        use MoneyError::*;
        let nan = |s: &str| NotANumber {
            input: s.to_string(),
        };
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("¥", Empty),
            ("元", Empty),
            ("-5", Negative),
            ("¥-5", Negative),
            ("\u{2212}5", Negative),
            ("5a", InvalidChar { ch: 'a' }),
            ("1 000", InvalidChar { ch: ' ' }),
            ("$5", InvalidChar { ch: '$' }),
            ("+5", InvalidChar { ch: '+' }),
            ("1.2.3", nan("1.2.3")),
            ("12.", nan("12.")),
            (".5", nan(".5")),
            ("1,23", BadGrouping),
            ("1234,567", BadGrouping),
            (",123", BadGrouping),
            ("1,,234", BadGrouping),
            ("1.234,5", BadGrouping),
            ("1.234", TooManyDecimals),
            ("92,233,720,368,547,758.08", Overflow),
            ("99999999999999999999999", Overflow),
        ];
        for (input, want) in cases {
            assert_eq!(Cents::parse_yuan(input), Err(want), "{input:?}");
        }
    }

    #[test]
    fn displays() {
        assert_eq!(Cents(0).to_string(), "0.00");
        assert_eq!(Cents(5).to_string(), "0.05");
        assert_eq!(Cents(123_450).to_string(), "1,234.50");
        assert_eq!(Cents(-123_450).to_string(), "-1,234.50");
        assert_eq!(Cents(123_450).yuan(), "¥1,234.50");
        assert_eq!(Cents(-5).yuan(), "-¥0.05");
        assert_eq!(Cents(i64::MIN).to_string(), "-92,233,720,368,547,758.08");
        for c in [0, 1, 99, 100, 123_456_789, i64::MAX] {
            assert_eq!(Cents::parse_yuan(&Cents(c).to_string()), Ok(Cents(c)));
            assert_eq!(Cents::parse_yuan(&Cents(c).yuan()), Ok(Cents(c)));
        }
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(Cents(1).checked_add(Cents(2)), Ok(Cents(3)));
        assert_eq!(
            Cents(i64::MAX).checked_add(Cents(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(Cents(1).checked_sub(Cents(3)), Ok(Cents(-2)));
        assert_eq!(
            Cents(i64::MIN).checked_sub(Cents(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Cents::sum([Cents(100), Cents(250), Cents(-50)]),
            Ok(Cents(300))
        );
        assert_eq!(Cents::sum(Vec::new()), Ok(Cents(0)));
        assert_eq!(
            Cents::sum([Cents(i64::MAX), Cents(1)]),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn line_amounts_round_half_away_from_zero() {
        assert_eq!(line_amount(150, 8000), Ok(Cents(12_000)));
        assert_eq!(line_amount(100, 1999), Ok(Cents(1999)));
        assert_eq!(line_amount(150, 1), Ok(Cents(2))); // 1.5 → 2
        assert_eq!(line_amount(149, 1), Ok(Cents(1))); // 1.49 → 1
        assert_eq!(line_amount(50, 1), Ok(Cents(1))); // 0.5 → 1
        assert_eq!(line_amount(-150, 1), Ok(Cents(-2))); // -1.5 → -2
        assert_eq!(line_amount(150, -1), Ok(Cents(-2)));
        assert_eq!(line_amount(33, 333), Ok(Cents(110))); // 109.89 → 110
        assert_eq!(line_amount(0, i64::MAX), Ok(Cents(0)));
        assert_eq!(line_amount(100, i64::MAX), Ok(Cents(i64::MAX)));
        assert_eq!(line_amount(i64::MAX, i64::MAX), Err(MoneyError::Overflow));
        assert_eq!(line_amount(200, i64::MAX), Err(MoneyError::Overflow));
    }

    #[test]
    fn parses_centi() {
        assert_eq!(parse_centi("1.5"), Ok(150));
        assert_eq!(parse_centi("2"), Ok(200));
        assert_eq!(parse_centi("0.25"), Ok(25));
        assert_eq!(parse_centi("１．５"), Ok(150));
        assert_eq!(parse_centi(" 1,000 "), Ok(100_000));
        assert_eq!(parse_centi("0"), Err(MoneyError::NotPositive));
        assert_eq!(parse_centi("0.00"), Err(MoneyError::NotPositive));
        assert_eq!(parse_centi("-1"), Err(MoneyError::Negative));
        assert_eq!(parse_centi("1.255"), Err(MoneyError::TooManyDecimals));
        assert_eq!(parse_centi(""), Err(MoneyError::Empty));
        assert_eq!(parse_centi("1h"), Err(MoneyError::InvalidChar { ch: 'h' }));
        assert_eq!(parse_centi("¥1"), Err(MoneyError::InvalidChar { ch: '¥' }));
        assert_eq!(
            parse_centi("99999999999999999999"),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn error_keys_and_args() {
        let e = MoneyError::NotANumber {
            input: "1.2.3".into(),
        };
        assert_eq!(e.i18n_key(), "error.money.not_a_number");
        assert_eq!(e.i18n_args(), vec![("input", "1.2.3".to_string())]);
        assert_eq!(e.to_string(), "“1.2.3” is not a number.");
        assert_eq!(
            MoneyError::InvalidChar { ch: 'a' }.i18n_args(),
            vec![("char", "a".to_string())]
        );
        assert_eq!(MoneyError::Overflow.i18n_args(), vec![]);
    }
}
