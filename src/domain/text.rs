//! Text normalisation shared by every parser: Unicode NFC, full-width → half-width folding
//! (what Chinese input methods type), CJK detection and digit grouping.

use unicode_normalization::UnicodeNormalization;

/// Unicode canonical composition (NFC).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space (U+3000) to
/// an ordinary space. Every other character is kept as is.
pub fn to_halfwidth(s: &str) -> String {
    s.chars().map(halfwidth_char).collect()
}

/// The half-width form of one character (see [`to_halfwidth`]).
pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// What the UI applies to every typed or pasted string: NFC only, spaces kept.
pub fn normalize_input(s: &str) -> String {
    nfc(s)
}

/// Half-width folding then NFC: the first step of every parser.
pub fn fold(s: &str) -> String {
    nfc(&to_halfwidth(s))
}

/// True for a CJK unified or compatibility ideograph (the characters of plates and
/// Chinese names).
pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// `12345678` → `"12,345,678"`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses ASCII digits with optional `,` thousands separators (`"12,345"`). `None` when the
/// text is not such a number; `Some(Err(()))` when it is but does not fit in a `u64`.
pub(crate) fn parse_grouped_digits(s: &str) -> Option<Result<u64, ()>> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    if s.contains(',') {
        let mut groups = s.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut value: u64 = 0;
    for c in s.chars().filter(char::is_ascii_digit) {
        let d = u64::from(c as u8 - b'0');
        match value.checked_mul(10).and_then(|v| v.checked_add(d)) {
            Some(v) => value = v,
            None => return Some(Err(())),
        }
    }
    Some(Ok(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_folds_fullwidth_ascii_and_ideographic_space() {
        assert_eq!(to_halfwidth("粤Ｂ１２３４５"), "粤B12345");
        assert_eq!(to_halfwidth("！～"), "!~");
        assert_eq!(to_halfwidth("a\u{3000}b"), "a b");
        assert_eq!(
            to_halfwidth("￥"),
            "￥",
            "U+FFE5 is outside the folded block"
        );
        assert_eq!(to_halfwidth("王先生"), "王先生");
    }

    #[test]
    fn nfc_composes_and_normalize_input_keeps_spaces() {
        assert_eq!(nfc("e\u{301}"), "\u{e9}");
        assert_eq!(normalize_input("  e\u{301} x "), "  \u{e9} x ");
        assert_eq!(fold("Ａe\u{301}"), "A\u{e9}");
    }

    #[test]
    fn cjk_detection() {
        assert!(is_cjk_ideograph('粤'));
        assert!(is_cjk_ideograph('\u{3400}'));
        assert!(!is_cjk_ideograph('A'));
        assert!(!is_cjk_ideograph('・'));
        assert!(!is_cjk_ideograph('ア'));
    }

    #[test]
    fn grouping() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(12_345_678), "12,345,678");
        assert_eq!(group_thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn grouped_digits() {
        assert_eq!(parse_grouped_digits("12,345"), Some(Ok(12_345)));
        assert_eq!(parse_grouped_digits("12345"), Some(Ok(12_345)));
        assert_eq!(parse_grouped_digits("1,234,567"), Some(Ok(1_234_567)));
        assert_eq!(parse_grouped_digits("1234,567"), None);
        assert_eq!(parse_grouped_digits("12,34"), None);
        assert_eq!(parse_grouped_digits(",123"), None);
        assert_eq!(parse_grouped_digits("123,"), None);
        assert_eq!(parse_grouped_digits(""), None);
        assert_eq!(parse_grouped_digits("12a"), None);
        assert_eq!(
            parse_grouped_digits("99999999999999999999999"),
            Some(Err(()))
        );
    }
}
