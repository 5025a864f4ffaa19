//! The workshop in the store (issue 10): every action from dispatch to the follow-up call,
//! each refusal with its rule, the totals of approved lines only, the board's queries and
//! two counters acting on one order. Temp-file databases and frozen times only.

mod engine;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use frontdesk::domain::kinds::{
    AppointmentChannel, AppointmentKind, FollowUpOutcome, FollowUpState, FuelLevel, JobState,
    LineApproval, LineKind, PauseReason, PaymentMethod, QcLevel, RepairOrderState as S,
    ServiceType, StaffRole, WaitingMode,
};
use frontdesk::domain::workshop::WorkError;
use frontdesk::domain::workshop::follow_up::Call;
use frontdesk::domain::workshop::jobs::{Consent, JobAction};
use frontdesk::domain::workshop::settle::SettleInput;
use frontdesk::store::appointments::NewAppointment;
use frontdesk::store::customers::{self, NewCustomer, NewVehicle};
use frontdesk::store::repair_orders::{self, NewLine, NewRepairOrder, NewWalkaround};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::workshop::{self, Delivery, QcEntry};
use frontdesk::store::{Access, Store, StoreError, audit, settings, testing};

/// Local time on 2026-11-23 in the shop's zone (Asia/Shanghai, the default).
fn at(h: u32, m: u32) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-23T{h:02}:{m:02}:00+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

struct Shop {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    /// 张伟, advisor.
    advisor: i64,
    /// 王师傅, technician.
    tech: i64,
    /// 李师傅, technician.
    tech2: i64,
    /// 赵组长, supervisor (team leader).
    leader: i64,
    /// 钱经理, manager (final inspection).
    manager: i64,
    customer: i64,
    vehicle: i64,
}

fn person(store: &mut Store, by: Option<i64>, code: &str, name: &str, role: StaffRole) -> i64 {
    store
        .write(by, at(7, 0) - Duration::days(30), |tx| {
            staff::create(
                tx,
                &NewStaff {
                    code: code.into(),
                    name: name.into(),
                    role,
                },
            )
        })
        .unwrap()
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.db");
    let mut store = engine::open_store(&path, Access::ReadWrite);
    let manager = person(&mut store, None, "M01", "钱经理", StaffRole::Manager);
    let m = Some(manager);
    let advisor = person(&mut store, m, "A01", "张伟", StaffRole::Advisor);
    let tech = person(&mut store, m, "T01", "王师傅", StaffRole::Technician);
    let tech2 = person(&mut store, m, "T02", "李师傅", StaffRole::Technician);
    let leader = person(&mut store, m, "S01", "赵组长", StaffRole::Supervisor);
    let (customer, vehicle) = store
        .write(Some(advisor), at(7, 0) - Duration::days(30), |tx| {
            let c = customers::create_customer(
                tx,
                &NewCustomer {
                    name: "王小明".into(),
                    salutation: Some("mr".into()),
                    phone: Some("13800138000".into()),
                    ..Default::default()
                },
            )?;
            let v = customers::create_vehicle(
                tx,
                &NewVehicle {
                    customer_id: c,
                    plate: "粤B12345".into(),
                    make: Some("大众".into()),
                    model: Some("帕萨特".into()),
                    last_odometer_km: Some(30_000),
                    ..Default::default()
                },
            )?;
            Ok((c, v))
        })
        .unwrap();
    Shop {
        _dir: dir,
        path,
        store,
        advisor,
        tech,
        tech2,
        leader,
        manager,
        customer,
        vehicle,
    }
}

fn line(kind: LineKind, d: &str, q: i64, p: i64, claim: bool) -> NewLine {
    NewLine {
        kind,
        description: d.into(),
        quantity_centi: q,
        unit_price_cents: p,
        claim,
        service: None,
        catalog_price_cents: None,
        catalog_code: None,
    }
}

impl Shop {
    /// A signed order at 09:00: labour 1 h × ¥300, oil ¥120, a claim labour line 0.5 h ×
    /// ¥300 (S); a wash and the old parts asked for at the walk-around.
    fn order(&mut self) -> i64 {
        let new = NewRepairOrder {
            customer_id: self.customer,
            vehicle_id: self.vehicle,
            appointment_id: None,
            advisor_id: self.advisor,
            comeback_of: None,
            comeback_charged: None,
            customer_description: "保养，刹车有异响".into(),
            diagnosis: "前刹车片磨损".into(),
            odometer_km: 31_000,
            odometer_correction: None,
            promised_at: at(12, 0),
            estimate_cents: 60_000,
            contact_during: None,
            waiting_mode: WaitingMode::Lounge,
            payment_method: PaymentMethod::WeChat,
            next_service_km: None,
            next_service_on: None,
            signed_at: Some(at(9, 0)),
            lines: vec![
                line(LineKind::Labour, "更换机油机滤", 100, 30_000, false),
                line(LineKind::Part, "机油 5W-30 4L", 100, 12_000, false),
                line(LineKind::Labour, "检查刹车异响（索赔）", 50, 30_000, true),
            ],
            walkaround: NewWalkaround {
                fuel_level: FuelLevel::Half,
                warning_lights: String::new(),
                tools_present: true,
                lighter_present: true,
                valuables_removed: true,
                return_old_parts: true,
                wash: true,
                engine_bay_clean: false,
                note: None,
                damage: vec![],
            },
        };
        self.store
            .write(Some(self.advisor), at(9, 0), |tx| {
                repair_orders::insert(tx, &new, today())
            })
            .unwrap()
            .0
    }

    fn version(&self, id: i64) -> i64 {
        self.store
            .conn()
            .query_row(
                "SELECT version FROM repair_orders WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn state(&mut self, id: i64) -> S {
        self.detail(id).order.state
    }

    fn detail(&mut self, id: i64) -> workshop::Detail {
        self.store.work_detail(id).unwrap().unwrap().0
    }

    fn lines(&mut self, id: i64) -> Vec<workshop::DetailLine> {
        self.detail(id).lines
    }

    /// Runs `f` as `who` at `t` with the order's current version.
    fn act<T>(
        &mut self,
        who: i64,
        t: DateTime<Utc>,
        id: i64,
        f: impl FnOnce(&frontdesk::store::Tx<'_>, i64) -> frontdesk::store::Result<T>,
    ) -> frontdesk::store::Result<T> {
        let v = self.version(id);
        self.store.write(Some(who), t, |tx| f(tx, v))
    }

    fn dispatch(&mut self, id: i64, t: DateTime<Utc>) {
        let tech = self.tech;
        self.act(self.leader, t, id, |tx, v| {
            workshop::dispatch(tx, id, v, Some(tech), "3号工位")
        })
        .unwrap();
    }

    fn job(
        &mut self,
        id: i64,
        t: DateTime<Utc>,
        line_id: i64,
        a: JobAction,
    ) -> frontdesk::store::Result<()> {
        let tech = self.tech;
        self.act(tech, t, id, |tx, v| workshop::job(tx, id, v, line_id, a))
    }

    fn labour_ids(&mut self, id: i64) -> Vec<i64> {
        self.lines(id)
            .iter()
            .filter(|l| l.kind == LineKind::Labour)
            .map(|l| l.id)
            .collect()
    }

    /// Dispatched at 09:05, every labour job started at 09:10 and finished at 10:00,
    /// submitted to the quality check at 10:05.
    fn bring_to_quality_check(&mut self, id: i64) {
        self.dispatch(id, at(9, 5));
        for l in self.labour_ids(id) {
            self.job(id, at(9, 10), l, JobAction::Start).unwrap();
            self.job(id, at(10, 0), l, JobAction::Finish).unwrap();
        }
        let tech = self.tech;
        self.act(tech, at(10, 5), id, |tx, v| workshop::submit_qc(tx, id, v))
            .unwrap();
    }

    fn qc(
        &mut self,
        id: i64,
        t: DateTime<Utc>,
        who: i64,
        passed: bool,
        reason: &str,
    ) -> frontdesk::store::Result<()> {
        let n = self.store.work_policy().unwrap().qc_checklist.len();
        let entry = QcEntry {
            staff_id: who,
            passed,
            ticked: vec![passed; n],
            reason: reason.into(),
        };
        self.act(who, t, id, |tx, v| workshop::record_qc(tx, id, v, &entry))
    }

    /// Through the three checks and the wash to ready at 11:00 (spot A-01, 31,020 km).
    fn bring_to_ready(&mut self, id: i64) {
        self.bring_to_quality_check(id);
        let (tech, leader, manager) = (self.tech, self.leader, self.manager);
        self.qc(id, at(10, 10), tech, true, "").unwrap();
        self.qc(id, at(10, 15), leader, true, "").unwrap();
        self.qc(id, at(10, 20), manager, true, "").unwrap();
        self.act(leader, at(11, 0), id, |tx, v| {
            workshop::ready(tx, id, v, true, "A-01", 31_020)
        })
        .unwrap();
    }

    fn deliver(
        &mut self,
        id: i64,
        who: i64,
        t: DateTime<Utc>,
        discount: i64,
    ) -> frontdesk::store::Result<()> {
        let d = Delivery {
            settle: SettleInput {
                discount_cents: discount,
                discount_reason: if discount > 0 {
                    "老客户".into()
                } else {
                    String::new()
                },
                paid: true,
                old_parts_returned: true,
            },
            method: PaymentMethod::WeChat,
        };
        self.act(who, t, id, |tx, v| workshop::deliver(tx, id, v, &d))
    }

    fn audits(&self) -> usize {
        testing::row_count(&self.store, "audit_log").unwrap()
    }
}

fn work(e: StoreError) -> WorkError {
    match e {
        StoreError::Work(w) => w,
        other => panic!("expected a workshop refusal, got {other:?}"),
    }
}

#[test]
fn dispatch_sends_the_car_to_the_workshop_once_and_reassigns_later() {
    let mut s = shop();
    let id = s.order();
    let (advisor, tech, tech2, leader) = (s.advisor, s.tech, s.tech2, s.leader);
    // Refusals: nobody, an advisor, a blank bay.
    let e = s
        .act(leader, at(9, 5), id, |tx, v| {
            workshop::dispatch(tx, id, v, None, "3号工位")
        })
        .unwrap_err();
    assert_eq!(work(e), WorkError::TechnicianRequired);
    let e = s
        .act(leader, at(9, 5), id, |tx, v| {
            workshop::dispatch(tx, id, v, Some(advisor), "3号工位")
        })
        .unwrap_err();
    assert_eq!(work(e), WorkError::TechnicianRequired);
    let e = s
        .act(leader, at(9, 5), id, |tx, v| {
            workshop::dispatch(tx, id, v, Some(tech), "  ")
        })
        .unwrap_err();
    assert_eq!(work(e), WorkError::BayRequired);
    assert_eq!(s.state(id), S::Written, "nothing written by a refusal");

    s.dispatch(id, at(9, 6));
    let d = s.detail(id);
    assert_eq!(d.order.state, S::Dispatched);
    assert_eq!(d.order.technician_id, Some(tech));
    assert_eq!(d.order.bay.as_deref(), Some("3号工位"));
    assert_eq!(d.dispatched_at, Some(at(9, 6)));
    let last = d.timeline.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.from_state, last.to_state),
        ("dispatch", Some(S::Written), S::Dispatched)
    );
    assert_eq!(last.staff_name, "赵组长");
    assert_eq!(d.timeline[0].action, "state", "the check-in's move");

    // A reassignment keeps the state and the time it left reception.
    s.act(leader, at(9, 30), id, |tx, v| {
        workshop::dispatch(tx, id, v, Some(tech2), "5号工位")
    })
    .unwrap();
    let d = s.detail(id);
    assert_eq!(d.order.state, S::Dispatched);
    assert_eq!(d.order.technician_id, Some(tech2));
    assert_eq!(d.dispatched_at, Some(at(9, 6)));

    // A deactivated technician is not offered.
    let v = staff::by_id(s.store.conn(), tech).unwrap().unwrap().version;
    s.store
        .write(Some(s.manager), at(9, 40), |tx| {
            staff::set_active(tx, tech, v, false)
        })
        .unwrap();
    let e = s
        .act(leader, at(9, 45), id, |tx, v| {
            workshop::dispatch(tx, id, v, Some(tech), "3号工位")
        })
        .unwrap_err();
    assert_eq!(work(e), WorkError::TechnicianRequired);
    let a = &audit::recent(s.store.conn(), Some(("repair_orders", id)), 1).unwrap()[0];
    assert_eq!(a.action, "dispatch");
}

#[test]
fn each_job_has_its_own_clock_and_the_order_follows_its_jobs() {
    let mut s = shop();
    let id = s.order();
    let ids = s.labour_ids(id);
    let part = s
        .lines(id)
        .iter()
        .find(|l| l.kind == LineKind::Part)
        .unwrap()
        .id;
    let (a, b) = (ids[0], ids[1]);
    assert_eq!(
        work(s.job(id, at(9, 5), a, JobAction::Start).unwrap_err()),
        WorkError::NotDispatched
    );
    s.dispatch(id, at(9, 5));
    assert_eq!(
        work(s.job(id, at(9, 6), part, JobAction::Start).unwrap_err()),
        WorkError::NotALabourLine
    );
    assert!(matches!(
        s.job(id, at(9, 6), 9_999, JobAction::Start).unwrap_err(),
        StoreError::NotFound {
            entity: "repair_order_lines",
            ..
        }
    ));

    s.job(id, at(9, 10), a, JobAction::Start).unwrap();
    assert_eq!(s.state(id), S::InRepair);
    let l = s.lines(id).into_iter().find(|l| l.id == a).unwrap();
    assert_eq!(
        (l.job_state, l.running_since),
        (JobState::Running, Some(at(9, 10)))
    );
    assert!(matches!(
        work(s.job(id, at(9, 11), a, JobAction::Start).unwrap_err()),
        WorkError::Job {
            state: JobState::Running,
            action: "start"
        }
    ));

    // Paused for parts after 30 minutes: the order waits for parts.
    s.job(id, at(9, 40), a, JobAction::Pause(PauseReason::Parts))
        .unwrap();
    assert_eq!(s.state(id), S::WaitingParts);
    let l = s.lines(id).into_iter().find(|l| l.id == a).unwrap();
    assert_eq!(l.job_state, JobState::Paused);
    assert_eq!(l.pause, Some(PauseReason::Parts));
    assert_eq!((l.worked_seconds, l.running_since), (1_800, None));
    let ev = s.detail(id).timeline.pop().unwrap();
    assert_eq!(ev.action, "job_pause");
    assert_eq!(ev.note.as_deref(), Some("parts"));
    assert_eq!(ev.line.as_deref(), Some("更换机油机滤"));

    // Another job runs meanwhile: in repair again; resumed and finished.
    s.job(id, at(9, 45), b, JobAction::Start).unwrap();
    assert_eq!(s.state(id), S::InRepair);
    s.job(id, at(9, 55), b, JobAction::Finish).unwrap();
    assert_eq!(s.state(id), S::WaitingParts, "the paused one still waits");
    s.job(id, at(10, 0), a, JobAction::Resume).unwrap();
    let l = s.lines(id).into_iter().find(|l| l.id == a).unwrap();
    assert_eq!((l.pause, l.running_since), (None, Some(at(10, 0))));
    s.job(id, at(10, 20), a, JobAction::Finish).unwrap();
    let l = s.lines(id).into_iter().find(|l| l.id == a).unwrap();
    assert_eq!((l.job_state, l.worked_seconds), (JobState::Done, 3_000));
    assert_eq!(s.state(id), S::InRepair);
    let board = s.store.work_board().unwrap();
    let row = board.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.jobs.len(), 2, "the approved labour lines");
    assert!(row.jobs.iter().all(|j| j.state == JobState::Done));
    assert_eq!(row.jobs[0].estimate_seconds, 3_600);
    let actions: Vec<String> = s
        .detail(id)
        .timeline
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "state",
            "dispatch",
            "job_start",
            "job_pause",
            "job_start",
            "job_finish",
            "job_resume",
            "job_finish"
        ]
    );
}

#[test]
fn added_work_waits_for_the_customer_signed_by_phone_or_declined() {
    let mut s = shop();
    let id = s.order();
    let ids = s.labour_ids(id);
    s.dispatch(id, at(9, 5));
    s.job(id, at(9, 10), ids[0], JobAction::Start).unwrap();
    let (advisor, tech) = (s.advisor, s.tech);

    let bad = line(LineKind::Labour, " ", 100, 30_000, false);
    let e = s
        .act(advisor, at(9, 30), id, |tx, v| {
            workshop::propose(tx, id, v, &bad)
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");

    let pads = line(LineKind::Part, "前刹车片", 100, 45_000, false);
    let pads = s
        .act(advisor, at(9, 30), id, |tx, v| {
            workshop::propose(tx, id, v, &pads)
        })
        .unwrap();
    assert_eq!(s.state(id), S::InRepair, "a job still runs");
    let l = s.lines(id).into_iter().find(|l| l.id == pads).unwrap();
    assert_eq!(l.approval, LineApproval::Proposed);
    assert_eq!(l.proposed_at, Some(at(9, 30)));
    assert_eq!(l.proposed_by_name.as_deref(), Some("张伟"));
    assert_eq!(l.position, 4);
    // The technician stops to wait for the answer.
    s.job(
        id,
        at(9, 35),
        ids[0],
        JobAction::Pause(PauseReason::Approval),
    )
    .unwrap();
    assert_eq!(s.state(id), S::WaitingApproval);
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!((row.proposed, row.proposed_since), (1, Some(at(9, 30))));
    assert_eq!(
        row.total_cents, 42_000,
        "the proposed line does not count yet"
    );
    assert_eq!(
        work(
            s.act(tech, at(9, 36), id, |tx, v| workshop::job(
                tx,
                id,
                v,
                pads,
                JobAction::Start
            ))
            .unwrap_err()
        ),
        WorkError::NotALabourLine
    );
    let wipers = line(LineKind::Labour, "更换雨刮片", 20, 30_000, false);
    let wipers = s
        .act(advisor, at(9, 36), id, |tx, v| {
            workshop::propose(tx, id, v, &wipers)
        })
        .unwrap();
    assert_eq!(
        work(
            s.act(tech, at(9, 37), id, |tx, v| {
                workshop::job(tx, id, v, wipers, JobAction::Start)
            })
            .unwrap_err()
        ),
        WorkError::NotApproved
    );

    // The phone approval: who, the number, the time of the call; refused when incomplete.
    let phone = |approver: &str, number: &str, t| Consent::Phone {
        approver: approver.into(),
        number: number.into(),
        at: t,
    };
    for (c, want) in [
        (
            phone("", "13800138000", at(9, 40)),
            WorkError::ApproverRequired,
        ),
        (
            phone("王小明本人", " ", at(9, 40)),
            WorkError::NumberRequired,
        ),
        (
            phone("王小明本人", "13800138000", at(9, 50)),
            WorkError::ApprovalInFuture,
        ),
    ] {
        let e = s
            .act(advisor, at(9, 45), id, |tx, v| {
                workshop::answer(tx, id, v, pads, &c)
            })
            .unwrap_err();
        assert_eq!(work(e), want);
    }
    let e = s
        .act(advisor, at(9, 45), id, |tx, v| {
            workshop::answer(
                tx,
                id,
                v,
                pads,
                &phone("王小明本人", "138 0013 8000", at(9, 20)),
            )
        })
        .unwrap_err();
    assert!(
        matches!(work(e), WorkError::ApprovalBeforeProposal { proposed } if proposed == "2026-11-23 09:30")
    );
    s.act(advisor, at(9, 45), id, |tx, v| {
        workshop::answer(
            tx,
            id,
            v,
            pads,
            &phone("王小明本人", "138 0013 8000", at(9, 42)),
        )
    })
    .unwrap();
    let l = s.lines(id).into_iter().find(|l| l.id == pads).unwrap();
    assert_eq!(l.approval, LineApproval::ApprovedPhone);
    assert_eq!(l.phone_approver.as_deref(), Some("王小明本人"));
    assert_eq!(l.phone_number.as_deref(), Some("13800138000"), "normalised");
    assert_eq!(l.decided_at, Some(at(9, 42)), "the time of the call");
    assert_eq!(l.decided_by_name.as_deref(), Some("张伟"), "who called");
    assert_eq!(
        work(
            s.act(advisor, at(9, 46), id, |tx, v| {
                workshop::answer(tx, id, v, pads, &Consent::Signed)
            })
            .unwrap_err()
        ),
        WorkError::AlreadyDecided
    );
    assert_eq!(s.state(id), S::WaitingApproval, "the wipers still wait");

    // The wipers are declined: remembered on the vehicle, never counted.
    s.act(advisor, at(9, 50), id, |tx, v| {
        workshop::answer(tx, id, v, wipers, &Consent::Declined)
    })
    .unwrap();
    assert_eq!(
        s.state(id),
        S::WaitingApproval,
        "the job is still paused for approval"
    );
    s.job(id, at(9, 55), ids[0], JobAction::Resume).unwrap();
    assert_eq!(s.state(id), S::InRepair);
    let declined = s.store.declined_of_vehicle(s.vehicle).unwrap();
    assert_eq!(declined.len(), 1);
    assert_eq!(
        (
            declined[0].line_id,
            declined[0].description.as_str(),
            declined[0].plate.as_str()
        ),
        (wipers, "更换雨刮片", "粤B12345")
    );
    assert_eq!(declined[0].declined_at, Some(at(9, 50)));
    let mut all = vec![];
    s.store
        .read(|c| {
            workshop::declined_all(c, |r| {
                all.push(r);
                Ok(())
            })
        })
        .unwrap();
    assert_eq!(all, declined);

    // Totals: approved lines only (300 + 120 + 450 phone-approved; claim and declined out).
    let d = s.detail(id);
    assert_eq!(d.customer_cents, 87_000);
    assert_eq!((d.order.total_cents, d.order.claim_cents), (87_000, 15_000));
    let printed = repair_orders::lines(s.store.conn(), id).unwrap();
    assert_eq!(printed.len(), 4, "the declined line is not printed");
    assert!(printed.iter().all(|l| l.id != wipers));
    let listed = repair_orders::list(s.store.conn(), true).unwrap();
    assert_eq!(listed[0].total_cents, 87_000);
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!(
        (row.total_cents, row.proposed, row.proposed_since),
        (87_000, 0, None)
    );
    let actions: Vec<String> = d.timeline.iter().map(|e| e.action.clone()).collect();
    assert!(actions.ends_with(&["approve".into(), "decline".into(), "job_resume".into()]));
    let approve = d.timeline.iter().find(|e| e.action == "approve").unwrap();
    assert_eq!(approve.note.as_deref(), Some("王小明本人 · 13800138000"));
}

#[test]
fn the_three_checks_each_by_its_own_person_and_a_failure_back_to_repair() {
    let mut s = shop();
    let id = s.order();
    let (tech, tech2, leader, manager) = (s.tech, s.tech2, s.leader, s.manager);
    s.dispatch(id, at(9, 5));
    let ids = s.labour_ids(id);
    s.job(id, at(9, 10), ids[0], JobAction::Start).unwrap();
    assert_eq!(
        work(
            s.act(tech, at(9, 20), id, |tx, v| workshop::submit_qc(tx, id, v))
                .unwrap_err()
        ),
        WorkError::JobsOpen { open: 2 }
    );
    s.job(id, at(10, 0), ids[0], JobAction::Finish).unwrap();
    s.job(id, at(10, 0), ids[1], JobAction::Start).unwrap();
    s.job(id, at(10, 1), ids[1], JobAction::Finish).unwrap();
    assert_eq!(
        work(s.qc(id, at(10, 2), tech, true, "").unwrap_err()),
        WorkError::Move {
            from: S::InRepair,
            step: "qc_pass"
        }
    );
    s.act(tech, at(10, 5), id, |tx, v| workshop::submit_qc(tx, id, v))
        .unwrap();
    assert_eq!(s.state(id), S::QualityCheck);
    let next = |s: &mut Shop| {
        s.store
            .work_board()
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .qc_next
    };
    assert_eq!(next(&mut s), Some(QcLevel::SelfCheck));

    // The self-check is the technician's; the tick list matches the checklist.
    assert_eq!(
        work(s.qc(id, at(10, 10), tech2, true, "").unwrap_err()),
        WorkError::QcSelfCheckByTechnician
    );
    let short = QcEntry {
        staff_id: tech,
        passed: true,
        ticked: vec![true; 2],
        reason: String::new(),
    };
    let e = s
        .act(tech, at(10, 10), id, |tx, v| {
            workshop::record_qc(tx, id, v, &short)
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(m) if m.contains("6 items")));
    let mut one_missing = short.clone();
    one_missing.ticked = vec![true, true, true, false, true, true];
    assert_eq!(
        work(
            s.act(tech, at(10, 10), id, |tx, v| workshop::record_qc(
                tx,
                id,
                v,
                &one_missing
            ))
            .unwrap_err()
        ),
        WorkError::QcChecklistIncomplete
    );
    s.qc(id, at(10, 10), tech, true, "").unwrap();
    assert_eq!(
        s.state(id),
        S::QualityCheck,
        "a pass waits for the next level"
    );
    assert_eq!(next(&mut s), Some(QcLevel::TeamLeader));
    assert_eq!(
        work(s.qc(id, at(10, 12), tech, true, "").unwrap_err()),
        WorkError::QcSamePerson {
            level: QcLevel::SelfCheck
        }
    );
    s.qc(id, at(10, 15), leader, true, "").unwrap();
    assert_eq!(next(&mut s), Some(QcLevel::Final));
    assert_eq!(
        work(s.qc(id, at(10, 20), manager, false, " ").unwrap_err()),
        WorkError::QcReasonRequired
    );
    s.qc(id, at(10, 20), manager, false, "刹车异响仍在")
        .unwrap();
    let d = s.detail(id);
    assert_eq!(d.order.state, S::InRepair);
    assert_eq!(d.qc_failures, 1);
    assert!(
        d.lines
            .iter()
            .filter(|l| l.kind == LineKind::Labour)
            .all(|l| l.job_state == JobState::Done),
        "the jobs stay done"
    );
    assert_eq!(d.checks.len(), 3);
    let fail = &d.checks[2];
    assert_eq!(
        (
            fail.level,
            fail.passed,
            fail.staff_name.as_str(),
            fail.reason.as_deref()
        ),
        (QcLevel::Final, false, "钱经理", Some("刹车异响仍在"))
    );
    assert_eq!(fail.checklist.len(), 6);
    assert_eq!(fail.checklist[0], ("qc_item.brakes".to_string(), false));
    assert_eq!(
        d.checks[0].checklist[4],
        ("qc_item.test_drive".to_string(), true)
    );
    let ev = d.timeline.last().unwrap();
    assert_eq!(
        (ev.action.as_str(), ev.to_state, ev.note.as_deref()),
        ("qc_fail", S::InRepair, Some("刹车异响仍在"))
    );

    // Rework: the job reopened, done again, a new round of three checks.
    s.job(id, at(10, 30), ids[0], JobAction::Resume).unwrap();
    s.job(id, at(10, 40), ids[0], JobAction::Finish).unwrap();
    s.act(tech, at(10, 41), id, |tx, v| workshop::submit_qc(tx, id, v))
        .unwrap();
    assert_eq!(next(&mut s), Some(QcLevel::SelfCheck));
    s.qc(id, at(10, 42), tech, true, "").unwrap();
    s.qc(id, at(10, 43), leader, true, "").unwrap();
    s.qc(id, at(10, 45), manager, true, "").unwrap();
    let d = s.detail(id);
    assert_eq!((d.order.state, d.qc_failures), (S::Wash, 1));
    let ev = d.timeline.last().unwrap();
    assert_eq!(
        (ev.action.as_str(), ev.note.as_deref()),
        ("qc_pass", Some("final"))
    );
}

#[test]
fn ready_needs_the_wash_the_spot_and_an_odometer_not_below_the_one_in() {
    let mut s = shop();
    let id = s.order();
    let leader = s.leader;
    assert_eq!(
        work(
            s.act(leader, at(9, 30), id, |tx, v| workshop::ready(
                tx, id, v, true, "A-01", 31_000
            ))
            .unwrap_err()
        ),
        WorkError::Move {
            from: S::Written,
            step: "ready"
        }
    );
    s.bring_to_quality_check(id);
    let (tech, manager) = (s.tech, s.manager);
    s.qc(id, at(10, 10), tech, true, "").unwrap();
    s.qc(id, at(10, 15), leader, true, "").unwrap();
    s.qc(id, at(10, 20), manager, true, "").unwrap();
    for (washed, spot, km, want) in [
        (false, "A-01", 31_020, WorkError::WashWanted),
        (true, " ", 31_020, WorkError::SpotRequired),
        (
            true,
            "A-01",
            30_999,
            WorkError::OdometerBelowIn { km_in: 31_000 },
        ),
    ] {
        let e = s
            .act(leader, at(10, 50), id, |tx, v| {
                workshop::ready(tx, id, v, washed, spot, km)
            })
            .unwrap_err();
        assert_eq!(work(e), want);
    }
    s.act(leader, at(11, 0), id, |tx, v| {
        workshop::ready(tx, id, v, true, " A-01 ", 31_020)
    })
    .unwrap();
    let d = s.detail(id);
    assert_eq!(d.order.state, S::Ready);
    assert_eq!(d.order.delivery_spot.as_deref(), Some("A-01"));
    assert_eq!(
        (d.washed, d.odometer_out_km, d.ready_at),
        (Some(true), Some(31_020), Some(at(11, 0)))
    );
    let v = customers::vehicle(s.store.conn(), s.vehicle)
        .unwrap()
        .unwrap();
    assert_eq!(v.last_odometer_km, Some(31_020));
}

#[test]
fn delivery_settles_with_a_discount_only_a_supervisor_gives_above_the_limit() {
    let mut s = shop();
    let id = s.order();
    s.bring_to_ready(id);
    let (advisor, leader) = (s.advisor, s.leader);
    // ¥420 to pay; the limit is ¥200.
    let e = s.deliver(id, advisor, at(11, 30), 25_000).unwrap_err();
    assert!(matches!(work(e), WorkError::DiscountNeedsSupervisor { limit } if limit == "¥200.00"));
    let e = s.deliver(id, advisor, at(11, 30), 50_000).unwrap_err();
    assert_eq!(work(e), WorkError::DiscountAboveTotal);
    let unpaid = Delivery {
        settle: SettleInput {
            discount_cents: 0,
            discount_reason: String::new(),
            paid: false,
            old_parts_returned: true,
        },
        method: PaymentMethod::Cash,
    };
    assert_eq!(
        work(
            s.act(advisor, at(11, 30), id, |tx, v| workshop::deliver(
                tx, id, v, &unpaid
            ))
            .unwrap_err()
        ),
        WorkError::NotPaid
    );
    let no_parts = Delivery {
        settle: SettleInput {
            paid: true,
            old_parts_returned: false,
            ..unpaid.settle.clone()
        },
        method: PaymentMethod::Cash,
    };
    assert_eq!(
        work(
            s.act(advisor, at(11, 30), id, |tx, v| workshop::deliver(
                tx, id, v, &no_parts
            ))
            .unwrap_err()
        ),
        WorkError::OldPartsNotReturned
    );
    assert_eq!(s.state(id), S::Ready);

    s.deliver(id, leader, at(11, 40), 25_000).unwrap();
    let d = s.detail(id);
    assert_eq!(d.order.state, S::Delivered);
    assert_eq!(d.order.delivered_at, Some(at(11, 40)));
    assert_eq!(d.customer_cents, 42_000);
    assert_eq!(
        (d.discount_cents, d.discount_reason.as_deref()),
        (25_000, Some("老客户"))
    );
    assert_eq!(
        (d.paid_cents, d.paid_method),
        (Some(17_000), Some(PaymentMethod::WeChat))
    );
    assert_eq!(d.old_parts_returned, Some(true));
    assert_eq!(d.follow_up_state, Some(FollowUpState::Due));
    assert_eq!(d.follow_up_on, NaiveDate::from_ymd_opt(2026, 11, 26));
    let ev = d.timeline.last().unwrap();
    assert_eq!((ev.action.as_str(), ev.to_state), ("deliver", S::Delivered));
    assert!(
        s.store.work_board().unwrap().iter().all(|r| r.id != id),
        "off the board of open orders"
    );
    // Closed: no more moves.
    assert!(matches!(
        work(
            s.act(leader, at(12, 0), id, |tx, v| workshop::cancel(
                tx, id, v, "test"
            ))
            .unwrap_err()
        ),
        WorkError::Move {
            from: S::Delivered,
            step: "cancel"
        }
    ));
}

#[test]
fn a_delivered_comeback_the_shop_bears_costs_the_customer_nothing() {
    let mut s = shop();
    let first = s.order();
    s.bring_to_ready(first);
    let leader = s.leader;
    s.deliver(first, leader, at(11, 30), 0).unwrap();
    let new = NewRepairOrder {
        comeback_of: Some(first),
        comeback_charged: Some(false),
        ..second_order(&s)
    };
    let id = s
        .store
        .write(Some(s.advisor), at(13, 0), |tx| {
            repair_orders::insert(tx, &new, today())
        })
        .unwrap()
        .0;
    let d = s.detail(id);
    assert_eq!((d.customer_cents, d.order.total_cents), (0, 0));
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert!(row.comeback);
    assert_eq!(row.total_cents, 0);
}

/// A second visit of the same car at 13:00: one labour line 0.5 h × ¥300, no wash.
fn second_order(s: &Shop) -> NewRepairOrder {
    NewRepairOrder {
        customer_id: s.customer,
        vehicle_id: s.vehicle,
        appointment_id: None,
        advisor_id: s.advisor,
        comeback_of: None,
        comeback_charged: None,
        customer_description: "刹车仍有异响".into(),
        diagnosis: "返修".into(),
        odometer_km: 31_100,
        odometer_correction: None,
        promised_at: at(16, 0),
        estimate_cents: 0,
        contact_during: None,
        waiting_mode: WaitingMode::Leave,
        payment_method: PaymentMethod::Cash,
        next_service_km: None,
        next_service_on: None,
        signed_at: Some(at(13, 0)),
        lines: vec![line(LineKind::Labour, "检查刹车", 50, 30_000, false)],
        walkaround: NewWalkaround {
            fuel_level: FuelLevel::Full,
            warning_lights: String::new(),
            tools_present: true,
            lighter_present: true,
            valuables_removed: true,
            return_old_parts: false,
            wash: false,
            engine_bay_clean: false,
            note: None,
            damage: vec![],
        },
    }
}

fn comeback_booking(s: &Shop, day: NaiveDate) -> NewAppointment {
    NewAppointment {
        customer_id: s.customer,
        vehicle_id: s.vehicle,
        day,
        starts_at: DateTime::parse_from_rfc3339(&format!("{day}T10:00:00+08:00"))
            .unwrap()
            .with_timezone(&Utc),
        service: ServiceType::Repair,
        est_minutes: 60,
        advisor_id: Some(s.advisor),
        kind: AppointmentKind::Active,
        channel: AppointmentChannel::Phone,
        parts: frontdesk::domain::kinds::PartsStatus::InStock,
        parts_expected_on: None,
        complaint_case: false,
        symptoms: None,
        note: None,
        package_id: None,
    }
}

#[test]
fn follow_up_calls_count_tries_give_up_and_a_problem_books_the_comeback() {
    let mut s = shop();
    let id = s.order();
    s.bring_to_ready(id);
    let (advisor, leader) = (s.advisor, s.leader);
    s.deliver(id, leader, at(11, 30), 0).unwrap();
    let call_at = |d: u32, h: u32| at(h, 0) + Duration::days(i64::from(d));
    // Not due before the third day.
    assert!(
        s.store
            .follow_ups_due(today() + Duration::days(2))
            .unwrap()
            .is_empty()
    );
    let due = s.store.follow_ups_due(today() + Duration::days(3)).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (
            due[0].id,
            due[0].phone.as_deref(),
            due[0].plate.as_str(),
            due[0].tries
        ),
        (id, Some("13800138000"), "粤B12345", 0)
    );
    assert_eq!(due[0].advisor_name, "张伟");

    // Two unanswered calls: tried again the next day; the third gives up (3 tries).
    for (k, day) in [3u32, 4].into_iter().enumerate() {
        let out = s
            .act(advisor, call_at(day, 10), id, |tx, v| {
                workshop::record_call(tx, id, v, &Call::NotReached, None)
            })
            .unwrap();
        assert_eq!(out.state, FollowUpState::Due);
        let d = s.detail(id);
        assert_eq!(d.follow_up_tries, k as i64 + 1);
        assert_eq!(
            d.follow_up_on,
            Some(today() + Duration::days(i64::from(day) + 1))
        );
    }
    let out = s
        .act(advisor, call_at(5, 10), id, |tx, v| {
            workshop::record_call(tx, id, v, &Call::NotReached, None)
        })
        .unwrap();
    assert_eq!(
        out,
        workshop::CallOutcome {
            state: FollowUpState::GivenUp,
            appointment_id: None
        }
    );
    assert!(
        s.store
            .follow_ups_due(today() + Duration::days(30))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        work(
            s.act(advisor, call_at(6, 10), id, |tx, v| {
                workshop::record_call(tx, id, v, &Call::NotReached, None)
            })
            .unwrap_err()
        ),
        WorkError::FollowUpNotDue
    );
    let d = s.detail(id);
    assert_eq!(d.calls.len(), 3);
    assert!(
        d.calls
            .iter()
            .all(|c| c.outcome == FollowUpOutcome::NotReached)
    );
    assert_eq!(d.calls[0].staff_name, "张伟");
}

#[test]
fn a_reached_call_records_both_scores() {
    let mut s = shop();
    let id = s.order();
    s.bring_to_ready(id);
    let (advisor, leader) = (s.advisor, s.leader);
    s.deliver(id, leader, at(11, 30), 0).unwrap();
    let t = at(10, 0) + Duration::days(3);
    let bad = Call::Reached {
        result: 6,
        staff: 5,
        remark: String::new(),
    };
    assert_eq!(
        work(
            s.act(advisor, t, id, |tx, v| workshop::record_call(
                tx, id, v, &bad, None
            ))
            .unwrap_err()
        ),
        WorkError::BadScore
    );
    let good = Call::Reached {
        result: 5,
        staff: 4,
        remark: " 很满意 ".into(),
    };
    let out = s
        .act(advisor, t, id, |tx, v| {
            workshop::record_call(tx, id, v, &good, None)
        })
        .unwrap();
    assert_eq!(out.state, FollowUpState::Done);
    let d = s.detail(id);
    assert_eq!(d.follow_up_state, Some(FollowUpState::Done));
    let c = &d.calls[0];
    assert_eq!(
        (
            c.outcome,
            c.result_score,
            c.staff_score,
            c.remark.as_deref(),
            c.at
        ),
        (
            FollowUpOutcome::Reached,
            Some(5),
            Some(4),
            Some("很满意"),
            t
        )
    );
    assert_eq!(d.timeline.last().unwrap().action, "follow_up");
}

/// A problem the advisor records as a complaint instead books nothing: the call holds the
/// problem's text and the follow-up stands at "problem".
#[test]
fn a_problem_without_a_booking_is_recorded_on_the_call_alone() {
    let mut s = shop();
    let id = s.order();
    s.bring_to_ready(id);
    let (advisor, leader) = (s.advisor, s.leader);
    s.deliver(id, leader, at(11, 30), 0).unwrap();
    let t = at(10, 0) + Duration::days(3);
    let problem = Call::Problem {
        text: "交车时态度很差".into(),
    };
    let out = s
        .act(advisor, t, id, |tx, v| {
            workshop::record_call(tx, id, v, &problem, None)
        })
        .unwrap();
    assert_eq!(out.state, FollowUpState::Problem);
    assert_eq!(out.appointment_id, None);
    assert_eq!(testing::row_count(&s.store, "appointments").unwrap(), 0);
    let remark: Option<String> = s
        .store
        .conn()
        .query_row(
            "SELECT remark FROM follow_up_calls WHERE repair_order_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(remark.as_deref(), Some("交车时态度很差"));
    assert_eq!(s.detail(id).follow_up_state, Some(FollowUpState::Problem));
}

#[test]
fn a_problem_books_its_comeback_in_the_same_transaction_or_nothing_is_saved() {
    let mut s = shop();
    let id = s.order();
    s.bring_to_ready(id);
    let (advisor, leader, manager) = (s.advisor, s.leader, s.manager);
    s.deliver(id, leader, at(11, 30), 0).unwrap();
    let t = at(10, 0) + Duration::days(3);
    let problem = Call::Problem {
        text: "刹车又响了".into(),
    };
    assert_eq!(
        work(
            s.act(advisor, t, id, |tx, v| {
                workshop::record_call(tx, id, v, &Call::Problem { text: " ".into() }, None)
            })
            .unwrap_err()
        ),
        WorkError::ProblemRequired
    );

    // The day asked for is a holiday: the booking is refused and nothing of the call stays.
    let closed = today() + Duration::days(4);
    settings::add_holiday(
        &mut s.store,
        Some(manager),
        t - Duration::hours(1),
        closed,
        None,
    )
    .unwrap();
    let (version, audits) = (s.version(id), s.audits());
    let booking = comeback_booking(&s, closed);
    let e = s
        .act(advisor, t, id, |tx, v| {
            workshop::record_call(tx, id, v, &problem, Some(&booking))
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::OverCapacity { .. }), "{e:?}");
    assert_eq!(s.version(id), version);
    assert_eq!(s.audits(), audits);
    assert_eq!(testing::row_count(&s.store, "follow_up_calls").unwrap(), 0);
    assert_eq!(testing::row_count(&s.store, "appointments").unwrap(), 0);
    assert_eq!(s.detail(id).follow_up_state, Some(FollowUpState::Due));

    // The next day is open: booked, as a comeback, named by the call.
    let booking = comeback_booking(&s, closed + Duration::days(1));
    let out = s
        .act(advisor, t, id, |tx, v| {
            workshop::record_call(tx, id, v, &problem, Some(&booking))
        })
        .unwrap();
    assert_eq!(out.state, FollowUpState::Problem);
    let appt = out.appointment_id.unwrap();
    let a = frontdesk::store::appointments::get(s.store.conn(), appt)
        .unwrap()
        .unwrap();
    assert_eq!(a.service, ServiceType::Comeback);
    assert_eq!(a.symptoms.as_deref(), Some("刹车又响了"));
    assert_eq!(a.vehicle_id, s.vehicle);
    let named: Option<i64> = s
        .store
        .conn()
        .query_row(
            "SELECT appointment_id FROM follow_up_calls WHERE repair_order_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(named, Some(appt));
    let d = s.detail(id);
    assert_eq!(d.follow_up_state, Some(FollowUpState::Problem));
    assert_eq!(d.calls[0].outcome, FollowUpOutcome::Problem);
    assert_eq!(d.calls[0].remark.as_deref(), Some("刹车又响了"));
}

#[test]
fn cancel_needs_a_reason_and_stops_a_running_clock() {
    let mut s = shop();
    let id = s.order();
    s.dispatch(id, at(9, 5));
    let a = s.labour_ids(id)[0];
    s.job(id, at(9, 10), a, JobAction::Start).unwrap();
    let advisor = s.advisor;
    assert_eq!(
        work(
            s.act(advisor, at(9, 40), id, |tx, v| workshop::cancel(
                tx, id, v, " "
            ))
            .unwrap_err()
        ),
        WorkError::CancelReasonRequired
    );
    s.act(advisor, at(9, 40), id, |tx, v| {
        workshop::cancel(tx, id, v, "客户不修了")
    })
    .unwrap();
    let d = s.detail(id);
    assert_eq!(d.order.state, S::Cancelled);
    assert_eq!(d.cancel_reason.as_deref(), Some("客户不修了"));
    let l = d.lines.iter().find(|l| l.id == a).unwrap();
    assert_eq!((l.running_since, l.worked_seconds), (None, 1_800));
    assert_eq!(d.timeline.last().unwrap().action, "cancel");
}

#[test]
fn progress_and_the_80_20_notice() {
    let mut s = shop();
    let id = s.order();
    s.dispatch(id, at(9, 5));
    let advisor = s.advisor;
    for bad in [-1, 101] {
        assert_eq!(
            work(
                s.act(advisor, at(9, 30), id, |tx, v| workshop::set_progress(
                    tx, id, v, bad
                ))
                .unwrap_err()
            ),
            WorkError::BadProgress
        );
    }
    s.act(advisor, at(9, 30), id, |tx, v| {
        workshop::set_progress(tx, id, v, 80)
    })
    .unwrap();
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert_eq!((row.progress_pct, row.told_customer), (80, false));
    s.act(advisor, at(9, 35), id, |tx, v| {
        workshop::told_customer(tx, id, v)
    })
    .unwrap();
    let d = s.detail(id);
    assert_eq!((d.progress_pct, d.told_customer_at), (80, Some(at(9, 35))));
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert!(row.told_customer);
    let names: Vec<String> = d.timeline.iter().map(|e| e.action.clone()).collect();
    assert!(names.ends_with(&["progress".into(), "told".into()]));
}

#[test]
fn the_board_lists_open_orders_with_names_jobs_and_the_wash() {
    let mut s = shop();
    let a = s.order();
    let b = s.order();
    s.dispatch(b, at(9, 5));
    let board = s.store.work_board().unwrap();
    assert_eq!(board.len(), 2);
    let row = board.iter().find(|r| r.id == b).unwrap();
    assert_eq!(row.customer_name, "王小明");
    assert_eq!(&*row.advisor_name, "张伟");
    assert_eq!(row.technician_name.as_deref(), Some("王师傅"));
    assert_eq!(row.bay.as_deref(), Some("3号工位"));
    assert_eq!((row.state, row.signed_at), (S::Dispatched, at(9, 0)));
    assert!(row.wash_wanted && !row.comeback && !row.appointment);
    assert_eq!(row.total_cents, 42_000);
    assert_eq!(row.jobs.len(), 2);
    assert_eq!(row.jobs[0].description, "更换机油机滤");
    assert_eq!(row.jobs[1].estimate_seconds, 1_800);
    assert_eq!(row.qc_next, None);
    let other = board.iter().find(|r| r.id == a).unwrap();
    assert_eq!((other.state, other.technician_id), (S::Written, None));
}

#[test]
fn a_declined_line_is_taken_up_by_the_next_order_of_the_vehicle() {
    let mut s = shop();
    let id = s.order();
    s.dispatch(id, at(9, 5));
    let advisor = s.advisor;
    let wipers = line(LineKind::Labour, "更换雨刮片", 20, 30_000, false);
    let wipers = s
        .act(advisor, at(9, 30), id, |tx, v| {
            workshop::propose(tx, id, v, &wipers)
        })
        .unwrap();
    s.act(advisor, at(9, 40), id, |tx, v| {
        workshop::answer(tx, id, v, wipers, &Consent::Declined)
    })
    .unwrap();
    let signed_line = s.lines(id)[0].id;

    let second = second_order(&s);
    let next = s
        .store
        .write(Some(advisor), at(13, 0), |tx| {
            let (new, _) = repair_orders::insert(tx, &second, today())?;
            // Not declined; on the order itself: refused.
            assert!(matches!(
                workshop::take_up_declined(tx, new, signed_line),
                Err(StoreError::Invalid(_))
            ));
            workshop::take_up_declined(tx, new, wipers)?;
            assert!(matches!(
                workshop::take_up_declined(tx, new, wipers),
                Err(StoreError::Invalid(m)) if m.contains("already taken up")
            ));
            Ok(new)
        })
        .unwrap();
    assert!(s.store.declined_of_vehicle(s.vehicle).unwrap().is_empty());
    let lines = s.lines(next);
    let copy = lines.last().unwrap();
    assert_eq!(
        (copy.description.as_str(), copy.approval),
        ("更换雨刮片", LineApproval::Signed)
    );
    assert_eq!(s.detail(next).order.total_cents, 15_000 + 6_000);
    // Another order in the workshop cannot take up a line.
    let third = s
        .store
        .write(Some(advisor), at(13, 5), |tx| {
            repair_orders::insert(tx, &second, today())
        })
        .unwrap()
        .0;
    s.dispatch(third, at(13, 10));
    let e = s
        .store
        .write(Some(advisor), at(13, 20), |tx| {
            workshop::take_up_declined(tx, third, wipers)
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)));
}

fn open(path: &Path) -> Store {
    engine::open_store(path, Access::ReadWrite)
}

#[test]
fn two_counters_on_one_order_the_second_is_refused_with_who_and_when() {
    let mut s = shop();
    let id = s.order();
    let mut other = open(&s.path);
    // Both counters load the order.
    let mine = s.store.work_detail(id).unwrap().unwrap().0.order.version;
    let theirs = other.work_detail(id).unwrap().unwrap().0.order.version;
    assert_eq!(mine, theirs);
    let (leader, manager, tech, tech2) = (s.leader, s.manager, s.tech, s.tech2);
    s.store
        .write(Some(leader), at(9, 5), |tx| {
            workshop::dispatch(tx, id, mine, Some(tech), "3号工位")
        })
        .unwrap();
    let (events, audits) = (
        testing::row_count(&s.store, "repair_order_events").unwrap(),
        s.audits(),
    );
    let e = other
        .write(Some(manager), at(9, 6), |tx| {
            workshop::dispatch(tx, id, theirs, Some(tech2), "5号工位")
        })
        .unwrap_err();
    match e {
        StoreError::Conflict {
            entity,
            id: got,
            by,
            at: when,
        } => {
            assert_eq!((entity, got), ("repair_orders", id));
            assert_eq!(by, "赵组长");
            assert_eq!(when, "2026-11-23T01:05:00Z");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // A job action on the stale version is refused the same way.
    let line_id = s.labour_ids(id)[0];
    let e = other
        .write(Some(tech2), at(9, 7), |tx| {
            workshop::job(tx, id, theirs, line_id, JobAction::Start)
        })
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { by, .. } if by == "赵组长"),
        "{e:?}"
    );
    // Nothing of the second counter was written.
    let d = s.detail(id);
    assert_eq!(
        (d.order.technician_id, d.order.bay.as_deref()),
        (Some(tech), Some("3号工位"))
    );
    assert_eq!(d.order.version, mine + 1);
    assert!(d.lines.iter().all(|l| l.job_state == JobState::Pending));
    assert_eq!(
        testing::row_count(&s.store, "repair_order_events").unwrap(),
        events
    );
    assert_eq!(s.audits(), audits);
    // After a reload the second counter's change goes through.
    let fresh = other.work_detail(id).unwrap().unwrap().0.order.version;
    other
        .write(Some(tech2), at(9, 8), |tx| {
            workshop::job(tx, id, fresh, line_id, JobAction::Start)
        })
        .unwrap();
    assert_eq!(s.state(id), S::InRepair);
}

fn plan(store: &Store, sql: &str) -> Vec<String> {
    testing::query_plan(store.conn(), sql).unwrap()
}

/// The board reads the orders through the partial index of open orders and their lines
/// through the partial index of the open orders' lines (only open rows are in them, so
/// walking them is not a scan of a table; both cover what is read, so no row is fetched),
/// and the checks of the orders in the quality check by their order index: no step scans
/// `repair_orders` or `repair_order_lines`, and no step searches a customer, a vehicle or
/// a walk-around per order.
#[test]
fn the_board_queries_search_by_index_and_never_scan_orders_or_lines() {
    if engine::sqlite_only("SQLite's query plans") {
        return;
    }
    let s = shop();
    let sql = workshop::board_sql();
    assert_eq!(
        sql.len(),
        4,
        "orders with their lines' sums, their jobs, their checks, the staff's names"
    );
    for q in &sql {
        let p = plan(&s.store, q);
        println!("{q}\n{p:#?}");
        for step in &p {
            let scan = step.starts_with("SCAN");
            let partial_open = step == "SCAN ro USING COVERING INDEX repair_orders_open"
                || step == "SCAN l USING COVERING INDEX repair_order_lines_open";
            // The staff table holds a shop's tens of people, read once per board.
            let staff = step == "SCAN staff";
            assert!(!scan || partial_open || staff, "{q}\n{p:#?}");
        }
    }
    let orders = plan(&s.store, &sql[0]);
    assert!(
        orders.iter().any(|p| p.contains("repair_orders_open")),
        "{orders:#?}"
    );
    assert!(
        !orders.iter().any(|p| p.contains("TEMP B-TREE")),
        "sorted by the index: {orders:#?}"
    );
    assert_eq!(
        orders,
        vec!["SCAN ro USING COVERING INDEX repair_orders_open".to_string()],
        "the order's own copies, no join"
    );
    assert_eq!(
        plan(&s.store, &sql[1]),
        vec!["SCAN l USING COVERING INDEX repair_order_lines_open".to_string()],
        "in the index's order, no sort: {}",
        sql[1]
    );
    let checks = plan(&s.store, &sql[2]);
    assert!(
        checks
            .iter()
            .any(|p| p.starts_with("SEARCH ro USING") && p.contains("state=?")),
        "{checks:#?}"
    );
    assert!(
        checks
            .iter()
            .any(|p| p.starts_with("SEARCH q USING INDEX quality_checks_order")),
        "{checks:#?}"
    );
}

#[test]
fn the_list_sums_approved_lines_per_order_like_one_order_does() {
    let mut s = shop();
    let a = s.order();
    let b = s.order();
    s.dispatch(b, at(9, 5));
    let advisor = s.advisor;
    let extra = line(LineKind::Part, "前刹车片", 100, 45_000, false);
    s.act(advisor, at(9, 30), b, |tx, v| {
        workshop::propose(tx, b, v, &extra)
    })
    .unwrap();
    for open_only in [true, false] {
        let listed = repair_orders::list(s.store.conn(), open_only).unwrap();
        assert_eq!(listed.len(), 2);
        for r in listed {
            let one = repair_orders::get(s.store.conn(), r.id).unwrap().unwrap();
            assert_eq!(r, one);
            assert_eq!((r.total_cents, r.claim_cents), (42_000, 15_000));
        }
    }
    let _ = a;
}

/// The demo's open orders agree with the workshop's model: each state shows what puts
/// an order there, delivered orders are settled with a follow-up, and the call list and
/// the declined-work list have something to show.
#[test]
fn the_demo_shop_is_consistent_with_the_workshop_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("demo.db"));
    let now = at(9, 0);
    frontdesk::demo::fill(&mut store, 1, now, frontdesk::demo::ZONE).unwrap();
    let board = store.work_board().unwrap();
    let running = |r: &workshop::BoardRow| r.jobs.iter().any(|j| j.state == JobState::Running);
    let mut passed_levels = 0;
    for r in &board {
        let d = store.work_detail(r.id).unwrap().unwrap().0;
        assert_eq!(r.total_cents, d.customer_cents, "{}", r.number);
        match r.state {
            S::Written => assert!(
                r.technician_id.is_none() && r.jobs.iter().all(|j| j.state == JobState::Pending)
            ),
            S::Dispatched => assert!(r.technician_id.is_some() && r.bay.is_some() && !running(r)),
            S::InRepair => assert!(running(r), "{} in repair without a running job", r.number),
            S::WaitingParts => assert!(
                r.jobs.iter().any(|j| j.pause == Some(PauseReason::Parts)),
                "{}",
                r.number
            ),
            S::WaitingApproval => {
                assert!(r.proposed > 0 && r.proposed_since.is_some(), "{}", r.number)
            }
            S::QualityCheck => {
                assert!(r.jobs.iter().all(|j| j.state == JobState::Done));
                if r.qc_next != Some(QcLevel::SelfCheck) {
                    passed_levels += 1;
                }
            }
            S::Wash | S::Ready => {
                assert!(
                    d.checks
                        .iter()
                        .any(|c| c.level == QcLevel::Final && c.passed)
                );
                if r.state == S::Ready {
                    assert!(d.order.delivery_spot.is_some() && d.odometer_out_km.is_some());
                }
            }
            S::Delivered | S::Cancelled => panic!("{} is closed but on the board", r.number),
        }
        assert!(d.timeline.iter().all(|e| e.at <= now));
    }
    assert!(
        passed_levels > 0,
        "some order in the quality check has passed levels"
    );

    let all = repair_orders::list(store.conn(), false).unwrap();
    let mut done_with_scores = 0;
    let mut failed_once = 0;
    for r in all.iter().filter(|r| r.state == S::Delivered) {
        let d = store.work_detail(r.id).unwrap().unwrap().0;
        assert_eq!(
            d.paid_cents,
            Some(d.customer_cents - d.discount_cents),
            "{}",
            r.number
        );
        assert!(
            d.paid_method.is_some() && d.follow_up_state.is_some(),
            "{}",
            r.number
        );
        if d.follow_up_state == Some(FollowUpState::Done) {
            assert!(
                d.calls
                    .iter()
                    .any(|c| c.result_score.is_some() && c.staff_score.is_some())
            );
            done_with_scores += 1;
        }
        failed_once += usize::from(d.qc_failures > 0);
    }
    assert!(
        done_with_scores > 0 && failed_once > 0,
        "{done_with_scores} {failed_once}"
    );
    let due = store.follow_ups_due(today()).unwrap();
    assert!(due.iter().any(|f| f.due_on == today()), "some due today");
    assert!(due.iter().all(|f| f.phone.is_some()));
    let mut declined = vec![];
    store
        .read(|c| {
            workshop::declined_all(c, |r| {
                declined.push(r);
                Ok(())
            })
        })
        .unwrap();
    assert!(!declined.is_empty(), "a declined line on some vehicle");
}

/// On a shop with many closed orders (and statistics gathered by ANALYZE, which may
/// change a planner's mind), the board still reads only the open orders by index and
/// returns each of them, consistent with the workshop's model.
#[test]
fn the_board_of_a_big_shop_reads_only_its_open_orders() {
    if engine::sqlite_only("20,000 orders made by the SQLite bulk builder and their query plans") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("big.db"));
    testing::bulk_repair_orders(&mut store, 20_000, 2_000, 7).unwrap();
    store.conn().execute_batch("ANALYZE").unwrap();
    for q in workshop::board_sql() {
        let p = plan(&store, &q);
        assert!(
            p.iter().all(|s| !s.starts_with("SCAN")
                || s == "SCAN ro USING COVERING INDEX repair_orders_open"
                || s == "SCAN l USING COVERING INDEX repair_order_lines_open"
                || s == "SCAN staff"),
            "{q}\n{p:#?}"
        );
    }
    let board = store.work_board().unwrap();
    assert_eq!(board.len(), 2_000);
    assert!(
        board
            .windows(2)
            .all(|w| w[0].promised_at <= w[1].promised_at)
    );
    for r in &board {
        assert!(r.state.is_open());
        assert!(!r.jobs.is_empty(), "{}", r.number);
        match r.state {
            S::InRepair => assert!(r.jobs.iter().any(|j| j.state == JobState::Running)),
            S::WaitingApproval => assert_eq!(r.proposed, 1),
            S::QualityCheck => assert!(r.qc_next.is_some()),
            _ => {}
        }
    }
    let open = repair_orders::list(store.conn(), true).unwrap();
    assert_eq!(open.len(), 2_000);
    let totals: std::collections::HashMap<i64, i64> =
        open.iter().map(|r| (r.id, r.total_cents)).collect();
    assert!(board.iter().all(|r| totals[&r.id] == r.total_cents));
}

#[test]
fn a_shops_own_checklist_is_what_each_check_ticks() {
    let mut s = shop();
    let mut edit = s.store.shop_settings().unwrap();
    edit.workshop.qc_checklist = vec!["qc_item.brakes".into(), "底盘螺丝紧固".into()];
    settings::save(&mut s.store, Some(s.manager), at(8, 0), &edit).unwrap();
    let id = s.order();
    s.bring_to_quality_check(id);
    let tech = s.tech;
    let six = QcEntry {
        staff_id: tech,
        passed: true,
        ticked: vec![true; 6],
        reason: String::new(),
    };
    let e = s
        .act(tech, at(10, 10), id, |tx, v| {
            workshop::record_qc(tx, id, v, &six)
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(m) if m.contains("2 items")));
    s.qc(id, at(10, 10), tech, true, "").unwrap();
    let d = s.detail(id);
    assert_eq!(
        d.checks[0].checklist,
        [
            ("qc_item.brakes".to_string(), true),
            ("底盘螺丝紧固".to_string(), true)
        ]
    );
}

/// The board reads the order's copies of its customer's name, its plate and its wash, and its lines by the open-lines index (migration 0009): the database's
/// triggers keep them whoever writes. An edit of the customer or the vehicle reaches the
/// open orders and leaves a delivered order with the names it was delivered with; closing
/// an order takes its lines off the open-lines index, and a line written to a closed
/// order never enters it.
#[test]
fn the_boards_copies_follow_every_edit_and_every_close() {
    let mut s = shop();
    let done = s.order();
    let open = s.order();
    let gone = s.order();
    s.bring_to_ready(done);
    let manager = s.manager;
    s.deliver(done, manager, at(11, 0), 0).unwrap();
    let advisor = s.advisor;
    s.act(advisor, at(9, 40), gone, |tx, v| {
        workshop::cancel(tx, gone, v, "客户不修了")
    })
    .unwrap();

    let row = |s: &Shop, id: i64| -> (String, String, bool) {
        s.store
            .conn()
            .query_row(
                "SELECT customer_name, plate, wash_wanted FROM repair_orders WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let open_lines = |s: &Shop, id: i64| -> (i64, i64) {
        s.store
            .conn()
            .query_row(
                "SELECT count(*), count(order_open) FROM repair_order_lines \
                 WHERE repair_order_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let first = ("王小明".to_string(), "粤B12345".to_string(), true);
    assert_eq!(row(&s, open), first, "copied when the order was written");
    assert_eq!(open_lines(&s, open), (3, 3));
    assert_eq!(open_lines(&s, done), (3, 0), "delivered: off the index");
    assert_eq!(open_lines(&s, gone), (3, 0), "cancelled: off the index");

    let (customer, vehicle) = (s.customer, s.vehicle);
    s.store
        .write(Some(advisor), at(12, 0), |tx| {
            let c = customers::customer(tx.conn(), customer)?.unwrap();
            customers::update_customer(
                tx,
                customer,
                c.version,
                &NewCustomer {
                    name: "王晓明".into(),
                    salutation: c.salutation.clone(),
                    phone: Some("13900139000".into()),
                    ..Default::default()
                },
            )?;
            let v = customers::vehicle(tx.conn(), vehicle)?.unwrap();
            customers::update_vehicle(
                tx,
                vehicle,
                v.version,
                &NewVehicle {
                    customer_id: v.customer_id,
                    plate: "粤B54321".into(),
                    make: v.make.clone(),
                    model: v.model.clone(),
                    last_odometer_km: v.last_odometer_km,
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let edited = ("王晓明".to_string(), "粤B54321".to_string(), true);
    assert_eq!(row(&s, open), edited, "the open order follows the edit");
    assert_eq!(row(&s, done), first, "the delivered order keeps its names");
    let board = s.store.work_board().unwrap();
    let b = board.iter().find(|r| r.id == open).unwrap();
    assert_eq!(b.customer_name, "王晓明");
    assert_eq!(b.plate, "粤B54321");
    assert!(board.iter().all(|r| r.id != done && r.id != gone));

    // A line written to a closed order (only a fixture does) stays off the index.
    s.store
        .conn()
        .execute(
            "INSERT INTO repair_order_lines (repair_order_id, position, kind, description, \
             quantity_centi, unit_price_cents) VALUES (?1, 9, 'part', '雨刮', 100, 5000)",
            [done],
        )
        .unwrap();
    assert_eq!(open_lines(&s, done), (4, 0));

    // The statements the edit triggers run find the open orders by their small indexes.
    if engine::sqlite_only("the triggers' query plans") {
        return;
    }
    for sql in [
        "UPDATE repair_orders SET customer_name = 'x' \
         WHERE customer_id = 1 AND state NOT IN ('delivered', 'cancelled')",
        "UPDATE repair_orders SET plate = 'x' \
         WHERE vehicle_id = 1 AND state NOT IN ('delivered', 'cancelled')",
        "UPDATE repair_order_lines SET order_open = NULL WHERE repair_order_id = 1",
    ] {
        let p = plan(&s.store, sql);
        assert!(p.iter().all(|l| l.starts_with("SEARCH")), "{sql}\n{p:#?}");
    }
}

/// What each order's lines add up to is kept on the order (migration 0016) and the board
/// reads it from there: after every kind of write to a line — written with the order,
/// proposed, approved by phone, declined, repriced, moved to another order, removed —
/// the kept sums are what adding up the lines gives.
#[test]
fn the_orders_kept_sums_are_what_its_lines_add_up_to_after_every_write() {
    let mut s = shop();
    let a = s.order();
    let b = s.order();
    s.dispatch(a, at(9, 5));
    let advisor = s.advisor;
    let kept = |s: &Shop, id: i64| -> (i64, i64, Option<String>) {
        s.store
            .conn()
            .query_row(
                "SELECT lines_cents, proposed_lines, proposed_since FROM repair_orders \
                 WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let added = |s: &Shop, id: i64| -> (i64, i64, Option<String>) {
        s.store
            .conn()
            .query_row(
                "SELECT COALESCE(SUM(CASE WHEN approval IN \
                 ('signed', 'approved_signed', 'approved_phone') AND claim = 0 \
                 THEN (quantity_centi * unit_price_cents + 50) / 100 ELSE 0 END), 0), \
                 COALESCE(SUM(CASE WHEN approval = 'proposed' THEN 1 ELSE 0 END), 0), \
                 MIN(CASE WHEN approval = 'proposed' THEN proposed_at END) \
                 FROM repair_order_lines WHERE repair_order_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let agree = |s: &Shop, what: &str| {
        for id in [a, b] {
            assert_eq!(kept(s, id), added(s, id), "{what}: order {id}");
        }
    };
    agree(&s, "written with their lines");
    assert_eq!(
        kept(&s, a),
        (42_000, 0, None),
        "the claim line is not counted"
    );

    let pads = line(LineKind::Part, "前刹车片", 100, 45_000, false);
    let pads = s
        .act(advisor, at(9, 30), a, |tx, v| {
            workshop::propose(tx, a, v, &pads)
        })
        .unwrap();
    let wipers = line(LineKind::Labour, "更换雨刮片", 20, 30_333, false);
    let wipers = s
        .act(advisor, at(9, 36), a, |tx, v| {
            workshop::propose(tx, a, v, &wipers)
        })
        .unwrap();
    agree(&s, "two proposals");
    assert_eq!(
        kept(&s, a),
        (42_000, 2, Some("2026-11-23T01:30:00Z".to_string())),
        "the oldest proposal"
    );
    s.act(advisor, at(9, 45), a, |tx, v| {
        workshop::answer(
            tx,
            a,
            v,
            pads,
            &Consent::Phone {
                approver: "王小明本人".into(),
                number: "13800138000".into(),
                at: at(9, 42),
            },
        )
    })
    .unwrap();
    agree(&s, "approved by phone");
    assert_eq!(
        kept(&s, a),
        (87_000, 1, Some("2026-11-23T01:36:00Z".to_string()))
    );
    s.act(advisor, at(9, 50), a, |tx, v| {
        workshop::answer(tx, a, v, wipers, &Consent::Declined)
    })
    .unwrap();
    agree(&s, "declined");
    assert_eq!(kept(&s, a), (87_000, 0, None));
    let row = s
        .store
        .work_board()
        .unwrap()
        .into_iter()
        .find(|r| r.id == a)
        .unwrap();
    assert_eq!((row.total_cents, row.proposed), (87_000, 0));

    // Writes no action makes today, by hand: each still keeps the sums (a rounded
    // amount, a line moved to the other order, a line removed).
    let conn = s.store.conn();
    conn.execute(
        "UPDATE repair_order_lines SET quantity_centi = 33, claim = 0 WHERE id = ?1",
        [wipers],
    )
    .unwrap();
    conn.execute(
        "UPDATE repair_order_lines SET approval = 'approved_signed' WHERE id = ?1",
        [wipers],
    )
    .unwrap();
    agree(&s, "repriced and approved");
    assert_eq!(kept(&s, a).0, 87_000 + (33 * 30_333 + 50) / 100);
    conn.execute(
        "UPDATE repair_order_lines SET repair_order_id = ?1 WHERE id = ?2",
        [b, pads],
    )
    .unwrap();
    agree(&s, "moved");
    assert_eq!(
        kept(&s, b).0,
        42_000 + 45_000,
        "the moved line counts on its new order"
    );
    conn.prepare(
        "INSERT INTO repair_order_lines (repair_order_id, position, kind, description, \
         quantity_centi, unit_price_cents, approval) \
         VALUES (?1, 9, 'part', '雨刮', 100, 5000, 'approved_signed')",
    )
    .unwrap()
    .insert([a])
    .unwrap();
    let extra = conn.last_insert_rowid();
    agree(&s, "written by hand");
    conn.execute("DELETE FROM repair_order_lines WHERE id = ?1", [extra])
        .unwrap();
    agree(&s, "removed");
    let repriced = (33 * 30_333 + 50) / 100;
    assert_eq!(
        (kept(&s, a).0, kept(&s, b).0),
        (42_000 + repriced, 42_000 + 45_000)
    );

    // What the update and delete triggers run finds the order and its lines by index.
    if engine::sqlite_only("the triggers' query plans") {
        return;
    }
    let again = "UPDATE repair_orders SET (lines_cents, proposed_lines, proposed_since) = (\
         SELECT COALESCE(SUM(l.quantity_centi), 0), COALESCE(SUM(l.approval = 'proposed'), 0), \
         MIN(l.proposed_at) FROM repair_order_lines l \
         WHERE l.repair_order_id = repair_orders.id) WHERE id IN (1, 2)";
    let p = plan(&s.store, again);
    assert!(!p.iter().any(|l| l.starts_with("SCAN")), "{p:#?}");
    assert!(
        p.iter()
            .any(|l| l.contains("INDEX repair_order_lines_order")),
        "{p:#?}"
    );
}
