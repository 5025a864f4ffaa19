//! Keys of the staff picker: choose from the list (and type the PIN when PINs are
//! required), or fill in the first staff member.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::list::step_for;
use crate::i18n::Note;

use super::{Effect, PinEntry, PinField, StaffField, StaffPicker};

pub fn key(p: &mut StaffPicker, require_pin: bool, r: Resolved) -> Vec<Effect> {
    if !p.loaded {
        return vec![];
    }
    if p.pin.is_some() {
        return pin_key(p, r);
    }
    if !p.adding_first() {
        match r {
            Resolved::Action(Action::Confirm) => {
                if let Some(s) = p.staff.get(p.selected) {
                    if require_pin {
                        p.pin = Some(PinEntry::new(s.clone()));
                        return vec![];
                    }
                    return vec![Effect::Choose(s.clone())];
                }
            }
            Resolved::Action(a) => {
                if let Some(d) = step_for(a) {
                    let len = p.staff.len() as isize;
                    if len > 0 {
                        p.selected = (p.selected as isize + d).clamp(0, len - 1) as usize;
                    }
                }
            }
            _ => {}
        }
        return vec![];
    }
    match p.form.handle(r) {
        FormEvent::Submit => submit(p),
        _ => vec![],
    }
}

/// The PIN form: Esc goes back to the list, Enter/Ctrl-S signs in.
fn pin_key(p: &mut StaffPicker, r: Resolved) -> Vec<Effect> {
    let Some(e) = p.pin.as_mut() else {
        return vec![];
    };
    match e.form.handle(r) {
        FormEvent::Cancel => {
            p.pin = None;
            vec![]
        }
        FormEvent::Submit => {
            let f = &mut e.form;
            f.clear_errors();
            let pin = f.text(PinField::Pin).trim().to_string();
            if e.choosing {
                let Some(pin) = crate::app::widgets::pin::new_pin(f) else {
                    return vec![];
                };
                return vec![Effect::ChoosePin {
                    staff: e.staff.clone(),
                    pin,
                }];
            }
            if pin.is_empty() {
                f.set_error(PinField::Pin, Note::error("signin.error.empty", vec![]));
                return vec![];
            }
            vec![Effect::SignInPin {
                staff: e.staff.clone(),
                pin,
            }]
        }
        _ => vec![],
    }
}

/// Checks the first staff member; errors go next to their fields.
fn submit(p: &mut StaffPicker) -> Vec<Effect> {
    let f = &mut p.form;
    f.clear_errors();
    let code = f.text(StaffField::Code).trim().to_uppercase();
    let name = f.text(StaffField::Name).trim().to_string();
    if code.is_empty()
        || code.chars().count() > 8
        || !code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        f.set_error(StaffField::Code, Note::error("staff.error.code", vec![]));
        f.focus_on(StaffField::Code);
    } else if name.is_empty() {
        f.set_error(StaffField::Name, Note::error("staff.error.name", vec![]));
        f.focus_on(StaffField::Name);
    } else {
        return vec![Effect::Create {
            code,
            name,
            role: p.role(),
        }];
    }
    vec![]
}
