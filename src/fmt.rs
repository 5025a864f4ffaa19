//! How values are shown: hours, times of day, money, plates, phones, vehicles, weekdays.
//! Below both `app/` and `ui/`; every screen formats through here.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::clock::Zone;
use crate::domain::phone::Phone;
use crate::domain::plate::Plate;

/// Local "MM-DD HH:MM" of a stored UTC time.
pub fn short_time(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%m-%d %H:%M").to_string()
}

/// Local "HH:MM".
pub fn hhmm(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%H:%M").to_string()
}

/// Hours from minutes, e.g. 90 → "1.5".
pub fn hours(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{}", minutes / 60)
    } else {
        format!("{h:.1}")
    }
}

/// Cents as "1,234.50".
pub fn money(cents: i64) -> String {
    crate::domain::money::Cents(cents).to_string()
}

/// `s` padded with spaces to `width` display columns (CJK characters count two).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` cut to at most `width` display columns.
pub fn truncate(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// `s` broken into lines of at most `width` display columns, at a space where one is
/// near (CJK text has none: it breaks between characters).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width && c == ' ' {
            out.push(std::mem::take(&mut line));
            w = 0;
            continue;
        }
        if w + cw > width {
            // Break at the last space of the line when it is in its second half.
            let cut = line
                .rfind(' ')
                .filter(|&i| unicode_width::UnicodeWidthStr::width(&line[..i]) > width / 2);
            match cut {
                Some(i) => {
                    let rest = line[i + 1..].to_string();
                    line.truncate(i);
                    out.push(std::mem::take(&mut line));
                    line = rest;
                }
                None => out.push(std::mem::take(&mut line)),
            }
            w = unicode_width::UnicodeWidthStr::width(line.as_str());
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// A stored plate as people write it ("粤B·12345").
pub fn plate_text(stored: &str) -> String {
    Plate::parse(stored)
        .map(|p| p.display())
        .unwrap_or_else(|_| stored.to_string())
}

/// A stored phone number as people read it ("138 0013 8000"); as stored if it does not parse.
pub fn phone_text(stored: &str) -> String {
    Phone::parse(stored)
        .map(|p| p.display())
        .unwrap_or_else(|_| stored.to_string())
}

/// "大众 帕萨特": make and model, whichever are known.
pub fn vehicle(make: Option<&str>, model: Option<&str>) -> String {
    [make, model]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The catalog keys of the weekday names, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = [
    "weekday.mon",
    "weekday.tue",
    "weekday.wed",
    "weekday.thu",
    "weekday.fri",
    "weekday.sat",
    "weekday.sun",
];

/// The catalog key of a day's weekday name.
pub fn weekday_key(d: NaiveDate) -> &'static str {
    match d.weekday() {
        chrono::Weekday::Mon => "weekday.mon",
        chrono::Weekday::Tue => "weekday.tue",
        chrono::Weekday::Wed => "weekday.wed",
        chrono::Weekday::Thu => "weekday.thu",
        chrono::Weekday::Fri => "weekday.fri",
        chrono::Weekday::Sat => "weekday.sat",
        chrono::Weekday::Sun => "weekday.sun",
    }
}

/// "YYYY-MM-DD".
pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_money_and_padding() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(120), "2");
        assert_eq!(money(123_450), "1,234.50");
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(truncate("王芳芳", 5), "王芳");
        assert_eq!(vehicle(Some("大众"), None), "大众");
        assert_eq!(
            wrap("the odometer reads less", 12),
            vec!["the odometer", "reads less"]
        );
        assert_eq!(
            wrap("里程数不能小于上次", 8),
            vec!["里程数不", "能小于上", "次"]
        );
        for l in wrap("a b c d e f g h i j k", 5) {
            assert!(l.chars().count() <= 5, "{l}");
        }
    }
}
