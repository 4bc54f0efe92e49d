//! Command encoding: [`Command::encode`] writes a command line with its CRLF. Known verbs
//! are written in upper case (an unknown verb as it was sent); every argument in its (validated) wire form, so a parsed command
//! re-encodes to the same arguments byte for byte (a parsed parameter list is written back
//! unchanged). Encoding cannot fail.
//!
//! ```
//! use smtp_proto::types::command::{Command, InitialResponse, Mechanism, SaslBase64};
//!
//! let cmd = Command::Auth {
//!     mechanism: Mechanism::new("PLAIN").unwrap(),
//!     initial_response: Some(InitialResponse::Data(SaslBase64::new("dGVzdAB0ZXN0ADEyMzQ=").unwrap())),
//! };
//! let mut out = bytes::BytesMut::new();
//! cmd.encode(&mut out);
//! assert_eq!(&out[..], b"AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=\r\n");
//! ```

use std::fmt::{self, Write as _};

use bytes::BufMut;

use crate::types::command::{Command, EtrnArg, InitialResponse};
use crate::types::param::Parameters;
use crate::types::path::{ForwardPath, Path, ReversePath};

/// `fmt::Write` into a `BufMut`.
struct Out<'b, B>(&'b mut B);

impl<B: BufMut> fmt::Write for Out<'_, B> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.put_slice(s.as_bytes());
        Ok(())
    }
}

fn put_u64(out: &mut impl BufMut, mut n: u64) {
    let mut buf = [0u8; 20];
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

fn put_path(out: &mut impl BufMut, p: &Path<'_>) {
    out.put_u8(b'<');
    if let Some(r) = p.route() {
        out.put_slice(r.as_str().as_bytes());
        out.put_u8(b':');
    }
    let m = p.mailbox();
    out.put_slice(m.local_part().as_str().as_bytes());
    out.put_u8(b'@');
    out.put_slice(m.host().as_str().as_bytes());
    out.put_u8(b'>');
}

fn put_params(out: &mut impl BufMut, params: &Parameters<'_>) {
    if params.is_empty() {
        return;
    }
    out.put_u8(b' ');
    match params.as_raw() {
        Some(raw) => out.put_slice(raw.as_bytes()),
        None => {
            // Writing into a BufMut cannot fail.
            let _ = write!(Out(out), "{params}");
        }
    }
}

impl Command<'_> {
    /// Writes the command line, CRLF included.
    pub fn encode(&self, out: &mut impl BufMut) {
        match self {
            Command::Helo { host } | Command::Ehlo { host } | Command::Lhlo { host } => {
                out.put_slice(match self {
                    Command::Helo { .. } => b"HELO ",
                    Command::Ehlo { .. } => b"EHLO ",
                    _ => b"LHLO ",
                });
                out.put_slice(host.as_str().as_bytes());
            }
            Command::Mail { from, params } => {
                out.put_slice(b"MAIL FROM:");
                match from {
                    ReversePath::Null => out.put_slice(b"<>"),
                    ReversePath::Path(p) => put_path(out, p),
                }
                put_params(out, params);
            }
            Command::Rcpt { to, params } => {
                out.put_slice(b"RCPT TO:");
                match to {
                    ForwardPath::Postmaster => out.put_slice(b"<Postmaster>"),
                    ForwardPath::Path(p) => put_path(out, p),
                }
                put_params(out, params);
            }
            Command::Data => out.put_slice(b"DATA"),
            Command::Bdat { size, last } => {
                out.put_slice(b"BDAT ");
                put_u64(out, *size);
                if *last {
                    out.put_slice(b" LAST");
                }
            }
            Command::Rset => out.put_slice(b"RSET"),
            Command::Vrfy { arg, smtputf8 } | Command::Expn { arg, smtputf8 } => {
                out.put_slice(if matches!(self, Command::Vrfy { .. }) {
                    b"VRFY "
                } else {
                    b"EXPN "
                });
                out.put_slice(arg.as_str().as_bytes());
                if *smtputf8 {
                    out.put_slice(b" SMTPUTF8");
                }
            }
            Command::Help { arg } | Command::Noop { arg } => {
                out.put_slice(if matches!(self, Command::Help { .. }) {
                    b"HELP"
                } else {
                    b"NOOP"
                });
                if let Some(a) = arg {
                    out.put_u8(b' ');
                    out.put_slice(a.as_str().as_bytes());
                }
            }
            Command::Quit => out.put_slice(b"QUIT"),
            Command::StartTls => out.put_slice(b"STARTTLS"),
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
            Command::Etrn { arg } => {
                out.put_slice(b"ETRN ");
                match arg {
                    EtrnArg::Node(d) => out.put_slice(d.as_str().as_bytes()),
                    EtrnArg::Subdomains(d) => {
                        out.put_u8(b'@');
                        out.put_slice(d.as_str().as_bytes());
                    }
                    EtrnArg::Queue(q) => {
                        out.put_u8(b'#');
                        out.put_slice(q.as_str().as_bytes());
                    }
                }
            }
            Command::Atrn { domains } => {
                out.put_slice(b"ATRN");
                if !domains.is_empty() {
                    out.put_u8(b' ');
                    out.put_slice(domains.as_str().as_bytes());
                }
            }
            Command::Burl { url, last } => {
                out.put_slice(b"BURL ");
                out.put_slice(url.as_str().as_bytes());
                if *last {
                    out.put_slice(b" LAST");
                }
            }
            Command::Unknown { verb, args } => {
                out.put_slice(verb.as_str().as_bytes());
                if let Some(a) = args {
                    out.put_u8(b' ');
                    out.put_slice(a.as_str().as_bytes());
                }
            }
        }
        out.put_slice(b"\r\n");
    }

    /// The encoded command line, CRLF included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        self.encode(&mut out);
        out
    }
}
