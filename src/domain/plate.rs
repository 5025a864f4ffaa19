//! Chinese licence plates (车牌号).
//!
//! Any plate-like text is accepted (foreign, military, temporary plates exist at a service
//! center); [`Plate::conforms`] tells whether it is a standard mainland plate so the UI can
//! flag the others.

use super::text::{fold, is_cjk_ideograph};

/// The province (and municipality / region) abbreviations that start a mainland plate.
pub const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// The special last characters: coach, police, Hong Kong, Macau, trailer, consulate,
/// test, oversize. (Embassy plates start with 使 instead.)
const SPECIAL_SUFFIXES: &str = "学警港澳挂领试超";

/// Longest plate accepted, in characters, after separators are removed.
pub const MAX_PLATE_CHARS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlateError {
    #[error("Enter a plate number.")]
    Empty,
    #[error("A plate number has at most {max} characters; this one has {len}.")]
    TooLong { len: usize, max: usize },
    #[error("“{ch}” cannot be part of a plate number.")]
    InvalidChar { ch: char },
}

impl PlateError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            PlateError::Empty => "error.plate.empty",
            PlateError::TooLong { .. } => "error.plate.too_long",
            PlateError::InvalidChar { .. } => "error.plate.invalid_char",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            PlateError::Empty => vec![],
            PlateError::TooLong { len, max } => {
                vec![("len", len.to_string()), ("max", max.to_string())]
            }
            PlateError::InvalidChar { ch } => vec![("char", ch.to_string())],
        }
    }
}

/// A normalised plate number: upper-case ASCII letters, digits and CJK ideographs only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Plate {
    normalized: String,
    conforms: bool,
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '\u{B7}' | '\u{2022}' | '\u{30FB}' | '\u{FF65}' | '-' | '.' | '_'
    ) || c.is_whitespace()
}

/// Half-width, NFC, separators removed, ASCII upper-cased.
fn normalize(input: &str) -> String {
    // A stored plate (and most typed ones) is normal already: upper-case ASCII letters,
    // digits and unified CJK ideographs, which the fold, NFC and the separator removal
    // all leave as they are — no need to build it again (lists draw hundreds of them).
    if input.chars().all(already_normal) {
        return input.to_string();
    }
    normalize_slowly(input)
}

/// A character every step of [`normalize_slowly`] keeps as it is.
fn already_normal(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || ('\u{3400}'..='\u{9FFF}').contains(&c)
}

fn normalize_slowly(input: &str) -> String {
    fold(input)
        .chars()
        .filter(|&c| !is_separator(c))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Plate {
    /// Parses a plate as typed: `"粤B·12345"`, `"粤b 12345"`, `"粤Ｂ１２３４５"` all give `粤B12345`.
    pub fn parse(input: &str) -> Result<Plate, PlateError> {
        let normalized = normalize(input);
        if normalized.is_empty() {
            return Err(PlateError::Empty);
        }
        if let Some(ch) = normalized
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || is_cjk_ideograph(c)))
        {
            return Err(PlateError::InvalidChar { ch });
        }
        let len = normalized.chars().count();
        if len > MAX_PLATE_CHARS {
            return Err(PlateError::TooLong {
                len,
                max: MAX_PLATE_CHARS,
            });
        }
        let conforms = is_standard(&normalized);
        Ok(Plate {
            normalized,
            conforms,
        })
    }

    /// The normalised form, e.g. `"粤B12345"` (what is stored and searched).
    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The form shown to staff: `"粤B·12345"` for a standard plate, else the normalised form.
    pub fn display(&self) -> String {
        if self.conforms {
            let mut chars = self.normalized.chars();
            let head: String = chars.by_ref().take(2).collect();
            format!("{head}\u{B7}{}", chars.as_str())
        } else {
            self.normalized.clone()
        }
    }

    /// The province abbreviation the plate starts with, if any.
    pub fn province(&self) -> Option<char> {
        self.normalized
            .chars()
            .next()
            .filter(|&c| PROVINCES.contains(c))
    }

    /// The plate without its province abbreviation (`"B12345"`), for searching a plate
    /// typed without it. The whole plate when it has no province.
    pub fn without_province(&self) -> &str {
        match self.province() {
            Some(p) => &self.normalized[p.len_utf8()..],
            None => &self.normalized,
        }
    }

    /// True when this is a standard mainland plate (ordinary, new-energy or special).
    pub fn conforms(&self) -> bool {
        self.conforms
    }
}

impl std::fmt::Display for Plate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl std::str::FromStr for Plate {
    type Err = PlateError;
    fn from_str(s: &str) -> Result<Self, PlateError> {
        Plate::parse(s)
    }
}

impl serde::Serialize for Plate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Plate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Plate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The normalised form of partial input, for search-as-you-type (never fails).
pub fn plate_search_key(input: &str) -> String {
    normalize(input)
}

/// A serial character: digits and letters except I and O.
fn is_serial(c: char) -> bool {
    c.is_ascii_digit() || (c.is_ascii_uppercase() && c != 'I' && c != 'O')
}

fn is_standard(plate: &str) -> bool {
    let c: Vec<char> = plate.chars().collect();
    // Embassy plates: 使 and six digits (使 014578).
    if c.first() == Some(&'使') {
        return c.len() == 7 && c[1..].iter().all(char::is_ascii_digit);
    }
    if c.len() < 7 || !PROVINCES.contains(c[0]) || !c[1].is_ascii_uppercase() {
        return false;
    }
    let serial = &c[2..];
    match serial.len() {
        // Ordinary: 5 serial characters; or 4 plus a special suffix (学, 警, 港…).
        5 => {
            serial.iter().all(|&x| is_serial(x))
                || (serial[..4].iter().all(|&x| is_serial(x))
                    && SPECIAL_SUFFIXES.contains(serial[4]))
        }
        // New energy: small D/F + serial char + 4 digits; large 5 digits + D/F.
        6 => {
            let small = matches!(serial[0], 'D' | 'F')
                && is_serial(serial[1])
                && serial[2..].iter().all(char::is_ascii_digit);
            let large =
                serial[..5].iter().all(char::is_ascii_digit) && matches!(serial[5], 'D' | 'F');
            small || large
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The short cut takes only what the whole normalisation would give back as it is.
        #[test]
        fn the_already_normal_short_cut_agrees_with_the_whole_normalisation(
            s in "[A-Z0-9\u{3400}-\u{9FFF}]{0,12}"
        ) {
            proptest::prop_assert!(s.chars().all(already_normal));
            proptest::prop_assert_eq!(normalize_slowly(&s), s.clone());
            proptest::prop_assert_eq!(normalize(&s), s);
        }
    }

    use super::*;

    fn p(s: &str) -> Plate {
        Plate::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    #[test]
    fn accepts_and_normalises() {
        let cases = [
            ("粤B12345", "粤B12345"),
            ("粤B·12345", "粤B12345"),
            ("粤b 12345", "粤B12345"),
            ("粤Ｂ１２３４５", "粤B12345"),
            ("粤Ｂ\u{3000}１２３４５", "粤B12345"),
            ("  粤B-123.45 ", "粤B12345"),
            ("粤B•12345", "粤B12345"),
            ("粤B・12345", "粤B12345"),
            ("粤B･12345", "粤B12345"),
            ("粤b_12345", "粤B12345"),
            ("京ad12345", "京AD12345"),
            ("wj1234", "WJ1234"),
            ("HK 1234", "HK1234"),
            ("ABCDEFGHIJKL", "ABCDEFGHIJKL"),
        ];
        for (input, want) in cases {
            assert_eq!(p(input).as_str(), want, "{input:?}");
        }
    }

    #[test]
    fn conformity_follows_the_real_rules() {
        let yes = [
            "粤B12345",  // ordinary
            "京AD1234",  // ordinary: letters (except I, O) may appear in the serial
            "沪AB12C3",  // ordinary with letters
            "京AD12345", // small new-energy (D)
            "苏EFA1234", // small new-energy (F, letter in 2nd place)
            "浙A12345D", // large new-energy
            "川A12345F", // large new-energy
            "粤B1234学", // coach
            "粤Z1234港", // Hong Kong
            "粤Z1234澳",
            "鲁A1234挂",
            "京A1234警",
            "沪A1234领",
            "京A1234试",
            "京A1234超",
        ];
        for s in yes {
            assert!(p(s).conforms(), "{s} should conform");
        }
        let no = [
            "粤B1234",   // too short
            "粤B123456", // 6 digits, not new energy
            "粤BI2345",  // letter I never appears
            "粤BO2345",  // letter O never appears
            "粤B12I45",
            "苏EF1A234", // small new-energy: 4 digits after the 2nd serial char
            "京AD1234A", // small new-energy needs 4 digits at the end
            "京AA12345", // 6-character serial not starting with D/F
            "京A1234DD",
            "京A12345A", // large new-energy ends in D or F
            "港B12345",  // not a province abbreviation
            "粤112345",  // the authority code is a letter
            "粤B123学4",
            "粤B123456学",
            "WJ1234",
            "粤B",
        ];
        for s in no {
            assert!(!p(s).conforms(), "{s} should not conform");
        }
    }

    #[test]
    fn display_province_and_tail() {
        let a = p("粤b12345");
        assert_eq!(a.display(), "粤B·12345");
        assert_eq!(a.to_string(), "粤B·12345");
        assert_eq!(a.province(), Some('粤'));
        assert_eq!(a.without_province(), "B12345");

        let nev = p("京AD12345");
        assert_eq!(nev.display(), "京A·D12345");

        let odd = p("WJ-1234");
        assert_eq!(odd.display(), "WJ1234");
        assert_eq!(odd.province(), None);
        assert_eq!(odd.without_province(), "WJ1234");

        let odd_province = p("粤B123");
        assert!(!odd_province.conforms());
        assert_eq!(odd_province.display(), "粤B123");
        assert_eq!(odd_province.province(), Some('粤'));
        assert_eq!(odd_province.without_province(), "B123");
    }

    #[test]
    fn display_round_trips() {
        for s in ["粤B12345", "京AD12345", "WJ1234", "粤B1234学", "浙A12345D"] {
            let plate = p(s);
            assert_eq!(p(&plate.display()), plate);
            assert_eq!(s.parse::<Plate>().as_ref(), Ok(&plate));
        }
    }

    #[test]
    fn errors() {
        let cases = [
            ("", PlateError::Empty),
            ("   ", PlateError::Empty),
            ("·-·", PlateError::Empty),
            ("\u{3000}", PlateError::Empty),
            ("ABCDEFGHIJKLM", PlateError::TooLong { len: 13, max: 12 }),
            ("粤B12345!", PlateError::InvalidChar { ch: '!' }),
            ("粤B1234é", PlateError::InvalidChar { ch: 'é' }),
            ("粤Bア2345", PlateError::InvalidChar { ch: 'ア' }),
            ("粤B/12345", PlateError::InvalidChar { ch: '/' }),
            ("😀", PlateError::InvalidChar { ch: '😀' }),
        ];
        for (input, want) in cases {
            assert_eq!(Plate::parse(input), Err(want), "{input:?}");
        }
    }

    #[test]
    fn error_keys_and_args() {
        let e = PlateError::TooLong { len: 13, max: 12 };
        assert_eq!(e.i18n_key(), "error.plate.too_long");
        assert_eq!(
            e.i18n_args(),
            vec![("len", "13".to_string()), ("max", "12".to_string())]
        );
        assert_eq!(
            e.to_string(),
            "A plate number has at most 12 characters; this one has 13."
        );
        assert_eq!(PlateError::Empty.i18n_key(), "error.plate.empty");
        let e = PlateError::InvalidChar { ch: '!' };
        assert_eq!(e.i18n_key(), "error.plate.invalid_char");
        assert_eq!(e.i18n_args(), vec![("char", "!".to_string())]);
    }

    #[test]
    fn search_key() {
        assert_eq!(plate_search_key("粤b·12"), "粤B12");
        assert_eq!(plate_search_key("ｂ１２"), "B12");
        assert_eq!(plate_search_key(" "), "");
        assert_eq!(plate_search_key("a!"), "A!");
    }

    #[test]
    fn serde_uses_the_normalised_string() {
        let plate = p("粤B·12345");
        let json = serde_json::to_string(&plate).unwrap();
        assert_eq!(json, "\"粤B12345\"");
        assert_eq!(serde_json::from_str::<Plate>(&json).unwrap(), plate);
        assert!(serde_json::from_str::<Plate>("\"!\"").is_err());
    }
}
