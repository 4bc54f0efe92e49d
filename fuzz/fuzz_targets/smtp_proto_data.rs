//! SMTP DATA (`smtp_proto::DataReceiver`, `smtp_proto::DataEncoder`) on any
//! bytes: the receiver against the RFC 5321 rules written out byte by byte, any
//! split of the input, bounded buffering, and encoder → receiver roundtrips with
//! exactly one end-of-data sequence. The checks and the input layout are in
//! `checks/smtp_data.rs`.
#![no_main]

#[path = "../checks/smtp_data.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
