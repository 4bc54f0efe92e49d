//! Parsers: one module per message family, each parser documented with its ABNF rule and RFC section.

pub mod command;
pub mod ehlo;
pub(crate) mod line;
pub mod param;
pub mod path;
pub mod reply;
pub mod xtext;
