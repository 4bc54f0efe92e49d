//! IMAP client bytes through `Command::parse_message`, the AUTHENTICATE and DONE line
//! parsers and a `ServerDecoder`: no panic, errors in range, `parse(encode(parse(b))) ==
//! parse(b)`, whole against split. The checks and the input layout are in
//! `checks/imap_command.rs`.
#![no_main]

#[path = "../checks/imap_command.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
