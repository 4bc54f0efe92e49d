//! Parsers: hand-written over bytes, one module per message family, each parser's doc
//! comment quoting its ABNF rule and RFC section.

pub(crate) mod body;
pub(crate) mod chars;
pub(crate) mod command;
pub(crate) mod core;
pub(crate) mod fetch;
pub(crate) mod kw;
pub(crate) mod response;
pub(crate) mod search;
