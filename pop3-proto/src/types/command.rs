//! POP3 commands ([`Command`]), the validated arguments they carry, and the client's lines
//! of a SASL exchange ([`AuthLine`]).
//!
//! Every argument type refuses what the wire cannot carry (CR, LF, NUL, other control
//! characters, and whatever its grammar excludes), so a value that can be built can be
//! encoded.
//!
//! ```
//! use pop3_proto::types::command::{Command, CommandKind, MessageNumber, UserName};
//!
//! let cmd = Command::Top { msg: MessageNumber::new(1).unwrap(), lines: 10 };
//! assert_eq!(cmd.to_bytes(), b"TOP 1 10\r\n");
//! assert_eq!(cmd.kind(), CommandKind::Top);
//! // After +OK, TOP's answer is a multi-line body (RFC 1939 §7).
//! assert!(cmd.expects_multiline());
//!
//! let user = Command::User { name: UserName::new("mrose").unwrap() };
//! assert_eq!(user.keyword(), "USER");
//! assert!(!user.expects_multiline());
//! assert!(UserName::new("two words").is_err());
//! ```
//!
//! # Decisions
//!
//! - **Message numbers** are [`MessageNumber`]: a non-zero `u32` (RFC 1939 §4 numbers
//!   messages from 1; 2³² − 1 messages is more than any maildrop holds). Larger numbers are
//!   [`ErrorKind::NumberOverflow`](crate::ErrorKind::NumberOverflow), never wrapped. TOP's
//!   line count is a plain `u32` and may be 0.
//! - **Argument length:** RFC 1939 §3 allowed 40 characters per argument; RFC 2449 §4
//!   "increases the length restrictions on commands and parameters" and bounds only the
//!   whole line (255 octets). No per-argument limit is applied in either mode; the line
//!   limit is [`ParserOptions::max_command_line`](crate::ParserOptions::max_command_line).
//! - **PASS** keeps everything after the single SP that follows the keyword, byte for byte
//!   (RFC 1939 §7: "a POP3 server may treat spaces in the argument as part of the password"),
//!   in both modes: leading, inner and trailing spaces are part of the password. The bytes
//!   need not be UTF-8 (legacy clients send Latin-1; RFC 6856 allows UTF-8).
//! - **APOP digest** (RFC 1939 §7: "a 16-octet value which is sent in hexadecimal format,
//!   using lower-case ASCII characters") is kept as its 16 octets; it is always written in
//!   lower case. The strict parser takes lower case only, the lenient one upper case too.
//! - **User names** (USER, APOP) are one word: printable ASCII or UTF-8 (RFC 6856, the UTF8 capability), no SP.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use crate::error::Error;
use crate::parse::command as scan;

fn own_str(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn own_bytes(c: Cow<'_, [u8]>) -> Cow<'static, [u8]> {
    Cow::Owned(c.into_owned())
}

/// Runs `scan` over all of `b` and requires it to end at the end of `b`.
fn whole(
    b: &[u8],
    what: &'static str,
    scan: impl FnOnce(&[u8]) -> Result<usize, Error>,
) -> Result<(), Error> {
    let end = scan(b)?;
    if end == b.len() {
        Ok(())
    } else {
        Err(scan::unexpected(b, end, what))
    }
}

/// The accessors the validated text newtypes share: `from_valid` (for the parser, which has
/// validated the text already), `as_str`, `into_owned` and `Display`.
macro_rules! str_newtype {
    ($name:ident) => {
        impl<'a> $name<'a> {
            pub(crate) const fn from_valid(s: &'a str) -> Self {
                Self(Cow::Borrowed(s))
            }

            /// The text, as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Converts into a value that owns its text.
            pub fn into_owned(self) -> $name<'static> {
                $name(own_str(self.0))
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = Error;

            fn try_from(s: &'a str) -> Result<Self, Error> {
                Self::new(s)
            }
        }
    };
}

/// A message number (RFC 1939 §4: "the first message in the maildrop is assigned a
/// message-number of "1""): a non-zero `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageNumber(NonZeroU32);

impl MessageNumber {
    /// Validates a message number (refuses 0).
    ///
    /// ```
    /// use pop3_proto::types::command::MessageNumber;
    /// assert_eq!(MessageNumber::new(7).unwrap().get(), 7);
    /// assert!(MessageNumber::new(0).is_err());
    /// ```
    pub fn new(n: u32) -> Result<Self, Error> {
        NonZeroU32::new(n)
            .map(Self)
            .ok_or_else(|| scan::expected(0, "message number greater than 0"))
    }

    /// The number.
    pub const fn get(self) -> u32 {
        self.0.get()
    }
}

impl From<NonZeroU32> for MessageNumber {
    fn from(n: NonZeroU32) -> Self {
        Self(n)
    }
}

impl TryFrom<u32> for MessageNumber {
    type Error = Error;

    fn try_from(n: u32) -> Result<Self, Error> {
        Self::new(n)
    }
}

impl fmt::Display for MessageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A mailbox name, the argument of USER and the first argument of APOP (RFC 1939 §7: "a
/// string identifying a mailbox"; RFC 2449 §3 `param = 1*VCHAR`; RFC 6856, the UTF8 capability, allows UTF-8).
///
/// One word: printable ASCII (`%x21-7E`) or non-ASCII UTF-8; no SP, no control character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserName<'a>(Cow<'a, str>);

impl<'a> UserName<'a> {
    /// Validates a user name.
    ///
    /// ```
    /// use pop3_proto::types::command::UserName;
    /// assert!(UserName::new("mrose").is_ok());
    /// assert!(UserName::new("j\u{f6}rg@example.org").is_ok());
    /// assert!(UserName::new("").is_err());
    /// assert!(UserName::new("a b").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        whole(s.as_bytes(), "end of the user name (no SP)", |b| {
            scan::scan_name(b, 0)
        })?;
        Ok(Self(s))
    }
}

str_newtype!(UserName);

/// The argument of PASS (RFC 1939 §7 `PASS string`): every byte after the SP that follows
/// the keyword, kept exactly, spaces included.
///
/// At least one byte; no control character (0x00-0x1F, 0x7F). Other bytes, ASCII or not,
/// are taken as they are: the password need not be UTF-8. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Password<'a>(Cow<'a, [u8]>);

impl<'a> Password<'a> {
    /// Validates a password.
    ///
    /// ```
    /// use pop3_proto::types::command::Password;
    /// assert_eq!(Password::new(&b"  with spaces "[..]).unwrap().as_bytes(), b"  with spaces ");
    /// assert!(Password::new(&b""[..]).is_err());
    /// assert!(Password::new(&b"tab\there"[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        scan::validate_password(&b, 0)?;
        Ok(Self(b))
    }

    pub(crate) const fn from_valid(b: &'a [u8]) -> Self {
        Self(Cow::Borrowed(b))
    }

    /// The password bytes, as sent.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The password as text, if it is UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Converts into a value that owns its bytes.
    pub fn into_owned(self) -> Password<'static> {
        Password(own_bytes(self.0))
    }
}

impl fmt::Debug for Password<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Password(<{} bytes>)", self.0.len())
    }
}

impl<'a> TryFrom<&'a [u8]> for Password<'a> {
    type Error = Error;

    fn try_from(b: &'a [u8]) -> Result<Self, Error> {
        Self::new(b)
    }
}

/// The digest argument of APOP (RFC 1939 §7): the 16 octets of an MD5 digest, sent as 32
/// lower-case hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApopDigest([u8; 16]);

impl ApopDigest {
    /// A digest from its 16 octets (the MD5 of the greeting's timestamp followed by the
    /// shared secret; computing it is the caller's).
    pub const fn new(octets: [u8; 16]) -> Self {
        Self(octets)
    }

    /// Parses 32 hex digits, lower or upper case (the wire parser takes upper case only in
    /// lenient mode).
    ///
    /// ```
    /// use pop3_proto::types::command::ApopDigest;
    /// // RFC 1939 §7's example digest.
    /// let d = ApopDigest::from_hex("c4c9334bac560ecc979e58001b3e22fb").unwrap();
    /// assert_eq!(d.as_bytes()[0], 0xc4);
    /// assert_eq!(d.to_string(), "c4c9334bac560ecc979e58001b3e22fb");
    /// assert!(ApopDigest::from_hex("c4c9").is_err());
    /// ```
    pub fn from_hex(s: &str) -> Result<Self, Error> {
        let b = s.as_bytes();
        let d = scan::scan_digest(b, 0, true)?;
        if b.len() != 32 {
            return Err(scan::unexpected(b, 32, "end of the digest (32 hex digits)"));
        }
        Ok(d)
    }

    /// The 16 octets.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The wire form: 32 lower-case hex digits.
    pub fn to_hex(&self) -> [u8; 32] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, &o) in self.0.iter().enumerate() {
            out[2 * i] = HEX[usize::from(o >> 4)];
            out[2 * i + 1] = HEX[usize::from(o & 0x0F)];
        }
        out
    }
}

impl fmt::Display for ApopDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hex digits are ASCII.
        f.write_str(std::str::from_utf8(&self.to_hex()).unwrap_or_default())
    }
}

/// A SASL mechanism name (RFC 4422 §3.1: `sasl-mech = 1*20mech-char`,
/// `mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE`), as sent. Lower-case letters are
/// accepted too (clients send `auth plain`); compare with [`Mechanism::eq_ignore_case`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mechanism<'a>(Cow<'a, str>);

impl<'a> Mechanism<'a> {
    /// Validates a mechanism name.
    ///
    /// ```
    /// use pop3_proto::types::command::Mechanism;
    /// assert!(Mechanism::new("SCRAM-SHA-256").is_ok());
    /// assert!(Mechanism::new("A_MECHANISM_NAME_TOO_LONG").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        whole(s.as_bytes(), "end of the SASL mechanism name", |b| {
            scan::scan_mechanism(b, 0)
        })?;
        Ok(Self(s))
    }

    /// Compares ignoring ASCII case.
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}

str_newtype!(Mechanism);

/// Base64 text of a SASL response (RFC 5034 §4:
/// `base64 = base64-terminal / ( 1*(4base64-char) [base64-terminal] )`), never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SaslBase64<'a>(Cow<'a, str>);

impl<'a> SaslBase64<'a> {
    /// Validates base64 text (padded, a multiple of 4 characters, not empty).
    ///
    /// ```
    /// use pop3_proto::types::command::SaslBase64;
    /// assert!(SaslBase64::new("dGVzdAB0ZXN0AHRlc3Q=").is_ok());
    /// assert!(SaslBase64::new("dGVzdA").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::validate_base64(s.as_bytes(), 0, s.len())?;
        Ok(Self(s))
    }
}

str_newtype!(SaslBase64);

/// The initial response of AUTH (RFC 5034 §4: `initial-response = base64 / "="`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InitialResponse<'a> {
    /// `=`: an empty initial response.
    Empty,
    /// Base64-encoded response data.
    Data(SaslBase64<'a>),
}

impl InitialResponse<'_> {
    /// The wire form: `=` or the base64 text.
    pub fn as_str(&self) -> &str {
        match self {
            InitialResponse::Empty => "=",
            InitialResponse::Data(d) => d.as_str(),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> InitialResponse<'static> {
        match self {
            InitialResponse::Empty => InitialResponse::Empty,
            InitialResponse::Data(d) => InitialResponse::Data(d.into_owned()),
        }
    }
}

/// The argument of LANG (RFC 6856, the LANG capability): a language tag or `*`, checked against RFC 4647 §2.1
/// `language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*"`, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageRange<'a>(Cow<'a, str>);

impl<'a> LanguageRange<'a> {
    /// Validates a language range.
    ///
    /// ```
    /// use pop3_proto::types::command::LanguageRange;
    /// assert!(LanguageRange::new("en-boont").is_ok());
    /// assert!(LanguageRange::new("*").unwrap().is_wildcard());
    /// assert!(LanguageRange::new("en_US").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        whole(s.as_bytes(), "end of the language range", |b| {
            scan::scan_language_range(b, 0)
        })?;
        Ok(Self(s))
    }

    /// True for `*` (RFC 6856, the LANG capability: back to the server's default language).
    pub fn is_wildcard(&self) -> bool {
        &*self.0 == "*"
    }
}

str_newtype!(LanguageRange);

/// The keyword of a command that has no [`Command`] variant, as sent: 1 to 40 printable
/// ASCII characters (`VCHAR`) that do not spell a known keyword in any case.
///
/// RFC 2449 §3 says `keyword = 3*4VCHAR`: the strict parser takes 3 or 4 characters, the
/// lenient one 1 to 40 (deployed extensions such as `XCLIENT` are longer). A value whose
/// keyword is not 3 or 4 characters long therefore parses back only in lenient mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownKeyword<'a>(Cow<'a, str>);

impl<'a> UnknownKeyword<'a> {
    /// Validates a keyword that is not a known one.
    ///
    /// ```
    /// use pop3_proto::types::command::UnknownKeyword;
    /// assert!(UnknownKeyword::new("XTND").is_ok());
    /// assert!(UnknownKeyword::new("retr").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        let b = s.as_bytes();
        whole(b, "end of the keyword", |b| scan::scan_keyword(b, 0))?;
        if b.len() > scan::MAX_UNKNOWN_KEYWORD {
            return Err(scan::expected(
                scan::MAX_UNKNOWN_KEYWORD,
                "at most 40 characters in a command keyword",
            ));
        }
        if scan::known_keyword(b).is_some() {
            return Err(scan::expected(0, "a keyword without a Command variant"));
        }
        Ok(Self(s))
    }
}

str_newtype!(UnknownKeyword);

/// The arguments of an unknown command: everything after the SP that follows the keyword,
/// as sent (SP included); no control character. May be empty (`XTND ` in strict mode).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnknownArgs<'a>(Cow<'a, [u8]>);

impl<'a> UnknownArgs<'a> {
    /// Validates argument text (any bytes but control characters).
    ///
    /// ```
    /// use pop3_proto::types::command::UnknownArgs;
    /// assert!(UnknownArgs::new(&b"XMIT now"[..]).is_ok());
    /// assert!(UnknownArgs::new(&b"a\r\nQUIT"[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        if let Some(p) = scan::first_control(&b, 0) {
            return Err(scan::unexpected(&b, p, "printable text"));
        }
        Ok(Self(b))
    }

    pub(crate) const fn from_valid(b: &'a [u8]) -> Self {
        Self(Cow::Borrowed(b))
    }

    /// The bytes, as sent.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Converts into a value that owns its bytes.
    pub fn into_owned(self) -> UnknownArgs<'static> {
        UnknownArgs(own_bytes(self.0))
    }
}

impl fmt::Debug for UnknownArgs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnknownArgs({:?})", String::from_utf8_lossy(&self.0))
    }
}

/// What kind of command a [`Command`] is, without its arguments: one variant per keyword
/// (bare `AUTH` and `AUTH mechanism` are both [`CommandKind::Auth`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    /// `USER` (RFC 1939 §7).
    User,
    /// `PASS` (RFC 1939 §7).
    Pass,
    /// `APOP` (RFC 1939 §7).
    Apop,
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST` (RFC 1939 §5).
    List,
    /// `RETR` (RFC 1939 §5).
    Retr,
    /// `DELE` (RFC 1939 §5).
    Dele,
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §4, §6).
    Quit,
    /// `TOP` (RFC 1939 §7).
    Top,
    /// `UIDL` (RFC 1939 §7).
    Uidl,
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH` (RFC 5034 §4), with or without a mechanism.
    Auth,
    /// `UTF8` (RFC 6856, the UTF8 capability).
    Utf8,
    /// `LANG` (RFC 6856, the LANG capability).
    Lang,
    /// A keyword without a [`Command`] variant.
    Unknown,
}

impl CommandKind {
    /// The keyword in upper case; `None` for [`CommandKind::Unknown`].
    pub const fn keyword(self) -> Option<&'static str> {
        Some(match self {
            Self::User => "USER",
            Self::Pass => "PASS",
            Self::Apop => "APOP",
            Self::Stat => "STAT",
            Self::List => "LIST",
            Self::Retr => "RETR",
            Self::Dele => "DELE",
            Self::Noop => "NOOP",
            Self::Rset => "RSET",
            Self::Quit => "QUIT",
            Self::Top => "TOP",
            Self::Uidl => "UIDL",
            Self::Capa => "CAPA",
            Self::Stls => "STLS",
            Self::Auth => "AUTH",
            Self::Utf8 => "UTF8",
            Self::Lang => "LANG",
            Self::Unknown => return None,
        })
    }
}

/// A POP3 command (RFC 1939 and the extensions named on each variant).
///
/// Parse with [`Command::parse`] (a line with its CRLF) or [`Command::parse_line`] (the text
/// of a line); encode with [`Command::encode`]. Keywords are case-insensitive on input
/// (RFC 1939 §3) and written in upper case; an unknown keyword is written as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `USER name` (RFC 1939 §7).
    User {
        /// The mailbox.
        name: UserName<'a>,
    },
    /// `PASS string` (RFC 1939 §7): the rest of the line, spaces included.
    Pass {
        /// The password.
        password: Password<'a>,
    },
    /// `APOP name digest` (RFC 1939 §7).
    Apop {
        /// The mailbox.
        name: UserName<'a>,
        /// MD5 of the greeting's timestamp followed by the shared secret.
        digest: ApopDigest,
    },
    /// `STAT` (RFC 1939 §5).
    Stat,
    /// `LIST [msg]` (RFC 1939 §5).
    List {
        /// The message; `None` lists every message (a multi-line answer).
        msg: Option<MessageNumber>,
    },
    /// `RETR msg` (RFC 1939 §5).
    Retr {
        /// The message.
        msg: MessageNumber,
    },
    /// `DELE msg` (RFC 1939 §5).
    Dele {
        /// The message.
        msg: MessageNumber,
    },
    /// `NOOP` (RFC 1939 §5).
    Noop,
    /// `RSET` (RFC 1939 §5).
    Rset,
    /// `QUIT` (RFC 1939 §4, §6).
    Quit,
    /// `TOP msg n` (RFC 1939 §7): the headers and the first `n` body lines (`n` may be 0).
    Top {
        /// The message.
        msg: MessageNumber,
        /// Body lines wanted.
        lines: u32,
    },
    /// `UIDL [msg]` (RFC 1939 §7).
    Uidl {
        /// The message; `None` lists every message (a multi-line answer).
        msg: Option<MessageNumber>,
    },
    /// `CAPA` (RFC 2449 §5).
    Capa,
    /// `STLS` (RFC 2595 §4).
    Stls,
    /// `AUTH mechanism [initial-response]` (RFC 5034 §4).
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// The initial response (`=` for an empty one).
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `AUTH` without a mechanism: not in RFC 5034, but sent by clients and answered by many
    /// servers with `+OK` and a multi-line list of mechanisms (the form of RFC 1734's
    /// predecessors).
    AuthList,
    /// `UTF8` (RFC 6856, the UTF8 capability).
    Utf8,
    /// `LANG [lang]` (RFC 6856, the LANG capability).
    Lang {
        /// The language wanted; `None` lists the languages (a multi-line answer).
        range: Option<LanguageRange<'a>>,
    },
    /// A well-formed line with a keyword that has no variant here (`XTND`, `LAST`, …): a
    /// server answers `-ERR` (RFC 2449 §3: "an unrecognized, unimplemented, or syntactically
    /// invalid command" gets a negative status indicator).
    Unknown {
        /// The keyword as sent.
        keyword: UnknownKeyword<'a>,
        /// Everything after the SP that follows the keyword, if there was one.
        args: Option<UnknownArgs<'a>>,
    },
}

impl Command<'_> {
    /// The kind of command.
    pub const fn kind(&self) -> CommandKind {
        match self {
            Command::User { .. } => CommandKind::User,
            Command::Pass { .. } => CommandKind::Pass,
            Command::Apop { .. } => CommandKind::Apop,
            Command::Stat => CommandKind::Stat,
            Command::List { .. } => CommandKind::List,
            Command::Retr { .. } => CommandKind::Retr,
            Command::Dele { .. } => CommandKind::Dele,
            Command::Noop => CommandKind::Noop,
            Command::Rset => CommandKind::Rset,
            Command::Quit => CommandKind::Quit,
            Command::Top { .. } => CommandKind::Top,
            Command::Uidl { .. } => CommandKind::Uidl,
            Command::Capa => CommandKind::Capa,
            Command::Stls => CommandKind::Stls,
            Command::Auth { .. } | Command::AuthList => CommandKind::Auth,
            Command::Utf8 => CommandKind::Utf8,
            Command::Lang { .. } => CommandKind::Lang,
            Command::Unknown { .. } => CommandKind::Unknown,
        }
    }

    /// The keyword: upper case for a known command, as sent for [`Command::Unknown`].
    pub fn keyword(&self) -> &str {
        match self {
            Command::Unknown { keyword, .. } => keyword.as_str(),
            other => other.kind().keyword().unwrap_or_default(),
        }
    }

    /// Whether a `+OK` answer to this command is followed by a multi-line body ending in
    /// `CRLF.CRLF` (a `-ERR` answer never is):
    ///
    /// - `LIST` and `UIDL` without an argument (RFC 1939 §5, §7), `RETR` (§5), `TOP` (§7);
    /// - `CAPA` (RFC 2449 §5);
    /// - `LANG` without an argument (RFC 6856, the LANG capability: the language listing);
    /// - bare `AUTH` ([`Command::AuthList`]: the mechanism list servers send).
    ///
    /// Everything else is answered on one line: `AUTH mechanism` gets `+ ` continuation
    /// lines and then a single-line `+OK`/`-ERR` (RFC 5034 §4). For [`Command::Unknown`]
    /// the answer is taken to be single-line (`-ERR`, RFC 2449 §3).
    pub const fn expects_multiline(&self) -> bool {
        match self {
            Command::List { msg } | Command::Uidl { msg } => msg.is_none(),
            Command::Lang { range } => range.is_none(),
            Command::Retr { .. } | Command::Top { .. } | Command::Capa | Command::AuthList => true,
            Command::User { .. }
            | Command::Pass { .. }
            | Command::Apop { .. }
            | Command::Stat
            | Command::Dele { .. }
            | Command::Noop
            | Command::Rset
            | Command::Quit
            | Command::Stls
            | Command::Auth { .. }
            | Command::Utf8
            | Command::Unknown { .. } => false,
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::User { name } => Command::User {
                name: name.into_owned(),
            },
            Command::Pass { password } => Command::Pass {
                password: password.into_owned(),
            },
            Command::Apop { name, digest } => Command::Apop {
                name: name.into_owned(),
                digest,
            },
            Command::Stat => Command::Stat,
            Command::List { msg } => Command::List { msg },
            Command::Retr { msg } => Command::Retr { msg },
            Command::Dele { msg } => Command::Dele { msg },
            Command::Noop => Command::Noop,
            Command::Rset => Command::Rset,
            Command::Quit => Command::Quit,
            Command::Top { msg, lines } => Command::Top { msg, lines },
            Command::Uidl { msg } => Command::Uidl { msg },
            Command::Capa => Command::Capa,
            Command::Stls => Command::Stls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Command::AuthList => Command::AuthList,
            Command::Utf8 => Command::Utf8,
            Command::Lang { range } => Command::Lang {
                range: range.map(LanguageRange::into_owned),
            },
            Command::Unknown { keyword, args } => Command::Unknown {
                keyword: keyword.into_owned(),
                args: args.map(UnknownArgs::into_owned),
            },
        }
    }
}

/// A line the client sends during an AUTH exchange, after the server's `+ ` continuation
/// (RFC 5034 §4: "a line containing a string encoded as Base64", or `*` to cancel;
/// formal syntax `*(CRLF [base64]) [CRLF cancel-response]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthLine<'a> {
    /// A base64-encoded response.
    Response(SaslBase64<'a>),
    /// An empty line: an empty response (the `[base64]` of the grammar left out).
    Empty,
    /// `*`: the client cancels the exchange; the server answers `-ERR`.
    Cancel,
}

impl AuthLine<'_> {
    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> AuthLine<'static> {
        match self {
            AuthLine::Response(r) => AuthLine::Response(r.into_owned()),
            AuthLine::Empty => AuthLine::Empty,
            AuthLine::Cancel => AuthLine::Cancel,
        }
    }
}
