//! Appointments (预约, domain.md §1 and §6): daily workshop capacity and the 60–80% booking
//! band, the 3-day wait standard, the day-before reminder, the appointment state machine,
//! booking validation and the parsers for what the advisor types at the counter (labour
//! hours, dates, times).
//!
//! Pure: the current date and time are always arguments.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::kinds::AppointmentState;
use super::text::fold;

/// Customers should not wait more than 3 days for an appointment.
pub const MAX_WAIT_DAYS: i64 = 3;
/// Shops start at a 60% booking rate…
pub const BOOKING_BAND_LOW_PCT: u32 = 60;
/// …and grow to at most 80%; the rest is the reserve.
pub const BOOKING_BAND_HIGH_PCT: u32 = 80;

/// How far ahead [`reminder_day`] looks for the next open day.
const REMINDER_SEARCH_DAYS: u64 = 30;

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// A refused appointment state change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("An appointment cannot go from {from} to {to}.")]
pub struct TransitionError {
    pub from: AppointmentState,
    pub to: AppointmentState,
}

impl TransitionError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        "error.transition"
    }

    /// The named placeholders: the stored state names (`"booked"`); a UI that wants the
    /// translated labels uses `from.label_key()` / `to.label_key()` instead.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        vec![
            ("from", self.from.as_str().to_string()),
            ("to", self.to.as_str().to_string()),
        ]
    }
}

/// A refused booking, or counter input that is not hours, a date or a time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("That time has already passed; choose a later slot.")]
    InPast,
    #[error("The shop is closed that day.")]
    ClosedDay,
    #[error("Enter labour hours greater than zero.")]
    HoursNotPositive,
    #[error("The job is longer than the working day ({max_hours} h).")]
    HoursTooLong { max_hours: String },
    #[error("Choose a start time within opening hours ({opens}–{closes}).")]
    OutsideOpeningHours { opens: String, closes: String },
    #[error(
        "The job would end at {ends}, after closing ({closes}); start earlier or choose another day."
    )]
    EndsAfterClosing { ends: String, closes: String },
    #[error("“{input}” is not a number of hours (e.g. 1.5, 1h30, 90m).")]
    BadHours { input: String },
    #[error("“{input}” is not a date (e.g. 2026-11-25, 11-25, 25, +2, tomorrow).")]
    BadDate { input: String },
    #[error("“{input}” is not a time (e.g. 9:30 or 0930).")]
    BadTime { input: String },
}

impl BookingError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            BookingError::InPast => "error.booking.in_past",
            BookingError::ClosedDay => "error.booking.closed_day",
            BookingError::HoursNotPositive => "error.booking.hours_not_positive",
            BookingError::HoursTooLong { .. } => "error.booking.hours_too_long",
            BookingError::OutsideOpeningHours { .. } => "error.booking.outside_opening_hours",
            BookingError::EndsAfterClosing { .. } => "error.booking.ends_after_closing",
            BookingError::BadHours { .. } => "error.booking.bad_hours",
            BookingError::BadDate { .. } => "error.booking.bad_date",
            BookingError::BadTime { .. } => "error.booking.bad_time",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            BookingError::InPast | BookingError::ClosedDay | BookingError::HoursNotPositive => {
                vec![]
            }
            BookingError::HoursTooLong { max_hours } => vec![("max_hours", max_hours.clone())],
            BookingError::OutsideOpeningHours { opens, closes } => {
                vec![("opens", opens.clone()), ("closes", closes.clone())]
            }
            BookingError::EndsAfterClosing { ends, closes } => {
                vec![("ends", ends.clone()), ("closes", closes.clone())]
            }
            BookingError::BadHours { input }
            | BookingError::BadDate { input }
            | BookingError::BadTime { input } => vec![("input", input.clone())],
        }
    }
}

/// A capacity setting outside its allowed range (see [`CapacityPolicy::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapacityError {
    #[error("At most {max} technicians.")]
    TooManyTechnicians { max: u32 },
    #[error("Minutes per technician must be between {min} and {max}.")]
    MinutesPerTech { min: u32, max: u32 },
    #[error("Productivity must be between {min}% and {max}%.")]
    Productivity { min: u32, max: u32 },
    #[error("The booking rate must be between {min}% and {max}%.")]
    BookingRate { min: u32, max: u32 },
    #[error("The opening time ({opens}) must be before the closing time ({closes}).")]
    OpeningHours { opens: String, closes: String },
}

impl CapacityError {
    /// The i18n catalog key of this error's message.
    pub fn i18n_key(&self) -> &'static str {
        match self {
            CapacityError::TooManyTechnicians { .. } => "error.capacity.technicians",
            CapacityError::MinutesPerTech { .. } => "error.capacity.minutes_per_tech",
            CapacityError::Productivity { .. } => "error.capacity.productivity",
            CapacityError::BookingRate { .. } => "error.capacity.booking_rate",
            CapacityError::OpeningHours { .. } => "error.capacity.opening_hours",
        }
    }

    /// The named placeholders of the message.
    pub fn i18n_args(&self) -> Vec<(&'static str, String)> {
        match self {
            CapacityError::TooManyTechnicians { max } => vec![("max", max.to_string())],
            CapacityError::MinutesPerTech { min, max }
            | CapacityError::Productivity { min, max }
            | CapacityError::BookingRate { min, max } => {
                vec![("min", min.to_string()), ("max", max.to_string())]
            }
            CapacityError::OpeningHours { opens, closes } => {
                vec![("opens", opens.clone()), ("closes", closes.clone())]
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Capacity
// ---------------------------------------------------------------------------------------

/// Highest number of technicians accepted by [`CapacityPolicy::validate`].
const MAX_TECHNICIANS: u32 = 500;
const MINUTES_PER_TECH: (u32, u32) = (1, 1440);
const PRODUCTIVITY_PCT: (u32, u32) = (1, 200);
const BOOKING_RATE_PCT: (u32, u32) = (1, 100);

/// One day's workshop capacity (预约能力): available = technicians × time × productivity;
/// bookable = available × booking rate; the rest is the reserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityPolicy {
    pub technicians: u32,
    pub minutes_per_tech: u32,
    pub productivity_pct: u32,
    pub booking_rate_pct: u32,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub closed: bool,
}

fn clamp_i64(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

impl CapacityPolicy {
    /// The manual's worked example: 10 technicians × 8 h × 100% × 80%, open 08:30–17:30.
    pub fn manual_default() -> Self {
        CapacityPolicy {
            technicians: 10,
            minutes_per_tech: 480,
            productivity_pct: 100,
            booking_rate_pct: 80,
            opens_at: NaiveTime::from_hms_opt(8, 30, 0).expect("valid time"),
            closes_at: NaiveTime::from_hms_opt(17, 30, 0).expect("valid time"),
            closed: false,
        }
    }

    /// technicians × minutes_per_tech × productivity_pct / 100, rounded down; 0 when closed.
    pub fn available_minutes(&self) -> i64 {
        if self.closed {
            return 0;
        }
        clamp_i64(
            i128::from(self.technicians)
                * i128::from(self.minutes_per_tech)
                * i128::from(self.productivity_pct)
                / 100,
        )
    }

    /// available × booking_rate_pct / 100, rounded down; 0 when closed. A rate above 100%
    /// (only possible in an unvalidated policy) counts as 100%, so bookable never exceeds
    /// available.
    pub fn bookable_minutes(&self) -> i64 {
        if self.closed {
            return 0;
        }
        let rate = self.booking_rate_pct.min(100);
        clamp_i64(i128::from(self.available_minutes()) * i128::from(rate) / 100)
    }

    /// The part of the available time kept for carry-over work, walk-ins, emergencies.
    pub fn reserve_minutes(&self) -> i64 {
        self.available_minutes() - self.bookable_minutes()
    }

    /// Opening to closing time in minutes; 0 when closed (or when the hours are reversed).
    pub fn working_minutes(&self) -> i64 {
        if self.closed {
            return 0;
        }
        (self.closes_at - self.opens_at).num_minutes().max(0)
    }

    /// Checks every setting against its allowed range.
    pub fn validate(&self) -> Result<(), CapacityError> {
        let within = |v: u32, (lo, hi): (u32, u32)| (lo..=hi).contains(&v);
        if self.technicians > MAX_TECHNICIANS {
            return Err(CapacityError::TooManyTechnicians {
                max: MAX_TECHNICIANS,
            });
        }
        if !within(self.minutes_per_tech, MINUTES_PER_TECH) {
            let (min, max) = MINUTES_PER_TECH;
            return Err(CapacityError::MinutesPerTech { min, max });
        }
        if !within(self.productivity_pct, PRODUCTIVITY_PCT) {
            let (min, max) = PRODUCTIVITY_PCT;
            return Err(CapacityError::Productivity { min, max });
        }
        if !within(self.booking_rate_pct, BOOKING_RATE_PCT) {
            let (min, max) = BOOKING_RATE_PCT;
            return Err(CapacityError::BookingRate { min, max });
        }
        if self.opens_at >= self.closes_at {
            return Err(CapacityError::OpeningHours {
                opens: hhmm(self.opens_at),
                closes: hhmm(self.closes_at),
            });
        }
        Ok(())
    }
}

/// Where the capacity of a day without its own settings comes from: one policy for every
/// day ([`CapacityPolicy`], as in tests), or the shop's week ([`ShopWeek`]: opening hours
/// per weekday, holidays, default figures).
pub trait DayDefaults {
    fn policy_on(&self, day: NaiveDate) -> CapacityPolicy;

    /// `day` is a holiday: closed even when the day has capacity settings of its own.
    fn holiday(&self, _day: NaiveDate) -> bool {
        false
    }
}

impl DayDefaults for CapacityPolicy {
    fn policy_on(&self, _day: NaiveDate) -> CapacityPolicy {
        *self
    }
}

/// The default capacity figures of an open day (technicians × minutes × productivity ×
/// booking rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DefaultCapacity {
    pub technicians: u32,
    pub minutes_per_tech: u32,
    pub productivity_pct: u32,
    pub booking_rate_pct: u32,
}

impl DefaultCapacity {
    /// The manual's worked example: 10 technicians × 480 min × 100% × 80% = 64 h bookable.
    pub fn manual_default() -> DefaultCapacity {
        let p = CapacityPolicy::manual_default();
        DefaultCapacity {
            technicians: p.technicians,
            minutes_per_tech: p.minutes_per_tech,
            productivity_pct: p.productivity_pct,
            booking_rate_pct: p.booking_rate_pct,
        }
    }

    /// The bookable minutes of an open day with these figures.
    pub fn bookable_minutes(&self) -> i64 {
        CapacityPolicy {
            technicians: self.technicians,
            minutes_per_tech: self.minutes_per_tech,
            productivity_pct: self.productivity_pct,
            booking_rate_pct: self.booking_rate_pct,
            ..CapacityPolicy::manual_default()
        }
        .bookable_minutes()
    }
}

/// Opening hours of one weekday: `None` when the shop is closed that weekday.
pub type DayHours = Option<(NaiveTime, NaiveTime)>;

/// The shop's ordinary week: default capacity, opening hours by weekday (Monday first) and
/// the holidays (dates the shop is closed). A day's own capacity row overrides all this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopWeek {
    pub capacity: DefaultCapacity,
    pub hours: [DayHours; 7],
    pub holidays: std::collections::BTreeSet<NaiveDate>,
}

impl ShopWeek {
    /// Nothing stored yet: the manual's figures, open 08:30–17:30 every day (as before
    /// opening hours were a setting), no holidays.
    pub fn manual_default() -> ShopWeek {
        let p = CapacityPolicy::manual_default();
        ShopWeek {
            capacity: DefaultCapacity::manual_default(),
            hours: [Some((p.opens_at, p.closes_at)); 7],
            holidays: Default::default(),
        }
    }

    /// The opening hours of `day`'s weekday.
    pub fn hours_on(&self, day: NaiveDate) -> DayHours {
        self.hours[day.weekday().num_days_from_monday() as usize]
    }
}

impl DayDefaults for ShopWeek {
    /// A holiday or a weekday without hours is a closed day (0 bookable minutes); it keeps
    /// the manual's 08:30–17:30 as nominal hours, which nothing books into.
    fn policy_on(&self, day: NaiveDate) -> CapacityPolicy {
        let m = CapacityPolicy::manual_default();
        let c = self.capacity;
        let hours = self.hours_on(day);
        let (opens_at, closes_at) = hours.unwrap_or((m.opens_at, m.closes_at));
        CapacityPolicy {
            technicians: c.technicians,
            minutes_per_tech: c.minutes_per_tech,
            productivity_pct: c.productivity_pct,
            booking_rate_pct: c.booking_rate_pct,
            opens_at,
            closes_at,
            closed: hours.is_none() || self.holidays.contains(&day),
        }
    }

    fn holiday(&self, day: NaiveDate) -> bool {
        self.holidays.contains(&day)
    }
}

/// Where a day's booking rate stands against the 60–80% band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Below,
    Within,
    Above,
}

/// One day's booked time against its policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayLoad {
    pub booked_minutes: i64,
    pub policy: CapacityPolicy,
}

/// The answer to "does this booking fit the day?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityCheck {
    Fits,
    Over {
        booked: i64,
        bookable: i64,
        requested: i64,
    },
}

impl DayLoad {
    /// Bookable minus booked; negative once an override has pushed the day past its limit.
    pub fn free_minutes(&self) -> i64 {
        clamp_i64(i128::from(self.policy.bookable_minutes()) - i128::from(self.booked_minutes))
    }

    /// booked / available × 100, rounded half up; 0 when nothing is available (or booked
    /// is negative).
    pub fn booking_rate_pct(&self) -> u32 {
        let available = i128::from(self.policy.available_minutes());
        let booked = i128::from(self.booked_minutes.max(0));
        if available <= 0 {
            return 0;
        }
        let pct = (booked * 200 + available) / (2 * available);
        pct.min(i128::from(u32::MAX)) as u32
    }

    /// The booking rate against the 60–80% band, judged on the rounded percentage that
    /// [`DayLoad::booking_rate_pct`] shows (so "80%" is never reported as above the band).
    /// A day with nothing available is `Above` when anything is booked, else `Below`.
    pub fn band(&self) -> Band {
        if self.policy.available_minutes() <= 0 {
            return if self.booked_minutes > 0 {
                Band::Above
            } else {
                Band::Below
            };
        }
        let pct = self.booking_rate_pct();
        if pct < BOOKING_BAND_LOW_PCT {
            Band::Below
        } else if pct <= BOOKING_BAND_HIGH_PCT {
            Band::Within
        } else {
            Band::Above
        }
    }

    /// `Fits` when booked + requested ≤ bookable; otherwise `Over` with the numbers.
    pub fn check(&self, requested_minutes: i64) -> CapacityCheck {
        let bookable = self.policy.bookable_minutes();
        if i128::from(self.booked_minutes) + i128::from(requested_minutes) <= i128::from(bookable) {
            CapacityCheck::Fits
        } else {
            CapacityCheck::Over {
                booked: self.booked_minutes,
                bookable,
                requested: requested_minutes,
            }
        }
    }
}

/// First day d in from..from+horizon_days (inclusive of `from`, exclusive of the end, so
/// `horizon_days` days are looked at) whose DayLoad (given by `load(d)`) is open and fits
/// `requested_minutes`.
pub fn first_day_with_room(
    from: NaiveDate,
    requested_minutes: i64,
    horizon_days: i64,
    load: impl Fn(NaiveDate) -> DayLoad,
) -> Option<NaiveDate> {
    let horizon = u64::try_from(horizon_days).unwrap_or(0);
    (0..horizon)
        .map_while(|i| from.checked_add_days(Days::new(i)))
        .find(|&d| {
            let day = load(d);
            !day.policy.closed && day.check(requested_minutes) == CapacityCheck::Fits
        })
}

/// true when `first_free` is more than MAX_WAIT_DAYS after `today` (or None = no room in
/// the horizon).
pub fn wait_too_long(today: NaiveDate, first_free: Option<NaiveDate>) -> bool {
    match first_free {
        None => true,
        Some(d) => (d - today).num_days() > MAX_WAIT_DAYS,
    }
}

/// The next open day after `today` (the day whose appointments get the day-before reminder
/// today), searching up to 30 days; None if none is open.
pub fn reminder_day(today: NaiveDate, is_open: impl Fn(NaiveDate) -> bool) -> Option<NaiveDate> {
    (1..=REMINDER_SEARCH_DAYS)
        .map_while(|i| today.checked_add_days(Days::new(i)))
        .find(|&d| is_open(d))
}

// ---------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------

/// The states an appointment may move to from `from`; empty for the final states.
pub fn allowed_next(from: AppointmentState) -> &'static [AppointmentState] {
    use AppointmentState::*;
    match from {
        Booked => &[Confirmed, Arrived, NoShow, Cancelled, Rescheduled],
        Confirmed => &[Arrived, NoShow, Cancelled, Rescheduled],
        // Cancelled here: the customer left before check-in.
        Arrived => &[CheckedIn, Cancelled],
        CheckedIn | NoShow | Cancelled | Rescheduled => &[],
    }
}

/// Allowed appointment state changes (see [`allowed_next`]); same → same is refused.
pub fn transition(from: AppointmentState, to: AppointmentState) -> Result<(), TransitionError> {
    if allowed_next(from).contains(&to) {
        Ok(())
    } else {
        Err(TransitionError { from, to })
    }
}

// ---------------------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------------------

/// A slot the advisor wants to book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub est_minutes: i64,
}

/// Minutes as hours for messages: `540` → `"9"`, `510` → `"8.5"`, `25` → `"0.42"`.
fn hours_text(minutes: i64) -> String {
    let hundredths = (i128::from(minutes) * 100 + 30).div_euclid(60);
    let whole = hundredths.div_euclid(100);
    let frac = hundredths.rem_euclid(100);
    format!("{whole}.{frac:02}")
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
}

/// Refuses, in this order: a slot in the past (day+start before `now_local`), a closed
/// day, est_minutes ≤ 0, est_minutes longer than the working day, a start outside opening
/// hours (start < opens_at or start ≥ closes_at). Capacity is a separate question
/// ([`DayLoad::check`]).
pub fn validate_booking(
    req: &BookingRequest,
    policy: &CapacityPolicy,
    now_local: NaiveDateTime,
) -> Result<(), BookingError> {
    if req.day.and_time(req.start) < now_local {
        return Err(BookingError::InPast);
    }
    if policy.closed {
        return Err(BookingError::ClosedDay);
    }
    if req.est_minutes <= 0 {
        return Err(BookingError::HoursNotPositive);
    }
    let working = policy.working_minutes();
    if req.est_minutes > working {
        return Err(BookingError::HoursTooLong {
            max_hours: hours_text(working),
        });
    }
    if req.start < policy.opens_at || req.start >= policy.closes_at {
        return Err(BookingError::OutsideOpeningHours {
            opens: hhmm(policy.opens_at),
            closes: hhmm(policy.closes_at),
        });
    }
    // The job must end by closing time (an 8 h job at 16:00 does not fit).
    let ends = req.day.and_time(req.start) + chrono::Duration::minutes(req.est_minutes);
    if ends > req.day.and_time(policy.closes_at) {
        return Err(BookingError::EndsAfterClosing {
            ends: if ends.date() == req.day {
                hhmm(ends.time())
            } else {
                ends.format("%m-%d %H:%M").to_string()
            },
            closes: hhmm(policy.closes_at),
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Counter input
// ---------------------------------------------------------------------------------------

/// `"12"` → 12 for 1..=`max_len` ASCII digits; `None` otherwise.
fn digits(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A decimal number (`"1.5"`, `"1,5"`, `".5"`, `"2"`) times `per_unit`, rounded half up to
/// a whole number. At most 9 whole and 6 decimal digits.
fn scaled_decimal(s: &str, per_unit: i64) -> Option<i64> {
    let (whole, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    if (whole.is_empty() && frac.is_empty())
        || whole.len() > 9
        || frac.len() > 6
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_millionths: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<6}").parse().ok()?
    };
    let millionths = whole * 1_000_000 + frac_millionths;
    Some((millionths * per_unit + 500_000) / 1_000_000)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    None,
    Hours,
    Minutes,
}

fn unit(s: &str) -> Option<Unit> {
    match s {
        "" => Some(Unit::None),
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "小時" | "时" | "時" => {
            Some(Unit::Hours)
        }
        "m" | "min" | "mins" | "minute" | "minutes" | "分钟" | "分鐘" | "分" => {
            Some(Unit::Minutes)
        }
        _ => None,
    }
}

/// Splits `"1h 30m"` into `[("1", Hours), ("30", Minutes)]`.
fn pieces(s: &str) -> Option<Vec<(String, Unit)>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Some(out);
        }
        let mut number = String::new();
        while let Some(c) = chars.next_if(|c| c.is_ascii_digit() || *c == '.' || *c == ',') {
            number.push(c);
        }
        if number.is_empty() {
            return None;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| c.is_alphabetic()) {
            word.push(c);
        }
        out.push((number, unit(&word)?));
    }
}

fn hours_to_minutes(t: &str) -> Option<i64> {
    if let Some((h, m)) = t.split_once(':') {
        let h = i64::from(digits(h.trim(), 4)?);
        let m = m.trim();
        if m.len() != 2 {
            return None;
        }
        let m = i64::from(digits(m, 2)?);
        return (m < 60).then_some(h * 60 + m);
    }
    let parts = pieces(t)?;
    match parts.as_slice() {
        [(n, Unit::None | Unit::Hours)] => scaled_decimal(n, 60),
        [(n, Unit::Minutes)] => scaled_decimal(n, 1),
        [(h, Unit::Hours), (m, Unit::None | Unit::Minutes)] => {
            let h = i64::from(digits(h, 4)?);
            let m = i64::from(digits(m, 2)?);
            (m < 60).then_some(h * 60 + m)
        }
        _ => None,
    }
}

/// Parses labour hours typed at the counter: "1.5", "2", "0.25", "1,5", "1h30", "90m",
/// "1:30", "1小时30分", full-width digits → minutes (positive, rounded half up to the
/// minute). Empty input or not a number is `BadHours`; zero or negative is
/// `HoursNotPositive`.
pub fn parse_hours(s: &str) -> Result<i64, BookingError> {
    let bad = || BookingError::BadHours {
        input: s.trim().to_string(),
    };
    let folded = fold(s).to_lowercase();
    let mut t = folded.trim();
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        negative = true;
        t = rest.trim_start();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    }
    let minutes = hours_to_minutes(t).ok_or_else(bad)?;
    if negative || minutes <= 0 {
        return Err(BookingError::HoursNotPositive);
    }
    Ok(minutes)
}

/// Furthest "+N" accepted by [`parse_day`], in days.
const MAX_DAYS_AHEAD: u32 = 3660;

/// Parses a date typed at the counter relative to `today`: "2026-11-25" (also with `/` or
/// `.`, "20261125", "2026年11月25日"), "11-25" / "11/25" / "11月25日" (this year, or next year
/// if already past), "25" / "25号" (day of this month, or next month if already past), "+2"
/// (in two days), "today"/"今天", "tomorrow"/"明天", "后天". Errors name the input.
pub fn parse_day(s: &str, today: NaiveDate) -> Result<NaiveDate, BookingError> {
    parse_day_opt(s, today).ok_or_else(|| BookingError::BadDate {
        input: s.trim().to_string(),
    })
}

fn parse_day_opt(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let folded = fold(s).to_lowercase();
    let t = folded.trim();
    let ahead = |n: u64| today.checked_add_days(Days::new(n));
    match t {
        "today" | "今天" | "今日" => return Some(today),
        "tomorrow" | "明天" | "明日" => return ahead(1),
        "后天" | "後天" => return ahead(2),
        _ => {}
    }
    if let Some(n) = t.strip_prefix('+') {
        let n = digits(n.trim(), 4).filter(|n| *n <= MAX_DAYS_AHEAD)?;
        return ahead(u64::from(n));
    }
    let t = t
        .strip_suffix('日')
        .or_else(|| t.strip_suffix('号'))
        .or_else(|| t.strip_suffix('號'))
        .unwrap_or(t)
        .trim();
    let t: String = t
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = t.split('-').map(str::trim).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            NaiveDate::from_ymd_opt(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
        }
        [ymd] if ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()) => {
            NaiveDate::from_ymd_opt(
                digits(&ymd[..4], 4)? as i32,
                digits(&ymd[4..6], 2)?,
                digits(&ymd[6..], 2)?,
            )
        }
        [m, d] => {
            let (m, d) = (digits(m, 2)?, digits(d, 2)?);
            match NaiveDate::from_ymd_opt(today.year(), m, d) {
                Some(date) if date >= today => Some(date),
                _ => NaiveDate::from_ymd_opt(today.year().checked_add(1)?, m, d),
            }
        }
        [d] => {
            let d = digits(d, 2)?;
            if d < today.day() {
                today
                    .with_day(1)?
                    .checked_add_months(Months::new(1))?
                    .with_day(d)
            } else {
                today.with_day(d)
            }
        }
        _ => None,
    }
}

/// "9:30", "09:30", "930", "0930", "9" (also "9.30", "9点", "9点半", "14点30分") →
/// NaiveTime; error otherwise.
pub fn parse_time(s: &str) -> Result<NaiveTime, BookingError> {
    parse_time_opt(s).ok_or_else(|| BookingError::BadTime {
        input: s.trim().to_string(),
    })
}

fn parse_time_opt(s: &str) -> Option<NaiveTime> {
    let folded = fold(s);
    let mut t = folded.trim().to_string();
    for (from, to) in [("点半", ":30"), ("點半", ":30"), ("点", ":"), ("點", ":")] {
        t = t.replace(from, to);
    }
    let t = t
        .strip_suffix("分")
        .unwrap_or(&t)
        .trim()
        .replace(['.', '：'], ":");
    let t = t.strip_suffix(':').unwrap_or(&t);
    let (h, m) = match t.split_once(':') {
        Some((h, m)) if m.trim().len() == 2 => (digits(h.trim(), 2)?, digits(m.trim(), 2)?),
        Some(_) => return None,
        None if !t.bytes().all(|b| b.is_ascii_digit()) => return None,
        None => match t.len() {
            1 | 2 => (digits(t, 2)?, 0),
            3 => (digits(&t[..1], 1)?, digits(&t[1..], 2)?),
            4 => (digits(&t[..2], 2)?, digits(&t[2..], 2)?),
            _ => return None,
        },
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

impl AppointmentState {
    /// The car is expected or already here, and not checked in yet: it may be checked in.
    pub fn awaits_check_in(self) -> bool {
        matches!(
            self,
            AppointmentState::Booked | AppointmentState::Confirmed | AppointmentState::Arrived
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_manuals_worked_example() {
        let p = CapacityPolicy::manual_default();
        assert_eq!(p.available_minutes(), 80 * 60);
        assert_eq!(p.bookable_minutes(), 64 * 60);
        assert_eq!(p.reserve_minutes(), 16 * 60);
        assert_eq!(p.working_minutes(), 9 * 60);
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn closed_days_have_no_capacity() {
        let p = CapacityPolicy {
            closed: true,
            ..CapacityPolicy::manual_default()
        };
        assert_eq!(
            (
                p.available_minutes(),
                p.bookable_minutes(),
                p.reserve_minutes(),
                p.working_minutes()
            ),
            (0, 0, 0, 0)
        );
    }

    #[test]
    fn rate_is_rounded_half_up_and_banded() {
        let load = |booked| DayLoad {
            booked_minutes: booked,
            policy: CapacityPolicy::manual_default(),
        };
        // 4800 available: 24 min = 0.5 %.
        assert_eq!(load(0).booking_rate_pct(), 0);
        assert_eq!(load(23).booking_rate_pct(), 0);
        assert_eq!(load(24).booking_rate_pct(), 1);
        assert_eq!(load(3840).booking_rate_pct(), 80);
        assert_eq!(load(2855).band(), Band::Below);
        assert_eq!(load(2856).band(), Band::Within);
        assert_eq!(load(3863).band(), Band::Within);
        assert_eq!(load(3864).band(), Band::Above);
        assert_eq!(load(-5).booking_rate_pct(), 0);
    }

    #[test]
    fn hours_text_for_messages() {
        assert_eq!(hours_text(540), "9");
        assert_eq!(hours_text(510), "8.5");
        assert_eq!(hours_text(25), "0.42");
        assert_eq!(hours_text(0), "0");
        assert_eq!(hours_text(600), "10");
        assert_eq!(hours_text(6000), "100");
        assert_eq!(hours_text(606), "10.1");
    }

    #[test]
    fn states() {
        use AppointmentState::*;
        assert_eq!(transition(Booked, Confirmed), Ok(()));
        assert_eq!(transition(Arrived, CheckedIn), Ok(()));
        let e = transition(CheckedIn, Booked).unwrap_err();
        assert_eq!(
            e.to_string(),
            "An appointment cannot go from checked_in to booked."
        );
        assert_eq!(e.i18n_key(), "error.transition");
        assert_eq!(
            e.i18n_args(),
            vec![
                ("from", "checked_in".to_string()),
                ("to", "booked".to_string())
            ]
        );
    }

    #[test]
    fn booking_checks() {
        let p = CapacityPolicy::manual_default();
        let now = d("2026-11-23").and_time(hm(10, 0));
        let req = |day, start, est_minutes| BookingRequest {
            day: d(day),
            start,
            est_minutes,
        };
        assert_eq!(
            validate_booking(&req("2026-11-23", hm(10, 0), 60), &p, now),
            Ok(())
        );
        assert_eq!(
            validate_booking(&req("2026-11-23", hm(9, 59), 60), &p, now),
            Err(BookingError::InPast)
        );
        assert_eq!(
            validate_booking(&req("2026-11-24", hm(9, 0), 541), &p, now),
            Err(BookingError::HoursTooLong {
                max_hours: "9".into()
            })
        );
    }

    #[test]
    fn parsers() {
        assert_eq!(parse_hours("1h30"), Ok(90));
        assert_eq!(parse_hours("１，５"), Ok(90));
        assert_eq!(parse_day("25", d("2026-11-26")), Ok(d("2026-12-25")));
        assert_eq!(parse_time("0930"), Ok(hm(9, 30)));
    }
}
