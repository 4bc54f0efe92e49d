//! IMAP modified UTF-7 (`mime_codec::utf7`): decoding any bytes in every
//! option combination, the canonical form, and encode → decode roundtrips.
//! The checks and the input layout are in `checks/utf7.rs`.
#![no_main]

#[path = "../checks/utf7.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
