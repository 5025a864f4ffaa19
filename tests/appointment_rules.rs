//! Appointment rules (domain.md §1, §6): capacity and the booking band, the 3-day wait,
//! the day-before reminder, the state machine, booking validation and the counter parsers.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use frontdesk::domain::appointment::*;
use frontdesk::domain::kinds::AppointmentState;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn at(day: &str, h: u32, m: u32) -> NaiveDateTime {
    d(day).and_time(hm(h, m))
}

fn manual() -> CapacityPolicy {
    CapacityPolicy::manual_default()
}

fn closed() -> CapacityPolicy {
    CapacityPolicy {
        closed: true,
        ..manual()
    }
}

fn load(booked_minutes: i64) -> DayLoad {
    DayLoad {
        booked_minutes,
        policy: manual(),
    }
}

// ----- capacity ------------------------------------------------------------------------

#[test]
fn manual_worked_example_64_bookable_hours() {
    let p = manual();
    assert_eq!(
        (p.technicians, p.minutes_per_tech, p.productivity_pct),
        (10, 480, 100)
    );
    assert_eq!(p.booking_rate_pct, 80);
    assert_eq!(
        (p.opens_at, p.closes_at, p.closed),
        (hm(8, 30), hm(17, 30), false)
    );
    // 10 × 8 h × 100% = 80 h available; × 0.8 = 64 h bookable; 16 h reserve.
    assert_eq!(p.available_minutes(), 4800);
    assert_eq!(p.available_minutes() / 60, 80);
    assert_eq!(p.bookable_minutes(), 3840);
    assert_eq!(p.bookable_minutes() / 60, 64);
    assert_eq!(p.reserve_minutes(), 960);
    assert_eq!(p.reserve_minutes() / 60, 16);
    assert_eq!(p.working_minutes(), 540);
    assert_eq!(p.validate(), Ok(()));
}

#[test]
fn capacity_rounds_down_and_scales_with_productivity() {
    let p = CapacityPolicy {
        technicians: 3,
        minutes_per_tech: 333,
        productivity_pct: 90,
        booking_rate_pct: 60,
        ..manual()
    };
    // 3 × 333 × 0.9 = 899.1 → 899; × 0.6 = 539.4 → 539.
    assert_eq!(p.available_minutes(), 899);
    assert_eq!(p.bookable_minutes(), 539);
    assert_eq!(p.reserve_minutes(), 360);
    let zero = CapacityPolicy {
        technicians: 0,
        ..manual()
    };
    assert_eq!((zero.available_minutes(), zero.bookable_minutes()), (0, 0));
}

#[test]
fn closed_day_gives_zero_bookable() {
    let p = closed();
    assert_eq!(p.available_minutes(), 0);
    assert_eq!(p.bookable_minutes(), 0);
    assert_eq!(p.reserve_minutes(), 0);
    assert_eq!(p.working_minutes(), 0);
    let day = DayLoad {
        booked_minutes: 0,
        policy: p,
    };
    assert_eq!(day.free_minutes(), 0);
    assert_eq!(day.booking_rate_pct(), 0);
    assert_eq!(
        day.check(1),
        CapacityCheck::Over {
            booked: 0,
            bookable: 0,
            requested: 1
        }
    );
}

#[test]
fn validate_refuses_each_rule() {
    let ok = manual();
    let cases: Vec<(CapacityPolicy, CapacityError)> = vec![
        (
            CapacityPolicy {
                technicians: 501,
                ..ok
            },
            CapacityError::TooManyTechnicians { max: 500 },
        ),
        (
            CapacityPolicy {
                minutes_per_tech: 0,
                ..ok
            },
            CapacityError::MinutesPerTech { min: 1, max: 1440 },
        ),
        (
            CapacityPolicy {
                minutes_per_tech: 1441,
                ..ok
            },
            CapacityError::MinutesPerTech { min: 1, max: 1440 },
        ),
        (
            CapacityPolicy {
                productivity_pct: 0,
                ..ok
            },
            CapacityError::Productivity { min: 1, max: 200 },
        ),
        (
            CapacityPolicy {
                productivity_pct: 201,
                ..ok
            },
            CapacityError::Productivity { min: 1, max: 200 },
        ),
        (
            CapacityPolicy {
                booking_rate_pct: 0,
                ..ok
            },
            CapacityError::BookingRate { min: 1, max: 100 },
        ),
        (
            CapacityPolicy {
                booking_rate_pct: 101,
                ..ok
            },
            CapacityError::BookingRate { min: 1, max: 100 },
        ),
        (
            CapacityPolicy {
                opens_at: hm(17, 30),
                ..ok
            },
            CapacityError::OpeningHours {
                opens: "17:30".into(),
                closes: "17:30".into(),
            },
        ),
        (
            CapacityPolicy {
                opens_at: hm(18, 0),
                ..ok
            },
            CapacityError::OpeningHours {
                opens: "18:00".into(),
                closes: "17:30".into(),
            },
        ),
    ];
    for (policy, want) in cases {
        assert_eq!(policy.validate(), Err(want.clone()), "{policy:?}");
    }
    // The edges themselves are accepted.
    for p in [
        CapacityPolicy {
            technicians: 500,
            minutes_per_tech: 1440,
            productivity_pct: 200,
            booking_rate_pct: 100,
            ..ok
        },
        CapacityPolicy {
            technicians: 0,
            minutes_per_tech: 1,
            productivity_pct: 1,
            booking_rate_pct: 1,
            ..ok
        },
    ] {
        assert_eq!(p.validate(), Ok(()), "{p:?}");
    }
}

#[test]
fn capacity_error_keys_and_args() {
    let e = CapacityError::OpeningHours {
        opens: "18:00".into(),
        closes: "17:30".into(),
    };
    assert_eq!(e.i18n_key(), "error.capacity.opening_hours");
    assert_eq!(
        e.i18n_args(),
        vec![
            ("opens", "18:00".to_string()),
            ("closes", "17:30".to_string())
        ]
    );
    assert_eq!(
        e.to_string(),
        "The opening time (18:00) must be before the closing time (17:30)."
    );
    let e = CapacityError::BookingRate { min: 1, max: 100 };
    assert_eq!(e.i18n_key(), "error.capacity.booking_rate");
    assert_eq!(
        e.i18n_args(),
        vec![("min", "1".to_string()), ("max", "100".to_string())]
    );
    assert_eq!(
        CapacityError::TooManyTechnicians { max: 500 }.i18n_key(),
        "error.capacity.technicians"
    );
}

// ----- the 60–80% band ---------------------------------------------------------------

#[test]
fn band_edges_at_60_and_80_percent() {
    // 4800 available minutes: 60% = 2880, 80% = 3840.
    assert_eq!(load(2880).booking_rate_pct(), 60);
    assert_eq!(load(2880).band(), Band::Within);
    assert_eq!(load(3840).booking_rate_pct(), 80);
    assert_eq!(load(3840).band(), Band::Within);
    // 59% and 81%.
    assert_eq!(load(2832).booking_rate_pct(), 59);
    assert_eq!(load(2832).band(), Band::Below);
    assert_eq!(load(3888).booking_rate_pct(), 81);
    assert_eq!(load(3888).band(), Band::Above);
    // Half up: 59.5% shows as 60% and is within; 80.5% shows as 81% and is above;
    // 80.48% shows as 80% and is within.
    assert_eq!(load(2856).booking_rate_pct(), 60);
    assert_eq!(load(2856).band(), Band::Within);
    assert_eq!(load(2855).booking_rate_pct(), 59);
    assert_eq!(load(2855).band(), Band::Below);
    assert_eq!(load(3864).booking_rate_pct(), 81);
    assert_eq!(load(3864).band(), Band::Above);
    assert_eq!(load(3863).booking_rate_pct(), 80);
    assert_eq!(load(3863).band(), Band::Within);
    // Empty and overbooked days.
    assert_eq!(load(0).band(), Band::Below);
    assert_eq!(load(4800).booking_rate_pct(), 100);
    assert_eq!(load(6000).booking_rate_pct(), 125);
    assert_eq!(load(6000).band(), Band::Above);
    assert_eq!(BOOKING_BAND_LOW_PCT, 60);
    assert_eq!(BOOKING_BAND_HIGH_PCT, 80);
}

#[test]
fn band_on_a_day_with_nothing_available() {
    let empty = DayLoad {
        booked_minutes: 0,
        policy: closed(),
    };
    assert_eq!((empty.booking_rate_pct(), empty.band()), (0, Band::Below));
    let overridden = DayLoad {
        booked_minutes: 60,
        policy: closed(),
    };
    assert_eq!(
        (overridden.booking_rate_pct(), overridden.band()),
        (0, Band::Above)
    );
}

#[test]
fn check_fits_exactly_at_the_limit_and_not_one_minute_past() {
    let day = load(3600);
    assert_eq!(day.free_minutes(), 240);
    assert_eq!(day.check(240), CapacityCheck::Fits);
    assert_eq!(day.check(0), CapacityCheck::Fits);
    assert_eq!(
        day.check(241),
        CapacityCheck::Over {
            booked: 3600,
            bookable: 3840,
            requested: 241
        }
    );
    // Past the limit after an override: free goes negative and nothing more fits.
    let over = load(3900);
    assert_eq!(over.free_minutes(), -60);
    assert_eq!(
        over.check(1),
        CapacityCheck::Over {
            booked: 3900,
            bookable: 3840,
            requested: 1
        }
    );
}

// ----- first free day, 3-day wait, reminders ------------------------------------------

#[test]
fn first_day_with_room_skips_closed_and_full_days() {
    let monday = d("2026-11-23");
    assert_eq!(monday.weekday(), chrono::Weekday::Mon);
    // Mon full (3800 booked), Tue closed, Wed has 60 free, Thu empty.
    let week = |day: NaiveDate| match (day - monday).num_days() {
        0 => load(3800),
        1 => DayLoad {
            booked_minutes: 0,
            policy: closed(),
        },
        2 => load(3780),
        _ => load(0),
    };
    assert_eq!(
        first_day_with_room(monday, 60, 14, week),
        Some(d("2026-11-25"))
    );
    assert_eq!(
        first_day_with_room(monday, 61, 14, week),
        Some(d("2026-11-26"))
    );
    assert_eq!(first_day_with_room(monday, 40, 14, week), Some(monday));
    // A zero-minute request still skips the closed day.
    let closed_then_open = |day: NaiveDate| {
        if day == monday {
            DayLoad {
                booked_minutes: 0,
                policy: closed(),
            }
        } else {
            load(0)
        }
    };
    assert_eq!(
        first_day_with_room(monday, 0, 14, closed_then_open),
        Some(d("2026-11-24"))
    );
    // The horizon counts days from `from` itself: 3 days are Mon, Tue, Wed.
    assert_eq!(first_day_with_room(monday, 61, 3, week), None);
    assert_eq!(
        first_day_with_room(monday, 61, 4, week),
        Some(d("2026-11-26"))
    );
    assert_eq!(first_day_with_room(monday, 1, 0, |_| load(0)), None);
    assert_eq!(first_day_with_room(monday, 1, -5, |_| load(0)), None);
    // Never fits: more than a whole day's bookable time.
    assert_eq!(first_day_with_room(monday, 3841, 60, |_| load(0)), None);
}

#[test]
fn wait_of_3_days_is_fine_4_is_too_long() {
    let today = d("2026-11-23");
    assert!(!wait_too_long(today, Some(today)));
    assert!(!wait_too_long(today, Some(d("2026-11-26"))));
    assert!(wait_too_long(today, Some(d("2026-11-27"))));
    assert!(wait_too_long(today, None));
    assert_eq!(MAX_WAIT_DAYS, 3);
}

#[test]
fn reminder_day_skips_a_closed_sunday() {
    let open_but_sunday = |day: NaiveDate| day.weekday() != chrono::Weekday::Sun;
    // Saturday: Sunday is closed, so Monday's appointments are reminded today.
    let saturday = d("2026-11-28");
    assert_eq!(saturday.weekday(), chrono::Weekday::Sat);
    assert_eq!(
        reminder_day(saturday, open_but_sunday),
        Some(d("2026-11-30"))
    );
    // Friday reminds Saturday.
    assert_eq!(
        reminder_day(d("2026-11-27"), open_but_sunday),
        Some(saturday)
    );
    // On the closed Sunday itself, Monday.
    assert_eq!(
        reminder_day(d("2026-11-29"), open_but_sunday),
        Some(d("2026-11-30"))
    );
    // Never open within 30 days; the 30th day is still looked at.
    assert_eq!(reminder_day(saturday, |_| false), None);
    assert_eq!(
        reminder_day(saturday, |day| day == d("2026-12-28")),
        Some(d("2026-12-28"))
    );
    assert_eq!(reminder_day(saturday, |day| day == d("2026-12-29")), None);
}

// ----- states --------------------------------------------------------------------------

#[test]
fn every_state_pair_is_allowed_or_refused_exactly() {
    use AppointmentState::*;
    let allowed = [
        (Booked, Confirmed),
        (Booked, Arrived),
        (Booked, NoShow),
        (Booked, Cancelled),
        (Booked, Rescheduled),
        (Confirmed, Arrived),
        (Confirmed, NoShow),
        (Confirmed, Cancelled),
        (Confirmed, Rescheduled),
        (Arrived, CheckedIn),
        (Arrived, Cancelled),
    ];
    let mut checked = 0;
    for &from in AppointmentState::ALL {
        for &to in AppointmentState::ALL {
            let want_ok = allowed.contains(&(from, to));
            let got = transition(from, to);
            if want_ok {
                assert_eq!(got, Ok(()), "{from} → {to}");
            } else {
                assert_eq!(got, Err(TransitionError { from, to }), "{from} → {to}");
            }
            assert_eq!(
                allowed_next(from).contains(&to),
                want_ok,
                "allowed_next({from}) vs {to}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 49);
    for &from in AppointmentState::ALL {
        let want: Vec<_> = allowed
            .iter()
            .filter(|(f, _)| *f == from)
            .map(|(_, t)| *t)
            .collect();
        assert_eq!(allowed_next(from), want.as_slice(), "{from}");
    }
}

#[test]
fn transition_error_message() {
    let e = transition(AppointmentState::NoShow, AppointmentState::Arrived).unwrap_err();
    assert_eq!(e.i18n_key(), "error.transition");
    assert_eq!(
        e.i18n_args(),
        vec![
            ("from", "no_show".to_string()),
            ("to", "arrived".to_string())
        ]
    );
    assert_eq!(
        e.to_string(),
        "An appointment cannot go from no_show to arrived."
    );
}

// ----- booking validation -------------------------------------------------------------

fn req(day: &str, start: NaiveTime, est_minutes: i64) -> BookingRequest {
    BookingRequest {
        day: d(day),
        start,
        est_minutes,
    }
}

#[test]
fn validate_booking_refusals_and_acceptance() {
    let p = manual();
    let now = at("2026-11-23", 10, 0);
    let outside = || BookingError::OutsideOpeningHours {
        opens: "08:30".into(),
        closes: "17:30".into(),
    };
    let cases: Vec<(BookingRequest, CapacityPolicy, Result<(), BookingError>)> = vec![
        // Accepted: exactly now, later today, tomorrow at opening, the whole working day.
        (req("2026-11-23", hm(10, 0), 60), p, Ok(())),
        (req("2026-11-23", hm(17, 0), 30), p, Ok(())),
        (req("2026-11-24", hm(8, 30), 540), p, Ok(())),
        // In the past: one minute ago, yesterday.
        (
            req("2026-11-23", hm(9, 59), 60),
            p,
            Err(BookingError::InPast),
        ),
        (
            req("2026-11-22", hm(16, 0), 60),
            p,
            Err(BookingError::InPast),
        ),
        // Closed day.
        (
            req("2026-11-24", hm(9, 0), 60),
            closed(),
            Err(BookingError::ClosedDay),
        ),
        // Hours not positive.
        (
            req("2026-11-24", hm(9, 0), 0),
            p,
            Err(BookingError::HoursNotPositive),
        ),
        (
            req("2026-11-24", hm(9, 0), -30),
            p,
            Err(BookingError::HoursNotPositive),
        ),
        // Longer than the 9-hour working day.
        (
            req("2026-11-24", hm(9, 0), 541),
            p,
            Err(BookingError::HoursTooLong {
                max_hours: "9".into(),
            }),
        ),
        (
            req("2026-11-24", hm(9, 0), 600),
            CapacityPolicy {
                closes_at: hm(17, 0),
                ..p
            },
            Err(BookingError::HoursTooLong {
                max_hours: "8.5".into(),
            }),
        ),
        // Start outside opening hours.
        (req("2026-11-24", hm(8, 29), 60), p, Err(outside())),
        (req("2026-11-24", hm(17, 30), 60), p, Err(outside())),
        (req("2026-11-24", hm(20, 0), 60), p, Err(outside())),
        // Ending after closing: refused, however the day's capacity stands.
        (
            req("2026-11-23", hm(17, 29), 30),
            p,
            Err(BookingError::EndsAfterClosing {
                ends: "17:59".into(),
                closes: "17:30".into(),
            }),
        ),
        (
            req("2026-11-24", hm(16, 0), 480),
            p,
            Err(BookingError::EndsAfterClosing {
                ends: "11-25 00:00".into(),
                closes: "17:30".into(),
            }),
        ),
    ];
    for (r, policy, want) in cases {
        assert_eq!(validate_booking(&r, &policy, now), want, "{r:?}");
    }
}

#[test]
fn booking_error_keys_args_and_messages() {
    type Case = (
        BookingError,
        &'static str,
        Vec<(&'static str, String)>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            BookingError::InPast,
            "error.booking.in_past",
            vec![],
            "That time has already passed; choose a later slot.",
        ),
        (
            BookingError::ClosedDay,
            "error.booking.closed_day",
            vec![],
            "The shop is closed that day.",
        ),
        (
            BookingError::HoursNotPositive,
            "error.booking.hours_not_positive",
            vec![],
            "Enter labour hours greater than zero.",
        ),
        (
            BookingError::HoursTooLong {
                max_hours: "9".into(),
            },
            "error.booking.hours_too_long",
            vec![("max_hours", "9".into())],
            "The job is longer than the working day (9 h).",
        ),
        (
            BookingError::OutsideOpeningHours {
                opens: "08:30".into(),
                closes: "17:30".into(),
            },
            "error.booking.outside_opening_hours",
            vec![("opens", "08:30".into()), ("closes", "17:30".into())],
            "Choose a start time within opening hours (08:30–17:30).",
        ),
        (
            BookingError::BadHours { input: "x".into() },
            "error.booking.bad_hours",
            vec![("input", "x".into())],
            "“x” is not a number of hours (e.g. 1.5, 1h30, 90m).",
        ),
        (
            BookingError::BadDate { input: "x".into() },
            "error.booking.bad_date",
            vec![("input", "x".into())],
            "“x” is not a date (e.g. 2026-11-25, 11-25, 25, +2, tomorrow).",
        ),
        (
            BookingError::BadTime { input: "x".into() },
            "error.booking.bad_time",
            vec![("input", "x".into())],
            "“x” is not a time (e.g. 9:30 or 0930).",
        ),
    ];
    for (e, key, args, text) in cases {
        assert_eq!(e.i18n_key(), key);
        assert_eq!(e.i18n_args(), args, "{key}");
        assert_eq!(e.to_string(), text, "{key}");
    }
}

// ----- counter parsers ----------------------------------------------------------------

#[test]
fn parse_hours_accepts() {
    let cases = [
        ("1.5", 90),
        ("2", 120),
        ("0.25", 15),
        ("1,5", 90),
        ("1h30", 90),
        ("1h30m", 90),
        ("1 h 30 min", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("90m", 90),
        ("90 min", 90),
        ("90", 5400),
        ("1:30", 90),
        (".5", 30),
        ("１．５", 90),
        ("１，５", 90),
        ("９０ｍ", 90),
        ("1小时30分", 90),
        ("2小时", 120),
        ("45分钟", 45),
        ("  3  ", 180),
        ("+1", 60),
        ("0.1", 6),
        ("0.01", 1),
        ("1H30", 90),
    ];
    for (input, want) in cases {
        assert_eq!(parse_hours(input), Ok(want), "{input:?}");
    }
}

#[test]
fn parse_hours_refuses() {
    let bad = |s: &str| {
        Err(BookingError::BadHours {
            input: s.to_string(),
        })
    };
    let cases = [
        ("", bad("")),
        ("   ", bad("")),
        ("abc", bad("abc")),
        ("1.5.5", bad("1.5.5")),
        ("1 5", bad("1 5")),
        ("1h90", bad("1h90")),
        ("1.5h30", bad("1.5h30")),
        ("1x", bad("1x")),
        ("h", bad("h")),
        ("1:3", bad("1:3")),
        ("1:75", bad("1:75")),
        ("1e3", bad("1e3")),
        ("99999999999", bad("99999999999")),
        (" 2 days ", bad("2 days")),
        ("0", Err(BookingError::HoursNotPositive)),
        ("0.0", Err(BookingError::HoursNotPositive)),
        ("0m", Err(BookingError::HoursNotPositive)),
        ("0.001", Err(BookingError::HoursNotPositive)),
        ("-1", Err(BookingError::HoursNotPositive)),
        ("-0.5", Err(BookingError::HoursNotPositive)),
    ];
    for (input, want) in cases {
        assert_eq!(parse_hours(input), want, "{input:?}");
    }
}

#[test]
fn parse_day_accepts() {
    let today = d("2026-11-23");
    let cases = [
        ("2026-11-25", "2026-11-25"),
        ("2026/11/25", "2026/11/25"),
        ("2026.11.25", "2026-11-25"),
        ("20261125", "2026-11-25"),
        ("2026年11月25日", "2026-11-25"),
        ("2027-01-05", "2027-01-05"),
        ("11-25", "2026-11-25"),
        ("11/25", "2026-11-25"),
        ("11月25日", "2026-11-25"),
        ("11-23", "2026-11-23"),
        // Already past this year: next year.
        ("01-05", "2027-01-05"),
        ("11-22", "2027-11-22"),
        // Day of this month, or next month once past.
        ("25", "2026-11-25"),
        ("23", "2026-11-23"),
        ("5", "2026-12-05"),
        ("30", "2026-11-30"),
        ("25号", "2026-11-25"),
        ("25日", "2026-11-25"),
        ("+2", "2026-11-25"),
        ("+0", "2026-11-23"),
        ("+10", "2026-12-03"),
        ("today", "2026-11-23"),
        ("Today", "2026-11-23"),
        ("今天", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("明天", "2026-11-24"),
        ("后天", "2026-11-25"),
        ("２０２６－１１－２５", "2026-11-25"),
        ("１１／２５", "2026-11-25"),
        ("  25  ", "2026-11-25"),
    ];
    for (input, want) in cases {
        let want = NaiveDate::parse_from_str(&want.replace('/', "-"), "%Y-%m-%d").unwrap();
        assert_eq!(parse_day(input, today), Ok(want), "{input:?}");
    }
    // December: "5" is next month in the next year; "01-05" is next year.
    let dec = d("2026-12-20");
    assert_eq!(parse_day("5", dec), Ok(d("2027-01-05")));
    assert_eq!(parse_day("1-5", dec), Ok(d("2027-01-05")));
}

#[test]
fn parse_day_refuses_naming_the_input() {
    let today = d("2026-11-23");
    for input in [
        "",
        "   ",
        "yesterday",
        "2026-02-30",
        "2026-13-01",
        "13-01",
        "11-31",
        "0",
        "32",
        "31", // November has 30 days
        "+",
        "+x",
        "+99999",
        "-2",
        "11-",
        "-25",
        "2026-11",
        "2026-11-25-1",
        "26-11-25",
        "abc",
        "11月",
        "12345",
    ] {
        assert_eq!(
            parse_day(input, today),
            Err(BookingError::BadDate {
                input: input.trim().to_string()
            }),
            "{input:?}"
        );
    }
    // "21" on the 23rd rolls to next month; "31" on Jan 31st is this month.
    assert_eq!(parse_day("21", today), Ok(d("2026-12-21")));
    assert_eq!(parse_day("31", d("2027-01-31")), Ok(d("2027-01-31")));
    // "30" on Jan 31st would be Feb 30th: refused.
    assert!(parse_day("30", d("2027-01-31")).is_err());
}

#[test]
fn parse_time_accepts() {
    let cases = [
        ("9:30", hm(9, 30)),
        ("09:30", hm(9, 30)),
        ("930", hm(9, 30)),
        ("0930", hm(9, 30)),
        ("9", hm(9, 0)),
        ("09", hm(9, 0)),
        ("17", hm(17, 0)),
        ("1730", hm(17, 30)),
        ("0:00", hm(0, 0)),
        ("23:59", hm(23, 59)),
        ("9.30", hm(9, 30)),
        ("９：３０", hm(9, 30)),
        ("９３０", hm(9, 30)),
        ("9点", hm(9, 0)),
        ("9点半", hm(9, 30)),
        ("14点30分", hm(14, 30)),
        (" 8:30 ", hm(8, 30)),
    ];
    for (input, want) in cases {
        assert_eq!(parse_time(input), Ok(want), "{input:?}");
    }
}

#[test]
fn parse_time_refuses() {
    for input in [
        "", " ", "24", "24:00", "9:60", "960", "2400", "9:3", "9:300", "12345", "ab", "9h", ":30",
        "-9", "9 30", "é1", "9:30:00",
    ] {
        assert_eq!(
            parse_time(input),
            Err(BookingError::BadTime {
                input: input.trim().to_string()
            }),
            "{input:?}"
        );
    }
}

// ----- properties ---------------------------------------------------------------------

/// What staff type into the date, time and hours fields.
const TYPED: &str =
    "[0-9a-zA-Z.,:/+\\- 年月日号点半时分钟小今明后天０-９：／．，\u{3000}é😀]{0,16}";

proptest! {
    #[test]
    fn no_parser_panics(s in TYPED, any in "\\PC{0,24}", days in -100_000i32..100_000) {
        let today = d("2026-11-23") + chrono::Duration::days(i64::from(days));
        for input in [&s, &any] {
            if let Ok(m) = parse_hours(input) {
                prop_assert!(m > 0);
            }
            let _ = parse_day(input, today);
            let _ = parse_time(input);
        }
        let _ = parse_day(&s, NaiveDate::MAX);
        let _ = parse_day(&s, NaiveDate::MIN);
    }

    #[test]
    fn bookable_never_exceeds_available(
        technicians in any::<u32>(),
        minutes_per_tech in any::<u32>(),
        productivity_pct in any::<u32>(),
        booking_rate_pct in any::<u32>(),
        closed in any::<bool>(),
    ) {
        let p = CapacityPolicy {
            technicians,
            minutes_per_tech,
            productivity_pct,
            booking_rate_pct,
            closed,
            ..manual()
        };
        prop_assert!(p.bookable_minutes() <= p.available_minutes());
        prop_assert!(p.bookable_minutes() >= 0);
        prop_assert!(p.reserve_minutes() >= 0);
        prop_assert_eq!(p.reserve_minutes(), p.available_minutes() - p.bookable_minutes());
        if closed {
            prop_assert_eq!(p.available_minutes(), 0);
        }
    }

    #[test]
    fn check_fits_iff_booked_plus_requested_within_bookable(
        technicians in 0u32..=500,
        minutes_per_tech in 1u32..=1440,
        productivity_pct in 1u32..=200,
        booking_rate_pct in 1u32..=100,
        booked in -10_000i64..2_000_000,
        requested in -10_000i64..2_000_000,
        closed in any::<bool>(),
    ) {
        let policy = CapacityPolicy {
            technicians,
            minutes_per_tech,
            productivity_pct,
            booking_rate_pct,
            closed,
            ..manual()
        };
        let day = DayLoad { booked_minutes: booked, policy };
        let bookable = policy.bookable_minutes();
        let fits = booked + requested <= bookable;
        match day.check(requested) {
            CapacityCheck::Fits => prop_assert!(fits),
            CapacityCheck::Over { booked: b, bookable: k, requested: r } => {
                prop_assert!(!fits);
                prop_assert_eq!((b, k, r), (booked, bookable, requested));
            }
        }
        prop_assert_eq!(day.free_minutes(), bookable - booked);
    }

    #[test]
    fn check_handles_extreme_numbers(booked in any::<i64>(), requested in any::<i64>()) {
        let day = load(booked);
        let fits = i128::from(booked) + i128::from(requested) <= 3840;
        prop_assert_eq!(day.check(requested) == CapacityCheck::Fits, fits);
        let _ = (day.free_minutes(), day.booking_rate_pct(), day.band());
    }
}
