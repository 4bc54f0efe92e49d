//! Splitting one fuzzer input into independent parts, and reading its header bytes: shared
//! by the SMTP and POP3 checks.
//!
//! The checked-in corpora pack several minimized inputs into one file, joined by
//! [`SEPARATOR`]; each check runs on every part. Included with `#[path]` at the crate
//! root of each fuzz target and of the corpus replay test, next to the checks.

/// Separates independent parts of one input.
pub(crate) const SEPARATOR: &[u8] = b"\xff\xfe\xfd\xfc";

/// Calls `check` on each part of `input` (at most 64; the rest of the input is the
/// last part).
pub(crate) fn for_each_part(input: &[u8], mut check: impl FnMut(&[u8])) {
    let mut rest = input;
    for _ in 0..63 {
        let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) else {
            break;
        };
        check(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    check(rest);
}

/// The first byte of `rest` (zero when empty), removed: how the checks read the
/// configuration bytes at the head of a part.
#[allow(dead_code)] // the command and roundtrip checks read no header bytes
pub(crate) fn take(rest: &mut &[u8]) -> u8 {
    match rest.split_first() {
        Some((&b, tail)) => {
            *rest = tail;
            b
        }
        None => 0,
    }
}
