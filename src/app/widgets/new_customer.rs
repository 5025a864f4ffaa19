//! The new customer and vehicle block: name, phone, plate and vehicle (make and model),
//! with one validation for every form that takes a walk-in or a new caller (check-in,
//! booking). The block's four fields live in the caller's form under the caller's field
//! ids. The vehicle is completed from the built-in catalog as it is typed (Enter takes
//! the proposal); a plate that is not a standard one is kept only when the advisor says
//! so ([`Ids::odd_plate`]), and stays flagged.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::widgets::form::{Field, FieldId, Form};
use crate::domain::phone::{Phone, phone_search_digits};
use crate::domain::plate::Plate;
use crate::domain::vehicle;
use crate::i18n::{DomainError, Note};
use crate::store::customers::{NewCustomerVehicle, SearchHit};

/// The caller's ids of the block's four fields.
#[derive(Debug, Clone, Copy)]
pub struct Ids<F> {
    pub name: F,
    pub phone: F,
    pub plate: F,
    pub model: F,
}

impl<F: FieldId> Ids<F> {
    /// The four fields, empty.
    pub fn fields(&self) -> Vec<Field<F>> {
        vec![
            Field::text(self.name, "booking.field.name", ""),
            Field::text(self.phone, "booking.field.phone", ""),
            Field::text(self.plate, "booking.field.plate", ""),
            Field::text(self.model, "booking.field.model", ""),
        ]
    }

    /// Carries what was typed in the search into the field it looks like (a phone, a
    /// plate, else the name); a chosen customer without a vehicle keeps name and phone.
    pub fn prefill(&self, form: &mut Form<F>, query: &str, customer: Option<&SearchHit>) {
        let q = query.trim();
        let field = if phone_search_digits(q).is_some() {
            self.phone
        } else if Plate::parse(q).is_ok_and(|p| p.conforms()) {
            self.plate
        } else {
            self.name
        };
        form.set_text(field, q);
        if let Some(h) = customer {
            form.set_text(self.name, &h.customer_name);
            form.set_text(self.phone, h.phone.as_deref().unwrap_or(""));
        }
    }

    /// Reads and checks the block; errors go next to their fields (the caller focuses
    /// the first). `None`: something is wrong.
    pub fn validate(&self, form: &mut Form<F>) -> Option<NewCustomerVehicle> {
        let name = form.text(self.name).trim().to_string();
        if name.is_empty() {
            form.set_error(self.name, Note::error("booking.error.name", vec![]));
        }
        let phone = match form.text(self.phone).trim() {
            "" => Ok(None),
            p => Phone::parse(p).map(|p| Some(p.as_str().to_string())),
        };
        let phone = phone.map_err(|e| form.set_error(self.phone, e.note()));
        let plate =
            Plate::parse(form.text(self.plate)).map_err(|e| form.set_error(self.plate, e.note()));
        // A vehicle needs a make and a model ("大众 帕萨特", or a model the catalog knows).
        let car = vehicle::split(form.text(self.model));
        if car.is_none() {
            form.set_error(self.model, Note::error("booking.error.vehicle", vec![]));
        }
        let (Ok(phone), Ok(plate), Some((make, model))) = (phone, plate, car) else {
            return None;
        };
        if name.is_empty() {
            return None;
        }
        Some(NewCustomerVehicle {
            name,
            phone,
            plate: plate.as_str().to_string(),
            plate_flagged: !plate.conforms(),
            make: Some(make),
            model: Some(model),
        })
    }

    /// The plate typed, when it parses but is not a standard plate: the caller asks "not
    /// a standard plate — keep it?" before saving, unless the advisor already kept it.
    pub fn odd_plate(&self, form: &Form<F>) -> Option<String> {
        Plate::parse(form.text(self.plate))
            .ok()
            .filter(|p| !p.conforms())
            .map(|p| p.as_str().to_string())
    }

    /// After a change: the vehicle field proposes a completion from the catalog.
    pub fn propose(&self, form: &mut Form<F>) {
        let hint = vehicle::complete(form.text(self.model))
            .map(|c| Note::info_args("booking.vehicle_proposal", vec![("vehicle", c)]));
        form.set_hint(self.model, hint);
    }

    /// Enter on the vehicle field takes the proposed completion (true: the key is used).
    pub fn take_proposal(&self, form: &mut Form<F>, r: Resolved) -> bool {
        if r != Resolved::Action(Action::Confirm) || form.focused() != Some(self.model) {
            return false;
        }
        match vehicle::complete(form.text(self.model)) {
            Some(c) => {
                form.set_text(self.model, &c);
                form.set_hint(self.model, None);
                form.dirty = true;
                true
            }
            None => false,
        }
    }
}

/// "粤X1 is not a standard plate — keep it?"
pub fn odd_plate_question(plate: &str) -> crate::app::widgets::confirm::Confirm {
    crate::app::widgets::confirm::Confirm::new(
        "plate.odd.title",
        Note::info_args("plate.odd.body", vec![("plate", plate.to_string())]),
        "plate.odd.keys",
    )
}

/// The message for a plate already on file, to put next to the plate field.
pub fn plate_on_file(customer: &str) -> Note {
    Note::error(
        "customer.error.plate_on_file",
        vec![("customer", customer.to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field_ids;

    field_ids! {
        enum T { Name = "name", Phone = "phone", Plate = "plate", Model = "model", Other = "other" }
    }

    const IDS: Ids<T> = Ids {
        name: T::Name,
        phone: T::Phone,
        plate: T::Plate,
        model: T::Model,
    };

    fn form() -> Form<T> {
        let mut f = IDS.fields();
        f.push(Field::text(T::Other, "booking.field.note", ""));
        Form::new(f)
    }

    #[test]
    fn the_query_lands_in_the_field_it_looks_like() {
        let mut f = form();
        IDS.prefill(&mut f, " 13800138000 ", None);
        assert_eq!(f.text(T::Phone), "13800138000");
        let mut f = form();
        IDS.prefill(&mut f, "粤B12345", None);
        assert_eq!(f.text(T::Plate), "粤B12345");
        let mut f = form();
        IDS.prefill(&mut f, "王芳", None);
        assert_eq!(f.text(T::Name), "王芳");
    }

    #[test]
    fn errors_sit_next_to_their_fields_and_a_good_block_reads_back() {
        let mut f = form();
        f.set_text(T::Phone, "12");
        f.set_text(T::Plate, "");
        assert_eq!(IDS.validate(&mut f), None);
        assert!(f.error(T::Name).is_some());
        assert!(f.error(T::Phone).is_some());
        assert!(f.error(T::Plate).is_some());
        assert!(f.error(T::Other).is_none());
        let mut f = form();
        f.set_text(T::Name, " 王芳 ");
        f.set_text(T::Plate, "粤b·12345");
        f.set_text(T::Model, "大众 帕萨特");
        let n = IDS.validate(&mut f).expect("valid");
        assert_eq!(n.name, "王芳");
        assert_eq!(n.plate, "粤B12345");
        assert!(!n.plate_flagged);
        assert_eq!(n.phone, None);
        assert_eq!(n.make.as_deref(), Some("大众"));
        assert_eq!(n.model.as_deref(), Some("帕萨特"));
        // A vehicle needs a make and a model.
        let mut f = form();
        f.set_text(T::Name, "王芳");
        f.set_text(T::Plate, "粤B12345");
        f.set_text(T::Model, "大众");
        assert_eq!(IDS.validate(&mut f), None);
        assert!(f.error(T::Model).is_some());
    }

    #[test]
    fn the_vehicle_is_completed_and_an_odd_plate_is_noticed() {
        let mut f = form();
        f.focus_on(T::Model);
        f.set_text(T::Model, "帕萨");
        IDS.propose(&mut f);
        assert!(f.field(T::Model).unwrap().hint.is_some());
        assert!(IDS.take_proposal(&mut f, Resolved::Action(Action::Confirm)));
        assert_eq!(f.text(T::Model), "大众 帕萨特");
        assert!(
            !IDS.take_proposal(&mut f, Resolved::Action(Action::Confirm)),
            "complete"
        );
        f.set_text(T::Plate, "TEMP88");
        assert_eq!(IDS.odd_plate(&f).as_deref(), Some("TEMP88"));
        f.set_text(T::Plate, "粤B12345");
        assert_eq!(IDS.odd_plate(&f), None);
    }
}
