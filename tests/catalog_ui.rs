//! The job catalog at the counter (issue 15): typing a job line's description offers the
//! catalog's entries in the reader's language; Enter fills an operation's or a part's
//! line (still editable) or adds a package's lines at once; and snapshots of the offer
//! in both languages at 80×24 and 120×40.

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::checkin::{OrderField, Step};
use frontdesk::domain::kinds::LineKind;
use frontdesk::i18n::Lang;
use frontdesk::store::catalog;
use support::app::App;

fn flow(app: &App) -> &frontdesk::app::screens::checkin::Flow {
    app.model
        .screens
        .checkin
        .flow
        .as_ref()
        .expect("a check-in under way")
}

/// The first expected arrival, to the order's job line (the description focused).
fn to_job_line(app: &mut App) {
    app.press("Enter");
    if flow(app).comeback_candidate.is_some() {
        app.press("n");
    }
    app.press("PageDown");
    let last = flow(app).who.last_odometer_km.unwrap_or(0);
    app.type_text(&(last + 1234).to_string());
    app.press("Tab Space PageDown");
    assert_eq!(flow(app).step, Step::Order);
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(OrderField::LDesc);
}

#[test]
fn a_package_adds_its_lines_with_one_key_at_the_total_it_showed() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        to_job_line(&mut app);
        let before = flow(&app).lines.len();
        let total_before = flow(&app).totals().customer_cents;
        app.type_text("BY-10K");
        let offer = flow(&app).completion.hits.clone();
        assert!(flow(&app).completing(), "{lang:?}");
        assert_eq!(offer[0].kind, catalog::HitKind::Package);
        app.press("Enter");
        let f = flow(&app);
        assert!(!f.completing());
        let lines = catalog::package_lines(app.fx.store.conn(), offer[0].id).unwrap();
        assert_eq!(f.lines.len(), before + lines.len());
        assert_eq!(
            f.totals().customer_cents - total_before,
            offer[0].total_cents.unwrap(),
            "the total shown before it was taken"
        );
        let want = |l: &catalog::PackageLine| match lang {
            Lang::En => l.name_en.clone(),
            Lang::ZhCn => l.name_zh.clone(),
        };
        for (got, l) in f.lines[before..].iter().zip(&lines) {
            assert_eq!(got.description, want(l));
            assert_eq!(got.kind == LineKind::Labour, l.labour);
        }
        assert_eq!(f.order.text(OrderField::LDesc), "");
    }
}

#[test]
fn a_part_or_an_operation_fills_the_line_and_stays_editable() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    to_job_line(&mut app);
    app.type_text("机油滤清器");
    let offer = flow(&app).completion.hits.clone();
    assert!(offer.len() > 1 && offer.iter().all(|h| h.kind == catalog::HitKind::Part));
    // Down, Up and Down again: the second entry.
    app.press("Down Up Down Enter");
    let chosen = &offer[1];
    let f = flow(&app);
    assert_eq!(f.order.text(OrderField::LDesc), chosen.name_en);
    assert_eq!(
        f.order.text(OrderField::LPrice),
        frontdesk::domain::money::Cents(chosen.price_cents.unwrap()).to_string()
    );
    assert_eq!(f.order.focused(), Some(OrderField::LQty));
    // Edited before it is added: two of them.
    app.press("C-u");
    app.type_text("2");
    let before = flow(&app).lines.len();
    app.press("C-n");
    let l = flow(&app).lines.last().unwrap().clone();
    assert_eq!(flow(&app).lines.len(), before + 1);
    assert_eq!((l.kind, l.quantity_centi), (LineKind::Part, 200));
    assert_eq!(l.unit_price_cents, chosen.price_cents.unwrap());

    // An operation: its standard hours at the shop's rate; Esc closes the offer and
    // keeps what was typed.
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(OrderField::LDesc);
    app.type_text("wheel alignment");
    assert!(flow(&app).completing());
    app.press("Esc");
    assert!(!flow(&app).completing());
    assert_eq!(flow(&app).order.text(OrderField::LDesc), "wheel alignment");
    app.press("C-u");
    app.type_text("wheel alig");
    let op = flow(&app).completion.hits[0].clone();
    assert_eq!(op.kind, catalog::HitKind::Operation);
    app.press("Enter");
    let f = flow(&app);
    assert_eq!(
        f.order.text(OrderField::LQty),
        frontdesk::domain::money::Cents(op.hours_centi.unwrap()).to_string()
    );
    assert_eq!(
        f.order.text(OrderField::LPrice),
        frontdesk::domain::money::Cents(op.price_cents.unwrap_or(f.labour_rate_cents)).to_string()
    );
}

#[test]
fn snapshot_the_offer() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        to_job_line(&mut app);
        app.type_text(match lang {
            Lang::En => "oil",
            Lang::ZhCn => "机油",
        });
        assert!(flow(&app).completing());
        app.press("Down");
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("catalog_offer_{}_{wd}x{h}", lang.code()),
                app.draw(wd, h).0
            );
        }
    }
}

/// Added work on an order in the workshop (F2, detail, `a`): the description offers the
/// catalog's operations and parts (no packages: one line is proposed at a time); Enter
/// fills the line, Enter again proposes it with the catalog's hours and price.
#[test]
fn added_work_is_filled_from_the_catalog() {
    use frontdesk::app::screens::work_orders::View;
    use frontdesk::domain::kinds::{LineApproval, RepairOrderState as S};
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F2");
    let wo = &app.model.screens.work_orders;
    let (pos, id) = wo
        .board
        .shown
        .iter()
        .enumerate()
        .find(|(_, i)| wo.board.entries[**i].row.state == S::InRepair)
        .map(|(p, i)| (p, wo.board.entries[*i].row.id))
        .expect("an order in repair");
    app.model.screens.work_orders.board.selected = pos;
    app.press("Enter");
    assert_eq!(app.model.screens.work_orders.view, View::Detail);
    app.press("a");
    app.type_text("BY-");
    let d = app.model.screens.work_orders.dialog.as_ref().unwrap();
    assert!(d.completing());
    assert!(
        d.completion
            .hits
            .iter()
            .all(|h| h.kind != catalog::HitKind::Package)
    );
    app.press("C-u");
    app.type_text("wheel alig");
    let op = app
        .model
        .screens
        .work_orders
        .dialog
        .as_ref()
        .unwrap()
        .completion
        .hits[0]
        .clone();
    assert_eq!(op.kind, catalog::HitKind::Operation);
    for (wd, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("catalog_propose_en_{wd}x{h}"), app.draw(wd, h).0);
    }
    app.press("Enter");
    let d = app.model.screens.work_orders.dialog.as_ref().unwrap();
    assert!(!d.completing());
    assert_eq!(
        d.form
            .text(frontdesk::app::screens::work_orders::dialogs::W::Desc),
        op.name_en
    );
    app.press("Enter");
    assert!(app.model.screens.work_orders.dialog.is_none());
    let detail = app.fx.store.work_detail(id).unwrap().unwrap().0;
    let line = detail
        .lines
        .iter()
        .find(|l| l.description == op.name_en)
        .expect("the proposed line");
    assert_eq!(line.approval, LineApproval::Proposed);
    assert_eq!(line.quantity_centi, op.hours_centi.unwrap());
    assert_eq!(
        line.catalog_price_cents,
        Some(line.unit_price_cents),
        "from the catalog, at its price"
    );
    assert_eq!(line.catalog_code.as_deref(), Some(op.code.as_str()));
}

/// A line filled from the catalog keeps the catalog's price: when the advisor changes
/// the price, the order says so ("(catalog ¥…)") at the counter, in the store, on the
/// printed order and on the work order; a line left at the catalog's price, or whose
/// description was typed over, carries no mark.
#[test]
fn a_price_changed_from_the_catalogs_is_marked_on_the_order() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        to_job_line(&mut app);
        app.type_text("OF-04E115561H");
        let hit = flow(&app).completion.hits[0].clone();
        let catalog_price = hit.price_cents.unwrap();
        app.press("Enter Tab C-u");
        app.type_text("45");
        app.press("C-n");
        let changed = flow(&app).lines.last().unwrap().clone();
        assert_eq!(changed.unit_price_cents, 4500);
        assert_eq!(changed.catalog_price_cents, Some(catalog_price));
        assert_eq!(
            changed.catalog_code.as_deref(),
            Some("OF-04E115561H"),
            "the part number"
        );
        assert_eq!(changed.changed_from(), Some(catalog_price));
        // Taken at the catalog's price: no mark.
        app.type_text("OF-04E115561H");
        app.press("Enter C-n");
        let same = flow(&app).lines.last().unwrap().clone();
        assert_eq!(same.catalog_price_cents, Some(catalog_price));
        assert_eq!(same.changed_from(), None);
        // Its description typed over: a line of its own, not the catalog's.
        app.type_text("OF-04E115561H");
        app.press("Enter");
        frontdesk_focus(&mut app, OrderField::LDesc);
        app.press("C-u");
        app.type_text("customer's own filter");
        if flow(&app).completing() {
            app.press("Esc");
        }
        app.press("Tab Tab C-u");
        app.type_text("10");
        app.press("C-n");
        let own = flow(&app).lines.last().unwrap().clone();
        assert_eq!(own.description, "customer's own filter");
        assert_eq!(own.catalog_price_cents, None);
        assert_eq!(own.catalog_code, None);
        let mark = match lang {
            Lang::En => format!(
                "(catalog ¥{})",
                frontdesk::domain::money::Cents(catalog_price)
            ),
            Lang::ZhCn => format!(
                "（目录价 ¥{}）",
                frontdesk::domain::money::Cents(catalog_price)
            ),
        };
        let wide = app.draw(120, 40).0;
        assert_eq!(wide.matches(&mark).count(), 1, "{wide}");
        // Signed: the store keeps both prices; the printout and the work order show it.
        if flow(&app).order.text(OrderField::Desc).is_empty() {
            let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
            f.focus_on(OrderField::Desc);
            app.type_text("service");
        }
        app.press("PageDown");
        assert!(app.draw(120, 40).0.contains(&mark), "the review");
        app.press("C-s");
        let number = flow(&app).number.clone().expect("signed");
        let c = app.fx.store.conn();
        let ro = frontdesk::store::repair_orders::by_number(c, &number)
            .unwrap()
            .unwrap();
        let lines = frontdesk::store::repair_orders::lines(c, ro.id).unwrap();
        let l = lines.iter().find(|l| l.unit_price_cents == 4500).unwrap();
        assert_eq!(l.catalog_price_cents, Some(catalog_price));
        assert_eq!(l.catalog_code.as_deref(), Some("OF-04E115561H"));
        let i18n = frontdesk::i18n::I18n::new(lang);
        let html = frontdesk::print::repair_order_html(
            &mut app.fx.store,
            &number,
            &i18n,
            support::app::zone(),
        )
        .unwrap();
        assert_eq!(html.matches(&mark).count(), 1, "printed once");
        assert_eq!(
            html.matches("<span class=\"catalog\">OF-04E115561H</span>")
                .count(),
            2,
            "both catalog lines print their part number"
        );
        let detail = app.fx.store.work_detail(ro.id).unwrap().unwrap().0;
        let d = detail
            .lines
            .iter()
            .find(|l| l.unit_price_cents == 4500)
            .unwrap();
        assert_eq!(d.catalog_price_cents, Some(catalog_price));
    }
}

fn frontdesk_focus(app: &mut App, field: OrderField) {
    let f = &mut app.model.screens.checkin.flow.as_mut().unwrap().order;
    f.focus_on(field);
}
