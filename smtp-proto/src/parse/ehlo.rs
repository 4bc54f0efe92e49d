//! EHLO reply parser: [`EhloReply::parse`] and [`EhloReply::from_reply`].
//!
//! RFC 5321 §4.1.1.1 `ehlo-ok-rsp` (the grammar, the keywords covered and what each mode
//! accepts are in [`crate::types::ehlo`]). Parsing a borrowed reply borrows every keyword
//! and parameter; the only allocation is the capability `Vec` ([`EhloReply::parse`] reads a
//! well-formed reply's lines in place; others go through a [`Reply`] and its line `Vec`).
//!
//! Error offsets count bytes of the reply as [`Reply::encode`] writes it, which are the
//! wire bytes for a reply received with CRLF line ends and `-`/SP separators.
//!
//! ```
//! use smtp_proto::types::ehlo::{Capability, EhloReply};
//! use smtp_proto::{ErrorKind, ParserOptions, Reply, Status};
//!
//! let opts = ParserOptions::default();
//! let Status::Complete { value: reply, .. } =
//!     Reply::parse(b"250-mx.example.org\r\n250-size 1000\r\n250 AUTH=LOGIN PLAIN\r\n", &opts).unwrap()
//! else { panic!() };
//! let ehlo = EhloReply::from_reply(&reply, &opts).unwrap();
//! assert_eq!(ehlo.capabilities()[0], Capability::Size(Some(1000)));
//! assert!(matches!(ehlo.capabilities()[1], Capability::AuthLegacy(_)));
//!
//! // A malformed SIZE: an error in strict mode (at the offset of "abc"), kept in lenient mode.
//! let bad = b"250-mx.example.org\r\n250 SIZE abc\r\n";
//! assert_eq!(EhloReply::parse(bad, &opts).unwrap_err().offset, 29);
//! let lenient = EhloReply::parse(bad, &ParserOptions::lenient()).unwrap().complete().unwrap();
//! assert!(matches!(&lenient.capabilities()[0], Capability::Other { keyword, .. } if keyword.as_bytes() == b"SIZE"));
//! ```

use std::borrow::{Borrow, Cow};

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::types::ehlo::{
    Capability, EhloParams, EhloReply, EhloWord, Limits, PriorityProfile, is_limit_name,
    is_limit_value,
};
use crate::types::reply::{Reply, ReplyCode};

/// `line[start..end]` with the lifetime of the reply's input when the line is borrowed.
fn sub<'a>(line: &Cow<'a, [u8]>, start: usize, end: usize) -> Cow<'a, [u8]> {
    match line {
        Cow::Borrowed(b) => Cow::Borrowed(&b[start..end]),
        Cow::Owned(v) => Cow::Owned(v[start..end].to_vec()),
    }
}

/// The words of `raw` split on SP, with their start index.
fn words(raw: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    raw.split(|&b| b == b' ').filter_map(move |w| {
        let start = at;
        at += w.len() + 1;
        (!w.is_empty()).then_some((start, w))
    })
}

/// RFC 5321 §4.1.1.1 `ehlo-keyword`, or the legacy `ehlo-keyword "=" *(%d33-126)` form
/// (Exchange's `AUTH=LOGIN`, `X-EXPS=LOGIN`): the index of the first offending byte, if any.
/// (The parser uses [`scan_keyword`]; this plain form is its test oracle.)
#[cfg(test)]
fn legacy_keyword_error(keyword: &[u8]) -> Option<usize> {
    match memchr::memchr(b'=', keyword) {
        None => keyword_error(keyword),
        Some(eq) => keyword_error(&keyword[..eq]).or_else(|| {
            keyword[eq + 1..]
                .iter()
                .position(|b| !(33..=126).contains(b))
                .map(|i| eq + 1 + i)
        }),
    }
}

/// RFC 5321 §4.1.1.1 `ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")`: the index of
/// the first byte that breaks it, if any.
fn keyword_error(keyword: &[u8]) -> Option<usize> {
    match keyword.first() {
        None => return Some(0),
        Some(b) if !b.is_ascii_alphanumeric() => return Some(0),
        _ => {}
    }
    keyword
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
}

/// RFC 5321 §4.1.1.1 `*( SP ehlo-param )` after the keyword's SP, `ehlo-param =
/// 1*(%d33-126)`: at least one parameter, single SP between them. The index of the first
/// offending byte, if any.
fn params_error(raw: &[u8]) -> Option<usize> {
    let mut prev_sp = true;
    for (i, &b) in raw.iter().enumerate() {
        if CLASSES[usize::from(b)] & PARAM_CHAR != 0 {
            prev_sp = false;
        } else if b == b' ' && !prev_sp {
            prev_sp = true;
        } else {
            return Some(i);
        }
    }
    prev_sp.then_some(raw.len())
}

/// `1*DIGIT` as a `u64`: not digits is `Expected`, too large is `NumberOverflow`.
fn number(word: &[u8], expected: &'static str) -> Result<u64, (usize, ErrorKind)> {
    if word.is_empty() || !word.iter().all(u8::is_ascii_digit) {
        return Err((0, ErrorKind::Expected { expected }));
    }
    word.iter()
        .try_fold(0u64, |n, &d| {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
        .ok_or((0, ErrorKind::NumberOverflow))
}

/// RFC 4422 §3.1 `sasl-mech = 1*20mech-char`, `mech-char = UPPER-ALPHA / DIGIT / HYPHEN /
/// UNDERSCORE` (lower case accepted too: the comparison is case-insensitive in practice).
fn is_sasl_mech(word: &[u8]) -> bool {
    (1..=20).contains(&word.len())
        && word
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// RFC 3339 §5.6 `date-time = full-date "T" full-time` (`T` and `Z` in either case).
fn is_date_time(s: &[u8]) -> bool {
    fn digits(s: &[u8], at: &mut usize, n: usize) -> bool {
        let ok = s.len() >= *at + n && s[*at..*at + n].iter().all(u8::is_ascii_digit);
        *at += n;
        ok
    }
    fn byte(s: &[u8], at: &mut usize, pred: impl Fn(u8) -> bool) -> bool {
        let ok = s.get(*at).is_some_and(|&b| pred(b));
        *at += 1;
        ok
    }
    let at = &mut 0;
    let head = digits(s, at, 4)
        && byte(s, at, |b| b == b'-')
        && digits(s, at, 2)
        && byte(s, at, |b| b == b'-')
        && digits(s, at, 2)
        && byte(s, at, |b| b == b'T' || b == b't')
        && digits(s, at, 2)
        && byte(s, at, |b| b == b':')
        && digits(s, at, 2)
        && byte(s, at, |b| b == b':')
        && digits(s, at, 2);
    if !head {
        return false;
    }
    if s.get(*at) == Some(&b'.') {
        *at += 1;
        let frac = s[*at..].iter().take_while(|b| b.is_ascii_digit()).count();
        if frac == 0 {
            return false;
        }
        *at += frac;
    }
    match s.get(*at) {
        Some(b'Z' | b'z') => *at + 1 == s.len(),
        Some(b'+' | b'-') => {
            *at += 1;
            digits(s, at, 2) && byte(s, at, |b| b == b':') && digits(s, at, 2) && *at == s.len()
        }
        _ => false,
    }
}

/// The keyword in upper case, if it is short enough to be a known one.
fn upper(keyword: &[u8]) -> Option<([u8; 20], usize)> {
    if keyword.len() > 20 {
        return None;
    }
    let mut buf = [0u8; 20];
    for (d, s) in buf.iter_mut().zip(keyword) {
        *d = s.to_ascii_uppercase();
    }
    Some((buf, keyword.len()))
}

/// The known keywords without parameters, as a `Copy` value (the [`Capability`] variant of
/// the same name is built by [`SimpleKeyword::capability`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SimpleKeyword {
    Dsn,
    Atrn,
    Etrn,
    Expn,
    Help,
    Mtrk,
    Onex,
    Rrvs,
    Saml,
    Send,
    Soml,
    Turn,
    Verb,
    Vrfy,
    Xusr,
    ConNeg,
    ConPerm,
    EightBitMime,
    Chunking,
    SmtpUtf8,
    StartTls,
    Utf8Smtp,
    Submitter,
    Pipelining,
    BinaryMime,
    Checkpoint,
    RequireTls,
    EnhancedStatusCodes,
}

impl SimpleKeyword {
    #[inline(always)]
    const fn capability(self) -> Capability<'static> {
        match self {
            Self::Dsn => Capability::Dsn,
            Self::Atrn => Capability::Atrn,
            Self::Etrn => Capability::Etrn,
            Self::Expn => Capability::Expn,
            Self::Help => Capability::Help,
            Self::Mtrk => Capability::Mtrk,
            Self::Onex => Capability::Onex,
            Self::Rrvs => Capability::Rrvs,
            Self::Saml => Capability::Saml,
            Self::Send => Capability::Send,
            Self::Soml => Capability::Soml,
            Self::Turn => Capability::Turn,
            Self::Verb => Capability::Verb,
            Self::Vrfy => Capability::Vrfy,
            Self::Xusr => Capability::Xusr,
            Self::ConNeg => Capability::ConNeg,
            Self::ConPerm => Capability::ConPerm,
            Self::EightBitMime => Capability::EightBitMime,
            Self::Chunking => Capability::Chunking,
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::StartTls => Capability::StartTls,
            Self::Utf8Smtp => Capability::Utf8Smtp,
            Self::Submitter => Capability::Submitter,
            Self::Pipelining => Capability::Pipelining,
            Self::BinaryMime => Capability::BinaryMime,
            Self::Checkpoint => Capability::Checkpoint,
            Self::RequireTls => Capability::RequireTls,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
        }
    }
}

/// The keywords [`typed`] knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// A keyword without parameters.
    Simple(SimpleKeyword),
    Size,
    DeliverBy,
    Auth,
    Burl,
    Limits,
    MtPriority,
    FutureRelease,
    NoSoliciting,
}

/// A known keyword as two little-endian words of its first and last (up to) 8 bytes, and
/// masks that fold ASCII case at letter positions, so that a candidate matches when its
/// words masked equal these (see [`known_keyword`]).
struct KeywordEntry {
    len: usize,
    head: u64,
    head_mask: u64,
    tail: u64,
    tail_mask: u64,
    known: Known,
}

/// Bytes `from..from + n` of `word` as a little-endian integer, and the mask that keeps
/// every byte but clears the case bit (0x20) of letters.
const fn keyword_word(word: &[u8], from: usize, n: usize) -> (u64, u64) {
    let (mut value, mut mask, mut i) = (0u64, 0u64, 0);
    while i < n {
        let b = word[from + i];
        value |= (b as u64) << (8 * i);
        let m: u64 = if b.is_ascii_alphabetic() { 0xDF } else { 0xFF };
        mask |= m << (8 * i);
        i += 1;
    }
    (value, mask)
}

/// Where the two words of a keyword of `len` bytes (1..=16) start, and their width: the
/// first and last 8 bytes (overlapping) from 8 bytes on, else the first and last 4, else
/// the whole keyword twice.
const fn keyword_spans(len: usize) -> (usize, usize) {
    match len {
        8.. => (8, len - 8),
        4..=7 => (4, len - 4),
        _ => (len, 0),
    }
}

const fn keyword_entry(word: &'static [u8], known: Known) -> KeywordEntry {
    let (n, tail_at) = keyword_spans(word.len());
    let (head, head_mask) = keyword_word(word, 0, n);
    let (tail, tail_mask) = keyword_word(word, tail_at, n);
    KeywordEntry {
        len: word.len(),
        head,
        head_mask,
        tail,
        tail_mask,
        known,
    }
}

/// Every known keyword of at most 16 bytes (`ENHANCEDSTATUSCODES` is matched apart), in
/// the IANA registry's upper case, sorted by length (checked at compile time).
const KEYWORDS: [KeywordEntry; 35] = {
    use Known as K;
    use SimpleKeyword as S;
    [
        keyword_entry(b"DSN", K::Simple(S::Dsn)),
        keyword_entry(b"SIZE", K::Size),
        keyword_entry(b"AUTH", K::Auth),
        keyword_entry(b"ATRN", K::Simple(S::Atrn)),
        keyword_entry(b"BURL", K::Burl),
        keyword_entry(b"ETRN", K::Simple(S::Etrn)),
        keyword_entry(b"EXPN", K::Simple(S::Expn)),
        keyword_entry(b"HELP", K::Simple(S::Help)),
        keyword_entry(b"MTRK", K::Simple(S::Mtrk)),
        keyword_entry(b"ONEX", K::Simple(S::Onex)),
        keyword_entry(b"RRVS", K::Simple(S::Rrvs)),
        keyword_entry(b"SAML", K::Simple(S::Saml)),
        keyword_entry(b"SEND", K::Simple(S::Send)),
        keyword_entry(b"SOML", K::Simple(S::Soml)),
        keyword_entry(b"TURN", K::Simple(S::Turn)),
        keyword_entry(b"VERB", K::Simple(S::Verb)),
        keyword_entry(b"VRFY", K::Simple(S::Vrfy)),
        keyword_entry(b"XUSR", K::Simple(S::Xusr)),
        keyword_entry(b"CONNEG", K::Simple(S::ConNeg)),
        keyword_entry(b"LIMITS", K::Limits),
        keyword_entry(b"CONPERM", K::Simple(S::ConPerm)),
        keyword_entry(b"8BITMIME", K::Simple(S::EightBitMime)),
        keyword_entry(b"CHUNKING", K::Simple(S::Chunking)),
        keyword_entry(b"SMTPUTF8", K::Simple(S::SmtpUtf8)),
        keyword_entry(b"STARTTLS", K::Simple(S::StartTls)),
        keyword_entry(b"UTF8SMTP", K::Simple(S::Utf8Smtp)),
        keyword_entry(b"DELIVERBY", K::DeliverBy),
        keyword_entry(b"SUBMITTER", K::Simple(S::Submitter)),
        keyword_entry(b"PIPELINING", K::Simple(S::Pipelining)),
        keyword_entry(b"BINARYMIME", K::Simple(S::BinaryMime)),
        keyword_entry(b"CHECKPOINT", K::Simple(S::Checkpoint)),
        keyword_entry(b"REQUIRETLS", K::Simple(S::RequireTls)),
        keyword_entry(b"MT-PRIORITY", K::MtPriority),
        keyword_entry(b"FUTURERELEASE", K::FutureRelease),
        keyword_entry(b"NO-SOLICITING", K::NoSoliciting),
    ]
};

/// `KEYWORDS[BUCKETS[n]..BUCKETS[n + 1]]` are the known keywords of `n` bytes.
const BUCKETS: [usize; 18] = {
    let mut starts = [0; 18];
    let mut n = 0;
    while n < 17 {
        let mut i = 0;
        while i < KEYWORDS.len() && KEYWORDS[i].len < n {
            i += 1;
        }
        starts[n] = i;
        n += 1;
    }
    starts[17] = KEYWORDS.len();
    let mut i = 1;
    while i < KEYWORDS.len() {
        assert!(
            KEYWORDS[i - 1].len <= KEYWORDS[i].len,
            "KEYWORDS sorted by length"
        );
        i += 1;
    }
    starts
};

/// The known keyword `keyword` is (ASCII case-insensitive), if any.
#[inline]
fn known_keyword(keyword: &[u8]) -> Option<Known> {
    let len = keyword.len();
    if len > 16 {
        return keyword
            .eq_ignore_ascii_case(b"ENHANCEDSTATUSCODES")
            .then_some(Known::Simple(SimpleKeyword::EnhancedStatusCodes));
    }
    let word = |from: usize, n: usize| match n {
        8 => u64::from_le_bytes(keyword[from..from + 8].try_into().unwrap_or_default()),
        4 => u64::from(u32::from_le_bytes(
            keyword[from..from + 4].try_into().unwrap_or_default(),
        )),
        _ => keyword[from..from + n]
            .iter()
            .rev()
            .fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    let (n, tail_at) = keyword_spans(len);
    let (head, tail) = (word(0, n), word(tail_at, n));
    KEYWORDS[BUCKETS[len]..BUCKETS[len + 1]]
        .iter()
        .find(|e| head & e.head_mask == e.head && tail & e.tail_mask == e.tail)
        .map(|e| e.known)
}

type Fail = (usize, ErrorKind);

const fn expected(at: usize, expected: &'static str) -> Fail {
    (at, ErrorKind::Expected { expected })
}

/// The typed capability for the known keyword `known` with parameter text `line[ps..]`;
/// offsets in errors are relative to `ps`.
#[inline]
fn typed<'a>(
    known: Known,
    line: &Cow<'a, [u8]>,
    ps: usize,
    lenient: bool,
) -> Result<Capability<'a>, Fail> {
    let raw = &line[ps.min(line.len())..];
    let params = || EhloParams(sub(line, ps.min(line.len()), line.len()));
    let word = |start: usize, w: &[u8]| EhloWord(sub(line, ps + start, ps + start + w.len()));
    let first_two = || {
        let mut ws = words(raw);
        (ws.next(), ws.next())
    };
    let at_most_one = |second: Option<(usize, &[u8])>, what| match second {
        Some((at, _)) => Err(expected(at, what)),
        None => Ok(()),
    };
    Ok(match known {
        Known::Simple(c) => {
            // The first word, if any: the first byte that is not SP.
            return match raw.iter().position(|&b| b != b' ') {
                Some(at) => Err(expected(at, "no parameters after this EHLO keyword")),
                None => Ok(c.capability()),
            };
        }
        Known::Size => {
            let (first, second) = first_two();
            at_most_one(second, "at most one SIZE parameter")?;
            let n = first
                .map(|(at, w)| number(w, "SIZE number").map_err(|(_, k)| (at, k)))
                .transpose()?;
            Capability::Size(n)
        }
        Known::DeliverBy => {
            let (first, second) = first_two();
            at_most_one(second, "at most one DELIVERBY parameter")?;
            let n = first
                .map(|(at, w)| number(w, "DELIVERBY min-by-time").map_err(|(_, k)| (at, k)))
                .transpose()?;
            Capability::DeliverBy(n)
        }
        Known::Auth => {
            if !lenient {
                let mut ws = words(raw).peekable();
                if ws.peek().is_none() {
                    return Err(expected(raw.len(), "SASL mechanism"));
                }
                if let Some((at, _)) = ws.find(|(_, w)| !is_sasl_mech(w)) {
                    return Err(expected(at, "SASL mechanism"));
                }
            }
            Capability::Auth(params())
        }
        Known::Burl => Capability::Burl(params()),
        Known::Limits => {
            if words(raw).next().is_none() {
                return Err(expected(raw.len(), "limit"));
            }
            for (at, w) in words(raw) {
                let (name, value) = match memchr::memchr(b'=', w) {
                    Some(eq) => (&w[..eq], Some((eq + 1, &w[eq + 1..]))),
                    None => (w, None),
                };
                if !is_limit_name(name) {
                    return Err(expected(at, "limit name"));
                }
                if let Some((vat, v)) = value {
                    if !is_limit_value(v) {
                        return Err(expected(at + vat, "limit value"));
                    }
                }
                let known = [&b"RCPTMAX"[..], b"MAILMAX", b"RCPTDOMAINMAX"]
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(name));
                if known {
                    let (vat, v) = value.ok_or(expected(at + w.len(), "\"=\" and limit value"))?;
                    number(v, "numeric limit value").map_err(|(_, k)| (at + vat, k))?;
                }
            }
            let limits = Limits::new(sub(line, ps.min(line.len()), line.len()))
                .map_err(|_| expected(0, "limit"))?;
            Capability::Limits(limits)
        }
        Known::MtPriority => {
            let (first, second) = first_two();
            at_most_one(second, "at most one MT-PRIORITY profile")?;
            Capability::MtPriority(match first {
                None => None,
                Some((at, w)) => Some(match upper(w).as_ref().map(|(u, n)| &u[..*n]) {
                    Some(b"MIXER") => PriorityProfile::Mixer,
                    Some(b"STANAG4406") => PriorityProfile::Stanag4406,
                    Some(b"NSEP") => PriorityProfile::Nsep,
                    _ => {
                        if keyword_error(w).is_some() {
                            return Err(expected(at, "priority profile name"));
                        }
                        PriorityProfile::Other(word(at, w))
                    }
                }),
            })
        }
        Known::FutureRelease => {
            let mut ws = words(raw);
            let (Some((iat, interval)), Some((dat, date))) = (ws.next(), ws.next()) else {
                return Err(expected(
                    raw.len(),
                    "max-future-release-interval SP max-future-release-date-time",
                ));
            };
            if let Some((at, _)) = ws.next() {
                return Err(expected(at, "end of FUTURERELEASE parameters"));
            }
            let max_interval =
                number(interval, "max-future-release-interval").map_err(|(_, k)| (iat, k))?;
            if !is_date_time(date) {
                return Err(expected(dat, "RFC 3339 date-time"));
            }
            Capability::FutureRelease {
                max_interval,
                max_date_time: word(dat, date),
            }
        }
        Known::NoSoliciting => {
            let (first, second) = first_two();
            at_most_one(second, "at most one NO-SOLICITING parameter")?;
            Capability::NoSoliciting(first.map(|(at, w)| word(at, w)))
        }
    })
}

/// RFC 5321 §4.1.1.1 `ehlo-keyword` or its legacy `keyword=value` form (see
/// [`legacy_keyword_error`]) ending at the first SP of `text` (or its end), in one pass:
/// the keyword's end and the index of its first offending byte, if any.
fn scan_keyword(text: &[u8]) -> (usize, Option<usize>) {
    let mut error = match text.first() {
        Some(b) if b.is_ascii_alphanumeric() => None,
        _ => Some(0),
    };
    let mut eq = false;
    for (i, &b) in text.iter().enumerate() {
        let ok = match b {
            b' ' => return (i, error),
            b'=' if !eq => {
                eq = true;
                // `keyword=`: the part before must be a keyword (it is, but for an empty
                // one, which the first byte check reports).
                true
            }
            _ if eq => (33..=126).contains(&b),
            _ => b.is_ascii_alphanumeric() || b == b'-',
        };
        if !ok && error.is_none() {
            error = Some(i);
        }
    }
    (text.len(), error)
}

/// Byte classes for [`scan_keyword_fast`], [`params_error`] and [`sasl_mechs`]: letters and
/// digits, `-` (keywords); `%d33-126`, printable but SP (parameters); letters, digits, `-`
/// and `_` (SASL mechanism names, as [`is_sasl_mech`] reads them).
const KEYWORD_CHAR: u8 = 1;
const PARAM_CHAR: u8 = 2;
const SASL_CHAR: u8 = 4;
const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 33;
    while b <= 126 {
        t[b] = PARAM_CHAR;
        if (b as u8).is_ascii_alphanumeric() || b == b'-' as usize {
            t[b] |= KEYWORD_CHAR | SASL_CHAR;
        }
        if b == b'_' as usize {
            t[b] |= SASL_CHAR;
        }
        b += 1;
    }
    t
};

/// Whether every SP-separated word of `params` is a SASL mechanism name per
/// [`is_sasl_mech`], in one pass: what `params.split(SP).all(is_sasl_mech)` says for
/// parameters the fast path has already checked (no SP at either end, no double SP).
#[inline(always)]
fn sasl_mechs(params: &[u8]) -> bool {
    let mut run = 0usize;
    for &b in params {
        if b == b' ' {
            if run == 0 {
                return false;
            }
            run = 0;
        } else if CLASSES[usize::from(b)] & SASL_CHAR != 0 && run < 20 {
            run += 1;
        } else {
            return false;
        }
    }
    run != 0
}

/// [`scan_keyword`] for the common case of a plain keyword (letters, digits, `-`) ending at
/// SP or the end; anything else goes to [`scan_keyword`].
fn scan_keyword_fast(text: &[u8]) -> (usize, Option<usize>) {
    let end = text
        .iter()
        .position(|&b| CLASSES[usize::from(b)] & KEYWORD_CHAR == 0)
        .unwrap_or(text.len());
    match (text.first(), text.get(end)) {
        (Some(first), None | Some(b' ')) if first.is_ascii_alphanumeric() => (end, None),
        _ => scan_keyword(text),
    }
}

/// One capability line, pushed to `out` (nothing for an empty line in lenient mode).
///
/// Pushing here rather than returning the capability keeps the large
/// `Result<Option<Capability>>` from being copied around on the stack.
// `line` must stay a `Cow`: an owned line gives owned capabilities (see `sub`).
#[allow(clippy::ptr_arg)]
#[inline]
fn capability<'a>(
    out: &mut Vec<Capability<'a>>,
    line: &Cow<'a, [u8]>,
    base: usize,
    lenient: bool,
) -> Result<(), Error> {
    let text: &[u8] = line;
    let err = |at: usize, kind: ErrorKind| Error::new(base + at, kind);
    let s = if lenient {
        match text.iter().position(|&b| b != b' ') {
            Some(s) => s,
            None => return Ok(()),
        }
    } else {
        0
    };
    let rest = &text[s..];
    if rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"AUTH=") {
        let ps = s + 5;
        if !lenient {
            if let Some(at) = params_error(&text[ps..]) {
                return Err(err(
                    ps + at,
                    ErrorKind::Expected {
                        expected: "SASL mechanism",
                    },
                ));
            }
        }
        out.push(Capability::AuthLegacy(EhloParams(sub(
            line,
            ps,
            text.len(),
        ))));
        return Ok(());
    }
    let (kw_len, kw_error) = scan_keyword_fast(rest);
    let kw_end = s + kw_len;
    let keyword = &text[s..kw_end];
    let ps = (kw_end + 1).min(text.len());
    if !lenient {
        if let Some(at) = kw_error {
            return Err(err(
                s + at,
                ErrorKind::Expected {
                    expected: "EHLO keyword",
                },
            ));
        }
        if kw_end < text.len() {
            if let Some(at) = params_error(&text[ps..]) {
                return Err(err(
                    ps + at,
                    ErrorKind::Expected {
                        expected: "EHLO parameter (single SP between parameters)",
                    },
                ));
            }
        }
    }
    let other = || Capability::Other {
        keyword: EhloWord(sub(line, s, kw_end)),
        params: EhloParams(sub(line, ps, text.len())),
    };
    let Some(known) = known_keyword(keyword) else {
        out.push(other());
        return Ok(());
    };
    if let Known::Simple(c) = known {
        // The common case, without the `Result` of `typed` around the capability.
        if text[ps..].iter().all(|&b| b == b' ') {
            out.push(c.capability());
            return Ok(());
        }
    }
    match typed(known, line, ps, lenient) {
        Ok(c) => out.push(c),
        Err(_) if lenient => out.push(other()),
        Err((at, kind)) => return Err(err(ps + at, kind)),
    }
    Ok(())
}

/// The EHLO reply from the texts of a reply's lines (`code` is the reply's).
fn from_lines<'a, L: Borrow<Cow<'a, [u8]>>>(
    code: ReplyCode,
    mut lines: impl ExactSizeIterator<Item = L>,
    lenient: bool,
) -> Result<EhloReply<'a>, Error> {
    let not_250 = || {
        Error::new(
            0,
            ErrorKind::Expected {
                expected: "250 reply to EHLO",
            },
        )
    };
    if code != ReplyCode::OK {
        return Err(not_250());
    }
    let first = lines.next().ok_or_else(not_250)?;
    let first: &Cow<'a, [u8]> = first.borrow();
    let text: &[u8] = first;
    let (domain, greeting) = match memchr::memchr(b' ', text) {
        Some(sp) => (sub(first, 0, sp), Some(sub(first, sp + 1, text.len()))),
        None => (sub(first, 0, text.len()), None),
    };
    if domain.is_empty() && !lenient {
        return Err(Error::new(4, ErrorKind::Expected { expected: "domain" }));
    }
    let mut capabilities = Vec::with_capacity(lines.len());
    // Each earlier line is a continuation: code, "-", text, CRLF (4 + len + 2 bytes);
    // a capability's text starts after its own code and separator (4 more).
    let mut base = text.len().saturating_add(10);
    for line in lines {
        let line: &Cow<'a, [u8]> = line.borrow();
        capability(&mut capabilities, line, base, lenient)?;
        base = base.saturating_add(line.len() + 6);
    }
    Ok(EhloReply {
        domain,
        greeting,
        capabilities,
    })
}

impl<'a> EhloReply<'a> {
    /// The capabilities of a reply to EHLO (or LHLO).
    ///
    /// RFC 5321 §4.1.1.1 `ehlo-ok-rsp`; see [`crate::types::ehlo`] for what strict and
    /// lenient mode accept. Text borrowed by `reply` stays borrowed.
    pub fn from_reply(reply: &Reply<'a>, opts: &ParserOptions) -> Result<Self, Error> {
        from_lines(reply.code(), reply.cow_lines().iter(), opts.is_lenient())
    }

    /// An EHLO reply at the start of `input`: [`Reply::parse`] then
    /// [`EhloReply::from_reply`]. Error offsets are offsets in `input`.
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        if let Some((value, consumed)) = fast_parse(input, opts) {
            debug_assert!(
                matches!(
                    exact_parse(input, opts),
                    Ok(Status::Complete { value: ref v, consumed: c }) if *v == value && c == consumed
                ),
                "the fast path must agree with the parser on {:?}",
                input.escape_ascii()
            );
            return Ok(Status::Complete { value, consumed });
        }
        exact_parse(input, opts)
    }
}

/// [`EhloReply::parse`] as [`Reply::parse`] then [`EhloReply::from_reply`]: every input,
/// every error. Out of line, to keep [`fast_parse`] small enough to be inlined whole.
#[inline(never)]
fn exact_parse<'a>(input: &'a [u8], opts: &ParserOptions) -> Result<Status<EhloReply<'a>>, Error> {
    Ok(match Reply::parse(input, opts)? {
        Status::Complete { value, consumed } => Status::Complete {
            value: EhloReply::from_reply(&value, opts)?,
            consumed,
        },
        Status::Incomplete => Status::Incomplete,
    })
}

/// The most capabilities [`fast_parse`] makes room for before it reads them (an estimate
/// from the reply's length: a capability line takes at least 8 bytes on the wire).
const FAST_CAPACITY: usize = 16;

/// [`EhloReply::parse`] for the usual reply, in one pass over the bytes without building a
/// [`Reply`]: every line `250-` or (the last) `250 `, ended by CRLF with no other CR or LF,
/// within the line limits, a non-empty domain, and capability lines that strict mode
/// accepts (lenient mode reads those the same way). `None` for anything else, which
/// [`exact_parse`] then reads (so every error, and every lenient quirk, comes from there).
#[inline]
fn fast_parse<'a>(input: &'a [u8], opts: &ParserOptions) -> Option<(EhloReply<'a>, usize)> {
    let max_lines = opts.max_reply_lines.max(1);
    let limit = opts.max_reply_line;
    // The first line: domain and greeting.
    let cr = memchr::memchr2(b'\r', b'\n', input)?;
    if cr > limit || cr < 4 || input.get(cr..cr + 2) != Some(b"\r\n") {
        return None;
    }
    let mut last = line_head(input, 0)?;
    let text = &input[4..cr];
    let (domain, greeting) = match memchr::memchr(b' ', text) {
        Some(sp) => (&text[..sp], Some(Cow::Borrowed(&text[sp + 1..]))),
        None => (text, None),
    };
    if domain.is_empty() {
        return None;
    }
    let mut start = cr + 2;
    let estimate = ((input.len() - start) / 8).clamp(1, FAST_CAPACITY);
    let mut capabilities = Vec::with_capacity(if last { 0 } else { estimate });
    let mut lines = 1;
    while !last {
        if lines >= max_lines {
            return None;
        }
        last = line_head(input, start)?;
        start = fast_capability(
            &mut capabilities,
            input,
            start + 4,
            start.saturating_add(limit),
        )?;
        lines += 1;
    }
    Some((
        EhloReply {
            domain: Cow::Borrowed(domain),
            greeting,
            capabilities,
        },
        start,
    ))
}

/// Whether the line at `input[start..]` starts with `250 ` (the last line) or `250-`;
/// `None` for anything else.
#[inline(always)]
fn line_head(input: &[u8], start: usize) -> Option<bool> {
    const CONTINUED: u32 = u32::from_le_bytes(*b"250-");
    const LAST: u32 = u32::from_le_bytes(*b"250 ");
    let head = u32::from_le_bytes(input.get(start..start.checked_add(4)?)?.try_into().ok()?);
    match head {
        LAST => Some(true),
        CONTINUED => Some(false),
        _ => None,
    }
}

/// One capability line of [`fast_parse`] whose text starts at `input[at]`, read in the same
/// pass that finds its CRLF (which must come at or before `cr_max`): pushes the capability
/// and returns where the next line starts. The common shapes (a keyword alone, a keyword
/// and well-formed parameters, SIZE with its number, AUTH with its mechanisms) are read
/// here; the rest by [`capability`] once the line end is known. `None` when strict mode
/// would refuse the line or the framing is not plain CRLF.
#[inline(always)]
fn fast_capability<'a>(
    out: &mut Vec<Capability<'a>>,
    input: &'a [u8],
    at: usize,
    cr_max: usize,
) -> Option<usize> {
    let text = input.get(at..)?;
    let generic = |out: &mut Vec<Capability<'a>>, end: usize| slow_capability(out, &text[..end]);
    if !text.first()?.is_ascii_alphanumeric() {
        return None;
    }
    let mut k = 1;
    while k < text.len() && CLASSES[usize::from(text[k])] & KEYWORD_CHAR != 0 {
        k += 1;
    }
    let keyword = &text[..k];
    let (value, end) = match text.get(k)? {
        b'\r' => {
            if text.get(k + 1) != Some(&b'\n') || at + k > cr_max {
                return None;
            }
            let value = match known_keyword(keyword) {
                None => Capability::Other {
                    keyword: EhloWord(Cow::Borrowed(keyword)),
                    params: EhloParams::empty(),
                },
                Some(Known::Simple(c)) => c.capability(),
                Some(Known::Size) => Capability::Size(None),
                Some(_) => {
                    generic(out, k)?;
                    return Some(at + k + 2);
                }
            };
            (value, k)
        }
        b' ' => {
            // `ehlo-param *( SP ehlo-param )` up to the CR.
            let ps = k + 1;
            let mut i = ps;
            let mut prev_sp = true;
            let stop = loop {
                let b = *text.get(i)?;
                if CLASSES[usize::from(b)] & PARAM_CHAR != 0 {
                    prev_sp = false;
                } else if b == b' ' && !prev_sp {
                    prev_sp = true;
                } else {
                    break b;
                }
                i += 1;
            };
            if stop != b'\r' || prev_sp || text.get(i + 1) != Some(&b'\n') || at + i > cr_max {
                return None;
            }
            let params = &text[ps..i];
            let value = match known_keyword(keyword) {
                None => Capability::Other {
                    keyword: EhloWord(Cow::Borrowed(keyword)),
                    params: EhloParams(Cow::Borrowed(params)),
                },
                Some(Known::Size) => Capability::Size(Some(size_number(params)?)),
                Some(Known::Auth) => {
                    if !sasl_mechs(params) {
                        return None;
                    }
                    Capability::Auth(EhloParams(Cow::Borrowed(params)))
                }
                Some(_) => {
                    generic(out, i)?;
                    return Some(at + i + 2);
                }
            };
            (value, i)
        }
        _ => {
            // `AUTH=`, a legacy `KEYWORD=value`, or a line to refuse.
            let cr = memchr::memchr2(b'\r', b'\n', text)?;
            if text.get(cr + 1) != Some(&b'\n') || text[cr] != b'\r' || at + cr > cr_max {
                return None;
            }
            generic(out, cr)?;
            return Some(at + cr + 2);
        }
    };
    // One push for every shape read here, so that it is inlined once.
    out.push(value);
    Some(at + end + 2)
}

/// [`capability`] in strict mode for [`fast_capability`]'s rarer shapes; kept out of line so
/// that the fast path has a single `push`, which the compiler then inlines (writing the
/// capability straight into the vector instead of copying it from the stack).
#[inline(never)]
fn slow_capability<'a>(out: &mut Vec<Capability<'a>>, line: &'a [u8]) -> Option<()> {
    capability(out, &Cow::Borrowed(line), 0, false).ok()
}

/// [`number`] for [`fast_capability`]: up to 19 digits (which cannot overflow `u64`) are
/// summed without overflow checks; anything longer goes to [`number`].
#[inline(always)]
fn size_number(digits: &[u8]) -> Option<u64> {
    if digits.len() > 19 {
        return number(digits, "").ok();
    }
    let mut n = 0u64;
    for &d in digits {
        let v = d.wrapping_sub(b'0');
        if v > 9 {
            return None;
        }
        n = n * 10 + u64::from(v);
    }
    // `digits` is not empty: the parameter scan needs a byte before the CR.
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_syntax() {
        assert_eq!(keyword_error(b"X-FOO"), None);
        assert_eq!(keyword_error(b"8BITMIME"), None);
        assert_eq!(keyword_error(b"-X"), Some(0));
        assert_eq!(keyword_error(b"X_Y"), Some(1));
        assert_eq!(keyword_error(b""), Some(0));
        assert_eq!(legacy_keyword_error(b"X-EXPS=LOGIN"), None);
        assert_eq!(legacy_keyword_error(b"X-EXPS="), None);
        assert_eq!(legacy_keyword_error(b"=LOGIN"), Some(0));
        assert_eq!(legacy_keyword_error(b"X=\x01"), Some(2));
    }

    /// `scan_keyword` and `scan_keyword_fast` find the same keyword end (first SP) and
    /// first offending byte as `legacy_keyword_error` on every string of up to 4 bytes from an alphabet of the
    /// byte classes that matter.
    #[test]
    fn scan_keyword_agrees_with_the_plain_checks() {
        const ALPHABET: &[u8] = b"aZ7-=_ \x01~\x80";
        let mut text = Vec::new();
        for len in 0..=4u32 {
            for mut n in 0..ALPHABET.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(ALPHABET[n % ALPHABET.len()]);
                    n /= ALPHABET.len();
                }
                let end = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
                let want = (end, legacy_keyword_error(&text[..end]));
                assert_eq!(scan_keyword(&text), want, "{:?}", text.escape_ascii());
                assert_eq!(scan_keyword_fast(&text), want, "{:?}", text.escape_ascii());
            }
        }
    }

    /// The keywords the parser knows, as in the IANA registry.
    const KNOWN: [&[u8]; 36] = [
        b"8BITMIME",
        b"ATRN",
        b"BINARYMIME",
        b"CHECKPOINT",
        b"CHUNKING",
        b"CONNEG",
        b"CONPERM",
        b"DSN",
        b"ENHANCEDSTATUSCODES",
        b"ETRN",
        b"EXPN",
        b"HELP",
        b"MTRK",
        b"ONEX",
        b"PIPELINING",
        b"REQUIRETLS",
        b"RRVS",
        b"SAML",
        b"SEND",
        b"SMTPUTF8",
        b"SOML",
        b"STARTTLS",
        b"SUBMITTER",
        b"TURN",
        b"UTF8SMTP",
        b"VERB",
        b"VRFY",
        b"XUSR",
        b"SIZE",
        b"DELIVERBY",
        b"AUTH",
        b"BURL",
        b"LIMITS",
        b"MT-PRIORITY",
        b"FUTURERELEASE",
        b"NO-SOLICITING",
    ];

    /// Each known keyword is found in any ASCII case, to the capability of that keyword;
    /// changing any one byte of it (to a byte that is not its other case) or its length
    /// makes it unknown, unless the result is another known keyword.
    /// `sasl_mechs` says what splitting at SP and checking each word with `is_sasl_mech`
    /// says, on every string of up to 5 bytes over an alphabet of the classes that matter
    /// (upper, lower, digit, `-`, `_`, another printable byte, SP) without SP at either end
    /// or twice in a row (what the fast path hands it), and on words around 20 bytes.
    #[test]
    fn sasl_mechs_agrees_with_is_sasl_mech() {
        let alphabet = b"Aa1-_.= ";
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        let mut frontier: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for s in &frontier {
                for &b in alphabet {
                    let mut t = s.clone();
                    t.push(b);
                    next.push(t);
                }
            }
            inputs.extend(next.iter().cloned());
            frontier = next;
        }
        for n in [19, 20, 21, 40] {
            inputs.push(vec![b'X'; n]);
            let mut two = b"PLAIN ".to_vec();
            two.extend(std::iter::repeat_n(b'Y', n));
            inputs.push(two);
        }
        let mut checked = 0;
        for s in inputs {
            let fast_path_shape = !s.is_empty()
                && s[0] != b' '
                && s[s.len() - 1] != b' '
                && !s.windows(2).any(|w| w == b"  ");
            if !fast_path_shape {
                continue;
            }
            let plain = s.split(|&b| b == b' ').all(is_sasl_mech);
            assert_eq!(sasl_mechs(&s), plain, "{:?}", s.escape_ascii().to_string());
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn known_keywords_in_any_case() {
        let keyword_of = |k: Known| -> Vec<u8> {
            let kw: &[u8] = match k {
                Known::Simple(c) => return c.capability().keyword().to_vec(),
                Known::Size => b"SIZE",
                Known::DeliverBy => b"DELIVERBY",
                Known::Auth => b"AUTH",
                Known::Burl => b"BURL",
                Known::Limits => b"LIMITS",
                Known::MtPriority => b"MT-PRIORITY",
                Known::FutureRelease => b"FUTURERELEASE",
                Known::NoSoliciting => b"NO-SOLICITING",
            };
            kw.to_vec()
        };
        let is_known = |w: &[u8]| KNOWN.iter().any(|k| k.eq_ignore_ascii_case(w));
        for kw in KNOWN {
            let lower = kw.to_ascii_lowercase();
            // Alternate cases by position parity, both ways.
            let mixed: Vec<u8> = kw
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    if i % 2 == 0 {
                        b.to_ascii_lowercase()
                    } else {
                        *b
                    }
                })
                .collect();
            for variant in [kw, &lower[..], &mixed[..]] {
                let found = known_keyword(variant).map(keyword_of);
                assert_eq!(found.as_deref(), Some(kw), "{:?}", variant.escape_ascii());
            }
            for i in 0..kw.len() {
                for b in [
                    0u8, b'-', b'0', b'9', b'=', b'@', b'[', b'`', b'{', 0x7F, 0xC1, 0xE1,
                ] {
                    let mut w = kw.to_vec();
                    if w[i].eq_ignore_ascii_case(&b) {
                        continue;
                    }
                    w[i] = b;
                    let want = is_known(&w).then_some(());
                    assert_eq!(
                        known_keyword(&w).map(|_| ()),
                        want,
                        "{:?}",
                        w.escape_ascii()
                    );
                }
            }
            for extra in [&b"X"[..], b"\0", b"S"] {
                let longer = [kw, extra].concat();
                assert_eq!(known_keyword(&longer).is_some(), is_known(&longer));
            }
            assert_eq!(
                known_keyword(&kw[..kw.len() - 1]).is_some(),
                is_known(&kw[..kw.len() - 1])
            );
        }
        assert_eq!(known_keyword(b""), None);
        assert_eq!(known_keyword(b"X-UNKNOWN-EXTENSION"), None);
    }

    #[test]
    fn params_syntax() {
        assert_eq!(params_error(b"a b"), None);
        assert_eq!(params_error(b""), Some(0));
        assert_eq!(params_error(b"a  b"), Some(2));
        assert_eq!(params_error(b"a "), Some(2));
        assert_eq!(params_error(b" a"), Some(0));
        assert_eq!(params_error(b"a\tb"), Some(1));
    }

    #[test]
    fn date_time_shape() {
        assert!(is_date_time(b"2024-02-29T12:00:00Z"));
        assert!(is_date_time(b"2024-02-29t12:00:00.25+01:00"));
        assert!(!is_date_time(b"2024-02-29T12:00:00"));
        assert!(!is_date_time(b"2024-02-29T12:00:00.Z"));
        assert!(!is_date_time(b"2024-02-29 12:00:00Z"));
        assert!(!is_date_time(b"2024-02-29T12:00:00Zx"));
    }

    #[test]
    fn word_offsets() {
        let v: Vec<_> = words(b"a  bc d").collect();
        assert_eq!(v, [(0, &b"a"[..]), (3, b"bc"), (6, b"d")]);
    }

    #[test]
    fn numbers() {
        assert_eq!(number(b"18446744073709551615", "n"), Ok(u64::MAX));
        assert_eq!(
            number(b"18446744073709551616", "n"),
            Err((0, ErrorKind::NumberOverflow))
        );
        assert!(number(b"1a", "n").is_err());
    }
}
