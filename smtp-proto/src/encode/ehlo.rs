//! EHLO reply serializer: [`EhloReply::encode`], [`EhloReply::to_reply`] and
//! [`Capability::encode`].
//!
//! The first line is `domain [SP greeting]`, each capability one more line: `KEYWORD [SP
//! params]`, with known keywords in upper case and [`Capability::Other`] and the raw
//! parameter lists ([`Capability::Auth`], [`Capability::Burl`], [`Capability::Limits`], …)
//! written exactly as they were parsed. Lines are joined by the reply rules of
//! [`crate::encode::reply`]. A [`Capability::Other`] whose keyword is a known one parses back
//! as the typed variant, not as `Other`.
//!
//! ```
//! use smtp_proto::types::ehlo::{Capability, EhloParams, EhloReply, Limit, Limits};
//!
//! let ehlo = EhloReply::new(
//!     "mx.example.org",
//!     Some("hello"),
//!     vec![
//!         Capability::Size(Some(10_485_760)),
//!         Capability::Auth(EhloParams::from_words(["PLAIN", "LOGIN"]).unwrap()),
//!         Capability::Limits(Limits::from_limits([Limit::RcptMax(50)]).unwrap()),
//!         Capability::Pipelining,
//!     ],
//! )
//! .unwrap();
//! assert_eq!(
//!     ehlo.to_bytes(),
//!     b"250-mx.example.org hello\r\n250-SIZE 10485760\r\n250-AUTH PLAIN LOGIN\r\n\
//!       250-LIMITS RCPTMAX=50\r\n250 PIPELINING\r\n"
//! );
//! ```

use bytes::BufMut;

use crate::types::ehlo::{Capability, EhloReply};
use crate::types::reply::{Reply, ReplyCode};

/// Writes `n` in decimal.
fn put_u64(out: &mut impl BufMut, n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put_slice(&buf[at..]);
}

impl Capability<'_> {
    /// Writes the line text (keyword and parameters; no reply code, no CRLF).
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.keyword());
        match self {
            Self::Auth(p) | Self::Burl(p) | Self::Other { params: p, .. } if !p.is_empty() => {
                out.put_u8(b' ');
                out.put_slice(p.as_bytes());
            }
            // The keyword already ends with "=".
            Self::AuthLegacy(p) => out.put_slice(p.as_bytes()),
            Self::Limits(l) => {
                out.put_u8(b' ');
                out.put_slice(l.as_bytes());
            }
            Self::Size(Some(n)) | Self::DeliverBy(Some(n)) => {
                out.put_u8(b' ');
                put_u64(out, *n);
            }
            Self::MtPriority(Some(p)) => {
                out.put_u8(b' ');
                out.put_slice(p.as_bytes());
            }
            Self::NoSoliciting(Some(w)) => {
                out.put_u8(b' ');
                out.put_slice(w.as_bytes());
            }
            Self::FutureRelease {
                max_interval,
                max_date_time,
            } => {
                out.put_u8(b' ');
                put_u64(out, *max_interval);
                out.put_u8(b' ');
                out.put_slice(max_date_time.as_bytes());
            }
            _ => {}
        }
    }

    /// The line text in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

impl EhloReply<'_> {
    fn first_line(&self, out: &mut impl BufMut) {
        out.put_slice(&self.domain);
        if let Some(g) = &self.greeting {
            out.put_u8(b' ');
            out.put_slice(g);
        }
    }

    /// Writes the whole reply (`250-…` lines and the final `250 …`, each with CRLF).
    pub fn encode(&self, out: &mut impl BufMut) {
        let count = self.capabilities.len();
        if count == 0 {
            if self.domain.is_empty() && self.greeting.is_none() {
                out.put_slice(b"250\r\n");
            } else {
                out.put_slice(b"250 ");
                self.first_line(out);
                out.put_slice(b"\r\n");
            }
            return;
        }
        out.put_slice(b"250-");
        self.first_line(out);
        out.put_slice(b"\r\n");
        for (i, c) in self.capabilities.iter().enumerate() {
            out.put_slice(if i + 1 < count { b"250-" } else { b"250 " });
            c.encode(out);
            out.put_slice(b"\r\n");
        }
    }

    /// The encoded reply in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// The same content as a generic [`Reply`] (code 250, one line per capability).
    pub fn to_reply(&self) -> Reply<'static> {
        let mut first = Vec::new();
        self.first_line(&mut first);
        // Every part of an EhloReply is free of CR and LF (the types refuse them).
        let lines = std::iter::once(first)
            .chain(self.capabilities.iter().map(Capability::to_bytes))
            .map(std::borrow::Cow::Owned)
            .collect();
        Reply::from_checked_lines(ReplyCode::OK, lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 1234567890, u64::MAX] {
            let mut v = Vec::new();
            put_u64(&mut v, n);
            assert_eq!(v, n.to_string().as_bytes());
        }
    }
}
