//! Reusable pieces every screen builds from, each with its state, its key handling
//! (keys in, an event out) and its drawing, and each tested alone.
pub mod catalog_offer;
pub mod confirm;
pub mod form;
pub mod input;
pub mod list;
pub mod lookup;
pub mod new_customer;
pub mod pin;
pub mod steps;
