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
    }
}
