//! Complaints: the open complaints with every clock (report, answer, supervision order,
//! follow-up visit), overdue ones first; their count is on every screen's status line.
pub mod analysis;
mod fx;
pub mod intake;
mod keys;
pub mod step;
pub mod view;
mod view_analysis;
mod view_detail;
mod view_intake;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View};
use crate::app::widgets::list::{Haystack, ListState};
use crate::coaching::Coaching;
use crate::domain::complaint::{Calendar, Clocks, Deadline, SpanCache, Which};
use crate::i18n::Note;
use crate::store::Revision;
use crate::store::complaints::{
    self, ComplaintEventRow, ComplaintHead, ComplaintRow, NewComplaint, SupervisionOrder,
};
use crate::store::customers::SearchHit;
use crate::store::repair_orders::HistoryEntry;
use crate::store::settings::ShopSettings;

pub use intake::{Intake, IntakeField};
pub use step::{StepField, StepForm, StepKind};

/// A complaint not reported within its clock, to put before a supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub id: i64,
    pub number: String,
    /// How late ("1h20m").
    pub late: String,
    pub customer: String,
}

/// One complaint as its detail shows it: the row with its clocks, the timeline and the
/// supervision orders.
#[derive(Debug, Clone)]
pub struct Detail {
    pub entry: Entry<ComplaintRow>,
    pub events: Vec<ComplaintEventRow>,
    pub orders: Vec<SupervisionOrder>,
}

/// An open complaint with its clocks at the last load: the list's head, or the whole
/// record on the detail.
#[derive(Debug, Clone)]
pub struct Entry<R = ComplaintHead> {
    pub row: R,
    pub clocks: Clocks,
    /// Its clocks past due and not done.
    pub overdue: usize,
}

/// The catalogs of both languages: `/` finds "待处理"-style labels in either language.
static CATALOGS: std::sync::LazyLock<[crate::i18n::I18n; 2]> =
    std::sync::LazyLock::new(|| crate::i18n::Lang::ALL.map(crate::i18n::I18n::new));

impl Haystack for Entry {
    /// Number, customer, plate, contact, description, and the stage, category, channel
    /// and nature in both languages; "overdue"/"超时" when a clock is.
    fn haystack(&self) -> String {
        let r = &self.row;
        let mut h = format!(
            "{} {} {} {} {}",
            r.number,
            r.customer_name.as_deref().unwrap_or(""),
            r.plate.as_deref().unwrap_or(""),
            r.contact.as_deref().unwrap_or(""),
            r.description
        );
        for t in CATALOGS.iter() {
            for k in [
                r.stage.label_key(),
                r.category.label_key(),
                r.channel.label_key(),
                r.nature.label_key(),
            ] {
                h.push(' ');
                h.push_str(t.t(k));
            }
            if self.overdue > 0 {
                h.push(' ');
                h.push_str(t.t("complaints.overdue_word"));
            }
        }
        h
    }
}

/// The rows with their clocks at `now`, overdue first (the most overdue clocks, then the
/// longest late), then by the next due time, then as received.
pub fn entries<R: AsRef<ComplaintHead>>(
    rows: Vec<R>,
    settings: &ShopSettings,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Entry<R>> {
    let cache = SpanCache::default();
    let cal = Calendar::new(settings.zone(), &settings.week).cached(&cache);
    let mut out: Vec<Entry<R>> = rows
        .into_iter()
        .map(|row| {
            let clocks = row.as_ref().clocks(&settings.complaints, cal, now);
            let overdue = Which::ALL
                .iter()
                .filter_map(|w| clocks.get(*w))
                .filter(|c| c.deadline(now).is_overdue())
                .count();
            Entry {
                row,
                clocks,
                overdue,
            }
        })
        .collect();
    let late = |e: &Entry<R>| {
        Which::ALL
            .iter()
            .filter_map(|w| e.clocks.get(*w))
            .filter_map(|c| match c.deadline(now) {
                Deadline::Overdue { late, .. } => Some(late),
                _ => None,
            })
            .max()
    };
    // Each key computed once per row, not per comparison.
    out.sort_by_cached_key(|e| {
        let due = e.clocks.next_due();
        (
            std::cmp::Reverse(e.overdue),
            std::cmp::Reverse(late(e)),
            due.is_none(),
            due,
            e.row.as_ref().received_at,
            e.row.as_ref().id,
        )
    });
    out
}

/// The complaint whose report clock is the most overdue, if any.
fn escalation(rows: &[Entry], now: chrono::DateTime<chrono::Utc>) -> Option<Escalation> {
    rows.iter()
        .filter_map(|e| match e.clocks.report.deadline(now) {
            Deadline::Overdue { late, .. } => Some((late, e)),
            _ => None,
        })
        .max_by_key(|(late, _)| *late)
        .map(|(late, e)| Escalation {
            id: e.row.id,
            number: e.row.number.clone(),
            late: view::span(late),
            customer: e
                .row
                .customer_name
                .clone()
                .or_else(|| e.row.contact.clone())
                .unwrap_or_default(),
        })
}

#[derive(Debug, Clone)]
pub struct Complaints {
    pub list: ListState<Entry>,
    /// Open complaints with a clock overdue, at the last load (the status line shows it
    /// on every screen).
    pub overdue: usize,
    /// The intake over the list (`n`).
    pub intake: Option<Intake>,
    /// The complaint opened from the list (Enter), and the step being filled on it.
    pub detail: Option<Detail>,
    pub step: Option<StepForm>,
    /// The longest-late complaint not reported in time, at the last load, until the
    /// shell puts it before a supervisor (it is set again at the next load).
    pub escalation: Option<Escalation>,
    /// What the intake coaches, by nature.
    pub coaching: Coaching,
    /// The analysis (`s`): the month shown (its first day), and its figures once read.
    pub analysis: Option<(NaiveDate, Option<analysis::Analysis>)>,
    /// The store's revision the list was read at (no reload while it holds).
    pub revision: Option<Revision>,
}

impl Default for Complaints {
    fn default() -> Self {
        Complaints {
            list: ListState::default(),
            overdue: 0,
            intake: None,
            detail: None,
            step: None,
            escalation: None,
            revision: None,
            coaching: Coaching::built_in(),
            analysis: None,
        }
    }
}

impl Complaints {
    /// The clocks worked out again from the rows in memory (no read).
    fn retime(&mut self, cx: &Cx<Msg>) {
        if self.list.loaded {
            let keep = self.list.current().map(|e| e.row.id);
            let heads: Vec<ComplaintHead> = std::mem::take(&mut self.list.rows)
                .into_iter()
                .map(|e| e.row)
                .collect();
            self.set_entries(entries(heads, cx.settings, cx.now), cx.now, keep);
        }
    }

    /// The list's rows with their clocks at `now`: the overdue count, the escalation,
    /// and complaint `keep` selected again when it is still there.
    fn set_entries(
        &mut self,
        rows: Vec<Entry>,
        now: chrono::DateTime<chrono::Utc>,
        keep: Option<i64>,
    ) {
        self.overdue = rows.iter().filter(|e| e.overdue > 0).count();
        self.escalation = escalation(&rows, now);
        self.list.set_rows(rows);
        if let Some(i) = keep.and_then(|id| self.list.shown().position(|e| e.row.id == id)) {
            self.list.selected = i;
        }
    }
}

#[derive(Debug, Clone)]
pub enum Msg {
    /// The open complaints, read at this revision of the store.
    Loaded(Vec<ComplaintHead>, Option<Revision>),
    /// The rows in hand are current (nothing committed since they were read).
    Current,
    Failed(Note),
    /// The lookup's matches for the intake's customer text.
    Hits(String, Vec<SearchHit>),
    /// The recent orders of the taken customer's vehicle.
    Orders(i64, Vec<HistoryEntry>),
    /// Recorded: close the intake, say its number, read the list again.
    Saved(Note),
    /// Yes to "discard what you typed?".
    Discard,
    /// One complaint read for its detail.
    Detail(Box<complaints::Detail>),
    /// A step taken: close its form, say so, read the detail and the list again.
    Stepped(i64, Note),
    /// A step refused: the form stays open with what was typed; the detail is read again
    /// (a change made meanwhile shows, and Ctrl-S applies the step to it).
    StepRefused(i64, Note),
    /// Yes to "drop this step?".
    DropStep,
    /// A supervisor takes the escalated complaint: open it.
    Take(i64),
    /// A problem raised on a follow-up call is to be recorded: open the intake prefilled.
    FromCall(Box<intake::FromCall>),
    /// Printed (the file's path) or not (why).
    Printed(Note),
    /// The complaints received in the month starting on this day.
    Analysed(NaiveDate, Vec<crate::store::complaints::Counted>),
    /// The coaching in force (the shop's own, else the built-in one).
    Coaching(Box<Coaching>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load,
    /// [`Effect::Load`] unless the store still stands at the revision the rows in hand
    /// were read at.
    Refresh(Option<Revision>),
    Search(String),
    Orders(i64),
    Save(Box<NewComplaint>),
    Detail(i64),
    Step {
        id: i64,
        version: i64,
        action: Box<complaints::Action>,
    },
    /// Write the feedback form or the supervision order of complaint `number`.
    Print(String, crate::print::ComplaintDoc),
    /// Read the complaints received in the month starting on this day.
    Analyse(NaiveDate),
    /// Read the shop's own coaching.
    Coaching,
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
        if self.intake.is_some() || self.step.is_some() {
            vec![Mode::Input]
        } else if self.detail.is_some() {
            vec![Mode::Complaint, Mode::List]
        } else if self.list.filtering {
            vec![Mode::Complaints, Mode::Input]
        } else {
            vec![Mode::Complaints, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.list.filtering || self.intake.is_some() || self.step.is_some()
    }

    fn unsaved(&self) -> bool {
        self.intake.as_ref().is_some_and(|i| i.form.dirty)
            || self.step.as_ref().is_some_and(|s| s.form.dirty)
    }

    fn show(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        let have = self.revision.filter(|_| self.list.loaded);
        let mut v = vec![Effect::Refresh(have)];
        if let Some(d) = &self.detail {
            v.push(Effect::Detail(d.entry.row.id));
        }
        v
    }

    fn signed_in(&mut self, _cx: &mut Cx<Msg>) -> Vec<Effect> {
        vec![Effect::Load, Effect::Coaching]
    }

    fn tick(&mut self, cx: &mut Cx<Msg>, _active: bool, _day_before: NaiveDate) -> Vec<Effect> {
        // The clocks move with the minute, and the overdue count is on every screen:
        // worked out again from the rows in memory. The rows are read again only when
        // another counter commits (PRAGMA data_version, `Msg::DataChanged`).
        self.retime(cx);
        if let Some(d) = self.detail.as_mut() {
            let row = d.entry.row.clone();
            if let Some(entry) = entries(vec![row], cx.settings, cx.now).pop() {
                d.entry = entry;
            }
        }
        vec![]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        if let Some(st) = &mut self.step {
            st.form.insert(text);
            return vec![];
        }
        match &mut self.intake {
            Some(i) => {
                i.form.insert(text);
                if i.form.focused() == Some(IntakeField::Customer) {
                    i.typed();
                    return i.query().map(Effect::Search).into_iter().collect();
                }
            }
            None => self.list.paste(text),
        }
        vec![]
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded(rows, revision) => {
                let keep = self.list.current().map(|e| e.row.id);
                self.set_entries(entries(rows, cx.settings, cx.now), cx.now, keep);
                self.revision = revision;
            }
            // As after a reload, from the rows in hand: the clocks, the overdue count
            // and the escalation to put before a supervisor.
            Msg::Current => self.retime(cx),
            Msg::Failed(n) => cx.note(n),
            Msg::Hits(q, hits) => {
                if let Some(i) = self.intake.as_mut() {
                    i.found(&q, hits);
                }
            }
            Msg::Orders(vehicle, orders) => {
                if let Some(i) = self.intake.as_mut()
                    && i.customer.as_ref().and_then(|c| c.vehicle_id) == Some(vehicle)
                {
                    i.set_orders(orders);
                }
            }
            Msg::Saved(n) => {
                self.intake = None;
                cx.note(n);
                return vec![Effect::Load];
            }
            Msg::Discard => self.intake = None,
            Msg::Detail(b) => {
                let (row, events, orders) = *b;
                let mut e = entries(vec![row], cx.settings, cx.now);
                if let Some(entry) = e.pop() {
                    if let Some(st) = self.step.as_mut()
                        && st.id == entry.row.id
                    {
                        st.version = entry.row.version;
                    }
                    self.detail = Some(Detail {
                        entry,
                        events,
                        orders,
                    });
                }
            }
            Msg::Stepped(id, n) => {
                self.step = None;
                cx.note(n);
                return vec![Effect::Detail(id), Effect::Load];
            }
            Msg::StepRefused(id, n) => {
                cx.note(n);
                return vec![Effect::Detail(id)];
            }
            Msg::DropStep => self.step = None,
            Msg::Printed(n) => cx.note(n),
            Msg::Coaching(c) => self.coaching = *c,
            Msg::Analysed(month, rows) => {
                if let Some((shown, data)) = self.analysis.as_mut()
                    && *shown == month
                {
                    let (from, to) = analysis::month_of(month);
                    *data = Some(analysis::analyse(&rows, from, to, cx.settings, cx.now));
                }
            }
            Msg::Take(id) => {
                if self.intake.is_none() && self.step.is_none() {
                    self.detail = None;
                    return vec![Effect::Detail(id)];
                }
            }
            Msg::FromCall(call) => {
                if self.intake.is_some() || self.step.is_some() {
                    // What is being typed here is never replaced; the call is on its order.
                    cx.note(Note::error("intake.from_call_busy", vec![]));
                    return vec![];
                }
                let (i, vehicle) =
                    intake::from_call(cx.zone, cx.now, cx.staff, cx.staff_list, &call);
                self.detail = None;
                self.analysis = None;
                self.intake = Some(i);
                cx.note(Note::info_args(
                    "intake.from_call",
                    vec![("number", call.number.clone())],
                ));
                return vec![Effect::Orders(vehicle)];
            }
        }
        vec![]
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        match (&self.intake, &self.detail, &self.analysis) {
            (Some(i), _, _) => view_intake::render(i, &self.coaching, frame, area, v),
            (None, Some(d), _) => view_detail::render(d, self.step.as_ref(), frame, area, v),
            (None, None, Some((month, a))) => {
                view_analysis::render(*month, a.as_ref(), frame, area, v)
            }
            (None, None, None) => view::render(self, frame, area, v),
        }
    }
}
