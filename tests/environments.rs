//! Safe at the edges, part two: bad environments. Another OS user, log folders that
//! cannot be written, a full disk, a lock held by another program, a clock out of range,
//! and the backup's temporary file.
//!
//! Cases that need root (to run a command as another user, or to mount a small tmpfs)
//! say why they skipped when they cannot; `.ci/run` runs as root.

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::output::{listing, ok, one_sentence, stderr};
use support::pty::{Must, Tui};

const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");
const NOW: &str = "2026-11-23T09:00:00+08:00";
/// The owner of a shop's database in the multi-user cases, and someone else.
const OWNER: u32 = 65534;
const OTHER: u32 = 65533;

/// The binary, copied once to a folder every user may read and enter (the build folder
/// may sit below one only root can enter, e.g. a clone in /root).
fn bin() -> &'static str {
    static COPY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        // One folder per build folder, reused from run to run (not one per run).
        let key = BIN
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let dir = std::env::temp_dir().join(format!("frontdesk-test-bin-{key:016x}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let to = dir.join("frontdesk");
        // Copied beside, then renamed: a running copy is never written over.
        let tmp = dir.join(format!("frontdesk.{}", std::process::id()));
        std::fs::copy(BIN, &tmp).unwrap();
        std::fs::rename(&tmp, &to).unwrap();
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755)).unwrap();
        to.to_string_lossy().into_owned()
    })
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.args(args)
        .env_clear()
        .env("HOME", "/nonexistent")
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "C.UTF-8")
        .stdin(std::process::Stdio::null());
    c
}

/// Runs `c` as user (and group) `uid`, with no supplementary groups.
fn as_user(mut c: Command, uid: u32) -> Command {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        c.pre_exec(move || {
            if libc::setgroups(0, std::ptr::null()) != 0
                || libc::setgid(uid) != 0
                || libc::setuid(uid) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c
}

fn out(mut c: Command) -> Output {
    c.output().expect("run frontdesk")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Skips (with the reason on stderr) unless the test runs as root.
macro_rules! need_root {
    () => {
        if !is_root() {
            eprintln!(
                "skipped: needs root to run commands as another user (run as root, as .ci/run does)"
            );
            return;
        }
    };
}

/// A folder every user may enter, owned by `uid`, with `mode`.
fn shared_dir(base: &Path, name: &str, uid: u32, mode: u32) -> PathBuf {
    let d = base.join(name);
    std::fs::create_dir(&d).unwrap();
    std::os::unix::fs::chown(&d, Some(uid), Some(uid)).unwrap();
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode)).unwrap();
    d
}

/// A temporary folder others may enter (tempfile makes them 0700).
fn open_tempdir() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    t
}

fn demo_as(db: &Path, uid: u32) {
    ok(&out(as_user(
        cmd(&["--db", db.to_str().unwrap(), "demo"]),
        uid,
    )));
}

/// A small tmpfs, unmounted when dropped; `None` (with the reason) where mounting is not
/// possible here.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("skipped: mounting a small tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let o = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(at)
            .output();
        match o {
            Ok(o) if o.status.success() => Some(Tmpfs(at.to_path_buf())),
            Ok(o) => {
                eprintln!("skipped: cannot mount a tmpfs here: {}", stderr(&o).trim());
                None
            }
            Err(e) => {
                eprintln!("skipped: no mount program: {e}");
                None
            }
        }
    }

    /// Fills the rest of the tmpfs with one file.
    fn fill(&self) {
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=4096"])
            .arg(format!("of={}", self.0.join("filler").display()))
            .output();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).output();
    }
}

#[test]
fn another_os_user_reads_the_shop_without_locking_the_owner_out() {
    need_root!();
    let base = open_tempdir();
    // The worst case: a folder anyone may write in.
    let shop = shared_dir(base.path(), "shop", OWNER, 0o777);
    let db = shop.join("fd.sqlite");
    let d = db.to_str().unwrap();
    demo_as(&db, OWNER);
    let before = listing(&shop);

    // The owner's file is private: someone else is told what is needed, in words.
    let line = one_sentence(&out(as_user(cmd(&["--db", d, "db", "check"]), OTHER)));
    assert!(line.contains("may not open") && line.contains(d), "{line}");
    let line = one_sentence(&out(as_user(
        cmd(&["--db", d, "--lang", "zh-CN", "board"]),
        OTHER,
    )));
    assert!(line.contains("无权打开"), "{line}");

    // Shared for reading: the other user reads, and can neither write nor leave files.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let check = ok(&out(as_user(cmd(&["--db", d, "db", "check"]), OTHER)));
    assert!(check.contains("integrity_check: ok"), "{check}");
    let csv = ok(&out(as_user(
        cmd(&["--db", d, "export", "--what", "customers"]),
        OTHER,
    )));
    assert!(csv.lines().count() > 10, "{csv}");
    let line = one_sentence(&out(as_user(
        cmd(&["--db", d, "shop", "--name", "X", "--staff", "M01"]),
        OTHER,
    )));
    assert!(line.contains("cannot be written"), "{line}");
    let line = one_sentence(&out(as_user(
        cmd(&["--db", d, "print", "ro", "RO-20261011-0001"]),
        OTHER,
    )));
    assert!(
        line.contains("exports"),
        "names the folder it cannot write: {line}"
    );
    let mut board = Tui::spawn_program(
        "setpriv",
        &[
            &format!("--reuid={OTHER}"),
            &format!("--regid={OTHER}"),
            "--clear-groups",
            bin(),
            "--db",
            d,
            "--config",
            "/nonexistent/config.toml",
            "--lang",
            "en",
            "board",
        ],
        &[("FRONTDESK_NOW", NOW), ("TZ", "Asia/Shanghai")],
        24,
        80,
    );
    board
        .wait_for("BOARD - READ-ONLY", Duration::from_secs(30))
        .must();
    board.press("q");
    board.wait_exit(Duration::from_secs(15)).must();
    assert_eq!(
        listing(&shop),
        before,
        "the other user left no -wal, -shm or logs"
    );

    // The owner still saves.
    let saved = ok(&out(as_user(
        cmd(&["--db", d, "shop", "--name", "鹏程汽车", "--staff", "M01"]),
        OWNER,
    )));
    assert!(saved.contains("鹏程汽车"), "{saved}");
}

#[test]
fn log_folders_that_cannot_be_written_never_stop_the_program() {
    // A file named `logs` where the folder should be.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logs"), b"not a folder").unwrap();
    let db = dir.path().join("fd.sqlite");
    let o = out(cmd(&["--db", db.to_str().unwrap(), "demo"]));
    let said = stderr(&o);
    ok(&o);
    assert_eq!(said.lines().count(), 1, "said once: {said}");
    assert!(
        said.contains("no log file") && said.contains("logs"),
        "{said}"
    );
    let o = out(cmd(&[
        "--db",
        db.to_str().unwrap(),
        "--lang",
        "zh-CN",
        "shop",
        "--name",
        "店",
        "--staff",
        "M01",
    ]));
    assert!(stderr(&o).contains("不写日志"), "{}", stderr(&o));
    ok(&o);
    // Read-only commands do not need a log: nothing is said.
    let o = out(cmd(&["--db", db.to_str().unwrap(), "db", "check"]));
    ok(&o);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));

    if !is_root() {
        eprintln!("skipped the other-user cases: they need root");
        return;
    }
    // Another user's logs/ beside the owner's database.
    let base = open_tempdir();
    let shop = shared_dir(base.path(), "shop", OWNER, 0o755);
    let db = shop.join("fd.sqlite");
    demo_as(&db, OWNER);
    std::fs::remove_dir_all(shop.join("logs")).unwrap();
    let logs = shop.join("logs");
    std::fs::create_dir(&logs).unwrap();
    std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o700)).unwrap();
    let o = out(as_user(
        cmd(&[
            "--db",
            db.to_str().unwrap(),
            "shop",
            "--name",
            "店",
            "--staff",
            "M01",
        ]),
        OWNER,
    ));
    let said = stderr(&o);
    ok(&o);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("no log file"), "{said}");

    // A read-only folder: the owner reads, nothing is created, nothing is said.
    std::fs::remove_dir_all(&logs).unwrap();
    std::fs::set_permissions(&shop, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = out(as_user(
        cmd(&["--db", db.to_str().unwrap(), "db", "check"]),
        OWNER,
    ));
    ok(&o);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert_eq!(listing(&shop), vec!["fd.sqlite".to_string()]);
    let line = one_sentence(&out(as_user(
        cmd(&[
            "--db",
            db.to_str().unwrap(),
            "shop",
            "--name",
            "X",
            "--staff",
            "M01",
        ]),
        OWNER,
    )));
    assert!(line.contains("cannot be written"), "{line}");
    std::fs::set_permissions(&shop, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_full_disk_stops_neither_logging_nor_a_read_and_a_failed_backup_leaves_nothing() {
    let base = tempfile::tempdir().unwrap();
    let db = base.path().join("fd.sqlite");
    ok(&out(cmd(&["--db", db.to_str().unwrap(), "demo"])));
    // Room for a new database (≈250 KB with its WAL) but not for the demo's copy.
    let Some(fs) = Tmpfs::mount(&base.path().join("small"), "1m") else {
        return;
    };
    // Ballast, so the copy is surely bigger than the tmpfs.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "CREATE TABLE ballast (b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 128)
             INSERT INTO ballast SELECT randomblob(16384) FROM n;",
        )
        .unwrap();
        let busy: i64 = c
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(busy, 0, "the checkpoint ran");
    }
    let demo_size = std::fs::metadata(&db).unwrap().len();
    assert!(
        demo_size > 1 << 20,
        "the demo ({demo_size} bytes) must not fit"
    );
    // The backup does not fit: one sentence, nothing under the name, no partial file.
    let dest = fs.0.join("copy.sqlite");
    let line = one_sentence(&out(cmd(&[
        "--db",
        db.to_str().unwrap(),
        "db",
        "backup",
        dest.to_str().unwrap(),
    ])));
    assert!(line.contains("full"), "{line}");
    assert!(listing(&fs.0).is_empty(), "{:?}", listing(&fs.0));
    // A retry where there is room works.
    let roomy = base.path().join("copy.sqlite");
    ok(&out(cmd(&[
        "--db",
        db.to_str().unwrap(),
        "db",
        "backup",
        roomy.to_str().unwrap(),
    ])));
    ok(&out(cmd(&["--db", roomy.to_str().unwrap(), "db", "check"])));

    // A database and its logs on a disk that is full: reading works, logging fails
    // quietly, nothing reaches the screen.
    let shop = fs.0.join("shop");
    std::fs::create_dir(&shop).unwrap();
    let small_db = shop.join("fd.sqlite");
    ok(&out(cmd(&[
        "--db",
        small_db.to_str().unwrap(),
        "db",
        "init",
    ])));
    std::fs::create_dir_all(shop.join("logs")).unwrap();
    fs.fill();
    for args in [vec!["db", "check"], vec!["export", "--what", "customers"]] {
        let mut a = vec!["--db", small_db.to_str().unwrap()];
        a.extend(args);
        let o = out(cmd(&a));
        ok(&o);
        assert!(o.stderr.is_empty(), "{a:?}: {}", stderr(&o));
    }
}

#[test]
fn a_backup_is_private_from_its_first_byte_and_appears_only_when_complete() {
    let base = tempfile::tempdir().unwrap();
    let db = base.path().join("fd.sqlite");
    ok(&out(cmd(&["--db", db.to_str().unwrap(), "demo"])));
    // Make the database big enough that the copy takes a while to write.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(
            "CREATE TABLE ballast (b BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO ballast SELECT randomblob(16384) FROM n;",
        )
        .unwrap();
    }
    let out_dir = base.path().join("backups");
    std::fs::create_dir(&out_dir).unwrap();
    let dest = out_dir.join("copy.sqlite");
    let mut c = cmd(&[
        "--db",
        db.to_str().unwrap(),
        "db",
        "backup",
        dest.to_str().unwrap(),
    ]);
    // With a umask of 0, any file created without an explicit mode is world-readable.
    // SAFETY: umask is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    let mut child = c.spawn().unwrap();
    let mut seen = Vec::new();
    let started = Instant::now();
    loop {
        for e in std::fs::read_dir(&out_dir).unwrap().flatten() {
            if let Ok(m) = e.metadata() {
                let name = e.file_name().to_string_lossy().into_owned();
                assert_eq!(
                    m.mode() & 0o077,
                    0,
                    "{name} was readable by others while the backup ran"
                );
                if name == "copy.sqlite" && child.try_wait().unwrap().is_none() {
                    seen.push(m.len());
                }
                if !seen.contains(&u64::MAX) && name.ends_with(".partial") {
                    seen.push(u64::MAX);
                }
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "backup hangs");
    }
    assert!(child.wait().unwrap().success());
    let full = std::fs::metadata(&dest).unwrap().len();
    assert!(
        seen.iter().all(|&l| l == u64::MAX || l == full),
        "the final name only ever held the complete copy: {seen:?}"
    );
    assert_eq!(listing(&out_dir), vec!["copy.sqlite".to_string()]);
    ok(&out(cmd(&["--db", dest.to_str().unwrap(), "db", "check"])));
}

#[test]
fn a_lock_held_by_another_program_is_named_in_words() {
    let base = tempfile::tempdir().unwrap();
    let db = base.path().join("fd.sqlite");
    let d = db.to_str().unwrap();
    ok(&out(cmd(&["--db", d, "demo"])));
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    for (lang, words) in [
        ("en", "Another program is holding the database"),
        ("zh-CN", "另一个程序正占用数据库"),
    ] {
        let line = one_sentence(&out(cmd(&[
            "--db", d, "--lang", lang, "shop", "--name", "X", "--staff", "M01",
        ])));
        assert!(line.contains(words) && line.contains(d), "{line}");
    }
    holder.execute_batch("ROLLBACK").unwrap();
    ok(&out(cmd(&[
        "--db", d, "shop", "--name", "X", "--staff", "M01",
    ])));
}

#[test]
fn a_frozen_clock_outside_2000_to_2100_is_refused() {
    let base = tempfile::tempdir().unwrap();
    let db = base.path().join("fd.sqlite");
    for (now, lang, words) in [
        (
            "1999-12-31T23:59:59+08:00",
            "en",
            "outside the years 2000–2100",
        ),
        ("2101-01-01T00:00:00Z", "zh-CN", "超出了 2000–2100 年"),
        ("next tuesday", "en", "is not a time like"),
    ] {
        let mut c = cmd(&["--db", db.to_str().unwrap(), "--lang", lang, "db", "init"]);
        c.env("FRONTDESK_NOW", now);
        let line = one_sentence(&out(c));
        assert!(line.contains(words) && line.contains(now), "{line}");
    }
    assert!(!db.exists(), "nothing was created with a bad clock");
}

#[test]
fn the_console_says_once_that_it_runs_without_a_log_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.sqlite");
    ok(&out(cmd(&["--db", db.to_str().unwrap(), "demo"])));
    std::fs::remove_dir_all(dir.path().join("logs")).unwrap();
    std::fs::write(dir.path().join("logs"), b"in the way").unwrap();
    let config = dir.path().join("config.toml");
    let mut tui = Tui::spawn(
        &[
            "--db",
            db.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--lang",
            "en",
            "--staff",
            "A01",
        ],
        &[("FRONTDESK_NOW", NOW), ("TZ", "Asia/Shanghai")],
        24,
        80,
    );
    tui.wait_for("no log file", Duration::from_secs(30)).must();
    tui.press("C-c");
    tui.wait_exit(Duration::from_secs(15)).must();
}
