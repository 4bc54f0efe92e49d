//! Known-answer tests for status lines, AUTH challenges, listings and CAPA responses.
//!
//! Expected values are the RFC examples themselves (section quoted on each test), or
//! hand-made lines whose expected values are worked out by hand (offsets counted in the
//! comments). RFC 3206's own text was not at hand: its codes and capability are tested
//! from the IANA "POP3 Extension Mechanism" registry rows (SYS/TEMP, SYS/PERM and AUTH on
//! -ERR; AUTH-RESP-CODE without arguments) with hand-made lines.

use pop3_proto::types::capa::{Capabilities, Capability, ExpirePolicy};
use pop3_proto::types::listing::{LangListing, ScanListing, Stat, UidListing};
use pop3_proto::types::reply::{
    AuthReply, Continuation, Reply, ReplyValueError, RespCode, StatusIndicator, apop_digest_hex,
};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};

/// Counts heap allocations made by the current thread while counting is on.
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static COUNTING: Cell<bool> = const { Cell::new(false) };
        static COUNT: Cell<usize> = const { Cell::new(0) };
    }

    pub(crate) struct Counter;

    // SAFETY: every call is forwarded unchanged to the system allocator; the thread-locals
    // are const-initialised `Cell`s, which never allocate.
    unsafe impl GlobalAlloc for Counter {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if COUNTING.with(Cell::get) {
                COUNT.with(|c| c.set(c.get() + 1));
            }
            // SAFETY: the caller upholds `alloc`'s contract, which is the same.
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller upholds `dealloc`'s contract, which is the same.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Runs `f`; returns its result and the number of allocations it made.
    pub(crate) fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
        COUNT.with(|c| c.set(0));
        COUNTING.with(|c| c.set(true));
        let out = f();
        COUNTING.with(|c| c.set(false));
        (out, COUNT.with(Cell::get))
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counter = counting::Counter;

fn strict() -> ParserOptions {
    ParserOptions::default()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

/// Parses one whole line, checks it used every byte, and that it re-encodes to itself.
fn reply(line: &[u8], opts: &ParserOptions) -> Reply<'static> {
    match Reply::parse(line, opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert_eq!(
                consumed,
                line.len(),
                "{:?}",
                line.escape_ascii().to_string()
            );
            value.into_owned()
        }
        other => panic!("{:?}: {other:?}", line.escape_ascii().to_string()),
    }
}

fn reply_err(line: &[u8], opts: &ParserOptions) -> Error {
    match Reply::parse(line, opts) {
        Err(e) => e,
        other => panic!("{:?}: {other:?}", line.escape_ascii().to_string()),
    }
}

fn expected(offset: usize, expected: &'static str) -> Error {
    Error::new(offset, ErrorKind::Expected { expected })
}

// ----- status lines -----

/// RFC 1939 §10, every server line of the example session (the multi-line bodies are
/// tested below): indicator and text, and the line re-encodes byte for byte.
#[test]
fn rfc1939_section10_session() {
    let lines: &[(&str, &str)] = &[
        (
            "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
            "POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
        ),
        (
            "+OK mrose's maildrop has 2 messages (320 octets)",
            "mrose's maildrop has 2 messages (320 octets)",
        ),
        ("+OK 2 320", "2 320"),
        ("+OK 2 messages (320 octets)", "2 messages (320 octets)"),
        ("+OK 120 octets", "120 octets"),
        ("+OK message 1 deleted", "message 1 deleted"),
        ("+OK 200 octets", "200 octets"),
        ("+OK message 2 deleted", "message 2 deleted"),
        (
            "+OK dewey POP3 server signing off (maildrop empty)",
            "dewey POP3 server signing off (maildrop empty)",
        ),
    ];
    for (line, text) in lines {
        let wire = format!("{line}\r\n");
        let r = reply(wire.as_bytes(), &strict());
        assert_eq!(r.status(), StatusIndicator::Ok, "{line}");
        assert_eq!(r.code(), None);
        assert_eq!(r.text(), text.as_bytes(), "{line}");
        assert_eq!(r.to_bytes(), wire.as_bytes());
        assert_eq!(r.encoded_len(), wire.len());
    }
    // The whole server side in one buffer: each parse consumes exactly one line.
    let all: String = lines.iter().map(|(l, _)| format!("{l}\r\n")).collect();
    let mut rest = all.as_bytes();
    let mut n = 0;
    while !rest.is_empty() {
        let Ok(Status::Complete { consumed, .. }) = Reply::parse(rest, &strict()) else {
            panic!("{rest:?}")
        };
        rest = &rest[consumed..];
        n += 1;
    }
    assert_eq!(n, lines.len());
}

/// RFC 1939 §4–§7: the example responses of each command.
#[test]
fn rfc1939_command_examples() {
    let cases: &[(&str, StatusIndicator, &str)] = &[
        // §4 greeting, QUIT in AUTHORIZATION
        (
            "+OK POP3 server ready",
            StatusIndicator::Ok,
            "POP3 server ready",
        ),
        (
            "+OK dewey POP3 server signing off",
            StatusIndicator::Ok,
            "dewey POP3 server signing off",
        ),
        // §5 LIST 3, DELE 2, NOOP, RSET
        (
            "-ERR no such message, only 2 messages in maildrop",
            StatusIndicator::Err,
            "no such message, only 2 messages in maildrop",
        ),
        (
            "-ERR message 2 already deleted",
            StatusIndicator::Err,
            "message 2 already deleted",
        ),
        ("+OK", StatusIndicator::Ok, ""),
        (
            "+OK maildrop has 2 messages (320 octets)",
            StatusIndicator::Ok,
            "maildrop has 2 messages (320 octets)",
        ),
        // §6 QUIT
        (
            "+OK dewey POP3 server signing off (2 messages left)",
            StatusIndicator::Ok,
            "dewey POP3 server signing off (2 messages left)",
        ),
        // §7 TOP, USER, PASS, APOP
        (
            "-ERR no such message",
            StatusIndicator::Err,
            "no such message",
        ),
        (
            "-ERR sorry, no mailbox for frated here",
            StatusIndicator::Err,
            "sorry, no mailbox for frated here",
        ),
        (
            "+OK mrose is a real hoopy frood",
            StatusIndicator::Ok,
            "mrose is a real hoopy frood",
        ),
        (
            "-ERR maildrop already locked",
            StatusIndicator::Err,
            "maildrop already locked",
        ),
        (
            "+OK maildrop has 1 message (369 octets)",
            StatusIndicator::Ok,
            "maildrop has 1 message (369 octets)",
        ),
    ];
    for &(line, status, text) in cases {
        let wire = format!("{line}\r\n");
        let r = reply(wire.as_bytes(), &strict());
        assert_eq!((r.status(), r.text()), (status, text.as_bytes()), "{line}");
        assert_eq!(r.is_ok(), status == StatusIndicator::Ok);
        assert_eq!(r.to_bytes(), wire.as_bytes());
    }
}

/// RFC 2449 §8 example, and §8's "+OK" or "-ERR": codes are read after both indicators.
#[test]
fn rfc2449_section8_response_codes() {
    let r = reply(
        b"-ERR [IN-USE] Do you have another POP session running?\r\n",
        &strict(),
    );
    assert!(r.is_err());
    assert_eq!(r.code(), Some(&RespCode::InUse));
    assert_eq!(r.text(), b"Do you have another POP session running?");

    // §8.1.1
    let r = reply(b"-ERR [LOGIN-DELAY] wait\r\n", &strict());
    assert_eq!(r.code(), Some(&RespCode::LoginDelay));

    // §8: "interpreted in a case-insensitive fashion"; written back in upper case.
    let r = reply(b"-ERR [in-use] busy\r\n", &strict());
    assert_eq!(r.code(), Some(&RespCode::InUse));
    assert_eq!(r.to_bytes(), b"-ERR [IN-USE] busy\r\n");

    // §8: a code at the beginning of the text of a "+OK" response.
    let r = reply(b"+OK [XYZZY/PLUGH] fine\r\n", &strict());
    assert!(r.is_ok());
    assert_eq!(r.code().map(RespCode::as_bytes), Some(&b"XYZZY/PLUGH"[..]));
    assert_eq!(r.to_bytes(), b"+OK [XYZZY/PLUGH] fine\r\n");

    // §8 "hierarchical": unknown detail is kept, and ignored by `known`.
    let r = reply(b"-ERR [LOGIN-DELAY/30S] later\r\n", &strict());
    let code = r.code().unwrap();
    assert!(matches!(code, RespCode::Other(_)));
    assert_eq!(code.known(), Some(RespCode::LoginDelay));
    assert_eq!(r.to_bytes(), b"-ERR [LOGIN-DELAY/30S] later\r\n");

    // A code with no text, and a code directly followed by text (§3 `resp-code *CHAR`).
    let r = reply(b"-ERR [AUTH]\r\n", &strict());
    assert_eq!((r.code(), r.text()), (Some(&RespCode::Auth), &b""[..]));
    assert_eq!(r.to_bytes(), b"-ERR [AUTH]\r\n");
    let r = reply(b"-ERR [AUTH]bad\r\n", &strict());
    assert_eq!((r.code(), r.text()), (Some(&RespCode::Auth), &b"bad"[..]));
    assert_eq!(r.to_bytes(), b"-ERR [AUTH] bad\r\n");
}

/// IANA POP3 response code registry rows for RFC 3206 (SYS/PERM, SYS/TEMP, AUTH; all on
/// -ERR) and RFC 6856 §5 (UTF8, on -ERR to LIST, TOP, RETR); hand-made texts.
#[test]
fn registered_codes() {
    let cases: &[(&[u8], RespCode<'static>)] = &[
        (b"-ERR [SYS/TEMP] system overloaded\r\n", RespCode::SysTemp),
        (b"-ERR [SYS/PERM] account disabled\r\n", RespCode::SysPerm),
        (b"-ERR [AUTH] invalid user or password\r\n", RespCode::Auth),
        (b"-ERR [UTF8] message needs UTF-8 mode\r\n", RespCode::Utf8),
        (b"-ERR [sys/temp] lower case\r\n", RespCode::SysTemp),
    ];
    for (line, code) in cases {
        let r = reply(line, &strict());
        assert_eq!(r.code(), Some(code));
        assert_eq!(r.code().unwrap().known(), Some(code.clone()));
    }
    // "SYS" alone is not a registered code, but SYS/TEMP falls under it.
    let sys = RespCode::new("SYS").unwrap();
    assert!(RespCode::SysTemp.falls_under(&sys));
    assert!(RespCode::SysPerm.falls_under(&sys));
    assert!(!RespCode::Auth.falls_under(&sys));
}

/// RFC 2449 §6.4: text starting with "[" is a code only if it is one; otherwise it is text
/// (the server may not have announced RESP-CODES).
#[test]
fn brackets_that_are_not_codes() {
    for line in [
        &b"+OK [not a code\r\n"[..],
        b"+OK [two words] here\r\n",
        b"-ERR []\r\n",
        b"-ERR [A//B] x\r\n",
        b"+OK [\r\n",
    ] {
        let r = reply(line, &strict());
        assert_eq!(r.code(), None, "{line:?}");
        assert_eq!(r.to_bytes(), line);
    }
    // A leading SP before the bracket: not at the beginning of the text.
    let r = reply(b"+OK  [IN-USE] x\r\n", &strict());
    assert_eq!((r.code(), r.text()), (None, &b" [IN-USE] x"[..]));
    assert_eq!(r.to_bytes(), b"+OK  [IN-USE] x\r\n");
}

/// RFC 2449 §3 `single-line = status [SP text] CRLF`: the text (and its SP) may be absent.
#[test]
fn bare_indicators() {
    for (line, status) in [
        (&b"+OK\r\n"[..], StatusIndicator::Ok),
        (b"-ERR\r\n", StatusIndicator::Err),
        (b"+OK \r\n", StatusIndicator::Ok),
        (b"-ERR \r\n", StatusIndicator::Err),
    ] {
        let r = reply(line, &strict());
        assert_eq!((r.status(), r.text()), (status, &b""[..]));
    }
    // An empty text is written without the SP.
    assert_eq!(reply(b"+OK \r\n", &strict()).to_bytes(), b"+OK\r\n");
}

#[test]
fn status_line_errors() {
    // "+OK" then a byte that is neither SP nor the line end: offset 3.
    assert_eq!(
        reply_err(b"+OKfoo\r\n", &strict()),
        expected(3, "SP or end of line after +OK")
    );
    assert_eq!(
        reply_err(b"-ERRx\r\n", &strict()),
        expected(4, "SP or end of line after -ERR")
    );
    // RFC 1939 §3: servers MUST send upper case; the second byte is the first that differs.
    assert_eq!(reply_err(b"+ok\r\n", &strict()), expected(1, "+OK or -ERR"));
    assert_eq!(
        reply_err(b"-Err\r\n", &strict()),
        expected(2, "+OK or -ERR")
    );
    assert_eq!(reply_err(b"OK\r\n", &strict()), expected(0, "+OK or -ERR"));
    assert_eq!(reply_err(b"+O\r\n", &strict()), expected(2, "+OK or -ERR"));
    assert_eq!(reply_err(b"\r\n", &strict()), expected(0, "+OK or -ERR"));
    // "+OK hi" is 6 bytes; the LF at 6 has no CR.
    assert_eq!(
        reply_err(b"+OK hi\n", &strict()),
        Error::new(6, ErrorKind::BareLf)
    );
    // A CR inside the line, at 5, in both modes.
    for opts in [strict(), lenient()] {
        assert_eq!(
            reply_err(b"+OK h\ri\r\n", &opts),
            Error::new(5, ErrorKind::BareCr)
        );
        assert_eq!(
            reply_err(b"+OK a\0b\r\n", &opts),
            Error::new(5, ErrorKind::Nul)
        );
        assert_eq!(
            reply_err(b"-ERR [X] \0\r\n", &opts),
            Error::new(9, ErrorKind::Nul)
        );
    }
    // Limit 10: "+OK 1234567" has 11 bytes of text; reported at the limit.
    let small = strict().max_reply_line(10);
    assert_eq!(
        reply_err(b"+OK 1234567\r\n", &small),
        Error::new(10, ErrorKind::LineTooLong { limit: 10 })
    );
    assert!(matches!(
        Reply::parse(b"+OK 123456\r\n", &small),
        Ok(Status::Complete { consumed: 12, .. })
    ));
    // Displayed with offset and expectation.
    assert_eq!(
        reply_err(b"+OKfoo\r\n", &strict()).to_string(),
        "expected SP or end of line after +OK at offset 3"
    );
}

#[test]
fn lenient_status_lines() {
    let r = reply(b"+OKfoo\r\n", &lenient());
    assert_eq!(r.text(), b"foo");
    assert_eq!(r.to_bytes(), b"+OK foo\r\n");
    let r = reply(b"+ok hello\r\n", &lenient());
    assert_eq!((r.status(), r.text()), (StatusIndicator::Ok, &b"hello"[..]));
    let r = reply(b"-err\r\n", &lenient());
    assert!(r.is_err());
    let r = reply(b"+OK hi\n", &lenient());
    assert_eq!(r.text(), b"hi");
    let r = reply(b"-ERR[IN-USE] busy\r\n", &lenient());
    assert_eq!((r.code(), r.text()), (Some(&RespCode::InUse), &b"busy"[..]));
}

#[test]
fn incomplete_lines() {
    for opts in [strict(), lenient()] {
        for input in [
            &b""[..],
            b"+",
            b"+OK",
            b"+OK hi",
            b"+OK hi\r",
            b"-ERR [IN-USE",
        ] {
            assert_eq!(
                Reply::parse(input, &opts),
                Ok(Status::Incomplete),
                "{input:?}"
            );
        }
    }
}

#[test]
fn text_is_bytes() {
    // Latin-1 and UTF-8 text is kept as sent (RFC 6856 §3.2: UTF-8 after LANG).
    let r = reply(b"+OK caf\xe9\r\n", &strict());
    assert_eq!(r.text(), b"caf\xe9");
    let r = reply("+OK es Idioma cambiado, señor\r\n".as_bytes(), &strict());
    assert_eq!(r.text(), "es Idioma cambiado, señor".as_bytes());
}

#[test]
fn constructors_refuse_what_cannot_be_encoded() {
    assert_eq!(
        Reply::ok("a\r\n+OK b").unwrap_err(),
        ReplyValueError::LineBreak { index: 1 }
    );
    assert_eq!(
        Reply::err("ab\ncd").unwrap_err(),
        ReplyValueError::LineBreak { index: 2 }
    );
    assert_eq!(
        Reply::ok("a\0").unwrap_err(),
        ReplyValueError::Nul { index: 1 }
    );
    assert_eq!(
        Reply::ok("[IN-USE] x").unwrap_err(),
        ReplyValueError::TextLooksLikeCode
    );
    // Text after a code may start with anything.
    let r = Reply::err_with_code(RespCode::Auth, "[IN-USE] x").unwrap();
    assert_eq!(r.to_bytes(), b"-ERR [AUTH] [IN-USE] x\r\n");
    // Text starting with a bracket that is not a code is fine.
    assert!(Reply::ok("[not a code").is_ok());
    assert_eq!(
        RespCode::new("A]B").unwrap_err(),
        ReplyValueError::InvalidRespCode
    );
    assert!(RespCode::new("").is_err());
    assert!(RespCode::new("A/").is_err());
}

// ----- APOP -----

/// RFC 1939 §7: the timestamp of the example banner, and the digest of the example
/// ("<1896.697170952@dbc.mtview.ca.us>tanstaaf" → c4c9334bac560ecc979e58001b3e22fb), whose
/// 16 bytes are written out here by hand from the RFC's hex.
#[test]
fn rfc1939_apop_example() {
    let greeting = reply(
        b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
        &strict(),
    );
    assert_eq!(
        greeting.apop_timestamp(),
        Some(&b"<1896.697170952@dbc.mtview.ca.us>"[..])
    );
    let digest: [u8; 16] = [
        0xc4, 0xc9, 0x33, 0x4b, 0xac, 0x56, 0x0e, 0xcc, 0x97, 0x9e, 0x58, 0x00, 0x1b, 0x3e, 0x22,
        0xfb,
    ];
    assert_eq!(
        &apop_digest_hex(&digest),
        b"c4c9334bac560ecc979e58001b3e22fb"
    );
    assert_eq!(&apop_digest_hex(&[0; 16]), &[b'0'; 32]);
    assert_eq!(
        &apop_digest_hex(&[0xff; 16]),
        b"ffffffffffffffffffffffffffffffff"
    );
}

#[test]
fn apop_timestamp_shapes() {
    let ts = |line: &[u8]| reply(line, &strict()).apop_timestamp().map(<[u8]>::to_vec);
    assert_eq!(ts(b"+OK <a@b> ready\r\n"), Some(b"<a@b>".to_vec()));
    // The first bracket pair is not a msg-id; the second is.
    assert_eq!(
        ts(b"+OK <nope> then <1.2@host>\r\n"),
        Some(b"<1.2@host>".to_vec())
    );
    assert_eq!(ts(b"+OK <<a@b>>\r\n"), Some(b"<a@b>".to_vec()));
    assert_eq!(ts(b"+OK [IN-USE] <x@y>\r\n"), Some(b"<x@y>".to_vec()));
    assert_eq!(ts(b"+OK <@host>\r\n"), None);
    assert_eq!(ts(b"+OK <a@>\r\n"), None);
    assert_eq!(ts(b"+OK <a b@c>\r\n"), None);
    assert_eq!(ts(b"+OK <a@b\r\n"), None);
    assert_eq!(ts(b"+OK ready\r\n"), None);
    // Only a positive greeting offers APOP. RFC 6856 §3.3's "<<UGA>>" is no timestamp either.
    assert_eq!(ts(b"-ERR <a@b>\r\n"), None);
    assert_eq!(ts(b"-ERR es Idioma <<UGA>> no es conocido\r\n"), None);
}

// ----- AUTH continuations -----

fn auth(line: &[u8], opts: &ParserOptions) -> AuthReply<'static> {
    match AuthReply::parse(line, opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert_eq!(consumed, line.len());
            value.into_owned()
        }
        other => panic!("{line:?}: {other:?}"),
    }
}

/// RFC 5034 §6: the server lines of the three AUTH examples. The DIGEST-MD5 challenge is one
/// line ("the long lines are broken for editorial clarity only").
#[test]
fn rfc5034_section6_examples() {
    // Second example: "note that there is a space following the '+'".
    let AuthReply::Challenge(c) = auth(b"+ \r\n", &strict()) else {
        panic!()
    };
    assert!(c.is_empty());
    assert_eq!(c.to_bytes(), b"+ \r\n");

    let challenge = concat!(
        "cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0",
        "RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hh",
        "cnNldD11dGYtOA=="
    );
    let wire = format!("+ {challenge}\r\n");
    let AuthReply::Challenge(c) = auth(wire.as_bytes(), &strict()) else {
        panic!()
    };
    assert_eq!(c.data(), challenge.as_bytes());
    assert!(c.is_base64());
    assert_eq!(c.to_bytes(), wire.as_bytes());

    let wire = b"+ cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA==\r\n";
    let AuthReply::Challenge(c) = auth(wire, &strict()) else {
        panic!()
    };
    assert_eq!(
        c.data(),
        b"cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA=="
    );

    for line in [
        &b"+OK Maildrop locked and ready\r\n"[..],
        b"+OK pop.example.com BlurdyBlurp POP3 server ready\r\n",
        b"+OK List of capabilities follows\r\n",
        b"+OK Begin TLS negotiation now\r\n",
    ] {
        let AuthReply::Status(r) = auth(line, &strict()) else {
            panic!()
        };
        assert!(r.is_ok());
        assert_eq!(r.to_bytes(), line);
    }
    let AuthReply::Status(r) = auth(b"-ERR [AUTH] no\r\n", &strict()) else {
        panic!()
    };
    assert_eq!(r.code(), Some(&RespCode::Auth));
}

#[test]
fn continuation_errors_and_lenience() {
    let cerr = |line: &[u8], opts: &ParserOptions| Continuation::parse(line, opts).unwrap_err();
    // RFC 5034 §5 `continue-req = "+" SP [base64] CRLF`: the SP is required.
    assert_eq!(cerr(b"+\r\n", &strict()), expected(1, "SP after +"));
    assert_eq!(cerr(b"+x\r\n", &lenient()), expected(1, "SP after +"));
    assert_eq!(cerr(b"- x\r\n", &strict()), expected(0, "+"));
    // "abc" is three characters: the length check fails at 2 + 3.
    assert_eq!(
        cerr(b"+ abc\r\n", &strict()),
        expected(5, "base64 challenge")
    );
    // "=" before the end: at 2 + 1 (RFC 5034 §4: "AAA=BBB" is not allowed).
    assert_eq!(
        cerr(b"+ a=bc\r\n", &strict()),
        expected(3, "base64 challenge")
    );
    assert_eq!(
        cerr(b"+ AAA=BBBB\r\n", &strict()),
        expected(5, "base64 challenge")
    );
    assert_eq!(
        cerr(b"+ ab\0c\r\n", &lenient()),
        Error::new(4, ErrorKind::Nul)
    );
    // Lenient: a bare "+" and plain text.
    let Ok(Status::Complete { value, consumed: 3 }) = Continuation::parse(b"+\r\n", &lenient())
    else {
        panic!()
    };
    assert!(value.is_empty());
    let Ok(Status::Complete { value, .. }) = Continuation::parse(b"+ Username:\r\n", &lenient())
    else {
        panic!()
    };
    assert_eq!(value.data(), b"Username:");
    assert!(!value.is_base64());
    // The AUTH line limit applies, not the reply line limit.
    let opts = strict().max_reply_line(8).max_auth_line(8);
    assert_eq!(
        cerr(b"+ QUJDREVG\r\n", &opts),
        Error::new(8, ErrorKind::LineTooLong { limit: 8 })
    );
    let opts = strict().max_reply_line(8);
    assert!(Continuation::parse(b"+ QUJDREVG\r\n", &opts).is_ok());
    // Two bytes decide between a challenge and a status line.
    assert_eq!(AuthReply::parse(b"+", &strict()), Ok(Status::Incomplete));
    assert_eq!(
        AuthReply::parse(b"+ok\r\n", &strict()).unwrap_err(),
        expected(1, "+OK or -ERR")
    );
    assert_eq!(
        AuthReply::parse(b"+\r\n", &strict()).unwrap_err(),
        expected(1, "SP after +")
    );
    // Constructors.
    assert!(Continuation::new("dGVzdAB0ZXN0AHRlc3Q=").is_ok());
    assert_eq!(
        Continuation::new("abc").unwrap_err(),
        ReplyValueError::InvalidBase64 { index: 3 }
    );
    assert_eq!(
        Continuation::new_lenient("a\rb").unwrap_err(),
        ReplyValueError::LineBreak { index: 1 }
    );
}

// ----- listings -----

/// RFC 1939 §5 STAT example and §10's "+OK 2 320".
#[test]
fn rfc1939_stat() {
    let r = reply(b"+OK 2 320\r\n", &strict());
    let stat = Stat::from_reply(&r, &strict()).unwrap();
    assert_eq!((stat.count(), stat.size(), stat.extra()), (2, 320, None));
    assert_eq!(stat.to_bytes(), b"+OK 2 320\r\n");
    // An empty maildrop: the count may be 0.
    let stat = Stat::parse_line(b"0 0", &strict()).unwrap();
    assert_eq!((stat.count(), stat.size()), (0, 0));
    // §5: "This memo makes no requirement on what follows the maildrop size."
    let stat = Stat::parse_line(b"2 320 messages total", &strict()).unwrap();
    assert_eq!(stat.extra(), Some(&b"messages total"[..]));
    assert_eq!(stat.to_bytes(), b"+OK 2 320 messages total\r\n");
    // A -ERR reply has no drop listing.
    let r = reply(b"-ERR not now\r\n", &strict());
    assert_eq!(
        Stat::from_reply(&r, &strict()),
        Err(expected(0, "+OK reply"))
    );
    // The LIST status line of §10 is not a drop listing: "messages" at 2 is not a number.
    assert_eq!(
        Stat::parse_line(b"2 messages (320 octets)", &strict()),
        Err(expected(2, "maildrop size"))
    );
}

/// RFC 1939 §5 LIST examples (multi-line and single) and §10's LIST body.
#[test]
fn rfc1939_list() {
    let body = b"1 120\r\n2 200\r\n";
    let list: Vec<ScanListing<'_>> = ScanListing::parse_body(body, &strict())
        .collect::<Result<_, _>>()
        .unwrap();
    let pairs: Vec<_> = list.iter().map(|l| (l.number(), l.size())).collect();
    assert_eq!(pairs, [(1, 120), (2, 200)]);
    let mut out = Vec::new();
    for l in &list {
        l.encode(&mut out);
    }
    assert_eq!(out, body);

    let r = reply(b"+OK 2 200\r\n", &strict());
    let one = ScanListing::from_reply(&r, &strict()).unwrap();
    assert_eq!((one.number(), one.size()), (2, 200));
    let mut out = Vec::new();
    one.encode_reply(&mut out);
    assert_eq!(out, b"+OK 2 200\r\n");

    // "If there are no messages in the maildrop, then the POP3 server responds with no scan
    // listings": an empty body.
    assert_eq!(ScanListing::parse_body(b"", &strict()).count(), 0);
}

/// RFC 1939 §7 UIDL examples.
#[test]
fn rfc1939_uidl() {
    let body = b"1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n";
    let list: Vec<UidListing<'_>> = UidListing::parse_body(body, &strict())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (list[0].number(), list[0].uid()),
        (1, &b"whqtswO00WBw418f9t5JxYwZ"[..])
    );
    assert_eq!(
        (list[1].number(), list[1].uid_str()),
        (2, "QhdPYR:00WBw1Ph7x7")
    );
    let mut out = Vec::new();
    for l in &list {
        l.encode(&mut out);
    }
    assert_eq!(out, body);

    let r = reply(b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n", &strict());
    let one = UidListing::from_reply(&r, &strict()).unwrap();
    assert_eq!((one.number(), one.uid()), (2, &b"QhdPYR:00WBw1Ph7x7"[..]));
    let mut out = Vec::new();
    one.encode_reply(&mut out);
    assert_eq!(out, b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n");

    // §7: "one to 70 characters in the range 0x21 to 0x7E".
    let uid70 = "!".repeat(70);
    assert!(UidListing::parse_line(format!("1 {uid70}").as_bytes(), &strict()).is_ok());
    assert!(UidListing::new(1, uid70.as_str()).is_ok());
    let uid71 = "~".repeat(71);
    assert_eq!(
        UidListing::parse_line(format!("1 {uid71}").as_bytes(), &strict()),
        Err(expected(72, "unique-id of 1 to 70 characters 0x21-0x7E"))
    );
    assert!(UidListing::new(1, uid71.as_str()).is_err());
}

#[test]
fn listing_errors() {
    let scan = |l: &[u8], o: &ParserOptions| ScanListing::parse_line(l, o).map(|v| v.into_owned());
    let uid = |l: &[u8], o: &ParserOptions| UidListing::parse_line(l, o).map(|v| v.into_owned());
    // RFC 1939 §4: message numbers start at 1.
    assert_eq!(
        scan(b"0 120", &strict()),
        Err(expected(0, "non-zero message number"))
    );
    assert_eq!(
        uid(b"0 a", &lenient()),
        Err(expected(0, "non-zero message number"))
    );
    assert_eq!(
        scan(b"x 120", &strict()),
        Err(expected(0, "message number"))
    );
    // "1 120" is 5 bytes; the trailing SP is at 5.
    assert_eq!(
        scan(b"1 120 ", &strict()),
        Err(expected(5, "information after SP, not a trailing SP"))
    );
    assert_eq!(scan(b"1  120", &strict()), Err(expected(2, "message size")));
    assert_eq!(
        scan(b"1\t120", &strict()),
        Err(expected(1, "SP after the message number"))
    );
    assert_eq!(
        scan(b"1 120x", &strict()),
        Err(expected(5, "SP or end of line after the message size"))
    );
    assert_eq!(
        scan(b"1", &strict()),
        Err(expected(1, "SP after the message number"))
    );
    assert_eq!(scan(b"1 ", &strict()), Err(expected(2, "message size")));
    // u32::MAX + 1 as a message number; u64::MAX + 1 as a size (which starts at 2).
    assert_eq!(
        scan(b"4294967296 1", &strict()),
        Err(Error::new(0, ErrorKind::NumberOverflow))
    );
    assert_eq!(
        scan(b"1 18446744073709551616", &strict()),
        Err(Error::new(2, ErrorKind::NumberOverflow))
    );
    let max = scan(b"4294967295 18446744073709551615", &strict()).unwrap();
    assert_eq!((max.number(), max.size()), (u32::MAX, u64::MAX));
    // Leading zeros are decimal digits like any other.
    assert_eq!(scan(b"007 0120", &strict()).unwrap().number(), 7);
    // §7: "No information follows the unique-id": the SP after "abc" is at 5.
    assert_eq!(
        uid(b"1 abc def", &strict()),
        Err(expected(5, "end of line after the unique-id"))
    );
    assert_eq!(
        uid(b"1 abc def", &lenient()),
        Err(expected(6, "end of line after the unique-id"))
    );
    assert_eq!(
        uid(b"1 ab\x7fc", &strict()),
        Err(expected(4, "unique-id of 1 to 70 characters 0x21-0x7E"))
    );
    assert_eq!(
        uid(b"1 ", &strict()),
        Err(expected(2, "unique-id of 1 to 70 characters 0x21-0x7E"))
    );
    assert_eq!(
        scan(b"1 120 a\0", &strict()),
        Err(Error::new(7, ErrorKind::Nul))
    );
}

#[test]
fn lenient_listings() {
    let l = ScanListing::parse_line(b"  1 \t 120 \t ", &lenient()).unwrap();
    assert_eq!((l.number(), l.size(), l.extra()), (1, 120, None));
    assert_eq!(l.to_bytes(), b"1 120\r\n");
    // After the separator the rest is kept as in strict mode (here with its leading SP).
    let l = ScanListing::parse_line(b"1 120  extra ", &lenient()).unwrap();
    assert_eq!(l.extra(), Some(&b" extra "[..]));
    let l = ScanListing::parse_line(b"1 120\textra", &lenient()).unwrap();
    assert_eq!(l.extra(), Some(&b"extra"[..]));
    let u = UidListing::parse_line(b"3\tabc  ", &lenient()).unwrap();
    assert_eq!((u.number(), u.uid()), (3, &b"abc"[..]));
    let s = Stat::parse_line(b"2  320 ", &lenient()).unwrap();
    assert_eq!((s.count(), s.size(), s.extra()), (2, 320, None));
    // LF line ends and blank lines in a body.
    let body = b"1 120\n\r\n  \r\n2 200 \n";
    let list: Vec<_> = ScanListing::parse_body(body, &lenient())
        .map(|l| l.map(|l| (l.number(), l.size())))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(list, [(1, 120), (2, 200)]);
    assert_eq!(
        ScanListing::parse_body(body, &strict()).next(),
        Some(Err(Error::new(5, ErrorKind::BareLf)))
    );
}

#[test]
fn body_errors_count_from_the_body_start() {
    // "1 120\r\n" is 7 bytes: the empty line starts at 7.
    let items: Vec<_> = ScanListing::parse_body(b"1 120\r\n\r\n2 200\r\n", &strict()).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1], Err(expected(7, "listing, not an empty line")));
    // The last line "2 20" has no line end; the body is 11 bytes.
    let items: Vec<_> = ScanListing::parse_body(b"1 120\r\n2 20", &strict()).collect();
    assert_eq!(items[1], Err(expected(11, "line end")));
    // A bad line in the middle: "x" at 7 + 2; iteration stops there.
    let items: Vec<_> = ScanListing::parse_body(b"1 120\r\n2 x\r\n3 300\r\n", &strict()).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1], Err(expected(9, "message size")));
    // Line limit per body line: "1 12345" is 7 bytes, limit 6.
    let opts = strict().max_reply_line(6);
    let items: Vec<_> = ScanListing::parse_body(b"1 120\r\n1 12345\r\n", &opts).collect();
    assert_eq!(
        items[1],
        Err(Error::new(13, ErrorKind::LineTooLong { limit: 6 }))
    );
}

// ----- typed single-line replies in one pass -----

/// `Reply::parse` then `from_text` on the reply (a `from_reply`), the way a caller does it
/// in two steps; the errors of the second step moved to count from the start of `input`
/// (the reply's text borrows from `input`, so its offset there is a pointer difference).
fn two_steps<'a, T>(
    input: &'a [u8],
    opts: &ParserOptions,
    from_reply: impl for<'r> Fn(&'r Reply<'a>, &ParserOptions) -> Result<T, Error>,
) -> Result<Status<T>, Error> {
    match Reply::parse(input, opts)? {
        Status::Incomplete => Ok(Status::Incomplete),
        Status::Complete { value, consumed } => {
            let text_at = value.text().as_ptr() as usize - input.as_ptr() as usize;
            let shift = if value.is_ok() { text_at } else { 0 };
            let value = from_reply(&value, opts).map_err(|e| e.shifted(shift))?;
            Ok(Status::Complete { value, consumed })
        }
    }
}

fn stat_two_steps<'a>(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Stat<'a>>, Error> {
    two_steps(input, opts, |r, o| {
        Stat::from_reply(r, o).map(|s| s.into_owned())
    })
}

fn scan_two_steps<'a>(
    input: &'a [u8],
    opts: &ParserOptions,
) -> Result<Status<ScanListing<'a>>, Error> {
    two_steps(input, opts, |r, o| {
        ScanListing::from_reply(r, o).map(|s| s.into_owned())
    })
}

fn uid_two_steps<'a>(
    input: &'a [u8],
    opts: &ParserOptions,
) -> Result<Status<UidListing<'a>>, Error> {
    two_steps(input, opts, |r, o| {
        UidListing::from_reply(r, o).map(|s| s.into_owned())
    })
}

/// The RFC 1939 replies to STAT, `LIST msg` and `UIDL msg`, read in one pass.
#[test]
fn rfc1939_typed_replies_in_one_pass() {
    let opts = strict();
    // §5: "S: +OK 2 320" (11 bytes with CRLF).
    let got = Stat::parse_reply(b"+OK 2 320\r\n", &opts);
    assert_eq!(
        got,
        Ok(Status::Complete {
            value: Stat::new(2, 320),
            consumed: 11
        })
    );
    // §5: "S: +OK 2 200".
    let got = ScanListing::parse_reply(b"+OK 2 200\r\n", &opts);
    let want = ScanListing::new(2, 200).unwrap();
    assert_eq!(
        got,
        Ok(Status::Complete {
            value: want,
            consumed: 11
        })
    );
    // §7: "S: +OK 2 QhdPYR:00WBw1Ph7x7" (4 + 20 bytes, then CRLF).
    let got = UidListing::parse_reply(b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n", &opts);
    let want = UidListing::new(2, "QhdPYR:00WBw1Ph7x7").unwrap();
    assert_eq!(
        got,
        Ok(Status::Complete {
            value: want,
            consumed: 26
        })
    );
    // §5: "S: -ERR no such message, only 2 messages in maildrop": no listing.
    let err = b"-ERR no such message, only 2 messages in maildrop\r\n";
    assert_eq!(
        ScanListing::parse_reply(err, &opts),
        Err(expected(0, "+OK reply"))
    );
    assert_eq!(
        UidListing::parse_reply(err, &opts),
        Err(expected(0, "+OK reply"))
    );
    assert_eq!(Stat::parse_reply(err, &opts), Err(expected(0, "+OK reply")));
    // §5 "makes no requirement on what follows the maildrop size": kept, and the line
    // after it is not read.
    let got = Stat::parse_reply(b"+OK 2 320 octets\r\n+OK\r\n", &opts);
    let want = Stat::with_extra(2, 320, "octets").unwrap();
    assert_eq!(
        got,
        Ok(Status::Complete {
            value: want,
            consumed: 18
        })
    );
}

#[test]
fn typed_reply_errors_count_from_the_input_start() {
    let opts = strict();
    // "+OK " is 4 bytes: the size of "2 x" starts at 4 + 2.
    assert_eq!(
        Stat::parse_reply(b"+OK 2 x\r\n", &opts),
        Err(expected(6, "maildrop size"))
    );
    // A response code moves the text: "+OK [X] " is 8 bytes, "0" is at 8.
    assert_eq!(
        ScanListing::parse_reply(b"+OK [X] 0 1\r\n", &opts),
        Err(expected(8, "non-zero message number"))
    );
    // Framing and status line errors are those of `Reply::parse`.
    assert_eq!(
        Stat::parse_reply(b"+OK 2 320\n", &opts),
        Err(Error::new(9, ErrorKind::BareLf))
    );
    assert_eq!(
        UidListing::parse_reply(b"+OK 1 a\0\r\n", &opts),
        Err(Error::new(7, ErrorKind::Nul))
    );
    assert_eq!(
        Stat::parse_reply(b"+OK2 320\r\n", &opts),
        Err(expected(3, "SP or end of line after +OK"))
    );
    // The line limit counts "+OK 2 320" (9 bytes) without its line end.
    let short = strict().max_reply_line(8);
    assert_eq!(
        Stat::parse_reply(b"+OK 2 320\r\n", &short),
        Err(Error::new(8, ErrorKind::LineTooLong { limit: 8 }))
    );
    assert!(Stat::parse_reply(b"+OK 2 320\r\n", &strict().max_reply_line(9)).is_ok());
    // Incomplete until the LF has arrived.
    for end in 0..11 {
        assert_eq!(
            Stat::parse_reply(&b"+OK 2 320\r\n"[..end], &opts),
            Ok(Status::Incomplete)
        );
    }
    // u32::MAX + 1 messages: "4294967296" starts at 4.
    assert_eq!(
        Stat::parse_reply(b"+OK 4294967296 1\r\n", &opts),
        Err(Error::new(4, ErrorKind::NumberOverflow))
    );
}

#[test]
fn typed_replies_agree_with_two_steps() {
    let heads: [&[u8]; 8] = [
        b"+OK ",
        b"+OK",
        b"+ok ",
        b"-ERR ",
        b"+OK [IN-USE] ",
        b"+OK  ",
        b"-ERR",
        b"",
    ];
    let texts: [&[u8]; 16] = [
        b"2 320",
        b"0 0",
        b"1 120 extra",
        b"1 120 ",
        b"1  120",
        b"1\t120",
        b" 1 120",
        b"0 1",
        b"4294967295 18446744073709551615",
        b"4294967296 1",
        b"1 18446744073709551616",
        b"2 QhdPYR:00WBw1Ph7x7",
        b"2 Qhd PYR",
        b"2 Qhd\x7fPYR",
        b"2 \x80",
        b"",
    ];
    let ends: [&[u8]; 5] = [b"\r\n", b"\n", b"\r", b"", b"\rx"];
    for head in heads {
        for text in texts {
            for end in ends {
                let input = [head, text, end].concat();
                for opts in [strict(), lenient(), strict().max_reply_line(9)] {
                    let i = &input[..];
                    assert_eq!(Stat::parse_reply(i, &opts), stat_two_steps(i, &opts));
                    assert_eq!(ScanListing::parse_reply(i, &opts), scan_two_steps(i, &opts));
                    assert_eq!(UidListing::parse_reply(i, &opts), uid_two_steps(i, &opts));
                }
            }
        }
    }
}

#[test]
fn into_vec_collects_like_collect() {
    // RFC 1939 §5 and §7 bodies.
    let list = ScanListing::parse_body(b"1 120\r\n2 200\r\n", &strict())
        .into_vec()
        .unwrap();
    assert_eq!(
        list,
        [
            ScanListing::new(1, 120).unwrap(),
            ScanListing::new(2, 200).unwrap()
        ]
    );
    let body = b"1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n";
    let uids = UidListing::parse_body(body, &strict()).into_vec().unwrap();
    assert_eq!(uids[1], UidListing::new(2, "QhdPYR:00WBw1Ph7x7").unwrap());
    // The first error, as collecting gives it: "x" at 7 + 2.
    let body = b"1 120\r\n2 x\r\n3 300\r\n";
    assert_eq!(
        ScanListing::parse_body(body, &strict()).into_vec(),
        Err(expected(9, "message size"))
    );
    // What is left of a partly read iterator.
    let mut rest = ScanListing::parse_body(b"1 120\r\n2 200\r\n", &strict());
    rest.next();
    assert_eq!(
        rest.into_vec().unwrap(),
        [ScanListing::new(2, 200).unwrap()]
    );
    // Lenient blank lines are skipped by both.
    let body = b"1 120\n\r\n  \r\n2 200 \n";
    let collected: Result<Vec<_>, _> = ScanListing::parse_body(body, &lenient()).collect();
    assert_eq!(
        ScanListing::parse_body(body, &lenient()).into_vec(),
        collected
    );
    assert_eq!(
        ScanListing::parse_body(b"", &strict()).into_vec(),
        Ok(vec![])
    );
    let langs = LangListing::parse_body(b"en English\r\n", &strict())
        .into_vec()
        .unwrap();
    assert_eq!(langs[0].tag(), b"en");
}

/// RFC 6856 §3.3 LANG examples: the listing body and the status lines.
#[test]
fn rfc6856_lang() {
    let body = b"en English\r\nen-boont English Boontling dialect\r\nde Deutsch\r\n\
                 it Italiano\r\nes Espanol\r\nsv Svenska\r\n";
    let list: Vec<LangListing<'_>> = LangListing::parse_body(body, &strict())
        .collect::<Result<_, _>>()
        .unwrap();
    let pairs: Vec<_> = list
        .iter()
        .map(|l| (l.tag(), l.description().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            (&b"en"[..], &b"English"[..]),
            (b"en-boont", b"English Boontling dialect"),
            (b"de", b"Deutsch"),
            (b"it", b"Italiano"),
            (b"es", b"Espanol"),
            (b"sv", b"Svenska"),
        ]
    );
    let mut out = Vec::new();
    for l in &list {
        l.encode(&mut out);
    }
    assert_eq!(out, body);
    // §3.2: "optionally followed by a single space and a human-readable description".
    let bare = LangListing::parse_line(b"fr", &strict()).unwrap();
    assert_eq!((bare.tag(), bare.description()), (&b"fr"[..], None));

    for (line, ok, text) in [
        (&b"+OK Hello, karen\r\n"[..], true, &b"Hello, karen"[..]),
        (
            b"+OK karen's maildrop contains 2 messages (320 octets)\r\n",
            true,
            b"karen's maildrop contains 2 messages (320 octets)",
        ),
        (
            b"-ERR invalid language MUL\r\n",
            false,
            b"invalid language MUL",
        ),
        (
            b"+OK Language listing follows:\r\n",
            true,
            b"Language listing follows:",
        ),
        (
            b"-ERR Server is unable to list languages\r\n",
            false,
            b"Server is unable to list languages",
        ),
        (b"+OK es Idioma cambiado\r\n", true, b"es Idioma cambiado"),
        (
            b"-ERR es Idioma <<UGA>> no es conocido\r\n",
            false,
            b"es Idioma <<UGA>> no es conocido",
        ),
        (
            b"+OK sv Kommandot \"LANG\" lyckades\r\n",
            true,
            b"sv Kommandot \"LANG\" lyckades",
        ),
    ] {
        let r = reply(line, &strict());
        assert_eq!((r.is_ok(), r.text()), (ok, text));
        assert_eq!(r.to_bytes(), line);
    }
}

/// RFC 2595 §4 STLS examples.
#[test]
fn rfc2595_stls() {
    let r = reply(b"+OK Begin TLS negotiation\r\n", &strict());
    assert_eq!(r.text(), b"Begin TLS negotiation");
    let r = reply(b"-ERR Command not permitted when TLS active\r\n", &strict());
    assert!(r.is_err());
}

// ----- CAPA -----

/// RFC 2449 §5 CAPA example.
#[test]
fn rfc2449_section5_capa() {
    let status = reply(b"+OK Capability list follows\r\n", &strict());
    assert_eq!(status.text(), b"Capability list follows");
    let body = b"TOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\n\
                 PIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\n";
    let caps = Capabilities::parse_body(body, &strict()).unwrap();
    let want = [
        Capability::Top,
        Capability::User,
        Capability::new("SASL", ["CRAM-MD5", "KERBEROS_V4"]).unwrap(),
        Capability::RespCodes,
        Capability::LoginDelay {
            seconds: 900,
            per_user: false,
        },
        Capability::Pipelining,
        Capability::Expire {
            policy: ExpirePolicy::Days(60),
            per_user: false,
        },
        Capability::Uidl,
        Capability::new("IMPLEMENTATION", ["Shlemazle-Plotz-v302"]).unwrap(),
    ];
    assert_eq!(caps.as_slice(), want);
    assert_eq!(caps.to_bytes(), body);
}

/// RFC 2449 §6.7 EXPIRE examples.
#[test]
fn rfc2449_expire_examples() {
    for (line, policy, per_user) in [
        (&b"EXPIRE 5 USER"[..], ExpirePolicy::Days(5), true),
        (b"EXPIRE 30", ExpirePolicy::Days(30), false),
        (b"EXPIRE NEVER", ExpirePolicy::Never, false),
        (b"EXPIRE 0", ExpirePolicy::Days(0), false),
    ] {
        let cap = Capability::parse_line(line, &strict()).unwrap();
        assert_eq!(cap, Capability::Expire { policy, per_user });
        assert_eq!(cap.to_bytes(), [line, b"\r\n"].concat());
    }
    // §6.5 LOGIN-DELAY with the USER token.
    assert_eq!(
        Capability::parse_line(b"LOGIN-DELAY 900 USER", &strict()).unwrap(),
        Capability::LoginDelay {
            seconds: 900,
            per_user: true
        }
    );
}

/// RFC 5034 §3 and §6 CAPA examples (IMPLEMENTATION text with spaces, STLS).
#[test]
fn rfc5034_capa() {
    let body = b"SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS\r\nSTLS\r\nIMPLEMENTATION BlurdyBlurp POP3 server\r\n";
    let caps = Capabilities::parse_body(body, &strict()).unwrap();
    assert_eq!(caps.len(), 3);
    assert_eq!(
        caps.sasl_mechanisms().collect::<Vec<_>>(),
        [&b"PLAIN"[..], b"DIGEST-MD5", b"GSSAPI", b"ANONYMOUS"]
    );
    assert_eq!(caps.as_slice()[1], Capability::Stls);
    assert_eq!(caps.implementation(), Some(&b"BlurdyBlurp POP3 server"[..]));
    assert_eq!(caps.to_bytes(), body);
}

/// Every tag of the IANA POP3 capability registry, with the arguments its row lists
/// (RFC 2449 §6, RFC 2595 §4/§8, RFC 3206, RFC 6856 §2–§3).
#[test]
fn iana_registry_tags() {
    let cases: &[(&[u8], Capability<'static>)] = &[
        (b"TOP", Capability::Top),
        (b"USER", Capability::User),
        (b"SASL PLAIN", Capability::new("SASL", ["PLAIN"]).unwrap()),
        (b"RESP-CODES", Capability::RespCodes),
        (
            b"LOGIN-DELAY 60",
            Capability::LoginDelay {
                seconds: 60,
                per_user: false,
            },
        ),
        (b"PIPELINING", Capability::Pipelining),
        (
            b"EXPIRE NEVER USER",
            Capability::Expire {
                policy: ExpirePolicy::Never,
                per_user: true,
            },
        ),
        (b"UIDL", Capability::Uidl),
        (
            b"IMPLEMENTATION x",
            Capability::new("IMPLEMENTATION", ["x"]).unwrap(),
        ),
        (b"STLS", Capability::Stls),
        (b"AUTH-RESP-CODE", Capability::AuthRespCode),
        (b"UTF8", Capability::Utf8 { user: false }),
        (b"UTF8 USER", Capability::Utf8 { user: true }),
        (b"LANG", Capability::Lang),
    ];
    for (line, want) in cases {
        let got = Capability::parse_line(line, &strict()).unwrap();
        assert_eq!(&got, want, "{line:?}");
        assert_eq!(got.to_bytes(), [*line, b"\r\n"].concat());
        // RFC 2449 §5: "CAPA response tags are case-insensitive".
        let lower = line.to_ascii_lowercase();
        let got = Capability::parse_line(&lower, &strict()).unwrap();
        assert_eq!(got.tag(), want.tag());
    }
}

#[test]
fn unknown_capabilities_are_kept() {
    let body = b"X-FOO bar baz\r\nx-lower\r\nXTND XMIT\r\n";
    let caps = Capabilities::parse_body(body, &strict()).unwrap();
    assert_eq!(caps.len(), 3);
    let Capability::Other(o) = &caps.as_slice()[0] else {
        panic!()
    };
    assert_eq!(o.tag(), b"X-FOO");
    assert_eq!(
        o.params().iter().map(|p| p.as_bytes()).collect::<Vec<_>>(),
        [&b"bar"[..], b"baz"]
    );
    assert_eq!(caps.as_slice()[1].tag(), b"x-lower");
    assert!(caps.has("XTND"));
    assert!(!caps.has("TOP"));
    assert_eq!(caps.to_bytes(), body);
    // 8-bit parameters (UTF-8 servers) are kept.
    let cap = Capability::parse_line("IMPLEMENTATION Señor-1".as_bytes(), &strict()).unwrap();
    assert_eq!(cap.to_bytes(), "IMPLEMENTATION Señor-1\r\n".as_bytes());
}

#[test]
fn capa_errors() {
    let line = |l: &[u8]| Capability::parse_line(l, &strict()).unwrap_err();
    assert_eq!(line(b""), expected(0, "capability tag"));
    // cchar excludes ".": at 2.
    assert_eq!(
        line(b"TO.P"),
        expected(2, "capability tag byte (printable ASCII except \".\")")
    );
    assert_eq!(
        line(b"TOP\tX"),
        expected(3, "capability tag byte (printable ASCII except \".\")")
    );
    assert_eq!(line(b"TOP "), expected(4, "parameter after SP"));
    assert_eq!(line(b"SASL A  B"), expected(7, "parameter after SP"));
    assert_eq!(line(b"TOP X"), expected(4, "no parameters"));
    assert_eq!(line(b"LOGIN-DELAY"), expected(11, "seconds"));
    assert_eq!(
        line(b"LOGIN-DELAY 99999999999"),
        Error::new(12, ErrorKind::NumberOverflow)
    );
    assert_eq!(line(b"EXPIRE 5 x"), expected(9, "USER"));
    assert_eq!(line(b"EXPIRE soon"), expected(7, "days or NEVER"));
    assert_eq!(line(b"UTF8 USER X"), expected(10, "end of line"));
    assert_eq!(line(b"IMPLEMENTATION"), expected(14, "implementation text"));
    assert_eq!(line(b"TOP\0"), Error::new(3, ErrorKind::Nul));
    // In a body, offsets count from its start: "TOP\r\n" is 5 bytes.
    assert_eq!(
        Capabilities::parse_body(b"TOP\r\n\r\n", &strict()).unwrap_err(),
        expected(5, "capability tag")
    );
    assert_eq!(
        Capabilities::parse_body(b"TOP\r\nUIDL", &strict()).unwrap_err(),
        expected(9, "line end")
    );
}

#[test]
fn lenient_capa() {
    let body = b"TOP \r\n\r\nSASL  PLAIN\tLOGIN \nLOGIN-DELAY soon\r\nTOP x\r\n";
    let caps = Capabilities::parse_body(body, &lenient()).unwrap();
    assert_eq!(caps.len(), 4);
    assert_eq!(caps.as_slice()[0], Capability::Top);
    assert_eq!(
        caps.sasl_mechanisms().collect::<Vec<_>>(),
        [&b"PLAIN"[..], b"LOGIN"]
    );
    assert!(matches!(&caps.as_slice()[2], Capability::Other(o) if o.tag() == b"LOGIN-DELAY"));
    assert!(matches!(&caps.as_slice()[3], Capability::Other(o) if o.tag() == b"TOP"));
    assert_eq!(
        caps.to_bytes(),
        b"TOP\r\nSASL PLAIN LOGIN\r\nLOGIN-DELAY soon\r\nTOP x\r\n"
    );
    // IMPLEMENTATION's words are rejoined with single spaces.
    let cap = Capability::parse_line(b"IMPLEMENTATION  a \t b ", &lenient()).unwrap();
    assert_eq!(cap.to_bytes(), b"IMPLEMENTATION a b\r\n");
}

#[test]
fn capability_constructors() {
    assert_eq!(
        Capability::new("stls", Vec::<&str>::new()).unwrap(),
        Capability::Stls
    );
    assert_eq!(
        Capability::new("Expire", ["never"]).unwrap(),
        Capability::Expire {
            policy: ExpirePolicy::Never,
            per_user: false
        }
    );
    assert!(Capability::new("", Vec::<&str>::new()).is_err());
    assert!(Capability::new("A", ["b c"]).is_err());
    assert!(Capability::new("A", [""]).is_err());
    let other = Capability::new("TOP", ["x"]).unwrap();
    assert!(matches!(other, Capability::Other(_)));
    assert_eq!(other.to_bytes(), b"TOP x\r\n");
}

// ----- allocations -----

#[test]
fn parsing_single_lines_does_not_allocate() {
    let opts = strict();
    let (r, n) =
        counting::allocations(|| Reply::parse(b"-ERR [SYS/TEMP] try again later\r\n", &opts));
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let (r, n) = counting::allocations(|| Reply::parse(b"+OK [X-OTHER/CODE] hi\r\n", &opts));
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let (r, n) = counting::allocations(|| {
        AuthReply::parse(
            b"+ cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA==\r\n",
            &opts,
        )
    });
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let (r, n) = counting::allocations(|| Stat::parse_reply(b"+OK 2 320 msgs\r\n", &opts));
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let (r, n) = counting::allocations(|| UidListing::parse_reply(b"+OK 2 QhdPYR\r\n", &opts));
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let (r, n) = counting::allocations(|| ScanListing::parse_reply(b"+OK [X] 1 2\r\n", &opts));
    assert!(matches!(r, Ok(Status::Complete { .. })));
    assert_eq!(n, 0);
    let stat_reply = reply(b"+OK 2 320\r\n", &opts);
    let (r, n) = counting::allocations(|| Stat::from_reply(&stat_reply, &opts).map(|s| s.count()));
    assert_eq!((r, n), (Ok(2), 0));
    // Listing bodies: the iterator borrows every entry.
    let body = b"1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n";
    let (sum, n) = counting::allocations(|| {
        UidListing::parse_body(body, &opts)
            .map(|l| l.map(|l| l.number()).unwrap_or(0))
            .sum::<u32>()
    });
    assert_eq!((sum, n), (3, 0));
    let (sum, n) = counting::allocations(|| {
        ScanListing::parse_body(b"1 120\r\n2 200\r\n", &opts)
            .map(|l| l.map(|l| l.size()).unwrap_or(0))
            .sum::<u64>()
    });
    assert_eq!((sum, n), (320, 0));
    // Encoding into a buffer with room.
    let r = reply(b"-ERR [IN-USE] busy\r\n", &opts);
    let mut out = Vec::with_capacity(64);
    let ((), n) = counting::allocations(|| r.encode(&mut out));
    assert_eq!((n, &out[..]), (0, &b"-ERR [IN-USE] busy\r\n"[..]));
}
