//! The job catalog's offer under a line description being typed (check-in's job line,
//! a work order's added line): the entries found for the text, the one chosen with
//! Up / Down, Enter to take it, Esc to close; and what a line takes from an operation or
//! a part.

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::domain::kinds::LineKind;
use crate::domain::money::Cents;
use crate::i18n::Lang;
use crate::store::catalog::{Hit, HitKind};

/// The entries found for the description typed, and the chosen one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offer {
    pub hits: Vec<Hit>,
    pub at: usize,
    /// The entry last taken, until the line is added: a line that still has its
    /// description came from the catalog.
    pub taken: Option<Taken>,
}

/// The catalog entry whose fill went into a line's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub description: String,
    /// The part number or the operation's code.
    pub code: String,
    pub price_cents: i64,
}

/// What a key did to an open offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferKey {
    /// Moved the choice or closed the offer.
    Handled,
    /// Enter: this entry is taken (the offer is closed).
    Take(Hit),
    /// Not the offer's key.
    Pass,
}

impl Offer {
    pub fn is_open(&self) -> bool {
        !self.hits.is_empty()
    }

    pub fn clear(&mut self) {
        self.hits.clear();
        self.at = 0;
    }

    /// New entries, the first chosen.
    pub fn set(&mut self, hits: Vec<Hit>) {
        self.hits = hits;
        self.at = 0;
    }

    /// `fill` went into the line's fields.
    pub fn took(&mut self, fill: &Fill) {
        self.taken = Some(Taken {
            description: fill.description.clone(),
            code: fill.code.clone(),
            price_cents: fill.price_cents,
        });
    }

    /// The catalog's code and price for a line added with `description` (`None`: typed
    /// by hand, or its description was changed after the entry was taken); forgets the
    /// entry.
    pub fn catalog_entry(&mut self, description: &str) -> Option<(String, i64)> {
        Self::entry_for(self.taken.take(), description)
    }

    /// `taken`'s code and price if `description` is still its.
    pub fn entry_for(taken: Option<Taken>, description: &str) -> Option<(String, i64)> {
        taken
            .filter(|t| t.description.trim() == description.trim())
            .map(|t| (t.code, t.price_cents))
    }

    /// Up / Down choose (round the ends), Enter takes, Esc closes (the text stays).
    pub fn key(&mut self, r: &Resolved) -> OfferKey {
        let by = match r {
            Resolved::Action(Action::Up) => -1,
            Resolved::Action(Action::Down) => 1,
            Resolved::Action(Action::Confirm) => {
                let hit = self.hits.get(self.at).cloned();
                self.clear();
                return hit.map_or(OfferKey::Handled, OfferKey::Take);
            }
            Resolved::Action(Action::Cancel) => {
                self.clear();
                return OfferKey::Handled;
            }
            _ => return OfferKey::Pass,
        };
        let n = self.hits.len() as isize;
        if n > 0 {
            self.at = (self.at as isize + by).rem_euclid(n) as usize;
        }
        OfferKey::Handled
    }
}

/// "(catalog ¥58.00)": how a line shows that its price was changed from the catalog's.
pub fn price_mark(t: &crate::i18n::I18n, catalog_cents: i64) -> String {
    t.tf(
        "line.catalog_price",
        &[("price", crate::fmt::money(catalog_cents))],
    )
}

/// The description typed, to look up (`None` when it is blank).
pub fn query(text: &str) -> Option<String> {
    let q = text.trim();
    (!q.is_empty()).then(|| q.to_string())
}

/// A catalog entry's name in the reader's language (the Chinese one when it has no
/// English name).
pub fn name<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::En if !en.is_empty() => en,
        _ => zh,
    }
}

/// What a job line's fields take from an operation or a part, as the fields show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub kind: LineKind,
    pub description: String,
    /// The part number or the operation's code.
    pub code: String,
    /// Standard hours, or 1 piece.
    pub quantity: String,
    /// The operation's rate (`rate_cents`, the shop's, when it names none) or the part's
    /// unit price.
    pub price: String,
    /// The same, in cents.
    pub price_cents: i64,
    pub claim: bool,
}

/// The fill of an operation or a part; a package fills several lines (`None`).
pub fn fill(hit: &Hit, lang: Lang, rate_cents: i64) -> Option<Fill> {
    let (kind, price) = match hit.kind {
        HitKind::Package => return None,
        HitKind::Operation => (LineKind::Labour, hit.price_cents.unwrap_or(rate_cents)),
        HitKind::Part => (LineKind::Part, hit.price_cents.unwrap_or(0)),
    };
    Some(Fill {
        kind,
        description: name(lang, &hit.name_zh, &hit.name_en).to_string(),
        code: hit.code.clone(),
        quantity: Cents(hit.hours_centi.unwrap_or(100)).to_string(),
        price: Cents(price).to_string(),
        price_cents: price,
        claim: hit.warranty,
    })
}

/// The job line a package's line fills, named in `lang`, labour at `rate_cents` where
/// the operation names no rate; it keeps the catalog's price.
pub fn package_line(
    l: &crate::store::catalog::PackageLine,
    lang: Lang,
    rate_cents: i64,
) -> crate::domain::repair_order::Line {
    let price = l
        .unit_price_cents
        .unwrap_or(if l.labour { rate_cents } else { 0 });
    crate::domain::repair_order::Line {
        kind: if l.labour {
            LineKind::Labour
        } else {
            LineKind::Part
        },
        description: name(lang, &l.name_zh, &l.name_en).to_string(),
        quantity_centi: l.quantity_centi,
        unit_price_cents: price,
        claim: l.warranty,
        service: None,
        catalog_price_cents: Some(price),
        catalog_code: Some(l.code.clone()),
    }
}

/// The index of `kind` among the line kinds of a choice field.
pub fn kind_index(kind: LineKind) -> usize {
    LineKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}
