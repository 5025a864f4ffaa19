//! Work the customer declined is offered again at the vehicle's next check-in: the
//! customer step lists it, Ctrl-N takes a line up into the new order (kept in the draft
//! too), confirming marks it taken up in the same transaction, and it is not offered at
//! the visit after.

mod settle_support;
mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::checkin::Step;
use frontdesk::domain::kinds::{LineApproval, LineKind};
use frontdesk::i18n::Lang;
use frontdesk::store::repair_orders;
use frontdesk::store::workshop;
use settle_support::{Spec, act, check_in_vehicle, deliver, finish_to_ready, idle_vehicle};
use support::app::App;

const LINES: &[Spec] = &[
    (LineKind::Labour, "更换机油机滤", 100, 30_000, false),
    (LineKind::Part, "机油滤清器", 100, 6_800, false),
];
const DECLINED_1: Spec = (LineKind::Labour, "四轮定位", 100, 38_000, false);
const DECLINED_2: Spec = (LineKind::Part, "雨刮片（一对）", 100, 16_800, false);

/// A demo console whose first idle car was delivered today with two lines declined.
/// Returns the app, the car's plate and the two declined lines' ids.
fn shop_with_declined_work(lang: Lang) -> (App, String, i64, i64) {
    let mut app = App::demo(lang, RunMode::Console);
    let store = &mut app.fx.store;
    let v = idle_vehicle(store, 0);
    let (id, _) = check_in_vehicle(store, &v, LINES, &[]);
    let (_, first) = settle_support::to_repair(store, id, None, Some(&DECLINED_1));
    let second = act(store, "T01", 32, id, |tx, ver| {
        workshop::propose(tx, id, ver, &settle_support::new_line(&DECLINED_2))
    });
    act(store, "A01", 42, id, |tx, ver| {
        workshop::answer(
            tx,
            id,
            ver,
            second,
            &frontdesk::domain::workshop::jobs::Consent::Declined,
        )
    });
    finish_to_ready(store, id);
    deliver(store, id, 0, "");
    (app, v.plate, first.unwrap(), second)
}

/// Finds the car by its plate and starts its check-in.
fn start(app: &mut App, plate: &str) {
    app.type_text(plate);
    app.press("Enter");
    assert_eq!(app.flow().step, Step::Customer);
}

#[test]
fn declined_work_is_shown_taken_up_and_not_offered_again() {
    let (mut app, plate, first, second) = shop_with_declined_work(Lang::En);
    let vehicle = app.flow_vehicle_for(&plate);
    start(&mut app, &plate);
    let offered: Vec<i64> = app.flow().declined.iter().map(|d| d.line_id).collect();
    assert_eq!(
        offered,
        [first, second],
        "both declined lines, oldest first"
    );
    let screen = app.draw(120, 40).0;
    let offer = offer_block(&screen);
    assert!(offer.contains("Declined last time (2)"), "{screen}");
    assert!(
        offer.contains(DECLINED_1.1) && offer.contains(DECLINED_2.1),
        "{screen}"
    );

    // Down to the second, Ctrl-N: it joins the order's lines, once.
    let lines_before = app.flow().lines.len();
    app.press("Down C-n C-n");
    assert_eq!(app.flow().taken_up, [second]);
    assert_eq!(app.flow().lines.len(), lines_before + 1);
    assert_eq!(app.flow().lines.last().unwrap().description, DECLINED_2.1);
    let row = offer_block(&app.draw(120, 40).0)
        .lines()
        .find(|l| l.contains(DECLINED_2.1))
        .unwrap()
        .to_string();
    assert!(
        row.trim_start().starts_with('+'),
        "marked as taken up: {row}"
    );
    // Ctrl-R leaves it again; Ctrl-N takes it back.
    app.press("C-r");
    assert!(app.flow().taken_up.is_empty());
    assert_eq!(app.flow().lines.len(), lines_before);
    app.press("C-n");
    assert_eq!(app.flow().taken_up, [second]);

    // The draft keeps it: the program dies and comes back.
    let mut app = app.reopen("A01");
    app.press("Enter");
    assert_eq!(app.flow().taken_up, [second], "restored from the draft");
    assert_eq!(app.flow().step, Step::Customer);

    app.go_to_review(1_500);
    assert_eq!(app.flow().step, Step::Review);
    let review = app.draw(120, 40).0;
    assert!(
        review.contains("Declined earlier, taken up again: 1 line(s)"),
        "{review}"
    );
    app.press("C-s");
    assert_eq!(app.flow().step, Step::Done, "{:?}", app.model.shell.note);
    let number = app.flow().number.clone().unwrap();
    let ro = repair_orders::by_number(app.store().conn(), &number)
        .unwrap()
        .unwrap();
    // The new order has the taken-up line once, signed with it, in its total.
    let lines = repair_orders::lines(app.store().conn(), ro.id).unwrap();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.description == DECLINED_2.1)
            .count(),
        1,
        "{lines:?}"
    );
    let detail = workshop::detail(app.store().conn(), ro.id)
        .unwrap()
        .unwrap();
    let copy = detail
        .lines
        .iter()
        .find(|l| l.description == DECLINED_2.1)
        .unwrap();
    assert_eq!(copy.approval, LineApproval::Signed);
    // The new order's only job is the taken-up line (no appointment brought one).
    assert_eq!(lines.len(), 1, "{lines:?}");
    let expected = repair_orders::line_amount_cents(DECLINED_2.2, DECLINED_2.3);
    assert_eq!(ro.total_cents, expected);
    assert_eq!(ro.estimate_cents, expected, "the estimate counts it too");
    // Only the other line is still on the vehicle's list.
    let left: Vec<i64> = app
        .fx
        .store
        .declined_of_vehicle(vehicle)
        .unwrap()
        .iter()
        .map(|d| d.line_id)
        .collect();
    assert_eq!(left, [first]);

    // The next visit (this order cancelled): only the line not taken up is offered.
    let id = ro.id;
    act(&mut app.fx.store, "A01", 300, id, |tx, v| {
        workshop::cancel(tx, id, v, "客户改期")
    });
    app.press("Enter");
    assert!(app.model.screens.checkin.flow.is_none());
    start(&mut app, &plate);
    let offered: Vec<i64> = app.flow().declined.iter().map(|d| d.line_id).collect();
    assert_eq!(offered, [first]);
    let screen = app.draw(120, 40).0;
    let offer = offer_block(&screen);
    assert!(offer.contains("Declined last time (1)"), "{screen}");
    assert!(offer.contains(DECLINED_1.1), "{screen}");
    assert!(!offer.contains(DECLINED_2.1), "{screen}");
}

/// The offer of declined work on a drawn screen: its title line and the rows below it, up
/// to the blank line before the history.
fn offer_block(screen: &str) -> String {
    screen
        .lines()
        .skip_while(|l| !l.contains("Declined last time") && !l.contains("上次未做项目"))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_taken_up_line_removed_from_the_order_is_left_on_the_vehicle() {
    let (mut app, plate, first, second) = shop_with_declined_work(Lang::ZhCn);
    let vehicle = app.flow_vehicle_for(&plate);
    start(&mut app, &plate);
    app.press("C-n Down C-n");
    assert_eq!(app.flow().taken_up, [first, second]);
    app.go_to_order(1_500);
    assert_eq!(app.flow().step, Step::Order);
    // Ctrl-R on the order removes the last job line: the second taken-up one.
    app.press("C-r");
    assert_eq!(app.flow().taken_up, [first]);
    app.type_text("保养");
    app.press("PageDown");
    assert_eq!(app.flow().step, Step::Review);
    app.press("C-s");
    assert_eq!(app.flow().step, Step::Done, "{:?}", app.model.shell.note);
    let number = app.flow().number.clone().unwrap();
    let ro = repair_orders::by_number(app.store().conn(), &number)
        .unwrap()
        .unwrap();
    let lines: Vec<String> = repair_orders::lines(app.store().conn(), ro.id)
        .unwrap()
        .into_iter()
        .map(|l| l.description)
        .collect();
    assert_eq!(lines, [DECLINED_1.1], "only the line kept on the order");
    let offered: Vec<i64> = app
        .fx
        .store
        .declined_of_vehicle(vehicle)
        .unwrap()
        .iter()
        .map(|d| d.line_id)
        .collect();
    assert_eq!(offered, [second], "the removed one is still offered");
}

#[test]
fn snapshots_of_the_offer() {
    for lang in Lang::ALL {
        let (mut app, plate, _, _) = shop_with_declined_work(lang);
        start(&mut app, &plate);
        app.press("Down C-n");
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("checkin_declined_{}_{w}x{h}", lang.code());
            insta::assert_snapshot!(name, app.draw(w, h).0);
        }
    }
}

trait VehicleOf {
    fn flow_vehicle_for(&self, plate: &str) -> i64;
}

impl VehicleOf for App {
    /// The id of the car with `plate`.
    fn flow_vehicle_for(&self, plate: &str) -> i64 {
        frontdesk::store::customers::all_vehicles(self.store().conn())
            .unwrap()
            .into_iter()
            .find(|v| v.plate == plate)
            .unwrap()
            .id
    }
}
