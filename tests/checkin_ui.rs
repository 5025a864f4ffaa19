//! Check-in driven by keys: an expected arrival becomes a signed repair order; a walk-in
//! new customer; the odometer rule; totals with claim lines; comeback confirmation;
//! draft recovery after the program died; and snapshots of each step.

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::checkin::{CustomerField, OrderField, Step, WalkField};
use frontdesk::domain::kinds::AppointmentState;
use frontdesk::i18n::Lang;
use frontdesk::store::{appointments, repair_orders};
use support::app::App;

fn flow(app: &App) -> &frontdesk::app::screens::checkin::Flow {
    app.model
        .screens
        .checkin
        .flow
        .as_ref()
        .expect("a check-in under way")
}

fn step(app: &App) -> Step {
    flow(app).step
}

/// From the first expected arrival to the read-back, typing only the odometer.
fn arrival_to_review(app: &mut App) -> frontdesk::store::appointments::AppointmentRow {
    let arrival = app
        .model
        .screens
        .checkin
        .arrivals
        .first()
        .cloned()
        .expect("demo arrivals today");
    app.press("Enter");
    assert_eq!(step(app), Step::Customer);
    if flow(app).comeback_candidate.is_some() {
        app.press("n");
    }
    app.press("PageDown");
    assert_eq!(step(app), Step::Walkaround);
    let last = flow(app).who.last_odometer_km.unwrap_or(0);
    app.type_text(&(last + 1234).to_string());
    app.press("Tab Space PageDown");
    assert_eq!(
        step(app),
        Step::Order,
        "{:?}",
        flow(app)
            .walk
            .fields
            .iter()
            .filter_map(|f| f.error.clone())
            .collect::<Vec<_>>()
    );
    if flow(app).order.text(OrderField::Desc).is_empty() {
        app.type_text("保养到期");
    }
    app.press("PageDown");
    assert_eq!(
        step(app),
        Step::Review,
        "{:?}",
        flow(app)
            .order
            .fields
            .iter()
            .filter_map(|f| f.error.clone())
            .collect::<Vec<_>>()
    );
    arrival
}

#[test]
fn an_expected_arrival_becomes_a_signed_repair_order_in_one_transaction() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let arrival = arrival_to_review(&mut app);
    app.press("C-s");
    assert_eq!(step(&app), Step::Done);
    let number = flow(&app).number.clone().unwrap();
    assert!(number.starts_with("RO-20261123-"), "{number}");
    let ro = repair_orders::by_number(app.fx.store.conn(), &number)
        .unwrap()
        .unwrap();
    assert_eq!(ro.appointment_id, Some(arrival.id));
    assert!(ro.signed_at.is_some(), "the signature on paper is recorded");
    assert_eq!(ro.signed_by, app.model.shell.staff.as_ref().map(|s| s.id));
    assert!(
        ro.promised_at > app.model.shell.now,
        "a promise in the future"
    );
    assert!(
        !repair_orders::lines(app.fx.store.conn(), ro.id)
            .unwrap()
            .is_empty(),
        "the booked job became a line"
    );
    let a = appointments::get(app.fx.store.conn(), arrival.id)
        .unwrap()
        .unwrap();
    assert_eq!(a.state, AppointmentState::CheckedIn);
    // Printing writes the HTML copy and says where.
    app.press("C-p");
    let note = app.model.shell.note.clone().unwrap();
    let path = note
        .args
        .iter()
        .find(|(k, _)| *k == "path")
        .unwrap()
        .1
        .clone();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains(&number));
    // Enter: the next customer; the arrival left today's list.
    app.press("Enter");
    assert!(app.model.screens.checkin.flow.is_none());
    assert!(
        app.model
            .screens
            .checkin
            .arrivals
            .iter()
            .all(|a| a.id != arrival.id)
    );
}

#[test]
fn a_walk_in_new_customer_is_created_with_the_order() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.type_text("粤B6K666");
    assert!(app.model.screens.checkin.lookup.hits.is_empty());
    app.press("Enter");
    assert_eq!(step(&app), Step::Customer);
    let nc = flow(&app).new_customer.as_ref().expect("new customer form");
    assert_eq!(
        nc.text(CustomerField::Plate),
        "粤B6K666",
        "the typed plate is carried over"
    );
    app.type_text("赵敏");
    app.press("Tab");
    app.type_text("13912345678");
    // A vehicle needs a make and a model.
    app.press("PageDown");
    assert_eq!(step(&app), Step::Customer);
    assert!(
        flow(&app)
            .new_customer
            .as_ref()
            .unwrap()
            .error(CustomerField::Model)
            .is_some()
    );
    app.type_text("比亚迪 汉");
    app.press("PageDown");
    assert_eq!(step(&app), Step::Walkaround);
    app.type_text("52,000");
    app.press("Tab Space PageDown");
    assert_eq!(step(&app), Step::Order);
    app.type_text("刹车有异响");
    // No job yet: refused next to the job field.
    app.press("PageDown");
    assert_eq!(step(&app), Step::Order);
    assert!(flow(&app).order.error(OrderField::LDesc).is_some());
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(OrderField::LDesc);
    app.type_text("检查制动系统");
    app.press("C-n");
    assert_eq!(flow(&app).lines.len(), 1);
    app.press("PageDown C-s");
    let number = flow(&app).number.clone().expect("confirmed");
    let ro = repair_orders::by_number(app.fx.store.conn(), &number)
        .unwrap()
        .unwrap();
    assert_eq!(ro.customer_name, "赵敏");
    assert_eq!(ro.plate, "粤B6K666");
    assert_eq!(
        (ro.make.as_deref(), ro.model.as_deref()),
        (Some("比亚迪"), Some("汉"))
    );
    assert_eq!(ro.odometer_km, 52_000);
}

#[test]
fn the_odometer_may_not_go_back_without_a_reason() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    if flow(&app).comeback_candidate.is_some() {
        app.press("n");
    }
    app.press("PageDown");
    let last = flow(&app)
        .who
        .last_odometer_km
        .expect("demo vehicles have a reading");
    app.type_text(&(last - 100).to_string());
    app.press("Tab Space PageDown");
    assert_eq!(step(&app), Step::Walkaround, "refused");
    let f = &flow(&app).walk;
    assert!(f.error(WalkField::Odo).is_some());
    assert!(
        !f.is_hidden(WalkField::OdoFix),
        "the correction field appears"
    );
    assert!(
        app.draw(120, 40).0.contains("below the last recorded"),
        "{}",
        app.draw(120, 40).0
    );
    app.model
        .screens
        .checkin
        .flow
        .as_mut()
        .unwrap()
        .walk
        .focus_on(WalkField::OdoFix);
    app.type_text("instrument cluster replaced");
    app.press("PageDown");
    assert_eq!(step(&app), Step::Order);
}

#[test]
fn valuables_must_be_confirmed_removed() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    if flow(&app).comeback_candidate.is_some() {
        app.press("n");
    }
    app.press("PageDown");
    let last = flow(&app).who.last_odometer_km.unwrap_or(0);
    app.type_text(&(last + 10).to_string());
    app.press("PageDown");
    assert_eq!(step(&app), Step::Walkaround);
    assert!(flow(&app).walk.error(WalkField::Valuables).is_some());
}

#[test]
fn claim_lines_carry_the_s_mark_and_are_not_charged() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    arrival_to_review(&mut app);
    app.press("PageUp");
    let before = flow(&app).totals();
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(OrderField::LKind);
    app.press("Space Tab"); // part
    app.type_text("Brake pads (warranty)");
    app.press("Tab");
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.set_text(OrderField::LQty, "2");
    f.set_text(OrderField::LPrice, "350.00");
    f.focus_on(OrderField::LClaim);
    app.press("Space C-n");
    let t = flow(&app).totals();
    assert_eq!(t.claim_cents, before.claim_cents + 70_000);
    assert_eq!(
        t.customer_cents, before.customer_cents,
        "claim lines are not charged"
    );
    app.press("PageDown C-s");
    let number = flow(&app).number.clone().unwrap();
    let ro = repair_orders::by_number(app.fx.store.conn(), &number)
        .unwrap()
        .unwrap();
    assert_eq!(ro.total_cents, t.customer_cents);
    assert_eq!(ro.estimate_cents, t.customer_cents);
    assert!(
        repair_orders::lines(app.fx.store.conn(), ro.id)
            .unwrap()
            .iter()
            .any(|l| l.claim)
    );
}

#[test]
fn an_unfinished_check_in_survives_the_program_dying_and_is_offered_back() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    if flow(&app).comeback_candidate.is_some() {
        app.press("n");
    }
    app.press("PageDown");
    app.type_text("123456");
    app.press("Tab"); // leaving the field keeps the draft
    let who = flow(&app).who.clone();
    let app = app.reopen("A01");
    let (d, _) = app
        .model
        .screens
        .checkin
        .draft_offer
        .as_ref()
        .expect("offered back");
    assert_eq!(d.who, who);
    assert!(
        app.screen().contains("Unfinished check-in"),
        "{}",
        app.screen()
    );
    let mut app = app;
    app.press("Enter");
    assert_eq!(step(&app), Step::Walkaround);
    assert_eq!(flow(&app).walk.text(WalkField::Odo), "123456");
    // Another advisor does not see A01's draft.
    let other = app.reopen("A02");
    assert!(other.model.screens.checkin.draft_offer.is_none());
    // Discarding it removes it.
    let mut app = other.reopen("A01");
    app.press("Esc");
    let app = app.reopen("A01");
    assert!(app.model.screens.checkin.draft_offer.is_none());
}

#[test]
fn leaving_a_check_in_with_input_asks_first() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter PageDown");
    if step(&app) == Step::Customer {
        app.press("n PageDown");
    }
    app.type_text("1");
    app.press("Esc");
    assert!(app.screen().contains("Discard what you typed"));
    app.press("n");
    assert!(app.model.screens.checkin.flow.is_some());
    app.press("C-c");
    assert!(!app.model.shell.quit, "Ctrl-C asks too");
    app.press("y");
    assert!(app.model.shell.quit);
}

#[test]
fn a_comeback_is_confirmed_by_the_advisor_and_marked() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    // A demo vehicle delivered within the window.
    let recent = repair_orders::list(app.fx.store.conn(), false)
        .unwrap()
        .into_iter()
        .find(|r| {
            r.delivered_at
                .is_some_and(|d| (app.model.shell.now - d).num_days() < 20)
                && !r.is_comeback
        })
        .expect("a recent delivery in the demo");
    app.type_text(&recent.plate);
    app.press("Enter");
    assert_eq!(
        flow(&app).comeback_candidate.as_ref().map(|c| c.1.clone()),
        Some(recent.number.clone())
    );
    app.press("PageDown");
    assert_eq!(
        step(&app),
        Step::Customer,
        "the question must be answered first"
    );
    app.press("y");
    assert_eq!(flow(&app).comeback_confirmed, Some(true));
    assert!(app.screen().contains("[CB]"));
}

fn snap(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        setup(&mut app);
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("{name}_{}_{wd}x{h}", lang.code()),
                app.draw(wd, h).0
            );
        }
    }
}

#[test]
fn snapshot_each_step() {
    snap("ck_customer", |app| app.press("Enter"));
    snap("ck_walkaround", |app| {
        app.press("Enter");
        if flow(app).comeback_candidate.is_some() {
            app.press("n");
        }
        app.press("PageDown");
        app.type_text("88888");
    });
    snap("ck_order", |app| {
        arrival_to_review(app);
        app.press("PageUp");
    });
    snap("ck_review", |app| {
        arrival_to_review(app);
    });
}
