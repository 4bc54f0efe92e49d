//! Parsers: one module per message family, each parser documented with its ABNF rule and RFC section.

// Used by the command/reply parsers and stream decoders as they land.
pub mod command;
#[allow(dead_code)]
pub(crate) mod line;
pub mod param;
pub mod path;
pub mod xtext;
