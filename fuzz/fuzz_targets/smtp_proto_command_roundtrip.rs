//! `Command` values built from fuzzer bytes through the validating constructors
//! encode to one line that parses back to the same value. The checks and the
//! input layout are in `checks/smtp_command_roundtrip.rs`.
#![no_main]

#[path = "../checks/smtp_command_roundtrip.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
