//! Encode → decode roundtrips of `mime_codec::base64` in every configuration,
//! line wrapping included. The checks and the input layout are in
//! `checks/base64_roundtrip.rs`.
#![no_main]

#[path = "../checks/base64_roundtrip.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
