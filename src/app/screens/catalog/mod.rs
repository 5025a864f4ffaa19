//! The catalog panel (F7): the shop's standard operations, parts price list and
//! packages, one kind at a time (Left/Right), searched with `/` like the completion. A
//! supervisor or manager adds (`n`), changes (`e`/Enter), withdraws and restores (`x`,
//! asking first) entries, each change audited and checked against what the screen read;
//! the selected entry's price history (or a package's lines) shows below the list.
//! Anyone else sees it read-only. Orders already written keep the prices they took.
mod form;
mod fx;
mod keys;
mod view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::Services;
use crate::app::action::Action;
use crate::app::keymap::{Mode, Resolved};
use crate::app::screen::{Cx, Screen, Tab, View};
use crate::app::widgets::form::Form;
use crate::app::widgets::input::TextInput;
use crate::i18n::Note;
use crate::store::catalog::keep::{Entry, Item, Price};
use crate::store::catalog::{HitKind, PackageLine};

pub use form::{EntryField, qty_text};

/// The kinds in the order Left/Right walk them.
pub const KINDS: [HitKind; 3] = [HitKind::Operation, HitKind::Part, HitKind::Package];

/// How many entries the list reads at once (a search narrows a larger catalog).
pub const LIMIT: usize = 500;

/// The form over the list: a new entry, or a change of `item`.
#[derive(Debug, Clone)]
pub struct Editing {
    pub kind: HitKind,
    pub item: Option<Item>,
    pub form: Form<EntryField>,
}

/// What the selected entry shows below the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub id: i64,
    pub prices: Vec<Price>,
    pub lines: Vec<PackageLine>,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub kind: HitKind,
    pub filter: TextInput,
    /// The search field has the keyboard.
    pub filtering: bool,
    pub rows: Vec<Item>,
    pub selected: usize,
    /// How many entries of the kind the catalog holds (the list may show fewer).
    pub total: usize,
    pub loaded: bool,
    pub detail: Option<Detail>,
    pub editing: Option<Editing>,
    /// The shop's labour rate, for a package's total.
    pub rate_cents: i64,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Loaded {
        kind: HitKind,
        query: String,
        rows: Vec<Item>,
        total: usize,
    },
    Detail(Detail),
    /// A package's lines as its form writes them: open the form.
    Edit(Item, Vec<(String, i64)>),
    /// Saved: close the form, say what was done, read the list again.
    Done(Note),
    /// Refused: the message goes next to this field (and in the status line).
    FieldRefused(EntryField, Note),
    Failed(Note),
    /// Yes to "discard what you typed?".
    Discard,
    /// Yes to "withdraw / restore?".
    SetActive {
        kind: HitKind,
        id: i64,
        version: i64,
        active: bool,
        code: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load {
        kind: HitKind,
        query: String,
    },
    Detail(HitKind, i64),
    /// Read a package's lines, then open its form.
    EditPackage(Item),
    Save {
        entry: Entry,
        /// A package's lines as typed (codes to resolve).
        lines: Vec<(String, i64)>,
        existing: Option<(i64, i64)>,
    },
    Active {
        kind: HitKind,
        id: i64,
        version: i64,
        active: bool,
        code: String,
    },
}

impl Catalog {
    pub fn current(&self) -> Option<&Item> {
        self.rows.get(self.selected)
    }

    pub fn load(&self) -> Effect {
        Effect::Load {
            kind: self.kind,
            query: self.filter.value().trim().to_string(),
        }
    }

    /// The selected entry's detail, unless already shown.
    pub fn detail_effect(&self) -> Vec<Effect> {
        match self.current() {
            Some(i) if self.detail.as_ref().is_none_or(|d| d.id != i.id) => {
                vec![Effect::Detail(i.kind, i.id)]
            }
            _ => vec![],
        }
    }
}

impl Screen for Catalog {
    type Msg = Msg;
    type Effect = Effect;

    const TAB: Option<Tab> = Some(Tab {
        title_key: "tab.catalog",
        action: Action::PanelCatalog,
    });

    fn new(_today: NaiveDate) -> Self {
        Catalog {
            kind: KINDS[0],
            filter: TextInput::default(),
            filtering: false,
            rows: Vec::new(),
            selected: 0,
            total: 0,
            loaded: false,
            detail: None,
            editing: None,
            rate_cents: 0,
        }
    }

    fn sections(&self) -> Vec<Mode> {
        if self.typing() {
            vec![Mode::Input]
        } else {
            vec![Mode::Catalog, Mode::List]
        }
    }

    fn typing(&self) -> bool {
        self.editing.is_some() || self.filtering
    }

    fn unsaved(&self) -> bool {
        self.editing.as_ref().is_some_and(|e| e.form.dirty)
    }

    fn show(&mut self, cx: &mut Cx<Msg>) -> Vec<Effect> {
        self.rate_cents = cx.settings.labour_rate_cents;
        vec![self.load()]
    }

    fn key(&mut self, cx: &mut Cx<Msg>, r: Resolved) -> Vec<Effect> {
        keys::key(self, cx, r)
    }

    fn paste(&mut self, _cx: &mut Cx<Msg>, text: &str) -> Vec<Effect> {
        match &mut self.editing {
            Some(e) => {
                e.form.insert(text);
                vec![]
            }
            None if self.filtering => {
                self.filter.insert(text.trim());
                self.selected = 0;
                vec![self.load()]
            }
            None => vec![],
        }
    }

    fn update(&mut self, cx: &mut Cx<Msg>, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Loaded {
                kind,
                query,
                rows,
                total,
            } => {
                // An answer to a search typed over since is dropped.
                if kind != self.kind || query != self.filter.value().trim() {
                    return vec![];
                }
                self.rows = rows;
                self.total = total;
                self.loaded = true;
                self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                return self.detail_effect();
            }
            Msg::Detail(d) => {
                if self.current().is_some_and(|i| i.id == d.id) {
                    self.detail = Some(d);
                }
            }
            Msg::Edit(item, lines) => {
                let form = form::entry_form(item.kind, Some(&item), &lines);
                self.editing = Some(Editing {
                    kind: item.kind,
                    item: Some(item),
                    form,
                });
            }
            Msg::Done(n) => {
                self.editing = None;
                self.detail = None;
                cx.note(n);
                return vec![self.load()];
            }
            Msg::FieldRefused(field, n) => {
                if let Some(e) = self.editing.as_mut() {
                    e.form.set_error(field, n.clone());
                    e.form.focus_on(field);
                }
                cx.note(n);
            }
            Msg::Failed(n) => {
                cx.note(n);
                self.detail = None;
                return vec![self.load()];
            }
            Msg::Discard => self.editing = None,
            Msg::SetActive {
                kind,
                id,
                version,
                active,
                code,
            } => {
                return vec![Effect::Active {
                    kind,
                    id,
                    version,
                    active,
                    code,
                }];
            }
        }
        vec![]
    }

    fn run(sv: &mut Services, e: Effect) -> Vec<Msg> {
        fx::run(sv, e)
    }

    fn render(&self, frame: &mut Frame, area: Rect, v: &View) {
        view::render(self, frame, area, v)
    }
}
