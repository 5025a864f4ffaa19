//! Check-in: find the customer or vehicle (plate, phone or name, as you type); with no
//! query, today's expected arrivals from the appointment board. Then the steps of the
//! check-in (`flow.rs`) to the signed repair order, kept as a draft (`draft.rs`) until
//! it is confirmed.
mod catalog;
pub mod draft;
pub mod flow;
mod fx;
mod keys;
mod view;
mod view_flow;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View};
use crate::app::widgets::lookup::Lookup;
use crate::i18n::Note;
use crate::store::appointments::AppointmentRow;
use crate::store::customers::{NewCustomerVehicle, SearchHit};
use crate::store::repair_orders::NewRepairOrder;

pub use draft::Draft;
pub use flow::{CustomerField, Flow, Loaded, OrderField, Step, WalkField};

/// How many catalog entries the job line's completion offers.
pub const COMPLETION_LIMIT: usize = 8;

/// How many search hits the check-in lookup shows.
pub const SEARCH_LIMIT: usize = 50;

/// The draft kind stored for this flow.
pub const DRAFT_KIND: &str = "checkin";

#[derive(Debug, Clone, Default)]
pub struct Checkin {
    /// Search-as-you-type over plate, phone and name.
    pub lookup: Lookup,
    /// Today's expected arrivals (booked or confirmed appointments).
    pub arrivals: Vec<AppointmentRow>,
    /// The selected arrival (while the query is blank).
    pub arrival: usize,
    /// The check-in under way.
    pub flow: Option<Flow>,
    /// An unfinished check-in found at start-up, offered back (and when it was saved).
    pub draft_offer: Option<(Box<Draft>, DateTime<Utc>)>,
    /// A check-in waiting for the answer to "already has an open order — open another?".
    pub pending: Option<(Box<Loaded>, Option<Box<WalkIn>>)>,
    /// The flow changed since its draft was last saved.
    pub draft_pending: bool,
}

/// A walk-in not on file: what was typed, and the customer chosen if they had no vehicle.
pub type WalkIn = (String, Option<SearchHit>);

#[derive(Debug, Clone)]
pub enum Msg {
    Arrivals(Vec<AppointmentRow>),
    Hits(String, Vec<SearchHit>),
    /// The job catalog's entries for the line description typed.
    Completed(String, Vec<crate::store::catalog::Hit>),
    /// The lines of the package taken from the catalog.
    Package(Vec<crate::store::catalog::PackageLine>),
    Loaded(Box<Loaded>, Option<Box<WalkIn>>),
    DraftFound(Box<Draft>, DateTime<Utc>),
    Resumed(Box<Flow>),
    /// The repair order was written; its number.
    CheckedIn(String),
    /// The printable order was written to this file.
    Printed(String),
    /// The store refused the walk-in; the message belongs next to the field.
    Refused(CustomerField, Note),
    Failed(Note),
    /// Something the advisor should know (not an error).
    Notice(Note),
    /// The advisor said yes to discarding the check-in under way.
    Discard,
    /// The vehicle has an open order: the advisor's answer to opening another.
    SecondOrder(bool),
    /// The advisor keeps a plate that is not a standard one.
    KeepPlate(String),
    /// …or corrects it: the plate field gets the focus.
    FixPlate,
}

/// A confirmed check-in for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinDraft {
    pub order: NewRepairOrder,
    pub day: NaiveDate,
    pub appointment: Option<(i64, i64)>,
    /// A walk-in to create with the order.
    pub new_customer: Option<NewCustomerVehicle>,
    /// Lines declined at earlier visits that this order takes up (their ids).
    pub take_up: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadArrivals,
    Search(String),
    /// Look the line description up in the job catalog (packages totalled at this
    /// labour rate, the flow's).
    Complete(String, i64),
    /// Read the lines of a catalog package.
    TakePackage(i64),
    Start {
        customer_id: Option<i64>,
        vehicle_id: Option<i64>,
        appointment: Option<i64>,
        walk_in: Option<Box<WalkIn>>,
    },
    SaveDraft(String),
    DiscardDraft,
    LoadDraft,
    ResumeDraft(Box<Draft>),
    Confirm(Box<CheckinDraft>),
    Print(String),
    /// The answer to "already has an open order — open another?", for the audit log.
    RecordSecondOrder {
        vehicle_id: i64,
        number: String,
        opened: bool,
    },
}

impl Checkin {
    /// The flow's current step has a form (its fields take the keys).
    fn in_form(&self) -> bool {
        self.flow.as_ref().is_some_and(|f| match f.step {
            Step::Customer => f.new_customer.is_some(),
            Step::Walkaround | Step::Order => true,
            Step::Review | Step::Done => false,
        })
    }

    /// The comeback question (or, for the same concern, whether it is charged) waits
    /// for its y / n.
    pub fn asking_comeback(&self) -> bool {
        self.flow.as_ref().is_some_and(|f| {
            f.step == Step::Customer
                && f.comeback_candidate.is_some()
                && (f.comeback_confirmed.is_none() || f.asking_charge())
        })
    }
}

impl Screen for Checkin {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.checkin",
        action: Action::PanelCheckin,
    });

    fn new(_today: NaiveDate) -> Self {
        Checkin::default()
    }

    fn sections(&self) -> Vec<Mode> {
        let Some(flow) = &self.flow else {
            return if self.draft_offer.is_some() {
                vec![Mode::List]
            } else {
                vec![Mode::Input]
            };
        };
        let mut v = vec![];
        if self.asking_comeback() {
            v.push(Mode::Confirm);
        }
        v.push(Mode::Checkin);
        if matches!(flow.step, Step::Walkaround | Step::Order)
            || (flow.step == Step::Customer && !flow.declined.is_empty())
        {
            v.push(Mode::Items);
        }
        v.push(if self.typing() {
            Mode::Input
        } else {
            Mode::List
        });
        v
    }

    /// The lookup and the step forms take plain keys as text (Space picks the next
    /// option of a choice); the read-back, the confirmed order, a customer step without
    /// fields and the draft offer do not.
    fn typing(&self) -> bool {
        match &self.flow {
            Some(_) => self.in_form(),
            None => self.draft_offer.is_none(),
        }
    }

    fn unsaved(&self) -> bool {
        self.flow
            .as_ref()
            .is_some_and(|f| f.dirty && f.step != Step::Done)
    }

    fn unsaved_body(&self) -> &'static str {
        "confirm.quit.draft_body"
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        let mut v = vec![Effect::LoadArrivals];
        if !self.lookup.is_blank() {
            v.push(Effect::Search(self.lookup.query.value().to_string()));
        }
        v
    }

    fn signed_in(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::LoadDraft]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        keys::paste(self, cx, text)
    }

    fn idle(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        keys::idle(self)
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        keys::update(self, cx, msg)
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        view::render(self, frame, area, v)
    }
}
