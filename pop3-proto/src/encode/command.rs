//! Command encoding: [`Command::encode`] writes a command line with its CRLF, and
//! [`AuthLine::encode`] a client line of an AUTH exchange. Known keywords are written in
//! upper case (an unknown keyword as it was sent), with one SP before each argument; every
//! argument in its validated wire form (the APOP digest in lower case, RFC 1939 §7), so a
//! parsed command re-encodes to the same arguments. Encoding cannot fail.
//!
//! ```
//! use pop3_proto::types::command::{
//!     AuthLine, Command, InitialResponse, Mechanism, Password, SaslBase64,
//! };
//!
//! let mut out = bytes::BytesMut::new();
//! Command::Pass { password: Password::new(&b"open sesame"[..]).unwrap() }.encode(&mut out);
//! Command::Auth {
//!     mechanism: Mechanism::new("PLAIN").unwrap(),
//!     initial_response: Some(InitialResponse::Empty),
//! }
//! .encode(&mut out);
//! AuthLine::Cancel.encode(&mut out);
//! assert_eq!(&out[..], b"PASS open sesame\r\nAUTH PLAIN =\r\n*\r\n");
//!
//! let line = AuthLine::Response(SaslBase64::new("dGVzdAB0ZXN0AHRlc3Q=").unwrap());
//! assert_eq!(line.to_bytes(), b"dGVzdAB0ZXN0AHRlc3Q=\r\n");
//! ```

use bytes::BufMut;

use crate::types::command::{AuthLine, Command, InitialResponse, MessageNumber};

/// Writes `n` in decimal.
fn put_u32(out: &mut impl BufMut, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        // n % 10 < 10.
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put_slice(&buf[i..]);
}

/// `SP msg`.
fn put_msg(out: &mut impl BufMut, msg: MessageNumber) {
    out.put_u8(b' ');
    put_u32(out, msg.get());
}

impl Command<'_> {
    /// Writes the command line, CRLF included.
    pub fn encode(&self, out: &mut impl BufMut) {
        match self {
            Command::User { name } => {
                out.put_slice(b"USER ");
                out.put_slice(name.as_str().as_bytes());
            }
            Command::Pass { password } => {
                out.put_slice(b"PASS ");
                out.put_slice(password.as_bytes());
            }
            Command::Apop { name, digest } => {
                out.put_slice(b"APOP ");
                out.put_slice(name.as_str().as_bytes());
                out.put_u8(b' ');
                out.put_slice(&digest.to_hex());
            }
            Command::Stat => out.put_slice(b"STAT"),
            Command::List { msg } | Command::Uidl { msg } => {
                out.put_slice(if matches!(self, Command::List { .. }) {
                    b"LIST"
                } else {
                    b"UIDL"
                });
                if let Some(m) = msg {
                    put_msg(out, *m);
                }
            }
            Command::Retr { msg } => {
                out.put_slice(b"RETR");
                put_msg(out, *msg);
            }
            Command::Dele { msg } => {
                out.put_slice(b"DELE");
                put_msg(out, *msg);
            }
            Command::Noop => out.put_slice(b"NOOP"),
            Command::Rset => out.put_slice(b"RSET"),
            Command::Quit => out.put_slice(b"QUIT"),
            Command::Top { msg, lines } => {
                out.put_slice(b"TOP");
                put_msg(out, *msg);
                out.put_u8(b' ');
                put_u32(out, *lines);
            }
            Command::Capa => out.put_slice(b"CAPA"),
            Command::Stls => out.put_slice(b"STLS"),
            Command::Auth {
                mechanism,
                initial_response,
            } => {
                out.put_slice(b"AUTH ");
                out.put_slice(mechanism.as_str().as_bytes());
                if let Some(r) = initial_response {
                    out.put_u8(b' ');
                    out.put_slice(match r {
                        InitialResponse::Empty => b"=",
                        InitialResponse::Data(d) => d.as_str().as_bytes(),
                    });
                }
            }
            Command::AuthList => out.put_slice(b"AUTH"),
            Command::Utf8 => out.put_slice(b"UTF8"),
            Command::Lang { range } => {
                out.put_slice(b"LANG");
                if let Some(r) = range {
                    out.put_u8(b' ');
                    out.put_slice(r.as_str().as_bytes());
                }
            }
            Command::Unknown { keyword, args } => {
                out.put_slice(keyword.as_str().as_bytes());
                if let Some(a) = args {
                    out.put_u8(b' ');
                    out.put_slice(a.as_bytes());
                }
            }
        }
        out.put_slice(b"\r\n");
    }

    /// The encoded command line, CRLF included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32);
        self.encode(&mut out);
        out
    }
}

impl AuthLine<'_> {
    /// Writes the line, CRLF included: the base64 text, nothing (an empty response), or `*`.
    pub fn encode(&self, out: &mut impl BufMut) {
        match self {
            AuthLine::Response(r) => out.put_slice(r.as_str().as_bytes()),
            AuthLine::Empty => {}
            AuthLine::Cancel => out.put_u8(b'*'),
        }
        out.put_slice(b"\r\n");
    }

    /// The encoded line, CRLF included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}
