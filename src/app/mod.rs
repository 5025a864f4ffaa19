//! The console's logic: actions, keymaps, state, the pure update and its effects.
pub mod action;
pub mod effects;
pub mod input;
pub mod keymap;
pub mod model;
pub mod update;
