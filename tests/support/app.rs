//! The console in-process: keys in through the real keymap, update and effects; state
//! and screen out (helix-style flow tests).

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use frontdesk::app::keymap::Keymap;
use frontdesk::app::{App as Console, Msg, RunMode, Services, dispatch, settle, start};
use frontdesk::clock::Zone;
use frontdesk::i18n::{I18n, Lang};
use frontdesk::store::{Access, Store, staff};
use frontdesk::ui::{Ctx, render};

pub const NOW: &str = "2026-11-23T09:00:00+08:00";

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn zone() -> Zone {
    Zone::parse("Asia/Shanghai").unwrap()
}

/// A committed change through `conn` that no screen shows (a staff member's name gets
/// a mark), for tests of what is read again after a commit.
pub fn touch(conn: &frontdesk::store::db::Connection) {
    conn.execute("UPDATE staff SET name = name || '·' WHERE code = 'A02'", [])
        .unwrap();
}

/// The console as production wires it ([`Services::new`] with the signed-in staff member
/// set once), driven in-process.
pub struct App {
    pub model: Console,
    pub fx: Services,
    pub keymap: Keymap,
    pub i18n: I18n,
    pub config: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl App {
    /// A demo shop (seed 1) with 张伟 (A01) signed in.
    pub fn demo(lang: Lang, mode: RunMode) -> App {
        App::demo_with(lang, mode, |_| {})
    }

    /// [`App::demo`] with `prepare` given the filled database before the console opens
    /// it (to set its planner's statistics, say).
    pub fn demo_with(lang: Lang, mode: RunMode, prepare: impl FnOnce(&mut Store)) -> App {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fd.sqlite");
        {
            let mut rw = Store::open(&db, Access::ReadWrite).unwrap();
            frontdesk::demo::fill(&mut rw, 1, now(), zone()).unwrap();
            prepare(&mut rw);
        }
        let access = if mode.is_board() {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        let mut store = Store::open(&db, access).unwrap();
        let mut model = Console::new(mode, lang, zone(), now(), "/srv/frontdesk/fd.sqlite".into());
        if mode == RunMode::Console {
            model.shell.staff = staff::by_code(store.conn(), "A01").unwrap();
        }
        model.screens.board.welcome = mode == RunMode::Welcome;
        if mode.is_board() {
            // As `frontdesk board` starts: the shop's settings from the database.
            model.shell.settings = store.read(frontdesk::store::settings::load).unwrap();
        }
        App::finish(model, store, lang, dir)
    }

    /// An empty database: the first staff member must be added.
    pub fn empty(lang: Lang) -> App {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("fd.sqlite"), Access::ReadWrite).unwrap();
        let model = Console::new(
            RunMode::Console,
            lang,
            zone(),
            now(),
            "/srv/frontdesk/fd.sqlite".into(),
        );
        App::finish(model, store, lang, dir)
    }

    pub fn finish(mut model: Console, store: Store, lang: Lang, dir: tempfile::TempDir) -> App {
        let config = dir.path().join("config.toml");
        let shell = &model.shell;
        let mut fx = Services::new(
            store,
            config.clone(),
            dir.path().join("exports"),
            shell.staff.as_ref().map(|s| s.id),
            shell.lang,
            shell.zone,
            shell.settings.clone(),
            shell.now,
        );
        start(&mut model, &mut fx);
        App {
            model,
            fx,
            keymap: Keymap::defaults().unwrap(),
            i18n: I18n::new(lang),
            config,
            _dir: dir,
        }
    }

    /// One message through update and effects; a printout it made is saved (and its
    /// result shown) before this returns.
    pub fn send(&mut self, msg: Msg) {
        dispatch(&mut self.model, &mut self.fx, msg);
        settle(&mut self.model, &mut self.fx);
    }

    /// Signs `code` in as the staff picker does: the shell shows them and every write
    /// from now on records them.
    ///
    /// The demo has a complaint not reported in time, which a supervisor is asked to take
    /// at their next key; a test about something else starts with it put off (as after
    /// Esc), and `tests/complaints_ui.rs` tests the asking, after a tick reads it again.
    pub fn sign_in_as(&mut self, code: &str) {
        let s = staff::by_code(self.fx.store.conn(), code).unwrap();
        self.fx.signed_in = s.as_ref().map(|s| s.id);
        self.model.shell.staff = s;
        self.model.screens.complaints.escalation = None;
    }

    /// The store the console writes to.
    pub fn store(&self) -> &Store {
        &self.fx.store
    }

    /// Space-separated keys: F1…F12, A-1, C-c, C-s, Enter, Esc, Tab, S-Tab, Up, Down,
    /// Left, Right, Backspace, `text:…` (typed one char at a time), or a single character.
    pub fn press(&mut self, keys: &str) {
        for tok in keys.split(' ').filter(|t| !t.is_empty()) {
            let evs: Vec<KeyEvent> = if let Some(text) = tok.strip_prefix("text:") {
                text.chars()
                    .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                    .collect()
            } else {
                vec![key(tok)]
            };
            for ev in evs {
                let msg = self.model.key_msg(&self.keymap, &ev);
                self.send(msg);
            }
        }
    }

    /// Types `text` character by character (spaces included).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let msg = self.model.key_msg(
                &self.keymap,
                &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            );
            self.send(msg);
        }
    }

    pub fn draw(&self, w: u16, h: u16) -> (String, Buffer) {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let ctx = Ctx {
            i18n: &self.i18n,
            keymap: &self.keymap,
        };
        let frame = term.draw(|f| render(f, &self.model, &ctx)).unwrap();
        let buf = frame.buffer.clone();
        let cursor = term.get_cursor_position().ok();
        let mut text = String::new();
        for y in 0..h {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        // The cursor is shown only while a field has the keyboard.
        if let Some(c) = cursor.filter(|_| self.model.typing()) {
            text.push_str(&format!("[cursor {},{}]\n", c.x, c.y));
        }
        (text, buf)
    }

    pub fn screen(&self) -> String {
        self.draw(80, 24).0
    }
}

pub fn key(tok: &str) -> KeyEvent {
    let (mods, name) = if let Some(r) = tok.strip_prefix("C-") {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = tok.strip_prefix("A-") {
        (KeyModifiers::ALT, r)
    } else if let Some(r) = tok.strip_prefix("S-") {
        (KeyModifiers::SHIFT, r)
    } else {
        (KeyModifiers::NONE, tok)
    };
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" if mods == KeyModifiers::SHIFT => KeyCode::BackTab,
        "Tab" => KeyCode::Tab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Backspace" => KeyCode::Backspace,
        "PageDown" => KeyCode::PageDown,
        "PageUp" => KeyCode::PageUp,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Space" => KeyCode::Char(' '),
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().unwrap()),
        c => KeyCode::Char(c.chars().next().unwrap()),
    };
    KeyEvent::new(code, mods)
}

impl App {
    /// The same database opened again by a new program (as after a crash or a closed
    /// terminal), with `code` signed in.
    pub fn reopen(self, code: &str) -> App {
        let App {
            model, fx, _dir, ..
        } = self;
        let lang = model.shell.lang;
        drop(fx);
        let store = Store::open(&_dir.path().join("fd.sqlite"), Access::ReadWrite).unwrap();
        let mut model = Console::new(
            RunMode::Console,
            lang,
            zone(),
            now(),
            "/srv/frontdesk/fd.sqlite".into(),
        );
        model.shell.staff = staff::by_code(store.conn(), code).unwrap();
        App::finish(model, store, lang, _dir)
    }
}

/// Check-in steps in the user's terms, shared by the flow tests.
impl App {
    /// The check-in under way.
    pub fn flow(&self) -> &frontdesk::app::screens::checkin::Flow {
        self.model
            .screens
            .checkin
            .flow
            .as_ref()
            .expect("a check-in under way")
    }

    pub fn flow_mut(&mut self) -> &mut frontdesk::app::screens::checkin::Flow {
        self.model
            .screens
            .checkin
            .flow
            .as_mut()
            .expect("a check-in under way")
    }

    /// From the customer step to the walk-around: "not the same concern" to a comeback
    /// question, then PgDn.
    pub fn go_to_walkaround(&mut self) {
        if self.flow().comeback_candidate.is_some() && self.flow().comeback_confirmed.is_none() {
            self.press("n");
        }
        self.press("PageDown");
    }

    /// Through the walk-around to the order: the odometer `km_more` above the last
    /// reading, valuables out, PgDn.
    pub fn go_to_order(&mut self, km_more: i64) {
        self.go_to_walkaround();
        let last = self.flow().who.last_odometer_km.unwrap_or(0);
        self.type_text(&(last + km_more).to_string());
        self.press("Tab Space PageDown");
    }

    /// Through the order to the read-back (the customer's words typed when the
    /// appointment brought none).
    pub fn go_to_review(&mut self, km_more: i64) {
        use frontdesk::app::screens::checkin::OrderField;
        self.go_to_order(km_more);
        if self.flow().order.text(OrderField::Desc).is_empty() {
            self.type_text("service");
        }
        self.press("PageDown");
    }
}

impl App {
    /// The same database opened again with nobody signed in (the staff picker shows),
    /// PINs required or not.
    pub fn reopen_signed_out(self, require_pin: bool) -> App {
        let App {
            model, fx, _dir, ..
        } = self;
        let lang = model.shell.lang;
        drop(fx);
        let store = Store::open(&_dir.path().join("fd.sqlite"), Access::ReadWrite).unwrap();
        let mut model = Console::new(
            RunMode::Console,
            lang,
            zone(),
            now(),
            "/srv/frontdesk/fd.sqlite".into(),
        );
        model.shell.require_pin = require_pin;
        let mut app = {
            let config = _dir.path().join("config.toml");
            let shell = &model.shell;
            let mut fx = Services::new(
                store,
                config.clone(),
                _dir.path().join("exports"),
                None,
                shell.lang,
                shell.zone,
                shell.settings.clone(),
                shell.now,
            );
            fx.require_pin = require_pin;
            start(&mut model, &mut fx);
            App {
                model,
                fx,
                keymap: Keymap::defaults().unwrap(),
                i18n: I18n::new(lang),
                config,
                _dir,
            }
        };
        app.model.shell.note = None;
        app
    }
}
