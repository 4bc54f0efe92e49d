//! RFC 2047 encoded words and RFC 2231 parameters (`mime_codec::rfc2047`,
//! `mime_codec::rfc2231`): decoding any bytes, and encode → decode
//! roundtrips of any text. The checks and the input layout are in
//! `checks/encoded_words.rs`.
#![no_main]

#[path = "../checks/encoded_words.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
