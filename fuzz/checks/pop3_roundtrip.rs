//! Checks of the `pop3_proto_roundtrip` fuzz target: POP3 values built from the
//! input through the crate's validating constructors — `Command` (every variant),
//! `AuthLine`, `Reply` (with and without response codes), `Continuation`, `Stat`,
//! `ScanListing`, `UidListing`, `LangListing`, `Capability` and `Capabilities` —
//! encode to bytes that parse back to the same value: `parse(encode(x)) == x`.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: no header. The bytes are read in order by a small structured reader
//! (in the manner of `arbitrary::Unstructured`, written here so that the corpus replay
//! needs no other crate; missing bytes read as zero): one byte chooses the kind of
//! value, the next ones its parts, until the input runs out (at most 64 values).
//! Candidates a constructor refuses are skipped.
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each read from its
//! start (the checked-in corpus packs several fuzzer inputs into a file that way).
//!
//! It checks that
//!
//! 1. a command encodes (`encode` and `to_bytes`) to one line with one CRLF, at its
//!    end, starting with its keyword; it parses back (`Command::parse` with the
//!    limits lifted, and `parse_line`) to the same value in strict mode (an unknown
//!    keyword of 1 to 40 characters is a value there too) and in lenient mode, which
//!    gives the same
//!    value except for an unknown command's arguments, from which it drops leading
//!    and trailing SPs (and the arguments altogether when nothing else is left);
//! 2. all the commands built from one part, sent one after the other, come back in order from `Command::parse` and from a
//!    `ServerDecoder`, each consuming exactly its line;
//! 3. a SASL line (`AuthLine`) parses back in both modes;
//! 4. a status line encodes to `encoded_len` bytes, keeps the status, code and text
//!    it was built from, and parses back (`Reply::parse`, `AuthReply::parse`) in
//!    both modes; a continuation parses back in lenient mode, and in strict mode
//!    exactly when its data is base64;
//! 5. STAT, LIST and UIDL listings parse back from their lines (`parse_line`) and
//!    from their `+OK` replies (`Reply::parse`, then `from_reply`); LANG listings
//!    from their lines; each list of listings from its body (`parse_body`), also
//!    after `encode_body` and `unstuff`;
//! 6. a capability encodes to one line that parses back in lenient mode, and in
//!    strict mode unless it is a registered tag with parameters its RFC does not
//!    allow (kept as `Other`), which strict mode refuses; a list of capabilities
//!    parses back from its body, also after `encode_body` and `unstuff`.

use std::borrow::Cow;

use pop3_proto::encode::body::{BareLineEnds, encode_body};
use pop3_proto::stream::body::unstuff;
use pop3_proto::types::capa::{CapaText, CapaWord, ExpirePolicy};
use pop3_proto::types::command::{
    ApopDigest, InitialResponse, LanguageRange, Mechanism, MessageNumber, Password, SaslBase64,
    UnknownArgs, UnknownKeyword, UserName,
};
use pop3_proto::{
    AuthLine, AuthReply, Capabilities, Capability, Command, Continuation, LangListing,
    ParserOptions, Reply, RespCode, ScanListing, ServerDecoder, ServerEvent, Stat, Status,
    StatusIndicator, UidListing,
};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(data: &[u8]) {
    crate::parts::for_each_part(data, check_part);
}

/// Strict mode with every limit lifted (encodings may be long).
fn strict() -> ParserOptions {
    let big = usize::MAX / 2;
    ParserOptions::new()
        .max_command_line(big)
        .max_auth_line(big)
        .max_reply_line(big)
}

fn lenient() -> ParserOptions {
    strict().mode(pop3_proto::Mode::Lenient)
}

/// The checks on one part of the input.
fn check_part(data: &[u8]) {
    let mut src = Source { data };
    let mut commands = Vec::new();
    let mut scans = Vec::new();
    let mut uids = Vec::new();
    let mut langs = Vec::new();
    for _ in 0..64 {
        if src.data.is_empty() {
            break;
        }
        match src.choose(10) {
            0..=2 => {
                if let Some(cmd) = command(&mut src) {
                    check_command(&cmd);
                    commands.push(cmd);
                }
            }
            3 => {
                if let Some(line) = auth_line(&mut src) {
                    check_auth_line(&line);
                }
            }
            4 => {
                if let Some(reply) = reply(&mut src) {
                    check_reply(&reply);
                }
            }
            5 => {
                if let Some(c) = continuation(&mut src) {
                    check_continuation(&c);
                }
            }
            6 => {
                if let Some(stat) = stat(&mut src) {
                    check_stat(&stat);
                }
                if let Some(scan) = scan_listing(&mut src) {
                    check_scan(&scan);
                    scans.push(scan);
                }
            }
            7 => {
                if let Some(uid) = uid_listing(&mut src) {
                    check_uid(&uid);
                    uids.push(uid);
                }
            }
            8 => {
                if let Some(lang) = lang_listing(&mut src) {
                    check_lang(&lang);
                    langs.push(lang);
                }
            }
            _ => {
                if let Some(caps) = capabilities(&mut src) {
                    check_capabilities(&caps);
                }
            }
        }
    }
    check_pipeline(&commands);
    check_body(&scans, ScanListing::to_bytes, |b, o| {
        ScanListing::parse_body(b, o)
            .map(|r| r.map(ScanListing::into_owned))
            .collect()
    });
    check_body(&uids, UidListing::to_bytes, |b, o| {
        UidListing::parse_body(b, o)
            .map(|r| r.map(UidListing::into_owned))
            .collect()
    });
    check_body(&langs, LangListing::to_bytes, |b, o| {
        LangListing::parse_body(b, o)
            .map(|r| r.map(LangListing::into_owned))
            .collect()
    });
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// `bytes` is one line: exactly one CRLF, at its end; returns the text before it.
fn one_line(bytes: &[u8]) -> &[u8] {
    let shown = bytes.escape_ascii().to_string();
    assert!(bytes.ends_with(b"\r\n"), "no CRLF at the end of {shown}");
    let text = &bytes[..bytes.len() - 2];
    assert!(
        !text.iter().any(|&b| b == b'\r' || b == b'\n'),
        "CR or LF inside {shown}"
    );
    text
}

fn complete<T>(value: T, consumed: usize) -> Result<Status<T>, pop3_proto::Error> {
    Ok(Status::Complete { value, consumed })
}

/// What lenient mode reads from the encoding of `cmd`: the same command, but an
/// unknown command's arguments lose their leading and trailing SPs (and are gone when
/// nothing else is left).
fn lenient_reading(cmd: &Command<'static>) -> Command<'static> {
    let Command::Unknown {
        keyword,
        args: Some(args),
    } = cmd
    else {
        return cmd.clone();
    };
    let mut a = args.as_bytes();
    while let [rest @ .., b' '] = a {
        a = rest;
    }
    while let [b' ', rest @ ..] = a {
        a = rest;
    }
    Command::Unknown {
        keyword: keyword.clone(),
        args: if a.is_empty() {
            None
        } else {
            Some(UnknownArgs::new(a.to_vec()).expect("a part of valid arguments"))
        },
    }
}

fn check_command(cmd: &Command<'static>) {
    let bytes = cmd.to_bytes();
    let mut via_bufmut = Vec::new();
    cmd.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let text = one_line(&bytes);
    let keyword = cmd.keyword();
    assert!(
        text.len() >= keyword.len()
            && text[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes()),
        "{cmd:?} encoded as {:?}",
        bytes.escape_ascii().to_string()
    );

    let strict_parse = Command::parse(&bytes, &strict());
    assert_eq!(strict_parse, complete(cmd.clone(), bytes.len()), "{cmd:?}");
    assert_eq!(Command::parse_line(text, &strict()).as_ref(), Ok(cmd));
    let want = lenient_reading(cmd);
    assert_eq!(
        Command::parse(&bytes, &lenient()),
        complete(want.clone(), bytes.len()),
        "{cmd:?} in lenient mode"
    );
    assert_eq!(Command::parse_line(text, &lenient()), Ok(want));
    assert_eq!(&cmd.clone().into_owned(), cmd);
}

/// The commands one after the other come back in order, one line each.
fn check_pipeline(commands: &[Command<'static>]) {
    let sent: Vec<&Command<'static>> = commands.iter().collect();
    let mut wire = Vec::new();
    let mut ends = Vec::new();
    for cmd in &sent {
        cmd.encode(&mut wire);
        ends.push(wire.len());
    }
    // One-shot parsing, line after line.
    let mut at = 0;
    for (cmd, &end) in sent.iter().zip(&ends) {
        assert_eq!(
            Command::parse(&wire[at..], &strict()),
            complete((*cmd).clone(), end - at)
        );
        at = end;
    }
    assert_eq!(
        Command::parse(&wire[at..], &strict()),
        Ok(Status::Incomplete)
    );
    // The server-side decoder, all at once.
    let mut dec = ServerDecoder::new(strict());
    let mut rest = &wire[..];
    for (cmd, &end) in sent.iter().zip(&ends) {
        let Status::Complete { value, consumed } = dec.decode(rest) else {
            panic!("{cmd:?} is in the input");
        };
        assert_eq!(value, ServerEvent::Command((*cmd).clone()));
        rest = &rest[consumed..];
        assert_eq!(wire.len() - rest.len(), end);
    }
    assert_eq!(dec.decode(rest), Status::Incomplete);
}

fn check_auth_line(line: &AuthLine<'static>) {
    let bytes = line.to_bytes();
    let mut via_bufmut = Vec::new();
    line.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let text = one_line(&bytes);
    for opts in [strict(), lenient()] {
        assert_eq!(
            AuthLine::parse(&bytes, &opts),
            complete(line.clone(), bytes.len())
        );
        assert_eq!(AuthLine::parse_line(text, &opts).as_ref(), Ok(line));
    }
    assert_eq!(&line.clone().into_owned(), line);
}

fn check_reply(reply: &Reply<'static>) {
    let bytes = reply.to_bytes();
    assert_eq!(bytes.len(), reply.encoded_len());
    let mut via_bufmut = Vec::new();
    reply.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    one_line(&bytes);
    assert!(bytes.starts_with(reply.status().as_bytes()));
    for opts in [strict(), lenient()] {
        assert_eq!(
            Reply::parse(&bytes, &opts),
            complete(reply.clone(), bytes.len()),
            "{reply:?} encoded as {:?}",
            bytes.escape_ascii().to_string()
        );
        assert_eq!(
            AuthReply::parse(&bytes, &opts),
            complete(AuthReply::Status(reply.clone()), bytes.len())
        );
    }
    assert_eq!(&reply.clone().into_owned(), reply);
}

fn check_continuation(c: &Continuation<'static>) {
    let bytes = c.to_bytes();
    assert_eq!(bytes.len(), c.encoded_len());
    let text = one_line(&bytes);
    assert!(text.starts_with(b"+ "));
    assert_eq!(&text[2..], c.data());
    assert_eq!(
        Continuation::parse(&bytes, &lenient()),
        complete(c.clone(), bytes.len())
    );
    assert_eq!(
        AuthReply::parse(&bytes, &lenient()),
        complete(AuthReply::Challenge(c.clone()), bytes.len())
    );
    let strict_parse = Continuation::parse(&bytes, &strict());
    if c.is_base64() {
        assert_eq!(strict_parse, complete(c.clone(), bytes.len()));
        assert_eq!(
            AuthReply::parse(&bytes, &strict()),
            complete(AuthReply::Challenge(c.clone()), bytes.len())
        );
    } else {
        assert!(strict_parse.is_err(), "strict mode reads {c:?}");
    }
    assert_eq!(&c.clone().into_owned(), c);
}

/// Parses `bytes` as a whole `+OK` line in `opts`' mode.
fn ok_reply<'a>(bytes: &'a [u8], opts: &ParserOptions) -> Reply<'a> {
    let Ok(Status::Complete { value, consumed }) = Reply::parse(bytes, opts) else {
        panic!("{:?} is a reply", bytes.escape_ascii().to_string());
    };
    assert_eq!(consumed, bytes.len());
    assert!(value.is_ok());
    value
}

fn check_stat(stat: &Stat<'static>) {
    let bytes = stat.to_bytes();
    let mut via_bufmut = Vec::new();
    stat.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let text = one_line(&bytes);
    for opts in [strict(), lenient()] {
        let reply = ok_reply(&bytes, &opts);
        assert_eq!(Stat::from_reply(&reply, &opts).as_ref(), Ok(stat));
        assert_eq!(Stat::parse_line(&text[4..], &opts).as_ref(), Ok(stat));
    }
    assert_eq!(&stat.clone().into_owned(), stat);
}

fn check_scan(scan: &ScanListing<'static>) {
    let bytes = scan.to_bytes();
    let text = one_line(&bytes);
    let mut reply_bytes = Vec::new();
    scan.encode_reply(&mut reply_bytes);
    assert_eq!(&reply_bytes[..4], b"+OK ");
    assert_eq!(&reply_bytes[4..], &bytes[..]);
    for opts in [strict(), lenient()] {
        assert_eq!(ScanListing::parse_line(text, &opts).as_ref(), Ok(scan));
        let reply = ok_reply(&reply_bytes, &opts);
        assert_eq!(ScanListing::from_reply(&reply, &opts).as_ref(), Ok(scan));
    }
    assert_eq!(&scan.clone().into_owned(), scan);
}

fn check_uid(uid: &UidListing<'static>) {
    let bytes = uid.to_bytes();
    let text = one_line(&bytes);
    assert_eq!(uid.uid_str().as_bytes(), uid.uid());
    let mut reply_bytes = Vec::new();
    uid.encode_reply(&mut reply_bytes);
    assert_eq!(&reply_bytes[4..], &bytes[..]);
    for opts in [strict(), lenient()] {
        assert_eq!(UidListing::parse_line(text, &opts).as_ref(), Ok(uid));
        let reply = ok_reply(&reply_bytes, &opts);
        assert_eq!(UidListing::from_reply(&reply, &opts).as_ref(), Ok(uid));
    }
    assert_eq!(&uid.clone().into_owned(), uid);
}

fn check_lang(lang: &LangListing<'static>) {
    let bytes = lang.to_bytes();
    let text = one_line(&bytes);
    for opts in [strict(), lenient()] {
        assert_eq!(LangListing::parse_line(text, &opts).as_ref(), Ok(lang));
    }
    assert_eq!(&lang.clone().into_owned(), lang);
}

/// A list of listings parses back from its body, as given and after dot-stuffing
/// (`encode_body`) and unstuffing (`unstuff`).
fn check_body<T: PartialEq + std::fmt::Debug>(
    list: &[T],
    encode: impl Fn(&T) -> Vec<u8>,
    parse: impl Fn(&[u8], &ParserOptions) -> Result<Vec<T>, pop3_proto::Error>,
) {
    let body: Vec<u8> = list.iter().flat_map(&encode).collect();
    let unstuffed = stuffed_and_back(&body);
    for opts in [strict(), lenient()] {
        for b in [&body[..], &unstuffed[..]] {
            let got = parse(b, &opts);
            assert_eq!(
                got.as_deref(),
                Ok(list),
                "body {:?}",
                b.escape_ascii().to_string()
            );
        }
    }
}

/// `body` (CRLF lines) dot-stuffed and terminated, then unstuffed: it must come back
/// byte for byte, the terminator being the last thing on the wire.
fn stuffed_and_back(body: &[u8]) -> Vec<u8> {
    let mut wire = Vec::new();
    encode_body(body, BareLineEnds::Reject, &mut wire).expect("CRLF lines only");
    for opts in [strict(), lenient()] {
        let got = unstuff(&wire, &opts).expect("a valid body");
        assert_eq!(
            got,
            Status::Complete {
                value: Cow::Borrowed(body),
                consumed: wire.len()
            }
        );
    }
    match unstuff(&wire, &strict()) {
        Ok(Status::Complete { value, .. }) => value.into_owned(),
        other => panic!("{other:?}"),
    }
}

/// The tags of the IANA "POP3 Capabilities" registry (RFC 2449 §6, RFC 2595 §4,
/// RFC 3206, RFC 6856 §2–3).
const KNOWN_TAGS: &[&str] = &[
    "TOP",
    "USER",
    "SASL",
    "RESP-CODES",
    "LOGIN-DELAY",
    "PIPELINING",
    "EXPIRE",
    "UIDL",
    "IMPLEMENTATION",
    "STLS",
    "AUTH-RESP-CODE",
    "UTF8",
    "LANG",
];

/// A registered tag kept as `Other` because its parameters do not fit its RFC: the
/// strict parser refuses such a line.
fn misfit(cap: &Capability<'_>) -> bool {
    match cap {
        Capability::Other(other) => KNOWN_TAGS
            .iter()
            .any(|t| other.tag().eq_ignore_ascii_case(t.as_bytes())),
        _ => false,
    }
}

fn check_capability(cap: &Capability<'static>) {
    let bytes = cap.to_bytes();
    let mut via_bufmut = Vec::new();
    cap.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let text = one_line(&bytes);
    assert!(text.starts_with(cap.tag()));
    assert_eq!(
        Capability::parse_line(text, &lenient()).as_ref(),
        Ok(cap),
        "{:?}",
        text.escape_ascii().to_string()
    );
    let strict_parse = Capability::parse_line(text, &strict());
    if misfit(cap) {
        assert!(strict_parse.is_err(), "strict mode reads {cap:?}");
    } else {
        assert_eq!(strict_parse.as_ref(), Ok(cap));
    }
    assert_eq!(&cap.clone().into_owned(), cap);
}

fn check_capabilities(caps: &Capabilities<'static>) {
    for cap in caps {
        check_capability(cap);
    }
    let bytes = caps.to_bytes();
    let joined: Vec<u8> = caps.iter().flat_map(Capability::to_bytes).collect();
    assert_eq!(bytes, joined);
    let unstuffed = stuffed_and_back(&bytes);
    assert_eq!(unstuffed, bytes);
    assert_eq!(
        Capabilities::parse_body(&bytes, &lenient()).as_ref(),
        Ok(caps)
    );
    let strict_parse = Capabilities::parse_body(&bytes, &strict());
    if caps.iter().any(misfit) {
        assert!(strict_parse.is_err());
    } else {
        assert_eq!(strict_parse.as_ref(), Ok(caps));
    }
    assert_eq!(&caps.clone().into_owned(), caps);
}

// ---------------------------------------------------------------------------
// The structured reader and the value builders
// ---------------------------------------------------------------------------

/// Reads fuzzer bytes in order; missing bytes are zero.
struct Source<'a> {
    data: &'a [u8],
}

/// Printable ASCII (`VCHAR`) with a bias to letters and digits, a few UTF-8 letters,
/// and a few characters that make a constructor refuse (SP, HT, DEL).
const WORD: &[&str] = &[
    "a", "b", "m", "r", "x", "z", "A", "Q", "Z", "0", "1", "7", "9", ".", "-", "_", "@", "!", "#",
    "*", "+", "/", "=", "<", ">", "[", "]", ":", "~", "é", "中", " ", "\t", "\u{7f}",
];
/// The base64 alphabet and padding, and one character that is not in it.
const BASE64: &[&str] = &[
    "A", "B", "Z", "a", "g", "z", "0", "7", "9", "+", "/", "=", "=", "Q", "w", "D", "-",
];
/// SASL mechanism characters (RFC 4422 §3.1) and one that is not.
const MECH: &[&str] = &["A", "M", "Z", "d", "x", "0", "5", "9", "-", "_", "."];
/// Language-range characters (RFC 4647 §2.1) and a few that are not.
const LANG: &[&str] = &["a", "e", "n", "Z", "1", "9", "-", "-", "*", "_"];
/// Response-code characters (RFC 2449 §3 `rchar`), the level separator, and bytes
/// that end or break a code.
const CODE: &[&str] = &[
    "A", "I", "N", "U", "S", "E", "-", "-", "/", "/", "[", "]", "1", "\u{7f}", " ",
];
/// Text characters with a meaning somewhere in a reply or listing line.
const TEXT: &[&str] = &[
    "a", "O", "K", "1", "9", " ", " ", "\t", "[", "]", "/", "<", ">", "@", ".", "+", "-", "\u{1}",
    "\u{7f}", "é",
];
/// Capability tags of the registry in mixed case, for `Capability::new`.
const TAGS: &[&str] = &[
    "TOP",
    "user",
    "Sasl",
    "RESP-CODES",
    "login-delay",
    "PIPELINING",
    "expire",
    "UIDL",
    "Implementation",
    "STLS",
    "AUTH-RESP-CODE",
    "utf8",
    "LANG",
    "X-FOO",
];
/// Parameters with a meaning for some capability.
const PARAMS: &[&str] = &[
    "USER",
    "user",
    "NEVER",
    "never",
    "0",
    "60",
    "900",
    "4294967296",
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

    /// A number of any size, small more often.
    fn small_u32(&mut self) -> u32 {
        self.u32() >> self.choose(32)
    }

    fn u64(&mut self) -> u64 {
        (u64::from(self.u32()) | (u64::from(self.u32()) << 32)) >> self.choose(64)
    }

    /// A length: mostly short, sometimes long.
    fn len(&mut self) -> usize {
        let b = self.byte();
        if b < 224 {
            usize::from(b % 24)
        } else {
            usize::from(b - 224) * 10
        }
    }

    fn raw(&mut self) -> Vec<u8> {
        let n = self.len();
        (0..n).map(|_| self.byte()).collect()
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

    /// Text from `table`, or raw bytes made into UTF-8.
    fn text(&mut self, table: &[&str]) -> String {
        if self.choose(4) == 0 {
            String::from_utf8_lossy(&self.raw()).into_owned()
        } else {
            self.text_from(table)
        }
    }

    /// Bytes from `table`, or raw bytes.
    fn bytes(&mut self, table: &[&str]) -> Vec<u8> {
        if self.choose(4) == 0 {
            self.raw()
        } else {
            self.text_from(table).into_bytes()
        }
    }

    fn message(&mut self) -> Option<MessageNumber> {
        MessageNumber::new(self.small_u32()).ok()
    }
}

fn command(src: &mut Source<'_>) -> Option<Command<'static>> {
    Some(match src.choose(19) {
        0 => Command::User {
            name: UserName::new(src.text(WORD)).ok()?,
        },
        1 => Command::Pass {
            password: Password::new(src.bytes(WORD)).ok()?,
        },
        2 => {
            let name = UserName::new(src.text(WORD)).ok()?;
            let mut octets = [0u8; 16];
            octets.iter_mut().for_each(|o| *o = src.byte());
            Command::Apop {
                name,
                digest: ApopDigest::new(octets),
            }
        }
        3 => Command::Stat,
        4 => Command::List {
            msg: if src.flag() {
                Some(src.message()?)
            } else {
                None
            },
        },
        5 => Command::Retr {
            msg: src.message()?,
        },
        6 => Command::Dele {
            msg: src.message()?,
        },
        7 => Command::Noop,
        8 => Command::Rset,
        9 => Command::Quit,
        10 => Command::Top {
            msg: src.message()?,
            lines: src.small_u32(),
        },
        11 => Command::Uidl {
            msg: if src.flag() {
                Some(src.message()?)
            } else {
                None
            },
        },
        12 => Command::Capa,
        13 => Command::Stls,
        14 => Command::Auth {
            mechanism: Mechanism::new(src.text(MECH)).ok()?,
            initial_response: match src.choose(3) {
                0 => None,
                1 => Some(InitialResponse::Empty),
                _ => Some(InitialResponse::Data(
                    SaslBase64::new(src.text(BASE64)).ok()?,
                )),
            },
        },
        15 => Command::AuthList,
        16 => Command::Utf8,
        17 => Command::Lang {
            range: if src.flag() {
                Some(LanguageRange::new(src.text(LANG)).ok()?)
            } else {
                None
            },
        },
        _ => Command::Unknown {
            keyword: UnknownKeyword::new(src.text(WORD)).ok()?,
            args: if src.flag() {
                Some(UnknownArgs::new(src.bytes(WORD)).ok()?)
            } else {
                None
            },
        },
    })
}

fn auth_line(src: &mut Source<'_>) -> Option<AuthLine<'static>> {
    Some(match src.choose(3) {
        0 => AuthLine::Empty,
        1 => AuthLine::Cancel,
        _ => AuthLine::Response(SaslBase64::new(src.text(BASE64)).ok()?),
    })
}

fn resp_code(src: &mut Source<'_>) -> Option<RespCode<'static>> {
    Some(match src.choose(8) {
        0 => RespCode::LoginDelay,
        1 => RespCode::InUse,
        2 => RespCode::SysTemp,
        3 => RespCode::SysPerm,
        4 => RespCode::Auth,
        5 => RespCode::Utf8,
        _ => RespCode::new(src.bytes(CODE)).ok()?,
    })
}

fn reply(src: &mut Source<'_>) -> Option<Reply<'static>> {
    let status = if src.flag() {
        StatusIndicator::Ok
    } else {
        StatusIndicator::Err
    };
    let code = if src.flag() {
        Some(resp_code(src)?)
    } else {
        None
    };
    let text = src.bytes(TEXT);
    let reply = match &code {
        Some(code) => Reply::with_code(status, code.clone(), text.clone()).ok()?,
        None => Reply::new(status, text.clone()).ok()?,
    };
    // The constructors keep what they were given.
    assert_eq!(reply.status(), status);
    assert_eq!(reply.code(), code.as_ref());
    assert_eq!(reply.text(), &text[..]);
    Some(reply)
}

fn continuation(src: &mut Source<'_>) -> Option<Continuation<'static>> {
    match src.choose(3) {
        0 => Some(Continuation::empty()),
        1 => Continuation::new(src.text(BASE64)).ok(),
        _ => Continuation::new_lenient(src.bytes(TEXT)).ok(),
    }
}

fn stat(src: &mut Source<'_>) -> Option<Stat<'static>> {
    let (count, size) = (src.small_u32(), src.u64());
    if src.flag() {
        Stat::with_extra(count, size, src.bytes(TEXT)).ok()
    } else {
        Some(Stat::new(count, size))
    }
}

fn scan_listing(src: &mut Source<'_>) -> Option<ScanListing<'static>> {
    let (number, size) = (src.small_u32(), src.u64());
    if src.flag() {
        ScanListing::with_extra(number, size, src.bytes(TEXT)).ok()
    } else {
        ScanListing::new(number, size).ok()
    }
}

fn uid_listing(src: &mut Source<'_>) -> Option<UidListing<'static>> {
    UidListing::new(src.small_u32(), src.bytes(WORD)).ok()
}

fn lang_listing(src: &mut Source<'_>) -> Option<LangListing<'static>> {
    let tag = src.bytes(WORD);
    let description = if src.flag() {
        Some(Cow::Owned(src.bytes(TEXT)))
    } else {
        None
    };
    LangListing::new(tag, description).ok()
}

fn capa_word(src: &mut Source<'_>) -> Option<CapaWord<'static>> {
    let word = if src.flag() {
        PARAMS[usize::from(src.byte()) % PARAMS.len()]
            .as_bytes()
            .to_vec()
    } else {
        src.bytes(WORD)
    };
    CapaWord::new(word).ok()
}

fn capability(src: &mut Source<'_>) -> Option<Capability<'static>> {
    Some(match src.choose(16) {
        0 => Capability::Top,
        1 => Capability::User,
        2 => {
            let n = src.choose(4);
            let mut mechs = Vec::new();
            for _ in 0..n {
                mechs.push(capa_word(src)?);
            }
            Capability::Sasl(mechs)
        }
        3 => Capability::RespCodes,
        4 => Capability::LoginDelay {
            seconds: src.small_u32(),
            per_user: src.flag(),
        },
        5 => Capability::Pipelining,
        6 => Capability::Expire {
            policy: if src.flag() {
                ExpirePolicy::Never
            } else {
                ExpirePolicy::Days(src.small_u32())
            },
            per_user: src.flag(),
        },
        7 => Capability::Uidl,
        8 => Capability::Implementation(CapaText::new(src.bytes(WORD)).ok()?),
        9 => Capability::Stls,
        10 => Capability::AuthRespCode,
        11 => Capability::Utf8 { user: src.flag() },
        12 => Capability::Lang,
        _ => {
            let tag = if src.flag() {
                TAGS[usize::from(src.byte()) % TAGS.len()]
                    .as_bytes()
                    .to_vec()
            } else {
                src.bytes(WORD)
            };
            let n = src.choose(4);
            let mut params = Vec::new();
            for _ in 0..n {
                params.push(capa_word(src)?.as_bytes().to_vec());
            }
            Capability::new(tag, params).ok()?
        }
    })
}

fn capabilities(src: &mut Source<'_>) -> Option<Capabilities<'static>> {
    let n = 1 + src.choose(6);
    let mut caps = Vec::new();
    for _ in 0..n {
        caps.push(capability(src)?);
    }
    Some(caps.into_iter().collect())
}
