//! The PIN fields: one masked field to sign in, two (typed twice) to choose a new PIN,
//! and the check of a new PIN next to its field. Used by the sign-in and the staff
//! screens.

use super::form::{Field, Form};
use crate::field_ids;
use crate::i18n::Note;

field_ids! {
    /// The PIN, and its repetition when a new one is chosen.
    pub enum PinField { Pin = "pin", Repeat = "repeat" }
}

/// A PIN form: `Pin` alone, or with `Repeat` for a new PIN.
pub fn form(new_pin: bool) -> Form<PinField> {
    let mut fields = vec![Field::text(PinField::Pin, "signin.field.pin", "").masked()];
    if new_pin {
        fields.push(Field::text(PinField::Repeat, "signin.field.repeat", "").masked());
    }
    Form::new(fields)
}

/// The new PIN typed twice in `f`, or `None` with the message set next to the field at
/// fault (4–12 digits; both the same) and the caret on it.
pub fn new_pin(f: &mut Form<PinField>) -> Option<String> {
    f.clear_errors();
    let pin = f.text(PinField::Pin).trim().to_string();
    if crate::store::staff::pin_problem(&pin).is_some() {
        f.set_error(PinField::Pin, Note::error("staff.error.pin", vec![]));
        f.focus_on(PinField::Pin);
        return None;
    }
    if f.text(PinField::Repeat).trim() != pin {
        f.set_error(
            PinField::Repeat,
            Note::error("staff.error.pin_mismatch", vec![]),
        );
        f.focus_on(PinField::Repeat);
        return None;
    }
    Some(pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_pin_must_be_digits_and_typed_twice_the_same() {
        let mut f = form(true);
        f.set_text(PinField::Pin, "12a4");
        assert_eq!(new_pin(&mut f), None);
        f.set_text(PinField::Pin, "1234");
        f.set_text(PinField::Repeat, "1243");
        assert_eq!(new_pin(&mut f), None);
        f.set_text(PinField::Repeat, "1234");
        assert_eq!(new_pin(&mut f).as_deref(), Some("1234"));
    }
}
