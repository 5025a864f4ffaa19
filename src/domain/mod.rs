//! Pure rules of the service reception. Nothing here touches the terminal, SQLite, files
//! or the clock: time is always an argument (a test enforces it).
pub mod kinds;
