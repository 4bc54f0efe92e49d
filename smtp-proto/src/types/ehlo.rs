//! EHLO (and LMTP LHLO) replies as a typed capability list: [`EhloReply`], [`Capability`].
//!
//! RFC 5321 §4.1.1.1:
//!
//! ```text
//! ehlo-ok-rsp  = ( "250" SP Domain [ SP ehlo-greet ] CRLF )
//!                / ( "250-" Domain [ SP ehlo-greet ] CRLF
//!                    *( "250-" ehlo-line CRLF )
//!                    "250" SP ehlo-line CRLF )
//! ehlo-line    = ehlo-keyword *( SP ehlo-param )
//! ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//! ehlo-param   = 1*(%d33-126)
//! ```
//!
//! The first line is kept as the domain and the greeting text; each later line becomes one
//! [`Capability`]. Keywords are case-insensitive (RFC 5321 §2.4); known ones re-encode in
//! upper case, unknown ones ([`Capability::Other`]) keep their spelling and parameters.
//!
//! # Keywords covered
//!
//! Every keyword of the IANA "SMTP Service Extensions" registry, plus the legacy forms seen
//! on real servers:
//!
//! | keyword | variant | parameters |
//! |---|---|---|
//! | `8BITMIME` (RFC 6152) | [`Capability::EightBitMime`] | |
//! | `ATRN` (RFC 2645) | [`Capability::Atrn`] | |
//! | `AUTH` (RFC 4954) | [`Capability::Auth`] | SASL mechanisms |
//! | `AUTH=` (pre-RFC 2554 drafts, still sent) | [`Capability::AuthLegacy`] | SASL mechanisms |
//! | `BINARYMIME` (RFC 3030) | [`Capability::BinaryMime`] | |
//! | `BURL` (RFC 4468) | [`Capability::Burl`] | URL types (`imap`) |
//! | `CHECKPOINT` (RFC 1845) | [`Capability::Checkpoint`] | |
//! | `CHUNKING` (RFC 3030) | [`Capability::Chunking`] | |
//! | `CONNEG` (RFC 4141) | [`Capability::ConNeg`] | |
//! | `CONPERM` (RFC 4141) | [`Capability::ConPerm`] | |
//! | `DELIVERBY` (RFC 2852) | [`Capability::DeliverBy`] | optional min-by-time |
//! | `DSN` (RFC 3461) | [`Capability::Dsn`] | |
//! | `ENHANCEDSTATUSCODES` (RFC 2034) | [`Capability::EnhancedStatusCodes`] | |
//! | `ETRN` (RFC 1985) | [`Capability::Etrn`] | |
//! | `EXPN` (RFC 5321) | [`Capability::Expn`] | |
//! | `FUTURERELEASE` (RFC 4865) | [`Capability::FutureRelease`] | max interval, max date-time |
//! | `HELP` (RFC 5321) | [`Capability::Help`] | |
//! | `LIMITS` (RFC 9422) | [`Capability::Limits`] | `RCPTMAX=`, `MAILMAX=`, `RCPTDOMAINMAX=`, others kept |
//! | `MT-PRIORITY` (RFC 6710) | [`Capability::MtPriority`] | optional profile |
//! | `MTRK` (RFC 3885) | [`Capability::Mtrk`] | |
//! | `NO-SOLICITING` (RFC 3865) | [`Capability::NoSoliciting`] | optional keyword list |
//! | `ONEX` (sendmail) | [`Capability::Onex`] | |
//! | `PIPELINING` (RFC 2920) | [`Capability::Pipelining`] | |
//! | `REQUIRETLS` (RFC 8689) | [`Capability::RequireTls`] | |
//! | `RRVS` (RFC 7293) | [`Capability::Rrvs`] | |
//! | `SAML`, `SEND`, `SOML`, `TURN` (RFC 821) | [`Capability::Saml`], … | |
//! | `SIZE` (RFC 1870) | [`Capability::Size`] | optional maximum size |
//! | `SMTPUTF8` (RFC 6531) | [`Capability::SmtpUtf8`] | |
//! | `STARTTLS` (RFC 3207) | [`Capability::StartTls`] | |
//! | `SUBMITTER` (RFC 4405) | [`Capability::Submitter`] | |
//! | `UTF8SMTP` (RFC 5336, historic) | [`Capability::Utf8Smtp`] | |
//! | `VERB` (sendmail) | [`Capability::Verb`] | |
//! | `VRFY` (RFC 5321 §2.2.2 allows listing it) | [`Capability::Vrfy`] | |
//! | `XUSR` (legacy, Microsoft) | [`Capability::Xusr`] | |
//! | anything else, including the legacy `KEYWORD=param` form (`X-EXPS=LOGIN`) | [`Capability::Other`] | kept verbatim |
//!
//! # Strict and lenient
//!
//! Strict mode (the default) refuses a reply whose code is not 250, an empty domain, a
//! keyword outside the `ehlo-keyword` syntax, parameters that are not single-SP-separated
//! `ehlo-param`s, and a known keyword whose parameters do not follow its RFC (for example
//! `SIZE abc`, `SIZE` with a number that overflows `u64`, `PIPELINING x`). Lenient mode keeps
//! such lines as [`Capability::Other`], accepts any byte but SP in a keyword, and drops empty
//! lines. `AUTH=…` and other legacy `KEYWORD=param` lines (`ehlo-keyword "=" *(%d33-126)`,
//! sent by Microsoft Exchange) are accepted in both modes.
//!
//! ```
//! use smtp_proto::types::ehlo::{Capability, EhloReply, Limit};
//! use smtp_proto::{ParserOptions, Status};
//!
//! let input = b"250-mx.example.org at your service\r\n250-SIZE 35882577\r\n\
//!               250-AUTH LOGIN PLAIN XOAUTH2\r\n250-LIMITS RCPTMAX=100 MAILMAX=10\r\n\
//!               250-X-FOO bar\r\n250 PIPELINING\r\n";
//! let Status::Complete { value: ehlo, consumed } = EhloReply::parse(input, &ParserOptions::default()).unwrap()
//! else { panic!() };
//! assert_eq!(consumed, input.len());
//! assert_eq!(ehlo.domain(), b"mx.example.org");
//! assert_eq!(ehlo.greeting(), Some(&b"at your service"[..]));
//! assert_eq!(ehlo.max_size(), Some(35882577));
//! assert!(ehlo.auth_mechanisms().any(|m| m == b"XOAUTH2"));
//! assert_eq!(ehlo.limits().unwrap().iter().next(), Some(Limit::RcptMax(100)));
//! assert!(ehlo.has("pipelining"));
//! assert!(matches!(&ehlo.capabilities()[3], Capability::Other { keyword, .. } if keyword.as_bytes() == b"X-FOO"));
//! // Re-encodes to the same bytes.
//! assert_eq!(ehlo.to_bytes(), input);
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::types::reply::{IntoText, ReplyValueError};

fn escaped(bytes: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "\"{}\"", bytes.escape_ascii())
}

fn owned(c: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(c.into_owned())
}

/// One word of an EHLO line: a keyword or one parameter. Never empty; never SP, CR or LF.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EhloWord<'a>(pub(crate) Cow<'a, [u8]>);

impl<'a> EhloWord<'a> {
    /// A word: non-empty, without SP, CR or LF.
    pub fn new(word: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let word = word.into_text();
        if word.is_empty() || word.iter().any(|b| matches!(b, b' ' | b'\r' | b'\n')) {
            return Err(ReplyValueError::InvalidEhlo { what: "word" });
        }
        Ok(Self(word))
    }

    /// The bytes of the word.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same word owning its bytes.
    pub fn into_owned(self) -> EhloWord<'static> {
        EhloWord(owned(self.0))
    }
}

impl fmt::Debug for EhloWord<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escaped(&self.0, f)
    }
}

/// The parameters of an EHLO line after the keyword and its SP, kept as they arrived (so
/// they re-encode unchanged). Never CR or LF. [`EhloParams::iter`] yields the words.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct EhloParams<'a>(pub(crate) Cow<'a, [u8]>);

impl<'a> EhloParams<'a> {
    /// No parameters.
    pub const fn empty() -> Self {
        Self(Cow::Borrowed(&[]))
    }

    /// Parameters as raw text (without the SP after the keyword); refuses CR and LF.
    pub fn new(raw: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let raw = raw.into_text();
        if memchr::memchr2(b'\r', b'\n', &raw).is_some() {
            return Err(ReplyValueError::InvalidEhlo { what: "parameters" });
        }
        Ok(Self(raw))
    }

    /// Parameters from words, joined with single spaces.
    pub fn from_words<I, T>(words: I) -> Result<EhloParams<'static>, ReplyValueError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut raw = Vec::new();
        for word in words {
            let word = word.as_ref();
            EhloWord::new(word)?;
            if !raw.is_empty() {
                raw.push(b' ');
            }
            raw.extend_from_slice(word);
        }
        Ok(EhloParams(Cow::Owned(raw)))
    }

    /// The raw parameter text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// True when there is no parameter text at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The words (split on SP; runs of SP count as one separator).
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.0.split(|&b| b == b' ').filter(|w| !w.is_empty())
    }

    /// The same parameters owning their bytes.
    pub fn into_owned(self) -> EhloParams<'static> {
        EhloParams(owned(self.0))
    }
}

impl fmt::Debug for EhloParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escaped(&self.0, f)
    }
}

/// One limit of the LIMITS extension (RFC 9422 §3):
///
/// ```text
/// limit-name-value = limit-name ["=" limit-value]
/// limit-name       = 1*(ALPHA / DIGIT / "-" / "_")
/// limit-value      = 1*(%x21-3A / %x3C-7E)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit<'a> {
    /// `RCPTMAX=n` (RFC 9422 §4.2): most RCPT commands per transaction.
    RcptMax(u64),
    /// `MAILMAX=n` (RFC 9422 §4.1): most transactions per session.
    MailMax(u64),
    /// `RCPTDOMAINMAX=n` (RFC 9422 §4.3): most recipient domains per transaction.
    RcptDomainMax(u64),
    /// Any other limit, or a known name whose value is not a number (kept as sent).
    Other {
        /// The limit name.
        name: &'a [u8],
        /// The value after `=`, if any.
        value: Option<&'a [u8]>,
    },
}

impl<'a> Limit<'a> {
    /// Classifies one `limit-name-value` word.
    pub(crate) fn from_word(word: &'a [u8]) -> Self {
        let (name, value) = match memchr::memchr(b'=', word) {
            Some(eq) => (&word[..eq], Some(&word[eq + 1..])),
            None => (word, None),
        };
        let number = value.and_then(parse_u64);
        match number {
            Some(n) if name.eq_ignore_ascii_case(b"RCPTMAX") => Self::RcptMax(n),
            Some(n) if name.eq_ignore_ascii_case(b"MAILMAX") => Self::MailMax(n),
            Some(n) if name.eq_ignore_ascii_case(b"RCPTDOMAINMAX") => Self::RcptDomainMax(n),
            _ => Self::Other { name, value },
        }
    }
}

/// `1*DIGIT` as a `u64`; `None` for anything else or on overflow.
pub(crate) fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u64, |n, &d| {
        if d.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        } else {
            None
        }
    })
}

pub(crate) fn is_limit_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub(crate) fn is_limit_value(value: &[u8]) -> bool {
    !value.is_empty()
        && value
            .iter()
            .all(|&b| (0x21..=0x7e).contains(&b) && b != b';')
}

/// The parameter of `LIMITS` (RFC 9422): one or more limits, kept as sent. Never empty,
/// never CR or LF.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Limits<'a>(Cow<'a, [u8]>);

impl<'a> Limits<'a> {
    /// Limits from raw parameter text: at least one word; no CR or LF.
    pub fn new(raw: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let raw = raw.into_text();
        if memchr::memchr2(b'\r', b'\n', &raw).is_some() || raw.iter().all(|&b| b == b' ') {
            return Err(ReplyValueError::InvalidEhlo { what: "limits" });
        }
        Ok(Self(raw))
    }

    /// Limits from typed values (at least one), encoded per RFC 9422 §3.
    pub fn from_limits<'l>(
        limits: impl IntoIterator<Item = Limit<'l>>,
    ) -> Result<Limits<'static>, ReplyValueError> {
        let mut raw = Vec::new();
        for limit in limits {
            if !raw.is_empty() {
                raw.push(b' ');
            }
            let (name, number, value): (&[u8], Option<u64>, Option<&[u8]>) = match limit {
                Limit::RcptMax(n) => (b"RCPTMAX", Some(n), None),
                Limit::MailMax(n) => (b"MAILMAX", Some(n), None),
                Limit::RcptDomainMax(n) => (b"RCPTDOMAINMAX", Some(n), None),
                Limit::Other { name, value } => (name, None, value),
            };
            if !is_limit_name(name) || value.is_some_and(|v| !is_limit_value(v)) {
                return Err(ReplyValueError::InvalidEhlo { what: "limit" });
            }
            raw.extend_from_slice(name);
            if let Some(n) = number {
                raw.push(b'=');
                raw.extend_from_slice(n.to_string().as_bytes());
            } else if let Some(v) = value {
                raw.push(b'=');
                raw.extend_from_slice(v);
            }
        }
        Limits::new(raw)
    }

    /// The limits, in the order sent.
    pub fn iter(&self) -> impl Iterator<Item = Limit<'_>> {
        self.0
            .split(|&b| b == b' ')
            .filter(|w| !w.is_empty())
            .map(Limit::from_word)
    }

    /// `RCPTMAX`, if present with a number.
    pub fn rcpt_max(&self) -> Option<u64> {
        self.iter().find_map(|l| match l {
            Limit::RcptMax(n) => Some(n),
            _ => None,
        })
    }

    /// `MAILMAX`, if present with a number.
    pub fn mail_max(&self) -> Option<u64> {
        self.iter().find_map(|l| match l {
            Limit::MailMax(n) => Some(n),
            _ => None,
        })
    }

    /// `RCPTDOMAINMAX`, if present with a number.
    pub fn rcpt_domain_max(&self) -> Option<u64> {
        self.iter().find_map(|l| match l {
            Limit::RcptDomainMax(n) => Some(n),
            _ => None,
        })
    }

    /// The raw parameter text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same limits owning their bytes.
    pub fn into_owned(self) -> Limits<'static> {
        Limits(owned(self.0))
    }
}

impl fmt::Debug for Limits<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A priority assignment policy of MT-PRIORITY (RFC 6710 §9.2, IANA "SMTP PRIORITY
/// Extension Priority Assignment Policy").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PriorityProfile<'a> {
    /// `MIXER` (RFC 6710 Appendix A).
    Mixer,
    /// `STANAG4406` (RFC 6710 Appendix B).
    Stanag4406,
    /// `NSEP` (RFC 6710 Appendix C).
    Nsep,
    /// Any other profile name (kept as sent).
    Other(EhloWord<'a>),
}

impl PriorityProfile<'_> {
    /// The profile name as sent on the wire.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Mixer => b"MIXER",
            Self::Stanag4406 => b"STANAG4406",
            Self::Nsep => b"NSEP",
            Self::Other(w) => w.as_bytes(),
        }
    }

    /// The same profile owning its bytes.
    pub fn into_owned(self) -> PriorityProfile<'static> {
        match self {
            Self::Mixer => PriorityProfile::Mixer,
            Self::Stanag4406 => PriorityProfile::Stanag4406,
            Self::Nsep => PriorityProfile::Nsep,
            Self::Other(w) => PriorityProfile::Other(w.into_owned()),
        }
    }
}

/// One line of an EHLO reply after the first: a service extension the server offers.
///
/// See the [module documentation](self) for the table of keywords.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `8BITMIME` (RFC 6152).
    EightBitMime,
    /// `ATRN` (RFC 2645).
    Atrn,
    /// `AUTH mech…` (RFC 4954 §3): the SASL mechanisms offered.
    Auth(EhloParams<'a>),
    /// `AUTH=mech…`: the pre-standard form some servers still send beside or instead of
    /// `AUTH` (kept apart so it re-encodes unchanged).
    AuthLegacy(EhloParams<'a>),
    /// `BINARYMIME` (RFC 3030).
    BinaryMime,
    /// `BURL [url-type…]` (RFC 4468 §3): `imap` when URLAUTH IMAP URLs are supported.
    Burl(EhloParams<'a>),
    /// `CHECKPOINT` (RFC 1845).
    Checkpoint,
    /// `CHUNKING` (RFC 3030).
    Chunking,
    /// `CONNEG` (RFC 4141).
    ConNeg,
    /// `CONPERM` (RFC 4141).
    ConPerm,
    /// `DELIVERBY [min-by-time]` (RFC 2852 §4): the minimum by-time in seconds, if given.
    DeliverBy(Option<u64>),
    /// `DSN` (RFC 3461).
    Dsn,
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    EnhancedStatusCodes,
    /// `ETRN` (RFC 1985).
    Etrn,
    /// `EXPN` (RFC 5321).
    Expn,
    /// `FUTURERELEASE max-interval max-date-time` (RFC 4865 §3).
    FutureRelease {
        /// Longest hold, in seconds (`max-future-release-interval`).
        max_interval: u64,
        /// Latest release time (`max-future-release-date-time`, an RFC 3339 date-time).
        max_date_time: EhloWord<'a>,
    },
    /// `HELP` (RFC 5321).
    Help,
    /// `LIMITS limit…` (RFC 9422).
    Limits(Limits<'a>),
    /// `MT-PRIORITY [profile]` (RFC 6710 §3).
    MtPriority(Option<PriorityProfile<'a>>),
    /// `MTRK` (RFC 3885).
    Mtrk,
    /// `NO-SOLICITING [keywords]` (RFC 3865 §2): the comma-separated solicitation keywords.
    NoSoliciting(Option<EhloWord<'a>>),
    /// `ONEX` (sendmail: one message transaction only).
    Onex,
    /// `PIPELINING` (RFC 2920).
    Pipelining,
    /// `REQUIRETLS` (RFC 8689).
    RequireTls,
    /// `RRVS` (RFC 7293).
    Rrvs,
    /// `SAML` (RFC 821).
    Saml,
    /// `SEND` (RFC 821).
    Send,
    /// `SIZE [n]` (RFC 1870 §4): the largest message accepted, if given (0 = no limit).
    Size(Option<u64>),
    /// `SMTPUTF8` (RFC 6531).
    SmtpUtf8,
    /// `SOML` (RFC 821).
    Soml,
    /// `STARTTLS` (RFC 3207).
    StartTls,
    /// `SUBMITTER` (RFC 4405).
    Submitter,
    /// `TURN` (RFC 821).
    Turn,
    /// `UTF8SMTP` (RFC 5336, historic).
    Utf8Smtp,
    /// `VERB` (sendmail: verbose).
    Verb,
    /// `VRFY` (RFC 5321).
    Vrfy,
    /// `XUSR` (legacy Microsoft extension).
    Xusr,
    /// Any other keyword, or (lenient mode) a known keyword with parameters its RFC does
    /// not allow; keyword and parameters re-encode unchanged.
    Other {
        /// The keyword as sent.
        keyword: EhloWord<'a>,
        /// The parameters as sent.
        params: EhloParams<'a>,
    },
}

impl Capability<'_> {
    /// The keyword as encoded (upper case for known keywords; `AUTH=` for
    /// [`Capability::AuthLegacy`]).
    pub fn keyword(&self) -> &[u8] {
        match self {
            Self::EightBitMime => b"8BITMIME",
            Self::Atrn => b"ATRN",
            Self::Auth(_) => b"AUTH",
            Self::AuthLegacy(_) => b"AUTH=",
            Self::BinaryMime => b"BINARYMIME",
            Self::Burl(_) => b"BURL",
            Self::Checkpoint => b"CHECKPOINT",
            Self::Chunking => b"CHUNKING",
            Self::ConNeg => b"CONNEG",
            Self::ConPerm => b"CONPERM",
            Self::DeliverBy(_) => b"DELIVERBY",
            Self::Dsn => b"DSN",
            Self::EnhancedStatusCodes => b"ENHANCEDSTATUSCODES",
            Self::Etrn => b"ETRN",
            Self::Expn => b"EXPN",
            Self::FutureRelease { .. } => b"FUTURERELEASE",
            Self::Help => b"HELP",
            Self::Limits(_) => b"LIMITS",
            Self::MtPriority(_) => b"MT-PRIORITY",
            Self::Mtrk => b"MTRK",
            Self::NoSoliciting(_) => b"NO-SOLICITING",
            Self::Onex => b"ONEX",
            Self::Pipelining => b"PIPELINING",
            Self::RequireTls => b"REQUIRETLS",
            Self::Rrvs => b"RRVS",
            Self::Saml => b"SAML",
            Self::Send => b"SEND",
            Self::Size(_) => b"SIZE",
            Self::SmtpUtf8 => b"SMTPUTF8",
            Self::Soml => b"SOML",
            Self::StartTls => b"STARTTLS",
            Self::Submitter => b"SUBMITTER",
            Self::Turn => b"TURN",
            Self::Utf8Smtp => b"UTF8SMTP",
            Self::Verb => b"VERB",
            Self::Vrfy => b"VRFY",
            Self::Xusr => b"XUSR",
            Self::Other { keyword, .. } => keyword.as_bytes(),
        }
    }

    /// The same capability owning its bytes.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Self::Auth(p) => Capability::Auth(p.into_owned()),
            Self::AuthLegacy(p) => Capability::AuthLegacy(p.into_owned()),
            Self::Burl(p) => Capability::Burl(p.into_owned()),
            Self::FutureRelease {
                max_interval,
                max_date_time,
            } => Capability::FutureRelease {
                max_interval,
                max_date_time: max_date_time.into_owned(),
            },
            Self::Limits(l) => Capability::Limits(l.into_owned()),
            Self::MtPriority(p) => Capability::MtPriority(p.map(PriorityProfile::into_owned)),
            Self::NoSoliciting(w) => Capability::NoSoliciting(w.map(EhloWord::into_owned)),
            Self::Other { keyword, params } => Capability::Other {
                keyword: keyword.into_owned(),
                params: params.into_owned(),
            },
            Self::EightBitMime => Capability::EightBitMime,
            Self::Atrn => Capability::Atrn,
            Self::BinaryMime => Capability::BinaryMime,
            Self::Checkpoint => Capability::Checkpoint,
            Self::Chunking => Capability::Chunking,
            Self::ConNeg => Capability::ConNeg,
            Self::ConPerm => Capability::ConPerm,
            Self::DeliverBy(n) => Capability::DeliverBy(n),
            Self::Dsn => Capability::Dsn,
            Self::EnhancedStatusCodes => Capability::EnhancedStatusCodes,
            Self::Etrn => Capability::Etrn,
            Self::Expn => Capability::Expn,
            Self::Help => Capability::Help,
            Self::Mtrk => Capability::Mtrk,
            Self::Onex => Capability::Onex,
            Self::Pipelining => Capability::Pipelining,
            Self::RequireTls => Capability::RequireTls,
            Self::Rrvs => Capability::Rrvs,
            Self::Saml => Capability::Saml,
            Self::Send => Capability::Send,
            Self::Size(n) => Capability::Size(n),
            Self::SmtpUtf8 => Capability::SmtpUtf8,
            Self::Soml => Capability::Soml,
            Self::StartTls => Capability::StartTls,
            Self::Submitter => Capability::Submitter,
            Self::Turn => Capability::Turn,
            Self::Utf8Smtp => Capability::Utf8Smtp,
            Self::Verb => Capability::Verb,
            Self::Vrfy => Capability::Vrfy,
            Self::Xusr => Capability::Xusr,
        }
    }
}

/// A parsed EHLO (or LHLO) reply: the server's domain, its greeting text and the
/// capabilities in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EhloReply<'a> {
    pub(crate) domain: Cow<'a, [u8]>,
    pub(crate) greeting: Option<Cow<'a, [u8]>>,
    pub(crate) capabilities: Vec<Capability<'a>>,
}

impl<'a> EhloReply<'a> {
    /// An EHLO reply. The domain must not contain SP, CR or LF (it may be empty only to
    /// represent what lenient parsing accepted); the greeting must not contain CR or LF.
    pub fn new<D: IntoText<'a>, G: IntoText<'a>>(
        domain: D,
        greeting: Option<G>,
        capabilities: Vec<Capability<'a>>,
    ) -> Result<Self, ReplyValueError> {
        let domain = domain.into_text();
        if domain.iter().any(|b| matches!(b, b' ' | b'\r' | b'\n')) {
            return Err(ReplyValueError::InvalidEhlo { what: "domain" });
        }
        let greeting = greeting.map(IntoText::into_text);
        if greeting
            .as_deref()
            .is_some_and(|g| memchr::memchr2(b'\r', b'\n', g).is_some())
        {
            return Err(ReplyValueError::InvalidEhlo { what: "greeting" });
        }
        Ok(Self {
            domain,
            greeting,
            capabilities,
        })
    }

    /// The domain the server named (first word of the first line).
    pub fn domain(&self) -> &[u8] {
        &self.domain
    }

    /// The rest of the first line after the domain and its SP (`ehlo-greet`), if any.
    pub fn greeting(&self) -> Option<&[u8]> {
        self.greeting.as_deref()
    }

    /// The capabilities, in the order sent.
    pub fn capabilities(&self) -> &[Capability<'a>] {
        &self.capabilities
    }

    /// Adds a capability at the end.
    pub fn push(&mut self, capability: Capability<'a>) {
        self.capabilities.push(capability);
    }

    /// The first capability with this keyword (case-insensitive; `AUTH` also finds `AUTH=`).
    pub fn get(&self, keyword: &str) -> Option<&Capability<'a>> {
        let keyword = keyword.as_bytes();
        self.capabilities.iter().find(|c| {
            let k = c.keyword();
            k.eq_ignore_ascii_case(keyword)
                || (matches!(c, Capability::AuthLegacy(_)) && keyword.eq_ignore_ascii_case(b"AUTH"))
        })
    }

    /// True when a capability with this keyword is present (see [`EhloReply::get`]).
    pub fn has(&self, keyword: &str) -> bool {
        self.get(keyword).is_some()
    }

    /// The SIZE limit when the server gave a non-zero one (RFC 1870 §4: 0 means none).
    pub fn max_size(&self) -> Option<u64> {
        self.capabilities.iter().find_map(|c| match c {
            Capability::Size(Some(n)) if *n > 0 => Some(*n),
            _ => None,
        })
    }

    /// The SASL mechanisms of every `AUTH` and `AUTH=` line, in order (duplicates kept).
    pub fn auth_mechanisms(&self) -> impl Iterator<Item = &[u8]> {
        self.capabilities
            .iter()
            .filter_map(|c| match c {
                Capability::Auth(p) | Capability::AuthLegacy(p) => Some(p),
                _ => None,
            })
            .flat_map(EhloParams::iter)
    }

    /// The LIMITS parameter, if present.
    pub fn limits(&self) -> Option<&Limits<'a>> {
        self.capabilities.iter().find_map(|c| match c {
            Capability::Limits(l) => Some(l),
            _ => None,
        })
    }

    /// The same reply owning its bytes.
    pub fn into_owned(self) -> EhloReply<'static> {
        EhloReply {
            domain: owned(self.domain),
            greeting: self.greeting.map(owned),
            capabilities: self
                .capabilities
                .into_iter()
                .map(Capability::into_owned)
                .collect(),
        }
    }
}
