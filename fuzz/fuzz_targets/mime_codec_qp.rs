//! Quoted-printable (`mime_codec::qp`): strict and lenient decoding of any
//! bytes, one-shot and streaming in chunks, and encoding in every mode and
//! option, checked line by line and decoded back. The checks and the input
//! layout are in `checks/qp.rs`.
#![no_main]

#[path = "../checks/qp.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
