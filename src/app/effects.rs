//! Runs effects against the store and the config file; feeds results back as messages.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::booking::{BookingDraft, Probe, f, over_note};
use crate::app::checkin;
use crate::config::Config;
use crate::domain::appointment::{self as rules, CapacityPolicy, DayLoad};
use crate::domain::complaint;
use crate::domain::kinds::{AppointmentState, RepairOrderState};
use crate::domain::repair_order as ro;
use crate::store::{
    self, Store, StoreError, appointments, complaints, customers, drafts, repair_orders, staff,
};

use super::model::{BoardSummary, Note, PanelId};
use super::update::{Effect, Msg};

pub struct Effects<'a> {
    pub store: &'a mut Store,
    /// Where the chosen staff member is remembered.
    pub config_path: PathBuf,
    /// Who is signed in (set when a staff member is chosen); every write records them.
    pub signed_in: Option<i64>,
    /// Where printed repair orders go.
    pub exports: PathBuf,
    /// The UI language and zone (for printing and job line texts).
    pub lang: crate::ui::i18n::Lang,
    pub zone: crate::clock::Zone,
    pub settings: crate::config::Settings,
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
            Effect::StartCheckin {
                customer_id,
                vehicle_id,
                appointment,
                new_query,
            } => {
                let i18n = crate::ui::i18n::I18n::new(self.lang);
                let comeback_days = self.settings.comeback_days;
                let loaded = self.store.read(|c| {
                    let mut who = checkin::Who::default();
                    if let Some(id) = customer_id
                        && let Some(cu) = customers::customer(c, id)?
                    {
                        who.customer_id = Some(cu.id);
                        who.customer = cu.name;
                        who.phone = cu.phone;
                    }
                    let mut history = vec![];
                    if let Some(id) = vehicle_id
                        && let Some(v) = customers::vehicle(c, id)?
                    {
                        who.vehicle_id = Some(v.id);
                        who.plate = v.plate;
                        who.vehicle = [v.make, v.model]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        who.last_odometer_km = v.last_odometer_km;
                        history = repair_orders::vehicle_history(c, v.id, 10)?;
                    }
                    let past: Vec<_> = history
                        .iter()
                        .map(|h| (h.id, h.state, h.delivered_at))
                        .collect();
                    let comeback_candidate = ro::comeback_of(&past, now, comeback_days)
                        .and_then(|id| history.iter().find(|h| h.id == id))
                        .map(|h| (h.id, h.number.clone()));
                    let booked = match appointment {
                        Some(id) => appointments::get(c, id)?.map(|a| checkin::Booked {
                            id: a.id,
                            version: a.version,
                            symptoms: a.symptoms,
                            service_label: i18n.t(a.service.label_key()).to_string(),
                            est_minutes: a.est_minutes,
                        }),
                        None => None,
                    };
                    let policy = appointments::policy_for(c, today, &default_policy())?;
                    let closed_days = appointments::week(c, today, 14, &default_policy())?
                        .into_iter()
                        .filter(|(_, l)| l.policy.closed)
                        .map(|(d, _)| d)
                        .collect();
                    Ok(checkin::Loaded {
                        who,
                        booked,
                        history,
                        comeback_candidate,
                        hours: checkin::Hours {
                            opens: policy.opens_at,
                            closes: policy.closes_at,
                            closed_days,
                        },
                    })
                })?;
                vec![Msg::CheckinLoaded(Box::new(loaded), new_query)]
            }
            Effect::SaveDraft(json) => {
                let actor = self.actor();
                self.store.write(actor, now, |tx| {
                    drafts::save(tx, checkin::DRAFT_KIND, &json)
                })?;
                vec![]
            }
            Effect::DiscardDraft => {
                let actor = self.actor();
                self.store
                    .write(actor, now, |tx| drafts::discard(tx, checkin::DRAFT_KIND))?;
                vec![]
            }
            Effect::LoadDraft => {
                let Some(staff) = self.actor() else {
                    return Ok(vec![]);
                };
                match drafts::load(self.store.conn(), staff, checkin::DRAFT_KIND)? {
                    Some(d) => match serde_json::from_str::<checkin::Draft>(&d.payload) {
                        Ok(draft) => vec![Msg::DraftFound(Box::new(draft), d.updated_at)],
                        Err(e) => {
                            tracing::warn!(error = %e, "an unreadable check-in draft was dropped");
                            vec![]
                        }
                    },
                    None => vec![],
                }
            }
            Effect::ResumeDraft(d) => {
                let history = match d.who.vehicle_id {
                    Some(v) => repair_orders::vehicle_history(self.store.conn(), v, 10)?,
                    None => vec![],
                };
                vec![Msg::Resumed(Box::new(checkin::Flow::from_draft(
                    *d, history,
                )))]
            }
            Effect::ConfirmCheckin(cd) => {
                let actor = self.actor();
                let cd = *cd;
                let (_, number) = self.store.write(actor, now, |tx| {
                    let mut order = cd.order.clone();
                    if let Some(w) = &cd.new_customer {
                        order.customer_id = customers::create_customer(
                            tx,
                            &customers::NewCustomer {
                                name: w.customer.clone(),
                                phone: w.phone.clone(),
                                ..Default::default()
                            },
                        )?;
                        let plate = crate::domain::plate::Plate::parse(&w.plate)
                            .map_err(|e| StoreError::Invalid(e.to_string()))?;
                        order.vehicle_id = customers::create_vehicle(
                            tx,
                            &customers::NewVehicle {
                                customer_id: order.customer_id,
                                plate: plate.as_str().to_string(),
                                plate_flagged: !plate.conforms(),
                                model: (!w.vehicle.is_empty()).then(|| w.vehicle.clone()),
                                ..Default::default()
                            },
                        )?;
                    }
                    repair_orders::check_in(tx, &order, cd.day, cd.appointment)
                })?;
                tracing::info!(%number, "checked in");
                vec![Msg::CheckedIn(number)]
            }
            Effect::Print(number) => {
                let i18n = crate::ui::i18n::I18n::new(self.lang);
                match crate::print::write_repair_order(
                    self.store,
                    &number,
                    &i18n,
                    self.zone,
                    &self.exports,
                ) {
                    Ok(path) => vec![Msg::Printed(path.display().to_string())],
                    Err(e) => vec![Msg::Failed(Note::error(
                        "error.print",
                        vec![("detail", format!("{e:#}"))],
                    ))],
                }
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
