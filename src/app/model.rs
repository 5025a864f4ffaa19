//! All UI state. No I/O here: effects.rs reads and writes, update.rs decides.

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Zone;
use crate::domain::kinds::StaffRole;
use crate::store::appointments::AppointmentRow;
use crate::store::complaints::ComplaintRow;
use crate::store::customers::SearchHit;
use crate::store::repair_orders::RepairOrderRow;
use crate::store::staff::Staff;
use crate::ui::i18n::Lang;

use super::booking::AppointmentsState;
use super::input::TextInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// The counter console (read-write).
    Console,
    /// The supervisors' read-only board.
    Board,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelId {
    Checkin,
    WorkOrders,
    Complaints,
    Appointments,
}

impl PanelId {
    pub const ALL: [PanelId; 4] = [
        PanelId::Checkin,
        PanelId::WorkOrders,
        PanelId::Complaints,
        PanelId::Appointments,
    ];

    pub fn title_key(self) -> &'static str {
        match self {
            PanelId::Checkin => "tab.checkin",
            PanelId::WorkOrders => "tab.work_orders",
            PanelId::Complaints => "tab.complaints",
            PanelId::Appointments => "tab.appointments",
        }
    }
}

/// A status-line message: a catalog key and its arguments, translated when drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub key: String,
    pub args: Vec<(&'static str, String)>,
    pub error: bool,
}

impl Note {
    pub fn info(key: &str) -> Note {
        Note {
            key: key.into(),
            args: vec![],
            error: false,
        }
    }

    /// An informational message; arguments that are catalog keys are translated too.
    pub fn info_args(key: &str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            key: key.into(),
            args,
            error: false,
        }
    }

    pub fn error(key: &str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            key: key.into(),
            args,
            error: true,
        }
    }
}

/// A selectable list with a `/` filter.
#[derive(Debug, Clone)]
pub struct ListState<T> {
    pub rows: Vec<T>,
    pub selected: usize,
    pub filter: TextInput,
    /// The filter field has the focus.
    pub filtering: bool,
    pub loaded: bool,
}

impl<T> Default for ListState<T> {
    fn default() -> Self {
        ListState {
            rows: Vec::new(),
            selected: 0,
            filter: TextInput::default(),
            filtering: false,
            loaded: false,
        }
    }
}

impl<T> ListState<T> {
    pub fn set_rows(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.loaded = true;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Moves the selection by `delta` within `len` visible rows.
    pub fn step(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let cur = self.selected.min(len - 1) as isize;
        self.selected = (cur + delta).clamp(0, len as isize - 1) as usize;
    }
}

#[derive(Debug, Clone, Default)]
pub struct CheckinState {
    /// Search-as-you-type over plate, phone and name.
    pub query: TextInput,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    /// Today's expected arrivals (booked or confirmed appointments).
    pub arrivals: Vec<AppointmentRow>,
    /// The check-in under way.
    pub flow: Option<super::checkin::Flow>,
    /// An unfinished check-in found at start-up, offered back (and when it was saved).
    pub draft_offer: Option<(Box<super::checkin::Draft>, chrono::DateTime<chrono::Utc>)>,
}

/// Counts for the supervisors' board.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardSummary {
    pub appointments_today: usize,
    pub arrived_today: usize,
    pub booked_minutes_today: i64,
    pub open_orders: Vec<(crate::domain::kinds::RepairOrderState, usize)>,
    pub open_complaints: usize,
    pub overdue_complaints: usize,
}

/// Choosing who is at the counter; when the database has no staff yet, a form to add
/// the first staff member.
#[derive(Debug, Clone, Default)]
pub struct StaffPicker {
    pub staff: Vec<Staff>,
    pub selected: usize,
    pub loaded: bool,
    pub form: StaffForm,
}

#[derive(Debug, Clone, Default)]
pub struct StaffForm {
    pub code: TextInput,
    pub name: TextInput,
    pub role_idx: usize,
    pub focus: usize,
    /// Per-field error (field index, message key).
    pub error: Option<(usize, String)>,
}

impl StaffForm {
    pub const FIELDS: usize = 3;
    pub const ROLES: [StaffRole; 4] = [
        StaffRole::Advisor,
        StaffRole::Supervisor,
        StaffRole::Manager,
        StaffRole::Technician,
    ];

    pub fn role(&self) -> StaffRole {
        StaffForm::ROLES[self.role_idx % StaffForm::ROLES.len()]
    }

    pub fn is_dirty(&self) -> bool {
        !self.code.is_empty() || !self.name.is_empty()
    }

    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            0 => Some(&mut self.code),
            1 => Some(&mut self.name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// "Discard unsaved input and quit?"
    ConfirmQuit,
    /// "Discard what you typed in this form?"
    ConfirmDiscard,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub mode: RunMode,
    pub lang: Lang,
    pub zone: Zone,
    pub now: DateTime<Utc>,
    pub db_label: String,
    /// Who is at the counter; `None` while the picker is shown (never in board mode).
    pub staff: Option<Staff>,
    /// Everyone in the staff table (for advisor choices).
    pub staff_list: Vec<Staff>,
    pub picker: StaffPicker,
    pub panel: PanelId,
    pub overlay: Option<Overlay>,
    pub note: Option<Note>,
    pub checkin: CheckinState,
    pub work_orders: ListState<RepairOrderRow>,
    pub complaints: ListState<ComplaintRow>,
    pub appointments: AppointmentsState,
    pub board: BoardSummary,
    /// Shop settings from the config (labour rate, comeback window).
    pub settings: crate::config::Settings,
    pub quit: bool,
}

impl Model {
    pub fn new(
        mode: RunMode,
        lang: Lang,
        zone: Zone,
        now: DateTime<Utc>,
        db_label: String,
    ) -> Model {
        let today = zone.to_local(now).date_naive();
        Model {
            mode,
            lang,
            zone,
            now,
            db_label,
            staff: None,
            staff_list: Vec::new(),
            picker: StaffPicker::default(),
            panel: PanelId::Checkin,
            overlay: None,
            note: None,
            checkin: CheckinState::default(),
            work_orders: ListState::default(),
            complaints: ListState::default(),
            appointments: AppointmentsState::new(today),
            board: BoardSummary::default(),
            settings: crate::config::Settings::default(),
            quit: false,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.zone.to_local(self.now).date_naive()
    }

    /// The start-up staff picker is showing.
    pub fn picking_staff(&self) -> bool {
        self.mode == RunMode::Console && self.staff.is_none()
    }

    /// The picker shows the form to add the first staff member.
    pub fn adding_first_staff(&self) -> bool {
        self.picking_staff() && self.picker.loaded && self.picker.staff.is_empty()
    }

    /// A text field has the keyboard: plain characters are text, not commands.
    pub fn typing(&self) -> bool {
        if self.mode == RunMode::Board {
            return false;
        }
        if let Some(o) = &self.overlay {
            // the confirmations take y/n as characters
            return *o != Overlay::Help;
        }
        if self.picking_staff() {
            return self.adding_first_staff() && self.picker.form.focus < 2;
        }
        match self.panel {
            PanelId::Checkin => true,
            PanelId::WorkOrders => self.work_orders.filtering,
            PanelId::Complaints => self.complaints.filtering,
            PanelId::Appointments => {
                let a = &self.appointments;
                a.booking.is_some()
                    || a.prompt.is_some()
                    || a.list.filtering
                    || a.reminders.filtering
            }
        }
    }

    /// The keymap section of the panel's own list keys.
    pub fn panel_mode(&self) -> Option<super::keymap::Mode> {
        (self.mode == RunMode::Console
            && !self.picking_staff()
            && self.panel == PanelId::Appointments)
            .then_some(super::keymap::Mode::Appointments)
    }

    /// Unsaved form input that quitting would lose.
    pub fn has_unsaved_input(&self) -> bool {
        let a = &self.appointments;
        (self.adding_first_staff() && self.picker.form.is_dirty())
            || a.booking.as_ref().is_some_and(|b| b.form.dirty)
            || matches!(&a.prompt, Some(super::booking::Prompt::Capacity(f)) if f.dirty)
            || matches!(&a.prompt, Some(super::booking::Prompt::ReminderNote { form, .. }) if form.dirty)
            || self
                .checkin
                .flow
                .as_ref()
                .is_some_and(|f| f.dirty && f.step != super::checkin::Step::Done)
    }
}
