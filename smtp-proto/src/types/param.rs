//! MAIL and RCPT parameters: the list ([`Parameters`]), one parameter ([`Param`]) and the
//! typed values of the registered keywords.
//!
//! A parsed [`Parameters`] is the borrowed text of the list, checked in full when the
//! command was parsed; [`Parameters::iter`] re-reads it into typed [`Param`] values (cheap:
//! the syntax is already known to be right). A list built by a program holds the values.
//! Both compare by their parameters, so `parse(encode(x)) == x` for either.
//!
//! ```
//! use smtp_proto::types::param::{Notify, Orcpt, Param, Parameters};
//!
//! let mut params = Parameters::new();
//! params.push(Param::Notify(Notify::new(true, true, false).unwrap()));
//! params.push(Param::Orcpt(Orcpt::rfc822("Carol@Ivory.EDU").unwrap()));
//! assert_eq!(params.to_string(), "NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Carol@Ivory.EDU");
//! assert_eq!(Parameters::parse("notify=failure,success ORCPT=rfc822;Carol@Ivory.EDU").unwrap(), params);
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::error::Error;
use crate::parse::param::{self as scan, RawIter};
use crate::parse::path::expected;
use crate::parse::xtext;

/// Decoded octets as text, if UTF-8 (borrowed stays borrowed).
fn bytes_to_str(b: Cow<'_, [u8]>) -> Option<Cow<'_, str>> {
    match b {
        Cow::Borrowed(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        Cow::Owned(v) => String::from_utf8(v).ok().map(Cow::Owned),
    }
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// Text in `xtext` (RFC 3461 §4): printable ASCII with `+XX` (upper-case hex) for `+`, `=`
/// and anything else; kept in its encoded form, decoded on demand. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XText<'a>(Cow<'a, str>);

impl<'a> XText<'a> {
    /// Validates encoded xtext.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        xtext::validate_xtext(s.as_bytes(), 0, s.len())?;
        Ok(Self(s))
    }

    /// Encodes octets (at least one) as xtext.
    pub fn from_bytes(raw: &[u8]) -> Result<XText<'static>, Error> {
        XText::new(xtext::encode_xtext(raw))
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The encoded form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded octets (borrowed when there is no `+XX`).
    pub fn decode(&self) -> Cow<'_, [u8]> {
        xtext::decode_xtext(&self.0)
    }

    /// The decoded text, if it is UTF-8.
    pub fn decode_str(&self) -> Option<Cow<'_, str>> {
        bytes_to_str(self.decode())
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> XText<'_> {
        XText(Cow::Borrowed(&self.0))
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> XText<'static> {
        XText(own(self.0))
    }
}

impl fmt::Display for XText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `BODY=` (RFC 6152 §2 `7BIT` / `8BITMIME`; RFC 3030 §3 `BINARYMIME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    /// `7BIT`
    SevenBit,
    /// `8BITMIME`
    EightBitMime,
    /// `BINARYMIME`
    BinaryMime,
}

impl Body {
    /// The value as encoded.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SevenBit => "7BIT",
            Self::EightBitMime => "8BITMIME",
            Self::BinaryMime => "BINARYMIME",
        }
    }
}

/// `RET=` (RFC 3461 §4.3): what a failure DSN returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ret {
    /// `FULL`: the whole message.
    Full,
    /// `HDRS`: the headers only.
    Hdrs,
}

impl Ret {
    /// The value as encoded.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Full => "FULL",
            Self::Hdrs => "HDRS",
        }
    }
}

/// `NOTIFY=` (RFC 3461 §4.1): `NEVER`, or a non-empty set of `SUCCESS`, `FAILURE`,
/// `DELAY`. Encoded in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Notify(u8);

impl Notify {
    const SUCCESS: u8 = 1;
    const FAILURE: u8 = 2;
    const DELAY: u8 = 4;

    /// `NEVER`.
    pub const fn never() -> Self {
        Self(0)
    }

    /// A set of conditions; `None` when all are false (that is [`Notify::never`]).
    pub const fn new(success: bool, failure: bool, delay: bool) -> Option<Self> {
        let bits = ((success as u8) * Self::SUCCESS)
            | ((failure as u8) * Self::FAILURE)
            | ((delay as u8) * Self::DELAY);
        if bits == 0 { None } else { Some(Self(bits)) }
    }

    /// True for `NEVER`.
    pub const fn is_never(self) -> bool {
        self.0 == 0
    }

    /// `SUCCESS` is in the set.
    pub const fn success(self) -> bool {
        self.0 & Self::SUCCESS != 0
    }

    /// `FAILURE` is in the set.
    pub const fn failure(self) -> bool {
        self.0 & Self::FAILURE != 0
    }

    /// `DELAY` is in the set.
    pub const fn delay(self) -> bool {
        self.0 & Self::DELAY != 0
    }
}

impl fmt::Display for Notify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_never() {
            return f.write_str("NEVER");
        }
        let mut sep = "";
        for (on, name) in [
            (self.success(), "SUCCESS"),
            (self.failure(), "FAILURE"),
            (self.delay(), "DELAY"),
        ] {
            if on {
                f.write_str(sep)?;
                f.write_str(name)?;
                sep = ",";
            }
        }
        Ok(())
    }
}

/// `ORCPT=addr-type;address` (RFC 3461 §4.2), the original recipient.
///
/// For the address type `rfc822` (and any type other than `utf-8`) the address is
/// `xtext`; for `utf-8` (RFC 6533 §3) it is `utf-8-addr-xtext` or `utf-8-addr-unitext`
/// (`\x{HEX}` escapes). Kept encoded; [`Orcpt::address`] decodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orcpt<'a> {
    addr_type: Cow<'a, str>,
    addr: Cow<'a, str>,
}

impl<'a> Orcpt<'a> {
    /// Validates an address type (an atom) and an encoded address.
    ///
    /// ```
    /// use smtp_proto::types::param::Orcpt;
    /// let o = Orcpt::new("utf-8", "\\x{4E2D}@example.com").unwrap();
    /// assert_eq!(o.address_str().unwrap(), "中@example.com");
    /// assert!(Orcpt::new("rfc822", "a b").is_err());
    /// ```
    pub fn new(
        addr_type: impl Into<Cow<'a, str>>,
        address: impl Into<Cow<'a, str>>,
    ) -> Result<Self, Error> {
        let (addr_type, addr) = (addr_type.into(), address.into());
        let joined = format!("{addr_type};{addr}");
        let parsed = scan::orcpt_value(&joined, 0, joined.len())?;
        if parsed.addr_type().len() != addr_type.len() {
            return Err(expected(
                parsed.addr_type().len(),
                "address type (atom) of ORCPT",
            ));
        }
        Ok(Self { addr_type, addr })
    }

    /// `rfc822;` with `address` xtext-encoded.
    pub fn rfc822(address: &str) -> Result<Orcpt<'static>, Error> {
        Orcpt::new("rfc822", xtext::encode_xtext(address.as_bytes()))
    }

    /// `utf-8;` with `address` as `utf-8-addr-unitext` (non-ASCII kept as UTF-8, for a
    /// server that announced SMTPUTF8).
    pub fn utf8(address: &str) -> Result<Orcpt<'static>, Error> {
        Orcpt::new("utf-8", xtext::encode_utf8_addr(address, false)?)
    }

    /// `utf-8;` with `address` as `utf-8-addr-xtext` (all ASCII, non-ASCII as `\x{HEX}`).
    pub fn utf8_ascii(address: &str) -> Result<Orcpt<'static>, Error> {
        Orcpt::new("utf-8", xtext::encode_utf8_addr(address, true)?)
    }

    pub(crate) const fn from_valid(addr_type: &'a str, addr: &'a str) -> Self {
        Self {
            addr_type: Cow::Borrowed(addr_type),
            addr: Cow::Borrowed(addr),
        }
    }

    /// The address type as sent (`rfc822`, `utf-8`, …).
    pub fn addr_type(&self) -> &str {
        &self.addr_type
    }

    /// The address type is `rfc822` (any case).
    pub fn is_rfc822(&self) -> bool {
        self.addr_type.eq_ignore_ascii_case("rfc822")
    }

    /// The address type is `utf-8` (any case).
    pub fn is_utf8(&self) -> bool {
        self.addr_type.eq_ignore_ascii_case("utf-8")
    }

    /// The encoded address, after the `;`.
    pub fn raw_address(&self) -> &str {
        &self.addr
    }

    /// The decoded address: xtext decoded, or for `utf-8` the `\x{HEX}` escapes resolved.
    pub fn address(&self) -> Cow<'_, [u8]> {
        if self.is_utf8() {
            match xtext::decode_utf8_addr(&self.addr) {
                Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                Cow::Owned(s) => Cow::Owned(s.into_bytes()),
            }
        } else {
            xtext::decode_xtext(&self.addr)
        }
    }

    /// The decoded address as text, if it is UTF-8 (always for `utf-8`).
    pub fn address_str(&self) -> Option<Cow<'_, str>> {
        if self.is_utf8() {
            Some(xtext::decode_utf8_addr(&self.addr))
        } else {
            bytes_to_str(xtext::decode_xtext(&self.addr))
        }
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Orcpt<'_> {
        Orcpt {
            addr_type: Cow::Borrowed(&self.addr_type),
            addr: Cow::Borrowed(&self.addr),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Orcpt<'static> {
        Orcpt {
            addr_type: own(self.addr_type),
            addr: own(self.addr),
        }
    }
}

/// `MT-PRIORITY=` (RFC 6710 §3): a priority from -9 to 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MtPriority(i8);

impl MtPriority {
    /// A priority; `None` outside -9..=9.
    pub const fn new(p: i8) -> Option<Self> {
        if p >= -9 && p <= 9 {
            Some(Self(p))
        } else {
            None
        }
    }

    /// The priority.
    pub const fn get(self) -> i8 {
        self.0
    }
}

/// `HOLDFOR=` (RFC 4865 §5: `1*9DIGIT` seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HoldFor(u32);

impl HoldFor {
    /// The largest value nine digits can write.
    pub const MAX: u32 = 999_999_999;

    /// Seconds to hold the message; `None` above [`HoldFor::MAX`].
    pub const fn new(seconds: u32) -> Option<Self> {
        if seconds <= Self::MAX {
            Some(Self(seconds))
        } else {
            None
        }
    }

    /// The seconds.
    pub const fn get(self) -> u32 {
        self.0
    }
}

/// A `date-time` of RFC 3339 §5.6 (`HOLDUNTIL=`, RFC 4865; `RRVS=`, RFC 7293), kept as
/// sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime<'a>(Cow<'a, str>);

/// The fields of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DateTimeFields {
    /// Year, 0000-9999.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
    /// Hour, 0-23.
    pub hour: u8,
    /// Minute, 0-59.
    pub minute: u8,
    /// Second, 0-60 (60 for a leap second).
    pub second: u8,
    /// Offset from UTC in minutes (`Z` is 0).
    pub offset_minutes: i16,
}

impl<'a> DateTime<'a> {
    /// Validates an RFC 3339 `date-time` (ranges of §5.7 included).
    ///
    /// ```
    /// use smtp_proto::types::param::DateTime;
    /// let t = DateTime::new("1996-12-19T16:39:57-08:00").unwrap();
    /// assert_eq!(t.fields().offset_minutes, -480);
    /// assert!(DateTime::new("1996-02-30T00:00:00Z").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::validate_date_time(s.as_bytes(), 0, s.len())?;
        Ok(Self(s))
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// As sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The numeric fields (the fraction of a second is left out).
    pub fn fields(&self) -> DateTimeFields {
        let b = self.0.as_bytes();
        let n = |at: usize, len: usize| {
            b.get(at..at + len).map_or(0u16, |d| {
                d.iter()
                    .fold(0u16, |v, c| v * 10 + u16::from(c.wrapping_sub(b'0') % 10))
            })
        };
        let small = |at| u8::try_from(n(at, 2)).unwrap_or(0);
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        let offset_minutes = match b.get(i) {
            Some(&sign @ (b'+' | b'-')) => {
                let m = i16::try_from(n(i + 1, 2) * 60 + n(i + 4, 2)).unwrap_or(0);
                if sign == b'-' { -m } else { m }
            }
            _ => 0,
        };
        DateTimeFields {
            year: n(0, 4),
            month: small(5),
            day: small(8),
            hour: small(11),
            minute: small(14),
            second: small(17),
            offset_minutes,
        }
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> DateTime<'_> {
        DateTime(Cow::Borrowed(&self.0))
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> DateTime<'static> {
        DateTime(own(self.0))
    }
}

impl fmt::Display for DateTime<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The mode of `BY=` (RFC 2852 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByMode {
    /// `N`: notify when the deadline passes, keep delivering.
    Notify,
    /// `R`: return the message when the deadline passes.
    Return,
}

/// `BY=time;mode[T]` (RFC 2852 §4): a delivery deadline in seconds (`by-time`, up to nine
/// digits with a sign), a mode and the trace flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct By {
    time: i32,
    mode: ByMode,
    trace: bool,
}

impl By {
    /// The largest `by-time` nine digits can write.
    pub const MAX_TIME: i32 = 999_999_999;

    /// A deadline; `None` when `|time|` exceeds [`By::MAX_TIME`].
    pub const fn new(time: i32, mode: ByMode, trace: bool) -> Option<Self> {
        if time >= -Self::MAX_TIME && time <= Self::MAX_TIME {
            Some(Self { time, mode, trace })
        } else {
            None
        }
    }

    /// Seconds.
    pub const fn time(self) -> i32 {
        self.time
    }

    /// The mode.
    pub const fn mode(self) -> ByMode {
        self.mode
    }

    /// The trace flag (`T`).
    pub const fn trace(self) -> bool {
        self.trace
    }
}

impl fmt::Display for By {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match self.mode {
            ByMode::Notify => "N",
            ByMode::Return => "R",
        };
        write!(
            f,
            "{};{mode}{}",
            self.time,
            if self.trace { "T" } else { "" }
        )
    }
}

/// The mode of `RRVS=` (RFC 7293 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RrvsMode {
    /// `C`: continue (deliver without the check) when the check cannot be done.
    Continue,
    /// `R`: reject when the check cannot be done.
    Reject,
}

/// `RRVS=date-time[;mode]` (RFC 7293 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rrvs<'a> {
    /// The time since which the mailbox must have belonged to the same owner.
    pub time: DateTime<'a>,
    /// The mode, if given.
    pub mode: Option<RrvsMode>,
}

impl Rrvs<'_> {
    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Rrvs<'static> {
        Rrvs {
            time: self.time.into_owned(),
            mode: self.mode,
        }
    }
}

/// The keywords that have typed [`Param`] variants.
const KNOWN: [&str; 14] = [
    "SIZE",
    "BODY",
    "SMTPUTF8",
    "REQUIRETLS",
    "RET",
    "ENVID",
    "NOTIFY",
    "ORCPT",
    "AUTH",
    "MT-PRIORITY",
    "HOLDFOR",
    "HOLDUNTIL",
    "BY",
    "RRVS",
];

/// A parameter with a keyword that has no typed variant, kept byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownParam<'a> {
    keyword: Cow<'a, str>,
    value: Option<Cow<'a, str>>,
}

impl<'a> UnknownParam<'a> {
    /// Validates `esmtp-keyword ["=" esmtp-value]`; refuses the keywords that have typed
    /// variants (use those).
    ///
    /// ```
    /// use smtp_proto::types::param::UnknownParam;
    /// assert!(UnknownParam::new("X-TAG", Some("a+b")).is_ok());
    /// assert!(UnknownParam::new("size", Some("10")).is_err());
    /// assert!(UnknownParam::new("X", Some("a=b")).is_err());
    /// ```
    pub fn new(
        keyword: impl Into<Cow<'a, str>>,
        value: Option<impl Into<Cow<'a, str>>>,
    ) -> Result<Self, Error> {
        let keyword = keyword.into();
        let value = value.map(Into::into);
        let kb = keyword.as_bytes();
        let end = scan::scan_keyword(kb, 0)?;
        if end != kb.len() {
            return Err(expected(end, "end of esmtp-keyword"));
        }
        if KNOWN.iter().any(|k| k.eq_ignore_ascii_case(&keyword)) {
            return Err(expected(0, "a keyword without a typed Param variant"));
        }
        if let Some(v) = &value {
            let vb = v.as_bytes();
            let end = scan::scan_value(vb, 0)?;
            if end != vb.len() {
                return Err(expected(end, "esmtp-value character"));
            }
        }
        Ok(Self { keyword, value })
    }

    pub(crate) const fn from_valid(keyword: &'a str, value: Option<&'a str>) -> Self {
        Self {
            keyword: Cow::Borrowed(keyword),
            value: match value {
                Some(v) => Some(Cow::Borrowed(v)),
                None => None,
            },
        }
    }

    /// The keyword as sent.
    pub fn keyword(&self) -> &str {
        &self.keyword
    }

    /// The value as sent.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> UnknownParam<'_> {
        UnknownParam {
            keyword: Cow::Borrowed(&self.keyword),
            value: self.value.as_deref().map(Cow::Borrowed),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> UnknownParam<'static> {
        UnknownParam {
            keyword: own(self.keyword),
            value: self.value.map(own),
        }
    }
}

/// One MAIL or RCPT parameter.
///
/// The parser accepts every parameter on both commands; which command a parameter belongs
/// to (and whether the server announced the extension) is the session's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Param<'a> {
    /// `SIZE=n` (RFC 1870 §3: `size-value = 1*20DIGIT`); larger than `u64` is
    /// [`NumberOverflow`](crate::ErrorKind::NumberOverflow).
    Size(u64),
    /// `BODY=7BIT|8BITMIME|BINARYMIME` (RFC 6152, RFC 3030).
    Body(Body),
    /// `SMTPUTF8` (RFC 6531 §3.4), no value.
    SmtpUtf8,
    /// `REQUIRETLS` (RFC 8689 §4), no value.
    RequireTls,
    /// `RET=FULL|HDRS` (RFC 3461 §4.3).
    Ret(Ret),
    /// `ENVID=xtext` (RFC 3461 §4.4).
    EnvId(XText<'a>),
    /// `NOTIFY=…` (RFC 3461 §4.1).
    Notify(Notify),
    /// `ORCPT=type;address` (RFC 3461 §4.2, RFC 6533 §3).
    Orcpt(Orcpt<'a>),
    /// `AUTH=xtext` (RFC 4954 §5): the xtext-encoded mailbox of the submitter, or `<>`
    /// when unknown. The decoded mailbox is not checked.
    Auth(XText<'a>),
    /// `MT-PRIORITY=n` (RFC 6710 §3).
    MtPriority(MtPriority),
    /// `HOLDFOR=seconds` (RFC 4865 §5).
    HoldFor(HoldFor),
    /// `HOLDUNTIL=date-time` (RFC 4865 §5).
    HoldUntil(DateTime<'a>),
    /// `BY=time;mode[T]` (RFC 2852 §4).
    By(By),
    /// `RRVS=date-time[;mode]` (RFC 7293 §3.1).
    Rrvs(Rrvs<'a>),
    /// Any other `keyword[=value]`, kept as sent.
    Unknown(UnknownParam<'a>),
}

impl Param<'_> {
    /// The keyword: upper case for typed parameters, as sent for unknown ones.
    pub fn keyword(&self) -> &str {
        match self {
            Param::Size(_) => "SIZE",
            Param::Body(_) => "BODY",
            Param::SmtpUtf8 => "SMTPUTF8",
            Param::RequireTls => "REQUIRETLS",
            Param::Ret(_) => "RET",
            Param::EnvId(_) => "ENVID",
            Param::Notify(_) => "NOTIFY",
            Param::Orcpt(_) => "ORCPT",
            Param::Auth(_) => "AUTH",
            Param::MtPriority(_) => "MT-PRIORITY",
            Param::HoldFor(_) => "HOLDFOR",
            Param::HoldUntil(_) => "HOLDUNTIL",
            Param::By(_) => "BY",
            Param::Rrvs(_) => "RRVS",
            Param::Unknown(u) => u.keyword(),
        }
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Param<'_> {
        match self {
            Param::Size(n) => Param::Size(*n),
            Param::Body(b) => Param::Body(*b),
            Param::SmtpUtf8 => Param::SmtpUtf8,
            Param::RequireTls => Param::RequireTls,
            Param::Ret(r) => Param::Ret(*r),
            Param::EnvId(x) => Param::EnvId(x.reborrow()),
            Param::Notify(n) => Param::Notify(*n),
            Param::Orcpt(o) => Param::Orcpt(o.reborrow()),
            Param::Auth(x) => Param::Auth(x.reborrow()),
            Param::MtPriority(p) => Param::MtPriority(*p),
            Param::HoldFor(h) => Param::HoldFor(*h),
            Param::HoldUntil(t) => Param::HoldUntil(t.reborrow()),
            Param::By(b) => Param::By(*b),
            Param::Rrvs(r) => Param::Rrvs(Rrvs {
                time: r.time.reborrow(),
                mode: r.mode,
            }),
            Param::Unknown(u) => Param::Unknown(u.reborrow()),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Param<'static> {
        match self {
            Param::Size(n) => Param::Size(n),
            Param::Body(b) => Param::Body(b),
            Param::SmtpUtf8 => Param::SmtpUtf8,
            Param::RequireTls => Param::RequireTls,
            Param::Ret(r) => Param::Ret(r),
            Param::EnvId(x) => Param::EnvId(x.into_owned()),
            Param::Notify(n) => Param::Notify(n),
            Param::Orcpt(o) => Param::Orcpt(o.into_owned()),
            Param::Auth(x) => Param::Auth(x.into_owned()),
            Param::MtPriority(p) => Param::MtPriority(p),
            Param::HoldFor(h) => Param::HoldFor(h),
            Param::HoldUntil(t) => Param::HoldUntil(t.into_owned()),
            Param::By(b) => Param::By(b),
            Param::Rrvs(r) => Param::Rrvs(r.into_owned()),
            Param::Unknown(u) => Param::Unknown(u.into_owned()),
        }
    }
}

impl fmt::Display for Param<'_> {
    /// The wire form, `KEYWORD[=value]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Param::Size(n) => write!(f, "SIZE={n}"),
            Param::Body(b) => write!(f, "BODY={}", b.as_str()),
            Param::SmtpUtf8 => f.write_str("SMTPUTF8"),
            Param::RequireTls => f.write_str("REQUIRETLS"),
            Param::Ret(r) => write!(f, "RET={}", r.as_str()),
            Param::EnvId(x) => write!(f, "ENVID={x}"),
            Param::Notify(n) => write!(f, "NOTIFY={n}"),
            Param::Orcpt(o) => write!(f, "ORCPT={};{}", o.addr_type(), o.raw_address()),
            Param::Auth(x) => write!(f, "AUTH={x}"),
            Param::MtPriority(p) => write!(f, "MT-PRIORITY={}", p.get()),
            Param::HoldFor(h) => write!(f, "HOLDFOR={}", h.get()),
            Param::HoldUntil(t) => write!(f, "HOLDUNTIL={t}"),
            Param::By(b) => write!(f, "BY={b}"),
            Param::Rrvs(r) => match r.mode {
                None => write!(f, "RRVS={}", r.time),
                Some(RrvsMode::Continue) => write!(f, "RRVS={};C", r.time),
                Some(RrvsMode::Reject) => write!(f, "RRVS={};R", r.time),
            },
            Param::Unknown(u) => match u.value() {
                Some(v) => write!(f, "{}={v}", u.keyword()),
                None => f.write_str(u.keyword()),
            },
        }
    }
}

#[derive(Clone)]
enum Repr<'a> {
    /// The validated text of a parsed list (never empty).
    Raw(Cow<'a, str>),
    /// Values built by a program.
    List(Vec<Param<'a>>),
}

/// The parameters of a MAIL or RCPT command, in order, repeated ones included
/// (Python's smtplib sends SIZE twice).
///
/// Equality compares the parameters (as [`Parameters::iter`] yields them), not the text:
/// a parsed `size=10` equals a built `[Param::Size(10)]`.
#[derive(Clone)]
pub struct Parameters<'a>(Repr<'a>);

impl<'a> Parameters<'a> {
    /// An empty list.
    pub const fn new() -> Self {
        Self(Repr::List(Vec::new()))
    }

    /// Parses and checks a parameter list (`esmtp-param *(SP esmtp-param)`); borrows `s`.
    /// The empty string is the empty list.
    pub fn parse(s: &'a str) -> Result<Self, Error> {
        if s.is_empty() {
            return Ok(Self::new());
        }
        scan::validate_params(s.as_bytes(), 0)?;
        Ok(Self(Repr::Raw(Cow::Borrowed(s))))
    }

    /// A list from text that [`scan::validate_params`] accepted.
    pub(crate) fn from_valid(s: &'a str) -> Self {
        if s.is_empty() {
            Self::new()
        } else {
            Self(Repr::Raw(Cow::Borrowed(s)))
        }
    }

    /// Appends a parameter.
    pub fn push(&mut self, param: Param<'a>) {
        if let Repr::Raw(raw) = &self.0 {
            let list: Vec<Param<'a>> = match raw {
                Cow::Borrowed(s) => RawIter::new(s).collect(),
                Cow::Owned(s) => RawIter::new(s).map(Param::into_owned).collect(),
            };
            self.0 = Repr::List(list);
        }
        if let Repr::List(list) = &mut self.0 {
            list.push(param);
        }
    }

    /// The parameters, in order.
    pub fn iter(&self) -> Iter<'_> {
        match &self.0 {
            Repr::Raw(s) => Iter(IterRepr::Raw(RawIter::new(s))),
            Repr::List(v) => Iter(IterRepr::List(v.iter())),
        }
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Raw(_) => self.iter().count(),
            Repr::List(v) => v.len(),
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Raw(s) => s.is_empty(),
            Repr::List(v) => v.is_empty(),
        }
    }

    /// The text as parsed, for a parsed list (re-encoded unchanged).
    pub fn as_raw(&self) -> Option<&str> {
        match &self.0 {
            Repr::Raw(s) => Some(s),
            Repr::List(_) => None,
        }
    }

    /// The first `SIZE`.
    pub fn size(&self) -> Option<u64> {
        self.iter().find_map(|p| match p {
            Param::Size(n) => Some(n),
            _ => None,
        })
    }

    /// The first `BODY`.
    pub fn body(&self) -> Option<Body> {
        self.iter().find_map(|p| match p {
            Param::Body(b) => Some(b),
            _ => None,
        })
    }

    /// `SMTPUTF8` is present.
    pub fn smtputf8(&self) -> bool {
        self.iter().any(|p| p == Param::SmtpUtf8)
    }

    /// `REQUIRETLS` is present.
    pub fn requiretls(&self) -> bool {
        self.iter().any(|p| p == Param::RequireTls)
    }

    /// The first `RET`.
    pub fn ret(&self) -> Option<Ret> {
        self.iter().find_map(|p| match p {
            Param::Ret(r) => Some(r),
            _ => None,
        })
    }

    /// The first `NOTIFY`.
    pub fn notify(&self) -> Option<Notify> {
        self.iter().find_map(|p| match p {
            Param::Notify(n) => Some(n),
            _ => None,
        })
    }

    /// The first `ENVID`.
    pub fn envid(&self) -> Option<XText<'_>> {
        self.iter().find_map(|p| match p {
            Param::EnvId(x) => Some(x),
            _ => None,
        })
    }

    /// The first `ORCPT`.
    pub fn orcpt(&self) -> Option<Orcpt<'_>> {
        self.iter().find_map(|p| match p {
            Param::Orcpt(o) => Some(o),
            _ => None,
        })
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Parameters<'static> {
        match self.0 {
            Repr::Raw(s) => Parameters(Repr::Raw(own(s))),
            Repr::List(v) => Parameters(Repr::List(v.into_iter().map(Param::into_owned).collect())),
        }
    }
}

impl Default for Parameters<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for Parameters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Parameters<'_> {}

impl fmt::Debug for Parameters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl fmt::Display for Parameters<'_> {
    /// The wire form: the parsed text unchanged, or the parameters separated by SP.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Raw(s) => f.write_str(s),
            Repr::List(v) => {
                for (k, p) in v.iter().enumerate() {
                    if k > 0 {
                        f.write_str(" ")?;
                    }
                    p.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl<'a> From<Vec<Param<'a>>> for Parameters<'a> {
    fn from(v: Vec<Param<'a>>) -> Self {
        Self(Repr::List(v))
    }
}

impl<'a> FromIterator<Param<'a>> for Parameters<'a> {
    fn from_iter<I: IntoIterator<Item = Param<'a>>>(iter: I) -> Self {
        Self(Repr::List(iter.into_iter().collect()))
    }
}

impl<'p> IntoIterator for &'p Parameters<'_> {
    type Item = Param<'p>;
    type IntoIter = Iter<'p>;
    fn into_iter(self) -> Iter<'p> {
        self.iter()
    }
}

/// Iterator over [`Parameters`].
#[derive(Debug, Clone)]
pub struct Iter<'p>(IterRepr<'p>);

#[derive(Debug, Clone)]
enum IterRepr<'p> {
    Raw(RawIter<'p>),
    List(std::slice::Iter<'p, Param<'p>>),
}

impl<'p> Iterator for Iter<'p> {
    type Item = Param<'p>;
    #[inline]
    fn next(&mut self) -> Option<Param<'p>> {
        match &mut self.0 {
            IterRepr::Raw(r) => r.next(),
            IterRepr::List(l) => l.next().map(Param::reborrow),
        }
    }
}

crate::types::path::try_from_str!(XText => XText::new, DateTime => DateTime::new);
