//! Replaying the plan through the store's own write functions, one transaction per action.

use super::*;

pub(super) struct Ids {
    pub(super) staff: Vec<i64>,
    pub(super) customers: Vec<i64>,
    pub(super) vehicles: Vec<i64>,
    pub(super) odometer: Vec<i64>,
    /// (id, version)
    pub(super) appts: Vec<Option<(i64, i64)>>,
    pub(super) ros: Vec<Option<(i64, i64)>>,
    /// Each order's line ids by position (the proposed ones added as they come).
    pub(super) lines: Vec<Vec<i64>>,
    pub(super) cps: Vec<Option<(i64, i64)>>,
}

pub(super) fn missing(what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "demo plan out of order: {what} used before it was written"
    ))
}

pub(super) fn appointment_of(p: &Planner, ids: &Ids, i: usize) -> NewAppointment {
    let a = &p.appts[i];
    let v = a.vehicle;
    NewAppointment {
        customer_id: ids.customers[p.vehicles[v].customer],
        vehicle_id: ids.vehicles[v],
        day: a.day,
        starts_at: a.starts_at,
        service: a.service,
        est_minutes: a.est_minutes,
        advisor_id: a.advisor.map(|s| ids.staff[s]),
        kind: a.kind,
        channel: a.channel,
        parts: a.parts,
        parts_expected_on: a.parts_expected_on,
        complaint_case: a.complaint_case,
        symptoms: a.symptoms.map(str::to_string),
        note: a.note.map(str::to_string),
        package_id: None,
    }
}

pub(super) fn run(
    store: &mut Store,
    p: &Planner,
    ids: &mut Ids,
    s: &Scheduled,
) -> Result<(), StoreError> {
    let actor = Some(ids.staff[s.actor]);
    match &s.act {
        Act::Capacity(c) => store.write(actor, s.at, |tx| appointments::upsert_day_capacity(tx, c)),
        Act::ApptCreate(i) => {
            let new = appointment_of(p, ids, *i);
            let id = store.write(actor, s.at, |tx| {
                appointments::insert(tx, &new, p.appts[*i].state)
            })?;
            ids.appts[*i] = Some((id, 1));
            Ok(())
        }
        Act::ApptState(i, state) => {
            let (id, v) = ids.appts[*i].ok_or_else(|| missing("appointment"))?;
            store.write(actor, s.at, |tx| appointments::set_state(tx, id, v, *state))?;
            ids.appts[*i] = Some((id, v + 1));
            Ok(())
        }
        Act::ApptReminder(i, outcome, note) => {
            let (id, v) = ids.appts[*i].ok_or_else(|| missing("appointment"))?;
            store.write(actor, s.at, |tx| {
                appointments::record_reminder(tx, id, v, *outcome, *note)
            })?;
            ids.appts[*i] = Some((id, v + 1));
            Ok(())
        }
        Act::ApptReschedule { from, to } => {
            let (id, v) = ids.appts[*from].ok_or_else(|| missing("appointment"))?;
            let new = appointment_of(p, ids, *to);
            let new_id =
                store.write(actor, s.at, |tx| appointments::reschedule(tx, id, v, &new))?;
            ids.appts[*from] = Some((id, v + 1));
            ids.appts[*to] = Some((new_id, 1));
            Ok(())
        }
        Act::RoCreate(i) => {
            let r = &p.ros[*i];
            let v = r.vehicle;
            let job = &JOBS[r.job];
            let rate = if p.vehicles[v].premium {
                38_000
            } else {
                30_000
            };
            let lines: Vec<NewLine> = job
                .lines
                .iter()
                .map(
                    |&(kind, description, quantity_centi, price, claim)| NewLine {
                        kind,
                        description: description.to_string(),
                        quantity_centi,
                        unit_price_cents: if price == RATE { rate } else { price },
                        claim,
                        service: None,
                        catalog_price_cents: None,
                        catalog_code: None,
                    },
                )
                .collect();
            let total: i64 = lines
                .iter()
                .filter(|l| !l.claim)
                .map(|l| repair_orders::line_amount_cents(l.quantity_centi, l.unit_price_cents))
                .sum();
            // Estimates are quoted in whole yuan, rounded up to ten.
            let estimate = (total + 999) / 1000 * 1000;
            let odometer = ids.odometer[v] + r.odo_delta;
            let day = p.local_day(s.at);
            let appointment_id = match r.appointment {
                Some(a) => Some(ids.appts[a].ok_or_else(|| missing("appointment"))?.0),
                None => None,
            };
            let comeback_of = match r.comeback_of {
                Some(c) => Some(ids.ros[c].ok_or_else(|| missing("repair order"))?.0),
                None => None,
            };
            let new = NewRepairOrder {
                customer_id: ids.customers[p.vehicles[v].customer],
                vehicle_id: ids.vehicles[v],
                appointment_id,
                advisor_id: ids.staff[r.advisor],
                comeback_of,
                // The demo's comebacks are the shop's own fault: not charged.
                comeback_charged: comeback_of.map(|_| false),
                customer_description: job.customer_words.to_string(),
                diagnosis: job.diagnosis.to_string(),
                odometer_km: odometer,
                odometer_correction: None,
                promised_at: r.promised_at,
                estimate_cents: estimate,
                contact_during: r.contact.clone(),
                waiting_mode: r.waiting,
                payment_method: r.payment,
                next_service_km: r.next_service.then_some(odometer + 5_000),
                next_service_on: r
                    .next_service
                    .then(|| day.checked_add_months(chrono::Months::new(6)))
                    .flatten(),
                signed_at: r.signed.then_some(s.at),
                lines,
                walkaround: r.walkaround.clone(),
            };
            let (id, _) = store.write(actor, s.at, |tx| repair_orders::insert(tx, &new, day))?;
            ids.odometer[v] = odometer;
            ids.ros[*i] = Some((id, 1));
            ids.lines[*i] = repair_orders::lines(store.conn(), id)?
                .iter()
                .map(|l| l.id)
                .collect();
            Ok(())
        }
        Act::Work(i, work) => {
            let (id, v) = ids.ros[*i].ok_or_else(|| missing("repair order"))?;
            let new_line = replay_work(store, p, ids, *i, s, work)?;
            if let Some(l) = new_line {
                ids.lines[*i].push(l);
            }
            ids.ros[*i] = Some((id, v + 1));
            Ok(())
        }
        Act::CpCreate(i) => {
            let c = &p.cps[*i];
            let mut new = c.new.clone();
            // The plan holds plan indices; turn them into ids.
            new.customer_id = new.customer_id.map(|k| ids.customers[k as usize]);
            new.vehicle_id = new.vehicle_id.map(|k| ids.vehicles[k as usize]);
            new.repair_order_id = match new.repair_order_id {
                Some(k) => Some(
                    ids.ros[k as usize]
                        .ok_or_else(|| missing("repair order"))?
                        .0,
                ),
                None => None,
            };
            new.parent_id = match new.parent_id {
                Some(k) => Some(ids.cps[k as usize].ok_or_else(|| missing("complaint"))?.0),
                None => None,
            };
            let day = p.local_day(new.received_at);
            let (id, _) = store.write(actor, s.at, |tx| complaints::insert(tx, &new, day))?;
            ids.cps[*i] = Some((id, 1));
            Ok(())
        }
        Act::CpStep { cp, step } => {
            let (id, v) = ids.cps[*cp].ok_or_else(|| missing("complaint"))?;
            let action = cp_action(*step, s.at);
            store.write(actor, s.at, |tx| complaints::step(tx, id, v, &action))?;
            ids.cps[*cp] = Some((id, v + 1));
            Ok(())
        }
    }
}

/// The demo's texts for a complaint step taken at `at`.
fn cp_action(step: CpStep, at: DateTime<Utc>) -> complaints::Action {
    use complaints::{Action, OrderSpec};
    let order = |department: &str, hours: i64| OrderSpec {
        department: department.to_string(),
        instruction: "查明原因，48小时内给出处理方案 / Find the cause and propose a solution"
            .to_string(),
        due_at: at + Duration::hours(hours),
    };
    match step {
        CpStep::Report => Action::Report {
            to: "客户经理 / Customer manager".into(),
        },
        CpStep::Supervise { department, hours } => Action::Supervise(order(department, hours)),
        CpStep::Propose { compensation } => Action::Propose {
            solution: if compensation {
                "免费返修并赠送一次保养 / Free rework plus a free service".into()
            } else {
                "向客户说明原因并改进流程 / Explain the cause and improve the process".into()
            },
            compensation,
        },
        CpStep::Answer(accepted) => Action::Answer {
            accepted,
            note: Some("客户同意方案 / The customer agrees".into()),
        },
        CpStep::Resolve => Action::Resolve {
            result: "已按方案处理并电话告知客户 / Done as agreed; customer told by phone".into(),
        },
        CpStep::FollowUp(outcome, reopen) => Action::FollowUp {
            outcome,
            note: Some(match outcome {
                VisitOutcome::Satisfied => "回访满意，结案 / Satisfied; closed".into(),
                _ => "回访不满意，异响仍在 / Not satisfied: the noise is back".into(),
            }),
            reopen: reopen.map(|d| order(d, 24)),
        },
    }
}

/// Why the final inspection of a demo order fails.
const QC_FAIL_REASON: &str = "路试时刹车仍有异响 / The brakes still squeal on the test drive";
const DISCOUNT_REASON: &str = "老客户优惠 / Loyal customer discount";

/// One workshop action of order `i` through `store::workshop`, at its time and by its
/// staff member; returns the id of a line it proposed.
fn replay_work(
    store: &mut Store,
    p: &Planner,
    ids: &mut Ids,
    i: usize,
    s: &Scheduled,
    work: &Work,
) -> Result<Option<i64>, StoreError> {
    use crate::domain::workshop::follow_up::Call;
    use crate::domain::workshop::jobs::Consent;
    use crate::domain::workshop::settle::SettleInput;
    use crate::store::workshop::{self, Delivery, QcEntry};

    let actor = Some(ids.staff[s.actor]);
    let (id, v) = ids.ros[i].ok_or_else(|| missing("repair order"))?;
    let r = &p.ros[i];
    let line = |pos: usize| {
        ids.lines[i]
            .get(pos.wrapping_sub(1))
            .copied()
            .ok_or_else(|| missing("job line"))
    };
    match work {
        Work::Dispatch { technician, bay } => {
            let tech = ids.staff[*technician];
            store.write(actor, s.at, |tx| {
                workshop::dispatch(tx, id, v, Some(tech), bay)
            })?;
        }
        Work::Job { position, action } => {
            let l = line(*position)?;
            store.write(actor, s.at, |tx| workshop::job(tx, id, v, l, *action))?;
        }
        Work::Propose(extra) => {
            let (kind, description, quantity_centi, unit_price_cents) = match extra {
                Extra::Pads => PADS,
                Extra::Wipers => WIPERS,
            };
            let new = NewLine {
                kind,
                description: description.to_string(),
                quantity_centi,
                unit_price_cents,
                claim: false,
                service: None,
                catalog_price_cents: None,
                catalog_code: None,
            };
            let l = store.write(actor, s.at, |tx| workshop::propose(tx, id, v, &new))?;
            return Ok(Some(l));
        }
        Work::Answer { position, declined } => {
            let l = line(*position)?;
            let customer = &p.customers[p.vehicles[r.vehicle].customer].new;
            let consent = if *declined {
                Consent::Declined
            } else {
                Consent::Phone {
                    approver: format!("{}（本人） / in person", customer.name),
                    number: customer
                        .phone
                        .clone()
                        .unwrap_or_else(|| "微信 / WeChat".into()),
                    at: s.at - minutes(2),
                }
            };
            store.write(actor, s.at, |tx| workshop::answer(tx, id, v, l, &consent))?;
        }
        Work::SubmitQc => {
            store.write(actor, s.at, |tx| workshop::submit_qc(tx, id, v))?;
        }
        Work::Qc { checker, passed } => {
            let items = store.work_policy()?.qc_checklist.len();
            let entry = QcEntry {
                staff_id: ids.staff[*checker],
                passed: *passed,
                // A failed check names the brakes.
                ticked: (0..items).map(|k| *passed || k > 0).collect(),
                reason: if *passed {
                    String::new()
                } else {
                    QC_FAIL_REASON.to_string()
                },
            };
            store.write(actor, s.at, |tx| workshop::record_qc(tx, id, v, &entry))?;
        }
        Work::Ready { spot, km_driven } => {
            let out = ids.odometer[r.vehicle] + km_driven;
            let washed = r.walkaround.wash;
            store.write(actor, s.at, |tx| {
                workshop::ready(tx, id, v, washed, spot, out)
            })?;
            ids.odometer[r.vehicle] = out;
        }
        Work::Deliver { discount_pct } => {
            let share = store
                .read(|c| workshop::detail(c, id))?
                .map_or(0, |d| d.customer_cents);
            // Whole yuan, within what an advisor may give.
            let limit = store.work_policy()?.discount_limit_cents;
            let discount = (share * discount_pct / 100 / 100 * 100).min(limit);
            let delivery = Delivery {
                settle: SettleInput {
                    discount_cents: discount,
                    discount_reason: if discount > 0 {
                        DISCOUNT_REASON.to_string()
                    } else {
                        String::new()
                    },
                    paid: true,
                    old_parts_returned: r.walkaround.return_old_parts,
                },
                method: r.payment,
            };
            store.write(actor, s.at, |tx| workshop::deliver(tx, id, v, &delivery))?;
        }
        Work::Cancel(reason) => {
            store.write(actor, s.at, |tx| workshop::cancel(tx, id, v, reason))?;
        }
        Work::Call(call) => {
            let call = match *call {
                CallPlan::Reached {
                    result,
                    staff,
                    remark,
                } => Call::Reached {
                    result,
                    staff,
                    remark: remark.to_string(),
                },
                CallPlan::NotReached => Call::NotReached,
            };
            store.write(actor, s.at, |tx| {
                workshop::record_call(tx, id, v, &call, None)
            })?;
        }
    }
    Ok(None)
}
