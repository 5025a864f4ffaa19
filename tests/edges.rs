//! Safe at the edges: bad files and bad environments, run against the real binary.
//!
//! Every case checks what the user sees (one sentence naming the file, in their
//! language) and what is left on disk (the file's bytes, and nothing created beside it).
//! Cases that need another OS user or a small tmpfs run where the test runs as root (as
//! `.ci/run` does) and say why they skipped otherwise.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::output::{has_cjk, listing, ok, one_sentence};

use frontdesk::store::file::APPLICATION_ID;
use frontdesk::store::{Access, Store, staff};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");
const NOW: &str = "2026-11-23T09:00:00+08:00";

fn cmd(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "C.UTF-8")
        .stdin(std::process::Stdio::null());
    c
}

fn run(home: &Path, args: &[&str]) -> Output {
    cmd(home, args).output().expect("run frontdesk")
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("fd.sqlite");
    ok(&run(dir, &["--db", db.to_str().unwrap(), "demo"]));
    db
}

/// Files that are not frontdesk databases, or not usable ones, each with a word its
/// English message must contain.
fn bad_files(dir: &Path, demo_db: &Path) -> Vec<(PathBuf, &'static str)> {
    let p = |n: &str| dir.join(n);
    let mut v = Vec::new();
    let folder = p("a-folder");
    std::fs::create_dir(&folder).unwrap();
    v.push((folder, "folder"));
    let random: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(p("random.bin"), random).unwrap();
    v.push((p("random.bin"), "not a database"));
    {
        let c = rusqlite::Connection::open(p("other-app.db")).unwrap();
        c.execute_batch(
            "PRAGMA application_id = 1234; CREATE TABLE notes(x); INSERT INTO notes VALUES (1);",
        )
        .unwrap();
    }
    v.push((p("other-app.db"), "another program"));
    {
        let c = rusqlite::Connection::open(p("own-tables.db")).unwrap();
        c.execute_batch("CREATE TABLE invoices(x); INSERT INTO invoices VALUES (1);")
            .unwrap();
    }
    v.push((p("own-tables.db"), "another program"));
    {
        let c = rusqlite::Connection::open(p("version-no-tables.db")).unwrap();
        c.execute_batch("PRAGMA user_version = 3; CREATE TABLE t(x);")
            .unwrap();
    }
    v.push((p("version-no-tables.db"), "another program"));
    let bytes = std::fs::read(demo_db).unwrap();
    std::fs::write(p("header-only.sqlite"), &bytes[..100]).unwrap();
    v.push((p("header-only.sqlite"), "damaged"));
    std::fs::write(p("truncated.sqlite"), &bytes[..bytes.len() / 2]).unwrap();
    v.push((p("truncated.sqlite"), "damaged"));
    std::fs::copy(demo_db, p("newer.sqlite")).unwrap();
    {
        let c = rusqlite::Connection::open(p("newer.sqlite")).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    v.push((p("newer.sqlite"), "newer frontdesk"));
    v
}

#[test]
fn bad_files_are_refused_in_one_sentence_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let demo_db = demo(home);
    let bad = tempfile::tempdir().unwrap();
    let files = bad_files(bad.path(), &demo_db);
    let before = listing(bad.path());
    let commands: &[&[&str]] = &[
        &["db", "migrate"],
        &["db", "init"],
        &["db", "check"],
        &["export", "--what", "customers"],
        &["print", "ro", "RO-20261123-0001"],
        &["board"],
        &["demo", "--force"],
        &["--staff", "A01"],
    ];
    for (path, word) in &files {
        let bytes = std::fs::read(path).ok();
        for args in commands {
            for lang in ["en", "zh-CN"] {
                let mut a = vec!["--db", path.to_str().unwrap(), "--lang", lang];
                a.extend_from_slice(args);
                let line = one_sentence(&run(home, &a));
                let name = path.to_str().unwrap();
                assert!(line.contains(name), "{a:?}: names the file: {line}");
                if lang == "en" {
                    assert!(line.contains(word), "{a:?}: says {word:?}: {line}");
                } else {
                    assert!(has_cjk(&line), "{a:?}: in Chinese: {line}");
                }
                assert_eq!(std::fs::read(path).ok(), bytes, "{a:?} changed {name}");
            }
        }
    }
    assert_eq!(
        listing(bad.path()),
        before,
        "nothing created beside the files"
    );
}

#[test]
fn an_empty_file_is_not_data_and_db_init_makes_it_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite");
    std::fs::write(&db, b"").unwrap();
    let d = db.to_str().unwrap();
    let line = one_sentence(&run(dir.path(), &["--db", d, "db", "check"]));
    assert!(line.contains("db init") && line.contains(d), "{line}");
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        0,
        "check wrote nothing"
    );
    let out = ok(&run(dir.path(), &["--db", d, "db", "init"]));
    assert!(out.contains("new frontdesk database"), "{out}");
    let out = ok(&run(dir.path(), &["--db", d, "db", "init"]));
    assert!(out.contains("already a frontdesk database"), "{out}");
    ok(&run(dir.path(), &["--db", d, "db", "check"]));
}

#[test]
fn new_and_upgraded_databases_carry_the_frontdesk_application_id() {
    let dir = tempfile::tempdir().unwrap();
    let app_id = |p: &Path| -> i32 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    let new = dir.path().join("new.sqlite");
    ok(&run(
        dir.path(),
        &["--db", new.to_str().unwrap(), "db", "init"],
    ));
    assert_eq!(app_id(&new), APPLICATION_ID);
    // A database an older frontdesk left (schema 5, no application id) is still ours.
    let old = dir.path().join("old.sqlite");
    frontdesk::store::testing::create_at_version(&old, 5).unwrap();
    assert_eq!(app_id(&old), 0);
    let out = ok(&run(
        dir.path(),
        &["--db", old.to_str().unwrap(), "db", "migrate"],
    ));
    assert!(out.contains("5 -> "), "{out}");
    assert_eq!(app_id(&old), APPLICATION_ID);
    // The migration file and the constant agree.
    let sql = include_str!("../src/store/migrations/sqlite/0006_application_id.sql");
    assert!(
        sql.contains(&format!("application_id = {APPLICATION_ID};")),
        "{sql}"
    );
}

#[test]
fn a_mistyped_db_path_is_reported_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let missing = home.join("no-such-folder/fd.sqlite");
    let m = missing.to_str().unwrap();
    for args in [
        vec!["db", "check"],
        vec!["db", "migrate"],
        vec!["db", "backup", "/dev/null/x"],
        vec!["export", "--what", "customers"],
        vec!["print", "ro", "RO-20261123-0001"],
        vec!["board"],
        vec!["shop"],
        vec!["shop", "--name", "X", "--staff", "M01"],
        vec!["--staff", "A01"],
        vec![],
    ] {
        for lang in ["en", "zh-CN"] {
            let mut a = vec!["--db", m, "--lang", lang];
            a.extend(args.iter().copied());
            let line = one_sentence(&run(home, &a));
            assert!(line.contains(m), "{a:?}: {line}");
            if lang == "en" {
                assert!(
                    line.contains("no database at") && line.contains("db init"),
                    "{line}"
                );
            } else {
                assert!(has_cjk(&line), "{line}");
            }
        }
    }
    assert!(
        !home.join("no-such-folder").exists(),
        "no folder was created"
    );
    assert!(
        !home.join("data").exists(),
        "nothing in the default data folder"
    );
    // `db init` is how a database is made at a chosen path.
    ok(&run(home, &["--db", m, "db", "init"]));
    ok(&run(home, &["--db", m, "db", "check"]));
}

#[test]
fn read_only_commands_create_no_log_folder_and_no_files_beside_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = demo(home);
    std::fs::remove_dir_all(home.join("logs")).unwrap();
    let before = listing(home);
    let d = db.to_str().unwrap();
    for args in [
        vec!["db", "check"],
        vec!["export", "--what", "vehicles"],
        vec!["shop"],
    ] {
        let mut a = vec!["--db", d];
        a.extend(args);
        ok(&run(home, &a));
    }
    let after: Vec<String> = listing(home)
        .into_iter()
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    assert_eq!(after, before, "no logs/ and no other file appeared");
}

#[test]
fn demo_never_replaces_a_shops_own_database() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("shop.sqlite");
    let d = db.to_str().unwrap();
    ok(&run(home, &["--db", d, "db", "init"]));
    {
        let mut s = Store::open(&db, Access::ReadWrite).unwrap();
        staff::create_first(
            &mut s,
            chrono::Utc::now(),
            &staff::NewStaff {
                code: "M01".into(),
                name: "王经理".into(),
                role: frontdesk::domain::kinds::StaffRole::Manager,
            },
        )
        .unwrap();
    }
    let export = |h: &Path| ok(&run(h, &["--db", d, "export", "--what", "customers"]));
    let staff_before = ok(&run(home, &["--db", d, "shop"]));
    for (args, lang) in [
        (vec!["demo"], "en"),
        (vec!["demo", "--force"], "en"),
        (vec!["demo", "--force"], "zh-CN"),
    ] {
        let mut a = vec!["--db", d, "--lang", lang];
        a.extend(args);
        let line = one_sentence(&run(home, &a));
        assert!(line.contains(d), "{line}");
        if lang == "en" {
            assert!(
                line.contains("shop's own data") && line.contains("--db /tmp/demo.sqlite demo"),
                "says how to make a demo elsewhere: {line}"
            );
        }
    }
    assert_eq!(ok(&run(home, &["--db", d, "shop"])), staff_before);
    let s = Store::open(&db, Access::ReadOnly).unwrap();
    assert!(
        staff::by_code(s.conn(), "M01").unwrap().is_some(),
        "the manager is still there"
    );
    assert!(
        export(home).lines().count() <= 1,
        "no demo customers were added"
    );
}

#[cfg(unix)]
#[test]
fn demo_force_replaces_an_earlier_demo_in_place_while_a_console_has_it_open() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = demo(home);
    let d = db.to_str().unwrap();
    let inode = std::fs::metadata(&db).unwrap().ino();
    // A console has the demo open, and changed something in it.
    let mut console = Store::open(&db, Access::ReadWrite).unwrap();
    let count = |s: &Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
            .unwrap()
    };
    let seed1 = count(&console);
    let line = one_sentence(&run(home, &["--db", d, "demo", "--seed", "2"]));
    assert!(line.contains("--force"), "{line}");
    ok(&run(home, &["--db", d, "demo", "--seed", "2", "--force"]));
    assert_eq!(
        std::fs::metadata(&db).unwrap().ino(),
        inode,
        "the same file, not a new one"
    );
    // The open console sees the new demo, and can go on writing into it.
    let seed2 = count(&console);
    assert!(seed2 > 0, "the new demo is there");
    assert!(seed1 > 0);
    // Emptied and filled again: the same shop as a demo of seed 2 in a new file.
    let fresh = home.join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let other = fresh.join("fd.sqlite");
    ok(&run(
        &fresh,
        &["--db", other.to_str().unwrap(), "demo", "--seed", "2"],
    ));
    let customers = |p: &Path| {
        ok(&run(
            home,
            &[
                "--db",
                p.to_str().unwrap(),
                "export",
                "--what",
                "customers",
                "--format",
                "json",
            ],
        ))
    };
    assert_eq!(customers(&db), customers(&other));
    frontdesk::store::shop::update_shop(
        &mut console,
        Some(1),
        chrono::Utc::now(),
        Some("改名后的门店"),
        None,
        None,
    )
    .unwrap();
    let shown = ok(&run(home, &["--db", d, "shop"]));
    assert!(shown.contains("改名后的门店"), "{shown}");
    let check = ok(&run(home, &["--db", d, "db", "check"]));
    assert!(check.contains("integrity_check: ok"), "{check}");
}

#[test]
fn print_and_command_mistakes_are_one_sentence_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    for (lang, words) in [
        ("en", "There is no repair order numbered"),
        ("zh-CN", "中没有编号为"),
    ] {
        let line = one_sentence(&run(
            dir.path(),
            &["--db", d, "--lang", lang, "print", "ro", "RO-20991231-0001"],
        ));
        assert!(
            line.contains(words) && line.contains("RO-20991231-0001"),
            "{line}"
        );
        let line = one_sentence(&run(
            dir.path(),
            &["--db", d, "--lang", lang, "print", "ro", "42"],
        ));
        assert!(
            line.contains("42") && (lang == "en" || has_cjk(&line)),
            "{line}"
        );
        let line = one_sentence(&run(
            dir.path(),
            &["--db", d, "--lang", lang, "--staff", "ZZ9"],
        ));
        assert!(line.contains("ZZ9") && line.contains(d), "{line}");
    }
}

#[test]
fn read_only_commands_work_on_a_database_an_older_frontdesk_still_uses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    frontdesk::store::testing::create_at_version(&db, 5).unwrap();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "INSERT INTO staff (code, name, role, active, version, created_at, updated_at) \
             VALUES ('M01', '王经理', 'manager', 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .unwrap();
    }
    let d = db.to_str().unwrap();
    let list = ok(&run(dir.path(), &["--db", d, "staff", "list"]));
    assert!(list.contains("M01"), "{list}");
    ok(&run(
        dir.path(),
        &["--db", d, "export", "--what", "customers"],
    ));
    ok(&run(dir.path(), &["--db", d, "shop"]));
    let check =
        String::from_utf8_lossy(&run(dir.path(), &["--db", d, "db", "check"]).stdout).into_owned();
    assert!(check.contains("5 (this program:"), "{check}");
    let v: u32 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 5, "read-only commands did not migrate it");
}

#[test]
fn the_demo_fills_the_default_database_after_the_consoles_first_run() {
    // README: `cargo run --release` first, then `cargo run --release -- demo`. The first
    // start creates the default database and takes the machine's zone over into it.
    use std::time::Duration;
    use support::pty::{Must, Tui};
    let mut tui = Tui::spawn(
        &["--lang", "en"],
        &[("FRONTDESK_NOW", NOW), ("TZ", "Europe/Berlin")],
        24,
        80,
    );
    tui.wait_for("Add the first staff member", Duration::from_secs(30))
        .must();
    tui.press("C-c");
    tui.wait_exit(Duration::from_secs(15)).must();
    let home = tui.home().to_path_buf();
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["--lang", "en", "demo"])
        .env_clear()
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", "Europe/Berlin")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let said = ok(&out);
    assert!(said.contains("demo shop: 12 staff"), "{said}");
    let shop = ok(&Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["shop"])
        .env_clear()
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("FRONTDESK_NOW", NOW)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap());
    assert!(
        shop.contains("Asia/Shanghai"),
        "the demo shop's zone replaced the machine's: {shop}"
    );
}
