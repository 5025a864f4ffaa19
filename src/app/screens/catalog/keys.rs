//! Keys of the catalog panel: Left/Right the kind, `/` search (as you type), `n` add,
//! `e`/Enter change, `x` withdraw or restore (asks first). Only supervisors and managers
//! change the catalog.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::app::screen::Cx;
use crate::app::widgets::confirm::Confirm;
use crate::app::widgets::form::FormEvent;
use crate::app::widgets::list::step_for;
use crate::i18n::Note;
use crate::store::catalog::HitKind;

use super::{Catalog, Editing, Effect, KINDS, Msg, form};

fn kind_key(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Operation => "catalog.kind.operation",
        HitKind::Part => "catalog.kind.part",
        HitKind::Package => "catalog.kind.package",
    }
}

pub fn key(c: &mut Catalog, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    if c.editing.is_some() {
        return edit_key(c, cx, r);
    }
    if c.filtering {
        return search_key(c, r);
    }
    let Resolved::Action(action) = r else {
        return vec![];
    };
    let changes = matches!(
        action,
        Action::AddEntry | Action::EditEntry | Action::ToggleActive | Action::Confirm
    );
    if changes && !cx.is_supervisor() {
        cx.note(Note::error("catalog.read_only", vec![]));
        return vec![];
    }
    let current = c.current().cloned();
    match (action, current) {
        (Action::Search, _) => c.filtering = true,
        (Action::Cancel, _) if !c.filter.is_empty() => {
            c.filter.clear();
            c.selected = 0;
            return vec![c.load()];
        }
        (Action::PrevKind | Action::NextKind, _) => {
            let at = KINDS.iter().position(|k| *k == c.kind).unwrap_or(0);
            let d = if action == Action::NextKind { 1 } else { 2 };
            c.kind = KINDS[(at + d) % KINDS.len()];
            c.selected = 0;
            c.loaded = false;
            c.rows.clear();
            c.detail = None;
            return vec![c.load()];
        }
        (Action::AddEntry, _) => {
            c.editing = Some(Editing {
                kind: c.kind,
                item: None,
                form: form::entry_form(c.kind, None, &[]),
            });
            cx.clear_note();
        }
        (Action::EditEntry | Action::Confirm, Some(item)) if item.kind == HitKind::Package => {
            return vec![Effect::EditPackage(item)];
        }
        (Action::EditEntry | Action::Confirm, Some(item)) => {
            let form = form::entry_form(item.kind, Some(&item), &[]);
            c.editing = Some(Editing {
                kind: item.kind,
                item: Some(item),
                form,
            });
            cx.clear_note();
        }
        (Action::ToggleActive, Some(item)) => {
            let (title, body, keys) = if item.active {
                (
                    "catalog.withdraw.title",
                    "catalog.withdraw.body",
                    "catalog.withdraw.keys",
                )
            } else {
                (
                    "catalog.restore.title",
                    "catalog.restore.body",
                    "catalog.restore.keys",
                )
            };
            let name =
                crate::app::widgets::catalog_offer::name(cx.lang, &item.name_zh, &item.name_en);
            cx.confirm(
                Confirm::new(
                    title,
                    Note::info_args(
                        body,
                        vec![
                            ("code", item.code.clone()),
                            ("name", name.to_string()),
                            ("kind", kind_key(item.kind).to_string()),
                        ],
                    ),
                    keys,
                ),
                Msg::SetActive {
                    kind: item.kind,
                    id: item.id,
                    version: item.version,
                    active: !item.active,
                    code: item.code.clone(),
                },
            );
        }
        (a, _) => {
            if let Some(d) = step_for(a) {
                move_by(c, d);
                return c.detail_effect();
            }
        }
    }
    vec![]
}

fn move_by(c: &mut Catalog, d: isize) {
    let n = c.rows.len() as isize;
    if n > 0 {
        c.selected = (c.selected as isize + d).clamp(0, n - 1) as usize;
    }
}

/// The search field: each typed key reads the list again; Enter keeps the search and
/// gives the keys back to the list, Esc clears it.
fn search_key(c: &mut Catalog, r: Resolved) -> Vec<Effect> {
    match r {
        Resolved::Text(ch) => c.filter.insert(&ch.to_string()),
        Resolved::Edit(e) => c.filter.edit(e),
        Resolved::Action(Action::Confirm) => {
            c.filtering = false;
            return vec![];
        }
        Resolved::Action(Action::Cancel) => {
            c.filter.clear();
            c.filtering = false;
        }
        Resolved::Action(a) => {
            if let Some(d) = step_for(a) {
                move_by(c, d);
                return c.detail_effect();
            }
            return vec![];
        }
        Resolved::Nothing => return vec![],
    }
    c.selected = 0;
    vec![c.load()]
}

fn edit_key(c: &mut Catalog, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
    let Some(e) = c.editing.as_mut() else {
        return vec![];
    };
    match e.form.handle(r) {
        FormEvent::Cancel if e.form.dirty => cx.confirm(Confirm::discard(), Msg::Discard),
        FormEvent::Cancel => c.editing = None,
        FormEvent::Submit => {
            let code = e.item.as_ref().map(|i| i.code.clone());
            let Some((entry, lines)) = form::read(&mut e.form, e.kind, code.as_deref()) else {
                if let Some(n) = e.form.fields.iter().find_map(|f| f.error.clone()) {
                    cx.note(n);
                }
                return vec![];
            };
            return vec![Effect::Save {
                entry,
                lines,
                existing: e.item.as_ref().map(|i| (i.id, i.version)),
            }];
        }
        _ => {}
    }
    vec![]
}
