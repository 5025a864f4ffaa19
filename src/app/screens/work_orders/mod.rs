//! Work orders: every open repair order, soonest promise first.
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
use crate::store::repair_orders::RepairOrderRow;

impl Haystack for RepairOrderRow {
    fn haystack(&self) -> String {
        format!(
            "{} {} {} {}",
            self.number, self.plate, self.customer_name, self.advisor_name
        )
    }
}

#[derive(Debug, Clone, Default)]
pub struct WorkOrders {
    pub list: ListState<RepairOrderRow>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded(Vec<RepairOrderRow>),
    /// The printable order was written to this file.
    Printed(String),
    Failed(Note),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Load,
    /// Print (again) the repair order with this number.
    Print(String),
}

impl Screen for WorkOrders {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.work_orders",
        action: Action::PanelWorkOrders,
    });

    fn new(_today: NaiveDate) -> Self {
        WorkOrders::default()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.list.filtering {
            vec![Mode::WorkOrders, Mode::Input]
        } else {
            vec![Mode::WorkOrders, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.list.filtering
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load]
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
            Msg::Printed(path) => {
                cx.note(Note::info_args("checkin.printed", vec![("path", path)]));
            }
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
