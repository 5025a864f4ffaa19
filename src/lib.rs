//! frontdesk: the after-sales service reception console.
pub mod app;
pub mod catalog_file;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod fmt;
pub mod i18n;
pub mod logging;
pub mod paths;
pub mod print;
pub mod store;
pub mod terminal;
pub mod theme;
pub mod ui;
