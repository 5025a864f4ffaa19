//! The appointment board's state and its pure logic: booking (find the customer and
//! vehicle, then the details, checked against the day's capacity), state changes,
//! reminders, the week overview, go-to-date and per-day capacity settings.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::app::widgets::form::{Field, Form};
use crate::app::widgets::lookup::Lookup;
use crate::app::widgets::new_customer::Ids;
use crate::domain::appointment::{
    self as rules, BookingRequest, CapacityCheck, CapacityPolicy, DayLoad,
};
use crate::domain::kinds::{
    AppointmentChannel, AppointmentKind, AppointmentState, PartsStatus, ReminderOutcome,
    ServiceType, StaffRole,
};
use crate::field_ids;
use crate::fmt::hours;
use crate::i18n::{DomainError, Note};
use crate::store::appointments::{AppointmentRow, Booking, DayProbe, NewAppointment};
use crate::store::staff::Staff;

field_ids! {
    /// The booking form's fields.
    pub enum BookingField {
        Name = "name",
        Phone = "phone",
        Plate = "plate",
        Model = "model",
        Day = "day",
        Time = "time",
        Service = "service",
        Package = "package",
        Hours = "hours",
        Advisor = "advisor",
        Kind = "kind",
        Channel = "channel",
        Parts = "parts",
        PartsOn = "parts_on",
        Symptoms = "symptoms",
        Note = "note",
        Override = "override",
    }
}

field_ids! {
    /// The capacity form's fields.
    pub enum CapField {
        Techs = "technicians",
        Hours = "hours_per_tech",
        Productivity = "productivity",
        Rate = "booking_rate",
        Opens = "opens",
        Closes = "closes",
        Closed = "closed",
    }
}

field_ids! {
    /// A one-field prompt.
    pub enum OneField { Value = "value" }
}

use BookingField as B;

/// The new customer block of the booking form.
pub const NEW_CUSTOMER: Ids<BookingField> = Ids {
    name: B::Name,
    phone: B::Phone,
    plate: B::Plate,
    model: B::Model,
};

/// How far ahead the booking form looks for a day with room.
pub const HORIZON_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Day,
    Week,
    Reminders,
}

/// What the booking form knows about the chosen day, read from the store.
pub type Probe = DayProbe;

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

#[derive(Debug, Clone, PartialEq)]
pub struct BookingForm {
    pub step: Step,
    /// The find step: who the booking is for.
    pub find: Lookup,
    pub who: Option<Who>,
    pub form: Form<BookingField>,
    /// Advisors offered (ids, in the order of the ADVISOR choice; index 0 = none).
    pub advisor_ids: Vec<Option<i64>>,
    /// Rescheduling this appointment (id, version) instead of booking a new one.
    pub reschedule_of: Option<(i64, i64)>,
    pub probe: Option<Probe>,
    /// A plate that is not a standard one, kept after the advisor said so.
    pub kept_plate: Option<String>,
    /// The catalog package for the vehicle's next service due, offered in the form.
    pub due: Option<crate::store::catalog::due::Due>,
    /// Rescheduling: the package the appointment was booked with.
    pub booked_package: Option<i64>,
}

/// A booking ready for the store.
pub type BookingDraft = Booking;

/// A one-line question over the board.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    Goto(Form<OneField>),
    ReminderNote {
        id: i64,
        version: i64,
        outcome: ReminderOutcome,
        form: Form<OneField>,
    },
    /// The day's capacity settings; `booked`: minutes already booked that day;
    /// `warned`: the settings the advisor was told leave less than is booked (saving the
    /// same again goes ahead).
    Capacity {
        form: Form<CapField>,
        booked: i64,
        warned: Option<CapacityPolicy>,
    },
    /// A supervisor undoes a no-show, with a reason.
    UndoNoShow {
        id: i64,
        version: i64,
        form: Form<OneField>,
    },
}

impl Prompt {
    pub fn dirty(&self) -> bool {
        match self {
            Prompt::Goto(_) => false,
            Prompt::ReminderNote { form, .. } => form.dirty,
            Prompt::Capacity { form, .. } => form.dirty,
            Prompt::UndoNoShow { form, .. } => form.dirty,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Appointments {
    pub day: NaiveDate,
    pub view: View,
    pub list: crate::app::widgets::list::ListState<AppointmentRow>,
    /// Booked vs bookable for `day`.
    pub load: Option<DayLoad>,
    pub week: Vec<(NaiveDate, DayLoad)>,
    pub reminder_day: Option<NaiveDate>,
    pub reminders: crate::app::widgets::list::ListState<AppointmentRow>,
    pub booking: Option<BookingForm>,
    pub prompt: Option<Prompt>,
}

impl Appointments {
    pub fn new_on(day: NaiveDate) -> Appointments {
        Appointments {
            day,
            view: View::Day,
            list: Default::default(),
            load: None,
            week: Vec::new(),
            reminder_day: None,
            reminders: Default::default(),
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
) -> (Form<BookingField>, Vec<Option<i64>>) {
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
    let mut fields: Vec<Field<BookingField>> = NEW_CUSTOMER
        .fields()
        .into_iter()
        .map(|f| f.hidden(!new))
        .collect();
    fields.extend([
        Field::text(
            B::Day,
            "booking.field.day",
            &day.format("%Y-%m-%d").to_string(),
        )
        .replace_on_type(),
        Field::text(B::Time, "booking.field.time", "09:00").replace_on_type(),
        Field::choice(
            B::Service,
            "booking.field.service",
            keys(ServiceType::ALL, ServiceType::label_key),
            0,
        ),
        Field::literal_choice(B::Package, "booking.field.package", vec!["-".into()], 0)
            .hidden(true),
        Field::text(B::Hours, "booking.field.hours", "1").replace_on_type(),
        Field::literal_choice(B::Advisor, "booking.field.advisor", names, mine),
        Field::choice(
            B::Kind,
            "booking.field.kind",
            keys(AppointmentKind::ALL, AppointmentKind::label_key),
            1,
        ),
        Field::choice(
            B::Channel,
            "booking.field.channel",
            keys(AppointmentChannel::ALL, AppointmentChannel::label_key),
            0,
        ),
        Field::choice(
            B::Parts,
            "booking.field.parts",
            keys(PartsStatus::ALL, PartsStatus::label_key),
            0,
        ),
        Field::text(B::PartsOn, "booking.field.parts_on", "")
            .hidden(true)
            .replace_on_type(),
        Field::text(B::Symptoms, "booking.field.symptoms", ""),
        Field::text(B::Note, "booking.field.note", ""),
        Field::text(B::Override, "booking.field.override", "").hidden(true),
    ]);
    let mut form = Form::new(fields);
    form.focus_on(if new { B::Name } else { B::Day });
    (form, ids)
}

fn position<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|s| s == x).unwrap_or(0)
}

/// Prefills the details form from an appointment being rescheduled.
pub fn prefill_from(form: &mut Form<BookingField>, ids: &[Option<i64>], a: &AppointmentRow) {
    form.set_choice(B::Service, position(ServiceType::ALL, &a.service));
    form.set_text(B::Hours, &hours(a.est_minutes));
    form.set_choice(B::Advisor, position(ids, &a.advisor_id));
    form.set_choice(B::Kind, position(AppointmentKind::ALL, &a.kind));
    form.set_choice(B::Channel, position(AppointmentChannel::ALL, &a.channel));
    form.set_choice(B::Parts, position(PartsStatus::ALL, &a.parts));
    if let Some(d) = a.parts_expected_on {
        form.set_text(B::PartsOn, &d.format("%Y-%m-%d").to_string());
    }
    form.set_text(B::Symptoms, a.symptoms.as_deref().unwrap_or(""));
    form.set_text(B::Note, a.note.as_deref().unwrap_or(""));
    form.dirty = false;
}

/// Offers `due`, the package for the vehicle's next service, in the form: a new booking
/// takes it (a maintenance of its labour hours), a rescheduled one keeps what it had;
/// the advisor may still choose none.
pub fn offer_package(
    b: &mut BookingForm,
    due: crate::store::catalog::due::Due,
    lang: crate::i18n::Lang,
) {
    use crate::store::catalog::due::DueFrom;
    let name = crate::app::widgets::catalog_offer::name(lang, &due.name_zh, &due.name_en);
    // Code and total first: a narrow screen cuts the name.
    let label = format!(
        "{} ¥{} {name}",
        due.code,
        crate::fmt::money(due.total_cents)
    );
    let take = match b.reschedule_of {
        Some(_) => b.booked_package == Some(due.package_id),
        None => true,
    };
    let km = group_km(due.due_km);
    let hint = match &due.from {
        DueFrom::Order(number) => Note::info_args(
            "booking.package.due_recorded",
            vec![("km", km), ("number", number.clone())],
        ),
        DueFrom::Odometer(last) => Note::info_args(
            "booking.package.due_estimated",
            vec![("km", km), ("last", group_km(*last))],
        ),
    };
    let form = &mut b.form;
    if let Some(f) = form.field_mut(B::Package) {
        f.kind = crate::app::widgets::form::FieldKind::Choice {
            options: vec!["-".into(), label],
            idx: usize::from(take),
            literal: true,
        };
        f.hidden = false;
    }
    form.set_hint(B::Package, Some(hint));
    if take && b.reschedule_of.is_none() {
        form.set_choice(
            B::Service,
            position(ServiceType::ALL, &ServiceType::Maintenance),
        );
        if due.labour_centi > 0 {
            form.set_text(
                B::Hours,
                &crate::app::screens::catalog::qty_text(due.labour_centi),
            );
        }
    }
    b.due = Some(due);
}

/// "20,000".
fn group_km(km: i64) -> String {
    let digits = km.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Shows the expected-parts date only when parts are ordered.
pub fn sync_visibility(form: &mut Form<BookingField>) {
    let ordered = PartsStatus::ALL[form.choice(B::Parts)] == PartsStatus::Ordered;
    form.set_hidden(B::PartsOn, !ordered);
}

/// What a probe needs: the day and minutes as typed, when they parse.
pub fn probe_inputs(form: &Form<BookingField>, today: NaiveDate) -> Option<(NaiveDate, i64)> {
    let day = rules::parse_day(form.text(B::Day), today).ok()?;
    let minutes = rules::parse_hours(form.text(B::Hours)).unwrap_or(60);
    Some((day, minutes))
}

/// Reads and checks the form. Errors are put next to their fields; `None` means
/// nothing may be saved. `can_override`: the signed-in staff may book past capacity.
pub fn validate(
    b: &mut BookingForm,
    today: NaiveDate,
    now_local: NaiveDateTime,
    can_override: bool,
    zone: crate::clock::Zone,
) -> Option<BookingDraft> {
    let form = &mut b.form;
    form.clear_errors();
    let opt = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    // Who.
    let new_customer = if matches!(b.who, Some(Who::New)) {
        NEW_CUSTOMER.validate(form)
    } else {
        None
    };
    let day =
        rules::parse_day(form.text(B::Day), today).map_err(|e| form.set_error(B::Day, e.note()));
    let time = rules::parse_time(form.text(B::Time)).map_err(|e| form.set_error(B::Time, e.note()));
    let minutes =
        rules::parse_hours(form.text(B::Hours)).map_err(|e| form.set_error(B::Hours, e.note()));
    let parts = PartsStatus::ALL[form.choice(B::Parts)];
    let parts_on = if parts == PartsStatus::Ordered && !form.text(B::PartsOn).trim().is_empty() {
        rules::parse_day(form.text(B::PartsOn), today)
            .map(Some)
            .map_err(|e| form.set_error(B::PartsOn, e.note()))
    } else {
        Ok(None)
    };
    let (Ok(day), Ok(time), Ok(minutes), Ok(parts_on)) = (day, time, minutes, parts_on) else {
        form.focus_first_error();
        return None;
    };
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    // The day's rules, as read by the last probe of this day.
    let Some(probe) = b.probe.clone().filter(|p| p.day == day) else {
        form.set_error(B::Day, Note::error("booking.error.not_checked", vec![]));
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
            rules::BookingError::OutsideOpeningHours { .. }
            | rules::BookingError::InPast
            | rules::BookingError::EndsAfterClosing { .. } => B::Time,
            rules::BookingError::ClosedDay => B::Day,
            _ => B::Hours,
        };
        form.set_error(field, e.note());
        form.focus_first_error();
        return None;
    }
    // The same car twice in one slot is refused, not only warned about.
    if probe.same_day.iter().any(|a| {
        b.reschedule_of.is_none_or(|(id, _)| id != a.id) && zone_local_time(a, zone) == Some(time)
    }) {
        form.set_error(
            B::Time,
            Note::error(
                "booking.error.same_slot",
                vec![("time", time.format("%H:%M").to_string())],
            ),
        );
        form.focus_first_error();
        return None;
    }
    let override_reason = opt(form.text(B::Override));
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
        && !(can_override && override_reason.is_some())
    {
        form.set_error(
            B::Hours,
            over_note(booked, bookable, requested, can_override),
        );
        form.set_hidden(B::Override, !can_override);
        if can_override {
            form.focus_on(B::Override);
        } else {
            form.focus_on(B::Hours);
        }
        return None;
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
            // converted to UTC by the caller, which knows the zone
            starts_at: chrono::DateTime::from_naive_utc_and_offset(day.and_time(time), chrono::Utc),
            service: ServiceType::ALL[form.choice(B::Service)],
            est_minutes: minutes,
            advisor_id: b
                .advisor_ids
                .get(form.choice(B::Advisor))
                .copied()
                .flatten(),
            kind: AppointmentKind::ALL[form.choice(B::Kind)],
            channel: AppointmentChannel::ALL[form.choice(B::Channel)],
            parts,
            parts_expected_on: parts_on,
            complaint_case,
            symptoms: opt(form.text(B::Symptoms)),
            note: opt(form.text(B::Note)),
            package_id: b
                .due
                .as_ref()
                .filter(|_| !form.is_hidden(B::Package) && form.choice(B::Package) == 1)
                .map(|d| d.package_id),
        },
        override_reason: override_reason.filter(|_| load.check(minutes) != CapacityCheck::Fits),
        reschedule_of: b.reschedule_of,
    })
}

/// An appointment's start in the shop's local time of day.
fn zone_local_time(a: &AppointmentRow, zone: crate::clock::Zone) -> Option<NaiveTime> {
    Some(zone.to_local(a.starts_at).time())
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
            ("booked", hours(booked)),
            ("bookable", hours(bookable)),
            ("requested", hours(requested)),
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
    Prompt::Goto(Form::new(vec![Field::text(
        OneField::Value,
        "prompt.goto",
        "",
    )]))
}

/// "Why undo this no-show?" (a supervisor's correction).
pub fn undo_no_show_prompt(a: &AppointmentRow) -> Prompt {
    Prompt::UndoNoShow {
        id: a.id,
        version: a.version,
        form: Form::new(vec![Field::text(
            OneField::Value,
            "prompt.undo_no_show",
            "",
        )]),
    }
}

pub fn reminder_prompt(a: &AppointmentRow, outcome: ReminderOutcome) -> Prompt {
    Prompt::ReminderNote {
        id: a.id,
        version: a.version,
        outcome,
        form: Form::new(vec![Field::text(
            OneField::Value,
            "prompt.reminder_note",
            "",
        )]),
    }
}

pub fn capacity_prompt(p: &CapacityPolicy, booked: i64) -> Prompt {
    let num =
        |id: CapField, label: &'static str, v: String| Field::text(id, label, &v).replace_on_type();
    let mut form = Form::new(vec![
        num(
            CapField::Techs,
            "capacity.technicians",
            p.technicians.to_string(),
        ),
        num(
            CapField::Hours,
            "capacity.hours_per_tech",
            hours(i64::from(p.minutes_per_tech)),
        ),
        num(
            CapField::Productivity,
            "capacity.productivity",
            p.productivity_pct.to_string(),
        ),
        num(
            CapField::Rate,
            "capacity.booking_rate",
            p.booking_rate_pct.to_string(),
        ),
        num(
            CapField::Opens,
            "capacity.opens",
            p.opens_at.format("%H:%M").to_string(),
        ),
        num(
            CapField::Closes,
            "capacity.closes",
            p.closes_at.format("%H:%M").to_string(),
        ),
        Field::choice(
            CapField::Closed,
            "capacity.closed",
            vec!["capacity.open".into(), "capacity.is_closed".into()],
            usize::from(p.closed),
        ),
    ]);
    form.focus_on(CapField::Techs);
    Prompt::Capacity {
        form,
        booked,
        warned: None,
    }
}

/// Reads the capacity form; errors go next to their fields.
pub fn read_capacity(form: &mut Form<CapField>) -> Option<CapacityPolicy> {
    form.clear_errors();
    let num = |form: &mut Form<CapField>, i: CapField| -> Option<u32> {
        match form.text(i).trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                form.set_error(i, Note::error("capacity.error.number", vec![]));
                None
            }
        }
    };
    let techs = num(form, CapField::Techs);
    let minutes = match rules::parse_hours(form.text(CapField::Hours)) {
        Ok(m) => u32::try_from(m).ok(),
        Err(e) => {
            form.set_error(CapField::Hours, e.note());
            None
        }
    };
    let prod = num(form, CapField::Productivity);
    let rate = num(form, CapField::Rate);
    let time = |form: &mut Form<CapField>, i: CapField| -> Option<NaiveTime> {
        rules::parse_time(form.text(i))
            .map_err(|e| form.set_error(i, e.note()))
            .ok()
    };
    let opens = time(form, CapField::Opens);
    let closes = time(form, CapField::Closes);
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
        closed: form.choice(CapField::Closed) == 1,
    };
    if let Err(e) = p.validate() {
        form.set_error(CapField::Techs, e.note());
        form.focus_first_error();
        return None;
    }
    Some(p)
}

/// A new, empty booking form at its find step.
pub fn new_booking() -> BookingForm {
    BookingForm {
        step: Step::Find,
        find: Lookup::default(),
        who: None,
        form: Form::default(),
        advisor_ids: vec![],
        reschedule_of: None,
        probe: None,
        kept_plate: None,
        due: None,
        booked_package: None,
    }
}
