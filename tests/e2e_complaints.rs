//! End to end in a pseudo-terminal (issue 11, "Shown by"): a complaint taken at the
//! counter through the real binary at 120×40 and handled to the end — reported,
//! supervision order, an advisor refused when promising compensation, a solution
//! accepted, resolved, the follow-up visit not satisfied and the complaint reopened with
//! a new order, resolved again, the second visit satisfied and the complaint closed.
//! Afterwards the database: the stages of the timeline in order, two supervision orders,
//! one reopening.

mod support;

use std::time::Duration;

use frontdesk::domain::kinds::{ComplaintEventKind as K, ComplaintStage};
use frontdesk::store::{Access, Store, complaints};
use support::pty::{Must, NOW, TZ, Tui, demo_db};

const FIRST: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(15);

/// Takes a step: its key, the form's typed fields (`Tab` between them), Ctrl-S, and
/// waits for the stage it leads to.
fn step(tui: &mut Tui, key: &str, title: &str, fields: &[&str], stage: &str) {
    tui.press(key);
    tui.wait_for(title, STEP).must();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            tui.press("Tab");
        }
        if let Some(keys) = f.strip_prefix("keys:") {
            tui.press(keys);
        } else {
            tui.type_text(f);
            tui.wait_for(f, STEP).must();
        }
    }
    tui.press("C-s");
    tui.wait_for(&format!("Done: the complaint is now {stage}"), STEP)
        .must();
}

#[test]
fn a_complaint_from_intake_through_a_reopening_to_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let config = dir.path().join("config.toml");
    let db_s = db.to_str().unwrap();
    let args = [
        "--db",
        db_s,
        "--lang",
        "en",
        "--config",
        config.to_str().unwrap(),
        "--staff",
        "A01",
    ];
    let mut tui = Tui::spawn(&args, &[("FRONTDESK_NOW", NOW), ("TZ", TZ)], 40, 120);
    tui.wait_for("Expected today", FIRST).must();
    tui.press("F3");
    tui.wait_for("Open complaints", STEP).must();
    // Overdue complaints are counted on the status line.
    tui.wait_for("complaint(s) overdue", STEP).must();

    // The intake: on the description; the phone; anonymous with a contact.
    tui.press("n");
    tui.wait_for("New complaint", STEP).must();
    tui.type_text("The noise is back after the repair");
    tui.press("Tab Down");
    tui.wait_for("< Phone/hotline >", STEP).must();
    // Customer, nature, category, severity, order, wants, contact.
    for _ in 0..7 {
        tui.press("Tab");
    }
    tui.type_text("139 1234 5678");
    tui.wait_for("139 1234 5678", STEP).must();
    tui.press("C-s");
    tui.wait_for("recorded: report it within 1h", STEP).must();
    let screen = tui.screen_text();
    let number = screen
        .lines()
        .find_map(|l| {
            let at = l.find(" recorded: report it")?;
            l[..at].split_whitespace().last().map(str::to_string)
        })
        .filter(|n| n.starts_with("CP-20261123-"))
        .unwrap_or_else(|| panic!("no new number:\n{screen}"));

    // Found and opened.
    tui.press("/");
    tui.type_text(&number);
    tui.press("Enter Enter");
    tui.wait_for(&format!("{number}  Received"), STEP).must();
    tui.wait_for("The noise is back after the repair", STEP)
        .must();

    step(
        &mut tui,
        "r",
        "Reported upward",
        &["Manager Wang"],
        "Reported",
    );
    step(
        &mut tui,
        "o",
        "Issue a supervision order",
        &["Workshop", "Find the cause of the noise"],
        "Supervised",
    );
    // The advisor may not promise compensation: refused next to the field.
    tui.press("p");
    tui.wait_for("Propose a solution", STEP).must();
    tui.type_text("Free rework");
    tui.press("Tab Down C-s");
    tui.wait_for(
        "Only a supervisor or a manager may promise compensation",
        STEP,
    )
    .must();
    tui.press("Up C-s");
    tui.wait_for("Done: the complaint is now Proposed", STEP)
        .must();
    step(&mut tui, "a", "The customer's answer", &[], "Accepted");
    step(
        &mut tui,
        "v",
        "Resolved: the result given",
        &["Reworked"],
        "Resolved",
    );
    // The visit: not satisfied; reopened with a new order.
    step(
        &mut tui,
        "f",
        "The follow-up visit",
        &["keys:Down", "Workshop", "Check the shock absorbers"],
        "Supervised",
    );
    tui.wait_for("Reopened", STEP).must();
    step(
        &mut tui,
        "p",
        "Propose a solution",
        &["Replace the shock absorber"],
        "Proposed",
    );
    step(&mut tui, "a", "The customer's answer", &[], "Accepted");
    step(
        &mut tui,
        "v",
        "Resolved: the result given",
        &["Replaced"],
        "Resolved",
    );
    step(&mut tui, "f", "The follow-up visit", &[], "Closed");
    tui.wait_for(&format!("{number}  Closed"), STEP).must();
    tui.press("Esc");
    tui.wait_for("Open complaints", STEP).must();
    tui.press("C-c");
    drop(tui);

    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let c = complaints::list(store.conn(), false)
        .unwrap()
        .into_iter()
        .find(|c| c.number == number)
        .unwrap();
    assert_eq!(c.stage, ComplaintStage::Closed);
    assert_eq!(c.reopen_count, 1);
    assert_eq!(c.contact.as_deref(), Some("139 1234 5678"));
    assert_eq!(c.reported_to.as_deref(), Some("Manager Wang"));
    assert!(!c.compensation);
    let kinds: Vec<K> = complaints::events(store.conn(), c.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
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
    assert_eq!(complaints::orders(store.conn(), c.id).unwrap().len(), 2);
}
