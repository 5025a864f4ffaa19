//! Work orders (F2): the board of open orders by urgency with their alerts, the view by
//! technician ("when will it be done?"), one order's detail with every action from
//! dispatch to delivery, and the follow-up call list (domain.md §3–§4).
//!
//! `board.rs` and `detail.rs` hold what is shown and what is derived from it; `dialogs/`
//! the small forms of the actions; `keys.rs` turns keys into state and effects; `fx.rs`
//! is the only code that talks to the store; `view.rs`, `view_detail.rs` and
//! `view_dialog.rs` draw.
pub mod board;
pub mod detail;
pub mod dialogs;
mod fx;
mod keys;
pub mod view;
mod view_detail;
mod view_dialog;

use std::cell::Cell;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View as ViewCx};
use crate::app::screens::complaints::intake::FromCall;
use crate::domain::workshop::WorkError;
use crate::domain::workshop::follow_up::Call;
use crate::domain::workshop::jobs::{Consent, JobAction};
use crate::i18n::Note;
use crate::store::Revision;
use crate::store::appointments::NewAppointment;
use crate::store::repair_orders::NewLine;
use crate::store::workshop::{BoardRow, CallOutcome, Delivery, FollowUpRow, Policy, QcEntry};

pub use board::{Board, Entry, TechLine, Wait};
pub use detail::{DetailState, Loaded};
pub use dialogs::{Dialog, Kind, W};

/// What the panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every open order, most urgent first.
    Board,
    /// The open orders by technician.
    Technicians,
    /// One order.
    Detail,
    /// Delivered orders whose follow-up call is due.
    Calls,
}

/// One action on an order, as the store takes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    Dispatch {
        technician_id: Option<i64>,
        bay: String,
    },
    Job {
        line_id: i64,
        action: JobAction,
    },
    Progress(i64),
    /// The customer was told the car is nearly done (80/20).
    Told,
    Propose(NewLine),
    Answer {
        line_id: i64,
        consent: Consent,
    },
    SubmitQc,
    RecordQc(QcEntry),
    Ready {
        washed: bool,
        spot: String,
        odometer_out_km: i64,
    },
    Deliver(Delivery),
    Cancel(String),
    /// A follow-up call; a problem books its comeback appointment in the same transaction,
    /// and opens the complaint intake prefilled when it is to be recorded as a complaint.
    Call {
        call: Call,
        comeback: Option<Box<NewAppointment>>,
        complaint: Option<Box<FromCall>>,
    },
}

impl Work {
    /// The catalog key of "done" for this action (`{number}`).
    pub fn done_key(&self) -> &'static str {
        match self {
            Work::Dispatch { .. } => "wo.done.dispatch",
            Work::Job {
                action: JobAction::Start,
                ..
            } => "wo.done.start",
            Work::Job {
                action: JobAction::Pause(_),
                ..
            } => "wo.done.pause",
            Work::Job {
                action: JobAction::Resume,
                ..
            } => "wo.done.resume",
            Work::Job {
                action: JobAction::Finish,
                ..
            } => "wo.done.finish",
            Work::Progress(_) => "wo.done.progress",
            Work::Told => "wo.done.told",
            Work::Propose(_) => "wo.done.propose",
            Work::Answer { .. } => "wo.done.answer",
            Work::SubmitQc => "wo.done.submit_qc",
            Work::RecordQc(_) => "wo.done.qc",
            Work::Ready { .. } => "wo.done.ready",
            Work::Deliver(_) => "wo.done.deliver",
            Work::Cancel(_) => "wo.done.cancel",
            Work::Call { .. } => "wo.done.call",
        }
    }
}

/// Why the store refused an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A workshop rule.
    Rule(WorkError),
    /// Another counter changed the order first (who and when).
    Conflict(Note),
    /// The comeback appointment does not fit the day (its message).
    Capacity(Note),
    /// Anything else.
    Other(Note),
}

#[derive(Debug, Clone)]
pub enum Msg {
    /// The board's rows and policy, read at this revision of the store.
    Board(Vec<BoardRow>, Policy, Option<Revision>),
    /// The rows in hand are current (nothing committed since they were read).
    BoardCurrent,
    Calls(NaiveDate, Vec<FollowUpRow>),
    Detail(i64, Option<Box<Loaded>>),
    /// The action on order `id` was applied.
    Applied {
        id: i64,
        number: String,
        work: Box<Work>,
        outcome: Option<CallOutcome>,
    },
    Refused {
        id: i64,
        why: Refusal,
    },
    /// The printable copy was written to this file.
    Printed(String),
    Failed(Note),
    /// The user said yes to discarding the dialog's input.
    DiscardDialog,
    /// The job catalog's entries for the added line's description.
    Completed(String, Vec<crate::store::catalog::Hit>),
}

impl Msg {
    /// A follow-up call just saved with a problem to record as a complaint: what the
    /// complaint intake is to be opened with.
    pub fn complaint_from_call(&self) -> Option<Box<FromCall>> {
        match self {
            Msg::Applied { work, .. } => match work.as_ref() {
                Work::Call {
                    complaint: Some(c), ..
                } => Some(c.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// The board and the shop's workshop policy, unless the store still stands at the
    /// revision the rows in hand were read at.
    Load(Option<Revision>),
    LoadDetail(i64),
    LoadCalls(NaiveDate),
    Apply {
        id: i64,
        version: i64,
        number: String,
        work: Box<Work>,
    },
    /// The repair order, printed again.
    Print(String),
    /// The settlement statement (结算单) of a ready or delivered order.
    PrintSettlement(String),
    /// Look the added line's description up in the job catalog (at this labour rate).
    Complete(String, i64),
}

#[derive(Debug, Clone)]
pub struct WorkOrders {
    pub view: View,
    /// Where Esc from the detail goes back to.
    pub back: View,
    pub board: Board,
    pub calls: Vec<FollowUpRow>,
    pub calls_loaded: bool,
    pub call_selected: usize,
    pub call_offset: Cell<usize>,
    /// The shop's workshop policy as last read.
    pub policy: Option<Policy>,
    /// The order shown in the detail, or the one a dialog opened from the board is for.
    pub detail: Option<DetailState>,
    pub dialog: Option<Dialog>,
    /// An action asked for on the board, waiting for its order's detail to open.
    pub pending: Option<(i64, Action)>,
}

impl WorkOrders {
    pub fn new_empty() -> WorkOrders {
        WorkOrders {
            view: View::Board,
            back: View::Board,
            board: Board::default(),
            calls: Vec::new(),
            calls_loaded: false,
            call_selected: 0,
            call_offset: Cell::new(0),
            policy: None,
            detail: None,
            dialog: None,
            pending: None,
        }
    }

    /// Shows view `v` (the technician view's grouping is kept only while it shows).
    pub fn show(&mut self, v: View) {
        self.view = v;
        self.board.set_tech_view(v == View::Technicians);
    }

    /// The follow-up call selected in the call list.
    pub fn current_call(&self) -> Option<&FollowUpRow> {
        self.calls.get(self.call_selected)
    }
}

impl Screen for WorkOrders {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.work_orders",
        action: Action::PanelWorkOrders,
    });

    fn new(_today: NaiveDate) -> Self {
        WorkOrders::new_empty()
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            return vec![Mode::Input];
        }
        match self.view {
            View::Board | View::Technicians => vec![Mode::WorkOrders, Mode::List],
            View::Detail => vec![Mode::WorkOrder, Mode::List],
            View::Calls => vec![Mode::FollowUps, Mode::List],
        }
    }

    fn typing(&self) -> bool {
        // A dialog takes plain keys as input (Space picks the next option of a choice).
        self.dialog.is_some() || (self.view == View::Board && self.board.filtering)
    }

    fn unsaved(&self) -> bool {
        self.dialog.as_ref().is_some_and(Dialog::changed)
    }

    fn unsaved_body(&self) -> &'static str {
        "wo.quit.body"
    }

    fn show(&mut self, cx: &mut Cx<Msg>) -> Vec<Effect> {
        keys::load(self, cx)
    }

    /// The board is read at sign-in, so the first look at F2 finds its rows in hand
    /// (and checks only that nothing was committed since).
    fn signed_in(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load(None)]
    }

    fn tick(&mut self, cx: &mut Cx<Msg>, active: bool, day_before: NaiveDate) -> Vec<Effect> {
        if !active {
            return vec![];
        }
        // Alerts move with the clock: recomputed from the rows in memory, no reload.
        self.board.retime(cx.now);
        if self.view == View::Calls && cx.today() != day_before {
            return vec![Effect::LoadCalls(cx.today())];
        }
        vec![]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        match self.dialog.as_mut() {
            Some(d) => {
                d.form.insert(text);
                d.sync();
            }
            None if self.view == View::Board => self.board.paste(text),
            None => {}
        }
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        keys::update(self, cx, msg)
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &ViewCx) {
        view::render(self, frame, area, v)
    }
}
