//! The client-side stream decoder: the RFC sessions (RFC 1939 §10, RFC 2449 §5, RFC 5034
//! §6), pipelining, -ERR to multi-line commands, STLS, dot-unstuffing checked against a
//! stuffing helper written here, zero copy, typed listings (borrowed and copied), body
//! limits without buffering, recovery from bad lines, unsolicited replies, "any split of
//! the input gives the same events" on generated sessions whose expected events come from
//! an encoder and oracle written in this file, and O(n) work (counted, and timed on a
//! 1 MiB listing fed one byte at a time).

use std::borrow::Cow;
use std::ops::Range;
use std::time::{Duration, Instant};

use pop3_proto::stream::client::{ClientDecoder, ClientEvent, Listing};
use pop3_proto::types::capa::{Capabilities, Capability};
use pop3_proto::types::command::{
    ApopDigest, Command, CommandKind, InitialResponse, LanguageRange, Mechanism, MessageNumber,
    Password, SaslBase64, UserName,
};
use pop3_proto::types::listing::{LangListing, ScanListing, UidListing};
use pop3_proto::types::reply::{Continuation, Reply, RespCode, StatusIndicator};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

// ----- the harness -----

/// An owned, split-independent view of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Greeting(Reply<'static>),
    Reply(Option<CommandKind>, Reply<'static>),
    Challenge(Continuation<'static>),
    Start(CommandKind, Reply<'static>),
    /// Adjacent `MessageData` joined.
    Data(Vec<u8>),
    End,
    Listing(CommandKind, Reply<'static>, Listing<'static>),
    /// `Skipped` events after it are folded in.
    Invalid(Error),
    /// Adjacent `Opaque` joined.
    Opaque(Vec<u8>),
}

/// An event and, for the events whose end does not depend on the split (status lines,
/// challenges, whole listings, message ends), the stream offset where it ends.
type Events = Vec<(Option<usize>, Ev)>;

#[derive(Debug)]
struct Run {
    events: Events,
    /// Bytes left unconsumed at the end.
    rest: usize,
    /// The most bytes handed to one `decode` call.
    max_pending: usize,
    /// The decoder's `bytes_examined` at the end.
    examined: u64,
}

/// Feeds `wire` to a copy of `dec`, the caller's buffer growing to each cut in turn (then
/// to the end): unconsumed bytes are kept and new ones appended. Checks what every event
/// promises on the way.
fn drive(dec: &ClientDecoder, wire: &[u8], cuts: &[usize]) -> Run {
    let mut dec = dec.clone();
    let mut ends: Vec<usize> = cuts.iter().map(|&c| c.min(wire.len())).collect();
    ends.sort_unstable();
    ends.dedup();
    ends.push(wire.len());
    let mut run = Run {
        events: Vec::new(),
        rest: 0,
        max_pending: 0,
        examined: 0,
    };
    let mut start = 0;
    let mut idle = 0;
    for end in ends {
        loop {
            let input = &wire[start..end];
            run.max_pending = run.max_pending.max(input.len());
            let Status::Complete { value, consumed } = dec.decode(input) else {
                break;
            };
            assert!(consumed <= input.len(), "consumed more than given");
            if consumed == 0 {
                // Only a message's size-limit report may consume nothing, and only once.
                assert!(matches!(value, ClientEvent::Invalid(_)), "{value:?}");
                idle += 1;
                assert!(idle < 2, "no progress");
            } else {
                idle = 0;
            }
            let range = start..start + consumed;
            record(&mut run.events, wire, range, value);
            start += consumed;
            assert_eq!(dec.offset(), start as u64, "offset() tracks consumed bytes");
        }
    }
    run.rest = wire.len() - start;
    run.examined = dec.bytes_examined();
    run
}

/// True when `inner` lies within `outer` (same memory).
fn within(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

fn record(events: &mut Events, wire: &[u8], range: Range<usize>, value: ClientEvent<'_>) {
    let end = range.end;
    let (at, ev) = match value {
        ClientEvent::Greeting(r) => (Some(end), Ev::Greeting(r.into_owned())),
        ClientEvent::Reply { command, reply } => {
            (Some(end), Ev::Reply(command, reply.into_owned()))
        }
        ClientEvent::Continuation(c) => (Some(end), Ev::Challenge(c.into_owned())),
        ClientEvent::MessageStart { command, reply } => {
            (Some(end), Ev::Start(command, reply.into_owned()))
        }
        ClientEvent::MessageData(d) => {
            assert!(!d.is_empty(), "MessageData is never empty");
            assert!(
                within(&wire[range.clone()], d),
                "MessageData is a slice of the input"
            );
            if let Some((_, Ev::Data(v))) = events.last_mut() {
                v.extend_from_slice(d);
                return;
            }
            (None, Ev::Data(d.to_vec()))
        }
        ClientEvent::MessageEnd => (Some(end), Ev::End),
        ClientEvent::Listing {
            command,
            reply,
            listing,
        } => (
            Some(end),
            Ev::Listing(command, reply.into_owned(), listing.into_owned()),
        ),
        ClientEvent::Invalid(e) => {
            assert!(e.offset <= end, "{e:?} after {range:?}");
            (None, Ev::Invalid(e))
        }
        ClientEvent::Skipped => {
            assert!(!range.is_empty(), "Skipped consumes bytes");
            assert!(
                matches!(events.last(), Some((_, Ev::Invalid(_)))),
                "Skipped follows an Invalid: {:?}",
                events.last()
            );
            return;
        }
        ClientEvent::Opaque(d) => {
            assert!(!d.is_empty(), "Opaque is never empty");
            assert_eq!(d, &wire[range]);
            if let Some((_, Ev::Opaque(v))) = events.last_mut() {
                v.extend_from_slice(d);
                return;
            }
            (None, Ev::Opaque(d.to_vec()))
        }
    };
    events.push((at, ev));
}

/// All at once, one byte at a time, and in a few uneven pieces: the same run (events and
/// bytes left). Returns the all-at-once run.
fn every_split(dec: &ClientDecoder, wire: &[u8]) -> Run {
    let whole = drive(dec, wire, &[]);
    let bytes: Vec<usize> = (1..wire.len()).collect();
    let by_byte = drive(dec, wire, &bytes);
    assert_eq!(by_byte.events, whole.events, "one byte at a time");
    assert_eq!(by_byte.rest, whole.rest);
    let uneven: Vec<usize> = (1..wire.len())
        .filter(|i| i % 7 == 3 || i % 11 == 0)
        .collect();
    let pieces = drive(dec, wire, &uneven);
    assert_eq!(pieces.events, whole.events, "uneven pieces");
    assert_eq!(pieces.rest, whole.rest);
    whole
}

// ----- an encoder for the server side, written from the RFC text -----

fn strict() -> ParserOptions {
    ParserOptions::default()
}

fn lenient() -> ParserOptions {
    ParserOptions::lenient()
}

/// RFC 2449 §3 `single-line = status [SP text] CRLF`.
fn status_line(ok: bool, text: &[u8]) -> Vec<u8> {
    let mut line = if ok {
        b"+OK".to_vec()
    } else {
        b"-ERR".to_vec()
    };
    if !text.is_empty() {
        line.push(b' ');
        line.extend_from_slice(text);
    }
    line.extend_from_slice(b"\r\n");
    line
}

/// RFC 1939 §3: each line with CRLF; a line that starts with "." gets one more "."; then
/// "." CRLF.
fn stuffed<L: AsRef<[u8]>>(lines: &[L]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        let line = line.as_ref();
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// What the client should get back: the lines with their CRLFs, as they were.
fn content<L: AsRef<[u8]>>(lines: &[L]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line.as_ref());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// RFC 4648 §4 base64 with padding.
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn reply(ok: bool, text: &[u8]) -> Reply<'static> {
    let status = if ok {
        StatusIndicator::Ok
    } else {
        StatusIndicator::Err
    };
    Reply::new(status, text.to_vec()).unwrap()
}

fn n(v: u32) -> MessageNumber {
    MessageNumber::new(v).unwrap()
}

/// A session written by a test: the server's bytes, the events a client must see, and a
/// decoder with the client's commands registered (all sent up front, as a pipelining
/// client may).
struct Session {
    wire: Vec<u8>,
    events: Events,
    dec: ClientDecoder,
}

impl Session {
    fn new(opts: ParserOptions, greeting: &[u8]) -> Self {
        let mut s = Self {
            wire: Vec::new(),
            events: Vec::new(),
            dec: ClientDecoder::new(opts),
        };
        s.wire.extend(status_line(true, greeting));
        s.events
            .push((Some(s.wire.len()), Ev::Greeting(reply(true, greeting))));
        s
    }

    fn mark(&mut self, ev: Ev) {
        self.events.push((Some(self.wire.len()), ev));
    }

    /// A single-line answer (or -ERR to anything).
    fn single(&mut self, cmd: &Command<'_>, ok: bool, text: &[u8]) {
        self.dec.sent(cmd);
        self.wire.extend(status_line(ok, text));
        self.mark(Ev::Reply(Some(cmd.kind()), reply(ok, text)));
    }

    /// `+OK` and a message.
    fn message<L: AsRef<[u8]>>(&mut self, cmd: &Command<'_>, text: &[u8], lines: &[L]) {
        self.dec.sent(cmd);
        self.wire.extend(status_line(true, text));
        self.mark(Ev::Start(cmd.kind(), reply(true, text)));
        self.wire.extend(stuffed(lines));
        let data = content(lines);
        if !data.is_empty() {
            self.events.push((None, Ev::Data(data)));
        }
        self.mark(Ev::End);
    }

    /// `+OK` and a listing body.
    fn listing<L: AsRef<[u8]>>(
        &mut self,
        cmd: &Command<'_>,
        text: &[u8],
        lines: &[L],
        listing: Listing<'static>,
    ) {
        self.dec.sent(cmd);
        self.wire.extend(status_line(true, text));
        self.wire.extend(stuffed(lines));
        self.mark(Ev::Listing(cmd.kind(), reply(true, text), listing));
    }

    /// RFC 5034 §5 `continue-req = "+" SP [base64] CRLF`.
    fn challenge(&mut self, data: &str) {
        self.wire.extend(format!("+ {data}\r\n").into_bytes());
        self.mark(Ev::Challenge(Continuation::new(data.to_string()).unwrap()));
    }

    /// A status line while nothing is pending.
    fn unsolicited(&mut self, ok: bool, text: &[u8]) {
        self.wire.extend(status_line(ok, text));
        self.mark(Ev::Reply(None, reply(ok, text)));
    }

    /// `+OK` to STLS, then `tail` (TLS records, opaque).
    fn stls(&mut self, text: &[u8], tail: &[u8]) {
        self.dec.sent(&Command::Stls);
        self.wire.extend(status_line(true, text));
        self.mark(Ev::Reply(Some(CommandKind::Stls), reply(true, text)));
        self.wire.extend_from_slice(tail);
        if !tail.is_empty() {
            self.events.push((None, Ev::Opaque(tail.to_vec())));
        }
    }
}

fn scan(items: &[(u32, u64)]) -> Listing<'static> {
    Listing::Scan(
        items
            .iter()
            .map(|&(m, s)| ScanListing::new(m, s).unwrap())
            .collect(),
    )
}

fn uids(items: &[(u32, &str)]) -> Listing<'static> {
    Listing::Uid(
        items
            .iter()
            .map(|&(m, u)| UidListing::new(m, u.to_string()).unwrap())
            .collect(),
    )
}

// ----- RFC sessions -----

/// A message of exactly `size` octets: `head` lines, then a filler line.
fn message_of(size: usize, head: &[&str]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = head.iter().map(|l| l.as_bytes().to_vec()).collect();
    let used: usize = lines.iter().map(|l| l.len() + 2).sum();
    lines.push(vec![b'x'; size - used - 2]);
    assert_eq!(content(&lines).len(), size);
    lines
}

/// RFC 1939 §10, the server's side, with the client's commands registered. The messages are
/// not printed in the RFC ("<the POP3 server sends message 1>"): these have the sizes the
/// RFC's LIST gives (120 and 200 octets; RFC 1939 §11: a stuffed dot is not counted), and
/// message 2 has a line that needs stuffing.
#[test]
fn rfc1939_s10_session() {
    let msg1 = message_of(120, &["From: dewey", "Subject: one", ""]);
    let msg2 = message_of(
        200,
        &["From: dewey", "Subject: two", "", ".signature below", "."],
    );
    let mut s = Session::new(
        strict(),
        b"POP3 server ready <1896.697170952@dbc.mtview.ca.us>",
    );
    let digest = ApopDigest::from_hex("c4c9334bac560ecc979e58001b3e22fb").unwrap();
    let apop = Command::Apop {
        name: UserName::new("mrose").unwrap(),
        digest,
    };
    s.single(&apop, true, b"mrose's maildrop has 2 messages (320 octets)");
    s.single(&Command::Stat, true, b"2 320");
    s.listing(
        &Command::List { msg: None },
        b"2 messages (320 octets)",
        &["1 120", "2 200"],
        scan(&[(1, 120), (2, 200)]),
    );
    s.message(&Command::Retr { msg: n(1) }, b"120 octets", &msg1);
    s.single(&Command::Dele { msg: n(1) }, true, b"message 1 deleted");
    s.message(&Command::Retr { msg: n(2) }, b"200 octets", &msg2);
    s.single(&Command::Dele { msg: n(2) }, true, b"message 2 deleted");
    s.single(
        &Command::Quit,
        true,
        b"dewey POP3 server signing off (maildrop empty)",
    );
    // The wire as the RFC prints it (plus the messages).
    let mut wire = b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n\
        +OK mrose's maildrop has 2 messages (320 octets)\r\n\
        +OK 2 320\r\n\
        +OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n\
        +OK 120 octets\r\n"
        .to_vec();
    wire.extend(stuffed(&msg1));
    wire.extend_from_slice(b"+OK message 1 deleted\r\n+OK 200 octets\r\n");
    wire.extend(stuffed(&msg2));
    wire.extend_from_slice(
        b"+OK message 2 deleted\r\n+OK dewey POP3 server signing off (maildrop empty)\r\n",
    );
    assert_eq!(s.wire, wire);
    assert_eq!(s.dec.pending(), 8);
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
    assert_eq!(run.rest, 0);

    // The greeting's APOP timestamp (RFC 1939 §7).
    let Ev::Greeting(g) = &run.events[0].1 else {
        panic!()
    };
    assert_eq!(
        g.apop_timestamp(),
        Some(&b"<1896.697170952@dbc.mtview.ca.us>"[..])
    );
    // Message 2 went out with its dot lines stuffed and came back as it was.
    let needle = b"\r\n..signature below\r\n..\r\n";
    assert!(s.wire.windows(needle.len()).any(|w| w == needle));
    let Ev::Data(m2) = &run.events[9].1 else {
        panic!("{:?}", run.events[9])
    };
    assert_eq!(m2.len(), 200);
    assert_eq!(*m2, content(&msg2));
}

/// RFC 2449 §5, the CAPA example.
#[test]
fn rfc2449_s5_capa() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Capa);
    let wire = b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\n\
        RESP-CODES\r\nLOGIN-DELAY 900\r\nPIPELINING\r\nEXPIRE 60\r\nUIDL\r\n\
        IMPLEMENTATION Shlemazle-Plotz-v302\r\n.\r\n";
    let run = every_split(&dec, wire);
    let caps: Capabilities<'static> = [
        Capability::new("TOP", Vec::<&str>::new()),
        Capability::new("USER", Vec::<&str>::new()),
        Capability::new("SASL", vec!["CRAM-MD5", "KERBEROS_V4"]),
        Capability::new("RESP-CODES", Vec::<&str>::new()),
        Capability::new("LOGIN-DELAY", vec!["900"]),
        Capability::new("PIPELINING", Vec::<&str>::new()),
        Capability::new("EXPIRE", vec!["60"]),
        Capability::new("UIDL", Vec::<&str>::new()),
        Capability::new("IMPLEMENTATION", vec!["Shlemazle-Plotz-v302"]),
    ]
    .into_iter()
    .map(|c| c.unwrap().into_owned())
    .collect();
    assert_eq!(
        run.events,
        [(
            Some(wire.len()),
            Ev::Listing(
                CommandKind::Capa,
                reply(true, b"Capability list follows"),
                Listing::Capa(caps.clone())
            )
        )]
    );
    assert_eq!(caps.login_delay(), Some((900, false)));
    assert!(caps.has("PIPELINING"));
}

const RFC5034_CAPA_BEFORE_TLS: &[u8] = b"+OK List of capabilities follows\r\n\
    SASL DIGEST-MD5 GSSAPI ANONYMOUS\r\nSTLS\r\nIMPLEMENTATION BlurdyBlurp POP3 server\r\n.\r\n";
const RFC5034_CAPA_AFTER_TLS: &[u8] = b"+OK List of capabilities follows\r\n\
    SASL PLAIN DIGEST-MD5 GSSAPI ANONYMOUS\r\nIMPLEMENTATION BlurdyBlurp POP3 server\r\n.\r\n";

fn capa_of(ev: &Ev) -> &Capabilities<'static> {
    match ev {
        Ev::Listing(CommandKind::Capa, r, Listing::Capa(c)) => {
            assert_eq!(r.text(), b"List of capabilities follows");
            c
        }
        other => panic!("{other:?}"),
    }
}

/// RFC 5034 §6, first example: CAPA, STLS (after "+OK Begin TLS negotiation now" the rest
/// is TLS), then over the protected stream CAPA and AUTH PLAIN with an initial response.
#[test]
fn rfc5034_s6_stls_then_auth_plain_with_initial_response() {
    let mut dec = ClientDecoder::new(strict());
    dec.sent(&Command::Capa);
    dec.sent(&Command::Stls);
    let mut wire = b"+OK pop.example.com BlurdyBlurp POP3 server ready\r\n".to_vec();
    wire.extend_from_slice(RFC5034_CAPA_BEFORE_TLS);
    wire.extend_from_slice(b"+OK Begin TLS negotiation now\r\n");
    let tls_start = wire.len();
    // Stand-in for the TLS handshake: any bytes, even ones that look like POP3.
    wire.extend_from_slice(b"\x16\x03\x01\x02\x00+OK not for us\r\n\x01");
    let run = every_split(&dec, &wire);
    assert_eq!(run.events.len(), 4);
    assert_eq!(
        run.events[0].1,
        Ev::Greeting(reply(
            true,
            b"pop.example.com BlurdyBlurp POP3 server ready"
        ))
    );
    let caps = capa_of(&run.events[1].1);
    assert_eq!(
        caps.sasl_mechanisms().collect::<Vec<_>>(),
        [&b"DIGEST-MD5"[..], b"GSSAPI", b"ANONYMOUS"]
    );
    assert!(caps.has("STLS"));
    assert_eq!(caps.implementation(), Some(&b"BlurdyBlurp POP3 server"[..]));
    assert_eq!(
        run.events[2],
        (
            Some(tls_start),
            Ev::Reply(
                Some(CommandKind::Stls),
                reply(true, b"Begin TLS negotiation now")
            )
        )
    );
    assert_eq!(
        run.events[3],
        (None, Ev::Opaque(wire[tls_start..].to_vec()))
    );

    // The protected stream, decrypted: no greeting.
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Capa);
    dec.sent(&Command::Auth {
        mechanism: Mechanism::new("PLAIN").unwrap(),
        initial_response: Some(InitialResponse::Data(
            SaslBase64::new("dGVzdAB0ZXN0AHRlc3Q=").unwrap(),
        )),
    });
    let mut wire = RFC5034_CAPA_AFTER_TLS.to_vec();
    wire.extend_from_slice(b"+OK Maildrop locked and ready\r\n");
    let run = every_split(&dec, &wire);
    assert_eq!(
        capa_of(&run.events[0].1)
            .sasl_mechanisms()
            .collect::<Vec<_>>(),
        [&b"PLAIN"[..], b"DIGEST-MD5", b"GSSAPI", b"ANONYMOUS"]
    );
    assert_eq!(
        run.events[1],
        (
            Some(wire.len()),
            Ev::Reply(
                Some(CommandKind::Auth),
                reply(true, b"Maildrop locked and ready")
            )
        )
    );
}

/// RFC 5034 §6, second example: AUTH PLAIN without an initial response; "+ " (a space
/// after the '+') is an empty challenge.
#[test]
fn rfc5034_s6_auth_plain_empty_challenge() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Capa);
    dec.sent(&Command::Auth {
        mechanism: Mechanism::new("PLAIN").unwrap(),
        initial_response: None,
    });
    let mut wire = RFC5034_CAPA_AFTER_TLS.to_vec();
    wire.extend_from_slice(b"+ \r\n+OK Maildrop locked and ready\r\n");
    let run = every_split(&dec, &wire);
    let len = wire.len();
    assert_eq!(
        run.events[1..],
        [
            (Some(len - 31), Ev::Challenge(Continuation::empty())),
            (
                Some(len),
                Ev::Reply(
                    Some(CommandKind::Auth),
                    reply(true, b"Maildrop locked and ready")
                )
            ),
        ]
    );
}

/// RFC 5034 §6, third example: DIGEST-MD5, two challenges (the first is one line on the
/// wire: "the long lines are broken for editorial clarity only").
#[test]
fn rfc5034_s6_digest_md5() {
    let mut s = Session::new(strict(), b"pop.example.com BlurdyBlurp POP3 server ready");
    s.dec.sent(&Command::Capa);
    s.wire.extend_from_slice(RFC5034_CAPA_BEFORE_TLS);
    let caps = Capabilities::from(vec![
        Capability::new("SASL", vec!["DIGEST-MD5", "GSSAPI", "ANONYMOUS"]).unwrap(),
        Capability::new("STLS", Vec::<&str>::new()).unwrap(),
        Capability::new("IMPLEMENTATION", vec!["BlurdyBlurp", "POP3", "server"]).unwrap(),
    ]);
    s.mark(Ev::Listing(
        CommandKind::Capa,
        reply(true, b"List of capabilities follows"),
        Listing::Capa(caps),
    ));
    s.dec.sent(&Command::Auth {
        mechanism: Mechanism::new("DIGEST-MD5").unwrap(),
        initial_response: None,
    });
    s.challenge(concat!(
        "cmVhbG09ImVsd29vZC5pbm5vc29mdC5jb20iLG5vbmNlPSJPQTZNRzl0",
        "RVFHbTJoaCIscW9wPSJhdXRoIixhbGdvcml0aG09bWQ1LXNlc3MsY2hh",
        "cnNldD11dGYtOA=="
    ));
    s.challenge("cnNwYXV0aD0wYjk3MTQ2MmNlZjVlOGY5MzBkYjlhMzNiMDJmYzlhMA==");
    s.wire
        .extend_from_slice(b"+OK Maildrop locked and ready\r\n");
    s.mark(Ev::Reply(
        Some(CommandKind::Auth),
        reply(true, b"Maildrop locked and ready"),
    ));
    let run = every_split(&s.dec, &s.wire);
    // The IMPLEMENTATION text survives as the RFC prints it.
    let Ev::Listing(_, _, Listing::Capa(c)) = &run.events[1].1 else {
        panic!()
    };
    assert_eq!(c.implementation(), Some(&b"BlurdyBlurp POP3 server"[..]));
    assert_eq!(run.events, s.events);
}

// ----- pipelining, -ERR, STLS -----

/// RFC 2449 §6.6: replies to pipelined commands come in order, in one read; each is its own
/// event.
#[test]
fn pipelined_list_uidl_retr_top_dele_in_one_read() {
    let mut s = Session::new(strict(), b"ready");
    // RFC 1939 §5 and §7 examples for LIST and UIDL.
    s.listing(
        &Command::List { msg: None },
        b"2 messages (320 octets)",
        &["1 120", "2 200"],
        scan(&[(1, 120), (2, 200)]),
    );
    s.listing(
        &Command::Uidl { msg: None },
        b"",
        &["1 whqtswO00WBw418f9t5JxYwZ", "2 QhdPYR:00WBw1Ph7x7"],
        uids(&[(1, "whqtswO00WBw418f9t5JxYwZ"), (2, "QhdPYR:00WBw1Ph7x7")]),
    );
    s.message(
        &Command::Retr { msg: n(1) },
        b"message follows",
        &["Subject: a", "", "body", "..."],
    );
    s.message(
        &Command::Top {
            msg: n(2),
            lines: 0,
        },
        b"",
        &["Subject: b", ""],
    );
    s.single(&Command::Dele { msg: n(1) }, true, b"message 1 deleted");
    assert_eq!(s.dec.pending(), 5);

    // One read: the decoder gives the events one per call.
    let mut dec = s.dec.clone();
    let mut input = &s.wire[..];
    let mut kinds = Vec::new();
    while let Status::Complete { value, consumed } = dec.decode(input) {
        kinds.push(match value {
            ClientEvent::Greeting(_) => "greeting",
            ClientEvent::Listing { command, .. } => command.keyword().unwrap(),
            ClientEvent::MessageStart { command, .. } => command.keyword().unwrap(),
            ClientEvent::MessageData(_) => "data",
            ClientEvent::MessageEnd => "end",
            ClientEvent::Reply { command, .. } => command.unwrap().keyword().unwrap(),
            other => panic!("{other:?}"),
        });
        input = &input[consumed..];
    }
    assert!(input.is_empty());
    assert_eq!(dec.pending(), 0);
    assert_eq!(
        kinds,
        // The stuffed "..." splits RETR's content in two slices (the dot is not delivered).
        [
            "greeting", "LIST", "UIDL", "RETR", "data", "data", "end", "TOP", "data", "end", "DELE"
        ]
    );
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
}

/// A -ERR to a command that would have a multi-line answer is single-line (RFC 1939 §3:
/// the multi-line form follows a positive status indicator); the next line is the next
/// reply.
#[test]
fn err_to_multiline_commands() {
    let mut s = Session::new(strict(), b"ready");
    // RFC 1939 §5 / §7 examples.
    s.single(&Command::Retr { msg: n(3) }, false, b"no such message");
    s.single(
        &Command::Top {
            msg: n(100),
            lines: 3,
        },
        false,
        b"no such message",
    );
    s.single(&Command::Capa, false, b"unknown command");
    s.single(&Command::List { msg: None }, false, b"maildrop busy");
    s.single(&Command::Uidl { msg: None }, false, b"not now");
    s.single(&Command::Noop, true, b"");
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
    assert_eq!(run.rest, 0);

    // With a response code.
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Retr { msg: n(1) });
    dec.sent(&Command::Noop);
    let wire = b"-ERR [SYS/TEMP] try later\r\n+OK\r\n";
    let run = every_split(&dec, wire);
    assert_eq!(
        run.events,
        [
            (
                Some(27),
                Ev::Reply(
                    Some(CommandKind::Retr),
                    Reply::err_with_code(RespCode::SysTemp, "try later").unwrap()
                )
            ),
            (
                Some(32),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b""))
            ),
        ]
    );
}

/// RFC 2595 §4: after +OK to STLS the TLS negotiation starts: every later byte is opaque,
/// also those in the same read. -ERR does not switch.
#[test]
fn stls_ok_makes_the_rest_opaque() {
    let mut s = Session::new(strict(), b"ready");
    s.single(
        &Command::Stls,
        false,
        b"Command not permitted when TLS active",
    );
    s.single(&Command::Noop, true, b"");
    s.stls(
        b"Begin TLS negotiation",
        b"\x16\x03\x03\x00\x2a+OK\r\n.\r\n-ERR\r\n\xff",
    );
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
    let mut dec = s.dec.clone();
    let mut input = &s.wire[..];
    while let Status::Complete { consumed, .. } = dec.decode(input) {
        input = &input[consumed..];
    }
    assert!(dec.is_opaque());
    assert_eq!(dec.pending(), 0);

    // Commands pipelined after STLS are never answered in this stream.
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Stls);
    dec.sent(&Command::Capa);
    let run = every_split(&dec, b"+OK go\r\n+OK Capability list follows\r\n.\r\n");
    assert_eq!(
        run.events,
        [
            (
                Some(8),
                Ev::Reply(Some(CommandKind::Stls), reply(true, b"go"))
            ),
            (
                None,
                Ev::Opaque(b"+OK Capability list follows\r\n.\r\n".to_vec())
            ),
        ]
    );
}

// ----- bodies -----

/// RFC 1939 §3 stuffing: every line that starts with "." (including a line that is just
/// ".") comes back as the user wrote it; the content ends with the CRLF before the
/// terminator.
#[test]
fn stuffed_retr_body_is_the_original_message() {
    let lines: [&[u8]; 9] = [
        b"Subject: dots",
        b"",
        b".",
        b"..",
        b".\r.", // not a line end: content (this is lenient-only, see below)
        b"...three",
        b" .not at start",
        b".\x00\xff",
        b"end.",
    ];
    // Strict: without the bare-CR line.
    let strict_lines: Vec<&[u8]> = lines
        .iter()
        .copied()
        .filter(|l| !l.contains(&b'\r'))
        .collect();
    let mut s = Session::new(strict(), b"ready");
    s.message(&Command::Retr { msg: n(1) }, b"", &strict_lines);
    s.single(&Command::Quit, true, b"bye");
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
    // The wire has the extra dots and the client gets none of them.
    assert!(s.wire.windows(9).any(|w| w == b"\r\n..\r\n...")); // "." and ".." stuffed
    let Ev::Data(data) = &run.events[2].1 else {
        panic!()
    };
    assert_eq!(*data, content(&strict_lines));

    // Lenient mode: a bare CR is content.
    let mut s = Session::new(lenient(), b"ready");
    s.message(&Command::Retr { msg: n(1) }, b"", &lines);
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
}

/// Nothing stuffed: the message is one slice of the input when it arrives in one read,
/// and every piece is a slice of the input however it arrives (checked by the harness).
/// A listing without stuffed lines borrows from the input.
#[test]
fn zero_copy() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Retr { msg: n(1) });
    dec.sent(&Command::Uidl { msg: None });
    let body = b"Subject: zero copy\r\n\r\nline one\r\nline two\r\n";
    let mut wire = b"+OK\r\n".to_vec();
    wire.extend_from_slice(body);
    wire.extend_from_slice(b".\r\n+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n.\r\n");
    let mut input = &wire[..];
    let mut datas = Vec::new();
    let mut uid_ptr = None;
    while let Status::Complete { value, consumed } = dec.decode(input) {
        match value {
            ClientEvent::MessageData(d) => datas.push(d),
            ClientEvent::Listing {
                listing: Listing::Uid(list),
                ..
            } => uid_ptr = Some(list[0].uid().as_ptr()),
            _ => {}
        }
        input = &input[consumed..];
    }
    assert_eq!(datas.len(), 1, "one slice");
    assert_eq!(datas[0], body);
    assert_eq!(datas[0].as_ptr(), wire[5..].as_ptr(), "no copy");
    let uid_at = wire.windows(4).position(|w| w == b"whqt").unwrap();
    assert_eq!(uid_ptr, Some(wire[uid_at..].as_ptr()), "listing borrows");
}

/// A listing line that starts with "." is stuffed (RFC 1939 §3 applies to "all multi-line
/// responses"). Only a LANG listing can start with one (a language tag is taken as any
/// VCHAR; capability tags exclude "."). The copy without the dot is parsed, and the
/// listing owns its bytes.
#[test]
fn listing_with_stuffed_line() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Lang { range: None });
    dec.sent(&Command::Noop);
    // RFC 6856 §3.2: "language-tag [SP description]".
    let wire = b"+OK Language listing follows\r\nen English\r\n..x-dot Dotted\r\n.\r\n+OK\r\n";
    let run = every_split(&dec, wire);
    let want = Listing::Lang(vec![
        LangListing::new(&b"en"[..], Some(Cow::Borrowed(&b"English"[..]))).unwrap(),
        LangListing::new(&b".x-dot"[..], Some(Cow::Borrowed(&b"Dotted"[..])))
            .unwrap()
            .into_owned(),
    ]);
    assert_eq!(
        run.events,
        [
            (
                Some(wire.len() - 5),
                Ev::Listing(
                    CommandKind::Lang,
                    reply(true, b"Language listing follows"),
                    want.into_owned()
                )
            ),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b""))
            ),
        ]
    );
    // Owned: the tag is not inside the input.
    let mut d = dec.clone();
    let Status::Complete {
        value:
            ClientEvent::Listing {
                listing: Listing::Lang(l),
                ..
            },
        ..
    } = d.decode(wire)
    else {
        panic!()
    };
    assert!(!within(wire, l[1].tag()));
    assert!(!within(wire, l[0].tag()));

    // An error after a stuffed line points at the wire: the bad byte "\x01" is at 21 in
    // the content ("en\r\n.x-dot Dotted\r\nen\x01") and at 5 + 21 + 1 on the wire.
    let wire = b"+OK\r\nen\r\n..x-dot Dotted\r\nen\x01\r\n.\r\n";
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Lang { range: None });
    let run = every_split(&dec, wire);
    let bad = wire.iter().position(|&b| b == 1).unwrap();
    assert_eq!(bad, 27);
    assert_eq!(
        run.events,
        [(
            None,
            Ev::Invalid(Error::new(
                bad,
                ErrorKind::Expected {
                    expected: "language tag"
                }
            ))
        )]
    );
    assert_eq!(run.rest, 0);
}

/// Listing parse errors count from the stream's start, the whole response is one Invalid,
/// and the next reply is decoded.
#[test]
fn bad_listing_line() {
    let mut dec = ClientDecoder::new(strict());
    dec.sent(&Command::List { msg: None });
    dec.sent(&Command::Uidl { msg: None });
    dec.sent(&Command::Noop);
    // "0 120": message numbers start at 1 (RFC 1939 §4). The greeting is 5 bytes, the LIST
    // status line 5, "1 10\r\n" 6: the "0" is at 16.
    let wire = b"+OK\r\n+OK\r\n1 10\r\n0 120\r\n.\r\n+OK\r\n1 a b\r\n.\r\n+OK\r\n";
    let run = every_split(&dec, wire);
    assert_eq!(
        run.events,
        [
            (Some(5), Ev::Greeting(reply(true, b""))),
            (
                None,
                Ev::Invalid(Error::new(
                    16,
                    ErrorKind::Expected {
                        expected: "non-zero message number"
                    }
                ))
            ),
            // "1 a b": nothing follows a unique-id (RFC 1939 §7); the line starts at 31 and
            // its second SP is at 31 + 3.
            (
                None,
                Ev::Invalid(Error::new(
                    34,
                    ErrorKind::Expected {
                        expected: "end of line after the unique-id"
                    }
                ))
            ),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b""))
            ),
        ]
    );
}

/// Bare AUTH: servers answer with one mechanism per line.
#[test]
fn bare_auth_mechanism_list() {
    let mut s = Session::new(strict(), b"ready");
    s.listing(
        &Command::AuthList,
        b"",
        &["PLAIN", "SCRAM-SHA-256", "XOAUTH2"],
        Listing::Mechanisms(vec![
            Cow::Borrowed(&b"PLAIN"[..]),
            Cow::Borrowed(&b"SCRAM-SHA-256"[..]),
            Cow::Borrowed(&b"XOAUTH2"[..]),
        ]),
    );
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);

    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::AuthList);
    let wire = b"+OK\r\nPLAIN LOGIN\r\n.\r\n";
    assert_eq!(
        every_split(&dec, wire).events,
        [(
            None,
            Ev::Invalid(Error::new(
                10,
                ErrorKind::Expected {
                    expected: "end of line after the SASL mechanism name"
                }
            ))
        )]
    );
    // Lenient: blank lines and blanks around names are skipped.
    let mut dec = ClientDecoder::without_greeting(lenient());
    dec.sent(&Command::AuthList);
    let wire = b"+OK\r\n PLAIN \n\r\nLOGIN\r\n.\r\n";
    assert_eq!(
        every_split(&dec, wire).events,
        [(
            Some(wire.len()),
            Ev::Listing(
                CommandKind::Auth,
                reply(true, b""),
                Listing::Mechanisms(vec![
                    Cow::Borrowed(&b"PLAIN"[..]),
                    Cow::Borrowed(&b"LOGIN"[..])
                ])
            )
        )]
    );
}

/// A multi-line command the crate does not know, registered with `expect`: its body is a
/// message.
#[test]
fn unknown_multiline_command_via_expect() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.expect(CommandKind::Unknown, true);
    dec.expect(CommandKind::Unknown, false);
    let wire = b"+OK here\r\nabc\r\n.\r\n-ERR no\r\n";
    let run = every_split(&dec, wire);
    assert_eq!(
        run.events,
        [
            (
                Some(10),
                Ev::Start(CommandKind::Unknown, reply(true, b"here"))
            ),
            (None, Ev::Data(b"abc\r\n".to_vec())),
            (Some(18), Ev::End),
            (
                Some(27),
                Ev::Reply(Some(CommandKind::Unknown), reply(false, b"no"))
            ),
        ]
    );
}

// ----- limits -----

/// A listing over max_body_size: Invalid as soon as the limit is passed (at the first
/// content byte over it), the rest skipped through the terminator without being held,
/// then the next reply.
#[test]
fn listing_body_too_large() {
    let opts = strict().max_body_size(100);
    let mut dec = ClientDecoder::without_greeting(opts);
    dec.sent(&Command::Uidl { msg: None });
    dec.sent(&Command::Noop);
    let mut wire = b"+OK\r\n".to_vec();
    for i in 1..=2000 {
        wire.extend(format!("{i} uid-{i:06}\r\n").into_bytes());
    }
    wire.extend_from_slice(b".\r\n+OK still here\r\n");
    let run = every_split(&dec, &wire);
    assert_eq!(
        run.events,
        [
            (
                None,
                Ev::Invalid(Error::new(5 + 100, ErrorKind::BodyTooLarge { limit: 100 }))
            ),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b"still here"))
            ),
        ]
    );
    // Fed one byte at a time, the caller never holds much more than the limit.
    let bytes: Vec<usize> = (1..wire.len()).collect();
    let run = drive(&dec, &wire, &bytes);
    assert!(run.max_pending <= 5 + 100 + 3, "{}", run.max_pending);
}

/// A message over max_body_size: the content up to the limit, Invalid, the rest skipped,
/// MessageEnd, and the decoder stays in step.
#[test]
fn message_body_too_large() {
    let opts = strict().max_body_size(10);
    let mut s = Session::new(opts, b"ready");
    s.dec.sent(&Command::Retr { msg: n(1) });
    s.wire.extend_from_slice(b"+OK\r\n");
    s.mark(Ev::Start(CommandKind::Retr, reply(true, b"")));
    let body_at = s.wire.len();
    s.wire.extend(stuffed(&["0123456789abc", "..more", "."]));
    s.events.push((None, Ev::Data(b"0123456789".to_vec())));
    s.events.push((
        None,
        Ev::Invalid(Error::new(
            body_at + 10,
            ErrorKind::BodyTooLarge { limit: 10 },
        )),
    ));
    s.mark(Ev::End);
    s.single(&Command::Noop, true, b"");
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);
}

/// Strict mode: a bare CR or LF in a message is reported and the message goes on; in a
/// listing it makes the response one Invalid.
#[test]
fn bare_line_ends_in_bodies() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Retr { msg: n(1) });
    dec.sent(&Command::List { msg: None });
    dec.sent(&Command::Noop);
    // "+OK\r\n" 5, "a\nb\r\n": the LF at 6; the rest of that line is dropped; the
    // terminator ends at 16.
    let wire = b"+OK\r\na\nb\r\nc\r\n.\r\n+OK\r\n1 2\r\n3\r4\r\n.\r\n+OK\r\n";
    let run = every_split(&dec, wire);
    assert_eq!(
        run.events,
        [
            (Some(5), Ev::Start(CommandKind::Retr, reply(true, b""))),
            (None, Ev::Data(b"a".to_vec())),
            (None, Ev::Invalid(Error::new(6, ErrorKind::BareLf))),
            (None, Ev::Data(b"c\r\n".to_vec())),
            (Some(16), Ev::End),
            // "+OK\r\n1 2\r\n3" — the CR after "3" is at 16 + 11.
            (None, Ev::Invalid(Error::new(27, ErrorKind::BareCr))),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b""))
            ),
        ]
    );
}

// ----- recovery -----

/// A status line that does not parse: Invalid through its LF; the front command counts as
/// answered. Here RETR's body follows, and its lines are read as status lines: each is
/// Invalid on its own (the queue is empty, so nothing else is popped), the terminator too;
/// then decoding is back in step. Nothing loops, nothing panics.
#[test]
fn invalid_status_line_recovery() {
    let mut dec = ClientDecoder::new(strict());
    dec.sent(&Command::Retr { msg: n(1) });
    let wire = b"+OK hi\r\n+OKAY\r\nline\r\n.\r\n-ERR late\r\n";
    let run = every_split(&dec, wire);
    let expected = |at: usize| {
        Ev::Invalid(Error::new(
            at,
            ErrorKind::Expected {
                expected: "SP or end of line after +OK",
            },
        ))
    };
    let first = |at: usize| {
        Ev::Invalid(Error::new(
            at,
            ErrorKind::Expected {
                expected: "+OK or -ERR",
            },
        ))
    };
    assert_eq!(
        run.events,
        [
            (Some(8), Ev::Greeting(reply(true, b"hi"))),
            (None, expected(11)),
            (None, first(15)),
            (None, first(21)),
            (Some(wire.len()), Ev::Reply(None, reply(false, b"late"))),
        ]
    );
    // The greeting may be invalid too; the decoder goes on.
    let mut dec = ClientDecoder::new(strict());
    dec.sent(&Command::Noop);
    let run = every_split(&dec, b"* OK IMAP4rev1\r\n+OK\r\n");
    assert_eq!(
        run.events,
        [
            (None, first(0)),
            (
                Some(21),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b""))
            ),
        ]
    );
}

/// Over-long lines: reported at the limit, the rest skipped without being held; a
/// challenge may be longer than a status line (max_auth_line).
#[test]
fn overlong_lines() {
    let opts = strict().max_reply_line(20).max_auth_line(200);
    let mut dec = ClientDecoder::new(opts);
    dec.sent(&Command::Noop);
    dec.sent(&Command::Auth {
        mechanism: Mechanism::new("XOAUTH2").unwrap(),
        initial_response: None,
    });
    dec.sent(&Command::Quit);
    let mut wire = b"+OK hi\r\n-ERR ".to_vec();
    wire.extend(std::iter::repeat_n(b'x', 5000));
    wire.extend_from_slice(b"\r\n");
    let long_end = wire.len();
    let token = base64(&[7u8; 90]); // 120 characters: over the reply limit, under the AUTH one
    wire.extend(format!("+ {token}\r\n+OK\r\n+OK bye\r\n").into_bytes());
    let run = every_split(&dec, &wire);
    assert_eq!(
        run.events,
        [
            (Some(8), Ev::Greeting(reply(true, b"hi"))),
            (
                None,
                Ev::Invalid(Error::new(8 + 20, ErrorKind::LineTooLong { limit: 20 }))
            ),
            (
                Some(long_end + 124),
                Ev::Challenge(Continuation::new(token.clone()).unwrap())
            ),
            (
                Some(long_end + 129),
                Ev::Reply(Some(CommandKind::Auth), reply(true, b""))
            ),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Quit), reply(true, b"bye"))
            ),
        ]
    );
    let bytes: Vec<usize> = (1..wire.len()).collect();
    assert!(drive(&dec, &wire, &bytes).max_pending <= 200 + 2);
}

/// A bare CR or LF in a status line: Invalid through the LF (the bare LF itself ends the
/// bad line); lenient mode takes an LF alone as a line end.
#[test]
fn bare_line_ends_in_status_lines() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::Noop);
    dec.sent(&Command::Rset);
    dec.sent(&Command::Quit);
    let wire = b"+OK a\rb\r\n+OK c\n+OK\r\n";
    assert_eq!(
        every_split(&dec, wire).events,
        [
            (None, Ev::Invalid(Error::new(5, ErrorKind::BareCr))),
            (None, Ev::Invalid(Error::new(14, ErrorKind::BareLf))),
            (
                Some(20),
                Ev::Reply(Some(CommandKind::Quit), reply(true, b""))
            ),
        ]
    );
    let mut dec = ClientDecoder::without_greeting(lenient());
    dec.sent(&Command::Noop);
    dec.sent(&Command::List { msg: None });
    // (A "." after a bare LF is not at a line start, so the terminator needs its CRLF.)
    let wire = b"+OK c\n+OK\n1 2\n3 4\r\n.\r\n";
    assert_eq!(
        every_split(&dec, wire).events,
        [
            (
                Some(6),
                Ev::Reply(Some(CommandKind::Noop), reply(true, b"c"))
            ),
            (
                Some(wire.len()),
                Ev::Listing(CommandKind::List, reply(true, b""), scan(&[(1, 2), (3, 4)]))
            ),
        ]
    );
}

/// Unsolicited lines (nothing pending) are single-line replies without a command (a server
/// closing with "-ERR" before shutting down, RFC 2449 §8.1.1-style codes included).
#[test]
fn unsolicited_err() {
    let mut s = Session::new(strict(), b"ready");
    s.single(&Command::Noop, true, b"");
    s.unsolicited(false, b"idle too long, closing");
    let run = every_split(&s.dec, &s.wire);
    assert_eq!(run.events, s.events);

    let dec = ClientDecoder::without_greeting(strict());
    let run = every_split(&dec, b"-ERR [SYS/PERM] shutting down\r\n+ abcd\r\n");
    assert_eq!(
        run.events,
        [
            (
                Some(31),
                Ev::Reply(
                    None,
                    Reply::err_with_code(RespCode::SysPerm, "shutting down").unwrap()
                )
            ),
            // No AUTH pending: "+ " is not a challenge.
            (
                None,
                Ev::Invalid(Error::new(
                    32,
                    ErrorKind::Expected {
                        expected: "+OK or -ERR"
                    }
                ))
            ),
        ]
    );
}

/// AUTH: an invalid challenge is Invalid and AUTH stays pending; "+OK" and "-ERR" end it;
/// "+ok" in strict mode is an invalid status line that also ends it.
#[test]
fn auth_challenges() {
    let mut dec = ClientDecoder::without_greeting(strict());
    let auth = Command::Auth {
        mechanism: Mechanism::new("CRAM-MD5").unwrap(),
        initial_response: None,
    };
    dec.sent(&auth);
    dec.sent(&auth);
    dec.sent(&Command::Stat);
    let wire = b"+ not base64!\r\n+ \r\n-ERR [AUTH] bad\r\n+ok\r\n+OK 0 0\r\n";
    assert_eq!(
        every_split(&dec, wire).events,
        [
            (
                None,
                Ev::Invalid(Error::new(
                    5,
                    ErrorKind::Expected {
                        expected: "base64 challenge"
                    }
                ))
            ),
            (Some(19), Ev::Challenge(Continuation::empty())),
            (
                Some(36),
                Ev::Reply(
                    Some(CommandKind::Auth),
                    Reply::err_with_code(RespCode::Auth, "bad").unwrap()
                )
            ),
            (
                None,
                Ev::Invalid(Error::new(
                    37,
                    ErrorKind::Expected {
                        expected: "+OK or -ERR"
                    }
                ))
            ),
            (
                Some(wire.len()),
                Ev::Reply(Some(CommandKind::Stat), reply(true, b"0 0"))
            ),
        ]
    );
}

/// A caller that hands in fewer bytes than it kept after Incomplete breaks the contract;
/// the decoder reads the pending response again instead of panicking.
#[test]
fn shorter_input_after_incomplete_restarts() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::List { msg: None });
    let wire = b"+OK\r\n1 2\r\n2 3\r\n.\r\n";
    assert!(dec.decode(&wire[..12]).is_incomplete());
    assert!(dec.decode(&wire[..3]).is_incomplete());
    let Status::Complete { value, consumed } = dec.decode(wire) else {
        panic!()
    };
    assert_eq!(consumed, wire.len());
    assert!(matches!(value, ClientEvent::Listing { .. }));
}

// ----- O(n) -----

/// A 1 MiB LIST body fed one byte at a time: the decoder resumes where it stopped (a
/// rescan of the growing body would read about n²/2 = 5·10^11 bytes). Counted with
/// `bytes_examined`, and timed: in a debug build the run takes well under a second per
/// MiB, a quadratic one would take hours.
#[test]
fn listing_fed_byte_by_byte_is_linear() {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(&Command::List { msg: None });
    let mut wire = b"+OK big\r\n".to_vec();
    let mut want = Vec::new();
    let mut i = 1u32;
    while wire.len() < 1 << 20 {
        let size = u64::from(i) * 37;
        wire.extend(format!("{i} {size}\r\n").into_bytes());
        want.push((i, size));
        i += 1;
    }
    wire.extend_from_slice(b".\r\n");
    let len = wire.len();

    let started = Instant::now();
    let mut start = 0;
    let mut event = None;
    for end in 1..=len {
        if let Status::Complete { value, consumed } = dec.decode(&wire[start..end]) {
            start += consumed;
            event = Some(value);
        }
        // Checked as it goes, so that a rescan fails at once instead of running for hours.
        let examined = dec.bytes_examined();
        assert!(
            examined <= 4 * end as u64 + 100,
            "{examined} after {end} bytes"
        );
    }
    let elapsed = started.elapsed();
    assert_eq!(start, len);
    let Some(ClientEvent::Listing {
        listing: Listing::Scan(list),
        ..
    }) = event
    else {
        panic!()
    };
    assert_eq!(list.len(), want.len());
    assert!(
        list.iter()
            .zip(&want)
            .all(|(l, &(m, s))| l.number() == m && l.size() == s)
    );
    // Per byte: the framing of the status line, the body decoder's look at the new byte
    // (plus a held CR or dot), the parse at the end.
    let examined = dec.bytes_examined();
    assert!(examined <= 6 * len as u64, "{examined} for {len} bytes");
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");

    // The same in 4 KiB reads and at once: about n plus one look-ahead per read.
    for step in [4096, len] {
        let cuts: Vec<usize> = (1..=len / step).map(|k| k * step).collect();
        let run = drive(&dec_with(&Command::List { msg: None }), &wire, &cuts);
        assert_eq!(run.rest, 0);
        let calls = cuts.len() as u64 + 1;
        assert!(
            run.examined <= 3 * len as u64 + 70 * calls,
            "{}",
            run.examined
        );
    }
}

fn dec_with(cmd: &Command<'_>) -> ClientDecoder {
    let mut dec = ClientDecoder::without_greeting(strict());
    dec.sent(cmd);
    dec
}

/// A message fed one byte at a time: linear too (and each byte comes out as it arrives).
#[test]
fn message_fed_byte_by_byte_is_linear() {
    let mut line = Vec::new();
    let mut wire = b"+OK\r\n".to_vec();
    for i in 0..20_000u32 {
        line.clear();
        line.extend(format!("{}line {i}", if i % 5 == 0 { "." } else { "" }).into_bytes());
        if line.first() == Some(&b'.') {
            wire.push(b'.');
        }
        wire.extend_from_slice(&line);
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b".\r\n");
    let bytes: Vec<usize> = (1..wire.len()).collect();
    let run = drive(&dec_with(&Command::Retr { msg: n(1) }), &wire, &bytes);
    assert_eq!(run.rest, 0);
    assert!(run.examined <= 4 * wire.len() as u64, "{}", run.examined);
}

// ----- generated sessions -----

/// One exchange of a generated session.
#[derive(Debug, Clone)]
enum Step {
    /// A single-line command and its reply.
    Single(usize, bool, String),
    /// RETR (or TOP) and a message, or -ERR.
    Message(bool, Option<Vec<Vec<u8>>>),
    /// LIST and scan listings, or -ERR.
    Scan(Option<Vec<(u32, u64)>>),
    /// UIDL and unique-id listings.
    Uid(Vec<(u32, String)>),
    /// LANG and language listings (tags may start with ".").
    Lang(Vec<(String, Option<String>)>),
    /// CAPA and capability lines (indexes into CAPA_LINES).
    Capa(Vec<usize>),
    /// AUTH mechanism, challenges (as bytes to encode), the outcome.
    Auth(Vec<Vec<u8>>, bool),
    /// Bare AUTH and mechanism names.
    Mechs(Vec<String>),
}

/// (line, tag, params) of the capabilities a generated CAPA lists.
const CAPA_LINES: &[(&str, &str, &[&str])] = &[
    ("TOP", "TOP", &[]),
    ("USER", "USER", &[]),
    ("UIDL", "UIDL", &[]),
    ("PIPELINING", "PIPELINING", &[]),
    ("RESP-CODES", "RESP-CODES", &[]),
    ("STLS", "STLS", &[]),
    ("SASL PLAIN LOGIN", "SASL", &["PLAIN", "LOGIN"]),
    ("LOGIN-DELAY 900", "LOGIN-DELAY", &["900"]),
    ("EXPIRE NEVER", "EXPIRE", &["NEVER"]),
    ("X-EXTENSION a b", "X-EXTENSION", &["a", "b"]),
];

fn single_command(i: usize) -> Command<'static> {
    match i % 10 {
        0 => Command::Stat,
        1 => Command::Noop,
        2 => Command::Rset,
        3 => Command::Dele { msg: n(3) },
        4 => Command::User {
            name: UserName::new("mrose").unwrap(),
        },
        5 => Command::Pass {
            password: Password::new(&b"tan staaf"[..]).unwrap(),
        },
        6 => Command::List { msg: Some(n(2)) },
        7 => Command::Uidl { msg: Some(n(2)) },
        8 => Command::Lang {
            range: Some(LanguageRange::new("en").unwrap()),
        },
        _ => Command::Utf8,
    }
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ().:']{0,24}"
}

fn message_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b".".to_vec()),
        Just(b"..".to_vec()),
        Just(Vec::new()),
        "[.a-z ]{0,6}".prop_map(String::into_bytes),
        proptest::collection::vec(
            any::<u8>().prop_filter("no CR or LF", |b| *b != b'\r' && *b != b'\n'),
            0..80
        ),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..10usize, any::<bool>(), text()).prop_map(|(i, ok, t)| Step::Single(i, ok, t)),
        (
            any::<bool>(),
            proptest::option::weighted(0.8, proptest::collection::vec(message_line(), 0..12))
        )
            .prop_map(|(top, body)| Step::Message(top, body)),
        proptest::option::weighted(
            0.8,
            proptest::collection::vec((1..=u32::MAX, any::<u64>()), 0..8)
        )
        .prop_map(Step::Scan),
        proptest::collection::vec((1..=u32::MAX, "[!-~]{1,70}"), 0..6).prop_map(Step::Uid),
        proptest::collection::vec(
            (
                "[.a-z][a-z0-9-]{0,7}",
                proptest::option::of("[A-Za-z][A-Za-z ]{0,10}")
            ),
            0..5
        )
        .prop_map(Step::Lang),
        proptest::collection::vec(0..CAPA_LINES.len(), 0..6).prop_map(Step::Capa),
        (
            proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..3),
            any::<bool>()
        )
            .prop_map(|(c, ok)| Step::Auth(c, ok)),
        proptest::collection::vec("[A-Z0-9_-]{1,20}", 0..4).prop_map(Step::Mechs),
    ]
}

/// How a generated session ends.
#[derive(Debug, Clone)]
enum Ending {
    /// Nothing more.
    Plain,
    /// A status line nobody asked for (nothing is pending any more).
    Unsolicited(String),
    /// STLS, +OK, and TLS bytes.
    Stls(Vec<u8>),
}

/// Builds the server's side of a session and the events a client must see, with an
/// encoder and expectations written from the RFCs (not from the decoder).
fn build(steps: &[Step], end: Ending, opts: ParserOptions) -> Session {
    let mut s = Session::new(opts, b"POP3 ready");
    for step in steps {
        match step {
            Step::Single(i, ok, t) => s.single(&single_command(*i), *ok, t.as_bytes()),
            Step::Message(top, body) => {
                let cmd = if *top {
                    Command::Top {
                        msg: n(1),
                        lines: 5,
                    }
                } else {
                    Command::Retr { msg: n(1) }
                };
                match body {
                    Some(lines) => s.message(&cmd, b"message follows", lines),
                    None => s.single(&cmd, false, b"no such message"),
                }
            }
            Step::Scan(items) => {
                let cmd = Command::List { msg: None };
                match items {
                    Some(items) => {
                        let lines: Vec<String> =
                            items.iter().map(|(m, z)| format!("{m} {z}")).collect();
                        s.listing(&cmd, b"scan listing follows", &lines, scan(items));
                    }
                    None => s.single(&cmd, false, b"maildrop locked"),
                }
            }
            Step::Uid(items) => {
                let lines: Vec<String> = items.iter().map(|(m, u)| format!("{m} {u}")).collect();
                let want: Vec<(u32, &str)> = items.iter().map(|(m, u)| (*m, u.as_str())).collect();
                s.listing(&Command::Uidl { msg: None }, b"", &lines, uids(&want));
            }
            Step::Lang(items) => {
                let lines: Vec<String> = items
                    .iter()
                    .map(|(t, d)| match d {
                        Some(d) => format!("{t} {d}"),
                        None => t.clone(),
                    })
                    .collect();
                let want = items
                    .iter()
                    .map(|(t, d)| {
                        LangListing::new(
                            t.clone().into_bytes(),
                            d.clone().map(|d| Cow::Owned(d.into_bytes())),
                        )
                        .unwrap()
                    })
                    .collect();
                s.listing(
                    &Command::Lang { range: None },
                    b"",
                    &lines,
                    Listing::Lang(want),
                );
            }
            Step::Capa(items) => {
                let lines: Vec<&str> = items.iter().map(|&i| CAPA_LINES[i].0).collect();
                let caps: Capabilities<'static> = items
                    .iter()
                    .map(|&i| Capability::new(CAPA_LINES[i].1, CAPA_LINES[i].2.to_vec()).unwrap())
                    .collect();
                s.listing(
                    &Command::Capa,
                    b"Capability list follows",
                    &lines,
                    Listing::Capa(caps),
                );
            }
            Step::Auth(challenges, ok) => {
                s.dec.sent(&Command::Auth {
                    mechanism: Mechanism::new("X-TEST").unwrap(),
                    initial_response: None,
                });
                for c in challenges {
                    s.challenge(&base64(c));
                }
                let text: &[u8] = if *ok { b"logged in" } else { b"[AUTH] no" };
                s.wire.extend(status_line(*ok, text));
                let want = if *ok {
                    reply(true, text)
                } else {
                    Reply::err_with_code(RespCode::Auth, "no").unwrap()
                };
                s.mark(Ev::Reply(Some(CommandKind::Auth), want));
            }
            Step::Mechs(names) => {
                let want = names
                    .iter()
                    .map(|m| Cow::Owned(m.clone().into_bytes()))
                    .collect();
                s.listing(&Command::AuthList, b"", names, Listing::Mechanisms(want));
            }
        }
    }
    match end {
        Ending::Plain => {}
        Ending::Unsolicited(t) => s.unsolicited(false, t.as_bytes()),
        Ending::Stls(tail) => s.stls(b"Begin TLS negotiation", &tail),
    }
    s
}

/// Bytes that make a stream interesting: status-line starts, dots, line ends, bare CR/LF.
fn noisy_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(&b"+OK"[..]),
        Just(&b"-ERR"[..]),
        Just(&b"+ "[..]),
        Just(&b"\r\n"[..]),
        Just(&b"\r\n.\r\n"[..]),
        Just(&b"."[..]),
        Just(&b"\r"[..]),
        Just(&b"\n"[..]),
        Just(&b" "[..]),
        Just(&b"1 2"[..]),
        Just(&b"TOP"[..]),
        Just(&b"x"[..]),
        Just(&b"\0"[..]),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

fn any_kind() -> impl Strategy<Value = (CommandKind, bool)> {
    let kinds = [
        CommandKind::Stat,
        CommandKind::List,
        CommandKind::Retr,
        CommandKind::Top,
        CommandKind::Uidl,
        CommandKind::Capa,
        CommandKind::Stls,
        CommandKind::Auth,
        CommandKind::Lang,
        CommandKind::Unknown,
    ];
    (proptest::sample::select(kinds.to_vec()), any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Generated sessions: the events are the expected ones, whole, in random pieces and
    /// one byte at a time, strict and lenient.
    #[test]
    fn generated_sessions_any_split(
        steps in proptest::collection::vec(step(), 0..8),
        end in prop_oneof![
            Just(Ending::Plain),
            text().prop_map(Ending::Unsolicited),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(Ending::Stls),
        ],
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
        lenient_mode in any::<bool>(),
    ) {
        let opts = if lenient_mode { lenient() } else { strict() };
        let s = build(&steps, end, opts);
        let whole = drive(&s.dec, &s.wire, &[]);
        prop_assert_eq!(&whole.events, &s.events);
        prop_assert_eq!(whole.rest, 0);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(s.wire.len() + 1)).collect();
        let pieces = drive(&s.dec, &s.wire, &cuts);
        prop_assert_eq!(&pieces.events, &s.events);
        prop_assert_eq!(pieces.rest, 0);
        let bytes: Vec<usize> = (1..s.wire.len()).collect();
        let by_byte = drive(&s.dec, &s.wire, &bytes);
        prop_assert_eq!(&by_byte.events, &s.events);
    }

    /// Arbitrary noisy input with arbitrary pending commands and small limits: no panic,
    /// progress on every event, and the same events (and bytes left) in any split.
    #[test]
    fn noisy_input_any_split(
        wire in noisy_bytes(),
        pending in proptest::collection::vec(any_kind(), 0..6),
        greeting in any::<bool>(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
        lenient_mode in any::<bool>(),
        limits in (1usize..30, 0u64..40),
    ) {
        let opts = if lenient_mode { lenient() } else { strict() };
        let opts = opts.max_reply_line(limits.0).max_auth_line(limits.0 + 5).max_body_size(limits.1);
        let mut dec = if greeting {
            ClientDecoder::new(opts)
        } else {
            ClientDecoder::without_greeting(opts)
        };
        for (kind, multiline) in pending {
            dec.expect(kind, multiline);
        }
        let whole = drive(&dec, &wire, &[]);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(wire.len() + 1)).collect();
        let pieces = drive(&dec, &wire, &cuts);
        prop_assert_eq!(&pieces.events, &whole.events);
        prop_assert_eq!(pieces.rest, whole.rest);
        let bytes: Vec<usize> = (1..wire.len()).collect();
        let by_byte = drive(&dec, &wire, &bytes);
        prop_assert_eq!(&by_byte.events, &whole.events);
        prop_assert_eq!(by_byte.rest, whole.rest);
    }
}
