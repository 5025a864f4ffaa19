//! The shell: who is signed in, the clock, the overlay stack (help, yes/no questions),
//! the status note, the tabs and quitting. It routes every key: overlays first, then the
//! shell's own keys (quit, help, reload, tabs), then the active screen.

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::{Ask, Cx};
use crate::app::widgets::confirm::{Answer, Confirm};
use crate::clock::Zone;
use crate::domain::kinds::StaffRole;
use crate::i18n::{Lang, Note};
use crate::store::settings::ShopSettings;
use crate::store::staff::Staff;

use super::{App, Effect, Msg, ScreenId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// The counter console (read-write).
    Console,
    /// The supervisors' read-only board.
    Board,
    /// The lounge's welcome board (read-only, a kiosk).
    Welcome,
}

impl RunMode {
    /// One of the two read-only boards.
    pub fn is_board(self) -> bool {
        matches!(self, RunMode::Board | RunMode::Welcome)
    }
}

/// What answering yes to a question does.
#[derive(Debug, Clone)]
pub enum OnYes {
    Quit,
    /// Send this back to the screen that asked.
    Send(Box<Msg>),
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    Confirm {
        confirm: Confirm,
        on_yes: OnYes,
        /// Sent back to the screen on no.
        on_no: Option<Box<Msg>>,
    },
}

#[derive(Debug, Clone)]
pub struct Shell {
    pub mode: RunMode,
    pub lang: Lang,
    pub zone: Zone,
    pub now: DateTime<Utc>,
    pub db_label: String,
    /// Who is at the counter; `None` while the picker is shown (never in board mode).
    pub staff: Option<Staff>,
    /// Every active staff member (for advisor choices).
    pub staff_list: Vec<Staff>,
    /// The shop's settings from the database (labour rate, comeback window, calendar).
    pub settings: ShopSettings,
    /// Sign-in asks for the PIN (config `require_pin`).
    pub require_pin: bool,
    /// The chosen tab.
    pub panel: ScreenId,
    /// Overlays, the top one last; it gets the keys.
    pub overlays: Vec<Overlay>,
    pub note: Option<Note>,
    pub quit: bool,
    /// Someone signed in during the current message.
    signed_in: bool,
}

impl Shell {
    pub fn new(
        mode: RunMode,
        lang: Lang,
        zone: Zone,
        now: DateTime<Utc>,
        db_label: String,
    ) -> Shell {
        Shell {
            mode,
            lang,
            zone,
            now,
            db_label,
            staff: None,
            staff_list: Vec::new(),
            settings: ShopSettings::default(),
            require_pin: false,
            panel: ScreenId::Checkin,
            overlays: Vec::new(),
            note: None,
            quit: false,
            signed_in: false,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.zone.to_local(self.now).date_naive()
    }

    /// The top overlay.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The question on top, if any.
    pub fn question(&self) -> Option<&Confirm> {
        match self.overlay() {
            Some(Overlay::Confirm { confirm, .. }) => Some(confirm),
            _ => None,
        }
    }

    pub fn cx<M>(&self) -> Cx<'_, M> {
        let mut cx = Cx::new(
            self.now,
            self.zone,
            self.lang,
            self.staff.as_ref(),
            &self.staff_list,
            &self.settings,
        );
        cx.require_pin = self.require_pin;
        cx
    }

    pub fn apply(&mut self, asks: impl IntoIterator<Item = Ask<Msg>>) {
        for a in asks {
            match a {
                Ask::Note(n) => self.note = n,
                Ask::Confirm(confirm, yes, no) => self.overlays.push(Overlay::Confirm {
                    confirm,
                    on_yes: OnYes::Send(Box::new(yes)),
                    on_no: no.map(Box::new),
                }),
                Ask::Quit => self.quit = true,
                Ask::SignIn(s) => {
                    self.staff = Some(s);
                    self.note = None;
                    self.signed_in = true;
                }
                Ask::StaffList(v) => self.staff_list = v,
                Ask::Settings(s) => {
                    // The shop's zone, once stored, is every counter's zone.
                    if s.zone_stored() {
                        self.zone = s.zone();
                    }
                    self.settings = *s;
                }
            }
        }
    }

    /// True once after someone signed in.
    pub fn take_signed_in(&mut self) -> bool {
        std::mem::take(&mut self.signed_in)
    }
}

/// Quits, or asks first when some form holds unsaved input.
fn quit_or_ask(app: &mut App) {
    if app.unsaved() {
        app.shell.overlays.push(Overlay::Confirm {
            confirm: Confirm::new(
                "confirm.quit.title",
                Note::info(app.unsaved_body()),
                "confirm.quit.keys",
            ),
            on_yes: OnYes::Quit,
            on_no: None,
        });
    } else {
        app.shell.quit = true;
    }
}

/// Routes a key: the overlay on top, then the shell's keys, then the active screen.
pub fn key(app: &mut App, r: Resolved) -> Vec<Effect> {
    match app.shell.overlays.last() {
        Some(Overlay::Help) => {
            match r {
                Resolved::Action(Action::ForceQuit) => {
                    app.shell.overlays.pop();
                    quit_or_ask(app);
                }
                Resolved::Action(
                    Action::Cancel | Action::Help | Action::Quit | Action::Confirm,
                ) => {
                    app.shell.overlays.pop();
                }
                _ => {}
            }
            return vec![];
        }
        Some(Overlay::Confirm { confirm, .. }) => {
            if r == Resolved::Action(Action::ForceQuit) {
                app.shell.quit = true;
                return vec![];
            }
            return match confirm.handle(r) {
                Some(Answer::Yes) => match app.shell.overlays.pop() {
                    Some(Overlay::Confirm {
                        on_yes: OnYes::Send(m),
                        ..
                    }) => app.update(*m),
                    _ => {
                        app.shell.quit = true;
                        vec![]
                    }
                },
                Some(Answer::No) => match app.shell.overlays.pop() {
                    Some(Overlay::Confirm { on_no: Some(m), .. }) => app.update(*m),
                    _ => vec![],
                },
                None => vec![],
            };
        }
        None => {}
    }
    match r {
        Resolved::Action(Action::ForceQuit | Action::Quit) => {
            quit_or_ask(app);
            return vec![];
        }
        Resolved::Action(Action::Help) => {
            app.shell.overlays.push(Overlay::Help);
            return vec![];
        }
        Resolved::Action(Action::Refresh) => {
            let id = app.active();
            return app.screens.get_mut(id).show(&mut app.shell);
        }
        _ => {}
    }
    if app.shell.mode == RunMode::Console && app.shell.staff.is_some() {
        let target = app
            .tabs()
            .into_iter()
            .find(|(_, tab)| r == Resolved::Action(tab.action));
        if let Some((id, _)) = target {
            app.shell.panel = id;
            app.shell.note = None;
            return app.screens.get_mut(id).show(&mut app.shell);
        }
    }
    let id = app.active();
    let effects = app.screens.get_mut(id).key(&mut app.shell, r);
    escalate(app);
    effects
}

/// A complaint not reported within its clock is put before every supervisor and
/// manager at their next key press (after the key did its work; never over a form with
/// unsaved input), until someone reports it: Enter opens it on F3, Esc puts it off until the complaints are read again (each
/// minute).
fn escalate(app: &mut App) {
    let supervisor =
        app.shell.staff.as_ref().is_some_and(|s| {
            s.active && matches!(s.role, StaffRole::Supervisor | StaffRole::Manager)
        });
    if app.shell.mode != RunMode::Console
        || !supervisor
        || !app.shell.overlays.is_empty()
        || app.unsaved()
    {
        return;
    }
    let Some(e) = app.screens.complaints.escalation.take() else {
        return;
    };
    app.shell.overlays.push(Overlay::Confirm {
        confirm: Confirm::new(
            "escalate.title",
            Note::info_args(
                "escalate.body",
                vec![
                    ("number", e.number),
                    ("late", e.late),
                    ("customer", e.customer),
                ],
            ),
            "escalate.keys",
        ),
        on_yes: OnYes::Send(Box::new(Msg::Complaints(
            crate::app::screens::complaints::Msg::Take(e.id),
        ))),
        on_no: None,
    });
}
