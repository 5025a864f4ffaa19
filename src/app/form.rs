//! A generic form: labelled text and choice fields, one focus, an error per field.
//! Panels build their forms from these and read the values back on save.

use super::input::TextInput;
use super::keymap::Edit;
use super::model::Note;

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
pub struct Field {
    /// i18n key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub error: Option<Note>,
    /// Hidden fields are skipped by Tab and not drawn.
    pub hidden: bool,
}

impl Field {
    pub fn text(label: &'static str, value: &str) -> Field {
        Field {
            label,
            kind: FieldKind::Text(TextInput::with_value(value)),
            error: None,
            hidden: false,
        }
    }

    pub fn choice(label: &'static str, options: Vec<String>, idx: usize) -> Field {
        Field {
            label,
            kind: FieldKind::Choice {
                options,
                idx,
                literal: false,
            },
            error: None,
            hidden: false,
        }
    }

    /// A choice among values shown as they are (names of people, for instance).
    pub fn literal_choice(label: &'static str, options: Vec<String>, idx: usize) -> Field {
        Field {
            label,
            kind: FieldKind::Choice {
                options,
                idx,
                literal: true,
            },
            error: None,
            hidden: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Something was typed or chosen since the form opened.
    pub dirty: bool,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            dirty: false,
        }
    }

    pub fn text(&self, i: usize) -> &str {
        match &self.fields[i].kind {
            FieldKind::Text(t) => t.value(),
            FieldKind::Choice { .. } => "",
        }
    }

    pub fn set_text(&mut self, i: usize, v: &str) {
        self.fields[i].kind = FieldKind::Text(TextInput::with_value(v));
    }

    pub fn choice(&self, i: usize) -> usize {
        match &self.fields[i].kind {
            FieldKind::Choice { idx, .. } => *idx,
            FieldKind::Text(_) => 0,
        }
    }

    pub fn set_choice(&mut self, i: usize, idx: usize) {
        if let FieldKind::Choice {
            idx: cur, options, ..
        } = &mut self.fields[i].kind
        {
            *cur = idx.min(options.len().saturating_sub(1));
        }
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
                self.focus = i as usize;
                return;
            }
        }
    }

    pub fn focus_on(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
    }

    /// Typed text goes into a text field; on a choice field a space picks the next option.
    pub fn insert(&mut self, s: &str) {
        let f = &mut self.fields[self.focus];
        match &mut f.kind {
            FieldKind::Text(t) => {
                t.insert(s);
                f.error = None;
                self.dirty = true;
            }
            FieldKind::Choice { .. } if s == " " => self.cycle(1),
            FieldKind::Choice { .. } => {}
        }
    }

    pub fn edit(&mut self, e: Edit) {
        let f = &mut self.fields[self.focus];
        match &mut f.kind {
            FieldKind::Text(t) => {
                let before = t.value().to_string();
                t.edit(e);
                if t.value() != before {
                    f.error = None;
                    self.dirty = true;
                }
            }
            FieldKind::Choice { .. } => match e {
                Edit::Left => self.cycle(-1),
                Edit::Right => self.cycle(1),
                _ => {}
            },
        }
    }

    /// Next/previous option of the focused choice field.
    pub fn cycle(&mut self, delta: isize) {
        let f = &mut self.fields[self.focus];
        if let FieldKind::Choice { options, idx, .. } = &mut f.kind
            && !options.is_empty()
        {
            *idx = ((*idx as isize + delta).rem_euclid(options.len() as isize)) as usize;
            f.error = None;
            self.dirty = true;
        }
    }

    pub fn set_error(&mut self, i: usize, note: Note) {
        self.fields[i].error = Some(note);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_skips_hidden_fields_and_space_cycles_choices() {
        let mut f = Form::new(vec![
            Field::text("a", ""),
            Field {
                hidden: true,
                ..Field::text("b", "")
            },
            Field::choice("c", vec!["x".into(), "y".into()], 0),
        ]);
        f.move_focus(1);
        assert_eq!(f.focus, 2);
        f.insert(" ");
        assert_eq!(f.choice(2), 1);
        f.insert("q");
        assert_eq!(f.choice(2), 1, "letters do nothing on a choice");
        f.move_focus(1);
        assert_eq!(f.focus, 0);
        f.insert("hi");
        assert_eq!(f.text(0), "hi");
        assert!(f.dirty);
        f.move_focus(-1);
        assert_eq!(f.focus, 2);
    }
}
