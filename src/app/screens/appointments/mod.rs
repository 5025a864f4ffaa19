//! Appointments: the day board (rows by time, booked vs bookable hours), the week
//! overview, the day-before reminder list, the booking form and the board's prompts.
pub mod booking;
mod fx;
mod keys;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View as ViewCx};
use crate::app::widgets::list::Haystack;
use crate::domain::appointment::{CapacityPolicy, DayLoad};
use crate::domain::kinds::{AppointmentState, ReminderOutcome};
use crate::i18n::Note;
use crate::store::appointments::{AppointmentRow, DayProbe};
use crate::store::customers::SearchHit;

pub use booking::{Appointments, BookingDraft, BookingField, BookingForm, Prompt, Step, View, Who};

impl Haystack for AppointmentRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {}",
            self.customer_name,
            self.plate,
            self.advisor_name.as_deref().unwrap_or("")
        )
    }
}

#[derive(Debug, Clone)]
pub enum Msg {
    Day(NaiveDate, Vec<AppointmentRow>, Option<DayLoad>),
    Week(Vec<(NaiveDate, DayLoad)>),
    Reminders(Option<NaiveDate>, Vec<AppointmentRow>),
    Hits(String, Vec<SearchHit>),
    Probe(DayProbe),
    /// The catalog package for this vehicle's next service due (none found: `None`).
    Due(i64, Option<crate::store::catalog::due::Due>),
    /// The booking was saved.
    Booked(NaiveDate, Note),
    /// The store refused the booking; the message belongs next to the field.
    Refused(BookingField, Note),
    /// A change was saved; reload what is shown.
    Saved(Note),
    Failed(Note),
    /// The advisor said yes to discarding the booking form.
    DiscardBooking,
    /// The advisor said yes to cancelling this appointment.
    CancelConfirmed {
        id: i64,
        version: i64,
    },
    /// The advisor keeps a plate that is not a standard one.
    KeepPlate(String),
    /// …or corrects it: the plate field gets the focus.
    FixPlate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadDay(NaiveDate),
    LoadWeek(NaiveDate),
    LoadReminders,
    Search(String),
    Probe {
        day: NaiveDate,
        minutes: i64,
        vehicle_id: Option<i64>,
    },
    /// The package for this vehicle's next service due.
    Due(i64),
    Book(Box<BookingDraft>),
    SetState {
        id: i64,
        version: i64,
        to: AppointmentState,
    },
    RecordReminder {
        id: i64,
        version: i64,
        outcome: ReminderOutcome,
        note: Option<String>,
    },
    SetPolicy {
        day: NaiveDate,
        policy: CapacityPolicy,
    },
    UndoNoShow {
        id: i64,
        version: i64,
        reason: String,
    },
}

impl Appointments {
    /// The list shown now (day board or reminder calls) has its filter focused.
    fn filtering(&self) -> bool {
        match self.view {
            View::Day => self.list.filtering,
            View::Reminders => self.reminders.filtering,
            View::Week => false,
        }
    }
}

impl Screen for Appointments {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.appointments",
        action: Action::PanelAppointments,
    });

    fn new(today: NaiveDate) -> Self {
        Appointments::new_on(today)
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            vec![Mode::Input]
        } else if self.booking.is_some() || self.prompt.is_some() {
            vec![Mode::List]
        } else {
            vec![Mode::Appointments, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        // The booking form and the prompts take plain keys as input (Space picks the
        // next option of a choice).
        self.booking.is_some() || self.prompt.is_some() || self.filtering()
    }

    fn unsaved(&self) -> bool {
        self.booking.as_ref().is_some_and(|b| b.form.dirty)
            || self.prompt.as_ref().is_some_and(Prompt::dirty)
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        keys::load(self)
    }

    fn tick(&mut self, cx: &mut Cx<Msg>, _active: bool, day_before: NaiveDate) -> Vec<Effect> {
        if cx.today() != day_before && self.day == day_before {
            self.day = cx.today();
        }
        vec![]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        keys::paste(self, cx, text)
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Day(day, rows, load) => {
                if day == self.day {
                    self.list.set_rows(rows);
                    self.load = load;
                }
            }
            Msg::Week(days) => self.week = days,
            Msg::Reminders(day, rows) => {
                self.reminder_day = day;
                self.reminders.set_rows(rows);
            }
            Msg::Hits(q, hits) => {
                if let Some(b) = self.booking.as_mut()
                    && b.step == Step::Find
                {
                    b.find.hits_for(&q, hits);
                }
            }
            Msg::Probe(p) => {
                if let Some(b) = self.booking.as_mut() {
                    b.probe = Some(p);
                }
            }
            Msg::Due(vehicle, Some(due)) => {
                let Some(b) = self.booking.as_mut() else {
                    return vec![];
                };
                if !matches!(&b.who, Some(booking::Who::Existing { vehicle_id, .. }) if *vehicle_id == vehicle)
                {
                    return vec![];
                }
                booking::offer_package(b, due, cx.lang);
                // The hours may have changed: the day's load again.
                if let Some((day, minutes)) = booking::probe_inputs(&b.form, cx.today()) {
                    return vec![Effect::Probe {
                        day,
                        minutes,
                        vehicle_id: Some(vehicle),
                    }];
                }
            }
            Msg::Due(_, None) => {}
            Msg::Booked(day, note) => {
                self.booking = None;
                self.day = day;
                self.view = View::Day;
                cx.note(note);
                return keys::load(self);
            }
            Msg::Refused(field, note) => {
                if let Some(b) = self.booking.as_mut() {
                    b.form.set_error(field, note);
                    b.form.focus_on(field);
                }
            }
            Msg::Saved(note) => {
                cx.note(note);
                return keys::load(self);
            }
            Msg::Failed(note) => cx.note(note),
            Msg::DiscardBooking => self.booking = None,
            Msg::FixPlate => {
                if let Some(b) = self.booking.as_mut() {
                    b.form.focus_on(BookingField::Plate);
                }
            }
            Msg::KeepPlate(p) => {
                if let Some(b) = self.booking.as_mut() {
                    b.kept_plate = Some(p);
                    return keys::save(self, cx);
                }
            }
            Msg::CancelConfirmed { id, version } => {
                return vec![Effect::SetState {
                    id,
                    version,
                    to: AppointmentState::Cancelled,
                }];
            }
        }
        vec![]
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &ViewCx) {
        view::render(self, frame, area, v)
    }
}
