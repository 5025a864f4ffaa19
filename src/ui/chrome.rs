//! The frame around the screens: tabs, the status line, the help overlay (generated
//! from the keymap: global keys, the active screen's and its focused widget's) and the
//! "terminal too small" screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::widgets::list::{centered, popup};
use crate::app::{App, RunMode, ScreenId};
use crate::fmt::{pad, truncate, weekday_key};
use crate::theme::Theme;

use super::Ctx;

/// "F1" / "?/F12": the keys bound to `action` in `modes`, as the tab bar shows them.
fn keys_text(ctx: &Ctx, modes: &[Mode], action: Action, first_only: bool) -> String {
    let keys = ctx.keymap.keys_for(modes, action);
    let keys: Vec<String> = keys.iter().map(|c| c.to_string()).collect();
    if first_only {
        keys.into_iter().next().unwrap_or_default()
    } else {
        keys.join("/")
    }
}

pub fn tabs(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let t = ctx.i18n;
    let mut spans = Vec::new();
    let board = app.shell.mode.is_board();
    if board {
        spans.push(Span::styled(
            format!(" {} ", t.t("board.banner")),
            Theme::board_banner(),
        ));
    } else {
        let picking = app.active() == ScreenId::StaffPicker;
        // Every tab with its key; when that does not fit, the titles only (the help
        // lists the keys); at the narrowest, the titles side by side.
        for fit in 0..3 {
            spans.clear();
            for (id, tab) in app.tabs() {
                let chosen = id == app.shell.panel && !picking;
                let style = if chosen {
                    Theme::tab_active()
                } else {
                    Theme::tab()
                };
                let key = keys_text(ctx, &[Mode::Global], tab.action, true);
                let label = match fit {
                    0 if !key.is_empty() => format!(" {key} {} ", t.t(tab.title_key)),
                    0 | 1 => format!(" {} ", t.t(tab.title_key)),
                    _ if chosen => format!(" {} ", t.t(tab.title_key)),
                    _ => format!(" {}", t.t(tab.title_key)),
                };
                spans.push(Span::styled(label, style));
                if fit < 2 {
                    spans.push(Span::raw(" "));
                }
            }
            let used: usize = spans.iter().map(|s| s.width()).sum();
            if used + 14 <= area.width as usize {
                break;
            }
        }
    }
    let help_modes: &[Mode] = if board {
        &[Mode::Board]
    } else {
        &[Mode::List, Mode::Global]
    };
    let help_keys = keys_text(ctx, help_modes, Action::Help, false);
    let mut help = format!(" {help_keys} {} ", t.t("action.help"));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    // Tight (many tabs at 80 columns): the help's keys without the word.
    if used + Span::raw(help.as_str()).width() > area.width as usize {
        help = format!(" {help_keys} ");
    }
    let pad = (area.width as usize).saturating_sub(used + Span::raw(help.as_str()).width());
    spans.push(Span::styled(" ".repeat(pad), Theme::tab()));
    spans.push(Span::styled(help, Theme::tab()));
    frame.render_widget(Line::from(spans).style(Theme::tab()), area);
}

/// The status line's fixed part: who is signed in, the date and time.
fn status_head(app: &App, ctx: &Ctx) -> Vec<Span<'static>> {
    let t = ctx.i18n;
    let shell = &app.shell;
    let local = shell.zone.to_local(shell.now);
    let weekday = t.t(weekday_key(local.date_naive()));
    let who = match (&shell.staff, shell.mode) {
        (_, RunMode::Board | RunMode::Welcome) => t.t("status.read_only").to_string(),
        (Some(s), _) => format!("{} {}", s.code, s.name),
        (None, _) => t.t("status.no_staff").to_string(),
    };
    vec![
        Span::styled(format!(" {who} "), Theme::status_staff()),
        Span::styled(
            format!(" {} {} ", local.format("%Y-%m-%d %H:%M"), weekday),
            Theme::status(),
        ),
    ]
}

/// Rows above the status line that a note too long for it needs (0: it fits there).
/// A message is never clipped: it wraps over up to three rows.
pub fn note_rows(app: &App, ctx: &Ctx, width: u16) -> u16 {
    let Some(n) = &app.shell.note else {
        return 0;
    };
    let mut head: usize = status_head(app, ctx).iter().map(|s| s.width()).sum();
    let overdue = app.screens.complaints.overdue;
    if overdue > 0 && !app.shell.mode.is_board() {
        head += Span::raw(
            ctx.i18n
                .tf("status.complaints_overdue", &[("n", overdue.to_string())]),
        )
        .width()
            + 2;
    }
    let text = Span::raw(ctx.i18n.note(n)).width() + 2;
    if head + text <= usize::from(width) {
        return 0;
    }
    u16::try_from(text.div_ceil(usize::from(width.max(1))))
        .unwrap_or(3)
        .clamp(1, 3)
}

/// A note too long for the status line, wrapped in the rows above it.
pub fn note_band(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let Some(n) = &app.shell.note else {
        return;
    };
    let style = if n.error {
        Theme::status_error()
    } else {
        Theme::status()
    };
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(
        Paragraph::new(format!(" {}", ctx.i18n.note(n)))
            .style(style)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The status line; `with_note`: the note fits on it (else it is in the band above).
pub fn status_line(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, with_note: bool) {
    let t = ctx.i18n;
    let shell = &app.shell;
    let mut spans = status_head(app, ctx);
    // Overdue complaints cannot be missed: on every screen, before any note.
    let overdue = app.screens.complaints.overdue;
    if overdue > 0 && !shell.mode.is_board() {
        spans.push(Span::styled(
            format!(
                " {} ",
                t.tf("status.complaints_overdue", &[("n", overdue.to_string())])
            ),
            Theme::overdue(),
        ));
    }
    match shell.note.as_ref().filter(|_| with_note) {
        Some(n) => {
            let text = t.note(n);
            let style = if n.error {
                Theme::status_error()
            } else {
                Theme::status()
            };
            spans.push(Span::styled(format!(" {text} "), style));
        }
        None => spans.push(Span::styled(
            format!(" {} ", shell.db_label),
            Theme::status(),
        )),
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Theme::status()),
        area,
    );
}

/// The help overlay: every binding of the keymap in force, described in the UI language,
/// laid out in as many columns as the screen needs.
pub fn help(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx) {
    let t = ctx.i18n;
    let modes = help_sections(app);
    const KEYS_W: usize = 14;
    let mut entries: Vec<(String, String, bool)> = Vec::new();
    for mode in &modes {
        if ctx.keymap.bindings(*mode).is_empty() {
            continue;
        }
        entries.push((
            t.t(&format!("help.mode.{}", mode.name())).to_string(),
            String::new(),
            true,
        ));
        for (action, chords) in ctx.keymap.bindings(*mode) {
            let keys = chords
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            entries.push((keys, t.t(&action.label_key()).to_string(), false));
        }
    }
    // Popup: title line, the entries, a blank line and the closing hint.
    let avail = area.height.saturating_sub(3).max(1) as usize;
    let columns = entries.len().div_ceil(avail).max(1);
    let per_col = entries.len().div_ceil(columns);
    let width = area.width.min(if columns == 1 { 64 } else { 118 });
    let col_w = (width as usize).saturating_sub(2) / columns;
    let r = centered(area, width, (per_col + 3) as u16);
    // Each column's keys take the room its widest keys need (at most KEYS_W), so the
    // descriptions keep the rest of a narrow screen.
    let keys_w: Vec<usize> = entries
        .chunks(per_col.max(1))
        .map(|col| {
            col.iter()
                .filter(|(_, _, heading)| !heading)
                .map(|(keys, _, _)| Span::raw(keys.as_str()).width())
                .max()
                .unwrap_or(0)
                .min(KEYS_W)
        })
        .collect();
    let mut lines: Vec<Line> = (0..per_col).map(|_| Line::default()).collect();
    for (i, (keys, label, heading)) in entries.iter().enumerate() {
        let line = &mut lines[i % per_col];
        let keys_w = keys_w[i / per_col.max(1)];
        // A column never runs into the next: its last cell stays blank.
        if *heading {
            let w = col_w.saturating_sub(1);
            line.spans
                .push(Span::styled(pad(&truncate(keys, w), w), Theme::header()));
            line.spans.push(Span::raw(" "));
        } else {
            let label_w = col_w.saturating_sub(keys_w + 2);
            let label: String = truncate(label, label_w);
            line.spans.push(Span::styled(
                pad(&truncate(keys, keys_w), keys_w + 1),
                Theme::key(),
            ));
            line.spans.push(Span::raw(pad(&label, label_w + 1)));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t.t("help.close").to_string(), Theme::hint()));
    popup(frame, r, t.t("help.title"), lines);
}

/// The sections the help lists: the global keys (console), then the active screen's
/// own and its focused widget's, as the screen had them when help was opened.
pub fn help_sections(app: &App) -> Vec<Mode> {
    if app.shell.mode.is_board() {
        return vec![Mode::Board];
    }
    let mut v = vec![Mode::Global];
    for m in app.screens.get(app.active()).sections() {
        if !v.contains(&m) {
            v.push(m);
        }
    }
    v
}

pub fn too_small(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let t = ctx.i18n;
    let msg = t.tf(
        "too_small",
        &[
            (
                "need",
                format!("{}×{}", super::MIN_WIDTH, super::MIN_HEIGHT),
            ),
            ("have", format!("{}×{}", area.width, area.height)),
        ],
    );
    let y = area.height / 2;
    let r = Rect {
        x: area.x,
        y: area.y + y,
        width: area.width,
        height: area.height.saturating_sub(y).min(3),
    };
    frame.render_widget(
        Paragraph::new(msg)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        r,
    );
}
