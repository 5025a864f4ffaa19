//! The workshop's figures for the boards (domain.md §6): on-time delivery, first-time
//! fix, time from signature to leaving reception, time per job against its estimate and
//! follow-up satisfaction. Each is a pure function of facts the store gathers.

use chrono::{DateTime, Utc};

/// A share: how many of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub hits: u64,
    pub total: u64,
}

impl Rate {
    /// The share in whole percent, rounded half up; `None` when there is nothing to count.
    pub fn pct(self) -> Option<u64> {
        (self.total > 0).then(|| (self.hits * 200 + self.total) / (self.total * 2))
    }
}

/// One delivered order as the figures see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub promised_at: DateTime<Utc>,
    pub delivered_at: DateTime<Utc>,
    pub signed_at: DateTime<Utc>,
    /// When it left reception (dispatched); `None` if never recorded.
    pub dispatched_at: Option<DateTime<Utc>>,
    pub qc_failures: u32,
    /// The vehicle came back (a comeback order of this one) within the comeback window.
    pub came_back: bool,
    /// Satisfaction with the result and with the staff (1–5), when the call reached them.
    pub satisfaction: Option<(i64, i64)>,
}

/// Delivered by the promised time.
pub fn on_time(orders: &[Delivered]) -> Rate {
    Rate {
        hits: orders
            .iter()
            .filter(|o| o.delivered_at <= o.promised_at)
            .count() as u64,
        total: orders.len() as u64,
    }
}

/// Fixed the first time: no failed check and no comeback within the window.
pub fn first_time_fix(orders: &[Delivered]) -> Rate {
    Rate {
        hits: orders
            .iter()
            .filter(|o| o.qc_failures == 0 && !o.came_back)
            .count() as u64,
        total: orders.len() as u64,
    }
}

/// Came back within the window.
pub fn comeback(orders: &[Delivered]) -> Rate {
    Rate {
        hits: orders.iter().filter(|o| o.came_back).count() as u64,
        total: orders.len() as u64,
    }
}

/// The average minutes from signature to leaving reception, over the orders that record
/// it.
pub fn reception_minutes(orders: &[Delivered]) -> Option<i64> {
    let spans: Vec<i64> = orders
        .iter()
        .filter_map(|o| {
            o.dispatched_at
                .map(|d| (d - o.signed_at).num_minutes().max(0))
        })
        .collect();
    (!spans.is_empty()).then(|| spans.iter().sum::<i64>() / spans.len() as i64)
}

/// The average satisfaction (result, staff) in tenths (4.5 → 45) over reached calls.
pub fn satisfaction(orders: &[Delivered]) -> Option<(i64, i64)> {
    let s: Vec<(i64, i64)> = orders.iter().filter_map(|o| o.satisfaction).collect();
    if s.is_empty() {
        return None;
    }
    let n = s.len() as i64;
    let tenths = |sum: i64| (sum * 20 + n) / (n * 2);
    Some((
        tenths(s.iter().map(|x| x.0).sum()),
        tenths(s.iter().map(|x| x.1).sum()),
    ))
}

/// Time on jobs against their estimates, in percent (100 = as estimated), over
/// (worked, estimate) seconds of finished jobs with an estimate.
pub fn jobs_against_estimate(jobs: &[(i64, i64)]) -> Option<i64> {
    let (w, e) = jobs
        .iter()
        .filter(|(_, e)| *e > 0)
        .fold((0i64, 0i64), |(w, e), (jw, je)| (w + jw.max(&0), e + je));
    (e > 0).then(|| w * 100 / e)
}
