//! The complaint intake (`n`), laid out to be filled while the customer speaks: the
//! keyboard starts on what happened; channel, customer (the shared lookup: a phone tail,
//! a plate, a name; or nobody on file, with a contact), nature and category follow, the
//! rest below. Up/Down choose among the customer's matches, Enter takes one and offers
//! their recent orders. Read back into a [`NewComplaint`] with every refusal next to its
//! field.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::app::widgets::form::{Field, Form};
use crate::clock::Zone;
use crate::domain::kinds::{
    ComplaintCategory, ComplaintChannel, ComplaintNature, ComplaintSeverity,
};
use crate::domain::phone::Phone;
use crate::field_ids;
use crate::i18n::{DomainError, Note};
use crate::store::complaints::NewComplaint;
use crate::store::customers::{NewCustomer, SearchHit};
use crate::store::repair_orders::HistoryEntry;
use crate::store::staff::Staff;

field_ids! {
    /// The intake's fields, in the order Tab walks them.
    pub enum IntakeField {
        Description = "description",
        Channel = "channel",
        Customer = "customer",
        OnFile = "on_file",
        Nature = "nature",
        Category = "category",
        Severity = "severity",
        Order = "order",
        Desired = "desired",
        Contact = "contact",
        Place = "place",
        People = "people",
        ReceivedAt = "received_at",
        ReceivedBy = "received_by",
    }
}

use IntakeField as I;

/// The shortest lookup text that is searched (one Chinese character is a surname).
pub const MIN_QUERY: usize = 2;

fn worth_searching(q: &str) -> bool {
    q.chars().count() >= MIN_QUERY || !q.is_ascii()
}
/// How many matches are offered.
pub const HITS: usize = 6;

/// The customer taken from the lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub customer_id: i64,
    pub vehicle_id: Option<i64>,
    /// What the field shows: name and plate.
    pub label: String,
}

/// A problem raised on a follow-up call, to be recorded as a complaint: the intake opens
/// with the customer, the vehicle, the order and what was said already filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromCall {
    pub customer_id: i64,
    pub vehicle_id: i64,
    /// The delivered order that was called about, and its number.
    pub order_id: i64,
    pub number: String,
    /// Name and plate, as the customer field shows a taken customer.
    pub label: String,
    /// What the customer said on the call.
    pub text: String,
}

/// The intake as it is being filled.
#[derive(Debug, Clone)]
pub struct Intake {
    pub form: Form<IntakeField>,
    /// The lookup's matches for the customer field, and the chosen one.
    pub hits: Vec<SearchHit>,
    pub hit: usize,
    /// The text the matches are for.
    pub hits_for: String,
    pub customer: Option<Taken>,
    /// The recent orders offered for the link (the choice's options after "none").
    pub orders: Vec<HistoryEntry>,
    /// The staff offered as "received by", by id (the choice's options).
    pub staff: Vec<i64>,
    /// The earlier complaint this one follows (a new problem found on its follow-up).
    pub parent_id: Option<i64>,
    /// The order to choose among the offered ones when they arrive (a call's order).
    pub wanted_order: Option<i64>,
}

fn labels<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| key(*v).to_string()).collect()
}

/// A local time as the form shows it.
pub fn local_text(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// A new intake received now by `me`, among `staff`.
pub fn new_intake(zone: Zone, now: DateTime<Utc>, me: Option<&Staff>, staff: &[Staff]) -> Intake {
    let mut people: Vec<&Staff> = staff.iter().filter(|s| s.active).collect();
    if let Some(me) = me
        && !people.iter().any(|s| s.id == me.id)
    {
        people.insert(0, me);
    }
    let at = me
        .and_then(|m| people.iter().position(|s| s.id == m.id))
        .unwrap_or(0);
    let fields = vec![
        Field::text(I::Description, "intake.field.description", ""),
        Field::choice(
            I::Channel,
            "intake.field.channel",
            labels(ComplaintChannel::ALL, |c| c.label_key()),
            0,
        ),
        {
            let mut f = Field::text(I::Customer, "intake.field.customer", "");
            f.hint = Some(Note::info("intake.customer.hint"));
            f
        },
        // Shown only when a name is typed that is not taken from the lookup.
        Field::choice(
            I::OnFile,
            "intake.field.on_file",
            vec![
                "intake.on_file.anonymous".into(),
                "intake.on_file.register".into(),
            ],
            0,
        )
        .hidden(true),
        Field::choice(
            I::Nature,
            "intake.field.nature",
            labels(ComplaintNature::ALL, |c| c.label_key()),
            0,
        ),
        Field::choice(
            I::Category,
            "intake.field.category",
            labels(ComplaintCategory::ALL, |c| c.label_key()),
            0,
        ),
        Field::choice(
            I::Severity,
            "intake.field.severity",
            labels(ComplaintSeverity::ALL, |c| c.label_key()),
            ComplaintSeverity::ALL
                .iter()
                .position(|s| *s == ComplaintSeverity::Normal)
                .unwrap_or(0),
        ),
        Field::literal_choice(I::Order, "intake.field.order", vec!["-".into()], 0),
        Field::text(I::Desired, "intake.field.desired", ""),
        Field::text(I::Contact, "intake.field.contact", ""),
        Field::text(I::Place, "intake.field.place", ""),
        Field::text(I::People, "intake.field.people", ""),
        Field::text(
            I::ReceivedAt,
            "intake.field.received_at",
            &local_text(zone, now),
        )
        .replace_on_type(),
        Field::literal_choice(
            I::ReceivedBy,
            "intake.field.received_by",
            people
                .iter()
                .map(|s| format!("{} {}", s.code, s.name))
                .collect(),
            at,
        ),
    ];
    Intake {
        form: Form::new(fields),
        hits: Vec::new(),
        hit: 0,
        hits_for: String::new(),
        customer: None,
        orders: Vec::new(),
        staff: people.iter().map(|s| s.id).collect(),
        parent_id: None,
        wanted_order: None,
    }
}

/// The intake for a problem raised on a follow-up call: received by phone now, the
/// customer and vehicle taken, the call's order to be chosen when the orders arrive, what
/// was said as the description; the keyboard on the nature, which the call cannot tell.
/// Returns the vehicle whose orders to offer.
pub fn from_call(
    zone: Zone,
    now: DateTime<Utc>,
    me: Option<&Staff>,
    staff: &[Staff],
    call: &FromCall,
) -> (Intake, i64) {
    let mut i = new_intake(zone, now, me, staff);
    i.form.set_text(I::Description, &call.text);
    i.form.set_choice(
        I::Channel,
        ComplaintChannel::ALL
            .iter()
            .position(|c| *c == ComplaintChannel::Phone)
            .unwrap_or(0),
    );
    i.form.set_text(I::Customer, &call.label);
    i.customer = Some(Taken {
        customer_id: call.customer_id,
        vehicle_id: Some(call.vehicle_id),
        label: call.label.clone(),
    });
    i.wanted_order = Some(call.order_id);
    i.sync();
    i.form.focus_on(I::Nature);
    (i, call.vehicle_id)
}

impl Intake {
    /// The lookup text to search, when the customer field holds one worth searching
    /// (and no customer was taken for it).
    pub fn query(&self) -> Option<String> {
        let q = self.form.text(I::Customer).trim().to_string();
        let taken = self.customer.as_ref().is_some_and(|c| c.label == q);
        (!taken && worth_searching(&q)).then_some(q)
    }

    /// The customer field was typed in: what was taken no longer stands, nor do the
    /// matches for another text.
    pub fn typed(&mut self) {
        let q = self.form.text(I::Customer).trim().to_string();
        if self.customer.as_ref().is_some_and(|c| c.label != q) {
            self.customer = None;
            self.set_orders(Vec::new());
        }
        if !worth_searching(&q) {
            self.hits.clear();
            self.hits_for.clear();
        }
        self.sync();
    }

    /// "Not on file" is asked only of a name typed without a customer taken for it.
    pub fn sync(&mut self) {
        let loose = self.customer.is_none() && !self.form.text(I::Customer).trim().is_empty();
        self.form.set_hidden(I::OnFile, !loose);
    }

    /// The caller is to be registered as a new customer (else kept with the contact).
    pub fn registers(&self) -> bool {
        !self.form.is_hidden(I::OnFile) && self.form.choice(I::OnFile) == 1
    }

    /// Matches for `query`, unless the field says something else by now.
    pub fn found(&mut self, query: &str, hits: Vec<SearchHit>) {
        if self.query().as_deref() == Some(query) {
            self.hits = hits;
            self.hit = 0;
            self.hits_for = query.to_string();
        }
    }

    /// The matches are offered (the customer field has the keyboard).
    pub fn offering(&self) -> bool {
        self.form.focused() == Some(I::Customer) && !self.hits.is_empty()
    }

    pub fn step_hit(&mut self, d: isize) {
        let n = self.hits.len() as isize;
        if n > 0 {
            self.hit = (self.hit as isize + d).rem_euclid(n) as usize;
        }
    }

    /// Takes the chosen match: the field shows name and plate, the keyboard moves on.
    /// Returns the vehicle whose orders to offer.
    pub fn take_hit(&mut self) -> Option<i64> {
        let h = self.hits.get(self.hit)?.clone();
        let label = match &h.plate {
            Some(p) => format!("{} {}", h.customer_name, crate::fmt::plate_text(p)),
            None => h.customer_name.clone(),
        };
        self.form.set_text(I::Customer, &label);
        self.customer = Some(Taken {
            customer_id: h.customer_id,
            vehicle_id: h.vehicle_id,
            label,
        });
        self.hits.clear();
        self.sync();
        self.form.focus_on(I::Nature);
        h.vehicle_id
    }

    /// The recent orders of the taken customer's vehicle, offered for the link (the
    /// wanted one chosen, else the newest: a complaint is most often about the last visit).
    pub fn set_orders(&mut self, orders: Vec<HistoryEntry>) {
        let mut options = vec!["-".to_string()];
        options.extend(
            orders
                .iter()
                .map(|o| format!("{} {}", o.number, o.created_at.format("%m-%d"))),
        );
        let wanted = self
            .wanted_order
            .and_then(|id| orders.iter().position(|o| o.id == id));
        let pick = wanted.map_or(usize::from(!orders.is_empty()), |k| k + 1);
        self.orders = orders;
        if let Some(f) = self.form.field_mut(I::Order)
            && let crate::app::widgets::form::FieldKind::Choice {
                options: o, idx, ..
            } = &mut f.kind
        {
            *o = options;
            *idx = pick;
        }
    }

    /// The nature chosen now (for the coaching beside the form).
    pub fn nature(&self) -> ComplaintNature {
        ComplaintNature::ALL[self
            .form
            .choice(I::Nature)
            .min(ComplaintNature::ALL.len() - 1)]
    }
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// What the intake holds, checked, as a complaint to record; on a refusal the message
/// is set on its field, which gets the focus.
pub fn read(i: &mut Intake, zone: Zone, now: DateTime<Utc>) -> Option<NewComplaint> {
    let registers = i.registers();
    let f = &mut i.form;
    f.clear_errors();
    let mut errors: Vec<(IntakeField, Note)> = Vec::new();
    let description = f.text(I::Description).trim().to_string();
    if description.is_empty() {
        errors.push((
            I::Description,
            Note::error("intake.error.description", vec![]),
        ));
    }
    let typed = f.text(I::Customer).trim().to_string();
    let contact = optional(f.text(I::Contact));
    // A new customer: the name typed, the phone from the contact field (required: a
    // record nobody can call back is no record).
    let new_customer = if registers {
        match contact.as_deref().map(Phone::parse) {
            None => {
                errors.push((I::Contact, Note::error("intake.error.new_phone", vec![])));
                None
            }
            Some(Err(e)) => {
                errors.push((I::Contact, e.note()));
                None
            }
            Some(Ok(p)) => Some(NewCustomer {
                name: typed.clone(),
                phone: Some(p.as_str().to_string()),
                ..NewCustomer::default()
            }),
        }
    } else {
        None
    };
    // Nobody on file: what was typed for the customer is kept with the contact.
    let contact = match (&i.customer, typed.is_empty(), contact) {
        _ if registers => None,
        (None, false, Some(c)) => Some(format!("{typed} {c}")),
        (None, false, None) => Some(typed.clone()),
        (_, _, c) => c,
    };
    let received_text = f.text(I::ReceivedAt).trim().to_string();
    let received_at = match NaiveDateTime::parse_from_str(&received_text, "%Y-%m-%d %H:%M")
        .ok()
        .and_then(|l| zone.from_local(l))
    {
        None => {
            errors.push((
                I::ReceivedAt,
                Note::error("intake.error.received_at", vec![("text", received_text)]),
            ));
            now
        }
        Some(t) if t > now => {
            errors.push((I::ReceivedAt, Note::error("intake.error.future", vec![])));
            now
        }
        Some(t) => t,
    };
    if let Some((id, n)) = errors.first().cloned() {
        for (fid, note) in errors {
            f.set_error(fid, note);
        }
        f.focus_on(id);
        let _ = n;
        return None;
    }
    let pick = |id, all_len: usize| f.choice(id).min(all_len.saturating_sub(1));
    let order = f.choice(I::Order);
    Some(NewComplaint {
        received_at,
        channel: ComplaintChannel::ALL[pick(I::Channel, ComplaintChannel::ALL.len())],
        place: optional(f.text(I::Place)),
        people: optional(f.text(I::People)),
        description,
        desired_result: optional(f.text(I::Desired)),
        customer_id: i.customer.as_ref().map(|c| c.customer_id),
        contact,
        vehicle_id: i.customer.as_ref().and_then(|c| c.vehicle_id),
        repair_order_id: order
            .checked_sub(1)
            .and_then(|k| i.orders.get(k))
            .map(|o| o.id),
        parent_id: i.parent_id,
        nature: ComplaintNature::ALL[pick(I::Nature, ComplaintNature::ALL.len())],
        category: ComplaintCategory::ALL[pick(I::Category, ComplaintCategory::ALL.len())],
        severity: ComplaintSeverity::ALL[pick(I::Severity, ComplaintSeverity::ALL.len())],
        received_by: i.staff.get(f.choice(I::ReceivedBy)).copied(),
        new_customer,
    })
}
