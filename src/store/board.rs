//! The supervisors' board figures, read in one snapshot.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Result, Store, appointments, complaints, repair_orders, settings};
use crate::domain::complaint;
use crate::domain::kinds::{AppointmentState, RepairOrderState};

/// Counts for the supervisors' board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardSummary {
    pub appointments_today: usize,
    pub arrived_today: usize,
    pub booked_minutes_today: i64,
    pub open_orders: Vec<(RepairOrderState, usize)>,
    pub open_complaints: usize,
    pub overdue_complaints: usize,
}

/// Today's figures as of `now`.
pub fn summary(store: &mut Store, now: DateTime<Utc>, today: NaiveDate) -> Result<BoardSummary> {
    store.read(|conn| {
        let day = appointments::list_day(conn, today)?;
        let live: Vec<_> = day
            .iter()
            .filter(|a| {
                !matches!(
                    a.state,
                    AppointmentState::Cancelled | AppointmentState::Rescheduled
                )
            })
            .collect();
        let orders = repair_orders::list(conn, true)?;
        let open_orders = RepairOrderState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| (*s, orders.iter().filter(|o| o.state == *s).count()))
            .collect();
        let open = complaints::list(conn, true)?;
        let shop = settings::load(conn)?;
        let cache = complaint::clock::SpanCache::default();
        let cal = complaint::Calendar::new(shop.zone(), &shop.week).cached(&cache);
        let overdue = open
            .iter()
            .filter(|c| c.clocks(&shop.complaints, cal, now).is_overdue(now))
            .count();
        Ok(BoardSummary {
            appointments_today: live.len(),
            arrived_today: live
                .iter()
                .filter(|a| {
                    matches!(
                        a.state,
                        AppointmentState::Arrived | AppointmentState::CheckedIn
                    )
                })
                .count(),
            booked_minutes_today: live.iter().map(|a| a.est_minutes).sum(),
            open_orders,
            open_complaints: open.len(),
            overdue_complaints: overdue,
        })
    })
}
