//! `mailwire trace smtp`: pairs the client's commands with the server's replies.
//!
//! The client stream is decoded by smtp-proto's [`ServerDecoder`] (it reads what a client
//! sends), the server stream by its [`ClientDecoder`]. Each command is followed by the reply
//! that answers it (replies come in command order, also when pipelined), and the replies
//! steer the client decoder: 354 after DATA starts message content, 334 after AUTH (or after
//! a SASL line) announces another SASL line, 220 after STARTTLS turns both streams opaque.
//! Without a server stream the positive answer is assumed at each of those points. In LMTP
//! (the client greeted with LHLO) the end of a message is answered once per accepted
//! recipient (RFC 2033 §4.2).

use smtp_proto::encode::data::{DataEncoder, write_bdat_chunk};
use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
use smtp_proto::stream::data::{DataEvent, DataReceiver};
use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::Command;
use smtp_proto::types::reply::Reply;
use smtp_proto::{BareLineEnds, ParserOptions, Status};

use super::{Dir, Record, Session, Side, extend_last, printable, trim_crlf};

/// The built-in sample: EHLO, AUTH PLAIN with a 334 challenge, pipelined MAIL/RCPT/DATA with
/// a rejected recipient, DATA with stuffed lines, BDAT, multi-line replies.
pub(crate) const SAMPLE: (&[u8], &[u8]) = (
    include_bytes!("../../samples/smtp.client"),
    include_bytes!("../../samples/smtp.server"),
);

/// A decoded server reply, or a record that is not a reply (error, opaque).
enum ReplyOutcome {
    /// The reply code (as a number).
    Reply(u16),
    /// The server stream had nothing (or nothing decodable) to answer with.
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
        lmtp: false,
        accepted: 0,
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
    /// The client greeted with LHLO: an LMTP session.
    lmtp: bool,
    /// Recipients accepted in the current transaction (LMTP answers DATA once for each).
    accepted: usize,
}

/// What a client event asks of the server stream.
enum Next {
    /// One reply answers this record.
    Reply,
    /// One reply answers this RCPT; a positive one adds a recipient of the transaction.
    Rcpt,
    /// The message ended: one reply, or in LMTP one per accepted recipient (RFC 2033 §4.2).
    MessageEnd,
    /// No reply (yet): content continues, or a BDAT chunk follows.
    Nothing,
}

impl Tracer<'_> {
    fn run(&mut self) {
        // The greeting.
        self.reply();
        let mut pending: Option<Pending> = None;
        while self.client.pos < self.client.bytes.len() {
            let start = self.client.pos;
            let rest = &self.client.bytes[start..];
            let (event, consumed) = match self.client.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    self.flush_data(&mut pending);
                    self.records.push(Record::error(
                        Dir::Client,
                        start,
                        rest.len(),
                        format!(
                            "stream ends inside a line or message at offset {}",
                            start + rest.len()
                        ),
                    ));
                    self.client.pos = self.client.bytes.len();
                    break;
                }
            };
            self.client.pos += consumed;
            let next = match event {
                ServerEvent::Command(cmd) => {
                    self.flush_data(&mut pending);
                    let verb = cmd.verb().to_uppercase();
                    let line = &rest[..consumed];
                    let roundtrip = Command::parse(&cmd.to_bytes(), &self.opts)
                        .ok()
                        .and_then(Status::complete)
                        .is_some_and(|again| again == cmd);
                    self.records.push(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        format!("command:{verb}"),
                        Some(roundtrip),
                        printable(trim_crlf(line), 100),
                    ));
                    match cmd {
                        Command::Lhlo { .. } => {
                            self.lmtp = true;
                            Next::Reply
                        }
                        Command::Mail { .. } | Command::Rset => {
                            self.accepted = 0;
                            Next::Reply
                        }
                        Command::Rcpt { .. } => Next::Rcpt,
                        Command::Bdat { .. } => Next::Nothing,
                        Command::Data => {
                            if self.answer_is(354) {
                                self.client.dec.start_data();
                            }
                            Next::Nothing
                        }
                        Command::Auth {
                            initial_response, ..
                        } => {
                            // With no server stream, a challenge is assumed only when the
                            // client sent no initial response.
                            if self.answer_is_or(334, initial_response.is_none()) {
                                self.client.dec.expect_auth_line();
                            }
                            Next::Nothing
                        }
                        Command::StartTls => {
                            if self.answer_is(220) {
                                self.client.dec.start_tls();
                                self.server.dec.start_tls();
                            }
                            Next::Nothing
                        }
                        _ => Next::Reply,
                    }
                }
                ServerEvent::AuthLine(line) => {
                    let roundtrip = {
                        let mut again = line.to_vec();
                        again.extend_from_slice(b"\r\n");
                        let mut dec = ServerDecoder::new(self.opts);
                        dec.expect_auth_line();
                        matches!(dec.decode(&again), Status::Complete { value: ServerEvent::AuthLine(l), .. } if l == line)
                    };
                    self.records.push(Record::decoded(
                        Dir::Client,
                        start,
                        consumed,
                        "auth-data",
                        Some(roundtrip),
                        format!("{} bytes", line.len()),
                    ));
                    // A further 334 asks for another line; anything else ends the exchange.
                    if self.answer_is_or(334, false) {
                        self.client.dec.expect_auth_line();
                    }
                    Next::Nothing
                }
                ServerEvent::Data(piece) => {
                    let p = pending.get_or_insert_with(|| Pending::new(start));
                    p.content.extend_from_slice(piece);
                    p.len = self.client.pos - p.start;
                    Next::Nothing
                }
                ServerEvent::DataEnd => {
                    let p = pending.get_or_insert_with(|| Pending::new(start));
                    p.len = self.client.pos - p.start;
                    p.ended = true;
                    self.flush_data(&mut pending);
                    Next::MessageEnd
                }
                ServerEvent::BdatChunk(piece) => {
                    let p = pending.get_or_insert_with(|| Pending::bdat(start));
                    p.content.extend_from_slice(piece);
                    p.len = self.client.pos - p.start;
                    Next::Nothing
                }
                ServerEvent::BdatEnd { last } => {
                    self.flush_data(&mut pending);
                    if last { Next::MessageEnd } else { Next::Reply }
                }
                ServerEvent::Invalid(e) => {
                    // Errors inside DATA or a BDAT chunk are answered once, after its end;
                    // a bad command line is answered at once.
                    let in_content = self.client.dec.is_in_content();
                    self.flush_data(&mut pending);
                    self.records
                        .push(Record::error(Dir::Client, start, consumed, e.to_string()));
                    if in_content {
                        Next::Nothing
                    } else {
                        Next::Reply
                    }
                }
                ServerEvent::Skipped => {
                    // Extend whatever covers the bytes before: the error, or the content.
                    if let Some(p) = pending.as_mut() {
                        p.len = self.client.pos - p.start;
                    } else {
                        extend_last(&mut self.records, Dir::Client, consumed);
                    }
                    Next::Nothing
                }
                ServerEvent::Opaque(_) => {
                    self.flush_data(&mut pending);
                    self.records
                        .push(Record::opaque(Dir::Client, start, consumed));
                    Next::Nothing
                }
            };
            match next {
                Next::Reply => {
                    self.reply();
                }
                Next::Rcpt => {
                    if let ReplyOutcome::Reply(200..=299) = self.reply() {
                        self.accepted += 1;
                    }
                }
                Next::MessageEnd => {
                    let replies = if self.lmtp { self.accepted.max(1) } else { 1 };
                    for _ in 0..replies {
                        self.reply();
                    }
                    self.accepted = 0;
                }
                Next::Nothing => {}
            }
        }
        self.flush_data(&mut pending);
        // Replies nobody asked for (or to commands after the client capture ends).
        while self.server.pos < self.server.bytes.len() {
            self.reply();
        }
    }

    /// Decodes the next reply and tells whether its code is `code`. Without a server
    /// stream, the positive answer is assumed.
    fn answer_is(&mut self, code: u16) -> bool {
        self.answer_is_or(code, true)
    }

    /// Like [`Self::answer_is`], with `assume` when there is no server stream.
    fn answer_is_or(&mut self, code: u16, assume: bool) -> bool {
        if !self.has_server {
            return assume;
        }
        match self.reply() {
            ReplyOutcome::Reply(c) => c == code,
            ReplyOutcome::Nothing => assume,
        }
    }

    /// Records the next server record(s) up to and including one reply.
    fn reply(&mut self) -> ReplyOutcome {
        loop {
            let start = self.server.pos;
            if start >= self.server.bytes.len() {
                return ReplyOutcome::Nothing;
            }
            let rest = &self.server.bytes[start..];
            let (event, consumed) = match self.server.dec.decode(rest) {
                Status::Complete { value, consumed } => (value, consumed),
                Status::Incomplete => {
                    self.records.push(Record::error(
                        Dir::Server,
                        start,
                        rest.len(),
                        format!(
                            "stream ends inside a reply at offset {}",
                            start + rest.len()
                        ),
                    ));
                    self.server.pos = self.server.bytes.len();
                    return ReplyOutcome::Nothing;
                }
            };
            self.server.pos += consumed;
            match event {
                ClientEvent::Reply(reply) => {
                    let code = reply.code();
                    let roundtrip = Reply::parse(&reply.to_bytes(), &self.opts)
                        .ok()
                        .and_then(Status::complete)
                        .is_some_and(|again| again == reply);
                    let mut lines = reply.lines();
                    let first = lines.next().unwrap_or_default();
                    let more = lines.count();
                    let mut summary = format!("{code} {}", printable(first, 90));
                    if more > 0 {
                        summary.push_str(&format!(" (+{more} lines)"));
                    }
                    self.records.push(Record::decoded(
                        Dir::Server,
                        start,
                        consumed,
                        format!("reply:{code}"),
                        Some(roundtrip),
                        summary,
                    ));
                    return ReplyOutcome::Reply(u16::from(code));
                }
                ClientEvent::Invalid(e) => {
                    self.records
                        .push(Record::error(Dir::Server, start, consumed, e.to_string()));
                    // An undecodable reply still answered something: count it.
                    return ReplyOutcome::Nothing;
                }
                ClientEvent::Skipped => {
                    extend_last(&mut self.records, Dir::Server, consumed);
                }
                ClientEvent::Opaque(_) => {
                    self.records
                        .push(Record::opaque(Dir::Server, start, consumed));
                    return ReplyOutcome::Nothing;
                }
            }
        }
    }

    /// Emits the DATA content or BDAT chunk record collected so far.
    fn flush_data(&mut self, pending: &mut Option<Pending>) {
        let Some(p) = pending.take() else { return };
        if p.len == 0 {
            return;
        }
        let (kind, roundtrip, summary) = if p.bdat {
            let mut wire = Vec::new();
            write_bdat_chunk(&p.content, false, &mut wire);
            let again = wire.len() - p.content.len();
            (
                "bdat-chunk",
                wire[again..] == p.content[..],
                format!("{} bytes", p.content.len()),
            )
        } else {
            let lines = p.content.split(|&b| b == b'\n').count().saturating_sub(1);
            (
                "data",
                data_roundtrip(&p.content, p.ended, &self.opts),
                format!(
                    "{} bytes of content, {lines} line{}",
                    p.content.len(),
                    if lines == 1 { "" } else { "s" }
                ),
            )
        };
        self.records.push(Record::decoded(
            Dir::Client,
            p.start,
            p.len,
            kind,
            Some(roundtrip),
            summary,
        ));
    }
}

/// Content collected for one `data` or `bdat-chunk` record.
struct Pending {
    start: usize,
    len: usize,
    content: Vec<u8>,
    bdat: bool,
    ended: bool,
}

impl Pending {
    fn new(start: usize) -> Self {
        Self {
            start,
            len: 0,
            content: Vec::new(),
            bdat: false,
            ended: false,
        }
    }

    fn bdat(start: usize) -> Self {
        Self {
            bdat: true,
            ..Self::new(start)
        }
    }
}

/// Encodes DATA content with the crate's encoder and decodes it again.
fn data_roundtrip(content: &[u8], ended: bool, opts: &ParserOptions) -> bool {
    let mut wire = Vec::new();
    let mut enc = DataEncoder::new(BareLineEnds::Reject);
    if enc.encode(content, &mut wire).is_err() || enc.finish(&mut wire).is_err() {
        return false;
    }
    let mut rx = DataReceiver::new(opts);
    let mut again = Vec::new();
    let mut input = &wire[..];
    loop {
        match rx.decode(input) {
            Status::Complete { value, consumed } => {
                input = &input[consumed..];
                match value {
                    DataEvent::Content(piece) => again.extend_from_slice(piece),
                    DataEvent::End => break,
                    DataEvent::Invalid(_) => return false,
                }
            }
            Status::Incomplete => return false,
        }
    }
    // finish() completes a last line without CRLF; a piece cut short by an error lacks one.
    if !ended && !content.ends_with(b"\r\n") {
        again.truncate(again.len().saturating_sub(2));
    }
    again == content
}
