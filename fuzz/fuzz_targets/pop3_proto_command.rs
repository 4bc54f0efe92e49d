//! POP3 command lines (`pop3_proto::Command`) from any bytes in strict and lenient
//! mode, encode → parse roundtrips, and the server-side `ServerDecoder` whole
//! against split. The checks and the input layout are in `checks/pop3_command.rs`.
#![no_main]

#[path = "../checks/pop3_command.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
