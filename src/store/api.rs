//! The reads the screens ask for, as methods of [`Store`]: with the named transactions
//! in each module (`appointments::save_booking`, `repair_orders::confirm_check_in`, …)
//! this is the whole surface `app/` uses, so no screen holds a connection and a second
//! engine implements the same list.

use chrono::{DateTime, NaiveDate, Utc};

use super::appointments::{self, AppointmentRow};
use super::complaints::{self, ComplaintRow};
use super::customers::{self, SearchHit};
use super::drafts::{self, Draft};
use super::repair_orders::{self, HistoryEntry, RepairOrderRow};
use super::staff::{self, Staff};
use super::workshop;
use super::{Result, Store};
use crate::domain::appointment::{DayDefaults, DayLoad};

impl Store {
    /// The job catalog's entries for a typed code or piece of a name, at most `limit`
    /// (packages totalled at `rate_cents` an hour).
    pub fn catalog_complete(
        &self,
        query: &str,
        limit: usize,
        rate_cents: i64,
    ) -> Result<Vec<super::catalog::Hit>> {
        super::catalog::complete(self.conn(), query, limit, rate_cents)
    }

    /// The lines a catalog package fills.
    pub fn catalog_package(&self, id: i64) -> Result<Vec<super::catalog::PackageLine>> {
        super::catalog::package_lines(self.conn(), id)
    }

    /// The catalog screen's list of one kind of entry for `query`, at most `limit`, and
    /// how many entries of the kind the catalog holds.
    pub fn catalog_list(
        &self,
        kind: super::catalog::HitKind,
        query: &str,
        limit: usize,
    ) -> Result<(Vec<super::catalog::keep::Item>, usize)> {
        use super::catalog::HitKind;
        let rows = super::catalog::keep::list(self.conn(), kind, query, limit)?;
        let (parts, ops, packages) = super::catalog::sizes(self.conn())?;
        let total = match kind {
            HitKind::Part => parts,
            HitKind::Operation => ops,
            HitKind::Package => packages,
        };
        Ok((rows, total))
    }

    /// A catalog entry's prices, newest first.
    pub fn catalog_prices(
        &self,
        kind: super::catalog::HitKind,
        id: i64,
    ) -> Result<Vec<super::catalog::keep::Price>> {
        super::catalog::keep::prices(self.conn(), kind, id)
    }

    /// The catalog package for `vehicle_id`'s next service due, totalled at
    /// `rate_cents` an hour.
    pub fn catalog_due(
        &self,
        vehicle_id: i64,
        rate_cents: i64,
    ) -> Result<Option<super::catalog::due::Due>> {
        super::catalog::due::due_package(self.conn(), vehicle_id, rate_cents)
    }

    /// A package's lines as its form writes them (code, quantity ×100).
    pub fn catalog_package_items(&self, id: i64) -> Result<Vec<(String, i64)>> {
        super::catalog::keep::package_items(self.conn(), id)
    }

    /// Customers and vehicles by plate, phone or name (as typed), at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        customers::search(self.conn(), query, limit)
    }

    /// Active staff (or everyone), by code.
    pub fn staff(&self, active_only: bool) -> Result<Vec<Staff>> {
        staff::list(self.conn(), active_only)
    }

    /// The shop's settings in one snapshot (time zone, labour rate, calendar, holidays).
    pub fn shop_settings(&mut self) -> Result<super::settings::ShopSettings> {
        self.read(super::settings::load)
    }

    /// Open repair orders (or all), soonest promise first.
    pub fn repair_orders(&self, open_only: bool) -> Result<Vec<RepairOrderRow>> {
        repair_orders::list(self.conn(), open_only)
    }

    /// Every table [`Store::work_board`] and [`Store::work_policy`] read: the
    /// work-orders board's rows are current while [`Store::revision_of`] these holds.
    pub const WORK_BOARD_READS: &'static [&'static str] = &[
        "repair_orders",
        "repair_order_lines",
        "quality_checks",
        "staff",
        "shop_settings",
    ];

    /// The workshop board: every open order with its jobs (see [`workshop::board`]).
    pub fn work_board(&mut self) -> Result<Vec<workshop::BoardRow>> {
        self.read(workshop::board)
    }

    /// One order's whole detail in one snapshot, with the shop's workshop policy.
    pub fn work_detail(&mut self, id: i64) -> Result<Option<(workshop::Detail, workshop::Policy)>> {
        self.read(|c| {
            let Some(d) = workshop::detail(c, id)? else {
                return Ok(None);
            };
            Ok(Some((d, workshop::policy(c)?)))
        })
    }

    /// The shop's workshop policy (approval wait, discount limit, follow-up, checklist).
    pub fn work_policy(&mut self) -> Result<workshop::Policy> {
        self.read(workshop::policy)
    }

    /// Delivered orders whose follow-up call is due on or before `today`.
    pub fn follow_ups_due(&mut self, today: NaiveDate) -> Result<Vec<workshop::FollowUpRow>> {
        self.read(|c| workshop::follow_ups_due(c, today))
    }

    /// The lines a vehicle's customer declined earlier, not yet taken up again.
    pub fn declined_of_vehicle(&self, vehicle_id: i64) -> Result<Vec<workshop::DeclinedRow>> {
        workshop::declined_of_vehicle(self.conn(), vehicle_id)
    }

    /// Open complaints (or all), whole, with their stages read in the same snapshot.
    pub fn complaints(&mut self, open_only: bool) -> Result<Vec<ComplaintRow>> {
        self.read(|c| complaints::list(c, open_only))
    }

    /// Every table [`Store::open_complaints`] reads: the complaints list is current
    /// while [`Store::revision_of`] these holds.
    pub const OPEN_COMPLAINTS_READS: &'static [&'static str] = &[
        "complaints",
        "complaint_events",
        "customers",
        "vehicles",
        "supervision_orders",
    ];

    /// The open complaints as the F3 list holds them, with their stages (one snapshot).
    pub fn open_complaints(&mut self) -> Result<Vec<complaints::ComplaintHead>> {
        self.read(complaints::open_heads)
    }

    /// The load of each of `days` days from `from`.
    pub fn week(
        &self,
        from: NaiveDate,
        days: u32,
        default: &dyn DayDefaults,
    ) -> Result<Vec<(NaiveDate, DayLoad)>> {
        appointments::week(self.conn(), from, days, default)
    }

    /// `day`'s expected arrivals (booked or confirmed).
    pub fn arrivals(&self, day: NaiveDate) -> Result<Vec<AppointmentRow>> {
        appointments::arrivals(self.conn(), day)
    }

    /// A staff member's draft of `kind`.
    pub fn draft(&self, staff_id: i64, kind: &str) -> Result<Option<Draft>> {
        drafts::load(self.conn(), staff_id, kind)
    }

    /// The latest `limit` orders of a vehicle with their jobs.
    /// Records complaint `new` (numbered for the local `day`) on behalf of `actor`.
    pub fn record_complaint(
        &mut self,
        actor: Option<i64>,
        now: DateTime<Utc>,
        new: &complaints::NewComplaint,
        day: NaiveDate,
    ) -> Result<(i64, String)> {
        self.write(actor, now, |tx| complaints::insert(tx, new, day))
    }

    /// The shop's own complaint coaching (TOML), if it stored one.
    pub fn coaching(&self) -> Result<Option<String>> {
        super::settings::coaching_text(self.conn())
    }

    /// The complaints received in `[from, to)` as the analysis counts them, with their
    /// stages, in one snapshot.
    pub fn complaints_counted(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<complaints::Counted>> {
        self.read(|c| complaints::counted_between(c, from, to))
    }

    /// One complaint with its timeline and supervision orders, in one snapshot.
    pub fn complaint_detail(&mut self, id: i64) -> Result<Option<complaints::Detail>> {
        self.read(|c| {
            let Some(row) = complaints::get(c, id)? else {
                return Ok(None);
            };
            Ok(Some((
                row,
                complaints::events(c, id)?,
                complaints::orders(c, id)?,
            )))
        })
    }

    /// Takes step `action` on complaint `id` read at `version` (see [`complaints::step`]).
    pub fn complaint_step(
        &mut self,
        actor: Option<i64>,
        now: DateTime<Utc>,
        id: i64,
        version: i64,
        action: &complaints::Action,
    ) -> Result<crate::domain::kinds::ComplaintStage> {
        self.write(actor, now, |tx| complaints::step(tx, id, version, action))
    }

    pub fn vehicle_history(&self, vehicle_id: i64, limit: usize) -> Result<Vec<HistoryEntry>> {
        repair_orders::vehicle_history(self.conn(), vehicle_id, limit)
    }
}
