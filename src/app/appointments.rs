//! Keys of the appointments panel: the day board, the week overview, the reminder list,
//! the booking form and the board's prompts. Pure: returns effects.

use chrono::Duration;

use crate::domain::appointment as rules;
use crate::domain::kinds::{AppointmentState, ReminderOutcome, StaffRole};

use super::action::Action;
use super::booking::{
    self, BookingForm, Prompt, Step, View, Who, capacity_prompt, details_form, f, goto_prompt,
    prefill_from, read_capacity, reminder_prompt, sync_visibility,
};
use super::input::TextInput;
use super::keymap::Resolved;
use super::model::{Model, Note, Overlay};
use super::update::{Effect, list_key, visible};

/// Loads what the current view shows.
pub fn load(model: &Model) -> Vec<Effect> {
    let a = &model.appointments;
    match a.view {
        View::Day => vec![Effect::LoadDay(a.day)],
        View::Week => vec![Effect::LoadWeek(a.day)],
        View::Reminders => vec![Effect::LoadReminders],
    }
}

fn can_override(model: &Model) -> bool {
    model
        .staff
        .as_ref()
        .is_some_and(|s| matches!(s.role, StaffRole::Supervisor | StaffRole::Manager))
}

fn selected_row(model: &Model) -> Option<crate::store::appointments::AppointmentRow> {
    let a = &model.appointments;
    match a.view {
        View::Day => visible(&a.list).get(a.list.selected).map(|r| (*r).clone()),
        View::Reminders => visible(&a.reminders)
            .get(a.reminders.selected)
            .map(|r| (*r).clone()),
        View::Week => None,
    }
}

pub fn key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    if model.appointments.booking.is_some() {
        return booking_key(model, r);
    }
    if model.appointments.prompt.is_some() {
        return prompt_key(model, r);
    }
    let view = model.appointments.view;
    let filtering = match view {
        View::Day => model.appointments.list.filtering,
        View::Reminders => model.appointments.reminders.filtering,
        View::Week => false,
    };
    if !filtering && let Resolved::Action(a) = r {
        match a {
            Action::PrevDay | Action::NextDay | Action::Today => {
                let step = if view == View::Week { 7 } else { 1 };
                let today = model.today();
                let a_state = &mut model.appointments;
                a_state.day = match a {
                    Action::PrevDay => a_state.day - Duration::days(step),
                    Action::NextDay => a_state.day + Duration::days(step),
                    _ => today,
                };
                a_state.list.selected = 0;
                a_state.list.loaded = false;
                if view == View::Reminders {
                    a_state.view = View::Day;
                }
                return load(model);
            }
            Action::WeekView | Action::Reminders => {
                let target = if a == Action::WeekView {
                    View::Week
                } else {
                    View::Reminders
                };
                let st = &mut model.appointments;
                st.view = if st.view == target { View::Day } else { target };
                return load(model);
            }
            Action::GotoDate => {
                model.appointments.prompt = Some(goto_prompt());
                return vec![];
            }
            Action::NewBooking => {
                model.appointments.booking = Some(BookingForm {
                    step: Step::Find,
                    find: TextInput::default(),
                    hits: vec![],
                    selected: 0,
                    who: None,
                    form: Default::default(),
                    advisor_ids: vec![],
                    reschedule_of: None,
                    probe: None,
                });
                model.note = None;
                return vec![];
            }
            Action::EditCapacity => {
                if !can_override(model) {
                    model.note = Some(Note::error("capacity.error.role", vec![]));
                    return vec![];
                }
                if let Some(load) = model.appointments.load {
                    model.appointments.prompt = Some(capacity_prompt(&load.policy));
                }
                return vec![];
            }
            Action::MarkConfirmed
            | Action::MarkArrived
            | Action::MarkNoShow
            | Action::CancelAppointment
            | Action::Reschedule
            | Action::MarkUnreachable => return row_action(model, a),
            _ => {}
        }
    }
    match view {
        View::Day => list_key(&mut model.appointments.list, r),
        View::Reminders => list_key(&mut model.appointments.reminders, r),
        View::Week => vec![],
    }
}

/// A state change (day board) or a reminder outcome (reminder list) on the selected row.
fn row_action(model: &mut Model, a: Action) -> Vec<Effect> {
    let Some(row) = selected_row(model) else {
        return vec![];
    };
    let view = model.appointments.view;
    if a == Action::Reschedule {
        return open_reschedule(model, &row);
    }
    if view == View::Reminders {
        let outcome = match a {
            Action::MarkConfirmed => ReminderOutcome::Confirmed,
            Action::CancelAppointment => ReminderOutcome::Cancelled,
            Action::MarkUnreachable => ReminderOutcome::Unreachable,
            _ => return vec![],
        };
        model.appointments.prompt = Some(reminder_prompt(&row, outcome));
        return vec![];
    }
    let to = match a {
        Action::MarkConfirmed => AppointmentState::Confirmed,
        Action::MarkArrived => AppointmentState::Arrived,
        Action::MarkNoShow => AppointmentState::NoShow,
        Action::CancelAppointment => AppointmentState::Cancelled,
        _ => return vec![],
    };
    if let Err(n) = booking::state_change(row.state, to) {
        model.note = Some(n);
        return vec![];
    }
    if to == AppointmentState::Cancelled {
        // Destructive: ask first.
        model.appointments.prompt = Some(Prompt::ConfirmCancel {
            id: row.id,
            version: row.version,
            label: format!(
                "{} {}",
                row.customer_name,
                crate::ui::hhmm(model.zone, row.starts_at)
            ),
        });
        return vec![];
    }
    vec![Effect::SetAppointmentState {
        id: row.id,
        version: row.version,
        to,
    }]
}

fn open_reschedule(
    model: &mut Model,
    row: &crate::store::appointments::AppointmentRow,
) -> Vec<Effect> {
    if let Err(n) = booking::state_change(row.state, AppointmentState::Rescheduled) {
        model.note = Some(n);
        return vec![];
    }
    let who = Who::Existing {
        customer_id: row.customer_id,
        vehicle_id: row.vehicle_id,
        customer: row.customer_name.clone(),
        plate: row.plate.clone(),
        vehicle: [row.make.as_deref(), row.model.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    };
    let (mut form, ids) = details_form(&model.staff_list, model.staff.as_ref(), row.day, &who);
    prefill_from(&mut form, &ids, row);
    form.set_text(f::TIME, &crate::ui::hhmm(model.zone, row.starts_at));
    sync_visibility(&mut form);
    let mut b = BookingForm {
        step: Step::Details,
        find: TextInput::default(),
        hits: vec![],
        selected: 0,
        who: Some(who),
        form,
        advisor_ids: ids,
        reschedule_of: Some((row.id, row.version)),
        probe: None,
    };
    b.form.focus_on(f::DAY);
    model.appointments.booking = Some(b);
    probe(model)
}

/// Re-reads the chosen day's load when day or hours parse.
fn probe(model: &Model) -> Vec<Effect> {
    let Some(b) = &model.appointments.booking else {
        return vec![];
    };
    let vehicle_id = match &b.who {
        Some(Who::Existing { vehicle_id, .. }) => Some(*vehicle_id),
        _ => None,
    };
    match booking::probe_inputs(&b.form, model.today()) {
        Some((day, minutes)) => vec![Effect::BookingProbe {
            day,
            minutes,
            vehicle_id,
        }],
        None => vec![],
    }
}

fn close_booking(model: &mut Model) {
    model.appointments.booking = None;
}

pub fn booking_key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    let today = model.today();
    let Some(b) = model.appointments.booking.as_mut() else {
        return vec![];
    };
    if b.step == Step::Find {
        match r {
            Resolved::Text(c) => {
                b.find.insert(&c.to_string());
                b.selected = 0;
                return vec![Effect::BookingSearch(b.find.value().to_string())];
            }
            Resolved::Edit(e) => {
                b.find.edit(e);
                b.selected = 0;
                return vec![Effect::BookingSearch(b.find.value().to_string())];
            }
            Resolved::Action(Action::Up) => b.selected = b.selected.saturating_sub(1),
            Resolved::Action(Action::Down) => b.selected = (b.selected + 1).min(b.hits.len()),
            Resolved::Action(Action::Cancel) => close_booking(model),
            Resolved::Action(Action::Confirm | Action::NextField) => {
                let hit = b
                    .hits
                    .get(b.selected)
                    .filter(|h| h.vehicle_id.is_some())
                    .cloned();
                let who = match &hit {
                    Some(h) => Who::Existing {
                        customer_id: h.customer_id,
                        vehicle_id: h.vehicle_id.unwrap_or_default(),
                        customer: h.customer_name.clone(),
                        plate: h.plate.clone().unwrap_or_default(),
                        vehicle: [h.make.as_deref(), h.model.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                    None => Who::New,
                };
                let (mut form, ids) = details_form(
                    &model.staff_list,
                    model.staff.as_ref(),
                    today + Duration::days(1),
                    &who,
                );
                if who == Who::New {
                    // Carry what was typed into the matching field.
                    let q = b.find.value().trim().to_string();
                    let field = if crate::domain::phone::phone_search_digits(&q).is_some() {
                        f::PHONE
                    } else if crate::domain::plate::Plate::parse(&q).is_ok_and(|p| p.conforms()) {
                        f::PLATE
                    } else {
                        f::NAME
                    };
                    form.set_text(field, &q);
                    if let Some(h) = b.hits.get(b.selected) {
                        // a customer without a vehicle: keep the name and phone
                        form.set_text(f::NAME, &h.customer_name);
                        form.set_text(f::PHONE, h.phone.as_deref().unwrap_or(""));
                    }
                    form.dirty = !q.is_empty();
                }
                b.step = Step::Details;
                b.who = Some(who);
                b.form = form;
                b.advisor_ids = ids;
                return probe(model);
            }
            _ => {}
        }
        return vec![];
    }
    // Details.
    let before = booking::probe_inputs(&b.form, today);
    match r {
        Resolved::Text(c) => b.form.insert(&c.to_string()),
        Resolved::Edit(e) => b.form.edit(e),
        Resolved::Action(Action::NextField) => b.form.move_focus(1),
        Resolved::Action(Action::PrevField) => b.form.move_focus(-1),
        Resolved::Action(Action::Up) => {
            if b.form.focused_is_text() {
                b.form.move_focus(-1)
            } else {
                b.form.cycle(-1)
            }
        }
        Resolved::Action(Action::Down) => {
            if b.form.focused_is_text() {
                b.form.move_focus(1)
            } else {
                b.form.cycle(1)
            }
        }
        Resolved::Action(Action::Cancel) => {
            if b.form.dirty {
                model.overlay = Some(Overlay::ConfirmDiscard);
            } else {
                close_booking(model);
            }
            return vec![];
        }
        Resolved::Action(Action::Confirm) if b.form.focus != last_visible(&b.form) => {
            b.form.move_focus(1)
        }
        Resolved::Action(Action::Save | Action::Confirm) => return save(model),
        _ => {}
    }
    sync_visibility(&mut b.form);
    if booking::probe_inputs(&b.form, today) != before {
        return probe(model);
    }
    vec![]
}

fn last_visible(form: &super::form::Form) -> usize {
    form.fields.iter().rposition(|f| !f.hidden).unwrap_or(0)
}

fn save(model: &mut Model) -> Vec<Effect> {
    let today = model.today();
    let now_local = model.zone.to_local(model.now).naive_local();
    let can = can_override(model);
    let zone = model.zone;
    let Some(b) = model.appointments.booking.as_mut() else {
        return vec![];
    };
    match booking::validate(b, today, now_local, can) {
        Some(mut draft) => {
            let local = draft.appointment.starts_at.naive_utc();
            match zone.from_local(local) {
                Some(t) => draft.appointment.starts_at = t,
                None => {
                    b.form
                        .set_error(f::TIME, Note::error("booking.error.no_such_time", vec![]));
                    b.form.focus_on(f::TIME);
                    return vec![];
                }
            }
            vec![Effect::Book(Box::new(draft))]
        }
        None => vec![],
    }
}

pub fn prompt_key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    let today = model.today();
    let Some(p) = model.appointments.prompt.as_mut() else {
        return vec![];
    };
    if let Prompt::ConfirmCancel { id, version, .. } = p {
        let (id, version) = (*id, *version);
        return match r {
            Resolved::Text('y' | 'Y') | Resolved::Action(Action::Confirm) => {
                model.appointments.prompt = None;
                vec![Effect::SetAppointmentState {
                    id,
                    version,
                    to: AppointmentState::Cancelled,
                }]
            }
            Resolved::Text('n' | 'N') | Resolved::Action(Action::Cancel) => {
                model.appointments.prompt = None;
                vec![]
            }
            _ => vec![],
        };
    }
    let form = p
        .form_mut()
        .expect("prompts other than ConfirmCancel hold a form");
    match r {
        Resolved::Text(c) => form.insert(&c.to_string()),
        Resolved::Edit(e) => form.edit(e),
        Resolved::Action(Action::NextField | Action::Down) => form.move_focus(1),
        Resolved::Action(Action::PrevField | Action::Up) => form.move_focus(-1),
        Resolved::Action(Action::Cancel) => model.appointments.prompt = None,
        Resolved::Action(Action::Confirm) if form.focus != last_visible(form) => form.move_focus(1),
        Resolved::Action(Action::Save | Action::Confirm) => return submit_prompt(model, today),
        _ => {}
    }
    vec![]
}

fn submit_prompt(model: &mut Model, today: chrono::NaiveDate) -> Vec<Effect> {
    let day = model.appointments.day;
    let Some(p) = model.appointments.prompt.as_mut() else {
        return vec![];
    };
    match p {
        Prompt::Goto(form) => match rules::parse_day(form.text(0), today) {
            Ok(d) => {
                model.appointments.prompt = None;
                model.appointments.day = d;
                model.appointments.view = View::Day;
                model.appointments.list.selected = 0;
                vec![Effect::LoadDay(d)]
            }
            Err(e) => {
                form.set_error(0, Note::error(e.i18n_key(), e.i18n_args()));
                vec![]
            }
        },
        Prompt::ReminderNote {
            id,
            version,
            outcome,
            form,
        } => {
            let note = form.text(0).trim().to_string();
            let eff = Effect::RecordReminder {
                id: *id,
                version: *version,
                outcome: *outcome,
                note: (!note.is_empty()).then_some(note),
            };
            model.appointments.prompt = None;
            vec![eff]
        }
        Prompt::Capacity(form) => match read_capacity(form) {
            Some(policy) => {
                model.appointments.prompt = None;
                vec![Effect::SetPolicy { day, policy }]
            }
            None => vec![],
        },
        Prompt::ConfirmCancel { .. } => vec![],
    }
}

/// Text pasted into whatever field of the panel has the keyboard.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let today = model.today();
    let a = &mut model.appointments;
    if let Some(b) = a.booking.as_mut() {
        if b.step == Step::Find {
            b.find.insert(text);
            return vec![Effect::BookingSearch(b.find.value().to_string())];
        }
        let before = booking::probe_inputs(&b.form, today);
        b.form.insert(text);
        if booking::probe_inputs(&b.form, today) != before {
            return probe(model);
        }
        return vec![];
    }
    if let Some(form) = a.prompt.as_mut().and_then(Prompt::form_mut) {
        form.insert(text);
        return vec![];
    }
    match a.view {
        View::Reminders => a.reminders.filter.insert(text),
        _ => a.list.filter.insert(text),
    }
    vec![]
}
