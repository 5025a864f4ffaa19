//! Complaint deadlines (domain.md §5, §6): report upward within 1 hour of receipt; an
//! escalated complaint is answered within 72 hours. Pure functions of the recorded
//! times and `now`.

use chrono::{DateTime, Duration, Utc};

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
}

impl Deadline {
    fn of(due: DateTime<Utc>, done_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Deadline {
        match done_at {
            Some(t) if t <= due => Deadline::Met,
            Some(_) => Deadline::MetLate,
            None if now <= due => Deadline::Due {
                due,
                left: due - now,
            },
            None => Deadline::Overdue {
                due,
                late: now - due,
            },
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, Deadline::Overdue { .. })
    }
}

/// The two clocks of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sla {
    /// Reported to the customer manager within 1 h.
    pub report: Deadline,
    /// Answered within 72 h; only for escalated complaints.
    pub answer: Option<Deadline>,
}

pub fn sla(
    received_at: DateTime<Utc>,
    reported_at: Option<DateTime<Utc>>,
    escalated: bool,
    answered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Sla {
    Sla {
        report: Deadline::of(received_at + REPORT_WITHIN, reported_at, now),
        answer: escalated.then(|| Deadline::of(received_at + ANSWER_WITHIN, answered_at, now)),
    }
}

impl Sla {
    pub fn is_overdue(&self) -> bool {
        self.report.is_overdue() || self.answer.is_some_and(|a| a.is_overdue())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_one_hour_and_72_hour_clocks() {
        let rx = t("2026-11-23T09:00:00+08:00");
        // 59 minutes in, not reported: due in 1 minute.
        let s = sla(rx, None, false, None, t("2026-11-23T09:59:00+08:00"));
        assert_eq!(
            s.report,
            Deadline::Due {
                due: rx + Duration::hours(1),
                left: Duration::minutes(1)
            }
        );
        assert_eq!(s.answer, None);
        // exactly at the hour: still in time.
        assert!(!sla(rx, None, false, None, t("2026-11-23T10:00:00+08:00")).is_overdue());
        // one minute past: overdue by one minute.
        let s = sla(rx, None, false, None, t("2026-11-23T10:01:00+08:00"));
        assert!(matches!(s.report, Deadline::Overdue { late, .. } if late == Duration::minutes(1)));
        // reported at 10:00 sharp: met; at 10:05: met late.
        assert_eq!(
            sla(rx, Some(t("2026-11-23T10:00:00+08:00")), false, None, rx).report,
            Deadline::Met
        );
        assert_eq!(
            sla(rx, Some(t("2026-11-23T10:05:00+08:00")), false, None, rx).report,
            Deadline::MetLate
        );
        // escalated: 72 h later not answered is overdue, answered in time is met.
        let late = t("2026-11-26T09:00:01+08:00");
        assert!(
            sla(rx, Some(rx), true, None, late)
                .answer
                .unwrap()
                .is_overdue()
        );
        assert_eq!(
            sla(
                rx,
                Some(rx),
                true,
                Some(t("2026-11-26T09:00:00+08:00")),
                late
            )
            .answer,
            Some(Deadline::Met)
        );
    }
}
