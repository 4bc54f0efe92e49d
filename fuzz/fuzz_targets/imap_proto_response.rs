//! IMAP server bytes through `Response::parse`, `Greeting::parse_message` and a
//! `ClientDecoder`: no panic, errors in range, `parse(encode(parse(b))) == parse(b)`, whole
//! against split. The checks and the input layout are in `checks/imap_response.rs`.
#![no_main]

#[path = "../checks/imap_response.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
