//! The supervisors' read-only wall board (`frontdesk board`) in five pages — Today,
//! Workshop, Complaints, KPIs, Week — turned by keys (←/→, 1–5) or on their own
//! (`--rotate 15s`), and the lounge's welcome board (`frontdesk board --welcome`), which
//! greets the customers whose cars are in the shop, masked, and pages through them on
//! its own. Both reload when any counter commits (PRAGMA data_version) and each minute.
mod fx;
mod view;
mod view_figures;
mod view_floor;
mod view_welcome;

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, View};
use crate::app::screens::work_orders::board::Board as Orders;
use crate::domain::appointment::DayLoad;
use crate::domain::complaint::Clocks;
use crate::domain::kpi::Series;
use crate::i18n::Note;
use crate::store::Revision;
use crate::store::board::{Today, WelcomeRow};
use crate::store::complaints::ComplaintHead;
use crate::store::staff::Staff;
use crate::store::workshop::BoardRow;

/// The wall board's pages, in their order (keys 1–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Today,
    Workshop,
    Complaints,
    Kpis,
    Week,
}

impl Page {
    pub const ALL: [Page; 5] = [
        Page::Today,
        Page::Workshop,
        Page::Complaints,
        Page::Kpis,
        Page::Week,
    ];

    pub fn label_key(self) -> &'static str {
        match self {
            Page::Today => "board.page.today",
            Page::Workshop => "board.page.workshop",
            Page::Complaints => "board.page.complaints",
            Page::Kpis => "board.page.kpis",
            Page::Week => "board.page.week",
        }
    }

    fn index(self) -> usize {
        Page::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The page `delta` away, round the end.
    /// Whether the page's figures are worked out to the minute (the complaint clocks):
    /// the others change only with the data and the day (the workshop page's alerts are
    /// worked out again each minute from the rows in hand).
    fn timed(self) -> bool {
        matches!(self, Page::Complaints | Page::Kpis)
    }

    fn step(self, delta: isize) -> Page {
        let n = Page::ALL.len() as isize;
        Page::ALL[(self.index() as isize + delta).rem_euclid(n) as usize]
    }
}

/// What a page read.
#[derive(Debug, Clone)]
pub enum Data {
    Today(Today),
    /// The open orders, the approval wait of the shop's policy (minutes) and the staff.
    Workshop(Vec<BoardRow>, i64, Vec<Staff>),
    Complaints(Vec<(ComplaintHead, Clocks)>),
    Kpis(Vec<Series>),
    Week(Vec<(NaiveDate, DayLoad)>),
    Welcome(Vec<WelcomeRow>),
}

impl Data {
    /// The page these figures are for (the welcome board's cars are no page).
    fn page(&self) -> Option<Page> {
        match self {
            Data::Today(_) => Some(Page::Today),
            Data::Workshop(..) => Some(Page::Workshop),
            Data::Complaints(_) => Some(Page::Complaints),
            Data::Kpis(_) => Some(Page::Kpis),
            Data::Week(_) => Some(Page::Week),
            Data::Welcome(_) => None,
        }
    }
}

/// What a page's figures were read at: the store's revision, the day asked for and, for
/// a page whose clocks are worked out to the minute ([`Page::timed`]), the minute. While
/// they hold, the figures in hand are the ones a read would give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    revision: Revision,
    day: NaiveDate,
    minute: i64,
}

impl Stamp {
    fn new(
        revision: Revision,
        page: Page,
        day: NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Stamp {
        Stamp {
            revision,
            day,
            minute: if page.timed() {
                now.timestamp().div_euclid(60)
            } else {
                0
            },
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Board {
    /// The lounge's welcome board, not the supervisors'.
    pub welcome: bool,
    /// The lounge's greeting line (config `welcome_greeting`; the catalog's otherwise).
    pub greeting: Option<String>,
    /// Seconds between pages turned on their own (`--rotate`; the welcome board pages
    /// through its cars every 10 s unless told otherwise).
    pub rotate_secs: Option<u64>,
    pub page: Page,
    /// The day the Today page shows when not today (`[` / `]`).
    pub day: Option<NaiveDate>,
    /// The workshop page lists the orders by technician (`v`), else by urgency.
    pub by_technician: bool,
    pub today: Option<Today>,
    pub orders: Orders,
    pub orders_loaded: bool,
    pub complaints: Option<Vec<(ComplaintHead, Clocks)>>,
    pub kpis: Option<Vec<Series>>,
    pub week: Option<Vec<(NaiveDate, DayLoad)>>,
    pub cars: Option<Vec<WelcomeRow>>,
    /// The welcome board's page of cars (turned on its own).
    pub car_page: usize,
    /// What each page's figures in hand were read at (by [`Page::ALL`] order).
    read_at: [Option<Stamp>; 5],
    /// The pages not shown may be out of date: when the board is left alone for a
    /// moment, one of them is read ([`Effect::ReadAhead`]), so that turning to it
    /// reads nothing.
    ahead: bool,
}

#[derive(Debug, Clone)]
pub enum Msg {
    /// A page's figures, with what they were read at.
    Loaded(Data, Option<Stamp>),
    /// The page's figures in hand are current (same revision, day and minute).
    Current,
    /// Every page not shown is current: nothing to read ahead.
    AheadDone,
    Failed(Note),
    /// The rotation timer: the next page (the next cars, on the welcome board).
    Rotate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A page's figures for a day, unless those in hand were read at the same stamp.
    Load(Page, NaiveDate, Option<Stamp>),
    /// The first of these pages whose figures in hand are not current (if any), read
    /// while the board is left alone.
    ReadAhead(Vec<(Page, NaiveDate, Option<Stamp>)>),
    LoadWelcome,
}

impl Board {
    /// The day the Today page shows.
    pub fn day_shown(&self, today: NaiveDate) -> NaiveDate {
        self.day.unwrap_or(today)
    }

    /// Forgets what every page's figures were read at: each page is read on its next
    /// look whatever the store's revision (the boards benchmark times the reads so).
    pub fn forget_reads(&mut self) {
        self.read_at = [None; 5];
    }

    /// Whether the board would read a page ahead when left alone (see [`Effect::ReadAhead`]).
    pub fn reading_ahead(&self) -> bool {
        self.ahead
    }

    /// The day `page` shows.
    fn day_of(&self, page: Page, today: NaiveDate) -> NaiveDate {
        match page {
            Page::Today | Page::Week => self.day_shown(today),
            _ => today,
        }
    }

    /// The page shown, read unless current; the others are looked at when the board is
    /// left alone.
    fn load(&mut self, today: NaiveDate) -> Vec<Effect> {
        if self.welcome {
            return vec![Effect::LoadWelcome];
        }
        self.ahead = true;
        vec![Effect::Load(
            self.page,
            self.day_of(self.page, today),
            self.read_at[self.page.index()],
        )]
    }

    /// The pages not shown, the next and the previous first (the ones a turn reaches).
    fn ahead(&self, today: NaiveDate) -> Vec<Effect> {
        if self.welcome || !self.ahead {
            return vec![];
        }
        let pages = [1, -1, 2, -2].map(|d| self.page.step(d));
        vec![Effect::ReadAhead(
            pages
                .into_iter()
                .map(|p| (p, self.day_of(p, today), self.read_at[p.index()]))
                .collect(),
        )]
    }

    fn go(&mut self, page: Page, today: NaiveDate) -> Vec<Effect> {
        self.page = page;
        self.load(today)
    }

    /// Moves the Today and Week pages' day by `days` (back to following the clock when it
    /// comes to today).
    fn shift_day(&mut self, days: i64, today: NaiveDate) -> Vec<Effect> {
        let from = self.day_shown(today);
        let to = if days >= 0 {
            from.checked_add_days(Days::new(days as u64))
        } else {
            from.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .unwrap_or(from);
        self.day = (to != today).then_some(to);
        self.load(today)
    }
}

impl Screen for Board {
    type Msg = Msg;
    type Effect = Effect;

    fn new(_today: NaiveDate) -> Self {
        Board::default()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.welcome {
            vec![Mode::Welcome]
        } else {
            vec![Mode::Board]
        }
    }

    fn typing(&self) -> bool {
        false
    }

    fn show(&mut self, cx: &mut Cx<Msg>) -> Vec<Effect> {
        self.load(cx.today())
    }

    fn tick(&mut self, cx: &mut Cx<Msg>, active: bool, _day_before: NaiveDate) -> Vec<Effect> {
        if self.orders_loaded {
            // The alerts move with the clock, the rows only with the data.
            self.orders.retime(cx.now);
        }
        if active {
            self.load(cx.today())
        } else {
            vec![]
        }
    }

    /// Pages and the day shown; nothing on the board changes data (its keymap section
    /// binds no action that could).
    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        let today = cx.today();
        if self.welcome {
            return vec![];
        }
        let Resolved::Action(a) = r else {
            return vec![];
        };
        match a {
            Action::NextPage => self.go(self.page.step(1), today),
            Action::PrevPage => self.go(self.page.step(-1), today),
            Action::Page1 => self.go(Page::Today, today),
            Action::Page2 => self.go(Page::Workshop, today),
            Action::Page3 => self.go(Page::Complaints, today),
            Action::Page4 => self.go(Page::Kpis, today),
            Action::Page5 => self.go(Page::Week, today),
            Action::PrevDay if matches!(self.page, Page::Today | Page::Week) => {
                let d = if self.page == Page::Week { 7 } else { 1 };
                self.shift_day(-d, today)
            }
            Action::NextDay if matches!(self.page, Page::Today | Page::Week) => {
                let d = if self.page == Page::Week { 7 } else { 1 };
                self.shift_day(d, today)
            }
            Action::Today => {
                self.day = None;
                self.load(today)
            }
            Action::TechnicianView if self.page == Page::Workshop => {
                self.by_technician = !self.by_technician;
                self.orders.set_tech_view(self.by_technician);
                vec![]
            }
            _ => vec![],
        }
    }

    fn idle(&mut self, cx: &mut Cx<Msg>) -> Vec<Effect> {
        self.ahead(cx.today())
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(d, stamp) => {
                if let Some(page) = d.page() {
                    self.read_at[page.index()] = stamp;
                }
                match d {
                    Data::Today(t) => self.today = Some(t),
                    Data::Workshop(rows, approval_wait, staff) => {
                        self.orders.set_rows(rows, cx.now, approval_wait, &staff);
                        self.orders.set_tech_view(self.by_technician);
                        self.orders_loaded = true;
                    }
                    Data::Complaints(c) => self.complaints = Some(c),
                    Data::Kpis(k) => self.kpis = Some(k),
                    Data::Week(w) => self.week = Some(w),
                    Data::Welcome(rows) => self.cars = Some(rows),
                }
            }
            Msg::Current => {}
            Msg::AheadDone => self.ahead = false,
            Msg::Failed(n) => {
                // Not tried again until the board is turned or the data changes.
                self.ahead = false;
                cx.note(n);
            }
            Msg::Rotate if self.welcome => {
                // The page count is the view's (it depends on the height): the view
                // wraps a page past the last one round to the first.
                self.car_page = self.car_page.wrapping_add(1);
            }
            Msg::Rotate => return self.go(self.page.step(1), cx.today()),
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
