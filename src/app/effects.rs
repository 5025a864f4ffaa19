//! Runs effects against the store and the config file; feeds results back as messages.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::booking::{BookingDraft, Probe, f, over_note};
use crate::config::Config;
use crate::domain::appointment::{self as rules, CapacityPolicy, DayLoad};
use crate::domain::complaint;
use crate::domain::kinds::{AppointmentState, RepairOrderState};
use crate::store::{
    self, Store, StoreError, appointments, complaints, customers, repair_orders, staff,
};

use super::model::{BoardSummary, Note, PanelId};
use super::update::{Effect, Msg};

pub struct Effects<'a> {
    pub store: &'a mut Store,
    /// Where the chosen staff member is remembered.
    pub config_path: PathBuf,
    /// Who is signed in (set when a staff member is chosen); every write records them.
    pub signed_in: Option<i64>,
}

/// How many search hits the check-in lookup shows.
pub const SEARCH_LIMIT: usize = 50;

fn failed(e: StoreError) -> Msg {
    tracing::warn!(error = %e, "store operation failed");
    match e {
        StoreError::Duplicate { value, .. } => Msg::Failed(Note::error(
            "staff.error.duplicate_code",
            vec![("code", value)],
        )),
        StoreError::Conflict { by, at, .. } => {
            Msg::Failed(Note::error("error.conflict", vec![("by", by), ("at", at)]))
        }
        e => Msg::Failed(Note::error("error.store", vec![("detail", e.to_string())])),
    }
}

/// The capacity of a day without its own settings: the manual's example
/// (10 technicians × 8 h × 100% × 80% = 64 bookable hours).
pub fn default_policy() -> CapacityPolicy {
    CapacityPolicy::manual_default()
}

impl Effects<'_> {
    /// The staff member signed in at this counter (the store refuses writes without one).
    fn actor(&self) -> Option<i64> {
        self.signed_in
    }

    /// Saves a booking (and a new customer and vehicle with it) in one transaction.
    fn book(&mut self, d: BookingDraft, now: DateTime<Utc>) -> Vec<Msg> {
        let actor = self.actor();
        let day = d.appointment.day;
        let result = self.store.write(actor, now, |tx| {
            let mut a = d.appointment.clone();
            if let Some((c, plate, model)) = &d.new_customer {
                a.customer_id = customers::create_customer(tx, c)?;
                a.vehicle_id = customers::create_vehicle(
                    tx,
                    &customers::NewVehicle {
                        customer_id: a.customer_id,
                        plate: plate.as_str().to_string(),
                        plate_flagged: !plate.conforms(),
                        model: model.clone(),
                        ..Default::default()
                    },
                )?;
            }
            match d.reschedule_of {
                Some((old, version)) => appointments::reschedule_checked(
                    tx,
                    old,
                    version,
                    &a,
                    &default_policy(),
                    d.override_reason.as_deref(),
                ),
                None => appointments::book(tx, &a, &default_policy(), d.override_reason.as_deref()),
            }
        });
        match result {
            Ok(_) => vec![Msg::Booked(
                day,
                Note::info_args(
                    "booking.saved",
                    vec![("day", day.format("%Y-%m-%d").to_string())],
                ),
            )],
            Err(StoreError::OverCapacity {
                booked,
                bookable,
                requested,
                ..
            }) => {
                vec![Msg::BookingRefused(
                    f::HOURS,
                    over_note(booked, bookable, requested, false),
                )]
            }
            Err(StoreError::Duplicate { value, .. }) => vec![Msg::BookingRefused(
                f::PLATE,
                Note::error("booking.error.duplicate_plate", vec![("plate", value)]),
            )],
            Err(StoreError::NotAllowed(m)) => {
                vec![Msg::BookingRefused(
                    f::OVERRIDE,
                    Note::error("error.not_allowed", vec![("detail", m)]),
                )]
            }
            Err(e) => vec![failed(e)],
        }
    }

    pub fn run(&mut self, effect: Effect, now: DateTime<Utc>, today: NaiveDate) -> Vec<Msg> {
        match self.run_inner(effect, now, today) {
            Ok(msgs) => msgs,
            Err(e) => vec![failed(e)],
        }
    }

    fn run_inner(
        &mut self,
        effect: Effect,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> store::Result<Vec<Msg>> {
        Ok(match effect {
            Effect::LoadStaff => vec![Msg::StaffLoaded(staff::list(self.store.conn(), true)?)],
            Effect::ChooseStaff(s) => {
                let mut out = vec![];
                if let Err(e) = Config::remember_staff(&self.config_path, &s.code) {
                    tracing::warn!(error = %e, "could not remember the staff member");
                    out.push(Msg::Failed(Note::error(
                        "error.config_write",
                        vec![("detail", e)],
                    )));
                }
                tracing::info!(staff = %s.code, "signed in");
                self.signed_in = Some(s.id);
                out.insert(0, Msg::StaffChosen(s));
                out
            }
            Effect::CreateStaff { code, name, role } => {
                let id = self.store.write(None, now, |tx| {
                    staff::create(
                        tx,
                        &staff::NewStaff {
                            code: code.clone(),
                            name: name.clone(),
                            role,
                        },
                    )
                })?;
                let s = staff::by_id(self.store.conn(), id)?.ok_or(StoreError::NotFound {
                    entity: "staff",
                    id,
                })?;
                return Ok(self.run(Effect::ChooseStaff(s), now, today));
            }
            Effect::Load(PanelId::WorkOrders) => {
                vec![Msg::WorkOrders(repair_orders::list(
                    self.store.conn(),
                    true,
                )?)]
            }
            Effect::Load(PanelId::Complaints) => {
                vec![Msg::Complaints(complaints::list(self.store.conn(), true)?)]
            }
            Effect::Load(PanelId::Appointments) => {
                return Ok(self.run(Effect::LoadDay(today), now, today));
            }
            Effect::Load(PanelId::Checkin) => {
                let rows = appointments::list_day(self.store.conn(), today)?
                    .into_iter()
                    .filter(|a| {
                        matches!(
                            a.state,
                            AppointmentState::Booked | AppointmentState::Confirmed
                        )
                    })
                    .collect();
                vec![Msg::Arrivals(rows)]
            }
            Effect::LoadDay(day) => {
                let (rows, load) = self.store.read(|c| {
                    let policy = appointments::policy_for(c, day, &default_policy())?;
                    let booked = appointments::booked_minutes(c, day)?;
                    Ok((
                        appointments::list_day(c, day)?,
                        DayLoad {
                            booked_minutes: booked,
                            policy,
                        },
                    ))
                })?;
                vec![Msg::Appointments(day, rows, Some(load))]
            }
            Effect::LoadWeek(from) => {
                vec![Msg::Week(appointments::week(
                    self.store.conn(),
                    from,
                    7,
                    &default_policy(),
                )?)]
            }
            Effect::LoadReminders => {
                let days = appointments::week(
                    self.store.conn(),
                    today + chrono::Duration::days(1),
                    31,
                    &default_policy(),
                )?;
                let open: std::collections::HashMap<NaiveDate, bool> =
                    days.iter().map(|(d, l)| (*d, !l.policy.closed)).collect();
                let day = rules::reminder_day(today, |d| open.get(&d).copied().unwrap_or(true));
                let rows = match day {
                    Some(d) => appointments::reminders_due(self.store.conn(), d)?,
                    None => vec![],
                };
                vec![Msg::Reminders(day, rows)]
            }
            Effect::BookingSearch(q) => {
                let hits = if q.trim().is_empty() {
                    vec![]
                } else {
                    customers::search(self.store.conn(), &q, SEARCH_LIMIT)?
                };
                vec![Msg::BookingHits(q, hits)]
            }
            Effect::BookingProbe {
                day,
                minutes,
                vehicle_id,
            } => {
                let probe = self.store.read(|c| {
                    let policy = appointments::policy_for(c, day, &default_policy())?;
                    let booked = appointments::booked_minutes(c, day)?;
                    let first_free =
                        appointments::first_free_day(c, today, minutes, &default_policy())?;
                    let same_day = match vehicle_id {
                        Some(v) => appointments::same_day_for_vehicle(c, v, day, None)?,
                        None => vec![],
                    };
                    Ok(Probe {
                        day,
                        minutes,
                        load: DayLoad {
                            booked_minutes: booked,
                            policy,
                        },
                        first_free,
                        same_day,
                    })
                })?;
                vec![Msg::BookingProbe(probe)]
            }
            Effect::Book(draft) => return Ok(self.book(*draft, now)),
            Effect::SetAppointmentState { id, version, to } => {
                let actor = self.actor();
                self.store.write(actor, now, |tx| {
                    appointments::set_state(tx, id, version, to)
                })?;
                vec![Msg::Saved(Note::info_args(
                    "appointments.saved_state",
                    vec![("state", to.label_key().to_string())],
                ))]
            }
            Effect::RecordReminder {
                id,
                version,
                outcome,
                note,
            } => {
                let actor = self.actor();
                self.store.write(actor, now, |tx| {
                    appointments::record_reminder(tx, id, version, outcome, note.as_deref())
                })?;
                vec![Msg::Saved(Note::info_args(
                    "appointments.saved_reminder",
                    vec![("outcome", outcome.label_key().to_string())],
                ))]
            }
            Effect::SetPolicy { day, policy } => {
                let actor = self.actor();
                self.store.write(actor, now, |tx| {
                    appointments::set_policy(tx, day, &policy, None)
                })?;
                vec![Msg::Saved(Note::info_args(
                    "capacity.saved",
                    vec![("day", day.format("%Y-%m-%d").to_string())],
                ))]
            }
            Effect::Search(q) => {
                let hits = customers::search(self.store.conn(), &q, SEARCH_LIMIT)?;
                vec![Msg::Hits(q, hits)]
            }
            Effect::LoadBoard => vec![Msg::Board(board_summary(self.store, now, today)?)],
        })
    }
}

/// The supervisors' counts, read in one snapshot.
pub fn board_summary(
    store: &mut Store,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> store::Result<BoardSummary> {
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
        let overdue = open
            .iter()
            .filter(|c| {
                complaint::sla(
                    c.received_at,
                    c.reported_at,
                    c.escalated,
                    c.answered_at,
                    now,
                )
                .is_overdue()
            })
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
