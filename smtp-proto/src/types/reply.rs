//! SMTP replies: [`ReplyCode`], [`EnhancedStatus`] and [`Reply`].
//!
//! RFC 5321 §4.2: a reply is one or more lines; every line starts with the same three-digit
//! code, all lines but the last have `-` after the code, the last has `SP` (or nothing):
//!
//! ```text
//! Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//!              Reply-code [ SP textstring ] CRLF
//! Reply-code = %x32-35 %x30-35 %x30-39
//! ```
//!
//! A [`Reply`] holds the code and the text of every line as bytes (never lossy UTF-8: servers
//! send Latin-1 and, with SMTPUTF8, UTF-8). The text can never contain CR or LF: the
//! constructors refuse it, so [`Reply::encode`] cannot fail.
//!
//! # Storage
//!
//! A single-line reply stores its text inline (a borrowed slice when parsed: no allocation);
//! a multi-line reply stores one `Vec` of line texts, allocated once with the exact number of
//! lines. Parsed texts borrow from the input; [`Reply::into_owned`] copies them.
//!
//! # Serialization
//!
//! Every line but the last is written `code "-" text CRLF`; the last is `code SP text CRLF`,
//! or the bare `code CRLF` when its text is empty (the ABNF's `[ SP textstring ]`). An empty
//! continuation line is `code "-" CRLF`.
//!
//! ```
//! use smtp_proto::{EnhancedStatus, Reply, ReplyCode};
//!
//! let reply = Reply::new(ReplyCode::OK, ["2.1.0 Sender ok"]).unwrap();
//! assert_eq!(reply.to_bytes(), b"250 2.1.0 Sender ok\r\n");
//! assert_eq!(reply.enhanced_status(), Some(EnhancedStatus::new(2, 1, 0).unwrap()));
//!
//! let multi = Reply::new(ReplyCode::OK, ["mx.example.org", "PIPELINING", ""]).unwrap();
//! assert_eq!(multi.to_bytes(), b"250-mx.example.org\r\n250-PIPELINING\r\n250\r\n");
//!
//! // Text with a line break is refused.
//! assert!(Reply::new(ReplyCode::OK, ["evil\r\n250 injected"]).is_err());
//! ```

use std::borrow::Cow;
use std::fmt;

use thiserror::Error;

/// A value refused by a reply or EHLO constructor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReplyValueError {
    /// The number is not a reply code (see [`ReplyCode`] for the accepted ranges).
    #[error("{0} is not a valid reply code")]
    InvalidCode(u16),
    /// The parts do not form an enhanced status code (RFC 3463 §2: class 2, 4 or 5;
    /// subject and detail 0–999).
    #[error("invalid enhanced status code")]
    InvalidEnhancedStatus,
    /// Reply text contains CR or LF.
    #[error("reply text line {line} contains CR or LF at byte {index}")]
    LineBreak {
        /// Index of the offending line (0 = first).
        line: usize,
        /// Byte index of the CR or LF within that line.
        index: usize,
    },
    /// A reply needs at least one line.
    #[error("a reply has at least one line")]
    NoLines,
    /// An EHLO keyword, parameter, domain or limit is empty or contains a byte its
    /// grammar does not allow (CR and LF never; SP inside a single word).
    #[error("invalid EHLO {what}")]
    InvalidEhlo {
        /// Which part was refused (`"keyword"`, `"parameter"`, `"domain"`, …).
        what: &'static str,
    },
}

/// A reply code: three digits.
///
/// RFC 5321 §4.2: `Reply-code = %x32-35 %x30-35 %x30-39` — first digit 2–5, second 0–5,
/// third 0–9. [`ReplyCode::new`] and `TryFrom<u16>` accept exactly that.
///
/// [`ReplyCode::new_lenient`] (used by the parsers in [`Mode::Lenient`](crate::Mode::Lenient))
/// also accepts a first digit of 1 (RFC 5321 §4.2.1 defines `1yz` "Positive Preliminary",
/// unused by SMTP but sent by some proxies) and a second digit of 6–9, i.e. every number
/// 100–599. A code outside the strict range reports `false` from [`ReplyCode::is_standard`].
///
/// ```
/// use smtp_proto::ReplyCode;
/// use smtp_proto::types::reply::{ReplyCategory, ReplyClass};
///
/// let code = ReplyCode::try_from(554).unwrap();
/// assert_eq!(code.class(), ReplyClass::PermanentNegative);
/// assert_eq!(code.category(), ReplyCategory::MailSystem);
/// assert_eq!(code.to_string(), "554");
/// assert!(ReplyCode::try_from(600).is_err());
/// assert!(ReplyCode::try_from(260).is_err());
/// assert!(ReplyCode::new_lenient(260).is_ok());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyCode(u16);

/// The first digit of a reply code (RFC 5321 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyClass {
    /// `1yz`: positive preliminary (not used by SMTP; lenient mode only).
    PositivePreliminary,
    /// `2yz`: positive completion.
    PositiveCompletion,
    /// `3yz`: positive intermediate (354 after DATA, 334 during AUTH).
    PositiveIntermediate,
    /// `4yz`: transient negative completion — try again later.
    TransientNegative,
    /// `5yz`: permanent negative completion.
    PermanentNegative,
}

/// The second digit of a reply code (RFC 5321 §4.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyCategory {
    /// `x0z`: syntax.
    Syntax,
    /// `x1z`: information (status, help).
    Information,
    /// `x2z`: connections.
    Connections,
    /// `x3z`: not specified (used by AUTH, RFC 4954).
    Unspecified3,
    /// `x4z`: not specified.
    Unspecified4,
    /// `x5z`: mail system.
    MailSystem,
    /// `x6z`–`x9z`: outside RFC 5321 (lenient mode only); the digit.
    Other(u8),
}

impl ReplyCode {
    /// 211 System status, or system help reply.
    pub const SYSTEM_STATUS: Self = Self(211);
    /// 214 Help message.
    pub const HELP: Self = Self(214);
    /// 220 Service ready (the greeting; also the answer to STARTTLS).
    pub const SERVICE_READY: Self = Self(220);
    /// 221 Service closing transmission channel.
    pub const CLOSING: Self = Self(221);
    /// 235 Authentication succeeded (RFC 4954).
    pub const AUTH_SUCCEEDED: Self = Self(235);
    /// 250 Requested mail action okay, completed.
    pub const OK: Self = Self(250);
    /// 251 User not local; will forward.
    pub const USER_NOT_LOCAL_WILL_FORWARD: Self = Self(251);
    /// 252 Cannot VRFY user, but will accept message and attempt delivery.
    pub const CANNOT_VRFY: Self = Self(252);
    /// 334 Server challenge during AUTH (RFC 4954).
    pub const AUTH_CHALLENGE: Self = Self(334);
    /// 354 Start mail input.
    pub const START_MAIL_INPUT: Self = Self(354);
    /// 421 Service not available, closing transmission channel.
    pub const SERVICE_NOT_AVAILABLE: Self = Self(421);
    /// 450 Mailbox unavailable (transient).
    pub const MAILBOX_BUSY: Self = Self(450);
    /// 451 Local error in processing.
    pub const LOCAL_ERROR: Self = Self(451);
    /// 452 Insufficient system storage.
    pub const INSUFFICIENT_STORAGE: Self = Self(452);
    /// 500 Syntax error, command unrecognized.
    pub const SYNTAX_ERROR: Self = Self(500);
    /// 501 Syntax error in parameters or arguments.
    pub const PARAMETER_SYNTAX_ERROR: Self = Self(501);
    /// 502 Command not implemented.
    pub const NOT_IMPLEMENTED: Self = Self(502);
    /// 503 Bad sequence of commands.
    pub const BAD_SEQUENCE: Self = Self(503);
    /// 504 Command parameter not implemented.
    pub const PARAMETER_NOT_IMPLEMENTED: Self = Self(504);
    /// 535 Authentication credentials invalid (RFC 4954).
    pub const AUTH_INVALID: Self = Self(535);
    /// 550 Mailbox unavailable (permanent).
    pub const MAILBOX_UNAVAILABLE: Self = Self(550);
    /// 551 User not local.
    pub const USER_NOT_LOCAL: Self = Self(551);
    /// 552 Exceeded storage allocation.
    pub const EXCEEDED_STORAGE: Self = Self(552);
    /// 553 Mailbox name not allowed.
    pub const MAILBOX_NAME_NOT_ALLOWED: Self = Self(553);
    /// 554 Transaction failed (or, as a greeting, no SMTP service here).
    pub const TRANSACTION_FAILED: Self = Self(554);

    /// A code in the RFC 5321 range: first digit 2–5, second 0–5, third 0–9.
    pub const fn new(code: u16) -> Result<Self, ReplyValueError> {
        if Self::is_standard_number(code) {
            Ok(Self(code))
        } else {
            Err(ReplyValueError::InvalidCode(code))
        }
    }

    /// A code in the lenient range 100–599 (any second and third digit).
    pub const fn new_lenient(code: u16) -> Result<Self, ReplyValueError> {
        if code >= 100 && code <= 599 {
            Ok(Self(code))
        } else {
            Err(ReplyValueError::InvalidCode(code))
        }
    }

    const fn is_standard_number(code: u16) -> bool {
        code >= 200 && code <= 559 && (code / 10) % 10 <= 5
    }

    /// The code as a number.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The three digits as ASCII.
    pub const fn digits(self) -> [u8; 3] {
        // The invariant keeps the code in 100..=599, so each quotient is a digit.
        [
            b'0' + (self.0 / 100) as u8,
            b'0' + ((self.0 / 10) % 10) as u8,
            b'0' + (self.0 % 10) as u8,
        ]
    }

    /// True when the code is in the RFC 5321 range (what [`ReplyCode::new`] accepts).
    pub const fn is_standard(self) -> bool {
        Self::is_standard_number(self.0)
    }

    /// The first digit as a [`ReplyClass`].
    pub const fn class(self) -> ReplyClass {
        match self.0 / 100 {
            1 => ReplyClass::PositivePreliminary,
            2 => ReplyClass::PositiveCompletion,
            3 => ReplyClass::PositiveIntermediate,
            4 => ReplyClass::TransientNegative,
            _ => ReplyClass::PermanentNegative,
        }
    }

    /// The first digit (1–5).
    pub const fn class_digit(self) -> u8 {
        (self.0 / 100) as u8
    }

    /// The second digit as a [`ReplyCategory`].
    pub const fn category(self) -> ReplyCategory {
        match (self.0 / 10) % 10 {
            0 => ReplyCategory::Syntax,
            1 => ReplyCategory::Information,
            2 => ReplyCategory::Connections,
            3 => ReplyCategory::Unspecified3,
            4 => ReplyCategory::Unspecified4,
            5 => ReplyCategory::MailSystem,
            d => ReplyCategory::Other(d as u8),
        }
    }

    /// The third digit (0–9).
    pub const fn detail(self) -> u8 {
        (self.0 % 10) as u8
    }

    /// `2yz`.
    pub const fn is_positive_completion(self) -> bool {
        self.0 / 100 == 2
    }

    /// `3yz`.
    pub const fn is_positive_intermediate(self) -> bool {
        self.0 / 100 == 3
    }

    /// `4yz`.
    pub const fn is_transient_negative(self) -> bool {
        self.0 / 100 == 4
    }

    /// `5yz`.
    pub const fn is_permanent_negative(self) -> bool {
        self.0 / 100 == 5
    }
}

impl fmt::Debug for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReplyCode({})", self.0)
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl TryFrom<u16> for ReplyCode {
    type Error = ReplyValueError;

    /// Strict: the RFC 5321 range only (see [`ReplyCode::new`]).
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        Self::new(code)
    }
}

impl From<ReplyCode> for u16 {
    fn from(code: ReplyCode) -> Self {
        code.0
    }
}

/// An enhanced mail system status code (RFC 3463 §2): `class.subject.detail`.
///
/// ```text
/// status-code = class "." subject "." detail
/// class       = "2" / "4" / "5"
/// subject     = 1*3digit
/// detail      = 1*3digit
/// ```
///
/// RFC 2034 §4 puts it, followed by SP, at the start of the text of each reply line when the
/// server advertised ENHANCEDSTATUSCODES. Leading zeros (`2.01.0`) are accepted when parsing;
/// [`Display`](fmt::Display) writes the numbers without them.
///
/// ```
/// use smtp_proto::EnhancedStatus;
///
/// let (status, rest) = EnhancedStatus::parse_prefix(b"5.1.1 <bob@example.org>: no such user").unwrap();
/// assert_eq!((status.class(), status.subject(), status.detail()), (5, 1, 1));
/// assert_eq!(rest, b"<bob@example.org>: no such user");
/// assert_eq!(status.to_string(), "5.1.1");
/// assert!(EnhancedStatus::new(3, 0, 0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EnhancedStatus {
    class: u8,
    subject: u16,
    detail: u16,
}

impl EnhancedStatus {
    /// Builds a status code; `class` must be 2, 4 or 5, `subject` and `detail` at most 999.
    pub const fn new(class: u8, subject: u16, detail: u16) -> Result<Self, ReplyValueError> {
        if matches!(class, 2 | 4 | 5) && subject <= 999 && detail <= 999 {
            Ok(Self {
                class,
                subject,
                detail,
            })
        } else {
            Err(ReplyValueError::InvalidEnhancedStatus)
        }
    }

    /// The class: 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    pub const fn class(self) -> u8 {
        self.class
    }

    /// The subject (RFC 3463 §3: 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network
    /// and routing, 5 mail delivery protocol, 6 message content, 7 security or policy).
    pub const fn subject(self) -> u16 {
        self.subject
    }

    /// The detail within the subject.
    pub const fn detail(self) -> u16 {
        self.detail
    }
}

impl fmt::Display for EnhancedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// The texts of a reply's lines.
///
/// Invariant: `Many` holds at least two lines (one line is always `One`), so the derived
/// equality compares replies by content.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Lines<'a> {
    One(Cow<'a, [u8]>),
    Many(Vec<Cow<'a, [u8]>>),
}

/// One SMTP reply: a code and the text of each of its lines (at least one).
///
/// See the [module documentation](self) for the grammar, storage and serialization.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    pub(crate) code: ReplyCode,
    pub(crate) lines: Lines<'a>,
}

/// Values usable as reply text: byte and string slices, `Vec<u8>`, `String` and `Cow`s of
/// either (converted without copying).
pub trait IntoText<'a> {
    /// The text as bytes.
    fn into_text(self) -> Cow<'a, [u8]>;
}

impl<'a> IntoText<'a> for &'a [u8] {
    fn into_text(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<'a, const N: usize> IntoText<'a> for &'a [u8; N] {
    fn into_text(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self)
    }
}

impl<'a> IntoText<'a> for &'a str {
    fn into_text(self) -> Cow<'a, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl<'a> IntoText<'a> for Vec<u8> {
    fn into_text(self) -> Cow<'a, [u8]> {
        Cow::Owned(self)
    }
}

impl<'a> IntoText<'a> for String {
    fn into_text(self) -> Cow<'a, [u8]> {
        Cow::Owned(self.into_bytes())
    }
}

impl<'a> IntoText<'a> for Cow<'a, [u8]> {
    fn into_text(self) -> Self {
        self
    }
}

impl<'a> IntoText<'a> for Cow<'a, str> {
    fn into_text(self) -> Cow<'a, [u8]> {
        match self {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }
    }
}

fn check_text(line: usize, text: &[u8]) -> Result<(), ReplyValueError> {
    match memchr::memchr2(b'\r', b'\n', text) {
        Some(index) => Err(ReplyValueError::LineBreak { line, index }),
        None => Ok(()),
    }
}

impl<'a> Reply<'a> {
    /// A reply with the given line texts (at least one; none may contain CR or LF).
    pub fn new<I, T>(code: ReplyCode, lines: I) -> Result<Self, ReplyValueError>
    where
        I: IntoIterator<Item = T>,
        T: IntoText<'a>,
    {
        let mut iter = lines.into_iter();
        let first: Cow<'a, [u8]> = iter.next().ok_or(ReplyValueError::NoLines)?.into_text();
        check_text(0, &first)?;
        let Some(second) = iter.next() else {
            return Ok(Self {
                code,
                lines: Lines::One(first),
            });
        };
        let second = second.into_text();
        check_text(1, &second)?;
        let mut all = Vec::with_capacity(2 + iter.size_hint().0);
        all.push(first);
        all.push(second);
        for text in iter {
            let text = text.into_text();
            check_text(all.len(), &text)?;
            all.push(text);
        }
        Ok(Self {
            code,
            lines: Lines::Many(all),
        })
    }

    /// A single-line reply.
    pub fn single(code: ReplyCode, text: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let text = text.into_text();
        check_text(0, &text)?;
        Ok(Self {
            code,
            lines: Lines::One(text),
        })
    }

    /// The reply code (for a lenient parse of lines with differing codes: the first line's).
    pub const fn code(&self) -> ReplyCode {
        self.code
    }

    /// The text of each line, without code, separator and line end.
    pub fn lines(&self) -> impl Iterator<Item = &[u8]> {
        let (one, many): (Option<&[u8]>, &[Cow<'a, [u8]>]) = match &self.lines {
            Lines::One(text) => (Some(text), &[]),
            Lines::Many(all) => (None, all),
        };
        one.into_iter().chain(many.iter().map(|c| &**c))
    }

    /// The number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        match &self.lines {
            Lines::One(_) => 1,
            Lines::Many(all) => all.len(),
        }
    }

    /// True when the reply has more than one line.
    pub const fn is_multiline(&self) -> bool {
        matches!(self.lines, Lines::Many(_))
    }

    /// The text of the first line.
    pub fn first_line(&self) -> &[u8] {
        match &self.lines {
            Lines::One(text) => text,
            Lines::Many(all) => all.first().map_or(&[], |c| &**c),
        }
    }

    /// The text of line `index` (0 = first).
    pub fn line(&self, index: usize) -> Option<&[u8]> {
        match &self.lines {
            Lines::One(text) => (index == 0).then_some(&**text),
            Lines::Many(all) => all.get(index).map(|c| &**c),
        }
    }

    /// The enhanced status code at the start of the first line's text (RFC 2034 §4), when
    /// present and its class equals the reply code's first digit (RFC 3463 §2: "the class
    /// ... must match"). RFC 2034 asks servers to repeat it on every line; it is read from
    /// the first line only — use [`EnhancedStatus::parse_prefix`] on [`Reply::lines`] to
    /// check the others.
    pub fn enhanced_status(&self) -> Option<EnhancedStatus> {
        let (status, _) = EnhancedStatus::parse_prefix(self.first_line())?;
        (status.class() == self.code.class_digit()).then_some(status)
    }

    /// A reply from line texts already known to be free of CR and LF (at least one line;
    /// an empty vector becomes one empty line).
    pub(crate) fn from_checked_lines(code: ReplyCode, mut all: Vec<Cow<'a, [u8]>>) -> Self {
        let lines = if all.len() <= 1 {
            Lines::One(all.pop().unwrap_or(Cow::Borrowed(&[])))
        } else {
            Lines::Many(all)
        };
        Self { code, lines }
    }

    /// The line texts as stored (borrowed or owned).
    pub(crate) fn cow_lines(&self) -> &[Cow<'a, [u8]>] {
        match &self.lines {
            Lines::One(text) => std::slice::from_ref(text),
            Lines::Many(all) => all,
        }
    }

    /// The same reply owning its text.
    pub fn into_owned(self) -> Reply<'static> {
        let lines = match self.lines {
            Lines::One(text) => Lines::One(Cow::Owned(text.into_owned())),
            Lines::Many(all) => Lines::Many(
                all.into_iter()
                    .map(|c| Cow::Owned(c.into_owned()))
                    .collect(),
            ),
        };
        Reply {
            code: self.code,
            lines,
        }
    }
}

impl fmt::Debug for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Text<'t>(&'t [u8]);
        impl fmt::Debug for Text<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "\"{}\"", self.0.escape_ascii())
            }
        }
        f.debug_struct("Reply")
            .field("code", &self.code.0)
            .field("lines", &self.lines().map(Text).collect::<Vec<_>>())
            .finish()
    }
}
