//! Runs effects against the store and the config file; feeds results back as messages.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
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

impl Effects<'_> {
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
                vec![Msg::Appointments(
                    day,
                    appointments::list_day(self.store.conn(), day)?,
                )]
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
