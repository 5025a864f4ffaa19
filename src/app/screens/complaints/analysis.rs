//! The complaints analysis over a month (`s` on F3, ←/→ the month before or after): how
//! many by category, channel, responsible department and nature; the 1 h and 72 h
//! compliance; the reopen rate; the average time to close — for the periodic review
//! domain.md §5 asks for. Computed from the rows received in the month and their clocks.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::clock::Zone;
use crate::domain::complaint::{Calendar, Deadline, SpanCache};
use crate::domain::kinds::{ComplaintCategory, ComplaintChannel, ComplaintNature, ComplaintStage};
use crate::store::complaints::Counted;
use crate::store::settings::ShopSettings;

/// In time out of those whose clock is done or overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compliance {
    pub met: usize,
    pub counted: usize,
}

impl Compliance {
    /// Percent, when anything was counted.
    pub fn pct(self) -> Option<u32> {
        (self.counted > 0).then(|| (self.met * 100 / self.counted) as u32)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The first day of the month and the first of the next (local).
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: usize,
    pub by_category: Vec<(ComplaintCategory, usize)>,
    pub by_channel: Vec<(ComplaintChannel, usize)>,
    pub by_nature: Vec<(ComplaintNature, usize)>,
    /// By the responsible department of the supervision order (the most first); the
    /// complaints without an order are not counted here.
    pub by_department: Vec<(String, usize)>,
    pub report: Compliance,
    pub answer: Compliance,
    /// Reopened at least once, of those resolved at least once.
    pub reopened: Compliance,
    /// The average time from received to closed, over the closed ones.
    pub avg_close: Option<Duration>,
}

/// The month around local `day`: its first day and the first of the next.
pub fn month_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    (first, next)
}

/// Local midnight of `day` in UTC (the start of the day where midnight does not exist).
pub fn start_of(zone: Zone, day: NaiveDate) -> DateTime<Utc> {
    zone.start_of_day(day)
}

fn count<K: PartialEq + Copy>(all: &[K], keys: impl Iterator<Item = K>) -> Vec<(K, usize)> {
    let mut out: Vec<(K, usize)> = all.iter().map(|k| (*k, 0)).collect();
    for k in keys {
        if let Some(e) = out.iter_mut().find(|(x, _)| *x == k) {
            e.1 += 1;
        }
    }
    out
}

/// The analysis of `rows` (received in `[from, to)`) at `now`.
pub fn analyse(
    rows: &[Counted],
    from: NaiveDate,
    to: NaiveDate,
    settings: &ShopSettings,
    now: DateTime<Utc>,
) -> Analysis {
    let cache = SpanCache::default();
    let cal = Calendar::new(settings.zone(), &settings.week).cached(&cache);
    let mut a = Analysis {
        from,
        to,
        total: rows.len(),
        by_category: count(ComplaintCategory::ALL, rows.iter().map(|r| r.category)),
        by_channel: count(ComplaintChannel::ALL, rows.iter().map(|r| r.channel)),
        by_nature: count(ComplaintNature::ALL, rows.iter().map(|r| r.nature)),
        ..Analysis::default()
    };
    let mut departments: Vec<(String, usize)> = Vec::new();
    let mut close_sum = Duration::zero();
    let mut closed = 0i32;
    for r in rows {
        let c = r.clocks(&settings.complaints, cal, now);
        let tally = |acc: &mut Compliance, d: Deadline| match d {
            Deadline::Met => {
                acc.met += 1;
                acc.counted += 1;
            }
            Deadline::MetLate | Deadline::Overdue { .. } => acc.counted += 1,
            Deadline::Due { .. } | Deadline::Paused { .. } => {}
        };
        tally(&mut a.report, c.report.deadline(now));
        if let Some(ans) = c.answer {
            tally(&mut a.answer, ans.deadline(now));
        }
        if let Some(d) = &r.responsible_dept {
            match departments.iter_mut().find(|(x, _)| x == d) {
                Some(e) => e.1 += 1,
                None => departments.push((d.clone(), 1)),
            }
        }
        let ever_resolved = r.resolved_at.is_some() || r.reopen_count > 0;
        if ever_resolved {
            a.reopened.counted += 1;
            if r.reopen_count > 0 {
                a.reopened.met += 1;
            }
        }
        if r.stage == ComplaintStage::Closed
            && let Some(f) = r.followed_up_at
        {
            close_sum += f - r.received_at;
            closed += 1;
        }
    }
    departments.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    a.by_department = departments;
    a.avg_close = (closed > 0).then(|| close_sum / closed);
    a
}
