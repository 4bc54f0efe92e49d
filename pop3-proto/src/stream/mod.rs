//! Sans-IO streaming decoders: they keep the framing state between reads, so input may be
//! fed in any split (one byte at a time or all at once) with the same results and O(n) work.

pub mod body;
pub mod client;
pub mod server;
