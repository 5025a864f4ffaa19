//! A yes/no question whose wording comes from the caller: what it does ("Cancel the
//! appointment of 王芳 10:30?") and what each answer means ("y / Enter: cancel it
//! n / Esc: keep it").

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::i18n::{I18n, Note};
use crate::theme::Theme;

use super::list::{centered, popup};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// Catalog key of the title.
    pub title: &'static str,
    pub body: Note,
    /// Catalog key of the line that says what y and n do.
    pub keys: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

impl Confirm {
    pub fn new(title: &'static str, body: Note, keys: &'static str) -> Confirm {
        Confirm { title, body, keys }
    }

    /// "Discard what you typed in this form?"
    pub fn discard() -> Confirm {
        Confirm::new(
            "confirm.discard.title",
            Note::info("confirm.discard.body"),
            "confirm.discard.keys",
        )
    }

    /// y or Enter answers yes, n or Esc no; other keys are ignored.
    pub fn handle(&self, r: Resolved) -> Option<Answer> {
        match r {
            Resolved::Action(Action::Yes | Action::Confirm) => Some(Answer::Yes),
            Resolved::Action(Action::No | Action::Cancel) => Some(Answer::No),
            _ => None,
        }
    }

    /// A popup wide enough for the question and its keys (52 columns at least), taller
    /// when a line must wrap on a narrow screen.
    pub fn render(&self, frame: &mut Frame, area: Rect, t: &I18n) {
        let body = t.note(&self.body);
        let keys = t.t(self.keys).to_string();
        let widest = Line::raw(body.as_str())
            .width()
            .max(Line::raw(keys.as_str()).width());
        let w = u16::try_from(widest + 4)
            .unwrap_or(u16::MAX)
            .max(52)
            .min(area.width);
        let inner = usize::from(w.saturating_sub(2)).max(1);
        let rows = |s: &str| Line::raw(s).width().div_ceil(inner).max(1);
        let h = u16::try_from(1 + rows(&body) + rows(&keys)).unwrap_or(4);
        let r = centered(area, w, h);
        popup(
            frame,
            r,
            t.t(self.title),
            vec![Line::raw(body), Line::styled(keys, Theme::key())],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_enter_say_yes_n_esc_say_no_and_the_wording_is_the_callers() {
        let c = Confirm::new(
            "prompt.cancel_title",
            Note::info_args("prompt.cancel_body", vec![("who", "王芳 10:30".into())]),
            "prompt.cancel_keys",
        );
        assert_eq!(c.handle(Resolved::Action(Action::Yes)), Some(Answer::Yes));
        assert_eq!(
            c.handle(Resolved::Action(Action::Confirm)),
            Some(Answer::Yes)
        );
        assert_eq!(c.handle(Resolved::Action(Action::No)), Some(Answer::No));
        assert_eq!(c.handle(Resolved::Action(Action::Cancel)), Some(Answer::No));
        assert_eq!(c.handle(Resolved::Text('x')), None);
        let t = I18n::new(crate::i18n::Lang::En);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 10)).unwrap();
        term.draw(|f| c.render(f, f.area(), &t)).unwrap();
        let text: String = term
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(text.contains("Cancel the appointment of 王"), "{text}");
        assert!(text.contains("10:30?"), "{text}");
        assert!(text.contains("cancel the appointment"), "{text}");
        assert!(!text.contains("quit"), "{text}");
    }
}
