//! End to end in a pseudo-terminal (issue 10, "Shown by"): a freshly checked-in order
//! taken from written to delivered through the real binary at 120×40 — dispatched, a job
//! started, an added labour line approved by phone and worked, an added part declined,
//! the jobs finished, the three-level check with a failed final inspection, rework, the
//! three checks passed by three different people, ready for delivery, delivered and
//! settled — then, three days later, the follow-up call from the call list. Afterwards the
//! database (state, consent, QC failures, settlement, follow-up, the timeline in order)
//! and the exported repair order and declined work (`frontdesk export … --format json`).

mod settle_support;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use frontdesk::domain::kinds::{
    FollowUpOutcome, FollowUpState, JobState, LineApproval, LineKind, PaymentMethod,
    RepairOrderState,
};
use frontdesk::fmt::{money, phone_text};
use frontdesk::store::{Access, Store, customers, repair_orders, staff, workshop};
use settle_support::{Spec, check_in_vehicle, idle_vehicle};
use support::pty::{BIN, Must, NOW, TZ, Tui, demo_db};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);

/// Three days after [`NOW`]: the follow-up call is due (the default 3 days).
const LATER: &str = "2026-11-26T09:00:00+08:00";

const ROWS: u16 = 40;
const COLS: u16 = 120;

/// The order as signed at check-in: a job, its part, and a part under warranty (S).
const SIGNED: &[Spec] = &[
    (LineKind::Labour, "Front brake pads", 100, 20_000, false),
    (LineKind::Part, "Brake pad set", 100, 38_000, false),
    (LineKind::Part, "Window regulator", 100, 45_000, true),
];
const ADDED: &str = "Brake disc skim";
const DECLINED: &str = "Wiper blades";
const APPROVER: &str = "王先生";
const DIALLED: &str = "13800138000";
const FAIL_REASON: &str = "brakes still squeal";
const SPOT: &str = "A-07";
const REMARK: &str = "brakes quiet now";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The value shown for the choice field labelled `label` ("Checked by  < T01 刘强 >").
fn choice_value(screen: &str, label: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let rest = &line[line.find(label)? + label.len()..];
        let a = rest.find("< ")?;
        let b = rest[a..].find(" >")?;
        Some(rest[a + 2..a + b].to_string())
    })
}

/// The focused choice labelled `label` turned (Down) until it shows `wanted`; each turn
/// waits for the value to change on screen.
fn choose(tui: &mut Tui, label: &str, wanted: &str) {
    for _ in 0..30 {
        let screen = tui.screen_text();
        let Some(now) = choice_value(&screen, label) else {
            panic!("no choice {label:?} on screen:\n{screen}");
        };
        if now.contains(wanted) {
            return;
        }
        tui.press("Down");
        tui.wait_until(&format!("{label:?} to move on from {now:?}"), STEP, |s| {
            choice_value(s, label).is_some_and(|v| v != now)
        })
        .must();
    }
    panic!("{label:?} never showed {wanted:?}:\n{}", tui.screen_text());
}

/// The dialog whose title starts with `title`, without the panel around it (a dialog is
/// 110 columns wide on a screen this wide, centred).
fn dialog_text(tui: &Tui, title: &str) -> String {
    let x = (COLS - 110) / 2;
    let rows: Vec<String> = tui.with_screen(|s| s.rows(x, 110).collect());
    let top = rows
        .iter()
        .position(|r| r.contains(title))
        .unwrap_or_else(|| panic!("no dialog {title:?}:\n{}", tui.screen_text()));
    let bottom = top
        + rows[top..]
            .iter()
            .position(|r| r.contains("Enter apply"))
            .expect("the dialog's keys");
    rows[top..=bottom].join("\n")
}

/// Waits until one screen row holds every one of `parts` (a job line and its state).
fn wait_row(tui: &Tui, parts: &[&str]) {
    tui.wait_until(&format!("a row with {parts:?}"), STEP, |s| {
        s.lines().any(|l| parts.iter().all(|p| l.contains(p)))
    })
    .must();
}

/// The detail's title: "RO-…  In repair".
fn wait_state(tui: &Tui, number: &str, state: &str) {
    tui.wait_for(&format!("{number}  {state}"), STEP).must();
}

/// Records the next quality check as `who` ("T01 "); passed, or failed with `reason`.
fn quality_check(
    tui: &mut Tui,
    number: &str,
    level: &str,
    who: &str,
    items: usize,
    fail: Option<&str>,
) {
    tui.press("i");
    tui.wait_for(&format!("Next level: {level}"), STEP).must();
    // From the first checklist item back to "Result", then "Checked by".
    tui.press("S-Tab S-Tab");
    choose(tui, "Checked by", who);
    tui.press("Tab");
    match fail {
        None => {
            choose(tui, "Result", "pass");
            tui.press("Tab");
            for _ in 0..items {
                tui.press("Space Tab");
            }
            tui.wait_gone("< [ ] >", STEP).must();
        }
        Some(reason) => {
            choose(tui, "Result", "fail");
            tui.wait_for("Why it failed", STEP).must();
            // Back past "Checked by" to the last field, the reason.
            tui.press("S-Tab S-Tab");
            tui.type_text(reason);
            tui.wait_for(reason, STEP).must();
        }
    }
    tui.press("Enter");
    tui.wait_gone("Quality check of", STEP).must();
    tui.wait_for(&format!("{number}: quality check recorded"), STEP)
        .must();
}

fn export(db: &Path, what: &str) -> serde_json::Value {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(BIN)
        .args(["--db", s(db), "export", "--what", what, "--format", "json"])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("FRONTDESK_NOW", LATER)
        .env("TZ", TZ)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run frontdesk export");
    let stdout = support::output::ok(&out);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{what}: {e}\n{stdout}"))
}

#[test]
fn a_checked_in_order_from_written_to_delivered_and_its_follow_up_call() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");

    // A freshly checked-in order (state written), through the store's own check-in.
    let (id, number, phone, km_in, items, names) = {
        let mut store = Store::open(&db, Access::ReadWrite).unwrap();
        let v = idle_vehicle(&mut store, 0);
        let (id, number) = check_in_vehicle(&mut store, &v, SIGNED, &[]);
        let o = repair_orders::get(store.conn(), id).unwrap().unwrap();
        assert_eq!(o.state, RepairOrderState::Written);
        let phone = customers::customer(store.conn(), v.customer_id)
            .unwrap()
            .unwrap()
            .phone;
        let items = workshop::policy(store.conn()).unwrap().qc_checklist.len();
        let name = |code: &str| {
            let s = staff::by_code(store.conn(), code).unwrap().unwrap();
            format!("{} {}", s.code, s.name)
        };
        let names = [name("T01"), name("S01"), name("M01")];
        (id, number, phone, o.odometer_km, items, names)
    };
    let [t01, s01, m01] = &names;
    assert!(items > 0, "the shop has a checklist");

    let args = [
        "--db",
        s(&db),
        "--lang",
        "en",
        "--config",
        s(&config),
        "--staff",
        "A01",
    ];
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", NOW), ("TZ", TZ)], ROWS, COLS);
    tui.wait_for("Expected today", FIRST).must();

    // F2, the order found by its number, opened.
    tui.press("F2");
    tui.wait_for("Open work orders", STEP).must();
    tui.press("/");
    tui.type_text(&number);
    wait_row(&tui, &[&number, "to dispatch"]);
    tui.press("Enter");
    tui.press("Enter");
    wait_state(&tui, &number, "Written");
    wait_row(&tui, &["Front brake pads", "not started"]);

    // Dispatch: technician T01, bay B3.
    tui.press("d");
    tui.wait_for(&format!("Dispatch {number}"), STEP).must();
    choose(&mut tui, "Technician", "T01 ");
    tui.press("Tab");
    tui.type_text("B3");
    tui.press("Enter");
    tui.wait_for(&format!("{number} dispatched"), STEP).must();
    wait_state(&tui, &number, "Dispatched");
    tui.wait_for("bay B3", STEP).must();

    // The signed job starts (the first line is selected).
    tui.press("s");
    wait_row(&tui, &["Front brake pads", "working"]);
    wait_state(&tui, &number, "In repair");

    // An added labour line: 1.5 h at the shop's rate, proposed.
    tui.press("a");
    tui.wait_for("Added line for", STEP).must();
    tui.wait_for("It is not worked until the customer approves it.", STEP)
        .must();
    tui.type_text(ADDED);
    tui.press("Tab");
    tui.type_text("1.5");
    tui.press("Enter");
    tui.wait_for(
        &format!("{number}: line proposed, waiting for the customer"),
        STEP,
    )
    .must();
    wait_row(&tui, &[ADDED, "proposed"]);
    // It cannot be worked before the customer says yes.
    tui.press("Down Down Down s");
    tui.wait_for("waits for the customer's approval", STEP)
        .must();

    // Approved by phone: who approved, the number dialled, when.
    tui.press("y");
    tui.wait_for(&format!("Customer's answer, {number}"), STEP)
        .must();
    tui.wait_for("Called by A01", STEP).must();
    choose(&mut tui, "Answer", "Approved by phone");
    tui.wait_for("Number dialled", STEP).must();
    tui.press("Tab");
    tui.type_text(APPROVER);
    tui.press("Tab");
    tui.type_text(DIALLED);
    tui.press("Tab");
    tui.type_text("09:00");
    tui.wait_for(APPROVER, STEP).must();
    tui.press("Enter");
    tui.wait_for(
        &format!("{number}: the customer's answer is recorded"),
        STEP,
    )
    .must();
    wait_row(&tui, &[ADDED, "not started", "approved by ph"]);
    // Now it is worked (the answered line stays selected).
    tui.press("s");
    wait_row(&tui, &[ADDED, "working"]);

    // An added part, proposed and declined.
    tui.press("a");
    tui.wait_for("Added line for", STEP).must();
    tui.press("Up");
    choose(&mut tui, "Job kind", "Part");
    tui.press("Tab");
    tui.type_text(DECLINED);
    tui.press("Tab Tab");
    tui.type_text("120");
    tui.wait_for(DECLINED, STEP).must();
    tui.press("Enter");
    tui.wait_for(
        &format!("{number}: line proposed, waiting for the customer"),
        STEP,
    )
    .must();
    wait_row(&tui, &[DECLINED, "proposed"]);
    tui.press("y");
    tui.wait_for(&format!("Customer's answer, {number}"), STEP)
        .must();
    tui.wait_for(&format!("{DECLINED}  120.00"), STEP).must();
    choose(&mut tui, "Answer", "Declined");
    tui.wait_gone("Number dialled", STEP).must();
    tui.press("Enter");
    tui.wait_for(
        &format!("{number}: the customer's answer is recorded"),
        STEP,
    )
    .must();
    wait_row(&tui, &[DECLINED, "declined"]);

    // Both jobs finished (lines: pads, pad set, regulator, disc, wipers).
    tui.press("Up Up Up Up f");
    wait_row(&tui, &["Front brake pads", "done"]);
    tui.press("Down Down Down f");
    wait_row(&tui, &[ADDED, "done"]);

    // To the quality check: self-check by the order's technician, team leader by another
    // person, the final inspection fails with a reason and the car goes back to repair.
    tui.press("u");
    wait_state(&tui, &number, "Quality check");
    quality_check(
        &mut tui,
        &number,
        "technician self-check",
        "T01 ",
        items,
        None,
    );
    quality_check(&mut tui, &number, "team leader", "S01 ", items, None);
    quality_check(
        &mut tui,
        &number,
        "final inspection",
        "M01 ",
        items,
        Some(FAIL_REASON),
    );
    wait_state(&tui, &number, "In repair");

    // Rework on the brakes, then the three levels again, by three people.
    tui.press("Up Up Up");
    wait_row(&tui, &["Front brake pads", "done"]);
    tui.press("r");
    wait_row(&tui, &["Front brake pads", "working"]);
    tui.press("f");
    wait_row(&tui, &["Front brake pads", "done"]);
    tui.press("u");
    wait_state(&tui, &number, "Quality check");
    tui.press("i");
    tui.wait_for("Failed checks so far: 1", STEP).must();
    tui.press("Esc");
    tui.wait_gone("Quality check of", STEP).must();
    quality_check(
        &mut tui,
        &number,
        "technician self-check",
        "T01 ",
        items,
        None,
    );
    // The self-check's technician may not pass a second level: refused beside the field.
    tui.press("i");
    tui.wait_for("Next level: team leader", STEP).must();
    tui.press("S-Tab S-Tab");
    choose(&mut tui, "Checked by", "T01 ");
    tui.press("Tab Tab");
    for _ in 0..items {
        tui.press("Space Tab");
    }
    tui.wait_gone("< [ ] >", STEP).must();
    tui.press("Enter");
    tui.wait_for("cannot pass two levels", STEP).must();
    tui.press("Esc");
    tui.wait_for("Discard what you typed", STEP).must();
    tui.press("y");
    tui.wait_gone("Quality check of", STEP).must();
    quality_check(&mut tui, &number, "team leader", "S01 ", items, None);
    quality_check(&mut tui, &number, "final inspection", "M01 ", items, None);
    wait_state(&tui, &number, "Wash");

    // Ready for delivery: washed, parked, odometer out.
    let km_out = km_in + 12;
    tui.press("w");
    tui.wait_for(&format!("Ready for delivery: {number}"), STEP)
        .must();
    tui.wait_for(&format!("Odometer in: {km_in} km"), STEP)
        .must();
    choose(&mut tui, "Washed", "Washed");
    tui.press("Tab");
    tui.type_text(SPOT);
    tui.press("Tab");
    tui.type_text(&km_out.to_string());
    tui.wait_for(&km_out.to_string(), STEP).must();
    tui.press("Enter");
    tui.wait_for(&format!("{number} is ready for delivery"), STEP)
        .must();
    wait_state(&tui, &number, "Ready");

    // Deliver and settle: the invoice read back, paid, old parts handed back.
    tui.press("h");
    tui.wait_for(&format!("Deliver and settle {number}"), STEP)
        .must();
    tui.wait_for("Warranty claim, not charged", STEP).must();
    let invoice_screen = dialog_text(&tui, "Deliver and settle");
    tui.press("Tab Tab");
    choose(&mut tui, "Paid", "Yes");
    tui.press("Tab");
    choose(&mut tui, "Old parts back", "Yes");
    tui.press("Enter");
    tui.wait_for(
        &format!("{number} delivered and settled; the follow-up call is due 2026-11-26"),
        STEP,
    )
    .must();
    wait_state(&tui, &number, "Delivered");
    // The end of the detail: the settlement and the follow-up day.
    tui.press("End");
    tui.wait_for("Paid: ", STEP).must();
    let delivered_screen = tui.screen_text();
    tui.press("Esc");
    tui.wait_for("Open work orders", STEP).must();
    tui.press("q");
    assert!(tui.wait_exit(STEP).must().success);

    // Three days later: the follow-up call list.
    let pos = {
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        let due =
            workshop::follow_ups_due(store.conn(), NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
                .unwrap();
        due.iter()
            .position(|r| r.id == id)
            .expect("the call is due")
    };
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", LATER), ("TZ", TZ)], ROWS, COLS);
    tui.wait_for("Expected today", FIRST).must();
    tui.press("F2");
    tui.wait_for("Open work orders", STEP).must();
    tui.press("c");
    tui.wait_for("Follow-up calls due 2026-11-26", STEP).must();
    let phone_shown = phone_text(phone.as_deref().expect("the customer has a phone"));
    wait_row(&tui, &[&number, &phone_shown, "11-26"]);
    for _ in 0..pos {
        tui.press("Down");
    }
    tui.press("Enter");
    tui.wait_for(&format!("Follow-up call, {number}"), STEP)
        .must();
    tui.wait_for(&phone_shown, STEP).must();
    choose(&mut tui, "Outcome", "reached");
    tui.press("Tab");
    tui.type_text("4");
    tui.press("Tab");
    tui.type_text("5");
    tui.press("Tab");
    tui.type_text(REMARK);
    tui.wait_for(REMARK, STEP).must();
    tui.press("Enter");
    tui.wait_for(&format!("{number}: follow-up call recorded"), STEP)
        .must();
    tui.wait_until(&format!("{number} gone from the call list"), STEP, |s| {
        !s.lines()
            .any(|l| l.contains(&number) && l.contains(&phone_shown))
    })
    .must();
    tui.press("q");
    assert!(tui.wait_exit(STEP).must().success);

    // The database.
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let d = workshop::detail(store.conn(), id).unwrap().unwrap();
    assert_eq!(d.order.state, RepairOrderState::Delivered);
    assert_eq!(d.order.technician_name.as_deref(), Some(&t01[4..]));
    assert_eq!(d.order.bay.as_deref(), Some("B3"));
    assert_eq!(d.order.delivery_spot.as_deref(), Some(SPOT));
    assert_eq!(d.odometer_out_km, Some(km_out));
    assert_eq!(d.washed, Some(true));
    let added = d
        .lines
        .iter()
        .find(|l| l.description == ADDED)
        .expect("the added line");
    assert_eq!(added.approval, LineApproval::ApprovedPhone);
    assert_eq!(added.kind, LineKind::Labour);
    assert_eq!(added.quantity_centi, 150);
    assert_eq!(added.job_state, JobState::Done);
    assert_eq!(added.phone_approver.as_deref(), Some(APPROVER));
    assert_eq!(added.phone_number.as_deref(), Some(DIALLED));
    let declined = d
        .lines
        .iter()
        .find(|l| l.description == DECLINED)
        .expect("the declined line");
    assert_eq!(declined.approval, LineApproval::Declined);
    assert_eq!(
        (declined.kind, declined.amount_cents),
        (LineKind::Part, 12_000)
    );
    assert_eq!(d.qc_failures, 1);
    let fails: Vec<_> = d.checks.iter().filter(|c| !c.passed).collect();
    assert_eq!(fails.len(), 1);
    assert_eq!(fails[0].reason.as_deref(), Some(FAIL_REASON));
    assert_eq!(fails[0].staff_name, m01[4..]);
    let passes: Vec<&str> = d
        .checks
        .iter()
        .filter(|c| c.passed)
        .map(|c| c.staff_name.as_str())
        .collect();
    assert_eq!(
        passes,
        [&t01[4..], &s01[4..], &t01[4..], &s01[4..], &m01[4..]]
    );
    // The settlement: what the customer pays is every approved line without the claim
    // line and without the declined one, paid in full by the method chosen at check-in.
    let charged: i64 = d
        .lines
        .iter()
        .filter(|l| l.approval != LineApproval::Declined && !l.claim)
        .map(|l| l.amount_cents)
        .sum();
    assert_eq!(d.customer_cents, charged);
    assert_eq!(d.discount_cents, 0);
    assert_eq!(d.paid_cents, Some(charged));
    assert_eq!(d.paid_method, Some(PaymentMethod::WeChat));
    assert_eq!(d.old_parts_returned, Some(true));
    assert!(
        invoice_screen.contains(&format!("to pay {}", money(charged))),
        "the invoice read back:\n{invoice_screen}"
    );
    assert!(
        !invoice_screen.contains(DECLINED),
        "the declined line is not on the invoice:\n{invoice_screen}"
    );
    assert!(
        delivered_screen.contains(&format!("Paid: {} WeChat Pay", money(charged))),
        "{delivered_screen}"
    );
    // The follow-up, done with the scores.
    assert_eq!(d.follow_up_state, Some(FollowUpState::Done));
    let call = d.calls.last().expect("the call");
    assert_eq!(call.outcome, FollowUpOutcome::Reached);
    assert_eq!((call.result_score, call.staff_score), (Some(4), Some(5)));
    assert_eq!(call.remark.as_deref(), Some(REMARK));

    // The timeline, in order, everyone named.
    let actions: Vec<&str> = d.timeline.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "state", // the check-in
            "dispatch",
            "job_start",
            "propose",
            "approve",
            "job_start",
            "propose",
            "decline",
            "job_finish",
            "job_finish",
            "submit_qc",
            "qc_pass",
            "qc_pass",
            "qc_fail",
            "job_resume",
            "job_finish",
            "submit_qc",
            "qc_pass",
            "qc_pass",
            "qc_pass",
            "ready",
            "deliver",
            "follow_up",
        ]
    );
    assert!(d.timeline.iter().all(|e| !e.staff_name.is_empty()));
    let approve = d.timeline.iter().find(|e| e.action == "approve").unwrap();
    assert_eq!(approve.line.as_deref(), Some(ADDED));
    assert_eq!(
        approve.note.as_deref(),
        Some(format!("{APPROVER} · {DIALLED}").as_str())
    );
    let decline = d.timeline.iter().find(|e| e.action == "decline").unwrap();
    assert_eq!(decline.line.as_deref(), Some(DECLINED));
    let levels: Vec<&str> = d
        .timeline
        .iter()
        .filter(|e| e.action == "qc_pass")
        .filter_map(|e| e.note.as_deref())
        .collect();
    assert_eq!(
        levels,
        [
            "self_check",
            "team_leader",
            "self_check",
            "team_leader",
            "final"
        ]
    );
    let fail = d.timeline.iter().find(|e| e.action == "qc_fail").unwrap();
    assert_eq!(fail.note.as_deref(), Some(FAIL_REASON));
    let follow = d.timeline.last().unwrap();
    assert_eq!(follow.action, "follow_up");
    assert_eq!(
        follow.at,
        chrono::DateTime::parse_from_rfc3339(LATER).unwrap()
    );
    drop(store);

    // The exported repair order: delivered; its lines are the invoiced ones (the phone-
    // approved line in, the declined one out); the totals add up.
    let orders = export(&db, "repair-orders");
    let o = orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["number"] == number.as_str())
        .expect("the order is exported");
    assert_eq!(o["state"], "delivered");
    assert_eq!(o["technician_name"], &t01[4..]);
    assert_eq!(o["bay"], "B3");
    assert_eq!(o["delivery_spot"], SPOT);
    assert_eq!(o["delivered_at"], NOW);
    let lines = o["lines"].as_array().unwrap();
    let descriptions: Vec<&str> = lines
        .iter()
        .map(|l| l["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        descriptions,
        [
            "Front brake pads",
            "Brake pad set",
            "Window regulator",
            ADDED
        ],
        "the signed lines and the approved one, not the declined"
    );
    let sum = |claim: bool| -> i64 {
        lines
            .iter()
            .filter(|l| l["claim"] == claim)
            .map(|l| l["amount_cents"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(o["total_cents"].as_i64(), Some(sum(false)));
    assert_eq!(o["claim_cents"].as_i64(), Some(sum(true)));
    assert_eq!(sum(false), charged);
    assert_eq!(sum(true), 45_000);
    let disc = lines.iter().find(|l| l["description"] == ADDED).unwrap();
    assert_eq!(disc["kind"], "labour");
    assert_eq!(disc["quantity_centi"], 150);
    // The declined line is on the declined-work export, not taken up.
    let declined_work = export(&db, "declined-work");
    let dw = declined_work
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == number.as_str())
        .expect("the declined line is exported");
    assert_eq!(dw["description"], DECLINED);
    assert_eq!(dw["amount_cents"], 12_000);
    assert_eq!(dw["taken_up"], false);

    println!(
        "order {number} from written to its follow-up call in {:.1?}",
        started.elapsed()
    );
}
