//! `frontdesk demo`: fills an empty database with a realistic, deterministic service
//! center — the shop's details, staff, customers and their cars, a week of appointments,
//! repair orders in every state and complaints in every stage.
//!
//! Everything is derived from `(seed, now, zone)` through a ChaCha8 generator, so the same
//! inputs give the same database, row for row. The shop's history is planned first, then
//! replayed in time order through the store's own write functions, one transaction per
//! action at the moment it "happened": audit entries, events, versions and timestamps
//! look as if the counter had really been used. Nothing is ever dated after `now`.
//!
//! `vocabulary` holds the shop's names, cars and jobs; `plan`, `plan_orders` and
//! `plan_complaints` plan its history; `replay` writes it.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::Zone;
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, ComplaintCategory, ComplaintChannel,
    ComplaintNature, ComplaintSeverity, ComplaintStage, DamageKind, FuelLevel, LineKind,
    PartsStatus, PauseReason, PaymentMethod, ReminderOutcome, RepairOrderState, ServiceType,
    StaffRole, VisitOutcome, WaitingMode,
};
use crate::domain::workshop::jobs::JobAction;
use crate::store::appointments::{self, DayCapacity, NewAppointment};
use crate::store::complaints::{self, NewComplaint};
use crate::store::customers::{self, NewCustomer, NewVehicle};
use crate::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use crate::store::settings::{self, ShopSettings};
use crate::store::shop::Shop;
use crate::store::staff::{self, NewStaff};
use crate::store::{Store, StoreError};

mod plan;
mod plan_complaints;
mod plan_orders;
mod replay;
pub mod scale;
mod vocabulary;

use plan::*;
use replay::*;
pub use vocabulary::ZONE;
use vocabulary::*;

/// What [`fill`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub staff: usize,
    pub customers: usize,
    pub vehicles: usize,
    pub appointments: usize,
    pub repair_orders: usize,
    pub complaints: usize,
    /// The job catalog: parts, operations and packages.
    pub parts: usize,
    pub operations: usize,
    pub packages: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo shop: {} staff, {} customers, {} vehicles, {} appointments, {} repair orders, {} complaints; catalog: {} parts, {} operations, {} packages",
            self.staff,
            self.customers,
            self.vehicles,
            self.appointments,
            self.repair_orders,
            self.complaints,
            self.parts,
            self.operations,
            self.packages
        )
    }
}

/// Fills an empty database with the demo shop. Refuses a database that already holds
/// data ([`crate::store::meta::holds_data`]). Deterministic for `(seed, now, zone)`; `zone` (a named zone, e.g.
/// [`ZONE`]) is stored as the shop's time zone, and the week is built in it.
pub fn fill(
    store: &mut Store,
    seed: u64,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<DemoSummary, StoreError> {
    let (time_zone, now) = begin(store, now, zone)?;

    let mut p = Planner {
        rng: ChaCha8Rng::seed_from_u64(seed),
        work: ChaCha8Rng::seed_from_u64(seed ^ 0x574f_524b_5348_4f50),
        declined: 0,
        now,
        zone,
        today: zone.to_local(now).date_naive(),
        customers: Vec::new(),
        vehicles: Vec::new(),
        appts: Vec::new(),
        ros: Vec::new(),
        cps: Vec::new(),
        acts: Vec::new(),
        busy: HashSet::new(),
    };
    p.people();
    let closed = p.capacity();
    p.appointments(closed);
    p.repair_orders();
    p.complaints();
    p.acts.sort_by_key(|a| (a.at, a.seq));

    let (staff_ids, catalog) = open_shop(store, seed, now, time_zone, p.today)?;

    // Customers and their cars, registered by their usual advisor.
    let mut ids = Ids {
        staff: staff_ids,
        customers: vec![0; p.customers.len()],
        vehicles: vec![0; p.vehicles.len()],
        odometer: p
            .vehicles
            .iter()
            .map(|v| v.new.last_odometer_km.unwrap_or(0))
            .collect(),
        appts: vec![None; p.appts.len()],
        ros: vec![None; p.ros.len()],
        lines: vec![Vec::new(); p.ros.len()],
        cps: vec![None; p.cps.len()],
    };
    for advisor in ADVISORS {
        let at = now - Duration::days(400 - 30 * advisor as i64);
        let (customer_ids, vehicle_ids) = (&mut ids.customers, &mut ids.vehicles);
        store.write(Some(ids.staff[advisor]), at, |tx| {
            for (ci, c) in p.customers.iter().enumerate() {
                if c.advisor != advisor {
                    continue;
                }
                customer_ids[ci] = customers::create_customer(tx, &c.new)?;
                for (vi, v) in p.vehicles.iter().enumerate() {
                    if v.customer == ci {
                        let mut new = v.new.clone();
                        new.customer_id = customer_ids[ci];
                        vehicle_ids[vi] = customers::create_vehicle(tx, &new)?;
                    }
                }
            }
            Ok(())
        })?;
    }

    for s in &p.acts {
        run(store, &p, &mut ids, s)?;
    }

    Ok(DemoSummary {
        staff: STAFF.len(),
        customers: p.customers.len(),
        vehicles: p.vehicles.len(),
        appointments: p.appts.len(),
        repair_orders: p.ros.len(),
        complaints: p.cps.len(),
        parts: catalog.0,
        operations: catalog.1,
        packages: catalog.2,
    })
}

/// Checks that the database is empty and the zone named before a demo is written;
/// returns the zone and `now` in whole seconds, like every stored time.
pub(crate) fn begin(
    store: &mut Store,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<(chrono_tz::Tz, DateTime<Utc>), StoreError> {
    if store.read(crate::store::meta::holds_data)? {
        return Err(StoreError::Invalid(
            "the database already holds data; the demo fills only an empty database \
             (`frontdesk demo --force` replaces an earlier demo)"
                .into(),
        ));
    }
    let Zone::Named(time_zone) = zone else {
        return Err(StoreError::Invalid(
            "the demo shop needs a named time zone such as Asia/Shanghai".into(),
        ));
    };
    Ok((
        time_zone,
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
    ))
}

/// How many parts, operations and packages the demo's catalog holds.
type CatalogCounts = (usize, usize, usize);

/// The shop as its manager opened it 500 days before `now`: the demo's staff (the
/// manager first, the only member an empty database accepts without a signed-in actor,
/// marked as the demo in the same transaction), the shop's settings, a holiday 40 days
/// after `today`, and the job catalog. Returns the staff's ids (in [`STAFF`]'s order) and
/// the catalog's counts.
fn open_shop(
    store: &mut Store,
    seed: u64,
    now: DateTime<Utc>,
    time_zone: chrono_tz::Tz,
    today: NaiveDate,
) -> Result<(Vec<i64>, CatalogCounts), StoreError> {
    let opened = now - Duration::days(500);
    let mut staff_ids = vec![0i64; STAFF.len()];
    let new_staff = |i: usize| NewStaff {
        code: STAFF[i].0.to_string(),
        name: STAFF[i].1.to_string(),
        role: STAFF[i].2,
    };
    // The demo is marked in the same transaction as its first row, so `demo --force`
    // can tell it from a shop's own data.
    staff_ids[MANAGER] = store.write(None, opened, |tx| {
        crate::store::meta::mark_demo(tx, seed)?;
        staff::create(tx, &new_staff(MANAGER))
    })?;
    store.write(Some(staff_ids[MANAGER]), opened, |tx| {
        for (i, slot) in staff_ids.iter_mut().enumerate() {
            if i != MANAGER {
                *slot = staff::create(tx, &new_staff(i))?;
            }
        }
        Ok(())
    })?;
    // The shop's settings, set by the manager: its details (printed on its repair
    // orders), zone, labour rate, comeback window, hours, default capacity, a holiday.
    let week = crate::domain::appointment::ShopWeek::manual_default();
    let versions = store.read(settings::load)?.versions;
    let saved = settings::save(
        store,
        Some(staff_ids[MANAGER]),
        opened,
        &ShopSettings {
            shop: Shop {
                name: SHOP.0.to_string(),
                address: SHOP.1.to_string(),
                phone: SHOP.2.to_string(),
            },
            time_zone,
            labour_rate_cents: 30_000,
            comeback_days: crate::domain::repair_order::DEFAULT_COMEBACK_DAYS,
            week,
            // Settings a first console start took over into the empty database are
            // replaced by the demo's (saved against their versions, not as a conflict).
            versions,
            ..ShopSettings::default()
        },
    )?;
    debug_assert!(saved.zone_stored());
    settings::add_holiday(
        store,
        Some(staff_ids[MANAGER]),
        opened,
        today + Duration::days(40),
        Some("店庆 / Shop anniversary"),
    )?;

    // The job catalog, imported by the manager from the files the demo ships (the same
    // reader as `frontdesk catalog import`).
    let catalog = catalog(store, staff_ids[MANAGER], opened)?;
    Ok((staff_ids, catalog))
}

/// The demo's catalog files, shipped in the binary.
pub const CATALOG_PARTS: &str = include_str!("../../assets/demo/catalog/parts.csv");
pub const CATALOG_OPERATIONS: &str = include_str!("../../assets/demo/catalog/operations.csv");
pub const CATALOG_PACKAGES: &str = include_str!("../../assets/demo/catalog/packages.toml");

/// Imports the demo's catalog; (parts, operations, packages).
fn catalog(
    store: &mut Store,
    manager: i64,
    at: DateTime<Utc>,
) -> Result<(usize, usize, usize), StoreError> {
    let bad = |what: &str, e: String| StoreError::Invalid(format!("demo {what}: {e}"));
    let parts = crate::catalog_file::read_parts(CATALOG_PARTS.as_bytes())
        .map_err(|e| bad("parts.csv", e.to_string()))?;
    let ops = crate::catalog_file::read_operations(CATALOG_OPERATIONS.as_bytes())
        .map_err(|e| bad("operations.csv", e.to_string()))?;
    let packages = crate::catalog_file::read_packages(CATALOG_PACKAGES)
        .map_err(|e| bad("packages.toml", e))?;
    store.write(Some(manager), at, |tx| {
        crate::store::catalog::import_parts(tx, "parts.csv", &parts)?;
        crate::store::catalog::import_operations(tx, "operations.csv", &ops)?;
        crate::store::catalog::import_packages(tx, "packages.toml", &packages)?;
        Ok(())
    })?;
    Ok((parts.len(), ops.len(), packages.len()))
}
