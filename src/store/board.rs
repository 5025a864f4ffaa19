//! What the supervisors' wall board and the lounge welcome board read, page by page,
//! each page in one snapshot (call them inside [`crate::store::Store::read`]): the
//! day's appointments by hour, the facts of the key figures over the last days, the
//! week's load, and the cars in the shop for the lounge. The workshop and complaints
//! pages read the work-orders board ([`super::workshop::board`]) and the open complaints
//! ([`super::complaints::open_heads`]) as the counters do.

use crate::store::db::Connection;
use chrono::{DateTime, Days, NaiveDate, Timelike, Utc};
use rusqlite::types::Value;

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

/// A page of the boards, for [`page_sql`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSql {
    Today,
    Workshop,
    Complaints,
    Kpis,
    Week,
    Welcome,
}

/// Every statement a page runs, with the parameters it runs it with for local `day`
/// (the shop's settings and its policy apart: a few rows of settings): for the
/// benchmarks' bare SQL and for the plan checks.
pub fn page_sql(
    conn: &Connection,
    page: PageSql,
    day: NaiveDate,
    shop: &ShopSettings,
) -> Result<Vec<(String, Vec<Value>)>> {
    use chrono::Datelike;
    let zone = shop.zone();
    let text = |s: String| Value::Text(s);
    let span = |from: NaiveDate, to: NaiveDate| vec![text(day_text(from)), text(day_text(to))];
    let week_of = |from: NaiveDate, to: NaiveDate| {
        appointments::week_sql()
            .into_iter()
            .map(|s| (s, span(from, to)))
            .collect::<Vec<_>>()
    };
    Ok(match page {
        PageSql::Today => {
            let mut v = vec![(SQL_DAY.to_string(), vec![text(day_text(day))])];
            v.extend(week_of(day, day));
            v
        }
        PageSql::Week => {
            let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
            week_of(monday, monday + Days::new(6))
        }
        PageSql::Kpis => {
            let first = day - Days::new(kpi::DAYS as u64 - 1);
            let from = text(super::ts(zone.start_of_day(first)));
            let to = text(super::ts(zone.start_of_day(day + Days::new(1))));
            let mut v = week_of(first, day);
            v.push((SQL_DAYS.to_string(), span(first, day)));
            v.push((
                workshop::delivered_sql_for(conn)?.to_string(),
                vec![from.clone(), to.clone()],
            ));
            for s in complaints::counted_between_sql() {
                v.push((s, vec![from.clone(), to.clone()]));
            }
            v
        }
        PageSql::Workshop => {
            let mut v: Vec<(String, Vec<Value>)> = workshop::board_sql()
                .into_iter()
                .map(|s| (s, vec![]))
                .collect();
            // Every staff member, as the page reads them (`active_only` false).
            v.push((super::staff::list_sql(conn)?, vec![Value::Integer(0)]));
            v
        }
        PageSql::Complaints => complaints::open_list_sql()
            .into_iter()
            .map(|s| (s, vec![]))
            .collect(),
        PageSql::Welcome => vec![(SQL_WELCOME.to_string(), vec![])],
    })
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
        let r = &r;
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
            let r = &r;
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
    // Where each local day starts, in UTC (the last one is where the span ends): a time
    // falls on the day of the last start not after it (no zone lookup per row).
    let starts: Vec<DateTime<Utc>> = first
        .iter_days()
        .take(kpi::DAYS + 1)
        .map(|d| zone.start_of_day(d))
        .collect();
    let (from, to) = (starts[0], starts[kpi::DAYS]);
    let day_of = |t: DateTime<Utc>| -> Option<usize> {
        let i = starts.partition_point(|s| *s <= t);
        (1..=kpi::DAYS).contains(&i).then(|| i - 1)
    };
    for (_, d) in workshop::delivered(conn, from, to, shop.comeback_days)? {
        if let Some(i) = day_of(d.delivered_at) {
            days[i].delivered.push(d);
        }
    }
    let cache = SpanCache::default();
    let cal = Calendar::new(zone, &shop.week).cached(&cache);
    for c in complaints::counted_between(conn, from, to)? {
        if let Some(i) = day_of(c.received_at) {
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
    Ok(rows.collect::<crate::store::db::Result<_>>()?)
}
