//! Command lines: [`Command::parse`] (a line with its CRLF at the start of a buffer),
//! [`Command::parse_line`] (the text of a line a stream decoder already framed), and the
//! client's lines of an AUTH exchange ([`AuthLine::parse`], [`AuthLine::parse_line`]).
//!
//! ```
//! use pop3_proto::types::command::{Command, CommandKind};
//! use pop3_proto::{ErrorKind, ParserOptions, Status};
//!
//! let opts = ParserOptions::default();
//! let input = b"apop mrose c4c9334bac560ecc979e58001b3e22fb\r\nSTAT\r\n";
//! let Status::Complete { value, consumed } = Command::parse(input, &opts).unwrap() else {
//!     panic!("a whole line is there");
//! };
//! assert_eq!(consumed, 45);
//! assert_eq!(value.kind(), CommandKind::Apop);
//! assert_eq!(value.to_bytes(), b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
//!
//! // PASS keeps the rest of the line, spaces included.
//! let Command::Pass { password } = Command::parse_line(b"PASS  my secret ", &opts).unwrap() else {
//!     panic!()
//! };
//! assert_eq!(password.as_bytes(), b" my secret ");
//!
//! // An unknown keyword is a value; a known keyword with bad arguments is an error.
//! assert!(matches!(Command::parse_line(b"XTND XMIT", &opts), Ok(Command::Unknown { .. })));
//! let err = Command::parse_line(b"RETR 0", &opts).unwrap_err();
//! assert_eq!(err.to_string(), "expected message number greater than 0 at offset 5");
//! let err = Command::parse_line(b"RETR 4294967296", &opts).unwrap_err();
//! assert_eq!(err.kind, ErrorKind::NumberOverflow);
//! ```
//!
//! # Grammar
//!
//! RFC 2449 §3 (which updates RFC 1939 §3):
//!
//! ```text
//! command = keyword *(SP param) CRLF    ;255 octets maximum
//! keyword = 3*4VCHAR
//! param   = 1*VCHAR
//! ```
//!
//! and for each command the arguments of its RFC, quoted on the variants of [`Command`]:
//! message numbers and TOP's line count are `1*DIGIT` (RFC 1939 §4: "all message-numbers and
//! message sizes are expressed in base-10"; leading zeros are read as decimal digits), the
//! APOP digest is 32 hex digits, `AUTH` follows RFC 5034 §4 (below), `LANG` takes an
//! RFC 4647 §2.1 `language-range`.
//!
//! # Strict mode (the default)
//!
//! - keywords in any case (RFC 1939 §3: "a case-insensitive keyword");
//! - exactly one SP between keyword and arguments, none at the end of the line;
//! - an unknown keyword of 1 to 40 `VCHAR` is a [`Command::Unknown`] value (so that a server
//!   can answer `-ERR`), although RFC 2449 §3 defines keywords as `3*4VCHAR`: that rule is
//!   for the commands the RFCs define; clients probe servers with longer ones (`XCLIENT`,
//!   `XTND XMIT` is 4) and an unknown command is the server's to refuse, not a framing
//!   error; 41 or more characters are an error;
//! - the APOP digest in lower case (RFC 1939 §7);
//! - lower-case SASL mechanism names (clients send `auth plain`).
//!
//! No control character is accepted anywhere (not even HT): a NUL is [`ErrorKind::Nul`], any
//! other control character (0x01-0x1F, 0x7F) [`ErrorKind::ControlCharacter`], in unknown
//! commands and in passwords too. A known keyword with malformed arguments is an error
//! ([`ErrorKind::Expected`] at the first offending byte, or [`ErrorKind::NumberOverflow`]
//! at the start of a number that does not fit a `u32`).
//!
//! # Lenient mode ([`Mode::Lenient`](crate::Mode::Lenient))
//!
//! Accepts, in addition:
//!
//! - an LF-only line end, in [`Command::parse`]; a bare CR is still refused;
//! - trailing SP and HT at the end of the line (dropped) — except after `PASS`, whose
//!   argument is kept byte for byte in both modes;
//! - several SPs between keyword and arguments and between arguments (again not for `PASS`:
//!   the password starts after the first SP);
//! - an upper-case APOP digest.
//!
//! # Line limits
//!
//! [`Command::parse`] limits a line to [`ParserOptions::max_command_line`] octets without its
//! line end, except an `AUTH` line, which may reach the larger of that and
//! [`ParserOptions::max_auth_line`] (an initial response is a SASL response; OAuth tokens are
//! several KiB). Whether a line is an `AUTH` line is decided on its first five bytes only
//! (`AUTH ` in any case), so the limit does not depend on how the input was split. A longer
//! line is [`ErrorKind::LineTooLong`], reported as soon as the limit is passed.
//! [`AuthLine::parse`] uses [`ParserOptions::max_auth_line`].
//!
//! # AUTH
//!
//! RFC 5034 §4:
//!
//! ```text
//! auth-command     = "AUTH" SP sasl-mech [SP initial-response]
//!                    *(CRLF [base64]) [CRLF cancel-response] CRLF
//! initial-response = base64 / "="
//! cancel-response  = "*"
//! base64           = base64-terminal / ( 1*(4base64-char) [base64-terminal] )
//! base64-char      = ALPHA / DIGIT / "+" / "/"
//! base64-terminal  = (2base64-char "==") / (3base64-char "=")
//! ```
//!
//! `AUTH` alone is [`Command::AuthList`].

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::types::command::{
    ApopDigest, AuthLine, Command, CommandKind, InitialResponse, LanguageRange, Mechanism,
    MessageNumber, Password, SaslBase64, UnknownArgs, UnknownKeyword, UserName,
};

/// Longest unknown keyword the parser (and [`UnknownKeyword`]) takes.
pub(crate) const MAX_UNKNOWN_KEYWORD: usize = 40;

/// An [`ErrorKind::Expected`] error.
pub(crate) const fn expected(offset: usize, what: &'static str) -> Error {
    Error::new(offset, ErrorKind::Expected { expected: what })
}

/// The error for `b[i]` (or the end of `b`) where `what` was wanted: a control character is
/// reported as such, anything else as [`ErrorKind::Expected`].
pub(crate) fn unexpected(b: &[u8], i: usize, what: &'static str) -> Error {
    match b.get(i) {
        Some(0) => Error::new(i, ErrorKind::Nul),
        Some(&c) if is_control(c) => Error::new(i, ErrorKind::ControlCharacter { byte: c }),
        _ => expected(i, what),
    }
}

/// RFC 5234 `CTL` (0x00-0x1F, 0x7F).
#[inline(always)]
const fn is_control(c: u8) -> bool {
    c < 0x20 || c == 0x7F
}

/// RFC 5234 `VCHAR` (0x21-0x7E): printable ASCII without SP.
#[inline(always)]
const fn is_vchar(c: u8) -> bool {
    matches!(c, 0x21..=0x7E)
}

/// The index of the first control character in `b[from..]`.
#[inline]
pub(crate) fn first_control(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| is_control(c))
        .map(|p| from + p)
}

/// `b` as text; the callers pass bytes they have validated as ASCII or UTF-8.
#[inline(always)]
fn text(b: &[u8]) -> &str {
    let t = std::str::from_utf8(b);
    debug_assert!(t.is_ok(), "validated text is UTF-8");
    t.unwrap_or_default()
}

/// `keyword = 1*VCHAR` (the length is the caller's): returns the end.
pub(crate) fn scan_keyword(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    while i < b.len() && is_vchar(b[i]) {
        i += 1;
    }
    if i == start {
        return Err(unexpected(b, start, "command keyword"));
    }
    Ok(i)
}

const fn w4(s: &[u8; 4]) -> u32 {
    u32::from_le_bytes(*s) & 0xDFDF_DFDF
}

const USER: u32 = w4(b"USER");
const PASS: u32 = w4(b"PASS");
const APOP: u32 = w4(b"APOP");
const STAT: u32 = w4(b"STAT");
const LIST: u32 = w4(b"LIST");
const RETR: u32 = w4(b"RETR");
const DELE: u32 = w4(b"DELE");
const NOOP: u32 = w4(b"NOOP");
const RSET: u32 = w4(b"RSET");
const QUIT: u32 = w4(b"QUIT");
const UIDL: u32 = w4(b"UIDL");
const CAPA: u32 = w4(b"CAPA");
const STLS: u32 = w4(b"STLS");
const AUTH: u32 = w4(b"AUTH");
const UTF8: u32 = w4(b"UTF8");
const LANG: u32 = w4(b"LANG");

/// The known keyword spelled by `k`, in any case. `k` must be `VCHAR`s: clearing bit 5
/// folds letters to upper case and maps every other `VCHAR` to a value no other `VCHAR`
/// maps to (the `8` of `UTF8` becomes 0x18, which only `8` and a control character map to).
#[inline(always)]
pub(crate) fn known_keyword(k: &[u8]) -> Option<CommandKind> {
    match *k {
        [a, b, c, d] => Some(match u32::from_le_bytes([a, b, c, d]) & 0xDFDF_DFDF {
            USER => CommandKind::User,
            PASS => CommandKind::Pass,
            APOP => CommandKind::Apop,
            STAT => CommandKind::Stat,
            LIST => CommandKind::List,
            RETR => CommandKind::Retr,
            DELE => CommandKind::Dele,
            NOOP => CommandKind::Noop,
            RSET => CommandKind::Rset,
            QUIT => CommandKind::Quit,
            UIDL => CommandKind::Uidl,
            CAPA => CommandKind::Capa,
            STLS => CommandKind::Stls,
            AUTH => CommandKind::Auth,
            UTF8 => CommandKind::Utf8,
            LANG => CommandKind::Lang,
            _ => return None,
        }),
        [a, b, c] => [a & 0xDF, b & 0xDF, c & 0xDF]
            .eq(b"TOP")
            .then_some(CommandKind::Top),
        _ => None,
    }
}

/// A user name from `start`: `1*(VCHAR / UTF8-non-ascii)`; returns it and its end.
#[inline(always)]
fn name_at(b: &[u8], start: usize) -> Result<(&str, usize), Error> {
    let mut i = start;
    let mut ascii = true;
    while i < b.len() {
        let c = b[i];
        if is_vchar(c) {
            i += 1;
        } else if c >= 0x80 {
            ascii = false;
            i += 1;
        } else {
            break;
        }
    }
    if i == start {
        return Err(unexpected(b, start, "user name"));
    }
    let s = &b[start..i];
    if ascii {
        return Ok((text(s), i));
    }
    match std::str::from_utf8(s) {
        Ok(t) => Ok((t, i)),
        Err(e) => Err(Error::new(start + e.valid_up_to(), ErrorKind::InvalidUtf8)),
    }
}

/// RFC 1939 §7 `name` (USER, APOP): one word of `VCHAR` or UTF-8 (RFC 6856, the UTF8 capability).
pub(crate) fn scan_name(b: &[u8], start: usize) -> Result<usize, Error> {
    name_at(b, start).map(|(_, e)| e)
}

/// RFC 1939 §7 `PASS string`: `b[start..]` is a password (at least one byte, no control
/// character).
pub(crate) fn validate_password(b: &[u8], start: usize) -> Result<(), Error> {
    if start >= b.len() {
        return Err(expected(start, "password"));
    }
    match first_control(b, start) {
        Some(p) => Err(unexpected(b, p, "password")),
        None => Ok(()),
    }
}

/// RFC 1939 §7: the APOP digest, "a 16-octet value which is sent in hexadecimal format,
/// using lower-case ASCII characters": 32 hex digits from `start` (upper case only with
/// `allow_upper`). What follows is the caller's.
pub(crate) fn scan_digest(b: &[u8], start: usize, allow_upper: bool) -> Result<ApopDigest, Error> {
    let refused = if allow_upper { 0x80 } else { 0x90 };
    if let Some(digest) = b
        .get(start..)
        .and_then(|rest| rest.first_chunk::<32>())
        .and_then(|hex| hex_digest(hex, refused))
    {
        return Ok(digest);
    }
    // Short or refused: find the first offending byte.
    let what = if allow_upper {
        "hex digit of the APOP digest"
    } else {
        "lower-case hex digit of the APOP digest"
    };
    let i = (start..start + 32)
        .find(|&i| b.get(i).is_none_or(|&c| HEX[usize::from(c)] & refused != 0))
        .unwrap_or(start + 32);
    Err(unexpected(b, i, what))
}

/// 32 hex digits as the 16 octets they spell, or `None` when a digit's [`HEX`] entry has a
/// bit of `refused` set. Each half is gathered in a `u64` and stored whole: a digest
/// written a byte at a time and then read back as words (when the command is moved) cost a
/// store-forwarding stall that took about a third of the time of parsing an APOP line.
#[inline(always)]
fn hex_digest(hex: &[u8; 32], refused: u8) -> Option<ApopDigest> {
    let mut flags = 0u8;
    let mut half = |digits: &[u8]| {
        digits.iter().fold(0u64, |acc, &c| {
            let d = HEX[usize::from(c)];
            flags |= d;
            (acc << 4) | u64::from(d & 0x0F)
        })
    };
    let (hi, lo) = (half(&hex[..16]), half(&hex[16..]));
    if flags & refused != 0 {
        return None;
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&hi.to_be_bytes());
    out[8..].copy_from_slice(&lo.to_be_bytes());
    Some(ApopDigest::new(out))
}

/// [`scan_digest`]'s table: `0`-`9` and `a`-`f` map to their value, `A`-`F` to their
/// value | 0x10, every other byte to 0x80.
const HEX: [u8; 256] = {
    let mut t = [0x80u8; 256];
    let mut c = 0;
    while c < 10 {
        t[b'0' as usize + c] = c as u8;
        c += 1;
    }
    let mut c = 0;
    while c < 6 {
        t[b'a' as usize + c] = 10 + c as u8;
        t[b'A' as usize + c] = 0x10 | (10 + c as u8);
        c += 1;
    }
    t
};

/// RFC 4422 §3.1 `sasl-mech = 1*20mech-char`,
/// `mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE` (lower case accepted too).
pub(crate) fn scan_mechanism(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
        i += 1;
    }
    if i == start {
        return Err(unexpected(b, start, "SASL mechanism name"));
    }
    if i - start > 20 {
        return Err(expected(
            start + 20,
            "at most 20 characters in a SASL mechanism name",
        ));
    }
    Ok(i)
}

/// RFC 4648 §4 base64 alphabet: letters, digits, `+`, `/`.
const BASE64_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/';
        c += 1;
    }
    t
};

/// RFC 5034 §4 `base64` (quoted in the [module docs](self)) over `b[start..end]`: not
/// empty, padded, a multiple of 4 characters.
pub(crate) fn validate_base64(b: &[u8], start: usize, end: usize) -> Result<(), Error> {
    if start >= end {
        return Err(unexpected(b, start, "base64"));
    }
    // One or two "=" may end the data, and only after data.
    let data = &b[start..end];
    let pad = match data {
        [.., b'=', b'='] => 2,
        [.., b'='] => 1,
        _ => 0,
    };
    let chars = &data[..data.len() - pad];
    if let Some(p) = chars.iter().position(|&c| !BASE64_CHAR[usize::from(c)]) {
        return Err(unexpected(b, start + p, "base64 character"));
    }
    if chars.is_empty() {
        // Nothing but padding.
        return Err(unexpected(b, start, "base64 character"));
    }
    if data.len() % 4 != 0 {
        return Err(expected(end, "base64 padded to a multiple of 4 characters"));
    }
    Ok(())
}

/// RFC 4647 §2.1 `language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"`.
pub(crate) fn scan_language_range(b: &[u8], start: usize) -> Result<usize, Error> {
    if b.get(start) == Some(&b'*') {
        return Ok(start + 1);
    }
    let mut i = start;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    if i == start {
        return Err(unexpected(b, start, "language tag or '*'"));
    }
    if i - start > 8 {
        return Err(expected(
            start + 8,
            "at most 8 letters in a language subtag",
        ));
    }
    while b.get(i) == Some(&b'-') {
        let s = i + 1;
        i = s;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == s {
            return Err(unexpected(b, s, "letter or digit after '-'"));
        }
        if i - s > 8 {
            return Err(expected(s + 8, "at most 8 characters in a language subtag"));
        }
    }
    Ok(i)
}

/// `1*DIGIT` from `start` as a `u32`: the value and the end. Overflow is
/// [`ErrorKind::NumberOverflow`] at `start`.
#[inline]
fn number(b: &[u8], start: usize, what: &'static str) -> Result<(u32, usize), Error> {
    let mut i = start;
    let mut v: u32 = 0;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(c - b'0')))
            .ok_or(Error::new(start, ErrorKind::NumberOverflow))?;
        i += 1;
    }
    if i == start {
        return Err(unexpected(b, start, what));
    }
    Ok((v, i))
}

/// A message number (`1*DIGIT`, not 0) from `start`.
#[inline]
fn message_number(b: &[u8], start: usize) -> Result<(MessageNumber, usize), Error> {
    let (n, e) = number(b, start, "message number")?;
    match MessageNumber::new(n) {
        Ok(m) => Ok((m, e)),
        Err(_) => Err(expected(start, "message number greater than 0")),
    }
}

/// The line must end at `i`.
#[inline(always)]
fn end(b: &[u8], i: usize) -> Result<(), Error> {
    if i == b.len() {
        Ok(())
    } else {
        Err(unexpected(b, i, "end of line"))
    }
}

/// The SP at `i` that starts an argument (lenient: one or more); returns where the argument
/// starts. `what` names what was wanted at `i`.
#[inline(always)]
fn sep(b: &[u8], i: usize, lenient: bool, what: &'static str) -> Result<usize, Error> {
    if b.get(i) != Some(&b' ') {
        return Err(unexpected(b, i, what));
    }
    let mut j = i + 1;
    if lenient {
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
    }
    Ok(j)
}

/// `[SP msg]` at `i` then the end of the line.
#[inline]
fn optional_message(b: &[u8], i: usize, lenient: bool) -> Result<Option<MessageNumber>, Error> {
    if i == b.len() {
        return Ok(None);
    }
    let s = sep(b, i, lenient, "SP and a message number, or end of line")?;
    let (m, e) = message_number(b, s)?;
    end(b, e)?;
    Ok(Some(m))
}

/// `SP msg` at `i` then the end of the line.
#[inline]
fn required_message(b: &[u8], i: usize, lenient: bool) -> Result<MessageNumber, Error> {
    let s = sep(b, i, lenient, "SP and a message number")?;
    let (m, e) = message_number(b, s)?;
    end(b, e)?;
    Ok(m)
}

/// The length of `line` without trailing SP and HT.
#[inline(always)]
fn trimmed_len(line: &[u8]) -> usize {
    let mut n = line.len();
    while n > 0 && matches!(line[n - 1], b' ' | b'\t') {
        n -= 1;
    }
    n
}

/// [`Command::parse_line`], handing the command to `wrap`. [`Command::parse`] wraps it in
/// its [`Status`] here, so that the command is built where the caller's result lives: a
/// command built first and moved into the `Status` afterwards costs a store-forwarding
/// stall (its fields are written piecewise, then read back as wide words) that took about
/// a third of the time of parsing `RETR 12345`.
#[inline(always)]
pub(crate) fn parse_text<'a, R>(
    line: &'a [u8],
    lenient: bool,
    wrap: impl FnOnce(Command<'a>) -> R,
) -> Result<R, Error> {
    let b = if lenient {
        &line[..trimmed_len(line)]
    } else {
        line
    };
    let ke = scan_keyword(b, 0)?;
    if ke < b.len() && b[ke] != b' ' {
        return Err(unexpected(
            b,
            ke,
            "SP or end of line after the command keyword",
        ));
    }
    let Some(kind) = known_keyword(&b[..ke]) else {
        return unknown(b, ke, lenient).map(wrap);
    };
    let command = match kind {
        CommandKind::Stat => end(b, ke).map(|()| Command::Stat)?,
        CommandKind::Noop => end(b, ke).map(|()| Command::Noop)?,
        CommandKind::Rset => end(b, ke).map(|()| Command::Rset)?,
        CommandKind::Quit => end(b, ke).map(|()| Command::Quit)?,
        CommandKind::Capa => end(b, ke).map(|()| Command::Capa)?,
        CommandKind::Stls => end(b, ke).map(|()| Command::Stls)?,
        CommandKind::Utf8 => end(b, ke).map(|()| Command::Utf8)?,
        CommandKind::List => Command::List {
            msg: optional_message(b, ke, lenient)?,
        },
        CommandKind::Uidl => Command::Uidl {
            msg: optional_message(b, ke, lenient)?,
        },
        CommandKind::Retr => Command::Retr {
            msg: required_message(b, ke, lenient)?,
        },
        CommandKind::Dele => Command::Dele {
            msg: required_message(b, ke, lenient)?,
        },
        CommandKind::Top => {
            let s = sep(b, ke, lenient, "SP and a message number")?;
            let (msg, e) = message_number(b, s)?;
            let s = sep(b, e, lenient, "SP and a number of lines")?;
            let (lines, e) = number(b, s, "number of lines")?;
            end(b, e)?;
            Command::Top { msg, lines }
        }
        CommandKind::User => {
            let s = sep(b, ke, lenient, "SP and a user name")?;
            let (name, e) = name_at(b, s)?;
            end(b, e)?;
            Command::User {
                name: UserName::from_valid(name),
            }
        }
        CommandKind::Pass => {
            // The password is the rest of the line as sent, in both modes.
            if line.get(ke) != Some(&b' ') {
                return Err(unexpected(line, ke, "SP and a password"));
            }
            validate_password(line, ke + 1)?;
            Command::Pass {
                password: Password::from_valid(&line[ke + 1..]),
            }
        }
        CommandKind::Apop => {
            let s = sep(b, ke, lenient, "SP and a user name")?;
            let (name, e) = name_at(b, s)?;
            let s = sep(b, e, lenient, "SP and the APOP digest")?;
            let digest = scan_digest(b, s, lenient)?;
            end(b, s + 32)?;
            Command::Apop {
                name: UserName::from_valid(name),
                digest,
            }
        }
        CommandKind::Auth => {
            if ke == b.len() {
                return Ok(wrap(Command::AuthList));
            }
            let s = sep(b, ke, lenient, "SP and a SASL mechanism, or end of line")?;
            let e = scan_mechanism(b, s)?;
            let mechanism = Mechanism::from_valid(text(&b[s..e]));
            let initial_response = if e == b.len() {
                None
            } else {
                let r = sep(b, e, lenient, "SP and an initial response, or end of line")?;
                if b.get(r) == Some(&b'=') && r + 1 == b.len() {
                    Some(InitialResponse::Empty)
                } else {
                    validate_base64(b, r, b.len())?;
                    Some(InitialResponse::Data(SaslBase64::from_valid(text(&b[r..]))))
                }
            };
            Command::Auth {
                mechanism,
                initial_response,
            }
        }
        CommandKind::Lang => {
            let range = if ke == b.len() {
                None
            } else {
                let s = sep(b, ke, lenient, "SP and a language tag, or end of line")?;
                let e = scan_language_range(b, s)?;
                end(b, e)?;
                Some(LanguageRange::from_valid(text(&b[s..e])))
            };
            Command::Lang { range }
        }
        // `known_keyword` never returns this; treated as unknown rather than a panic path.
        CommandKind::Unknown => return unknown(b, ke, lenient).map(wrap),
    };
    Ok(wrap(command))
}

/// A line whose keyword `b[..ke]` is not a known one.
#[cold]
fn unknown(b: &[u8], ke: usize, lenient: bool) -> Result<Command<'_>, Error> {
    if ke > MAX_UNKNOWN_KEYWORD {
        return Err(expected(
            MAX_UNKNOWN_KEYWORD,
            "at most 40 characters in a command keyword",
        ));
    }
    let args = if ke == b.len() {
        None
    } else {
        // b[ke] is SP; in lenient mode, more SPs may follow (not all of them: the trailing
        // ones were trimmed).
        let mut a = ke + 1;
        if lenient {
            while b.get(a) == Some(&b' ') {
                a += 1;
            }
        }
        if let Some(p) = first_control(b, a) {
            return Err(unexpected(b, p, "printable text"));
        }
        Some(UnknownArgs::from_valid(&b[a..]))
    };
    Ok(Command::Unknown {
        keyword: UnknownKeyword::from_valid(text(&b[..ke])),
        args,
    })
}

/// The length limit for the command line starting `input`: the AUTH limit (when larger)
/// for an `AUTH` command, whose initial response is a SASL response (RFC 5034 §4), else the
/// command limit. `None` while the line is a proper prefix of `AUTH ` (at most four bytes):
/// it may still become an AUTH command, so no limit can be applied yet. Deciding only on
/// what is certain keeps the result independent of how the input is split.
pub(crate) fn line_limit(input: &[u8], opts: &ParserOptions) -> Option<usize> {
    if let Some(&[a, b, c, d, e]) = input.first_chunk::<5>() {
        // The usual case, one word compare: "AUTH " in any case or not.
        let auth = u32::from_le_bytes([a, b, c, d]) & 0xDFDF_DFDF == AUTH && e == b' ';
        return Some(if auth {
            opts.max_command_line.max(opts.max_auth_line)
        } else {
            opts.max_command_line
        });
    }
    let n = input.len();
    if input[..n].eq_ignore_ascii_case(&b"AUTH "[..n]) {
        (n == 5).then(|| opts.max_command_line.max(opts.max_auth_line))
    } else {
        Some(opts.max_command_line)
    }
}

/// [`Command::parse`] after the line limit is known: frame the line, then parse its text.
#[inline(always)]
fn slow_parse<'a>(
    input: &'a [u8],
    limit: usize,
    opts: &ParserOptions,
) -> Result<Status<Command<'a>>, Error> {
    match scan_line(input, 0, limit, opts.is_lenient())? {
        LineScan::Incomplete { .. } => Ok(Status::Incomplete),
        LineScan::Complete { text_end, next } => {
            parse_text(&input[..text_end], opts.is_lenient(), |value| {
                Status::Complete {
                    value,
                    consumed: next,
                }
            })
        }
    }
}

/// One pass over the usual `USER name CRLF` and `APOP name digest CRLF` lines (keyword in
/// any case, one SP, an ASCII name, a lower-case digest), framing included; `None` for
/// anything else, which the full parser then reads. What it accepts, the full parser
/// accepts with the same result in both modes (checked in debug builds and by the tests):
/// it only takes lines the full parser reads without any lenient-mode rule. Reads at most
/// `limit + 2` bytes, so a caller retrying on a growing line stays linear per call; on a
/// miss, `Err` holds how many bytes it read (at most 5 past a line shorter than the keyword
/// and 34 past an APOP line shorter than its digest; the name it reads is line text).
///
/// `wrap` gets the command and the bytes consumed and builds the caller's result in place
/// (see [`parse_text`] on why).
#[inline(always)]
pub(crate) fn fast_named<'a, R>(
    input: &'a [u8],
    limit: usize,
    wrap: impl FnOnce(Command<'a>, usize) -> R,
) -> Result<R, usize> {
    let Some(&[a, b, c, d, b' ']) = input.first_chunk::<5>() else {
        return Err(input.len().min(5));
    };
    let keyword = u32::from_le_bytes([a, b, c, d]) & 0xDFDF_DFDF;
    if keyword != USER && keyword != APOP {
        return Err(5);
    }
    let stop = input.len().min(limit);
    let mut i = 5;
    while i < stop && is_vchar(input[i]) {
        i += 1;
    }
    // Bytes read so far: the keyword, the name and the byte that ended it.
    let read = i + usize::from(i < stop);
    if i == 5 {
        return Err(read);
    }
    let name = &input[5..i];
    if keyword == USER {
        if input.get(i..i + 2) != Some(b"\r\n") {
            return Err(read + 2);
        }
        let name = UserName::from_valid(text(name));
        return Ok(wrap(Command::User { name }, i + 2));
    }
    let e = i + 33;
    if e > limit || input.get(i) != Some(&b' ') {
        return Err(read);
    }
    if input.get(e..e + 2) != Some(b"\r\n") {
        return Err(read + 2);
    }
    let hex = input[i + 1..e].first_chunk::<32>();
    let Some(digest) = hex.and_then(|hex| hex_digest(hex, 0x90)) else {
        return Err(read + 34);
    };
    let name = UserName::from_valid(text(name));
    Ok(wrap(Command::Apop { name, digest }, e + 2))
}

impl<'a> Command<'a> {
    /// Parses one complete line, CRLF included, at the start of `input`.
    ///
    /// Returns [`Status::Incomplete`] when no line end has arrived yet. The line is framed
    /// by the shared CRLF scanner: a bare CR is [`ErrorKind::BareCr`], an LF without CR is
    /// [`ErrorKind::BareLf`] unless [`ParserOptions::is_lenient`], and a line over the limit
    /// (see the [module docs](self)) is [`ErrorKind::LineTooLong`]. The line text is then
    /// parsed by [`Command::parse_line`].
    ///
    /// Never allocates: the command borrows from `input`.
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let Some(limit) = line_limit(input, opts) else {
            return Ok(Status::Incomplete);
        };
        let fast = fast_named(input, limit, |value, consumed| {
            Ok(Status::Complete { value, consumed })
        });
        if let Ok(done) = fast {
            debug_assert_eq!(done, slow_parse(input, limit, opts));
            return done;
        }
        slow_parse(input, limit, opts)
    }

    /// Parses the text of one line, without its line end (framing and the line limit are
    /// the caller's). Error offsets count from the start of `line`.
    ///
    /// Never allocates: the command borrows from `line`.
    #[inline]
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        parse_text(line, opts.is_lenient(), |command| command)
    }
}

impl<'a> AuthLine<'a> {
    /// Parses one complete SASL line, CRLF included, at the start of `input`, limited to
    /// [`ParserOptions::max_auth_line`] (framing as in [`Command::parse`]).
    ///
    /// ```
    /// use pop3_proto::types::command::AuthLine;
    /// use pop3_proto::{ParserOptions, Status};
    ///
    /// let opts = ParserOptions::default();
    /// // RFC 5034 §4: "*" cancels the exchange.
    /// assert_eq!(
    ///     AuthLine::parse(b"*\r\n", &opts).unwrap(),
    ///     Status::Complete { value: AuthLine::Cancel, consumed: 3 }
    /// );
    /// assert!(AuthLine::parse(b"dGVzdAB0", &opts).unwrap().is_incomplete());
    /// ```
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        match scan_line(input, 0, opts.max_auth_line, opts.is_lenient())? {
            LineScan::Incomplete { .. } => Ok(Status::Incomplete),
            LineScan::Complete { text_end, next } => Ok(Status::Complete {
                value: Self::parse_line(&input[..text_end], opts)?,
                consumed: next,
            }),
        }
    }

    /// Parses the text of one SASL line, without its line end: base64 (RFC 5034 §4), an
    /// empty line, or `*`. Lenient mode drops trailing SP and HT first.
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let b = if opts.is_lenient() {
            &line[..trimmed_len(line)]
        } else {
            line
        };
        match b {
            [] => Ok(AuthLine::Empty),
            [b'*'] => Ok(AuthLine::Cancel),
            _ => {
                validate_base64(b, 0, b.len())?;
                Ok(AuthLine::Response(SaslBase64::from_valid(text(b))))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(line: &[u8], limit: usize) -> Option<Result<Status<Command<'_>>, Error>> {
        fast_named(line, limit, |value, consumed| {
            Ok(Status::Complete { value, consumed })
        })
        .ok()
    }

    /// The one-pass path takes the usual USER and APOP lines (in any case), so the bench
    /// rows measure it, and what it returns is what the full parser returns.
    #[test]
    fn fast_path_takes_the_usual_lines() {
        let digest = "c4c9334bac560ecc979e58001b3e22fb";
        let lines = [
            "USER alice\r\n".to_owned(),
            "user mrose@example.org\r\n".to_owned(),
            format!("APOP mrose {digest}\r\n"),
            format!("aPoP x {digest}\r\nSTAT\r\n"),
        ];
        for line in &lines {
            let b = line.as_bytes();
            for opts in [ParserOptions::default(), ParserOptions::lenient()] {
                let got = fast(b, 255);
                assert!(got.is_some(), "{line:?} not taken");
                assert_eq!(got.unwrap(), slow_parse(b, 255, &opts), "{line:?}");
            }
        }
    }

    /// Every line the one-pass path takes, it reads as the full parser does, in both
    /// modes: around each edge (limit, line end, 8-bit names, digest case and length,
    /// separators), every byte at every position of a short USER and APOP line.
    #[test]
    fn fast_path_edges_agree_with_the_full_parser() {
        let digest = b"c4c9334bac560ecc979e58001b3e22fb";
        let mut apop = b"APOP ab ".to_vec();
        apop.extend_from_slice(digest);
        apop.extend_from_slice(b"\r\n");
        let bases: [&[u8]; 2] = [b"USER abc\r\n", &apop];
        let bytes = [
            0u8, b'\t', b'\n', b'\r', b' ', b'!', b'0', b'9', b'A', b'F', b'G', b'a', b'f', b'g',
            b'~', 0x7F, 0x80, 0xC3, 0xFF,
        ];
        let mut taken = 0;
        for base in bases {
            for pos in 0..base.len() {
                for &c in &bytes {
                    let mut b = base.to_vec();
                    b[pos] = c;
                    for len in [b.len(), b.len() - 1, pos + 1] {
                        let b = &b[..len];
                        for limit in (4..=10).chain(38..=42).chain([255]) {
                            let Some(got) = fast(b, limit) else { continue };
                            taken += 1;
                            for opts in [ParserOptions::default(), ParserOptions::lenient()] {
                                assert_eq!(got, slow_parse(b, limit, &opts), "{b:?} limit {limit}");
                            }
                        }
                    }
                }
            }
        }
        assert!(
            taken > 100,
            "the fast path took only {taken} of the variants"
        );
    }

    /// `validate_base64` against a plain left-to-right reading of RFC 5034 §4's `base64`
    /// (characters, then at most two `=` after at least one character, a multiple of 4
    /// in all) on every string of up to 6 bytes over the bytes that matter, at offsets 0
    /// and 3 of a line.
    #[test]
    fn validate_base64_agrees_with_a_plain_reading() {
        fn plain(b: &[u8], start: usize, end: usize) -> Result<(), usize> {
            let ok = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
            if start >= end {
                return Err(start);
            }
            let mut i = start;
            while i < end && ok(b[i]) {
                i += 1;
            }
            let rest = &b[i..end];
            if !rest.is_empty() && (i == start || rest.len() > 2 || rest.iter().any(|&c| c != b'='))
            {
                return Err(i);
            }
            if (end - start) % 4 != 0 {
                return Err(end);
            }
            Ok(())
        }
        let alphabet = b"Aa9+/= \x01";
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        let mut frontier: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for s in &frontier {
                for &c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            inputs.extend(next.iter().cloned());
            frontier = next;
        }
        for data in &inputs {
            for prefix in [&b""[..], b"X: "] {
                let mut line = prefix.to_vec();
                line.extend_from_slice(data);
                let got = validate_base64(&line, prefix.len(), line.len()).map_err(|e| e.offset);
                assert_eq!(got, plain(&line, prefix.len(), line.len()), "{line:?}");
            }
        }
    }

    /// `scan_digest` against a plain reading of RFC 1939 §7 (32 hex digits, lower case
    /// unless upper case is allowed): every byte value at every position of a valid digest,
    /// and every truncation.
    #[test]
    fn scan_digest_agrees_with_a_plain_reading() {
        fn plain(b: &[u8], start: usize, upper: bool) -> Result<[u8; 16], usize> {
            let mut out = [0u8; 16];
            for k in 0..32 {
                let v = match b.get(start + k) {
                    Some(&c) if c.is_ascii_digit() => c - b'0',
                    Some(&c) if (b'a'..=b'f').contains(&c) => c - b'a' + 10,
                    Some(&c) if upper && (b'A'..=b'F').contains(&c) => c - b'A' + 10,
                    _ => return Err(start + k),
                };
                out[k / 2] = out[k / 2] * 16 + v;
            }
            Ok(out)
        }
        let valid = b"xAPOP c4c9334bac560ecc979e58001b3e22fb";
        let start = 6;
        for upper in [false, true] {
            for pos in start..valid.len() {
                for c in 0..=255u8 {
                    let mut b = valid.to_vec();
                    b[pos] = c;
                    let got = scan_digest(&b, start, upper).map(|d| *d.as_bytes());
                    let want = plain(&b, start, upper);
                    match (got, want) {
                        (Ok(g), Ok(w)) => assert_eq!(g, w),
                        (Err(e), Err(at)) => assert_eq!(e.offset, at),
                        (g, w) => panic!("{g:?} vs {w:?} at {pos} for {c:#x}"),
                    }
                }
            }
            for len in 0..valid.len() {
                let got = scan_digest(&valid[..len], start, upper).map(|d| *d.as_bytes());
                let want = plain(&valid[..len], start, upper);
                assert_eq!(got.map_err(|e| e.offset), want);
            }
        }
    }

    #[test]
    fn known_keywords_in_any_case_and_nothing_else() {
        for (k, kind) in [
            (&b"USER"[..], CommandKind::User),
            (b"pass", CommandKind::Pass),
            (b"Apop", CommandKind::Apop),
            (b"top", CommandKind::Top),
            (b"ToP", CommandKind::Top),
            (b"utf8", CommandKind::Utf8),
            (b"UTF8", CommandKind::Utf8),
            (b"lang", CommandKind::Lang),
        ] {
            assert_eq!(known_keyword(k), Some(kind), "{k:?}");
        }
        // Every 4-VCHAR keyword that masks like UTF8 is UTF8 (exhaustive over the 4th byte).
        for c in 0x21..=0x7Eu8 {
            let k = [b'U', b'T', b'F', c];
            assert_eq!(known_keyword(&k).is_some(), c == b'8', "{k:?}");
        }
        for k in [
            &b"TOPS"[..],
            b"TO",
            b"XTND",
            b"UTF9",
            b"U7F8",
            b"STLSX",
            b"",
        ] {
            assert_eq!(known_keyword(k), None, "{k:?}");
        }
    }

    #[test]
    fn base64_edges() {
        let ok = |s: &[u8]| validate_base64(s, 0, s.len()).is_ok();
        assert!(ok(b"AAAA"));
        assert!(ok(b"AA=="));
        assert!(ok(b"AAA="));
        assert!(ok(b"AAAAAA=="));
        for bad in [
            &b""[..],
            b"A",
            b"AA",
            b"AAA",
            b"=",
            b"==",
            b"A===",
            b"====",
            b"AA=A",
            b"AAAAA",
        ] {
            assert!(!ok(bad), "{bad:?}");
        }
        assert_eq!(
            validate_base64(b"AA\0A", 0, 4),
            Err(Error::new(2, ErrorKind::Nul))
        );
    }
}
