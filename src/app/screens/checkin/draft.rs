//! The unfinished check-in as stored in the drafts table (JSON). Form values are keyed
//! by the field's stable name, so a draft is read back into freshly built forms whatever
//! order their fields have now.
//!
//! Drafts written before field ids (values by position) are migrated: the positions are
//! those of the first form layout, listed below. A positional draft whose length does
//! not match that layout is not guessed at: it is set aside with a message.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::app::widgets::form::{FieldId, Form, Value};
use crate::domain::inspection::{Damage, Walkaround};
use crate::domain::kinds::LineKind;
use crate::domain::repair_order::Line;
use crate::store::repair_orders::HistoryEntry;
use crate::store::workshop::DeclinedRow;

use super::flow::{
    Booked, CustomerField, Flow, Hours, OrderField, Step, WalkField, Who, new_customer_form,
    order_form, walk_form,
};

/// A form's values: by field name, or (drafts of the first version) by position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormValues {
    ByName(BTreeMap<String, Value>),
    ByPosition(Vec<Value>),
}

/// The field order of the first version's forms, for positional drafts.
const V1_CUSTOMER: &[CustomerField] = &[
    CustomerField::Name,
    CustomerField::Phone,
    CustomerField::Plate,
    CustomerField::Model,
];
const V1_WALK: &[WalkField] = &[
    WalkField::Odo,
    WalkField::OdoFix,
    WalkField::Valuables,
    WalkField::Fuel,
    WalkField::Lights,
    WalkField::Tools,
    WalkField::Lighter,
    WalkField::OldParts,
    WalkField::Wash,
    WalkField::Engine,
    WalkField::Note,
    WalkField::Zone,
    WalkField::DKind,
    WalkField::DNote,
];
const V1_ORDER: &[OrderField] = &[
    OrderField::Desc,
    OrderField::Diag,
    OrderField::Promise,
    OrderField::Contact,
    OrderField::Waiting,
    OrderField::Payment,
    OrderField::NextKm,
    OrderField::NextOn,
    OrderField::LKind,
    OrderField::LDesc,
    OrderField::LQty,
    OrderField::LPrice,
    OrderField::LClaim,
];

impl FormValues {
    fn of<F: FieldId>(f: &Form<F>) -> FormValues {
        FormValues::ByName(f.values())
    }

    /// The values by name; a positional list is mapped through `layout`, or refused when
    /// its length is not the layout's.
    fn by_name<F: FieldId>(&self, layout: &[F]) -> Option<BTreeMap<String, Value>> {
        match self {
            FormValues::ByName(m) => Some(m.clone()),
            FormValues::ByPosition(v) if v.len() == layout.len() => Some(
                layout
                    .iter()
                    .zip(v)
                    .map(|(id, val)| (id.name().to_string(), val.clone()))
                    .collect(),
            ),
            FormValues::ByPosition(_) => None,
        }
    }

    fn is_positional(&self) -> bool {
        matches!(self, FormValues::ByPosition(_))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub step: Step,
    pub who: Who,
    pub booked: Option<Booked>,
    pub new_customer: Option<FormValues>,
    pub comeback_candidate: Option<(i64, String)>,
    pub comeback_confirmed: Option<bool>,
    pub walk: FormValues,
    pub damage: Vec<Damage>,
    pub order: FormValues,
    pub lines: Vec<DraftLine>,
    pub hours: Hours,
    pub labour_rate_cents: i64,
    #[serde(default)]
    pub comeback_charged: Option<bool>,
    #[serde(default)]
    pub promise_typed: bool,
    /// The declined lines of earlier visits taken up into this order (line ids).
    #[serde(default)]
    pub taken_up: Vec<i64>,
}

/// A job line in a draft: (kind, description, quantity ×100, unit price in cents, claim)
/// as the first version wrote it, or with the service it was copied from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DraftLine {
    Full {
        kind: LineKind,
        description: String,
        quantity_centi: i64,
        unit_price_cents: i64,
        claim: bool,
        service: Option<crate::domain::kinds::ServiceType>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog_price_cents: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        catalog_code: Option<String>,
    },
    V1(LineKind, String, i64, i64, bool),
}

impl DraftLine {
    fn of(l: &Line) -> DraftLine {
        DraftLine::Full {
            kind: l.kind,
            description: l.description.clone(),
            quantity_centi: l.quantity_centi,
            unit_price_cents: l.unit_price_cents,
            claim: l.claim,
            service: l.service,
            catalog_price_cents: l.catalog_price_cents,
            catalog_code: l.catalog_code.clone(),
        }
    }

    fn line(self) -> Line {
        match self {
            DraftLine::Full {
                kind,
                description,
                quantity_centi,
                unit_price_cents,
                claim,
                service,
                catalog_price_cents,
                catalog_code,
            } => Line {
                kind,
                description,
                quantity_centi,
                unit_price_cents,
                claim,
                service,
                catalog_price_cents,
                catalog_code,
            },
            DraftLine::V1(kind, description, quantity_centi, unit_price_cents, claim) => Line {
                kind,
                description,
                quantity_centi,
                unit_price_cents,
                claim,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            },
        }
    }
}

/// A draft that cannot be brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable;

impl Draft {
    /// The draft was written by the first version (values by position).
    pub fn is_positional(&self) -> bool {
        self.walk.is_positional()
            || self.order.is_positional()
            || self
                .new_customer
                .as_ref()
                .is_some_and(FormValues::is_positional)
    }

    /// Checks that every form's values can be placed (before offering the draft back).
    pub fn check(&self) -> Result<(), Unreadable> {
        let ok = self.walk.by_name(V1_WALK).is_some()
            && self.order.by_name(V1_ORDER).is_some()
            && self
                .new_customer
                .as_ref()
                .is_none_or(|v| v.by_name(V1_CUSTOMER).is_some());
        if ok { Ok(()) } else { Err(Unreadable) }
    }
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
            new_customer: self.new_customer.as_ref().map(FormValues::of),
            comeback_candidate: self.comeback_candidate.clone(),
            comeback_confirmed: self.comeback_confirmed,
            walk: FormValues::of(&self.walk),
            damage: self.damage.clone(),
            order: FormValues::of(&self.order),
            lines: self.lines.iter().map(DraftLine::of).collect(),
            hours: self.hours.clone(),
            labour_rate_cents: self.labour_rate_cents,
            comeback_charged: self.comeback_charged,
            promise_typed: self.promise_typed,
            taken_up: self.taken_up.clone(),
        }
    }

    /// The flow of a draft; the vehicle's history and its declined lines are read again
    /// by the caller (a declined line taken up by another order since is no longer
    /// linked).
    pub fn from_draft(
        d: Draft,
        history: Vec<HistoryEntry>,
        declined: Vec<DeclinedRow>,
    ) -> Result<Flow, Unreadable> {
        let mut walk = walk_form(&Walkaround::default());
        walk.restore(&d.walk.by_name(V1_WALK).ok_or(Unreadable)?);
        walk.set_hidden(WalkField::OdoFix, walk.text(WalkField::OdoFix).is_empty());
        let mut order = order_form("", 0);
        order.restore(&d.order.by_name(V1_ORDER).ok_or(Unreadable)?);
        let new_customer = match &d.new_customer {
            Some(v) => {
                let mut f = new_customer_form("", None);
                f.restore(&v.by_name(V1_CUSTOMER).ok_or(Unreadable)?);
                Some(f)
            }
            None => None,
        };
        let mut flow = Flow {
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
            lines: d.lines.into_iter().map(DraftLine::line).collect(),
            comeback_charged: d.comeback_charged,
            promise_typed: d.promise_typed,
            walk_in: None,
            kept_plate: None,
            hours: d.hours,
            labour_rate_cents: d.labour_rate_cents,
            declined,
            declined_at: 0,
            taken_up: d.taken_up,
            number: None,
            dirty: true,
            completion: Default::default(),
        };
        flow.prune_taken_up();
        Ok(flow)
    }
}
