//! An IMAP client made of the crate's client side only: commands written with
//! `Command::encode` and sent fragment by fragment (waiting for the server's continuation
//! request before a synchronizing literal, RFC 9051 §7.5), the server's bytes read with a
//! strict `ClientDecoder`. Every response it reads must decode (an `Invalid` event fails the
//! test) and must survive `parse(encode(r)) == r`.

use std::io::{Read, Write};
use std::net::TcpStream;

use imap_proto::encode::core::{EncodeOptions, Fragment};
use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::types::command::{Command, CommandBody};
use imap_proto::types::core::Tag;
use imap_proto::types::response::{Greeting, Response, StatusResponse};
use imap_proto::{ParserOptions, Status};

use super::TIMEOUT;

/// A connection to an IMAP server on 127.0.0.1.
pub(crate) struct Client {
    stream: TcpStream,
    dec: ClientDecoder,
    opts: ParserOptions,
    /// Received bytes not decoded yet.
    buf: Vec<u8>,
    next_tag: u32,
}

/// What a command got: the untagged responses before its completion, and the completion.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) untagged: Vec<Response<'static>>,
    pub(crate) done: StatusResponse<'static>,
    /// How many continuation requests the command waited for.
    pub(crate) continuations: usize,
}

impl Client {
    /// Connects and reads the greeting.
    pub(crate) fn connect(port: u16) -> (Self, Greeting<'static>) {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to 127.0.0.1");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        let opts = ParserOptions::new();
        let mut client = Self {
            stream,
            dec: ClientDecoder::new(opts),
            opts,
            buf: Vec::new(),
            next_tag: 1,
        };
        let greeting = match client.next_event() {
            Event::Greeting(g) => g,
            Event::Response(r) => panic!("expected the greeting, got {r:?}"),
        };
        let wire = greeting.encode(&EncodeOptions::default());
        assert_eq!(
            Greeting::parse_message(wire.as_bytes(), &opts).unwrap(),
            greeting
        );
        (client, greeting)
    }

    /// Sends one command (the client chooses the tag) and reads up to its completion.
    pub(crate) fn run(&mut self, body: CommandBody<'_>, enc: &EncodeOptions) -> Answer {
        let tag = format!("t{}", self.next_tag);
        self.next_tag += 1;
        let command = Command {
            tag: Tag::new(tag.clone()).unwrap(),
            body,
        };
        let wire = command.encode(enc);
        let mut untagged = Vec::new();
        let mut continuations = 0;
        for fragment in wire.fragments() {
            match fragment {
                Fragment::Line(line) => self.stream.write_all(line).unwrap(),
                Fragment::Literal { data, sync } => {
                    if sync {
                        // Wait for "+"; a tagged answer instead refuses the command.
                        loop {
                            match self.next_response() {
                                Response::Continuation(_) => break,
                                Response::Status(s) if s.tag().is_some() => {
                                    return Answer {
                                        untagged,
                                        done: s,
                                        continuations,
                                    };
                                }
                                r => untagged.push(r),
                            }
                        }
                        continuations += 1;
                    }
                    self.stream.write_all(data).unwrap();
                }
            }
        }
        loop {
            match self.next_response() {
                Response::Status(s) if s.tag().is_some_and(|t| t.as_str() == tag) => {
                    return Answer {
                        untagged,
                        done: s,
                        continuations,
                    };
                }
                Response::Continuation(c) => panic!("unexpected continuation request {c:?}"),
                r => untagged.push(r),
            }
        }
    }

    /// Parses `text` (one command, tag included, CRLF at the end) with the crate and runs
    /// its body.
    pub(crate) fn run_text(&mut self, text: &str) -> Answer {
        let command = Command::parse_message(text.as_bytes(), &self.opts)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        self.run(command.body, &EncodeOptions::default())
    }

    fn next_response(&mut self) -> Response<'static> {
        match self.next_event() {
            Event::Response(r) => r,
            Event::Greeting(g) => panic!("a second greeting {g:?}"),
        }
    }

    /// The next greeting or response, reading from the socket as needed.
    fn next_event(&mut self) -> Event {
        loop {
            match self.dec.decode(&self.buf) {
                Status::Complete { value, consumed } => {
                    let event = match value {
                        ClientEvent::Greeting(g) => Event::Greeting(g.into_owned()),
                        ClientEvent::Response(r) => {
                            let wire = r.encode(&EncodeOptions::default());
                            let again = Response::parse_message(wire.as_bytes(), &self.opts)
                                .unwrap_or_else(|e| panic!("{r:?} re-encoded to {wire:?}: {e}"));
                            assert_eq!(again, r, "parse(encode(r)) == r");
                            Event::Response(r.into_owned())
                        }
                        other => panic!(
                            "server bytes that do not decode: {other:?} in {:?}",
                            String::from_utf8_lossy(&self.buf)
                        ),
                    };
                    self.buf.drain(..consumed);
                    return event;
                }
                Status::Incomplete => {
                    let mut chunk = [0u8; 16 * 1024];
                    let n = self.stream.read(&mut chunk).expect("read from the server");
                    assert!(n > 0, "the server closed the connection");
                    self.buf.extend_from_slice(&chunk[..n]);
                }
            }
        }
    }
}

enum Event {
    Greeting(Greeting<'static>),
    Response(Response<'static>),
}
