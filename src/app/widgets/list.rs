//! A selectable list with a `/` filter, and the drawing every list shares: the title
//! bar, the filter line, the table with its highlighted row and the empty message.

use std::cell::Cell;

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

/// A list of rows with a `/` filter. The rows that pass the filter are worked out when
/// the rows or the filter change (never per key or per frame), each row's squashed
/// haystack only once the first letter is typed; a view draws only the window of rows
/// in sight ([`ListState::window`]), so a key costs the same with 100 or 100,000 rows.
/// `rows` is read freely; it is replaced only through [`ListState::set_rows`].
#[derive(Debug, Clone)]
pub struct ListState<T> {
    pub rows: Vec<T>,
    /// Index into the rows that pass the filter.
    pub selected: usize,
    pub filter: TextInput,
    /// The filter field has the focus.
    pub filtering: bool,
    pub loaded: bool,
    /// Indices of the rows that pass the filter, in order.
    shown: Vec<usize>,
    /// Each row's haystack, squashed; empty until a filter needs it.
    hay: Vec<String>,
    /// The first row drawn, remembered between frames.
    offset: Cell<usize>,
}

impl<T> Default for ListState<T> {
    fn default() -> Self {
        ListState {
            rows: Vec::new(),
            selected: 0,
            filter: TextInput::default(),
            filtering: false,
            loaded: false,
            shown: Vec::new(),
            hay: Vec::new(),
            offset: Cell::new(0),
        }
    }
}

/// A window over `len` rows that keeps `selected` in sight; `offset` is the first row
/// shown, remembered between frames (drawing moves it, nothing else reads it).
pub fn window(offset: &Cell<usize>, selected: usize, len: usize, height: usize) -> (usize, usize) {
    let height = height.max(1);
    let mut off = offset.get().min(len.saturating_sub(1));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    // No blank rows below the last one while there are rows above.
    off = off.min(len.saturating_sub(height));
    offset.set(off);
    (off, (off + height).min(len))
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
    /// Moves the selection by `delta` within `len` visible rows.
    pub fn step(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let cur = self.selected.min(len - 1) as isize;
        self.selected = (cur + delta).clamp(0, len as isize - 1) as usize;
    }

    /// How many rows pass the filter.
    pub fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// The rows that pass the filter, in order.
    pub fn shown(&self) -> impl Iterator<Item = &T> + '_ {
        self.shown.iter().filter_map(|&i| self.rows.get(i))
    }

    /// The rows that pass the filter and are in sight in a table body `height` rows
    /// high (its header row included), with the selection's place among them.
    pub fn window(&self, height: u16) -> (impl Iterator<Item = &T> + '_, Option<usize>) {
        let body = (height as usize).saturating_sub(1);
        let (from, to) = window(&self.offset, self.selected, self.shown.len(), body);
        let rows = self.shown[from..to]
            .iter()
            .filter_map(|&i| self.rows.get(i));
        let at = (self.selected >= from && self.selected < to).then(|| self.selected - from);
        (rows, at)
    }
}

impl<T: Haystack> ListState<T> {
    pub fn set_rows(&mut self, rows: Vec<T>) {
        self.rows = rows;
        self.loaded = true;
        self.hay.clear();
        self.refilter();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The rows changed in place (their clocks moved): what the filter matches again.
    pub fn rows_changed(&mut self) {
        self.hay.clear();
        self.refilter();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The rows that pass the filter, worked out again after the rows or the filter
    /// changed.
    fn refilter(&mut self) {
        let q = squash(self.filter.value());
        self.shown.clear();
        if q.is_empty() {
            self.shown.extend(0..self.rows.len());
            return;
        }
        if self.hay.len() != self.rows.len() {
            self.hay = self.rows.iter().map(|r| squash(&r.haystack())).collect();
        }
        self.shown
            .extend((0..self.rows.len()).filter(|&i| self.hay[i].contains(&q)));
    }

    /// Rows that pass the filter (case-insensitive substring; separators ignored so that
    /// "粤B12" finds 粤B·12345).
    pub fn visible(&self) -> Vec<&T> {
        self.shown().collect()
    }

    /// The selected visible row.
    pub fn current(&self) -> Option<&T> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    /// Movement, `/` and the filter's own typing; false when the key is not the list's.
    pub fn handle(&mut self, r: Resolved) -> bool {
        if self.filtering {
            match r {
                Resolved::Text(ch) => {
                    self.filter.insert(&ch.to_string());
                    self.selected = 0;
                    self.refilter();
                }
                Resolved::Edit(e) => {
                    self.filter.edit(e);
                    self.selected = 0;
                    self.refilter();
                }
                Resolved::Action(Action::Confirm) => self.filtering = false,
                Resolved::Action(Action::Cancel) => {
                    self.filter.clear();
                    self.filtering = false;
                    self.refilter();
                }
                Resolved::Action(a) => match step_for(a) {
                    Some(d) => {
                        let n = self.shown.len();
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
            Resolved::Action(Action::Cancel) => {
                self.filter.clear();
                self.refilter();
            }
            Resolved::Action(a) => match step_for(a) {
                Some(d) => {
                    let n = self.shown.len();
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
        self.selected = 0;
        self.refilter();
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

    /// A row that counts how often its haystack is asked for.
    #[derive(Debug, Clone)]
    struct Counted(u32, std::rc::Rc<Cell<usize>>);

    impl Haystack for Counted {
        fn haystack(&self) -> String {
            self.1.set(self.1.get() + 1);
            format!("RO-{:05}", self.0)
        }
    }

    #[test]
    fn keys_and_frames_do_not_filter_again_and_only_the_window_is_handed_out() {
        let asked = std::rc::Rc::new(Cell::new(0));
        let mut l: ListState<Counted> = ListState::default();
        l.set_rows((0..10_000).map(|i| Counted(i, asked.clone())).collect());
        assert_eq!(asked.get(), 0, "no haystack until a filter is typed");
        for _ in 0..50 {
            l.handle(Resolved::Action(Action::Down));
            let (rows, at) = l.window(24);
            assert_eq!(rows.count(), 23, "a header row and 23 rows in sight");
            assert_eq!(at, Some(l.selected.min(22)));
        }
        assert_eq!(l.current().map(|r| r.0), Some(50));
        assert_eq!(asked.get(), 0);
        l.handle(Resolved::Action(Action::Search));
        for c in "RO-0999".chars() {
            l.handle(Resolved::Text(c));
        }
        assert_eq!(
            asked.get(),
            10_000,
            "each row's haystack once, for the first letter"
        );
        let found: Vec<u32> = l.shown().map(|r| r.0).collect();
        assert_eq!(found, (9990..10_000).collect::<Vec<_>>());
        for _ in 0..20 {
            l.handle(Resolved::Action(Action::Down));
            let _ = l.window(10);
        }
        assert_eq!(l.current().map(|r| r.0), Some(9999), "the last one found");
        assert_eq!(asked.get(), 10_000, "not again per key or frame");
        // New rows: their haystacks again, once.
        l.set_rows((0..100).map(|i| Counted(i, asked.clone())).collect());
        assert_eq!(asked.get(), 10_100);
        assert_eq!(l.shown_len(), 0, "RO-0999 is not among RO-00000..RO-00099");
        assert_eq!(l.current().map(|r| r.0), None);
    }

    #[test]
    fn the_window_keeps_the_selection_in_sight_moving_up_and_down() {
        let mut l: ListState<&'static str> = ListState::default();
        let rows: Vec<&'static str> = ["a"; 100].to_vec();
        l.set_rows(rows);
        l.handle(Resolved::Action(Action::Last));
        let (rows, at) = l.window(11);
        assert_eq!((rows.count(), at), (10, Some(9)));
        l.handle(Resolved::Action(Action::PageUp));
        let (_, at) = l.window(11);
        assert_eq!(at, Some(0), "selection at 89, window 89..99");
        l.handle(Resolved::Action(Action::Down));
        let (_, at) = l.window(11);
        assert_eq!(at, Some(1), "moving inside the window keeps it");
    }
}
