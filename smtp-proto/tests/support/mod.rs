//! Shared helpers of the real-peer tests (`real_clients.rs`, `real_opensmtpd.rs`) and the
//! capture replays (`captures.rs`). The protocol-independent part (skipping when a tool is
//! missing, scratch directories, child processes with a time limit, free ports, a base64
//! oracle, CRLF helpers, the large test message) is `testsupport/real_peers.rs` at the
//! workspace root, shared with the other protocol crates and re-exported here. The loopback
//! server built from the crate's server side is in [`server`], the client built from its
//! client side in [`client`], the throwaway OpenSMTPD in [`opensmtpd`].
//!
//! Every test binary compiles all of it and uses a part, hence the `dead_code` allowance.
#![allow(dead_code)]

pub(crate) mod client;
pub(crate) mod opensmtpd;
pub(crate) mod server;

#[path = "../../../testsupport/real_peers.rs"]
mod real_peers;
pub(crate) use real_peers::*;
