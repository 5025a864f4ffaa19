//! The work orders (F2) driven by keys on the demo shop with the clock frozen: the board,
//! the technician view, the detail and every dialog, with the real store actions behind
//! them. Snapshots in both languages at 80×24 and 120×40; behaviour: the filter finds
//! orders by their state and what they wait for in either language, the board's order,
//! a conflict keeps the input, validation next to the field, live reloads, and one order
//! taken from dispatch to the follow-up call.

mod support;

use chrono::{DateTime, Duration, Utc};

use frontdesk::app::screens::work_orders::{Board, Kind, View, W};
use frontdesk::app::{Msg, RunMode};
use frontdesk::domain::kinds::{
    FollowUpState, JobState, LineApproval, LineKind, QcLevel, RepairOrderState as S,
};
use frontdesk::i18n::Lang;
use frontdesk::store::staff;
use frontdesk::store::workshop::{self, BoardRow, JobRow};
use support::app::{App, now};

fn console(lang: Lang) -> App {
    let mut app = App::demo(lang, RunMode::Console);
    app.press("F2");
    app
}

fn wo(app: &App) -> &frontdesk::app::screens::work_orders::WorkOrders {
    &app.model.screens.work_orders
}

fn wo_mut(app: &mut App) -> &mut frontdesk::app::screens::work_orders::WorkOrders {
    &mut app.model.screens.work_orders
}

/// The first open order in `state` (a comeback or not, as asked).
fn number_in(app: &App, state: S, comeback: bool) -> String {
    wo(app)
        .board
        .entries
        .iter()
        .find(|e| e.row.state == state && e.row.comeback == comeback)
        .unwrap_or_else(|| panic!("the demo has an open order {state:?}"))
        .row
        .number
        .to_string()
}

/// Selects order `number` on the board.
fn select(app: &mut App, number: &str) {
    let b = &wo(app).board;
    let pos = b
        .shown
        .iter()
        .position(|&i| b.entries[i].row.number == number)
        .unwrap_or_else(|| panic!("{number} on the board"));
    wo_mut(app).board.selected = pos;
}

/// Opens order `number`'s detail from the board.
fn open(app: &mut App, number: &str) {
    select(app, number);
    app.press("Enter");
    assert_eq!(wo(app).view, View::Detail);
    assert!(
        wo(app).detail.as_ref().unwrap().data.is_some(),
        "{number} loaded"
    );
}

/// Picks the first job line of the detail that `f` accepts.
fn pick_line(app: &mut App, f: impl Fn(&workshop::DetailLine) -> bool) {
    let d = wo_mut(app).detail.as_mut().unwrap();
    d.line = d.lines().iter().position(f).expect("such a line");
}

fn at(minutes: i64) -> DateTime<Utc> {
    now() + Duration::minutes(minutes)
}

/// The clock moves on (the shell's minute tick).
fn tick(app: &mut App, to: DateTime<Utc>) {
    app.send(Msg::Tick(to));
}

fn note(app: &App) -> String {
    app.model
        .shell
        .note
        .as_ref()
        .map(|n| app.i18n.note(n))
        .unwrap_or_default()
}

fn field_error(app: &App, f: W) -> Option<String> {
    let d = wo(app).dialog.as_ref()?;
    d.form.error(f).map(|n| app.i18n.note(n))
}

/// The demo shop with some work going on: a dispatched order's first job started at
/// 09:00, now 09:35.
fn busy(lang: Lang) -> (App, String) {
    let mut app = console(lang);
    let n = number_in(&app, S::Dispatched, false);
    open(&mut app, &n);
    pick_line(&mut app, |l| l.kind == LineKind::Labour);
    app.press("s");
    assert!(note(&app).contains(&n), "{}", note(&app));
    app.press("Esc");
    tick(&mut app, at(35));
    (app, n)
}

fn snap(name: &str, setup: impl Fn(&mut App)) {
    for lang in Lang::ALL {
        let mut app = console(lang);
        setup(&mut app);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), app.draw(w, h).0);
        }
    }
}

fn snap_busy(name: &str, setup: impl Fn(&mut App, &str)) {
    for lang in Lang::ALL {
        let (mut app, n) = busy(lang);
        setup(&mut app, &n);
        for (w, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), app.draw(w, h).0);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

#[test]
fn snapshot_board() {
    snap_busy("wo_board", |_, _| {});
}

#[test]
fn snapshot_technicians() {
    snap_busy("wo_technicians", |app, _| app.press("v"));
}

#[test]
fn snapshot_detail() {
    snap_busy("wo_detail", open);
}

#[test]
fn snapshot_detail_scrolled_to_the_timeline() {
    snap_busy("wo_detail_scrolled", |app, n| {
        open(app, n);
        app.press("PageDown");
    });
}

#[test]
fn snapshot_dispatch() {
    snap("wo_dlg_dispatch", |app| {
        let n = number_in(app, S::Written, false);
        select(app, &n);
        app.press("d Tab");
        app.type_text("B3");
    });
}

#[test]
fn snapshot_pause() {
    snap_busy("wo_dlg_pause", |app, n| {
        open(app, n);
        pick_line(app, |l| l.job_state == JobState::Running);
        app.press("z Down");
    });
}

#[test]
fn snapshot_progress() {
    snap_busy("wo_dlg_progress", |app, n| {
        open(app, n);
        app.press("p");
    });
}

#[test]
fn snapshot_propose() {
    snap_busy("wo_dlg_propose", |app, n| {
        open(app, n);
        app.press("a");
        app.type_text("更换雨刮片 / Wiper blades");
    });
}

/// Proposes "Wiper blades" (a part, 1 × 120) on the open detail.
fn propose_wipers(app: &mut App) {
    app.press("a Up Down"); // up to the kind, labour → part
    app.press("Tab");
    app.type_text("更换雨刮片 / Wiper blades");
    app.press("Tab Tab");
    app.type_text("120");
    app.press("Enter");
}

#[test]
fn snapshot_answer_by_phone() {
    snap_busy("wo_dlg_answer", |app, n| {
        open(app, n);
        propose_wipers(app);
        app.press("y Down Tab");
        app.type_text("王先生");
    });
}

#[test]
fn snapshot_quality_check() {
    snap("wo_dlg_qc", |app| {
        let n = number_in(app, S::QualityCheck, false);
        open(app, &n);
        app.press("i");
    });
}

#[test]
fn snapshot_ready() {
    snap("wo_dlg_ready", |app| {
        let n = wash_order(app, true);
        select(app, &n);
        app.press("w");
    });
}

/// Marks the part lines of order `number` as warranty claims (the S mark).
fn claim_parts(app: &App, number: &str) {
    app.fx
        .store
        .conn()
        .execute(
            "UPDATE repair_order_lines SET claim = 1 WHERE kind = 'part' AND \
             repair_order_id = (SELECT id FROM repair_orders WHERE number = ?1)",
            [number],
        )
        .unwrap();
}

#[test]
fn snapshot_deliver() {
    // With a claim line, read back as not charged.
    snap("wo_dlg_deliver", |app| {
        let n = number_in(app, S::Ready, false);
        claim_parts(app, &n);
        select(app, &n);
        app.press("h");
        app.type_text("50");
    });
}

#[test]
fn snapshot_cancel() {
    snap("wo_dlg_cancel", |app| {
        let n = number_in(app, S::Written, false);
        open(app, &n);
        app.press("x");
        app.type_text("客户改期 / customer will come back next week");
    });
}

/// Delivers the first ready order through the dialog (paid, old parts back when asked)
/// and returns its number.
fn deliver_one(app: &mut App) -> String {
    let n = number_in(app, S::Ready, false);
    select(app, &n);
    app.press("h");
    let d = wo_mut(app).dialog.as_mut().expect("delivery dialog");
    d.form.set_choice(W::Paid, 1);
    d.form.set_choice(W::OldParts, 1);
    app.press("Enter");
    assert!(wo(app).dialog.is_none(), "{:?}", wo(app).dialog);
    n
}

/// The follow-up list three days after a delivery today.
fn calls_due(app: &mut App) -> String {
    let n = deliver_one(app);
    tick(app, at(3 * 24 * 60 + 60));
    app.press("c");
    assert_eq!(wo(app).view, View::Calls);
    n
}

/// [`calls_due`], with the delivered order's call selected: its number and its position
/// in the list.
fn select_call_due(app: &mut App) -> (String, usize) {
    let n = calls_due(app);
    let pos = wo(app)
        .calls
        .iter()
        .position(|c| c.number == n)
        .expect("due");
    wo_mut(app).call_selected = pos;
    (n, pos)
}

#[test]
fn snapshot_calls_and_the_call_dialog() {
    snap("wo_calls", |app| {
        calls_due(app);
    });
    snap("wo_dlg_call", |app| {
        calls_due(app);
        app.press("Enter Down Down Tab");
        app.type_text("刹车异响 / brakes squeak again");
    });
}

#[test]
fn snapshot_help_lists_the_detail_keys() {
    snap_busy("wo_help_detail", |app, n| {
        open(app, n);
        app.press("?");
    });
}

/// An order in the wash; `wanted`: the customer asked for the wash at check-in.
fn wash_order(app: &App, wanted: bool) -> String {
    wo(app)
        .board
        .entries
        .iter()
        .find(|e| e.row.state == S::Wash && e.row.wash_wanted == wanted)
        .expect("an order in the wash")
        .row
        .number
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Behaviour
// ---------------------------------------------------------------------------------------

fn shown_states(app: &App) -> Vec<(S, bool)> {
    let b = &wo(app).board;
    b.shown
        .iter()
        .map(|&i| {
            let e = &b.entries[i];
            (
                e.row.state,
                e.row.state == S::WaitingParts
                    || e.row
                        .jobs
                        .iter()
                        .any(|j| j.pause == Some(frontdesk::domain::kinds::PauseReason::Parts)),
            )
        })
        .collect()
}

#[test]
fn the_filter_finds_orders_waiting_for_parts_in_either_language() {
    for lang in Lang::ALL {
        for word in ["待料", "parts", "PARTS"] {
            let mut app = console(lang);
            let all = wo(&app).board.shown.len();
            app.press("/");
            app.type_text(word);
            let shown = shown_states(&app);
            assert!(!shown.is_empty(), "{word} finds something");
            assert!(shown.len() < all, "{word} narrows the board");
            assert!(
                shown.iter().all(|(_, parts)| *parts),
                "{lang:?} {word}: {shown:?}"
            );
            // Esc clears the filter and shows everything again.
            app.press("Esc");
            assert_eq!(wo(&app).board.shown.len(), all);
        }
        // "质检" / "quality" find the orders in the quality check.
        for word in ["质检", "quality"] {
            let mut app = console(lang);
            app.press("/");
            app.type_text(word);
            let shown = shown_states(&app);
            assert!(!shown.is_empty(), "{word}");
            assert!(
                shown.iter().all(|(s, _)| *s == S::QualityCheck),
                "{shown:?}"
            );
        }
    }
    // A job paused for parts in an order still in repair is found too.
    let (mut app, n) = busy(Lang::En);
    open(&mut app, &n);
    pick_line(&mut app, |l| l.job_state == JobState::Running);
    app.press("z");
    // Parts is the first reason; a second job keeps the order in repair or not, either way
    // it waits for parts.
    app.press("Enter Esc / text:parts");
    let b = &wo(&app).board;
    assert!(
        b.shown.iter().any(|&i| b.entries[i].row.number == n),
        "{n} waits for parts"
    );
}

#[test]
fn the_filter_matches_plate_name_technician_and_number_without_separators() {
    let mut app = console(Lang::ZhCn);
    let e = wo(&app)
        .board
        .entries
        .iter()
        .find(|e| e.row.technician_name.is_some())
        .unwrap()
        .row
        .clone();
    for q in [
        e.plate.chars().skip(1).collect::<String>().to_lowercase(),
        e.customer_name.to_string(),
        e.technician_name.as_deref().unwrap().to_string(),
        e.number.replace('-', ""),
    ] {
        app.press("/ C-u");
        app.type_text(&q);
        let b = &wo(&app).board;
        assert!(
            b.shown.iter().any(|&i| b.entries[i].row.id == e.id),
            "{q:?} finds {}",
            e.number
        );
        app.press("Enter");
    }
}

fn row(id: i64, promised: i64, comeback: bool, appointment: bool) -> BoardRow {
    BoardRow {
        id,
        number: format!("RO-20261123-{id:04}").into(),
        version: 1,
        plate: format!("粤B{id:05}").into(),
        customer_name: format!("客户{id}").into(),
        advisor_id: 1,
        advisor_name: "张伟".into(),
        technician_id: Some(5),
        technician_name: Some("刘强".into()),
        bay: Some("1".into()),
        state: S::InRepair,
        promised_at: at(promised),
        signed_at: at(-60),
        comeback,
        appointment,
        progress_pct: 0,
        told_customer: false,
        proposed_since: None,
        proposed: 0,
        qc_next: None,
        wash_wanted: true,
        total_cents: 0,
        jobs: vec![JobRow {
            line_id: id * 10,
            description: "保养".into(),
            state: JobState::Pending,
            pause: None,
            estimate_seconds: 3600,
            worked_seconds: 0,
            running_since: None,
        }]
        .into(),
    }
}

#[test]
fn the_board_puts_late_first_then_comebacks_then_appointments_then_the_soonest_promise() {
    let rows = vec![
        row(1, 300, false, false),
        row(2, 200, false, true),
        row(3, 400, true, false),
        row(4, -30, false, false), // late: red
        row(5, 5, false, false),   // due in 5 min: amber
        row(6, 100, false, false),
        row(7, 250, true, true),
    ];
    let mut b = Board::default();
    b.set_rows(rows.clone(), now(), 30, &[]);
    let order: Vec<i64> = b.shown.iter().map(|&i| b.entries[i].row.id).collect();
    assert_eq!(order, vec![4, 5, 7, 3, 2, 6, 1]);
    assert_eq!(b.counts, [1, 1, 0]);
    // A minute tick recomputes from the rows in memory: order 6 becomes due soon.
    b.retime(at(95));
    let order: Vec<i64> = b.shown.iter().map(|&i| b.entries[i].row.id).collect();
    assert_eq!(order[..3], [4, 5, 6], "late, then the two now due soon");
    // The selection follows its order through a reload.
    b.selected = b
        .shown
        .iter()
        .position(|&i| b.entries[i].row.id == 2)
        .unwrap();
    b.set_rows(rows, at(95), 30, &[]);
    assert_eq!(b.current().unwrap().row.id, 2);
}

proptest::proptest! {
    /// Rows in the store's order (soonest promise, then id) take the one-pass ordering;
    /// the same rows in any other order are sorted by the whole key: both give one board.
    #[test]
    fn the_board_order_is_the_same_however_the_rows_come(
        spec in proptest::collection::vec((-90i64..300, proptest::bool::ANY, proptest::bool::ANY, 0i64..3), 0..60),
        told in proptest::bool::ANY,
    ) {
        let rows: Vec<BoardRow> = spec
            .iter()
            .enumerate()
            .map(|(i, &(promised, comeback, appointment, kind))| {
                let mut r = row(i as i64 + 1, promised, comeback, appointment);
                // Some past 80 % (a task), some waiting for approval too long.
                if kind == 1 {
                    r.progress_pct = 85;
                    r.told_customer = told;
                }
                if kind == 2 {
                    r.proposed = 1;
                    r.proposed_since = Some(at(-45));
                }
                r
            })
            .collect();
        let mut read = rows.clone();
        read.sort_by_key(|r| (r.promised_at, r.id));
        let ids = |b: &Board| -> Vec<i64> { b.order.iter().map(|&i| b.entries[i].row.id).collect() };
        let mut a = Board::default();
        a.set_rows(read.clone(), now(), 30, &[]);
        let mut b = Board::default();
        b.set_rows(read.into_iter().rev().collect(), now(), 30, &[]);
        proptest::prop_assert_eq!(ids(&a), ids(&b));
    }
}

#[test]
fn filtering_two_thousand_rows_costs_one_pass_per_change_and_moving_costs_nothing() {
    let rows: Vec<BoardRow> = (1..=2000)
        .map(|i| row(i, 60 + i, i % 17 == 0, i % 5 == 0))
        .collect();
    let mut b = Board::default();
    b.set_rows(rows, now(), 30, &[]);
    assert_eq!(b.shown.len(), 2000);
    use frontdesk::app::action::Action;
    use frontdesk::app::keymap::Resolved;
    b.handle(Resolved::Action(Action::Search));
    for c in "客户19".chars() {
        b.handle(Resolved::Text(c));
    }
    // 客户19, 客户190…199, 客户1900…1999
    assert_eq!(b.shown.len(), 1 + 10 + 100);
    b.handle(Resolved::Action(Action::Confirm));
    let shown = b.shown.clone();
    for _ in 0..50 {
        b.handle(Resolved::Action(Action::Down));
    }
    assert_eq!(b.selected, 50);
    assert_eq!(b.shown, shown, "moving does not filter again");
}

#[test]
fn a_conflict_keeps_the_input_names_who_and_enter_applies_it_again() {
    let mut app = console(Lang::En);
    let n = number_in(&app, S::Written, false);
    select(&mut app, &n);
    app.press("d Tab");
    app.type_text("B7");
    let (id, version) = {
        let d = wo(&app).dialog.as_ref().unwrap();
        (d.target.id, d.target.version)
    };
    // Another counter (周强, S01) dispatches the order meanwhile.
    let s01 = staff::by_code(app.fx.store.conn(), "S01").unwrap().unwrap();
    let t02 = staff::by_code(app.fx.store.conn(), "T02").unwrap().unwrap();
    app.fx
        .store
        .write(Some(s01.id), at(1), |tx| {
            workshop::dispatch(tx, id, version, Some(t02.id), "B1")
        })
        .unwrap();
    app.press("Enter");
    let d = wo(&app).dialog.as_ref().expect("the dialog stays open");
    assert_eq!(d.form.text(W::Bay), "B7", "the input is kept");
    assert!(d.target.version > version, "the reloaded version is taken");
    let text = app.i18n.note(d.note.as_ref().unwrap());
    assert!(
        text.contains("周强") && text.contains("09:01") && text.contains("Enter applies"),
        "{text}"
    );
    assert!(app.screen().contains("周强"), "{}", app.screen());
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "applied the second time");
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.order.state, S::Dispatched);
    assert_eq!(
        d.order.bay.as_deref(),
        Some("B7"),
        "our input, applied again"
    );
}

/// The screen rows of a field: its label's row and the one below (where a message too
/// long to stand beside the value wraps).
fn row_of(screen: &str, label: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains(label))
        .unwrap_or_else(|| panic!("{label:?} on screen:\n{screen}"));
    format!("{}\n{}", lines[i], lines.get(i + 1).unwrap_or(&""))
}

#[test]
fn validation_messages_stand_next_to_their_fields_in_the_users_language() {
    for (lang, spot, odo, washed) in [
        (
            Lang::En,
            ("Parking spot", "Enter the parking spot"),
            ("Odometer out", "cannot be below the odometer in"),
            ("Washed", "asked for a wash"),
        ),
        (
            Lang::ZhCn,
            ("停车位", "停车位"),
            ("出厂公里数", "进厂"),
            ("洗车", "洗车"),
        ),
    ] {
        let mut app = console(lang);
        let n = wash_order(&app, true);
        select(&mut app, &n);
        app.press("w");
        // Not washed yet, no spot, an odometer below the one at check-in.
        let d = wo_mut(&mut app).dialog.as_mut().unwrap();
        d.form.set_text(W::Odometer, "10");
        app.press("Enter");
        assert!(field_error(&app, W::Washed).is_some(), "{lang:?}");
        let s = app.draw(120, 40).0;
        assert!(row_of(&s, washed.0).contains(washed.1), "{s}");
        // Washed now: the spot is next.
        app.press("Space Enter");
        let s = app.draw(120, 40).0;
        assert!(row_of(&s, spot.0).contains(spot.1), "{s}");
        app.type_text("A-12");
        app.press("Enter");
        let s = app.draw(120, 40).0;
        assert!(
            field_error(&app, W::Odometer).is_some() && row_of(&s, odo.0).contains(odo.1),
            "{s}"
        );
        assert_eq!(
            app.fx
                .store
                .work_detail(wo(&app).dialog.as_ref().unwrap().target.id)
                .unwrap()
                .unwrap()
                .0
                .order
                .state,
            S::Wash,
            "nothing saved"
        );
    }
}

#[test]
fn a_wash_declined_at_check_in_is_shown_so_and_needs_no_tick() {
    let mut app = console(Lang::En);
    let n = wash_order(&app, false);
    select(&mut app, &n);
    app.press("w");
    assert!(
        app.screen().contains("Wash declined at check-in"),
        "{}",
        app.screen()
    );
    let d = wo(&app).dialog.as_ref().unwrap();
    let km = match d.kind {
        Kind::Ready { odometer_in, .. } => odometer_in,
        _ => panic!("ready dialog"),
    };
    assert_eq!(
        d.form.text(W::Odometer),
        km.to_string(),
        "prefilled with the odometer in"
    );
    app.type_text("P-07");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    assert!(note(&app).contains("ready for delivery"), "{}", note(&app));
}

#[test]
fn another_counters_commit_reloads_and_the_minute_tick_only_recomputes() {
    use frontdesk::domain::workshop::alerts::Alert;
    let (mut app, n) = busy(Lang::En);
    let at_reception = |app: &App| -> Vec<(i64, i64)> {
        wo(app)
            .board
            .entries
            .iter()
            .flat_map(|e| {
                e.alerts.iter().filter_map(move |a| match a {
                    Alert::AtReception { minutes } => Some((e.row.id, *minutes)),
                    _ => None,
                })
            })
            .collect()
    };
    let before = at_reception(&app);
    assert!(!before.is_empty(), "the demo has cars still at reception");
    // The minute tick: the alert clocks move from the rows in memory, nothing is read.
    let effects = app.model.update(Msg::Tick(at(36)));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, frontdesk::app::Effect::WorkOrders(_))),
        "{effects:?}"
    );
    let after = at_reception(&app);
    assert!(
        before
            .iter()
            .zip(&after)
            .all(|(b, a)| a.0 == b.0 && a.1 == b.1 + 1),
        "{before:?} -> {after:?}"
    );
    // Another counter dispatches a car at reception; the shell says the data changed.
    let id = before[0].0;
    let v = app
        .fx
        .store
        .work_detail(id)
        .unwrap()
        .unwrap()
        .0
        .order
        .version;
    let s01 = staff::by_code(app.fx.store.conn(), "S01").unwrap().unwrap();
    let t05 = staff::by_code(app.fx.store.conn(), "T05").unwrap().unwrap();
    app.fx
        .store
        .write(Some(s01.id), at(36), |tx| {
            workshop::dispatch(tx, id, v, Some(t05.id), "B9")
        })
        .unwrap();
    assert_eq!(wo(&app).board.by_id(id).unwrap().row.state, S::Written);
    app.send(Msg::DataChanged);
    let e = wo(&app).board.by_id(id).unwrap();
    assert_eq!(e.row.state, S::Dispatched, "reloaded");
    assert!(!at_reception(&app).iter().any(|(x, _)| *x == id));
    // The running job is past 80 %: the 80/20 task shows, with its text mark, until
    // "told" is pressed.
    let busy_id = wo(&app)
        .board
        .entries
        .iter()
        .find(|e| e.row.number == n)
        .unwrap()
        .row
        .id;
    let e = wo(&app).board.by_id(busy_id).unwrap();
    assert!(e.progress >= 80, "{}", e.progress);
    assert!(e.alerts.contains(&Alert::TellCustomer), "{:?}", e.alerts);
    let s = app.draw(120, 40).0;
    let row = s.lines().find(|l| l.contains(&n)).unwrap();
    assert!(row.starts_with('*') && row.contains("tell the"), "{row}");
    select(&mut app, &n);
    app.press("o");
    assert!(
        note(&app).contains("the customer was told"),
        "{}",
        note(&app)
    );
    assert!(
        !wo(&app)
            .board
            .by_id(busy_id)
            .unwrap()
            .alerts
            .contains(&Alert::TellCustomer)
    );
}

#[test]
fn the_technician_view_answers_when_will_it_be_done() {
    let (mut app, n) = busy(Lang::En);
    app.press("v");
    assert_eq!(wo(&app).view, View::Technicians);
    let b = &wo(&app).board;
    let e = b.entries.iter().position(|e| e.row.number == n).unwrap();
    let tech = b
        .techs
        .iter()
        .find(|t| t.current == Some(e))
        .expect("the running job is its technician's current one");
    // 35 minutes worked on the running job: free when what is left of every estimate in
    // hand is done.
    let job = b.entries[e].running().unwrap();
    let left: i64 = b
        .entries
        .iter()
        .filter(|x| x.row.technician_id == b.entries[e].row.technician_id)
        .flat_map(|x| x.row.jobs.iter())
        .filter(|j| j.state != JobState::Done)
        .map(|j| {
            let worked = if j.line_id == job.line_id {
                35 * 60
            } else {
                j.worked_seconds
            };
            (j.estimate_seconds - worked).max(0)
        })
        .sum();
    assert_eq!(tech.free_at, at(35) + Duration::seconds(left));
    let est = job.estimate_seconds;
    let s = app.draw(120, 40).0;
    let clock = format!("0:35/{}:{:02}", est / 3600, est % 3600 / 60);
    assert!(s.contains(&clock), "{clock} in {s}");
    // Enter opens the selected order; Esc goes back to the technician view.
    app.press("Enter");
    assert_eq!(wo(&app).view, View::Detail);
    app.press("Esc");
    assert_eq!(wo(&app).view, View::Technicians);
    app.press("v");
    assert_eq!(wo(&app).view, View::Board);
}

/// The technician an order is grouped under in the technician view, if it is there.
fn grouped_under(app: &App, id: i64) -> Option<Option<i64>> {
    let b = &wo(app).board;
    let e = b.entries.iter().position(|e| e.row.id == id)?;
    b.techs
        .iter()
        .find(|t| t.current == Some(e) || t.queue.contains(&e))
        .map(|t| t.id)
}

#[test]
fn the_technician_view_follows_another_counters_dispatch_shown_or_not() {
    let mut app = console(Lang::En);
    let n = number_in(&app, S::Written, false);
    let id = wo(&app)
        .board
        .entries
        .iter()
        .find(|e| e.row.number == n)
        .unwrap()
        .row
        .id;
    let s01 = staff::by_code(app.fx.store.conn(), "S01").unwrap().unwrap();
    let t05 = staff::by_code(app.fx.store.conn(), "T05").unwrap().unwrap();
    let version = |app: &mut App| {
        app.fx
            .store
            .work_detail(id)
            .unwrap()
            .unwrap()
            .0
            .order
            .version
    };
    app.press("v");
    assert_eq!(grouped_under(&app, id), Some(None), "undispatched, last");
    // Another counter dispatches it while the view shows: the reload regroups it.
    let v = version(&mut app);
    app.fx
        .store
        .write(Some(s01.id), at(1), |tx| {
            workshop::dispatch(tx, id, v, Some(t05.id), "B9")
        })
        .unwrap();
    app.send(Msg::DataChanged);
    assert_eq!(grouped_under(&app, id), Some(Some(t05.id)));
    // Reassigned while the board shows: the view is grouped afresh when it shows again.
    app.press("v");
    assert_eq!(wo(&app).view, View::Board);
    let t = staff::list(app.fx.store.conn(), true)
        .unwrap()
        .into_iter()
        .find(|s| s.role == frontdesk::domain::kinds::StaffRole::Technician && s.id != t05.id)
        .unwrap();
    let v = version(&mut app);
    app.fx
        .store
        .write(Some(s01.id), at(2), |tx| {
            workshop::dispatch(tx, id, v, Some(t.id), "B9")
        })
        .unwrap();
    app.send(Msg::DataChanged);
    app.press("v");
    assert_eq!(grouped_under(&app, id), Some(Some(t.id)));
}

#[test]
fn a_comeback_proposes_the_original_technician_at_dispatch() {
    let mut app = console(Lang::En);
    // A comeback of a delivered order, written but not dispatched: the original order's
    // technician is proposed.
    let Some(e) = wo(&app)
        .board
        .entries
        .iter()
        .find(|e| e.row.comeback)
        .map(|e| e.row.clone())
    else {
        panic!("the demo has comebacks");
    };
    select(&mut app, &e.number);
    app.press("d");
    let d = wo(&app).dialog.as_ref().unwrap();
    let Kind::Dispatch { techs } = &d.kind else {
        panic!("dispatch dialog");
    };
    let l = wo(&app).detail.as_ref().unwrap().data.as_deref().unwrap();
    let proposed = techs[d.form.choice(W::Technician)];
    assert_eq!(
        Some(proposed),
        l.detail
            .order
            .technician_id
            .or(l.detail.comeback_technician_id),
        "the order's or the original technician"
    );
    assert!(
        l.detail.comeback_technician_id.is_some(),
        "the original order had one"
    );
}

#[test]
fn refusals_of_the_rules_come_back_in_words() {
    let mut app = console(Lang::En);
    // Delivering an order still in repair.
    let n = number_in(&app, S::InRepair, true);
    select(&mut app, &n);
    app.press("h");
    assert!(wo(&app).dialog.is_none());
    assert!(note(&app).contains("cannot be delivered"), "{}", note(&app));
    // To the quality check with a job not done.
    app.press("u");
    assert!(note(&app).contains("still open"), "{}", note(&app));
    // No settlement statement before the car is ready.
    app.press("Enter b");
    assert!(note(&app).contains("ready or delivered"), "{}", note(&app));
    app.press("Esc");
    // q on a list quits; in a dialog it is a letter.
    app.press("Enter x");
    app.type_text("q");
    assert!(!app.model.shell.quit);
    assert_eq!(wo(&app).dialog.as_ref().unwrap().form.text(W::Reason), "q");
    // Esc with input asks first; n keeps the dialog.
    app.press("Esc n");
    assert!(wo(&app).dialog.is_some());
    app.press("Esc y");
    assert!(wo(&app).dialog.is_none());
    assert_eq!(wo(&app).view, View::Detail);
    app.press("Esc");
    assert_eq!(wo(&app).view, View::Board);
}

#[test]
fn one_order_from_dispatch_to_the_follow_up_call() {
    let mut app = console(Lang::ZhCn);
    let n = number_in(&app, S::Written, false);
    open(&mut app, &n);
    let id = wo(&app).detail.as_ref().unwrap().id;
    // Dispatch to T01 刘强 in bay 5.
    app.press("d");
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    let Kind::Dispatch { techs } = d.kind.clone() else {
        panic!()
    };
    let t01 = staff::by_code(app.fx.store.conn(), "T01").unwrap().unwrap();
    let idx = techs.iter().position(|t| *t == t01.id).unwrap();
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    d.form.set_choice(W::Technician, idx);
    d.form.focus_on(W::Bay);
    app.type_text("5号工位");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    // Start every job, an added line approved by phone, another declined.
    let labour: Vec<i64> = wo(&app)
        .detail
        .as_ref()
        .unwrap()
        .lines()
        .iter()
        .filter(|l| l.kind == LineKind::Labour)
        .map(|l| l.id)
        .collect();
    for lid in &labour {
        pick_line(&mut app, |l| l.id == *lid);
        app.press("s");
    }
    tick(&mut app, at(20));
    propose_wipers(&mut app);
    app.press("y Down Tab");
    app.type_text("王先生");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    app.press("a");
    app.type_text("四轮定位 / Wheel alignment");
    app.press("Enter");
    app.press("y Down Down Enter");
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    let approvals: Vec<LineApproval> = d.lines.iter().map(|l| l.approval).collect();
    assert!(
        approvals.contains(&LineApproval::ApprovedPhone),
        "{approvals:?}"
    );
    assert!(approvals.contains(&LineApproval::Declined), "{approvals:?}");
    let phone = d
        .lines
        .iter()
        .find(|l| l.approval == LineApproval::ApprovedPhone)
        .unwrap();
    assert_eq!(phone.phone_approver.as_deref(), Some("王先生"));
    assert_eq!(
        phone.phone_number,
        d.order.contact_during.clone().or(d.customer_phone.clone()),
        "the contact during the repair, else the customer's number"
    );
    // Finish the jobs, to the quality check.
    tick(&mut app, at(80));
    for lid in &labour {
        pick_line(&mut app, |l| l.id == *lid);
        app.press("f");
    }
    app.press("u");
    assert_eq!(
        app.fx.store.work_detail(id).unwrap().unwrap().0.order.state,
        S::QualityCheck,
        "{}",
        note(&app)
    );
    // Self-check by 刘强 (proposed), team leader 周强, a failed final inspection by 孙建国.
    let qc = |app: &mut App, code: &str, pass: bool| {
        app.press("i");
        let who = staff::by_code(app.fx.store.conn(), code).unwrap().unwrap();
        let d = wo_mut(app).dialog.as_mut().expect("qc dialog");
        let Kind::Qc { staff, items, .. } = d.kind.clone() else {
            panic!()
        };
        d.form
            .set_choice(W::Staff, staff.iter().position(|s| *s == who.id).unwrap());
        for i in 0..items.len() {
            d.form.set_choice(W::Tick(i as u8), 1);
        }
        if !pass {
            d.form.set_choice(W::Pass, 1);
            d.sync();
            d.form.set_text(W::Reason, "刹车仍有异响");
        }
        app.press("Enter");
        assert!(wo(app).dialog.is_none(), "{code}: {:?}", wo(app).dialog);
    };
    qc(&mut app, "T01", true);
    qc(&mut app, "S01", true);
    qc(&mut app, "M01", false);
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(
        d.order.state,
        S::InRepair,
        "a failed final returns to repair"
    );
    assert_eq!(d.qc_failures, 1);
    // Rework, then all three levels again.
    for lid in &labour {
        pick_line(&mut app, |l| l.id == *lid);
        app.press("r");
        app.press("f");
    }
    app.press("u");
    qc(&mut app, "T01", true);
    qc(&mut app, "S01", true);
    qc(&mut app, "M01", true);
    assert_eq!(
        app.fx.store.work_detail(id).unwrap().unwrap().0.order.state,
        S::Wash
    );
    // Ready, delivered with a discount and its reason.
    app.press("w");
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    if !d.form.is_hidden(W::Washed)
        && matches!(
            d.kind,
            Kind::Ready {
                wash_wanted: true,
                ..
            }
        )
    {
        d.form.set_choice(W::Washed, 1);
    }
    d.form.set_text(W::Spot, "A-03");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    app.press("h");
    app.type_text("20");
    app.press("Enter");
    assert!(
        field_error(&app, W::DiscountReason).is_some(),
        "a discount needs a reason"
    );
    app.type_text("老客户");
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    d.form.set_choice(W::Paid, 1);
    d.form.set_choice(W::OldParts, 1);
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    assert!(
        note(&app).contains("11-26"),
        "follow-up day: {}",
        note(&app)
    );
    // The settlement statement of the delivered order, from its detail.
    app.press("b");
    assert!(
        note(&app).contains(&format!("{n}-settlement.html")),
        "{}",
        note(&app)
    );
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.order.state, S::Delivered);
    assert_eq!(d.discount_cents, 2000);
    assert_eq!(d.follow_up_state, Some(FollowUpState::Due));
    // Three days later: the call list; not reached once, then reached.
    app.press("Esc");
    tick(&mut app, at(3 * 24 * 60 + 60));
    app.press("c");
    let pos = wo(&app).calls.iter().position(|c| c.id == id).expect("due");
    wo_mut(&mut app).call_selected = pos;
    app.press("Enter Down");
    assert!(app.screen().contains("第 1 次"), "{}", app.screen());
    app.press("Enter");
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.follow_up_tries, 1);
    assert!(
        !wo(&app).calls.iter().any(|c| c.id == id),
        "due again tomorrow, not today"
    );
    tick(&mut app, at(4 * 24 * 60 + 60));
    app.send(Msg::DataChanged);
    let pos = wo(&app).calls.iter().position(|c| c.id == id).expect("due");
    wo_mut(&mut app).call_selected = pos;
    app.press("Enter Tab");
    app.type_text("4");
    app.press("Enter");
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.follow_up_state, Some(FollowUpState::Done));
    let last = d.calls.last().unwrap();
    assert_eq!((last.result_score, last.staff_score), (Some(4), Some(5)));
    // The timeline has every step with who did it.
    let actions: Vec<&str> = d.timeline.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "dispatch",
        "job_start",
        "propose",
        "approve",
        "decline",
        "job_finish",
        "submit_qc",
        "qc_pass",
        "qc_fail",
        "ready",
        "deliver",
        "follow_up",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(d.timeline.iter().all(|e| !e.staff_name.is_empty()));
    assert_eq!(
        d.checks
            .iter()
            .filter(|c| c.level == QcLevel::Final)
            .count(),
        2
    );
}

#[test]
fn a_problem_on_the_follow_up_books_a_comeback_refused_days_stay_in_the_dialog() {
    let mut app = console(Lang::En);
    let (n, _) = select_call_due(&mut app);
    app.press("Enter Down Down Tab");
    app.type_text("brakes squeak again");
    // A closed day is refused next to the day field.
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    let prefilled = d.form.text(W::Day).to_string();
    assert!(!prefilled.is_empty());
    d.form.set_text(W::Time, "06:00");
    app.press("Enter");
    assert!(field_error(&app, W::Time).is_some(), "before opening");
    // A day the store finds full: refused next to the day, nothing booked.
    let full = chrono::NaiveDate::parse_from_str(&prefilled, "%Y-%m-%d").unwrap();
    let s01 = staff::by_code(app.fx.store.conn(), "S01").unwrap().unwrap();
    let tiny = frontdesk::domain::appointment::CapacityPolicy {
        technicians: 1,
        minutes_per_tech: 60,
        booking_rate_pct: 1,
        ..frontdesk::domain::appointment::CapacityPolicy::manual_default()
    };
    app.fx
        .store
        .write(Some(s01.id), at(1), |tx| {
            frontdesk::store::appointments::set_policy(tx, full, &tiny, None)
        })
        .unwrap();
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    d.form.set_text(W::Time, "09:00");
    app.press("Enter");
    let e = field_error(&app, W::Day).expect("the full day is refused next to it");
    assert!(e.contains("booked"), "{e}");
    assert!(
        app.fx
            .store
            .arrivals(full)
            .unwrap()
            .iter()
            .all(|a| a.symptoms.as_deref() != Some("brakes squeak again")),
        "nothing booked"
    );
    // The next day has room.
    let next = full + Duration::days(1);
    let d = wo_mut(&mut app).dialog.as_mut().unwrap();
    d.form
        .set_text(W::Day, &next.format("%Y-%m-%d").to_string());
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    assert!(
        note(&app).contains("comeback appointment booked"),
        "{}",
        note(&app)
    );
    let id = frontdesk::store::repair_orders::by_number(app.fx.store.conn(), &n)
        .unwrap()
        .unwrap()
        .id;
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.follow_up_state, Some(FollowUpState::Problem));
    let booked = app
        .fx
        .store
        .arrivals(next)
        .unwrap()
        .into_iter()
        .find(|a| a.symptoms.as_deref() == Some("brakes squeak again"))
        .expect("the comeback appointment");
    assert_eq!(
        booked.service,
        frontdesk::domain::kinds::ServiceType::Comeback
    );
    assert_eq!(
        frontdesk::fmt::hhmm(app.model.shell.zone, booked.starts_at),
        "09:00"
    );
}

// ---------------------------------------------------------------------------------------
// Found by driving the binary
// ---------------------------------------------------------------------------------------

/// The detail's rows at `w`×`h`.
fn rows_of(app: &App, w: u16, h: u16) -> Vec<String> {
    app.draw(w, h).0.lines().map(str::to_string).collect()
}

#[test]
fn time_past_the_estimate_says_by_how_much_it_is_over() {
    for (lang, at_35, at_60) in [
        (Lang::En, "0:35/0:30 16% over", "1:00/0:30 100% over"),
        (Lang::ZhCn, "0:35/0:30 超出 16%", "1:00/0:30 超出 100%"),
    ] {
        // The first job's estimate is half an hour; it started at 09:00.
        let (mut app, n) = busy(lang);
        open(&mut app, &n);
        for (w, h) in [(80, 24), (120, 40)] {
            let s = app.draw(w, h).0;
            assert!(s.contains(at_35), "{lang:?} {w}x{h}: 35 min of 30\n{s}");
            assert!(!s.contains("116%"), "not the share of the estimate\n{s}");
        }
        // Twice the estimate is 100 % over.
        tick(&mut app, at(60));
        let s = app.draw(120, 40).0;
        assert!(s.contains(at_60), "{lang:?}: 60 min of 30\n{s}");
        // The technician view says the same.
        app.press("Esc v");
        let s = app.draw(120, 40).0;
        assert!(s.contains(at_60), "{lang:?}\n{s}");
    }
}

#[test]
fn the_number_dialled_is_the_contact_during_the_repair_else_the_customers_phone() {
    let (mut app, n) = busy(Lang::En);
    let set_contact = |app: &App, c: Option<&str>| {
        app.fx
            .store
            .conn()
            .execute(
                "UPDATE repair_orders SET contact_during = ?1 WHERE number = ?2",
                (c, n.as_str()),
            )
            .unwrap();
    };
    set_contact(&app, Some("13912345678"));
    open(&mut app, &n);
    propose_wipers(&mut app);
    app.press("y");
    let d = wo(&app).dialog.as_ref().expect("the answer dialog");
    assert_eq!(d.form.text(W::Number), "13912345678", "the contact given");
    app.press("Esc");
    assert!(wo(&app).dialog.is_none(), "nothing changed: closed at once");
    // No contact given at check-in: the customer's phone.
    set_contact(&app, None);
    app.send(Msg::DataChanged);
    let phone = wo(&app)
        .detail
        .as_ref()
        .and_then(|d| d.detail())
        .and_then(|d| d.customer_phone.clone())
        .expect("the customer has a phone");
    assert_ne!(phone, "13912345678");
    app.press("y");
    let d = wo(&app).dialog.as_ref().expect("the answer dialog");
    assert_eq!(d.form.text(W::Number), phone, "the customer's phone");
    // Approved by phone: the approver and the number dialled both show in the detail,
    // the line wrapped to the width.
    app.press("Down Tab");
    app.type_text("王先生");
    app.press("Tab C-u");
    app.type_text("13912345678");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    for (w, h) in [(120, 40), (80, 24)] {
        if w == 80 {
            // Below the check-in at 80×24 (the scroll stops where the last frame ended).
            app.draw(w, h);
            app.press("PageDown");
        }
        let rows = rows_of(&app, w, h);
        let from = rows
            .iter()
            .position(|r| r.contains("Added work and consent"))
            .unwrap_or_else(|| panic!("{w}x{h}: the approvals\n{}", rows.join("\n")));
        let section = rows[from..(from + 4).min(rows.len())].join("\n");
        assert!(
            section.contains("approver 王先生") && section.contains("139 1234 5678"),
            "{w}x{h}:\n{section}"
        );
    }
}

#[test]
fn answering_a_line_never_proposed_says_only_a_proposed_line_waits() {
    for (lang, never, already) in [
        (
            Lang::En,
            "Only a proposed line waits for the customer's answer",
            "already answered",
        ),
        (Lang::ZhCn, "只有追加的项目才需要客户答复", "已有客户答复"),
    ] {
        let (mut app, n) = busy(lang);
        open(&mut app, &n);
        // The job signed with the order is selected.
        let selected = wo(&app).detail.as_ref().unwrap().selected_line().cloned();
        assert_eq!(selected.map(|l| l.approval), Some(LineApproval::Signed));
        app.press("y");
        assert!(wo(&app).dialog.is_none());
        assert!(note(&app).contains(never), "{lang:?}: {}", note(&app));
        assert!(!note(&app).contains(already), "{lang:?}: {}", note(&app));
        // A line answered already (declined) says so.
        propose_wipers(&mut app);
        app.press("y Down Down Enter");
        assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
        pick_line(&mut app, |l| l.approval == LineApproval::Declined);
        app.press("y");
        assert!(note(&app).contains(already), "{lang:?}: {}", note(&app));
    }
}

#[test]
fn the_same_person_refusal_reads_well_at_each_level() {
    use frontdesk::domain::workshop::WorkError;
    use frontdesk::i18n::{DomainError, I18n};
    for lang in Lang::ALL {
        let t = I18n::new(lang);
        for level in QcLevel::ALL {
            let text = t.note(&WorkError::QcSamePerson { level: *level }.note());
            let label = t.t(level.label_key());
            assert!(text.contains(label), "{text}");
            assert!(!text.contains("check check"), "{text}");
        }
    }
    let en = I18n::new(Lang::En);
    assert_eq!(
        en.note(
            &WorkError::QcSamePerson {
                level: QcLevel::SelfCheck
            }
            .note()
        ),
        "The same person cannot pass two levels of one order (already passed: technician \
         self-check)."
    );
}

#[test]
fn the_added_line_is_prefilled_with_the_labour_rate_as_a_plain_amount() {
    let (mut app, n) = busy(Lang::En);
    open(&mut app, &n);
    app.press("a");
    let d = wo(&app).dialog.as_ref().expect("the added line's dialog");
    // The demo shop's labour rate, written like every other amount on screen.
    assert_eq!(d.form.text(W::Price), "300.00");
    assert!(!app.draw(120, 40).0.contains('¥'));
    app.type_text("四轮定位 / Wheel alignment");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    let id = wo(&app).detail.as_ref().unwrap().id;
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    let added = d
        .lines
        .iter()
        .find(|l| l.description == "四轮定位 / Wheel alignment")
        .expect("proposed");
    assert_eq!(added.unit_price_cents, 30000);
}

#[test]
fn escape_asks_first_after_a_changed_choice_and_says_what_is_discarded() {
    for (lang, question) in [
        (Lang::En, "Discard what you typed or chose"),
        (Lang::ZhCn, "放弃此表单中已输入或选择的内容"),
    ] {
        let mut app = console(lang);
        calls_due(&mut app);
        // Opened and left as it was: Esc closes at once.
        app.press("Enter Esc");
        assert!(wo(&app).dialog.is_none());
        // The outcome changed (not reached): Esc asks, in words that fit a choice.
        app.press("Enter Down Esc");
        assert!(wo(&app).dialog.is_some(), "asks first");
        let s = app.draw(120, 40).0;
        assert!(s.contains(question), "{lang:?}\n{s}");
        assert!(app.model.unsaved());
        app.press("n");
        assert!(wo(&app).dialog.is_some(), "n keeps the dialog");
        // The choice put back as it opened: nothing to discard.
        app.press("Up");
        assert!(!app.model.unsaved());
        app.press("Esc");
        assert!(wo(&app).dialog.is_none());
        // Typed text asks the same question.
        app.press("Enter Tab Tab");
        app.type_text("ok");
        app.press("Esc");
        assert!(app.draw(120, 40).0.contains(question), "{lang:?}");
        app.press("y");
        assert!(wo(&app).dialog.is_none());
    }
}

#[test]
fn a_claim_line_on_the_invoice_says_it_is_not_charged_at_both_sizes() {
    for (lang, marker) in [(Lang::En, "S, not charged"), (Lang::ZhCn, "S，不收费")] {
        let mut app = console(lang);
        let n = number_in(&app, S::Ready, false);
        claim_parts(&app, &n);
        select(&mut app, &n);
        app.press("h");
        let Some(Kind::Deliver { invoice, .. }) = wo(&app).dialog.as_ref().map(|d| &d.kind) else {
            panic!("the delivery dialog");
        };
        let claims = invoice.lines.iter().filter(|l| l.claim).count();
        assert!(claims > 0, "the order has a part line");
        for (w, h) in [(80, 24), (120, 40)] {
            let shown = rows_of(&app, w, h)
                .iter()
                .filter(|r| r.contains(marker))
                .count();
            assert_eq!(shown, claims, "{lang:?} {w}x{h}\n{}", app.draw(w, h).0);
        }
    }
}

#[test]
fn nothing_is_cut_mid_word_on_the_board_and_the_detail() {
    let (mut app, n) = busy(Lang::En);
    // The board at 80 columns: the headings and the state labels whole, the number too.
    let rows = rows_of(&app, 80, 24);
    let head = rows.iter().find(|r| r.starts_with("!  ")).unwrap();
    for h in ["Number", "Customer", "State", "Left", "Alerts, to do"] {
        assert!(head.contains(h), "{h} in {head}");
    }
    let board = rows.join("\n");
    for state in ["Quality check", "Awaiting OK", "Parts wait"] {
        assert!(board.contains(state), "{state}\n{board}");
    }
    assert!(rows.iter().any(|r| r.contains(&n)), "{board}");
    // The detail: the heading wraps rather than cutting the bay.
    open(&mut app, &n);
    let bay = wo(&app)
        .detail
        .as_ref()
        .and_then(|d| d.detail())
        .and_then(|d| d.order.bay.clone())
        .expect("dispatched to a bay");
    for (w, h) in [(80, 24), (120, 40)] {
        let s = app.draw(w, h).0;
        assert!(s.contains(&format!("bay {bay}")), "{w}x{h}\n{s}");
    }
    // The job lines at 120: state and consent whole, also for a proposed line.
    propose_wipers(&mut app);
    let rows = rows_of(&app, 120, 40);
    let row = |what: &str| {
        rows.iter()
            .find(|r| r.contains(what))
            .unwrap_or_else(|| panic!("{what}\n{}", rows.join("\n")))
            .clone()
    };
    let signed = row("Annual inspection pre-check");
    assert!(
        signed.contains("working") && signed.contains("with the order"),
        "{signed}"
    );
    let proposed = row("Wiper blades");
    assert!(
        proposed.contains("proposed") && proposed.contains("awaiting customer"),
        "{proposed}"
    );
}

#[test]
fn a_part_never_takes_the_labour_rate_in_the_added_line() {
    let (mut app, n) = busy(Lang::En);
    open(&mut app, &n);
    app.press("a");
    let price = |app: &App| {
        wo(app)
            .dialog
            .as_ref()
            .expect("the added line's dialog")
            .form
            .text(W::Price)
            .to_string()
    };
    assert_eq!(price(&app), "300.00");
    app.press("Up Down"); // labour → part
    assert_eq!(price(&app), "", "the labour rate is no part's price");
    app.press("Down"); // back to labour
    assert_eq!(price(&app), "300.00");
    // A price typed by hand is kept across a change of kind.
    app.press("Tab Tab Tab");
    app.type_text("80");
    app.press("S-Tab S-Tab S-Tab Down");
    assert_eq!(price(&app), "80");
}

#[test]
fn the_timeline_names_the_level_passed_in_words() {
    for (lang, level) in [
        (Lang::En, "technician self-check"),
        (Lang::ZhCn, "技师自检"),
    ] {
        let mut app = console(lang);
        let n = number_in(&app, S::QualityCheck, false);
        open(&mut app, &n);
        let text = app.draw(120, 40).0;
        assert!(text.contains(&format!("({level})")), "{text}");
        assert!(!text.contains("(self_check)"), "{text}");
    }
}

/// A problem raised on the follow-up call, to be recorded as a complaint: the call is
/// saved with the problem and nothing booked, and F3 opens the intake with the call filled
/// in (phone, the customer and vehicle taken, the called order linked, what was said);
/// Ctrl-S records the complaint against that order.
#[test]
fn a_problem_call_recorded_as_a_complaint_opens_the_intake_prefilled() {
    use frontdesk::app::screens::complaints::IntakeField as I;
    use frontdesk::app::screens::work_orders::dialogs::call::Then;
    let mut app = console(Lang::En);
    let (n, pos) = select_call_due(&mut app);
    let called = wo(&app).calls[pos].clone();
    let before = app.fx.store.complaints(false).unwrap().len();
    let appointments = frontdesk::store::testing::row_count(app.store(), "appointments").unwrap();
    app.press("Enter Down Down Tab");
    app.type_text("the advisor was rude at pick-up");
    app.press("Tab Down");
    let d = wo(&app).dialog.as_ref().unwrap();
    assert_eq!(
        frontdesk::app::screens::work_orders::dialogs::call::then(&d.form),
        Then::Complaint
    );
    assert!(d.form.is_hidden(W::Day), "nothing to book");
    let s = app.screen();
    assert!(s.contains("complaint intake (F3) opens"), "{s}");
    app.press("Enter");
    assert!(wo(&app).dialog.is_none(), "{:?}", wo(&app).dialog);
    // The call holds the problem; nothing is booked.
    let id = called.id;
    let d = app.fx.store.work_detail(id).unwrap().unwrap().0;
    assert_eq!(d.follow_up_state, Some(FollowUpState::Problem));
    assert_eq!(
        frontdesk::store::testing::row_count(app.store(), "appointments").unwrap(),
        appointments
    );
    // F3 with the intake filled in from the call.
    assert_eq!(app.model.shell.panel, frontdesk::app::ScreenId::Complaints);
    let i = app
        .model
        .screens
        .complaints
        .intake
        .as_ref()
        .expect("the intake is open");
    assert_eq!(
        i.form.text(I::Description),
        "the advisor was rude at pick-up"
    );
    assert_eq!(i.form.focused(), Some(I::Nature));
    let taken = i.customer.as_ref().expect("the customer is taken");
    assert_eq!(taken.customer_id, called.customer_id);
    assert_eq!(taken.vehicle_id, Some(called.vehicle_id));
    assert!(note(&app).contains(&n), "{}", note(&app));
    let s = app.screen();
    assert!(s.contains(&n), "the called order is linked:\n{s}");
    // Nature and category chosen; Ctrl-S records it against the order.
    app.press("Tab Down C-s");
    assert!(
        app.model.screens.complaints.intake.is_none(),
        "{}",
        note(&app)
    );
    let all = app.fx.store.complaints(false).unwrap();
    assert_eq!(all.len(), before + 1);
    let c = all
        .iter()
        .find(|c| c.description == "the advisor was rude at pick-up")
        .expect("recorded");
    assert_eq!(c.channel, frontdesk::domain::kinds::ComplaintChannel::Phone);
    assert_eq!(c.customer_id, Some(called.customer_id));
    assert_eq!(c.vehicle_id, Some(called.vehicle_id));
    assert_eq!(c.repair_order_id, Some(id));
}

#[test]
fn coming_back_to_the_board_reads_it_again_only_when_something_was_committed() {
    use frontdesk::store::{Access, Store};
    let mut app = console(Lang::En);
    let id = wo(&app).board.entries[0].row.id;
    let plate = |app: &App| wo(app).board.by_id(id).unwrap().row.plate.to_string();
    let real = plate(&app);
    // A mark on the row in memory: reading the board again puts the real plate back.
    let mark = |app: &mut App| {
        let e = wo_mut(app)
            .board
            .entries
            .iter_mut()
            .find(|e| e.row.id == id)
            .unwrap();
        e.row.plate = "MARK".into();
    };
    mark(&mut app);
    app.press("F1 F2");
    assert_eq!(
        plate(&app),
        "MARK",
        "nothing committed: the rows in hand are current"
    );

    // Another program commits on the same file.
    let other = Store::open(app.store().path(), Access::ReadWrite).unwrap();
    support::app::touch(other.conn());
    app.press("F1 F2");
    assert_eq!(
        plate(&app),
        real,
        "read again after another program's commit"
    );

    // This counter changes something from another panel.
    mark(&mut app);
    app.press("F1 F2");
    assert_eq!(plate(&app), "MARK");
    // ... that the board does not read (an appointment's note): still current.
    app.fx
        .store
        .conn()
        .execute(
            "UPDATE appointments SET note = 'rang back' WHERE id = (SELECT min(id) FROM appointments)",
            [],
        )
        .unwrap();
    app.press("F1 F2");
    assert_eq!(
        plate(&app),
        "MARK",
        "this counter's write to a table the board does not read"
    );
    // ... that it reads (a staff member's name).
    support::app::touch(app.fx.store.conn());
    app.press("F1 F2");
    assert_eq!(
        plate(&app),
        real,
        "read again after this counter's own write"
    );
}

#[test]
fn the_board_is_read_at_sign_in_so_the_first_look_at_f2_reads_nothing() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    assert!(wo(&app).board.loaded, "read when A01 signed in, before F2");
    let id = wo(&app).board.entries[0].row.id;
    wo_mut(&mut app).board.entries[0].row.plate = "MARK".into();
    app.press("F2");
    assert_eq!(wo(&app).board.by_id(id).unwrap().row.plate, "MARK");
}

/// Ctrl-P on an order: the key is answered at once (the page made and handed to the
/// printer); the printer's thread saves it, and the next look at the printer shows
/// where. A second print is the next copy; a page that cannot be saved says why.
#[test]
fn a_printout_is_saved_after_the_key_and_its_path_shown_then() {
    let mut app = console(Lang::En);
    let n = number_in(&app, S::Dispatched, false);
    open(&mut app, &n);
    app.model.shell.note = None;
    let press = |app: &mut App| {
        let msg = app.model.key_msg(&app.keymap, &support::app::key("C-p"));
        frontdesk::app::dispatch(&mut app.model, &mut app.fx, msg);
    };
    press(&mut app);
    assert!(app.fx.printer.busy(), "the page is with the printer");
    assert_eq!(
        app.model.shell.note, None,
        "nothing said before it is saved"
    );
    frontdesk::app::settle(&mut app.model, &mut app.fx);
    assert!(!app.fx.printer.busy());
    let path = |app: &App| {
        let note = app.model.shell.note.clone().expect("the printer's answer");
        assert_eq!(note.key, "checkin.printed", "{note:?}");
        note.args
            .iter()
            .find(|(k, _)| *k == "path")
            .unwrap()
            .1
            .clone()
    };
    let first = path(&app);
    assert!(first.ends_with(&format!("{n}.html")), "{first}");
    assert!(std::fs::read_to_string(&first).unwrap().contains(&n));
    press(&mut app);
    // The terminal's loop asks without waiting; the test waits for the thread first.
    while app.fx.printer.busy() && !frontdesk::app::take_printed(&mut app.model, &mut app.fx) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(path(&app).ends_with(&format!("{n}-2.html")));
    // The exports folder is a file: the printer answers with why.
    let exports = app.fx.exports.clone();
    app.fx.exports = exports.join(format!("{n}.html"));
    app.press("C-p");
    let note = app.model.shell.note.clone().unwrap();
    assert_eq!(note.key, "error.print", "{note:?}");
    app.fx.exports = exports;
}
