//! The supervisors' read-only board: today's figures, refreshed when any counter
//! commits (PRAGMA data_version) and every minute.
mod fx;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, View};
use crate::i18n::Note;
use crate::store::board::BoardSummary;

#[derive(Debug, Clone, Default)]
pub struct Board {
    pub summary: BoardSummary,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(BoardSummary),
    Failed(Note),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Load,
}

impl Screen for Board {
    type Msg = Msg;
    type Effect = Effect;

    fn new(_today: NaiveDate) -> Self {
        Board::default()
    }

    fn sections(&self) -> Vec<Mode> {
        vec![Mode::Board]
    }

    fn typing(&self) -> bool {
        false
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    fn tick(&mut self, _cx: &mut Cx<Msg>, active: bool, _day_before: NaiveDate) -> Vec<Effect> {
        if active { vec![Effect::Load] } else { vec![] }
    }

    /// Nothing on the board changes data; its keys are the shell's (help, reload, quit).
    fn key(&mut self, _cx: &mut Cx<Msg>, _r: Resolved) -> Vec<Effect> {
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(s) => self.summary = s,
            Msg::Failed(n) => cx.note(n),
        }
        vec![]
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        view::render(self, frame, area, v)
    }
}
