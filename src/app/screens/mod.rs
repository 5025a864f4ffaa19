//! One folder per screen: `mod.rs` (state, Msg, Effect), `keys.rs`, `fx.rs`, `view.rs`.
pub mod appointments;
pub mod board;
pub mod catalog;
pub mod checkin;
pub mod complaints;
pub mod settings;
pub mod staff;
pub mod staff_picker;
pub mod work_orders;
