//! The appointment board's store calls, each one named transaction or snapshot read.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::app::widgets::new_customer::plate_on_file;
use crate::i18n::Note;
use crate::store::{StoreError, appointments};

use super::booking::{BookingField, over_note};
use super::{Effect, Msg};

/// How many search hits the booking form's lookup shows.
pub const SEARCH_LIMIT: usize = crate::app::screens::checkin::SEARCH_LIMIT;

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let actor = sv.actor();
    let now = sv.now;
    let today = sv.today;
    // The capacity of a day without its own settings comes from the shop's settings
    // (weekday hours, holidays, default figures), read afresh: another counter may have
    // changed them.
    let policy = match sv.store.shop_settings() {
        Ok(s) => {
            sv.settings = s.clone();
            s
        }
        Err(e) => return vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
    };
    let result = match e {
        Effect::LoadDay(day) => appointments::day_board(&mut sv.store, day, &policy)
            .map(|(rows, load)| Msg::Day(day, rows, Some(load))),
        Effect::LoadWeek(from) => sv.store.week(from, 7, &policy).map(Msg::Week),
        Effect::LoadReminders => appointments::reminder_calls(&mut sv.store, today, &policy)
            .map(|(day, rows)| Msg::Reminders(day, rows)),
        Effect::Search(q) => sv
            .store
            .search(&q, SEARCH_LIMIT)
            .map(|hits| Msg::Hits(q, hits)),
        Effect::Probe {
            day,
            minutes,
            vehicle_id,
        } => appointments::probe(&mut sv.store, day, today, minutes, vehicle_id, &policy)
            .map(Msg::Probe),
        Effect::Due(vehicle_id) => sv
            .store
            .catalog_due(vehicle_id, sv.settings.labour_rate_cents)
            .map(|d| Msg::Due(vehicle_id, d)),
        Effect::Book(draft) => {
            let day = draft.appointment.day;
            return vec![
                match appointments::save_booking(&mut sv.store, actor, now, &draft) {
                    Ok(_) => Msg::Booked(
                        day,
                        Note::info_args(
                            "booking.saved",
                            vec![("day", day.format("%Y-%m-%d").to_string())],
                        ),
                    ),
                    Err(StoreError::OverCapacity {
                        booked,
                        bookable,
                        requested,
                        ..
                    }) => Msg::Refused(
                        BookingField::Hours,
                        over_note(booked, bookable, requested, false),
                    ),
                    Err(StoreError::Duplicate { what: "slot", .. }) => Msg::Refused(
                        BookingField::Time,
                        Note::error(
                            "booking.error.same_slot",
                            vec![(
                                "time",
                                crate::fmt::hhmm(sv.zone, draft.appointment.starts_at),
                            )],
                        ),
                    ),
                    Err(StoreError::PlateOnFile { customer, .. }) => {
                        Msg::Refused(BookingField::Plate, plate_on_file(&customer))
                    }
                    Err(StoreError::NotAllowed(m)) => Msg::Refused(
                        BookingField::Override,
                        Note::error("error.not_allowed", vec![("detail", m)]),
                    ),
                    Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
                },
            ];
        }
        Effect::SetState { id, version, to } => {
            appointments::change_state(&mut sv.store, actor, now, id, version, to).map(|_| {
                Msg::Saved(Note::info_args(
                    "appointments.saved_state",
                    vec![("state", to.label_key().to_string())],
                ))
            })
        }
        Effect::RecordReminder {
            id,
            version,
            outcome,
            note,
        } => appointments::save_reminder(
            &mut sv.store,
            actor,
            now,
            id,
            version,
            outcome,
            note.as_deref(),
        )
        .map(|_| {
            Msg::Saved(Note::info_args(
                "appointments.saved_reminder",
                vec![("outcome", outcome.label_key().to_string())],
            ))
        }),
        Effect::UndoNoShow {
            id,
            version,
            reason,
        } => match appointments::undo_no_show(&mut sv.store, actor, now, id, version, &reason) {
            Ok(()) => Ok(Msg::Saved(Note::info("appointments.no_show_undone"))),
            Err(StoreError::NotAllowed(m)) => Ok(Msg::Failed(Note::error(
                "error.not_allowed",
                vec![("detail", m)],
            ))),
            Err(e) => Err(e),
        },
        Effect::SetPolicy { day, policy } => {
            appointments::save_policy(&mut sv.store, actor, now, day, &policy).map(|_| {
                Msg::Saved(Note::info_args(
                    "capacity.saved",
                    vec![("day", day.format("%Y-%m-%d").to_string())],
                ))
            })
        }
    };
    vec![result.unwrap_or_else(|e| Msg::Failed(store_note(&e, sv.zone, sv.now)))]
}
