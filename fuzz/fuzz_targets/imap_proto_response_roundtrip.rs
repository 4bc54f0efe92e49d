//! Server messages of every kind (greeting, status responses with every code, every data
//! response with every FETCH item, continuation requests) built from the input through the
//! crate's validating constructors encode to bytes that `Response::parse_message` /
//! `Greeting::parse_message` and a `ClientDecoder` read back as the same value. The checks
//! and the input layout are in `checks/imap_response_roundtrip.rs`.
#![no_main]

#[path = "../checks/imap_response_roundtrip.rs"]
mod checks;
#[path = "../checks/imap_values.rs"]
mod imap_values;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
