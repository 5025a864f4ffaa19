//! The catalog panel (F7, issue 15): a supervisor or manager keeps the catalog in the
//! console — changes a price (audited, added to the history, orders already written keep
//! theirs), adds a package by typed lines, withdraws and restores entries (the completion
//! follows) — a bad value is refused next to its field, a concurrent change is caught;
//! an advisor sees it read-only. Snapshots in both languages at 80×24 and 120×40.

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::catalog::EntryField;
use frontdesk::i18n::Lang;
use frontdesk::store::audit;
use frontdesk::store::catalog::{self, HitKind, keep};
use support::app::App;

const PART: &str = "OF-04E115561H";

fn catalog_screen(app: &App) -> &frontdesk::app::screens::catalog::Catalog {
    &app.model.screens.catalog
}

/// The parts list searched down to `query`, the first entry selected.
fn find_part(app: &mut App, query: &str) {
    app.press("F7 Right /");
    app.type_text(query);
    app.press("Enter");
    assert_eq!(catalog_screen(app).kind, HitKind::Part);
}

#[test]
fn an_advisor_sees_the_catalog_read_only() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F7");
    let s = app.screen();
    assert!(
        s.contains("Job catalog") && s.contains("Labour operations"),
        "{s}"
    );
    assert!(
        s.contains("93 in all") && s.contains("AC-BLOWER"),
        "the operations, by code: {s}"
    );
    assert!(
        s.lines().next().unwrap().contains("Catalog"),
        "the tab: {s}"
    );
    app.press("n");
    assert!(catalog_screen(&app).editing.is_none());
    assert!(app.screen().contains("Only a supervisor or manager"));
    app.press("e x");
    assert!(catalog_screen(&app).editing.is_none());
    assert!(app.model.shell.overlay().is_none(), "no question asked");
    // Alt-7 reaches the same panel.
    app.press("F1 A-7");
    assert!(app.screen().contains("Job catalog"));
}

#[test]
fn a_supervisor_changes_a_price_audited_with_its_history_and_orders_keep_theirs() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    let c = app.fx.store.conn();
    let old = catalog::part_by_number(c, PART).unwrap().unwrap();
    // An order line written from the catalog before the change.
    let lines_before: Vec<(i64, i64)> = c
        .prepare("SELECT id, unit_price_cents FROM repair_order_lines ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    find_part(&mut app, PART);
    assert_eq!(catalog_screen(&app).current().unwrap().code, PART);
    assert!(app.screen().contains("Price history"), "{}", app.screen());
    app.press("e");
    let e = catalog_screen(&app).editing.as_ref().expect("the form");
    assert_eq!(e.form.focused(), Some(EntryField::NameZh));
    // A bad price is refused next to the field; nothing saved.
    app.press("Tab Tab Tab C-u");
    app.type_text("12,3x");
    app.press("C-s");
    let e = catalog_screen(&app).editing.as_ref().expect("still open");
    assert!(e.form.error(EntryField::Price).is_some());
    assert_eq!(e.form.focused(), Some(EntryField::Price));
    let s = app.screen();
    let row = s.lines().find(|l| l.contains("12,3x")).unwrap();
    assert!(row.contains("Price"), "the message beside the field: {s}");
    assert!(
        s.contains("“x”") && !s.contains('{'),
        "the reason reads in full: {s}"
    );
    assert_eq!(
        catalog::part_by_number(app.fx.store.conn(), PART)
            .unwrap()
            .unwrap()
            .price_cents,
        old.price_cents
    );
    app.press("C-u");
    app.type_text("88.50");
    app.press("C-s");
    assert!(catalog_screen(&app).editing.is_none(), "{}", app.screen());
    let c = app.fx.store.conn();
    let new = catalog::part_by_number(c, PART).unwrap().unwrap();
    assert_eq!(new.price_cents, 8850);
    assert_eq!(new.version, old.version + 1);
    let prices = keep::prices(c, HitKind::Part, new.id).unwrap();
    assert_eq!(prices.len(), 2);
    assert_eq!(prices[0].price_cents, Some(8850));
    assert_eq!(
        prices[0].by.as_deref(),
        Some(app.model.shell.staff.as_ref().unwrap().name.as_str())
    );
    assert_eq!(prices[1].price_cents, Some(old.price_cents));
    let a = &audit::recent(c, Some(("catalog_parts", new.id)), 1).unwrap()[0];
    assert_eq!(a.action, "catalog.change");
    assert!(
        a.detail
            .contains(&format!("\"price_cents\":{}", old.price_cents))
            && a.detail.contains("\"price_cents\":8850"),
        "before and after: {}",
        a.detail
    );
    let lines_after: Vec<(i64, i64)> = c
        .prepare("SELECT id, unit_price_cents FROM repair_order_lines ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines_after, lines_before, "no order line changed");
    let s = app.screen();
    assert!(s.contains("88.50") && s.contains("(current)"), "{s}");
    assert!(s.contains("keep their prices"), "{s}");
}

#[test]
fn a_change_made_meanwhile_at_another_counter_is_never_overwritten() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("M01");
    find_part(&mut app, PART);
    app.press("e");
    // Meanwhile another counter changes the same part.
    let other = frontdesk::store::staff::by_code(app.fx.store.conn(), "S01")
        .unwrap()
        .unwrap();
    let item = catalog_screen(&app).current().unwrap().clone();
    app.fx
        .store
        .write(Some(other.id), support::app::now(), |tx| {
            keep::save(
                tx,
                &keep::Entry::Part(catalog::NewPart {
                    part_number: PART.into(),
                    name_zh: item.name_zh.clone(),
                    name_en: item.name_en.clone(),
                    unit: item.unit.unwrap(),
                    price_cents: 7777,
                    in_stock: true,
                }),
                Some((item.id, item.version)),
            )
        })
        .unwrap();
    app.press("Tab Tab Tab C-u");
    app.type_text("99");
    app.press("C-s");
    let s = app.screen();
    assert!(
        s.contains("changed this at 09:00 after you opened it"),
        "{s}"
    );
    assert!(
        catalog_screen(&app).editing.is_some(),
        "what was typed stays on the screen"
    );
    let now = catalog::part_by_number(app.fx.store.conn(), PART)
        .unwrap()
        .unwrap();
    assert_eq!(now.price_cents, 7777, "the other counter's change stands");
}

#[test]
fn a_package_is_added_from_typed_lines_and_an_unknown_code_is_refused_beside_them() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F7 Left");
    assert_eq!(catalog_screen(&app).kind, HitKind::Package);
    app.press("n");
    app.type_text("by-test");
    app.press("Tab");
    app.type_text("测试保养");
    app.press("Tab");
    app.type_text("Test service");
    app.press("Tab");
    app.type_text("12000");
    app.press("Tab");
    app.type_text("BY-OIL×1, NO-SUCH×2");
    app.press("C-s");
    let e = catalog_screen(&app).editing.as_ref().expect("still open");
    let err = e.form.error(EntryField::Lines).expect("beside the lines");
    assert_eq!(err.key, "error.catalog.unknown_item");
    assert!(app.screen().contains("NO-SUCH"));
    app.press("C-u");
    app.type_text(&format!("BY-OIL×1, {PART}×1, BY-CHK"));
    app.press("C-s");
    assert!(catalog_screen(&app).editing.is_none(), "{}", app.screen());
    let hits = app.fx.store.catalog_complete("BY-TEST", 5, 30_000).unwrap();
    assert_eq!(hits[0].code, "BY-TEST");
    assert_eq!(hits[0].kind, HitKind::Package);
    let lines = catalog::package_lines(app.fx.store.conn(), hits[0].id).unwrap();
    assert_eq!(
        lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(),
        ["BY-OIL", PART, "BY-CHK"]
    );
    let a = &audit::recent(
        app.fx.store.conn(),
        Some(("catalog_packages", hits[0].id)),
        1,
    )
    .unwrap()[0];
    assert_eq!(a.action, "catalog.add");
    // Its code is now taken.
    app.press("n");
    app.type_text("BY-TEST");
    app.press("Tab");
    app.type_text("再来一个");
    app.press("Tab Tab Tab");
    app.type_text("BY-OIL");
    app.press("C-s");
    let e = catalog_screen(&app).editing.as_ref().expect("still open");
    assert_eq!(
        e.form.error(EntryField::Code).unwrap().key,
        "catalog.error.code_taken"
    );
}

#[test]
fn a_withdrawn_entry_leaves_the_completion_and_one_a_package_uses_stays() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    // The oil filter is in the 10,000 km package: refused.
    find_part(&mut app, PART);
    app.press("x y");
    assert!(app.screen().contains("still uses it"), "{}", app.screen());
    assert!(
        catalog::part_by_number(app.fx.store.conn(), PART)
            .unwrap()
            .is_some()
    );
    assert!(catalog_screen(&app).current().unwrap().active);
    // A part no package uses.
    let free: String = app
        .fx
        .store
        .conn()
        .query_row(
            "SELECT part_number FROM catalog_parts p WHERE NOT EXISTS \
             (SELECT 1 FROM catalog_package_lines l WHERE l.part_id = p.id) \
             ORDER BY part_number LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let offered = |app: &App| {
        app.fx
            .store
            .catalog_complete(&free, 5, 30_000)
            .unwrap()
            .iter()
            .any(|h| h.code == free)
    };
    assert!(offered(&app));
    app.press("Esc /");
    app.type_text(&free);
    app.press("Enter x y");
    assert!(!offered(&app), "withdrawn: not offered");
    assert!(app.screen().contains("[withdrawn]"), "{}", app.screen());
    let item = catalog_screen(&app).current().unwrap().clone();
    assert!(!item.active, "still listed, searched by its code");
    let a = &audit::recent(app.fx.store.conn(), Some(("catalog_parts", item.id)), 1).unwrap()[0];
    assert_eq!(a.action, "catalog.withdraw");
    app.press("x y");
    assert!(offered(&app), "restored");
}

#[test]
fn snapshot_the_catalog_panel() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        app.sign_in_as("S01");
        find_part(&mut app, PART);
        app.press("e Tab Tab Tab C-u");
        app.type_text("88.50");
        app.press("C-s");
        // The note names the change; the history shows both prices.
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("catalog_parts_{}_{wd}x{h}", lang.code()),
                app.draw(wd, h).0
            );
        }
        app.press("Esc Right /");
        app.type_text("BY-10K");
        app.press("Enter");
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("catalog_packages_{}_{wd}x{h}", lang.code()),
                app.draw(wd, h).0
            );
        }
        app.press("e");
        for (wd, h) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("catalog_package_form_{}_{wd}x{h}", lang.code()),
                app.draw(wd, h).0
            );
        }
    }
}
