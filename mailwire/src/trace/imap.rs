//! `mailwire trace imap`: interleaves the client's commands with the server's responses.
//!
//! The client stream is decoded by imap-proto's [`ServerDecoder`] (it reads what a client
//! sends), the server stream by its [`ClientDecoder`]. IMAP responses are not one per
//! command: untagged data comes at any time and a command ends with a tagged status
//! response carrying its tag. So after each command the tracer records the server's
//! responses up to that command's tagged completion, and stops early before
//!
//! - a tagged response whose tag the client sends only later (the server answered a later
//!   pipelined command first: the completion is recorded after its command), and
//! - a continuation request (it answers something the client has not sent yet).
//!
//! The server's answers steer the client decoder where the protocol needs it: a
//! synchronizing literal `{n}` waits for a continuation request (a tagged response instead
//! refuses the command, and the client sends no literal data); after AUTHENTICATE each
//! continuation request announces a client response line; after IDLE the continuation
//! request announces `DONE`; a tagged OK to STARTTLS or COMPRESS turns both streams opaque.
//! Without a server stream (or past its end) the positive answer is assumed at each of
//! those points: a continuation for a literal, for AUTHENTICATE without an initial response
//! and for IDLE, no further challenge after a response line, OK for STARTTLS and COMPRESS.
//!
//! A client line that cannot be decoded is answered by its tagged BAD when it had a tag,
//! otherwise by the next response if that is an untagged BAD.

use std::collections::HashMap;

use imap_proto::encode::core::EncodeOptions;
use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::stream::server::{ServerDecoder, ServerEvent};
use imap_proto::types::command::{AuthData, Command, CommandBody, IDLE_DONE, parse_idle_done_with};
use imap_proto::types::response::{Greeting, Response, StatusKind};
use imap_proto::{ParserOptions, Status};

use super::{Dir, Record, Session, Side, extend_last, printable, trim_crlf};

/// The built-in sample: the RFC 9051 §8 session (without STARTTLS) with an APPEND literal,
/// UID SEARCH RETURN answered by ESEARCH, and IDLE / DONE.
pub(crate) const SAMPLE: (&[u8], &[u8]) = (
    include_bytes!("../../samples/imap.client"),
    include_bytes!("../../samples/imap.server"),
);

/// What the tracer reads the server stream for.
#[derive(Debug, Clone, Copy)]
enum Until<'t> {
    /// The first message (the greeting).
    First,
    /// The tagged completion of this tag.
    Done(&'t [u8]),
    /// A continuation request, or the tagged completion of this tag (which declines).
    Continuation(&'t [u8]),
    /// An untagged BAD answering a line without a tag, if it comes next.
    UntaggedBad,
    /// Everything left.
    End,
}

/// How reading the server stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// A continuation request.
    Continuation,
    /// The awaited tagged completion (`None`: it could not be decoded).
    Completed(Option<StatusKind>),
    /// Before a response that belongs later in the conversation, or after what was asked.
    Stopped,
    /// The server stream ended (or was not given) before the answer.
    Ended,
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
        pending: HashMap::new(),
        line_tags: line_tags(&session.client),
        deferred: Vec::new(),
    };
    t.run();
    t.records
}

/// The first word of every line of the client stream, with the offsets of those lines
/// (ascending): a cheap way to tell whether the client sends a tag later.
fn line_tags(client: &[u8]) -> HashMap<&[u8], Vec<usize>> {
    let mut map: HashMap<&[u8], Vec<usize>> = HashMap::new();
    let mut start = 0;
    while start < client.len() {
        let end = memchr::memchr(b'\n', &client[start..]).map_or(client.len(), |i| start + i + 1);
        let line = &client[start..end];
        let word = line
            .iter()
            .position(|&b| matches!(b, b' ' | b'\r' | b'\n'))
            .map_or(line, |i| &line[..i]);
        if !word.is_empty() {
            map.entry(word).or_default().push(start);
        }
        start = end;
    }
    map
}

struct Tracer<'a> {
    client: Side<'a, ServerDecoder>,
    server: Side<'a, ClientDecoder>,
    has_server: bool,
    opts: ParserOptions,
    records: Vec<Record>,
    /// Tags of commands recorded and not completed yet, with how many times each is open.
    pending: HashMap<Vec<u8>, usize>,
    line_tags: HashMap<&'a [u8], Vec<usize>>,
    /// Server records read while a command waited for a continuation request: they answer
    /// that command, so they follow its record (a command is recorded once complete).
    deferred: Vec<Record>,
}

impl<'a> Tracer<'a> {
    fn run(&mut self) {
        if self.has_server {
            self.read_server(Until::First);
        }
        // The tag of the AUTHENTICATE exchange and of the IDLE in progress.
        let mut auth_tag: Vec<u8> = Vec::new();
        let mut idle_tag: Vec<u8> = Vec::new();
        // A command refused before its literal: its partial bytes come as `Skipped` next.
        let mut refused: Option<Vec<u8>> = None;
        // The tag of the command whose exchange the next line belongs to (after
        // `expect_auth_line` / `expect_done`): a bad line there is answered with that tag.
        let mut line_for: Option<Vec<u8>> = None;
        while self.client.pos < self.client.bytes.len() {
            let start = self.client.pos;
            let rest: &'a [u8] = &self.client.bytes[start..];
            let (event, consumed) = match self.client.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    self.push_client(Record::error(
                        Dir::Client,
                        start,
                        rest.len(),
                        format!(
                            "stream ends inside a command at offset {}",
                            start + rest.len()
                        ),
                    ));
                    self.client.pos = self.client.bytes.len();
                    break;
                }
            };
            self.client.pos += consumed;
            let message = &rest[..consumed];
            let line_tag = line_for.take();
            match event {
                ServerEvent::NeedContinuation { .. } => {
                    // Nothing consumed: the command is recorded once it is complete.
                    let tag = first_word(rest).to_vec();
                    let mark = self.records.len();
                    let outcome = self.wait(Until::Continuation(&tag), Outcome::Continuation);
                    let answers = self.records.split_off(mark);
                    self.deferred.extend(answers);
                    match outcome {
                        Outcome::Completed(_) => {
                            self.client.dec.refuse_literal();
                            refused = Some(tag);
                        }
                        _ => self.client.dec.continuation_sent(),
                    }
                }
                ServerEvent::Command(cmd) => {
                    let tag = cmd.tag.as_str().as_bytes().to_vec();
                    self.push_client(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        command_kind(&cmd.body),
                        Some(command_roundtrip(&cmd, &self.opts)),
                        summarize_command(&cmd, message),
                    ));
                    *self.pending.entry(tag.clone()).or_default() += 1;
                    match &cmd.body {
                        CommandBody::Authenticate {
                            initial_response, ..
                        } => {
                            // Without the server's answer a challenge is assumed only when
                            // the client sent no initial response.
                            let assume = if initial_response.is_none() {
                                Outcome::Continuation
                            } else {
                                Outcome::Completed(Some(StatusKind::Ok))
                            };
                            if self.wait(Until::Continuation(&tag), assume) == Outcome::Continuation
                            {
                                self.client.dec.expect_auth_line();
                                line_for = Some(tag.clone());
                            }
                            auth_tag = tag;
                        }
                        CommandBody::Idle => {
                            if self.wait(Until::Continuation(&tag), Outcome::Continuation)
                                == Outcome::Continuation
                            {
                                self.client.dec.expect_done();
                                line_for = Some(tag.clone());
                            }
                            idle_tag = tag;
                        }
                        CommandBody::StartTls | CommandBody::Compress { .. } => {
                            let ok = Outcome::Completed(Some(StatusKind::Ok));
                            if self.wait(Until::Done(&tag), ok) == ok {
                                self.client.dec.set_opaque();
                                self.server.dec.set_opaque();
                            }
                        }
                        _ => {
                            self.wait(Until::Done(&tag), Outcome::Ended);
                        }
                    }
                }
                ServerEvent::AuthData(data) => {
                    let roundtrip = AuthData::parse_line_with(&data.encode(), &self.opts)
                        .is_ok_and(|again| again == data);
                    let summary = match data {
                        AuthData::Cancel => "* (cancel)".to_owned(),
                        _ => format!("{consumed} bytes"),
                    };
                    self.push_client(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        "auth-data",
                        Some(roundtrip),
                        summary,
                    ));
                    // Another challenge asks for another line; without one, the exchange
                    // is assumed to be over.
                    let done = Outcome::Completed(Some(StatusKind::Ok));
                    if self.wait(Until::Continuation(&auth_tag), done) == Outcome::Continuation {
                        self.client.dec.expect_auth_line();
                        line_for = Some(auth_tag.clone());
                    }
                }
                ServerEvent::IdleDone => {
                    // `DONE` carries no value: the crate's encoding of it must read back.
                    let roundtrip = parse_idle_done_with(IDLE_DONE, &self.opts).is_ok();
                    self.push_client(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        "idle-done",
                        Some(roundtrip),
                        printable(trim_crlf(message), 40),
                    ));
                    self.wait(Until::Done(&idle_tag), Outcome::Ended);
                }
                ServerEvent::LiteralRefused(e) | ServerEvent::Invalid(e) => {
                    self.push_client(Record::error(Dir::Client, start, consumed, e.to_string()));
                    // The server answers with the line's tag, or within the exchange the
                    // line belonged to with that command's tag.
                    let tag = match (line_tag, e.tag()) {
                        (Some(t), _) => Some(t),
                        (None, Some(t)) => {
                            *self.pending.entry(t.to_vec()).or_default() += 1;
                            Some(t.to_vec())
                        }
                        (None, None) => None,
                    };
                    match tag {
                        Some(tag) => self.wait(Until::Done(&tag), Outcome::Ended),
                        None => self.wait(Until::UntaggedBad, Outcome::Ended),
                    };
                }
                ServerEvent::Skipped => match refused.take() {
                    Some(tag) => self.push_client(Record::error(
                        Dir::Client,
                        start,
                        consumed,
                        format!(
                            "command {} not sent in full: the server answered it before its \
                             literal data",
                            String::from_utf8_lossy(&tag)
                        ),
                    )),
                    None => extend_last(&mut self.records, Dir::Client, consumed),
                },
                ServerEvent::Opaque(_) => {
                    self.push_client(Record::opaque(Dir::Client, start, consumed));
                }
            }
        }
        // Responses after the last command (or to commands past the client capture).
        self.records.append(&mut self.deferred);
        if self.has_server {
            self.read_server(Until::End);
        }
    }

    /// Records a client message, then the server's answers to it that came before it was
    /// complete.
    fn push_client(&mut self, record: Record) {
        self.records.push(record);
        self.records.append(&mut self.deferred);
    }

    /// Reads the server stream for `until`; without a server stream, or when it ends
    /// before the answer, `assume` stands for the answer.
    fn wait(&mut self, until: Until<'_>, assume: Outcome) -> Outcome {
        if !self.has_server {
            return assume;
        }
        match self.read_server(until) {
            Outcome::Ended => assume,
            outcome => outcome,
        }
    }

    /// Whether the client sends a line starting with `tag` after what was decoded so far.
    fn sent_later(&self, tag: &[u8]) -> bool {
        self.line_tags
            .get(tag)
            .and_then(|offsets| offsets.last())
            .is_some_and(|&at| at >= self.client.pos)
    }

    /// Marks one open command with `tag` completed; false if none was open.
    fn complete(&mut self, tag: &[u8]) -> bool {
        match self.pending.get_mut(tag) {
            Some(n) => {
                *n -= 1;
                if *n == 0 {
                    self.pending.remove(tag);
                }
                true
            }
            None => false,
        }
    }

    /// Records server messages for `until` (see [`Until`]).
    fn read_server(&mut self, until: Until<'_>) -> Outcome {
        loop {
            let start = self.server.pos;
            let bytes: &'a [u8] = self.server.bytes;
            if start >= bytes.len() {
                return Outcome::Ended;
            }
            let rest = &bytes[start..];
            // Kept to put the message back when it belongs later in the conversation.
            let saved = self.server.dec.clone();
            let (event, consumed) = match self.server.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    self.records.push(Record::error(
                        Dir::Server,
                        start,
                        rest.len(),
                        format!("stream ends inside a response at offset {}", bytes.len()),
                    ));
                    self.server.pos = bytes.len();
                    return Outcome::Ended;
                }
            };
            let message = &rest[..consumed];
            let record = |kind: String, roundtrip: bool| {
                Record::decoded(
                    Dir::Server,
                    start,
                    consumed,
                    kind,
                    Some(roundtrip),
                    summarize_message(message),
                )
            };
            let mut outcome = None;
            match event {
                ClientEvent::Greeting(g) => {
                    let roundtrip = greeting_roundtrip(&g, &self.opts);
                    self.records.push(record("greeting".into(), roundtrip));
                }
                ClientEvent::Response(r) => {
                    let kind = match &r {
                        Response::Status(s) => format!("status:{}", s.kind().as_str()),
                        Response::Data(d) => format!("data:{}", d.name().to_ascii_uppercase()),
                        Response::Continuation(_) => "continuation".to_owned(),
                    };
                    match &r {
                        Response::Status(s) => match (s.tag(), until) {
                            (Some(t), Until::Done(want) | Until::Continuation(want))
                                if t.as_str().as_bytes() == want =>
                            {
                                self.complete(want);
                                outcome = Some(Outcome::Completed(Some(s.kind())));
                            }
                            (Some(t), _) => {
                                let t = t.as_str().as_bytes();
                                if !matches!(until, Until::End)
                                    && !self.complete(t)
                                    && self.sent_later(t)
                                {
                                    self.server.dec = saved;
                                    return Outcome::Stopped;
                                }
                            }
                            (None, Until::UntaggedBad) if s.kind() == StatusKind::Bad => {
                                outcome = Some(Outcome::Completed(Some(s.kind())));
                            }
                            (None, _) => {}
                        },
                        Response::Continuation(_) => match until {
                            Until::Continuation(_) => outcome = Some(Outcome::Continuation),
                            Until::End | Until::First => {}
                            Until::Done(_) | Until::UntaggedBad => {
                                self.server.dec = saved;
                                return Outcome::Stopped;
                            }
                        },
                        Response::Data(_) => {}
                    }
                    if matches!(until, Until::UntaggedBad) && outcome.is_none() {
                        self.server.dec = saved;
                        return Outcome::Stopped;
                    }
                    let roundtrip = response_roundtrip(&r, &self.opts);
                    self.records.push(record(kind, roundtrip));
                }
                ClientEvent::Invalid(e) => {
                    if matches!(until, Until::UntaggedBad) {
                        self.server.dec = saved;
                        return Outcome::Stopped;
                    }
                    if let (Some(t), Until::Done(want) | Until::Continuation(want)) =
                        (e.tag(), until)
                    {
                        if t == want {
                            self.complete(want);
                            outcome = Some(Outcome::Completed(None));
                        }
                    }
                    self.records
                        .push(Record::error(Dir::Server, start, consumed, e.to_string()));
                }
                ClientEvent::Skipped => {
                    extend_last(&mut self.records, Dir::Server, consumed);
                }
                ClientEvent::Opaque(_) => {
                    self.records
                        .push(Record::opaque(Dir::Server, start, consumed));
                }
            }
            self.server.pos += consumed;
            if let Some(outcome) = outcome {
                return outcome;
            }
            if matches!(until, Until::First) {
                return Outcome::Stopped;
            }
        }
    }
}

/// The first word of a message (its tag).
fn first_word(message: &[u8]) -> &[u8] {
    let end = message
        .iter()
        .position(|&b| matches!(b, b' ' | b'\r' | b'\n'))
        .unwrap_or(message.len());
    &message[..end]
}

/// `command:NAME` in upper case, `command:UID NAME` for the UID forms.
fn command_kind(body: &CommandBody<'_>) -> String {
    let name = body.name().to_ascii_uppercase();
    if body.is_uid() {
        format!("command:UID {name}")
    } else {
        format!("command:{name}")
    }
}

/// The first line of a message as sent (without its line end), with the size of what
/// follows it (literals and the lines after them).
fn summarize_message(message: &[u8]) -> String {
    let first = memchr::memchr(b'\n', message).map_or(message.len(), |i| i + 1);
    let mut s = printable(trim_crlf(&message[..first]), 100);
    if first < message.len() {
        s.push_str(&format!(" (+{} bytes)", message.len() - first));
    }
    s
}

/// A command as sent, with LOGIN's password and SASL initial responses hidden.
fn summarize_command(cmd: &Command<'_>, message: &[u8]) -> String {
    let tag = cmd.tag.as_str();
    match &cmd.body {
        CommandBody::Login { .. } => format!("{tag} LOGIN ****"),
        CommandBody::Authenticate {
            mechanism,
            initial_response: Some(_),
        } => format!(
            "{tag} AUTHENTICATE {} (initial response)",
            mechanism.as_str()
        ),
        _ => summarize_message(message),
    }
}

fn command_roundtrip(cmd: &Command<'_>, opts: &ParserOptions) -> bool {
    let wire = cmd.encode(&EncodeOptions::default());
    Command::parse_message(wire.as_bytes(), opts).is_ok_and(|again| again == *cmd)
}

fn greeting_roundtrip(g: &Greeting<'_>, opts: &ParserOptions) -> bool {
    let wire = g.encode(&EncodeOptions::default());
    Greeting::parse_message(wire.as_bytes(), opts).is_ok_and(|again| again == *g)
}

fn response_roundtrip(r: &Response<'_>, opts: &ParserOptions) -> bool {
    let wire = r.encode(&EncodeOptions::default());
    Response::parse_message(wire.as_bytes(), opts).is_ok_and(|again| again == *r)
}
