//! POP3 status lines and AUTH continuation lines: [`Reply`], [`StatusIndicator`],
//! [`RespCode`], [`Continuation`] and [`AuthReply`].
//!
//! RFC 2449 §3 (updating RFC 1939 §3):
//!
//! ```text
//! single-line  =  status [SP text] CRLF       ;512 octets maximum
//! status       =  "+OK" / "-ERR"
//! text         =  *schar / resp-code *CHAR
//! resp-code    =  "[" resp-level *("/" resp-level) "]"
//! resp-level   =  1*rchar
//! rchar        =  %x21-2E / %x30-5C / %x5E-7F  ;printable ASCII, excluding "/" and "]"
//! greeting     =  "+OK" [resp-code] *gchar [timestamp] *gchar CRLF
//! timestamp    =  "<" *VCHAR ">"               ;MUST conform to RFC-822 msg-id
//! ```
//!
//! RFC 5034 §5 adds the server challenge of an AUTH exchange:
//!
//! ```text
//! continue-req =  "+" SP [base64] CRLF
//! ```
//!
//! # Decisions
//!
//! - **The text is optional.** `single-line = status [SP text] CRLF`, and RFC 1939 §5 shows
//!   `S: +OK` alone (NOOP, RSET, TOP), so a bare `+OK` is valid in strict mode, and so is
//!   `+OK` followed by a single SP and nothing else (`text` may be empty). Both parse to an
//!   empty text; an empty text is written without the SP.
//! - **Response codes on both indicators.** RFC 2449 §8 permits "an optional response code
//!   … at the beginning of the human readable text portion of an "+OK" or "-ERR" response",
//!   so a code is recognized after either; the registered codes (IANA) are all `-ERR` codes.
//! - **A bracket that is not a code is text.** RFC 2449 §6.4: only a server announcing
//!   RESP-CODES promises that text starting with `[` is a code, and the parser cannot know
//!   what the server announced; so text starting with `[` that is not a well-formed
//!   `resp-code` (`+OK [no code here`) is kept as plain text in every mode.
//! - **Text is bytes.** Servers send Latin-1, and UTF-8 after `UTF8`/`LANG` (RFC 6856 §3.2),
//!   so the text is never decoded. It cannot contain CR, LF or NUL: the constructors refuse
//!   them, so encoding cannot fail. A reply without a response code cannot have a text that
//!   starts with a well-formed `resp-code` (it would parse back as a code).
//!
//! ```
//! use pop3_proto::types::reply::{Reply, RespCode, StatusIndicator};
//!
//! let reply = Reply::err_with_code(RespCode::InUse, "Do you have another POP session running?").unwrap();
//! assert_eq!(reply.to_bytes(), b"-ERR [IN-USE] Do you have another POP session running?\r\n");
//! assert_eq!(reply.status(), StatusIndicator::Err);
//!
//! // Line breaks are refused: encoding can never inject a second line.
//! assert!(Reply::ok("fine\r\n+OK injected").is_err());
//! ```

use std::borrow::Cow;
use std::fmt;

use thiserror::Error;

/// A value refused by a reply, listing or capability constructor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReplyValueError {
    /// The text contains CR or LF (which would end the line).
    #[error("text contains CR or LF at byte {index}")]
    LineBreak {
        /// Byte index of the CR or LF.
        index: usize,
    },
    /// The text contains a NUL byte.
    #[error("text contains NUL at byte {index}")]
    Nul {
        /// Byte index of the NUL.
        index: usize,
    },
    /// A reply without a response code has a text that starts with one: it would be read
    /// back as a code. Use [`Reply::with_code`] instead.
    #[error("text starts with a response code; pass the code separately")]
    TextLooksLikeCode,
    /// Not a response code (RFC 2449 §3: `resp-level *("/" resp-level)`, each level one or
    /// more of `%x21-2E / %x30-5C / %x5E-7F`).
    #[error("invalid response code")]
    InvalidRespCode,
    /// Not a base64 challenge (RFC 5034 §5: groups of four base64 characters, `=` padding
    /// only at the end).
    #[error("invalid base64 at byte {index}")]
    InvalidBase64 {
        /// Byte index of the first offending character (the length, for a bad length).
        index: usize,
    },
    /// A listing field is out of its range or syntax.
    #[error("invalid {what}")]
    InvalidListing {
        /// Which field: `"message number"`, `"unique-id"`, `"information"`, …
        what: &'static str,
    },
    /// A capability tag, parameter or text does not follow RFC 2449 §3.
    #[error("invalid capability {what}")]
    InvalidCapability {
        /// Which part: `"tag"`, `"parameter"`, `"text"`.
        what: &'static str,
    },
}

/// Values usable as text: byte and string slices, byte arrays, `Vec<u8>`, `String` and
/// `Cow`s of either (converted without copying).
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

/// `Debug` for bytes: an escaped string literal.
pub(crate) struct Escaped<'t>(pub(crate) &'t [u8]);

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_ascii())
    }
}

pub(crate) fn owned(c: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(c.into_owned())
}

/// Checks that `text` holds no CR, LF or NUL (what every text of a line may not contain).
pub(crate) fn check_line_text(text: &[u8]) -> Result<(), ReplyValueError> {
    match memchr::memchr3(b'\r', b'\n', 0, text) {
        Some(index) if text[index] == 0 => Err(ReplyValueError::Nul { index }),
        Some(index) => Err(ReplyValueError::LineBreak { index }),
        None => Ok(()),
    }
}

/// The status indicator of a reply (RFC 1939 §3): positive `+OK` or negative `-ERR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusIndicator {
    /// `+OK`.
    Ok,
    /// `-ERR`.
    Err,
}

impl StatusIndicator {
    /// The indicator as sent (`+OK` or `-ERR`; RFC 1939 §3: "Servers MUST send the "+OK"
    /// and "-ERR" in upper case").
    pub const fn as_bytes(self) -> &'static [u8] {
        match self {
            Self::Ok => b"+OK",
            Self::Err => b"-ERR",
        }
    }

    /// True for `+OK`.
    pub const fn is_ok(self) -> bool {
        matches!(self, Self::Ok)
    }
}

/// An extended response code (RFC 2449 §8): hierarchical levels separated by `/`.
///
/// The codes of the IANA "POP3 Response Codes" registry have their own variants; every
/// other well-formed code is [`RespCode::Other`] and re-encodes unchanged. Codes are
/// recognized case-insensitively (RFC 2449 §8) and the known ones are written in upper
/// case. A code with more levels than a known one (`SYS/TEMP/DISK`) is `Other`, since it
/// has to re-encode unchanged; [`RespCode::falls_under`] and [`RespCode::known`] give the
/// RFC 2449 §8 reading ("Clients MUST ignore unknown hierarchical detail").
///
/// | code | variant | defined in |
/// | --- | --- | --- |
/// | `LOGIN-DELAY` | [`RespCode::LoginDelay`] | RFC 2449 §8.1.1 |
/// | `IN-USE` | [`RespCode::InUse`] | RFC 2449 §8.1.2 |
/// | `SYS/TEMP` | [`RespCode::SysTemp`] | RFC 3206 |
/// | `SYS/PERM` | [`RespCode::SysPerm`] | RFC 3206 |
/// | `AUTH` | [`RespCode::Auth`] | RFC 3206 |
/// | `UTF8` | [`RespCode::Utf8`] | RFC 6856 §5 |
///
/// ```
/// use pop3_proto::types::reply::RespCode;
///
/// assert_eq!(RespCode::new("sys/temp").unwrap(), RespCode::SysTemp);
/// let detailed = RespCode::new("SYS/TEMP/DISK-FULL").unwrap();
/// assert_eq!(detailed.as_bytes(), b"SYS/TEMP/DISK-FULL");
/// assert!(detailed.falls_under(&RespCode::SysTemp));
/// assert_eq!(detailed.known(), Some(RespCode::SysTemp));
/// assert!(RespCode::new("IN USE").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RespCode<'a> {
    /// `LOGIN-DELAY` (RFC 2449 §8.1.1): logged in too recently; try again after the delay.
    LoginDelay,
    /// `IN-USE` (RFC 2449 §8.1.2): authenticated, but the maildrop is in use.
    InUse,
    /// `SYS/TEMP` (RFC 3206): a temporary system error.
    SysTemp,
    /// `SYS/PERM` (RFC 3206): a permanent system error.
    SysPerm,
    /// `AUTH` (RFC 3206): a problem with the user's credentials.
    Auth,
    /// `UTF8` (RFC 6856 §5): the message needs UTF-8 mode.
    Utf8,
    /// Any other well-formed code, kept as sent.
    Other(OtherRespCode<'a>),
}

/// A well-formed response code that is not one of the registered ones (never the exact
/// spelling, ignoring case, of a code that has its own [`RespCode`] variant).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OtherRespCode<'a>(Cow<'a, [u8]>);

impl OtherRespCode<'_> {
    /// The code as sent, without brackets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for OtherRespCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(&self.0).fmt(f)
    }
}

/// RFC 2449 §3 `rchar`: printable ASCII excluding `/` and `]` (`%x21-2E / %x30-5C / %x5E-7F`).
pub(crate) const fn is_rchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2E | 0x30..=0x5C | 0x5E..=0x7F)
}

/// True when `code` (without brackets) is `resp-level *("/" resp-level)`.
pub(crate) fn is_resp_code(code: &[u8]) -> bool {
    !code.is_empty()
        && code
            .split(|&b| b == b'/')
            .all(|level| !level.is_empty() && level.iter().all(|&b| is_rchar(b)))
}

/// The length of a well-formed `resp-code` (with its brackets) at the start of `text`.
pub(crate) fn resp_code_len(text: &[u8]) -> Option<usize> {
    if text.first() != Some(&b'[') {
        return None;
    }
    let mut level_len = 0usize;
    for (i, &b) in text.iter().enumerate().skip(1) {
        match b {
            b']' if level_len > 0 => return Some(i + 1),
            b'/' if level_len > 0 => level_len = 0,
            b if is_rchar(b) => level_len += 1,
            _ => return None,
        }
    }
    None
}

const KNOWN_CODES: [(&[u8], RespCode<'static>); 6] = [
    (b"LOGIN-DELAY", RespCode::LoginDelay),
    (b"IN-USE", RespCode::InUse),
    (b"SYS/TEMP", RespCode::SysTemp),
    (b"SYS/PERM", RespCode::SysPerm),
    (b"AUTH", RespCode::Auth),
    (b"UTF8", RespCode::Utf8),
];

impl<'a> RespCode<'a> {
    /// A code from its text without brackets (`SYS/TEMP`); a registered code, in any case,
    /// becomes its own variant.
    pub fn new(code: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let code = code.into_text();
        if !is_resp_code(&code) {
            return Err(ReplyValueError::InvalidRespCode);
        }
        Ok(Self::from_valid(code))
    }

    /// Classifies a code already known to be well-formed.
    pub(crate) fn from_valid(code: Cow<'a, [u8]>) -> Self {
        for (name, known) in &KNOWN_CODES {
            if code.eq_ignore_ascii_case(name) {
                return known.clone();
            }
        }
        Self::Other(OtherRespCode(code))
    }

    /// The code without brackets (upper case for the registered codes).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::LoginDelay => b"LOGIN-DELAY",
            Self::InUse => b"IN-USE",
            Self::SysTemp => b"SYS/TEMP",
            Self::SysPerm => b"SYS/PERM",
            Self::Auth => b"AUTH",
            Self::Utf8 => b"UTF8",
            Self::Other(other) => &other.0,
        }
    }

    /// The levels of the code (`SYS/TEMP` → `SYS`, `TEMP`).
    pub fn levels(&self) -> impl Iterator<Item = &[u8]> {
        self.as_bytes().split(|&b| b == b'/')
    }

    /// True when `ancestor`'s levels are a prefix of this code's levels (compared without
    /// regard to case): `SYS/TEMP/DISK` falls under `SYS/TEMP` and under `SYS`; every code
    /// falls under itself.
    pub fn falls_under(&self, ancestor: &RespCode<'_>) -> bool {
        let mut mine = self.levels();
        ancestor
            .levels()
            .all(|level| mine.next().is_some_and(|m| m.eq_ignore_ascii_case(level)))
    }

    /// The registered code this code falls under, ignoring extra levels of detail (RFC 2449
    /// §8: "Clients MUST ignore unknown hierarchical detail about the response code").
    pub fn known(&self) -> Option<RespCode<'static>> {
        KNOWN_CODES
            .iter()
            .find(|(_, known)| self.falls_under(known))
            .map(|(_, known)| known.clone())
    }

    /// The same code owning its bytes.
    pub fn into_owned(self) -> RespCode<'static> {
        match self {
            Self::LoginDelay => RespCode::LoginDelay,
            Self::InUse => RespCode::InUse,
            Self::SysTemp => RespCode::SysTemp,
            Self::SysPerm => RespCode::SysPerm,
            Self::Auth => RespCode::Auth,
            Self::Utf8 => RespCode::Utf8,
            Self::Other(other) => RespCode::Other(OtherRespCode(owned(other.0))),
        }
    }
}

impl fmt::Display for RespCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every byte of a code is printable ASCII, shown as is, or DEL, shown escaped.
        write!(f, "{}", self.as_bytes().escape_ascii())
    }
}

/// One status line: `+OK` or `-ERR`, an optional [`RespCode`] and the text.
///
/// See the [module documentation](self) for the grammar and the decisions taken.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Reply<'a> {
    pub(crate) status: StatusIndicator,
    pub(crate) code: Option<RespCode<'a>>,
    pub(crate) text: Cow<'a, [u8]>,
}

impl<'a> Reply<'a> {
    /// A reply without a response code. The text may be empty; it may not contain CR, LF or
    /// NUL, nor start with a well-formed response code (see [`Reply::with_code`]).
    pub fn new(status: StatusIndicator, text: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let text = text.into_text();
        check_line_text(&text)?;
        if resp_code_len(&text).is_some() {
            return Err(ReplyValueError::TextLooksLikeCode);
        }
        Ok(Self {
            status,
            code: None,
            text,
        })
    }

    /// A reply with a response code before its text (which may not contain CR, LF or NUL).
    pub fn with_code(
        status: StatusIndicator,
        code: RespCode<'a>,
        text: impl IntoText<'a>,
    ) -> Result<Self, ReplyValueError> {
        let text = text.into_text();
        check_line_text(&text)?;
        Ok(Self {
            status,
            code: Some(code),
            text,
        })
    }

    /// `+OK text`.
    pub fn ok(text: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        Self::new(StatusIndicator::Ok, text)
    }

    /// `-ERR text`.
    pub fn err(text: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        Self::new(StatusIndicator::Err, text)
    }

    /// `-ERR [code] text`.
    pub fn err_with_code(
        code: RespCode<'a>,
        text: impl IntoText<'a>,
    ) -> Result<Self, ReplyValueError> {
        Self::with_code(StatusIndicator::Err, code, text)
    }

    /// A reply from parts the parser has already validated.
    pub(crate) const fn from_valid(
        status: StatusIndicator,
        code: Option<RespCode<'a>>,
        text: &'a [u8],
    ) -> Self {
        Self {
            status,
            code,
            text: Cow::Borrowed(text),
        }
    }

    /// The status indicator.
    pub const fn status(&self) -> StatusIndicator {
        self.status
    }

    /// True for `+OK`.
    pub const fn is_ok(&self) -> bool {
        self.status.is_ok()
    }

    /// True for `-ERR`.
    pub const fn is_err(&self) -> bool {
        !self.status.is_ok()
    }

    /// The response code, if the text started with one.
    pub const fn code(&self) -> Option<&RespCode<'a>> {
        self.code.as_ref()
    }

    /// The text after the indicator (and after the response code and its SP, if any),
    /// without the line end. Empty for a bare `+OK`.
    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// The APOP timestamp of a greeting (RFC 1939 §7), with its angle brackets, as the
    /// APOP digest needs it: the first `<…>` in the text of a `+OK` reply whose content
    /// is printable ASCII without SP, `<` or `>` (RFC 2449 §3 `timestamp = "<" *VCHAR ">"`)
    /// and has the `local@domain` shape of an RFC 822 `msg-id` (at least one byte on each
    /// side of an `@`).
    ///
    /// ```
    /// use pop3_proto::types::reply::Reply;
    ///
    /// // RFC 1939 §7.
    /// let greeting = Reply::ok("POP3 server ready <1896.697170952@dbc.mtview.ca.us>").unwrap();
    /// assert_eq!(greeting.apop_timestamp(), Some(&b"<1896.697170952@dbc.mtview.ca.us>"[..]));
    /// assert_eq!(Reply::ok("POP3 server ready").unwrap().apop_timestamp(), None);
    /// ```
    pub fn apop_timestamp(&self) -> Option<&[u8]> {
        if !self.is_ok() {
            return None;
        }
        let text: &[u8] = &self.text;
        let mut from = 0;
        while let Some(rel) = memchr::memchr(b'<', &text[from..]) {
            let open = from + rel;
            let inner_len = text[open + 1..]
                .iter()
                .take_while(|&&b| matches!(b, 0x21..=0x7E) && b != b'<' && b != b'>')
                .count();
            let close = open + 1 + inner_len;
            if text.get(close) == Some(&b'>') {
                let inner = &text[open + 1..close];
                if let Some(at) = memchr::memrchr(b'@', inner) {
                    if at > 0 && at + 1 < inner.len() {
                        return Some(&text[open..=close]);
                    }
                }
            }
            from = open + 1;
        }
        None
    }

    /// The same reply owning its text.
    pub fn into_owned(self) -> Reply<'static> {
        Reply {
            status: self.status,
            code: self.code.map(RespCode::into_owned),
            text: owned(self.text),
        }
    }
}

impl fmt::Debug for Reply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("text", &Escaped(&self.text))
            .finish()
    }
}

/// Formats an MD5 digest the way the APOP command sends it: 32 lower-case hexadecimal
/// digits (RFC 1939 §7: "a 16-octet value which is sent in hexadecimal format, using
/// lower-case ASCII characters").
///
/// The crate computes no MD5: the caller hashes the [timestamp](Reply::apop_timestamp)
/// followed by the shared secret and passes the digest here.
///
/// ```
/// use pop3_proto::types::reply::apop_digest_hex;
///
/// let digest = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0xf0, 0x0f];
/// assert_eq!(&apop_digest_hex(&digest), b"0123456789abcdef000000000000f00f");
/// ```
pub fn apop_digest_hex(digest: &[u8; 16]) -> [u8; 32] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 32];
    for (i, &b) in digest.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 0x0f)];
    }
    out
}

/// RFC 5034 §5 `base64-char = ALPHA / DIGIT / "+" / "/"`.
pub(crate) const fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Checks RFC 5034 §5 `base64` (or nothing): whole groups of four, `=` only as the last one
/// or two characters. Returns the index of the first offending byte.
pub(crate) fn check_base64(data: &[u8]) -> Result<(), usize> {
    let pad = match data {
        [.., b'=', b'='] => 2,
        [.., b'='] => 1,
        _ => 0,
    };
    let body = &data[..data.len() - pad];
    if let Some(i) = body.iter().position(|&b| !is_base64_char(b)) {
        return Err(i);
    }
    if data.len() % 4 != 0 {
        return Err(data.len());
    }
    Ok(())
}

/// A server challenge during AUTH (RFC 5034 §4): a `+`, a SP and base64 data, possibly
/// empty.
///
/// RFC 5034 §5 `continue-req = "+" SP [base64] CRLF`. The data is kept as the base64 text
/// the server sent (decoding is the caller's). [`Continuation::new`] checks the base64
/// syntax of RFC 5034 §5; [`Continuation::new_lenient`] (what the parser builds in
/// [`Mode::Lenient`](crate::Mode::Lenient)) takes any text without CR, LF and NUL, for servers
/// that send plain text challenges.
///
/// **Telling a challenge from a status line:** a continuation is `+` followed by SP (or, in
/// lenient mode, by the line end); a status line is `+OK` or `-ERR`. The second byte decides;
/// [`AuthReply::parse`] does this during an AUTH exchange.
///
/// ```
/// use pop3_proto::types::reply::Continuation;
///
/// let empty = Continuation::empty();
/// assert_eq!(empty.to_bytes(), b"+ \r\n"); // RFC 5034 §4: "a line with only a "+", followed by a single space"
/// let c = Continuation::new("cnNwYXV0aD0=").unwrap();
/// assert_eq!(c.data(), b"cnNwYXV0aD0=");
/// assert!(Continuation::new("not base64!").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Continuation<'a> {
    pub(crate) data: Cow<'a, [u8]>,
}

impl<'a> Continuation<'a> {
    /// A challenge with RFC 5034 §5 base64 data (empty allowed).
    pub fn new(data: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let data = data.into_text();
        check_base64(&data).map_err(|index| ReplyValueError::InvalidBase64 { index })?;
        Ok(Self { data })
    }

    /// A challenge with any text without CR, LF and NUL.
    pub fn new_lenient(data: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let data = data.into_text();
        check_line_text(&data)?;
        Ok(Self { data })
    }

    /// The empty challenge (`+ `), sent when the mechanism needs an initial response the
    /// client did not give (RFC 5034 §4).
    pub const fn empty() -> Self {
        Self {
            data: Cow::Borrowed(&[]),
        }
    }

    /// The challenge as sent (base64 text), without `+ ` and line end.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// True for an empty challenge.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// True when the data is RFC 5034 §5 base64 (always, unless built leniently).
    pub fn is_base64(&self) -> bool {
        check_base64(&self.data).is_ok()
    }

    /// The same challenge owning its data.
    pub fn into_owned(self) -> Continuation<'static> {
        Continuation {
            data: owned(self.data),
        }
    }
}

impl fmt::Debug for Continuation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Continuation")
            .field(&Escaped(&self.data))
            .finish()
    }
}

/// A server line during an AUTH exchange (RFC 5034 §4): another challenge, or the final
/// status line (`+OK` on success, `-ERR` on failure or cancellation).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthReply<'a> {
    /// `+ base64`: the exchange goes on.
    Challenge(Continuation<'a>),
    /// `+OK …` or `-ERR …`: the exchange is over.
    Status(Reply<'a>),
}

impl AuthReply<'_> {
    /// The same line owning its bytes.
    pub fn into_owned(self) -> AuthReply<'static> {
        match self {
            Self::Challenge(c) => AuthReply::Challenge(c.into_owned()),
            Self::Status(r) => AuthReply::Status(r.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resp_code_syntax() {
        assert_eq!(resp_code_len(b"[IN-USE] x"), Some(8));
        assert_eq!(resp_code_len(b"[SYS/TEMP]"), Some(10));
        assert_eq!(resp_code_len(b"[[]"), Some(3)); // "[" is an rchar
        assert_eq!(resp_code_len(b"[]"), None);
        assert_eq!(resp_code_len(b"[A//B]"), None);
        assert_eq!(resp_code_len(b"[A/]"), None);
        assert_eq!(resp_code_len(b"[/A]"), None);
        assert_eq!(resp_code_len(b"[A B]"), None);
        assert_eq!(resp_code_len(b"[ABC"), None);
        assert!(is_resp_code(b"A/B/C"));
        assert!(!is_resp_code(b"A]"));
    }

    #[test]
    fn base64_syntax() {
        assert_eq!(check_base64(b""), Ok(()));
        assert_eq!(check_base64(b"QQ=="), Ok(()));
        assert_eq!(check_base64(b"QUI="), Ok(()));
        assert_eq!(check_base64(b"QUJD"), Ok(()));
        assert_eq!(check_base64(b"QUJ"), Err(3));
        assert_eq!(check_base64(b"=AAA"), Err(0));
        assert_eq!(check_base64(b"AAA=BBBB"), Err(3));
        assert_eq!(check_base64(b"Q==="), Err(1));
        assert_eq!(check_base64(b"QU I"), Err(2));
    }

    #[test]
    fn known_codes_and_detail() {
        let other = RespCode::new("SYS").unwrap();
        assert!(matches!(other, RespCode::Other(_)));
        assert!(RespCode::SysTemp.falls_under(&other));
        assert!(!other.falls_under(&RespCode::SysTemp));
        assert_eq!(other.known(), None);
        assert_eq!(
            RespCode::new("auth/x").unwrap().known(),
            Some(RespCode::Auth)
        );
        assert_eq!(RespCode::new("AUTHX").unwrap().known(), None);
    }
}
