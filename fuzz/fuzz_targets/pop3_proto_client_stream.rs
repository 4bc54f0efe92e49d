//! POP3 client side: `ClientDecoder` on arbitrary server bytes after an arbitrary sequence
//! of commands sent, whole against split, with linear work. The checks and the input
//! layout are in `checks/pop3_client_stream.rs`.
#![no_main]

#[path = "../checks/pop3_client_stream.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
