//! `mailwire trace pop3`: pairs the client's commands with the server's replies.
//!
//! The client stream is decoded by pop3-proto's [`ServerDecoder`] (it reads what a client
//! sends), the server stream by its command-aware [`ClientDecoder`], which is told every
//! command the client sent: that is how it knows which replies carry a multi-line body
//! (RETR, TOP, LIST and UIDL without an argument, CAPA, …). Each command is followed by the
//! reply that answers it (replies come in command order, also when pipelined). During AUTH
//! a `+ ` continuation from the server announces a SASL line from the client; `+OK` to STLS
//! turns both streams opaque. Without a server stream the positive answer is assumed: a
//! continuation after `AUTH mechanism` without an initial response, `+OK` to STLS.
//!
//! A multi-line reply (status line, body, terminating `.` line) is one record. When its body
//! breaks a rule (a bare CR or LF in strict mode, an unparsable listing line, a size limit),
//! the whole reply becomes one error record carrying the first error.

use pop3_proto::encode::body::{BareLineEnds, encode_body};
use pop3_proto::stream::client::{ClientDecoder, ClientEvent, Listing};
use pop3_proto::stream::server::{ServerDecoder, ServerEvent};
use pop3_proto::types::command::{AuthLine, Command, CommandKind};
use pop3_proto::types::reply::{Continuation, Reply};
use pop3_proto::{ParserOptions, Status};

use super::{Dir, Record, Session, Side, extend_last, printable, trim_crlf};

/// The built-in sample: CAPA, AUTH PLAIN with a `+ ` continuation, pipelined STAT, LIST and
/// UIDL, TOP, RETR of a message with stuffed lines, DELE, QUIT.
pub(crate) const SAMPLE: (&[u8], &[u8]) = (
    include_bytes!("../../samples/pop3.client"),
    include_bytes!("../../samples/pop3.server"),
);

/// What the server answered (or, without a server stream, nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// `+OK` (with or without a body).
    Ok,
    /// `-ERR`.
    Err,
    /// `+ ` during AUTH.
    Continuation,
    /// No (decodable) answer.
    Nothing,
}

/// Decodes both streams into records in conversation order.
pub(crate) fn trace(session: &Session) -> Vec<Record> {
    let opts = if session.lenient {
        ParserOptions::lenient()
    } else {
        ParserOptions::new()
    };
    let mut t = Tracer {
        client: Side::new(&session.client, ServerDecoder::new(opts)),
        server: Side::new(&session.server, ClientDecoder::new(opts)),
        has_server: session.has_server,
        opts,
        records: Vec::new(),
    };
    t.run();
    t.records
}

struct Tracer<'a> {
    client: Side<'a, ServerDecoder>,
    server: Side<'a, ClientDecoder>,
    has_server: bool,
    opts: ParserOptions,
    records: Vec<Record>,
}

/// A multi-line message reply (RETR, TOP) being collected into one record.
struct Message<'a> {
    start: usize,
    command: CommandKind,
    reply: Reply<'a>,
    content: Vec<u8>,
    error: Option<String>,
}

impl<'a> Tracer<'a> {
    fn run(&mut self) {
        // The greeting.
        self.answer();
        while self.client.pos < self.client.bytes.len() {
            let start = self.client.pos;
            let rest = &self.client.bytes[start..];
            let (event, consumed) = match self.client.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    self.records.push(Record::error(
                        Dir::Client,
                        start,
                        rest.len(),
                        format!("stream ends inside a line at offset {}", start + rest.len()),
                    ));
                    self.client.pos = self.client.bytes.len();
                    break;
                }
            };
            self.client.pos += consumed;
            match event {
                ServerEvent::Command(cmd) => {
                    let keyword = cmd.keyword().to_uppercase();
                    let roundtrip = Command::parse(&cmd.to_bytes(), &self.opts)
                        .ok()
                        .and_then(Status::complete)
                        .is_some_and(|again| again == cmd);
                    self.records.push(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        format!("command:{keyword}"),
                        Some(roundtrip),
                        summarize_command(&cmd, &rest[..consumed]),
                    ));
                    self.server.dec.sent(&cmd);
                    match &cmd {
                        Command::Auth {
                            initial_response, ..
                        } => {
                            // With no server stream, a challenge is assumed only when the
                            // client sent no initial response.
                            if self.answer_or(initial_response.is_none()) == Answer::Continuation {
                                self.client.dec.expect_auth_line();
                            }
                        }
                        Command::Stls => {
                            if self.answer_or(true) == Answer::Ok {
                                self.client.dec.start_tls();
                            }
                        }
                        _ => {
                            self.answer();
                        }
                    }
                }
                ServerEvent::AuthLine(line) => {
                    let roundtrip = {
                        let again = line.to_bytes();
                        let mut dec = ServerDecoder::new(self.opts);
                        dec.expect_auth_line();
                        matches!(dec.decode(&again), Status::Complete { value: ServerEvent::AuthLine(l), .. } if l == line)
                    };
                    let summary = match &line {
                        AuthLine::Cancel => "* (cancel)".to_owned(),
                        _ => format!("{} bytes", consumed),
                    };
                    self.records.push(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        "auth-data",
                        Some(roundtrip),
                        summary,
                    ));
                    // A further challenge asks for another line; anything else ends the
                    // exchange (without a server stream: assume it ended).
                    if self.answer_or(false) == Answer::Continuation {
                        self.client.dec.expect_auth_line();
                    }
                }
                ServerEvent::Invalid(e) => {
                    self.records
                        .push(Record::error(Dir::Client, start, consumed, e.to_string()));
                    // The server answers a line it cannot read with one status line.
                    self.server.dec.expect(CommandKind::Unknown, false);
                    self.answer();
                }
                ServerEvent::Skipped => {
                    extend_last(&mut self.records, Dir::Client, consumed);
                }
                ServerEvent::Opaque(_) => {
                    self.records
                        .push(Record::opaque(Dir::Client, start, consumed));
                }
            }
        }
        // Replies nobody asked for (or to commands after the client capture ends).
        while self.server.pos < self.server.bytes.len() {
            self.answer();
        }
    }

    /// The next answer; without a server stream, `Ok` when `assume_continuation` is false
    /// and `Continuation` when it is true (the positive answer in each case).
    fn answer_or(&mut self, assume_continuation: bool) -> Answer {
        if !self.has_server {
            return if assume_continuation {
                Answer::Continuation
            } else {
                Answer::Ok
            };
        }
        self.answer()
    }

    /// Records the next server record(s) up to and including one complete answer.
    fn answer(&mut self) -> Answer {
        let mut message: Option<Message<'a>> = None;
        loop {
            let start = self.server.pos;
            let bytes: &'a [u8] = self.server.bytes;
            if start >= bytes.len() {
                if let Some(m) = message.take() {
                    // The stream ended inside a body.
                    self.records.push(Record::error(
                        Dir::Server,
                        m.start,
                        start - m.start,
                        format!("stream ends inside a multi-line reply at offset {start}"),
                    ));
                }
                return Answer::Nothing;
            }
            let rest = &bytes[start..];
            let (event, consumed) = match self.server.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    let from = message.as_ref().map_or(start, |m| m.start);
                    self.records.push(Record::error(
                        Dir::Server,
                        from,
                        bytes.len() - from,
                        format!("stream ends inside a reply at offset {}", bytes.len()),
                    ));
                    self.server.pos = bytes.len();
                    return Answer::Nothing;
                }
            };
            self.server.pos += consumed;
            let end = self.server.pos;
            match event {
                ClientEvent::Greeting(reply) => {
                    let roundtrip = reply_roundtrip(&reply, &self.opts);
                    let answer = status_of(&reply);
                    self.records.push(Record::decoded(
                        Dir::Server,
                        start,
                        consumed,
                        "greeting",
                        Some(roundtrip),
                        summarize_reply(&reply, None),
                    ));
                    return answer;
                }
                ClientEvent::Reply { reply, .. } => {
                    let roundtrip = reply_roundtrip(&reply, &self.opts);
                    let answer = status_of(&reply);
                    self.records.push(Record::decoded(
                        Dir::Server,
                        start,
                        consumed,
                        reply_kind(&reply),
                        Some(roundtrip),
                        summarize_reply(&reply, None),
                    ));
                    return answer;
                }
                ClientEvent::Continuation(c) => {
                    let roundtrip = Continuation::parse(&c.to_bytes(), &self.opts)
                        .ok()
                        .and_then(Status::complete)
                        .is_some_and(|again| again == c);
                    self.records.push(Record::decoded(
                        Dir::Server,
                        start,
                        consumed,
                        "continuation",
                        Some(roundtrip),
                        format!("+ {}", printable(c.data(), 80)),
                    ));
                    return Answer::Continuation;
                }
                ClientEvent::Listing {
                    command,
                    reply,
                    listing,
                } => {
                    let roundtrip = listing_roundtrip(command, &reply, &listing, &self.opts);
                    let detail = format!("{} entries", listing_len(&listing));
                    self.records.push(Record::decoded(
                        Dir::Server,
                        start,
                        consumed,
                        reply_kind(&reply),
                        Some(roundtrip),
                        summarize_reply(&reply, Some(&detail)),
                    ));
                    return Answer::Ok;
                }
                ClientEvent::MessageStart { command, reply } => {
                    message = Some(Message {
                        start,
                        command,
                        reply,
                        content: Vec::new(),
                        error: None,
                    });
                }
                ClientEvent::MessageData(piece) => {
                    if let Some(m) = message.as_mut() {
                        m.content.extend_from_slice(piece);
                    }
                }
                ClientEvent::MessageEnd => {
                    let Some(m) = message.take() else {
                        continue;
                    };
                    let len = end - m.start;
                    match m.error {
                        Some(error) => {
                            self.records
                                .push(Record::error(Dir::Server, m.start, len, error));
                        }
                        None => {
                            let roundtrip =
                                message_roundtrip(m.command, &m.reply, &m.content, &self.opts);
                            let detail = format!("{} bytes of content", m.content.len());
                            self.records.push(Record::decoded(
                                Dir::Server,
                                m.start,
                                len,
                                reply_kind(&m.reply),
                                Some(roundtrip),
                                summarize_reply(&m.reply, Some(&detail)),
                            ));
                        }
                    }
                    return Answer::Ok;
                }
                ClientEvent::Invalid(e) => {
                    if let Some(m) = message.as_mut() {
                        // Inside a body: the reply's record becomes an error record.
                        m.error.get_or_insert_with(|| e.to_string());
                        continue;
                    }
                    self.records
                        .push(Record::error(Dir::Server, start, consumed, e.to_string()));
                    // A listing's error is followed by `Skipped` events up to its end.
                    if !self.skipped_follow() {
                        return Answer::Nothing;
                    }
                }
                ClientEvent::Skipped => {
                    if message.is_none() {
                        extend_last(&mut self.records, Dir::Server, consumed);
                        if !self.skipped_follow() {
                            return Answer::Nothing;
                        }
                    }
                }
                ClientEvent::Opaque(_) => {
                    self.records
                        .push(Record::opaque(Dir::Server, start, consumed));
                    return Answer::Nothing;
                }
            }
        }
    }

    /// Whether the next server event is `Skipped` (the rest of what an `Invalid` covers),
    /// looking ahead on a copy of the decoder.
    fn skipped_follow(&self) -> bool {
        let rest = &self.server.bytes[self.server.pos..];
        if rest.is_empty() {
            return false;
        }
        let mut probe = self.server.dec.clone();
        matches!(
            probe.decode(rest),
            Status::Complete {
                value: ClientEvent::Skipped,
                ..
            }
        )
    }
}

/// `reply:+OK` or `reply:-ERR`.
fn reply_kind(reply: &Reply<'_>) -> &'static str {
    if reply.is_ok() {
        "reply:+OK"
    } else {
        "reply:-ERR"
    }
}

fn status_of(reply: &Reply<'_>) -> Answer {
    if reply.is_ok() {
        Answer::Ok
    } else {
        Answer::Err
    }
}

/// The status line as sent (without its line end), and what its body held.
fn summarize_reply(reply: &Reply<'_>, detail: Option<&str>) -> String {
    let line = reply.to_bytes();
    let mut s = printable(trim_crlf(&line), 90);
    if let Some(d) = detail {
        s.push_str(&format!(" ({d})"));
    }
    s
}

/// The command line as sent, with the password of PASS and SASL data hidden.
fn summarize_command(cmd: &Command<'_>, line: &[u8]) -> String {
    match cmd {
        Command::Pass { .. } => "PASS ****".to_owned(),
        Command::Auth {
            mechanism,
            initial_response: Some(_),
        } => format!("AUTH {mechanism} (initial response)"),
        _ => printable(trim_crlf(line), 100),
    }
}

fn reply_roundtrip(reply: &Reply<'_>, opts: &ParserOptions) -> bool {
    Reply::parse(&reply.to_bytes(), opts)
        .ok()
        .and_then(Status::complete)
        .is_some_and(|again| again == *reply)
}

fn listing_len(listing: &Listing<'_>) -> usize {
    match listing {
        Listing::Scan(v) => v.len(),
        Listing::Uid(v) => v.len(),
        Listing::Capa(c) => c.len(),
        Listing::Lang(v) => v.len(),
        Listing::Mechanisms(v) => v.len(),
    }
}

/// The body lines of a listing, as the crate encodes them (before dot-stuffing).
fn listing_body(listing: &Listing<'_>) -> Vec<u8> {
    let mut body = Vec::new();
    match listing {
        Listing::Scan(v) => v.iter().for_each(|l| l.encode(&mut body)),
        Listing::Uid(v) => v.iter().for_each(|l| l.encode(&mut body)),
        Listing::Capa(c) => c.encode(&mut body),
        Listing::Lang(v) => v.iter().for_each(|l| l.encode(&mut body)),
        Listing::Mechanisms(v) => {
            for m in v {
                body.extend_from_slice(m);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body
}

/// The wire form of a multi-line reply: the status line, then `content` dot-stuffed and
/// terminated by the crate's body encoder (`None` when it refuses a bare CR or LF).
fn reencode(reply: &Reply<'_>, content: &[u8]) -> Option<Vec<u8>> {
    let mut wire = reply.to_bytes();
    encode_body(content, BareLineEnds::Reject, &mut wire).ok()?;
    Some(wire)
}

fn listing_roundtrip(
    command: CommandKind,
    reply: &Reply<'_>,
    listing: &Listing<'_>,
    opts: &ParserOptions,
) -> bool {
    let Some(wire) = reencode(reply, &listing_body(listing)) else {
        return false;
    };
    let mut dec = ClientDecoder::without_greeting(*opts);
    dec.expect(command, true);
    matches!(
        dec.decode(&wire),
        Status::Complete { value: ClientEvent::Listing { reply: r, listing: l, .. }, consumed }
            if r == *reply && l == *listing && consumed == wire.len()
    )
}

fn message_roundtrip(
    command: CommandKind,
    reply: &Reply<'_>,
    content: &[u8],
    opts: &ParserOptions,
) -> bool {
    let Some(wire) = reencode(reply, content) else {
        return false;
    };
    let mut dec = ClientDecoder::without_greeting(*opts);
    dec.expect(command, true);
    let mut input = &wire[..];
    let mut again = Vec::new();
    let mut status_ok = false;
    loop {
        match dec.decode(input) {
            Status::Complete { value, consumed } => {
                input = &input[consumed..];
                match value {
                    ClientEvent::MessageStart { reply: r, .. } => status_ok = r == *reply,
                    ClientEvent::MessageData(piece) => again.extend_from_slice(piece),
                    ClientEvent::MessageEnd => break,
                    _ => return false,
                }
            }
            Status::Incomplete => return false,
        }
    }
    status_ok && input.is_empty() && again == content
}
