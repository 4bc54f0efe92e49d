//! Shared helpers of the real-server test (`real_dovecot.rs`): the protocol-independent part
//! is `testsupport/real_peers.rs` at the workspace root, the throwaway Dovecot
//! `testsupport/dovecot.rs` (both shared with the other protocol crates), the IMAP client
//! built from the crate's client side is [`client`].
#![allow(dead_code)]

pub(crate) mod client;
#[path = "../../../testsupport/dovecot.rs"]
pub(crate) mod dovecot;

#[path = "../../../testsupport/real_peers.rs"]
mod real_peers;
pub(crate) use real_peers::*;

/// The test user of the throwaway Dovecot (`scripts/dovecot/users`).
pub(crate) const USER: &str = "mailwire";
/// Its password.
pub(crate) const PASSWORD: &str = "pop3 secret";
