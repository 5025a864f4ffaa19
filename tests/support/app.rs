//! The console in-process: keys in through the real keymap, update and effects; state
//! and screen out (helix-style flow tests).

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use frontdesk::app::effects::Effects;
use frontdesk::app::keymap::Keymap;
use frontdesk::app::model::{Model, RunMode};
use frontdesk::app::update::Msg;
use frontdesk::clock::Zone;
use frontdesk::store::{Access, Store, staff};
use frontdesk::terminal::{dispatch, key_msg, start};
use frontdesk::ui::i18n::{I18n, Lang};
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

pub struct App {
    pub model: Model,
    pub store: Store,
    pub keymap: Keymap,
    pub i18n: I18n,
    pub config: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl App {
    /// A demo shop (seed 1) with 张伟 (A01) signed in.
    pub fn demo(lang: Lang, mode: RunMode) -> App {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fd.sqlite");
        {
            let mut rw = Store::open(&db, Access::ReadWrite).unwrap();
            frontdesk::demo::fill(&mut rw, 1, now(), zone()).unwrap();
        }
        let access = if mode == RunMode::Board {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        let store = Store::open(&db, access).unwrap();
        let mut model = Model::new(mode, lang, zone(), now(), "/srv/frontdesk/fd.sqlite".into());
        if mode == RunMode::Console {
            model.staff = staff::by_code(store.conn(), "A01").unwrap();
        }
        App::finish(model, store, lang, dir)
    }

    /// An empty database: the first staff member must be added.
    pub fn empty(lang: Lang) -> App {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("fd.sqlite"), Access::ReadWrite).unwrap();
        let model = Model::new(
            RunMode::Console,
            lang,
            zone(),
            now(),
            "/srv/frontdesk/fd.sqlite".into(),
        );
        App::finish(model, store, lang, dir)
    }

    pub fn finish(mut model: Model, mut store: Store, lang: Lang, dir: tempfile::TempDir) -> App {
        let config = dir.path().join("config.toml");
        let mut fx = Effects {
            signed_in: model.staff.as_ref().map(|s| s.id),
            store: &mut store,
            config_path: config.clone(),
            exports: dir.path().join("exports"),
            lang: model.lang,
            zone: model.zone,
            settings: model.settings,
        };
        start(&mut model, &mut fx);
        App {
            model,
            store,
            keymap: Keymap::defaults().unwrap(),
            i18n: I18n::new(lang),
            config,
            _dir: dir,
        }
    }

    pub fn send(&mut self, msg: Msg) {
        let mut fx = Effects {
            signed_in: self.model.staff.as_ref().map(|s| s.id),
            store: &mut self.store,
            config_path: self.config.clone(),
            exports: self._dir.path().join("exports"),
            lang: self.model.lang,
            zone: self.model.zone,
            settings: self.model.settings,
        };
        dispatch(&mut self.model, &mut fx, msg);
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
                let msg = key_msg(&self.model, &self.keymap, &ev);
                self.send(msg);
            }
        }
    }

    /// Types `text` character by character (spaces included).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let msg = key_msg(
                &self.model,
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
            model, store, _dir, ..
        } = self;
        let lang = model.lang;
        drop(store);
        let store = Store::open(&_dir.path().join("fd.sqlite"), Access::ReadWrite).unwrap();
        let mut model = Model::new(
            RunMode::Console,
            lang,
            zone(),
            now(),
            "/srv/frontdesk/fd.sqlite".into(),
        );
        model.staff = staff::by_code(store.conn(), code).unwrap();
        App::finish(model, store, lang, _dir)
    }
}
