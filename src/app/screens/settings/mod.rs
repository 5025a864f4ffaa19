//! The shop settings panel (F5): every setting the counters share — the shop's details,
//! time zone, labour rate, comeback window, opening hours by weekday, default capacity
//! and holidays. A supervisor or manager edits them in a form (Ctrl-S saves all or
//! nothing; Esc asks before dropping typed input) and adds or removes holidays; anyone
//! else sees them read-only, with who may change them.
mod form;
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
use crate::app::widgets::form::Form;
use crate::i18n::Note;
use crate::store::settings::ShopSettings;

pub use form::{HolidayField, SetField};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The settings as last read.
    pub current: Option<ShopSettings>,
    /// The edit under way, and the settings it started from (their versions decide
    /// whether the save is based on what is stored now).
    pub edit: Option<(Form<SetField>, Box<ShopSettings>)>,
    /// A holiday being added.
    pub holiday: Option<Form<HolidayField>>,
    /// The selected holiday.
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(Box<ShopSettings>),
    Saved(Box<ShopSettings>, Note),
    /// The save was refused (conflict, role, value): the form stays open.
    Refused(Note),
    /// The holiday was refused: the message goes next to its date.
    HolidayRefused(Note),
    HolidayDone(Note),
    Failed(Note),
    /// Refused because the data moved on (a conflict): say so and read it again.
    Stale(Note),
    /// Yes to "discard what you typed?".
    Discard,
    /// Yes to "remove the holiday?".
    RemoveHoliday {
        id: i64,
        version: i64,
        day: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load,
    Save(Box<ShopSettings>),
    AddHoliday {
        day: NaiveDate,
        name: Option<String>,
    },
    RemoveHoliday {
        id: i64,
        version: i64,
        day: NaiveDate,
    },
}

impl Screen for Settings {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.settings",
        action: Action::PanelSettings,
    });

    fn new(_today: NaiveDate) -> Self {
        Settings::default()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            vec![Mode::Input]
        } else {
            vec![Mode::Settings, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.edit.is_some() || self.holiday.is_some()
    }

    fn unsaved(&self) -> bool {
        self.edit.as_ref().is_some_and(|(f, _)| f.dirty)
            || self.holiday.as_ref().is_some_and(|f| f.dirty)
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    /// The shell takes the shop's settings (zone, labour rate…) from this load.
    fn signed_in(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    /// Nothing here moves with the clock: settings saved at another counter are read
    /// again when it commits (`Msg::DataChanged`, PRAGMA data_version).
    fn tick(&mut self, _cx: &mut Cx<Msg>, _active: bool, _day_before: NaiveDate) -> Vec<Effect> {
        vec![]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        if let Some(f) = self.holiday.as_mut() {
            f.insert(text);
        } else if let Some((f, _)) = self.edit.as_mut() {
            f.insert(text);
        }
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(s) => {
                self.selected = self.selected.min(s.holidays.len().saturating_sub(1));
                cx.shop_settings((*s).clone());
                self.current = Some(*s);
            }
            Msg::Saved(s, n) => {
                self.edit = None;
                cx.shop_settings((*s).clone());
                self.current = Some(*s);
                cx.note(n);
            }
            Msg::Refused(n) | Msg::Failed(n) => cx.note(n),
            Msg::Stale(n) => {
                cx.note(n);
                return vec![Effect::Load];
            }
            Msg::HolidayRefused(n) => {
                if let Some(f) = self.holiday.as_mut() {
                    f.set_error(HolidayField::Date, n.clone());
                    f.focus_on(HolidayField::Date);
                }
                cx.note(n);
            }
            Msg::HolidayDone(n) => {
                self.holiday = None;
                cx.note(n);
                return vec![Effect::Load];
            }
            Msg::Discard => {
                self.edit = None;
                self.holiday = None;
            }
            Msg::RemoveHoliday { id, version, day } => {
                return vec![Effect::RemoveHoliday { id, version, day }];
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
