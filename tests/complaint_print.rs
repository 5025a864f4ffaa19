//! `frontdesk print complaint CP-…` and `frontdesk print supervision CP-…` (issue 11):
//! the customer feedback form and the supervision order written to the exports folder in
//! the user's language (a second copy beside the first, never over it); an unknown number
//! or a complaint without an order refused with one sentence.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use frontdesk::store::{Access, Store, complaints};
use support::pty::{BIN, NOW, TZ, demo_db};

fn frontdesk(home: &Path, db: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--lang", lang])
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", TZ)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run frontdesk")
}

#[test]
fn both_documents_print_from_the_command_line_and_a_wrong_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let (supervised, plain) = {
        let store = Store::open(&db, Access::ReadOnly).unwrap();
        let all = complaints::list(store.conn(), false).unwrap();
        let with = all
            .iter()
            .find(|c| c.reopen_count == 1)
            .unwrap()
            .number
            .clone();
        let without = all.iter().find(|c| !c.escalated).unwrap().number.clone();
        (with, without)
    };
    let out = frontdesk(&home, &db, "zh-CN", &["print", "complaint", &supervised]);
    let first = support::output::ok(&out).trim().to_string();
    assert!(
        first.ends_with(&format!("{supervised}-feedback.html")),
        "{first}"
    );
    let html = std::fs::read_to_string(&first).unwrap();
    assert!(html.contains("客户信息反馈处理单") && html.contains(&supervised));
    let out = frontdesk(&home, &db, "zh-CN", &["print", "complaint", &supervised]);
    let second = support::output::ok(&out).trim().to_string();
    assert!(second.ends_with("-feedback-2.html"), "{second}");
    assert!(Path::new(&first).exists(), "the first copy is kept");

    let out = frontdesk(&home, &db, "en", &["print", "supervision", &supervised]);
    let path = support::output::ok(&out).trim().to_string();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("Supervision order") && html.contains("Instruction"));

    let out = frontdesk(&home, &db, "en", &["print", "supervision", &plain]);
    assert_eq!(
        support::output::one_sentence(&out),
        format!("frontdesk: Complaint {plain} has no supervision order yet.")
    );
    let out = frontdesk(
        &home,
        &db,
        "zh-CN",
        &["print", "complaint", "CP-20990101-0001"],
    );
    assert_eq!(
        support::output::one_sentence(&out),
        "frontdesk: 没有编号为 CP-20990101-0001 的投诉。"
    );
}

#[test]
fn the_coaching_is_exported_edited_and_imported_for_the_whole_shop() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let file = dir.path().join("coaching.toml");
    let f = file.to_str().unwrap();
    let out = frontdesk(&home, &db, "en", &["coaching", "export", "--file", f]);
    support::output::ok(&out);
    let built_in = std::fs::read_to_string(&file).unwrap();
    assert_eq!(built_in, frontdesk::coaching::BUILT_IN);
    // An existing file is never written over.
    let out = frontdesk(&home, &db, "en", &["coaching", "export", "--file", f]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), built_in);

    // A file missing a nature is refused, nothing stored.
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, built_in.replace("[vent]", "[venting]")).unwrap();
    let b = broken.to_str().unwrap();
    let out = frontdesk(
        &home,
        &db,
        "en",
        &["--staff", "S01", "coaching", "import", "--file", b],
    );
    let said = support::output::one_sentence(&out);
    assert!(
        said.contains("was not imported") && said.contains("venting"),
        "{said}"
    );
    // An advisor may not change it.
    let edited = dir.path().join("edited.toml");
    let text = built_in.replace(
        "Mostly listen, until the customer is calm",
        "Listen first, then ask what would help",
    );
    std::fs::write(&edited, &text).unwrap();
    let e = edited.to_str().unwrap();
    let out = frontdesk(
        &home,
        &db,
        "en",
        &["--staff", "A01", "coaching", "import", "--file", e],
    );
    assert!(!out.status.success());
    let out = frontdesk(
        &home,
        &db,
        "en",
        &["--staff", "S01", "coaching", "import", "--file", e],
    );
    assert!(support::output::ok(&out).contains("is now the shop's complaint coaching"));
    let out = frontdesk(&home, &db, "en", &["coaching", "export"]);
    assert_eq!(support::output::ok(&out), text);
    let store = Store::open(&db, Access::ReadOnly).unwrap();
    let c = frontdesk::coaching::Coaching::parse(
        &frontdesk::store::settings::coaching_text(store.conn())
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let vent = c
        .advice(frontdesk::domain::kinds::ComplaintNature::Vent)
        .unwrap();
    assert_eq!(vent.respond.en, "Listen first, then ask what would help");
}
