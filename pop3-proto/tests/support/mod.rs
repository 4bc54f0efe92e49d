//! Shared helpers of the real-peer tests (`real_clients.rs`, `real_dovecot.rs`). The
//! protocol-independent part (skipping when a tool is missing, scratch directories, child
//! processes with a time limit, free ports, base64 oracles, CRLF helpers, the large test
//! message) is `testsupport/real_peers.rs` at the workspace root, shared with the other
//! protocol crates and re-exported here. The loopback server built from the crate's server
//! side is in [`server`], the client built from its client side in [`client`], the throwaway
//! Dovecot in [`dovecot`].
//!
//! Every test binary compiles all of it and uses a part, hence the `dead_code` allowance.
#![allow(dead_code)]

pub(crate) mod client;
#[path = "../../../testsupport/dovecot.rs"]
pub(crate) mod dovecot;
pub(crate) mod server;

use std::process::Command;

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

/// The APOP digest (RFC 1939 §7: MD5 of the timestamp followed by the secret) of `text`
/// computed by Python's hashlib, which shares nothing with the crate (which computes no MD5
/// at all). Needs `python3`.
pub(crate) fn hashlib_md5(text: &str) -> [u8; 16] {
    let done = run(Command::new("python3")
        .arg("-c")
        .arg("import hashlib, sys; print(hashlib.md5(sys.argv[1].encode()).hexdigest())")
        .arg(text));
    done.assert_success("python3 hashlib");
    let hex = String::from_utf8(done.stdout).expect("hex digits");
    let hex = hex.trim();
    assert_eq!(hex.len(), 32, "{hex:?}");
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("a hex digit pair");
    }
    out
}

/// Lower-case hex digits of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
