//! Odometer readings (进厂公里数), in whole kilometres.

use super::text::{fold, group_thousands, parse_grouped_digits};

/// Highest reading accepted, in km.
pub const MAX_KM: u32 = 2_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OdometerError {
    #[error("Enter the odometer reading.")]
    Empty,
    #[error("“{input}” is not a whole number of kilometres.")]
    NotANumber { input: String },
    #[error("The reading cannot exceed {} km.", group_thousands(u64::from(*max)))]
    TooLarge { max: u32 },
    #[error("The reading is below the last recorded one ({} km); give a correction reason to record it.", group_thousands(u64::from(*last)))]
    BelowLast { last: u32 },
}

impl OdometerError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            OdometerError::Empty => "error.odometer.empty",
            OdometerError::NotANumber { .. } => "error.odometer.not_a_number",
            OdometerError::TooLarge { .. } => "error.odometer.too_large",
            OdometerError::BelowLast { .. } => "error.odometer.below_last",
        }
    }

    /// The named placeholders of the message (numbers already grouped: `"12,345"`).
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            OdometerError::Empty => vec![],
            OdometerError::NotANumber { input } => vec![("input", input.clone())],
            OdometerError::TooLarge { max } => vec![("max", group_thousands(u64::from(*max)))],
            OdometerError::BelowLast { last } => vec![("last", group_thousands(u64::from(*last)))],
        }
    }
}

/// Parses a reading: `"12345"`, `"12,345"`, `"12345 km"`, `"12345KM"`, `"12345公里"`.
pub fn parse_km(input: &str) -> Result<u32, OdometerError> {
    let text = fold(input);
    let mut s = text.trim();
    if let Some(rest) = s.strip_suffix("公里").or_else(|| s.strip_suffix("千米")) {
        s = rest.trim_end();
    } else if s.len() >= 2
        && s.is_char_boundary(s.len() - 2)
        && s[s.len() - 2..].eq_ignore_ascii_case("km")
    {
        s = s[..s.len() - 2].trim_end();
    }
    if s.is_empty() {
        return Err(OdometerError::Empty);
    }
    match parse_grouped_digits(s) {
        None => Err(OdometerError::NotANumber {
            input: s.to_string(),
        }),
        Some(Ok(km)) if km <= u64::from(MAX_KM) => Ok(km as u32),
        Some(_) => Err(OdometerError::TooLarge { max: MAX_KM }),
    }
}

/// A reading below the last recorded one is refused unless a (non-blank) correction
/// reason is given.
pub fn check_reading(
    new_km: u32,
    last_km: Option<u32>,
    correction_reason: Option<&str>,
) -> Result<(), OdometerError> {
    let has_reason = correction_reason.is_some_and(|r| !r.trim().is_empty());
    match last_km {
        Some(last) if new_km < last && !has_reason => Err(OdometerError::BelowLast { last }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_readings() {
        let cases = [
            ("12345", 12_345),
            ("12,345", 12_345),
            ("12345 km", 12_345),
            ("12345km", 12_345),
            ("12345KM", 12_345),
            ("12345 Km", 12_345),
            ("12345公里", 12_345),
            ("12,345 公里", 12_345),
            ("12345千米", 12_345),
            ("１２３４５ｋｍ", 12_345),
            (" 0 ", 0),
            ("2,000,000", 2_000_000),
        ];
        for (input, want) in cases {
            assert_eq!(parse_km(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn refuses_bad_readings() {
        use OdometerError::*;
        let nan = |s: &str| NotANumber {
            input: s.to_string(),
        };
        let cases = [
            ("", Empty),
            ("  ", Empty),
            ("km", Empty),
            ("公里", Empty),
            ("-5", nan("-5")),
            ("12.5", nan("12.5")),
            ("12,34", nan("12,34")),
            ("abc", nan("abc")),
            ("12345 miles", nan("12345 miles")),
            ("1 2345", nan("1 2345")),
            ("2,000,001", TooLarge { max: MAX_KM }),
            ("99999999999999999999999", TooLarge { max: MAX_KM }),
        ];
        for (input, want) in cases {
            assert_eq!(parse_km(input), Err(want), "{input:?}");
        }
    }

    #[test]
    fn readings_below_the_last_need_a_reason() {
        assert_eq!(check_reading(100, None, None), Ok(()));
        assert_eq!(check_reading(12_345, Some(12_345), None), Ok(()));
        assert_eq!(check_reading(12_346, Some(12_345), None), Ok(()));
        let below = Err(OdometerError::BelowLast { last: 12_345 });
        assert_eq!(check_reading(12_000, Some(12_345), None), below);
        assert_eq!(check_reading(12_000, Some(12_345), Some("")), below);
        assert_eq!(
            check_reading(12_000, Some(12_345), Some(" \u{3000} ")),
            below
        );
        assert_eq!(
            check_reading(12_000, Some(12_345), Some("instrument cluster replaced")),
            Ok(())
        );
    }

    #[test]
    fn error_keys_and_args() {
        let e = OdometerError::BelowLast { last: 12_345 };
        assert_eq!(e.i18n_key(), "error.odometer.below_last");
        assert_eq!(e.i18n_args(), vec![("last", "12,345".to_string())]);
        assert_eq!(
            e.to_string(),
            "The reading is below the last recorded one (12,345 km); give a correction reason to record it."
        );
        let e = OdometerError::TooLarge { max: MAX_KM };
        assert_eq!(e.i18n_args(), vec![("max", "2,000,000".to_string())]);
        assert_eq!(e.to_string(), "The reading cannot exceed 2,000,000 km.");
    }
}
