//! The server-side stream decoder (`smtp_proto::ServerDecoder`) on any bytes,
//! driven like a server (DATA, AUTH, STARTTLS): against `Command::parse`, any
//! split of the input, bounded buffering. The checks and the input layout are in
//! `checks/smtp_server_stream.rs`.
#![no_main]

#[path = "../checks/smtp_server_stream.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
