//! Start-up: who is at the counter. With no staff in the database yet, a form adds the
//! first staff member. When the config says `require_pin = true`, choosing a member asks
//! for their PIN (masked); a member without a PIN yet chooses one there (typed twice).
mod fx;
mod keys;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, View};
use crate::app::widgets::form::{Field, Form};
use crate::domain::kinds::StaffRole;
use crate::field_ids;
use crate::i18n::Note;
use crate::store::staff::Staff;

field_ids! {
    /// The first-staff form.
    pub enum StaffField { Code = "code", Name = "name", Role = "role" }
}

/// The PIN asked at sign-in (`Repeat` only when choosing a first PIN).
pub use crate::app::widgets::pin::PinField;

/// Signing in with a PIN: who, and what they typed.
#[derive(Debug, Clone)]
pub struct PinEntry {
    pub staff: Staff,
    /// The member has no PIN yet and chooses one now.
    pub choosing: bool,
    pub form: Form<PinField>,
}

impl PinEntry {
    pub fn new(staff: Staff) -> PinEntry {
        let choosing = !staff.has_pin;
        PinEntry {
            staff,
            choosing,
            form: crate::app::widgets::pin::form(choosing),
        }
    }
}

/// The roles the first staff member may take, in the order of the choice.
pub const ROLES: [StaffRole; 4] = [
    StaffRole::Advisor,
    StaffRole::Supervisor,
    StaffRole::Manager,
    StaffRole::Technician,
];

#[derive(Debug, Clone)]
pub struct StaffPicker {
    /// Who may sign in (active, not technicians).
    pub staff: Vec<Staff>,
    pub selected: usize,
    pub loaded: bool,
    pub form: Form<StaffField>,
    /// The PIN being asked (PINs required).
    pub pin: Option<PinEntry>,
    /// The staff code given at start (`--staff` or remembered) whose PIN is asked first.
    pub preselect: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(Vec<Staff>),
    Chosen(Staff),
    /// The code is taken; the message goes next to the code field.
    CodeTaken(Note),
    /// The PIN was refused; the message goes next to the PIN field.
    PinRefused(Note),
    /// The member has no PIN any more (cleared meanwhile): they choose one.
    PinMissing,
    Failed(Note),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load,
    /// Sign in and remember the choice for this counter.
    Choose(Staff),
    /// Sign in with the PIN.
    SignInPin {
        staff: Staff,
        pin: String,
    },
    /// Choose a first PIN and sign in.
    ChoosePin {
        staff: Staff,
        pin: String,
    },
    Create {
        code: String,
        name: String,
        role: StaffRole,
    },
}

pub fn first_staff_form() -> Form<StaffField> {
    Form::new(vec![
        Field::text(StaffField::Code, "staff.field.code", ""),
        Field::text(StaffField::Name, "staff.field.name", ""),
        Field::choice(
            StaffField::Role,
            "staff.field.role",
            ROLES.iter().map(|r| r.label_key().to_string()).collect(),
            0,
        ),
    ])
}

impl StaffPicker {
    /// The database has no staff yet: the form to add the first one is shown.
    pub fn adding_first(&self) -> bool {
        self.loaded && self.staff.is_empty()
    }

    pub fn role(&self) -> StaffRole {
        ROLES[self.form.choice(StaffField::Role) % ROLES.len()]
    }
}

impl Screen for StaffPicker {
    type Msg = Msg;
    type Effect = Effect;

    fn new(_today: NaiveDate) -> Self {
        StaffPicker {
            staff: Vec::new(),
            selected: 0,
            loaded: false,
            form: first_staff_form(),
            pin: None,
            preselect: None,
        }
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            vec![Mode::Input]
        } else {
            vec![Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.pin.is_some() || (self.adding_first() && self.form.focused_is_text())
    }

    fn unsaved(&self) -> bool {
        self.adding_first() && self.form.dirty
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx.require_pin, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        if let Some(p) = self.pin.as_mut() {
            p.form.insert(text.trim());
        } else if self.adding_first() {
            self.form.insert(text);
        }
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(staff) => {
                cx.staff_list(staff.clone());
                self.staff = staff
                    .into_iter()
                    .filter(|s| s.active && s.role != StaffRole::Technician)
                    .collect();
                self.loaded = true;
                self.selected = self.selected.min(self.staff.len().saturating_sub(1));
                if let Some(code) = self.preselect.take()
                    && let Some(i) = self.staff.iter().position(|s| s.code == code)
                {
                    self.selected = i;
                    if cx.require_pin {
                        self.pin = Some(PinEntry::new(self.staff[i].clone()));
                    }
                }
                // A member deactivated meanwhile is no longer asked for.
                if let Some(p) = &self.pin
                    && !self.staff.iter().any(|s| s.id == p.staff.id)
                {
                    self.pin = None;
                }
            }
            Msg::PinRefused(n) => {
                if let Some(p) = self.pin.as_mut() {
                    p.form.set_text(PinField::Pin, "");
                    p.form.set_text(PinField::Repeat, "");
                    p.form.set_error(PinField::Pin, n.clone());
                    p.form.focus_on(PinField::Pin);
                }
                cx.note(n);
            }
            Msg::PinMissing => {
                if let Some(p) = self.pin.take() {
                    let mut s = p.staff;
                    s.has_pin = false;
                    self.pin = Some(PinEntry::new(s));
                }
                cx.note(Note::info("signin.choose_pin"));
            }
            Msg::Chosen(s) => {
                self.pin = None;
                cx.sign_in(s)
            }
            Msg::CodeTaken(n) => {
                self.form.set_error(StaffField::Code, n.clone());
                self.form.focus_on(StaffField::Code);
                cx.note(n);
            }
            Msg::Failed(n) => cx.note(n),
        }
        vec![]
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        view::render(self, frame, area, v)
    }
}
