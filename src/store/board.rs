//! What the supervisors' wall board and the lounge welcome board read, page by page,
//! each page in one snapshot (call them inside [`crate::store::Store::read`]): the
//! day's appointments by hour, the facts of the key figures over the last days, the
//! week's load, and the cars in the shop for the lounge. The workshop and complaints
//! pages read the work-orders board ([`super::workshop::board`]) and the open complaints
//! ([`super::complaints::open_heads`]) as the counters do.

use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use rusqlite::Connection;

use super::appointments::{self, col, day_text};
use super::settings::ShopSettings;
use super::{Result, complaints, workshop};
use crate::clock::Zone;
use crate::domain::appointment::DayLoad;
use crate::domain::complaint::{Calendar, SpanCache};
use crate::domain::kinds::{AppointmentState, RepairOrderState};
use crate::domain::kpi::{self, DayFacts};

/// One hour of the day's appointments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hour {
    /// The local hour they start in (0–23).
    pub hour: u32,
    /// Every live appointment of the hour (not cancelled or rescheduled).
    pub booked: u32,
    /// Came: arrived or checked in.
    pub came: u32,
    pub no_show: u32,
    /// Booked or confirmed, not come yet.
    pub expected: u32,
    pub minutes: i64,
}

/// The Today page: the day's appointments by hour, their totals and the day's load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Today {
    pub day: NaiveDate,
    pub hours: Vec<Hour>,
    pub booked: u32,
    pub came: u32,
    pub no_show: u32,
    pub expected: u32,
    pub cancelled: u32,
    pub load: Option<DayLoad>,
}

/// The appointments of `day` (local), by start time: what the Today page counts.
const SQL_DAY: &str = "SELECT starts_at, state, est_minutes FROM appointments \
     INDEXED BY appointments_day WHERE day = ?1 ORDER BY starts_at";

/// The appointments of a span of days, counted by day and state (the covering index of
/// the day's load).
const SQL_DAYS: &str = "SELECT day, state, count(*) FROM appointments \
     INDEXED BY appointments_day_load WHERE day BETWEEN ?1 AND ?2 GROUP BY day, state";

/// The open orders for the lounge: the customer's name as the order keeps it, their
/// salutation, the plate, the advisor, the state, the promise and whether a wash was
/// asked for; soonest promise first.
const SQL_WELCOME: &str = "SELECT ro.customer_name, c.salutation, ro.plate, s.name, ro.state, \
     ro.promised_at, ro.wash_wanted \
     FROM repair_orders ro INDEXED BY repair_orders_open \
     JOIN customers c ON c.id = ro.customer_id \
     LEFT JOIN staff s ON s.id = ro.advisor_id \
     WHERE ro.state NOT IN ('delivered', 'cancelled') ORDER BY ro.promised_at, ro.id";

/// The board's statements with their parameters' shape, for plan checks and for the
/// benchmarks' bare SQL: (statement, takes a day or a span of days).
pub fn statements() -> Vec<&'static str> {
    vec![SQL_DAY, SQL_DAYS, SQL_WELCOME]
}

/// The Today page of local `day`.
pub fn today(conn: &Connection, day: NaiveDate, shop: &ShopSettings) -> Result<Today> {
    let zone = shop.zone();
    let mut t = Today {
        day,
        ..Today::default()
    };
    let mut st = conn.prepare_cached(SQL_DAY)?;
    let mut q = st.query([day_text(day)])?;
    while let Some(r) = q.next()? {
        let at: DateTime<Utc> = col::time(r, 0)?;
        let state: AppointmentState = col::vocab(r, 1)?;
        let minutes: i64 = r.get(2)?;
        if matches!(
            state,
            AppointmentState::Cancelled | AppointmentState::Rescheduled
        ) {
            t.cancelled += 1;
            continue;
        }
        let hour = zone.to_local(at).hour();
        let h = match t.hours.iter_mut().find(|h| h.hour == hour) {
            Some(h) => h,
            None => {
                t.hours.push(Hour {
                    hour,
                    ..Hour::default()
                });
                t.hours.last_mut().expect("just pushed")
            }
        };
        h.booked += 1;
        h.minutes += minutes;
        match state {
            AppointmentState::Arrived | AppointmentState::CheckedIn => h.came += 1,
            AppointmentState::NoShow => h.no_show += 1,
            _ => h.expected += 1,
        }
    }
    t.hours.sort_by_key(|h| h.hour);
    for h in &t.hours {
        t.booked += h.booked;
        t.came += h.came;
        t.no_show += h.no_show;
        t.expected += h.expected;
    }
    t.load = appointments::week(conn, day, 1, shop)?
        .into_iter()
        .next()
        .map(|(_, l)| l);
    Ok(t)
}

/// The load of the seven days of the week of `day` (Monday first).
pub fn week(
    conn: &Connection,
    day: NaiveDate,
    shop: &ShopSettings,
) -> Result<Vec<(NaiveDate, DayLoad)>> {
    use chrono::Datelike;
    let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
    appointments::week(conn, monday, 7, shop)
}

/// The facts of the key figures for the [`kpi::DAYS`] local days ending with `today`,
/// oldest first, the complaint clocks as they stand at `now`.
pub fn kpi_days(
    conn: &Connection,
    today: NaiveDate,
    shop: &ShopSettings,
    now: DateTime<Utc>,
) -> Result<Vec<DayFacts>> {
    let zone: Zone = shop.zone();
    let first = today - Days::new(kpi::DAYS as u64 - 1);
    let mut days: Vec<DayFacts> = first
        .iter_days()
        .take(kpi::DAYS)
        .map(|day| DayFacts {
            day,
            ..DayFacts::default()
        })
        .collect();
    let index = |d: NaiveDate| -> Option<usize> {
        let i = (d - first).num_days();
        (0..kpi::DAYS as i64).contains(&i).then_some(i as usize)
    };
    for (d, load) in appointments::week(conn, first, kpi::DAYS as u32, shop)? {
        if let Some(i) = index(d) {
            days[i].load = Some(load);
        }
    }
    {
        let mut st = conn.prepare_cached(SQL_DAYS)?;
        let mut q = st.query([day_text(first), day_text(today)])?;
        while let Some(r) = q.next()? {
            let d = col::day(r, 0)?;
            let state: AppointmentState = col::vocab(r, 1)?;
            let n: i64 = r.get(2)?;
            if let Some(i) = index(d) {
                days[i]
                    .appointments
                    .extend(std::iter::repeat_n(state, n.max(0) as usize));
            }
        }
    }
    let from = zone.start_of_day(first);
    let to = zone.start_of_day(today + Days::new(1));
    for (_, d) in workshop::delivered(conn, from, to, shop.comeback_days)? {
        if let Some(i) = index(zone.to_local(d.delivered_at).date_naive()) {
            days[i].delivered.push(d);
        }
    }
    let cache = SpanCache::default();
    let cal = Calendar::new(zone, &shop.week).cached(&cache);
    for c in complaints::received_between(conn, from, to)? {
        if let Some(i) = index(zone.to_local(c.received_at).date_naive()) {
            let clocks = c.clocks(&shop.complaints, cal, now);
            days[i].complaints.push((
                clocks.report.deadline(now),
                clocks.answer.map(|a| a.deadline(now)),
            ));
        }
    }
    Ok(days)
}

/// One car in the shop, as the lounge may know it (masked when shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeRow {
    pub customer_name: String,
    pub salutation: Option<String>,
    pub plate: String,
    pub advisor: Option<String>,
    pub state: RepairOrderState,
    pub promised_at: DateTime<Utc>,
    pub wash_wanted: bool,
}

/// Every car in the shop (its order open), soonest promise first.
pub fn welcome(conn: &Connection) -> Result<Vec<WelcomeRow>> {
    let mut st = conn.prepare_cached(SQL_WELCOME)?;
    let rows = st.query_map([], |r| {
        Ok(WelcomeRow {
            customer_name: r.get(0)?,
            salutation: r.get(1)?,
            plate: r.get(2)?,
            advisor: r.get(3)?,
            state: col::vocab(r, 4)?,
            promised_at: col::time(r, 5)?,
            wash_wanted: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
