//! `frontdesk demo --scale large|medium`: the demo shop after years of a busy dealer, for
//! trying the console (and measuring it) on a big database.
//!
//! The shop is opened as the small demo opens it (staff, settings, catalog); then its
//! history is written in bulk (`store::bulk`'s multi-row INSERTs, no audit rows, no
//! events per order) — customers and their cars, appointments over the years up to two
//! weeks ahead, repair orders with their lines (the open ones written in the hour before
//! `now`, in every open state, the rest delivered over the three years before), and
//! complaints with their events (the open ones the newest). Deterministic for
//! `(seed, now)`; `ANALYZE` at the end so the planner knows the tables' sizes.

use chrono::{DateTime, Days, Utc};

use crate::clock::Zone;
use crate::store::{Store, StoreError, appointments, bulk, bulk_complaints, settings};

use super::{DemoSummary, open_shop};

/// How big a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// About ten years of a busy dealer: 200,000 customers, 300,000 vehicles,
    /// 1,000,000 appointments, 1,000,000 repair orders, 50,000 complaints (1.26 GB).
    Large,
    /// A tenth of it, for quick runs.
    Medium,
}

/// The rows a scale writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub customers: usize,
    pub vehicles: usize,
    pub appointments: usize,
    /// The days the appointments are spread over (about 200 a day in either scale).
    pub days: u32,
    pub orders: usize,
    pub open_orders: usize,
    pub complaints: usize,
    pub open_complaints: usize,
}

impl Scale {
    pub fn sizes(self) -> Sizes {
        match self {
            Scale::Large => Sizes {
                customers: 200_000,
                vehicles: 300_000,
                appointments: 1_000_000,
                days: 5_000,
                orders: 1_000_000,
                open_orders: 2_000,
                complaints: 50_000,
                open_complaints: 600,
            },
            Scale::Medium => Sizes {
                customers: 20_000,
                vehicles: 30_000,
                appointments: 100_000,
                days: 500,
                orders: 100_000,
                open_orders: 400,
                complaints: 5_000,
                open_complaints: 60,
            },
        }
    }
}

impl Sizes {
    /// The rows of the main tables the builders report as they go (the appointments'
    /// builder adds up to 3,000 customers of its own, each with a car).
    pub fn progress_total(&self) -> u64 {
        let own = self.appointments.clamp(1, 3000);
        (self.customers
            + self.vehicles
            + self.appointments
            + 2 * own
            + self.orders
            + self.complaints) as u64
    }
}

/// Fills an empty database with the demo shop at `scale`; `progress` is told of every
/// chunk of rows written (for a progress bar). Refuses a database that already holds data.
pub fn fill(
    store: &mut Store,
    scale: Scale,
    seed: u64,
    now: DateTime<Utc>,
    zone: Zone,
    progress: impl FnMut(usize) + 'static,
) -> Result<DemoSummary, StoreError> {
    fill_sizes(store, scale.sizes(), seed, now, zone, progress)
}

/// [`fill`] with sizes of one's own (a test's small shop).
pub fn fill_sizes(
    store: &mut Store,
    z: Sizes,
    seed: u64,
    now: DateTime<Utc>,
    zone: Zone,
    progress: impl FnMut(usize) + 'static,
) -> Result<DemoSummary, StoreError> {
    let (time_zone, now) = super::begin(store, now, zone)?;
    let today = zone.to_local(now).date_naive();
    if z.days < 15 {
        return Err(StoreError::Invalid(
            "a scale demo spreads its appointments over at least 15 days".into(),
        ));
    }
    let (staff_ids, catalog) = open_shop(store, seed, now, time_zone, today)?;
    bulk::with_progress(progress, || -> Result<(), StoreError> {
        bulk::bulk_customers(store, z.customers, z.vehicles, seed)?;
        // Up to two weeks ahead, the rest in the past.
        let first = today - Days::new(u64::from(z.days) - 14);
        bulk::bulk_appointments(store, z.appointments, first, z.days, seed)?;
        bulk::bulk_repair_orders_at(store, z.orders, z.open_orders, seed, now)?;
        bulk_complaints::bulk_complaints_at(store, z.complaints, z.open_complaints, seed, now)?;
        Ok(())
    })?;
    staff_for_the_bookings(store, staff_ids[super::MANAGER], now, today)?;
    store.conn().execute_batch("ANALYZE")?;
    let count = |t: &str| bulk::row_count(store, t);
    Ok(DemoSummary {
        staff: count("staff")?,
        customers: count("customers")?,
        vehicles: count("vehicles")?,
        appointments: count("appointments")?,
        repair_orders: count("repair_orders")?,
        complaints: count("complaints")?,
        parts: catalog.0,
        operations: catalog.1,
        packages: catalog.2,
    })
}

/// The booking rate of a busy day (the manual's healthy range is 60–80 %).
const BUSY_PCT: i64 = 75;

/// A dealer that takes this many bookings a day has the technicians for them: the default
/// capacity's technicians set (by the manager, as the shop's settings are) so that today's
/// booking rate is [`BUSY_PCT`], never fewer technicians than the small demo's.
fn staff_for_the_bookings(
    store: &mut Store,
    manager: i64,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
) -> Result<(), StoreError> {
    let booked = store.read(|c| appointments::booked_minutes(c, today))?;
    let mut shop = store.read(settings::load)?;
    let capacity = &mut shop.week.capacity;
    // The booking rate the appointments panel shows is booked / available (technicians
    // × hours × productivity, before the share kept bookable).
    let per_tech = crate::domain::appointment::DefaultCapacity {
        technicians: 1,
        booking_rate_pct: 100,
        ..*capacity
    }
    .bookable_minutes()
    .max(1);
    let unit = per_tech * BUSY_PCT;
    let wanted = (booked.max(0) * 100 + unit - 1) / unit;
    capacity.technicians = u32::try_from(wanted)
        .unwrap_or(u32::MAX)
        .max(capacity.technicians);
    settings::save(store, Some(manager), now, &shop)?;
    Ok(())
}
