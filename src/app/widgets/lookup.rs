//! The customer lookup: search as you type over plate, phone and name, the hits (each
//! with vehicle, last visit, open orders and complaints) and a "new customer" row below
//! them. One implementation for check-in and the booking form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row};

use crate::app::action::Action;
use crate::app::keymap::Resolved;
use crate::fmt::{phone_text, plate_text, vehicle};
use crate::i18n::I18n;
use crate::store::customers::SearchHit;
use crate::theme::Theme;

use super::input::TextInput;
use super::list::{empty, render_table, table};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lookup {
    pub query: TextInput,
    pub hits: Vec<SearchHit>,
    /// The selected row; `hits.len()` is the "new customer" row.
    pub selected: usize,
}

/// What a key did to the lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupEvent {
    /// The query changed: search for it (`None`: it is blank now, the hits are cleared).
    Search(Option<String>),
    /// The selection moved.
    Moved,
    /// Not the lookup's key.
    Unhandled(Resolved),
}

/// What the advisor chose.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// A customer with this vehicle.
    Vehicle(SearchHit),
    /// Someone not on file (or a customer without a vehicle, whose name and phone are
    /// kept): what was typed, to carry into the new-customer fields.
    New {
        query: String,
        customer: Option<SearchHit>,
    },
}

impl Lookup {
    /// The query is blank: nothing to search for.
    pub fn is_blank(&self) -> bool {
        self.query.value().trim().is_empty()
    }

    fn changed(&mut self) -> LookupEvent {
        self.selected = 0;
        if self.is_blank() {
            self.hits.clear();
            LookupEvent::Search(None)
        } else {
            LookupEvent::Search(Some(self.query.value().to_string()))
        }
    }

    pub fn handle(&mut self, r: Resolved) -> LookupEvent {
        match r {
            Resolved::Text(c) => {
                self.query.insert(&c.to_string());
                self.changed()
            }
            Resolved::Edit(e) => {
                let before = self.query.value().to_string();
                self.query.edit(e);
                if self.query.value() != before {
                    self.changed()
                } else {
                    LookupEvent::Moved
                }
            }
            Resolved::Action(
                a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown),
            ) => {
                let d: isize = match a {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -10,
                    _ => 10,
                };
                let n = self.hits.len() as isize + 1;
                self.selected = (self.selected as isize + d).clamp(0, n - 1) as usize;
                LookupEvent::Moved
            }
            other => LookupEvent::Unhandled(other),
        }
    }

    pub fn paste(&mut self, text: &str) -> LookupEvent {
        self.query.insert(text);
        self.changed()
    }

    /// Clears the query and the hits.
    pub fn clear(&mut self) {
        self.query.clear();
        self.hits.clear();
        self.selected = 0;
    }

    /// Hits for `query` arrived; stale answers (the query moved on) are dropped.
    pub fn hits_for(&mut self, query: &str, hits: Vec<SearchHit>) {
        if query == self.query.value() {
            self.hits = hits;
            self.selected = 0;
        }
    }

    /// The selected row as a choice.
    pub fn choice(&self) -> Choice {
        match self.hits.get(self.selected) {
            Some(h) if h.vehicle_id.is_some() => Choice::Vehicle(h.clone()),
            other => Choice::New {
                query: self.query.value().trim().to_string(),
                customer: other.cloned(),
            },
        }
    }

    /// Draws the hits with the "new customer" row below them.
    pub fn render_hits(&self, frame: &mut Frame, area: Rect, t: &I18n) {
        hits(frame, area, &self.hits, self.selected, t);
    }
}

/// Search hits (plate, customer, phone, vehicle, last visit, open orders and complaints)
/// with the "new customer" row below them, `selected` highlighted (`hits.len()` is the
/// new-customer row).
pub fn hits(frame: &mut Frame, area: Rect, hits: &[SearchHit], selected: usize, t: &I18n) {
    if hits.is_empty() {
        empty(frame, area, t.t("checkin.no_hits"));
        new_customer_row(
            frame,
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
            selected == 0,
            t,
        );
        return;
    }
    let rows: Vec<Row> = hits
        .iter()
        .map(|h| {
            Row::new(vec![
                h.plate.as_deref().map(plate_text).unwrap_or_default(),
                h.customer_name.clone(),
                h.phone.as_deref().map(phone_text).unwrap_or_default(),
                vehicle(h.make.as_deref(), h.model.as_deref()),
                h.last_visit
                    .as_deref()
                    .map(|s| s.chars().take(10).collect())
                    .unwrap_or_default(),
                h.open_repair_orders.to_string(),
                h.open_complaints.to_string(),
            ])
        })
        .collect();
    let table = table(
        vec![
            t.t("col.plate"),
            t.t("col.customer"),
            t.t("col.phone"),
            t.t("col.vehicle"),
            t.t("col.last_visit"),
            t.t("col.open_ro"),
            t.t("col.open_cp"),
        ],
        rows,
        vec![
            Constraint::Length(11),
            Constraint::Length(12),
            Constraint::Length(13),
            Constraint::Min(10),
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Length(4),
        ],
    );
    render_table(frame, area, table, Some(selected));
    // Below the hits: a walk-in not on file yet.
    let y = area.y + 1 + hits.len() as u16;
    if y < area.bottom() {
        new_customer_row(
            frame,
            Rect {
                y,
                height: 1,
                ..area
            },
            selected == hits.len(),
            t,
        );
    }
}

fn new_customer_row(frame: &mut Frame, area: Rect, selected: bool, t: &I18n) {
    let style = if selected {
        Theme::selected()
    } else {
        Theme::key()
    };
    frame.render_widget(
        Paragraph::new(t.t("booking.new_customer")).style(style),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: i64, vehicle: Option<i64>) -> SearchHit {
        SearchHit {
            customer_id: id,
            customer_name: format!("c{id}"),
            phone: Some("13800138000".into()),
            vehicle_id: vehicle,
            plate: vehicle.map(|_| "粤B12345".into()),
            make: None,
            model: None,
            last_visit: None,
            open_repair_orders: 0,
            open_complaints: 0,
        }
    }

    #[test]
    fn typing_asks_for_a_search_and_stale_hits_are_dropped() {
        let mut l = Lookup::default();
        assert_eq!(
            l.handle(Resolved::Text('粤')),
            LookupEvent::Search(Some("粤".into()))
        );
        l.handle(Resolved::Text('B'));
        l.hits_for("粤", vec![hit(1, Some(1))]);
        assert!(l.hits.is_empty(), "an answer for an older query is dropped");
        l.hits_for("粤B", vec![hit(1, Some(1)), hit(2, None)]);
        assert_eq!(l.hits.len(), 2);
        assert_eq!(l.handle(Resolved::Action(Action::Down)), LookupEvent::Moved);
        l.handle(Resolved::Action(Action::Down));
        l.handle(Resolved::Action(Action::Down));
        assert_eq!(l.selected, 2, "the new-customer row is the last");
        assert!(matches!(l.choice(), Choice::New { customer: None, .. }));
        l.handle(Resolved::Action(Action::Up));
        // A customer without a vehicle becomes a new vehicle for that customer's name.
        assert!(matches!(
            l.choice(),
            Choice::New {
                customer: Some(_),
                ..
            }
        ));
        l.handle(Resolved::Action(Action::Up));
        assert!(matches!(l.choice(), Choice::Vehicle(h) if h.customer_id == 1));
        l.handle(Resolved::Edit(crate::app::keymap::Edit::Backspace));
        l.handle(Resolved::Edit(crate::app::keymap::Edit::Backspace));
        assert!(l.is_blank() && l.hits.is_empty());
        let esc = Resolved::Action(Action::Cancel);
        assert_eq!(l.handle(esc), LookupEvent::Unhandled(esc));
    }
}
