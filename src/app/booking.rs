//! The appointment board's state and its pure logic: booking (find the customer and
//! vehicle, then the details, checked against the day's capacity), state changes,
//! reminders, the week overview, go-to-date and per-day capacity settings.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::appointment::{
    self as rules, BookingRequest, CapacityCheck, CapacityPolicy, DayLoad,
};
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, PartsStatus, ReminderOutcome,
    ServiceType, StaffRole,
};
use crate::domain::phone::Phone;
use crate::domain::plate::Plate;
use crate::store::appointments::{AppointmentRow, NewAppointment};
use crate::store::customers::{NewCustomer, SearchHit};
use crate::store::staff::Staff;

use super::form::{Field, Form};
use super::input::TextInput;
use super::model::{ListState, Note};

/// How far ahead the booking form looks for a day with room.
pub const HORIZON_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Day,
    Week,
    Reminders,
}

/// What the booking form knows about the chosen day, read from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub day: NaiveDate,
    pub minutes: i64,
    pub load: DayLoad,
    /// First day from today with room for `minutes` (None: none within the horizon).
    pub first_free: Option<NaiveDate>,
    /// Live appointments of the same vehicle on that day.
    pub same_day: Vec<AppointmentRow>,
}

/// The customer and vehicle the booking is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    Existing {
        customer_id: i64,
        vehicle_id: i64,
        customer: String,
        plate: String,
        vehicle: String,
    },
    /// Created together with the booking, in the same transaction.
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Find,
    Details,
}

/// Field positions of the details form.
pub mod f {
    pub const NAME: usize = 0;
    pub const PHONE: usize = 1;
    pub const PLATE: usize = 2;
    pub const MODEL: usize = 3;
    pub const DAY: usize = 4;
    pub const TIME: usize = 5;
    pub const SERVICE: usize = 6;
    pub const HOURS: usize = 7;
    pub const ADVISOR: usize = 8;
    pub const KIND: usize = 9;
    pub const CHANNEL: usize = 10;
    pub const PARTS: usize = 11;
    pub const PARTS_ON: usize = 12;
    pub const SYMPTOMS: usize = 13;
    pub const NOTE: usize = 14;
    pub const OVERRIDE: usize = 15;
}

#[derive(Debug, Clone, PartialEq)]
pub struct BookingForm {
    pub step: Step,
    pub find: TextInput,
    pub hits: Vec<SearchHit>,
    /// Selected row in the find step; `hits.len()` is the "new customer" row.
    pub selected: usize,
    pub who: Option<Who>,
    pub form: Form,
    /// Advisors offered (ids, in the order of the ADVISOR choice; index 0 = none).
    pub advisor_ids: Vec<Option<i64>>,
    /// Rescheduling this appointment (id, version) instead of booking a new one.
    pub reschedule_of: Option<(i64, i64)>,
    pub probe: Option<Probe>,
}

/// A booking ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct BookingDraft {
    pub new_customer: Option<(NewCustomer, Plate, Option<String>)>,
    /// customer_id / vehicle_id are 0 when `new_customer` is set (filled in by the store).
    pub appointment: NewAppointment,
    pub override_reason: Option<String>,
    pub reschedule_of: Option<(i64, i64)>,
}

/// A one-line question over the board.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    Goto(Form),
    ReminderNote {
        id: i64,
        version: i64,
        outcome: ReminderOutcome,
        form: Form,
    },
    Capacity(Form),
    ConfirmCancel {
        id: i64,
        version: i64,
        label: String,
    },
}

impl Prompt {
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Prompt::Goto(f) | Prompt::Capacity(f) | Prompt::ReminderNote { form: f, .. } => Some(f),
            Prompt::ConfirmCancel { .. } => None,
        }
    }

    pub fn form(&self) -> Option<&Form> {
        match self {
            Prompt::Goto(f) | Prompt::Capacity(f) | Prompt::ReminderNote { form: f, .. } => Some(f),
            Prompt::ConfirmCancel { .. } => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppointmentsState {
    pub day: NaiveDate,
    pub view: View,
    pub list: ListState<AppointmentRow>,
    /// Booked vs bookable for `day`.
    pub load: Option<DayLoad>,
    pub week: Vec<(NaiveDate, DayLoad)>,
    pub reminder_day: Option<NaiveDate>,
    pub reminders: ListState<AppointmentRow>,
    pub booking: Option<BookingForm>,
    pub prompt: Option<Prompt>,
}

impl AppointmentsState {
    pub fn new(day: NaiveDate) -> AppointmentsState {
        AppointmentsState {
            day,
            view: View::Day,
            list: ListState::default(),
            load: None,
            week: Vec::new(),
            reminder_day: None,
            reminders: ListState::default(),
            booking: None,
            prompt: None,
        }
    }
}

fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| key(*x).to_string()).collect()
}

/// Staff who can be preferred as advisor: advisors first, then supervisors and managers.
pub fn advisors(staff: &[Staff]) -> Vec<&Staff> {
    let mut v: Vec<&Staff> = staff
        .iter()
        .filter(|s| s.active && s.role != StaffRole::Technician)
        .collect();
    v.sort_by_key(|s| (s.role != StaffRole::Advisor, s.code.clone()));
    v
}

/// Builds the details form; `me` is preselected as advisor when they are one.
pub fn details_form(
    staff: &[Staff],
    me: Option<&Staff>,
    day: NaiveDate,
    who: &Who,
) -> (Form, Vec<Option<i64>>) {
    let people = advisors(staff);
    let mut names = vec!["-".to_string()];
    let mut ids = vec![None];
    for s in &people {
        names.push(format!("{} {}", s.code, s.name));
        ids.push(Some(s.id));
    }
    let mine = me
        .filter(|m| m.role == StaffRole::Advisor)
        .and_then(|m| ids.iter().position(|i| *i == Some(m.id)))
        .unwrap_or(0);
    let new = matches!(who, Who::New);
    let hide = |mut fld: Field, h: bool| {
        fld.hidden = h;
        fld
    };
    let fields = vec![
        hide(Field::text("booking.field.name", ""), !new),
        hide(Field::text("booking.field.phone", ""), !new),
        hide(Field::text("booking.field.plate", ""), !new),
        hide(Field::text("booking.field.model", ""), !new),
        Field::text("booking.field.day", &day.format("%Y-%m-%d").to_string()),
        Field::text("booking.field.time", "09:00"),
        Field::choice(
            "booking.field.service",
            keys(ServiceType::ALL, ServiceType::label_key),
            0,
        ),
        Field::text("booking.field.hours", "1"),
        Field::literal_choice("booking.field.advisor", names, mine),
        Field::choice(
            "booking.field.kind",
            keys(AppointmentKind::ALL, AppointmentKind::label_key),
            1,
        ),
        Field::choice(
            "booking.field.channel",
            keys(AppointmentChannel::ALL, AppointmentChannel::label_key),
            0,
        ),
        Field::choice(
            "booking.field.parts",
            keys(PartsStatus::ALL, PartsStatus::label_key),
            0,
        ),
        hide(Field::text("booking.field.parts_on", ""), true),
        Field::text("booking.field.symptoms", ""),
        Field::text("booking.field.note", ""),
        hide(Field::text("booking.field.override", ""), true),
    ];
    let mut form = Form::new(fields);
    form.focus_on(if new { f::NAME } else { f::DAY });
    (form, ids)
}

/// Prefills the details form from an appointment being rescheduled.
pub fn prefill_from(form: &mut Form, ids: &[Option<i64>], a: &AppointmentRow) {
    form.set_choice(
        f::SERVICE,
        ServiceType::ALL
            .iter()
            .position(|s| *s == a.service)
            .unwrap_or(0),
    );
    form.set_text(f::HOURS, &crate::ui::hours(a.est_minutes));
    form.set_choice(
        f::ADVISOR,
        ids.iter().position(|i| *i == a.advisor_id).unwrap_or(0),
    );
    form.set_choice(
        f::KIND,
        AppointmentKind::ALL
            .iter()
            .position(|k| *k == a.kind)
            .unwrap_or(0),
    );
    form.set_choice(
        f::CHANNEL,
        AppointmentChannel::ALL
            .iter()
            .position(|c| *c == a.channel)
            .unwrap_or(0),
    );
    form.set_choice(
        f::PARTS,
        PartsStatus::ALL
            .iter()
            .position(|p| *p == a.parts)
            .unwrap_or(0),
    );
    if let Some(d) = a.parts_expected_on {
        form.set_text(f::PARTS_ON, &d.format("%Y-%m-%d").to_string());
    }
    form.set_text(f::SYMPTOMS, a.symptoms.as_deref().unwrap_or(""));
    form.set_text(f::NOTE, a.note.as_deref().unwrap_or(""));
    form.dirty = false;
}

/// Shows the expected-parts date only when parts are ordered.
pub fn sync_visibility(form: &mut Form) {
    let ordered = PartsStatus::ALL[form.choice(f::PARTS)] == PartsStatus::Ordered;
    form.fields[f::PARTS_ON].hidden = !ordered;
}

/// What a probe needs: the day and minutes as typed, when they parse.
pub fn probe_inputs(form: &Form, today: NaiveDate) -> Option<(NaiveDate, i64)> {
    let day = rules::parse_day(form.text(f::DAY), today).ok()?;
    let minutes = rules::parse_hours(form.text(f::HOURS)).unwrap_or(60);
    Some((day, minutes))
}

fn err(e: &impl DomainError) -> Note {
    Note {
        key: e.key().to_string(),
        args: e.args(),
        error: true,
    }
}

/// The domain errors' catalog key and arguments.
pub trait DomainError {
    fn key(&self) -> &'static str;
    fn args(&self) -> Vec<(&'static str, String)>;
}

macro_rules! domain_error {
    ($($t:ty),*) => {$(
        impl DomainError for $t {
            fn key(&self) -> &'static str { self.i18n_key() }
            fn args(&self) -> Vec<(&'static str, String)> { self.i18n_args() }
        }
    )*};
}
domain_error!(
    rules::BookingError,
    rules::CapacityError,
    crate::domain::plate::PlateError,
    crate::domain::phone::PhoneError
);

/// Reads and checks the form. Errors are put next to their fields; `None` means
/// nothing may be saved. `can_override`: the signed-in staff may book past capacity.
pub fn validate(
    b: &mut BookingForm,
    today: NaiveDate,
    now_local: NaiveDateTime,
    can_override: bool,
) -> Option<BookingDraft> {
    let form = &mut b.form;
    form.clear_errors();
    let opt = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    // Who.
    let mut new_customer = None;
    if matches!(b.who, Some(Who::New)) {
        let name = form.text(f::NAME).trim().to_string();
        if name.is_empty() {
            form.set_error(f::NAME, Note::error("booking.error.name", vec![]));
        }
        let phone = match form.text(f::PHONE).trim() {
            "" => None,
            p => match Phone::parse(p) {
                Ok(p) => Some(p.as_str().to_string()),
                Err(e) => {
                    form.set_error(f::PHONE, err(&e));
                    None
                }
            },
        };
        let plate = match Plate::parse(form.text(f::PLATE)) {
            Ok(p) => Some(p),
            Err(e) => {
                form.set_error(f::PLATE, err(&e));
                None
            }
        };
        if let Some(plate) = plate {
            new_customer = Some((
                NewCustomer {
                    name,
                    salutation: None,
                    phone,
                    email: None,
                    note: None,
                },
                plate,
                opt(form.text(f::MODEL)),
            ));
        }
    }
    let day =
        rules::parse_day(form.text(f::DAY), today).map_err(|e| form.set_error(f::DAY, err(&e)));
    let time = rules::parse_time(form.text(f::TIME)).map_err(|e| form.set_error(f::TIME, err(&e)));
    let minutes =
        rules::parse_hours(form.text(f::HOURS)).map_err(|e| form.set_error(f::HOURS, err(&e)));
    let parts = PartsStatus::ALL[form.choice(f::PARTS)];
    let parts_on = if parts == PartsStatus::Ordered && !form.text(f::PARTS_ON).trim().is_empty() {
        rules::parse_day(form.text(f::PARTS_ON), today)
            .map(Some)
            .map_err(|e| form.set_error(f::PARTS_ON, err(&e)))
    } else {
        Ok(None)
    };
    let (Ok(day), Ok(time), Ok(minutes), Ok(parts_on)) = (day, time, minutes, parts_on) else {
        form.focus_first_error();
        return None;
    };
    if form.fields.iter().any(|x| x.error.is_some()) {
        form.focus_first_error();
        return None;
    }
    // The day's rules, as read by the last probe of this day.
    let Some(probe) = b.probe.clone().filter(|p| p.day == day) else {
        form.set_error(f::DAY, Note::error("booking.error.not_checked", vec![]));
        form.focus_first_error();
        return None;
    };
    let req = BookingRequest {
        day,
        start: time,
        est_minutes: minutes,
    };
    if let Err(e) = rules::validate_booking(&req, &probe.load.policy, now_local) {
        let field = match e {
            rules::BookingError::OutsideOpeningHours { .. } | rules::BookingError::InPast => {
                f::TIME
            }
            rules::BookingError::ClosedDay => f::DAY,
            _ => f::HOURS,
        };
        form.set_error(field, err(&e));
        form.focus_first_error();
        return None;
    }
    let override_reason = opt(form.text(f::OVERRIDE));
    let own = rescheduled_minutes_on(b.reschedule_of, &probe);
    let load = DayLoad {
        booked_minutes: probe.load.booked_minutes - own,
        policy: probe.load.policy,
    };
    let form = &mut b.form;
    if let CapacityCheck::Over {
        booked,
        bookable,
        requested,
    } = load.check(minutes)
    {
        if !(can_override && override_reason.is_some()) {
            form.set_error(
                f::HOURS,
                over_note(booked, bookable, requested, can_override),
            );
            form.fields[f::OVERRIDE].hidden = !can_override;
            if can_override {
                form.focus_on(f::OVERRIDE);
            } else {
                form.focus_on(f::HOURS);
            }
            return None;
        }
    }
    let (customer_id, vehicle_id) = match &b.who {
        Some(Who::Existing {
            customer_id,
            vehicle_id,
            ..
        }) => (*customer_id, *vehicle_id),
        _ => (0, 0),
    };
    let complaint_case = false;
    Some(BookingDraft {
        new_customer,
        appointment: NewAppointment {
            customer_id,
            vehicle_id,
            day,
            // converted to UTC by the effect, which knows the zone
            starts_at: chrono::DateTime::from_naive_utc_and_offset(day.and_time(time), chrono::Utc),
            service: ServiceType::ALL[form.choice(f::SERVICE)],
            est_minutes: minutes,
            advisor_id: b
                .advisor_ids
                .get(form.choice(f::ADVISOR))
                .copied()
                .flatten(),
            kind: AppointmentKind::ALL[form.choice(f::KIND)],
            channel: AppointmentChannel::ALL[form.choice(f::CHANNEL)],
            parts,
            parts_expected_on: parts_on,
            complaint_case,
            symptoms: opt(form.text(f::SYMPTOMS)),
            note: opt(form.text(f::NOTE)),
        },
        override_reason: override_reason.filter(|_| load.check(minutes) != CapacityCheck::Fits),
        reschedule_of: b.reschedule_of,
    })
}

/// A rescheduled appointment's own hours do not count against its new slot when it
/// stays on the same day (the store frees them in the same transaction).
fn rescheduled_minutes_on(reschedule_of: Option<(i64, i64)>, probe: &Probe) -> i64 {
    match reschedule_of {
        Some((id, _)) => probe
            .same_day
            .iter()
            .filter(|a| a.id == id)
            .map(|a| a.est_minutes)
            .sum(),
        None => 0,
    }
}

/// "Over capacity: 62 h booked of 64 h; this needs 3 h."
pub fn over_note(booked: i64, bookable: i64, requested: i64, can_override: bool) -> Note {
    Note::error(
        if can_override {
            "booking.error.over_override"
        } else {
            "booking.error.over"
        },
        vec![
            ("booked", crate::ui::hours(booked)),
            ("bookable", crate::ui::hours(bookable)),
            ("requested", crate::ui::hours(requested)),
        ],
    )
}

/// The state a board key asks for, if the domain allows it from `from`.
pub fn state_change(from: AppointmentState, to: AppointmentState) -> Result<(), Note> {
    rules::transition(from, to).map_err(|e| {
        Note::error(
            e.i18n_key(),
            vec![
                ("from", from.label_key().to_string()),
                ("to", to.label_key().to_string()),
            ],
        )
    })
}

/// The one-field "go to date" prompt.
pub fn goto_prompt() -> Prompt {
    Prompt::Goto(Form::new(vec![Field::text("prompt.goto", "")]))
}

pub fn reminder_prompt(a: &AppointmentRow, outcome: ReminderOutcome) -> Prompt {
    Prompt::ReminderNote {
        id: a.id,
        version: a.version,
        outcome,
        form: Form::new(vec![Field::text("prompt.reminder_note", "")]),
    }
}

/// Field positions of the capacity form.
pub mod cap {
    pub const TECHS: usize = 0;
    pub const HOURS: usize = 1;
    pub const PRODUCTIVITY: usize = 2;
    pub const RATE: usize = 3;
    pub const OPENS: usize = 4;
    pub const CLOSES: usize = 5;
    pub const CLOSED: usize = 6;
}

pub fn capacity_prompt(p: &CapacityPolicy) -> Prompt {
    Prompt::Capacity(Form::new(vec![
        Field::text("capacity.technicians", &p.technicians.to_string()),
        Field::text(
            "capacity.hours_per_tech",
            &crate::ui::hours(i64::from(p.minutes_per_tech)),
        ),
        Field::text("capacity.productivity", &p.productivity_pct.to_string()),
        Field::text("capacity.booking_rate", &p.booking_rate_pct.to_string()),
        Field::text("capacity.opens", &p.opens_at.format("%H:%M").to_string()),
        Field::text("capacity.closes", &p.closes_at.format("%H:%M").to_string()),
        Field::choice(
            "capacity.closed",
            vec!["capacity.open".into(), "capacity.is_closed".into()],
            usize::from(p.closed),
        ),
    ]))
}

/// Reads the capacity form; errors go next to their fields.
pub fn read_capacity(form: &mut Form) -> Option<CapacityPolicy> {
    form.clear_errors();
    let num = |form: &mut Form, i: usize| -> Option<u32> {
        match form.text(i).trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                form.set_error(i, Note::error("capacity.error.number", vec![]));
                None
            }
        }
    };
    let techs = num(form, cap::TECHS);
    let minutes = match rules::parse_hours(form.text(cap::HOURS)) {
        Ok(m) => u32::try_from(m).ok(),
        Err(e) => {
            form.set_error(cap::HOURS, err(&e));
            None
        }
    };
    let prod = num(form, cap::PRODUCTIVITY);
    let rate = num(form, cap::RATE);
    let time = |form: &mut Form, i: usize| -> Option<NaiveTime> {
        rules::parse_time(form.text(i))
            .map_err(|e| form.set_error(i, err(&e)))
            .ok()
    };
    let opens = time(form, cap::OPENS);
    let closes = time(form, cap::CLOSES);
    let (
        Some(technicians),
        Some(minutes_per_tech),
        Some(productivity_pct),
        Some(booking_rate_pct),
        Some(opens_at),
        Some(closes_at),
    ) = (techs, minutes, prod, rate, opens, closes)
    else {
        form.focus_first_error();
        return None;
    };
    let p = CapacityPolicy {
        technicians,
        minutes_per_tech,
        productivity_pct,
        booking_rate_pct,
        opens_at,
        closes_at,
        closed: form.choice(cap::CLOSED) == 1,
    };
    if let Err(e) = p.validate() {
        form.set_error(cap::TECHS, err(&e));
        form.focus_first_error();
        return None;
    }
    Some(p)
}
