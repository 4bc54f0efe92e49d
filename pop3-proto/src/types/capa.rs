//! CAPA responses as a typed capability list: [`Capabilities`], [`Capability`].
//!
//! RFC 2449 §3:
//!
//! ```text
//! capa-resp    =  single-line *capability "." CRLF
//! capability   =  capa-tag *(SP param) CRLF   ;512 octets maximum
//! capa-tag     =  1*cchar
//! cchar        =  %x21-2D / %x2F-7F           ;printable ASCII, excluding "."
//! param        =  1*VCHAR
//! ```
//!
//! [`Capabilities::parse_body`] takes the body after the `+OK` line, unstuffed and without
//! the final `.` line; each line becomes one [`Capability`]. Tags are case-insensitive
//! (RFC 2449 §5); known ones are written in upper case, unknown ones keep their spelling and
//! parameters ([`Capability::Other`]).
//!
//! # Tags covered
//!
//! Every tag of the IANA "POP3 Capabilities" registry:
//!
//! | tag | variant | parameters |
//! | --- | --- | --- |
//! | `TOP` (RFC 2449 §6.1) | [`Capability::Top`] | |
//! | `USER` (RFC 2449 §6.2) | [`Capability::User`] | |
//! | `SASL` (RFC 2449 §6.3, RFC 5034 §3) | [`Capability::Sasl`] | mechanism names |
//! | `RESP-CODES` (RFC 2449 §6.4) | [`Capability::RespCodes`] | |
//! | `LOGIN-DELAY` (RFC 2449 §6.5) | [`Capability::LoginDelay`] | seconds, optional `USER` |
//! | `PIPELINING` (RFC 2449 §6.6) | [`Capability::Pipelining`] | |
//! | `EXPIRE` (RFC 2449 §6.7) | [`Capability::Expire`] | days or `NEVER`, optional `USER` |
//! | `UIDL` (RFC 2449 §6.8) | [`Capability::Uidl`] | |
//! | `IMPLEMENTATION` (RFC 2449 §6.9) | [`Capability::Implementation`] | one or more tokens |
//! | `STLS` (RFC 2595 §4) | [`Capability::Stls`] | |
//! | `AUTH-RESP-CODE` (RFC 3206) | [`Capability::AuthRespCode`] | |
//! | `UTF8` (RFC 6856 §2) | [`Capability::Utf8`] | optional `USER` |
//! | `LANG` (RFC 6856 §3) | [`Capability::Lang`] | |
//! | anything else | [`Capability::Other`] | kept verbatim |
//!
//! The `USER` and `NEVER` tokens are read without regard to case and written in upper case.
//! Parameters may hold 8-bit bytes (a server in RFC 6856 UTF-8 mode sends UTF-8); tags are
//! `cchar`s only.
//!
//! # Strict and lenient
//!
//! Strict mode (the default) refuses a line that does not follow `capa-tag *(SP param)`
//! (empty lines, runs of SP, trailing SP, a control byte) and a known tag whose parameters
//! do not follow its RFC (`LOGIN-DELAY soon`, `TOP 1`, a number that overflows `u32`).
//! Lenient mode splits parameters on runs of SP and HTAB, drops trailing blanks and empty
//! lines, and keeps a known tag with unexpected parameters as [`Capability::Other`].
//!
//! ```
//! use pop3_proto::types::capa::{Capabilities, Capability, ExpirePolicy};
//! use pop3_proto::ParserOptions;
//!
//! // RFC 2449 §5 (the body of the CAPA example, unstuffed, without the "." line).
//! let body = b"TOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\nRESP-CODES\r\nLOGIN-DELAY 900\r\n\
//!              PIPELINING\r\nEXPIRE 60\r\nUIDL\r\nIMPLEMENTATION Shlemazle-Plotz-v302\r\n";
//! let caps = Capabilities::parse_body(body, &ParserOptions::default()).unwrap();
//! assert_eq!(caps.len(), 9);
//! assert!(caps.has("top"));
//! assert_eq!(caps.sasl_mechanisms().collect::<Vec<_>>(), [&b"CRAM-MD5"[..], b"KERBEROS_V4"]);
//! assert_eq!(caps.login_delay(), Some((900, false)));
//! assert_eq!(caps.expire(), Some((ExpirePolicy::Days(60), false)));
//! assert_eq!(caps.implementation(), Some(&b"Shlemazle-Plotz-v302"[..]));
//! assert_eq!(caps.to_bytes(), body);
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::types::reply::{Escaped, IntoText, ReplyValueError, owned};

/// RFC 2449 §3 `cchar = %x21-2D / %x2F-7F` (printable ASCII, excluding ".").
pub(crate) const fn is_cchar(b: u8) -> bool {
    matches!(b, 0x21..=0x2D | 0x2F..=0x7F)
}

/// A byte of a parameter: RFC 2449 §3 `VCHAR` (%x21-7E), or an 8-bit byte.
pub(crate) const fn is_param_char(b: u8) -> bool {
    matches!(b, 0x21..=0x7E | 0x80..=0xFF)
}

pub(crate) fn is_capa_tag(tag: &[u8]) -> bool {
    !tag.is_empty() && tag.iter().all(|&b| is_cchar(b))
}

pub(crate) fn is_param(param: &[u8]) -> bool {
    !param.is_empty() && param.iter().all(|&b| is_param_char(b))
}

/// One parameter of a capability line: one or more bytes that are `VCHAR` or 8-bit (never
/// SP or a control byte).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CapaWord<'a>(pub(crate) Cow<'a, [u8]>);

impl<'a> CapaWord<'a> {
    /// A parameter: one or more bytes 0x21–0x7E or 0x80–0xFF.
    pub fn new(word: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let word = word.into_text();
        if !is_param(&word) {
            return Err(ReplyValueError::InvalidCapability { what: "parameter" });
        }
        Ok(Self(word))
    }

    /// The bytes of the parameter.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same parameter owning its bytes.
    pub fn into_owned(self) -> CapaWord<'static> {
        CapaWord(owned(self.0))
    }
}

impl fmt::Debug for CapaWord<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(&self.0).fmt(f)
    }
}

/// Text made of parameters: one or more [`CapaWord`]s separated by single SPs (the argument
/// of IMPLEMENTATION, RFC 2449 §6.9).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CapaText<'a>(pub(crate) Cow<'a, [u8]>);

impl<'a> CapaText<'a> {
    /// Text of parameters separated by single SPs.
    pub fn new(text: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        let text = text.into_text();
        if !text.split(|&b| b == b' ').all(is_param) {
            return Err(ReplyValueError::InvalidCapability { what: "text" });
        }
        Ok(Self(text))
    }

    /// Text joined from parameters (copied, with single SPs between them).
    pub(crate) fn join(words: &[&[u8]]) -> CapaText<'static> {
        CapaText(Cow::Owned(words.join(&b' ')))
    }

    /// The text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same text owning its bytes.
    pub fn into_owned(self) -> CapaText<'static> {
        CapaText(owned(self.0))
    }
}

impl fmt::Debug for CapaText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(&self.0).fmt(f)
    }
}

/// The retention policy announced by EXPIRE (RFC 2449 §6.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpirePolicy {
    /// Messages may be deleted after this many days; 0: mail may not be left on the server.
    Days(u32),
    /// `NEVER`: the server does not delete messages.
    Never,
}

/// A capability with a tag that has no variant of its own, or a known tag whose parameters
/// do not follow its RFC (kept in lenient mode): the tag as sent and its parameters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OtherCapability<'a> {
    pub(crate) tag: Cow<'a, [u8]>,
    pub(crate) params: Vec<CapaWord<'a>>,
}

impl OtherCapability<'_> {
    /// The tag as sent.
    pub fn tag(&self) -> &[u8] {
        &self.tag
    }

    /// The parameters.
    pub fn params(&self) -> &[CapaWord<'_>] {
        &self.params
    }
}

impl fmt::Debug for OtherCapability<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtherCapability")
            .field("tag", &Escaped(&self.tag))
            .field("params", &self.params)
            .finish()
    }
}

/// One line of a CAPA response. See the [module documentation](self) for the tags covered.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Capability<'a> {
    /// `TOP`: the TOP command is available.
    Top,
    /// `USER`: USER and PASS are available.
    User,
    /// `SASL mech…`: AUTH with these SASL mechanisms (possibly none listed).
    Sasl(Vec<CapaWord<'a>>),
    /// `RESP-CODES`: text starting with `[` is a response code.
    RespCodes,
    /// `LOGIN-DELAY seconds [USER]`: the minimum delay between logins.
    LoginDelay {
        /// Minimum seconds between logins.
        seconds: u32,
        /// `USER`: the value may differ per user (re-issue CAPA after login).
        per_user: bool,
    },
    /// `PIPELINING`: the server accepts several commands at a time.
    Pipelining,
    /// `EXPIRE days|NEVER [USER]`: the minimum retention period.
    Expire {
        /// Days or never.
        policy: ExpirePolicy,
        /// `USER`: the value may differ per user.
        per_user: bool,
    },
    /// `UIDL`: the UIDL command is available.
    Uidl,
    /// `IMPLEMENTATION text`: the server implementation.
    Implementation(CapaText<'a>),
    /// `STLS`: the STLS command is available (RFC 2595).
    Stls,
    /// `AUTH-RESP-CODE`: authentication failures caused by credentials carry `[AUTH]`
    /// (RFC 3206).
    AuthRespCode,
    /// `UTF8 [USER]`: the UTF8 command is available; with `USER`, UTF-8 user names and
    /// passwords are accepted (RFC 6856 §2).
    Utf8 {
        /// The `USER` argument.
        user: bool,
    },
    /// `LANG`: the LANG command is available (RFC 6856 §3).
    Lang,
    /// Any other tag, or a known tag with parameters that do not follow its RFC.
    Other(OtherCapability<'a>),
}

/// Why a known tag's parameters do not fit: the index of the offending parameter (or the
/// parameter count, when one is missing) and what was expected.
pub(crate) type ParamMismatch = (usize, &'static str);

fn is_user(p: &[u8]) -> bool {
    p.eq_ignore_ascii_case(b"USER")
}

/// `1*DIGIT` fitting `u32`; `Err(true)` on overflow, `Err(false)` when not a number.
pub(crate) fn u32_param(p: &[u8]) -> Result<u32, bool> {
    if p.is_empty() || !p.iter().all(u8::is_ascii_digit) {
        return Err(false);
    }
    p.iter().try_fold(0u32, |n, &d| {
        n.checked_mul(10)
            .and_then(|n| n.checked_add(u32::from(d - b'0')))
            .ok_or(true)
    })
}

impl<'a> Capability<'a> {
    /// Classifies a syntactically valid tag and parameters. `Ok(None)`: an unknown tag;
    /// `Err`: a known tag whose parameters do not fit (with an overflow flag).
    pub(crate) fn classify(
        tag: &[u8],
        params: &[&'a [u8]],
    ) -> Result<Option<Self>, (ParamMismatch, bool)> {
        let none = |cap: Self| {
            if params.is_empty() {
                Ok(Some(cap))
            } else {
                Err(((0, "no parameters"), false))
            }
        };
        let optional_user = |i: usize| match &params[i..] {
            [] => Ok(false),
            [u] if is_user(u) => Ok(true),
            [_] => Err(((i, "USER"), false)),
            _ => Err(((i + 1, "end of line"), false)),
        };
        let upper = |name: &[u8]| tag.eq_ignore_ascii_case(name);
        if upper(b"TOP") {
            none(Self::Top)
        } else if upper(b"USER") {
            none(Self::User)
        } else if upper(b"SASL") {
            Ok(Some(Self::Sasl(
                params.iter().map(|p| CapaWord(Cow::Borrowed(*p))).collect(),
            )))
        } else if upper(b"RESP-CODES") {
            none(Self::RespCodes)
        } else if upper(b"LOGIN-DELAY") {
            let seconds = match params.first() {
                Some(p) => u32_param(p).map_err(|o| ((0, "seconds"), o))?,
                None => return Err(((0, "seconds"), false)),
            };
            let per_user = optional_user(1)?;
            Ok(Some(Self::LoginDelay { seconds, per_user }))
        } else if upper(b"PIPELINING") {
            none(Self::Pipelining)
        } else if upper(b"EXPIRE") {
            let policy = match params.first() {
                Some(p) if p.eq_ignore_ascii_case(b"NEVER") => ExpirePolicy::Never,
                Some(p) => ExpirePolicy::Days(u32_param(p).map_err(|o| ((0, "days or NEVER"), o))?),
                None => return Err(((0, "days or NEVER"), false)),
            };
            let per_user = optional_user(1)?;
            Ok(Some(Self::Expire { policy, per_user }))
        } else if upper(b"UIDL") {
            none(Self::Uidl)
        } else if upper(b"IMPLEMENTATION") {
            match params {
                [] => Err(((0, "implementation text"), false)),
                [one] => Ok(Some(Self::Implementation(CapaText(Cow::Borrowed(*one))))),
                many => Ok(Some(Self::Implementation(CapaText::join(many)))),
            }
        } else if upper(b"STLS") {
            none(Self::Stls)
        } else if upper(b"AUTH-RESP-CODE") {
            none(Self::AuthRespCode)
        } else if upper(b"UTF8") {
            let user = optional_user(0)?;
            Ok(Some(Self::Utf8 { user }))
        } else if upper(b"LANG") {
            none(Self::Lang)
        } else {
            Ok(None)
        }
    }

    /// A capability from its tag and parameters, each checked against RFC 2449 §3
    /// (`capa-tag = 1*cchar`; parameters: see [`CapaWord`]). A known tag (in any case)
    /// becomes its own variant when its parameters fit, and [`Capability::Other`] otherwise
    /// — as the lenient parser does; such a line is refused by the strict parser.
    ///
    /// ```
    /// use pop3_proto::types::capa::Capability;
    ///
    /// let cap = Capability::new("login-delay", ["900", "USER"]).unwrap();
    /// assert_eq!(cap, Capability::LoginDelay { seconds: 900, per_user: true });
    /// assert!(matches!(Capability::new("X-FOO", ["bar"]).unwrap(), Capability::Other(_)));
    /// assert!(Capability::new("BAD.TAG", Vec::<&str>::new()).is_err());
    /// ```
    pub fn new<I, T>(tag: impl IntoText<'a>, params: I) -> Result<Self, ReplyValueError>
    where
        I: IntoIterator<Item = T>,
        T: IntoText<'a>,
    {
        let tag = tag.into_text();
        if !is_capa_tag(&tag) {
            return Err(ReplyValueError::InvalidCapability { what: "tag" });
        }
        let params = params
            .into_iter()
            .map(CapaWord::new)
            .collect::<Result<Vec<_>, _>>()?;
        let known = {
            let views: Vec<&[u8]> = params.iter().map(CapaWord::as_bytes).collect();
            Capability::classify(&tag, &views)
                .ok()
                .flatten()
                .map(Capability::into_owned)
        };
        Ok(known.unwrap_or(Self::Other(OtherCapability { tag, params })))
    }

    /// The tag: upper case for the known capabilities, as sent for [`Capability::Other`].
    pub fn tag(&self) -> &[u8] {
        match self {
            Self::Top => b"TOP",
            Self::User => b"USER",
            Self::Sasl(_) => b"SASL",
            Self::RespCodes => b"RESP-CODES",
            Self::LoginDelay { .. } => b"LOGIN-DELAY",
            Self::Pipelining => b"PIPELINING",
            Self::Expire { .. } => b"EXPIRE",
            Self::Uidl => b"UIDL",
            Self::Implementation(_) => b"IMPLEMENTATION",
            Self::Stls => b"STLS",
            Self::AuthRespCode => b"AUTH-RESP-CODE",
            Self::Utf8 { .. } => b"UTF8",
            Self::Lang => b"LANG",
            Self::Other(other) => &other.tag,
        }
    }

    /// The same capability owning its bytes.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Self::Top => Capability::Top,
            Self::User => Capability::User,
            Self::Sasl(mechs) => {
                Capability::Sasl(mechs.into_iter().map(CapaWord::into_owned).collect())
            }
            Self::RespCodes => Capability::RespCodes,
            Self::LoginDelay { seconds, per_user } => Capability::LoginDelay { seconds, per_user },
            Self::Pipelining => Capability::Pipelining,
            Self::Expire { policy, per_user } => Capability::Expire { policy, per_user },
            Self::Uidl => Capability::Uidl,
            Self::Implementation(text) => Capability::Implementation(text.into_owned()),
            Self::Stls => Capability::Stls,
            Self::AuthRespCode => Capability::AuthRespCode,
            Self::Utf8 { user } => Capability::Utf8 { user },
            Self::Lang => Capability::Lang,
            Self::Other(other) => Capability::Other(OtherCapability {
                tag: owned(other.tag),
                params: other.params.into_iter().map(CapaWord::into_owned).collect(),
            }),
        }
    }
}

/// The capabilities of a CAPA response, in the order the server listed them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Capabilities<'a> {
    pub(crate) caps: Vec<Capability<'a>>,
}

impl<'a> Capabilities<'a> {
    /// A list of capabilities.
    pub const fn new(caps: Vec<Capability<'a>>) -> Self {
        Self { caps }
    }

    /// The capabilities in order.
    pub fn as_slice(&self) -> &[Capability<'a>] {
        &self.caps
    }

    /// Iterates over the capabilities in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Capability<'a>> {
        self.caps.iter()
    }

    /// The number of capabilities.
    pub fn len(&self) -> usize {
        self.caps.len()
    }

    /// True when the server listed none.
    pub fn is_empty(&self) -> bool {
        self.caps.is_empty()
    }

    /// True when a capability with this tag was listed (tags compare without regard to case).
    pub fn has(&self, tag: &str) -> bool {
        self.caps
            .iter()
            .any(|c| c.tag().eq_ignore_ascii_case(tag.as_bytes()))
    }

    /// The SASL mechanisms of the first SASL line (none when there is no SASL line).
    pub fn sasl_mechanisms(&self) -> impl Iterator<Item = &[u8]> {
        self.caps
            .iter()
            .find_map(|c| match c {
                Capability::Sasl(mechs) => Some(mechs.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
            .iter()
            .map(CapaWord::as_bytes)
    }

    /// LOGIN-DELAY: seconds, and whether the value may differ per user.
    pub fn login_delay(&self) -> Option<(u32, bool)> {
        self.caps.iter().find_map(|c| match c {
            Capability::LoginDelay { seconds, per_user } => Some((*seconds, *per_user)),
            _ => None,
        })
    }

    /// EXPIRE: the policy, and whether it may differ per user.
    pub fn expire(&self) -> Option<(ExpirePolicy, bool)> {
        self.caps.iter().find_map(|c| match c {
            Capability::Expire { policy, per_user } => Some((*policy, *per_user)),
            _ => None,
        })
    }

    /// IMPLEMENTATION's text.
    pub fn implementation(&self) -> Option<&[u8]> {
        self.caps.iter().find_map(|c| match c {
            Capability::Implementation(text) => Some(text.as_bytes()),
            _ => None,
        })
    }

    /// The same list owning its bytes.
    pub fn into_owned(self) -> Capabilities<'static> {
        Capabilities {
            caps: self.caps.into_iter().map(Capability::into_owned).collect(),
        }
    }
}

impl<'a> From<Vec<Capability<'a>>> for Capabilities<'a> {
    fn from(caps: Vec<Capability<'a>>) -> Self {
        Self { caps }
    }
}

impl<'a> FromIterator<Capability<'a>> for Capabilities<'a> {
    fn from_iter<I: IntoIterator<Item = Capability<'a>>>(iter: I) -> Self {
        Self {
            caps: iter.into_iter().collect(),
        }
    }
}

impl<'s, 'a> IntoIterator for &'s Capabilities<'a> {
    type Item = &'s Capability<'a>;
    type IntoIter = std::slice::Iter<'s, Capability<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.caps.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u32_params() {
        assert_eq!(u32_param(b"0"), Ok(0));
        assert_eq!(u32_param(b"4294967295"), Ok(u32::MAX));
        assert_eq!(u32_param(b"4294967296"), Err(true));
        assert_eq!(u32_param(b""), Err(false));
        assert_eq!(u32_param(b"1x"), Err(false));
    }

    #[test]
    fn classification() {
        let c = |tag: &[u8], params: &[&'static [u8]]| Capability::classify(tag, params);
        assert_eq!(c(b"top", &[]), Ok(Some(Capability::Top)));
        assert_eq!(c(b"TOP", &[b"x"]), Err(((0, "no parameters"), false)));
        assert_eq!(
            c(b"EXPIRE", &[b"never", b"user"]),
            Ok(Some(Capability::Expire {
                policy: ExpirePolicy::Never,
                per_user: true
            }))
        );
        assert_eq!(c(b"EXPIRE", &[b"5", b"x"]), Err(((1, "USER"), false)));
        assert_eq!(
            c(b"EXPIRE", &[b"5", b"USER", b"x"]),
            Err(((2, "end of line"), false))
        );
        assert_eq!(
            c(b"LOGIN-DELAY", &[b"99999999999"]),
            Err(((0, "seconds"), true))
        );
        assert_eq!(
            c(b"UTF8", &[b"USER"]),
            Ok(Some(Capability::Utf8 { user: true }))
        );
        assert_eq!(c(b"X-FOO", &[b"1"]), Ok(None));
    }
}
