//! Complaints: open complaints with their 1 h and 72 h clocks; overdue ones stand out.
mod fx;
mod keys;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View};
use crate::app::widgets::list::{Haystack, ListState};
use crate::i18n::Note;
use crate::store::complaints::ComplaintRow;

impl Haystack for ComplaintRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.number,
            self.customer_name.as_deref().unwrap_or(""),
            self.plate.as_deref().unwrap_or(""),
            self.description
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct Complaints {
    pub list: ListState<ComplaintRow>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(Vec<ComplaintRow>),
    Failed(Note),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Load,
}

impl Screen for Complaints {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.complaints",
        action: Action::PanelComplaints,
    });

    fn new(_today: NaiveDate) -> Self {
        Complaints::default()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.list.filtering {
            vec![Mode::Complaints, Mode::Input]
        } else {
            vec![Mode::Complaints, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.list.filtering
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
    }

    fn tick(&mut self, _cx: &mut Cx<Msg>, active: bool, _day_before: NaiveDate) -> Vec<Effect> {
        // deadlines move with the clock; rows are re-read for fresh state
        if active { vec![Effect::Load] } else { vec![] }
    }

    fn key(&mut self, _cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        self.list.paste(text);
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(rows) => self.list.set_rows(rows),
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
