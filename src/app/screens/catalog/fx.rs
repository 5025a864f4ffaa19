//! The catalog panel's store calls: the list and the selected entry's detail, and one
//! named transaction per change (the store checks the role and the version inside it).

use crate::app::Services;
use crate::app::fx::store_note;
use crate::i18n::{DomainError, Note};
use crate::store::StoreError;
use crate::store::catalog::HitKind;
use crate::store::catalog::keep;

use super::{Detail, Effect, EntryField, LIMIT, Msg};

fn refused(sv: &Services, e: &StoreError) -> Msg {
    match e {
        StoreError::NotAllowed(m) => Msg::Failed(Note::error(
            "error.not_allowed",
            vec![("detail", m.clone())],
        )),
        StoreError::Catalog(c) => Msg::Failed(c.note()),
        e => Msg::Failed(store_note(e, sv.zone, sv.now)),
    }
}

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    let (actor, now) = (sv.actor(), sv.now);
    let msg = match e {
        Effect::Load { kind, query } => match sv.store.catalog_list(kind, &query, LIMIT) {
            Ok((rows, total)) => Msg::Loaded {
                kind,
                query,
                rows,
                total,
            },
            Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
        },
        Effect::Detail(kind, id) => {
            let read = sv.store.catalog_prices(kind, id).and_then(|prices| {
                let lines = if kind == HitKind::Package {
                    sv.store.catalog_package(id)?
                } else {
                    Vec::new()
                };
                Ok(Detail { id, prices, lines })
            });
            match read {
                Ok(d) => Msg::Detail(d),
                Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
            }
        }
        Effect::EditPackage(item) => match sv.store.catalog_package_items(item.id) {
            Ok(lines) => Msg::Edit(item, lines),
            Err(e) => Msg::Failed(store_note(&e, sv.zone, sv.now)),
        },
        Effect::Save {
            entry,
            lines,
            existing,
        } => {
            let code = entry.code().to_string();
            let r = keep::save_entry(&mut sv.store, actor, now, &entry, &lines, existing);
            match r {
                Ok(id) => {
                    tracing::info!(code = %code, id, "catalog entry saved");
                    let key = if existing.is_some() {
                        "catalog.changed"
                    } else {
                        "catalog.added"
                    };
                    Msg::Done(Note::info_args(key, vec![("code", code)]))
                }
                Err(StoreError::Duplicate { value, .. }) => Msg::FieldRefused(
                    EntryField::Code,
                    Note::error("catalog.error.code_taken", vec![("code", value)]),
                ),
                Err(StoreError::Catalog(c)) => Msg::FieldRefused(EntryField::Lines, c.note()),
                Err(e) => refused(sv, &e),
            }
        }
        Effect::Active {
            kind,
            id,
            version,
            active,
            code,
        } => {
            let r = keep::change_active(&mut sv.store, actor, now, kind, id, version, active);
            match r {
                Ok(()) => Msg::Done(Note::info_args(
                    if active {
                        "catalog.restored"
                    } else {
                        "catalog.withdrawn"
                    },
                    vec![("code", code)],
                )),
                Err(e) => refused(sv, &e),
            }
        }
    };
    vec![msg]
}
