//! POP3 server lines through the one-shot parsers (`Reply`, `AuthReply`,
//! `Continuation`, listings, CAPA lines and bodies) on any bytes: errors in range,
//! roundtrips, strict ⇒ lenient, bodies against a plain line splitter. The checks
//! and the input layout are in `checks/pop3_reply.rs`.
#![no_main]

#[path = "../checks/pop3_reply.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
