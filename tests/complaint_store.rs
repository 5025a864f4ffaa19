//! Complaint handling in the store (issue 11): every step through the one state machine,
//! each in one transaction with its timeline event and audit row; a stale version, a step
//! out of turn and an advisor promising compensation refused with nothing written; the
//! clock policy in the shop settings; and a database of the version before complaint
//! stages migrated with its complaints and their events kept.

mod engine;

use chrono::{DateTime, Duration, Utc};
use frontdesk::domain::complaint::{Calendar, Counting, Deadline};
use frontdesk::domain::kinds::{
    ComplaintCategory, ComplaintChannel, ComplaintEventKind, ComplaintNature, ComplaintSeverity,
    ComplaintStage as St, StaffRole, VisitOutcome,
};
use frontdesk::store::complaints::{self, Action, NewComplaint, OrderSpec};
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::{Access, Store, StoreError, audit, settings, testing};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    t(&format!("2026-11-23T{h:02}:{m:02}:00+08:00"))
}

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    manager: i64,
    advisor: i64,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut store = engine::open_store(&dir.path().join("shop.db"), Access::ReadWrite);
    let mut person = |by: Option<i64>, code: &str, role| {
        store
            .write(by, at(7, 0), |tx| {
                staff::create(
                    tx,
                    &NewStaff {
                        code: code.into(),
                        name: format!("{code}号"),
                        role,
                    },
                )
            })
            .unwrap()
    };
    let manager = person(None, "M01", StaffRole::Manager);
    let advisor = person(Some(manager), "A01", StaffRole::Advisor);
    Shop {
        _dir: dir,
        store,
        manager,
        advisor,
    }
}

fn intake(s: &mut Shop, received: DateTime<Utc>) -> i64 {
    let new = NewComplaint {
        received_at: received,
        channel: ComplaintChannel::Phone,
        place: None,
        people: None,
        description: "修完后异响又出现 / The noise is back".into(),
        desired_result: Some("免费返修 / Free rework".into()),
        customer_id: None,
        contact: Some("138 0013 8000".into()),
        vehicle_id: None,
        repair_order_id: None,
        parent_id: None,
        nature: ComplaintNature::Solve,
        category: ComplaintCategory::Quality,
        severity: ComplaintSeverity::Serious,
        received_by: None,
        new_customer: None,
    };
    let day = received.date_naive();
    s.store
        .write(Some(s.advisor), received, |tx| {
            complaints::insert(tx, &new, day)
        })
        .unwrap()
        .0
}

fn order(due: DateTime<Utc>) -> OrderSpec {
    OrderSpec {
        department: "车间 / Workshop".into(),
        instruction: "查明异响原因 / Find the noise".into(),
        due_at: due,
    }
}

/// A refusal, compared by what it says (the store's errors carry no equality).
#[derive(Debug)]
struct Refused(StoreError);

impl PartialEq for Refused {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

/// Takes `a` on complaint `id` at its current version, by `who` at `when`.
fn take(s: &mut Shop, who: i64, when: DateTime<Utc>, id: i64, a: Action) -> Result<St, Refused> {
    let v = s
        .store
        .read(|c| complaints::get(c, id))
        .unwrap()
        .unwrap()
        .version;
    s.store
        .write(Some(who), when, |tx| complaints::step(tx, id, v, &a))
        .map_err(Refused)
}

#[test]
fn a_complaint_from_intake_to_closed_through_a_reopening() {
    let mut s = shop();
    let (adv, mgr) = (s.advisor, s.manager);
    let id = intake(&mut s, at(9, 0));
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    assert_eq!(row.stage, St::Received);
    assert_eq!(row.severity, ComplaintSeverity::Serious);
    assert_eq!(row.contact.as_deref(), Some("138 0013 8000"));
    assert!(row.number.starts_with("CP-20261123-"), "{}", row.number);

    // Out of turn: a solution before it was reported.
    let e = take(
        &mut s,
        adv,
        at(9, 5),
        id,
        Action::Resolve { result: "x".into() },
    )
    .unwrap_err();
    assert!(matches!(e.0, StoreError::Transition { .. }), "{e:?}");
    let report = Action::Report {
        to: "客户经理 王经理".into(),
    };
    assert_eq!(take(&mut s, adv, at(9, 20), id, report), Ok(St::Reported));
    assert_eq!(
        take(
            &mut s,
            mgr,
            at(9, 30),
            id,
            Action::Supervise(order(at(17, 30)))
        ),
        Ok(St::Supervised)
    );
    // The advisor may not promise compensation: refused, nothing written.
    let before = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    let free = Action::Propose {
        solution: "免费返修 / Free rework".into(),
        compensation: true,
    };
    let e = take(&mut s, adv, at(11, 0), id, free.clone()).unwrap_err();
    assert!(matches!(e.0, StoreError::NotAllowed(_)), "{e:?}");
    let after = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    assert_eq!(after.version, before.version);
    assert_eq!(after.solution, None);
    // The manager may.
    assert_eq!(take(&mut s, mgr, at(11, 0), id, free), Ok(St::Proposed));
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    assert!(row.compensation);
    assert_eq!(row.order.as_ref().unwrap().done_at, Some(at(11, 0)));
    let yes = Action::Answer {
        accepted: true,
        note: None,
    };
    assert_eq!(
        take(&mut s, adv, at(12, 0), id, yes.clone()),
        Ok(St::Accepted)
    );
    let done = Action::Resolve {
        result: "已返修 / Reworked".into(),
    };
    assert_eq!(
        take(&mut s, mgr, at(16, 0), id, done.clone()),
        Ok(St::Resolved)
    );

    // The follow-up visit: not satisfied. Without a new order it is refused.
    let visit = t("2026-11-26T10:00:00+08:00");
    let e = take(
        &mut s,
        adv,
        visit,
        id,
        Action::FollowUp {
            outcome: VisitOutcome::NotSatisfied,
            note: Some("还有异响 / Still noisy".into()),
            reopen: None,
        },
    )
    .unwrap_err();
    assert!(matches!(e.0, StoreError::Invalid(_)), "{e:?}");
    let reopen = Action::FollowUp {
        outcome: VisitOutcome::NotSatisfied,
        note: Some("还有异响 / Still noisy".into()),
        reopen: Some(order(visit + Duration::hours(24))),
    };
    assert_eq!(take(&mut s, adv, visit, id, reopen), Ok(St::Supervised));
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    assert_eq!(row.reopen_count, 1);
    assert_eq!(row.reopened_at, Some(visit));
    assert_eq!(row.resolved_at, None);
    assert_eq!(row.order.as_ref().unwrap().seq, 2);

    let fix = Action::Propose {
        solution: "更换减振器 / New shock absorber".into(),
        compensation: false,
    };
    assert_eq!(
        take(&mut s, adv, visit + Duration::hours(1), id, fix),
        Ok(St::Proposed)
    );
    assert_eq!(
        take(&mut s, adv, visit + Duration::hours(2), id, yes),
        Ok(St::Accepted)
    );
    assert_eq!(
        take(&mut s, mgr, visit + Duration::hours(5), id, done),
        Ok(St::Resolved)
    );
    let happy = Action::FollowUp {
        outcome: VisitOutcome::Satisfied,
        note: None,
        reopen: None,
    };
    let last = visit + Duration::days(3);
    assert_eq!(take(&mut s, adv, last, id, happy), Ok(St::Closed));

    // The timeline holds every step, the audit log every change.
    let kinds: Vec<ComplaintEventKind> = s
        .store
        .read(|c| complaints::events(c, id))
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    use ComplaintEventKind as K;
    assert_eq!(
        kinds,
        [
            K::Received,
            K::Reported,
            K::Supervised,
            K::Proposed,
            K::Answered,
            K::Resolved,
            K::FollowedUp,
            K::Reopened,
            K::Proposed,
            K::Answered,
            K::Resolved,
            K::FollowedUp
        ]
    );
    let actions: Vec<String> = s
        .store
        .read(|c| audit::recent(c, Some(("complaints", id)), 50))
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "complaint.propose").count(),
        2
    );
    assert!(actions.contains(&"complaint.follow_up".to_string()));
    assert_eq!(
        s.store.read(|c| complaints::orders(c, id)).unwrap().len(),
        2
    );

    // Its clocks: reported in 20 minutes, answered after the reopening in time, the
    // follow-up visit made.
    let shop = s.store.read(settings::load).unwrap();
    let cal = Calendar::new(shop.zone(), &shop.week);
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    let c = row.clocks(&shop.complaints, cal, last);
    assert_eq!(c.report.deadline(last), Deadline::Met);
    assert_eq!(c.answer.unwrap().deadline(last), Deadline::Met);
    assert_eq!(c.follow_up.unwrap().deadline(last), Deadline::Met);
    assert!(!c.is_overdue(last));
}

#[test]
fn a_stale_version_is_refused_with_who_changed_it() {
    let mut s = shop();
    let id = intake(&mut s, at(9, 0));
    let (adv, mgr) = (s.advisor, s.manager);
    let report = |to: &str| Action::Report { to: to.into() };
    s.store
        .write(Some(mgr), at(9, 10), |tx| {
            complaints::step(tx, id, 1, &report("经理"))
        })
        .unwrap();
    let e = s
        .store
        .write(Some(adv), at(9, 11), |tx| {
            complaints::step(tx, id, 1, &report("主管"))
        })
        .unwrap_err();
    match e {
        StoreError::Conflict { by, .. } => assert_eq!(by, "M01号"),
        e => panic!("{e:?}"),
    }
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    assert_eq!(row.reported_to.as_deref(), Some("经理"));
    // A supervision order due before it is issued, an empty text: refused.
    let e = take(
        &mut s,
        mgr,
        at(10, 0),
        id,
        Action::Supervise(order(at(9, 0))),
    )
    .unwrap_err();
    assert!(matches!(e.0, StoreError::Invalid(_)), "{e:?}");
    let e = take(
        &mut s,
        mgr,
        at(10, 0),
        id,
        Action::Note { text: "   ".into() },
    )
    .unwrap_err();
    assert!(matches!(e.0, StoreError::Invalid(_)), "{e:?}");
}

#[test]
fn the_clock_policy_is_a_shop_setting_and_the_clocks_follow_it() {
    let mut s = shop();
    let mut shop = s.store.read(settings::load).unwrap();
    assert_eq!(shop.complaints.report.minutes, 60);
    assert_eq!(shop.complaints.report.counting, Counting::OpenHours);
    assert_eq!(shop.complaints.answer.minutes, 72 * 60);
    assert_eq!(shop.complaints.answer.counting, Counting::Calendar);
    assert_eq!(shop.complaints.pause_in, [St::Proposed]);
    // Received at 17:10, the shop open 08:30–17:30: due at 09:10 the next morning.
    let id = intake(&mut s, at(17, 10));
    let row = s.store.read(|c| complaints::get(c, id)).unwrap().unwrap();
    let due = |shop: &settings::ShopSettings, row: &complaints::ComplaintRow| {
        let cal = Calendar::new(shop.zone(), &shop.week);
        row.clocks(&shop.complaints, cal, at(17, 10)).report.due
    };
    assert_eq!(due(&shop, &row), Some(t("2026-11-24T09:10:00+08:00")));

    // Counted in calendar time, 30 minutes, nothing pauses.
    shop.complaints.report.minutes = 30;
    shop.complaints.report.counting = Counting::Calendar;
    shop.complaints.pause_in = vec![];
    let saved = settings::save(&mut s.store, Some(s.manager), at(18, 0), &shop).unwrap();
    let again = s.store.read(settings::load).unwrap();
    assert_eq!(again.complaints, saved.complaints);
    assert_eq!(again.complaints.pause_in, []);
    assert_eq!(due(&again, &row), Some(at(17, 40)));

    // Out of bounds, or a stage that cannot pause: refused, nothing stored.
    for bad in [
        |p: &mut frontdesk::domain::complaint::Policy| p.answer.minutes = 0,
        |p: &mut frontdesk::domain::complaint::Policy| p.follow_up_days = 0,
        |p: &mut frontdesk::domain::complaint::Policy| p.pause_in = vec![St::Closed],
    ] {
        let mut wrong = again.clone();
        bad(&mut wrong.complaints);
        let e = settings::save(&mut s.store, Some(s.manager), at(18, 5), &wrong).unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    }
    assert_eq!(
        s.store.read(settings::load).unwrap().complaints,
        again.complaints
    );
    // An advisor cannot change it.
    let e = settings::save(&mut s.store, Some(s.advisor), at(18, 6), &again).unwrap_err();
    assert!(matches!(e, StoreError::NotAllowed(_)), "{e:?}");
}

#[test]
fn complaints_of_the_version_before_stages_migrate_with_their_events() {
    if engine::sqlite_only("a database file of an older schema") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    testing::create_at_version(&path, 11).unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO staff (id, code, name, role, created_at, updated_at) \
             VALUES (1, 'M01', '经理', 'manager', '2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z');
             INSERT INTO complaints (id, number, received_at, received_by, channel, description,
                 nature, category, stage, escalated, reported_at, answered_at, responsible_dept,
                 created_at, created_by, updated_at, updated_by) VALUES
               (1, 'CP-20261120-0001', '2026-11-20T01:00:00Z', 1, 'counter', 'a', 'solve',
                'quality', 'accepted', 0, NULL, NULL, NULL,
                '2026-11-20T01:00:00Z', 1, '2026-11-20T01:00:00Z', 1),
               (2, 'CP-20261120-0002', '2026-11-20T02:00:00Z', 1, 'phone', 'b', 'vent',
                'waiting', 'in_progress', 1, '2026-11-20T02:30:00Z', NULL, '车间',
                '2026-11-20T02:00:00Z', 1, '2026-11-20T05:00:00Z', 1),
               (3, 'CP-20261120-0003', '2026-11-20T03:00:00Z', 1, 'letter', 'c', 'expectation',
                'price', 'closed', 0, '2026-11-20T03:20:00Z', '2026-11-21T03:00:00Z', NULL,
                '2026-11-20T03:00:00Z', 1, '2026-11-22T03:00:00Z', 1);
             INSERT INTO complaint_events (complaint_id, at, staff_id, kind, stage, note) VALUES
               (1, '2026-11-20T01:00:00Z', 1, 'received', 'accepted', NULL),
               (2, '2026-11-20T02:00:00Z', 1, 'received', 'accepted', NULL),
               (2, '2026-11-20T02:30:00Z', 1, 'reported', NULL, NULL),
               (2, '2026-11-20T03:00:00Z', 1, 'supervision_order', NULL, '车间'),
               (2, '2026-11-20T05:00:00Z', 1, 'stage', 'in_progress', NULL),
               (3, '2026-11-20T03:00:00Z', 1, 'received', 'accepted', NULL),
               (3, '2026-11-21T03:00:00Z', 1, 'reply', 'replied', 'done'),
               (3, '2026-11-22T03:00:00Z', 1, 'stage', 'closed', NULL);",
        )
        .unwrap();
    }
    let mut store = engine::open_store(&path, Access::ReadWrite);
    let rows = store.read(|c| complaints::list(c, false)).unwrap();
    let stages: Vec<St> = rows.iter().map(|r| r.stage).collect();
    assert_eq!(stages, [St::Received, St::Accepted, St::Closed]);
    assert_eq!(rows[2].resolved_at, Some(t("2026-11-21T03:00:00Z")));
    let o = rows[1]
        .order
        .as_ref()
        .expect("the supervision order moved over");
    assert_eq!((o.seq, o.department.as_str()), (1, "车间"));
    assert_eq!(o.done_at, Some(o.issued_at));
    let kinds: Vec<ComplaintEventKind> = store
        .read(|c| complaints::events(c, 2))
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ComplaintEventKind::Received,
            ComplaintEventKind::Reported,
            ComplaintEventKind::Supervised,
            ComplaintEventKind::Note
        ]
    );
    let broken: Vec<String> = store
        .conn()
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(broken.is_empty(), "{broken:?}");
    // The migrated complaint goes on through the new steps.
    let v = rows[0].version;
    store
        .write(Some(1), t("2026-11-23T01:00:00Z"), |tx| {
            complaints::step(
                tx,
                1,
                v,
                &Action::Report {
                    to: "经理".into()
                },
            )
        })
        .unwrap();
}

/// A caller not on file is registered with the complaint, in its transaction: when the
/// complaint is refused, no customer is left behind.
#[test]
fn a_new_caller_is_registered_with_the_complaint_or_not_at_all() {
    use frontdesk::store::customers::NewCustomer;
    let mut s = shop();
    let count = |s: &Shop| -> i64 {
        s.store
            .conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
            .unwrap()
    };
    let mut new = NewComplaint {
        received_at: at(9, 0),
        channel: ComplaintChannel::Counter,
        place: None,
        people: None,
        description: "等了两个小时 / Waited two hours".into(),
        desired_result: None,
        customer_id: None,
        contact: None,
        vehicle_id: None,
        repair_order_id: None,
        parent_id: None,
        nature: ComplaintNature::Vent,
        category: ComplaintCategory::Waiting,
        severity: ComplaintSeverity::Normal,
        received_by: None,
        new_customer: Some(NewCustomer {
            name: "刘女士".into(),
            phone: Some("13800139931".into()),
            ..NewCustomer::default()
        }),
    };
    // Received in the future: refused, and the caller not registered either.
    new.received_at = at(10, 0);
    let day = at(9, 0).date_naive();
    let err = s.store.write(Some(s.advisor), at(9, 5), |tx| {
        complaints::insert(tx, &new, day)
    });
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    assert_eq!(count(&s), 0);
    new.received_at = at(9, 0);
    let (id, _) = s
        .store
        .write(Some(s.advisor), at(9, 5), |tx| {
            complaints::insert(tx, &new, day)
        })
        .unwrap();
    assert_eq!(count(&s), 1);
    let c = complaints::get(s.store.conn(), id).unwrap().unwrap();
    assert_eq!(c.customer_name.as_deref(), Some("刘女士"));
    let trail = audit::recent(s.store.conn(), None, 10).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.entity == "customers" && e.action == "create"),
        "{trail:?}"
    );
}

/// The analysis reads a slim row per complaint (no names, plates or texts): it must
/// count the same complaints with the same kinds and clocks as the whole rows.
#[test]
fn the_analysis_rows_agree_with_the_whole_complaints_they_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = engine::open_store(&dir.path().join("demo.db"), Access::ReadWrite);
    let now = t("2026-12-03T02:30:00Z");
    frontdesk::demo::fill(&mut store, 1, now, frontdesk::demo::ZONE).unwrap();
    let shop = store.shop_settings().unwrap();
    let cache = frontdesk::domain::complaint::SpanCache::default();
    let cal = Calendar::new(shop.zone(), &shop.week).cached(&cache);
    let whole = store.complaints(false).unwrap();
    let (from, to) = (t("2026-10-15T00:00:00Z"), t("2026-12-01T00:00:00Z"));
    let counted = store.complaints_counted(from, to).unwrap();
    let want: Vec<_> = whole
        .iter()
        .filter(|c| c.received_at >= from && c.received_at < to)
        .collect();
    assert!(want.len() >= 5, "the demo has complaints in the span");
    assert!(
        want.iter().any(|c| c.order.is_some()),
        "and a supervision order"
    );
    let mut by_time = want.clone();
    by_time.sort_by_key(|c| (c.received_at, c.id));
    assert_eq!(
        counted.iter().map(|c| c.id).collect::<Vec<_>>(),
        by_time.iter().map(|c| c.id).collect::<Vec<_>>(),
        "the same complaints, by time received"
    );
    for (c, w) in counted.iter().zip(&by_time) {
        assert_eq!(
            (c.channel, c.nature, c.category, c.stage, c.received_at),
            (w.channel, w.nature, w.category, w.stage, w.received_at),
            "{}",
            w.number
        );
        assert_eq!(
            (&c.responsible_dept, c.reopen_count, &c.stages),
            (&w.responsible_dept, w.reopen_count, &w.stages),
            "{}",
            w.number
        );
        assert_eq!(
            c.clocks(&shop.complaints, cal, now),
            w.clocks(&shop.complaints, cal, now),
            "{}",
            w.number
        );
    }
}
