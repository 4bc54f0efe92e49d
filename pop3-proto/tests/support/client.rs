//! A tiny POP3 client over `std::net::TcpStream` built from the crate's client side:
//! commands are `Command` values written by `ClientDecoder::encode_command` (which also
//! registers them, so the decoder knows which replies are multi-line), SASL lines are
//! `AuthLine`s, and everything the server sends is decoded by `ClientDecoder` in strict mode:
//! an `Invalid`, `Skipped` or `Opaque` event fails the test.
//!
//! Commands may be pipelined: [`Client::send`] writes several in one write, and
//! [`Client::response`] returns the answers one by one, in order. Reads use a caller-chosen
//! buffer size, so a test can make the decoder see the stream in small pieces.

use std::io::{Read, Write};
use std::net::TcpStream;

use pop3_proto::stream::client::{ClientDecoder, ClientEvent, Listing};
use pop3_proto::types::command::{AuthLine, Command, CommandKind};
use pop3_proto::types::reply::{Continuation, Reply};
use pop3_proto::{ParserOptions, Status};

use super::TIMEOUT;

/// One complete answer from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Response {
    /// A single-line reply (or `-ERR` to a multi-line command).
    Reply {
        /// The pending command it answers.
        command: Option<CommandKind>,
        /// The status line.
        reply: Reply<'static>,
    },
    /// A `+ ` challenge during AUTH.
    Continuation(Continuation<'static>),
    /// `+OK` to RETR or TOP and the message, every `MessageData` piece joined.
    Message {
        /// The command answered.
        command: CommandKind,
        /// The status line.
        reply: Reply<'static>,
        /// The unstuffed content.
        content: Vec<u8>,
    },
    /// `+OK` to LIST, UIDL or CAPA and the typed body.
    Listing {
        /// The command answered.
        command: CommandKind,
        /// The status line.
        reply: Reply<'static>,
        /// The body.
        listing: Listing<'static>,
    },
}

/// A connected client.
pub(crate) struct Client {
    stream: TcpStream,
    decoder: ClientDecoder,
    /// Bytes read and not yet consumed are `buf[start..]`.
    buf: Vec<u8>,
    start: usize,
    /// How many bytes one read may return.
    read_size: usize,
    /// The greeting.
    pub(crate) greeting: Reply<'static>,
    /// The raw bytes of every single-line reply, continuation and listing response (status
    /// line, body and terminator) received, with the decoded response, in order.
    pub(crate) raw: Vec<(Response, Vec<u8>)>,
    /// The number of reads.
    pub(crate) reads: usize,
}

impl Client {
    /// Connects to 127.0.0.1:`port` and reads the greeting, reading at most `read_size`
    /// bytes at a time.
    pub(crate) fn connect(port: u16, read_size: usize) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
        stream
            .set_read_timeout(Some(TIMEOUT))
            .expect("read timeout");
        stream
            .set_write_timeout(Some(TIMEOUT))
            .expect("write timeout");
        let mut client = Self {
            stream,
            decoder: ClientDecoder::new(ParserOptions::default()),
            buf: Vec::new(),
            start: 0,
            read_size: read_size.max(1),
            greeting: Reply::ok("").expect("a reply"),
            raw: Vec::new(),
            reads: 0,
        };
        let (event, raw) = client.event();
        client.greeting = match event {
            Event::Greeting(reply) => {
                assert_eq!(reply.to_bytes(), raw, "greeting re-encodes as received");
                reply
            }
            other => panic!("expected the greeting, got {other:?}"),
        };
        client
    }

    /// Writes `commands` in one write (pipelined when there are several).
    pub(crate) fn send(&mut self, commands: &[Command<'_>]) {
        let mut out = Vec::new();
        for command in commands {
            self.decoder.encode_command(command, &mut out);
        }
        self.stream.write_all(&out).expect("send commands");
    }

    /// Writes one SASL line (after a `+ ` challenge).
    pub(crate) fn send_auth_line(&mut self, line: &AuthLine<'_>) {
        let mut out = Vec::new();
        line.encode(&mut out);
        self.stream.write_all(&out).expect("send a SASL line");
    }

    /// The number of commands sent and not answered yet.
    pub(crate) fn pending(&self) -> usize {
        self.decoder.pending()
    }

    /// The next complete response.
    pub(crate) fn response(&mut self) -> Response {
        let (event, raw) = self.event();
        let response = match event {
            Event::Reply { command, reply } => {
                assert_eq!(reply.to_bytes(), raw, "status line re-encodes as received");
                Response::Reply { command, reply }
            }
            Event::Continuation(c) => {
                assert_eq!(c.to_bytes(), raw, "challenge re-encodes as received");
                Response::Continuation(c)
            }
            Event::Listing {
                command,
                reply,
                listing,
            } => Response::Listing {
                command,
                reply,
                listing,
            },
            Event::MessageStart { command, reply } => {
                assert_eq!(reply.to_bytes(), raw, "status line re-encodes as received");
                let mut content = Vec::new();
                loop {
                    match self.event().0 {
                        Event::MessageData(data) => content.extend_from_slice(&data),
                        Event::MessageEnd => break,
                        other => panic!("inside a message: {other:?}"),
                    }
                }
                return Response::Message {
                    command,
                    reply,
                    content,
                };
            }
            other => panic!("expected the start of a response, got {other:?}"),
        };
        self.raw.push((response.clone(), raw));
        response
    }

    /// The next single-line reply; panics on anything else.
    pub(crate) fn reply(&mut self) -> (Option<CommandKind>, Reply<'static>) {
        match self.response() {
            Response::Reply { command, reply } => (command, reply),
            other => panic!("expected a single-line reply, got {other:?}"),
        }
    }

    /// The next decoder event, owned, with the bytes it consumed; reads as needed. Panics on
    /// `Invalid`, `Skipped`, `Opaque` and on EOF.
    fn event(&mut self) -> (Event, Vec<u8>) {
        loop {
            match self.decoder.decode(&self.buf[self.start..]) {
                Status::Complete { value, consumed } => {
                    let raw = self.buf[self.start..self.start + consumed].to_vec();
                    self.start += consumed;
                    return (Event::from(value), raw);
                }
                Status::Incomplete => {
                    // Keep the bytes not consumed, unchanged, and append.
                    self.buf.drain(..self.start);
                    self.start = 0;
                    let at = self.buf.len();
                    self.buf.resize(at + self.read_size, 0);
                    let n = self.stream.read(&mut self.buf[at..]).expect("read");
                    self.buf.truncate(at + n);
                    self.reads += 1;
                    assert!(
                        n > 0,
                        "the server closed the connection; pending: {}, unconsumed: {:?}",
                        self.decoder.pending(),
                        String::from_utf8_lossy(&self.buf)
                    );
                }
            }
        }
    }

    /// Reads until the server closes the connection; panics if anything arrives.
    pub(crate) fn expect_close(&mut self) {
        assert!(
            self.buf[self.start..].is_empty(),
            "left over: {:?}",
            String::from_utf8_lossy(&self.buf[self.start..])
        );
        let mut rest = Vec::new();
        let _ = self.stream.read_to_end(&mut rest);
        assert!(
            rest.is_empty(),
            "after QUIT: {:?}",
            String::from_utf8_lossy(&rest)
        );
    }
}

/// A [`ClientEvent`] that owns its bytes.
#[derive(Debug)]
enum Event {
    Greeting(Reply<'static>),
    Reply {
        command: Option<CommandKind>,
        reply: Reply<'static>,
    },
    Continuation(Continuation<'static>),
    MessageStart {
        command: CommandKind,
        reply: Reply<'static>,
    },
    MessageData(Vec<u8>),
    MessageEnd,
    Listing {
        command: CommandKind,
        reply: Reply<'static>,
        listing: Listing<'static>,
    },
}

impl From<ClientEvent<'_>> for Event {
    fn from(event: ClientEvent<'_>) -> Self {
        match event {
            ClientEvent::Greeting(r) => Self::Greeting(r.into_owned()),
            ClientEvent::Reply { command, reply } => Self::Reply {
                command,
                reply: reply.into_owned(),
            },
            ClientEvent::Continuation(c) => Self::Continuation(c.into_owned()),
            ClientEvent::MessageStart { command, reply } => Self::MessageStart {
                command,
                reply: reply.into_owned(),
            },
            ClientEvent::MessageData(data) => Self::MessageData(data.to_vec()),
            ClientEvent::MessageEnd => Self::MessageEnd,
            ClientEvent::Listing {
                command,
                reply,
                listing,
            } => Self::Listing {
                command,
                reply: reply.into_owned(),
                listing: listing.into_owned(),
            },
            ClientEvent::Invalid(e) => panic!("the strict client decoder refused: {e}"),
            ClientEvent::Skipped => panic!("Skipped without an Invalid before it"),
            ClientEvent::Opaque(_) => panic!("Opaque bytes without STLS"),
        }
    }
}
