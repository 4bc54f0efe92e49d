//! POP3 multi-line bodies: `BodyDecoder` whole against split and against `unstuff`,
//! and `unstuff(encode_body(x))` equal to `x` with normalized line ends. The checks
//! and the input layout are in `checks/pop3_body.rs`.
#![no_main]

#[path = "../checks/pop3_body.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
