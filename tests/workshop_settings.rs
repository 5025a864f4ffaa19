//! The workshop policy in the shop settings: stored like the other settings (one key
//! each, with its version), checked on save, edited on the settings panel (F5) in either
//! language and printed by `frontdesk shop`.

mod support;

use chrono::{DateTime, Utc};
use frontdesk::app::RunMode;
use frontdesk::domain::kinds::StaffRole;
use frontdesk::i18n::Lang;
use frontdesk::store::staff::{self, NewStaff};
use frontdesk::store::workshop::{self, Policy};
use frontdesk::store::{Access, Store, StoreError, audit, settings};
use support::app::App;

fn now() -> DateTime<Utc> {
    support::app::now()
}

struct Shop {
    _dir: tempfile::TempDir,
    store: Store,
    supervisor: i64,
    advisor: i64,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fd.db"), Access::ReadWrite).unwrap();
    let new = |code: &str, name: &str, role| NewStaff {
        code: code.into(),
        name: name.into(),
        role,
    };
    let supervisor = store
        .write(None, now(), |tx| {
            staff::create(tx, &new("S01", "赵主管", StaffRole::Supervisor))
        })
        .unwrap();
    let advisor = store
        .write(Some(supervisor), now(), |tx| {
            staff::create(tx, &new("A01", "张伟", StaffRole::Advisor))
        })
        .unwrap();
    Shop {
        _dir: dir,
        store,
        supervisor,
        advisor,
    }
}

#[test]
fn a_shop_that_never_set_it_works_with_the_defaults() {
    let mut s = shop();
    let p = s.store.work_policy().unwrap();
    assert_eq!(p, Policy::default());
    assert_eq!(
        (
            p.approval_wait_minutes,
            p.discount_limit_cents,
            p.follow_up_days,
            p.follow_up_tries
        ),
        (30, 20_000, 3, 3)
    );
    assert_eq!(
        p.qc_checklist,
        [
            "qc_item.brakes",
            "qc_item.lights",
            "qc_item.fluids",
            "qc_item.tyres",
            "qc_item.test_drive",
            "qc_item.clean"
        ]
    );
    assert_eq!(s.store.shop_settings().unwrap().workshop, p);
}

#[test]
fn the_policy_is_saved_with_versions_checked_and_audited() {
    let mut s = shop();
    let mut edit = s.store.shop_settings().unwrap();
    edit.workshop = Policy {
        approval_wait_minutes: 45,
        discount_limit_cents: 50_000,
        follow_up_days: 2,
        follow_up_tries: 5,
        qc_checklist: vec!["qc_item.brakes".into(), "底盘螺丝紧固".into()],
    };
    let e = settings::save(&mut s.store, Some(s.advisor), now(), &edit).unwrap_err();
    assert!(matches!(e, StoreError::NotAllowed(_)), "{e}");
    let saved = settings::save(&mut s.store, Some(s.supervisor), now(), &edit).unwrap();
    assert_eq!(saved.workshop, edit.workshop);
    assert_eq!(s.store.work_policy().unwrap(), edit.workshop);
    assert_eq!(
        saved.versions.get(settings::QC_CHECKLIST),
        Some(&1),
        "stored like the others, with a version"
    );
    let a = &audit::recent(s.store.conn(), None, 1).unwrap()[0];
    let d: serde_json::Value = serde_json::from_str(&a.detail).unwrap();
    assert_eq!(d[settings::APPROVAL_WAIT]["to"], "45");
    assert_eq!(
        d[settings::QC_CHECKLIST]["to"],
        r#"["qc_item.brakes","底盘螺丝紧固"]"#
    );

    // A long checklist is fine (it is not a printed header line).
    let mut long = saved.clone();
    long.workshop.qc_checklist = (1..=12)
        .map(|i| format!("Check item number {i:02} with a long name"))
        .collect();
    let saved = settings::save(&mut s.store, Some(s.supervisor), now(), &long).unwrap();
    assert_eq!(saved.workshop.qc_checklist.len(), 12);

    // Saved from stale settings: refused, naming who changed them.
    let mut stale = edit.clone();
    stale.workshop.follow_up_days = 4;
    let e = settings::save(&mut s.store, Some(s.supervisor), now(), &stale).unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { by, .. } if by == "赵主管"),
        "{e:?}"
    );
}

/// A change to the policy under test.
type Change = fn(&mut Policy);

#[test]
fn values_out_of_range_are_refused_with_a_clear_reason() {
    let mut s = shop();
    let base = s.store.shop_settings().unwrap();
    let cases: Vec<(Change, &str)> = vec![
        (|p| p.approval_wait_minutes = 0, "approval wait"),
        (|p| p.approval_wait_minutes = 1441, "approval wait"),
        (|p| p.discount_limit_cents = -1, "discount limit"),
        (|p| p.discount_limit_cents = 10_000_001, "discount limit"),
        (|p| p.follow_up_days = 0, "follow-up call"),
        (|p| p.follow_up_days = 61, "follow-up call"),
        (|p| p.follow_up_tries = 0, "follow-up tries"),
        (|p| p.follow_up_tries = 11, "follow-up tries"),
        (|p| p.qc_checklist.clear(), "1 to 12 items"),
        (
            |p| p.qc_checklist = (0..13).map(|i| format!("项目{i}")).collect(),
            "1 to 12 items",
        ),
        (
            |p| p.qc_checklist = vec!["制动".into(), "制动".into()],
            "listed twice",
        ),
        (|p| p.qc_checklist = vec!["  ".into()], "blanks"),
        (|p| p.qc_checklist = vec!["x".repeat(41)], "at most 40"),
        (|p| p.qc_checklist = vec!["line\nbreak".into()], "one line"),
    ];
    for (change, why) in cases {
        let mut edit = base.clone();
        change(&mut edit.workshop);
        let e = settings::save(&mut s.store, Some(s.supervisor), now(), &edit).unwrap_err();
        assert!(
            matches!(&e, StoreError::Invalid(m) if m.contains(why)),
            "{why}: {e}"
        );
    }
    assert_eq!(s.store.work_policy().unwrap(), Policy::default());
    // A value stored by hand that is no number is reported, not guessed.
    s.store
        .conn()
        .execute(
            "INSERT INTO shop_settings (key, value, version, updated_at) VALUES (?1, 'lots', 1, '')",
            [settings::FOLLOW_UP_TRIES],
        )
        .unwrap();
    assert!(matches!(
        s.store.work_policy().unwrap_err(),
        StoreError::Invalid(m) if m.contains(settings::FOLLOW_UP_TRIES)
    ));
}

/// `frontdesk shop`, run as a process, in each language.
fn shop_cli(db: &std::path::Path, lang: &str) -> String {
    let home = db.parent().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["--db", db.to_str().unwrap(), "--lang", lang, "shop"])
        .env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("FRONTDESK_NOW", support::app::NOW)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_cli_prints_the_policy_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.db");
    {
        let mut store = Store::open(&db, Access::ReadWrite).unwrap();
        let supervisor = store
            .write(None, now(), |tx| {
                staff::create(
                    tx,
                    &NewStaff {
                        code: "S01".into(),
                        name: "赵主管".into(),
                        role: StaffRole::Supervisor,
                    },
                )
            })
            .unwrap();
        let mut edit = store.shop_settings().unwrap();
        edit.workshop.qc_checklist = vec!["qc_item.brakes".into(), "底盘".into()];
        settings::save(&mut store, Some(supervisor), now(), &edit).unwrap();
    }
    let en = shop_cli(&db, "en");
    for line in [
        "Approval wait: 30 min",
        "Discount limit: ¥200.00",
        "Follow-up after: 3 days, 3 tries",
        "QC checklist: Brakes, 底盘",
    ] {
        assert!(en.lines().any(|l| l == line), "{line}: {en}");
    }
    let zh = shop_cli(&db, "zh-CN");
    for line in ["客户确认时限: 30 分钟", "质检清单: 制动、底盘"] {
        assert!(zh.lines().any(|l| l == line), "{line}: {zh}");
    }
}

#[test]
fn every_reader_sees_the_policy_on_the_settings_panel() {
    for (lang, words) in [
        (
            Lang::En,
            [
                "Workshop",
                "Approval wait",
                "30 min",
                "¥200.00",
                "Brakes, Lights",
            ],
        ),
        (
            Lang::ZhCn,
            ["车间", "客户确认时限", "30 分钟", "¥200.00", "制动、灯光"],
        ),
    ] {
        let mut app = App::demo(lang, RunMode::Console);
        app.press("F5");
        let s = app.screen();
        for w in words {
            assert!(s.contains(w), "{w}: {s}");
        }
        assert!(s.contains("2027-01-02"), "the holidays still show: {s}");
        let (big, _) = app.draw(120, 40);
        assert!(big.contains(words[4]), "{big}");
    }
}

#[test]
fn a_supervisor_edits_the_policy_on_the_panel_and_a_bad_value_is_refused_beside_it() {
    let mut app = App::demo(Lang::En, RunMode::Console);
    app.sign_in_as("S01");
    app.press("F5 e");
    // The five workshop fields come after the capacity: the form scrolls to them.
    for _ in 0..17 {
        app.press("Tab");
    }
    let s = app.screen();
    assert!(
        s.contains("Approval wait") && s.contains("QC checklist"),
        "{s}"
    );
    assert!(
        s.contains("Brakes, Lights, Fluids, Tyres, Test drive, Car clean"),
        "{s}"
    );
    app.type_text("0");
    app.press("C-s");
    let s = app.screen();
    let row = s.lines().find(|l| l.contains("Approval wait")).unwrap();
    assert!(row.contains("1 to 1440 minutes"), "{s}");
    app.press("C-u");
    app.type_text("20");
    app.press("Tab Tab Tab Tab C-u");
    app.type_text("刹车, Lights，底盘紧固、 路试 ");
    app.press("C-s");
    assert!(
        app.model.screens.settings.edit.is_none(),
        "{}",
        app.screen()
    );
    let p = app.fx.store.work_policy().unwrap();
    assert_eq!(p.approval_wait_minutes, 20);
    assert_eq!(
        p.qc_checklist,
        ["刹车", "qc_item.lights", "底盘紧固", "qc_item.test_drive"],
        "built-in words are kept as their keys"
    );
    // A list with an item twice is refused beside the field.
    app.press("e");
    for _ in 0..21 {
        app.press("Tab");
    }
    app.press("C-u");
    app.type_text("Brakes, 制动");
    app.press("C-s");
    let s = app.screen();
    assert!(s.contains("none twice"), "{s}");
    assert_eq!(app.fx.store.work_policy().unwrap(), p, "nothing saved");
    app.press("Esc y");
    let s = app.screen();
    assert!(
        s.contains("20 min") && s.contains("刹车, Lights, 底盘紧固"),
        "{s}"
    );
    assert_eq!(workshop::policy(app.store().conn()).unwrap(), p);
}
