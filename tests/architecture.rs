//! The shape of the code, kept by tests: SQL and rusqlite stay in `store/`; `app/` never
//! imports `ui/`; a screen's state and keys (`mod.rs`, `keys.rs`) do no I/O (no store
//! handle or call, no terminal, no clock); and every screen folder is registered.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rel(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .display()
        .to_string()
}

/// The string literals of a Rust source (plain "…" strings; enough for SQL).
fn literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    let mut in_comment = false;
    let mut prev = '\0';
    while let Some(c) = chars.next() {
        if in_comment {
            if c == '\n' {
                in_comment = false;
            }
            prev = c;
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            in_comment = true;
            continue;
        }
        if c == '"' && prev != '\'' {
            let mut s = String::new();
            let mut escaped = false;
            for d in chars.by_ref() {
                if escaped {
                    escaped = false;
                    s.push(d);
                    continue;
                }
                match d {
                    '\\' => escaped = true,
                    '"' => break,
                    d => s.push(d),
                }
            }
            out.push(s);
        }
        prev = c;
    }
    out
}

fn looks_like_sql(s: &str) -> bool {
    let up = s.trim_start().to_ascii_uppercase();
    [
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "CREATE ", "WITH ",
    ]
    .iter()
    .any(|k| up.starts_with(k))
        || up.contains(" FROM ") && up.contains(" WHERE ")
}

#[test]
fn sql_and_rusqlite_stay_in_the_store() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let store = src().join("store");
    let mut bad = Vec::new();
    for f in files.iter().filter(|f| !f.starts_with(&store)) {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("rusqlite") {
                bad.push(format!("{}:{}: {}", rel(f), n + 1, line.trim()));
            }
        }
        for lit in literals(&text) {
            if looks_like_sql(&lit) {
                bad.push(format!("{}: SQL in a string: {lit:?}", rel(f)));
            }
        }
    }
    assert!(bad.is_empty(), "outside src/store:\n{}", bad.join("\n"));
}

#[test]
fn the_scan_finds_sql_where_there_is_some() {
    let text = std::fs::read_to_string(src().join("store/customers.rs")).unwrap();
    assert!(literals(&text).iter().any(|l| looks_like_sql(l)));
    assert!(looks_like_sql("SELECT id FROM x WHERE y = 1"));
    assert!(!looks_like_sql("checkin.field.promise"));
}

#[test]
fn app_never_imports_ui() {
    let mut files = Vec::new();
    rust_files(&src().join("app"), &mut files);
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("crate::ui") || line.contains("super::ui") {
                bad.push(format!("{}:{}: {}", rel(f), n + 1, line.trim()));
            }
        }
    }
    assert!(bad.is_empty(), "app/ imports ui/:\n{}", bad.join("\n"));
}

/// Words that mean I/O in a screen's state or key handling.
const IO: &[&str] = &[
    "Store",
    "Tx<",
    "rusqlite",
    "crate::terminal",
    "crate::clock::Clock",
    "Clock::",
    "Utc::now",
    "Local::now",
    "std::fs",
    "crossterm::event::read",
    "crossterm::event::poll",
    "Services {",
    "sv.store",
];

#[test]
fn screen_state_and_keys_do_no_io() {
    let screens = src().join("app/screens");
    let mut bad = Vec::new();
    let mut checked = 0;
    for dir in std::fs::read_dir(&screens).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for name in ["mod.rs", "keys.rs"] {
            let f = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            checked += 1;
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in IO {
                    if code.contains(word) && !code.contains("StoreError") {
                        bad.push(format!("{}:{}: `{word}`: {}", rel(&f), n + 1, line.trim()));
                    }
                }
                // The store's row types may be named; its functions may not be called.
                if let Some(at) = code.find("store::") {
                    let path = &code[at..];
                    let called = path
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                        .next()
                        .and_then(|p| p.rsplit("::").next())
                        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_lowercase()))
                        && path.contains('(')
                        && !code.trim_start().starts_with("use ");
                    if called {
                        bad.push(format!(
                            "{}:{}: store call: {}",
                            rel(&f),
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked >= 10,
        "only {checked} files checked; is the scan broken?"
    );
    assert!(
        bad.is_empty(),
        "I/O in screen state or keys:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_screen_folder_is_registered_once() {
    let registry = std::fs::read_to_string(src().join("app/mod.rs")).unwrap();
    let listing = std::fs::read_to_string(src().join("app/screens/mod.rs")).unwrap();
    let mut folders = Vec::new();
    for dir in std::fs::read_dir(src().join("app/screens")).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            folders.push(dir.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    assert!(folders.len() >= 6, "{folders:?}");
    for f in &folders {
        for file in ["mod.rs", "fx.rs", "view.rs"] {
            assert!(
                src().join("app/screens").join(f).join(file).exists(),
                "screen {f} has no {file}"
            );
        }
        let line = format!("({f}) => screens::{f}::");
        assert_eq!(
            registry.matches(&line).count(),
            1,
            "screen {f} must have exactly one registry line `{line}…` in src/app/mod.rs"
        );
        assert!(
            listing.contains(&format!("pub mod {f};")),
            "screens/mod.rs lists {f}"
        );
    }
}

#[test]
fn app_holds_no_connection() {
    let mut files = Vec::new();
    rust_files(&src().join("app"), &mut files);
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains(".conn()") || code.contains("Connection") {
                bad.push(format!("{}:{}: {}", rel(f), n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "app/ reaches past the store's named functions:\n{}",
        bad.join("\n")
    );
}
