//! Parsers: one module per message family, each parser documented with its ABNF rule and RFC section.

#[allow(dead_code)] // the scanner is used by the command and reply parsers being built (issue 4)
pub(crate) mod line;
