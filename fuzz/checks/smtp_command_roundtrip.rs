//! Checks of the `smtp_proto_command_roundtrip` fuzz target: `Command` values
//! built from fuzzer bytes through the crate's public, validating constructors
//! (`Domain::new`, `AddressLiteral::from_ip`, `LocalPart::from_text`,
//! `Path::with_route`, `Orcpt::new`, `UnknownParam::new`, `SaslBase64::new`, …)
//! encode to one line that parses back to the same value.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: the bytes are read in order by a small structured reader (in the
//! manner of `arbitrary::Unstructured`, written here so that the corpus replay
//! needs no other crate): a byte chooses the variant, then each field is built
//! from the bytes that follow — a choice byte, an integer in little-endian bytes,
//! or a text of `len` characters drawn from one of a few alphabets (atom and
//! domain characters, specials such as `"\<>[]:@=+`, base64, or any UTF-8 made
//! from the raw bytes). Missing bytes read as zero. A candidate a constructor
//! refuses is skipped: the check only runs on values the types accept. Commands
//! are built one after the other until the input is used up (at most 64). The
//! bytes `FF FE FD FC` separate independent parts of an input, each read from its
//! start (the checked-in corpus packs several fuzzer inputs into a file that way).
//!
//! It checks that every command built
//!
//! 1. encodes (through `encode` and `to_bytes`) to one line with exactly one
//!    CRLF, at its end, starting with the verb;
//! 2. parses back, in strict mode with the line limits lifted, to the same value
//!    and length — and so does the line in lenient mode, unless it ends with SP
//!    or HT (lenient mode drops those);
//! 3. parses back from the line's text with `parse_line`, and `into_owned`
//!    keeps it equal.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(data: &[u8]) {
    crate::parts::for_each_part(data, check_part);
}

/// The checks on one part of the input.
fn check_part(data: &[u8]) {
    let mut src = Source { data };
    // Commands one after the other until the bytes run out, so that inputs can be
    // concatenated (the checked-in corpus is packed that way).
    for _ in 0..64 {
        if src.data.is_empty() {
            break;
        }
        if let Some(cmd) = command(&mut src) {
            check_command(&cmd);
        }
    }
}

fn check_command(cmd: &Command<'_>) {
    let bytes = cmd.to_bytes();
    let mut via_bufmut = Vec::new();
    cmd.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let shown = bytes.escape_ascii().to_string();
    assert!(bytes.ends_with(b"\r\n"), "no CRLF at the end of {shown}");
    let text = &bytes[..bytes.len() - 2];
    assert!(
        !text.iter().any(|&b| b == b'\r' || b == b'\n'),
        "CR or LF inside {shown}"
    );
    let verb = cmd.verb();
    assert!(
        bytes.len() >= verb.len() && bytes[..verb.len()].eq_ignore_ascii_case(verb.as_bytes()),
        "{shown} does not start with {verb}"
    );

    let big = usize::MAX / 2;
    let strict = ParserOptions::new()
        .max_command_line(big)
        .max_auth_line(big);
    assert_eq!(
        Command::parse(&bytes, &strict),
        Ok(Status::Complete {
            value: cmd.clone(),
            consumed: bytes.len()
        }),
        "{cmd:?} encoded as {shown}"
    );
    assert_eq!(Command::parse_line(text, &strict).as_ref(), Ok(cmd));
    if !text.ends_with(b" ") && !text.ends_with(b"\t") {
        let lenient = strict.mode(smtp_proto::Mode::Lenient);
        assert_eq!(
            Command::parse(&bytes, &lenient),
            Ok(Status::Complete {
                value: cmd.clone(),
                consumed: bytes.len()
            }),
            "{cmd:?} encoded as {shown}, lenient mode"
        );
    }
    assert_eq!(&cmd.clone().into_owned(), cmd);
}

/// Reads fuzzer bytes in order; missing bytes are zero.
struct Source<'a> {
    data: &'a [u8],
}

/// Atom characters (RFC 5321 `atext`) with dots, and a few UTF-8 letters.
const ATOM: &[&str] = &[
    "a", "b", "c", "x", "y", "z", "A", "Q", "0", "1", "9", ".", ".", "-", "_", "+", "=", "!", "#",
    "$", "%", "&", "'", "*", "/", "?", "^", "`", "{", "|", "}", "~", "é", "中",
];
/// Letters, digits, hyphens and dots (domain names), a few UTF-8 letters.
const LDH: &[&str] = &[
    "a", "b", "m", "x", "z", "A", "Z", "0", "5", "9", "-", "-", ".", "ü", "例",
];
/// The base64 alphabet and padding.
const BASE64: &[&str] = &[
    "A", "B", "Z", "a", "g", "z", "0", "7", "9", "+", "/", "=", "=", "Q", "w", "D",
];
/// Characters with a meaning somewhere in a command line.
const SPECIAL: &[&str] = &[
    "\"", "\\", "<", ">", "[", "]", ":", "@", "=", "+", ",", ";", " ", ".", "a", "1", "x", "-",
    "#", "(", ")", "\t", "\u{7f}", "\u{0}", "é", "\u{a0}",
];

impl Source<'_> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn choose(&mut self, n: u8) -> u8 {
        self.byte() % n
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }

    /// A length: mostly short, sometimes long enough to reach the limits.
    fn len(&mut self) -> usize {
        let b = self.byte();
        if b < 224 {
            usize::from(b % 32)
        } else {
            usize::from(b - 224) * 10
        }
    }

    /// A text drawn from an alphabet chosen by the next byte.
    fn text(&mut self) -> String {
        let table = match self.choose(8) {
            0 => SPECIAL,
            1 => BASE64,
            2 | 3 => LDH,
            4 => {
                let n = self.len();
                let raw: Vec<u8> = (0..n).map(|_| self.byte()).collect();
                return String::from_utf8_lossy(&raw).into_owned();
            }
            _ => ATOM,
        };
        self.text_from(table)
    }

    fn text_from(&mut self, table: &[&str]) -> String {
        let n = self.len();
        let mut s = String::new();
        for _ in 0..n {
            let i = usize::from(self.byte()) % table.len();
            s.push_str(table[i]);
        }
        s
    }

    /// Dot-separated labels of letters, digits and hyphens.
    fn domain_text(&mut self) -> String {
        let labels = 1 + usize::from(self.choose(4));
        let mut s = String::new();
        for k in 0..labels {
            if k > 0 {
                s.push('.');
            }
            let n = 1 + self.len();
            for _ in 0..n {
                let i = usize::from(self.byte()) % (LDH.len() - 1);
                s.push_str(LDH[i]);
            }
        }
        s
    }
}

fn text_or_domain(src: &mut Source<'_>) -> String {
    if src.flag() {
        src.domain_text()
    } else {
        src.text()
    }
}

fn domain(src: &mut Source<'_>) -> Option<Domain<'static>> {
    Domain::new(text_or_domain(src)).ok()
}

fn address_literal(src: &mut Source<'_>) -> Option<AddressLiteral<'static>> {
    match src.choose(3) {
        0 => Some(AddressLiteral::from_ip(IpAddr::V4(Ipv4Addr::from(
            src.u32(),
        )))),
        1 => {
            let mut octets = [0u8; 16];
            // Runs of zero groups are common in real addresses.
            let zeros = src.byte();
            for (i, o) in octets.iter_mut().enumerate() {
                *o = if zeros & (1 << (i / 2)) != 0 {
                    0
                } else {
                    src.byte()
                };
            }
            Some(AddressLiteral::from_ip(IpAddr::V6(Ipv6Addr::from(octets))))
        }
        _ => AddressLiteral::new(format!("[{}]", src.text())).ok(),
    }
}

fn host(src: &mut Source<'_>) -> Option<Host<'static>> {
    if src.choose(4) == 0 {
        Some(Host::Literal(address_literal(src)?))
    } else {
        Some(Host::Domain(domain(src)?))
    }
}

fn local_part(src: &mut Source<'_>) -> Option<LocalPart<'static>> {
    let text = src.text();
    if src.flag() {
        LocalPart::from_text(&text).ok()
    } else {
        LocalPart::new(text).ok()
    }
}

fn path(src: &mut Source<'_>) -> Option<Path<'static>> {
    let route = if src.choose(4) == 0 {
        let n = 1 + src.choose(3);
        let mut domains = Vec::new();
        for _ in 0..n {
            domains.push(domain(src)?);
        }
        Some(SourceRoute::from_domains(&domains).ok()?)
    } else {
        None
    };
    let mailbox = Mailbox::new(local_part(src)?, host(src)?);
    Path::with_route(route, mailbox).ok()
}

fn smtp_string(src: &mut Source<'_>) -> Option<SmtpString<'static>> {
    SmtpString::new(src.text()).ok()
}

fn xtext(src: &mut Source<'_>) -> Option<XText<'static>> {
    if src.flag() {
        let n = 1 + src.len();
        let raw: Vec<u8> = (0..n).map(|_| src.byte()).collect();
        XText::from_bytes(&raw).ok()
    } else {
        XText::new(src.text()).ok()
    }
}

fn date_time(src: &mut Source<'_>) -> Option<DateTime<'static>> {
    if src.flag() {
        return DateTime::new(src.text()).ok();
    }
    let two = |src: &mut Source<'_>, n: u8| format!("{:02}", src.choose(n));
    let year = 1900 + src.u32() % 300;
    let (month, day) = (1 + src.choose(12), 1 + src.choose(28));
    let time = format!("{}:{}:{}", two(src, 24), two(src, 60), two(src, 60));
    let frac = if src.flag() {
        format!(".{}", src.choose(100))
    } else {
        String::new()
    };
    let zone = match src.choose(3) {
        0 => "Z".to_owned(),
        1 => format!("+{}:{}", two(src, 24), two(src, 60)),
        _ => format!("-{}:{}", two(src, 24), two(src, 60)),
    };
    DateTime::new(format!("{year:04}-{month:02}-{day:02}T{time}{frac}{zone}")).ok()
}

fn param(src: &mut Source<'_>) -> Option<Param<'static>> {
    Some(match src.choose(15) {
        0 => Param::Size(src.u64() >> src.choose(64)),
        1 => Param::Body(
            [Body::SevenBit, Body::EightBitMime, Body::BinaryMime][usize::from(src.choose(3))],
        ),
        2 => Param::SmtpUtf8,
        3 => Param::RequireTls,
        4 => Param::Ret(if src.flag() { Ret::Full } else { Ret::Hdrs }),
        5 => Param::EnvId(xtext(src)?),
        6 => Param::Notify(match src.choose(8) {
            0 => Notify::never(),
            bits => Notify::new(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0)?,
        }),
        7 => Param::Orcpt(match src.choose(4) {
            0 => Orcpt::rfc822(&src.text()).ok()?,
            1 => Orcpt::utf8(&src.text()).ok()?,
            2 => Orcpt::utf8_ascii(&src.text()).ok()?,
            _ => Orcpt::new(src.text(), src.text()).ok()?,
        }),
        8 => Param::Auth(if src.choose(4) == 0 {
            XText::new("<>").ok()?
        } else {
            xtext(src)?
        }),
        9 => Param::MtPriority(MtPriority::new(src.byte() as i8 % 12)?),
        10 => Param::HoldFor(HoldFor::new(src.u32() >> src.choose(32))?),
        11 => Param::HoldUntil(date_time(src)?),
        12 => {
            let time = (src.u32() as i32) >> src.choose(32);
            let mode = if src.flag() {
                ByMode::Notify
            } else {
                ByMode::Return
            };
            Param::By(By::new(time, mode, src.flag())?)
        }
        13 => Param::Rrvs(Rrvs {
            time: date_time(src)?,
            mode: match src.choose(3) {
                0 => None,
                1 => Some(RrvsMode::Continue),
                _ => Some(RrvsMode::Reject),
            },
        }),
        _ => {
            let keyword = src.text();
            let value = if src.flag() { Some(src.text()) } else { None };
            Param::Unknown(UnknownParam::new(keyword, value).ok()?)
        }
    })
}

fn params(src: &mut Source<'_>) -> Option<Parameters<'static>> {
    let n = src.choose(5);
    let mut list = Parameters::new();
    for _ in 0..n {
        list.push(param(src)?);
    }
    Some(list)
}

fn optional_string(src: &mut Source<'_>) -> Option<Option<SmtpString<'static>>> {
    Some(if src.flag() {
        Some(smtp_string(src)?)
    } else {
        None
    })
}

/// A command built from the source, or `None` when a constructor refused a part.
fn command(src: &mut Source<'_>) -> Option<Command<'static>> {
    Some(match src.choose(19) {
        0 => Command::Helo { host: host(src)? },
        1 => Command::Ehlo { host: host(src)? },
        2 => Command::Lhlo { host: host(src)? },
        3 => Command::Mail {
            from: if src.choose(4) == 0 {
                ReversePath::Null
            } else {
                ReversePath::Path(path(src)?)
            },
            params: params(src)?,
        },
        4 => Command::Rcpt {
            to: if src.choose(4) == 0 {
                ForwardPath::Postmaster
            } else {
                ForwardPath::Path(path(src)?)
            },
            params: params(src)?,
        },
        5 => Command::Data,
        6 => Command::Bdat {
            size: src.u64() >> src.choose(64),
            last: src.flag(),
        },
        7 => Command::Rset,
        8 => Command::Vrfy {
            arg: smtp_string(src)?,
            smtputf8: src.flag(),
        },
        9 => Command::Expn {
            arg: smtp_string(src)?,
            smtputf8: src.flag(),
        },
        10 => Command::Help {
            arg: optional_string(src)?,
        },
        11 => Command::Noop {
            arg: optional_string(src)?,
        },
        12 => Command::Quit,
        13 => Command::StartTls,
        14 => Command::Auth {
            mechanism: Mechanism::new(src.text()).ok()?,
            initial_response: match src.choose(3) {
                0 => None,
                1 => Some(InitialResponse::Empty),
                _ => Some(InitialResponse::Data(
                    SaslBase64::new(src.text_from(BASE64)).ok()?,
                )),
            },
        },
        15 => Command::Etrn {
            arg: match src.choose(3) {
                0 => EtrnArg::Node(domain(src)?),
                1 => EtrnArg::Subdomains(domain(src)?),
                _ => EtrnArg::Queue(smtp_string(src)?),
            },
        },
        16 => Command::Atrn {
            domains: if src.flag() {
                DomainList::new(src.text()).ok()?
            } else {
                let n = src.choose(4);
                let mut list = Vec::new();
                for _ in 0..n {
                    list.push(domain(src)?);
                }
                DomainList::from_domains(&list)
            },
        },
        17 => Command::Burl {
            url: AbsoluteUri::new(format!("imap://{}", src.text())).ok()?,
            last: src.flag(),
        },
        _ => Command::Unknown {
            verb: UnknownVerb::new(Cow::Owned(src.text())).ok()?,
            args: if src.flag() {
                Some(Text::new(src.text()).ok()?)
            } else {
                None
            },
        },
    })
}
