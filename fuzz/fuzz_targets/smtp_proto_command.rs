//! SMTP command lines (`smtp_proto::types::command::Command`) parsed from any
//! bytes in strict and lenient mode: no panics, pipelined parsing against
//! `parse_line`, encode → parse roundtrips. The checks are in
//! `checks/smtp_command.rs`.
#![no_main]

#[path = "../checks/smtp_command.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
