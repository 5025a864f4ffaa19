//! Check-in: from an expected arrival or a search hit (or a new walk-in) to the signed
//! repair order. Steps: customer & history (comeback confirmed here) → walk-around →
//! repair order (jobs, estimate, promise) → read-back → confirmed (number, print).
//! Pure: `fx.rs` does the reading and writing. The unfinished flow is kept as a draft
//! (`draft.rs`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::widgets::catalog_offer::Offer;
use crate::app::widgets::form::{Field, Form};
use crate::app::widgets::new_customer::Ids;
use crate::domain::inspection::{self, Damage, Walkaround};
use crate::domain::kinds::{
    DamageKind, DamageZone, FuelLevel, LineKind, PaymentMethod, WaitingMode,
};
use crate::domain::odometer;
use crate::domain::repair_order::{self as ro, Line, Totals};
use crate::field_ids;
use crate::i18n::{DomainError, Note};
use crate::store::repair_orders::{HistoryEntry, NewLine, NewRepairOrder, NewWalkaround};
use crate::store::workshop::DeclinedRow;

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

impl crate::app::widgets::steps::Step for Step {
    const ALL: &'static [Step] = &[
        Step::Customer,
        Step::Walkaround,
        Step::Order,
        Step::Review,
        Step::Done,
    ];

    fn title_key(self) -> &'static str {
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
    /// The booked service: the job line copied from it shows in the reader's language.
    #[serde(default)]
    pub service: Option<crate::domain::kinds::ServiceType>,
    pub est_minutes: i64,
}

/// Opening hours and closed days around today, for the promise proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub closed_days: Vec<NaiveDate>,
}

field_ids! {
    /// The walk-in's customer and vehicle fields.
    pub enum CustomerField { Name = "name", Phone = "phone", Plate = "plate", Model = "model" }
}

field_ids! {
    /// The walk-around form.
    pub enum WalkField {
        Odo = "odometer",
        OdoFix = "odometer_correction",
        Valuables = "valuables",
        Fuel = "fuel",
        Lights = "warning_lights",
        Tools = "tools",
        Lighter = "lighter",
        OldParts = "old_parts",
        Wash = "wash",
        Engine = "engine_bay",
        Note = "note",
        Zone = "damage_zone",
        DKind = "damage_kind",
        DNote = "damage_note",
    }
}

field_ids! {
    /// The repair order form, with the job-line sub-form at its end.
    pub enum OrderField {
        Desc = "description",
        Diag = "diagnosis",
        Promise = "promise",
        Contact = "contact",
        Waiting = "waiting",
        Payment = "payment",
        NextKm = "next_km",
        NextOn = "next_on",
        LKind = "line_kind",
        LDesc = "line_description",
        LQty = "line_quantity",
        LPrice = "line_price",
        LClaim = "line_claim",
    }
}

use CustomerField as C;
use OrderField as O;
use WalkField as W;

/// The new customer block of the check-in.
pub const NEW_CUSTOMER: Ids<CustomerField> = Ids {
    name: C::Name,
    phone: C::Phone,
    plate: C::Plate,
    model: C::Model,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub step: Step,
    pub who: Who,
    pub booked: Option<Booked>,
    /// Walk-in without a customer record: name, phone, plate, vehicle fields.
    pub new_customer: Option<Form<CustomerField>>,
    pub history: Vec<HistoryEntry>,
    /// The delivered order this looks like a comeback to.
    pub comeback_candidate: Option<(i64, String)>,
    /// The advisor's answer: the same concern (true) or not (false); unanswered: None.
    pub comeback_confirmed: Option<bool>,
    pub walk: Form<WalkField>,
    pub damage: Vec<Damage>,
    pub order: Form<OrderField>,
    pub lines: Vec<Line>,
    pub hours: Hours,
    pub labour_rate_cents: i64,
    /// A comeback for the same concern: its lines charged to the customer (true) or
    /// borne by the shop, internal / goodwill (false); None until answered.
    pub comeback_charged: Option<bool>,
    /// The advisor typed the promised time; until then it follows the labour.
    pub promise_typed: bool,
    /// The walk-in's customer and vehicle as last checked (created with the order).
    pub walk_in: Option<crate::store::customers::NewCustomerVehicle>,
    /// A plate that is not a standard one, kept after the advisor said so.
    pub kept_plate: Option<String>,
    /// Lines the customer declined at earlier visits of the vehicle, offered again.
    pub declined: Vec<DeclinedRow>,
    /// The declined line selected in the offer (Up / Down).
    pub declined_at: usize,
    /// The declined lines taken up into this order (their line ids); each has its job
    /// line in `lines`.
    pub taken_up: Vec<i64>,
    /// Set when confirmed.
    pub number: Option<String>,
    /// Something was typed since the flow started (or was restored).
    pub dirty: bool,
    /// The job catalog's entries for the line description being typed (closed when
    /// nothing is typed or nothing matches).
    pub completion: Offer,
}

fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| key(*x).to_string()).collect()
}

/// The walk-in's fields, with what was typed in the search carried into the field it
/// looks like (a customer on file without a vehicle keeps name and phone).
pub fn new_customer_form(
    query: &str,
    customer: Option<&crate::store::customers::SearchHit>,
) -> Form<CustomerField> {
    let mut f = Form::new(NEW_CUSTOMER.fields());
    NEW_CUSTOMER.prefill(&mut f, query, customer);
    f
}

pub fn walk_form(d: &Walkaround) -> Form<WalkField> {
    Form::new(vec![
        Field::text(W::Odo, "checkin.field.odometer", ""),
        Field::text(W::OdoFix, "checkin.field.odo_fix", "").hidden(true),
        Field::yes_no(W::Valuables, "checkin.field.valuables", d.valuables_removed),
        Field::choice(
            W::Fuel,
            "checkin.field.fuel",
            keys(FuelLevel::ALL, FuelLevel::label_key),
            FuelLevel::ALL
                .iter()
                .position(|x| *x == d.fuel)
                .unwrap_or(2),
        ),
        Field::text(W::Lights, "checkin.field.lights", &d.warning_lights),
        Field::yes_no(W::Tools, "checkin.field.tools", d.tools_present),
        Field::yes_no(W::Lighter, "checkin.field.lighter", d.lighter_present),
        Field::yes_no(W::OldParts, "checkin.field.old_parts", d.return_old_parts),
        Field::yes_no(W::Wash, "checkin.field.wash", d.wash),
        Field::yes_no(W::Engine, "checkin.field.engine", d.engine_bay_clean),
        Field::text(W::Note, "checkin.field.note", &d.note),
        Field::choice(
            W::Zone,
            "checkin.field.zone",
            keys(DamageZone::ALL, DamageZone::label_key),
            0,
        ),
        Field::choice(
            W::DKind,
            "checkin.field.damage",
            keys(DamageKind::ALL, DamageKind::label_key),
            0,
        ),
        Field::text(W::DNote, "checkin.field.damage_note", ""),
    ])
}

pub fn order_form(description: &str, payment_default: usize) -> Form<OrderField> {
    Form::new(vec![
        Field::text(O::Desc, "checkin.field.description", description),
        Field::text(O::Diag, "checkin.field.diagnosis", ""),
        Field::text(O::Promise, "checkin.field.promise", "").replace_on_type(),
        Field::text(O::Contact, "checkin.field.contact", ""),
        Field::choice(
            O::Waiting,
            "checkin.field.waiting",
            keys(WaitingMode::ALL, WaitingMode::label_key),
            1,
        ),
        Field::choice(
            O::Payment,
            "checkin.field.payment",
            keys(PaymentMethod::ALL, PaymentMethod::label_key),
            payment_default,
        ),
        Field::text(O::NextKm, "checkin.field.next_km", "").replace_on_type(),
        Field::text(O::NextOn, "checkin.field.next_on", "").replace_on_type(),
        Field::choice(
            O::LKind,
            "checkin.field.line_kind",
            keys(LineKind::ALL, LineKind::label_key),
            0,
        ),
        Field::text(O::LDesc, "checkin.field.line_desc", ""),
        Field::text(O::LQty, "checkin.field.line_qty", "1").replace_on_type(),
        Field::text(O::LPrice, "checkin.field.line_price", "").replace_on_type(),
        Field::yes_no(O::LClaim, "checkin.field.line_claim", false),
    ])
}

/// Everything the store read for a new flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The vehicle's orders still open: opening another asks first.
    pub open_orders: Vec<crate::store::repair_orders::OpenOrder>,
    pub who: Who,
    pub booked: Option<Booked>,
    pub history: Vec<HistoryEntry>,
    pub comeback_candidate: Option<(i64, String)>,
    pub hours: Hours,
    /// The vehicle's declined lines not yet taken up by a later order.
    pub declined: Vec<DeclinedRow>,
    /// The lines of the catalog package the appointment was booked with.
    pub booked_lines: Vec<Line>,
}

/// A new flow from what was loaded. An appointment's symptoms become the customer's
/// description and its booked package its job lines, else its service and hours the
/// first job line at the shop's rate.
pub fn start(l: Loaded, new_customer: Option<Form<CustomerField>>, labour_rate_cents: i64) -> Flow {
    let desc = l
        .booked
        .as_ref()
        .and_then(|b| b.symptoms.clone())
        .unwrap_or_default();
    let mut lines = vec![];
    if l.booked.is_some() && !l.booked_lines.is_empty() {
        lines = l.booked_lines.clone();
    } else if let Some(b) = &l.booked {
        lines.push(Line {
            kind: LineKind::Labour,
            description: b.service_label.clone(),
            quantity_centi: (b.est_minutes * 100 + 30) / 60,
            unit_price_cents: labour_rate_cents,
            claim: false,
            service: b.service,
            catalog_price_cents: None,
            catalog_code: None,
        });
    }
    let mut order = order_form(&desc, 0);
    order.set_text(
        O::LPrice,
        &crate::domain::money::Cents(labour_rate_cents).to_string(),
    );
    Flow {
        step: Step::Customer,
        comeback_confirmed: None,
        comeback_charged: None,
        promise_typed: false,
        walk_in: None,
        kept_plate: None,
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
        declined: l.declined,
        declined_at: 0,
        taken_up: vec![],
        number: None,
        dirty: false,
        completion: Offer::default(),
    }
}

/// The job line a declined line becomes when the customer takes it up.
pub fn declined_line(d: &DeclinedRow) -> Line {
    Line {
        kind: d.kind,
        description: d.description.clone(),
        quantity_centi: d.quantity_centi,
        unit_price_cents: d.unit_price_cents,
        claim: d.claim,
        service: None,
        catalog_price_cents: None,
        catalog_code: None,
    }
}

impl Flow {
    /// The order's totals; a comeback for the same concern that is not charged puts the
    /// customer's share on the shop (internal / goodwill).
    pub fn totals(&self) -> Totals {
        ro::totals_charged(&self.lines, self.charged()).unwrap_or_default()
    }

    /// The customer pays for the lines (false only for a same-concern comeback the shop
    /// bears).
    pub fn charged(&self) -> bool {
        !(self.comeback_confirmed == Some(true) && self.comeback_charged != Some(true))
    }

    /// The comeback's charging question waits for its answer.
    pub fn asking_charge(&self) -> bool {
        self.comeback_confirmed == Some(true) && self.comeback_charged.is_none()
    }

    /// Proposes the promise again from the labour, unless the advisor typed one; the
    /// field then says it is proposed.
    pub fn follow_labour(&mut self, now_local: NaiveDateTime) {
        if self.promise_typed {
            self.order.set_hint(OrderField::Promise, None);
            return;
        }
        match propose(self, now_local) {
            Some(p) => {
                self.order
                    .set_text(OrderField::Promise, &p.format("%m-%d %H:%M").to_string());
                self.order.set_hint(
                    OrderField::Promise,
                    Some(Note::info_args(
                        "checkin.promise_proposed",
                        vec![("hours", crate::fmt::hours(self.labour_minutes()))],
                    )),
                );
            }
            None => {
                self.order.set_text(OrderField::Promise, "");
                self.order.set_hint(OrderField::Promise, None);
            }
        }
    }

    /// The promised time typed by hand is earlier than the labour allows: the earliest
    /// time that would (for the read-back's warning).
    pub fn promise_too_early(
        &self,
        today: NaiveDate,
        now_local: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        if !self.promise_typed {
            return None;
        }
        let typed = parse_promise(self.order.text(OrderField::Promise), today)?;
        let earliest = propose(self, now_local)?;
        (typed < earliest).then_some(earliest)
    }

    /// The price the job-line sub-form proposes for its kind: the labour rate for labour,
    /// nothing for a part (a part never inherits the labour rate).
    pub fn sync_line_price(&mut self) {
        let rate = crate::domain::money::Cents(self.labour_rate_cents).to_string();
        let kind = LineKind::ALL[self.order.choice(OrderField::LKind)];
        let price = self.order.text(OrderField::LPrice).trim().to_string();
        match kind {
            LineKind::Labour if price.is_empty() => self.order.set_text(OrderField::LPrice, &rate),
            LineKind::Part if price == rate => self.order.set_text(OrderField::LPrice, ""),
            _ => {}
        }
    }

    /// Moves the selection in the offer of declined lines.
    pub fn move_declined(&mut self, by: isize) {
        let n = self.declined.len() as isize;
        if n > 0 {
            self.declined_at = (self.declined_at as isize + by).clamp(0, n - 1) as usize;
        }
    }

    /// The selected declined line is taken up: its job line joins the order (once).
    pub fn take_up_selected(&mut self) -> bool {
        let Some(d) = self.declined.get(self.declined_at) else {
            return false;
        };
        if self.taken_up.contains(&d.line_id) {
            return false;
        }
        self.taken_up.push(d.line_id);
        self.lines.push(declined_line(d));
        self.dirty = true;
        true
    }

    /// The selected declined line is left out again: its job line leaves the order.
    pub fn leave_selected(&mut self) -> bool {
        let Some(d) = self.declined.get(self.declined_at) else {
            return false;
        };
        let Some(i) = self.taken_up.iter().position(|id| *id == d.line_id) else {
            return false;
        };
        self.taken_up.remove(i);
        let line = declined_line(d);
        if let Some(at) = self.lines.iter().rposition(|l| *l == line) {
            self.lines.remove(at);
        }
        self.dirty = true;
        true
    }

    /// For each job line, the declined line it stands for when it was taken up (each
    /// taken-up line claims one equal job line of its own, the earliest free one).
    fn taken_up_slots(&self) -> Vec<Option<i64>> {
        let mut slots: Vec<Option<i64>> = vec![None; self.lines.len()];
        for id in &self.taken_up {
            let Some(d) = self.declined.iter().find(|d| d.line_id == *id) else {
                continue;
            };
            let line = declined_line(d);
            if let Some(i) =
                (0..self.lines.len()).find(|&i| slots[i].is_none() && self.lines[i] == line)
            {
                slots[i] = Some(*id);
            }
        }
        slots
    }

    /// Keeps `taken_up` to the declined lines still offered whose job line is still on
    /// the order (after job lines were removed by hand).
    pub fn prune_taken_up(&mut self) {
        let kept: Vec<i64> = self.taken_up_slots().into_iter().flatten().collect();
        self.taken_up.retain(|id| kept.contains(id));
    }

    /// The job lines the order is written with: all but those of taken-up declined lines,
    /// which the store copies into the order itself when it marks them taken up.
    pub fn own_lines(&self) -> Vec<&Line> {
        self.lines
            .iter()
            .zip(self.taken_up_slots())
            .filter(|(_, slot)| slot.is_none())
            .map(|(l, _)| l)
            .collect()
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
    e.note()
}

/// Checks the new-customer fields; errors go next to them.
pub fn check_customer(flow: &mut Flow) -> bool {
    let Some(form) = flow.new_customer.as_mut() else {
        return true;
    };
    form.clear_errors();
    let checked = NEW_CUSTOMER.validate(form);
    form.focus_first_error();
    let Some(n) = checked else {
        return false;
    };
    flow.who.customer = n.name.clone();
    flow.who.phone = n.phone.clone();
    flow.who.plate = n.plate.clone();
    flow.who.vehicle = crate::fmt::vehicle(n.make.as_deref(), n.model.as_deref());
    flow.walk_in = Some(n);
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
    let fix = form.text(W::OdoFix).trim().to_string();
    let km = match odometer::parse_km(form.text(W::Odo)) {
        Ok(km) => match odometer::check_reading(km, last, Some(fix.as_str())) {
            Ok(()) => Some(km),
            Err(e) => {
                form.set_hidden(W::OdoFix, false);
                form.set_error(W::Odo, err(&e));
                None
            }
        },
        Err(e) => {
            form.set_error(W::Odo, err(&e));
            None
        }
    };
    let walk = Walkaround {
        fuel: FuelLevel::ALL[form.choice(W::Fuel)],
        warning_lights: form.text(W::Lights).trim().to_string(),
        tools_present: form.yes(W::Tools),
        lighter_present: form.yes(W::Lighter),
        valuables_removed: form.yes(W::Valuables),
        return_old_parts: form.yes(W::OldParts),
        wash: form.yes(W::Wash),
        engine_bay_clean: form.yes(W::Engine),
        damage: flow.damage.clone(),
        note: form.text(W::Note).trim().to_string(),
    };
    if let Err(e) = inspection::validate(&walk) {
        let field = match e {
            inspection::WalkaroundError::ValuablesNotConfirmed => W::Valuables,
            _ => W::Note,
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
        zone: DamageZone::ALL[form.choice(W::Zone)],
        kind: DamageKind::ALL[form.choice(W::DKind)],
        note: form.text(W::DNote).trim().to_string(),
    });
    form.set_text(W::DNote, "");
    flow.dirty = true;
}

/// Adds the job line of the sub-form; its errors go next to its fields.
pub fn add_line(flow: &mut Flow) -> bool {
    let form = &mut flow.order;
    for i in [O::LDesc, O::LQty, O::LPrice] {
        if let Some(f) = form.field_mut(i) {
            f.error = None;
        }
    }
    let kind = LineKind::ALL[form.choice(O::LKind)];
    match ro::parse_line(
        kind,
        form.text(O::LDesc),
        form.text(O::LQty),
        form.text(O::LPrice),
        form.yes(O::LClaim),
    ) {
        Ok(mut line) => {
            if let Some((code, price)) = flow.completion.catalog_entry(&line.description) {
                line.catalog_code = Some(code);
                line.catalog_price_cents = Some(price);
            }
            flow.lines.push(line);
            form.set_text(O::LDesc, "");
            form.set_text(O::LQty, "1");
            form.set_choice(O::LClaim, 0);
            if kind == LineKind::Part {
                form.set_text(O::LPrice, "");
            }
            form.focus_on(O::LDesc);
            flow.dirty = true;
            true
        }
        Err(e) => {
            let field = match e {
                ro::LineError::EmptyDescription => O::LDesc,
                ro::LineError::QuantityNotPositive
                | ro::LineError::BadQuantity { .. }
                | ro::LineError::TooManyHours { .. } => O::LQty,
                _ => O::LPrice,
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
    if form.text(O::Desc).trim().is_empty() {
        form.set_error(O::Desc, Note::error("checkin.error.description", vec![]));
    }
    if flow.lines.is_empty() {
        form.set_error(O::LDesc, Note::error("checkin.error.no_lines", vec![]));
    }
    let promise = match parse_promise(form.text(O::Promise), today) {
        Some(p) => match ro::validate_promise(p, now_local) {
            Ok(()) => Some(p),
            Err(e) => {
                form.set_error(O::Promise, err(&e));
                None
            }
        },
        None => {
            form.set_error(O::Promise, Note::error("checkin.error.promise", vec![]));
            None
        }
    };
    let next_km = match form.text(O::NextKm).trim() {
        "" => None,
        s => match odometer::parse_km(s) {
            Ok(k) => Some(i64::from(k)),
            Err(e) => {
                form.set_error(O::NextKm, err(&e));
                None
            }
        },
    };
    let next_on = match form.text(O::NextOn).trim() {
        "" => None,
        s => match crate::domain::appointment::parse_day(s, today) {
            Ok(d) => Some(d),
            Err(e) => {
                form.set_error(O::NextOn, e.note());
                None
            }
        },
    };
    if ro::totals(&flow.lines).is_err() {
        form.set_error(O::LPrice, Note::error("error.line.overflow", vec![]));
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
    let text = |i: OrderField| {
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
        comeback_charged: (flow.comeback_confirmed == Some(true)).then(|| flow.charged()),
        customer_description: o.text(O::Desc).trim().to_string(),
        diagnosis: o.text(O::Diag).trim().to_string(),
        odometer_km: odometer.0,
        odometer_correction: odometer.1,
        promised_at,
        estimate_cents: flow.totals().customer_cents,
        contact_during: text(O::Contact).or_else(|| flow.who.phone.clone()),
        waiting_mode: WaitingMode::ALL[o.choice(O::Waiting)],
        payment_method: PaymentMethod::ALL[o.choice(O::Payment)],
        next_service_km: next.0,
        next_service_on: next.1,
        // The customer signs the printed copy at the counter; confirming records it.
        signed_at: Some(now),
        // The taken-up declined lines are copied in by the store (`take_up`).
        lines: flow
            .own_lines()
            .into_iter()
            .map(|l| NewLine {
                kind: l.kind,
                description: l.description.clone(),
                quantity_centi: l.quantity_centi,
                unit_price_cents: l.unit_price_cents,
                claim: l.claim,
                service: l.service,
                catalog_price_cents: l.catalog_price_cents,
                catalog_code: l.catalog_code.clone(),
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
    match flow.step {
        Step::Customer => flow
            .new_customer
            .as_ref()
            .is_some_and(|f| f.focused_is_text()),
        Step::Walkaround => flow.walk.focused_is_text(),
        Step::Order => flow.order.focused_is_text(),
        Step::Review | Step::Done => false,
    }
}
