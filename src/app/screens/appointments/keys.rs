//! Keys of the appointments panel: the day board, the week overview, the reminder list,
//! the booking form and the board's prompts. Pure: returns effects.

use chrono::Duration;

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::lookup::{Choice, LookupEvent};
use crate::domain::appointment::{self as rules, CapacityPolicy, DayDefaults};
use crate::domain::kinds::{AppointmentState, ReminderOutcome};
use crate::fmt::{hhmm, hours, vehicle};
use crate::i18n::{DomainError, Note};
use crate::store::appointments::AppointmentRow;

use super::booking::{
    self, BookingField as B, CapField, NEW_CUSTOMER, OneField, Prompt, capacity_prompt,
    details_form, goto_prompt, new_booking, prefill_from, read_capacity, reminder_prompt,
    sync_visibility,
};
use super::{Appointments, Effect, Msg, Step, View, Who};

/// Loads what the current view shows.
pub fn load(a: &Appointments) -> Vec<Effect> {
    match a.view {
        View::Day => vec![Effect::LoadDay(a.day)],
        View::Week => vec![Effect::LoadWeek(a.day)],
        View::Reminders => vec![Effect::LoadReminders],
    }
}

fn selected_row(a: &Appointments) -> Option<AppointmentRow> {
    match a.view {
        View::Day => a.list.current().cloned(),
        View::Reminders => a.reminders.current().cloned(),
        View::Week => None,
    }
}

pub fn key(a: &mut Appointments, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if a.booking.is_some() {
        return booking_key(a, cx, r);
    }
    if a.prompt.is_some() {
        return prompt_key(a, cx, r);
    }
    let view = a.view;
    if !a.filtering()
        && let Resolved::Action(act) = r
    {
        match act {
            Action::PrevDay | Action::NextDay | Action::Today => {
                let step = if view == View::Week { 7 } else { 1 };
                a.day = match act {
                    Action::PrevDay => a.day - Duration::days(step),
                    Action::NextDay => a.day + Duration::days(step),
                    _ => cx.today(),
                };
                a.list.selected = 0;
                a.list.loaded = false;
                if view == View::Reminders {
                    a.view = View::Day;
                }
                return load(a);
            }
            Action::WeekView | Action::Reminders => {
                let target = if act == Action::WeekView {
                    View::Week
                } else {
                    View::Reminders
                };
                a.view = if a.view == target { View::Day } else { target };
                return load(a);
            }
            Action::GotoDate => {
                a.prompt = Some(goto_prompt());
                return vec![];
            }
            Action::NewBooking => {
                a.booking = Some(new_booking());
                cx.clear_note();
                return vec![];
            }
            Action::EditCapacity => {
                if !cx.is_supervisor() {
                    cx.note(Note::error("capacity.error.role", vec![]));
                    return vec![];
                }
                if let Some(load) = a.load {
                    a.prompt = Some(capacity_prompt(&load.policy, load.booked_minutes));
                }
                return vec![];
            }
            Action::MarkConfirmed
            | Action::MarkArrived
            | Action::MarkNoShow
            | Action::CancelAppointment
            | Action::Reschedule
            | Action::MarkUnreachable => return row_action(a, cx, act),
            _ => {}
        }
    }
    // Esc leaves the reminder list and the week overview (a filter is cleared first).
    if r == Resolved::Action(Action::Cancel)
        && view != View::Day
        && (view == View::Week || a.reminders.filter.is_empty())
    {
        a.view = View::Day;
        return load(a);
    }
    match view {
        View::Day => a.list.handle(r),
        View::Reminders => a.reminders.handle(r),
        View::Week => false,
    };
    vec![]
}

/// A state change (day board) or a reminder outcome (reminder list) on the selected row.
fn row_action(a: &mut Appointments, cx: &mut Cx<Msg>, act: Action) -> Vec<Effect> {
    let Some(row) = selected_row(a) else {
        return vec![];
    };
    if act == Action::Reschedule {
        return open_reschedule(a, cx, &row);
    }
    if a.view == View::Reminders {
        let outcome = match act {
            Action::MarkConfirmed => ReminderOutcome::Confirmed,
            Action::CancelAppointment => ReminderOutcome::Cancelled,
            Action::MarkUnreachable => ReminderOutcome::Unreachable,
            _ => return vec![],
        };
        a.prompt = Some(reminder_prompt(&row, outcome));
        return vec![];
    }
    // A supervisor undoes a no-show marked by mistake (with a reason).
    if act == Action::MarkNoShow && row.state == AppointmentState::NoShow {
        if !cx.is_supervisor() {
            cx.note(Note::error("appointments.error.undo_no_show_role", vec![]));
            return vec![];
        }
        a.prompt = Some(booking::undo_no_show_prompt(&row));
        return vec![];
    }
    // Arrived and no-show are facts of the day: not for a day that has not come.
    if matches!(act, Action::MarkArrived | Action::MarkNoShow) && row.day > cx.today() {
        cx.note(Note::error(
            "appointments.error.not_yet",
            vec![("day", crate::fmt::day(row.day))],
        ));
        return vec![];
    }
    let to = match act {
        Action::MarkConfirmed => AppointmentState::Confirmed,
        Action::MarkArrived => AppointmentState::Arrived,
        Action::MarkNoShow => AppointmentState::NoShow,
        Action::CancelAppointment => AppointmentState::Cancelled,
        _ => return vec![],
    };
    if let Err(n) = booking::state_change(row.state, to) {
        cx.note(n);
        return vec![];
    }
    if to == AppointmentState::Cancelled {
        // Destructive: ask first, in words that say what yes does.
        let who = format!("{} {}", row.customer_name, hhmm(cx.zone, row.starts_at));
        cx.confirm(
            Confirm::new(
                "prompt.cancel_title",
                Note::info_args("prompt.cancel_body", vec![("who", who)]),
                "prompt.cancel_keys",
            ),
            Msg::CancelConfirmed {
                id: row.id,
                version: row.version,
            },
        );
        return vec![];
    }
    vec![Effect::SetState {
        id: row.id,
        version: row.version,
        to,
    }]
}

fn open_reschedule(a: &mut Appointments, cx: &mut Cx<Msg>, row: &AppointmentRow) -> Vec<Effect> {
    if let Err(n) = booking::state_change(row.state, AppointmentState::Rescheduled) {
        cx.note(n);
        return vec![];
    }
    let who = Who::Existing {
        customer_id: row.customer_id,
        vehicle_id: row.vehicle_id,
        customer: row.customer_name.clone(),
        plate: row.plate.clone(),
        vehicle: vehicle(row.make.as_deref(), row.model.as_deref()),
    };
    let (mut form, ids) = details_form(cx.staff_list, cx.staff, row.day, &who);
    prefill_from(&mut form, &ids, row);
    form.set_text(B::Time, &hhmm(cx.zone, row.starts_at));
    sync_visibility(&mut form);
    let mut b = new_booking();
    b.step = Step::Details;
    b.who = Some(who);
    b.form = form;
    b.advisor_ids = ids;
    b.reschedule_of = Some((row.id, row.version));
    b.booked_package = row.package_id;
    b.form.focus_on(B::Day);
    a.booking = Some(b);
    let mut out = probe(a, cx);
    out.push(Effect::Due(row.vehicle_id));
    out
}

/// Re-reads the chosen day's load when day or hours parse.
fn probe(a: &Appointments, cx: &Cx<Msg>) -> Vec<Effect> {
    let Some(b) = &a.booking else {
        return vec![];
    };
    let vehicle_id = match &b.who {
        Some(Who::Existing { vehicle_id, .. }) => Some(*vehicle_id),
        _ => None,
    };
    match booking::probe_inputs(&b.form, cx.today()) {
        Some((day, minutes)) => vec![Effect::Probe {
            day,
            minutes,
            vehicle_id,
        }],
        None => vec![],
    }
}

fn booking_key(a: &mut Appointments, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let today = cx.today();
    let Some(b) = a.booking.as_mut() else {
        return vec![];
    };
    if b.step == Step::Find {
        return match b.find.handle(r) {
            LookupEvent::Search(Some(q)) => vec![Effect::Search(q)],
            LookupEvent::Search(None) | LookupEvent::Moved => vec![],
            LookupEvent::Unhandled(Resolved::Action(Action::Cancel)) => {
                a.booking = None;
                vec![]
            }
            LookupEvent::Unhandled(Resolved::Action(Action::Confirm | Action::NextField)) => {
                let choice = b.find.choice();
                let who = match &choice {
                    Choice::Vehicle(h) => Who::Existing {
                        customer_id: h.customer_id,
                        vehicle_id: h.vehicle_id.unwrap_or_default(),
                        customer: h.customer_name.clone(),
                        plate: h.plate.clone().unwrap_or_default(),
                        vehicle: vehicle(h.make.as_deref(), h.model.as_deref()),
                    },
                    Choice::New { .. } => Who::New,
                };
                // The day shown on the board (never one that has gone), at its first slot.
                let day = a.day.max(today);
                let (mut form, ids) = details_form(cx.staff_list, cx.staff, day, &who);
                let opens = a
                    .load
                    .filter(|_| a.day == day)
                    .map(|l| l.policy)
                    .unwrap_or_else(|| cx.settings.policy_on(day));
                if let Some(slot) = first_slot(day, &opens, cx.now_local()) {
                    form.set_text(B::Time, &slot.format("%H:%M").to_string());
                }
                if let Choice::New { query, customer } = &choice {
                    // Carry what was typed into the matching field.
                    NEW_CUSTOMER.prefill(&mut form, query, customer.as_ref());
                    form.dirty = !query.is_empty();
                }
                let due = match &who {
                    Who::Existing { vehicle_id, .. } => Some(Effect::Due(*vehicle_id)),
                    Who::New => None,
                };
                b.step = Step::Details;
                b.who = Some(who);
                b.form = form;
                b.advisor_ids = ids;
                let mut out = probe(a, cx);
                out.extend(due);
                out
            }
            LookupEvent::Unhandled(_) => vec![],
        };
    }
    // Details.
    let before = booking::probe_inputs(&b.form, today);
    let new = b.who == Some(Who::New);
    // Enter on the vehicle takes the catalog's completion.
    if new && NEW_CUSTOMER.take_proposal(&mut b.form, r) {
        return vec![];
    }
    let event = b.form.handle(r);
    if new && event == FormEvent::Changed {
        NEW_CUSTOMER.propose(&mut b.form);
    }
    match event {
        FormEvent::Cancel => {
            if b.form.dirty {
                cx.confirm(Confirm::discard(), Msg::DiscardBooking);
            } else {
                a.booking = None;
            }
            return vec![];
        }
        FormEvent::Submit => return save(a, cx),
        _ => {}
    }
    sync_visibility(&mut b.form);
    if booking::probe_inputs(&b.form, today) != before {
        return probe(a, cx);
    }
    vec![]
}

/// The first half-hour slot of `day` from opening (from now, today) at which a 1 h job
/// still ends by closing time.
pub fn first_slot(
    day: chrono::NaiveDate,
    policy: &CapacityPolicy,
    now_local: chrono::NaiveDateTime,
) -> Option<chrono::NaiveTime> {
    let mut t = day.and_time(policy.opens_at);
    let closes = day.and_time(policy.closes_at);
    while t < now_local {
        t += Duration::minutes(30);
    }
    (t + Duration::minutes(60) <= closes).then(|| t.time())
}

pub fn save(a: &mut Appointments, cx: &mut Cx<Msg>) -> Vec<Effect> {
    let today = cx.today();
    let now_local = cx.now_local();
    let can = cx.is_supervisor();
    let zone = cx.zone;
    let Some(b) = a.booking.as_mut() else {
        return vec![];
    };
    match booking::validate(b, today, now_local, can, zone) {
        // A plate that is not a standard one is kept only when the advisor says so
        // (asked once everything else is right).
        Some(_)
            if b.who == Some(Who::New)
                && NEW_CUSTOMER
                    .odd_plate(&b.form)
                    .is_some_and(|p| b.kept_plate.as_ref() != Some(&p)) =>
        {
            let p = NEW_CUSTOMER.odd_plate(&b.form).unwrap_or_default();
            cx.ask(
                crate::app::widgets::new_customer::odd_plate_question(&p),
                Msg::KeepPlate(p),
                Msg::FixPlate,
            );
            vec![]
        }
        Some(mut draft) => {
            let local = draft.appointment.starts_at.naive_utc();
            match zone.from_local(local) {
                Some(t) => draft.appointment.starts_at = t,
                None => {
                    b.form
                        .set_error(B::Time, Note::error("booking.error.no_such_time", vec![]));
                    b.form.focus_on(B::Time);
                    return vec![];
                }
            }
            vec![Effect::Book(Box::new(draft))]
        }
        None => vec![],
    }
}

fn prompt_key(a: &mut Appointments, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let event = match a.prompt.as_mut() {
        Some(Prompt::Goto(form))
        | Some(Prompt::ReminderNote { form, .. })
        | Some(Prompt::UndoNoShow { form, .. }) => form.handle(r),
        // Enter saves from any field, as the prompt's hint says.
        Some(Prompt::Capacity { form, .. }) => match r {
            Resolved::Action(Action::Confirm) => FormEvent::Submit,
            r => {
                let e = form.handle(r);
                if e == FormEvent::Changed
                    && let Some(Prompt::Capacity { warned, .. }) = a.prompt.as_mut()
                {
                    *warned = None;
                }
                e
            }
        },
        None => return vec![],
    };
    match event {
        FormEvent::Cancel => {
            a.prompt = None;
            vec![]
        }
        FormEvent::Submit => submit_prompt(a, cx),
        _ => vec![],
    }
}

fn submit_prompt(a: &mut Appointments, cx: &mut Cx<Msg>) -> Vec<Effect> {
    let today = cx.today();
    let day = a.day;
    let Some(p) = a.prompt.as_mut() else {
        return vec![];
    };
    match p {
        Prompt::Goto(form) => match rules::parse_day(form.text(OneField::Value), today) {
            Ok(d) => {
                a.prompt = None;
                a.day = d;
                a.view = View::Day;
                a.list.selected = 0;
                vec![Effect::LoadDay(d)]
            }
            Err(e) => {
                form.set_error(OneField::Value, e.note());
                vec![]
            }
        },
        Prompt::ReminderNote {
            id,
            version,
            outcome,
            form,
        } => {
            let note = form.text(OneField::Value).trim().to_string();
            let eff = Effect::RecordReminder {
                id: *id,
                version: *version,
                outcome: *outcome,
                note: (!note.is_empty()).then_some(note),
            };
            a.prompt = None;
            vec![eff]
        }
        Prompt::UndoNoShow { id, version, form } => {
            let reason = form.text(OneField::Value).trim().to_string();
            if reason.is_empty() {
                form.set_error(
                    OneField::Value,
                    Note::error("appointments.error.undo_reason", vec![]),
                );
                return vec![];
            }
            let eff = Effect::UndoNoShow {
                id: *id,
                version: *version,
                reason,
            };
            a.prompt = None;
            vec![eff]
        }
        Prompt::Capacity {
            form,
            booked,
            warned,
        } => match read_capacity(form) {
            // Cutting the day below what is booked already: say so with the numbers
            // first; the same settings saved again go ahead.
            Some(policy) if policy.bookable_minutes() < *booked && *warned != Some(policy) => {
                form.set_error(
                    CapField::Techs,
                    Note::error(
                        "capacity.warn.below_booked",
                        vec![
                            ("bookable", hours(policy.bookable_minutes())),
                            ("booked", hours(*booked)),
                        ],
                    ),
                );
                form.focus_on(CapField::Techs);
                *warned = Some(policy);
                vec![]
            }
            Some(policy) => {
                a.prompt = None;
                vec![Effect::SetPolicy { day, policy }]
            }
            None => vec![],
        },
    }
}

/// Text pasted into whatever field of the panel has the keyboard.
pub fn paste(a: &mut Appointments, cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
    let today = cx.today();
    if let Some(b) = a.booking.as_mut() {
        if b.step == Step::Find {
            return match b.find.paste(text) {
                LookupEvent::Search(Some(q)) => vec![Effect::Search(q)],
                _ => vec![],
            };
        }
        let before = booking::probe_inputs(&b.form, today);
        b.form.insert(text);
        if booking::probe_inputs(&b.form, today) != before {
            return probe(a, cx);
        }
        return vec![];
    }
    match a.prompt.as_mut() {
        Some(Prompt::Goto(form))
        | Some(Prompt::ReminderNote { form, .. })
        | Some(Prompt::UndoNoShow { form, .. }) => {
            form.insert(text);
            return vec![];
        }
        Some(Prompt::Capacity { form, .. }) => {
            form.insert(text);
            return vec![];
        }
        None => {}
    }
    match a.view {
        View::Reminders => a.reminders.paste(text),
        _ => a.list.paste(text),
    }
    vec![]
}
