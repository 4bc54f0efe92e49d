//! MAIL and RCPT parameters (RFC 5321 §4.1.2 `esmtp-param`) and the typed values of the
//! registered ones.
//!
//! ```text
//! Mail-parameters  = esmtp-param *(SP esmtp-param)
//! Rcpt-parameters  = esmtp-param *(SP esmtp-param)
//! esmtp-param      = esmtp-keyword ["=" esmtp-value]
//! esmtp-keyword    = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//! esmtp-value      = 1*(%d33-60 / %d62-126)      ; RFC 5321 §4.1.2
//! esmtp-value      =/ UTF8-non-ascii             ; RFC 6531 §3.3
//! ```
//!
//! Keywords are case-insensitive. The value syntax of each known keyword is checked when
//! the command is parsed (see [`Param`] for the rules and RFCs); the parameter list is then
//! kept as the borrowed text and re-read by [`Parameters::iter`], so parsing allocates
//! nothing however many parameters there are.
//!
//! ```
//! use smtp_proto::types::param::{Body, Param, Parameters};
//!
//! let params = Parameters::parse("SIZE=1000 body=8BITMIME X-TAG=a").unwrap();
//! let all: Vec<Param<'_>> = params.iter().collect();
//! assert_eq!(all[0], Param::Size(1000));
//! assert_eq!(all[1], Param::Body(Body::EightBitMime));
//! assert_eq!(all[2].keyword(), "X-TAG");
//! assert_eq!(params.size(), Some(1000));
//! ```

use crate::error::{Error, ErrorKind};
use crate::parse::path::{UPPER, class, const_word, expected, is, skip, starts_with_ci, sub, word};
use crate::parse::xtext;
#[cfg(doc)]
use crate::types::param::Parameters;
use crate::types::param::{
    Body, By, ByMode, DateTime, HoldFor, MtPriority, Notify, Orcpt, Param, Ret, Rrvs, RrvsMode,
    UnknownParam, XText,
};

/// `esmtp-keyword` bytes after the first.
#[inline]
pub(crate) const fn is_keyword_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// `esmtp-value` bytes: `%d33-60 / %d62-126 / UTF8-non-ascii`.
#[inline]
pub(crate) const fn is_value_byte(c: u8) -> bool {
    matches!(c, 33..=60 | 62..=126 | 0x80..=0xFF)
}

/// Scans `esmtp-keyword` at `start`; returns its end.
#[inline]
pub(crate) fn scan_keyword(b: &[u8], start: usize) -> Result<usize, Error> {
    if !b.get(start).is_some_and(|&c| is(c, class::ALNUM)) {
        return Err(expected(start, "esmtp-keyword (letter or digit)"));
    }
    Ok(skip(b, start + 1, class::KEYWORD))
}

/// Scans `esmtp-value` at `start`; returns its end.
#[inline]
pub(crate) fn scan_value(b: &[u8], start: usize) -> Result<usize, Error> {
    let i = skip(b, start, class::VALUE);
    if i == start {
        return Err(expected(start, "esmtp-value after '='"));
    }
    Ok(i)
}

/// A decimal number of at least one digit, all of `b[start..end]`, that fits `max`.
/// Overflow is [`ErrorKind::NumberOverflow`] at `start`.
pub(crate) fn parse_decimal(b: &[u8], start: usize, end: usize, max: u64) -> Result<u64, Error> {
    if start >= end {
        return Err(expected(start, "digit"));
    }
    let mut v: u64 = 0;
    for (k, &c) in b[start..end].iter().enumerate() {
        if !c.is_ascii_digit() {
            return Err(expected(start + k, "digit"));
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(c - b'0')))
            .filter(|&v| v <= max)
            .ok_or(Error::new(start, ErrorKind::NumberOverflow))?;
    }
    Ok(v)
}

/// A list of parameters in `b[start..]`, each separated by one SP, to the end of `b`.
/// Returns nothing: the caller keeps the text.
pub(crate) fn validate_params(b: &[u8], start: usize) -> Result<(), Error> {
    let mut i = start;
    loop {
        let end = check_param(b, i)?.end;
        if end == b.len() {
            return Ok(());
        }
        if b[end] != b' ' {
            return Err(expected(end, "SP between parameters, or end of line"));
        }
        i = end + 1;
    }
}

/// The fast path's check of a parameter list: the end of the run of valid parameters
/// from `start`, each followed by one SP and another parameter, or `None` when the first
/// one or one after a SP is not valid. [`validate_params`] accepts `b[start..end]` exactly
/// when this returns `Some(end)` and `end` is the end of the line (`b` may go on past the
/// line: a parameter stops at the first byte that can not belong to it).
///
/// The frequent parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, NOTIFY, ORCPT with
/// `rfc822`, AUTH, REQUIRETLS) in their usual spelling are checked in one pass each, keyword
/// and value at once, and must be followed by SP, CR or the end of `b`; any other parameter,
/// or one of these followed by anything else, goes to [`check_param`], which decides.
#[inline(always)]
pub(crate) fn params_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    loop {
        let end = match param_end(b, i) {
            Some(e) => e,
            None => check_param(b, i).ok()?.end,
        };
        if b.get(end) != Some(&b' ') {
            return Some(end);
        }
        i = end + 1;
    }
}

/// The end of a frequent parameter at `i` whose value is valid and which is followed by SP,
/// CR or the end of `b`; `None` for anything else (see [`params_end`]).
#[inline(always)]
fn param_end(b: &[u8], i: usize) -> Option<usize> {
    // SP, CR or the end of `b` at `e`: nothing of the parameter goes on past `e` (they are
    // neither keyword nor value bytes), so `e` is its end.
    let ends = |e: usize| matches!(b.get(e), None | Some(b' ' | b'\r')).then_some(e);
    let first = *b.get(i)? | 0x20;
    match first {
        b's' => {
            if starts_with_ci(b, i, b"SIZE=") {
                // 1*DIGIT; up to 19 digits always fit u64.
                let vs = i + 5;
                let ve = skip_digits(b, vs);
                if ve == vs || ve - vs > 19 {
                    return None;
                }
                ends(ve)
            } else if starts_with_ci(b, i, b"SMTPUTF8") {
                ends(i + 8)
            } else {
                None
            }
        }
        b'b' if starts_with_ci(b, i, b"BODY=") => {
            let vs = i + 5;
            if starts_with_ci(b, vs, b"8BITMIME") {
                ends(vs + 8)
            } else if starts_with_ci(b, vs, b"7BIT") {
                ends(vs + 4)
            } else if starts_with_ci(b, vs, b"BINARYMIME") {
                ends(vs + 10)
            } else {
                None
            }
        }
        b'r' => {
            if starts_with_ci(b, i, b"RET=") {
                let vs = i + 4;
                if starts_with_ci(b, vs, b"HDRS") || starts_with_ci(b, vs, b"FULL") {
                    ends(vs + 4)
                } else {
                    None
                }
            } else if starts_with_ci(b, i, b"REQUIRETLS") {
                ends(i + 10)
            } else {
                None
            }
        }
        b'e' if starts_with_ci(b, i, b"ENVID=") => ends(xtext_end(b, i + 6)?),
        b'a' if starts_with_ci(b, i, b"AUTH=") => ends(xtext_end(b, i + 5)?),
        b'n' if starts_with_ci(b, i, b"NOTIFY=") => {
            // NEVER, or SUCCESS, FAILURE and DELAY separated by commas.
            let mut j = i + 7;
            if starts_with_ci(b, j, b"NEVER") {
                return ends(j + 5);
            }
            loop {
                j += if starts_with_ci(b, j, b"SUCCESS") || starts_with_ci(b, j, b"FAILURE") {
                    7
                } else if starts_with_ci(b, j, b"DELAY") {
                    5
                } else {
                    return None;
                };
                if b.get(j) != Some(&b',') {
                    return ends(j);
                }
                j += 1;
            }
        }
        b'o' if starts_with_ci(b, i, b"ORCPT=rfc822;") => ends(xtext_end(b, i + 13)?),
        _ => None,
    }
}

/// The end of the digits from `i`.
#[inline(always)]
fn skip_digits(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The end of the non-empty xtext from `i` (it stops at the first byte that is neither
/// an `xchar` nor the start of a complete `hexchar`); `None` when it is empty.
#[inline(always)]
fn xtext_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    loop {
        i = skip(b, i, class::XCHAR);
        if b.get(i) == Some(&b'+')
            && b.get(i + 1).is_some_and(|&c| is(c, class::UPPER_HEX))
            && b.get(i + 2).is_some_and(|&c| is(c, class::UPPER_HEX))
        {
            i += 3;
        } else {
            return (i > start).then_some(i);
        }
    }
}

/// Iterator over a validated parameter text.
#[derive(Debug, Clone)]
pub(crate) struct RawIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> RawIter<'a> {
    pub(crate) const fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }
}

impl<'a> Iterator for RawIter<'a> {
    type Item = Param<'a>;
    #[inline(always)]
    fn next(&mut self) -> Option<Param<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let (p, end) = decode_param(self.text, self.pos);
        debug_assert_eq!(
            scan_param(self.text, self.pos).ok(),
            Some((p.clone(), end)),
            "decoding must agree with the checking parser on validated text"
        );
        self.pos = end + 1;
        Some(p)
    }
}

/// Where one checked `esmtp-param` is, and the value its checks decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checked {
    /// First byte of the keyword.
    start: usize,
    /// Just past the keyword.
    kw_end: usize,
    /// The value after `=`, if any.
    value: Option<(usize, usize)>,
    /// Just past the parameter.
    pub(crate) end: usize,
    /// What the keyword is and what its value decoded to.
    kind: Kind,
}

/// A parameter's type and the scalars decoded while checking its value; the text parts
/// are taken from the spans in [`Checked`] when a [`Param`] is built.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Unknown,
    SmtpUtf8,
    RequireTls,
    Size(u64),
    Body(Body),
    Ret(Ret),
    EnvId,
    Auth,
    Notify(Notify),
    /// The `;` after the address type.
    Orcpt(usize),
    MtPriority(MtPriority),
    HoldFor(HoldFor),
    HoldUntil,
    By(By),
    /// The end of the date-time and the mode.
    Rrvs(usize, Option<RrvsMode>),
}

/// One `esmtp-param` at `start`, typed; returns it and the index after it.
pub(crate) fn scan_param(t: &str, start: usize) -> Result<(Param<'_>, usize), Error> {
    let c = check_param(t.as_bytes(), start)?;
    Ok((build(t, &c), c.end))
}

/// Checks one `esmtp-param` at `start` (its syntax and, for a known keyword, its value).
#[inline]
pub(crate) fn check_param(b: &[u8], start: usize) -> Result<Checked, Error> {
    let kw_end = scan_keyword(b, start)?;
    let (value, end) = if b.get(kw_end) == Some(&b'=') {
        let vs = kw_end + 1;
        let ve = scan_value(b, vs)?;
        (Some((vs, ve)), ve)
    } else {
        (None, kw_end)
    };
    let kind = match known_keyword(b, start, kw_end) {
        None => Kind::Unknown,
        Some(known) => check_value(b, known, kw_end, value)?,
    };
    Ok(Checked {
        start,
        kw_end,
        value,
        end,
        kind,
    })
}

/// The [`Param`] that [`check_param`] found in `t`.
#[inline(always)]
fn build<'a>(t: &'a str, c: &Checked) -> Param<'a> {
    let (vs, ve) = c.value.unwrap_or((c.kw_end, c.kw_end));
    match c.kind {
        Kind::Unknown => Param::Unknown(UnknownParam::from_valid(
            sub(t, c.start, c.kw_end),
            c.value.map(|(vs, ve)| sub(t, vs, ve)),
        )),
        Kind::SmtpUtf8 => Param::SmtpUtf8,
        Kind::RequireTls => Param::RequireTls,
        Kind::Size(n) => Param::Size(n),
        Kind::Body(x) => Param::Body(x),
        Kind::Ret(x) => Param::Ret(x),
        Kind::EnvId => Param::EnvId(XText::from_valid(sub(t, vs, ve))),
        Kind::Auth => Param::Auth(XText::from_valid(sub(t, vs, ve))),
        Kind::Notify(x) => Param::Notify(x),
        Kind::Orcpt(semi) => {
            Param::Orcpt(Orcpt::from_valid(sub(t, vs, semi), sub(t, semi + 1, ve)))
        }
        Kind::MtPriority(x) => Param::MtPriority(x),
        Kind::HoldFor(x) => Param::HoldFor(x),
        Kind::HoldUntil => Param::HoldUntil(DateTime::from_valid(sub(t, vs, ve))),
        Kind::By(x) => Param::By(x),
        Kind::Rrvs(te, mode) => Param::Rrvs(Rrvs {
            time: DateTime::from_valid(sub(t, vs, te)),
            mode,
        }),
    }
}

/// Decodes the parameter at `start` of text that [`validate_params`] accepted, without
/// checking it again: the value forms are told apart by what the checks guaranteed (the
/// length of a BODY value, the first letter of a RET value or NOTIFY item, ...).
/// Returns the same as [`scan_param`] on such text (debug builds assert it).
#[inline(always)]
fn decode_param(t: &str, start: usize) -> (Param<'_>, usize) {
    let b = t.as_bytes();
    // The frequent parameters, told apart by their keyword with its `=` (or, for
    // SMTPUTF8, what follows it), read with their value in one pass.
    let at = |i: usize| b.get(i).map_or(0, |c| c | 0x20);
    match at(start) {
        b's' if starts_with_ci(b, start, b"SIZE=") => {
            // 1*DIGIT that fits u64.
            let mut i = start + 5;
            let mut v = 0u64;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.wrapping_mul(10).wrapping_add(u64::from(b[i] - b'0'));
                i += 1;
            }
            return (Param::Size(v), i);
        }
        b's' if starts_with_ci(b, start, b"SMTPUTF8")
            && matches!(b.get(start + 8), None | Some(b' ')) =>
        {
            return (Param::SmtpUtf8, start + 8);
        }
        b'b' if starts_with_ci(b, start, b"BODY=") => {
            // 7BIT, 8BITMIME or BINARYMIME.
            let vs = start + 5;
            let (body, len) = match b.get(vs) {
                Some(b'8') => (Body::EightBitMime, 8),
                Some(b'7') => (Body::SevenBit, 4),
                _ => (Body::BinaryMime, 10),
            };
            return (Param::Body(body), vs + len);
        }
        b'r' if starts_with_ci(b, start, b"RET=") => {
            // FULL or HDRS.
            let ret = if at(start + 4) == b'f' {
                Ret::Full
            } else {
                Ret::Hdrs
            };
            return (Param::Ret(ret), start + 8);
        }
        b'e' if starts_with_ci(b, start, b"ENVID=") => {
            let ve = skip(b, start + 6, class::VALUE);
            return (Param::EnvId(XText::from_valid(sub(t, start + 6, ve))), ve);
        }
        b'n' if starts_with_ci(b, start, b"NOTIFY=") => {
            // NEVER, or a list of SUCCESS, FAILURE and DELAY.
            let mut i = start + 7;
            if at(i) == b'n' {
                return (Param::Notify(Notify::never()), i + 5);
            }
            let (mut success, mut failure, mut delay) = (false, false, false);
            loop {
                i += match at(i) {
                    b's' => {
                        success = true;
                        7
                    }
                    b'f' => {
                        failure = true;
                        7
                    }
                    _ => {
                        delay = true;
                        5
                    }
                };
                if b.get(i) != Some(&b',') {
                    break;
                }
                i += 1;
            }
            if let Some(n) = Notify::new(success, failure, delay) {
                return (Param::Notify(n), i);
            }
        }
        b'o' if starts_with_ci(b, start, b"ORCPT=") => {
            // The address type is an atom: the first ';' ends it.
            let vs = start + 6;
            if let Some(p) = b[vs..].iter().position(|&c| c == b';') {
                let semi = vs + p;
                let ve = skip(b, semi + 1, class::VALUE);
                let orcpt = Orcpt::from_valid(sub(t, vs, semi), sub(t, semi + 1, ve));
                return (Param::Orcpt(orcpt), ve);
            }
        }
        _ => {}
    }
    let kw_end = skip(b, start + 1, class::KEYWORD);
    let (value, end) = if b.get(kw_end) == Some(&b'=') {
        let ve = skip(b, kw_end + 1, class::VALUE);
        (Some((kw_end + 1, ve)), ve)
    } else {
        (None, kw_end)
    };
    let (vs, ve) = value.unwrap_or((kw_end, kw_end));
    let lower = |i: usize| b.get(i).map_or(0, |c| c | 0x20);
    let kind = match known_keyword(b, start, kw_end) {
        None => Kind::Unknown,
        Some(Known::SmtpUtf8) => Kind::SmtpUtf8,
        Some(Known::RequireTls) => Kind::RequireTls,
        Some(Known::Size) => {
            // 1*DIGIT that fits u64.
            let v = b[vs..ve].iter().fold(0u64, |v, &c| {
                v.wrapping_mul(10).wrapping_add(u64::from(c - b'0'))
            });
            Kind::Size(v)
        }
        // 7BIT, 8BITMIME or BINARYMIME.
        Some(Known::Body) => Kind::Body(match ve - vs {
            4 => Body::SevenBit,
            8 => Body::EightBitMime,
            _ => Body::BinaryMime,
        }),
        // FULL or HDRS.
        Some(Known::Ret) => Kind::Ret(if lower(vs) == b'f' {
            Ret::Full
        } else {
            Ret::Hdrs
        }),
        Some(Known::EnvId) => Kind::EnvId,
        Some(Known::Auth) => Kind::Auth,
        Some(Known::Notify) => {
            // NEVER, or a list of SUCCESS, FAILURE and DELAY.
            if lower(vs) == b'n' {
                Kind::Notify(Notify::never())
            } else {
                let (mut success, mut failure, mut delay) = (false, false, false);
                let mut i = vs;
                while i < ve {
                    match lower(i) {
                        b's' => success = true,
                        b'f' => failure = true,
                        _ => delay = true,
                    }
                    i = b[i..ve]
                        .iter()
                        .position(|&c| c == b',')
                        .map_or(ve, |p| i + p + 1);
                }
                match Notify::new(success, failure, delay) {
                    Some(n) => Kind::Notify(n),
                    None => return decode_checked(t, start),
                }
            }
        }
        // The address type is an atom: the first ';' ends it.
        Some(Known::Orcpt) => match b[vs..ve].iter().position(|&c| c == b';') {
            Some(p) => Kind::Orcpt(vs + p),
            None => return decode_checked(t, start),
        },
        // Rare: decoded by the checking parser.
        Some(_) => return decode_checked(t, start),
    };
    (
        build(
            t,
            &Checked {
                start,
                kw_end,
                value,
                end,
                kind,
            },
        ),
        end,
    )
}

/// [`scan_param`] on validated text (an unknown parameter, should it ever fail).
#[cold]
fn decode_checked(t: &str, start: usize) -> (Param<'_>, usize) {
    scan_param(t, start).unwrap_or_else(|_| {
        let end = t.len();
        (
            Param::Unknown(UnknownParam::from_valid(sub(t, start, end), None)),
            end,
        )
    })
}

fn need_value(kw_end: usize, value: Option<(usize, usize)>) -> Result<(usize, usize), Error> {
    value.ok_or(expected(kw_end, "'=' and a value after this keyword"))
}

fn no_value(kw_end: usize, value: Option<(usize, usize)>) -> Result<(), Error> {
    match value {
        None => Ok(()),
        Some(_) => Err(expected(
            kw_end,
            "no value for this keyword (SP or end of line)",
        )),
    }
}

/// The keywords with a typed [`Param`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    By,
    Ret,
    Size,
    Body,
    Auth,
    Rrvs,
    EnvId,
    Orcpt,
    Notify,
    HoldFor,
    SmtpUtf8,
    HoldUntil,
    RequireTls,
    MtPriority,
}

/// Upper-cased word of a keyword's first 8 bytes (see [`UPPER`]).
const fn kw(s: &[u8]) -> u64 {
    const_word(s) & UPPER
}

/// The known keyword `b[start..end]` (an `esmtp-keyword`: letters, digits and `-`), in
/// any case. Compares words with bit 5 cleared: for keyword bytes that is exactly an
/// ASCII-case-insensitive comparison (a digit's or `-`'s other image is a control byte).
#[inline]
fn known_keyword(b: &[u8], start: usize, end: usize) -> Option<Known> {
    let len = end - start;
    if !(2..=11).contains(&len) {
        return None;
    }
    let lo = word(b, start, len.min(8)) & UPPER;
    let hi = if len > 8 {
        word(b, start + 8, len - 8) & UPPER
    } else {
        0
    };
    const BY: u64 = kw(b"BY");
    const RET: u64 = kw(b"RET");
    const SIZE: u64 = kw(b"SIZE");
    const BODY: u64 = kw(b"BODY");
    const AUTH: u64 = kw(b"AUTH");
    const RRVS: u64 = kw(b"RRVS");
    const ENVID: u64 = kw(b"ENVID");
    const ORCPT: u64 = kw(b"ORCPT");
    const NOTIFY: u64 = kw(b"NOTIFY");
    const HOLDFOR: u64 = kw(b"HOLDFOR");
    const SMTPUTF8: u64 = kw(b"SMTPUTF8");
    const HOLDUNTI: u64 = kw(b"HOLDUNTI");
    const L: u64 = kw(b"L");
    const REQUIRET: u64 = kw(b"REQUIRET");
    const LS: u64 = kw(b"LS");
    const MT_PRIOR: u64 = kw(b"MT-PRIOR");
    const ITY: u64 = kw(b"ITY");
    Some(match (len, lo, hi) {
        (2, BY, 0) => Known::By,
        (3, RET, 0) => Known::Ret,
        (4, SIZE, 0) => Known::Size,
        (4, BODY, 0) => Known::Body,
        (4, AUTH, 0) => Known::Auth,
        (4, RRVS, 0) => Known::Rrvs,
        (5, ENVID, 0) => Known::EnvId,
        (5, ORCPT, 0) => Known::Orcpt,
        (6, NOTIFY, 0) => Known::Notify,
        (7, HOLDFOR, 0) => Known::HoldFor,
        (8, SMTPUTF8, 0) => Known::SmtpUtf8,
        (9, HOLDUNTI, L) => Known::HoldUntil,
        (10, REQUIRET, LS) => Known::RequireTls,
        (11, MT_PRIOR, ITY) => Known::MtPriority,
        _ => return None,
    })
}

/// `b[s..e]` equals `p` (at most 16 bytes), ASCII case ignored for letters only.
#[inline(always)]
pub(crate) fn eq_ci(b: &[u8], s: usize, e: usize, p: &[u8]) -> bool {
    e - s == p.len() && starts_with_ci(b, s, p)
}

/// Checks the value of a known keyword and decodes its scalars.
#[inline]
fn check_value(
    b: &[u8],
    known: Known,
    kw_end: usize,
    value: Option<(usize, usize)>,
) -> Result<Kind, Error> {
    if let Known::SmtpUtf8 | Known::RequireTls = known {
        no_value(kw_end, value)?;
        return Ok(if known == Known::SmtpUtf8 {
            Kind::SmtpUtf8
        } else {
            Kind::RequireTls
        });
    }
    let (vs, ve) = need_value(kw_end, value)?;
    Ok(match known {
        Known::By => Kind::By(by_value(b, vs, ve)?),
        Known::Ret => {
            if eq_ci(b, vs, ve, b"FULL") {
                Kind::Ret(Ret::Full)
            } else if eq_ci(b, vs, ve, b"HDRS") {
                Kind::Ret(Ret::Hdrs)
            } else {
                return Err(expected(vs, "FULL or HDRS"));
            }
        }
        Known::Size => Kind::Size(parse_decimal(b, vs, ve, u64::MAX)?),
        Known::Body => Kind::Body(if eq_ci(b, vs, ve, b"8BITMIME") {
            Body::EightBitMime
        } else if eq_ci(b, vs, ve, b"7BIT") {
            Body::SevenBit
        } else if eq_ci(b, vs, ve, b"BINARYMIME") {
            Body::BinaryMime
        } else {
            return Err(expected(vs, "7BIT, 8BITMIME or BINARYMIME"));
        }),
        Known::Auth => {
            xtext::validate_xtext(b, vs, ve)?;
            Kind::Auth
        }
        Known::Rrvs => {
            let semi = b[vs..ve].iter().position(|&c| c == b';').map(|p| vs + p);
            let te = semi.unwrap_or(ve);
            validate_date_time(b, vs, te)?;
            let mode = match semi {
                None => None,
                Some(s) => {
                    if eq_ci(b, s + 1, ve, b"C") {
                        Some(RrvsMode::Continue)
                    } else if eq_ci(b, s + 1, ve, b"R") {
                        Some(RrvsMode::Reject)
                    } else {
                        return Err(expected(s + 1, "C or R after ';'"));
                    }
                }
            };
            Kind::Rrvs(te, mode)
        }
        Known::EnvId => {
            xtext::validate_xtext(b, vs, ve)?;
            Kind::EnvId
        }
        Known::Orcpt => Kind::Orcpt(check_orcpt(b, vs, ve)?),
        Known::Notify => Kind::Notify(notify_value(b, vs, ve)?),
        Known::HoldFor => {
            let v = parse_decimal(b, vs, ve, u64::from(HoldFor::MAX))?;
            // `v` is at most HoldFor::MAX, which fits u32.
            let v = u32::try_from(v).map_err(|_| Error::new(vs, ErrorKind::NumberOverflow))?;
            Kind::HoldFor(HoldFor::new(v).ok_or(Error::new(vs, ErrorKind::NumberOverflow))?)
        }
        Known::HoldUntil => {
            validate_date_time(b, vs, ve)?;
            Kind::HoldUntil
        }
        Known::MtPriority => Kind::MtPriority(mt_priority_value(b, vs, ve)?),
        // Returned above.
        Known::SmtpUtf8 => Kind::SmtpUtf8,
        Known::RequireTls => Kind::RequireTls,
    })
}

/// RFC 3461 §4.1: `notify-esmtp-value = "NEVER" / 1#notify-list-element`,
/// `notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"` (comma-separated; no
/// whitespace fits in an esmtp-value). A repeated element is accepted once.
fn notify_value(b: &[u8], vs: usize, ve: usize) -> Result<Notify, Error> {
    if eq_ci(b, vs, ve, b"NEVER") {
        return Ok(Notify::never());
    }
    let (mut success, mut failure, mut delay) = (false, false, false);
    let mut i = vs;
    loop {
        let e = b[i..ve]
            .iter()
            .position(|&c| c == b',')
            .map_or(ve, |p| i + p);
        if eq_ci(b, i, e, b"SUCCESS") {
            success = true;
        } else if eq_ci(b, i, e, b"FAILURE") {
            failure = true;
        } else if eq_ci(b, i, e, b"DELAY") {
            delay = true;
        } else {
            return Err(expected(
                i,
                "NEVER, or a comma-separated list of SUCCESS, FAILURE, DELAY",
            ));
        }
        if e == ve {
            break;
        }
        i = e + 1;
    }
    Notify::new(success, failure, delay).ok_or(expected(vs, "NOTIFY value"))
}

/// RFC 3461 §4.2: `orcpt-parameter = "ORCPT=" original-recipient-address`,
/// `original-recipient-address = addr-type ";" xtext`, `addr-type = atom`;
/// RFC 6533 §3: for `utf-8`, `utf-8-addr-xtext / utf-8-addr-unitext`.
pub(crate) fn orcpt_value(t: &str, vs: usize, ve: usize) -> Result<Orcpt<'_>, Error> {
    let semi = check_orcpt(t.as_bytes(), vs, ve)?;
    Ok(Orcpt::from_valid(sub(t, vs, semi), sub(t, semi + 1, ve)))
}

/// Checks an ORCPT value (see [`orcpt_value`]); returns the index of its `;`.
#[inline]
fn check_orcpt(b: &[u8], vs: usize, ve: usize) -> Result<usize, Error> {
    let i = skip(&b[..ve], vs, class::ATOM);
    if i == vs {
        return Err(expected(vs, "address type (atom) of ORCPT"));
    }
    if i >= ve || b[i] != b';' {
        return Err(expected(i, "';' after the ORCPT address type"));
    }
    if eq_ci(b, vs, i, b"utf-8") {
        xtext::validate_utf8_addr(b, i + 1, ve)?;
    } else {
        xtext::validate_xtext(b, i + 1, ve)?;
    }
    Ok(i)
}

/// RFC 822 §3.3 `atom = 1*<any CHAR except specials, SPACE and CTLs>`, within an
/// esmtp-value (so also without `=`).
#[inline]
pub(crate) const fn is_atom_byte(c: u8) -> bool {
    matches!(c, 33..=126)
        && !matches!(
            c,
            b'(' | b')'
                | b'<'
                | b'>'
                | b'@'
                | b','
                | b';'
                | b':'
                | b'\\'
                | b'"'
                | b'.'
                | b'['
                | b']'
                | b'='
        )
}

/// RFC 6710 §3: `priority-value = [ "+" / "-" ] 1DIGIT` in -9..=9.
fn mt_priority_value(b: &[u8], vs: usize, ve: usize) -> Result<MtPriority, Error> {
    let (neg, ds) = match b[vs] {
        b'-' => (true, vs + 1),
        b'+' => (false, vs + 1),
        _ => (false, vs),
    };
    let v = parse_decimal(b, ds, ve, 9).map_err(|e| {
        if e.kind == ErrorKind::NumberOverflow {
            Error::new(vs, ErrorKind::NumberOverflow)
        } else {
            e
        }
    })?;
    // v <= 9.
    let v = i8::try_from(v).map_err(|_| Error::new(vs, ErrorKind::NumberOverflow))?;
    MtPriority::new(if neg { -v } else { v }).ok_or(Error::new(vs, ErrorKind::NumberOverflow))
}

/// RFC 2852 §4:
///
/// ```text
/// by-value = by-time ";" by-mode [ by-trace ]
/// by-time  = [ "-" / "+" ] 1*9digit
/// by-mode  = "N" / "R"
/// by-trace = "T"
/// ```
fn by_value(b: &[u8], vs: usize, ve: usize) -> Result<By, Error> {
    let Some(semi) = b[vs..ve].iter().position(|&c| c == b';').map(|p| vs + p) else {
        return Err(expected(ve, "';' and a mode (N or R) after the BY time"));
    };
    let (neg, ds) = match b[vs] {
        b'-' => (true, vs + 1),
        b'+' => (false, vs + 1),
        _ => (false, vs),
    };
    let v = parse_decimal(b, ds, semi, u64::from(By::MAX_TIME.unsigned_abs())).map_err(|e| {
        if e.kind == ErrorKind::NumberOverflow {
            Error::new(vs, ErrorKind::NumberOverflow)
        } else {
            e
        }
    })?;
    let v = i32::try_from(v).map_err(|_| Error::new(vs, ErrorKind::NumberOverflow))?;
    let time = if neg { -v } else { v };
    let mode = match b.get(semi + 1).map(u8::to_ascii_uppercase) {
        Some(b'N') if semi + 1 < ve => ByMode::Notify,
        Some(b'R') if semi + 1 < ve => ByMode::Return,
        _ => return Err(expected(semi + 1, "BY mode N or R")),
    };
    let trace = match &b[semi + 2..ve] {
        [] => false,
        [c] if c.eq_ignore_ascii_case(&b'T') => true,
        _ => return Err(expected(semi + 2, "T or the end of the BY value")),
    };
    By::new(time, mode, trace).ok_or(Error::new(vs, ErrorKind::NumberOverflow))
}

fn two_digits(b: &[u8], at: usize, what: &'static str) -> Result<u8, Error> {
    match (b.get(at), b.get(at + 1)) {
        (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
            Ok((x - b'0') * 10 + (y - b'0'))
        }
        _ => Err(expected(at, what)),
    }
}

fn expect_byte(b: &[u8], at: usize, c: u8, what: &'static str) -> Result<(), Error> {
    if b.get(at).is_some_and(|x| x.eq_ignore_ascii_case(&c)) {
        Ok(())
    } else {
        Err(expected(at, what))
    }
}

/// Days in `month` of `year` (Gregorian, RFC 3339 Appendix C).
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// RFC 3339 §5.6, with the ranges of §5.7 (`T` and `Z` in either case, §5.6 NOTE):
///
/// ```text
/// date-time      = full-date "T" full-time
/// full-date      = date-fullyear "-" date-month "-" date-mday
/// full-time      = partial-time time-offset
/// partial-time   = time-hour ":" time-minute ":" time-second [time-secfrac]
/// time-secfrac   = "." 1*DIGIT
/// time-offset    = "Z" / time-numoffset
/// time-numoffset = ("+" / "-") time-hour ":" time-minute
/// ```
///
/// The value must fill `b[start..end]` exactly.
pub(crate) fn validate_date_time(b: &[u8], start: usize, end: usize) -> Result<(), Error> {
    let b = &b[..end];
    let s = start;
    let mut year: u16 = 0;
    for k in 0..4 {
        match b.get(s + k) {
            Some(c) if c.is_ascii_digit() => year = year * 10 + u16::from(c - b'0'),
            _ => return Err(expected(s + k, "4-digit year (RFC 3339 date-time)")),
        }
    }
    expect_byte(b, s + 4, b'-', "'-' after the year")?;
    let month = two_digits(b, s + 5, "2-digit month")?;
    if !(1..=12).contains(&month) {
        return Err(expected(s + 5, "month 01-12"));
    }
    expect_byte(b, s + 7, b'-', "'-' after the month")?;
    let day = two_digits(b, s + 8, "2-digit day")?;
    if day == 0 || day > days_in_month(year, month) {
        return Err(expected(s + 8, "day of the month"));
    }
    expect_byte(b, s + 10, b'T', "'T' between date and time")?;
    let hour = two_digits(b, s + 11, "2-digit hour")?;
    if hour > 23 {
        return Err(expected(s + 11, "hour 00-23"));
    }
    expect_byte(b, s + 13, b':', "':' after the hour")?;
    if two_digits(b, s + 14, "2-digit minute")? > 59 {
        return Err(expected(s + 14, "minute 00-59"));
    }
    expect_byte(b, s + 16, b':', "':' after the minute")?;
    if two_digits(b, s + 17, "2-digit second")? > 60 {
        return Err(expected(s + 17, "second 00-60"));
    }
    let mut i = s + 19;
    if b.get(i) == Some(&b'.') {
        let f = i + 1;
        i = f;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == f {
            return Err(expected(f, "digits of the fraction of a second"));
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i += 1,
        Some(b'+' | b'-') => {
            if two_digits(b, i + 1, "2-digit offset hour")? > 23 {
                return Err(expected(i + 1, "offset hour 00-23"));
            }
            expect_byte(b, i + 3, b':', "':' in the time offset")?;
            if two_digits(b, i + 4, "2-digit offset minute")? > 59 {
                return Err(expected(i + 4, "offset minute 00-59"));
            }
            i += 6;
        }
        _ => return Err(expected(i, "time offset (Z or +hh:mm / -hh:mm)")),
    }
    if i != end {
        return Err(expected(i, "end of the date-time"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> Result<(), Error> {
        validate_date_time(s.as_bytes(), 0, s.len())
    }

    #[test]
    fn rfc3339_examples() {
        // RFC 3339 §5.8 examples.
        assert!(dt("1985-04-12T23:20:50.52Z").is_ok());
        assert!(dt("1996-12-19T16:39:57-08:00").is_ok());
        assert!(dt("1990-12-31T23:59:60Z").is_ok());
        assert!(dt("1990-12-31T15:59:60-08:00").is_ok());
        assert!(dt("1937-01-01T12:00:27.87+00:20").is_ok());
        // Lower-case t and z (RFC 3339 §5.6 NOTE).
        assert!(dt("1985-04-12t23:20:50z").is_ok());
        // 2000 is a leap year, 1900 is not (RFC 3339 Appendix C).
        assert!(dt("2000-02-29T00:00:00Z").is_ok());
        assert!(dt("1900-02-29T00:00:00Z").is_err());
        assert!(dt("2001-04-31T00:00:00Z").is_err());
        assert!(dt("2001-13-01T00:00:00Z").is_err());
        assert!(dt("2001-01-01T24:00:00Z").is_err());
        assert!(dt("2001-01-01T00:00:00").is_err());
        assert!(dt("2001-01-01T00:00:00.Z").is_err());
        assert!(dt("2001-01-01 00:00:00Z").is_err());
        assert!(dt("2001-01-01T00:00:00+0100").is_err());
    }

    #[test]
    fn decimal_limits() {
        let d = |s: &str, max| parse_decimal(s.as_bytes(), 0, s.len(), max);
        assert_eq!(d("18446744073709551615", u64::MAX), Ok(u64::MAX));
        assert_eq!(
            d("18446744073709551616", u64::MAX),
            Err(Error::new(0, ErrorKind::NumberOverflow))
        );
        assert_eq!(d("10", 9), Err(Error::new(0, ErrorKind::NumberOverflow)));
        assert_eq!(d("1x", 9), Err(expected(1, "digit")));
        assert_eq!(d("", 9), Err(expected(0, "digit")));
    }
}
