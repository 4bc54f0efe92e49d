//! Status line and AUTH continuation parsers: [`Reply::parse`], [`Continuation::parse`] and
//! [`AuthReply::parse`].
//!
//! Each parser reads one line with its line end from the start of the input. It returns
//! [`Status::Incomplete`] until the line end has arrived, the value and the bytes it used
//! (line end included) when it has, and an [`Error`] with the offset in the input otherwise.
//! None of them allocates: the text borrows from the input.
//!
//! | input | strict (default) | lenient |
//! | --- | --- | --- |
//! | `+OK text`, `-ERR text`, `+OK`, `+OK ` | accepted | accepted |
//! | `+ok text` (lower case) | [`ErrorKind::Expected`] at 0 | accepted (RFC 1939 §3 makes upper case a server MUST) |
//! | `+OKtext` (no SP) | [`ErrorKind::Expected`] at 3 | text `text` |
//! | LF-only line end | [`ErrorKind::BareLf`] | accepted |
//! | bare CR anywhere | [`ErrorKind::BareCr`] | [`ErrorKind::BareCr`] |
//! | NUL in the text | [`ErrorKind::Nul`] | [`ErrorKind::Nul`] |
//! | `+OK [CODE] text` | code `CODE` | code `CODE` |
//! | `+OK [not a code` | text `[not a code` | text `[not a code` |
//! | `+ base64` (RFC 5034) | [`Continuation`] | [`Continuation`] |
//! | `+` alone | [`ErrorKind::Expected`] at 1 | empty [`Continuation`] |
//! | `+ not base64!` | [`ErrorKind::Expected`] where base64 breaks | [`Continuation`] with that text |
//!
//! Limits: a status line may have [`ParserOptions::max_reply_line`] bytes without its line
//! end, a continuation [`ParserOptions::max_auth_line`] ([`ErrorKind::LineTooLong`],
//! reported as soon as the limit is passed).
//!
//! ```
//! use pop3_proto::types::reply::{Reply, RespCode};
//! use pop3_proto::{ParserOptions, Status};
//!
//! let input = b"-ERR [IN-USE] Do you have another POP session running?\r\n+OK";
//! let Status::Complete { value, consumed } = Reply::parse(input, &ParserOptions::default()).unwrap()
//! else { panic!() };
//! assert_eq!(consumed, 56);
//! assert!(value.is_err());
//! assert_eq!(value.code(), Some(&RespCode::InUse));
//! assert_eq!(value.text(), b"Do you have another POP session running?");
//!
//! // The next line has not ended yet.
//! assert!(Reply::parse(&input[consumed..], &ParserOptions::default()).unwrap().is_incomplete());
//! ```

use std::borrow::Cow;

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::types::reply::{
    AuthReply, Continuation, Reply, RespCode, StatusIndicator, check_base64, resp_code_len,
};

/// Reads one complete line; `Ok(None)` when its end has not arrived.
fn one_line(input: &[u8], limit: usize, lenient: bool) -> Result<Option<(&[u8], usize)>, Error> {
    match scan_line(input, 0, limit, lenient)? {
        LineScan::Complete { text_end, next } => Ok(Some((&input[..text_end], next))),
        LineScan::Incomplete { .. } => Ok(None),
    }
}

/// The status indicator at the start of `line` and its length; on mismatch, the offset of
/// the first byte that does not fit.
fn indicator(line: &[u8], lenient: bool) -> Result<(StatusIndicator, usize), usize> {
    let (status, want): (_, &[u8]) = match line.first() {
        Some(b'+') => (StatusIndicator::Ok, b"+OK"),
        Some(b'-') => (StatusIndicator::Err, b"-ERR"),
        _ => return Err(0),
    };
    for (i, &w) in want.iter().enumerate() {
        let fits = line
            .get(i)
            .is_some_and(|&b| b == w || (lenient && b.eq_ignore_ascii_case(&w)));
        if !fits {
            return Err(i);
        }
    }
    Ok((status, want.len()))
}

/// Splits a reply's text into its response code (if it starts with a well-formed one) and
/// the text after the code and one SP.
pub(crate) fn split_code(text: &[u8]) -> (Option<RespCode<'_>>, &[u8]) {
    match resp_code_len(text) {
        Some(len) => {
            let code = RespCode::from_valid(Cow::Borrowed(&text[1..len - 1]));
            let rest = &text[len..];
            (Some(code), rest.strip_prefix(b" ").unwrap_or(rest))
        }
        None => (None, text),
    }
}

/// Parses the text of one status line (without its line end) into a reply; offsets are
/// relative to `line`.
pub(crate) fn reply_from_line<'a>(line: &'a [u8], lenient: bool) -> Result<Reply<'a>, Error> {
    let (status, len) = indicator(line, lenient).map_err(|at| {
        Error::new(
            at,
            ErrorKind::Expected {
                expected: "+OK or -ERR",
            },
        )
    })?;
    let text = match line.get(len) {
        None => &line[len..],
        Some(b' ') => &line[len + 1..],
        Some(_) if lenient => &line[len..],
        Some(_) => {
            let expected = match status {
                StatusIndicator::Ok => "SP or end of line after +OK",
                StatusIndicator::Err => "SP or end of line after -ERR",
            };
            return Err(Error::new(len, ErrorKind::Expected { expected }));
        }
    };
    let text_start = line.len() - text.len();
    if let Some(i) = memchr::memchr(0, text) {
        return Err(Error::new(text_start + i, ErrorKind::Nul));
    }
    let (code, text) = split_code(text);
    Ok(Reply::from_valid(status, code, text))
}

impl<'a> Reply<'a> {
    /// One status line (with its line end) at the start of `input`.
    ///
    /// RFC 2449 §3: `single-line = status [SP text] CRLF`, `status = "+OK" / "-ERR"`,
    /// `text = *schar / resp-code *CHAR`, `resp-code = "[" resp-level *("/" resp-level) "]"`
    /// (RFC 2449 §8; the greeting, RFC 1939 §4, is a positive single line too). See the
    /// [module documentation](self) for what each mode accepts. Returns
    /// [`Status::Incomplete`] until the line end has arrived; does not allocate.
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let lenient = opts.is_lenient();
        let Some((line, next)) = one_line(input, opts.max_reply_line, lenient)? else {
            return Ok(Status::Incomplete);
        };
        let value = reply_from_line(line, lenient)?;
        Ok(Status::Complete {
            value,
            consumed: next,
        })
    }
}

impl<'a> Continuation<'a> {
    /// One AUTH challenge line (with its line end) at the start of `input`.
    ///
    /// RFC 5034 §5: `continue-req = "+" SP [base64] CRLF`, `base64 = base64-terminal /
    /// ( 1*(4base64-char) [base64-terminal] )`, `base64-terminal = (2base64-char "==") /
    /// (3base64-char "=")`. Lenient mode also accepts a `+` alone and any text without NUL
    /// instead of base64. The limit is [`ParserOptions::max_auth_line`].
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let lenient = opts.is_lenient();
        let Some((line, next)) = one_line(input, opts.max_auth_line, lenient)? else {
            return Ok(Status::Incomplete);
        };
        if line.first() != Some(&b'+') {
            return Err(Error::new(0, ErrorKind::Expected { expected: "+" }));
        }
        let data = match line.get(1) {
            Some(b' ') => &line[2..],
            None if lenient => &line[1..],
            _ => {
                return Err(Error::new(
                    1,
                    ErrorKind::Expected {
                        expected: "SP after +",
                    },
                ));
            }
        };
        if lenient {
            if let Some(i) = memchr::memchr(0, data) {
                return Err(Error::new(2 + i, ErrorKind::Nul));
            }
        } else if let Err(i) = check_base64(data) {
            return Err(Error::new(
                2 + i,
                ErrorKind::Expected {
                    expected: "base64 challenge",
                },
            ));
        }
        Ok(Status::Complete {
            value: Continuation {
                data: Cow::Borrowed(data),
            },
            consumed: next,
        })
    }
}

impl<'a> AuthReply<'a> {
    /// One server line during an AUTH exchange: a challenge ([`Continuation::parse`]) when
    /// the line starts with `+` followed by anything but `O` or `o`, otherwise a status line
    /// ([`Reply::parse`], which refuses `+ok` in strict mode).
    ///
    /// RFC 5034 §5: `response =/ continue-req`. Needs two bytes to decide; until then,
    /// [`Status::Incomplete`].
    ///
    /// ```
    /// use pop3_proto::types::reply::AuthReply;
    /// use pop3_proto::{ParserOptions, Status};
    ///
    /// let opts = ParserOptions::default();
    /// let Ok(Status::Complete { value, .. }) = AuthReply::parse(b"+ \r\n", &opts) else { panic!() };
    /// assert!(matches!(value, AuthReply::Challenge(c) if c.is_empty()));
    /// let Ok(Status::Complete { value, .. }) = AuthReply::parse(b"+OK Maildrop locked and ready\r\n", &opts) else { panic!() };
    /// assert!(matches!(value, AuthReply::Status(r) if r.is_ok()));
    /// ```
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let challenge = match input {
            [] | [b'+'] => return Ok(Status::Incomplete),
            [b'+', b'O' | b'o', ..] => false,
            [b'+', ..] => true,
            _ => false,
        };
        if challenge {
            Ok(Continuation::parse(input, opts)?.map(AuthReply::Challenge))
        } else {
            Ok(Reply::parse(input, opts)?.map(AuthReply::Status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_offsets() {
        assert_eq!(indicator(b"+OK", false), Ok((StatusIndicator::Ok, 3)));
        assert_eq!(indicator(b"-ERR", false), Ok((StatusIndicator::Err, 4)));
        assert_eq!(indicator(b"+Ok", false), Err(2));
        assert_eq!(indicator(b"+Ok", true), Ok((StatusIndicator::Ok, 3)));
        assert_eq!(indicator(b"-ER", false), Err(3));
        assert_eq!(indicator(b"OK", true), Err(0));
    }

    #[test]
    fn code_split() {
        let (code, text) = split_code(b"[IN-USE] busy");
        assert_eq!((code, text), (Some(RespCode::InUse), &b"busy"[..]));
        let (code, text) = split_code(b"[IN-USE]busy");
        assert_eq!((code, text), (Some(RespCode::InUse), &b"busy"[..]));
        let (code, text) = split_code(b"[IN-USE]  busy");
        assert_eq!((code, text), (Some(RespCode::InUse), &b" busy"[..]));
        let (code, text) = split_code(b"[IN USE] busy");
        assert_eq!((code, text), (None, &b"[IN USE] busy"[..]));
    }
}
