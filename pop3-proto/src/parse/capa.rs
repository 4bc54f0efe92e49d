//! CAPA parsers: [`Capability::parse_line`] for one line and [`Capabilities::parse_body`]
//! for the body of a CAPA response (after the `+OK` line, unstuffed, without the `.` line).
//!
//! RFC 2449 §3 `capability = capa-tag *(SP param) CRLF`, `capa-tag = 1*cchar`,
//! `param = 1*VCHAR` (8-bit bytes accepted too); see [`crate::types::capa`] for the tags and
//! what each mode accepts. Each line may have [`ParserOptions::max_reply_line`] bytes
//! without its line end. Errors of [`Capabilities::parse_body`] count from the start of the
//! body.
//!
//! ```
//! use pop3_proto::types::capa::{Capabilities, Capability};
//! use pop3_proto::{ErrorKind, ParserOptions};
//!
//! let strict = ParserOptions::default();
//! assert_eq!(Capability::parse_line(b"UTF8 USER", &strict).unwrap(), Capability::Utf8 { user: true });
//!
//! // A known tag with parameters that do not fit: an error in strict mode, kept in lenient.
//! let err = Capabilities::parse_body(b"TOP\r\nLOGIN-DELAY soon\r\n", &strict).unwrap_err();
//! assert_eq!((err.offset, err.kind), (17, ErrorKind::Expected { expected: "seconds" }));
//! let caps = Capabilities::parse_body(b"TOP\r\nLOGIN-DELAY soon\r\n", &ParserOptions::lenient()).unwrap();
//! assert!(matches!(&caps.as_slice()[1], Capability::Other(o) if o.tag() == b"LOGIN-DELAY"));
//! ```

use std::borrow::Cow;

use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::listing::BodyLines;
use crate::types::capa::{
    CapaWord, Capabilities, Capability, OtherCapability, is_cchar, is_param_char,
};
use crate::types::listing::is_blank;

const fn expected(at: usize, expected: &'static str) -> Error {
    Error::new(at, ErrorKind::Expected { expected })
}

const fn is_blank_byte(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The parameters of a line after its tag: `(offset, bytes)` for each.
fn params(line: &[u8], mut pos: usize, lenient: bool) -> Result<Vec<(usize, &[u8])>, Error> {
    let mut out = Vec::new();
    while pos < line.len() {
        if lenient {
            while line.get(pos).copied().is_some_and(is_blank_byte) {
                pos += 1;
            }
            if pos == line.len() {
                break;
            }
        } else {
            // The previous token ended at a SP (anything else was refused).
            pos += 1;
        }
        let start = pos;
        while line.get(pos).copied().is_some_and(is_param_char) {
            pos += 1;
        }
        if pos == start && !lenient {
            return Err(expected(start, "parameter after SP"));
        }
        match line.get(pos) {
            None | Some(b' ') => {}
            Some(b'\t') if lenient => {}
            Some(0) => return Err(Error::new(pos, ErrorKind::Nul)),
            Some(_) => return Err(expected(pos, "parameter byte (VCHAR)")),
        }
        out.push((start, &line[start..pos]));
    }
    Ok(out)
}

impl<'a> Capability<'a> {
    /// One capability line (without its line end).
    ///
    /// RFC 2449 §3: `capability = capa-tag *(SP param) CRLF`, `capa-tag = 1*cchar`,
    /// `cchar = %x21-2D / %x2F-7F`, `param = 1*VCHAR`. Offsets count from the start of
    /// `line`. Allocates only for the parameter list of a line that has parameters.
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let lenient = opts.is_lenient();
        let tag_len = line
            .iter()
            .take_while(|&&b| b != b' ' && !(lenient && b == b'\t'))
            .count();
        let tag = &line[..tag_len];
        if let Some(i) = tag.iter().position(|&b| !is_cchar(b)) {
            return Err(if tag[i] == 0 {
                Error::new(i, ErrorKind::Nul)
            } else {
                expected(i, "capability tag byte (printable ASCII except \".\")")
            });
        }
        if tag.is_empty() {
            return Err(expected(0, "capability tag"));
        }
        let found = params(line, tag_len, lenient)?;
        let views: Vec<&'a [u8]> = found.iter().map(|&(_, p)| p).collect();
        match Capability::classify(tag, &views) {
            Ok(Some(cap)) => Ok(cap),
            Ok(None) => Ok(Self::other(tag, &views)),
            Err(_) if lenient => Ok(Self::other(tag, &views)),
            Err(((index, what), overflow)) => {
                let at = found.get(index).map_or(line.len(), |&(at, _)| at);
                let kind = if overflow {
                    ErrorKind::NumberOverflow
                } else {
                    ErrorKind::Expected { expected: what }
                };
                Err(Error::new(at, kind))
            }
        }
    }

    fn other(tag: &'a [u8], params: &[&'a [u8]]) -> Self {
        Self::Other(OtherCapability {
            tag: Cow::Borrowed(tag),
            params: params.iter().map(|p| CapaWord(Cow::Borrowed(*p))).collect(),
        })
    }
}

impl<'a> Capabilities<'a> {
    /// The capabilities in the body of a CAPA response: the lines after the `+OK` line,
    /// dot-unstuffed, without the terminating `.` line (RFC 2449 §3 `*capability`).
    ///
    /// Each line must end with CRLF (LF too in lenient mode). Strict mode refuses an empty
    /// line; lenient mode skips blank lines. Offsets count from the start of `body`.
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut caps = Vec::new();
        for line in BodyLines::new(body, opts) {
            let (start, line) = line?;
            if opts.is_lenient() && is_blank(line) {
                continue;
            }
            caps.push(Capability::parse_line(line, opts).map_err(|e| e.shifted(start))?);
        }
        Ok(Self { caps })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_offsets() {
        assert_eq!(
            params(b"SASL A B", 4, false).unwrap(),
            [(5, &b"A"[..]), (7, &b"B"[..])]
        );
        assert_eq!(
            params(b"SASL A  B", 4, false),
            Err(expected(7, "parameter after SP"))
        );
        assert_eq!(
            params(b"SASL A ", 4, false),
            Err(expected(7, "parameter after SP"))
        );
        assert_eq!(
            params(b"SASL A\tB", 4, false),
            Err(expected(6, "parameter byte (VCHAR)"))
        );
        assert_eq!(
            params(b"SASL \tA  B\t ", 4, true).unwrap(),
            [(6, &b"A"[..]), (9, &b"B"[..])]
        );
    }
}
