//! The board of open orders as the screen holds it: each row with its alerts, progress
//! and what it waits for, sorted by urgency, filtered by `/`, and grouped by technician.
//!
//! Everything derived is computed when the rows, the filter or the minute change, never
//! per key or per frame: a key that moves the selection costs the same for 20 rows as for
//! 2,000, and a view draws only the rows of its window.

use std::cell::{Cell, OnceCell};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use smallvec::SmallVec;

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::widgets::input::TextInput;
use crate::app::widgets::list::step_for;
pub use crate::app::widgets::list::window;
use crate::domain::kinds::{JobState, PauseReason, QcLevel, RepairOrderState, StaffRole};
use crate::domain::workshop::alerts::{self, Level, OrderFacts};
use crate::domain::workshop::jobs::{self, Timed};
use crate::i18n::{I18n, Lang};
use crate::store::Revision;
use crate::store::staff::Staff;
use crate::store::workshop::{BoardRow, JobRow};

/// What an open order waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Written: to be dispatched to a technician and a bay.
    Dispatch,
    /// A job is paused for parts.
    Parts,
    /// A proposed line (or a job paused for it) waits for the customer's answer.
    Approval,
    /// In the quality check: this level is next.
    Qc(QcLevel),
    /// Checked: to the wash.
    Wash,
    /// Checked, the customer declined the wash: to be parked at a delivery spot.
    Spot,
    /// Ready: the customer picks the car up.
    Delivery,
}

impl Wait {
    /// The catalog key of the wait's short text.
    pub fn key(self) -> &'static str {
        match self {
            Wait::Dispatch => "wo.wait.dispatch",
            Wait::Parts => "wo.wait.parts",
            Wait::Approval => "wo.wait.approval",
            Wait::Qc(_) => "wo.wait.qc",
            Wait::Wash => "wo.wait.wash",
            Wait::Spot => "wo.wait.spot",
            Wait::Delivery => "wo.wait.delivery",
        }
    }

    /// The wait's text in the catalog's language.
    pub fn text(self, t: &I18n) -> String {
        match self {
            Wait::Qc(level) => t.tf(self.key(), &[("level", t.t(level.label_key()).to_string())]),
            w => t.t(w.key()).to_string(),
        }
    }
}

/// What an order waits for: one or two things, kept inline (no allocation per order).
pub type Waits = SmallVec<[Wait; 3]>;

/// What the order waits for, from its state and its jobs.
pub fn waits(r: &BoardRow) -> Waits {
    use RepairOrderState as S;
    let mut out = Waits::new();
    let paused_for = |why: PauseReason| {
        r.jobs
            .iter()
            .any(|j| j.state == JobState::Paused && j.pause == Some(why))
    };
    match r.state {
        S::Written => out.push(Wait::Dispatch),
        S::QualityCheck => out.push(Wait::Qc(r.qc_next.unwrap_or(QcLevel::SelfCheck))),
        S::Wash if r.wash_wanted => out.push(Wait::Wash),
        S::Wash => out.push(Wait::Spot),
        S::Ready => out.push(Wait::Delivery),
        _ => {}
    }
    if r.state == S::WaitingParts || paused_for(PauseReason::Parts) {
        out.push(Wait::Parts);
    }
    if r.state == S::WaitingApproval || r.proposed > 0 || paused_for(PauseReason::Approval) {
        out.push(Wait::Approval);
    }
    out
}

/// The job clocks of an order at `now` (a running job counts up to `now`), inline for
/// the few jobs of an order.
pub fn timed(jobs: &[JobRow], now: DateTime<Utc>) -> SmallVec<[Timed; 4]> {
    jobs.iter()
        .map(|j| Timed {
            estimate_seconds: j.estimate_seconds,
            worked_seconds: jobs::worked_seconds(j.worked_seconds, j.running_since, now),
            done: j.state == JobState::Done,
        })
        .collect()
}

/// The alert clocks' facts of an order whose job clocks are `timed`.
pub fn facts(r: &BoardRow, timed: &[Timed]) -> OrderFacts {
    OrderFacts {
        state: r.state,
        signed_at: r.signed_at,
        promised_at: r.promised_at,
        progress_pct: jobs::progress(r.progress_pct, timed),
        told: r.told_customer,
        proposed_since: r.proposed_since,
        comeback: r.comeback,
        appointment: r.appointment,
    }
}

/// One order on the board with what is derived from it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub row: BoardRow,
    pub alerts: alerts::Alerts,
    /// Progress in percent (entered by hand or from the job clocks, the larger).
    pub progress: i64,
    pub waits: Waits,
    /// What is left of the estimates of the jobs in hand at the last retime (seconds),
    /// for when its technician is free.
    left_seconds: i64,
    /// The board's order: urgency, then id.
    key: (u8, bool, bool, DateTime<Utc>, i64),
    /// What `/` matches, folded (see [`fold`]); built the first time a filter needs it.
    hay: OnceCell<String>,
}

impl Entry {
    pub fn new(row: BoardRow, now: DateTime<Utc>, approval_wait: i64) -> Entry {
        let waits = waits(&row);
        let mut e = Entry {
            row,
            alerts: alerts::Alerts::new(),
            progress: 0,
            waits,
            left_seconds: 0,
            key: (0, false, false, now, 0),
            hay: OnceCell::new(),
        };
        e.retime(now, approval_wait);
        e
    }

    /// Whether the folded query `q` matches the order.
    fn matches(&self, q: &str) -> bool {
        self.hay
            .get_or_init(|| haystack(&self.row, &self.waits))
            .contains(q)
    }

    /// Recomputes the alerts, the progress and the sort key at `now`.
    pub fn retime(&mut self, now: DateTime<Utc>, approval_wait: i64) {
        let timed = timed(&self.row.jobs, now);
        self.left_seconds = (jobs::free_at(now, &timed) - now).num_seconds();
        let f = facts(&self.row, &timed);
        self.alerts = alerts::alerts(&f, now, approval_wait);
        self.progress = f.progress_pct;
        let (a, b, c, d) = alerts::urgency(&f, &self.alerts);
        self.key = (a, b, c, d, self.row.id);
    }

    /// The loudest alert's level.
    pub fn level(&self) -> Option<Level> {
        self.alerts.iter().map(|a| a.level()).min()
    }

    /// The running job, if any.
    pub fn running(&self) -> Option<&JobRow> {
        self.row.jobs.iter().find(|j| j.state == JobState::Running)
    }
}

/// The board's order of `entries` (indices): by [`alerts::urgency`], then id. The store
/// reads the rows soonest promise first, then by id — the last two parts of the key — so
/// then the sixteen classes of the first three (loudest alert, comeback, appointment),
/// each kept in the order read, are the order: one counting pass instead of a sort.
/// Rows in any other order are sorted by the whole key.
pub fn board_order(entries: &[Entry]) -> Vec<usize> {
    let read_in_order = entries.windows(2).all(|w| {
        let (a, b) = (&w[0].key, &w[1].key);
        (a.3, a.4) <= (b.3, b.4)
    });
    if !read_in_order {
        // The keys side by side, sorted, rather than each comparison reaching into two
        // entries spread over the whole board.
        let mut keyed: Vec<_> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.key, i))
            .collect();
        keyed.sort_unstable();
        return keyed.into_iter().map(|(_, i)| i).collect();
    }
    let class = |e: &Entry| {
        let (rank, not_comeback, not_appointment, _, _) = e.key;
        usize::from(rank.min(3)) * 4 + usize::from(not_comeback) * 2 + usize::from(not_appointment)
    };
    let mut start = [0usize; 17];
    for e in entries {
        start[class(e) + 1] += 1;
    }
    for c in 1..start.len() {
        start[c] += start[c - 1];
    }
    let mut order = vec![0; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        let c = class(e);
        order[start[c]] = i;
        start[c] += 1;
    }
    order
}

/// Text folded for matching: lower case, without the separators people type or leave
/// out ("粤B12" finds 粤B·12345).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

fn fold_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, '·' | '-' | ' ' | '\u{3000}' | ':' | '：') {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The catalogs of both languages, for labels that match in either ("待料" or "parts").
static CATALOGS: LazyLock<[I18n; 2]> = LazyLock::new(|| Lang::ALL.map(I18n::new));

/// A label in both languages, folded.
fn both(text: impl Fn(&I18n) -> String) -> String {
    CATALOGS
        .iter()
        .map(|t| fold(&text(t)))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// Every state's label in both languages, folded, in the order of `RepairOrderState::ALL`.
static STATE_LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    RepairOrderState::ALL
        .iter()
        .map(|s| both(|t| t.t(s.label_key()).to_string()))
        .collect()
});

/// Every wait's label in both languages, folded: the six plain ones, then the quality
/// check by level.
static WAIT_LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut all = vec![
        Wait::Dispatch,
        Wait::Parts,
        Wait::Approval,
        Wait::Wash,
        Wait::Spot,
        Wait::Delivery,
    ];
    all.extend(QcLevel::ALL.iter().map(|l| Wait::Qc(*l)));
    all.into_iter().map(|w| both(|t| w.text(t))).collect()
});

static COMEBACK_LABEL: LazyLock<String> =
    LazyLock::new(|| both(|t| t.t("marker.comeback").to_string()));

fn state_label(s: RepairOrderState) -> &'static str {
    let i = RepairOrderState::ALL
        .iter()
        .position(|x| *x == s)
        .unwrap_or(0);
    STATE_LABELS.get(i).map_or("", String::as_str)
}

fn wait_label(w: Wait) -> &'static str {
    let i = match w {
        Wait::Dispatch => 0,
        Wait::Parts => 1,
        Wait::Approval => 2,
        Wait::Wash => 3,
        Wait::Spot => 4,
        Wait::Delivery => 5,
        Wait::Qc(l) => 6 + QcLevel::ALL.iter().position(|x| *x == l).unwrap_or(0),
    };
    WAIT_LABELS.get(i).map_or("", String::as_str)
}

/// Everything `/` matches of an order, folded, in one string: number, plate, customer,
/// advisor, technician, bay, and the state, the waits and the comeback mark in both
/// languages.
fn haystack(r: &BoardRow, waits: &[Wait]) -> String {
    let mut h = String::with_capacity(160);
    // The stored plate folds to what people type (粤B·12345 and 粤B12345 alike).
    for part in [
        r.number.as_str(),
        r.plate.as_str(),
        r.customer_name.as_str(),
        &r.advisor_name,
        r.technician_name.as_deref().unwrap_or(""),
        r.bay.as_deref().unwrap_or(""),
    ] {
        fold_into(&mut h, part);
        h.push('\u{1f}');
    }
    h.push_str(state_label(r.state));
    for w in waits {
        h.push('\u{1f}');
        h.push_str(wait_label(*w));
    }
    if r.comeback {
        h.push('\u{1f}');
        h.push_str(&COMEBACK_LABEL);
    }
    h
}

/// One technician's load, for "when will it be done?".
#[derive(Debug, Clone)]
pub struct Tech {
    /// `None`: the orders not dispatched to anyone yet.
    pub id: Option<i64>,
    pub code: String,
    pub name: String,
    /// The entry (index into [`Board::entries`]) with the running job.
    pub current: Option<usize>,
    /// Their other open orders: comebacks first, then by urgency.
    pub queue: Vec<usize>,
    /// When the jobs in hand are done by their estimates.
    pub free_at: DateTime<Utc>,
}

/// One row of the technician view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TechLine {
    /// The technician's heading (index into [`Board::techs`]).
    Head(usize),
    /// The running job of the technician's order (entry index).
    Current(usize),
    /// A queued order (entry index).
    Queued(usize),
    /// The technician has nothing open.
    Idle,
}

impl TechLine {
    /// The order this line stands for.
    pub fn entry(self) -> Option<usize> {
        match self {
            TechLine::Current(e) | TechLine::Queued(e) => Some(e),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Board {
    /// Every open order, as read (sorting moves indices, not entries).
    pub entries: Vec<Entry>,
    /// The entries most urgent first (indices into `entries`).
    pub order: Vec<usize>,
    /// The entries that pass the filter (indices into `entries`), in board order.
    pub shown: Vec<usize>,
    /// The selected row of `shown`.
    pub selected: usize,
    pub offset: Cell<usize>,
    pub filter: TextInput,
    /// The filter field has the keyboard.
    pub filtering: bool,
    pub loaded: bool,
    /// The folded filter `shown` was computed for.
    applied: String,
    /// The approval wait of the shop's policy (minutes), for the alerts.
    approval_wait: i64,
    /// The technicians with their load, in code order; the undispatched orders last.
    pub techs: Vec<Tech>,
    /// The technician view's rows (filtered like the board).
    pub tech_lines: Vec<TechLine>,
    /// The selected row of `tech_lines` (always one that stands for an order, if any).
    pub tech_selected: usize,
    pub tech_offset: Cell<usize>,
    /// Active technicians (id, code, name), also those with nothing open.
    staff: Vec<(i64, String, String)>,
    /// The technician view is shown: only then are `techs` and `tech_lines` kept (the
    /// grouping reaches into every order's jobs; the board alone does not need it).
    tech_view: bool,
    /// `techs` is for the rows and the minute in hand; `tech_lines` for the filter too.
    grouped: bool,
    laid_out: bool,
    /// The minute the rows were last timed at.
    pub now: DateTime<Utc>,
    /// Orders whose loudest alert is red, amber, a task (for the title).
    pub counts: [usize; 3],
    /// The store's revision the rows were read at (no reload while it holds).
    pub revision: Option<Revision>,
}

impl Board {
    /// New rows from the store: alerts, order, filter and grouping, once. The selection
    /// stays on the same order when it is still there.
    pub fn set_rows(
        &mut self,
        rows: Vec<BoardRow>,
        now: DateTime<Utc>,
        approval_wait: i64,
        staff: &[Staff],
    ) {
        // The labels the filter matches are built with the first rows, not on the first
        // letter typed.
        LazyLock::force(&STATE_LABELS);
        LazyLock::force(&WAIT_LABELS);
        LazyLock::force(&COMEBACK_LABEL);
        let keep = self.current().map(|e| e.row.id);
        let keep_tech = self.tech_current().map(|e| e.row.id);
        self.approval_wait = approval_wait;
        // Into the board's own allocation (no fresh megabyte per reload).
        self.entries.clear();
        self.entries
            .extend(rows.into_iter().map(|r| Entry::new(r, now, approval_wait)));
        self.staff = staff
            .iter()
            .filter(|s| s.active && s.role == StaffRole::Technician)
            .map(|s| (s.id, s.code.clone(), s.name.clone()))
            .collect();
        self.loaded = true;
        self.resort(now);
        self.refilter(true);
        self.select_id(keep);
        self.select_tech_id(keep_tech);
    }

    /// The minute changed: alerts and order again from the rows in memory (no reload).
    pub fn retime(&mut self, now: DateTime<Utc>) {
        let keep = self.current().map(|e| e.row.id);
        let keep_tech = self.tech_current().map(|e| e.row.id);
        for e in &mut self.entries {
            e.retime(now, self.approval_wait);
        }
        self.resort(now);
        self.refilter(true);
        self.select_id(keep);
        self.select_tech_id(keep_tech);
    }

    fn resort(&mut self, now: DateTime<Utc>) {
        self.order = board_order(&self.entries);
        self.counts = [0; 3];
        for e in &self.entries {
            match e.level() {
                Some(Level::Red) => self.counts[0] += 1,
                Some(Level::Amber) => self.counts[1] += 1,
                Some(Level::Task) => self.counts[2] += 1,
                None => {}
            }
        }
        self.now = now;
        self.grouped = false;
        self.laid_out = false;
        if !self.tech_view {
            // Their indices are into the entries replaced; rebuilt when the view shows.
            self.techs.clear();
            self.tech_lines.clear();
        }
    }

    /// Shows or leaves the technician view: the grouping is made (or brought up to date)
    /// when it shows.
    pub fn set_tech_view(&mut self, on: bool) {
        self.tech_view = on;
        self.sync_techs();
    }

    /// Groups and lays out the technician view if it is shown and out of date.
    fn sync_techs(&mut self) {
        if !self.tech_view {
            return;
        }
        if !self.grouped {
            self.group(self.now);
            self.grouped = true;
            self.laid_out = false;
        }
        if !self.laid_out {
            self.lay_out_techs();
            self.laid_out = true;
        }
    }

    /// Recomputes `shown` for the filter; `all`: from every entry (else, when the filter
    /// only grew, from those shown now).
    fn refilter(&mut self, all: bool) {
        let q = fold(self.filter.value());
        let narrowing = !all && !self.applied.is_empty() && q.starts_with(&self.applied);
        let entries = &self.entries;
        if q.is_empty() {
            self.shown = self.order.clone();
        } else if narrowing {
            self.shown.retain(|&i| entries[i].matches(&q));
        } else {
            self.shown = self
                .order
                .iter()
                .copied()
                .filter(|&i| entries[i].matches(&q))
                .collect();
        }
        self.applied = q;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        self.laid_out = false;
        self.sync_techs();
    }

    /// The technicians' loads from every open order (the filter does not change when
    /// someone is free).
    fn group(&mut self, now: DateTime<Utc>) {
        let tech = |id: Option<i64>, code: &str, name: &str| Tech {
            id,
            code: code.to_string(),
            name: name.to_string(),
            current: None,
            queue: vec![],
            free_at: now,
        };
        let mut techs: Vec<Tech> = self
            .staff
            .iter()
            .map(|(id, code, name)| tech(Some(*id), code, name))
            .collect();
        // The undispatched orders last.
        let mut unassigned = tech(None, "", "");
        // What is left of the estimates in hand, per technician (seconds).
        let mut left: Vec<i64> = vec![0; techs.len()];
        let mut left_unassigned = 0;
        for &i in &self.order {
            let e = &self.entries[i];
            let (t, l) = match e.row.technician_id {
                None => (&mut unassigned, &mut left_unassigned),
                Some(id) => {
                    let p = match techs.iter().position(|t| t.id == Some(id)) {
                        Some(p) => p,
                        None => {
                            // Dispatched to someone no longer an active technician.
                            let name = e.row.technician_name.as_deref().unwrap_or("");
                            techs.push(tech(Some(id), "", name));
                            left.push(0);
                            techs.len() - 1
                        }
                    };
                    (&mut techs[p], &mut left[p])
                }
            };
            if t.current.is_none() && e.running().is_some() {
                t.current = Some(i);
            } else {
                t.queue.push(i);
            }
            *l += e.left_seconds;
        }
        let entries = &self.entries;
        for (t, l) in techs
            .iter_mut()
            .zip(left)
            .chain(std::iter::once((&mut unassigned, left_unassigned)))
        {
            // Comebacks first, then the board's order (the queue is in it already).
            t.queue.sort_by_key(|&i| !entries[i].row.comeback);
            t.free_at = now + chrono::TimeDelta::seconds(l);
        }
        if !unassigned.queue.is_empty() {
            techs.push(unassigned);
        }
        self.techs = techs;
    }

    /// The technician view's rows for the current filter: a technician shows when the
    /// filter is empty, names them, or matches one of their orders.
    fn lay_out_techs(&mut self) {
        let q = &self.applied;
        let mut shown = vec![false; self.entries.len()];
        if !q.is_empty() {
            for &i in &self.shown {
                shown[i] = true;
            }
        }
        let mut lines = Vec::new();
        for (ti, t) in self.techs.iter().enumerate() {
            let named = !q.is_empty()
                && t.id.is_some()
                && (fold(&t.name).contains(q.as_str()) || fold(&t.code).contains(q.as_str()));
            let pass = |i: &usize| q.is_empty() || named || shown[*i];
            let current = t.current.filter(pass);
            let queue: Vec<usize> = t.queue.iter().copied().filter(pass).collect();
            if !q.is_empty() && !named && current.is_none() && queue.is_empty() {
                continue;
            }
            lines.push(TechLine::Head(ti));
            if let Some(c) = current {
                lines.push(TechLine::Current(c));
            }
            lines.extend(queue.into_iter().map(TechLine::Queued));
            if t.current.is_none() && t.queue.is_empty() {
                lines.push(TechLine::Idle);
            }
        }
        self.tech_lines = lines;
        self.tech_selected = self.first_order_line(
            self.tech_selected
                .min(self.tech_lines.len().saturating_sub(1)),
            1,
        );
    }

    /// The nearest line from `from` in direction `dir` that stands for an order (else the
    /// other way, else `from`).
    fn first_order_line(&self, from: usize, dir: isize) -> usize {
        let n = self.tech_lines.len() as isize;
        for d in [dir, -dir] {
            let mut i = from as isize;
            while (0..n).contains(&i) {
                if self.tech_lines[i as usize].entry().is_some() {
                    return i as usize;
                }
                i += d;
            }
        }
        from
    }

    fn select_id(&mut self, id: Option<i64>) {
        if let Some(id) = id
            && let Some(p) = self
                .shown
                .iter()
                .position(|&i| self.entries[i].row.id == id)
        {
            self.selected = p;
        }
    }

    fn select_tech_id(&mut self, id: Option<i64>) {
        if let Some(id) = id
            && let Some(p) = self
                .tech_lines
                .iter()
                .position(|l| l.entry().is_some_and(|e| self.entries[e].row.id == id))
        {
            self.tech_selected = p;
        }
    }

    /// The selected order of the board.
    pub fn current(&self) -> Option<&Entry> {
        self.shown.get(self.selected).map(|&i| &self.entries[i])
    }

    /// The selected order of the technician view.
    pub fn tech_current(&self) -> Option<&Entry> {
        self.tech_lines
            .get(self.tech_selected)
            .and_then(|l| l.entry())
            .map(|i| &self.entries[i])
    }

    /// The entry of order `id`.
    pub fn by_id(&self, id: i64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.row.id == id)
    }

    /// Movement, `/` and the filter's typing on the board; false when the key is not the
    /// board's.
    pub fn handle(&mut self, r: Resolved) -> bool {
        if self.filtering {
            match r {
                Resolved::Text(ch) => self.edit_filter(|f| f.insert(&ch.to_string())),
                Resolved::Edit(e) => self.edit_filter(|f| f.edit(e)),
                Resolved::Action(Action::Confirm) => self.filtering = false,
                Resolved::Action(Action::Cancel) => {
                    self.filtering = false;
                    self.edit_filter(TextInput::clear);
                }
                Resolved::Action(a) => match step_for(a) {
                    Some(d) => self.step(d),
                    None => return false,
                },
                Resolved::Nothing => {}
            }
            return true;
        }
        match r {
            Resolved::Action(Action::Search) => self.filtering = true,
            Resolved::Action(Action::Cancel) if !self.filter.is_empty() => {
                self.edit_filter(TextInput::clear);
            }
            Resolved::Action(a) => match step_for(a) {
                Some(d) => self.step(d),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    /// Pasted text goes into the filter.
    pub fn paste(&mut self, text: &str) {
        self.edit_filter(|f| f.insert(text));
    }

    /// Changes the filter and applies it (only when it changed).
    pub fn edit_filter(&mut self, f: impl FnOnce(&mut TextInput)) {
        let before = self.filter.value().to_string();
        f(&mut self.filter);
        if self.filter.value() != before {
            self.selected = 0;
            self.refilter(false);
        }
    }

    fn step(&mut self, delta: isize) {
        let n = self.shown.len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected =
            (self.selected.min(n - 1) as isize + delta).clamp(0, n as isize - 1) as usize;
    }

    /// Movement in the technician view (headings are skipped).
    pub fn tech_step(&mut self, delta: isize) {
        let n = self.tech_lines.len();
        if n == 0 {
            return;
        }
        let dir = delta.signum();
        let target = (self.tech_selected as isize + delta).clamp(0, n as isize - 1) as usize;
        self.tech_selected = self.first_order_line(target, if dir == 0 { 1 } else { dir });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection_without_blank_rows() {
        let off = Cell::new(0);
        assert_eq!(window(&off, 0, 100, 10), (0, 10));
        assert_eq!(window(&off, 12, 100, 10), (3, 13));
        assert_eq!(window(&off, 5, 100, 10), (3, 13), "moving inside keeps it");
        assert_eq!(window(&off, 2, 100, 10), (2, 12));
        assert_eq!(window(&off, 99, 100, 10), (90, 100));
        assert_eq!(window(&off, 3, 5, 10), (0, 5));
    }

    #[test]
    fn fold_ignores_case_and_separators() {
        assert_eq!(fold("粤B·12345 Parts wait"), "粤b12345partswait");
        assert_eq!(fold("RO-20261123-0001"), "ro202611230001");
    }
}
