//! `Command` values of every variant built from the input through the crate's validating
//! constructors encode, with every peer option, to bytes that `Command::parse_message` and
//! a `ServerDecoder` read back as the same value. The checks and the input layout are in
//! `checks/imap_command_roundtrip.rs`.
#![no_main]

#[path = "../checks/imap_command_roundtrip.rs"]
mod checks;
#[path = "../checks/imap_values.rs"]
mod imap_values;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
