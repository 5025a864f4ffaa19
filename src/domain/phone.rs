//! Mainland China phone numbers: mobiles (`1[3-9]` + 9 digits) and landlines (area code
//! starting with 0, then a 7–8 digit number).

use super::text::to_halfwidth;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("Enter a phone number.")]
    Empty,
    #[error("“{ch}” cannot be part of a phone number.")]
    InvalidChar { ch: char },
    #[error("Extensions are not supported; enter the main number only.")]
    Extension,
    #[error("Only mainland China numbers (+86) are accepted.")]
    CountryCode,
    #[error("The phone number is too short ({digits} digits).")]
    TooShort { digits: usize },
    #[error("The phone number is too long ({digits} digits).")]
    TooLong { digits: usize },
    #[error(
        "This is neither a mobile number (starting with 13–19) nor a landline (starting with an area code such as 020)."
    )]
    BadPrefix,
}

impl PhoneError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            PhoneError::Empty => "error.phone.empty",
            PhoneError::InvalidChar { .. } => "error.phone.invalid_char",
            PhoneError::Extension => "error.phone.extension",
            PhoneError::CountryCode => "error.phone.country_code",
            PhoneError::TooShort { .. } => "error.phone.too_short",
            PhoneError::TooLong { .. } => "error.phone.too_long",
            PhoneError::BadPrefix => "error.phone.bad_prefix",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            PhoneError::InvalidChar { ch } => vec![("char", ch.to_string())],
            PhoneError::TooShort { digits } | PhoneError::TooLong { digits } => {
                vec![("digits", digits.to_string())]
            }
            PhoneError::Empty
            | PhoneError::Extension
            | PhoneError::CountryCode
            | PhoneError::BadPrefix => {
                vec![]
            }
        }
    }
}

/// A mainland phone number, stored as its digits only (no country code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '(' | ')' | '.') || c.is_whitespace()
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

fn is_landline(d: &str) -> bool {
    let b = d.as_bytes();
    (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0'
}

/// Digits of the area code: 3 for 010 and 02x, 4 for the others.
fn area_code_len(d: &str) -> usize {
    match d.as_bytes().get(1) {
        Some(b'1' | b'2') => 3,
        _ => 4,
    }
}

impl Phone {
    /// Parses a number as typed: `"138 0013 8000"`, `"+86 138-0013-8000"`, `"(020) 1234 5678"`.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let text = to_halfwidth(input);
        let text = text.trim();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let lower = text.to_lowercase();
        if lower.contains("ext")
            || lower.contains('x')
            || lower.contains('转')
            || lower.contains('#')
        {
            return Err(PhoneError::Extension);
        }
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_separator(c) {
                return Err(PhoneError::InvalidChar { ch: c });
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        let digits = if plus {
            match digits.strip_prefix("86") {
                Some(national) => national.to_string(),
                None => return Err(PhoneError::CountryCode),
            }
        } else if let Some(m) = digits.strip_prefix("0086").filter(|m| is_mobile(m)) {
            m.to_string()
        } else if let Some(m) = digits.strip_prefix("86").filter(|m| is_mobile(m)) {
            m.to_string()
        } else {
            digits
        };
        let n = digits.len();
        let (min, max) = if digits.starts_with('1') {
            (11, 11)
        } else {
            (10, 12)
        };
        if n < min {
            return Err(PhoneError::TooShort { digits: n });
        }
        if n > max {
            return Err(PhoneError::TooLong { digits: n });
        }
        if is_mobile(&digits) || is_landline(&digits) {
            Ok(Phone(digits))
        } else {
            Err(PhoneError::BadPrefix)
        }
    }

    /// The digits, e.g. `"13800138000"` (what is stored and searched).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        is_mobile(&self.0)
    }

    /// `"138 0013 8000"` for a mobile, `"020-12345678"` for a landline.
    pub fn display(&self) -> String {
        let d = &self.0;
        if self.is_mobile() {
            format!("{} {} {}", &d[..3], &d[3..7], &d[7..])
        } else {
            let a = area_code_len(d);
            format!("{}-{}", &d[..a], &d[a..])
        }
    }

    /// A form that hides the middle: `"138****8000"`, `"020-******78"`.
    pub fn masked(&self) -> String {
        let d = &self.0;
        if self.is_mobile() {
            format!("{}****{}", &d[..3], &d[7..])
        } else {
            let a = area_code_len(d);
            let hidden = d.len() - a - 2;
            format!("{}-{}{}", &d[..a], "*".repeat(hidden), &d[d.len() - 2..])
        }
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::str::FromStr for Phone {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, PhoneError> {
        Phone::parse(s)
    }
}

impl serde::Serialize for Phone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Phone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Phone::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The digits of a partial input, for "last 4+ digits" search: `Some` only when the input
/// is digits and separators (a leading `+` allowed) with at least 4 digits.
pub fn phone_search_digits(input: &str) -> Option<String> {
    let text = to_halfwidth(input);
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !is_separator(c) {
            return None;
        }
    }
    (digits.len() >= 4).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        Phone::parse(s)
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
            .0
    }

    #[test]
    fn accepts_mobiles() {
        let cases = [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "138.0013.8000",
            "(138) 0013 8000",
            "+86 138 0013 8000",
            "+86-13800138000",
            "+8613800138000",
            "008613800138000",
            "0086 138 0013 8000",
            "8613800138000",
            "86 138 0013 8000",
            "１３８００１３８０００",
            "＋８６\u{3000}１３８００１３８０００",
            "  13800138000  ",
        ];
        for s in cases {
            assert_eq!(ok(s), "13800138000", "{s:?}");
        }
        for s in ["13012345678", "19912345678", "15500000000"] {
            assert_eq!(ok(s), s);
        }
    }

    #[test]
    fn accepts_landlines() {
        let cases = [
            ("020-12345678", "02012345678"),
            ("(020) 1234 5678", "02012345678"),
            ("010 12345678", "01012345678"),
            ("0755-12345678", "075512345678"),
            ("0755-1234567", "07551234567"),
            ("010-1234567", "0101234567"),
        ];
        for (input, want) in cases {
            assert_eq!(ok(input), want, "{input:?}");
        }
    }

    #[test]
    fn display_and_mask() {
        let m = Phone::parse("13800138000").unwrap();
        assert!(m.is_mobile());
        assert_eq!(m.display(), "138 0013 8000");
        assert_eq!(m.to_string(), "138 0013 8000");
        assert_eq!(m.masked(), "138****8000");
        assert_eq!(m.as_str(), "13800138000");

        let l = Phone::parse("020-12345678").unwrap();
        assert!(!l.is_mobile());
        assert_eq!(l.display(), "020-12345678");
        assert_eq!(l.masked(), "020-******78");

        let l4 = Phone::parse("0755-1234567").unwrap();
        assert_eq!(l4.display(), "0755-1234567");
        assert_eq!(l4.masked(), "0755-*****67");

        for p in [m, l, l4] {
            assert_eq!(Phone::parse(&p.display()).as_ref(), Ok(&p));
            assert!(!p.masked().contains(p.as_str()));
        }
    }

    #[test]
    fn errors() {
        use PhoneError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("--", Empty),
            ("+", Empty),
            ("138a0013800", InvalidChar { ch: 'a' }),
            ("138/0013/8000", InvalidChar { ch: '/' }),
            ("1380013800+0", InvalidChar { ch: '+' }),
            ("020-12345678 x12", Extension),
            ("020-12345678 ext. 12", Extension),
            ("020-12345678转123", Extension),
            ("020-12345678#12", Extension),
            ("+1 415 555 0100", CountryCode),
            ("+44 20 7946 0958", CountryCode),
            ("1380013800", TooShort { digits: 10 }),
            ("1234", TooShort { digits: 4 }),
            ("02012345", TooShort { digits: 8 }),
            ("138001380001", TooLong { digits: 12 }),
            ("0201234567890", TooLong { digits: 13 }),
            ("+86 138001380001", TooLong { digits: 12 }),
            ("12800138000", BadPrefix),
            ("23800138000", BadPrefix),
            ("0012345678", BadPrefix),
        ];
        for (input, want) in cases {
            assert_eq!(Phone::parse(input), Err(want), "{input:?}");
        }
    }

    #[test]
    fn error_keys_and_args() {
        assert_eq!(
            PhoneError::TooShort { digits: 4 }.i18n_key(),
            "error.phone.too_short"
        );
        assert_eq!(
            PhoneError::TooShort { digits: 4 }.i18n_args(),
            vec![("digits", "4".to_string())]
        );
        assert_eq!(
            PhoneError::InvalidChar { ch: 'a' }.i18n_args(),
            vec![("char", "a".to_string())]
        );
        assert_eq!(PhoneError::BadPrefix.i18n_args(), vec![]);
        assert_eq!(
            PhoneError::InvalidChar { ch: 'a' }.to_string(),
            "“a” cannot be part of a phone number."
        );
    }

    #[test]
    fn search_digits() {
        assert_eq!(phone_search_digits("8000"), Some("8000".into()));
        assert_eq!(phone_search_digits("138-0013"), Some("1380013".into()));
        assert_eq!(phone_search_digits("＋８６ 138"), Some("86138".into()));
        assert_eq!(phone_search_digits("800"), None);
        assert_eq!(phone_search_digits("王 8000"), None);
        assert_eq!(phone_search_digits(""), None);
    }

    #[test]
    fn serde_uses_the_digits() {
        let p = Phone::parse("138 0013 8000").unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"13800138000\"");
        assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), p);
    }
}
