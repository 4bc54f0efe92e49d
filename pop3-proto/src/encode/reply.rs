//! Serializers for status lines, AUTH challenges, listings and capability lists.
//!
//! Every value was validated when it was built, so encoding cannot fail and its output
//! parses back to the same value (strict mode, for values that follow the strict grammar).
//!
//! | value | written as |
//! | --- | --- |
//! | [`Reply`] | `+OK` / `-ERR`, then ` [CODE]` if there is a code, then ` text` if the text is not empty, CRLF |
//! | [`Continuation`] | `+ ` data CRLF (the SP even for an empty challenge, RFC 5034 §4) |
//! | [`Stat`] | `+OK count size[ extra]` CRLF |
//! | [`ScanListing`], [`UidListing`], [`LangListing`] | one body line with CRLF ([`ScanListing::encode`]), or a `+OK` line ([`ScanListing::encode_reply`]) |
//! | [`Capability`], [`Capabilities`] | one body line per capability, CRLF each; no `+OK` line and no `.` terminator (the body encoder dot-stuffs and terminates) |
//!
//! ```
//! use pop3_proto::types::capa::{Capabilities, Capability};
//! use pop3_proto::types::listing::ScanListing;
//! use pop3_proto::types::reply::Reply;
//!
//! let mut out = Vec::new();
//! Reply::ok("2 messages (320 octets)").unwrap().encode(&mut out);
//! ScanListing::new(1, 120).unwrap().encode(&mut out);
//! ScanListing::new(2, 200).unwrap().encode(&mut out);
//! assert_eq!(out, b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n");
//!
//! let caps: Capabilities = [Capability::Top, Capability::Utf8 { user: true }].into_iter().collect();
//! assert_eq!(caps.to_bytes(), b"TOP\r\nUTF8 USER\r\n");
//! ```

use bytes::BufMut;

use crate::types::capa::{Capabilities, Capability, ExpirePolicy};
use crate::types::listing::{LangListing, ScanListing, Stat, UidListing};
use crate::types::reply::{Continuation, Reply};

/// Writes `n` in decimal.
fn put_decimal(out: &mut impl BufMut, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        // `n % 10` is a digit.
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put_slice(&buf[i..]);
}

/// The number of decimal digits of `n`.
const fn decimal_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 10 {
        n /= 10;
        len += 1;
    }
    len
}

fn put_extra(out: &mut impl BufMut, extra: Option<&[u8]>) {
    if let Some(extra) = extra {
        out.put_u8(b' ');
        out.put_slice(extra);
    }
}

fn to_vec(len_hint: usize, encode: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(len_hint);
    encode(&mut out);
    out
}

impl Reply<'_> {
    /// Writes the status line with its CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.status.as_bytes());
        if let Some(code) = &self.code {
            out.put_slice(b" [");
            out.put_slice(code.as_bytes());
            out.put_u8(b']');
        }
        if !self.text.is_empty() {
            out.put_u8(b' ');
            out.put_slice(&self.text);
        }
        out.put_slice(b"\r\n");
    }

    /// The number of bytes [`Reply::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        let code = self.code.as_ref().map_or(0, |c| c.as_bytes().len() + 3);
        let text = if self.text.is_empty() {
            0
        } else {
            self.text.len() + 1
        };
        self.status.as_bytes().len() + code + text + 2
    }

    /// The encoded status line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(self.encoded_len(), |out| self.encode(out))
    }
}

impl Continuation<'_> {
    /// Writes `+ `, the data and CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(b"+ ");
        out.put_slice(&self.data);
        out.put_slice(b"\r\n");
    }

    /// The number of bytes [`Continuation::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        self.data.len() + 4
    }

    /// The encoded line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(self.encoded_len(), |out| self.encode(out))
    }
}

impl Stat<'_> {
    /// Writes the whole STAT reply: `+OK count size[ extra]` CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(b"+OK ");
        put_decimal(out, u64::from(self.count));
        out.put_u8(b' ');
        put_decimal(out, self.size);
        put_extra(out, self.extra());
        out.put_slice(b"\r\n");
    }

    /// The encoded reply in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let len = 4
            + decimal_len(u64::from(self.count))
            + 1
            + decimal_len(self.size)
            + self.extra().map_or(0, |e| e.len() + 1)
            + 2;
        to_vec(len, |out| self.encode(out))
    }
}

impl ScanListing<'_> {
    fn put_fields(&self, out: &mut impl BufMut) {
        put_decimal(out, u64::from(self.number));
        out.put_u8(b' ');
        put_decimal(out, self.size);
        put_extra(out, self.extra());
    }

    /// Writes the listing as a line of a LIST body: `msg size[ extra]` CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        self.put_fields(out);
        out.put_slice(b"\r\n");
    }

    /// Writes the listing as the reply to `LIST msg`: `+OK msg size[ extra]` CRLF.
    pub fn encode_reply(&self, out: &mut impl BufMut) {
        out.put_slice(b"+OK ");
        self.encode(out);
    }

    /// The body line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(32, |out| self.encode(out))
    }
}

impl UidListing<'_> {
    /// Writes the listing as a line of a UIDL body: `msg unique-id` CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        put_decimal(out, u64::from(self.number));
        out.put_u8(b' ');
        out.put_slice(&self.uid);
        out.put_slice(b"\r\n");
    }

    /// Writes the listing as the reply to `UIDL msg`: `+OK msg unique-id` CRLF.
    pub fn encode_reply(&self, out: &mut impl BufMut) {
        out.put_slice(b"+OK ");
        self.encode(out);
    }

    /// The body line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(self.uid.len() + 13, |out| self.encode(out))
    }
}

impl LangListing<'_> {
    /// Writes the listing as a line of a LANG body: `tag[ description]` CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(&self.tag);
        put_extra(out, self.description());
        out.put_slice(b"\r\n");
    }

    /// The body line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(self.tag.len() + 32, |out| self.encode(out))
    }
}

impl Capability<'_> {
    /// Writes the capability as one line of a CAPA body, with its CRLF.
    pub fn encode(&self, out: &mut impl BufMut) {
        out.put_slice(self.tag());
        let user = |out: &mut _, yes: bool| {
            if yes {
                BufMut::put_slice(out, b" USER");
            }
        };
        match self {
            Self::Sasl(mechs) => {
                for mech in mechs {
                    out.put_u8(b' ');
                    out.put_slice(mech.as_bytes());
                }
            }
            Self::LoginDelay { seconds, per_user } => {
                out.put_u8(b' ');
                put_decimal(out, u64::from(*seconds));
                user(out, *per_user);
            }
            Self::Expire { policy, per_user } => {
                out.put_u8(b' ');
                match policy {
                    ExpirePolicy::Days(days) => put_decimal(out, u64::from(*days)),
                    ExpirePolicy::Never => out.put_slice(b"NEVER"),
                }
                user(out, *per_user);
            }
            Self::Implementation(text) => {
                out.put_u8(b' ');
                out.put_slice(text.as_bytes());
            }
            Self::Utf8 { user: yes } => user(out, *yes),
            Self::Other(other) => {
                for param in other.params() {
                    out.put_u8(b' ');
                    out.put_slice(param.as_bytes());
                }
            }
            Self::Top
            | Self::User
            | Self::RespCodes
            | Self::Pipelining
            | Self::Uidl
            | Self::Stls
            | Self::AuthRespCode
            | Self::Lang => {}
        }
        out.put_slice(b"\r\n");
    }

    /// The line in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(32, |out| self.encode(out))
    }
}

impl Capabilities<'_> {
    /// Writes every capability line (not the `+OK` line, not the `.` terminator).
    pub fn encode(&self, out: &mut impl BufMut) {
        for cap in &self.caps {
            cap.encode(out);
        }
    }

    /// The lines in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_vec(self.caps.len() * 16, |out| self.encode(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for n in [0, 9, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            put_decimal(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
            assert_eq!(decimal_len(n), out.len());
        }
    }

    #[test]
    fn reply_lengths() {
        let r = Reply::ok("").unwrap();
        assert_eq!((r.to_bytes(), r.encoded_len()), (b"+OK\r\n".to_vec(), 5));
        let r = Reply::err_with_code(crate::types::reply::RespCode::Auth, "").unwrap();
        assert_eq!(r.to_bytes(), b"-ERR [AUTH]\r\n");
        assert_eq!(r.encoded_len(), r.to_bytes().len());
    }
}
