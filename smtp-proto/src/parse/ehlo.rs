//! EHLO reply parser: [`EhloReply::parse`] and [`EhloReply::from_reply`].
//!
//! RFC 5321 §4.1.1.1 `ehlo-ok-rsp` (the grammar, the keywords covered and what each mode
//! accepts are in [`crate::types::ehlo`]). Parsing a borrowed reply borrows every keyword
//! and parameter; the only allocation is the capability `Vec` (plus the reply's line `Vec`
//! for [`EhloReply::parse`]).
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

use std::borrow::Cow;

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
        if b == b' ' {
            if prev_sp {
                return Some(i);
            }
            prev_sp = true;
        } else if (33..=126).contains(&b) {
            prev_sp = false;
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

/// A known keyword without parameters.
fn simple(keyword: &[u8]) -> Option<Capability<'static>> {
    use Capability as C;
    Some(match keyword {
        b"8BITMIME" => C::EightBitMime,
        b"ATRN" => C::Atrn,
        b"BINARYMIME" => C::BinaryMime,
        b"CHECKPOINT" => C::Checkpoint,
        b"CHUNKING" => C::Chunking,
        b"CONNEG" => C::ConNeg,
        b"CONPERM" => C::ConPerm,
        b"DSN" => C::Dsn,
        b"ENHANCEDSTATUSCODES" => C::EnhancedStatusCodes,
        b"ETRN" => C::Etrn,
        b"EXPN" => C::Expn,
        b"HELP" => C::Help,
        b"MTRK" => C::Mtrk,
        b"ONEX" => C::Onex,
        b"PIPELINING" => C::Pipelining,
        b"REQUIRETLS" => C::RequireTls,
        b"RRVS" => C::Rrvs,
        b"SAML" => C::Saml,
        b"SEND" => C::Send,
        b"SMTPUTF8" => C::SmtpUtf8,
        b"SOML" => C::Soml,
        b"STARTTLS" => C::StartTls,
        b"SUBMITTER" => C::Submitter,
        b"TURN" => C::Turn,
        b"UTF8SMTP" => C::Utf8Smtp,
        b"VERB" => C::Verb,
        b"VRFY" => C::Vrfy,
        b"XUSR" => C::Xusr,
        _ => return None,
    })
}

type Fail = (usize, ErrorKind);

const fn expected(at: usize, expected: &'static str) -> Fail {
    (at, ErrorKind::Expected { expected })
}

/// The typed capability for `keyword` with parameter text `line[ps..]` (`None` for an
/// unknown keyword); offsets in errors are relative to `ps`.
fn typed<'a>(
    keyword: &[u8],
    line: &Cow<'a, [u8]>,
    ps: usize,
    lenient: bool,
) -> Result<Option<Capability<'a>>, Fail> {
    let raw = &line[ps.min(line.len())..];
    let params = || EhloParams(sub(line, ps.min(line.len()), line.len()));
    let word = |start: usize, w: &[u8]| EhloWord(sub(line, ps + start, ps + start + w.len()));
    let mut ws = words(raw);
    let (first, second) = (ws.next(), ws.next());
    let at_most_one = |what| match second {
        Some((at, _)) => Err(expected(at, what)),
        None => Ok(()),
    };
    let Some((buf, len)) = upper(keyword).filter(|_| !keyword.contains(&b'=')) else {
        return Ok(None);
    };
    let keyword = &buf[..len];
    if let Some(c) = simple(keyword) {
        return match first {
            Some((at, _)) => Err(expected(at, "no parameters after this EHLO keyword")),
            None => Ok(Some(c)),
        };
    }
    Ok(Some(match keyword {
        b"SIZE" => {
            at_most_one("at most one SIZE parameter")?;
            let n = first
                .map(|(at, w)| number(w, "SIZE number").map_err(|(_, k)| (at, k)))
                .transpose()?;
            Capability::Size(n)
        }
        b"DELIVERBY" => {
            at_most_one("at most one DELIVERBY parameter")?;
            let n = first
                .map(|(at, w)| number(w, "DELIVERBY min-by-time").map_err(|(_, k)| (at, k)))
                .transpose()?;
            Capability::DeliverBy(n)
        }
        b"AUTH" => {
            if !lenient {
                match first {
                    None => return Err(expected(raw.len(), "SASL mechanism")),
                    Some(_) => {
                        if let Some((at, _)) = words(raw).find(|(_, w)| !is_sasl_mech(w)) {
                            return Err(expected(at, "SASL mechanism"));
                        }
                    }
                }
            }
            Capability::Auth(params())
        }
        b"BURL" => Capability::Burl(params()),
        b"LIMITS" => {
            if first.is_none() {
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
        b"MT-PRIORITY" => {
            at_most_one("at most one MT-PRIORITY profile")?;
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
        b"FUTURERELEASE" => {
            let (Some((iat, interval)), Some((dat, date))) = (first, second) else {
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
        b"NO-SOLICITING" => {
            at_most_one("at most one NO-SOLICITING parameter")?;
            Capability::NoSoliciting(first.map(|(at, w)| word(at, w)))
        }
        _ => return Ok(None),
    }))
}

/// One capability line; `None` for an empty line in lenient mode.
fn capability<'a>(
    line: &Cow<'a, [u8]>,
    base: usize,
    lenient: bool,
) -> Result<Option<Capability<'a>>, Error> {
    let text: &[u8] = line;
    let err = |at: usize, kind: ErrorKind| Error::new(base + at, kind);
    let s = if lenient {
        match text.iter().position(|&b| b != b' ') {
            Some(s) => s,
            None => return Ok(None),
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
        return Ok(Some(Capability::AuthLegacy(EhloParams(sub(
            line,
            ps,
            text.len(),
        )))));
    }
    let kw_end = memchr::memchr(b' ', rest).map_or(text.len(), |i| s + i);
    let keyword = &text[s..kw_end];
    let ps = (kw_end + 1).min(text.len());
    if !lenient {
        if let Some(at) = legacy_keyword_error(keyword) {
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
    match typed(keyword, line, ps, lenient) {
        Ok(Some(c)) => Ok(Some(c)),
        Ok(None) => Ok(Some(other())),
        Err(_) if lenient => Ok(Some(other())),
        Err((at, kind)) => Err(err(ps + at, kind)),
    }
}

impl<'a> EhloReply<'a> {
    /// The capabilities of a reply to EHLO (or LHLO).
    ///
    /// RFC 5321 §4.1.1.1 `ehlo-ok-rsp`; see [`crate::types::ehlo`] for what strict and
    /// lenient mode accept. Text borrowed by `reply` stays borrowed.
    pub fn from_reply(reply: &Reply<'a>, opts: &ParserOptions) -> Result<Self, Error> {
        let lenient = opts.is_lenient();
        if reply.code() != ReplyCode::OK {
            return Err(Error::new(
                0,
                ErrorKind::Expected {
                    expected: "250 reply to EHLO",
                },
            ));
        }
        let lines = reply.cow_lines();
        let (first, rest) = lines.split_first().ok_or(Error::new(
            0,
            ErrorKind::Expected {
                expected: "250 reply to EHLO",
            },
        ))?;
        let text: &[u8] = first;
        let (domain, greeting) = match memchr::memchr(b' ', text) {
            Some(sp) => (sub(first, 0, sp), Some(sub(first, sp + 1, text.len()))),
            None => (sub(first, 0, text.len()), None),
        };
        if domain.is_empty() && !lenient {
            return Err(Error::new(4, ErrorKind::Expected { expected: "domain" }));
        }
        let mut capabilities = Vec::with_capacity(rest.len());
        // Each earlier line is a continuation: code, "-", text, CRLF (4 + len + 2 bytes);
        // a capability's text starts after its own code and separator (4 more).
        let mut base = text.len().saturating_add(10);
        for line in rest {
            if let Some(c) = capability(line, base, lenient)? {
                capabilities.push(c);
            }
            base = base.saturating_add(line.len() + 6);
        }
        Ok(Self {
            domain,
            greeting,
            capabilities,
        })
    }

    /// An EHLO reply at the start of `input`: [`Reply::parse`] then
    /// [`EhloReply::from_reply`]. Error offsets are offsets in `input`.
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        Ok(match Reply::parse(input, opts)? {
            Status::Complete { value, consumed } => Status::Complete {
                value: Self::from_reply(&value, opts)?,
                consumed,
            },
            Status::Incomplete => Status::Incomplete,
        })
    }
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
