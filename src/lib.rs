//! frontdesk: the after-sales service reception console.
pub mod clock;
pub mod demo;
pub mod domain;
pub mod export;
pub mod store;
