//! Known-answer tests for POP3 commands: every command, the command lines of the RFC example
//! sessions, accept and reject cases with their offsets, the line limits, strict versus
//! lenient mode, `kind()` and `expects_multiline()`, and the SASL lines of AUTH.
//!
//! Expected values come from the RFC text (section quoted on each group) or are worked out by
//! hand (offsets are counted in a comment where they are not obvious). Every accepted vector
//! goes through [`check_with`]: parse → encode → parse gives the same command, and the
//! encoding is stable.

use pop3_proto::types::command::{
    ApopDigest, AuthLine, Command, CommandKind, InitialResponse, LanguageRange, Mechanism,
    MessageNumber, Password, SaslBase64, UnknownArgs, UnknownKeyword, UserName,
};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn strict() -> ParserOptions {
    ParserOptions::default()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

/// The shared round-trip helper: parses `line` (text without line end) with `opts`, checks
/// that `Command::parse` on `line` + CRLF gives the same value and consumes it all, that the
/// encoding ends in CRLF and parses back (in `opts`' mode, and in strict mode unless the
/// keyword is one only lenient mode takes) to the same value, that encoding that again gives
/// the same bytes, and that `into_owned` keeps the value.
fn check_with<'a>(line: &'a [u8], opts: &ParserOptions) -> Command<'a> {
    let show = String::from_utf8_lossy(line);
    let cmd = Command::parse_line(line, opts).unwrap_or_else(|e| panic!("{show:?} refused: {e}"));
    let framed = [line, b"\r\n"].concat();
    match Command::parse(&framed, opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert_eq!(value, cmd, "{show:?}: parse vs parse_line");
            assert_eq!(consumed, framed.len());
        }
        other => panic!("{show:?}: parse gave {other:?}"),
    }
    let enc = cmd.to_bytes();
    assert!(enc.ends_with(b"\r\n"));
    let mut modes = vec![*opts];
    let odd_keyword = matches!(&cmd, Command::Unknown { keyword, .. } if !(3..=4).contains(&keyword.as_str().len()));
    if !odd_keyword {
        modes.push(strict());
    }
    for mode in modes {
        let again = match Command::parse(&enc, &mode) {
            Ok(Status::Complete { value, consumed }) => {
                assert_eq!(consumed, enc.len());
                value
            }
            other => panic!(
                "{show:?}: encoding {:?} did not parse: {other:?}",
                String::from_utf8_lossy(&enc)
            ),
        };
        assert_eq!(again, cmd, "{show:?}: parse(encode(parse(b))) != parse(b)");
        assert_eq!(again.to_bytes(), enc, "{show:?}: encoding not stable");
    }
    let owned = cmd.clone().into_owned();
    assert_eq!(owned, cmd, "{show:?}: into_owned changed the value");
    cmd
}

fn check(line: &str) -> Command<'_> {
    check_with(line.as_bytes(), &strict())
}

/// `line` parses (strict) and encodes to exactly `wire` (without CRLF).
fn encodes_as(line: &str, wire: &str) {
    let cmd = check(line);
    assert_eq!(
        String::from_utf8(cmd.to_bytes()).unwrap(),
        format!("{wire}\r\n"),
        "{line:?}"
    );
}

fn err_with(line: &[u8], opts: &ParserOptions) -> Error {
    match Command::parse_line(line, opts) {
        Ok(c) => panic!("{:?} accepted as {c:?}", String::from_utf8_lossy(line)),
        Err(e) => e,
    }
}

/// Refused (strict) with `Expected` at `offset`.
fn expected_at(line: &str, offset: usize) {
    expected_at_with(line.as_bytes(), offset, &strict());
}

fn expected_at_with(line: &[u8], offset: usize, opts: &ParserOptions) {
    let e = err_with(line, opts);
    assert!(
        matches!(e.kind, ErrorKind::Expected { .. }) && e.offset == offset,
        "{:?}: got {e:?}, wanted Expected at {offset}",
        String::from_utf8_lossy(line)
    );
}

fn n(v: u32) -> MessageNumber {
    MessageNumber::new(v).unwrap()
}

fn user(s: &str) -> UserName<'_> {
    UserName::new(s).unwrap()
}

/// Hex → octets, written here from RFC 1939 §7's description ("a 16-octet value which is
/// sent in hexadecimal format"), independent of the crate's digest parser.
fn octets(hex: &str) -> [u8; 16] {
    assert_eq!(hex.len(), 32);
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

// ---------------------------------------------------------------------------------------
// RFC example sessions
// ---------------------------------------------------------------------------------------

/// RFC 1939 §10 (Example POP3 Session), the client's lines in order.
#[test]
fn rfc1939_s10_example_session() {
    let digest = ApopDigest::new(octets("c4c9334bac560ecc979e58001b3e22fb"));
    let table: &[(&str, Command<'_>)] = &[
        (
            "APOP mrose c4c9334bac560ecc979e58001b3e22fb",
            Command::Apop {
                name: user("mrose"),
                digest,
            },
        ),
        ("STAT", Command::Stat),
        ("LIST", Command::List { msg: None }),
        ("RETR 1", Command::Retr { msg: n(1) }),
        ("DELE 1", Command::Dele { msg: n(1) }),
        ("RETR 2", Command::Retr { msg: n(2) }),
        ("DELE 2", Command::Dele { msg: n(2) }),
        ("QUIT", Command::Quit),
    ];
    for (line, want) in table {
        assert_eq!(&check(line), want, "{line:?}");
        encodes_as(line, line);
    }
}

/// RFC 1939 §7 APOP: "C: APOP mrose c4c9334bac560ecc979e58001b3e22fb", the MD5 of
/// "<1896.697170952@dbc.mtview.ca.us>tanstaaf" (the digest's first octet is 0xc4, its last
/// 0xfb).
#[test]
fn rfc1939_s7_apop_example() {
    let Command::Apop { name, digest } = check("APOP mrose c4c9334bac560ecc979e58001b3e22fb")
    else {
        panic!()
    };
    assert_eq!(name.as_str(), "mrose");
    assert_eq!(digest.as_bytes()[0], 0xc4);
    assert_eq!(digest.as_bytes()[15], 0xfb);
    assert_eq!(digest.to_string(), "c4c9334bac560ecc979e58001b3e22fb");
}

/// The examples of RFC 1939 §4-§7, client lines (each command's "Examples:" block).
#[test]
fn rfc1939_command_examples() {
    let table: &[(&str, Command<'_>)] = &[
        // §7 USER
        (
            "USER frated",
            Command::User {
                name: user("frated"),
            },
        ),
        (
            "USER mrose",
            Command::User {
                name: user("mrose"),
            },
        ),
        // §7 PASS
        (
            "PASS secret",
            Command::Pass {
                password: Password::new(&b"secret"[..]).unwrap(),
            },
        ),
        // §5 LIST
        ("LIST", Command::List { msg: None }),
        ("LIST 2", Command::List { msg: Some(n(2)) }),
        ("LIST 3", Command::List { msg: Some(n(3)) }),
        // §5 STAT, RETR, DELE, NOOP, RSET
        ("STAT", Command::Stat),
        ("RETR 1", Command::Retr { msg: n(1) }),
        ("DELE 1", Command::Dele { msg: n(1) }),
        ("DELE 2", Command::Dele { msg: n(2) }),
        ("NOOP", Command::Noop),
        ("RSET", Command::Rset),
        // §6 QUIT
        ("QUIT", Command::Quit),
        // §7 TOP
        (
            "TOP 1 10",
            Command::Top {
                msg: n(1),
                lines: 10,
            },
        ),
        (
            "TOP 100 3",
            Command::Top {
                msg: n(100),
                lines: 3,
            },
        ),
        // §7 UIDL
        ("UIDL", Command::Uidl { msg: None }),
        ("UIDL 2", Command::Uidl { msg: Some(n(2)) }),
        ("UIDL 3", Command::Uidl { msg: Some(n(3)) }),
    ];
    for (line, want) in table {
        assert_eq!(&check(line), want, "{line:?}");
        encodes_as(line, line);
    }
}

/// RFC 2449 §5 (CAPA, "C: CAPA"), RFC 2595 §4 (STLS, "C: STLS").
#[test]
fn capa_and_stls() {
    assert_eq!(check("CAPA"), Command::Capa);
    assert_eq!(check("STLS"), Command::Stls);
    encodes_as("capa", "CAPA");
    encodes_as("stls", "STLS");
    expected_at("CAPA x", 4);
    expected_at("STLS now", 4);
}

/// RFC 5034 §6: `AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=` (with an initial response), and `AUTH
/// PLAIN` followed by the same base64 on its own line; §4: `=` is an empty initial response,
/// `*` cancels.
#[test]
fn rfc5034_auth() {
    let b64 = "dGVzdAB0ZXN0AHRlc3Q=";
    assert_eq!(
        check("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q="),
        Command::Auth {
            mechanism: Mechanism::new("PLAIN").unwrap(),
            initial_response: Some(InitialResponse::Data(SaslBase64::new(b64).unwrap())),
        }
    );
    assert_eq!(
        check("AUTH PLAIN"),
        Command::Auth {
            mechanism: Mechanism::new("PLAIN").unwrap(),
            initial_response: None,
        }
    );
    assert_eq!(
        check("AUTH EXTERNAL ="),
        Command::Auth {
            mechanism: Mechanism::new("EXTERNAL").unwrap(),
            initial_response: Some(InitialResponse::Empty),
        }
    );
    // Bare AUTH: the mechanism-list form.
    assert_eq!(check("AUTH"), Command::AuthList);
    assert_eq!(check("auth"), Command::AuthList);
    // Lower-case mechanism kept as sent.
    let Command::Auth { mechanism, .. } = check("auth plain") else {
        panic!()
    };
    assert_eq!(mechanism.as_str(), "plain");
    assert!(mechanism.eq_ignore_case("PLAIN"));
    encodes_as("auth scram-sha-256 =", "AUTH scram-sha-256 =");

    let opts = strict();
    fn line<'a>(b: &'a [u8], opts: &ParserOptions) -> Result<AuthLine<'a>, Error> {
        AuthLine::parse_line(b, opts)
    }
    let line = |b| line(b, &opts);
    assert_eq!(
        line(b64.as_bytes()),
        Ok(AuthLine::Response(SaslBase64::new(b64).unwrap()))
    );
    assert_eq!(line(b"*"), Ok(AuthLine::Cancel));
    assert_eq!(line(b""), Ok(AuthLine::Empty));
}

/// RFC 5034 §4 grammar: malformed AUTH lines.
#[test]
fn auth_errors() {
    // "AUTH " + nothing: the mechanism is wanted at 5.
    expected_at("AUTH ", 5);
    // "AUTH PLAIN " + nothing: base64 wanted at 11.
    expected_at("AUTH PLAIN ", 11);
    // 21 mechanism characters: the 21st (offset 5 + 20) is one too many.
    expected_at("AUTH ABCDEFGHIJKLMNOPQRSTU", 25);
    // "dGVzdA" is 6 characters: not padded to a multiple of 4 (reported at the end, 17).
    expected_at("AUTH PLAIN dGVzdA", 17);
    // A SP inside the response (offset 12).
    expected_at("AUTH PLAIN x y", 12);
    // "==": padding without data (the first "=" is where data was wanted).
    expected_at("AUTH PLAIN ==", 11);
    // "=" then more: the "=" is out of place.
    expected_at("AUTH PLAIN =AAA", 11);
    expected_at("AUTH PLAIN AB=C", 13);
    expected_at("AUTH PLAIN A===", 12);
    // A character that is not a mechanism character ends the mechanism; SP wanted at 7.
    expected_at("AUTH PL@IN", 7);
    // Three arguments.
    expected_at("AUTH PLAIN AAAA AAAA", 15);
}

/// SASL lines (RFC 5034 §4): accept and reject, strict and lenient.
#[test]
fn auth_lines() {
    let s = strict();
    let l = lenient();
    assert_eq!(
        AuthLine::parse_line(b"**", &s),
        Err(Error::new(
            0,
            ErrorKind::Expected {
                expected: "base64 character"
            }
        ))
    );
    assert_eq!(
        AuthLine::parse_line(b"abc", &s),
        Err(Error::new(
            3,
            ErrorKind::Expected {
                expected: "base64 padded to a multiple of 4 characters"
            }
        ))
    );
    // Trailing SP: an error in strict mode (at the SP, offset 1), dropped in lenient mode.
    assert!(AuthLine::parse_line(b"* ", &s).is_err());
    assert_eq!(AuthLine::parse_line(b"* ", &l), Ok(AuthLine::Cancel));
    assert_eq!(AuthLine::parse_line(b"  ", &l), Ok(AuthLine::Empty));
    assert_eq!(
        AuthLine::parse_line(b"AAAA\0", &s),
        Err(Error::new(4, ErrorKind::Nul))
    );

    // Framed: the AUTH line limit applies, not the command limit.
    let opts = ParserOptions::default()
        .max_command_line(8)
        .max_auth_line(12);
    assert_eq!(
        AuthLine::parse(b"AAAAAAAAAAAA\r\n", &opts),
        Ok(Status::Complete {
            value: AuthLine::Response(SaslBase64::new("AAAAAAAAAAAA").unwrap()),
            consumed: 14
        })
    );
    assert_eq!(
        AuthLine::parse(b"AAAAAAAAAAAAAAAA\r\n", &opts),
        Err(Error::new(12, ErrorKind::LineTooLong { limit: 12 }))
    );
    assert_eq!(
        AuthLine::parse(b"*\n", &s),
        Err(Error::new(1, ErrorKind::BareLf))
    );
    assert_eq!(
        AuthLine::parse(b"*\n", &l),
        Ok(Status::Complete {
            value: AuthLine::Cancel,
            consumed: 2
        })
    );

    // Encoding (RFC 5034 §4: base64, or a line with a single "*").
    for (line, wire) in [
        (AuthLine::Cancel, &b"*\r\n"[..]),
        (AuthLine::Empty, b"\r\n"),
        (
            AuthLine::Response(SaslBase64::new("AAAA").unwrap()),
            b"AAAA\r\n",
        ),
    ] {
        assert_eq!(line.to_bytes(), wire);
        assert_eq!(
            AuthLine::parse(wire, &s),
            Ok(Status::Complete {
                value: line.clone(),
                consumed: wire.len()
            })
        );
        assert_eq!(line.clone().into_owned(), line);
    }
}

/// RFC 6856: UTF8 (no argument) and LANG (with an optional language tag or `*`). These
/// lines are written from the commands' grammar (the RFC's own example session could not be
/// retrieved to quote).
#[test]
fn rfc6856_utf8_and_lang() {
    assert_eq!(check("UTF8"), Command::Utf8);
    encodes_as("utf8", "UTF8");
    assert_eq!(check("LANG"), Command::Lang { range: None });
    for tag in [
        "es",
        "en-boont",
        "sgn-BE-FR",
        "zh-Hant-TW",
        "*",
        "x-private1",
    ] {
        let line = format!("LANG {tag}");
        assert_eq!(
            check(&line),
            Command::Lang {
                range: Some(LanguageRange::new(tag).unwrap())
            }
        );
        encodes_as(&line, &line);
    }
    assert!(
        LanguageRange::new("*").unwrap().is_wildcard()
            && !LanguageRange::new("en").unwrap().is_wildcard()
    );
    expected_at("UTF8 on", 4);
    // "en_US": '_' is not a subtag character; end of line wanted at 7.
    expected_at("LANG en_US", 7);
    // 9 letters: the 9th (offset 5 + 8) is one too many.
    expected_at("LANG abcdefghi", 13);
    // "en-": a subtag wanted at 8.
    expected_at("LANG en-", 8);
    expected_at("LANG en-abcdefghi", 16);
    expected_at("LANG *x", 6);
    expected_at("LANG 1en", 5);
}

// ---------------------------------------------------------------------------------------
// Every command: accept cases
// ---------------------------------------------------------------------------------------

/// RFC 1939 §3: "Commands in the POP3 consist of a case-insensitive keyword".
#[test]
fn keywords_are_case_insensitive() {
    for (line, kind) in [
        ("user a", CommandKind::User),
        ("Pass a", CommandKind::Pass),
        ("aPoP a c4c9334bac560ecc979e58001b3e22fb", CommandKind::Apop),
        ("stat", CommandKind::Stat),
        ("list", CommandKind::List),
        ("retr 1", CommandKind::Retr),
        ("dele 1", CommandKind::Dele),
        ("noop", CommandKind::Noop),
        ("rset", CommandKind::Rset),
        ("quit", CommandKind::Quit),
        ("top 1 0", CommandKind::Top),
        ("uidl", CommandKind::Uidl),
        ("capa", CommandKind::Capa),
        ("stls", CommandKind::Stls),
        ("auth", CommandKind::Auth),
        ("auth x", CommandKind::Auth),
        ("utf8", CommandKind::Utf8),
        ("lang", CommandKind::Lang),
        ("xtnd", CommandKind::Unknown),
    ] {
        let cmd = check(line);
        assert_eq!(cmd.kind(), kind, "{line:?}");
        let kw = kind.keyword().unwrap_or("xtnd");
        assert_eq!(cmd.keyword(), kw, "{line:?}");
        // The encoding starts with the upper-case keyword (an unknown one as sent).
        assert!(cmd.to_bytes().starts_with(kw.as_bytes()), "{line:?}");
    }
}

/// Message numbers (RFC 1939 §4: base-10, numbered from 1): the `u32` range, leading
/// zeros read as decimal and written without, TOP's line count from 0.
#[test]
fn message_numbers() {
    assert_eq!(check("RETR 4294967295"), Command::Retr { msg: n(u32::MAX) });
    encodes_as("RETR 007", "RETR 7");
    encodes_as("LIST 0001", "LIST 1");
    encodes_as("TOP 1 0", "TOP 1 0");
    encodes_as("TOP 1 000", "TOP 1 0");
    encodes_as("TOP 2 4294967295", "TOP 2 4294967295");
    assert_eq!(MessageNumber::try_from(5).unwrap().get(), 5);
    assert!(MessageNumber::try_from(0).is_err());
    assert_eq!(n(42).to_string(), "42");
}

/// RFC 1939 §7: "a POP3 server may treat spaces in the argument as part of the password".
#[test]
fn pass_keeps_the_rest_of_the_line() {
    for (line, pw) in [
        ("PASS secret", &b"secret"[..]),
        ("PASS two words", b"two words"),
        ("PASS  leading", b" leading"),
        ("PASS trailing ", b"trailing "),
        ("PASS  ", b" "),
        ("PASS p@ss:w0rd!\"#", b"p@ss:w0rd!\"#"),
    ] {
        for opts in [strict(), lenient()] {
            let Command::Pass { password } = check_with(line.as_bytes(), &opts) else {
                panic!("{line:?}")
            };
            assert_eq!(password.as_bytes(), pw, "{line:?}");
        }
        encodes_as(line, line);
    }
    // Non-UTF-8 bytes (a Latin-1 password) are kept as they are.
    let latin1 = b"PASS gr\xfcn";
    let Command::Pass { password } = check_with(latin1, &strict()) else {
        panic!()
    };
    assert_eq!(password.as_bytes(), b"gr\xfcn");
    assert_eq!(password.to_str(), None);
    // A UTF-8 one (RFC 6856).
    let Command::Pass { password } = check("PASS gr\u{fc}n") else {
        panic!()
    };
    assert_eq!(password.to_str(), Some("gr\u{fc}n"));
    // Debug does not show the password.
    assert!(!format!("{password:?}").contains("gr"));
}

/// User names: one word of printable ASCII or UTF-8 (RFC 6856).
#[test]
fn user_names() {
    for name in [
        "mrose",
        "first.last@example.org",
        "DOMAIN\\user",
        "j\u{f6}rg",
        "\u{7528}\u{6237}",
        "a",
    ] {
        let line = format!("USER {name}");
        assert_eq!(check(&line), Command::User { name: user(name) });
        encodes_as(&line, &line);
    }
    // RFC 2449 §4 lifted RFC 1939 §3's 40-character argument limit.
    let long = "x".repeat(200);
    let line = format!("USER {long}");
    assert_eq!(check(&line), Command::User { name: user(&long) });
}

/// Unknown keywords are values (RFC 2449 §3: the server answers "-ERR").
#[test]
fn unknown_commands() {
    let kw = |s| UnknownKeyword::new(s).unwrap();
    let args = |s: &'static str| Some(UnknownArgs::new(s.as_bytes()).unwrap());
    assert_eq!(
        check("XTND XMIT"),
        Command::Unknown {
            keyword: kw("XTND"),
            args: args("XMIT")
        }
    );
    assert_eq!(
        check("LAST"),
        Command::Unknown {
            keyword: kw("LAST"),
            args: None
        }
    );
    // "GET / HTTP/1.1": a 3-character keyword.
    assert_eq!(
        check("GET / HTTP/1.1"),
        Command::Unknown {
            keyword: kw("GET"),
            args: args("/ HTTP/1.1")
        }
    );
    // Keyword kept as sent; arguments kept as sent (strict: empty, extra spaces).
    encodes_as("xtnd xmit", "xtnd xmit");
    assert_eq!(
        check("FOO "),
        Command::Unknown {
            keyword: kw("FOO"),
            args: args("")
        }
    );
    assert_eq!(
        check("FOO  a "),
        Command::Unknown {
            keyword: kw("FOO"),
            args: args(" a ")
        }
    );
    // Lenient mode trims those spaces.
    assert_eq!(
        check_with(b"FOO  a ", &lenient()),
        Command::Unknown {
            keyword: kw("FOO"),
            args: args("a")
        }
    );
    assert_eq!(
        check_with(b"FOO ", &lenient()),
        Command::Unknown {
            keyword: kw("FOO"),
            args: None
        }
    );
    // RFC 2449 §3 `keyword = 3*4VCHAR` is for the defined commands: an unknown keyword of
    // 1 to 40 VCHAR is a value in both modes (a server answers it -ERR); 41 is an error.
    for opts in [ParserOptions::default(), lenient()] {
        assert_eq!(
            check_with(b"XCLIENT ADDR=192.0.2.1", &opts),
            Command::Unknown {
                keyword: kw("XCLIENT"),
                args: args("ADDR=192.0.2.1")
            }
        );
        assert_eq!(check_with(b"STATS", &opts).keyword(), "STATS");
        // A known keyword with more letters is another (unknown) keyword.
        assert_eq!(check_with(b"LISTX", &opts).keyword(), "LISTX");
        assert_eq!(check_with(b"X", &opts).keyword(), "X", "one character");
        let forty = "K".repeat(40);
        assert_eq!(check_with(forty.as_bytes(), &opts).keyword(), forty);
        expected_at_with("K".repeat(41).as_bytes(), 40, &opts);
    }
    // Constructors.
    assert!(UnknownKeyword::new("QUIT").is_err());
    assert!(UnknownKeyword::new("top").is_err());
    assert!(UnknownKeyword::new("TOPS").is_ok());
    assert!(UnknownKeyword::new("X Y").is_err());
    assert!(UnknownKeyword::new("").is_err());
    assert!(UnknownKeyword::new("K".repeat(41)).is_err());
    assert!(UnknownArgs::new(&b"a\x7f"[..]).is_err());
}

// ---------------------------------------------------------------------------------------
// Reject cases, with offsets
// ---------------------------------------------------------------------------------------

#[test]
fn keyword_errors() {
    expected_at("", 0);
    expected_at(" STAT", 0);
    // 'R', then a non-ASCII byte at 1 where SP or the end was wanted.
    expected_at("R\u{c9}TR 1", 1);
    assert_eq!(
        err_with(b"ST\0AT", &strict()),
        Error::new(2, ErrorKind::Nul)
    );
    assert_eq!(
        err_with(b"QUIT\t", &strict()),
        Error::new(4, ErrorKind::ControlCharacter { byte: b'\t' })
    );
    assert_eq!(
        err_with(b"\x7fQUIT", &strict()),
        Error::new(0, ErrorKind::ControlCharacter { byte: 0x7f })
    );
    // A CR or LF inside a line handed to parse_line is a control character.
    assert_eq!(
        err_with(b"NOOP\r\nQUIT", &strict()),
        Error::new(4, ErrorKind::ControlCharacter { byte: b'\r' })
    );
}

#[test]
fn argument_errors() {
    for (line, offset) in [
        // Commands without arguments.
        ("STAT ", 4),
        ("STAT x", 4),
        ("NOOP 1", 4),
        ("RSET x", 4),
        ("QUIT now", 4),
        // Message numbers.
        ("RETR", 4),
        ("RETR ", 5),
        ("RETR 0", 5),
        ("RETR 00", 5),
        ("RETR -1", 5),
        ("RETR +1", 5),
        ("RETR 1x", 6),
        ("RETR 1 2", 6),
        ("RETR  1", 5),
        ("DELE", 4),
        ("DELE a", 5),
        ("LIST ", 5),
        ("LIST 0", 5),
        ("LIST 1 2", 6),
        ("UIDL x", 5),
        // TOP.
        ("TOP", 3),
        ("TOP 1", 5),
        ("TOP 1 ", 6),
        ("TOP 0 1", 4),
        ("TOP 1 x", 6),
        ("TOP 1 1 1", 7),
        ("TOP 1  1", 6),
        // USER.
        ("USER", 4),
        ("USER ", 5),
        ("USER a b", 6),
        ("USER  a", 5),
        // PASS.
        ("PASS", 4),
        ("PASS ", 5),
        // APOP: "APOP mrose" (10) lacks SP and digest; 31 digits; 33 digits; upper case.
        ("APOP", 4),
        ("APOP mrose", 10),
        ("APOP mrose c4c9334bac560ecc979e58001b3e22f", 42),
        ("APOP mrose c4c9334bac560ecc979e58001b3e22fb0", 43),
        ("APOP mrose C4C9334BAC560ECC979E58001B3E22FB", 11),
        ("APOP mrose c4c9334bac560ecc979e58001b3e22fg", 42),
        ("APOP mrose  c4c9334bac560ecc979e58001b3e22fb", 11),
        ("APOP c4c9334bac560ecc979e58001b3e22fb", 37),
    ] {
        expected_at(line, offset);
    }
    // Overflow is its own kind, at the start of the number.
    for (line, offset) in [
        ("RETR 4294967296", 5),
        ("LIST 99999999999999999999", 5),
        ("TOP 1 4294967296", 6),
        ("TOP 4294967296 1", 4),
    ] {
        assert_eq!(
            err_with(line.as_bytes(), &strict()),
            Error::new(offset, ErrorKind::NumberOverflow),
            "{line:?}"
        );
    }
    // Control characters and bad UTF-8 in arguments.
    assert_eq!(
        err_with(b"PASS a\tb", &strict()),
        Error::new(6, ErrorKind::ControlCharacter { byte: b'\t' })
    );
    assert_eq!(
        err_with(b"PASS \0", &strict()),
        Error::new(5, ErrorKind::Nul)
    );
    assert_eq!(
        err_with(b"USER a\0", &strict()),
        Error::new(6, ErrorKind::Nul)
    );
    assert_eq!(
        err_with(b"USER ab\xc3", &strict()),
        Error::new(7, ErrorKind::InvalidUtf8)
    );
    assert_eq!(
        err_with(b"USER \xff", &lenient()),
        Error::new(5, ErrorKind::InvalidUtf8)
    );
    assert_eq!(
        err_with(b"XTND a\x01", &strict()),
        Error::new(6, ErrorKind::ControlCharacter { byte: 1 })
    );
    // Error text: offset and what was expected.
    assert_eq!(
        err_with(b"RETR x", &strict()).to_string(),
        "expected message number at offset 5"
    );
}

// ---------------------------------------------------------------------------------------
// Strict versus lenient
// ---------------------------------------------------------------------------------------

/// Lines only lenient mode takes, with the command it makes of them.
#[test]
fn lenient_deviations() {
    let l = lenient();
    let table: &[(&[u8], Command<'_>)] = &[
        (b"STAT ", Command::Stat),
        (b"QUIT\t", Command::Quit),
        (b"QUIT \t ", Command::Quit),
        (b"LIST  2", Command::List { msg: Some(n(2)) }),
        (b"LIST ", Command::List { msg: None }),
        (b"RETR   1  ", Command::Retr { msg: n(1) }),
        (
            b"TOP  1   5 ",
            Command::Top {
                msg: n(1),
                lines: 5,
            },
        ),
        (
            b"USER  mrose ",
            Command::User {
                name: user("mrose"),
            },
        ),
        (
            b"APOP  mrose  C4C9334BAC560ECC979E58001B3E22FB ",
            Command::Apop {
                name: user("mrose"),
                digest: ApopDigest::new(octets("c4c9334bac560ecc979e58001b3e22fb")),
            },
        ),
        (
            b"AUTH  PLAIN  AAAA ",
            Command::Auth {
                mechanism: Mechanism::new("PLAIN").unwrap(),
                initial_response: Some(InitialResponse::Data(SaslBase64::new("AAAA").unwrap())),
            },
        ),
        (b"AUTH ", Command::AuthList),
        (
            b"LANG  de ",
            Command::Lang {
                range: Some(LanguageRange::new("de").unwrap()),
            },
        ),
    ];
    for (line, want) in table {
        let show = String::from_utf8_lossy(line);
        assert!(
            Command::parse_line(line, &strict()).is_err(),
            "{show:?} taken in strict mode"
        );
        assert_eq!(&check_with(line, &l), want, "{show:?}");
    }
    // The APOP digest is written in lower case whatever case it came in.
    assert_eq!(
        Command::parse_line(b"APOP a C4C9334BAC560ECC979E58001B3E22FB", &l)
            .unwrap()
            .to_bytes(),
        b"APOP a c4c9334bac560ecc979e58001b3e22fb\r\n"
    );
    // Lenient mode does not relax the rest.
    for line in [
        &b"RETR 0"[..],
        b"USER a b",
        b"STAT x",
        b"ST\x01AT",
        b"PASS",
        b"AUTH PLAIN x",
    ] {
        assert!(
            Command::parse_line(line, &l).is_err(),
            "{:?}",
            String::from_utf8_lossy(line)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Framing and limits
// ---------------------------------------------------------------------------------------

#[test]
fn framing() {
    let s = strict();
    let l = lenient();
    assert_eq!(
        Command::parse(b"STAT\r\nQUIT\r\n", &s),
        Ok(Status::Complete {
            value: Command::Stat,
            consumed: 6
        })
    );
    assert_eq!(Command::parse(b"STAT", &s), Ok(Status::Incomplete));
    assert_eq!(Command::parse(b"STAT\r", &s), Ok(Status::Incomplete));
    assert_eq!(Command::parse(b"", &s), Ok(Status::Incomplete));
    assert_eq!(
        Command::parse(b"STAT\n", &s),
        Err(Error::new(4, ErrorKind::BareLf))
    );
    assert_eq!(
        Command::parse(b"STAT\n", &l),
        Ok(Status::Complete {
            value: Command::Stat,
            consumed: 5
        })
    );
    // A bare CR is refused in both modes.
    for opts in [s, l] {
        assert_eq!(
            Command::parse(b"ST\rAT\r\n", &opts),
            Err(Error::new(2, ErrorKind::BareCr))
        );
    }
    // An error in the line text keeps its offset from the start of the input.
    assert_eq!(Command::parse(b"RETR x\r\n", &s).unwrap_err().offset, 5);
}

/// RFC 2449 §4: commands up to 255 octets including CRLF; the default limit counts the text
/// without CRLF (255, two octets of slack).
#[test]
fn command_line_limit() {
    let s = strict();
    assert_eq!(s.max_command_line, 255);
    let at_limit = format!("USER {}\r\n", "a".repeat(250));
    assert!(matches!(
        Command::parse(at_limit.as_bytes(), &s),
        Ok(Status::Complete { consumed: 257, .. })
    ));
    let over = format!("USER {}\r\n", "a".repeat(251));
    assert_eq!(
        Command::parse(over.as_bytes(), &s),
        Err(Error::new(255, ErrorKind::LineTooLong { limit: 255 }))
    );
    // Reported before the line end arrives.
    assert_eq!(
        Command::parse(&over.as_bytes()[..256], &s),
        Err(Error::new(255, ErrorKind::LineTooLong { limit: 255 }))
    );
    // PASS is a command line like any other.
    let pass = format!("PASS {}\r\n", "p".repeat(300));
    assert!(matches!(
        Command::parse(pass.as_bytes(), &s),
        Err(Error {
            kind: ErrorKind::LineTooLong { .. },
            ..
        })
    ));
}

/// An AUTH command's initial response is a SASL response: the line may reach the AUTH
/// limit. The choice is made on `AUTH ` (any case) at the start of the line.
#[test]
fn auth_command_uses_the_auth_limit() {
    let s = strict();
    let token = "QUFB".repeat(1000);
    let line = format!("AUTH XOAUTH2 {token}\r\n");
    let Ok(Status::Complete { value, consumed }) = Command::parse(line.as_bytes(), &s) else {
        panic!("long AUTH line refused")
    };
    assert_eq!(consumed, line.len());
    assert!(matches!(value, Command::Auth { .. }));
    let line = format!("auth xoauth2 {token}\r\n");
    assert!(matches!(
        Command::parse(line.as_bytes(), &s),
        Ok(Status::Complete { .. })
    ));
    // Not for other commands.
    let line = format!("XTND {token}\r\n");
    assert_eq!(
        Command::parse(line.as_bytes(), &s),
        Err(Error::new(255, ErrorKind::LineTooLong { limit: 255 }))
    );
    // With a command limit shorter than "AUTH ", the first five bytes decide.
    let tiny = ParserOptions::default()
        .max_command_line(2)
        .max_auth_line(64);
    assert_eq!(Command::parse(b"AUT", &tiny), Ok(Status::Incomplete));
    assert!(matches!(
        Command::parse(b"AUTH PLAIN\r\n", &tiny),
        Ok(Status::Complete { .. })
    ));
    assert_eq!(
        Command::parse(b"AUTO\r\n", &tiny),
        Err(Error::new(2, ErrorKind::LineTooLong { limit: 2 }))
    );
    // The AUTH limit applies too.
    let line = format!("AUTH PLAIN {}\r\n", "A".repeat(64));
    assert_eq!(
        Command::parse(line.as_bytes(), &tiny),
        Err(Error::new(64, ErrorKind::LineTooLong { limit: 64 }))
    );
}

// ---------------------------------------------------------------------------------------
// kind() and expects_multiline()
// ---------------------------------------------------------------------------------------

/// Which `+OK` answers carry a multi-line body, per the RFC text of each command.
#[test]
fn multiline_answers() {
    let table: &[(&str, bool)] = &[
        // RFC 1939 §5 LIST: "If no argument was given and the POP3 server issues a positive
        // response, then the response given is multi-line."; with an argument, "a line
        // containing information for that message".
        ("LIST", true),
        ("LIST 1", false),
        // RFC 1939 §7 UIDL: same wording as LIST.
        ("UIDL", true),
        ("UIDL 1", false),
        // RFC 1939 §5 RETR, §7 TOP: "the response given is multi-line".
        ("RETR 1", true),
        ("TOP 1 0", true),
        // RFC 2449 §5 CAPA: a list of capabilities, ended by ".".
        ("CAPA", true),
        // RFC 6856 LANG: without an argument, a language listing.
        ("LANG", true),
        ("LANG en", false),
        // Bare AUTH: the mechanism list servers send.
        ("AUTH", true),
        // RFC 5034 §4: continuations, then one +OK/-ERR line.
        ("AUTH PLAIN", false),
        ("AUTH PLAIN =", false),
        // Single-line answers (RFC 1939 §4-§7, RFC 2595 §4, RFC 6856 UTF8).
        ("USER a", false),
        ("PASS a", false),
        ("APOP a c4c9334bac560ecc979e58001b3e22fb", false),
        ("STAT", false),
        ("DELE 1", false),
        ("NOOP", false),
        ("RSET", false),
        ("QUIT", false),
        ("STLS", false),
        ("UTF8", false),
        // Unknown: "-ERR" (RFC 2449 §3).
        ("XTND XMIT", false),
    ];
    for (line, multi) in table {
        assert_eq!(check(line).expects_multiline(), *multi, "{line:?}");
    }
}

#[test]
fn kinds_and_keywords() {
    let kinds = [
        CommandKind::User,
        CommandKind::Pass,
        CommandKind::Apop,
        CommandKind::Stat,
        CommandKind::List,
        CommandKind::Retr,
        CommandKind::Dele,
        CommandKind::Noop,
        CommandKind::Rset,
        CommandKind::Quit,
        CommandKind::Top,
        CommandKind::Uidl,
        CommandKind::Capa,
        CommandKind::Stls,
        CommandKind::Auth,
        CommandKind::Utf8,
        CommandKind::Lang,
    ];
    for k in kinds {
        let kw = k.keyword().unwrap();
        // Each keyword parses (alone, or with a minimal argument) to its own kind.
        let line = match k {
            CommandKind::User | CommandKind::Pass => format!("{kw} x"),
            CommandKind::Apop => format!("{kw} x c4c9334bac560ecc979e58001b3e22fb"),
            CommandKind::Retr | CommandKind::Dele => format!("{kw} 1"),
            CommandKind::Top => format!("{kw} 1 1"),
            _ => kw.to_string(),
        };
        assert_eq!(check(&line).kind(), k);
        assert!(UnknownKeyword::new(kw).is_err());
    }
    assert_eq!(CommandKind::Unknown.keyword(), None);
}

// ---------------------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------------------

#[test]
fn constructors_refuse_what_the_wire_cannot_carry() {
    assert!(UserName::new("a\r\nQUIT").is_err());
    assert!(UserName::new("a b").is_err());
    assert!(UserName::new("").is_err());
    assert!(Password::new(&b"a\r\nQUIT"[..]).is_err());
    assert!(Password::new(&b""[..]).is_err());
    assert!(Password::new(&b"\x7f"[..]).is_err());
    assert!(Mechanism::new("").is_err());
    assert!(Mechanism::new("PLAIN x").is_err());
    assert!(SaslBase64::new("").is_err());
    assert!(SaslBase64::new("=").is_err());
    assert!(SaslBase64::new("AAA").is_err());
    assert!(LanguageRange::new("").is_err());
    assert!(LanguageRange::new("en ").is_err());
    assert!(ApopDigest::from_hex("c4c9334bac560ecc979e58001b3e22f").is_err());
    assert!(ApopDigest::from_hex("c4c9334bac560ecc979e58001b3e22fb0").is_err());
    assert!(ApopDigest::from_hex("z4c9334bac560ecc979e58001b3e22fb").is_err());
    // from_hex takes either case.
    assert_eq!(
        ApopDigest::from_hex("C4C9334BAC560ECC979E58001B3E22FB").unwrap(),
        ApopDigest::new(octets("c4c9334bac560ecc979e58001b3e22fb"))
    );
    assert_eq!(UserName::try_from("mrose").unwrap().to_string(), "mrose");
    assert_eq!(
        InitialResponse::Data(SaslBase64::new("AAAA").unwrap()).as_str(),
        "AAAA"
    );
    assert_eq!(InitialResponse::Empty.as_str(), "=");
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    /// Standard base64 with padding (RFC 4648 §4), written here to build SASL responses.
    fn base64(data: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    s.push(char::from(A[((v >> (18 - 6 * k)) & 63) as usize]));
                } else {
                    s.push('=');
                }
            }
        }
        s
    }

    fn name() -> impl Strategy<Value = String> {
        "[!-~\u{e9}\u{fc}\u{4e2d}]{1,24}"
    }

    fn password() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(prop_oneof![0x20u8..=0x7E, 0x80u8..=0xFF], 1..40)
    }

    fn msg() -> impl Strategy<Value = MessageNumber> {
        (1u32..=u32::MAX).prop_map(|v| MessageNumber::new(v).unwrap())
    }

    fn small_or_any_u32() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..20, any::<u32>()]
    }

    fn unknown_keyword(lenient: bool) -> impl Strategy<Value = String> {
        let re = if lenient { "[!-~]{1,40}" } else { "[!-~]{3,4}" };
        re.prop_filter("not a known keyword", |k| {
            UnknownKeyword::new(k.as_str()).is_ok()
        })
    }

    /// Every variant, with arguments the type allows (unknown keywords of 3 or 4 characters
    /// unless `lenient`).
    fn command(lenient: bool) -> impl Strategy<Value = Command<'static>> {
        let sasl = prop::collection::vec(any::<u8>(), 1..40).prop_map(|d| base64(&d));
        prop_oneof![
            name().prop_map(|n| Command::User {
                name: UserName::new(n).unwrap()
            }),
            password().prop_map(|p| Command::Pass {
                password: Password::new(p).unwrap()
            }),
            (name(), any::<[u8; 16]>()).prop_map(|(n, d)| Command::Apop {
                name: UserName::new(n).unwrap(),
                digest: ApopDigest::new(d),
            }),
            Just(Command::Stat),
            proptest::option::of(msg()).prop_map(|msg| Command::List { msg }),
            msg().prop_map(|msg| Command::Retr { msg }),
            msg().prop_map(|msg| Command::Dele { msg }),
            Just(Command::Noop),
            Just(Command::Rset),
            Just(Command::Quit),
            (msg(), small_or_any_u32()).prop_map(|(msg, lines)| Command::Top { msg, lines }),
            proptest::option::of(msg()).prop_map(|msg| Command::Uidl { msg }),
            Just(Command::Capa),
            Just(Command::Stls),
            (
                "[A-Za-z0-9_-]{1,20}",
                proptest::option::of(proptest::option::of(sasl))
            )
                .prop_map(|(m, ir)| Command::Auth {
                    mechanism: Mechanism::new(m).unwrap(),
                    initial_response: ir.map(|d| match d {
                        None => InitialResponse::Empty,
                        Some(b) => InitialResponse::Data(SaslBase64::new(b).unwrap()),
                    }),
                }),
            Just(Command::AuthList),
            Just(Command::Utf8),
            proptest::option::of("\\*|[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,3}").prop_map(|r| {
                Command::Lang {
                    range: r.map(|r| LanguageRange::new(r).unwrap()),
                }
            }),
            (
                unknown_keyword(lenient),
                proptest::option::of(prop::collection::vec(
                    prop_oneof![0x20u8..=0x7E, 0x80u8..=0xFF],
                    0..30
                ))
            )
                .prop_map(|(k, a)| Command::Unknown {
                    keyword: UnknownKeyword::new(k).unwrap(),
                    args: a.map(|a| UnknownArgs::new(a).unwrap()),
                }),
        ]
    }

    /// Lenient mode drops spaces around unknown arguments (and an empty argument list), so
    /// those values do not survive a lenient parse of their encoding.
    fn lenient_keeps(cmd: &Command<'_>) -> bool {
        match cmd {
            Command::Unknown { args: Some(a), .. } => {
                let a = a.as_bytes();
                !a.is_empty() && a[0] != b' ' && a[a.len() - 1] != b' '
            }
            _ => true,
        }
    }

    fn parse_framed<'a>(b: &'a [u8], opts: &ParserOptions) -> Result<Command<'a>, Error> {
        match Command::parse(b, opts)? {
            Status::Complete { value, consumed } => {
                assert_eq!(consumed, b.len());
                Ok(value)
            }
            Status::Incomplete => panic!("incomplete: {:?}", String::from_utf8_lossy(b)),
        }
    }

    // -----------------------------------------------------------------------------------
    // An oracle for strict mode, written from the RFC text alone: it decides whether a
    // line is a valid command and, if it is, spells its canonical encoding (upper-case
    // keyword, numbers without leading zeros).
    // -----------------------------------------------------------------------------------

    fn is_vchar(c: u8) -> bool {
        (0x21..=0x7E).contains(&c)
    }

    /// RFC 1939 §4: message-numbers are decimal, from 1.
    fn oracle_msg(s: &[u8]) -> Option<u32> {
        oracle_num(s).filter(|&v| v != 0)
    }

    fn oracle_num(s: &[u8]) -> Option<u32> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse::<u32>().ok()
    }

    /// RFC 1939 §7 name: one word; RFC 6856: UTF-8 allowed.
    fn oracle_name(s: &[u8]) -> bool {
        !s.is_empty() && std::str::from_utf8(s).is_ok() && !s.contains(&b' ')
    }

    /// RFC 5034 §4 base64.
    fn oracle_base64(s: &[u8]) -> bool {
        let data = s.iter().take_while(|&&c| c != b'=').count();
        let pad = s.len() - data;
        !s.is_empty()
            && s.len() % 4 == 0
            && pad <= 2
            && data > 0
            && s[..data]
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
            && s[data..].iter().all(|&c| c == b'=')
    }

    /// RFC 4647 §2.1 language-range.
    fn oracle_range(s: &[u8]) -> bool {
        if s == b"*" {
            return true;
        }
        let mut parts = s.split(|&c| c == b'-');
        let first = parts.next().unwrap_or_default();
        (1..=8).contains(&first.len())
            && first.iter().all(u8::is_ascii_alphabetic)
            && parts.all(|p| (1..=8).contains(&p.len()) && p.iter().all(u8::is_ascii_alphanumeric))
    }

    fn oracle(line: &[u8]) -> Option<Vec<u8>> {
        if line.iter().any(|&c| c < 0x20 || c == 0x7F) {
            return None;
        }
        let p = line.iter().position(|&c| c == b' ').unwrap_or(line.len());
        let keyword = &line[..p];
        if keyword.is_empty() || !keyword.iter().all(|&c| is_vchar(c)) {
            return None;
        }
        let rest = (p < line.len()).then(|| &line[p + 1..]);
        let upper = keyword.to_ascii_uppercase();
        let parts: Option<Vec<&[u8]>> = rest.map(|r| r.split(|&c| c == b' ').collect());
        let fmt = |args: &[String]| {
            let mut v = upper.clone();
            for a in args {
                v.push(b' ');
                v.extend_from_slice(a.as_bytes());
            }
            v
        };
        match (&upper[..], parts.as_deref()) {
            (
                b"STAT" | b"NOOP" | b"RSET" | b"QUIT" | b"CAPA" | b"STLS" | b"UTF8" | b"LIST"
                | b"UIDL" | b"AUTH" | b"LANG",
                None,
            ) => Some(upper),
            (b"LIST" | b"UIDL" | b"RETR" | b"DELE", Some([m])) => {
                Some(fmt(&[oracle_msg(m)?.to_string()]))
            }
            (b"TOP", Some([m, l])) => Some(fmt(&[
                oracle_msg(m)?.to_string(),
                oracle_num(l)?.to_string(),
            ])),
            (b"USER", Some([n])) => oracle_name(n).then(|| [&b"USER "[..], n].concat()),
            (b"PASS", Some(_)) => {
                let pw = rest?;
                (!pw.is_empty()).then(|| [&b"PASS "[..], pw].concat())
            }
            (b"APOP", Some([n, d])) => (oracle_name(n)
                && d.len() == 32
                && d.iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| [&b"APOP "[..], n, b" ", d].concat()),
            (b"AUTH", Some([m, ir @ ..])) if ir.len() <= 1 => {
                let mech_ok = (1..=20).contains(&m.len())
                    && m.iter()
                        .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
                let ir_ok = match ir {
                    [] => true,
                    [r] => *r == b"=" || oracle_base64(r),
                    _ => false,
                };
                (mech_ok && ir_ok).then(|| [&b"AUTH "[..], &line[5..]].concat())
            }
            (b"LANG", Some([r])) => oracle_range(r).then(|| [&b"LANG "[..], r].concat()),
            (
                b"STAT" | b"NOOP" | b"RSET" | b"QUIT" | b"CAPA" | b"STLS" | b"UTF8" | b"LIST"
                | b"UIDL" | b"RETR" | b"DELE" | b"TOP" | b"USER" | b"PASS" | b"APOP" | b"AUTH"
                | b"LANG",
                _,
            ) => None,
            // An unknown keyword of 1 to 40 VCHAR (RFC 2449 §3's 3*4VCHAR is for the
            // defined commands); the rest of an unknown command is kept.
            _ => (1..=40).contains(&keyword.len()).then(|| line.to_vec()),
        }
    }

    /// Lines built from keywords and argument pieces, valid and not.
    fn line() -> impl Strategy<Value = Vec<u8>> {
        let keyword = prop::sample::select(vec![
            &b"USER"[..],
            b"user",
            b"PASS",
            b"pAsS",
            b"APOP",
            b"STAT",
            b"LIST",
            b"list",
            b"RETR",
            b"DELE",
            b"NOOP",
            b"RSET",
            b"QUIT",
            b"TOP",
            b"tOp",
            b"UIDL",
            b"CAPA",
            b"STLS",
            b"AUTH",
            b"auth",
            b"UTF8",
            b"utf8",
            b"LANG",
            b"XTND",
            b"GET",
            b"XY",
            b"XCLIENT",
            b"TOPS",
            b"\xc3\xa9t\xc3\xa9",
            b"",
            b"ST\x00T",
        ]);
        let piece = prop::sample::select(vec![
            &b"1"[..],
            b"2",
            b"0",
            b"007",
            b"10",
            b"4294967295",
            b"4294967296",
            b"99999999999999999999",
            b"-1",
            b"mrose",
            b"j\xc3\xb6rg",
            b"j\xc3rg",
            b"a@b.example",
            b"c4c9334bac560ecc979e58001b3e22fb",
            b"C4C9334BAC560ECC979E58001B3E22FB",
            b"c4c9",
            b"PLAIN",
            b"plain",
            b"A_B-C",
            b"ABCDEFGHIJKLMNOPQRSTU",
            b"dGVzdAB0ZXN0AHRlc3Q=",
            b"=",
            b"==",
            b"AAA",
            b"AA==",
            b"A===",
            b"*",
            b"en",
            b"en-boont",
            b"abcdefghi",
            b"en_US",
            b"en-",
            b"",
            b"\t",
            b"\x00",
            b"\xff",
            b"x",
            b"secret word",
        ]);
        let sep = prop::sample::select(vec![&b" "[..], b" ", b" ", b"  ", b"\t"]);
        (
            keyword,
            prop::collection::vec((sep.clone(), piece), 0..4),
            prop::option::of(sep),
        )
            .prop_map(|(k, args, tail)| {
                let mut v = k.to_vec();
                for (s, p) in args {
                    v.extend_from_slice(s);
                    v.extend_from_slice(p);
                }
                if let Some(t) = tail {
                    v.extend_from_slice(t);
                }
                v
            })
    }

    /// Lines shaped like each command, mostly valid: a template whose placeholders are
    /// filled from small pools, the keyword in a random case, and now and then one byte
    /// inserted or replaced.
    fn shaped_line() -> impl Strategy<Value = Vec<u8>> {
        let template = prop::sample::select(vec![
            "USER {w}",
            "PASS {p}",
            "APOP {w} {d}",
            "STAT",
            "LIST",
            "LIST {n}",
            "RETR {n}",
            "DELE {n}",
            "NOOP",
            "RSET",
            "QUIT",
            "TOP {n} {n}",
            "UIDL",
            "UIDL {n}",
            "CAPA",
            "STLS",
            "AUTH",
            "AUTH {m}",
            "AUTH {m} {b}",
            "UTF8",
            "LANG",
            "LANG {r}",
            "XTND {p}",
        ]);
        let n = prop::sample::select(vec!["1", "2", "10", "007", "4294967295", "0", "4294967296"]);
        let w = prop::sample::select(vec!["mrose", "j\u{f6}rg", "a@b.example", "x"]);
        let p = prop::sample::select(vec!["secret", "two words", " lead", "trail ", "p", ""]);
        let d = prop::sample::select(vec![
            "c4c9334bac560ecc979e58001b3e22fb",
            "0123456789abcdef0123456789abcdef",
            "C4C9334BAC560ECC979E58001B3E22FB",
        ]);
        let m = prop::sample::select(vec![
            "PLAIN",
            "plain",
            "SCRAM-SHA-1",
            "X_Y",
            "ABCDEFGHIJKLMNOPQRSTU",
        ]);
        let b = prop::sample::select(vec![
            "dGVzdAB0ZXN0AHRlc3Q=",
            "=",
            "AAAA",
            "AA==",
            "AAA",
            "==",
        ]);
        let r = prop::sample::select(vec!["en", "en-boont", "*", "de-DE-1996", "abcdefghi"]);
        let fill = (prop::collection::vec(n, 2), w, p, d, m, b, r);
        (
            template,
            fill,
            any::<u8>(),
            prop::option::weighted(
                0.3,
                (any::<prop::sample::Index>(), any::<u8>(), any::<bool>()),
            ),
        )
            .prop_map(|(t, (ns, w, p, d, m, b, r), case, mutation)| {
                let mut s = t.replacen("{n}", ns[0], 1).replacen("{n}", ns[1], 1);
                s = s.replace("{w}", w).replace("{p}", p).replace("{d}", d);
                s = s.replace("{m}", m).replace("{b}", b).replace("{r}", r);
                let mut v = s.into_bytes();
                for (i, c) in v.iter_mut().take(4).enumerate() {
                    if case & (1 << i) != 0 {
                        *c = c.to_ascii_lowercase();
                    }
                }
                if let Some((at, byte, insert)) = mutation {
                    let i = at.index(v.len() + 1);
                    if insert || i == v.len() {
                        v.insert(i, byte);
                    } else {
                        v[i] = byte;
                    }
                }
                v
            })
    }

    fn any_line() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            4 => shaped_line(),
            2 => line(),
            1 => prop::collection::vec(any::<u8>(), 0..40),
            1 => prop::collection::vec(prop::sample::select(b" 0123456789AUTHLISPQ=*\t".to_vec()), 0..24),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// parse(encode(x)) == x for every variant, in strict mode (and in lenient mode,
        /// for values lenient mode does not normalise).
        #[test]
        fn encode_then_parse_is_identity(cmd in command(false)) {
            let enc = cmd.to_bytes();
            prop_assert_eq!(&parse_framed(&enc, &strict()).unwrap(), &cmd);
            prop_assert_eq!(&Command::parse_line(&enc[..enc.len() - 2], &strict()).unwrap(), &cmd);
            if lenient_keeps(&cmd) {
                prop_assert_eq!(&parse_framed(&enc, &lenient()).unwrap(), &cmd);
            }
            prop_assert_eq!(&cmd.clone().into_owned(), &cmd);
        }

        /// The same in lenient mode, with unknown keywords of 1 to 40 characters.
        #[test]
        fn encode_then_parse_is_identity_lenient(cmd in command(true)) {
            prop_assume!(lenient_keeps(&cmd));
            let enc = cmd.to_bytes();
            prop_assert_eq!(&parse_framed(&enc, &lenient()).unwrap(), &cmd);
        }

        /// The strict parser agrees with the oracle on what it accepts, and the encoding of
        /// what it accepts is the oracle's canonical form.
        #[test]
        fn strict_parser_agrees_with_the_oracle(l in any_line()) {
            let got = Command::parse_line(&l, &strict());
            let want = oracle(&l);
            let show = String::from_utf8_lossy(&l);
            match (&got, &want) {
                (Ok(cmd), Some(canon)) => {
                    let enc = cmd.to_bytes();
                    prop_assert_eq!(&enc[..enc.len() - 2], &canon[..], "{:?}", show);
                }
                (Err(_), None) => {}
                _ => prop_assert!(false, "{:?}: parser {:?}, oracle {:?}", show, got,
                    want.as_deref().map(String::from_utf8_lossy)),
            }
        }

        /// For every accepted line, in both modes: parse(encode(parse(b))) == parse(b), the
        /// framed parser agrees with parse_line, and errors point inside the line.
        #[test]
        fn reparse_of_encoding_is_stable(l in any_line(), lenient_mode in any::<bool>()) {
            let opts = if lenient_mode { lenient() } else { strict() };
            let framed = [&l[..], b"\r\n"].concat();
            let line_result = Command::parse_line(&l, &opts);
            if !l.contains(&b'\r') && !l.contains(&b'\n') {
                let framed_result = Command::parse(&framed, &opts).map(|s| s.complete());
                match (&line_result, &framed_result) {
                    (Ok(a), Ok(Some(b))) => prop_assert_eq!(a, b),
                    (Err(a), Err(b)) => prop_assert_eq!(a, b),
                    // The framed form may be over the line limit.
                    (_, Err(Error { kind: ErrorKind::LineTooLong { .. }, .. })) => {}
                    _ => prop_assert!(false, "{:?} vs {:?}", line_result, framed_result),
                }
            }
            match line_result {
                Ok(cmd) => {
                    let enc = cmd.to_bytes();
                    let again = parse_framed(&enc, &opts).unwrap();
                    prop_assert_eq!(&again, &cmd);
                    prop_assert_eq!(again.to_bytes(), enc);
                }
                Err(e) => prop_assert!(e.offset <= l.len(), "{:?}", e),
            }
        }

        /// What strict mode accepts, lenient mode accepts as the same command (unknown
        /// commands: the same keyword; lenient mode trims their arguments).
        #[test]
        fn lenient_accepts_what_strict_accepts(l in any_line()) {
            if let Ok(s) = Command::parse_line(&l, &strict()) {
                let ln = Command::parse_line(&l, &lenient());
                prop_assert!(ln.is_ok(), "{:?}", String::from_utf8_lossy(&l));
                let ln = ln.unwrap();
                if matches!(s, Command::Unknown { .. }) {
                    prop_assert_eq!(s.keyword(), ln.keyword());
                } else {
                    prop_assert_eq!(s, ln);
                }
            }
        }

        /// SASL lines: parse(encode(x)) == x, and arbitrary lines never panic.
        #[test]
        fn auth_lines_roundtrip(data in proptest::option::of(prop::collection::vec(any::<u8>(), 0..60)),
                                junk in prop::collection::vec(any::<u8>(), 0..30)) {
            let line = match data {
                None => AuthLine::Cancel,
                Some(d) if d.is_empty() => AuthLine::Empty,
                Some(d) => AuthLine::Response(SaslBase64::new(base64(&d)).unwrap()),
            };
            let enc = line.to_bytes();
            prop_assert_eq!(
                AuthLine::parse(&enc, &strict()).unwrap(),
                Status::Complete { value: line.clone(), consumed: enc.len() }
            );
            let _ = AuthLine::parse_line(&junk, &strict());
            let _ = AuthLine::parse(&junk, &lenient());
        }
    }

    #[test]
    fn oracle_base64_matches_the_rfc_examples() {
        // The oracle's own check, on RFC 5034 §6's response and obvious cases.
        assert!(oracle_base64(b"dGVzdAB0ZXN0AHRlc3Q="));
        assert_eq!(base64(b"test\0test\0test"), "dGVzdAB0ZXN0AHRlc3Q=");
        assert!(!oracle_base64(b"=="));
        assert!(!oracle_base64(b"A==="));
        assert_eq!(oracle(b"list 007").as_deref(), Some(&b"LIST 7"[..]));
        assert_eq!(oracle(b"RETR 0"), None);
    }
}
