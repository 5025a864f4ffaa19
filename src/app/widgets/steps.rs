//! Step navigation: a bar of numbered steps with the current one lit, and the last
//! ("done") shown only once it is reached.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::I18n;
use crate::theme::Theme;

/// Steps that follow each other.
pub trait Step: Copy + Eq + 'static {
    /// Every step in order; the last is the finished state.
    const ALL: &'static [Self];
    fn title_key(self) -> &'static str;

    fn position(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn is_done(self) -> bool {
        self.position() + 1 == Self::ALL.len()
    }

    /// The step after this one (the finished state stays).
    fn next(self) -> Self {
        *Self::ALL.get(self.position() + 1).unwrap_or(&self)
    }

    /// The step before this one; the first and the finished state stay.
    fn prev(self) -> Self {
        if self.is_done() {
            return self;
        }
        Self::ALL[self.position().saturating_sub(1)]
    }
}

/// " 1 Customer  2 Walk-around …" with `current` lit; the finished state is added at the
/// end once reached.
pub fn bar<S: Step>(frame: &mut Frame, area: Rect, current: S, t: &I18n) {
    let mut spans = vec![];
    let n = S::ALL.len().saturating_sub(1);
    for (i, s) in S::ALL.iter().take(n).enumerate() {
        let style = if *s == current {
            Theme::tab_active()
        } else {
            Theme::tab()
        };
        spans.push(Span::styled(
            format!(" {} {} ", i + 1, t.t(s.title_key())),
            style,
        ));
    }
    if current.is_done() {
        spans.push(Span::styled(
            format!(" {} ", t.t(current.title_key())),
            Theme::tab_active(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(Theme::tab()), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum S {
        A,
        B,
        Done,
    }

    impl Step for S {
        const ALL: &'static [S] = &[S::A, S::B, S::Done];
        fn title_key(self) -> &'static str {
            "x"
        }
    }

    #[test]
    fn next_and_prev_stop_at_the_ends_and_done_stays_done() {
        assert_eq!(S::A.next(), S::B);
        assert_eq!(S::B.next(), S::Done);
        assert_eq!(S::Done.next(), S::Done);
        assert_eq!(S::A.prev(), S::A);
        assert_eq!(S::B.prev(), S::A);
        assert_eq!(S::Done.prev(), S::Done);
    }
}
