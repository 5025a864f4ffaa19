//! (model, message) → effects. Pure: never touches SQLite or the terminal.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::appointment::{CapacityPolicy, DayLoad};
use crate::domain::kinds::{AppointmentState, ReminderOutcome, StaffRole};
use crate::store::appointments::AppointmentRow;
use crate::store::complaints::ComplaintRow;
use crate::store::customers::SearchHit;
use crate::store::repair_orders::RepairOrderRow;
use crate::store::staff::Staff;

use super::action::Action;
use super::booking::{BookingDraft, Probe, Step};
use super::checkin::{Draft, Flow, Loaded};
use super::keymap::Resolved;
use super::model::{BoardSummary, ListState, Model, Note, Overlay, PanelId, RunMode};

/// Something that happened: a key, a paste, the clock, the database, a result.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(Resolved),
    Paste(String),
    Tick(DateTime<Utc>),
    /// Another connection committed (PRAGMA data_version changed).
    DataChanged,
    StaffLoaded(Vec<Staff>),
    StaffChosen(Staff),
    WorkOrders(Vec<RepairOrderRow>),
    Complaints(Vec<ComplaintRow>),
    Appointments(NaiveDate, Vec<AppointmentRow>, Option<DayLoad>),
    Week(Vec<(NaiveDate, DayLoad)>),
    Reminders(Option<NaiveDate>, Vec<AppointmentRow>),
    BookingHits(String, Vec<SearchHit>),
    BookingProbe(Probe),
    /// The booking was saved.
    Booked(NaiveDate, Note),
    /// The store refused the booking; the message belongs next to `field`.
    BookingRefused(usize, Note),
    /// A change was saved; reload what is shown.
    Saved(Note),
    CheckinLoaded(Box<Loaded>, Option<String>),
    DraftFound(Box<Draft>, DateTime<Utc>),
    Resumed(Box<Flow>),
    /// The repair order was written; its number.
    CheckedIn(String),
    /// The printable order was written to this file.
    Printed(String),
    Arrivals(Vec<AppointmentRow>),
    Hits(String, Vec<SearchHit>),
    Board(BoardSummary),
    Failed(Note),
}

/// Work for effects.rs.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadStaff,
    /// Sign in and remember the choice for this counter.
    ChooseStaff(Staff),
    CreateStaff {
        code: String,
        name: String,
        role: StaffRole,
    },
    Load(PanelId),
    LoadDay(NaiveDate),
    Search(String),
    LoadBoard,
    LoadWeek(NaiveDate),
    LoadReminders,
    BookingSearch(String),
    BookingProbe {
        day: NaiveDate,
        minutes: i64,
        vehicle_id: Option<i64>,
    },
    Book(Box<BookingDraft>),
    SetAppointmentState {
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
    StartCheckin {
        customer_id: Option<i64>,
        vehicle_id: Option<i64>,
        appointment: Option<i64>,
        /// A walk-in without a record: what was typed in the search.
        new_query: Option<String>,
    },
    SaveDraft(String),
    DiscardDraft,
    LoadDraft,
    ResumeDraft(Box<Draft>),
    ConfirmCheckin(Box<CheckinDraft>),
    Print(String),
}

/// A confirmed check-in for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinDraft {
    pub order: crate::store::repair_orders::NewRepairOrder,
    pub day: NaiveDate,
    pub appointment: Option<(i64, i64)>,
    /// A walk-in to create with the order.
    pub new_customer: Option<super::checkin::Who>,
}

/// What `/` filters match against.
pub trait Haystack {
    fn haystack(&self) -> String;
}

impl Haystack for RepairOrderRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.number, self.plate, self.customer_name, self.advisor_name
        )
    }
}

impl Haystack for ComplaintRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.number,
            self.customer_name.as_deref().unwrap_or(""),
            self.plate.as_deref().unwrap_or(""),
            self.description
        )
    }
}

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

/// Rows that pass the list's filter (case-insensitive substring; separators ignored
/// so that "粤B12" finds 粤B·12345).
pub fn visible<T: Haystack>(list: &ListState<T>) -> Vec<&T> {
    let q = squash(list.filter.value());
    if q.is_empty() {
        return list.rows.iter().collect();
    }
    list.rows
        .iter()
        .filter(|r| squash(&r.haystack()).contains(&q))
        .collect()
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '·' | '-' | ' ' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

const PAGE: isize = 10;

fn step_for(a: Action) -> Option<isize> {
    match a {
        Action::Up => Some(-1),
        Action::Down => Some(1),
        Action::PageUp => Some(-PAGE),
        Action::PageDown => Some(PAGE),
        Action::First => Some(isize::MIN / 2),
        Action::Last => Some(isize::MAX / 2),
        _ => None,
    }
}

/// The effects that load what `panel` shows.
fn load(model: &Model, panel: PanelId) -> Vec<Effect> {
    match panel {
        PanelId::Appointments => super::appointments::load(model),
        PanelId::Checkin if !model.checkin.query.is_empty() => vec![
            Effect::Load(PanelId::Checkin),
            Effect::Search(model.checkin.query.value().to_string()),
        ],
        p => vec![Effect::Load(p)],
    }
}

/// What to load when the program starts.
pub fn init(model: &Model) -> Vec<Effect> {
    match model.mode {
        RunMode::Board => vec![Effect::LoadBoard],
        RunMode::Console if model.staff.is_none() => vec![Effect::LoadStaff],
        RunMode::Console => {
            let mut v = vec![Effect::LoadStaff, Effect::LoadDraft];
            v.extend(load(model, model.panel));
            v
        }
    }
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(r) => key(model, r),
        Msg::Paste(text) => paste(model, &text),
        Msg::Tick(now) => {
            let day_before = model.today();
            model.now = now;
            if model.today() != day_before && model.appointments.day == day_before {
                model.appointments.day = model.today();
            }
            if model.mode == RunMode::Board {
                vec![Effect::LoadBoard]
            } else if model.staff.is_some() && model.panel == PanelId::Complaints {
                // deadlines move with the clock; rows are re-read for fresh state
                vec![Effect::Load(PanelId::Complaints)]
            } else {
                vec![]
            }
        }
        Msg::DataChanged => match model.mode {
            RunMode::Board => vec![Effect::LoadBoard],
            RunMode::Console if model.staff.is_some() => load(model, model.panel),
            RunMode::Console => vec![Effect::LoadStaff],
        },
        Msg::StaffLoaded(staff) => {
            model.staff_list = staff.clone();
            model.picker.staff = staff
                .into_iter()
                .filter(|s| s.active && s.role != StaffRole::Technician)
                .collect();
            model.picker.loaded = true;
            model.picker.selected = model
                .picker
                .selected
                .min(model.picker.staff.len().saturating_sub(1));
            vec![]
        }
        Msg::StaffChosen(s) => {
            model.staff = Some(s);
            model.note = None;
            let mut v = vec![Effect::LoadStaff, Effect::LoadDraft];
            v.extend(load(model, model.panel));
            v
        }
        Msg::CheckinLoaded(l, new_query) => {
            let form = new_query.map(|q| super::checkin::new_customer_form(&q));
            let rate = model.settings.labour_rate_cents;
            model.checkin.flow = Some(super::checkin::start(*l, form, rate));
            model.note = None;
            vec![]
        }
        Msg::DraftFound(d, at) => {
            model.checkin.draft_offer = Some((d, at));
            vec![]
        }
        Msg::Resumed(flow) => {
            model.panel = PanelId::Checkin;
            model.checkin.flow = Some(*flow);
            vec![]
        }
        Msg::CheckedIn(number) => {
            if let Some(f) = model.checkin.flow.as_mut() {
                f.number = Some(number.clone());
                f.step = super::checkin::Step::Done;
                f.dirty = false;
            }
            model.note = Some(Note::info_args("checkin.saved", vec![("number", number)]));
            vec![]
        }
        Msg::Printed(path) => {
            model.note = Some(Note::info_args("checkin.printed", vec![("path", path)]));
            vec![]
        }
        Msg::WorkOrders(rows) => {
            model.work_orders.set_rows(rows);
            vec![]
        }
        Msg::Complaints(rows) => {
            model.complaints.set_rows(rows);
            vec![]
        }
        Msg::Appointments(day, rows, load) => {
            if day == model.appointments.day {
                model.appointments.list.set_rows(rows);
                model.appointments.load = load;
            }
            vec![]
        }
        Msg::Week(days) => {
            model.appointments.week = days;
            vec![]
        }
        Msg::Reminders(day, rows) => {
            model.appointments.reminder_day = day;
            model.appointments.reminders.set_rows(rows);
            vec![]
        }
        Msg::BookingHits(q, hits) => {
            if let Some(b) = model.appointments.booking.as_mut()
                && b.step == Step::Find
                && b.find.value() == q
            {
                b.hits = hits;
                b.selected = 0;
            }
            vec![]
        }
        Msg::BookingProbe(p) => {
            if let Some(b) = model.appointments.booking.as_mut() {
                b.probe = Some(p);
            }
            vec![]
        }
        Msg::Booked(day, note) => {
            model.appointments.booking = None;
            model.appointments.day = day;
            model.appointments.view = super::booking::View::Day;
            model.note = Some(note);
            super::appointments::load(model)
        }
        Msg::BookingRefused(field, note) => {
            if let Some(b) = model.appointments.booking.as_mut() {
                b.form.set_error(field, note);
                b.form.focus_on(field);
            }
            vec![]
        }
        Msg::Saved(note) => {
            model.note = Some(note);
            load(model, model.panel)
        }
        Msg::Arrivals(rows) => {
            model.checkin.arrivals = rows;
            vec![]
        }
        Msg::Hits(q, hits) => {
            if q == model.checkin.query.value() {
                model.checkin.hits = hits;
                model.checkin.selected = 0;
            }
            vec![]
        }
        Msg::Board(b) => {
            model.board = b;
            vec![]
        }
        Msg::Failed(note) => {
            if let Some((field, key)) = staff_field_error(&note) {
                model.picker.form.error = Some((field, key));
            }
            model.note = Some(note);
            vec![]
        }
    }
}

/// A failed staff creation whose message belongs next to a form field.
fn staff_field_error(note: &Note) -> Option<(usize, String)> {
    match note.key.as_str() {
        "staff.error.duplicate_code" => Some((0, note.key.clone())),
        _ => None,
    }
}

fn quit_or_ask(model: &mut Model) -> Vec<Effect> {
    if model.has_unsaved_input() {
        model.overlay = Some(Overlay::ConfirmQuit);
    } else {
        model.quit = true;
    }
    vec![]
}

fn key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    // Overlays get input before whatever is under them.
    match (&model.overlay, r) {
        (
            Some(Overlay::ConfirmQuit),
            Resolved::Text('y' | 'Y') | Resolved::Action(Action::Confirm),
        ) => {
            model.quit = true;
            return vec![];
        }
        (Some(Overlay::ConfirmQuit), Resolved::Action(Action::ForceQuit)) => {
            model.quit = true;
            return vec![];
        }
        (
            Some(Overlay::ConfirmQuit),
            Resolved::Text('n' | 'N') | Resolved::Action(Action::Cancel),
        ) => {
            model.overlay = None;
            return vec![];
        }
        (Some(Overlay::ConfirmQuit), _) => return vec![],
        (
            Some(Overlay::ConfirmDiscard),
            Resolved::Text('y' | 'Y') | Resolved::Action(Action::Confirm),
        ) => {
            model.overlay = None;
            if model.panel == PanelId::Checkin && model.checkin.flow.take().is_some() {
                return vec![Effect::DiscardDraft];
            }
            model.appointments.booking = None;
            return vec![];
        }
        (Some(Overlay::ConfirmDiscard), Resolved::Action(Action::ForceQuit)) => {
            model.quit = true;
            return vec![];
        }
        (
            Some(Overlay::ConfirmDiscard),
            Resolved::Text('n' | 'N') | Resolved::Action(Action::Cancel),
        ) => {
            model.overlay = None;
            return vec![];
        }
        (Some(Overlay::ConfirmDiscard), _) => return vec![],
        (Some(Overlay::Help), Resolved::Action(Action::ForceQuit)) => {
            model.overlay = None;
            return quit_or_ask(model);
        }
        (
            Some(Overlay::Help),
            Resolved::Action(Action::Cancel | Action::Help | Action::Quit | Action::Confirm),
        ) => {
            model.overlay = None;
            return vec![];
        }
        (Some(Overlay::Help), _) => return vec![],
        (None, _) => {}
    }
    match r {
        Resolved::Action(Action::ForceQuit) | Resolved::Action(Action::Quit) => {
            return quit_or_ask(model);
        }
        Resolved::Action(Action::Help) => {
            model.overlay = Some(Overlay::Help);
            return vec![];
        }
        Resolved::Action(Action::Refresh) => {
            return if model.mode == RunMode::Board {
                vec![Effect::LoadBoard]
            } else if model.picking_staff() {
                vec![Effect::LoadStaff]
            } else {
                load(model, model.panel)
            };
        }
        _ => {}
    }
    if model.mode == RunMode::Board {
        return vec![];
    }
    if model.picking_staff() {
        return picker_key(model, r);
    }
    let target = match r {
        Resolved::Action(Action::PanelCheckin) => Some(PanelId::Checkin),
        Resolved::Action(Action::PanelWorkOrders) => Some(PanelId::WorkOrders),
        Resolved::Action(Action::PanelComplaints) => Some(PanelId::Complaints),
        Resolved::Action(Action::PanelAppointments) => Some(PanelId::Appointments),
        _ => None,
    };
    if let Some(p) = target {
        model.panel = p;
        model.note = None;
        return load(model, p);
    }
    match model.panel {
        PanelId::Checkin => super::checkin_keys::key(model, r),
        PanelId::WorkOrders => list_key(&mut model.work_orders, r),
        PanelId::Complaints => list_key(&mut model.complaints, r),
        PanelId::Appointments => super::appointments::key(model, r),
    }
}

fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    if !model.typing() {
        return vec![];
    }
    if model.picking_staff() {
        if let Some(i) = model.picker.form.focused_input() {
            i.insert(text);
        }
        model.picker.form.error = None;
        return vec![];
    }
    match model.panel {
        PanelId::Checkin => super::checkin_keys::paste(model, text),
        PanelId::WorkOrders => {
            model.work_orders.filter.insert(text);
            vec![]
        }
        PanelId::Complaints => {
            model.complaints.filter.insert(text);
            vec![]
        }
        PanelId::Appointments => super::appointments::paste(model, text),
    }
}

pub fn list_key<T: Haystack>(list: &mut ListState<T>, r: Resolved) -> Vec<Effect> {
    if list.filtering {
        match r {
            Resolved::Text(ch) => {
                list.filter.insert(&ch.to_string());
                list.selected = 0;
            }
            Resolved::Edit(e) => {
                list.filter.edit(e);
                list.selected = 0;
            }
            Resolved::Action(Action::Confirm) => list.filtering = false,
            Resolved::Action(Action::Cancel) => {
                list.filter.clear();
                list.filtering = false;
            }
            Resolved::Action(a) => {
                if let Some(d) = step_for(a) {
                    let n = visible(list).len();
                    list.step(d, n);
                }
            }
            Resolved::Nothing => {}
        }
        return vec![];
    }
    match r {
        Resolved::Action(Action::Search) => list.filtering = true,
        Resolved::Action(Action::Cancel) => {
            list.filter.clear();
        }
        Resolved::Action(a) => {
            if let Some(d) = step_for(a) {
                let n = visible(list).len();
                list.step(d, n);
            }
        }
        _ => {}
    }
    vec![]
}

fn picker_key(model: &mut Model, r: Resolved) -> Vec<Effect> {
    if !model.picker.loaded {
        return vec![];
    }
    if !model.adding_first_staff() {
        let p = &mut model.picker;
        match r {
            Resolved::Action(Action::Confirm) => {
                if let Some(s) = p.staff.get(p.selected) {
                    return vec![Effect::ChooseStaff(s.clone())];
                }
            }
            Resolved::Action(a) => {
                if let Some(d) = step_for(a) {
                    let len = p.staff.len() as isize;
                    if len > 0 {
                        p.selected = (p.selected as isize + d).clamp(0, len - 1) as usize;
                    }
                }
            }
            _ => {}
        }
        return vec![];
    }
    let f = &mut model.picker.form;
    match r {
        Resolved::Text(ch) => {
            if let Some(i) = f.focused_input() {
                i.insert(&ch.to_string());
                f.error = None;
            }
        }
        Resolved::Edit(e) => {
            if let Some(i) = f.focused_input() {
                i.edit(e);
                f.error = None;
            }
        }
        Resolved::Action(Action::NextField) => {
            f.focus = (f.focus + 1) % super::model::StaffForm::FIELDS
        }
        Resolved::Action(Action::PrevField) => {
            f.focus =
                (f.focus + super::model::StaffForm::FIELDS - 1) % super::model::StaffForm::FIELDS
        }
        Resolved::Action(Action::Up) if f.focus == 2 => {
            f.role_idx = (f.role_idx + super::model::StaffForm::ROLES.len() - 1)
                % super::model::StaffForm::ROLES.len()
        }
        Resolved::Action(Action::Down) if f.focus == 2 => {
            f.role_idx = (f.role_idx + 1) % super::model::StaffForm::ROLES.len()
        }
        Resolved::Action(Action::Confirm) if f.focus < 2 => f.focus += 1,
        Resolved::Action(Action::Save | Action::Confirm) => {
            let code = f.code.value().trim().to_uppercase();
            let name = f.name.value().trim().to_string();
            if code.is_empty()
                || code.chars().count() > 8
                || !code.chars().all(|c| c.is_ascii_alphanumeric())
            {
                f.error = Some((0, "staff.error.code".into()));
                f.focus = 0;
            } else if name.is_empty() {
                f.error = Some((1, "staff.error.name".into()));
                f.focus = 1;
            } else {
                f.error = None;
                return vec![Effect::CreateStaff {
                    code,
                    name,
                    role: f.role(),
                }];
            }
        }
        _ => {}
    }
    vec![]
}
