//! The check-in's job line and the job catalog: the offer under the description being
//! typed, an operation or a part filling the line, a package adding its lines.

use crate::app::widgets::catalog_offer;
use crate::i18n::Lang;
use crate::store::catalog::{Hit, PackageLine};

use super::flow::{Flow, OrderField as O, Step};

impl Flow {
    /// The catalog's offer is open: the line description has the focus and something
    /// matched what it holds.
    pub fn completing(&self) -> bool {
        self.step == Step::Order
            && self.order.focused() == Some(O::LDesc)
            && self.completion.is_open()
    }

    /// The description typed, to look up in the catalog (`None` when empty).
    pub fn completion_query(&self) -> Option<String> {
        catalog_offer::query(self.order.text(O::LDesc))
    }

    /// The catalog's answer for `query`, kept if the description still holds it.
    pub fn completed(&mut self, query: &str, hits: Vec<Hit>) {
        if self.completion_query().as_deref() == Some(query) {
            self.completion.set(hits);
        }
    }

    /// Takes an entry: an operation or a part fills the line's fields (all still
    /// editable; the add key adds it); a package is returned, to add its lines.
    pub fn take_completion(&mut self, hit: Hit, lang: Lang) -> Option<Hit> {
        let Some(f) = catalog_offer::fill(&hit, lang, self.labour_rate_cents) else {
            return Some(hit);
        };
        let form = &mut self.order;
        form.set_choice(O::LKind, catalog_offer::kind_index(f.kind));
        form.set_text(O::LDesc, &f.description);
        form.set_text(O::LQty, &f.quantity);
        form.set_text(O::LPrice, &f.price);
        form.set_choice(O::LClaim, usize::from(f.claim));
        form.focus_on(O::LQty);
        self.completion.took(&f);
        self.dirty = true;
        None
    }

    /// Adds the lines of a package (labour at the shop's rate where the catalog names
    /// none); the description field is emptied for the next line.
    pub fn add_package(&mut self, lines: &[PackageLine], lang: Lang) {
        for l in lines {
            self.lines
                .push(catalog_offer::package_line(l, lang, self.labour_rate_cents));
        }
        self.order.set_text(O::LDesc, "");
        self.order.focus_on(O::LDesc);
        self.dirty = true;
    }
}
