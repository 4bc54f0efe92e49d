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
pub(crate) fn one_line(
    input: &[u8],
    limit: usize,
    lenient: bool,
) -> Result<Option<(&[u8], usize)>, Error> {
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
#[inline(always)]
pub(crate) fn split_code(text: &[u8]) -> (Option<RespCode<'_>>, &[u8]) {
    if text.first() != Some(&b'[') {
        return (None, text);
    }
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
pub(crate) fn reply_from_line(line: &[u8], lenient: bool) -> Result<Reply<'_>, Error> {
    reply_parts(line, lenient, Reply::from_valid)
}

/// The parts of one status line (without its line end), handed to `wrap`: the indicator,
/// the response code and the text after it. Offsets are relative to `line`; the text is a
/// suffix of `line`.
///
/// Generic over what the caller builds, so that it builds it in place: a reply built here
/// and moved into the caller's [`Status`] afterwards costs a store-forwarding stall (its
/// fields are written one by one, then read back in wide loads).
#[inline(always)]
pub(crate) fn reply_parts<'a, R>(
    line: &'a [u8],
    lenient: bool,
    wrap: impl FnOnce(StatusIndicator, Option<RespCode<'a>>, &'a [u8]) -> R,
) -> Result<R, Error> {
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
    Ok(wrap(status, code, text))
}

/// The usual status line, in one pass: `+OK` or `-ERR` exactly as RFC 1939 §3 spells
/// them, then SP and a text or the line end, a text without CR, LF or NUL, and CRLF no
/// further than `limit` from the start. Both modes read such a line alike (lenient mode
/// only adds readings of lines that do not have this shape). Returns the indicator, where
/// the text starts and where its CR is; `None` for anything else, which [`exact_parse`]
/// then reads (so every error and every lenient reading comes from there).
#[inline(always)]
pub(crate) fn fast_reply(input: &[u8], limit: usize) -> Option<(StatusIndicator, usize, usize)> {
    let (status, len) = match input.get(..4)? {
        [b'+', b'O', b'K', _] => (StatusIndicator::Ok, 3),
        [b'-', b'E', b'R', b'R'] => (StatusIndicator::Err, 4),
        _ => return None,
    };
    let start = match input.get(len)? {
        b' ' => len + 1,
        b'\r' => len,
        _ => return None,
    };
    // A CRLF within the limit is within its first `limit + 2` bytes: look no further.
    let window = &input[..input.len().min(limit.saturating_add(2))];
    let cr = first_cr_lf_nul(window, start)?;
    (input[cr] == b'\r' && input.get(cr + 1) == Some(&b'\n') && cr <= limit)
        .then_some((status, start, cr))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is zero. Bytes above the first zero byte may be
/// flagged too (a borrow runs into them); the lowest flag is always exact.
#[inline(always)]
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The index of the first CR, LF or NUL in `bytes[from..]`, eight bytes at a time.
#[inline(always)]
pub(crate) fn first_cr_lf_nul(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().ok()?);
        let hits = zero_bytes(x) | zero_bytes(x ^ (ONES * 0x0D)) | zero_bytes(x ^ (ONES * 0x0A));
        if hits != 0 {
            // Little-endian: the lowest flag is the first byte in memory.
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| matches!(b, b'\r' | b'\n' | 0))
        .map(|k| i + k)
}

/// [`Reply::parse`] for every input, every error; out of line, to keep the fast path of
/// [`Reply::parse`] small.
#[inline(never)]
fn exact_parse<'a>(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Reply<'a>>, Error> {
    let lenient = opts.is_lenient();
    let Some((line, consumed)) = one_line(input, opts.max_reply_line, lenient)? else {
        return Ok(Status::Incomplete);
    };
    reply_parts(line, lenient, |status, code, text| Status::Complete {
        value: Reply::from_valid(status, code, text),
        consumed,
    })
}

impl<'a> Reply<'a> {
    /// One status line (with its line end) at the start of `input`.
    ///
    /// RFC 2449 §3: `single-line = status [SP text] CRLF`, `status = "+OK" / "-ERR"`,
    /// `text = *schar / resp-code *CHAR`, `resp-code = "[" resp-level *("/" resp-level) "]"`
    /// (RFC 2449 §8; the greeting, RFC 1939 §4, is a positive single line too). See the
    /// [module documentation](self) for what each mode accepts. Returns
    /// [`Status::Incomplete`] until the line end has arrived; does not allocate.
    #[inline(always)]
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        if let Some((status, start, cr)) = fast_reply(input, opts.max_reply_line) {
            let (code, text) = split_code(&input[start..cr]);
            let parsed = Ok(Status::Complete {
                value: Reply::from_valid(status, code, text),
                consumed: cr + 2,
            });
            debug_assert_eq!(
                parsed,
                exact_parse(input, opts),
                "the fast path must agree with the parser on {:?}",
                input.escape_ascii()
            );
            return parsed;
        }
        exact_parse(input, opts)
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

    /// A plain reading of what [`first_cr_lf_nul`] promises.
    fn naive_first_cr_lf_nul(bytes: &[u8], from: usize) -> Option<usize> {
        (from..bytes.len()).find(|&i| matches!(bytes[i], b'\r' | b'\n' | 0))
    }

    #[test]
    fn cr_lf_nul_search_matches_a_plain_reading() {
        // Fillers chosen to trip a word-at-a-time search: bytes one above or below the
        // ones searched for, and the same with the high bit set.
        let fillers = [b'a', 0x01, 0x0B, 0x0C, 0x0E, 0x8A, 0x8D, 0x80, 0xFF, 0x09];
        let specials = [b'\r', b'\n', 0];
        for len in 0..40 {
            for (k, &filler) in fillers.iter().enumerate() {
                let base: Vec<u8> = (0..len)
                    .map(|i| {
                        if i % 3 == 0 {
                            fillers[(k + i) % fillers.len()]
                        } else {
                            filler
                        }
                    })
                    .collect();
                for from in 0..=len {
                    assert_eq!(
                        first_cr_lf_nul(&base, from),
                        naive_first_cr_lf_nul(&base, from)
                    );
                }
                for at in 0..len {
                    for special in specials {
                        for second in [None, Some(at + 1), Some(at + 9)] {
                            let mut bytes = base.clone();
                            bytes[at] = special;
                            if let Some(j) = second.filter(|&j| j < len) {
                                bytes[j] = b'\r';
                            }
                            for from in [0, 1, at.saturating_sub(8), at, at + 1] {
                                assert_eq!(
                                    first_cr_lf_nul(&bytes, from),
                                    naive_first_cr_lf_nul(&bytes, from),
                                    "{bytes:?} from {from}"
                                );
                            }
                        }
                    }
                }
            }
        }
        // Past the end: nothing found, no panic.
        assert_eq!(first_cr_lf_nul(b"ab", 5), None);
    }

    /// Lines on which the fast path of [`Reply::parse`] must agree with [`exact_parse`]:
    /// the usual shapes, and the near misses that must fall back.
    fn sample_inputs() -> Vec<Vec<u8>> {
        let heads: [&[u8]; 14] = [
            b"+OK", b"+OK ", b"-ERR", b"-ERR ", b"+ok ", b"-Err ", b"+OKx", b"-ERRx", b"+", b"-",
            b"", b"+O", b"-ER", b"+ ",
        ];
        let long = vec![b'x'; 300];
        let texts: [&[u8]; 14] = [
            b"",
            b"a",
            b"maildrop locked and ready",
            b"[IN-USE] Do you have another POP session running?",
            b"[SYS/TEMP]",
            b"[not a code",
            b"x\0y",
            b"a\rb",
            b"a\nb",
            b" lead",
            b"tab\there",
            b"\x80\xff\x0e\x0c",
            b"2 QhdPYR:00WBw1Ph7x7",
            &long,
        ];
        let ends: [&[u8]; 7] = [
            b"\r\n",
            b"\n",
            b"\r",
            b"",
            b"\r\n+OK\r\n",
            b"\rx",
            b"\n\r\n",
        ];
        let mut inputs = Vec::new();
        for head in heads {
            for text in texts {
                for end in ends {
                    inputs.push([head, text, end].concat());
                }
            }
        }
        inputs
    }

    #[test]
    fn fast_reply_agrees_with_the_parser() {
        let limits = [0, 2, 3, 4, 5, 12, 29, 30, 31, 512];
        for input in sample_inputs() {
            for limit in limits {
                for opts in [ParserOptions::default(), ParserOptions::lenient()] {
                    let opts = opts.max_reply_line(limit);
                    // Every prefix too: the incomplete lines.
                    for end in 0..=input.len() {
                        let input = &input[..end];
                        assert_eq!(
                            Reply::parse(input, &opts),
                            exact_parse(input, &opts),
                            "{:?} limit {limit}",
                            input.escape_ascii()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn fast_reply_takes_the_usual_lines() {
        // The fast path is not only correct but taken: these must not fall back.
        let usual: [&[u8]; 5] = [
            b"+OK maildrop locked and ready\r\n",
            b"-ERR [IN-USE] mailbox locked\r\n",
            b"+OK\r\n",
            b"+OK \r\n",
            b"+OK 2 320\r\n",
        ];
        for input in usual {
            assert!(
                fast_reply(input, 512).is_some(),
                "{:?}",
                input.escape_ascii()
            );
        }
        let fallback: [&[u8]; 5] = [
            b"+ok x\r\n",
            b"+OKx\r\n",
            b"+OK x\n",
            b"+OK x\0\r\n",
            b"+OK x\r",
        ];
        for input in fallback {
            assert!(
                fast_reply(input, 512).is_none(),
                "{:?}",
                input.escape_ascii()
            );
        }
        // The limit counts the text without its line end, as `scan_line` does.
        assert!(fast_reply(b"+OK ab\r\n", 6).is_some());
        assert!(fast_reply(b"+OK ab\r\n", 5).is_none());
    }
}
