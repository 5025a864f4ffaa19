//! One complaint clock as a pure function of its events, its rule and the shop's
//! calendar (domain.md §5): when it started, the spans it was paused, when it was done.
//!
//! * A rule is a duration counted either in the shop's opening hours (its week and its
//!   holidays, in its time zone) or in calendar time.
//! * Pauses are cut out of the counted time: the due time moves on by what the pause took
//!   of the counted time, and a clock paused now has no due time until it resumes (what
//!   is left stays known). The pauses are kept as recorded, so a changed rule counts the
//!   same pauses again and never loses paused time.
//! * Nothing here reads a clock or a database: the same events give the same answer.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::Deadline;
use crate::clock::Zone;
use crate::domain::appointment::ShopWeek;

/// How a clock counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counting {
    /// Only while the shop is open: its hours by weekday, not on its holidays.
    OpenHours,
    /// Every minute, day and night.
    Calendar,
}

impl Counting {
    pub const ALL: [Counting; 2] = [Counting::OpenHours, Counting::Calendar];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Counting::OpenHours => "open_hours",
            Counting::Calendar => "calendar",
        }
    }

    pub fn parse(s: &str) -> Option<Counting> {
        Counting::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Counting::OpenHours => "counting.open_hours",
            Counting::Calendar => "counting.calendar",
        }
    }
}

/// A clock's length and how it is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    pub minutes: i64,
    pub counting: Counting,
}

/// The shop's time for a clock that counts opening hours.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    pub zone: Zone,
    pub week: &'a ShopWeek,
    /// The days' opening spans already worked out, shared by the clocks of a whole list
    /// (a day's span is the same for each of them); `None` works each out again.
    pub cache: Option<&'a SpanCache>,
}

/// A day's opening span in UTC, or `None` on a closed day, by local date.
pub type SpanCache = std::cell::RefCell<
    std::collections::HashMap<NaiveDate, Option<(DateTime<Utc>, DateTime<Utc>)>>,
>;

impl<'a> Calendar<'a> {
    pub fn new(zone: Zone, week: &'a ShopWeek) -> Calendar<'a> {
        Calendar {
            zone,
            week,
            cache: None,
        }
    }

    /// The same calendar remembering the days' spans in `cache`.
    pub fn cached(self, cache: &'a SpanCache) -> Calendar<'a> {
        Calendar {
            cache: Some(cache),
            ..self
        }
    }
}

/// A span the clock did not count: from `from` until `to` (still paused: `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// How far ahead a clock looks for open time (a shop closed for longer has no due time).
const HORIZON_DAYS: u64 = 3 * 366;

/// One clock, computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub started: DateTime<Utc>,
    /// When the counted time reaches the rule; `None` while paused before that, or when
    /// the shop has no open time within three years.
    pub due: Option<DateTime<Utc>>,
    /// The rule's length.
    pub budget: Duration,
    /// What was counted until the clock was done (or until `now`), at most the rule's
    /// length.
    pub counted: Duration,
    /// Paused now.
    pub paused: bool,
    pub done_at: Option<DateTime<Utc>>,
}

impl Clock {
    /// Where the clock stands at the `now` it was computed for.
    pub fn deadline(&self, now: DateTime<Utc>) -> Deadline {
        match (self.done_at, self.due) {
            (Some(done), Some(due)) if done > due => Deadline::MetLate,
            (Some(_), _) => Deadline::Met,
            (None, Some(due)) if now <= due => Deadline::Due {
                due,
                left: due - now,
            },
            (None, Some(due)) => Deadline::Overdue {
                due,
                late: now - due,
            },
            (None, None) => Deadline::Paused {
                left: (self.budget - self.counted).max(Duration::zero()),
            },
        }
    }
}

/// The clock of `rule` started at `started`, paused for `pauses`, done at `done_at`, at
/// `now`.
pub fn clock(
    rule: Rule,
    cal: Calendar<'_>,
    started: DateTime<Utc>,
    pauses: &[Pause],
    done_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Clock {
    let pauses = normalized(started, pauses);
    let budget = Duration::minutes(rule.minutes.max(0));
    let until = done_at.unwrap_or(now).max(started);
    let mut due = None;
    let mut counted = Duration::zero();
    let mut acc = Duration::zero();
    // Walks only as far as it must: to the due time, or to `until` if that comes first
    // (what is counted past the due time is never needed: it is capped at the rule).
    walk(rule.counting, cal, started, &pauses, |a, b| {
        if a < until {
            counted += b.min(until) - a;
        }
        let len = b - a;
        if acc + len >= budget {
            due = Some(a + (budget - acc));
            return false;
        }
        acc += len;
        true
    });
    let counted = counted.min(budget);
    let paused = done_at.is_none()
        && pauses
            .iter()
            .any(|p| p.from <= now && p.to.is_none_or(|t| now < t));
    Clock {
        started,
        due,
        budget,
        counted,
        paused,
        done_at,
    }
}

/// The pauses from `started` on, in order, overlapping ones merged.
fn normalized(started: DateTime<Utc>, pauses: &[Pause]) -> Vec<Pause> {
    let mut ps: Vec<Pause> = pauses
        .iter()
        .filter_map(|p| {
            let from = p.from.max(started);
            match p.to {
                Some(t) if t <= from => None,
                to => Some(Pause { from, to }),
            }
        })
        .collect();
    ps.sort_by_key(|p| p.from);
    let mut out: Vec<Pause> = Vec::with_capacity(ps.len());
    for p in ps {
        match out.last_mut() {
            Some(last) if last.to.is_none_or(|t| p.from <= t) => {
                last.to = match (last.to, p.to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => out.push(p),
        }
    }
    out
}

/// Calls `f` with each counted span `[a, b)` from `started` on, in order, until it
/// returns false, the clock is paused for good, or the horizon is reached.
fn walk(
    counting: Counting,
    cal: Calendar<'_>,
    started: DateTime<Utc>,
    pauses: &[Pause],
    mut f: impl FnMut(DateTime<Utc>, DateTime<Utc>) -> bool,
) {
    let horizon = started + Duration::days(HORIZON_DAYS as i64);
    let mut next_pause = 0;
    // Cuts the pauses out of one counted span; false: stop walking.
    let mut span = |a: DateTime<Utc>, b: DateTime<Utc>| -> bool {
        let mut cursor = a;
        while let Some(p) = pauses.get(next_pause) {
            if p.from >= b {
                break;
            }
            if p.from > cursor && !f(cursor, p.from) {
                return false;
            }
            match p.to {
                None => return false,
                Some(t) if t >= b => {
                    if t == b {
                        next_pause += 1;
                    }
                    return true;
                }
                Some(t) => {
                    cursor = cursor.max(t);
                    next_pause += 1;
                }
            }
        }
        cursor >= b || f(cursor, b)
    };
    match counting {
        Counting::Calendar => {
            span(started, horizon);
        }
        Counting::OpenHours => {
            let first = cal.zone.to_local(started).date_naive();
            for d in 0..HORIZON_DAYS {
                let Some(day) = first.checked_add_days(chrono::Days::new(d)) else {
                    return;
                };
                let Some((open, close)) = open_span(cal, day) else {
                    continue;
                };
                if close <= started {
                    continue;
                }
                if !span(open.max(started), close) {
                    return;
                }
            }
        }
    }
}

/// When the shop opens and closes on `day` (UTC), if it opens.
fn open_span(cal: Calendar<'_>, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let Some(cache) = cal.cache else {
        return work_out_span(cal, day);
    };
    if let Some(hit) = cache.borrow().get(&day) {
        return *hit;
    }
    let span = work_out_span(cal, day);
    cache.borrow_mut().insert(day, span);
    span
}

fn work_out_span(cal: Calendar<'_>, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if cal.week.holidays.contains(&day) {
        return None;
    }
    let (o, c) = cal.week.hours_on(day)?;
    let open = cal.zone.from_local(day.and_time(o))?;
    let close = cal.zone.from_local(day.and_time(c))?;
    (open < close).then_some((open, close))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;
    use proptest::prelude::*;

    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Monday to Friday 08:00–18:00, Saturday 09:00–12:00, closed on Sunday; 2026-10-01
    /// (a Thursday) a holiday.
    fn week() -> ShopWeek {
        let mut w = ShopWeek::manual_default();
        let h = |a: u32, b: u32| {
            Some((
                NaiveTime::from_hms_opt(a, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(b, 0, 0).unwrap(),
            ))
        };
        w.hours = [
            h(8, 18),
            h(8, 18),
            h(8, 18),
            h(8, 18),
            h(8, 18),
            h(9, 12),
            None,
        ];
        w.holidays
            .insert(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        w
    }

    fn cal(w: &ShopWeek) -> Calendar<'_> {
        Calendar::new(Zone::parse("Asia/Shanghai").unwrap(), w)
    }

    const HOUR_OPEN: Rule = Rule {
        minutes: 60,
        counting: Counting::OpenHours,
    };
    const DAYS_3: Rule = Rule {
        minutes: 72 * 60,
        counting: Counting::Calendar,
    };

    fn due(rule: Rule, w: &ShopWeek, rx: &str, pauses: &[Pause]) -> Option<DateTime<Utc>> {
        clock(rule, cal(w), t(rx), pauses, None, t(rx)).due
    }

    #[test]
    fn one_hour_in_opening_hours_goes_on_the_next_open_day() {
        let w = week();
        // Monday 17:50: ten minutes today, fifty from Tuesday's opening.
        assert_eq!(
            due(HOUR_OPEN, &w, "2026-11-23T17:50:00+08:00", &[]),
            Some(t("2026-11-24T08:50:00+08:00"))
        );
        // Saturday 11:30 (open until 12:00), Sunday closed: Monday 08:30.
        assert_eq!(
            due(HOUR_OPEN, &w, "2026-11-28T11:30:00+08:00", &[]),
            Some(t("2026-11-30T08:30:00+08:00"))
        );
        // Received at night: counting starts at the next opening.
        assert_eq!(
            due(HOUR_OPEN, &w, "2026-11-23T22:10:00+08:00", &[]),
            Some(t("2026-11-24T09:00:00+08:00"))
        );
        // Wednesday 17:30 before the holiday on Thursday: Friday 08:30.
        assert_eq!(
            due(HOUR_OPEN, &w, "2026-09-30T17:30:00+08:00", &[]),
            Some(t("2026-10-02T08:30:00+08:00"))
        );
        // In the middle of a day: an hour later.
        assert_eq!(
            due(HOUR_OPEN, &w, "2026-11-23T10:00:00+08:00", &[]),
            Some(t("2026-11-23T11:00:00+08:00"))
        );
    }

    #[test]
    fn seventy_two_calendar_hours_run_through_weekend_and_holiday() {
        let w = week();
        assert_eq!(
            due(DAYS_3, &w, "2026-11-27T10:00:00+08:00", &[]),
            Some(t("2026-11-30T10:00:00+08:00"))
        );
        assert_eq!(
            due(DAYS_3, &w, "2026-09-30T10:00:00+08:00", &[]),
            Some(t("2026-10-03T10:00:00+08:00"))
        );
        // The same 72 hours counted in opening hours: 7.2 working days of 10 hours.
        let open72 = Rule {
            minutes: 72 * 60,
            counting: Counting::OpenHours,
        };
        // Mon 10:00 → 8 h Mon, 40 h Tue–Fri, 3 h Sat, 21 h more: Mon, Tue 10 h, Wed 1 h.
        assert_eq!(
            due(open72, &w, "2026-11-23T10:00:00+08:00", &[]),
            Some(t("2026-12-02T09:00:00+08:00"))
        );
    }

    #[test]
    fn a_pause_and_its_resume_move_the_due_time_by_the_counted_time_it_took() {
        let w = week();
        let rx = "2026-11-23T09:00:00+08:00";
        // Calendar: paused four hours → due four hours later.
        let four = Pause {
            from: t("2026-11-23T10:00:00+08:00"),
            to: Some(t("2026-11-23T14:00:00+08:00")),
        };
        assert_eq!(
            due(DAYS_3, &w, rx, &[four]),
            Some(t("2026-11-26T13:00:00+08:00"))
        );
        // Opening hours: paused 09:30 until the next morning 08:15 → the 30 minutes left
        // run from 08:15.
        let overnight = Pause {
            from: t("2026-11-23T09:30:00+08:00"),
            to: Some(t("2026-11-24T08:15:00+08:00")),
        };
        assert_eq!(
            due(HOUR_OPEN, &w, rx, &[overnight]),
            Some(t("2026-11-24T08:45:00+08:00"))
        );
        // Still paused: no due time, 30 minutes left, shown as paused.
        let open = Pause {
            from: t("2026-11-23T09:30:00+08:00"),
            to: None,
        };
        let now = t("2026-11-23T16:00:00+08:00");
        let c = clock(HOUR_OPEN, cal(&w), t(rx), &[open], None, now);
        assert_eq!(c.due, None);
        assert!(c.paused);
        assert_eq!(
            c.deadline(now),
            Deadline::Paused {
                left: Duration::minutes(30)
            }
        );
        // A pause that ended before the clock started changes nothing.
        let before = Pause {
            from: t("2026-11-22T09:00:00+08:00"),
            to: Some(t("2026-11-22T10:00:00+08:00")),
        };
        assert_eq!(
            due(HOUR_OPEN, &w, rx, &[before]),
            Some(t("2026-11-23T10:00:00+08:00"))
        );
    }

    #[test]
    fn a_reopened_complaint_counts_again_from_the_reopening() {
        let w = week();
        // Answered in time the first time; reopened on Thursday 15:00, the new clock starts
        // there and is overdue on Sunday 15:01 unless answered again.
        let reopened = t("2026-11-26T15:00:00+08:00");
        let first = clock(
            DAYS_3,
            cal(&w),
            t("2026-11-23T09:00:00+08:00"),
            &[],
            Some(t("2026-11-24T09:00:00+08:00")),
            reopened,
        );
        assert_eq!(first.deadline(reopened), Deadline::Met);
        let later = t("2026-11-29T15:01:00+08:00");
        let again = clock(DAYS_3, cal(&w), reopened, &[], None, later);
        assert_eq!(
            again.deadline(later),
            Deadline::Overdue {
                due: t("2026-11-29T15:00:00+08:00"),
                late: Duration::minutes(1)
            }
        );
    }

    #[test]
    fn done_late_done_in_time_and_counted_time() {
        let w = week();
        let rx = t("2026-11-23T17:50:00+08:00");
        let c = clock(
            HOUR_OPEN,
            cal(&w),
            rx,
            &[],
            Some(t("2026-11-24T08:50:00+08:00")),
            t("2026-11-25T12:00:00+08:00"),
        );
        assert_eq!(c.deadline(t("2026-11-25T12:00:00+08:00")), Deadline::Met);
        assert_eq!(c.counted, Duration::minutes(60));
        let c = clock(
            HOUR_OPEN,
            cal(&w),
            rx,
            &[],
            Some(t("2026-11-24T08:51:00+08:00")),
            t("2026-11-25T12:00:00+08:00"),
        );
        assert_eq!(
            c.deadline(t("2026-11-25T12:00:00+08:00")),
            Deadline::MetLate
        );
        // At night the clock does not count: 10 minutes counted by Tuesday 07:00.
        let c = clock(
            HOUR_OPEN,
            cal(&w),
            rx,
            &[],
            None,
            t("2026-11-24T07:00:00+08:00"),
        );
        assert_eq!(c.counted, Duration::minutes(10));
    }

    #[test]
    fn a_shop_never_open_has_no_due_time() {
        let mut w = week();
        w.hours = [None; 7];
        assert_eq!(due(HOUR_OPEN, &w, "2026-11-23T09:00:00+08:00", &[]), None);
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // Four weeks from Monday 2026-09-28 00:00 (+08:00), minute by minute.
        (0i64..28 * 24 * 60).prop_map(|m| t("2026-09-28T00:00:00+08:00") + Duration::minutes(m))
    }

    fn pauses() -> impl Strategy<Value = Vec<Pause>> {
        prop::collection::vec((instant(), prop::option::of(1i64..5 * 24 * 60)), 0..4).prop_map(
            |v| {
                v.into_iter()
                    .map(|(from, len)| Pause {
                        from,
                        to: len.map(|m| from + Duration::minutes(m)),
                    })
                    .collect()
            },
        )
    }

    fn rule() -> impl Strategy<Value = Rule> {
        (1i64..100 * 60, prop::bool::ANY).prop_map(|(minutes, open)| Rule {
            minutes,
            counting: if open {
                Counting::OpenHours
            } else {
                Counting::Calendar
            },
        })
    }

    /// `None` (no due time) as later than any time.
    fn later_or_same(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> bool {
        match (a, b) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a >= b,
        }
    }

    proptest! {
        #[test]
        fn due_is_never_before_received(r in rule(), rx in instant(), ps in pauses()) {
            let w = week();
            let c = clock(r, cal(&w), rx, &ps, None, rx);
            let least = match r.counting {
                Counting::Calendar => rx + Duration::minutes(r.minutes),
                Counting::OpenHours => rx + Duration::minutes(1),
            };
            let ok = c.due.is_none_or(|d| d >= least);
            prop_assert!(ok, "due {:?} received {}", c.due, rx);
        }

        #[test]
        fn a_pause_never_shortens_a_deadline(r in rule(), rx in instant(), ps in pauses(), extra in pauses()) {
            let w = week();
            let before = clock(r, cal(&w), rx, &ps, None, rx).due;
            let mut more = ps.clone();
            more.extend(extra);
            let after = clock(r, cal(&w), rx, &more, None, rx).due;
            prop_assert!(later_or_same(after, before), "{before:?} then {after:?}");
        }

        #[test]
        fn the_counted_time_at_the_due_time_is_the_rule(r in rule(), rx in instant(), ps in pauses()) {
            let w = week();
            if let Some(due) = clock(r, cal(&w), rx, &ps, None, rx).due {
                let c = clock(r, cal(&w), rx, &ps, None, due);
                prop_assert_eq!(c.counted, Duration::minutes(r.minutes));
                let in_time = matches!(c.deadline(due), Deadline::Due { .. });
                prop_assert!(in_time);
                let late = due + Duration::minutes(1);
                prop_assert!(clock(r, cal(&w), rx, &ps, None, late).deadline(late).is_overdue());
            }
        }

        #[test]
        fn a_longer_rule_is_never_due_sooner(r in rule(), more in 0i64..3000, rx in instant(), ps in pauses()) {
            let w = week();
            let longer = Rule { minutes: r.minutes + more, ..r };
            let a = clock(r, cal(&w), rx, &ps, None, rx).due;
            let b = clock(longer, cal(&w), rx, &ps, None, rx).due;
            prop_assert!(later_or_same(b, a));
        }

        #[test]
        fn a_shared_span_cache_changes_nothing(rules in prop::collection::vec((rule(), instant(), pauses()), 1..6)) {
            let w = week();
            let cache = SpanCache::default();
            let shared = cal(&w).cached(&cache);
            for (r, rx, ps) in rules {
                let now = rx + Duration::days(3);
                prop_assert_eq!(clock(r, shared, rx, &ps, None, now), clock(r, cal(&w), rx, &ps, None, now));
            }
        }

        #[test]
        fn calendar_time_without_pauses_is_plain_addition(m in 1i64..10_000, rx in instant()) {
            let w = week();
            let r = Rule { minutes: m, counting: Counting::Calendar };
            prop_assert_eq!(clock(r, cal(&w), rx, &[], None, rx).due, Some(rx + Duration::minutes(m)));
        }
    }
}
