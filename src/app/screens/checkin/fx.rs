//! The check-in's store calls: arrivals, search, the context of a new check-in, drafts,
//! the confirming transaction and printing.

use crate::app::Services;
use crate::app::fx::store_note;
use crate::app::widgets::new_customer::plate_on_file;
use crate::i18n::{I18n, Note};
use crate::store::{StoreError, drafts, repair_orders};

use super::flow::{Booked, CustomerField, Hours, Loaded, Who};
use super::{DRAFT_KIND, Draft, Effect, Flow, Msg, SEARCH_LIMIT};

pub fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
    match run_inner(sv, e) {
        Ok(msgs) => msgs,
        Err(e) => vec![Msg::Failed(store_note(&e, sv.zone, sv.now))],
    }
}

fn run_inner(sv: &mut Services, e: Effect) -> crate::store::Result<Vec<Msg>> {
    let actor = sv.actor();
    let now = sv.now;
    let today = sv.today;
    Ok(match e {
        Effect::LoadArrivals => vec![Msg::Arrivals(sv.store.arrivals(today)?)],
        Effect::Search(q) => {
            let hits = sv.store.search(&q, SEARCH_LIMIT)?;
            vec![Msg::Hits(q, hits)]
        }
        Effect::Complete(q, rate) => {
            let hits = sv
                .store
                .catalog_complete(&q, super::COMPLETION_LIMIT, rate)?;
            vec![Msg::Completed(q, hits)]
        }
        Effect::TakePackage(id) => vec![Msg::Package(sv.store.catalog_package(id)?)],
        Effect::Start {
            customer_id,
            vehicle_id,
            appointment,
            walk_in,
        } => {
            // The comeback window and the calendar as the shop has them now.
            let shop = sv.store.shop_settings()?;
            let ctx = repair_orders::checkin_context(
                &mut sv.store,
                customer_id,
                vehicle_id,
                appointment,
                today,
                now,
                shop.comeback_days,
                &shop,
            )?;
            let declined = match &ctx.vehicle {
                Some(v) => sv.store.declined_of_vehicle(v.id)?,
                None => vec![],
            };
            sv.settings = shop;
            let i18n = I18n::new(sv.lang);
            let mut who = Who::default();
            if let Some(cu) = ctx.customer {
                who.customer_id = Some(cu.id);
                who.customer = cu.name;
                who.phone = cu.phone;
            }
            if let Some(v) = ctx.vehicle {
                who.vehicle_id = Some(v.id);
                who.plate = v.plate;
                who.vehicle = crate::fmt::vehicle(v.make.as_deref(), v.model.as_deref());
                who.last_odometer_km = v.last_odometer_km;
            }
            let booked_lines = match ctx.appointment.as_ref().and_then(|a| a.package_id) {
                Some(id) => sv
                    .store
                    .catalog_package(id)?
                    .iter()
                    .map(|l| {
                        crate::app::widgets::catalog_offer::package_line(
                            l,
                            sv.lang,
                            sv.settings.labour_rate_cents,
                        )
                    })
                    .collect(),
                None => vec![],
            };
            let booked = ctx.appointment.map(|a| Booked {
                id: a.id,
                version: a.version,
                symptoms: a.symptoms,
                service_label: i18n.t(a.service.label_key()).to_string(),
                service: Some(a.service),
                est_minutes: a.est_minutes,
            });
            let loaded = Loaded {
                open_orders: ctx.open_orders,
                who,
                booked,
                history: ctx.history,
                comeback_candidate: ctx.comeback_candidate,
                hours: Hours {
                    opens: ctx.policy.opens_at,
                    closes: ctx.policy.closes_at,
                    closed_days: ctx.closed_days,
                },
                declined,
                booked_lines,
            };
            vec![Msg::Loaded(Box::new(loaded), walk_in)]
        }
        Effect::SaveDraft(json) => {
            drafts::keep(&mut sv.store, actor, now, DRAFT_KIND, &json)?;
            vec![]
        }
        Effect::DiscardDraft => {
            drafts::drop_draft(&mut sv.store, actor, now, DRAFT_KIND)?;
            vec![]
        }
        Effect::LoadDraft => {
            let Some(staff) = actor else {
                return Ok(vec![]);
            };
            match sv.store.draft(staff, DRAFT_KIND)? {
                Some(d) => match serde_json::from_str::<Draft>(&d.payload) {
                    Ok(draft) if draft.check().is_ok() => {
                        let mut out = vec![];
                        if draft.is_positional() {
                            out.push(Msg::Notice(Note::info("checkin.draft_migrated")));
                        }
                        out.push(Msg::DraftFound(Box::new(draft), d.updated_at));
                        out
                    }
                    other => {
                        if let Err(e) = &other {
                            tracing::warn!(error = %e, "an unreadable check-in draft was set aside");
                        }
                        drafts::drop_draft(&mut sv.store, actor, now, DRAFT_KIND)?;
                        vec![Msg::Failed(Note::error("checkin.draft_unreadable", vec![]))]
                    }
                },
                None => vec![],
            }
        }
        Effect::ResumeDraft(d) => {
            let (history, declined) = match d.who.vehicle_id {
                Some(v) => (
                    sv.store.vehicle_history(v, 10)?,
                    sv.store.declined_of_vehicle(v)?,
                ),
                None => (vec![], vec![]),
            };
            match Flow::from_draft(*d, history, declined) {
                Ok(flow) => vec![Msg::Resumed(Box::new(flow))],
                Err(_) => vec![Msg::Failed(Note::error("checkin.draft_unreadable", vec![]))],
            }
        }
        Effect::Confirm(cd) => {
            match repair_orders::confirm_check_in(
                &mut sv.store,
                actor,
                now,
                &cd.order,
                cd.day,
                cd.appointment,
                cd.new_customer.as_ref(),
                &cd.take_up,
            ) {
                Ok(number) => {
                    tracing::info!(%number, "checked in");
                    vec![Msg::CheckedIn(number)]
                }
                Err(StoreError::PlateOnFile { customer, .. }) => {
                    vec![Msg::Refused(CustomerField::Plate, plate_on_file(&customer))]
                }
                Err(e) => return Err(e),
            }
        }
        Effect::RecordSecondOrder {
            vehicle_id,
            number,
            opened,
        } => {
            repair_orders::record_second_order_answer(
                &mut sv.store,
                actor,
                now,
                vehicle_id,
                &number,
                opened,
            )?;
            vec![]
        }
        Effect::Print(number) => match crate::app::fx::print_order(sv, &number, printed) {
            Ok(()) => vec![],
            Err(n) => vec![Msg::Failed(n)],
        },
    })
}

/// The printer's answer: the saved file's path, or why it could not be written.
fn printed(r: anyhow::Result<std::path::PathBuf>) -> crate::app::Msg {
    crate::app::Msg::Checkin(match r {
        Ok(path) => Msg::Printed(path.display().to_string()),
        Err(e) => Msg::Failed(crate::app::fx::print_failed(&e)),
    })
}
