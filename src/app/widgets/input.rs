//! A one-line text field: NFC-normalised content and a caret counted in characters.

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::Edit;
use crate::theme::Theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Caret position in chars (0..=len).
    caret: usize,
    /// The whole value is selected (the field was just entered): typing replaces it,
    /// Backspace or Delete clears it, a caret key keeps it.
    selected: bool,
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

impl TextInput {
    pub fn with_value(v: &str) -> TextInput {
        let value = nfc(v);
        let caret = value.chars().count();
        TextInput {
            value,
            caret,
            selected: false,
        }
    }

    /// Selects the whole value, so that typing replaces it.
    pub fn select_all(&mut self) {
        self.selected = !self.value.is_empty();
        self.caret = self.value.chars().count();
    }

    pub fn deselect(&mut self) {
        self.selected = false;
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(self.value.len())
    }

    /// Inserts typed or pasted text at the caret. Control characters are dropped and
    /// line breaks become spaces (a field is one line); the result is NFC.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        if clean.is_empty() {
            return;
        }
        if std::mem::take(&mut self.selected) {
            self.clear();
        }
        let at = self.byte_at(self.caret);
        let before = nfc(&format!("{}{}", &self.value[..at], clean));
        let after = &self.value[at..];
        self.value = nfc(&format!("{before}{after}"));
        self.caret = before.chars().count().min(self.value.chars().count());
    }

    pub fn edit(&mut self, e: Edit) {
        if std::mem::take(&mut self.selected)
            && matches!(
                e,
                Edit::Backspace | Edit::Delete | Edit::Clear | Edit::DeleteWord
            )
        {
            self.clear();
            return;
        }
        let len = self.value.chars().count();
        match e {
            Edit::Backspace if self.caret > 0 => {
                let a = self.byte_at(self.caret - 1);
                let b = self.byte_at(self.caret);
                self.value.replace_range(a..b, "");
                self.caret -= 1;
            }
            Edit::Delete if self.caret < len => {
                let a = self.byte_at(self.caret);
                let b = self.byte_at(self.caret + 1);
                self.value.replace_range(a..b, "");
            }
            Edit::Left => self.caret = self.caret.saturating_sub(1),
            Edit::Right => self.caret = (self.caret + 1).min(len),
            Edit::Home => self.caret = 0,
            Edit::End => self.caret = len,
            Edit::Clear => self.clear(),
            Edit::DeleteWord => {
                // Back over spaces, then over the word before the caret.
                let chars: Vec<char> = self.value.chars().collect();
                let mut from = self.caret;
                while from > 0 && chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                while from > 0 && !chars[from - 1].is_whitespace() {
                    from -= 1;
                }
                let a = self.byte_at(from);
                let b = self.byte_at(self.caret);
                self.value.replace_range(a..b, "");
                self.caret = from;
            }
            _ => {}
        }
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.caret = 0;
        self.selected = false;
    }

    /// Display columns before the caret: where the terminal cursor goes, so that an
    /// IME's candidate window opens at the caret (CJK characters are two columns).
    pub fn caret_columns(&self) -> u16 {
        let at = self.byte_at(self.caret);
        u16::try_from(self.value[..at].width()).unwrap_or(u16::MAX)
    }
}

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
    let style = if focused && input.is_selected() {
        Theme::input_selected()
    } else if focused {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_is_nfc_and_the_caret_counts_cjk_as_two_columns() {
        let mut t = TextInput::default();
        t.insert("e\u{301}"); // e + combining acute
        assert_eq!(t.value(), "\u{e9}");
        assert_eq!(t.caret(), 1);
        t.insert("粤B");
        assert_eq!(t.caret_columns(), 4);
        t.edit(Edit::Left);
        t.edit(Edit::Left);
        assert_eq!(t.caret_columns(), 1);
        t.insert("王");
        assert_eq!(t.value(), "\u{e9}王粤B");
        t.edit(Edit::Backspace);
        assert_eq!(t.value(), "\u{e9}粤B");
        t.edit(Edit::End);
        t.edit(Edit::Delete);
        assert_eq!(t.value(), "\u{e9}粤B");
    }

    #[test]
    fn ctrl_u_clears_ctrl_w_deletes_a_word_and_a_selected_value_is_replaced() {
        let mut t = TextInput::with_value("王芳 13800138000 ");
        t.edit(Edit::DeleteWord);
        assert_eq!(t.value(), "王芳 ");
        t.edit(Edit::DeleteWord);
        assert_eq!(t.value(), "");
        let mut t = TextInput::with_value("abc");
        t.edit(Edit::Clear);
        assert_eq!((t.value(), t.caret()), ("", 0));
        let mut t = TextInput::with_value("2026-11-24");
        t.select_all();
        t.insert("11-25");
        assert_eq!(t.value(), "11-25", "typing replaces the selected value");
        t.insert("x");
        assert_eq!(t.value(), "11-25x", "then it appends");
        let mut t = TextInput::with_value("09:00");
        t.select_all();
        t.edit(Edit::Left);
        t.insert("1");
        assert_eq!(t.value(), "09:010", "a caret key keeps the value");
        let mut t = TextInput::with_value("09:00");
        t.select_all();
        t.edit(Edit::Backspace);
        assert_eq!(t.value(), "", "Backspace clears the selected value");
    }

    #[test]
    fn pasted_line_breaks_become_spaces_and_controls_vanish() {
        let mut t = TextInput::default();
        t.insert("粤B\r\n12345\u{7}");
        assert_eq!(t.value(), "粤B  12345");
    }
}
