//! Complaint deadlines (domain.md §5, §6): report upward within 1 hour of receipt; an
//! escalated complaint is answered within 72 hours. Pure functions of the recorded
//! times and `now`.

use chrono::{DateTime, Duration, Utc};

pub mod clock;
pub mod stages;

pub use clock::{Calendar, Clock, Counting, Pause, Rule, SpanCache};

use crate::domain::kinds::ComplaintStage;

pub const REPORT_WITHIN: Duration = Duration::hours(1);
pub const ANSWER_WITHIN: Duration = Duration::hours(72);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Done in time.
    Met,
    /// Done, but after the deadline.
    MetLate,
    /// Not done; `left` until due.
    Due { due: DateTime<Utc>, left: Duration },
    /// Not done and past due by `late`.
    Overdue { due: DateTime<Utc>, late: Duration },
    /// Not done, paused (waiting for the customer, say) with `left` of counted time.
    Paused { left: Duration },
}

impl Deadline {
    pub fn is_overdue(&self) -> bool {
        matches!(self, Deadline::Overdue { .. })
    }
}

/// How the shop counts its complaint clocks (the shop settings hold it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Reported upward: by default 1 h in opening hours.
    pub report: Rule,
    /// The answer (the result given) on a complaint beyond the front desk: by default
    /// 72 h of calendar time.
    pub answer: Rule,
    /// The follow-up visit after the resolution, in calendar days (default 3).
    pub follow_up_days: i64,
    /// The stages in which the report and answer clocks stand still (by default while
    /// the customer considers a proposed solution).
    pub pause_in: Vec<ComplaintStage>,
}

pub const DEFAULT_FOLLOW_UP_DAYS: i64 = 3;

impl Default for Policy {
    fn default() -> Self {
        Policy {
            report: Rule {
                minutes: REPORT_WITHIN.num_minutes(),
                counting: Counting::OpenHours,
            },
            answer: Rule {
                minutes: ANSWER_WITHIN.num_minutes(),
                counting: Counting::Calendar,
            },
            follow_up_days: DEFAULT_FOLLOW_UP_DAYS,
            pause_in: vec![ComplaintStage::Proposed],
        }
    }
}

/// What the clocks of one complaint are computed from, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct Stamps<'a> {
    pub received_at: DateTime<Utc>,
    pub reported_at: Option<DateTime<Utc>>,
    /// A supervision order was issued: the matter is beyond the front desk.
    pub escalated: bool,
    pub reopened_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub followed_up_at: Option<DateTime<Utc>>,
    /// The current supervision order.
    pub order: Option<OrderTimes>,
    /// Every stage the complaint entered, with the time, oldest first.
    pub stages: &'a [(DateTime<Utc>, ComplaintStage)],
}

/// A supervision order's times: its own due time, set when it is issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderTimes {
    pub issued: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub done: Option<DateTime<Utc>>,
}

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Report,
    Answer,
    Order,
    FollowUp,
}

impl Which {
    pub const ALL: [Which; 4] = [Which::Report, Which::Answer, Which::Order, Which::FollowUp];

    pub fn label_key(self) -> &'static str {
        match self {
            Which::Report => "clock.report",
            Which::Answer => "clock.answer",
            Which::Order => "clock.order",
            Which::FollowUp => "clock.follow_up",
        }
    }
}

/// Every clock of one complaint; those that do not apply are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub report: Clock,
    pub answer: Option<Clock>,
    pub order: Option<Clock>,
    pub follow_up: Option<Clock>,
}

impl Clocks {
    pub fn get(&self, w: Which) -> Option<&Clock> {
        match w {
            Which::Report => Some(&self.report),
            Which::Answer => self.answer.as_ref(),
            Which::Order => self.order.as_ref(),
            Which::FollowUp => self.follow_up.as_ref(),
        }
    }

    /// Some clock is past due and not done.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        Which::ALL
            .iter()
            .filter_map(|w| self.get(*w))
            .any(|c| c.deadline(now).is_overdue())
    }

    /// The earliest due time of a clock still running (overdue ones included).
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        Which::ALL
            .iter()
            .filter_map(|w| self.get(*w))
            .filter(|c| c.done_at.is_none())
            .filter_map(|c| c.due)
            .min()
    }
}

/// The spans spent in a pausing stage.
fn pauses(stages: &[(DateTime<Utc>, ComplaintStage)], pause_in: &[ComplaintStage]) -> Vec<Pause> {
    let mut out = Vec::new();
    let mut open: Option<DateTime<Utc>> = None;
    for (at, stage) in stages {
        let pausing = pause_in.contains(stage);
        match (open, pausing) {
            (None, true) => open = Some(*at),
            (Some(from), false) => {
                out.push(Pause {
                    from,
                    to: Some(*at),
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push(Pause { from, to: None });
    }
    out
}

/// Every clock of a complaint at `now`: reported within its rule, answered within its
/// rule once escalated (counted again from a reopening), the supervision order by its
/// own due time, the follow-up visit after the resolution.
pub fn clocks(s: &Stamps<'_>, policy: &Policy, cal: Calendar<'_>, now: DateTime<Utc>) -> Clocks {
    let paused = pauses(s.stages, &policy.pause_in);
    let report = clock::clock(
        policy.report,
        cal,
        s.received_at,
        &paused,
        s.reported_at,
        now,
    );
    let answer = s.escalated.then(|| {
        let start = s.reopened_at.unwrap_or(s.received_at);
        let done = s.resolved_at.filter(|t| *t >= start);
        clock::clock(policy.answer, cal, start, &paused, done, now)
    });
    let order = s.order.map(|OrderTimes { issued, due, done }| Clock {
        started: issued,
        due: Some(due),
        budget: due - issued,
        counted: done.unwrap_or(now).min(due).max(issued) - issued,
        paused: false,
        done_at: done,
    });
    let follow_up = s.resolved_at.map(|resolved| {
        let rule = Rule {
            minutes: policy.follow_up_days * 24 * 60,
            counting: Counting::Calendar,
        };
        let done = s.followed_up_at.filter(|t| *t >= resolved);
        clock::clock(rule, cal, resolved, &[], done, now)
    });
    Clocks {
        report,
        answer,
        order,
        follow_up,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_clock_of_a_complaint_from_its_stamps() {
        use crate::clock::Zone;
        use crate::domain::appointment::ShopWeek;
        use ComplaintStage as St;
        // Open 08:30–17:30 every day.
        let week = ShopWeek::manual_default();
        let cal = Calendar::new(Zone::parse("Asia/Shanghai").unwrap(), &week);
        let p = Policy::default();
        let rx = t("2026-11-23T17:00:00+08:00");
        let stages = [
            (rx, St::Received),
            (t("2026-11-23T17:20:00+08:00"), St::Reported),
            (t("2026-11-23T17:25:00+08:00"), St::Supervised),
            (t("2026-11-24T10:00:00+08:00"), St::Proposed),
            (t("2026-11-24T16:00:00+08:00"), St::Accepted),
        ];
        let s = Stamps {
            received_at: rx,
            reported_at: Some(t("2026-11-23T17:20:00+08:00")),
            escalated: true,
            reopened_at: None,
            resolved_at: None,
            followed_up_at: None,
            order: Some(OrderTimes {
                issued: t("2026-11-23T17:25:00+08:00"),
                due: t("2026-11-24T17:25:00+08:00"),
                done: Some(t("2026-11-24T10:00:00+08:00")),
            }),
            stages: &stages,
        };
        let now = t("2026-11-26T18:00:00+08:00");
        let c = clocks(&s, &p, cal, now);
        // Reported 20 minutes in: met.
        assert_eq!(c.report.deadline(now), Deadline::Met);
        // 72 h from 17:00, plus the six hours the customer considered the solution.
        assert_eq!(c.answer.unwrap().due, Some(t("2026-11-26T23:00:00+08:00")));
        assert!(matches!(
            c.answer.unwrap().deadline(now),
            Deadline::Due { .. }
        ));
        assert_eq!(c.order.unwrap().deadline(now), Deadline::Met);
        assert_eq!(c.follow_up, None);
        assert!(!c.is_overdue(now));
        assert_eq!(c.next_due(), Some(t("2026-11-26T23:00:00+08:00")));
        // Not reported, received 17:00 with 30 open minutes left that day: due 09:00 next
        // morning, overdue at 09:01.
        let fresh = Stamps {
            reported_at: None,
            escalated: false,
            order: None,
            stages: &stages[..1],
            ..s
        };
        let at = t("2026-11-24T09:01:00+08:00");
        let c = clocks(&fresh, &p, cal, at);
        assert_eq!(c.report.due, Some(t("2026-11-24T09:00:00+08:00")));
        assert!(c.is_overdue(at));
        assert_eq!(c.answer, None);
        // Resolved: the follow-up visit is due three days later.
        let done = Stamps {
            resolved_at: Some(t("2026-11-25T12:00:00+08:00")),
            ..s
        };
        let c = clocks(&done, &p, cal, now);
        assert_eq!(c.answer.unwrap().deadline(now), Deadline::Met);
        assert_eq!(
            c.follow_up.unwrap().due,
            Some(t("2026-11-28T12:00:00+08:00"))
        );
        // Reopened on the 28th: the answer clock counts again from there.
        let reopened = Stamps {
            reopened_at: Some(t("2026-11-28T12:00:00+08:00")),
            ..done
        };
        let later = t("2026-12-01T12:01:00+08:00");
        let c = clocks(&reopened, &p, cal, later);
        assert!(c.answer.unwrap().deadline(later).is_overdue());
    }
}
