//! Checks of the `smtp_proto_command` fuzz target: SMTP command lines
//! (`smtp_proto::types::command::Command`) parsed from any bytes, in strict and
//! lenient mode, and re-encoded.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: no header; the data is what a client sends (one or more lines).
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! In each mode it checks that
//!
//! 1. `Command::parse` and `Command::parse_line` never panic; errors point into
//!    their input; `parse` is incomplete only while no LF has arrived;
//! 2. each LF-separated line of the data (without a CR before the LF) is parsed
//!    with `Command::parse_line` too;
//! 3. the lines of the data are parsed one after the other with `Command::parse`
//!    (pipelining), until one fails or is incomplete; each complete one is what
//!    `Command::parse_line` gives for the line's text;
//! 4. every accepted command encodes (through `encode` and `to_bytes`) to one
//!    line with exactly one CRLF, at its end, starting with the command's verb;
//!    the line parses back to the same command in strict mode (lenient mode only
//!    admits wire deviations: the commands it accepts have a strict encoding) and
//!    in the mode it was parsed in — so `parse(encode(parse(b))) == parse(b)`;
//!    `into_owned` keeps it equal;
//! 5. a line strict mode accepts, without trailing SP or HT (which lenient mode
//!    drops), is the same command in lenient mode.

use smtp_proto::types::command::Command;
use smtp_proto::{Error, ParserOptions, Status};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The checks on one part of the input.
fn check_part(data: &[u8]) {
    for opts in [ParserOptions::new(), ParserOptions::lenient()] {
        check_mode(&opts, data);
    }
}

fn check_mode(opts: &ParserOptions, data: &[u8]) {
    // The whole data as one line's text.
    match Command::parse_line(data, opts) {
        Ok(cmd) => {
            check_command(opts, &cmd);
            check_lenient_agrees(opts, data, &cmd);
        }
        Err(e) => check_error(&e, data),
    }

    // Each line on its own (so that inputs can be concatenated: the checked-in
    // corpus is packed that way).
    if data.contains(&b'\n') {
        for line in data.split(|&b| b == b'\n').take(64) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            match Command::parse_line(line, opts) {
                Ok(cmd) => {
                    check_command(opts, &cmd);
                    check_lenient_agrees(opts, line, &cmd);
                }
                Err(e) => check_error(&e, line),
            }
        }
    }

    // Pipelined lines.
    let mut rest = data;
    for _ in 0..64 {
        match Command::parse(rest, opts) {
            Ok(Status::Complete { value, consumed }) => {
                assert!(consumed > 0 && consumed <= rest.len());
                assert_eq!(rest[consumed - 1], b'\n', "a line ends with LF");
                let text_end = if consumed >= 2 && rest[consumed - 2] == b'\r' {
                    consumed - 2
                } else {
                    assert!(opts.is_lenient(), "LF-only line end in strict mode");
                    consumed - 1
                };
                assert_eq!(
                    Command::parse_line(&rest[..text_end], opts).as_ref(),
                    Ok(&value)
                );
                check_command(opts, &value);
                check_lenient_agrees(opts, &rest[..text_end], &value);
                rest = &rest[consumed..];
            }
            Ok(Status::Incomplete) => {
                assert!(!rest.contains(&b'\n'), "incomplete with a line end");
                break;
            }
            Err(e) => {
                check_error(&e, rest);
                break;
            }
        }
    }
}

/// An error points into (or just past the end of) the input it came from.
fn check_error(e: &Error, input: &[u8]) {
    assert!(
        e.offset <= input.len(),
        "error {e:?} past the end of {} bytes",
        input.len()
    );
}

/// Encoding and re-parsing an accepted command.
fn check_command(opts: &ParserOptions, cmd: &Command<'_>) {
    let bytes = cmd.to_bytes();
    let mut via_bufmut = Vec::new();
    cmd.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    check_one_line(&bytes);
    let verb = cmd.verb();
    // Known verbs are written in upper case; an unknown one as it was given, which
    // `verb()` upper-cases.
    assert!(
        bytes.len() >= verb.len() && bytes[..verb.len()].eq_ignore_ascii_case(verb.as_bytes()),
        "{:?} does not start with its verb {verb}",
        bytes.escape_ascii().to_string()
    );
    assert!(!verb.bytes().any(|b| b.is_ascii_lowercase()));

    // The encoding's line may be longer than the parsed one (lenient mode adds angle
    // brackets, a verb is written in full): lift the line limits for the re-parse.
    let big = usize::MAX / 2;
    for mode_opts in [ParserOptions::new(), *opts] {
        let reparse = mode_opts.max_command_line(big).max_auth_line(big);
        assert_eq!(
            Command::parse(&bytes, &reparse),
            Ok(Status::Complete {
                value: cmd.clone(),
                consumed: bytes.len()
            }),
            "{cmd:?} encoded as {:?} (re-parsed in {:?} mode)",
            bytes.escape_ascii().to_string(),
            reparse.mode
        );
    }
    assert_eq!(&cmd.clone().into_owned(), cmd);
}

/// A line strict mode accepted as `cmd` is `cmd` in lenient mode too, unless it ends
/// with SP or HT (which lenient mode drops).
fn check_lenient_agrees(opts: &ParserOptions, line: &[u8], cmd: &Command<'_>) {
    if opts.is_lenient() || line.ends_with(b" ") || line.ends_with(b"\t") {
        return;
    }
    assert_eq!(
        Command::parse_line(line, &ParserOptions::lenient()).as_ref(),
        Ok(cmd),
        "strict and lenient mode differ"
    );
}

/// `bytes` holds exactly one CRLF, at its end, and no other CR or LF.
fn check_one_line(bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"), "no CRLF at the end");
    let body = &bytes[..bytes.len() - 2];
    assert!(
        !body.iter().any(|&b| b == b'\r' || b == b'\n'),
        "CR or LF inside {:?}",
        bytes.escape_ascii().to_string()
    );
}
