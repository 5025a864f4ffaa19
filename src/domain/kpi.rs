//! The supervisors' key figures (domain.md §6) for one day and the days before it, each
//! against its target: booking rate, show-up rate, on-time delivery, first-time fix,
//! comebacks, complaint 1 h and 72 h compliance and follow-up satisfaction. Pure: the
//! store gathers the facts of each local day, this module counts them.

use chrono::NaiveDate;

use super::appointment::{BOOKING_BAND_HIGH_PCT, BOOKING_BAND_LOW_PCT, DayLoad};
use super::complaint::Deadline;
use super::kinds::AppointmentState;
use super::workshop::figures::{self, Delivered, Rate};

/// How many days the board's sparklines cover (today included).
pub const DAYS: usize = 14;

/// Show-up target: the share of due appointments that came (percent).
pub const SHOW_UP_TARGET_PCT: u64 = 90;
/// On-time delivery target (percent of delivered orders handed over by the promise).
pub const ON_TIME_TARGET_PCT: u64 = 95;
/// First-time-fix target (domain.md §6: ≥ 90 %).
pub const FIRST_TIME_FIX_TARGET_PCT: u64 = 90;
/// The most comebacks a shop aims for (percent of delivered orders).
pub const COMEBACK_TARGET_PCT: u64 = 5;
/// Complaints reported upward within 1 h, answered within 72 h: every one.
pub const COMPLAINT_TARGET_PCT: u64 = 100;
/// Follow-up satisfaction target, tenths of the 1–5 scale (4.5).
pub const SATISFACTION_TARGET_TENTHS: u64 = 45;

/// The figures, in the board's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kpi {
    BookingRate,
    ShowUp,
    OnTime,
    FirstTimeFix,
    Comeback,
    Report1h,
    Answer72h,
    Satisfaction,
}

impl Kpi {
    pub const ALL: [Kpi; 8] = [
        Kpi::BookingRate,
        Kpi::ShowUp,
        Kpi::OnTime,
        Kpi::FirstTimeFix,
        Kpi::Comeback,
        Kpi::Report1h,
        Kpi::Answer72h,
        Kpi::Satisfaction,
    ];

    /// The catalog key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Kpi::BookingRate => "kpi.booking_rate",
            Kpi::ShowUp => "kpi.show_up",
            Kpi::OnTime => "kpi.on_time",
            Kpi::FirstTimeFix => "kpi.first_time_fix",
            Kpi::Comeback => "kpi.comeback",
            Kpi::Report1h => "kpi.report_1h",
            Kpi::Answer72h => "kpi.answer_72h",
            Kpi::Satisfaction => "kpi.satisfaction",
        }
    }

    /// What it is held against.
    pub fn target(self) -> Target {
        match self {
            Kpi::BookingRate => Target::Band(
                u64::from(BOOKING_BAND_LOW_PCT),
                u64::from(BOOKING_BAND_HIGH_PCT),
            ),
            Kpi::ShowUp => Target::AtLeast(SHOW_UP_TARGET_PCT),
            Kpi::OnTime => Target::AtLeast(ON_TIME_TARGET_PCT),
            Kpi::FirstTimeFix => Target::AtLeast(FIRST_TIME_FIX_TARGET_PCT),
            Kpi::Comeback => Target::AtMost(COMEBACK_TARGET_PCT),
            Kpi::Report1h | Kpi::Answer72h => Target::AtLeast(COMPLAINT_TARGET_PCT),
            Kpi::Satisfaction => Target::AtLeast(SATISFACTION_TARGET_TENTHS),
        }
    }

    /// Its values are tenths of the 1–5 scale (satisfaction), else whole percent.
    pub fn in_tenths(self) -> bool {
        self == Kpi::Satisfaction
    }
}

/// A figure's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Within `low..=high`.
    Band(u64, u64),
    AtLeast(u64),
    AtMost(u64),
}

impl Target {
    pub fn met(self, value: u64) -> bool {
        match self {
            Target::Band(lo, hi) => (lo..=hi).contains(&value),
            Target::AtLeast(t) => value >= t,
            Target::AtMost(t) => value <= t,
        }
    }
}

/// What happened on one local day, as the store reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayFacts {
    pub day: NaiveDate,
    /// Booked minutes against the day's capacity (`None` for a day the store has no
    /// policy for).
    pub load: Option<DayLoad>,
    /// The states of the appointments due that day (cancelled and rescheduled ones too:
    /// they are not counted).
    pub appointments: Vec<AppointmentState>,
    /// The orders delivered that day.
    pub delivered: Vec<Delivered>,
    /// The complaints received that day: the report clock (1 h) and the answer clock
    /// (72 h, once escalated) as they stand now.
    pub complaints: Vec<(Deadline, Option<Deadline>)>,
}

/// One figure over the days: the value of each day, oldest first (`None`: nothing to
/// count); the last day is today ([`Series::today`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub kpi: Kpi,
    pub days: Vec<Option<u64>>,
}

impl Series {
    /// The last day's value.
    pub fn today(&self) -> Option<u64> {
        self.days.last().copied().flatten()
    }

    /// Whether the last day's value meets the target (`None`: nothing to judge).
    pub fn on_target(&self) -> Option<bool> {
        self.today().map(|v| self.kpi.target().met(v))
    }
}

/// The appointments that came (arrived or checked in) of those whose outcome is known
/// (came or no-show); booked and confirmed ones still to come, cancelled and rescheduled
/// ones are not counted.
pub fn show_up(states: &[AppointmentState]) -> Rate {
    use AppointmentState as A;
    let came = states
        .iter()
        .filter(|s| matches!(s, A::Arrived | A::CheckedIn))
        .count() as u64;
    let missed = states.iter().filter(|s| **s == A::NoShow).count() as u64;
    Rate {
        hits: came,
        total: came + missed,
    }
}

/// Met of the clocks that are done or overdue (a clock still running in time, or paused,
/// is not judged yet), as the complaints analysis counts them.
pub fn compliance<'a>(clocks: impl Iterator<Item = &'a Deadline>) -> Rate {
    let mut r = Rate::default();
    for d in clocks {
        match d {
            Deadline::Met => {
                r.hits += 1;
                r.total += 1;
            }
            Deadline::MetLate | Deadline::Overdue { .. } => r.total += 1,
            Deadline::Due { .. } | Deadline::Paused { .. } => {}
        }
    }
    r
}

/// The share in whole percent rounded down; `None` when there is nothing to count.
fn floor_pct(r: Rate) -> Option<u64> {
    (r.total > 0).then(|| r.hits * 100 / r.total)
}

/// One day's value of `kpi`.
pub fn value(kpi: Kpi, d: &DayFacts) -> Option<u64> {
    match kpi {
        Kpi::BookingRate => d
            .load
            .filter(|l| l.policy.available_minutes() > 0)
            .map(|l| u64::from(l.booking_rate_pct())),
        Kpi::ShowUp => show_up(&d.appointments).pct(),
        Kpi::OnTime => figures::on_time(&d.delivered).pct(),
        Kpi::FirstTimeFix => figures::first_time_fix(&d.delivered).pct(),
        Kpi::Comeback => figures::comeback(&d.delivered).pct(),
        // Every complaint in time is the target: rounded down, so one late in 200 is
        // 99 %, never a 100 % that hides it.
        Kpi::Report1h => floor_pct(compliance(d.complaints.iter().map(|(r, _)| r))),
        Kpi::Answer72h => floor_pct(compliance(
            d.complaints.iter().filter_map(|(_, a)| a.as_ref()),
        )),
        // Satisfaction with the result (the staff score is the advisor's own figure).
        Kpi::Satisfaction => {
            figures::satisfaction(&d.delivered).map(|(result, _)| result.max(0) as u64)
        }
    }
}

/// Every figure over `days` (oldest first, the last one is today).
pub fn series(days: &[DayFacts]) -> Vec<Series> {
    Kpi::ALL
        .iter()
        .map(|&kpi| Series {
            kpi,
            days: days.iter().map(|d| value(kpi, d)).collect(),
        })
        .collect()
}
