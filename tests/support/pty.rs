//! Drive the real `frontdesk` binary in a pseudo-terminal.
//!
//! A reader thread feeds everything the program writes into a `vt100::Parser`
//! and keeps a raw byte log. It also answers the two terminal queries a bare
//! pseudo-terminal never answers:
//!
//! * `ESC[6n` (cursor position, sent by crossterm's `cursor::position()`, e.g.
//!   from ratatui's `Terminal::clear`/autoresize) gets `ESC[{row};{col}R`,
//!   computed from the parser's cursor after every byte before the query;
//! * `ESC[c` / `ESC[0c` (primary device attributes, sent by crossterm's
//!   keyboard-enhancement probe) gets `ESC[?62c`.
//!
//! Tests synchronise by waiting for text on the screen, never by sleeping.
//! The only sleep is a short gap after a bare Esc so that crossterm does not
//! read Esc plus the next key as one Alt sequence.
//!
//! ```ignore
//! let mut tui = Tui::spawn(&["--lang", "en"], &[("TZ", "Asia/Shanghai")], 24, 80);
//! tui.wait_for("Check-in", Duration::from_secs(10)).unwrap();
//! tui.press("F2 / text:粤B12 Enter");
//! ```

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

/// Path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_frontdesk");

/// How often the `wait_*` helpers look at the screen.
const POLL: Duration = Duration::from_millis(20);

/// Gap after a bare Esc so crossterm reads it on its own.
const ESC_GAP: Duration = Duration::from_millis(60);

/// `result.must()`: unwrap a `wait_*` result, panicking with the readable
/// multi-line message (screen included) rather than its `Debug` form.
pub trait Must<T> {
    fn must(self) -> T;
}

impl<T> Must<T> for Result<T, String> {
    #[track_caller]
    fn must(self) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        }
    }
}

/// Frozen clock used by the end-to-end tests.
pub const NOW: &str = "2026-11-23T09:00:00+08:00";

/// Time zone used by the end-to-end tests.
pub const TZ: &str = "Asia/Shanghai";

/// Variables passed through from the test runner's environment (everything
/// else is cleared so the user's real settings never leak in).
const PASS_THROUGH: &[&str] = &[
    "PATH",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
    "RUST_LOG",
    "LLVM_PROFILE_FILE",
    "CARGO_LLVM_COV",
    "CARGO_LLVM_COV_TARGET_DIR",
];

/// How the child ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub success: bool,
    pub code: u32,
    /// Name of the signal that killed it, if any.
    pub signal: Option<String>,
}

impl From<portable_pty::ExitStatus> for Exit {
    fn from(status: portable_pty::ExitStatus) -> Self {
        Exit {
            success: status.success(),
            code: status.exit_code(),
            signal: status.signal().map(str::to_owned),
        }
    }
}

/// What the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The reader saw end of file (or an error): no more output will come.
    eof: bool,
    /// Number of `ESC[6n` queries answered.
    cursor_queries: usize,
    /// Number of `ESC[c` queries answered.
    da_queries: usize,
    /// When each read from the terminal ended, with the length of `raw` then (for
    /// timing when something first showed: [`Tui::first_seen`]).
    chunks: Vec<(Instant, usize)>,
}

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

/// A running program in a pseudo-terminal.
pub struct Tui {
    shared: Arc<Mutex<Shared>>,
    writer: Writer,
    master: Box<dyn MasterPty + Send>,
    child: Mutex<Box<dyn Child + Send + Sync>>,
    exit: Mutex<Option<Exit>>,
    home: TempDir,
    args: Vec<String>,
    /// Just before the program was started.
    spawned: Instant,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking test thread must not hide the screen from the next assertion.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Tui {
    /// Run the `frontdesk` binary with `args` in a `rows`×`cols` terminal.
    pub fn spawn(args: &[&str], envs: &[(&str, &str)], rows: u16, cols: u16) -> Tui {
        Tui::spawn_program(BIN, args, envs, rows, cols)
    }

    /// Run any program (used to test the harness itself).
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        envs: &[(&str, &str)],
        rows: u16,
        cols: u16,
    ) -> Tui {
        let home = tempfile::Builder::new()
            .prefix("frontdesk-e2e-")
            .tempdir()
            .expect("create temp home");
        let dir = |name: &str| -> PathBuf {
            let p = home.path().join(name);
            std::fs::create_dir_all(&p).expect("create temp dir");
            p
        };
        let (config, data, cache, state, runtime) = (
            dir(".config"),
            dir(".local/share"),
            dir(".cache"),
            dir(".local/state"),
            dir("run"),
        );

        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");

        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        for key in PASS_THROUGH {
            if let Some(v) = std::env::var_os(key) {
                cmd.env(key, v);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("LC_ALL", "C.UTF-8");
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", &config);
        cmd.env("XDG_DATA_HOME", &data);
        cmd.env("XDG_CACHE_HOME", &cache);
        cmd.env("XDG_STATE_HOME", &state);
        cmd.env("XDG_RUNTIME_DIR", &runtime);
        cmd.env("SHELL", "/bin/sh");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.cwd(home.path());

        let spawned = Instant::now();
        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        // Close our copy of the slave so the reader sees EOF when the child exits.
        drop(pair.slave);

        let reader = pair.master.try_clone_reader().expect("pty reader");
        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            eof: false,
            cursor_queries: 0,
            da_queries: 0,
            chunks: Vec::new(),
        }));

        {
            let shared = Arc::clone(&shared);
            let writer = Arc::clone(&writer);
            thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || read_loop(reader, shared, writer))
                .expect("spawn reader thread");
        }

        Tui {
            shared,
            writer,
            master: pair.master,
            child: Mutex::new(child),
            exit: Mutex::new(None),
            home,
            args: std::iter::once(program.to_owned())
                .chain(args.iter().map(|s| (*s).to_owned()))
                .collect(),
            spawned,
        }
    }

    /// How long after the start of the program `needle` was first on the screen (to
    /// the end of the read that brought it), replaying the output read by read; `None`
    /// while it has not shown.
    pub fn first_seen(&self, needle: &str) -> Option<Duration> {
        let s = lock(&self.shared);
        let (rows, cols) = s.parser.screen().size();
        let mut replay = vt100::Parser::new(rows, cols, 0);
        let mut done = 0;
        for &(at, end) in &s.chunks {
            replay.process(&s.raw[done..end]);
            done = end;
            if replay.screen().contents().contains(needle) {
                return Some(at.duration_since(self.spawned));
            }
        }
        None
    }

    /// The program's process id.
    pub fn pid(&self) -> Option<u32> {
        lock(&self.child).process_id()
    }

    /// The temporary `$HOME` (also the working directory) of the child.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Write raw bytes to the terminal input.
    pub fn send(&mut self, bytes: &[u8]) {
        let mut w = lock(&self.writer);
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// Send a space-separated key spec, e.g. `"F2 / text:粤B12 Enter Esc q"`.
    ///
    /// Keys: `F1`–`F12`, `Enter`, `Esc`, `Tab`, `S-Tab`/`BackTab`,
    /// `Backspace`, `Space`, `Up`/`Down`/`Left`/`Right`, `Home`, `End`,
    /// `PageUp`, `PageDown`, `Insert`, `Delete`; modifiers `C-`, `A-` and
    /// `S-` in any combination (`C-c`, `A-1`, `S-Up`, `C-Right`, `A-Enter`);
    /// `text:...` sends the rest of the token as UTF-8 (no spaces; use
    /// [`Tui::send`] or [`Tui::type_text`] for text with spaces); any other
    /// token is sent literally.
    pub fn press(&mut self, keys: &str) {
        for token in keys.split_whitespace() {
            let bytes = encode_key(token);
            self.send(&bytes);
            if bytes == b"\x1b" {
                thread::sleep(ESC_GAP);
            }
        }
    }

    /// Type text literally (may contain spaces).
    pub fn type_text(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Send `text` as a bracketed paste.
    pub fn paste(&mut self, text: &str) {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        self.send(&bytes);
    }

    /// The visible screen, rows joined by `\n` (trailing blanks trimmed).
    pub fn screen_text(&self) -> String {
        let s = lock(&self.shared);
        let screen = s.parser.screen();
        let (_, cols) = screen.size();
        screen.rows(0, cols).collect::<Vec<_>>().join("\n")
    }

    /// One visible row (0-based), trailing blanks trimmed.
    pub fn row(&self, row: u16) -> String {
        let s = lock(&self.shared);
        let screen = s.parser.screen();
        let (_, cols) = screen.size();
        screen
            .rows(0, cols)
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Cursor position, 0-based (row, col).
    pub fn cursor(&self) -> (u16, u16) {
        lock(&self.shared).parser.screen().cursor_position()
    }

    /// Run `f` against the current vt100 screen (colours, attributes, cells).
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(lock(&self.shared).parser.screen())
    }

    /// Everything the program wrote so far.
    pub fn raw_output(&self) -> Vec<u8> {
        lock(&self.shared).raw.clone()
    }

    /// How many cursor-position (`ESC[6n`) queries the harness answered.
    pub fn cursor_queries_answered(&self) -> usize {
        lock(&self.shared).cursor_queries
    }

    /// How many device-attribute (`ESC[c`) queries the harness answered.
    pub fn da_queries_answered(&self) -> usize {
        lock(&self.shared).da_queries
    }

    /// Wait until `needle` is on the screen.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(&format!("{needle:?} on screen"), timeout, |s| {
            s.contains(needle)
        })
    }

    /// Wait until `needle` is no longer on the screen.
    pub fn wait_gone(&self, needle: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(&format!("{needle:?} gone from screen"), timeout, |s| {
            !s.contains(needle)
        })
    }

    /// Wait until every one of `needles` is on the screen at the same time.
    pub fn wait_for_all(&self, needles: &[&str], timeout: Duration) -> Result<(), String> {
        self.wait_until(&format!("all of {needles:?} on screen"), timeout, |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    /// Wait until `pred(screen_text)` holds. Fails early (with the screen in
    /// the message) if the program exits before that.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        mut pred: impl FnMut(&str) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            if pred(&self.screen_text()) {
                return Ok(());
            }
            if let Some(exit) = self.poll_exit() {
                // Let the reader drain what the program wrote before exiting.
                self.wait_eof(Duration::from_secs(1));
                if pred(&self.screen_text()) {
                    return Ok(());
                }
                return Err(self.failure(&format!("waiting for {what}: program exited ({exit:?})")));
            }
            if Instant::now() >= deadline {
                return Err(
                    self.failure(&format!("timed out after {timeout:?} waiting for {what}"))
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Wait for the program to exit; then wait (within the same timeout) for
    /// the reader to drain its last output, so `raw_output` and
    /// `left_alternate_screen` see everything.
    pub fn wait_exit(&mut self, timeout: Duration) -> Result<Exit, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(exit) = self.poll_exit() {
                let left = deadline.saturating_duration_since(Instant::now());
                self.wait_eof(left.max(Duration::from_millis(500)));
                return Ok(exit);
            }
            if Instant::now() >= deadline {
                return Err(self.failure(&format!(
                    "timed out after {timeout:?} waiting for the program to exit"
                )));
            }
            thread::sleep(POLL);
        }
    }

    /// Whether the program has exited (without waiting).
    pub fn exited(&self) -> Option<Exit> {
        self.poll_exit()
    }

    /// The program entered the alternate screen and left it again at the end.
    pub fn left_alternate_screen(&self) -> bool {
        const ENTER: &[u8] = b"\x1b[?1049h";
        const LEAVE: &[u8] = b"\x1b[?1049l";
        let s = lock(&self.shared);
        let Some(last_enter) = rfind(&s.raw, ENTER) else {
            return false;
        };
        find(&s.raw[last_enter + ENTER.len()..], LEAVE).is_some()
            && !s.parser.screen().alternate_screen()
    }

    /// Resize the terminal (the child gets SIGWINCH).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // Hold the parser while resizing so that output drawn for the new size
        // is never parsed at the old one.
        let mut s = lock(&self.shared);
        s.parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Kill the program now.
    pub fn kill(&mut self) {
        if self.poll_exit().is_none() {
            let mut child = lock(&self.child);
            let _ = child.kill();
            if let Ok(status) = child.wait() {
                *lock(&self.exit) = Some(status.into());
            }
        }
    }

    fn poll_exit(&self) -> Option<Exit> {
        let mut exit = lock(&self.exit);
        if exit.is_none() {
            if let Ok(Some(status)) = lock(&self.child).try_wait() {
                *exit = Some(status.into());
            }
        }
        exit.clone()
    }

    fn wait_eof(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if lock(&self.shared).eof {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// A failure message with the command, the screen and the end of the raw log.
    fn failure(&self, what: &str) -> String {
        let screen = self.screen_text();
        let (rows, cols, cursor, tail) = {
            let s = lock(&self.shared);
            let (rows, cols) = s.parser.screen().size();
            let cursor = s.parser.screen().cursor_position();
            let start = s.raw.len().saturating_sub(400);
            (
                rows,
                cols,
                cursor,
                s.raw[start..].escape_ascii().to_string(),
            )
        };
        let border = "-".repeat(usize::from(cols));
        format!(
            "{what}\ncommand: {:?}\nscreen {rows}x{cols}, cursor {cursor:?}:\n{border}\n{screen}\n{border}\nlast output bytes: {tail}",
            self.args
        )
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Incremental matcher for the terminal queries the harness must answer.
/// Each query starts with ESC and contains no other ESC, so on a mismatch
/// the match restarts at 1 if the byte is ESC and at 0 otherwise.
struct QueryMatcher {
    pattern: &'static [u8],
    matched: usize,
}

impl QueryMatcher {
    const fn new(pattern: &'static [u8]) -> Self {
        QueryMatcher {
            pattern,
            matched: 0,
        }
    }

    /// Feed one byte; true when the whole pattern has just been seen.
    fn feed(&mut self, b: u8) -> bool {
        if self.pattern[self.matched] == b {
            self.matched += 1;
        } else {
            self.matched = usize::from(b == self.pattern[0]);
        }
        if self.matched == self.pattern.len() {
            self.matched = 0;
            true
        } else {
            false
        }
    }
}

#[derive(Clone, Copy)]
enum Query {
    CursorPosition,
    DeviceAttributes,
}

fn read_loop(mut reader: Box<dyn Read + Send>, shared: Arc<Mutex<Shared>>, writer: Writer) {
    let mut matchers = [
        (QueryMatcher::new(b"\x1b[6n"), Query::CursorPosition),
        (QueryMatcher::new(b"\x1b[c"), Query::DeviceAttributes),
        (QueryMatcher::new(b"\x1b[0c"), Query::DeviceAttributes),
    ];
    let mut buf = [0u8; 8192];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break, // EOF, or EIO once the child is gone
            Ok(n) => n,
        };
        let at = Instant::now();
        let chunk = &buf[..n];
        let mut s = lock(&shared);
        s.raw.extend_from_slice(chunk);
        // Parse up to each query before answering it, so the reported cursor
        // position is the one the program expects.
        let mut start = 0;
        for (i, &b) in chunk.iter().enumerate() {
            let mut hit = None;
            for (m, q) in &mut matchers {
                if m.feed(b) {
                    hit = Some(*q);
                }
            }
            let Some(query) = hit else { continue };
            s.parser.process(&chunk[start..=i]);
            start = i + 1;
            let reply = match query {
                Query::CursorPosition => {
                    s.cursor_queries += 1;
                    let (row, col) = s.parser.screen().cursor_position();
                    format!("\x1b[{};{}R", row + 1, col + 1)
                }
                Query::DeviceAttributes => {
                    s.da_queries += 1;
                    "\x1b[?62c".to_owned()
                }
            };
            let mut w = lock(&writer);
            let _ = w.write_all(reply.as_bytes());
            let _ = w.flush();
        }
        s.parser.process(&chunk[start..]);
        let len = s.raw.len();
        s.chunks.push((at, len));
    }
    lock(&shared).eof = true;
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Encode one key token of [`Tui::press`] as the bytes an xterm would send.
pub fn encode_key(token: &str) -> Vec<u8> {
    if let Some(text) = token.strip_prefix("text:") {
        return text.as_bytes().to_vec();
    }

    // Split off modifier prefixes (but a bare "C-" / "A-" etc. is literal).
    let (mut ctrl, mut alt, mut shift) = (false, false, false);
    let mut key = token;
    while let Some((m, rest)) = key.split_at_checked(2) {
        if rest.is_empty() {
            break;
        }
        match m {
            "C-" => ctrl = true,
            "A-" | "M-" => alt = true,
            "S-" => shift = true,
            _ => break,
        }
        key = rest;
    }
    let modifiers = ctrl || alt || shift;
    // xterm modifier parameter: 1 + shift(1) + alt(2) + ctrl(4).
    let param = 1 + u8::from(shift) + 2 * u8::from(alt) + 4 * u8::from(ctrl);

    // Keys sent as CSI 1;m X (or SS3 X unmodified).
    let letter_key = |ss3: bool, c: char| -> Vec<u8> {
        if modifiers {
            format!("\x1b[1;{param}{c}").into_bytes()
        } else if ss3 {
            format!("\x1bO{c}").into_bytes()
        } else {
            format!("\x1b[{c}").into_bytes()
        }
    };
    // Keys sent as CSI n ~ (or CSI n;m ~).
    let tilde_key = |n: u8| -> Vec<u8> {
        if modifiers {
            format!("\x1b[{n};{param}~").into_bytes()
        } else {
            format!("\x1b[{n}~").into_bytes()
        }
    };
    // Single-byte keys: Alt prefixes ESC; other modifiers are not encodable.
    let with_alt = |bytes: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        if alt {
            out.push(0x1b);
        }
        out.extend_from_slice(bytes);
        out
    };

    match key {
        "F1" => return letter_key(true, 'P'),
        "F2" => return letter_key(true, 'Q'),
        "F3" => return letter_key(true, 'R'),
        "F4" => return letter_key(true, 'S'),
        "F5" => return tilde_key(15),
        "F6" => return tilde_key(17),
        "F7" => return tilde_key(18),
        "F8" => return tilde_key(19),
        "F9" => return tilde_key(20),
        "F10" => return tilde_key(21),
        "F11" => return tilde_key(23),
        "F12" => return tilde_key(24),
        "Up" => return letter_key(false, 'A'),
        "Down" => return letter_key(false, 'B'),
        "Right" => return letter_key(false, 'C'),
        "Left" => return letter_key(false, 'D'),
        "Home" => return letter_key(false, 'H'),
        "End" => return letter_key(false, 'F'),
        "Insert" => return tilde_key(2),
        "Delete" | "Del" => return tilde_key(3),
        "PageUp" | "PgUp" => return tilde_key(5),
        "PageDown" | "PgDn" => return tilde_key(6),
        "BackTab" | "Backtab" => return b"\x1b[Z".to_vec(),
        "Tab" if shift => return b"\x1b[Z".to_vec(),
        "Tab" => return with_alt(b"\t"),
        "Enter" | "Return" => return with_alt(b"\r"),
        "Esc" | "Escape" => return with_alt(b"\x1b"),
        "Backspace" | "BS" => return with_alt(b"\x7f"),
        "Space" if ctrl => return with_alt(&[0]),
        "Space" => return with_alt(b" "),
        _ => {}
    }

    let mut chars = key.chars();
    if let (Some(c), None, true) = (chars.next(), chars.next(), modifiers) {
        let c = if shift { c.to_ascii_uppercase() } else { c };
        if ctrl {
            let byte = match c.to_ascii_lowercase() {
                l @ 'a'..='z' => l as u8 - b'a' + 1,
                '@' | ' ' => 0,
                '[' => 0x1b,
                '\\' => 0x1c,
                ']' => 0x1d,
                '^' => 0x1e,
                '_' => 0x1f,
                other => panic!("cannot encode Ctrl-{other:?} as a byte (token {token:?})"),
            };
            return with_alt(&[byte]);
        }
        let mut utf8 = [0u8; 4];
        return with_alt(c.encode_utf8(&mut utf8).as_bytes());
    }

    token.as_bytes().to_vec()
}

/// Create the demo database `<dir>/fd.sqlite` (seed 1, frozen clock).
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("fd.sqlite");
    let home = dir.join("demo-home");
    std::fs::create_dir_all(&home).expect("create demo home");
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(["demo", "--db"])
        .arg(&db)
        .args(["--seed", "1"])
        .env_clear();
    for key in PASS_THROUGH {
        if let Some(v) = std::env::var_os(key) {
            cmd.env(key, v);
        }
    }
    let out = cmd
        .env("LANG", "C.UTF-8")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("FRONTDESK_NOW", NOW)
        .env("TZ", TZ)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run frontdesk demo");
    assert!(
        out.status.success(),
        "frontdesk demo failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        db.is_file(),
        "frontdesk demo succeeded but {} is missing",
        db.display()
    );
    db
}

/// The demo's first appointment today still waiting for its check-in, its vehicle's last
/// odometer reading, and whether the check-in will ask the comeback question.
pub fn first_arrival(db: &Path) -> (frontdesk::store::appointments::AppointmentRow, i64, bool) {
    use frontdesk::store::{Access, Store, appointments, customers, repair_orders};
    let store = Store::open(db, Access::ReadOnly).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let a = appointments::list_day(store.conn(), today)
        .unwrap()
        .into_iter()
        .find(|a| a.state.awaits_check_in())
        .unwrap();
    let v = customers::vehicle(store.conn(), a.vehicle_id)
        .unwrap()
        .unwrap();
    let history = repair_orders::vehicle_history(store.conn(), v.id, 10).unwrap();
    let past: Vec<_> = history
        .iter()
        .map(|h| (h.id, h.state, h.delivered_at))
        .collect();
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let comeback = frontdesk::domain::repair_order::comeback_of(&past, now, 30).is_some();
    (a, v.last_odometer_km.unwrap_or(0), comeback)
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_encoding() {
        use super::encode_key;
        let cases: &[(&str, &[u8])] = &[
            ("F1", b"\x1bOP"),
            ("F4", b"\x1bOS"),
            ("F5", b"\x1b[15~"),
            ("F12", b"\x1b[24~"),
            ("Tab", b"\t"),
            ("S-Tab", b"\x1b[Z"),
            ("Enter", b"\r"),
            ("Esc", b"\x1b"),
            ("Up", b"\x1b[A"),
            ("Left", b"\x1b[D"),
            ("S-Up", b"\x1b[1;2A"),
            ("C-Right", b"\x1b[1;5C"),
            ("C-F5", b"\x1b[15;5~"),
            ("C-c", b"\x03"),
            ("C-s", b"\x13"),
            ("A-1", b"\x1b1"),
            ("A-Enter", b"\x1b\r"),
            ("?", b"?"),
            ("q", b"q"),
            ("C-", b"C-"),
            ("text:粤B12", "粤B12".as_bytes()),
            ("Backspace", b"\x7f"),
        ];
        for (token, bytes) in cases {
            assert_eq!(encode_key(token), *bytes, "token {token}");
        }
    }
}
