//! Differential fuzzing of `mime_codec::base64` against the `base64` crate, and
//! of its streaming APIs against the one-shot ones. The checks and the input
//! layout are in `checks/base64.rs`.
#![no_main]

#[path = "../checks/base64.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
