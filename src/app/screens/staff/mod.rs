//! The staff panel (F6): every staff member with role, active and whether a PIN is set.
//! A supervisor or manager adds staff, changes roles, deactivates and reactivates (asking
//! first) and sets or clears PINs; anyone else sees the list read-only. Deactivated staff
//! can no longer sign in but stay named on the records they touched.
mod fx;
mod keys;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View};
use crate::app::widgets::form::{Field, Form};
use crate::domain::kinds::StaffRole;
use crate::field_ids;
use crate::i18n::Note;
use crate::store::staff::{NewStaff, Staff};

field_ids! {
    /// Adding a staff member.
    pub enum AddField { Code = "code", Name = "name", Role = "role" }
}

field_ids! {
    /// A new role.
    pub enum RoleField { Role = "role" }
}

/// A new PIN, typed twice.
pub use crate::app::widgets::pin::PinField;

/// The roles in the order of the choice.
pub const ROLES: [StaffRole; 4] = crate::app::screens::staff_picker::ROLES;

fn role_field<F>(id: F, role: StaffRole) -> Field<F> {
    Field::choice(
        id,
        "staff.field.role",
        ROLES.iter().map(|r| r.label_key().to_string()).collect(),
        ROLES.iter().position(|r| *r == role).unwrap_or(0),
    )
}

pub fn add_form() -> Form<AddField> {
    Form::new(vec![
        Field::text(AddField::Code, "staff.field.code", ""),
        Field::text(AddField::Name, "staff.field.name", ""),
        role_field(AddField::Role, StaffRole::Advisor),
    ])
}

pub fn role_form(role: StaffRole) -> Form<RoleField> {
    Form::new(vec![role_field(RoleField::Role, role)])
}

pub fn pin_form() -> Form<PinField> {
    crate::app::widgets::pin::form(true)
}

/// What the panel shows over the list.
#[derive(Debug, Clone)]
pub enum Editing {
    Add(Form<AddField>),
    Role(Staff, Form<RoleField>),
    Pin(Staff, Form<PinField>),
}

#[derive(Debug, Clone, Default)]
pub struct StaffAdmin {
    /// Everyone, active or not.
    pub staff: Vec<Staff>,
    pub selected: usize,
    pub loaded: bool,
    pub editing: Option<Editing>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(Vec<Staff>),
    /// Saved: close the form, say what was done, read the list again.
    Done(Note),
    /// The new member's code is taken or refused: the message goes next to it.
    CodeRefused(Note),
    Failed(Note),
    /// Yes to "discard what you typed?".
    Discard,
    /// Yes to "deactivate / reactivate?".
    SetActive {
        id: i64,
        version: i64,
        active: bool,
    },
    /// Yes to "clear the PIN?".
    ClearPin {
        id: i64,
        version: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load,
    Add(NewStaff),
    Role { staff: Staff, role: StaffRole },
    Active { id: i64, version: i64, active: bool },
    Pin { staff: Staff, pin: Option<String> },
}

impl StaffAdmin {
    pub fn current(&self) -> Option<&Staff> {
        self.staff.get(self.selected)
    }
}

impl Screen for StaffAdmin {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.staff",
        action: Action::PanelStaff,
    });

    fn new(_today: NaiveDate) -> Self {
        StaffAdmin::default()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            vec![Mode::Input]
        } else {
            vec![Mode::Staff, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    fn unsaved(&self) -> bool {
        match &self.editing {
            Some(Editing::Add(f)) => f.dirty,
            Some(Editing::Pin(_, f)) => f.dirty,
            Some(Editing::Role(_, f)) => f.dirty,
            None => false,
        }
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        match &mut self.editing {
            Some(Editing::Add(f)) => f.insert(text),
            Some(Editing::Pin(_, f)) => f.insert(text.trim()),
            _ => {}
        }
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(v) => {
                // Who may be chosen as advisor elsewhere: the active ones.
                cx.staff_list(v.iter().filter(|s| s.active).cloned().collect());
                self.staff = v;
                self.loaded = true;
                self.selected = self.selected.min(self.staff.len().saturating_sub(1));
            }
            Msg::Done(n) => {
                self.editing = None;
                cx.note(n);
                return vec![Effect::Load];
            }
            Msg::CodeRefused(n) => {
                if let Some(Editing::Add(f)) = self.editing.as_mut() {
                    f.set_error(AddField::Code, n.clone());
                    f.focus_on(AddField::Code);
                }
                cx.note(n);
            }
            Msg::Failed(n) => {
                cx.note(n);
                return vec![Effect::Load];
            }
            Msg::Discard => self.editing = None,
            Msg::SetActive {
                id,
                version,
                active,
            } => {
                return vec![Effect::Active {
                    id,
                    version,
                    active,
                }];
            }
            Msg::ClearPin { id, version } => {
                if let Some(s) = self.staff.iter().find(|s| s.id == id) {
                    let mut s = s.clone();
                    s.version = version;
                    return vec![Effect::Pin {
                        staff: s,
                        pin: None,
                    }];
                }
            }
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
