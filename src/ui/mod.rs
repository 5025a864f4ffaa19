//! Drawing the whole frame: the tab bar, the active screen's view, the status line and
//! the overlays. A pure function of `&App` (plus the catalog and the keymap). The
//! screens draw themselves (`app/screens/*/view.rs`); this module only arranges them.
pub mod chrome;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::keymap::Keymap;
use crate::app::screen::View;
use crate::app::{App, Overlay};
use crate::i18n::I18n;

/// The smallest terminal the console lays out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Everything a render needs besides the app.
pub struct Ctx<'a> {
    pub i18n: &'a I18n,
    pub keymap: &'a Keymap,
}

/// The terminal is big enough to lay out the console.
pub fn fits(width: u16, height: u16) -> bool {
    width >= MIN_WIDTH && height >= MIN_HEIGHT
}

pub fn render(frame: &mut Frame, app: &App, ctx: &Ctx) {
    let area = frame.area();
    if !fits(area.width, area.height) {
        chrome::too_small(frame, area, ctx);
        return;
    }
    if app.shell.mode == crate::app::RunMode::Welcome {
        // The lounge's kiosk: the welcome board alone, no tabs, status or key hints.
        let v = View {
            t: ctx.i18n,
            keymap: ctx.keymap,
            zone: app.shell.zone,
            now: app.shell.now,
            staff: None,
            active: false,
        };
        app.screens.get(app.active()).render(frame, area, &v);
        return;
    }
    let band = chrome::note_rows(app, ctx, area.width);
    let [top, body, note, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(band),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(frame, top, app, ctx);
    chrome::status_line(frame, status, app, ctx, band == 0);
    let shell = &app.shell;
    let v = View {
        t: ctx.i18n,
        keymap: ctx.keymap,
        zone: shell.zone,
        now: shell.now,
        staff: shell.staff.as_ref(),
        active: shell.overlay().is_none(),
    };
    app.screens.get(app.active()).render(frame, body, &v);
    if band > 0 {
        chrome::note_band(frame, note, app, ctx);
    }
    match shell.overlay() {
        Some(Overlay::Help) => chrome::help(frame, body, app, ctx),
        Some(Overlay::Confirm { confirm, .. }) => confirm.render(frame, body, ctx.i18n),
        None => {}
    }
}
