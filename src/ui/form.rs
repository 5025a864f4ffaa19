//! Draws an `app::form::Form`: one field a row, label, value, and the error beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::form::{FieldKind, Form};

use super::chrome::note_text;
use super::i18n::I18n;
use super::pad;
use super::theme::Theme;

/// Renders the visible fields from `area.y` down; returns the rows used. The focused
/// text field gets the terminal cursor at its caret (`active`: the form has the keyboard).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    form: &Form,
    t: &I18n,
    label_w: usize,
    field_w: usize,
    active: bool,
) -> u16 {
    let mut y = area.y;
    for (i, field) in form.fields.iter().enumerate() {
        if field.hidden {
            continue;
        }
        if y >= area.bottom() {
            break;
        }
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        let focused = active && i == form.focus;
        let style = if focused {
            Theme::input_focused()
        } else {
            Theme::input()
        };
        let mut spans = vec![
            Span::styled(pad(t.t(field.label), label_w), Theme::label()),
            Span::raw(" "),
        ];
        let value = match &field.kind {
            FieldKind::Text(input) => {
                if focused {
                    let x = row.x + label_w as u16 + 1 + input.caret_columns();
                    frame.set_cursor_position((x.min(row.right().saturating_sub(1)), y));
                }
                input.value().to_string()
            }
            FieldKind::Choice {
                options,
                idx,
                literal,
            } => {
                let o = options.get(*idx).map(String::as_str).unwrap_or("");
                format!("< {} >", if *literal { o } else { t.t(o) })
            }
        };
        spans.push(Span::styled(pad(&value, field_w), style));
        if let Some(e) = &field.error {
            spans.push(Span::styled(
                format!(" {}", note_text(t, e)),
                Theme::field_error(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), row);
        y += 1;
    }
    y - area.y
}
