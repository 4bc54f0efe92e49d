//! Paths and their parts: [`Domain`], [`AddressLiteral`], [`Host`], [`LocalPart`],
//! [`Mailbox`], [`SourceRoute`], [`Path`], [`ReversePath`] and [`ForwardPath`]
//! (RFC 5321 §4.1.2, §4.1.3; RFC 6531 §3.3 for UTF-8 addresses).
//!
//! Each type holds its validated wire form (borrowed from the parsed line where it came
//! from one) and re-encodes it byte for byte; accessors interpret it on demand
//! ([`LocalPart::decoded`], [`AddressLiteral::ip`], [`SourceRoute::domains`]). Every
//! constructor validates, including the length limits of RFC 5321 §4.5.3.1.
//!
//! ```
//! use smtp_proto::types::path::{Domain, Host, LocalPart, Mailbox, Path};
//!
//! let mailbox = Mailbox::new(
//!     LocalPart::from_text("John Doe").unwrap(),
//!     Host::Domain(Domain::new("example.org").unwrap()),
//! );
//! assert_eq!(mailbox.to_string(), "\"John Doe\"@example.org");
//! let path = Path::new(mailbox).unwrap();
//! assert_eq!(path.to_string(), "<\"John Doe\"@example.org>");
//! assert_eq!(path.mailbox().local_part().decoded(), "John Doe");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::error::{Error, ErrorKind};
use crate::parse::path::{self as scan, HostKind, MAX_PATH, MailboxSpan, PathSpan, expected, sub};

fn cow_into_owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// A domain name (RFC 5321 §4.1.2 `Domain`), possibly with U-labels (RFC 6531).
///
/// At most 255 octets (RFC 5321 §4.5.3.1.2). The case is kept as sent; compare with
/// [`Domain::eq_ignore_case`] for DNS semantics.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Domain<'a>(Cow<'a, str>);

impl<'a> Domain<'a> {
    /// Validates a domain name.
    ///
    /// ```
    /// use smtp_proto::types::path::Domain;
    /// assert!(Domain::new("mail.example.com").is_ok());
    /// assert!(Domain::new("bücher.example").is_ok());
    /// assert!(Domain::new("-bad.example").is_err());
    /// assert!(Domain::new("trailing.dot.").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::whole(&s, "end of domain", |b| scan::scan_domain(b, 0))?;
        Ok(Self(s))
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The domain as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True if the domain is all ASCII (no U-labels).
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// Compares ignoring ASCII case.
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }

    /// The labels, left to right.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Domain<'_> {
        Domain(Cow::Borrowed(&self.0))
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Domain<'static> {
        Domain(cow_into_owned(self.0))
    }
}

impl fmt::Display for Domain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An address literal (RFC 5321 §4.1.3): `[192.0.2.1]`, `[IPv6:2001:db8::1]` or a general
/// literal `[tag:content]`. Kept with its brackets, as sent.
///
/// Only the text is stored (the address is read from it on demand), which keeps [`Host`]
/// as small as a [`Domain`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddressLiteral<'a> {
    text: Cow<'a, str>,
}

impl<'a> AddressLiteral<'a> {
    /// Validates an address literal, brackets included.
    ///
    /// ```
    /// use smtp_proto::types::path::AddressLiteral;
    /// use std::net::{IpAddr, Ipv4Addr};
    /// let lit = AddressLiteral::new("[192.0.2.1]").unwrap();
    /// assert_eq!(lit.ip(), Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
    /// assert!(AddressLiteral::new("[IPv6:1:2:3:4::6:7:8]").is_err()); // "::" for one group
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = s.into();
        let (end, _) = scan::scan_address_literal(text.as_bytes(), 0)?;
        if end != text.len() {
            return Err(expected(end, "end of address literal"));
        }
        Ok(Self { text })
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self {
            text: Cow::Borrowed(s),
        }
    }

    /// The literal for an IP address: `[a.b.c.d]`, or `[IPv6:…]` in the compressed form
    /// (a `::` only for a run of two or more zero groups, as RFC 5321 §4.1.3 requires).
    pub fn from_ip(ip: IpAddr) -> AddressLiteral<'static> {
        let text = match ip {
            IpAddr::V4(a) => format!("[{a}]"),
            IpAddr::V6(a) => {
                let seg = a.segments();
                // Longest run of zero groups, at least two long (first one wins a tie).
                let (mut best, mut best_len, mut run, mut run_len) = (0, 0, 0, 0);
                for (k, &g) in seg.iter().enumerate() {
                    if g == 0 {
                        if run_len == 0 {
                            run = k;
                        }
                        run_len += 1;
                        if run_len > best_len {
                            best = run;
                            best_len = run_len;
                        }
                    } else {
                        run_len = 0;
                    }
                }
                let hex = |gs: &[u16]| {
                    gs.iter()
                        .map(|g| format!("{g:x}"))
                        .collect::<Vec<_>>()
                        .join(":")
                };
                if best_len >= 2 {
                    format!(
                        "[IPv6:{}::{}]",
                        hex(&seg[..best]),
                        hex(&seg[best + best_len..])
                    )
                } else {
                    format!("[IPv6:{}]", hex(&seg))
                }
            }
        };
        AddressLiteral {
            text: Cow::Owned(text),
        }
    }

    /// The literal as sent, brackets included.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The address of an IPv4 or IPv6 literal; `None` for a general literal.
    pub fn ip(&self) -> Option<IpAddr> {
        // The text was validated when the value was made: the scan cannot fail.
        scan::scan_address_literal(self.text.as_bytes(), 0)
            .ok()
            .and_then(|(_, ip)| ip)
    }

    /// The tag and content of a general literal (`[tag:content]`); `None` for IP literals.
    pub fn general(&self) -> Option<(&str, &str)> {
        if self.ip().is_some() {
            return None;
        }
        let inner = self.text.get(1..self.text.len().saturating_sub(1))?;
        inner.split_once(':')
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> AddressLiteral<'_> {
        AddressLiteral {
            text: Cow::Borrowed(&self.text),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> AddressLiteral<'static> {
        AddressLiteral {
            text: cow_into_owned(self.text),
        }
    }
}

impl fmt::Display for AddressLiteral<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The host part of a mailbox, or the argument of EHLO/HELO/LHLO:
/// `Domain / address-literal` (RFC 5321 §4.1.2 `Mailbox`, §4.1.1.1 `ehlo`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host<'a> {
    /// A domain name.
    Domain(Domain<'a>),
    /// An address literal.
    Literal(AddressLiteral<'a>),
}

impl<'a> Host<'a> {
    /// Validates a domain or an address literal.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        if s.starts_with('[') {
            AddressLiteral::new(s).map(Host::Literal)
        } else {
            Domain::new(s).map(Host::Domain)
        }
    }

    #[inline]
    pub(crate) fn from_valid(s: &'a str, kind: HostKind) -> Self {
        match kind {
            HostKind::Domain => Host::Domain(Domain::from_valid(s)),
            HostKind::Literal => Host::Literal(AddressLiteral::from_valid(s)),
        }
    }

    /// The host as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Host::Domain(d) => d.as_str(),
            Host::Literal(l) => l.as_str(),
        }
    }

    /// True if all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.as_str().is_ascii()
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Host<'_> {
        match self {
            Host::Domain(d) => Host::Domain(d.reborrow()),
            Host::Literal(l) => Host::Literal(l.reborrow()),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Host<'static> {
        match self {
            Host::Domain(d) => Host::Domain(d.into_owned()),
            Host::Literal(l) => Host::Literal(l.into_owned()),
        }
    }
}

impl fmt::Display for Host<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The local part of a mailbox (RFC 5321 §4.1.2 `Local-part = Dot-string / Quoted-string`),
/// in its wire form: quotes and backslashes as sent. At most 64 octets
/// (RFC 5321 §4.5.3.1.1), counted in the wire form. The case is kept: local parts are
/// case-sensitive (RFC 5321 §2.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocalPart<'a>(Cow<'a, str>);

impl<'a> LocalPart<'a> {
    /// Validates a local part in wire form (`john.doe` or `"john doe"`).
    ///
    /// ```
    /// use smtp_proto::types::path::LocalPart;
    /// assert!(LocalPart::new("\"a b\\\"c\"").is_ok());
    /// assert!(LocalPart::new("a..b").is_err());
    /// assert!(LocalPart::new("x".repeat(65)).is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::whole(&s, "end of local part", |b| scan::scan_local_part(b, 0))?;
        Ok(Self(s))
    }

    /// The wire form of `text`: as is when it is a Dot-string, else quoted with `"` and `\`
    /// escaped. Errors when `text` has a character no local part can carry (a control
    /// character) or the result is longer than 64 octets.
    ///
    /// ```
    /// use smtp_proto::types::path::LocalPart;
    /// assert_eq!(LocalPart::from_text("a.b").unwrap().as_str(), "a.b");
    /// assert_eq!(LocalPart::from_text("a\"b").unwrap().as_str(), "\"a\\\"b\"");
    /// assert_eq!(LocalPart::from_text("").unwrap().as_str(), "\"\"");
    /// ```
    pub fn from_text(text: &str) -> Result<LocalPart<'static>, Error> {
        if scan::scan_dot_string(text.as_bytes(), 0).ok() == Some(text.len()) {
            return LocalPart::new(text.to_owned());
        }
        let mut q = String::with_capacity(text.len() + 2);
        q.push('"');
        for c in text.chars() {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        LocalPart::new(q)
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The wire form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a Quoted-string.
    pub fn is_quoted(&self) -> bool {
        self.0.starts_with('"')
    }

    /// True if all ASCII.
    pub fn is_ascii(&self) -> bool {
        self.0.is_ascii()
    }

    /// The text: a Quoted-string without its quotes and with quoted pairs resolved; a
    /// Dot-string as it is (borrowed when no unquoting is needed).
    pub fn decoded(&self) -> Cow<'_, str> {
        scan::unquote(&self.0)
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> LocalPart<'_> {
        LocalPart(Cow::Borrowed(&self.0))
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> LocalPart<'static> {
        LocalPart(cow_into_owned(self.0))
    }
}

impl fmt::Display for LocalPart<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A mailbox: `Local-part "@" ( Domain / address-literal )` (RFC 5321 §4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mailbox<'a> {
    local: LocalPart<'a>,
    host: Host<'a>,
}

impl<'a> Mailbox<'a> {
    /// A mailbox from its parts.
    pub const fn new(local: LocalPart<'a>, host: Host<'a>) -> Self {
        Self { local, host }
    }

    /// Parses `local@host`.
    ///
    /// ```
    /// use smtp_proto::types::path::Mailbox;
    /// let m = Mailbox::parse("user@[192.0.2.1]").unwrap();
    /// assert_eq!(m.host().as_str(), "[192.0.2.1]");
    /// assert!(Mailbox::parse("no-at-sign").is_err());
    /// ```
    pub fn parse(s: &'a str) -> Result<Self, Error> {
        let span = scan::scan_mailbox(s.as_bytes(), 0)?;
        if span.end != s.len() {
            return Err(expected(span.end, "end of mailbox"));
        }
        Ok(Self::from_span(s, &span))
    }

    #[inline]
    pub(crate) fn from_span(text: &'a str, span: &MailboxSpan) -> Self {
        Self {
            local: LocalPart::from_valid(sub(text, span.start, span.at)),
            host: Host::from_valid(sub(text, span.at + 1, span.end), span.host),
        }
    }

    /// The local part.
    pub const fn local_part(&self) -> &LocalPart<'a> {
        &self.local
    }

    /// The domain or address literal.
    pub const fn host(&self) -> &Host<'a> {
        &self.host
    }

    /// Octets of the wire form.
    pub fn wire_len(&self) -> usize {
        self.local.as_str().len() + 1 + self.host.as_str().len()
    }

    /// True if all ASCII (a non-ASCII mailbox needs SMTPUTF8, RFC 6531 §3.4).
    pub fn is_ascii(&self) -> bool {
        self.local.is_ascii() && self.host.is_ascii()
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Mailbox<'_> {
        Mailbox {
            local: self.local.reborrow(),
            host: self.host.reborrow(),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Mailbox<'static> {
        Mailbox {
            local: self.local.into_owned(),
            host: self.host.into_owned(),
        }
    }
}

impl fmt::Display for Mailbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.local, self.host)
    }
}

/// A source route (RFC 5321 §4.1.2 `A-d-l = At-domain *( "," At-domain )`), as sent,
/// without the `:` that ends it: `@relay1.example,@relay2.example`.
///
/// RFC 5321 §4.1.2 and Appendix C: source routes MUST be accepted, SHOULD NOT be
/// generated, and SHOULD be ignored; they are kept so they re-encode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceRoute<'a>(Cow<'a, str>);

impl<'a> SourceRoute<'a> {
    /// Validates `@a,@b,…`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::whole(&s, "',' or end of source route", |b| scan::scan_route(b, 0))?;
        Ok(Self(s))
    }

    /// A route through `domains` (at least one).
    pub fn from_domains<'d>(
        domains: impl IntoIterator<Item = &'d Domain<'d>>,
    ) -> Result<SourceRoute<'static>, Error> {
        let mut s = String::new();
        for d in domains {
            if !s.is_empty() {
                s.push(',');
            }
            s.push('@');
            s.push_str(d.as_str());
        }
        SourceRoute::new(s)
    }

    pub(crate) const fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The route as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The domains of the route, in order.
    pub fn domains(&self) -> impl Iterator<Item = Domain<'_>> {
        self.0
            .split(',')
            .map(|d| Domain::from_valid(d.strip_prefix('@').unwrap_or(d)))
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> SourceRoute<'_> {
        SourceRoute(Cow::Borrowed(&self.0))
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> SourceRoute<'static> {
        SourceRoute(cow_into_owned(self.0))
    }
}

impl fmt::Display for SourceRoute<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A path: `"<" [ A-d-l ":" ] Mailbox ">"` (RFC 5321 §4.1.2); at most 256 octets with its
/// brackets (RFC 5321 §4.5.3.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path<'a> {
    route: Option<SourceRoute<'a>>,
    mailbox: Mailbox<'a>,
}

impl<'a> Path<'a> {
    /// A path to `mailbox`; errors when `<mailbox>` is longer than 256 octets.
    pub fn new(mailbox: Mailbox<'a>) -> Result<Self, Error> {
        Self::with_route(None, mailbox)
    }

    /// A path with an optional source route; errors when the path is longer than 256 octets.
    pub fn with_route(route: Option<SourceRoute<'a>>, mailbox: Mailbox<'a>) -> Result<Self, Error> {
        let len = 2 + route.as_ref().map_or(0, |r| r.as_str().len() + 1) + mailbox.wire_len();
        if len > MAX_PATH {
            return Err(Error::new(
                MAX_PATH,
                ErrorKind::PathTooLong { limit: MAX_PATH },
            ));
        }
        Ok(Self { route, mailbox })
    }

    /// Parses a path with its angle brackets.
    ///
    /// ```
    /// use smtp_proto::types::path::Path;
    /// let p = Path::parse("<@a.example,@b.example:joe@c.example>").unwrap();
    /// let route: Vec<String> = p.route().unwrap().domains().map(|d| d.to_string()).collect();
    /// assert_eq!(route, ["a.example", "b.example"]);
    /// assert!(Path::parse("joe@c.example").is_err()); // brackets required
    /// ```
    pub fn parse(s: &'a str) -> Result<Self, Error> {
        let span = scan::scan_path(s.as_bytes(), 0)?;
        if span.end != s.len() {
            return Err(expected(span.end, "end of path"));
        }
        Ok(Self::from_span(s, &span))
    }

    #[inline]
    pub(crate) fn from_span(text: &'a str, span: &PathSpan) -> Self {
        Self {
            route: span
                .route
                .map(|(a, b)| SourceRoute::from_valid(sub(text, a, b))),
            mailbox: Mailbox::from_span(text, &span.mailbox),
        }
    }

    /// A path from a mailbox span found without angle brackets (lenient mode).
    pub(crate) fn from_mailbox_span(text: &'a str, span: &MailboxSpan) -> Self {
        Self {
            route: None,
            mailbox: Mailbox::from_span(text, span),
        }
    }

    /// The source route, if any.
    pub const fn route(&self) -> Option<&SourceRoute<'a>> {
        self.route.as_ref()
    }

    /// The mailbox.
    pub const fn mailbox(&self) -> &Mailbox<'a> {
        &self.mailbox
    }

    /// Octets of the wire form, brackets included.
    pub fn wire_len(&self) -> usize {
        2 + self.route.as_ref().map_or(0, |r| r.as_str().len() + 1) + self.mailbox.wire_len()
    }

    /// A view borrowing from `self`.
    pub fn reborrow(&self) -> Path<'_> {
        Path {
            route: self.route.as_ref().map(SourceRoute::reborrow),
            mailbox: self.mailbox.reborrow(),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Path<'static> {
        Path {
            route: self.route.map(SourceRoute::into_owned),
            mailbox: self.mailbox.into_owned(),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.route {
            Some(r) => write!(f, "<{r}:{}>", self.mailbox),
            None => write!(f, "<{}>", self.mailbox),
        }
    }
}

/// The argument of MAIL FROM: `Reverse-path = Path / "<>"` (RFC 5321 §4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReversePath<'a> {
    /// `<>`: the null reverse-path of notifications (RFC 5321 §4.5.5).
    Null,
    /// A path.
    Path(Path<'a>),
}

impl ReversePath<'_> {
    /// The path, unless null.
    pub const fn path(&self) -> Option<&Path<'_>> {
        match self {
            ReversePath::Null => None,
            ReversePath::Path(p) => Some(p),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> ReversePath<'static> {
        match self {
            ReversePath::Null => ReversePath::Null,
            ReversePath::Path(p) => ReversePath::Path(p.into_owned()),
        }
    }
}

impl fmt::Display for ReversePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReversePath::Null => f.write_str("<>"),
            ReversePath::Path(p) => p.fmt(f),
        }
    }
}

/// The argument of RCPT TO: `"<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path`
/// (RFC 5321 §4.1.1.3). `<Postmaster@domain>` is an ordinary [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ForwardPath<'a> {
    /// `<Postmaster>` without a domain (matched case-insensitively; encoded `<Postmaster>`).
    Postmaster,
    /// A path.
    Path(Path<'a>),
}

impl ForwardPath<'_> {
    /// The path, unless the bare `<Postmaster>`.
    pub const fn path(&self) -> Option<&Path<'_>> {
        match self {
            ForwardPath::Postmaster => None,
            ForwardPath::Path(p) => Some(p),
        }
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> ForwardPath<'static> {
        match self {
            ForwardPath::Postmaster => ForwardPath::Postmaster,
            ForwardPath::Path(p) => ForwardPath::Path(p.into_owned()),
        }
    }
}

impl fmt::Display for ForwardPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForwardPath::Postmaster => f.write_str("<Postmaster>"),
            ForwardPath::Path(p) => p.fmt(f),
        }
    }
}

/// `TryFrom<&str>` and `TryFrom<String>` through the validating constructor.
macro_rules! try_from_str {
    ($($t:ident => $ctor:path),* $(,)?) => {$(
        impl<'a> TryFrom<&'a str> for $t<'a> {
            type Error = Error;
            fn try_from(s: &'a str) -> Result<Self, Error> {
                $ctor(s)
            }
        }
        impl TryFrom<String> for $t<'static> {
            type Error = Error;
            fn try_from(s: String) -> Result<Self, Error> {
                $ctor(s)
            }
        }
    )*};
}
pub(crate) use try_from_str;

try_from_str!(
    Domain => Domain::new,
    AddressLiteral => AddressLiteral::new,
    Host => Host::new,
    LocalPart => LocalPart::new,
    SourceRoute => SourceRoute::new,
);

impl<'a> TryFrom<&'a str> for Mailbox<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl<'a> TryFrom<&'a str> for Path<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Self::parse(s)
    }
}
