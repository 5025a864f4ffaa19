//! What a finished command printed: success with its stdout, or a failure said in one
//! sentence, and what a folder holds.

use std::path::Path;
use std::process::Output;

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The command succeeded; its stdout.
#[track_caller]
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The command failed with exit code 1 (never 101, a panic) and said one sentence,
/// without SQLite's or the OS's raw words; that line.
#[track_caller]
pub fn one_sentence(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(o));
    let e = stderr(o);
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 1, "one line, got: {e}");
    let line = lines[0];
    assert!(line.starts_with("frontdesk: "), "{line}");
    for raw in [
        "unable to open database file",
        "database error",
        "SQLITE",
        "os error",
        "panicked",
        "Error {",
    ] {
        assert!(
            !line.contains(raw),
            "raw words {raw:?} reached the user: {line}"
        );
    }
    line.to_string()
}

/// Every name in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

pub fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
