//! Rendering: a pure function of `&Model` (plus the catalog and the keymap).
pub mod chrome;
pub mod form;
pub mod i18n;
pub mod panels;
pub mod theme;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::keymap::Keymap;
use crate::app::model::{Model, Overlay, RunMode};
use crate::clock::Zone;
use i18n::I18n;

/// The smallest terminal the console lays out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Everything a render needs besides the model.
pub struct Ctx<'a> {
    pub i18n: &'a I18n,
    pub keymap: &'a Keymap,
}

/// Local "MM-DD HH:MM" of a stored UTC time.
pub fn short_time(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%m-%d %H:%M").to_string()
}

/// Local "HH:MM".
pub fn hhmm(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%H:%M").to_string()
}

/// Hours from minutes, e.g. 90 → "1.5".
pub fn hours(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{}", minutes / 60)
    } else {
        format!("{h:.1}")
    }
}

/// `s` padded with spaces to `width` display columns (CJK characters count two).
pub fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A stored phone number as people read it ("138 0013 8000"); as stored if it does not parse.
pub fn phone_text(stored: &str) -> String {
    crate::domain::phone::Phone::parse(stored)
        .map(|p| p.display())
        .unwrap_or_else(|_| stored.to_string())
}

/// Cents as "1,234.50".
pub fn money(cents: i64) -> String {
    crate::domain::money::Cents(cents).to_string()
}

pub fn render(frame: &mut Frame, model: &Model, ctx: &Ctx) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        chrome::too_small(frame, area, ctx);
        return;
    }
    let [top, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(frame, top, model, ctx);
    chrome::status_line(frame, status, model, ctx);
    render_body(frame, body, model, ctx);
    match model.overlay {
        Some(Overlay::Help) => chrome::help(frame, body, model, ctx),
        Some(Overlay::ConfirmQuit) => {
            chrome::confirm_quit(frame, body, ctx, "confirm.quit.title", "confirm.quit.body")
        }
        Some(Overlay::ConfirmDiscard) => chrome::confirm_quit(
            frame,
            body,
            ctx,
            "confirm.discard.title",
            "confirm.discard.body",
        ),
        None => {}
    }
}

fn render_body(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    if model.mode == RunMode::Board {
        panels::board::render(frame, area, model, ctx);
    } else if model.picking_staff() {
        panels::staff::render(frame, area, model, ctx);
    } else {
        use crate::app::model::PanelId;
        match model.panel {
            PanelId::Checkin => panels::checkin::render(frame, area, model, ctx),
            PanelId::WorkOrders => panels::work_orders::render(frame, area, model, ctx),
            PanelId::Complaints => panels::complaints::render(frame, area, model, ctx),
            PanelId::Appointments => panels::appointments::render(frame, area, model, ctx),
        }
    }
}
