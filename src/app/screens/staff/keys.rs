//! Keys of the staff panel: `n` add, `r` role, `x` deactivate / reactivate (asks first),
//! `p` set the PIN, `c` clear it (asks first). Only supervisors and managers change staff.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::list::step_for;
use crate::i18n::Note;
use crate::store::staff::{MAX_CODE, NewStaff};

use super::{
    AddField, Editing, Effect, Msg, ROLES, RoleField, StaffAdmin, add_form, pin_form, role_form,
};

fn who(s: &crate::store::staff::Staff) -> Vec<(&'static str, String)> {
    vec![("name", s.name.clone()), ("code", s.code.clone())]
}

pub fn key(a: &mut StaffAdmin, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if a.editing.is_some() {
        return edit_key(a, cx, r);
    }
    if !a.loaded {
        return vec![];
    }
    let Resolved::Action(action) = r else {
        return vec![];
    };
    let changes = matches!(
        action,
        Action::AddStaff
            | Action::ChangeRole
            | Action::ToggleActive
            | Action::SetPin
            | Action::ClearPin
    );
    if changes && !cx.is_supervisor() {
        cx.note(Note::error("staffadmin.read_only", vec![]));
        return vec![];
    }
    let current = a.current().cloned();
    match (action, current) {
        (Action::AddStaff, _) => {
            a.editing = Some(Editing::Add(add_form()));
            cx.clear_note();
        }
        (Action::ChangeRole, Some(s)) => {
            let f = role_form(s.role);
            a.editing = Some(Editing::Role(s, f));
        }
        (Action::SetPin, Some(s)) => a.editing = Some(Editing::Pin(s, pin_form())),
        (Action::ClearPin, Some(s)) if !s.has_pin => {
            cx.note(Note::error(
                "staffadmin.error.no_pin",
                vec![("name", s.name.clone())],
            ));
        }
        (Action::ClearPin, Some(s)) => cx.confirm(
            Confirm::new(
                "staffadmin.clear_pin.title",
                Note::info_args("staffadmin.clear_pin.body", who(&s)),
                "staffadmin.clear_pin.keys",
            ),
            Msg::ClearPin {
                id: s.id,
                version: s.version,
            },
        ),
        (Action::ToggleActive, Some(s)) if s.active && cx.staff.is_some_and(|me| me.id == s.id) => {
            cx.note(Note::error("staffadmin.error.yourself", vec![]));
        }
        (Action::ToggleActive, Some(s)) => {
            let (title, body, keys) = if s.active {
                (
                    "staffadmin.deactivate.title",
                    "staffadmin.deactivate.body",
                    "staffadmin.deactivate.keys",
                )
            } else {
                (
                    "staffadmin.activate.title",
                    "staffadmin.activate.body",
                    "staffadmin.activate.keys",
                )
            };
            cx.confirm(
                Confirm::new(title, Note::info_args(body, who(&s)), keys),
                Msg::SetActive {
                    id: s.id,
                    version: s.version,
                    active: !s.active,
                },
            );
        }
        (a2, _) => {
            if let Some(d) = step_for(a2) {
                let n = a.staff.len() as isize;
                if n > 0 {
                    a.selected = (a.selected as isize + d).clamp(0, n - 1) as usize;
                }
            }
        }
    }
    vec![]
}

fn edit_key(a: &mut StaffAdmin, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(editing) = a.editing.as_mut() else {
        return vec![];
    };
    let (event, dirty) = match editing {
        Editing::Add(f) => (f.handle(r), f.dirty),
        Editing::Role(_, f) => (f.handle(r), f.dirty),
        Editing::Pin(_, f) => (f.handle(r), f.dirty),
    };
    match event {
        FormEvent::Cancel if dirty => cx.confirm(Confirm::discard(), Msg::Discard),
        FormEvent::Cancel => a.editing = None,
        FormEvent::Submit => return submit(editing),
        _ => {}
    }
    vec![]
}

fn submit(editing: &mut Editing) -> Vec<Effect> {
    match editing {
        Editing::Add(f) => {
            f.clear_errors();
            let code = f.text(AddField::Code).trim().to_uppercase();
            let name = f.text(AddField::Name).trim().to_string();
            if code.is_empty()
                || code.chars().count() > MAX_CODE
                || !code.chars().all(|c| c.is_ascii_alphanumeric())
            {
                f.set_error(AddField::Code, Note::error("staff.error.code", vec![]));
                f.focus_on(AddField::Code);
            } else if name.is_empty() {
                f.set_error(AddField::Name, Note::error("staff.error.name", vec![]));
                f.focus_on(AddField::Name);
            } else {
                let role = ROLES[f.choice(AddField::Role) % ROLES.len()];
                return vec![Effect::Add(NewStaff { code, name, role })];
            }
            vec![]
        }
        Editing::Role(s, f) => {
            let role = ROLES[f.choice(RoleField::Role) % ROLES.len()];
            vec![Effect::Role {
                staff: s.clone(),
                role,
            }]
        }
        Editing::Pin(s, f) => {
            let Some(pin) = crate::app::widgets::pin::new_pin(f) else {
                return vec![];
            };
            vec![Effect::Pin {
                staff: s.clone(),
                pin: Some(pin),
            }]
        }
    }
}
