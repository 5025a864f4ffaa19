//! The console's logic: the shell, the screens, their keys and effects.
//!
//! Data flows one way: key → keymap → `Resolved` → [`App::update`] (pure) → the active
//! screen's `key` → its `Effect`s → its `fx.rs` → store → its `Msg` → its state. The
//! shell (sign-in gate, overlays, status note, tabs, quit) is in `shell.rs`; every
//! screen is a folder under `screens/` registered by one line in [`screens!`] below.
pub mod action;
pub mod fx;
pub mod keymap;
pub mod printer;
pub mod screen;
pub mod screens;
pub mod shell;
pub mod widgets;

use std::collections::VecDeque;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;

use keymap::{Mode, Resolved};
use screen::{Ask, Cx, Screen, Tab, View};

pub use fx::Services;
pub use shell::{Overlay, RunMode, Shell};

/// Object-safe face of a registered screen, so the shell can route to whichever is
/// active. Implemented for every [`Registered`] screen.
pub trait AnyScreen {
    fn sections(&self) -> Vec<Mode>;
    fn typing(&self) -> bool;
    fn unsaved(&self) -> bool;
    fn unsaved_body(&self) -> &'static str;
    fn tab(&self) -> Option<Tab>;
    fn show(&mut self, shell: &mut Shell) -> Vec<Effect>;
    fn signed_in(&mut self, shell: &mut Shell) -> Vec<Effect>;
    fn tick(&mut self, shell: &mut Shell, active: bool, day_before: NaiveDate) -> Vec<Effect>;
    fn key(&mut self, shell: &mut Shell, r: Resolved) -> Vec<Effect>;
    fn paste(&mut self, shell: &mut Shell, text: &str) -> Vec<Effect>;
    fn idle(&mut self, shell: &mut Shell) -> Vec<Effect>;
    /// A message for this screen (others are handed back).
    fn update(&mut self, shell: &mut Shell, msg: Msg) -> Vec<Effect>;
    fn render(&self, frame: &mut Frame, area: Rect, v: &View);
}

/// A screen in the registry: how its messages and effects wrap into the top-level ones.
pub trait Registered: Screen {
    const ID: ScreenId;
    fn wrap_msg(m: Self::Msg) -> Msg;
    fn wrap_effect(e: Self::Effect) -> Effect;
    fn unwrap_msg(m: Msg) -> Option<Self::Msg>;
}

/// Runs `f` on screen `s` with a context over `shell`, then carries out what it asked.
fn drive<S: Registered>(
    s: &mut S,
    shell: &mut Shell,
    f: impl FnOnce(&mut S, &mut Cx<S::Msg>) -> Vec<S::Effect>,
) -> Vec<Effect> {
    let (effects, asks) = {
        let mut cx = shell.cx::<S::Msg>();
        let e = f(s, &mut cx);
        (e, cx.take_asks())
    };
    shell.apply(asks.into_iter().map(|a| match a {
        Ask::Note(n) => Ask::Note(n),
        Ask::Confirm(c, yes, no) => Ask::Confirm(c, S::wrap_msg(yes), no.map(S::wrap_msg)),
        Ask::Quit => Ask::Quit,
        Ask::SignIn(s) => Ask::SignIn(s),
        Ask::StaffList(v) => Ask::StaffList(v),
        Ask::Settings(s) => Ask::Settings(s),
    }));
    effects.into_iter().map(S::wrap_effect).collect()
}

impl<S: Registered> AnyScreen for S {
    fn sections(&self) -> Vec<Mode> {
        Screen::sections(self)
    }
    fn typing(&self) -> bool {
        Screen::typing(self)
    }
    fn unsaved(&self) -> bool {
        Screen::unsaved(self)
    }
    fn unsaved_body(&self) -> &'static str {
        Screen::unsaved_body(self)
    }
    fn tab(&self) -> Option<Tab> {
        S::TAB
    }
    fn show(&mut self, shell: &mut Shell) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.show(cx))
    }
    fn signed_in(&mut self, shell: &mut Shell) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.signed_in(cx))
    }
    fn tick(&mut self, shell: &mut Shell, active: bool, day_before: NaiveDate) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.tick(cx, active, day_before))
    }
    fn key(&mut self, shell: &mut Shell, r: Resolved) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.key(cx, r))
    }
    fn paste(&mut self, shell: &mut Shell, text: &str) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.paste(cx, text))
    }
    fn idle(&mut self, shell: &mut Shell) -> Vec<Effect> {
        drive(self, shell, |s, cx| s.idle(cx))
    }
    fn update(&mut self, shell: &mut Shell, msg: Msg) -> Vec<Effect> {
        match S::unwrap_msg(msg) {
            Some(m) => drive(self, shell, |s, cx| s.update(cx, m)),
            None => vec![],
        }
    }
    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        Screen::render(self, frame, area, v)
    }
}

/// The registry: one line per screen, `Variant(field) => Type`. Tabs appear in this
/// order.
macro_rules! screens {
    ($($v:ident($f:ident) => $t:ty),* $(,)?) => {
        /// Which screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ScreenId { $($v),* }

        impl ScreenId {
            pub const ALL: &'static [ScreenId] = &[$(ScreenId::$v),*];
        }

        /// Every screen's state.
        #[derive(Debug, Clone)]
        pub struct Screens { $(pub $f: $t),* }

        impl Screens {
            pub fn new(today: NaiveDate) -> Screens {
                Screens { $($f: <$t as Screen>::new(today)),* }
            }

            pub fn get(&self, id: ScreenId) -> &dyn AnyScreen {
                match id { $(ScreenId::$v => &self.$f),* }
            }

            pub fn get_mut(&mut self, id: ScreenId) -> &mut dyn AnyScreen {
                match id { $(ScreenId::$v => &mut self.$f),* }
            }
        }

        /// Something that happened: a key, a paste, the clock, the database, or a
        /// screen's result.
        #[derive(Debug, Clone)]
        pub enum Msg {
            Key(Resolved),
            Paste(String),
            Tick(DateTime<Utc>),
            /// Another connection committed (PRAGMA data_version changed).
            DataChanged,
            /// No key for a moment after typing (drafts are saved then).
            Idle,
            $($v(<$t as Screen>::Msg)),*
        }

        /// Work for a screen's `fx.rs`.
        #[derive(Debug, Clone)]
        pub enum Effect { $($v(<$t as Screen>::Effect)),* }

        impl Msg {
            /// The screen a result belongs to.
            pub fn screen(&self) -> Option<ScreenId> {
                match self {
                    $(Msg::$v(_) => Some(ScreenId::$v),)*
                    _ => None,
                }
            }
        }

        $(impl Registered for $t {
            const ID: ScreenId = ScreenId::$v;
            fn wrap_msg(m: Self::Msg) -> Msg { Msg::$v(m) }
            fn wrap_effect(e: Self::Effect) -> Effect { Effect::$v(e) }
            fn unwrap_msg(m: Msg) -> Option<Self::Msg> {
                match m { Msg::$v(m) => Some(m), _ => None }
            }
        })*

        /// Runs one effect with the screen's `fx.rs`.
        pub fn run_effect(sv: &mut Services, e: Effect) -> Vec<Msg> {
            match e {
                $(Effect::$v(e) => <$t as Screen>::run(sv, e).into_iter().map(Msg::$v).collect(),)*
            }
        }
    };
}

screens! {
    StaffPicker(staff_picker) => screens::staff_picker::StaffPicker,
    Checkin(checkin) => screens::checkin::Checkin,
    WorkOrders(work_orders) => screens::work_orders::WorkOrders,
    Complaints(complaints) => screens::complaints::Complaints,
    Appointments(appointments) => screens::appointments::Appointments,
    Settings(settings) => screens::settings::Settings,
    Staff(staff) => screens::staff::StaffAdmin,
    Catalog(catalog) => screens::catalog::Catalog,
    Board(board) => screens::board::Board,
}

/// The whole console: the shell and every screen.
#[derive(Debug, Clone)]
pub struct App {
    pub shell: Shell,
    pub screens: Screens,
}

impl App {
    pub fn new(
        mode: RunMode,
        lang: crate::i18n::Lang,
        zone: crate::clock::Zone,
        now: DateTime<Utc>,
        db_label: String,
    ) -> App {
        let shell = Shell::new(mode, lang, zone, now, db_label);
        let screens = Screens::new(shell.today());
        App { shell, screens }
    }

    /// The screen that has the body and the keyboard: the board in board mode, the staff
    /// picker until someone signs in, else the chosen tab.
    pub fn active(&self) -> ScreenId {
        match self.shell.mode {
            RunMode::Board | RunMode::Welcome => ScreenId::Board,
            RunMode::Console if self.shell.staff.is_none() => ScreenId::StaffPicker,
            RunMode::Console => self.shell.panel,
        }
    }

    /// The tabs in registry order.
    pub fn tabs(&self) -> Vec<(ScreenId, Tab)> {
        ScreenId::ALL
            .iter()
            .filter_map(|id| self.screens.get(*id).tab().map(|t| (*id, t)))
            .collect()
    }

    /// A text field has the keyboard.
    pub fn typing(&self) -> bool {
        match self.shell.overlay() {
            Some(_) => false,
            None => self.screens.get(self.active()).typing(),
        }
    }

    /// The keymap sections in force, in the order they are tried (global keys apart).
    pub fn sections(&self) -> Vec<Mode> {
        match self.shell.overlay() {
            Some(Overlay::Help) if self.shell.mode.is_board() => vec![Mode::Board],
            Some(Overlay::Help) => vec![Mode::List],
            Some(Overlay::Confirm { .. }) => vec![Mode::Confirm, Mode::List],
            None => self.screens.get(self.active()).sections(),
        }
    }

    /// What a key press means now.
    pub fn key_msg(&self, keymap: &keymap::Keymap, k: &crossterm::event::KeyEvent) -> Msg {
        let console = self.shell.mode == RunMode::Console;
        Msg::Key(keymap.resolve_in(k, &self.sections(), self.typing(), console))
    }

    /// What quitting does to the unsaved input (the first screen holding some says).
    pub fn unsaved_body(&self) -> &'static str {
        ScreenId::ALL
            .iter()
            .map(|id| self.screens.get(*id))
            .find(|s| s.unsaved())
            .map(|s| s.unsaved_body())
            .unwrap_or("confirm.quit.body")
    }

    /// Input that quitting would lose, on any screen.
    pub fn unsaved(&self) -> bool {
        ScreenId::ALL
            .iter()
            .any(|id| self.screens.get(*id).unsaved())
    }

    /// How often the board turns its pages on its own (`--rotate`), and the message that
    /// turns them.
    /// Whether the screens have work for a moment the user leaves them alone
    /// ([`Msg::Idle`]): the board reading ahead the pages not shown.
    pub fn wants_idle(&self) -> bool {
        self.shell.mode.is_board() && self.screens.board.reading_ahead()
    }

    pub fn rotation(&self) -> Option<(std::time::Duration, Msg)> {
        if !self.shell.mode.is_board() {
            return None;
        }
        self.screens.board.rotate_secs.map(|s| {
            (
                std::time::Duration::from_secs(s),
                Msg::Board(screens::board::Msg::Rotate),
            )
        })
    }

    /// What to load when the program starts.
    pub fn init(&mut self) -> Vec<Effect> {
        match self.shell.mode {
            RunMode::Board | RunMode::Welcome => self.screens.board.show_any(&mut self.shell),
            RunMode::Console => {
                let mut v = self.screens.staff_picker.show_any(&mut self.shell);
                if self.shell.staff.is_some() {
                    v.extend(self.after_sign_in());
                }
                v
            }
        }
    }

    /// Every screen's sign-in loads, then what the active screen shows.
    fn after_sign_in(&mut self) -> Vec<Effect> {
        let mut v = vec![];
        for id in ScreenId::ALL {
            if *id != ScreenId::StaffPicker {
                v.extend(self.screens.get_mut(*id).signed_in(&mut self.shell));
            }
        }
        v.extend(self.show(self.active()));
        v
    }

    fn show(&mut self, id: ScreenId) -> Vec<Effect> {
        self.screens.get_mut(id).show(&mut self.shell)
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = match msg {
            Msg::Key(r) => shell::key(self, r),
            Msg::Paste(text) => {
                if self.typing() {
                    let id = self.active();
                    self.screens.get_mut(id).paste(&mut self.shell, &text)
                } else {
                    vec![]
                }
            }
            Msg::Tick(now) => {
                let day_before = self.shell.today();
                self.shell.now = now;
                let active = self.active();
                let mut v = vec![];
                for id in ScreenId::ALL {
                    v.extend(self.screens.get_mut(*id).tick(
                        &mut self.shell,
                        *id == active,
                        day_before,
                    ));
                }
                v
            }
            Msg::DataChanged => {
                // The panel shown is read again; so are, wherever the console is, the
                // open complaints (their overdue count is on every screen; the minute tick
                // works their clocks out from the rows in memory) and the shop's settings
                // (the shell's zone and rates).
                let active = self.active();
                let mut v = self.show(active);
                if !self.shell.mode.is_board() {
                    if active != ScreenId::Complaints && self.screens.complaints.list.loaded {
                        v.extend(self.show(ScreenId::Complaints));
                    }
                    if active != ScreenId::Settings {
                        v.extend(self.show(ScreenId::Settings));
                    }
                }
                v
            }
            Msg::Idle => {
                let mut v = vec![];
                for id in ScreenId::ALL {
                    v.extend(self.screens.get_mut(*id).idle(&mut self.shell));
                }
                v
            }
            m => match m.screen() {
                Some(id) => {
                    // An escalated complaint taken from any panel opens on F3.
                    if matches!(m, Msg::Complaints(screens::complaints::Msg::Take(_))) {
                        self.shell.panel = ScreenId::Complaints;
                    }
                    // A problem call to be recorded as a complaint opens its intake on F3.
                    let complaint = match &m {
                        Msg::WorkOrders(w) => w.complaint_from_call(),
                        _ => None,
                    };
                    let mut v = self.screens.get_mut(id).update(&mut self.shell, m);
                    if let Some(c) = complaint {
                        self.shell.panel = ScreenId::Complaints;
                        v.extend(
                            self.update(Msg::Complaints(screens::complaints::Msg::FromCall(c))),
                        );
                    }
                    v
                }
                None => vec![],
            },
        };
        let mut effects = effects;
        // Someone signed in during this message: load what their screens need.
        if self.shell.take_signed_in() {
            effects.extend(self.after_sign_in());
        }
        effects
    }
}

/// Shows a screen through its registered face.
trait ShowAny {
    fn show_any(&mut self, shell: &mut Shell) -> Vec<Effect>;
}

impl<S: Registered> ShowAny for S {
    fn show_any(&mut self, shell: &mut Shell) -> Vec<Effect> {
        AnyScreen::show(self, shell)
    }
}

/// Feeds `msg` through update and runs the effects it asks for until none are left.
pub fn dispatch(app: &mut App, sv: &mut Services, msg: Msg) {
    let mut queue = VecDeque::from([msg]);
    while let Some(m) = queue.pop_front() {
        for e in app.update(m) {
            sv.now = app.shell.now;
            sv.today = app.shell.today();
            queue.extend(run_effect(sv, e));
        }
    }
}

/// Hands the screens what the printer finished since last asked, without waiting;
/// whether there was anything.
pub fn take_printed(app: &mut App, sv: &mut Services) -> bool {
    let done = sv.printer.take_done();
    let any = !done.is_empty();
    for m in done {
        dispatch(app, sv, m);
    }
    any
}

/// Waits for every printout handed to the printer and hands the screens what came of
/// each (tests, and anything that must see the file before going on).
pub fn settle(app: &mut App, sv: &mut Services) {
    loop {
        let done = sv.printer.wait();
        if done.is_empty() {
            break;
        }
        for m in done {
            dispatch(app, sv, m);
        }
    }
}

/// Runs the initial loads and what they lead to.
pub fn start(app: &mut App, sv: &mut Services) {
    let mut queue: VecDeque<Msg> = VecDeque::new();
    for e in app.init() {
        sv.now = app.shell.now;
        sv.today = app.shell.today();
        queue.extend(run_effect(sv, e));
    }
    for m in queue {
        dispatch(app, sv, m);
    }
}
