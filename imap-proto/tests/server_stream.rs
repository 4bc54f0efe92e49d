//! The server-side decoder over mailwire's sample client stream (RFC 9051 §8 with an APPEND
//! synchronizing literal, ESEARCH and IDLE): commands, continuation requests, the two
//! AUTHENTICATE response lines and DONE, in order, however the input is split.

use imap_proto::stream::server::{ServerDecoder, ServerEvent};
use imap_proto::types::command::{AuthData, CommandBody};
use imap_proto::{ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

const SAMPLE: &[u8] = include_bytes!("../../mailwire/samples/imap.client");

/// Feeds `input` in pieces of `sizes` (cycled) to a decoder driven like the sample's server:
/// two continuation requests during AUTHENTICATE, "+" for every synchronizing literal,
/// "+ idling" after IDLE. Returns (offset, description) per event.
fn drive(input: &[u8], sizes: &[usize]) -> Vec<(u64, String)> {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let mut buf = Vec::new();
    let (mut fed, mut i) = (0, 0);
    let mut out = Vec::new();
    let mut auth_lines_left = 0;
    loop {
        loop {
            let at = dec.offset();
            let Status::Complete { value, consumed } = dec.decode(&buf) else {
                break;
            };
            let what = match &value {
                ServerEvent::Command(c) => {
                    match c.body {
                        CommandBody::Authenticate { .. } => {
                            auth_lines_left = 2;
                            dec.expect_auth_line();
                        }
                        CommandBody::Idle => dec.expect_done(),
                        _ => {}
                    }
                    format!("{} {}", c.tag.as_str(), c.body.name())
                }
                ServerEvent::NeedContinuation { size } => {
                    dec.continuation_sent();
                    format!("+{size}")
                }
                ServerEvent::AuthData(a) => {
                    auth_lines_left -= 1;
                    if auth_lines_left > 0 {
                        dec.expect_auth_line();
                    }
                    match a {
                        AuthData::Data(d) => format!("auth {}", d.as_str().len()),
                        AuthData::Empty => "auth empty".into(),
                        AuthData::Cancel => "auth cancel".into(),
                    }
                }
                ServerEvent::IdleDone => "done".into(),
                other => panic!("{other:?}"),
            };
            out.push((at, what));
            buf.drain(..consumed);
        }
        if fed == input.len() {
            break;
        }
        let n = sizes[i % sizes.len()].clamp(1, input.len() - fed);
        i += 1;
        buf.extend_from_slice(&input[fed..fed + n]);
        fed += n;
    }
    assert!(buf.is_empty());
    out
}

#[test]
fn sample_session_events() {
    let got: Vec<String> = drive(SAMPLE, &[usize::MAX])
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    let want = [
        "A001 AUTHENTICATE",
        // The base64 client-final-message of RFC 9051 §8 (144 characters: `wc -c`), then "".
        "auth 144",
        "auth empty",
        "babc ENABLE",
        "a002 SELECT",
        "a003 FETCH",
        "a004 FETCH",
        "a005 STORE",
        // APPEND's {326}: the message of the sample, 326 octets.
        "+326",
        "a006 APPEND",
        "a007 SEARCH",
        "a008 IDLE",
        "done",
        "a009 LOGOUT",
    ];
    assert_eq!(got, want);
}

/// A synchronizing literal over the limit is refused before its data (the client waits
/// for "+"), with the tag, and the next command is read.
#[test]
fn an_oversized_literal_is_refused_with_its_tag() {
    let mut dec = ServerDecoder::new(ParserOptions::default().max_literal(100));
    let input = b"A7 APPEND INBOX {101}\r\nA8 NOOP\r\n";
    let Status::Complete {
        value: ServerEvent::LiteralRefused(e),
        consumed,
    } = dec.decode(input)
    else {
        panic!()
    };
    assert_eq!(e.tag(), Some(&b"A7"[..]));
    assert!(matches!(
        e.kind,
        ErrorKind::LiteralTooLarge {
            size: 101,
            limit: 100
        }
    ));
    // RFC 3501 §7.5: through the line that announced it.
    assert_eq!(consumed, 23);
    let Status::Complete {
        value: ServerEvent::Command(c),
        ..
    } = dec.decode(&input[consumed..])
    else {
        panic!()
    };
    assert_eq!(c.tag.as_str(), "A8");
}

/// A command with a syntax error is `Invalid` with its tag and stream offset; the next
/// command is read.
#[test]
fn a_bad_command_keeps_its_tag() {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let input = b"A1 NOOP\r\nA2 FETCH 1 (FLAGS\r\nA3 NOOP\r\n";
    let Status::Complete { consumed, .. } = dec.decode(input) else {
        panic!()
    };
    let rest = &input[consumed..];
    let Status::Complete {
        value: ServerEvent::Invalid(e),
        consumed: c2,
    } = dec.decode(rest)
    else {
        panic!()
    };
    assert_eq!(e.tag(), Some(&b"A2"[..]));
    // "A2 FETCH 1 (FLAGS" ends at 9 + 17 = 26 where ")" or SP is expected.
    assert_eq!(e.offset, 26);
    let Status::Complete {
        value: ServerEvent::Command(c),
        ..
    } = dec.decode(&rest[c2..])
    else {
        panic!()
    };
    assert_eq!(c.tag.as_str(), "A3");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any split of the sample gives the same events at the same offsets.
    #[test]
    fn any_split_gives_the_same_events(sizes in proptest::collection::vec(1usize..64, 1..8)) {
        prop_assert_eq!(drive(SAMPLE, &[usize::MAX]), drive(SAMPLE, &sizes));
    }
}
