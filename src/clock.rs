//! The one place "now" comes from. `FRONTDESK_NOW=<RFC 3339>` freezes it.
//!
//! Times are kept in UTC everywhere; the shop's zone (config `timezone`, else the
//! system's local zone) is used only to show them and to decide calendar days.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// The variable that freezes the clock.
pub const NOW_VAR: &str = "FRONTDESK_NOW";

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// The operating system's local zone (`TZ`, /etc/localtime).
    System,
    /// A named IANA zone from the configuration, e.g. `Asia/Shanghai`.
    Named(chrono_tz::Tz),
}

impl Zone {
    pub fn parse(name: &str) -> Result<Zone, String> {
        name.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("unknown time zone {name:?} (expected an IANA name such as Asia/Shanghai)")
        })
    }

    /// The UTC offset in force at `t` in this zone.
    pub fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::System => chrono::Local
                .from_utc_datetime(&t.naive_utc())
                .offset()
                .fix(),
            Zone::Named(tz) => tz.from_utc_datetime(&t.naive_utc()).offset().fix(),
        }
    }

    pub fn to_local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.offset_at(t))
    }

    /// Local midnight of `day` in UTC (the first minute of the day where midnight does
    /// not exist).
    pub fn start_of_day(&self, day: NaiveDate) -> DateTime<Utc> {
        (0..=120)
            .find_map(|m| self.from_local(day.and_hms_opt(0, 0, 0)? + chrono::Duration::minutes(m)))
            .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
    }

    /// Local wall-clock time to UTC; `None` when it does not exist (a DST gap).
    pub fn from_local(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::System => chrono::Local
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
            Zone::Named(tz) => tz
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
        }
    }
}

/// The first and last year `FRONTDESK_NOW` may name: a clock outside them is a typing
/// mistake, and would date every record of the shop wrongly.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// A `FRONTDESK_NOW` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NowError {
    #[error("{NOW_VAR}={value:?} is not an RFC 3339 time (example: 2026-11-23T09:00:00+08:00)")]
    NotRfc3339 { value: String },
    #[error("{NOW_VAR}={value:?} is outside the years {FIRST_YEAR}–{LAST_YEAR}")]
    OutOfRange { value: String },
}

/// Parses a `FRONTDESK_NOW` value.
pub fn parse_now(v: &str) -> Result<DateTime<Utc>, NowError> {
    let t = DateTime::parse_from_rfc3339(v).map_err(|_| NowError::NotRfc3339 {
        value: v.to_string(),
    })?;
    let t = t.with_timezone(&Utc);
    if !(FIRST_YEAR..=LAST_YEAR).contains(&t.year()) {
        return Err(NowError::OutOfRange {
            value: v.to_string(),
        });
    }
    Ok(t)
}

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    frozen: Option<DateTime<Utc>>,
    zone: Zone,
}

impl Clock {
    /// The system clock, in `zone`.
    pub fn system(zone: Zone) -> Clock {
        Clock { frozen: None, zone }
    }

    /// A clock stopped at `at` (tests, `FRONTDESK_NOW`).
    pub fn frozen(at: DateTime<Utc>, zone: Zone) -> Clock {
        Clock {
            frozen: Some(at),
            zone,
        }
    }

    /// Reads `FRONTDESK_NOW`; an unparsable value, or one outside the years
    /// [`FIRST_YEAR`]–[`LAST_YEAR`], is an error, never silently ignored.
    pub fn from_env(zone: Zone) -> Result<Clock, NowError> {
        match std::env::var(NOW_VAR) {
            Ok(v) if !v.trim().is_empty() => parse_now(v.trim()).map(|t| Clock::frozen(t, zone)),
            _ => Ok(Clock::system(zone)),
        }
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    pub fn zone(&self) -> Zone {
        self.zone
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(Utc::now)
    }

    pub fn local_now(&self) -> DateTime<FixedOffset> {
        self.zone.to_local(self.now())
    }

    pub fn today(&self) -> NaiveDate {
        self.local_now().date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_reports_its_instant_and_local_day() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T00:30:00+08:00").unwrap();
        let c = Clock::frozen(
            at.with_timezone(&Utc),
            Zone::parse("Asia/Shanghai").unwrap(),
        );
        assert_eq!(c.now().to_rfc3339(), "2026-11-22T16:30:00+00:00");
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(c.local_now().format("%H:%M").to_string(), "00:30");
    }

    #[test]
    fn frozen_time_must_be_rfc3339_within_2000_to_2100() {
        assert!(parse_now("2026-11-23T09:00:00+08:00").is_ok());
        assert!(parse_now("2000-01-01T00:00:00Z").is_ok());
        assert!(parse_now("2100-12-31T23:59:59Z").is_ok());
        for v in [
            "1999-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
        ] {
            assert_eq!(
                parse_now(v),
                Err(NowError::OutOfRange { value: v.into() }),
                "{v}"
            );
        }
        assert!(matches!(
            parse_now("tomorrow"),
            Err(NowError::NotRfc3339 { .. })
        ));
    }

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(Zone::parse("Mars/Olympus").is_err());
    }
}
