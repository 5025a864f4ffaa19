//! The workshop's rules (domain.md §3–§4) as tables: every move of the state machine
//! (allowed and refused), every job action, the consent rule, the three-level quality
//! check, each alert clock with frozen time, readiness, settlement and the follow-up.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

use frontdesk::domain::kinds::{
    FollowUpState, JobState, LineApproval, LineKind, PauseReason, QcLevel, RepairOrderState as S,
    StaffRole,
};
use frontdesk::domain::workshop::WorkError;
use frontdesk::domain::workshop::alerts::{Alert, Level, OrderFacts, urgency};
use frontdesk::domain::workshop::flow::{Step, next};

/// The alerts as a `Vec`, to compare with `vec![…]`.
fn alerts(f: &OrderFacts, now: DateTime<Utc>, wait: i64) -> Vec<Alert> {
    frontdesk::domain::workshop::alerts::alerts(f, now, wait).into_vec()
}
use frontdesk::domain::workshop::follow_up::{Call, after_call, due_on, parse_score};
use frontdesk::domain::workshop::jobs::{
    self, Consent, JobAction, JobFacts, Timed, answer, apply, work_finished, work_state,
};
use frontdesk::domain::workshop::qc::{QcInput, QcOutcome, QcRecord, check, failures, next_level};
use frontdesk::domain::workshop::settle::{
    SettleInput, check_cancel, check_ready, check_settlement,
};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    // 2026-11-23 in UTC; the rules never look at the zone.
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

// ---------------------------------------------------------------------------------------
// The state machine: every state × every step
// ---------------------------------------------------------------------------------------

/// The expected result of each step from each state; `None` is a refusal.
fn expected(from: S, step: Step) -> Option<S> {
    use Step::*;
    let work = |to: S| {
        matches!(
            from,
            S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval
        ) && matches!(
            to,
            S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval
        )
    };
    match (from, step) {
        (S::Written, Dispatch) => Some(S::Dispatched),
        (S::Dispatched | S::InRepair | S::WaitingParts | S::WaitingApproval, Dispatch) => {
            Some(from)
        }
        (_, Work(to)) if work(to) => Some(to),
        (S::Dispatched | S::InRepair, SubmitQc) => Some(S::QualityCheck),
        (S::QualityCheck, QcFail) => Some(S::InRepair),
        (S::QualityCheck, QcPass) => Some(S::Wash),
        (S::Wash, Ready) => Some(S::Ready),
        (S::Ready, Deliver) => Some(S::Delivered),
        (S::Delivered | S::Cancelled, Cancel) => None,
        (_, Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

#[test]
fn every_move_of_every_state_is_allowed_or_refused_as_the_table_says() {
    let mut allowed = 0;
    let mut refused = 0;
    for &from in S::ALL {
        for step in Step::ALL {
            let got = next(from, step);
            match expected(from, step) {
                Some(to) => {
                    assert_eq!(got, Ok(to), "{from:?} --{step:?}-->");
                    allowed += 1;
                }
                None => {
                    assert_eq!(
                        got,
                        Err(WorkError::Move {
                            from,
                            step: step.name()
                        }),
                        "{from:?} --{step:?}--> must be refused"
                    );
                    refused += 1;
                }
            }
        }
    }
    // 10 states × 12 steps; the counts pin the table down.
    assert_eq!(allowed + refused, 120);
    assert_eq!(allowed, 35, "allowed moves");
}

#[test]
fn closed_orders_never_move() {
    for closed in [S::Delivered, S::Cancelled] {
        for step in Step::ALL {
            assert!(next(closed, step).is_err(), "{closed:?} {step:?}");
        }
    }
}

#[test]
fn a_refused_move_names_the_state_and_the_step_in_both_words() {
    let e = next(S::Written, Step::Deliver).unwrap_err();
    assert_eq!(e.i18n_key(), "error.work.move");
    assert_eq!(
        e.i18n_args(),
        vec![
            ("from", "ro_state.written".to_string()),
            ("step", "step.deliver".to_string())
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Job lines
// ---------------------------------------------------------------------------------------

#[test]
fn every_job_action_from_every_job_state() {
    use JobAction::*;
    use JobState::*;
    let table: &[(JobState, JobAction, Option<JobState>)] = &[
        (Pending, Start, Some(Running)),
        (Pending, Pause(PauseReason::Parts), None),
        (Pending, Resume, None),
        (Pending, Finish, None),
        (Running, Start, None),
        (Running, Pause(PauseReason::Parts), Some(Paused)),
        (Running, Pause(PauseReason::Approval), Some(Paused)),
        (Running, Pause(PauseReason::Other), Some(Paused)),
        (Running, Resume, None),
        (Running, Finish, Some(Done)),
        (Paused, Start, None),
        (Paused, Pause(PauseReason::Other), None),
        (Paused, Resume, Some(Running)),
        (Paused, Finish, Some(Done)),
        (Done, Start, None),
        (Done, Pause(PauseReason::Other), None),
        // Rework after a failed check.
        (Done, Resume, Some(Running)),
        (Done, Finish, None),
    ];
    for &(state, action, want) in table {
        let got = apply(
            S::InRepair,
            LineKind::Labour,
            LineApproval::Signed,
            state,
            action,
        );
        match want {
            Some(w) => assert_eq!(got, Ok(w), "{state:?} {action:?}"),
            None => assert_eq!(
                got,
                Err(WorkError::Job {
                    state,
                    action: action.name()
                }),
                "{state:?} {action:?}"
            ),
        }
    }
}

#[test]
fn a_line_is_worked_only_when_approved_dispatched_and_labour() {
    let start =
        |order, kind, approval| apply(order, kind, approval, JobState::Pending, JobAction::Start);
    assert_eq!(
        start(S::Dispatched, LineKind::Labour, LineApproval::Proposed),
        Err(WorkError::NotApproved)
    );
    assert_eq!(
        start(S::Dispatched, LineKind::Labour, LineApproval::Declined),
        Err(WorkError::Declined)
    );
    assert_eq!(
        start(S::Written, LineKind::Labour, LineApproval::Signed),
        Err(WorkError::NotDispatched)
    );
    assert_eq!(
        start(S::Dispatched, LineKind::Part, LineApproval::Signed),
        Err(WorkError::NotALabourLine)
    );
    assert!(matches!(
        start(S::QualityCheck, LineKind::Labour, LineApproval::Signed),
        Err(WorkError::Move { .. })
    ));
    for a in [
        LineApproval::Signed,
        LineApproval::ApprovedSigned,
        LineApproval::ApprovedPhone,
    ] {
        assert_eq!(
            start(S::Dispatched, LineKind::Labour, a),
            Ok(JobState::Running),
            "{a:?}"
        );
    }
}

fn job(state: JobState, pause: Option<PauseReason>) -> JobFacts {
    JobFacts {
        kind: LineKind::Labour,
        approval: LineApproval::Signed,
        state,
        pause,
    }
}

#[test]
fn the_jobs_give_the_order_its_workshop_state() {
    use JobState::*;
    let proposed = JobFacts {
        approval: LineApproval::Proposed,
        ..job(Pending, None)
    };
    let declined = JobFacts {
        approval: LineApproval::Declined,
        ..job(Pending, None)
    };
    let cases: Vec<(Vec<JobFacts>, S)> = vec![
        (vec![], S::Dispatched),
        (vec![job(Pending, None)], S::Dispatched),
        (
            vec![job(Running, None), job(Paused, Some(PauseReason::Parts))],
            S::InRepair,
        ),
        (
            vec![job(Paused, Some(PauseReason::Parts)), proposed],
            S::WaitingParts,
        ),
        (vec![job(Done, None), proposed], S::WaitingApproval),
        (
            vec![job(Paused, Some(PauseReason::Approval))],
            S::WaitingApproval,
        ),
        (vec![job(Paused, Some(PauseReason::Other))], S::InRepair),
        (vec![job(Done, None), job(Pending, None)], S::InRepair),
        // A declined line is no longer waited for.
        (vec![job(Done, None), declined], S::InRepair),
    ];
    for (jobs, want) in cases {
        assert_eq!(work_state(&jobs), want, "{jobs:?}");
    }
}

#[test]
fn the_work_is_finished_only_when_every_approved_job_is_done_and_nothing_waits() {
    let proposed = JobFacts {
        approval: LineApproval::Proposed,
        kind: LineKind::Part,
        ..job(JobState::Pending, None)
    };
    let declined = JobFacts {
        approval: LineApproval::Declined,
        ..job(JobState::Pending, None)
    };
    assert_eq!(
        work_finished(&[job(JobState::Done, None), declined]),
        Ok(())
    );
    assert_eq!(
        work_finished(&[job(JobState::Done, None), job(JobState::Paused, None)]),
        Err(WorkError::JobsOpen { open: 1 })
    );
    assert_eq!(
        work_finished(&[job(JobState::Done, None), proposed]),
        Err(WorkError::ApprovalPending)
    );
    // A parts-only order has nothing to time.
    assert_eq!(work_finished(&[]), Ok(()));
}

#[test]
fn time_on_a_job_and_the_progress() {
    let now = at(10, 0);
    assert_eq!(jobs::worked_seconds(600, Some(at(9, 30)), now), 600 + 1800);
    assert_eq!(jobs::worked_seconds(600, Some(at(10, 5)), now), 600);
    assert_eq!(jobs::worked_seconds(600, None, now), 600);
    assert_eq!(jobs::estimate_seconds(150), 5400);
    assert_eq!(jobs::against_estimate(2700, 5400), Some(50));
    assert_eq!(jobs::against_estimate(10, 0), None);
    let t = |e, w, done| Timed {
        estimate_seconds: e,
        worked_seconds: w,
        done,
    };
    // One done (3600) + half of another (1800 of 3600) = 75 %.
    assert_eq!(
        jobs::progress(0, &[t(3600, 3000, true), t(3600, 1800, false)]),
        75
    );
    // A job over its estimate but not done stays below 100.
    assert_eq!(jobs::progress(0, &[t(3600, 9000, false)]), 99);
    assert_eq!(jobs::progress(0, &[t(3600, 100, true)]), 100);
    // The larger of the entered and the clocked figure.
    assert_eq!(jobs::progress(85, &[t(3600, 0, false)]), 85);
    assert_eq!(jobs::progress(150, &[]), 100);
    // Free next: what is left of the estimates.
    assert_eq!(
        jobs::free_at(
            now,
            &[t(3600, 1800, false), t(3600, 4000, false), t(600, 0, true)]
        ),
        now + TimeDelta::seconds(1800)
    );
    assert_eq!(jobs::parse_progress(" 80% "), Ok(80));
    assert_eq!(jobs::parse_progress("８０"), Ok(80));
    assert_eq!(jobs::parse_progress("101"), Err(WorkError::BadProgress));
    assert_eq!(jobs::parse_progress("abc"), Err(WorkError::BadProgress));
}

// ---------------------------------------------------------------------------------------
// Consent to added work
// ---------------------------------------------------------------------------------------

#[test]
fn a_proposed_line_is_approved_signed_or_by_phone_with_who_and_when_or_declined() {
    let now = at(11, 0);
    let proposed = at(10, 30);
    let fmt = |t: DateTime<Utc>| t.format("%H:%M").to_string();
    let phone = |approver: &str, number: &str, when| Consent::Phone {
        approver: approver.into(),
        number: number.into(),
        at: when,
    };
    let ok = |c: &Consent| answer(LineApproval::Proposed, proposed, c, now, fmt);
    assert_eq!(ok(&Consent::Signed), Ok(LineApproval::ApprovedSigned));
    assert_eq!(ok(&Consent::Declined), Ok(LineApproval::Declined));
    assert_eq!(
        ok(&phone("王先生", "13800138000", at(10, 45))),
        Ok(LineApproval::ApprovedPhone)
    );
    // The same minute as the proposal is fine (typed to the minute).
    assert_eq!(
        ok(&phone("王先生", "13800138000", at(10, 30))),
        Ok(LineApproval::ApprovedPhone)
    );
    assert_eq!(
        ok(&phone(" ", "13800138000", at(10, 45))),
        Err(WorkError::ApproverRequired)
    );
    assert_eq!(
        ok(&phone("王先生", "", at(10, 45))),
        Err(WorkError::NumberRequired)
    );
    assert_eq!(
        ok(&phone("王先生", "13800138000", at(11, 1))),
        Err(WorkError::ApprovalInFuture)
    );
    assert_eq!(
        ok(&phone("王先生", "13800138000", at(10, 0))),
        Err(WorkError::ApprovalBeforeProposal {
            proposed: "10:30".into()
        })
    );
    for decided in [
        LineApproval::Signed,
        LineApproval::ApprovedSigned,
        LineApproval::ApprovedPhone,
        LineApproval::Declined,
    ] {
        assert_eq!(
            answer(decided, proposed, &Consent::Signed, now, fmt),
            Err(WorkError::AlreadyDecided)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Three-level quality check
// ---------------------------------------------------------------------------------------

const TECH: i64 = 7;
const LEADER: i64 = 8;
const INSPECTOR: i64 = 9;

fn pass(staff: i64) -> QcInput {
    QcInput {
        staff_id: staff,
        passed: true,
        ticked: vec![true; 4],
        reason: String::new(),
    }
}

fn rec(level: QcLevel, staff: i64, passed: bool) -> QcRecord {
    QcRecord {
        level,
        staff_id: staff,
        passed,
    }
}

#[test]
fn the_three_levels_go_in_order_each_by_its_own_person() {
    let mut records = vec![];
    assert_eq!(next_level(&records), QcLevel::SelfCheck);
    assert_eq!(
        check(&records, Some(TECH), &pass(LEADER)),
        Err(WorkError::QcSelfCheckByTechnician)
    );
    assert_eq!(
        check(&records, Some(TECH), &pass(TECH)),
        Ok(QcOutcome::Passed(QcLevel::SelfCheck))
    );
    records.push(rec(QcLevel::SelfCheck, TECH, true));
    assert_eq!(next_level(&records), QcLevel::TeamLeader);
    assert_eq!(
        check(&records, Some(TECH), &pass(TECH)),
        Err(WorkError::QcSamePerson {
            level: QcLevel::SelfCheck
        })
    );
    assert_eq!(
        check(&records, Some(TECH), &pass(LEADER)),
        Ok(QcOutcome::Passed(QcLevel::TeamLeader))
    );
    records.push(rec(QcLevel::TeamLeader, LEADER, true));
    assert_eq!(next_level(&records), QcLevel::Final);
    assert_eq!(
        check(&records, Some(TECH), &pass(LEADER)),
        Err(WorkError::QcSamePerson {
            level: QcLevel::TeamLeader
        })
    );
    assert_eq!(
        check(&records, Some(TECH), &pass(INSPECTOR)),
        Ok(QcOutcome::FinalPassed)
    );
}

#[test]
fn a_failed_check_says_why_starts_a_new_round_and_counts() {
    let records = vec![
        rec(QcLevel::SelfCheck, TECH, true),
        rec(QcLevel::TeamLeader, LEADER, true),
    ];
    let fail = |reason: &str| QcInput {
        staff_id: INSPECTOR,
        passed: false,
        ticked: vec![true, false, true, true],
        reason: reason.into(),
    };
    assert_eq!(
        check(&records, Some(TECH), &fail("  ")),
        Err(WorkError::QcReasonRequired)
    );
    assert_eq!(
        check(&records, Some(TECH), &fail("刹车异响")),
        Ok(QcOutcome::Failed(QcLevel::Final))
    );
    let mut records = records;
    records.push(rec(QcLevel::Final, INSPECTOR, false));
    assert_eq!(failures(&records), 1);
    // The next round starts at the self-check again …
    assert_eq!(next_level(&records), QcLevel::SelfCheck);
    assert_eq!(
        check(&records, Some(TECH), &pass(TECH)),
        Ok(QcOutcome::Passed(QcLevel::SelfCheck))
    );
    // … and the leader who passed level 2 before still cannot pass another level.
    records.push(rec(QcLevel::SelfCheck, TECH, true));
    records.push(rec(QcLevel::TeamLeader, LEADER, true));
    assert_eq!(
        check(&records, Some(TECH), &pass(LEADER)),
        Err(WorkError::QcSamePerson {
            level: QcLevel::TeamLeader
        })
    );
}

#[test]
fn a_pass_ticks_every_item_of_the_checklist() {
    let mut input = pass(TECH);
    input.ticked[2] = false;
    assert_eq!(
        check(&[], Some(TECH), &input),
        Err(WorkError::QcChecklistIncomplete)
    );
}

// ---------------------------------------------------------------------------------------
// Alerts, with frozen time
// ---------------------------------------------------------------------------------------

fn facts(state: S) -> OrderFacts {
    OrderFacts {
        state,
        signed_at: at(9, 0),
        promised_at: at(12, 0),
        progress_pct: 0,
        told: false,
        proposed_since: None,
        comeback: false,
        appointment: false,
    }
}

#[test]
fn the_car_must_leave_reception_within_10_minutes_of_signing() {
    let f = facts(S::Written);
    assert_eq!(alerts(&f, at(9, 10), 30), vec![]);
    assert_eq!(
        alerts(&f, at(9, 11), 30),
        vec![Alert::AtReception { minutes: 11 }]
    );
    // Dispatched: it left.
    assert_eq!(alerts(&facts(S::Dispatched), at(9, 30), 30), vec![]);
}

#[test]
fn work_not_finished_10_minutes_before_the_promise_is_amber_past_it_red() {
    let f = facts(S::InRepair);
    assert_eq!(alerts(&f, at(11, 49), 30), vec![]);
    assert_eq!(
        alerts(&f, at(11, 50), 30),
        vec![Alert::FinishSoon { minutes: 10 }]
    );
    assert_eq!(
        alerts(&f, at(12, 0), 30),
        vec![Alert::FinishSoon { minutes: 0 }]
    );
    assert_eq!(alerts(&f, at(12, 1), 30), vec![Alert::Late { minutes: 1 }]);
    assert_eq!(Alert::Late { minutes: 1 }.level(), Level::Red);
    assert_eq!(Alert::FinishSoon { minutes: 1 }.level(), Level::Amber);
    // Work finished (in the quality check or the wash): not amber, but still late after
    // the promise until ready.
    assert_eq!(alerts(&facts(S::Wash), at(11, 55), 30), vec![]);
    assert_eq!(
        alerts(&facts(S::QualityCheck), at(12, 30), 30),
        vec![Alert::Late { minutes: 30 }]
    );
    // Ready for delivery is on time whatever the clock says; closed orders have no alerts.
    assert_eq!(alerts(&facts(S::Ready), at(13, 0), 30), vec![]);
    assert_eq!(alerts(&facts(S::Delivered), at(13, 0), 30), vec![]);
}

#[test]
fn at_80_percent_the_customer_is_told_until_it_is_marked_done() {
    let mut f = facts(S::InRepair);
    f.progress_pct = 79;
    assert_eq!(alerts(&f, at(10, 0), 30), vec![]);
    f.progress_pct = 80;
    assert_eq!(alerts(&f, at(10, 0), 30), vec![Alert::TellCustomer]);
    assert_eq!(Alert::TellCustomer.level(), Level::Task);
    f.told = true;
    assert_eq!(alerts(&f, at(10, 0), 30), vec![]);
}

#[test]
fn a_proposal_waiting_longer_than_the_policy_is_amber() {
    let mut f = facts(S::WaitingApproval);
    f.proposed_since = Some(at(10, 0));
    assert_eq!(alerts(&f, at(10, 30), 30), vec![]);
    assert_eq!(
        alerts(&f, at(10, 31), 30),
        vec![Alert::ApprovalWaiting { minutes: 31 }]
    );
    assert_eq!(
        alerts(&f, at(10, 11), 10),
        vec![Alert::ApprovalWaiting { minutes: 11 }]
    );
}

#[test]
fn alerts_come_loudest_first_and_the_board_sorts_by_urgency() {
    let mut f = facts(S::Written);
    f.progress_pct = 90;
    let got = alerts(&f, at(12, 30), 30);
    assert_eq!(
        got,
        vec![
            Alert::AtReception { minutes: 210 },
            Alert::Late { minutes: 30 },
            Alert::TellCustomer
        ]
    );
    let now = at(10, 0);
    let key = |f: &OrderFacts| urgency(f, &alerts(f, now, 30));
    let plain = facts(S::InRepair);
    let comeback = OrderFacts {
        comeback: true,
        promised_at: at(16, 0),
        ..plain
    };
    let appointment = OrderFacts {
        appointment: true,
        promised_at: at(15, 0),
        ..plain
    };
    let late = OrderFacts {
        promised_at: at(9, 0),
        ..plain
    };
    let mut all = [plain, appointment, comeback, late];
    all.sort_by_key(key);
    assert_eq!(all, [late, comeback, appointment, plain]);
}

// ---------------------------------------------------------------------------------------
// Ready, settlement, cancel
// ---------------------------------------------------------------------------------------

#[test]
fn ready_for_delivery_needs_the_wash_a_spot_and_a_sane_odometer() {
    assert_eq!(
        check_ready(true, false, "A3", 100, 101),
        Err(WorkError::WashWanted)
    );
    assert_eq!(check_ready(false, false, "A3", 100, 101), Ok(()));
    assert_eq!(
        check_ready(true, true, "  ", 100, 101),
        Err(WorkError::SpotRequired)
    );
    assert_eq!(
        check_ready(true, true, "A3", 100, 99),
        Err(WorkError::OdometerBelowIn { km_in: 100 })
    );
    assert_eq!(check_ready(true, true, "A3", 100, 100), Ok(()));
}

fn settle(discount: i64, reason: &str, paid: bool, returned: bool) -> SettleInput {
    SettleInput {
        discount_cents: discount,
        discount_reason: reason.into(),
        paid,
        old_parts_returned: returned,
    }
}

#[test]
fn settlement_rules() {
    let limit = 20_000;
    let adv = StaffRole::Advisor;
    let ok = |i: &SettleInput, role, asked| check_settlement(100_000, i, role, limit, asked);
    assert_eq!(ok(&settle(0, "", true, false), adv, false), Ok(100_000));
    assert_eq!(
        ok(&settle(5_000, "老客户", true, false), adv, false),
        Ok(95_000)
    );
    assert_eq!(
        ok(&settle(5_000, " ", true, false), adv, false),
        Err(WorkError::DiscountReasonRequired)
    );
    assert_eq!(
        ok(&settle(-1, "x", true, false), adv, false),
        Err(WorkError::DiscountNegative)
    );
    assert_eq!(
        ok(&settle(100_001, "x", true, false), adv, false),
        Err(WorkError::DiscountAboveTotal)
    );
    assert_eq!(
        ok(&settle(20_001, "x", true, false), adv, false),
        Err(WorkError::DiscountNeedsSupervisor {
            limit: "¥200.00".into()
        })
    );
    assert_eq!(
        ok(&settle(20_000, "x", true, false), adv, false),
        Ok(80_000)
    );
    for role in [StaffRole::Supervisor, StaffRole::Manager] {
        assert_eq!(
            ok(&settle(50_000, "x", true, false), role, false),
            Ok(50_000)
        );
    }
    assert_eq!(
        ok(&settle(0, "", false, false), adv, false),
        Err(WorkError::NotPaid)
    );
    // Nothing to pay (warranty, an uncharged comeback, a full discount): no payment.
    assert_eq!(
        check_settlement(0, &settle(0, "", false, false), adv, limit, false),
        Ok(0)
    );
    assert_eq!(
        ok(&settle(0, "", true, false), adv, true),
        Err(WorkError::OldPartsNotReturned)
    );
    assert_eq!(ok(&settle(0, "", true, true), adv, true), Ok(100_000));
    assert_eq!(check_cancel(""), Err(WorkError::CancelReasonRequired));
    assert_eq!(check_cancel("客户取消"), Ok(()));
}

// ---------------------------------------------------------------------------------------
// Follow-up
// ---------------------------------------------------------------------------------------

#[test]
fn the_follow_up_is_due_days_after_delivery_and_tried_until_given_up() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    assert_eq!(due_on(d(2026, 11, 23), 3), d(2026, 11, 26));
    assert_eq!(due_on(d(2026, 12, 30), 3), d(2027, 1, 2));
    let today = d(2026, 11, 26);
    let reached = Call::Reached {
        result: 5,
        staff: 4,
        remark: String::new(),
    };
    let r = after_call(FollowUpState::Due, 0, 3, &reached, today).unwrap();
    assert_eq!((r.state, r.due_on), (FollowUpState::Done, None));
    let r = after_call(FollowUpState::Due, 0, 3, &Call::NotReached, today).unwrap();
    assert_eq!(
        (r.state, r.tries, r.due_on),
        (FollowUpState::Due, 1, Some(d(2026, 11, 27)))
    );
    let r = after_call(FollowUpState::Due, 2, 3, &Call::NotReached, today).unwrap();
    assert_eq!(
        (r.state, r.tries, r.due_on),
        (FollowUpState::GivenUp, 3, None)
    );
    let problem = Call::Problem {
        text: "异响还在".into(),
    };
    let r = after_call(FollowUpState::Due, 1, 3, &problem, today).unwrap();
    assert_eq!(r.state, FollowUpState::Problem);
    assert_eq!(
        after_call(
            FollowUpState::Due,
            0,
            3,
            &Call::Problem { text: " ".into() },
            today
        ),
        Err(WorkError::ProblemRequired)
    );
    for bad in [(0, 3), (6, 3), (3, 0)] {
        let call = Call::Reached {
            result: bad.0,
            staff: bad.1,
            remark: String::new(),
        };
        assert_eq!(
            after_call(FollowUpState::Due, 0, 3, &call, today),
            Err(WorkError::BadScore)
        );
    }
    for done in [
        FollowUpState::Done,
        FollowUpState::GivenUp,
        FollowUpState::Problem,
    ] {
        assert_eq!(
            after_call(done, 0, 3, &reached, today),
            Err(WorkError::FollowUpNotDue)
        );
    }
    assert_eq!(parse_score("５"), Ok(5));
    assert_eq!(parse_score("0"), Err(WorkError::BadScore));
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn state() -> impl Strategy<Value = S> {
        prop::sample::select(S::ALL.to_vec())
    }

    proptest! {
        /// Progress is always 0–100, never below what was entered, and 100 only when
        /// every job is done or 100 was entered.
        #[test]
        fn progress_stays_in_range(
            entered in -50i64..150,
            jobs in prop::collection::vec((0i64..20_000, -100i64..40_000, any::<bool>()), 0..6),
        ) {
            let timed: Vec<Timed> = jobs
                .iter()
                .map(|&(e, w, d)| Timed { estimate_seconds: e, worked_seconds: w, done: d })
                .collect();
            let p = jobs::progress(entered, &timed);
            prop_assert!((0..=100).contains(&p));
            prop_assert!(p >= entered.clamp(0, 100));
            if p == 100 && entered < 100 {
                prop_assert!(timed.iter().all(|j| j.done));
            }
        }

        /// A state change through the machine never reopens a closed order and never
        /// leaves the known states; a work step stays inside the workshop.
        #[test]
        fn moves_stay_inside_the_machine(from in state(), i in 0usize..Step::ALL.len()) {
            let step = Step::ALL[i];
            if let Ok(to) = next(from, step) {
                prop_assert!(from.is_open());
                if let Step::Work(_) = step {
                    prop_assert!(frontdesk::domain::workshop::flow::in_workshop(to));
                }
            }
        }

        /// Alerts: none for closed orders; ready orders are never late; a red alert sorts
        /// before any order without one.
        #[test]
        fn alert_clocks(
            s in state(),
            signed in 0i64..600,
            promised in 0i64..900,
            now in 0i64..1200,
            progress in 0i64..=100,
        ) {
            let base = at(8, 0);
            let f = OrderFacts {
                state: s,
                signed_at: base + TimeDelta::minutes(signed),
                promised_at: base + TimeDelta::minutes(promised),
                progress_pct: progress,
                told: false,
                proposed_since: None,
                comeback: false,
                appointment: false,
            };
            let now = base + TimeDelta::minutes(now);
            let a = alerts(&f, now, 30);
            if !s.is_open() {
                prop_assert!(a.is_empty());
            }
            if s == S::Ready {
                let late = a.iter().any(|x| matches!(x, Alert::Late { .. }));
                prop_assert!(!late, "a ready order is never late");
            }
            prop_assert!(a.windows(2).all(|w| w[0].level() <= w[1].level()));
            if a.iter().any(|x| x.level() == Level::Red) {
                let calm = OrderFacts { state: S::Ready, promised_at: now + TimeDelta::hours(5), ..f };
                prop_assert!(urgency(&f, &a) < urgency(&calm, &alerts(&calm, now, 30)));
            }
        }
    }
}
