//! The console's logic: actions, keymaps, state, the pure update and its effects.
pub mod action;
pub mod appointments;
pub mod booking;
pub mod checkin;
pub mod checkin_keys;
pub mod effects;
pub mod form;
pub mod input;
pub mod keymap;
pub mod model;
pub mod update;
