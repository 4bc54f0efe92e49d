//! Reply serializer: [`Reply::encode`] and [`Reply::to_bytes`].
//!
//! RFC 5321 §4.2: every line but the last is `Reply-code "-" [ textstring ] CRLF`, the last
//! is `Reply-code [ SP textstring ] CRLF`. An empty last line is written as the bare code
//! (no trailing SP). Text never holds CR or LF (the [`Reply`] constructors refuse it), so the
//! output always parses back to the same reply.
//!
//! ```
//! use smtp_proto::{ParserOptions, Reply, ReplyCode, Status};
//!
//! let reply = Reply::new(ReplyCode::SERVICE_READY, ["mx.example.org ESMTP", "no UCE"]).unwrap();
//! let mut out = bytes::BytesMut::new();
//! reply.encode(&mut out);
//! assert_eq!(&out[..], b"220-mx.example.org ESMTP\r\n220 no UCE\r\n");
//! assert_eq!(
//!     Reply::parse(&out, &ParserOptions::default()).unwrap(),
//!     Status::Complete { value: reply, consumed: out.len() }
//! );
//! ```

use bytes::BufMut;

use crate::types::reply::Reply;

impl Reply<'_> {
    /// Writes the reply, every line with its CRLF.
    ///
    /// An empty last line is the bare code (RFC 5321 §4.2 `Reply-code [ SP textstring ]`),
    /// except for 334, which RFC 4954 §4 spells `"334" SP [base64] CRLF`: an empty challenge
    /// is written `334 ` with its space.
    pub fn encode(&self, out: &mut impl BufMut) {
        let digits = self.code.digits();
        let last = self.line_count() - 1;
        for (i, text) in self.lines().enumerate() {
            out.put_slice(&digits);
            if i < last {
                out.put_u8(b'-');
                out.put_slice(text);
            } else if !text.is_empty() || self.space_when_empty() {
                out.put_u8(b' ');
                out.put_slice(text);
            }
            out.put_slice(b"\r\n");
        }
    }

    /// The number of bytes [`Reply::encode`] writes.
    pub fn encoded_len(&self) -> usize {
        let last = self.line_count() - 1;
        self.lines()
            .enumerate()
            .map(|(i, text)| {
                let sep = usize::from(i < last || !text.is_empty() || self.space_when_empty());
                3 + sep + text.len() + 2
            })
            .sum()
    }

    /// Whether an empty last line keeps its SP (the RFC 4954 empty challenge).
    fn space_when_empty(&self) -> bool {
        self.code.get() == 334
    }

    /// The encoded reply in a new vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::types::reply::{Reply, ReplyCode};

    #[test]
    fn separators() {
        let r = Reply::new(ReplyCode::OK, ["", "", ""]).unwrap();
        assert_eq!(r.to_bytes(), b"250-\r\n250-\r\n250\r\n");
        assert_eq!(r.encoded_len(), r.to_bytes().len());
        // RFC 4954 §4: continue-req = "334" SP [base64] CRLF.
        let r = Reply::single(ReplyCode::AUTH_CHALLENGE, &b""[..]).unwrap();
        assert_eq!(r.to_bytes(), b"334 \r\n");
        assert_eq!(r.encoded_len(), 6);
        let r = Reply::single(ReplyCode::AUTH_CHALLENGE, &b"VXNlcm5hbWU6"[..]).unwrap();
        assert_eq!(r.to_bytes(), b"334 VXNlcm5hbWU6\r\n");
        // 3 digits + SP + 12 text bytes + CRLF.
        assert_eq!(r.encoded_len(), 18);
    }
}
