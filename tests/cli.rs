//! The command line, run as a real process: migrations racing, database checks,
//! backup, export, the demo's refusal, and clear errors for bad configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");
const NOW: &str = "2026-11-23T09:00:00+08:00";

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run frontdesk")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

fn err(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "expected a failure, got success: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("fd.sqlite");
    ok(&run(
        dir,
        &["--db", db.to_str().unwrap(), "demo", "--seed", "1"],
    ));
    db
}

#[test]
fn two_processes_migrating_a_new_database_at_once_both_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(format!("race{round}.sqlite"));
        let spawn = || {
            Command::new(BIN)
                .args(["--db", db.to_str().unwrap(), "db", "init"])
                .env("HOME", dir.path())
                .env("XDG_DATA_HOME", dir.path())
                .env("XDG_CONFIG_HOME", dir.path())
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
        });
        let (a, b) = (ok(&a), ok(&b));
        // Exactly one of them created the database; the other found it done.
        let applied = [&a, &b]
            .iter()
            .filter(|s| s.contains("new frontdesk database"))
            .count();
        assert_eq!(applied, 1, "{a}\n{b}");
        let check = ok(&run(
            dir.path(),
            &["--db", db.to_str().unwrap(), "db", "check"],
        ));
        assert!(check.contains("integrity_check: ok"), "{check}");
    }
}

#[test]
fn default_locations_are_private_and_logs_stay_off_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["db", "init"]);
    let stdout = ok(&out);
    assert!(
        out.stderr.is_empty(),
        "nothing but results on the terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = dir.path().join("data/frontdesk");
    let db = data.join("frontdesk.sqlite");
    assert!(stdout.contains(db.to_str().unwrap()), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(
            std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let logs: Vec<_> = std::fs::read_dir(data.join("logs")).unwrap().collect();
    assert!(!logs.is_empty(), "a log file is written in the data folder");
}

#[test]
fn a_database_from_a_newer_program_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    for args in [
        vec!["db", "migrate"],
        vec!["db", "check"],
        vec!["export", "--what", "customers"],
    ] {
        let mut a = vec!["--db", db.to_str().unwrap()];
        a.extend(args.iter().copied());
        let e = err(&run(dir.path(), &a));
        assert!(
            e.contains("newer frontdesk") && e.contains("99"),
            "{args:?}: {e}"
        );
    }
}

#[test]
fn backup_while_open_gives_a_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let copy = dir.path().join("copy.sqlite");
    // A console-like writer holds the database open during the backup.
    let _writer = frontdesk::store::Store::open(&db, frontdesk::store::Access::ReadWrite).unwrap();
    ok(&run(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "db",
            "backup",
            copy.to_str().unwrap(),
        ],
    ));
    let check = ok(&run(
        dir.path(),
        &["--db", copy.to_str().unwrap(), "db", "check"],
    ));
    assert!(
        check.contains("integrity_check: ok") && check.contains("foreign keys:    ok"),
        "{check}"
    );
    let a = ok(&run(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "export",
            "--what",
            "repair-orders",
            "--format",
            "json",
        ],
    ));
    let b = ok(&run(
        dir.path(),
        &[
            "--db",
            copy.to_str().unwrap(),
            "export",
            "--what",
            "repair-orders",
            "--format",
            "json",
        ],
    ));
    assert_eq!(a, b, "the copy holds the same repair orders");
    let e = err(&run(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "db",
            "backup",
            copy.to_str().unwrap(),
        ],
    ));
    assert!(e.contains("already exists"), "{e}");
}

#[test]
fn export_csv_with_bom_and_json_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    let out = run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "customers",
            "--format",
            "csv",
            "--bom",
        ],
    );
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert!(r.headers().unwrap().iter().any(|h| h == "name"));
    assert!(r.records().count() > 50);
    for what in [
        "customers",
        "vehicles",
        "appointments",
        "repair-orders",
        "complaints",
    ] {
        let json = ok(&run(
            dir.path(),
            &["--db", d, "export", "--what", what, "--format", "json"],
        ));
        let v: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(!v.as_array().unwrap().is_empty(), "{what} exported nothing");
    }
}

#[test]
fn demo_refuses_a_database_with_data_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    let e = err(&run(dir.path(), &["--db", d, "demo"]));
    assert!(
        e.contains("already holds a demo shop") && e.contains("--force"),
        "{e}"
    );
    let before = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "customers",
            "--format",
            "json",
        ],
    ));
    ok(&run(
        dir.path(),
        &["--db", d, "demo", "--seed", "1", "--force"],
    ));
    let after = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "customers",
            "--format",
            "json",
        ],
    ));
    assert_eq!(before, after, "same seed and clock give the same shop");
}

#[test]
fn bad_configuration_and_clock_are_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "lang = \"en\"\n\n[keys.list]\n\"q\" = \"self_destruct\"\n",
    )
    .unwrap();
    let e = err(&run(
        dir.path(),
        &["--config", cfg.to_str().unwrap(), "db", "migrate"],
    ));
    assert!(
        e.contains(&cfg.display().to_string())
            && e.contains("line 4")
            && e.contains("self_destruct"),
        "{e}"
    );

    let out = Command::new(BIN)
        .args([
            "--db",
            dir.path().join("x.sqlite").to_str().unwrap(),
            "db",
            "migrate",
        ])
        .env("FRONTDESK_NOW", "tomorrow morning")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    let e = err(&out);
    assert!(
        e.contains("FRONTDESK_NOW") && e.contains("2026-11-23T09:00:00+08:00"),
        "{e}"
    );

    let e = err(&run(dir.path(), &["--lang", "fr", "db", "migrate"]));
    assert!(e.contains("zh-CN or en"), "{e}");
}

#[test]
fn an_unknown_staff_code_is_refused_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let e = err(&run(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--staff", "ZZ9"],
    ));
    assert!(e.contains("ZZ9"), "{e}");
}

#[test]
fn export_into_a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut child = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "--what",
            "appointments",
        ])
        .env("XDG_CONFIG_HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn print_ro_writes_the_html_copy_and_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    let json = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "repair-orders",
            "--format",
            "json",
        ],
    ));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let number = rows[0]["number"].as_str().unwrap().to_string();
    let out = ok(&run(
        dir.path(),
        &["--db", d, "--lang", "zh-CN", "print", "ro", &number],
    ));
    let path = std::path::PathBuf::from(out.trim());
    assert_eq!(
        path,
        dir.path().join("exports").join(format!("{number}.html"))
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("charset=\"utf-8\"") || html.contains("charset=utf-8"),
        "declares UTF-8"
    );
    assert!(
        html.contains(&number) && html.contains("维修委托书"),
        "Chinese labels"
    );
    let e = err(&run(
        dir.path(),
        &["--db", d, "print", "ro", "RO-20991231-9999"],
    ));
    assert!(e.contains("RO-20991231-9999"), "{e}");
    let e = err(&run(
        dir.path(),
        &["--db", d, "print", "ro", "../../etc/passwd"],
    ));
    assert!(e.contains("not a repair order number"), "{e}");
}

#[test]
fn shop_shows_the_settings_and_only_a_manager_or_supervisor_changes_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    let shown = ok(&run(dir.path(), &["--db", d, "shop"]));
    // The shop's details first, then its other settings (the demo's, from the database).
    let details = |s: &str| {
        s.lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    assert!(shown.contains("\nTime zone: Asia/Shanghai\n"), "{shown}");
    assert!(
        shown.contains("\nDefault capacity: 10 × 480 min × 100% × 80%\n"),
        "{shown}"
    );
    assert_eq!(
        details(&shown),
        "Shop name: 深圳鹏程汽车销售服务有限公司\n\
         Address: 深圳市南山区沙河西路 3018 号鹏程汽车城 A 座\n\
         Phone: 0755-26688800\n"
    );

    // Changing needs --staff naming an active manager or supervisor.
    let e = err(&run(dir.path(), &["--db", d, "shop", "--phone", "1"]));
    assert!(e.contains("--staff CODE"), "{e}");
    let e = err(&run(
        dir.path(),
        &["--db", d, "--staff", "A01", "shop", "--phone", "1"],
    ));
    assert!(
        e.contains("only an active manager or supervisor") && e.contains("张伟 (A01)"),
        "{e}"
    );
    let e = err(&run(
        dir.path(),
        &["--db", d, "shop", "--staff", "ZZ9", "--phone", "1"],
    ));
    assert!(e.contains("ZZ9"), "{e}");
    assert_eq!(
        ok(&run(dir.path(), &["--db", d, "shop"])),
        shown,
        "nothing saved"
    );

    // The supervisor changes two fields (--staff also after the subcommand); the address stays.
    let out = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "shop",
            "--staff",
            "S01",
            "--name",
            "鹏程 <汽车> & 服务",
            "--phone",
            "0755-26688801",
        ],
    ));
    assert!(out.starts_with("Saved by 周强 (S01):\n"), "{out}");
    let now = ok(&run(dir.path(), &["--db", d, "shop"]));
    assert_eq!(
        details(&now),
        "Shop name: 鹏程 <汽车> & 服务\n\
         Address: 深圳市南山区沙河西路 3018 号鹏程汽车城 A 座\n\
         Phone: 0755-26688801\n"
    );
    assert!(out.ends_with(&now), "{out}");

    // The printed order shows the new settings, escaped.
    let json = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "repair-orders",
            "--format",
            "json",
        ],
    ));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let number = rows[0]["number"].as_str().unwrap().to_string();
    let path = ok(&run(dir.path(), &["--db", d, "print", "ro", &number]));
    let html = std::fs::read_to_string(path.trim()).unwrap();
    assert!(
        html.contains("鹏程 &lt;汽车&gt; &amp; 服务"),
        "escaped shop name"
    );
    assert!(html.contains("0755-26688801"));
    assert!(!html.contains("<汽车>"));

    // A bad value is refused with the reason and saves nothing.
    let long = "鹏".repeat(200);
    let e = err(&run(
        dir.path(),
        &["--db", d, "--staff", "M01", "shop", "--address", &long],
    ));
    assert!(e.contains("at most"), "{e}");
    assert_eq!(ok(&run(dir.path(), &["--db", d, "shop"])), now);
}

#[test]
fn print_ro_twice_keeps_the_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let d = db.to_str().unwrap();
    let json = ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "export",
            "--what",
            "repair-orders",
            "--format",
            "json",
        ],
    ));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let number = rows[0]["number"].as_str().unwrap().to_string();
    let first = ok(&run(dir.path(), &["--db", d, "print", "ro", &number]));
    let before = std::fs::read(first.trim()).unwrap();
    let second = ok(&run(
        dir.path(),
        &["--db", d, "--lang", "en", "print", "ro", &number],
    ));
    let exports = dir.path().join("exports");
    assert_eq!(
        first.trim(),
        exports.join(format!("{number}.html")).to_str().unwrap()
    );
    assert_eq!(
        second.trim(),
        exports.join(format!("{number}-2.html")).to_str().unwrap()
    );
    assert_eq!(
        std::fs::read(first.trim()).unwrap(),
        before,
        "first copy kept"
    );
    assert!(
        std::fs::read_to_string(second.trim())
            .unwrap()
            .contains("Repair order")
    );
}

#[test]
fn the_config_time_zone_is_taken_over_once_into_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.sqlite");
    let d = db.to_str().unwrap();
    let config = dir.path().join("config.toml");
    let c = config.to_str().unwrap();
    std::fs::write(
        &config,
        "timezone = \"Europe/Berlin\"\nlabour_rate = \"250.00\"\n",
    )
    .unwrap();
    ok(&run(dir.path(), &["--db", d, "db", "init"]));
    // A read-write start (the console, or here adding the first staff member) takes the
    // values over.
    ok(&run(
        dir.path(),
        &[
            "--db",
            d,
            "--config",
            c,
            "--lang",
            "en",
            "staff",
            "add",
            "--code",
            "M01",
            "--name",
            "王经理",
            "--role",
            "manager",
        ],
    ));
    let shown = ok(&run(
        dir.path(),
        &["--db", d, "--config", c, "--lang", "en", "shop"],
    ));
    assert!(shown.contains("Time zone: Europe/Berlin"), "{shown}");
    assert!(shown.contains("Labour rate ¥/h: 250.00"), "{shown}");
    assert!(
        shown.contains("timezone, labour_rate in") && shown.contains("no longer read"),
        "the hint says they moved: {shown}"
    );
    // Changing the config later changes nothing.
    std::fs::write(&config, "timezone = \"America/New_York\"\n").unwrap();
    ok(&run(
        dir.path(),
        &[
            "--db", d, "--config", c, "--lang", "en", "--staff", "M01", "shop", "--phone", "030-2",
        ],
    ));
    let shown = ok(&run(
        dir.path(),
        &["--db", d, "--config", c, "--lang", "en", "shop"],
    ));
    assert!(shown.contains("Time zone: Europe/Berlin"), "{shown}");
}

#[test]
fn staff_commands_add_list_role_deactivate_and_pin_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.sqlite");
    let d = db.to_str().unwrap();
    let en = |args: &[&str]| {
        let mut v = vec!["--db", d, "--lang", "en"];
        v.extend_from_slice(args);
        run(dir.path(), &v)
    };
    // A new database is made with `db init`; a mistyped path is never created.
    let line = err(&en(&[
        "staff",
        "add",
        "--code",
        "M01",
        "--name",
        "王经理",
        "--role",
        "manager",
    ]));
    assert!(
        line.contains("no database at") && line.contains("db init"),
        "{line}"
    );
    ok(&en(&["db", "init"]));
    // The first member of an empty database needs no --staff.
    let out = ok(&en(&[
        "staff",
        "add",
        "--code",
        "M01",
        "--name",
        "王经理",
        "--role",
        "manager",
    ]));
    assert_eq!(out, "Added M01 王经理 as Service manager.\n");
    // From then on --staff must name an active manager or supervisor.
    let e = err(&en(&[
        "staff", "add", "--code", "A05", "--name", "王芳", "--role", "advisor",
    ]));
    assert!(e.contains("--staff CODE"), "{e}");
    let out = ok(&en(&[
        "--staff", "M01", "staff", "add", "--code", "A05", "--name", "王芳", "--role", "advisor",
    ]));
    assert_eq!(out, "Added A05 王芳 as Service advisor.\n");
    let e = err(&en(&[
        "--staff", "A05", "staff", "add", "--code", "A06", "--name", "李娜", "--role", "advisor",
    ]));
    assert!(
        e.contains("Only an active manager or supervisor may change staff; 王芳 (A05)"),
        "{e}"
    );
    let e = err(&en(&[
        "--staff", "M01", "staff", "add", "--code", "A05", "--name", "x", "--role", "advisor",
    ]));
    assert!(e.contains("Code A05 is already in use"), "{e}");
    let e = err(&en(&["--staff", "M01", "staff", "role", "A05", "boss"]));
    assert!(e.contains("\"boss\" is not a role"), "{e}");

    let out = ok(&en(&[
        "--staff",
        "M01",
        "staff",
        "role",
        "A05",
        "supervisor",
    ]));
    assert_eq!(out, "A05 王芳 is now Workshop supervisor.\n");
    // The PIN from standard input (not a terminal here).
    let mut pin = std::process::Command::new(BIN)
        .args([
            "--db", d, "--lang", "en", "--staff", "M01", "staff", "pin", "A05",
        ])
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("FRONTDESK_NOW", NOW)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    pin.stdin.take().unwrap().write_all(b"2468\n").unwrap();
    let out = pin.wait_with_output().unwrap();
    assert_eq!(ok(&out), "PIN set for A05 王芳.\n");

    let out = ok(&en(&["--staff", "M01", "staff", "deactivate", "A05"]));
    assert!(out.starts_with("A05 王芳 is deactivated"), "{out}");
    let e = err(&en(&["--staff", "M01", "staff", "deactivate", "M01"]));
    assert!(e.contains("You cannot deactivate yourself"), "{e}");
    let list = ok(&en(&["staff", "list"]));
    let row = list.lines().find(|l| l.starts_with("A05")).unwrap();
    assert!(
        row.contains("王芳") && row.contains("inactive") && row.ends_with("Yes"),
        "{list}"
    );
    // A deactivated member cannot sign in at the console.
    let e = err(&en(&["--staff", "A05"]));
    assert!(e.contains("A05"), "{e}");
    let out = ok(&en(&["--staff", "M01", "staff", "activate", "A05"]));
    assert_eq!(out, "A05 王芳 can sign in again.\n");

    // The same in Chinese.
    let zh = ok(&run(
        dir.path(),
        &["--db", d, "--lang", "zh-CN", "staff", "list"],
    ));
    assert!(zh.contains("工号") || zh.contains("王芳"), "{zh}");
    let e = err(&run(
        dir.path(),
        &[
            "--db",
            d,
            "--lang",
            "zh-CN",
            "--staff",
            "M01",
            "staff",
            "deactivate",
            "ZZ9",
        ],
    ));
    assert!(e.contains("没有工号为 ZZ9 的员工"), "{e}");
}

#[test]
fn demo_builds_its_week_in_the_shops_zone_whatever_the_system_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.sqlite");
    let d = db.to_str().unwrap();
    // 00:30 on Monday in Shanghai is still Sunday in New York.
    let in_new_york = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("FRONTDESK_NOW", "2026-11-23T00:30:00+08:00")
            .env("TZ", "America/New_York")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    };
    ok(&in_new_york(&["--db", d, "demo"]));
    let shown = ok(&in_new_york(&["--db", d, "--lang", "en", "shop"]));
    assert!(shown.contains("Time zone: Asia/Shanghai"), "{shown}");
    // The demo's holiday is 40 days after the shop's today (2026-11-23 in Shanghai).
    assert!(shown.contains("2027-01-02"), "{shown}");
}

/// `--db` takes a file path or `sqlite:PATH`; `postgres://…` is refused by every command
/// but `db migrate` and `db check` (tests/postgres.rs), and any other scheme is refused, never taken as a file name (no file appears where the
/// command ran), in the user's language.
#[test]
fn the_database_is_a_path_or_sqlite_colon_path_and_another_scheme_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let in_dir = |args: &[&str], lang: &str| {
        Command::new(BIN)
            .args(["--lang", lang])
            .args(args)
            .current_dir(dir.path())
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("FRONTDESK_NOW", NOW)
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap()
    };
    let entries = || {
        let mut v: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let before = entries();
    let e = err(&in_dir(
        &["--db", "postgress://fd@db/group", "db", "init"],
        "en",
    ));
    assert!(
        e.contains("postgress: is not a kind of database this program knows"),
        "{e}"
    );
    let e = err(&in_dir(&["--db", "mysql:shop", "db", "check"], "zh-CN"));
    assert!(e.contains("本程序不认识 mysql: 这种数据库"), "{e}");
    let e = err(&in_dir(
        &["--db", "postgres://fd@db/group", "db", "init"],
        "en",
    ));
    assert!(
        e.contains("on PostgreSQL this build runs `db migrate` and `db check` only"),
        "{e}"
    );
    for args in [
        &["board"][..],
        &["export", "--what", "customers"],
        &["db", "backup", "x.db"],
    ] {
        let mut all = vec!["--db", "postgres://fd@db/group"];
        all.extend_from_slice(args);
        let e = err(&in_dir(&all, "zh-CN"));
        assert!(
            e.contains("只能运行 `db migrate` 和 `db check`"),
            "{args:?}: {e}"
        );
    }
    let e = err(&in_dir(&["--db", "sqlite:", "db", "init"], "en"));
    assert!(e.contains("no file is named after sqlite:"), "{e}");
    assert_eq!(entries(), before, "nothing was made for a refused --db");
    // sqlite:PATH and sqlite://PATH name the file PATH.
    let db = dir.path().join("shop.sqlite");
    ok(&in_dir(
        &["--db", &format!("sqlite:{}", db.display()), "db", "init"],
        "en",
    ));
    assert!(db.exists());
    let out = ok(&in_dir(
        &["--db", &format!("sqlite://{}", db.display()), "db", "check"],
        "en",
    ));
    assert!(out.contains(&db.display().to_string()), "{out}");
}
