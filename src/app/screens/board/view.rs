//! Draws the boards: the wall board's page line (the five pages with their keys, the
//! one shown marked, the day, the rotation) above the page; the welcome board alone.
//! Large figures (tui-big-text) where the terminal is big enough to read them across a
//! room; the same figures as text at 80×24.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use crate::app::action::Action;
use crate::app::keymap::Mode;
use crate::app::screen::View;
use crate::fmt::weekday_key;
use crate::theme::Theme;

use super::{Board, Page, view_figures, view_floor, view_welcome};

/// The smallest body the large figures are drawn in (columns, rows).
pub const BIG_WIDTH: u16 = 120;
pub const BIG_HEIGHT: u16 = 36;

/// The body is big enough for figures a room can read.
pub fn big(area: Rect) -> bool {
    area.width >= BIG_WIDTH && area.height >= BIG_HEIGHT
}

pub fn render(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    if board.welcome {
        view_welcome::render(board, frame, area, v);
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    page_line(board, frame, head, v);
    match board.page {
        Page::Today => view_floor::today(board, frame, body, v),
        Page::Workshop => view_floor::workshop(board, frame, body, v),
        Page::Complaints => view_floor::complaints(board, frame, body, v),
        Page::Kpis => view_figures::kpis(board, frame, body, v),
        Page::Week => view_figures::week(board, frame, body, v),
    }
}

/// " 1 Today  2 Workshop  3 Complaints  4 KPIs  5 Week      Thu 2026-11-26 · every 15 s"
fn page_line(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let keys = [
        Action::Page1,
        Action::Page2,
        Action::Page3,
        Action::Page4,
        Action::Page5,
    ];
    let mut spans = vec![Span::raw(" ")];
    for (page, action) in Page::ALL.iter().zip(keys) {
        let key = v
            .keymap
            .keys_for(&[Mode::Board], action)
            .first()
            .map(|k| format!("{k} "))
            .unwrap_or_default();
        let style = if *page == board.page {
            Theme::tab_active()
        } else {
            Theme::tab()
        };
        spans.push(Span::styled(
            format!(" {key}{} ", t.t(page.label_key())),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    let day = board.day_shown(v.today());
    let mut right = format!("{} {}", t.t(weekday_key(day)), day.format("%Y-%m-%d"));
    if let Some(s) = board.rotate_secs {
        right.push_str(" · ");
        right.push_str(&t.tf("board.rotating", &[("s", s.to_string())]));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width).saturating_sub(used + 1);
    if Span::raw(&right).width() <= room {
        spans.push(Span::raw(" ".repeat(room - Span::raw(&right).width())));
        spans.push(Span::styled(right, Theme::hint()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A figure with its label: large digits in `area` when it is big enough, else one line
/// "label  value". Returns the rows used.
pub fn figure(frame: &mut Frame, area: Rect, label: &str, value: &str, style: Style) -> u16 {
    // Quadrant pixels: a character is 4 columns × 4 rows; the label above it.
    let wide = value.chars().count() as u16 * 4;
    if area.height >= 5 && area.width >= wide && value.is_ascii() {
        frame.render_widget(
            Paragraph::new(Line::styled(label.to_string(), Theme::label())),
            Rect { height: 1, ..area },
        );
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(style)
            .lines(vec![Line::raw(value.to_string())])
            .build();
        frame.render_widget(
            big,
            Rect {
                y: area.y + 1,
                height: 4,
                ..area
            },
        );
        5
    } else {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!("{label} "), Theme::label()),
                Span::styled(value.to_string(), style),
            ])),
            Rect { height: 1, ..area },
        );
        1
    }
}

/// "Loading…" while a page has not been read yet.
pub fn loading(frame: &mut Frame, area: Rect, v: &View) {
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", v.t.t("board.loading")),
            Theme::hint(),
        )),
        area,
    );
}
