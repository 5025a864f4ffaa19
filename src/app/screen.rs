//! The shape every screen has.
//!
//! A screen is a folder under `app/screens/` whose `mod.rs` holds its state and its own
//! `Msg` (results coming back) and `Effect` (work for the store) types and implements
//! [`Screen`]: `keys.rs` turns resolved keys into state changes and effects (pure),
//! `fx.rs` is the only code that runs those effects against the store, `view.rs` draws
//! the state. The screen talks to the shell only through [`Cx`]: it reads who is signed
//! in, the clock and the settings, and asks for a status note, a yes/no question, a
//! panel switch or quitting.
//!
//! The registry in `app/mod.rs` lists the screens, one line each; from that line a
//! macro makes the top-level `Msg`/`Effect` variant, the `ScreenId`, the field of
//! `Screens` and the routing, so adding a screen is a new folder plus that one line.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keymap::{Keymap, Mode, Resolved};
use crate::app::widgets::confirm::Confirm;
use crate::clock::Zone;
use crate::i18n::{I18n, Lang, Note};
use crate::store::settings::ShopSettings;
use crate::store::staff::Staff;

use super::Services;

/// What a screen reads of the shell, and what it asks of it.
pub struct Cx<'a, M> {
    pub now: DateTime<Utc>,
    pub zone: Zone,
    pub lang: Lang,
    /// Who is at the counter (`None` in the board and before sign-in).
    pub staff: Option<&'a Staff>,
    /// Every active staff member (for advisor choices).
    pub staff_list: &'a [Staff],
    pub settings: &'a ShopSettings,
    /// Sign-in asks for the PIN (config `require_pin`).
    pub require_pin: bool,
    asks: Vec<Ask<M>>,
}

/// A screen's request to the shell, carried out after the screen returns.
#[derive(Debug, Clone)]
pub enum Ask<M> {
    /// Show this in the status line (`None` clears it).
    Note(Option<Note>),
    /// Ask yes or no; on yes, the first message comes back to the screen, on no the
    /// second (if any).
    Confirm(Confirm, M, Option<M>),
    /// Quit the program (nothing is unsaved, or the user said so).
    Quit,
    /// The staff member now at the counter.
    SignIn(Staff),
    /// The staff table as read from the store.
    StaffList(Vec<Staff>),
    /// The shop's settings as read from the store (time zone, labour rate, calendar).
    Settings(Box<ShopSettings>),
}

impl<'a, M> Cx<'a, M> {
    pub fn new(
        now: DateTime<Utc>,
        zone: Zone,
        lang: Lang,
        staff: Option<&'a Staff>,
        staff_list: &'a [Staff],
        settings: &'a ShopSettings,
    ) -> Cx<'a, M> {
        Cx {
            now,
            zone,
            lang,
            staff,
            staff_list,
            settings,
            require_pin: false,
            asks: Vec::new(),
        }
    }

    /// The shop's date now.
    pub fn today(&self) -> NaiveDate {
        self.zone.to_local(self.now).date_naive()
    }

    /// The shop's local time now, without zone.
    pub fn now_local(&self) -> chrono::NaiveDateTime {
        self.zone.to_local(self.now).naive_local()
    }

    pub fn note(&mut self, n: Note) {
        self.asks.push(Ask::Note(Some(n)));
    }

    pub fn clear_note(&mut self) {
        self.asks.push(Ask::Note(None));
    }

    pub fn confirm(&mut self, c: Confirm, on_yes: M) {
        self.asks.push(Ask::Confirm(c, on_yes, None));
    }

    /// A question whose "no" matters too (it is recorded, say).
    pub fn ask(&mut self, c: Confirm, on_yes: M, on_no: M) {
        self.asks.push(Ask::Confirm(c, on_yes, Some(on_no)));
    }

    pub fn quit(&mut self) {
        self.asks.push(Ask::Quit);
    }

    pub fn sign_in(&mut self, s: Staff) {
        self.asks.push(Ask::SignIn(s));
    }

    pub fn staff_list(&mut self, v: Vec<Staff>) {
        self.asks.push(Ask::StaffList(v));
    }

    /// The shop's settings were read or saved: the shell uses them from now on.
    pub fn shop_settings(&mut self, s: ShopSettings) {
        self.asks.push(Ask::Settings(Box::new(s)));
    }

    /// The requests made so far, for the shell.
    pub fn take_asks(&mut self) -> Vec<Ask<M>> {
        std::mem::take(&mut self.asks)
    }

    /// The signed-in staff member's role allows supervisor decisions (overrides,
    /// capacity settings).
    pub fn is_supervisor(&self) -> bool {
        use crate::domain::kinds::StaffRole;
        self.staff
            .is_some_and(|s| matches!(s.role, StaffRole::Supervisor | StaffRole::Manager))
    }
}

/// What a screen's view reads besides its own state.
pub struct View<'a> {
    pub t: &'a I18n,
    pub keymap: &'a Keymap,
    pub zone: Zone,
    pub now: DateTime<Utc>,
    pub staff: Option<&'a Staff>,
    /// The screen has the keyboard (no overlay above it): draw the caret.
    pub active: bool,
}

impl View<'_> {
    pub fn today(&self) -> NaiveDate {
        self.zone.to_local(self.now).date_naive()
    }
}

/// A tab of the console: its title and the action that shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    pub title_key: &'static str,
    pub action: crate::app::action::Action,
}

pub trait Screen: Sized {
    /// Results coming back from the screen's effects.
    type Msg: std::fmt::Debug + Clone;
    /// Work for the screen's `fx.rs`.
    type Effect: std::fmt::Debug + Clone;

    /// The screen's tab, if it is one (the staff picker and the board are not).
    const TAB: Option<Tab> = None;

    fn new(today: NaiveDate) -> Self;

    /// The keymap sections in force now, the screen's own first, then its focused
    /// widget's ([`Mode::List`], [`Mode::Input`], …). The help overlay lists the same.
    fn sections(&self) -> Vec<Mode>;

    /// A text field has the keyboard: plain characters are text, not commands.
    fn typing(&self) -> bool;

    /// Input that quitting would lose.
    fn unsaved(&self) -> bool {
        false
    }

    /// What quitting does to that input (catalog key of the question's body).
    fn unsaved_body(&self) -> &'static str {
        "confirm.quit.body"
    }

    /// What to load when the screen is shown, refreshed, or the data changed.
    fn show(&mut self, cx: &mut Cx<Self::Msg>) -> Vec<Self::Effect>;

    /// What to load once someone signs in.
    fn signed_in(&mut self, _cx: &mut Cx<Self::Msg>) -> Vec<Self::Effect> {
        vec![]
    }

    /// The minute changed (`active`: the screen is shown; `day_before`: the date before
    /// this tick).
    fn tick(
        &mut self,
        _cx: &mut Cx<Self::Msg>,
        _active: bool,
        _day_before: NaiveDate,
    ) -> Vec<Self::Effect> {
        vec![]
    }

    fn key(&mut self, cx: &mut Cx<Self::Msg>, r: Resolved) -> Vec<Self::Effect>;

    fn paste(&mut self, _cx: &mut Cx<Self::Msg>, _text: &str) -> Vec<Self::Effect> {
        vec![]
    }

    /// The user paused typing (no key for a moment): save what is worth keeping.
    fn idle(&mut self, _cx: &mut Cx<Self::Msg>) -> Vec<Self::Effect> {
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Self::Msg>, msg: Self::Msg) -> Vec<Self::Effect>;

    /// Runs one effect against the store (the screen's `fx.rs`).
    fn run(sv: &mut Services, e: Self::Effect) -> Vec<Self::Msg>;

    fn render(&self, frame: &mut Frame, area: Rect, v: &View);
}
