//! A form: labelled text and choice fields named by a typed id, one focus, an error per
//! field. Screens build their forms from these, feed keys to [`Form::handle`] and read the
//! values back by id. [`Form::values`] / [`Form::restore`] key the values by the id's
//! stable name, so a renamed or reordered field never restores into the wrong place.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde::{Deserialize, Serialize};

use crate::app::action::Action;
use crate::app::keymap::{Edit, Resolved};
use crate::fmt::pad;
use crate::i18n::{I18n, Note};
use crate::theme::Theme;

use super::input::TextInput;

/// A form's field ids: an enum whose variants have stable names (used in drafts).
pub trait FieldId: Copy + Eq + std::fmt::Debug + 'static {
    fn name(self) -> &'static str;
}

/// Declares a field-id enum with the stable name of each variant.
#[macro_export]
macro_rules! field_ids {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $v),* }
        #[allow(dead_code)]
        impl $name {
            /// Every field, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
        }
        impl $crate::app::widgets::form::FieldId for $name {
            fn name(self) -> &'static str {
                match self { $($name::$v => $s),* }
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text(TextInput),
    /// One of `options` (i18n keys of the labels, or literal text when `literal`).
    Choice {
        options: Vec<String>,
        idx: usize,
        literal: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field<F> {
    pub id: F,
    /// i18n key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub error: Option<Note>,
    /// Hidden fields are skipped by Tab and not drawn.
    pub hidden: bool,
    /// A short value (date, time, number): entering the field selects it, so typing
    /// replaces it instead of adding to it.
    pub select_on_focus: bool,
    /// A remark shown dimmed beside the value when there is no error ("proposed from
    /// 2.5 h of labour").
    pub hint: Option<Note>,
    /// A secret (a PIN): drawn as one `*` per character.
    pub masked: bool,
}

impl<F> Field<F> {
    pub fn text(id: F, label: &'static str, value: &str) -> Field<F> {
        Field {
            id,
            label,
            kind: FieldKind::Text(TextInput::with_value(value)),
            error: None,
            hidden: false,
            select_on_focus: false,
            hint: None,
            masked: false,
        }
    }

    pub fn choice(id: F, label: &'static str, options: Vec<String>, idx: usize) -> Field<F> {
        Field {
            id,
            label,
            kind: FieldKind::Choice {
                options,
                idx,
                literal: false,
            },
            error: None,
            hidden: false,
            select_on_focus: false,
            hint: None,
            masked: false,
        }
    }

    /// A choice among values shown as they are (names of people, for instance).
    pub fn literal_choice(
        id: F,
        label: &'static str,
        options: Vec<String>,
        idx: usize,
    ) -> Field<F> {
        Field {
            id,
            label,
            kind: FieldKind::Choice {
                options,
                idx,
                literal: true,
            },
            error: None,
            hidden: false,
            select_on_focus: false,
            hint: None,
            masked: false,
        }
    }

    /// A no / yes choice.
    pub fn yes_no(id: F, label: &'static str, yes: bool) -> Field<F> {
        Field::choice(
            id,
            label,
            vec!["common.no".into(), "common.yes".into()],
            usize::from(yes),
        )
    }

    pub fn hidden(mut self, hidden: bool) -> Field<F> {
        self.hidden = hidden;
        self
    }

    /// The value is a secret: drawn masked.
    pub fn masked(mut self) -> Field<F> {
        self.masked = true;
        self
    }

    /// Entering the field selects its value (typing replaces it).
    pub fn replace_on_type(mut self) -> Field<F> {
        self.select_on_focus = true;
        self
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// A value changed.
    Changed,
    /// The focus moved to another field.
    Moved,
    /// Enter on the last field, or Ctrl-S.
    Submit,
    /// Esc.
    Cancel,
    /// The key was taken (a caret move) and changed nothing.
    Nothing,
    /// The key means nothing to the form; the screen may use it.
    Unhandled(Resolved),
}

/// A field's value in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Choice(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form<F> {
    pub fields: Vec<Field<F>>,
    pub focus: usize,
    /// Something was typed or chosen since the form opened.
    pub dirty: bool,
}

impl<F> Default for Form<F> {
    fn default() -> Self {
        Form {
            fields: Vec::new(),
            focus: 0,
            dirty: false,
        }
    }
}

impl<F: FieldId> Form<F> {
    pub fn new(fields: Vec<Field<F>>) -> Form<F> {
        Form {
            fields,
            focus: 0,
            dirty: false,
        }
    }

    fn index(&self, id: F) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    pub fn field(&self, id: F) -> Option<&Field<F>> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: F) -> Option<&mut Field<F>> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn text(&self, id: F) -> &str {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Text(t)) => t.value(),
            _ => "",
        }
    }

    pub fn input(&self, id: F) -> Option<&TextInput> {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn set_text(&mut self, id: F, v: &str) {
        if let Some(f) = self.field_mut(id) {
            f.kind = FieldKind::Text(TextInput::with_value(v));
        }
    }

    pub fn choice(&self, id: F) -> usize {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Choice { idx, .. }) => *idx,
            _ => 0,
        }
    }

    pub fn yes(&self, id: F) -> bool {
        self.choice(id) == 1
    }

    pub fn set_choice(&mut self, id: F, idx: usize) {
        if let Some(FieldKind::Choice {
            idx: cur, options, ..
        }) = self.field_mut(id).map(|f| &mut f.kind)
        {
            *cur = idx.min(options.len().saturating_sub(1));
        }
    }

    pub fn is_hidden(&self, id: F) -> bool {
        self.field(id).is_none_or(|f| f.hidden)
    }

    pub fn set_hidden(&mut self, id: F, hidden: bool) {
        if let Some(f) = self.field_mut(id) {
            f.hidden = hidden;
        }
    }

    /// The id of the focused field.
    pub fn focused(&self) -> Option<F> {
        self.fields.get(self.focus).map(|f| f.id)
    }

    pub fn focused_is_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text(_))
        )
    }

    pub fn focused_input(&self) -> Option<&TextInput> {
        match self.fields.get(self.focus).map(|f| &f.kind) {
            Some(FieldKind::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Moves the focus by `delta` over visible fields, wrapping around.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n == 0 {
            return;
        }
        let mut i = self.focus as isize;
        for _ in 0..n {
            i = (i + delta).rem_euclid(n);
            if !self.fields[i as usize].hidden {
                self.enter(i as usize);
                return;
            }
        }
    }

    pub fn focus_on(&mut self, id: F) {
        if let Some(i) = self.index(id) {
            self.enter(i);
        }
    }

    /// Focuses field `i`, selecting its value when it is a short one.
    fn enter(&mut self, i: usize) {
        if let Some(FieldKind::Text(t)) = self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            // Leaving a field drops its selection.
            t.deselect();
        }
        self.focus = i;
        if let Some(f) = self.fields.get_mut(i)
            && f.select_on_focus
            && let FieldKind::Text(t) = &mut f.kind
        {
            t.select_all();
        }
    }

    /// The focused field is the last visible one.
    pub fn on_last(&self) -> bool {
        self.fields.iter().rposition(|f| !f.hidden).unwrap_or(0) == self.focus
    }

    /// Typed text goes into a text field; on a choice field a space picks the next option.
    pub fn insert(&mut self, s: &str) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut f.kind {
            FieldKind::Text(t) => {
                t.insert(s);
                f.error = None;
                self.dirty = true;
            }
            FieldKind::Choice { .. } if s == " " => {
                self.cycle(1);
            }
            FieldKind::Choice { .. } => {}
        }
    }

    /// A caret or deletion key on the focused field; true when the value changed.
    pub fn edit(&mut self, e: Edit) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        match &mut f.kind {
            FieldKind::Text(t) => {
                let before = t.value().to_string();
                t.edit(e);
                if t.value() != before {
                    f.error = None;
                    self.dirty = true;
                    return true;
                }
                false
            }
            FieldKind::Choice { .. } => match e {
                Edit::Left => self.cycle(-1),
                Edit::Right => self.cycle(1),
                _ => false,
            },
        }
    }

    /// Next/previous option of the focused choice field; true when it changed.
    pub fn cycle(&mut self, delta: isize) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if let FieldKind::Choice { options, idx, .. } = &mut f.kind
            && !options.is_empty()
        {
            *idx = ((*idx as isize + delta).rem_euclid(options.len() as isize)) as usize;
            f.error = None;
            self.dirty = true;
            return true;
        }
        false
    }

    /// The form's answer to a key: typing, caret keys, Tab/Shift-Tab, Up/Down (a field up
    /// or down, or the previous/next option of a choice), Enter (next field, or submit on
    /// the last), Ctrl-S (submit) and Esc (cancel).
    pub fn handle(&mut self, r: Resolved) -> FormEvent {
        match r {
            Resolved::Text(c) => {
                if !self.focused_is_text() && c != ' ' {
                    return FormEvent::Nothing;
                }
                self.insert(&c.to_string());
                FormEvent::Changed
            }
            Resolved::Edit(e) => {
                if self.edit(e) {
                    FormEvent::Changed
                } else {
                    FormEvent::Nothing
                }
            }
            Resolved::Action(Action::NextField) => {
                self.move_focus(1);
                FormEvent::Moved
            }
            Resolved::Action(Action::PrevField) => {
                self.move_focus(-1);
                FormEvent::Moved
            }
            Resolved::Action(a @ (Action::Up | Action::Down)) => {
                let d = if a == Action::Up { -1 } else { 1 };
                if self.focused_is_text() {
                    self.move_focus(d);
                    FormEvent::Moved
                } else if self.cycle(d) {
                    FormEvent::Changed
                } else {
                    FormEvent::Nothing
                }
            }
            Resolved::Action(Action::Confirm) if !self.on_last() => {
                self.move_focus(1);
                FormEvent::Moved
            }
            Resolved::Action(Action::Confirm | Action::Save) => FormEvent::Submit,
            Resolved::Action(Action::Cancel) => FormEvent::Cancel,
            other => FormEvent::Unhandled(other),
        }
    }

    pub fn set_error(&mut self, id: F, note: Note) {
        if let Some(f) = self.field_mut(id) {
            f.error = Some(note);
        }
    }

    pub fn set_hint(&mut self, id: F, hint: Option<Note>) {
        if let Some(f) = self.field_mut(id) {
            f.hint = hint;
        }
    }

    pub fn error(&self, id: F) -> Option<&Note> {
        self.field(id).and_then(|f| f.error.as_ref())
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Focuses the first field with an error; true when there was one.
    pub fn focus_first_error(&mut self) -> bool {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            true
        } else {
            false
        }
    }

    /// Every value by the field's stable name.
    pub fn values(&self) -> BTreeMap<String, Value> {
        self.fields
            .iter()
            .map(|x| {
                (
                    x.id.name().to_string(),
                    match &x.kind {
                        FieldKind::Text(t) => Value::Text(t.value().to_string()),
                        FieldKind::Choice { idx, .. } => Value::Choice(*idx),
                    },
                )
            })
            .collect()
    }

    /// Puts back values saved by [`Form::values`]; names this form does not have and
    /// values of the wrong kind are left out.
    pub fn restore(&mut self, values: &BTreeMap<String, Value>) {
        for f in &mut self.fields {
            match (values.get(f.id.name()), &mut f.kind) {
                (Some(Value::Text(t)), FieldKind::Text(_)) => {
                    f.kind = FieldKind::Text(TextInput::with_value(t));
                }
                (Some(Value::Choice(c)), FieldKind::Choice { options, idx, .. }) => {
                    *idx = (*c).min(options.len().saturating_sub(1));
                }
                _ => {}
            }
        }
    }
}

/// `value` as a row of `room` columns shows it with the caret (a char index) in view:
/// whole when it fits, else from where the caret's column fits (at least one column
/// left after it); returns the text shown and the caret's column in it.
fn scrolled(value: &str, caret: usize, room: usize) -> (String, u16) {
    use unicode_width::UnicodeWidthChar;
    let width = |c: char| c.width().unwrap_or(0);
    let chars: Vec<char> = value.chars().collect();
    let caret = caret.min(chars.len());
    let before: usize = chars[..caret].iter().map(|c| width(*c)).sum();
    if room == 0 || before < room {
        return (value.to_string(), u16::try_from(before).unwrap_or(u16::MAX));
    }
    let mut start = 0;
    let mut cols = before;
    while cols >= room && start < caret {
        cols -= width(chars[start]);
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    (shown, u16::try_from(cols).unwrap_or(u16::MAX))
}

/// Renders the visible fields from `area.y` down; returns the rows used. The focused
/// text field gets the terminal cursor at its caret (`active`: the form has the keyboard).
pub fn render<F: FieldId>(
    frame: &mut Frame,
    area: Rect,
    form: &Form<F>,
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
        let selected = matches!(&field.kind, FieldKind::Text(t) if t.is_selected());
        let style = if focused && selected {
            Theme::input_selected()
        } else if focused {
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
                let shown = if field.masked {
                    "*".repeat(input.value().chars().count())
                } else {
                    input.value().to_string()
                };
                // A value wider than its row scrolls so that the caret stays in view.
                let room = usize::from(row.width).saturating_sub(label_w + 2);
                let (shown, caret) = if focused {
                    scrolled(&shown, input.caret(), room)
                } else {
                    (shown, 0)
                };
                if focused {
                    let x = row.x + label_w as u16 + 1 + caret;
                    frame.set_cursor_position((x.min(row.right().saturating_sub(1)), y));
                }
                shown
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
        // The error beside the field; when it does not fit there, in full on the rows
        // below it, under the value.
        let mut below = vec![];
        if let Some(e) = &field.error {
            let text = t.note(e);
            let used = label_w + 1 + field_w.max(Span::raw(value.as_str()).width()) + 1;
            let beside = usize::from(area.width).saturating_sub(used);
            if Span::raw(text.as_str()).width() <= beside {
                spans.push(Span::styled(format!(" {text}"), Theme::field_error()));
            } else {
                let w = usize::from(area.width).saturating_sub(label_w + 1);
                below = crate::fmt::wrap(&text, w);
            }
        } else if let Some(h) = &field.hint {
            spans.push(Span::styled(format!(" {}", t.note(h)), Theme::hint()));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), row);
        y += 1;
        for l in below {
            if y >= area.bottom() {
                break;
            }
            let r = Rect {
                y,
                height: 1,
                ..area
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::raw(" ".repeat(label_w + 1)),
                    Span::styled(l, Theme::field_error()),
                ])),
                r,
            );
            y += 1;
        }
    }
    y - area.y
}

#[cfg(test)]
mod tests {
    use super::*;

    field_ids! {
        enum T { A = "a", B = "b", C = "c" }
    }

    fn form() -> Form<T> {
        Form::new(vec![
            Field::text(T::A, "a", ""),
            Field::text(T::B, "b", "").hidden(true),
            Field::choice(T::C, "c", vec!["x".into(), "y".into()], 0),
        ])
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_caret_in_view() {
        assert_eq!(scrolled("abc", 3, 10), ("abc".into(), 3));
        assert_eq!(scrolled("abcdefghij", 10, 5), ("ghij".into(), 4));
        assert_eq!(scrolled("abcdefghij", 2, 5), ("abcdefghij".into(), 2));
        // Two columns per CJK character.
        assert_eq!(scrolled("机油滤清器", 5, 6), ("清器".into(), 4));
    }

    #[test]
    fn tab_skips_hidden_fields_and_space_cycles_choices() {
        let mut f = form();
        assert_eq!(
            f.handle(Resolved::Action(Action::NextField)),
            FormEvent::Moved
        );
        assert_eq!(f.focused(), Some(T::C));
        f.insert(" ");
        assert_eq!(f.choice(T::C), 1);
        f.insert("q");
        assert_eq!(f.choice(T::C), 1, "letters do nothing on a choice");
        f.move_focus(1);
        assert_eq!(f.focused(), Some(T::A));
        assert_eq!(f.handle(Resolved::Text('h')), FormEvent::Changed);
        f.insert("i");
        assert_eq!(f.text(T::A), "hi");
        assert!(f.dirty);
        f.move_focus(-1);
        assert_eq!(f.focused(), Some(T::C));
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field_esc_cancels() {
        let mut f = form();
        let enter = Resolved::Action(Action::Confirm);
        assert_eq!(f.handle(enter), FormEvent::Moved);
        assert_eq!(f.handle(enter), FormEvent::Submit, "C is the last visible");
        assert_eq!(f.handle(Resolved::Action(Action::Save)), FormEvent::Submit);
        assert_eq!(
            f.handle(Resolved::Action(Action::Cancel)),
            FormEvent::Cancel
        );
        let other = Resolved::Action(Action::Print);
        assert_eq!(f.handle(other), FormEvent::Unhandled(other));
        // Down on a choice picks the next option, Up on a text field moves up.
        assert_eq!(f.handle(Resolved::Action(Action::Down)), FormEvent::Changed);
        assert_eq!(f.choice(T::C), 1);
    }

    #[test]
    fn entering_a_short_field_selects_it_so_typing_replaces_it() {
        let mut f = Form::new(vec![
            Field::text(T::A, "a", "王芳"),
            Field::text(T::B, "b", "2026-11-24").replace_on_type(),
            Field::choice(T::C, "c", vec!["x".into()], 0),
        ]);
        f.handle(Resolved::Action(Action::NextField));
        for c in "11-25".chars() {
            f.handle(Resolved::Text(c));
        }
        assert_eq!(f.text(T::B), "11-25");
        // A free-text field is not selected: typing adds to it.
        f.focus_on(T::A);
        f.handle(Resolved::Text('!'));
        assert_eq!(f.text(T::A), "王芳!");
        // Back into the short field, a caret key keeps the value.
        f.focus_on(T::B);
        f.handle(Resolved::Edit(Edit::End));
        f.handle(Resolved::Text('x'));
        assert_eq!(f.text(T::B), "11-25x");
    }

    #[test]
    fn values_restore_by_name_whatever_the_order() {
        let mut f = form();
        f.set_text(T::A, "王芳");
        f.set_choice(T::C, 1);
        let saved = f.values();
        // The same ids in another order, as after a field was moved in a new version.
        let mut g = Form::new(vec![
            Field::choice(T::C, "c", vec!["x".into(), "y".into()], 0),
            Field::text(T::A, "a", ""),
        ]);
        g.restore(&saved);
        assert_eq!(g.text(T::A), "王芳");
        assert_eq!(g.choice(T::C), 1);
    }
}
