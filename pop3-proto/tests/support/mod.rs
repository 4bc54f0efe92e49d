//! Shared helpers of the real-peer tests (`real_clients.rs`, `real_dovecot.rs`). The
//! protocol-independent part (skipping when a tool is missing, scratch directories, child
//! processes with a time limit, free ports, base64 oracles, CRLF helpers, the large test
//! message) is `testsupport/real_peers.rs` at the workspace root, shared with the other
//! protocol crates and re-exported here. The loopback server built from the crate's server
//! side is in [`server`].
//!
//! Every test binary compiles all of it and uses a part, hence the `dead_code` allowance.
#![allow(dead_code)]

pub(crate) mod server;

#[path = "../../../testsupport/real_peers.rs"]
mod real_peers;
pub(crate) use real_peers::*;

/// The test user of both the loopback server and the throwaway Dovecot
/// (`scripts/dovecot/users`).
pub(crate) const USER: &str = "mailwire";
/// Its password: with a space, because PASS takes the whole rest of the line (RFC 1939 §7).
pub(crate) const PASSWORD: &str = "pop3 secret";

/// The RFC 4616 PLAIN message for [`USER`] / [`PASSWORD`] with an empty authorization
/// identity: `NUL user NUL password`.
pub(crate) fn plain_message() -> Vec<u8> {
    let mut m = vec![0];
    m.extend_from_slice(USER.as_bytes());
    m.push(0);
    m.extend_from_slice(PASSWORD.as_bytes());
    m
}
