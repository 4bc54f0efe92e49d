//! Property tests for commands:
//!
//! - `parse(encode(x)) == x` for arbitrary valid commands built through the public
//!   constructors (every variant, every typed parameter);
//! - `parse(encode(parse(b))) == parse(b)` for lines the parser accepts (mutated encodings
//!   and grammar-flavoured random lines, strict and lenient);
//! - the parser never panics, and its error offsets stay inside the line;
//! - a control character anywhere in a command line is refused;
//! - every proper prefix of an encoded command is `Incomplete`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;
use smtp_proto::types::command::{
    AbsoluteUri, Command, DomainList, EtrnArg, InitialResponse, Mechanism, SaslBase64, SmtpString,
    Text, UnknownVerb,
};
use smtp_proto::types::param::{
    Body, By, ByMode, DateTime, HoldFor, MtPriority, Notify, Orcpt, Param, Parameters, Ret, Rrvs,
    RrvsMode, UnknownParam, XText,
};
use smtp_proto::types::path::{
    AddressLiteral, Domain, ForwardPath, Host, LocalPart, Mailbox, Path, ReversePath, SourceRoute,
};
use smtp_proto::{ParserOptions, Status};

fn big() -> ParserOptions {
    ParserOptions::default().max_command_line(1 << 20)
}

fn big_lenient() -> ParserOptions {
    ParserOptions::lenient().max_command_line(1 << 20)
}

/// Base64 (RFC 4648 §4, padded), written here as an oracle independent of the crate.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Strategies (all values built through the public constructors)
// ---------------------------------------------------------------------------------------

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]([a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?",
        1 => "[a-z\u{e0}-\u{ff}\u{4e00}-\u{4e20}]{1,4}",
    ]
}

fn domain() -> impl Strategy<Value = Domain<'static>> {
    prop::collection::vec(label(), 1..4)
        .prop_map(|labels| Domain::new(labels.join(".")).expect("generated domain is valid"))
}

fn address_literal() -> impl Strategy<Value = AddressLiteral<'static>> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|o| AddressLiteral::from_ip(IpAddr::V4(Ipv4Addr::from(o)))),
        any::<[u16; 8]>().prop_map(|s| AddressLiteral::from_ip(IpAddr::V6(Ipv6Addr::from(s)))),
        // Zero-heavy IPv6 addresses exercise the "::" forms.
        prop::array::uniform8(prop_oneof![3 => Just(0u16), 1 => any::<u16>()])
            .prop_map(|s| AddressLiteral::from_ip(IpAddr::V6(Ipv6Addr::from(s)))),
        (
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,4}[a-zA-Z0-9])?",
            "[!-Z^-~]{1,12}"
        )
            .prop_filter("IPv6 tag", |(t, _)| !t.eq_ignore_ascii_case("ipv6"))
            .prop_map(|(t, c)| AddressLiteral::new(format!("[{t}:{c}]")).unwrap()),
    ]
}

fn host() -> impl Strategy<Value = Host<'static>> {
    prop_oneof![
        3 => domain().prop_map(Host::Domain),
        1 => address_literal().prop_map(Host::Literal),
    ]
}

fn local_part() -> impl Strategy<Value = LocalPart<'static>> {
    prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,8}(\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,8}){0,2}"
            .prop_map(|s| LocalPart::new(s).unwrap()),
        // Anything printable, quoted where needed.
        "[ -~\u{e9}\u{7528}]{0,20}".prop_map(|s| LocalPart::from_text(&s).unwrap()),
    ]
}

fn path() -> impl Strategy<Value = Path<'static>> {
    (
        prop::option::of(prop::collection::vec(domain(), 1..3)),
        local_part(),
        host(),
    )
        .prop_filter_map("path too long", |(route, lp, h)| {
            let route = route.map(|r| SourceRoute::from_domains(&r).unwrap());
            Path::with_route(route, Mailbox::new(lp, h)).ok()
        })
}

fn xtext() -> impl Strategy<Value = XText<'static>> {
    prop::collection::vec(any::<u8>(), 1..16).prop_map(|b| XText::from_bytes(&b).unwrap())
}

fn date_time() -> impl Strategy<Value = DateTime<'static>> {
    (
        0u16..10000,
        1u8..13,
        1u8..29,
        0u8..24,
        0u8..60,
        0u8..61,
        prop::option::of("[0-9]{1,4}"),
        prop_oneof![
            Just("Z".to_string()),
            Just("z".to_string()),
            (0u8..24, 0u8..60, any::<bool>())
                .prop_map(|(h, m, neg)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
        ],
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            DateTime::new(format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}"
            ))
            .unwrap()
        })
}

fn orcpt() -> impl Strategy<Value = Orcpt<'static>> {
    prop_oneof![
        "[ -~]{1,20}".prop_map(|s| Orcpt::rfc822(&s).unwrap()),
        "[!-~\u{e9}\u{7528}\u{1F600}]{1,12}".prop_map(|s| Orcpt::utf8(&s).unwrap()),
        "[!-~\u{e9}\u{7528}\u{1F600}]{1,12}".prop_map(|s| Orcpt::utf8_ascii(&s).unwrap()),
        ("x[a-z0-9]{0,5}", xtext())
            .prop_map(|(t, x)| Orcpt::new(t, x.as_str().to_owned()).unwrap()),
    ]
}

fn param() -> impl Strategy<Value = Param<'static>> {
    prop_oneof![
        any::<u64>().prop_map(Param::Size),
        prop_oneof![
            Just(Body::SevenBit),
            Just(Body::EightBitMime),
            Just(Body::BinaryMime)
        ]
        .prop_map(Param::Body),
        Just(Param::SmtpUtf8),
        Just(Param::RequireTls),
        prop_oneof![Just(Ret::Full), Just(Ret::Hdrs)].prop_map(Param::Ret),
        xtext().prop_map(Param::EnvId),
        (any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(s, f, d)| Param::Notify(Notify::new(s, f, d).unwrap_or(Notify::never()))),
        orcpt().prop_map(Param::Orcpt),
        xtext().prop_map(Param::Auth),
        (-9i8..=9).prop_map(|p| Param::MtPriority(MtPriority::new(p).unwrap())),
        (0u32..=HoldFor::MAX).prop_map(|s| Param::HoldFor(HoldFor::new(s).unwrap())),
        date_time().prop_map(Param::HoldUntil),
        (-By::MAX_TIME..=By::MAX_TIME, any::<bool>(), any::<bool>()).prop_map(|(t, r, tr)| {
            let mode = if r { ByMode::Return } else { ByMode::Notify };
            Param::By(By::new(t, mode, tr).unwrap())
        }),
        (
            date_time(),
            prop::option::of(prop_oneof![
                Just(RrvsMode::Continue),
                Just(RrvsMode::Reject)
            ])
        )
            .prop_map(|(time, mode)| Param::Rrvs(Rrvs { time, mode })),
        (
            "[A-Za-z0-9][A-Za-z0-9-]{0,10}",
            prop::option::of("[!-<>-~\u{e9}]{1,10}")
        )
            .prop_filter_map("known keyword", |(k, v)| UnknownParam::new(k, v)
                .ok()
                .map(Param::Unknown)),
    ]
}

fn params() -> impl Strategy<Value = Parameters<'static>> {
    prop::collection::vec(param(), 0..7).prop_map(Parameters::from)
}

fn smtp_string() -> impl Strategy<Value = SmtpString<'static>> {
    prop_oneof![
        "[!#-~\u{e9}][!-~\u{e9}]{0,10}".prop_map(|s| SmtpString::new(s).unwrap()),
        "[ -~]{0,10}".prop_map(|s| {
            let mut q = String::from("\"");
            for c in s.chars() {
                if c == '"' || c == '\\' {
                    q.push('\\');
                }
                q.push(c);
            }
            q.push('"');
            SmtpString::new(q).unwrap()
        }),
    ]
}

fn command() -> impl Strategy<Value = Command<'static>> {
    prop_oneof![
        host().prop_map(|host| Command::Helo { host }),
        host().prop_map(|host| Command::Ehlo { host }),
        host().prop_map(|host| Command::Lhlo { host }),
        (
            prop_oneof![1 => Just(ReversePath::Null), 4 => path().prop_map(ReversePath::Path)],
            params()
        )
            .prop_map(|(from, params)| Command::Mail { from, params }),
        (
            prop_oneof![1 => Just(ForwardPath::Postmaster), 4 => path().prop_map(ForwardPath::Path)],
            params()
        )
            .prop_map(|(to, params)| Command::Rcpt { to, params }),
        Just(Command::Data),
        (any::<u64>(), any::<bool>()).prop_map(|(size, last)| Command::Bdat { size, last }),
        Just(Command::Rset),
        (smtp_string(), any::<bool>()).prop_map(|(arg, smtputf8)| Command::Vrfy { arg, smtputf8 }),
        (smtp_string(), any::<bool>()).prop_map(|(arg, smtputf8)| Command::Expn { arg, smtputf8 }),
        prop::option::of(smtp_string()).prop_map(|arg| Command::Help { arg }),
        prop::option::of(smtp_string()).prop_map(|arg| Command::Noop { arg }),
        Just(Command::Quit),
        Just(Command::StartTls),
        (
            "[A-Za-z0-9_-]{1,20}",
            prop::option::of(prop_oneof![
                1 => Just(None),
                3 => prop::collection::vec(any::<u8>(), 1..40).prop_map(Some),
            ])
        )
            .prop_map(|(m, r)| Command::Auth {
                mechanism: Mechanism::new(m).unwrap(),
                initial_response: r.map(|r| match r {
                    None => InitialResponse::Empty,
                    Some(data) => InitialResponse::Data(SaslBase64::new(base64(&data)).unwrap()),
                }),
            }),
        prop_oneof![
            domain().prop_map(EtrnArg::Node),
            domain().prop_map(EtrnArg::Subdomains),
            smtp_string().prop_map(EtrnArg::Queue),
        ]
        .prop_map(|arg| Command::Etrn { arg }),
        prop::collection::vec(domain(), 0..4).prop_map(|d| Command::Atrn {
            domains: DomainList::from_domains(&d)
        }),
        (
            "[a-zA-Z][a-zA-Z0-9+.-]{0,5}:[a-zA-Z0-9/._~!$&'()*+,;=:@?\\[\\]-]{0,24}",
            any::<bool>()
        )
            .prop_map(|(u, last)| Command::Burl {
                url: AbsoluteUri::new(u).unwrap(),
                last
            }),
        (
            "[A-Za-z0-9][A-Za-z0-9-]{0,9}",
            prop::option::of("[ -~\u{e9}\u{7528}]{0,24}")
        )
            .prop_filter_map("known verb", |(v, a)| {
                let verb = UnknownVerb::new(v).ok()?;
                Some(Command::Unknown {
                    verb,
                    args: a.map(|a| Text::new(a).unwrap()),
                })
            }),
    ]
}

/// Lines that look like commands: a verb or prefix, then bytes drawn mostly from the
/// characters the grammar cares about.
fn commandish_line() -> impl Strategy<Value = Vec<u8>> {
    let prefix = prop::sample::select(vec![
        "MAIL FROM:",
        "mail from:",
        "MAIL FROM: ",
        "RCPT TO:",
        "RCPT TO:<",
        "MAIL FROM:<",
        "EHLO ",
        "HELO ",
        "LHLO ",
        "EHLO [",
        "EHLO [IPv6:",
        "BDAT ",
        "AUTH ",
        "AUTH PLAIN ",
        "VRFY ",
        "EXPN ",
        "HELP",
        "NOOP ",
        "ETRN ",
        "ATRN ",
        "BURL ",
        "DATA",
        "QUIT",
        "STARTTLS",
        "XCLIENT ",
        "",
    ]);
    let piece = prop_oneof![
        8 => prop::sample::select(b"<>@.:,;=+-[]\"\\ 0123456789abcxyzABCXYZ#/%".to_vec()).prop_map(|c| vec![c]),
        2 => prop::sample::select(vec![
            "SIZE=", "BODY=8BITMIME", "NOTIFY=", "SUCCESS", "ORCPT=rfc822;", "ORCPT=utf-8;",
            "\\x{7528}", "+2B", "ENVID=", "AUTH=", "MT-PRIORITY=", "HOLDFOR=", "HOLDUNTIL=",
            "2024-02-29T12:00:00Z", "BY=", ";R", "RRVS=", "LAST", "SMTPUTF8", "::", "IPv6:",
            "192.0.2.1", "postmaster", "example.com", "é", "用", " ", "\t", "=",
        ]).prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|c| vec![c]),
    ];
    (prefix, prop::collection::vec(piece, 0..24)).prop_map(|(p, pieces)| {
        let mut v = p.as_bytes().to_vec();
        for piece in pieces {
            v.extend(piece);
        }
        v
    })
}

/// An encoded command (without CRLF) with a few bytes replaced, inserted or removed.
fn mutated_line() -> impl Strategy<Value = Vec<u8>> {
    (
        command(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..4),
    )
        .prop_map(|(cmd, edits)| {
            let mut v = cmd.to_bytes();
            v.truncate(v.len() - 2);
            for (at, op, byte) in edits {
                let byte = match byte % 4 {
                    0 => byte,
                    1 => b' ',
                    2 => b"<>@:;=,.+\"[]"[usize::from(byte) % 12],
                    _ => b'a' + byte % 26,
                };
                if v.is_empty() {
                    v.push(byte);
                    continue;
                }
                let i = at.index(v.len());
                match op {
                    0 => v[i] = byte,
                    1 => v.insert(i, byte),
                    _ => {
                        v.remove(i);
                    }
                }
            }
            v
        })
}

/// For a line accepted with `opts`: its encoding parses (strict) to the same command.
fn assert_reparses(line: &[u8], opts: &ParserOptions) -> Result<(), TestCaseError> {
    if let Ok(cmd) = Command::parse_line(line, opts) {
        let enc = cmd.to_bytes();
        match Command::parse(&enc, &big()) {
            Ok(Status::Complete { value, consumed }) => {
                prop_assert_eq!(consumed, enc.len());
                prop_assert_eq!(&value, &cmd);
                prop_assert_eq!(value.to_bytes(), enc);
            }
            other => prop_assert!(
                false,
                "{:?} parsed to {:?}, whose encoding {:?} gave {:?}",
                String::from_utf8_lossy(line),
                cmd,
                String::from_utf8_lossy(&enc),
                other
            ),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn encode_then_parse_is_identity(cmd in command()) {
        let enc = cmd.to_bytes();
        prop_assert!(enc.ends_with(b"\r\n"));
        match Command::parse(&enc, &big()) {
            Ok(Status::Complete { value, consumed }) => {
                prop_assert_eq!(consumed, enc.len());
                prop_assert_eq!(&value, &cmd);
            }
            other => prop_assert!(false, "{:?} -> {:?}", String::from_utf8_lossy(&enc), other),
        }
        // Lenient mode reads a strict encoding the same way, except that it drops the
        // trailing spaces an unknown command's text may end with (documented quirk).
        let trailing_space = matches!(&cmd, Command::Unknown { args: Some(a), .. }
            if a.as_str().is_empty() || a.as_str().ends_with(' '));
        if !trailing_space {
            let lenient = Command::parse_line(&enc[..enc.len() - 2], &big_lenient());
            prop_assert_eq!(lenient.as_ref(), Ok(&cmd));
        }
        prop_assert_eq!(cmd.clone().into_owned(), cmd);
    }

    #[test]
    fn reparse_of_accepted_mutations(line in mutated_line()) {
        assert_reparses(&line, &big())?;
        assert_reparses(&line, &big_lenient())?;
    }

    #[test]
    fn reparse_of_accepted_commandish_lines(line in commandish_line()) {
        assert_reparses(&line, &big())?;
        assert_reparses(&line, &big_lenient())?;
    }

    #[test]
    fn never_panics_and_offsets_stay_in_the_line(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        for opts in [big(), big_lenient(), ParserOptions::default().max_command_line(16)] {
            if let Err(e) = Command::parse_line(&bytes, &opts) {
                prop_assert!(e.offset <= bytes.len(), "{:?}", e);
            }
            match Command::parse(&bytes, &opts) {
                Err(e) => prop_assert!(e.offset <= bytes.len(), "{:?}", e),
                Ok(Status::Complete { consumed, .. }) => prop_assert!(consumed <= bytes.len()),
                Ok(Status::Incomplete) => {}
            }
        }
    }

    #[test]
    fn never_panics_on_commandish_lines(line in commandish_line()) {
        for opts in [big(), big_lenient()] {
            if let Err(e) = Command::parse_line(&line, &opts) {
                prop_assert!(e.offset <= line.len(), "{:?}", e);
            }
        }
    }

    #[test]
    fn control_characters_are_refused(
        cmd in command(),
        at in any::<prop::sample::Index>(),
        ctl in prop_oneof![0u8..0x20, Just(0x7Fu8)],
    ) {
        let mut line = cmd.to_bytes();
        line.truncate(line.len() - 2);
        let i = at.index(line.len() + 1);
        line.insert(i, ctl);
        prop_assert!(Command::parse_line(&line, &big()).is_err());
        // Lenient mode drops a trailing HT; any other control character is refused.
        if ctl != b'\t' {
            prop_assert!(Command::parse_line(&line, &big_lenient()).is_err());
        }
    }

    #[test]
    fn every_prefix_is_incomplete(cmd in command()) {
        let enc = cmd.to_bytes();
        for k in 0..enc.len() {
            prop_assert_eq!(Command::parse(&enc[..k], &big()), Ok(Status::Incomplete));
        }
    }
}

#[test]
fn base64_oracle() {
    // RFC 4648 §10 test vectors.
    for (raw, enc) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(raw.as_bytes()), enc);
    }
}
