//! One module per panel: a render function over `&Model`.
pub mod appointments;
pub mod board;
pub mod checkin;
pub mod checkin_flow;
pub mod complaints;
pub mod staff;
pub mod work_orders;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};

use crate::app::input::TextInput;

use super::theme::Theme;

/// Draws `label [value]` and, when focused, puts the terminal cursor at the caret so an
/// input method opens its candidate window there.
pub fn input_line(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    input: &TextInput,
    focused: bool,
    error: Option<&str>,
) {
    let label_w = Span::raw(label).width() as u16 + 1;
    let field_w = area.width.saturating_sub(label_w).min(40);
    let value = input.value();
    let pad = (field_w as usize).saturating_sub(Span::raw(value).width());
    let style = if focused {
        Theme::input_focused()
    } else {
        Theme::input()
    };
    let mut spans = vec![
        Span::styled(format!("{label} "), Theme::label()),
        Span::styled(format!("{value}{}", " ".repeat(pad)), style),
    ];
    if let Some(e) = error {
        spans.push(Span::styled(format!(" {e}"), Theme::field_error()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if focused {
        let x = area
            .x
            .saturating_add(label_w)
            .saturating_add(input.caret_columns());
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// A table with the shared header style and the selection highlighted.
pub fn table<'a>(header: Vec<&'a str>, rows: Vec<Row<'a>>, widths: Vec<Constraint>) -> Table<'a> {
    Table::new(rows, widths)
        .header(Row::new(header).style(Theme::header()))
        .row_highlight_style(Theme::selected())
        .column_spacing(1)
}

pub fn render_table(frame: &mut Frame, area: Rect, table: Table, selected: Option<usize>) {
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
}

/// A list panel's frame: the title bar, the `/` filter line and, when there is nothing
/// to show, the empty (or loading) message. Returns the area for the rows, or `None`
/// when the message was drawn instead.
pub fn list_frame<T>(
    frame: &mut Frame,
    area: Rect,
    t: &crate::ui::i18n::I18n,
    title: &str,
    list: &crate::app::model::ListState<T>,
    shown: usize,
    empty_key: &str,
) -> Option<Rect> {
    let [head, filter, body] = ratatui::layout::Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    crate::ui::chrome::title_bar(frame, head, title, t.t("list.hint"));
    input_line(
        frame,
        filter,
        &format!(" {}", t.t("list.filter")),
        &list.filter,
        list.filtering,
        None,
    );
    if shown == 0 {
        empty(
            frame,
            body,
            t.t(if list.loaded {
                empty_key
            } else {
                "list.loading"
            }),
        );
        return None;
    }
    Some(body)
}

/// Shown where a list has no rows.
pub fn empty(frame: &mut Frame, area: Rect, text: &str) {
    frame.render_widget(
        Paragraph::new(format!(" {text}")).style(Theme::hint()),
        area,
    );
}
