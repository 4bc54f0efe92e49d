//! A tiny SMTP client over `std::net::TcpStream` built from the crate's client side:
//! commands are `Command` values encoded by the crate, replies are decoded by
//! `ClientDecoder` (strict mode: any `Invalid` fails the test), the EHLO reply is parsed as an
//! `EhloReply`, and message content goes through `DataEncoder`.
//!
//! One command per write, waiting for each reply (the OpenSMTPD under test does not offer
//! PIPELINING).

use std::io::{Read, Write};
use std::net::TcpStream;

use smtp_proto::encode::data::{BareLineEnds, DataEncoder};
use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
use smtp_proto::types::command::Command;
use smtp_proto::types::path::{Domain, Host};
use smtp_proto::{EhloReply, ForwardPath, Parameters, ParserOptions, Reply, ReversePath, Status};

use super::TIMEOUT;

/// A connected client.
pub(crate) struct Client {
    stream: TcpStream,
    decoder: ClientDecoder,
    /// Bytes read but not yet decoded.
    buf: Vec<u8>,
    /// Every reply received, in order, with its raw bytes.
    pub(crate) replies: Vec<(Reply<'static>, Vec<u8>)>,
}

impl Client {
    /// Connects to 127.0.0.1:`port` and reads the greeting, which must be 220.
    pub(crate) fn connect(port: u16) -> Self {
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
            replies: Vec::new(),
        };
        let greeting = client.read_reply();
        assert_eq!(greeting.code().get(), 220, "greeting {greeting:?}");
        client
    }

    /// Reads one reply. Panics on an `Invalid` or `Skipped` event (the server's bytes do
    /// not parse in strict mode), on EOF and on I/O errors.
    pub(crate) fn read_reply(&mut self) -> Reply<'static> {
        let mut chunk = [0u8; 4096];
        loop {
            match self.decoder.decode(&self.buf) {
                Status::Complete { value, consumed } => {
                    let raw = self.buf[..consumed].to_vec();
                    let reply = match value {
                        ClientEvent::Reply(reply) => reply.into_owned(),
                        other => panic!(
                            "the server's reply does not parse in strict mode: {other:?} in {:?}",
                            String::from_utf8_lossy(&raw)
                        ),
                    };
                    self.buf.drain(..consumed);
                    self.replies.push((reply.clone(), raw));
                    return reply;
                }
                Status::Incomplete => {
                    let n = self.stream.read(&mut chunk).expect("read from the server");
                    assert!(
                        n > 0,
                        "the server closed the connection; undecoded: {:?}",
                        String::from_utf8_lossy(&self.buf)
                    );
                    self.buf.extend_from_slice(&chunk[..n]);
                }
            }
        }
    }

    /// Sends one command and returns its reply.
    pub(crate) fn command(&mut self, cmd: &Command<'_>) -> Reply<'static> {
        let mut line = Vec::new();
        cmd.encode(&mut line);
        self.stream.write_all(&line).expect("write a command");
        self.read_reply()
    }

    /// Sends a command and checks the reply code.
    pub(crate) fn expect(&mut self, cmd: &Command<'_>, code: u16) -> Reply<'static> {
        let reply = self.command(cmd);
        assert_eq!(
            reply.code().get(),
            code,
            "reply to {:?}: {reply:?}",
            String::from_utf8_lossy(&cmd.to_bytes())
        );
        reply
    }

    /// EHLO `name`; the reply must be 250 and parse (strict mode) as an EHLO reply.
    pub(crate) fn ehlo(&mut self, name: &str) -> EhloReply<'static> {
        let host = Host::Domain(Domain::new(name).expect("a valid EHLO name"));
        let reply = self.expect(&Command::Ehlo { host }, 250);
        EhloReply::from_reply(&reply, &ParserOptions::default())
            .unwrap_or_else(|e| panic!("EHLO reply {reply:?} does not parse: {e}"))
            .into_owned()
    }

    /// One transaction: MAIL (with `params`), every RCPT, DATA (354), the content through
    /// `DataEncoder` (refusing bare CR/LF), then the final reply, which must be 250.
    pub(crate) fn send(
        &mut self,
        from: ReversePath<'_>,
        params: Parameters<'_>,
        rcpts: &[ForwardPath<'_>],
        content: &[u8],
    ) -> Reply<'static> {
        self.expect(&Command::Mail { from, params }, 250);
        for to in rcpts {
            let rcpt = Command::Rcpt {
                to: to.clone(),
                params: Parameters::new(),
            };
            self.expect(&rcpt, 250);
        }
        self.expect(&Command::Data, 354);
        let mut wire = Vec::with_capacity(content.len() + content.len() / 64 + 8);
        let mut encoder = DataEncoder::new(BareLineEnds::Reject);
        // Fed in uneven pieces: the encoder's output must not depend on the split.
        for piece in content.chunks(7919) {
            encoder
                .encode(piece, &mut wire)
                .expect("content without bare CR or LF");
        }
        encoder
            .finish(&mut wire)
            .expect("content without a trailing bare CR");
        self.stream.write_all(&wire).expect("write the content");
        let reply = self.read_reply();
        assert_eq!(
            reply.code().get(),
            250,
            "reply to the end of data: {reply:?}"
        );
        reply
    }

    /// QUIT; the reply must be 221.
    pub(crate) fn quit(mut self) -> Vec<(Reply<'static>, Vec<u8>)> {
        self.expect(&Command::Quit, 221);
        assert!(
            self.buf.is_empty(),
            "bytes after the last reply: {:?}",
            String::from_utf8_lossy(&self.buf)
        );
        self.replies
    }
}
