//! Command lines: [`Command::parse`] (a line with its CRLF at the start of a buffer) and
//! [`Command::parse_line`] (the text of a line a stream decoder already framed).
//!
//! ```
//! use smtp_proto::types::command::Command;
//! use smtp_proto::types::path::ReversePath;
//! use smtp_proto::{ParserOptions, Status};
//!
//! let opts = ParserOptions::default();
//! let input = b"mail from:<Smith@bar.com> SIZE=1200 BODY=8BITMIME\r\nRCPT TO:<Jones@foo.com>\r\n";
//! let Status::Complete { value, consumed } = Command::parse(input, &opts).unwrap() else {
//!     panic!("a whole line is there");
//! };
//! assert_eq!(consumed, 51);
//! let Command::Mail { from: ReversePath::Path(path), params } = &value else { panic!() };
//! assert_eq!(path.mailbox().to_string(), "Smith@bar.com");
//! assert_eq!(params.size(), Some(1200));
//! assert_eq!(value.to_bytes(), b"MAIL FROM:<Smith@bar.com> SIZE=1200 BODY=8BITMIME\r\n");
//!
//! // An unknown verb is a value, not an error; a known verb with bad arguments is an error.
//! assert!(matches!(Command::parse_line(b"XCLIENT ADDR=192.0.2.1", &opts), Ok(Command::Unknown { .. })));
//! let err = Command::parse_line(b"MAIL FROM:<no at sign>", &opts).unwrap_err();
//! assert_eq!(err.to_string(), "expected '@' after the local part at offset 13");
//! ```
//!
//! # Strict mode (the default)
//!
//! The grammar of RFC 5321 §4.1 and of each extension (quoted on the variants of
//! [`Command`] and on the parsers here), plus what mainstream clients send where an RFC
//! reads stricter:
//!
//! - verbs, `FROM:`/`TO:`, parameter keywords and keyword values in any case;
//! - a parameter repeated (Python's smtplib sends `SIZE` twice); every occurrence is kept;
//! - `HELO` with an address literal;
//! - `VRFY`/`EXPN` with `<mailbox>` or `user@domain` as well as an `Atom`;
//! - lower-case SASL mechanism names.
//!
//! Lines are UTF-8 (RFC 6531 allows UTF-8 in mailboxes and parameter values); invalid UTF-8
//! is [`ErrorKind::InvalidUtf8`]. No rule of the grammar admits a control character (not
//! even HT, which RFC 5321 never allows where SP is allowed): a NUL is [`ErrorKind::Nul`],
//! any other control character (0x01-0x1F, 0x7F) [`ErrorKind::ControlCharacter`], in
//! unknown commands too. A known verb with malformed arguments is an error
//! ([`ErrorKind::Expected`] at the first offending byte, or a limit error); an unknown verb
//! is [`Command::Unknown`].
//!
//! # Lenient mode ([`Mode::Lenient`](crate::Mode::Lenient))
//!
//! Accepts, in addition, these deviations of old or careless clients:
//!
//! - an LF-only line end (`MAIL FROM:<a@b>\n`), in [`Command::parse`]; a bare CR is still
//!   refused;
//! - spaces after `MAIL FROM:` / `RCPT TO:` (`MAIL FROM: <a@b>`);
//! - a path without angle brackets (`MAIL FROM:a@b`, `RCPT TO:postmaster`); it encodes
//!   with brackets;
//! - trailing SP and HT at the end of the line (dropped; they never reach an argument).
//!
//! Everything else, the length limits and the refusal of control characters hold in both
//! modes.
//!
//! # Line limits
//!
//! [`Command::parse`] limits a line to [`ParserOptions::max_command_line`] octets without
//! its line end, except an `AUTH` line, which may reach the larger of that and
//! [`ParserOptions::max_auth_line`] (initial responses carry OAuth tokens; RFC 4954 §4 asks
//! servers to take at least 12288 octets). A longer line is
//! [`ErrorKind::LineTooLong`], reported as soon as the limit is passed.

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::parse::param::{params_end, parse_decimal, validate_params};
use crate::parse::path::{
    MAX_PATH, MailboxSpan, PathSpan, domain_end, expected, scan_domain, scan_host, scan_mailbox,
    scan_path, scan_quoted_string, simple_path, starts_with_ci, sub,
};
use crate::types::command::{
    AbsoluteUri, Command, DomainList, EtrnArg, InitialResponse, Mechanism, SaslBase64, SmtpString,
    Text, UnknownVerb,
};
use crate::types::param::Parameters;
use crate::types::path::{Domain, ForwardPath, Host, Path, ReversePath};

/// The verbs with a [`Command`] variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Helo,
    Ehlo,
    Lhlo,
    Mail,
    Rcpt,
    Data,
    Bdat,
    Rset,
    Vrfy,
    Expn,
    Help,
    Noop,
    Quit,
    StartTls,
    Auth,
    Etrn,
    Atrn,
    Burl,
}

const fn w4(s: &[u8; 4]) -> u32 {
    u32::from_le_bytes(*s)
}

const HELO: u32 = w4(b"HELO");
const EHLO: u32 = w4(b"EHLO");
const LHLO: u32 = w4(b"LHLO");
const MAIL: u32 = w4(b"MAIL");
const RCPT: u32 = w4(b"RCPT");
const DATA: u32 = w4(b"DATA");
const BDAT: u32 = w4(b"BDAT");
const RSET: u32 = w4(b"RSET");
const VRFY: u32 = w4(b"VRFY");
const EXPN: u32 = w4(b"EXPN");
const HELP: u32 = w4(b"HELP");
const NOOP: u32 = w4(b"NOOP");
const QUIT: u32 = w4(b"QUIT");
const AUTH: u32 = w4(b"AUTH");
const ETRN: u32 = w4(b"ETRN");
const ATRN: u32 = w4(b"ATRN");
const BURL: u32 = w4(b"BURL");
const STARTTLS: u64 = u64::from_le_bytes(*b"STARTTLS");

/// The known verb spelled by `v`, in any case. `v` must be a verb token (letters, digits,
/// `-`): clearing bit 5 upper-cases letters and maps digits and `-` below `A`, so no
/// other token can compare equal.
pub(crate) fn known_verb(v: &[u8]) -> Option<Verb> {
    match *v {
        [a, b, c, d] => known_verb4(u32::from_le_bytes([a, b, c, d])),
        [a, b, c, d, e, f, g, h] => {
            let w = u64::from_le_bytes([a, b, c, d, e, f, g, h]) & 0xDFDF_DFDF_DFDF_DFDF;
            (w == STARTTLS).then_some(Verb::StartTls)
        }
        _ => None,
    }
}

/// The known four-letter verb in the bytes of `w` (little-endian), in any case.
#[inline(always)]
fn known_verb4(w: u32) -> Option<Verb> {
    Some(match w & 0xDFDF_DFDF {
        HELO => Verb::Helo,
        EHLO => Verb::Ehlo,
        LHLO => Verb::Lhlo,
        MAIL => Verb::Mail,
        RCPT => Verb::Rcpt,
        DATA => Verb::Data,
        BDAT => Verb::Bdat,
        RSET => Verb::Rset,
        VRFY => Verb::Vrfy,
        EXPN => Verb::Expn,
        HELP => Verb::Help,
        NOOP => Verb::Noop,
        QUIT => Verb::Quit,
        AUTH => Verb::Auth,
        ETRN => Verb::Etrn,
        ATRN => Verb::Atrn,
        BURL => Verb::Burl,
        _ => return None,
    })
}

/// A command verb: `(ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`.
pub(crate) fn scan_verb(b: &[u8], start: usize) -> Result<usize, Error> {
    if !b.get(start).is_some_and(u8::is_ascii_alphanumeric) {
        return Err(expected(start, "command verb (letter or digit)"));
    }
    let mut i = start + 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    Ok(i)
}

/// The end of printable text from `start`: the first control character (0x00-0x1F, 0x7F)
/// or the end.
pub(crate) fn scan_text(b: &[u8], start: usize) -> usize {
    b[start.min(b.len())..]
        .iter()
        .position(|&c| c < 0x20 || c == 0x7F)
        .map_or(b.len(), |p| start + p)
}

/// RFC 5321 §4.1.2 `String = Atom / Quoted-string`, widened to any word of printable
/// non-SP characters (`%x21-7E / UTF8-non-ascii`) so that `<user@example.com>` and
/// `user@example.com` are taken too.
pub(crate) fn scan_smtp_string(b: &[u8], start: usize) -> Result<usize, Error> {
    if b.get(start) == Some(&b'"') {
        return scan_quoted_string(b, start);
    }
    let mut i = start;
    while i < b.len() && matches!(b[i], 0x21..=0x7E | 0x80..=0xFF) {
        i += 1;
    }
    if i == start {
        return Err(expected(start, "argument (a word or a quoted string)"));
    }
    Ok(i)
}

/// RFC 4422 §3.1 `sasl-mech = 1*20mech-char`,
/// `mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE` (lower case accepted too).
pub(crate) fn scan_mechanism(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
        i += 1;
    }
    if i == start {
        return Err(expected(start, "SASL mechanism name"));
    }
    if i - start > 20 {
        return Err(expected(
            start + 20,
            "at most 20 characters in a SASL mechanism name",
        ));
    }
    Ok(i)
}

#[inline]
const fn is_base64_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'+' || c == b'/'
}

/// RFC 4954 §4:
///
/// ```text
/// base64          = base64-terminal / ( 1*(4base64-char) [base64-terminal] )
/// base64-char     = ALPHA / DIGIT / "+" / "/"
/// base64-terminal = (2base64-char "==") / (3base64-char "=")
/// ```
pub(crate) fn validate_base64(b: &[u8], start: usize, end: usize) -> Result<(), Error> {
    if start >= end {
        return Err(expected(start, "base64"));
    }
    let len = end - start;
    let pad = match (b[end - 1], len.checked_sub(2).map(|k| b[start + k])) {
        (b'=', Some(b'=')) => 2,
        (b'=', _) => 1,
        _ => 0,
    };
    if pad == len {
        return Err(expected(start, "base64 character"));
    }
    for (k, &c) in b[start..end - pad].iter().enumerate() {
        if !is_base64_char(c) {
            return Err(expected(start + k, "base64 character"));
        }
    }
    if len % 4 != 0 {
        return Err(expected(end, "base64 padded to a multiple of 4 characters"));
    }
    Ok(())
}

/// RFC 2645 §4 `domain *("," domain)`.
pub(crate) fn scan_domain_list(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = scan_domain(b, start)?;
    while b.get(i) == Some(&b',') {
        i = scan_domain(b, i + 1)?;
    }
    Ok(i)
}

/// RFC 3986 characters of an absolute URI after the scheme: unreserved, sub-delims,
/// `:` `@` `/` `?` `[` `]` (no `#`: an absolute-URI has no fragment), and `%` escapes.
#[inline]
const fn is_uri_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'?'
                | b'['
                | b']'
        )
}

/// RFC 3986 §4.3 `absolute-URI = scheme ":" hier-part [ "?" query ]`, §3.1
/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`; the rest is checked by character
/// class only.
pub(crate) fn scan_uri(b: &[u8], start: usize) -> Result<usize, Error> {
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return Err(expected(start, "URI scheme (a letter first)"));
    }
    let mut i = start + 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'+' | b'-' | b'.')) {
        i += 1;
    }
    if b.get(i) != Some(&b':') {
        return Err(expected(i, "':' after the URI scheme"));
    }
    i += 1;
    loop {
        match b.get(i) {
            Some(&c) if is_uri_byte(c) => i += 1,
            Some(b'%') => {
                if b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                {
                    i += 3;
                } else {
                    return Err(expected(i, "two hex digits after '%'"));
                }
            }
            _ => return Ok(i),
        }
    }
}

/// The line must end at `i`.
#[inline]
fn end(b: &[u8], i: usize) -> Result<(), Error> {
    if i == b.len() {
        Ok(())
    } else {
        Err(expected(i, "end of line"))
    }
}

/// A SP at `i` followed by something; returns the index after the SP.
#[inline]
fn arg(b: &[u8], i: usize, what: &'static str) -> Result<usize, Error> {
    if b.get(i) == Some(&b' ') && i + 1 < b.len() {
        Ok(i + 1)
    } else if b.get(i) == Some(&b' ') {
        Err(expected(i + 1, what))
    } else {
        Err(expected(i, what))
    }
}

/// `[SP "LAST"]` then the end of the line.
fn last_marker(b: &[u8], i: usize) -> Result<bool, Error> {
    if i == b.len() {
        return Ok(false);
    }
    if b[i] != b' ' {
        return Err(expected(i, "SP LAST or end of line"));
    }
    if starts_with_ci(b, i + 1, b"LAST") {
        end(b, i + 5)?;
        Ok(true)
    } else {
        Err(expected(i + 1, "LAST"))
    }
}

/// The first control character in `line[..=upto]`, as an error.
fn control_error(line: &[u8], upto: usize) -> Option<Error> {
    let stop = upto.saturating_add(1).min(line.len());
    line[..stop]
        .iter()
        .position(|&c| c < 0x20 || c == 0x7F)
        .map(|p| {
            let kind = if line[p] == 0 {
                ErrorKind::Nul
            } else {
                ErrorKind::ControlCharacter { byte: line[p] }
            };
            Error::new(p, kind)
        })
}

impl<'a> Command<'a> {
    /// Parses one complete line, CRLF included, at the start of `input`.
    ///
    /// Returns [`Status::Incomplete`] when no line end has arrived yet. The line is framed
    /// by the shared CRLF scanner: a bare CR is [`ErrorKind::BareCr`], an LF without CR is
    /// [`ErrorKind::BareLf`] unless [`ParserOptions::is_lenient`], and a line over the
    /// limit (see the [module docs](self)) is [`ErrorKind::LineTooLong`]. The line text is
    /// then parsed by [`Command::parse_line`].
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        // The fast path reads the line and finds its end in the same pass: a line it takes
        // has no CR or LF before the CRLF that ends its last token, and (none of its verbs
        // being AUTH) the usual limit.
        if let Some((shape, e)) = fast_shape(input) {
            if input.get(e..e + 2) == Some(b"\r\n") && e <= opts.max_command_line {
                if let Ok(text) = std::str::from_utf8(&input[..e]) {
                    let value = shape.build(text);
                    debug_assert_eq!(
                        full_line(&input[..e], opts).as_ref(),
                        Ok(&value),
                        "the fast path must agree with the parser"
                    );
                    return Ok(Status::Complete {
                        value,
                        consumed: e + 2,
                    });
                }
            }
        }
        let Some(limit) = line_limit(input, opts) else {
            return Ok(Status::Incomplete);
        };
        match scan_line(input, 0, limit, opts.is_lenient())? {
            LineScan::Incomplete { .. } => Ok(Status::Incomplete),
            LineScan::Complete { text_end, next } => Ok(Status::Complete {
                value: full_line(&input[..text_end], opts)?,
                consumed: next,
            }),
        }
    }

    /// Parses the text of one line, without its line end (framing and the line limit are
    /// the caller's). Error offsets count from the start of `line`.
    ///
    /// Never allocates: the command borrows from `line`.
    #[inline]
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        match fast_line(line, opts) {
            Some(value) => Ok(value),
            None => full_line(line, opts),
        }
    }
}

/// [`fast_shape`] on the text of `line` (in lenient mode without trailing SP and HT, as
/// the full parser reads it), which it must take to its end.
#[inline(always)]
fn fast_line<'a>(line: &'a [u8], opts: &ParserOptions) -> Option<Command<'a>> {
    let mut len = line.len();
    if opts.is_lenient() {
        while len > 0 && matches!(line[len - 1], b' ' | b'\t') {
            len -= 1;
        }
    }
    let (shape, e) = fast_shape(&line[..len])?;
    if e != len {
        return None;
    }
    // The trailing SP and HT left out are ASCII: the line is UTF-8 if its text is.
    let text = std::str::from_utf8(&line[..len]).ok()?;
    let value = shape.build(text);
    debug_assert_eq!(
        full_line(line, opts).as_ref(),
        Ok(&value),
        "the fast path must agree with the parser"
    );
    Some(value)
}

/// A line the fast path took, as spans of its text.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// `DATA`, `RSET`, `QUIT`, `NOOP`, `HELP` or `STARTTLS` without arguments.
    Bare(Verb),
    /// `EHLO`, `HELO` or `LHLO` and a domain from byte 5 to the end.
    Hello(Verb),
    /// `MAIL FROM:` a path (`None` for `<>`), and parameters from the index given to the
    /// end.
    Mail(Option<PathSpan>, usize),
    /// `RCPT TO:` a path, and parameters from the index given to the end.
    Rcpt(PathSpan, usize),
}

impl Shape {
    /// The command in `t`, the text of the line (up to the end [`fast_shape`] found).
    #[inline(always)]
    fn build(self, t: &str) -> Command<'_> {
        match self {
            Self::Bare(verb) => match verb {
                Verb::Data => Command::Data,
                Verb::Rset => Command::Rset,
                Verb::Quit => Command::Quit,
                Verb::Noop => Command::Noop { arg: None },
                Verb::Help => Command::Help { arg: None },
                _ => Command::StartTls,
            },
            Self::Hello(verb) => {
                let host = Host::Domain(Domain::from_valid(sub(t, 5, t.len())));
                match verb {
                    Verb::Ehlo => Command::Ehlo { host },
                    Verb::Helo => Command::Helo { host },
                    _ => Command::Lhlo { host },
                }
            }
            Self::Mail(path, params) => Command::Mail {
                from: match path {
                    Some(path) => ReversePath::Path(Path::from_span(t, &path)),
                    None => ReversePath::Null,
                },
                params: Parameters::from_valid(sub(t, params, t.len())),
            },
            Self::Rcpt(path, params) => Command::Rcpt {
                to: ForwardPath::Path(Path::from_span(t, &path)),
                params: Parameters::from_valid(sub(t, params, t.len())),
            },
        }
    }
}

/// The fast path of the command parser: the usual shapes of the most frequent lines
/// (`EHLO`/`HELO`/`LHLO` with a domain; `MAIL FROM:` and `RCPT TO:` with a
/// `<Dot-string@Domain>` path and the frequent parameters), checked in one pass with no
/// error reporting. Returns the shape and the end of the text it took: `b` may go on past
/// the line, and the caller checks that the line ends there. `None` means "not one of
/// those shapes, or not valid": the full parser ([`parse_text`]) then decides, and reports
/// the error. Whatever this takes, the full parser accepts and parses to the same command
/// (debug builds assert it on every line).
#[inline(always)]
fn fast_shape(b: &[u8]) -> Option<(Shape, usize)> {
    let (v0, v1, v2, v3) = match *b {
        [v0, v1, v2, v3, b' ', ..] => (v0, v1, v2, v3),
        // A verb alone: the line ends after it (CR, or the end of `b`).
        [v0, v1, v2, v3] | [v0, v1, v2, v3, b'\r', ..] => {
            let verb = known_verb4(u32::from_le_bytes([v0, v1, v2, v3]))?;
            return matches!(
                verb,
                Verb::Data | Verb::Rset | Verb::Quit | Verb::Noop | Verb::Help
            )
            .then_some((Shape::Bare(verb), 4));
        }
        _ => {
            let starttls =
                starts_with_ci(b, 0, b"STARTTLS") && matches!(b.get(8), None | Some(b'\r'));
            return starttls.then_some((Shape::Bare(Verb::StartTls), 8));
        }
    };
    match known_verb4(u32::from_le_bytes([v0, v1, v2, v3]))? {
        verb @ (Verb::Ehlo | Verb::Helo | Verb::Lhlo) => {
            Some((Shape::Hello(verb), domain_end(b, 5)?))
        }
        Verb::Mail => {
            if !starts_with_ci(b, 5, b"FROM:") {
                return None;
            }
            // The null reverse-path of notifications, or a path.
            let (path, end) = if b.get(10..12) == Some(b"<>") {
                (None, 12)
            } else {
                let path = simple_path(b, 10)?;
                (Some(path), path.end)
            };
            let (params, e) = fast_params(b, end)?;
            Some((Shape::Mail(path, params), e))
        }
        Verb::Rcpt => {
            if !starts_with_ci(b, 5, b"TO:") {
                return None;
            }
            let path = simple_path(b, 8)?;
            let (params, e) = fast_params(b, path.end)?;
            Some((Shape::Rcpt(path, params), e))
        }
        _ => None,
    }
}

/// `[SP Mail-parameters]` after a path ending at `e`: where the parameters start and
/// where they end (both `e` when there are none).
#[inline(always)]
fn fast_params(b: &[u8], e: usize) -> Option<(usize, usize)> {
    if b.get(e) == Some(&b' ') {
        Some((e + 1, params_end(b, e + 1)?))
    } else {
        Some((e, e))
    }
}

/// The text of `line` as the full parser reads it: UTF-8, and in lenient mode without
/// trailing SP and HT.
#[inline(always)]
fn line_text(line: &[u8], lenient: bool) -> Result<&str, std::str::Utf8Error> {
    let text = std::str::from_utf8(line)?;
    Ok(if lenient {
        text.trim_end_matches([' ', '\t'])
    } else {
        text
    })
}

/// [`Command::parse_line`] by the full parser, with its errors.
#[inline(never)]
fn full_line<'a>(line: &'a [u8], opts: &ParserOptions) -> Result<Command<'a>, Error> {
    let lenient = opts.is_lenient();
    let text = match line_text(line, lenient) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(control_error(line, at).unwrap_or(Error::new(at, ErrorKind::InvalidUtf8)));
        }
    };
    parse_text(text, lenient).map_err(|e| control_error(line, e.offset).unwrap_or(e))
}

fn parse_text(t: &str, lenient: bool) -> Result<Command<'_>, Error> {
    let b = t.as_bytes();
    // Most lines start with a known four-letter verb and SP (or end there): the four
    // bytes mask to a verb only if they are its letters, so no scan is needed.
    let fast = match b {
        [v0, v1, v2, v3, b' ', ..] | [v0, v1, v2, v3] => {
            known_verb4(u32::from_le_bytes([*v0, *v1, *v2, *v3]))
        }
        _ => None,
    };
    let (ve, verb) = match fast {
        Some(v) => (4, Some(v)),
        None => {
            let ve = scan_verb(b, 0)?;
            if ve < b.len() && b[ve] != b' ' {
                return Err(expected(ve, "SP or end of line after the command verb"));
            }
            (ve, known_verb(&b[..ve]))
        }
    };
    let Some(verb) = verb else {
        let args = if ve == b.len() {
            None
        } else {
            let e = scan_text(b, ve + 1);
            end(b, e)?;
            Some(Text::from_valid(sub(t, ve + 1, e)))
        };
        return Ok(Command::Unknown {
            verb: UnknownVerb::from_valid(sub(t, 0, ve)),
            args,
        });
    };
    Ok(match verb {
        Verb::Helo | Verb::Ehlo | Verb::Lhlo => {
            let s = arg(b, ve, "SP and a domain or address literal")?;
            let (e, kind) = scan_host(b, s)?;
            end(b, e)?;
            let host = Host::from_valid(sub(t, s, e), kind);
            match verb {
                Verb::Helo => Command::Helo { host },
                Verb::Ehlo => Command::Ehlo { host },
                _ => Command::Lhlo { host },
            }
        }
        Verb::Mail => {
            let s = colon_keyword(b, ve, b"FROM:", "FROM:")?;
            let s = skip_spaces(b, s, lenient);
            let (from, e) = if starts_with_ci(b, s, b"<>") {
                (None, s + 2)
            } else {
                let p = path(b, s, lenient, "'<' of the reverse-path")?;
                (Some(p), p.end())
            };
            let params = params(b, e)?;
            Command::Mail {
                from: match from {
                    None => ReversePath::Null,
                    Some(p) => ReversePath::Path(p.build(t)),
                },
                params: Parameters::from_valid(sub(t, params, b.len())),
            }
        }
        Verb::Rcpt => {
            let s = colon_keyword(b, ve, b"TO:", "TO:")?;
            let s = skip_spaces(b, s, lenient);
            let bare = lenient
                && starts_with_ci(b, s, b"postmaster")
                && matches!(b.get(s + 10), None | Some(b' '));
            let (to, e) = if starts_with_ci(b, s, b"<postmaster>") {
                (None, s + 12)
            } else if bare {
                (None, s + 10)
            } else {
                let p = path(b, s, lenient, "'<' of the forward-path")?;
                (Some(p), p.end())
            };
            let params = params(b, e)?;
            Command::Rcpt {
                to: match to {
                    None => ForwardPath::Postmaster,
                    Some(p) => ForwardPath::Path(p.build(t)),
                },
                params: Parameters::from_valid(sub(t, params, b.len())),
            }
        }
        Verb::Data => end(b, ve).map(|()| Command::Data)?,
        Verb::Rset => end(b, ve).map(|()| Command::Rset)?,
        Verb::Quit => end(b, ve).map(|()| Command::Quit)?,
        Verb::StartTls => end(b, ve).map(|()| Command::StartTls)?,
        Verb::Bdat => {
            let s = arg(b, ve, "SP and the chunk size")?;
            let mut e = s;
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            if e == s {
                return Err(expected(s, "chunk size (digits)"));
            }
            let size = parse_decimal(b, s, e, u64::MAX)?;
            let last = last_marker(b, e)?;
            Command::Bdat { size, last }
        }
        Verb::Vrfy | Verb::Expn => {
            let s = arg(b, ve, "SP and an argument")?;
            let e = scan_smtp_string(b, s)?;
            let arg = SmtpString::from_valid(sub(t, s, e));
            let smtputf8 = if e < b.len() && b[e] == b' ' && starts_with_ci(b, e + 1, b"SMTPUTF8") {
                end(b, e + 9)?;
                true
            } else {
                end(b, e)?;
                false
            };
            if verb == Verb::Vrfy {
                Command::Vrfy { arg, smtputf8 }
            } else {
                Command::Expn { arg, smtputf8 }
            }
        }
        Verb::Help | Verb::Noop => {
            let arg = if ve == b.len() {
                None
            } else {
                let s = arg(b, ve, "an argument after SP")?;
                let e = scan_smtp_string(b, s)?;
                end(b, e)?;
                Some(SmtpString::from_valid(sub(t, s, e)))
            };
            if verb == Verb::Help {
                Command::Help { arg }
            } else {
                Command::Noop { arg }
            }
        }
        Verb::Auth => {
            let s = arg(b, ve, "SP and a SASL mechanism")?;
            let e = scan_mechanism(b, s)?;
            let mechanism = Mechanism::from_valid(sub(t, s, e));
            let initial_response = if e == b.len() {
                None
            } else {
                let r = arg(b, e, "SP and an initial response")?;
                if b[r] == b'=' {
                    end(b, r + 1)?;
                    Some(InitialResponse::Empty)
                } else {
                    validate_base64(b, r, b.len())?;
                    Some(InitialResponse::Data(SaslBase64::from_valid(sub(
                        t,
                        r,
                        b.len(),
                    ))))
                }
            };
            Command::Auth {
                mechanism,
                initial_response,
            }
        }
        Verb::Etrn => {
            let s = arg(b, ve, "SP and a node name")?;
            let arg = match b[s] {
                b'@' => {
                    let e = scan_domain(b, s + 1)?;
                    end(b, e)?;
                    EtrnArg::Subdomains(Domain::from_valid(sub(t, s + 1, e)))
                }
                b'#' => {
                    let e = scan_smtp_string(b, s + 1)?;
                    end(b, e)?;
                    EtrnArg::Queue(SmtpString::from_valid(sub(t, s + 1, e)))
                }
                _ => {
                    let e = scan_domain(b, s)?;
                    end(b, e)?;
                    EtrnArg::Node(Domain::from_valid(sub(t, s, e)))
                }
            };
            Command::Etrn { arg }
        }
        Verb::Atrn => {
            let domains = if ve == b.len() {
                DomainList::empty()
            } else {
                let s = arg(b, ve, "a domain after SP")?;
                let e = scan_domain_list(b, s)?;
                end(b, e)?;
                DomainList::from_valid(sub(t, s, e))
            };
            Command::Atrn { domains }
        }
        Verb::Burl => {
            let s = arg(b, ve, "SP and an absolute URI")?;
            let e = scan_uri(b, s)?;
            let last = last_marker(b, e)?;
            Command::Burl {
                url: AbsoluteUri::from_valid(sub(t, s, e)),
                last,
            }
        }
    })
}

/// `SP keyword` (for `MAIL FROM:` / `RCPT TO:`, any case); returns the index after it.
fn colon_keyword(b: &[u8], ve: usize, kw: &[u8], what: &'static str) -> Result<usize, Error> {
    if b.get(ve) != Some(&b' ') {
        return Err(expected(ve, "SP after the command verb"));
    }
    if !starts_with_ci(b, ve + 1, kw) {
        return Err(expected(ve + 1, what));
    }
    Ok(ve + 1 + kw.len())
}

/// Lenient mode: skip SPs after `FROM:` / `TO:`.
fn skip_spaces(b: &[u8], mut i: usize, lenient: bool) -> usize {
    if lenient {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    i
}

/// Where a path was found: with angle brackets, or (lenient) a bare mailbox.
#[derive(Debug, Clone, Copy)]
enum PathAt {
    Bracketed(PathSpan),
    Bare(MailboxSpan),
}

impl PathAt {
    /// The index after the path.
    #[inline(always)]
    const fn end(&self) -> usize {
        match self {
            Self::Bracketed(p) => p.end,
            Self::Bare(m) => m.end,
        }
    }

    /// The path in `t`, where it was found.
    #[inline(always)]
    fn build(self, t: &str) -> Path<'_> {
        match self {
            Self::Bracketed(p) => Path::from_span(t, &p),
            Self::Bare(m) => Path::from_mailbox_span(t, &m),
        }
    }
}

/// A Path at `s` (or, lenient, a bare mailbox).
#[inline(always)]
fn path(b: &[u8], s: usize, lenient: bool, what: &'static str) -> Result<PathAt, Error> {
    if b.get(s) == Some(&b'<') {
        return Ok(PathAt::Bracketed(scan_path(b, s)?));
    }
    if !lenient || s >= b.len() {
        return Err(expected(s, what));
    }
    let span = scan_mailbox(b, s)?;
    // Measured as it will be encoded, with brackets.
    if span.end - s + 2 > MAX_PATH {
        return Err(Error::new(
            s + MAX_PATH - 2,
            ErrorKind::PathTooLong { limit: MAX_PATH },
        ));
    }
    Ok(PathAt::Bare(span))
}

/// `[SP Mail-parameters]` then the end of the line; returns where the parameters start
/// (the end of the line when there are none).
#[inline(always)]
fn params(b: &[u8], e: usize) -> Result<usize, Error> {
    if e == b.len() {
        return Ok(e);
    }
    if b[e] != b' ' {
        return Err(expected(e, "SP and parameters, or end of line"));
    }
    validate_params(b, e + 1)?;
    Ok(e + 1)
}

/// The length limit for the command line starting `input`: the AUTH limit (when larger)
/// for an `AUTH` command, whose initial response is a SASL line (RFC 4954 §4), else the
/// command limit. `None` while the line is a proper prefix of `AUTH ` (at most four bytes):
/// it may still become an AUTH command, so no limit can be applied yet. Deciding only on
/// what is certain keeps the result independent of how the input is split.
pub(crate) fn line_limit(input: &[u8], opts: &ParserOptions) -> Option<usize> {
    let n = input.len().min(5);
    if input[..n].eq_ignore_ascii_case(&b"AUTH "[..n]) {
        (n == 5).then(|| opts.max_command_line.max(opts.max_auth_line))
    } else {
        Some(opts.max_command_line)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What `Command::parse` returned before it had a fast path: frame the line, then the
    /// full parser.
    fn framed_then_full<'a>(
        input: &'a [u8],
        opts: &ParserOptions,
    ) -> Result<Status<Command<'a>>, Error> {
        let Some(limit) = line_limit(input, opts) else {
            return Ok(Status::Incomplete);
        };
        match scan_line(input, 0, limit, opts.is_lenient())? {
            LineScan::Incomplete { .. } => Ok(Status::Incomplete),
            LineScan::Complete { text_end, next } => Ok(Status::Complete {
                value: full_line(&input[..text_end], opts)?,
                consumed: next,
            }),
        }
    }

    /// `parse_line` and `parse` (with CRLF, LF, nothing, and more input after the line)
    /// agree with the full parser on `line`, in both modes.
    fn agree(line: &[u8]) {
        for opts in [
            ParserOptions::default(),
            ParserOptions::lenient(),
            ParserOptions::default().max_command_line(20),
        ] {
            assert_eq!(
                Command::parse_line(line, &opts),
                full_line(line, &opts),
                "parse_line {:?} {opts:?}",
                String::from_utf8_lossy(line)
            );
            for tail in [&b"\r\n"[..], b"\r\nQUIT\r\n", b"\n", b"", b"\r", b"\rx"] {
                let input = [line, tail].concat();
                assert_eq!(
                    Command::parse(&input, &opts),
                    framed_then_full(&input, &opts),
                    "parse {:?} {opts:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }

    #[test]
    fn fast_path_takes_the_usual_lines() {
        // If these fell through to the full parser, nothing would fail but the speed.
        for line in [
            &b"EHLO client.example.org"[..],
            b"helo a",
            b"LHLO x-1.y",
            b"MAIL FROM:<alice@example.org>",
            b"MAIL FROM:<>",
            b"MAIL FROM:<> SIZE=1000 ENVID=x",
            b"MAIL FROM:<a.b@c> SIZE=12345 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ+2B314159",
            b"mail from:<a@b> body=7bit ret=full auth=<> requiretls x-unknown=1 x-flag",
            b"RCPT TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net",
            b"RCPT TO:<b@c> NOTIFY=NEVER ORCPT=utf-8;b@c",
            b"DATA",
            b"quit",
            b"Rset",
            b"NOOP",
            b"HELP",
            b"STARTTLS",
            b"StartTLS",
        ] {
            let (_, end) = fast_shape(line).expect("fast path");
            assert_eq!(end, line.len(), "{}", String::from_utf8_lossy(line));
            agree(line);
        }
    }

    #[test]
    fn fast_path_edges_agree_with_the_full_parser() {
        for line in [
            // Verbs and hosts.
            &b"EHLO"[..],
            b"DATA ",
            b"DATA x",
            b"DATAX",
            b"DAT",
            b"DATA\r",
            b"DATA\t",
            b"NOOP x",
            b"HELP  ",
            b"STARTTLS ",
            b"STARTTLSX",
            b"STARTTL",
            b"BDAT 10",
            b"AUTH PLAIN",
            b"EHLO ",
            b"EHLO  a",
            b"EHLO a ",
            b"EHLO a.",
            b"EHLO .a",
            b"EHLO a..b",
            b"EHLO -a",
            b"EHLO a-",
            b"EHLO a-.b",
            b"EHLO a.-b",
            b"EHLO [192.0.2.1]",
            b"EHLO b\xc3\xbccher.example",
            b"EHLO b\xc3cher.example",
            b"EHLO a\x00b",
            b"EHLO a\tb",
            b"EHLOX a",
            b"EHL0 a",
            b"XHLO a",
            b"EHLO a\rb",
            // Paths.
            b"MAIL FROM:<>>",
            b"MAIL FROM:<>x",
            b"MAIL FROM:<> ",
            b"MAIL FROM:<>  SIZE=1",
            b"MAIL FROM:<",
            b"MAIL FROM: <a@b>",
            b"MAIL FROM:a@b",
            b"MAIL FROM:<a@b",
            b"MAIL FROM:<a@b>x",
            b"MAIL FROM:<a@b>  SIZE=1",
            b"MAIL FROM:<a@b> ",
            b"MAIL FROM:<@r.example:a@b>",
            b"MAIL FROM:<\"a b\"@c>",
            b"MAIL FROM:<a@[192.0.2.1]>",
            b"MAIL FROM:<a..b@c>",
            b"MAIL FROM:<.a@c>",
            b"MAIL FROM:<a.@c>",
            b"MAIL FROM:<@c>",
            b"MAIL FROM:<a@>",
            b"MAIL FROM:<a@b.>",
            b"MAIL FROM:<\xc3\xa9@b>",
            b"MAIL FROM<a@b>",
            b"MAIL TO:<a@b>",
            b"RCPT TO:<postmaster>",
            b"RCPT TO:<Postmaster@b>",
            b"RCPT TO:postmaster",
            b"RCPT FROM:<a@b>",
            // Parameters.
            b"MAIL FROM:<a@b> SIZE=",
            b"MAIL FROM:<a@b> SIZE=x",
            b"MAIL FROM:<a@b> SIZE=12x",
            b"MAIL FROM:<a@b> SIZE=1234567890123456789",
            b"MAIL FROM:<a@b> SIZE=18446744073709551615",
            b"MAIL FROM:<a@b> SIZE=18446744073709551616",
            b"MAIL FROM:<a@b> SIZE=00000000000000000000001",
            b"MAIL FROM:<a@b> SIZEX=1",
            b"MAIL FROM:<a@b> SIZE",
            b"MAIL FROM:<a@b> BODY=8BITMIMEX",
            b"MAIL FROM:<a@b> BODY=8bitmime",
            b"MAIL FROM:<a@b> BODY=7BI",
            b"MAIL FROM:<a@b> BODY=BINARYMIME",
            b"MAIL FROM:<a@b> BODY=BINARYMIM",
            b"MAIL FROM:<a@b> SMTPUTF8=1",
            b"MAIL FROM:<a@b> SMTPUTF8X",
            b"MAIL FROM:<a@b> SMTPUTF",
            b"MAIL FROM:<a@b> RET=HDR",
            b"MAIL FROM:<a@b> RET=HDRSS",
            b"MAIL FROM:<a@b> RET=Full",
            b"MAIL FROM:<a@b> REQUIRETLS=x",
            b"MAIL FROM:<a@b> ENVID=",
            b"MAIL FROM:<a@b> ENVID=a+2",
            b"MAIL FROM:<a@b> ENVID=a+2b",
            b"MAIL FROM:<a@b> ENVID=a+2Bc",
            b"MAIL FROM:<a@b> ENVID=a=b",
            b"MAIL FROM:<a@b> ENVID=a\xc3\xa9",
            b"MAIL FROM:<a@b> AUTH=<>",
            b"MAIL FROM:<a@b> AUTH=e+3Dmc2@example.com",
            b"MAIL FROM:<a@b> SIZE=1 SIZE=2",
            b"MAIL FROM:<a@b> SIZE=1  BODY=7BIT",
            b"MAIL FROM:<a@b> SIZE=1 ",
            b"MAIL FROM:<a@b> =1",
            b"MAIL FROM:<a@b> -X=1",
            b"RCPT TO:<a@b> NOTIFY=",
            b"RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS",
            b"RCPT TO:<a@b> NOTIFY=SUCCESS,,FAILURE",
            b"RCPT TO:<a@b> NOTIFY=SUCCESS,SUCCESS",
            b"RCPT TO:<a@b> NOTIFY=delay",
            b"RCPT TO:<a@b> ORCPT=rfc822;",
            b"RCPT TO:<a@b> ORCPT=rfc822",
            b"RCPT TO:<a@b> ORCPT=RFC822;a+40b",
            b"RCPT TO:<a@b> ORCPT=rfc822;a+4",
            b"RCPT TO:<a@b> ORCPT=rfc822;a b",
            b"RCPT TO:<a@b> ORCPT=x;a",
            b"RCPT TO:<a@b> ORCPT=utf-8;\\x{E9}@b",
            b"RCPT TO:<a@b> ORCPT=rfc822;a\x01",
        ] {
            agree(line);
        }
    }

    /// Lines built from pieces the fast path handles and pieces it must refuse.
    fn line() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop::sample::select(vec![
            &b"EHLO "[..],
            b"MAIL FROM:",
            b"RCPT TO:",
            b"<",
            b"<>",
            b">",
            b"@",
            b".",
            b"-",
            b"a-",
            b"-.",
            b" ",
            b"a",
            b"Z9",
            b"example",
            b"\xc3\xa9",
            b"\xc3",
            b"\"",
            b"[1.2.3.4]",
            b" SIZE=",
            b" BODY=",
            b"8BITMIME",
            b" SMTPUTF8",
            b" RET=",
            b"HDRS",
            b" ENVID=",
            b"+2B",
            b"+2",
            b" NOTIFY=",
            b"SUCCESS",
            b",",
            b"NEVER",
            b" ORCPT=rfc822;",
            b" ORCPT=utf-8;",
            b"=",
            b"123",
            b"\t",
            b"\x00",
            b"\r",
            b"\n",
        ]);
        (
            prop::sample::select(vec![
                &b"EHLO "[..],
                b"MAIL FROM:<",
                b"RCPT TO:<",
                b"mail from:",
            ]),
            prop::collection::vec(piece, 0..12),
        )
            .prop_map(|(head, rest)| [head.to_vec(), rest.concat()].concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn fast_path_agrees_on_generated_lines(l in line()) {
            agree(&l);
        }
    }
}
