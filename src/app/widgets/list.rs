//! A selectable list with a `/` filter, and the drawing every list shares: the title
//! bar, the filter line, the table with its highlighted row and the empty message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Row, Table, TableState, Wrap};

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::i18n::I18n;
use crate::theme::Theme;

use super::input::{TextInput, input_line};

/// What `/` filters match against.
pub trait Haystack {
    fn haystack(&self) -> String;
}

#[derive(Debug, Clone)]
pub struct ListState<T> {
    pub rows: Vec<T>,
    pub selected: usize,
    pub filter: TextInput,
    /// The filter field has the focus.
    pub filtering: bool,
    pub loaded: bool,
}

impl<T> Default for ListState<T> {
    fn default() -> Self {
        ListState {
            rows: Vec::new(),
            selected: 0,
            filter: TextInput::default(),
            filtering: false,
            loaded: false,
        }
    }
}

const PAGE: isize = 10;

/// How far a movement key moves the selection.
pub fn step_for(a: Action) -> Option<isize> {
    match a {
        Action::Up => Some(-1),
        Action::Down => Some(1),
        Action::PageUp => Some(-PAGE),
        Action::PageDown => Some(PAGE),
        Action::First => Some(isize::MIN / 2),
        Action::Last => Some(isize::MAX / 2),
        _ => None,
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '·' | '-' | ' ' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl<T> ListState<T> {
    pub fn set_rows(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.loaded = true;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Moves the selection by `delta` within `len` visible rows.
    pub fn step(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let cur = self.selected.min(len - 1) as isize;
        self.selected = (cur + delta).clamp(0, len as isize - 1) as usize;
    }
}

impl<T: Haystack> ListState<T> {
    /// Rows that pass the filter (case-insensitive substring; separators ignored so that
    /// "粤B12" finds 粤B·12345).
    pub fn visible(&self) -> Vec<&T> {
        let q = squash(self.filter.value());
        if q.is_empty() {
            return self.rows.iter().collect();
        }
        self.rows
            .iter()
            .filter(|r| squash(&r.haystack()).contains(&q))
            .collect()
    }

    /// The selected visible row.
    pub fn current(&self) -> Option<&T> {
        self.visible().get(self.selected).copied()
    }

    /// Movement, `/` and the filter's own typing; false when the key is not the list's.
    pub fn handle(&mut self, r: Resolved) -> bool {
        if self.filtering {
            match r {
                Resolved::Text(ch) => {
                    self.filter.insert(&ch.to_string());
                    self.selected = 0;
                }
                Resolved::Edit(e) => {
                    self.filter.edit(e);
                    self.selected = 0;
                }
                Resolved::Action(Action::Confirm) => self.filtering = false,
                Resolved::Action(Action::Cancel) => {
                    self.filter.clear();
                    self.filtering = false;
                }
                Resolved::Action(a) => match step_for(a) {
                    Some(d) => {
                        let n = self.visible().len();
                        self.step(d, n);
                    }
                    None => return false,
                },
                Resolved::Nothing => {}
            }
            return true;
        }
        match r {
            Resolved::Action(Action::Search) => self.filtering = true,
            Resolved::Action(Action::Cancel) => self.filter.clear(),
            Resolved::Action(a) => match step_for(a) {
                Some(d) => {
                    let n = self.visible().len();
                    self.step(d, n);
                }
                None => return false,
            },
            _ => return false,
        }
        true
    }

    /// Pasted text goes into the filter.
    pub fn paste(&mut self, text: &str) {
        self.filter.insert(text);
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
    t: &I18n,
    title: &str,
    list: &ListState<T>,
    shown: usize,
    empty_key: &str,
) -> Option<Rect> {
    let [head, filter, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    title_bar(frame, head, title, t.t("list.hint"));
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

/// A popup: a title line over wrapped lines, on a cleared background.
pub fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    impl Haystack for &'static str {
        fn haystack(&self) -> String {
            self.to_string()
        }
    }

    #[test]
    fn the_filter_ignores_separators_and_case_and_keys_move_within_it() {
        let mut l: ListState<&'static str> = ListState::default();
        l.set_rows(vec!["粤B·12345 王芳", "粤A·99999 李娜", "沪C·12000 Tom"]);
        assert!(l.handle(Resolved::Action(Action::Search)));
        for c in "b12".chars() {
            l.handle(Resolved::Text(c));
        }
        assert_eq!(l.visible(), vec![&"粤B·12345 王芳"]);
        l.handle(Resolved::Action(Action::Confirm));
        assert!(!l.filtering);
        l.handle(Resolved::Action(Action::Cancel));
        assert_eq!(l.visible().len(), 3);
        l.handle(Resolved::Action(Action::Last));
        assert_eq!(l.current(), Some(&"沪C·12000 Tom"));
        assert!(!l.handle(Resolved::Action(Action::Print)), "not a list key");
    }
}
