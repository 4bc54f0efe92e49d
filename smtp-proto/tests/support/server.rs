//! A tiny SMTP server on 127.0.0.1 built from the crate's server side: `ServerDecoder`
//! frames and parses what the client sends, every answer is a `Reply` (or an `EhloReply`)
//! built and encoded by the crate. It accepts every well-formed transaction, answers
//! `AUTH PLAIN` and `AUTH LOGIN` with 334/235, and records each session for the test.
//!
//! One thread accepts connections, one thread serves each connection; finished sessions
//! come back to the test through a channel.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::{Command, InitialResponse};
use smtp_proto::types::ehlo::{Capability, EhloParams, EhloReply};
use smtp_proto::{
    Error, ErrorKind, ForwardPath, Parameters, ParserOptions, Reply, ReplyCode, ReversePath, Status,
};

use super::{TIMEOUT, base64_decode};

/// The SIZE the server advertises (RFC 1870).
pub(crate) const ADVERTISED_SIZE: u64 = 10_240_000;
/// The server's name in its greeting and EHLO reply.
pub(crate) const SERVER_NAME: &str = "loopback.example.test";

/// One mail transaction: MAIL, its RCPTs and the content received after DATA.
#[derive(Debug, Clone)]
pub(crate) struct Transaction {
    /// The MAIL FROM reverse-path.
    pub(crate) from: ReversePath<'static>,
    /// The MAIL FROM parameters, as parsed.
    pub(crate) params: Parameters<'static>,
    /// The RCPT TO forward-paths, in order.
    pub(crate) rcpts: Vec<ForwardPath<'static>>,
    /// The unstuffed content: every `Data` piece joined.
    pub(crate) content: Vec<u8>,
    /// `Invalid` events received inside DATA (the server answered the end of data with 554).
    pub(crate) data_errors: Vec<Error>,
}

/// One AUTH exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthExchange {
    /// The mechanism as sent.
    pub(crate) mechanism: String,
    /// The decoded initial response (`Some(vec![])` for `=`).
    pub(crate) initial: Option<Vec<u8>>,
    /// The decoded responses sent after 334 challenges, in order.
    pub(crate) responses: Vec<Vec<u8>>,
}

/// Everything one connection did.
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// Every command, parsed, in order.
    pub(crate) commands: Vec<Command<'static>>,
    /// The raw bytes of every command line (CRLF included), in the same order.
    pub(crate) lines: Vec<Vec<u8>>,
    /// For each read from the socket that completed at least one command: how many.
    pub(crate) commands_per_read: Vec<usize>,
    /// Completed transactions (DATA ended), in order.
    pub(crate) transactions: Vec<Transaction>,
    /// AUTH exchanges, in order.
    pub(crate) auth: Vec<AuthExchange>,
    /// Every `Invalid` event, in command state or in DATA.
    pub(crate) invalid: Vec<Error>,
    /// The client sent QUIT (and got 221).
    pub(crate) quit: bool,
    /// An I/O error that ended the session, if any.
    pub(crate) io_error: Option<String>,
}

impl Session {
    /// The verbs of all commands, upper case, in order.
    pub(crate) fn verbs(&self) -> Vec<String> {
        self.commands
            .iter()
            .map(|c| c.verb().into_owned())
            .collect()
    }

    /// Panics unless the session ended with QUIT, without I/O errors and without any
    /// `Invalid` event.
    pub(crate) fn assert_clean(&self) {
        assert_eq!(self.io_error, None, "I/O error in {self:#?}");
        assert!(
            self.invalid.is_empty(),
            "Invalid events: {:?}",
            self.invalid
        );
        assert!(self.quit, "no QUIT in {:?}", self.verbs());
    }

    /// The only transaction of the session.
    pub(crate) fn single_transaction(&self) -> &Transaction {
        assert_eq!(
            self.transactions.len(),
            1,
            "expected one transaction; verbs: {:?}",
            self.verbs()
        );
        &self.transactions[0]
    }
}

/// A running loopback server; stops accepting when dropped.
pub(crate) struct Loopback {
    port: u16,
    sessions: Receiver<Session>,
    stop: Arc<AtomicBool>,
}

impl Loopback {
    /// Listens on 127.0.0.1 on a free port (port 0) with these decoder options.
    pub(crate) fn start(opts: ParserOptions) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        thread::spawn(move || accept_loop(&listener, &tx, &stopping, opts));
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
    opts: ParserOptions,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let tx = tx.clone();
        thread::spawn(move || {
            let session = serve(stream, opts);
            let _ = tx.send(session);
        });
    }
}

/// What the next SASL line answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PendingAuth {
    /// PLAIN without initial response: the credentials.
    Plain,
    /// LOGIN: the user name (after "Username:") or the password (after "Password:").
    LoginUser,
    LoginPassword,
}

struct Conn {
    decoder: ServerDecoder,
    session: Session,
    current: Option<Transaction>,
    in_data: bool,
    pending_auth: Option<PendingAuth>,
    out: Vec<u8>,
    close: bool,
}

fn reply(out: &mut Vec<u8>, code: u16, text: &str) {
    let code = ReplyCode::new(code).expect("a valid reply code");
    Reply::single(code, text)
        .expect("reply text without CR or LF")
        .encode(out);
}

fn ehlo_reply(out: &mut Vec<u8>, client: &str) {
    let ehlo = EhloReply::new(
        SERVER_NAME,
        Some(format!("greets {client}")),
        vec![
            Capability::Pipelining,
            Capability::Size(Some(ADVERTISED_SIZE)),
            Capability::EightBitMime,
            Capability::Auth(EhloParams::from_words(["PLAIN", "LOGIN"]).expect("mechanisms")),
            Capability::EnhancedStatusCodes,
            Capability::SmtpUtf8,
        ],
    )
    .expect("a valid EHLO reply");
    ehlo.encode(out);
}

/// Serves one connection until QUIT, EOF, an I/O error or the time limit.
fn serve(mut stream: TcpStream, opts: ParserOptions) -> Session {
    let mut conn = Conn {
        decoder: ServerDecoder::new(opts),
        session: Session::default(),
        current: None,
        in_data: false,
        pending_auth: None,
        out: Vec::new(),
        close: false,
    };
    if let Err(e) = conn.run(&mut stream) {
        conn.session.io_error = Some(e.to_string());
    }
    let _ = stream.shutdown(Shutdown::Both);
    conn.session
}

impl Conn {
    fn run(&mut self, stream: &mut TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        reply(
            &mut self.out,
            220,
            &format!("{SERVER_NAME} ESMTP smtp-proto loopback"),
        );
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
            let mut commands = 0;
            while !self.close {
                let Status::Complete { value, consumed } = self.decoder.decode(&buf[start..])
                else {
                    break;
                };
                let raw = &buf[start..start + consumed];
                if matches!(value, ServerEvent::Command(_)) {
                    commands += 1;
                }
                self.event(value, raw);
                start += consumed;
            }
            buf.drain(..start);
            if commands > 0 {
                self.session.commands_per_read.push(commands);
            }
            // RFC 2920 §3.2: replies to a group of pipelined commands may be sent together.
            if !self.out.is_empty() {
                stream.write_all(&self.out)?;
                self.out.clear();
            }
            if self.close {
                return Ok(());
            }
        }
    }

    fn event(&mut self, event: ServerEvent<'_>, raw: &[u8]) {
        match event {
            ServerEvent::Command(cmd) => {
                self.session.lines.push(raw.to_vec());
                self.session.commands.push(cmd.clone().into_owned());
                self.command(cmd);
            }
            ServerEvent::Data(piece) => {
                if let Some(t) = &mut self.current {
                    t.content.extend_from_slice(piece);
                }
            }
            ServerEvent::DataEnd => {
                self.in_data = false;
                let t = self
                    .current
                    .take()
                    .expect("DATA only starts inside a transaction");
                if t.data_errors.is_empty() {
                    reply(&mut self.out, 250, "2.0.0 Message accepted");
                } else {
                    reply(&mut self.out, 554, "5.6.0 Message refused: bare CR or LF");
                }
                self.session.transactions.push(t);
            }
            ServerEvent::AuthLine(line) => self.auth_line(line),
            ServerEvent::Invalid(e) => {
                self.session.invalid.push(e.clone());
                if self.in_data {
                    // Content goes on; the end of data is answered with 554.
                    if let Some(t) = &mut self.current {
                        t.data_errors.push(e);
                    }
                } else {
                    self.pending_auth = None;
                    match e.kind {
                        ErrorKind::LineTooLong { .. }
                        | ErrorKind::BareCr
                        | ErrorKind::BareLf
                        | ErrorKind::Nul
                        | ErrorKind::ControlCharacter { .. } => {
                            reply(&mut self.out, 500, "5.5.2 Line refused");
                        }
                        _ => reply(&mut self.out, 501, "5.5.4 Syntax error"),
                    }
                }
            }
            ServerEvent::Skipped => {}
            ServerEvent::BdatChunk(_) | ServerEvent::BdatEnd { .. } | ServerEvent::Opaque(_) => {
                // Not advertised (no CHUNKING, no STARTTLS): refuse and hang up.
                reply(&mut self.out, 554, "5.5.1 Not offered");
                self.close = true;
            }
        }
    }

    fn command(&mut self, cmd: Command<'_>) {
        let out = &mut self.out;
        match cmd {
            Command::Ehlo { host } | Command::Lhlo { host } => {
                self.current = None;
                ehlo_reply(out, host.as_str());
            }
            Command::Helo { .. } => {
                self.current = None;
                reply(out, 250, SERVER_NAME);
            }
            Command::Mail { from, params } => {
                if self.current.is_some() {
                    reply(out, 503, "5.5.1 Nested MAIL command");
                    return;
                }
                self.current = Some(Transaction {
                    from: from.into_owned(),
                    params: params.into_owned(),
                    rcpts: Vec::new(),
                    content: Vec::new(),
                    data_errors: Vec::new(),
                });
                reply(out, 250, "2.1.0 Sender ok");
            }
            Command::Rcpt { to, .. } => match &mut self.current {
                Some(t) => {
                    t.rcpts.push(to.into_owned());
                    reply(out, 250, "2.1.5 Recipient ok");
                }
                None => reply(out, 503, "5.5.1 MAIL first"),
            },
            Command::Data => match &self.current {
                Some(t) if !t.rcpts.is_empty() => {
                    reply(out, 354, "Start mail input; end with <CRLF>.<CRLF>");
                    self.decoder.start_data();
                    self.in_data = true;
                }
                _ => reply(out, 503, "5.5.1 RCPT first"),
            },
            Command::Rset => {
                self.current = None;
                reply(out, 250, "2.0.0 Reset");
            }
            Command::Noop { .. } => reply(out, 250, "2.0.0 OK"),
            Command::Quit => {
                reply(out, 221, "2.0.0 Bye");
                self.session.quit = true;
                self.close = true;
            }
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                let initial = match &initial_response {
                    None => None,
                    Some(InitialResponse::Empty) => Some(Vec::new()),
                    Some(InitialResponse::Data(b64)) => {
                        match base64_decode(b64.as_str().as_bytes()) {
                            Some(bytes) => Some(bytes),
                            None => {
                                reply(out, 501, "5.5.2 Cannot decode the initial response");
                                return;
                            }
                        }
                    }
                };
                let mech = mechanism.as_str().to_ascii_uppercase();
                let got_initial = initial.is_some();
                self.session.auth.push(AuthExchange {
                    mechanism: mechanism.as_str().to_owned(),
                    initial,
                    responses: Vec::new(),
                });
                match (mech.as_str(), got_initial) {
                    ("PLAIN", true) => reply(out, 235, "2.7.0 Authentication successful"),
                    ("PLAIN", false) => self.challenge(PendingAuth::Plain, ""),
                    // "Username:" and "Password:" in base64, as LOGIN servers send them.
                    ("LOGIN", false) => self.challenge(PendingAuth::LoginUser, "VXNlcm5hbWU6"),
                    ("LOGIN", true) => self.challenge(PendingAuth::LoginPassword, "UGFzc3dvcmQ6"),
                    _ => reply(out, 504, "5.5.4 Mechanism not supported"),
                }
            }
            Command::Unknown { .. } => reply(out, 500, "5.5.2 Command unrecognized"),
            _ => reply(out, 502, "5.5.1 Command not implemented"),
        }
    }

    /// Sends a 334 challenge and reads the next line as a SASL response.
    fn challenge(&mut self, next: PendingAuth, text: &str) {
        // RFC 4954 §4: continue-req = "334" SP [base64] CRLF. With an empty challenge the
        // crate writes "334" CRLF (RFC 5321's reply grammar allows the text to be absent).
        reply(&mut self.out, 334, text);
        self.decoder.expect_auth_line();
        self.pending_auth = Some(next);
    }

    fn auth_line(&mut self, line: &[u8]) {
        let Some(pending) = self.pending_auth.take() else {
            reply(&mut self.out, 503, "5.5.1 No AUTH in progress");
            return;
        };
        if line == b"*" {
            reply(&mut self.out, 501, "5.7.0 Authentication cancelled");
            return;
        }
        let Some(decoded) = base64_decode(line) else {
            reply(&mut self.out, 501, "5.5.2 Cannot decode the response");
            return;
        };
        if let Some(exchange) = self.session.auth.last_mut() {
            exchange.responses.push(decoded);
        }
        match pending {
            PendingAuth::Plain | PendingAuth::LoginPassword => {
                reply(&mut self.out, 235, "2.7.0 Authentication successful");
            }
            PendingAuth::LoginUser => self.challenge(PendingAuth::LoginPassword, "UGFzc3dvcmQ6"),
        }
    }
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
