//! Draws the supervisors' read-only board: today's figures, refreshed when any counter
//! commits (PRAGMA data_version) and every minute.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::screen::View;
use crate::app::widgets::list::title_bar;
use crate::fmt::{hours, pad};
use crate::theme::Theme;

use super::Board;

pub fn render(board: &Board, frame: &mut Frame, area: Rect, v: &View) {
    let t = v.t;
    let b = &board.summary;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    title_bar(
        frame,
        head,
        &t.tf(
            "board.title",
            &[("day", v.today().format("%Y-%m-%d").to_string())],
        ),
        t.t("board.hint"),
    );
    let label = |k: &str| Span::styled(format!(" {}", pad(t.t(k), 18)), Theme::label());
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            label("board.appointments"),
            Span::raw(t.tf(
                "board.appointments_value",
                &[
                    ("n", b.appointments_today.to_string()),
                    ("arrived", b.arrived_today.to_string()),
                    ("hours", hours(b.booked_minutes_today)),
                ],
            )),
        ]),
        Line::from(vec![
            label("board.complaints"),
            Span::raw(t.tf(
                "board.complaints_value",
                &[("n", b.open_complaints.to_string())],
            )),
            Span::raw("  "),
            Span::styled(
                t.tf("board.overdue", &[("n", b.overdue_complaints.to_string())]),
                if b.overdue_complaints > 0 {
                    Theme::overdue()
                } else {
                    Theme::ok()
                },
            ),
        ]),
        Line::raw(""),
        Line::styled(format!(" {}", t.t("board.orders")), Theme::header()),
    ];
    for (state, n) in &b.open_orders {
        lines.push(Line::from(vec![
            Span::raw(format!("   {}", pad(t.t(state.label_key()), 20))),
            Span::styled(format!("{n:>4}"), Theme::key()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), body);
}
