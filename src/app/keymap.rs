//! Per-mode key → action tables. Defaults come from assets/keymap.toml; the user's
//! config overrides them. Errors name the file and the line.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");
pub const DEFAULT_KEYMAP_NAME: &str = "assets/keymap.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Always active in the console, also while typing.
    Global,
    /// A list has the focus.
    List,
    /// A text field has the focus.
    Input,
    /// The read-only board.
    Board,
    /// The lounge's welcome board (a kiosk: quitting only).
    Welcome,
    /// The appointments panel's list (before the list keys).
    Appointments,
    /// The check-in panel's own keys (steps).
    Checkin,
    /// The work-orders panel's own keys (the board and the technician view).
    WorkOrders,
    /// One work order's detail and its actions.
    WorkOrder,
    /// The follow-up call list (回访).
    FollowUps,
    /// The complaints panel's own keys.
    Complaints,
    /// One complaint's detail and its steps.
    Complaint,
    /// A form that keeps a list of items (job lines, damage marks).
    Items,
    /// A yes/no question.
    Confirm,
    /// The shop settings panel's own keys.
    Settings,
    /// The staff panel's own keys.
    Staff,
    /// The catalog panel's own keys.
    Catalog,
}

impl Mode {
    pub const ALL: [Mode; 17] = [
        Mode::Global,
        Mode::List,
        Mode::Input,
        Mode::Board,
        Mode::Welcome,
        Mode::Appointments,
        Mode::Checkin,
        Mode::WorkOrders,
        Mode::WorkOrder,
        Mode::FollowUps,
        Mode::Complaints,
        Mode::Complaint,
        Mode::Items,
        Mode::Confirm,
        Mode::Settings,
        Mode::Staff,
        Mode::Catalog,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::List => "list",
            Mode::Input => "input",
            Mode::Board => "board",
            Mode::Welcome => "welcome",
            Mode::Appointments => "appointments",
            Mode::Checkin => "checkin",
            Mode::WorkOrders => "work_orders",
            Mode::WorkOrder => "work_order",
            Mode::FollowUps => "follow_ups",
            Mode::Complaints => "complaints",
            Mode::Complaint => "complaint",
            Mode::Items => "items",
            Mode::Confirm => "confirm",
            Mode::Settings => "settings",
            Mode::Staff => "staff",
            Mode::Catalog => "catalog",
        }
    }

    fn from_name(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// A key with its modifiers, normalised so that what a terminal reports matches what a
/// keymap file names (`?` arrives as shift+'?'; shift-tab as BackTab).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chord {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// `KeyCode` subset that is `Ord` (for stable help listings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    F(u8),
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl Chord {
    pub fn from_event(ev: &KeyEvent) -> Option<Chord> {
        let m = ev.modifiers;
        let mut shift = m.contains(KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Char(c) => {
                shift = false; // the character already says it
                let c = if m.contains(KeyModifiers::CONTROL) || m.contains(KeyModifiers::ALT) {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                KeyCodeOrd::Char(c)
            }
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab if shift => {
                shift = false;
                KeyCodeOrd::BackTab
            }
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => {
                shift = false;
                KeyCodeOrd::BackTab
            }
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            _ => return None,
        };
        Some(Chord {
            code,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift,
        })
    }

    /// A printable character without ctrl/alt: in a text field it is text, not a command.
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && !self.ctrl && !self.alt
    }

    pub fn parse(spec: &str) -> Result<Chord, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = spec;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "tab" if shift => {
                shift = false;
                KeyCodeOrd::BackTab
            }
            "tab" => KeyCodeOrd::Tab,
            "backtab" => KeyCodeOrd::BackTab,
            "backspace" => KeyCodeOrd::Backspace,
            "delete" | "del" => KeyCodeOrd::Delete,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "pageup" | "pgup" => KeyCodeOrd::PageUp,
            "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
            "space" => KeyCodeOrd::Char(' '),
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCodeOrd::F(n),
                    _ => return Err(format!("{spec:?}: function keys are f1 to f12")),
                }
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        let c = if ctrl || alt {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        };
                        if !(ctrl || alt) && shift {
                            return Err(format!(
                                "{spec:?}: write the shifted character itself (e.g. \"?\" or \"Q\")"
                            ));
                        }
                        KeyCodeOrd::Char(c)
                    }
                    _ => return Err(format!("{spec:?} is not a key name")),
                }
            }
        };
        Ok(Chord {
            code,
            ctrl,
            alt,
            shift,
        })
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::Delete => f.write_str("Del"),
            KeyCodeOrd::Up => f.write_str("Up"),
            KeyCodeOrd::Down => f.write_str("Down"),
            KeyCodeOrd::Left => f.write_str("Left"),
            KeyCodeOrd::Right => f.write_str("Right"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
        }
    }
}

/// A problem in a keymap or config file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// 1-based line of byte offset `pos` in `src`.
pub fn line_of(src: &str, pos: usize) -> usize {
    src[..pos.min(src.len())].matches('\n').count() + 1
}

/// Raw `mode -> key -> action` entries with their positions, as read from TOML.
pub type RawKeys =
    BTreeMap<toml::Spanned<String>, BTreeMap<toml::Spanned<String>, toml::Spanned<String>>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    maps: BTreeMap<Mode, BTreeMap<Chord, Action>>,
}

impl Keymap {
    /// The built-in defaults from assets/keymap.toml.
    pub fn defaults() -> Result<Keymap, KeymapError> {
        let raw: RawKeys = toml::from_str(DEFAULT_KEYMAP).map_err(|e| KeymapError {
            file: DEFAULT_KEYMAP_NAME.into(),
            line: e
                .span()
                .map(|s| line_of(DEFAULT_KEYMAP, s.start))
                .unwrap_or(1),
            message: e.message().to_string(),
        })?;
        let mut km = Keymap {
            maps: BTreeMap::new(),
        };
        km.apply(&raw, DEFAULT_KEYMAP_NAME, DEFAULT_KEYMAP)?;
        Ok(km)
    }

    /// Applies overrides (`"none"` unbinds). `file`/`src` locate errors.
    pub fn apply(&mut self, raw: &RawKeys, file: &str, src: &str) -> Result<(), KeymapError> {
        let err = |pos: usize, message: String| KeymapError {
            file: file.to_string(),
            line: line_of(src, pos),
            message,
        };
        for (mode_name, entries) in raw {
            let mode = Mode::from_name(mode_name.get_ref()).ok_or_else(|| {
                err(
                    mode_name.span().start,
                    format!(
                        "unknown key section {:?}; use one of {}",
                        mode_name.get_ref(),
                        Mode::ALL.map(Mode::name).join(", ")
                    ),
                )
            })?;
            for (key, action) in entries {
                let chord = Chord::parse(key.get_ref()).map_err(|m| err(key.span().start, m))?;
                let map = self.maps.entry(mode).or_default();
                if action.get_ref() == "none" {
                    map.remove(&chord);
                    continue;
                }
                let a = Action::from_name(action.get_ref()).ok_or_else(|| {
                    err(
                        action.span().start,
                        format!(
                            "unknown action {:?} for key {:?}",
                            action.get_ref(),
                            key.get_ref()
                        ),
                    )
                })?;
                if mode == Mode::Welcome && !matches!(a, Action::Quit | Action::ForceQuit) {
                    return Err(err(
                        action.span().start,
                        format!(
                            "action {:?} cannot be bound in the welcome board (a kiosk quits, nothing else)",
                            a.name()
                        ),
                    ));
                }
                if mode == Mode::Board && a.is_mutating() {
                    return Err(err(
                        action.span().start,
                        format!(
                            "action {:?} changes data and cannot be bound in the read-only board",
                            a.name()
                        ),
                    ));
                }
                map.insert(chord, a);
            }
        }
        Ok(())
    }

    pub fn lookup(&self, mode: Mode, chord: &Chord) -> Option<Action> {
        self.maps.get(&mode).and_then(|m| m.get(chord)).copied()
    }

    /// Resolves a key with the plain list or input keys: a focused text field takes plain
    /// characters as text; otherwise the mode's table, then the global one.
    pub fn resolve(&self, ev: &KeyEvent, typing: bool, board: bool) -> Resolved {
        if board {
            return self.resolve_in(ev, &[Mode::Board], false, false);
        }
        let local = if typing { Mode::Input } else { Mode::List };
        self.resolve_in(ev, &[local], typing, true)
    }

    /// Resolves a key for the sections in force, tried in order (the screen's own, then
    /// its focused widget's), then the global table when `global`. While `typing`, a plain
    /// character is text whatever the sections bind, and caret keys edit the field.
    pub fn resolve_in(
        &self,
        ev: &KeyEvent,
        sections: &[Mode],
        typing: bool,
        global: bool,
    ) -> Resolved {
        let Some(chord) = Chord::from_event(ev) else {
            return Resolved::Nothing;
        };
        if typing && chord.is_plain_char() {
            if let KeyCodeOrd::Char(c) = chord.code {
                return Resolved::Text(c);
            }
        }
        for m in sections {
            if let Some(a) = self.lookup(*m, &chord) {
                // Editing actions act on the field while typing.
                if typing && let Some(e) = a.edit() {
                    return Resolved::Edit(e);
                }
                return Resolved::Action(a);
            }
        }
        if global && let Some(a) = self.lookup(Mode::Global, &chord) {
            return Resolved::Action(a);
        }
        if typing {
            return match chord.code {
                KeyCodeOrd::Backspace => Resolved::Edit(Edit::Backspace),
                KeyCodeOrd::Delete => Resolved::Edit(Edit::Delete),
                KeyCodeOrd::Left => Resolved::Edit(Edit::Left),
                KeyCodeOrd::Right => Resolved::Edit(Edit::Right),
                KeyCodeOrd::Home => Resolved::Edit(Edit::Home),
                KeyCodeOrd::End => Resolved::Edit(Edit::End),
                _ => Resolved::Nothing,
            };
        }
        Resolved::Nothing
    }

    /// Every key bound to `action` in any of `modes`: plain characters, then function
    /// keys, then keys with modifiers, for hints such as "?/F12" or "F1".
    pub fn keys_for(&self, modes: &[Mode], action: Action) -> Vec<Chord> {
        let mut out: Vec<Chord> = Vec::new();
        for m in modes {
            if let Some(map) = self.maps.get(m) {
                for (c, a) in map {
                    if *a == action && !out.contains(c) {
                        out.push(*c);
                    }
                }
            }
        }
        out.sort_by_key(|c| (c.ctrl || c.alt, matches!(c.code, KeyCodeOrd::F(_)), *c));
        out
    }

    /// Every binding of a mode, grouped by action, for the help overlay.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<Chord>)> {
        let mut by_action: BTreeMap<Action, Vec<Chord>> = BTreeMap::new();
        if let Some(m) = self.maps.get(&mode) {
            for (c, a) in m {
                by_action.entry(*a).or_default().push(*c);
            }
        }
        by_action.into_iter().collect()
    }

    /// The first key bound to `action` in `mode` (for hints in the status line).
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<Chord> {
        self.maps
            .get(&mode)?
            .iter()
            .find(|(_, a)| **a == action)
            .map(|(c, _)| *c)
    }
}

/// What a key press means in the current context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    Text(char),
    Edit(Edit),
    Nothing,
}

/// Caret movement and deletion inside a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: empty the field.
    Clear,
    /// Ctrl-W: delete the word before the caret.
    DeleteWord,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_parse_and_cover_the_conventions() {
        let km = Keymap::defaults().unwrap();
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(
            km.resolve(&f1, false, false),
            Resolved::Action(Action::PanelCheckin)
        );
        let alt3 = key(KeyCode::Char('3'), KeyModifiers::ALT);
        assert_eq!(
            km.resolve(&alt3, true, false),
            Resolved::Action(Action::PanelComplaints)
        );
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(km.resolve(&q, false, false), Resolved::Action(Action::Quit));
        assert_eq!(km.resolve(&q, true, false), Resolved::Text('q'));
        let qm = key(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            km.resolve(&qm, false, false),
            Resolved::Action(Action::Help)
        );
        let bt = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            km.resolve(&bt, true, false),
            Resolved::Action(Action::PrevField)
        );
        let cs = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(km.resolve(&cs, true, false), Resolved::Action(Action::Save));
        let cc = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            km.resolve(&cc, true, false),
            Resolved::Action(Action::ForceQuit)
        );
        assert_eq!(
            km.resolve(&cc, false, true),
            Resolved::Action(Action::ForceQuit)
        );
    }

    #[test]
    fn the_board_binds_nothing_that_changes_data() {
        let km = Keymap::defaults().unwrap();
        for (a, _) in km.bindings(Mode::Board) {
            assert!(!a.is_mutating(), "{a:?} bound in the board");
        }
        let cs = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(km.resolve(&cs, false, true), Resolved::Nothing);
    }

    #[test]
    fn the_welcome_board_binds_quitting_only() {
        let km = Keymap::defaults().unwrap();
        let bound: Vec<Action> = km
            .bindings(Mode::Welcome)
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert!(bound.contains(&Action::Quit) && bound.contains(&Action::ForceQuit));
        assert!(
            bound
                .iter()
                .all(|a| matches!(a, Action::Quit | Action::ForceQuit)),
            "{bound:?}"
        );
        let mut km = km;
        let src = "[welcome]\n\"right\" = \"next_page\"\n";
        let raw: RawKeys = toml::from_str(src).unwrap();
        let e = km.apply(&raw, "c.toml", src).unwrap_err();
        assert!(e.message.contains("kiosk"), "{e}");
    }

    #[test]
    fn overrides_rebind_unbind_and_report_file_and_line() {
        let mut km = Keymap::defaults().unwrap();
        let src = "[global]\n\"ctrl-q\" = \"quit\"\n\"f1\" = \"none\"\n";
        let raw: RawKeys = toml::from_str(src).unwrap();
        km.apply(&raw, "c.toml", src).unwrap();
        let cq = key(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(km.resolve(&cq, true, false), Resolved::Action(Action::Quit));
        let f1 = key(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(km.resolve(&f1, false, false), Resolved::Nothing);

        let src = "[list]\n\"x\" = \"quit\"\n\"y\" = \"fly_away\"\n";
        let raw: RawKeys = toml::from_str(src).unwrap();
        let e = km.apply(&raw, "c.toml", src).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("c.toml", 3));
        assert!(e.message.contains("fly_away"), "{e}");

        let src = "[list]\n\n\"ctrl-\" = \"quit\"\n";
        let raw: RawKeys = toml::from_str(src).unwrap();
        let e = km.apply(&raw, "c.toml", src).unwrap_err();
        assert_eq!(e.line, 3);

        let src = "[board]\n\"ctrl-s\" = \"save\"\n";
        let raw: RawKeys = toml::from_str(src).unwrap();
        let e = km.apply(&raw, "c.toml", src).unwrap_err();
        assert!(e.message.contains("read-only"), "{e}");
    }

    #[test]
    fn chord_names_parse() {
        assert_eq!(Chord::parse("shift-tab").unwrap().code, KeyCodeOrd::BackTab);
        assert_eq!(Chord::parse("F12").unwrap().code, KeyCodeOrd::F(12));
        assert!(Chord::parse("f13").is_err());
        assert!(Chord::parse("banana").is_err());
        let c = Chord::parse("ctrl-S").unwrap();
        assert!(c.ctrl && c.code == KeyCodeOrd::Char('s'));
    }
}
