//! POP3 values (commands, SASL lines, replies, continuations, listings,
//! capabilities) built from fuzzer bytes through the validating constructors encode
//! to bytes that parse back to the same value. The checks and the input layout are
//! in `checks/pop3_roundtrip.rs`.
#![no_main]

#[path = "../checks/pop3_roundtrip.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
