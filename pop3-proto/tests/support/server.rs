//! A tiny POP3 server on 127.0.0.1 built from the crate's server side: `ServerDecoder`
//! frames and parses what the client sends, every answer is built and encoded by the crate
//! (`Reply`, `Continuation`, `Stat`, `ScanListing`, `UidListing`, `Capabilities`), and every
//! multi-line body (RETR, TOP, LIST, UIDL, CAPA) goes through `encode_body`, which
//! dot-stuffs it and appends the terminator (RFC 1939 §3).
//!
//! It serves a fixed maildrop to the one user ([`USER`](super::USER) /
//! [`PASSWORD`](super::PASSWORD)), who may log in with USER/PASS (RFC 1939 §7), APOP (when
//! the greeting has a timestamp and the test gave the digest it expects) or AUTH PLAIN (RFC
//! 5034, with or without an initial response, when SASL is advertised). Deletions are
//! recorded, not applied: every session sees the same maildrop.
//!
//! One thread accepts connections, one thread serves each connection; finished sessions
//! come back to the test through a channel.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use pop3_proto::encode::body::{BareLineEnds, encode_body};
use pop3_proto::stream::server::{ServerDecoder, ServerEvent};
use pop3_proto::types::capa::{CapaText, CapaWord, Capabilities, Capability};
use pop3_proto::types::command::{AuthLine, Command, InitialResponse, MessageNumber};
use pop3_proto::types::listing::{ScanListing, Stat, UidListing};
use pop3_proto::types::reply::{Continuation, Reply, RespCode};
use pop3_proto::{Error, ParserOptions, Status};

use super::{PASSWORD, TIMEOUT, USER, base64_decode};

/// The APOP timestamp in the greeting when [`Config::apop_timestamp`] is set (the shape of
/// RFC 1939 §7's example, `<process-ID.clock@hostname>`).
pub(crate) const TIMESTAMP: &str = "<1896.697170952@loopback.example.test>";

/// One message of the maildrop.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// Its unique-id (RFC 1939 §7: 1 to 70 characters 0x21 to 0x7E).
    pub(crate) uid: String,
    /// The content as stored and retrieved: CRLF line ends, not dot-stuffed.
    pub(crate) content: Vec<u8>,
}

/// What the server offers.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The maildrop; message N is `mailbox[N - 1]`.
    pub(crate) mailbox: Vec<Message>,
    /// Advertise `SASL PLAIN` in CAPA and accept `AUTH PLAIN`.
    pub(crate) sasl: bool,
    /// Put [`TIMESTAMP`] in the greeting.
    pub(crate) apop_timestamp: bool,
    /// The APOP digest to accept (MD5 of [`TIMESTAMP`] and the password, computed by the test
    /// with an independent MD5); `None` refuses every APOP.
    pub(crate) apop_digest: Option<[u8; 16]>,
    /// The command decoder's options.
    pub(crate) opts: ParserOptions,
}

/// One AUTH exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthExchange {
    /// The mechanism as sent.
    pub(crate) mechanism: String,
    /// The decoded initial response (`Some(vec![])` for `=`).
    pub(crate) initial: Option<Vec<u8>>,
    /// The decoded responses sent after `+ ` continuations, in order.
    pub(crate) responses: Vec<Vec<u8>>,
    /// The client cancelled with `*`.
    pub(crate) cancelled: bool,
}

/// Everything one connection did.
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// Every command, parsed, in order.
    pub(crate) commands: Vec<Command<'static>>,
    /// The raw bytes of every line the client sent (commands and SASL lines, CRLF included),
    /// in order.
    pub(crate) lines: Vec<Vec<u8>>,
    /// For each read from the socket that completed at least one line: how many.
    pub(crate) lines_per_read: Vec<usize>,
    /// AUTH exchanges, in order.
    pub(crate) auth: Vec<AuthExchange>,
    /// How the client logged in (`"USER"`, `"APOP"`, `"AUTH PLAIN"`), if it did.
    pub(crate) login: Option<&'static str>,
    /// Failed login attempts (wrong password, digest or credentials).
    pub(crate) failed_logins: usize,
    /// Every `Invalid` event.
    pub(crate) invalid: Vec<Error>,
    /// Errors of `encode_body` (a test message with a bare CR or LF).
    pub(crate) body_errors: Vec<(u32, Error)>,
    /// The messages marked deleted when the client sent QUIT (RFC 1939 §6), ascending.
    pub(crate) deleted: Vec<u32>,
    /// The client sent QUIT (and got `+OK`).
    pub(crate) quit: bool,
    /// An I/O error that ended the session, if any.
    pub(crate) io_error: Option<String>,
}

impl Session {
    /// Every line the client sent, without CRLF, as text (lossy).
    pub(crate) fn line_texts(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| {
                let l = l.strip_suffix(b"\r\n").unwrap_or(l);
                String::from_utf8_lossy(l).into_owned()
            })
            .collect()
    }

    /// Panics unless the session ended with QUIT, without I/O errors, without any
    /// `Invalid` event and without a body the encoder refused.
    pub(crate) fn assert_clean(&self) {
        assert_eq!(self.io_error, None, "I/O error in {self:#?}");
        assert!(
            self.invalid.is_empty(),
            "Invalid events: {:?}",
            self.invalid
        );
        assert!(
            self.body_errors.is_empty(),
            "bodies refused: {:?}",
            self.body_errors
        );
        assert!(self.quit, "no QUIT in {:?}", self.line_texts());
    }
}

/// A running loopback server; stops accepting when dropped.
pub(crate) struct Loopback {
    port: u16,
    sessions: Receiver<Session>,
    stop: Arc<AtomicBool>,
}

impl Loopback {
    /// Listens on 127.0.0.1 on a free port (port 0).
    pub(crate) fn start(config: Config) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let config = Arc::new(config);
        thread::spawn(move || accept_loop(&listener, &tx, &stopping, &config));
        Self {
            port,
            sessions: rx,
            stop,
        }
    }

    /// The port the server listens on.
    pub(crate) const fn port(&self) -> u16 {
        self.port
    }

    /// The next finished session (panics after [`TIMEOUT`]).
    pub(crate) fn session(&self) -> Session {
        self.sessions
            .recv_timeout(TIMEOUT)
            .expect("a client session within the time limit")
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn accept_loop(
    listener: &TcpListener,
    tx: &Sender<Session>,
    stop: &AtomicBool,
    config: &Arc<Config>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let tx = tx.clone();
        let config = Arc::clone(config);
        thread::spawn(move || {
            let session = serve(stream, &config);
            let _ = tx.send(session);
        });
    }
}

/// RFC 1939 §3: the AUTHORIZATION state, then TRANSACTION after a successful login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Authorization,
    Transaction,
}

struct Conn<'c> {
    config: &'c Config,
    decoder: ServerDecoder,
    session: Session,
    state: State,
    /// The name a USER command gave, waiting for PASS.
    user: Option<String>,
    /// An AUTH PLAIN exchange waits for the client's response line.
    pending_auth: bool,
    /// Marked deleted (message numbers), applied only to what the session reports.
    deleted: Vec<bool>,
    out: Vec<u8>,
    close: bool,
}

fn ok(out: &mut Vec<u8>, text: &str) {
    Reply::ok(text).expect("valid reply text").encode(out);
}

fn err(out: &mut Vec<u8>, text: &str) {
    Reply::err(text).expect("valid reply text").encode(out);
}

/// Serves one connection until QUIT, EOF, an I/O error or the time limit.
fn serve(mut stream: TcpStream, config: &Config) -> Session {
    let mut conn = Conn {
        config,
        decoder: ServerDecoder::new(config.opts),
        session: Session::default(),
        state: State::Authorization,
        user: None,
        pending_auth: false,
        deleted: vec![false; config.mailbox.len()],
        out: Vec::new(),
        close: false,
    };
    if let Err(e) = conn.run(&mut stream) {
        conn.session.io_error = Some(e.to_string());
    }
    let _ = stream.shutdown(Shutdown::Both);
    conn.session
}

impl<'c> Conn<'c> {
    fn run(&mut self, stream: &mut TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        let greeting = if self.config.apop_timestamp {
            format!("POP3 loopback ready {TIMESTAMP}")
        } else {
            "POP3 loopback ready".to_owned()
        };
        ok(&mut self.out, &greeting);
        stream.write_all(&self.out)?;
        self.out.clear();

        let mut buf: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
            let mut start = 0;
            let mut lines = 0;
            while !self.close {
                let Status::Complete { value, consumed } = self.decoder.decode(&buf[start..])
                else {
                    break;
                };
                if matches!(value, ServerEvent::Command(_) | ServerEvent::AuthLine(_)) {
                    lines += 1;
                    self.session
                        .lines
                        .push(buf[start..start + consumed].to_vec());
                }
                self.event(value);
                start += consumed;
            }
            buf.drain(..start);
            if lines > 0 {
                self.session.lines_per_read.push(lines);
            }
            // RFC 2449 §6.6: replies to pipelined commands may go out together.
            if !self.out.is_empty() {
                stream.write_all(&self.out)?;
                self.out.clear();
            }
            if self.close {
                return Ok(());
            }
        }
    }

    fn event(&mut self, event: ServerEvent<'_>) {
        match event {
            ServerEvent::Command(cmd) => {
                self.session.commands.push(cmd.clone().into_owned());
                self.command(cmd);
            }
            ServerEvent::AuthLine(line) => self.auth_line(&line),
            ServerEvent::Invalid(e) => {
                self.session.invalid.push(e);
                self.pending_auth = false;
                err(&mut self.out, "Invalid command");
            }
            ServerEvent::Skipped => {}
            ServerEvent::Opaque(_) => {
                // STLS is never accepted, so this cannot happen; hang up if it does.
                err(&mut self.out, "Unexpected");
                self.close = true;
            }
        }
    }

    fn capabilities(&self) -> Capabilities<'static> {
        let mut caps = vec![Capability::Top, Capability::Uidl, Capability::User];
        if self.config.sasl {
            caps.push(Capability::Sasl(vec![
                CapaWord::new("PLAIN").expect("a mechanism"),
            ]));
        }
        caps.extend([
            Capability::RespCodes,
            Capability::Pipelining,
            Capability::AuthRespCode,
            Capability::Implementation(
                CapaText::new("pop3-proto loopback").expect("capability text"),
            ),
        ]);
        caps.into()
    }

    /// The message `n` if it exists and is not marked deleted.
    fn message(&self, n: MessageNumber) -> Option<&'c Message> {
        let i = usize::try_from(n.get()).ok()? - 1;
        if *self.deleted.get(i)? {
            return None;
        }
        self.config.mailbox.get(i)
    }

    /// `+OK text`, then `body` dot-stuffed with its terminator; `-ERR` if the encoder
    /// refuses the body (a test message with a bare CR or LF).
    fn multiline(&mut self, n: u32, text: &str, body: &[u8]) {
        let mut encoded = Vec::with_capacity(body.len() + body.len() / 32 + 8);
        match encode_body(body, BareLineEnds::Reject, &mut encoded) {
            Ok(()) => {
                ok(&mut self.out, text);
                self.out.extend_from_slice(&encoded);
            }
            Err(e) => {
                self.session.body_errors.push((n, e));
                err(&mut self.out, "Cannot send this message");
            }
        }
    }

    fn logged_in(&mut self, how: &'static str) {
        self.state = State::Transaction;
        self.session.login = Some(how);
        ok(&mut self.out, "Logged in.");
    }

    fn login_failed(&mut self) {
        self.session.failed_logins += 1;
        // RFC 3206 §4: [AUTH] for a problem with the credentials.
        Reply::err_with_code(RespCode::Auth, "Authentication failed.")
            .expect("valid reply text")
            .encode(&mut self.out);
    }

    fn command(&mut self, cmd: Command<'_>) {
        if !matches!(cmd, Command::Pass { .. }) {
            // RFC 1939 §7: PASS must follow USER directly.
            self.user = match &cmd {
                Command::User { name } => Some(name.as_str().to_owned()),
                _ => None,
            };
        }
        match (self.state, cmd) {
            (_, Command::Capa) => {
                let mut lines = Vec::new();
                self.capabilities().encode(&mut lines);
                self.multiline(0, "Capability list follows", &lines);
            }
            (_, Command::Quit) => {
                if self.state == State::Transaction {
                    // RFC 1939 §6: the UPDATE state removes the marked messages.
                    self.session.deleted = (1..)
                        .zip(&self.deleted)
                        .filter(|&(_, &d)| d)
                        .map(|(n, _)| n)
                        .collect();
                }
                ok(&mut self.out, "Bye.");
                self.session.quit = true;
                self.close = true;
            }
            (State::Authorization, Command::User { name }) => {
                if name.as_str() == USER {
                    ok(&mut self.out, "Send PASS.");
                } else {
                    err(&mut self.out, "Unknown user.");
                }
            }
            (State::Authorization, Command::Pass { password }) => {
                let user = self.user.take();
                if user.as_deref() == Some(USER) && password.as_bytes() == PASSWORD.as_bytes() {
                    self.logged_in("USER");
                } else if user.is_none() {
                    err(&mut self.out, "USER first.");
                } else {
                    self.login_failed();
                }
            }
            (State::Authorization, Command::Apop { name, digest }) => {
                if name.as_str() == USER
                    && self.config.apop_timestamp
                    && self.config.apop_digest == Some(*digest.as_bytes())
                {
                    self.logged_in("APOP");
                } else {
                    self.login_failed();
                }
            }
            (
                State::Authorization,
                Command::Auth {
                    mechanism,
                    initial_response,
                },
            ) => self.auth(mechanism.as_str(), initial_response.as_ref()),
            (State::Transaction, Command::Stat) => {
                let (count, size) = self
                    .visible()
                    .fold((0, 0), |(c, s), (_, m)| (c + 1, s + m.content.len() as u64));
                Stat::new(count, size).encode(&mut self.out);
            }
            (State::Transaction, Command::List { msg: Some(n) }) => match self.message(n) {
                Some(m) => ScanListing::new(n.get(), m.content.len() as u64)
                    .expect("a listing")
                    .encode_reply(&mut self.out),
                None => err(&mut self.out, "No such message."),
            },
            (State::Transaction, Command::List { msg: None }) => {
                let mut lines = Vec::new();
                let (mut count, mut size) = (0, 0);
                for (n, m) in self.visible() {
                    ScanListing::new(n, m.content.len() as u64)
                        .expect("a listing")
                        .encode(&mut lines);
                    count += 1;
                    size += m.content.len();
                }
                self.multiline(0, &format!("{count} messages ({size} octets)"), &lines);
            }
            (State::Transaction, Command::Uidl { msg: Some(n) }) => match self.message(n) {
                Some(m) => UidListing::new(n.get(), m.uid.as_str())
                    .expect("a unique-id")
                    .encode_reply(&mut self.out),
                None => err(&mut self.out, "No such message."),
            },
            (State::Transaction, Command::Uidl { msg: None }) => {
                let mut lines = Vec::new();
                for (n, m) in self.visible() {
                    UidListing::new(n, m.uid.as_str())
                        .expect("a unique-id")
                        .encode(&mut lines);
                }
                self.multiline(0, "", &lines);
            }
            (State::Transaction, Command::Retr { msg }) => match self.message(msg) {
                Some(m) => {
                    self.multiline(
                        msg.get(),
                        &format!("{} octets", m.content.len()),
                        &m.content,
                    );
                }
                None => err(&mut self.out, "No such message."),
            },
            (State::Transaction, Command::Top { msg, lines }) => match self.message(msg) {
                Some(m) => {
                    let top = top_of(&m.content, lines);
                    self.multiline(msg.get(), "Top of message follows.", top);
                }
                None => err(&mut self.out, "No such message."),
            },
            (State::Transaction, Command::Dele { msg }) => {
                if self.message(msg).is_some() {
                    self.deleted[msg.get() as usize - 1] = true;
                    ok(&mut self.out, &format!("Message {} deleted.", msg.get()));
                } else {
                    err(&mut self.out, "No such message.");
                }
            }
            (State::Transaction, Command::Noop) => ok(&mut self.out, ""),
            (State::Transaction, Command::Rset) => {
                self.deleted.iter_mut().for_each(|d| *d = false);
                ok(&mut self.out, "");
            }
            (_, Command::Unknown { .. }) => err(&mut self.out, "Unknown command."),
            _ => err(&mut self.out, "Not in this state."),
        }
    }

    /// The messages not marked deleted, with their numbers.
    fn visible(&self) -> impl Iterator<Item = (u32, &'c Message)> + '_ {
        (1..)
            .zip(&self.config.mailbox)
            .zip(&self.deleted)
            .filter(|(_, d)| !**d)
            .map(|(nm, _)| nm)
    }

    fn auth(&mut self, mechanism: &str, initial: Option<&InitialResponse<'_>>) {
        let initial = match initial {
            None => None,
            Some(InitialResponse::Empty) => Some(Vec::new()),
            Some(InitialResponse::Data(b64)) => match base64_decode(b64.as_str().as_bytes()) {
                Some(bytes) => Some(bytes),
                None => {
                    err(&mut self.out, "Cannot decode the initial response.");
                    return;
                }
            },
        };
        self.session.auth.push(AuthExchange {
            mechanism: mechanism.to_owned(),
            initial: initial.clone(),
            responses: Vec::new(),
            cancelled: false,
        });
        if !self.config.sasl || !mechanism.eq_ignore_ascii_case("PLAIN") {
            err(&mut self.out, "Unsupported mechanism.");
            return;
        }
        match initial {
            Some(message) => self.check_plain(&message),
            None => {
                // RFC 5034 §4: PLAIN needs a response; without an initial one the server
                // sends an empty challenge.
                Continuation::empty().encode(&mut self.out);
                self.decoder.expect_auth_line();
                self.pending_auth = true;
            }
        }
    }

    fn auth_line(&mut self, line: &AuthLine<'_>) {
        if !std::mem::take(&mut self.pending_auth) {
            err(&mut self.out, "No AUTH in progress.");
            return;
        }
        let exchange = self
            .session
            .auth
            .last_mut()
            .expect("an AUTH started the exchange");
        let message = match line {
            AuthLine::Cancel => {
                exchange.cancelled = true;
                err(&mut self.out, "Authentication cancelled.");
                return;
            }
            AuthLine::Empty => Vec::new(),
            AuthLine::Response(b64) => match base64_decode(b64.as_str().as_bytes()) {
                Some(bytes) => bytes,
                None => {
                    err(&mut self.out, "Cannot decode the response.");
                    return;
                }
            },
        };
        exchange.responses.push(message.clone());
        self.check_plain(&message);
    }

    /// RFC 4616 §2: `message = [authzid] UTF8NUL authcid UTF8NUL passwd`.
    fn check_plain(&mut self, message: &[u8]) {
        match plain_credentials(message) {
            Some((authzid, authcid, passwd))
                if (authzid.is_empty() || authzid == USER.as_bytes())
                    && authcid == USER.as_bytes()
                    && passwd == PASSWORD.as_bytes() =>
            {
                self.logged_in("AUTH PLAIN");
            }
            _ => self.login_failed(),
        }
    }
}

/// What TOP sends (RFC 1939 §7): the header, the empty line after it and then `lines` lines
/// of the body. A message without an empty line is all header and is sent whole.
pub(crate) fn top_of(content: &[u8], lines: u32) -> &[u8] {
    let Some(at) = content.windows(4).position(|w| w == b"\r\n\r\n") else {
        return content;
    };
    let mut end = at + 4;
    for _ in 0..lines {
        match content[end..].windows(2).position(|w| w == b"\r\n") {
            Some(i) => end += i + 2,
            None => return content,
        }
    }
    &content[..end]
}

/// Splits decoded RFC 4616 PLAIN credentials (`[authzid] NUL authcid NUL passwd`) into their
/// three parts.
pub(crate) fn plain_credentials(message: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let mut parts = message.split(|&b| b == 0);
    let authzid = parts.next()?;
    let authcid = parts.next()?;
    let passwd = parts.next()?;
    parts.next().is_none().then_some((authzid, authcid, passwd))
}
