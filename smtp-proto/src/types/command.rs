//! SMTP and LMTP commands ([`Command`]) and the validated arguments they carry.
//!
//! ```
//! use smtp_proto::types::command::Command;
//! use smtp_proto::types::path::{Domain, Host};
//!
//! let cmd = Command::Ehlo { host: Host::Domain(Domain::new("client.example").unwrap()) };
//! assert_eq!(cmd.to_bytes(), b"EHLO client.example\r\n");
//! assert_eq!(cmd.verb(), "EHLO");
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::error::Error;
use crate::parse::command as scan;
use crate::parse::path::{self as path_scan, expected};
use crate::types::param::Parameters;
use crate::types::path::{Domain, ForwardPath, Host, ReversePath};

/// The accessors every validated text newtype of this module shares: `from_valid` (for the
/// parser, which has validated the text already), `as_str`, `into_owned` and `Display`.
macro_rules! text_newtype {
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
                $name(own(self.0))
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn validate(
    s: &str,
    what: &'static str,
    scan: impl FnOnce(&[u8]) -> Result<usize, Error>,
) -> Result<(), Error> {
    path_scan::whole(s, what, scan)
}

/// The `String` argument of VRFY, EXPN, HELP and NOOP (RFC 5321 §4.1.2
/// `String = Atom / Quoted-string`), as sent.
///
/// Accepted: a Quoted-string, or one word of printable characters without SP (a superset of
/// `Atom` that also takes `<user@example.com>` and `user@example.com`, which RFC 5321
/// §3.5.3 expects VRFY to accept); UTF-8 as RFC 6531 allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SmtpString<'a>(Cow<'a, str>);

impl<'a> SmtpString<'a> {
    /// Validates a word or a Quoted-string.
    ///
    /// ```
    /// use smtp_proto::types::command::SmtpString;
    /// assert!(SmtpString::new("<postmaster@example.com>").is_ok());
    /// assert!(SmtpString::new("\"John Smith\"").is_ok());
    /// assert!(SmtpString::new("John Smith").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        validate(&s, "end of the argument (no SP outside quotes)", |b| {
            scan::scan_smtp_string(b, 0)
        })?;
        Ok(Self(s))
    }

    /// The text: a Quoted-string unquoted, a word as it is.
    pub fn decoded(&self) -> Cow<'_, str> {
        path_scan::unquote(&self.0)
    }
}

text_newtype!(SmtpString);

/// A SASL mechanism name (RFC 4422 §3.1: `sasl-mech = 1*20mech-char`,
/// `mech-char = UPPER-ALPHA / DIGIT / HYPHEN / UNDERSCORE`), as sent. Lower-case letters
/// are accepted too (clients send `auth plain`); compare with
/// [`Mechanism::eq_ignore_case`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mechanism<'a>(Cow<'a, str>);

impl<'a> Mechanism<'a> {
    /// Validates a mechanism name.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        validate(&s, "end of the SASL mechanism name", |b| {
            scan::scan_mechanism(b, 0)
        })?;
        Ok(Self(s))
    }

    /// Compares ignoring ASCII case.
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }
}

text_newtype!(Mechanism);

/// Base64 text of a SASL response (RFC 4954 §4:
/// `base64 = base64-terminal / ( 1*(4base64-char) [base64-terminal] )`), never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SaslBase64<'a>(Cow<'a, str>);

impl<'a> SaslBase64<'a> {
    /// Validates base64 text (padded, length a multiple of 4, not empty).
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        scan::validate_base64(s.as_bytes(), 0, s.len())?;
        Ok(Self(s))
    }
}

text_newtype!(SaslBase64);

/// The initial response of AUTH (RFC 4954 §4).
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

/// The argument of ETRN (RFC 1985 §5: `ETRN [<option character>]<node name>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EtrnArg<'a> {
    /// A node (domain) name.
    Node(Domain<'a>),
    /// `@domain`: the domain and its subdomains.
    Subdomains(Domain<'a>),
    /// `#queue`: a queue name (any word).
    Queue(SmtpString<'a>),
}

impl EtrnArg<'_> {
    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> EtrnArg<'static> {
        match self {
            EtrnArg::Node(d) => EtrnArg::Node(d.into_owned()),
            EtrnArg::Subdomains(d) => EtrnArg::Subdomains(d.into_owned()),
            EtrnArg::Queue(q) => EtrnArg::Queue(q.into_owned()),
        }
    }
}

impl fmt::Display for EtrnArg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtrnArg::Node(d) => write!(f, "{d}"),
            EtrnArg::Subdomains(d) => write!(f, "@{d}"),
            EtrnArg::Queue(q) => write!(f, "#{q}"),
        }
    }
}

/// The domain list of ATRN (RFC 2645 §4: `"ATRN" [SP domain *("," domain)]`), as sent;
/// possibly empty (plain `ATRN`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainList<'a>(Cow<'a, str>);

impl<'a> DomainList<'a> {
    /// The empty list.
    pub const fn empty() -> Self {
        Self(Cow::Borrowed(""))
    }

    /// Validates `domain *("," domain)`, or the empty string.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        if !s.is_empty() {
            validate(&s, "',' or end of the domain list", |b| {
                scan::scan_domain_list(b, 0)
            })?;
        }
        Ok(Self(s))
    }

    /// A list of the given domains.
    pub fn from_domains<'d>(
        domains: impl IntoIterator<Item = &'d Domain<'d>>,
    ) -> DomainList<'static> {
        let mut s = String::new();
        for d in domains {
            if !s.is_empty() {
                s.push(',');
            }
            s.push_str(d.as_str());
        }
        DomainList(Cow::Owned(s))
    }

    /// True for plain `ATRN`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The domains.
    pub fn domains(&self) -> impl Iterator<Item = Domain<'_>> {
        self.0
            .split(',')
            .filter(|d| !d.is_empty())
            .map(Domain::from_valid)
    }
}

text_newtype!(DomainList);

/// The URL of BURL (RFC 4468 §3.3: `burl-cmd = "BURL" SP absolute-URI [SP end-marker]`),
/// as sent. Checked against RFC 3986 §4.3 `absolute-URI = scheme ":" hier-part [ "?" query ]`
/// only as far as characters go: a scheme, `:`, then URI characters (no fragment).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AbsoluteUri<'a>(Cow<'a, str>);

impl<'a> AbsoluteUri<'a> {
    /// Validates an absolute URI.
    ///
    /// ```
    /// use smtp_proto::types::command::AbsoluteUri;
    /// assert!(AbsoluteUri::new("imap://joe@example.com/INBOX/;uid=20").is_ok());
    /// assert!(AbsoluteUri::new("no-scheme").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        validate(&s, "URI character", |b| scan::scan_uri(b, 0))?;
        Ok(Self(s))
    }
}

text_newtype!(AbsoluteUri);

/// The verb of an unknown command: `(ALPHA / DIGIT) *(ALPHA / DIGIT / "-")` (the form of
/// extension verbs, RFC 5321 §4.1.5), not one of the verbs [`Command`] has a variant for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownVerb<'a>(Cow<'a, str>);

impl<'a> UnknownVerb<'a> {
    /// Validates a verb that is not a known one (any case).
    ///
    /// ```
    /// use smtp_proto::types::command::UnknownVerb;
    /// assert!(UnknownVerb::new("XCLIENT").is_ok());
    /// assert!(UnknownVerb::new("quit").is_err());
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        validate(&s, "end of the verb", |b| scan::scan_verb(b, 0))?;
        if scan::known_verb(s.as_bytes()).is_some() {
            return Err(expected(0, "a verb without a Command variant"));
        }
        Ok(Self(s))
    }
}

text_newtype!(UnknownVerb);

/// The arguments of an unknown command: everything after the verb's SP, as sent; any
/// printable text (UTF-8, SP included), no control characters. May be empty (`FOO `).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Validates text without control characters.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        validate(&s, "printable text", |b| Ok(scan::scan_text(b, 0)))?;
        Ok(Self(s))
    }
}

text_newtype!(Text);

/// An SMTP (RFC 5321) or LMTP (RFC 2033) command, with the service extensions listed on
/// each variant.
///
/// Parse with [`Command::parse`] (a line with its CRLF) or [`Command::parse_line`] (the
/// text of a line); encode with [`Command::encode`]. Verbs are case-insensitive on input
/// and known verbs are written in upper case; the verb of [`Command::Unknown`] is written
/// as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command<'a> {
    /// `HELO domain` (RFC 5321 §4.1.1.1). An address literal is accepted too (the grammar
    /// says `Domain`; hosts without a name send `HELO [192.0.2.1]`).
    Helo {
        /// The client's name.
        host: Host<'a>,
    },
    /// `EHLO domain / address-literal` (RFC 5321 §4.1.1.1).
    Ehlo {
        /// The client's name.
        host: Host<'a>,
    },
    /// `LHLO domain / address-literal` (RFC 2033 §4.1).
    Lhlo {
        /// The client's name.
        host: Host<'a>,
    },
    /// `MAIL FROM:<reverse-path> [params]` (RFC 5321 §4.1.1.2).
    Mail {
        /// The reverse-path (`<>` for notifications).
        from: ReversePath<'a>,
        /// The parameters.
        params: Parameters<'a>,
    },
    /// `RCPT TO:<forward-path> [params]` (RFC 5321 §4.1.1.3).
    Rcpt {
        /// The forward-path or `<Postmaster>`.
        to: ForwardPath<'a>,
        /// The parameters.
        params: Parameters<'a>,
    },
    /// `DATA` (RFC 5321 §4.1.1.4).
    Data,
    /// `BDAT chunk-size [LAST]` (RFC 3030 §2).
    Bdat {
        /// Octets in the chunk that follows.
        size: u64,
        /// `LAST`: the final chunk.
        last: bool,
    },
    /// `RSET` (RFC 5321 §4.1.1.5).
    Rset,
    /// `VRFY string [SMTPUTF8]` (RFC 5321 §4.1.1.6; RFC 6531 §3.7.4).
    Vrfy {
        /// The user or mailbox to verify.
        arg: SmtpString<'a>,
        /// The `SMTPUTF8` parameter.
        smtputf8: bool,
    },
    /// `EXPN string [SMTPUTF8]` (RFC 5321 §4.1.1.7; RFC 6531 §3.7.4).
    Expn {
        /// The list to expand.
        arg: SmtpString<'a>,
        /// The `SMTPUTF8` parameter.
        smtputf8: bool,
    },
    /// `HELP [string]` (RFC 5321 §4.1.1.8).
    Help {
        /// The topic.
        arg: Option<SmtpString<'a>>,
    },
    /// `NOOP [string]` (RFC 5321 §4.1.1.9).
    Noop {
        /// The ignored argument.
        arg: Option<SmtpString<'a>>,
    },
    /// `QUIT` (RFC 5321 §4.1.1.10).
    Quit,
    /// `STARTTLS` (RFC 3207 §4).
    StartTls,
    /// `AUTH mechanism [initial-response]` (RFC 4954 §4).
    Auth {
        /// The SASL mechanism.
        mechanism: Mechanism<'a>,
        /// The initial response (`=` for an empty one).
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `ETRN [@|#]name` (RFC 1985 §5).
    Etrn {
        /// The node, subdomains or queue.
        arg: EtrnArg<'a>,
    },
    /// `ATRN [domain *("," domain)]` (RFC 2645 §4).
    Atrn {
        /// The domains (empty for plain `ATRN`).
        domains: DomainList<'a>,
    },
    /// `BURL absolute-URI [LAST]` (RFC 4468 §3.3).
    Burl {
        /// The URL of the message part.
        url: AbsoluteUri<'a>,
        /// `LAST`: the final part.
        last: bool,
    },
    /// A well-formed line with a verb that has no variant here (`XCLIENT …`, `TURN`, …):
    /// a server answers 500 (RFC 5321 §4.2.4).
    Unknown {
        /// The verb as sent.
        verb: UnknownVerb<'a>,
        /// Everything after the SP that follows the verb, if there was one.
        args: Option<Text<'a>>,
    },
}

impl<'a> Command<'a> {
    /// The verb in upper case (`"EHLO"`, `"MAIL"`, …); for [`Command::Unknown`] the verb
    /// as sent, upper-cased (borrowed when it already is).
    pub fn verb(&self) -> Cow<'a, str> {
        let known = match self {
            Command::Helo { .. } => "HELO",
            Command::Ehlo { .. } => "EHLO",
            Command::Lhlo { .. } => "LHLO",
            Command::Mail { .. } => "MAIL",
            Command::Rcpt { .. } => "RCPT",
            Command::Data => "DATA",
            Command::Bdat { .. } => "BDAT",
            Command::Rset => "RSET",
            Command::Vrfy { .. } => "VRFY",
            Command::Expn { .. } => "EXPN",
            Command::Help { .. } => "HELP",
            Command::Noop { .. } => "NOOP",
            Command::Quit => "QUIT",
            Command::StartTls => "STARTTLS",
            Command::Auth { .. } => "AUTH",
            Command::Etrn { .. } => "ETRN",
            Command::Atrn { .. } => "ATRN",
            Command::Burl { .. } => "BURL",
            Command::Unknown { verb, .. } => {
                return match &verb.0 {
                    Cow::Borrowed(s) if !s.bytes().any(|c| c.is_ascii_lowercase()) => {
                        Cow::Borrowed(s)
                    }
                    other => Cow::Owned(other.to_ascii_uppercase()),
                };
            }
        };
        Cow::Borrowed(known)
    }

    /// Converts into a value that owns its text.
    pub fn into_owned(self) -> Command<'static> {
        match self {
            Command::Helo { host } => Command::Helo {
                host: host.into_owned(),
            },
            Command::Ehlo { host } => Command::Ehlo {
                host: host.into_owned(),
            },
            Command::Lhlo { host } => Command::Lhlo {
                host: host.into_owned(),
            },
            Command::Mail { from, params } => Command::Mail {
                from: from.into_owned(),
                params: params.into_owned(),
            },
            Command::Rcpt { to, params } => Command::Rcpt {
                to: to.into_owned(),
                params: params.into_owned(),
            },
            Command::Data => Command::Data,
            Command::Bdat { size, last } => Command::Bdat { size, last },
            Command::Rset => Command::Rset,
            Command::Vrfy { arg, smtputf8 } => Command::Vrfy {
                arg: arg.into_owned(),
                smtputf8,
            },
            Command::Expn { arg, smtputf8 } => Command::Expn {
                arg: arg.into_owned(),
                smtputf8,
            },
            Command::Help { arg } => Command::Help {
                arg: arg.map(SmtpString::into_owned),
            },
            Command::Noop { arg } => Command::Noop {
                arg: arg.map(SmtpString::into_owned),
            },
            Command::Quit => Command::Quit,
            Command::StartTls => Command::StartTls,
            Command::Auth {
                mechanism,
                initial_response,
            } => Command::Auth {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Command::Etrn { arg } => Command::Etrn {
                arg: arg.into_owned(),
            },
            Command::Atrn { domains } => Command::Atrn {
                domains: domains.into_owned(),
            },
            Command::Burl { url, last } => Command::Burl {
                url: url.into_owned(),
                last,
            },
            Command::Unknown { verb, args } => Command::Unknown {
                verb: verb.into_owned(),
                args: args.map(Text::into_owned),
            },
        }
    }
}

crate::types::path::try_from_str!(
    SmtpString => SmtpString::new,
    Mechanism => Mechanism::new,
    SaslBase64 => SaslBase64::new,
    DomainList => DomainList::new,
    AbsoluteUri => AbsoluteUri::new,
    UnknownVerb => UnknownVerb::new,
    Text => Text::new,
);
