//! Check-in: from an expected arrival or a search hit (or a new walk-in) to the signed
//! repair order. Steps: customer & history (comeback confirmed here) → walk-around →
//! repair order (jobs, estimate, promise) → read-back → confirmed (number, print).
//! Pure: effects do the reading and writing. The unfinished flow is kept as a draft.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::inspection::{self, Damage, Walkaround};
use crate::domain::kinds::{
    DamageKind, DamageZone, FuelLevel, LineKind, PaymentMethod, WaitingMode,
};
use crate::domain::odometer;
use crate::domain::phone::Phone;
use crate::domain::plate::Plate;
use crate::domain::repair_order::{self as ro, Line, Totals};
use crate::store::repair_orders::{HistoryEntry, NewLine, NewRepairOrder, NewWalkaround};

use super::booking::DomainError;
use super::form::{Field, FieldKind, Form};
use super::model::Note;

/// The draft kind stored for this flow.
pub const DRAFT_KIND: &str = "checkin";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Customer, vehicle and history; new customer fields for a walk-in.
    Customer,
    Walkaround,
    Order,
    Review,
    /// Confirmed: the order has its number.
    Done,
}

impl Step {
    pub fn next(self) -> Step {
        match self {
            Step::Customer => Step::Walkaround,
            Step::Walkaround => Step::Order,
            Step::Order => Step::Review,
            Step::Review | Step::Done => Step::Done,
        }
    }

    pub fn prev(self) -> Step {
        match self {
            Step::Customer | Step::Walkaround => Step::Customer,
            Step::Order => Step::Walkaround,
            Step::Review => Step::Order,
            Step::Done => Step::Done,
        }
    }

    pub fn title_key(self) -> &'static str {
        match self {
            Step::Customer => "checkin.step.customer",
            Step::Walkaround => "checkin.step.walkaround",
            Step::Order => "checkin.step.order",
            Step::Review => "checkin.step.review",
            Step::Done => "checkin.step.done",
        }
    }
}

/// Who is checked in. `customer_id`/`vehicle_id` are `None` for a new walk-in, created
/// in the confirming transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Who {
    pub customer_id: Option<i64>,
    pub vehicle_id: Option<i64>,
    pub customer: String,
    pub phone: Option<String>,
    pub plate: String,
    pub vehicle: String,
    pub last_odometer_km: Option<i64>,
}

/// The appointment being checked in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booked {
    pub id: i64,
    pub version: i64,
    pub symptoms: Option<String>,
    pub service_label: String,
    pub est_minutes: i64,
}

/// Opening hours and closed days around today, for the promise proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub closed_days: Vec<NaiveDate>,
}

/// Field positions.
pub mod w {
    pub const NAME: usize = 0;
    pub const PHONE: usize = 1;
    pub const PLATE: usize = 2;
    pub const MODEL: usize = 3;
    // walk-around
    pub const ODO: usize = 0;
    pub const ODO_FIX: usize = 1;
    pub const VALUABLES: usize = 2;
    pub const FUEL: usize = 3;
    pub const LIGHTS: usize = 4;
    pub const TOOLS: usize = 5;
    pub const LIGHTER: usize = 6;
    pub const OLD_PARTS: usize = 7;
    pub const WASH: usize = 8;
    pub const ENGINE: usize = 9;
    pub const NOTE: usize = 10;
    pub const ZONE: usize = 11;
    pub const DKIND: usize = 12;
    pub const DNOTE: usize = 13;
    // order
    pub const DESC: usize = 0;
    pub const DIAG: usize = 1;
    pub const PROMISE: usize = 2;
    pub const CONTACT: usize = 3;
    pub const WAITING: usize = 4;
    pub const PAYMENT: usize = 5;
    pub const NEXT_KM: usize = 6;
    pub const NEXT_ON: usize = 7;
    pub const LKIND: usize = 8;
    pub const LDESC: usize = 9;
    pub const LQTY: usize = 10;
    pub const LPRICE: usize = 11;
    pub const LCLAIM: usize = 12;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub step: Step,
    pub who: Who,
    pub booked: Option<Booked>,
    /// Walk-in without a customer record: name, phone, plate, vehicle fields.
    pub new_customer: Option<Form>,
    pub history: Vec<HistoryEntry>,
    /// The delivered order this looks like a comeback to.
    pub comeback_candidate: Option<(i64, String)>,
    /// The advisor's answer: the same concern (true) or not (false); unanswered: None.
    pub comeback_confirmed: Option<bool>,
    pub walk: Form,
    pub damage: Vec<Damage>,
    pub order: Form,
    pub lines: Vec<Line>,
    pub hours: Hours,
    pub labour_rate_cents: i64,
    /// Set when confirmed.
    pub number: Option<String>,
    /// Something was typed since the flow started (or was restored).
    pub dirty: bool,
}

fn yes_no(label: &'static str, yes: bool) -> Field {
    Field::choice(
        label,
        vec!["common.no".into(), "common.yes".into()],
        usize::from(yes),
    )
}

fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| key(*x).to_string()).collect()
}

pub fn new_customer_form(query: &str) -> Form {
    let q = query.trim();
    let mut f = Form::new(vec![
        Field::text("booking.field.name", ""),
        Field::text("booking.field.phone", ""),
        Field::text("booking.field.plate", ""),
        Field::text("booking.field.model", ""),
    ]);
    let field = if crate::domain::phone::phone_search_digits(q).is_some() {
        w::PHONE
    } else if Plate::parse(q).is_ok_and(|p| p.conforms()) {
        w::PLATE
    } else {
        w::NAME
    };
    f.set_text(field, q);
    f
}

pub fn walk_form(d: &Walkaround) -> Form {
    let mut hide = Field::text("checkin.field.odo_fix", "");
    hide.hidden = true;
    Form::new(vec![
        Field::text("checkin.field.odometer", ""),
        hide,
        yes_no("checkin.field.valuables", d.valuables_removed),
        Field::choice(
            "checkin.field.fuel",
            keys(FuelLevel::ALL, FuelLevel::label_key),
            FuelLevel::ALL
                .iter()
                .position(|x| *x == d.fuel)
                .unwrap_or(2),
        ),
        Field::text("checkin.field.lights", &d.warning_lights),
        yes_no("checkin.field.tools", d.tools_present),
        yes_no("checkin.field.lighter", d.lighter_present),
        yes_no("checkin.field.old_parts", d.return_old_parts),
        yes_no("checkin.field.wash", d.wash),
        yes_no("checkin.field.engine", d.engine_bay_clean),
        Field::text("checkin.field.note", &d.note),
        Field::choice(
            "checkin.field.zone",
            keys(DamageZone::ALL, DamageZone::label_key),
            0,
        ),
        Field::choice(
            "checkin.field.damage",
            keys(DamageKind::ALL, DamageKind::label_key),
            0,
        ),
        Field::text("checkin.field.damage_note", ""),
    ])
}

pub fn order_form(description: &str, payment_default: usize) -> Form {
    Form::new(vec![
        Field::text("checkin.field.description", description),
        Field::text("checkin.field.diagnosis", ""),
        Field::text("checkin.field.promise", ""),
        Field::text("checkin.field.contact", ""),
        Field::choice(
            "checkin.field.waiting",
            keys(WaitingMode::ALL, WaitingMode::label_key),
            1,
        ),
        Field::choice(
            "checkin.field.payment",
            keys(PaymentMethod::ALL, PaymentMethod::label_key),
            payment_default,
        ),
        Field::text("checkin.field.next_km", ""),
        Field::text("checkin.field.next_on", ""),
        Field::choice(
            "checkin.field.line_kind",
            keys(LineKind::ALL, LineKind::label_key),
            0,
        ),
        Field::text("checkin.field.line_desc", ""),
        Field::text("checkin.field.line_qty", "1"),
        Field::text("checkin.field.line_price", ""),
        yes_no("checkin.field.line_claim", false),
    ])
}

/// Everything the store read for a new flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub who: Who,
    pub booked: Option<Booked>,
    pub history: Vec<HistoryEntry>,
    pub comeback_candidate: Option<(i64, String)>,
    pub hours: Hours,
}

/// A new flow from what was loaded. An appointment's symptoms become the customer's
/// description and its service and hours the first job line at the shop's rate.
pub fn start(l: Loaded, new_customer: Option<Form>, labour_rate_cents: i64) -> Flow {
    let desc = l
        .booked
        .as_ref()
        .and_then(|b| b.symptoms.clone())
        .unwrap_or_default();
    let mut lines = vec![];
    if let Some(b) = &l.booked {
        lines.push(Line {
            kind: LineKind::Labour,
            description: b.service_label.clone(),
            quantity_centi: (b.est_minutes * 100 + 30) / 60,
            unit_price_cents: labour_rate_cents,
            claim: false,
        });
    }
    let mut order = order_form(&desc, 0);
    order.set_text(
        w::LPRICE,
        &crate::domain::money::Cents(labour_rate_cents).to_string(),
    );
    Flow {
        step: Step::Customer,
        comeback_confirmed: None,
        who: l.who,
        booked: l.booked,
        new_customer,
        history: l.history,
        comeback_candidate: l.comeback_candidate,
        walk: walk_form(&Walkaround::default()),
        damage: vec![],
        order,
        lines,
        hours: l.hours,
        labour_rate_cents,
        number: None,
        dirty: false,
    }
}

impl Flow {
    /// The form of the current step, if it has one.
    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self.step {
            Step::Customer => self.new_customer.as_mut(),
            Step::Walkaround => Some(&mut self.walk),
            Step::Order => Some(&mut self.order),
            Step::Review | Step::Done => None,
        }
    }

    pub fn form(&self) -> Option<&Form> {
        match self.step {
            Step::Customer => self.new_customer.as_ref(),
            Step::Walkaround => Some(&self.walk),
            Step::Order => Some(&self.order),
            Step::Review | Step::Done => None,
        }
    }

    pub fn totals(&self) -> Totals {
        ro::totals(&self.lines).unwrap_or_default()
    }

    /// Labour minutes for the promise: the lines', else the appointment's estimate.
    pub fn labour_minutes(&self) -> i64 {
        match self.totals().labour_minutes {
            0 => self.booked.as_ref().map(|b| b.est_minutes).unwrap_or(0),
            m => m,
        }
    }
}

fn err(e: &impl DomainError) -> Note {
    Note {
        key: e.key().to_string(),
        args: e.args(),
        error: true,
    }
}

macro_rules! domain_errors {
    ($($t:ty),*) => {$(
        impl DomainError for $t {
            fn key(&self) -> &'static str { self.i18n_key() }
            fn args(&self) -> Vec<(&'static str, String)> { self.i18n_args() }
        }
    )*};
}
domain_errors!(
    ro::LineError,
    ro::PromiseError,
    odometer::OdometerError,
    inspection::WalkaroundError,
    crate::domain::money::MoneyError
);

fn yes(form: &Form, i: usize) -> bool {
    form.choice(i) == 1
}

/// Checks the new-customer fields; errors go next to them.
pub fn check_customer(flow: &mut Flow) -> bool {
    let Some(form) = flow.new_customer.as_mut() else {
        return true;
    };
    form.clear_errors();
    let name = form.text(w::NAME).trim().to_string();
    if name.is_empty() {
        form.set_error(w::NAME, Note::error("booking.error.name", vec![]));
    }
    let phone = match form.text(w::PHONE).trim() {
        "" => None,
        p => match Phone::parse(p) {
            Ok(p) => Some(p.as_str().to_string()),
            Err(e) => {
                form.set_error(w::PHONE, Note::error(e.i18n_key(), e.i18n_args()));
                None
            }
        },
    };
    let plate = match Plate::parse(form.text(w::PLATE)) {
        Ok(p) => Some(p),
        Err(e) => {
            form.set_error(w::PLATE, Note::error(e.i18n_key(), e.i18n_args()));
            None
        }
    };
    if form.focus_first_error() {
        return false;
    }
    let plate = plate.expect("checked above");
    flow.who.customer = name;
    flow.who.phone = phone;
    flow.who.plate = plate.as_str().to_string();
    flow.who.vehicle = form.text(w::MODEL).trim().to_string();
    true
}

/// Reads and checks the walk-around; errors go next to their fields.
pub fn check_walkaround(flow: &mut Flow) -> Option<(i64, Option<String>, Walkaround)> {
    let last = flow
        .who
        .last_odometer_km
        .and_then(|k| u32::try_from(k).ok());
    let form = &mut flow.walk;
    form.clear_errors();
    let fix = form.text(w::ODO_FIX).trim().to_string();
    let km = match odometer::parse_km(form.text(w::ODO)) {
        Ok(km) => match odometer::check_reading(km, last, Some(fix.as_str())) {
            Ok(()) => Some(km),
            Err(e) => {
                form.fields[w::ODO_FIX].hidden = false;
                form.set_error(w::ODO, err(&e));
                None
            }
        },
        Err(e) => {
            form.set_error(w::ODO, err(&e));
            None
        }
    };
    let walk = Walkaround {
        fuel: FuelLevel::ALL[form.choice(w::FUEL)],
        warning_lights: form.text(w::LIGHTS).trim().to_string(),
        tools_present: yes(form, w::TOOLS),
        lighter_present: yes(form, w::LIGHTER),
        valuables_removed: yes(form, w::VALUABLES),
        return_old_parts: yes(form, w::OLD_PARTS),
        wash: yes(form, w::WASH),
        engine_bay_clean: yes(form, w::ENGINE),
        damage: flow.damage.clone(),
        note: form.text(w::NOTE).trim().to_string(),
    };
    if let Err(e) = inspection::validate(&walk) {
        let field = match e {
            inspection::WalkaroundError::ValuablesNotConfirmed => w::VALUABLES,
            _ => w::NOTE,
        };
        form.set_error(field, err(&e));
    }
    if form.focus_first_error() {
        return None;
    }
    let below = last.is_some_and(|l| km.is_some_and(|k| k < l));
    Some((i64::from(km?), below.then_some(fix), walk))
}

/// Adds the damage mark of the sub-form.
pub fn add_damage(flow: &mut Flow) {
    let form = &mut flow.walk;
    flow.damage.push(Damage {
        zone: DamageZone::ALL[form.choice(w::ZONE)],
        kind: DamageKind::ALL[form.choice(w::DKIND)],
        note: form.text(w::DNOTE).trim().to_string(),
    });
    form.set_text(w::DNOTE, "");
    flow.dirty = true;
}

/// Adds the job line of the sub-form; its errors go next to its fields.
pub fn add_line(flow: &mut Flow) -> bool {
    let form = &mut flow.order;
    for i in [w::LDESC, w::LQTY, w::LPRICE] {
        form.fields[i].error = None;
    }
    let kind = LineKind::ALL[form.choice(w::LKIND)];
    match ro::parse_line(
        kind,
        form.text(w::LDESC),
        form.text(w::LQTY),
        form.text(w::LPRICE),
        yes(form, w::LCLAIM),
    ) {
        Ok(line) => {
            flow.lines.push(line);
            form.set_text(w::LDESC, "");
            form.set_text(w::LQTY, "1");
            form.focus_on(w::LDESC);
            flow.dirty = true;
            true
        }
        Err(e) => {
            let field = match e {
                ro::LineError::EmptyDescription => w::LDESC,
                ro::LineError::QuantityNotPositive
                | ro::LineError::BadQuantity { .. }
                | ro::LineError::TooManyHours { .. } => w::LQTY,
                _ => w::LPRICE,
            };
            form.set_error(field, err(&e));
            form.focus_on(field);
            false
        }
    }
}

/// "11-23 16:45" / "2026-11-23 16:45" / "16:45" (today) → local time.
pub fn parse_promise(s: &str, today: NaiveDate) -> Option<NaiveDateTime> {
    let s = crate::domain::text::to_halfwidth(s.trim());
    let (d, t) = match s.rsplit_once(' ') {
        Some((d, t)) => (
            crate::domain::appointment::parse_day(d, today).ok()?,
            t.to_string(),
        ),
        None => (today, s),
    };
    Some(d.and_time(crate::domain::appointment::parse_time(&t).ok()?))
}

/// Proposes the promised time from the labour hours and workshop hours.
pub fn propose(flow: &Flow, now_local: NaiveDateTime) -> Option<NaiveDateTime> {
    let h = &flow.hours;
    ro::propose_promise(now_local, flow.labour_minutes(), h.opens, h.closes, |d| {
        h.closed_days.contains(&d)
    })
}

/// The checked order, ready for the store; errors go next to their fields.
pub fn check_order(
    flow: &mut Flow,
    today: NaiveDate,
    now_local: NaiveDateTime,
) -> Option<(NaiveDateTime, Option<i64>, Option<NaiveDate>)> {
    let form = &mut flow.order;
    form.clear_errors();
    if form.text(w::DESC).trim().is_empty() {
        form.set_error(w::DESC, Note::error("checkin.error.description", vec![]));
    }
    if flow.lines.is_empty() {
        form.set_error(w::LDESC, Note::error("checkin.error.no_lines", vec![]));
    }
    let promise = match parse_promise(form.text(w::PROMISE), today) {
        Some(p) => match ro::validate_promise(p, now_local) {
            Ok(()) => Some(p),
            Err(e) => {
                form.set_error(w::PROMISE, err(&e));
                None
            }
        },
        None => {
            form.set_error(w::PROMISE, Note::error("checkin.error.promise", vec![]));
            None
        }
    };
    let next_km = match form.text(w::NEXT_KM).trim() {
        "" => None,
        s => match odometer::parse_km(s) {
            Ok(k) => Some(i64::from(k)),
            Err(e) => {
                form.set_error(w::NEXT_KM, err(&e));
                None
            }
        },
    };
    let next_on = match form.text(w::NEXT_ON).trim() {
        "" => None,
        s => match crate::domain::appointment::parse_day(s, today) {
            Ok(d) => Some(d),
            Err(e) => {
                form.set_error(w::NEXT_ON, Note::error(e.i18n_key(), e.i18n_args()));
                None
            }
        },
    };
    if ro::totals(&flow.lines).is_err() {
        form.set_error(w::LPRICE, Note::error("error.line.overflow", vec![]));
    }
    if form.focus_first_error() {
        return None;
    }
    Some((promise?, next_km, next_on))
}

/// The order for the store, from a flow whose steps all passed their checks.
pub fn new_repair_order(
    flow: &Flow,
    advisor_id: i64,
    promised_at: DateTime<Utc>,
    odometer: (i64, Option<String>),
    walk: &Walkaround,
    next: (Option<i64>, Option<NaiveDate>),
    now: DateTime<Utc>,
) -> NewRepairOrder {
    let o = &flow.order;
    let text = |i: usize| {
        let s = o.text(i).trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    NewRepairOrder {
        customer_id: flow.who.customer_id.unwrap_or(0),
        vehicle_id: flow.who.vehicle_id.unwrap_or(0),
        appointment_id: flow.booked.as_ref().map(|b| b.id),
        advisor_id,
        comeback_of: if flow.comeback_confirmed == Some(true) {
            flow.comeback_candidate.as_ref().map(|c| c.0)
        } else {
            None
        },
        customer_description: o.text(w::DESC).trim().to_string(),
        diagnosis: o.text(w::DIAG).trim().to_string(),
        odometer_km: odometer.0,
        odometer_correction: odometer.1,
        promised_at,
        estimate_cents: flow.totals().customer_cents,
        contact_during: text(w::CONTACT).or_else(|| flow.who.phone.clone()),
        waiting_mode: WaitingMode::ALL[o.choice(w::WAITING)],
        payment_method: PaymentMethod::ALL[o.choice(w::PAYMENT)],
        next_service_km: next.0,
        next_service_on: next.1,
        // The customer signs the printed copy at the counter; confirming records it.
        signed_at: Some(now),
        lines: flow
            .lines
            .iter()
            .map(|l| NewLine {
                kind: l.kind,
                description: l.description.clone(),
                quantity_centi: l.quantity_centi,
                unit_price_cents: l.unit_price_cents,
                claim: l.claim,
            })
            .collect(),
        walkaround: NewWalkaround {
            fuel_level: walk.fuel,
            warning_lights: walk.warning_lights.clone(),
            tools_present: walk.tools_present,
            lighter_present: walk.lighter_present,
            valuables_removed: walk.valuables_removed,
            return_old_parts: walk.return_old_parts,
            wash: walk.wash,
            engine_bay_clean: walk.engine_bay_clean,
            note: (!walk.note.is_empty()).then(|| walk.note.clone()),
            damage: walk
                .damage
                .iter()
                .map(|d| {
                    (
                        d.zone.as_str().to_string(),
                        d.kind,
                        (!d.note.is_empty()).then(|| d.note.clone()),
                    )
                })
                .collect(),
        },
    }
}

/// True when the focused field of the current step is a text field.
pub fn typing_text(flow: &Flow) -> bool {
    flow.form().is_some_and(|f| {
        matches!(
            f.fields.get(f.focus).map(|x| &x.kind),
            Some(FieldKind::Text(_))
        )
    })
}

/// A field's value in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Choice(usize),
}

fn values(f: &Form) -> Vec<Value> {
    f.fields
        .iter()
        .map(|x| match &x.kind {
            FieldKind::Text(t) => Value::Text(t.value().to_string()),
            FieldKind::Choice { idx, .. } => Value::Choice(*idx),
        })
        .collect()
}

fn restore(f: &mut Form, v: &[Value]) {
    for (i, val) in v.iter().enumerate().take(f.fields.len()) {
        match val {
            Value::Text(t) => f.set_text(i, t),
            Value::Choice(c) => f.set_choice(i, *c),
        }
    }
}

/// An unfinished check-in as stored in the drafts table (JSON): values only, so a
/// draft written by this version is read back into freshly built forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub step: Step,
    pub who: Who,
    pub booked: Option<Booked>,
    pub new_customer: Option<Vec<Value>>,
    pub comeback_candidate: Option<(i64, String)>,
    pub comeback_confirmed: Option<bool>,
    pub walk: Vec<Value>,
    pub damage: Vec<Damage>,
    pub order: Vec<Value>,
    /// (kind, description, quantity ×100, unit price in cents, claim)
    pub lines: Vec<(LineKind, String, i64, i64, bool)>,
    pub hours: Hours,
    pub labour_rate_cents: i64,
}

impl Flow {
    pub fn to_draft(&self) -> Draft {
        Draft {
            step: if self.step == Step::Done {
                Step::Review
            } else {
                self.step
            },
            who: self.who.clone(),
            booked: self.booked.clone(),
            new_customer: self.new_customer.as_ref().map(values),
            comeback_candidate: self.comeback_candidate.clone(),
            comeback_confirmed: self.comeback_confirmed,
            walk: values(&self.walk),
            damage: self.damage.clone(),
            order: values(&self.order),
            lines: self
                .lines
                .iter()
                .map(|l| {
                    (
                        l.kind,
                        l.description.clone(),
                        l.quantity_centi,
                        l.unit_price_cents,
                        l.claim,
                    )
                })
                .collect(),
            hours: self.hours.clone(),
            labour_rate_cents: self.labour_rate_cents,
        }
    }

    /// The flow of a draft; the vehicle's history is read again by the caller.
    pub fn from_draft(d: Draft, history: Vec<HistoryEntry>) -> Flow {
        let mut walk = walk_form(&Walkaround::default());
        restore(&mut walk, &d.walk);
        walk.fields[w::ODO_FIX].hidden = walk.text(w::ODO_FIX).is_empty();
        let mut order = order_form("", 0);
        restore(&mut order, &d.order);
        let new_customer = d.new_customer.map(|v| {
            let mut f = new_customer_form("");
            restore(&mut f, &v);
            f
        });
        Flow {
            step: d.step,
            who: d.who,
            booked: d.booked,
            new_customer,
            history,
            comeback_candidate: d.comeback_candidate,
            comeback_confirmed: d.comeback_confirmed,
            walk,
            damage: d.damage,
            order,
            lines: d
                .lines
                .into_iter()
                .map(
                    |(kind, description, quantity_centi, unit_price_cents, claim)| Line {
                        kind,
                        description,
                        quantity_centi,
                        unit_price_cents,
                        claim,
                    },
                )
                .collect(),
            hours: d.hours,
            labour_rate_cents: d.labour_rate_cents,
            number: None,
            dirty: true,
        }
    }
}
