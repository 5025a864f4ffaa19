//! Pure rules of the service reception. Nothing here touches the terminal, SQLite, files
//! or the clock: time is always an argument (a test enforces it).
pub mod appointment;
pub mod catalog;
pub mod complaint;
pub mod inspection;
pub mod kinds;
pub mod kpi;
pub mod masking;
pub mod money;
pub mod odometer;
pub mod phone;
pub mod plate;
pub mod repair_order;
pub mod text;
pub mod vehicle;
pub mod workshop;
