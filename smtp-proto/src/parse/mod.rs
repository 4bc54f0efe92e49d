//! Parsers: one module per message family, each parser documented with its ABNF rule and RFC section.

// Used by the command/reply parsers and stream decoders as they land.
#[allow(dead_code)]
pub(crate) mod line;

pub mod ehlo;
pub mod reply;
