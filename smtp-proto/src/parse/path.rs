//! Paths, mailboxes, domains and address literals (RFC 5321 §4.1.2 and §4.1.3, extended
//! for internationalized addresses by RFC 6531 §3.3).
//!
//! The scanners here work on the bytes of a `&str` (so non-ASCII bytes are always part of
//! valid UTF-8) and return the index just past what they recognized; every error carries
//! the offset of the first offending byte in the slice they were given. The typed values
//! in [`crate::types::path`] are built from the spans they report.
//!
//! ```
//! use smtp_proto::types::path::{Host, Path};
//!
//! let path = Path::parse("<@relay.example:user@[IPv6:2001:db8::1]>").unwrap();
//! assert_eq!(path.mailbox().local_part().as_str(), "user");
//! assert!(matches!(path.mailbox().host(), Host::Literal(_)));
//! assert_eq!(path.route().unwrap().domains().count(), 1);
//! ```

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{Error, ErrorKind};

/// RFC 5321 §4.5.3.1.1: "The maximum total length of a user name or other local-part is
/// 64 octets."
pub const MAX_LOCAL_PART: usize = 64;
/// RFC 5321 §4.5.3.1.2: "The maximum total length of a domain name or number is 255
/// octets."
pub const MAX_DOMAIN: usize = 255;
/// RFC 5321 §4.5.3.1.3: "The maximum total length of a reverse-path or forward-path is 256
/// octets (including the punctuation and element separators)."
pub const MAX_PATH: usize = 256;

/// `Expected { expected: what }` at `offset`.
#[inline]
pub(crate) const fn expected(offset: usize, what: &'static str) -> Error {
    Error::new(offset, ErrorKind::Expected { expected: what })
}

/// A sub-slice of `text` at byte positions that the scanners report (always ASCII
/// delimiters or the ends, hence char boundaries); never panics.
#[inline]
pub(crate) fn sub(text: &str, from: usize, to: usize) -> &str {
    debug_assert!(
        text.get(from..to).is_some(),
        "span {from}..{to} not on char boundaries"
    );
    text.get(from..to).unwrap_or_default()
}

/// RFC 5322 §3.2.3 `atext` (as used by RFC 5321 `Atom`), plus `UTF8-non-ascii`
/// (RFC 6531 §3.3: `atext =/ UTF8-non-ascii`).
#[inline]
pub(crate) const fn is_atext(c: u8) -> bool {
    matches!(c,
        b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
        | b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'/' | b'='
        | b'?' | b'^' | b'_' | b'`' | b'{' | b'|' | b'}' | b'~'
        | 0x80..=0xFF)
}

/// RFC 5321 §4.1.2 `qtextSMTP = %d32-33 / %d35-91 / %d93-126`, plus `UTF8-non-ascii`
/// (RFC 6531 §3.3).
#[inline]
pub(crate) const fn is_qtext(c: u8) -> bool {
    matches!(c, 32..=33 | 35..=91 | 93..=126 | 0x80..=0xFF)
}

/// Letters, digits, hyphen and (RFC 6531 U-labels) non-ASCII: the bytes of a sub-domain.
#[inline]
const fn is_label_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c >= 0x80
}

/// Byte classes of the command grammar, as bits of [`CLASS`]: one table load and a mask
/// test per byte instead of a chain of range comparisons. Each bit is computed at compile
/// time from the predicate it names, so the table cannot disagree with the rules.
pub(crate) mod class {
    /// [`is_atext`](super::is_atext).
    pub(crate) const ATEXT: u16 = 1;
    /// [`is_qtext`](super::is_qtext).
    pub(crate) const QTEXT: u16 = 1 << 1;
    /// Letters, digits and non-ASCII: the first and last byte of a sub-domain.
    pub(crate) const LET_DIG: u16 = 1 << 2;
    /// [`is_label_byte`](super::is_label_byte).
    pub(crate) const LABEL: u16 = 1 << 3;
    /// Letters, digits and `-`: command verbs and `esmtp-keyword` after the first byte.
    pub(crate) const KEYWORD: u16 = 1 << 4;
    /// `esmtp-value`: `%d33-60 / %d62-126 / UTF8-non-ascii`.
    pub(crate) const VALUE: u16 = 1 << 5;
    /// RFC 3461 `xchar`.
    pub(crate) const XCHAR: u16 = 1 << 6;
    /// RFC 822 atom characters within an esmtp-value (the ORCPT address type).
    pub(crate) const ATOM: u16 = 1 << 7;
    /// Letters and digits.
    pub(crate) const ALNUM: u16 = 1 << 8;
    /// Control characters (0x00-0x1F, 0x7F).
    pub(crate) const CONTROL: u16 = 1 << 9;
    /// Upper-case hex digits (`0-9 A-F`), as xtext's `hexchar` requires.
    pub(crate) const UPPER_HEX: u16 = 1 << 10;
}

const fn class_of(c: u8) -> u16 {
    let mut m = 0;
    if is_atext(c) {
        m |= class::ATEXT;
    }
    if is_qtext(c) {
        m |= class::QTEXT;
    }
    if c.is_ascii_alphanumeric() || c >= 0x80 {
        m |= class::LET_DIG;
    }
    if is_label_byte(c) {
        m |= class::LABEL;
    }
    if crate::parse::param::is_keyword_byte(c) {
        m |= class::KEYWORD;
    }
    if crate::parse::param::is_value_byte(c) {
        m |= class::VALUE;
    }
    if crate::parse::xtext::is_xchar(c) {
        m |= class::XCHAR;
    }
    if crate::parse::param::is_atom_byte(c) {
        m |= class::ATOM;
    }
    if c.is_ascii_alphanumeric() {
        m |= class::ALNUM;
    }
    if c < 0x20 || c == 0x7F {
        m |= class::CONTROL;
    }
    if crate::parse::xtext::is_upper_hex(c) {
        m |= class::UPPER_HEX;
    }
    m
}

/// The [`class`] bits of every byte value.
static CLASS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = class_of(c as u8);
        c += 1;
    }
    t
};

/// True when `c` has one of the [`class`] bits in `mask`.
#[inline(always)]
pub(crate) fn is(c: u8, mask: u16) -> bool {
    CLASS[usize::from(c)] & mask != 0
}

/// The end of the run of bytes of class `mask` starting at `i`.
#[inline(always)]
pub(crate) fn skip(b: &[u8], mut i: usize, mask: u16) -> usize {
    while i < b.len() && is(b[i], mask) {
        i += 1;
    }
    i
}

/// The bytes `b[at..at + len]` (`len <= 8`) as a little-endian word, zero above `len`.
/// Reads one unaligned word when the slice has 8 bytes from `at`.
#[inline(always)]
pub(crate) fn word(b: &[u8], at: usize, len: usize) -> u64 {
    debug_assert!(len <= 8);
    if let Some(w) = b.get(at..at.wrapping_add(8)) {
        let mut a = [0u8; 8];
        a.copy_from_slice(w);
        let w = u64::from_le_bytes(a);
        if len >= 8 {
            w
        } else {
            w & ((1u64 << (8 * len)) - 1)
        }
    } else {
        let mut w = 0u64;
        let stop = at.saturating_add(len).min(b.len());
        let mut k = at;
        while k < stop {
            w |= u64::from(b[k]) << (8 * (k - at));
            k += 1;
        }
        w
    }
}

/// A byte string of at most 8 bytes as a little-endian word (for constants).
pub(crate) const fn const_word(s: &[u8]) -> u64 {
    let mut w = 0u64;
    let mut k = 0;
    while k < s.len() && k < 8 {
        w |= (s[k] as u64) << (8 * k);
        k += 1;
    }
    w
}

/// Clears bit 5 of each byte: upper-cases ASCII letters. Comparing masked words is an
/// ASCII-case-insensitive comparison when the expected bytes are letters and digits and
/// the input bytes are printable or non-ASCII (the other byte mapping to a digit or to `-`
/// is a control character).
pub(crate) const UPPER: u64 = 0xDFDF_DFDF_DFDF_DFDF;

/// `b[at..]` starts with `p` (at most 16 bytes), ASCII case ignored (as
/// `eq_ignore_ascii_case` does). Meant for constant `p`: the masks fold at compile time.
#[inline(always)]
pub(crate) fn starts_with_ci(b: &[u8], at: usize, p: &[u8]) -> bool {
    debug_assert!(p.len() <= 16);
    if p.len() > 8 {
        prefix8_ci(b, at, &p[..8]) && prefix8_ci(b, at + 8, &p[8..])
    } else {
        prefix8_ci(b, at, p)
    }
}

/// [`starts_with_ci`] for at most 8 bytes.
#[inline(always)]
fn prefix8_ci(b: &[u8], at: usize, p: &[u8]) -> bool {
    if b.len() < at.saturating_add(p.len()) {
        return false;
    }
    // Bit 5 is ignored only where `p` has a letter.
    let mut mask = 0u64;
    let mut k = 0;
    while k < p.len() {
        let m: u64 = if p[k].is_ascii_alphabetic() {
            0xDF
        } else {
            0xFF
        };
        mask |= m << (8 * k);
        k += 1;
    }
    word(b, at, p.len()) & mask == const_word(p) & mask
}

/// RFC 5321 §4.1.2:
///
/// ```text
/// Domain     = sub-domain *("." sub-domain)
/// sub-domain = Let-dig [Ldh-str]
/// Let-dig    = ALPHA / DIGIT
/// Ldh-str    = *( ALPHA / DIGIT / "-" ) Let-dig
/// ```
///
/// with RFC 6531 §3.3 `sub-domain =/ U-label`: non-ASCII (UTF-8) bytes are accepted like
/// letters (the U-label is not checked against IDNA2008). At most [`MAX_DOMAIN`] octets.
#[inline]
pub(crate) fn scan_domain(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    loop {
        let label = i;
        // A label starts with a letter or digit (or a U-label byte)...
        match b.get(i) {
            Some(&c) if is(c, class::LET_DIG) => i += 1,
            Some(b'-') => {
                return Err(expected(
                    label,
                    "letter or digit at the start of a domain label",
                ));
            }
            _ => return Err(expected(i, "domain label (letter or digit)")),
        }
        i = skip(b, i, class::LABEL);
        // ... and ends with one.
        if b[i - 1] == b'-' {
            return Err(expected(
                i - 1,
                "letter or digit at the end of a domain label",
            ));
        }
        if i - start > MAX_DOMAIN {
            return Err(Error::new(
                start + MAX_DOMAIN,
                ErrorKind::DomainTooLong { limit: MAX_DOMAIN },
            ));
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
        } else {
            return Ok(i);
        }
    }
}

/// [`scan_domain`]'s success case alone: the end of the domain at `start`, or `None`
/// where [`scan_domain`] would fail. For the fast path of the command parser, which falls
/// back to the scanners (and their errors) on `None`.
#[inline(always)]
pub(crate) fn domain_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    loop {
        if !is(*b.get(i)?, class::LET_DIG) {
            return None;
        }
        i = skip(b, i + 1, class::LABEL);
        if b[i - 1] == b'-' {
            return None;
        }
        if b.get(i) != Some(&b'.') {
            return (i - start <= MAX_DOMAIN).then_some(i);
        }
        i += 1;
    }
}

/// [`scan_path`]'s success case alone, for `<Dot-string@Domain>` (no source route, no
/// quoted local part, no address literal): the span of the path at `start`, or `None`
/// where [`scan_path`] would fail or the path has one of the forms left out.
#[inline(always)]
pub(crate) fn simple_path(b: &[u8], start: usize) -> Option<PathSpan> {
    if b.get(start) != Some(&b'<') {
        return None;
    }
    let local = start + 1;
    let mut i = local;
    loop {
        let atom = i;
        i = skip(b, i, class::ATEXT);
        if i == atom {
            return None;
        }
        if b.get(i) != Some(&b'.') {
            break;
        }
        i += 1;
    }
    if i - local > MAX_LOCAL_PART || b.get(i) != Some(&b'@') {
        return None;
    }
    let at = i;
    let end = domain_end(b, at + 1)?;
    if b.get(end) != Some(&b'>') || end + 1 - start > MAX_PATH {
        return None;
    }
    Some(PathSpan {
        route: None,
        mailbox: MailboxSpan {
            start: local,
            at,
            end,
            host: HostKind::Domain,
        },
        end: end + 1,
    })
}

/// RFC 5321 §4.1.3 `IPv4-address-literal = Snum 3("." Snum)`, `Snum = 1*3DIGIT` with a
/// value of 0 to 255.
pub(crate) fn scan_ipv4(b: &[u8], start: usize) -> Result<(usize, Ipv4Addr), Error> {
    let mut i = start;
    let mut octets = [0u8; 4];
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return Err(expected(i, "'.' in IPv4 address literal"));
            }
            i += 1;
        }
        let s = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - s < 3 {
            v = v * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        if i == s {
            return Err(expected(i, "decimal number 0-255 in IPv4 address literal"));
        }
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(expected(
                i,
                "at most 3 digits in an IPv4 address literal number",
            ));
        }
        *octet = u8::try_from(v).map_err(|_| Error::new(s, ErrorKind::NumberOverflow))?;
    }
    Ok((i, Ipv4Addr::from(octets)))
}

/// RFC 5321 §4.1.3:
///
/// ```text
/// IPv6-addr    = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp
/// IPv6-hex     = 1*4HEXDIG
/// IPv6-full    = IPv6-hex 7(":" IPv6-hex)
/// IPv6-comp    = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]
///              ; The "::" represents at least 2 16-bit groups of zeros. No more than
///              ; 6 groups in addition to the "::" may be present.
/// IPv6v4-full  = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
/// IPv6v4-comp  = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex ":")]
///                IPv4-address-literal
///              ; The "::" represents at least 2 16-bit groups of zeros. No more than
///              ; 4 groups in addition to the "::" and IPv4-address-literal may be present.
/// ```
///
/// Unlike RFC 4291 §2.2, a `::` standing for a single zero group is refused.
pub(crate) fn scan_ipv6(b: &[u8], start: usize) -> Result<(usize, Ipv6Addr), Error> {
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut nh, mut nt) = (0usize, 0usize);
    let mut compressed = false;
    let mut just_compressed = false;
    let mut v4: Option<Ipv4Addr> = None;
    let mut i = start;
    if b.get(i..i + 2) == Some(b"::") {
        compressed = true;
        just_compressed = true;
        i += 2;
    }
    loop {
        let mut j = i;
        while j < b.len() && b[j].is_ascii_hexdigit() {
            j += 1;
        }
        if j == i {
            if just_compressed {
                break;
            }
            return Err(expected(i, "IPv6 group (1 to 4 hex digits)"));
        }
        if b.get(j) == Some(&b'.') {
            let (end, a) = scan_ipv4(b, i)?;
            v4 = Some(a);
            i = end;
            break;
        }
        if j - i > 4 {
            return Err(expected(
                i + 4,
                "':' after at most 4 hex digits in an IPv6 group",
            ));
        }
        let mut g: u16 = 0;
        for &c in &b[i..j] {
            // Four hex digits at most: no overflow.
            g = (g << 4) | u16::from(hex_val(c));
        }
        let (groups, n) = if compressed {
            (&mut tail, &mut nt)
        } else {
            (&mut head, &mut nh)
        };
        if *n == 8 {
            return Err(expected(i, "']' (an IPv6 address has at most 8 groups)"));
        }
        groups[*n] = g;
        *n += 1;
        i = j;
        just_compressed = false;
        if b.get(i) != Some(&b':') {
            break;
        }
        if b.get(i + 1) == Some(&b':') {
            if compressed {
                return Err(expected(i, "at most one '::' in an IPv6 address"));
            }
            compressed = true;
            just_compressed = true;
            i += 2;
        } else {
            i += 1;
        }
    }
    let n = nh + nt;
    let ok = match (compressed, v4.is_some()) {
        (false, false) => n == 8,
        (false, true) => n == 6,
        (true, false) => n <= 6,
        (true, true) => n <= 4,
    };
    if !ok {
        return Err(expected(
            start,
            "IPv6 address of 8 groups, 6 groups and an IPv4 address, or with '::' for at least 2 zero groups",
        ));
    }
    let mut seg = [0u16; 8];
    let total = if v4.is_some() { 6 } else { 8 };
    seg[..nh].copy_from_slice(&head[..nh]);
    seg[total - nt..total].copy_from_slice(&tail[..nt]);
    if let Some(a) = v4 {
        let o = a.octets();
        seg[6] = u16::from_be_bytes([o[0], o[1]]);
        seg[7] = u16::from_be_bytes([o[2], o[3]]);
    }
    Ok((i, Ipv6Addr::from(seg)))
}

#[inline]
pub(crate) const fn hex_val(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// RFC 5321 §4.1.3 `dcontent = %d33-90 / %d94-126` (printable US-ASCII except `[`, `\`, `]`).
#[inline]
const fn is_dcontent(c: u8) -> bool {
    matches!(c, 33..=90 | 94..=126)
}

/// RFC 5321 §4.1.3:
///
/// ```text
/// address-literal  = "[" ( IPv4-address-literal / IPv6-address-literal /
///                          General-address-literal ) "]"
/// IPv6-address-literal  = "IPv6:" IPv6-addr
/// General-address-literal  = Standardized-tag ":" 1*dcontent
/// Standardized-tag  = Ldh-str
/// ```
///
/// `b[start]` must be `[`. Returns the index after `]` and the IP address for the IPv4 and
/// IPv6 forms (`None` for a general literal). The tag `IPv6` (case-insensitive, as ABNF
/// strings are) always means the IPv6 form. At most [`MAX_DOMAIN`] octets with brackets.
pub(crate) fn scan_address_literal(
    b: &[u8],
    start: usize,
) -> Result<(usize, Option<IpAddr>), Error> {
    if b.get(start) != Some(&b'[') {
        return Err(expected(start, "'[' of an address literal"));
    }
    let i = start + 1;
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
        j += 1;
    }
    let (end, ip) = if j > i && b.get(j) == Some(&b':') {
        if b[i..j].eq_ignore_ascii_case(b"IPv6") {
            let (e, a) = scan_ipv6(b, j + 1)?;
            (e, Some(IpAddr::V6(a)))
        } else {
            if b[j - 1] == b'-' {
                return Err(expected(
                    j - 1,
                    "letter or digit at the end of the address-literal tag",
                ));
            }
            let mut e = j + 1;
            while e < b.len() && is_dcontent(b[e]) {
                e += 1;
            }
            if e == j + 1 {
                return Err(expected(
                    e,
                    "address-literal content (printable ASCII except [ \\ ])",
                ));
            }
            (e, None)
        }
    } else if b.get(i).is_some_and(u8::is_ascii_digit) {
        let (e, a) = scan_ipv4(b, i)?;
        (e, Some(IpAddr::V4(a)))
    } else {
        return Err(expected(
            i,
            "IPv4 address, 'IPv6:' or 'tag:' in address literal",
        ));
    };
    if b.get(end) != Some(&b']') {
        return Err(expected(end, "']' closing the address literal"));
    }
    if end + 1 - start > MAX_DOMAIN {
        return Err(Error::new(
            start + MAX_DOMAIN,
            ErrorKind::DomainTooLong { limit: MAX_DOMAIN },
        ));
    }
    Ok((end + 1, ip))
}

/// What kind of host a scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostKind {
    /// A domain name.
    Domain,
    /// An address literal.
    Literal,
}

/// `Domain / address-literal` (RFC 5321 §4.1.2 `Mailbox`, §4.1.1.1 `ehlo`).
#[inline]
pub(crate) fn scan_host(b: &[u8], start: usize) -> Result<(usize, HostKind), Error> {
    if b.get(start) == Some(&b'[') {
        let (e, _) = scan_address_literal(b, start)?;
        Ok((e, HostKind::Literal))
    } else {
        Ok((scan_domain(b, start)?, HostKind::Domain))
    }
}

/// RFC 5321 §4.1.2 `Quoted-string = DQUOTE *QcontentSMTP DQUOTE`,
/// `QcontentSMTP = qtextSMTP / quoted-pairSMTP`, `quoted-pairSMTP = %d92 %d32-126`
/// (`qtextSMTP` with RFC 6531's `UTF8-non-ascii`). `b[start]` must be `"`.
pub(crate) fn scan_quoted_string(b: &[u8], start: usize) -> Result<usize, Error> {
    if b.get(start) != Some(&b'"') {
        return Err(expected(start, "'\"'"));
    }
    let mut i = start + 1;
    loop {
        i = skip(b, i, class::QTEXT);
        match b.get(i) {
            None => return Err(expected(i, "closing '\"' of the quoted string")),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => {
                if !b.get(i + 1).is_some_and(|c| (32..=126).contains(c)) {
                    return Err(expected(
                        i + 1,
                        "printable ASCII after '\\' in a quoted string",
                    ));
                }
                i += 2;
            }
            Some(_) => return Err(expected(i, "quoted-string character")),
        }
    }
}

/// RFC 5321 §4.1.2 `Dot-string = Atom *("." Atom)`, `Atom = 1*atext`.
#[inline]
pub(crate) fn scan_dot_string(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    loop {
        let s = i;
        i = skip(b, i, class::ATEXT);
        if i == s {
            return Err(expected(i, "atom (atext characters)"));
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
        } else {
            return Ok(i);
        }
    }
}

/// RFC 5321 §4.1.2 `Local-part = Dot-string / Quoted-string`; at most
/// [`MAX_LOCAL_PART`] octets (counted in the wire form, quotes included).
#[inline]
pub(crate) fn scan_local_part(b: &[u8], start: usize) -> Result<usize, Error> {
    let end = if b.get(start) == Some(&b'"') {
        scan_quoted_string(b, start)?
    } else {
        scan_dot_string(b, start)?
    };
    if end - start > MAX_LOCAL_PART {
        return Err(Error::new(
            start + MAX_LOCAL_PART,
            ErrorKind::LocalPartTooLong {
                limit: MAX_LOCAL_PART,
            },
        ));
    }
    Ok(end)
}

/// Where the parts of a mailbox are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MailboxSpan {
    /// First byte of the local part.
    pub(crate) start: usize,
    /// The `@` between local part and host.
    pub(crate) at: usize,
    /// Just past the host.
    pub(crate) end: usize,
    /// What the host is.
    pub(crate) host: HostKind,
}

/// RFC 5321 §4.1.2 `Mailbox = Local-part "@" ( Domain / address-literal )`.
#[inline]
pub(crate) fn scan_mailbox(b: &[u8], start: usize) -> Result<MailboxSpan, Error> {
    let at = scan_local_part(b, start)?;
    if b.get(at) != Some(&b'@') {
        return Err(expected(at, "'@' after the local part"));
    }
    let (end, host) = scan_host(b, at + 1)?;
    Ok(MailboxSpan {
        start,
        at,
        end,
        host,
    })
}

/// Where the parts of a path are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathSpan {
    /// The source route without its trailing `:` (`@a,@b`), if any.
    pub(crate) route: Option<(usize, usize)>,
    /// The mailbox.
    pub(crate) mailbox: MailboxSpan,
    /// Just past the `>`.
    pub(crate) end: usize,
}

/// RFC 5321 §4.1.2 `A-d-l = At-domain *( "," At-domain )`, `At-domain = "@" Domain`.
/// Returns the end of the route (the index of the byte after the last domain).
pub(crate) fn scan_route(b: &[u8], start: usize) -> Result<usize, Error> {
    let mut i = start;
    loop {
        if b.get(i) != Some(&b'@') {
            return Err(expected(i, "'@' of a source-route domain"));
        }
        i = scan_domain(b, i + 1)?;
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            return Ok(i);
        }
    }
}

/// RFC 5321 §4.1.2 `Path = "<" [ A-d-l ":" ] Mailbox ">"`; `b[start]` must be `<`.
/// At most [`MAX_PATH`] octets, brackets included.
pub(crate) fn scan_path(b: &[u8], start: usize) -> Result<PathSpan, Error> {
    if b.get(start) != Some(&b'<') {
        return Err(expected(start, "'<' of a path"));
    }
    let mut i = start + 1;
    let mut route = None;
    if b.get(i) == Some(&b'@') {
        let e = scan_route(b, i)?;
        if b.get(e) != Some(&b':') {
            return Err(expected(e, "':' after the source route"));
        }
        route = Some((i, e));
        i = e + 1;
    }
    let mailbox = scan_mailbox(b, i)?;
    if b.get(mailbox.end) != Some(&b'>') {
        return Err(expected(mailbox.end, "'>' closing the path"));
    }
    let end = mailbox.end + 1;
    if end - start > MAX_PATH {
        return Err(Error::new(
            start + MAX_PATH,
            ErrorKind::PathTooLong { limit: MAX_PATH },
        ));
    }
    Ok(PathSpan {
        route,
        mailbox,
        end,
    })
}

/// The text of a valid Quoted-string (quotes removed, quoted pairs resolved), or a
/// Dot-string/word as it is. Borrowed unless there is a quoted pair.
pub(crate) fn unquote(s: &str) -> Cow<'_, str> {
    if !s.starts_with('"') {
        return Cow::Borrowed(s);
    }
    let inner = s.get(1..s.len().saturating_sub(1)).unwrap_or_default();
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    Cow::Owned(out)
}

/// Runs `scan` over all of `s` and checks that it used every byte.
pub(crate) fn whole(
    s: &str,
    what: &'static str,
    scan: impl FnOnce(&[u8]) -> Result<usize, Error>,
) -> Result<(), Error> {
    let end = scan(s.as_bytes())?;
    if end == s.len() {
        Ok(())
    } else {
        Err(expected(end, what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v6(s: &str) -> Result<Ipv6Addr, Error> {
        let (end, a) = scan_ipv6(s.as_bytes(), 0)?;
        if end == s.len() {
            Ok(a)
        } else {
            Err(expected(end, "end"))
        }
    }

    #[test]
    fn ipv6_forms_of_rfc5321() {
        // Each expected value is the address written out in full by hand.
        assert_eq!(
            v6("2001:db8:0:0:0:0:0:1").unwrap(),
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)
        );
        assert_eq!(
            v6("2001:db8::1").unwrap(),
            Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)
        );
        assert_eq!(v6("::").unwrap(), Ipv6Addr::UNSPECIFIED);
        assert_eq!(v6("::1").unwrap(), Ipv6Addr::LOCALHOST);
        assert_eq!(v6("1::").unwrap(), Ipv6Addr::new(1, 0, 0, 0, 0, 0, 0, 0));
        // 6 groups + "::" (standing for 2) is the most IPv6-comp allows.
        assert_eq!(
            v6("1:2:3::6:7:8").unwrap(),
            Ipv6Addr::new(1, 2, 3, 0, 0, 6, 7, 8)
        );
        assert!(v6("1:2:3:4::6:7:8").is_err(), "'::' for one group");
        assert!(v6("1:2:3:4:5:6:7").is_err(), "7 groups without '::'");
        assert!(v6("1:2:3:4:5:6:7:8:9").is_err());
        assert!(v6("1::2::3").is_err());
        assert!(v6("12345::").is_err());
        assert!(v6(":1::").is_err());
        // IPv6v4-full and IPv6v4-comp.
        assert_eq!(
            v6("0:0:0:0:0:ffff:192.0.2.1").unwrap(),
            Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201)
        );
        assert_eq!(
            v6("::ffff:192.0.2.1").unwrap(),
            Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201)
        );
        assert_eq!(
            v6("::192.0.2.1").unwrap(),
            Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0xc000, 0x0201)
        );
        assert!(
            v6("1:2:3:4:5::192.0.2.1").is_err(),
            "5 groups besides '::' and IPv4"
        );
        assert!(v6("1:2:3:4:5:192.0.2.1").is_err(), "v4-full needs 6 groups");
        assert!(v6("192.0.2.1").is_err());
        assert!(v6("::1.2.3.256").is_err());
    }

    #[test]
    fn literal_kinds() {
        let lit = |s: &str| scan_address_literal(s.as_bytes(), 0);
        assert_eq!(
            lit("[192.0.2.1]").unwrap(),
            (11, Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))))
        );
        assert_eq!(lit("[x-tag:some-content]").unwrap(), (20, None));
        assert_eq!(
            lit("[ipv6:::1]").unwrap(),
            (10, Some(IpAddr::V6(Ipv6Addr::LOCALHOST)))
        );
        assert!(lit("[IPv6:nothex]").is_err());
        assert!(lit("[1.2.3]").is_err());
        assert!(lit("[1.2.3.4").is_err());
        assert!(lit("[tag-:x]").is_err());
        assert!(lit("[tag:]").is_err());
        assert!(lit("[tag:a\\b]").is_err());
        assert!(lit("[0256.1.1.1]").is_err());
    }
}
