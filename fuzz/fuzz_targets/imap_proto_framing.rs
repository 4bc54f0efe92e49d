//! IMAP framing: `imap_proto::Framer` on arbitrary bytes, either side and mode, small or
//! default limits, whole against split, with linear work and an exact tiling of the input.
//! The checks and the input layout are in `checks/imap_framing.rs`.
#![no_main]

#[path = "../checks/imap_framing.rs"]
mod checks;
#[path = "../checks/parts.rs"]
mod parts;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check(data);
});
