//! The counter day without traps (check-in): a car found by search is checked in with
//! its appointment; an arrived car stays offered; a second open order is asked about and
//! the answer audited; the promise follows the labour; a part never takes the labour
//! rate; a same-concern comeback asks who pays; the read-back shows the whole walk-around;
//! copied job lines read in the reader's language; the draft keeps the field being typed.

mod support;

use frontdesk::app::screens::checkin::{Flow, OrderField, Step, WalkField};
use frontdesk::app::{Msg, RunMode};
use frontdesk::domain::kinds::{AppointmentState, LineKind};
use frontdesk::i18n::Lang;
use frontdesk::store::{appointments, audit, repair_orders};
use support::app::App;

fn flow(app: &App) -> &Flow {
    app.flow()
}

fn flow_mut(app: &mut App) -> &mut Flow {
    app.flow_mut()
}

/// From the customer step through the walk-around (odometer +1234, valuables out).
fn to_order(app: &mut App) {
    app.go_to_order(1234);
    assert_eq!(flow(app).step, Step::Order);
}

fn today_rows(app: &App) -> Vec<appointments::AppointmentRow> {
    appointments::list_day(app.fx.store.conn(), app.model.shell.today()).unwrap()
}

#[test]
fn a_car_found_by_search_is_checked_in_with_its_appointment_today() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let a = today_rows(&app)
        .into_iter()
        .find(|a| a.state == AppointmentState::Confirmed)
        .expect("a confirmed appointment today");
    // Found by the plate's digits with the province, as an advisor types it.
    app.type_text(&a.plate);
    assert!(!app.model.screens.checkin.lookup.hits.is_empty());
    app.press("Enter");
    let f = flow(&app);
    assert_eq!(
        f.booked.as_ref().map(|b| b.id),
        Some(a.id),
        "linked to today's appointment"
    );
    assert_eq!(f.lines.len(), 1, "its service became the first job line");
    assert_eq!(
        f.order.text(OrderField::Desc),
        a.symptoms.clone().unwrap_or_default(),
        "its symptoms became the customer's words"
    );
    to_order(&mut app);
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        app.type_text("service");
    }
    app.press("PageDown C-s");
    assert_eq!(flow(&app).step, Step::Done);
    let now = appointments::get(app.fx.store.conn(), a.id)
        .unwrap()
        .unwrap();
    assert_eq!(now.state, AppointmentState::CheckedIn);
}

#[test]
fn an_arrived_car_stays_on_the_arrivals_until_it_is_checked_in() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let arrived = today_rows(&app)
        .into_iter()
        .find(|a| a.state == AppointmentState::Arrived)
        .expect("the demo has an arrived car");
    assert!(
        app.model
            .screens
            .checkin
            .arrivals
            .iter()
            .any(|r| r.id == arrived.id),
        "offered on F1"
    );
    assert!(app.screen().contains(&arrived.customer_name));
    let i = app
        .model
        .screens
        .checkin
        .arrivals
        .iter()
        .position(|r| r.id == arrived.id)
        .unwrap();
    app.model.screens.checkin.arrival = i;
    app.press("Enter");
    to_order(&mut app);
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        app.type_text("A/C");
    }
    app.press("PageDown C-s");
    assert_eq!(flow(&app).step, Step::Done);
    app.press("Enter");
    assert!(
        !app.model
            .screens
            .checkin
            .arrivals
            .iter()
            .any(|r| r.id == arrived.id),
        "checked in: no longer expected"
    );
    let now = appointments::get(app.fx.store.conn(), arrived.id)
        .unwrap()
        .unwrap();
    assert_eq!(now.state, AppointmentState::CheckedIn);
}

#[test]
fn a_second_open_order_is_asked_about_and_the_answer_audited() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let open = repair_orders::list(app.fx.store.conn(), true)
        .unwrap()
        .into_iter()
        .next()
        .expect("an open order in the demo");
    let plate = frontdesk::fmt::plate_text(&open.plate);
    app.type_text(&open.plate);
    let hit = app
        .model
        .screens
        .checkin
        .lookup
        .hits
        .iter()
        .position(|h| h.vehicle_id == Some(open.vehicle_id))
        .expect("found");
    assert!(app.model.screens.checkin.lookup.hits[hit].open_repair_orders >= 1);
    app.model.screens.checkin.lookup.selected = hit;
    app.press("Enter");
    let s = app.draw(120, 40).0;
    assert!(
        s.contains(&format!("{plate} already has {}", open.number))
            && s.contains(&open.advisor_name)
            && s.contains("open another?"),
        "{s}"
    );
    assert!(app.model.screens.checkin.flow.is_none(), "not opened yet");
    app.press("n");
    assert!(app.model.screens.checkin.flow.is_none(), "declined");
    let log = audit::recent(app.fx.store.conn(), Some(("vehicles", open.vehicle_id)), 5).unwrap();
    assert!(
        log.iter().any(|e| e.action == "second_order_declined"),
        "{log:?}"
    );
    app.press("Enter y");
    assert!(app.model.screens.checkin.flow.is_some(), "opened after yes");
    let log = audit::recent(app.fx.store.conn(), Some(("vehicles", open.vehicle_id)), 5).unwrap();
    assert!(
        log.iter().any(|e| e.action == "second_order_confirmed"),
        "{log:?}"
    );
}

#[test]
fn the_promise_follows_the_labour_until_typed_and_the_read_back_warns_when_too_early() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    to_order(&mut app);
    let first = flow(&app).order.text(OrderField::Promise).to_string();
    assert!(!first.is_empty(), "proposed on entering the order");
    assert!(app.screen().contains("proposed from"), "{}", app.screen());
    // Four more hours of labour: the proposal moves later.
    flow_mut(&mut app).order.focus_on(OrderField::LDesc);
    app.type_text("Brake service");
    app.press("Tab");
    app.type_text("4");
    app.press("C-n");
    assert_eq!(flow(&app).lines.len(), 2);
    let later = flow(&app).order.text(OrderField::Promise).to_string();
    assert!(later > first, "{first} → {later}");
    // Removing it brings the proposal back.
    app.press("C-r");
    assert_eq!(flow(&app).order.text(OrderField::Promise), first);
    // Typed by hand, it stays, however the labour changes.
    flow_mut(&mut app).order.focus_on(OrderField::Promise);
    app.type_text("09:30");
    assert!(flow(&app).promise_typed);
    flow_mut(&mut app).order.focus_on(OrderField::LDesc);
    app.type_text("Wheel alignment");
    app.press("C-n");
    assert_eq!(flow(&app).order.text(OrderField::Promise), "09:30");
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        flow_mut(&mut app).order.focus_on(OrderField::Desc);
        app.type_text("noise");
    }
    app.press("PageDown");
    assert_eq!(flow(&app).step, Step::Review);
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("The promised time is earlier than the labour allows"),
        "{s}"
    );
}

#[test]
fn a_part_line_never_takes_the_labour_rate() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    to_order(&mut app);
    assert_eq!(flow(&app).order.text(OrderField::LPrice), "300.00");
    flow_mut(&mut app).order.focus_on(OrderField::LKind);
    app.press("Down");
    assert_eq!(
        LineKind::ALL[flow(&app).order.choice(OrderField::LKind)],
        LineKind::Part
    );
    assert_eq!(
        flow(&app).order.text(OrderField::LPrice),
        "",
        "a part has no labour rate"
    );
    app.press("Tab");
    app.type_text("Oil filter");
    flow_mut(&mut app).order.focus_on(OrderField::LPrice);
    app.type_text("45.50");
    app.press("C-n");
    let part = flow(&app).lines.last().unwrap().clone();
    assert_eq!((part.kind, part.unit_price_cents), (LineKind::Part, 4_550));
    assert_eq!(
        flow(&app).order.text(OrderField::LPrice),
        "",
        "the next part starts without a price"
    );
    // Back to labour: the rate again.
    flow_mut(&mut app).order.focus_on(OrderField::LKind);
    app.press("Up");
    assert_eq!(flow(&app).order.text(OrderField::LPrice), "300.00");
}

/// A demo vehicle delivered within the comeback window.
fn comeback_plate(app: &App) -> String {
    repair_orders::list(app.fx.store.conn(), false)
        .unwrap()
        .into_iter()
        .find(|r| {
            r.delivered_at
                .is_some_and(|d| (app.model.shell.now - d).num_days() < 20)
                && !r.is_comeback
                && repair_orders::list(app.fx.store.conn(), true)
                    .unwrap()
                    .iter()
                    .all(|o| o.vehicle_id != r.vehicle_id)
        })
        .expect("a recent delivery in the demo")
        .plate
}

#[test]
fn a_same_concern_comeback_asks_who_pays_and_is_not_charged_by_default() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let plate = comeback_plate(&app);
    app.type_text(&plate);
    app.press("Enter");
    app.press("y");
    assert_eq!(flow(&app).comeback_confirmed, Some(true));
    let s = app.screen();
    assert!(s.contains("Charge the customer? y yes / n no"), "{s}");
    // Not answered: the default, not charged.
    to_order(&mut app);
    assert_eq!(flow(&app).comeback_charged, Some(false));
    flow_mut(&mut app).order.focus_on(OrderField::LDesc);
    app.type_text("Redo the A/C repair");
    app.press("C-n");
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        flow_mut(&mut app).order.focus_on(OrderField::Desc);
        app.type_text("A/C not cooling again");
    }
    app.press("PageDown");
    assert_eq!(flow(&app).step, Step::Review);
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("not charged to the customer (internal / goodwill)")
            && s.contains("Estimate to pay: 0.00")
            && s.contains("Borne by the shop"),
        "{s}"
    );
    app.press("C-s");
    let number = flow(&app).number.clone().expect("confirmed");
    let ro = repair_orders::by_number(app.fx.store.conn(), &number)
        .unwrap()
        .unwrap();
    assert_eq!(ro.comeback_charged, Some(false));
    assert_eq!((ro.estimate_cents, ro.total_cents), (0, 0));
    assert!(ro.is_comeback);
    let html = frontdesk::print::repair_order_html(
        &mut app.fx.store,
        &number,
        &frontdesk::i18n::I18n::new(Lang::En),
        app.model.shell.zone,
    )
    .unwrap();
    assert!(html.contains("not charged to the customer (internal / goodwill)"));
    // Answered y: charged.
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.type_text(&plate);
    app.press("Enter y y");
    assert_eq!(flow(&app).comeback_charged, Some(true));
    assert!(flow(&app).charged());
}

#[test]
fn the_read_back_shows_everything_the_customer_confirms() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_walkaround();
    let last = flow(&app).who.last_odometer_km.unwrap_or(0);
    app.type_text(&(last + 5).to_string());
    app.press("Tab Space");
    flow_mut(&mut app).walk.focus_on(WalkField::Lights);
    app.type_text("ABS");
    flow_mut(&mut app).walk.focus_on(WalkField::OldParts);
    app.press("Space");
    flow_mut(&mut app).walk.focus_on(WalkField::Note);
    app.type_text("child seat left in the car");
    flow_mut(&mut app).walk.focus_on(WalkField::DNote);
    app.type_text("long scratch");
    app.press("C-n PageDown");
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        app.type_text("service");
    }
    flow_mut(&mut app).order.focus_on(OrderField::Contact);
    app.type_text("after 14:00");
    app.press("PageDown");
    assert_eq!(flow(&app).step, Step::Review);
    let s = app.draw(120, 40).0;
    for want in [
        "Contact during: after 14:00",
        "On-board tools: ",
        "Lighter: ",
        "Warning lights: ABS",
        "Valuables out: Yes",
        "Old parts back: Yes",
        "Wash: Yes",
        "Note: child seat left in the car",
        "long scratch",
    ] {
        assert!(s.contains(want), "the read-back lacks {want:?}:\n{s}");
    }
}

#[test]
fn a_job_copied_from_the_appointment_reads_in_the_printouts_language() {
    // Checked in at an English counter…
    let mut app = App::demo(Lang::En, RunMode::Console);
    let arrival = app.model.screens.checkin.arrivals[1].clone();
    app.model.screens.checkin.arrival = 1;
    app.press("Enter");
    assert_eq!(flow(&app).booked.as_ref().map(|b| b.id), Some(arrival.id));
    to_order(&mut app);
    if flow(&app).order.text(OrderField::Desc).is_empty() {
        app.type_text("service");
    }
    app.press("PageDown C-s");
    let number = flow(&app).number.clone().expect("confirmed");
    // …printed at a Chinese one: the job reads in Chinese.
    let zh = frontdesk::i18n::I18n::new(Lang::ZhCn);
    let html =
        frontdesk::print::repair_order_html(&mut app.fx.store, &number, &zh, app.model.shell.zone)
            .unwrap();
    let label = zh.t(arrival.service.label_key());
    let en_label = frontdesk::i18n::I18n::new(Lang::En)
        .t(arrival.service.label_key())
        .to_string();
    assert!(html.contains(label), "{label} in the print");
    assert!(
        !html.contains(&format!(">{en_label}<")),
        "no {en_label} on a Chinese print"
    );
}

#[test]
fn the_field_being_typed_is_in_the_draft_after_a_pause() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Enter");
    app.go_to_walkaround();
    // Typing, not leaving the field; then the advisor pauses (the terminal tells the
    // console after 400 ms without a key).
    app.type_text("31415");
    app.send(Msg::Idle);
    let app = app.reopen("A01");
    let mut app = app;
    assert!(app.model.screens.checkin.draft_offer.is_some());
    app.press("Enter");
    assert_eq!(flow(&app).walk.text(WalkField::Odo), "31415");
}

#[test]
fn a_walk_in_with_an_odd_plate_is_asked_about_and_the_plate_stays_flagged() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.type_text("WJ12345");
    app.press("Enter");
    let nc = flow(&app).new_customer.as_ref().expect("a walk-in form");
    assert_eq!(
        nc.text(frontdesk::app::screens::checkin::CustomerField::Name),
        "WJ12345",
        "not a plate, so taken as the name"
    );
    flow_mut(&mut app).new_customer.as_mut().unwrap().set_text(
        frontdesk::app::screens::checkin::CustomerField::Name,
        "赵敏",
    );
    flow_mut(&mut app)
        .new_customer
        .as_mut()
        .unwrap()
        .focus_on(frontdesk::app::screens::checkin::CustomerField::Plate);
    app.type_text("WJ12345");
    app.press("Tab");
    app.type_text("长城 炮");
    app.press("PageDown");
    let s = app.screen();
    assert!(s.contains("WJ12345 不是标准车牌"), "{s}");
    app.press("n");
    assert_eq!(flow(&app).step, Step::Customer, "back to correct it");
    assert_eq!(
        flow(&app).new_customer.as_ref().unwrap().focused(),
        Some(frontdesk::app::screens::checkin::CustomerField::Plate),
        "on the plate"
    );
    app.press("PageDown y");
    assert_eq!(flow(&app).step, Step::Walkaround, "kept");
    let last = 0;
    app.type_text(&(last + 100).to_string());
    app.press("Tab Space PageDown");
    app.type_text("异响");
    flow_mut(&mut app).order.focus_on(OrderField::LDesc);
    app.type_text("检查");
    app.press("C-n PageDown C-s");
    let number = flow(&app).number.clone().expect("confirmed");
    let ro = repair_orders::by_number(app.fx.store.conn(), &number)
        .unwrap()
        .unwrap();
    let v = frontdesk::store::customers::vehicle(app.fx.store.conn(), ro.vehicle_id)
        .unwrap()
        .unwrap();
    assert!(v.plate_flagged, "kept, and flagged");
    assert_eq!(v.make.as_deref(), Some("长城"));
}

#[test]
fn f2_prints_any_open_order_again_and_keeps_the_earlier_copies() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2");
    let number = app
        .model
        .screens
        .work_orders
        .board
        .current()
        .unwrap()
        .row
        .number
        .clone();
    app.press("C-p");
    let first = app.i18n.note(app.model.shell.note.as_ref().unwrap());
    assert!(
        first.contains(&format!("{number}.html"))
            && first.contains("ready to print from the browser"),
        "{first}"
    );
    app.press("C-p");
    let second = app.i18n.note(app.model.shell.note.as_ref().unwrap());
    assert!(second.contains(&format!("{number}-2.html")), "{second}");
    let files: Vec<_> = std::fs::read_dir(&app.fx.exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(number.as_str()))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
}

#[test]
fn a_discarded_check_in_leaves_an_empty_search_for_the_next_customer() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.type_text("Zhang Xiaoming");
    app.press("Enter");
    assert!(app.model.screens.checkin.flow.is_some());
    app.type_text("x");
    app.press("Esc y");
    assert!(app.model.screens.checkin.flow.is_none());
    assert_eq!(app.model.screens.checkin.lookup.query.value(), "");
}
