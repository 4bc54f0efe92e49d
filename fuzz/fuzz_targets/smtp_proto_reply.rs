//! SMTP replies (`smtp_proto::Reply`, `smtp_proto::EhloReply`) and the client-side
//! stream decoder on any bytes: one-shot parse against the decoder, any split of
//! the input, bounded buffering, encode → parse roundtrips. The checks and the
//! input layout are in `checks/smtp_reply.rs`.
#![no_main]

#[path = "../checks/smtp_reply.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
