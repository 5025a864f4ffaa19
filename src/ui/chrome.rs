//! Tabs, the status line, the help overlay (generated from the keymap), the quit
//! confirmation and the "terminal too small" screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use crate::app::keymap::Mode;
use crate::app::model::{Model, PanelId, RunMode};

use super::theme::Theme;
use super::{Ctx, pad};

pub fn tabs(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    let mut spans = Vec::new();
    if model.mode == RunMode::Board {
        spans.push(Span::styled(
            format!(" {} ", t.t("board.banner")),
            Theme::board_banner(),
        ));
    } else {
        for (i, p) in PanelId::ALL.iter().enumerate() {
            let style = if *p == model.panel && !model.picking_staff() {
                Theme::tab_active()
            } else {
                Theme::tab()
            };
            spans.push(Span::styled(
                format!(" F{} {} ", i + 1, t.t(p.title_key())),
                style,
            ));
            spans.push(Span::raw(" "));
        }
    }
    let help = format!(" ?/F12 {} ", t.t("action.help"));
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + Span::raw(help.as_str()).width());
    spans.push(Span::styled(" ".repeat(pad), Theme::tab()));
    spans.push(Span::styled(help, Theme::tab()));
    frame.render_widget(Line::from(spans).style(Theme::tab()), area);
}

pub fn status_line(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    let local = model.zone.to_local(model.now);
    let weekday = t.t(match local.format("%u").to_string().as_str() {
        "1" => "weekday.mon",
        "2" => "weekday.tue",
        "3" => "weekday.wed",
        "4" => "weekday.thu",
        "5" => "weekday.fri",
        "6" => "weekday.sat",
        _ => "weekday.sun",
    });
    let who = match (&model.staff, model.mode) {
        (_, RunMode::Board) => t.t("status.read_only").to_string(),
        (Some(s), _) => format!("{} {}", s.code, s.name),
        (None, _) => t.t("status.no_staff").to_string(),
    };
    let mut spans = vec![
        Span::styled(format!(" {who} "), Theme::status_staff()),
        Span::styled(
            format!(" {} {} ", local.format("%Y-%m-%d %H:%M"), weekday),
            Theme::status(),
        ),
    ];
    match &model.note {
        Some(n) => {
            let text = note_text(t, n);
            let style = if n.error {
                Theme::status_error()
            } else {
                Theme::status()
            };
            spans.push(Span::styled(format!(" {text} "), style));
        }
        None => spans.push(Span::styled(
            format!(" {} ", model.db_label),
            Theme::status(),
        )),
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Theme::status()),
        area,
    );
}

/// A message in the UI language; arguments that are catalog keys (state names…) are
/// translated as well.
pub fn note_text(t: &crate::ui::i18n::I18n, n: &crate::app::model::Note) -> String {
    let args: Vec<(&str, String)> = n
        .args
        .iter()
        .map(|(k, v)| {
            (
                *k,
                if t.has(v) {
                    t.t(v).to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    t.tf(&n.key, &args)
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    frame.render_widget(Clear, area);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(format!(" {title}")).style(Theme::popup_title()),
        head,
    );
    frame.render_widget(
        Paragraph::new(lines)
            .style(Theme::popup())
            .wrap(Wrap { trim: false })
            .block(Block::new().padding(Padding::horizontal(1))),
        body,
    );
}

/// The help overlay: every binding of the keymap in force, described in the UI language,
/// laid out in as many columns as the screen needs.
pub fn help(frame: &mut Frame, area: Rect, model: &Model, ctx: &Ctx) {
    let t = ctx.i18n;
    let modes: &[Mode] = if model.mode == RunMode::Board {
        &[Mode::Board]
    } else if model.typing() {
        &[Mode::Global, Mode::Input]
    } else {
        &[Mode::Global, Mode::List]
    };
    const KEYS_W: usize = 14;
    let mut entries: Vec<(String, String, bool)> = Vec::new();
    for mode in modes {
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
    let mut lines: Vec<Line> = (0..per_col).map(|_| Line::default()).collect();
    for (i, (keys, label, heading)) in entries.iter().enumerate() {
        let line = &mut lines[i % per_col];
        if *heading {
            line.spans
                .push(Span::styled(pad(keys, col_w), Theme::header()));
        } else {
            let label_w = col_w.saturating_sub(KEYS_W + 1);
            let label: String = truncate(label, label_w);
            line.spans.push(Span::styled(
                pad(&truncate(keys, KEYS_W), KEYS_W + 1),
                Theme::key(),
            ));
            line.spans.push(Span::raw(pad(&label, label_w)));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(t.t("help.close").to_string(), Theme::hint()));
    popup(frame, r, t.t("help.title"), lines);
}

/// `s` cut to at most `width` display columns.
fn truncate(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// A yes/no question (quit or discard with unsaved input).
pub fn confirm_quit(frame: &mut Frame, area: Rect, ctx: &Ctx, title: &str, body: &str) {
    let t = ctx.i18n;
    let r = centered(area, 52, 4);
    popup(
        frame,
        r,
        t.t(title),
        vec![
            Line::raw(t.t(body).to_string()),
            Line::styled(t.t("confirm.quit.keys").to_string(), Theme::key()),
        ],
    );
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

/// A one-line title bar at the top of a panel with an optional hint on the right.
pub fn title_bar(frame: &mut Frame, area: Rect, title: &str, hint: &str) {
    let used = Span::raw(title).width() + 2;
    let hint_w = Span::raw(hint).width() + 1;
    // The hint gives way when the title needs the room.
    let hint = if used + hint_w + 1 > area.width as usize {
        ""
    } else {
        hint
    };
    let pad = (area.width as usize).saturating_sub(used + Span::raw(hint).width() + 1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(" {title} ")),
            Span::raw(" ".repeat(pad)),
            Span::raw(format!("{hint} ")),
        ]))
        .style(Theme::title_bar()),
        area,
    );
}
