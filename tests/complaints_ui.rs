//! The complaint intake on F3 (issue 11): `n` opens it on the description; the customer
//! is found by a phone tail and taken with Enter, their last order linked; a complaint is
//! logged in at most 12 keys beyond the free text; a bad time is refused next to its
//! field with nothing saved; the coaching follows the chosen nature; the list shows every
//! clock and the status line counts the overdue ones. Snapshots in both languages at
//! 80×24 and 120×40.

mod support;

use frontdesk::app::RunMode;
use frontdesk::app::screens::complaints::IntakeField;
use frontdesk::domain::kinds::{
    ComplaintCategory, ComplaintChannel, ComplaintNature, ComplaintStage,
};
use frontdesk::i18n::Lang;
use support::app::App;

/// A customer of the demo with a vehicle and an order, found first by the last four
/// digits of their phone: (name, tail).
fn tail_customer(app: &App) -> (String, String) {
    let store = app.store();
    let mut st = store
        .conn()
        .prepare(
            "SELECT c.name, c.phone FROM customers c JOIN vehicles v ON v.customer_id = c.id \
             JOIN repair_orders r ON r.vehicle_id = v.id WHERE c.phone IS NOT NULL \
             GROUP BY c.id ORDER BY c.id",
        )
        .unwrap();
    let rows: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, phone) in rows {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let tail = digits[digits.len() - 4..].to_string();
        let hits = store.search(&tail, 6).unwrap();
        if hits.first().is_some_and(|h| h.customer_name == name)
            && hits.iter().filter(|h| h.customer_name != name).count() == 0
        {
            return (name, tail);
        }
    }
    panic!("no demo customer is found alone by a phone tail");
}

fn open_count(app: &mut App) -> usize {
    app.fx.store.complaints(false).unwrap().len()
}

#[test]
fn a_complaint_is_logged_in_at_most_twelve_keys_beyond_the_free_text() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let (name, tail) = tail_customer(&app);
    let before = open_count(&mut app);
    app.press("F3");
    let mut keys = 0;
    let mut press = |app: &mut App, k: &str| {
        keys += k.split(' ').count();
        app.press(k);
    };
    press(&mut app, "n");
    let i = app
        .model
        .screens
        .complaints
        .intake
        .as_ref()
        .expect("the intake is open");
    assert_eq!(i.form.focused(), Some(IntakeField::Description));
    app.type_text("Waited two hours and nobody came");
    // Channel: phone/hotline, one down from the counter.
    press(&mut app, "Tab Down Tab");
    app.type_text(&tail);
    let s = app.screen();
    assert!(s.contains(&name), "the lookup offers {name}:\n{s}");
    press(&mut app, "Enter");
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert_eq!(i.form.focused(), Some(IntakeField::Nature));
    assert!(i.customer.is_some());
    assert!(
        !i.orders.is_empty(),
        "the customer's recent orders are offered"
    );
    // Venting; waiting time (attitude, quality, price, waiting).
    press(&mut app, "Down Tab Down Down Down C-s");
    println!("keys beyond the free text: {keys}");
    assert!(keys <= 12, "{keys} keys");
    assert!(
        app.model.screens.complaints.intake.is_none(),
        "{}",
        app.screen()
    );
    let all = app.fx.store.complaints(false).unwrap();
    assert_eq!(all.len(), before + 1);
    let c = all.iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(c.description, "Waited two hours and nobody came");
    assert_eq!(c.channel, ComplaintChannel::Phone);
    assert_eq!(c.customer_name.as_deref(), Some(name.as_str()));
    assert!(c.vehicle_id.is_some() && c.repair_order_id.is_some());
    assert_eq!(c.nature, ComplaintNature::Vent);
    assert_eq!(c.category, ComplaintCategory::Waiting);
    assert_eq!(c.stage, ComplaintStage::Received);
    assert_eq!(c.received_by_name, "张伟");
    let s = app.screen();
    assert!(
        s.contains(&c.number) && s.contains("report it within 1h"),
        "{s}"
    );
}

#[test]
fn a_bad_time_is_refused_next_to_its_field_and_nothing_is_saved() {
    let mut app = App::demo(Lang::ZhCn, RunMode::Console);
    let before = open_count(&mut app);
    app.press("F3 n");
    // Nothing said yet: refused on the description.
    app.press("C-s");
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert_eq!(i.form.focused(), Some(IntakeField::Description));
    assert!(app.screen().contains("请按客户原话记录事情经过"));
    app.type_text("洗车后车内有水渍");
    // Received at: a time later than now.
    for _ in 0..11 {
        app.press("Tab");
    }
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert_eq!(i.form.focused(), Some(IntakeField::ReceivedAt));
    app.type_text("2026-11-23 18:00");
    app.press("C-s");
    let s = app.screen();
    assert!(s.contains("受理时间不能晚于现在"), "{s}");
    assert_eq!(open_count(&mut app), before);
    // Anonymous, with a contact, at the right time: recorded.
    let i = app.model.screens.complaints.intake.as_mut().unwrap();
    i.form.set_text(IntakeField::ReceivedAt, "2026-11-23 08:40");
    i.form.set_text(IntakeField::Contact, "139 1234 5678");
    app.press("C-s");
    let all = app.fx.store.complaints(false).unwrap();
    assert_eq!(all.len(), before + 1);
    let c = all.iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(c.customer_id, None);
    assert_eq!(c.contact.as_deref(), Some("139 1234 5678"));
    // Esc on a typed intake asks first.
    app.press("n");
    app.type_text("x");
    app.press("Esc");
    assert!(app.model.screens.complaints.intake.is_some());
}

#[test]
fn a_caller_not_on_file_is_registered_as_a_new_customer_with_the_complaint() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    let before = open_count(&mut app);
    let customers = |app: &App| -> i64 {
        app.store()
            .conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
            .unwrap()
    };
    let people = customers(&app);
    app.press("F3 n");
    app.type_text("Car not ready at the promised time");
    app.press("Tab Tab");
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert!(
        i.form.is_hidden(IntakeField::OnFile),
        "asked only of a name"
    );
    app.type_text("Ms Kowalski");
    app.press("Tab");
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert_eq!(i.form.focused(), Some(IntakeField::OnFile));
    assert!(app.screen().contains("Not on file"), "{}", app.screen());
    app.press("Down");
    assert!(app.screen().contains("register as a new customer"));
    // No phone: refused beside the contact, nobody registered, nothing recorded.
    app.press("C-s");
    let s = app.screen();
    assert!(
        s.contains("A new customer needs a phone number here"),
        "{s}"
    );
    let i = app.model.screens.complaints.intake.as_ref().unwrap();
    assert_eq!(i.form.focused(), Some(IntakeField::Contact));
    assert_eq!(customers(&app), people);
    assert_eq!(open_count(&mut app), before);
    app.type_text("12");
    app.press("C-s");
    assert!(
        app.model.screens.complaints.intake.is_some(),
        "a bad number is refused"
    );
    assert_eq!(customers(&app), people);
    app.press("C-u");
    app.type_text("138 0013 9931");
    app.press("C-s");
    assert!(
        app.model.screens.complaints.intake.is_none(),
        "{}",
        app.screen()
    );
    assert_eq!(customers(&app), people + 1);
    let all = app.fx.store.complaints(false).unwrap();
    assert_eq!(all.len(), before + 1);
    let c = all.iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(c.customer_name.as_deref(), Some("Ms Kowalski"));
    assert_eq!(c.contact, None, "the phone is on the customer now");
    let phone: String = app
        .store()
        .conn()
        .query_row(
            "SELECT phone FROM customers WHERE id = ?1",
            [c.customer_id.unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(phone, "13800139931");
    // The next call finds them by the phone's tail.
    let hits = app.store().search("9931", 6).unwrap();
    assert!(hits.iter().any(|h| h.customer_name == "Ms Kowalski"));
    // Kept with the contact instead, the default: no record made.
    app.press("n");
    app.type_text("Rude on the phone");
    app.press("Tab Tab");
    app.type_text("Mr Nowak");
    let i = app.model.screens.complaints.intake.as_mut().unwrap();
    i.form.set_text(IntakeField::Contact, "139 1234 0000");
    app.press("C-s");
    assert_eq!(customers(&app), people + 1);
    let all = app.fx.store.complaints(false).unwrap();
    let c = all.iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(c.customer_id, None);
    assert_eq!(c.contact.as_deref(), Some("Mr Nowak 139 1234 0000"));
}

#[test]
fn the_coaching_follows_the_nature() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F3 n");
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("Good reasons") && s.contains("Never argue"),
        "{s}"
    );
    app.press("Tab Tab Tab Down");
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("Mostly listen") && s.contains("Do not tell them to calm down"),
        "{s}"
    );
}

#[test]
fn snapshots_of_the_intake() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        app.press("F3 n");
        app.type_text("修完后异响又出现 / The noise is back");
        app.press("Tab Tab");
        app.type_text("王");
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = app.draw(w, h);
            insta::assert_snapshot!(format!("intake_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn the_list_filters_by_stage_category_and_overdue_in_either_language() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F3 /");
    app.type_text("超时");
    let shown = app.model.screens.complaints.list.visible().len();
    assert_eq!(shown, app.model.screens.complaints.overdue);
    assert!(shown > 0);
    app.press("C-u");
    app.type_text("supervised");
    let rows = app.model.screens.complaints.list.visible();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|e| e.row.stage == ComplaintStage::Supervised)
    );
}

#[test]
fn snapshots_of_the_detail_and_a_step() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        // The supervised complaint with the most recorded.
        app.press("F3 /");
        app.type_text(match lang {
            Lang::En => "supervised",
            Lang::ZhCn => "已督办",
        });
        app.press("Enter Enter");
        assert!(app.model.screens.complaints.detail.is_some());
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = app.draw(w, h);
            insta::assert_snapshot!(format!("complaint_detail_{}_{w}x{h}", lang.code()), text);
        }
        app.press("p");
        let (text, _) = app.draw(80, 24);
        insta::assert_snapshot!(format!("complaint_step_{}_80x24", lang.code()), text);
    }
}

#[test]
fn a_complaint_not_reported_in_time_is_put_before_a_supervisor_at_the_next_key() {
    // An advisor is not asked.
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("Down");
    assert!(app.model.shell.overlays.is_empty());

    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    // The minute's reading of the complaints finds it again.
    app.send(frontdesk::app::Msg::Tick(support::app::now()));
    app.press("Down");
    let s = app.screen();
    assert!(
        s.contains("A complaint not reported in time") && s.contains("has not been reported"),
        "{s}"
    );
    let late = app
        .fx
        .store
        .complaints(true)
        .unwrap()
        .into_iter()
        .filter(|c| c.reported_at.is_none())
        .min_by_key(|c| c.received_at)
        .unwrap();
    assert!(s.contains(&late.number), "the longest late first:\n{s}");
    app.press("Enter");
    let d = app
        .model
        .screens
        .complaints
        .detail
        .as_ref()
        .expect("opened");
    assert_eq!(d.entry.row.id, late.id);
    assert!(app.screen().contains(&format!("{}  Received", late.number)));
    // Put before them once per reading of the list, not at every key.
    app.press("Down");
    assert!(app.model.shell.overlays.is_empty());
}

#[test]
fn the_analysis_of_a_month_counts_what_was_received_in_it() {
    use frontdesk::app::screens::complaints::analysis;
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.press("F3 s");
    let (month, a) = app
        .model
        .screens
        .complaints
        .analysis
        .clone()
        .expect("shown");
    assert_eq!(month, chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let a = a.expect("read");
    let zone = support::app::zone();
    let all = app.fx.store.complaints(false).unwrap();
    let in_nov = |c: &&frontdesk::store::complaints::ComplaintRow| {
        zone.to_local(c.received_at).date_naive() >= month
    };
    let nov: Vec<_> = all.iter().filter(in_nov).collect();
    assert_eq!(a.total, nov.len());
    assert_eq!(
        a.by_category.iter().map(|(_, n)| n).sum::<usize>(),
        nov.len()
    );
    assert_eq!(
        a.by_channel.iter().map(|(_, n)| n).sum::<usize>(),
        nov.len()
    );
    // Reported in time: those whose report was done within the hour of opening time.
    assert!(a.report.counted > 0 && a.report.met < a.report.counted);
    assert!(a.reopened.met >= 1, "the demo's reopened complaint");
    assert!(a.avg_close.is_some());
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("Complaints 2026-11-01 – 2026-11-30") && s.contains("reported in 1 h"),
        "{s}"
    );
    // The month before.
    app.press("Left");
    let (m, _) = app.model.screens.complaints.analysis.clone().unwrap();
    assert_eq!(m, chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
    assert_eq!(
        analysis::month_of(m).1,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    );
    app.press("Esc");
    assert!(app.model.screens.complaints.analysis.is_none());
}

#[test]
fn snapshots_of_the_analysis() {
    for lang in Lang::ALL {
        let mut app = App::demo(lang, RunMode::Console);
        app.press("F3 s");
        for (w, h) in [(80, 24), (120, 40)] {
            let (text, _) = app.draw(w, h);
            insta::assert_snapshot!(format!("complaint_analysis_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn a_supervisor_sets_the_complaint_clocks_on_the_settings_panel() {
    use frontdesk::domain::complaint::Counting;
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F5");
    let s = app.draw(120, 40).0;
    assert!(
        s.contains("Complaint clocks") && s.contains("1 h, opening hours"),
        "{s}"
    );
    app.press("e");
    // The complaint clocks come after the QC checklist.
    for _ in 0..22 {
        app.press("Tab");
    }
    let s = app.draw(120, 40).0;
    assert!(s.contains("Report within"), "{s}");
    app.type_text("0");
    app.press("C-s");
    let s = app.draw(120, 40).0;
    let row = s.lines().find(|l| l.contains("Report within")).unwrap();
    assert!(row.contains("Minutes from 1 to 10080"), "{s}");
    assert_eq!(
        frontdesk::store::settings::load(app.store().conn())
            .unwrap()
            .complaints
            .report
            .minutes,
        60
    );
    app.press("C-u");
    app.type_text("30");
    // Counted in calendar time; answer in 48 hours; the clocks never stand still.
    app.press("Tab Down Tab C-u");
    app.type_text("48");
    app.press("Tab Tab Tab Up Up Up C-s");
    assert!(
        app.model.screens.settings.edit.is_none(),
        "{}",
        app.screen()
    );
    let p = frontdesk::store::settings::load(app.store().conn())
        .unwrap()
        .complaints;
    assert_eq!(p.report.minutes, 30);
    assert_eq!(p.report.counting, Counting::Calendar);
    assert_eq!(p.answer.minutes, 48 * 60);
    assert!(p.pause_in.is_empty(), "{p:?}");
}

#[test]
fn the_minute_tick_moves_the_clocks_from_memory_and_a_commit_elsewhere_reads_them_again() {
    use frontdesk::app::screens::complaints::Effect as CpEffect;
    use frontdesk::app::{Effect, Msg};
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F3");
    let open = app.model.screens.complaints.list.rows.len();
    assert!(open > 0, "the demo has open complaints");
    let before = app.model.screens.complaints.overdue;
    let selected = app
        .model
        .screens
        .complaints
        .list
        .current()
        .map(|e| e.row.id);
    let reads = |effects: &[Effect]| {
        effects.iter().any(|e| {
            matches!(
                e,
                Effect::Complaints(CpEffect::Load | CpEffect::Refresh(_) | CpEffect::Detail(_))
            )
        })
    };
    // Three days on: every clock still running is past due, worked out with no read.
    let later = support::app::now() + chrono::Duration::days(3);
    let effects = app.model.update(Msg::Tick(later));
    assert!(!reads(&effects), "{effects:?}");
    let c = &app.model.screens.complaints;
    assert_eq!(c.list.rows.len(), open);
    assert!(c.overdue > before, "{before} -> {}", c.overdue);
    assert_eq!(
        c.overdue,
        c.list.rows.iter().filter(|e| e.overdue > 0).count()
    );
    assert_eq!(
        c.list.current().map(|e| e.row.id),
        selected,
        "same one selected"
    );
    // On F2, another counter commits: the complaints are read again (the status line's
    // overdue count), as is the panel shown.
    app.press("F2");
    let effects = app.model.update(Msg::DataChanged);
    assert!(reads(&effects), "{effects:?}");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::WorkOrders(_))),
        "{effects:?}"
    );
}

#[test]
fn coming_back_to_the_complaints_reads_them_again_only_when_something_was_committed() {
    use frontdesk::store::{Access, Store};
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F3");
    let id = app.model.screens.complaints.list.rows[0].row.id;
    let text = |app: &App| {
        let c = &app.model.screens.complaints.list.rows;
        c.iter()
            .find(|e| e.row.id == id)
            .unwrap()
            .row
            .description
            .clone()
    };
    let real = text(&app);
    // A mark on the row in memory: reading the list again puts the real text back.
    let mark = |app: &mut App| {
        let rows = &mut app.model.screens.complaints.list.rows;
        rows.iter_mut()
            .find(|e| e.row.id == id)
            .unwrap()
            .row
            .description = "MARK".into();
    };
    mark(&mut app);
    app.press("F1 F3");
    assert_eq!(
        text(&app),
        "MARK",
        "nothing committed: the rows in hand are current"
    );
    app.press("Enter Esc");
    assert_eq!(
        text(&app),
        "MARK",
        "a complaint looked at, nothing done on it"
    );
    let other = Store::open(app.store().path(), Access::ReadWrite).unwrap();
    support::app::touch(other.conn());
    app.press("F1 F3");
    assert_eq!(
        text(&app),
        real,
        "read again after another program's commit"
    );
    mark(&mut app);
    // This counter's write to a table the list does not read (a staff member's name).
    support::app::touch(app.fx.store.conn());
    app.press("F1 F3");
    assert_eq!(
        text(&app),
        "MARK",
        "this counter's write to a table the list does not read"
    );
    // ... and to one it reads (a complaint's event).
    app.fx
        .store
        .conn()
        .execute(
            "UPDATE complaint_events SET note = 'called' WHERE id = (SELECT min(id) FROM complaint_events)",
            [],
        )
        .unwrap();
    app.press("F1 F3");
    assert_eq!(
        text(&app),
        real,
        "read again after this counter's own write"
    );
}
