//! Parsers: one module per message family, each parser documented with its ABNF rule and RFC section.

pub mod capa;
pub mod command;
pub(crate) mod line;
pub mod listing;
pub mod reply;
