//! Shared helpers for the integration tests.
//!
//! Every test crate compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod app;
pub mod output;
pub mod pty;
